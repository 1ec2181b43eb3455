//! Allocation that only bumps new space's linear allocation area, for code that holds raw
//! pointers it cannot give up (the interpreter's fast loop keeps the JS stack borrowed).
//!
//! Invariant: a `LinearAllocator` never collects garbage and never moves an object. When the
//! area is full — or `--gc-interval` has closed it so that every allocation takes the slow
//! path — it fails, and the caller retries through `Heap`'s allocation path, which may.

use crate::cage::Address;
use crate::heap::Heap;
use crate::objects::{HeapObject, heap_number, js_object};
use crate::spaces::new_space::NewSpace;
use crate::spaces::read_only::ReadOnlyRoots;
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

/// Writes a fresh JSObject of `size` bytes with `map`: empty property and element stores,
/// undefined up to the in-object properties (which start at word `in_object_start`), and
/// one-word fillers in the in-object words, so slack tracking can shrink the map later.
#[inline(always)]
pub(crate) fn initialize_js_object(
    object: HeapObject,
    map: Tagged,
    size: usize,
    in_object_start: usize,
    roots: &ReadOnlyRoots,
) -> HeapObject {
    object.write_u32(0, map.raw());
    object.write_tagged_no_barrier(js_object::PROPERTIES_OFFSET, roots.empty_fixed_array);
    object.write_tagged_no_barrier(js_object::ELEMENTS_OFFSET, roots.empty_fixed_array);
    for word in js_object::JS_OBJECT_SIZE / 4..in_object_start {
        object.write_tagged_no_barrier(word * 4, roots.undefined_value);
    }
    for word in in_object_start..size / 4 {
        object.write_tagged_no_barrier(word * 4, roots.one_pointer_filler_map);
    }
    object
}

/// A bump allocator over new space's current linear allocation area.
pub struct LinearAllocator<'h> {
    space: &'h mut NewSpace,
    roots: &'static ReadOnlyRoots,
}

impl LinearAllocator<'_> {
    /// A young HeapNumber holding `value`, or `None` when the area is full.
    #[inline(always)]
    pub fn heap_number(&mut self, value: f64) -> Option<Tagged> {
        let address = self.space.bump(heap_number::SIZE)?;
        Some(initialize_heap_number(HeapObject(address), self.roots.heap_number_map, value))
    }

    /// A young JSObject with `map` (see `initialize_js_object`), or `None` when the area is
    /// full.
    #[inline(always)]
    pub fn js_object(&mut self, map: Tagged, size: usize, in_object_start: usize) -> Option<Tagged> {
        let address = self.space.bump(size)?;
        Some(initialize_js_object(HeapObject(address), map, size, in_object_start, self.roots).tagged())
    }
}

impl Heap {
    /// The JS stack together with a bump allocator over new space's linear allocation area:
    /// both can be used at once because neither can start a GC.
    #[inline(always)]
    pub fn stack_and_linear_allocator(&mut self) -> (&mut Vec<Tagged>, LinearAllocator<'_>) {
        (
            &mut self.js_stack,
            LinearAllocator {
                space: &mut self.new_space,
                roots: self.roots,
            },
        )
    }
}
