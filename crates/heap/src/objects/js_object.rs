//! JavaScript objects as V8 lays them out: a map, the out-of-object properties (here a
//! `NameDictionary` — every object is in dictionary mode until hidden classes land), the
//! elements backing store (a `FixedArray`, holes as the hole, a `FixedDoubleArray` for the
//! double elements kinds, or a `SloppyArgumentsElements` for mapped `arguments` objects: see
//! `map::elements_kind`), then per-type fields.
//!
//! | type | offset | field |
//! |---|---|---|
//! | JSObject | 0 | map |
//! |          | 4 | properties (NameDictionary) |
//! |          | 8 | elements (FixedArray, FixedDoubleArray or SloppyArgumentsElements) |
//! | JSArray  | 12 | length (Number) |
//! | JSFunction | 12 | shared function info |
//! |            | 16 | context |
//! |            | 20 | feedback cell (unused: undefined) |
//! |            | 24 | prototype or initial map |
//! | JSBoundFunction | 12 | target, 16 bound this, 20 bound arguments (FixedArray) |
//! | JSPrimitiveWrapper | 12 | value |
//! | JSArrayIterator | 12 | iterated object, 16 next index, 20 kind |
//! | AccessorPair (not a JSObject) | 4 | getter, 8 setter |
//! | Symbol (not a JSObject) | 4 | raw hash (u32), 8 flags (Smi), 12 description |
//!
//! Every field after the map of a JS object is tagged, so the collector walks them all.

/// The properties backing store.
pub const PROPERTIES_OFFSET: usize = 4;
/// The elements backing store.
pub const ELEMENTS_OFFSET: usize = 8;
/// Size of a plain JSObject.
pub const JS_OBJECT_SIZE: usize = 12;

/// JSArray.
pub mod array {
    /// `length`.
    pub const LENGTH_OFFSET: usize = 12;
    /// Size.
    pub const SIZE: usize = 16;
}

/// JSFunction.
pub mod function {
    /// SharedFunctionInfo.
    pub const SHARED_OFFSET: usize = 12;
    /// Context the closure was created in.
    pub const CONTEXT_OFFSET: usize = 16;
    /// Feedback cell (inline caches, later).
    pub const FEEDBACK_CELL_OFFSET: usize = 20;
    /// The `prototype` property's value, or the initial map of instances.
    pub const PROTOTYPE_OR_INITIAL_MAP_OFFSET: usize = 24;
    /// Size.
    pub const SIZE: usize = 28;
}

/// JSBoundFunction.
pub mod bound_function {
    /// Target callable.
    pub const TARGET_OFFSET: usize = 12;
    /// Bound receiver.
    pub const BOUND_THIS_OFFSET: usize = 16;
    /// Bound arguments (FixedArray).
    pub const BOUND_ARGUMENTS_OFFSET: usize = 20;
    /// Size.
    pub const SIZE: usize = 24;
}

/// JSPrimitiveWrapper.
pub mod primitive_wrapper {
    /// The wrapped primitive.
    pub const VALUE_OFFSET: usize = 12;
    /// Size.
    pub const SIZE: usize = 16;
}

/// JSArrayIterator (also used for string iterators).
pub mod array_iterator {
    /// The iterated object (undefined once exhausted).
    pub const ITERATED_OFFSET: usize = 12;
    /// Next index (Smi or HeapNumber).
    pub const NEXT_INDEX_OFFSET: usize = 16;
    /// Kind (Smi): 0 keys, 1 values, 2 entries, 3 string code points.
    pub const KIND_OFFSET: usize = 20;
    /// Size.
    pub const SIZE: usize = 24;
}

/// AccessorPair.
pub mod accessor_pair {
    /// Getter (or undefined).
    pub const GETTER_OFFSET: usize = 4;
    /// Setter (or undefined).
    pub const SETTER_OFFSET: usize = 8;
    /// Size.
    pub const SIZE: usize = 12;
}

/// Symbol.
pub mod symbol {
    /// Raw hash field (u32, never computed lazily).
    pub const RAW_HASH_FIELD_OFFSET: usize = 4;
    /// Flags (Smi).
    pub const FLAGS_OFFSET: usize = 8;
    /// Description (string or undefined).
    pub const DESCRIPTION_OFFSET: usize = 12;
    /// Size.
    pub const SIZE: usize = 16;
    /// Word where tagged fields start (flags and description).
    pub const TAGGED_START_WORD: usize = 2;
}

/// Context: a FixedArray-shaped object. Element 0 is the scope info, element 1 the previous
/// (outer) context; variable `i` is element `HEADER_SLOTS + i`.
pub mod context {
    /// Element index of the scope info.
    pub const SCOPE_INFO_INDEX: usize = 0;
    /// Element index of the outer context.
    pub const PREVIOUS_INDEX: usize = 1;
    /// Slots before the variables.
    pub const HEADER_SLOTS: usize = 2;
}
