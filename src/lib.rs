//! Tagus: a JavaScript engine in Rust whose memory system is V8's.
//!
//! This crate is the embedder's entry point: `Isolate::new(CreateParams)`, handle scopes,
//! `Local`/`Global`, and the heap beneath them ([`heap`]: the factory and the collectors).
//! `Context` and `Script::compile`/`run` join as the interpreter lands.

#![forbid(unsafe_code)]

pub mod isolate;

pub use isolate::{CreateParams, Isolate};
pub use tagus_heap as heap;
pub use tagus_heap::{EscapableHandleScope, Global, HandleScope, Local, NewStringType};
