//! Map: the hidden class every object points at from its first word.
//!
//! Map layout (40 bytes, V8's with pointer compression):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0  | 4 | map (the meta map) |
//! | 4  | 1 | instance size in words (0 = variable size) |
//! | 5  | 1 | in-object properties start in words |
//! | 6  | 1 | used or unused instance size in words |
//! | 7  | 1 | visitor id |
//! | 8  | 2 | instance type |
//! | 10 | 1 | bit field |
//! | 11 | 1 | bit field 2 |
//! | 12 | 4 | bit field 3 |
//! | 16 | 4 | prototype |
//! | 20 | 4 | constructor or back pointer |
//! | 24 | 4 | instance descriptors |
//! | 28 | 4 | dependent code |
//! | 32 | 4 | prototype validity cell |
//! | 36 | 4 | transitions or prototype info |

use super::{HeapObject, InstanceType, VisitorId};
use crate::tagged::Tagged;

/// Byte 4: instance size in words.
pub const INSTANCE_SIZE_IN_WORDS_OFFSET: usize = 4;
/// Byte 5: where in-object properties start, in words.
pub const IN_OBJECT_PROPERTIES_START_OFFSET: usize = 5;
/// Byte 6: used or unused instance size in words.
pub const USED_OR_UNUSED_INSTANCE_SIZE_OFFSET: usize = 6;
/// Byte 7: visitor id.
pub const VISITOR_ID_OFFSET: usize = 7;
/// Bytes 8-9: instance type.
pub const INSTANCE_TYPE_OFFSET: usize = 8;
/// Byte 10.
pub const BIT_FIELD_OFFSET: usize = 10;
/// Byte 11.
pub const BIT_FIELD2_OFFSET: usize = 11;
/// Bytes 12-15.
pub const BIT_FIELD3_OFFSET: usize = 12;
/// The prototype.
pub const PROTOTYPE_OFFSET: usize = 16;
/// Constructor, or the parent map in a transition tree.
pub const CONSTRUCTOR_OR_BACK_POINTER_OFFSET: usize = 20;
/// Descriptor array.
pub const INSTANCE_DESCRIPTORS_OFFSET: usize = 24;
/// Dependent code.
pub const DEPENDENT_CODE_OFFSET: usize = 28;
/// Prototype validity cell.
pub const PROTOTYPE_VALIDITY_CELL_OFFSET: usize = 32;
/// Transitions (or prototype info for prototype maps).
pub const TRANSITIONS_OR_PROTOTYPE_INFO_OFFSET: usize = 36;
/// Size of a map.
pub const SIZE: usize = 40;
/// First tagged field after the map word.
pub const POINTER_FIELDS_START: usize = PROTOTYPE_OFFSET;
/// End of the tagged fields.
pub const POINTER_FIELDS_END: usize = SIZE;

/// A map (hidden class).
#[derive(Copy, Clone, PartialEq, Eq, Debug, Hash)]
pub struct Map(pub HeapObject);

impl Map {
    /// Instance size in bytes, 0 for variable-size objects.
    #[inline(always)]
    pub fn instance_size(self) -> usize {
        self.0.read_u8(INSTANCE_SIZE_IN_WORDS_OFFSET) as usize * 4
    }

    /// Instance type.
    #[inline(always)]
    pub fn instance_type_raw(self) -> u16 {
        self.0.read_u16(INSTANCE_TYPE_OFFSET)
    }

    /// Instance type, decoded.
    #[inline(always)]
    pub fn instance_type(self) -> InstanceType {
        let raw = self.instance_type_raw();
        debug_assert!(InstanceType::from_raw(raw).is_some(), "map with unknown instance type {raw:#x}");
        // SAFETY: `InstanceType` is `repr(u16)` and maps are written only by `Map::initialize`
        // from an `InstanceType` (and never by JavaScript), so `raw` is one of its discriminants.
        unsafe { std::mem::transmute::<u16, InstanceType>(raw) }
    }

    /// The visitor id.
    #[inline(always)]
    pub fn visitor_id(self) -> VisitorId {
        match VisitorId::from_raw(self.0.read_u8(VISITOR_ID_OFFSET)) {
            Some(id) => id,
            None => panic!("map with unknown visitor id"),
        }
    }

    /// Where the tagged fields of a `DataThenTagged` object start, in words.
    #[inline(always)]
    pub fn in_object_properties_start_in_words(self) -> usize {
        self.0.read_u8(IN_OBJECT_PROPERTIES_START_OFFSET) as usize
    }

    /// The prototype.
    pub fn prototype(self) -> Tagged {
        self.0.read_tagged(PROTOTYPE_OFFSET)
    }

    /// Writes every field of a fresh map (the caller has allocated `SIZE` bytes).
    pub fn initialize(
        object: HeapObject,
        meta_map: Tagged,
        instance_type: InstanceType,
        instance_size: usize,
        visitor_id: VisitorId,
        filler: Tagged,
    ) -> Map {
        debug_assert!(instance_size.is_multiple_of(4) && instance_size / 4 < 256);
        object.write_u32(0, meta_map.raw());
        object.write_u8(INSTANCE_SIZE_IN_WORDS_OFFSET, (instance_size / 4) as u8);
        object.write_u8(IN_OBJECT_PROPERTIES_START_OFFSET, (instance_size / 4) as u8);
        object.write_u8(USED_OR_UNUSED_INSTANCE_SIZE_OFFSET, 0);
        object.write_u8(VISITOR_ID_OFFSET, visitor_id as u8);
        object.write_u16(INSTANCE_TYPE_OFFSET, instance_type as u16);
        object.write_u8(BIT_FIELD_OFFSET, 0);
        object.write_u8(BIT_FIELD2_OFFSET, 0);
        object.write_u32(BIT_FIELD3_OFFSET, 0);
        for offset in (POINTER_FIELDS_START..POINTER_FIELDS_END).step_by(4) {
            object.write_tagged_no_barrier(offset, filler);
        }
        Map(object)
    }
}
