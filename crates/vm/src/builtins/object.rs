//! `Object`: the constructor, its static methods (`keys`, `assign`, `create`,
//! `defineProperty`, `freeze`, `fromEntries`, `groupBy`...) and `Object.prototype`
//! (in `object/prototype.rs`: `hasOwnProperty`, `toString`, `__proto__`...). Property
//! descriptors and [[DefineOwnProperty]] live in `object/descriptor.rs`.

pub mod descriptor;
pub mod prototype;

use tagus_heap::Tagged;

use crate::dictionary::DONT_ENUM;
use crate::object::{Own, fixed_get, fixed_len};
use crate::{Args, JsResult, NativeFn, Root, Throw, Vm};

pub use descriptor::{
    PropertyDescriptor, Rejection, create_data_property, define_own_property, define_property_or_throw, from_own_property,
    test_integrity_level, to_property_descriptor,
};
pub use prototype::object_to_string;

/// Static methods of `Object`, in V8's order.
const STATICS: &[(&str, u32, NativeFn)] = &[
    ("assign", 2, assign),
    ("getOwnPropertyDescriptor", 2, get_own_property_descriptor),
    ("getOwnPropertyDescriptors", 1, get_own_property_descriptors),
    ("getOwnPropertyNames", 1, get_own_property_names),
    ("getOwnPropertySymbols", 1, get_own_property_symbols),
    ("hasOwn", 2, has_own),
    ("is", 2, is),
    ("preventExtensions", 1, prevent_extensions),
    ("seal", 1, seal),
    ("create", 2, create),
    ("defineProperties", 2, define_properties),
    ("defineProperty", 3, define_property),
    ("freeze", 1, freeze),
    ("getPrototypeOf", 1, get_prototype_of),
    ("setPrototypeOf", 2, set_prototype_of),
    ("isExtensible", 1, is_extensible),
    ("isFrozen", 1, is_frozen),
    ("isSealed", 1, is_sealed),
    ("keys", 1, keys),
    ("entries", 1, entries),
    ("fromEntries", 1, from_entries),
    ("values", 1, values),
    ("groupBy", 2, group_by),
];

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::ObjectPrototype));
    let ctor = vm.install_constructor("Object", 1, object_constructor, Root::ObjectPrototype, Root::ObjectConstructor)?;
    for &(name, length, f) in STATICS {
        vm.install_method(ctor, name, length, f)?;
    }
    prototype::install(vm, proto)?;
    vm.truncate_stack(proto);
    Ok(())
}

// ---- helpers ------------------------------------------------------------------------------

/// An array of the keys in a FixedArray (from `own_keys`), index keys as strings.
fn key_array(vm: &mut Vm, keys: Tagged) -> JsResult<Tagged> {
    let ks = vm.push(keys);
    let first = vm.stack_mark();
    let n = fixed_len(keys);
    for i in 0..n {
        let key = fixed_get(vm.slot(ks), i);
        let s = vm.key_to_string(key)?;
        vm.push(s);
    }
    let a = vm.new_array_from_slots(first, n);
    vm.truncate_stack(ks);
    a
}

/// The attributes of an own property, if present.
pub(crate) fn own_attributes(vm: &mut Vm, o: Tagged, key: Tagged) -> JsResult<Option<u8>> {
    Ok(vm.get_own_property(o, key)?.map(|own| match own {
        Own::Data(_, a) | Own::Accessor(_, a) => a,
    }))
}

/// Whether `o` has an own enumerable property `key`.
pub(crate) fn is_own_enumerable(vm: &mut Vm, o: Tagged, key: Tagged) -> JsResult<bool> {
    Ok(own_attributes(vm, o, key)?.is_some_and(|a| a & DONT_ENUM == 0))
}

/// Throws `TypeError` for a value that is not a function, as V8 words it.
pub(crate) fn throw_not_function(vm: &mut Vm, v: Tagged) -> Throw {
    match vm.to_display_string(v) {
        Ok(shown) => vm.throw_type_error(&format!("{shown} is not a function")),
        Err(t) => t,
    }
}

/// Sets the prototype of `o` (an object), with V8's errors when it cannot be changed.
pub fn set_prototype_or_throw(vm: &mut Vm, o: Tagged, proto: Tagged) -> JsResult<()> {
    if vm.get_prototype_of(o) == proto {
        return Ok(());
    }
    if o == vm.root(Root::ObjectPrototype) {
        return Err(vm.throw_type_error("Immutable prototype object 'Object.prototype' cannot have their prototype set"));
    }
    if !vm.is_extensible(o) {
        let shown = vm.to_display_string(o)?;
        return Err(vm.throw_type_error(&format!("{shown} is not extensible")));
    }
    if !vm.set_prototype_of(o, proto)? {
        return Err(vm.throw_type_error("Cyclic __proto__ value"));
    }
    Ok(())
}

/// Runs `step` with each value an iterable produces (in a stack slot); when `step` throws,
/// the iterator is closed and the original exception kept.
pub fn for_each_iterated(vm: &mut Vm, iterable: Tagged, mut step: impl FnMut(&mut Vm, usize) -> JsResult<()>) -> JsResult<()> {
    let base = vm.stack_mark();
    let it = vm.get_iterator(iterable)?;
    let is = vm.push(it);
    let next = vm.get_named(it, Root::NameNext)?;
    let ns = vm.push(next);
    loop {
        let mark = vm.stack_mark();
        let result = vm.call(vm.slot(ns), vm.slot(is), &[])?;
        if !vm.is_object(result) {
            let shown = vm.to_display_string(result)?;
            return Err(vm.throw_type_error(&format!("Iterator result {shown} is not an object")));
        }
        let rs = vm.push(result);
        let done = vm.get_named(result, Root::NameDone)?;
        if vm.to_boolean(done) {
            break;
        }
        let value = vm.get_named(vm.slot(rs), Root::NameValue)?;
        let vs = vm.push(value);
        if let Err(t) = step(vm, vs) {
            return Err(vm.iterator_close_on_throw(is, t));
        }
        vm.truncate_stack(mark);
    }
    vm.truncate_stack(base);
    Ok(())
}

// ---- the constructor ----------------------------------------------------------------------

/// `Object(value)` / `new Object(value)`; a subclass's `super()` creates from new.target.
fn object_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let nt = vm.new_target(args);
    if nt != vm.undefined() && nt != vm.slot(vm.callee_slot(args)) {
        return vm.ordinary_create_from_constructor(args.new_target);
    }
    let value = vm.arg(args, 0);
    if vm.is_nullish(value) {
        return vm.new_object();
    }
    vm.to_object(value)
}

// ---- static methods -----------------------------------------------------------------------

fn assign(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let to = vm.to_object(vm.arg(args, 0))?;
    let ts = vm.push(to);
    for i in 1..args.argc {
        let source = vm.arg(args, i);
        if vm.is_nullish(source) {
            continue;
        }
        let mark = vm.stack_mark();
        let from = vm.to_object(source)?;
        let fs = vm.push(from);
        let keys = vm.own_keys(from, false, true, true)?;
        let ks = vm.push(keys);
        for j in 0..fixed_len(vm.slot(ks)) {
            let inner = vm.stack_mark();
            let key = fixed_get(vm.slot(ks), j);
            if is_own_enumerable(vm, vm.slot(fs), key)? {
                let key = fixed_get(vm.slot(ks), j);
                let v = vm.get_property(vm.slot(fs), key)?;
                let key = fixed_get(vm.slot(ks), j);
                vm.set_property(vm.slot(ts), key, v, true)?;
            }
            vm.truncate_stack(inner);
        }
        vm.truncate_stack(mark);
    }
    Ok(vm.slot(ts))
}

fn get_own_property_descriptor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let os = vm.push(o);
    let key = vm.to_property_key(vm.arg(args, 1))?;
    match vm.get_own_property(vm.slot(os), key)? {
        Some(own) => from_own_property(vm, own),
        None => Ok(vm.undefined()),
    }
}

fn get_own_property_descriptors(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let os = vm.push(o);
    let keys = vm.own_keys(o, false, true, true)?;
    let ks = vm.push(keys);
    let result = vm.new_object()?;
    let rs = vm.push(result);
    for i in 0..fixed_len(vm.slot(ks)) {
        let mark = vm.stack_mark();
        let key = fixed_get(vm.slot(ks), i);
        if let Some(own) = vm.get_own_property(vm.slot(os), key)? {
            let d = from_own_property(vm, own)?;
            let key = fixed_get(vm.slot(ks), i);
            vm.define_own_data(vm.slot(rs), key, d, 0)?;
        }
        vm.truncate_stack(mark);
    }
    Ok(vm.slot(rs))
}

fn get_own_property_names(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let keys = vm.own_keys(o, false, true, false)?;
    key_array(vm, keys)
}

fn get_own_property_symbols(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let keys = vm.own_keys(o, false, false, true)?;
    key_array(vm, keys)
}

fn has_own(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let os = vm.push(o);
    let key = vm.to_property_key(vm.arg(args, 1))?;
    let r = vm.has_own_property(vm.slot(os), key)?;
    Ok(vm.boolean(r))
}

fn is(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let r = vm.same_value(vm.arg(args, 0), vm.arg(args, 1))?;
    Ok(vm.boolean(r))
}

fn prevent_extensions(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    if vm.is_object(o) {
        vm.set_integrity_level(o, 0)?;
    }
    Ok(vm.arg(args, 0))
}

fn seal(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    if vm.is_object(o) {
        vm.set_integrity_level(o, 1)?;
    }
    Ok(vm.arg(args, 0))
}

fn freeze(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    if vm.is_object(o) {
        vm.set_integrity_level(o, 2)?;
    }
    Ok(vm.arg(args, 0))
}

fn create(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let proto = vm.arg(args, 0);
    if !vm.is_object(proto) && proto != vm.null() {
        let shown = vm.to_display_string(proto)?;
        return Err(vm.throw_type_error(&format!("Object prototype may only be an Object or null: {shown}")));
    }
    let o = vm.new_object_with_prototype(proto)?;
    let os = vm.push(o);
    let properties = vm.arg(args, 1);
    if properties != vm.undefined() {
        object_define_properties(vm, os, properties)?;
    }
    Ok(vm.slot(os))
}

/// ObjectDefineProperties for the object in `os`.
fn object_define_properties(vm: &mut Vm, os: usize, properties: Tagged) -> JsResult<()> {
    let props = vm.to_object(properties)?;
    let ps = vm.push(props);
    let keys = vm.own_keys(props, false, true, true)?;
    let ks = vm.push(keys);
    // All descriptors are read before any is applied; their slots stay on the stack.
    let mut descriptors: Vec<(usize, PropertyDescriptor)> = Vec::new();
    for i in 0..fixed_len(vm.slot(ks)) {
        let key = fixed_get(vm.slot(ks), i);
        if !is_own_enumerable(vm, vm.slot(ps), key)? {
            continue;
        }
        let key = fixed_get(vm.slot(ks), i);
        let key_slot = vm.push(key);
        let desc_object = vm.get_property(vm.slot(ps), key)?;
        let desc = to_property_descriptor(vm, desc_object)?;
        descriptors.push((key_slot, desc));
    }
    for (key_slot, desc) in descriptors {
        define_property_or_throw(vm, vm.slot(os), vm.slot(key_slot), &desc)?;
    }
    vm.truncate_stack(ps);
    Ok(())
}

fn define_properties(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    if !vm.is_object(vm.arg(args, 0)) {
        return Err(vm.throw_type_error("Object.defineProperties called on non-object"));
    }
    object_define_properties(vm, vm.arg_slot(args, 0), vm.arg(args, 1))?;
    Ok(vm.arg(args, 0))
}

fn define_property(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    if !vm.is_object(vm.arg(args, 0)) {
        return Err(vm.throw_type_error("Object.defineProperty called on non-object"));
    }
    let key = vm.to_property_key(vm.arg(args, 1))?;
    let ks = vm.push(key);
    let desc = to_property_descriptor(vm, vm.arg(args, 2))?;
    define_property_or_throw(vm, vm.arg(args, 0), vm.slot(ks), &desc)?;
    Ok(vm.arg(args, 0))
}

fn get_prototype_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    if vm.is_object(o) {
        return Ok(vm.get_prototype_of(o));
    }
    if vm.is_nullish(o) {
        return Err(vm.throw_type_error("Cannot convert undefined or null to object"));
    }
    Ok(vm.prototype_for_primitive(o))
}

fn set_prototype_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let (o, proto) = (vm.arg(args, 0), vm.arg(args, 1));
    if vm.is_nullish(o) {
        return Err(vm.throw_type_error("Object.setPrototypeOf called on null or undefined"));
    }
    if !vm.is_object(proto) && proto != vm.null() {
        let shown = vm.to_display_string(proto)?;
        return Err(vm.throw_type_error(&format!("Object prototype may only be an Object or null: {shown}")));
    }
    if vm.is_object(o) {
        set_prototype_or_throw(vm, o, proto)?;
    }
    Ok(vm.arg(args, 0))
}

fn is_extensible(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    Ok(vm.boolean(vm.is_object(o) && vm.is_extensible(o)))
}

fn is_frozen(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    let r = !vm.is_object(o) || test_integrity_level(vm, o, true)?;
    Ok(vm.boolean(r))
}

fn is_sealed(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.arg(args, 0);
    let r = !vm.is_object(o) || test_integrity_level(vm, o, false)?;
    Ok(vm.boolean(r))
}

fn keys(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    let keys = vm.own_keys(o, true, true, false)?;
    key_array(vm, keys)
}

/// What `enumerable_own_properties` collects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collect {
    Values,
    Entries,
}

/// EnumerableOwnProperties(O, value | key+value).
fn enumerable_own_properties(vm: &mut Vm, o: Tagged, kind: Collect) -> JsResult<Tagged> {
    let os = vm.push(o);
    let keys = vm.own_keys(o, true, true, false)?;
    let ks = vm.push(keys);
    let first = vm.stack_mark();
    let mut count = 0;
    for i in 0..fixed_len(vm.slot(ks)) {
        let key = fixed_get(vm.slot(ks), i);
        // A getter run earlier may have deleted or hidden this property.
        if !is_own_enumerable(vm, vm.slot(os), key)? {
            continue;
        }
        let key = fixed_get(vm.slot(ks), i);
        let v = vm.get_property(vm.slot(os), key)?;
        let vs = vm.push(v);
        if kind == Collect::Entries {
            let key = fixed_get(vm.slot(ks), i);
            let name = vm.key_to_string(key)?;
            let pair_base = vm.push(name);
            vm.push(vm.slot(vs));
            let pair = vm.new_array_from_slots(pair_base, 2)?;
            vm.truncate_stack(vs);
            vm.push(pair);
        }
        count += 1;
    }
    vm.new_array_from_slots(first, count)
}

fn values(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    enumerable_own_properties(vm, o, Collect::Values)
}

fn entries(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let o = vm.to_object(vm.arg(args, 0))?;
    enumerable_own_properties(vm, o, Collect::Entries)
}

fn from_entries(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let iterable = vm.arg(args, 0);
    if vm.is_nullish(iterable) {
        return Err(vm.throw_type_error("undefined is not iterable"));
    }
    let o = vm.new_object()?;
    let os = vm.push(o);
    for_each_iterated(vm, vm.arg(args, 0), |vm, vs| {
        let entry = vm.slot(vs);
        if !vm.is_object(entry) {
            let shown = vm.to_display_string(entry)?;
            return Err(vm.throw_type_error(&format!("Iterator value {shown} is not an entry object")));
        }
        let k = vm.get_property(entry, Tagged::smi(0))?;
        let ks = vm.push(k);
        let v = vm.get_property(vm.slot(vs), Tagged::smi(1))?;
        let value_slot = vm.push(v);
        let key = vm.to_property_key(vm.slot(ks))?;
        vm.define_own_data(vm.slot(os), key, vm.slot(value_slot), 0)
    })?;
    Ok(vm.slot(os))
}

/// `Object.groupBy(items, callback)`: a null-prototype object of arrays keyed by the
/// callback's results.
fn group_by(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let items = vm.arg(args, 0);
    if vm.is_nullish(items) {
        let shown = vm.to_display_string(items)?;
        return Err(vm.throw_type_error(&format!("{shown} is not iterable")));
    }
    let callback = vm.arg(args, 1);
    if !vm.is_callable(callback) {
        return Err(throw_not_function(vm, callback));
    }
    let null = vm.null();
    let groups = vm.new_object_with_prototype(null)?;
    let gs = vm.push(groups);
    let callback_slot = vm.arg_slot(args, 1);
    let mut k = 0.0;
    for_each_iterated(vm, vm.arg(args, 0), |vm, vs| {
        let index = vm.new_number(k)?;
        k += 1.0;
        let undefined = vm.undefined();
        let key = vm.call(vm.slot(callback_slot), undefined, &[vm.slot(vs), index])?;
        let key = vm.to_property_key(key)?;
        let key_slot = vm.push(key);
        match vm.get_own_property(vm.slot(gs), key)? {
            Some(Own::Data(group, _)) => {
                let group_slot = vm.push(group);
                vm.array_push(group_slot, vs)
            }
            _ => {
                let group = vm.new_array_from_slots(vs, 1)?;
                vm.define_own_data(vm.slot(gs), vm.slot(key_slot), group, 0)
            }
        }
    })?;
    Ok(vm.slot(gs))
}
