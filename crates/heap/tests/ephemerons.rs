//! Weak references in mark-compact: ephemeron tables (a value lives only as long as its
//! key, to a fixed point, cycles through the value included), WeakRef-style weak fields
//! with KeepDuringJob, and FinalizationRegistry cells queued when their target dies. Values
//! are kept on the JS stack (a strong root) and re-read after every GC.

use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::objects::js_weak::{finalization_registry, weak_ref};
use tagus_heap::objects::{HeapObject, InstanceType};
use tagus_heap::{AllocationType, GcKind, GcReason, Heap, HeapConfig, Tagged};

fn heap(stress_compaction: bool) -> Heap {
    Heap::new(HeapConfig {
        verify_heap: true,
        stress_compaction,
        ..HeapConfig::default()
    })
    .unwrap()
}

fn full_gc(heap: &mut Heap) {
    heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
}

fn scavenge(heap: &mut Heap) {
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
}

/// Pushes `v` on the JS stack; returns its slot.
fn root(heap: &mut Heap, v: Tagged) -> usize {
    heap.js_stack.push(v);
    heap.js_stack.len() - 1
}

fn array(heap: &mut Heap, length: usize) -> usize {
    let a = heap.new_fixed_array(length, AllocationType::Young).unwrap();
    root(heap, a)
}

fn get(heap: &Heap, slot: usize) -> Tagged {
    heap.js_stack[slot]
}

fn element(array: Tagged, i: usize) -> Tagged {
    HeapObject::from_tagged(array).read_tagged(FixedArray::offset_of_element(i))
}

fn set_element(array: Tagged, i: usize, v: Tagged) {
    HeapObject::from_tagged(array).write_tagged(FixedArray::offset_of_element(i), v);
}

/// A table rooted in a slot, with `put` keeping the slot up to date.
fn put(heap: &mut Heap, table_slot: usize, key: Tagged, value: Tagged) {
    let t = heap.ephemeron_table_put(get(heap, table_slot), key, value).unwrap();
    heap.js_stack[table_slot] = t;
}

/// A weak witness: a rooted array whose element 0 weakly points at `v`.
fn witness(heap: &mut Heap, v: Tagged) -> usize {
    let v_slot = root(heap, v);
    let slot = array(heap, 1);
    set_element(get(heap, slot), 0, get(heap, v_slot).to_weak());
    heap.js_stack[v_slot] = Tagged::smi(0);
    slot
}

fn is_dead(heap: &Heap, witness_slot: usize) -> bool {
    element(get(heap, witness_slot), 0).is_cleared()
}

#[test]
fn a_value_lives_exactly_as_long_as_its_key() {
    for stress in [false, true] {
        let mut heap = heap(stress);
        let t = heap.new_ephemeron_hash_table(4).unwrap();
        let table = root(&mut heap, t);
        let key = array(&mut heap, 1);
        let value = array(&mut heap, 1);
        set_element(get(&heap, value), 0, Tagged::smi(42));
        let (k, v) = (get(&heap, key), get(&heap, value));
        put(&mut heap, table, k, v);
        let value_witness = witness(&mut heap, v);
        heap.js_stack[value] = Tagged::smi(0); // the value is reachable only through the table
        for _ in 0..3 {
            scavenge(&mut heap);
            full_gc(&mut heap);
            let found = heap
                .ephemeron_table_get(get(&heap, table), get(&heap, key))
                .expect("live key keeps its value");
            assert_eq!(element(found, 0), Tagged::smi(42));
            assert!(!is_dead(&heap, value_witness));
        }
        heap.js_stack[key] = Tagged::smi(0);
        full_gc(&mut heap);
        assert!(is_dead(&heap, value_witness), "the value died with its key");
        assert_eq!(heap.ephemeron_table_len(get(&heap, table)), 0, "the dead entry was removed");
    }
}

#[test]
fn a_key_reachable_only_from_its_own_value_is_collected() {
    for stress in [false, true] {
        let mut heap = heap(stress);
        let t = heap.new_ephemeron_hash_table(4).unwrap();
        let table = root(&mut heap, t);
        let key = array(&mut heap, 1);
        let value = array(&mut heap, 1);
        set_element(get(&heap, value), 0, get(&heap, key)); // value → key: a cycle through the table
        let (k, v) = (get(&heap, key), get(&heap, value));
        put(&mut heap, table, k, v);
        let key_witness = witness(&mut heap, k);
        let value_witness = witness(&mut heap, v);
        heap.js_stack[key] = Tagged::smi(0);
        heap.js_stack[value] = Tagged::smi(0);
        scavenge(&mut heap); // the scavenger is conservative: both survive it
        assert!(!is_dead(&heap, key_witness) && !is_dead(&heap, value_witness));
        full_gc(&mut heap);
        assert!(is_dead(&heap, key_witness), "the key was only reachable through its value");
        assert!(is_dead(&heap, value_witness));
        assert_eq!(heap.ephemeron_table_len(get(&heap, table)), 0);
    }
}

#[test]
fn chains_of_ephemerons_reach_a_fixed_point() {
    // key[i+1] is reachable only as the value of key[i]; only key[0] is rooted. Entries are
    // inserted last-first so one pass over the table in order cannot mark the chain.
    let mut heap = heap(false);
    let t = heap.new_ephemeron_hash_table(4).unwrap();
    let table = root(&mut heap, t);
    const N: usize = 50;
    let first = heap.js_stack.len();
    for i in 0..N {
        let slot = array(&mut heap, 1);
        set_element(get(&heap, slot), 0, Tagged::smi(i as i32));
    }
    for i in (0..N - 1).rev() {
        let (k, v) = (get(&heap, first + i), get(&heap, first + i + 1));
        put(&mut heap, table, k, v);
    }
    let last = get(&heap, first + N - 1);
    let last_witness = witness(&mut heap, last);
    for i in 1..N {
        heap.js_stack[first + i] = Tagged::smi(0);
    }
    full_gc(&mut heap);
    assert!(!is_dead(&heap, last_witness), "the whole chain is live");
    let mut k = get(&heap, first);
    for i in 1..N {
        k = heap.ephemeron_table_get(get(&heap, table), k).expect("chain link");
        assert_eq!(element(k, 0), Tagged::smi(i as i32));
    }
    heap.js_stack[first] = Tagged::smi(0);
    full_gc(&mut heap);
    assert!(is_dead(&heap, last_witness));
    assert_eq!(heap.ephemeron_table_len(get(&heap, table)), 0);
}

#[test]
fn lookups_survive_moving_collections_and_growth() {
    for stress in [false, true] {
        let mut heap = heap(stress);
        let t = heap.new_ephemeron_hash_table(4).unwrap();
        let table = root(&mut heap, t);
        const N: usize = 300;
        let keys = array(&mut heap, N);
        for i in 0..N {
            let k = heap.new_fixed_array(1, AllocationType::Young).unwrap();
            set_element(get(&heap, keys), i, k);
            let k = element(get(&heap, keys), i);
            put(&mut heap, table, k, Tagged::smi(i as i32));
            if i % 37 == 0 {
                scavenge(&mut heap);
            }
            if i % 101 == 0 {
                full_gc(&mut heap);
            }
        }
        // Drop every odd key.
        for i in (1..N).step_by(2) {
            set_element(get(&heap, keys), i, Tagged::smi(0));
        }
        full_gc(&mut heap);
        assert_eq!(heap.ephemeron_table_len(get(&heap, table)), N / 2);
        for i in (0..N).step_by(2) {
            let k = element(get(&heap, keys), i);
            assert_eq!(heap.ephemeron_table_get(get(&heap, table), k), Some(Tagged::smi(i as i32)));
        }
        // Removal and re-insertion.
        for i in (0..N).step_by(4) {
            let k = element(get(&heap, keys), i);
            assert!(heap.ephemeron_table_remove(get(&heap, table), k));
            assert!(!heap.ephemeron_table_remove(get(&heap, table), k));
        }
        scavenge(&mut heap);
        for i in (0..N).step_by(2) {
            let k = element(get(&heap, keys), i);
            let expected = (i % 4 != 0).then_some(Tagged::smi(i as i32));
            assert_eq!(heap.ephemeron_table_get(get(&heap, table), k), expected);
        }
    }
}

fn js_object(heap: &mut Heap, instance_type: InstanceType, size: usize) -> usize {
    let null = heap.roots().null_value;
    let map = heap.new_map(instance_type, size, null).unwrap();
    let o = heap.allocate_initialized(map, size, AllocationType::Young).unwrap();
    let empty = heap.roots().empty_fixed_array;
    o.write_tagged_no_barrier(4, empty);
    o.write_tagged_no_barrier(8, empty);
    root(heap, o.tagged())
}

#[test]
fn weak_ref_targets_are_cleared_unless_kept_for_the_job() {
    let mut heap = heap(false);
    let weak_ref_slot = js_object(&mut heap, InstanceType::JsWeakRef, weak_ref::SIZE);
    let target = array(&mut heap, 2);
    let target_value = get(&heap, target);
    HeapObject::from_tagged(get(&heap, weak_ref_slot)).write_tagged(weak_ref::TARGET_OFFSET, target_value.to_weak());
    heap.keep_during_job(target_value);
    heap.js_stack[target] = Tagged::smi(0);
    full_gc(&mut heap);
    let held = HeapObject::from_tagged(get(&heap, weak_ref_slot)).read_tagged(weak_ref::TARGET_OFFSET);
    assert!(held.is_weak() && !held.is_cleared(), "kept during the job");
    heap.clear_kept_objects();
    scavenge(&mut heap);
    let held = HeapObject::from_tagged(get(&heap, weak_ref_slot)).read_tagged(weak_ref::TARGET_OFFSET);
    assert!(!held.is_cleared(), "the scavenger keeps weak targets");
    full_gc(&mut heap);
    let held = HeapObject::from_tagged(get(&heap, weak_ref_slot)).read_tagged(weak_ref::TARGET_OFFSET);
    assert!(held.is_cleared(), "cleared once unreachable");
}

#[test]
fn finalization_cells_are_queued_when_their_target_dies() {
    let mut heap = heap(true);
    let registry = js_object(&mut heap, InstanceType::JsFinalizationRegistry, finalization_registry::SIZE);
    let undefined = heap.roots().undefined_value;
    heap.init_finalization_registry(get(&heap, registry), undefined).unwrap();
    let token = array(&mut heap, 1);
    let kept = array(&mut heap, 1);
    for i in 0..10 {
        let target = heap.new_fixed_array(1, AllocationType::Young).unwrap();
        let t = if i == 3 { get(&heap, kept) } else { target };
        let tok = if i % 2 == 0 { get(&heap, token) } else { undefined };
        heap.finalization_registry_register(get(&heap, registry), t, Tagged::smi(i), tok)
            .unwrap();
    }
    assert_eq!(heap.finalization_registry_cell_count(get(&heap, registry)), 10);
    scavenge(&mut heap);
    assert!(!heap.has_pending_finalization_tasks(), "a scavenge never clears cells");
    full_gc(&mut heap);
    let r = heap.next_dirty_finalization_registry().expect("queued");
    assert_eq!(r, get(&heap, registry));
    assert!(heap.next_dirty_finalization_registry().is_none(), "queued once");
    // Unregistering removes the even cells, cleared or not.
    assert!(heap.finalization_registry_unregister(get(&heap, registry), get(&heap, token)));
    let mut cleaned = Vec::new();
    while let Some(h) = heap.finalization_registry_take_cleared(get(&heap, registry)) {
        cleaned.push(h.smi_value());
    }
    assert_eq!(cleaned, vec![9, 7, 5, 1], "newest first, the kept target's cell stays");
    assert_eq!(heap.finalization_registry_cell_count(get(&heap, registry)), 1);
    full_gc(&mut heap);
    assert!(!heap.has_pending_finalization_tasks());
}
