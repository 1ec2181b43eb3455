//! Layouts of the weak objects: `WeakMap`/`WeakSet` (a JS object pointing at an
//! `EphemeronHashTable`), `WeakRef`, `FinalizationRegistry` and its cell list.
//!
//! | type | offset | field |
//! |---|---|---|
//! | JSWeakMap, JSWeakSet | 0 | map |
//! |                      | 4 | properties |
//! |                      | 8 | elements |
//! |                      | 12 | table (EphemeronHashTable) |
//! | JSWeakRef | 12 | target: a weak pointer, or the cleared weak reference once it died |
//! | JSFinalizationRegistry | 12 | cleanup callback |
//! |                        | 16 | cells (FixedArray of `CELL_SIZE`-word cells) |
//! |                        | 20 | cells in use (Smi) |
//! |                        | 24 | flags (Smi; `SCHEDULED_BIT`: queued for a cleanup task) |
//! | EphemeronHashTable (FixedArray-shaped) | 0 | map |
//! |                        | 4 | length (Smi) |
//! |                        | 8 | live entries (Smi) |
//! |                        | 12 | deleted entries (Smi) |
//! |                        | 16 | hash epoch (Smi: the heap's GC count, truncated, when last hashed) |
//! |                        | 20 | entries: key (weak pointer), value; a power-of-two number of them |
//! | finalization cell (3 words in the cells FixedArray) | +0 | target (weak; cleared once it died) |
//! |                        | +4 | holdings (strong) |
//! |                        | +8 | unregister token (weak), or undefined |
//!
//! Invariants the collector relies on:
//! - Every field of the JS objects is tagged (the map's visitor is `AllTagged`); the weak
//!   fields hold weak pointers (tag `11`), so mark-compact collects them as weak slots and
//!   clears them when their object dies. The scavenger treats them as strong (see
//!   `docs/heap.md`).
//! - In an `EphemeronHashTable`, an empty entry's key is `undefined`, a deleted entry's key
//!   and value are the hole, and a live entry's key is a weak pointer to a JS object or a
//!   symbol. Mark-compact marks a live entry's value only once its key is marked (an
//!   ephemeron) and turns entries whose key died into deleted entries.
//! - Keys are hashed by address, so a table is rehashed (in place, without allocating)
//!   on first use after any GC: its hash epoch says when it was last hashed.

use super::js_object::JS_OBJECT_SIZE;

/// `WeakMap` and `WeakSet` (`JSWeakCollection`).
pub mod weak_collection {
    /// The `EphemeronHashTable`.
    pub const TABLE_OFFSET: usize = super::JS_OBJECT_SIZE;
    /// Size.
    pub const SIZE: usize = TABLE_OFFSET + 4;
}

/// `WeakRef`.
pub mod weak_ref {
    /// The target: a weak pointer (cleared when the target dies).
    pub const TARGET_OFFSET: usize = super::JS_OBJECT_SIZE;
    /// Size.
    pub const SIZE: usize = TARGET_OFFSET + 4;
}

/// `FinalizationRegistry`.
pub mod finalization_registry {
    /// The cleanup callback.
    pub const CLEANUP_OFFSET: usize = super::JS_OBJECT_SIZE;
    /// The cells (a FixedArray of `CELL_SIZE`-word cells).
    pub const CELLS_OFFSET: usize = CLEANUP_OFFSET + 4;
    /// Number of cells in use (Smi).
    pub const CELL_COUNT_OFFSET: usize = CELLS_OFFSET + 4;
    /// Flags (Smi).
    pub const FLAGS_OFFSET: usize = CELL_COUNT_OFFSET + 4;
    /// Size.
    pub const SIZE: usize = FLAGS_OFFSET + 4;
    /// Flag: the registry is on the heap's list of registries waiting for a cleanup task.
    pub const SCHEDULED_BIT: i32 = 1;
    /// Words per cell.
    pub const CELL_SIZE: usize = 3;
    /// Cell word: the target (weak).
    pub const CELL_TARGET: usize = 0;
    /// Cell word: the holdings (strong).
    pub const CELL_HOLDINGS: usize = 1;
    /// Cell word: the unregister token (weak), or undefined.
    pub const CELL_TOKEN: usize = 2;
}

/// `EphemeronHashTable`: element indices of the FixedArray-shaped table.
pub mod ephemeron_table {
    /// Element index of the live-entry count.
    pub const ELEMENT_COUNT_INDEX: usize = 0;
    /// Element index of the deleted-entry count.
    pub const DELETED_COUNT_INDEX: usize = 1;
    /// Element index of the hash epoch.
    pub const HASH_EPOCH_INDEX: usize = 2;
    /// Element index of the first entry's key.
    pub const ENTRIES_START_INDEX: usize = 3;
    /// Words per entry (key, value).
    pub const ENTRY_SIZE: usize = 2;
    /// Smallest capacity (entries).
    pub const MIN_CAPACITY: usize = 4;

    /// FixedArray length of a table with `capacity` entries.
    pub const fn length_for(capacity: usize) -> usize {
        ENTRIES_START_INDEX + capacity * ENTRY_SIZE
    }

    /// Capacity (entries) of a table of FixedArray length `length`.
    pub const fn capacity_of(length: usize) -> usize {
        (length - ENTRIES_START_INDEX) / ENTRY_SIZE
    }

    /// Element index of entry `entry`'s key (its value follows it).
    pub const fn key_index(entry: usize) -> usize {
        ENTRIES_START_INDEX + entry * ENTRY_SIZE
    }
}
