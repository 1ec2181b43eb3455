//! Inline caches: per-function feedback vectors and the handlers they hold for named loads
//! and stores, moving uninitialized → monomorphic → polymorphic (up to 4 maps) →
//! megamorphic (the isolate's stub cache, keyed by map and name).
//!
//! Feedback slot words (see `objects/descriptors.rs`): `feedback` is undefined
//! (uninitialized), a weak map (monomorphic; `extra` is the handler), a FixedArray of
//! (weak map, handler) pairs (polymorphic), or `MEGAMORPHIC`. Keyed loads with name keys go
//! straight to the stub cache (the name varies, so the slot alone cannot check it). Global
//! loads and stores have slots of their own: a weak PropertyCell of the global object, or a
//! script-context slot (see `Vm::load_global_ic`).
//!
//! Handlers: a Smi (`LoadHandler`/`StoreHandler` below) acts on the receiver itself; a
//! FixedArray `[smi handler, validity cell, holder]` acts on a holder found on the prototype
//! chain (or, for `NONEXISTENT`, on nothing) and holds only while the validity cell of the
//! receiver map's prototype is valid (`prototype_info.rs`: the cell is invalidated when
//! anything on that chain changes shape, and only then); where the receiver has no prototype
//! the cell is the Smi `PROTOTYPE_CHAIN_VALID`, valid for good. A handler never caches a
//! value, only where to find it, so stores to existing fields of prototypes need no
//! invalidation.

use std::cell::Cell;

use tagus_heap::objects::descriptors::{Representation, cell, feedback_vector as fv};
use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::js_object::{self, accessor_pair, array};
use tagus_heap::objects::map::PROTOTYPE_CHAIN_VALID;
use tagus_heap::objects::string;
use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::{AllocationType, Tagged};

use crate::dictionary::{self, READ_ONLY};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::shape::{self, fits_with};
use crate::{JsResult, Root, Vm, property_cell};

/// Extra word of a global IC that found a script-context binding.
const SCRIPT_CONTEXT: Tagged = Tagged::smi(-1);

/// Feedback of a megamorphic slot.
pub const MEGAMORPHIC: Tagged = Tagged::smi(1);
/// Maps a polymorphic IC tracks before going megamorphic.
pub const MAX_POLYMORPHISM: usize = 4;

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// Smi handler kinds (bits 0-2), the in-object flag (bit 3), the representation a store
/// requires (bits 4-5) and the word offset or property-array index (bits 6-).
mod handler {
    pub const FIELD: i32 = 0;
    pub const ARRAY_LENGTH: i32 = 1;
    pub const STRING_LENGTH: i32 = 2;
    pub const NORMAL: i32 = 3;
    pub const ACCESSOR: i32 = 4;
    pub const NONEXISTENT: i32 = 5;
    pub const TRANSITION: i32 = 6;
    pub const KIND_MASK: i32 = 7;
    pub const IN_OBJECT: i32 = 8;
    pub const REPRESENTATION_SHIFT: i32 = 4;
    pub const INDEX_SHIFT: i32 = 6;
}

/// A Smi handler.
fn smi_handler(kind: i32, in_object: bool, representation: Representation, index: usize) -> Tagged {
    Tagged::smi(
        kind | if in_object { handler::IN_OBJECT } else { 0 }
            | (representation as i32) << handler::REPRESENTATION_SHIFT
            | (index as i32) << handler::INDEX_SHIFT,
    )
}

fn handler_kind(h: Tagged) -> i32 {
    h.smi_value() & handler::KIND_MASK
}

fn handler_representation(h: Tagged) -> Representation {
    match (h.smi_value() >> handler::REPRESENTATION_SHIFT) & 3 {
        0 => Representation::Smi,
        1 => Representation::Double,
        2 => Representation::HeapObject,
        _ => Representation::Tagged,
    }
}

/// Reads the field a FIELD/ACCESSOR handler points at.
#[inline(always)]
fn handler_field(holder: Tagged, h: Tagged) -> Tagged {
    let index = (h.smi_value() >> handler::INDEX_SHIFT) as usize;
    if h.smi_value() & handler::IN_OBJECT != 0 {
        obj(holder).read_tagged(index * 4)
    } else {
        fixed_get(obj(holder).read_tagged(js_object::PROPERTIES_OFFSET), index)
    }
}

/// Where field `index` of objects with `map` lives, as (in-object, word offset or array index).
fn field_location(map: Tagged, index: usize) -> (bool, usize) {
    let capacity = shape::in_object_capacity(map);
    if index < capacity {
        (true, shape::in_object_start_words(map) + index)
    } else {
        (false, index - capacity)
    }
}

/// The handler the feedback in `vector[slot]` records for the receiver's map, for the
/// interpreter's fast loop (no `Vm`; `name` only keys the stub cache).
#[inline(always)]
fn handler_for_receiver(probe: &IcProbe, vector: Tagged, slot: usize, receiver: Tagged, name: Tagged, store: bool) -> Option<Tagged> {
    if !receiver.is_heap_object() || !vector.is_heap_object() || fv::extra_index(slot) >= fixed_len(vector) {
        return None;
    }
    recorded_handler(vector, slot, obj(receiver).map().0.tagged(), name, store, probe)
}

/// What the interpreter's fast loop needs to probe load ICs without the `Vm`: the stub cache
/// (in sync with the heap) and two roots.
pub(crate) struct IcProbe<'a> {
    pub stub_cache: &'a StubCache,
    pub fixed_array_map: Tagged,
    pub undefined: Tagged,
}

/// `receiver.name` through the IC in `vector[slot]` when its handler for the receiver's map
/// reads a field (of the receiver, or of a holder on the prototype chain while the validity
/// cell holds) or a length: no allocation, no call (the interpreter's fast loop). `name`
/// only keys the stub cache of a megamorphic slot.
#[inline(always)]
pub(crate) fn load_without_call(probe: &IcProbe, vector: Tagged, slot: usize, receiver: Tagged, name: Tagged) -> Option<Tagged> {
    let h = handler_for_receiver(probe, vector, slot, receiver, name, false)?;
    let (holder, h) = handler_holder(receiver, h)?;
    read_through_handler(holder, h, probe.undefined)
}

/// The handler the feedback in `vector[slot]` records for receivers with `map`: the
/// monomorphic one, one of the polymorphic ones, or the stub cache's for a megamorphic slot.
#[inline(always)]
fn recorded_handler(vector: Tagged, slot: usize, map: Tagged, name: Tagged, store: bool, probe: &IcProbe) -> Option<Tagged> {
    let f = fixed_get(vector, fv::feedback_index(slot));
    let weak = map.to_weak();
    if f == weak {
        return Some(fixed_get(vector, fv::extra_index(slot)));
    }
    if f == MEGAMORPHIC {
        return probe.stub_cache.get(map, name, store);
    }
    if is_polymorphic(f, probe.fixed_array_map) {
        let n = fixed_len(f);
        let mut i = 0;
        while i < n {
            if fixed_get(f, i) == weak {
                return Some(fixed_get(f, i + 1));
            }
            i += 2;
        }
    }
    None
}

/// Whether feedback `f` is a polymorphic list of (weak map, handler) pairs.
#[inline(always)]
fn is_polymorphic(f: Tagged, fixed_array_map: Tagged) -> bool {
    f.is_heap_object() && !f.is_weak() && obj(f).map().0.tagged() == fixed_array_map
}

/// The object a handler acts on and its Smi handler: the receiver itself, or the holder of a
/// `[smi handler, validity cell, holder]` handler while the cell is valid.
#[inline(always)]
fn handler_holder(receiver: Tagged, h: Tagged) -> Option<(Tagged, Tagged)> {
    if h.is_smi() {
        return Some((receiver, h));
    }
    chain_is_valid(h).then(|| (fixed_get(h, 2), fixed_get(h, 0)))
}

/// Whether the validity cell of a `[smi handler, validity cell, holder or map]` handler holds:
/// a load of the cell's value and a compare (or the Smi marker of an empty chain).
#[inline(always)]
fn chain_is_valid(h: Tagged) -> bool {
    let c = fixed_get(h, 1);
    c == PROTOTYPE_CHAIN_VALID || obj(c).read_tagged(cell::VALUE_OFFSET) == PROTOTYPE_CHAIN_VALID
}

/// What a load handler that needs no call reads from `holder`; `None` for the other kinds.
#[inline(always)]
fn read_through_handler(holder: Tagged, h: Tagged, undefined: Tagged) -> Option<Tagged> {
    match handler_kind(h) {
        handler::FIELD => Some(handler_field(holder, h)),
        handler::ARRAY_LENGTH => Some(obj(holder).read_tagged(array::LENGTH_OFFSET)),
        handler::STRING_LENGTH => Some(Tagged::smi(obj(holder).read_i32(string::LENGTH_OFFSET))),
        handler::NONEXISTENT => Some(undefined),
        _ => None,
    }
}

/// `receiver.name = value` through the IC in `vector[slot]` when its handler for the
/// receiver's map is an own-field or transition handler the value fits: no allocation, no
/// call (the interpreter's fast loop). False means the general path must run.
#[inline(always)]
pub(crate) fn store_without_call(
    probe: &IcProbe,
    vector: Tagged,
    slot: usize,
    receiver: Tagged,
    name: Tagged,
    value: Tagged,
    heap_number_map: Tagged,
) -> bool {
    handler_for_receiver(probe, vector, slot, receiver, name, true).is_some_and(|h| store_to_field(receiver, h, value, heap_number_map))
}

/// Stores `value` through an own-field handler (Smi) or a transition handler
/// (`[handler, validity cell, target map]`); false when the handler is of another kind, the
/// cell is invalid, the value does not fit the field's representation or the property array
/// has no room.
#[inline(always)]
fn store_to_field(receiver: Tagged, h: Tagged, value: Tagged, heap_number_map: Tagged) -> bool {
    let (smi, target) = if h.is_smi() {
        if handler_kind(h) != handler::FIELD {
            return false;
        }
        (h, None)
    } else {
        if !chain_is_valid(h) {
            return false;
        }
        (fixed_get(h, 0), Some(fixed_get(h, 2)))
    };
    if !fits_with(heap_number_map, handler_representation(smi), value) {
        return false;
    }
    let index = (smi.smi_value() >> handler::INDEX_SHIFT) as usize;
    let in_object = smi.smi_value() & handler::IN_OBJECT != 0;
    let properties = obj(receiver).read_tagged(js_object::PROPERTIES_OFFSET);
    if !in_object && index >= fixed_len(properties) {
        return false;
    }
    if let Some(target) = target {
        obj(receiver).set_map(tagus_heap::objects::Map(obj(target)));
    }
    if in_object {
        obj(receiver).write_tagged(index * 4, value);
    } else {
        fixed_set(properties, index, value);
    }
    true
}

/// The roots a global IC reads (copied out, so the interpreter's fast loop can hold them
/// while it borrows the stack).
pub(crate) struct GlobalIcRoots {
    script_contexts: Tagged,
    hole: Tagged,
}

/// What the feedback of a global IC in `vector[slot]` says: a PropertyCell of the global
/// object (weak feedback, as in V8: a dead cell is freed and the slot cleared), or a
/// script-context slot (a Smi, extra `SCRIPT_CONTEXT`).
enum GlobalFeedback {
    Cell(Tagged),
    ScriptContext(Tagged),
}

#[inline(always)]
fn global_feedback(vector: Tagged, slot: usize) -> Option<GlobalFeedback> {
    if !vector.is_heap_object() || fv::extra_index(slot) >= fixed_len(vector) {
        return None;
    }
    let f = fixed_get(vector, fv::feedback_index(slot));
    if f.is_weak() {
        return (!f.is_cleared()).then(|| GlobalFeedback::Cell(f.to_strong()));
    }
    (f.is_smi() && fixed_get(vector, fv::extra_index(slot)) == SCRIPT_CONTEXT).then_some(GlobalFeedback::ScriptContext(f))
}

/// A global variable through the IC in `vector[slot]` (see `Vm::load_global_ic`); never
/// allocates.
#[inline(always)]
pub(crate) fn global_ic_load(roots: &GlobalIcRoots, vector: Tagged, slot: usize) -> Option<Tagged> {
    let value = match global_feedback(vector, slot)? {
        GlobalFeedback::Cell(cell) => property_cell::value(cell),
        GlobalFeedback::ScriptContext(encoded) => {
            let (c, at, _) = script_context_slot(roots.script_contexts, encoded);
            fixed_get(c, at)
        }
    };
    // The hole: a dead cell (deleted or reconfigured property) or a binding in its TDZ.
    (value != roots.hole).then_some(value)
}

/// `name = value` for a global through the IC in `vector[slot]` (see `Vm::load_global_ic`);
/// false on a miss (read-only, accessor, dead cell, const or TDZ binding). Never allocates.
#[inline(always)]
pub(crate) fn global_ic_store(roots: &GlobalIcRoots, vector: Tagged, slot: usize, value: Tagged) -> bool {
    match global_feedback(vector, slot) {
        Some(GlobalFeedback::Cell(cell)) => {
            if !property_cell::details(cell).is_writable_data() || property_cell::value(cell) == roots.hole {
                return false;
            }
            property_cell::set_value(cell, value);
            true
        }
        Some(GlobalFeedback::ScriptContext(encoded)) => {
            let (c, at, is_const) = script_context_slot(roots.script_contexts, encoded);
            if is_const || fixed_get(c, at) == roots.hole {
                return false;
            }
            fixed_set(c, at, value);
            true
        }
        None => false,
    }
}

/// The script context, its FixedArray index (header included) and the const-ness that a
/// script-context-table entry (`declare` in `register_script_context`) encodes: context
/// number in bits 17-, slot in bits 1-16, const in bit 0.
#[inline(always)]
pub(crate) fn script_context_slot(script_contexts: Tagged, encoded: Tagged) -> (Tagged, usize, bool) {
    let v = encoded.smi_value();
    let c = fixed_get(script_contexts, (v >> 17) as usize);
    (c, js_object::context::HEADER_SLOTS + ((v >> 1) & 0xFFFF) as usize, v & 1 != 0)
}

/// The isolate's megamorphic stub cache: (map, name) → handler. Holds raw words, so it is
/// emptied whenever a GC may have moved maps or handlers.
pub struct StubCache {
    entries: Box<[Cell<(u32, u32, u32)>]>,
    gc_epoch: Cell<u64>,
}

const STUB_CACHE_SIZE: usize = 1024;

impl StubCache {
    /// An empty stub cache.
    pub fn new() -> StubCache {
        StubCache {
            entries: (0..STUB_CACHE_SIZE).map(|_| Cell::new((0, 0, 0))).collect(),
            gc_epoch: Cell::new(0),
        }
    }

    fn index(map: Tagged, name: Tagged, store: bool) -> usize {
        (((map.raw() >> 2) ^ (name.raw() >> 2).wrapping_mul(0x9E37) ^ store as u32) as usize) % STUB_CACHE_SIZE
    }

    /// The handler cached for (map, name); the cache must be in sync with the heap.
    #[inline(always)]
    fn get(&self, map: Tagged, name: Tagged, store: bool) -> Option<Tagged> {
        let (m, n, h) = self.entries[StubCache::index(map, name, store)].get();
        (m == map.raw() && n == name.raw() && m != 0).then(|| Tagged::from_raw(h))
    }

    /// Empties the cache if a GC ran since it was filled (it holds raw words).
    pub(crate) fn sync(&self, epoch: u64) {
        if self.gc_epoch.get() != epoch {
            self.entries.iter().for_each(|e| e.set((0, 0, 0)));
            self.gc_epoch.set(epoch);
        }
    }
}

impl Default for StubCache {
    fn default() -> Self {
        Self::new()
    }
}

/// What a store IC does on a miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreMode {
    /// `o.name = v`: [[Set]], throwing on failure in strict code.
    Set {
        /// Strict-mode code.
        strict: bool,
    },
    /// An object literal's `name: v`: an own definition.
    Define,
}

/// What a feedback slot says, for `%DebugPrint`-style inspection and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IcState {
    /// Never executed.
    Uninitialized,
    /// One map seen.
    Monomorphic,
    /// 2 to 4 maps seen.
    Polymorphic(usize),
    /// More maps: the stub cache.
    Megamorphic,
}

impl Vm {
    /// A fresh feedback vector with `slots` uninitialized slots (old space, beside its code).
    pub(crate) fn new_feedback_vector(&mut self, slots: usize) -> JsResult<Tagged> {
        if slots == 0 {
            return Ok(self.heap.roots().empty_fixed_array);
        }
        let map = self.heap.roots().feedback_vector_map;
        self.new_old_array(map, slots * fv::ENTRY_SIZE)
    }

    /// The feedback vector of a bytecode function (shared by its closures).
    pub fn feedback_vector_of(&self, f: Tagged) -> Option<Tagged> {
        if self.instance_type(f) != Some(InstanceType::JsFunction) {
            return None;
        }
        let code = self.function_bytecode(f)?;
        Some(obj(code).read_tagged(tagus_heap::objects::code::bytecode_array::FEEDBACK_VECTOR_OFFSET))
    }

    /// The state of slot `slot` of a feedback vector.
    pub fn ic_state(&self, vector: Tagged, slot: usize) -> IcState {
        let f = fixed_get(vector, fv::feedback_index(slot));
        if f.is_smi() && fixed_get(vector, fv::extra_index(slot)).is_smi() {
            IcState::Monomorphic // a global IC on a script-context slot
        } else if f == MEGAMORPHIC {
            IcState::Megamorphic
        } else if f.is_weak() && !f.is_cleared() {
            IcState::Monomorphic
        } else if self.is_polymorphic_feedback(f) {
            IcState::Polymorphic(fixed_len(f) / 2)
        } else {
            IcState::Uninitialized
        }
    }

    /// Whether feedback `f` is a polymorphic (map, handler) array.
    #[inline(always)]
    fn is_polymorphic_feedback(&self, f: Tagged) -> bool {
        is_polymorphic(f, self.heap.roots().fixed_array_map)
    }

    /// The map used to key ICs for `receiver` (Smis use the HeapNumber map, as in V8).
    #[inline(always)]
    fn ic_map(&self, receiver: Tagged) -> Tagged {
        if receiver.is_smi() {
            self.heap.roots().heap_number_map
        } else {
            self.map_of(receiver)
        }
    }

    /// The handler recorded in `vector[slot]` for `map`, if any.
    #[inline(always)]
    fn feedback_handler(&self, vector: Tagged, slot: usize, map: Tagged, name: Tagged, store: bool) -> Option<Tagged> {
        recorded_handler(vector, slot, map, name, store, &self.ic_probe())
    }

    /// The stub cache, synced with the heap, and the roots the IC probes need.
    #[inline(always)]
    pub(crate) fn ic_probe(&self) -> IcProbe<'_> {
        self.stub_cache.sync(self.gc_epoch());
        let roots = self.heap.roots();
        IcProbe {
            stub_cache: &self.stub_cache,
            fixed_array_map: roots.fixed_array_map,
            undefined: roots.undefined_value,
        }
    }

    fn stub_cache_get(&self, map: Tagged, name: Tagged, store: bool) -> Option<Tagged> {
        self.stub_cache.sync(self.gc_epoch());
        self.stub_cache.get(map, name, store)
    }

    fn stub_cache_set(&self, map: Tagged, name: Tagged, store: bool, handler: Tagged) {
        self.stub_cache.sync(self.gc_epoch());
        self.stub_cache.entries[StubCache::index(map, name, store)].set((map.raw(), name.raw(), handler.raw()));
    }

    /// Records `handler` for the map in `map_slot` in `vector[slot]`, moving the slot's state
    /// along the lattice. All three values live in slots: a polymorphic array allocates.
    fn update_feedback(
        &mut self,
        vector_slot: usize,
        slot: usize,
        map_slot: usize,
        name_slot: usize,
        handler_slot: usize,
        store: bool,
    ) -> JsResult<()> {
        let vector = self.slot(vector_slot);
        let f = fixed_get(vector, fv::feedback_index(slot));
        let (map, handler) = (self.slot(map_slot), self.slot(handler_slot));
        if f == MEGAMORPHIC {
            self.stub_cache_set(map, self.slot(name_slot), store, handler);
            return Ok(());
        }
        let monomorphic = f.is_weak() && !f.is_cleared();
        if (!monomorphic && !self.is_polymorphic_feedback(f)) || f == map.to_weak() {
            fixed_set(vector, fv::feedback_index(slot), map.to_weak());
            fixed_set(vector, fv::extra_index(slot), handler);
            return Ok(());
        }
        // Gather the (map, handler) pairs already seen, minus `map` and cleared maps.
        let mut pairs: Vec<(Tagged, Tagged)> = Vec::new();
        if f.is_weak() {
            pairs.push((f, fixed_get(vector, fv::extra_index(slot))));
        } else {
            for i in (0..fixed_len(f)).step_by(2) {
                let m = fixed_get(f, i);
                if m != map.to_weak() && !m.is_cleared() {
                    pairs.push((m, fixed_get(f, i + 1)));
                }
            }
        }
        if pairs.len() >= MAX_POLYMORPHISM {
            fixed_set(vector, fv::feedback_index(slot), MEGAMORPHIC);
            fixed_set(vector, fv::extra_index(slot), self.undefined());
            self.stub_cache_set(map, self.slot(name_slot), store, handler);
            return Ok(());
        }
        let base = self.stack_mark();
        for &(m, h) in &pairs {
            self.push(m);
            self.push(h);
        }
        let array = self.heap.new_fixed_array((pairs.len() + 1) * 2, AllocationType::Old);
        let array = match array {
            Ok(a) => a,
            Err(_) => {
                self.truncate_stack(base);
                return Err(self.out_of_memory());
            }
        };
        for i in 0..pairs.len() * 2 {
            obj(array).write_tagged(FixedArray::offset_of_element(i), self.slot(base + i));
        }
        let n = pairs.len() * 2;
        obj(array).write_tagged(FixedArray::offset_of_element(n), self.slot(map_slot).to_weak());
        obj(array).write_tagged(FixedArray::offset_of_element(n + 1), self.slot(handler_slot));
        self.truncate_stack(base);
        let vector = self.slot(vector_slot);
        fixed_set(vector, fv::feedback_index(slot), array);
        fixed_set(vector, fv::extra_index(slot), self.undefined());
        Ok(())
    }

    // ---- loads --------------------------------------------------------------------------------

    /// `receiver.name` through the IC in `vector[slot]` (slot `None`: a keyed load, which uses
    /// the stub cache directly).
    #[inline]
    pub(crate) fn load_ic(&mut self, vector: Tagged, slot: Option<usize>, receiver: Tagged, name: Tagged) -> JsResult<Tagged> {
        let map = self.ic_map(receiver);
        let found = match slot {
            Some(slot) => self.feedback_handler(vector, slot, map, name, false),
            None => self.stub_cache_get(map, name, false),
        };
        if let Some(h) = found
            && let Some(result) = self.apply_load_handler(receiver, h, name)
        {
            return result;
        }
        self.load_ic_miss(vector, slot, receiver, name)
    }

    #[inline(always)]
    fn apply_load_handler(&mut self, receiver: Tagged, h: Tagged, name: Tagged) -> Option<JsResult<Tagged>> {
        let (holder, h) = handler_holder(receiver, h)?;
        if let Some(value) = read_through_handler(holder, h, self.undefined()) {
            return Some(Ok(value));
        }
        match handler_kind(h) {
            handler::NORMAL => {
                let dict = obj(holder).read_tagged(js_object::PROPERTIES_OFFSET);
                let entry = dictionary::find(dict, name)?;
                if dictionary::details_at(dict, entry).is_accessor {
                    return None;
                }
                Some(Ok(dictionary::value_at(dict, entry)))
            }
            handler::ACCESSOR => {
                let pair = handler_field(holder, h);
                let getter = obj(pair).read_tagged(accessor_pair::GETTER_OFFSET);
                if getter == self.undefined() {
                    return Some(Ok(getter));
                }
                Some(self.call(getter, receiver, &[]))
            }
            _ => None,
        }
    }

    #[cold]
    fn load_ic_miss(&mut self, vector: Tagged, slot: Option<usize>, receiver: Tagged, name: Tagged) -> JsResult<Tagged> {
        let base = self.push(vector);
        self.push(receiver);
        self.push(name);
        self.push(self.ic_map(receiver));
        let r = (|| {
            if let Some(h) = self.compute_load_handler(base + 1, base + 2)? {
                let hs = self.push(h);
                match slot {
                    Some(slot) => self.update_feedback(base, slot, base + 3, base + 2, hs, false)?,
                    None => self.stub_cache_set(self.slot(base + 3), self.slot(base + 2), false, self.slot(hs)),
                }
            }
            self.get_property(self.slot(base + 1), self.slot(base + 2))
        })();
        self.truncate_stack(base);
        r
    }

    /// The handler for loading the name in `name_slot` from the receiver in `receiver_slot`,
    /// or `None` where the load is not cacheable (virtual properties, dictionary receivers
    /// without the property).
    fn compute_load_handler(&mut self, receiver_slot: usize, name_slot: usize) -> JsResult<Option<Tagged>> {
        let (receiver, name) = (self.slot(receiver_slot), self.slot(name_slot));
        if name.is_smi() {
            return Ok(None);
        }
        let start = if self.is_object(receiver) {
            if let Some(h) = self.own_load_handler(receiver, name, true) {
                return Ok(h);
            }
            self.get_prototype_of(receiver)
        } else if self.is_nullish(receiver) {
            return Ok(None);
        } else {
            if self.is_string(receiver) && name == self.root(Root::NameLength) {
                return Ok(Some(smi_handler(handler::STRING_LENGTH, false, Representation::Tagged, 0)));
            }
            self.prototype_for_primitive(receiver)
        };
        let mut holder = start;
        let found = loop {
            if holder == self.null() {
                break smi_handler(handler::NONEXISTENT, false, Representation::Tagged, 0);
            }
            match self.own_load_handler(holder, name, false) {
                Some(Some(h)) => break h,
                Some(None) => return Ok(None),
                None => holder = self.get_prototype_of(holder),
            }
        };
        let base = self.push(start);
        self.push(found);
        self.push(if holder == self.null() { self.undefined() } else { holder });
        let r = self.chain_handler(base, base + 1, base + 2);
        self.truncate_stack(base);
        r.map(Some)
    }

    /// A `[smi handler, validity cell, holder or map]` handler, from the Smi handler in
    /// `smi_slot`, the validity cell of the chain starting at the value in `proto_slot` (the
    /// receiver's prototype) and the object in `object_slot`.
    fn chain_handler(&mut self, proto_slot: usize, smi_slot: usize, object_slot: usize) -> JsResult<Tagged> {
        let cell = self.prototype_chain_validity_cell(proto_slot)?;
        let cell_slot = self.push(cell);
        let array = self.heap.new_fixed_array(3, AllocationType::Young);
        let r = match array {
            Ok(a) => {
                obj(a).write_tagged_no_barrier(FixedArray::offset_of_element(0), self.slot(smi_slot));
                obj(a).write_tagged(FixedArray::offset_of_element(1), self.slot(cell_slot));
                obj(a).write_tagged(FixedArray::offset_of_element(2), self.slot(object_slot));
                Ok(a)
            }
            Err(_) => Err(self.out_of_memory()),
        };
        self.truncate_stack(cell_slot);
        r
    }

    /// How to load `name` from `holder` itself: `None` if it has no such own property,
    /// `Some(None)` if it has one that cannot be cached, else the Smi handler. Dictionary
    /// receivers only cache own data properties (their map does not change when they gain
    /// properties, so a miss cannot be cached).
    fn own_load_handler(&self, holder: Tagged, name: Tagged, is_receiver: bool) -> Option<Option<Tagged>> {
        let map = self.map_of(holder);
        let virtual_name = match self.instance_type(holder) {
            Some(InstanceType::JsArray) if name == self.root(Root::NameLength) => {
                return Some(is_receiver.then(|| smi_handler(handler::ARRAY_LENGTH, false, Representation::Tagged, 0)));
            }
            Some(InstanceType::JsFunction) => {
                name == self.root(Root::NameLength) || name == self.root(Root::NameName) || name == self.root(Root::NamePrototype)
            }
            Some(InstanceType::JsPrimitiveWrapper) => name == self.root(Root::NameLength),
            _ => false,
        };
        if virtual_name {
            return Some(None);
        }
        if shape::is_dictionary_map(map) {
            let dict = obj(holder).read_tagged(js_object::PROPERTIES_OFFSET);
            return match dictionary::find(dict, name) {
                Some(entry) if !dictionary::details_at(dict, entry).is_accessor => {
                    Some(Some(smi_handler(handler::NORMAL, false, Representation::Tagged, 0)))
                }
                Some(_) => Some(None),
                None if is_receiver => Some(None),
                None => None,
            };
        }
        let i = self.find_descriptor(map, name)?;
        let details = shape::descriptor_details(shape::map_descriptors(map), i);
        let (in_object, index) = field_location(map, details.field_index());
        let kind = if details.is_accessor() { handler::ACCESSOR } else { handler::FIELD };
        Some(Some(smi_handler(kind, in_object, Representation::Tagged, index)))
    }

    // ---- stores -------------------------------------------------------------------------------

    /// `receiver.name = value` (or, with `StoreMode::Define`, an own definition as in object literals)
    /// through the IC in `vector[slot]`.
    #[inline]
    pub(crate) fn store_ic(
        &mut self,
        vector: Tagged,
        slot: usize,
        receiver: Tagged,
        name: Tagged,
        value: Tagged,
        mode: StoreMode,
    ) -> JsResult<()> {
        if receiver.is_heap_object() && !receiver.is_smi() {
            let map = self.map_of(receiver);
            if let Some(h) = self.feedback_handler(vector, slot, map, name, true)
                && self.apply_store_handler(receiver, h, name, value)
            {
                return Ok(());
            }
        }
        self.store_ic_miss(vector, slot, receiver, name, value, mode)
    }

    #[inline(always)]
    fn apply_store_handler(&mut self, receiver: Tagged, h: Tagged, name: Tagged, value: Tagged) -> bool {
        if h.is_smi() && handler_kind(h) == handler::NORMAL {
            let dict = obj(receiver).read_tagged(js_object::PROPERTIES_OFFSET);
            let Some(entry) = dictionary::find(dict, name) else {
                return false;
            };
            let d = dictionary::details_at(dict, entry);
            if d.is_accessor || d.attributes & READ_ONLY != 0 {
                return false;
            }
            dictionary::set_value_at(dict, entry, value);
            return true;
        }
        store_to_field(receiver, h, value, self.heap.roots().heap_number_map)
    }

    #[cold]
    fn store_ic_miss(
        &mut self,
        vector: Tagged,
        slot: usize,
        receiver: Tagged,
        name: Tagged,
        value: Tagged,
        mode: StoreMode,
    ) -> JsResult<()> {
        let base = self.push(vector);
        self.push(receiver);
        self.push(name);
        self.push(value);
        let cacheable = self.is_object(receiver) && !name.is_smi();
        self.push(if cacheable { self.map_of(receiver) } else { Tagged::smi(0) });
        let r = (|| {
            let (receiver, name, value) = (self.slot(base + 1), self.slot(base + 2), self.slot(base + 3));
            match mode {
                StoreMode::Define => self.define_own_data(receiver, name, value, 0)?,
                StoreMode::Set { strict } => self.set_property(receiver, name, value, strict)?,
            }
            if cacheable && let Some(h) = self.compute_store_handler(base + 1, base + 2, base + 4)? {
                let hs = self.push(h);
                self.update_feedback(base, slot, base + 4, base + 2, hs, true)?;
            }
            Ok(())
        })();
        self.truncate_stack(base);
        r
    }

    /// The handler for the store just done to the receiver in `receiver_slot`, whose map
    /// before the store is in `old_map_slot`.
    fn compute_store_handler(&mut self, receiver_slot: usize, name_slot: usize, old_map_slot: usize) -> JsResult<Option<Tagged>> {
        let (receiver, name, old_map) = (self.slot(receiver_slot), self.slot(name_slot), self.slot(old_map_slot));
        let map = self.map_of(receiver);
        if self.instance_type(receiver) == Some(InstanceType::JsArray) && name == self.root(Root::NameLength) {
            return Ok(None);
        }
        if shape::is_dictionary_map(map) {
            return Ok((map == old_map).then(|| smi_handler(handler::NORMAL, false, Representation::Tagged, 0)));
        }
        let Some(i) = self.find_descriptor(map, name) else {
            return Ok(None);
        };
        let details = shape::descriptor_details(shape::map_descriptors(map), i);
        if details.is_accessor() || details.attributes() != 0 {
            return Ok(None);
        }
        let (in_object, index) = field_location(map, details.field_index());
        let smi = smi_handler(handler::FIELD, in_object, details.representation(), index);
        if map == old_map {
            return Ok(Some(smi));
        }
        // A transition handler only for the plain case: the old map is the new one's parent.
        let parent = obj(map).read_tagged(tagus_heap::objects::map::CONSTRUCTOR_OR_BACK_POINTER_OFFSET);
        if parent != old_map || shape::own_descriptor_count(map) != i + 1 {
            return Ok(None);
        }
        // The cell guards against a setter or a read-only property appearing on the chain.
        let base = self.push(self.get_prototype_of(receiver));
        self.push(smi_handler(handler::TRANSITION, in_object, details.representation(), index));
        self.push(map);
        let r = self.chain_handler(base, base + 1, base + 2);
        self.truncate_stack(base);
        r.map(Some)
    }

    // ---- globals ------------------------------------------------------------------------------

    /// A global variable through the IC in `vector[slot]`: a `let`/`const` in a script
    /// context (feedback: its table entry, extra `SCRIPT_CONTEXT`), or a data property of the
    /// global object (feedback: a weak reference to its PropertyCell, which dies — reads the
    /// hole — when the property is deleted, reconfigured or shadowed by a later script's
    /// `let`, and is cleared if then collected).
    #[inline]
    pub(crate) fn load_global_ic(&self, vector: Tagged, slot: usize) -> Option<Tagged> {
        global_ic_load(&self.global_ic_roots(), vector, slot)
    }

    /// What a global IC reads besides its feedback.
    #[inline(always)]
    pub(crate) fn global_ic_roots(&self) -> GlobalIcRoots {
        GlobalIcRoots {
            script_contexts: self.root(Root::ScriptContexts),
            hole: self.hole(),
        }
    }

    /// `name = value` for a global through the IC; false on a miss.
    #[inline]
    pub(crate) fn store_global_ic(&mut self, vector: Tagged, slot: usize, value: Tagged) -> bool {
        global_ic_store(&self.global_ic_roots(), vector, slot, value)
    }

    /// The PropertyCell the IC in `vector[slot]` holds, if it is a global IC holding one
    /// (dead if its value is the hole). Any slot may be asked (`%DebugPrint`, tests): the weak
    /// map of a named IC is not a cell.
    pub fn global_ic_cell(&self, vector: Tagged, slot: usize) -> Option<Tagged> {
        match global_feedback(vector, slot)? {
            GlobalFeedback::Cell(cell) if self.instance_type(cell) == Some(InstanceType::PropertyCell) => Some(cell),
            _ => None,
        }
    }

    /// Records where the global `name` lives after a generic access (no allocation): its
    /// script-context slot, or the cell of a data property of the global object.
    pub(crate) fn update_global_ic(&mut self, vector: Tagged, slot: usize, name: Tagged) {
        let table = self.root(Root::ScriptContextTable);
        let (feedback, extra) = if let Some(entry) = dictionary::find(table, name) {
            (dictionary::value_at(table, entry), SCRIPT_CONTEXT)
        } else {
            let dict = obj(self.root(Root::GlobalObject)).read_tagged(js_object::PROPERTIES_OFFSET);
            match dictionary::find(dict, name) {
                // Accessors are not cached: a cell keeps its kind while it lives.
                Some(entry) if !dictionary::details_at(dict, entry).is_accessor => {
                    (dictionary::property_cell_at(dict, entry).to_weak(), self.undefined())
                }
                _ => return,
            }
        };
        fixed_set(vector, fv::feedback_index(slot), feedback);
        fixed_set(vector, fv::extra_index(slot), extra);
    }
}
