//! The VM through its Rust interface: running scripts, the compilation cache and code
//! collection, stack limits, uncatchable out-of-memory, and values surviving collections.

use tagus_heap::{GcKind, GcReason, HeapConfig};
use tagus_vm::{Root, Vm, VmOptions};

fn vm() -> Vm {
    Vm::new(HeapConfig::default(), VmOptions::default()).expect("vm")
}

fn eval_number(vm: &mut Vm, source: &str) -> f64 {
    let v = vm.eval(source, "test.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    });
    vm.number_value(v).expect("a number")
}

#[test]
fn runs_a_script_and_returns_its_completion_value() {
    let mut vm = vm();
    assert_eq!(
        eval_number(&mut vm, "function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2) } f(20)"),
        6765.0
    );
    assert_eq!(eval_number(&mut vm, "let o = { a: 1 }; o.b = 2; o.a + o.b"), 3.0);
}

#[test]
fn compiling_the_same_source_twice_reuses_the_code() {
    let mut vm = vm();
    let source = "40 + 2";
    let first = vm.compile(source, "a.js").map_err(|_| ()).expect("compiles");
    let shared = vm.shared_of(first);
    assert_eq!(vm.compilation_cache_size(), 1);
    let second = vm.compile(source, "a.js").map_err(|_| ()).expect("compiles");
    assert_eq!(vm.compilation_cache_size(), 1, "a cache hit adds no entry");
    assert_eq!(vm.shared_of(second), shared, "the same SharedFunctionInfo");
    let result = vm.run_script(second).map_err(|_| ()).expect("runs");
    assert_eq!(vm.number_value(result), Some(42.0));
}

#[test]
fn code_nothing_refers_to_is_collected() {
    let mut vm = vm();
    vm.eval("var keep = function () { return 1 }", "kept.js")
        .map_err(|_| ())
        .expect("runs");
    for i in 0..50 {
        vm.eval(&format!("(function () {{ return {i} }})()"), &format!("gone{i}.js"))
            .map_err(|_| ())
            .expect("runs");
    }
    let before = vm.heap.heap_statistics();
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    let live = vm.heap.weak_roots.iter().filter(|r| r.is_pointer()).count();
    assert!(live <= 2, "only code still referenced survives, {live} entries live");
    let after = vm.heap.heap_statistics();
    assert!(after.used_heap_size < before.used_heap_size);
    assert_eq!(eval_number(&mut vm, "keep()"), 1.0);
}

#[test]
fn deep_recursion_is_a_catchable_range_error_bounded_by_the_stack_size() {
    let depth = |kb: usize| {
        let mut vm = Vm::new(
            HeapConfig::default(),
            VmOptions {
                stack_size_kb: kb,
                ..VmOptions::default()
            },
        )
        .expect("vm");
        eval_number(
            &mut vm,
            "let d = 0; function r() { d++; r() } try { r() } catch (e) { if (!(e instanceof RangeError)) throw e } d",
        )
    };
    let small = depth(100);
    let large = depth(2000);
    assert!(small > 100.0, "{small}");
    assert!(large > small * 10.0, "{large} vs {small}");
}

#[test]
fn values_survive_many_collections() {
    let config = HeapConfig {
        gc_interval: Some(50),
        verify_heap: true,
        ..HeapConfig::default()
    };
    let mut vm = Vm::new(config, VmOptions::default()).expect("vm");
    let n = eval_number(
        &mut vm,
        "let keep = []; for (let i = 0; i < 2000; i++) { keep[i] = { i, s: 'v' + i }; let t = { junk: i } }
         let ok = 0; for (let i = 0; i < 2000; i++) if (keep[i].i === i && keep[i].s === 'v' + i) ok++; ok",
    );
    assert_eq!(n, 2000.0);
    assert!(vm.heap.gc_counters().scavenges > 10);
}

#[test]
fn out_of_memory_is_uncatchable() {
    let config = HeapConfig {
        max_old_generation_size: 8 << 20,
        ..HeapConfig::default()
    };
    let mut vm = Vm::new(config, VmOptions::default()).expect("vm");
    let r = vm.eval(
        "let a = []; let i = 0; try { while (true) { a[i] = { i, s: 'x' + i }; i++ } } catch (e) { 'caught' }",
        "oom.js",
    );
    assert!(r.is_err(), "the loop cannot catch out-of-memory");
    assert!(vm.is_out_of_memory());
}

#[test]
fn uncaught_errors_know_where_they_were_thrown() {
    let mut vm = vm();
    let r = vm.eval("function f() {\n  throw new TypeError('bad');\n}\nf();", "where.js");
    assert!(r.is_err());
    let location = vm.throw_location.expect("a location");
    let (line, column) = vm.scripts[location.script].line_column(location.offset);
    assert_eq!((line, column), (2, 3));
    let e = vm.exception();
    let stack = vm.get_named(e, Root::NameStack).map_err(|_| ()).expect("stack");
    let stack = vm.string_to_rust(stack);
    assert!(stack.starts_with("TypeError: bad\n    at f (where.js:2:"), "{stack}");
}

#[test]
fn syntax_errors_have_a_position() {
    let mut vm = vm();
    assert!(vm.compile("let x = ;", "bad.js").is_err());
    let e = vm.exception();
    let text = vm.error_to_string(e).map_err(|_| ()).expect("message");
    assert!(text.starts_with("SyntaxError:"), "{text}");
    let location = vm.throw_location.expect("a location");
    assert_eq!(vm.scripts[location.script].line_column(location.offset).0, 1);
}
