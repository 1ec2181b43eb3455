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
//! | 11 | 1 | bit field 2 (bits 2-7: elements kind, see `elements_kind`) |
//! | 12 | 4 | bit field 3 |
//! | 16 | 4 | prototype |
//! | 20 | 4 | constructor or back pointer |
//! | 24 | 4 | instance descriptors |
//! | 28 | 4 | dependent code |
//! | 32 | 4 | prototype validity cell |
//! | 36 | 4 | transitions or prototype info |
//!
//! The prototype validity cell field is `PROTOTYPE_CHAIN_VALID` (Smi 0: no cell) or, only in
//! a prototype map, a `Cell` whose value is `PROTOTYPE_CHAIN_VALID`: inline caches whose
//! receivers have this map's object as their prototype hold it, and invalidating the chain
//! sets its value to `PROTOTYPE_CHAIN_INVALID` and empties the field. The last field holds a
//! prototype map's `PrototypeInfo` (`prototype_info.rs`) or undefined; other maps'
//! transitions.

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
/// A validity cell's value while the chain holds, and the field's value without a cell
/// (V8's `Map::kPrototypeChainValid`).
pub const PROTOTYPE_CHAIN_VALID: Tagged = Tagged::smi(0);
/// A validity cell's value once its chain changed (V8's `Map::kPrototypeChainInvalid`).
pub const PROTOTYPE_CHAIN_INVALID: Tagged = Tagged::smi(1);
/// Size of a map.
pub const SIZE: usize = 40;
/// First tagged field after the map word.
pub const POINTER_FIELDS_START: usize = PROTOTYPE_OFFSET;
/// End of the tagged fields.
pub const POINTER_FIELDS_END: usize = SIZE;

/// Bit field 2 (byte 11): as in V8, bits 2-7 hold the elements kind.
pub mod bit_field2 {
    /// Shift of the elements kind.
    pub const ELEMENTS_KIND_SHIFT: u8 = 2;
    /// Mask of the elements kind.
    pub const ELEMENTS_KIND_MASK: u8 = 0x3F << ELEMENTS_KIND_SHIFT;
}

/// Elements kinds, with V8's numbering. A map stores one of the six fast kinds (what its
/// objects' elements store holds) or, for mapped `arguments` objects only,
/// `FAST_SLOPPY_ARGUMENTS_ELEMENTS`; the others are only reported (`%DebugPrint`, the
/// `%Has...Elements` runtime functions), derived from bit field 3's frozen, sealed,
/// non-extensible and sparse flags.
///
/// | kind | store |
/// |---|---|
/// | `PACKED_SMI_ELEMENTS`, `HOLEY_SMI_ELEMENTS` | FixedArray of Smis (and holes) |
/// | `PACKED_DOUBLE_ELEMENTS`, `HOLEY_DOUBLE_ELEMENTS` | FixedDoubleArray (or the empty FixedArray) |
/// | `PACKED_ELEMENTS`, `HOLEY_ELEMENTS` | FixedArray of any values (and holes) |
/// | `FAST_SLOPPY_ARGUMENTS_ELEMENTS` | SloppyArgumentsElements (see `sloppy_arguments.rs`) |
///
/// Packed kinds promise no hole below an array's length. Transitions only generalize:
/// Smi → double → object, packed → holey; the sloppy-arguments kind never changes.
pub mod elements_kind {
    /// Smis, no holes.
    pub const PACKED_SMI_ELEMENTS: u8 = 0;
    /// Smis and holes.
    pub const HOLEY_SMI_ELEMENTS: u8 = 1;
    /// Any values, no holes.
    pub const PACKED_ELEMENTS: u8 = 2;
    /// Any values and holes (the kind of every map that does not say otherwise).
    pub const HOLEY_ELEMENTS: u8 = 3;
    /// Unboxed doubles, no holes.
    pub const PACKED_DOUBLE_ELEMENTS: u8 = 4;
    /// Unboxed doubles and holes.
    pub const HOLEY_DOUBLE_ELEMENTS: u8 = 5;
    /// Reported for non-extensible objects without holes.
    pub const PACKED_NONEXTENSIBLE_ELEMENTS: u8 = 6;
    /// Reported for non-extensible objects with holes.
    pub const HOLEY_NONEXTENSIBLE_ELEMENTS: u8 = 7;
    /// Reported for sealed objects without holes.
    pub const PACKED_SEALED_ELEMENTS: u8 = 8;
    /// Reported for sealed objects with holes.
    pub const HOLEY_SEALED_ELEMENTS: u8 = 9;
    /// Reported for frozen objects without holes.
    pub const PACKED_FROZEN_ELEMENTS: u8 = 10;
    /// Reported for frozen objects with holes.
    pub const HOLEY_FROZEN_ELEMENTS: u8 = 11;
    /// Reported for objects with sparse elements (index keys in the property dictionary).
    pub const DICTIONARY_ELEMENTS: u8 = 13;
    /// Mapped `arguments` objects: some indices alias parameters.
    pub const FAST_SLOPPY_ARGUMENTS_ELEMENTS: u8 = 14;
    /// Reported for mapped `arguments` objects with sparse, sealed or frozen elements.
    pub const SLOW_SLOPPY_ARGUMENTS_ELEMENTS: u8 = 15;
    /// Reported for String wrapper objects.
    pub const FAST_STRING_WRAPPER_ELEMENTS: u8 = 16;
    /// Reported for String wrapper objects with sparse elements.
    pub const SLOW_STRING_WRAPPER_ELEMENTS: u8 = 17;

    /// Whether `kind` stores Smis only.
    #[inline(always)]
    pub const fn is_smi(kind: u8) -> bool {
        kind <= HOLEY_SMI_ELEMENTS
    }

    /// Whether `kind` stores unboxed doubles.
    #[inline(always)]
    pub const fn is_double(kind: u8) -> bool {
        kind == PACKED_DOUBLE_ELEMENTS || kind == HOLEY_DOUBLE_ELEMENTS
    }

    /// Whether `kind` is one of the two object kinds (V8's `IsObjectElementsKind`).
    #[inline(always)]
    pub const fn is_object(kind: u8) -> bool {
        kind == PACKED_ELEMENTS || kind == HOLEY_ELEMENTS
    }

    /// Whether `kind` is a sloppy-arguments kind (V8's `IsSloppyArgumentsElementsKind`).
    #[inline(always)]
    pub const fn is_sloppy_arguments(kind: u8) -> bool {
        kind == FAST_SLOPPY_ARGUMENTS_ELEMENTS || kind == SLOW_SLOPPY_ARGUMENTS_ELEMENTS
    }

    /// Whether `kind` is a holey fast kind (V8's `IsHoleyElementsKind`).
    #[inline(always)]
    pub const fn is_holey(kind: u8) -> bool {
        kind == HOLEY_SMI_ELEMENTS || kind == HOLEY_ELEMENTS || kind == HOLEY_DOUBLE_ELEMENTS
    }

    /// The holey version of a fast kind.
    #[inline(always)]
    pub const fn to_holey(kind: u8) -> u8 {
        match kind {
            PACKED_SMI_ELEMENTS => HOLEY_SMI_ELEMENTS,
            PACKED_ELEMENTS => HOLEY_ELEMENTS,
            PACKED_DOUBLE_ELEMENTS => HOLEY_DOUBLE_ELEMENTS,
            k => k,
        }
    }

    /// The most specific fast kind that holds what both `a` and `b` hold.
    pub const fn union(a: u8, b: u8) -> u8 {
        let holey = is_holey(a) || is_holey(b);
        let packed = if is_object(a) || is_object(b) {
            PACKED_ELEMENTS
        } else if is_double(a) || is_double(b) {
            PACKED_DOUBLE_ELEMENTS
        } else {
            PACKED_SMI_ELEMENTS
        };
        if holey { to_holey(packed) } else { packed }
    }

    /// Whether moving from `from` to `to` generalizes (or keeps) the kind.
    pub const fn is_more_general_or_equal(from: u8, to: u8) -> bool {
        union(from, to) == to
    }

    /// V8's name of a kind.
    pub const fn name(kind: u8) -> &'static str {
        match kind {
            PACKED_SMI_ELEMENTS => "PACKED_SMI_ELEMENTS",
            HOLEY_SMI_ELEMENTS => "HOLEY_SMI_ELEMENTS",
            PACKED_ELEMENTS => "PACKED_ELEMENTS",
            HOLEY_ELEMENTS => "HOLEY_ELEMENTS",
            PACKED_DOUBLE_ELEMENTS => "PACKED_DOUBLE_ELEMENTS",
            HOLEY_DOUBLE_ELEMENTS => "HOLEY_DOUBLE_ELEMENTS",
            PACKED_NONEXTENSIBLE_ELEMENTS => "PACKED_NONEXTENSIBLE_ELEMENTS",
            HOLEY_NONEXTENSIBLE_ELEMENTS => "HOLEY_NONEXTENSIBLE_ELEMENTS",
            PACKED_SEALED_ELEMENTS => "PACKED_SEALED_ELEMENTS",
            HOLEY_SEALED_ELEMENTS => "HOLEY_SEALED_ELEMENTS",
            PACKED_FROZEN_ELEMENTS => "PACKED_FROZEN_ELEMENTS",
            HOLEY_FROZEN_ELEMENTS => "HOLEY_FROZEN_ELEMENTS",
            DICTIONARY_ELEMENTS => "DICTIONARY_ELEMENTS",
            FAST_SLOPPY_ARGUMENTS_ELEMENTS => "FAST_SLOPPY_ARGUMENTS_ELEMENTS",
            SLOW_SLOPPY_ARGUMENTS_ELEMENTS => "SLOW_SLOPPY_ARGUMENTS_ELEMENTS",
            FAST_STRING_WRAPPER_ELEMENTS => "FAST_STRING_WRAPPER_ELEMENTS",
            SLOW_STRING_WRAPPER_ELEMENTS => "SLOW_STRING_WRAPPER_ELEMENTS",
            _ => "UNKNOWN_ELEMENTS",
        }
    }
}

/// Bit field 3 (bytes 12-15) of a JS object's map.
pub mod bit_field3 {
    /// `Object.preventExtensions` was applied.
    pub const NON_EXTENSIBLE: u32 = 1;
    /// Elements are non-writable and non-configurable (frozen).
    pub const FROZEN_ELEMENTS: u32 = 2;
    /// Elements are non-configurable (sealed).
    pub const SEALED_ELEMENTS: u32 = 4;
    /// Some array-index keys live in the property dictionary (sparse).
    pub const SPARSE_ELEMENTS: u32 = 8;
    /// An array's `length` is read-only.
    pub const LENGTH_READ_ONLY: u32 = 16;
    /// Named properties live in a `NameDictionary`, not in fields described by descriptors.
    pub const DICTIONARY_MAP: u32 = 32;
    /// The map of an object that is some map's prototype (never shared, never transitioned).
    pub const PROTOTYPE_MAP: u32 = 64;
    /// Number of own descriptors: bits 8-17.
    pub const OWN_DESCRIPTORS_SHIFT: u32 = 8;
    /// Mask of the own-descriptor count.
    pub const OWN_DESCRIPTORS_MASK: u32 = 0x3FF << OWN_DESCRIPTORS_SHIFT;
    /// Slack-tracking construction counter: bits 18-20 (0 = not tracking).
    pub const CONSTRUCTION_COUNTER_SHIFT: u32 = 18;
    /// Mask of the construction counter.
    pub const CONSTRUCTION_COUNTER_MASK: u32 = 7 << CONSTRUCTION_COUNTER_SHIFT;
}

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

    /// The (fast) elements kind stored in bit field 2.
    #[inline(always)]
    pub fn elements_kind(self) -> u8 {
        (self.0.read_u8(BIT_FIELD2_OFFSET) & bit_field2::ELEMENTS_KIND_MASK) >> bit_field2::ELEMENTS_KIND_SHIFT
    }

    /// Sets the elements kind in bit field 2 (on a map no object relies on yet, or on one
    /// that belongs to a single object).
    #[inline(always)]
    pub fn set_elements_kind(self, kind: u8) {
        let b = self.0.read_u8(BIT_FIELD2_OFFSET) & !bit_field2::ELEMENTS_KIND_MASK;
        self.0.write_u8(BIT_FIELD2_OFFSET, b | (kind << bit_field2::ELEMENTS_KIND_SHIFT));
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
        // V8's default for new maps (`TERMINAL_FAST_ELEMENTS_KIND`).
        object.write_u8(BIT_FIELD2_OFFSET, elements_kind::HOLEY_ELEMENTS << bit_field2::ELEMENTS_KIND_SHIFT);
        object.write_u32(BIT_FIELD3_OFFSET, 0);
        for offset in (POINTER_FIELDS_START..POINTER_FIELDS_END).step_by(4) {
            object.write_tagged_no_barrier(offset, filler);
        }
        object.write_tagged_no_barrier(PROTOTYPE_VALIDITY_CELL_OFFSET, PROTOTYPE_CHAIN_VALID);
        Map(object)
    }
}
