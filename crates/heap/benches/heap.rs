//! Micro-benchmarks of the heap: bump allocation of small objects (with a `Box` loop as the
//! reference point), scavenge throughput and scavenge pauses with 1 MB and 8 MB of survivors,
//! and mark-compact pauses over 8 MB of live old objects (sweeping only, and compacting all).
//!
//! `cargo bench -p tagus-heap` (figures and how to read them: docs/perf.md).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tagus_heap::{AllocationType, GcKind, GcReason, Heap, HeapConfig};

const MB: usize = 1024 * 1024;

fn allocation(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocate");
    group.throughput(Throughput::Elements(1));
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    // Garbage only: scavenges are cheap and included, as in real allocation-heavy code.
    group.bench_function("bump_16_bytes", |b| {
        b.iter(|| heap.allocate_filler(black_box(16), AllocationType::Young).unwrap())
    });
    group.bench_function("heap_number", |b| {
        b.iter(|| {
            heap.handle_scope(|scope| {
                black_box(scope.new_heap_number(black_box(0.5), AllocationType::Young).unwrap())
                    .get(scope)
                    .tagged()
            })
        })
    });
    group.bench_function("box_16_bytes", |b| b.iter(|| black_box(Box::new(black_box([0u64; 2])))));
    group.finish();
}

/// Builds `live_bytes` of young objects reachable from one handle: a young FixedArray of
/// 1 KB FixedArrays (each 8 + 254 × 4 = 1024 bytes).
fn build_live_graph(heap: &mut Heap, live_bytes: usize) -> tagus_heap::Global<tagus_heap::types::FixedArray> {
    let count = live_bytes / 1024;
    heap.handle_scope(|scope| {
        let outer = scope.new_fixed_array(count, AllocationType::Young).unwrap();
        for i in 0..count {
            scope.scope(|inner| {
                let leaf = inner.new_fixed_array(254, AllocationType::Young).unwrap();
                inner.fixed_array_set(outer, i, leaf);
            });
        }
        tagus_heap::Global::new(scope, outer)
    })
}

fn scavenge(c: &mut Criterion) {
    let mut group = c.benchmark_group("scavenge");
    group.sample_size(20);
    for live_mb in [1usize, 8] {
        group.throughput(Throughput::Bytes((live_mb * MB) as u64));
        group.bench_function(format!("live_{live_mb}mb"), |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    // A fresh heap each time, so the survivors are copied (not promoted).
                    let config = HeapConfig {
                        min_semi_space_size: 32 * MB,
                        max_semi_space_size: 32 * MB,
                        ..HeapConfig::default()
                    };
                    let mut heap = Heap::new(config).unwrap();
                    let graph = build_live_graph(&mut heap, live_mb * MB);
                    let start = Instant::now();
                    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
                    total += start.elapsed();
                    assert!(heap.gc_counters().copied_bytes as usize >= live_mb * MB);
                    drop(graph);
                }
                total
            })
        });
    }
    group.finish();
}

fn mark_compact(c: &mut Criterion) {
    let mut group = c.benchmark_group("mark_compact");
    group.sample_size(20);
    for (name, stress_compaction) in [("live_8mb_sweep", false), ("live_8mb_compact_all", true)] {
        group.throughput(Throughput::Bytes((8 * MB) as u64));
        let config = HeapConfig {
            stress_compaction,
            ..HeapConfig::default()
        };
        let mut heap = Heap::new(config).unwrap();
        let graph = build_live_graph(&mut heap, 8 * MB);
        heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing); // everything old now
        group.bench_function(name, |b| b.iter(|| heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing)));
        drop(graph);
    }
    group.finish();
}

criterion_group!(benches, allocation, scavenge, mark_compact);
criterion_main!(benches);
