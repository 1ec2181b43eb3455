//! `WeakMap`, `WeakSet`, `WeakRef` and `FinalizationRegistry`, and the host side of weak
//! references: KeepDuringJob (`Vm::clear_kept_objects`) and the cleanup tasks
//! (`Vm::run_pending_finalization_tasks`).
//!
//! The heap does the weak part (`tagus_heap::weak`, layouts in `objects/js_weak.rs`):
//! WeakMap and WeakSet keep their entries in an `EphemeronHashTable`, a WeakRef holds its
//! target by a weak pointer, a FinalizationRegistry keeps cells (weak target, holdings,
//! weak unregister token). Mark-compact clears what died and queues registries with dead
//! targets; their cleanup callbacks run only when the host calls
//! `run_pending_finalization_tasks` after a script (a job) has finished — never inside a GC.
//!
//! Invariant: every value held across an allocating call is in a JS stack slot (receiver
//! and arguments are re-read with `vm.this`/`vm.arg`).

use tagus_heap::Tagged;
use tagus_heap::objects::js_weak::{finalization_registry, weak_collection, weak_ref};
use tagus_heap::objects::{HeapObject, InstanceType};

use crate::dictionary::{self, DONT_ENUM, READ_ONLY};
use crate::{Args, JsResult, NativeFn, Root, Vm};

/// One constructor with its prototype, instance map and methods.
struct Family {
    name: &'static str,
    length: u32,
    constructor: NativeFn,
    prototype: Root,
    constructor_root: Root,
    map: Root,
    instance_type: InstanceType,
    size: usize,
    methods: &'static [(&'static str, u32, NativeFn)],
}

const FAMILIES: [Family; 4] = [
    Family {
        name: "WeakMap",
        length: 0,
        constructor: weak_map_constructor,
        prototype: Root::WeakMapPrototype,
        constructor_root: Root::WeakMapConstructor,
        map: Root::WeakMapMap,
        instance_type: InstanceType::JsWeakMap,
        size: weak_collection::SIZE,
        methods: &[
            ("delete", 1, weak_map_delete),
            ("get", 1, weak_map_get),
            ("set", 2, weak_map_set),
            ("has", 1, weak_map_has),
        ],
    },
    Family {
        name: "WeakSet",
        length: 0,
        constructor: weak_set_constructor,
        prototype: Root::WeakSetPrototype,
        constructor_root: Root::WeakSetConstructor,
        map: Root::WeakSetMap,
        instance_type: InstanceType::JsWeakSet,
        size: weak_collection::SIZE,
        methods: &[("delete", 1, weak_set_delete), ("has", 1, weak_set_has), ("add", 1, weak_set_add)],
    },
    Family {
        name: "WeakRef",
        length: 1,
        constructor: weak_ref_constructor,
        prototype: Root::WeakRefPrototype,
        constructor_root: Root::WeakRefConstructor,
        map: Root::WeakRefMap,
        instance_type: InstanceType::JsWeakRef,
        size: weak_ref::SIZE,
        methods: &[("deref", 0, weak_ref_deref)],
    },
    Family {
        name: "FinalizationRegistry",
        length: 1,
        constructor: finalization_registry_constructor,
        prototype: Root::FinalizationRegistryPrototype,
        constructor_root: Root::FinalizationRegistryConstructor,
        map: Root::FinalizationRegistryMap,
        instance_type: InstanceType::JsFinalizationRegistry,
        size: finalization_registry::SIZE,
        methods: &[("register", 2, registry_register), ("unregister", 1, registry_unregister)],
    },
];

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let mark = vm.stack_mark();
    for family in &FAMILIES {
        let proto = vm.new_object()?;
        vm.set_root(family.prototype, proto);
        let map = vm.new_map(family.instance_type, family.size, proto)?;
        vm.set_root(family.map, map);
        let ps = vm.push(vm.root(family.prototype));
        vm.install_constructor(
            family.name,
            family.length,
            family.constructor,
            family.prototype,
            family.constructor_root,
        )?;
        for &(name, length, f) in family.methods {
            vm.install_method(ps, name, length, f)?;
        }
        let tag = vm.new_string(family.name)?;
        let key = vm.root(Root::SymbolToStringTag);
        vm.define_own_data(vm.slot(ps), key, tag, DONT_ENUM | READ_ONLY)?;
        vm.truncate_stack(mark);
    }
    Ok(())
}

// ---- shared helpers -----------------------------------------------------------------------

/// Whether `s` is a symbol in the global registry (`Symbol.for`).
fn is_registered_symbol(vm: &Vm, s: Tagged) -> bool {
    let description = vm.symbol_description(s);
    if !vm.is_string(description) || !HeapObject::from_tagged(description).map().instance_type().is_internalized_string() {
        return false;
    }
    let registry = vm.root(Root::SymbolRegistry);
    dictionary::find(registry, description).is_some_and(|entry| dictionary::value_at(registry, entry) == s)
}

/// CanBeHeldWeakly: an object, or a symbol not in the global registry.
fn can_be_held_weakly(vm: &Vm, v: Tagged) -> bool {
    vm.is_object(v) || (vm.is_symbol(v) && !is_registered_symbol(vm, v))
}

/// The receiver if it has `instance_type`, else V8's incompatible-receiver TypeError.
fn this_of_type(vm: &mut Vm, args: Args, instance_type: InstanceType, method: &str) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.instance_type(this) == Some(instance_type) {
        return Ok(this);
    }
    let shown = vm.to_display_string(this)?;
    Err(vm.throw_type_error(&format!("Method {method} called on incompatible receiver {shown}")))
}

/// OrdinaryCreateFromConstructor for a builtin `family` with `new.target` in the arguments;
/// TypeError when called without `new`.
fn create_from_new_target(vm: &mut Vm, args: Args, family: &Family) -> JsResult<Tagged> {
    let nt = vm.new_target(args);
    if nt == vm.undefined() {
        return Err(vm.throw_type_error(&format!("Constructor {} requires 'new'", family.name)));
    }
    if nt == vm.root(family.constructor_root) {
        return vm.allocate_js_object(family.map);
    }
    // A subclass (or Reflect.construct): the prototype comes from new.target.
    let proto = vm.get_named(nt, Root::NamePrototype)?;
    let proto = if vm.is_object(proto) { proto } else { vm.root(family.prototype) };
    let map = vm.new_map(family.instance_type, family.size, proto)?;
    let ms = vm.push(map);
    let o = vm.allocate_js_object_with_map(ms);
    vm.truncate_stack(ms);
    o
}

/// V8's description of a value that is not iterable (`number 5`, `object`, `symbol`).
fn not_iterable_description(vm: &mut Vm, v: Tagged) -> JsResult<String> {
    if vm.is_callable(v) {
        return Ok("function".into());
    }
    if vm.is_object(v) {
        return Ok("object".into());
    }
    if vm.is_symbol(v) {
        return Ok("symbol".into());
    }
    let type_name = vm.type_of(v);
    let type_name = vm.string_to_rust(type_name);
    let shown = vm.to_display_string(v)?;
    Ok(format!("{type_name} {shown}"))
}

/// The table of a WeakMap or WeakSet.
fn table_of(collection: Tagged) -> Tagged {
    HeapObject::from_tagged(collection).read_tagged(weak_collection::TABLE_OFFSET)
}

/// Sets `key → value` in the table of the collection in `collection_slot`.
fn collection_put(vm: &mut Vm, collection_slot: usize, key: Tagged, value: Tagged) -> JsResult<()> {
    let table = table_of(vm.slot(collection_slot));
    let table = vm.heap.ephemeron_table_put(table, key, value).map_err(|_| vm.out_of_memory())?;
    HeapObject::from_tagged(vm.slot(collection_slot)).write_tagged(weak_collection::TABLE_OFFSET, table);
    Ok(())
}

/// The shared part of the WeakMap and WeakSet constructors: create the collection, then
/// add every item of the iterable argument through `adder_name` (`set` with an entry's `0`
/// and `1`, or `add` with the item).
fn construct_collection(vm: &mut Vm, args: Args, family: &Family, adder_name: Root, entries: bool) -> JsResult<Tagged> {
    let o = create_from_new_target(vm, args, family)?;
    let os = vm.push(o);
    let table = vm.heap.new_ephemeron_hash_table(0).map_err(|_| vm.out_of_memory())?;
    HeapObject::from_tagged(vm.slot(os)).write_tagged(weak_collection::TABLE_OFFSET, table);
    let iterable = vm.arg(args, 0);
    if vm.is_nullish(iterable) {
        return Ok(vm.slot(os));
    }
    let adder = vm.get_named(vm.slot(os), adder_name)?;
    if !vm.is_callable(adder) {
        let shown = vm.to_display_string(adder)?;
        let name = vm.string_to_rust(vm.root(adder_name));
        let object = vm.to_display_string(vm.slot(os))?;
        return Err(vm.throw_type_error(&format!(
            "'{shown}' returned for property '{name}' of object '{object}' is not a function"
        )));
    }
    let adder_slot = vm.push(adder);
    let iterable = vm.arg(args, 0);
    let key = vm.root(Root::SymbolIterator);
    let method = vm.get_property(iterable, key)?;
    if !vm.is_callable(method) {
        let shown = not_iterable_description(vm, vm.arg(args, 0))?;
        return Err(vm.throw_type_error(&format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")));
    }
    let iterator = vm.call(method, vm.arg(args, 0), &[])?;
    if !vm.is_object(iterator) {
        return Err(vm.throw_type_error("Result of the Symbol.iterator method is not an object"));
    }
    let is = vm.push(iterator);
    let next = vm.get_named(iterator, Root::NameNext)?;
    let ns = vm.push(next);
    let mark = vm.stack_mark();
    loop {
        vm.truncate_stack(mark);
        let next = vm.slot(ns);
        if !vm.is_callable(next) {
            let shown = not_iterable_description(vm, next)?;
            return Err(vm.throw_type_error(&format!("{shown} is not a function")));
        }
        let result = vm.call(next, vm.slot(is), &[])?;
        if !vm.is_object(result) {
            let shown = vm.to_display_string(result)?;
            return Err(vm.throw_type_error(&format!("Iterator result {shown} is not an object")));
        }
        let rs = vm.push(result);
        let done = vm.get_named(result, Root::NameDone)?;
        if vm.to_boolean(done) {
            return Ok(vm.slot(os));
        }
        let item = vm.get_named(vm.slot(rs), Root::NameValue)?;
        let item_slot = vm.push(item);
        let step = (|| -> JsResult<()> {
            if entries {
                if !vm.is_object(vm.slot(item_slot)) {
                    let shown = vm.to_display_string(vm.slot(item_slot))?;
                    return Err(vm.throw_type_error(&format!("Iterator value {shown} is not an entry object")));
                }
                let k = vm.get_property(vm.slot(item_slot), Tagged::smi(0))?;
                let ks = vm.push(k);
                let v = vm.get_property(vm.slot(item_slot), Tagged::smi(1))?;
                vm.call(vm.slot(adder_slot), vm.slot(os), &[vm.slot(ks), v])?;
            } else {
                vm.call(vm.slot(adder_slot), vm.slot(os), &[vm.slot(item_slot)])?;
            }
            Ok(())
        })();
        if let Err(t) = step {
            return Err(vm.iterator_close_on_throw(is, t));
        }
    }
}

// ---- WeakMap ------------------------------------------------------------------------------

fn weak_map_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    construct_collection(vm, args, &FAMILIES[0], Root::NameSet, true)
}

fn weak_map_get(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakMap, "WeakMap.prototype.get")?;
    let key = vm.arg(args, 0);
    if !can_be_held_weakly(vm, key) {
        return Ok(vm.undefined());
    }
    Ok(vm.heap.ephemeron_table_get(table_of(this), key).unwrap_or(vm.undefined()))
}

fn weak_map_has(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakMap, "WeakMap.prototype.has")?;
    let key = vm.arg(args, 0);
    let found = can_be_held_weakly(vm, key) && vm.heap.ephemeron_table_get(table_of(this), key).is_some();
    Ok(vm.boolean(found))
}

fn weak_map_delete(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakMap, "WeakMap.prototype.delete")?;
    let key = vm.arg(args, 0);
    let removed = can_be_held_weakly(vm, key) && vm.heap.ephemeron_table_remove(table_of(this), key);
    Ok(vm.boolean(removed))
}

fn weak_map_set(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_of_type(vm, args, InstanceType::JsWeakMap, "WeakMap.prototype.set")?;
    let key = vm.arg(args, 0);
    if !can_be_held_weakly(vm, key) {
        return Err(vm.throw_type_error("Invalid value used as weak map key"));
    }
    collection_put(vm, args.base, key, vm.arg(args, 1))?;
    Ok(vm.this(args))
}

// ---- WeakSet ------------------------------------------------------------------------------

fn weak_set_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    construct_collection(vm, args, &FAMILIES[1], Root::NameAdd, false)
}

fn weak_set_has(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakSet, "WeakSet.prototype.has")?;
    let value = vm.arg(args, 0);
    let found = can_be_held_weakly(vm, value) && vm.heap.ephemeron_table_get(table_of(this), value).is_some();
    Ok(vm.boolean(found))
}

fn weak_set_delete(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakSet, "WeakSet.prototype.delete")?;
    let value = vm.arg(args, 0);
    let removed = can_be_held_weakly(vm, value) && vm.heap.ephemeron_table_remove(table_of(this), value);
    Ok(vm.boolean(removed))
}

fn weak_set_add(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_of_type(vm, args, InstanceType::JsWeakSet, "WeakSet.prototype.add")?;
    let value = vm.arg(args, 0);
    if !can_be_held_weakly(vm, value) {
        return Err(vm.throw_type_error("Invalid value used in weak set"));
    }
    let t = vm.true_value();
    collection_put(vm, args.base, value, t)?;
    Ok(vm.this(args))
}

// ---- WeakRef ------------------------------------------------------------------------------

fn weak_ref_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    if vm.new_target(args) == vm.undefined() {
        return Err(vm.throw_type_error("Constructor WeakRef requires 'new'"));
    }
    if !can_be_held_weakly(vm, vm.arg(args, 0)) {
        return Err(vm.throw_type_error("WeakRef: invalid target"));
    }
    let r = create_from_new_target(vm, args, &FAMILIES[2])?;
    let target = vm.arg(args, 0);
    vm.heap.keep_during_job(target);
    HeapObject::from_tagged(r).write_tagged(weak_ref::TARGET_OFFSET, target.to_weak());
    Ok(r)
}

fn weak_ref_deref(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(vm, args, InstanceType::JsWeakRef, "WeakRef.prototype.deref")?;
    let target = HeapObject::from_tagged(this).read_tagged(weak_ref::TARGET_OFFSET);
    if target.is_cleared() {
        return Ok(vm.undefined());
    }
    let target = target.to_strong();
    vm.heap.keep_during_job(target);
    Ok(target)
}

// ---- FinalizationRegistry -----------------------------------------------------------------

fn finalization_registry_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    if vm.new_target(args) == vm.undefined() {
        return Err(vm.throw_type_error("Constructor FinalizationRegistry requires 'new'"));
    }
    if !vm.is_callable(vm.arg(args, 0)) {
        return Err(vm.throw_type_error("FinalizationRegistry: cleanup must be callable"));
    }
    let r = create_from_new_target(vm, args, &FAMILIES[3])?;
    let rs = vm.push(r);
    vm.heap
        .init_finalization_registry(r, vm.arg(args, 0))
        .map_err(|_| vm.out_of_memory())?;
    Ok(vm.slot(rs))
}

fn invalid_token(vm: &mut Vm, token: Tagged) -> JsResult<Tagged> {
    let shown = vm.to_display_string(token)?;
    Err(vm.throw_type_error(&format!("Invalid unregisterToken ('{shown}')")))
}

fn registry_register(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_of_type(
        vm,
        args,
        InstanceType::JsFinalizationRegistry,
        "FinalizationRegistry.prototype.register",
    )?;
    let target = vm.arg(args, 0);
    if !can_be_held_weakly(vm, target) {
        return Err(vm.throw_type_error("FinalizationRegistry.prototype.register: invalid target"));
    }
    if target == vm.arg(args, 1) {
        return Err(vm.throw_type_error("FinalizationRegistry.prototype.register: target and holdings must not be same"));
    }
    let token = vm.arg(args, 2);
    if !can_be_held_weakly(vm, token) && token != vm.undefined() {
        return invalid_token(vm, token);
    }
    vm.heap
        .finalization_registry_register(vm.this(args), target, vm.arg(args, 1), token)
        .map_err(|_| vm.out_of_memory())?;
    Ok(vm.undefined())
}

fn registry_unregister(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = this_of_type(
        vm,
        args,
        InstanceType::JsFinalizationRegistry,
        "FinalizationRegistry.prototype.unregister",
    )?;
    let token = vm.arg(args, 0);
    if !can_be_held_weakly(vm, token) {
        return invalid_token(vm, token);
    }
    let removed = vm.heap.finalization_registry_unregister(this, token);
    Ok(vm.boolean(removed))
}

impl Vm {
    /// Ends the current job for WeakRefs (the spec's ClearKeptObjects): targets created or
    /// dereferenced during it may now be collected.
    pub fn clear_kept_objects(&mut self) {
        self.heap.clear_kept_objects();
    }

    /// Runs the FinalizationRegistry cleanup tasks that are due, as a host does between
    /// tasks: the job that just ended releases its kept WeakRef targets, then each queued
    /// registry's callback is called with the holdings of each of its cells whose target
    /// died, newest first, each registry's cleanup being one job. Tasks queued while this
    /// runs (a callback that triggers a GC) run too. Stops at the first callback that
    /// throws, leaving the exception pending (the host reports it as uncaught).
    pub fn run_pending_finalization_tasks(&mut self) -> JsResult<()> {
        self.clear_kept_objects();
        while let Some(registry) = self.heap.next_dirty_finalization_registry() {
            let mark = self.stack_mark();
            let rs = self.push(registry);
            let result = (|| -> JsResult<()> {
                while let Some(holdings) = self.heap.finalization_registry_take_cleared(self.slot(rs)) {
                    let cleanup = HeapObject::from_tagged(self.slot(rs)).read_tagged(finalization_registry::CLEANUP_OFFSET);
                    let undefined = self.undefined();
                    self.call(cleanup, undefined, &[holdings])?;
                }
                Ok(())
            })();
            self.truncate_stack(mark);
            self.clear_kept_objects();
            result?;
        }
        Ok(())
    }
}
