//! The `JSON` object: `JSON.parse` (the text parser is in `json/parser.rs`; the reviver walk,
//! InternalizeJSONProperty, is here), `JSON.stringify` (in `json/stringify.rs`) and
//! `JSON[Symbol.toStringTag]`.

pub mod parser;
pub mod stringify;

use tagus_heap::Tagged;

use crate::builtins::object::create_data_property;
use crate::dictionary::{DONT_ENUM, READ_ONLY};
use crate::object::{fixed_get, fixed_len};
use crate::{Args, JsResult, Root, Vm};

/// Deepest nesting the reviver walk follows (it recurses on the Rust stack).
const MAX_REVIVER_DEPTH: usize = 2500;

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let json = vm.new_object()?;
    let js = vm.push(json);
    vm.install_method(js, "parse", 2, parse)?;
    vm.install_method(js, "stringify", 3, stringify::stringify)?;
    let tag = vm.new_string("JSON")?;
    let key = vm.root(Root::SymbolToStringTag);
    vm.define_own_data(vm.slot(js), key, tag, READ_ONLY | DONT_ENUM)?;
    let global = vm.push(vm.root(Root::GlobalObject));
    vm.install_value(global, "JSON", vm.slot(js), false)?;
    vm.truncate_stack(js);
    Ok(())
}

/// `JSON.parse(text, reviver)`.
fn parse(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let text = vm.to_string(vm.arg(args, 0))?;
    let units = vm.string_units(text);
    let value = parser::parse(vm, &units)?;
    if !vm.is_callable(vm.arg(args, 1)) {
        return Ok(value);
    }
    let vs = vm.push(value);
    let root = vm.new_object()?;
    let rs = vm.push(root);
    let key = vm.intern("")?;
    let ks = vm.push(key);
    vm.define_own_data(vm.slot(rs), key, vm.slot(vs), 0)?;
    internalize(vm, rs, ks, vm.arg_slot(args, 1), 0)
}

/// InternalizeJSONProperty(holder, name, reviver) with holder, name and reviver in slots.
fn internalize(vm: &mut Vm, holder: usize, name: usize, reviver: usize, depth: usize) -> JsResult<Tagged> {
    if depth > MAX_REVIVER_DEPTH {
        return Err(vm.throw_range_error("Maximum call stack size exceeded"));
    }
    let mark = vm.stack_mark();
    let value = vm.get_property(vm.slot(holder), vm.slot(name))?;
    let vs = vm.push(value);
    if vm.is_object(value) {
        if vm.is_array(value) {
            let len = vm.get_named(value, Root::NameLength)?;
            let len = vm.to_length(len)?;
            let mut i = 0.0;
            while i < len {
                let key = if i < u32::MAX as f64 {
                    vm.index_key(i as u32)?
                } else {
                    vm.intern(&crate::numconv::number_to_string(i))?
                };
                let ks = vm.push(key);
                revive_member(vm, vs, ks, reviver, depth)?;
                vm.truncate_stack(ks);
                i += 1.0;
            }
        } else {
            let keys = vm.own_keys(value, true, true, false)?;
            let kl = vm.push(keys);
            for i in 0..fixed_len(vm.slot(kl)) {
                let ks = vm.push(fixed_get(vm.slot(kl), i));
                revive_member(vm, vs, ks, reviver, depth)?;
                vm.truncate_stack(ks);
            }
        }
    }
    let key = vm.key_to_string(vm.slot(name))?;
    let r = vm.call(vm.slot(reviver), vm.slot(holder), &[key, vm.slot(vs)]);
    vm.truncate_stack(mark);
    r
}

/// Revives `value[key]`: deletes it when the reviver returns undefined, else replaces it.
fn revive_member(vm: &mut Vm, vs: usize, ks: usize, reviver: usize, depth: usize) -> JsResult<()> {
    let element = internalize(vm, vs, ks, reviver, depth + 1)?;
    if element == vm.undefined() {
        vm.delete_property(vm.slot(vs), vm.slot(ks), false)?;
    } else {
        create_data_property(vm, vm.slot(vs), vm.slot(ks), element)?;
    }
    Ok(())
}
