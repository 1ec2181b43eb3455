//! Old space: pages of long-lived objects. Allocation bumps through a linear allocation area
//! (LAB) carved from a free-list block, or from a fresh page when the free list has nothing
//! large enough. Mark-compact sweeps the pages back into the free list.
//!
//! Invariant: every page is iterable over its whole area — objects and fillers end to end —
//! except the open LAB `[top, limit)`, which `make_iterable` covers with a filler before the
//! heap is walked.

use crate::cage::Address;
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
    /// Bytes of objects: live bytes at the last sweep plus everything allocated since.
    size_of_objects: usize,
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
        if let Some((block, bytes)) = self.free_list.take(size) {
            self.top = block;
            self.limit = block.add(bytes);
            return Some(());
        }
        let page = Page::allocate(1, SpaceId::Old, self.heap_id, 0).ok()?;
        page.header().high_water.set(page.area_end());
        page.header().live_bytes.set(ALLOCATABLE_BYTES_PER_PAGE); // unknown until swept
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
    /// sweep were under 30% of the page (V8 compacts pages more than 70% free). With
    /// `everything`, every page (`--stress-compaction`).
    pub fn select_evacuation_candidates(&self, everything: bool) -> Vec<Page> {
        self.pages
            .iter()
            .copied()
            .filter(|p| everything || p.header().live_bytes.get() * 10 < ALLOCATABLE_BYTES_PER_PAGE * 3)
            .collect()
    }

    /// Sweeps every page that is not an evacuation candidate: runs of dead objects become
    /// free-list blocks (and their remembered-set slots are dropped), pages with nothing live
    /// are released. The free list is rebuilt from scratch.
    pub fn sweep(&mut self, is_live: impl Fn(HeapObject) -> bool) -> SweepResult {
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
            let mut blocks = Vec::new();
            let live = sweep_page(page, &is_live, &mut blocks);
            if live == 0 {
                page.release();
                released += 1;
            } else {
                for (block, size) in blocks {
                    self.free_list.add(block, size);
                }
                page.header().live_bytes.set(live);
                live_total += live;
                kept.push(page);
            }
        }
        self.pages = kept;
        self.size_of_objects = live_total;
        SweepResult {
            live_bytes: live_total,
            released_pages: released,
        }
    }

    /// Releases the evacuated candidate pages.
    pub fn release_evacuated(&mut self) -> usize {
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

    /// Bytes that can be allocated without a new page.
    pub fn available(&self) -> usize {
        self.free_list.available() + (self.limit.0 - self.top.0)
    }

    /// Gives every page back to the cage.
    pub fn release_all(&mut self) {
        for page in self.pages.drain(..) {
            page.release();
        }
        self.free_list.reset();
        self.top = Address(0);
        self.limit = Address(0);
    }
}

/// Sweeps one page: fills dead runs and collects those big enough to reuse into `blocks`.
/// Returns the page's live bytes.
fn sweep_page(page: Page, is_live: &impl Fn(HeapObject) -> bool, blocks: &mut Vec<(Address, usize)>) -> usize {
    let mut live = 0;
    let mut free_start: Option<Address> = None;
    let end = page.area_end();
    let mut a = page.area_start();
    let mut flush = |from: Address, to: Address| {
        let size = to.0 - from.0;
        write_filler(from, size);
        if size >= free_space::MIN_SIZE {
            blocks.push((from, size));
        }
        if let Some(set) = page.old_to_new() {
            set.remove_range(from.0 - page.start().0, to.0 - page.start().0);
        }
    };
    while a < end {
        let object = HeapObject(a);
        let size = object.size();
        if is_live(object) {
            if let Some(start) = free_start.take() {
                flush(start, a);
            }
            live += size;
        } else if free_start.is_none() {
            free_start = Some(a);
        }
        a = a.add(size);
    }
    if let Some(start) = free_start {
        flush(start, end);
    }
    crate::gc::marking::clear_page(page);
    live
}
