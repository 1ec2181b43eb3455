//! Allocation that only bumps new space's linear allocation area, for code that holds raw
//! pointers it cannot give up (the interpreter's fast loop keeps the JS stack borrowed).
//!
//! Invariant: a `LinearAllocator` never collects garbage and never moves an object. When the
//! area is full — or `--gc-interval` has closed it so that every allocation takes the slow
//! path — it fails, and the caller retries through `Heap`'s allocation path, which may.

use crate::cage::Address;
use crate::heap::Heap;
use crate::objects::{HeapObject, heap_number};
use crate::spaces::new_space::NewSpace;
use crate::tagged::Tagged;

impl NewSpace {
    /// `size` bytes from the linear allocation area, if it has them.
    #[inline(always)]
    pub(crate) fn bump(&mut self, size: usize) -> Option<Address> {
        let top = self.top;
        if size > self.limit.0 - top.0 {
            return None;
        }
        self.top = top.add(size);
        Some(top)
    }
}

/// Writes a HeapNumber's map and value into freshly allocated memory.
#[inline(always)]
pub(crate) fn initialize_heap_number(object: HeapObject, map: Tagged, value: f64) -> Tagged {
    object.write_u32(0, map.raw());
    object.write_f64(heap_number::VALUE_OFFSET, value);
    object.tagged()
}

/// A bump allocator over new space's current linear allocation area.
pub struct LinearAllocator<'h> {
    space: &'h mut NewSpace,
    heap_number_map: Tagged,
}

impl LinearAllocator<'_> {
    /// A young HeapNumber holding `value`, or `None` when the area is full.
    #[inline(always)]
    pub fn heap_number(&mut self, value: f64) -> Option<Tagged> {
        let address = self.space.bump(heap_number::SIZE)?;
        Some(initialize_heap_number(HeapObject(address), self.heap_number_map, value))
    }
}

impl Heap {
    /// The JS stack together with a bump allocator over new space's linear allocation area:
    /// both can be used at once because neither can start a GC.
    #[inline(always)]
    pub fn stack_and_linear_allocator(&mut self) -> (&mut Vec<Tagged>, LinearAllocator<'_>) {
        let heap_number_map = self.roots.heap_number_map;
        (
            &mut self.js_stack,
            LinearAllocator {
                space: &mut self.new_space,
                heap_number_map,
            },
        )
    }
}
