//! `Array.prototype` methods that change the receiver — `push`, `pop`, `shift`, `unshift`,
//! `splice`, `reverse`, `fill`, `copyWithin` — and the copying variants that leave it alone:
//! `toReversed`, `toSpliced`, `with`.
//!
//! Every method follows the generic array-like algorithm of the specification; the ones
//! used in loops (`push`, `pop`, `shift`, `unshift`, `reverse`, `fill`) work directly on the
//! elements store of a simple array (see `is_simple_array`), where that gives the same
//! result, whatever its elements kind: elements move inside the store as they are (raw
//! doubles in a FixedDoubleArray, nothing allocated), and new values go in through
//! `Vm::write_element`, which generalizes the kind when a value needs it (V8 keeps the kind
//! through these methods too).

use tagus_heap::Tagged;
use tagus_heap::objects::fixed_array;

use super::{
    MAX_SAFE_LENGTH, array_create_for_filling, create_data_property, delete_index, fast_get, fresh_set, get_index, get_present,
    index_value, is_simple_array, length_of, receiver_object, set_index, set_length, species_create,
};
use crate::builtins::{integer_arg, relative_index};
use crate::elements::{store_copy_within, store_fill_holes, store_set_hole, store_swap};
use crate::object::fixed_len;
use crate::{Args, JsResult, Vm, numconv};

/// Largest length the fast paths produce (a real array's length, and a FixedArray's size).
fn fast_limit() -> u64 {
    (u32::MAX as u64).min(fixed_array::MAX_LENGTH as u64)
}

/// Makes the elements store of the simple array in `os` hold at least `needed` elements.
fn reserve(vm: &mut Vm, os: usize, needed: usize) -> JsResult<()> {
    let capacity = fixed_len(vm.elements_of(vm.slot(os)));
    if needed > capacity {
        let new_capacity = (needed + (needed >> 1) + 16).min(fixed_array::MAX_LENGTH);
        vm.grow_elements(os, new_capacity)?;
    }
    Ok(())
}

/// `Array.prototype.push(...items)`.
pub(super) fn push(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let argc = args.argc as u64;
    let o = vm.slot(os);
    if is_simple_array(vm, o) && vm.array_length(o) as u64 + argc <= fast_limit() {
        let len = vm.array_length(o) as usize;
        reserve(vm, os, len + args.argc)?;
        for i in 0..args.argc {
            vm.write_element(os, len + i, vm.arg(args, i))?;
        }
        let new_len = len + args.argc;
        vm.set_array_length(os, new_len as u32)?;
        return index_value(vm, new_len as u64);
    }
    let len = length_of(vm, os)?;
    if len + argc > MAX_SAFE_LENGTH {
        return Err(vm.throw_type_error(&format!(
            "Pushing {argc} elements on an array-like of length {len} is disallowed, as the total surpasses 2**53-1"
        )));
    }
    for i in 0..args.argc {
        set_index(vm, os, len + i as u64, vm.arg(args, i))?;
    }
    set_length(vm, os, len + argc)?;
    index_value(vm, len + argc)
}

/// `Array.prototype.pop()`.
pub(super) fn pop(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let o = vm.slot(os);
    if is_simple_array(vm, o) {
        let len = vm.array_length(o) as u64;
        if len == 0 {
            return Ok(vm.undefined());
        }
        let v = fast_get(vm, o, len - 1)?.unwrap_or(vm.undefined());
        let vs = vm.push(v);
        vm.set_array_length(os, (len - 1) as u32)?;
        return Ok(vm.slot(vs));
    }
    let len = length_of(vm, os)?;
    if len == 0 {
        set_length(vm, os, 0)?;
        return Ok(vm.undefined());
    }
    let v = get_index(vm, os, len - 1)?;
    let vs = vm.push(v);
    delete_index(vm, os, len - 1)?;
    set_length(vm, os, len - 1)?;
    Ok(vm.slot(vs))
}

/// `Array.prototype.shift()`.
pub(super) fn shift(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let o = vm.slot(os);
    if is_simple_array(vm, o) {
        let len = vm.array_length(o) as usize;
        if len == 0 {
            return Ok(vm.undefined());
        }
        let first = fast_get(vm, o, 0)?.unwrap_or(vm.undefined());
        let fs = vm.push(first);
        let elements = vm.elements_of(vm.slot(os));
        let n = len.min(fixed_len(elements));
        if n > 0 {
            // The hole lands at the new length (or in a holey tail already).
            store_copy_within(elements, 1, 0, n - 1);
            store_set_hole(vm, elements, n - 1);
        }
        vm.set_array_length(os, (len - 1) as u32)?;
        return Ok(vm.slot(fs));
    }
    let len = length_of(vm, os)?;
    if len == 0 {
        set_length(vm, os, 0)?;
        return Ok(vm.undefined());
    }
    let first = get_index(vm, os, 0)?;
    let fs = vm.push(first);
    for k in 1..len {
        move_element(vm, os, k, k - 1)?;
    }
    delete_index(vm, os, len - 1)?;
    set_length(vm, os, len - 1)?;
    Ok(vm.slot(fs))
}

/// The step the moving loops repeat: O[to] = O[from] if present, else delete O[to].
#[inline]
fn move_element(vm: &mut Vm, os: usize, from: u64, to: u64) -> JsResult<()> {
    match get_present(vm, os, from)? {
        Some(v) => set_index(vm, os, to, v),
        None => delete_index(vm, os, to),
    }
}

/// `Array.prototype.unshift(...items)`.
pub(super) fn unshift(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let argc = args.argc as u64;
    let o = vm.slot(os);
    if is_simple_array(vm, o) {
        let len = vm.array_length(o) as usize;
        let capacity = fixed_len(vm.elements_of(o));
        if len as u64 + argc <= fast_limit() && len <= capacity + 1024 {
            if args.argc > 0 {
                reserve(vm, os, len + args.argc)?;
                let elements = vm.elements_of(vm.slot(os));
                store_copy_within(elements, 0, args.argc, len);
                for i in 0..args.argc {
                    vm.write_element(os, i, vm.arg(args, i))?;
                }
                vm.set_array_length(os, (len + args.argc) as u32)?;
            }
            return index_value(vm, len as u64 + argc);
        }
    }
    let len = length_of(vm, os)?;
    if argc > 0 {
        if len + argc > MAX_SAFE_LENGTH {
            return Err(vm.throw_type_error("Invalid array length"));
        }
        let mut k = len;
        while k > 0 {
            move_element(vm, os, k - 1, k + argc - 1)?;
            k -= 1;
        }
        for j in 0..args.argc {
            set_index(vm, os, j as u64, vm.arg(args, j))?;
        }
    }
    set_length(vm, os, len + argc)?;
    index_value(vm, len + argc)
}

/// Start and count of `splice`/`toSpliced` from arguments 0 and 1.
fn splice_range(vm: &mut Vm, args: Args, len: u64) -> JsResult<(u64, u64)> {
    let start = relative_index(vm, args, 0, len as f64, 0.0)? as u64;
    let count = match args.argc {
        0 => 0,
        1 => len - start,
        _ => integer_arg(vm, args, 1, 0.0)?.clamp(0.0, (len - start) as f64) as u64,
    };
    Ok((start, count))
}

/// `Array.prototype.splice(start, deleteCount, ...items)`.
pub(super) fn splice(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let (start, delete_count) = splice_range(vm, args, len)?;
    let item_count = args.argc.saturating_sub(2) as u64;
    if len + item_count - delete_count > MAX_SAFE_LENGTH {
        return Err(vm.throw_type_error("Invalid array length"));
    }
    let (a, fresh) = species_create(vm, os, delete_count)?;
    let as_ = vm.push(a);
    for k in 0..delete_count {
        if let Some(v) = get_present(vm, os, start + k)? {
            if fresh {
                fresh_set(vm, as_, k, v)?;
            } else {
                create_data_property(vm, as_, k, v)?;
            }
        }
    }
    set_length(vm, as_, delete_count)?;
    let new_len = len - delete_count + item_count;
    let o = vm.slot(os);
    if is_simple_array(vm, o) && len <= fixed_len(vm.elements_of(o)) as u64 && new_len <= fast_limit() {
        // Move the tail inside the store (holes move as holes: nothing shows through them).
        let (start, delete_count, item_count, len) = (start as usize, delete_count as usize, item_count as usize, len as usize);
        reserve(vm, os, new_len as usize)?;
        let elements = vm.elements_of(vm.slot(os));
        let tail = len - delete_count - start;
        store_copy_within(elements, start + delete_count, start + item_count, tail);
        if item_count < delete_count {
            store_fill_holes(vm, elements, new_len as usize, len);
        }
        for i in 0..item_count {
            vm.write_element(os, start + i, vm.arg(args, i + 2))?;
        }
        vm.set_array_length(os, new_len as u32)?;
        return Ok(vm.slot(as_));
    }
    if item_count < delete_count {
        for k in start..len - delete_count {
            move_element(vm, os, k + delete_count, k + item_count)?;
        }
        let mut k = len;
        while k > len - delete_count + item_count {
            delete_index(vm, os, k - 1)?;
            k -= 1;
        }
    } else if item_count > delete_count {
        let mut k = len - delete_count;
        while k > start {
            move_element(vm, os, k + delete_count - 1, k + item_count - 1)?;
            k -= 1;
        }
    }
    for i in 0..item_count as usize {
        set_index(vm, os, start + i as u64, vm.arg(args, i + 2))?;
    }
    set_length(vm, os, len - delete_count + item_count)?;
    Ok(vm.slot(as_))
}

/// `Array.prototype.reverse()`.
pub(super) fn reverse(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let o = vm.slot(os);
    if is_simple_array(vm, o) {
        let len = vm.array_length(o) as usize;
        let elements = vm.elements_of(o);
        if len <= fixed_len(elements) {
            // Holes swap like values: the prototype chain has no elements to show through.
            for lower in 0..len / 2 {
                store_swap(elements, lower, len - 1 - lower);
            }
            return Ok(vm.slot(os));
        }
    }
    let len = length_of(vm, os)?;
    let middle = len / 2;
    let ls = vm.push(vm.undefined());
    for lower in 0..middle {
        let upper = len - lower - 1;
        let lower_value = get_present(vm, os, lower)?;
        if let Some(v) = lower_value {
            vm.set_slot(ls, v);
        }
        match (lower_value.is_some(), get_present(vm, os, upper)?) {
            (true, Some(upper_value)) => {
                set_index(vm, os, lower, upper_value)?;
                set_index(vm, os, upper, vm.slot(ls))?;
            }
            (false, Some(upper_value)) => {
                set_index(vm, os, lower, upper_value)?;
                delete_index(vm, os, upper)?;
            }
            (true, None) => {
                delete_index(vm, os, lower)?;
                set_index(vm, os, upper, vm.slot(ls))?;
            }
            (false, None) => {}
        }
    }
    Ok(vm.slot(os))
}

/// `Array.prototype.fill(value, start, end)`.
pub(super) fn fill(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let start = relative_index(vm, args, 1, len as f64, 0.0)? as u64;
    let end = relative_index(vm, args, 2, len as f64, len as f64)? as u64;
    let o = vm.slot(os);
    let capacity = fixed_len(vm.elements_of(o)) as u64;
    if is_simple_array(vm, o) && start < end && start <= capacity && end <= fast_limit() {
        // Room for exactly the whole range first (`new Array(n).fill(v)`), then one kind
        // change at most, at the first write.
        if end > capacity {
            vm.grow_elements(os, end as usize)?;
        }
        for k in start..end {
            vm.write_element(os, k as usize, vm.arg(args, 0))?;
        }
        return Ok(vm.slot(os));
    }
    for k in start..end {
        set_index(vm, os, k, vm.arg(args, 0))?;
    }
    Ok(vm.slot(os))
}

/// `Array.prototype.copyWithin(target, start, end)`.
pub(super) fn copy_within(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let mut to = relative_index(vm, args, 0, len as f64, 0.0)? as u64;
    let mut from = relative_index(vm, args, 1, len as f64, 0.0)? as u64;
    let end = relative_index(vm, args, 2, len as f64, len as f64)? as u64;
    let mut count = end.saturating_sub(from).min(len - to);
    let backwards = from < to && to < from + count;
    if backwards {
        from += count - 1;
        to += count - 1;
    }
    while count > 0 {
        move_element(vm, os, from, to)?;
        if backwards {
            from = from.wrapping_sub(1);
            to = to.wrapping_sub(1);
        } else {
            from += 1;
            to += 1;
        }
        count -= 1;
    }
    Ok(vm.slot(os))
}

/// `Array.prototype.toReversed()`.
pub(super) fn to_reversed(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let a = array_create_for_filling(vm, len)?;
    let as_ = vm.push(a);
    for k in 0..len {
        let v = get_index(vm, os, len - k - 1)?;
        fresh_set(vm, as_, k, v)?;
    }
    set_length(vm, as_, len)?;
    Ok(vm.slot(as_))
}

/// `Array.prototype.with(index, value)`.
pub(super) fn with(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let n = vm.to_number(vm.arg(args, 0))?;
    let rel = if n.is_nan() { 0.0 } else { n.trunc() };
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    if actual < 0.0 || actual >= len as f64 {
        return Err(vm.throw_range_error(&format!("Invalid index : {}", numconv::number_to_string(n))));
    }
    let actual = actual as u64;
    let a = array_create_for_filling(vm, len)?;
    let as_ = vm.push(a);
    for k in 0..len {
        let v = if k == actual { vm.arg(args, 1) } else { get_index(vm, os, k)? };
        fresh_set(vm, as_, k, v)?;
    }
    set_length(vm, as_, len)?;
    Ok(vm.slot(as_))
}

/// `Array.prototype.toSpliced(start, skipCount, ...items)`.
pub(super) fn to_spliced(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let (start, skip) = splice_range(vm, args, len)?;
    let item_count = args.argc.saturating_sub(2) as u64;
    let new_len = len + item_count - skip;
    if new_len > MAX_SAFE_LENGTH {
        return Err(vm.throw_type_error("Invalid array length"));
    }
    let a = array_create_for_filling(vm, new_len)?;
    let as_ = vm.push(a);
    let mut i = 0;
    while i < start {
        let v = get_index(vm, os, i)?;
        fresh_set(vm, as_, i, v)?;
        i += 1;
    }
    for j in 0..item_count as usize {
        fresh_set(vm, as_, i, vm.arg(args, j + 2))?;
        i += 1;
    }
    let mut r = start + skip;
    while i < new_len {
        let v = get_index(vm, os, r)?;
        fresh_set(vm, as_, i, v)?;
        i += 1;
        r += 1;
    }
    set_length(vm, as_, new_len)?;
    Ok(vm.slot(as_))
}
