//! SloppyArgumentsElements: the elements store of a mapped (sloppy-mode) `arguments` object,
//! whose map has elements kind `FAST_SLOPPY_ARGUMENTS_ELEMENTS` (V8's layout before it moved
//! the length out: FixedArray-shaped, so the collector visits it like any FixedArray).
//!
//! | element | holds |
//! |---|---|
//! | 0 | the function context holding the parameters |
//! | 1 | the arguments store: a FixedArray of the elements (holes for absent ones) |
//! | 2 + i | mapped entry `i`: the context element index (Smi) of the parameter that index `i` aliases, or the hole |
//!
//! There is one mapped entry per index below `min(argument count, formal parameter count)`.
//! While entry `i` is a Smi, element `i` reads and writes that context slot; the arguments
//! store still holds a (possibly stale) value at `i`, so the store alone says which elements
//! exist. Deleting element `i`, or redefining it as an accessor or read-only, makes the entry
//! the hole for good.

/// Element index of the context.
pub const CONTEXT_INDEX: usize = 0;
/// Element index of the arguments store.
pub const ARGUMENTS_INDEX: usize = 1;
/// Element index of mapped entry 0.
pub const MAPPED_ENTRIES_START: usize = 2;

/// Element index of mapped entry `i`.
#[inline(always)]
pub const fn mapped_entry_index(i: usize) -> usize {
    MAPPED_ENTRIES_START + i
}

/// FixedArray length of a store with `mapped_count` entries.
#[inline(always)]
pub const fn length_for(mapped_count: usize) -> usize {
    MAPPED_ENTRIES_START + mapped_count
}

/// Number of mapped entries of a store whose FixedArray length is `length`.
#[inline(always)]
pub const fn mapped_count(length: usize) -> usize {
    length - MAPPED_ENTRIES_START
}
