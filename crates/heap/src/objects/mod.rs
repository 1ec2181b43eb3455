//! Heap object layouts: one file per object kind, each the single source of truth for its
//! offsets, size and the slots the collector must visit.
//!
//! `HeapObject` is the crate-internal, untyped view of an object: its untagged address.
//! Invariant: a `HeapObject` is only made for an object that is live in committed memory at
//! the moment it is used; it is plain data, so code that may allocate must not hold one
//! (outside this crate, objects are reached through handles and `Value<'h>`, whose borrow of
//! the heap enforces that).

pub mod code;
pub mod descriptors;
pub mod fixed_array;
pub mod fixed_double_array;
pub mod free_space;
pub mod heap_number;
pub mod instance_type;
pub mod js_object;
pub mod js_weak;
pub mod map;
pub mod oddball;
pub mod property_cell;
pub mod prototype_info;
pub mod sloppy_arguments;
pub mod string;

use crate::cage::Address;
use crate::tagged::{MapWord, Tagged};
pub use instance_type::{InstanceType, VisitorId};
pub use map::Map;

/// Size of a tagged slot.
pub const TAGGED_SIZE: usize = 4;
/// Objects are aligned to the tagged size.
pub const OBJECT_ALIGNMENT: usize = TAGGED_SIZE;
/// Offset of the map word, the first field of every object.
pub const MAP_OFFSET: usize = 0;

/// Rounds `size` up to the object alignment.
#[inline(always)]
pub const fn align_object_size(size: usize) -> usize {
    (size + OBJECT_ALIGNMENT - 1) & !(OBJECT_ALIGNMENT - 1)
}

/// The untyped, untagged view of a heap object (see the module invariant).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct HeapObject(pub Address);

macro_rules! raw_field {
    ($read:ident, $write:ident, $t:ty) => {
        /// Reads a raw field at `offset` (unaligned reads are allowed: doubles may sit at 4).
        #[inline(always)]
        pub fn $read(self, offset: usize) -> $t {
            // SAFETY: by the module invariant the object is live and committed; callers pass
            // offsets inside the object's layout.
            unsafe { std::ptr::read_unaligned((self.0.0 + offset) as *const $t) }
        }

        /// Writes a raw field at `offset` (no write barrier: not for tagged pointers).
        #[inline(always)]
        pub fn $write(self, offset: usize, value: $t) {
            // SAFETY: as for the read; the heap is single-threaded and hands out no Rust
            // references to object fields it writes.
            unsafe { std::ptr::write_unaligned((self.0.0 + offset) as *mut $t, value) }
        }
    };
}

impl HeapObject {
    /// The object a strong or weak pointer refers to.
    #[inline(always)]
    pub fn from_tagged(tagged: Tagged) -> HeapObject {
        HeapObject(tagged.address())
    }

    /// The strong tagged pointer to this object.
    #[inline(always)]
    pub fn tagged(self) -> Tagged {
        Tagged::from_address(self.0)
    }

    /// The object's address.
    #[inline(always)]
    pub fn address(self) -> Address {
        self.0
    }

    raw_field!(read_u8, write_u8, u8);
    raw_field!(read_u16, write_u16, u16);
    raw_field!(read_u32, write_u32, u32);
    raw_field!(read_i32, write_i32, i32);
    raw_field!(read_f64, write_f64, f64);
    raw_field!(read_u64, write_u64, u64);

    /// Copies `bytes` into the object at `offset` (string characters, bytecode).
    #[inline]
    pub fn write_bytes(self, offset: usize, bytes: &[u8]) {
        // SAFETY: callers pass a range inside the object they have just allocated; `bytes`
        // is Rust memory, so the ranges cannot overlap.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), (self.0.0 + offset) as *mut u8, bytes.len()) }
    }

    /// Reads a tagged field.
    #[inline(always)]
    pub fn read_tagged(self, offset: usize) -> Tagged {
        Tagged::from_raw(self.read_u32(offset))
    }

    /// Writes a tagged field without a write barrier. Callers either store a non-pointer, or
    /// initialise an object they have just allocated, or are the collector itself; every
    /// other store goes through `Heap::write_field`.
    #[inline(always)]
    pub fn write_tagged_no_barrier(self, offset: usize, value: Tagged) {
        self.write_u32(offset, value.raw())
    }

    /// The map word (a map, or a forwarding address during a scavenge).
    #[inline(always)]
    pub fn map_word(self) -> MapWord {
        MapWord(self.read_u32(MAP_OFFSET))
    }

    /// Overwrites the map word.
    #[inline(always)]
    pub fn set_map_word(self, word: MapWord) {
        self.write_u32(MAP_OFFSET, word.0)
    }

    /// The object's map. Not valid on an object that has been forwarded.
    #[inline(always)]
    pub fn map(self) -> Map {
        Map(HeapObject::from_tagged(self.map_word().map()))
    }

    /// Sets the map. Maps are never young, but the marking barrier must see the store (a new
    /// map of a black object must not stay white; a map on an evacuation candidate moves).
    #[inline(always)]
    pub fn set_map(self, map: Map) {
        self.write_u32(MAP_OFFSET, map.0.tagged().raw());
        crate::barrier::write_barrier(self, self.address(), map.0.tagged());
    }

    /// The object's size in bytes, read through `map`.
    #[inline]
    pub fn size_with_map(self, map: Map) -> usize {
        let fixed = map.instance_size();
        if fixed != 0 {
            return fixed;
        }
        match map.visitor_id() {
            VisitorId::SeqOneByteString => string::SeqOneByteString::size_for(self.read_i32(string::LENGTH_OFFSET) as usize),
            VisitorId::SeqTwoByteString => string::SeqTwoByteString::size_for(self.read_i32(string::LENGTH_OFFSET) as usize),
            VisitorId::FixedArray => fixed_array::FixedArray::size_for(self.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize),
            VisitorId::FixedDoubleArray => fixed_double_array::FixedDoubleArray::size_for(fixed_double_array::length(self)),
            VisitorId::FreeSpace => self.read_tagged(free_space::SIZE_OFFSET).smi_value() as usize,
            VisitorId::ByteArray => code::byte_array_size_for(self.read_tagged(code::byte_array::LENGTH_OFFSET).smi_value() as usize),
            VisitorId::BytecodeArray => {
                code::bytecode_array::size_for(self.read_tagged(code::bytecode_array::LENGTH_OFFSET).smi_value() as usize)
            }
            VisitorId::DataObject | VisitorId::AllTagged | VisitorId::Map | VisitorId::DataThenTagged => {
                unreachable!("fixed-size visitor with instance size 0")
            }
        }
    }

    /// The object's size in bytes.
    #[inline]
    pub fn size(self) -> usize {
        self.size_with_map(self.map())
    }

    /// Calls `visit(start, end)` for each run of tagged slots in the body (the map slot is
    /// not included: maps are never young, and marking visits it separately).
    #[inline]
    pub fn iterate_body(self, map: Map, size: usize, mut visit: impl FnMut(Address, Address)) {
        let a = self.0;
        match map.visitor_id() {
            VisitorId::SeqOneByteString
            | VisitorId::SeqTwoByteString
            | VisitorId::DataObject
            | VisitorId::FreeSpace
            | VisitorId::ByteArray
            | VisitorId::FixedDoubleArray => {}
            VisitorId::DataThenTagged => visit(a.add(map.in_object_properties_start_in_words() * TAGGED_SIZE), a.add(size)),
            VisitorId::BytecodeArray => visit(
                a.add(code::bytecode_array::CONSTANT_POOL_OFFSET),
                a.add(code::bytecode_array::HEADER_SIZE),
            ),
            VisitorId::AllTagged => visit(a.add(TAGGED_SIZE), a.add(size)),
            VisitorId::Map => visit(a.add(map::POINTER_FIELDS_START), a.add(map::POINTER_FIELDS_END)),
            VisitorId::FixedArray => visit(a.add(fixed_array::HEADER_SIZE), a.add(size)),
        }
    }
}
