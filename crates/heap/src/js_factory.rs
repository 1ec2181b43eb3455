//! The factory functions the interpreter and builtins use: tagged-level allocation of
//! JavaScript objects, maps, code objects and cons strings, string flattening and
//! internalization.
//!
//! Invariant: every function here returns a fully initialised object (every tagged field
//! holds a valid value before the next allocation can run a GC), and every tagged argument
//! that must survive the allocation is kept on the JS stack while it runs, so callers may
//! pass raw `Tagged` values they loaded just before the call.

use crate::factory::StringError;
use crate::heap::{AllocationError, AllocationType, Heap};
use crate::objects::HeapObject;
use crate::objects::code::{self, byte_array, bytecode_array};
use crate::objects::instance_type::{InstanceType, VisitorId};
use crate::objects::map::{self, Map};
use crate::objects::string::{self, cons};
use crate::string_table::Key;
use crate::tagged::Tagged;
use crate::value::StringChars;

impl Heap {
    /// Allocates `size` bytes with `map` and every field after the map set to `undefined`.
    pub fn allocate_initialized(&mut self, map: Tagged, size: usize, allocation: AllocationType) -> Result<HeapObject, AllocationError> {
        // Maps are never young, so `map` does not move in a scavenge; a mark-compact only
        // runs here through the old-generation path, so keep it rooted anyway.
        let object = self.rooted(&[map], |heap| heap.allocate_raw(size, allocation))?;
        let map = self.js_stack_take();
        object.write_u32(0, map.raw());
        let undefined = self.roots.undefined_value;
        for offset in (4..size).step_by(4) {
            object.write_tagged_no_barrier(offset, undefined);
        }
        Ok(object)
    }

    /// A JSObject with `map`, `size` bytes (see `linear_allocation::initialize_js_object`).
    pub fn allocate_js_object(
        &mut self,
        map: Tagged,
        size: usize,
        in_object_start: usize,
        allocation: AllocationType,
    ) -> Result<HeapObject, AllocationError> {
        let object = self.rooted(&[map], |heap| heap.allocate_raw(size, allocation))?;
        let map = self.js_stack_take();
        Ok(crate::linear_allocation::initialize_js_object(
            object,
            map,
            size,
            in_object_start,
            self.roots,
        ))
    }

    /// Pushes `values` on the JS stack, runs `f` (which may allocate), and leaves the
    /// values' current versions on the stack for the caller to pop (last pushed on top).
    fn rooted<R>(&mut self, values: &[Tagged], f: impl FnOnce(&mut Heap) -> Result<R, AllocationError>) -> Result<R, AllocationError> {
        let base = self.js_stack.len();
        self.js_stack.extend_from_slice(values);
        match f(self) {
            Ok(r) => Ok(r),
            Err(e) => {
                self.js_stack.truncate(base);
                Err(e)
            }
        }
    }

    fn js_stack_take(&mut self) -> Tagged {
        self.js_stack.pop().expect("rooted value")
    }

    /// A map in old space (maps never live in new space) with the given prototype.
    pub fn new_map(&mut self, instance_type: InstanceType, instance_size: usize, prototype: Tagged) -> Result<Tagged, AllocationError> {
        let visitor = match instance_type {
            InstanceType::FixedArray | InstanceType::NameDictionary => VisitorId::FixedArray,
            _ => VisitorId::AllTagged,
        };
        self.rooted(&[prototype], |heap| {
            let object = heap.allocate_raw(map::SIZE, AllocationType::Old)?;
            let meta = heap.roots.meta_map;
            let undefined = heap.roots.undefined_value;
            Map::initialize(object, meta, instance_type, instance_size, visitor, undefined);
            heap.js_stack.push(object.tagged());
            Ok(())
        })?;
        let map = self.js_stack_take();
        let prototype = self.js_stack_take();
        HeapObject::from_tagged(map).write_tagged(map::PROTOTYPE_OFFSET, prototype);
        Ok(map)
    }

    /// A FixedDoubleArray of `length` holes (the empty FixedArray for 0, as in V8).
    pub fn new_fixed_double_array(&mut self, length: usize, allocation: AllocationType) -> Result<Tagged, AllocationError> {
        use crate::objects::fixed_double_array::{self as fda, FixedDoubleArray};
        if length == 0 {
            return Ok(self.roots.empty_fixed_array);
        }
        if length > fda::MAX_LENGTH {
            return Err(AllocationError::OutOfMemory);
        }
        let object = self.allocate_raw(FixedDoubleArray::size_for(length), allocation)?;
        object.write_u32(0, self.roots.fixed_double_array_map.raw());
        object.write_tagged_no_barrier(fda::LENGTH_OFFSET, Tagged::smi(length as i32));
        for i in 0..length {
            fda::set_hole(object, i);
        }
        Ok(object.tagged())
    }

    /// A ByteArray holding `bytes`.
    pub fn new_byte_array(&mut self, bytes: &[u8], allocation: AllocationType) -> Result<Tagged, AllocationError> {
        let size = code::byte_array_size_for(bytes.len());
        let object = self.allocate_raw(size, allocation)?;
        object.write_u32(0, self.roots.byte_array_map.raw());
        object.write_tagged_no_barrier(byte_array::LENGTH_OFFSET, Tagged::smi(bytes.len() as i32));
        object.write_u32(size - 4, 0);
        object.write_bytes(byte_array::HEADER_SIZE, bytes);
        Ok(object.tagged())
    }

    /// A BytecodeArray in old space holding `bytes`; its constant pool and tables start as
    /// the empty array and are stored afterwards.
    pub fn new_bytecode_array(&mut self, bytes: &[u8], frame_size: usize, parameter_count: usize) -> Result<Tagged, AllocationError> {
        let size = bytecode_array::size_for(bytes.len());
        let object = self.allocate_raw(size, AllocationType::Old)?;
        object.write_u32(0, self.roots.bytecode_array_map.raw());
        object.write_tagged_no_barrier(bytecode_array::LENGTH_OFFSET, Tagged::smi(bytes.len() as i32));
        let empty = self.roots.empty_fixed_array;
        object.write_tagged_no_barrier(bytecode_array::CONSTANT_POOL_OFFSET, empty);
        object.write_tagged_no_barrier(bytecode_array::HANDLER_TABLE_OFFSET, empty);
        object.write_tagged_no_barrier(bytecode_array::SOURCE_POSITION_TABLE_OFFSET, empty);
        object.write_tagged_no_barrier(bytecode_array::FRAME_SIZE_OFFSET, Tagged::smi(frame_size as i32));
        object.write_tagged_no_barrier(bytecode_array::PARAMETER_COUNT_OFFSET, Tagged::smi(parameter_count as i32));
        object.write_tagged_no_barrier(bytecode_array::FEEDBACK_VECTOR_OFFSET, empty);
        object.write_u32(size - 4, 0);
        object.write_bytes(bytecode_array::HEADER_SIZE, bytes);
        Ok(object.tagged())
    }

    // ---- strings --------------------------------------------------------------------------

    /// Length of any string.
    #[inline]
    pub fn string_length(&self, s: Tagged) -> usize {
        HeapObject::from_tagged(s).read_i32(string::LENGTH_OFFSET) as usize
    }

    /// Whether `s` is a string stored one byte per character.
    #[inline]
    pub fn string_is_one_byte(&self, s: Tagged) -> bool {
        HeapObject::from_tagged(s).map().instance_type().is_one_byte_string()
    }

    /// The sequential string holding `s`'s characters, if `s` is flat (sequential, or a cons
    /// already flattened).
    #[inline]
    pub fn flat_content(&self, s: Tagged) -> Option<Tagged> {
        let object = HeapObject::from_tagged(s);
        if !object.map().instance_type().is_cons_string() {
            return Some(s);
        }
        let second = object.read_tagged(cons::SECOND_OFFSET);
        (self.string_length(second) == 0).then(|| object.read_tagged(cons::FIRST_OFFSET))
    }

    /// The characters of a flat string (see `flat_content`); `None` for an unflattened cons.
    #[inline]
    pub fn string_chars(&self, s: Tagged) -> Option<StringChars<'_>> {
        let flat = self.flat_content(s)?;
        Some(seq_chars(HeapObject::from_tagged(flat)))
    }

    /// The UTF-16 code units of any string (cons strings are walked, not flattened).
    pub fn string_to_utf16(&self, s: Tagged) -> Vec<u16> {
        crate::value::Value::new(s).as_string().map(|r| r.to_utf16()).unwrap_or_default()
    }

    /// `first + second`: a cons string when the result is long enough, else a copy.
    pub fn concat_strings(&mut self, first: Tagged, second: Tagged) -> Result<Tagged, StringError> {
        let (la, lb) = (self.string_length(first), self.string_length(second));
        if la == 0 {
            return Ok(second);
        }
        if lb == 0 {
            return Ok(first);
        }
        let length = la + lb;
        if length > string::MAX_LENGTH {
            return Err(StringError::TooLong);
        }
        let one_byte = self.string_is_one_byte(first) && self.string_is_one_byte(second);
        if length < cons::MIN_LENGTH {
            // Both parts are shorter than a cons, so both are sequential.
            let mut units: Vec<u16> = Vec::with_capacity(length);
            append_flat_units(self, first, &mut units);
            append_flat_units(self, second, &mut units);
            return self.string_from_two_byte(&units, crate::NewStringType::Normal);
        }
        let map = if one_byte {
            self.roots.cons_one_byte_string_map
        } else {
            self.roots.cons_string_map
        };
        self.rooted(&[first, second], |heap| {
            let object = heap.allocate_raw(cons::SIZE, AllocationType::Young)?;
            heap.js_stack.push(object.tagged());
            Ok(())
        })?;
        let object = HeapObject::from_tagged(self.js_stack_take());
        let second = self.js_stack_take();
        let first = self.js_stack_take();
        object.write_u32(0, map.raw());
        object.write_u32(string::RAW_HASH_FIELD_OFFSET, string::EMPTY_HASH_FIELD);
        object.write_i32(string::LENGTH_OFFSET, length as i32);
        // Usually young, but a full new space places it in old space: keep the barrier.
        object.write_tagged(cons::FIRST_OFFSET, first);
        object.write_tagged(cons::SECOND_OFFSET, second);
        Ok(object.tagged())
    }

    /// A flat string with `s`'s characters: `s` itself when already flat, else a new
    /// sequential string that also replaces the cons's parts (so `s` reads flat from now on).
    pub fn flatten(&mut self, s: Tagged) -> Result<Tagged, StringError> {
        if let Some(flat) = self.flat_content(s) {
            return Ok(flat);
        }
        let length = self.string_length(s);
        let one_byte = self.string_is_one_byte(s);
        let map = if one_byte {
            self.roots.one_byte_string_map
        } else {
            self.roots.string_map
        };
        self.js_stack.push(s);
        let flat = match self.new_raw_seq_string(length, map, AllocationType::Young) {
            Ok(flat) => flat,
            Err(e) => {
                self.js_stack.pop();
                return Err(e);
            }
        };
        let s = self.js_stack_take();
        let mut offset = 0;
        // Walk the tree left to right with an explicit stack: cons chains from `s += c`
        // loops are as deep as the string is long.
        let mut pending = vec![s];
        while let Some(part) = pending.pop() {
            let object = HeapObject::from_tagged(part);
            if let Some(seq) = self.flat_content(part) {
                let n = self.string_length(seq);
                match seq_chars(HeapObject::from_tagged(seq)) {
                    StringChars::OneByte(b) if one_byte => flat.write_bytes(string::HEADER_SIZE + offset, b),
                    StringChars::OneByte(b) => {
                        for (i, &c) in b.iter().enumerate() {
                            flat.write_u16(string::HEADER_SIZE + 2 * (offset + i), c as u16);
                        }
                    }
                    StringChars::TwoByte(w) => {
                        for (i, &c) in w.iter().enumerate() {
                            flat.write_u16(string::HEADER_SIZE + 2 * (offset + i), c);
                        }
                    }
                }
                offset += n;
            } else {
                pending.push(object.read_tagged(cons::SECOND_OFFSET));
                pending.push(object.read_tagged(cons::FIRST_OFFSET));
            }
        }
        debug_assert_eq!(offset, length);
        let cons_object = HeapObject::from_tagged(s);
        cons_object.write_tagged(cons::FIRST_OFFSET, flat.tagged());
        cons_object.write_tagged(cons::SECOND_OFFSET, self.roots.empty_string);
        Ok(flat.tagged())
    }

    /// The internalized string equal to `s` (`s` itself if it is one).
    pub fn internalize_string(&mut self, s: Tagged) -> Result<Tagged, StringError> {
        if HeapObject::from_tagged(s).map().instance_type().is_internalized_string() {
            return Ok(s);
        }
        let flat = self.flatten(s)?;
        let object = HeapObject::from_tagged(flat);
        let hash_field = crate::value::ensure_hash_field(object);
        let key = match seq_chars(object) {
            StringChars::OneByte(b) => Key::OneByte(b),
            StringChars::TwoByte(w) => Key::TwoByte(w),
        };
        if let Some(existing) = self.string_table.lookup(&key, hash_field) {
            return Ok(existing);
        }
        match seq_chars(object) {
            StringChars::OneByte(b) => {
                let b = b.to_vec();
                self.string_from_one_byte(&b, crate::NewStringType::Internalized)
            }
            StringChars::TwoByte(w) => {
                let w = w.to_vec();
                self.string_from_two_byte(&w, crate::NewStringType::Internalized)
            }
        }
    }

    /// The 30-bit hash of a string (computed and cached if needed; the string is flattened
    /// first, which may allocate).
    pub fn string_hash(&mut self, s: Tagged) -> Result<u32, StringError> {
        let object = HeapObject::from_tagged(s);
        let field = object.read_u32(string::RAW_HASH_FIELD_OFFSET);
        if field != string::EMPTY_HASH_FIELD {
            return Ok(string::hash_from_field(field));
        }
        let flat = self.flatten(s)?;
        let field = crate::value::ensure_hash_field(HeapObject::from_tagged(flat));
        Ok(string::hash_from_field(field))
    }
}

/// The characters of a sequential string.
/// Code unit `index` of the string `s` when `s` is flat (see `Heap::flat_content`) and
/// `index` is inside it; `None` otherwise. Reads nothing but the string, so the interpreter
/// can call it while it holds the JS stack.
#[inline]
pub fn flat_code_unit_at(s: Tagged, index: usize) -> Option<u16> {
    let mut object = HeapObject::from_tagged(s);
    if object.map().instance_type().is_cons_string() {
        if HeapObject::from_tagged(object.read_tagged(cons::SECOND_OFFSET)).read_i32(string::LENGTH_OFFSET) != 0 {
            return None;
        }
        object = HeapObject::from_tagged(object.read_tagged(cons::FIRST_OFFSET));
    }
    if index >= object.read_i32(string::LENGTH_OFFSET) as usize {
        return None;
    }
    Some(if object.map().instance_type().is_one_byte_string() {
        object.read_u8(string::HEADER_SIZE + index) as u16
    } else {
        object.read_u16(string::HEADER_SIZE + 2 * index)
    })
}

fn seq_chars<'h>(object: HeapObject) -> StringChars<'h> {
    let len = object.read_i32(string::LENGTH_OFFSET) as usize;
    let start = object.address().0 + string::HEADER_SIZE;
    let one_byte = object.map().instance_type().is_one_byte_string();
    // SAFETY: a sequential string's characters follow its header; the caller holds the heap
    // borrowed (or allocates nothing) while it reads them.
    unsafe {
        if one_byte {
            StringChars::OneByte(std::slice::from_raw_parts(start as *const u8, len))
        } else {
            StringChars::TwoByte(std::slice::from_raw_parts(start as *const u16, len))
        }
    }
}

fn append_flat_units(heap: &Heap, s: Tagged, out: &mut Vec<u16>) {
    match heap.string_chars(s).expect("short strings are flat") {
        StringChars::OneByte(b) => out.extend(b.iter().map(|&c| c as u16)),
        StringChars::TwoByte(w) => out.extend_from_slice(w),
    }
}
