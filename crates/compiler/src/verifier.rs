//! Structural bytecode verifier: checks that compiled code is safe to interpret
//! without bounds checks in the dispatch loop.
//!
//! Invariant: a function that passes `verify_function` decodes completely, every
//! jump and handler offset is an instruction boundary, only `JumpLoop` jumps
//! backwards, every register/constant/slot operand is in range, and execution cannot
//! run off the end of the bytecode.

use crate::bytecode::{Opcode, OperandKind};
use crate::decoder::Instructions;
use crate::script::{CompiledScript, Constant, FunctionCode};
use std::collections::HashSet;

/// Verify every function of a script.
pub fn verify_script(script: &CompiledScript) -> Result<(), String> {
    for (i, f) in script.functions.iter().enumerate() {
        verify_function(f, script.functions.len()).map_err(|e| format!("function #{i} ({}): {e}", f.name))?;
    }
    Ok(())
}

/// Verify one function; `function_count` bounds `Constant::Function` indices.
pub fn verify_function(f: &FunctionCode, function_count: usize) -> Result<(), String> {
    let frame = f.frame_size();
    let mut starts = HashSet::new();
    let mut insns = Vec::new();
    for insn in Instructions::new(&f.bytecode) {
        let insn = insn.map_err(|e| e.to_string())?;
        starts.insert(insn.offset);
        insns.push(insn);
    }
    let last = insns.last().ok_or("empty bytecode")?;
    if !matches!(
        last.opcode,
        Opcode::Return | Opcode::Throw | Opcode::ReThrow | Opcode::Jump | Opcode::JumpLoop
    ) {
        return Err(format!("falls off the end after {}", last.opcode));
    }
    for insn in &insns {
        let kinds = insn.opcode.operands();
        for (i, kind) in kinds.iter().enumerate() {
            let v = insn.operands[i];
            let at = insn.offset;
            match kind {
                OperandKind::Reg => {
                    let count = if kinds.get(i + 1) == Some(&OperandKind::Count) {
                        insn.operands[i + 1].max(1)
                    } else {
                        1
                    };
                    if v + count > frame {
                        return Err(format!("@{at}: register {v}+{count} outside frame {frame}"));
                    }
                }
                OperandKind::Const if v as usize >= f.constants.len() => {
                    return Err(format!("@{at}: constant {v} out of range"));
                }
                OperandKind::Slot if v >= f.feedback_slot_count => {
                    return Err(format!("@{at}: feedback slot {v} out of range"));
                }
                OperandKind::Target => {
                    if !starts.contains(&v) {
                        return Err(format!("@{at}: jump target {v} is not an instruction"));
                    }
                    let backward = v <= at;
                    if backward != (insn.opcode == Opcode::JumpLoop) {
                        return Err(format!("@{at}: {} jumps the wrong way", insn.opcode));
                    }
                }
                _ => {}
            }
        }
    }
    for h in &f.handlers {
        let end_ok = starts.contains(&h.end) || h.end as usize == f.bytecode.len();
        if !starts.contains(&h.start) || !end_ok || !starts.contains(&h.handler) {
            return Err(format!("bad handler {h:?}"));
        }
        if u32::from(h.context_register) >= frame {
            return Err(format!("handler context register out of frame: {h:?}"));
        }
    }
    for c in &f.constants {
        if let Constant::Function(i) = c
            && *i as usize >= function_count
        {
            return Err(format!("function constant {i} out of range"));
        }
    }
    Ok(())
}
