//! `Isolate`: one independent JavaScript VM — its heap, its realm, its compiled scripts —
//! created from `CreateParams` as in V8. Isolates share the process's pointer cage and
//! read-only space; nothing else. Also the isolate-level controls: termination (from any
//! thread through an `IsolateHandle`), heap statistics, external memory accounting, GC
//! requests and the out-of-memory / near-heap-limit callbacks.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use tagus_heap::{GcEvent, GcKind, GcReason, Heap, HeapConfig, OomDetails, SpaceStatistics};
use tagus_vm::{Vm, VmOptions};

use crate::state::{ApiRoots, ApiState};

/// Parameters of a new isolate (V8's `Isolate::CreateParams`), builder style.
#[derive(Clone, Debug, Default)]
pub struct CreateParams {
    heap: HeapConfig,
    vm: VmOptions,
}

impl CreateParams {
    /// Sets the initial and maximum heap size in bytes (V8's `heap_limits`): the initial size
    /// picks the semispace size, the maximum bounds the old generation.
    pub fn heap_limits(mut self, initial: usize, max: usize) -> Self {
        self.heap.min_semi_space_size = (initial / 8).clamp(256 * 1024, self.heap.max_semi_space_size);
        self.heap.max_old_generation_size = max;
        self
    }

    /// Sets the old-generation limit in bytes.
    pub fn set_max_old_generation_size_in_bytes(mut self, bytes: usize) -> Self {
        self.heap.max_old_generation_size = bytes;
        self
    }

    /// Sets the JavaScript stack size in KB (V8's `--stack-size`).
    pub fn set_stack_size_kb(mut self, kb: usize) -> Self {
        self.vm.stack_size_kb = kb;
        self
    }

    /// Applies V8 flags: the heap's (`--max-old-space-size=64`, `--verify-heap`,
    /// `--gc-interval=N`, `--stress-compaction`, ...), `--stack-size=N` and `--expose-gc`;
    /// returns those it does not know.
    pub fn flags<'a>(mut self, flags: impl IntoIterator<Item = &'a str>) -> Result<(Self, Vec<&'a str>), std::string::String> {
        let rest = self.heap.apply_flags(flags)?;
        let mut unknown = Vec::new();
        for flag in rest {
            let name = flag.trim_start_matches('-').replace('_', "-");
            if name == "expose-gc" {
                self.vm.expose_gc = true;
            } else if let Some(value) = name.strip_prefix("stack-size=") {
                self.vm.stack_size_kb = value.parse().map_err(|_| format!("invalid value for --stack-size: {value}"))?;
            } else {
                unknown.push(flag);
            }
        }
        Ok((self, unknown))
    }

    /// The heap configuration these parameters produce.
    pub fn heap_config(&self) -> &HeapConfig {
        &self.heap
    }

    /// The VM options these parameters produce.
    pub fn vm_options(&self) -> &VmOptions {
        &self.vm
    }
}

static NEXT_ISOLATE_ID: AtomicU32 = AtomicU32::new(1);

/// An isolate: a VM with its own heap and realm. Open a `HandleScope` on it to work with
/// JavaScript values.
pub struct Isolate {
    pub(crate) vm: Vm,
    pub(crate) state: Rc<ApiState>,
}

impl Isolate {
    /// Creates an isolate.
    ///
    /// # Panics
    /// If the heap cannot be reserved or the realm cannot be built (V8 aborts).
    pub fn new(params: CreateParams) -> Isolate {
        Isolate::try_new(params).unwrap_or_else(|e| panic!("cannot create the isolate: {e}"))
    }

    /// Creates an isolate, reporting failure instead of panicking.
    pub fn try_new(params: CreateParams) -> Result<Isolate, std::string::String> {
        let mut vm = Vm::new(params.heap, params.vm)?;
        let state = Rc::new(ApiState::new(NEXT_ISOLATE_ID.fetch_add(1, Ordering::Relaxed)));
        vm.heap.add_external_roots(Box::new(ApiRoots(state.roots.clone())));
        Ok(Isolate { vm, state })
    }

    /// A `Send` handle for terminating this isolate's JavaScript from another thread.
    pub fn thread_safe_handle(&self) -> IsolateHandle {
        IsolateHandle::new(self.vm.termination_handle())
    }

    /// Requests termination of the running (or next) JavaScript (V8's `TerminateExecution`).
    pub fn terminate_execution(&self) -> bool {
        self.thread_safe_handle().terminate_execution()
    }

    /// Withdraws a termination request not yet acted on.
    pub fn cancel_terminate_execution(&self) {
        self.thread_safe_handle().cancel_terminate_execution();
    }

    /// Whether a termination is requested.
    pub fn is_execution_terminating(&self) -> bool {
        self.vm.is_terminated() || self.thread_safe_handle().is_execution_terminating()
    }

    /// `Isolate::GetHeapStatistics`.
    pub fn get_heap_statistics(&self) -> HeapStatistics {
        HeapStatistics::new(self.vm.heap.heap_statistics())
    }

    /// Per-space figures in V8's order (`GetHeapSpaceStatistics`).
    pub fn get_heap_space_statistics(&self) -> Vec<SpaceStatistics> {
        self.vm.heap.space_statistics()
    }

    /// `Isolate::AdjustAmountOfExternalAllocatedMemory`: returns the new total.
    pub fn adjust_amount_of_external_allocated_memory(&mut self, change_in_bytes: i64) -> i64 {
        self.vm.heap.adjust_external_memory(change_in_bytes)
    }

    /// A full GC (V8's `LowMemoryNotification`).
    pub fn low_memory_notification(&mut self) {
        self.vm.heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    }

    /// Runs a GC of the given type now (V8's `RequestGarbageCollectionForTesting`).
    pub fn request_garbage_collection_for_testing(&mut self, kind: GarbageCollectionType) {
        self.vm.heap.collect_garbage(kind.gc_kind(), GcReason::Testing);
    }

    /// Sets the handler told about every out-of-memory failure before it is reported
    /// (V8's `SetOOMErrorHandler`).
    pub fn set_oom_error_handler(&mut self, handler: impl FnMut(&OomDetails) + 'static) {
        self.vm.heap.set_oom_handler(handler);
    }

    /// Sets the callback consulted when the old generation reaches its limit (V8's
    /// `AddNearHeapLimitCallback`; only the latest is kept, as V8 invokes only the latest):
    /// it gets the current and the initial limit and returns the limit to use.
    pub fn add_near_heap_limit_callback(&mut self, callback: impl FnMut(usize, usize) -> usize + 'static) {
        self.vm.heap.set_near_heap_limit_callback(callback);
    }

    /// Adds a callback run after every GC (V8's `AddGCEpilogueCallback`).
    pub fn add_gc_epilogue_callback(&mut self, callback: impl FnMut(&GcEvent) + 'static) {
        self.vm.heap.add_gc_callback(callback);
    }

    /// Number of scripts in the compilation cache.
    pub fn compilation_cache_size(&self) -> usize {
        self.vm.compilation_cache_size()
    }

    /// Number of live `Global` handles.
    pub fn global_handle_count(&self) -> usize {
        self.state.roots.borrow().in_use()
    }

    /// The isolate's heap.
    pub fn heap(&self) -> &Heap {
        &self.vm.heap
    }

    /// The isolate's heap, for GC control and the heap crate's own handle scopes.
    pub fn heap_mut(&mut self) -> &mut Heap {
        &mut self.vm.heap
    }

    /// The VM underneath, for tools (disassembly, statistics).
    pub fn vm(&self) -> &Vm {
        &self.vm
    }

    /// The VM underneath, mutably: raw `Tagged` values follow the VM crate's GC rules (see
    /// `tagus_vm`), not the handle discipline of this crate.
    pub fn vm_mut(&mut self) -> &mut Vm {
        &mut self.vm
    }
}

/// A thread-safe handle to an isolate (V8's `IsolateHandle`): it can request termination of
/// the isolate's JavaScript from any thread.
#[derive(Clone, Debug)]
pub struct IsolateHandle {
    flag: Arc<AtomicBool>,
}

impl IsolateHandle {
    pub(crate) fn new(flag: Arc<AtomicBool>) -> IsolateHandle {
        IsolateHandle { flag }
    }

    /// Stops the isolate's running JavaScript at its next loop iteration with an
    /// uncatchable exception; `Script::run` then returns `None` and a `TryCatch` reports
    /// `has_terminated()`. Returns true.
    pub fn terminate_execution(&self) -> bool {
        self.flag.store(true, Ordering::SeqCst);
        true
    }

    /// Withdraws a termination request not yet acted on.
    pub fn cancel_terminate_execution(&self) {
        self.flag.store(false, Ordering::SeqCst);
    }

    /// Whether a termination is requested and not yet acted on.
    pub fn is_execution_terminating(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// Which GC `request_garbage_collection_for_testing` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GarbageCollectionType {
    /// A mark-compact of the whole heap.
    Full,
    /// A scavenge of the young generation.
    Minor,
}

impl GarbageCollectionType {
    pub(crate) fn gc_kind(self) -> GcKind {
        match self {
            GarbageCollectionType::Full => GcKind::MarkCompact,
            GarbageCollectionType::Minor => GcKind::Scavenge,
        }
    }
}

/// Heap figures (V8's `HeapStatistics`), with V8's accessor names.
#[derive(Clone, Debug)]
pub struct HeapStatistics(tagus_heap::HeapStatistics);

impl HeapStatistics {
    pub(crate) fn new(stats: tagus_heap::HeapStatistics) -> HeapStatistics {
        HeapStatistics(stats)
    }

    /// Bytes committed by the heap's spaces.
    pub fn total_heap_size(&self) -> usize {
        self.0.total_heap_size
    }
    /// Bytes of physical memory committed.
    pub fn total_physical_size(&self) -> usize {
        self.0.total_physical_size
    }
    /// Bytes the heap may still grow by before reaching its limit.
    pub fn total_available_size(&self) -> usize {
        self.0.total_available_size
    }
    /// Bytes of live objects.
    pub fn used_heap_size(&self) -> usize {
        self.0.used_heap_size
    }
    /// The heap's size limit (young generation plus `--max-old-space-size`).
    pub fn heap_size_limit(&self) -> usize {
        self.0.heap_size_limit
    }
    /// External memory reported through `adjust_amount_of_external_allocated_memory`.
    pub fn external_memory(&self) -> usize {
        self.0.external_memory
    }
    /// Bytes of global handles in use.
    pub fn used_global_handles_size(&self) -> usize {
        self.0.used_global_handles_size
    }
    /// Bytes of global handle slots.
    pub fn total_global_handles_size(&self) -> usize {
        self.0.total_global_handles_size
    }
    /// Native contexts: one per isolate.
    pub fn number_of_native_contexts(&self) -> usize {
        1
    }
    /// The heap crate's figures, as fields.
    pub fn raw(&self) -> &tagus_heap::HeapStatistics {
        &self.0
    }
}
