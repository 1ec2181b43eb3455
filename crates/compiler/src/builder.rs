//! `BytecodeBuilder`: emits encoded instructions for one function and owns its
//! constant pool, labels, registers, feedback slots, handlers and source positions.
//!
//! Invariants: every emitted instruction matches its opcode's operand table; every
//! forward jump is patched when its label is bound (`finish` fails otherwise);
//! temporaries are allocated and released in stack (LIFO) order; code after an
//! unconditional transfer (`Jump`, `Return`, `Throw`, ...) is dropped until the next
//! label is bound, so the output never contains unreachable straight-line code.

use crate::bytecode::{Opcode, OperandKind, Register};
use crate::script::{Constant, HandlerEntry};
use std::collections::HashMap;

/// A jump target inside the function being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Label(usize);

#[derive(Default)]
struct LabelState {
    bound: Option<u32>,
    fixups: Vec<usize>,
}

/// Builds one function's bytecode.
pub(crate) struct BytecodeBuilder {
    code: Vec<u8>,
    constants: Vec<Constant>,
    string_constants: HashMap<String, u32>,
    number_constants: HashMap<u64, u32>,
    labels: Vec<LabelState>,
    positions: Vec<(u32, u32)>,
    current_position: Option<u32>,
    feedback_slots: u32,
    param_count: u32,
    next_local: u32,
    max_local: u32,
    handlers: Vec<HandlerEntry>,
    reachable: bool,
}

/// Everything the builder produced, ready to become a `FunctionCode`.
pub(crate) struct BuiltCode {
    pub bytecode: Vec<u8>,
    pub constants: Vec<Constant>,
    pub handlers: Vec<HandlerEntry>,
    pub source_positions: Vec<(u32, u32)>,
    pub feedback_slot_count: u32,
    pub register_count: u32,
}

impl BytecodeBuilder {
    pub fn new(param_count: u32) -> Self {
        BytecodeBuilder {
            code: Vec::new(),
            constants: Vec::new(),
            string_constants: HashMap::new(),
            number_constants: HashMap::new(),
            labels: Vec::new(),
            positions: Vec::new(),
            current_position: None,
            feedback_slots: 0,
            param_count,
            next_local: 0,
            max_local: 0,
            handlers: Vec::new(),
            reachable: true,
        }
    }

    /// Current end of the bytecode.
    pub fn offset(&self) -> u32 {
        self.code.len() as u32
    }

    /// Whether the next emitted instruction can be reached.
    pub fn is_reachable(&self) -> bool {
        self.reachable
    }

    /// Set the source position attached to the next throwing instructions.
    pub fn set_position(&mut self, source_offset: u32) {
        self.current_position = Some(source_offset);
    }

    /// Emit one instruction. `operands` must match the opcode's operand table.
    pub fn emit(&mut self, opcode: Opcode, operands: &[u32]) {
        debug_assert_eq!(opcode.operands().len(), operands.len(), "{opcode:?}");
        if !self.reachable {
            return;
        }
        let offset = self.offset();
        if opcode.can_throw()
            && let Some(pos) = self.current_position
            && self.positions.last().map(|p| p.1) != Some(pos)
        {
            self.positions.push((offset, pos));
        }
        self.code.push(opcode as u8);
        for (kind, value) in opcode.operands().iter().zip(operands) {
            match kind.size() {
                1 => self.code.push(*value as u8),
                2 => self.code.extend_from_slice(&(*value as u16).to_le_bytes()),
                _ => self.code.extend_from_slice(&value.to_le_bytes()),
            }
        }
        if matches!(
            opcode,
            Opcode::Jump | Opcode::JumpLoop | Opcode::Return | Opcode::Throw | Opcode::ReThrow
        ) {
            self.reachable = false;
        }
    }

    /// Emit a jump (any opcode with a `Target` operand, which must be last) to `label`.
    /// `other` are the operands before the target.
    pub fn emit_jump(&mut self, opcode: Opcode, label: Label) {
        debug_assert_eq!(opcode.operands(), &[OperandKind::Target]);
        if !self.reachable {
            return;
        }
        let state = &self.labels[label.0];
        match state.bound {
            Some(target) => self.emit(opcode, &[target]),
            None => {
                let patch_at = self.code.len() + 1;
                self.labels[label.0].fixups.push(patch_at);
                self.emit(opcode, &[u32::MAX]);
            }
        }
    }

    /// A fresh, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(LabelState::default());
        Label(self.labels.len() - 1)
    }

    /// Bind `label` to the current offset and patch the forward jumps to it. Code
    /// becomes reachable again only if something jumped here.
    pub fn bind(&mut self, label: Label) {
        let target = self.offset();
        let state = &mut self.labels[label.0];
        debug_assert!(state.bound.is_none());
        state.bound = Some(target);
        let fixups = std::mem::take(&mut state.fixups);
        if !fixups.is_empty() {
            self.reachable = true;
        }
        for at in fixups {
            self.code[at..at + 4].copy_from_slice(&target.to_le_bytes());
        }
    }

    /// Bind a loop header (reached by fall-through and a later `JumpLoop`).
    pub fn bind_loop_header(&mut self, label: Label) {
        self.bind(label);
    }

    /// Bind an exception handler (reached through the handler table).
    pub fn bind_handler(&mut self, label: Label) {
        self.bind(label);
        self.reachable = true;
    }

    /// A new feedback slot index.
    pub fn feedback_slot(&mut self) -> u32 {
        self.feedback_slots += 1;
        self.feedback_slots - 1
    }

    /// Constant pool index of a string (deduplicated).
    pub fn string_constant(&mut self, s: &str) -> u32 {
        if let Some(i) = self.string_constants.get(s) {
            return *i;
        }
        let i = self.add_constant(Constant::String(s.to_string()));
        self.string_constants.insert(s.to_string(), i);
        i
    }

    /// Constant pool index of a number (deduplicated by bit pattern).
    pub fn number_constant(&mut self, n: f64) -> u32 {
        if let Some(i) = self.number_constants.get(&n.to_bits()) {
            return *i;
        }
        let i = self.add_constant(Constant::Number(n));
        self.number_constants.insert(n.to_bits(), i);
        i
    }

    /// Append a constant without deduplication.
    pub fn add_constant(&mut self, c: Constant) -> u32 {
        self.constants.push(c);
        (self.constants.len() - 1) as u32
    }

    /// The register of local `i` (`r<i>`).
    pub fn local(&self, i: u32) -> Register {
        Register((1 + self.param_count).saturating_add(i).min(u32::from(u16::MAX)) as u16)
    }

    /// Allocate one temporary register.
    pub fn alloc(&mut self) -> Register {
        self.alloc_many(1)
    }

    /// Allocate `n` consecutive temporaries; returns the first.
    pub fn alloc_many(&mut self, n: u32) -> Register {
        let first = self.next_local;
        self.next_local += n;
        self.max_local = self.max_local.max(self.next_local);
        self.local(first)
    }

    /// Allocation mark to pass to `release_to`.
    pub fn register_mark(&self) -> u32 {
        self.next_local
    }

    /// Free every temporary allocated since `mark`.
    pub fn release_to(&mut self, mark: u32) {
        debug_assert!(mark <= self.next_local);
        self.next_local = mark;
    }

    /// Add a handler table entry (call when the protected range ends, so inner ranges
    /// come first).
    pub fn add_handler(&mut self, start: u32, end: u32, handler: Label, context: Register) {
        let handler = self.labels[handler.0].bound.unwrap_or(u32::MAX);
        if start < end {
            self.handlers.push(HandlerEntry {
                start,
                end,
                handler,
                context_register: context.0,
            });
        }
    }

    /// Whether the register file overflowed the u16 operand range.
    pub fn registers_overflowed(&self) -> bool {
        1 + self.param_count + self.max_local > u32::from(u16::MAX)
    }

    /// Finish: every label with pending jumps must be bound.
    pub fn finish(self) -> BuiltCode {
        debug_assert!(self.labels.iter().all(|l| l.fixups.is_empty()));
        BuiltCode {
            bytecode: self.code,
            constants: self.constants,
            handlers: self.handlers,
            source_positions: self.positions,
            feedback_slot_count: self.feedback_slots,
            register_count: self.max_local,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decoder::Instructions;

    #[test]
    fn forward_jumps_are_patched_and_dead_code_dropped() {
        let mut b = BytecodeBuilder::new(0);
        let l = b.new_label();
        b.emit_jump(Opcode::Jump, l);
        b.emit(Opcode::LdaZero, &[]); // unreachable: dropped
        b.bind(l);
        b.emit(Opcode::Return, &[]);
        let built = b.finish();
        let insns: Vec<_> = Instructions::new(&built.bytecode).map(|i| i.unwrap()).collect();
        assert_eq!(insns.len(), 2);
        assert_eq!(insns[0].jump_target(), Some(5));
    }

    #[test]
    fn constants_are_deduplicated() {
        let mut b = BytecodeBuilder::new(0);
        assert_eq!(b.string_constant("a"), b.string_constant("a"));
        assert_eq!(b.number_constant(1.5), b.number_constant(1.5));
        assert_ne!(b.number_constant(0.0), b.number_constant(-0.0));
    }

    #[test]
    fn temporaries_are_lifo() {
        let mut b = BytecodeBuilder::new(1);
        let m = b.register_mark();
        let r0 = b.alloc();
        let r1 = b.alloc();
        assert_eq!((r0, r1), (Register(2), Register(3)));
        b.release_to(m);
        assert_eq!(b.alloc(), Register(2));
        assert_eq!(b.finish().register_count, 2);
    }
}
