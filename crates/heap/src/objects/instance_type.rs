//! Instance types (the first thing a map says about its objects) and visitor ids.
//!
//! String instance types use V8's bit encoding, so tests and tools can read them as V8's:
//!
//! ```text
//!   bits 0-2  representation: 0 sequential, 1 cons, 2 external, 3 sliced, 5 thin
//!   bit  3    encoding: 1 one-byte (Latin-1), 0 two-byte (UTF-16)
//!   bit  5    1 = not internalized
//!   >= 0x80   not a string
//! ```

/// Bit set on string instance types of one-byte strings.
pub const ONE_BYTE_STRING_TAG: u16 = 0x08;
/// Bit set on string instance types of strings that are not internalized.
pub const NOT_INTERNALIZED_TAG: u16 = 0x20;
/// Mask of the representation bits.
pub const STRING_REPRESENTATION_MASK: u16 = 0x07;
/// Instance types below this are strings.
pub const FIRST_NONSTRING_TYPE: u16 = 0x80;

/// What kind of object a map describes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u16)]
pub enum InstanceType {
    /// Internalized sequential two-byte string.
    InternalizedTwoByteString = 0x00,
    /// Internalized sequential one-byte string.
    InternalizedOneByteString = 0x08,
    /// Sequential two-byte string (`SeqTwoByteString`).
    SeqTwoByteString = 0x20,
    /// Sequential one-byte string (`SeqOneByteString`).
    SeqOneByteString = 0x28,
    /// Symbol.
    Symbol = 0x80,
    /// Boxed double.
    HeapNumber = 0x81,
    /// undefined, null, true, false, the hole.
    Oddball = 0x82,
    /// A map (hidden class).
    Map = 0x83,
    /// Length-prefixed array of tagged values.
    FixedArray = 0x84,
    /// A free block with its size (dead space kept iterable).
    FreeSpace = 0x85,
    /// A 4-byte filler (too small for a size field).
    Filler = 0x86,
}

impl InstanceType {
    /// Decodes a raw instance type.
    pub fn from_raw(raw: u16) -> Option<InstanceType> {
        use InstanceType::*;
        Some(match raw {
            0x00 => InternalizedTwoByteString,
            0x08 => InternalizedOneByteString,
            0x20 => SeqTwoByteString,
            0x28 => SeqOneByteString,
            0x80 => Symbol,
            0x81 => HeapNumber,
            0x82 => Oddball,
            0x83 => Map,
            0x84 => FixedArray,
            0x85 => FreeSpace,
            0x86 => Filler,
            _ => return None,
        })
    }

    /// Whether objects of this type are strings.
    #[inline]
    pub fn is_string(self) -> bool {
        (self as u16) < FIRST_NONSTRING_TYPE
    }

    /// Whether this is an internalized string type.
    #[inline]
    pub fn is_internalized_string(self) -> bool {
        self.is_string() && (self as u16) & NOT_INTERNALIZED_TAG == 0
    }

    /// Whether this is a one-byte string type.
    #[inline]
    pub fn is_one_byte_string(self) -> bool {
        self.is_string() && (self as u16) & ONE_BYTE_STRING_TAG != 0
    }
}

/// How the collector walks an object's body; stored in the map (byte 7) for fast dispatch.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum VisitorId {
    /// Sequential one-byte string: no pointers after the map.
    SeqOneByteString = 0,
    /// Sequential two-byte string: no pointers after the map.
    SeqTwoByteString = 1,
    /// Fixed-size object with no pointers after the map (HeapNumber, fillers).
    DataObject = 2,
    /// Fixed-size object whose fields after the map are all tagged (Oddball).
    AllTagged = 3,
    /// Map: tagged fields from `Map::POINTER_FIELDS_START`.
    Map = 4,
    /// FixedArray: `length` tagged elements.
    FixedArray = 5,
    /// FreeSpace: size in its second word, no pointers.
    FreeSpace = 6,
}

impl VisitorId {
    /// Decodes a raw visitor id.
    pub fn from_raw(raw: u8) -> Option<VisitorId> {
        use VisitorId::*;
        Some(match raw {
            0 => SeqOneByteString,
            1 => SeqTwoByteString,
            2 => DataObject,
            3 => AllTagged,
            4 => Map,
            5 => FixedArray,
            6 => FreeSpace,
            _ => return None,
        })
    }
}
