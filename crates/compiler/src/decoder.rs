//! The one bytecode decoder, shared by the interpreter, the disassembler and tests.
//!
//! Invariant: decoding follows `Opcode::operands()` exactly, so any byte stream the
//! builder produced decodes back into the same instructions; malformed input yields
//! `Err(DecodeError)` instead of panicking.

use crate::bytecode::{Opcode, OperandKind, Register};
use std::fmt;

/// Maximum number of operands of any opcode.
pub const MAX_OPERANDS: usize = 4;

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Byte offset of the opcode within the bytecode array.
    pub offset: u32,
    /// The operation.
    pub opcode: Opcode,
    /// Raw operand values in encoding order (`Imm` operands hold the i32 bit pattern).
    pub operands: [u32; MAX_OPERANDS],
}

impl Instruction {
    /// Number of operands.
    pub fn operand_count(&self) -> usize {
        self.opcode.operands().len()
    }

    /// Operand `i` as an unsigned value.
    pub fn operand(&self, i: usize) -> u32 {
        self.operands[i]
    }

    /// Operand `i` as a register.
    pub fn reg(&self, i: usize) -> Register {
        Register(self.operands[i] as u16)
    }

    /// Operand `i` as a signed immediate.
    pub fn imm(&self, i: usize) -> i32 {
        self.operands[i] as i32
    }

    /// Byte offset of the next instruction.
    pub fn next_offset(&self) -> u32 {
        self.offset + self.opcode.instruction_size() as u32
    }

    /// The jump target, if this is a jump.
    pub fn jump_target(&self) -> Option<u32> {
        self.opcode
            .operands()
            .iter()
            .position(|k| *k == OperandKind::Target)
            .map(|i| self.operands[i])
    }
}

/// Malformed bytecode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Offset where decoding failed.
    pub offset: u32,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad bytecode at {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decode the instruction at `offset`.
pub fn decode_at(bytecode: &[u8], offset: u32) -> Result<Instruction, DecodeError> {
    let start = offset as usize;
    let byte = *bytecode.get(start).ok_or_else(|| DecodeError {
        offset,
        message: "offset out of range".into(),
    })?;
    let opcode = Opcode::from_byte(byte).ok_or_else(|| DecodeError {
        offset,
        message: format!("unknown opcode byte {byte:#04x}"),
    })?;
    let mut operands = [0u32; MAX_OPERANDS];
    let mut pos = start + 1;
    for (i, kind) in opcode.operands().iter().enumerate() {
        let size = kind.size();
        let bytes = bytecode.get(pos..pos + size).ok_or_else(|| DecodeError {
            offset,
            message: format!("truncated {} instruction", opcode.name()),
        })?;
        operands[i] = match size {
            1 => u32::from(bytes[0]),
            2 => u32::from(u16::from_le_bytes([bytes[0], bytes[1]])),
            _ => u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
        };
        pos += size;
    }
    Ok(Instruction { offset, opcode, operands })
}

/// Iterator over the instructions of a bytecode array, in order.
pub struct Instructions<'a> {
    bytecode: &'a [u8],
    offset: u32,
    failed: bool,
}

impl<'a> Instructions<'a> {
    /// Start decoding at offset 0.
    pub fn new(bytecode: &'a [u8]) -> Self {
        Instructions {
            bytecode,
            offset: 0,
            failed: false,
        }
    }
}

impl Iterator for Instructions<'_> {
    type Item = Result<Instruction, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.offset as usize >= self.bytecode.len() {
            return None;
        }
        match decode_at(self.bytecode, self.offset) {
            Ok(insn) => {
                self.offset = insn.next_offset();
                Some(Ok(insn))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_operands_little_endian() {
        let code = [Opcode::LdaSmi as u8, 0xfe, 0xff, 0xff, 0xff, Opcode::Return as u8];
        let insns: Vec<_> = Instructions::new(&code).collect::<Result<_, _>>().unwrap();
        assert_eq!(insns.len(), 2);
        assert_eq!(insns[0].imm(0), -2);
        assert_eq!(insns[1].offset, 5);
    }

    #[test]
    fn truncated_is_an_error() {
        let code = [Opcode::Ldar as u8, 0x01];
        let r: Vec<_> = Instructions::new(&code).collect();
        assert!(r[0].is_err());
        assert!(decode_at(&[0xff], 0).is_err());
    }
}
