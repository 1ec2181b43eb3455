//! qjs-runner: runs one JavaScript file under QuickJS (via rquickjs) with a minimal
//! `console.log` / `print`, for comparing engines in bench/run.py.
//! Exits non-zero (printing the exception to stderr) on an uncaught exception.

use std::io::Write;
use std::process::ExitCode;

use rquickjs::{convert::Coerced, Context, Function, Runtime, Value};

/// Defines `console.log` and `print` on top of the native `__write`: arguments are
/// converted like node does for primitives (`String(x)`, with `-0` kept) and joined by spaces.
const PRELUDE: &str = r#"
(function (g) {
  var write = g.__write;
  delete g.__write;
  function fmt(v) {
    if (typeof v === 'number' && v === 0 && 1 / v < 0) return '-0';
    return String(v);
  }
  function log() {
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(fmt(arguments[i]));
    write(parts.join(' '));
  }
  g.console = { log: log, info: log, warn: log, error: log };
  g.print = log;
})(globalThis);
"#;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: qjs-runner FILE.js");
        return ExitCode::from(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("qjs-runner: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };

    let rt = Runtime::new().expect("QuickJS runtime");
    rt.set_max_stack_size(4 * 1024 * 1024); // below the 8 MiB main-thread stack
    let ctx = Context::full(&rt).expect("QuickJS context");

    let ok = ctx.with(|ctx| {
        let write = Function::new(ctx.clone(), |line: String| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
        })
        .expect("native __write");
        ctx.globals().set("__write", write).expect("set __write");
        ctx.eval::<(), _>(PRELUDE).expect("prelude");

        let mut opts = rquickjs::context::EvalOptions::default();
        opts.global = true;
        opts.strict = false;
        opts.filename = Some(path.clone());
        match ctx.eval_with_options::<Value, _>(source.as_bytes(), opts) {
            Ok(_) => true,
            Err(rquickjs::Error::Exception) => {
                let exc = ctx.catch();
                report(&exc);
                false
            }
            Err(e) => {
                eprintln!("qjs-runner: {e}");
                false
            }
        }
    });
    // Drain any pending jobs (promises); the benchmarks don't use them.
    while rt.is_job_pending() {
        if rt.execute_pending_job().is_err() {
            eprintln!("qjs-runner: uncaught exception in pending job");
            return ExitCode::from(1);
        }
    }
    let _ = std::io::stdout().flush();
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints an uncaught exception (message and stack when it is an Error object).
fn report(exc: &Value) {
    if let Some(obj) = exc.as_object() {
        let msg: Option<String> = obj.get::<_, Option<String>>("message").ok().flatten();
        let name: Option<String> = obj.get::<_, Option<String>>("name").ok().flatten();
        let stack: Option<String> = obj.get::<_, Option<String>>("stack").ok().flatten();
        if msg.is_some() || name.is_some() {
            eprintln!("Uncaught {}: {}", name.unwrap_or_else(|| "Error".into()), msg.unwrap_or_default());
            if let Some(s) = stack {
                eprint!("{s}");
            }
            return;
        }
    }
    let text = exc.get::<Coerced<String>>().map(|c| c.0).unwrap_or_else(|_| format!("{exc:?}"));
    eprintln!("Uncaught {text}");
}
