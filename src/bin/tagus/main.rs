//! The `tagus` command-line runner: `tagus [options] [ script.js | -e CODE | -p CODE | - ] [arguments]`,
//! Node's shape over `tagus_vm::Vm`.
//!
//! - `tagus file.js a b` runs the file (`a`, `b` in the global array `arguments`, as d8);
//!   `-e CODE` runs code named `[eval]`; `-p CODE` also prints its completion value (a
//!   string as is, anything else inspected); without a script the REPL starts when stdin is
//!   a terminal, else the script is read from stdin (`[stdin]`).
//! - Flags are V8's and Node's (see `args.rs`); `--help` lists them.
//! - Exit status: 0, 1 for an uncaught exception (reported as Node does, `report.rs`), 9 for
//!   a bad option, 134 when the heap runs out.
//!
//! The VM runs on a thread with a 256 MB Rust stack: native code re-entering JavaScript
//! (getters, `Array.prototype.map` callbacks, sort comparators) recurses on it.

mod args;
mod output;
mod repl;
mod report;
mod trace;

use std::io::{IsTerminal, Read};

use tagus_vm::dictionary::DONT_ENUM;
use tagus_vm::{JsResult, Root, Vm};

use args::{Command, Options, Source};
use output::Output;
use report::{Context, Phase};
use trace::GcTracer;

/// Rust stack of the thread running JavaScript.
const VM_THREAD_STACK: usize = 256 << 20;

fn main() {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let options = match args::parse(&args) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{}", args::help());
            return;
        }
        Ok(Command::Version) => {
            println!("v{}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Err(message) => {
            eprintln!("tagus: {message}");
            std::process::exit(9);
        }
    };
    let status = std::thread::Builder::new()
        .name("tagus".into())
        .stack_size(VM_THREAD_STACK)
        .spawn(move || run(*options))
        .map(|thread| thread.join())
        .unwrap_or_else(|e| {
            eprintln!("tagus: cannot start the VM thread: {e}");
            Ok(1)
        });
    // A panic (an internal check failing, heap verification under --verify-heap) has been
    // printed by the panic hook; end as V8 ends on a failed CHECK, by abort's status.
    std::process::exit(status.unwrap_or(report::EXIT_FATAL));
}

/// Creates the VM and runs what the options ask for; returns the exit status.
fn run(options: Options) -> i32 {
    let out = Output::stdout();
    let mut vm = match Vm::new(options.heap.clone(), options.vm.clone()) {
        Ok(vm) => Box::new(vm),
        Err(e) => {
            let ctx = Context {
                out: out.clone(),
                tracer: GcTracer::new(0, None),
                print_bytecode: false,
            };
            if e.contains("out of memory") {
                return report::out_of_memory(&ctx);
            }
            out.error_line(&format!("tagus: cannot create the VM: {e}"));
            return 1;
        }
    };
    let isolate_address = &*vm as *const Vm as usize;
    let tracer = GcTracer::new(isolate_address, options.trace_gc.then(|| out.clone()));
    let gc_tracer = tracer.clone();
    vm.heap.add_gc_callback(move |event| {
        if let Ok(mut t) = gc_tracer.try_borrow_mut() {
            t.record(event);
        }
    });
    let sink = out.clone();
    vm.output = Some(Box::new(move |text| sink.line(text)));
    let sink = out.clone();
    vm.error_output = Some(Box::new(move |text| sink.error_line(text)));
    let ctx = Context {
        out,
        tracer,
        print_bytecode: options.print_bytecode,
    };
    let status = run_with(&mut vm, &ctx, &options);
    ctx.out.flush();
    status
}

fn run_with(vm: &mut Vm, ctx: &Context, options: &Options) -> i32 {
    if install_arguments(vm, &options.script_args).is_err() {
        return report::uncaught(vm, ctx, Phase::Run);
    }
    let status = match &options.source {
        Source::File(path) => match read_file(path) {
            Ok(source) => execute(vm, ctx, &source, path, options.print),
            Err(e) => {
                ctx.out.error_line(&format!("tagus: cannot read '{path}': {e}"));
                1
            }
        },
        Source::Eval(code) => execute(vm, ctx, code, "[eval]", options.print),
        Source::None if options.interactive || (!options.print && std::io::stdin().is_terminal()) => {
            return repl::run(vm, ctx);
        }
        Source::Stdin | Source::None => match read_stdin() {
            Ok(source) => execute(vm, ctx, &source, "[stdin]", options.print),
            Err(e) => {
                ctx.out.error_line(&format!("tagus: cannot read stdin: {e}"));
                1
            }
        },
    };
    if status == 0 && options.interactive && options.source != Source::Stdin {
        return repl::run(vm, ctx);
    }
    status
}

/// Compiles and runs one script; with `print`, prints its completion value as `-p` does.
/// Returns the exit status.
fn execute(vm: &mut Vm, ctx: &Context, source: &str, name: &str, print: bool) -> i32 {
    print_bytecode(ctx, source, name);
    let mark = vm.stack_mark();
    let f = match vm.compile(source, name) {
        Ok(f) => f,
        Err(_) => return report::uncaught(vm, ctx, Phase::Compile),
    };
    let fs = vm.push(f);
    let value = match vm.run_script(vm.slot(fs)) {
        Ok(v) => v,
        Err(_) => return report::uncaught(vm, ctx, Phase::Run),
    };
    if print {
        let vs = vm.push(value);
        let text = if vm.is_string(value) {
            Ok(vm.string_to_rust(value))
        } else {
            vm.inspect(vm.slot(vs))
        };
        match text {
            Ok(text) => ctx.out.line(&text),
            Err(_) => return report::uncaught(vm, ctx, Phase::Run),
        }
    }
    // The script's job is over: FinalizationRegistry cleanups due now run as later tasks.
    if vm.run_pending_finalization_tasks().is_err() {
        return report::uncaught(vm, ctx, Phase::Run);
    }
    vm.truncate_stack(mark);
    0
}

/// Under `--print-bytecode`, prints the listing of every function of `source` (nothing if
/// it does not compile: the VM reports the error).
pub(crate) fn print_bytecode(ctx: &Context, source: &str, name: &str) {
    if !ctx.print_bytecode {
        return;
    }
    if let Ok(script) = tagus_compiler::compile_script(source, name) {
        ctx.out.write(&tagus_compiler::disassemble(&script));
        ctx.out.line("");
    }
}

/// The global `arguments`: the script's arguments as an array of strings (d8's shell
/// convention), not enumerable like the other globals the host adds.
fn install_arguments(vm: &mut Vm, args: &[String]) -> JsResult<()> {
    let mark = vm.stack_mark();
    for arg in args {
        let s = vm.new_string(arg)?;
        vm.push(s);
    }
    let array = vm.new_array_from_slots(mark, args.len())?;
    let a = vm.push(array);
    let key = vm.intern("arguments")?;
    let global = vm.root(Root::GlobalObject);
    vm.define_own_data(global, key, vm.slot(a), DONT_ENUM)?;
    vm.truncate_stack(mark);
    Ok(())
}

fn read_file(path: &str) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(source_text(bytes))
}

fn read_stdin() -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(source_text(bytes))
}

/// Source bytes as text: UTF-8 (invalid sequences replaced), without a byte-order mark.
fn source_text(bytes: Vec<u8>) -> String {
    let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
