//! `String`: the constructor, `String.fromCharCode` / `fromCodePoint` / `raw`, and the
//! `String.prototype` methods that read characters or cut out substrings (`at`, `charAt`,
//! `charCodeAt`, `codePointAt`, `concat`, `slice`, `substring`, `substr`, `toString`,
//! `valueOf`, `isWellFormed`, `toWellFormed`, `[Symbol.iterator]`), plus the helpers the
//! other string files share. Searching (`indexOf`, `includes`, `split`, `replace`...) lives
//! in `string_search.rs`; case mapping, padding, trimming, `repeat` and `normalize` in
//! `string_transform.rs`. Both are installed from here.
//!
//! Strings are UTF-16: positions and lengths count code units. Methods read the receiver's
//! characters in place (the string is flattened once, never copied whole just to read a
//! character) and copy out only the characters they return.

#[path = "string_search.rs"]
pub mod search;
#[path = "string_transform.rs"]
mod transform;

use tagus_heap::objects::js_object::primitive_wrapper;
use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::{StringChars, Tagged};

use super::{integer_arg, relative_index, this_primitive};
use crate::{Args, JsResult, Root, Vm, numconv};

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let proto = vm.push(vm.root(Root::StringPrototype));
    let ctor = vm.install_constructor("String", 1, construct_string, Root::StringPrototype, Root::StringConstructor)?;
    vm.install_method(ctor, "fromCharCode", 1, from_char_code)?;
    vm.install_method(ctor, "fromCodePoint", 1, from_code_point)?;
    vm.install_method(ctor, "raw", 1, raw)?;
    vm.install_method(proto, "at", 1, at)?;
    vm.install_method(proto, "charAt", 1, char_at)?;
    // The interpreter's fast loop answers calls of this very function itself.
    let char_code_at = vm.install_method(proto, "charCodeAt", 1, char_code_at)?;
    vm.set_root(Root::StringCharCodeAt, char_code_at);
    vm.install_method(proto, "codePointAt", 1, code_point_at)?;
    vm.install_method(proto, "concat", 1, concat)?;
    vm.install_method(proto, "isWellFormed", 0, is_well_formed)?;
    vm.install_method(proto, "slice", 2, slice)?;
    vm.install_method(proto, "substring", 2, substring_method)?;
    vm.install_method(proto, "substr", 2, substr)?;
    vm.install_method(proto, "toString", 0, to_string)?;
    vm.install_method(proto, "toWellFormed", 0, to_well_formed)?;
    vm.install_method(proto, "valueOf", 0, value_of)?;
    vm.install_symbol_method(
        proto,
        Root::SymbolIterator,
        "[Symbol.iterator]",
        0,
        super::iterator::string_iterator,
    )?;
    search::install(vm, proto)?;
    transform::install(vm, proto)?;
    vm.truncate_stack(proto);
    Ok(())
}

// ---- shared helpers ---------------------------------------------------------------------------

/// RequireObjectCoercible(this) then ToString(this), pushed on the stack: returns its slot.
/// The TypeError names `String.prototype.<method>`.
pub(crate) fn this_string(vm: &mut Vm, args: Args, method: &str) -> JsResult<usize> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error(&format!("String.prototype.{method} called on null or undefined")));
    }
    let s = vm.to_string(this)?;
    Ok(vm.push(s))
}

/// Flattens the string in `slot` (storing the flat string back in the slot) and runs `f`
/// over its characters. `f` cannot allocate: it only sees the characters.
pub(crate) fn with_chars<R>(vm: &mut Vm, slot: usize, f: impl FnOnce(StringChars<'_>) -> R) -> JsResult<R> {
    let flat = vm.flatten(vm.slot(slot))?;
    vm.set_slot(slot, flat);
    let chars = vm.heap.string_chars(flat).expect("a flattened string has flat characters");
    Ok(f(chars))
}

/// Characters copied out of a string, in the string's own width.
pub(crate) enum Owned {
    /// Latin-1.
    OneByte(Vec<u8>),
    /// UTF-16.
    TwoByte(Vec<u16>),
}

/// Copies code units `start..end` of the string in `slot`.
pub(crate) fn copy_range(vm: &mut Vm, slot: usize, start: usize, end: usize) -> JsResult<Owned> {
    with_chars(vm, slot, |chars| match chars {
        StringChars::OneByte(b) => Owned::OneByte(b[start..end].to_vec()),
        StringChars::TwoByte(w) => Owned::TwoByte(w[start..end].to_vec()),
    })
}

/// A new string of copied characters.
pub(crate) fn new_owned_string(vm: &mut Vm, chars: &Owned) -> JsResult<Tagged> {
    match chars {
        Owned::OneByte(b) if b.len() == 1 => vm.single_character_string(b[0] as u16),
        Owned::OneByte(b) => vm.new_string_latin1(b),
        Owned::TwoByte(w) => vm.new_string_utf16(w),
    }
}

/// The substring `start..end` (code units, `start <= end <= length`) of the string in `slot`.
pub(crate) fn substring(vm: &mut Vm, slot: usize, start: usize, end: usize) -> JsResult<Tagged> {
    if start >= end {
        return Ok(vm.empty_string());
    }
    if start == 0 && end == vm.string_length(vm.slot(slot)) {
        return Ok(vm.slot(slot));
    }
    let chars = copy_range(vm, slot, start, end)?;
    new_owned_string(vm, &chars)
}

/// A new array of the substrings `ranges` of the string in `slot`.
pub(crate) fn new_substring_array(vm: &mut Vm, slot: usize, ranges: &[(usize, usize)]) -> JsResult<Tagged> {
    // Filled right below with strings (V8's split results have PACKED_ELEMENTS).
    let array = vm.new_array_with_kind(ranges.len(), ranges.len(), crate::elements::elements_kind::PACKED_ELEMENTS)?;
    let array_slot = vm.push(array);
    for (i, &(start, end)) in ranges.iter().enumerate() {
        let piece = substring(vm, slot, start, end)?;
        let elements = vm.elements_of(vm.slot(array_slot));
        crate::object::fixed_set(elements, i, piece);
    }
    Ok(vm.slot(array_slot))
}

/// GetMethod(value, symbol): undefined and null give `None`; anything else must be callable
/// (TypeError as V8 words it: `number 1 is not a function`).
pub(crate) fn get_method(vm: &mut Vm, value: Tagged, symbol: Root) -> JsResult<Option<Tagged>> {
    let f = vm.get_named(value, symbol)?;
    if vm.is_nullish(f) {
        return Ok(None);
    }
    if !vm.is_callable(f) {
        let shown = if vm.is_object(f) || vm.is_symbol(f) {
            vm.string_to_rust(vm.type_of(f))
        } else {
            let kind = vm.string_to_rust(vm.type_of(f));
            let text = vm.to_display_string(f)?;
            if vm.is_string(f) {
                format!("{kind} \"{text}\"")
            } else {
                format!("{kind} {text}")
            }
        };
        return Err(vm.throw_type_error(&format!("{shown} is not a function")));
    }
    Ok(Some(f))
}

/// Whether a code unit is a leading (high) surrogate.
pub(crate) fn is_lead_surrogate(unit: u16) -> bool {
    (0xD800..0xDC00).contains(&unit)
}

/// Whether a code unit is a trailing (low) surrogate.
pub(crate) fn is_trail_surrogate(unit: u16) -> bool {
    (0xDC00..0xE000).contains(&unit)
}

/// The new object of `new C(value)` for a primitive wrapper constructor `C` (its root is
/// `ctor`, its prototype `proto`): wraps the primitive in `value_slot`, with the prototype
/// taken from new.target (the intrinsic one when new.target's `prototype` is not an object).
pub(crate) fn new_wrapper_for_new_target(vm: &mut Vm, args: Args, value_slot: usize, ctor: Root, proto: Root) -> JsResult<Tagged> {
    if vm.new_target(args) == vm.root(ctor) {
        return vm.new_primitive_wrapper(vm.slot(value_slot));
    }
    let p = vm.get_named(vm.new_target(args), Root::NamePrototype)?;
    let p = if vm.is_object(p) { p } else { vm.root(proto) };
    let map = vm.new_map(InstanceType::JsPrimitiveWrapper, primitive_wrapper::SIZE, p)?;
    let map_slot = vm.push(map);
    let w = vm.allocate_js_object_with_map(map_slot)?;
    HeapObject::from_tagged(w).write_tagged(primitive_wrapper::VALUE_OFFSET, vm.slot(value_slot));
    Ok(w)
}

// ---- the constructor and its functions --------------------------------------------------------

/// `String(value)` and `new String(value)`.
fn construct_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let is_call = vm.new_target(args) == vm.undefined();
    let s = if args.argc == 0 {
        vm.empty_string()
    } else {
        let v = vm.arg(args, 0);
        if is_call && vm.is_symbol(v) {
            return symbol_descriptive_string(vm, v);
        }
        vm.to_string(v)?
    };
    if is_call {
        return Ok(s);
    }
    let s = vm.push(s);
    new_wrapper_for_new_target(vm, args, s, Root::StringConstructor, Root::StringPrototype)
}

/// SymbolDescriptiveString: `Symbol(description)`, keeping the description's code units.
fn symbol_descriptive_string(vm: &mut Vm, symbol: Tagged) -> JsResult<Tagged> {
    let description = vm.symbol_description(symbol);
    let mut units: Vec<u16> = "Symbol(".encode_utf16().collect();
    if description != vm.undefined() {
        units.extend(vm.string_units(description));
    }
    units.push(b')' as u16);
    vm.new_string_utf16(&units)
}

/// `String.fromCharCode(...codeUnits)`.
fn from_char_code(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let mut units = Vec::with_capacity(args.argc);
    for i in 0..args.argc {
        // ToUint16: ToInt32's low 16 bits are the number modulo 2^16.
        units.push(vm.to_int32(vm.arg(args, i))? as u16);
    }
    vm.new_string_utf16(&units)
}

/// `String.fromCodePoint(...codePoints)`.
fn from_code_point(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let mut units = Vec::with_capacity(args.argc);
    for i in 0..args.argc {
        let n = vm.to_number(vm.arg(args, i))?;
        if n.fract() != 0.0 || !(0.0..=0x10FFFF as f64).contains(&n) {
            let shown = numconv::number_to_string(n);
            return Err(vm.throw_range_error(&format!("Invalid code point {shown}")));
        }
        let cp = n as u32;
        if cp < 0x10000 {
            units.push(cp as u16);
        } else {
            let c = cp - 0x10000;
            units.push(0xD800 + (c >> 10) as u16);
            units.push(0xDC00 + (c & 0x3FF) as u16);
        }
    }
    vm.new_string_utf16(&units)
}

/// `String.raw(template, ...substitutions)`.
fn raw(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let cooked = vm.to_object(vm.arg(args, 0))?;
    let raw = vm.get_named(cooked, Root::NameRaw)?;
    let literals = vm.to_object(raw)?;
    let literals = vm.push(literals);
    let length = vm.get_named(vm.slot(literals), Root::NameLength)?;
    let count = vm.to_length(length)?;
    let substitutions = args.argc.saturating_sub(1);
    let mut out: Vec<u16> = Vec::new();
    let mut index = 0.0;
    while index < count {
        let mark = vm.stack_mark();
        let key = if index <= u32::MAX as f64 - 1.0 {
            vm.index_key(index as u32)?
        } else {
            let text = numconv::number_to_string(index);
            vm.intern(&text)?
        };
        let literal = vm.get_property(vm.slot(literals), key)?;
        let literal = vm.to_string(literal)?;
        out.extend(vm.string_units(literal));
        if index + 1.0 >= count {
            break;
        }
        if (index as usize) < substitutions {
            let sub = vm.to_string(vm.arg(args, index as usize + 1))?;
            out.extend(vm.string_units(sub));
        }
        vm.truncate_stack(mark);
        index += 1.0;
    }
    vm.new_string_utf16(&out)
}

// ---- String.prototype: reading characters ------------------------------------------------------

/// thisStringValue: the string, or the string inside a String wrapper.
fn this_string_value(vm: &mut Vm, args: Args, method: &str) -> JsResult<Tagged> {
    match this_primitive(vm, args, Vm::is_string) {
        Some(s) => Ok(s),
        None => Err(vm.throw_type_error(&format!("String.prototype.{method} requires that 'this' be a String"))),
    }
}

fn to_string(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_string_value(vm, args, "toString")
}

fn value_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    this_string_value(vm, args, "valueOf")
}

/// The code-unit index argument 0 resolves to, if it is inside the string in `slot`.
fn index_in_string(vm: &mut Vm, args: Args, slot: usize) -> JsResult<Option<usize>> {
    let position = integer_arg(vm, args, 0, 0.0)?;
    let len = vm.string_length(vm.slot(slot));
    Ok((position >= 0.0 && position < len as f64).then_some(position as usize))
}

fn at(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "at")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let relative = integer_arg(vm, args, 0, 0.0)?;
    let k = if relative >= 0.0 { relative } else { len + relative };
    if k < 0.0 || k >= len {
        return Ok(vm.undefined());
    }
    vm.string_char_at(vm.slot(s), k as usize)
}

fn char_at(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "charAt")?;
    match index_in_string(vm, args, s)? {
        Some(i) => vm.string_char_at(vm.slot(s), i),
        None => Ok(vm.empty_string()),
    }
}

/// `charCodeAt` allocates nothing for a flat string receiver and an integer position.
fn char_code_at(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "charCodeAt")?;
    match index_in_string(vm, args, s)? {
        Some(i) => Ok(Tagged::smi(vm.string_unit_at(vm.slot(s), i)? as i32)),
        None => vm.new_number(f64::NAN),
    }
}

fn code_point_at(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "codePointAt")?;
    let Some(i) = index_in_string(vm, args, s)? else {
        return Ok(vm.undefined());
    };
    let first = vm.string_unit_at(vm.slot(s), i)?;
    if is_lead_surrogate(first) && i + 1 < vm.string_length(vm.slot(s)) {
        let second = vm.string_unit_at(vm.slot(s), i + 1)?;
        if is_trail_surrogate(second) {
            let cp = 0x10000 + ((first as i32 - 0xD800) << 10) + (second as i32 - 0xDC00);
            return Ok(Tagged::smi(cp));
        }
    }
    Ok(Tagged::smi(first as i32))
}

fn concat(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let result = this_string(vm, args, "concat")?;
    for i in 0..args.argc {
        let next = vm.to_string(vm.arg(args, i))?;
        let joined = vm.concat(vm.slot(result), next)?;
        vm.set_slot(result, joined);
    }
    Ok(vm.slot(result))
}

// ---- String.prototype: substrings -------------------------------------------------------------

fn slice(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "slice")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let from = relative_index(vm, args, 0, len, 0.0)?;
    let to = relative_index(vm, args, 1, len, len)?;
    substring(vm, s, from as usize, to as usize)
}

fn substring_method(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "substring")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let start = integer_arg(vm, args, 0, 0.0)?.clamp(0.0, len);
    let end = integer_arg(vm, args, 1, len)?.clamp(0.0, len);
    substring(vm, s, start.min(end) as usize, start.max(end) as usize)
}

/// Annex B `substr(start, length)`.
fn substr(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "substr")?;
    let size = vm.string_length(vm.slot(s)) as f64;
    let start = relative_index(vm, args, 0, size, 0.0)?;
    let length = integer_arg(vm, args, 1, size)?.clamp(0.0, size);
    let end = (start + length).min(size);
    substring(vm, s, start as usize, end.max(start) as usize)
}

// ---- String.prototype: well-formedness ---------------------------------------------------------

/// The positions of the lone surrogates among `units`.
fn lone_surrogates<T: Copy + Into<u16>>(units: &[T]) -> Vec<usize> {
    let mut lone = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let u: u16 = units[i].into();
        if is_lead_surrogate(u) && i + 1 < units.len() && is_trail_surrogate(units[i + 1].into()) {
            i += 2;
            continue;
        }
        if is_lead_surrogate(u) || is_trail_surrogate(u) {
            lone.push(i);
        }
        i += 1;
    }
    lone
}

fn is_well_formed(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "isWellFormed")?;
    let ok = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(_) => true,
        StringChars::TwoByte(w) => lone_surrogates(w).is_empty(),
    })?;
    Ok(vm.boolean(ok))
}

fn to_well_formed(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "toWellFormed")?;
    let fixed = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(_) => None,
        StringChars::TwoByte(w) => {
            let lone = lone_surrogates(w);
            (!lone.is_empty()).then(|| {
                let mut units = w.to_vec();
                for i in lone {
                    units[i] = 0xFFFD;
                }
                units
            })
        }
    })?;
    match fixed {
        Some(units) => vm.new_string_utf16(&units),
        None => Ok(vm.slot(s)),
    }
}
