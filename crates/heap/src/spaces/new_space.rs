//! New space: two semispaces of pages. Objects are bump-allocated in to-space between `top`
//! and `limit`; the scavenger flips the semispaces and copies survivors back into to-space.
//!
//! Invariants: every to-space page before the current one is iterable up to its high-water
//! mark and the current page up to `top`; from-space holds only garbage and forwarded
//! objects outside a scavenge. The age mark separates objects that have survived one
//! scavenge (below it) from those allocated since (above it): survivors below it are
//! promoted at the next scavenge.

use crate::cage::{Address, PAGE_SIZE};
use crate::page::{ALLOCATABLE_BYTES_PER_PAGE, Page, SpaceId, flags};

/// The default smallest semispace: 512 KB (V8's `DefaultMinSemiSpaceSize`).
pub const DEFAULT_MIN_SEMI_SPACE_SIZE: usize = 512 * 1024;
/// The default largest semispace: 16 MB.
pub const DEFAULT_MAX_SEMI_SPACE_SIZE: usize = 16 * 1024 * 1024;

/// One semispace: an ordered list of pages.
pub struct SemiSpace {
    pages: Vec<Page>,
}

impl SemiSpace {
    fn set_flags(&self, set: u32, clear: u32) {
        for page in &self.pages {
            page.clear_flag(clear);
            page.set_flag(set);
        }
    }

    /// The pages in allocation order.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }
}

/// Where the age mark is: objects before it survived a scavenge.
#[derive(Copy, Clone, Debug)]
struct AgeMark {
    page_index: u32,
    address: Address,
}

/// The young generation.
pub struct NewSpace {
    to_space: SemiSpace,
    from_space: SemiSpace,
    /// Index in to-space of the page being allocated in.
    current: usize,
    /// Bump pointer.
    pub(crate) top: Address,
    /// End of the linear allocation area. Lowered to `top` in stress mode so that every
    /// allocation takes the slow path.
    pub(crate) limit: Address,
    age_mark: AgeMark,
    capacity_pages: usize,
    max_capacity_pages: usize,
    heap_id: usize,
    /// Bytes that survived scavenges since the last growth (V8's growth heuristic).
    pub(crate) survived_since_last_expansion: usize,
    /// Bytes below the age mark: what the next scavenge promotes if it all still lives.
    survivor_bytes: usize,
}

fn pages_for(bytes: usize) -> usize {
    bytes.div_ceil(PAGE_SIZE).max(1)
}

impl NewSpace {
    /// A new space whose semispaces start at `min_semi_space_size` bytes and may grow to
    /// `max_semi_space_size`.
    pub fn new(heap_id: usize, min_semi_space_size: usize, max_semi_space_size: usize) -> Option<NewSpace> {
        let capacity_pages = pages_for(min_semi_space_size);
        let max_capacity_pages = pages_for(max_semi_space_size).max(capacity_pages);
        let mut space = NewSpace {
            to_space: SemiSpace { pages: Vec::new() },
            from_space: SemiSpace { pages: Vec::new() },
            current: 0,
            top: Address(0),
            limit: Address(0),
            age_mark: AgeMark {
                page_index: 0,
                address: Address(0),
            },
            capacity_pages,
            max_capacity_pages,
            heap_id,
            survived_since_last_expansion: 0,
            survivor_bytes: 0,
        };
        space.resize_semispace(true)?;
        space.resize_semispace(false)?;
        space.reset_allocation();
        space.age_mark = AgeMark {
            page_index: 0,
            address: space.top,
        };
        Some(space)
    }

    fn resize_semispace(&mut self, to: bool) -> Option<()> {
        let (space, page_flag) = if to {
            (&mut self.to_space, flags::TO_PAGE)
        } else {
            (&mut self.from_space, flags::FROM_PAGE)
        };
        while space.pages.len() < self.capacity_pages {
            space.pages.push(Page::allocate(1, SpaceId::New, self.heap_id, page_flag).ok()?);
        }
        while space.pages.len() > self.capacity_pages {
            space.pages.pop().expect("non-empty").release();
        }
        let clear = flags::IN_YOUNG_GENERATION | flags::NEW_SPACE_BELOW_AGE_MARK;
        space.set_flags(page_flag, clear);
        Some(())
    }

    fn reset_allocation(&mut self) {
        self.current = 0;
        let page = self.to_space.pages[0];
        self.top = page.area_start();
        self.limit = page.area_end();
        for page in &self.to_space.pages {
            page.header().high_water.set(page.area_start());
        }
    }

    /// Moves allocation to the next to-space page that can hold `size` bytes, publishing the
    /// old page's high-water mark. Returns false when to-space is exhausted.
    pub fn advance_page(&mut self, size: usize) -> bool {
        debug_assert!(size <= ALLOCATABLE_BYTES_PER_PAGE);
        self.to_space.pages[self.current].header().high_water.set(self.top);
        if self.current + 1 >= self.to_space.pages.len() {
            return false;
        }
        self.current += 1;
        let page = self.to_space.pages[self.current];
        self.top = page.area_start();
        self.limit = page.area_end();
        true
    }

    /// End of the current page's object area (the real limit, whatever `limit` says).
    #[inline]
    pub fn page_end(&self) -> Address {
        self.to_space.pages[self.current].area_end()
    }

    /// Bump-allocates `size` bytes in to-space, moving to the next page if needed; `None`
    /// when to-space is full. Used by the scavenger and by the allocation slow path.
    #[inline]
    pub fn allocate_in_to_space(&mut self, size: usize) -> Option<Address> {
        if size > self.page_end().0 - self.top.0 && !self.advance_page(size) {
            return None;
        }
        let result = self.top;
        self.top = result.add(size);
        if self.limit < self.top {
            self.limit = self.top;
        }
        Some(result)
    }

    /// Swaps the semispaces at the start of a scavenge: to-space becomes from-space and
    /// allocation restarts at the beginning of the (resized) new to-space.
    pub fn flip(&mut self) -> Option<()> {
        self.publish_high_water();
        std::mem::swap(&mut self.to_space, &mut self.from_space);
        self.from_space.set_flags(flags::FROM_PAGE, flags::IN_YOUNG_GENERATION);
        self.resize_semispace(true)?;
        self.reset_allocation();
        Some(())
    }

    /// Records the current `top` as the age mark (after a scavenge: everything below it has
    /// survived once) and flags the pages entirely below it.
    pub fn set_age_mark_at_top(&mut self) {
        self.age_mark = AgeMark {
            page_index: self.current as u32,
            address: self.top,
        };
        for page in &self.to_space.pages[..self.current] {
            page.set_flag(flags::NEW_SPACE_BELOW_AGE_MARK);
        }
        self.survivor_bytes = self.size_of_objects();
    }

    /// Bytes of objects below the age mark (survivors of the last scavenge): an upper bound
    /// of what the next scavenge promotes.
    pub fn survivor_bytes(&self) -> usize {
        self.survivor_bytes
    }

    /// Empties to-space after a mark-compact has evacuated every live young object: clears
    /// the mark bits set while marking, the age mark and the survivor flags.
    pub fn reset_after_full_gc(&mut self) {
        self.publish_high_water();
        for page in &self.to_space.pages {
            crate::gc::marking::clear_page(*page);
            page.clear_flag(flags::NEW_SPACE_BELOW_AGE_MARK);
        }
        self.reset_allocation();
        self.age_mark = AgeMark {
            page_index: 0,
            address: self.top,
        };
        self.survived_since_last_expansion = 0;
        self.survivor_bytes = 0;
    }

    /// Clears the marking bitmaps of every page of both semispaces.
    pub fn clear_marking_bitmaps(&self) {
        for page in self.to_space.pages.iter().chain(self.from_space.pages.iter()) {
            crate::gc::marking::clear_page(*page);
        }
    }

    /// The from-space page holding the age mark, and the mark. During a scavenge, the objects
    /// below it on that page and those on pages flagged `NEW_SPACE_BELOW_AGE_MARK` survived
    /// the previous scavenge.
    pub fn age_mark(&self) -> (Page, Address) {
        (self.from_space.pages[self.age_mark.page_index as usize], self.age_mark.address)
    }

    /// Publishes `top` as the current page's high-water mark.
    pub fn publish_high_water(&self) {
        self.to_space.pages[self.current].header().high_water.set(self.top);
    }

    /// The to-space pages in use: `(page, end of objects)`.
    pub fn to_space_used_pages(&self) -> impl Iterator<Item = (Page, Address)> + '_ {
        self.to_space.pages[..=self.current]
            .iter()
            .enumerate()
            .map(move |(i, p)| (*p, if i == self.current { self.top } else { p.high_water() }))
    }

    /// To-space page `index`.
    pub fn to_space_page(&self, index: usize) -> Page {
        self.to_space.pages[index]
    }

    /// Page `index` of to-space and the end of the objects on it (`top` on the current page).
    #[inline]
    pub fn to_space_scan_bounds(&self, index: usize) -> (Page, Address) {
        let page = self.to_space.pages[index];
        (page, if index == self.current { self.top } else { page.high_water() })
    }

    /// Index of the to-space page being allocated in.
    pub fn current_page_index(&self) -> usize {
        self.current
    }

    /// The from-space pages.
    pub fn from_space(&self) -> &SemiSpace {
        &self.from_space
    }

    /// Doubles the semispace capacity (up to the maximum); the new pages join to-space now and
    /// from-space at the next flip. Returns whether it grew.
    pub fn grow(&mut self) -> bool {
        if self.capacity_pages >= self.max_capacity_pages {
            return false;
        }
        self.capacity_pages = (self.capacity_pages * 2).min(self.max_capacity_pages);
        self.publish_high_water();
        let ok = self.resize_semispace(true).is_some();
        self.limit = if self.limit == self.top { self.top } else { self.page_end() };
        ok
    }

    /// Semispace capacity in bytes.
    pub fn capacity(&self) -> usize {
        self.capacity_pages * ALLOCATABLE_BYTES_PER_PAGE
    }

    /// Largest semispace capacity in bytes.
    pub fn max_capacity(&self) -> usize {
        self.max_capacity_pages * ALLOCATABLE_BYTES_PER_PAGE
    }

    /// Bytes of objects in to-space.
    pub fn size_of_objects(&self) -> usize {
        self.to_space_used_pages().map(|(p, end)| end.0 - p.area_start().0).sum()
    }

    /// Bytes committed for both semispaces.
    pub fn committed(&self) -> usize {
        (self.to_space.pages.len() + self.from_space.pages.len()) * PAGE_SIZE
    }

    /// Bytes still free in to-space.
    pub fn available(&self) -> usize {
        self.capacity() - self.size_of_objects()
    }

    /// Gives every page back to the cage.
    pub fn release_all(&mut self) {
        for page in self.to_space.pages.drain(..).chain(self.from_space.pages.drain(..)) {
            page.release();
        }
    }
}
