//! Per-prototype validity cells through the VM's Rust interface: an inline cache that loads
//! from a prototype holds the cell of its receivers' prototype, a change to another chain
//! leaves that cell (and so the cache) valid, a change anywhere on its own chain invalidates
//! it, and prototype users lists let go of maps that died.

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::descriptors::{cell, feedback_vector as fv};
use tagus_heap::objects::map::{
    PROTOTYPE_CHAIN_INVALID, PROTOTYPE_CHAIN_VALID, PROTOTYPE_VALIDITY_CELL_OFFSET, TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET,
};
use tagus_heap::objects::prototype_info::{PROTOTYPE_USERS_OFFSET, USERS_COUNT_INDEX, USERS_ENTRIES_START};
use tagus_heap::{GcKind, GcReason, HeapConfig, Tagged};
use tagus_vm::ic::IcState;
use tagus_vm::object::{fixed_get, fixed_len};
use tagus_vm::{Vm, VmOptions};

fn vm() -> Vm {
    Vm::new(HeapConfig::default(), VmOptions::default()).expect("vm")
}

/// Evaluates `source` and returns its completion value kept in a stack slot.
fn eval(vm: &mut Vm, source: &str) -> usize {
    let v = vm.eval(source, "prototype_cells.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    });
    vm.push(v)
}

fn field(object: Tagged, offset: usize) -> Tagged {
    HeapObject::from_tagged(object).read_tagged(offset)
}

/// The `[handler, validity cell, holder]` handler of the monomorphic first IC of the
/// function in `f_slot`.
fn handler(vm: &Vm, f_slot: usize) -> Tagged {
    let vector = vm.feedback_vector_of(vm.slot(f_slot)).expect("a bytecode function");
    assert_eq!(vm.ic_state(vector, 0), IcState::Monomorphic);
    fixed_get(vector, fv::extra_index(0))
}

fn handler_cell(vm: &Vm, f_slot: usize) -> Tagged {
    fixed_get(handler(vm, f_slot), 1)
}

fn cell_value(c: Tagged) -> Tagged {
    field(c, cell::VALUE_OFFSET)
}

/// The validity cell field of the map of the object `source` evaluates to.
fn map_cell(vm: &mut Vm, source: &str) -> Tagged {
    let s = eval(vm, source);
    field(vm.map_of(vm.slot(s)), PROTOTYPE_VALIDITY_CELL_OFFSET)
}

#[test]
fn a_change_to_one_prototype_leaves_unrelated_chains_valid() {
    let mut vm = vm();
    eval(
        &mut vm,
        "class A { m() { return 1 } } class A2 extends A {} class B { m() { return 2 } }
         var a = new A2(), b = new B();
         function loadA(o) { return o.m } function loadB(o) { return o.m }
         for (let i = 0; i < 3; i++) { loadA(a); loadB(b) }
         [loadA, loadB]",
    );
    let load_a = eval(&mut vm, "loadA");
    let load_b = eval(&mut vm, "loadB");
    let (cell_a, cell_b) = (handler_cell(&vm, load_a), handler_cell(&vm, load_b));
    assert_ne!(cell_a, cell_b, "one cell per prototype");
    assert_eq!(cell_a, map_cell(&mut vm, "A2.prototype"), "the cell lives in the prototype's map");
    assert_eq!(cell_b, map_cell(&mut vm, "B.prototype"));
    assert_eq!(map_cell(&mut vm, "a"), PROTOTYPE_CHAIN_VALID, "an ordinary map holds no cell");

    // B's chain changes: only B's cell goes.
    let handler_a = handler(&vm, load_a);
    eval(&mut vm, "B.prototype.extra = 1");
    assert_eq!(cell_value(cell_b), PROTOTYPE_CHAIN_INVALID);
    assert_eq!(cell_value(cell_a), PROTOTYPE_CHAIN_VALID);
    eval(&mut vm, "for (let i = 0; i < 3; i++) loadA(a)");
    assert_eq!(handler(&vm, load_a), handler_a, "loadA never missed");

    // A grand-prototype of `a` changes: A2.prototype's cell goes through the users registry.
    eval(&mut vm, "A.prototype.extra = 1");
    assert_eq!(cell_value(cell_a), PROTOTYPE_CHAIN_INVALID);
    assert_eq!(
        map_cell(&mut vm, "A2.prototype"),
        PROTOTYPE_CHAIN_VALID,
        "invalidation empties the field"
    );
    let s = eval(&mut vm, "loadA(a)()");
    assert_eq!(vm.number_value(vm.slot(s)), Some(1.0));
    let fresh = handler_cell(&vm, load_a);
    assert_ne!(fresh, cell_a);
    assert_eq!(cell_value(fresh), PROTOTYPE_CHAIN_VALID);

    // Object.prototype is on every chain.
    eval(&mut vm, "loadB(b); Object.prototype.everywhere = 1");
    assert_eq!(cell_value(fresh), PROTOTYPE_CHAIN_INVALID);
    assert_eq!(cell_value(handler_cell(&vm, load_b)), PROTOTYPE_CHAIN_INVALID);
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    vm.heap.verify().expect("heap verifies");
}

#[test]
fn a_receiver_without_a_prototype_needs_no_cell() {
    let mut vm = vm();
    let f = eval(
        &mut vm,
        "var bare = { __proto__: null, a: 1 };
         function absent(o) { return o.b }
         for (let i = 0; i < 3; i++) absent(bare);
         absent",
    );
    assert_eq!(handler_cell(&vm, f), PROTOTYPE_CHAIN_VALID);
    let s = eval(&mut vm, "bare.b = 2; absent(bare)");
    assert_eq!(vm.number_value(vm.slot(s)), Some(2.0), "the receiver's map changed");
}

#[test]
fn prototype_users_are_weak() {
    let mut vm = vm();
    let proto = eval(
        &mut vm,
        "class Base { m() { return 1 } }
         function load(o) { return o.m }
         (function () { for (let i = 0; i < 20; i++) { const C = class extends Base {}; load(new C()) } })();
         Base.prototype",
    );
    let users = |vm: &Vm| {
        let info = field(vm.map_of(vm.slot(proto)), TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
        field(info, PROTOTYPE_USERS_OFFSET)
    };
    let live_users = |vm: &Vm| {
        let list = users(vm);
        let count = fixed_get(list, USERS_COUNT_INDEX).smi_value() as usize;
        (0..count)
            .filter(|&i| {
                let entry = fixed_get(list, USERS_ENTRIES_START + i);
                entry.is_weak() && !entry.is_cleared()
            })
            .count()
    };
    assert_eq!(live_users(&vm), 20, "each subclass prototype's map registered with Base.prototype");
    let capacity = fixed_len(users(&vm));
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    vm.heap.verify().expect("heap verifies");
    assert_eq!(live_users(&vm), 0, "the subclasses died, and their entries were cleared");
    // Filling the list up again compacts it rather than growing it.
    let s = eval(
        &mut vm,
        "const keep = [];
         for (let i = 0; i < 20; i++) { const C = class extends Base {}; keep.push(new C()); load(keep[i]) }
         load(keep[19])()",
    );
    assert_eq!(vm.number_value(vm.slot(s)), Some(1.0));
    assert_eq!(live_users(&vm), 20);
    assert_eq!(fixed_len(users(&vm)), capacity);
    vm.heap.verify().expect("heap verifies");
}
