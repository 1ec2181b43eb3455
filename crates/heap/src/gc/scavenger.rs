//! The scavenger: a semi-space copying collector for new space (Cheney's algorithm).
//!
//! Phases, in order:
//! 1. `flip` — to-space becomes from-space; allocation restarts in the empty to-space.
//! 2. roots — every root slot pointing into from-space is evacuated and updated.
//! 3. old-to-new — every slot in the remembered sets of old and large pages is treated as a
//!    root; slots that no longer point into new space are dropped from the set.
//! 4. Cheney scan — to-space is scanned linearly from its start (the copies are the grey
//!    objects, `scan < top`), and promoted objects from a worklist, until both are exhausted.
//!    Promoted objects' young fields are recorded in the remembered set of their new page.
//! 5. weak — string-table entries in from-space are updated if forwarded, dropped if not.
//! 6. from-space is zapped (debug) and the age mark is set at to-space's top.
//!
//! Weak references are treated as strong here (conservative, as V8's scavenger does for
//! most of them): a weak pointer is updated like any other, WeakRef targets, ephemeron keys
//! and values and finalization cells survive every scavenge, and only mark-compact clears
//! them. So a young object reachable only weakly lives until the next mark-compact.
//!
//! During incremental marking (`gc/incremental.rs`) the scavenger keeps the marking sound:
//! the barrier's buffer is handed to the marker first; a copy of a marked object is marked;
//! a marked object that is promoted is greyed again, so marking rescans it as an old object
//! and records its slots that point at objects that will move; at the end the marker forwards
//! its references to moved objects and drops those to dead ones, and from-space's mark bits
//! are cleared (from-space becomes to-space at the next flip).
//!
//! An object is copied once: the copy's address goes into the original's map word as a
//! forwarding word. Objects below the age mark have survived a scavenge already and are
//! promoted to old space instead of copied again.

use crate::cage::Address;
use crate::heap::{FROM_SPACE_ZAP_VALUE, Heap};
use crate::objects::HeapObject;
use crate::page::{Page, flags};
use crate::spaces::new_space::NewSpace;
use crate::spaces::old_space::OldSpace;
use crate::tagged::{MapWord, Tagged};

/// What one scavenge did.
pub(crate) struct ScavengeResult {
    /// Bytes copied within new space.
    pub copied_bytes: usize,
    /// Bytes promoted to old space.
    pub promoted_bytes: usize,
}

struct Scavenger<'a> {
    new_space: &'a mut NewSpace,
    old_space: &'a mut OldSpace,
    /// The marker, while incremental marking runs.
    marker: Option<&'a mut crate::gc::marker::Marker>,
    /// Promoted objects whose fields are still to be scanned.
    promoted: Vec<HeapObject>,
    copied_bytes: usize,
    promoted_bytes: usize,
}

#[inline(always)]
fn in_from_space(value: Tagged) -> bool {
    value.is_pointer() && Page::of(value.address()).has_flag(flags::FROM_PAGE)
}

impl Scavenger<'_> {
    /// Updates the slot holding `value` if it points into from-space.
    #[inline(always)]
    fn scavenge_slot(&mut self, slot: &mut Tagged) {
        let value = *slot;
        if !in_from_space(value) {
            return;
        }
        let target = self.evacuate(HeapObject::from_tagged(value));
        let tag = value.raw() & crate::tagged::TAG_MASK;
        *slot = Tagged::from_raw(target.address().compressed() | tag);
    }

    /// Copies `object` out of from-space (once) and returns its new location.
    #[inline]
    fn evacuate(&mut self, object: HeapObject) -> HeapObject {
        let map_word = object.map_word();
        if map_word.is_forwarding() {
            return HeapObject(map_word.forwarding_address());
        }
        let map = crate::objects::Map(HeapObject::from_tagged(map_word.map()));
        let size = object.size_with_map(map);
        let promote = self.new_space.is_below_age_mark(object.address());
        let (target, promoted) = match promote {
            true => match self.old_space.allocate(size) {
                Some(a) => (a, true),
                None => (self.allocate_in_to_space_or_die(size), false),
            },
            false => match self.new_space.allocate_in_to_space(size) {
                Some(a) => (a, false),
                None => (self.old_space.allocate(size).unwrap_or_else(|| fatal_out_of_memory()), true),
            },
        };
        // SAFETY: `object` is a live from-space object of `size` bytes and `target` is fresh
        // space of the same size in to-space or old space; the ranges cannot overlap.
        unsafe { std::ptr::copy_nonoverlapping(object.address().0 as *const u8, target.0 as *mut u8, size) };
        if let Some(marker) = self.marker.as_deref_mut()
            && crate::gc::marking::is_set(object.address())
        {
            // Carry the mark over; a promoted copy is greyed again (rescanned as an old host).
            crate::gc::marking::set(target);
            if promoted {
                marker.worklist.push(HeapObject(target));
            }
        }
        object.set_map_word(MapWord::forwarding(target));
        if promoted {
            self.promoted_bytes += size;
            self.promoted.push(HeapObject(target));
        } else {
            self.copied_bytes += size;
        }
        HeapObject(target)
    }

    fn allocate_in_to_space_or_die(&mut self, size: usize) -> Address {
        self.new_space.allocate_in_to_space(size).unwrap_or_else(|| fatal_out_of_memory())
    }

    /// Scans the fields of a to-space copy.
    fn scan_young_object(&mut self, object: HeapObject) -> usize {
        let map = object.map();
        let size = object.size_with_map(map);
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                // SAFETY: `slot` is a tagged field inside a live to-space object.
                self.scavenge_slot(unsafe { &mut *(slot as *mut Tagged) });
            }
        });
        size
    }

    /// Scans the fields of a promoted object and records those still pointing into new space.
    fn scan_promoted_object(&mut self, object: HeapObject) {
        let map = object.map();
        let size = object.size_with_map(map);
        let page = Page::of(object.address());
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                // SAFETY: `slot` is a tagged field inside a live, freshly promoted object.
                let slot_ref = unsafe { &mut *(slot as *mut Tagged) };
                self.scavenge_slot(slot_ref);
                let value = *slot_ref;
                if value.is_pointer() && Page::of(value.address()).in_young_generation() {
                    page.old_to_new_or_create().insert(slot - page.start().0);
                }
            }
        });
    }

    /// Cheney's loop: scan to-space copies in address order and promoted objects until no
    /// grey object remains.
    fn process(&mut self) {
        let mut page_index = 0;
        let mut scan = self.new_space.to_space_page(0).area_start();
        loop {
            let mut progressed = false;
            loop {
                let (page, end) = self.new_space.to_space_scan_bounds(page_index);
                if scan < end {
                    let size = self.scan_young_object(HeapObject(scan));
                    scan = scan.add(size);
                    progressed = true;
                } else if page_index < self.new_space.current_page_index() {
                    debug_assert_eq!(scan, end, "scan stopped inside {page:?}");
                    page_index += 1;
                    scan = self.new_space.to_space_page(page_index).area_start();
                } else {
                    break;
                }
            }
            while let Some(object) = self.promoted.pop() {
                self.scan_promoted_object(object);
                progressed = true;
            }
            if !progressed {
                break;
            }
        }
    }
}

#[cold]
fn fatal_out_of_memory() -> ! {
    eprintln!("\n#\n# Fatal JavaScript out of memory: the pointer cage is exhausted during a scavenge\n#");
    std::process::abort()
}

/// Runs one scavenge of `heap`'s new space.
pub(crate) fn scavenge(heap: &mut Heap) -> ScavengeResult {
    heap.flush_marking_barrier();
    // 1. Flip.
    if heap.new_space.flip().is_none() {
        fatal_out_of_memory();
    }
    let Heap {
        new_space,
        old_space,
        lo_space,
        handles,
        globals,
        external_roots,
        js_stack,
        strong_roots,
        weak_roots,
        weak,
        string_table,
        config,
        incremental,
        ..
    } = heap;
    let mut marker = incremental.as_deref_mut().map(|state| &mut state.marker);
    let mut scavenger = Scavenger {
        new_space: &mut *new_space,
        old_space: &mut *old_space,
        marker: marker.as_deref_mut(),
        promoted: Vec::new(),
        copied_bytes: 0,
        promoted_bytes: 0,
    };

    // 2. Roots.
    handles.iterate(|slot| scavenger.scavenge_slot(slot));
    globals.iterate(|slot| scavenger.scavenge_slot(slot));
    js_stack.iter_mut().for_each(|slot| scavenger.scavenge_slot(slot));
    strong_roots.iter_mut().for_each(|slot| scavenger.scavenge_slot(slot));
    weak.iterate(&mut |slot| scavenger.scavenge_slot(slot));
    for roots in external_roots.iter_mut() {
        roots.iterate_roots(&mut |slot| scavenger.scavenge_slot(slot));
    }

    // 3. Old-to-new remembered set. Promotion during this phase only pushes to the worklist,
    // so no remembered set is modified while one is being iterated.
    let old_pages: Vec<Page> = scavenger.old_space.pages().iter().chain(lo_space.chunks()).copied().collect();
    for page in old_pages {
        let Some(set) = page.old_to_new() else { continue };
        let remaining = set.iterate(page.start(), |slot| {
            // SAFETY: recorded slots are tagged fields of live objects on this page.
            let slot_ref = unsafe { &mut *(slot.0 as *mut Tagged) };
            scavenger.scavenge_slot(slot_ref);
            let value = *slot_ref;
            if value.is_pointer() && Page::of(value.address()).in_young_generation() {
                crate::slot_set::SlotCallbackResult::Keep
            } else {
                crate::slot_set::SlotCallbackResult::Remove
            }
        });
        if remaining == 0 {
            page.clear_old_to_new();
        }
    }

    // 4. Transitive closure.
    scavenger.process();

    // 5. Weak references: the string table and the weak roots.
    string_table.process_weak(|object| {
        if !Page::of(object.address()).has_flag(flags::FROM_PAGE) {
            return Some(object);
        }
        let word = object.map_word();
        word.is_forwarding().then(|| HeapObject(word.forwarding_address()))
    });

    for root in weak_roots.iter_mut() {
        if in_from_space(*root) {
            let word = HeapObject::from_tagged(*root).map_word();
            *root = if word.is_forwarding() {
                Tagged::from_raw(word.forwarding_address().compressed() | (root.raw() & crate::tagged::TAG_MASK))
            } else {
                Tagged::CLEARED
            };
        }
    }

    // Incremental marking: references to moved objects follow them (before from-space and
    // its forwarding words are zapped), from-space's mark bits go.
    let result = ScavengeResult {
        copied_bytes: scavenger.copied_bytes,
        promoted_bytes: scavenger.promoted_bytes,
    };
    drop(scavenger);
    if let Some(marker) = marker {
        marker.update_after_scavenge();
        for page in new_space.from_space().pages() {
            crate::gc::marking::clear_page(*page);
        }
    }

    // 6. From-space is garbage now.
    if config.zap_garbage {
        for page in new_space.from_space().pages() {
            Page::zap(page.area_start(), page.high_water().max(page.area_start()), FROM_SPACE_ZAP_VALUE);
        }
    }
    new_space.set_age_mark_at_top();
    new_space.publish_high_water();
    result
}
