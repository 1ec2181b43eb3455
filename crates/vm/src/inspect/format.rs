//! Node's `util.format` (`formatWithOptionsInternal`), which `console.log` applies to its
//! arguments: a first string argument may hold `%s %d %i %f %j %o %O %c %%`; the remaining
//! arguments follow, space separated, strings as they are and everything else inspected.
//!
//! Unlike inspection, the conversions of `%s` (for objects with their own `toString`),
//! `%d`, `%i`, `%f` and `%j` run user code, exactly as Node's do.

use tagus_heap::Tagged;

use super::{InspectOptions, format_number, is_built_in_name};
use crate::object::Own;
use crate::{Args, JsResult, Root, Vm, numconv};

/// The text `console.log(...args)` prints.
pub fn format_arguments(vm: &mut Vm, args: Args) -> JsResult<String> {
    let argc = args.argc;
    let mut a = 0;
    let mut out = String::new();
    let mut join = "";
    let first = vm.arg(args, 0);
    if argc > 0 && vm.is_string(first) {
        if argc == 1 {
            return Ok(vm.string_to_rust(first));
        }
        let text = vm.string_units(first);
        let mut last_pos = 0;
        let mut i = 0;
        while i + 1 < text.len() {
            if text[i] == u16::from(b'%') {
                i += 1;
                let next = text[i];
                if a + 1 != argc {
                    let substitution = match u8::try_from(next).unwrap_or(0) {
                        b's' => {
                            a += 1;
                            Some(format_s(vm, vm.arg(args, a))?)
                        }
                        b'j' => {
                            a += 1;
                            Some(try_stringify(vm, vm.arg(args, a))?)
                        }
                        b'd' => {
                            a += 1;
                            let v = vm.arg(args, a);
                            Some(if vm.is_symbol(v) {
                                "NaN".to_string()
                            } else {
                                format_number(vm.to_number(v)?)
                            })
                        }
                        b'O' => {
                            a += 1;
                            Some(vm.inspect(vm.arg(args, a))?)
                        }
                        b'o' => {
                            a += 1;
                            Some(vm.inspect_with(
                                vm.arg(args, a),
                                InspectOptions {
                                    depth: 4,
                                    show_hidden: true,
                                },
                            )?)
                        }
                        b'i' => {
                            a += 1;
                            Some(parse_with(vm, vm.arg(args, a), |units| numconv::parse_int(units, 0))?)
                        }
                        b'f' => {
                            a += 1;
                            Some(parse_with(vm, vm.arg(args, a), numconv::parse_float)?)
                        }
                        b'c' => {
                            a += 1;
                            Some(String::new())
                        }
                        b'%' => {
                            out.push_str(&String::from_utf16_lossy(&text[last_pos..i]));
                            last_pos = i + 1;
                            None
                        }
                        _ => None,
                    };
                    if let Some(substitution) = substitution {
                        if last_pos != i - 1 {
                            out.push_str(&String::from_utf16_lossy(&text[last_pos..i - 1]));
                        }
                        out.push_str(&substitution);
                        last_pos = i + 1;
                    }
                } else if next == u16::from(b'%') {
                    out.push_str(&String::from_utf16_lossy(&text[last_pos..i]));
                    last_pos = i + 1;
                }
            }
            i += 1;
        }
        if last_pos != 0 {
            a += 1;
            join = " ";
            if last_pos < text.len() {
                out.push_str(&String::from_utf16_lossy(&text[last_pos..]));
            }
        }
    }
    while a < argc {
        let v = vm.arg(args, a);
        out.push_str(join);
        if vm.is_string(v) {
            out.push_str(&vm.string_to_rust(v));
        } else {
            out.push_str(&vm.inspect(v)?);
        }
        join = " ";
        a += 1;
    }
    Ok(out)
}

/// `%s`: numbers as inspect shows them, objects with a built-in `toString` inspected at
/// depth 0, everything else through `String(value)`.
fn format_s(vm: &mut Vm, mut v: Tagged) -> JsResult<String> {
    if let Some(n) = vm.number_value(v) {
        return Ok(format_number(n));
    }
    if vm.is_symbol(v) {
        return vm.symbol_descriptive_string(v);
    }
    let is_plain_object = vm.is_object(v) && !vm.is_callable(v);
    if is_plain_object {
        let vs = vm.push(v);
        let builtin = has_built_in_to_string(vm, vs);
        v = vm.slot(vs);
        vm.truncate_stack(vs);
        if builtin? {
            return vm.inspect_with(
                v,
                InspectOptions {
                    depth: 0,
                    show_hidden: false,
                },
            );
        }
    }
    let s = vm.to_string(v)?;
    Ok(vm.string_to_rust(s))
}

/// Whether `key` is an own property of `o`.
fn has_own(vm: &mut Vm, o: Tagged, key: Tagged) -> JsResult<bool> {
    Ok(vm.get_own_property(o, key)?.is_some())
}

/// Node's `hasBuiltInToString`: whether the object's `toString` / `Symbol.toPrimitive`
/// comes from a built-in prototype.
fn has_built_in_to_string(vm: &mut Vm, vs: usize) -> JsResult<bool> {
    let to_string_key = vm.root(Root::NameToString);
    let to_primitive_key = vm.root(Root::SymbolToPrimitive);
    let to_string = vm.get_property(vm.slot(vs), to_string_key)?;
    let to_string_callable = vm.is_callable(to_string);
    let to_primitive = vm.get_property(vm.slot(vs), to_primitive_key)?;
    let to_primitive_callable = vm.is_callable(to_primitive);
    let mut check_to_string = true;
    let mut check_to_primitive = true;
    let to_primitive_key = vm.root(Root::SymbolToPrimitive);
    let to_string_key = vm.root(Root::NameToString);
    if !to_string_callable {
        if !to_primitive_callable {
            return Ok(true);
        } else if has_own(vm, vm.slot(vs), to_primitive_key)? {
            return Ok(false);
        }
        check_to_string = false;
    } else if has_own(vm, vm.slot(vs), to_string_key)? {
        return Ok(false);
    } else if !to_primitive_callable {
        check_to_primitive = false;
    } else if has_own(vm, vm.slot(vs), to_primitive_key)? {
        return Ok(false);
    }
    let mut pointer = vm.slot(vs);
    loop {
        pointer = vm.get_prototype_of(pointer);
        if !vm.is_object(pointer) {
            return Ok(true);
        }
        let ps = vm.push(pointer);
        let found = (check_to_string && has_own(vm, pointer, vm.root(Root::NameToString))?)
            || (check_to_primitive && has_own(vm, vm.slot(ps), vm.root(Root::SymbolToPrimitive))?);
        pointer = vm.slot(ps);
        vm.truncate_stack(ps);
        if found {
            break;
        }
    }
    let key = vm.root(Root::NameConstructor);
    let ps = vm.push(pointer);
    let r = match vm.get_own_property(pointer, key)? {
        Some(Own::Data(c, _)) if vm.is_callable(c) => {
            let name = vm.inspect_function_name(c)?;
            let name = vm.inspect_text(name)?;
            is_built_in_name(&name)
        }
        _ => false,
    };
    vm.truncate_stack(ps);
    Ok(r)
}

/// `%i` / `%f`: `parseInt` / `parseFloat` of the argument (symbols give NaN).
fn parse_with(vm: &mut Vm, v: Tagged, parse: impl Fn(&[u16]) -> f64) -> JsResult<String> {
    if vm.is_symbol(v) {
        return Ok("NaN".to_string());
    }
    let s = vm.to_string(v)?;
    let units = vm.string_units(s);
    Ok(format_number(parse(&units)))
}

/// The first line of the pending exception's message, if it is a TypeError.
fn pending_type_error_line(vm: &mut Vm) -> JsResult<Option<String>> {
    let e = vm.exception();
    if !vm.is_object(e) {
        return Ok(None);
    }
    let es = vm.push(e);
    let key = vm.root(Root::NameName);
    let name = vm.inspect_peek(vm.slot(es), key)?;
    let is_type_error = vm.is_string(name) && vm.string_to_rust(name) == "TypeError";
    let key = vm.root(Root::NameMessage);
    let message = vm.inspect_peek(vm.slot(es), key)?;
    let line = if is_type_error && vm.is_string(message) {
        vm.string_to_rust(message).split('\n').next().map(str::to_string)
    } else {
        None
    };
    vm.truncate_stack(es);
    Ok(line)
}

/// `JSON.stringify(value)`.
fn json_stringify(vm: &mut Vm, v: Tagged) -> JsResult<Tagged> {
    let vs = vm.push(v);
    let global = vm.root(Root::GlobalObject);
    let json = vm.get_by_str(global, "JSON")?;
    let js = vm.push(json);
    let stringify = vm.get_by_str(json, "stringify")?;
    if !vm.is_callable(stringify) {
        return Err(vm.throw_type_error("JSON.stringify is not a function"));
    }
    let r = vm.call(stringify, vm.slot(js), &[vm.slot(vs)]);
    vm.truncate_stack(vs);
    r
}

/// `%j`: `JSON.stringify(value)`, or `[Circular]` when it throws for a circular structure
/// (recognised, as Node does, by comparing with the message of a known circular case).
fn try_stringify(vm: &mut Vm, v: Tagged) -> JsResult<String> {
    match json_stringify(vm, v) {
        Ok(s) => {
            if vm.is_string(s) {
                Ok(vm.string_to_rust(s))
            } else {
                Ok("undefined".to_string())
            }
        }
        Err(thrown) => {
            if !vm.exception_is_catchable() {
                return Err(thrown);
            }
            let Some(line) = pending_type_error_line(vm)? else {
                return Err(thrown);
            };
            let saved = vm.push(vm.exception());
            vm.clear_exception();
            let circular_line = circular_error_line(vm)?;
            if circular_line.as_deref() == Some(line.as_str()) {
                vm.truncate_stack(saved);
                return Ok("[Circular]".to_string());
            }
            let e = vm.slot(saved);
            vm.truncate_stack(saved);
            Err(vm.throw_value(e))
        }
    }
}

/// The first line of the error `JSON.stringify` throws for `a = {}; a.a = a`.
fn circular_error_line(vm: &mut Vm) -> JsResult<Option<String>> {
    let a = vm.new_object()?;
    let slot = vm.push(a);
    let key = vm.intern("a")?;
    vm.define_own_data(vm.slot(slot), key, vm.slot(slot), 0)?;
    let r = json_stringify(vm, vm.slot(slot));
    vm.truncate_stack(slot);
    match r {
        Ok(_) => Ok(None),
        Err(thrown) => {
            if !vm.exception_is_catchable() {
                return Err(thrown);
            }
            let line = pending_type_error_line(vm)?;
            vm.clear_exception();
            Ok(line)
        }
    }
}
