//! FixedDoubleArray: the elements store of arrays with double elements kinds
//! (`PACKED_DOUBLE_ELEMENTS`, `HOLEY_DOUBLE_ELEMENTS`): a length and that many unboxed IEEE
//! doubles. V8's layout; the body is raw data, so the collector visits no slots in it.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | map (`fixed_double_array_map`) |
//! | 4 | 4 | length (Smi), at the same offset as a FixedArray's |
//! | 8 | 8 × length | elements (unaligned: objects are 4-byte aligned) |
//!
//! A hole is V8's hole NaN, the bit pattern `HOLE_NAN_BITS`. Stored NaNs are canonicalized
//! (`canonicalize`), so no JavaScript value ever has the hole's bits. An empty double store
//! is the empty FixedArray, as in V8.

use super::HeapObject;

/// Offset of the length (a Smi).
pub const LENGTH_OFFSET: usize = 4;
/// Size of the header; elements start here.
pub const HEADER_SIZE: usize = 8;
/// Size of one element.
pub const ELEMENT_SIZE: usize = 8;
/// Largest length (V8's `FixedDoubleArray::kMaxLength`: a 1 GB object).
pub const MAX_LENGTH: usize = ((1 << 30) - HEADER_SIZE) / ELEMENT_SIZE;
/// V8's hole NaN (`kHoleNanInt64`): a NaN no arithmetic produces, marking a hole.
pub const HOLE_NAN_BITS: u64 = 0xFFF7_FFFF_FFF7_FFFF;

/// Size helpers for FixedDoubleArray.
pub struct FixedDoubleArray;

impl FixedDoubleArray {
    /// Bytes taken by an array of `length` elements.
    #[inline]
    pub const fn size_for(length: usize) -> usize {
        HEADER_SIZE + length * ELEMENT_SIZE
    }

    /// Offset of element `index`.
    #[inline]
    pub const fn offset_of_element(index: usize) -> usize {
        HEADER_SIZE + index * ELEMENT_SIZE
    }
}

/// The value to store for `value`: every NaN becomes the canonical quiet NaN, so a stored
/// value is never the hole.
#[inline(always)]
pub fn canonicalize(value: f64) -> f64 {
    if value.is_nan() { f64::NAN } else { value }
}

/// The raw bits of element `index` of `array`.
#[inline(always)]
pub fn get_bits(array: HeapObject, index: usize) -> u64 {
    array.read_u64(FixedDoubleArray::offset_of_element(index))
}

/// Element `index` of `array`, `None` for the hole.
#[inline(always)]
pub fn get(array: HeapObject, index: usize) -> Option<f64> {
    let bits = get_bits(array, index);
    (bits != HOLE_NAN_BITS).then(|| f64::from_bits(bits))
}

/// Stores `value` (canonicalized) at `index` of `array`.
#[inline(always)]
pub fn set(array: HeapObject, index: usize, value: f64) {
    array.write_u64(FixedDoubleArray::offset_of_element(index), canonicalize(value).to_bits())
}

/// Makes element `index` of `array` a hole.
#[inline(always)]
pub fn set_hole(array: HeapObject, index: usize) {
    array.write_u64(FixedDoubleArray::offset_of_element(index), HOLE_NAN_BITS)
}

/// Length of `array`.
#[inline(always)]
pub fn length(array: HeapObject) -> usize {
    array.read_tagged(LENGTH_OFFSET).smi_value() as usize
}
