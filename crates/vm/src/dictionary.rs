//! `NameDictionary`: the hash table holding an object's named properties (V8's dictionary
//! mode, which every object uses until hidden classes land).
//!
//! Layout (a FixedArray with the name-dictionary map):
//!
//! | element | holds |
//! |---|---|
//! | 0 | number of live entries (Smi) |
//! | 1 | number of deleted entries (Smi) |
//! | 2 | capacity, a power of two (Smi) |
//! | 3 | next enumeration index (Smi) |
//! | 4 + 3i | key of entry i: internalized string or symbol; undefined = empty, hole = deleted |
//! | 5 + 3i | value (an `AccessorPair` for accessors) |
//! | 6 + 3i | details (Smi): bits 0-2 attributes, bit 3 accessor, bits 4.. enumeration index |
//!
//! Invariant: the table is never more than 3/4 full counting deleted entries, so probing
//! (quadratic, as V8's) always ends at an empty slot. Keys are unique by identity, because
//! names are internalized.

use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::js_object::symbol;
use tagus_heap::objects::{HeapObject, InstanceType, string};
use tagus_heap::{AllocationType, Tagged};

use crate::{JsResult, Vm};

const COUNT: usize = 0;
const DELETED: usize = 1;
const CAPACITY: usize = 2;
const NEXT_ENUM: usize = 3;
const ENTRIES_START: usize = 4;
const ENTRY_SIZE: usize = 3;

/// Attribute bit: not writable.
pub const READ_ONLY: u8 = 1;
/// Attribute bit: not enumerable.
pub const DONT_ENUM: u8 = 2;
/// Attribute bit: not configurable.
pub const DONT_DELETE: u8 = 4;
/// Details bit: the value is an `AccessorPair`.
const ACCESSOR_BIT: i32 = 8;
const ENUM_SHIFT: i32 = 4;

/// One entry's details, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Details {
    /// `READ_ONLY | DONT_ENUM | DONT_DELETE` bits.
    pub attributes: u8,
    /// Whether the value is an accessor pair.
    pub is_accessor: bool,
    /// Insertion order.
    pub enum_index: i32,
}

impl Details {
    fn encode(self) -> Tagged {
        Tagged::smi(self.attributes as i32 | if self.is_accessor { ACCESSOR_BIT } else { 0 } | (self.enum_index << ENUM_SHIFT))
    }

    fn decode(t: Tagged) -> Details {
        let v = t.smi_value();
        Details {
            attributes: (v & 7) as u8,
            is_accessor: v & ACCESSOR_BIT != 0,
            enum_index: v >> ENUM_SHIFT,
        }
    }
}

#[inline(always)]
fn get(dict: Tagged, index: usize) -> Tagged {
    HeapObject::from_tagged(dict).read_tagged(FixedArray::offset_of_element(index))
}

#[inline(always)]
fn put(dict: Tagged, index: usize, value: Tagged) {
    HeapObject::from_tagged(dict).write_tagged(FixedArray::offset_of_element(index), value)
}

/// The hash of a property name (internalized string or symbol).
#[inline]
pub fn name_hash(name: Tagged) -> u32 {
    let object = HeapObject::from_tagged(name);
    if object.map().instance_type() == InstanceType::Symbol {
        object.read_u32(symbol::RAW_HASH_FIELD_OFFSET) >> string::HASH_SHIFT
    } else {
        string::hash_from_field(object.read_u32(string::RAW_HASH_FIELD_OFFSET))
    }
}

/// Whether `dict` is a real dictionary (not the empty FixedArray objects start with).
#[inline(always)]
pub fn is_dictionary(dict: Tagged) -> bool {
    HeapObject::from_tagged(dict)
        .read_tagged(tagus_heap::objects::fixed_array::LENGTH_OFFSET)
        .smi_value() as usize
        > ENTRIES_START
}

/// Number of live entries.
pub fn len(dict: Tagged) -> usize {
    if !is_dictionary(dict) {
        0
    } else {
        get(dict, COUNT).smi_value() as usize
    }
}

/// Capacity (entries).
pub fn capacity(dict: Tagged) -> usize {
    if !is_dictionary(dict) {
        0
    } else {
        get(dict, CAPACITY).smi_value() as usize
    }
}

/// Entry `i`'s key (undefined if empty, the hole if deleted).
#[inline(always)]
pub fn key_at(dict: Tagged, entry: usize) -> Tagged {
    get(dict, ENTRIES_START + entry * ENTRY_SIZE)
}

/// Entry `i`'s value.
#[inline(always)]
pub fn value_at(dict: Tagged, entry: usize) -> Tagged {
    get(dict, ENTRIES_START + entry * ENTRY_SIZE + 1)
}

/// Entry `i`'s details.
#[inline(always)]
pub fn details_at(dict: Tagged, entry: usize) -> Details {
    Details::decode(get(dict, ENTRIES_START + entry * ENTRY_SIZE + 2))
}

/// Overwrites entry `i`'s value.
#[inline(always)]
pub fn set_value_at(dict: Tagged, entry: usize, value: Tagged) {
    put(dict, ENTRIES_START + entry * ENTRY_SIZE + 1, value)
}

/// Overwrites entry `i`'s attributes and kind, keeping its enumeration index.
pub fn set_details_at(dict: Tagged, entry: usize, attributes: u8, is_accessor: bool) {
    let old = details_at(dict, entry);
    put(
        dict,
        ENTRIES_START + entry * ENTRY_SIZE + 2,
        Details {
            attributes,
            is_accessor,
            enum_index: old.enum_index,
        }
        .encode(),
    )
}

/// The entry holding `name`, if any.
#[inline]
pub fn find(dict: Tagged, name: Tagged) -> Option<usize> {
    if !is_dictionary(dict) {
        return None;
    }
    let mask = get(dict, CAPACITY).smi_value() as usize - 1;
    let mut entry = name_hash(name) as usize & mask;
    let mut step = 1;
    let undefined = tagus_heap::spaces::read_only::read_only_roots().undefined_value;
    loop {
        let key = key_at(dict, entry);
        if key == name {
            return Some(entry);
        }
        if key == undefined {
            return None;
        }
        entry = (entry + step) & mask;
        step += 1;
    }
}

/// A new empty dictionary with room for `at_least` entries.
pub fn allocate(vm: &mut Vm, at_least: usize) -> JsResult<Tagged> {
    let capacity = (at_least * 4 / 3 + 1).next_power_of_two().max(4);
    let dict = vm
        .heap
        .new_fixed_array(ENTRIES_START + capacity * ENTRY_SIZE, AllocationType::Young)
        .map_err(|_| vm.out_of_memory())?;
    let object = HeapObject::from_tagged(dict);
    object.write_u32(0, vm.heap.roots().name_dictionary_map.raw());
    put(dict, COUNT, Tagged::smi(0));
    put(dict, DELETED, Tagged::smi(0));
    put(dict, CAPACITY, Tagged::smi(capacity as i32));
    put(dict, NEXT_ENUM, Tagged::smi(1));
    Ok(dict)
}

/// Adds `name` (not present) to the dictionary in stack slot `dict_slot`, growing it if
/// needed; the slot is updated to the (possibly new) dictionary. `name` and `value` are
/// read from slots so they survive the growth.
pub fn add(vm: &mut Vm, dict_slot: usize, name_slot: usize, value_slot: usize, attributes: u8, is_accessor: bool) -> JsResult<()> {
    let dict = vm.slot(dict_slot);
    let needs_growth = !is_dictionary(dict) || {
        let used = get(dict, COUNT).smi_value() as usize + get(dict, DELETED).smi_value() as usize + 1;
        used * 4 > capacity(dict) * 3
    };
    if needs_growth {
        let grown = rehash(vm, dict_slot, len(vm.slot(dict_slot)) + 1)?;
        vm.set_slot(dict_slot, grown);
    }
    let dict = vm.slot(dict_slot);
    let name = vm.slot(name_slot);
    let mask = capacity(dict) - 1;
    let mut entry = name_hash(name) as usize & mask;
    let mut step = 1;
    let undefined = vm.undefined();
    let hole = vm.hole();
    loop {
        let key = key_at(dict, entry);
        if key == undefined || key == hole {
            if key == hole {
                put(dict, DELETED, Tagged::smi(get(dict, DELETED).smi_value() - 1));
            }
            break;
        }
        entry = (entry + step) & mask;
        step += 1;
    }
    let enum_index = get(dict, NEXT_ENUM).smi_value();
    put(dict, NEXT_ENUM, Tagged::smi(enum_index + 1));
    put(dict, COUNT, Tagged::smi(get(dict, COUNT).smi_value() + 1));
    let base = ENTRIES_START + entry * ENTRY_SIZE;
    put(dict, base, name);
    put(dict, base + 1, vm.slot(value_slot));
    put(
        dict,
        base + 2,
        Details {
            attributes,
            is_accessor,
            enum_index,
        }
        .encode(),
    );
    Ok(())
}

/// Removes entry `i`.
pub fn remove(vm: &Vm, dict: Tagged, entry: usize) {
    let base = ENTRIES_START + entry * ENTRY_SIZE;
    put(dict, base, vm.hole());
    put(dict, base + 1, vm.undefined());
    put(dict, base + 2, Tagged::smi(0));
    put(dict, COUNT, Tagged::smi(get(dict, COUNT).smi_value() - 1));
    put(dict, DELETED, Tagged::smi(get(dict, DELETED).smi_value() + 1));
}

/// Live entries in enumeration order.
pub fn entries_in_order(vm: &Vm, dict: Tagged) -> Vec<usize> {
    if !is_dictionary(dict) {
        return Vec::new();
    }
    let undefined = vm.undefined();
    let hole = vm.hole();
    let mut entries: Vec<(i32, usize)> = (0..capacity(dict))
        .filter(|&e| {
            let k = key_at(dict, e);
            k != undefined && k != hole
        })
        .map(|e| (details_at(dict, e).enum_index, e))
        .collect();
    entries.sort_unstable();
    entries.into_iter().map(|(_, e)| e).collect()
}

/// A copy of the dictionary in `dict_slot` with room for `at_least` entries, entries kept in
/// enumeration order (indices renumbered from 1).
fn rehash(vm: &mut Vm, dict_slot: usize, at_least: usize) -> JsResult<Tagged> {
    let fresh = allocate(vm, at_least.max(len(vm.slot(dict_slot)) * 2))?;
    let old = vm.slot(dict_slot);
    let order = entries_in_order(vm, old);
    let mask = capacity(fresh) - 1;
    let undefined = vm.undefined();
    for (i, &e) in order.iter().enumerate() {
        let name = key_at(old, e);
        let mut entry = name_hash(name) as usize & mask;
        let mut step = 1;
        while key_at(fresh, entry) != undefined {
            entry = (entry + step) & mask;
            step += 1;
        }
        let details = details_at(old, e);
        let base = ENTRIES_START + entry * ENTRY_SIZE;
        put(fresh, base, name);
        put(fresh, base + 1, value_at(old, e));
        put(
            fresh,
            base + 2,
            Details {
                enum_index: i as i32 + 1,
                ..details
            }
            .encode(),
        );
    }
    put(fresh, COUNT, Tagged::smi(order.len() as i32));
    put(fresh, NEXT_ENUM, Tagged::smi(order.len() as i32 + 1));
    Ok(fresh)
}
