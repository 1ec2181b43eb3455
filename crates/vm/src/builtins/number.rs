//! `Number`: the constructor, its constants (`EPSILON`, `MAX_SAFE_INTEGER`, `MAX_VALUE`...),
//! its predicates (`isInteger`, `isSafeInteger`, `isFinite`, `isNaN`), `Number.parseInt` /
//! `Number.parseFloat` (the global functions themselves), and `Number.prototype`
//! (`toString(radix)`, `toFixed`, `toPrecision`, `toExponential`, `valueOf`,
//! `toLocaleString`). The digits come from `numconv`. `Boolean` lives in `boolean.rs`,
//! installed from here.

#[path = "boolean.rs"]
mod boolean;

use tagus_heap::Tagged;

use super::string::new_wrapper_for_new_target;
use super::{integer_arg, this_primitive};
use crate::{Args, JsResult, Root, Vm, numconv};

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::NumberPrototype));
    let ctor = vm.install_constructor("Number", 1, construct_number, Root::NumberPrototype, Root::NumberConstructor)?;
    vm.install_method(ctor, "isFinite", 1, is_finite)?;
    vm.install_method(ctor, "isInteger", 1, is_integer)?;
    vm.install_method(ctor, "isNaN", 1, is_nan)?;
    vm.install_method(ctor, "isSafeInteger", 1, is_safe_integer)?;
    install_parse_functions(vm, ctor)?;
    for (name, value) in [
        ("MAX_VALUE", f64::MAX),
        ("MIN_VALUE", f64::from_bits(1)),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
        ("MAX_SAFE_INTEGER", MAX_SAFE_INTEGER),
        ("MIN_SAFE_INTEGER", -MAX_SAFE_INTEGER),
        ("EPSILON", f64::EPSILON),
    ] {
        let v = vm.new_number(value)?;
        vm.install_value(ctor, name, v, true)?;
    }
    vm.install_method(proto, "toExponential", 1, to_exponential)?;
    vm.install_method(proto, "toFixed", 1, to_fixed)?;
    vm.install_method(proto, "toPrecision", 1, to_precision)?;
    vm.install_method(proto, "toString", 1, to_string)?;
    vm.install_method(proto, "valueOf", 0, value_of)?;
    vm.install_method(proto, "toLocaleString", 0, to_locale_string)?;
    vm.truncate_stack(proto);
    boolean::install(vm)
}

/// 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9007199254740991.0;

/// `Number.parseInt` and `Number.parseFloat` are the global `parseInt` and `parseFloat`.
/// When the global object does not have them yet (the globals are installed after
/// `Number`), they are made here and defined on the global object too.
fn install_parse_functions(vm: &mut Vm, ctor: usize) -> JsResult<()> {
    let global = vm.push(vm.root(Root::GlobalObject));
    for (name, length, f) in [("parseFloat", 1, parse_float as crate::NativeFn), ("parseInt", 2, parse_int)] {
        let mut existing = vm.get_by_str(vm.slot(global), name)?;
        if !vm.is_callable(existing) {
            vm.install_method(global, name, length, f)?;
            existing = vm.get_by_str(vm.slot(global), name)?;
        }
        vm.install_value(ctor, name, existing, false)?;
    }
    vm.truncate_stack(global);
    Ok(())
}

/// `parseInt(string, radix)`.
fn parse_int(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = vm.to_string(vm.arg(args, 0))?;
    let s = vm.push(s);
    let radix = vm.to_int32(vm.arg(args, 1))?;
    let units = vm.string_units(vm.slot(s));
    vm.new_number(numconv::parse_int(&units, radix))
}

/// `parseFloat(string)`.
fn parse_float(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = vm.to_string(vm.arg(args, 0))?;
    let units = vm.string_units(s);
    vm.new_number(numconv::parse_float(&units))
}

/// `Number(value)` and `new Number(value)`.
fn construct_number(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let n = if args.argc == 0 {
        Tagged::smi(0)
    } else {
        vm.to_number_value(vm.arg(args, 0))?
    };
    if vm.new_target(args) == vm.undefined() {
        return Ok(n);
    }
    let n = vm.push(n);
    new_wrapper_for_new_target(vm, args, n, Root::NumberConstructor, Root::NumberPrototype)
}

// ---- Number's predicates ------------------------------------------------------------------------

/// The argument as a number, if it is one (the predicates do not convert).
fn number_arg(vm: &Vm, args: Args) -> Option<f64> {
    vm.number_value(vm.arg(args, 0))
}

fn is_finite(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.boolean(number_arg(vm, args).is_some_and(f64::is_finite)))
}

fn is_nan(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.boolean(number_arg(vm, args).is_some_and(f64::is_nan)))
}

fn is_integer(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.boolean(number_arg(vm, args).is_some_and(|n| n.is_finite() && n.trunc() == n)))
}

fn is_safe_integer(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.boolean(number_arg(vm, args).is_some_and(|n| n.is_finite() && n.trunc() == n && n.abs() <= MAX_SAFE_INTEGER)))
}

// ---- Number.prototype ----------------------------------------------------------------------------

/// thisNumberValue: the number, or the number inside a Number wrapper.
fn this_number_value(vm: &mut Vm, args: Args, method: &str) -> JsResult<f64> {
    match this_primitive(vm, args, Vm::is_number).and_then(|v| vm.number_value(v)) {
        Some(n) => Ok(n),
        None => Err(vm.throw_type_error(&format!("Number.prototype.{method} requires that 'this' be a Number"))),
    }
}

fn value_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    match this_primitive(vm, args, Vm::is_number) {
        Some(n) => Ok(n),
        None => Err(vm.throw_type_error("Number.prototype.valueOf requires that 'this' be a Number")),
    }
}

/// `toString(radix)`.
fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let x = this_number_value(vm, args, "toString")?;
    let radix = integer_arg(vm, args, 0, 10.0)?;
    if !(2.0..=36.0).contains(&radix) {
        return Err(vm.throw_range_error("toString() radix argument must be between 2 and 36"));
    }
    if radix == 10.0 {
        // ToString keeps its fast path (and cache) for small integers.
        let n = vm.new_number(x)?;
        return vm.to_string(n);
    }
    let text = numconv::number_to_string_radix(x, radix as u32);
    vm.new_string(&text)
}

/// The fraction-digits argument of `toFixed` / `toExponential` / `toPrecision`, checked to
/// lie in `min..=100` (RangeError `message` otherwise).
fn digits_in_range(vm: &mut Vm, digits: f64, min: f64, message: &str) -> JsResult<u32> {
    if !(min..=100.0).contains(&digits) {
        return Err(vm.throw_range_error(message));
    }
    Ok(digits as u32)
}

/// `toFixed(fractionDigits)`.
fn to_fixed(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let x = this_number_value(vm, args, "toFixed")?;
    let f = integer_arg(vm, args, 0, 0.0)?;
    let f = digits_in_range(vm, f, 0.0, "toFixed() digits argument must be between 0 and 100")?;
    let text = numconv::to_fixed(x, f);
    vm.new_string(&text)
}

/// `toExponential(fractionDigits)`.
fn to_exponential(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let x = this_number_value(vm, args, "toExponential")?;
    let given = vm.arg(args, 0) != vm.undefined();
    let f = integer_arg(vm, args, 0, 0.0)?;
    if !x.is_finite() {
        return vm.new_string(&numconv::number_to_string(x));
    }
    let f = digits_in_range(vm, f, 0.0, "toExponential() argument must be between 0 and 100")?;
    let text = numconv::to_exponential(x, given.then_some(f));
    vm.new_string(&text)
}

/// `toPrecision(precision)`.
fn to_precision(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let x = this_number_value(vm, args, "toPrecision")?;
    if vm.arg(args, 0) == vm.undefined() {
        let n = vm.new_number(x)?;
        return vm.to_string(n);
    }
    let p = integer_arg(vm, args, 0, 0.0)?;
    if !x.is_finite() {
        return vm.new_string(&numconv::number_to_string(x));
    }
    let p = digits_in_range(vm, p, 1.0, "toPrecision() argument must be between 1 and 100")?;
    let text = numconv::to_precision(x, p);
    vm.new_string(&text)
}

/// `toLocaleString()`: the default locale's (en-US) format, as Intl.NumberFormat's
/// defaults give it: grouped thousands, at most three fraction digits (rounded half away
/// from zero on the shortest decimal form), `∞` for infinities.
fn to_locale_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let x = this_number_value(vm, args, "toLocaleString")?;
    let text = locale_format(x);
    vm.new_string(&text)
}

/// The en-US number format of `x` (see `to_locale_string`).
fn locale_format(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x.is_infinite() {
        return format!("{sign}∞");
    }
    // The shortest round-trip digits, as digits with the decimal point after `point` of them.
    let text = numconv::number_to_string(x.abs());
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text.as_str(), 0),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = integer.bytes().chain(fraction.bytes()).collect();
    let mut point = integer.len() as i32 + exponent;
    while digits.len() > 1 && digits[0] == b'0' {
        digits.remove(0);
        point -= 1;
    }
    // Round to three fraction digits, half away from zero.
    const FRACTION_DIGITS: i32 = 3;
    let keep = point + FRACTION_DIGITS;
    if keep < 0 {
        digits.clear();
    } else if (keep as usize) < digits.len() {
        let round_up = digits[keep as usize] >= b'5';
        digits.truncate(keep as usize);
        if round_up {
            let mut i = digits.len();
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    point += 1;
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    // Integer part, grouped by thousands.
    let integer_digits: Vec<u8> = if point <= 0 {
        vec![b'0']
    } else {
        (0..point as usize).map(|i| digits.get(i).copied().unwrap_or(b'0')).collect()
    };
    let mut out = String::from(sign);
    for (i, &d) in integer_digits.iter().enumerate() {
        if i > 0 && (integer_digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(d));
    }
    // Fraction part, without trailing zeros.
    let mut fraction: Vec<u8> = Vec::new();
    for position in point..point + FRACTION_DIGITS {
        fraction.push(if position < 0 {
            b'0'
        } else {
            digits.get(position as usize).copied().unwrap_or(b'0')
        });
    }
    while fraction.last() == Some(&b'0') {
        fraction.pop();
    }
    if !fraction.is_empty() {
        out.push('.');
        out.extend(fraction.iter().map(|&d| char::from(d)));
    }
    out
}
