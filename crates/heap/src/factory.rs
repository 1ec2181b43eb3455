//! The factory: makes initialised objects — picks the representation (one-byte or two-byte,
//! internalized or not, Smi or HeapNumber), allocates, and fills every field before anything
//! else can run.
//!
//! `Heap`'s methods here return raw `Tagged` words for the engine's own use (they must be
//! rooted before the next GC point); `HandleScope`'s return `Local`s for everyone else.

use crate::handles::{HandleScope, Local};
use crate::heap::{AllocationError, AllocationType, Heap};
use crate::objects::string::{self, Decoded, SeqOneByteString, SeqTwoByteString};
use crate::objects::{HeapObject, fixed_array, heap_number};
use crate::string_table::Key;
use crate::tagged::Tagged;
use crate::types;

/// Whether a new string should be internalized (V8's `NewStringType`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum NewStringType {
    /// A fresh string.
    Normal,
    /// The unique string with this text (created if missing).
    Internalized,
}

/// Why a string could not be made.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum StringError {
    /// Longer than `String::kMaxLength` (2^29 - 24 code units).
    TooLong,
    /// The heap is out of memory.
    OutOfMemory,
}

impl std::fmt::Display for StringError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StringError::TooLong => write!(f, "Invalid string length"),
            StringError::OutOfMemory => write!(f, "{}", AllocationError::OutOfMemory),
        }
    }
}

impl std::error::Error for StringError {}

impl From<AllocationError> for StringError {
    fn from(_: AllocationError) -> Self {
        StringError::OutOfMemory
    }
}

impl Heap {
    /// A sequential string of `length` characters (one or two bytes each, as `map` says),
    /// zeroed, hash not computed.
    pub(crate) fn new_raw_seq_string(&mut self, length: usize, map: Tagged, allocation: AllocationType) -> Result<HeapObject, StringError> {
        if length > string::MAX_LENGTH {
            return Err(StringError::TooLong);
        }
        let one_byte = map == self.roots.one_byte_string_map || map == self.roots.internalized_one_byte_string_map;
        let size = if one_byte {
            SeqOneByteString::size_for(length)
        } else {
            SeqTwoByteString::size_for(length)
        };
        let object = self.allocate_raw(size, allocation)?;
        object.write_u32(0, map.raw());
        object.write_u32(string::RAW_HASH_FIELD_OFFSET, string::EMPTY_HASH_FIELD);
        object.write_i32(string::LENGTH_OFFSET, length as i32);
        // Zero the padding so the object's bytes are deterministic.
        object.write_u32(size - 4, 0);
        Ok(object)
    }

    fn new_one_byte_string(&mut self, chars: &[u8], map: Tagged) -> Result<HeapObject, StringError> {
        let object = self.new_raw_seq_string(chars.len(), map, AllocationType::Young)?;
        for (i, &c) in chars.iter().enumerate() {
            object.write_u8(string::HEADER_SIZE + i, c);
        }
        Ok(object)
    }

    fn new_two_byte_string(&mut self, chars: &[u16], map: Tagged) -> Result<HeapObject, StringError> {
        let object = self.new_raw_seq_string(chars.len(), map, AllocationType::Young)?;
        for (i, &c) in chars.iter().enumerate() {
            object.write_u16(string::HEADER_SIZE + 2 * i, c);
        }
        Ok(object)
    }

    /// A string with the text of `bytes` (UTF-8; invalid sequences become U+FFFD as in V8),
    /// one-byte when every code point is at most U+00FF.
    pub fn string_from_utf8(&mut self, bytes: &[u8], kind: NewStringType) -> Result<Tagged, StringError> {
        if bytes.len() > string::MAX_LENGTH * 3 {
            return Err(StringError::TooLong);
        }
        match string::decode_utf8(bytes) {
            Decoded::OneByte(chars) => self.string_from_one_byte(&chars, kind),
            Decoded::TwoByte(chars) => self.string_from_two_byte(&chars, kind),
        }
    }

    /// A one-byte string of the given Latin-1 characters.
    pub fn string_from_one_byte(&mut self, chars: &[u8], kind: NewStringType) -> Result<Tagged, StringError> {
        if chars.len() > string::MAX_LENGTH {
            return Err(StringError::TooLong);
        }
        if chars.is_empty() {
            return Ok(self.roots.empty_string);
        }
        match kind {
            NewStringType::Normal => Ok(self.new_one_byte_string(chars, self.roots.one_byte_string_map)?.tagged()),
            NewStringType::Internalized => self.internalize(Key::OneByte(chars)),
        }
    }

    /// A string of the given UTF-16 code units (stored one-byte if they all fit).
    pub fn string_from_two_byte(&mut self, chars: &[u16], kind: NewStringType) -> Result<Tagged, StringError> {
        if chars.len() > string::MAX_LENGTH {
            return Err(StringError::TooLong);
        }
        if chars.iter().all(|&c| c <= 0xFF) {
            let narrow: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
            return self.string_from_one_byte(&narrow, kind);
        }
        match kind {
            NewStringType::Normal => Ok(self.new_two_byte_string(chars, self.roots.string_map)?.tagged()),
            NewStringType::Internalized => self.internalize(Key::TwoByte(chars)),
        }
    }

    /// The internalized string with `key`'s text: found in the string table, or made and
    /// entered. Its hash is computed now (internalized strings always carry theirs).
    fn internalize(&mut self, key: Key<'_>) -> Result<Tagged, StringError> {
        let hash_field = key.hash_field();
        if let Some(existing) = self.string_table.lookup(&key, hash_field) {
            return Ok(existing);
        }
        let object = match key {
            Key::OneByte(chars) => self.new_one_byte_string(chars, self.roots.internalized_one_byte_string_map)?,
            Key::TwoByte(chars) => self.new_two_byte_string(chars, self.roots.internalized_string_map)?,
        };
        object.write_u32(string::RAW_HASH_FIELD_OFFSET, hash_field);
        self.string_table.insert(object.tagged());
        Ok(object.tagged())
    }

    /// A HeapNumber holding `value`.
    pub fn new_heap_number(&mut self, value: f64, allocation: AllocationType) -> Result<Tagged, AllocationError> {
        let object = self.allocate_raw(heap_number::SIZE, allocation)?;
        Ok(crate::linear_allocation::initialize_heap_number(
            object,
            self.roots.heap_number_map,
            value,
        ))
    }

    /// `value` as a Smi when it is an integer in Smi range (and not -0), else a HeapNumber.
    pub fn new_number(&mut self, value: f64) -> Result<Tagged, AllocationError> {
        if value.fract() == 0.0
            && !(value == 0.0 && value.is_sign_negative())
            && let Some(smi) = Tagged::try_smi(value as i64)
        {
            return Ok(smi);
        }
        self.new_heap_number(value, AllocationType::Young)
    }

    /// A FixedArray of `length` elements, all `undefined`.
    pub fn new_fixed_array(&mut self, length: usize, allocation: AllocationType) -> Result<Tagged, AllocationError> {
        if length == 0 {
            return Ok(self.roots.empty_fixed_array);
        }
        if length > fixed_array::MAX_LENGTH {
            return Err(AllocationError::OutOfMemory);
        }
        let object = self.allocate_raw(fixed_array::FixedArray::size_for(length), allocation)?;
        object.write_u32(0, self.roots.fixed_array_map.raw());
        object.write_tagged_no_barrier(fixed_array::LENGTH_OFFSET, Tagged::smi(length as i32));
        let undefined = self.roots.undefined_value;
        for i in 0..length {
            // No barrier: `undefined` is a read-only root, never a young pointer.
            object.write_tagged_no_barrier(fixed_array::FixedArray::offset_of_element(i), undefined);
        }
        Ok(object.tagged())
    }
}

impl<'s> HandleScope<'s> {
    /// `String::NewFromUtf8`: a string with the text of `bytes`.
    pub fn new_string_from_utf8(&mut self, bytes: &[u8], kind: NewStringType) -> Result<Local<'s, types::String>, StringError> {
        let tagged = self.heap.string_from_utf8(bytes, kind)?;
        Ok(self.local(tagged))
    }

    /// `String::NewFromOneByte`: a string of Latin-1 characters.
    pub fn new_string_from_one_byte(&mut self, chars: &[u8], kind: NewStringType) -> Result<Local<'s, types::String>, StringError> {
        let tagged = self.heap.string_from_one_byte(chars, kind)?;
        Ok(self.local(tagged))
    }

    /// `String::NewFromTwoByte`: a string of UTF-16 code units.
    pub fn new_string_from_two_byte(&mut self, chars: &[u16], kind: NewStringType) -> Result<Local<'s, types::String>, StringError> {
        let tagged = self.heap.string_from_two_byte(chars, kind)?;
        Ok(self.local(tagged))
    }

    /// The internalized string equal to `string`.
    pub fn internalize(&mut self, string: Local<'_, types::String>) -> Result<Local<'s, types::String>, StringError> {
        let tagged = self.heap.internalize_string(string.tagged())?;
        Ok(self.local(tagged))
    }

    /// `Number::New`: a Smi or a HeapNumber.
    pub fn new_number(&mut self, value: f64) -> Result<Local<'s, types::Number>, AllocationError> {
        let tagged = self.heap.new_number(value)?;
        Ok(self.local(tagged))
    }

    /// A HeapNumber, even for values that fit a Smi.
    pub fn new_heap_number(&mut self, value: f64, allocation: AllocationType) -> Result<Local<'s, types::Number>, AllocationError> {
        let tagged = self.heap.new_heap_number(value, allocation)?;
        Ok(self.local(tagged))
    }

    /// A FixedArray of `length` elements, all `undefined`.
    pub fn new_fixed_array(&mut self, length: usize, allocation: AllocationType) -> Result<Local<'s, types::FixedArray>, AllocationError> {
        let tagged = self.heap.new_fixed_array(length, allocation)?;
        Ok(self.local(tagged))
    }

    /// `undefined`.
    pub fn undefined(&mut self) -> Local<'s, types::Value> {
        let tagged = self.heap.roots.undefined_value;
        self.local(tagged)
    }

    /// A Smi in a handle (no allocation). `None` if `value` is outside the Smi range.
    pub fn smi(&mut self, value: i32) -> Option<Local<'s, types::Value>> {
        let tagged = Tagged::try_smi(value as i64)?;
        Some(self.local(tagged))
    }
}

impl Heap {
    /// Stores `value` at `index` of `array`, through the write barrier. Returns false if the
    /// index is out of bounds.
    pub fn fixed_array_set<T>(&mut self, array: Local<'_, types::FixedArray>, index: usize, value: Local<'_, T>) -> bool {
        let object = HeapObject::from_tagged(array.tagged());
        let length = object.read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize;
        if index >= length {
            return false;
        }
        object.write_tagged(fixed_array::FixedArray::offset_of_element(index), value.tagged());
        true
    }
}
