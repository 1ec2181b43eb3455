//! Code objects: `SharedFunctionInfo` (what every closure of one function literal shares),
//! `BytecodeArray` (its bytecode, constant pool and tables) and `ByteArray` (raw bytes).
//!
//! SharedFunctionInfo (40 bytes, all fields tagged):
//!
//! | offset | field |
//! |---|---|
//! | 0  | map |
//! | 4  | function data: a `BytecodeArray`, or a Smi builtin id |
//! | 8  | name (string) |
//! | 12 | script id (Smi) |
//! | 16 | flags (Smi: bits 0-3 function kind, bit 4 strict, bit 5 native, bits 8-15 expected properties) |
//! | 20 | length (Smi, the `length` property) |
//! | 24 | formal parameter count (Smi) |
//! | 28 | function literal id (Smi, index in the script) |
//! | 32 | start position (Smi, source offset) |
//! | 36 | end position (Smi) |
//!
//! BytecodeArray (header 32 bytes, then the instructions):
//!
//! | offset | field |
//! |---|---|
//! | 0  | map |
//! | 4  | length in bytes (Smi) |
//! | 8  | constant pool (FixedArray) |
//! | 12 | handler table (ByteArray of u32 quadruples) |
//! | 16 | source position table (ByteArray of u32 pairs) |
//! | 20 | frame size in registers (Smi) |
//! | 24 | parameter count (Smi) |
//! | 28 | feedback vector (inline-cache state of every closure of this function) |
//! | 32 | instructions |
//!
//! ByteArray: map, length (Smi), bytes, padded to 4.

use super::align_object_size;

/// SharedFunctionInfo offsets.
pub mod shared {
    /// BytecodeArray or builtin id.
    pub const FUNCTION_DATA_OFFSET: usize = 4;
    /// Name.
    pub const NAME_OFFSET: usize = 8;
    /// Script id.
    pub const SCRIPT_OFFSET: usize = 12;
    /// Flags.
    pub const FLAGS_OFFSET: usize = 16;
    /// `length`.
    pub const LENGTH_OFFSET: usize = 20;
    /// Formal parameter count.
    pub const FORMAL_PARAMETER_COUNT_OFFSET: usize = 24;
    /// Function literal id.
    pub const FUNCTION_LITERAL_ID_OFFSET: usize = 28;
    /// Source start.
    pub const START_POSITION_OFFSET: usize = 32;
    /// Source end.
    pub const END_POSITION_OFFSET: usize = 36;
    /// Size.
    pub const SIZE: usize = 40;
    /// Flags: the function kind's bits.
    pub const KIND_MASK: i32 = 0xF;
    /// Flags: strict mode code.
    pub const STRICT_BIT: i32 = 1 << 4;
    /// Flags: implemented in Rust.
    pub const NATIVE_BIT: i32 = 1 << 5;
    /// Flags: the expected number of properties of constructed objects (bits 8-15).
    pub const EXPECTED_NOF_PROPERTIES_SHIFT: i32 = 8;
    /// Largest expected-properties estimate the flags hold.
    pub const MAX_EXPECTED_NOF_PROPERTIES: i32 = 0xFF;
}

/// BytecodeArray offsets.
pub mod bytecode_array {
    /// Length of the instructions in bytes.
    pub const LENGTH_OFFSET: usize = 4;
    /// Constant pool.
    pub const CONSTANT_POOL_OFFSET: usize = 8;
    /// Handler table.
    pub const HANDLER_TABLE_OFFSET: usize = 12;
    /// Source positions.
    pub const SOURCE_POSITION_TABLE_OFFSET: usize = 16;
    /// Frame size.
    pub const FRAME_SIZE_OFFSET: usize = 20;
    /// Parameter count.
    pub const PARAMETER_COUNT_OFFSET: usize = 24;
    /// The `FeedbackVector` (per function literal, not per closure).
    pub const FEEDBACK_VECTOR_OFFSET: usize = 28;
    /// Instructions start here.
    pub const HEADER_SIZE: usize = 32;

    /// Size of a bytecode array of `length` bytes.
    pub const fn size_for(length: usize) -> usize {
        super::align_object_size(HEADER_SIZE + length)
    }
}

/// ByteArray offsets.
pub mod byte_array {
    /// Length in bytes.
    pub const LENGTH_OFFSET: usize = 4;
    /// Bytes start here.
    pub const HEADER_SIZE: usize = 8;
}

/// Size of a byte array of `length` bytes.
pub const fn byte_array_size_for(length: usize) -> usize {
    align_object_size(byte_array::HEADER_SIZE + length)
}
