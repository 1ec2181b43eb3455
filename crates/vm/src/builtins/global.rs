//! The global object's own properties: `globalThis`, `NaN`, `Infinity`, `undefined`,
//! `parseInt`, `parseFloat`, `isNaN`, `isFinite`, `print`, `console` and (with
//! `--expose-gc`) `gc`.

use tagus_heap::Tagged;
use tagus_heap::{GcKind, GcReason};

use crate::dictionary::{DONT_DELETE, DONT_ENUM, READ_ONLY};
use crate::{Args, JsResult, Root, Vm, numconv};

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let global = vm.push(vm.root(Root::GlobalObject));
    let constant = READ_ONLY | DONT_ENUM | DONT_DELETE;
    let key = vm.root(Root::NameGlobalThis);
    vm.define_own_data(vm.slot(global), key, vm.slot(global), DONT_ENUM)?;
    let nan = vm.new_number(f64::NAN)?;
    let key = vm.root(Root::NameNaN);
    vm.define_own_data(vm.slot(global), key, nan, constant)?;
    let inf = vm.new_number(f64::INFINITY)?;
    let key = vm.root(Root::NameInfinity);
    vm.define_own_data(vm.slot(global), key, inf, constant)?;
    let key = vm.root(Root::NameUndefined);
    vm.define_own_data(vm.slot(global), key, vm.undefined(), constant)?;
    vm.install_method(global, "parseInt", 2, parse_int)?;
    vm.install_method(global, "parseFloat", 1, parse_float)?;
    vm.install_method(global, "isNaN", 1, is_nan)?;
    vm.install_method(global, "isFinite", 1, is_finite)?;
    vm.install_method(global, "print", 0, print)?;
    if vm.options.expose_gc {
        vm.install_method(global, "gc", 0, gc)?;
    }
    let console = vm.new_object()?;
    let cs = vm.push(console);
    vm.install_method(cs, "log", 0, log)?;
    vm.install_method(cs, "info", 0, log)?;
    vm.install_method(cs, "debug", 0, log)?;
    vm.install_method(cs, "error", 0, error)?;
    vm.install_method(cs, "warn", 0, error)?;
    vm.install_value(global, "console", vm.slot(cs), false)?;
    vm.truncate_stack(global);
    Ok(())
}

fn parse_int(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = vm.to_string(vm.arg(args, 0))?;
    let ss = vm.push(s);
    let radix = vm.to_int32(vm.arg(args, 1))?;
    let units = vm.string_units(vm.slot(ss));
    vm.new_number(numconv::parse_int(&units, radix))
}

fn parse_float(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = vm.to_string(vm.arg(args, 0))?;
    let units = vm.string_units(s);
    vm.new_number(numconv::parse_float(&units))
}

fn is_nan(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let n = vm.to_number(vm.arg(args, 0))?;
    Ok(vm.boolean(n.is_nan()))
}

fn is_finite(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let n = vm.to_number(vm.arg(args, 0))?;
    Ok(vm.boolean(n.is_finite()))
}

/// The arguments formatted as `console.log` prints them: Node's `util.format` (format
/// specifiers in a first string argument, the other arguments space separated, strings as
/// they are and everything else through `util.inspect`).
pub fn format_log_line(vm: &mut Vm, args: Args) -> JsResult<String> {
    crate::inspect::format_arguments(vm, args)
}

fn log(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let line = format_log_line(vm, args)?;
    vm.write_output(&line);
    Ok(vm.undefined())
}

fn error(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let line = format_log_line(vm, args)?;
    vm.write_error_output(&line);
    Ok(vm.undefined())
}

fn print(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let mut line = String::new();
    for i in 0..args.argc {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&vm.to_rust_string(vm.arg(args, i))?);
    }
    vm.write_output(&line);
    Ok(vm.undefined())
}

fn gc(vm: &mut Vm, _args: Args) -> JsResult<Tagged> {
    vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    Ok(vm.undefined())
}
