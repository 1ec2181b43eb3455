//! The ECMAScript type conversions and equality: ToPrimitive, ToBoolean, ToNumber,
//! ToString, ToObject, ToInt32/ToUint32, ToIntegerOrInfinity, ToLength, `typeof`, `==`,
//! `===`, SameValue and SameValueZero.
//!
//! Invariant: each conversion returns a fresh value valid until the next allocation; user
//! code (`valueOf`, `toString`, `Symbol.toPrimitive`) runs only inside ToPrimitive.

use std::io::Write;

use tagus_heap::Tagged;
use tagus_heap::objects::InstanceType;
use tagus_heap::objects::oddball;

use crate::{JsResult, Root, Vm, numconv};

/// The hint of ToPrimitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// `"default"` (for `+` and `==`).
    Default,
    /// `"number"`.
    Number,
    /// `"string"`.
    String,
}

impl Vm {
    /// ToBoolean.
    #[inline]
    pub fn to_boolean(&self, v: Tagged) -> bool {
        if v.is_smi() {
            return v.smi_value() != 0;
        }
        if v == self.true_value() {
            return true;
        }
        if v == self.false_value() || self.is_nullish(v) || v == self.hole() {
            return false;
        }
        if self.is_string(v) {
            return self.string_length(v) != 0;
        }
        if let Some(n) = self.number_value(v) {
            return !(n == 0.0 || n.is_nan());
        }
        true
    }

    /// ToPrimitive.
    pub fn to_primitive(&mut self, v: Tagged, hint: Hint) -> JsResult<Tagged> {
        if !self.is_object(v) {
            return Ok(v);
        }
        let base = self.push(v);
        let r = (|| {
            let exotic = self.get_named(v, Root::SymbolToPrimitive)?;
            if !self.is_nullish(exotic) {
                if !self.is_callable(exotic) {
                    return Err(self.throw_type_error("Symbol.toPrimitive is not a function"));
                }
                let hint_text = match hint {
                    Hint::Default => "default",
                    Hint::Number => "number",
                    Hint::String => "string",
                };
                let h = self.intern(hint_text)?;
                let result = self.call(exotic, self.slot(base), &[h])?;
                if self.is_object(result) {
                    return Err(self.throw_type_error("Cannot convert object to primitive value"));
                }
                return Ok(result);
            }
            let order = if hint == Hint::String {
                [Root::NameToString, Root::NameValueOf]
            } else {
                [Root::NameValueOf, Root::NameToString]
            };
            for name in order {
                let method = self.get_named(self.slot(base), name)?;
                if self.is_callable(method) {
                    let result = self.call(method, self.slot(base), &[])?;
                    if !self.is_object(result) {
                        return Ok(result);
                    }
                }
            }
            Err(self.throw_type_error("Cannot convert object to primitive value"))
        })();
        self.truncate_stack(base);
        r
    }

    /// ToNumber.
    pub fn to_number(&mut self, v: Tagged) -> JsResult<f64> {
        if let Some(n) = self.number_value(v) {
            return Ok(n);
        }
        if self.is_string(v) {
            let units = self.string_units(v);
            return Ok(numconv::string_to_number(&units));
        }
        match self.instance_type(v) {
            Some(InstanceType::Oddball) => {
                if v == self.undefined() || v == self.hole() {
                    Ok(f64::NAN)
                } else {
                    Ok(tagus_heap::objects::HeapObject::from_tagged(v).read_f64(oddball::TO_NUMBER_RAW_OFFSET))
                }
            }
            Some(InstanceType::Symbol) => Err(self.throw_type_error("Cannot convert a Symbol value to a number")),
            _ => {
                let p = self.to_primitive(v, Hint::Number)?;
                self.to_number(p)
            }
        }
    }

    /// ToNumber, returned as a number value.
    pub fn to_number_value(&mut self, v: Tagged) -> JsResult<Tagged> {
        if self.is_number(v) {
            return Ok(v);
        }
        let n = self.to_number(v)?;
        self.new_number(n)
    }

    /// ToString.
    pub fn to_string(&mut self, v: Tagged) -> JsResult<Tagged> {
        if self.is_string(v) {
            return Ok(v);
        }
        if v.is_smi() {
            // Formatted on the stack: `'k' + i` in a loop should not cost a malloc.
            let mut buffer = [0u8; 11];
            let mut rest = &mut buffer[..];
            write!(rest, "{}", v.smi_value()).expect("an i32 fits in 11 bytes");
            let len = 11 - rest.len();
            let digits = &buffer[..len];
            if digits.len() == 1 {
                return self.single_character_string(digits[0] as u16);
            }
            return self
                .heap
                .string_from_one_byte(digits, tagus_heap::NewStringType::Normal)
                .map_err(|e| self.string_error(e));
        }
        if let Some(n) = self.number_value(v) {
            let text = numconv::number_to_string(n);
            return self.new_string(&text);
        }
        match self.instance_type(v) {
            Some(InstanceType::Oddball) => Ok(tagus_heap::objects::HeapObject::from_tagged(v).read_tagged(oddball::TO_STRING_OFFSET)),
            Some(InstanceType::Symbol) => Err(self.throw_type_error("Cannot convert a Symbol value to a string")),
            _ => {
                let p = self.to_primitive(v, Hint::String)?;
                self.to_string(p)
            }
        }
    }

    /// ToString as Rust text.
    pub fn to_rust_string(&mut self, v: Tagged) -> JsResult<String> {
        let s = self.to_string(v)?;
        Ok(self.string_to_rust(s))
    }

    /// A rendering for error messages that never runs user code: strings quoted as V8
    /// does not (plain), objects as `#<Object>`, functions by source-ish name.
    pub fn to_display_string(&mut self, v: Tagged) -> JsResult<String> {
        if self.is_string(v) {
            return Ok(self.string_to_rust(v));
        }
        if self.is_symbol(v) {
            return self.symbol_descriptive_string(v);
        }
        if !self.is_object(v) {
            if let Some(n) = self.number_value(v) {
                return Ok(numconv::number_to_string(n));
            }
            let s = tagus_heap::objects::HeapObject::from_tagged(v).read_tagged(oddball::TO_STRING_OFFSET);
            return Ok(self.string_to_rust(s));
        }
        if self.is_callable(v) {
            let name = self.function_name(v);
            let name = self.string_to_rust(name);
            return Ok(
                if self.function_kind(v).is_some_and(|k| {
                    matches!(
                        k,
                        tagus_compiler::FunctionKind::ClassConstructor | tagus_compiler::FunctionKind::DerivedConstructor
                    )
                }) {
                    format!("class {name}")
                } else {
                    format!("function {name}")
                },
            );
        }
        if self.is_array(v) {
            return Ok("[object Array]".to_string());
        }
        let name = self.constructor_name(v).unwrap_or_else(|| "Object".to_string());
        Ok(format!("#<{name}>"))
    }

    /// ToObject (TypeError for undefined and null).
    pub fn to_object(&mut self, v: Tagged) -> JsResult<Tagged> {
        if self.is_object(v) {
            return Ok(v);
        }
        if self.is_nullish(v) {
            return Err(self.throw_type_error("Cannot convert undefined or null to object"));
        }
        self.new_primitive_wrapper(v)
    }

    /// ToIntegerOrInfinity.
    pub fn to_integer_or_infinity(&mut self, v: Tagged) -> JsResult<f64> {
        if v.is_smi() {
            return Ok(v.smi_value() as f64);
        }
        let n = self.to_number(v)?;
        Ok(if n.is_nan() { 0.0 } else { n.trunc() + 0.0 })
    }

    /// ToLength.
    pub fn to_length(&mut self, v: Tagged) -> JsResult<f64> {
        let n = self.to_integer_or_infinity(v)?;
        Ok(n.clamp(0.0, 9007199254740991.0))
    }

    /// ToInt32.
    pub fn to_int32(&mut self, v: Tagged) -> JsResult<i32> {
        if v.is_smi() {
            return Ok(v.smi_value());
        }
        let n = self.to_number(v)?;
        Ok(double_to_int32(n))
    }

    /// ToUint32.
    pub fn to_uint32(&mut self, v: Tagged) -> JsResult<u32> {
        Ok(self.to_int32(v)? as u32)
    }

    /// `typeof v`.
    pub fn type_of(&self, v: Tagged) -> Tagged {
        let root = if self.is_number(v) {
            Root::NameNumber
        } else if self.is_string(v) {
            Root::NameString
        } else if self.is_symbol(v) {
            Root::NameSymbol
        } else if self.is_callable(v) {
            Root::NameFunction
        } else if self.is_object(v) || v == self.null() {
            Root::NameObject
        } else if v == self.true_value() || v == self.false_value() {
            Root::NameBoolean
        } else {
            Root::NameUndefined
        };
        self.root(root)
    }

    /// `a === b`.
    pub fn strict_equals(&mut self, a: Tagged, b: Tagged) -> JsResult<bool> {
        if a == b {
            return Ok(!(self.number_value(a).is_some_and(f64::is_nan)));
        }
        if let (Some(x), Some(y)) = (self.number_value(a), self.number_value(b)) {
            return Ok(x == y);
        }
        if self.is_string(a) && self.is_string(b) {
            return self.string_equals(a, b);
        }
        Ok(false)
    }

    /// SameValue (`Object.is`).
    pub fn same_value(&mut self, a: Tagged, b: Tagged) -> JsResult<bool> {
        if let (Some(x), Some(y)) = (self.number_value(a), self.number_value(b)) {
            return Ok((x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative()));
        }
        self.strict_equals(a, b)
    }

    /// SameValueZero (`includes`).
    pub fn same_value_zero(&mut self, a: Tagged, b: Tagged) -> JsResult<bool> {
        if let (Some(x), Some(y)) = (self.number_value(a), self.number_value(b)) {
            return Ok((x.is_nan() && y.is_nan()) || x == y);
        }
        self.strict_equals(a, b)
    }

    /// `a == b`.
    pub fn loose_equals(&mut self, a: Tagged, b: Tagged) -> JsResult<bool> {
        let (ta, tb) = (self.kind_of(a), self.kind_of(b));
        use Kind::*;
        match (ta, tb) {
            (Nullish, Nullish) => Ok(true),
            _ if ta == tb => self.strict_equals(a, b),
            (Nullish, _) | (_, Nullish) => Ok(false),
            (Number, String) => {
                let y = self.to_number(b)?;
                Ok(self.number_value(a) == Some(y))
            }
            (String, Number) => {
                let x = self.to_number(a)?;
                Ok(Some(x) == self.number_value(b))
            }
            (Boolean, _) => {
                let x = self.to_number(a)?;
                let x = self.new_number(x)?;
                self.loose_equals(x, b)
            }
            (_, Boolean) => {
                let base = self.push(a);
                let y = self.to_number(b)?;
                let y = self.new_number(y)?;
                let a = self.slot(base);
                self.truncate_stack(base);
                self.loose_equals(a, y)
            }
            (Object, Number | String | Symbol) => {
                let base = self.push(b);
                let p = self.to_primitive(a, Hint::Default)?;
                let b = self.slot(base);
                self.truncate_stack(base);
                self.loose_equals(p, b)
            }
            (Number | String | Symbol, Object) => {
                let base = self.push(a);
                let p = self.to_primitive(b, Hint::Default)?;
                let a = self.slot(base);
                self.truncate_stack(base);
                self.loose_equals(a, p)
            }
            _ => Ok(false),
        }
    }

    fn kind_of(&self, v: Tagged) -> Kind {
        if self.is_number(v) {
            Kind::Number
        } else if self.is_string(v) {
            Kind::String
        } else if self.is_nullish(v) {
            Kind::Nullish
        } else if v == self.true_value() || v == self.false_value() {
            Kind::Boolean
        } else if self.is_symbol(v) {
            Kind::Symbol
        } else {
            Kind::Object
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    String,
    Nullish,
    Boolean,
    Symbol,
    Object,
}

/// 2^63: doubles below it in magnitude convert to i64 exactly (after truncation), without
/// saturating.
pub(crate) const TWO_TO_63: f64 = 9223372036854775808.0;

/// ToInt32 of a double (modulo 2^32, into the signed range).
pub fn double_to_int32(n: f64) -> i32 {
    if n.is_nan() || n.is_infinite() {
        return 0;
    }
    if n.abs() < TWO_TO_63 {
        // Truncation is exact below 2^63, and the low 32 bits of the integer are its value
        // modulo 2^32.
        return n as i64 as i32;
    }
    let m = n.trunc().rem_euclid(4294967296.0);
    m as u64 as u32 as i32
}
