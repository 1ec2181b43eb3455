//! Mark-compact: the major GC of the whole heap.
//!
//! Phases, in order (each ordering constraint has its reason):
//! 1. `prepare` — close the old-space LAB (pages must be iterable) and choose evacuation
//!    candidates: old pages that were mostly dead at the last marking (all pages under
//!    `--stress-compaction`). Candidates are chosen before marking so marking can record the
//!    slots that point into them. Pages the last GC left unswept drop their stale mark bits.
//! 2. `mark` — tri-colour marking from the roots with a worklist (grey = marked and on the
//!    worklist, black = marked and scanned). Read-only objects are always live. Every slot of
//!    a surviving, non-moving object that points at an object that will move (young, or on a
//!    candidate page) is recorded; each old page's live bytes are counted; weak slots are collected, not followed. The values of an
//!    `EphemeronHashTable` are ephemerons: a value is marked only once its key is marked;
//!    those whose key is still white wait in a list that is revisited after each drain
//!    until a fixed point (no waiting key got marked). What is still waiting then is dead.
//!    FinalizationRegistries met while marking are noted.
//! 3. `clear_non_live_references` — weak slots to unmarked objects are cleared (WeakRef
//!    targets, ephemeron keys, finalization cells' targets and tokens); ephemeron entries
//!    whose key was cleared become deleted entries (their value is dropped); a noted
//!    registry with a cleared cell is queued for a cleanup task (run later by the engine,
//!    never here); the string table drops dead entries. All before anything moves, while
//!    mark bits still tell the truth.
//! 4. `sweep` — old pages with nothing live go back to the cage, the other non-candidate
//!    pages are queued for lazy sweeping (`spaces/old_space.rs`: swept one at a time when the
//!    allocator needs memory, evacuation below included); dead large objects are freed.
//! 5. `evacuate` — every marked young object and every marked object on a candidate page is
//!    copied into old space; the old copy's map word forwards to the new one. Sources are
//!    walked by mark bits, never reading a dead object.
//! 6. `update_pointers` — roots, the recorded slots, the bodies of the copies and the string
//!    table are pointed at the new copies.
//! 7. `finish` — candidate pages are released, new space is empty (everything young was
//!    evacuated), so every old-to-new remembered set is dropped.

use crate::cage::Address;
use crate::gc::marker::{Marker, is_live, moves};
use crate::heap::Heap;
use crate::objects::{HeapObject, Map};
use crate::page::{Page, flags};
use crate::tagged::{MapWord, TAG_MASK, Tagged};

/// What one mark-compact did.
pub(crate) struct MarkCompactResult {
    /// Bytes of objects moved (young objects promoted plus compacted old objects).
    pub evacuated_bytes: usize,
    /// Old pages released (swept empty or evacuated).
    pub released_pages: usize,
}

/// Reads the forwarding address of a moved object, or returns it unchanged.
#[inline]
fn forwarded(value: Tagged) -> Tagged {
    if !value.is_pointer() || !moves(Page::of(value.address())) {
        return value;
    }
    let word: MapWord = HeapObject::from_tagged(value).map_word();
    debug_assert!(word.is_forwarding(), "a live object that should have moved did not: {value:?}");
    Tagged::from_raw(word.forwarding_address().compressed() | (value.raw() & TAG_MASK))
}

fn update_slot(slot: Address) {
    let object = HeapObject(slot);
    let value = Tagged::from_raw(object.read_u32(0));
    let new = forwarded(value);
    if new != value {
        object.write_u32(0, new.raw());
    }
}

/// Runs one mark-compact of `heap`: finishes the incremental marking in progress, or marks
/// everything now.
pub(crate) fn mark_compact(heap: &mut Heap, stress_compaction: bool) -> MarkCompactResult {
    // 1. Prepare, and 2. mark.
    let (mut marker, candidates) = match heap.take_incremental_marking() {
        Some(state) => {
            // Finalization: the roots may hold anything by now; everything else reachable
            // is grey or black (the barrier kept the invariant).
            heap.old_space.close_lab();
            heap.new_space.publish_high_water();
            let mut marker = state.marker;
            super::visit_roots(heap, &mut |slot| {
                if slot.is_heap_object() {
                    marker.mark(HeapObject::from_tagged(*slot));
                }
            });
            (marker, state.candidates)
        }
        None => {
            heap.old_space.close_lab();
            heap.new_space.publish_high_water();
            let candidates = heap.old_space.select_evacuation_candidates(stress_compaction);
            for page in &candidates {
                page.set_flag(flags::EVACUATION_CANDIDATE);
            }
            heap.old_space.prepare_for_marking();
            let mut marker = Marker::default();
            super::visit_roots(heap, &mut |slot| {
                if slot.is_heap_object() {
                    marker.mark(HeapObject::from_tagged(*slot));
                }
            });
            (marker, candidates)
        }
    };
    marker.drain_to_fixed_point();

    // 3. Clear non-live references.
    marker.clear_dead_weak_slots();
    let hole = heap.roots.the_hole_value;
    for &table in &marker.ephemeron_tables {
        crate::weak::remove_cleared_ephemerons(table, hole);
    }
    for &registry in &marker.registries {
        if crate::weak::registry_has_cleared_cells(registry) {
            heap.schedule_finalization_registry(registry);
        }
    }
    heap.string_table.process_weak(|s| is_live(s).then_some(s));
    for root in heap.weak_roots.iter_mut() {
        if root.is_pointer() && !is_live(HeapObject::from_tagged(*root)) {
            *root = Tagged::CLEARED;
        }
    }

    // 4. Sweep: empty pages are released now, the others swept lazily (or now, with lazy
    // sweeping off); dead large objects are freed.
    let swept = heap.old_space.start_sweeping(heap.config.lazy_sweeping);
    let released_large = heap.lo_space.sweep(is_live);

    // 5. Evacuate. Copies are allocated in old space: in fresh pages (the free list is empty
    // until pages are swept, and sweeping is left to the allocator after the pause; with lazy
    // sweeping off, in the swept free space), never on a candidate page.
    heap.old_space.set_sweep_on_refill(false);
    let mut copies = Vec::new();
    let mut evacuated_bytes = 0;
    let mut sources: Vec<(Page, Address)> = heap.new_space.to_space_used_pages().collect();
    sources.extend(candidates.iter().map(|p| (*p, p.area_end())));
    for (page, end) in sources {
        // By mark bits: dead objects are not read (their maps may be swept away already).
        crate::spaces::for_each_marked_object(page, end, |object, size| {
            let Some(target) = heap.old_space.allocate(size) else {
                eprintln!("\n#\n# Fatal JavaScript out of memory: the pointer cage is exhausted during mark-compact\n#");
                std::process::abort();
            };
            // SAFETY: `object` is a live object of `size` bytes on a page being evacuated and
            // `target` fresh old-space memory of that size; they cannot overlap.
            unsafe { std::ptr::copy_nonoverlapping(object.address().0 as *const u8, target.0 as *mut u8, size) };
            object.set_map_word(MapWord::forwarding(target));
            copies.push(HeapObject(target));
            evacuated_bytes += size;
        });
    }

    heap.old_space.set_sweep_on_refill(true);

    // 6. Update pointers.
    super::visit_roots(heap, &mut |slot| *slot = forwarded(*slot));
    heap.weak_roots.iter_mut().for_each(|slot| *slot = forwarded(*slot));
    for &slot in &marker.recorded_slots {
        update_slot(slot);
    }
    for &copy in &copies {
        update_slot(copy.address());
        let map = Map(HeapObject::from_tagged(copy.map_word().map()));
        let size = copy.size_with_map(map);
        copy.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                update_slot(Address(slot));
            }
        });
    }
    heap.string_table
        .process_weak(|s| Some(HeapObject::from_tagged(forwarded(s.tagged()))));

    // 7. Finish.
    let released_candidates = heap.old_space.release_evacuated();
    heap.new_space.reset_after_full_gc();
    for page in heap.old_space.pages().iter().chain(heap.lo_space.chunks()) {
        page.clear_old_to_new();
    }
    MarkCompactResult {
        evacuated_bytes,
        released_pages: swept.released_pages + released_candidates + released_large,
    }
}

#[cfg(test)]
mod tests {
    use crate::heap::{AllocationType, Heap, HeapConfig};
    use crate::objects::{HeapObject, fixed_array::FixedArray};
    use crate::stats::{GcKind, GcReason};
    use crate::tagged::Tagged;

    #[test]
    fn weak_slots_are_cleared_exactly_when_the_target_dies() {
        let mut heap = Heap::new(HeapConfig {
            verify_heap: true,
            ..HeapConfig::default()
        })
        .unwrap();
        heap.handle_scope(|scope| {
            let holder = scope.new_fixed_array(2, AllocationType::Old).unwrap();
            let strong = scope.new_heap_number(1.5, AllocationType::Old).unwrap();
            let host = HeapObject::from_tagged(holder.tagged());
            let doomed = scope.heap.new_heap_number(2.5, AllocationType::Old).unwrap();
            host.write_tagged(FixedArray::offset_of_element(0), strong.tagged().to_weak());
            host.write_tagged(FixedArray::offset_of_element(1), doomed.to_weak());
            scope.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
            let host = HeapObject::from_tagged(holder.tagged());
            let kept = host.read_tagged(FixedArray::offset_of_element(0));
            assert!(kept.is_weak() && !kept.is_cleared());
            assert_eq!(kept.to_strong(), strong.tagged());
            assert_eq!(host.read_tagged(FixedArray::offset_of_element(1)), Tagged::CLEARED);
        });
    }
}
