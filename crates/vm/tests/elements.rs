//! Elements kinds through the VM's Rust interface: double stores that survive every kind of
//! collection unboxed, elements-kind transitions as entries of the transition tree, and
//! property transitions replayed so that objects reaching one kind by different paths share
//! a map.

use tagus_heap::objects::map::elements_kind::{self, HOLEY_DOUBLE_ELEMENTS, PACKED_DOUBLE_ELEMENTS, PACKED_ELEMENTS, PACKED_SMI_ELEMENTS};
use tagus_heap::{GcKind, GcReason, HeapConfig, Tagged};
use tagus_vm::elements::{Element, is_double_store};
use tagus_vm::shape::{self, back_pointer, elements_kind_of};
use tagus_vm::{Root, Vm, VmOptions};

fn vm() -> Vm {
    let options = VmOptions {
        allow_natives_syntax: true,
        ..VmOptions::default()
    };
    Vm::new(HeapConfig::default(), options).expect("vm")
}

/// Evaluates `source` and returns its completion value kept in a stack slot.
fn eval(vm: &mut Vm, source: &str) -> usize {
    let v = vm.eval(source, "elements.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    });
    vm.push(v)
}

#[test]
fn double_stores_survive_scavenges_and_compaction_unboxed() {
    let mut vm = vm();
    let s = eval(
        &mut vm,
        "var small = [0.5, , -0, NaN, 1e300]; var big = []; for (let i = 0; i < 100000; i++) big.push(i + 0.25); small",
    );
    for kind in [
        GcKind::Scavenge,
        GcKind::Scavenge,
        GcKind::MarkCompact,
        GcKind::Scavenge,
        GcKind::MarkCompact,
    ] {
        vm.heap.collect_garbage(kind, GcReason::Testing);
        vm.heap.verify().expect("heap verifies");
        let a = vm.slot(s);
        assert!(is_double_store(vm.elements_of(a)));
        assert_eq!(vm.elements_kind(a), HOLEY_DOUBLE_ELEMENTS);
        assert_eq!(vm.element(a, 0), Element::Double(0.5));
        assert_eq!(vm.element(a, 1), Element::Hole);
        assert!(matches!(vm.element(a, 2), Element::Double(d) if d == 0.0 && d.is_sign_negative()));
        assert!(matches!(vm.element(a, 3), Element::Double(d) if d.is_nan()));
        assert_eq!(vm.element(a, 4), Element::Double(1e300));
        assert_eq!(vm.element(a, 5), Element::Hole, "past the store");
    }
    let sum = eval(
        &mut vm,
        "let t = 0; for (let i = 0; i < big.length; i++) t += big[i]; t + %HasDoubleElements(big)",
    );
    assert_eq!(vm.number_value(vm.slot(sum)), Some(4999950000.0 + 25000.0 + 1.0));
}

#[test]
fn elements_kind_transitions_hang_off_the_root_of_the_tree() {
    let mut vm = vm();
    let root = vm.root(Root::ArrayMap);
    assert_eq!(elements_kind_of(root), PACKED_SMI_ELEMENTS);
    let s = eval(&mut vm, "[1.5]");
    let double_map = vm.map_of(vm.slot(s));
    assert_eq!(elements_kind_of(double_map), PACKED_DOUBLE_ELEMENTS);
    assert_eq!(back_pointer(&vm, double_map), Some(root));
    assert!(shape::is_elements_transition_child(&vm, double_map));
    assert!(vm.transitions_of(root).contains(&double_map));
    let symbol = vm.root(Root::ElementsTransitionSymbol);
    assert_eq!(vm.find_transition(root, symbol, PACKED_DOUBLE_ELEMENTS), Some(double_map));
    // A double array going to object kind transitions from the root, not from its map.
    let o = eval(&mut vm, "var d = [2.5]; d[0] = 'x'; d");
    let object_map = vm.map_of(vm.slot(o));
    assert_eq!(elements_kind_of(object_map), PACKED_ELEMENTS);
    assert_eq!(back_pointer(&vm, object_map), Some(root));
    assert!(vm.transitions_of(double_map).is_empty());
}

#[test]
fn objects_reaching_a_kind_by_different_paths_share_a_map() {
    let mut vm = vm();
    let a = eval(&mut vm, "var a = [1.5]; a.x = 1; a.y = 2; a");
    let b = eval(&mut vm, "var b = [1]; b.x = 1; b.y = 2; b[0] = 2.5; b");
    let (ma, mb) = (vm.map_of(vm.slot(a)), vm.map_of(vm.slot(b)));
    assert_eq!(ma, mb);
    assert_eq!(elements_kind_of(ma), PACKED_DOUBLE_ELEMENTS);
    // The Smi-kind map b came from is another branch of the same tree.
    let c = eval(&mut vm, "var c = [1]; c.x = 1; c.y = 2; c");
    let mc = vm.map_of(vm.slot(c));
    assert_ne!(mc, ma);
    assert_eq!(elements_kind_of(mc), PACKED_SMI_ELEMENTS);
    // Holey is another kind: a map of its own, shared the same way.
    let h1 = eval(&mut vm, "var h1 = [1.5, 2.5]; h1.x = 1; h1.y = 2; delete h1[1]; h1");
    let h2 = eval(&mut vm, "var h2 = [1.5, , 2.5]; h2.x = 3; h2.y = 4; h2");
    let (m1, m2) = (vm.map_of(vm.slot(h1)), vm.map_of(vm.slot(h2)));
    assert_eq!(m1, m2);
    assert!(elements_kind::is_holey(elements_kind_of(m1)));
    // Field representations of the replayed map cover the values that moved there.
    let r = eval(
        &mut vm,
        "var p = [1]; p.f = 0.5; p[0] = 1.5; var q = [1.5]; q.f = 1; [p.f, q.f, %HaveSameMap(p, q)].join()",
    );
    let text = vm.slot(r);
    assert_eq!(vm.string_to_rust(text), "0.5,1,true");
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    vm.heap.verify().expect("heap verifies");
}

#[test]
fn a_smi_store_becomes_doubles_then_boxed_values_in_place() {
    let mut vm = vm();
    let s = eval(&mut vm, "var t = [1, 2, 3]; t");
    assert!(!is_double_store(vm.elements_of(vm.slot(s))));
    eval(&mut vm, "t[1] = 0.5");
    let a = vm.slot(s);
    assert!(is_double_store(vm.elements_of(a)));
    assert_eq!((vm.element(a, 0), vm.element(a, 1)), (Element::Double(1.0), Element::Double(0.5)));
    eval(&mut vm, "t[2] = 'x'");
    let a = vm.slot(s);
    assert!(!is_double_store(vm.elements_of(a)));
    assert_eq!(
        vm.element(a, 0),
        Element::Value(Tagged::smi(1)),
        "integral doubles come back as Smis"
    );
    assert!(matches!(vm.element(a, 1), Element::Value(v) if vm.number_value(v) == Some(0.5)));
    vm.heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
    vm.heap.verify().expect("heap verifies");
}

/// Each way of giving the initial `Array.prototype` or `Object.prototype` an indexed property
/// (or another prototype) clears the NoElementsProtector, after which holes read through
/// the chain again; each runs in a fresh VM whose array builtins already used the protector.
#[test]
fn indexed_properties_on_the_initial_prototypes_are_seen_through_holes() {
    let cases = [
        ("Array.prototype[1] = 'P'", "0,P,2|true|P"),
        ("Object.prototype[1] = 'O'", "0,O,2|true|O"),
        ("Object.setPrototypeOf(Array.prototype, { 1: 'S' })", "0,S,2|true|S"),
        (
            "Object.defineProperty(Array.prototype, 1, { get() { return 'G'; } })",
            "0,G,2|true|G",
        ),
        ("Array.prototype.push('Q', 'Q')", "0,Q,2|true|Q"),
    ];
    for (change, expected) in cases {
        let mut vm = vm();
        let warm = "var seen = ''; for (var i = 0; i < 3; i++) seen = [0, , 2].map((x) => x).join(); var p = []; p.push(1); seen";
        let s = eval(&mut vm, warm);
        assert_eq!(vm.to_display_string(vm.slot(s)).unwrap(), "0,,2");
        eval(&mut vm, change);
        let s = eval(
            &mut vm,
            "var h = [0, , 2]; var q = []; q.push(9); [h.map((x) => x).join(), h.some((x) => x !== 0 && x !== 2), h[1]].join('|')",
        );
        assert_eq!(vm.to_display_string(vm.slot(s)).unwrap(), expected, "after {change}");
    }
}
