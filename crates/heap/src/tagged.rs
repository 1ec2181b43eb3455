//! The tagged word: the 32-bit value every heap field and handle slot holds.
//!
//! With pointer compression (V8's default on 64-bit) a tagged word is 32 bits:
//!
//! ```text
//!   Smi               [ 31-bit signed integer      | 0 ]   value << 1
//!   strong pointer    [ low 32 bits of address >> 2 | 01 ]  address + 1
//!   weak pointer      [ low 32 bits of address >> 2 | 11 ]  address + 3
//!   cleared weak      0x0000_0003
//!   forwarding (map word only, during a GC)
//!                     [ low 32 bits of new address  | 00 ]
//! ```
//!
//! Every heap object lives inside the 4 GB cage (see `cage.rs`), so its full address is
//! `cage_base + (word & !3)`. Heap objects are 4-byte aligned, which frees the two low bits
//! for the tag. A forwarding word is only ever found in the map slot of an object that the
//! scavenger has already copied; a real map word is always a strong pointer (tag `01`).
//!
//! The object type tree (instance types live in `objects/map.rs`):
//!
//! ```text
//! Object
//!   Smi
//!   HeapObject
//!     Map                 hidden class: instance type, size, prototype, layout
//!     String              SeqOneByteString, SeqTwoByteString (+ internalized variants)
//!     HeapNumber          every Number that is not a Smi
//!     Oddball             undefined, null, true, false, the hole
//!     FixedArray          length + tagged elements
//!     FreeSpace, fillers  dead space that keeps pages iterable
//! ```

use crate::cage::Address;

/// Tag of a Smi: bit 0 clear.
pub const SMI_TAG: u32 = 0;
/// Tag of a strong heap-object pointer: bits `01`.
pub const HEAP_OBJECT_TAG: u32 = 1;
/// Tag of a weak heap-object pointer: bits `11`.
pub const WEAK_HEAP_OBJECT_TAG: u32 = 3;
/// Mask of the two tag bits.
pub const TAG_MASK: u32 = 3;
/// The cleared weak reference (V8's `kClearedWeakHeapObjectLower32`).
pub const CLEARED_WEAK: u32 = 3;

/// Smallest Smi: -2^30.
pub const SMI_MIN: i32 = -(1 << 30);
/// Largest Smi: 2^30 - 1.
pub const SMI_MAX: i32 = (1 << 30) - 1;

/// A 32-bit tagged word: a Smi or a compressed (possibly weak) pointer.
///
/// A `Tagged` is plain data: it does not keep its object alive and goes stale when the
/// collector moves the object. Code outside this crate only sees it bound to a heap borrow
/// (`Value<'h>`) or stored in a root (a handle, a register on the JS stack).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct Tagged(u32);

impl Tagged {
    /// The Smi zero (also the all-zero word).
    pub const ZERO: Tagged = Tagged(0);
    /// The cleared weak reference.
    pub const CLEARED: Tagged = Tagged(CLEARED_WEAK);

    /// The raw 32-bit word.
    #[inline(always)]
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// Reinterprets a raw 32-bit word.
    #[inline(always)]
    pub const fn from_raw(raw: u32) -> Tagged {
        Tagged(raw)
    }

    /// A Smi if `value` fits in 31 bits.
    #[inline(always)]
    pub const fn try_smi(value: i64) -> Option<Tagged> {
        if value >= SMI_MIN as i64 && value <= SMI_MAX as i64 {
            Some(Tagged(((value as i32) << 1) as u32))
        } else {
            None
        }
    }

    /// A Smi; `value` must be in `SMI_MIN..=SMI_MAX` (checked in debug builds).
    #[inline(always)]
    pub const fn smi(value: i32) -> Tagged {
        debug_assert!(value >= SMI_MIN && value <= SMI_MAX);
        Tagged((value << 1) as u32)
    }

    /// Whether this word is a Smi.
    #[inline(always)]
    pub const fn is_smi(self) -> bool {
        self.0 & 1 == SMI_TAG
    }

    /// The Smi's value (arithmetic shift keeps the sign).
    #[inline(always)]
    pub const fn smi_value(self) -> i32 {
        debug_assert!(self.is_smi());
        (self.0 as i32) >> 1
    }

    /// Whether this word is a strong heap-object pointer.
    #[inline(always)]
    pub const fn is_heap_object(self) -> bool {
        self.0 & TAG_MASK == HEAP_OBJECT_TAG
    }

    /// Whether this word is a weak pointer (cleared or not).
    #[inline(always)]
    pub const fn is_weak(self) -> bool {
        self.0 & TAG_MASK == WEAK_HEAP_OBJECT_TAG
    }

    /// Whether this word is the cleared weak reference.
    #[inline(always)]
    pub const fn is_cleared(self) -> bool {
        self.0 == CLEARED_WEAK
    }

    /// Whether this word points at an object, strongly or weakly (and is not cleared).
    #[inline(always)]
    pub const fn is_pointer(self) -> bool {
        self.0 & 1 == 1 && self.0 != CLEARED_WEAK
    }

    /// Compresses a full object address into a strong pointer.
    #[inline(always)]
    pub fn from_address(address: Address) -> Tagged {
        debug_assert!(address.0 & 3 == 0, "heap objects are 4-byte aligned");
        Tagged((address.0 as u32) | HEAP_OBJECT_TAG)
    }

    /// The full address of the object this (strong or weak) pointer refers to.
    #[inline(always)]
    pub fn address(self) -> Address {
        debug_assert!(self.is_pointer());
        crate::cage::decompress(self.0 & !TAG_MASK)
    }

    /// The weak form of this strong pointer.
    #[inline(always)]
    pub const fn to_weak(self) -> Tagged {
        Tagged(self.0 | WEAK_HEAP_OBJECT_TAG)
    }

    /// The strong form of this (weak or strong) pointer.
    #[inline(always)]
    pub const fn to_strong(self) -> Tagged {
        Tagged((self.0 & !TAG_MASK) | HEAP_OBJECT_TAG)
    }
}

impl std::fmt::Debug for Tagged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_smi() {
            write!(f, "Smi({})", self.smi_value())
        } else if self.is_cleared() {
            write!(f, "ClearedWeak")
        } else if self.is_weak() {
            write!(f, "Weak(0x{:08x})", self.0 & !TAG_MASK)
        } else {
            write!(f, "Ptr(0x{:08x})", self.0 & !TAG_MASK)
        }
    }
}

/// The first word of every heap object: its map, or during a GC a forwarding address.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct MapWord(pub u32);

impl MapWord {
    /// A forwarding word pointing at the object's new copy.
    #[inline(always)]
    pub fn forwarding(to: Address) -> MapWord {
        debug_assert!(to.0 & 3 == 0);
        MapWord(to.0 as u32)
    }

    /// Whether this is a forwarding word (tag `00`) rather than a map pointer (tag `01`).
    #[inline(always)]
    pub const fn is_forwarding(self) -> bool {
        self.0 & TAG_MASK == 0
    }

    /// The new copy's address; only for forwarding words.
    #[inline(always)]
    pub fn forwarding_address(self) -> Address {
        debug_assert!(self.is_forwarding());
        crate::cage::decompress(self.0)
    }

    /// The map pointer; only for non-forwarding words.
    #[inline(always)]
    pub const fn map(self) -> Tagged {
        Tagged(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smi_edges() {
        assert_eq!(Tagged::try_smi(SMI_MAX as i64).unwrap().smi_value(), SMI_MAX);
        assert_eq!(Tagged::try_smi(SMI_MIN as i64).unwrap().smi_value(), SMI_MIN);
        assert!(Tagged::try_smi(SMI_MAX as i64 + 1).is_none());
        assert!(Tagged::try_smi(SMI_MIN as i64 - 1).is_none());
        assert_eq!(Tagged::smi(0).raw(), 0);
        assert_eq!(Tagged::smi(1).raw(), 2);
        assert_eq!(Tagged::smi(-1).raw(), 0xFFFF_FFFE);
        assert!(Tagged::smi(-5).is_smi());
        assert!(!Tagged::smi(7).is_heap_object());
    }

    #[test]
    fn tags() {
        let p = Tagged::from_raw(0x0004_2001);
        assert!(p.is_heap_object() && !p.is_weak() && !p.is_smi());
        let w = p.to_weak();
        assert!(w.is_weak() && w.is_pointer() && !w.is_heap_object());
        assert_eq!(w.to_strong(), p);
        assert!(Tagged::CLEARED.is_weak() && Tagged::CLEARED.is_cleared());
        assert!(!Tagged::CLEARED.is_pointer());
        assert!(MapWord(0x0004_2000).is_forwarding());
        assert!(!MapWord(p.raw()).is_forwarding());
    }
}
