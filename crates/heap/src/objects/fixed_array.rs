//! FixedArray: a length and that many tagged elements.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | map |
//! | 4 | 4 | length (Smi) |
//! | 8 | 4 × length | elements |

/// Offset of the length (a Smi).
pub const LENGTH_OFFSET: usize = 4;
/// Size of the header; elements start here.
pub const HEADER_SIZE: usize = 8;
/// Largest length (V8's `FixedArray::kMaxLength` with pointer compression).
pub const MAX_LENGTH: usize = 134_217_725;

/// Size helpers for FixedArray.
pub struct FixedArray;

impl FixedArray {
    /// Bytes taken by an array of `length` elements.
    #[inline]
    pub const fn size_for(length: usize) -> usize {
        HEADER_SIZE + length * 4
    }

    /// Offset of element `index`.
    #[inline]
    pub const fn offset_of_element(index: usize) -> usize {
        HEADER_SIZE + index * 4
    }
}
