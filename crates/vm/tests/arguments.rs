//! Mapped `arguments` objects through the VM's Rust interface: their elements store is a
//! SloppyArgumentsElements around the function context, the aliasing survives every kind of
//! collection (the context and the stores move), and the heap verifier checks the layout.

use tagus_heap::objects::InstanceType;
use tagus_heap::objects::map::elements_kind::{FAST_SLOPPY_ARGUMENTS_ELEMENTS, PACKED_ELEMENTS};
use tagus_heap::objects::sloppy_arguments as sa;
use tagus_heap::{GcKind, GcReason, HeapConfig, Tagged};
use tagus_vm::arguments::{arguments_store, is_sloppy_arguments_store};
use tagus_vm::elements::Element;
use tagus_vm::object::{fixed_get, fixed_len, fixed_set};
use tagus_vm::{Vm, VmOptions};

fn vm() -> Vm {
    Vm::new(HeapConfig::default(), VmOptions::default()).expect("vm")
}

/// Evaluates `source` and returns its completion value kept in a stack slot.
fn eval(vm: &mut Vm, source: &str) -> usize {
    let v = vm.eval(source, "arguments.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    });
    vm.push(v)
}

#[test]
fn mapped_arguments_alias_their_context_across_collections() {
    let mut vm = vm();
    let s = eval(
        &mut vm,
        "function f(a, b) { return { args: arguments, set(v) { a = v; }, get() { return a; } }; }
         var e = f('one', 'two', 'three'); e.args",
    );
    let args = vm.slot(s);
    assert_eq!(vm.instance_type(args), Some(InstanceType::JsArgumentsObject));
    assert_eq!(vm.elements_kind(args), FAST_SLOPPY_ARGUMENTS_ELEMENTS);
    let store = vm.elements_of(args);
    assert!(is_sloppy_arguments_store(store));
    assert_eq!(sa::mapped_count(fixed_len(store)), 2, "min(argc, formals)");
    assert_eq!(fixed_len(arguments_store(store)), 3);
    let context = fixed_get(store, sa::CONTEXT_INDEX);
    assert_eq!(vm.instance_type(context), Some(InstanceType::FunctionContext));
    for kind in [GcKind::Scavenge, GcKind::MarkCompact, GcKind::Scavenge, GcKind::MarkCompact] {
        vm.heap.collect_garbage(kind, GcReason::Testing);
        vm.heap.verify().expect("heap verifies");
        let v = eval(&mut vm, "e.set(e.get() + '!'); e.args[1] += '?'; e.args");
        assert_eq!(vm.slot(v), vm.slot(s), "the same object");
    }
    let args = vm.slot(s);
    let text = |vm: &mut Vm, e: Element| match e {
        Element::Value(v) => vm.string_to_rust(v),
        other => panic!("{other:?}"),
    };
    let first = vm.element(args, 0);
    assert_eq!(text(&mut vm, first), "one!!!!");
    let second = vm.element(args, 1);
    assert_eq!(text(&mut vm, second), "two????");
    let third = vm.element(args, 2);
    assert_eq!(text(&mut vm, third), "three");
    assert_eq!(vm.element(args, 3), Element::Hole);
}

#[test]
fn unmapped_arguments_keep_plain_elements() {
    let mut vm = vm();
    for source in [
        "(function (a) { 'use strict'; return arguments; })(1, 2)",
        "(function (a = 0) { return arguments; })(1, 2)",
        "(function () { return arguments; })(1, 2)",
    ] {
        let s = eval(&mut vm, source);
        let args = vm.slot(s);
        assert_eq!(vm.elements_kind(args), PACKED_ELEMENTS, "{source}");
        assert!(!is_sloppy_arguments_store(vm.elements_of(args)), "{source}");
        assert_eq!(vm.element(args, 1), Element::Value(Tagged::smi(2)), "{source}");
    }
}

#[test]
fn the_verifier_checks_mapped_entries() {
    let mut vm = vm();
    let s = eval(&mut vm, "(function (a) { return arguments; })(1)");
    vm.heap.verify().expect("heap verifies");
    let store = vm.elements_of(vm.slot(s));
    let entry = fixed_get(store, sa::mapped_entry_index(0));
    // An index past the context's slots.
    fixed_set(store, sa::mapped_entry_index(0), Tagged::smi(1000));
    let error = vm.heap.verify().expect_err("a bad entry");
    assert!(error.contains("mapped entry 0"), "{error}");
    fixed_set(store, sa::mapped_entry_index(0), entry);
    // A store whose context is not a function context.
    let context = fixed_get(store, sa::CONTEXT_INDEX);
    fixed_set(store, sa::CONTEXT_INDEX, arguments_store(store));
    let error = vm.heap.verify().expect_err("a bad context");
    assert!(error.contains("not a function context"), "{error}");
    fixed_set(store, sa::CONTEXT_INDEX, context);
    vm.heap.verify().expect("heap verifies");
}
