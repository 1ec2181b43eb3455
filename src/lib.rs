//! Tagus: a JavaScript engine in Rust whose memory system is V8's.
//!
//! This crate is the embedder's entry point. Today it exposes the heap
//! ([`heap`]: isolates' memory, handles, the factory and the collectors); the V8-shaped
//! embedding API (`Isolate`, `Context`, `Script::compile`, ...) grows here as the compiler and
//! interpreter land.

#![forbid(unsafe_code)]

pub use tagus_heap as heap;
