//! PropertyCells (layout in `tagus_heap::objects::property_cell`): making them, reading and
//! writing the value they box, invalidating them. The global object's dictionary holds one
//! per property (see `dictionary.rs`) and global ICs cache them (see `ic.rs`).
//!
//! Invariants:
//! - A live cell's kind and writability never change: a change moves the property to a fresh
//!   cell (`dictionary::set_details`). So a load IC, which caches only data cells, never meets
//!   an accessor, and a store IC reads writability from the cell it holds.
//! - A dead cell's value is the hole (`invalidate`); every reader treats the hole as a miss.
//! - The cell type follows V8's lattice (undefined → constant → constant type → mutable) on
//!   every store, from the IC or the generic path alike (`set_value`). Nothing in Tagus
//!   specializes on it yet (V8's optimizing tier does); `%DebugPrint` shows it.

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::property_cell::{self as layout, CellDetails, CellType};
use tagus_heap::{AllocationType, Tagged};

use crate::{JsResult, Vm};

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// A fresh cell (old space, where ICs and the global dictionary hold it) for the property named
/// in `name_slot` with the value in `value_slot`.
pub fn new_cell(vm: &mut Vm, name_slot: usize, value_slot: usize, attributes: u8, is_accessor: bool) -> JsResult<Tagged> {
    let map = vm.heap.roots().property_cell_map;
    let cell = vm
        .heap
        .allocate_initialized(map, layout::SIZE, AllocationType::Old)
        .map_err(|_| vm.out_of_memory())?;
    let value = vm.slot(value_slot);
    let cell_type = if is_accessor {
        CellType::Mutable
    } else if value == vm.undefined() {
        CellType::Undefined
    } else {
        CellType::Constant
    };
    cell.write_tagged(layout::NAME_OFFSET, vm.slot(name_slot));
    cell.write_tagged(
        layout::DETAILS_OFFSET,
        CellDetails::new(attributes, is_accessor, cell_type).to_smi(),
    );
    cell.write_tagged(layout::VALUE_OFFSET, value);
    Ok(cell.tagged())
}

/// The value a cell boxes (the hole if the cell is dead).
#[inline(always)]
pub fn value(cell: Tagged) -> Tagged {
    obj(cell).read_tagged(layout::VALUE_OFFSET)
}

/// A cell's details.
#[inline(always)]
pub fn details(cell: Tagged) -> CellDetails {
    CellDetails::from_smi(obj(cell).read_tagged(layout::DETAILS_OFFSET))
}

/// Stores `value` in a live cell, moving its cell type along the lattice. Never allocates.
#[inline(always)]
pub fn set_value(cell: Tagged, value: Tagged) {
    let d = details(cell);
    let updated = updated_type(d.cell_type(), self::value(cell), value);
    if updated != d.cell_type() {
        obj(cell).write_tagged(layout::DETAILS_OFFSET, d.with_cell_type(updated).to_smi());
    }
    obj(cell).write_tagged(layout::VALUE_OFFSET, value);
}

/// Overwrites a cell's attributes and kind, keeping its cell type (the dictionary entry's
/// details are mirrored here).
pub fn set_attributes(cell: Tagged, attributes: u8, is_accessor: bool) {
    let d = CellDetails::new(attributes, is_accessor, details(cell).cell_type());
    obj(cell).write_tagged(layout::DETAILS_OFFSET, d.to_smi());
}

/// Kills a cell: ICs holding it miss from now on.
pub fn invalidate(cell: Tagged, hole: Tagged) {
    obj(cell).write_tagged(layout::VALUE_OFFSET, hole);
}

/// V8's `PropertyCell::UpdatedType`: the type of a cell holding `old` after `new` is stored.
#[inline(always)]
fn updated_type(current: CellType, old: Tagged, new: Tagged) -> CellType {
    match current {
        CellType::Mutable => CellType::Mutable,
        CellType::Undefined => CellType::Constant,
        CellType::Constant if old == new => CellType::Constant,
        CellType::Constant | CellType::ConstantType if same_type(old, new) => CellType::ConstantType,
        _ => CellType::Mutable,
    }
}

/// Both Smis, or both heap objects with one map.
#[inline(always)]
fn same_type(a: Tagged, b: Tagged) -> bool {
    (a.is_smi() && b.is_smi()) || (a.is_heap_object() && b.is_heap_object() && obj(a).map() == obj(b).map())
}
