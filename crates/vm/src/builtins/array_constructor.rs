//! The `Array` constructor and its own properties: `Array(...)`/`new Array(...)` (with
//! subclassing through `new.target`), `Array.isArray`, `Array.of`, `Array.from` (iterables
//! through their iterator, closed when the map function throws; array-likes by index) and
//! `get Array[Symbol.species]`.

use tagus_heap::Tagged;

use super::{
    MAX_ARRAY_LENGTH, array_create, array_create_for_filling, create_data_property, get_index, index_value, length_of, require_callable,
    set_length,
};
use crate::{Args, JsResult, Root, Vm};

/// `Array(...)` / `new Array(...)`: one number argument is a length, anything else the
/// elements.
pub(super) fn array_constructor(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let nt = vm.new_target(args);
    let proto_slot = vm.push(vm.undefined());
    if nt != vm.undefined() && nt != vm.root(Root::ArrayConstructor) {
        // GetPrototypeFromConstructor (subclasses: `class A extends Array`).
        let p = vm.get_named(nt, Root::NamePrototype)?;
        if vm.is_object(p) && p != vm.root(Root::ArrayPrototype) {
            vm.set_slot(proto_slot, p);
        }
    }
    let a = match args.argc {
        0 => vm.new_array(0, 0)?,
        1 => {
            let len = vm.arg(args, 0);
            match vm.number_value(len) {
                Some(n) => {
                    if n < 0.0 || n > MAX_ARRAY_LENGTH as f64 || n.fract() != 0.0 || n.is_nan() {
                        return Err(vm.throw_range_error("Invalid array length"));
                    }
                    array_create(vm, n as u64)?
                }
                None => vm.new_array_from_values(vm.arg_slot(args, 0), 1)?,
            }
        }
        // The elements kind from the values, as V8 (`new Array(1, 2.5)` has double elements).
        n => vm.new_array_from_values(args.base + 1, n)?,
    };
    let proto = vm.slot(proto_slot);
    if proto == vm.undefined() {
        return Ok(a);
    }
    let as_ = vm.push(a);
    vm.set_prototype_of(a, proto)?;
    Ok(vm.slot(as_))
}

/// `Array.isArray(value)`.
pub(super) fn is_array(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let a = vm.arg(args, 0);
    Ok(vm.boolean(vm.is_array(a)))
}

/// `get Array[Symbol.species]`.
pub(super) fn species(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.this(args))
}

/// `Array.of(...items)`: `this` is the constructor when it is one.
pub(super) fn of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let len = args.argc as u64;
    let a = construct_with_length(vm, vm.this(args), Some(len))?;
    let as_ = vm.push(a);
    for k in 0..args.argc {
        create_data_property(vm, as_, k as u64, vm.arg(args, k))?;
    }
    set_length(vm, as_, len)?;
    Ok(vm.slot(as_))
}

/// `new C(len)` (or `new C()` for `None`) when `c` is a constructor other than `Array`,
/// else a fresh array of that length (IsConstructor(C) ? Construct(C) : ArrayCreate).
fn construct_with_length(vm: &mut Vm, c: Tagged, len: Option<u64>) -> JsResult<Tagged> {
    if vm.is_constructor(c) && c != vm.root(Root::ArrayConstructor) {
        let cs = vm.push(c);
        let args: Vec<Tagged> = match len {
            Some(len) => vec![vm.new_number(len as f64)?],
            None => Vec::new(),
        };
        let c = vm.slot(cs);
        return vm.construct(c, &args, c);
    }
    // Filled in order and given its length at the end by both callers.
    array_create_for_filling(vm, len.unwrap_or(0))
}

/// `Array.from(items, mapFn, thisArg)`: iterables (strings included) through their
/// iterator, anything else as an array-like.
pub(super) fn from(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let map_fn = vm.arg(args, 1);
    let mapping = map_fn != vm.undefined();
    if mapping {
        require_callable(vm, map_fn)?;
    }
    let items = vm.arg(args, 0);
    if vm.is_nullish(items) {
        let shown = if items == vm.null() { "object null" } else { "undefined" };
        return Err(vm.throw_type_error(&format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")));
    }
    let key = vm.root(Root::SymbolIterator);
    let method = vm.get_property(items, key)?;
    if !vm.is_nullish(method) {
        if !vm.is_callable(method) {
            return Err(vm.throw_type_error(
                "%Array%.from requires that the property of the first argument, items[Symbol.iterator], when exists, be a function",
            ));
        }
        let ms = vm.push(method);
        let a = construct_with_length(vm, vm.this(args), None)?;
        let as_ = vm.push(a);
        let it = vm.call(vm.slot(ms), vm.arg(args, 0), &[])?;
        if !vm.is_object(it) {
            return Err(vm.throw_type_error("Result of the Symbol.iterator method is not an object"));
        }
        let is = vm.push(it);
        let next = vm.get_named(it, Root::NameNext)?;
        let ns = vm.push(next);
        let vs = vm.push(vm.undefined());
        let mut k: u64 = 0;
        loop {
            let r = vm.call(vm.slot(ns), vm.slot(is), &[])?;
            if !vm.is_object(r) {
                let shown = vm.to_display_string(r)?;
                return Err(vm.throw_type_error(&format!("Iterator result {shown} is not an object")));
            }
            vm.set_slot(vs, r);
            let done = vm.get_named(r, Root::NameDone)?;
            if vm.to_boolean(done) {
                set_length(vm, as_, k)?;
                return Ok(vm.slot(as_));
            }
            let v = vm.get_named(vm.slot(vs), Root::NameValue)?;
            vm.set_slot(vs, v);
            let step = (|| {
                if mapping {
                    let kv = index_value(vm, k)?;
                    let v = vm.call(vm.arg(args, 1), vm.arg(args, 2), &[vm.slot(vs), kv])?;
                    vm.set_slot(vs, v);
                }
                create_data_property(vm, as_, k, vm.slot(vs))
            })();
            if let Err(t) = step {
                return Err(vm.iterator_close_on_throw(is, t));
            }
            k += 1;
        }
    }
    let o = vm.to_object(vm.arg(args, 0))?;
    let os = vm.push(o);
    let len = length_of(vm, os)?;
    let a = construct_with_length(vm, vm.this(args), Some(len))?;
    let as_ = vm.push(a);
    let vs = vm.push(vm.undefined());
    for k in 0..len {
        let v = get_index(vm, os, k)?;
        vm.set_slot(vs, v);
        if mapping {
            let kv = index_value(vm, k)?;
            let v = vm.call(vm.arg(args, 1), vm.arg(args, 2), &[vm.slot(vs), kv])?;
            vm.set_slot(vs, v);
        }
        create_data_property(vm, as_, k, vm.slot(vs))?;
    }
    set_length(vm, as_, len)?;
    Ok(vm.slot(as_))
}
