//! Old space: pages of long-lived objects, allocated by bumping a linear allocation area
//! through the current page.
//!
//! Promotion from the scavenger and pretenured allocations land here. Invariant: every page
//! but the current one is iterable up to its high-water mark; the current page is iterable up
//! to `top` (`sync_high_water` publishes it before the heap is walked).

use crate::cage::Address;
use crate::page::{Page, SpaceId, flags};

/// The old generation's paged space.
pub struct OldSpace {
    pages: Vec<Page>,
    top: Address,
    limit: Address,
    heap_id: usize,
    /// Bytes of objects allocated here.
    size_of_objects: usize,
}

impl OldSpace {
    /// An empty old space for the heap `heap_id`.
    pub fn new(heap_id: usize) -> OldSpace {
        OldSpace {
            pages: Vec::new(),
            top: Address(0),
            limit: Address(0),
            heap_id,
            size_of_objects: 0,
        }
    }

    /// Allocates `size` bytes, adding a page when the current one is full. Fails only when
    /// the cage cannot commit another page; the heap limit is the caller's business.
    #[inline]
    pub fn allocate(&mut self, size: usize) -> Option<Address> {
        if size > self.limit.0 - self.top.0 {
            self.add_page()?;
        }
        let result = self.top;
        self.top = result.add(size);
        self.size_of_objects += size;
        Some(result)
    }

    fn add_page(&mut self) -> Option<()> {
        self.sync_high_water();
        let page = Page::allocate(1, SpaceId::Old, self.heap_id, flags::NEVER_EVACUATE).ok()?;
        self.top = page.area_start();
        self.limit = page.area_end();
        self.pages.push(page);
        Some(())
    }

    /// Publishes `top` as the current page's high-water mark.
    pub fn sync_high_water(&self) {
        if let Some(page) = self.pages.last() {
            page.header().high_water.set(self.top);
        }
    }

    /// The pages, oldest first.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Bytes committed for this space.
    pub fn committed(&self) -> usize {
        self.pages.len() * crate::cage::PAGE_SIZE
    }

    /// Bytes of objects allocated.
    pub fn size_of_objects(&self) -> usize {
        self.size_of_objects
    }

    /// Bytes still free on the current page.
    pub fn available(&self) -> usize {
        self.limit.0 - self.top.0
    }

    /// Gives every page back to the cage.
    pub fn release_all(&mut self) {
        for page in self.pages.drain(..) {
            page.release();
        }
    }
}
