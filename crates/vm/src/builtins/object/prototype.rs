//! `Object.prototype`: `hasOwnProperty`, `isPrototypeOf`, `propertyIsEnumerable`,
//! `toString` (`[object Tag]`), `toLocaleString`, `valueOf`, the `__proto__` accessor and the
//! legacy `__defineGetter__` / `__defineSetter__` / `__lookupGetter__` / `__lookupSetter__`.

use tagus_heap::Tagged;
use tagus_heap::objects::js_object::accessor_pair::{GETTER_OFFSET, SETTER_OFFSET};
use tagus_heap::objects::{HeapObject, InstanceType};

use super::{PropertyDescriptor, define_property_or_throw, is_own_enumerable, set_prototype_or_throw, throw_not_function};
use crate::dictionary::DONT_ENUM;
use crate::object::Own;
use crate::{Args, JsResult, NativeFn, Root, Vm};

/// Methods of `Object.prototype`, in V8's order (`__proto__` goes before `toLocaleString`).
const PROTOTYPE_METHODS: &[(&str, u32, NativeFn)] = &[
    ("__defineGetter__", 2, define_getter),
    ("__defineSetter__", 2, define_setter),
    ("hasOwnProperty", 1, has_own_property),
    ("__lookupGetter__", 1, lookup_getter),
    ("__lookupSetter__", 1, lookup_setter),
    ("isPrototypeOf", 1, is_prototype_of),
    ("propertyIsEnumerable", 1, property_is_enumerable),
    ("toString", 0, to_string),
    ("valueOf", 0, value_of),
];

/// Installs the methods on `Object.prototype` (in stack slot `proto`).
pub(super) fn install(vm: &mut Vm, proto: usize) -> JsResult<()> {
    for &(name, length, f) in PROTOTYPE_METHODS {
        vm.install_method(proto, name, length, f)?;
    }
    let getter = vm.new_native_function_raw("get __proto__", 0, proto_getter, false)?;
    let gs = vm.push(getter);
    let setter = vm.new_native_function_raw("set __proto__", 1, proto_setter, false)?;
    let key = vm.root(Root::NameProto);
    vm.define_accessor(vm.slot(proto), key, vm.slot(gs), setter, DONT_ENUM)?;
    vm.truncate_stack(gs);
    vm.install_method(proto, "toLocaleString", 0, to_locale_string)?;
    Ok(())
}

fn has_own_property(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let key = vm.to_property_key(vm.arg(args, 0))?;
    let ks = vm.push(key);
    let o = vm.to_object(vm.this(args))?;
    let r = vm.has_own_property(o, vm.slot(ks))?;
    Ok(vm.boolean(r))
}

fn is_prototype_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let v = vm.arg(args, 0);
    if !vm.is_object(v) {
        return Ok(vm.false_value());
    }
    let o = vm.to_object(vm.this(args))?;
    let mut p = vm.get_prototype_of(vm.arg(args, 0));
    while p != vm.null() {
        if p == o {
            return Ok(vm.true_value());
        }
        p = vm.get_prototype_of(p);
    }
    Ok(vm.false_value())
}

fn property_is_enumerable(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let key = vm.to_property_key(vm.arg(args, 0))?;
    let ks = vm.push(key);
    let o = vm.to_object(vm.this(args))?;
    let r = is_own_enumerable(vm, o, vm.slot(ks))?;
    Ok(vm.boolean(r))
}

/// `Object.prototype.toString`.
fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    object_to_string(vm, vm.this(args))
}

/// `Object.prototype.toString` applied to `value`: `[object Tag]`.
pub fn object_to_string(vm: &mut Vm, value: Tagged) -> JsResult<Tagged> {
    if value == vm.undefined() {
        return vm.new_string("[object Undefined]");
    }
    if value == vm.null() {
        return vm.new_string("[object Null]");
    }
    let o = vm.to_object(value)?;
    let os = vm.push(o);
    let builtin_tag = if vm.is_array(o) {
        "Array"
    } else {
        match vm.instance_type(o) {
            Some(InstanceType::JsArgumentsObject) => "Arguments",
            Some(InstanceType::JsFunction | InstanceType::JsBoundFunction) => "Function",
            Some(InstanceType::JsError) => "Error",
            Some(InstanceType::JsPrimitiveWrapper) => match vm.primitive_wrapper_value(o) {
                Some(p) if vm.is_number(p) => "Number",
                Some(p) if vm.is_string(p) => "String",
                Some(p) if p == vm.true_value() || p == vm.false_value() => "Boolean",
                _ => "Object",
            },
            _ => "Object",
        }
    };
    let key = vm.root(Root::SymbolToStringTag);
    let tag = vm.get_property(vm.slot(os), key)?;
    let mut units: Vec<u16> = "[object ".encode_utf16().collect();
    if vm.is_string(tag) {
        units.extend(vm.string_units(tag));
    } else {
        units.extend(builtin_tag.encode_utf16());
    }
    units.push(b']' as u16);
    vm.new_string_utf16(&units)
}

fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error("Object.prototype.toLocaleString called on null or undefined"));
    }
    let f = vm.get_named(this, Root::NameToString)?;
    if !vm.is_callable(f) {
        return Err(throw_not_function(vm, f));
    }
    vm.call(f, vm.this(args), &[])
}

fn value_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    vm.to_object(vm.this(args))
}

fn proto_getter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.is_object(this) {
        return Ok(vm.get_prototype_of(this));
    }
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error("Cannot convert undefined or null to object"));
    }
    Ok(vm.prototype_for_primitive(this))
}

fn proto_setter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let (this, proto) = (vm.this(args), vm.arg(args, 0));
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error("set Object.prototype.__proto__ called on null or undefined"));
    }
    if (vm.is_object(proto) || proto == vm.null()) && vm.is_object(this) {
        set_prototype_or_throw(vm, this, proto)?;
    }
    Ok(vm.undefined())
}

/// `__defineGetter__` / `__defineSetter__`.
fn define_legacy_accessor(vm: &mut Vm, args: Args, setter: bool) -> JsResult<Tagged> {
    let o = vm.to_object(vm.this(args))?;
    let os = vm.push(o);
    let f = vm.arg(args, 1);
    if !vm.is_callable(f) {
        let method = if setter { "__defineSetter__" } else { "__defineGetter__" };
        return Err(vm.throw_type_error(&format!("Object.prototype.{method}: Expecting function")));
    }
    let fs = vm.push(f);
    let desc = PropertyDescriptor {
        get: (!setter).then_some(fs),
        set: setter.then_some(fs),
        enumerable: Some(true),
        configurable: Some(true),
        ..PropertyDescriptor::default()
    };
    let key = vm.to_property_key(vm.arg(args, 0))?;
    define_property_or_throw(vm, vm.slot(os), key, &desc)?;
    Ok(vm.undefined())
}

fn define_getter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    define_legacy_accessor(vm, args, false)
}

fn define_setter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    define_legacy_accessor(vm, args, true)
}

/// `__lookupGetter__` / `__lookupSetter__`: the accessor half found along the chain.
fn lookup_legacy_accessor(vm: &mut Vm, args: Args, offset: usize) -> JsResult<Tagged> {
    let o = vm.to_object(vm.this(args))?;
    let os = vm.push(o);
    let key = vm.to_property_key(vm.arg(args, 0))?;
    let ks = vm.push(key);
    let mut holder = vm.slot(os);
    loop {
        vm.set_slot(os, holder);
        match vm.get_own_property(holder, vm.slot(ks))? {
            Some(Own::Accessor(pair, _)) => return Ok(HeapObject::from_tagged(pair).read_tagged(offset)),
            Some(Own::Data(..)) => return Ok(vm.undefined()),
            None => {}
        }
        holder = vm.get_prototype_of(vm.slot(os));
        if holder == vm.null() {
            return Ok(vm.undefined());
        }
    }
}

fn lookup_getter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    lookup_legacy_accessor(vm, args, GETTER_OFFSET)
}

fn lookup_setter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    lookup_legacy_accessor(vm, args, SETTER_OFFSET)
}
