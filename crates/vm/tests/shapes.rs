//! Hidden classes through the VM's Rust interface: transition trees shared by construction
//! order, descriptor arrays shared along a chain, slack tracking, dictionary mode, weak
//! transitions collected with their last object, and inline-cache states.

use tagus_heap::{GcKind, GcReason, HeapConfig, Tagged};
use tagus_vm::ic::IcState;
use tagus_vm::shape::{self, in_object_capacity, instance_size_words, is_dictionary_map, own_descriptor_count};
use tagus_vm::{Vm, VmOptions};

fn vm() -> Vm {
    Vm::new(HeapConfig::default(), VmOptions::default()).expect("vm")
}

/// Evaluates `source` and returns its completion value kept in a stack slot.
fn eval(vm: &mut Vm, source: &str) -> usize {
    let v = vm.eval(source, "shapes.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    });
    vm.push(v)
}

fn map_of(vm: &mut Vm, source: &str) -> Tagged {
    let s = eval(vm, source);
    vm.map_of(vm.slot(s))
}

#[test]
fn a_chain_of_transitions_shares_one_descriptor_array() {
    let mut vm = vm();
    let m1 = map_of(&mut vm, "var a = {}; a.p = 1; a");
    let m2 = map_of(&mut vm, "a.q = 2; a");
    let m3 = map_of(&mut vm, "a.r = 3; a");
    assert_eq!(
        [own_descriptor_count(m1), own_descriptor_count(m2), own_descriptor_count(m3)],
        [1, 2, 3]
    );
    assert_eq!(shape::map_descriptors(m1), shape::map_descriptors(m3), "one array for the chain");
    assert_eq!(vm.transitions_of(m1), vec![m2]);
    // Another object built the same way walks the same transitions.
    assert_eq!(map_of(&mut vm, "var b = {}; b.p = 4; b.q = 5; b.r = 6; b"), m3);
    // A branch (p then s) gets its own array, with p's descriptor copied.
    let branch = map_of(&mut vm, "var c = {}; c.p = 7; c.s = 8; c");
    assert_ne!(shape::map_descriptors(branch), shape::map_descriptors(m3));
    assert_eq!(vm.transitions_of(m1).len(), 2);
}

#[test]
fn slack_tracking_shrinks_the_initial_map_after_seven_constructions() {
    let mut vm = vm();
    let first = map_of(&mut vm, "function P(x, y) { this.x = x; this.y = y } new P(1, 2)");
    // Two expected properties plus eight of slack while tracking.
    assert_eq!(in_object_capacity(first), 10);
    let after = map_of(&mut vm, "let last; for (let i = 0; i < 7; i++) last = new P(i, i); last");
    assert_eq!(after, first, "the same map, shrunk in place");
    assert_eq!((in_object_capacity(after), instance_size_words(after) * 4), (2, 20));
    // Objects allocated before the shrink stay valid: the heap verifies after a full GC.
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    vm.heap.verify().expect("heap verifies");
    let s = eval(&mut vm, "P.length + new P(3, 4).y");
    assert_eq!(vm.number_value(vm.slot(s)), Some(6.0));
}

#[test]
fn deleting_a_middle_property_or_adding_many_by_key_goes_to_dictionary_mode() {
    let mut vm = vm();
    let m = map_of(&mut vm, "var o = { a: 1, b: 2, c: 3 }; delete o.c; o");
    assert!(!is_dictionary_map(m), "deleting the last property rolls back");
    assert_eq!(own_descriptor_count(m), 2);
    let m = map_of(&mut vm, "delete o.a; o");
    assert!(is_dictionary_map(m));
    let m = map_of(&mut vm, "var h = {}; for (let i = 0; i < 20; i++) h['k' + i] = i; h");
    assert!(is_dictionary_map(m), "more than 4 + 12 fields added by key");
    let m = map_of(&mut vm, "var n = {}; for (let i = 0; i < 20; i++) n.x0 = n.x1 = n.x2 = i; n");
    assert!(!is_dictionary_map(m), "named stores stay fast");
}

#[test]
fn transitions_are_weak() {
    let mut vm = vm();
    let root = map_of(&mut vm, "var proto = {}; Object.create(proto)");
    assert!(vm.transitions_of(root).is_empty());
    eval(&mut vm, "(function () { var t = Object.create(proto); t.onlyOnce = 1; })()");
    assert_eq!(vm.transitions_of(root).len(), 1);
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    // The GC may have moved maps: look the root map up again (Object.create caches it).
    let root = map_of(&mut vm, "Object.create(proto)");
    assert!(vm.transitions_of(root).is_empty(), "the child map died with its only object");
}

#[test]
fn inline_caches_move_from_monomorphic_to_megamorphic() {
    let mut vm = vm();
    let s = eval(
        &mut vm,
        "const shapes = [];
         for (let i = 0; i < 8; i++) { const o = {}; o['p' + i] = i; o.x = i; shapes.push(o) }
         function load(o) { return o.x }
         load",
    );
    let vector_of = |vm: &mut Vm| {
        let f = vm.slot(s);
        vm.feedback_vector_of(f).expect("a bytecode function")
    };
    let state = |vm: &mut Vm| {
        let v = vector_of(vm);
        vm.ic_state(v, 0)
    };
    assert_eq!(state(&mut vm), IcState::Uninitialized);
    eval(&mut vm, "load(shapes[0]); load(shapes[0])");
    assert_eq!(state(&mut vm), IcState::Monomorphic);
    eval(&mut vm, "for (let i = 0; i < 4; i++) load(shapes[i])");
    assert_eq!(state(&mut vm), IcState::Polymorphic(4));
    eval(&mut vm, "for (let i = 0; i < 8; i++) load(shapes[i])");
    assert_eq!(state(&mut vm), IcState::Megamorphic);
    let r = eval(&mut vm, "let t = 0; for (let i = 0; i < 80; i++) t += load(shapes[i % 8]); t");
    assert_eq!(vm.number_value(vm.slot(r)), Some(280.0));
}
