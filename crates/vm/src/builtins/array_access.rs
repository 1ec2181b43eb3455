//! `Array.prototype` methods that read the receiver without changing it: `at`, `concat`,
//! `slice`, `indexOf`, `lastIndexOf`, `includes`, `join`, `toString` and `toLocaleString`.
//!
//! `slice` of a simple array copies the store as it is (same elements kind, doubles raw);
//! `indexOf` and `includes` scan a double store's raw doubles without boxing them, and
//! `join` prints them straight from the store.
//!
//! `join` builds its text in a Rust buffer (one string allocation at the end) and detects
//! cycles (`a.push(a); a.join()` gives "" for the inner occurrence, as V8) through a
//! per-thread list of the stack slots holding the arrays being joined.

use std::cell::RefCell;

use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::{StringChars, Tagged};

use super::{
    MAX_SAFE_LENGTH, after_absent, create_data_property, fast_get, fast_has, fresh_set, get_index, get_present, index_value,
    is_simple_array, length_of, next_candidate, previous_candidate, push_int_units, receiver, receiver_object, set_length, species_create,
};
use crate::builtins::{integer_arg, relative_index};
use crate::elements::{Element, is_double_store, store_get};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::{Args, JsResult, Root, Vm, numconv};
use tagus_heap::objects::fixed_double_array as fda;

/// `Array.prototype.at(index)`.
pub(super) fn at(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)? as f64;
    let rel = integer_arg(vm, args, 0, 0.0)?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(vm.undefined());
    }
    get_index(vm, os, k as u64)
}

/// IsConcatSpreadable of the value in `es`.
fn is_concat_spreadable(vm: &mut Vm, es: usize) -> JsResult<bool> {
    let e = vm.slot(es);
    if !vm.is_object(e) {
        return Ok(false);
    }
    let key = vm.root(Root::SymbolIsConcatSpreadable);
    let s = vm.get_property(e, key)?;
    if s != vm.undefined() {
        return Ok(vm.to_boolean(s));
    }
    Ok(vm.is_array(vm.slot(es)))
}

/// `Array.prototype.concat(...items)`.
pub(super) fn concat(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver(vm, args, "concat")?;
    let (a, fresh) = species_create(vm, os, 0)?;
    let as_ = vm.push(a);
    let mut n: u64 = 0;
    for i in 0..=args.argc {
        let es = if i == 0 { os } else { vm.arg_slot(args, i - 1) };
        if is_concat_spreadable(vm, es)? {
            let len = length_of(vm, es)?;
            if n + len > MAX_SAFE_LENGTH {
                return Err(vm.throw_type_error("Invalid array length"));
            }
            let mut k = 0;
            while k < len {
                match get_present(vm, es, k)? {
                    Some(v) => {
                        if fresh {
                            fresh_set(vm, as_, n + k, v)?;
                        } else {
                            create_data_property(vm, as_, n + k, v)?;
                        }
                        k += 1;
                    }
                    None => k = after_absent(vm, es, k, len),
                }
            }
            n += len;
        } else {
            if n >= MAX_SAFE_LENGTH {
                return Err(vm.throw_type_error("Invalid array length"));
            }
            let e = vm.slot(es);
            if fresh {
                fresh_set(vm, as_, n, e)?;
            } else {
                create_data_property(vm, as_, n, e)?;
            }
            n += 1;
        }
    }
    set_length(vm, as_, n)?;
    Ok(vm.slot(as_))
}

/// `Array.prototype.slice(start, end)`.
pub(super) fn slice(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let mut k = relative_index(vm, args, 0, len as f64, 0.0)? as u64;
    let end = relative_index(vm, args, 1, len as f64, len as f64)? as u64;
    let count = end.saturating_sub(k);
    let (a, fresh) = species_create(vm, os, count)?;
    let as_ = vm.push(a);
    if fresh && is_simple_array(vm, vm.slot(os)) && fixed_len(vm.elements_of(vm.slot(as_))) as u64 >= count {
        // Nothing here runs user code: copy the store, holes included, into a store of the
        // same kind (V8's slice keeps the kind).
        let kind = vm.elements_kind(vm.slot(os));
        vm.transition_elements_kind(as_, kind)?;
        let (src, dst) = (vm.elements_of(vm.slot(os)), vm.elements_of(vm.slot(as_)));
        let hole = vm.hole();
        for i in 0..count as usize {
            let from = k as usize + i;
            if is_double_store(dst) {
                match (from < fixed_len(src)).then(|| store_get(vm, src, from)) {
                    Some(Element::Double(d)) => fda::set(HeapObject::from_tagged(dst), i, d),
                    _ => fda::set_hole(HeapObject::from_tagged(dst), i),
                }
            } else {
                fixed_set(dst, i, if from < fixed_len(src) { fixed_get(src, from) } else { hole });
            }
        }
        vm.set_array_length(as_, count as u32)?;
        return Ok(vm.slot(as_));
    }
    let begin = k;
    while k < end {
        match get_present(vm, os, k)? {
            Some(v) => {
                create_data_property(vm, as_, k - begin, v)?;
                k += 1;
            }
            None => k = after_absent(vm, os, k, end),
        }
    }
    set_length(vm, as_, end.saturating_sub(begin))?;
    Ok(vm.slot(as_))
}

/// The start index of `indexOf`/`includes` from argument 1 (`None`: nothing to search).
fn forward_start(vm: &mut Vm, args: Args, len: u64) -> JsResult<Option<u64>> {
    let n = integer_arg(vm, args, 1, 0.0)?;
    if n >= len as f64 {
        return Ok(None);
    }
    Ok(Some(if n >= 0.0 { n as u64 } else { (len as f64 + n).max(0.0) as u64 }))
}

/// `Array.prototype.indexOf(searchElement, fromIndex)`.
pub(super) fn index_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver(vm, args, "indexOf")?;
    let len = length_of(vm, os)?;
    if len == 0 {
        return Ok(Tagged::smi(-1));
    }
    let Some(mut k) = forward_start(vm, args, len)? else {
        return Ok(Tagged::smi(-1));
    };
    if let Some(found) = search_double_store(vm, os, vm.arg(args, 0), k, len, false) {
        return match found {
            Some(i) => index_value(vm, i),
            None => Ok(Tagged::smi(-1)),
        };
    }
    while k < len {
        let v = match fast_get(vm, vm.slot(os), k)? {
            Some(v) => v,
            None => match get_present(vm, os, k)? {
                Some(v) => v,
                None => {
                    k = after_absent(vm, os, k, len);
                    continue;
                }
            },
        };
        if vm.strict_equals(vm.arg(args, 0), v)? {
            return index_value(vm, k);
        }
        k += 1;
    }
    Ok(Tagged::smi(-1))
}

/// `Array.prototype.lastIndexOf(searchElement, fromIndex)`.
pub(super) fn last_index_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    if len == 0 {
        return Ok(Tagged::smi(-1));
    }
    let n = if args.argc > 1 {
        integer_arg(vm, args, 1, 0.0)?
    } else {
        len as f64 - 1.0
    };
    let start = if n >= 0.0 { n.min(len as f64 - 1.0) } else { len as f64 + n };
    if start < 0.0 {
        return Ok(Tagged::smi(-1));
    }
    let mut next = previous_candidate(vm, os, start as u64);
    while let Some(k) = next {
        if let Some(v) = get_present(vm, os, k)?
            && vm.strict_equals(vm.arg(args, 0), v)?
        {
            return index_value(vm, k);
        }
        next = if k == 0 { None } else { previous_candidate(vm, os, k - 1) };
    }
    Ok(Tagged::smi(-1))
}

/// `Array.prototype.includes(searchElement, fromIndex)`: holes read as undefined.
pub(super) fn includes(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    if len == 0 {
        return Ok(vm.false_value());
    }
    let Some(mut k) = forward_start(vm, args, len)? else {
        return Ok(vm.false_value());
    };
    if let Some(found) = search_double_store(vm, os, vm.arg(args, 0), k, len, true) {
        return Ok(vm.boolean(found.is_some()));
    }
    while k < len {
        if !fast_has(vm, vm.slot(os), k) && next_candidate(vm, os, k, len) != Some(k) {
            // A hole that reads as undefined.
            if vm.arg(args, 0) == vm.undefined() {
                return Ok(vm.true_value());
            }
            k = after_absent(vm, os, k, len);
            continue;
        }
        let v = get_index(vm, os, k)?;
        if vm.same_value_zero(vm.arg(args, 0), v)? {
            return Ok(vm.true_value());
        }
        k += 1;
    }
    Ok(vm.false_value())
}

/// `indexOf` (strict equality) or, with `same_value_zero`, `includes` over `k..len` of a
/// simple array with a double store, reading the raw doubles: `Some(result)`, or `None`
/// when the receiver is not such an array. For `includes`, holes (and indices past the
/// store) read as undefined.
fn search_double_store(vm: &Vm, os: usize, search: Tagged, k: u64, len: u64, same_value_zero: bool) -> Option<Option<u64>> {
    let o = vm.slot(os);
    let store = vm.elements_of(o);
    if !is_double_store(store) || !is_simple_array(vm, o) {
        return None;
    }
    let end = len.min(fixed_len(store) as u64);
    if same_value_zero && search == vm.undefined() {
        let hole = (k..end).find(|&i| store_get(vm, store, i as usize) == Element::Hole);
        return Some(hole.or((end < len).then_some(end.max(k))));
    }
    let Some(x) = vm.number_value(search) else {
        // Every element is a number: nothing else is found (holes are absent or undefined).
        return Some(None);
    };
    let matches = |d: f64| d == x || (same_value_zero && d.is_nan() && x.is_nan());
    Some((k..end).find(|&i| matches!(store_get(vm, store, i as usize), Element::Double(d) if matches(d))))
}

// ---- join -------------------------------------------------------------------------------------

thread_local! {
    /// The arrays being joined, innermost last: (VM address, stack slot of the array).
    static JOIN_STACK: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
}

/// Whether the object in `os` is already being joined (a cycle).
fn joining(vm: &Vm, os: usize) -> bool {
    let id = vm as *const Vm as usize;
    let o = vm.slot(os);
    JOIN_STACK.with(|s| {
        s.borrow()
            .iter()
            .any(|&(v, slot)| v == id && slot < vm.stack_mark() && vm.slot(slot) == o)
    })
}

/// The UTF-16 text `join` is building, with the widest code unit seen.
struct TextBuffer {
    units: Vec<u16>,
    max_unit: u16,
}

impl TextBuffer {
    fn push_units(&mut self, units: &[u16]) {
        self.units.extend_from_slice(units);
        self.max_unit = self.max_unit.max(units.iter().copied().max().unwrap_or(0));
    }

    fn push_ascii(&mut self, text: &str) {
        self.units.extend(text.bytes().map(u16::from));
        self.max_unit = self.max_unit.max(0x7F);
    }

    /// Appends a string's characters (flattening it first if needed).
    fn push_string(&mut self, vm: &mut Vm, s: Tagged) -> JsResult<()> {
        let flat = vm.flatten(s)?;
        match vm.heap.string_chars(flat) {
            Some(StringChars::OneByte(b)) => {
                self.units.extend(b.iter().map(|&c| u16::from(c)));
                self.max_unit = self.max_unit.max(u16::from(b.iter().copied().max().unwrap_or(0)));
            }
            Some(StringChars::TwoByte(w)) => {
                self.units.extend_from_slice(w);
                self.max_unit = self.max_unit.max(w.iter().copied().max().unwrap_or(0));
            }
            None => {}
        }
        Ok(())
    }

    fn check_length(&self, vm: &mut Vm) -> JsResult<()> {
        if self.units.len() > tagus_heap::objects::string::MAX_LENGTH {
            return Err(vm.throw_range_error("Invalid string length"));
        }
        Ok(())
    }

    fn finish(self, vm: &mut Vm) -> JsResult<Tagged> {
        if self.units.is_empty() {
            return Ok(vm.empty_string());
        }
        if self.max_unit < 256 {
            let bytes: Vec<u8> = self.units.iter().map(|&c| c as u8).collect();
            return vm.new_string_latin1(&bytes);
        }
        vm.new_string_utf16(&self.units)
    }
}

/// Appends ToString(v) (or, for `locale`, ToString(Invoke(v, "toLocaleString"))).
fn push_value(vm: &mut Vm, text: &mut TextBuffer, v: Tagged, locale: bool) -> JsResult<()> {
    if locale {
        let vs = vm.push(v);
        let key = vm.intern("toLocaleString")?;
        let f = vm.get_property(vm.slot(vs), key)?;
        if !vm.is_callable(f) {
            let shown = vm.to_display_string(f)?;
            return Err(vm.throw_type_error(&format!("{shown} is not a function")));
        }
        let r = vm.call(f, vm.slot(vs), &[])?;
        let s = vm.to_string(r)?;
        vm.truncate_stack(vs);
        return text.push_string(vm, s);
    }
    if v.is_smi() {
        push_int_units(&mut text.units, v.smi_value());
        text.max_unit = text.max_unit.max(0x7F);
        return Ok(());
    }
    if let Some(n) = vm.number_value(v) {
        text.push_ascii(&numconv::number_to_string(n));
        return Ok(());
    }
    let s = vm.to_string(v)?;
    text.push_string(vm, s)
}

/// The join of the object in `os` with `separator` (a value: undefined means ",").
fn join_object(vm: &mut Vm, os: usize, separator: Tagged, locale: bool) -> JsResult<Tagged> {
    if joining(vm, os) {
        return Ok(vm.empty_string());
    }
    let ss = vm.push(separator);
    let len = length_of(vm, os)?;
    let sep: Vec<u16> = if vm.slot(ss) == vm.undefined() {
        vec![u16::from(b',')]
    } else {
        let s = vm.to_string(vm.slot(ss))?;
        vm.string_units(s)
    };
    let id = vm as *const Vm as usize;
    JOIN_STACK.with(|s| s.borrow_mut().push((id, os)));
    let r = join_elements(vm, os, len, &sep, locale);
    JOIN_STACK.with(|s| s.borrow_mut().pop());
    vm.truncate_stack(ss);
    r
}

fn join_elements(vm: &mut Vm, os: usize, len: u64, sep: &[u16], locale: bool) -> JsResult<Tagged> {
    let mut text = TextBuffer {
        units: Vec::new(),
        max_unit: 0,
    };
    let mut k = 0;
    while k < len {
        if k > 0 {
            text.push_units(sep);
        }
        if !locale && let Element::Double(d) = vm.element(vm.slot(os), k as usize) {
            // An unboxed double: printed without boxing it.
            text.push_ascii(&numconv::number_to_string(d));
            k += 1;
            continue;
        }
        if !fast_has(vm, vm.slot(os), k) && next_candidate(vm, os, k, len) != Some(k) {
            // Absent indices read as undefined: empty, only their separators show.
            let next = after_absent(vm, os, k, len);
            let count = next - k - 1;
            if count.saturating_mul(sep.len() as u64) + text.units.len() as u64 > tagus_heap::objects::string::MAX_LENGTH as u64 {
                return Err(vm.throw_range_error("Invalid string length"));
            }
            for _ in 0..count {
                text.push_units(sep);
            }
            k = next;
            continue;
        }
        let v = get_index(vm, os, k)?;
        if !vm.is_nullish(v) {
            push_value(vm, &mut text, v, locale)?;
        }
        text.check_length(vm)?;
        k += 1;
    }
    text.finish(vm)
}

/// `Array.prototype.join(separator)`.
pub(super) fn join(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    join_object(vm, os, vm.arg(args, 0), false)
}

/// `Array.prototype.toLocaleString()`.
pub(super) fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let undefined = vm.undefined();
    join_object(vm, os, undefined, true)
}

/// `Array.prototype.toString()`: `this.join()`, or `Object.prototype.toString` when `join`
/// is not callable.
pub(super) fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let key = vm.intern("join")?;
    let f = vm.get_property(vm.slot(os), key)?;
    if vm.is_callable(f) {
        return vm.call(f, vm.slot(os), &[]);
    }
    let o = vm.slot(os);
    let builtin_tag = match vm.instance_type(o) {
        Some(InstanceType::JsArray) => "Array",
        Some(InstanceType::JsFunction | InstanceType::JsBoundFunction) => "Function",
        Some(InstanceType::JsError) => "Error",
        Some(InstanceType::JsArgumentsObject) => "Arguments",
        Some(InstanceType::JsPrimitiveWrapper) => match vm.primitive_wrapper_value(o) {
            Some(v) if vm.is_string(v) => "String",
            Some(v) if vm.is_number(v) => "Number",
            Some(v) if v == vm.true_value() || v == vm.false_value() => "Boolean",
            _ => "Object",
        },
        _ => "Object",
    };
    let key = vm.root(Root::SymbolToStringTag);
    let tag = vm.get_property(vm.slot(os), key)?;
    let tag = if vm.is_string(tag) {
        vm.string_to_rust(tag)
    } else {
        builtin_tag.to_string()
    };
    vm.new_string(&format!("[object {tag}]"))
}
