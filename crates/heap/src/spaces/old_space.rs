//! Old space: pages of long-lived objects. Allocation bumps through a linear allocation area
//! (LAB) carved from a free-list block, or from a fresh page when the free list has nothing
//! large enough.
//!
//! Sweeping is lazy (V8 sweeps concurrently; here on demand): a mark-compact only releases
//! the pages with nothing live and queues the others as unswept (`flags::SWEEPING_PENDING`,
//! mark bits kept). The allocator sweeps one queued page whenever the free list cannot serve
//! a LAB, and takes a fresh page if that did not help either (a mark-compact's evacuation
//! takes fresh pages without sweeping, so the pause does not absorb the sweeping; the heap also
//! sweeps ahead of a scavenge's promotion, `Heap::sweep_ahead_of_promotion`); `complete_sweeping` sweeps the rest (the verifier does
//! not need it: it walks unswept pages by mark bits). The next mark-compact clears the mark
//! bits of pages still unswept instead of sweeping them: what was dead stays dead, and its own
//! sweep reclaims it.
//!
//! Invariants: every swept page is iterable over its whole area — objects and fillers end to
//! end — except the open LAB `[top, limit)`, which `make_iterable` covers with a filler before
//! the heap is walked; the LAB and the free list only ever hold memory of swept pages; an
//! unswept page's dead ranges hold no remembered-set slots (every old-to-new set is dropped at
//! the end of a mark-compact, and only live objects or fresh allocations record slots later).

use crate::cage::Address;
use crate::gc::marking;
use crate::objects::HeapObject;
use crate::objects::free_space::{self, write_filler};
use crate::page::{ALLOCATABLE_BYTES_PER_PAGE, Page, SpaceId, flags};
use crate::spaces::free_list::FreeList;

/// The old generation's paged space.
pub struct OldSpace {
    pages: Vec<Page>,
    top: Address,
    limit: Address,
    free_list: FreeList,
    heap_id: usize,
    /// Bytes of objects: live bytes at the last marking plus everything allocated since.
    size_of_objects: usize,
    /// Pages waiting to be swept (a subset of `pages`).
    unswept: Vec<Page>,
    /// Pages a mark-compact found empty, released with the evacuated candidates at its end
    /// (slots in them may still be visited by pointer updating).
    empty: Vec<Page>,
    /// Live bytes a fresh page starts with: unknown (a full page, so it is not chosen for
    /// evacuation) normally, zero while incremental marking counts live bytes.
    fresh_page_live_bytes: usize,
    /// Whether a LAB refill may sweep a waiting page (off while a mark-compact evacuates:
    /// survivors go to fresh pages, so the pause does not absorb the sweeping).
    sweep_on_refill: bool,
}

/// What sweeping found.
pub struct SweepResult {
    /// Bytes of live objects left in the swept pages.
    pub live_bytes: usize,
    /// Pages that held nothing live and went back to the cage.
    pub released_pages: usize,
}

impl OldSpace {
    /// An empty old space for the heap `heap_id`.
    pub fn new(heap_id: usize) -> OldSpace {
        OldSpace {
            pages: Vec::new(),
            top: Address(0),
            limit: Address(0),
            free_list: FreeList::new(),
            heap_id,
            size_of_objects: 0,
            unswept: Vec::new(),
            empty: Vec::new(),
            fresh_page_live_bytes: ALLOCATABLE_BYTES_PER_PAGE,
            sweep_on_refill: true,
        }
    }

    /// Allocates `size` bytes. Fails only when the cage cannot commit another page; the heap
    /// limit is the caller's business.
    #[inline]
    pub fn allocate(&mut self, size: usize) -> Option<Address> {
        if size > self.limit.0 - self.top.0 {
            self.refill_lab(size)?;
        }
        let result = self.top;
        self.top = result.add(size);
        self.size_of_objects += size;
        Some(result)
    }

    #[cold]
    fn refill_lab(&mut self, size: usize) -> Option<()> {
        self.close_lab();
        // V8's `RefillLabMain`: the free list; else sweep one more page and retry; else a
        // fresh page. At most one page is swept per refill, which bounds the pause any one
        // allocation (or an evacuation's) pays for sweeping.
        for _ in 0..2 {
            if let Some((block, bytes)) = self.free_list.take(size) {
                self.top = block;
                self.limit = block.add(bytes);
                return Some(());
            }
            if !self.sweep_on_refill || !self.sweep_next_page() {
                break;
            }
        }
        let page = Page::allocate(1, SpaceId::Old, self.heap_id, 0).ok()?;
        page.header().high_water.set(page.area_end());
        page.header().live_bytes.set(self.fresh_page_live_bytes);
        self.top = page.area_start();
        self.limit = page.area_end();
        self.pages.push(page);
        Some(())
    }

    /// Gives the unused rest of the LAB back to the free list.
    pub fn close_lab(&mut self) {
        let rest = self.limit.0 - self.top.0;
        if rest > 0 {
            write_filler(self.top, rest);
            if rest >= free_space::MIN_SIZE {
                self.free_list.add(self.top, rest);
            }
        }
        self.top = Address(0);
        self.limit = Address(0);
    }

    /// Covers the open LAB with a filler so every page can be walked (the LAB stays open).
    pub fn make_iterable(&self) {
        let rest = self.limit.0 - self.top.0;
        if rest > 0 {
            write_filler(self.top, rest);
        }
    }

    /// Pages fragmented enough to be worth evacuating: those whose live bytes at the last
    /// marking were under 30% of the page (V8 compacts pages more than 70% free). With
    /// `everything`, every page (`--stress-compaction`).
    pub fn select_evacuation_candidates(&self, everything: bool) -> Vec<Page> {
        self.pages
            .iter()
            .copied()
            .filter(|p| everything || p.header().live_bytes.get() * 10 < ALLOCATABLE_BYTES_PER_PAGE * 3)
            .collect()
    }

    /// Gets the pages ready for marking: pages still unswept from the last mark-compact
    /// drop their stale mark bits (their dead objects stay dead and are reclaimed by the
    /// sweep after this marking), and every page's live-byte count restarts from zero for
    /// marking to fill in. Call after choosing evacuation candidates (which reads them).
    pub fn prepare_for_marking(&mut self) {
        self.close_lab();
        for page in self.unswept.drain(..) {
            marking::clear_page(page);
            page.clear_flag(flags::SWEEPING_PENDING);
        }
        for page in &self.pages {
            page.header().live_bytes.set(0);
        }
    }

    /// After marking: pages that are not evacuation candidates and hold nothing live leave
    /// the space (released at the end of the GC); the others wait to be swept, lazily or (with `lazy` false) now. The free
    /// list is rebuilt from scratch by the sweeps.
    pub fn start_sweeping(&mut self, lazy: bool) -> SweepResult {
        self.close_lab();
        self.free_list.reset();
        let mut live_total = 0;
        let mut released = 0;
        let mut kept = Vec::with_capacity(self.pages.len());
        for page in std::mem::take(&mut self.pages) {
            if page.has_flag(flags::EVACUATION_CANDIDATE) {
                kept.push(page);
                continue;
            }
            let live = page.header().live_bytes.get();
            if live == 0 {
                debug_assert!(
                    marking::next_marked(page, page.area_start(), page.area_end()).is_none(),
                    "{page:?} has marked objects but no live bytes"
                );
                marking::clear_page(page);
                self.empty.push(page);
                released += 1;
                continue;
            }
            live_total += live;
            page.set_flag(flags::SWEEPING_PENDING);
            self.unswept.push(page);
            kept.push(page);
        }
        self.pages = kept;
        // Sweep the oldest pages first: they are popped from the end.
        self.unswept.reverse();
        self.size_of_objects = live_total;
        if !lazy {
            self.complete_sweeping();
        }
        SweepResult {
            live_bytes: live_total,
            released_pages: released,
        }
    }

    /// Sweeps one unswept page into the free list; false if none is left.
    pub fn sweep_next_page(&mut self) -> bool {
        let Some(page) = self.unswept.pop() else { return false };
        let mut blocks = Vec::new();
        let live = sweep_page(page, &mut blocks);
        page.clear_flag(flags::SWEEPING_PENDING);
        page.header().live_bytes.set(live);
        for (block, size) in blocks {
            self.free_list.add(block, size);
        }
        true
    }

    /// Sweeps every page still waiting.
    pub fn complete_sweeping(&mut self) {
        while self.sweep_next_page() {}
    }

    /// Allows or forbids refills to sweep waiting pages (see `sweep_on_refill`).
    pub fn set_sweep_on_refill(&mut self, allowed: bool) {
        self.sweep_on_refill = allowed;
    }

    /// Number of pages waiting to be swept.
    pub fn unswept_pages(&self) -> usize {
        self.unswept.len()
    }

    /// Switches live-byte counting for fresh pages on (incremental marking) or off.
    pub fn set_marking(&mut self, on: bool) {
        self.fresh_page_live_bytes = if on { 0 } else { ALLOCATABLE_BYTES_PER_PAGE };
    }

    /// Releases the evacuated candidate pages and the pages found empty; returns how many
    /// candidates there were.
    pub fn release_evacuated(&mut self) -> usize {
        for page in self.empty.drain(..) {
            page.release();
        }
        let before = self.pages.len();
        self.pages.retain(|p| {
            if p.has_flag(flags::EVACUATION_CANDIDATE) {
                p.release();
                false
            } else {
                true
            }
        });
        before - self.pages.len()
    }

    /// The pages, oldest first.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Bytes committed for this space.
    pub fn committed(&self) -> usize {
        self.pages.len() * crate::cage::PAGE_SIZE
    }

    /// Bytes of objects.
    pub fn size_of_objects(&self) -> usize {
        self.size_of_objects
    }

    /// Bytes that can be allocated without sweeping or a new page: the free list and the LAB.
    pub fn swept_free_bytes(&self) -> usize {
        self.free_list.available() + (self.limit.0 - self.top.0)
    }

    /// Bytes that can be allocated without a new page (unswept pages count with their dead
    /// bytes, which their sweep will free).
    pub fn available(&self) -> usize {
        let unswept: usize = self
            .unswept
            .iter()
            .map(|p| ALLOCATABLE_BYTES_PER_PAGE.saturating_sub(p.header().live_bytes.get()))
            .sum();
        self.free_list.available() + (self.limit.0 - self.top.0) + unswept
    }

    /// Gives every page back to the cage.
    pub fn release_all(&mut self) {
        for page in self.pages.drain(..) {
            page.release();
        }
        self.free_list.reset();
        self.unswept.clear();
        self.top = Address(0);
        self.limit = Address(0);
    }
}

/// Sweeps one page by its mark bits: the gaps between marked objects become fillers (those
/// big enough to reuse go into `blocks`), then the bitmap is cleared. Dead objects are never
/// read: their maps may be dead too and already overwritten. The gaps hold no remembered-set
/// slots (module invariant), so the slot set is not touched — a scavenge may be iterating it
/// while promotion sweeps a page. Returns the page's live bytes.
fn sweep_page(page: Page, blocks: &mut Vec<(Address, usize)>) -> usize {
    let mut live = 0;
    let end = page.area_end();
    let mut flush = |from: Address, to: Address| {
        let size = to.0 - from.0;
        write_filler(from, size);
        if size >= free_space::MIN_SIZE {
            blocks.push((from, size));
        }
    };
    let mut free_from = page.area_start();
    while let Some(object) = marking::next_marked(page, free_from, end) {
        if object > free_from {
            flush(free_from, object);
        }
        let size = HeapObject(object).size();
        live += size;
        free_from = object.add(size);
    }
    if free_from < end {
        flush(free_from, end);
    }
    marking::clear_page(page);
    live
}
