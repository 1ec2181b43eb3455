//! Heap statistics and GC events: what `v8.getHeapStatistics()`, `getHeapSpaceStatistics()`,
//! `--trace-gc` and `process.memoryUsage()` report, gathered in one place.

use std::time::Duration;

use crate::page::SpaceId;

/// Which collector ran.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum GcKind {
    /// Minor GC: the scavenger (Cheney copy of new space).
    Scavenge,
    /// Major GC: mark-compact of the whole heap.
    MarkCompact,
}

impl GcKind {
    /// The name `--trace-gc` prints.
    pub fn trace_name(self) -> &'static str {
        match self {
            GcKind::Scavenge => "Scavenge",
            GcKind::MarkCompact => "Mark-Compact",
        }
    }
}

/// Why a GC ran (V8's `GarbageCollectionReason`, as `--trace-gc` prints it).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum GcReason {
    /// New space had no room for an allocation.
    AllocationFailure,
    /// Requested by the embedder or by `gc()`.
    Testing,
    /// The stress mode's allocation counter ran out (`--gc-interval`).
    GcInterval,
    /// The heap is near its limit.
    LastResort,
    /// Incremental marking has marked everything: its finalizing pause.
    FinalizeIncrementalMarking,
}

impl GcReason {
    /// The phrase `--trace-gc` prints.
    pub fn trace_name(self) -> &'static str {
        match self {
            GcReason::AllocationFailure => "allocation failure",
            GcReason::Testing => "testing",
            GcReason::GcInterval => "gc interval",
            GcReason::LastResort => "last resort",
            GcReason::FinalizeIncrementalMarking => "finalize incremental marking via stack guard",
        }
    }
}

/// One finished GC, as handed to GC-event callbacks.
#[derive(Clone, Debug)]
pub struct GcEvent {
    /// Which collector.
    pub kind: GcKind,
    /// Why.
    pub reason: GcReason,
    /// Time since the heap was created when the GC started.
    pub start: Duration,
    /// Pause length.
    pub duration: Duration,
    /// Bytes of objects before.
    pub size_before: usize,
    /// Bytes committed before.
    pub committed_before: usize,
    /// Bytes of objects after.
    pub size_after: usize,
    /// Bytes committed after.
    pub committed_after: usize,
    /// Bytes copied within new space (scavenge).
    pub copied_bytes: usize,
    /// Bytes promoted to old space (scavenge) or evacuated (mark-compact).
    pub promoted_bytes: usize,
    /// For a mark-compact that finished incremental marking: the marking done before it.
    pub incremental: Option<crate::gc::incremental::IncrementalMarkingSummary>,
}

/// Running totals over the heap's lifetime.
#[derive(Clone, Debug, Default)]
pub struct GcCounters {
    /// Scavenges run.
    pub scavenges: u64,
    /// Mark-compacts run.
    pub mark_compacts: u64,
    /// Time spent in GC.
    pub total_time: Duration,
    /// Longest single pause.
    pub max_pause: Duration,
    /// Bytes copied within new space by all scavenges.
    pub copied_bytes: u64,
    /// Bytes promoted by all scavenges and evacuated by all mark-compacts.
    pub promoted_bytes: u64,
    /// Old pages and large chunks released by mark-compacts.
    pub pages_released: u64,
}

/// One space's figures (`v8.getHeapSpaceStatistics()`).
#[derive(Clone, Debug)]
pub struct SpaceStatistics {
    /// Which space.
    pub space: SpaceId,
    /// V8's name for it.
    pub space_name: &'static str,
    /// Bytes committed.
    pub space_size: usize,
    /// Bytes of objects.
    pub space_used_size: usize,
    /// Bytes that can still be allocated without growing.
    pub space_available_size: usize,
    /// Bytes committed and backed by memory.
    pub physical_space_size: usize,
}

/// Whole-heap figures (`v8.getHeapStatistics()`).
#[derive(Clone, Debug)]
pub struct HeapStatistics {
    /// Bytes committed by all spaces of this heap (the read-only space counted once here).
    pub total_heap_size: usize,
    /// Bytes committed and backed by memory.
    pub total_physical_size: usize,
    /// Bytes that can still be allocated before the limit.
    pub total_available_size: usize,
    /// Bytes of objects.
    pub used_heap_size: usize,
    /// The heap limit: both semispaces at their maximum plus the old-generation limit.
    pub heap_size_limit: usize,
    /// External memory reported by the embedder.
    pub external_memory: usize,
    /// Bytes of global-handle storage in use.
    pub used_global_handles_size: usize,
    /// Bytes of global-handle storage.
    pub total_global_handles_size: usize,
}
