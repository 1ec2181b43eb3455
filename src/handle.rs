//! Handles: `Local<'s, T>` (a slot of the JS stack owned by a handle scope) and `Global<T>`
//! (a slot of the isolate's API root table), the type markers `T` they carry (`Value`,
//! `String`, `Object`, ...), and the casts between those markers.
//!
//! A `Local` is an index, not an address: the slot it names is a strong root that every GC
//! visits and updates, so the value it reads is always current. Each `Local` also records
//! the isolate it belongs to and the *kind* of its value (undefined, string, array, ...),
//! which never changes while the slot is in use — so `is_string()` and the downcasts need no
//! scope, and every read re-checks isolate and kind, turning any misuse the lifetimes cannot
//! see (a handle of another isolate, a slot given back by a forgotten scope) into a panic
//! instead of a misread value.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use tagus_heap::objects::InstanceType;
use tagus_vm::{Tagged, Vm};

use crate::scope::HandleScope;
use crate::state::RootTable;

/// What a handle's value is, fixed for the lifetime of the value (objects never change
/// instance type, numbers and strings are immutable).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true`.
    True,
    /// `false`.
    False,
    /// A number in `0..=i32::MAX` (an int32 and a uint32).
    Int32NonNegative,
    /// A number in `i32::MIN..0`.
    Int32Negative,
    /// A number in `i32::MAX + 1 ..= u32::MAX`.
    Uint32High,
    /// Any other number (fractions, -0, NaN, infinities, large integers).
    OtherNumber,
    /// A string.
    String,
    /// A symbol.
    Symbol,
    /// An object that is none of the below.
    Object,
    /// A callable object.
    Function,
    /// An array.
    Array,
    /// An Error instance.
    Error,
    /// A shared function info (an `UnboundScript`).
    SharedInfo,
    /// Anything else (internal values; never handed out as a `Value`).
    Other,
}

impl Kind {
    /// Whether the value is a number.
    pub(crate) fn is_number(self) -> bool {
        matches!(
            self,
            Kind::Int32NonNegative | Kind::Int32Negative | Kind::Uint32High | Kind::OtherNumber
        )
    }

    /// Whether the value is an object.
    pub(crate) fn is_object(self) -> bool {
        matches!(self, Kind::Object | Kind::Function | Kind::Array | Kind::Error)
    }
}

fn number_kind(n: f64) -> Kind {
    if n.fract() != 0.0 || !n.is_finite() || (n == 0.0 && n.is_sign_negative()) {
        Kind::OtherNumber
    } else if (0.0..=i32::MAX as f64).contains(&n) {
        Kind::Int32NonNegative
    } else if (i32::MIN as f64..0.0).contains(&n) {
        Kind::Int32Negative
    } else if n > i32::MAX as f64 && n <= u32::MAX as f64 {
        Kind::Uint32High
    } else {
        Kind::OtherNumber
    }
}

/// The kind of a current value.
pub(crate) fn classify(vm: &Vm, v: Tagged) -> Kind {
    if v.is_smi() {
        return if v.smi_value() >= 0 {
            Kind::Int32NonNegative
        } else {
            Kind::Int32Negative
        };
    }
    if vm.is_string(v) {
        return Kind::String;
    }
    match vm.instance_type(v) {
        Some(InstanceType::HeapNumber) => number_kind(vm.number_value(v).unwrap_or(f64::NAN)),
        Some(InstanceType::Symbol) => Kind::Symbol,
        Some(InstanceType::Oddball) => {
            if v == vm.undefined() {
                Kind::Undefined
            } else if v == vm.null() {
                Kind::Null
            } else if v == vm.true_value() {
                Kind::True
            } else if v == vm.false_value() {
                Kind::False
            } else {
                Kind::Other
            }
        }
        Some(InstanceType::JsFunction | InstanceType::JsBoundFunction) => Kind::Function,
        Some(InstanceType::JsArray) => Kind::Array,
        Some(InstanceType::JsError) => Kind::Error,
        Some(InstanceType::SharedFunctionInfo) => Kind::SharedInfo,
        Some(_) if vm.is_object(v) => Kind::Object,
        _ => Kind::Other,
    }
}

mod sealed {
    /// What a handle type marker says about the values it may hold.
    pub trait Sealed {
        /// Whether a value of this kind may be held by a handle of this type.
        fn accepts(kind: super::Kind) -> bool;
    }
}

/// A type a handle can hold (`Local<'s, T>`, `Global<T>`); sealed.
pub trait HandleType: sealed::Sealed {}

/// The handle types that are JavaScript values: `Value` and its subtypes. Their handles
/// have `Value`'s methods (`is_*`, `to_*`, `*_value`, ...).
pub trait IsValue: HandleType {}

/// The handle types that are objects: `Object`, `Function`, `Array`. Their handles have
/// `Object`'s methods (`get`, `set`, ...).
pub trait IsObject: IsValue {}

macro_rules! handle_types {
    ($($(#[$doc:meta])* $name:ident: |$k:ident| $accepts:expr;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug)]
            pub struct $name {
                _private: (),
            }
            impl sealed::Sealed for $name {
                fn accepts($k: Kind) -> bool {
                    $accepts
                }
            }
            impl HandleType for $name {}
        )*
    };
}

handle_types! {
    /// Any JavaScript value.
    Value: |k| !matches!(k, Kind::SharedInfo | Kind::Other);
    /// undefined, null, a boolean, a number, a string or a symbol.
    Primitive: |k| !k.is_object() && !matches!(k, Kind::SharedInfo | Kind::Other);
    /// `true` or `false`.
    Boolean: |k| matches!(k, Kind::True | Kind::False);
    /// A number.
    Number: |k| k.is_number();
    /// A number made as an integer (`Integer::new`, `to_integer`); any number casts to it.
    Integer: |k| k.is_number();
    /// A string or a symbol (a property key).
    Name: |k| matches!(k, Kind::String | Kind::Symbol);
    /// A string.
    String: |k| k == Kind::String;
    /// A symbol.
    Symbol: |k| k == Kind::Symbol;
    /// An object.
    Object: |k| k.is_object();
    /// A callable object.
    Function: |k| k == Kind::Function;
    /// An array.
    Array: |k| k == Kind::Array;
    /// The realm a script runs in (its handle holds the global object).
    Context: |k| k == Kind::Object;
    /// A compiled script bound to the context (its handle holds the top-level closure).
    Script: |k| k == Kind::Function;
    /// A compiled script not bound to a context (its handle holds the shared function info).
    UnboundScript: |k| k == Kind::SharedInfo;
}

impl IsValue for Value {}
impl IsValue for Primitive {}
impl IsValue for Boolean {}
impl IsValue for Number {}
impl IsValue for Integer {}
impl IsValue for Name {}
impl IsValue for String {}
impl IsValue for Symbol {}
impl IsValue for Object {}
impl IsValue for Function {}
impl IsValue for Array {}
impl IsObject for Object {}
impl IsObject for Function {}
impl IsObject for Array {}

/// A handle: a slot of the JS stack owned by the handle scope `'s`, holding a `T`.
///
/// `Local`s are `Copy`; they stay valid (and follow their value across every GC) until the
/// scope that made them is dropped, which the lifetime `'s` enforces. Upcast with `.into()`
/// (`Local<String>` → `Local<Value>`), downcast with `Local::<String>::try_from(value)`.
pub struct Local<'s, T> {
    pub(crate) index: u32,
    pub(crate) isolate: u32,
    pub(crate) kind: Kind,
    _marker: PhantomData<(&'s (), *const T)>,
}

impl<T> Clone for Local<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Local<'_, T> {}

impl<T> std::fmt::Debug for Local<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Local({:?} in slot {})", self.kind, self.index)
    }
}

impl<'s, T> Local<'s, T> {
    pub(crate) fn from_raw(index: usize, isolate: u32, kind: Kind) -> Local<'s, T> {
        Local {
            index: u32::try_from(index).expect("JS stack index fits in 32 bits"),
            isolate,
            kind,
            _marker: PhantomData,
        }
    }

    /// Reinterprets the handle (callers checked the kind).
    pub(crate) fn cast<U>(self) -> Local<'s, U> {
        Local::from_raw(self.index as usize, self.isolate, self.kind)
    }

    /// Whether two handles hold the very same value: the same heap object, or the same
    /// immediate (V8's `Local::operator==`).
    pub fn identical<U>(self, scope: &HandleScope<'_>, other: Local<'_, U>) -> bool {
        scope.read(self) == scope.read(other)
    }
}

impl<'s, T: HandleType> Local<'s, T> {
    /// A new handle in `scope` holding the value of a global handle (V8's
    /// `Local::New(isolate, global)`).
    pub fn new(scope: &mut HandleScope<'s>, global: &Global<T>) -> Local<'s, T> {
        assert_eq!(global.isolate, scope.state.id, "a Global of another isolate");
        let value = global.table.borrow().get(global.index);
        scope.local(value)
    }
}

/// A failed downcast (`Local::<String>::try_from(value)` of a non-string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CastError {
    /// The marker type asked for.
    pub expected: &'static str,
}

impl std::fmt::Display for CastError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the value is not a {}", self.expected)
    }
}

impl std::error::Error for CastError {}

macro_rules! upcast {
    ($($from:ident => $($to:ident),+;)*) => {
        $($(
            impl<'s> From<Local<'s, $from>> for Local<'s, $to> {
                fn from(local: Local<'s, $from>) -> Local<'s, $to> {
                    local.cast()
                }
            }
        )+)*
    };
}

upcast! {
    Primitive => Value;
    Boolean => Value, Primitive;
    Number => Value, Primitive;
    Integer => Value, Primitive, Number;
    Name => Value, Primitive;
    String => Value, Primitive, Name;
    Symbol => Value, Primitive, Name;
    Object => Value;
    Function => Value, Object;
    Array => Value, Object;
}

macro_rules! downcast {
    ($($from:ident => $($to:ident),+;)*) => {
        $($(
            impl<'s> TryFrom<Local<'s, $from>> for Local<'s, $to> {
                type Error = CastError;
                fn try_from(local: Local<'s, $from>) -> Result<Local<'s, $to>, CastError> {
                    if <$to as sealed::Sealed>::accepts(local.kind) {
                        Ok(local.cast())
                    } else {
                        Err(CastError { expected: stringify!($to) })
                    }
                }
            }
        )+)*
    };
}

downcast! {
    Value => Primitive, Boolean, Number, Integer, Name, String, Symbol, Object, Function, Array;
    Primitive => Boolean, Number, Integer, Name, String, Symbol;
    Number => Integer;
    Name => String, Symbol;
    Object => Function, Array;
}

/// Whether a handle of type `T` may hold a value of `kind` (debug checks of the API's own
/// conversions).
pub(crate) fn accepts<T: HandleType>(kind: Kind) -> bool {
    <T as sealed::Sealed>::accepts(kind)
}

/// A handle that lives until it is dropped, independent of handle scopes (V8's
/// `Global<T>`): a slot of the isolate's API root table, visited and updated by every GC.
pub struct Global<T> {
    pub(crate) table: Rc<RefCell<RootTable>>,
    pub(crate) index: usize,
    pub(crate) isolate: u32,
    _marker: PhantomData<*const T>,
}

impl<T> Global<T> {
    /// A global handle holding `local`'s value.
    pub fn new(scope: &HandleScope<'_>, local: Local<'_, T>) -> Global<T> {
        let value = scope.read(local);
        let table = scope.state.roots.clone();
        let index = table.borrow_mut().add(value);
        Global {
            table,
            index,
            isolate: scope.state.id,
            _marker: PhantomData,
        }
    }
}

impl<T> Clone for Global<T> {
    fn clone(&self) -> Global<T> {
        let value = self.table.borrow().get(self.index);
        let index = self.table.borrow_mut().add(value);
        Global {
            table: self.table.clone(),
            index,
            isolate: self.isolate,
            _marker: PhantomData,
        }
    }
}

impl<T> Drop for Global<T> {
    fn drop(&mut self) {
        self.table.borrow_mut().release(self.index);
    }
}

impl<T> std::fmt::Debug for Global<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Global({})", self.index)
    }
}
