//! `NameDictionary`: the hash table holding the named properties of an object in dictionary
//! mode (V8's layout), and the global object's variant whose values are `PropertyCell`s.
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
//! | 5 + 3i | value (an `AccessorPair` for accessors); in the global dictionary, its `PropertyCell` |
//! | 6 + 3i | details (Smi): bits 0-2 attributes, bit 3 accessor, bits 4.. enumeration index |
//!
//! Invariant: the table is never more than 3/4 full counting deleted entries, so probing
//! (quadratic, as V8's) always ends at an empty slot. Keys are unique by identity, because
//! names are internalized.
//!
//! The global object's dictionary has its own map (`global_dictionary_map`) and keeps each
//! value in a `PropertyCell` (`property_cell.rs`), which global ICs cache (`property_cell_at`).
//! Other code sees values, never cells: `value_at`/`set_value_at` read and write through them,
//! `add` makes them, `remove` kills them, and `set_details` moves an entry to a fresh cell
//! when its kind or writability changes (V8's `PropertyCell::InvalidateEntry`), so ICs holding
//! the old cell miss. Choice: V8's `GlobalDictionary` stores only the cell (key and details inside it);
//! here one table serves both kinds, so no probing or growth code is duplicated. The entry's
//! details stay authoritative; its cell mirrors the attributes and kind (written only by
//! `add` and `set_details`) for the store IC.

use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::js_object::symbol;
use tagus_heap::objects::{HeapObject, InstanceType, string};
use tagus_heap::spaces::read_only::read_only_roots;
use tagus_heap::{AllocationType, Tagged};

use crate::{JsResult, Vm, property_cell};

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

/// Whether `dict` is the global object's dictionary (its values are `PropertyCell`s).
#[inline(always)]
pub fn is_global(dict: Tagged) -> bool {
    HeapObject::from_tagged(dict).map_word().map() == read_only_roots().global_dictionary_map
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

/// Entry `i`'s value (through its cell in the global dictionary).
#[inline(always)]
pub fn value_at(dict: Tagged, entry: usize) -> Tagged {
    let v = get(dict, ENTRIES_START + entry * ENTRY_SIZE + 1);
    if is_global(dict) { property_cell::value(v) } else { v }
}

/// Entry `i`'s `PropertyCell`, in the global dictionary.
#[inline(always)]
pub fn property_cell_at(dict: Tagged, entry: usize) -> Tagged {
    debug_assert!(is_global(dict));
    get(dict, ENTRIES_START + entry * ENTRY_SIZE + 1)
}

/// Entry `i`'s details.
#[inline(always)]
pub fn details_at(dict: Tagged, entry: usize) -> Details {
    Details::decode(get(dict, ENTRIES_START + entry * ENTRY_SIZE + 2))
}

/// Overwrites entry `i`'s value (through its cell in the global dictionary). Never allocates.
#[inline(always)]
pub fn set_value_at(dict: Tagged, entry: usize, value: Tagged) {
    let at = ENTRIES_START + entry * ENTRY_SIZE + 1;
    if is_global(dict) {
        property_cell::set_value(get(dict, at), value)
    } else {
        put(dict, at, value)
    }
}

/// Overwrites the attributes and kind of entry `i` of the dictionary in `dict_slot`, keeping
/// its enumeration index. In the global dictionary a change of kind or writability first
/// moves the entry to a fresh cell (allocating), so ICs that cached the old one miss.
pub fn set_details(vm: &mut Vm, dict_slot: usize, entry: usize, attributes: u8, is_accessor: bool) -> JsResult<()> {
    let old = details_at(vm.slot(dict_slot), entry);
    let global = is_global(vm.slot(dict_slot));
    if global && (old.is_accessor != is_accessor || (old.attributes ^ attributes) & READ_ONLY != 0) {
        renew_cell(vm, dict_slot, entry, attributes, is_accessor)?;
    }
    let dict = vm.slot(dict_slot);
    let details = Details {
        attributes,
        is_accessor,
        enum_index: old.enum_index,
    };
    put(dict, ENTRIES_START + entry * ENTRY_SIZE + 2, details.encode());
    if global {
        property_cell::set_attributes(property_cell_at(dict, entry), attributes, is_accessor);
    }
    Ok(())
}

/// Moves entry `i` of the global dictionary in `dict_slot` to a fresh cell with its name and
/// value and the given attributes and kind (V8's `PropertyCell::InvalidateEntry`); the old
/// cell gets the hole, so every IC holding it misses. Allocates.
pub fn renew_cell(vm: &mut Vm, dict_slot: usize, entry: usize, attributes: u8, is_accessor: bool) -> JsResult<()> {
    let dict = vm.slot(dict_slot);
    let base = vm.push(key_at(dict, entry));
    vm.push(value_at(dict, entry));
    vm.push(property_cell_at(dict, entry));
    let fresh = property_cell::new_cell(vm, base, base + 1, attributes, is_accessor);
    if let Ok(cell) = fresh {
        property_cell::invalidate(vm.slot(base + 2), vm.hole());
        put(vm.slot(dict_slot), ENTRIES_START + entry * ENTRY_SIZE + 1, cell);
    }
    vm.truncate_stack(base);
    fresh.map(|_| ())
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
    allocate_with_map(vm, vm.heap.roots().name_dictionary_map, at_least)
}

/// The global object's first, empty dictionary.
pub fn allocate_global(vm: &mut Vm, at_least: usize) -> JsResult<Tagged> {
    allocate_with_map(vm, vm.heap.roots().global_dictionary_map, at_least)
}

fn allocate_with_map(vm: &mut Vm, map: Tagged, at_least: usize) -> JsResult<Tagged> {
    let capacity = (at_least * 4 / 3 + 1).next_power_of_two().max(4);
    let dict = vm
        .heap
        .new_fixed_array(ENTRIES_START + capacity * ENTRY_SIZE, AllocationType::Young)
        .map_err(|_| vm.out_of_memory())?;
    let object = HeapObject::from_tagged(dict);
    object.write_u32(0, map.raw());
    put(dict, COUNT, Tagged::smi(0));
    put(dict, DELETED, Tagged::smi(0));
    put(dict, CAPACITY, Tagged::smi(capacity as i32));
    put(dict, NEXT_ENUM, Tagged::smi(1));
    Ok(dict)
}

/// Adds `name` (not present) to the dictionary in stack slot `dict_slot`, growing it if
/// needed; the slot is updated to the (possibly new) dictionary. `name` and `value` are
/// read from slots so they survive the growth. The global dictionary gets a fresh cell.
pub fn add(vm: &mut Vm, dict_slot: usize, name_slot: usize, value_slot: usize, attributes: u8, is_accessor: bool) -> JsResult<()> {
    if !is_global(vm.slot(dict_slot)) {
        return insert(vm, dict_slot, name_slot, value_slot, attributes, is_accessor);
    }
    let cell = property_cell::new_cell(vm, name_slot, value_slot, attributes, is_accessor)?;
    let cell_slot = vm.push(cell);
    let r = insert(vm, dict_slot, name_slot, cell_slot, attributes, is_accessor);
    vm.truncate_stack(cell_slot);
    r
}

/// `add`, with the value column's word (a cell in the global dictionary) in `stored_slot`.
fn insert(vm: &mut Vm, dict_slot: usize, name_slot: usize, stored_slot: usize, attributes: u8, is_accessor: bool) -> JsResult<()> {
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
    put(dict, base + 1, vm.slot(stored_slot));
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

/// Removes entry `i` (killing its cell in the global dictionary).
pub fn remove(vm: &Vm, dict: Tagged, entry: usize) {
    let base = ENTRIES_START + entry * ENTRY_SIZE;
    if is_global(dict) {
        property_cell::invalidate(get(dict, base + 1), vm.hole());
    }
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

/// A copy of the dictionary in `dict_slot` (same map; cells move as they are) with room for
/// `at_least` entries, entries kept in enumeration order (indices renumbered from 1).
fn rehash(vm: &mut Vm, dict_slot: usize, at_least: usize) -> JsResult<Tagged> {
    let old = vm.slot(dict_slot);
    let map = if is_dictionary(old) {
        HeapObject::from_tagged(old).map_word().map()
    } else {
        vm.heap.roots().name_dictionary_map
    };
    let fresh = allocate_with_map(vm, map, at_least.max(len(old) * 2))?;
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
        put(fresh, base + 1, get(old, ENTRIES_START + e * ENTRY_SIZE + 1));
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
