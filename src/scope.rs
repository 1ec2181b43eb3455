//! Scopes: `HandleScope` (owns the handles made in it), `EscapableHandleScope` (hands one
//! handle to its parent), `ContextScope` (enters the context) and `Context` itself, plus the
//! isolate-level operations reachable from any scope (throwing, termination, GC requests).
//!
//! A `HandleScope<'s>` borrows the isolate's VM for `'s` and remembers the JS stack height
//! when it opened; every `Local<'s, _>` made in it is a stack slot above that height, and
//! dropping the scope truncates the stack back. A nested scope borrows its parent mutably,
//! so the parent (and its handles' slots) outlive it, and none of the nested scope's
//! `Local`s can be used once the parent is used again.
//!
//! This module also routes exceptions (`HandleScope::handle_throw`): an API call that
//! throws is caught by the innermost `TryCatch` opened at the current callback depth;
//! failing that, inside a Rust callback it is *scheduled* — thrown into JavaScript when the
//! callback returns — and at the top level it is dropped (V8 would report it to message
//! listeners). Termination and out-of-memory are recorded by that `TryCatch` but keep
//! unwinding until no JavaScript is on the stack; then the isolate is usable again.

use std::rc::Rc;

use tagus_heap::{GcKind, GcReason};
use tagus_vm::{JsResult, Root, Tagged, Vm};

use crate::exception::build_message;
use crate::handle::{Context, HandleType, Local, Object, Primitive, Value, accepts, classify};
use crate::isolate::{GarbageCollectionType, HeapStatistics, Isolate, IsolateHandle};
use crate::state::{ApiState, Caught};

mod sealed {
    use std::rc::Rc;
    use tagus_vm::Vm;

    use crate::state::ApiState;

    /// Access to the VM and API state of whatever a new scope is opened in.
    pub trait Parts {
        /// The VM and the API state.
        fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>);
    }
}

/// What a `HandleScope` can be opened in: the isolate itself or any open scope
/// (`HandleScope`, `ContextScope`, `TryCatch`, `EscapableHandleScope`); sealed.
pub trait ScopeParent: sealed::Parts {}

impl sealed::Parts for Isolate {
    fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>) {
        (&mut self.vm, &self.state)
    }
}
impl ScopeParent for Isolate {}

impl sealed::Parts for HandleScope<'_> {
    fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>) {
        (&mut *self.vm, self.state)
    }
}
impl ScopeParent for HandleScope<'_> {}

impl sealed::Parts for ContextScope<'_, '_> {
    fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>) {
        (&mut *self.scope.vm, self.scope.state)
    }
}
impl ScopeParent for ContextScope<'_, '_> {}

impl sealed::Parts for EscapableHandleScope<'_, '_> {
    fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>) {
        (&mut *self.scope.vm, self.scope.state)
    }
}
impl ScopeParent for EscapableHandleScope<'_, '_> {}

impl sealed::Parts for crate::exception::TryCatch<'_, '_> {
    fn parts(&mut self) -> (&mut Vm, &Rc<ApiState>) {
        let scope: &mut HandleScope<'_> = self;
        (&mut *scope.vm, scope.state)
    }
}
impl ScopeParent for crate::exception::TryCatch<'_, '_> {}

/// A handle scope (V8's `HandleScope`): every `Local<'s, _>` made through it lives until it
/// is dropped.
pub struct HandleScope<'s> {
    pub(crate) vm: &'s mut Vm,
    pub(crate) state: &'s Rc<ApiState>,
    mark: usize,
}

impl<'s> HandleScope<'s> {
    /// Opens a handle scope in an isolate or inside another scope.
    pub fn new<P: ScopeParent + ?Sized>(parent: &'s mut P) -> HandleScope<'s> {
        let (vm, state) = parent.parts();
        HandleScope::from_parts(vm, state)
    }

    pub(crate) fn from_parts(vm: &'s mut Vm, state: &'s Rc<ApiState>) -> HandleScope<'s> {
        let mark = vm.stack_mark();
        HandleScope { vm, state, mark }
    }

    // ---- handles ------------------------------------------------------------------------

    /// Roots a current value in this scope.
    pub(crate) fn local<T: HandleType>(&mut self, value: Tagged) -> Local<'s, T> {
        let kind = classify(self.vm, value);
        debug_assert!(accepts::<T>(kind), "API made a {kind:?} handle of the wrong type");
        let index = self.vm.push(value);
        Local::from_raw(index, self.state.id, kind)
    }

    /// The stack slot of a handle, after checking that the handle is live and of this isolate.
    pub(crate) fn slot_of<T>(&self, local: Local<'_, T>) -> usize {
        assert_eq!(local.isolate, self.state.id, "a Local of another isolate");
        let index = local.index as usize;
        let live = index < self.vm.stack_mark() && classify(self.vm, self.vm.slot(index)) == local.kind;
        assert!(live, "a Local used after its handle scope was dropped");
        index
    }

    /// The current value of a handle.
    pub(crate) fn read<T>(&self, local: Local<'_, T>) -> Tagged {
        self.vm.slot(self.slot_of(local))
    }

    /// An `undefined` handle.
    pub(crate) fn undefined_local<T: HandleType>(&mut self) -> Local<'s, T> {
        let undefined = self.vm.undefined();
        self.local(undefined)
    }

    // ---- calling into the VM ----------------------------------------------------------------

    /// Runs a VM operation that may throw: `None` if it threw (the exception is routed as
    /// the module docs describe) or if execution is terminating. Slots `f` pushes are
    /// dropped afterwards.
    pub(crate) fn enter<R>(&mut self, f: impl FnOnce(&mut Vm) -> JsResult<R>) -> Option<R> {
        if !self.vm.exception_is_catchable() {
            // Terminating (inside a callback): nothing runs until the stack unwinds.
            self.handle_throw();
            return None;
        }
        let mark = self.vm.stack_mark();
        let result = f(self.vm);
        self.vm.truncate_stack(mark);
        match result {
            Ok(r) => Some(r),
            Err(_) => {
                self.handle_throw();
                None
            }
        }
    }

    /// `enter` for an operation producing a value, rooted in this scope.
    pub(crate) fn enter_local<T: HandleType>(&mut self, f: impl FnOnce(&mut Vm) -> JsResult<Tagged>) -> Option<Local<'s, T>> {
        let value = self.enter(f)?;
        Some(self.local(value))
    }

    /// An allocation that can fail only by running out of memory, which V8 treats as fatal.
    pub(crate) fn allocate<T: HandleType>(&mut self, f: impl FnOnce(&mut Vm) -> JsResult<Tagged>) -> Local<'s, T> {
        match self.enter_local(f) {
            Some(local) => local,
            None => fatal_out_of_memory(),
        }
    }

    /// Routes the pending exception (see the module docs).
    pub(crate) fn handle_throw(&mut self) {
        let state = self.state;
        let level = state.callback_depth();
        let try_catch = {
            let records = state.try_catches.borrow();
            records.len().checked_sub(1).filter(|&i| records[i].level == level)
        };
        if self.vm.exception_is_catchable() {
            let location = self.vm.throw_location;
            let root = state.add_root(self.vm.exception());
            self.vm.clear_exception();
            if let Some(index) = try_catch {
                let message = build_message(self.vm, state, root, location);
                self.vm.clear_exception();
                let caught = Caught {
                    exception: Some(root),
                    location,
                    message: Some(message),
                    terminated: false,
                    uncatchable: false,
                };
                let old = state.try_catches.borrow_mut()[index].caught.replace(caught);
                state.release_caught(old);
            } else if level > 0 {
                let old = state
                    .frames
                    .borrow_mut()
                    .last_mut()
                    .expect("callback frame")
                    .scheduled
                    .replace((root, location));
                if let Some((old, _)) = old {
                    state.release_root(old);
                }
            } else {
                state.release_root(root);
            }
        } else {
            if let Some(index) = try_catch {
                let caught = Caught {
                    exception: None,
                    location: None,
                    message: None,
                    terminated: self.vm.is_terminated(),
                    uncatchable: true,
                };
                let old = state.try_catches.borrow_mut()[index].caught.replace(caught);
                state.release_caught(old);
            }
            if level == 0 {
                // No JavaScript is running: the isolate can be used again (V8 cancels
                // termination when the outermost call returns).
                self.vm.reset_uncatchable();
                self.vm.clear_exception();
            }
        }
    }

    // ---- isolate-level operations ---------------------------------------------------------------

    /// The context JavaScript runs in (the isolate's one realm).
    pub fn get_current_context(&mut self) -> Local<'s, Context> {
        let global = self.vm.root(Root::GlobalObject);
        self.local(global)
    }

    /// Throws `exception` (V8's `Isolate::ThrowException`): caught by a `TryCatch` opened at
    /// this level, otherwise — inside a Rust callback — thrown into the calling JavaScript
    /// when the callback returns. Returns `undefined`.
    pub fn throw_exception(&mut self, exception: Local<'_, Value>) -> Local<'s, Value> {
        let value = self.read(exception);
        self.vm.throw_value(value);
        self.handle_throw();
        self.undefined_local()
    }

    /// Stops the running JavaScript at its next loop iteration with an uncatchable
    /// exception (V8's `TerminateExecution`).
    pub fn terminate_execution(&self) -> bool {
        self.thread_safe_handle().terminate_execution()
    }

    /// Whether a termination is requested or unwinding.
    pub fn is_execution_terminating(&self) -> bool {
        self.vm.is_terminated() || self.thread_safe_handle().is_execution_terminating()
    }

    /// A `Send` handle other threads can terminate this isolate's JavaScript with.
    pub fn thread_safe_handle(&self) -> IsolateHandle {
        IsolateHandle::new(self.vm.termination_handle())
    }

    /// Heap figures (V8's `GetHeapStatistics`).
    pub fn get_heap_statistics(&self) -> HeapStatistics {
        HeapStatistics::new(self.vm.heap.heap_statistics())
    }

    /// `AdjustAmountOfExternalAllocatedMemory`: returns the new total.
    pub fn adjust_amount_of_external_allocated_memory(&mut self, change_in_bytes: i64) -> i64 {
        self.vm.heap.adjust_external_memory(change_in_bytes)
    }

    /// A full GC (V8's `LowMemoryNotification`); every handle is updated.
    pub fn low_memory_notification(&mut self) {
        self.vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    }

    /// Runs a GC of the given type now.
    pub fn request_garbage_collection_for_testing(&mut self, kind: GarbageCollectionType) {
        self.vm.heap.collect_garbage(kind.gc_kind(), GcReason::Testing);
    }

    /// Number of scripts in the compilation cache.
    pub fn compilation_cache_size(&self) -> usize {
        self.vm.compilation_cache_size()
    }
}

impl Drop for HandleScope<'_> {
    fn drop(&mut self) {
        self.vm.truncate_stack(self.mark);
    }
}

/// What V8 does when a non-failing allocation (`Object::new`, `Number::new`, ...) runs out
/// of memory: the heap has called the OOM handler; the process cannot continue normally.
pub(crate) fn fatal_out_of_memory() -> ! {
    panic!("Fatal JavaScript out of memory: allocation failed - JavaScript heap out of memory")
}

/// A handle scope from which exactly one handle can be returned to the parent scope `'p`
/// (V8's `EscapableHandleScope`).
pub struct EscapableHandleScope<'a, 'p> {
    scope: HandleScope<'a>,
    escape_slot: usize,
    escaped: bool,
    _parent: std::marker::PhantomData<&'p ()>,
}

impl<'a, 'p> EscapableHandleScope<'a, 'p> {
    /// Opens the scope inside `parent`, reserving the parent slot the escaped value goes to.
    pub fn new(parent: &'a mut HandleScope<'p>) -> EscapableHandleScope<'a, 'p> {
        let undefined = parent.vm.undefined();
        let escape_slot = parent.vm.push(undefined);
        EscapableHandleScope {
            scope: HandleScope::new(parent),
            escape_slot,
            escaped: false,
            _parent: std::marker::PhantomData,
        }
    }

    /// Copies `local` into the parent scope and returns the parent's handle.
    ///
    /// # Panics
    /// If called twice (as V8 aborts).
    pub fn escape<T>(&mut self, local: Local<'_, T>) -> Local<'p, T> {
        assert!(!self.escaped, "EscapableHandleScope::escape called twice");
        self.escaped = true;
        let value = self.scope.read(local);
        self.scope.vm.set_slot(self.escape_slot, value);
        Local::from_raw(self.escape_slot, local.isolate, local.kind)
    }
}

impl<'a> std::ops::Deref for EscapableHandleScope<'a, '_> {
    type Target = HandleScope<'a>;
    fn deref(&self) -> &HandleScope<'a> {
        &self.scope
    }
}

impl<'a> std::ops::DerefMut for EscapableHandleScope<'a, '_> {
    fn deref_mut(&mut self) -> &mut HandleScope<'a> {
        &mut self.scope
    }
}

impl Context {
    /// The isolate's context. Tagus has one realm per isolate: every `Context::new` in an
    /// isolate returns (a handle to) the same context, whose global object persists.
    pub fn new<'s>(scope: &mut HandleScope<'s>) -> Local<'s, Context> {
        scope.get_current_context()
    }
}

impl<'s> Local<'s, Context> {
    /// The context's global object.
    pub fn global<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, Object> {
        let global = scope.read(*self);
        scope.local(global)
    }
}

/// Enters a context for the scope's duration (V8's `Context::Scope`). With one realm per
/// isolate, scripts run in it whether or not it is entered: the scope is kept for V8's
/// shape, and derefs to the handle scope it was opened in.
pub struct ContextScope<'a, 's> {
    scope: &'a mut HandleScope<'s>,
}

impl<'a, 's> ContextScope<'a, 's> {
    /// Enters `context`.
    pub fn new(scope: &'a mut HandleScope<'s>, context: Local<'_, Context>) -> ContextScope<'a, 's> {
        scope.slot_of(context);
        ContextScope { scope }
    }
}

impl<'s> std::ops::Deref for ContextScope<'_, 's> {
    type Target = HandleScope<'s>;
    fn deref(&self) -> &HandleScope<'s> {
        self.scope
    }
}

impl<'s> std::ops::DerefMut for ContextScope<'_, 's> {
    fn deref_mut(&mut self) -> &mut HandleScope<'s> {
        self.scope
    }
}

/// `undefined` (V8's `v8::Undefined`).
pub fn undefined<'s>(scope: &mut HandleScope<'s>) -> Local<'s, Primitive> {
    scope.undefined_local()
}

/// `null` (V8's `v8::Null`).
pub fn null<'s>(scope: &mut HandleScope<'s>) -> Local<'s, Primitive> {
    let null = scope.vm.null();
    scope.local(null)
}
