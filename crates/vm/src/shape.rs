//! Hidden classes (seed 001): maps with descriptor arrays and transition trees, named
//! properties in fields (in-object first, then the out-of-object property array), the move
//! to dictionary mode, prototype maps, and slack tracking of constructors' initial maps.
//!
//! Invariants:
//! - A fast-mode object's map has `n` own descriptors; descriptor `i` names field `i`, and
//!   the first `in_object_capacity(map)` fields are words inside the object after its header,
//!   the rest are elements of the `properties` FixedArray. Every value in a field fits the
//!   descriptor's representation (generalization only widens, in place).
//! - A dictionary-mode object (`DICTIONARY_MAP`) keeps its named properties in a
//!   `NameDictionary` in `properties`; its map has no descriptors and no transitions.
//! - Maps reached by a transition never change what their objects look like; adding a
//!   property to an object whose map is a prototype map (unique to that object) copies the map
//!   instead. Every shape change of a prototype goes through `prototype_map_replaced` (a new
//!   map) or `invalidate_if_prototype` (in place), which invalidate the validity cells of the
//!   chains through it (`prototype_info.rs`).
//! - Unused in-object words hold the one-pointer filler map, so when slack tracking shrinks
//!   an initial map the tail of every older instance parses as filler objects.
//! - Elements-kind transitions (`elements_transition_map`) live in the same tree, keyed by
//!   the private `ElementsTransitionSymbol` and the target kind: the child has its parent's
//!   descriptors (same count) and another kind in bit field 2. Maps reached through property
//!   transitions keep their parent's kind, so a map is determined by its root, its
//!   descriptors and its kind, as in V8.

use std::cell::Cell;

use tagus_heap::objects::descriptors::{PropertyDetails, Representation, descriptor_array as da, transition_array as ta};
use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::map::{self as map_layout, bit_field3 as bits};
use tagus_heap::objects::{HeapObject, InstanceType, js_object, prototype_info};
use tagus_heap::{AllocationType, Tagged};

use crate::dictionary;
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::{JsResult, Root, Vm};

/// Out-of-object fields a named store may create before the object goes to dictionary mode.
/// V8 counts only mutable fields against 128 (`kMaxFastProperties`), so write-once objects
/// stay fast; Tagus does not track constness and lets named stores grow to the descriptor
/// limit instead.
pub const MAX_FAST_PROPERTIES: usize = PropertyDetails::MAX_FIELD_INDEX;
/// The same for keyed stores (`o[k] = v`), where objects are often hash maps (V8's
/// `kFastPropertiesSoftLimit`).
pub const FAST_PROPERTIES_SOFT_LIMIT: usize = 12;
/// In-object properties of `{}` (V8's empty object literal map has 4).
pub const EMPTY_LITERAL_IN_OBJECT: usize = 4;
/// Object literals with more properties than this share the largest literal map size.
const MAX_LITERAL_MAP_CACHE: usize = 32;
/// Constructions before slack tracking shrinks an initial map (V8's counter start).
pub const SLACK_TRACKING_CONSTRUCTIONS: u32 = 7;
/// In-object room a constructor's instances start with beyond the compiler's estimate.
pub const CONSTRUCTOR_IN_OBJECT_SLACK: usize = 8;
/// Property-array growth step (V8's `kFieldsAdded`).
const FIELDS_ADDED: usize = 3;
/// Largest instance size in words (the map stores it in a byte).
const MAX_INSTANCE_SIZE_WORDS: usize = 255;

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

// ---- map fields ---------------------------------------------------------------------------

/// Bit field 3 of a map.
#[inline(always)]
pub fn map_bit_field3(map: Tagged) -> u32 {
    obj(map).read_u32(map_layout::BIT_FIELD3_OFFSET)
}

#[inline(always)]
fn set_map_bit_field3(map: Tagged, value: u32) {
    obj(map).write_u32(map_layout::BIT_FIELD3_OFFSET, value)
}

/// Whether objects with `map` keep named properties in a dictionary.
#[inline(always)]
pub fn is_dictionary_map(map: Tagged) -> bool {
    map_bit_field3(map) & bits::DICTIONARY_MAP != 0
}

/// Marks a fresh map as a dictionary-mode map.
pub fn set_dictionary_map_bit(map: Tagged) {
    set_map_bit_field3(map, map_bit_field3(map) | bits::DICTIONARY_MAP);
}

/// Whether `map` belongs to an object that is a prototype.
#[inline(always)]
pub fn is_prototype_map(map: Tagged) -> bool {
    map_bit_field3(map) & bits::PROTOTYPE_MAP != 0
}

/// Number of descriptors `map` owns (the prefix of its descriptor array it sees).
#[inline(always)]
pub fn own_descriptor_count(map: Tagged) -> usize {
    ((map_bit_field3(map) & bits::OWN_DESCRIPTORS_MASK) >> bits::OWN_DESCRIPTORS_SHIFT) as usize
}

fn set_own_descriptor_count(map: Tagged, n: usize) {
    let b = map_bit_field3(map) & !bits::OWN_DESCRIPTORS_MASK;
    set_map_bit_field3(map, b | ((n as u32) << bits::OWN_DESCRIPTORS_SHIFT));
}

/// The slack-tracking construction counter (0 = not tracking).
pub fn construction_counter(map: Tagged) -> u32 {
    (map_bit_field3(map) & bits::CONSTRUCTION_COUNTER_MASK) >> bits::CONSTRUCTION_COUNTER_SHIFT
}

fn set_construction_counter(map: Tagged, n: u32) {
    let b = map_bit_field3(map) & !bits::CONSTRUCTION_COUNTER_MASK;
    set_map_bit_field3(map, b | (n << bits::CONSTRUCTION_COUNTER_SHIFT));
}

/// Instance size in words.
#[inline(always)]
pub fn instance_size_words(map: Tagged) -> usize {
    obj(map).read_u8(map_layout::INSTANCE_SIZE_IN_WORDS_OFFSET) as usize
}

/// The word where in-object properties start (the object's header size).
#[inline(always)]
pub fn in_object_start_words(map: Tagged) -> usize {
    obj(map).read_u8(map_layout::IN_OBJECT_PROPERTIES_START_OFFSET) as usize
}

/// How many in-object property words instances of `map` have.
#[inline(always)]
pub fn in_object_capacity(map: Tagged) -> usize {
    instance_size_words(map) - in_object_start_words(map)
}

/// The descriptor array (undefined when the map never had descriptors).
#[inline(always)]
pub fn map_descriptors(map: Tagged) -> Tagged {
    obj(map).read_tagged(map_layout::INSTANCE_DESCRIPTORS_OFFSET)
}

/// Key of descriptor `i`.
#[inline(always)]
pub fn descriptor_key(descriptors: Tagged, i: usize) -> Tagged {
    fixed_get(descriptors, da::key_index(i))
}

/// Details of descriptor `i`.
#[inline(always)]
pub fn descriptor_details(descriptors: Tagged, i: usize) -> PropertyDetails {
    PropertyDetails::from_smi(fixed_get(descriptors, da::details_index(i)))
}

fn descriptor_capacity(descriptors: Tagged) -> usize {
    (fixed_len(descriptors) - da::ENTRIES_START) / da::ENTRY_SIZE
}

fn descriptors_filled(descriptors: Tagged) -> usize {
    fixed_get(descriptors, da::NUMBER_OF_DESCRIPTORS_INDEX).smi_value() as usize
}

/// The representation a value needs.
pub fn representation_of(vm: &Vm, value: Tagged) -> Representation {
    if value.is_smi() {
        Representation::Smi
    } else if vm.is_number(value) {
        Representation::Double
    } else {
        Representation::HeapObject
    }
}

/// Whether `value` fits `representation` without generalizing it.
#[inline(always)]
pub fn fits(vm: &Vm, representation: Representation, value: Tagged) -> bool {
    fits_with(vm.heap.roots().heap_number_map, representation, value)
}

/// `fits`, given the HeapNumber map (for callers that cannot borrow the VM).
#[inline(always)]
pub fn fits_with(heap_number_map: Tagged, representation: Representation, value: Tagged) -> bool {
    let is_number = value.is_smi() || HeapObject::from_tagged(value).map().0.tagged() == heap_number_map;
    match representation {
        Representation::Tagged => true,
        Representation::Smi => value.is_smi(),
        Representation::HeapObject => !is_number,
        Representation::Double => is_number,
    }
}

/// Transitions are keyed by name, attributes and kind: the attributes with this bit for
/// accessors.
pub const ACCESSOR_KIND: u8 = 8;

/// The transition kind of a property.
pub fn transition_kind(attributes: u8, is_accessor: bool) -> u8 {
    attributes | if is_accessor { ACCESSOR_KIND } else { 0 }
}

/// The (fast) elements kind of `map`, from bit field 2.
#[inline(always)]
pub fn elements_kind_of(map: Tagged) -> u8 {
    tagus_heap::objects::Map(obj(map)).elements_kind()
}

/// The parent of `map` in its transition tree (its back pointer), if it has one.
#[inline]
pub fn back_pointer(vm: &Vm, map: Tagged) -> Option<Tagged> {
    let back = obj(map).read_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET);
    vm.is_map(back).then_some(back)
}

/// Whether objects can move from `map` to `other` by changing only their map word (and
/// elements): same size, in-object layout, prototype, flags and properties in the same
/// fields with the same attributes. The elements kind may differ.
fn same_layout(map: Tagged, other: Tagged) -> bool {
    let n = own_descriptor_count(map);
    let flags = |m: Tagged| map_bit_field3(m) & !bits::CONSTRUCTION_COUNTER_MASK;
    if n != own_descriptor_count(other)
        || instance_size_words(map) != instance_size_words(other)
        || in_object_start_words(map) != in_object_start_words(other)
        || obj(map).read_tagged(map_layout::PROTOTYPE_OFFSET) != obj(other).read_tagged(map_layout::PROTOTYPE_OFFSET)
        || flags(map) != flags(other)
    {
        return false;
    }
    let (a, b) = (map_descriptors(map), map_descriptors(other));
    (0..n).all(|i| {
        let (da_, db) = (descriptor_details(a, i), descriptor_details(b, i));
        descriptor_key(a, i) == descriptor_key(b, i)
            && da_.attributes() == db.attributes()
            && da_.is_accessor() == db.is_accessor()
            && da_.field_index() == db.field_index()
    })
}

/// Whether `map` was reached from its parent by an elements-kind transition (same
/// descriptors, another kind).
pub fn is_elements_transition_child(vm: &Vm, map: Tagged) -> bool {
    back_pointer(vm, map).is_some_and(|parent| own_descriptor_count(parent) == own_descriptor_count(map))
}

// ---- fields ---------------------------------------------------------------------------------

/// Field `index` of the fast-mode object `o`.
#[inline(always)]
pub fn read_field(o: Tagged, index: usize) -> Tagged {
    let map = obj(o).map().0.tagged();
    let capacity = in_object_capacity(map);
    if index < capacity {
        obj(o).read_tagged((in_object_start_words(map) + index) * 4)
    } else {
        fixed_get(obj(o).read_tagged(js_object::PROPERTIES_OFFSET), index - capacity)
    }
}

/// Stores field `index` of the fast-mode object `o` (the property array has room).
#[inline(always)]
pub fn write_field(o: Tagged, index: usize, value: Tagged) {
    let map = obj(o).map().0.tagged();
    let capacity = in_object_capacity(map);
    if index < capacity {
        obj(o).write_tagged((in_object_start_words(map) + index) * 4, value)
    } else {
        fixed_set(obj(o).read_tagged(js_object::PROPERTIES_OFFSET), index - capacity, value)
    }
}

// ---- descriptor lookup cache ----------------------------------------------------------------

/// V8's DescriptorLookupCache: (map, name) → descriptor index, so repeated slow-path lookups
/// in maps with many descriptors are not linear scans. Keyed by raw words, so it is emptied
/// whenever a GC may have moved maps (checked by GC count).
pub struct DescriptorLookupCache {
    entries: Box<[Cell<(u32, u32, u32)>]>,
    gc_epoch: Cell<u64>,
}

const LOOKUP_CACHE_SIZE: usize = 256;
/// Maps with fewer descriptors are scanned directly.
const LOOKUP_CACHE_MIN_DESCRIPTORS: usize = 8;
const NOT_FOUND: u32 = u32::MAX;

impl DescriptorLookupCache {
    /// An empty cache.
    pub fn new() -> DescriptorLookupCache {
        DescriptorLookupCache {
            entries: (0..LOOKUP_CACHE_SIZE).map(|_| Cell::new((0, 0, 0))).collect(),
            gc_epoch: Cell::new(0),
        }
    }

    fn index(map: Tagged, key: Tagged) -> usize {
        ((map.raw() >> 2) ^ (key.raw() >> 2).wrapping_mul(31)) as usize % LOOKUP_CACHE_SIZE
    }
}

impl Default for DescriptorLookupCache {
    fn default() -> Self {
        Self::new()
    }
}

impl Vm {
    /// A number that changes whenever a GC may have moved objects.
    #[inline(always)]
    pub fn gc_epoch(&self) -> u64 {
        let c = self.heap.gc_counters();
        c.scavenges + c.mark_compacts
    }

    /// The index of the own descriptor of `map` named `key`.
    #[inline]
    pub fn find_descriptor(&self, map: Tagged, key: Tagged) -> Option<usize> {
        let n = own_descriptor_count(map);
        if n == 0 {
            return None;
        }
        let descriptors = map_descriptors(map);
        if n < LOOKUP_CACHE_MIN_DESCRIPTORS {
            return (0..n).find(|&i| descriptor_key(descriptors, i) == key);
        }
        let cache = &self.descriptor_cache;
        let epoch = self.gc_epoch();
        if cache.gc_epoch.get() != epoch {
            cache.entries.iter().for_each(|e| e.set((0, 0, 0)));
            cache.gc_epoch.set(epoch);
        }
        let entry = &cache.entries[DescriptorLookupCache::index(map, key)];
        let (m, k, i) = entry.get();
        if m == map.raw() && k == key.raw() {
            return (i != NOT_FOUND).then_some(i as usize);
        }
        let found = (0..n).find(|&i| descriptor_key(descriptors, i) == key);
        entry.set((map.raw(), key.raw(), found.map_or(NOT_FOUND, |i| i as u32)));
        found
    }

    // ---- maps ---------------------------------------------------------------------------------

    /// A map for `instance_type` objects with a `header_size`-byte header and room for
    /// `in_object` properties, with `prototype` (which becomes a prototype object).
    pub fn new_js_map(&mut self, instance_type: InstanceType, header_size: usize, in_object: usize, prototype: Tagged) -> JsResult<Tagged> {
        let in_object = in_object.min(MAX_INSTANCE_SIZE_WORDS - header_size / 4);
        let map = self.new_map(instance_type, header_size + in_object * 4, prototype)?;
        obj(map).write_u8(map_layout::IN_OBJECT_PROPERTIES_START_OFFSET, (header_size / 4) as u8);
        Ok(map)
    }

    /// A copy of the map in `map_slot`: same type, size, prototype, bits and descriptors; no
    /// transitions, no back pointer.
    fn copy_map_in_slot(&mut self, map_slot: usize) -> JsResult<Tagged> {
        let old = self.slot(map_slot);
        let instance_type = tagus_heap::objects::Map(obj(old)).instance_type();
        let size = instance_size_words(old) * 4;
        let proto = obj(old).read_tagged(map_layout::PROTOTYPE_OFFSET);
        let map = self.heap.new_map(instance_type, size, proto).map_err(|_| self.out_of_memory())?;
        let old = self.slot(map_slot);
        obj(map).write_u8(map_layout::IN_OBJECT_PROPERTIES_START_OFFSET, in_object_start_words(old) as u8);
        obj(map).write_u8(map_layout::BIT_FIELD2_OFFSET, obj(old).read_u8(map_layout::BIT_FIELD2_OFFSET));
        set_map_bit_field3(map, map_bit_field3(old) & !bits::CONSTRUCTION_COUNTER_MASK);
        obj(map).write_tagged(map_layout::INSTANCE_DESCRIPTORS_OFFSET, map_descriptors(old));
        let constructor = obj(old).read_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET);
        if !self.is_map(constructor) {
            obj(map).write_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET, constructor);
        }
        Ok(map)
    }

    /// Gives the object in `o_slot` its own copy of its map, with `set` bits added, `clear`
    /// bits removed and, if given, another prototype.
    pub(crate) fn copy_object_map(&mut self, o_slot: usize, set: u32, clear: u32, prototype: Option<Tagged>) -> JsResult<()> {
        let map_slot = self.push(self.map_of(self.slot(o_slot)));
        self.push(prototype.unwrap_or(Tagged::ZERO));
        let r = self.copy_map_in_slot(map_slot).and_then(|copy| {
            set_map_bit_field3(copy, (map_bit_field3(copy) | set) & !clear);
            if prototype.is_some() {
                obj(copy).write_tagged(map_layout::PROTOTYPE_OFFSET, self.slot(map_slot + 1));
            }
            obj(self.slot(o_slot)).set_map(tagus_heap::objects::Map(obj(copy)));
            let copy_slot = self.push(copy);
            self.prototype_map_replaced(map_slot, copy_slot)
        });
        self.truncate_stack(map_slot);
        r
    }

    /// A FixedArray-shaped object with the read-only `map` (descriptor, transition and
    /// feedback arrays) of `length` undefined elements, in old space beside the maps and code
    /// that hold it.
    pub(crate) fn new_old_array(&mut self, map: Tagged, length: usize) -> JsResult<Tagged> {
        let array = self
            .heap
            .new_fixed_array(length, AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        let undefined = self.undefined();
        for i in 0..length {
            obj(array).write_tagged_no_barrier(FixedArray::offset_of_element(i), undefined);
        }
        obj(array).write_u32(0, map.raw());
        Ok(array)
    }

    /// Whether `t` is a map.
    pub fn is_map(&self, t: Tagged) -> bool {
        t.is_heap_object() && obj(t).map().0.tagged() == self.heap.roots().meta_map
    }

    // ---- prototypes ---------------------------------------------------------------------------

    /// Makes the object in `o_slot` a prototype: it gets a map of its own (V8's
    /// `OptimizeAsPrototype`), so its shape changes can invalidate the ICs that rely on it
    /// and its map can hold a validity cell and a PrototypeInfo.
    pub(crate) fn make_prototype(&mut self, o_slot: usize) -> JsResult<()> {
        let o = self.slot(o_slot);
        if !self.is_object(o) || is_prototype_map(self.map_of(o)) {
            return Ok(());
        }
        self.copy_object_map(o_slot, bits::PROTOTYPE_MAP, 0, None)
    }

    /// The map `Object.create(proto)` gives its objects, cached (weakly, as in V8) in the
    /// PrototypeInfo of the prototype's map.
    pub(crate) fn object_create_map(&mut self, proto_slot: usize) -> JsResult<Tagged> {
        self.make_prototype(proto_slot)?;
        let map_slot = self.push(self.map_of(self.slot(proto_slot)));
        let r = self.prototype_info(map_slot).and_then(|info| {
            let cached = obj(info).read_tagged(prototype_info::OBJECT_CREATE_MAP_OFFSET);
            if cached.is_weak() && !cached.is_cleared() {
                return Ok(cached.to_strong());
            }
            let map = self.new_js_map(
                InstanceType::JsObject,
                js_object::JS_OBJECT_SIZE,
                EMPTY_LITERAL_IN_OBJECT,
                self.slot(proto_slot),
            )?;
            let created = self.push(map);
            let info = self.prototype_info(map_slot)?;
            obj(info).write_tagged(prototype_info::OBJECT_CREATE_MAP_OFFSET, self.slot(created).to_weak());
            Ok(self.slot(created))
        });
        self.truncate_stack(map_slot);
        r
    }

    /// The map of an object literal with `count` properties (shared root maps with room for
    /// them, prototype Object.prototype).
    pub(crate) fn object_literal_map(&mut self, count: usize) -> JsResult<Tagged> {
        if count <= EMPTY_LITERAL_IN_OBJECT {
            return Ok(self.root(Root::ObjectMap));
        }
        let index = count.min(MAX_LITERAL_MAP_CACHE);
        let cache = self.root(Root::ObjectLiteralMaps);
        let cached = fixed_get(cache, index);
        if self.is_map(cached) {
            return Ok(cached);
        }
        let proto = self.root(Root::ObjectPrototype);
        let map = self.new_js_map(InstanceType::JsObject, js_object::JS_OBJECT_SIZE, index, proto)?;
        fixed_set(self.root(Root::ObjectLiteralMaps), index, map);
        Ok(map)
    }

    /// The cache `object_literal_map` fills.
    pub(crate) fn new_object_literal_map_cache(&mut self) -> JsResult<Tagged> {
        let cache = self
            .heap
            .new_fixed_array(MAX_LITERAL_MAP_CACHE + 1, AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        for i in 0..=MAX_LITERAL_MAP_CACHE {
            obj(cache).write_tagged_no_barrier(FixedArray::offset_of_element(i), Tagged::smi(0));
        }
        Ok(cache)
    }

    // ---- transitions --------------------------------------------------------------------------

    /// The child of `map` that adds `key` with `kind` (attributes, plus `ACCESSOR_KIND` for
    /// an accessor), if one exists.
    pub fn find_transition(&self, map: Tagged, key: Tagged, kind: u8) -> Option<Tagged> {
        let t = obj(map).read_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
        if t.is_weak() {
            if t.is_cleared() {
                return None;
            }
            let target = t.to_strong();
            let (k, a) = self.last_added(target);
            return (k == key && a == kind).then_some(target);
        }
        if !t.is_heap_object() || self.instance_type(t) != Some(InstanceType::TransitionArray) {
            return None;
        }
        let count = fixed_get(t, ta::NUMBER_OF_TRANSITIONS_INDEX).smi_value() as usize;
        (0..count).find_map(|i| {
            let at = ta::ENTRIES_START + i * ta::ENTRY_SIZE;
            let target = fixed_get(t, at + 2);
            (fixed_get(t, at) == key && fixed_get(t, at + 1).smi_value() as u8 == kind && !target.is_cleared()).then(|| target.to_strong())
        })
    }

    /// Every live transition target of `map`.
    pub fn transitions_of(&self, map: Tagged) -> Vec<Tagged> {
        let t = obj(map).read_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
        if is_prototype_map(map) {
            return Vec::new();
        }
        if t.is_weak() {
            return if t.is_cleared() { Vec::new() } else { vec![t.to_strong()] };
        }
        if !t.is_heap_object() || self.instance_type(t) != Some(InstanceType::TransitionArray) {
            return Vec::new();
        }
        let count = fixed_get(t, ta::NUMBER_OF_TRANSITIONS_INDEX).smi_value() as usize;
        (0..count)
            .map(|i| fixed_get(t, ta::ENTRIES_START + i * ta::ENTRY_SIZE + 2))
            .filter(|t| !t.is_cleared())
            .map(|t| t.to_strong())
            .collect()
    }

    /// The key and transition kind of the last descriptor of `map`, or for a map reached by
    /// an elements-kind transition, the elements transition symbol and its kind.
    fn last_added(&self, map: Tagged) -> (Tagged, u8) {
        if is_elements_transition_child(self, map) {
            return (self.root(Root::ElementsTransitionSymbol), elements_kind_of(map));
        }
        let n = own_descriptor_count(map);
        let d = map_descriptors(map);
        let details = descriptor_details(d, n - 1);
        (
            descriptor_key(d, n - 1),
            transition_kind(details.attributes(), details.is_accessor()),
        )
    }

    /// Records `child` (in `child_slot`) as the transition of the map in `parent_slot` that
    /// adds its last descriptor.
    fn add_transition(&mut self, parent_slot: usize, child_slot: usize) -> JsResult<()> {
        let parent = self.slot(parent_slot);
        let t = obj(parent).read_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET);
        let is_array = t.is_heap_object() && self.instance_type(t) == Some(InstanceType::TransitionArray);
        if !is_array && (!t.is_weak() || t.is_cleared()) {
            obj(parent).write_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET, self.slot(child_slot).to_weak());
            return Ok(());
        }
        // Collect the live entries, then write a fresh array with room to grow.
        let mut live: Vec<Tagged> = Vec::new();
        if t.is_weak() {
            live.push(t.to_strong());
        } else {
            let count = fixed_get(t, ta::NUMBER_OF_TRANSITIONS_INDEX).smi_value() as usize;
            let capacity = (fixed_len(t) - ta::ENTRIES_START) / ta::ENTRY_SIZE;
            let at = ta::ENTRIES_START + count * ta::ENTRY_SIZE;
            if count < capacity {
                let child = self.slot(child_slot);
                let (k, a) = self.last_added(child);
                fixed_set(t, at, k);
                fixed_set(t, at + 1, Tagged::smi(a as i32));
                fixed_set(t, at + 2, child.to_weak());
                fixed_set(t, ta::NUMBER_OF_TRANSITIONS_INDEX, Tagged::smi(count as i32 + 1));
                return Ok(());
            }
            for i in 0..count {
                let target = fixed_get(t, ta::ENTRIES_START + i * ta::ENTRY_SIZE + 2);
                if !target.is_cleared() {
                    live.push(target.to_strong());
                }
            }
        }
        // Maps are old and only move in a compacting GC; keep them in slots across the
        // allocation anyway.
        let base = self.stack_mark();
        for &m in &live {
            self.push(m);
        }
        let capacity = (live.len() + 1) * 2;
        let map = self.heap.roots().transition_array_map;
        let array = match self.new_old_array(map, ta::length_for(capacity)) {
            Ok(a) => a,
            Err(e) => {
                self.truncate_stack(base);
                return Err(e);
            }
        };
        let mut count = 0;
        for i in 0..=live.len() {
            let target = if i < live.len() {
                self.slot(base + i)
            } else {
                self.slot(child_slot)
            };
            let (k, a) = self.last_added(target);
            let at = ta::ENTRIES_START + count * ta::ENTRY_SIZE;
            fixed_set(array, at, k);
            fixed_set(array, at + 1, Tagged::smi(a as i32));
            fixed_set(array, at + 2, target.to_weak());
            count += 1;
        }
        fixed_set(array, ta::NUMBER_OF_TRANSITIONS_INDEX, Tagged::smi(count as i32));
        self.truncate_stack(base);
        obj(self.slot(parent_slot)).write_tagged(map_layout::TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET, array);
        Ok(())
    }

    /// A child of the map in `parent_slot` with one more descriptor (`key`, `details`),
    /// sharing the parent's descriptor array when it can append in place.
    fn map_with_added_descriptor(
        &mut self,
        parent_slot: usize,
        key_slot: usize,
        details: PropertyDetails,
        transition: bool,
    ) -> JsResult<Tagged> {
        let child = self.copy_map_in_slot(parent_slot)?;
        let child_slot = self.push(child);
        let parent = self.slot(parent_slot);
        let n = own_descriptor_count(parent);
        let descriptors = map_descriptors(parent);
        let shared = descriptors.is_heap_object()
            && self.instance_type(descriptors) == Some(InstanceType::DescriptorArray)
            && descriptors_filled(descriptors) == n
            && n < descriptor_capacity(descriptors);
        let descriptors = if shared {
            descriptors
        } else {
            let capacity = n + 1 + (n / 2).max(2);
            let map = self.heap.roots().descriptor_array_map;
            let fresh = match self.new_old_array(map, da::length_for(capacity)) {
                Ok(f) => f,
                Err(e) => {
                    self.truncate_stack(child_slot);
                    return Err(e);
                }
            };
            let old = map_descriptors(self.slot(parent_slot));
            for i in 0..n {
                fixed_set(fresh, da::key_index(i), descriptor_key(old, i));
                fixed_set(fresh, da::details_index(i), fixed_get(old, da::details_index(i)));
            }
            fresh
        };
        fixed_set(descriptors, da::key_index(n), self.slot(key_slot));
        fixed_set(descriptors, da::details_index(n), details.to_smi());
        fixed_set(descriptors, da::NUMBER_OF_DESCRIPTORS_INDEX, Tagged::smi(n as i32 + 1));
        let child = self.slot(child_slot);
        obj(child).write_tagged(map_layout::INSTANCE_DESCRIPTORS_OFFSET, descriptors);
        set_own_descriptor_count(child, n + 1);
        let counter = construction_counter(self.slot(parent_slot));
        set_construction_counter(child, counter);
        let r = if transition {
            obj(child).write_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET, self.slot(parent_slot));
            self.add_transition(parent_slot, child_slot)
        } else {
            Ok(())
        };
        let child = self.slot(child_slot);
        self.truncate_stack(child_slot);
        r.map(|_| child)
    }

    // ---- adding properties --------------------------------------------------------------------

    /// Adds the absent named property `key` (in `key_slot`) with the value in `value_slot`
    /// to the fast-mode object in `o_slot`: follows or creates a transition, grows the
    /// property array, or moves the object to dictionary mode when it has too many.
    pub(crate) fn add_fast_property(
        &mut self,
        o_slot: usize,
        key_slot: usize,
        value_slot: usize,
        attributes: u8,
        is_accessor: bool,
    ) -> JsResult<()> {
        let map = self.map_of(self.slot(o_slot));
        let n = own_descriptor_count(map);
        let out_of_object = (n + 1).saturating_sub(in_object_capacity(map));
        // Prototypes never go to dictionary mode for their size (V8 neither).
        let too_many = out_of_object > self.out_of_object_limit && !is_prototype_map(map);
        if n + 1 > PropertyDetails::MAX_FIELD_INDEX || too_many {
            self.normalize(o_slot)?;
            return self.add_dictionary_property(o_slot, key_slot, value_slot, attributes, is_accessor);
        }
        let map_slot = self.push(map);
        let r = self.add_field(o_slot, map_slot, key_slot, value_slot, attributes, is_accessor);
        self.truncate_stack(map_slot);
        r
    }

    /// `add_fast_property` for an object that stays fast and has the map in `map_slot`
    /// (the caller truncates the stack).
    fn add_field(
        &mut self,
        o_slot: usize,
        map_slot: usize,
        key_slot: usize,
        value_slot: usize,
        attributes: u8,
        is_accessor: bool,
    ) -> JsResult<()> {
        let map = self.slot(map_slot);
        let n = own_descriptor_count(map);
        let value = self.slot(value_slot);
        let representation = if is_accessor {
            Representation::HeapObject
        } else {
            representation_of(self, value)
        };
        let key = self.slot(key_slot);
        let target = if is_prototype_map(map) {
            None
        } else {
            self.find_transition(map, key, transition_kind(attributes, is_accessor))
        };
        let target = match target {
            Some(t) => t,
            None => {
                let details = PropertyDetails::new(is_accessor, attributes, representation, n);
                self.map_with_added_descriptor(map_slot, key_slot, details, !is_prototype_map(map))?
            }
        };
        // Generalize the field's representation in place if this value does not fit it.
        let descriptors = map_descriptors(target);
        let details = descriptor_details(descriptors, n);
        let value = self.slot(value_slot);
        if !fits(self, details.representation(), value) {
            let general = details.representation().generalize(representation_of(self, value));
            fixed_set(descriptors, da::details_index(n), details.with_representation(general).to_smi());
        }
        let target_slot = self.push(target);
        self.ensure_field_room(o_slot, target_slot, n)?;
        let o = self.slot(o_slot);
        obj(o).set_map(tagus_heap::objects::Map(obj(self.slot(target_slot))));
        write_field(o, n, self.slot(value_slot));
        self.prototype_map_replaced(map_slot, target_slot)
    }

    /// Makes sure the object in `o_slot`, once it has the map in `map_slot`, has a place for
    /// field `index` (grows the property array by `FIELDS_ADDED`).
    fn ensure_field_room(&mut self, o_slot: usize, map_slot: usize, index: usize) -> JsResult<()> {
        let capacity = in_object_capacity(self.slot(map_slot));
        if index < capacity {
            return Ok(());
        }
        let at = index - capacity;
        let properties = obj(self.slot(o_slot)).read_tagged(js_object::PROPERTIES_OFFSET);
        let old_len = fixed_len(properties);
        if at < old_len {
            return Ok(());
        }
        let fresh = self
            .heap
            .new_fixed_array(at + FIELDS_ADDED, AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        let old = obj(self.slot(o_slot)).read_tagged(js_object::PROPERTIES_OFFSET);
        let undefined = self.undefined();
        for i in 0..fixed_len(fresh) {
            let v = if i < old_len { fixed_get(old, i) } else { undefined };
            obj(fresh).write_tagged(FixedArray::offset_of_element(i), v);
        }
        obj(self.slot(o_slot)).write_tagged(js_object::PROPERTIES_OFFSET, fresh);
        Ok(())
    }

    /// Adds an absent name to the dictionary of the dictionary-mode object in `o_slot`.
    pub(crate) fn add_dictionary_property(
        &mut self,
        o_slot: usize,
        key_slot: usize,
        value_slot: usize,
        attributes: u8,
        is_accessor: bool,
    ) -> JsResult<()> {
        let o = self.slot(o_slot);
        let dict_slot = self.push(obj(o).read_tagged(js_object::PROPERTIES_OFFSET));
        let r = dictionary::add(self, dict_slot, key_slot, value_slot, attributes, is_accessor);
        if r.is_ok() {
            let dict = self.slot(dict_slot);
            obj(self.slot(o_slot)).write_tagged(js_object::PROPERTIES_OFFSET, dict);
        }
        self.truncate_stack(dict_slot);
        r?;
        self.invalidate_if_prototype(self.slot(o_slot));
        Ok(())
    }

    // ---- dictionary mode ----------------------------------------------------------------------

    /// Moves the object in `o_slot` to dictionary mode (V8's `NormalizeProperties`): its
    /// named properties go to a `NameDictionary` in creation order, it gets a map of its own.
    pub(crate) fn normalize(&mut self, o_slot: usize) -> JsResult<()> {
        let map = self.map_of(self.slot(o_slot));
        if is_dictionary_map(map) {
            return Ok(());
        }
        let n = own_descriptor_count(map);
        let dict = dictionary::allocate(self, n.max(2))?;
        let base = self.push(dict);
        self.push(Tagged::smi(0));
        self.push(Tagged::smi(0));
        let mut result = Ok(());
        for i in 0..n {
            let o = self.slot(o_slot);
            let descriptors = map_descriptors(self.map_of(o));
            let details = descriptor_details(descriptors, i);
            self.set_slot(base + 1, descriptor_key(descriptors, i));
            self.set_slot(base + 2, read_field(o, details.field_index()));
            result = dictionary::add(self, base, base + 1, base + 2, details.attributes(), details.is_accessor());
            if result.is_err() {
                break;
            }
        }
        if result.is_ok() {
            let map_slot = self.push(self.map_of(self.slot(o_slot)));
            result = self.copy_map_in_slot(map_slot).and_then(|copy| {
                set_map_bit_field3(copy, (map_bit_field3(copy) | bits::DICTIONARY_MAP) & !bits::OWN_DESCRIPTORS_MASK);
                obj(copy).write_tagged(map_layout::INSTANCE_DESCRIPTORS_OFFSET, self.undefined());
                let o = self.slot(o_slot);
                let start = in_object_start_words(copy);
                for w in start..instance_size_words(copy) {
                    obj(o).write_tagged(w * 4, self.undefined());
                }
                obj(o).set_map(tagus_heap::objects::Map(obj(copy)));
                obj(o).write_tagged(js_object::PROPERTIES_OFFSET, self.slot(base));
                let copy_slot = self.push(copy);
                self.prototype_map_replaced(map_slot, copy_slot)
            });
        }
        self.truncate_stack(base);
        result
    }

    /// Deletes the fast property described by descriptor `i`: the last added one rolls the
    /// object back to its parent map (V8 does the same); any other normalizes first.
    /// Returns false when the caller must delete from the dictionary instead.
    pub(crate) fn delete_fast_property(&mut self, o_slot: usize, i: usize) -> JsResult<bool> {
        let o = self.slot(o_slot);
        let map = self.map_of(o);
        let n = own_descriptor_count(map);
        let parent = obj(map).read_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET);
        if i + 1 == n && self.is_map(parent) && own_descriptor_count(parent) == n - 1 && !is_prototype_map(map) {
            let index = descriptor_details(map_descriptors(map), i).field_index();
            write_field(o, index, self.undefined());
            obj(o).set_map(tagus_heap::objects::Map(obj(parent)));
            return Ok(true);
        }
        self.normalize(o_slot)?;
        Ok(false)
    }

    // ---- elements kinds -----------------------------------------------------------------------

    /// The map objects with the map in `map_slot` move to when their elements kind becomes
    /// `kind` (a generalization of the map's kind; see `elements.rs`): V8's elements-kind
    /// transition. A shared fast map finds it in its transition tree: elements-kind children
    /// hang off the root of the tree, and the map's property transitions are replayed from the
    /// root's child of that kind, so `[1.5]` with `x` added and `[1]` with `x` added and then
    /// a double stored end up on one map. A map that belongs to one object (a prototype map) is
    /// changed in place; a dictionary map is copied.
    pub(crate) fn elements_transition_map(&mut self, map_slot: usize, kind: u8) -> JsResult<Tagged> {
        let map = self.slot(map_slot);
        if elements_kind_of(map) == kind {
            return Ok(map);
        }
        if is_prototype_map(map) {
            tagus_heap::objects::Map(obj(map)).set_elements_kind(kind);
            return Ok(map);
        }
        if is_dictionary_map(map) {
            let copy = self.copy_map_in_slot(map_slot)?;
            tagus_heap::objects::Map(obj(copy)).set_elements_kind(kind);
            return Ok(copy);
        }
        let symbol = self.root(Root::ElementsTransitionSymbol);
        if let Some(t) = self.find_transition(map, symbol, kind)
            && same_layout(map, t)
        {
            return Ok(t);
        }
        if let Some(parent) = back_pointer(self, map) {
            let ps = self.push(parent);
            let r = self.elements_transition_via_parent(map_slot, ps, kind);
            self.truncate_stack(ps);
            if let Some(t) = r? {
                return Ok(t);
            }
        }
        // A root, or a map whose path could not be replayed: a child of this kind.
        let child = self.copy_map_in_slot(map_slot)?;
        let cs = self.push(child);
        tagus_heap::objects::Map(obj(child)).set_elements_kind(kind);
        set_construction_counter(child, construction_counter(self.slot(map_slot)));
        obj(child).write_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET, self.slot(map_slot));
        let r = self.add_transition(map_slot, cs);
        let child = self.slot(cs);
        self.truncate_stack(cs);
        r.map(|_| child)
    }

    /// The elements transition of the map in `map_slot` found through its parent (in
    /// `parent_slot`): the parent's map of `kind`, plus the map's last property transition
    /// replayed from there. `None` when the result would not describe the same objects.
    fn elements_transition_via_parent(&mut self, map_slot: usize, parent_slot: usize, kind: u8) -> JsResult<Option<Tagged>> {
        let target_parent = self.elements_transition_map(parent_slot, kind)?;
        let map = self.slot(map_slot);
        if is_elements_transition_child(self, map) {
            return Ok(same_layout(map, target_parent).then_some(target_parent));
        }
        if is_prototype_map(target_parent) || is_dictionary_map(target_parent) {
            return Ok(None);
        }
        let n = own_descriptor_count(map);
        let descriptors = map_descriptors(map);
        let key = descriptor_key(descriptors, n - 1);
        let details = descriptor_details(descriptors, n - 1);
        let base = self.push(target_parent);
        self.push(key);
        let existing = self.find_transition(target_parent, key, transition_kind(details.attributes(), details.is_accessor()));
        let target = match existing {
            Some(t) => Ok(t),
            None => self.map_with_added_descriptor(base, base + 1, details, true),
        };
        self.truncate_stack(base);
        let target = target?;
        let map = self.slot(map_slot);
        if !same_layout(map, target) {
            return Ok(None);
        }
        // The object's field values fit the map's representations: make the target's fit too.
        let (from, to) = (map_descriptors(map), map_descriptors(target));
        for i in 0..n {
            let (dm, dt) = (descriptor_details(from, i), descriptor_details(to, i));
            let general = dt.representation().generalize(dm.representation());
            if general != dt.representation() {
                fixed_set(to, da::details_index(i), dt.with_representation(general).to_smi());
            }
        }
        Ok(Some(target))
    }

    // ---- slack tracking -----------------------------------------------------------------------

    /// Counts one construction with the initial map in `map_slot`; after
    /// `SLACK_TRACKING_CONSTRUCTIONS` the whole transition tree shrinks to the in-object room
    /// its objects used.
    pub(crate) fn count_construction(&mut self, map_slot: usize) {
        let map = self.slot(map_slot);
        let counter = construction_counter(map);
        if counter == 0 {
            return;
        }
        set_construction_counter(map, counter - 1);
        if counter == 1 {
            self.complete_slack_tracking(map);
        }
    }

    fn complete_slack_tracking(&mut self, initial: Tagged) {
        // Every map of the tree, and the most in-object fields any of them uses.
        let mut tree = vec![initial];
        let mut i = 0;
        while i < tree.len() {
            let children = self.transitions_of(tree[i]);
            tree.extend(children);
            i += 1;
        }
        let capacity = in_object_capacity(initial);
        let used = tree.iter().map(|&m| own_descriptor_count(m).min(capacity)).max().unwrap_or(0);
        let slack = capacity - used;
        for &m in &tree {
            set_construction_counter(m, 0);
            let words = instance_size_words(m) - slack;
            obj(m).write_u8(map_layout::INSTANCE_SIZE_IN_WORDS_OFFSET, words as u8);
        }
    }

    /// Starts slack tracking on a constructor's fresh initial map.
    pub(crate) fn start_slack_tracking(&self, map: Tagged) {
        set_construction_counter(map, SLACK_TRACKING_CONSTRUCTIONS);
    }
}
