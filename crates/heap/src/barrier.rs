//! The write barrier: the one function every store of a tagged pointer into a heap object
//! goes through (`HeapObject::write_tagged`).
//!
//! Today it is the generational barrier: a store of a young pointer into an object outside
//! new space records the slot in the host page's old-to-new remembered set, so the scavenger
//! finds it without scanning old space. The marking barrier of incremental marking joins it
//! here. The fast path reads two page-flag words and returns.

use crate::cage::Address;
use crate::objects::HeapObject;
use crate::page::Page;
use crate::tagged::Tagged;

/// Records `slot` (inside `host`) if the store of `value` created an old-to-new pointer.
#[inline(always)]
pub fn write_barrier(host: HeapObject, slot: Address, value: Tagged) {
    if !value.is_pointer() {
        return;
    }
    if !Page::of(value.address()).in_young_generation() {
        return;
    }
    let host_page = Page::of(host.address());
    if host_page.in_young_generation() {
        return;
    }
    record_old_to_new(host_page, slot);
}

#[inline(never)]
fn record_old_to_new(host_page: Page, slot: Address) {
    host_page.old_to_new_or_create().insert(slot.0 - host_page.start().0);
}

impl HeapObject {
    /// Stores a tagged value into the field at `offset`, through the write barrier.
    #[inline(always)]
    pub fn write_tagged(self, offset: usize, value: Tagged) {
        self.write_tagged_no_barrier(offset, value);
        write_barrier(self, self.address().add(offset), value);
    }
}
