//! `Value<'h>`: a tagged word bound to a shared borrow of the heap, and typed views of the
//! objects it can point at (`StringRef<'h>`, `FixedArrayRef<'h>`).
//!
//! Invariant: a `Value<'h>` is current — read from a root or from a live object since the
//! last GC point — because it can only be made from such a read while `&'h Heap` is held, and
//! a GC needs `&mut Heap`. Views may therefore read object memory safely for `'h`.

use std::marker::PhantomData;

use crate::heap::Heap;
use crate::objects::string::{self, SeqOneByteString, SeqTwoByteString};
use crate::objects::{HeapObject, InstanceType, fixed_array, heap_number};
use crate::page::{Page, SpaceId};
use crate::spaces::read_only::read_only_roots;
use crate::tagged::Tagged;

/// A JavaScript value read from the heap, valid while the heap is borrowed.
#[derive(Copy, Clone, PartialEq, Eq)]
pub struct Value<'h> {
    tagged: Tagged,
    _heap: PhantomData<&'h Heap>,
}

impl<'h> Value<'h> {
    #[inline(always)]
    pub(crate) fn new(tagged: Tagged) -> Value<'h> {
        Value {
            tagged,
            _heap: PhantomData,
        }
    }

    /// The raw tagged word (for inspection; it cannot be turned back into a view).
    #[inline(always)]
    pub fn tagged(self) -> Tagged {
        self.tagged
    }

    fn object(self) -> Option<HeapObject> {
        self.tagged.is_heap_object().then(|| HeapObject::from_tagged(self.tagged))
    }

    /// Whether this is a Smi.
    pub fn is_smi(self) -> bool {
        self.tagged.is_smi()
    }

    /// The Smi's value.
    pub fn smi(self) -> Option<i32> {
        self.tagged.is_smi().then(|| self.tagged.smi_value())
    }

    /// `undefined`?
    pub fn is_undefined(self) -> bool {
        self.tagged == read_only_roots().undefined_value
    }

    /// `null`?
    pub fn is_null(self) -> bool {
        self.tagged == read_only_roots().null_value
    }

    /// `true` or `false`, if a boolean.
    pub fn boolean(self) -> Option<bool> {
        let roots = read_only_roots();
        if self.tagged == roots.true_value {
            Some(true)
        } else if self.tagged == roots.false_value {
            Some(false)
        } else {
            None
        }
    }

    /// The instance type of the object, `None` for a Smi.
    pub fn instance_type(self) -> Option<InstanceType> {
        self.object().map(|o| o.map().instance_type())
    }

    /// The number, if this is a Smi or a HeapNumber.
    pub fn number(self) -> Option<f64> {
        if self.tagged.is_smi() {
            return Some(self.tagged.smi_value() as f64);
        }
        let object = self.object()?;
        (object.map().instance_type() == InstanceType::HeapNumber).then(|| object.read_f64(heap_number::VALUE_OFFSET))
    }

    /// A string view, if this is a string.
    pub fn as_string(self) -> Option<StringRef<'h>> {
        let object = self.object()?;
        object.map().instance_type().is_string().then_some(StringRef {
            object,
            _heap: PhantomData,
        })
    }

    /// A FixedArray view, if this is one.
    pub fn as_fixed_array(self) -> Option<FixedArrayRef<'h>> {
        let object = self.object()?;
        (object.map().instance_type() == InstanceType::FixedArray).then_some(FixedArrayRef {
            object,
            _heap: PhantomData,
        })
    }

    /// The object's full address, `None` for a Smi.
    pub fn address(self) -> Option<usize> {
        self.object().map(|o| o.address().0)
    }

    /// The space holding the object, `None` for a Smi.
    pub fn space(self) -> Option<SpaceId> {
        self.object().map(|o| Page::of(o.address()).header().owner.get())
    }

    /// Size of the object in bytes, `None` for a Smi.
    pub fn object_size(self) -> Option<usize> {
        self.object().map(|o| o.size())
    }

    /// A copy of the object's bytes exactly as they lie in the heap, `None` for a Smi.
    pub fn object_bytes(self) -> Option<Vec<u8>> {
        let object = self.object()?;
        Some((0..object.size()).map(|i| object.read_u8(i)).collect())
    }
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.tagged)
    }
}

/// The characters of a sequential string.
#[derive(Debug, Clone, Copy)]
pub enum StringChars<'h> {
    /// Latin-1.
    OneByte(&'h [u8]),
    /// UTF-16 code units.
    TwoByte(&'h [u16]),
}

/// A view of a string object.
#[derive(Copy, Clone)]
pub struct StringRef<'h> {
    object: HeapObject,
    _heap: PhantomData<&'h Heap>,
}

impl<'h> StringRef<'h> {
    /// Length in UTF-16 code units.
    pub fn len(self) -> usize {
        self.object.read_i32(string::LENGTH_OFFSET) as usize
    }

    /// Whether the string is empty.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether the characters are stored one byte each.
    pub fn is_one_byte(self) -> bool {
        self.object.map().instance_type().is_one_byte_string()
    }

    /// Whether the string is internalized (unique per content in its heap).
    pub fn is_internalized(self) -> bool {
        self.object.map().instance_type().is_internalized_string()
    }

    /// The characters, borrowed from the heap; `None` for a cons string not yet flattened
    /// (`Heap::flatten` makes it flat).
    pub fn chars(self) -> Option<StringChars<'h>> {
        let object = flat_object(self.object)?;
        let start = object.address().0 + string::HEADER_SIZE;
        let len = self.len();
        let one_byte = object.map().instance_type().is_one_byte_string();
        // SAFETY: a sequential string's `len` characters follow its header inside the object;
        // the heap is borrowed for 'h, so nothing moves or writes them. Two-byte characters
        // start at offset 12 of a 4-aligned object, so they are 2-aligned.
        unsafe {
            Some(if one_byte {
                StringChars::OneByte(std::slice::from_raw_parts(start as *const u8, len))
            } else {
                StringChars::TwoByte(std::slice::from_raw_parts(start as *const u16, len))
            })
        }
    }

    /// The UTF-16 code units, copied (cons strings are walked, not flattened).
    pub fn to_utf16(self) -> Vec<u16> {
        let mut out = Vec::with_capacity(self.len());
        let mut pending = vec![self.object];
        while let Some(part) = pending.pop() {
            let view = StringRef {
                object: part,
                _heap: PhantomData,
            };
            match view.chars() {
                Some(StringChars::OneByte(b)) => out.extend(b.iter().map(|&c| c as u16)),
                Some(StringChars::TwoByte(w)) => out.extend_from_slice(w),
                None => {
                    pending.push(HeapObject::from_tagged(part.read_tagged(string::cons::SECOND_OFFSET)));
                    pending.push(HeapObject::from_tagged(part.read_tagged(string::cons::FIRST_OFFSET)));
                }
            }
        }
        out
    }

    /// The string as Rust text (lone surrogates become U+FFFD).
    pub fn to_rust_string(self) -> std::string::String {
        match self.chars() {
            Some(StringChars::OneByte(b)) => b.iter().map(|&c| c as char).collect(),
            _ => std::string::String::from_utf16_lossy(&self.to_utf16()),
        }
    }

    /// The raw hash field as it is now (`3` until the hash is computed).
    pub fn raw_hash_field(self) -> u32 {
        self.object.read_u32(string::RAW_HASH_FIELD_OFFSET)
    }

    /// The hash, computed on first use and cached in the object.
    pub fn hash(self) -> u32 {
        string::hash_from_field(ensure_hash_field(self.object))
    }

    /// Size in bytes of the object.
    pub fn object_size(self) -> usize {
        if self.object.map().instance_type().is_cons_string() {
            string::cons::SIZE
        } else if self.is_one_byte() {
            SeqOneByteString::size_for(self.len())
        } else {
            SeqTwoByteString::size_for(self.len())
        }
    }
}

/// The raw hash field of a string, computing and storing it if needed.
pub(crate) fn ensure_hash_field(object: HeapObject) -> u32 {
    let field = object.read_u32(string::RAW_HASH_FIELD_OFFSET);
    if field != string::EMPTY_HASH_FIELD {
        return field;
    }
    let view = StringRef {
        object,
        _heap: PhantomData,
    };
    let field = match view.chars() {
        Some(StringChars::OneByte(b)) => string::compute_hash_field(b.iter().map(|&c| c as u16)),
        Some(StringChars::TwoByte(w)) => string::compute_hash_field(w.iter().copied()),
        None => {
            let units = view.to_utf16();
            string::compute_hash_field(units.iter().copied())
        }
    };
    // Read-only strings are hashed when created, so this never writes a sealed page. The
    // hash field lies outside the character slice any `StringChars` borrows.
    object.write_u32(string::RAW_HASH_FIELD_OFFSET, field);
    field
}

/// The sequential string holding `object`'s characters: itself, or the first part of a
/// flattened cons; `None` for a cons not yet flattened.
fn flat_object(object: HeapObject) -> Option<HeapObject> {
    if !object.map().instance_type().is_cons_string() {
        return Some(object);
    }
    let second = HeapObject::from_tagged(object.read_tagged(string::cons::SECOND_OFFSET));
    (second.read_i32(string::LENGTH_OFFSET) == 0).then(|| HeapObject::from_tagged(object.read_tagged(string::cons::FIRST_OFFSET)))
}

/// A view of a FixedArray.
#[derive(Copy, Clone)]
pub struct FixedArrayRef<'h> {
    object: HeapObject,
    _heap: PhantomData<&'h Heap>,
}

impl<'h> FixedArrayRef<'h> {
    /// Number of elements.
    pub fn len(self) -> usize {
        self.object.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize
    }

    /// Whether there are no elements.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Element `index`, `None` past the end.
    pub fn get(self, index: usize) -> Option<Value<'h>> {
        (index < self.len()).then(|| Value::new(self.object.read_tagged(fixed_array::FixedArray::offset_of_element(index))))
    }
}
