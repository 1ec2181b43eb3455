//! The JSON text parser behind `JSON.parse`: an iterative scanner over UTF-16 code units
//! that builds heap values directly, with V8's SyntaxError messages.
//!
//! Hand-written rather than going through `serde_json::Value`: JSON strings may hold lone
//! surrogates, `1e400` must parse as Infinity, nesting depth is unbounded, and V8's
//! messages name the exact position and token.
//!
//! GC safety: completed values wait on the JS stack; an open array keeps its elements as
//! consecutive slots from `first`, an open object keeps itself and the pending key in slots.

use tagus_heap::Tagged;

use crate::{JsResult, Vm};

/// Characters of context shown around the unexpected token (V8's `kMaxContextCharacters`).
const CONTEXT: usize = 10;

/// An open container.
enum Frame {
    /// An array whose elements so far sit in slots `first..`.
    Array { first: usize },
    /// An object in `object` whose next value belongs to the key in `object + 1`.
    Object { object: usize },
}

struct Parser<'a> {
    src: &'a [u16],
    pos: usize,
}

/// Parses `src` as JSON text.
pub fn parse(vm: &mut Vm, src: &[u16]) -> JsResult<Tagged> {
    let mut p = Parser { src, pos: 0 };
    let base = vm.stack_mark();
    let r = p.parse_text(vm);
    let r = r.map(|()| vm.slot(base));
    vm.truncate_stack(base);
    r
}

fn is_digit(c: u16) -> bool {
    (b'0' as u16..=b'9' as u16).contains(&c)
}

fn hex_value(c: u16) -> Option<u16> {
    char::from_u32(c as u32).and_then(|c| c.to_digit(16)).map(|d| d as u16)
}

impl Parser<'_> {
    fn peek(&self) -> Option<u16> {
        self.src.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(c) = self.peek() {
            if c == b' ' as u16 || c == b'\t' as u16 || c == b'\n' as u16 || c == b'\r' as u16 {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Parses the whole text, leaving its value on top of the stack.
    fn parse_text(&mut self, vm: &mut Vm) -> JsResult<()> {
        let mut frames: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            // Scan one value: a primitive is pushed; `{`/`[` with content opens a frame.
            match self.peek() {
                Some(0x7B) => {
                    // '{'
                    self.pos += 1;
                    let o = vm.new_object()?;
                    let os = vm.push(o);
                    self.skip_whitespace();
                    if self.peek() == Some(b'}' as u16) {
                        self.pos += 1;
                    } else {
                        if self.peek() != Some(b'"' as u16) {
                            return Err(self.error(vm, "Expected property name or '}'"));
                        }
                        self.parse_key(vm)?;
                        frames.push(Frame::Object { object: os });
                        continue 'value;
                    }
                }
                Some(0x5B) => {
                    // '['
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']' as u16) {
                        self.pos += 1;
                        let a = vm.new_array(0, 0)?;
                        vm.push(a);
                    } else {
                        frames.push(Frame::Array { first: vm.stack_mark() });
                        continue 'value;
                    }
                }
                Some(0x22) => {
                    let units = self.scan_string(vm)?;
                    let s = vm.new_string_utf16(&units)?;
                    vm.push(s);
                }
                Some(c) if c == b'-' as u16 || is_digit(c) => {
                    let n = self.scan_number(vm)?;
                    let v = vm.new_number(n)?;
                    vm.push(v);
                }
                Some(0x74) => {
                    self.scan_literal(vm, "true")?;
                    vm.push(vm.true_value());
                }
                Some(0x66) => {
                    self.scan_literal(vm, "false")?;
                    vm.push(vm.false_value());
                }
                Some(0x6E) => {
                    self.scan_literal(vm, "null")?;
                    vm.push(vm.null());
                }
                _ => return Err(self.unexpected(vm)),
            }
            // A value is complete on top of the stack: hand it to the open containers.
            loop {
                match frames.last() {
                    None => break 'value,
                    Some(&Frame::Array { first }) => {
                        self.skip_whitespace();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(0x5D) => {
                                self.pos += 1;
                                let count = vm.stack_mark() - first;
                                // The kind from the values, as V8's JSON.parse.
                                let a = vm.new_array_from_values(first, count)?;
                                vm.truncate_stack(first);
                                vm.push(a);
                                frames.pop();
                            }
                            _ => return Err(self.error(vm, "Expected ',' or ']' after array element")),
                        }
                    }
                    Some(&Frame::Object { object }) => {
                        let value = vm.slot(object + 2);
                        vm.define_own_data(vm.slot(object), vm.slot(object + 1), value, 0)?;
                        vm.truncate_stack(object + 1);
                        self.skip_whitespace();
                        match self.peek() {
                            Some(0x2C) => {
                                self.pos += 1;
                                self.skip_whitespace();
                                if self.peek() != Some(b'"' as u16) {
                                    return Err(self.error(vm, "Expected double-quoted property name"));
                                }
                                self.parse_key(vm)?;
                                continue 'value;
                            }
                            Some(0x7D) => {
                                self.pos += 1;
                                frames.pop();
                            }
                            _ => return Err(self.error(vm, "Expected ',' or '}' after property value")),
                        }
                    }
                }
            }
        }
        self.skip_whitespace();
        if self.pos < self.src.len() {
            return Err(vm.throw_syntax_error(&format!("Unexpected non-whitespace character after JSON at position {}", self.pos)));
        }
        Ok(())
    }

    /// Scans `"key"` and the `:` after it, pushing the property key.
    fn parse_key(&mut self, vm: &mut Vm) -> JsResult<()> {
        let units = self.scan_string(vm)?;
        let s = vm.new_string_utf16(&units)?;
        let key = vm.string_to_key(s)?;
        vm.push(key);
        self.skip_whitespace();
        if self.peek() != Some(b':' as u16) {
            return Err(self.error(vm, "Expected ':' after property name"));
        }
        self.pos += 1;
        Ok(())
    }

    /// Scans a string literal (at its opening quote) into code units.
    fn scan_string(&mut self, vm: &mut Vm) -> JsResult<Vec<u16>> {
        self.pos += 1;
        let mut units = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error(vm, "Unterminated string"));
            };
            match c {
                0x22 => {
                    self.pos += 1;
                    return Ok(units);
                }
                0x5C => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.unexpected(vm));
                    };
                    let unit = match e {
                        0x22 | 0x5C | 0x2F => e,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v = 0u16;
                            for _ in 0..4 {
                                self.pos += 1;
                                match self.peek().and_then(hex_value) {
                                    Some(d) => v = v * 16 + d,
                                    None => return Err(self.error(vm, "Bad Unicode escape")),
                                }
                            }
                            v
                        }
                        _ => return Err(self.error(vm, "Bad escaped character")),
                    };
                    units.push(unit);
                    self.pos += 1;
                }
                c if c < 0x20 => return Err(self.error(vm, "Bad control character in string literal")),
                c => {
                    units.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Scans a number (at its `-` or first digit).
    fn scan_number(&mut self, vm: &mut Vm) -> JsResult<f64> {
        let start = self.pos;
        if self.peek() == Some(b'-' as u16) {
            self.pos += 1;
            if !self.peek().is_some_and(is_digit) {
                return Err(self.error(vm, "No number after minus sign"));
            }
        }
        if self.peek() == Some(b'0' as u16) {
            self.pos += 1;
            if self.peek().is_some_and(is_digit) {
                return Err(self.unexpected(vm));
            }
        } else {
            self.skip_digits();
        }
        if self.peek() == Some(b'.' as u16) {
            self.pos += 1;
            if !self.peek().is_some_and(is_digit) {
                return Err(self.error(vm, "Unterminated fractional number"));
            }
            self.skip_digits();
        }
        if matches!(self.peek(), Some(0x65 | 0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2B | 0x2D)) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(is_digit) {
                return Err(self.error(vm, "Exponent part is missing a number"));
            }
            self.skip_digits();
        }
        let text: String = self.src[start..self.pos].iter().map(|&c| c as u8 as char).collect();
        Ok(text.parse::<f64>().unwrap_or(f64::NAN))
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(is_digit) {
            self.pos += 1;
        }
    }

    /// Scans `true`, `false` or `null` (the first character already matched).
    fn scan_literal(&mut self, vm: &mut Vm, literal: &str) -> JsResult<()> {
        for expected in literal.bytes() {
            match self.peek() {
                Some(c) if c == expected as u16 => self.pos += 1,
                _ => return Err(self.unexpected(vm)),
            }
        }
        Ok(())
    }

    /// A SyntaxError `<what> in JSON at position <pos>`.
    fn error(&self, vm: &mut Vm, what: &str) -> crate::Throw {
        vm.throw_syntax_error(&format!("{what} in JSON at position {}", self.pos))
    }

    /// V8's report of an unexpected token at the current position.
    fn unexpected(&self, vm: &mut Vm) -> crate::Throw {
        let text = |units: &[u16]| String::from_utf16_lossy(units);
        let src = self.src;
        let pos = self.pos;
        let Some(c) = self.peek() else {
            return vm.throw_syntax_error("Unexpected end of JSON input");
        };
        if c == b'"' as u16 {
            return vm.throw_syntax_error(&format!("Unexpected string in JSON at position {pos}"));
        }
        if c == b'-' as u16 || is_digit(c) {
            return vm.throw_syntax_error(&format!("Unexpected number in JSON at position {pos}"));
        }
        let whole = text(src);
        if matches!(whole.as_str(), "[object Object]" | "undefined" | "Infinity" | "NaN") {
            return vm.throw_syntax_error(&format!("\"{whole}\" is not valid JSON"));
        }
        let token = text(&[c]);
        let message = if src.len() <= CONTEXT * 2 + 1 {
            format!("Unexpected token '{token}', \"{whole}\" is not valid JSON")
        } else if pos < CONTEXT {
            format!(
                "Unexpected token '{token}', \"{}\"... is not valid JSON",
                text(&src[..pos + CONTEXT])
            )
        } else if pos < src.len() - CONTEXT {
            format!(
                "Unexpected token '{token}', ...\"{}\"... is not valid JSON",
                text(&src[pos - CONTEXT..pos + CONTEXT])
            )
        } else {
            format!(
                "Unexpected token '{token}', ...\"{}\" is not valid JSON",
                text(&src[pos - CONTEXT..])
            )
        };
        vm.throw_syntax_error(&message)
    }
}
