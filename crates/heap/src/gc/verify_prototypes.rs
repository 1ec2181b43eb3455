//! The heap verifier's checks of prototype bookkeeping (`objects/prototype_info.rs`,
//! `objects/map.rs`): validity cells, PrototypeInfos and prototype users lists.
//!
//! Checked, for every map: its validity cell field is `PROTOTYPE_CHAIN_VALID` or, in a
//! prototype map only, a valid `Cell` (invalidation empties the field); a PrototypeInfo hangs
//! only off a prototype map; a registered map is in its prototype's users list at its registry
//! slot. For every PrototypeInfo: its fields have their types, and each live entry of its
//! users list is a map registered at that index.

use crate::objects::descriptors::cell;
use crate::objects::fixed_array::{self, FixedArray};
use crate::objects::map::{self, Map, bit_field3};
use crate::objects::prototype_info as info;
use crate::objects::{HeapObject, InstanceType};
use crate::spaces::read_only::read_only_roots;
use crate::tagged::Tagged;

fn has_type(value: Tagged, instance_type: InstanceType) -> bool {
    value.is_heap_object() && HeapObject::from_tagged(value).map().instance_type_raw() == instance_type as u16
}

fn element(array: HeapObject, index: usize) -> Tagged {
    array.read_tagged(FixedArray::offset_of_element(index))
}

/// The PrototypeInfo of `map`, if it has one.
fn prototype_info_of(map: HeapObject) -> Option<HeapObject> {
    let value = map.read_tagged(map::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
    has_type(value, InstanceType::PrototypeInfo).then(|| HeapObject::from_tagged(value))
}

fn registry_slot(prototype_info: HeapObject) -> i32 {
    prototype_info.read_tagged(info::REGISTRY_SLOT_OFFSET).smi_value()
}

/// The checks on the map `object`.
pub(super) fn check_map(object: HeapObject) -> Result<(), String> {
    let is_prototype_map = object.read_u32(map::BIT_FIELD3_OFFSET) & bit_field3::PROTOTYPE_MAP != 0;
    let fail = |what: &str| Err(format!("map {:?}: {what}", object.address()));
    let validity_cell = object.read_tagged(map::PROTOTYPE_VALIDITY_CELL_OFFSET);
    if validity_cell != map::PROTOTYPE_CHAIN_VALID {
        if !has_type(validity_cell, InstanceType::Cell) || !is_prototype_map {
            return fail(&format!(
                "validity cell field {validity_cell:?} (prototype map: {is_prototype_map})"
            ));
        }
        let value = HeapObject::from_tagged(validity_cell).read_tagged(cell::VALUE_OFFSET);
        if value != map::PROTOTYPE_CHAIN_VALID {
            return fail(&format!("holds an invalidated validity cell ({value:?})"));
        }
    }
    let Some(prototype_info) = prototype_info_of(object) else {
        return Ok(());
    };
    if !is_prototype_map {
        return fail("has a PrototypeInfo but is not a prototype map");
    }
    let slot = registry_slot(prototype_info);
    if slot == info::UNREGISTERED {
        return Ok(());
    }
    let prototype = Map(object).prototype();
    let users = prototype
        .is_heap_object()
        .then(|| prototype_info_of(HeapObject::from_tagged(prototype).map().0))
        .flatten()
        .map(|i| i.read_tagged(info::PROTOTYPE_USERS_OFFSET))
        .filter(|u| has_type(*u, InstanceType::FixedArray));
    let here = info::USERS_ENTRIES_START + slot as usize;
    let registered = users.is_some_and(|u| {
        let u = HeapObject::from_tagged(u);
        here < u.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize && element(u, here) == object.tagged().to_weak()
    });
    if !registered {
        return fail(&format!("registry slot {slot} but not in its prototype's users list there"));
    }
    Ok(())
}

/// The checks on the PrototypeInfo `object`.
pub(super) fn check_prototype_info(object: HeapObject) -> Result<(), String> {
    let fail = |what: String| Err(format!("PrototypeInfo {:?}: {what}", object.address()));
    let slot = object.read_tagged(info::REGISTRY_SLOT_OFFSET);
    if !slot.is_smi() || slot.smi_value() < info::UNREGISTERED {
        return fail(format!("registry slot {slot:?}"));
    }
    let create_map = object.read_tagged(info::OBJECT_CREATE_MAP_OFFSET);
    let create_map_ok = create_map.is_cleared()
        || (create_map.is_weak() && has_type(create_map.to_strong(), InstanceType::Map))
        || create_map == read_only_roots().undefined_value;
    if !create_map_ok {
        return fail(format!("object create map {create_map:?}"));
    }
    let users = object.read_tagged(info::PROTOTYPE_USERS_OFFSET);
    if users == Tagged::ZERO {
        return Ok(());
    }
    if !has_type(users, InstanceType::FixedArray) {
        return fail(format!("users {users:?}"));
    }
    let users = HeapObject::from_tagged(users);
    let length = users.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize;
    let count = element(users, info::USERS_COUNT_INDEX);
    if !count.is_smi() || info::USERS_ENTRIES_START + count.smi_value() as usize > length {
        return fail(format!("users count {count:?} in a list of length {length}"));
    }
    for i in 0..length - info::USERS_ENTRIES_START {
        let entry = element(users, info::USERS_ENTRIES_START + i);
        if entry == Tagged::ZERO || entry.is_cleared() {
            continue;
        }
        let registered = i < count.smi_value() as usize
            && entry.is_weak()
            && has_type(entry.to_strong(), InstanceType::Map)
            && prototype_info_of(HeapObject::from_tagged(entry)).is_some_and(|u| registry_slot(u) == i as i32);
        if !registered {
            return fail(format!("users entry {i} is {entry:?}, not a map registered there"));
        }
    }
    Ok(())
}
