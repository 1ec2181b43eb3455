//! Handles: the embedder's roots. Handle scopes, `Local<'s, T>`, escapable scopes and
//! `Global<T>`.
//!
//! # Design
//!
//! The collector moves objects, so Rust code never keeps an object's address across anything
//! that may allocate. It keeps a *handle* instead: a slot that the GC visits and updates.
//!
//! - A `HandleScope<'s>` is a region of the heap's handle blocks (V8's `HandleScopeData`,
//!   blocks of `HANDLE_BLOCK_SIZE` slots). Creating a `Local` takes the next slot; leaving the
//!   scope gives back every slot taken inside it.
//! - Scopes are entered through closures whose scope lifetime is universally quantified
//!   (`for<'s> FnOnce(&mut HandleScope<'s>)`), so a `Local<'s, T>` cannot leave its scope:
//!   the compiler rejects returning it or storing it outside. An `EscapableHandleScope` hands
//!   exactly one value to its parent through a slot reserved in the parent.
//! - `HandleScope` dereferences to the `Heap`. Reading an object (`Local::get`) borrows the
//!   heap shared and yields a `Value<'h>`; allocating borrows it exclusively. The borrow
//!   checker therefore rejects a raw view held across an allocation:
//!
//! ```compile_fail
//! use tagus_heap::{Heap, HeapConfig, NewStringType};
//! let mut heap = Heap::new(HeapConfig::default()).unwrap();
//! heap.handle_scope(|scope| {
//!     let a = scope.new_string_from_utf8(b"a", NewStringType::Normal).unwrap();
//!     let raw = a.get(scope).as_string().unwrap(); // borrows the heap
//!     scope.new_string_from_utf8(b"b", NewStringType::Normal).unwrap(); // may GC: error
//!     raw.len();
//! });
//! ```
//!
//! while the same code that finishes with the view before allocating compiles:
//!
//! ```
//! use tagus_heap::{Heap, HeapConfig, NewStringType};
//! let mut heap = Heap::new(HeapConfig::default()).unwrap();
//! heap.handle_scope(|scope| {
//!     let a = scope.new_string_from_utf8(b"a", NewStringType::Normal).unwrap();
//!     let raw = a.get(scope).as_string().unwrap();
//!     assert_eq!(raw.len(), 1);
//!     scope.new_string_from_utf8(b"b", NewStringType::Normal).unwrap();
//!     assert_eq!(a.get(scope).as_string().unwrap().len(), 1); // re-read through the handle
//! });
//! ```
//!
//! and a `Local` leaving its scope:
//!
//! ```compile_fail
//! use tagus_heap::{Heap, HeapConfig, NewStringType};
//! let mut heap = Heap::new(HeapConfig::default()).unwrap();
//! let escaped = heap.handle_scope(|scope| scope.new_string_from_utf8(b"a", NewStringType::Normal).unwrap());
//! ```
//!
//! - A `Global<T>` is a slot in the heap's global-handle table, freed when the `Global` drops.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::heap::Heap;
use crate::tagged::Tagged;
use crate::value::Value;

/// Slots per handle block.
pub const HANDLE_BLOCK_SIZE: usize = 1022;

/// The heap's handle blocks and the current scope's bounds (V8's `HandleScopeData`).
///
/// Invariant: slots of blocks `0..blocks.len()-1` are all in use; in the last block the slots
/// before `next` are. Blocks are raw allocations addressed only through raw pointers, so the
/// `Local`s pointing into them stay valid while the GC rewrites the slots.
pub(crate) struct HandleScopeData {
    next: *mut Tagged,
    limit: *mut Tagged,
    blocks: Vec<*mut Tagged>,
    spare: Option<*mut Tagged>,
}

/// What a scope must restore on exit.
pub(crate) struct SavedScope {
    next: *mut Tagged,
    limit: *mut Tagged,
    block_count: usize,
}

fn block_layout() -> std::alloc::Layout {
    std::alloc::Layout::array::<Tagged>(HANDLE_BLOCK_SIZE).expect("small layout")
}

impl HandleScopeData {
    pub(crate) fn new() -> HandleScopeData {
        HandleScopeData {
            next: std::ptr::null_mut(),
            limit: std::ptr::null_mut(),
            blocks: Vec::new(),
            spare: None,
        }
    }

    pub(crate) fn enter(&self) -> SavedScope {
        SavedScope {
            next: self.next,
            limit: self.limit,
            block_count: self.blocks.len(),
        }
    }

    pub(crate) fn exit(&mut self, saved: SavedScope) {
        let same_block = self.blocks.len() == saved.block_count;
        if cfg!(debug_assertions) && !saved.next.is_null() {
            // Zap the slots given back in the block that stays current, so stale use shows.
            let end = if same_block { self.next } else { saved.limit };
            let mut p = saved.next;
            while p < end {
                // SAFETY: `p` lies in the block `saved.next` points into, below its limit.
                unsafe {
                    *p = Tagged::from_raw(crate::heap::HANDLE_ZAP_VALUE);
                    p = p.add(1);
                }
            }
        }
        while self.blocks.len() > saved.block_count {
            let block = self.blocks.pop().expect("counted");
            if let Some(extra) = self.spare.replace(block) {
                // SAFETY: `extra` came from `alloc` with this layout and nothing points into it
                // any more: its scope has exited.
                unsafe { std::alloc::dealloc(extra as *mut u8, block_layout()) }
            }
        }
        self.next = saved.next;
        self.limit = saved.limit;
    }

    #[inline(always)]
    pub(crate) fn create(&mut self, value: Tagged) -> NonNull<Tagged> {
        if self.next == self.limit {
            self.add_block();
        }
        let slot = self.next;
        // SAFETY: `next < limit`, so the slot and the one after it (possibly `limit`) are in
        // or one past the current block.
        unsafe {
            *slot = value;
            self.next = slot.add(1);
            NonNull::new_unchecked(slot)
        }
    }

    #[cold]
    fn add_block(&mut self) {
        let block = self.spare.take().unwrap_or_else(|| {
            // SAFETY: the layout has non-zero size.
            let p = unsafe { std::alloc::alloc(block_layout()) } as *mut Tagged;
            if p.is_null() {
                std::alloc::handle_alloc_error(block_layout());
            }
            p
        });
        self.blocks.push(block);
        self.next = block;
        // SAFETY: one past the end of the block's allocation.
        self.limit = unsafe { block.add(HANDLE_BLOCK_SIZE) };
    }

    /// Calls `f` on every slot in use.
    pub(crate) fn iterate(&mut self, mut f: impl FnMut(&mut Tagged)) {
        let last = self.blocks.len().saturating_sub(1);
        for (i, &block) in self.blocks.iter().enumerate() {
            let used = if i == last {
                // SAFETY: `next` points into (or one past) the last block.
                unsafe { self.next.offset_from(block) as usize }
            } else {
                HANDLE_BLOCK_SIZE
            };
            for j in 0..used {
                // SAFETY: slot `j < used` of a live block; no other reference to it exists
                // while the GC (which holds `&mut Heap`) runs.
                f(unsafe { &mut *block.add(j) });
            }
        }
    }

    /// Slots in use.
    pub(crate) fn count(&self) -> usize {
        match self.blocks.last() {
            // SAFETY: as in `iterate`.
            Some(&last) => (self.blocks.len() - 1) * HANDLE_BLOCK_SIZE + unsafe { self.next.offset_from(last) as usize },
            None => 0,
        }
    }
}

impl Drop for HandleScopeData {
    fn drop(&mut self) {
        for block in self.blocks.drain(..).chain(self.spare.take()) {
            // SAFETY: every block came from `alloc` with this layout; the heap is going away.
            unsafe { std::alloc::dealloc(block as *mut u8, block_layout()) }
        }
    }
}

/// A handle: one slot of a handle scope, valid for the scope's lifetime `'s`. `T` is a marker
/// for what the handle holds (`types::String`, `types::Value`, ...).
#[repr(transparent)]
pub struct Local<'s, T> {
    slot: NonNull<Tagged>,
    _marker: PhantomData<(&'s (), *const T)>,
}

impl<T> Clone for Local<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Local<'_, T> {}

impl<'s, T> Local<'s, T> {
    #[inline(always)]
    pub(crate) fn from_slot(slot: NonNull<Tagged>) -> Local<'s, T> {
        Local {
            slot,
            _marker: PhantomData,
        }
    }

    /// The handle's current value, bound to a shared borrow of the heap.
    #[inline(always)]
    pub fn get<'h>(self, _heap: &'h Heap) -> Value<'h> {
        Value::new(self.tagged())
    }

    /// The raw tagged word in the slot.
    #[inline(always)]
    pub(crate) fn tagged(self) -> Tagged {
        // SAFETY: the slot belongs to a scope that is still open (`'s` cannot outlive it).
        unsafe { *self.slot.as_ptr() }
    }

    /// Views the handle as another kind; callers check the kind first.
    #[inline(always)]
    pub(crate) fn cast<U>(self) -> Local<'s, U> {
        Local::from_slot(self.slot)
    }

    /// Forgets the kind: every handle is a `Local<Value>`.
    #[inline(always)]
    pub fn to_value(self) -> Local<'s, crate::types::Value> {
        self.cast()
    }
}

impl<T> std::fmt::Debug for Local<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Local({:?})", self.tagged())
    }
}

/// An open handle scope: the heap plus the right to create `Local<'s, _>`s.
pub struct HandleScope<'s> {
    pub(crate) heap: &'s mut Heap,
}

impl std::ops::Deref for HandleScope<'_> {
    type Target = Heap;
    fn deref(&self) -> &Heap {
        self.heap
    }
}

impl std::ops::DerefMut for HandleScope<'_> {
    fn deref_mut(&mut self) -> &mut Heap {
        self.heap
    }
}

impl<'s> HandleScope<'s> {
    /// Roots `tagged` in this scope. The word must be current (read from the heap since the
    /// last GC point), which every caller inside this crate guarantees.
    #[inline(always)]
    pub(crate) fn local<T>(&mut self, tagged: Tagged) -> Local<'s, T> {
        Local::from_slot(self.heap.handles.create(tagged))
    }

    /// Roots a value read from the heap: `f` reads with a shared borrow, the result gets a
    /// slot in this scope.
    pub fn root<T>(&mut self, f: impl for<'h> FnOnce(&'h Heap) -> Value<'h>) -> Local<'s, T> {
        let tagged = f(self.heap).tagged();
        self.local(tagged)
    }

    /// Opens a nested scope; its handles are released when `f` returns.
    pub fn scope<R>(&mut self, f: impl for<'t> FnOnce(&mut HandleScope<'t>) -> R) -> R {
        self.heap.handle_scope(f)
    }

    /// Opens a nested scope from which one handle may escape into this one (V8's
    /// `EscapableHandleScope`).
    pub fn escapable<R>(&mut self, f: impl for<'t> FnOnce(&mut EscapableHandleScope<'t, 's>) -> R) -> R {
        let undefined = self.heap.roots.undefined_value;
        let escape_slot: Local<'s, crate::types::Value> = self.local(undefined);
        let saved = self.heap.handles.enter();
        let mut inner = EscapableHandleScope {
            scope: HandleScope { heap: &mut *self.heap },
            escape_slot,
        };
        let result = f(&mut inner);
        self.heap.handles.exit(saved);
        result
    }

    /// Copies a global handle into this scope.
    pub fn local_from_global<T>(&mut self, global: &Global<T>) -> Local<'s, T> {
        let tagged = global.get(self.heap).tagged();
        self.local(tagged)
    }
}

/// A nested scope that can hand one handle to its parent scope `'p`.
pub struct EscapableHandleScope<'t, 'p> {
    scope: HandleScope<'t>,
    escape_slot: Local<'p, crate::types::Value>,
}

impl<'t, 'p> EscapableHandleScope<'t, 'p> {
    /// Moves `local`'s value into the slot reserved in the parent scope and returns the
    /// parent's handle.
    pub fn escape<T>(&mut self, local: Local<'_, T>) -> Local<'p, T> {
        let value = local.tagged();
        // SAFETY: the escape slot lives in the parent scope, which outlives this one.
        unsafe { *self.escape_slot.slot.as_ptr() = value };
        self.escape_slot.cast()
    }
}

impl<'t> std::ops::Deref for EscapableHandleScope<'t, '_> {
    type Target = HandleScope<'t>;
    fn deref(&self) -> &HandleScope<'t> {
        &self.scope
    }
}

impl<'t> std::ops::DerefMut for EscapableHandleScope<'t, '_> {
    fn deref_mut(&mut self) -> &mut HandleScope<'t> {
        &mut self.scope
    }
}

/// The global-handle table of one heap: slots the GC visits until their `Global` drops.
pub(crate) struct GlobalHandles {
    slots: RefCell<Vec<Tagged>>,
    free: RefCell<Vec<u32>>,
    in_use: Cell<usize>,
}

impl GlobalHandles {
    pub(crate) fn new() -> GlobalHandles {
        GlobalHandles {
            slots: RefCell::new(Vec::new()),
            free: RefCell::new(Vec::new()),
            in_use: Cell::new(0),
        }
    }

    fn create(&self, value: Tagged) -> u32 {
        self.in_use.set(self.in_use.get() + 1);
        if let Some(index) = self.free.borrow_mut().pop() {
            self.slots.borrow_mut()[index as usize] = value;
            return index;
        }
        let mut slots = self.slots.borrow_mut();
        slots.push(value);
        (slots.len() - 1) as u32
    }

    fn release(&self, index: u32) {
        self.slots.borrow_mut()[index as usize] = Tagged::ZERO;
        self.free.borrow_mut().push(index);
        self.in_use.set(self.in_use.get() - 1);
    }

    /// Calls `f` on every slot (free slots hold Smi 0, which visitors skip).
    pub(crate) fn iterate(&self, mut f: impl FnMut(&mut Tagged)) {
        for slot in self.slots.borrow_mut().iter_mut() {
            f(slot);
        }
    }

    pub(crate) fn in_use(&self) -> usize {
        self.in_use.get()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.slots.borrow().len()
    }
}

/// A handle that lives until dropped, independent of handle scopes.
pub struct Global<T> {
    index: u32,
    table: Rc<GlobalHandles>,
    _marker: PhantomData<*const T>,
}

impl<T> Global<T> {
    /// Makes a global handle holding `local`'s value.
    pub fn new(heap: &Heap, local: Local<'_, T>) -> Global<T> {
        let index = heap.globals.create(local.tagged());
        Global {
            index,
            table: heap.globals.clone(),
            _marker: PhantomData,
        }
    }

    /// The handle's current value.
    ///
    /// # Panics
    /// If `heap` is not the heap the handle was made in.
    pub fn get<'h>(&self, heap: &'h Heap) -> Value<'h> {
        assert!(Rc::ptr_eq(&self.table, &heap.globals), "Global used with another heap");
        Value::new(self.table.slots.borrow()[self.index as usize])
    }
}

impl<T> Drop for Global<T> {
    fn drop(&mut self) {
        self.table.release(self.index);
    }
}
