//! The `tagus` command line, run as a user runs it: `-e`, `-p`, files with arguments, stdin,
//! flags (bad ones exit 9), Node's uncaught-exception and syntax-error reports, stack
//! overflow and `--stack-size`, `--print-bytecode`, `--expose-gc`, `--trace-gc`, the
//! out-of-memory abort (exit 134), the REPL, and the `tests/js/errors` corpus's headers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn tagus() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tagus"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).stdin(Stdio::null());
    command
}

/// Runs tagus with `args`, feeding `stdin`.
fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = tagus()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tagus");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().expect("run tagus")
}

fn run(args: &[&str]) -> Output {
    tagus().args(args).output().expect("run tagus")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a script into this test run's scratch directory.
fn script(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tagus-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn eval_runs_code() {
    let o = run(&["-e", "console.log(1 + 1, 'two')"]);
    assert_eq!(stdout(&o), "2 two\n");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "");
}

#[test]
fn print_shows_the_completion_value() {
    assert_eq!(stdout(&run(&["-p", "'a' + 1"])), "a1\n");
    assert_eq!(stdout(&run(&["-p", "({ a: 1, b: 'x' })"])), "{ a: 1, b: 'x' }\n");
    assert_eq!(stdout(&run(&["-p", "undefined"])), "undefined\n");
    assert_eq!(stdout(&run(&["--print", "6 * 7"])), "42\n");
}

#[test]
fn file_gets_its_arguments() {
    let file = script(
        "args.js",
        "console.log(arguments.length, arguments[0], arguments[1], typeof arguments[2]);\n",
    );
    let o = run(&["--stack-size=500", path_str(&file), "first", "--second"]);
    assert_eq!(stdout(&o), "2 first --second undefined\n");
    assert_eq!(o.status.code(), Some(0));
    let o = run(&[
        "-e",
        "console.log(arguments.join ? 'array' : typeof arguments, arguments.length)",
        "x",
    ]);
    assert_eq!(stdout(&o), "array 1\n");
}

#[test]
fn script_from_stdin() {
    let o = run_with_stdin(&[], "console.log('from stdin'); 5");
    assert_eq!(stdout(&o), "from stdin\n");
    let o = run_with_stdin(&["-p"], "'printed ' + 5");
    assert_eq!(stdout(&o), "printed 5\n");
    let o = run_with_stdin(&["-"], "throw new Error('in stdin')");
    assert!(
        stderr(&o).starts_with("[stdin]:1\nthrow new Error('in stdin')\n^\n\nError: in stdin\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn bad_options_exit_9() {
    let o = run(&["--foo", "x.js"]);
    assert_eq!(o.status.code(), Some(9));
    assert_eq!(stderr(&o), "tagus: bad option: --foo\n");
    let o = run(&["-e"]);
    assert_eq!(o.status.code(), Some(9));
    assert_eq!(stderr(&o), "tagus: -e requires an argument\n");
    assert_eq!(run(&["--stack-size=lots", "-e", "1"]).status.code(), Some(9));
}

#[test]
fn help_lists_every_flag() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for flag in [
        "-e, --eval",
        "-p, --print",
        "--stack-size=",
        "--max-old-space-size=",
        "--max-semi-space-size=",
        "--gc-interval=",
        "--verify-heap",
        "--stress-compaction",
        "--expose-gc",
        "--trace-gc",
        "--print-bytecode",
        "--help",
        "--version",
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().split("  ").next().is_some_and(|s| s.contains(flag))),
            "--help lacks {flag}:\n{text}"
        );
    }
    assert_eq!(stdout(&run(&["--version"])), format!("v{}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn flag_spellings() {
    assert_eq!(stdout(&run(&["--expose_gc", "-p", "typeof gc"])), "function\n");
    assert_eq!(stdout(&run(&["--expose-gc", "--no-expose-gc", "-p", "typeof gc"])), "undefined\n");
    let o = run(&[
        "--max_old_space_size=64",
        "--max-semi-space-size=1",
        "--gc_interval=1000",
        "-p",
        "1",
    ]);
    assert_eq!(stdout(&o), "1\n");
}

#[test]
fn syntax_error_report() {
    let file = script("syntax.js", "console.log('never printed');\nconst ok = 1;\nconst broken = (1 + ;\n");
    let o = run(&[path_str(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let expected = format!(
        "{}:3\nconst broken = (1 + ;\n                    ^\n\nSyntaxError: Unexpected token",
        path_str(&file)
    );
    assert!(stderr(&o).starts_with(&expected), "{}", stderr(&o));
    // The carets span the token V8 would underline; none at an unexpected end of input.
    let o = run(&["-e", "let s = 1 + \"abc"]);
    assert!(
        stderr(&o).starts_with("[eval]:1\nlet s = 1 + \"abc\n            ^^^^\n\nSyntaxError: "),
        "{}",
        stderr(&o)
    );
    let o = run(&["-e", "(1 +"]);
    assert!(stderr(&o).starts_with("[eval]:1\n(1 +\n    \n\nSyntaxError: "), "{}", stderr(&o));
}

#[test]
fn uncaught_error_report() {
    let source = "function inner() {\n  console.log('about to throw');\n  throw new Error('boom');\n}\nfunction outer() {\n  inner();\n}\nouter();\n";
    let file = script("throw.js", source);
    let o = run(&[path_str(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "about to throw\n");
    let name = path_str(&file);
    let expected = format!(
        "{name}:3\n  throw new Error('boom');\n  ^\n\nError: boom\n    at inner ({name}:3:9)\n    at outer ({name}:6:3)\n    at {name}:8:1\n"
    );
    assert_eq!(stderr(&o), expected);
    // Own enumerable properties follow the stack, as util.inspect shows them.
    let o = run(&["-e", "const e = new Error('x'); e.code = 'E1'; throw e"]);
    assert!(stderr(&o).ends_with(" {\n  code: 'E1'\n}\n"), "{}", stderr(&o));
}

#[test]
fn thrown_values_that_are_not_errors() {
    let file = script("throw_string.js", "console.log('before');\nthrow 'a string';\n");
    let o = run(&[path_str(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "before\n");
    assert_eq!(stderr(&o), format!("\n{}:2\nthrow 'a string';\n^\na string\n", path_str(&file)));
    assert_eq!(stderr(&run(&["-e", "throw 42"])), "\n[eval]:1\nthrow 42\n^\n42\n");
    assert_eq!(stderr(&run(&["-e", "throw {a: 1}"])), "\n[eval]:1\nthrow {a: 1}\n^\n{ a: 1 }\n");
}

#[test]
fn stack_overflow_is_a_range_error() {
    let file = script(
        "overflow.js",
        "function recurse(n) {\n  return recurse(n + 1) + 1;\n}\nconsole.log('recursing forever');\nrecurse(0);\n",
    );
    let o = run(&[path_str(&file)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "recursing forever\n");
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("{}:2\n  return recurse(n + 1) + 1;\n", path_str(&file))),
        "{err}"
    );
    assert!(
        err.contains("\n\nRangeError: Maximum call stack size exceeded\n    at recurse ("),
        "{err}"
    );
}

fn reachable_depth(stack_kb: &str) -> u64 {
    let code = "let depth = 0; function f() { depth++; f(); } try { f(); } catch (e) { if (!(e instanceof RangeError)) throw e; } depth";
    let o = run(&[&format!("--stack-size={stack_kb}"), "-p", code]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o).trim().parse().unwrap()
}

#[test]
fn stack_size_sets_the_recursion_depth() {
    let small = reachable_depth("200");
    let large = reachable_depth("2000");
    assert!(small > 100, "depth {small}");
    assert!(large > small * 5, "--stack-size=200: {small}, --stack-size=2000: {large}");
}

#[test]
fn print_bytecode_lists_every_function() {
    let o = run(&[
        "--print-bytecode",
        "-e",
        "function add(a, b) { return a + b; }\nconsole.log(add(1, 2));",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("(Script)]") && text.contains("add (Normal)]"), "{text}");
    for opcode in ["LdaGlobal", "CallUndefinedReceiver", "Add", "Return"] {
        assert!(text.contains(opcode), "no {opcode} in\n{text}");
    }
    assert!(text.ends_with("\n3\n"), "the listing comes before the output:\n{text}");
}

#[test]
fn expose_gc_and_trace_gc() {
    assert_eq!(stdout(&run(&["-p", "typeof gc"])), "undefined\n");
    let o = run(&["--expose-gc", "--trace-gc", "-e", "console.log(typeof gc, gc.length, gc())"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let mut lines = text.lines();
    let trace = lines.next().unwrap();
    assert!(trace.starts_with('[') && trace.contains(":0x"), "{trace}");
    assert!(trace.contains(" ms: Mark-Compact ") && trace.contains(" MB, "), "{trace}");
    assert!(
        trace.ends_with(" ms  (average mu = 1.000, current mu = 1.000) testing; GC in old space requested"),
        "{trace}"
    );
    assert_eq!(lines.next(), Some("function 0 undefined"));
}

#[test]
fn trace_gc_prints_scavenges() {
    let code = "let keep = []; for (let i = 0; i < 100000; i++) { keep[keep.length] = { i }; if (keep.length > 100) keep = []; } console.log('done')";
    let o = run(&["--trace-gc", "--max-semi-space-size=1", "-e", code]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let scavenge = text
        .lines()
        .find(|l| l.contains(" ms: Scavenge "))
        .unwrap_or_else(|| panic!("no scavenge in\n{text}"));
    assert!(
        scavenge.starts_with('[') && scavenge.contains(":0x") && scavenge.contains(") -> "),
        "{scavenge}"
    );
    assert!(scavenge.ends_with(" allocation failure; "), "{scavenge}");
    assert!(text.ends_with("done\n"));
}

#[test]
fn out_of_memory_aborts_with_134() {
    let code = "const a = []; for (;;) { a[a.length] = { x: 1, y: [1, 2, 3, 4, 5, 6, 7, 8] }; }";
    let o = run(&["--max-old-space-size=16", "-e", code]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(134), "{err}");
    assert!(err.starts_with("\n<--- Last few GCs --->\n\n["), "{err}");
    assert!(
        err.ends_with("\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n"),
        "{err}"
    );
}

#[test]
fn repl_session() {
    let input = "1 + 2\nlet o = {\n  a: [1, 'x'],\n}\no\n{ b: 2 }\nthrow new Error('oops')\nfunction f() { return missing; }\nf()\n'still ' + 'here'\n1 +* 2\n.exit\nnever evaluated\n";
    let o = run_with_stdin(&["-i"], input);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let expected_lines = [
        "> 3",
        "> ... ... undefined",
        "> { a: [ 1, 'x' ] }",
        "> { b: 2 }",
        "> Uncaught Error: oops",
        "> undefined",
        "> Uncaught ReferenceError: missing is not defined",
        "    at f (REPL",
        "> 'still here'",
        "> 1 +* 2",
        "   ^",
        "",
        "Uncaught SyntaxError: Unexpected token",
    ];
    let mut lines = text.lines().skip_while(|l| !l.starts_with('>'));
    for expected in expected_lines {
        let line = lines.next().unwrap_or_else(|| panic!("missing {expected:?} in\n{text}"));
        assert!(line.starts_with(expected), "expected {expected:?}, got {line:?} in\n{text}");
    }
    assert_eq!(lines.next(), Some("> "), "{text}");
    assert!(!text.contains("never evaluated"));
}

/// The corpus of `tests/js/errors`: stdout and exit status as Node's, and the report's
/// header (`file:line` and the source line) as in Node's `.err`.
#[test]
fn error_corpus_headers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/errors");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for js in names {
        let relative = format!("tests/js/errors/{}", js.file_name().unwrap().to_str().unwrap());
        let o = run(&[&relative]);
        let expected_out = std::fs::read_to_string(js.with_extension("out")).unwrap();
        let expected_status: i32 = std::fs::read_to_string(js.with_extension("status"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let expected_err = std::fs::read_to_string(js.with_extension("err")).unwrap();
        assert_eq!(stdout(&o), expected_out, "{relative}");
        assert_eq!(o.status.code(), Some(expected_status), "{relative}");
        // `file:line` and the source line, after the blank line a thrown non-Error starts with.
        let count = if expected_err.starts_with('\n') { 3 } else { 2 };
        let header: Vec<&str> = expected_err.lines().take(count).collect();
        let err = stderr(&o);
        let got: Vec<&str> = err.lines().take(count).collect();
        assert_eq!(got, header, "{relative}:\n{err}");
    }
}

#[test]
fn debug_print_shows_the_hidden_class_and_ic_states() {
    let script = "function P(x, y) { this.x = x; this.y = y }
        const ps = []; for (let i = 0; i < 10; i++) ps.push(new P(i, i + 0.5));
        %DebugPrint(ps[9]);
        const shapes = [];
        for (let i = 0; i < 8; i++) { const o = {}; o['p' + i] = i; o.x = i; shapes.push(o) }
        function mono(o) { return o.x } function poly(o) { return o.x } function mega(o) { return o.x }
        for (let i = 0; i < 100; i++) { mono(shapes[0]); poly(shapes[i % 4]); mega(shapes[i % 8]) }
        %DebugPrint(mono); %DebugPrint(poly); %DebugPrint(mega);";
    let o = run(&["--allow-natives-syntax", "-e", script]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    // `new P(1, 2)` after slack tracking: map, properties, elements and two in-object fields.
    assert!(
        out.contains(" - map: ") && out.contains("<Map[20]") && out.contains("[FastProperties]"),
        "{out}"
    );
    assert!(
        out.contains(" - instance size: 20\n") && out.contains(" - inobject properties: 2\n"),
        "{out}"
    );
    assert!(out.contains(" - unused property fields: 0\n"), "{out}");
    assert!(out.contains("#x: 9 (data field 0), location: in-object"), "{out}");
    assert!(out.contains("[0]: #x (data field 0:s, attrs: [WEC])"), "{out}");
    assert!(out.contains("[1]: #y (data field 1:d, attrs: [WEC])"), "{out}");
    let states: Vec<&str> = out.lines().filter(|l| l.contains("slot #")).map(str::trim).collect();
    assert_eq!(
        states,
        ["slot #0: MONOMORPHIC", "slot #0: POLYMORPHIC (4 maps)", "slot #0: MEGAMORPHIC"],
        "{out}"
    );
}

#[test]
fn runtime_calls_need_allow_natives_syntax() {
    let o = run(&["-e", "%DebugPrint({})"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("SyntaxError"), "{}", stderr(&o));
    let o = run(&["--allow-natives-syntax", "-e", "%NoSuchFunction(1)"]);
    assert!(stderr(&o).contains("SyntaxError: NoSuchFunction is not defined"), "{}", stderr(&o));
}

#[test]
fn an_object_with_100000_properties() {
    let script = "const o = {}; for (let i = 0; i < 100000; i++) o['k' + i] = i;
        let sum = 0; for (const k in o) sum += o[k];
        delete o.k5; o['-0'] = 'z'; o[12] = 12;
        print(%HasFastProperties(o), Object.keys(o).length, sum, o.k99999, o['-0'], Object.keys(o)[0]);";
    let o = run(&["--allow-natives-syntax", "-e", script]);
    assert_eq!(stdout(&o), "false 100001 4999950000 99999 z 12\n", "{}", stderr(&o));
}

#[test]
fn the_repl_runs_finalization_cleanups_between_inputs() {
    let input = "let seen = []; const r = new FinalizationRegistry(v => seen.push(v));\n\
                 (function () { r.register({}, 'gone') })(); gc();\n\
                 seen\n";
    let o = run_with_stdin(&["--expose-gc", "-i"], input);
    assert!(stdout(&o).contains("[ 'gone' ]"), "{}", stdout(&o));
}
