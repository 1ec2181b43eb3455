//! The object model: creating JS objects and the ECMAScript internal methods over them
//! ([[Get]], [[Set]], [[DefineOwnProperty]], [[Delete]], [[OwnPropertyKeys]],
//! [[GetPrototypeOf]]...).
//!
//! Property keys are `Tagged`: a Smi for an array index up to `SMI_MAX`, otherwise an
//! internalized string or a symbol (`to_property_key` canonicalizes). Storage: array
//! indices in the `elements` store — a FixedArray (holes are the hole), for the double
//! elements kinds a FixedDoubleArray (see `elements.rs`), for mapped `arguments` objects a
//! SloppyArgumentsElements around a FixedArray (see `arguments.rs`) — unless the index is far beyond
//! it (then the object goes to dictionary mode, the key's string goes to the dictionary and
//! the map says so); names in fields described by the map's descriptors (`shape.rs`) or,
//! in dictionary mode, in the `properties` NameDictionary. Some properties are virtual — computed from the object's
//! fields instead of stored: an array's `length`, a function's `prototype`, and its `name`
//! and `length` until first redefined (then they are materialized into the dictionary).
//!
//! Per-object flags live in the map's bit field 3 (a map copy is made on change):
//! non-extensible, frozen/sealed elements, sparse elements, read-only array length.

use tagus_heap::objects::fixed_array::{self, FixedArray};
use tagus_heap::objects::js_object::{self, accessor_pair, array, function, primitive_wrapper};
use tagus_heap::objects::map as map_layout;
use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::{AllocationType, NewStringType, Tagged};

use crate::dictionary::{self, DONT_DELETE, DONT_ENUM, READ_ONLY};
use crate::elements::{self, Element};
use crate::{JsResult, Root, Vm, shape};

pub use tagus_heap::objects::map::bit_field3::{
    FROZEN_ELEMENTS as MAP_FROZEN_ELEMENTS, LENGTH_READ_ONLY as MAP_LENGTH_READ_ONLY, NON_EXTENSIBLE as MAP_NON_EXTENSIBLE,
    SEALED_ELEMENTS as MAP_SEALED_ELEMENTS, SPARSE_ELEMENTS as MAP_SPARSE_ELEMENTS,
};
/// Map bits any of which keeps an array from being written through its elements store
/// directly (the array builtins' and the fast loop's `push` in place).
pub(crate) const MAP_NOT_SIMPLE_ARRAY: u32 =
    MAP_NON_EXTENSIBLE | MAP_FROZEN_ELEMENTS | MAP_SEALED_ELEMENTS | MAP_SPARSE_ELEMENTS | MAP_LENGTH_READ_ONLY;
/// JSFunction feedback-cell marker: `name` and `length` are materialized in the dictionary.
const FUNCTION_PROPERTIES_MATERIALIZED: Tagged = Tagged::smi(1);

/// Largest array index (2^32 - 2).
pub const MAX_ARRAY_INDEX: u32 = u32::MAX - 1;
/// Elements stay dense while the index is within this many slots of the capacity.
const MAX_GAP: usize = 1024;

/// An own property, as found.
#[derive(Debug, Clone, Copy)]
pub enum Own {
    /// A data property: value and attributes.
    Data(Tagged, u8),
    /// An accessor property: the `AccessorPair` and attributes.
    Accessor(Tagged, u8),
}

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// The element at `index` of a FixedArray.
#[inline(always)]
pub fn fixed_get(array: Tagged, index: usize) -> Tagged {
    obj(array).read_tagged(FixedArray::offset_of_element(index))
}

/// Stores `value` at `index` of a FixedArray (with the write barrier).
#[inline(always)]
pub fn fixed_set(array: Tagged, index: usize, value: Tagged) {
    obj(array).write_tagged(FixedArray::offset_of_element(index), value)
}

/// Length of a FixedArray.
#[inline(always)]
pub fn fixed_len(array: Tagged) -> usize {
    obj(array).read_tagged(fixed_array::LENGTH_OFFSET).smi_value() as usize
}

impl Vm {
    // ---- maps and flags -----------------------------------------------------------------

    /// The map of a heap object.
    #[inline(always)]
    pub fn map_of(&self, o: Tagged) -> Tagged {
        obj(o).map().0.tagged()
    }

    fn map_bits(&self, o: Tagged) -> u32 {
        obj(o).map().0.read_u32(map_layout::BIT_FIELD3_OFFSET)
    }

    fn has_map_bit(&self, o: Tagged, bit: u32) -> bool {
        self.map_bits(o) & bit != 0
    }

    /// Gives the object in `slot` its own copy of its map with `bits` set and `prototype`.
    fn copy_map(&mut self, slot: usize, bits: u32, prototype: Option<Tagged>) -> JsResult<()> {
        self.copy_object_map(slot, bits, 0, prototype)
    }

    // ---- allocation -----------------------------------------------------------------------

    /// A JS object with the map in root `map_root`, no properties, no elements.
    pub fn allocate_js_object(&mut self, map_root: Root) -> JsResult<Tagged> {
        let slot = self.push(self.root(map_root));
        let result = self.allocate_js_object_with_map(slot);
        self.truncate_stack(slot);
        result
    }

    /// A JS object with the map in stack slot `map_slot`.
    pub fn allocate_js_object_with_map(&mut self, map_slot: usize) -> JsResult<Tagged> {
        let map = self.slot(map_slot);
        let size = obj(map).read_u8(map_layout::INSTANCE_SIZE_IN_WORDS_OFFSET) as usize * 4;
        let in_object_start = shape::in_object_start_words(map);
        match self.heap.allocate_js_object(map, size, in_object_start, AllocationType::Young) {
            Ok(o) => Ok(o.tagged()),
            Err(_) => Err(self.out_of_memory()),
        }
    }

    /// An object literal with room for `count` properties.
    pub fn new_object_literal(&mut self, count: usize) -> JsResult<Tagged> {
        let map = self.object_literal_map(count)?;
        let slot = self.push(map);
        let result = self.allocate_js_object_with_map(slot);
        self.truncate_stack(slot);
        result
    }

    /// `{}`.
    pub fn new_object(&mut self) -> JsResult<Tagged> {
        self.allocate_js_object(Root::ObjectMap)
    }

    /// An ordinary object whose prototype is `proto` (an object or null).
    pub fn new_object_with_prototype(&mut self, proto: Tagged) -> JsResult<Tagged> {
        if proto == self.root(Root::ObjectPrototype) {
            return self.new_object();
        }
        if proto == self.null() {
            return self.allocate_js_object(Root::NullPrototypeObjectMap);
        }
        let slot = self.push(proto);
        let result = self.object_create_map(slot).and_then(|map| {
            self.set_slot(slot, map);
            self.allocate_js_object_with_map(slot)
        });
        self.truncate_stack(slot);
        result
    }

    /// A new array of `length` holes (capacity at least `capacity`): `PACKED_SMI_ELEMENTS`
    /// when empty, else `HOLEY_SMI_ELEMENTS` (V8's `new Array(n)`).
    pub fn new_array(&mut self, length: usize, capacity: usize) -> JsResult<Tagged> {
        self.new_array_with_kind(length, capacity, Vm::kind_for_new_array(length))
    }

    /// A new array holding the values in stack slots `first..first + count`
    /// (`PACKED_ELEMENTS`, V8's default for arrays made by the runtime: rest parameters,
    /// `Object.keys`...; its store is always a FixedArray).
    pub fn new_array_from_slots(&mut self, first: usize, count: usize) -> JsResult<Tagged> {
        let a = self.new_array_with_kind(count, count, crate::elements::elements_kind::PACKED_ELEMENTS)?;
        let elements = obj(a).read_tagged(js_object::ELEMENTS_OFFSET);
        for i in 0..count {
            fixed_set(elements, i, self.slot(first + i));
        }
        Ok(a)
    }

    /// An accessor pair.
    pub fn new_accessor_pair(&mut self, getter: Tagged, setter: Tagged) -> JsResult<Tagged> {
        let base = self.push(getter);
        self.push(setter);
        let map = self.heap.roots().accessor_pair_map;
        let pair = self.heap.allocate_initialized(map, accessor_pair::SIZE, AllocationType::Young);
        let (g, s) = (self.slot(base), self.slot(base + 1));
        self.truncate_stack(base);
        let pair = pair.map_err(|_| self.out_of_memory())?;
        pair.write_tagged(accessor_pair::GETTER_OFFSET, g);
        pair.write_tagged(accessor_pair::SETTER_OFFSET, s);
        Ok(pair.tagged())
    }

    /// A primitive wrapper object (`new String("x")`, `Object(1)`).
    pub fn new_primitive_wrapper(&mut self, value: Tagged) -> JsResult<Tagged> {
        let root = if self.is_string(value) {
            Root::StringWrapperMap
        } else if self.is_number(value) {
            Root::NumberWrapperMap
        } else if self.is_symbol(value) {
            Root::SymbolWrapperMap
        } else {
            Root::BooleanWrapperMap
        };
        let slot = self.push(value);
        let w = self.allocate_js_object(root);
        let value = self.slot(slot);
        self.truncate_stack(slot);
        let w = w?;
        obj(w).write_tagged(primitive_wrapper::VALUE_OFFSET, value);
        Ok(w)
    }

    /// The primitive inside a wrapper object.
    pub fn primitive_wrapper_value(&self, o: Tagged) -> Option<Tagged> {
        (self.instance_type(o) == Some(InstanceType::JsPrimitiveWrapper)).then(|| obj(o).read_tagged(primitive_wrapper::VALUE_OFFSET))
    }

    // ---- keys -------------------------------------------------------------------------------

    /// An internalized string for `text`.
    pub fn intern(&mut self, text: &str) -> JsResult<Tagged> {
        self.heap
            .string_from_utf8(text.as_bytes(), NewStringType::Internalized)
            .map_err(|_| self.out_of_memory())
    }

    /// ToPropertyKey: Smi for array indices up to SMI_MAX, else an internalized string or
    /// a symbol.
    pub fn to_property_key(&mut self, value: Tagged) -> JsResult<Tagged> {
        if value.is_smi() {
            if value.smi_value() >= 0 {
                return Ok(value);
            }
        } else if self.is_symbol(value) {
            return Ok(value);
        } else if self.is_string(value) {
            return self.string_to_key(value);
        } else if let Some(n) = self.number_value(value)
            && n >= 0.0
            && n <= tagus_heap::tagged::SMI_MAX as f64
            && n.fract() == 0.0
            && !(n == 0.0 && n.is_sign_negative())
        {
            return Ok(Tagged::smi(n as i32));
        }
        let primitive = self.to_primitive(value, crate::conversions::Hint::String)?;
        if self.is_symbol(primitive) {
            return Ok(primitive);
        }
        let s = self.to_string(primitive)?;
        self.string_to_key(s)
    }

    /// A string key: a Smi if it is a canonical array index up to SMI_MAX, else internalized.
    pub fn string_to_key(&mut self, s: Tagged) -> JsResult<Tagged> {
        let len = self.heap.string_length(s);
        if (1..=10).contains(&len) {
            let flat = self.heap.flatten(s).map_err(|_| self.out_of_memory())?;
            if let Some(index) = self.array_index_of_string(flat)
                && index <= tagus_heap::tagged::SMI_MAX as u32
            {
                return Ok(Tagged::smi(index as i32));
            }
        }
        self.heap.internalize_string(s).map_err(|_| self.out_of_memory())
    }

    /// The canonical key for an internalized name (a constant-pool property name): a Smi
    /// when the name is an array index (`{0: x}`, `o["12"]`), else the name itself. The
    /// hash field caches small indices, so the common case is one load.
    #[inline]
    pub fn name_key(&self, name: Tagged) -> Tagged {
        use tagus_heap::objects::string;
        if !self.is_string(name) {
            return name;
        }
        let field = obj(name).read_u32(string::RAW_HASH_FIELD_OFFSET);
        if field & string::HASH_FIELD_TYPE_MASK == string::HASH_FIELD_TYPE_INTEGER_INDEX {
            return Tagged::smi(((field >> string::HASH_SHIFT) & ((1 << 24) - 1)) as i32);
        }
        let len = self.heap.string_length(name);
        let starts_with_digit = || match self.heap.string_chars(name) {
            Some(tagus_heap::StringChars::OneByte(b)) => b[0].is_ascii_digit(),
            Some(tagus_heap::StringChars::TwoByte(w)) => (b'0' as u16..=b'9' as u16).contains(&w[0]),
            None => true,
        };
        if len >= 8
            && starts_with_digit()
            && let Some(i) = self.array_index_of_string(name)
            && i <= tagus_heap::tagged::SMI_MAX as u32
        {
            return Tagged::smi(i as i32);
        }
        name
    }

    /// The array index (< 2^32 - 1) a flat string denotes, if any.
    pub fn array_index_of_string(&self, s: Tagged) -> Option<u32> {
        fn parse(units: impl ExactSizeIterator<Item = u16> + Clone) -> Option<u32> {
            let len = units.len();
            if len == 0 || len > 10 || (units.clone().next() == Some(b'0' as u16) && len > 1) {
                return None;
            }
            let mut v: u64 = 0;
            for c in units {
                if !(b'0' as u16..=b'9' as u16).contains(&c) {
                    return None;
                }
                v = v * 10 + (c - b'0' as u16) as u64;
            }
            (v <= MAX_ARRAY_INDEX as u64).then_some(v as u32)
        }
        match self.heap.string_chars(s)? {
            tagus_heap::StringChars::OneByte(b) => parse(b.iter().map(|&c| c as u16)),
            tagus_heap::StringChars::TwoByte(w) => parse(w.iter().copied()),
        }
    }

    /// The key for array index `index` (Smi or internalized string).
    pub fn index_key(&mut self, index: u32) -> JsResult<Tagged> {
        if index <= tagus_heap::tagged::SMI_MAX as u32 {
            Ok(Tagged::smi(index as i32))
        } else {
            self.intern(&index.to_string())
        }
    }

    /// The array index a key denotes (Smi keys, and index strings above SMI_MAX).
    pub fn key_as_index(&self, key: Tagged) -> Option<u32> {
        if key.is_smi() {
            return Some(key.smi_value() as u32);
        }
        if self.is_string(key) && self.heap.string_length(key) == 10 {
            self.array_index_of_string(key)
        } else {
            None
        }
    }

    /// A string key's text (Smi keys as decimal).
    pub fn key_to_string(&mut self, key: Tagged) -> JsResult<Tagged> {
        if key.is_smi() {
            return self.intern(&key.smi_value().to_string());
        }
        Ok(key)
    }

    // ---- own properties ---------------------------------------------------------------------

    fn properties(&self, o: Tagged) -> Tagged {
        obj(o).read_tagged(js_object::PROPERTIES_OFFSET)
    }

    fn elements(&self, o: Tagged) -> Tagged {
        obj(o).read_tagged(js_object::ELEMENTS_OFFSET)
    }

    /// The element store of an object: a FixedArray (holes are the hole), for the double
    /// elements kinds a FixedDoubleArray, for mapped `arguments` objects a
    /// SloppyArgumentsElements. Read it with `crate::elements`'s helpers unless the kind is
    /// known.
    #[inline(always)]
    pub fn elements_of(&self, o: Tagged) -> Tagged {
        self.elements(o)
    }

    /// An array's length.
    pub fn array_length(&self, a: Tagged) -> u32 {
        let l = obj(a).read_tagged(array::LENGTH_OFFSET);
        if l.is_smi() {
            l.smi_value() as u32
        } else {
            self.number_value(l).unwrap_or(0.0) as u32
        }
    }

    fn set_array_length_field(&mut self, a_slot: usize, length: u32) -> JsResult<()> {
        let value = self.new_number(length as f64)?;
        obj(self.slot(a_slot)).write_tagged(array::LENGTH_OFFSET, value);
        Ok(())
    }

    /// Whether `key` names a virtual property of `o` (and which attributes it has).
    fn virtual_property(&mut self, o: Tagged, key: Tagged) -> JsResult<Option<Own>> {
        if key.is_smi() {
            if let Some(s) = self.primitive_wrapper_value(o)
                && self.is_string(s)
            {
                let i = key.smi_value() as usize;
                if i < self.heap.string_length(s) {
                    let c = self.string_char_at(s, i)?;
                    return Ok(Some(Own::Data(c, READ_ONLY | DONT_DELETE)));
                }
            }
            return Ok(None);
        }
        let ty = obj(o).map().instance_type();
        match ty {
            InstanceType::JsArray if key == self.root(Root::NameLength) => {
                let len = obj(o).read_tagged(array::LENGTH_OFFSET);
                let ro = if self.has_map_bit(o, MAP_LENGTH_READ_ONLY) { READ_ONLY } else { 0 };
                Ok(Some(Own::Data(len, DONT_ENUM | DONT_DELETE | ro)))
            }
            InstanceType::JsFunction => {
                if key == self.root(Root::NamePrototype) && self.function_has_prototype_slot(o) {
                    let slot = self.push(o);
                    let p = self.function_prototype(slot);
                    self.truncate_stack(slot);
                    return Ok(Some(Own::Data(p?, DONT_ENUM | DONT_DELETE)));
                }
                if obj(o).read_tagged(function::FEEDBACK_CELL_OFFSET) != FUNCTION_PROPERTIES_MATERIALIZED {
                    if key == self.root(Root::NameLength) {
                        return Ok(Some(Own::Data(self.function_length(o), READ_ONLY | DONT_ENUM)));
                    }
                    if key == self.root(Root::NameName) {
                        return Ok(Some(Own::Data(self.function_name(o), READ_ONLY | DONT_ENUM)));
                    }
                }
                Ok(None)
            }
            InstanceType::JsPrimitiveWrapper if key == self.root(Root::NameLength) => {
                let s = obj(o).read_tagged(primitive_wrapper::VALUE_OFFSET);
                if self.is_string(s) {
                    Ok(Some(Own::Data(
                        Tagged::smi(self.heap.string_length(s) as i32),
                        READ_ONLY | DONT_ENUM | DONT_DELETE,
                    )))
                } else {
                    Ok(None)
                }
            }
            _ => Ok(None),
        }
    }

    /// Moves a function's virtual `name` and `length` into its dictionary, so they can be
    /// redefined or deleted.
    fn materialize_function_properties(&mut self, slot: usize) -> JsResult<()> {
        let f = self.slot(slot);
        if obj(f).read_tagged(function::FEEDBACK_CELL_OFFSET) == FUNCTION_PROPERTIES_MATERIALIZED {
            return Ok(());
        }
        let length = self.function_length(f);
        let name = self.function_name(f);
        obj(f).write_tagged_no_barrier(function::FEEDBACK_CELL_OFFSET, FUNCTION_PROPERTIES_MATERIALIZED);
        let key = self.root(Root::NameLength);
        self.add_named_property(slot, key, length, READ_ONLY | DONT_ENUM, false)?;
        let name = {
            let f = self.slot(slot);
            let _ = f;
            name
        };
        let name_slot = self.push(name);
        let key = self.root(Root::NameName);
        let v = self.slot(name_slot);
        let r = self.add_named_property(slot, key, v, READ_ONLY | DONT_ENUM, false);
        self.truncate_stack(name_slot);
        r
    }

    /// [[GetOwnProperty]].
    pub fn get_own_property(&mut self, o: Tagged, key: Tagged) -> JsResult<Option<Own>> {
        if key.is_smi() {
            let index = key.smi_value() as usize;
            let element = self.element(o, index);
            if element != Element::Hole {
                let attrs = if self.has_map_bit(o, MAP_FROZEN_ELEMENTS) {
                    READ_ONLY | DONT_DELETE
                } else if self.has_map_bit(o, MAP_SEALED_ELEMENTS) {
                    DONT_DELETE
                } else {
                    0
                };
                // A double element becomes a number value here (this may allocate).
                let v = self.element_value(element)?.unwrap_or(self.undefined());
                return Ok(Some(Own::Data(v, attrs)));
            }
            if let Some(v) = self.virtual_property(o, key)? {
                return Ok(Some(v));
            }
            if !self.has_map_bit(o, MAP_SPARSE_ELEMENTS) {
                return Ok(None);
            }
            let slot = self.push(o);
            let name = self.intern(&index.to_string());
            let o = self.slot(slot);
            self.truncate_stack(slot);
            return Ok(match self.named_property(o, name?) {
                // A mapped `arguments` index given attributes: the parameter is the value.
                Some(Own::Data(v, attrs)) => Some(Own::Data(self.mapped_argument_value(o, index).unwrap_or(v), attrs)),
                other => other,
            });
        }
        if let Some(v) = self.named_property(o, key) {
            return Ok(Some(v));
        }
        self.virtual_property(o, key)
    }

    /// An own named property stored in a field or in the dictionary (not a virtual one).
    #[inline]
    pub fn named_property(&self, o: Tagged, name: Tagged) -> Option<Own> {
        let map = self.map_of(o);
        if !shape::is_dictionary_map(map) {
            let i = self.find_descriptor(map, name)?;
            let details = shape::descriptor_details(shape::map_descriptors(map), i);
            let v = shape::read_field(o, details.field_index());
            return Some(if details.is_accessor() {
                Own::Accessor(v, details.attributes())
            } else {
                Own::Data(v, details.attributes())
            });
        }
        let dict = self.properties(o);
        let entry = dictionary::find(dict, name)?;
        let d = dictionary::details_at(dict, entry);
        let v = dictionary::value_at(dict, entry);
        Some(if d.is_accessor {
            Own::Accessor(v, d.attributes)
        } else {
            Own::Data(v, d.attributes)
        })
    }

    /// [[GetPrototypeOf]].
    #[inline]
    pub fn get_prototype_of(&self, o: Tagged) -> Tagged {
        obj(o).map().prototype()
    }

    /// [[SetPrototypeOf]]: false if not extensible or it would make a cycle.
    pub fn set_prototype_of(&mut self, o: Tagged, proto: Tagged) -> JsResult<bool> {
        if self.get_prototype_of(o) == proto {
            return Ok(true);
        }
        if self.has_map_bit(o, MAP_NON_EXTENSIBLE) {
            return Ok(false);
        }
        let mut p = proto;
        while p != self.null() {
            if p == o {
                return Ok(false);
            }
            p = self.get_prototype_of(p);
        }
        if o == self.root(Root::ArrayPrototype) {
            self.no_elements_protector = false;
        }
        let slot = self.push(o);
        self.push(proto);
        let r = self.make_prototype(slot + 1).and_then(|_| {
            let proto = self.slot(slot + 1);
            self.copy_map(slot, 0, Some(proto))
        });
        self.truncate_stack(slot);
        r.map(|_| true)
    }

    /// Clears the NoElementsProtector when `o`, about to get indexed properties, is one of
    /// the prototypes it covers.
    pub(crate) fn note_elements_added(&mut self, o: Tagged) {
        if o == self.root(Root::ArrayPrototype) || o == self.root(Root::ObjectPrototype) {
            self.no_elements_protector = false;
        }
    }

    /// [[IsExtensible]].
    pub fn is_extensible(&self, o: Tagged) -> bool {
        !self.has_map_bit(o, MAP_NON_EXTENSIBLE)
    }

    /// [[PreventExtensions]], and with `level` 1 seal, 2 freeze every own property.
    pub fn set_integrity_level(&mut self, o: Tagged, level: u8) -> JsResult<()> {
        let slot = self.push(o);
        let bits = MAP_NON_EXTENSIBLE
            | match level {
                0 => 0,
                1 => MAP_SEALED_ELEMENTS,
                _ => MAP_FROZEN_ELEMENTS | MAP_LENGTH_READ_ONLY,
            };
        // V8's non-extensible, sealed and frozen kinds keep tagged stores.
        self.generalize_elements_to_object(slot)?;
        if level > 1 {
            // Read-only elements alias no parameter.
            self.unmap_all_arguments(slot)?;
        }
        if level > 0 && obj(self.slot(slot)).map().instance_type() == InstanceType::JsFunction {
            self.materialize_function_properties(slot)?;
        }
        if level > 0 {
            // Fast objects keep per-property attributes only in the dictionary here.
            self.normalize(slot)?;
        }
        self.copy_map(slot, bits, None)?;
        if level > 0 {
            // The dictionary in a slot: freezing the global object allocates fresh cells.
            let dict_slot = self.push(self.properties(self.slot(slot)));
            for entry in dictionary::entries_in_order(self, self.slot(dict_slot)) {
                let d = dictionary::details_at(self.slot(dict_slot), entry);
                let mut attrs = d.attributes | DONT_DELETE;
                if level > 1 && !d.is_accessor {
                    attrs |= READ_ONLY;
                }
                dictionary::set_details(self, dict_slot, entry, attrs, d.is_accessor)?;
            }
        }
        self.truncate_stack(slot);
        Ok(())
    }

    /// Whether every own property is non-configurable (and, for `frozen`, non-writable)
    /// and the object is not extensible.
    pub fn test_integrity_level(&mut self, o: Tagged, frozen: bool) -> JsResult<bool> {
        if self.is_extensible(o) {
            return Ok(false);
        }
        let elements = self.elements_backing_store(o);
        let has_elements = (0..fixed_len(elements)).any(|i| !elements::store_is_hole(self, elements, i));
        if has_elements
            && !self.has_map_bit(
                o,
                if frozen {
                    MAP_FROZEN_ELEMENTS
                } else {
                    MAP_SEALED_ELEMENTS | MAP_FROZEN_ELEMENTS
                },
            )
        {
            return Ok(false);
        }
        let fails =
            |attributes: u8, is_accessor: bool| attributes & DONT_DELETE == 0 || (frozen && !is_accessor && attributes & READ_ONLY == 0);
        let map = self.map_of(o);
        if !shape::is_dictionary_map(map) {
            let descriptors = shape::map_descriptors(map);
            let any_fails = (0..shape::own_descriptor_count(map)).any(|i| {
                let d = shape::descriptor_details(descriptors, i);
                fails(d.attributes(), d.is_accessor())
            });
            return Ok(!any_fails);
        }
        let dict = self.properties(o);
        for entry in dictionary::entries_in_order(self, dict) {
            let d = dictionary::details_at(dict, entry);
            if fails(d.attributes, d.is_accessor) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    // ---- [[Get]] ------------------------------------------------------------------------------

    /// `receiver[key]` for any receiver (primitives use their prototype).
    pub fn get_property(&mut self, receiver: Tagged, key: Tagged) -> JsResult<Tagged> {
        let holder = if self.is_object(receiver) {
            receiver
        } else {
            if self.is_string(receiver) {
                if key == self.root(Root::NameLength) {
                    return Ok(Tagged::smi(self.heap.string_length(receiver) as i32));
                }
                if key.is_smi() && (key.smi_value() as usize) < self.heap.string_length(receiver) {
                    return self.string_char_at(receiver, key.smi_value() as usize);
                }
            }
            if self.is_nullish(receiver) {
                let k = self.key_display(key)?;
                let what = if receiver == self.undefined() { "undefined" } else { "null" };
                return Err(self.throw_type_error(&format!("Cannot read properties of {what} (reading '{k}')")));
            }
            self.prototype_for_primitive(receiver)
        };
        self.get_property_from(holder, key, receiver)
    }

    /// [[Get]] starting the lookup at `holder` with `receiver` as `this` for getters
    /// (`super.x` starts at the home object's prototype).
    pub fn get_property_from(&mut self, holder: Tagged, key: Tagged, receiver: Tagged) -> JsResult<Tagged> {
        // Fast path: names in dictionaries along the chain need no allocation.
        let mut h = holder;
        if !key.is_smi() {
            loop {
                if h == self.null() || !self.is_object(h) {
                    return Ok(self.undefined());
                }
                match self.named_property(h, key) {
                    Some(Own::Data(v, _)) => return Ok(v),
                    Some(Own::Accessor(..)) => break,
                    None => {
                        let ty = obj(h).map().instance_type_raw();
                        if ty != InstanceType::JsObject as u16 && ty != InstanceType::JsGlobalObject as u16 {
                            break;
                        }
                        h = self.get_prototype_of(h);
                    }
                }
            }
        }
        // General path: lookups may allocate, so holder, key and receiver live in slots.
        let base = self.push(h);
        self.push(key);
        self.push(receiver);
        let result = loop {
            let (holder, key) = (self.slot(base), self.slot(base + 1));
            if holder == self.null() || !self.is_object(holder) {
                break Ok(self.undefined());
            }
            match self.get_own_property(holder, key) {
                Err(t) => break Err(t),
                Ok(Some(Own::Data(v, _))) => break Ok(v),
                Ok(Some(Own::Accessor(pair, _))) => {
                    let getter = obj(pair).read_tagged(accessor_pair::GETTER_OFFSET);
                    if getter == self.undefined() {
                        break Ok(self.undefined());
                    }
                    let receiver = self.slot(base + 2);
                    break self.call(getter, receiver, &[]);
                }
                Ok(None) => {
                    let proto = self.get_prototype_of(self.slot(base));
                    self.set_slot(base, proto);
                }
            }
        };
        self.truncate_stack(base);
        result
    }

    /// [[Set]] starting the lookup at `holder` with `receiver` (for `super[key] = v`).
    pub fn set_property_from(&mut self, holder: Tagged, key: Tagged, value: Tagged, receiver: Tagged, strict: bool) -> JsResult<()> {
        let base = self.push(receiver);
        self.push(key);
        self.push(value);
        let found = if self.is_object(holder) {
            self.find_property(holder, key)?
        } else {
            None
        };
        let (receiver, key, value) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
        let r = match found {
            Some(Own::Accessor(pair, _)) => self.call_setter(pair, receiver, value, key, strict),
            Some(Own::Data(_, attrs)) if attrs & READ_ONLY != 0 => {
                if strict {
                    let k = self.key_display(key)?;
                    Err(self.throw_type_error(&format!("Cannot assign to read only property '{k}' of object")))
                } else {
                    Ok(())
                }
            }
            _ => self.define_own_data(receiver, key, value, 0),
        };
        self.truncate_stack(base);
        r
    }

    /// `receiver[name]` for a root name.
    pub fn get_named(&mut self, receiver: Tagged, name: Root) -> JsResult<Tagged> {
        let key = self.root(name);
        self.get_property(receiver, key)
    }

    /// `receiver[text]`.
    pub fn get_by_str(&mut self, receiver: Tagged, text: &str) -> JsResult<Tagged> {
        let slot = self.push(receiver);
        let key = self.intern(text);
        let receiver = self.slot(slot);
        self.truncate_stack(slot);
        self.get_property(receiver, key?)
    }

    /// The prototype used for property lookups on a primitive.
    pub fn prototype_for_primitive(&self, value: Tagged) -> Tagged {
        if self.is_number(value) {
            self.root(Root::NumberPrototype)
        } else if self.is_string(value) {
            self.root(Root::StringPrototype)
        } else if self.is_symbol(value) {
            self.root(Root::SymbolPrototype)
        } else {
            self.root(Root::BooleanPrototype)
        }
    }

    // ---- [[Set]] ------------------------------------------------------------------------------

    /// `receiver[key] = value` (OrdinarySet); `strict` decides whether a failure throws.
    pub fn set_property(&mut self, receiver: Tagged, key: Tagged, value: Tagged, strict: bool) -> JsResult<()> {
        if !self.is_object(receiver) {
            if self.is_nullish(receiver) {
                let k = self.key_display(key)?;
                let what = if receiver == self.undefined() { "undefined" } else { "null" };
                return Err(self.throw_type_error(&format!("Cannot set properties of {what} (setting '{k}')")));
            }
            // Setters on the prototype chain still run; data writes to primitives are lost.
            let proto = self.prototype_for_primitive(receiver);
            let base = self.push(receiver);
            self.push(value);
            let found = self.find_property(proto, key)?;
            let (receiver, value) = (self.slot(base), self.slot(base + 1));
            self.truncate_stack(base);
            if let Some(Own::Accessor(pair, _)) = found {
                return self.call_setter(pair, receiver, value, key, strict);
            }
            if strict {
                let k = self.key_display(key)?;
                let kind = self.string_to_rust(self.type_of(receiver));
                let shown = self.to_display_string(receiver)?;
                let read_only_char = self.is_string(receiver) && key.is_smi() && (key.smi_value() as usize) < self.string_length(receiver);
                let message = if read_only_char {
                    format!("Cannot assign to read only property '{k}' of {kind} '{shown}'")
                } else {
                    format!("Cannot create property '{k}' on {kind} '{shown}'")
                };
                return Err(self.throw_type_error(&message));
            }
            return Ok(());
        }
        // Fast path: an own writable data property in the dictionary or elements.
        if key.is_smi() {
            let index = key.smi_value() as usize;
            if self.has_fast_element(receiver, index)
                && self.map_bits(receiver) & MAP_FROZEN_ELEMENTS == 0
                && self.write_element_if_fits(receiver, index, value)
            {
                return Ok(());
            }
        } else if self.store_own_writable(receiver, key, value) {
            return Ok(());
        }
        let base = self.push(receiver);
        self.push(key);
        self.push(value);
        let found = self.find_property(receiver, key)?;
        let (receiver, key, value) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
        let result = match found {
            Some(Own::Accessor(pair, _)) => self.call_setter(pair, receiver, value, key, strict),
            Some(Own::Data(_, attrs)) if attrs & READ_ONLY != 0 => {
                if strict {
                    let k = self.key_display(key)?;
                    let shown = self.object_description(receiver)?;
                    Err(self.throw_type_error(&format!("Cannot assign to read only property '{k}' of {shown}")))
                } else {
                    Ok(())
                }
            }
            _ => {
                // A writable data property (own or inherited), or none: define on the receiver.
                let own = self.get_own_property(receiver, key)?;
                let (receiver, key, value) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
                match own {
                    Some(Own::Data(_, attrs)) => self.define_own_data(receiver, key, value, attrs),
                    _ => {
                        let grows_read_only_length = self.is_array(receiver)
                            && self.has_map_bit(receiver, MAP_LENGTH_READ_ONLY)
                            && self.key_as_index(key).is_some_and(|i| i >= self.array_length(receiver));
                        if !self.is_extensible(receiver) {
                            if strict {
                                let k = self.key_display(key)?;
                                Err(self.throw_type_error(&format!("Cannot add property {k}, object is not extensible")))
                            } else {
                                Ok(())
                            }
                        } else if grows_read_only_length {
                            if strict {
                                Err(self.throw_type_error("Cannot assign to read only property 'length' of object '[object Array]'"))
                            } else {
                                Ok(())
                            }
                        } else {
                            self.define_own_data(receiver, key, value, 0)
                        }
                    }
                }
            }
        };
        self.truncate_stack(base);
        result
    }

    fn call_setter(&mut self, pair: Tagged, receiver: Tagged, value: Tagged, key: Tagged, strict: bool) -> JsResult<()> {
        let setter = obj(pair).read_tagged(accessor_pair::SETTER_OFFSET);
        if setter == self.undefined() {
            if strict {
                let k = self.key_display(key)?;
                let shown = self.to_display_string(receiver)?;
                return Err(self.throw_type_error(&format!("Cannot set property {k} of {shown} which has only a getter")));
            }
            return Ok(());
        }
        self.call(setter, receiver, &[value]).map(|_| ())
    }

    /// The first property named `key` on `o` or its prototype chain.
    pub fn find_property(&mut self, o: Tagged, key: Tagged) -> JsResult<Option<Own>> {
        // Holder and key live in slots: an own-property lookup may allocate.
        let base = self.push(o);
        self.push(key);
        let result = loop {
            let (holder, key) = (self.slot(base), self.slot(base + 1));
            match self.get_own_property(holder, key) {
                Err(t) => break Err(t),
                Ok(Some(p)) => break Ok(Some(p)),
                Ok(None) => {
                    let proto = self.get_prototype_of(self.slot(base));
                    if proto == self.null() {
                        break Ok(None);
                    }
                    self.set_slot(base, proto);
                }
            }
        };
        self.truncate_stack(base);
        result
    }

    /// [[HasProperty]].
    pub fn has_property(&mut self, o: Tagged, key: Tagged) -> JsResult<bool> {
        Ok(self.find_property(o, key)?.is_some())
    }

    /// Whether `o` has an own property `key`.
    pub fn has_own_property(&mut self, o: Tagged, key: Tagged) -> JsResult<bool> {
        Ok(self.get_own_property(o, key)?.is_some())
    }

    // ---- [[DefineOwnProperty]] ----------------------------------------------------------------

    /// Defines (or overwrites) an own data property with `attributes`, bypassing setters and
    /// read-only checks (CreateDataProperty / object literals / builtin installation).
    pub fn define_own_data(&mut self, o: Tagged, key: Tagged, value: Tagged, attributes: u8) -> JsResult<()> {
        let base = self.push(o);
        self.push(key);
        self.push(value);
        let r = self.define_own_data_in_slots(base, attributes);
        self.truncate_stack(base);
        r
    }

    fn define_own_data_in_slots(&mut self, base: usize, attributes: u8) -> JsResult<()> {
        let (o, key, value) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
        let ty = obj(o).map().instance_type();
        if key.is_smi() && attributes == 0 && !self.has_map_bit(o, MAP_FROZEN_ELEMENTS | MAP_SEALED_ELEMENTS) {
            let index = key.smi_value() as u32;
            if self.store_element(base, index, value)? {
                return Ok(());
            }
            let o = self.slot(base);
            let key = self.slot(base + 1);
            return self.define_sparse(base, o, key, 0, false);
        }
        if !key.is_smi() {
            match ty {
                InstanceType::JsArray if key == self.root(Root::NameLength) => {
                    let len = self.to_number(value)?;
                    let new_len = len as u32;
                    if new_len as f64 != len {
                        return Err(self.throw_range_error("Invalid array length"));
                    }
                    self.set_array_length(base, new_len)?;
                    if attributes & READ_ONLY != 0 {
                        self.copy_map(base, MAP_LENGTH_READ_ONLY, None)?;
                    }
                    return Ok(());
                }
                InstanceType::JsFunction => {
                    if key == self.root(Root::NamePrototype) && self.function_has_prototype_slot(o) {
                        self.set_function_prototype(base, value)?;
                        return Ok(());
                    }
                    if key == self.root(Root::NameLength) || key == self.root(Root::NameName) {
                        self.materialize_function_properties(base)?;
                    }
                }
                _ => {}
            }
        }
        let o = self.slot(base);
        let key = self.slot(base + 1);
        if key.is_smi() {
            // Attributes on an element: elements carry none, so keep it in the dictionary.
            self.generalize_elements_to_object(base)?;
            self.make_elements_holey(base)?;
            let (o, key) = (self.slot(base), self.slot(base + 1));
            let index = key.smi_value() as usize;
            let elements = self.elements_backing_store(o);
            if index < fixed_len(elements) {
                fixed_set(elements, index, self.hole());
            }
            self.write_mapped_argument(o, index, self.slot(base + 2));
            return self.define_sparse(base, o, key, attributes, false);
        }
        let map = self.map_of(o);
        if !shape::is_dictionary_map(map) {
            let Some(i) = self.find_descriptor(map, key) else {
                return self.add_named_property(base, key, value, attributes, false);
            };
            let d = shape::descriptor_details(shape::map_descriptors(map), i);
            if d.attributes() == attributes && !d.is_accessor() {
                self.write_fast_field(o, i, value);
                return Ok(());
            }
            // A different kind or attributes: reconfigure in the dictionary.
            self.normalize(base)?;
        }
        let (o, key, value) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
        if let Some(entry) = dictionary::find(self.properties(o), key) {
            return self.redefine_dictionary_entry(base, entry, base + 2, attributes, false);
        }
        self.add_named_property(base, key, value, attributes, false)
    }

    /// Gives entry `entry` of the dictionary of the object in `o_slot` new attributes and kind,
    /// then the value in `value_slot` (details first: on the global object they may move the
    /// entry to a fresh cell, which allocates).
    fn redefine_dictionary_entry(
        &mut self,
        o_slot: usize,
        entry: usize,
        value_slot: usize,
        attributes: u8,
        is_accessor: bool,
    ) -> JsResult<()> {
        let dict_slot = self.push(self.properties(self.slot(o_slot)));
        let r = dictionary::set_details(self, dict_slot, entry, attributes, is_accessor);
        if r.is_ok() {
            dictionary::set_value_at(self.slot(dict_slot), entry, self.slot(value_slot));
            // An accessor or a read-only property may have become writable data, or the
            // reverse: stores that add the name below a prototype must look again.
            self.invalidate_if_prototype(self.slot(o_slot));
        }
        self.truncate_stack(dict_slot);
        r
    }

    /// Stores `value` in descriptor `i`'s field of the fast object `o`, generalizing the
    /// field's representation first if the value does not fit it.
    pub(crate) fn write_fast_field(&mut self, o: Tagged, i: usize, value: Tagged) {
        let descriptors = shape::map_descriptors(self.map_of(o));
        let d = shape::descriptor_details(descriptors, i);
        if !shape::fits(self, d.representation(), value) {
            let general = d.representation().generalize(shape::representation_of(self, value));
            fixed_set(
                descriptors,
                tagus_heap::objects::descriptors::descriptor_array::details_index(i),
                d.with_representation(general).to_smi(),
            );
        }
        shape::write_field(o, d.field_index(), value);
    }

    /// `o[key] = value` when `key` names an own writable data property (no allocation).
    #[inline]
    pub(crate) fn store_own_writable(&mut self, o: Tagged, key: Tagged, value: Tagged) -> bool {
        let map = self.map_of(o);
        if !shape::is_dictionary_map(map) {
            if let Some(i) = self.find_descriptor(map, key) {
                let d = shape::descriptor_details(shape::map_descriptors(map), i);
                if !d.is_accessor() && d.attributes() & READ_ONLY == 0 {
                    self.write_fast_field(o, i, value);
                    return true;
                }
            }
            return false;
        }
        let dict = self.properties(o);
        if let Some(entry) = dictionary::find(dict, key) {
            let d = dictionary::details_at(dict, entry);
            if !d.is_accessor && d.attributes & READ_ONLY == 0 {
                dictionary::set_value_at(dict, entry, value);
                return true;
            }
        }
        false
    }

    /// Stores an element (index key, default attributes) on the object in `o_slot`, growing
    /// the elements store if the index is near it. False if the index is too far out (the
    /// caller stores it sparsely).
    fn store_element(&mut self, o_slot: usize, index: u32, value: Tagged) -> JsResult<bool> {
        let o = self.slot(o_slot);
        let capacity = fixed_len(self.elements_backing_store(o));
        let is_array = obj(o).map().instance_type() == InstanceType::JsArray;
        let i = index as usize;
        if is_array && index >= self.array_length(o) && self.has_map_bit(o, MAP_LENGTH_READ_ONLY) {
            // The length cannot grow: nothing is added (`set_property` throws in strict code).
            return Ok(true);
        }
        if i >= capacity && ((i > capacity + MAX_GAP && i > capacity * 2) || i + 1 > self.max_store_length(o)) {
            return Ok(false);
        }
        // The common case: room in the store, no gap, and a kind that holds the value.
        if i < capacity && (!is_array || index <= self.array_length(o)) && self.write_element_if_fits(o, i, value) {
            if is_array && index == self.array_length(o) {
                self.set_array_length_field(o_slot, index + 1)?;
            }
            return Ok(true);
        }
        let value_slot = self.push(value);
        let r = (|| {
            // The kind must hold the value, and holes if the store leaves a gap below the
            // array's new length.
            let o = self.slot(o_slot);
            let mut kind = elements::elements_kind::union(self.elements_kind(o), self.elements_kind_for_value(value));
            if is_array && index > self.array_length(o) {
                kind = elements::elements_kind::to_holey(kind);
            }
            self.transition_elements_kind(o_slot, kind)?;
            if i >= capacity {
                let new_capacity = (i + 1 + (i >> 1) + 16).min(self.max_store_length(self.slot(o_slot)));
                self.grow_elements(o_slot, new_capacity)?;
            }
            let written = self.write_element_if_fits(self.slot(o_slot), i, self.slot(value_slot));
            debug_assert!(written, "the kind holds the value");
            let o = self.slot(o_slot);
            if is_array && index >= self.array_length(o) {
                self.set_array_length_field(o_slot, index + 1)?;
            }
            Ok(true)
        })();
        self.truncate_stack(value_slot);
        r
    }

    /// The longest elements store `o` may have (FixedArray or FixedDoubleArray limit).
    fn max_store_length(&self, o: Tagged) -> usize {
        if elements::elements_kind::is_double(self.elements_kind(o)) {
            tagus_heap::objects::fixed_double_array::MAX_LENGTH
        } else {
            fixed_array::MAX_LENGTH
        }
    }

    /// Makes the elements backing store of the object in `o_slot` at least `capacity` long
    /// (holes after its elements), keeping its kind (a FixedDoubleArray for the double kinds).
    pub fn grow_elements(&mut self, o_slot: usize, capacity: usize) -> JsResult<()> {
        let fresh = self.copy_elements_store(o_slot, capacity)?;
        let o = self.slot(o_slot);
        self.note_elements_added(o);
        let store = self.elements(o);
        if crate::arguments::is_sloppy_arguments_store(store) {
            crate::arguments::set_arguments_store(store, fresh);
        } else {
            obj(o).write_tagged(js_object::ELEMENTS_OFFSET, fresh);
        }
        Ok(())
    }

    fn define_sparse(&mut self, base: usize, o: Tagged, key: Tagged, attributes: u8, is_accessor: bool) -> JsResult<()> {
        let _ = (o, key);
        // Sparse objects keep a tagged store (V8's dictionary elements hold tagged values).
        self.generalize_elements_to_object(base)?;
        self.make_elements_holey(base)?;
        let key = self.slot(base + 1);
        let index = self.key_as_index(key).unwrap_or(0);
        let name = self.intern(&index.to_string())?;
        // The name (maybe a young string) must survive the map changes below.
        let name_slot = self.push(name);
        let r = (|| {
            self.normalize(base)?;
            let o = self.slot(base);
            self.note_elements_added(o);
            if !self.has_map_bit(o, MAP_SPARSE_ELEMENTS) {
                self.copy_map(base, MAP_SPARSE_ELEMENTS, None)?;
            }
            let (o, name, value) = (self.slot(base), self.slot(name_slot), self.slot(base + 2));
            if let Some(entry) = dictionary::find(self.properties(o), name) {
                self.redefine_dictionary_entry(base, entry, base + 2, attributes, is_accessor)
            } else {
                self.add_named_property(base, name, value, attributes, is_accessor)
            }
        })();
        self.truncate_stack(name_slot);
        r?;
        let o = self.slot(base);
        if obj(o).map().instance_type() == InstanceType::JsArray && index >= self.array_length(o) {
            self.set_array_length_field(base, index + 1)?;
        }
        Ok(())
    }

    /// Adds an absent name to the object in `o_slot` (a field, or a dictionary entry).
    fn add_named_property(&mut self, o_slot: usize, name: Tagged, value: Tagged, attributes: u8, is_accessor: bool) -> JsResult<()> {
        let name_slot = self.push(name);
        let value_slot = self.push(value);
        let r = if shape::is_dictionary_map(self.map_of(self.slot(o_slot))) {
            self.add_dictionary_property(o_slot, name_slot, value_slot, attributes, is_accessor)
        } else {
            self.add_fast_property(o_slot, name_slot, value_slot, attributes, is_accessor)
        };
        self.truncate_stack(name_slot);
        r
    }

    /// Defines an accessor property: `getter`/`setter` undefined keeps the existing half
    /// when the property already is an accessor.
    pub fn define_accessor(&mut self, o: Tagged, key: Tagged, getter: Tagged, setter: Tagged, attributes: u8) -> JsResult<()> {
        let base = self.push(o);
        self.push(key);
        self.push(getter);
        self.push(setter);
        let r = (|| {
            let existing = self.get_own_property(o, key)?;
            let (mut g, mut s) = (self.slot(base + 2), self.slot(base + 3));
            if let Some(Own::Accessor(pair, _)) = existing {
                if g == self.undefined() {
                    g = obj(pair).read_tagged(accessor_pair::GETTER_OFFSET);
                }
                if s == self.undefined() {
                    s = obj(pair).read_tagged(accessor_pair::SETTER_OFFSET);
                }
            }
            let pair = self.new_accessor_pair(g, s)?;
            self.set_slot(base + 2, pair);
            let o = self.slot(base);
            let key = self.slot(base + 1);
            if obj(o).map().instance_type() == InstanceType::JsFunction
                && (key == self.root(Root::NameLength) || key == self.root(Root::NameName))
            {
                self.materialize_function_properties(base)?;
            }
            let (o, key) = (self.slot(base), self.slot(base + 1));
            if key.is_smi() {
                self.generalize_elements_to_object(base)?;
                self.make_elements_holey(base)?;
                let o = self.slot(base);
                let index = key.smi_value() as usize;
                // An accessor aliases no parameter.
                self.forget_argument_mapping(o, index);
                let elements = self.elements_backing_store(o);
                if index < fixed_len(elements) {
                    fixed_set(elements, index, self.hole());
                }
                return self.define_sparse(base, o, key, attributes, true);
            }
            let map = self.map_of(o);
            if !shape::is_dictionary_map(map) {
                if self.find_descriptor(map, key).is_none() {
                    let pair = self.slot(base + 2);
                    return self.add_named_property(base, key, pair, attributes, true);
                }
                self.normalize(base)?;
            }
            let (o, key) = (self.slot(base), self.slot(base + 1));
            if let Some(entry) = dictionary::find(self.properties(o), key) {
                return self.redefine_dictionary_entry(base, entry, base + 2, attributes, true);
            }
            let pair = self.slot(base + 2);
            self.add_named_property(base, key, pair, attributes, true)
        })();
        self.truncate_stack(base);
        r
    }

    // ---- [[Delete]] ---------------------------------------------------------------------------

    /// [[Delete]]: false (or TypeError when `strict`) for a non-configurable property.
    pub fn delete_property(&mut self, o: Tagged, key: Tagged, strict: bool) -> JsResult<bool> {
        if !self.is_object(o) {
            return Ok(true);
        }
        let base = self.push(o);
        self.push(key);
        let r = (|| {
            let own = self.get_own_property(o, key)?;
            let attrs = match own {
                None => return Ok(true),
                Some(Own::Data(_, a)) | Some(Own::Accessor(_, a)) => a,
            };
            let (o, key) = (self.slot(base), self.slot(base + 1));
            if attrs & DONT_DELETE != 0 {
                if strict {
                    let k = self.key_display(key)?;
                    let shown = self.to_display_string(o)?;
                    return Err(self.throw_type_error(&format!("Cannot delete property '{k}' of {shown}")));
                }
                return Ok(false);
            }
            if key.is_smi() {
                let index = key.smi_value() as usize;
                self.forget_argument_mapping(o, index);
                if self.has_fast_element(o, index) {
                    self.make_elements_holey(base)?;
                    let elements = self.elements_backing_store(self.slot(base));
                    elements::store_set_hole(self, elements, index);
                    return Ok(true);
                }
                let name = self.intern(&index.to_string())?;
                let o = self.slot(base);
                if shape::is_dictionary_map(self.map_of(o)) {
                    let dict = self.properties(o);
                    if let Some(entry) = dictionary::find(dict, name) {
                        dictionary::remove(self, dict, entry);
                    }
                }
                return Ok(true);
            }
            if obj(o).map().instance_type() == InstanceType::JsFunction
                && (key == self.root(Root::NameLength) || key == self.root(Root::NameName))
            {
                self.materialize_function_properties(base)?;
            }
            let (o, key) = (self.slot(base), self.slot(base + 1));
            let map = self.map_of(o);
            if !shape::is_dictionary_map(map)
                && let Some(i) = self.find_descriptor(map, key)
                && self.delete_fast_property(base, i)?
            {
                return Ok(true);
            }
            let (o, key) = (self.slot(base), self.slot(base + 1));
            if !shape::is_dictionary_map(self.map_of(o)) {
                return Ok(true);
            }
            let dict = self.properties(o);
            if let Some(entry) = dictionary::find(dict, key) {
                dictionary::remove(self, dict, entry);
                self.invalidate_if_prototype(o);
            }
            Ok(true)
        })();
        self.truncate_stack(base);
        r
    }

    // ---- arrays -------------------------------------------------------------------------------

    /// Sets an array's length, deleting elements past it.
    pub fn set_array_length(&mut self, a_slot: usize, new_length: u32) -> JsResult<()> {
        let a = self.slot(a_slot);
        if self.has_map_bit(a, MAP_LENGTH_READ_ONLY) {
            return Ok(());
        }
        let old_length = self.array_length(a);
        if new_length > old_length {
            // Holes below the new length make the kind holey (callers that filled the new
            // indices first, like `push`, keep a packed kind).
            let elements = self.elements(a);
            let filled = (new_length as usize) <= fixed_len(elements)
                && (old_length as usize..new_length as usize).all(|i| !elements::store_is_hole(self, elements, i));
            if !filled {
                self.make_elements_holey(a_slot)?;
            }
        }
        let a = self.slot(a_slot);
        if new_length < old_length {
            let elements = self.elements(a);
            elements::store_fill_holes(self, elements, new_length as usize, fixed_len(elements).min(old_length as usize));
            if self.has_map_bit(a, MAP_SPARSE_ELEMENTS) {
                let dict = self.properties(a);
                for entry in dictionary::entries_in_order(self, dict) {
                    let k = dictionary::key_at(dict, entry);
                    if let Some(i) = self.array_index_of_string(k)
                        && i >= new_length
                    {
                        dictionary::remove(self, dict, entry);
                    }
                }
            }
            // Give memory back when an array shrinks a lot (pop loops keep the store).
            if (new_length as usize) * 4 < fixed_len(elements) && fixed_len(elements) > 64 {
                let fresh = self.copy_elements_store(a_slot, new_length as usize)?;
                obj(self.slot(a_slot)).write_tagged(js_object::ELEMENTS_OFFSET, fresh);
            }
        }
        self.set_array_length_field(a_slot, new_length)
    }

    /// Appends `value` (in a slot) to the array in `a_slot`.
    pub fn array_push(&mut self, a_slot: usize, value_slot: usize) -> JsResult<()> {
        let a = self.slot(a_slot);
        let len = self.array_length(a);
        if len >= MAX_ARRAY_INDEX {
            return Err(self.throw_type_error("Pushing 1 elements on an array-like of length 4294967295 is disallowed"));
        }
        let v = self.slot(value_slot);
        let base = self.push(a);
        self.push(Tagged::smi(0));
        self.push(v);
        let key = self.index_key(len)?;
        self.set_slot(base + 1, key);
        let r = self.define_own_data_in_slots(base, 0);
        self.truncate_stack(base);
        r
    }

    // ---- [[OwnPropertyKeys]] --------------------------------------------------------------------

    /// Own keys in spec order (indices ascending, then strings, then symbols, each in
    /// creation order) as a FixedArray of keys; `only_enumerable` filters.
    pub fn own_keys(&mut self, o: Tagged, only_enumerable: bool, strings: bool, symbols: bool) -> JsResult<Tagged> {
        let base = self.push(o);
        let mut index_keys: Vec<u32> = Vec::new();
        let elements = self.elements_backing_store(o);
        for i in 0..fixed_len(elements) {
            if !elements::store_is_hole(self, elements, i) {
                index_keys.push(i as u32);
            }
        }
        if let Some(s) = self.primitive_wrapper_value(o)
            && self.is_string(s)
        {
            index_keys.extend(0..self.heap.string_length(s) as u32);
        }
        // Named keys: (kind, descriptor or dictionary entry) where kind 1 = string, 2 = symbol.
        let map = self.map_of(o);
        let fast = !shape::is_dictionary_map(map);
        let mut named: Vec<(u8, usize)> = Vec::new();
        if fast {
            let descriptors = shape::map_descriptors(map);
            for i in 0..shape::own_descriptor_count(map) {
                if only_enumerable && shape::descriptor_details(descriptors, i).attributes() & DONT_ENUM != 0 {
                    continue;
                }
                let k = shape::descriptor_key(descriptors, i);
                if self.is_symbol(k) {
                    named.push((2, i));
                } else if let Some(index) = self.array_index_of_string(k) {
                    index_keys.push(index);
                } else {
                    named.push((1, i));
                }
            }
        } else {
            let dict = self.properties(o);
            for entry in dictionary::entries_in_order(self, dict) {
                let d = dictionary::details_at(dict, entry);
                if only_enumerable && d.attributes & DONT_ENUM != 0 {
                    continue;
                }
                let k = dictionary::key_at(dict, entry);
                if self.is_symbol(k) {
                    named.push((2, entry));
                } else if let Some(i) = self.array_index_of_string(k) {
                    index_keys.push(i);
                } else {
                    named.push((1, entry));
                }
            }
        }
        index_keys.sort_unstable();
        index_keys.dedup();
        // Virtual keys that are not enumerable come after indices, before other names.
        let mut virtual_names: Vec<Root> = Vec::new();
        if !only_enumerable {
            match obj(o).map().instance_type() {
                InstanceType::JsArray => virtual_names.push(Root::NameLength),
                InstanceType::JsPrimitiveWrapper if self.is_string(obj(o).read_tagged(primitive_wrapper::VALUE_OFFSET)) => {
                    virtual_names.push(Root::NameLength)
                }
                InstanceType::JsFunction => {
                    if obj(o).read_tagged(function::FEEDBACK_CELL_OFFSET) != FUNCTION_PROPERTIES_MATERIALIZED {
                        virtual_names.push(Root::NameLength);
                        virtual_names.push(Root::NameName);
                    }
                    if self.function_has_prototype_slot(o) {
                        virtual_names.push(Root::NamePrototype);
                    }
                }
                _ => {}
            }
        }
        let string_count = if strings {
            index_keys.len() + virtual_names.len() + named.iter().filter(|n| n.0 == 1).count()
        } else {
            0
        };
        let symbol_count = if symbols { named.iter().filter(|n| n.0 == 2).count() } else { 0 };
        let keys = self
            .heap
            .new_fixed_array(string_count + symbol_count, AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        let keys_slot = self.push(keys);
        let mut n = 0;
        if strings {
            for &i in &index_keys {
                let k = self.index_key(i)?;
                fixed_set(self.slot(keys_slot), n, k);
                n += 1;
            }
            for &r in &virtual_names {
                fixed_set(self.slot(keys_slot), n, self.root(r));
                n += 1;
            }
        }
        let o = self.slot(base);
        let store = if fast {
            shape::map_descriptors(self.map_of(o))
        } else {
            self.properties(o)
        };
        for kind in [1u8, 2] {
            if (kind == 1 && !strings) || (kind == 2 && !symbols) {
                continue;
            }
            for &(k, at) in &named {
                if k == kind {
                    let key = if fast {
                        shape::descriptor_key(store, at)
                    } else {
                        dictionary::key_at(store, at)
                    };
                    fixed_set(self.slot(keys_slot), n, key);
                    n += 1;
                }
            }
        }
        let keys = self.slot(keys_slot);
        self.truncate_stack(base);
        Ok(keys)
    }

    /// A short description of a key for error messages.
    pub fn key_display(&mut self, key: Tagged) -> JsResult<String> {
        if key.is_smi() {
            return Ok(key.smi_value().to_string());
        }
        if self.is_symbol(key) {
            return self.symbol_descriptive_string(key);
        }
        Ok(self.string_to_rust(key))
    }

    /// `#<Object>`-style description used in V8's messages.
    pub fn object_description(&mut self, o: Tagged) -> JsResult<String> {
        if !self.is_object(o) {
            return self.to_display_string(o);
        }
        if obj(o).map().instance_type() == InstanceType::JsArray {
            return Ok("object '[object Array]'".to_string());
        }
        let name = self.constructor_name(o).unwrap_or_else(|| "Object".to_string());
        Ok(format!("object '#<{name}>'"))
    }

    /// The name of `o.constructor` found through its prototype chain, if a function.
    pub fn constructor_name(&mut self, o: Tagged) -> Option<String> {
        let key = self.root(Root::NameConstructor);
        let mut holder = o;
        loop {
            if let Some(Own::Data(c, _)) = self.named_property(holder, key) {
                if self.instance_type(c) == Some(InstanceType::JsFunction) {
                    let name = self.function_name(c);
                    return Some(self.string_to_rust(name));
                }
                return None;
            }
            holder = self.get_prototype_of(holder);
            if holder == self.null() {
                return None;
            }
        }
    }

    /// Whether `o` is an array.
    #[inline]
    pub fn is_array(&self, o: Tagged) -> bool {
        self.instance_type(o) == Some(InstanceType::JsArray)
    }

    /// The properties backing store: a `NameDictionary` in dictionary mode, else the
    /// out-of-object property array.
    pub fn properties_of(&self, o: Tagged) -> Tagged {
        self.properties(o)
    }

    /// How many own named (non-virtual) properties `o` has.
    pub fn named_property_count(&self, o: Tagged) -> usize {
        let map = self.map_of(o);
        if shape::is_dictionary_map(map) {
            dictionary::len(self.properties(o))
        } else {
            shape::own_descriptor_count(map)
        }
    }
}

/// Attribute bits of a fresh builtin method (writable, configurable, not enumerable).
pub const BUILTIN_METHOD: u8 = DONT_ENUM;
