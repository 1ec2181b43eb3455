//! GC events as V8 prints them: the `--trace-gc` line
//! `[pid:0xISOLATE]      25 ms: Scavenge 3.9 (4.0) -> 3.7 (5.0) MB, 2.44 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; `
//! and the ring of recent lines the out-of-memory report shows under `<--- Last few GCs --->`
//! (kept whether or not `--trace-gc` is on, as V8 does).
//!
//! Mutator utilisation follows V8's `GCTracer::RecordMutatorUtilization`: after each
//! mark-compact, `current` is the share of the time since the previous mark-compact ended
//! that was not spent in this one, and the averages halve towards each new sample; a line
//! shows the figures from before its own collection (1.000 until the first mark-compact).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use tagus_heap::{GcEvent, GcKind, GcReason};

use crate::output::Output;

/// V8's trace ring buffer holds this many characters of recent trace lines.
const RING_CHARS: usize = 512;

const MB: f64 = 1024.0 * 1024.0;

/// The tracer's state, shared between the heap's GC callback and the OOM report.
pub struct GcTracer {
    pid: u32,
    isolate: usize,
    output: Option<Output>,
    recent: VecDeque<String>,
    previous_mark_compact_end: Duration,
    average_mutator: f64,
    average_mark_compact: f64,
    current_mu: f64,
}

impl GcTracer {
    /// A tracer for the isolate at address `isolate`, printing to `output` if given
    /// (`--trace-gc`).
    pub fn new(isolate: usize, output: Option<Output>) -> Rc<RefCell<GcTracer>> {
        Rc::new(RefCell::new(GcTracer {
            pid: std::process::id(),
            isolate,
            output,
            recent: VecDeque::new(),
            previous_mark_compact_end: Duration::ZERO,
            average_mutator: 0.0,
            average_mark_compact: 0.0,
            current_mu: 1.0,
        }))
    }

    /// Records one finished GC (prints its line under `--trace-gc`).
    pub fn record(&mut self, event: &GcEvent) {
        let line = self.format(event);
        if let Some(out) = &self.output {
            out.line(&line);
        }
        self.recent.push_back(line);
        while self.recent.len() > 1 && self.recent.iter().map(|l| l.len() + 1).sum::<usize>() > RING_CHARS {
            self.recent.pop_front();
        }
        if event.kind == GcKind::MarkCompact {
            self.record_mutator_utilization(event.start + event.duration, event.duration);
        }
    }

    /// The most recent trace lines, oldest first.
    pub fn recent(&self) -> impl Iterator<Item = &str> {
        self.recent.iter().map(|s| s.as_str())
    }

    fn average_mu(&self) -> f64 {
        let total = self.average_mutator + self.average_mark_compact;
        if total == 0.0 { 1.0 } else { self.average_mutator / total }
    }

    fn record_mutator_utilization(&mut self, end: Duration, duration: Duration) {
        let total = end.saturating_sub(self.previous_mark_compact_end).as_secs_f64();
        let mark_compact = duration.as_secs_f64();
        let mutator = (total - mark_compact).max(0.0);
        if self.average_mutator == 0.0 && self.average_mark_compact == 0.0 {
            self.average_mark_compact = mark_compact;
            self.average_mutator = mutator;
        } else {
            self.average_mark_compact = (self.average_mark_compact + mark_compact) / 2.0;
            self.average_mutator = (self.average_mutator + mutator) / 2.0;
        }
        self.current_mu = if total > 0.0 { mutator / total } else { 0.0 };
        self.previous_mark_compact_end = end;
    }

    /// One `--trace-gc` line, without the line break.
    pub fn format(&self, e: &GcEvent) -> String {
        let collector_reason = match (e.kind, e.reason) {
            (GcKind::Scavenge, _) => "",
            (GcKind::MarkCompact, GcReason::AllocationFailure) => "scavenge might not succeed",
            (GcKind::MarkCompact, _) => "GC in old space requested",
        };
        // V8's note on the incremental marking a mark-compact finished.
        let incremental = e.incremental.map_or(String::new(), |i| {
            format!(
                "(+ {:.1} ms in {} steps since start of marking, biggest step {:.1} ms, walltime since start of marking {:.0} ms) ",
                i.step_time.as_secs_f64() * 1000.0,
                i.steps,
                i.longest_step.as_secs_f64() * 1000.0,
                i.since_start.as_secs_f64() * 1000.0
            )
        });
        format!(
            "[{}:{:#x}] {:>8.0} ms: {} {:.1} ({:.1}) -> {:.1} ({:.1}) MB, {:.2} / 0.00 ms  {}(average mu = {:.3}, current mu = {:.3}) {}; {}",
            self.pid,
            self.isolate,
            e.start.as_secs_f64() * 1000.0,
            e.kind.trace_name(),
            e.size_before as f64 / MB,
            e.committed_before as f64 / MB,
            e.size_after as f64 / MB,
            e.committed_after as f64 / MB,
            e.duration.as_secs_f64() * 1000.0,
            incremental,
            self.average_mu(),
            self.current_mu,
            e.reason.trace_name(),
            collector_reason,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: GcKind, start_ms: u64, pause_us: u64) -> GcEvent {
        GcEvent {
            kind,
            reason: GcReason::AllocationFailure,
            start: Duration::from_millis(start_ms),
            duration: Duration::from_micros(pause_us),
            size_before: 4_089_446,
            committed_before: 4 << 20,
            size_after: 3_879_731,
            committed_after: 5 << 20,
            copied_bytes: 0,
            promoted_bytes: 0,
            incremental: None,
        }
    }

    #[test]
    fn line_has_v8_grammar() {
        let tracer = GcTracer::new(0x8296c00, None);
        let line = tracer.borrow().format(&event(GcKind::Scavenge, 25, 2440));
        let expected = "25 ms: Scavenge 3.9 (4.0) -> 3.7 (5.0) MB, 2.44 / 0.00 ms  \
                        (average mu = 1.000, current mu = 1.000) allocation failure; ";
        assert!(line.ends_with(&format!("0x8296c00]       {expected}")), "{line}");
        assert!(line.starts_with(&format!("[{}:0x8296c00] ", std::process::id())));
    }

    #[test]
    fn mutator_utilization_after_mark_compacts() {
        let tracer = GcTracer::new(1, None);
        let mut t = tracer.borrow_mut();
        t.record(&event(GcKind::MarkCompact, 90, 10_000)); // 90 ms mutator, 10 ms GC
        assert!((t.current_mu - 0.9).abs() < 1e-9);
        assert!((t.average_mu() - 0.9).abs() < 1e-9);
        let line = t.format(&event(GcKind::MarkCompact, 130, 10_000));
        assert!(
            line.contains("Mark-Compact") && line.contains("(average mu = 0.900, current mu = 0.900)"),
            "{line}"
        );
        assert!(line.ends_with("allocation failure; scavenge might not succeed"), "{line}");
    }

    #[test]
    fn ring_keeps_recent_lines() {
        let tracer = GcTracer::new(1, None);
        let mut t = tracer.borrow_mut();
        for i in 0..20 {
            t.record(&event(GcKind::Scavenge, i, 100));
        }
        let recent: Vec<&str> = t.recent().collect();
        assert!(!recent.is_empty() && recent.len() < 20);
        assert!(recent.last().unwrap().contains("      19 ms"));
    }
}
