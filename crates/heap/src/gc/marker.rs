//! The marker: tri-colour marking state shared by the atomic mark-compact and incremental
//! marking. White = mark bit clear; grey = mark bit set and on the worklist; black = mark bit
//! set and scanned.
//!
//! Invariants:
//! - An object's bytes are added to its old page's live-byte count when it is scanned (then it
//!   is complete: the marking barrier may grey an object whose fields, even whose map, are still
//!   being written, so greying never reads the object). A marked young object that is grey
//!   when a scavenge promotes it is scanned twice and counted twice: live bytes may be slightly
//!   high, never low, which is what releasing pages and choosing candidates need.
//! - Slots recorded for pointer updating (`recorded_slots`) lie in hosts that never move
//!   (old, not evacuation candidates), so their addresses survive scavenges; every other list
//!   names objects (and offsets in them), which `update_after_scavenge` forwards or drops when
//!   a scavenge moves young objects during incremental marking.
//! - Weak slots are re-read when cleared: only a slot still holding a weak pointer to an
//!   unmarked object is cleared (the mutator may have rewritten it since it was recorded).

use crate::cage::Address;
use crate::gc::marking;
use crate::objects::fixed_array::FixedArray;
use crate::objects::js_weak::ephemeron_table;
use crate::objects::{HeapObject, InstanceType};
use crate::page::{Page, flags};
use crate::tagged::Tagged;

/// Whether objects on `page` move in the current mark-compact.
#[inline(always)]
pub(crate) fn moves(page: Page) -> bool {
    page.has_flag(flags::IN_YOUNG_GENERATION | flags::EVACUATION_CANDIDATE)
}

/// Whether `object` survives the current marking (read-only objects always do).
#[inline]
pub(crate) fn is_live(object: HeapObject) -> bool {
    Page::of(object.address()).has_flag(flags::READ_ONLY_HEAP) || marking::is_marked(object)
}

/// Adds a newly marked object's size to its page's live bytes (old, regular pages only).
#[inline]
pub(crate) fn count_live(object: HeapObject, size: usize) {
    let page = Page::of(object.address());
    if !page.has_flag(flags::IN_YOUNG_GENERATION | flags::LARGE_PAGE) {
        let live = &page.header().live_bytes;
        live.set(live.get() + size);
    }
}

/// Sets `object`'s mark bit (white → grey) without reading the object; false if it was
/// marked already or is read-only.
#[inline]
pub(crate) fn mark_object(object: HeapObject) -> bool {
    if Page::of(object.address()).has_flag(flags::READ_ONLY_HEAP) {
        return false;
    }
    marking::set(object.address())
}

/// The marking state.
#[derive(Default)]
pub(crate) struct Marker {
    /// Grey objects.
    pub worklist: Vec<HeapObject>,
    /// Slots in non-moving objects that point at objects that will move.
    pub recorded_slots: Vec<Address>,
    /// Weak slots in marked objects: (host, offset).
    pub weak_slots: Vec<(HeapObject, u32)>,
    /// Ephemerons whose key was unmarked when their table was scanned: (key, table, offset
    /// of the value slot).
    pub ephemerons: Vec<(HeapObject, HeapObject, u32)>,
    /// Every marked `EphemeronHashTable`.
    pub ephemeron_tables: Vec<HeapObject>,
    /// Every marked `FinalizationRegistry`.
    pub registries: Vec<HeapObject>,
}

impl Marker {
    /// Greys `object` if it is white.
    #[inline]
    pub fn mark(&mut self, object: HeapObject) {
        if mark_object(object) {
            self.worklist.push(object);
        }
    }

    #[inline]
    fn visit_slot(&mut self, host: HeapObject, offset: usize, host_moves: bool) {
        let value = host.read_tagged(offset);
        if !value.is_pointer() {
            return;
        }
        let target = HeapObject::from_tagged(value);
        if !host_moves && moves(Page::of(target.address())) {
            self.recorded_slots.push(host.address().add(offset));
        }
        if value.is_weak() {
            self.weak_slots.push((host, offset as u32));
        } else {
            self.mark(target);
        }
    }

    /// Scans one grey object (it turns black); returns its size.
    fn scan(&mut self, object: HeapObject) -> usize {
        let host_moves = moves(Page::of(object.address()));
        let map = object.map();
        self.visit_slot(object, 0, host_moves); // the map word: maps are objects too
        let size = object.size_with_map(map);
        count_live(object, size);
        let instance_type = map.instance_type_raw();
        if instance_type == InstanceType::EphemeronHashTable as u16 {
            self.scan_ephemeron_table(object, size, host_moves);
            return size;
        }
        if instance_type == InstanceType::JsFinalizationRegistry as u16 {
            self.registries.push(object);
        }
        let base = object.address().0;
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                self.visit_slot(object, slot - base, host_moves);
            }
        });
        size
    }

    /// Scans a table's entries: each key slot as a weak slot; each value only if its key is
    /// marked already, else the entry waits in `ephemerons`.
    fn scan_ephemeron_table(&mut self, table: HeapObject, size: usize, host_moves: bool) {
        self.ephemeron_tables.push(table);
        let start = FixedArray::offset_of_element(ephemeron_table::ENTRIES_START_INDEX);
        for key_offset in (start..size).step_by(ephemeron_table::ENTRY_SIZE * 4) {
            self.visit_slot(table, key_offset, host_moves);
            let key = table.read_tagged(key_offset);
            if key.is_weak() && key.is_pointer() && !is_live(HeapObject::from_tagged(key)) {
                self.ephemerons.push((HeapObject::from_tagged(key), table, key_offset as u32 + 4));
            } else {
                self.visit_slot(table, key_offset + 4, host_moves);
            }
        }
    }

    /// Scans grey objects until the worklist is empty.
    pub fn drain(&mut self) {
        while let Some(object) = self.worklist.pop() {
            self.scan(object);
        }
    }

    /// Scans grey objects until about `budget` bytes were scanned; returns the bytes scanned.
    pub fn drain_with_budget(&mut self, budget: usize) -> usize {
        let mut scanned = 0;
        while scanned < budget {
            let Some(object) = self.worklist.pop() else { break };
            scanned += self.scan(object);
        }
        scanned
    }

    /// Visits the values of waiting ephemerons whose key got marked; whether any was.
    pub fn process_ephemerons(&mut self) -> bool {
        let waiting = std::mem::take(&mut self.ephemerons);
        let mut progressed = false;
        for (key, table, offset) in waiting {
            if is_live(key) {
                self.visit_slot(table, offset as usize, moves(Page::of(table.address())));
                progressed = true;
            } else {
                self.ephemerons.push((key, table, offset));
            }
        }
        progressed
    }

    /// Drains the worklist, then marks the values of waiting ephemerons whose key got marked,
    /// and repeats until no waiting key is marked (the ephemeron fixed point).
    pub fn drain_to_fixed_point(&mut self) {
        loop {
            self.drain();
            if !self.process_ephemerons() {
                return;
            }
        }
    }

    /// Clears every recorded weak slot that still holds a weak pointer to an unmarked object.
    pub fn clear_dead_weak_slots(&self) {
        for &(host, offset) in &self.weak_slots {
            let value = host.read_tagged(offset as usize);
            if value.is_weak() && value.is_pointer() && !is_live(HeapObject::from_tagged(value)) {
                host.write_tagged_no_barrier(offset as usize, Tagged::CLEARED);
            }
        }
    }

    /// After a scavenge during incremental marking: objects the scavenger moved are replaced
    /// by their copies, those it left behind (dead) are dropped.
    pub fn update_after_scavenge(&mut self) {
        self.worklist.retain_mut(forward_young);
        self.weak_slots.retain_mut(|(host, _)| forward_young(host));
        self.ephemerons
            .retain_mut(|(key, table, _)| forward_young(key) && forward_young(table));
        self.ephemeron_tables.retain_mut(forward_young);
        self.registries.retain_mut(forward_young);
    }
}

/// Replaces `object` by its copy if the scavenger moved it; false if it was in from-space
/// and not copied (dead).
fn forward_young(object: &mut HeapObject) -> bool {
    if !Page::of(object.address()).has_flag(flags::FROM_PAGE) {
        return true;
    }
    let word = object.map_word();
    if word.is_forwarding() {
        *object = HeapObject(word.forwarding_address());
        true
    } else {
        false
    }
}
