//! The foundation's stress test: 100 million small allocations while 10,000 objects stay
//! alive through handles, with a scavenge every N allocations (stress mode) and the heap
//! verified after every GC. Nothing may be lost, nothing may crash.

use tagus_heap::{AllocationType, Heap, HeapConfig};

const TOTAL_ALLOCATIONS: u64 = 100_000_000;
const KEPT_ALIVE: usize = 10_000;
/// A scavenge every this many allocations (`--gc-interval`).
const GC_INTERVAL: u32 = 20_000;
/// Every this many allocations one kept object is replaced, so survivors keep changing.
const REPLACE_EVERY: u64 = 10_000;

fn value_for(slot: usize, generation: u64) -> f64 {
    slot as f64 * 1_000_003.0 + generation as f64 + 0.5
}

#[test]
fn hundred_million_allocations_keep_ten_thousand_alive_under_gc_stress() {
    let config = HeapConfig {
        gc_interval: Some(GC_INTERVAL),
        verify_heap: true,
        ..HeapConfig::default()
    };
    let mut heap = Heap::new(config).unwrap();
    let generations = heap.handle_scope(|scope| {
        // The survivors: one handle each, to a one-element array holding a HeapNumber whose
        // value says which survivor and which generation it is.
        let mut kept = Vec::with_capacity(KEPT_ALIVE);
        for slot in 0..KEPT_ALIVE {
            let cell = scope.new_fixed_array(1, AllocationType::Young).unwrap();
            let number = scope.new_number(value_for(slot, 0)).unwrap();
            scope.fixed_array_set(cell, 0, number);
            kept.push(cell);
        }
        let mut generation = vec![0u64; KEPT_ALIVE];
        let mut allocated = 2 * KEPT_ALIVE as u64;
        while allocated < TOTAL_ALLOCATIONS {
            // Short-lived garbage in an inner scope.
            scope.scope(|inner| {
                for _ in 0..REPLACE_EVERY {
                    inner.new_heap_number(1.25, AllocationType::Young).unwrap();
                }
            });
            allocated += REPLACE_EVERY;
            // Replace one survivor's contents: a young number stored into a (by now usually
            // old) array goes through the write barrier into the remembered set.
            let slot = (allocated / REPLACE_EVERY) as usize % KEPT_ALIVE;
            generation[slot] += 1;
            scope.scope(|inner| {
                let replacement = inner
                    .new_heap_number(value_for(slot, generation[slot]), AllocationType::Young)
                    .unwrap();
                inner.fixed_array_set(kept[slot], 0, replacement);
            });
            allocated += 1;
        }
        for (slot, cell) in kept.iter().enumerate() {
            let number = cell.get(scope).as_fixed_array().unwrap().get(0).unwrap().number();
            assert_eq!(number, Some(value_for(slot, generation[slot])), "survivor {slot} lost");
        }
        generation.iter().sum::<u64>()
    });
    assert!(generations >= 9_000, "{generations} replacements");
    let counters = heap.gc_counters();
    assert!(
        counters.scavenges >= TOTAL_ALLOCATIONS / GC_INTERVAL as u64,
        "{} scavenges",
        counters.scavenges
    );
    heap.verify().unwrap();
}

/// The same survivors under both collectors: scavenges by `--gc-interval`, and a
/// mark-compact with `--stress-compaction` (every old page evacuated) every 500,000
/// allocations, with the heap verified after each GC.
#[test]
fn survivors_keep_their_contents_through_scavenges_and_compacting_full_gcs() {
    use tagus_heap::{GcKind, GcReason};
    let config = HeapConfig {
        gc_interval: Some(GC_INTERVAL),
        verify_heap: true,
        stress_compaction: true,
        ..HeapConfig::default()
    };
    let mut heap = Heap::new(config).unwrap();
    heap.handle_scope(|scope| {
        let survivors = scope.new_fixed_array(KEPT_ALIVE, AllocationType::Young).unwrap();
        let mut generation = vec![0u64; KEPT_ALIVE];
        for round in 0..20u64 {
            for step in 0..50u64 {
                scope.scope(|inner| {
                    for _ in 0..REPLACE_EVERY {
                        inner.new_heap_number(1.25, AllocationType::Young).unwrap();
                    }
                    let slot = ((round * 50 + step) as usize * 7919) % KEPT_ALIVE;
                    generation[slot] += 1;
                    let value = inner
                        .new_heap_number(value_for(slot, generation[slot]), AllocationType::Young)
                        .unwrap();
                    inner.fixed_array_set(survivors, slot, value);
                });
            }
            scope.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
            let view = survivors.get(scope).as_fixed_array().unwrap();
            for (slot, &g) in generation.iter().enumerate() {
                if g > 0 {
                    assert_eq!(
                        view.get(slot).unwrap().number(),
                        Some(value_for(slot, g)),
                        "survivor {slot} after round {round}"
                    );
                }
            }
        }
    });
    assert!(heap.gc_counters().mark_compacts >= 20);
}
