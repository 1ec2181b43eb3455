//! The old space's free list: dead blocks found by sweeping, by size class.
//!
//! Every block is a `FreeSpace` object in the heap (so pages stay iterable); the list itself
//! keeps their addresses in categories: 16-byte steps up to 256 bytes, then powers of two.
//! Allocation takes a block from the first category whose smallest block surely fits, and
//! only searches within a category as a last resort (V8's `FreeListManyCached` idea, simpler).

use crate::cage::Address;
use crate::objects::HeapObject;
use crate::objects::free_space;

const SMALL_STEP: usize = 16;
const SMALL_LIMIT: usize = 256;
const CATEGORY_COUNT: usize = SMALL_LIMIT / SMALL_STEP + 12;

/// Free blocks by size class.
#[derive(Default)]
pub struct FreeList {
    categories: Vec<Vec<Address>>,
    available: usize,
}

/// Category of a block of `size` bytes: every block in category `c` is at least
/// `category_min(c)` bytes.
fn category_of(size: usize) -> usize {
    if size < SMALL_LIMIT {
        size / SMALL_STEP
    } else {
        (SMALL_LIMIT / SMALL_STEP + (size / SMALL_LIMIT).ilog2() as usize).min(CATEGORY_COUNT - 1)
    }
}

fn category_min(category: usize) -> usize {
    let small = SMALL_LIMIT / SMALL_STEP;
    if category < small {
        category * SMALL_STEP
    } else {
        SMALL_LIMIT << (category - small)
    }
}

fn block_size(block: Address) -> usize {
    HeapObject(block).read_tagged(free_space::SIZE_OFFSET).smi_value() as usize
}

impl FreeList {
    /// An empty list.
    pub fn new() -> FreeList {
        FreeList {
            categories: vec![Vec::new(); CATEGORY_COUNT],
            available: 0,
        }
    }

    /// Adds a block; it must already be written as a `FreeSpace` of its size.
    pub fn add(&mut self, block: Address, size: usize) {
        debug_assert_eq!(block_size(block), size);
        self.categories[category_of(size)].push(block);
        self.available += size;
    }

    /// Takes a block of at least `size` bytes, returning its address and size.
    pub fn take(&mut self, size: usize) -> Option<(Address, usize)> {
        // A category whose smallest block fits: any block will do.
        let first_sure = (category_of(size)..CATEGORY_COUNT).find(|&c| category_min(c) >= size && !self.categories[c].is_empty());
        let found = match first_sure {
            Some(c) => self.categories[c].pop(),
            None => {
                // Search the request's own category for a block that is large enough.
                let list = &mut self.categories[category_of(size)];
                list.iter().position(|&b| block_size(b) >= size).map(|i| list.swap_remove(i))
            }
        }?;
        let block_bytes = block_size(found);
        self.available -= block_bytes;
        Some((found, block_bytes))
    }

    /// Bytes in all blocks.
    pub fn available(&self) -> usize {
        self.available
    }

    /// Forgets every block (sweeping rebuilds the list).
    pub fn reset(&mut self) {
        for c in &mut self.categories {
            c.clear();
        }
        self.available = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_monotonic_and_cover_their_minimum() {
        for size in (8..100_000).step_by(4) {
            let c = category_of(size);
            assert!(category_min(c) <= size, "{size} in {c}");
        }
        assert_eq!(category_of(16), 1);
        assert_eq!(category_of(256), 16);
        assert_eq!(category_of(512), 17);
    }
}
