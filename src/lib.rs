//! Tagus: a JavaScript engine in Rust whose memory system is V8's.
//!
//! This crate is the embedder's entry point, shaped like V8's API (and rusty_v8, the `v8`
//! crate) in safe Rust: an [`Isolate`] made from [`CreateParams`], [`HandleScope`]s,
//! [`Context`] and [`ContextScope`], [`Local`] handles to [`Value`], [`String`],
//! [`Number`], [`Object`], [`Function`], [`Array`]..., [`Script::compile`] and `run`,
//! [`TryCatch`] with [`Message`], Rust callbacks as JavaScript functions
//! ([`Function::new`]), termination from another thread ([`IsolateHandle`]), heap
//! statistics and GC controls. The heap beneath is the [`heap`] crate; the interpreter and
//! builtins are [`vm`].
//!
//! ```
//! use tagus::{ContextScope, Context, CreateParams, HandleScope, Isolate, Script};
//!
//! let isolate = &mut Isolate::new(CreateParams::default());
//! let scope = &mut HandleScope::new(isolate);
//! let context = Context::new(scope);
//! let scope = &mut ContextScope::new(scope, context);
//! let code = tagus::String::new(scope, "'Hello' + ', World!'").unwrap();
//! let script = Script::compile(scope, code, None).unwrap();
//! let result = script.run(scope).unwrap();
//! let result = result.to_string(scope).unwrap();
//! assert_eq!(result.to_rust_string_lossy(scope), "Hello, World!");
//! ```
//!
//! # Handles and the GC
//!
//! The collector moves objects, so Rust never holds an object's address. A [`Local<'s, T>`]
//! is the index of a slot on the isolate's JS stack — a strong root the GC visits and
//! updates — owned by the handle scope `'s` that made it; the scope gives its slots back
//! when dropped. Lifetimes do what V8's handle scopes do by convention:
//!
//! - a `Local<'s, _>` cannot outlive its scope (it borrows the scope's parent), and
//! - a nested scope borrows its parent mutably, so once the parent is used again none of
//!   the nested scope's handles can be:
//!
//! ```compile_fail
//! use tagus::{CreateParams, HandleScope, Isolate};
//! let isolate = &mut Isolate::new(CreateParams::default());
//! let outer = &mut HandleScope::new(isolate);
//! let inner_handle = {
//!     let inner = &mut HandleScope::new(outer);
//!     tagus::String::new(inner, "x").unwrap()
//! };
//! inner_handle.to_rust_string_lossy(outer); // error: the inner scope is gone
//! ```
//!
//! To move one handle out of a nested scope, use an [`EscapableHandleScope`]; to keep a
//! value beyond every scope, a [`Global`]. Handles also record their isolate and the kind
//! of their value, so type tests (`is_string()`) need no scope, downcasts are
//! `Local::<String>::try_from(value)`, and misuse the lifetimes cannot see (a handle of
//! another isolate) panics instead of reading a wrong value.
//!
//! Every operation reads its handles' *current* values right before the VM call that uses
//! them, and roots a result in a handle before anything else can allocate; functions that
//! may run JavaScript or throw return `Option` (`None`: it threw).
//!
//! # Contexts
//!
//! One realm per isolate: [`Context::new`] returns the isolate's context (the same global
//! object each time), and scripts run in it whether or not a [`ContextScope`] is open. Make
//! another isolate for another global object.
//!
//! # Exceptions
//!
//! An API call that throws returns `None`; the exception goes to the innermost
//! [`TryCatch`] opened at the current level (`has_caught`, `exception`, `message` with text,
//! script name, line, columns and source line, `stack_trace`, `rethrow`). Inside a Rust
//! callback, an exception not caught there — including one raised with
//! [`HandleScope::throw_exception`] — is thrown into the calling JavaScript when the
//! callback returns, where `try`/`catch` sees it. Termination
//! ([`Isolate::terminate_execution`], or [`IsolateHandle::terminate_execution`] from
//! another thread) is uncatchable by JavaScript: `run` returns `None`, a `TryCatch` reports
//! `has_terminated()`, and the isolate is usable again once no JavaScript is running.
//!
//! # Scripts
//!
//! [`Script::compile`] goes through the VM's compilation cache: compiling the same source
//! under the same name again parses nothing and yields the same [`UnboundScript`].
//!
//! # Memory
//!
//! [`Isolate::get_heap_statistics`], [`Isolate::adjust_amount_of_external_allocated_memory`],
//! [`Isolate::set_oom_error_handler`], [`Isolate::add_near_heap_limit_callback`],
//! [`Isolate::low_memory_notification`] (a full GC). Allocations V8 cannot fail
//! (`Object::new`, `Number::new`) panic when the heap is exhausted, after the OOM handler
//! ran — V8 aborts there.

#![forbid(unsafe_code)]

mod exception;
mod function;
mod handle;
pub mod isolate;
mod object;
mod scope;
mod script;
mod state;
mod value;

pub use exception::{Exception, Message, TryCatch};
pub use function::{FunctionBuilder, FunctionCallbackArguments, ReturnValue};
pub use handle::{
    Array, Boolean, CastError, Context, Function, Global, HandleType, Integer, IsObject, IsValue, Local, Name, Number, Object, Primitive,
    Script, String, Symbol, UnboundScript, Value,
};
pub use isolate::{CreateParams, GarbageCollectionType, HeapStatistics, Isolate, IsolateHandle};
pub use scope::{ContextScope, EscapableHandleScope, HandleScope, ScopeParent, null, undefined};
pub use script::ScriptOrigin;
pub use tagus_heap as heap;
pub use tagus_heap::{NewStringType, OomDetails};
pub use tagus_vm as vm;
