//! Pages: the unit the spaces are built from, and the header that sits at the start of each.
//!
//! A page (V8's `MemoryChunk`) is 256 KB, aligned to its size, so the header of the page that
//! holds any object is found by masking the object's address (`Page::of`). A large-object
//! chunk spans several pages but keeps one header at its start; objects on it start in its
//! first page, so masking the object's address still finds the header (slot addresses deeper
//! in the chunk must go through the host object, as V8 does).
//!
//! Layout of a page:
//!
//! ```text
//!   0      PageHeader fields (hot first: flags, owner; then bookkeeping)   <= 256 bytes
//!   256    marking bitmap: one bit per 4-byte word of the page             8192 bytes
//!   8448   object area: objects laid end to end up to `area_end`
//! ```
//!
//! Invariant: between GCs every page is iterable from `area_start` to its `high_water` mark —
//! objects and fillers laid end to end, no gaps — except an old-space page still waiting to be
//! swept (`flags::SWEEPING_PENDING`): its dead objects are garbage (their maps may be gone), and
//! its live objects are exactly those whose mark bit is set.

use std::cell::Cell;

use crate::cage::{Address, PAGE_SIZE, cage};
use crate::slot_set::SlotSet;

/// Bytes reserved at the page start for the header fields.
pub const HEADER_FIELDS_SIZE: usize = 256;
/// Offset of the marking bitmap (one bit per tagged word).
pub const MARKING_BITMAP_OFFSET: usize = HEADER_FIELDS_SIZE;
/// Size of the marking bitmap of one page: `PAGE_SIZE / 4 / 8`.
pub const MARKING_BITMAP_SIZE: usize = PAGE_SIZE / 4 / 8;
/// Where objects start on every page.
pub const OBJECT_AREA_OFFSET: usize = MARKING_BITMAP_OFFSET + MARKING_BITMAP_SIZE;
/// Bytes of a regular page available for objects.
pub const ALLOCATABLE_BYTES_PER_PAGE: usize = PAGE_SIZE - OBJECT_AREA_OFFSET;

/// Page flags (V8's `MemoryChunk::Flag`). The write barrier reads them, so they come first.
pub mod flags {
    /// A new-space page in from-space (being evacuated by the scavenger).
    pub const FROM_PAGE: u32 = 1 << 0;
    /// A new-space page in to-space (allocation happens here).
    pub const TO_PAGE: u32 = 1 << 1;
    /// Either of the above: the page holds young objects.
    pub const IN_YOUNG_GENERATION: u32 = FROM_PAGE | TO_PAGE;
    /// Every object on this young page is below the age mark: it survived one scavenge.
    pub const NEW_SPACE_BELOW_AGE_MARK: u32 = 1 << 2;
    /// Part of the read-only space: immutable, shared by all isolates.
    pub const READ_ONLY_HEAP: u32 = 1 << 3;
    /// A large-object chunk holding exactly one object.
    pub const LARGE_PAGE: u32 = 1 << 4;
    /// The page is never moved by compaction.
    pub const NEVER_EVACUATE: u32 = 1 << 5;
    /// Chosen for evacuation by the current mark-compact.
    pub const EVACUATION_CANDIDATE: u32 = 1 << 6;
    /// An old-space page marked by the last mark-compact and not swept yet (lazy sweeping):
    /// its mark bits tell its live objects.
    pub const SWEEPING_PENDING: u32 = 1 << 7;
}

/// Which space owns a page.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum SpaceId {
    /// Read-only space: roots, immutable maps and strings.
    ReadOnly = 0,
    /// New space: the two semispaces.
    New = 1,
    /// Old space: promoted and long-lived objects.
    Old = 2,
    /// Large-object space: one object per chunk, never moved.
    LargeObject = 3,
}

impl SpaceId {
    /// V8's name for the space, as `v8.getHeapSpaceStatistics()` reports it.
    pub fn name(self) -> &'static str {
        match self {
            SpaceId::ReadOnly => "read_only_space",
            SpaceId::New => "new_space",
            SpaceId::Old => "old_space",
            SpaceId::LargeObject => "large_object_space",
        }
    }
}

/// The fields at the start of every page.
#[repr(C)]
pub struct PageHeader {
    /// `flags::*`; hot: read by the write barrier and the scavenger.
    pub flags: Cell<u32>,
    /// The owning space.
    pub owner: Cell<SpaceId>,
    /// Bytes in the chunk: `PAGE_SIZE` for regular pages, more for large objects.
    pub chunk_size: Cell<usize>,
    /// First byte of the object area.
    pub area_start: Cell<Address>,
    /// One past the last byte of the object area.
    pub area_end: Cell<Address>,
    /// End of the objects laid on the page so far: the page is iterable up to here.
    pub high_water: Cell<Address>,
    /// Bytes of live objects counted by the last marking (mark-compact).
    pub live_bytes: Cell<usize>,
    /// Identity of the owning heap (null for the shared read-only space).
    pub heap_id: Cell<usize>,
    /// The old-to-new remembered set; allocated on the first recorded slot.
    pub old_to_new: Cell<*mut SlotSet>,
}

const _: () = assert!(std::mem::size_of::<PageHeader>() <= HEADER_FIELDS_SIZE);

/// A page (or large chunk), named by its start address.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Hash)]
pub struct Page(Address);

impl Page {
    /// The page containing `address` (for a large chunk: an address in its first page).
    #[inline(always)]
    pub fn of(address: Address) -> Page {
        Page(address.page_start())
    }

    /// The page's start address.
    #[inline(always)]
    pub fn start(self) -> Address {
        self.0
    }

    /// The page header.
    #[inline(always)]
    pub fn header(&self) -> &PageHeader {
        // SAFETY: a `Page` is only made for committed chunks whose header was initialised by
        // `Page::initialize` (or for addresses of live objects, which lie on such chunks); all
        // header fields are `Cell`s, so shared references never alias a `&mut`.
        unsafe { &*(self.0.0 as *const PageHeader) }
    }

    /// Commits a chunk of `pages` pages from the cage and writes its header.
    pub fn allocate(pages: usize, owner: SpaceId, heap_id: usize, flags: u32) -> Result<Page, crate::cage::CageError> {
        let start = cage().allocate_chunk(pages)?;
        let page = Page(start);
        let header = PageHeader {
            flags: Cell::new(flags),
            owner: Cell::new(owner),
            chunk_size: Cell::new(pages * PAGE_SIZE),
            area_start: Cell::new(start.add(OBJECT_AREA_OFFSET)),
            area_end: Cell::new(start.add(pages * PAGE_SIZE)),
            high_water: Cell::new(start.add(OBJECT_AREA_OFFSET)),
            live_bytes: Cell::new(0),
            heap_id: Cell::new(heap_id),
            old_to_new: Cell::new(std::ptr::null_mut()),
        };
        // SAFETY: the chunk was just committed for us and is at least one page long.
        unsafe { std::ptr::write(start.0 as *mut PageHeader, header) };
        Ok(page)
    }

    /// Frees the remembered set and gives the chunk back to the cage.
    pub fn release(self) {
        self.clear_old_to_new();
        let pages = self.header().chunk_size.get() / PAGE_SIZE;
        cage().free_chunk(self.0, pages);
    }

    /// Flags word.
    #[inline(always)]
    pub fn flags(self) -> u32 {
        self.header().flags.get()
    }

    /// Whether any of `mask` is set.
    #[inline(always)]
    pub fn has_flag(self, mask: u32) -> bool {
        self.flags() & mask != 0
    }

    /// Sets the bits of `mask`.
    pub fn set_flag(self, mask: u32) {
        let h = self.header();
        h.flags.set(h.flags.get() | mask);
    }

    /// Clears the bits of `mask`.
    pub fn clear_flag(self, mask: u32) {
        let h = self.header();
        h.flags.set(h.flags.get() & !mask);
    }

    /// Whether the page holds young objects.
    #[inline(always)]
    pub fn in_young_generation(self) -> bool {
        self.has_flag(flags::IN_YOUNG_GENERATION)
    }

    /// First byte of the object area.
    pub fn area_start(self) -> Address {
        self.header().area_start.get()
    }

    /// One past the object area.
    pub fn area_end(self) -> Address {
        self.header().area_end.get()
    }

    /// End of what has been laid out on the page.
    pub fn high_water(self) -> Address {
        self.header().high_water.get()
    }

    /// Whether `address` lies in this page's object area.
    pub fn contains(self, address: Address) -> bool {
        address >= self.area_start() && address < self.area_end()
    }

    /// The old-to-new remembered set, allocating it if needed.
    pub fn old_to_new_or_create(self) -> &'static mut SlotSet {
        let h = self.header();
        let mut set = h.old_to_new.get();
        if set.is_null() {
            set = Box::into_raw(Box::new(SlotSet::new(h.chunk_size.get())));
            h.old_to_new.set(set);
        }
        // SAFETY: the set was leaked from a Box owned by this page and is freed only by
        // `clear_old_to_new`; the heap is single-threaded and callers never hold two of these.
        unsafe { &mut *set }
    }

    /// The old-to-new remembered set if one was allocated.
    pub fn old_to_new(self) -> Option<&'static mut SlotSet> {
        let set = self.header().old_to_new.get();
        // SAFETY: see `old_to_new_or_create`.
        if set.is_null() { None } else { Some(unsafe { &mut *set }) }
    }

    /// Drops the old-to-new remembered set.
    pub fn clear_old_to_new(self) {
        let h = self.header();
        let set = h.old_to_new.replace(std::ptr::null_mut());
        if !set.is_null() {
            // SAFETY: the pointer came from `Box::into_raw` in `old_to_new_or_create` and was
            // just unlinked, so this is the only owner.
            drop(unsafe { Box::from_raw(set) });
        }
    }

    /// Fills `[from, to)` with zap words (debug aid: freed memory is recognisable).
    pub fn zap(from: Address, to: Address, pattern: u32) {
        let mut a = from.0;
        while a < to.0 {
            // SAFETY: callers pass a range inside a committed page they own and no longer use.
            unsafe { *(a as *mut u32) = pattern };
            a += 4;
        }
    }
}
