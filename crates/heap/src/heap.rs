//! The heap of one isolate: its spaces, roots, handles and collectors, and the allocation
//! entry points everything else goes through.
//!
//! Allocation: young objects are bump-allocated in new space (`allocate_raw`'s inlined fast
//! path compares `top + size` with `limit`); when new space is full the slow path scavenges
//! and retries, and falls back to old space if the survivors still fill it. Objects above
//! half a page go to the large-object space. Old-generation allocations are checked against
//! the heap limit; past it the near-heap-limit callback may raise the limit, and otherwise
//! the out-of-memory handler is told and the allocation fails cleanly.

use std::any::Any;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::cage::PAGE_SIZE;
use crate::gc::{mark_compact, scavenger, verifier};
use crate::handles::{GlobalHandles, HandleScope, HandleScopeData};
use crate::objects::HeapObject;
use crate::page::SpaceId;
use crate::spaces::large_object::{LargeObjectSpace, MAX_REGULAR_OBJECT_SIZE};
use crate::spaces::new_space::{DEFAULT_MAX_SEMI_SPACE_SIZE, DEFAULT_MIN_SEMI_SPACE_SIZE, NewSpace};
use crate::spaces::old_space::OldSpace;
use crate::spaces::read_only::{ReadOnlyRoots, read_only_roots};
use crate::stats::{GcCounters, GcEvent, GcKind, GcReason, HeapStatistics, SpaceStatistics};
use crate::string_table::StringTable;
use crate::tagged::Tagged;

/// Pattern written over from-space after a scavenge in debug builds (V8's
/// `kFromSpaceZapValue`): it decodes as a pointer into unmapped cage memory.
pub const FROM_SPACE_ZAP_VALUE: u32 = 0x1bee_fdad;
/// Pattern written over released handle slots in debug builds.
pub const HANDLE_ZAP_VALUE: u32 = 0x1bad_dead;

/// The old generation may grow to at least this before its first mark-compact.
pub const MIN_OLD_GENERATION_ALLOCATION_LIMIT: usize = 8 * 1024 * 1024;
/// After a mark-compact the old generation may grow by this factor before the next.
pub const OLD_GENERATION_GROWING_FACTOR: usize = 2;

/// The default old-generation limit: 2 GB.
pub const DEFAULT_MAX_OLD_GENERATION_SIZE: usize = 2048 * 1024 * 1024;

/// Heap sizes and debugging modes. The sizes mirror V8's flags
/// (`--min-semi-space-size`, `--max-semi-space-size`, `--max-old-space-size`, in MB there).
#[derive(Clone, Debug)]
pub struct HeapConfig {
    /// Initial semispace size in bytes.
    pub min_semi_space_size: usize,
    /// Largest semispace size in bytes.
    pub max_semi_space_size: usize,
    /// Old-generation limit in bytes.
    pub max_old_generation_size: usize,
    /// Stress mode: scavenge every this many allocations (`--gc-interval`).
    pub gc_interval: Option<u32>,
    /// Verify the whole heap after every GC (`--verify-heap`).
    pub verify_heap: bool,
    /// Every mark-compact evacuates every old page (`--stress-compaction`).
    pub stress_compaction: bool,
    /// Overwrite freed memory with zap patterns (on by default in debug builds).
    pub zap_garbage: bool,
    /// Sweep old pages on demand after a mark-compact instead of all at once
    /// (`--lazy-sweeping`, on by default; `--no-lazy-sweeping`).
    pub lazy_sweeping: bool,
    /// Mark the old generation incrementally, interleaved with allocation, before the
    /// mark-compact pause (`--incremental-marking`, on by default; `--no-incremental-marking`).
    pub incremental_marking: bool,
    /// Start incremental marking after every GC and take tiny steps
    /// (`--stress-incremental-marking`).
    pub stress_incremental_marking: bool,
}

impl Default for HeapConfig {
    fn default() -> Self {
        HeapConfig {
            min_semi_space_size: DEFAULT_MIN_SEMI_SPACE_SIZE,
            max_semi_space_size: DEFAULT_MAX_SEMI_SPACE_SIZE,
            max_old_generation_size: DEFAULT_MAX_OLD_GENERATION_SIZE,
            gc_interval: None,
            verify_heap: false,
            stress_compaction: false,
            zap_garbage: cfg!(debug_assertions),
            lazy_sweeping: true,
            incremental_marking: true,
            stress_incremental_marking: false,
        }
    }
}

impl HeapConfig {
    /// Applies V8-style flags (`--max-old-space-size=64`, `--gc-interval=100`,
    /// `--verify-heap`, ...) and returns the arguments it did not recognise.
    pub fn apply_flags<'a>(&mut self, args: impl IntoIterator<Item = &'a str>) -> Result<Vec<&'a str>, String> {
        const MB: usize = 1024 * 1024;
        let mut rest = Vec::new();
        for arg in args {
            let (name, value) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (arg, None),
            };
            let name = name.replace('_', "-");
            let number = |v: Option<&str>| -> Result<usize, String> {
                v.ok_or_else(|| format!("{name} needs a value"))?
                    .parse::<usize>()
                    .map_err(|_| format!("{name}: not a number: {arg}"))
            };
            match name.as_str() {
                "--min-semi-space-size" => self.min_semi_space_size = number(value)? * MB,
                "--max-semi-space-size" => self.max_semi_space_size = number(value)? * MB,
                "--max-old-space-size" => self.max_old_generation_size = number(value)? * MB,
                "--gc-interval" => self.gc_interval = Some(number(value)?.max(1) as u32),
                "--verify-heap" => self.verify_heap = true,
                "--stress-compaction" => self.stress_compaction = true,
                "--no-verify-heap" => self.verify_heap = false,
                "--zap-garbage" => self.zap_garbage = true,
                "--lazy-sweeping" => self.lazy_sweeping = true,
                "--no-lazy-sweeping" => self.lazy_sweeping = false,
                "--incremental-marking" => self.incremental_marking = true,
                "--no-incremental-marking" => self.incremental_marking = false,
                "--stress-incremental-marking" => self.stress_incremental_marking = true,
                "--no-stress-incremental-marking" => self.stress_incremental_marking = false,
                _ => rest.push(arg),
            }
        }
        Ok(rest)
    }
}

/// Where an allocation should go.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum AllocationType {
    /// New space (most objects).
    Young,
    /// Old space (pretenured: known to live long).
    Old,
}

/// Why an allocation failed.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum AllocationError {
    /// The old generation reached its limit (or the cage is exhausted).
    OutOfMemory,
}

impl std::fmt::Display for AllocationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reached heap limit Allocation failed - JavaScript heap out of memory")
    }
}

impl std::error::Error for AllocationError {}

/// What the out-of-memory handler is told.
#[derive(Clone, Debug)]
pub struct OomDetails {
    /// Where: `"heap limit"` or `"cage exhausted"`.
    pub location: &'static str,
    /// Whether the failure was the heap limit (as opposed to the address space).
    pub is_heap_oom: bool,
    /// Bytes requested by the failing allocation.
    pub requested: usize,
    /// Old-generation bytes in use.
    pub old_generation_size: usize,
    /// The limit in force.
    pub limit: usize,
}

/// Extra roots owned by other parts of the engine (the JS stack, the compilation cache):
/// the GC calls `iterate_roots` and updates every slot it is given.
pub trait ExternalRoots: Any {
    /// Calls `visit` on every tagged slot this set holds.
    fn iterate_roots(&mut self, visit: &mut dyn FnMut(&mut Tagged));
    /// Upcast for `Heap::external_roots_mut`.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

type GcCallback = Box<dyn FnMut(&GcEvent)>;
type NearHeapLimitCallback = Box<dyn FnMut(usize, usize) -> usize>;
type OomHandler = Box<dyn FnMut(&OomDetails)>;

static NEXT_HEAP_ID: AtomicUsize = AtomicUsize::new(1);

/// The heap of one isolate.
pub struct Heap {
    pub(crate) id: usize,
    pub(crate) new_space: NewSpace,
    pub(crate) old_space: OldSpace,
    pub(crate) lo_space: LargeObjectSpace,
    pub(crate) roots: &'static ReadOnlyRoots,
    pub(crate) string_table: StringTable,
    pub(crate) handles: HandleScopeData,
    pub(crate) globals: Rc<GlobalHandles>,
    pub(crate) external_roots: Vec<Box<dyn ExternalRoots>>,
    /// The JavaScript stack: interpreter frames and the values native code keeps alive
    /// across allocations (pushed, then truncated). Every slot is a strong root.
    pub js_stack: Vec<Tagged>,
    /// Values the isolate keeps for its lifetime (prototypes, builtins): strong roots.
    pub strong_roots: Vec<Tagged>,
    /// Weak roots (the compilation cache): updated when their objects move, set to
    /// `Tagged::CLEARED` when they die.
    pub weak_roots: Vec<Tagged>,
    /// WeakMap/WeakRef/FinalizationRegistry state (`weak.rs`): strong roots.
    pub(crate) weak: crate::weak::WeakRoots,
    pub(crate) config: HeapConfig,
    pub(crate) counters: GcCounters,
    gc_callbacks: Vec<GcCallback>,
    near_heap_limit_callback: Option<NearHeapLimitCallback>,
    oom_handler: Option<OomHandler>,
    allocations_until_gc: u32,
    initial_old_generation_limit: usize,
    /// When the old generation grows past this, the next GC point runs a mark-compact.
    pub(crate) old_generation_allocation_limit: usize,
    /// Old-generation bytes after the last mark-compact (incremental marking starts halfway
    /// from here to the limit).
    pub(crate) old_generation_size_at_last_gc: usize,
    /// Incremental marking in progress (`gc/incremental.rs`).
    pub(crate) incremental: Option<Box<crate::gc::incremental::IncrementalMarking>>,
    external_memory: i64,
    created: Instant,
    pub(crate) in_gc: bool,
}

impl Heap {
    /// Creates a heap. Fails only if the cage cannot commit the initial new space.
    pub fn new(config: HeapConfig) -> Result<Heap, AllocationError> {
        let roots = read_only_roots();
        let id = NEXT_HEAP_ID.fetch_add(1, Ordering::Relaxed);
        let new_space = NewSpace::new(id, config.min_semi_space_size, config.max_semi_space_size).ok_or(AllocationError::OutOfMemory)?;
        let mut string_table = StringTable::new();
        for &s in &roots.internalized_strings {
            string_table.insert(s);
        }
        let mut heap = Heap {
            id,
            new_space,
            old_space: OldSpace::new(id),
            lo_space: LargeObjectSpace::new(id),
            roots,
            string_table,
            handles: HandleScopeData::new(),
            globals: Rc::new(GlobalHandles::new()),
            external_roots: Vec::new(),
            js_stack: Vec::new(),
            strong_roots: Vec::new(),
            weak_roots: Vec::new(),
            weak: crate::weak::WeakRoots::default(),
            allocations_until_gc: config.gc_interval.unwrap_or(0),
            initial_old_generation_limit: config.max_old_generation_size,
            old_generation_allocation_limit: config.max_old_generation_size.min(MIN_OLD_GENERATION_ALLOCATION_LIMIT),
            old_generation_size_at_last_gc: 0,
            incremental: None,
            config,
            counters: GcCounters::default(),
            gc_callbacks: Vec::new(),
            near_heap_limit_callback: None,
            oom_handler: None,
            external_memory: 0,
            created: Instant::now(),
            in_gc: false,
        };
        heap.reset_new_space_limit();
        Ok(heap)
    }

    /// The read-only roots (shared by all heaps).
    pub fn roots(&self) -> &'static ReadOnlyRoots {
        self.roots
    }

    /// The configuration in force.
    pub fn config(&self) -> &HeapConfig {
        &self.config
    }

    /// Runs `f` in a new handle scope; every handle made inside is released when it returns.
    pub fn handle_scope<R>(&mut self, f: impl for<'s> FnOnce(&mut HandleScope<'s>) -> R) -> R {
        let saved = self.handles.enter();
        let result = f(&mut HandleScope { heap: &mut *self });
        self.handles.exit(saved);
        result
    }

    /// Number of handle slots in use (all scopes).
    pub fn handle_count(&self) -> usize {
        self.handles.count()
    }

    /// Number of live global handles.
    pub fn global_handle_count(&self) -> usize {
        self.globals.in_use()
    }

    // ---- allocation -------------------------------------------------------------------

    /// Allocates `size` bytes (a multiple of 4). The memory is uninitialised as far as the
    /// GC is concerned: the caller must write a map and a valid body before the next GC point.
    #[inline(always)]
    pub(crate) fn allocate_raw(&mut self, size: usize, allocation: AllocationType) -> Result<HeapObject, AllocationError> {
        debug_assert!(size.is_multiple_of(4) && size >= 4);
        if allocation == AllocationType::Young
            && let Some(address) = self.new_space.bump(size)
        {
            return Ok(HeapObject(address));
        }
        self.allocate_raw_slow(size, allocation)
    }

    #[cold]
    #[inline(never)]
    fn allocate_raw_slow(&mut self, size: usize, allocation: AllocationType) -> Result<HeapObject, AllocationError> {
        assert!(!self.in_gc, "allocation during GC");
        if size > MAX_REGULAR_OBJECT_SIZE {
            self.incremental_marking_step(size, false);
            let object = self.allocate_large(size);
            self.maybe_start_incremental_marking();
            return object;
        }
        if allocation == AllocationType::Old {
            self.incremental_marking_step(size, false);
            let object = self.allocate_old(size);
            self.maybe_start_incremental_marking();
            return object;
        }
        // A new-space page is full (or, under `--gc-interval`, any allocation): a marking
        // step for the young bytes allocated since the last one.
        self.incremental_marking_step(0, true);
        self.sweep_ahead_of_promotion();
        if self.config.gc_interval.is_some() {
            self.allocations_until_gc = self.allocations_until_gc.saturating_sub(1);
            if self.allocations_until_gc == 0 {
                self.collect_garbage(GcKind::Scavenge, GcReason::GcInterval);
            }
        }
        if let Some(address) = self.new_space.allocate_in_to_space(size) {
            self.reset_new_space_limit();
            return Ok(HeapObject(address));
        }
        self.collect_garbage(GcKind::Scavenge, GcReason::AllocationFailure);
        if let Some(address) = self.new_space.allocate_in_to_space(size) {
            self.reset_new_space_limit();
            return Ok(HeapObject(address));
        }
        // The survivors fill new space: place the object in old space instead.
        self.allocate_old(size)
    }

    /// Lazy sweeping leaves old space's free memory in unswept pages, and the next scavenge's
    /// promotions would sweep them inside its pause. So while the swept free memory is less
    /// than that scavenge may promote (the survivors of the last one), one page is swept per
    /// new-space page the mutator fills: V8's concurrent sweeper has them ready by then too.
    fn sweep_ahead_of_promotion(&mut self) {
        if self.old_space.unswept_pages() > 0 && self.old_space.swept_free_bytes() < self.new_space.survivor_bytes() {
            self.old_space.sweep_next_page();
        }
    }

    /// Allocates a `size`-byte filler object (V8's `CreateFillerObjectAt`) through the normal
    /// allocation path: benchmarks and tests of raw allocation use it.
    #[inline]
    pub fn allocate_filler(&mut self, size: usize, allocation: AllocationType) -> Result<(), AllocationError> {
        let object = self.allocate_raw(size, allocation)?;
        crate::objects::free_space::write_filler(object.address(), size);
        Ok(())
    }

    /// Keeps the fast path's `limit` honest: the page end normally, `top` in stress mode so
    /// that every allocation reaches the slow path and is counted.
    fn reset_new_space_limit(&mut self) {
        self.new_space.limit = if self.config.gc_interval.is_some() {
            self.new_space.top
        } else {
            self.new_space.page_end()
        };
    }

    fn allocate_old(&mut self, size: usize) -> Result<HeapObject, AllocationError> {
        self.check_old_generation_limit(size)?;
        match self.old_space.allocate(size) {
            Some(address) => Ok(HeapObject(address)),
            None => Err(self.report_oom("cage exhausted", false, size)),
        }
    }

    fn allocate_large(&mut self, size: usize) -> Result<HeapObject, AllocationError> {
        self.check_old_generation_limit(size)?;
        match self.lo_space.allocate(size) {
            Some(object) => Ok(object),
            None => Err(self.report_oom("cage exhausted", false, size)),
        }
    }

    /// Bytes of objects in the old generation (old space and large objects).
    pub fn old_generation_size(&self) -> usize {
        self.old_space.size_of_objects() + self.lo_space.size_of_objects()
    }

    fn check_old_generation_limit(&mut self, size: usize) -> Result<(), AllocationError> {
        if self.old_generation_size() + size > self.old_generation_allocation_limit {
            self.collect_garbage(GcKind::MarkCompact, GcReason::AllocationFailure);
        }
        if self.old_generation_size() + size <= self.config.max_old_generation_size {
            return Ok(());
        }
        self.collect_garbage(GcKind::MarkCompact, GcReason::LastResort);
        if self.old_generation_size() + size <= self.config.max_old_generation_size {
            return Ok(());
        }
        if let Some(callback) = self.near_heap_limit_callback.as_mut() {
            let raised = callback(self.config.max_old_generation_size, self.initial_old_generation_limit);
            self.config.max_old_generation_size = self.config.max_old_generation_size.max(raised);
            if self.old_generation_size() + size <= self.config.max_old_generation_size {
                return Ok(());
            }
        }
        Err(self.report_oom("heap limit", true, size))
    }

    fn report_oom(&mut self, location: &'static str, is_heap_oom: bool, requested: usize) -> AllocationError {
        let details = OomDetails {
            location,
            is_heap_oom,
            requested,
            old_generation_size: self.old_generation_size(),
            limit: self.config.max_old_generation_size,
        };
        if let Some(handler) = self.oom_handler.as_mut() {
            handler(&details);
        }
        AllocationError::OutOfMemory
    }

    /// Sets the callback consulted when the old generation reaches its limit. It gets the
    /// current and the initial limit and returns the limit to use (return the current one to
    /// decline).
    pub fn set_near_heap_limit_callback(&mut self, callback: impl FnMut(usize, usize) -> usize + 'static) {
        self.near_heap_limit_callback = Some(Box::new(callback));
    }

    /// Sets the handler told about every out-of-memory failure (before the allocation
    /// returns `AllocationError::OutOfMemory`).
    pub fn set_oom_handler(&mut self, handler: impl FnMut(&OomDetails) + 'static) {
        self.oom_handler = Some(Box::new(handler));
    }

    /// Adds a callback run after every GC with its event.
    pub fn add_gc_callback(&mut self, callback: impl FnMut(&GcEvent) + 'static) {
        self.gc_callbacks.push(Box::new(callback));
    }

    /// Registers a set of roots owned elsewhere in the engine.
    pub fn add_external_roots(&mut self, roots: Box<dyn ExternalRoots>) {
        self.external_roots.push(roots);
    }

    /// The first registered external root set of type `T`.
    pub fn external_roots_mut<T: ExternalRoots>(&mut self) -> Option<&mut T> {
        self.external_roots.iter_mut().find_map(|r| r.as_any_mut().downcast_mut::<T>())
    }

    /// Records `change` bytes of external memory kept alive by heap objects
    /// (`AdjustAmountOfExternalAllocatedMemory`); returns the new total.
    pub fn adjust_external_memory(&mut self, change: i64) -> i64 {
        self.external_memory = (self.external_memory + change).max(0);
        self.external_memory
    }

    // ---- collection -------------------------------------------------------------------

    /// Runs a collection: a scavenge of new space, or a mark-compact of the whole heap. A
    /// scavenge that leaves the old generation past its allocation limit is followed by a
    /// mark-compact.
    ///
    /// A mark-compact while incremental marking runs finishes it, except for `Testing` and
    /// `LastResort`, which abandon it and mark everything afresh (so `gc()` collects exactly
    /// what is unreachable now, with no floating garbage).
    pub fn collect_garbage(&mut self, kind: GcKind, reason: GcReason) {
        if kind == GcKind::MarkCompact && matches!(reason, GcReason::Testing | GcReason::LastResort) {
            self.abort_incremental_marking();
        }
        self.run_gc(kind, reason);
        if kind == GcKind::Scavenge {
            if self.old_generation_size() > self.old_generation_allocation_limit {
                self.run_gc(GcKind::MarkCompact, GcReason::AllocationFailure);
            }
            self.maybe_start_incremental_marking();
        }
    }

    fn run_gc(&mut self, kind: GcKind, reason: GcReason) {
        assert!(!self.in_gc, "GC during GC");
        let started = Instant::now();
        let size_before = self.size_of_objects();
        let committed_before = self.committed_memory();
        let incremental = match kind {
            GcKind::MarkCompact => self.incremental.as_ref().map(|state| state.summary()),
            GcKind::Scavenge => None,
        };
        self.in_gc = true;
        let (copied_bytes, promoted_bytes) = match kind {
            GcKind::Scavenge => {
                let result = scavenger::scavenge(self);
                (result.copied_bytes, result.promoted_bytes)
            }
            GcKind::MarkCompact => {
                let result = mark_compact::mark_compact(self, self.config.stress_compaction);
                self.old_generation_allocation_limit = (self.old_generation_size() * OLD_GENERATION_GROWING_FACTOR)
                    .max(MIN_OLD_GENERATION_ALLOCATION_LIMIT)
                    .min(self.config.max_old_generation_size);
                self.counters.pages_released += result.released_pages as u64;
                self.old_generation_size_at_last_gc = self.old_generation_size();
                (0, result.evacuated_bytes)
            }
        };
        self.in_gc = false;
        self.allocations_until_gc = self.config.gc_interval.unwrap_or(0);
        self.reset_new_space_limit();
        if kind == GcKind::Scavenge {
            self.check_new_space_expansion(copied_bytes + promoted_bytes);
        }
        if self.config.verify_heap
            && let Err(error) = verifier::verify(self)
        {
            panic!("heap verification failed after {}: {error}", kind.trace_name());
        }
        let duration = started.elapsed();
        match kind {
            GcKind::Scavenge => self.counters.scavenges += 1,
            GcKind::MarkCompact => self.counters.mark_compacts += 1,
        }
        self.counters.total_time += duration;
        self.counters.max_pause = self.counters.max_pause.max(duration);
        self.counters.copied_bytes += copied_bytes as u64;
        self.counters.promoted_bytes += promoted_bytes as u64;
        let event = GcEvent {
            kind,
            reason,
            start: started - self.created,
            duration,
            size_before,
            committed_before,
            size_after: self.size_of_objects(),
            committed_after: self.committed_memory(),
            copied_bytes,
            promoted_bytes,
            incremental,
        };
        for callback in &mut self.gc_callbacks {
            callback(&event);
        }
    }

    /// V8's `CheckNewSpaceExpansionCriteria`: grow the semispaces once more bytes have
    /// survived since the last growth than the semispace holds.
    fn check_new_space_expansion(&mut self, survived: usize) {
        self.new_space.survived_since_last_expansion += survived;
        if self.new_space.survived_since_last_expansion > self.new_space.capacity() && self.new_space.grow() {
            self.new_space.survived_since_last_expansion = 0;
            self.reset_new_space_limit();
        }
    }

    /// Verifies the heap now (see `gc::verifier`).
    pub fn verify(&mut self) -> Result<(), String> {
        verifier::verify(self)
    }

    // ---- statistics -------------------------------------------------------------------

    /// Bytes of objects in all of this heap's spaces (read-only space excluded).
    pub fn size_of_objects(&self) -> usize {
        self.new_space.size_of_objects() + self.old_generation_size()
    }

    /// Bytes committed by this heap's spaces.
    pub fn committed_memory(&self) -> usize {
        self.new_space.committed() + self.old_space.committed() + self.lo_space.committed()
    }

    /// GC counts and times.
    pub fn gc_counters(&self) -> &GcCounters {
        &self.counters
    }

    /// Time since the heap was created.
    pub fn uptime(&self) -> Duration {
        self.created.elapsed()
    }

    /// Per-space figures, in V8's order.
    pub fn space_statistics(&self) -> Vec<SpaceStatistics> {
        let ro_size = self.roots.pages.len() * PAGE_SIZE;
        let ro_used: usize = self.roots.pages.iter().map(|p| p.high_water().0 - p.area_start().0).sum();
        let entry = |space: SpaceId, size: usize, used: usize, available: usize| SpaceStatistics {
            space,
            space_name: space.name(),
            space_size: size,
            space_used_size: used,
            space_available_size: available,
            physical_space_size: size,
        };
        vec![
            entry(SpaceId::ReadOnly, ro_size, ro_used, 0),
            entry(
                SpaceId::New,
                self.new_space.committed(),
                self.new_space.size_of_objects(),
                self.new_space.available(),
            ),
            entry(
                SpaceId::Old,
                self.old_space.committed(),
                self.old_space.size_of_objects(),
                self.old_space.available(),
            ),
            entry(SpaceId::LargeObject, self.lo_space.committed(), self.lo_space.size_of_objects(), 0),
        ]
    }

    /// Whole-heap figures.
    pub fn heap_statistics(&self) -> HeapStatistics {
        let spaces = self.space_statistics();
        let total: usize = spaces.iter().map(|s| s.space_size).sum();
        let used: usize = spaces.iter().map(|s| s.space_used_size).sum();
        let limit = 2 * self.new_space.max_capacity() + self.config.max_old_generation_size;
        HeapStatistics {
            total_heap_size: total,
            total_physical_size: total,
            total_available_size: limit.saturating_sub(used),
            used_heap_size: used,
            heap_size_limit: limit,
            external_memory: self.external_memory as usize,
            used_global_handles_size: self.globals.in_use() * 4,
            total_global_handles_size: self.globals.capacity() * 4,
        }
    }

    /// Number of internalized strings in this heap's string table.
    pub fn string_table_len(&self) -> usize {
        self.string_table.len()
    }

    /// Old-space pages the last mark-compact left for lazy sweeping and not swept yet.
    pub fn unswept_old_pages(&self) -> usize {
        self.old_space.unswept_pages()
    }

    /// Sweeps every old-space page still waiting (V8's `EnsureSweepingCompleted`).
    pub fn complete_sweeping(&mut self) {
        self.old_space.complete_sweeping();
    }

    /// Semispace capacity in bytes (grows with survival).
    pub fn semi_space_capacity(&self) -> usize {
        self.new_space.capacity()
    }

    /// The new-space allocation pointer (for tests and tools showing bump allocation).
    pub fn new_space_top(&self) -> usize {
        self.new_space.top.0
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        // Switch this heap's marking barrier off (its thread-local registration).
        let _ = self.take_incremental_marking();
        self.new_space.release_all();
        self.old_space.release_all();
        self.lo_space.release_all();
    }
}
