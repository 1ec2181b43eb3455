//! `Array.prototype` methods that call a function per element: `forEach`, `map`, `filter`,
//! `every`, `some`, `find`, `findIndex`, `findLast`, `findLastIndex`, `reduce`,
//! `reduceRight`, and the flattening `flat`/`flatMap`.
//!
//! Each reads the receiver's elements with `get_present`/`get_index` (straight from the
//! elements store when the element is there) and keeps every value it holds across a call in
//! a stack slot. Results of `map`/`filter`/`flat*` are written straight into the new array's
//! store when it is a fresh array of ours (filled in order, so its elements kind follows the
//! values and stays packed when there are no holes, as V8's results do).

use tagus_heap::Tagged;

use super::{
    MAX_SAFE_LENGTH, after_absent, create_data_property, fast_has, fresh_set, get_index, get_present, index_value, length_of,
    next_candidate, previous_candidate, receiver, receiver_object, require_callable, set_length, species_create,
};
use crate::{Args, JsResult, Vm};

/// Calls the callback (argument 0) with this = argument 1 and (value in `vs`, k, O).
#[inline]
fn call_back(vm: &mut Vm, args: Args, vs: usize, k: u64, os: usize) -> JsResult<Tagged> {
    let kv = index_value(vm, k)?;
    vm.call(vm.arg(args, 0), vm.arg(args, 1), &[vm.slot(vs), kv, vm.slot(os)])
}

/// The receiver, its length, and the callback checked: shared start of the callback methods.
fn start(vm: &mut Vm, args: Args, method: &str) -> JsResult<(usize, u64)> {
    let os = receiver(vm, args, method)?;
    let len = length_of(vm, os)?;
    require_callable(vm, vm.arg(args, 0))?;
    Ok((os, len))
}

/// `Array.prototype.forEach(callback, thisArg)`.
pub(super) fn for_each(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let (os, len) = start(vm, args, "forEach")?;
    let vs = vm.push(vm.undefined());
    let mut k = 0;
    while k < len {
        match get_present(vm, os, k)? {
            Some(v) => {
                vm.set_slot(vs, v);
                call_back(vm, args, vs, k, os)?;
                k += 1;
            }
            None => k = after_absent(vm, os, k, len),
        }
    }
    Ok(vm.undefined())
}

/// `Array.prototype.map(callback, thisArg)`.
pub(super) fn map(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let (os, len) = start(vm, args, "map")?;
    let (a, fresh) = species_create(vm, os, len)?;
    let as_ = vm.push(a);
    let vs = vm.push(vm.undefined());
    let mut k = 0;
    while k < len {
        match get_present(vm, os, k)? {
            Some(v) => {
                vm.set_slot(vs, v);
                let r = call_back(vm, args, vs, k, os)?;
                if fresh {
                    fresh_set(vm, as_, k, r)?;
                } else {
                    create_data_property(vm, as_, k, r)?;
                }
                k += 1;
            }
            None => k = after_absent(vm, os, k, len),
        }
    }
    if fresh {
        // The fresh array was filled from empty: trailing holes still count in its length.
        set_length(vm, as_, len)?;
    }
    Ok(vm.slot(as_))
}

/// `Array.prototype.filter(callback, thisArg)`.
pub(super) fn filter(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let (os, len) = start(vm, args, "filter")?;
    let (a, fresh) = species_create(vm, os, 0)?;
    let as_ = vm.push(a);
    let vs = vm.push(vm.undefined());
    let mut to = 0;
    let mut k = 0;
    while k < len {
        match get_present(vm, os, k)? {
            Some(v) => {
                vm.set_slot(vs, v);
                let selected = call_back(vm, args, vs, k, os)?;
                if vm.to_boolean(selected) {
                    if fresh {
                        fresh_set(vm, as_, to, vm.slot(vs))?;
                    } else {
                        create_data_property(vm, as_, to, vm.slot(vs))?;
                    }
                    to += 1;
                }
                k += 1;
            }
            None => k = after_absent(vm, os, k, len),
        }
    }
    Ok(vm.slot(as_))
}

/// `every` (`want` false: stop at the first falsy result) and `some` (`want` true).
fn every_or_some(vm: &mut Vm, args: Args, method: &str, want: bool) -> JsResult<Tagged> {
    let (os, len) = start(vm, args, method)?;
    let vs = vm.push(vm.undefined());
    let mut k = 0;
    while k < len {
        match get_present(vm, os, k)? {
            Some(v) => {
                vm.set_slot(vs, v);
                let r = call_back(vm, args, vs, k, os)?;
                if vm.to_boolean(r) == want {
                    return Ok(vm.boolean(want));
                }
                k += 1;
            }
            None => k = after_absent(vm, os, k, len),
        }
    }
    Ok(vm.boolean(!want))
}

/// `Array.prototype.every(callback, thisArg)`.
pub(super) fn every(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    every_or_some(vm, args, "every", false)
}

/// `Array.prototype.some(callback, thisArg)`.
pub(super) fn some(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    every_or_some(vm, args, "some", true)
}

/// The find family: visits every index (holes read as undefined) forwards or backwards;
/// the element and its index when the predicate holds.
fn find_from(vm: &mut Vm, args: Args, method: &str, backwards: bool) -> JsResult<Option<(Tagged, u64)>> {
    let (os, len) = start(vm, args, method)?;
    let vs = vm.push(vm.undefined());
    for i in 0..len {
        let k = if backwards { len - 1 - i } else { i };
        let v = get_index(vm, os, k)?;
        vm.set_slot(vs, v);
        let r = call_back(vm, args, vs, k, os)?;
        if vm.to_boolean(r) {
            return Ok(Some((vm.slot(vs), k)));
        }
    }
    Ok(None)
}

/// `Array.prototype.find(predicate, thisArg)`.
pub(super) fn find(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(find_from(vm, args, "find", false)?.map_or(vm.undefined(), |(v, _)| v))
}

/// `Array.prototype.findLast(predicate, thisArg)`.
pub(super) fn find_last(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(find_from(vm, args, "findLast", true)?.map_or(vm.undefined(), |(v, _)| v))
}

/// `Array.prototype.findIndex(predicate, thisArg)`.
pub(super) fn find_index(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    match find_from(vm, args, "findIndex", false)? {
        Some((_, k)) => index_value(vm, k),
        None => Ok(Tagged::smi(-1)),
    }
}

/// `Array.prototype.findLastIndex(predicate, thisArg)`.
pub(super) fn find_last_index(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    match find_from(vm, args, "findLastIndex", true)? {
        Some((_, k)) => index_value(vm, k),
        None => Ok(Tagged::smi(-1)),
    }
}

/// The index after `k` a `reduce` (forwards) or `reduceRight` (backwards) visits next, skipping
/// indices known to be absent; `None` when done.
fn reduce_step(vm: &Vm, os: usize, k: u64, len: u64, backwards: bool) -> Option<u64> {
    // The common case, the neighbour present in the store, needs no search for candidates.
    let neighbour = if backwards {
        k.checked_sub(1)
    } else {
        Some(k + 1).filter(|&n| n < len)
    };
    if let Some(n) = neighbour
        && fast_has(vm, vm.slot(os), n)
    {
        return Some(n);
    }
    if backwards {
        if k == 0 { None } else { previous_candidate(vm, os, k - 1) }
    } else {
        next_candidate(vm, os, k + 1, len)
    }
}

/// `reduce` and `reduceRight`.
fn reduce_in(vm: &mut Vm, args: Args, method: &str, backwards: bool) -> JsResult<Tagged> {
    let (os, len) = start(vm, args, method)?;
    let acc = vm.push(vm.undefined());
    let vs = vm.push(vm.undefined());
    let first = if len == 0 {
        None
    } else if backwards {
        previous_candidate(vm, os, len - 1)
    } else {
        next_candidate(vm, os, 0, len)
    };
    let mut next = first;
    if args.argc >= 2 {
        vm.set_slot(acc, vm.arg(args, 1));
    } else {
        loop {
            let Some(k) = next else {
                return Err(vm.throw_type_error("Reduce of empty array with no initial value"));
            };
            let v = get_present(vm, os, k)?;
            next = reduce_step(vm, os, k, len, backwards);
            if let Some(v) = v {
                vm.set_slot(acc, v);
                break;
            }
        }
    }
    while let Some(k) = next {
        if let Some(v) = get_present(vm, os, k)? {
            vm.set_slot(vs, v);
            let kv = index_value(vm, k)?;
            let undefined = vm.undefined();
            let r = vm.call(vm.arg(args, 0), undefined, &[vm.slot(acc), vm.slot(vs), kv, vm.slot(os)])?;
            vm.set_slot(acc, r);
        }
        next = reduce_step(vm, os, k, len, backwards);
    }
    Ok(vm.slot(acc))
}

/// `Array.prototype.reduce(callback, initialValue)`.
pub(super) fn reduce(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    reduce_in(vm, args, "reduce", false)
}

/// `Array.prototype.reduceRight(callback, initialValue)`.
pub(super) fn reduce_right(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    reduce_in(vm, args, "reduceRight", true)
}

/// Deepest nesting `flat` follows before giving up with a RangeError (each level takes
/// Rust stack).
const MAX_FLAT_NESTING: u32 = 10_000;

/// One `flat`/`flatMap` call: where FlattenIntoArray writes (the target array's slot and
/// whether it is fresh), and whether the top level is mapped by argument 0 (this = argument
/// 1).
struct Flatten {
    args: Args,
    target: usize,
    fresh: bool,
    mapper: bool,
}

impl Flatten {
    /// FlattenIntoArray: appends the elements of the source in `ss` (length `len`) to the
    /// target from index `start`, flattening arrays `depth` levels deep. Returns the next
    /// target index.
    fn flatten_into(&self, vm: &mut Vm, ss: usize, len: u64, start: u64, depth: f64, nesting: u32) -> JsResult<u64> {
        if nesting > MAX_FLAT_NESTING {
            return Err(vm.throw_range_error("Maximum call stack size exceeded"));
        }
        let mut to = start;
        let es = vm.push(vm.undefined());
        let mut k = 0;
        while k < len {
            let Some(v) = get_present(vm, ss, k)? else {
                k = after_absent(vm, ss, k, len);
                continue;
            };
            vm.set_slot(es, v);
            if self.mapper && nesting == 0 {
                let r = call_back(vm, self.args, es, k, ss)?;
                vm.set_slot(es, r);
            }
            let e = vm.slot(es);
            if depth > 0.0 && vm.is_array(e) {
                let inner_len = length_of(vm, es)?;
                to = self.flatten_into(vm, es, inner_len, to, depth - 1.0, nesting + 1)?;
            } else {
                if to >= MAX_SAFE_LENGTH {
                    return Err(vm.throw_type_error("Invalid array length"));
                }
                if self.fresh {
                    fresh_set(vm, self.target, to, e)?;
                } else {
                    create_data_property(vm, self.target, to, e)?;
                }
                to += 1;
            }
            k += 1;
        }
        vm.truncate_stack(es);
        Ok(to)
    }
}

/// `Array.prototype.flat(depth = 1)`.
pub(super) fn flat(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    let depth = crate::builtins::integer_arg(vm, args, 0, 1.0)?.max(0.0);
    let (a, fresh) = species_create(vm, os, 0)?;
    let flatten = Flatten {
        args,
        target: vm.push(a),
        fresh,
        mapper: false,
    };
    flatten.flatten_into(vm, os, len, 0, depth, 0)?;
    Ok(vm.slot(flatten.target))
}

/// `Array.prototype.flatMap(mapper, thisArg)`.
pub(super) fn flat_map(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let os = receiver_object(vm, args)?;
    let len = length_of(vm, os)?;
    if !vm.is_callable(vm.arg(args, 0)) {
        return Err(vm.throw_type_error("flatMap mapper function is not callable"));
    }
    let (a, fresh) = species_create(vm, os, 0)?;
    let flatten = Flatten {
        args,
        target: vm.push(a),
        fresh,
        mapper: true,
    };
    flatten.flatten_into(vm, os, len, 0, 1.0, 0)?;
    Ok(vm.slot(flatten.target))
}
