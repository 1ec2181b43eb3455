//! `String.prototype` methods that make a transformed copy: `toLowerCase` / `toUpperCase`
//! (and their `toLocale…` forms), `trim`, `trimStart` / `trimLeft`, `trimEnd` / `trimRight`,
//! `padStart`, `padEnd`, `repeat` and `normalize`.
//!
//! Case mapping is Unicode's full default mapping (Rust's `str` case conversion: `ß` upper
//! cases to `SS`, `İ` lower cases to `i̇`, a final `Σ` to `ς`); lone surrogates pass
//! through unchanged. Whitespace is the ECMAScript set (WhiteSpace and LineTerminator).

use tagus_heap::objects::string::MAX_LENGTH;
use tagus_heap::{StringChars, Tagged};

use super::{Owned, new_owned_string, substring, this_string, with_chars};
use crate::dictionary::DONT_ENUM;
use crate::{Args, JsResult, Vm, numconv};

pub(super) fn install(vm: &mut Vm, proto: usize) -> JsResult<()> {
    vm.install_method(proto, "normalize", 0, normalize)?;
    vm.install_method(proto, "padEnd", 1, pad_end)?;
    vm.install_method(proto, "padStart", 1, pad_start)?;
    vm.install_method(proto, "repeat", 1, repeat)?;
    vm.install_method(proto, "toLowerCase", 0, to_lower_case)?;
    vm.install_method(proto, "toLocaleLowerCase", 0, to_locale_lower_case)?;
    vm.install_method(proto, "toUpperCase", 0, to_upper_case)?;
    vm.install_method(proto, "toLocaleUpperCase", 0, to_locale_upper_case)?;
    vm.install_method(proto, "trim", 0, trim)?;
    vm.install_method(proto, "trimStart", 0, trim_start)?;
    vm.install_method(proto, "trimEnd", 0, trim_end)?;
    // Annex B: trimLeft and trimRight are the same function objects as trimStart and trimEnd.
    for (alias, name) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
        let f = vm.get_by_str(vm.slot(proto), name)?;
        let fs = vm.push(f);
        let key = vm.intern(alias)?;
        vm.define_own_data(vm.slot(proto), key, vm.slot(fs), DONT_ENUM)?;
        vm.truncate_stack(fs);
    }
    Ok(())
}

// ---- case mapping ------------------------------------------------------------------------------

/// Maps the case of UTF-16 text: runs of valid code points go through Rust's full Unicode
/// mapping (which sees a whole run, for the final-sigma rule); lone surrogates are kept.
fn map_case(units: &[u16], upper: bool) -> Vec<u16> {
    fn flush(run: &mut String, out: &mut Vec<u16>, upper: bool) {
        if !run.is_empty() {
            let mapped = if upper { run.to_uppercase() } else { run.to_lowercase() };
            out.extend(mapped.encode_utf16());
            run.clear();
        }
    }
    let mut out = Vec::with_capacity(units.len());
    let mut run = String::new();
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => run.push(c),
            Err(e) => {
                flush(&mut run, &mut out, upper);
                out.push(e.unpaired_surrogate());
            }
        }
    }
    flush(&mut run, &mut out, upper);
    out
}

fn convert_case(vm: &mut Vm, args: Args, method: &str, upper: bool) -> JsResult<Tagged> {
    let s = this_string(vm, args, method)?;
    let mapped = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(b) if b.is_ascii() => Owned::OneByte(if upper { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() }),
        StringChars::OneByte(b) => Owned::TwoByte(map_case(&b.iter().map(|&c| c as u16).collect::<Vec<_>>(), upper)),
        StringChars::TwoByte(w) => Owned::TwoByte(map_case(w, upper)),
    })?;
    new_owned_string(vm, &mapped)
}

fn to_lower_case(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    convert_case(vm, args, "toLowerCase", false)
}

fn to_upper_case(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    convert_case(vm, args, "toUpperCase", true)
}

/// `toLocaleLowerCase()`: the default locale maps case like the root (`toLowerCase`).
fn to_locale_lower_case(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    convert_case(vm, args, "toLocaleLowerCase", false)
}

/// `toLocaleUpperCase()`: the default locale maps case like the root (`toUpperCase`).
fn to_locale_upper_case(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    convert_case(vm, args, "toLocaleUpperCase", true)
}

// ---- trimming --------------------------------------------------------------------------------

/// The range of `units` left after trimming whitespace from the chosen ends.
fn trimmed_range<T: Copy + Into<u16>>(units: &[T], start: bool, end: bool) -> (usize, usize) {
    let white = |u: &T| numconv::is_js_whitespace((*u).into());
    let from = if start {
        units.iter().position(|u| !white(u)).unwrap_or(units.len())
    } else {
        0
    };
    let to = if end {
        units.iter().rposition(|u| !white(u)).map_or(from, |i| i + 1)
    } else {
        units.len()
    };
    (from, to.max(from))
}

fn trim_impl(vm: &mut Vm, args: Args, method: &str, start: bool, end: bool) -> JsResult<Tagged> {
    let s = this_string(vm, args, method)?;
    let (from, to) = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(b) => trimmed_range(b, start, end),
        StringChars::TwoByte(w) => trimmed_range(w, start, end),
    })?;
    substring(vm, s, from, to)
}

fn trim(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    trim_impl(vm, args, "trim", true, true)
}

fn trim_start(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    trim_impl(vm, args, "trimStart", true, false)
}

fn trim_end(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    trim_impl(vm, args, "trimEnd", false, true)
}

// ---- padding and repeat ------------------------------------------------------------------------

/// StringPad: pads the receiver to `maxLength` with the filler, at the start or the end.
fn pad(vm: &mut Vm, args: Args, method: &str, at_start: bool) -> JsResult<Tagged> {
    let s = this_string(vm, args, method)?;
    let max_length = vm.to_length(vm.arg(args, 0))?;
    let len = vm.string_length(vm.slot(s));
    if max_length <= len as f64 {
        return Ok(vm.slot(s));
    }
    let filler = vm.arg(args, 1);
    let filler = if filler == vm.undefined() {
        vec![b' ' as u16]
    } else {
        let f = vm.to_string(filler)?;
        vm.string_units(f)
    };
    if filler.is_empty() {
        return Ok(vm.slot(s));
    }
    if max_length > MAX_LENGTH as f64 {
        return Err(vm.throw_range_error("Invalid string length"));
    }
    let fill_len = max_length as usize - len;
    let padding: Vec<u16> = filler.iter().copied().cycle().take(fill_len).collect();
    let units = vm.string_units(vm.slot(s));
    let out = if at_start {
        [padding, units].concat()
    } else {
        [units, padding].concat()
    };
    vm.new_string_utf16(&out)
}

fn pad_start(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    pad(vm, args, "padStart", true)
}

fn pad_end(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    pad(vm, args, "padEnd", false)
}

fn repeat(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "repeat")?;
    let count = vm.to_number(vm.arg(args, 0))?;
    let n = if count.is_nan() { 0.0 } else { count.trunc() };
    if n < 0.0 || n == f64::INFINITY {
        let shown = numconv::number_to_string(count);
        return Err(vm.throw_range_error(&format!("Invalid count value: {shown}")));
    }
    let len = vm.string_length(vm.slot(s));
    if n == 0.0 || len == 0 {
        return Ok(vm.empty_string());
    }
    if len as f64 * n > MAX_LENGTH as f64 {
        return Err(vm.throw_range_error("Invalid string length"));
    }
    let n = n as usize;
    let repeated = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(b) => Owned::OneByte(b.repeat(n)),
        StringChars::TwoByte(w) => Owned::TwoByte(w.repeat(n)),
    })?;
    new_owned_string(vm, &repeated)
}

// ---- normalize ---------------------------------------------------------------------------------

/// `normalize(form)`: checks the form (`NFC`, `NFD`, `NFKC` or `NFKD`) and returns the
/// string unchanged. The engine carries no Unicode decomposition tables, so the result is
/// exact for ASCII text under every form (and for Latin-1 text under NFC, where it is
/// already composed); other text is returned as it is.
fn normalize(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "normalize")?;
    let form = vm.arg(args, 0);
    if form != vm.undefined() {
        let form = vm.to_rust_string(form)?;
        if !matches!(form.as_str(), "NFC" | "NFD" | "NFKC" | "NFKD") {
            return Err(vm.throw_range_error("The normalization form should be one of NFC, NFD, NFKC, NFKD."));
        }
    }
    Ok(vm.slot(s))
}
