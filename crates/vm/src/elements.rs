//! Elements kinds (V8's): what an object's elements store holds, recorded in its map (bit
//! field 2, `tagus_heap::objects::map::elements_kind`), and everything that reads or writes
//! a store without knowing its kind in advance.
//!
//! | kind | store |
//! |---|---|
//! | `PACKED_SMI_ELEMENTS`, `HOLEY_SMI_ELEMENTS` | FixedArray of Smis (and holes) |
//! | `PACKED_DOUBLE_ELEMENTS`, `HOLEY_DOUBLE_ELEMENTS` | FixedDoubleArray of unboxed doubles (holes are the hole NaN), or the empty FixedArray |
//! | `PACKED_ELEMENTS`, `HOLEY_ELEMENTS` | FixedArray of any values (and holes) |
//!
//! Arrays start `PACKED_SMI_ELEMENTS` (`[]`, `new Array()`; `new Array(n)` is holey);
//! `arguments` objects `PACKED_ELEMENTS`; every other object `HOLEY_ELEMENTS`, V8's default.
//! Transitions only generalize (`elements_kind::union`): storing a non-Smi number into a Smi
//! store converts it to a FixedDoubleArray, storing anything else into a Smi or double store
//! converts it to a FixedArray (doubles become HeapNumbers, or Smis when they fit); making a
//! hole below an array's length (delete, growing `length`, a store past the end) makes the
//! kind holey. The map change goes through the transition tree (`shape.rs`,
//! `elements_transition_map`), so objects that made the same transitions share maps.
//!
//! Mapped `arguments` objects have the kind `FAST_SLOPPY_ARGUMENTS_ELEMENTS`, which never
//! changes: their store is a `SloppyArgumentsElements` whose arguments store (a FixedArray of
//! any values and holes) holds the elements, except that mapped indices read and write a
//! parameter (`crate::arguments`). The readers and writers here dispatch on the store's type.
//!
//! Sparse objects (index keys in the property dictionary, `MAP_SPARSE_ELEMENTS`) and sealed,
//! frozen or non-extensible ones keep `HOLEY_ELEMENTS`/`PACKED_ELEMENTS` stores (they are
//! generalized on the way, as V8 does for its dictionary and frozen kinds); those are
//! reported as V8's `DICTIONARY_ELEMENTS`, `*_FROZEN_ELEMENTS`... kinds
//! (`reported_elements_kind`).
//!
//! GC safety: reading a double element as a JS value allocates a HeapNumber (unless it is a
//! Smi-valued integer), so `load_element` may allocate; `element` returns the raw `Element`
//! (pure data) for code that must not allocate. Conversions allocate the new store before
//! installing it together with the new map, so the heap never shows a store that does not
//! match its map's kind (`--verify-heap` checks it).

use tagus_heap::objects::fixed_double_array as fda;
use tagus_heap::objects::map::elements_kind::{self as kinds, HOLEY_SMI_ELEMENTS, PACKED_ELEMENTS, PACKED_SMI_ELEMENTS};
use tagus_heap::objects::{HeapObject, InstanceType, Map, fixed_array::FixedArray, js_object};
use tagus_heap::{AllocationType, Tagged};

use crate::arguments::{self, is_sloppy_arguments_store};
use crate::object::{MAP_FROZEN_ELEMENTS, MAP_NON_EXTENSIBLE, MAP_SEALED_ELEMENTS, MAP_SPARSE_ELEMENTS, fixed_get, fixed_len, fixed_set};
use crate::{JsResult, Root, Vm, shape};

pub use tagus_heap::objects::map::elements_kind;

/// An element as its store holds it (no allocation needed to read it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Element {
    /// A hole, or an index past the store.
    Hole,
    /// A tagged value (FixedArray stores).
    Value(Tagged),
    /// An unboxed double (FixedDoubleArray stores).
    Double(f64),
}

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

// ---- stores -------------------------------------------------------------------------------------

/// Whether `store` is a FixedDoubleArray.
#[inline(always)]
pub fn is_double_store(store: Tagged) -> bool {
    obj(store).map().instance_type_raw() == InstanceType::FixedDoubleArray as u16
}

/// Element `i` (below the store's length) of `store`.
#[inline(always)]
pub fn store_get(vm: &Vm, store: Tagged, i: usize) -> Element {
    if is_double_store(store) {
        match fda::get(obj(store), i) {
            Some(d) => Element::Double(d),
            None => Element::Hole,
        }
    } else {
        let v = fixed_get(store, i);
        if v == vm.hole() { Element::Hole } else { Element::Value(v) }
    }
}

/// Whether element `i` (below the store's length) of `store` is a hole.
#[inline(always)]
pub fn store_is_hole(vm: &Vm, store: Tagged, i: usize) -> bool {
    if is_double_store(store) {
        fda::get_bits(obj(store), i) == fda::HOLE_NAN_BITS
    } else {
        fixed_get(store, i) == vm.hole()
    }
}

/// Makes element `i` of `store` a hole (the caller has made the kind holey if it must).
#[inline]
pub fn store_set_hole(vm: &Vm, store: Tagged, i: usize) {
    if is_double_store(store) {
        fda::set_hole(obj(store), i);
    } else {
        fixed_set(store, i, vm.hole());
    }
}

/// Makes elements `from..to` of `store` holes.
pub fn store_fill_holes(vm: &Vm, store: Tagged, from: usize, to: usize) {
    for i in from..to {
        store_set_hole(vm, store, i);
    }
}

/// Copies elements `from..from + count` of `store` to `to..to + count` (the ranges may
/// overlap), holes included.
pub fn store_copy_within(store: Tagged, from: usize, to: usize, count: usize) {
    let double = is_double_store(store);
    let step = |k: usize| {
        if double {
            let bits = fda::get_bits(obj(store), from + k);
            obj(store).write_u64(fda::FixedDoubleArray::offset_of_element(to + k), bits);
        } else {
            fixed_set(store, to + k, fixed_get(store, from + k));
        }
    };
    if to < from {
        (0..count).for_each(step);
    } else {
        (0..count).rev().for_each(step);
    }
}

/// Swaps elements `i` and `j` of `store`.
pub fn store_swap(store: Tagged, i: usize, j: usize) {
    if is_double_store(store) {
        let (a, b) = (fda::get_bits(obj(store), i), fda::get_bits(obj(store), j));
        obj(store).write_u64(fda::FixedDoubleArray::offset_of_element(i), b);
        obj(store).write_u64(fda::FixedDoubleArray::offset_of_element(j), a);
    } else {
        let (a, b) = (fixed_get(store, i), fixed_get(store, j));
        fixed_set(store, i, b);
        fixed_set(store, j, a);
    }
}

impl Vm {
    // ---- kinds ----------------------------------------------------------------------------------

    /// The elements kind of `o`'s map (one of the six fast kinds).
    #[inline(always)]
    pub fn elements_kind(&self, o: Tagged) -> u8 {
        shape::elements_kind_of(self.map_of(o))
    }

    /// The kind V8 would report for `o` (`%DebugPrint`, `%Has...Elements`): the map's kind,
    /// or the dictionary, frozen, sealed, non-extensible and string-wrapper kinds its flags
    /// stand for.
    pub fn reported_elements_kind(&self, o: Tagged) -> u8 {
        let map = self.map_of(o);
        if let Some(v) = self.primitive_wrapper_value(o)
            && self.is_string(v)
        {
            return if shape::map_bit_field3(map) & MAP_SPARSE_ELEMENTS != 0 {
                kinds::SLOW_STRING_WRAPPER_ELEMENTS
            } else {
                kinds::FAST_STRING_WRAPPER_ELEMENTS
            };
        }
        reported_elements_kind_of_map(map)
    }
}

/// The kind V8 would report for objects with `map` (string wrappers aside): its fast kind,
/// or the dictionary, frozen, sealed or non-extensible kind its flags stand for.
pub fn reported_elements_kind_of_map(map: Tagged) -> u8 {
    let flags = shape::map_bit_field3(map);
    let fast = shape::elements_kind_of(map);
    let holey = kinds::is_holey(fast);
    let pick = |packed: u8, holey_kind: u8| if holey { holey_kind } else { packed };
    let slow = MAP_SPARSE_ELEMENTS | MAP_FROZEN_ELEMENTS | MAP_SEALED_ELEMENTS | MAP_NON_EXTENSIBLE;
    if kinds::is_sloppy_arguments(fast) {
        // V8 keeps such elements in a dictionary.
        if flags & slow != 0 {
            kinds::SLOW_SLOPPY_ARGUMENTS_ELEMENTS
        } else {
            fast
        }
    } else if flags & MAP_SPARSE_ELEMENTS != 0 {
        kinds::DICTIONARY_ELEMENTS
    } else if flags & MAP_FROZEN_ELEMENTS != 0 {
        pick(kinds::PACKED_FROZEN_ELEMENTS, kinds::HOLEY_FROZEN_ELEMENTS)
    } else if flags & MAP_SEALED_ELEMENTS != 0 {
        pick(kinds::PACKED_SEALED_ELEMENTS, kinds::HOLEY_SEALED_ELEMENTS)
    } else if flags & MAP_NON_EXTENSIBLE != 0 {
        pick(kinds::PACKED_NONEXTENSIBLE_ELEMENTS, kinds::HOLEY_NONEXTENSIBLE_ELEMENTS)
    } else {
        fast
    }
}

impl Vm {
    /// The most specific packed kind that can hold `value`.
    #[inline]
    pub fn elements_kind_for_value(&self, value: Tagged) -> u8 {
        if value.is_smi() {
            PACKED_SMI_ELEMENTS
        } else if self.is_number(value) {
            kinds::PACKED_DOUBLE_ELEMENTS
        } else {
            PACKED_ELEMENTS
        }
    }

    // ---- reading --------------------------------------------------------------------------------

    /// Element `i` of `o`'s store (`Hole` past its end). Never allocates.
    #[inline]
    pub fn element(&self, o: Tagged, i: usize) -> Element {
        let store = self.elements_of(o);
        if i < fixed_len(store) && !is_sloppy_arguments_store(store) {
            store_get(self, store, i)
        } else if is_sloppy_arguments_store(store) {
            arguments::sloppy_element(self, store, i)
        } else {
            Element::Hole
        }
    }

    /// Whether `o`'s store holds element `i` (not a hole).
    #[inline]
    pub fn has_fast_element(&self, o: Tagged, i: usize) -> bool {
        let store = self.elements_of(o);
        if i < fixed_len(store) && !is_sloppy_arguments_store(store) {
            !store_is_hole(self, store, i)
        } else {
            is_sloppy_arguments_store(store) && arguments::sloppy_has(self, store, i)
        }
    }

    /// The FixedArray or FixedDoubleArray holding `o`'s elements: its elements store, or a
    /// mapped `arguments` object's arguments store (whose values at mapped indices are stale:
    /// read values with `element`). Right for which elements exist and for the capacity.
    #[inline]
    pub fn elements_backing_store(&self, o: Tagged) -> Tagged {
        let store = self.elements_of(o);
        if is_sloppy_arguments_store(store) {
            arguments::arguments_store(store)
        } else {
            store
        }
    }

    /// The JS value of an element (`None` for a hole). Allocates a HeapNumber for a double
    /// that is not a Smi.
    #[inline]
    pub fn element_value(&mut self, e: Element) -> JsResult<Option<Tagged>> {
        match e {
            Element::Hole => Ok(None),
            Element::Value(v) => Ok(Some(v)),
            Element::Double(d) => self.new_number(d).map(Some),
        }
    }

    /// Element `i` of `o`'s store as a JS value (`None` for a hole). May allocate (see
    /// `element_value`): `o` is stale afterwards.
    #[inline]
    pub fn load_element(&mut self, o: Tagged, i: usize) -> JsResult<Option<Tagged>> {
        let e = self.element(o, i);
        self.element_value(e)
    }

    // ---- writing --------------------------------------------------------------------------------

    /// Stores `value` at `i` (below the backing store's length) of `o` if its kind holds it
    /// already; false (nothing written) if the kind must change first. Never allocates.
    #[inline]
    pub fn write_element_if_fits(&self, o: Tagged, i: usize, value: Tagged) -> bool {
        let store = self.elements_of(o);
        if is_double_store(store) {
            match self.number_value(value) {
                Some(d) => {
                    fda::set(obj(store), i, d);
                    true
                }
                None => false,
            }
        } else if kinds::is_smi(self.elements_kind(o)) && !value.is_smi() {
            false
        } else if is_sloppy_arguments_store(store) {
            arguments::sloppy_write(store, i, value);
            true
        } else {
            fixed_set(store, i, value);
            true
        }
    }

    /// Stores `value` at `i` (below the store's length) of the object in `o_slot`,
    /// generalizing its elements kind first if it does not hold such values.
    pub fn write_element(&mut self, o_slot: usize, i: usize, value: Tagged) -> JsResult<()> {
        if self.write_element_if_fits(self.slot(o_slot), i, value) {
            return Ok(());
        }
        let vs = self.push(value);
        let kind = kinds::union(self.elements_kind(self.slot(o_slot)), self.elements_kind_for_value(value));
        let r = self.transition_elements_kind(o_slot, kind);
        let value = self.slot(vs);
        self.truncate_stack(vs);
        r?;
        let written = self.write_element_if_fits(self.slot(o_slot), i, value);
        debug_assert!(written, "the kind holds the value after the transition");
        Ok(())
    }

    /// Makes the elements kind of the object in `o_slot` holey (before a hole is made below
    /// an array's length).
    #[inline]
    pub fn make_elements_holey(&mut self, o_slot: usize) -> JsResult<()> {
        let kind = self.elements_kind(self.slot(o_slot));
        if kinds::is_holey(kind) {
            return Ok(());
        }
        self.transition_elements_kind(o_slot, kinds::to_holey(kind))
    }

    /// Makes the store of the object in `o_slot` tagged (a FixedArray of any values: an
    /// object kind), keeping packed or holey. Used before the object model handles elements
    /// generically: sparse (dictionary) elements, sealing, freezing, preventing extensions.
    pub fn generalize_elements_to_object(&mut self, o_slot: usize) -> JsResult<()> {
        self.transition_elements_kind(o_slot, PACKED_ELEMENTS)
    }

    /// Changes the elements kind of the object in `o_slot` to the union of its kind and
    /// `kind`: a new map from the transition tree and, when the store's representation
    /// changes, a converted store, both installed together.
    pub fn transition_elements_kind(&mut self, o_slot: usize, kind: u8) -> JsResult<()> {
        let o = self.slot(o_slot);
        let from = self.elements_kind(o);
        if kinds::is_sloppy_arguments(from) {
            // Its arguments store holds any values and holes already.
            return Ok(());
        }
        let to = kinds::union(from, kind);
        if to == from {
            return Ok(());
        }
        let store = self.elements_of(o);
        let base = self.push(Tagged::smi(0));
        let r = (|| {
            // The new store first: a prototype's map changes in place below.
            let converted = if kinds::is_double(to) && !is_double_store(store) && fixed_len(store) > 0 {
                Some(self.smi_store_to_double(o_slot)?)
            } else if !kinds::is_double(to) && is_double_store(store) {
                Some(self.double_store_to_tagged(o_slot)?)
            } else {
                None
            };
            if let Some(s) = converted {
                self.set_slot(base, s);
            }
            let ms = self.push(self.map_of(self.slot(o_slot)));
            let map = self.elements_transition_map(ms, to)?;
            // No allocation from here: the map and the store change together.
            let o = self.slot(o_slot);
            if converted.is_some() {
                obj(o).write_tagged(js_object::ELEMENTS_OFFSET, self.slot(base));
            }
            obj(o).set_map(Map(obj(map)));
            Ok(())
        })();
        self.truncate_stack(base);
        r
    }

    /// A FixedDoubleArray with the values of the Smi store of the object in `o_slot`.
    fn smi_store_to_double(&mut self, o_slot: usize) -> JsResult<Tagged> {
        let len = fixed_len(self.elements_of(self.slot(o_slot)));
        let fresh = self
            .heap
            .new_fixed_double_array(len, AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        let old = self.elements_of(self.slot(o_slot));
        let hole = self.hole();
        for i in 0..len {
            let v = fixed_get(old, i);
            if v != hole {
                fda::set(obj(fresh), i, self.number_value(v).unwrap_or(f64::NAN));
            }
        }
        Ok(fresh)
    }

    /// A FixedArray with the values of the double store of the object in `o_slot` (each a
    /// Smi or a new HeapNumber).
    fn double_store_to_tagged(&mut self, o_slot: usize) -> JsResult<Tagged> {
        let len = fixed_len(self.elements_of(self.slot(o_slot)));
        let fresh = self
            .heap
            .new_fixed_array(len, AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        let fs = self.push(fresh);
        let r = (|| {
            for i in 0..len {
                let old = self.elements_of(self.slot(o_slot));
                let v = match fda::get(obj(old), i) {
                    Some(d) => self.new_number(d)?,
                    None => self.hole(),
                };
                fixed_set(self.slot(fs), i, v);
            }
            Ok(self.slot(fs))
        })();
        self.truncate_stack(fs);
        r
    }

    // ---- stores and arrays ----------------------------------------------------------------------

    /// A store of `capacity` holes for `kind`.
    pub fn new_elements_store(&mut self, kind: u8, capacity: usize) -> JsResult<Tagged> {
        if kinds::is_double(kind) {
            return self
                .heap
                .new_fixed_double_array(capacity, AllocationType::Young)
                .map_err(|_| self.out_of_memory());
        }
        let store = self
            .heap
            .new_fixed_array(capacity, AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        let hole = self.hole();
        for i in 0..capacity {
            obj(store).write_tagged_no_barrier(FixedArray::offset_of_element(i), hole);
        }
        Ok(store)
    }

    /// A new backing store for the object in `o_slot`, of its kind, `capacity` long, holding
    /// its first `capacity` elements (holes after its current ones). The caller installs it.
    pub fn copy_elements_store(&mut self, o_slot: usize, capacity: usize) -> JsResult<Tagged> {
        let kind = self.elements_kind(self.slot(o_slot));
        let fresh = self.new_elements_store(kind, capacity)?;
        let old = self.elements_backing_store(self.slot(o_slot));
        let n = fixed_len(old).min(capacity);
        if is_double_store(fresh) {
            if is_double_store(old) {
                for i in 0..n {
                    fresh_write_bits(fresh, i, fda::get_bits(obj(old), i));
                }
            }
        } else {
            for i in 0..n {
                fixed_set(fresh, i, fixed_get(old, i));
            }
        }
        Ok(fresh)
    }

    /// The array map for `kind` (the initial array map's elements transition).
    pub fn array_map_for_kind(&mut self, kind: u8) -> JsResult<Tagged> {
        let kind = kinds::union(shape::elements_kind_of(self.root(Root::ArrayMap)), kind);
        let ms = self.push(self.root(Root::ArrayMap));
        let r = self.elements_transition_map(ms, kind);
        self.truncate_stack(ms);
        r
    }

    /// A new array of `length` holes with room for `capacity` elements and elements kind
    /// `kind` (the caller fills it before anything can see a packed kind's holes).
    pub fn new_array_with_kind(&mut self, length: usize, capacity: usize, kind: u8) -> JsResult<Tagged> {
        let store = self.new_elements_store(kind, capacity.max(length))?;
        let ss = self.push(store);
        let r = (|| {
            let map = self.array_map_for_kind(kind)?;
            let ms = self.push(map);
            let a = self.allocate_js_object_with_map(ms)?;
            obj(a).write_tagged(js_object::ELEMENTS_OFFSET, self.slot(ss));
            obj(a).write_tagged_no_barrier(js_object::array::LENGTH_OFFSET, Tagged::smi(length as i32));
            Ok(a)
        })();
        self.truncate_stack(ss);
        r
    }

    /// A new array holding the values in stack slots `first..first + count`, with the most
    /// specific packed kind that holds them all (V8's `new Array(a, b, ...)`, `JSON.parse`).
    pub fn new_array_from_values(&mut self, first: usize, count: usize) -> JsResult<Tagged> {
        let kind = (first..first + count).fold(PACKED_SMI_ELEMENTS, |k, s| {
            kinds::union(k, self.elements_kind_for_value(self.slot(s)))
        });
        let a = self.new_array_with_kind(count, count, kind)?;
        for i in 0..count {
            let written = self.write_element_if_fits(a, i, self.slot(first + i));
            debug_assert!(written);
        }
        Ok(a)
    }

    /// The kind of a new array of `length` holes: holey unless empty.
    pub fn kind_for_new_array(length: usize) -> u8 {
        if length > 0 { HOLEY_SMI_ELEMENTS } else { PACKED_SMI_ELEMENTS }
    }
}

/// Writes raw double bits into a fresh FixedDoubleArray.
#[inline(always)]
fn fresh_write_bits(store: Tagged, i: usize, bits: u64) {
    obj(store).write_u64(fda::FixedDoubleArray::offset_of_element(i), bits);
}
