//! Property descriptors and [[DefineOwnProperty]]: ToPropertyDescriptor,
//! FromPropertyDescriptor, ValidateAndApplyPropertyDescriptor, the array exotic
//! [[DefineOwnProperty]] (ArraySetLength), the arguments exotic one (its mapped indices, with
//! `crate::arguments`) and the integrity levels, all on top of the object
//! model's primitives (`get_own_property`, `define_own_data`, `define_accessor`).
//!
//! Descriptor values (value, get, set) live in JS stack slots, so a `PropertyDescriptor`
//! stays valid across allocations as long as the slots it names are not truncated.

use tagus_heap::Tagged;
use tagus_heap::objects::HeapObject;
use tagus_heap::objects::js_object::accessor_pair::{GETTER_OFFSET, SETTER_OFFSET};

use crate::dictionary::{DONT_DELETE, DONT_ENUM, READ_ONLY};
use crate::object::{Own, fixed_get, fixed_len};
use crate::{JsResult, Root, Throw, Vm};

/// A property descriptor; `value`, `get` and `set` are stack slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PropertyDescriptor {
    /// Slot holding [[Value]].
    pub value: Option<usize>,
    /// [[Writable]].
    pub writable: Option<bool>,
    /// Slot holding [[Get]].
    pub get: Option<usize>,
    /// Slot holding [[Set]].
    pub set: Option<usize>,
    /// [[Enumerable]].
    pub enumerable: Option<bool>,
    /// [[Configurable]].
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    /// IsAccessorDescriptor.
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }

    /// IsDataDescriptor.
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }

    /// IsGenericDescriptor.
    pub fn is_generic(&self) -> bool {
        !self.is_accessor() && !self.is_data()
    }

    fn is_empty(&self) -> bool {
        self.is_generic() && self.enumerable.is_none() && self.configurable.is_none()
    }

    /// `{ value, writable: true, enumerable: true, configurable: true }` (CreateDataProperty).
    pub fn plain_data(value_slot: usize) -> PropertyDescriptor {
        PropertyDescriptor {
            value: Some(value_slot),
            writable: Some(true),
            get: None,
            set: None,
            enumerable: Some(true),
            configurable: Some(true),
        }
    }
}

/// Why [[DefineOwnProperty]] returned false.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// A new property on a non-extensible object (or an index past a read-only length).
    NotExtensible,
    /// A change a non-configurable property does not allow.
    Redefine,
    /// Shrinking an array's length stopped at this non-configurable element.
    CannotDelete(u32),
}

/// The attribute bits for the given enumerable/configurable flags.
fn attributes(enumerable: bool, configurable: bool) -> u8 {
    (if enumerable { 0 } else { DONT_ENUM }) | (if configurable { 0 } else { DONT_DELETE })
}

/// The getter (or setter, by offset) of an accessor pair.
fn pair_half(pair: Tagged, offset: usize) -> Tagged {
    HeapObject::from_tagged(pair).read_tagged(offset)
}

/// Reads field `name` of the descriptor object in `os`, if present (HasProperty then Get).
fn descriptor_field(vm: &mut Vm, os: usize, name: Root) -> JsResult<Option<Tagged>> {
    let key = vm.root(name);
    if !vm.has_property(vm.slot(os), key)? {
        return Ok(None);
    }
    let key = vm.root(name);
    vm.get_property(vm.slot(os), key).map(Some)
}

/// ToPropertyDescriptor. Pushes the slots the descriptor refers to.
pub fn to_property_descriptor(vm: &mut Vm, object: Tagged) -> JsResult<PropertyDescriptor> {
    if !vm.is_object(object) {
        let shown = vm.to_display_string(object)?;
        return Err(vm.throw_type_error(&format!("Property description must be an object: {shown}")));
    }
    let os = vm.push(object);
    let mut desc = PropertyDescriptor::default();
    if let Some(v) = descriptor_field(vm, os, Root::NameEnumerable)? {
        desc.enumerable = Some(vm.to_boolean(v));
    }
    if let Some(v) = descriptor_field(vm, os, Root::NameConfigurable)? {
        desc.configurable = Some(vm.to_boolean(v));
    }
    if let Some(v) = descriptor_field(vm, os, Root::NameValue)? {
        desc.value = Some(vm.push(v));
    }
    if let Some(v) = descriptor_field(vm, os, Root::NameWritable)? {
        desc.writable = Some(vm.to_boolean(v));
    }
    if let Some(v) = descriptor_field(vm, os, Root::NameGet)? {
        if !vm.is_callable(v) && v != vm.undefined() {
            let shown = vm.to_display_string(v)?;
            return Err(vm.throw_type_error(&format!("Getter must be a function: {shown}")));
        }
        desc.get = Some(vm.push(v));
    }
    if let Some(v) = descriptor_field(vm, os, Root::NameSet)? {
        if !vm.is_callable(v) && v != vm.undefined() {
            let shown = vm.to_display_string(v)?;
            return Err(vm.throw_type_error(&format!("Setter must be a function: {shown}")));
        }
        desc.set = Some(vm.push(v));
    }
    if desc.is_accessor() && desc.is_data() {
        let shown = vm.to_display_string(vm.slot(os))?;
        return Err(vm.throw_type_error(&format!(
            "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute, {shown}"
        )));
    }
    Ok(desc)
}

/// FromPropertyDescriptor of an existing property: a fresh descriptor object.
pub fn from_own_property(vm: &mut Vm, own: Own) -> JsResult<Tagged> {
    let (value, attrs, accessor) = match own {
        Own::Data(v, a) => (v, a, false),
        Own::Accessor(p, a) => (p, a, true),
    };
    let vs = vm.push(value);
    let o = vm.new_object()?;
    let os = vm.push(o);
    if accessor {
        let getter = pair_half(vm.slot(vs), GETTER_OFFSET);
        let key = vm.root(Root::NameGet);
        vm.define_own_data(vm.slot(os), key, getter, 0)?;
        let setter = pair_half(vm.slot(vs), SETTER_OFFSET);
        let key = vm.root(Root::NameSet);
        vm.define_own_data(vm.slot(os), key, setter, 0)?;
    } else {
        let key = vm.root(Root::NameValue);
        vm.define_own_data(vm.slot(os), key, vm.slot(vs), 0)?;
        let key = vm.root(Root::NameWritable);
        vm.define_own_data(vm.slot(os), key, vm.boolean(attrs & READ_ONLY == 0), 0)?;
    }
    let key = vm.root(Root::NameEnumerable);
    vm.define_own_data(vm.slot(os), key, vm.boolean(attrs & DONT_ENUM == 0), 0)?;
    let key = vm.root(Root::NameConfigurable);
    vm.define_own_data(vm.slot(os), key, vm.boolean(attrs & DONT_DELETE == 0), 0)?;
    let o = vm.slot(os);
    vm.truncate_stack(vs);
    Ok(o)
}

/// [[DefineOwnProperty]](key, desc) on `o` (ordinary objects and arrays): `Err(Rejection)`
/// where the spec returns false. `key` must be a property key (`to_property_key`).
pub fn define_own_property(vm: &mut Vm, o: Tagged, key: Tagged, desc: &PropertyDescriptor) -> JsResult<Result<(), Rejection>> {
    let base = vm.push(o);
    vm.push(key);
    let r = define_in_slots(vm, base, desc);
    vm.truncate_stack(base);
    r
}

/// DefinePropertyOrThrow with V8's messages.
pub fn define_property_or_throw(vm: &mut Vm, o: Tagged, key: Tagged, desc: &PropertyDescriptor) -> JsResult<()> {
    let ks = vm.push(key);
    let r = define_own_property(vm, o, key, desc)?;
    let key = vm.slot(ks);
    vm.truncate_stack(ks);
    match r {
        Ok(()) => Ok(()),
        Err(rejection) => Err(throw_rejection(vm, rejection, key)),
    }
}

/// CreateDataProperty: false when the object refuses the property.
pub fn create_data_property(vm: &mut Vm, o: Tagged, key: Tagged, value: Tagged) -> JsResult<bool> {
    let vs = vm.push(value);
    let r = define_own_property(vm, o, key, &PropertyDescriptor::plain_data(vs));
    vm.truncate_stack(vs);
    Ok(r?.is_ok())
}

/// The TypeError V8 throws for a rejected definition of `key`.
pub fn throw_rejection(vm: &mut Vm, rejection: Rejection, key: Tagged) -> Throw {
    let k = match vm.key_display(key) {
        Ok(k) => k,
        Err(t) => return t,
    };
    match rejection {
        Rejection::NotExtensible => vm.throw_type_error(&format!("Cannot define property {k}, object is not extensible")),
        Rejection::Redefine => vm.throw_type_error(&format!("Cannot redefine property: {k}")),
        Rejection::CannotDelete(index) => vm.throw_type_error(&format!("Cannot delete property '{index}' of [object Array]")),
    }
}

/// [[DefineOwnProperty]] for the object in `base` and the key in `base + 1`.
fn define_in_slots(vm: &mut Vm, base: usize, desc: &PropertyDescriptor) -> JsResult<Result<(), Rejection>> {
    // A mapped `arguments` index: the ordinary definition runs unmapped (`crate::arguments`).
    if let Some(entry) = vm.unmap_argument_for_define(base)? {
        let r = ordinary_define(vm, base, desc)?;
        vm.finish_mapped_define(base, entry, desc, r.is_ok());
        return Ok(r);
    }
    let (o, key) = (vm.slot(base), vm.slot(base + 1));
    if vm.is_array(o) {
        if key == vm.root(Root::NameLength) {
            return array_set_length(vm, base, desc);
        }
        if let Some(index) = vm.key_as_index(key)
            && index >= vm.array_length(o)
            && !array_length_writable(vm, o)?
        {
            return Ok(Err(Rejection::NotExtensible));
        }
    }
    ordinary_define(vm, base, desc)
}

fn array_length_writable(vm: &mut Vm, a: Tagged) -> JsResult<bool> {
    let key = vm.root(Root::NameLength);
    Ok(match vm.get_own_property(a, key)? {
        Some(Own::Data(_, attrs)) => attrs & READ_ONLY == 0,
        _ => true,
    })
}

/// OrdinaryDefineOwnProperty.
fn ordinary_define(vm: &mut Vm, base: usize, desc: &PropertyDescriptor) -> JsResult<Result<(), Rejection>> {
    let current = vm.get_own_property(vm.slot(base), vm.slot(base + 1))?;
    let extensible = vm.is_extensible(vm.slot(base));
    validate_and_apply(vm, base, desc, current, extensible)
}

/// ValidateAndApplyPropertyDescriptor for the object in `base` and the key in `base + 1`.
fn validate_and_apply(
    vm: &mut Vm,
    base: usize,
    desc: &PropertyDescriptor,
    current: Option<Own>,
    extensible: bool,
) -> JsResult<Result<(), Rejection>> {
    let undefined = vm.undefined();
    let slot_or = |vm: &Vm, s: Option<usize>, default: Tagged| s.map_or(default, |s| vm.slot(s));
    let Some(current) = current else {
        if !extensible {
            return Ok(Err(Rejection::NotExtensible));
        }
        let mut attrs = attributes(desc.enumerable.unwrap_or(false), desc.configurable.unwrap_or(false));
        if desc.is_accessor() {
            let (g, s) = (slot_or(vm, desc.get, undefined), slot_or(vm, desc.set, undefined));
            vm.define_accessor(vm.slot(base), vm.slot(base + 1), g, s, attrs)?;
        } else {
            if desc.writable != Some(true) {
                attrs |= READ_ONLY;
            }
            let v = slot_or(vm, desc.value, undefined);
            vm.define_own_data(vm.slot(base), vm.slot(base + 1), v, attrs)?;
        }
        return Ok(Ok(()));
    };
    if desc.is_empty() {
        return Ok(Ok(()));
    }
    let (current_value, current_attrs, current_is_accessor) = match current {
        Own::Data(v, a) => (v, a, false),
        Own::Accessor(p, a) => (p, a, true),
    };
    // The current value (or accessor pair) stays rooted while SameValue may allocate.
    let cs = vm.push(current_value);
    let current_configurable = current_attrs & DONT_DELETE == 0;
    let current_enumerable = current_attrs & DONT_ENUM == 0;
    let current_writable = current_attrs & READ_ONLY == 0;
    if !current_configurable {
        if desc.configurable == Some(true) {
            return Ok(Err(Rejection::Redefine));
        }
        if desc.enumerable.is_some_and(|e| e != current_enumerable) {
            return Ok(Err(Rejection::Redefine));
        }
        if !desc.is_generic() && desc.is_accessor() != current_is_accessor {
            return Ok(Err(Rejection::Redefine));
        }
        if current_is_accessor {
            for (field, offset) in [(desc.get, GETTER_OFFSET), (desc.set, SETTER_OFFSET)] {
                if let Some(s) = field {
                    let current_half = pair_half(vm.slot(cs), offset);
                    if !vm.same_value(vm.slot(s), current_half)? {
                        return Ok(Err(Rejection::Redefine));
                    }
                }
            }
        } else if !current_writable {
            if desc.writable == Some(true) {
                return Ok(Err(Rejection::Redefine));
            }
            if let Some(s) = desc.value
                && !vm.same_value(vm.slot(s), vm.slot(cs))?
            {
                return Ok(Err(Rejection::Redefine));
            }
        }
    }

    let enumerable = desc.enumerable.unwrap_or(current_enumerable);
    let configurable = desc.configurable.unwrap_or(current_configurable);
    let mut attrs = attributes(enumerable, configurable);
    let becomes_accessor = desc.is_accessor() || (desc.is_generic() && current_is_accessor);
    if becomes_accessor {
        let (g, s) = if current_is_accessor {
            let pair = vm.slot(cs);
            (
                slot_or(vm, desc.get, pair_half(pair, GETTER_OFFSET)),
                slot_or(vm, desc.set, pair_half(pair, SETTER_OFFSET)),
            )
        } else {
            (slot_or(vm, desc.get, undefined), slot_or(vm, desc.set, undefined))
        };
        if current_is_accessor
            && attrs == current_attrs & (DONT_ENUM | DONT_DELETE)
            && g == pair_half(vm.slot(cs), GETTER_OFFSET)
            && s == pair_half(vm.slot(cs), SETTER_OFFSET)
        {
            return Ok(Ok(()));
        }
        vm.define_accessor(vm.slot(base), vm.slot(base + 1), g, s, attrs)?;
        // define_accessor keeps an existing half where undefined is passed; the descriptor
        // replaces it, so clear that half of the (freshly allocated) pair.
        if (g == undefined || s == undefined)
            && let Some(Own::Accessor(pair, _)) = vm.get_own_property(vm.slot(base), vm.slot(base + 1))?
        {
            let pair = HeapObject::from_tagged(pair);
            if g == undefined {
                pair.write_tagged(GETTER_OFFSET, undefined);
            }
            if s == undefined {
                pair.write_tagged(SETTER_OFFSET, undefined);
            }
        }
        return Ok(Ok(()));
    }
    let writable = if current_is_accessor {
        desc.writable.unwrap_or(false)
    } else {
        desc.writable.unwrap_or(current_writable)
    };
    if !writable {
        attrs |= READ_ONLY;
    }
    let value = match desc.value {
        Some(s) => vm.slot(s),
        None if current_is_accessor => undefined,
        None => vm.slot(cs),
    };
    let vs = vm.push(value);
    if !current_is_accessor && attrs == current_attrs && vm.same_value(vm.slot(vs), vm.slot(cs))? {
        return Ok(Ok(()));
    }
    if attrs == 0 && vm.key_as_index(vm.slot(base + 1)).is_some() {
        // A plain element goes to the elements store; drop any dictionary entry the index
        // had (accessor or attributes) so it cannot resurface.
        vm.delete_property(vm.slot(base), vm.slot(base + 1), false)?;
    }
    vm.define_own_data(vm.slot(base), vm.slot(base + 1), vm.slot(vs), attrs)?;
    Ok(Ok(()))
}

/// ArraySetLength for the array in `base` (key `length` in `base + 1`).
fn array_set_length(vm: &mut Vm, base: usize, desc: &PropertyDescriptor) -> JsResult<Result<(), Rejection>> {
    let Some(value_slot) = desc.value else {
        return ordinary_define(vm, base, desc);
    };
    let new_len = vm.to_uint32(vm.slot(value_slot))?;
    let number_len = vm.to_number(vm.slot(value_slot))?;
    if new_len as f64 != number_len {
        return Err(vm.throw_range_error("Invalid array length"));
    }
    let v = vm.new_number(new_len as f64)?;
    let mut new_desc = *desc;
    let ns = vm.push(v);
    new_desc.value = Some(ns);
    let a = vm.slot(base);
    let old_len = vm.array_length(a);
    if new_len >= old_len {
        return ordinary_define(vm, base, &new_desc);
    }
    if !array_length_writable(vm, a)? {
        return Ok(Err(Rejection::Redefine));
    }
    // Deleting elements from the end stops at the first non-configurable one.
    let blocking = highest_non_configurable_index(vm, base, new_len)?;
    if let Some(index) = blocking {
        let v = vm.new_number(index as f64 + 1.0)?;
        vm.set_slot(ns, v);
    }
    if let Err(r) = ordinary_define(vm, base, &new_desc)? {
        return Ok(Err(r));
    }
    Ok(match blocking {
        Some(index) => Err(Rejection::CannotDelete(index)),
        None => Ok(()),
    })
}

/// The highest index at or above `from` whose element is not configurable.
fn highest_non_configurable_index(vm: &mut Vm, base: usize, from: u32) -> JsResult<Option<u32>> {
    let keys = vm.own_keys(vm.slot(base), false, true, false)?;
    let ks = vm.push(keys);
    let mut found = None;
    for i in (0..fixed_len(vm.slot(ks))).rev() {
        let key = fixed_get(vm.slot(ks), i);
        let Some(index) = vm.key_as_index(key) else { continue };
        if index < from {
            break;
        }
        if let Some(Own::Data(_, attrs) | Own::Accessor(_, attrs)) = vm.get_own_property(vm.slot(base), key)?
            && attrs & DONT_DELETE != 0
        {
            found = Some(index);
            break;
        }
    }
    vm.truncate_stack(ks);
    Ok(found)
}

/// TestIntegrityLevel: not extensible and every own property non-configurable (and, for
/// `frozen`, every data property non-writable).
pub fn test_integrity_level(vm: &mut Vm, o: Tagged, frozen: bool) -> JsResult<bool> {
    if vm.is_extensible(o) {
        return Ok(false);
    }
    let os = vm.push(o);
    let keys = vm.own_keys(o, false, true, true)?;
    let ks = vm.push(keys);
    let mut result = true;
    for i in 0..fixed_len(vm.slot(ks)) {
        let key = fixed_get(vm.slot(ks), i);
        let (attrs, is_data) = match vm.get_own_property(vm.slot(os), key)? {
            Some(Own::Data(_, a)) => (a, true),
            Some(Own::Accessor(_, a)) => (a, false),
            None => continue,
        };
        if attrs & DONT_DELETE == 0 || (frozen && is_data && attrs & READ_ONLY == 0) {
            result = false;
            break;
        }
    }
    vm.truncate_stack(os);
    Ok(result)
}
