//! `Function` and `Function.prototype`: call, apply, bind, toString, Symbol.hasInstance.

use tagus_heap::objects::InstanceType;
use tagus_heap::{AllocationType, Tagged};

use crate::dictionary::{DONT_DELETE, DONT_ENUM, READ_ONLY};
use crate::object::{fixed_len, fixed_set};
use crate::{Args, JsResult, Root, Vm};

/// `Function.prototype` itself: callable, returns undefined.
pub fn function_prototype_call(vm: &mut Vm, _args: Args) -> JsResult<Tagged> {
    Ok(vm.undefined())
}

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::FunctionPrototype));
    let ctor = vm.install_constructor(
        "Function",
        1,
        function_constructor,
        Root::FunctionPrototype,
        Root::FunctionConstructor,
    )?;
    let _ = ctor;
    vm.install_method(proto, "call", 1, call)?;
    vm.install_method(proto, "apply", 2, apply)?;
    vm.install_method(proto, "bind", 1, bind)?;
    vm.install_method(proto, "toString", 0, to_string)?;
    let has_instance = vm.new_native_function_raw("[Symbol.hasInstance]", 1, has_instance, false)?;
    vm.set_root(Root::FunctionHasInstance, has_instance);
    let key = vm.root(Root::SymbolHasInstance);
    vm.define_own_data(vm.slot(proto), key, has_instance, DONT_ENUM | READ_ONLY | DONT_DELETE)?;
    vm.truncate_stack(proto);
    Ok(())
}

fn function_constructor(vm: &mut Vm, _args: Args) -> JsResult<Tagged> {
    Err(vm.throw_error(
        Root::EvalErrorConstructor,
        "Code generation from strings disallowed for this context",
    ))
}

fn require_callable(vm: &mut Vm, args: Args, method: &str) -> JsResult<Tagged> {
    let f = vm.this(args);
    if !vm.is_callable(f) {
        return Err(vm.throw_type_error(&format!("Function.prototype.{method} called on a non-function")));
    }
    Ok(f)
}

fn call(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let f = require_callable(vm, args, "call")?;
    let this = vm.arg(args, 0);
    let rest: Vec<Tagged> = (1..args.argc).map(|i| vm.arg(args, i)).collect();
    vm.call(f, this, &rest)
}

fn apply(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let f = require_callable(vm, args, "apply")?;
    let list = vm.arg(args, 1);
    let base = vm.push(vm.arg(args, 0));
    if !vm.is_nullish(list) {
        push_array_like(vm, list)?;
    }
    let argc = vm.stack_mark() - base - 1;
    let nt = vm.push(vm.undefined());
    let fs = vm.push(f);
    let _ = vm.this(args);
    vm.invoke(fs, base, argc, nt)
}

/// Pushes the elements of an array-like (CreateListFromArrayLike).
pub fn push_array_like(vm: &mut Vm, list: Tagged) -> JsResult<()> {
    if !vm.is_object(list) {
        return Err(vm.throw_type_error("CreateListFromArrayLike called on non-object"));
    }
    let ls = vm.push(list);
    let len = vm.get_named(list, Root::NameLength)?;
    let len = vm.to_length(len)? as u32;
    // The list slot stays below the values; values are pushed after it and then shifted.
    for i in 0..len {
        let key = vm.index_key(i)?;
        let v = vm.get_property(vm.slot(ls), key)?;
        vm.push(v);
    }
    vm.heap.js_stack.remove(ls);
    Ok(())
}

fn bind(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let f = require_callable(vm, args, "bind")?;
    let _ = f;
    let n = args.argc.saturating_sub(1);
    let bound = vm.heap.new_fixed_array(n, AllocationType::Young).map_err(|_| vm.out_of_memory())?;
    for i in 0..n {
        fixed_set(bound, i, vm.arg(args, i + 1));
    }
    let bs = vm.push(bound);
    let target = vm.this(args);
    let result = vm.new_bound_function(target, vm.arg(args, 0), vm.slot(bs))?;
    let rs = vm.push(result);
    // name: "bound " + target name; length: max(0, target length - bound count).
    let target = vm.this(args);
    let name = vm.get_named(target, Root::NameName)?;
    let name = if vm.is_string(name) {
        vm.string_to_rust(name)
    } else {
        String::new()
    };
    let length = vm.get_named(vm.this(args), Root::NameLength)?;
    let length = if vm.is_number(length) {
        vm.to_integer_or_infinity(length)?
    } else {
        0.0
    };
    let length = (length - n as f64).max(0.0);
    let name = vm.new_string(&format!("bound {name}"))?;
    let key = vm.root(Root::NameName);
    vm.define_own_data(vm.slot(rs), key, name, READ_ONLY | DONT_ENUM)?;
    let length = vm.new_number(length)?;
    let key = vm.root(Root::NameLength);
    vm.define_own_data(vm.slot(rs), key, length, READ_ONLY | DONT_ENUM)?;
    let _ = fixed_len;
    Ok(vm.slot(rs))
}

fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let f = vm.this(args);
    let text = match vm.instance_type(f) {
        Some(InstanceType::JsFunction) => match vm.function_source_text(f) {
            Some(text) => text,
            None => {
                let name = vm.function_name(f);
                format!("function {}() {{ [native code] }}", vm.string_to_rust(name))
            }
        },
        Some(InstanceType::JsBoundFunction) => "function () { [native code] }".to_string(),
        _ => return Err(vm.throw_type_error("Function.prototype.toString requires that 'this' be a Function")),
    };
    vm.new_string(&text)
}

fn has_instance(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let r = vm.ordinary_has_instance(vm.this(args), vm.arg(args, 0))?;
    Ok(vm.boolean(r))
}

impl Vm {
    /// The source text of a bytecode function (`None` for natives).
    pub fn function_source_text(&self, f: Tagged) -> Option<String> {
        self.function_bytecode(f)?;
        let sfi = tagus_heap::objects::HeapObject::from_tagged(self.shared_of(f));
        let script = sfi.read_tagged(tagus_heap::objects::code::shared::SCRIPT_OFFSET).smi_value();
        let start = sfi
            .read_tagged(tagus_heap::objects::code::shared::START_POSITION_OFFSET)
            .smi_value() as usize;
        let end = sfi.read_tagged(tagus_heap::objects::code::shared::END_POSITION_OFFSET).smi_value() as usize;
        let record = self.scripts.get(usize::try_from(script).ok()?)?;
        record.source.get(start..end).map(str::to_string)
    }
}
