//! `Boolean`: the constructor (`Boolean(v)` converts, `new Boolean(v)` wraps) and
//! `Boolean.prototype.toString` / `valueOf`. Installed from `number.rs`.

use tagus_heap::Tagged;

use crate::builtins::string::new_wrapper_for_new_target;
use crate::builtins::this_primitive;
use crate::{Args, JsResult, Root, Vm};

pub(super) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::BooleanPrototype));
    vm.install_constructor("Boolean", 1, construct_boolean, Root::BooleanPrototype, Root::BooleanConstructor)?;
    vm.install_method(proto, "toString", 0, to_string)?;
    vm.install_method(proto, "valueOf", 0, value_of)?;
    vm.truncate_stack(proto);
    Ok(())
}

/// `Boolean(value)` and `new Boolean(value)`.
fn construct_boolean(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let b = vm.to_boolean(vm.arg(args, 0));
    let b = vm.boolean(b);
    if vm.new_target(args) == vm.undefined() {
        return Ok(b);
    }
    let b = vm.push(b);
    new_wrapper_for_new_target(vm, args, b, Root::BooleanConstructor, Root::BooleanPrototype)
}

fn is_boolean(vm: &Vm, v: Tagged) -> bool {
    v == vm.true_value() || v == vm.false_value()
}

/// thisBooleanValue: the boolean, or the boolean inside a Boolean wrapper.
fn this_boolean_value(vm: &mut Vm, args: Args, method: &str) -> JsResult<bool> {
    match this_primitive(vm, args, is_boolean) {
        Some(b) => Ok(b == vm.true_value()),
        None => Err(vm.throw_type_error(&format!("Boolean.prototype.{method} requires that 'this' be a Boolean"))),
    }
}

fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let b = this_boolean_value(vm, args, "toString")?;
    Ok(vm.root(if b { Root::NameTrue } else { Root::NameFalse }))
}

fn value_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let b = this_boolean_value(vm, args, "valueOf")?;
    Ok(vm.boolean(b))
}
