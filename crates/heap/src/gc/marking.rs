//! Mark bits: one bit per 4-byte word in each page's marking bitmap, set at an object's first
//! word. Mark-compact uses them for liveness; the verifier borrows them to note object starts.
//!
//! Invariant: outside a GC or a verification every bitmap of a mutable page is clear, except
//! on old pages waiting to be swept (`flags::SWEEPING_PENDING`), whose bits mark their live
//! objects until their sweep clears them. The
//! read-only space has no mark bits (its pages are sealed): its objects are always live.

use crate::cage::Address;
use crate::objects::HeapObject;
use crate::page::{MARKING_BITMAP_OFFSET, MARKING_BITMAP_SIZE, Page};

#[inline(always)]
fn cell_and_bit(page: Page, address: Address) -> (*mut u32, u32) {
    let word_index = (address.0 - page.start().0) / 4;
    let cell = page.start().0 + MARKING_BITMAP_OFFSET + (word_index / 32) * 4;
    (cell as *mut u32, 1 << (word_index % 32))
}

/// Sets the mark bit of the object at `address`; returns whether it was clear.
#[inline(always)]
pub fn set(address: Address) -> bool {
    let (cell, bit) = cell_and_bit(Page::of(address), address);
    // SAFETY: the bitmap lies in the header of the committed, writable page holding the object.
    unsafe {
        let old = *cell;
        *cell = old | bit;
        old & bit == 0
    }
}

/// Whether the object at `address` is marked.
#[inline(always)]
pub fn is_set(address: Address) -> bool {
    let (cell, bit) = cell_and_bit(Page::of(address), address);
    // SAFETY: as in `set` (a read).
    unsafe { *cell & bit != 0 }
}

/// Whether `object` is marked.
#[inline(always)]
pub fn is_marked(object: HeapObject) -> bool {
    is_set(object.address())
}

/// The first marked object start in `[from, end)` on `page` (both inside its area).
pub fn next_marked(page: Page, from: Address, end: Address) -> Option<Address> {
    if from >= end {
        return None;
    }
    let base = page.start().0 + MARKING_BITMAP_OFFSET;
    let first_word = (from.0 - page.start().0) / 4;
    let end_word = (end.0 - page.start().0) / 4;
    let mut cell_index = first_word / 32;
    // SAFETY: cells of the bitmap of a committed page; `end` is inside the page, so every
    // cell read is inside the bitmap.
    let mut cell = unsafe { *((base + cell_index * 4) as *const u32) } & (!0u32 << (first_word % 32));
    loop {
        if cell != 0 {
            let word = cell_index * 32 + cell.trailing_zeros() as usize;
            return (word < end_word).then(|| Address(page.start().0 + word * 4));
        }
        cell_index += 1;
        if cell_index * 32 >= end_word {
            return None;
        }
        // SAFETY: as above.
        cell = unsafe { *((base + cell_index * 4) as *const u32) };
    }
}

/// Clears the whole bitmap of `page`.
pub fn clear_page(page: Page) {
    let start = page.start().0 + MARKING_BITMAP_OFFSET;
    // SAFETY: the bitmap region of a committed, writable page.
    unsafe { std::ptr::write_bytes(start as *mut u8, 0, MARKING_BITMAP_SIZE) };
}
