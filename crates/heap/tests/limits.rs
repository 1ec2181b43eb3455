//! Heap limits: allocation past the old-generation limit is reported to the embedder's
//! out-of-memory handler and fails cleanly; the near-heap-limit callback can raise the limit.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use tagus_heap::{AllocationError, AllocationType, Heap, HeapConfig, NewStringType, StringError};

const MB: usize = 1024 * 1024;

fn small_heap() -> Heap {
    Heap::new(HeapConfig {
        max_old_generation_size: 4 * MB,
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap()
}

#[test]
fn allocation_beyond_the_limit_reports_oom_and_fails_cleanly() {
    let mut heap = small_heap();
    let reports = Rc::new(RefCell::new(Vec::new()));
    let sink = reports.clone();
    heap.set_oom_handler(move |details| sink.borrow_mut().push(details.clone()));
    let failure = heap.handle_scope(|scope| {
        for _ in 0..100 {
            if let Err(e) = scope.new_fixed_array(50_000, AllocationType::Old) {
                return Some(e);
            }
        }
        None
    });
    assert_eq!(failure, Some(AllocationError::OutOfMemory));
    let reports = reports.borrow();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].is_heap_oom);
    assert_eq!(reports[0].limit, 4 * MB);
    assert!(reports[0].old_generation_size <= 4 * MB);
    // The heap is intact and still usable for young objects.
    heap.verify().unwrap();
    heap.handle_scope(|scope| {
        let s = scope.new_string_from_utf8(b"still fine", NewStringType::Normal).unwrap();
        assert_eq!(s.get(scope).as_string().unwrap().to_rust_string(), "still fine");
    });
}

#[test]
fn near_heap_limit_callback_can_raise_the_limit() {
    let mut heap = small_heap();
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    heap.set_near_heap_limit_callback(move |current, initial| {
        counter.set(counter.get() + 1);
        assert_eq!(initial, 4 * MB);
        current + 4 * MB
    });
    heap.handle_scope(|scope| {
        for _ in 0..30 {
            scope.new_fixed_array(50_000, AllocationType::Old).unwrap();
        }
    });
    assert!(calls.get() >= 1);
    assert!(heap.config().max_old_generation_size > 4 * MB);
}

#[test]
fn a_huge_string_fails_with_out_of_memory_not_a_crash() {
    let mut heap = small_heap();
    let text = vec![b'a'; 8 * MB];
    let result = heap.handle_scope(|scope| scope.new_string_from_utf8(&text, NewStringType::Normal).map(|_| ()));
    assert_eq!(result, Err(StringError::OutOfMemory));
}

#[test]
fn large_objects_live_on_their_own_chunks() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap();
    heap.handle_scope(|scope| {
        let big = scope.new_string_from_utf8(&vec![b'z'; 1_000_000], NewStringType::Normal).unwrap();
        assert_eq!(big.get(scope).space(), Some(tagus_heap::SpaceId::LargeObject));
        let address = big.get(scope).address();
        scope.collect_garbage(tagus_heap::GcKind::Scavenge, tagus_heap::GcReason::Testing);
        assert_eq!(big.get(scope).address(), address, "large objects never move");
        let s = big.get(scope).as_string().unwrap();
        assert_eq!(s.len(), 1_000_000);
        // A young string stored in a large FixedArray is kept alive through the remembered set.
        let array = scope.new_fixed_array(100_000, AllocationType::Young).unwrap();
        assert_eq!(array.get(scope).space(), Some(tagus_heap::SpaceId::LargeObject));
        scope.scope(|inner| {
            let young = inner.new_string_from_utf8(b"in a large array", NewStringType::Normal).unwrap();
            inner.fixed_array_set(array, 99_999, young);
        });
        scope.collect_garbage(tagus_heap::GcKind::Scavenge, tagus_heap::GcReason::Testing);
        let element = array.get(scope).as_fixed_array().unwrap().get(99_999).unwrap();
        assert_eq!(element.as_string().unwrap().to_rust_string(), "in a large array");
    });
}

#[test]
fn flags_parse_like_v8() {
    let mut config = HeapConfig::default();
    let rest = config
        .apply_flags([
            "--max-old-space-size=64",
            "--max_semi_space_size=8",
            "--gc-interval=100",
            "--verify-heap",
            "script.js",
        ])
        .unwrap();
    assert_eq!(rest, vec!["script.js"]);
    assert_eq!(config.max_old_generation_size, 64 * MB);
    assert_eq!(config.max_semi_space_size, 8 * MB);
    assert_eq!(config.gc_interval, Some(100));
    assert!(config.verify_heap);
    assert!(config.apply_flags(["--max-old-space-size=lots"]).is_err());
}

#[test]
fn isolates_share_the_cage_and_the_read_only_space() {
    let a = Heap::new(HeapConfig::default()).unwrap();
    let b = Heap::new(HeapConfig::default()).unwrap();
    assert!(std::ptr::eq(a.roots(), b.roots()));
    let threads: Vec<_> = (0..2)
        .map(|i| {
            std::thread::spawn(move || {
                let mut heap = Heap::new(HeapConfig {
                    verify_heap: true,
                    ..HeapConfig::default()
                })
                .unwrap();
                heap.handle_scope(|scope| {
                    let s = scope
                        .new_string_from_utf8(format!("thread {i}").as_bytes(), NewStringType::Internalized)
                        .unwrap();
                    for _ in 0..100_000 {
                        scope.scope(|inner| {
                            inner.new_number(0.5).unwrap();
                        });
                    }
                    s.get(scope).as_string().unwrap().to_rust_string()
                })
            })
        })
        .collect();
    for (i, t) in threads.into_iter().enumerate() {
        assert_eq!(t.join().unwrap(), format!("thread {i}"));
    }
}
