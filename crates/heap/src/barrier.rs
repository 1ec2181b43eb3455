//! The write barrier: the one function every store of a tagged pointer into a heap object
//! goes through (`HeapObject::write_tagged`, `HeapObject::set_map`).
//!
//! Two barriers in one:
//! - generational: a store of a young pointer into an object outside new space records the
//!   slot in the host page's old-to-new remembered set, so the scavenger finds it without
//!   scanning old space;
//! - marking (only while incremental marking runs, `gc/incremental.rs`): the stored value is
//!   greyed (Dijkstra's insertion barrier, so no black object ever points at a white one) and
//!   the slot is recorded for pointer updating if the value will move and the host will not.
//!
//! The fast path reads one thread-local flag and two page-flag words and returns.

use crate::cage::Address;
use crate::gc::incremental;
use crate::objects::HeapObject;
use crate::page::Page;
use crate::tagged::Tagged;

/// Runs the write barrier for the store of `value` into `slot` (inside `host`).
#[inline(always)]
pub fn write_barrier(host: HeapObject, slot: Address, value: Tagged) {
    if !value.is_pointer() {
        return;
    }
    if incremental::marking_active() {
        incremental::marking_barrier(host, slot, value);
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
