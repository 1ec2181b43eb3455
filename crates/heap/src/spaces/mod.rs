//! The spaces of the heap, each a set of pages with its own allocation policy:
//! read-only (process-wide, immutable), new (two semispaces, bump allocation), old (paged,
//! linear allocation areas) and large-object (one object per chunk, never moved).

pub mod free_list;
pub mod large_object;
pub mod new_space;
pub mod old_space;
pub mod read_only;

use crate::cage::Address;
use crate::objects::HeapObject;
use crate::page::Page;

/// Walks the marked (live) objects of `page` in `[area start, end)` in address order, calling
/// `f` on each with its size. Dead objects are skipped without being read, so this works on
/// pages that are not iterable (unswept, or holding dead objects whose maps are gone).
pub fn for_each_marked_object(page: Page, end: Address, mut f: impl FnMut(HeapObject, usize)) {
    let mut a = page.area_start();
    while let Some(start) = crate::gc::marking::next_marked(page, a, end) {
        let object = HeapObject(start);
        let size = object.size();
        f(object, size);
        a = start.add(size);
    }
}

/// Walks the objects of `page` from its area start up to `end`, calling `f` on each with
/// its size. The page must be iterable up to `end` (see `page.rs`).
pub fn for_each_object_on_page(page: Page, end: Address, mut f: impl FnMut(HeapObject, usize)) {
    let mut a = page.area_start();
    while a < end {
        let object = HeapObject(a);
        let size = object.size();
        debug_assert!(size >= 4, "object of size {size} at {a:?}");
        f(object, size);
        a = a.add(size);
    }
}
