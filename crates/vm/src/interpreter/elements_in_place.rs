//! Keyed loads and stores that touch an array's element store in place: an in-bounds Smi
//! index, an existing element, a value the store's kind already takes. The fast loop runs
//! `GetKeyedProperty`/`SetKeyedProperty` through these, and `Array.prototype.push` of one
//! value into spare capacity; what they refuse goes to the general path.
//!
//! Invariant: nothing here allocates (a double read is boxed by the caller's allocator,
//! which never collects), calls out or changes a map; anything else — holes, kind
//! transitions, growth, frozen or exotic objects — is left to the generic path.

use tagus_heap::Tagged;
use tagus_heap::objects::fixed_double_array as fda;
use tagus_heap::objects::js_object::{self, array};
use tagus_heap::objects::map::bit_field3;
use tagus_heap::objects::{HeapObject, InstanceType, map as map_layout};

use crate::elements::{elements_kind, is_double_store};
use crate::object::{MAP_NOT_SIMPLE_ARRAY, fixed_get, fixed_len, fixed_set};

/// An element read in place: a tagged value, or an unboxed double the caller boxes.
pub(crate) enum InPlace {
    Value(Tagged),
    Double(f64),
}

/// The store and index of `receiver[key]` when `receiver` is an array or plain object and
/// `key` a non-negative Smi below the store's length.
#[inline(always)]
fn store_and_index(receiver: Tagged, key: Tagged, arrays_only: bool) -> Option<(HeapObject, Tagged, usize)> {
    if !key.is_smi() || key.smi_value() < 0 || !receiver.is_heap_object() {
        return None;
    }
    let r = HeapObject::from_tagged(receiver);
    match r.map().instance_type() {
        InstanceType::JsArray => {}
        InstanceType::JsObject if !arrays_only => {}
        _ => return None,
    }
    let elements = r.read_tagged(js_object::ELEMENTS_OFFSET);
    let i = key.smi_value() as usize;
    (i < fixed_len(elements)).then_some((r, elements, i))
}

/// `receiver[key]` read in place from a FixedArray or FixedDoubleArray store; `None` for a
/// hole or anything the generic path must decide.
#[inline(always)]
pub(crate) fn load_element_in_place(receiver: Tagged, key: Tagged, hole: Tagged) -> Option<InPlace> {
    let (_, elements, i) = store_and_index(receiver, key, false)?;
    if is_double_store(elements) {
        return fda::get(HeapObject::from_tagged(elements), i).map(InPlace::Double);
    }
    let v = fixed_get(elements, i);
    (v != hole).then_some(InPlace::Value(v))
}

/// `receiver[key] = value` in place for an extensible array whose store holds an element
/// at `key` below its length and takes `value` without a kind transition (any Number into
/// a double store, a Smi into any FixedArray store, anything into an object-kind store).
/// False: the generic path must run.
#[inline(always)]
pub(crate) fn store_element_in_place(receiver: Tagged, key: Tagged, value: Tagged, hole: Tagged, heap_number_map: Tagged) -> bool {
    let Some((r, elements, i)) = store_and_index(receiver, key, true) else {
        return false;
    };
    let map = r.map();
    let length = r.read_tagged(array::LENGTH_OFFSET);
    if map.0.read_u32(map_layout::BIT_FIELD3_OFFSET) & bit_field3::NON_EXTENSIBLE != 0 || !length.is_smi() || i as i32 >= length.smi_value()
    {
        return false;
    }
    if is_double_store(elements) {
        let store = HeapObject::from_tagged(elements);
        let Some(d) = crate::number_of(value, heap_number_map) else {
            return false;
        };
        if fda::get_bits(store, i) == fda::HOLE_NAN_BITS {
            return false;
        }
        fda::set(store, i, d);
        return true;
    }
    if fixed_get(elements, i) == hole || (!value.is_smi() && elements_kind::is_smi(map.elements_kind())) {
        return false;
    }
    fixed_set(elements, i, value);
    true
}

/// `array.push(value)` in place: `array` is an extensible array with a writable length,
/// no sparse, sealed or frozen elements, whose prototype is `array_prototype` (the initial
/// `Array.prototype`, passed only while the NoElementsProtector holds, so no prototype has
/// an element at the new index), and whose store has room for one more element of
/// `value`'s kind. Returns the new length; `None`: `Array.prototype.push` must run.
#[inline(always)]
pub(crate) fn push_in_place(array: Tagged, value: Tagged, array_prototype: Option<Tagged>, heap_number_map: Tagged) -> Option<Tagged> {
    let length = if array.is_heap_object() {
        HeapObject::from_tagged(array).read_tagged(array::LENGTH_OFFSET)
    } else {
        return None;
    };
    let (r, elements, i) = store_and_index(array, length, true)?;
    let map = r.map();
    if map.0.read_u32(map_layout::BIT_FIELD3_OFFSET) & MAP_NOT_SIMPLE_ARRAY != 0
        || Some(map.0.read_tagged(map_layout::PROTOTYPE_OFFSET)) != array_prototype
    {
        return None;
    }
    if is_double_store(elements) {
        fda::set(HeapObject::from_tagged(elements), i, crate::number_of(value, heap_number_map)?);
    } else if !value.is_smi() && elements_kind::is_smi(map.elements_kind()) {
        return None;
    } else {
        fixed_set(elements, i, value);
    }
    let new_length = Tagged::smi(i as i32 + 1);
    r.write_tagged(array::LENGTH_OFFSET, new_length);
    Some(new_length)
}
