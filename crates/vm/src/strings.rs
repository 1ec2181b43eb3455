//! Strings from the VM's side: making them, reading their characters, comparing and
//! concatenating them, and the one-character string cache.
//!
//! Invariant: functions returning `Vec<u16>` or `String` copy the characters out, so the
//! result stays valid across allocations; nothing here hands out borrowed heap characters.

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::js_object::symbol;
use tagus_heap::{AllocationType, NewStringType, StringChars, StringError, Tagged};

use crate::{JsResult, Vm};

impl Vm {
    /// A new (not internalized) string with the text of `text`.
    pub fn new_string(&mut self, text: &str) -> JsResult<Tagged> {
        match self.heap.string_from_utf8(text.as_bytes(), NewStringType::Normal) {
            Ok(s) => Ok(s),
            Err(e) => Err(self.string_error(e)),
        }
    }

    /// A new string of UTF-16 code units (one-byte if they all fit).
    pub fn new_string_utf16(&mut self, units: &[u16]) -> JsResult<Tagged> {
        if units.len() == 1 && units[0] < 256 {
            return self.single_character_string(units[0]);
        }
        match self.heap.string_from_two_byte(units, NewStringType::Normal) {
            Ok(s) => Ok(s),
            Err(e) => Err(self.string_error(e)),
        }
    }

    /// A new one-byte string of Latin-1 characters.
    pub fn new_string_latin1(&mut self, chars: &[u8]) -> JsResult<Tagged> {
        match self.heap.string_from_one_byte(chars, NewStringType::Normal) {
            Ok(s) => Ok(s),
            Err(e) => Err(self.string_error(e)),
        }
    }

    /// `RangeError: Invalid string length`, or out of memory.
    pub(crate) fn string_error(&mut self, e: StringError) -> crate::Throw {
        match e {
            StringError::TooLong => self.throw_range_error("Invalid string length"),
            _ => self.out_of_memory(),
        }
    }

    /// The one-character string for a code unit below 256 (internalized, cached by the
    /// string table).
    pub fn single_character_string(&mut self, unit: u16) -> JsResult<Tagged> {
        debug_assert!(unit < 256);
        self.heap
            .string_from_one_byte(&[unit as u8], NewStringType::Internalized)
            .map_err(|_| self.out_of_memory())
    }

    /// The character at `index` as a string.
    pub fn string_char_at(&mut self, s: Tagged, index: usize) -> JsResult<Tagged> {
        let unit = self.string_unit_at(s, index)?;
        if unit < 256 {
            self.single_character_string(unit)
        } else {
            self.new_string_utf16(&[unit])
        }
    }

    /// The code unit at `index` (the string is flattened first if needed).
    pub fn string_unit_at(&mut self, s: Tagged, index: usize) -> JsResult<u16> {
        let flat = self.flatten(s)?;
        Ok(match self.heap.string_chars(flat) {
            Some(StringChars::OneByte(b)) => b[index] as u16,
            Some(StringChars::TwoByte(w)) => w[index],
            None => 0,
        })
    }

    /// The flat version of `s` (see `Heap::flatten`).
    pub fn flatten(&mut self, s: Tagged) -> JsResult<Tagged> {
        self.heap.flatten(s).map_err(|e| self.string_error(e))
    }

    /// The code units of a flat string, copied; `None` for an unflattened cons.
    pub fn string_units_flat(&self, s: Tagged) -> Option<Vec<u16>> {
        Some(match self.heap.string_chars(s)? {
            StringChars::OneByte(b) => b.iter().map(|&c| c as u16).collect(),
            StringChars::TwoByte(w) => w.to_vec(),
        })
    }

    /// The code units of any string, copied.
    pub fn string_units(&self, s: Tagged) -> Vec<u16> {
        match self.string_units_flat(s) {
            Some(units) => units,
            None => self.heap.string_to_utf16(s),
        }
    }

    /// Any string as Rust text (lone surrogates become U+FFFD).
    pub fn string_to_rust(&self, s: Tagged) -> String {
        if let Some(StringChars::OneByte(b)) = self.heap.string_chars(s) {
            return b.iter().map(|&c| c as char).collect();
        }
        String::from_utf16_lossy(&self.string_units(s))
    }

    /// Length of a string.
    #[inline]
    pub fn string_length(&self, s: Tagged) -> usize {
        self.heap.string_length(s)
    }

    /// `a + b` for two strings.
    pub fn concat(&mut self, a: Tagged, b: Tagged) -> JsResult<Tagged> {
        self.heap.concat_strings(a, b).map_err(|e| self.string_error(e))
    }

    /// Whether two strings have the same characters.
    pub fn string_equals(&mut self, a: Tagged, b: Tagged) -> JsResult<bool> {
        if a == b {
            return Ok(true);
        }
        let la = self.heap.string_length(a);
        if la != self.heap.string_length(b) {
            return Ok(false);
        }
        let ia = HeapObject::from_tagged(a).map().instance_type();
        let ib = HeapObject::from_tagged(b).map().instance_type();
        if ia.is_internalized_string() && ib.is_internalized_string() {
            return Ok(false);
        }
        let (fa, fb) = self.flatten_pair(a, b)?;
        Ok(match (self.heap.string_chars(fa), self.heap.string_chars(fb)) {
            (Some(StringChars::OneByte(x)), Some(StringChars::OneByte(y))) => x == y,
            (Some(StringChars::TwoByte(x)), Some(StringChars::TwoByte(y))) => x == y,
            (Some(StringChars::OneByte(x)), Some(StringChars::TwoByte(y)))
            | (Some(StringChars::TwoByte(y)), Some(StringChars::OneByte(x))) => x.iter().zip(y).all(|(&p, &q)| p as u16 == q),
            _ => false,
        })
    }

    /// Both strings flattened (the first stays rooted while the second flattens).
    fn flatten_pair(&mut self, a: Tagged, b: Tagged) -> JsResult<(Tagged, Tagged)> {
        let base = self.push(a);
        self.push(b);
        let fa = self.flatten(a)?;
        self.set_slot(base, fa);
        let fb = self.flatten(self.slot(base + 1))?;
        let fa = self.slot(base);
        self.truncate_stack(base);
        Ok((fa, fb))
    }

    /// Compares two strings by code units (for `<` and sorting).
    pub fn string_compare(&mut self, a: Tagged, b: Tagged) -> JsResult<std::cmp::Ordering> {
        let (fa, fb) = self.flatten_pair(a, b)?;
        Ok(match (self.heap.string_chars(fa), self.heap.string_chars(fb)) {
            (Some(StringChars::OneByte(x)), Some(StringChars::OneByte(y))) => x.cmp(y),
            _ => self.string_units(fa).cmp(&self.string_units(fb)),
        })
    }

    // ---- symbols ----------------------------------------------------------------------------

    /// A new symbol with `description` (a string or undefined).
    pub fn new_symbol(&mut self, description: Tagged) -> JsResult<Tagged> {
        let slot = self.push(description);
        let map = self.heap.roots().symbol_map;
        let s = self.heap.allocate_initialized(map, symbol::SIZE, AllocationType::Old);
        let description = self.slot(slot);
        self.truncate_stack(slot);
        let s = s.map_err(|_| self.out_of_memory())?;
        self.next_symbol_hash = self.next_symbol_hash.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let hash = (self.next_symbol_hash >> 2) & tagus_heap::objects::string::HASH_BIT_MASK;
        s.write_u32(symbol::RAW_HASH_FIELD_OFFSET, (hash << tagus_heap::objects::string::HASH_SHIFT) | 2);
        s.write_tagged_no_barrier(symbol::FLAGS_OFFSET, Tagged::smi(0));
        s.write_tagged(symbol::DESCRIPTION_OFFSET, description);
        Ok(s.tagged())
    }

    /// A symbol's description (string or undefined).
    pub fn symbol_description(&self, s: Tagged) -> Tagged {
        HeapObject::from_tagged(s).read_tagged(symbol::DESCRIPTION_OFFSET)
    }

    /// `Symbol(desc)` as `String(symbol)` shows it.
    pub fn symbol_descriptive_string(&mut self, s: Tagged) -> JsResult<String> {
        let d = self.symbol_description(s);
        if d == self.undefined() {
            Ok("Symbol()".to_string())
        } else {
            Ok(format!("Symbol({})", self.string_to_rust(d)))
        }
    }
}

/// Whether a `StringError` is the length limit (used by builtins that build strings).
pub fn is_too_long(e: &StringError) -> bool {
    matches!(e, StringError::TooLong)
}
