//! Incremental marking: the marking of a mark-compact spread over many small steps between
//! which JavaScript runs, then finished in a short atomic pause.
//!
//! - Start (when the old generation passes halfway from its size after the last mark-compact
//!   to its allocation limit): finish any lazy sweeping, choose evacuation candidates, grey
//!   the roots, switch the marking barrier on.
//! - Steps: each allocation slow path (a new-space page filled, an old-space or large
//!   allocation) advances marking by a budget proportional to the bytes allocated since the
//!   last step (`MARKING_SPEED` times them), so marking outruns allocation and usually
//!   finishes before the old generation reaches its limit. A step that empties the worklist
//!   asks for the finalizing mark-compact, which runs at the next new-space slow path (where
//!   a scavenge could run anyway; V8 finalizes at a stack guard).
//! - Finalization (`mark_compact`): re-scan the roots, drain the barrier's buffer and the
//!   worklist to the ephemeron fixed point, then clear, sweep, evacuate and update as the
//!   atomic collector does. Reaching the allocation limit first finalizes too (the pause then
//!   does the remaining marking).
//!
//! Soundness rests on the strong tri-colour invariant (no black object points at a white
//! one), kept by the marking barrier (`barrier.rs`, Dijkstra style): while marking, every
//! pointer stored into an object greys the stored value — weak pointers too, conservatively —
//! and records the slot if the value will move and the host will not. Objects allocated during
//! marking start white; they are reached through the barrier, their referrers or the roots
//! re-scanned at finalization. Scavenges may run in between: the scavenger carries mark bits to
//! the copies, re-greys promoted marked objects (so their slots are recorded as old hosts), and
//! the marker forwards or drops its references to moved or dead young objects.
//!
//! The barrier finds a heap's marking state without a heap reference: heaps with marking on
//! register a buffer in a thread-local table (a heap lives on one thread), keyed by heap id,
//! which the barrier reads through the host page's header.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use crate::cage::Address;
use crate::gc::marker::{Marker, mark_object, moves};
use crate::gc::marking;
use crate::heap::Heap;
use crate::objects::HeapObject;
use crate::page::{Page, flags};
use crate::stats::{GcKind, GcReason};
use crate::tagged::Tagged;

/// Bytes marked per byte allocated during incremental marking.
pub const MARKING_SPEED: usize = 4;
/// Smallest allocation (bytes) between two steps.
pub const STEP_ALLOCATION_THRESHOLD: usize = 64 * 1024;
/// Smallest marking budget of one step (bytes).
pub const MIN_STEP_BYTES: usize = 64 * 1024;

/// What the barrier collected for one heap since the marker last took it.
struct BarrierBuffer {
    heap_id: usize,
    grey: Vec<HeapObject>,
    slots: Vec<Address>,
}

thread_local! {
    /// Number of heaps on this thread with marking on (the barrier's fast check).
    static ACTIVE: Cell<u32> = const { Cell::new(0) };
    static BUFFERS: RefCell<Vec<BarrierBuffer>> = const { RefCell::new(Vec::new()) };
}

/// Whether any heap on this thread is marking.
#[inline(always)]
pub(crate) fn marking_active() -> bool {
    ACTIVE.with(|a| a.get() != 0)
}

/// The marking barrier's slow path: `value` (a pointer) was stored into `slot` of `host`.
#[cold]
#[inline(never)]
pub(crate) fn marking_barrier(host: HeapObject, slot: Address, value: Tagged) {
    let host_page = Page::of(host.address());
    if host_page.has_flag(flags::READ_ONLY_HEAP) {
        return;
    }
    let heap_id = host_page.header().heap_id.get();
    BUFFERS.with(|buffers| {
        let mut buffers = buffers.borrow_mut();
        let Some(buffer) = buffers.iter_mut().find(|b| b.heap_id == heap_id) else {
            return;
        };
        let target = HeapObject::from_tagged(value);
        let target_page = Page::of(target.address());
        if target_page.has_flag(flags::READ_ONLY_HEAP) {
            return;
        }
        if mark_object(target) {
            buffer.grey.push(target);
        }
        if !moves(host_page) && moves(target_page) {
            buffer.slots.push(slot);
        }
    });
}

fn register(heap_id: usize) {
    BUFFERS.with(|b| {
        b.borrow_mut().push(BarrierBuffer {
            heap_id,
            grey: Vec::new(),
            slots: Vec::new(),
        })
    });
    ACTIVE.with(|a| a.set(a.get() + 1));
}

fn unregister(heap_id: usize) -> Option<BarrierBuffer> {
    let buffer = BUFFERS.with(|b| {
        let mut b = b.borrow_mut();
        let i = b.iter().position(|x| x.heap_id == heap_id)?;
        Some(b.swap_remove(i))
    });
    if buffer.is_some() {
        ACTIVE.with(|a| a.set(a.get() - 1));
    }
    buffer
}

/// Moves what the barrier collected for `heap_id` into `marker`.
fn take_barrier_buffer(heap_id: usize, marker: &mut Marker) {
    BUFFERS.with(|b| {
        let mut b = b.borrow_mut();
        if let Some(buffer) = b.iter_mut().find(|x| x.heap_id == heap_id) {
            marker.worklist.append(&mut buffer.grey);
            marker.recorded_slots.append(&mut buffer.slots);
        }
    });
}

/// The state of an incremental marking in progress.
pub(crate) struct IncrementalMarking {
    pub marker: Marker,
    /// Evacuation candidates chosen at the start.
    pub candidates: Vec<Page>,
    pub started: Instant,
    /// Steps taken (the start counts as one).
    pub steps: u32,
    /// Time spent in steps.
    pub step_time: Duration,
    /// Longest step.
    pub longest_step: Duration,
    /// Bytes allocated since the last step.
    allocated_since_step: usize,
    /// Marking is done; the finalizing mark-compact runs at the next new-space slow path.
    finalize_requested: bool,
    /// New-space object bytes at the last step (young allocation is counted by its growth).
    young_size_at_last_step: usize,
}

/// What incremental marking did before the pause that finished it (for `--trace-gc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncrementalMarkingSummary {
    /// Steps taken, the start included.
    pub steps: u32,
    /// Total time of the steps.
    pub step_time: Duration,
    /// The longest step.
    pub longest_step: Duration,
    /// Time from the start of marking to the start of the finalizing pause.
    pub since_start: Duration,
}

impl IncrementalMarking {
    fn record_step(&mut self, elapsed: Duration) {
        self.steps += 1;
        self.step_time += elapsed;
        self.longest_step = self.longest_step.max(elapsed);
    }

    pub(crate) fn summary(&self) -> IncrementalMarkingSummary {
        IncrementalMarkingSummary {
            steps: self.steps,
            step_time: self.step_time,
            longest_step: self.longest_step,
            since_start: self.started.elapsed(),
        }
    }
}

impl Heap {
    /// Whether incremental marking is in progress.
    pub fn is_marking(&self) -> bool {
        self.incremental.is_some()
    }

    /// Starts incremental marking (see the module comment); nothing if it is running.
    pub fn start_incremental_marking(&mut self) {
        if self.incremental.is_some() || self.in_gc {
            return;
        }
        let started = Instant::now();
        // Marking reuses the mark bits: every page must be swept first.
        self.old_space.complete_sweeping();
        self.old_space.close_lab();
        self.new_space.publish_high_water();
        let candidates = self.old_space.select_evacuation_candidates(self.config.stress_compaction);
        for page in &candidates {
            page.set_flag(flags::EVACUATION_CANDIDATE);
        }
        self.old_space.prepare_for_marking();
        self.old_space.set_marking(true);
        let mut marker = Marker::default();
        super::visit_roots(self, &mut |slot| {
            if slot.is_heap_object() {
                marker.mark(HeapObject::from_tagged(*slot));
            }
        });
        register(self.id);
        let young_size = self.new_space.size_of_objects();
        let mut state = IncrementalMarking {
            marker,
            candidates,
            started,
            steps: 0,
            step_time: Duration::ZERO,
            longest_step: Duration::ZERO,
            allocated_since_step: 0,
            young_size_at_last_step: young_size,
            finalize_requested: false,
        };
        state.record_step(started.elapsed());
        self.incremental = Some(Box::new(state));
    }

    /// Starts incremental marking if it is enabled and the old generation has passed the
    /// start limit (halfway from its size after the last mark-compact to its allocation
    /// limit; always, under `--stress-incremental-marking`).
    pub(crate) fn maybe_start_incremental_marking(&mut self) {
        if !self.config.incremental_marking || self.incremental.is_some() || self.in_gc {
            return;
        }
        let base = self.old_generation_size_at_last_gc;
        let start = base + self.old_generation_allocation_limit.saturating_sub(base) / 2;
        if self.config.stress_incremental_marking || self.old_generation_size() >= start {
            self.start_incremental_marking();
        }
    }

    /// One marking step after `allocated` old-generation bytes (young allocation is counted
    /// from new space's growth). When marking is done, the finalizing mark-compact runs — at
    /// once if `young_slow_path` (a point where a scavenge may run anyway), else at the next
    /// new-space slow path (V8 finalizes at a stack guard, not inside any allocation).
    pub(crate) fn incremental_marking_step(&mut self, allocated: usize, young_slow_path: bool) {
        if self.in_gc {
            return;
        }
        let young_size = self.new_space.size_of_objects();
        let stress = self.config.stress_incremental_marking;
        let Some(state) = self.incremental.as_mut() else { return };
        if state.finalize_requested {
            if young_slow_path {
                self.collect_garbage(GcKind::MarkCompact, GcReason::FinalizeIncrementalMarking);
            }
            return;
        }
        state.allocated_since_step += allocated + young_size.saturating_sub(state.young_size_at_last_step);
        state.young_size_at_last_step = young_size;
        if state.allocated_since_step < STEP_ALLOCATION_THRESHOLD && !stress {
            return;
        }
        let started = Instant::now();
        let budget = if stress {
            // Small steps: many of them, with the mutator (and scavenges) in between.
            4 * 1024
        } else {
            (state.allocated_since_step * MARKING_SPEED).max(MIN_STEP_BYTES)
        };
        state.allocated_since_step = 0;
        take_barrier_buffer(self.id, &mut state.marker);
        state.marker.drain_with_budget(budget);
        if state.marker.worklist.is_empty() {
            state.marker.process_ephemerons();
        }
        let done = state.marker.worklist.is_empty();
        state.record_step(started.elapsed());
        if done {
            state.finalize_requested = true;
            if young_slow_path {
                self.collect_garbage(GcKind::MarkCompact, GcReason::FinalizeIncrementalMarking);
            }
        }
    }

    /// Marks up to about `bytes` bytes of objects now (tests and embedders driving marking
    /// themselves, like V8's `IncrementalMarking::AdvanceForTesting`); returns whether the
    /// marking is complete (the next mark-compact only finalizes). Never collects.
    pub fn advance_incremental_marking(&mut self, bytes: usize) -> bool {
        let Some(state) = self.incremental.as_mut() else { return false };
        let started = Instant::now();
        take_barrier_buffer(self.id, &mut state.marker);
        state.marker.drain_with_budget(bytes);
        if state.marker.worklist.is_empty() {
            state.marker.process_ephemerons();
        }
        state.record_step(started.elapsed());
        state.marker.worklist.is_empty()
    }

    /// Ends incremental marking for the finalizing mark-compact: the barrier goes off and
    /// what it collected joins the marker. Returns the state.
    pub(crate) fn take_incremental_marking(&mut self) -> Option<Box<IncrementalMarking>> {
        let mut state = self.incremental.take()?;
        take_barrier_buffer(self.id, &mut state.marker);
        unregister(self.id);
        self.old_space.set_marking(false);
        Some(state)
    }

    /// Abandons incremental marking (before a mark-compact that must see exactly what is
    /// reachable now, such as `gc()`): mark bits and candidate flags are cleared.
    pub fn abort_incremental_marking(&mut self) {
        let Some(state) = self.take_incremental_marking() else { return };
        for page in &state.candidates {
            page.clear_flag(flags::EVACUATION_CANDIDATE);
        }
        for page in self.old_space.pages().iter().chain(self.lo_space.chunks()) {
            marking::clear_page(*page);
        }
        self.new_space.clear_marking_bitmaps();
    }

    /// Moves the barrier's buffer into the marker (the scavenger does this before it moves
    /// young objects, so the marker's `update_after_scavenge` sees them).
    pub(crate) fn flush_marking_barrier(&mut self) {
        if let Some(state) = self.incremental.as_mut() {
            take_barrier_buffer(self.id, &mut state.marker);
        }
    }
}
