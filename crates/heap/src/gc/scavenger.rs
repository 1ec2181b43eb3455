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
//!    To-space copies are laid out breadth-first (Cheney's order), promoted ones depth-first
//!    (the worklist is a stack): the old generation keeps a tree's subtrees together for the
//!    program's depth-first walks (breadth-first promotion made binary_trees_18 3% slower).
//! 5. weak — string-table entries in from-space are updated if forwarded, dropped if not.
//! 6. from-space is zapped (debug) and the age mark is set at to-space's top.
//!
//! The collector's time goes into cache misses on from-space objects (their map words are
//! read at random addresses), so phases 3 and 4 are software-pipelined: a field of a to-space
//! copy that points into from-space has its target prefetched and waits in a short FIFO queue
//! (`SlotQueue`, which keeps Cheney's order), to be processed `SLOT_QUEUE_LENGTH` fields later
//! when the line has arrived; the remembered sets are walked with lookahead the same way; a
//! promoted copy's targets are prefetched when it is made, ahead of its turn on the worklist.
//! Whether a field points into from-space is read from a bitmap of the cage's pages
//! (`FromSpace`), not from the target page's header.
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
//! promoted to old space instead of copied again. Every slot is visited once (a queued slot
//! is read again when processed: nothing else writes it meanwhile).

use crate::cage::{Address, CAGE_SIZE, PAGE_SIZE, PAGE_SIZE_BITS};
use crate::heap::{FROM_SPACE_ZAP_VALUE, Heap};
use crate::objects::{HeapObject, Map};
use crate::page::{Page, flags};
use crate::slot_set::SlotCallbackResult;
use crate::spaces::new_space::NewSpace;
use crate::spaces::old_space::OldSpace;
use crate::tagged::{MapWord, TAG_MASK, Tagged};

/// What one scavenge did.
pub(crate) struct ScavengeResult {
    /// Bytes copied within new space.
    pub copied_bytes: usize,
    /// Bytes promoted to old space.
    pub promoted_bytes: usize,
}

/// How many from-space fields wait in the queue while their targets are fetched: enough that
/// the work on the fields ahead of one covers a cache miss (measured on splay: 8 is slower,
/// 32 no faster).
const SLOT_QUEUE_LENGTH: usize = 16;
/// How far ahead of the slot being processed a remembered-set slot's own memory is fetched
/// (its target is fetched half that far ahead, once the slot has arrived).
const REMEMBERED_SET_LOOKAHEAD: usize = 16;

const CAGE_PAGES: usize = CAGE_SIZE / PAGE_SIZE;

/// From-space as bits over the pages of the cage (2 KB each, so they stay in the L1 cache):
/// the test of every scanned field reads these rather than the target page's header, which
/// would be one more cache line and TLB entry per distinct page pointed at.
struct FromSpace {
    pages: [u64; CAGE_PAGES / 64],
    /// Pages entirely below the age mark.
    below_age_mark: [u64; CAGE_PAGES / 64],
    /// The page holding the age mark, and the mark.
    age_mark_page: Page,
    age_mark: Address,
}

#[inline(always)]
fn page_bit(bits: &[u64; CAGE_PAGES / 64], compressed: u32) -> bool {
    // A compressed pointer is the offset in the cage, so its top bits are the page's index.
    let index = compressed as usize >> PAGE_SIZE_BITS;
    bits[index / 64] & (1 << (index % 64)) != 0
}

impl FromSpace {
    fn new(new_space: &NewSpace) -> Box<FromSpace> {
        let (age_mark_page, age_mark) = new_space.age_mark();
        let mut from = Box::new(FromSpace {
            pages: [0; CAGE_PAGES / 64],
            below_age_mark: [0; CAGE_PAGES / 64],
            age_mark_page,
            age_mark,
        });
        for page in new_space.from_space().pages() {
            let index = page.start().compressed() as usize >> PAGE_SIZE_BITS;
            from.pages[index / 64] |= 1 << (index % 64);
            if page.has_flag(flags::NEW_SPACE_BELOW_AGE_MARK) {
                from.below_age_mark[index / 64] |= 1 << (index % 64);
            }
        }
        from
    }

    /// Whether `value` points (strongly or weakly) into from-space.
    #[inline(always)]
    fn contains(&self, value: Tagged) -> bool {
        value.is_pointer() && page_bit(&self.pages, value.raw())
    }

    /// Whether the from-space object at `address` survived a scavenge before.
    #[inline(always)]
    fn is_below_age_mark(&self, address: Address) -> bool {
        page_bit(&self.below_age_mark, address.compressed()) || (Page::of(address) == self.age_mark_page && address < self.age_mark)
    }
}

/// A ring of to-space slots that point into from-space, each queued when its target was
/// prefetched.
struct SlotQueue {
    slots: [usize; SLOT_QUEUE_LENGTH],
    /// Index of the oldest slot (wrapping).
    read: usize,
    /// Index one past the newest slot (wrapping).
    write: usize,
}

impl SlotQueue {
    #[inline(always)]
    fn is_full(&self) -> bool {
        self.write - self.read == SLOT_QUEUE_LENGTH
    }

    #[inline(always)]
    fn push(&mut self, slot: usize) {
        debug_assert!(!self.is_full());
        self.slots[self.write % SLOT_QUEUE_LENGTH] = slot;
        self.write += 1;
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<usize> {
        if self.read == self.write {
            return None;
        }
        let slot = self.slots[self.read % SLOT_QUEUE_LENGTH];
        self.read += 1;
        Some(slot)
    }
}

struct Scavenger<'a> {
    new_space: &'a mut NewSpace,
    old_space: &'a mut OldSpace,
    from_space: Box<FromSpace>,
    /// The marker, while incremental marking runs.
    marker: Option<&'a mut crate::gc::marker::Marker>,
    /// Promoted objects whose fields are still to be scanned.
    promoted: Vec<HeapObject>,
    queue: SlotQueue,
    copied_bytes: usize,
    promoted_bytes: usize,
}

/// Asks the CPU to start loading the cache line at `address` (a hint: no effect on memory).
#[inline(always)]
fn prefetch(address: usize) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and has no architectural effect, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// The size of an object, with the common case (a fixed instance size) inline.
#[inline(always)]
fn size_with_map(object: HeapObject, map: Map) -> usize {
    match map.instance_size() {
        0 => object.size_with_map(map),
        fixed => fixed,
    }
}

impl Scavenger<'_> {
    /// Updates the slot if it points into from-space. Returns whether the slot now points
    /// into new space (the copy stayed young, or the slot pointed into to-space already).
    #[inline(always)]
    fn scavenge_slot(&mut self, slot: &mut Tagged) -> bool {
        let value = *slot;
        if !self.from_space.contains(value) {
            return value.is_pointer() && Page::of(value.address()).in_young_generation();
        }
        let (target, young) = self.evacuate(HeapObject::from_tagged(value));
        *slot = Tagged::from_raw(target.address().compressed() | (value.raw() & TAG_MASK));
        young
    }

    /// Copies `object` out of from-space (once) and returns its new location and whether
    /// that is in to-space (rather than old space).
    #[inline(always)]
    fn evacuate(&mut self, object: HeapObject) -> (HeapObject, bool) {
        let map_word = object.map_word();
        if map_word.is_forwarding() {
            let target = map_word.forwarding_address();
            return (HeapObject(target), Page::of(target).in_young_generation());
        }
        let map = Map(HeapObject::from_tagged(map_word.map()));
        let size = size_with_map(object, map);
        let (target, promoted) = match self.from_space.is_below_age_mark(object.address()) {
            true => match self.old_space.allocate(size) {
                Some(a) => (a, true),
                None => (self.allocate_in_to_space_or_die(size), false),
            },
            false => match self.new_space.allocate_in_to_space(size) {
                Some(a) => (a, false),
                None => (self.old_space.allocate(size).unwrap_or_else(|| fatal_out_of_memory()), true),
            },
        };
        copy_object(object.address(), target, size);
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
            self.prefetch_fields(HeapObject(target), map, size);
            self.promoted.push(HeapObject(target));
        } else {
            self.copied_bytes += size;
        }
        (HeapObject(target), !promoted)
    }

    fn allocate_in_to_space_or_die(&mut self, size: usize) -> Address {
        self.new_space.allocate_in_to_space(size).unwrap_or_else(|| fatal_out_of_memory())
    }

    /// Queues every field of the to-space copy `object` that points into from-space,
    /// prefetching the objects they point at; a full queue processes its oldest. Returns the
    /// object's size.
    #[inline(always)]
    fn queue_fields(&mut self, object: HeapObject) -> usize {
        let map = object.map();
        let size = size_with_map(object, map);
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                // SAFETY: `slot` is a tagged field inside a live to-space object.
                let value = unsafe { *(slot as *const Tagged) };
                if self.from_space.contains(value) {
                    prefetch(value.address().0);
                    if self.queue.is_full() {
                        let oldest = self.queue.pop().expect("full");
                        self.process_slot(oldest);
                    }
                    self.queue.push(slot);
                }
            }
        });
        size
    }

    /// Evacuates the target of a queued slot and updates the slot.
    #[inline(always)]
    fn process_slot(&mut self, slot: usize) {
        // SAFETY: queued slots are tagged fields of live to-space objects, and nothing else
        // writes them during the scavenge.
        self.scavenge_slot(unsafe { &mut *(slot as *mut Tagged) });
    }

    /// Prefetches the from-space objects the fields of a copy point at.
    #[inline(always)]
    fn prefetch_fields(&self, object: HeapObject, map: Map, size: usize) {
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                // SAFETY: `slot` is a tagged field of the copy just made.
                let value = unsafe { *(slot as *const Tagged) };
                if self.from_space.contains(value) {
                    prefetch(value.address().0);
                }
            }
        });
    }

    /// Scans the fields of a promoted object at once (its targets were prefetched when it was
    /// made) and records in its page's remembered set those still pointing into new space.
    fn scan_promoted_object(&mut self, object: HeapObject) {
        let map = object.map();
        let size = size_with_map(object, map);
        // Promoted objects are regular-sized, so a field's page is the object's page.
        let page = Page::of(object.address());
        object.iterate_body(map, size, |start, end| {
            for slot in (start.0..end.0).step_by(4) {
                // SAFETY: `slot` is a tagged field inside a live, freshly promoted object.
                if self.scavenge_slot(unsafe { &mut *(slot as *mut Tagged) }) {
                    page.old_to_new_or_create().insert(slot - page.start().0);
                }
            }
        });
    }

    /// Cheney's loop: scan to-space copies in address order (queueing their from-space
    /// fields) and promoted objects, until no grey object and no queued slot remains.
    fn process(&mut self) {
        let mut page_index = 0;
        let mut scan = self.new_space.to_space_page(0).area_start();
        loop {
            let (page, end) = self.new_space.to_space_scan_bounds(page_index);
            if scan < end {
                let size = self.queue_fields(HeapObject(scan));
                scan = scan.add(size);
            } else if page_index < self.new_space.current_page_index() {
                debug_assert_eq!(scan, end, "scan stopped inside {page:?}");
                page_index += 1;
                scan = self.new_space.to_space_page(page_index).area_start();
            } else if let Some(object) = self.promoted.pop() {
                self.scan_promoted_object(object);
            } else if let Some(entry) = self.queue.pop() {
                self.process_slot(entry);
            } else {
                break;
            }
        }
    }

    /// Scavenges the recorded slots of `page`'s remembered set and drops those that no
    /// longer point into new space. Pipelined: the slot `REMEMBERED_SET_LOOKAHEAD` ahead is
    /// prefetched, and the target of the one half as far ahead.
    fn scavenge_remembered_set(&mut self, page: Page, slots: &mut Vec<Address>) {
        let Some(set) = page.old_to_new() else { return };
        slots.clear();
        set.iterate(page.start(), |slot| {
            slots.push(slot);
            SlotCallbackResult::Keep
        });
        const AHEAD: usize = REMEMBERED_SET_LOOKAHEAD;
        for slot in slots.iter().take(AHEAD) {
            prefetch(slot.0);
        }
        let mut removed = 0;
        for i in 0..slots.len() {
            if let Some(slot) = slots.get(i + AHEAD) {
                prefetch(slot.0);
            }
            if let Some(slot) = slots.get(i + AHEAD / 2) {
                // SAFETY: recorded slots are tagged fields of live objects on this page.
                let value = unsafe { *(slot.0 as *const Tagged) };
                if self.from_space.contains(value) {
                    prefetch(value.address().0);
                }
            }
            // SAFETY: as above. Promotion meanwhile only pushes to the worklist, so no
            // remembered set changes while this one is walked.
            if !self.scavenge_slot(unsafe { &mut *(slots[i].0 as *mut Tagged) }) {
                slots[removed] = slots[i];
                removed += 1;
            }
        }
        let set = page.old_to_new().expect("still there");
        for slot in &slots[..removed] {
            set.remove(slot.0 - page.start().0);
        }
        if set.release_empty_buckets() == 0 {
            page.clear_old_to_new();
        }
    }
}

#[inline(always)]
fn copy_object(from: Address, to: Address, size: usize) {
    // SAFETY: `from` is a live from-space object of `size` bytes and `to` is fresh space of the
    // same size in to-space or old space; the ranges cannot overlap. Most objects are a few
    // words, which a word loop copies faster than a call to `memcpy`.
    unsafe {
        if size <= 64 {
            let (src, dst) = (from.0 as *const u32, to.0 as *mut u32);
            for i in 0..size / 4 {
                dst.add(i).write(src.add(i).read());
            }
        } else {
            std::ptr::copy_nonoverlapping(from.0 as *const u8, to.0 as *mut u8, size);
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
        from_space: FromSpace::new(new_space),
        new_space: &mut *new_space,
        old_space: &mut *old_space,
        marker: marker.as_deref_mut(),
        promoted: Vec::new(),
        queue: SlotQueue {
            slots: [0; SLOT_QUEUE_LENGTH],
            read: 0,
            write: 0,
        },
        copied_bytes: 0,
        promoted_bytes: 0,
    };

    // 2. Roots.
    let mut root = |slot: &mut Tagged| {
        scavenger.scavenge_slot(slot);
    };
    handles.iterate(&mut root);
    globals.iterate(&mut root);
    js_stack.iter_mut().for_each(&mut root);
    strong_roots.iter_mut().for_each(&mut root);
    weak.iterate(&mut root);
    for roots in external_roots.iter_mut() {
        roots.iterate_roots(&mut root);
    }

    // 3. Old-to-new remembered sets.
    let old_pages: Vec<Page> = scavenger.old_space.pages().iter().chain(lo_space.chunks()).copied().collect();
    let mut slots = Vec::new();
    for page in old_pages {
        scavenger.scavenge_remembered_set(page, &mut slots);
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
        if scavenger.from_space.contains(*root) {
            let word = HeapObject::from_tagged(*root).map_word();
            *root = if word.is_forwarding() {
                Tagged::from_raw(word.forwarding_address().compressed() | (root.raw() & TAG_MASK))
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
