//! FreeSpace and fillers: what the heap writes over space no object uses, so that a page can
//! always be walked object by object.
//!
//! A 4-byte gap gets the one-pointer filler (a map and nothing else). Anything larger is a
//! FreeSpace: `map | size (Smi) | ...`.

/// Offset of the size (a Smi, bytes including the header).
pub const SIZE_OFFSET: usize = 4;
/// Smallest FreeSpace.
pub const MIN_SIZE: usize = 8;

use super::HeapObject;
use crate::cage::Address;
use crate::spaces::read_only::read_only_roots;
use crate::tagged::Tagged;

/// Writes a filler over `size` dead bytes at `at` (V8's `CreateFillerObjectAt`): a
/// one-pointer filler for 4 bytes, a FreeSpace with its size otherwise.
pub fn write_filler(at: Address, size: usize) {
    let object = HeapObject(at);
    let roots = read_only_roots();
    if size == 4 {
        object.write_u32(0, roots.one_pointer_filler_map.raw());
    } else {
        debug_assert!(size >= MIN_SIZE);
        object.write_u32(0, roots.free_space_map.raw());
        object.write_tagged_no_barrier(SIZE_OFFSET, Tagged::smi(size as i32));
    }
}
