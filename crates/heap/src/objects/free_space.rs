//! FreeSpace and fillers: what the heap writes over space no object uses, so that a page can
//! always be walked object by object.
//!
//! A 4-byte gap gets the one-pointer filler (a map and nothing else). Anything larger is a
//! FreeSpace: `map | size (Smi) | ...`.

/// Offset of the size (a Smi, bytes including the header).
pub const SIZE_OFFSET: usize = 4;
/// Smallest FreeSpace.
pub const MIN_SIZE: usize = 8;
