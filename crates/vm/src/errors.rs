//! Throwing: the pending exception, Error objects with their `stack` text, and the
//! location of an uncaught throw (for the `file:line` / source line / caret report).
//!
//! Invariant: `Err(Throw)` is returned only after the exception value is stored in the
//! `Exception` root (or the out-of-memory flag is set).

use tagus_heap::Tagged;

use crate::dictionary::DONT_ENUM;
use crate::interpreter::frame;
use crate::{JsResult, Root, Throw, ThrowLocation, Vm};

/// Frames shown in an Error's `stack` (V8's `Error.stackTraceLimit` default).
const STACK_TRACE_LIMIT: usize = 10;

impl Vm {
    /// Makes `value` the pending exception, recording where JavaScript threw it.
    pub fn throw_value(&mut self, value: Tagged) -> Throw {
        self.set_root(Root::Exception, value);
        self.throw_location = self.current_location();
        Throw
    }

    /// The pending exception's value.
    pub fn exception(&self) -> Tagged {
        self.root(Root::Exception)
    }

    /// Clears the pending exception (after a handler or the embedder took it).
    pub fn clear_exception(&mut self) {
        let undefined = self.undefined();
        self.set_root(Root::Exception, undefined);
        self.throw_location = None;
    }

    /// Throws a new error made by the constructor in `ctor` with `message`.
    pub fn throw_error(&mut self, ctor: Root, message: &str) -> Throw {
        match self.new_error(ctor, message) {
            Ok(e) => self.throw_value(e),
            Err(t) => t,
        }
    }

    /// Throws a `TypeError`.
    pub fn throw_type_error(&mut self, message: &str) -> Throw {
        self.throw_error(Root::TypeErrorConstructor, message)
    }

    /// Throws a `RangeError`.
    pub fn throw_range_error(&mut self, message: &str) -> Throw {
        self.throw_error(Root::RangeErrorConstructor, message)
    }

    /// Throws a `ReferenceError`.
    pub fn throw_reference_error(&mut self, message: &str) -> Throw {
        self.throw_error(Root::ReferenceErrorConstructor, message)
    }

    /// Throws a `SyntaxError`.
    pub fn throw_syntax_error(&mut self, message: &str) -> Throw {
        self.throw_error(Root::SyntaxErrorConstructor, message)
    }

    /// A new error object of the kind `ctor` names, with `message` and a `stack`.
    pub fn new_error(&mut self, ctor: Root, message: &str) -> JsResult<Tagged> {
        let c = self.root(ctor);
        let slot = self.push(c);
        let e = self.new_error_from_constructor(slot);
        self.truncate_stack(slot);
        let e = e?;
        let base = self.push(e);
        let m = self.new_string(message)?;
        let key = self.root(Root::NameMessage);
        self.define_own_data(self.slot(base), key, m, DONT_ENUM)?;
        self.capture_stack(base)?;
        let e = self.slot(base);
        self.truncate_stack(base);
        Ok(e)
    }

    /// An error object whose prototype is `constructor.prototype` (constructor in `slot`).
    pub fn new_error_from_constructor(&mut self, slot: usize) -> JsResult<Tagged> {
        let map = self.initial_map(slot, tagus_heap::objects::InstanceType::JsError)?;
        let m = self.push(map);
        let e = self.allocate_js_object_with_map(m);
        self.truncate_stack(m);
        e
    }

    /// Sets `stack` on the error in `slot`: `Name: message` and the current JS frames.
    pub fn capture_stack(&mut self, slot: usize) -> JsResult<()> {
        let e = self.slot(slot);
        let header = self.error_to_string(e)?;
        let mut text = header;
        for line in self.stack_trace_lines(STACK_TRACE_LIMIT) {
            text.push_str("\n    at ");
            text.push_str(&line);
        }
        let s = self.new_string(&text)?;
        let key = self.root(Root::NameStack);
        self.define_own_data(self.slot(slot), key, s, DONT_ENUM)
    }

    /// `Error.prototype.toString` applied to `e` (name and message read without getters
    /// being special-cased: they are ordinary gets).
    pub fn error_to_string(&mut self, e: Tagged) -> JsResult<String> {
        let slot = self.push(e);
        let name = self.get_named(e, Root::NameName)?;
        let name = if name == self.undefined() {
            "Error".to_string()
        } else {
            self.to_rust_string(name)?
        };
        let message = self.get_named(self.slot(slot), Root::NameMessage)?;
        let message = if message == self.undefined() {
            String::new()
        } else {
            self.to_rust_string(message)?
        };
        self.truncate_stack(slot);
        Ok(match (name.is_empty(), message.is_empty()) {
            (true, _) => message,
            (_, true) => name,
            _ => format!("{name}: {message}"),
        })
    }

    /// `name (file:line:column)` for each JS frame, innermost first.
    pub fn stack_trace_lines(&mut self, limit: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let mut fp = self.top_fp;
        while fp != usize::MAX && lines.len() < limit {
            let function = self.slot(fp + frame::FUNCTION);
            let pc = self.slot(fp + frame::PC).smi_value() as u32;
            let location = self.function_source_location(function, pc);
            let name = {
                let n = self.function_name(function);
                self.string_to_rust(n)
            };
            let is_top_level = self.function_kind(function) == Some(tagus_compiler::FunctionKind::Script);
            lines.push(match (location, is_top_level || name.is_empty()) {
                (Some((file, line, column)), true) => format!("{file}:{line}:{column}"),
                (Some((file, line, column)), false) => format!("{name} ({file}:{line}:{column})"),
                (None, _) => format!("{name} (<anonymous>)"),
            });
            let caller = self.slot(fp + frame::CALLER_FP).smi_value();
            fp = if caller < 0 { usize::MAX } else { caller as usize };
        }
        lines
    }

    /// Where the innermost JS frame is executing.
    pub fn current_location(&self) -> Option<ThrowLocation> {
        if self.top_fp == usize::MAX {
            return None;
        }
        let function = self.slot(self.top_fp + frame::FUNCTION);
        let pc = self.slot(self.top_fp + frame::PC).smi_value() as u32;
        let (script, offset) = self.function_source_offset(function, pc)?;
        Some(ThrowLocation { script, offset })
    }

    /// (file, line, column) of bytecode offset `pc` in `function`.
    pub fn function_source_location(&self, function: Tagged, pc: u32) -> Option<(String, u32, u32)> {
        let (script, offset) = self.function_source_offset(function, pc)?;
        let record = self.scripts.get(script)?;
        let (line, column) = record.line_column(offset);
        Some((record.name.clone(), line, column))
    }
}
