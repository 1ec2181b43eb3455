//! Global variables through the VM's Rust interface: global ICs cache the PropertyCell of a
//! global-object property, and deleting the property, reconfiguring it or shadowing it with a
//! later script's `let` kills that cell so the ICs miss; stores move the cell type along V8's
//! lattice.

use tagus_heap::objects::InstanceType;
use tagus_heap::{GcKind, GcReason, HeapConfig, Tagged};
use tagus_vm::ic::IcState;
use tagus_vm::{Root, Vm, VmOptions, dictionary, property_cell};

fn vm() -> Vm {
    Vm::new(HeapConfig::default(), VmOptions::default()).expect("vm")
}

/// Evaluates `source` (one script) and returns its completion value.
fn eval(vm: &mut Vm, source: &str) -> Tagged {
    vm.eval(source, "globals.js").unwrap_or_else(|_| {
        let e = vm.exception();
        panic!("threw {}", vm.inspect(e).unwrap_or_default())
    })
}

fn eval_string(vm: &mut Vm, source: &str) -> String {
    let v = eval(vm, source);
    vm.string_to_rust(v)
}

/// The PropertyCell the first feedback slot of the global function `f` holds.
fn cell_of(vm: &mut Vm, f: &str) -> Option<Tagged> {
    let f = eval(vm, f);
    let vector = vm.feedback_vector_of(f).expect("a bytecode function");
    vm.global_ic_cell(vector, 0)
}

/// The cell the global dictionary holds for `name`.
fn dictionary_cell(vm: &mut Vm, name: &str) -> Tagged {
    let name = vm.intern(name).expect("interned");
    let dict = vm.properties_of(vm.root(Root::GlobalObject));
    let entry = dictionary::find(dict, name).expect("a global property");
    dictionary::property_cell_at(dict, entry)
}

fn is_dead(vm: &Vm, cell: Tagged) -> bool {
    property_cell::value(cell) == vm.hole()
}

#[test]
fn a_global_ic_holds_the_property_cell_until_the_property_is_deleted_or_redefined() {
    let mut vm = vm();
    eval(
        &mut vm,
        "g = 1; function readG() { return g } function writeG(v) { g = v } writeG(2); readG()",
    );
    let cell = cell_of(&mut vm, "readG").expect("a cell");
    assert_eq!(vm.instance_type(cell), Some(InstanceType::PropertyCell));
    assert_eq!(cell_of(&mut vm, "writeG"), Some(cell), "loads and stores share the cell");
    assert_eq!(dictionary_cell(&mut vm, "g"), cell, "the global dictionary's cell");
    assert_eq!(property_cell::value(cell), Tagged::smi(2));

    // Deleting kills the cell: the load misses and throws, a new property gets a new cell.
    eval(&mut vm, "delete globalThis.g");
    assert!(is_dead(&vm, cell));
    assert_eq!(eval_string(&mut vm, "try { readG() } catch (e) { e.name }"), "ReferenceError");
    assert_eq!(eval(&mut vm, "writeG(5); readG()"), Tagged::smi(5));
    let fresh = cell_of(&mut vm, "readG").expect("a cell");
    assert_ne!(fresh, cell);
    assert_eq!(cell_of(&mut vm, "writeG"), Some(fresh));

    // An accessor replaces the cell: the ICs miss and the getter and setter run.
    eval(
        &mut vm,
        "var log = ''; Object.defineProperty(globalThis, 'g', { get() { return 'got' }, set(v) { log += v }, configurable: true })",
    );
    assert!(is_dead(&vm, fresh));
    assert_eq!(eval_string(&mut vm, "writeG('set'); readG() + ' ' + log"), "got set");

    // Accessor cells are not cached, and the dead cell was held weakly: a full GC clears it.
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    assert_eq!(cell_of(&mut vm, "readG"), None);
    let f = eval(&mut vm, "readG");
    let vector = vm.feedback_vector_of(f).expect("a bytecode function");
    assert_eq!(vm.ic_state(vector, 0), IcState::Uninitialized);
}

#[test]
fn making_a_global_read_only_kills_the_cell_its_store_ic_holds() {
    let mut vm = vm();
    eval(
        &mut vm,
        "r = 0; function writeR(v) { r = v } for (let i = 1; i <= 3; i++) writeR(i)",
    );
    let cell = cell_of(&mut vm, "writeR").expect("a cell");
    eval(&mut vm, "Object.defineProperty(globalThis, 'r', { writable: false })");
    assert!(is_dead(&vm, cell));
    let read_only = dictionary_cell(&mut vm, "r");
    assert!(!property_cell::details(read_only).is_writable_data());
    assert_eq!(
        eval(&mut vm, "writeR(4); writeR(5); r"),
        Tagged::smi(3),
        "sloppy stores are ignored"
    );
    // Changing only enumerability keeps the cell.
    eval(&mut vm, "s = 1; function readS() { return s } readS()");
    let kept = cell_of(&mut vm, "readS").expect("a cell");
    eval(&mut vm, "Object.defineProperty(globalThis, 's', { enumerable: false })");
    assert!(!is_dead(&vm, kept));
    assert_eq!(cell_of(&mut vm, "readS"), Some(kept));
}

#[test]
fn a_later_scripts_let_shadows_a_cached_global_property() {
    let mut vm = vm();
    eval(
        &mut vm,
        "shadowed = 'property'; function readS() { return shadowed } function writeS(v) { shadowed = v }
         writeS('property 2'); readS()",
    );
    let cell = cell_of(&mut vm, "readS").expect("a cell");
    // A second script: its `let` may shadow the configurable property of the same name.
    eval(&mut vm, "let shadowed = 'lexical'");
    assert!(is_dead(&vm, cell), "the ICs holding the old cell miss");
    assert_eq!(eval_string(&mut vm, "readS()"), "lexical");
    assert_eq!(eval_string(&mut vm, "writeS('lexical 2'); shadowed"), "lexical 2");
    assert_eq!(eval_string(&mut vm, "globalThis.shadowed"), "property 2", "the property stays");
    assert_eq!(cell_of(&mut vm, "readS"), None, "now a script-context IC");
    let f = eval(&mut vm, "readS");
    let vector = vm.feedback_vector_of(f).expect("a bytecode function");
    assert_eq!(vm.ic_state(vector, 0), IcState::Monomorphic);
    // `const` and `class` shadow the same way.
    eval(
        &mut vm,
        "k = 1; c = 2; function readK() { return k } function readC() { return c } readK() + readC()",
    );
    let (k, c) = (
        cell_of(&mut vm, "readK").expect("a cell"),
        cell_of(&mut vm, "readC").expect("a cell"),
    );
    eval(&mut vm, "const k = 'const'; class c {}");
    assert!(is_dead(&vm, k) && is_dead(&vm, c));
    assert_eq!(eval_string(&mut vm, "readK() + ' ' + typeof readC()"), "const function");
    // A non-configurable property (a `var`) cannot be shadowed.
    eval(&mut vm, "var fixed = 1");
    assert!(vm.eval("let fixed = 2", "clash.js").is_err());
}

#[test]
fn stores_move_the_cell_type_along_v8s_lattice() {
    use tagus_heap::objects::property_cell::CellType;
    let mut vm = vm();
    let cell_type = |vm: &mut Vm| property_cell::details(dictionary_cell(vm, "t")).cell_type();
    eval(&mut vm, "t = undefined; function writeT(v) { t = v }");
    assert_eq!(cell_type(&mut vm), CellType::Undefined);
    eval(&mut vm, "writeT(1); writeT(1)");
    assert_eq!(cell_type(&mut vm), CellType::Constant);
    eval(&mut vm, "for (let i = 0; i < 10; i++) writeT(i)");
    assert_eq!(cell_type(&mut vm), CellType::ConstantType, "Smis only, through the IC");
    eval(&mut vm, "writeT('a string')");
    assert_eq!(cell_type(&mut vm), CellType::Mutable);
    eval(
        &mut vm,
        "Object.defineProperty(globalThis, 'a', { get() { return 1 }, configurable: true })",
    );
    assert_eq!(
        property_cell::details(dictionary_cell(&mut vm, "a")).cell_type(),
        CellType::Mutable,
        "accessors"
    );
}
