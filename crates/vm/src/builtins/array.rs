//! `Array`: the installation of the constructor and of `Array.prototype`, and the helpers
//! the methods share: the receiver and its `length`, ArrayCreate and ArraySpeciesCreate,
//! callbacks, and a growable GC-safe list of values.
//!
//! The rest lives next to this file: `array_constructor.rs` (`Array` itself, `isArray`,
//! `of`, `from`, `Symbol.species`), `array_elements.rs` (reading and writing elements of
//! any array-like, with the fast paths into real arrays' stores), `array_iteration.rs`
//! (callback methods), `array_access.rs` (non-mutating accessors and searches),
//! `array_mutation.rs` (methods that change the receiver, and their copying `to*`/`with`
//! variants), `array_sort.rs` and `array_timsort.rs`.

#[path = "array_access.rs"]
mod access;
#[path = "array_constructor.rs"]
mod constructor;
#[path = "array_elements.rs"]
mod elements;
#[path = "array_iteration.rs"]
mod iteration;
#[path = "array_mutation.rs"]
mod mutation;
#[path = "array_sort.rs"]
mod sort;
#[path = "array_timsort.rs"]
mod timsort;

use tagus_heap::{AllocationType, Tagged};

use crate::dictionary::{DONT_ENUM, READ_ONLY};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::{Args, JsResult, NativeFn, Root, Vm};

use elements::{
    after_absent, create_data_property, delete_index, fast_get, fast_has, fresh_set, get_index, get_present, index_value, is_simple_array,
    next_candidate, previous_candidate, set_index, set_length,
};

/// 2^53 - 1, the largest length of an array-like.
pub(crate) const MAX_SAFE_LENGTH: u64 = (1 << 53) - 1;
/// Largest `length` of a real array.
const MAX_ARRAY_LENGTH: u64 = u32::MAX as u64;
/// Arrays created with a known length get an elements store of that size up to this many
/// elements (larger ones grow as they are filled).
const PREALLOCATE_LIMIT: u64 = 100_000;

/// `Array.prototype` methods in V8's property order: name, `length`, function.
const PROTOTYPE_METHODS: &[(&str, u32, NativeFn)] = &[
    ("at", 1, access::at),
    ("concat", 1, access::concat),
    ("copyWithin", 2, mutation::copy_within),
    ("fill", 1, mutation::fill),
    ("find", 1, iteration::find),
    ("findIndex", 1, iteration::find_index),
    ("findLast", 1, iteration::find_last),
    ("findLastIndex", 1, iteration::find_last_index),
    ("lastIndexOf", 1, access::last_index_of),
    ("pop", 0, mutation::pop),
    ("push", 1, mutation::push),
    ("reverse", 0, mutation::reverse),
    ("shift", 0, mutation::shift),
    ("unshift", 1, mutation::unshift),
    ("slice", 2, access::slice),
    ("sort", 1, sort::sort),
    ("splice", 2, mutation::splice),
    ("includes", 1, access::includes),
    ("indexOf", 1, access::index_of),
    ("join", 1, access::join),
    ("keys", 0, crate::builtins::iterator::array_keys),
    ("entries", 0, crate::builtins::iterator::array_entries),
];

/// The methods installed after `values` (which is special: it is also `[Symbol.iterator]`).
const PROTOTYPE_METHODS_AFTER_VALUES: &[(&str, u32, NativeFn)] = &[
    ("forEach", 1, iteration::for_each),
    ("filter", 1, iteration::filter),
    ("flat", 0, iteration::flat),
    ("flatMap", 1, iteration::flat_map),
    ("map", 1, iteration::map),
    ("every", 1, iteration::every),
    ("some", 1, iteration::some),
    ("reduce", 1, iteration::reduce),
    ("reduceRight", 1, iteration::reduce_right),
    ("toLocaleString", 0, access::to_locale_string),
    ("toString", 0, access::to_string),
    ("toReversed", 0, mutation::to_reversed),
    ("toSorted", 1, sort::to_sorted),
    ("toSpliced", 2, mutation::to_spliced),
    ("with", 2, mutation::with),
];

/// The names `Array.prototype[Symbol.unscopables]` lists.
const UNSCOPABLES: &[&str] = &[
    "at",
    "copyWithin",
    "entries",
    "fill",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "flat",
    "flatMap",
    "includes",
    "keys",
    "values",
    "toReversed",
    "toSorted",
    "toSpliced",
];

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    // Array.prototype is an ordinary object here (an array in the spec): give it the
    // array's `length` (0), first among its properties as in V8.
    let key = vm.root(Root::NameLength);
    let proto = vm.root(Root::ArrayPrototype);
    vm.define_own_data(proto, key, Tagged::smi(0), DONT_ENUM | crate::dictionary::DONT_DELETE)?;
    let ctor = vm.install_constructor(
        "Array",
        1,
        constructor::array_constructor,
        Root::ArrayPrototype,
        Root::ArrayConstructor,
    )?;
    vm.install_method(ctor, "isArray", 1, constructor::is_array)?;
    vm.install_method(ctor, "from", 1, constructor::from)?;
    vm.install_method(ctor, "of", 0, constructor::of)?;
    let getter = vm.new_native_function_raw("get [Symbol.species]", 0, constructor::species, false)?;
    let key = vm.root(Root::SymbolSpecies);
    let undefined = vm.undefined();
    vm.define_accessor(vm.slot(ctor), key, getter, undefined, DONT_ENUM)?;

    let proto = vm.push(vm.root(Root::ArrayPrototype));
    for &(name, length, f) in PROTOTYPE_METHODS {
        let method = vm.install_method(proto, name, length, f)?;
        if name == "push" {
            // The interpreter's fast loop appends in place for calls of this very function.
            vm.set_root(Root::ArrayPush, method);
        }
    }
    let values = vm.new_native_function_raw("values", 0, crate::builtins::iterator::array_values, false)?;
    vm.set_root(Root::ArrayValuesFunction, values);
    let key = vm.intern("values")?;
    let values = vm.root(Root::ArrayValuesFunction);
    vm.define_own_data(vm.slot(proto), key, values, DONT_ENUM)?;
    for &(name, length, f) in PROTOTYPE_METHODS_AFTER_VALUES {
        vm.install_method(proto, name, length, f)?;
    }
    let key = vm.root(Root::SymbolIterator);
    let values = vm.root(Root::ArrayValuesFunction);
    vm.define_own_data(vm.slot(proto), key, values, DONT_ENUM)?;

    let null = vm.null();
    let unscopables = vm.new_object_with_prototype(null)?;
    let us = vm.push(unscopables);
    for name in UNSCOPABLES {
        let key = vm.intern(name)?;
        let t = vm.true_value();
        vm.define_own_data(vm.slot(us), key, t, 0)?;
    }
    let key = vm.root(Root::SymbolUnscopables);
    vm.define_own_data(vm.slot(proto), key, vm.slot(us), DONT_ENUM | READ_ONLY)?;
    vm.truncate_stack(ctor);
    Ok(())
}

// ---- shared helpers -----------------------------------------------------------------------

/// ToObject(this) with V8's message for the methods that name themselves
/// ("Array.prototype.map called on null or undefined"); the receiver's slot.
pub(super) fn receiver(vm: &mut Vm, args: Args, method: &str) -> JsResult<usize> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error(&format!("Array.prototype.{method} called on null or undefined")));
    }
    let o = vm.to_object(this)?;
    Ok(vm.push(o))
}

/// ToObject(this) with the generic message ("Cannot convert undefined or null to object").
pub(super) fn receiver_object(vm: &mut Vm, args: Args) -> JsResult<usize> {
    let o = vm.to_object(vm.this(args))?;
    Ok(vm.push(o))
}

/// LengthOfArrayLike of the object in `os`.
#[inline]
pub(super) fn length_of(vm: &mut Vm, os: usize) -> JsResult<u64> {
    let o = vm.slot(os);
    if vm.is_array(o) {
        return Ok(vm.array_length(o) as u64);
    }
    let l = vm.get_named(o, Root::NameLength)?;
    Ok(vm.to_length(l)? as u64)
}

/// ArrayCreate(len): a fresh array of `len` holes (RangeError past 2^32 - 1).
pub(super) fn array_create(vm: &mut Vm, len: u64) -> JsResult<Tagged> {
    if len > MAX_ARRAY_LENGTH {
        return Err(vm.throw_range_error("Invalid array length"));
    }
    if len <= PREALLOCATE_LIMIT {
        return vm.new_array(len as usize, len as usize);
    }
    let a = vm.new_array(0, 0)?;
    let s = vm.push(a);
    vm.set_array_length(s, len as u32)?;
    let a = vm.slot(s);
    vm.truncate_stack(s);
    Ok(a)
}

/// A fresh array of ours for a result of `len` elements that the caller writes in index
/// order and then gives its final length (`set_length`): empty, with room for them. No user
/// code sees it before it is complete, and filling it in order keeps its elements kind
/// packed, as V8's builtins make their results (`new Array(len)` would be holey).
pub(super) fn array_create_for_filling(vm: &mut Vm, len: u64) -> JsResult<Tagged> {
    if len > MAX_ARRAY_LENGTH {
        return Err(vm.throw_range_error("Invalid array length"));
    }
    vm.new_array(0, len.min(PREALLOCATE_LIMIT) as usize)
}

/// ArraySpeciesCreate(O, len) for the original array in `os`. The flag says whether the
/// result is a fresh array of ours (which no user code has seen yet): then it is made by
/// `array_create_for_filling`, and the caller sets its length when done.
pub(super) fn species_create(vm: &mut Vm, os: usize, len: u64) -> JsResult<(Tagged, bool)> {
    let o = vm.slot(os);
    if !vm.is_array(o) {
        return Ok((array_create_for_filling(vm, len)?, true));
    }
    let mut c = vm.get_named(o, Root::NameConstructor)?;
    if c == vm.root(Root::ArrayConstructor) {
        let key = vm.root(Root::SymbolSpecies);
        c = vm.get_property(c, key)?;
    } else if vm.is_object(c) {
        let key = vm.root(Root::SymbolSpecies);
        c = vm.get_property(c, key)?;
        if c == vm.null() {
            c = vm.undefined();
        }
    }
    if c == vm.undefined() || c == vm.root(Root::ArrayConstructor) {
        return Ok((array_create_for_filling(vm, len)?, true));
    }
    if !vm.is_constructor(c) {
        return Err(vm.throw_type_error("object.constructor[Symbol.species] is not a constructor"));
    }
    let cs = vm.push(c);
    let n = vm.new_number(len as f64)?;
    let c = vm.slot(cs);
    let a = vm.construct(c, &[n], c)?;
    vm.truncate_stack(cs);
    Ok((a, false))
}

/// Appends the decimal digits of `n` as UTF-16 code units.
pub(super) fn push_int_units(units: &mut Vec<u16>, n: i32) {
    let mut digits = [0u8; 11];
    let mut i = digits.len();
    let mut m = i64::from(n).unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    units.extend(digits[i..].iter().map(|&c| u16::from(c)));
}

/// Throws the TypeError for a callback that is not callable.
pub(super) fn require_callable(vm: &mut Vm, f: Tagged) -> JsResult<()> {
    if vm.is_callable(f) {
        return Ok(());
    }
    let shown = vm.to_display_string(f)?;
    Err(vm.throw_type_error(&format!("{shown} is not a function")))
}

/// A growable list of values in a FixedArray rooted in a stack slot.
pub(super) struct ValueList {
    /// The slot holding the FixedArray.
    pub slot: usize,
    /// Number of values stored.
    pub len: usize,
}

impl ValueList {
    /// An empty list with room for `capacity` values.
    pub fn new(vm: &mut Vm, capacity: usize) -> JsResult<ValueList> {
        let store = vm
            .heap
            .new_fixed_array(capacity.max(4), AllocationType::Young)
            .map_err(|_| vm.out_of_memory())?;
        Ok(ValueList {
            slot: vm.push(store),
            len: 0,
        })
    }

    /// Value `i`.
    #[inline]
    pub fn get(&self, vm: &Vm, i: usize) -> Tagged {
        fixed_get(vm.slot(self.slot), i)
    }

    /// Appends `v`.
    pub fn push(&mut self, vm: &mut Vm, v: Tagged) -> JsResult<()> {
        let store = vm.slot(self.slot);
        let capacity = fixed_len(store);
        if self.len < capacity {
            fixed_set(store, self.len, v);
            self.len += 1;
            return Ok(());
        }
        let vs = vm.push(v);
        let new_capacity = (capacity * 2).min(tagus_heap::objects::fixed_array::MAX_LENGTH);
        if new_capacity <= capacity {
            return Err(vm.out_of_memory());
        }
        let fresh = vm
            .heap
            .new_fixed_array(new_capacity, AllocationType::Young)
            .map_err(|_| vm.out_of_memory())?;
        let old = vm.slot(self.slot);
        for i in 0..self.len {
            fixed_set(fresh, i, fixed_get(old, i));
        }
        fixed_set(fresh, self.len, vm.slot(vs));
        vm.set_slot(self.slot, fresh);
        vm.truncate_stack(vs);
        self.len += 1;
        Ok(())
    }
}
