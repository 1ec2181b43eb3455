//! Tagus's heap: V8's memory system in Rust.
//!
//! The path of `"1 + 1"` through this crate: `HandleScope::new_string_from_utf8` (the API
//! layer) → the factory (`factory.rs`: one-byte or two-byte? internalized?) → `Heap::allocate_raw`
//! (bump allocation between new space's `top` and `limit`) → a 20-byte `SeqOneByteString`
//! (`objects/string.rs`) → a `Local<'s, String>` in the current handle scope (`handles.rs`),
//! which the scavenger (`gc/scavenger.rs`) visits and updates when it moves the string.
//!
//! Layering, V8's: `Heap` → spaces (`spaces/`) → pages (`page.rs`, carved from the 4 GB
//! pointer cage in `cage.rs`) → objects (`objects/`, one layout per file). Values are 32-bit
//! tagged words (`tagged.rs`). All of the engine's `unsafe` lives in this crate, in small
//! functions with a `SAFETY:` line each; the rest of the engine reaches objects through
//! handles and `Value<'h>`, whose borrow of the heap keeps the collector out while a raw view
//! is held.

pub mod barrier;
pub mod cage;
pub mod factory;
pub mod gc;
pub mod handles;
pub mod heap;
pub mod js_factory;
pub mod linear_allocation;
pub mod objects;
pub mod page;
pub mod slot_set;
pub mod spaces;
pub mod stats;
pub mod string_table;
pub mod tagged;
pub mod types;
pub mod value;
pub mod weak;

pub use factory::{NewStringType, StringError};
pub use handles::{EscapableHandleScope, Global, HandleScope, Local};
pub use heap::{AllocationError, AllocationType, ExternalRoots, Heap, HeapConfig, OomDetails};
pub use page::SpaceId;
pub use stats::{GcEvent, GcKind, GcReason, HeapStatistics, SpaceStatistics};
pub use tagged::Tagged;
pub use value::{FixedArrayRef, StringChars, StringRef, Value};
