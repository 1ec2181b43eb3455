//! Elements of any array-like, as the `Array.prototype` methods read and write them: Get,
//! HasProperty + Get, Set, CreateDataPropertyOrThrow and DeletePropertyOrThrow by integer
//! index, and Set of `length`; each goes straight to the elements store when that gives
//! the same result ("simple" arrays: see `is_simple_array`). Also the skipping of absent
//! indices (`next_candidate`/`previous_candidate`), which lets loops over sparse arrays and
//! long array-likes visit only the indices that exist.
//!
//! Stores of every elements kind are read through `crate::elements`: a double element read
//! as a value allocates a HeapNumber, so `fast_get`, `get_index` and `get_present` may
//! allocate (`fast_has` never does), and writes go through `Vm::write_element`, which
//! generalizes the kind when the value needs it.

use tagus_heap::objects::map as map_layout;
use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::tagged::SMI_MAX;
use tagus_heap::{StringChars, Tagged};

use super::{MAX_ARRAY_LENGTH, MAX_SAFE_LENGTH};
use crate::dictionary::READ_ONLY;
use crate::elements::{store_is_hole, store_set_hole};
use crate::object::{
    MAP_LENGTH_READ_ONLY, MAP_NOT_SIMPLE_ARRAY, MAP_SEALED_ELEMENTS, MAP_SPARSE_ELEMENTS, MAX_ARRAY_INDEX, Own, fixed_len,
};
use crate::{JsResult, Root, Vm, numconv};

/// The map's bit field 3 (the object model's per-object flags).
#[inline(always)]
fn map_bits(o: Tagged) -> u32 {
    HeapObject::from_tagged(o).map().0.read_u32(map_layout::BIT_FIELD3_OFFSET)
}

/// Whether no object on `o`'s prototype chain has indexed properties (so a hole in `o`
/// reads as absent and writes to new indices meet no setters).
fn prototype_chain_has_no_elements(vm: &Vm, o: Tagged) -> bool {
    let null = vm.null();
    let mut p = vm.get_prototype_of(o);
    if p == vm.root(Root::ArrayPrototype) && vm.no_elements_protector {
        return true;
    }
    while p != null {
        if fixed_len(vm.elements_of(p)) != 0
            || map_bits(p) & MAP_SPARSE_ELEMENTS != 0
            || vm.instance_type(p) == Some(InstanceType::JsPrimitiveWrapper)
        {
            return false;
        }
        p = vm.get_prototype_of(p);
    }
    true
}

/// Whether `o` is a real array whose elements store says everything about its indexed
/// properties and can be written directly: no sparse, sealed or frozen elements, extensible,
/// writable length, and no indexed properties on the prototype chain.
#[inline]
pub(super) fn is_simple_array(vm: &Vm, o: Tagged) -> bool {
    vm.is_array(o) && map_bits(o) & MAP_NOT_SIMPLE_ARRAY == 0 && prototype_chain_has_no_elements(vm, o)
}

/// The property key of index `k` (a Smi, or the canonical numeric string).
pub(super) fn key_for(vm: &mut Vm, k: u64) -> JsResult<Tagged> {
    if k <= SMI_MAX as u64 {
        Ok(Tagged::smi(k as i32))
    } else if k <= MAX_ARRAY_INDEX as u64 {
        vm.index_key(k as u32)
    } else {
        vm.intern(&numconv::number_to_string(k as f64))
    }
}

/// `k` as a number value.
#[inline]
pub(super) fn index_value(vm: &mut Vm, k: u64) -> JsResult<Tagged> {
    if k <= SMI_MAX as u64 {
        Ok(Tagged::smi(k as i32))
    } else {
        vm.new_number(k as f64)
    }
}

/// Element `k` of `o` when it is an own data property in the elements store. May allocate
/// (a double element becomes a HeapNumber): `o` is stale afterwards.
#[inline(always)]
pub(super) fn fast_get(vm: &mut Vm, o: Tagged, k: u64) -> JsResult<Option<Tagged>> {
    if k >= fixed_len(vm.elements_backing_store(o)) as u64 {
        return Ok(None);
    }
    vm.load_element(o, k as usize)
}

/// Whether element `k` of `o` is an own data property in the elements store.
#[inline(always)]
pub(super) fn fast_has(vm: &Vm, o: Tagged, k: u64) -> bool {
    k <= usize::MAX as u64 && vm.has_fast_element(o, k as usize)
}

/// Get(O, k) for the object in `os`.
#[inline]
pub(super) fn get_index(vm: &mut Vm, os: usize, k: u64) -> JsResult<Tagged> {
    if let Some(v) = fast_get(vm, vm.slot(os), k)? {
        return Ok(v);
    }
    let key = key_for(vm, k)?;
    vm.get_property(vm.slot(os), key)
}

/// HasProperty(O, k) and then Get(O, k): `None` when absent.
#[inline]
pub(super) fn get_present(vm: &mut Vm, os: usize, k: u64) -> JsResult<Option<Tagged>> {
    if let Some(v) = fast_get(vm, vm.slot(os), k)? {
        return Ok(Some(v));
    }
    let o = vm.slot(os);
    if is_simple_array(vm, o) {
        return Ok(None);
    }
    let key = key_for(vm, k)?;
    let ks = vm.push(key);
    let r = get_present_slow(vm, os, ks);
    vm.truncate_stack(ks);
    r
}

fn get_present_slow(vm: &mut Vm, os: usize, ks: usize) -> JsResult<Option<Tagged>> {
    if !vm.has_property(vm.slot(os), vm.slot(ks))? {
        return Ok(None);
    }
    vm.get_property(vm.slot(os), vm.slot(ks)).map(Some)
}

/// Whether absent indices of `o` read as absent (undefined) all the way up the prototype
/// chain, so that loops may jump over them: no string wrapper (virtual indices) and no
/// indexed properties on the prototypes.
#[inline]
fn can_skip_absent(vm: &Vm, o: Tagged) -> bool {
    vm.instance_type(o) != Some(InstanceType::JsPrimitiveWrapper) && prototype_chain_has_no_elements(vm, o)
}

/// The canonical integer index a dictionary key spells (up to 2^53 - 1), if any.
fn dictionary_key_index(vm: &Vm, key: Tagged) -> Option<u64> {
    if key.is_smi() || !vm.is_string(key) {
        return None;
    }
    let Some(StringChars::OneByte(text)) = vm.heap.string_chars(key) else {
        return None;
    };
    if text.is_empty() || text.len() > 16 || (text[0] == b'0' && text.len() > 1) || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = text.iter().fold(0u64, |v, &c| v * 10 + u64::from(c - b'0'));
    (v <= MAX_SAFE_LENGTH).then_some(v)
}

/// Calls `visit` with every integer index the dictionary of `o` holds, when it may hold
/// any below `len` (sparse elements, or keys past 2^32 - 2 of a long array-like).
fn for_each_dictionary_index(vm: &Vm, o: Tagged, len: u64, mut visit: impl FnMut(u64)) {
    if map_bits(o) & MAP_SPARSE_ELEMENTS == 0 && len <= MAX_ARRAY_INDEX as u64 + 1 {
        return;
    }
    let map = vm.map_of(o);
    if !crate::shape::is_dictionary_map(map) {
        let descriptors = crate::shape::map_descriptors(map);
        for i in 0..crate::shape::own_descriptor_count(map) {
            if let Some(i) = dictionary_key_index(vm, crate::shape::descriptor_key(descriptors, i)) {
                visit(i);
            }
        }
        return;
    }
    let dict = vm.properties_of(o);
    for entry in 0..crate::dictionary::capacity(dict) {
        if let Some(i) = dictionary_key_index(vm, crate::dictionary::key_at(dict, entry)) {
            visit(i);
        }
    }
}

/// The first index in `k..len` where the object in `os` may have a property (every index
/// skipped is certainly absent, own and inherited), or `None` when none is left.
pub(super) fn next_candidate(vm: &Vm, os: usize, k: u64, len: u64) -> Option<u64> {
    if k >= len {
        return None;
    }
    let o = vm.slot(os);
    if !can_skip_absent(vm, o) {
        return Some(k);
    }
    let elements = vm.elements_backing_store(o);
    let end = len.min(fixed_len(elements) as u64);
    let mut best = (k..end).find(|&i| !store_is_hole(vm, elements, i as usize));
    for_each_dictionary_index(vm, o, len, |i| {
        if i >= k && i < len && best.is_none_or(|b| i < b) {
            best = Some(i);
        }
    });
    best
}

/// Where a forward loop over the object in `os` continues once index `k` proved absent.
#[inline]
pub(super) fn after_absent(vm: &Vm, os: usize, k: u64, len: u64) -> u64 {
    next_candidate(vm, os, k + 1, len).unwrap_or(len)
}

/// The last index in `0..=k` where the object in `os` may have a property, or `None`.
pub(super) fn previous_candidate(vm: &Vm, os: usize, k: u64) -> Option<u64> {
    let o = vm.slot(os);
    if !can_skip_absent(vm, o) {
        return Some(k);
    }
    let elements = vm.elements_backing_store(o);
    let end = (k + 1).min(fixed_len(elements) as u64);
    let mut best = (0..end).rev().find(|&i| !store_is_hole(vm, elements, i as usize));
    for_each_dictionary_index(vm, o, k + 1, |i| {
        if i <= k && best.is_none_or(|b| i > b) {
            best = Some(i);
        }
    });
    best
}

/// Set(O, k, v, true).
pub(super) fn set_index(vm: &mut Vm, os: usize, k: u64, v: Tagged) -> JsResult<()> {
    if k <= SMI_MAX as u64 {
        return vm.set_property(vm.slot(os), Tagged::smi(k as i32), v, true);
    }
    let vs = vm.push(v);
    let r = (|| {
        let key = key_for(vm, k)?;
        vm.set_property(vm.slot(os), key, vm.slot(vs), true)
    })();
    vm.truncate_stack(vs);
    r
}

/// CreateDataPropertyOrThrow(O, k, v).
pub(super) fn create_data_property(vm: &mut Vm, os: usize, k: u64, v: Tagged) -> JsResult<()> {
    let o = vm.slot(os);
    if k <= SMI_MAX as u64 && is_simple_array(vm, o) {
        let len = vm.array_length(o) as u64;
        if k < fixed_len(vm.elements_of(o)) as u64 && k <= len {
            // An existing index, or an append: no hole appears.
            vm.write_element(os, k as usize, v)?;
            if k == len {
                vm.set_array_length(os, k as u32 + 1)?;
            }
            return Ok(());
        }
        return vm.define_own_data(o, Tagged::smi(k as i32), v, 0);
    }
    let vs = vm.push(v);
    let r = (|| {
        let key = key_for(vm, k)?;
        let ks = vm.push(key);
        let own = vm.get_own_property(vm.slot(os), key)?;
        let o = vm.slot(os);
        let refused = match own {
            None => !vm.is_extensible(o),
            Some(Own::Data(_, attrs)) => attrs & crate::dictionary::DONT_DELETE != 0 && attrs & READ_ONLY != 0,
            Some(Own::Accessor(_, attrs)) => attrs & crate::dictionary::DONT_DELETE != 0,
        };
        if refused {
            let shown = vm.key_display(vm.slot(ks))?;
            let message = if own.is_none() {
                format!("Cannot add property {shown}, object is not extensible")
            } else {
                format!("Cannot redefine property: {shown}")
            };
            return Err(vm.throw_type_error(&message));
        }
        vm.define_own_data(vm.slot(os), vm.slot(ks), vm.slot(vs), 0)
    })();
    vm.truncate_stack(vs);
    r
}

/// DeletePropertyOrThrow(O, k), with V8's message.
pub(super) fn delete_index(vm: &mut Vm, os: usize, k: u64) -> JsResult<()> {
    let o = vm.slot(os);
    if k <= SMI_MAX as u64 && is_simple_array(vm, o) {
        if fast_has(vm, o, k) {
            vm.make_elements_holey(os)?;
            let elements = vm.elements_of(vm.slot(os));
            store_set_hole(vm, elements, k as usize);
        }
        return Ok(());
    }
    let key = key_for(vm, k)?;
    let ks = vm.push(key);
    let deleted = vm.delete_property(vm.slot(os), key, false)?;
    if !deleted {
        let shown_key = vm.key_display(vm.slot(ks))?;
        let shown = vm.to_display_string(vm.slot(os))?;
        return Err(vm.throw_type_error(&format!("Cannot delete property '{shown_key}' of {shown}")));
    }
    vm.truncate_stack(ks);
    Ok(())
}

/// Set(O, "length", len, true).
pub(super) fn set_length(vm: &mut Vm, os: usize, len: u64) -> JsResult<()> {
    let o = vm.slot(os);
    if vm.is_array(o) && map_bits(o) & MAP_LENGTH_READ_ONLY == 0 {
        if len > MAX_ARRAY_LENGTH {
            return Err(vm.throw_range_error("Invalid array length"));
        }
        if len != vm.array_length(o) as u64 {
            if len < vm.array_length(o) as u64 && map_bits(o) & (MAP_SEALED_ELEMENTS | MAP_SPARSE_ELEMENTS) != 0 {
                // Deleting elements may fail: take the ordinary path.
                let n = vm.new_number(len as f64)?;
                let key = vm.root(Root::NameLength);
                return vm.set_property(vm.slot(os), key, n, true);
            }
            vm.set_array_length(os, len as u32)?;
        }
        return Ok(());
    }
    let n = vm.new_number(len as f64)?;
    let key = vm.root(Root::NameLength);
    vm.set_property(vm.slot(os), key, n, true)
}

/// Stores `v` at index `k` of a fresh array of ours (in `as_`), growing its store and its
/// length as needed (the object model's element store: kinds follow the values, a gap
/// makes the array holey, an index far past the store goes sparse).
pub(super) fn fresh_set(vm: &mut Vm, as_: usize, k: u64, v: Tagged) -> JsResult<()> {
    if k > SMI_MAX as u64 {
        return create_data_property(vm, as_, k, v);
    }
    vm.define_own_data(vm.slot(as_), Tagged::smi(k as i32), v, 0)
}
