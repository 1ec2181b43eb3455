//! `String.prototype` methods that search for a string: `indexOf`, `lastIndexOf`,
//! `includes`, `startsWith`, `endsWith`, `localeCompare`, `split`, `replace` and
//! `replaceAll`, and GetSubstitution (the `$&`-style replacement templates), which a RegExp
//! implementation reuses.
//!
//! `split`, `replace` and `replaceAll` first defer to the separator's or pattern's
//! `Symbol.split` / `Symbol.replace` method when it has one (as the specification says, so a
//! RegExp argument works through its own protocol); otherwise they search for the argument's
//! string value. The haystack is searched in place, without copying it.

use tagus_heap::{StringChars, Tagged};

use super::{get_method, new_substring_array, this_string, with_chars};
use crate::{Args, JsResult, Root, Vm};

pub(super) fn install(vm: &mut Vm, proto: usize) -> JsResult<()> {
    vm.install_method(proto, "endsWith", 1, ends_with)?;
    vm.install_method(proto, "includes", 1, includes)?;
    vm.install_method(proto, "indexOf", 1, index_of)?;
    vm.install_method(proto, "lastIndexOf", 1, last_index_of)?;
    vm.install_method(proto, "localeCompare", 1, locale_compare)?;
    vm.install_method(proto, "replace", 2, replace)?;
    vm.install_method(proto, "replaceAll", 2, replace_all)?;
    vm.install_method(proto, "split", 2, split)?;
    vm.install_method(proto, "startsWith", 1, starts_with)?;
    Ok(())
}

// ---- searching code units -----------------------------------------------------------------------

/// The first index `>= from` where `needle` occurs in `haystack` (StringIndexOf).
fn find_in<T: Copy + Into<u16>>(haystack: &[T], needle: &[u16], from: usize) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    let Some(&first) = needle.first() else {
        return Some(from);
    };
    if needle.len() > haystack.len() - from {
        return None;
    }
    let last_start = haystack.len() - needle.len();
    (from..=last_start).find(|&i| haystack[i].into() == first && matches_in(haystack, needle, i))
}

/// The last index `<= from` where `needle` occurs in `haystack`.
fn rfind_in<T: Copy + Into<u16>>(haystack: &[T], needle: &[u16], from: usize) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    let last_start = from.min(haystack.len() - needle.len());
    (0..=last_start).rev().find(|&i| matches_in(haystack, needle, i))
}

/// Whether `needle` occurs in `haystack` at `at` (which must leave room for it).
fn matches_in<T: Copy + Into<u16>>(haystack: &[T], needle: &[u16], at: usize) -> bool {
    haystack[at..at + needle.len()].iter().zip(needle).all(|(&h, &n)| h.into() == n)
}

fn find(chars: StringChars<'_>, needle: &[u16], from: usize) -> Option<usize> {
    match chars {
        StringChars::OneByte(b) => find_in(b, needle, from),
        StringChars::TwoByte(w) => find_in(w, needle, from),
    }
}

/// Every (non-overlapping, left to right) index where `needle` (non-empty) occurs, at most
/// `limit` of them.
fn find_all(chars: StringChars<'_>, needle: &[u16], limit: usize) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while found.len() < limit
        && let Some(i) = find(chars, needle, from)
    {
        found.push(i);
        from = i + needle.len().max(1);
    }
    found
}

/// The search string argument `i` as code units (ToString).
fn search_units(vm: &mut Vm, args: Args, i: usize) -> JsResult<Vec<u16>> {
    let s = vm.to_string(vm.arg(args, i))?;
    Ok(vm.string_units(s))
}

/// IsRegExp: an object whose `Symbol.match` is truthy (an object with a RegExp matcher
/// would be one too, and has a truthy `Symbol.match` unless it was removed).
fn is_regexp(vm: &mut Vm, v: Tagged) -> JsResult<bool> {
    if !vm.is_object(v) {
        return Ok(false);
    }
    let matcher = vm.get_named(v, Root::SymbolMatch)?;
    Ok(matcher != vm.undefined() && vm.to_boolean(matcher))
}

/// The search string of `includes`/`startsWith`/`endsWith`: argument 0, which must not be
/// a regular expression.
fn non_regexp_search(vm: &mut Vm, args: Args, method: &str) -> JsResult<Vec<u16>> {
    if is_regexp(vm, vm.arg(args, 0))? {
        return Err(vm.throw_type_error(&format!(
            "First argument to String.prototype.{method} must not be a regular expression"
        )));
    }
    search_units(vm, args, 0)
}

// ---- indexOf, includes, startsWith... -----------------------------------------------------------

fn index_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "indexOf")?;
    let needle = search_units(vm, args, 0)?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let start = super::integer_arg(vm, args, 1, 0.0)?.clamp(0.0, len) as usize;
    let found = with_chars(vm, s, |chars| find(chars, &needle, start))?;
    Ok(Tagged::smi(found.map_or(-1, |i| i as i32)))
}

fn last_index_of(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "lastIndexOf")?;
    let needle = search_units(vm, args, 0)?;
    let position = vm.to_number(vm.arg(args, 1))?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let start = if position.is_nan() { len } else { position.trunc().clamp(0.0, len) } as usize;
    let found = with_chars(vm, s, |chars| match chars {
        StringChars::OneByte(b) => rfind_in(b, &needle, start),
        StringChars::TwoByte(w) => rfind_in(w, &needle, start),
    })?;
    Ok(Tagged::smi(found.map_or(-1, |i| i as i32)))
}

fn includes(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "includes")?;
    let needle = non_regexp_search(vm, args, "includes")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let start = super::integer_arg(vm, args, 1, 0.0)?.clamp(0.0, len) as usize;
    let found = with_chars(vm, s, |chars| find(chars, &needle, start).is_some())?;
    Ok(vm.boolean(found))
}

/// Whether `needle` occurs in the string in `slot` at `at` (false when it does not fit).
fn occurs_at(vm: &mut Vm, slot: usize, needle: &[u16], at: f64) -> JsResult<bool> {
    let len = vm.string_length(vm.slot(slot));
    if at < 0.0 || at as usize + needle.len() > len {
        return Ok(false);
    }
    with_chars(vm, slot, |chars| match chars {
        StringChars::OneByte(b) => matches_in(b, needle, at as usize),
        StringChars::TwoByte(w) => matches_in(w, needle, at as usize),
    })
}

fn starts_with(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "startsWith")?;
    let needle = non_regexp_search(vm, args, "startsWith")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let start = super::integer_arg(vm, args, 1, 0.0)?.clamp(0.0, len);
    let found = occurs_at(vm, s, &needle, start)?;
    Ok(vm.boolean(found))
}

fn ends_with(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "endsWith")?;
    let needle = non_regexp_search(vm, args, "endsWith")?;
    let len = vm.string_length(vm.slot(s)) as f64;
    let end = super::integer_arg(vm, args, 1, len)?.clamp(0.0, len);
    let found = occurs_at(vm, s, &needle, end - needle.len() as f64)?;
    Ok(vm.boolean(found))
}

/// `localeCompare(that)`: without a collation library this compares code units (exactly
/// what the root collation does for ASCII letters of one case), giving -1, 0 or 1.
fn locale_compare(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let s = this_string(vm, args, "localeCompare")?;
    let that = vm.to_string(vm.arg(args, 0))?;
    let order = vm.string_compare(vm.slot(s), that)?;
    Ok(Tagged::smi(order as i32))
}

// ---- split ----------------------------------------------------------------------------------------

fn split(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error("String.prototype.split called on null or undefined"));
    }
    let separator = vm.arg(args, 0);
    if !vm.is_nullish(separator)
        && let Some(splitter) = get_method(vm, separator, Root::SymbolSplit)?
    {
        return vm.call(splitter, vm.arg(args, 0), &[vm.this(args), vm.arg(args, 1)]);
    }
    let s = vm.to_string(vm.this(args))?;
    let s = vm.push(s);
    let limit = vm.arg(args, 1);
    let limit = if limit == vm.undefined() { u32::MAX } else { vm.to_uint32(limit)? } as usize;
    let needle = search_units(vm, args, 0)?;
    if limit == 0 {
        return vm.new_array(0, 0);
    }
    let len = vm.string_length(vm.slot(s));
    let ranges: Vec<(usize, usize)> = if vm.arg(args, 0) == vm.undefined() {
        vec![(0, len)]
    } else if needle.is_empty() {
        (0..len.min(limit)).map(|i| (i, i + 1)).collect()
    } else if len == 0 {
        vec![(0, 0)]
    } else {
        let found = with_chars(vm, s, |chars| find_all(chars, &needle, limit))?;
        let mut ranges = Vec::with_capacity(found.len() + 1);
        let mut start = 0;
        for i in found {
            ranges.push((start, i));
            start = i + needle.len();
        }
        if ranges.len() < limit {
            ranges.push((start, len));
        }
        ranges
    };
    new_substring_array(vm, s, &ranges)
}

// ---- replace and replaceAll ----------------------------------------------------------------------

/// Looks up a named capture group for `$<name>`: the group's value as a string, `None`
/// when it is undefined.
pub type NamedCaptureLookup<'a> = &'a mut dyn FnMut(&[u16]) -> JsResult<Option<Vec<u16>>>;

/// GetSubstitution: appends to `out` the expansion of the replacement `template` for the
/// match `matched` found at `position` in `string`. `$$`, `` $` ``, `$&`, `$'` and `$1`-`$99`
/// (from `captures`, `None` for an undefined capture) expand as the specification says;
/// `$<name>` calls `named` with the group name when there are named captures (it returns
/// the group's value as a string, `None` for undefined), else stays literal.
pub fn get_substitution(
    matched: &[u16],
    string: &[u16],
    position: usize,
    captures: &[Option<Vec<u16>>],
    mut named: Option<NamedCaptureLookup<'_>>,
    template: &[u16],
    out: &mut Vec<u16>,
) -> JsResult<()> {
    const DOLLAR: u16 = b'$' as u16;
    let digit = |u: u16| (b'0' as u16..=b'9' as u16).contains(&u).then(|| (u - b'0' as u16) as usize);
    let mut i = 0;
    while i < template.len() {
        let unit = template[i];
        let next = template.get(i + 1).copied();
        if unit != DOLLAR || next.is_none() {
            out.push(unit);
            i += 1;
            continue;
        }
        let next = next.unwrap_or_default();
        match next {
            DOLLAR => {
                out.push(DOLLAR);
                i += 2;
            }
            0x26 /* & */ => {
                out.extend_from_slice(matched);
                i += 2;
            }
            0x60 /* ` */ => {
                out.extend_from_slice(&string[..position.min(string.len())]);
                i += 2;
            }
            0x27 /* ' */ => {
                let tail = (position + matched.len()).min(string.len());
                out.extend_from_slice(&string[tail..]);
                i += 2;
            }
            _ if digit(next).is_some() => {
                let first = digit(next).unwrap_or_default();
                let second = template.get(i + 2).copied().and_then(digit);
                // Two digits when they name a capture, else one.
                let (index, width) = match second {
                    Some(d) if (1..=captures.len()).contains(&(first * 10 + d)) => (first * 10 + d, 2),
                    _ => (first, 1),
                };
                if (1..=captures.len()).contains(&index) {
                    if let Some(capture) = &captures[index - 1] {
                        out.extend_from_slice(capture);
                    }
                } else {
                    out.extend_from_slice(&template[i..i + 1 + width]);
                }
                i += 1 + width;
            }
            0x3C /* < */ => {
                let close = template[i + 2..].iter().position(|&u| u == b'>' as u16);
                match (close, named.as_mut()) {
                    (Some(close), Some(lookup)) => {
                        let name = &template[i + 2..i + 2 + close];
                        if let Some(value) = lookup(name)? {
                            out.extend_from_slice(&value);
                        }
                        i += 3 + close;
                    }
                    _ => {
                        out.extend_from_slice(&template[i..i + 2]);
                        i += 2;
                    }
                }
            }
            _ => {
                out.push(DOLLAR);
                i += 1;
            }
        }
    }
    Ok(())
}

/// `replace(searchValue, replaceValue)`.
fn replace(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    replace_impl(vm, args, false)
}

/// `replaceAll(searchValue, replaceValue)`.
fn replace_all(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    replace_impl(vm, args, true)
}

fn replace_impl(vm: &mut Vm, args: Args, all: bool) -> JsResult<Tagged> {
    let method = if all { "replaceAll" } else { "replace" };
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error(&format!("String.prototype.{method} called on null or undefined")));
    }
    let search_value = vm.arg(args, 0);
    if !vm.is_nullish(search_value) {
        if all && is_regexp(vm, search_value)? {
            let flags = vm.get_by_str(vm.arg(args, 0), "flags")?;
            if vm.is_nullish(flags) {
                return Err(vm.throw_type_error("String.prototype.replaceAll called on null or undefined"));
            }
            let flags = vm.to_string(flags)?;
            if !vm.string_units(flags).contains(&(b'g' as u16)) {
                return Err(vm.throw_type_error("String.prototype.replaceAll called with a non-global RegExp argument"));
            }
        }
        if let Some(replacer) = get_method(vm, vm.arg(args, 0), Root::SymbolReplace)? {
            return vm.call(replacer, vm.arg(args, 0), &[vm.this(args), vm.arg(args, 1)]);
        }
    }
    let s = vm.to_string(vm.this(args))?;
    let s = vm.push(s);
    let search = vm.to_string(vm.arg(args, 0))?;
    let search = vm.push(search);
    let replace_value = vm.arg(args, 1);
    let functional = vm.is_callable(replace_value);
    let replacer = if functional { replace_value } else { vm.to_string(replace_value)? };
    let replacer = vm.push(replacer);
    let template = if functional {
        Vec::new()
    } else {
        vm.string_units(vm.slot(replacer))
    };
    let needle = vm.string_units(vm.slot(search));
    let positions = with_chars(vm, s, |chars| {
        if all {
            find_all(chars, &needle, usize::MAX)
        } else {
            find(chars, &needle, 0).into_iter().collect()
        }
    })?;
    if positions.is_empty() {
        return Ok(vm.slot(s));
    }
    let string = vm.string_units(vm.slot(s));
    let mut out = Vec::with_capacity(string.len());
    let mut end_of_last_match = 0;
    for position in positions {
        out.extend_from_slice(&string[end_of_last_match..position]);
        if functional {
            let mark = vm.stack_mark();
            let p = vm.new_number(position as f64)?;
            let undefined = vm.undefined();
            let result = vm.call(vm.slot(replacer), undefined, &[vm.slot(search), p, vm.slot(s)])?;
            let result = vm.to_string(result)?;
            out.extend(vm.string_units(result));
            vm.truncate_stack(mark);
        } else {
            get_substitution(&needle, &string, position, &[], None, &template, &mut out)?;
        }
        end_of_last_match = position + needle.len();
    }
    out.extend_from_slice(&string[end_of_last_match..]);
    vm.new_string_utf16(&out)
}

#[cfg(test)]
mod tests {
    use super::get_substitution;

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    /// Expands `template` for the match `matched` at `position` of `string`.
    fn expand(template: &str, string: &str, matched: &str, position: usize, captures: &[Option<&str>], named: bool) -> String {
        let captures: Vec<Option<Vec<u16>>> = captures.iter().map(|c| c.map(units)).collect();
        let mut lookup = |name: &[u16]| Ok((name == units("x").as_slice()).then(|| units("<X>")));
        let named: Option<super::NamedCaptureLookup<'_>> = if named { Some(&mut lookup) } else { None };
        let mut out = Vec::new();
        get_substitution(
            &units(matched),
            &units(string),
            position,
            &captures,
            named,
            &units(template),
            &mut out,
        )
        .unwrap();
        String::from_utf16(&out).unwrap()
    }

    #[test]
    fn plain_patterns() {
        assert_eq!(expand("[$$|$&|$`|$'|$]", "abcde", "cd", 2, &[], false), "[$|cd|ab|e|$]");
        assert_eq!(expand("$1$01$<x>$", "abc", "b", 1, &[], false), "$1$01$<x>$");
    }

    #[test]
    fn numbered_captures() {
        let caps = [Some("A"), None, Some("C")];
        assert_eq!(expand("$1-$2-$3-$4-$03-$0", "s", "s", 0, &caps, false), "A--C-$4-C-$0");
        // Two digits only when they name a capture: `$10` is capture 1 then "0".
        assert_eq!(expand("$10|$31", "s", "s", 0, &caps, false), "A0|C1");
        let many: Vec<Option<&str>> = (0..12)
            .map(|i| Some(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"][i]))
            .collect();
        assert_eq!(expand("$10$12$13", "s", "s", 0, &many, false), "jla3");
    }

    #[test]
    fn named_captures() {
        assert_eq!(expand("$<x>|$<y>|$<x", "s", "s", 0, &[], true), "<X>||$<x");
    }
}
