//! HeapNumber: a boxed IEEE double, for every Number that is not a Smi.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | map |
//! | 4 | 8 | value (unaligned: objects are 4-byte aligned) |

/// Offset of the double.
pub const VALUE_OFFSET: usize = 4;
/// Size of a HeapNumber.
pub const SIZE: usize = 12;
