//! The command line: Node's layout, `tagus [options] [ script.js | -e CODE | -p CODE | - ] [arguments]`,
//! with V8's flag spellings (`--stack-size=N` and `--stack_size=N` alike, `--no-` to turn a
//! boolean off). Options end at the first argument that is not one (the script) or at `--`;
//! everything after the script goes to the script. A flag nobody knows is Node's
//! `tagus: bad option: --foo`, exit code 9.
//!
//! Hand-written rather than clap: V8's `_`/`-` equivalence, `--no-` negation, Node's
//! positional rule (options only before the script) and its exit code 9 are the contract,
//! and the heap flags are parsed by `HeapConfig::apply_flags`, not here.

use tagus_vm::{HeapConfig, VmOptions};

/// Where the script comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(String),
    /// `-e CODE`.
    Eval(String),
    /// Standard input (`-`, or no script and stdin is not a terminal).
    Stdin,
    /// Nothing: the REPL when stdin is a terminal, else standard input.
    None,
}

/// Everything the command line decided.
pub struct Options {
    /// The script.
    pub source: Source,
    /// `-p`: print the completion value.
    pub print: bool,
    /// `-i`: the REPL even when stdin is not a terminal (after `-e`/`-p` code, if any).
    pub interactive: bool,
    /// Arguments after the script, for the script (the global `arguments` array, as d8).
    pub script_args: Vec<String>,
    /// Heap sizes and debugging modes.
    pub heap: HeapConfig,
    /// VM options (`--stack-size`, `--expose-gc`).
    pub vm: VmOptions,
    /// `--trace-gc`.
    pub trace_gc: bool,
    /// `--print-bytecode`.
    pub print_bytecode: bool,
}

/// What to do.
pub enum Command {
    /// Run a script, `-e`/`-p` code or the REPL.
    Run(Box<Options>),
    /// `--help`.
    Help,
    /// `--version`.
    Version,
}

/// The documented options, for `--help`: (spelling, one line of help).
const FLAGS: &[(&str, &str)] = &[
    (
        "-",
        "script read from stdin (default if no file name is provided, interactive mode if a tty)",
    ),
    ("--", "indicate the end of tagus options"),
    ("-e, --eval=CODE", "evaluate script"),
    ("-p, --print [CODE]", "evaluate script and print result"),
    (
        "-i, --interactive",
        "always enter the REPL even if stdin does not appear to be a terminal",
    ),
    ("-h, --help", "print tagus command line options"),
    ("-v, --version", "print tagus's version"),
    ("--stack-size=KB", "JavaScript stack size in KB (default 984)"),
    ("--max-old-space-size=MB", "old generation size limit in MB (default 2048)"),
    ("--max-semi-space-size=MB", "largest semi-space size in MB"),
    ("--min-semi-space-size=MB", "initial semi-space size in MB"),
    ("--gc-interval=N", "garbage collect after every N allocations (stress test)"),
    ("--verify-heap", "verify the heap after every garbage collection"),
    ("--stress-compaction", "every mark-compact evacuates every old page"),
    ("--no-incremental-marking", "mark the old generation in one pause, not in steps"),
    (
        "--stress-incremental-marking",
        "start incremental marking as early as possible (stress test)",
    ),
    ("--no-lazy-sweeping", "sweep every old page in the mark-compact pause"),
    (
        "--zap-garbage",
        "overwrite freed memory with zap patterns (default in debug builds)",
    ),
    ("--expose-gc", "expose the gc() function"),
    (
        "--allow-natives-syntax",
        "accept %DebugPrint(o), %HaveSameMap(a, b) and other V8 runtime calls",
    ),
    ("--trace-gc", "print one trace line following each garbage collection"),
    ("--print-bytecode", "print the bytecode of each compiled function before running it"),
];

/// The `--help` text: usage, then one line per option.
pub fn help() -> String {
    let mut text = String::from("Usage: tagus [options] [ script.js | -e CODE | -p CODE | - ] [arguments]\n\nOptions:\n");
    for (spelling, line) in FLAGS {
        text.push_str(&format!("  {spelling:<30}{line}\n"));
    }
    text.push_str(
        "\nFlag names take '_' or '-' alike (--stack_size=500); boolean flags take a --no- prefix.\n\
         Arguments after the script are the script's, in the global array `arguments`.\n",
    );
    text
}

/// Parses the arguments (without the program name). `Err` holds the message that follows
/// `tagus: ` on stderr (exit code 9).
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut options = Options {
        source: Source::None,
        print: false,
        interactive: false,
        script_args: Vec::new(),
        heap: HeapConfig::default(),
        vm: VmOptions::default(),
        trace_gc: false,
        print_bytecode: false,
    };
    let mut i = 0;
    let mut positional_start = args.len();
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--" {
            positional_start = i;
            break;
        }
        if arg == "-" {
            options.source = Source::Stdin;
            positional_start = i;
            break;
        }
        if !arg.starts_with('-') {
            positional_start = i - 1;
            break;
        }
        let (name, value) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (arg, None),
        };
        let normalized = if name.starts_with("--") {
            name.replace('_', "-")
        } else {
            name.to_string()
        };
        match normalized.as_str() {
            "-e" | "--eval" => {
                let code = match value {
                    Some(v) => v.to_string(),
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(format!("{name} requires an argument")),
                };
                options.source = Source::Eval(code);
            }
            "-p" | "--print" => {
                options.print = true;
                let code = match value {
                    Some(v) => Some(v.to_string()),
                    None if i < args.len() => {
                        i += 1;
                        Some(args[i - 1].clone())
                    }
                    None => None,
                };
                if let Some(code) = code {
                    options.source = Source::Eval(code);
                }
            }
            "-i" | "--interactive" => options.interactive = no_value(arg, value, true)?,
            "-h" | "--help" => return Ok(Command::Help),
            "-v" | "--version" => return Ok(Command::Version),
            "--stack-size" => {
                let v = value.ok_or_else(|| format!("{name} requires an argument"))?;
                options.vm.stack_size_kb = match v.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("illegal value for flag {name}: {v}")),
                };
            }
            "--expose-gc" => options.vm.expose_gc = no_value(arg, value, true)?,
            "--no-expose-gc" => options.vm.expose_gc = no_value(arg, value, false)?,
            "--allow-natives-syntax" => options.vm.allow_natives_syntax = no_value(arg, value, true)?,
            "--no-allow-natives-syntax" => options.vm.allow_natives_syntax = no_value(arg, value, false)?,
            "--trace-gc" => options.trace_gc = no_value(arg, value, true)?,
            "--no-trace-gc" => options.trace_gc = no_value(arg, value, false)?,
            "--print-bytecode" => options.print_bytecode = no_value(arg, value, true)?,
            "--no-print-bytecode" => options.print_bytecode = no_value(arg, value, false)?,
            "--no-stress-compaction" => options.heap.stress_compaction = no_value(arg, value, false)?,
            "--no-zap-garbage" => options.heap.zap_garbage = no_value(arg, value, false)?,
            _ if normalized.starts_with("--") => {
                // The heap's own flags (sizes, stress modes, verification).
                let rest = options.heap.apply_flags([arg])?;
                if !rest.is_empty() {
                    return Err(format!("bad option: {arg}"));
                }
            }
            _ => return Err(format!("bad option: {arg}")),
        }
    }
    let mut positional = args[positional_start.min(args.len())..].iter().cloned();
    if options.source == Source::None
        && let Some(file) = positional.next()
    {
        options.source = if file == "-" { Source::Stdin } else { Source::File(file) };
    }
    options.script_args = positional.collect();
    Ok(Command::Run(Box::new(options)))
}

/// A boolean flag's value: `on`, or an error if it was given `=something`.
fn no_value(arg: &str, value: Option<&str>, on: bool) -> Result<bool, String> {
    match value {
        None => Ok(on),
        Some(_) => Err(format!("bad option: {arg}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse(&args) {
            Ok(Command::Run(o)) => *o,
            _ => panic!("not a run"),
        }
    }

    fn error(args: &[&str]) -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse(&args) {
            Err(e) => e,
            Ok(_) => panic!("parsed"),
        }
    }

    #[test]
    fn script_and_its_arguments() {
        let o = run(&["--stack_size=200", "a.js", "--foo", "x"]);
        assert_eq!(o.source, Source::File("a.js".into()));
        assert_eq!(o.script_args, ["--foo", "x"]);
        assert_eq!(o.vm.stack_size_kb, 200);
    }

    #[test]
    fn eval_print_and_stdin() {
        assert_eq!(run(&["-e", "1", "a"]).source, Source::Eval("1".into()));
        assert_eq!(run(&["-e", "1", "a"]).script_args, ["a"]);
        let p = run(&["-p", "2"]);
        assert!(p.print);
        assert_eq!(p.source, Source::Eval("2".into()));
        assert_eq!(run(&["-p"]).source, Source::None);
        assert_eq!(run(&["-", "x"]).source, Source::Stdin);
        assert_eq!(run(&["--", "-weird.js"]).source, Source::File("-weird.js".into()));
        assert_eq!(run(&["--eval=3"]).source, Source::Eval("3".into()));
    }

    #[test]
    fn flags() {
        let o = run(&[
            "--expose_gc",
            "--trace-gc",
            "--max-old-space-size=16",
            "--gc_interval=50",
            "--verify-heap",
        ]);
        assert!(o.vm.expose_gc && o.trace_gc);
        assert_eq!(o.heap.max_old_generation_size, 16 << 20);
        assert_eq!(o.heap.gc_interval, Some(50));
        assert!(o.heap.verify_heap);
        assert!(!run(&["--expose-gc", "--no-expose-gc"]).vm.expose_gc);
    }

    #[test]
    fn bad_options() {
        assert_eq!(error(&["--foo"]), "bad option: --foo");
        assert_eq!(error(&["-x"]), "bad option: -x");
        assert_eq!(error(&["-e"]), "-e requires an argument");
        assert_eq!(error(&["--stack-size=abc"]), "illegal value for flag --stack-size: abc");
        assert_eq!(error(&["--expose-gc=1"]), "bad option: --expose-gc=1");
    }

    #[test]
    fn help_lists_every_flag() {
        let text = help();
        for flag in [
            "--stack-size",
            "--max-old-space-size",
            "--gc-interval",
            "--trace-gc",
            "--print-bytecode",
            "--expose-gc",
        ] {
            assert!(text.contains(flag), "{flag}");
        }
    }
}
