//! The objects behind hidden classes and inline caches, all FixedArray-shaped (map, length,
//! tagged elements) so the collector visits them like any FixedArray:
//!
//! **DescriptorArray** — a map's named properties in the order they were added. Element 0 is
//! the number of descriptors filled in (Smi); descriptor `i` is the pair at
//! `ENTRIES_START + 2i`: the key (internalized string or symbol) and its `PropertyDetails`
//! (Smi). Maps along one transition chain share one array: a map with `n` own descriptors
//! reads the first `n`; a child appends in place while the array has room and nobody has
//! appended past `n`, so a chain of `k` properties costs one array, not `k`.
//!
//! **TransitionArray** — a map's transitions when it has more than one (a single transition
//! is stored as a weak reference to the target map itself, whose last descriptor names the
//! key). Element 0 is the count; transition `i` is the triple at `ENTRIES_START + 3i`: key,
//! attributes (Smi), weak target map. Targets are weak, as in V8: a map that no object uses
//! any more is collected and its entry reads as cleared.
//!
//! **FeedbackVector** — two elements per feedback slot: the feedback (uninitialized marker,
//! a map, a polymorphic FixedArray of (map, handler) pairs, or the megamorphic marker) and
//! the extra word (the handler of a monomorphic IC, or the name of a keyed IC).
//!
//! **Cell** — map and one value (prototype validity cells: `map::PROTOTYPE_CHAIN_VALID` or
//! `map::PROTOTYPE_CHAIN_INVALID`).

/// DescriptorArray.
pub mod descriptor_array {
    /// Element index of the number of filled descriptors.
    pub const NUMBER_OF_DESCRIPTORS_INDEX: usize = 0;
    /// Element index of the first descriptor.
    pub const ENTRIES_START: usize = 1;
    /// Elements per descriptor: key, details.
    pub const ENTRY_SIZE: usize = 2;
    /// Element index of descriptor `i`'s key.
    pub const fn key_index(i: usize) -> usize {
        ENTRIES_START + i * ENTRY_SIZE
    }
    /// Element index of descriptor `i`'s details.
    pub const fn details_index(i: usize) -> usize {
        ENTRIES_START + i * ENTRY_SIZE + 1
    }
    /// FixedArray length for `capacity` descriptors.
    pub const fn length_for(capacity: usize) -> usize {
        ENTRIES_START + capacity * ENTRY_SIZE
    }
}

/// TransitionArray.
pub mod transition_array {
    /// Element index of the number of transitions.
    pub const NUMBER_OF_TRANSITIONS_INDEX: usize = 0;
    /// Element index of the first transition.
    pub const ENTRIES_START: usize = 1;
    /// Elements per transition: key, attributes, weak target.
    pub const ENTRY_SIZE: usize = 3;
    /// FixedArray length for `capacity` transitions.
    pub const fn length_for(capacity: usize) -> usize {
        ENTRIES_START + capacity * ENTRY_SIZE
    }
}

/// FeedbackVector.
pub mod feedback_vector {
    /// Elements per feedback slot.
    pub const ENTRY_SIZE: usize = 2;
    /// Element index of slot `i`'s feedback.
    pub const fn feedback_index(slot: usize) -> usize {
        slot * ENTRY_SIZE
    }
    /// Element index of slot `i`'s extra word.
    pub const fn extra_index(slot: usize) -> usize {
        slot * ENTRY_SIZE + 1
    }
}

/// Cell.
pub mod cell {
    /// The value.
    pub const VALUE_OFFSET: usize = 4;
    /// Size.
    pub const SIZE: usize = 8;
}

/// PropertyDetails, a Smi: what a descriptor says about its property.
///
/// | bits | field |
/// |---|---|
/// | 0 | kind: 0 data, 1 accessor (the field holds an `AccessorPair`) |
/// | 1-3 | attributes: 1 read-only, 2 don't-enum, 4 don't-delete |
/// | 4-5 | representation: 0 Smi, 1 Double, 2 HeapObject, 3 Tagged |
/// | 6-15 | field index (in-object fields first, then the property array) |
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct PropertyDetails(pub u32);

/// How a field's values are represented, from most to least specific.
#[derive(Copy, Clone, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Representation {
    /// Small integers only.
    Smi = 0,
    /// Numbers (Smis or HeapNumbers).
    Double = 1,
    /// Heap objects only.
    HeapObject = 2,
    /// Anything.
    Tagged = 3,
}

impl Representation {
    /// V8's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Representation::Smi => "s",
            Representation::Double => "d",
            Representation::HeapObject => "h",
            Representation::Tagged => "t",
        }
    }

    /// The most specific representation holding both.
    pub fn generalize(self, other: Representation) -> Representation {
        use Representation::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Smi, Double) | (Double, Smi) => Double,
            _ => Tagged,
        }
    }
}

impl PropertyDetails {
    const KIND_ACCESSOR: u32 = 1;
    const ATTRIBUTES_SHIFT: u32 = 1;
    const REPRESENTATION_SHIFT: u32 = 4;
    const FIELD_INDEX_SHIFT: u32 = 6;
    /// Largest field index.
    pub const MAX_FIELD_INDEX: usize = (1 << 10) - 1;

    /// Details of a field.
    pub fn new(is_accessor: bool, attributes: u8, representation: Representation, field_index: usize) -> PropertyDetails {
        debug_assert!(field_index <= Self::MAX_FIELD_INDEX && attributes < 8);
        PropertyDetails(
            is_accessor as u32
                | (attributes as u32) << Self::ATTRIBUTES_SHIFT
                | (representation as u32) << Self::REPRESENTATION_SHIFT
                | (field_index as u32) << Self::FIELD_INDEX_SHIFT,
        )
    }

    /// Whether the field holds an `AccessorPair`.
    pub fn is_accessor(self) -> bool {
        self.0 & Self::KIND_ACCESSOR != 0
    }

    /// The attribute bits.
    pub fn attributes(self) -> u8 {
        ((self.0 >> Self::ATTRIBUTES_SHIFT) & 7) as u8
    }

    /// The representation.
    pub fn representation(self) -> Representation {
        match (self.0 >> Self::REPRESENTATION_SHIFT) & 3 {
            0 => Representation::Smi,
            1 => Representation::Double,
            2 => Representation::HeapObject,
            _ => Representation::Tagged,
        }
    }

    /// The same details with another representation.
    pub fn with_representation(self, representation: Representation) -> PropertyDetails {
        PropertyDetails((self.0 & !(3 << Self::REPRESENTATION_SHIFT)) | (representation as u32) << Self::REPRESENTATION_SHIFT)
    }

    /// The field index.
    pub fn field_index(self) -> usize {
        (self.0 >> Self::FIELD_INDEX_SHIFT) as usize & Self::MAX_FIELD_INDEX
    }

    /// As a Smi.
    pub fn to_smi(self) -> crate::tagged::Tagged {
        crate::tagged::Tagged::smi(self.0 as i32)
    }

    /// From a Smi.
    pub fn from_smi(smi: crate::tagged::Tagged) -> PropertyDetails {
        PropertyDetails(smi.smi_value() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_round_trip_through_a_smi() {
        let d = PropertyDetails::new(true, 5, Representation::Double, 1000);
        let back = PropertyDetails::from_smi(d.to_smi());
        assert!(back.is_accessor());
        assert_eq!(back.attributes(), 5);
        assert_eq!(back.representation(), Representation::Double);
        assert_eq!(back.field_index(), 1000);
        assert_eq!(back.with_representation(Representation::Tagged).field_index(), 1000);
    }

    #[test]
    fn generalization_goes_up_the_lattice() {
        use Representation::*;
        assert_eq!(Smi.generalize(Double), Double);
        assert_eq!(Smi.generalize(HeapObject), Tagged);
        assert_eq!(Double.generalize(HeapObject), Tagged);
        assert_eq!(HeapObject.generalize(HeapObject), HeapObject);
    }
}
