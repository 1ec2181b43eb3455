//! Lazy sweeping: after a mark-compact the old pages with survivors wait unswept; the
//! allocator sweeps them one at a time to reuse their free space before taking fresh pages;
//! the verifier, scavenges (promotion sweeps pages) and the next mark-compact all cope with
//! pages that are still unswept.

use tagus_heap::objects::HeapObject;
use tagus_heap::objects::fixed_array::FixedArray;
use tagus_heap::{AllocationType, GcKind, GcReason, Heap, HeapConfig, Tagged};

fn heap(lazy_sweeping: bool) -> Heap {
    Heap::new(HeapConfig {
        verify_heap: true,
        lazy_sweeping,
        ..HeapConfig::default()
    })
    .unwrap()
}

/// Fills old space with `count` small arrays, keeping every `keep_every`th in a rooted list;
/// returns the slot of the list.
fn fragment_old_space(heap: &mut Heap, count: usize, keep_every: usize) -> usize {
    let list = heap.new_fixed_array(count / keep_every + 1, AllocationType::Old).unwrap();
    heap.js_stack.push(list);
    let slot = heap.js_stack.len() - 1;
    for i in 0..count {
        let a = heap.new_fixed_array(6, AllocationType::Old).unwrap();
        HeapObject::from_tagged(a).write_tagged(FixedArray::offset_of_element(0), Tagged::smi(i as i32));
        if i % keep_every == 0 {
            HeapObject::from_tagged(heap.js_stack[slot]).write_tagged(FixedArray::offset_of_element(i / keep_every), a);
        }
    }
    slot
}

fn check_survivors(heap: &Heap, slot: usize, count: usize, keep_every: usize) {
    let list = HeapObject::from_tagged(heap.js_stack[slot]);
    for k in 0..count / keep_every {
        let a = list.read_tagged(FixedArray::offset_of_element(k));
        let first = HeapObject::from_tagged(a).read_tagged(FixedArray::offset_of_element(0));
        assert_eq!(first, Tagged::smi((k * keep_every) as i32));
    }
}

#[test]
fn pages_are_swept_on_demand_and_their_space_reused() {
    let mut heap = heap(true);
    const COUNT: usize = 40_000;
    let slot = fragment_old_space(&mut heap, COUNT, 4);
    heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    let unswept = heap.unswept_old_pages();
    assert!(unswept > 3, "pages with survivors wait to be swept ({unswept})");
    let committed = heap.committed_memory();
    // Allocating sweeps pages one at a time and reuses their dead space: no new pages.
    for _ in 0..COUNT / 2 {
        heap.new_fixed_array(6, AllocationType::Old).unwrap();
    }
    assert!(heap.unswept_old_pages() < unswept, "allocation swept pages");
    assert!(heap.committed_memory() <= committed, "dead space was reused before growing");
    check_survivors(&heap, slot, COUNT, 4);
    heap.verify().unwrap();
    // Scavenges promote into swept pages while others are still unswept.
    for round in 0..20 {
        let young = heap.new_fixed_array(3, AllocationType::Young).unwrap();
        heap.js_stack.push(young);
        heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        if round % 7 == 0 {
            heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
        }
    }
    check_survivors(&heap, slot, COUNT, 4);
    heap.complete_sweeping();
    assert_eq!(heap.unswept_old_pages(), 0);
    heap.verify().unwrap();
}

#[test]
fn eager_and_lazy_sweeping_keep_the_same_objects() {
    let mut sizes = Vec::new();
    for lazy in [false, true] {
        let mut heap = heap(lazy);
        let slot = fragment_old_space(&mut heap, 20_000, 3);
        heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
        assert_eq!(heap.unswept_old_pages() > 0, lazy);
        sizes.push(heap.old_generation_size());
        heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
        check_survivors(&heap, slot, 20_000, 3);
    }
    assert_eq!(sizes[0], sizes[1], "live bytes come from marking either way");
}

#[test]
fn the_mutator_sweeps_ahead_of_the_next_scavenges_promotion() {
    const MB: usize = 1024 * 1024;
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        min_semi_space_size: 4 * MB,
        ..HeapConfig::default()
    })
    .unwrap();
    let slot = fragment_old_space(&mut heap, 40_000, 4);
    heap.collect_garbage(GcKind::MarkCompact, GcReason::Testing);
    let unswept = heap.unswept_old_pages();
    assert!(unswept > 3, "pages with survivors wait to be swept ({unswept})");
    // Half a megabyte of young survivors: the next scavenge will promote them.
    let survivors = heap.new_fixed_array(8_000, AllocationType::Young).unwrap();
    heap.js_stack.push(survivors);
    let survivors_slot = heap.js_stack.len() - 1;
    for i in 0..8_000 {
        let a = heap.new_fixed_array(14, AllocationType::Young).unwrap();
        HeapObject::from_tagged(heap.js_stack[survivors_slot]).write_tagged(FixedArray::offset_of_element(i), a);
    }
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
    assert_eq!(heap.unswept_old_pages(), unswept, "copying within new space sweeps nothing");
    // The mutator fills a few new-space pages: each sweeps an old page.
    for _ in 0..4 * 1024 {
        heap.allocate_filler(256, AllocationType::Young).unwrap();
    }
    assert!(heap.unswept_old_pages() < unswept, "pages were swept ahead of promotion");
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
    check_survivors(&heap, slot, 40_000, 4);
    heap.verify().unwrap();
}
