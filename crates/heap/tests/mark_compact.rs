//! Mark-compact: retained graphs survive with their contents, garbage in the old generation
//! is reclaimed, fragmented pages are compacted and returned, large objects are freed, and
//! the string table is weak in full GCs too.

use tagus_heap::{AllocationType, GcKind, GcReason, Heap, HeapConfig, NewStringType, SpaceId};

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

#[test]
fn a_retained_graph_survives_many_major_gcs() {
    for stress in [false, true] {
        let mut heap = heap(stress);
        heap.handle_scope(|scope| {
            let root = scope.new_fixed_array(500, AllocationType::Young).unwrap();
            for i in 0..500 {
                scope.scope(|inner| {
                    let node = inner.new_fixed_array(3, AllocationType::Young).unwrap();
                    let label = inner
                        .new_string_from_utf8(format!("node {i}").as_bytes(), NewStringType::Normal)
                        .unwrap();
                    let value = inner.new_heap_number(i as f64 + 0.5, AllocationType::Old).unwrap();
                    inner.fixed_array_set(node, 0, label);
                    inner.fixed_array_set(node, 1, value);
                    inner.fixed_array_set(node, 2, root); // cycles through the root
                    inner.fixed_array_set(root, i, node);
                });
            }
            for round in 0..10 {
                if round % 3 == 0 {
                    scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
                }
                full_gc(scope);
                let view = root.get(scope).as_fixed_array().unwrap();
                assert_eq!(
                    root.get(scope).space(),
                    Some(SpaceId::Old),
                    "young objects are evacuated to old space"
                );
                for i in 0..500 {
                    let node = view.get(i).unwrap().as_fixed_array().unwrap();
                    assert_eq!(node.get(0).unwrap().as_string().unwrap().to_rust_string(), format!("node {i}"));
                    assert_eq!(node.get(1).unwrap().number(), Some(i as f64 + 0.5));
                    assert_eq!(node.get(2).unwrap().tagged(), root.get(scope).tagged());
                }
            }
        });
        assert_eq!(heap.gc_counters().mark_compacts, 10);
    }
}

#[test]
fn old_generation_garbage_is_reclaimed_and_empty_pages_return() {
    let mut heap = heap(false);
    heap.handle_scope(|scope| {
        for _ in 0..50 {
            scope.scope(|inner| {
                for _ in 0..100 {
                    inner.new_fixed_array(1000, AllocationType::Old).unwrap(); // 4 KB of garbage each
                }
            });
        }
    });
    // 20 MB of pretenured garbage passed the 8 MB allocation limit: mark-compacts ran.
    assert!(heap.gc_counters().mark_compacts >= 1);
    let committed_before = heap.space_statistics()[2].space_size;
    full_gc(&mut heap);
    let old = &heap.space_statistics()[2];
    assert_eq!(old.space_used_size, 0, "nothing in the old generation is live");
    assert_eq!(old.space_size, 0, "every old page went back to the cage (was {committed_before})");
}

#[test]
fn fragmented_pages_are_compacted_and_returned() {
    let mut heap = heap(false);
    heap.handle_scope(|scope| {
        // Fill ~8 pages with 1 KB arrays, keep one in 20.
        let keep = scope.new_fixed_array(2000, AllocationType::Old).unwrap();
        for i in 0..2000 {
            scope.scope(|inner| {
                let a = inner.new_fixed_array(254, AllocationType::Old).unwrap();
                let n = inner.new_heap_number(i as f64, AllocationType::Old).unwrap();
                inner.fixed_array_set(a, 0, n);
                if i % 20 == 0 {
                    inner.fixed_array_set(keep, i, a);
                }
            });
        }
        let pages_before = scope.space_statistics()[2].space_size / tagus_heap::cage::PAGE_SIZE;
        full_gc(scope); // sweeps: records how little lives on each page
        full_gc(scope); // evacuates the fragmented pages
        let pages_after = scope.space_statistics()[2].space_size / tagus_heap::cage::PAGE_SIZE;
        assert!(pages_after < pages_before, "{pages_after} pages after, {pages_before} before");
        let view = keep.get(scope).as_fixed_array().unwrap();
        for i in (0..2000).step_by(20) {
            let a = view.get(i).unwrap().as_fixed_array().unwrap();
            assert_eq!(a.get(0).unwrap().number(), Some(i as f64));
        }
    });
    assert!(heap.gc_counters().pages_released > 0);
}

#[test]
fn large_objects_are_freed_when_dead() {
    let mut heap = heap(false);
    heap.handle_scope(|scope| {
        let kept = scope.new_fixed_array(100_000, AllocationType::Young).unwrap();
        scope.scope(|inner| {
            inner.new_string_from_utf8(&vec![b'x'; 2_000_000], NewStringType::Normal).unwrap();
        });
        assert_eq!(scope.space_statistics()[3].space_used_size, 400_008 + 2_000_012);
        full_gc(scope);
        assert_eq!(
            scope.space_statistics()[3].space_used_size,
            400_008,
            "the dead string's chunk is gone"
        );
        assert_eq!(kept.get(scope).space(), Some(SpaceId::LargeObject));
    });
}

#[test]
fn string_table_is_weak_in_full_gcs() {
    let mut heap = heap(true);
    let base = heap.string_table_len();
    heap.handle_scope(|scope| {
        let kept = scope.new_string_from_utf8(b"kept", NewStringType::Internalized).unwrap();
        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing); // promoted: only a full GC frees it now
        scope.scope(|inner| {
            let s = inner.new_string_from_utf8(b"dies old", NewStringType::Internalized).unwrap();
            inner.collect_garbage(GcKind::Scavenge, GcReason::Testing);
            inner.collect_garbage(GcKind::Scavenge, GcReason::Testing);
            assert_eq!(s.get(inner).space(), Some(SpaceId::Old));
        });
        assert_eq!(scope.string_table_len(), base + 2);
        full_gc(scope);
        assert_eq!(scope.string_table_len(), base + 1);
        let again = scope.new_string_from_utf8(b"kept", NewStringType::Internalized).unwrap();
        assert_eq!(
            again.get(scope).tagged(),
            kept.get(scope).tagged(),
            "entry follows the moved string"
        );
    });
}

#[test]
fn old_to_new_pointers_survive_a_full_gc_and_later_scavenges() {
    let mut heap = heap(true);
    heap.handle_scope(|scope| {
        let old = scope.new_fixed_array(10, AllocationType::Old).unwrap();
        full_gc(scope);
        scope.scope(|inner| {
            let young = inner.new_string_from_utf8(b"young", NewStringType::Normal).unwrap();
            inner.fixed_array_set(old, 3, young);
        });
        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        full_gc(scope);
        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        let v = old.get(scope).as_fixed_array().unwrap().get(3).unwrap();
        assert_eq!(v.as_string().unwrap().to_rust_string(), "young");
    });
}
