//! The scavenger: survivors move with their handles, garbage goes, objects are promoted
//! after their second scavenge, the remembered set keeps old-to-new pointers alive, and the
//! string table is weak.

use std::cell::RefCell;
use std::rc::Rc;

use tagus_heap::{AllocationType, GcKind, GcReason, Global, Heap, HeapConfig, NewStringType, SpaceId};

fn heap() -> Heap {
    Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap()
}

fn scavenge(heap: &mut Heap) {
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
}

#[test]
fn survivors_move_with_their_handles_and_keep_their_contents() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let s = scope.new_string_from_utf8("1 + 1 → two".as_bytes(), NewStringType::Normal).unwrap();
        let n = scope.new_number(0.5).unwrap();
        let before_s = s.get(scope).address().unwrap();
        let before_n = n.get(scope).address().unwrap();
        let bytes_before = s.get(scope).object_bytes().unwrap();
        scavenge(scope);
        let after_s = s.get(scope).address().unwrap();
        assert_ne!(before_s, after_s, "the string was copied to to-space");
        assert_ne!(before_n, n.get(scope).address().unwrap());
        assert_eq!(s.get(scope).object_bytes().unwrap(), bytes_before);
        assert_eq!(s.get(scope).as_string().unwrap().to_rust_string(), "1 + 1 → two");
        assert_eq!(n.get(scope).number(), Some(0.5));
        assert_eq!(s.get(scope).space(), Some(SpaceId::New));
    });
}

#[test]
fn unreachable_objects_are_gone_after_a_scavenge() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let kept = scope.new_string_from_utf8(b"kept", NewStringType::Normal).unwrap();
        scope.scope(|inner| {
            for i in 0..10_000 {
                inner.new_number(i as f64 + 0.25).unwrap();
            }
        });
        let used_before = scope.size_of_objects();
        assert!(used_before >= 10_000 * 12);
        scavenge(scope);
        let used_after = scope.size_of_objects();
        assert!(used_after < 1_000, "only the kept string survives: {used_after} bytes");
        assert_eq!(kept.get(scope).as_string().unwrap().to_rust_string(), "kept");
    });
}

#[test]
fn objects_are_promoted_after_exactly_two_scavenges() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let n = scope.new_number(1.5).unwrap();
        assert_eq!(n.get(scope).space(), Some(SpaceId::New));
        scavenge(scope);
        assert_eq!(n.get(scope).space(), Some(SpaceId::New), "survived once: still young");
        // Something allocated after the first scavenge is above the age mark.
        let later = scope.new_number(2.5).unwrap();
        scavenge(scope);
        assert_eq!(n.get(scope).space(), Some(SpaceId::Old), "survived twice: promoted");
        assert_eq!(later.get(scope).space(), Some(SpaceId::New), "survived once: still young");
        assert_eq!(n.get(scope).number(), Some(1.5));
        scavenge(scope);
        assert_eq!(later.get(scope).space(), Some(SpaceId::Old));
        assert_eq!(later.get(scope).number(), Some(2.5));
    });
}

#[test]
fn old_to_new_pointers_are_found_through_the_remembered_set() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let array = scope.new_fixed_array(3, AllocationType::Old).unwrap();
        assert_eq!(array.get(scope).space(), Some(SpaceId::Old));
        scope.scope(|inner| {
            let young = inner
                .new_string_from_utf8(b"only referenced from old space", NewStringType::Normal)
                .unwrap();
            assert!(inner.fixed_array_set(array, 1, young));
        });
        // The only reference to the young string is the old array's slot.
        scavenge(scope);
        scavenge(scope);
        let element = array.get(scope).as_fixed_array().unwrap().get(1).unwrap();
        assert_eq!(element.as_string().unwrap().to_rust_string(), "only referenced from old space");
        assert_eq!(element.space(), Some(SpaceId::Old), "promoted at the second scavenge");
        assert!(array.get(scope).as_fixed_array().unwrap().get(3).is_none());
    });
}

#[test]
fn a_young_array_graph_survives_and_is_rewired() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let outer = scope.new_fixed_array(100, AllocationType::Young).unwrap();
        for i in 0..100 {
            scope.scope(|inner| {
                let inner_array = inner.new_fixed_array(2, AllocationType::Young).unwrap();
                let n = inner.new_number(i as f64 + 0.5).unwrap();
                inner.fixed_array_set(inner_array, 0, n);
                inner.fixed_array_set(inner_array, 1, outer); // a cycle back to the root
                inner.fixed_array_set(outer, i, inner_array);
            });
        }
        for _ in 0..4 {
            scavenge(scope);
            let view = outer.get(scope).as_fixed_array().unwrap();
            for i in 0..100 {
                let element = view.get(i).unwrap().as_fixed_array().unwrap();
                assert_eq!(element.get(0).unwrap().number(), Some(i as f64 + 0.5));
                assert_eq!(element.get(1).unwrap().tagged(), outer.get(scope).tagged());
            }
        }
    });
}

#[test]
fn internalizing_equal_text_yields_the_same_object_and_the_table_is_weak() {
    let mut heap = heap();
    let base = heap.string_table_len();
    heap.handle_scope(|scope| {
        let a = scope.new_string_from_utf8(b"hello", NewStringType::Internalized).unwrap();
        let b = scope.new_string_from_utf8(b"hello", NewStringType::Internalized).unwrap();
        assert_eq!(a.get(scope).tagged(), b.get(scope).tagged());
        let wide = scope
            .new_string_from_two_byte(&[0x68, 0x65, 0x6c, 0x6c, 0x6f], NewStringType::Internalized)
            .unwrap();
        assert_eq!(wide.get(scope).tagged(), a.get(scope).tagged(), "same text, other encoding");
        let plain = scope.new_string_from_utf8(b"hello", NewStringType::Normal).unwrap();
        assert_ne!(plain.get(scope).tagged(), a.get(scope).tagged());
        let internalized = scope.internalize(plain).unwrap();
        assert_eq!(internalized.get(scope).tagged(), a.get(scope).tagged());
        assert!(a.get(scope).as_string().unwrap().is_internalized());
        // Read-only strings are in the table from the start.
        let undefined = scope.new_string_from_utf8(b"undefined", NewStringType::Internalized).unwrap();
        assert_eq!(undefined.get(scope).space(), Some(SpaceId::ReadOnly));
        scope.scope(|inner| {
            inner.new_string_from_utf8(b"short-lived", NewStringType::Internalized).unwrap();
        });
        assert_eq!(scope.string_table_len(), base + 2);
        scavenge(scope);
        assert_eq!(scope.string_table_len(), base + 1, "the dead entry is gone");
        // The live one was moved and its entry updated: lookup still finds the same object.
        let again = scope.new_string_from_utf8(b"hello", NewStringType::Internalized).unwrap();
        assert_eq!(again.get(scope).tagged(), a.get(scope).tagged());
    });
}

#[test]
fn global_handles_are_roots_and_drop_cleanly() {
    let mut heap = heap();
    let global = heap.handle_scope(|scope| {
        let s = scope.new_string_from_utf8(b"global", NewStringType::Normal).unwrap();
        Global::new(scope, s)
    });
    assert_eq!(heap.handle_count(), 0);
    scavenge(&mut heap);
    scavenge(&mut heap);
    assert_eq!(global.get(&heap).as_string().unwrap().to_rust_string(), "global");
    assert_eq!(global.get(&heap).space(), Some(SpaceId::Old));
    heap.handle_scope(|scope| {
        let local = scope.local_from_global(&global);
        assert_eq!(local.get(scope).as_string().unwrap().to_rust_string(), "global");
    });
    assert_eq!(heap.global_handle_count(), 1);
    drop(global);
    assert_eq!(heap.global_handle_count(), 0);
}

#[test]
fn an_escapable_scope_hands_one_handle_to_its_parent() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let before = scope.handle_count();
        let escaped = scope.escapable(|inner| {
            for _ in 0..5000 {
                inner.new_number(0.1).unwrap(); // spans several handle blocks
            }
            let s = inner.new_string_from_utf8(b"escaped", NewStringType::Normal).unwrap();
            inner.escape(s)
        });
        assert_eq!(scope.handle_count(), before + 1, "only the escape slot remains");
        scavenge(scope);
        assert_eq!(escaped.get(scope).as_string().unwrap().to_rust_string(), "escaped");
    });
}

#[test]
fn new_space_grows_when_much_survives() {
    let mut heap = heap();
    let initial = heap.semi_space_capacity();
    heap.handle_scope(|scope| {
        let keep = scope.new_fixed_array(40_000, AllocationType::Old).unwrap();
        for i in 0..40_000 {
            scope.scope(|inner| {
                let n = inner.new_heap_number(i as f64, AllocationType::Young).unwrap();
                inner.fixed_array_set(keep, i, n);
            });
        }
        scavenge(scope);
        scavenge(scope);
    });
    assert!(heap.semi_space_capacity() > initial, "{} > {initial}", heap.semi_space_capacity());
}

#[test]
fn gc_events_are_reported_with_their_reason() {
    let mut heap = heap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    heap.add_gc_callback(move |e| sink.borrow_mut().push((e.kind, e.reason, e.size_before, e.size_after)));
    heap.handle_scope(|scope| {
        // Fill new space until an allocation fails and triggers a scavenge.
        for _ in 0..200_000 {
            scope.scope(|inner| {
                inner.new_heap_number(1.0, AllocationType::Young).unwrap();
            });
        }
    });
    scavenge(&mut heap);
    let events = events.borrow();
    assert!(events.iter().any(|e| e.1 == GcReason::AllocationFailure));
    assert_eq!(events.last().unwrap().1, GcReason::Testing);
    assert!(events.iter().all(|e| e.0 == GcKind::Scavenge && e.3 <= e.2 + 1024));
    assert_eq!(heap.gc_counters().scavenges as usize, events.len());
}

#[test]
fn heap_statistics_add_up() {
    let mut heap = heap();
    heap.handle_scope(|scope| {
        scope.new_string_from_utf8(b"x", NewStringType::Normal).unwrap();
        let stats = scope.heap_statistics();
        let spaces = scope.space_statistics();
        assert_eq!(spaces.iter().map(|s| s.space_size).sum::<usize>(), stats.total_heap_size);
        assert_eq!(spaces[1].space_name, "new_space");
        assert!(spaces[1].space_used_size >= 16);
        assert!(stats.heap_size_limit > stats.total_heap_size);
    });
}

/// A random young tree far wider than the scavenger's prefetch queue and remembered-set
/// lookahead, reachable from one global and from an old array, keeps every edge through
/// copying and promotion; nodes that are promoted point at objects allocated after they were
/// copied, which stay young (the verifier checks the remembered sets after each scavenge).
#[test]
fn a_large_random_graph_keeps_its_edges_through_pipelined_scavenges() {
    const N: usize = 20_000;
    const OLD_SLOTS: usize = 2_000;
    const LATE_EDGES: usize = 1_000;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let mut order: Vec<usize> = (0..N).collect();
    for i in (1..N).rev() {
        order.swap(i, random(i + 1));
    }
    let targets: Vec<usize> = (0..OLD_SLOTS).map(|_| random(N)).collect();
    let late: Vec<usize> = (0..LATE_EDGES).map(|_| random(N)).collect();
    let mut heap = heap();
    heap.handle_scope(|scope| {
        let old = scope.new_fixed_array(OLD_SLOTS, AllocationType::Old).unwrap();
        // Node `id` is `[left, right, id, late]`; the tree is heap-shaped over the order.
        let (root, late_nodes) = scope.scope(|inner| {
            let nodes: Vec<_> = (0..N)
                .map(|id| {
                    let node = inner.new_fixed_array(4, AllocationType::Young).unwrap();
                    let value = inner.new_number(id as f64).unwrap();
                    inner.fixed_array_set(node, 2, value);
                    node
                })
                .collect();
            for k in 1..N {
                inner.fixed_array_set(nodes[order[(k - 1) / 2]], (k - 1) % 2, nodes[order[k]]);
            }
            for (slot, &id) in targets.iter().enumerate() {
                inner.fixed_array_set(old, slot, nodes[id]);
            }
            let late_nodes: Vec<_> = late.iter().map(|&id| Global::new(inner, nodes[id])).collect();
            (Global::new(inner, nodes[order[0]]), late_nodes)
        });
        let number = |value: Option<tagus_heap::Value<'_>>| value.unwrap().number().unwrap() as usize;
        let id_of = |node: tagus_heap::Value<'_>| number(node.as_fixed_array().unwrap().get(2));
        for round in 0..4 {
            scavenge(scope);
            let mut stack = vec![(root.get(scope), 0)];
            let mut seen = 0;
            while let Some((node, k)) = stack.pop() {
                assert_eq!(id_of(node), order[k], "round {round}: node at tree position {k}");
                seen += 1;
                let view = node.as_fixed_array().unwrap();
                for child in 0..2 {
                    if 2 * k + 1 + child < N {
                        stack.push((view.get(child).unwrap(), 2 * k + 1 + child));
                    }
                }
            }
            assert_eq!(seen, N);
            let view = old.get(scope).as_fixed_array().unwrap();
            for (slot, &id) in targets.iter().enumerate() {
                assert_eq!(id_of(view.get(slot).unwrap()), id, "round {round}: old slot {slot}");
            }
            for (node, &id) in late_nodes.iter().zip(&late) {
                let node = node.get(scope).as_fixed_array().unwrap();
                if let Some(edge) = node.get(3).and_then(|e| e.as_fixed_array()) {
                    assert_eq!(number(edge.get(0)), id, "round {round}: late edge of node {id}");
                }
            }
            // New young objects hang off the nodes, which are promoted at the second scavenge.
            for (node, &id) in late_nodes.iter().zip(&late) {
                scope.scope(|inner| {
                    let edge = inner.new_fixed_array(1, AllocationType::Young).unwrap();
                    let value = inner.new_number(id as f64).unwrap();
                    inner.fixed_array_set(edge, 0, value);
                    let node = inner.local_from_global(node);
                    inner.fixed_array_set(node, 3, edge);
                });
            }
        }
        assert_eq!(root.get(scope).space(), Some(SpaceId::Old), "promoted at the second scavenge");
    });
}
