//! The REPL, after Node's: prompt `> `, `... ` while the input so far ends too early to
//! compile (an open bracket, a dangling operator, an unterminated template or comment),
//! each result printed with `util.inspect` (`undefined` too), uncaught exceptions printed as
//! `Uncaught <value>` (an Error's stack cut before the REPL's own top-level frame) and the
//! session going on; `.exit`, Ctrl-D or Ctrl-C twice to quit. Input `{ ... }` without a
//! trailing `;` is tried as an object literal first, as Node does. Each input is a script
//! named `REPL<n>` sharing the one global scope.
//!
//! Line editing and history come from rustyline when stdin is a terminal; otherwise (`-i`
//! with piped input) lines are read plainly and the prompts still printed, as Node does.

use std::io::{BufRead, IsTerminal};

use rustyline::error::ReadlineError;
use tagus_compiler::CompileError;
use tagus_vm::{Root, Vm};

use crate::report::{self, Context, Phase};

const HELP: &str = "\
.break    Sometimes you get stuck, this gets you out
.clear    Alias for .break
.exit     Exit the REPL
.help     Print this help message

Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL";

enum Input {
    Editor(Box<rustyline::DefaultEditor>),
    Plain(std::io::StdinLock<'static>),
}

enum Read {
    Line(String),
    Interrupted,
    Eof,
}

impl Input {
    fn new() -> Input {
        if std::io::stdin().is_terminal()
            && let Ok(editor) = rustyline::DefaultEditor::new()
        {
            return Input::Editor(Box::new(editor));
        }
        Input::Plain(std::io::stdin().lock())
    }

    fn read(&mut self, prompt: &str, ctx: &Context) -> Read {
        match self {
            Input::Editor(editor) => match editor.readline(prompt) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                    }
                    Read::Line(line)
                }
                Err(ReadlineError::Interrupted) => Read::Interrupted,
                Err(_) => {
                    ctx.out.line("");
                    Read::Eof
                }
            },
            Input::Plain(stdin) => {
                ctx.out.write(prompt);
                ctx.out.flush();
                let mut line = String::new();
                match stdin.read_line(&mut line) {
                    Ok(0) | Err(_) => Read::Eof,
                    Ok(_) => {
                        while line.ends_with('\n') || line.ends_with('\r') {
                            line.pop();
                        }
                        Read::Line(line)
                    }
                }
            }
        }
    }
}

/// Runs the REPL until `.exit` or end of input; returns the exit status (134 if the heap
/// ran out).
pub fn run(vm: &mut Vm, ctx: &Context) -> i32 {
    ctx.out.line(&format!(
        "Welcome to Tagus v{}.\nType \".help\" for more information.",
        env!("CARGO_PKG_VERSION")
    ));
    let mut input = Input::new();
    let mut buffer = String::new();
    let mut counter = 0;
    let mut interrupted = false;
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "... " };
        let line = match input.read(prompt, ctx) {
            Read::Line(line) => line,
            Read::Interrupted => {
                if !buffer.is_empty() {
                    buffer.clear();
                } else if interrupted {
                    return 0;
                } else {
                    interrupted = true;
                    ctx.out.line("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
                }
                continue;
            }
            Read::Eof => return 0,
        };
        interrupted = false;
        if let Some(command) = repl_command(&line) {
            match command {
                "exit" => return 0,
                "break" | "clear" => buffer.clear(),
                "help" => ctx.out.line(HELP),
                _ => ctx.out.line("Invalid REPL keyword"),
            }
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if buffer.trim().is_empty() {
            buffer.clear();
            continue;
        }
        let code = as_object_literal(&buffer).unwrap_or_else(|| buffer.clone());
        if let Err(e) = tagus_compiler::compile_script(&code, "REPL")
            && is_incomplete(&code, &e)
        {
            continue;
        }
        buffer.clear();
        counter += 1;
        if let Some(status) = evaluate(vm, ctx, &code, &format!("REPL{counter}")) {
            return status;
        }
    }
}

/// The REPL keyword of a line `.word ...` (not `.5`, a number).
fn repl_command(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    let rest = trimmed.strip_prefix('.')?;
    if rest.starts_with('.') || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(rest.split_whitespace().next().unwrap_or(""))
}

/// Node's rule: input starting with `{` and not ending with `;` is an object literal when
/// it compiles as one.
fn as_object_literal(code: &str) -> Option<String> {
    let trimmed = code.trim();
    if !trimmed.starts_with('{') || trimmed.ends_with(';') {
        return None;
    }
    let wrapped = format!("({trimmed})\n");
    tagus_compiler::compile_script(&wrapped, "REPL").ok().map(|_| wrapped)
}

/// Whether a compile error means the input stopped too early and more lines may complete
/// it: the error lies at the end of the input, or is an unterminated template or comment.
fn is_incomplete(code: &str, e: &CompileError) -> bool {
    let at = e.offset as usize;
    if at >= code.trim_end().len() || e.message.contains("end of input") || e.message.contains("EOF") {
        return true;
    }
    let rest = code.get(at..).unwrap_or("");
    e.message.contains("Unterminated") && (rest.starts_with('`') || rest.starts_with("/*"))
}

/// Compiles and runs one input, printing its value or its uncaught exception. `Some` is
/// the exit status when the session must end (out of memory).
fn evaluate(vm: &mut Vm, ctx: &Context, code: &str, name: &str) -> Option<i32> {
    crate::print_bytecode(ctx, code, name);
    let mark = vm.stack_mark();
    let (result, phase) = match vm.compile(code, name) {
        Ok(f) => {
            let s = vm.push(f);
            (vm.run_script(vm.slot(s)), Phase::Run)
        }
        Err(t) => (Err(t), Phase::Compile),
    };
    let outcome = match result {
        Ok(value) => {
            let s = vm.push(value);
            match vm.inspect(vm.slot(s)) {
                Ok(text) => {
                    ctx.out.line(&text);
                    None
                }
                Err(_) => uncaught(vm, ctx, Phase::Run),
            }
        }
        Err(_) => uncaught(vm, ctx, phase),
    };
    vm.truncate_stack(mark);
    // Each input is a job: FinalizationRegistry cleanups that came due run after it, as
    // tasks, and an error in one is reported like an uncaught one (the REPL goes on).
    if outcome.is_none() && vm.run_pending_finalization_tasks().is_err() {
        let status = uncaught(vm, ctx, Phase::Run);
        vm.truncate_stack(mark);
        return status;
    }
    outcome
}

/// Prints the pending exception as Node's REPL does: `Uncaught ` and the inspected value;
/// a syntax error after the offending line and its carets.
fn uncaught(vm: &mut Vm, ctx: &Context, phase: Phase) -> Option<i32> {
    if vm.is_out_of_memory() {
        return Some(report::out_of_memory(ctx));
    }
    let location = vm.throw_location;
    let slot = vm.push(vm.exception());
    vm.clear_exception();
    let mut text = String::new();
    if phase == Phase::Compile
        && let Some((_, line, carets)) = location.and_then(|l| report::source_excerpt(vm, l, phase))
    {
        text = format!("{line}\n{carets}\n");
    }
    let body = if phase == Phase::Compile && vm.is_error(vm.slot(slot)) {
        report::stack_text(vm, slot)
    } else {
        report::inspect_or_describe(vm, slot)
    };
    if vm.is_out_of_memory() {
        return Some(report::out_of_memory(ctx));
    }
    let body = if vm.is_error(vm.slot(slot)) {
        without_repl_frames(vm, slot, body)
    } else {
        body
    };
    text.push_str("Uncaught ");
    text.push_str(&body);
    ctx.out.line(&text);
    None
}

/// The inspected error `text` with its stack cut before the first top-level REPL frame
/// (`    at REPL3:1:7`): what follows is the REPL's own machinery.
fn without_repl_frames(vm: &mut Vm, slot: usize, text: String) -> String {
    let stack = match vm.get_named(vm.slot(slot), Root::NameStack) {
        Ok(s) if vm.is_string(s) => vm.string_to_rust(s),
        Ok(_) => return text,
        Err(_) => {
            vm.clear_exception();
            return text;
        }
    };
    let Some(after) = text.strip_prefix(stack.as_str()) else {
        return text;
    };
    let kept: Vec<&str> = stack.lines().take_while(|line| !is_repl_top_level_frame(line)).collect();
    format!("{}{after}", kept.join("\n"))
}

fn is_repl_top_level_frame(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("at REPL")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == ':') && rest.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(repl_command(".exit"), Some("exit"));
        assert_eq!(repl_command("  .help me"), Some("help"));
        assert_eq!(repl_command(".5 + 1"), None);
        assert_eq!(repl_command("x.y"), None);
    }

    #[test]
    fn object_literals() {
        assert_eq!(as_object_literal("{a:1}\n").as_deref(), Some("({a:1})\n"));
        assert_eq!(as_object_literal("{a:1};\n"), None);
        assert_eq!(as_object_literal("{ let x = 1; x }\n"), None);
    }

    #[test]
    fn incomplete_input() {
        for code in ["foo(\n", "function f() {\n", "1 +\n", "`abc\n", "/* c\n", "let x = [1,\n"] {
            let e = tagus_compiler::compile_script(code, "REPL").expect_err(code);
            assert!(is_incomplete(code, &e), "{code:?}: {e}");
        }
        for code in ["1 +* 2\n", "\"abc\n", "a b\n", "x = ;\n"] {
            let e = tagus_compiler::compile_script(code, "REPL").expect_err(code);
            assert!(!is_incomplete(code, &e), "{code:?}: {e}");
        }
    }

    #[test]
    fn repl_frames() {
        assert!(is_repl_top_level_frame("    at REPL12:1:7"));
        assert!(!is_repl_top_level_frame("    at f (REPL10:1:15)"));
    }
}
