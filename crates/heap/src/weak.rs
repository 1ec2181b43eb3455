//! Weak references in the heap: the operations on `EphemeronHashTable` (the table behind
//! `WeakMap` and `WeakSet`), the cells of a `FinalizationRegistry`, the WeakRef
//! kept-objects list (the spec's KeepDuringJob) and the queue of registries whose cleanup
//! is due. Layouts are in `objects/js_weak.rs`; what the collectors do with them is in
//! `gc/mark_compact.rs` (ephemerons, clearing) and `docs/heap.md`.
//!
//! Invariants:
//! - The roots kept here (`WeakRoots`: the table map, the kept objects, the dirty
//!   registries) are strong roots of both collectors.
//! - A table's entries are placed by the address of their key, valid only until objects
//!   move: every operation first rehashes a table whose hash epoch is not the heap's
//!   current GC epoch. Rehashing never allocates, so no GC can intervene.
//! - Functions that allocate keep their tagged arguments on the JS stack while they do, so
//!   callers may pass values they have just loaded.
//! - Cleanup callbacks are never run here or in a GC: the GC only queues the registry; the
//!   engine runs the callbacks later, as tasks.

use std::collections::VecDeque;

use crate::heap::{AllocationError, AllocationType, Heap};
use crate::objects::fixed_array::{self, FixedArray};
use crate::objects::js_weak::{ephemeron_table as table, finalization_registry as registry};
use crate::objects::map::{self, Map};
use crate::objects::{HeapObject, InstanceType, VisitorId};
use crate::tagged::Tagged;

/// The weak-reference state a heap keeps (all strong roots).
#[derive(Default)]
pub struct WeakRoots {
    /// The map of `EphemeronHashTable`s (made on first use; Smi zero until then).
    pub(crate) ephemeron_table_map: Tagged,
    /// Targets of WeakRefs created or dereferenced during the current job (KeepDuringJob).
    pub(crate) kept_objects: Vec<Tagged>,
    /// Dedup threshold for `kept_objects`.
    kept_objects_dedup_at: usize,
    /// FinalizationRegistries with cleared cells, waiting for their cleanup task (FIFO).
    pub(crate) dirty_registries: VecDeque<Tagged>,
}

impl WeakRoots {
    /// Calls `visit` on every root slot.
    pub(crate) fn iterate(&mut self, visit: &mut dyn FnMut(&mut Tagged)) {
        visit(&mut self.ephemeron_table_map);
        self.kept_objects.iter_mut().for_each(&mut *visit);
        self.dirty_registries.iter_mut().for_each(&mut *visit);
    }
}

#[inline]
fn element(array: HeapObject, index: usize) -> Tagged {
    array.read_tagged(FixedArray::offset_of_element(index))
}

#[inline]
fn set_element(array: HeapObject, index: usize, value: Tagged) {
    array.write_tagged(FixedArray::offset_of_element(index), value);
}

#[inline]
fn length(array: HeapObject) -> usize {
    array.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize
}

/// The hash of a key: its compressed address, mixed (Fibonacci hashing).
#[inline]
fn key_hash(key: Tagged) -> usize {
    let h = (key.raw() >> 2).wrapping_mul(0x9E37_79B9);
    (h ^ (h >> 15)) as usize
}

/// Whether a table entry's key is a live key (not empty, deleted or cleared).
#[inline]
fn is_live_key(key: Tagged) -> bool {
    key.is_weak() && !key.is_cleared()
}

fn table_capacity(t: HeapObject) -> usize {
    table::capacity_of(length(t))
}

fn smi_element(t: HeapObject, index: usize) -> usize {
    element(t, index).smi_value() as usize
}

fn set_smi_element(t: HeapObject, index: usize, value: usize) {
    t.write_tagged_no_barrier(FixedArray::offset_of_element(index), Tagged::smi(value as i32));
}

/// Turns the entries of `t` whose key was cleared by a GC into deleted entries. Called by
/// mark-compact after weak slots are cleared, before anything is swept.
pub(crate) fn remove_cleared_ephemerons(t: HeapObject, hole: Tagged) {
    let capacity = table_capacity(t);
    let mut removed = 0;
    for entry in 0..capacity {
        let k = table::key_index(entry);
        if element(t, k).is_cleared() {
            // No barrier: the hole is a read-only root.
            t.write_tagged_no_barrier(FixedArray::offset_of_element(k), hole);
            t.write_tagged_no_barrier(FixedArray::offset_of_element(k + 1), hole);
            removed += 1;
        }
    }
    if removed > 0 {
        set_smi_element(t, table::ELEMENT_COUNT_INDEX, smi_element(t, table::ELEMENT_COUNT_INDEX) - removed);
        set_smi_element(t, table::DELETED_COUNT_INDEX, smi_element(t, table::DELETED_COUNT_INDEX) + removed);
    }
}

/// Whether a registry has a cell whose target was cleared and not yet cleaned up. A registry
/// still being initialised (a GC while its cell list is allocated) has none.
pub(crate) fn registry_has_cleared_cells(r: HeapObject) -> bool {
    let count = r.read_tagged(registry::CELL_COUNT_OFFSET);
    if !count.is_smi() {
        return false;
    }
    let count = count.smi_value() as usize;
    let cells = HeapObject::from_tagged(r.read_tagged(registry::CELLS_OFFSET));
    (0..count).any(|i| element(cells, i * registry::CELL_SIZE + registry::CELL_TARGET).is_cleared())
}

/// Registry flags.
fn registry_flags(r: HeapObject) -> i32 {
    r.read_tagged(registry::FLAGS_OFFSET).smi_value()
}

fn set_registry_flags(r: HeapObject, flags: i32) {
    r.write_tagged_no_barrier(registry::FLAGS_OFFSET, Tagged::smi(flags));
}

impl Heap {
    /// A number that changes with every GC (objects may have moved since it was read).
    pub fn gc_epoch(&self) -> i32 {
        ((self.counters.scavenges + self.counters.mark_compacts) & 0x3FFF_FFFF) as i32
    }

    /// Pushes `values` on the JS stack, runs `f`, and truncates the stack again; `f` reads
    /// the values' current versions from `js_stack[base..]`.
    fn with_rooted<R>(&mut self, values: &[Tagged], f: impl FnOnce(&mut Heap, usize) -> R) -> R {
        let base = self.js_stack.len();
        self.js_stack.extend_from_slice(values);
        let r = f(self, base);
        self.js_stack.truncate(base);
        r
    }

    fn ephemeron_table_map(&mut self) -> Result<Tagged, AllocationError> {
        if self.weak.ephemeron_table_map.is_pointer() {
            return Ok(self.weak.ephemeron_table_map);
        }
        let object = self.allocate_raw(map::SIZE, AllocationType::Old)?;
        let (meta, undefined) = (self.roots.meta_map, self.roots.undefined_value);
        Map::initialize(object, meta, InstanceType::EphemeronHashTable, 0, VisitorId::FixedArray, undefined);
        object.write_tagged_no_barrier(map::PROTOTYPE_OFFSET, self.roots.null_value);
        self.weak.ephemeron_table_map = object.tagged();
        Ok(object.tagged())
    }

    /// An empty `EphemeronHashTable` with room for `capacity` entries (rounded up to a
    /// power of two, at least `MIN_CAPACITY`).
    pub fn new_ephemeron_hash_table(&mut self, capacity: usize) -> Result<Tagged, AllocationError> {
        let capacity = capacity.max(table::MIN_CAPACITY).next_power_of_two();
        let map = self.ephemeron_table_map()?;
        let len = table::length_for(capacity);
        let t = self.with_rooted(&[map], |heap, base| {
            let t = heap.new_fixed_array(len, AllocationType::Young)?;
            // No barrier: maps are old and the table is fresh.
            HeapObject::from_tagged(t).write_tagged_no_barrier(0, heap.js_stack[base]);
            Ok::<_, AllocationError>(t)
        })?;
        let object = HeapObject::from_tagged(t);
        set_smi_element(object, table::ELEMENT_COUNT_INDEX, 0);
        set_smi_element(object, table::DELETED_COUNT_INDEX, 0);
        object.write_tagged_no_barrier(FixedArray::offset_of_element(table::HASH_EPOCH_INDEX), Tagged::smi(self.gc_epoch()));
        Ok(t)
    }

    /// Whether `t` is an `EphemeronHashTable`.
    pub fn is_ephemeron_hash_table(&self, t: Tagged) -> bool {
        t.is_heap_object() && HeapObject::from_tagged(t).map().instance_type_raw() == InstanceType::EphemeronHashTable as u16
    }

    /// Re-places every entry of `t` by its key's current address if objects may have moved
    /// since it was last hashed (and drops deleted entries). Never allocates.
    fn ensure_hashed(&self, t: HeapObject) {
        let epoch = self.gc_epoch();
        if element(t, table::HASH_EPOCH_INDEX).smi_value() == epoch {
            return;
        }
        let capacity = table_capacity(t);
        let undefined = self.roots.undefined_value;
        let mut entries = Vec::with_capacity(smi_element(t, table::ELEMENT_COUNT_INDEX));
        for entry in 0..capacity {
            let k = table::key_index(entry);
            let key = element(t, k);
            if is_live_key(key) {
                entries.push((key, element(t, k + 1)));
            }
            t.write_tagged_no_barrier(FixedArray::offset_of_element(k), undefined);
            t.write_tagged_no_barrier(FixedArray::offset_of_element(k + 1), undefined);
        }
        for (key, value) in &entries {
            let entry = Self::find_free_entry(t, *key, capacity);
            set_element(t, table::key_index(entry), *key);
            set_element(t, table::key_index(entry) + 1, *value);
        }
        set_smi_element(t, table::ELEMENT_COUNT_INDEX, entries.len());
        set_smi_element(t, table::DELETED_COUNT_INDEX, 0);
        t.write_tagged_no_barrier(FixedArray::offset_of_element(table::HASH_EPOCH_INDEX), Tagged::smi(epoch));
    }

    /// The first empty or deleted entry on `key`'s probe sequence.
    fn find_free_entry(t: HeapObject, key: Tagged, capacity: usize) -> usize {
        let mask = capacity - 1;
        let mut entry = key_hash(key) & mask;
        let mut step = 1;
        loop {
            if !is_live_key(element(t, table::key_index(entry))) {
                return entry;
            }
            entry = (entry + step) & mask;
            step += 1;
        }
    }

    /// The entry holding `key` (a strong pointer), if any.
    fn find_entry(&self, t: HeapObject, key: Tagged) -> Option<usize> {
        self.ensure_hashed(t);
        let capacity = table_capacity(t);
        let mask = capacity - 1;
        let weak = key.to_weak();
        let undefined = self.roots.undefined_value;
        let mut entry = key_hash(weak) & mask;
        // Triangular probing visits every entry of a power-of-two table once.
        for step in 1..=capacity {
            let k = element(t, table::key_index(entry));
            if k == weak {
                return Some(entry);
            }
            if k == undefined {
                return None;
            }
            entry = (entry + step) & mask;
        }
        None
    }

    /// The value stored for `key` in table `t`.
    pub fn ephemeron_table_get(&self, t: Tagged, key: Tagged) -> Option<Tagged> {
        let object = HeapObject::from_tagged(t);
        self.find_entry(object, key).map(|e| element(object, table::key_index(e) + 1))
    }

    /// Removes `key` from table `t`; whether it was there.
    pub fn ephemeron_table_remove(&self, t: Tagged, key: Tagged) -> bool {
        let object = HeapObject::from_tagged(t);
        let Some(entry) = self.find_entry(object, key) else { return false };
        let hole = self.roots.the_hole_value;
        object.write_tagged_no_barrier(FixedArray::offset_of_element(table::key_index(entry)), hole);
        object.write_tagged_no_barrier(FixedArray::offset_of_element(table::key_index(entry) + 1), hole);
        set_smi_element(
            object,
            table::ELEMENT_COUNT_INDEX,
            smi_element(object, table::ELEMENT_COUNT_INDEX) - 1,
        );
        set_smi_element(
            object,
            table::DELETED_COUNT_INDEX,
            smi_element(object, table::DELETED_COUNT_INDEX) + 1,
        );
        true
    }

    /// Number of live entries of table `t` (entries whose key died are gone after the
    /// mark-compact that found them dead; the scavenger keeps them).
    pub fn ephemeron_table_len(&self, t: Tagged) -> usize {
        smi_element(HeapObject::from_tagged(t), table::ELEMENT_COUNT_INDEX)
    }

    /// Sets `key` (a JS object or symbol) to `value` in table `t`. Returns the table to use
    /// from now on: `t`, or a larger copy when `t` was full.
    pub fn ephemeron_table_put(&mut self, t: Tagged, key: Tagged, value: Tagged) -> Result<Tagged, AllocationError> {
        debug_assert!(key.is_heap_object());
        let object = HeapObject::from_tagged(t);
        if let Some(entry) = self.find_entry(object, key) {
            set_element(object, table::key_index(entry) + 1, value);
            return Ok(t);
        }
        let capacity = table_capacity(object);
        let count = smi_element(object, table::ELEMENT_COUNT_INDEX);
        let deleted = smi_element(object, table::DELETED_COUNT_INDEX);
        let (t, key, value) = if (count + deleted + 1) * 4 > capacity * 3 {
            self.with_rooted(
                &[t, key, value],
                |heap, base| -> Result<(Tagged, Tagged, Tagged), AllocationError> {
                    let grown = heap.new_ephemeron_hash_table((count + 1) * 2)?;
                    // A GC may have run: everything is re-read from its root, and the old
                    // table's entries go into the new one by their current addresses.
                    let old = HeapObject::from_tagged(heap.js_stack[base]);
                    let new = HeapObject::from_tagged(grown);
                    let new_capacity = table_capacity(new);
                    let mut moved = 0;
                    for entry in 0..table_capacity(old) {
                        let k = element(old, table::key_index(entry));
                        if is_live_key(k) {
                            let at = Self::find_free_entry(new, k, new_capacity);
                            set_element(new, table::key_index(at), k);
                            set_element(new, table::key_index(at) + 1, element(old, table::key_index(entry) + 1));
                            moved += 1;
                        }
                    }
                    set_smi_element(new, table::ELEMENT_COUNT_INDEX, moved);
                    Ok((grown, heap.js_stack[base + 1], heap.js_stack[base + 2]))
                },
            )?
        } else {
            (t, key, value)
        };
        let object = HeapObject::from_tagged(t);
        self.ensure_hashed(object);
        let capacity = table_capacity(object);
        let entry = Self::find_free_entry(object, key.to_weak(), capacity);
        let k = table::key_index(entry);
        if element(object, k) == self.roots.the_hole_value {
            set_smi_element(
                object,
                table::DELETED_COUNT_INDEX,
                smi_element(object, table::DELETED_COUNT_INDEX) - 1,
            );
        }
        set_element(object, k, key.to_weak());
        set_element(object, k + 1, value);
        set_smi_element(
            object,
            table::ELEMENT_COUNT_INDEX,
            smi_element(object, table::ELEMENT_COUNT_INDEX) + 1,
        );
        Ok(t)
    }

    // ---- WeakRef: KeepDuringJob -----------------------------------------------------------

    /// Keeps `target` alive until `clear_kept_objects` (the spec's AddToKeptObjects: a WeakRef
    /// target created or dereferenced in this job survives the job).
    pub fn keep_during_job(&mut self, target: Tagged) {
        let kept = &mut self.weak.kept_objects;
        if kept.last() == Some(&target) {
            return;
        }
        kept.push(target);
        if kept.len() >= self.weak.kept_objects_dedup_at.max(64) {
            // No GC runs here, so the words compare as identities.
            kept.sort_unstable_by_key(|t| t.raw());
            kept.dedup();
            self.weak.kept_objects_dedup_at = kept.len() * 2;
        }
    }

    /// Ends the job for KeepDuringJob (the spec's ClearKeptObjects).
    pub fn clear_kept_objects(&mut self) {
        self.weak.kept_objects.clear();
        self.weak.kept_objects_dedup_at = 0;
    }

    /// Number of objects kept alive for the current job.
    pub fn kept_object_count(&self) -> usize {
        self.weak.kept_objects.len()
    }

    // ---- FinalizationRegistry -------------------------------------------------------------

    /// Initialises the fields of a fresh `JSFinalizationRegistry` `r` (allocated with every
    /// field undefined) with `cleanup` and an empty cell list.
    pub fn init_finalization_registry(&mut self, r: Tagged, cleanup: Tagged) -> Result<(), AllocationError> {
        self.with_rooted(&[r, cleanup], |heap, base| {
            let cells = heap.new_fixed_array(4 * registry::CELL_SIZE, AllocationType::Young)?;
            let object = HeapObject::from_tagged(heap.js_stack[base]);
            object.write_tagged(registry::CLEANUP_OFFSET, heap.js_stack[base + 1]);
            object.write_tagged(registry::CELLS_OFFSET, cells);
            object.write_tagged_no_barrier(registry::CELL_COUNT_OFFSET, Tagged::smi(0));
            object.write_tagged_no_barrier(registry::FLAGS_OFFSET, Tagged::smi(0));
            Ok(())
        })
    }

    /// Adds a cell (`target` weakly, `holdings` strongly, `token` weakly unless undefined) to
    /// registry `r`.
    pub fn finalization_registry_register(
        &mut self,
        r: Tagged,
        target: Tagged,
        holdings: Tagged,
        token: Tagged,
    ) -> Result<(), AllocationError> {
        self.with_rooted(&[r, target, holdings, token], |heap, base| {
            let object = HeapObject::from_tagged(heap.js_stack[base]);
            let count = object.read_tagged(registry::CELL_COUNT_OFFSET).smi_value() as usize;
            let cells = HeapObject::from_tagged(object.read_tagged(registry::CELLS_OFFSET));
            if (count + 1) * registry::CELL_SIZE > length(cells) {
                // Drop cleaned-up room first: grow to twice the cells in use.
                let grown = heap.new_fixed_array((count + 1) * 2 * registry::CELL_SIZE, AllocationType::Young)?;
                let object = HeapObject::from_tagged(heap.js_stack[base]);
                let cells = HeapObject::from_tagged(object.read_tagged(registry::CELLS_OFFSET));
                let new = HeapObject::from_tagged(grown);
                for i in 0..count * registry::CELL_SIZE {
                    // No barrier: `new` is fresh in new space.
                    new.write_tagged_no_barrier(FixedArray::offset_of_element(i), element(cells, i));
                }
                object.write_tagged(registry::CELLS_OFFSET, grown);
            }
            let object = HeapObject::from_tagged(heap.js_stack[base]);
            let cells = HeapObject::from_tagged(object.read_tagged(registry::CELLS_OFFSET));
            let at = count * registry::CELL_SIZE;
            let (target, holdings, token) = (heap.js_stack[base + 1], heap.js_stack[base + 2], heap.js_stack[base + 3]);
            set_element(cells, at + registry::CELL_TARGET, target.to_weak());
            set_element(cells, at + registry::CELL_HOLDINGS, holdings);
            let token = if token.is_heap_object() { token.to_weak() } else { token };
            set_element(cells, at + registry::CELL_TOKEN, token);
            object.write_tagged_no_barrier(registry::CELL_COUNT_OFFSET, Tagged::smi(count as i32 + 1));
            Ok(())
        })
    }

    /// Removes every cell of registry `r` whose unregister token is `token` (cleared cells
    /// waiting for cleanup included); whether any was removed.
    pub fn finalization_registry_unregister(&mut self, r: Tagged, token: Tagged) -> bool {
        let object = HeapObject::from_tagged(r);
        let cells = HeapObject::from_tagged(object.read_tagged(registry::CELLS_OFFSET));
        let count = object.read_tagged(registry::CELL_COUNT_OFFSET).smi_value() as usize;
        let weak = token.to_weak();
        let mut kept = 0;
        for i in 0..count {
            let from = i * registry::CELL_SIZE;
            if element(cells, from + registry::CELL_TOKEN) == weak {
                continue;
            }
            if kept != i {
                let to = kept * registry::CELL_SIZE;
                for w in 0..registry::CELL_SIZE {
                    set_element(cells, to + w, element(cells, from + w));
                }
            }
            kept += 1;
        }
        let undefined = self.roots.undefined_value;
        for i in kept * registry::CELL_SIZE..count * registry::CELL_SIZE {
            cells.write_tagged_no_barrier(FixedArray::offset_of_element(i), undefined);
        }
        object.write_tagged_no_barrier(registry::CELL_COUNT_OFFSET, Tagged::smi(kept as i32));
        kept != count
    }

    /// Removes the most recently registered cell of `r` whose target has died and returns
    /// its holdings (V8 cleans up the newest first).
    pub fn finalization_registry_take_cleared(&mut self, r: Tagged) -> Option<Tagged> {
        let object = HeapObject::from_tagged(r);
        let cells = HeapObject::from_tagged(object.read_tagged(registry::CELLS_OFFSET));
        let count = object.read_tagged(registry::CELL_COUNT_OFFSET).smi_value() as usize;
        let i = (0..count)
            .rev()
            .find(|i| element(cells, i * registry::CELL_SIZE + registry::CELL_TARGET).is_cleared())?;
        let holdings = element(cells, i * registry::CELL_SIZE + registry::CELL_HOLDINGS);
        for j in i * registry::CELL_SIZE..(count - 1) * registry::CELL_SIZE {
            set_element(cells, j, element(cells, j + registry::CELL_SIZE));
        }
        let undefined = self.roots.undefined_value;
        for j in (count - 1) * registry::CELL_SIZE..count * registry::CELL_SIZE {
            cells.write_tagged_no_barrier(FixedArray::offset_of_element(j), undefined);
        }
        object.write_tagged_no_barrier(registry::CELL_COUNT_OFFSET, Tagged::smi(count as i32 - 1));
        Some(holdings)
    }

    /// Number of cells (live or cleared, not yet cleaned up) of registry `r`.
    pub fn finalization_registry_cell_count(&self, r: Tagged) -> usize {
        HeapObject::from_tagged(r).read_tagged(registry::CELL_COUNT_OFFSET).smi_value() as usize
    }

    /// Queues registry `r` for a cleanup task (the GC calls this when a target of `r` died).
    pub(crate) fn schedule_finalization_registry(&mut self, r: HeapObject) {
        let flags = registry_flags(r);
        if flags & registry::SCHEDULED_BIT == 0 {
            set_registry_flags(r, flags | registry::SCHEDULED_BIT);
            self.weak.dirty_registries.push_back(r.tagged());
        }
    }

    /// The next registry whose cleanup task is due, taken off the queue (the engine then
    /// calls its cleanup callback for each `finalization_registry_take_cleared`).
    pub fn next_dirty_finalization_registry(&mut self) -> Option<Tagged> {
        let r = self.weak.dirty_registries.pop_front()?;
        let object = HeapObject::from_tagged(r);
        set_registry_flags(object, registry_flags(object) & !registry::SCHEDULED_BIT);
        Some(r)
    }

    /// Whether any cleanup task is due.
    pub fn has_pending_finalization_tasks(&self) -> bool {
        !self.weak.dirty_registries.is_empty()
    }
}
