//! Oddball: `undefined`, `null`, `true`, `false` and the hole. Each is one object in the
//! read-only space, compared by identity.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0  | 4 | map |
//! | 4  | 8 | to-number as a raw double |
//! | 12 | 4 | to-string (internalized string) |
//! | 16 | 4 | to-number (Smi or HeapNumber) |
//! | 20 | 4 | typeof string |
//! | 24 | 4 | kind (Smi) |

/// The number value as a raw double.
pub const TO_NUMBER_RAW_OFFSET: usize = 4;
/// ToString of the oddball.
pub const TO_STRING_OFFSET: usize = 12;
/// ToNumber of the oddball.
pub const TO_NUMBER_OFFSET: usize = 16;
/// `typeof` of the oddball.
pub const TYPE_OF_OFFSET: usize = 20;
/// Which oddball this is.
pub const KIND_OFFSET: usize = 24;
/// Size of an oddball.
pub const SIZE: usize = 28;

/// Values of the kind field (V8's `Oddball::kFalse` ...).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(i32)]
pub enum OddballKind {
    /// `false`.
    False = 0,
    /// `true`.
    True = 1,
    /// The hole: an uninitialised binding or a missing array element.
    TheHole = 2,
    /// `null`.
    Null = 3,
    /// `undefined`.
    Undefined = 5,
}
