//! Values and primitives: the methods every `Local<Value>`-like handle has (type tests,
//! conversions, comparisons) and the primitive types `Boolean`, `Number`, `Integer`,
//! `String` and `Symbol` with their constructors.
//!
//! Type tests read the kind recorded in the handle and need no scope; conversions that may
//! run JavaScript (`to_string` calls `toString`, `number_value` calls `valueOf`) take
//! `&mut HandleScope` and return `None` when they throw.

use tagus_heap::{NewStringType, StringError, Tagged};
use tagus_vm::{JsResult, Vm};

use crate::handle::{Boolean, Integer, IsValue, Kind, Local, Number, Object, String, Symbol, Value};
use crate::scope::{HandleScope, fatal_out_of_memory};

impl<'s, T: IsValue> Local<'s, T> {
    /// `=== undefined`.
    pub fn is_undefined(&self) -> bool {
        self.kind == Kind::Undefined
    }
    /// `=== null`.
    pub fn is_null(&self) -> bool {
        self.kind == Kind::Null
    }
    /// `== null`.
    pub fn is_null_or_undefined(&self) -> bool {
        matches!(self.kind, Kind::Undefined | Kind::Null)
    }
    /// `=== true`.
    pub fn is_true(&self) -> bool {
        self.kind == Kind::True
    }
    /// `=== false`.
    pub fn is_false(&self) -> bool {
        self.kind == Kind::False
    }
    /// A boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self.kind, Kind::True | Kind::False)
    }
    /// A number.
    pub fn is_number(&self) -> bool {
        self.kind.is_number()
    }
    /// A number that is an int32 (not -0).
    pub fn is_int32(&self) -> bool {
        matches!(self.kind, Kind::Int32NonNegative | Kind::Int32Negative)
    }
    /// A number that is a uint32 (not -0).
    pub fn is_uint32(&self) -> bool {
        matches!(self.kind, Kind::Int32NonNegative | Kind::Uint32High)
    }
    /// A string.
    pub fn is_string(&self) -> bool {
        self.kind == Kind::String
    }
    /// A symbol.
    pub fn is_symbol(&self) -> bool {
        self.kind == Kind::Symbol
    }
    /// A string or a symbol.
    pub fn is_name(&self) -> bool {
        matches!(self.kind, Kind::String | Kind::Symbol)
    }
    /// An object.
    pub fn is_object(&self) -> bool {
        self.kind.is_object()
    }
    /// A callable object.
    pub fn is_function(&self) -> bool {
        self.kind == Kind::Function
    }
    /// An array.
    pub fn is_array(&self) -> bool {
        self.kind == Kind::Array
    }
    /// An Error instance.
    pub fn is_native_error(&self) -> bool {
        self.kind == Kind::Error
    }
    /// Not an object.
    pub fn is_primitive(&self) -> bool {
        !self.kind.is_object()
    }

    fn convert<'t, U: crate::handle::HandleType>(
        &self,
        scope: &mut HandleScope<'t>,
        f: impl FnOnce(&mut Vm, Tagged) -> JsResult<Tagged>,
    ) -> Option<Local<'t, U>> {
        let slot = scope.slot_of(*self);
        scope.enter_local(|vm| f(vm, vm.slot(slot)))
    }

    /// ToString (may run `toString`).
    pub fn to_string<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, String>> {
        self.convert(scope, |vm, v| vm.to_string(v))
    }

    /// ToNumber (may run `valueOf`).
    pub fn to_number<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Number>> {
        self.convert(scope, |vm, v| vm.to_number_value(v))
    }

    /// ToIntegerOrInfinity, as a number.
    pub fn to_integer<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Integer>> {
        self.convert(scope, |vm, v| {
            let n = vm.to_integer_or_infinity(v)?;
            vm.new_number(n)
        })
    }

    /// ToObject (TypeError for undefined and null; primitives are wrapped).
    pub fn to_object<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Object>> {
        self.convert(scope, |vm, v| vm.to_object(v))
    }

    /// ToBoolean, as a handle.
    pub fn to_boolean<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, Boolean> {
        let b = self.boolean_value(scope);
        Boolean::new(scope, b)
    }

    /// A rendering that never runs JavaScript (strings as they are, `#<Object>`,
    /// `function f`), for diagnostics (V8's `ToDetailString`).
    pub fn to_detail_string<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, String>> {
        self.convert(scope, |vm, v| {
            let text = vm.to_display_string(v)?;
            vm.new_string(&text)
        })
    }

    /// ToNumber as an `f64` (may run `valueOf`).
    pub fn number_value(&self, scope: &mut HandleScope<'_>) -> Option<f64> {
        let slot = scope.slot_of(*self);
        scope.enter(|vm| vm.to_number(vm.slot(slot)))
    }

    /// ToIntegerOrInfinity as an `i64` (saturating).
    pub fn integer_value(&self, scope: &mut HandleScope<'_>) -> Option<i64> {
        let slot = scope.slot_of(*self);
        scope.enter(|vm| vm.to_integer_or_infinity(vm.slot(slot))).map(|n| n as i64)
    }

    /// ToInt32.
    pub fn int32_value(&self, scope: &mut HandleScope<'_>) -> Option<i32> {
        let slot = scope.slot_of(*self);
        scope.enter(|vm| vm.to_int32(vm.slot(slot)))
    }

    /// ToUint32.
    pub fn uint32_value(&self, scope: &mut HandleScope<'_>) -> Option<u32> {
        let slot = scope.slot_of(*self);
        scope.enter(|vm| vm.to_uint32(vm.slot(slot)))
    }

    /// ToBoolean (never runs JavaScript).
    pub fn boolean_value(&self, scope: &HandleScope<'_>) -> bool {
        scope.vm.to_boolean(scope.read(*self))
    }

    /// `typeof`.
    pub fn type_of<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, String> {
        let t = scope.vm.type_of(scope.read(*self));
        scope.local(t)
    }

    fn compare(
        &self,
        scope: &mut HandleScope<'_>,
        that: Local<'_, Value>,
        f: impl FnOnce(&mut Vm, Tagged, Tagged) -> JsResult<bool>,
    ) -> Option<bool> {
        let (a, b) = (scope.slot_of(*self), scope.slot_of(that));
        scope.enter(|vm| f(vm, vm.slot(a), vm.slot(b)))
    }

    /// `===`.
    pub fn strict_equals(&self, scope: &mut HandleScope<'_>, that: Local<'_, Value>) -> bool {
        self.compare(scope, that, |vm, a, b| vm.strict_equals(a, b)).unwrap_or(false)
    }

    /// SameValue (`Object.is`).
    pub fn same_value(&self, scope: &mut HandleScope<'_>, that: Local<'_, Value>) -> bool {
        self.compare(scope, that, |vm, a, b| vm.same_value(a, b)).unwrap_or(false)
    }

    /// `==` (may run `valueOf`/`toString`).
    pub fn equals(&self, scope: &mut HandleScope<'_>, that: Local<'_, Value>) -> Option<bool> {
        self.compare(scope, that, |vm, a, b| vm.loose_equals(a, b))
    }

    /// `instanceof` (may run `Symbol.hasInstance`).
    pub fn instance_of(&self, scope: &mut HandleScope<'_>, constructor: Local<'_, Object>) -> Option<bool> {
        self.compare(scope, constructor.into(), |vm, a, b| vm.instance_of(a, b))
    }
}

impl Boolean {
    /// `true` or `false`.
    pub fn new<'s>(scope: &mut HandleScope<'s>, value: bool) -> Local<'s, Boolean> {
        let b = scope.vm.boolean(value);
        scope.local(b)
    }
}

impl Number {
    /// A number.
    pub fn new<'s>(scope: &mut HandleScope<'s>, value: f64) -> Local<'s, Number> {
        scope.allocate(|vm| vm.new_number(value))
    }
}

impl Local<'_, Number> {
    /// The number.
    pub fn value(&self, scope: &HandleScope<'_>) -> f64 {
        scope.vm.number_value(scope.read(*self)).unwrap_or(f64::NAN)
    }
}

impl Integer {
    /// An integer number.
    pub fn new<'s>(scope: &mut HandleScope<'s>, value: i32) -> Local<'s, Integer> {
        scope.allocate(|vm| vm.new_number(value as f64))
    }

    /// An integer number from a `u32`.
    pub fn new_from_unsigned<'s>(scope: &mut HandleScope<'s>, value: u32) -> Local<'s, Integer> {
        scope.allocate(|vm| vm.new_number(value as f64))
    }
}

impl Local<'_, Integer> {
    /// The number as an integer (truncated, saturating).
    pub fn value(&self, scope: &HandleScope<'_>) -> i64 {
        scope.vm.number_value(scope.read(*self)).unwrap_or(0.0) as i64
    }
}

/// A string made from Rust data: `None` (nothing thrown) if it is too long; fatal if out of
/// memory.
fn new_string<'s>(scope: &mut HandleScope<'s>, f: impl FnOnce(&mut Vm) -> Result<Tagged, StringError>) -> Option<Local<'s, String>> {
    match f(scope.vm) {
        Ok(s) => Some(scope.local(s)),
        Err(StringError::TooLong) => None,
        Err(_) => fatal_out_of_memory(),
    }
}

impl String {
    /// A string with the text of `value` (V8's `String::New`); `None` if it is longer than
    /// the maximum string length.
    pub fn new<'s>(scope: &mut HandleScope<'s>, value: &str) -> Option<Local<'s, String>> {
        String::new_from_utf8(scope, value.as_bytes(), NewStringType::Normal)
    }

    /// A string from UTF-8 bytes (invalid sequences become U+FFFD), internalized if asked.
    pub fn new_from_utf8<'s>(scope: &mut HandleScope<'s>, data: &[u8], string_type: NewStringType) -> Option<Local<'s, String>> {
        let text = std::string::String::from_utf8_lossy(data);
        new_string(scope, |vm| vm.heap.string_from_utf8(text.as_bytes(), string_type))
    }

    /// A string from Latin-1 bytes.
    pub fn new_from_one_byte<'s>(scope: &mut HandleScope<'s>, data: &[u8], string_type: NewStringType) -> Option<Local<'s, String>> {
        new_string(scope, |vm| vm.heap.string_from_one_byte(data, string_type))
    }

    /// A string from UTF-16 code units.
    pub fn new_from_two_byte<'s>(scope: &mut HandleScope<'s>, data: &[u16], string_type: NewStringType) -> Option<Local<'s, String>> {
        new_string(scope, |vm| vm.heap.string_from_two_byte(data, string_type))
    }

    /// The empty string.
    pub fn empty<'s>(scope: &mut HandleScope<'s>) -> Local<'s, String> {
        let e = scope.vm.empty_string();
        scope.local(e)
    }

    /// `left + right`; `None` (with a pending RangeError) if the result is too long.
    pub fn concat<'s>(scope: &mut HandleScope<'s>, left: Local<'_, String>, right: Local<'_, String>) -> Option<Local<'s, String>> {
        let (a, b) = (scope.slot_of(left), scope.slot_of(right));
        scope.enter_local(|vm| vm.concat(vm.slot(a), vm.slot(b)))
    }
}

impl Local<'_, String> {
    /// Length in UTF-16 code units.
    pub fn length(&self, scope: &HandleScope<'_>) -> usize {
        scope.vm.string_length(scope.read(*self))
    }

    /// Length of the UTF-8 encoding (lone surrogates count as U+FFFD).
    pub fn utf8_length(&self, scope: &HandleScope<'_>) -> usize {
        self.to_rust_string_lossy(scope).len()
    }

    /// The text as a Rust string (lone surrogates become U+FFFD).
    pub fn to_rust_string_lossy(&self, scope: &HandleScope<'_>) -> std::string::String {
        scope.vm.string_to_rust(scope.read(*self))
    }

    /// The UTF-16 code units.
    pub fn to_utf16(&self, scope: &HandleScope<'_>) -> Vec<u16> {
        scope.vm.string_units(scope.read(*self))
    }
}

impl Symbol {
    /// A new unique symbol with an optional description.
    pub fn new<'s>(scope: &mut HandleScope<'s>, description: Option<Local<'_, String>>) -> Local<'s, Symbol> {
        let slot = description.map(|d| scope.slot_of(d));
        scope.allocate(|vm| {
            let d = match slot {
                Some(s) => vm.slot(s),
                None => vm.undefined(),
            };
            vm.new_symbol(d)
        })
    }
}

impl Local<'_, Symbol> {
    /// The description (a string, or undefined).
    pub fn description<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, Value> {
        let d = scope.vm.symbol_description(scope.read(*self));
        scope.local(d)
    }
}
