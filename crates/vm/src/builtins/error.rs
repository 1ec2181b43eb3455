//! `Error` and its subclasses (`TypeError`, `RangeError`, ...): construction with
//! `message`, `cause` and a V8-format `stack`, and `Error.prototype.toString`.

use tagus_heap::Tagged;
use tagus_heap::objects::InstanceType;

use crate::dictionary::DONT_ENUM;
use crate::{Args, JsResult, Root, Vm};

const SUBCLASSES: [(&str, Root); 6] = [
    ("TypeError", Root::TypeErrorConstructor),
    ("RangeError", Root::RangeErrorConstructor),
    ("ReferenceError", Root::ReferenceErrorConstructor),
    ("SyntaxError", Root::SyntaxErrorConstructor),
    ("EvalError", Root::EvalErrorConstructor),
    ("URIError", Root::UriErrorConstructor),
];

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::ErrorPrototype));
    let ctor = vm.install_constructor("Error", 1, construct_error, Root::ErrorPrototype, Root::ErrorConstructor)?;
    vm.install_method(proto, "toString", 0, to_string)?;
    vm.install_method(ctor, "captureStackTrace", 1, capture_stack_trace)?;
    let name = vm.new_string("Error")?;
    vm.install_value(proto, "name", name, false)?;
    let empty = vm.empty_string();
    vm.install_value(proto, "message", empty, false)?;
    let limit = Tagged::smi(10);
    vm.install_value(ctor, "stackTraceLimit", limit, false)?;
    for (name, root) in SUBCLASSES {
        let parent = vm.root(Root::ErrorPrototype);
        let sub_proto = vm.new_object_with_prototype(parent)?;
        let ps = vm.push(sub_proto);
        let text = vm.new_string(name)?;
        vm.install_value(ps, "name", text, false)?;
        let empty = vm.empty_string();
        vm.install_value(ps, "message", empty, false)?;
        // A temporary root for the prototype while the constructor is made.
        vm.set_root(root, vm.slot(ps));
        let cs = vm.install_constructor(name, 1, construct_error, root, root)?;
        let error_ctor = vm.root(Root::ErrorConstructor);
        vm.set_prototype_of(vm.slot(cs), error_ctor)?;
    }
    vm.truncate_stack(proto);
    Ok(())
}

/// `new Error(message, options)` (and `Error(message)` without `new`): the constructor
/// called is the new.target when constructing, itself otherwise.
fn construct_error(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let nt = vm.new_target(args);
    let target_slot = if nt == vm.undefined() {
        // Called as a function: the constructor is the function being called.
        vm.callee_slot(args)
    } else {
        args.new_target
    };
    let e = vm.new_error_from_constructor(target_slot)?;
    let es = vm.push(e);
    let message = vm.arg(args, 0);
    if message != vm.undefined() {
        let m = vm.to_string(message)?;
        let key = vm.root(Root::NameMessage);
        vm.define_own_data(vm.slot(es), key, m, DONT_ENUM)?;
    }
    let options = vm.arg(args, 1);
    if vm.is_object(options) {
        let key = vm.root(Root::NameCause);
        if vm.has_property(options, key)? {
            let cause = vm.get_property(vm.arg(args, 1), key)?;
            vm.define_own_data(vm.slot(es), key, cause, DONT_ENUM)?;
        }
    }
    vm.capture_stack(es)?;
    Ok(vm.slot(es))
}

fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = vm.this(args);
    if !vm.is_object(this) {
        return Err(vm.throw_type_error("Error.prototype.toString requires that 'this' be an Object"));
    }
    let text = vm.error_to_string(this)?;
    vm.new_string(&text)
}

fn capture_stack_trace(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let target = vm.arg(args, 0);
    if !vm.is_object(target) {
        return Err(vm.throw_type_error("Invalid argument"));
    }
    let slot = vm.arg_slot(args, 0);
    vm.capture_stack(slot)?;
    Ok(vm.undefined())
}

impl Vm {
    /// Whether `v` is an Error instance (has the error instance type).
    pub fn is_error(&self, v: Tagged) -> bool {
        self.instance_type(v) == Some(InstanceType::JsError)
    }
}
