//! Number ⇄ String conversions of ECMAScript: Number::toString (radix 10 and 2..=36),
//! `toFixed`, `toPrecision`, `toExponential`, StringToNumber, and the globals `parseInt`
//! and `parseFloat`.
//!
//! Invariant: every function here is pure — it takes plain Rust values (an `f64`, UTF-16 code
//! units, integers the caller has already converted and range-checked), never touches the
//! heap, and never fails. Each follows the ECMAScript 2024 algorithm exactly and produces the
//! same text and numbers as V8 (Node 20), including V8's choices where the specification
//! leaves latitude (the digits of non-decimal fractions, and `parseInt` of long numerals in
//! radices that are not powers of two). Decimal digit generation for `toFixed`,
//! `toPrecision` and `toExponential` is exact (a small bignum expands the double's binary
//! value), so rounding ties are decided on the true value, as the specification requires.

/// The digit characters of radices up to 36.
const DIGIT_CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Number::toString(x) in radix 10: the shortest digits that round-trip, laid out per the
/// specification (`"NaN"`, `"Infinity"`, `"-Infinity"`, `"0"` for -0, exponent form from
/// 1e21 upwards and below 1e-6: `"1e+21"`, `"1.5e-7"`).
pub fn number_to_string(value: f64) -> String {
    ryu_js::Buffer::new().format(value).to_owned()
}

/// Number::toString(x, radix) for `radix` in 2..=36, digit for digit like V8's
/// `DoubleToRadixCString`: the integer part exactly (digits below the double's precision are
/// zeros), then fraction digits only as far as the double's precision, rounded to even.
/// Radix 10 delegates to [`number_to_string`]; NaN and the infinities print as in radix 10.
pub fn number_to_string_radix(value: f64, radix: u32) -> String {
    debug_assert!((2..=36).contains(&radix), "radix {radix} out of range");
    if radix == 10 || !value.is_finite() {
        return number_to_string(value);
    }
    let radix = radix.clamp(2, 36);
    let radix_f = f64::from(radix);
    let negative = value < 0.0;
    let value = value.abs();

    let mut integer = value.floor();
    let mut fraction = value - integer;
    // Fraction digits are only produced up to the input's precision: half the gap to the
    // next double (at least the smallest denormal).
    let mut delta = (0.5 * (next_double(value) - value)).max(next_double(0.0));
    let mut fraction_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= radix_f;
            delta *= radix_f;
            let digit = (fraction as u32).min(radix - 1);
            fraction_digits.push(DIGIT_CHARS[digit as usize]);
            fraction -= f64::from(digit);
            // Round to even once the remaining fraction is below the precision.
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                // Propagate the carry through the digits already written.
                loop {
                    match fraction_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(c) => {
                            let d = digit_value(u16::from(c)).unwrap_or(0);
                            if d + 1 < radix {
                                fraction_digits.push(DIGIT_CHARS[(d + 1) as usize]);
                                break;
                            }
                        }
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }

    // Integer digits, least significant first; digits below the precision are zeros.
    let mut integer_digits: Vec<u8> = Vec::new();
    while binary_exponent(integer / radix_f) > 0 {
        integer /= radix_f;
        integer_digits.push(b'0');
    }
    loop {
        let remainder = integer % radix_f;
        integer_digits.push(DIGIT_CHARS[(remainder as usize).min(35)]);
        integer = (integer - remainder) / radix_f;
        if integer <= 0.0 {
            break;
        }
    }

    let mut out = String::with_capacity(integer_digits.len() + fraction_digits.len() + 2);
    if negative {
        out.push('-');
    }
    out.extend(integer_digits.iter().rev().map(|&c| char::from(c)));
    if !fraction_digits.is_empty() {
        out.push('.');
        out.extend(fraction_digits.iter().map(|&c| char::from(c)));
    }
    out
}

/// Number.prototype.toFixed(digits) after the argument checks (`digits` in 0..=100): NaN and
/// the infinities as Number::toString, magnitudes of at least 1e21 as Number::toString,
/// otherwise the exact value rounded to `digits` fraction digits, ties away from zero
/// (`(1.005).toFixed(2)` is `"1.00"` because 1.005 is really 1.00499…; `(0.5).toFixed(0)` is
/// `"1"`). Negative values that round to zero keep their sign (`"-0.00"`); -0 does not.
pub fn to_fixed(value: f64, digits: u32) -> String {
    debug_assert!(digits <= 100, "toFixed digits {digits} out of range");
    if !value.is_finite() {
        return number_to_string(value);
    }
    let (sign, x) = split_sign(value);
    if x >= 1e21 {
        return format!("{sign}{}", number_to_string(x));
    }
    let f = digits as usize;
    // n = round(x × 10^f), as decimal digits.
    let mut n: Vec<u8> = if x == 0.0 {
        vec![b'0']
    } else {
        let decimal = exact_decimal(x);
        let keep = decimal.point + digits as i32;
        if keep < 0 {
            vec![b'0']
        } else {
            let (mut rounded, point) = round_digits(&decimal.digits, decimal.point, keep as usize);
            let integer_len = (point + digits as i32) as usize;
            rounded.resize(integer_len, b'0');
            if rounded.is_empty() { vec![b'0'] } else { rounded }
        }
    };
    if f != 0 {
        if n.len() <= f {
            let mut padded = vec![b'0'; f + 1 - n.len()];
            padded.extend_from_slice(&n);
            n = padded;
        }
        n.insert(n.len() - f, b'.');
    }
    format!("{sign}{}", ascii(&n))
}

/// Number.prototype.toPrecision(precision) after the argument checks (`precision` in
/// 1..=100): NaN and the infinities as Number::toString, otherwise the exact value rounded to
/// `precision` significant digits (ties away from zero), in exponent form when the decimal
/// exponent is below -6 or at least `precision`.
pub fn to_precision(value: f64, precision: u32) -> String {
    debug_assert!((1..=100).contains(&precision), "toPrecision precision {precision} out of range");
    if !value.is_finite() {
        return number_to_string(value);
    }
    let p = precision.max(1) as usize;
    let (sign, x) = split_sign(value);
    let (m, e) = if x == 0.0 {
        (vec![b'0'; p], 0)
    } else {
        let decimal = exact_decimal(x);
        let (digits, point) = round_digits(&decimal.digits, decimal.point, p);
        (digits, point - 1)
    };
    if e < -6 || e >= p as i32 {
        let mut out = String::from(sign);
        out.push(char::from(m[0]));
        if p != 1 {
            out.push('.');
            out.push_str(ascii(&m[1..]));
        }
        push_exponent(&mut out, e);
        return out;
    }
    if e == p as i32 - 1 {
        return format!("{sign}{}", ascii(&m));
    }
    if e >= 0 {
        let split = e as usize + 1;
        format!("{sign}{}.{}", ascii(&m[..split]), ascii(&m[split..]))
    } else {
        format!("{sign}0.{}{}", "0".repeat((-(e + 1)) as usize), ascii(&m))
    }
}

/// Number.prototype.toExponential(fractionDigits) after the argument checks: NaN and the
/// infinities as Number::toString; with `Some(f)` (f in 0..=100) the exact value rounded to
/// f + 1 significant digits (ties away from zero); with `None` (fractionDigits undefined)
/// the shortest digits that round-trip. Always in exponent form: `"1.23e+2"`, `"0e+0"`.
pub fn to_exponential(value: f64, digits: Option<u32>) -> String {
    debug_assert!(digits.is_none_or(|f| f <= 100), "toExponential digits {digits:?} out of range");
    if !value.is_finite() {
        return number_to_string(value);
    }
    let (sign, x) = split_sign(value);
    let (m, e) = if x == 0.0 {
        (vec![b'0'; digits.unwrap_or(0) as usize + 1], 0)
    } else {
        let decimal = match digits {
            Some(f) => {
                let exact = exact_decimal(x);
                let (rounded, point) = round_digits(&exact.digits, exact.point, f as usize + 1);
                Decimal { digits: rounded, point }
            }
            None => shortest_decimal(x),
        };
        (decimal.digits, decimal.point - 1)
    };
    let mut out = String::from(sign);
    out.push(char::from(m[0]));
    if m.len() > 1 {
        out.push('.');
        out.push_str(ascii(&m[1..]));
    }
    push_exponent(&mut out, e);
    out
}

/// StringToNumber: trims WhiteSpace and LineTerminators from both ends; the empty string is
/// 0; `0x`/`0o`/`0b` integers (either case, no sign, no separators) convert exactly with
/// round-to-even; `Infinity` with an optional sign; decimal literals (`.5`, `5.`, `1e-3`,
/// with an optional sign) are correctly rounded. Anything else is NaN.
pub fn string_to_number(units: &[u16]) -> f64 {
    let units = trim_end(trim_start(units));
    if units.is_empty() {
        return 0.0;
    }
    let Some(text) = to_ascii(units) else {
        return f64::NAN;
    };
    if text.len() >= 2 && text[0] == b'0' {
        let log2 = match text[1] {
            b'x' | b'X' => Some(4),
            b'o' | b'O' => Some(3),
            b'b' | b'B' => Some(1),
            _ => None,
        };
        if let Some(log2) = log2 {
            let body = &text[2..];
            let radix = 1u32 << log2;
            if body.is_empty() || !body.iter().all(|&c| digit_value(u16::from(c)).is_some_and(|d| d < radix)) {
                return f64::NAN;
            }
            return pow2_digits_to_f64(body.iter().map(|&c| digit_value(u16::from(c)).unwrap_or(0)), log2);
        }
    }
    match scan_decimal_literal(&text) {
        Some((value, len)) if len == text.len() => value,
        _ => f64::NAN,
    }
}

/// The global `parseInt(string, radix)` once the radix is converted with ToInt32: skips
/// leading whitespace, takes one sign, strips `0x`/`0X` when `radix` is 0 or 16 (0 otherwise
/// means 10), answers NaN for radices outside 2..=36 or when no digit follows, and converts
/// the longest run of digits. Radix 10 and power-of-two radices are correctly rounded;
/// other radices accumulate in 32-bit chunks exactly as V8 does. A negative zero result is
/// -0.
pub fn parse_int(units: &[u16], radix: i32) -> f64 {
    let mut s = trim_start(units);
    let mut negative = false;
    if let Some(&first) = s.first() {
        if first == u16::from(b'-') {
            negative = true;
        }
        if first == u16::from(b'-') || first == u16::from(b'+') {
            s = &s[1..];
        }
    }
    let mut strip_prefix = true;
    let mut radix = radix;
    if radix != 0 {
        if !(2..=36).contains(&radix) {
            return f64::NAN;
        }
        if radix != 16 {
            strip_prefix = false;
        }
    } else {
        radix = 10;
    }
    if strip_prefix && s.len() >= 2 && s[0] == u16::from(b'0') && (s[1] == u16::from(b'x') || s[1] == u16::from(b'X')) {
        s = &s[2..];
        radix = 16;
    }
    let radix = radix as u32;
    let end = s.iter().position(|&c| digit_value(c).is_none_or(|d| d >= radix)).unwrap_or(s.len());
    let digits = &s[..end];
    if digits.is_empty() {
        return f64::NAN;
    }
    let magnitude = if radix == 10 {
        // Only ASCII digits remain, so the text parses, correctly rounded.
        let text: String = digits.iter().map(|&c| char::from(c as u8)).collect();
        text.parse::<f64>().unwrap_or(f64::NAN)
    } else if radix.is_power_of_two() {
        pow2_digits_to_f64(digits.iter().map(|&c| digit_value(c).unwrap_or(0)), radix.trailing_zeros())
    } else {
        generic_radix_to_f64(digits, radix)
    };
    if negative { -magnitude } else { magnitude }
}

/// The global `parseFloat(string)`: skips leading whitespace and converts the longest prefix
/// that is a StrDecimalLiteral (sign, digits, optional fraction and exponent, or `Infinity`),
/// correctly rounded; NaN when there is none. `"1e"` is 1, `"-0"` is -0, `"0x10"` is 0.
pub fn parse_float(units: &[u16]) -> f64 {
    let units = trim_start(units);
    // Every character of a StrDecimalLiteral is ASCII.
    let end = units.iter().position(|&c| c > 0x7F).unwrap_or(units.len());
    let text: Vec<u8> = units[..end].iter().map(|&c| c as u8).collect();
    scan_decimal_literal(&text).map_or(f64::NAN, |(value, _)| value)
}

/// Whether a UTF-16 code unit is WhiteSpace or LineTerminator in the specification's sense:
/// TAB, VT, FF, SP, NBSP, ZWNBSP (U+FEFF), the other Zs characters (U+1680, U+2000–U+200A,
/// U+202F, U+205F, U+3000), LF, CR, LS and PS.
pub fn is_js_whitespace(c: u16) -> bool {
    matches!(
        c,
        0x09..=0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// A positive decimal value `0.d₁d₂…dₙ × 10^point`, with ASCII digits (d₁ ≠ '0').
struct Decimal {
    digits: Vec<u8>,
    point: i32,
}

/// Splits a finite value into the specification's sign string and magnitude ("If x < 0":
/// -0 is not negative).
fn split_sign(value: f64) -> (&'static str, f64) {
    if value < 0.0 { ("-", -value) } else { ("", value) }
}

/// The digits as text (they are always ASCII).
fn ascii(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).unwrap_or("")
}

/// Appends `e+N` / `e-N`.
fn push_exponent(out: &mut String, e: i32) {
    out.push('e');
    out.push(if e >= 0 { '+' } else { '-' });
    out.push_str(&e.unsigned_abs().to_string());
}

/// The value of a digit character in radices up to 36 (either case), if it is one.
fn digit_value(c: u16) -> Option<u32> {
    match c {
        0x30..=0x39 => Some(u32::from(c) - 0x30),
        0x61..=0x7A => Some(u32::from(c) - 0x61 + 10),
        0x41..=0x5A => Some(u32::from(c) - 0x41 + 10),
        _ => None,
    }
}

/// The units without leading WhiteSpace and LineTerminators.
fn trim_start(units: &[u16]) -> &[u16] {
    let start = units.iter().position(|&c| !is_js_whitespace(c)).unwrap_or(units.len());
    &units[start..]
}

/// The units without trailing WhiteSpace and LineTerminators.
fn trim_end(units: &[u16]) -> &[u16] {
    let end = units.iter().rposition(|&c| !is_js_whitespace(c)).map_or(0, |i| i + 1);
    &units[..end]
}

/// The units as ASCII bytes, if they all are ASCII.
fn to_ascii(units: &[u16]) -> Option<Vec<u8>> {
    units.iter().map(|&c| u8::try_from(c).ok().filter(u8::is_ascii)).collect()
}

/// The next double above a finite non-negative `value` (infinity after the largest).
fn next_double(value: f64) -> f64 {
    f64::from_bits(value.to_bits() + 1)
}

/// V8's `Double::Exponent`: the binary exponent of the double's 53-bit integer significand
/// (positive exactly when the value is at least 2^53).
fn binary_exponent(value: f64) -> i32 {
    let biased = ((value.to_bits() >> 52) & 0x7FF) as i32;
    if biased == 0 { -1074 } else { biased - 1075 }
}

/// Scans the longest prefix of `text` that is a StrDecimalLiteral: an optional sign, then
/// `Infinity` or `digits [. digits] [e [sign] digits]` / `. digits [e [sign] digits]` (an
/// exponent only counts when it has a digit). Returns the correctly rounded value and the
/// prefix length.
fn scan_decimal_literal(text: &[u8]) -> Option<(f64, usize)> {
    let mut i = 0;
    let negative = match text.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let signed = |v: f64| if negative { -v } else { v };
    if text[i..].starts_with(b"Infinity") {
        return Some((signed(f64::INFINITY), i + 8));
    }
    let start = i;
    let count_digits = |from: usize| text[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let integer_digits = count_digits(i);
    i += integer_digits;
    let mut fraction_digits = 0;
    if text.get(i) == Some(&b'.') {
        fraction_digits = count_digits(i + 1);
        if integer_digits > 0 || fraction_digits > 0 {
            i += 1 + fraction_digits;
        }
    }
    if integer_digits == 0 && fraction_digits == 0 {
        return None;
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(text.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exponent_digits = count_digits(j);
        if exponent_digits > 0 {
            i = j + exponent_digits;
        }
    }
    // The validated text is within the grammar Rust's parser accepts, which rounds correctly.
    let magnitude = std::str::from_utf8(&text[start..i]).ok()?.parse::<f64>().ok()?;
    Some((signed(magnitude), i))
}

/// Converts the digits of a power-of-two radix (2^`log2`, `log2` ≤ 5) exactly, rounding to
/// nearest, ties to even; values beyond the double range are infinity.
fn pow2_digits_to_f64(digits: impl Iterator<Item = u32>, log2: u32) -> f64 {
    // The leading bits (at least 59 of them once it is full), how many bits were dropped
    // after them, and whether any dropped bit was set.
    let mut mantissa: u64 = 0;
    let mut dropped: i64 = 0;
    let mut sticky = false;
    for digit in digits {
        if mantissa >> (64 - log2) == 0 {
            mantissa = (mantissa << log2) | u64::from(digit);
        } else {
            dropped += i64::from(log2);
            sticky |= digit != 0;
        }
    }
    let bits = 64 - mantissa.leading_zeros();
    let mut shift = 0;
    if bits > 53 {
        shift = bits - 53;
        let half = 1u64 << (shift - 1);
        let low = mantissa & ((1u64 << shift) - 1);
        mantissa >>= shift;
        if low > half || (low == half && (sticky || mantissa & 1 == 1)) {
            mantissa += 1;
        }
    }
    // The mantissa has at most 53 significant bits (2^53 after a carry), so the product is
    // exact unless it overflows to infinity.
    let exponent = (dropped + i64::from(shift)).min(2048) as i32;
    mantissa as f64 * 2f64.powi(exponent)
}

/// V8's conversion for radices that are not powers of two: digits are gathered in chunks
/// whose multiplier stays below 2^32 / 36, and each chunk is folded in as
/// `result × multiplier + chunk` in double arithmetic (leading zeros are skipped first, as
/// V8 does, since they shift the chunk boundaries).
fn generic_radix_to_f64(digits: &[u16], radix: u32) -> f64 {
    const MAXIMUM_MULTIPLIER: u32 = u32::MAX / 36;
    let start = digits.iter().position(|&c| c != u16::from(b'0')).unwrap_or(digits.len());
    let digits = &digits[start..];
    let mut result = 0.0f64;
    let mut i = 0;
    while i < digits.len() {
        let mut part: u32 = 0;
        let mut multiplier: u32 = 1;
        while i < digits.len() {
            let m = multiplier * radix;
            if m > MAXIMUM_MULTIPLIER {
                break;
            }
            part = part * radix + digit_value(digits[i]).unwrap_or(0);
            multiplier = m;
            i += 1;
        }
        result = result * f64::from(multiplier) + f64::from(part);
    }
    result
}

/// The shortest round-tripping digits of a finite positive double (as Number::toString
/// chooses them), taken from ryu's output.
fn shortest_decimal(x: f64) -> Decimal {
    let mut buffer = ryu_js::Buffer::new();
    let text = buffer.format_finite(x);
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let integer_len = mantissa.find('.').unwrap_or(mantissa.len()) as i32;
    let all: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let leading_zeros = all.iter().take_while(|&&c| c == b'0').count();
    let mut digits = all[leading_zeros..].to_vec();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    Decimal {
        digits,
        point: integer_len + exponent - leading_zeros as i32,
    }
}

/// Rounds `0.digits × 10^point` to exactly `count` significant digits, ties away from zero
/// (the specification's "pick the larger n"). Returns the digits (`count` of them, or "1"
/// when `count` is 0 and the value rounds up) and the possibly incremented point.
fn round_digits(digits: &[u8], point: i32, count: usize) -> (Vec<u8>, i32) {
    let mut out: Vec<u8> = digits[..count.min(digits.len())].to_vec();
    out.resize(count, b'0');
    if digits.get(count).is_some_and(|&c| c >= b'5') {
        let mut i = count;
        loop {
            if i == 0 {
                // All nines (or no digits kept): the carry adds a digit in front.
                out.clear();
                out.push(b'1');
                out.resize(count.max(1), b'0');
                return (out, point + 1);
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    (out, point)
}

/// The exact decimal expansion of a finite positive double.
fn exact_decimal(x: f64) -> Decimal {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (significand, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    let mut big = BigUint::from_u64(significand);
    let digits;
    let point;
    if exponent >= 0 {
        big.shl(exponent as u32);
        digits = big.into_decimal();
        point = digits.len() as i32;
    } else {
        // m / 2^k = m × 5^k / 10^k.
        let k = (-exponent) as u32;
        big.mul_pow5(k);
        digits = big.into_decimal();
        point = digits.len() as i32 - k as i32;
    }
    let mut digits = digits;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    Decimal { digits, point }
}

/// A minimal unsigned bignum (little-endian 32-bit limbs), enough to expand a double exactly.
struct BigUint {
    limbs: Vec<u32>,
}

impl BigUint {
    fn from_u64(value: u64) -> Self {
        let mut big = BigUint {
            limbs: vec![value as u32, (value >> 32) as u32],
        };
        big.trim();
        big
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut k: u32) {
        // 5^13 is the largest power of five below 2^32.
        const POW5_13: u32 = 1_220_703_125;
        while k >= 13 {
            self.mul_small(POW5_13);
            k -= 13;
        }
        if k > 0 {
            self.mul_small(5u32.pow(k));
        }
    }

    fn shl(&mut self, bits: u32) {
        let limb_shift = (bits / 32) as usize;
        let bit_shift = bits % 32;
        if bit_shift != 0 {
            let mut carry = 0u32;
            for limb in &mut self.limbs {
                let next = *limb >> (32 - bit_shift);
                *limb = (*limb << bit_shift) | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        if limb_shift != 0 {
            self.limbs.splice(0..0, std::iter::repeat_n(0, limb_shift));
        }
    }

    /// The decimal digits (ASCII, no leading zeros; empty for zero).
    fn into_decimal(mut self) -> Vec<u8> {
        const CHUNK: u64 = 1_000_000_000;
        let mut chunks: Vec<u32> = Vec::new();
        self.trim();
        while !self.limbs.is_empty() {
            let mut remainder = 0u64;
            for limb in self.limbs.iter_mut().rev() {
                let current = (remainder << 32) | u64::from(*limb);
                *limb = (current / CHUNK) as u32;
                remainder = current % CHUNK;
            }
            chunks.push(remainder as u32);
            self.trim();
        }
        let mut out = Vec::with_capacity(chunks.len() * 9);
        for (i, chunk) in chunks.iter().rev().enumerate() {
            if i == 0 {
                out.extend_from_slice(chunk.to_string().as_bytes());
            } else {
                out.extend_from_slice(format!("{chunk:09}").as_bytes());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    /// Prints a number as node's `String(n)` does, but with "-0" for negative zero.
    fn show(n: f64) -> String {
        if n == 0.0 && n.is_sign_negative() {
            "-0".to_owned()
        } else {
            number_to_string(n)
        }
    }

    #[test]
    fn to_string_radix_10() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1.0, "1"),
            (-1.0, "-1"),
            (123.0, "123"),
            (-123.0, "-123"),
            (1e21, "1e+21"),
            (999999999999999900000.0, "999999999999999900000"),
            (1e21 - 65536.0, "1e+21"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.0000015, "0.0000015"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123.456, "123.456"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (9007199254740992.0, "9007199254740992"),
            (9007199254740994.0, "9007199254740994"),
            (1e100, "1e+100"),
            (0.1, "0.1"),
            (100.0, "100"),
            (1234567890123456789.0, "1234567890123456800"),
            (4.35, "4.35"),
            (-1.5e-9, "-1.5e-9"),
            (12345678901234567890123.0, "1.2345678901234568e+22"),
        ];
        for &(value, expected) in cases {
            assert_eq!(number_to_string(value), expected, "{value:?}");
        }
    }

    #[test]
    fn to_string_other_radices() {
        let cases: &[(f64, u32, &str)] = &[
            (0.5, 2, "0.1"),
            (255.0, 16, "ff"),
            (-255.5, 16, "-ff.8"),
            (1.0 / 3.0, 3, "0.1"),
            (0.1, 3, "0.0022002200220022002200220022002201"),
            (0.1, 2, "0.0001100110011001100110011001100110011001100110011001101"),
            (-0.0, 2, "0"),
            (f64::NAN, 2, "NaN"),
            (f64::INFINITY, 16, "Infinity"),
            (f64::NEG_INFINITY, 36, "-Infinity"),
            (35.0, 36, "z"),
            (123.456, 36, "3f.gez4w97ry"),
            (-1e21, 7, "-5135235413265003022600000"),
            (1152921504606846976.0, 3, "21200101122222021102111220121112210000"),
            (0.1, 16, "0.1999999999999a"),
            (std::f64::consts::PI, 7, "3.066365143203613411"),
            (-0.0001, 5, "-0.0000012401240124012401240124"),
            (1e-7, 36, "0.000061oezo085tl"),
            (12345.6789, 8, "30071.5334614374241"),
            (0.99999, 2, "0.11111111111111110101100000111010010100111011100011101"),
            (9007199254740994.0, 3, "1121202011211211122211100012101111"),
            (0.3, 10, "0.3"),
            (-42.0, 10, "-42"),
            (0.000001, 32, "0.00011hnnk2qur38"),
            (9007199254740992.0, 2, "100000000000000000000000000000000000000000000000000000"),
            (-7.25, 2, "-111.01"),
            (0.1, 36, "0.3lllllllllm"),
            (1e21, 36, "5v1j4f4ds7c000"),
            (1e-10, 5, "0.0000000000000030112133242143212332201"),
        ];
        for &(value, radix, expected) in cases {
            assert_eq!(number_to_string_radix(value, radix), expected, "({value:?}).toString({radix})");
        }
        // Digits below the precision of large integers are zeros.
        assert_eq!(
            number_to_string_radix(1.7976931348623157e308, 36),
            format!("1a1e4vngaiqo{}", "0".repeat(187))
        );
        assert_eq!(number_to_string_radix(1e300, 36), format!("fhgyjdfcg7s{}", "0".repeat(182)));
        // 5e-324 in binary: "0." then 1073 zeros then "1".
        let tiny = number_to_string_radix(5e-324, 2);
        assert_eq!(tiny.len(), 2 + 1074);
        assert!(tiny.starts_with("0.000") && tiny.ends_with("01"));
        assert_eq!(tiny.matches('1').count(), 1);
    }

    #[test]
    fn fixed() {
        let cases: &[(f64, u32, &str)] = &[
            (1.005, 2, "1.00"),
            (1.45, 1, "1.4"),
            (0.5, 0, "1"),
            (1.5, 0, "2"),
            (2.5, 0, "3"),
            (-0.5, 0, "-1"),
            (-1.5, 0, "-2"),
            (0.0, 2, "0.00"),
            (-0.0, 2, "0.00"),
            (-0.0000001, 2, "-0.00"),
            (1e21, 2, "1e+21"),
            (-1e21, 3, "-1e+21"),
            (999999999999999900000.0, 2, "999999999999999868928.00"),
            (123.456, 10, "123.4560000000"),
            (0.1, 20, "0.10000000000000000555"),
            (1.23e-10, 5, "0.00000"),
            (
                5e-324,
                100,
                "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            ),
            (1.7976931348623157e308, 2, "1.7976931348623157e+308"),
            (f64::NAN, 2, "NaN"),
            (f64::NEG_INFINITY, 1, "-Infinity"),
            (0.000001, 7, "0.0000010"),
            (1.255, 2, "1.25"),
            (8.345, 2, "8.35"),
            (10.235, 2, "10.23"),
            (-2.345, 2, "-2.35"),
            (99.995, 2, "100.00"),
            (9.5, 0, "10"),
            (0.05, 1, "0.1"),
            (0.0005, 3, "0.001"),
            (1e20, 2, "100000000000000000000.00"),
            (123.0, 0, "123"),
            (-123.456, 1, "-123.5"),
            (
                0.1,
                100,
                "0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000",
            ),
            (25.0, 0, "25"),
            (1.45, 20, "1.44999999999999995559"),
            (0.000001, 6, "0.000001"),
            (1e-7, 6, "0.000000"),
            (0.0000005, 6, "0.000000"),
            (1234.5678, 2, "1234.57"),
            (0.1 + 0.2, 17, "0.30000000000000004"),
        ];
        for &(value, digits, expected) in cases {
            assert_eq!(to_fixed(value, digits), expected, "({value:?}).toFixed({digits})");
        }
    }

    #[test]
    fn precision() {
        let cases: &[(f64, u32, &str)] = &[
            (123.456, 4, "123.5"),
            (123.456, 2, "1.2e+2"),
            (123.456, 1, "1e+2"),
            (0.000001, 2, "0.0000010"),
            (1e-7, 2, "1.0e-7"),
            (0.0, 5, "0.0000"),
            (-0.0, 3, "0.00"),
            (1e21, 3, "1.00e+21"),
            (1e21, 22, "1000000000000000000000"),
            (123.0, 3, "123"),
            (1234.0, 3, "1.23e+3"),
            (2.5, 1, "3"),
            (3.5, 1, "4"),
            (-1.25, 2, "-1.3"),
            (
                0.1,
                100,
                "0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000",
            ),
            (5e-324, 3, "4.94e-324"),
            (1.7976931348623157e308, 5, "1.7977e+308"),
            (f64::NAN, 3, "NaN"),
            (f64::NEG_INFINITY, 3, "-Infinity"),
            (99.99, 3, "100"),
            (99.99, 4, "99.99"),
            (0.00001234, 2, "0.000012"),
            (1e-7, 1, "1e-7"),
            (123456.0, 6, "123456"),
            (123456.0, 5, "1.2346e+5"),
            (1.0, 1, "1"),
            (
                1.0,
                100,
                "1.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
            ),
            (0.000123, 1, "0.0001"),
            (0.1 + 0.2, 17, "0.30000000000000004"),
            (1e-7, 21, "9.99999999999999954748e-8"),
            (123e-20, 3, "1.23e-18"),
            (1e21, 21, "1.00000000000000000000e+21"),
            (12345.6789, 8, "12345.679"),
            (0.000001, 1, "0.000001"),
            (0.0000001, 1, "1e-7"),
        ];
        for &(value, precision, expected) in cases {
            assert_eq!(to_precision(value, precision), expected, "({value:?}).toPrecision({precision})");
        }
    }

    #[test]
    fn exponential() {
        let cases: &[(f64, Option<u32>, &str)] = &[
            (123.456, None, "1.23456e+2"),
            (123.456, Some(2), "1.23e+2"),
            (0.0, None, "0e+0"),
            (0.0, Some(3), "0.000e+0"),
            (-0.0, Some(2), "0.00e+0"),
            (1e21, None, "1e+21"),
            (1.0, None, "1e+0"),
            (1.0, Some(0), "1e+0"),
            (1.5, Some(0), "2e+0"),
            (2.5, Some(0), "3e+0"),
            (-2.5, Some(0), "-3e+0"),
            (0.125, Some(1), "1.3e-1"),
            (0.00015, Some(1), "1.5e-4"),
            (5e-324, None, "5e-324"),
            (5e-324, Some(5), "4.94066e-324"),
            (1.7976931348623157e308, None, "1.7976931348623157e+308"),
            (1.7976931348623157e308, Some(20), "1.79769313486231570815e+308"),
            (f64::NAN, Some(2), "NaN"),
            (f64::INFINITY, None, "Infinity"),
            (f64::NEG_INFINITY, Some(3), "-Infinity"),
            (0.1, Some(20), "1.00000000000000005551e-1"),
            (12345.0, Some(2), "1.23e+4"),
            (-0.000001, None, "-1e-6"),
            (0.1 + 0.2, None, "3.0000000000000004e-1"),
            (1e-7, Some(3), "1.000e-7"),
            (99.99, Some(1), "1.0e+2"),
            (
                0.1,
                Some(100),
                "1.0000000000000000555111512312578270211815834045410156250000000000000000000000000000000000000000000000e-1",
            ),
            (5e-7, None, "5e-7"),
            (1e100, None, "1e+100"),
            (1.25, Some(1), "1.3e+0"),
            (1.35, Some(1), "1.4e+0"),
            (9.995, Some(2), "9.99e+0"),
            (6.02214076e23, Some(3), "6.022e+23"),
        ];
        for &(value, digits, expected) in cases {
            assert_eq!(to_exponential(value, digits), expected, "({value:?}).toExponential({digits:?})");
        }
    }

    #[test]
    fn string_to_number_cases() {
        let hex_ones = format!("0x{}", "f".repeat(300));
        let bin_54 = format!("0b{}", "1".repeat(54));
        let cases: &[(&str, &str)] = &[
            ("", "0"),
            ("  ", "0"),
            (" 12 ", "12"),
            ("\u{a0}\u{feff}\u{2028}\u{3000} 42\t\n\r\u{b}\u{c}", "42"),
            ("\u{180e}1", "NaN"),
            ("0x1F", "31"),
            ("0X1f", "31"),
            ("0o17", "15"),
            ("0O17", "15"),
            ("0b101", "5"),
            ("0B101", "5"),
            ("-0x10", "NaN"),
            ("+0x10", "NaN"),
            ("0x", "NaN"),
            ("0b2", "NaN"),
            ("0o8", "NaN"),
            ("0x1g", "NaN"),
            ("Infinity", "Infinity"),
            ("+Infinity", "Infinity"),
            ("-Infinity", "-Infinity"),
            ("infinity", "NaN"),
            ("INFINITY", "NaN"),
            ("Infinityx", "NaN"),
            ("1e3", "1000"),
            ("1E3", "1000"),
            ("1e+3", "1000"),
            ("1e-3", "0.001"),
            ("1e", "NaN"),
            ("1e+", "NaN"),
            (".5", "0.5"),
            ("5.", "5"),
            (".", "NaN"),
            ("+.5", "0.5"),
            ("-.5", "-0.5"),
            ("-0", "-0"),
            ("+0", "0"),
            ("-", "NaN"),
            ("+", "NaN"),
            ("1_000", "NaN"),
            ("00123", "123"),
            ("1.e5", "100000"),
            (".e5", "NaN"),
            ("e5", "NaN"),
            ("1e1000", "Infinity"),
            ("-1e1000", "-Infinity"),
            ("1e-400", "0"),
            ("123abc", "NaN"),
            ("0.1", "0.1"),
            ("9007199254740993", "9007199254740992"),
            ("0x20000000000001", "9007199254740992"),
            ("0x20000000000003", "9007199254740996"),
            ("0x1fffffffffffff1", "144115188075855860"),
            ("0x1fffffffffffff8", "144115188075855870"),
            ("0x1fffffffffffff7ff", "36893488147419100000"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("1.7976931348623159e308", "Infinity"),
            ("5e-324", "5e-324"),
            ("2.4703282292062328e-324", "5e-324"),
            ("2.4703282292062327e-324", "0"),
            ("12 34", "NaN"),
            ("\u{200b}1", "NaN"),
            ("1\u{2029}", "1"),
            (&hex_ones, "Infinity"),
            (&bin_54, "18014398509481984"),
            ("NaN", "NaN"),
            ("0.0000001", "1e-7"),
            ("1.", "1"),
            ("\u{661}", "NaN"),
            ("1e99999999999999999999", "Infinity"),
            ("1e-99999999999999999999", "0"),
        ];
        for &(text, expected) in cases {
            assert_eq!(show(string_to_number(&utf16(text))), expected, "Number({text:?})");
        }
        // Binary literals just past 53 bits: round half to even, and sticky bits.
        let tie_even = format!("0b{}01{}", "1".repeat(52), "0".repeat(10));
        assert_eq!(show(string_to_number(&utf16(&tie_even))), "18446744073709548000");
        let above_half = format!("0b{}01{}1", "1".repeat(52), "0".repeat(10));
        assert_eq!(show(string_to_number(&utf16(&above_half))), "36893488147419100000");
        let carry = format!("0b{}1{}1", "1".repeat(53), "0".repeat(10));
        assert_eq!(show(string_to_number(&utf16(&carry))), "36893488147419103000");
        // The tie just past the largest double rounds to even: infinity; below it, the max.
        let overflow_tie = format!("0xfffffffffffffc{}", "0".repeat(242));
        assert_eq!(show(string_to_number(&utf16(&overflow_tie))), "Infinity");
        let below_tie = format!("0xfffffffffffffb{}", "f".repeat(242));
        assert_eq!(show(string_to_number(&utf16(&below_tie))), "1.7976931348623157e+308");
        // A lone surrogate is not whitespace.
        assert!(string_to_number(&[0xD800, u16::from(b'1')]).is_nan());
    }

    #[test]
    fn parse_int_cases() {
        let long_one = format!("1{}", "0".repeat(400));
        let long_zero = format!("{}1", "0".repeat(400));
        let cases: &[(&str, i32, &str)] = &[
            ("123abc", 10, "123"),
            ("  -42", 10, "-42"),
            ("0x1F", 0, "31"),
            ("0x1F", 16, "31"),
            ("0x1F", 10, "0"),
            ("0x", 16, "NaN"),
            ("-0x1F", 0, "-31"),
            ("-0", 10, "-0"),
            ("0", 10, "0"),
            ("101012", 2, "21"),
            ("777", 8, "511"),
            ("789", 8, "7"),
            ("zz", 36, "1295"),
            ("ZZ", 36, "1295"),
            ("Z", 35, "NaN"),
            ("ff", 16, "255"),
            ("ff", 15, "NaN"),
            ("12", 1, "NaN"),
            ("12", 37, "NaN"),
            ("12", -1, "NaN"),
            ("", 10, "NaN"),
            ("   ", 10, "NaN"),
            ("+", 10, "NaN"),
            ("-", 10, "NaN"),
            ("  +12.9e5", 10, "12"),
            ("1e21", 10, "1"),
            ("123456789012345678901234567890", 10, "1.2345678901234568e+29"),
            ("9007199254740993", 10, "9007199254740992"),
            ("9007199254740993", 16, "10378291982571407000"),
            ("20000000000001", 16, "9007199254740992"),
            ("20000000000003", 16, "9007199254740996"),
            ("200000000000010000001", 16, "2.417851639229259e+24"),
            ("1fffffffffffff1", 16, "144115188075855860"),
            ("11111111111111111111111111111111111111111111111111111", 2, "9007199254740991"),
            ("111111111111111111111111111111111111111111111111111111", 2, "18014398509481984"),
            (&long_one, 10, "Infinity"),
            (&long_zero, 10, "1"),
            ("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 36, "4.887367798068926e+46"),
            ("12121212121212121212121212121212121212", 3, "844282323545620100"),
            (
                "0000000000000000000000000000000000000000zzzzzzzzzzzzzz",
                36,
                "6.140942214464815e+21",
            ),
            ("\u{a0}\u{feff} 7", 10, "7"),
            ("\u{180e}7", 10, "NaN"),
            ("Infinity", 10, "NaN"),
            ("0b11", 0, "0"),
            ("0b11", 2, "0"),
            ("12", 0, "12"),
            ("1f", 32, "47"),
            ("vv", 32, "1023"),
            ("0x", 0, "NaN"),
            ("0xz", 0, "NaN"),
            ("00012", 10, "12"),
            ("fffffffffffffffffffffffffff", 16, "3.2451855365842673e+32"),
            ("-fffffffffffffffffffffffffff", 16, "-3.2451855365842673e+32"),
            ("0o17", 0, "0"),
            ("0o17", 8, "0"),
            ("777777777777777777777777777777", 8, "1.2379400392853803e+27"),
            ("1111111111111111111111111111111111111111", 2, "1099511627775"),
            ("vvvvvvvvvvvvvvvvvvvv", 32, "1.2676506002282294e+30"),
            ("0x1fffffffffffff7ff", 0, "36893488147419100000"),
        ];
        for &(text, radix, expected) in cases {
            assert_eq!(show(parse_int(&utf16(text), radix)), expected, "parseInt({text:?}, {radix})");
        }
        let overflow_tie = format!("fffffffffffffc{}", "0".repeat(242));
        assert_eq!(show(parse_int(&utf16(&overflow_tie), 16)), "Infinity");
        let huge = format!("1{}", "0".repeat(256));
        assert_eq!(show(parse_int(&utf16(&huge), 16)), "Infinity");
    }

    #[test]
    fn parse_float_cases() {
        let cases: &[(&str, &str)] = &[
            ("1e", "1"),
            ("1.5e+", "1.5"),
            ("-.5", "-0.5"),
            ("-0", "-0"),
            ("  3.14abc", "3.14"),
            ("Infinityx", "Infinity"),
            ("-Infinity", "-Infinity"),
            ("+Infinity1", "Infinity"),
            ("infinity", "NaN"),
            (".", "NaN"),
            ("-.", "NaN"),
            (".e1", "NaN"),
            ("1.e1", "10"),
            ("0x10", "0"),
            ("1e1000", "Infinity"),
            ("-1e-1000", "-0"),
            ("", "NaN"),
            ("  ", "NaN"),
            ("abc", "NaN"),
            ("1.2.3", "1.2"),
            ("+-1", "NaN"),
            ("\u{a0}\u{2028} 5", "5"),
            ("1e+5x", "100000"),
            ("1E-2", "0.01"),
            ("5.", "5"),
            (".5.5", "0.5"),
            ("1_0", "1"),
            ("0.1e", "0.1"),
            ("00.5", "0.5"),
            ("-0.0e+5", "-0"),
            ("123456789012345678901234567890", "1.2345678901234568e+29"),
            ("\u{180e}5", "NaN"),
            ("1e-", "1"),
            ("7e308", "Infinity"),
            ("+.e", "NaN"),
            ("12e3.5", "12000"),
            ("3\u{20ac}", "3"),
        ];
        for &(text, expected) in cases {
            assert_eq!(show(parse_float(&utf16(text))), expected, "parseFloat({text:?})");
        }
    }

    #[test]
    fn whitespace_set_matches_v8() {
        // Every code unit c for which node's Number(String.fromCharCode(c)) is 0, except '0'.
        let expected: &[u16] = &[
            0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
            0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
        ];
        let actual: Vec<u16> = (0..=u16::MAX).filter(|&c| is_js_whitespace(c)).collect();
        assert_eq!(actual, expected);
    }
}
