//! Node's `formatError` for `util.inspect`: an error prints as its `stack` (the first line
//! naming the error's class, bracketed when there are no frames, frames shared with the
//! `cause` folded, indented to the current level), followed by `[cause]`, `errors` and its
//! other own enumerable properties in braces.

use super::Inspector;
use super::layout;
use crate::{JsResult, Root, Vm};

impl Inspector {
    /// `error.stack` when truthy, else `Error.prototype.toString` of it (`getStackString`),
    /// read without running user code.
    pub(super) fn stack_string(&mut self, vm: &mut Vm, es: usize) -> JsResult<String> {
        let key = vm.root(Root::NameStack);
        let stack = vm.inspect_peek(vm.slot(es), key)?;
        if vm.to_boolean(stack) {
            return vm.inspect_text(stack);
        }
        let key = vm.root(Root::NameName);
        let name = vm.inspect_peek(vm.slot(es), key)?;
        let name = if name == vm.undefined() {
            "Error".to_string()
        } else {
            vm.inspect_text(name)?
        };
        let key = vm.root(Root::NameMessage);
        let message = vm.inspect_peek(vm.slot(es), key)?;
        let message = if message == vm.undefined() {
            String::new()
        } else {
            vm.inspect_text(message)?
        };
        Ok(match (name.is_empty(), message.is_empty()) {
            (true, _) => message,
            (_, true) => name,
            _ => format!("{name}: {message}"),
        })
    }

    /// Node's `formatError`: the stack (its first line naming the error's class, bracketed
    /// when there are no frames, indented to the current level), hiding `name`, `message`
    /// and `stack` keys the stack already shows and adding `cause` and `errors`.
    pub(super) fn format_error(
        &mut self,
        vm: &mut Vm,
        es: usize,
        constructor: Option<&str>,
        tag: &str,
        keys: &mut Vec<usize>,
    ) -> JsResult<String> {
        let key = vm.root(Root::NameName);
        let name = vm.inspect_peek(vm.slot(es), key)?;
        let name = if vm.is_nullish(name) {
            "Error".to_string()
        } else {
            vm.inspect_text(name)?
        };
        let mut stack = self.stack_string(vm, es)?;
        if !self.show_hidden && !keys.is_empty() {
            for root in [Root::NameName, Root::NameMessage, Root::NameStack] {
                if let Some(i) = keys.iter().position(|&k| vm.slot(k) == vm.root(root)) {
                    let key = vm.root(root);
                    let value = vm.inspect_peek(vm.slot(es), key)?;
                    let text = vm.inspect_text(value)?;
                    if stack.contains(&text) {
                        keys.remove(i);
                    }
                }
            }
        }
        let cause = vm.root(Root::NameCause);
        if vm.has_property(vm.slot(es), cause)? && !keys.iter().any(|&k| vm.slot(k) == vm.root(Root::NameCause)) {
            keys.push(vm.push(vm.root(Root::NameCause)));
        }
        let key = vm.root(Root::NameErrors);
        let errors = vm.inspect_peek(vm.slot(es), key)?;
        if vm.is_array(errors) && !keys.iter().any(|&k| vm.slot(k) == vm.root(Root::NameErrors)) {
            keys.push(vm.push(vm.root(Root::NameErrors)));
        }
        stack = layout::improve_stack(stack, constructor, &name, tag);

        let key = vm.root(Root::NameMessage);
        let message = vm.inspect_peek(vm.slot(es), key)?;
        let mut pos = 0;
        if vm.to_boolean(message) {
            let message = vm.inspect_text(message)?;
            if let Some(i) = stack.find(&message)
                && i != 0
            {
                pos = i + message.len();
            }
        }
        match stack[pos..].find("\n    at").map(|i| i + pos) {
            None => stack = format!("[{stack}]"),
            Some(start) => {
                let frames = self.stack_frames(vm, es, &stack[start + 1..])?;
                stack = format!("{}\n{}", &stack[..start], frames.join("\n"));
            }
        }
        if self.indentation_lvl != 0 {
            stack = stack.replace('\n', &format!("\n{}", " ".repeat(self.indentation_lvl)));
        }
        Ok(stack)
    }

    /// Node's `getStackFrames`: the frame lines, with a run shared with the cause's stack
    /// replaced by `... N lines matching cause stack trace ...`.
    fn stack_frames(&mut self, vm: &mut Vm, es: usize, stack: &str) -> JsResult<Vec<String>> {
        let mut frames: Vec<String> = stack.split('\n').map(str::to_string).collect();
        let key = vm.root(Root::NameCause);
        let cause = vm.inspect_peek(vm.slot(es), key)?;
        if vm.is_object(cause) && vm.inspect_is_error(cause) {
            let cs = vm.push(cause);
            let cause_stack = self.stack_string(vm, cs)?;
            if let Some(start) = cause_stack.find("\n    at") {
                let cause_frames: Vec<String> = cause_stack[start + 1..].split('\n').map(str::to_string).collect();
                let (len, offset) = layout::identical_sequence_range(&frames, &cause_frames);
                if len > 0 {
                    let skipped = len - 2;
                    let msg = format!("    ... {skipped} lines matching cause stack trace ...");
                    frames.splice(offset + 1..offset + 1 + skipped, [msg]);
                }
            }
        }
        Ok(frames)
    }
}
