//! The ECMAScript library, one file per global (or family): each `install` creates its
//! constructor and prototype methods in the realm.
//!
//! Builtins are `NativeFn`s: they read their receiver and arguments through `Args` (stack
//! slots, so they survive allocation) and root any temporary they hold across an
//! allocation with `Vm::push`. The stack is truncated after every native call, so a
//! builtin never needs to pop what it pushed.

pub mod array;
pub mod error;
pub mod function;
pub mod global;
pub mod iterator;
pub mod json;
pub mod math;
pub mod number;
pub mod object;
pub mod string;
pub mod symbol;
pub mod weak;

use tagus_heap::Tagged;

use crate::{Args, JsResult, Vm};

/// Installs every builtin into a fresh realm.
pub fn install_all(vm: &mut Vm) -> JsResult<()> {
    function::install(vm)?;
    object::install(vm)?;
    error::install(vm)?;
    iterator::install(vm)?;
    array::install(vm)?;
    string::install(vm)?;
    // The globals first: `Number.parseInt` is the global `parseInt` object.
    global::install(vm)?;
    number::install(vm)?;
    symbol::install(vm)?;
    math::install(vm)?;
    json::install(vm)?;
    weak::install(vm)?;
    Ok(())
}

/// Argument `i` as an integer (ToIntegerOrInfinity), `default` when absent or undefined.
pub fn integer_arg(vm: &mut Vm, args: Args, i: usize, default: f64) -> JsResult<f64> {
    let v = vm.arg(args, i);
    if v == vm.undefined() {
        Ok(default)
    } else {
        vm.to_integer_or_infinity(v)
    }
}

/// A relative index argument (`slice`, `at`...) resolved against `len`, clamped to 0..=len.
pub fn relative_index(vm: &mut Vm, args: Args, i: usize, len: f64, default: f64) -> JsResult<f64> {
    let rel = integer_arg(vm, args, i, default)?;
    Ok(if rel < 0.0 { (len + rel).max(0.0) } else { rel.min(len) })
}

/// The receiver as an object (ToObject), TypeError naming `method` for undefined/null.
pub fn this_object(vm: &mut Vm, args: Args, method: &str) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error(&format!("{method} called on null or undefined")));
    }
    vm.to_object(this)
}

/// The receiver, or the primitive inside a wrapper of the given kind check.
pub fn this_primitive(vm: &Vm, args: Args, is_kind: fn(&Vm, Tagged) -> bool) -> Option<Tagged> {
    let this = vm.this(args);
    if is_kind(vm, this) {
        return Some(this);
    }
    vm.primitive_wrapper_value(this).filter(|&v| is_kind(vm, v))
}
