//! Runs every program in `tests/js/` through the `tagus` binary (with `--allow-natives-syntax`
//! for `%HaveSameMap` and friends, and `--expose-gc` for the programs that call `gc()`, as Node
//! ran them; the others run without it, so the stress runs see the allocation pattern a user
//! sees) and compares its stdout with
//! the `.out` file Node produced; `tests/js/errors/` programs are compared on exit status and
//! the first lines of stderr. The same programs run again under GC stress (a scavenge every
//! 100 allocations, the heap verified after each GC), and once more with incremental marking
//! and compaction stressed too, and must print the same. Programs in
//! `tests/js/known/` document differences from Node that are not fixed yet.

use std::path::{Path, PathBuf};
use std::process::Command;

fn js_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
        .expect("tests/js exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    files
}

/// Runs `tagus [flags] file` and returns (status, stdout, stderr).
fn run(file: &Path, flags: &[&str]) -> (i32, String, String) {
    let calls_gc = std::fs::read_to_string(file).expect("readable program").contains("gc()");
    let output = Command::new(env!("CARGO_BIN_EXE_tagus"))
        .arg("--allow-natives-syntax")
        .args(calls_gc.then_some("--expose-gc"))
        .args(flags)
        .arg(file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run tagus");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs the programs on two threads and returns the failures.
fn check_outputs(flags: &'static [&'static str]) -> Vec<String> {
    let files = js_files("tests/js");
    assert!(files.len() >= 40, "the corpus is missing");
    let (a, b) = files.split_at(files.len() / 2);
    let check = |files: Vec<PathBuf>| {
        std::thread::spawn(move || {
            let mut failures = Vec::new();
            for file in files {
                let expected = std::fs::read_to_string(file.with_extension("out")).expect(".out file");
                let (status, stdout, stderr) = run(&file, flags);
                if status != 0 || stdout != expected {
                    let first_diff = stdout
                        .lines()
                        .zip(expected.lines())
                        .position(|(x, y)| x != y)
                        .unwrap_or(stdout.lines().count().min(expected.lines().count()));
                    failures.push(format!(
                        "{} (status {status}): first difference at line {}\n  expected: {:?}\n  actual:   {:?}\n  stderr: {}",
                        file.display(),
                        first_diff + 1,
                        expected.lines().nth(first_diff).unwrap_or("<end>"),
                        stdout.lines().nth(first_diff).unwrap_or("<end>"),
                        stderr.lines().take(3).collect::<Vec<_>>().join(" | ")
                    ));
                }
            }
            failures
        })
    };
    let (ta, tb) = (check(a.to_vec()), check(b.to_vec()));
    let mut failures = ta.join().expect("thread");
    failures.extend(tb.join().expect("thread"));
    failures
}

#[test]
fn js_programs_print_what_node_prints() {
    let failures = check_outputs(&[]);
    assert!(
        failures.is_empty(),
        "{} programs differ from Node:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn js_programs_under_gc_stress() {
    let failures = check_outputs(&["--gc-interval=100", "--verify-heap"]);
    assert!(
        failures.is_empty(),
        "{} programs differ under GC stress:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Incremental marking on from the start of every program, every major GC compacting every
/// page (so code, maps and everything else move while frames use them), a scavenge every
/// 50 allocations in between (another phase than the plain stress run's), the heap verified
/// after each GC.
#[test]
fn js_programs_under_incremental_marking_and_compaction_stress() {
    let failures = check_outputs(&[
        "--stress-incremental-marking",
        "--stress-compaction",
        "--gc-interval=50",
        "--verify-heap",
    ]);
    assert!(
        failures.is_empty(),
        "{} programs differ under incremental marking and compaction stress:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn known_differences_still_differ() {
    for file in js_files("tests/js/known") {
        let expected = std::fs::read_to_string(file.with_extension("out")).expect(".out file");
        let (status, stdout, _) = run(&file, &[]);
        assert_eq!(status, 0, "{} must still run", file.display());
        assert_ne!(stdout, expected, "{} now matches Node: move it back into tests/js/", file.display());
    }
}

#[test]
fn uncaught_errors_report_like_node() {
    let mut failures = Vec::new();
    for file in js_files("tests/js/errors") {
        let expected_status: i32 = std::fs::read_to_string(file.with_extension("status"))
            .expect(".status file")
            .trim()
            .parse()
            .expect("a number");
        let expected_err = std::fs::read_to_string(file.with_extension("err")).expect(".err file");
        let (status, _, stderr) = run(&file, &[]);
        let relative = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&file).display().to_string();
        let stderr = stderr.replace(&file.display().to_string(), &relative);
        let missing: Vec<&str> = expected_err
            .lines()
            .filter(|l| !l.trim().is_empty() && !stderr.contains(l))
            .collect();
        if status != expected_status || !missing.is_empty() {
            failures.push(format!(
                "{relative}: status {status} (expected {expected_status}); lines not in stderr: {missing:?}\n{stderr}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
