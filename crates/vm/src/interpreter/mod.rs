//! The bytecode interpreter: one dispatch loop over the compiler's Ignition-style bytecode,
//! with frames on the JS stack (`frame.rs`).
//!
//! Calls between bytecode functions do not recurse on the Rust stack: `Call*`/`Construct*`
//! push a frame and continue the loop, `Return` pops it. Native code re-enters through
//! `Vm::invoke`, which runs a nested loop for an *entry* frame. Exceptions unwind frame by
//! frame through the handler tables; an entry frame without a handler returns `Err(Throw)`
//! to its Rust caller.
//!
//! Invariant (GC safety): the loop keeps only `fp`, `pc` and the accumulator in Rust locals.
//! The bytecode array is re-read from the frame each instruction (a GC may move it), and the
//! accumulator is spilled to its frame slot around every operation that both allocates and
//! needs it afterwards.

mod elements_in_place;
mod fast;
pub mod frame;
mod operations;

use std::sync::OnceLock;

use tagus_compiler::{FunctionKind, Opcode};
use tagus_heap::Tagged;
use tagus_heap::objects::HeapObject;
use tagus_heap::objects::code::{byte_array, bytecode_array};
use tagus_heap::objects::js_object::function;

use crate::object::{fixed_get, fixed_len};
use crate::{JsResult, Root, Throw, Vm};
use frame::*;

const CODE_START: usize = bytecode_array::HEADER_SIZE;

fn instruction_sizes() -> &'static [u8; 256] {
    static SIZES: OnceLock<[u8; 256]> = OnceLock::new();
    SIZES.get_or_init(|| {
        let mut sizes = [1u8; 256];
        for op in Opcode::ALL {
            sizes[*op as u8 as usize] = op.instruction_size() as u8;
        }
        sizes
    })
}

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// What an instruction's handler asks the loop to do next.
pub(crate) enum Next {
    /// Fall through to the next instruction.
    Continue,
    /// Jump to an absolute bytecode offset.
    Jump(usize),
    /// A new frame was pushed at this fp: start executing it.
    EnterFrame(usize),
    /// Return the accumulator from the current frame.
    Return,
    /// A call completed without a new frame: this is the accumulator, continue.
    Result(Tagged),
}

/// Where the arguments of a frame being pushed are: on the JS stack below it (`at`, count),
/// or in a Rust slice (`Vm::call`; nothing allocates before they are copied into the frame).
#[derive(Clone, Copy)]
pub(crate) enum CallArgs<'a> {
    OnStack(usize, usize),
    Slice(&'a [Tagged]),
}

impl CallArgs<'_> {
    #[inline(always)]
    pub(crate) fn count(self) -> usize {
        match self {
            CallArgs::OnStack(_, argc) => argc,
            CallArgs::Slice(values) => values.len(),
        }
    }
}

/// The length of a frame running `code` with `argc` arguments: header, receiver, parameters,
/// registers and the arguments beyond the parameters.
#[inline(always)]
pub(super) fn frame_length(code: HeapObject, argc: usize) -> usize {
    let frame_size = code.read_tagged(bytecode_array::FRAME_SIZE_OFFSET).smi_value() as usize;
    let params = code.read_tagged(bytecode_array::PARAMETER_COUNT_OFFSET).smi_value() as usize;
    HEADER + frame_size + argc.saturating_sub(params)
}

impl Vm {
    /// Pushes a frame for the bytecode function `callee` with `receiver` and the arguments
    /// in stack slots `args_at..args_at + argc` (all read before anything allocates), and
    /// returns its fp. For `[[Construct]]` (new.target not undefined) of a base constructor
    /// the receiver is allocated here from new.target. Throws RangeError when the JS stack
    /// is exhausted, TypeError for a class constructor called without `new`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_js_frame(
        &mut self,
        callee: Tagged,
        receiver: Tagged,
        args_at: usize,
        argc: usize,
        new_target: Tagged,
        entry: bool,
    ) -> JsResult<usize> {
        let caller = if self.top_fp == usize::MAX { -1 } else { self.top_fp as i32 };
        let flags = if entry { FLAG_ENTRY } else { 0 };
        if new_target == self.undefined()
            && let Some(fp) = self.push_call_frame_fast(caller, flags, callee, receiver, CallArgs::OnStack(args_at, argc))
        {
            return Ok(fp);
        }
        let bytecode = self.function_bytecode(callee).expect("bytecode function");
        let code = obj(bytecode);
        let fp = self.stack_mark();
        if fp + frame_length(code, argc) > self.stack_limit {
            return Err(self.throw_range_error("Maximum call stack size exceeded"));
        }
        // Calls and loop back edges are where termination requests are seen.
        if self.interrupt_requested() {
            return Err(self.throw_termination());
        }
        let undefined = self.undefined();
        let is_construct = new_target != undefined;
        let kind = self.function_kind(callee);
        if !is_construct && matches!(kind, Some(FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor)) {
            let name = self.function_name(callee);
            let name = self.string_to_rust(name);
            return Err(self.throw_type_error(&format!("Class constructor {name} cannot be invoked without 'new'")));
        }
        self.write_frame(callee, code, new_target, caller, flags, receiver, CallArgs::OnStack(args_at, argc));
        if is_construct {
            if kind != Some(FunctionKind::DerivedConstructor) {
                let this = self.ordinary_create_from_constructor(fp + NEW_TARGET)?;
                self.set_slot(fp + HEADER, this);
            } else {
                let hole = self.hole();
                self.set_slot(fp + HEADER, hole);
            }
        } else if !self.is_object(receiver)
            && matches!(
                kind,
                Some(FunctionKind::Normal | FunctionKind::Method | FunctionKind::Getter | FunctionKind::Setter)
            )
            && !self.function_is_strict(callee)
        {
            // Sloppy functions see undefined/null `this` as the global object, primitives boxed.
            let this = if self.is_nullish(receiver) {
                self.root(Root::GlobalObject)
            } else {
                self.to_object(receiver)?
            };
            self.set_slot(fp + HEADER, this);
        }
        Ok(fp)
    }

    /// Pushes the header, receiver, parameters (missing ones undefined), registers and
    /// extra arguments of a frame for `callee` running `code`, and makes it the top frame.
    /// The caller has checked the stack limit; nothing here allocates on the heap.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn write_frame(
        &mut self,
        callee: Tagged,
        code: HeapObject,
        new_target: Tagged,
        caller: i32,
        flags: i32,
        receiver: Tagged,
        args: CallArgs<'_>,
    ) -> usize {
        let frame_size = code.read_tagged(bytecode_array::FRAME_SIZE_OFFSET).smi_value() as usize;
        let params = code.read_tagged(bytecode_array::PARAMETER_COUNT_OFFSET).smi_value() as usize;
        let undefined = self.undefined();
        let context = obj(callee).read_tagged(function::CONTEXT_OFFSET);
        let argc = args.count();
        let extra = argc.saturating_sub(params);
        let stack = &mut self.heap.js_stack;
        let fp = stack.len();
        // One resize fills the registers; the header, receiver and arguments overwrite the
        // start. Arguments on the stack always lie below the new frame.
        stack.resize(fp + HEADER + frame_size + extra, undefined);
        let (below, frame) = stack.split_at_mut(fp);
        let args = match args {
            CallArgs::OnStack(at, argc) => &below[at..at + argc],
            CallArgs::Slice(values) => values,
        };
        frame[..=HEADER].copy_from_slice(&[
            callee,
            context,
            new_target,
            Tagged::smi(caller),
            Tagged::smi(0),
            Tagged::smi(argc as i32),
            code.tagged(),
            undefined,
            Tagged::smi(flags),
            receiver,
        ]);
        // Element by element: calls pass few arguments, and a copy of a run-time length
        // would call memmove.
        for i in 0..argc.min(params) {
            frame[HEADER + 1 + i] = args[i];
        }
        for i in 0..extra {
            frame[HEADER + frame_size + i] = args[params + i];
        }
        self.top_fp = fp;
        fp
    }

    /// The end of the frame at `fp` (registers and extra arguments included).
    #[inline]
    fn frame_end(&self, fp: usize) -> usize {
        fp + frame_length(obj(self.slot(fp + BYTECODE)), self.slot(fp + ARGC).smi_value() as usize)
    }

    /// Runs the entry frame at `fp` (and every frame it calls) to completion.
    pub(crate) fn run(&mut self, entry_fp: usize) -> JsResult<Tagged> {
        let sizes = instruction_sizes();
        let mut fp = entry_fp;
        let mut pc: usize = 0;
        let mut acc = self.undefined();
        loop {
            if self.run_fast(&mut fp, &mut pc, &mut acc) {
                return Ok(acc);
            }
            let code = obj(self.heap.js_stack[fp + BYTECODE]);
            let op = code.read_u8(CODE_START + pc);
            // An unconditional store is cheaper than a branch that mispredicts between
            // instructions that can throw and those that cannot.
            self.heap.js_stack[fp + PC] = Tagged::smi(pc as i32);
            let result = self.execute(op, code, fp, pc, &mut acc);
            match result {
                Ok(Next::Continue) => pc += sizes[op as usize] as usize,
                Ok(Next::Result(value)) => {
                    acc = value;
                    pc += sizes[op as usize] as usize;
                }
                Ok(Next::Jump(target)) => pc = target,
                Ok(Next::EnterFrame(new_fp)) => {
                    fp = new_fp;
                    pc = 0;
                }
                Ok(Next::Return) => {
                    let result = match self.complete_return(fp, acc) {
                        Ok(r) => r,
                        Err(Throw) => match self.unwind(&mut fp, &mut pc, &mut acc, entry_fp) {
                            Some(()) => continue,
                            None => return Err(Throw),
                        },
                    };
                    let caller = self.slot(fp + CALLER_FP).smi_value();
                    let is_entry = self.slot(fp + FLAGS).smi_value() & FLAG_ENTRY != 0;
                    self.truncate_stack(fp);
                    self.top_fp = if caller < 0 { usize::MAX } else { caller as usize };
                    if is_entry {
                        return Ok(result);
                    }
                    fp = caller as usize;
                    let call_pc = self.slot(fp + PC).smi_value() as usize;
                    let code = obj(self.heap.js_stack[fp + BYTECODE]);
                    pc = call_pc + sizes[code.read_u8(CODE_START + call_pc) as usize] as usize;
                    acc = result;
                    let end = self.frame_end(fp);
                    self.truncate_stack(end);
                }
                Err(Throw) => {
                    self.set_slot(fp + PC, Tagged::smi(pc as i32));
                    if self.unwind(&mut fp, &mut pc, &mut acc, entry_fp).is_none() {
                        return Err(Throw);
                    }
                }
            }
        }
    }

    /// The value a `Return` from frame `fp` produces, applying `[[Construct]]` rules.
    fn complete_return(&mut self, fp: usize, acc: Tagged) -> JsResult<Tagged> {
        if self.slot(fp + NEW_TARGET) == self.undefined() || self.is_object(acc) {
            return Ok(acc);
        }
        let function = self.slot(fp + FUNCTION);
        if self.function_kind(function) == Some(FunctionKind::DerivedConstructor) {
            if acc != self.undefined() {
                return Err(self.throw_type_error("Derived constructors may only return object or undefined"));
            }
            let this = self.slot(fp + HEADER);
            if this == self.hole() {
                return Err(self.throw_reference_error(
                    "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                ));
            }
            return Ok(this);
        }
        Ok(self.slot(fp + HEADER))
    }

    /// Finds a handler for the pending exception, from frame `*fp` outwards (never past
    /// `entry_fp`). On success the loop state points at the handler; `None` means the
    /// exception leaves the entry frame (which has been popped).
    fn unwind(&mut self, fp: &mut usize, pc: &mut usize, acc: &mut Tagged, entry_fp: usize) -> Option<()> {
        loop {
            let throw_pc = self.slot(*fp + PC).smi_value() as u32;
            if self.exception_is_catchable()
                && let Some((handler, context_register)) = self.find_handler(*fp, throw_pc)
            {
                let context = self.slot(*fp + HEADER + context_register);
                self.set_slot(*fp + CONTEXT, context);
                *acc = self.exception();
                self.throw_location = None;
                *pc = handler;
                let end = self.frame_end(*fp);
                self.truncate_stack(end);
                self.top_fp = *fp;
                return Some(());
            }
            let caller = self.slot(*fp + CALLER_FP).smi_value();
            let is_entry = self.slot(*fp + FLAGS).smi_value() & FLAG_ENTRY != 0;
            self.truncate_stack(*fp);
            self.top_fp = if caller < 0 { usize::MAX } else { caller as usize };
            if is_entry || *fp == entry_fp {
                return None;
            }
            *fp = caller as usize;
        }
    }

    /// The handler covering `pc` in frame `fp`: (handler offset, context register).
    fn find_handler(&self, fp: usize, pc: u32) -> Option<(usize, usize)> {
        let code = obj(self.slot(fp + BYTECODE));
        let table = code.read_tagged(bytecode_array::HANDLER_TABLE_OFFSET);
        if fixed_len_or_bytes(table) == 0 {
            return None;
        }
        let t = obj(table);
        let entries = t.read_tagged(byte_array::LENGTH_OFFSET).smi_value() as usize / 16;
        for i in 0..entries {
            let at = byte_array::HEADER_SIZE + i * 16;
            let (start, end) = (t.read_u32(at), t.read_u32(at + 4));
            if start <= pc && pc < end {
                return Some((t.read_u32(at + 8) as usize, t.read_u32(at + 12) as usize));
            }
        }
        None
    }

    /// Walks `depth` contexts out from the frame's current context.
    #[inline]
    pub(crate) fn context_at(&self, fp: usize, depth: usize) -> Tagged {
        let mut c = self.slot(fp + CONTEXT);
        for _ in 0..depth {
            c = fixed_get(c, tagus_heap::objects::js_object::context::PREVIOUS_INDEX);
        }
        c
    }

    /// The actual arguments of frame `fp` copied to the stack top: returns (first slot, count).
    pub(crate) fn frame_arguments(&mut self, fp: usize) -> (usize, usize) {
        let argc = self.slot(fp + ARGC).smi_value() as usize;
        let code = obj(self.slot(fp + BYTECODE));
        let params = code.read_tagged(bytecode_array::PARAMETER_COUNT_OFFSET).smi_value() as usize;
        let frame_size = code.read_tagged(bytecode_array::FRAME_SIZE_OFFSET).smi_value() as usize;
        let first = self.stack_mark();
        for i in 0..argc {
            let v = if i < params {
                self.slot(fp + HEADER + 1 + i)
            } else {
                self.slot(fp + HEADER + frame_size + (i - params))
            };
            self.push(v);
        }
        (first, argc)
    }
}

fn fixed_len_or_bytes(table: Tagged) -> usize {
    // Both FixedArray and ByteArray keep their length (a Smi) at offset 4.
    let _ = fixed_len;
    obj(table).read_tagged(4).smi_value() as usize
}
