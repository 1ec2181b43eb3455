//! The embedding layer's per-isolate bookkeeping, shared (through an `Rc`) by the isolate,
//! its scopes and every Rust callback it created: the API root table (globals, caught and
//! scheduled exceptions), the stack of open `TryCatch`es, the stack of running callbacks.
//!
//! Invariant: no `RefCell` here is borrowed across a call into the VM — any VM call may GC,
//! and the GC borrows the root table to visit it.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use tagus_heap::ExternalRoots;
use tagus_vm::{Tagged, ThrowLocation};

use crate::exception::Message;

/// Strong roots owned by the API: one slot per `Global`, caught or scheduled exception.
/// Free slots hold Smi 0, which the GC skips.
#[derive(Default)]
pub(crate) struct RootTable {
    slots: Vec<Tagged>,
    free: Vec<usize>,
}

impl RootTable {
    /// Takes a slot holding `value`.
    pub(crate) fn add(&mut self, value: Tagged) -> usize {
        match self.free.pop() {
            Some(index) => {
                self.slots[index] = value;
                index
            }
            None => {
                self.slots.push(value);
                self.slots.len() - 1
            }
        }
    }

    /// The current value of a slot.
    pub(crate) fn get(&self, index: usize) -> Tagged {
        self.slots[index]
    }

    /// Gives a slot back.
    pub(crate) fn release(&mut self, index: usize) {
        self.slots[index] = Tagged::ZERO;
        self.free.push(index);
    }

    /// Slots in use.
    pub(crate) fn in_use(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// The root table as the heap sees it (registered with `Heap::add_external_roots`).
pub(crate) struct ApiRoots(pub(crate) Rc<RefCell<RootTable>>);

impl ExternalRoots for ApiRoots {
    fn iterate_roots(&mut self, visit: &mut dyn FnMut(&mut Tagged)) {
        for slot in self.0.borrow_mut().slots.iter_mut() {
            visit(slot);
        }
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// What an open `TryCatch` has caught.
pub(crate) struct Caught {
    /// Root-table slot of the exception value (`None` for termination / out of memory).
    pub(crate) exception: Option<usize>,
    /// Where it was thrown.
    pub(crate) location: Option<ThrowLocation>,
    /// The message built when it was caught.
    pub(crate) message: Option<Message>,
    /// The exception is `terminate_execution`'s.
    pub(crate) terminated: bool,
    /// The exception is uncatchable (termination or out of memory).
    pub(crate) uncatchable: bool,
}

/// An open `TryCatch`.
pub(crate) struct TryCatchRecord {
    /// Callback depth it was opened at: it catches only exceptions reaching the embedder at
    /// that depth.
    pub(crate) level: usize,
    pub(crate) caught: Option<Caught>,
    /// `rethrow()` was called: re-raise on drop.
    pub(crate) rethrow: bool,
}

/// A running Rust callback.
#[derive(Default)]
pub(crate) struct CallbackFrame {
    /// An exception raised inside the callback and not caught by a `TryCatch` there: the
    /// callback throws it into JavaScript when it returns (root slot, location).
    pub(crate) scheduled: Option<(usize, Option<ThrowLocation>)>,
}

/// Per-isolate state of the embedding layer.
pub struct ApiState {
    /// Unique id, recorded in every handle.
    pub(crate) id: u32,
    pub(crate) roots: Rc<RefCell<RootTable>>,
    pub(crate) try_catches: RefCell<Vec<TryCatchRecord>>,
    pub(crate) frames: RefCell<Vec<CallbackFrame>>,
    /// Ids of scripts compiled without a `ScriptOrigin` (their resource name is undefined).
    pub(crate) unnamed_scripts: RefCell<HashSet<usize>>,
}

impl ApiState {
    pub(crate) fn new(id: u32) -> ApiState {
        ApiState {
            id,
            roots: Rc::new(RefCell::new(RootTable::default())),
            try_catches: RefCell::new(Vec::new()),
            frames: RefCell::new(Vec::new()),
            unnamed_scripts: RefCell::new(HashSet::new()),
        }
    }

    /// Number of Rust callbacks running (0 when the embedder's own code is running).
    pub(crate) fn callback_depth(&self) -> usize {
        self.frames.borrow().len()
    }

    /// Takes a root slot for `value`.
    pub(crate) fn add_root(&self, value: Tagged) -> usize {
        self.roots.borrow_mut().add(value)
    }

    /// The value in a root slot.
    pub(crate) fn root(&self, index: usize) -> Tagged {
        self.roots.borrow().get(index)
    }

    /// Gives a root slot back.
    pub(crate) fn release_root(&self, index: usize) {
        self.roots.borrow_mut().release(index);
    }

    /// Forgets what a `TryCatch` caught, releasing its root.
    pub(crate) fn release_caught(&self, caught: Option<Caught>) {
        if let Some(Caught { exception: Some(root), .. }) = caught {
            self.release_root(root);
        }
    }
}
