//! The pure text side of `util.inspect`: quoting and escaping strings and keys (`strEscape`),
//! display widths, Node's column grouping of long arrays (`groupArrayElements`), the
//! single-line test (`isBelowBreakLength`), long-string splitting and the few stack-text
//! helpers of `formatError`. Everything here works on plain Rust values.
//!
//! Lengths are JavaScript lengths (UTF-16 code units) wherever Node uses `.length`, and
//! display columns (`getStringWidth`) where Node uses that.

/// Node's default `breakLength`.
pub const BREAK_LENGTH: usize = 80;
/// Node's default `compact`.
pub const COMPACT: i64 = 3;
/// Node's default `maxArrayLength`.
pub const MAX_ARRAY_LENGTH: usize = 100;
/// Node's default `maxStringLength`.
pub const MAX_STRING_LENGTH: usize = 10000;
/// Strings up to this length are never split over lines (`kMinLineLength`).
const MIN_LINE_LENGTH: usize = 16;

/// The length of `s` as JavaScript counts it (UTF-16 code units).
pub fn js_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `str.padStart(target)` / `str.padEnd(target)` with spaces, in UTF-16 units.
fn pad(s: &str, target: usize, start: bool) -> String {
    let len = js_len(s);
    if len >= target {
        return s.to_string();
    }
    let fill = " ".repeat(target - len);
    if start { format!("{fill}{s}") } else { format!("{s}{fill}") }
}

/// The escape Node's `meta` table gives a code unit below 0xA0, if it needs one.
fn meta(unit: u16) -> Option<String> {
    Some(match unit {
        0x08 => "\\b".to_string(),
        0x09 => "\\t".to_string(),
        0x0A => "\\n".to_string(),
        0x0C => "\\f".to_string(),
        0x0D => "\\r".to_string(),
        0x27 => "\\'".to_string(),
        0x5C => "\\\\".to_string(),
        0x00..=0x1F | 0x7F..=0x9F => format!("\\x{unit:02X}"),
        _ => return None,
    })
}

/// Appends `units` to `out`, escaping control characters, C1 controls, the backslash, lone
/// surrogates (`\ud800`) and, when `escape_single_quote`, the single quote.
fn push_escaped(out: &mut String, units: &[u16], escape_single_quote: bool) {
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        if (unit == 0x27 && escape_single_quote) || unit == 0x5C || unit < 0x20 || (0x7F..0xA0).contains(&unit) {
            out.push_str(&meta(unit).unwrap_or_default());
        } else if (0xD800..0xDC00).contains(&unit) && i + 1 < units.len() && (0xDC00..0xE000).contains(&units[i + 1]) {
            let c = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(units[i + 1]) - 0xDC00);
            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
            i += 1;
        } else if (0xD800..0xE000).contains(&unit) {
            out.push_str(&format!("\\u{unit:x}"));
        } else if unit != 0x27 || !escape_single_quote {
            out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'));
        }
        i += 1;
    }
}

/// Node's `strEscape`: the string as a quoted literal. Single quotes unless the text
/// contains one: then double quotes if it has none, else backticks if it has neither a
/// backtick nor `${`, else single quotes with `\'`.
pub fn str_escape(units: &[u16]) -> String {
    let has = |c: u8| units.contains(&u16::from(c));
    let has_template = units.windows(2).any(|w| w == [u16::from(b'$'), u16::from(b'{')]);
    let quote = if !has(b'\'') {
        '\''
    } else if !has(b'"') {
        '"'
    } else if !has(b'`') && !has_template {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote);
    push_escaped(&mut out, units, quote == '\'');
    out.push(quote);
    out
}

/// The text with Node's `strEscapeSequencesReplacer` applied (no quotes added; single
/// quotes escaped), as used for symbol keys and non-enumerable keys.
pub fn escape_unquoted(units: &[u16]) -> String {
    let mut out = String::with_capacity(units.len());
    push_escaped(&mut out, units, true);
    out
}

/// Whether a key prints bare: `/^[a-zA-Z_][a-zA-Z_0-9]*$/`.
pub fn is_identifier_key(units: &[u16]) -> bool {
    let ok = |c: u16, first: bool| u8::try_from(c).is_ok_and(|b| b.is_ascii_alphabetic() || b == b'_' || (!first && b.is_ascii_digit()));
    !units.is_empty() && ok(units[0], true) && units[1..].iter().all(|&c| ok(c, false))
}

/// A string value inside a container (`formatPrimitive`): truncated after
/// `maxStringLength` units, and split after each line break into `'...' +` lines when longer
/// than 16 units and than the room left on the line.
pub fn format_string_value(units: &[u16], indentation_lvl: usize) -> String {
    let (units, trailer) = if units.len() > MAX_STRING_LENGTH {
        let remaining = units.len() - MAX_STRING_LENGTH;
        (
            &units[..MAX_STRING_LENGTH],
            format!("... {remaining} more character{}", if remaining > 1 { "s" } else { "" }),
        )
    } else {
        (units, String::new())
    };
    let room = BREAK_LENGTH as i64 - indentation_lvl as i64 - 4;
    if units.len() > MIN_LINE_LENGTH && units.len() as i64 > room {
        let mut pieces: Vec<String> = Vec::new();
        let mut start = 0;
        for (i, &u) in units.iter().enumerate() {
            if u == u16::from(b'\n') && i + 1 < units.len() {
                pieces.push(str_escape(&units[start..=i]));
                start = i + 1;
            }
        }
        pieces.push(str_escape(&units[start..]));
        let joiner = format!(" +\n{}", " ".repeat(indentation_lvl + 2));
        return pieces.join(&joiner) + &trailer;
    }
    str_escape(units) + &trailer
}

fn is_zero_width(code: u32) -> bool {
    code <= 0x1F
        || (0x7F..=0x9F).contains(&code)
        || (0x300..=0x36F).contains(&code)
        || (0x200B..=0x200F).contains(&code)
        || (0x20D0..=0x20FF).contains(&code)
        || (0xFE00..=0xFE0F).contains(&code)
        || (0xFE20..=0xFE2F).contains(&code)
        || (0xE0100..=0xE01EF).contains(&code)
}

fn is_full_width(code: u32) -> bool {
    code >= 0x1100
        && (code <= 0x115F
            || code == 0x2329
            || code == 0x232A
            || ((0x2E80..=0x3247).contains(&code) && code != 0x303F)
            || (0x3250..=0x4DBF).contains(&code)
            || (0x4E00..=0xA4C6).contains(&code)
            || (0xA960..=0xA97C).contains(&code)
            || (0xAC00..=0xD7A3).contains(&code)
            || (0xF900..=0xFAFF).contains(&code)
            || (0xFE10..=0xFE19).contains(&code)
            || (0xFE30..=0xFE6B).contains(&code)
            || (0xFF01..=0xFF60).contains(&code)
            || (0xFFE0..=0xFFE6).contains(&code)
            || (0x1B000..=0x1B001).contains(&code)
            || (0x1F200..=0x1F251).contains(&code)
            || (0x1F300..=0x1F64F).contains(&code)
            || (0x1F680..=0x1F6FF).contains(&code)
            || (0x1F900..=0x1F9FF).contains(&code)
            || (0x20000..=0x3FFFD).contains(&code))
}

/// Node's `getStringWidth`: display columns (wide East Asian characters and emoji count
/// two, control and combining characters zero).
pub fn string_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let code = c as u32;
            if code < 0x7F {
                usize::from(code >= 0x20)
            } else if is_zero_width(code) {
                0
            } else if is_full_width(code) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `Math.round` for non-negative values (halves round up).
fn js_round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 { floor + 1.0 } else { floor }
}

/// Node's `groupArrayElements` (breakLength 80, compact 3): lays out the entries of an
/// array with more than six entries in aligned columns when they are short enough.
/// `has_more` says the last entry is the `... N more items` line (Node's
/// `maxArrayLength < output.length`); `pad_start` that every element is a number (numbers
/// align right, everything else left).
pub fn group_array_elements(output: Vec<String>, indentation_lvl: usize, has_more: bool, pad_start: bool) -> Vec<String> {
    let separator_space = 2;
    let output_length = if has_more { output.len() - 1 } else { output.len() };
    let data_len: Vec<usize> = output[..output_length].iter().map(|s| string_width(s)).collect();
    let total_length: usize = data_len.iter().map(|l| l + separator_space).sum();
    let max_length = data_len.iter().copied().max().unwrap_or(0);
    let actual_max = max_length + separator_space;
    if actual_max * 3 + indentation_lvl < BREAK_LENGTH && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6) {
        let approx_char_heights = 2.5;
        let average_bias = (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
        let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
        let columns = js_round((approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max)
            .min(((BREAK_LENGTH as f64 - indentation_lvl as f64) / actual_max as f64).floor())
            .min((COMPACT * 4) as f64)
            .min(15.0);
        if columns <= 1.0 {
            return output;
        }
        let columns = columns as usize;
        let max_line_length: Vec<usize> = (0..columns)
            .map(|i| (i..output_length).step_by(columns).map(|j| data_len[j]).max().unwrap_or(0) + separator_space)
            .collect();
        let mut grouped = Vec::with_capacity(output_length / columns + 2);
        let mut i = 0;
        while i < output_length {
            let max = (i + columns).min(output_length);
            let mut line = String::new();
            let mut j = i;
            while j + 1 < max {
                let padding = max_line_length[j - i] + js_len(&output[j]) - data_len[j];
                line.push_str(&pad(&format!("{}, ", output[j]), padding, pad_start));
                j += 1;
            }
            if pad_start {
                let padding = (max_line_length[j - i] + js_len(&output[j])).saturating_sub(data_len[j] + separator_space);
                line.push_str(&pad(&output[j], padding, true));
            } else {
                line.push_str(&output[j]);
            }
            grouped.push(line);
            i += columns;
        }
        if has_more {
            grouped.push(output[output_length].clone());
        }
        return grouped;
    }
    output
}

/// Node's `isBelowBreakLength`: whether the entries fit on one line of 80 columns after
/// `start` columns (one comma per entry counted), and `base` has no line break.
pub fn is_below_break_length(output: &[String], start: usize, base: &str) -> bool {
    let mut total = output.len() + start;
    if total + output.len() > BREAK_LENGTH {
        return false;
    }
    for entry in output {
        total += js_len(entry);
        if total > BREAK_LENGTH {
            return false;
        }
    }
    base.is_empty() || !base.contains('\n')
}

/// Node's `getPrefix`: `Foo `, `Foo(3) [tag] `, `[Object: null prototype] `.
pub fn get_prefix(constructor: Option<&str>, tag: &str, fallback: &str, size: &str) -> String {
    match constructor {
        None if !tag.is_empty() && fallback != tag => format!("[{fallback}{size}: null prototype] [{tag}] "),
        None => format!("[{fallback}{size}: null prototype] "),
        Some(c) if !tag.is_empty() && c != tag => format!("{c}{size} [{tag}] "),
        Some(c) => format!("{c}{size} "),
    }
}

/// Node's `identicalSequenceRange`: the first run of more than three stack lines of `a`
/// repeated in `b` (length and offset in `a`), or (0, 0).
pub fn identical_sequence_range(a: &[String], b: &[String]) -> (usize, usize) {
    for i in 0..a.len().saturating_sub(3) {
        if let Some(pos) = b.iter().position(|line| *line == a[i]) {
            let rest = b.len() - pos;
            if rest > 3 {
                let mut len = 1;
                let max_len = (a.len() - i).min(rest);
                while max_len > len && a[i + len] == b[pos + len] {
                    len += 1;
                }
                if len > 3 {
                    return (len, i);
                }
            }
        }
    }
    (0, 0)
}

/// The error name `improveStack` recovers from a stack of an error without a constructor:
/// `/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/`, else `/^([a-z_A-Z0-9-]*Error)$/`.
fn stack_error_name(stack: &str) -> Option<&str> {
    let bytes = stack.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_uppercase) {
        let class = |b: u8| b.is_ascii_alphanumeric() || b"_ []()-".contains(&b);
        let end = 1 + bytes[1..].iter().take_while(|&&b| class(b)).count();
        if end >= 2 && (bytes.get(end) == Some(&b':') || stack[end..].starts_with("\n    at")) {
            return Some(&stack[..end]);
        }
    }
    let whole = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-';
    (stack.ends_with("Error") && bytes.iter().all(whole)).then_some(stack)
}

/// Node's `improveStack`: makes the first line of a stack name the error's class when the
/// stack starts with a different name (`MyError [TypeError]: ...`, `[Error: null prototype]`).
pub fn improve_stack(stack: String, constructor: Option<&str>, name: &str, tag: &str) -> String {
    let mut len = name.len();
    let looks_normal =
        name.ends_with("Error") && stack.starts_with(name) && (stack.len() == len || matches!(stack.as_bytes()[len], b':' | b'\n'));
    if constructor.is_some() && !looks_normal {
        return stack;
    }
    let mut fallback = "Error".to_string();
    if constructor.is_none() {
        let found = stack_error_name(&stack).unwrap_or("");
        len = found.len();
        fallback = if found.is_empty() { "Error".to_string() } else { found.to_string() };
    }
    let mut prefix = get_prefix(constructor, tag, &fallback, "");
    prefix.pop();
    if name == prefix {
        return stack;
    }
    if prefix.contains(name) {
        if len == 0 {
            format!("{prefix}: {stack}")
        } else {
            format!("{prefix}{}", &stack[len..])
        }
    } else {
        format!("{prefix} [{name}]{}", &stack[len..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn quoting_picks_the_quote() {
        assert_eq!(str_escape(&u("abc")), "'abc'");
        assert_eq!(str_escape(&u("it's")), "\"it's\"");
        assert_eq!(str_escape(&u("say \"hi\"")), "'say \"hi\"'");
        assert_eq!(str_escape(&u("both ' and \"")), "`both ' and \"`");
        assert_eq!(str_escape(&u("it's \"q\" `b`")), "'it\\'s \"q\" `b`'");
        assert_eq!(str_escape(&u("it's \"q\" ${")), "'it\\'s \"q\" ${'");
        assert_eq!(str_escape(&u("")), "''");
    }

    #[test]
    fn quoting_escapes() {
        assert_eq!(str_escape(&u("back\\slash")), "'back\\\\slash'");
        assert_eq!(
            str_escape(&u("new\nline\ttab\r\u{8}\u{c}\u{b}")),
            "'new\\nline\\ttab\\r\\b\\f\\x0B'"
        );
        assert_eq!(str_escape(&u("\u{0}\u{1f}\u{7f}\u{85}\u{a0}")), "'\\x00\\x1F\\x7F\\x85\u{a0}'");
        assert_eq!(str_escape(&[0x61, 0xD800, 0x62]), "'a\\ud800b'");
        assert_eq!(str_escape(&[0xDC00]), "'\\udc00'");
        assert_eq!(str_escape(&u("😀 é 中")), "'😀 é 中'");
        assert_eq!(str_escape(&u("\"it's\n\"")), "`\"it's\\n\"`");
    }

    #[test]
    fn keys() {
        assert!(is_identifier_key(&u("valid_id")));
        assert!(is_identifier_key(&u("_a1")));
        assert!(!is_identifier_key(&u("1a")));
        assert!(!is_identifier_key(&u("$dollar")));
        assert!(!is_identifier_key(&u("a-b")));
        assert!(!is_identifier_key(&u("é")));
        assert!(!is_identifier_key(&u("")));
        assert_eq!(escape_unquoted(&u("Symbol(it's)")), "Symbol(it\\'s)");
        assert_eq!(escape_unquoted(&u("a\nb")), "a\\nb");
    }

    #[test]
    fn long_strings_split_after_line_breaks() {
        assert_eq!(format_string_value(&u("short\nstring"), 2), "'short\\nstring'");
        let text = format!("{}\n{}\n", "a".repeat(40), "b".repeat(40));
        assert_eq!(
            format_string_value(&u(&text), 2),
            format!("'{}\\n' +\n    '{}\\n'", "a".repeat(40), "b".repeat(40))
        );
        let long = "x".repeat(10005);
        assert_eq!(
            format_string_value(&u(&long), 0),
            format!("'{}'... 5 more characters", "x".repeat(10000))
        );
    }

    #[test]
    fn widths() {
        assert_eq!(string_width("abc"), 3);
        assert_eq!(string_width("中文"), 4);
        assert_eq!(string_width("😀"), 2);
        assert_eq!(string_width("e\u{301}"), 1);
        assert_eq!(js_len("😀"), 2);
    }

    #[test]
    fn grouping_numbers() {
        let output: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(group_array_elements(output, 0, false, true), strings(&["1, 2, 3, 4", "5, 6, 7"]));
        let squares: Vec<String> = (0..26).map(|i| (i * i).to_string()).collect();
        assert_eq!(
            group_array_elements(squares, 0, false, true),
            strings(&[
                "  0,   1,   4,   9,  16,  25,  36",
                " 49,  64,  81, 100, 121, 144, 169",
                "196, 225, 256, 289, 324, 361, 400",
                "441, 484, 529, 576, 625",
            ])
        );
    }

    #[test]
    fn grouping_strings_and_more_items() {
        let words = strings(&["'alpha'", "'beta'", "'gamma'", "'delta'", "'epsilon'", "'zeta'", "'eta'", "'theta'"]);
        assert_eq!(
            group_array_elements(words, 0, false, false),
            strings(&["'alpha',   'beta'", "'gamma',   'delta'", "'epsilon', 'zeta'", "'eta',     'theta'"])
        );
        let mut many: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        many.push("... 20 more items".to_string());
        let grouped = group_array_elements(many, 0, true, true);
        assert_eq!(grouped.len(), 10);
        assert_eq!(grouped[0], " 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11");
        assert_eq!(grouped[8], "96, 97, 98, 99");
        assert_eq!(grouped[9], "... 20 more items");
        // One entry much longer than the others: no grouping.
        let mut uneven = strings(&["1", "2", "3", "4", "5", "6"]);
        uneven.push(format!("'{}'", "x".repeat(40)));
        assert_eq!(group_array_elements(uneven.clone(), 0, false, false), uneven);
    }

    #[test]
    fn break_length() {
        let entries = strings(&["a: 1", "b: 2"]);
        assert!(is_below_break_length(&entries, 20, ""));
        assert!(!is_below_break_length(&entries, 20, "Error: x\n    at y"));
        let wide = vec!["x".repeat(70)];
        assert!(!is_below_break_length(&wide, 12, ""));
    }

    #[test]
    fn prefixes_and_stacks() {
        assert_eq!(get_prefix(Some("Foo"), "", "Object", ""), "Foo ");
        assert_eq!(get_prefix(Some("Object"), "Math", "Object", ""), "Object [Math] ");
        assert_eq!(get_prefix(None, "", "Array", "(2)"), "[Array(2): null prototype] ");
        assert_eq!(
            improve_stack("Error: m\n    at z".into(), Some("MyErr"), "Error", ""),
            "MyErr [Error]: m\n    at z"
        );
        assert_eq!(improve_stack("Error: m".into(), Some("MyError"), "Error", ""), "MyError: m");
        assert_eq!(
            improve_stack("TypeError: m".into(), Some("TypeError"), "TypeError", ""),
            "TypeError: m"
        );
        assert_eq!(improve_stack("Error: m".into(), None, "Error", ""), "[Error: null prototype]: m");
        assert_eq!(improve_stack("custom text".into(), Some("Foo"), "Error", ""), "custom text");
        let a = strings(&["x", "1", "2", "3", "4", "5"]);
        let b = strings(&["y", "1", "2", "3", "4", "5"]);
        assert_eq!(identical_sequence_range(&a, &b), (5, 1));
        assert_eq!(identical_sequence_range(&a[..3], &b), (0, 0));
    }
}
