//! Incremental marking: the marking barrier keeps the tri-colour invariant while the mutator
//! allocates and stores pointers between marking steps (the verifier checks that no black
//! object points at a white one after every GC), scavenges during marking move marked objects
//! soundly, and the finalizing pause collects exactly what became garbage before marking
//! reached it.

use std::cell::Cell;
use std::rc::Rc;

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::{AllocationType, GcKind, GcReason, Heap, HeapConfig, Tagged};

fn element(array: Tagged, i: usize) -> Tagged {
    HeapObject::from_tagged(array).read_tagged(FixedArray::offset_of_element(i))
}

fn set_element(array: Tagged, i: usize, v: Tagged) {
    HeapObject::from_tagged(array).write_tagged(FixedArray::offset_of_element(i), v);
}

fn root(heap: &mut Heap, v: Tagged) -> usize {
    heap.js_stack.push(v);
    heap.js_stack.len() - 1
}

/// A tiny deterministic random sequence.
fn lcg(seed: &mut u64) -> usize {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (*seed >> 33) as usize
}

#[test]
fn a_white_object_stored_into_a_black_one_survives_the_finalizing_pause() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap();
    let holder = heap.new_fixed_array(4, AllocationType::Old).unwrap();
    let holder_slot = root(&mut heap, holder);
    heap.start_incremental_marking();
    assert!(heap.is_marking());
    // Marking completes: the holder is black.
    while !heap.advance_incremental_marking(1 << 20) {}
    // A fresh (white) object, reachable only through a store into the black holder.
    let late = heap.new_fixed_array(2, AllocationType::Old).unwrap();
    set_element(late, 0, Tagged::smi(77));
    set_element(heap.js_stack[holder_slot], 1, late);
    // Another, stored young: the barrier greys it too and records nothing old-to-old.
    let young = heap.new_fixed_array(1, AllocationType::Young).unwrap();
    set_element(young, 0, Tagged::smi(88));
    set_element(heap.js_stack[holder_slot], 2, young);
    heap.verify().unwrap(); // the tri-colour invariant holds
    heap.collect_garbage(GcKind::MarkCompact, GcReason::AllocationFailure);
    assert!(!heap.is_marking());
    let holder = heap.js_stack[holder_slot];
    assert_eq!(element(element(holder, 1), 0), Tagged::smi(77));
    assert_eq!(element(element(holder, 2), 0), Tagged::smi(88));
}

#[test]
fn garbage_made_before_marking_reaches_it_is_collected_at_finalization() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap();
    let holder = heap.new_fixed_array(2, AllocationType::Old).unwrap();
    let holder_slot = root(&mut heap, holder);
    let doomed = heap.new_fixed_array(1, AllocationType::Old).unwrap();
    set_element(heap.js_stack[holder_slot], 0, doomed);
    // A weak witness of the doomed object.
    let witness = heap.new_fixed_array(1, AllocationType::Old).unwrap();
    let witness_slot = root(&mut heap, witness);
    let doomed = element(heap.js_stack[holder_slot], 0);
    set_element(heap.js_stack[witness_slot], 0, doomed.to_weak());
    heap.start_incremental_marking();
    // Unlink it before marking has scanned the holder: it is never marked.
    set_element(heap.js_stack[holder_slot], 0, Tagged::smi(0));
    while !heap.advance_incremental_marking(1 << 20) {}
    heap.collect_garbage(GcKind::MarkCompact, GcReason::AllocationFailure);
    assert!(element(heap.js_stack[witness_slot], 0).is_cleared());
}

#[test]
fn interleaved_allocation_stores_and_scavenges_during_marking_keep_the_heap_sound() {
    for stress_compaction in [false, true] {
        let mut heap = Heap::new(HeapConfig {
            verify_heap: true,
            stress_compaction,
            gc_interval: Some(97),
            stress_incremental_marking: true,
            ..HeapConfig::default()
        })
        .unwrap();
        let finalized = Rc::new(Cell::new(0));
        let seen = finalized.clone();
        heap.add_gc_callback(move |event| {
            if event.reason == GcReason::FinalizeIncrementalMarking {
                assert!(event.incremental.is_some_and(|i| i.steps > 1));
                seen.set(seen.get() + 1);
            }
        });
        // A table of 64 slots in old space; each slot holds a young or old array whose
        // element 0 is its expected Smi and element 1 links to another entry's array.
        const SLOTS: usize = 64;
        let table = heap.new_fixed_array(SLOTS, AllocationType::Old).unwrap();
        let table_slot = root(&mut heap, table);
        let mut expected = vec![-1i32; SLOTS];
        let mut seed = 12345u64;
        let mut marking_seen = 0;
        for round in 0..20_000 {
            let i = lcg(&mut seed) % SLOTS;
            let j = lcg(&mut seed) % SLOTS;
            let allocation = if round % 3 == 0 {
                AllocationType::Old
            } else {
                AllocationType::Young
            };
            let a = heap.new_fixed_array(2, allocation).unwrap();
            set_element(a, 0, Tagged::smi(round));
            // Link to another live entry (old→young, young→old, black→white stores).
            let other = element(heap.js_stack[table_slot], j);
            set_element(a, 1, other);
            set_element(heap.js_stack[table_slot], i, a);
            expected[i] = round;
            if heap.is_marking() {
                marking_seen += 1;
            }
            if round % 1000 == 0 {
                heap.verify().unwrap();
            }
        }
        assert!(marking_seen > 1000, "marking ran while the mutator worked ({marking_seen})");
        assert!(finalized.get() > 3, "incremental cycles finished ({})", finalized.get());
        heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
        let table = heap.js_stack[table_slot];
        for (i, &e) in expected.iter().enumerate() {
            if e >= 0 {
                let a = element(table, i);
                assert_eq!(element(a, 0), Tagged::smi(e), "slot {i}");
                let link = element(a, 1);
                assert!(link.is_smi() || link == heap.roots().undefined_value || element(link, 0).is_smi());
            }
        }
    }
}

#[test]
fn gc_for_testing_abandons_marking_and_collects_everything_unreachable() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap();
    let holder = heap.new_fixed_array(1, AllocationType::Old).unwrap();
    let holder_slot = root(&mut heap, holder);
    let floating = heap.new_fixed_array(1, AllocationType::Old).unwrap();
    set_element(heap.js_stack[holder_slot], 0, floating);
    heap.start_incremental_marking();
    while !heap.advance_incremental_marking(1 << 20) {} // `floating` is black now
    let floating = element(heap.js_stack[holder_slot], 0);
    let witness = heap.new_fixed_array(1, AllocationType::Old).unwrap();
    set_element(witness, 0, floating.to_weak());
    let witness_slot = root(&mut heap, witness);
    set_element(heap.js_stack[holder_slot], 0, Tagged::smi(0));
    heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    assert!(!heap.is_marking());
    assert!(
        element(heap.js_stack[witness_slot], 0).is_cleared(),
        "no floating garbage after gc()"
    );
}
