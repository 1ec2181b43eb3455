//! Layout of `PropertyCell` (V8's `PROPERTY_CELL_TYPE`): the box holding one property of the
//! global object. The global object's dictionary stores cells instead of values, so a global
//! IC caches the cell itself and reads or writes its value without probing the dictionary.
//!
//! | offset | field |
//! |---|---|
//! | 0 | map (`property_cell_map`) |
//! | 4 | name: the property's key (internalized string or symbol) |
//! | 8 | details (Smi, `CellDetails`): attributes, kind, cell type |
//! | 12 | value: the property's value (an `AccessorPair` for an accessor); the hole once invalidated |
//!
//! Every field is tagged (visitor `AllTagged`), so the collectors need nothing special. V8's
//! fifth field, `dependent_code` (optimized code to deoptimize when the cell changes), is left
//! out: Tagus has no optimizing tier, and its ICs check the cell on every access.
//!
//! Invariant: a cell whose value is the hole is dead (its property was deleted, or moved to a
//! fresh cell when its kind or writability changed) and never holds a value again.

use crate::tagged::Tagged;

/// The name.
pub const NAME_OFFSET: usize = 4;
/// The details (Smi).
pub const DETAILS_OFFSET: usize = 8;
/// The value.
pub const VALUE_OFFSET: usize = 12;
/// Size.
pub const SIZE: usize = 16;

/// What the values stored in a cell so far have in common (V8's `PropertyCellType`), from most
/// to least specific.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum CellType {
    /// Holds undefined and was never stored to.
    Undefined = 0,
    /// One value so far.
    Constant = 1,
    /// Values of one type so far: all Smis, or all heap objects of one map.
    ConstantType = 2,
    /// Anything (and every accessor).
    Mutable = 3,
}

impl CellType {
    /// V8's name for it.
    pub fn name(self) -> &'static str {
        match self {
            CellType::Undefined => "Undefined",
            CellType::Constant => "Constant",
            CellType::ConstantType => "ConstantType",
            CellType::Mutable => "Mutable",
        }
    }
}

/// A cell's details, a Smi: bits 0-2 the attributes (read-only 1, don't-enum 2,
/// don't-delete 4, as in dictionary entries), bit 3 the accessor kind, bits 4-5 the cell type.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct CellDetails(pub i32);

impl CellDetails {
    const READ_ONLY: i32 = 1;
    const ACCESSOR: i32 = 8;
    const CELL_TYPE_SHIFT: i32 = 4;

    /// Details of a property.
    #[inline(always)]
    pub fn new(attributes: u8, is_accessor: bool, cell_type: CellType) -> CellDetails {
        debug_assert!(attributes < 8);
        CellDetails(attributes as i32 | if is_accessor { Self::ACCESSOR } else { 0 } | (cell_type as i32) << Self::CELL_TYPE_SHIFT)
    }

    /// Whether stores may write the value: a writable data property.
    #[inline(always)]
    pub fn is_writable_data(self) -> bool {
        self.0 & (Self::ACCESSOR | Self::READ_ONLY) == 0
    }

    /// The cell type.
    #[inline(always)]
    pub fn cell_type(self) -> CellType {
        match (self.0 >> Self::CELL_TYPE_SHIFT) & 3 {
            0 => CellType::Undefined,
            1 => CellType::Constant,
            2 => CellType::ConstantType,
            _ => CellType::Mutable,
        }
    }

    /// The same details with another cell type.
    #[inline(always)]
    pub fn with_cell_type(self, cell_type: CellType) -> CellDetails {
        CellDetails((self.0 & !(3 << Self::CELL_TYPE_SHIFT)) | (cell_type as i32) << Self::CELL_TYPE_SHIFT)
    }

    /// As a Smi.
    #[inline(always)]
    pub fn to_smi(self) -> Tagged {
        Tagged::smi(self.0)
    }

    /// From a Smi.
    #[inline(always)]
    pub fn from_smi(smi: Tagged) -> CellDetails {
        CellDetails(smi.smi_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_round_trip_through_a_smi() {
        let d = CellDetails::new(6, false, CellType::ConstantType);
        let back = CellDetails::from_smi(d.to_smi());
        assert_eq!(back, d);
        assert_eq!(back.cell_type(), CellType::ConstantType);
        assert!(back.is_writable_data());
        assert!(!CellDetails::new(1, false, CellType::Mutable).is_writable_data());
        assert!(!CellDetails::new(0, true, CellType::Mutable).is_writable_data());
        assert_eq!(
            back.with_cell_type(CellType::Mutable),
            CellDetails::new(6, false, CellType::Mutable)
        );
    }
}
