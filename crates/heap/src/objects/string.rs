//! Strings as V8 lays them out: sequential one-byte (Latin-1) and two-byte (UTF-16).
//!
//! `SeqOneByteString` for `"1 + 1"` is exactly 20 bytes:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0  | 4 | map (one-byte string map, compressed pointer) |
//! | 4  | 4 | raw hash field (`3` = not computed) |
//! | 8  | 4 | length (int32, in characters) |
//! | 12 | 5 | characters `31 20 2b 20 31` |
//! | 17 | 3 | padding to the 4-byte object alignment |
//!
//! The raw hash field follows V8's encoding: the two low bits say what the rest holds
//! (`11` empty, `10` a hash in bits 2..32, `00` an integer index cached in the field: value
//! in bits 2..26, length in bits 26..32). The hash is V8's `StringHasher` (Jenkins
//! one-at-a-time, seeded), computed over UTF-16 code units so both encodings hash alike.

use super::align_object_size;

/// Offset of the raw hash field.
pub const RAW_HASH_FIELD_OFFSET: usize = 4;
/// Offset of the length.
pub const LENGTH_OFFSET: usize = 8;
/// Size of the string header; characters start here.
pub const HEADER_SIZE: usize = 12;
/// `String::kMaxLength` on 64-bit V8: 2^29 - 24 characters.
pub const MAX_LENGTH: usize = (1 << 29) - 24;

/// The hash field of a string whose hash has not been computed.
pub const EMPTY_HASH_FIELD: u32 = 3;
/// Bits of the hash field that say what it holds.
pub const HASH_FIELD_TYPE_MASK: u32 = 3;
/// Hash field type: a computed hash.
pub const HASH_FIELD_TYPE_HASH: u32 = 2;
/// Hash field type: an array index cached in the field.
pub const HASH_FIELD_TYPE_INTEGER_INDEX: u32 = 0;
/// Shift of the hash (or index) within the field.
pub const HASH_SHIFT: u32 = 2;
/// Hashes are 30 bits.
pub const HASH_BIT_MASK: u32 = (1 << 30) - 1;
/// Hash used when the computed hash is zero (V8's `kZeroHash`).
pub const ZERO_HASH: u32 = 27;
/// Array indices with at most this many digits are cached in the hash field.
pub const MAX_CACHED_ARRAY_INDEX_LENGTH: usize = 7;
const ARRAY_INDEX_VALUE_BITS: u32 = 24;
const ARRAY_INDEX_LENGTH_SHIFT: u32 = HASH_SHIFT + ARRAY_INDEX_VALUE_BITS;

/// The process-wide hash seed. One seed for all isolates, because the read-only space (with
/// its pre-hashed strings) is shared by all of them.
pub const HASH_SEED: u32 = 0x2d4e_7f31;

/// Size helpers for `SeqOneByteString`.
pub struct SeqOneByteString;

impl SeqOneByteString {
    /// Bytes taken by a one-byte string of `length` characters.
    #[inline]
    pub const fn size_for(length: usize) -> usize {
        align_object_size(HEADER_SIZE + length)
    }
}

/// Size helpers for `SeqTwoByteString`.
pub struct SeqTwoByteString;

impl SeqTwoByteString {
    /// Bytes taken by a two-byte string of `length` code units.
    #[inline]
    pub const fn size_for(length: usize) -> usize {
        align_object_size(HEADER_SIZE + 2 * length)
    }
}

/// Computes the raw hash field for a string of the given UTF-16 code units.
pub fn compute_hash_field(chars: impl ExactSizeIterator<Item = u16> + Clone) -> u32 {
    let length = chars.len();
    if (1..=MAX_CACHED_ARRAY_INDEX_LENGTH).contains(&length)
        && let Some(index) = parse_array_index(chars.clone())
    {
        return (index << HASH_SHIFT) | ((length as u32) << ARRAY_INDEX_LENGTH_SHIFT) | HASH_FIELD_TYPE_INTEGER_INDEX;
    }
    let mut running: u32 = HASH_SEED;
    for c in chars {
        running = running.wrapping_add(c as u32);
        running = running.wrapping_add(running << 10);
        running ^= running >> 6;
    }
    running = running.wrapping_add(running << 3);
    running ^= running >> 11;
    running = running.wrapping_add(running << 15);
    let mut hash = running & HASH_BIT_MASK;
    if hash == 0 {
        hash = ZERO_HASH;
    }
    (hash << HASH_SHIFT) | HASH_FIELD_TYPE_HASH
}

/// The 30-bit hash stored in (or implied by) a computed hash field.
pub fn hash_from_field(field: u32) -> u32 {
    debug_assert!(field & HASH_FIELD_TYPE_MASK != 3, "hash not computed");
    field >> HASH_SHIFT
}

/// The array index a string denotes (`"0"`, `"42"`; not `"01"` or `"-1"`), if any below
/// 2^24 (the width of the cached value).
fn parse_array_index(mut chars: impl Iterator<Item = u16>) -> Option<u32> {
    let first = chars.next()?;
    if !(b'0' as u16..=b'9' as u16).contains(&first) {
        return None;
    }
    let mut value = (first - b'0' as u16) as u32;
    for c in chars {
        if !(b'0' as u16..=b'9' as u16).contains(&c) || value == 0 {
            return None; // a non-digit, or a leading zero
        }
        value = value * 10 + (c - b'0' as u16) as u32;
    }
    (value < (1 << ARRAY_INDEX_VALUE_BITS)).then_some(value)
}

/// How a piece of text will be stored.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Every code point is at most U+00FF: one byte per character.
    OneByte(Vec<u8>),
    /// Some code point is above U+00FF: UTF-16 code units.
    TwoByte(Vec<u16>),
}

/// Decodes UTF-8 the way V8's `Utf8Decoder` does: each maximal invalid subsequence becomes
/// U+FFFD, and the result is one-byte when every code point fits in Latin-1.
pub fn decode_utf8(bytes: &[u8]) -> Decoded {
    if bytes.is_ascii() {
        return Decoded::OneByte(bytes.to_vec());
    }
    let text = String::from_utf8_lossy(bytes);
    if text.chars().all(|c| (c as u32) <= 0xFF) {
        Decoded::OneByte(text.chars().map(|c| c as u8).collect())
    } else {
        Decoded::TwoByte(text.encode_utf16().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(SeqOneByteString::size_for(5), 20);
        assert_eq!(SeqOneByteString::size_for(0), 12);
        assert_eq!(SeqOneByteString::size_for(4), 16);
        assert_eq!(SeqTwoByteString::size_for(1), 16);
        assert_eq!(SeqTwoByteString::size_for(2), 16);
    }

    #[test]
    fn decoding() {
        assert_eq!(decode_utf8(b"1 + 1"), Decoded::OneByte(b"1 + 1".to_vec()));
        assert_eq!(decode_utf8("é".as_bytes()), Decoded::OneByte(vec![0xE9]));
        assert_eq!(decode_utf8("€".as_bytes()), Decoded::TwoByte(vec![0x20AC]));
        assert_eq!(decode_utf8("😀".as_bytes()), Decoded::TwoByte(vec![0xD83D, 0xDE00]));
        // Invalid UTF-8 is replaced by U+FFFD, which is two-byte.
        assert_eq!(decode_utf8(&[b'a', 0xFF, b'b']), Decoded::TwoByte(vec![0x61, 0xFFFD, 0x62]));
    }

    #[test]
    fn hash_fields() {
        let h = |s: &str| compute_hash_field(s.encode_utf16().collect::<Vec<_>>().into_iter());
        assert_eq!(h("abc") & HASH_FIELD_TYPE_MASK, HASH_FIELD_TYPE_HASH);
        assert_eq!(h("abc"), h("abc"));
        assert_ne!(h("abc"), h("abd"));
        // Array indices are cached in the field.
        assert_eq!(h("42"), (42 << 2) | (2 << 26));
        assert_eq!(h("0"), 1 << 26);
        assert_eq!(h("01") & HASH_FIELD_TYPE_MASK, HASH_FIELD_TYPE_HASH);
        assert_eq!(h("12345678") & HASH_FIELD_TYPE_MASK, HASH_FIELD_TYPE_HASH);
    }
}

/// `ConsString`: a lazy concatenation `first + second` (V8's layout; 20 bytes).
///
/// | offset | size | field |
/// |---|---|---|
/// | 0  | 4 | map (cons string map) |
/// | 4  | 4 | raw hash field |
/// | 8  | 4 | length |
/// | 12 | 4 | first |
/// | 16 | 4 | second |
///
/// Flattening copies the characters into a sequential string, stores it as `first` and the
/// empty string as `second`, so later reads go straight to `first`.
pub mod cons {
    /// Offset of the left part.
    pub const FIRST_OFFSET: usize = 12;
    /// Offset of the right part.
    pub const SECOND_OFFSET: usize = 16;
    /// Size of a cons string.
    pub const SIZE: usize = 20;
    /// Shorter concatenations are copied instead (V8's `ConsString::kMinLength`).
    pub const MIN_LENGTH: usize = 13;
}
