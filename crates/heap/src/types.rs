//! Marker types naming what a handle holds: `Local<'s, types::String>` and so on. They carry
//! no data; checks happen when a handle is made (the factory knows what it allocated) or
//! cast (`Value::is_*`).

/// Any JavaScript value.
pub enum Value {}
/// A string (any representation).
pub enum String {}
/// A Number: a Smi or a HeapNumber.
pub enum Number {}
/// A FixedArray.
pub enum FixedArray {}
