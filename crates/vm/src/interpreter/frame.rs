//! Interpreter frames on the JS stack.
//!
//! A frame starting at slot `fp`:
//!
//! | slot | holds |
//! |---|---|
//! | fp + 0 | the function |
//! | fp + 1 | the current context |
//! | fp + 2 | new.target (undefined for a call) |
//! | fp + 3 | caller's fp (Smi; -1 at the bottom) |
//! | fp + 4 | bytecode offset of the instruction executing (Smi) |
//! | fp + 5 | actual argument count (Smi) |
//! | fp + 6 | the BytecodeArray |
//! | fp + 7 | accumulator spill |
//! | fp + 8 | flags (Smi): bit 0 = entry frame (return to Rust) |
//! | fp + 9 .. | registers: `<this>`, parameters, locals |
//! | then | arguments beyond the parameter count (for `arguments` and rest) |
//!
//! Invariant: every header slot holds a valid tagged value (Smis or heap pointers), so the
//! collector can treat the whole stack as roots without knowing the layout.

/// The function.
pub const FUNCTION: usize = 0;
/// The current context.
pub const CONTEXT: usize = 1;
/// new.target.
pub const NEW_TARGET: usize = 2;
/// Caller's frame pointer.
pub const CALLER_FP: usize = 3;
/// Current bytecode offset.
pub const PC: usize = 4;
/// Actual argument count.
pub const ARGC: usize = 5;
/// The BytecodeArray.
pub const BYTECODE: usize = 6;
/// Accumulator spill slot.
pub const ACC: usize = 7;
/// Flags.
pub const FLAGS: usize = 8;
/// Header size; register 0 is at `fp + HEADER`.
pub const HEADER: usize = 9;
/// Flags bit: the frame was entered from Rust, returning ends the interpreter loop.
pub const FLAG_ENTRY: i32 = 1;
/// Flags bits 8 and up: for a frame the fast loop pushed at a call instruction, that
/// instruction's size. Its caller's frame then ends where this one starts and resumes at
/// its `PC` plus this size, so a return needs neither the caller's frame size nor the
/// instruction-size table. Zero for frames pushed elsewhere.
pub const RETURN_OFFSET_SHIFT: i32 = 8;
