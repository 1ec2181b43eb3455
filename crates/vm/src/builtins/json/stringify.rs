//! `JSON.stringify`: SerializeJSONProperty / SerializeJSONObject / SerializeJSONArray and
//! QuoteJSONString as the spec writes them, with a replacer function or property list, the
//! `space` gap, `toJSON`, and V8's circular-structure message.
//!
//! The text is built as UTF-16 units in a Rust buffer (plain data, safe across GC); the
//! values being serialized and the objects on the cycle-detection stack live in JS stack
//! slots.

use tagus_heap::Tagged;

use crate::object::{fixed_get, fixed_len};
use crate::{Args, JsResult, Root, Vm, numconv};

/// Deepest object/array nesting serialized before `Maximum call stack size exceeded`
/// (the serializer recurses on the Rust stack).
const MAX_DEPTH: usize = 2500;

struct Stringifier {
    /// Slot of the replacer function.
    replacer: Option<usize>,
    /// The property list of an array replacer: property keys in slots `first..first + len`.
    property_list: Option<(usize, usize)>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    /// Objects being serialized: (slot of the key they were reached by, slot of the object).
    stack: Vec<(usize, usize)>,
    out: Vec<u16>,
}

/// `JSON.stringify(value, replacer, space)`.
pub fn stringify(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let mut st = Stringifier {
        replacer: None,
        property_list: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        out: Vec::new(),
    };
    let replacer = vm.arg(args, 1);
    if vm.is_callable(replacer) {
        st.replacer = Some(vm.arg_slot(args, 1));
    } else if vm.is_array(replacer) {
        st.property_list = Some(property_list(vm, args)?);
    }
    st.gap = gap(vm, args)?;
    let wrapper = vm.new_object()?;
    let ws = vm.push(wrapper);
    let key = vm.intern("")?;
    let ks = vm.push(key);
    vm.define_own_data(vm.slot(ws), key, vm.arg(args, 0), 0)?;
    if serialize_property(vm, &mut st, ws, ks)? {
        vm.new_string_utf16(&st.out)
    } else {
        Ok(vm.undefined())
    }
}

/// The property list of an array replacer (keys pushed as consecutive slots).
fn property_list(vm: &mut Vm, args: Args) -> JsResult<(usize, usize)> {
    let replacer_slot = vm.arg_slot(args, 1);
    let len = vm.get_named(vm.slot(replacer_slot), Root::NameLength)?;
    let len = vm.to_length(len)?;
    let first = vm.stack_mark();
    let mut count = 0;
    let mut k = 0.0;
    while k < len {
        let key = if k <= u32::MAX as f64 - 1.0 {
            vm.index_key(k as u32)?
        } else {
            vm.intern(&numconv::number_to_string(k))?
        };
        let v = vm.get_property(vm.slot(replacer_slot), key)?;
        k += 1.0;
        let primitive = vm.primitive_wrapper_value(v).unwrap_or(v);
        if !vm.is_string(primitive) && !vm.is_number(primitive) {
            continue;
        }
        let item = vm.to_string(v)?;
        let key = vm.to_property_key(item)?;
        if !(0..count).any(|i| vm.slot(first + i) == key) {
            vm.push(key);
            count += 1;
        }
    }
    Ok((first, count))
}

/// The gap from the `space` argument: up to 10 spaces or the first 10 units of a string.
fn gap(vm: &mut Vm, args: Args) -> JsResult<Vec<u16>> {
    let mut space = vm.arg(args, 2);
    if let Some(p) = vm.primitive_wrapper_value(space) {
        if vm.is_number(p) {
            let n = vm.to_number(space)?;
            space = vm.new_number(n)?;
        } else if vm.is_string(p) {
            space = vm.to_string(space)?;
        }
    }
    if vm.is_number(space) {
        let n = vm.to_integer_or_infinity(space)?.min(10.0);
        return Ok(if n >= 1.0 { vec![b' ' as u16; n as usize] } else { Vec::new() });
    }
    if vm.is_string(space) {
        let mut units = vm.string_units(space);
        units.truncate(10);
        return Ok(units);
    }
    Ok(Vec::new())
}

/// A property key as the string passed to `toJSON` and the replacer.
fn key_string(vm: &mut Vm, key: Tagged) -> JsResult<Tagged> {
    vm.key_to_string(key)
}

/// SerializeJSONProperty(key, holder): appends the text and returns true, or returns false
/// (and appends nothing) when the value serializes to undefined.
fn serialize_property(vm: &mut Vm, st: &mut Stringifier, holder: usize, key: usize) -> JsResult<bool> {
    let mark = vm.stack_mark();
    let r = serialize_property_inner(vm, st, holder, key);
    vm.truncate_stack(mark);
    r
}

fn serialize_property_inner(vm: &mut Vm, st: &mut Stringifier, holder: usize, key: usize) -> JsResult<bool> {
    let value = vm.get_property(vm.slot(holder), vm.slot(key))?;
    let vs = vm.push(value);
    if vm.is_object(value) {
        let to_json = vm.get_named(value, Root::NameToJSON)?;
        if vm.is_callable(to_json) {
            let fs = vm.push(to_json);
            let name = key_string(vm, vm.slot(key))?;
            let v = vm.call(vm.slot(fs), vm.slot(vs), &[name])?;
            vm.set_slot(vs, v);
        }
    }
    if let Some(replacer) = st.replacer {
        let name = key_string(vm, vm.slot(key))?;
        let v = vm.call(vm.slot(replacer), vm.slot(holder), &[name, vm.slot(vs)])?;
        vm.set_slot(vs, v);
    }
    let value = vm.slot(vs);
    if let Some(p) = vm.primitive_wrapper_value(value) {
        if vm.is_number(p) {
            let n = vm.to_number(value)?;
            let n = vm.new_number(n)?;
            vm.set_slot(vs, n);
        } else if vm.is_string(p) {
            let s = vm.to_string(value)?;
            vm.set_slot(vs, s);
        } else if p == vm.true_value() || p == vm.false_value() {
            vm.set_slot(vs, p);
        }
    }
    let value = vm.slot(vs);
    if value == vm.null() {
        st.out.extend("null".encode_utf16());
    } else if value == vm.true_value() {
        st.out.extend("true".encode_utf16());
    } else if value == vm.false_value() {
        st.out.extend("false".encode_utf16());
    } else if vm.is_string(value) {
        let units = vm.string_units(value);
        quote(&mut st.out, &units);
    } else if let Some(n) = vm.number_value(value) {
        let text = if !n.is_finite() {
            "null".to_string()
        } else if value.is_smi() {
            value.smi_value().to_string()
        } else {
            numconv::number_to_string(n)
        };
        st.out.extend(text.encode_utf16());
    } else if vm.is_object(value) && !vm.is_callable(value) {
        enter(vm, st, key, vs)?;
        let r = if vm.is_array(value) {
            serialize_array(vm, st, vs)
        } else {
            serialize_object(vm, st, vs)
        };
        st.stack.pop();
        r?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// Pushes the object in `vs` (reached by the key in `key`) on the cycle-detection stack,
/// throwing if it already is there or the nesting is too deep.
fn enter(vm: &mut Vm, st: &mut Stringifier, key: usize, vs: usize) -> JsResult<()> {
    let value = vm.slot(vs);
    if let Some(start) = st.stack.iter().position(|&(_, os)| vm.slot(os) == value) {
        let message = circular_message(vm, st, start, vm.slot(key));
        return Err(vm.throw_type_error(&message));
    }
    if st.stack.len() >= MAX_DEPTH {
        return Err(vm.throw_range_error("Maximum call stack size exceeded"));
    }
    st.stack.push((key, vs));
    Ok(())
}

/// V8's "Converting circular structure to JSON" message with the path of the cycle.
fn circular_message(vm: &mut Vm, st: &Stringifier, start: usize, closing_key: Tagged) -> String {
    const PREFIX_LINES: usize = 2;
    const POSTFIX_LINES: usize = 1;
    let mut text = String::from("Converting circular structure to JSON");
    let constructor = |vm: &mut Vm, slot: usize| vm.constructor_name(vm.slot(slot)).unwrap_or_else(|| "Object".to_string());
    let key_text = |vm: &Vm, key: Tagged| {
        if key.is_smi() {
            format!("index {}", key.smi_value())
        } else if vm.string_length(key) == 0 {
            "<anonymous>".to_string()
        } else {
            format!("property '{}'", vm.string_to_rust(key))
        }
    };
    let size = st.stack.len();
    let mut index = start;
    text.push_str(&format!(
        "\n    --> starting at object with constructor '{}'",
        constructor(vm, st.stack[index].1)
    ));
    index += 1;
    let prefix_end = size.min(index + PREFIX_LINES);
    let line = |vm: &mut Vm, text: &mut String, (key, os): (usize, usize)| {
        let k = key_text(vm, vm.slot(key));
        let c = constructor(vm, os);
        text.push_str(&format!("\n    |     {k} -> object with constructor '{c}'"));
    };
    while index < prefix_end {
        line(vm, &mut text, st.stack[index]);
        index += 1;
    }
    if size > index + POSTFIX_LINES {
        text.push_str("\n    |     ...");
    }
    index = index.max(size - POSTFIX_LINES);
    while index < size {
        line(vm, &mut text, st.stack[index]);
        index += 1;
    }
    text.push_str(&format!("\n    --- {} closes the circle", key_text(vm, closing_key)));
    text
}

/// Starts a member or element on a new line when there is a gap.
fn new_line(st: &mut Stringifier) {
    if !st.gap.is_empty() {
        st.out.push(b'\n' as u16);
        st.out.extend_from_slice(&st.indent);
    }
}

/// SerializeJSONObject for the object in `vs`.
fn serialize_object(vm: &mut Vm, st: &mut Stringifier, vs: usize) -> JsResult<()> {
    let stepback = st.indent.len();
    let gap = st.gap.clone();
    st.indent.extend_from_slice(&gap);
    let (first, count) = match st.property_list {
        Some(list) => list,
        None => {
            let keys = vm.own_keys(vm.slot(vs), true, true, false)?;
            let ks = vm.push(keys);
            let n = fixed_len(keys);
            let first = vm.stack_mark();
            for i in 0..n {
                vm.push(fixed_get(vm.slot(ks), i));
            }
            (first, n)
        }
    };
    st.out.push(b'{' as u16);
    let mut any = false;
    for i in 0..count {
        let before = st.out.len();
        if any {
            st.out.push(b',' as u16);
        }
        new_line(st);
        let key = vm.slot(first + i);
        let name = if key.is_smi() {
            key.smi_value().to_string().encode_utf16().collect()
        } else {
            vm.string_units(key)
        };
        quote(&mut st.out, &name);
        st.out.push(b':' as u16);
        if !st.gap.is_empty() {
            st.out.push(b' ' as u16);
        }
        if serialize_property(vm, st, vs, first + i)? {
            any = true;
        } else {
            st.out.truncate(before);
        }
    }
    st.indent.truncate(stepback);
    if any {
        new_line(st);
    }
    st.out.push(b'}' as u16);
    Ok(())
}

/// SerializeJSONArray for the array in `vs`.
fn serialize_array(vm: &mut Vm, st: &mut Stringifier, vs: usize) -> JsResult<()> {
    let len = vm.get_named(vm.slot(vs), Root::NameLength)?;
    let len = vm.to_length(len)?;
    let stepback = st.indent.len();
    let gap = st.gap.clone();
    st.indent.extend_from_slice(&gap);
    st.out.push(b'[' as u16);
    let mut index = 0.0;
    while index < len {
        if index > 0.0 {
            st.out.push(b',' as u16);
        }
        new_line(st);
        let mark = vm.stack_mark();
        let key = if index <= u32::MAX as f64 - 1.0 {
            vm.index_key(index as u32)?
        } else {
            vm.intern(&numconv::number_to_string(index))?
        };
        let ks = vm.push(key);
        if !serialize_property(vm, st, vs, ks)? {
            st.out.extend("null".encode_utf16());
        }
        vm.truncate_stack(mark);
        index += 1.0;
    }
    st.indent.truncate(stepback);
    if len > 0.0 {
        new_line(st);
    }
    st.out.push(b']' as u16);
    Ok(())
}

/// QuoteJSONString.
pub fn quote(out: &mut Vec<u16>, units: &[u16]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"' as u16);
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        let escape = match c {
            0x08 => Some(b'b'),
            0x09 => Some(b't'),
            0x0A => Some(b'n'),
            0x0C => Some(b'f'),
            0x0D => Some(b'r'),
            0x22 => Some(b'"'),
            0x5C => Some(b'\\'),
            _ => None,
        };
        if let Some(e) = escape {
            out.push(b'\\' as u16);
            out.push(e as u16);
        } else if c < 0x20
            || (0xDC00..0xE000).contains(&c)
            || ((0xD800..0xDC00).contains(&c) && !units.get(i + 1).is_some_and(|&n| (0xDC00..0xE000).contains(&n)))
        {
            out.extend("\\u".encode_utf16());
            for shift in [12, 8, 4, 0] {
                out.push(HEX[(c >> shift) as usize & 15] as u16);
            }
        } else if (0xD800..0xDC00).contains(&c) {
            out.push(c);
            out.push(units[i + 1]);
            i += 1;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.push(b'"' as u16);
}
