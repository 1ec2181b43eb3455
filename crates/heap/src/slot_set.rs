//! The remembered set of one page: which of its 4-byte slots may hold a pointer of interest
//! (for now: old-to-new pointers, recorded by the write barrier and by promotion).
//!
//! As in V8, slots are kept as bits in buckets of 1024 slots that are allocated on first
//! use, so a page with few recorded slots costs little. Invariant: a set bit names a slot
//! inside the chunk; the scavenger re-checks every slot and drops those that no longer point
//! into new space.

use crate::cage::Address;

const SLOTS_PER_BUCKET: usize = 1024;
const WORDS_PER_BUCKET: usize = SLOTS_PER_BUCKET / 32;

type Bucket = Box<[u32; WORDS_PER_BUCKET]>;

/// What to do with a slot after visiting it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum SlotCallbackResult {
    /// The slot still holds a pointer of interest.
    Keep,
    /// The slot no longer does; forget it.
    Remove,
}

/// A bitmap over the 4-byte slots of one chunk, in lazily allocated buckets.
pub struct SlotSet {
    buckets: Vec<Option<Bucket>>,
}

impl SlotSet {
    /// An empty set for a chunk of `chunk_size` bytes.
    pub fn new(chunk_size: usize) -> SlotSet {
        let slots = chunk_size / 4;
        SlotSet {
            buckets: (0..slots.div_ceil(SLOTS_PER_BUCKET)).map(|_| None).collect(),
        }
    }

    /// Records the slot at byte offset `offset` of the chunk.
    #[inline]
    pub fn insert(&mut self, offset: usize) {
        let slot = offset / 4;
        let bucket = self.buckets[slot / SLOTS_PER_BUCKET].get_or_insert_with(|| Box::new([0; WORDS_PER_BUCKET]));
        let bit = slot % SLOTS_PER_BUCKET;
        bucket[bit / 32] |= 1 << (bit % 32);
    }

    /// Whether the slot at `offset` is recorded.
    pub fn contains(&self, offset: usize) -> bool {
        let slot = offset / 4;
        match &self.buckets[slot / SLOTS_PER_BUCKET] {
            Some(bucket) => {
                let bit = slot % SLOTS_PER_BUCKET;
                bucket[bit / 32] & (1 << (bit % 32)) != 0
            }
            None => false,
        }
    }

    /// Forgets the slot at byte offset `offset`.
    #[inline]
    pub fn remove(&mut self, offset: usize) {
        let slot = offset / 4;
        if let Some(bucket) = &mut self.buckets[slot / SLOTS_PER_BUCKET] {
            let bit = slot % SLOTS_PER_BUCKET;
            bucket[bit / 32] &= !(1 << (bit % 32));
        }
    }

    /// Frees the buckets with no slot left; returns how many slots remain.
    pub fn release_empty_buckets(&mut self) -> usize {
        let mut remaining = 0;
        for bucket_slot in &mut self.buckets {
            let Some(bucket) = bucket_slot else { continue };
            let live: usize = bucket.iter().map(|w| w.count_ones() as usize).sum();
            if live == 0 {
                *bucket_slot = None;
            }
            remaining += live;
        }
        remaining
    }

    /// Forgets the slots in `[start, end)` (byte offsets), e.g. when an object there dies.
    pub fn remove_range(&mut self, start: usize, end: usize) {
        for offset in (start..end).step_by(4) {
            let slot = offset / 4;
            if let Some(bucket) = &mut self.buckets[slot / SLOTS_PER_BUCKET] {
                let bit = slot % SLOTS_PER_BUCKET;
                bucket[bit / 32] &= !(1 << (bit % 32));
            }
        }
    }

    /// Visits every recorded slot (as an address, given the chunk start) and removes those
    /// for which `f` says so. Returns how many slots remain.
    pub fn iterate(&mut self, chunk_start: Address, mut f: impl FnMut(Address) -> SlotCallbackResult) -> usize {
        let mut remaining = 0;
        for (b, bucket_slot) in self.buckets.iter_mut().enumerate() {
            let Some(bucket) = bucket_slot else { continue };
            let mut bucket_live = 0;
            for (w, word) in bucket.iter_mut().enumerate() {
                let mut bits = *word;
                while bits != 0 {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let slot = b * SLOTS_PER_BUCKET + w * 32 + bit;
                    if f(chunk_start.add(slot * 4)) == SlotCallbackResult::Remove {
                        *word &= !(1 << bit);
                    }
                }
                bucket_live += word.count_ones() as usize;
            }
            if bucket_live == 0 {
                *bucket_slot = None;
            }
            remaining += bucket_live;
        }
        remaining
    }

    /// Number of recorded slots.
    pub fn len(&self) -> usize {
        self.buckets
            .iter()
            .flatten()
            .map(|b| b.iter().map(|w| w.count_ones() as usize).sum::<usize>())
            .sum()
    }

    /// Whether no slot is recorded.
    pub fn is_empty(&self) -> bool {
        self.buckets.iter().all(|b| b.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_iterate_remove() {
        let mut set = SlotSet::new(crate::cage::PAGE_SIZE);
        set.insert(8448);
        set.insert(8452);
        set.insert(200_000);
        assert!(set.contains(8452) && !set.contains(8456));
        assert_eq!(set.len(), 3);
        let mut seen = Vec::new();
        let left = set.iterate(Address(0), |a| {
            seen.push(a.0);
            if a.0 == 8452 {
                SlotCallbackResult::Remove
            } else {
                SlotCallbackResult::Keep
            }
        });
        assert_eq!(seen, vec![8448, 8452, 200_000]);
        assert_eq!(left, 2);
        set.remove_range(199_000, 201_000);
        assert_eq!(set.len(), 1);
        set.remove(8448);
        assert_eq!(set.release_empty_buckets(), 0);
        assert!(set.is_empty(), "emptied buckets are freed");
    }
}
