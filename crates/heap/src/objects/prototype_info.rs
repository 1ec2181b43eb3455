//! PrototypeInfo: what a prototype map records about its object's role as a prototype — V8's
//! `PrototypeInfo`, with the fields Tagus uses in V8's order — and the layout of the
//! prototype users list it points at (V8's `PrototypeUsers`, a weak array list).
//!
//! | offset | field |
//! |---|---|
//! | 0  | map (`prototype_info_map`) |
//! | 4  | prototype users: a FixedArray (below), or Smi 0 before the first user registers |
//! | 8  | registry slot: Smi, the index of this map in its prototype's users list, or `UNREGISTERED` |
//! | 12 | object create map: a weak pointer to the map `Object.create(this object)` gives, the cleared weak reference, or undefined |
//!
//! Users list (a plain FixedArray, so the collectors visit it like any other): element 0 is the
//! number of entries in use (Smi); entry `i` is element `USERS_ENTRIES_START + i`: a weak pointer
//! to a registered map whose prototype is this map's object, the cleared weak reference (that
//! map died: mark-compact clears it like any weak slot), or Smi 0 (unregistered).
//!
//! Invariants (checked by `--verify-heap`, `gc/verify_prototypes.rs`):
//! - A PrototypeInfo hangs only off a prototype map's transitions-or-prototype-info field
//!   (prototype maps have no transitions), and moves with its object to the object's next
//!   prototype map.
//! - Entry `i` of a users list is a live weak map exactly when that map's own PrototypeInfo
//!   says registry slot `i`; entries from the count on are Smi 0.
//! - Users are weak: a prototype keeps no map that uses it alive.

/// The users list, or Smi 0.
pub const PROTOTYPE_USERS_OFFSET: usize = 4;
/// The registry slot (Smi).
pub const REGISTRY_SLOT_OFFSET: usize = 8;
/// The weak `Object.create` map, or undefined.
pub const OBJECT_CREATE_MAP_OFFSET: usize = 12;
/// Size.
pub const SIZE: usize = 16;

/// Registry slot of a map not registered with its prototype (V8's `UNREGISTERED`).
pub const UNREGISTERED: i32 = -1;

/// Element index of the users list's count of entries in use.
pub const USERS_COUNT_INDEX: usize = 0;
/// Element index of the users list's first entry.
pub const USERS_ENTRIES_START: usize = 1;
/// Entries of a fresh users list.
pub const USERS_INITIAL_CAPACITY: usize = 4;
