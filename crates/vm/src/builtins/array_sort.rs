//! `Array.prototype.sort` and `toSorted`: SortIndexedProperties.
//!
//! The values are first collected into a rooted FixedArray (undefined values are only
//! counted: they sort last, and holes — for `sort` — end up after them). What is sorted is a
//! permutation of indices into that list, plain Rust data, so the comparator may allocate
//! and collect freely. With a comparator: V8's TimSort (`array_timsort.rs`), comparison for
//! comparison, so inconsistent comparators give V8's results too; an exception stops the
//! sort and leaves the receiver untouched. Without one: every value's ToString is computed once into a shared UTF-16
//! buffer and the permutation is sorted by those keys (Rust's stable sort; no user code runs
//! while it compares).

use tagus_heap::{StringChars, Tagged};

use super::{
    ValueList, after_absent, array_create_for_filling, delete_index, fresh_set, get_index, get_present, is_simple_array, length_of,
    push_int_units, receiver_object, set_index,
};
use crate::elements::store_fill_holes;
use crate::object::fixed_len;
use crate::{Args, JsResult, Vm, numconv};

/// TypeError unless the comparator (argument 0) is undefined or callable.
fn check_comparator(vm: &mut Vm, args: Args) -> JsResult<()> {
    let c = vm.arg(args, 0);
    if c != vm.undefined() && !vm.is_callable(c) {
        return Err(vm.throw_type_error("The comparison function must be either a function or undefined"));
    }
    Ok(())
}

/// Collects the values at indices 0..len of the object in `os`: the non-undefined ones
/// into a list, the undefined ones counted. With `skip_holes`, absent indices are skipped;
/// otherwise they read as Get does.
fn collect(vm: &mut Vm, os: usize, len: u64, skip_holes: bool) -> JsResult<(ValueList, u64)> {
    let o = vm.slot(os);
    let capacity = if is_simple_array(vm, o) {
        len.min(fixed_len(vm.elements_of(o)) as u64)
    } else {
        len.min(1024)
    };
    let mut list = ValueList::new(vm, capacity as usize)?;
    let mut undefined_count = 0;
    let mut k = 0;
    while k < len {
        let v = if skip_holes {
            match get_present(vm, os, k)? {
                Some(v) => v,
                None => {
                    k = after_absent(vm, os, k, len);
                    continue;
                }
            }
        } else {
            match get_present(vm, os, k)? {
                Some(v) => v,
                // Absent: reads as undefined (the prototypes have no elements either).
                None if super::next_candidate(vm, os, k, len) != Some(k) => {
                    let next = after_absent(vm, os, k, len);
                    undefined_count += next - k;
                    k = next;
                    continue;
                }
                None => get_index(vm, os, k)?,
            }
        };
        if v == vm.undefined() {
            undefined_count += 1;
        } else {
            list.push(vm, v)?;
        }
        k += 1;
    }
    Ok((list, undefined_count))
}

/// The sorted order of the list: indices into it.
fn sorted_order(vm: &mut Vm, args: Args, list: &ValueList) -> JsResult<Vec<u32>> {
    let mut order: Vec<u32> = (0..list.len as u32).collect();
    if vm.arg(args, 0) == vm.undefined() {
        sort_by_string_keys(vm, list, &mut order)?;
        return Ok(order);
    }
    super::timsort::sort_with_comparator(vm, args, list, order)
}

/// The default order: by ToString of each value, compared as code units.
fn sort_by_string_keys(vm: &mut Vm, list: &ValueList, order: &mut [u32]) -> JsResult<()> {
    let mut units: Vec<u16> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(list.len);
    for i in 0..list.len {
        let v = list.get(vm, i);
        let start = units.len();
        if v.is_smi() {
            push_int_units(&mut units, v.smi_value());
        } else if let Some(n) = vm.number_value(v) {
            units.extend(numconv::number_to_string(n).bytes().map(u16::from));
        } else {
            let s = vm.to_string(v)?;
            let flat = vm.flatten(s)?;
            match vm.heap.string_chars(flat) {
                Some(StringChars::OneByte(b)) => units.extend(b.iter().map(|&c| u16::from(c))),
                Some(StringChars::TwoByte(w)) => units.extend_from_slice(w),
                None => {}
            }
        }
        spans.push((start, units.len()));
    }
    let key = |i: u32| {
        let (start, end) = spans[i as usize];
        &units[start..end]
    };
    order.sort_by(|&a, &b| key(a).cmp(key(b)));
    Ok(())
}

/// `Array.prototype.sort(comparefn)`.
pub(super) fn sort(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    check_comparator(vm, args)?;
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    if len < 2 {
        // As V8: nothing to read or write.
        return Ok(vm.slot(os));
    }
    let (list, undefined_count) = collect(vm, os, len, true)?;
    let order = sorted_order(vm, args, &list)?;
    let count = list.len as u64;
    let o = vm.slot(os);
    let elements = vm.elements_of(o);
    if is_simple_array(vm, o) && len <= fixed_len(elements) as u64 {
        // No user code runs while the store is rewritten. The values came from this array,
        // so its kind holds them (unless the comparator changed it: then the write
        // generalizes the kind).
        for (j, &i) in order.iter().enumerate() {
            vm.write_element(os, j, list.get(vm, i as usize))?;
        }
        for j in count..count + undefined_count {
            vm.write_element(os, j as usize, vm.undefined())?;
        }
        if count + undefined_count < len {
            vm.make_elements_holey(os)?;
            let elements = vm.elements_of(vm.slot(os));
            store_fill_holes(vm, elements, (count + undefined_count) as usize, len as usize);
        }
        return Ok(vm.slot(os));
    }
    for (j, &i) in order.iter().enumerate() {
        set_index(vm, os, j as u64, list.get(vm, i as usize))?;
    }
    for j in count..count + undefined_count {
        set_index(vm, os, j, vm.undefined())?;
    }
    for j in count + undefined_count..len {
        delete_index(vm, os, j)?;
    }
    Ok(vm.slot(os))
}

/// `Array.prototype.toSorted(comparefn)`.
pub(super) fn to_sorted(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    check_comparator(vm, args)?;
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let a = array_create_for_filling(vm, len)?;
    let as_ = vm.push(a);
    let (list, undefined_count) = collect(vm, os, len, false)?;
    let order = sorted_order(vm, args, &list)?;
    for (j, &i) in order.iter().enumerate() {
        fresh_set(vm, as_, j as u64, list.get(vm, i as usize))?;
    }
    let count = list.len as u64;
    for j in count..count + undefined_count {
        fresh_set(vm, as_, j, vm.undefined())?;
    }
    super::set_length(vm, as_, len)?;
    Ok(vm.slot(as_))
}
