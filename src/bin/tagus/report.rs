//! Reports of uncaught exceptions and of running out of memory, laid out as Node prints
//! them on stderr.
//!
//! - An Error object: the "arrow" (`file:line`, the source line, a caret line under the
//!   throw position), a blank line, then `util.inspect(error)` — its `stack` plus any own
//!   enumerable properties ` {\n  code: 'E1'\n}`.
//! - Any other value: a blank line, the arrow, then the value itself: `inspect(value)` for
//!   an object, `String(value)` for a primitive (`throw 'a string'` prints `a string`).
//! - A syntax error is an Error thrown by compilation: same layout, the carets spanning the
//!   offending token as V8 marks it (none for an unexpected end of input).
//! - Out of memory: V8's `<--- Last few GCs --->` banner and
//!   `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory`,
//!   exit status 134 (Node aborts with SIGABRT, which shells report as 134).

use std::cell::RefCell;
use std::rc::Rc;

use tagus_vm::{Root, ThrowLocation, Vm};

use crate::output::Output;
use crate::trace::GcTracer;

/// Exit status of an uncaught exception.
pub const EXIT_UNCAUGHT: i32 = 1;
/// Exit status of a fatal error (V8 aborts the process: 128 + SIGABRT).
pub const EXIT_FATAL: i32 = 134;

/// What the runner shares with its reports.
pub struct Context {
    /// Stdout.
    pub out: Output,
    /// Recent GC lines (for the out-of-memory report).
    pub tracer: Rc<RefCell<GcTracer>>,
    /// `--print-bytecode`.
    pub print_bytecode: bool,
}

/// Whether the pending exception came from compiling or from running.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `Vm::compile` failed: a syntax error.
    Compile,
    /// The script threw.
    Run,
}

/// Prints the pending exception as Node reports an uncaught one and returns the exit
/// status (1, or 134 when the VM ran out of memory).
pub fn uncaught(vm: &mut Vm, ctx: &Context, phase: Phase) -> i32 {
    if vm.is_out_of_memory() {
        return out_of_memory(ctx);
    }
    let location = vm.throw_location;
    let mark = vm.stack_mark();
    let slot = vm.push(vm.exception());
    vm.clear_exception();
    let arrow = location.and_then(|l| arrow(vm, l, phase));
    let text = if vm.is_error(vm.slot(slot)) {
        // A syntax error's stack has no frames (nothing ran); Node's has its compiler's
        // internal frames, so inspect would bracket ours (`[SyntaxError: ...]`) where
        // Node's is bare: print the stack text.
        let body = if phase == Phase::Compile {
            stack_text(vm, slot)
        } else {
            inspect_or_describe(vm, slot)
        };
        match arrow {
            Some(a) => format!("{a}\n{body}\n"),
            None => format!("{body}\n"),
        }
    } else {
        let body = if vm.is_object(vm.slot(slot)) {
            inspect_or_describe(vm, slot)
        } else {
            primitive_string(vm, slot)
        };
        match arrow {
            Some(a) => format!("\n{a}{body}\n"),
            None => format!("{body}\n"),
        }
    };
    vm.truncate_stack(mark);
    if vm.is_out_of_memory() {
        return out_of_memory(ctx);
    }
    ctx.out.error(&text);
    EXIT_UNCAUGHT
}

/// Prints V8's fatal out-of-memory report and returns its exit status.
pub fn out_of_memory(ctx: &Context) -> i32 {
    let mut text = String::from("\n<--- Last few GCs --->\n\n");
    if let Ok(tracer) = ctx.tracer.try_borrow() {
        for line in tracer.recent() {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str("\n\n<--- JS stacktrace --->\n\n");
    text.push_str("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n");
    ctx.out.error(&text);
    EXIT_FATAL
}

/// `util.inspect` of the value in `slot`; if inspecting throws (a `stack` getter that
/// throws), its `String(...)`-like description instead.
pub fn inspect_or_describe(vm: &mut Vm, slot: usize) -> String {
    match vm.inspect(vm.slot(slot)) {
        Ok(text) => text,
        Err(_) => {
            if vm.is_out_of_memory() {
                return String::new();
            }
            vm.clear_exception();
            vm.to_display_string(vm.slot(slot)).unwrap_or_else(|_| {
                vm.clear_exception();
                "<toString() threw exception>".to_string()
            })
        }
    }
}

/// The `stack` of the error in `slot` (its `toString()` if `stack` is not a string).
pub fn stack_text(vm: &mut Vm, slot: usize) -> String {
    match vm.get_named(vm.slot(slot), Root::NameStack) {
        Ok(stack) if vm.is_string(stack) => vm.string_to_rust(stack),
        Ok(_) => vm.error_to_string(vm.slot(slot)).unwrap_or_else(|_| {
            vm.clear_exception();
            "<toString() threw exception>".to_string()
        }),
        Err(_) => {
            vm.clear_exception();
            "<toString() threw exception>".to_string()
        }
    }
}

/// `String(value)` of the primitive in `slot` (a symbol as its description, `Symbol(x)`).
fn primitive_string(vm: &mut Vm, slot: usize) -> String {
    vm.to_display_string(vm.slot(slot)).unwrap_or_else(|_| {
        vm.clear_exception();
        "<toString() threw exception>".to_string()
    })
}

/// Node's arrow: `file:line`, the source line and the caret line, each ending in a line
/// break.
pub fn arrow(vm: &Vm, location: ThrowLocation, phase: Phase) -> Option<String> {
    let (header, source_line, carets) = source_excerpt(vm, location, phase)?;
    Some(format!("{header}\n{source_line}\n{carets}"))
}

/// The pieces of the arrow: `file:line`, the source line, and the caret line with its line
/// break (empty when V8 would print none: the position lies past the end of the line).
pub fn source_excerpt(vm: &Vm, location: ThrowLocation, phase: Phase) -> Option<(String, String, String)> {
    let script = vm.scripts.get(location.script)?;
    let (line, column) = script.line_column(location.offset);
    let text = script.line_text(line);
    let start = char_index_of_column(text, column);
    let rest: String = text.chars().skip(start).collect();
    let width = match phase {
        Phase::Compile => token_width(&rest),
        Phase::Run => rest.chars().next().map_or(0, |_| 1),
    };
    let carets = caret_line(text, start, width);
    Some((format!("{}:{line}", script.name), text.to_string(), carets))
}

/// The caret line: the line's tabs kept and every other character before `start` a space,
/// then `width` carets, then a line break; empty if `start` is past the end of the line.
pub fn caret_line(text: &str, start: usize, width: usize) -> String {
    let length = text.chars().count();
    if start > length || start + width > length {
        return String::new();
    }
    let mut line: String = text.chars().take(start).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    line.extend(std::iter::repeat_n('^', width));
    line.push('\n');
    line
}

/// The character index of 1-based `column` (counted in UTF-16 units, as V8 counts).
fn char_index_of_column(text: &str, column: u32) -> usize {
    let target = column.saturating_sub(1) as usize;
    let mut units = 0;
    for (i, c) in text.chars().enumerate() {
        if units >= target {
            return i;
        }
        units += c.len_utf16();
    }
    text.chars().count() + target.saturating_sub(units)
}

/// Punctuators longest first, for the width of the token a syntax error points at.
const PUNCTUATORS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.",
    "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**",
];

/// How many characters of the token starting `rest` V8 underlines: a whole identifier,
/// number or punctuator, a string to its closing quote (or the end of the line when it
/// has none), nothing at the end of the line (an unexpected end of input).
pub fn token_width(rest: &str) -> usize {
    let mut chars = rest.chars();
    let Some(first) = chars.next() else { return 0 };
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '\\';
    if first == '"' || first == '\'' || first == '`' {
        let mut escaped = false;
        for (i, c) in rest.chars().enumerate().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == first {
                return i + 1;
            }
        }
        return rest.chars().count();
    }
    if first.is_ascii_digit() || (first == '.' && chars.next().is_some_and(|c| c.is_ascii_digit())) {
        return rest.chars().take_while(|&c| c.is_alphanumeric() || c == '.' || c == '_').count();
    }
    if is_ident(first) || first == '#' {
        return 1 + rest.chars().skip(1).take_while(|&c| is_ident(c)).count();
    }
    PUNCTUATORS.iter().find(|p| rest.starts_with(*p)).map_or(1, |p| p.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_widths() {
        assert_eq!(token_width("foo;"), 3);
        assert_eq!(token_width("\"abc"), 4);
        assert_eq!(token_width("'a\\'b' x"), 6);
        assert_eq!(token_width("=> b"), 2);
        assert_eq!(token_width(";"), 1);
        assert_eq!(token_width("34"), 2);
        assert_eq!(token_width(""), 0);
        assert_eq!(token_width("return 5"), 6);
    }

    #[test]
    fn caret_lines() {
        assert_eq!(caret_line("const broken = (1 + ;", 20, 1), "                    ^\n");
        assert_eq!(caret_line("\tfoo bar", 5, 3), "\t    ^^^\n");
        assert_eq!(caret_line("(1+", 3, 0), "   \n");
        assert_eq!(caret_line("ab", 5, 1), "");
    }

    #[test]
    fn columns_count_utf16_units() {
        assert_eq!(char_index_of_column("a😀b", 4), 2);
        assert_eq!(char_index_of_column("abc", 1), 0);
    }
}
