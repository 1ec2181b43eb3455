//! Large-object space: objects above `MAX_REGULAR_OBJECT_SIZE` (half a page), each on a
//! chunk of its own that is never moved.
//!
//! Invariant: a large chunk holds exactly one object, starting at the chunk's area start, so
//! the chunk's header is found by masking the object's address.

use crate::cage::PAGE_SIZE;
use crate::objects::HeapObject;
use crate::page::{OBJECT_AREA_OFFSET, Page, SpaceId, flags};

/// Objects larger than this go to the large-object space (V8's `kMaxRegularHeapObjectSize`).
pub const MAX_REGULAR_OBJECT_SIZE: usize = PAGE_SIZE / 2;

/// The large-object space.
pub struct LargeObjectSpace {
    chunks: Vec<Page>,
    heap_id: usize,
    size_of_objects: usize,
}

impl LargeObjectSpace {
    /// An empty space for heap `heap_id`.
    pub fn new(heap_id: usize) -> LargeObjectSpace {
        LargeObjectSpace {
            chunks: Vec::new(),
            heap_id,
            size_of_objects: 0,
        }
    }

    /// Commits a chunk for one object of `size` bytes; `None` if the cage is exhausted.
    pub fn allocate(&mut self, size: usize) -> Option<HeapObject> {
        let pages = (OBJECT_AREA_OFFSET + size).div_ceil(PAGE_SIZE);
        let chunk = Page::allocate(pages, SpaceId::LargeObject, self.heap_id, flags::LARGE_PAGE | flags::NEVER_EVACUATE).ok()?;
        let start = chunk.area_start();
        chunk.header().high_water.set(start.add(size));
        self.chunks.push(chunk);
        self.size_of_objects += size;
        Some(HeapObject(start))
    }

    /// Releases every chunk whose object is dead; clears the mark bit of the others.
    /// Returns the number of chunks released.
    pub fn sweep(&mut self, is_live: impl Fn(HeapObject) -> bool) -> usize {
        let before = self.chunks.len();
        let mut live_bytes = 0;
        self.chunks.retain(|chunk| {
            let object = HeapObject(chunk.area_start());
            if is_live(object) {
                live_bytes += object.size();
                crate::gc::marking::clear_page(*chunk);
                true
            } else {
                chunk.release();
                false
            }
        });
        self.size_of_objects = live_bytes;
        before - self.chunks.len()
    }

    /// The chunks, oldest first.
    pub fn chunks(&self) -> &[Page] {
        &self.chunks
    }

    /// Bytes committed for this space.
    pub fn committed(&self) -> usize {
        self.chunks.iter().map(|c| c.header().chunk_size.get()).sum()
    }

    /// Bytes of objects.
    pub fn size_of_objects(&self) -> usize {
        self.size_of_objects
    }

    /// Gives every chunk back to the cage.
    pub fn release_all(&mut self) {
        for chunk in self.chunks.drain(..) {
            chunk.release();
        }
    }
}
