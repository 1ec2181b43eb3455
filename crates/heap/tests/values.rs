//! Numbers at the edges of the Smi range, and the external-roots interface.

use tagus_heap::objects::instance_type::InstanceType;
use tagus_heap::tagged::{SMI_MAX, SMI_MIN};
use tagus_heap::{ExternalRoots, GcKind, GcReason, Heap, HeapConfig, NewStringType, SpaceId, Tagged};

#[test]
fn numbers_are_smis_only_when_they_fit() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    heap.handle_scope(|scope| {
        for (value, is_smi) in [
            (0.0, true),
            (-0.0, false), // -0 is not a Smi: it would read back as +0
            (SMI_MAX as f64, true),
            (SMI_MIN as f64, true),
            (SMI_MAX as f64 + 1.0, false), // Smi arithmetic overflowing 31 bits boxes the result
            (SMI_MIN as f64 - 1.0, false),
            (0.5, false),
            (f64::NAN, false),
            (f64::INFINITY, false),
            (f64::NEG_INFINITY, false),
            (1e300, false),
        ] {
            let n = scope.new_number(value).unwrap();
            let v = n.get(scope);
            assert_eq!(v.is_smi(), is_smi, "{value}");
            if !is_smi {
                assert_eq!(v.instance_type(), Some(InstanceType::HeapNumber));
                assert_eq!(v.object_size(), Some(12));
            }
            let back = v.number().unwrap();
            assert!(
                back.to_bits() == value.to_bits() || (back.is_nan() && value.is_nan()),
                "{value} read back as {back}"
            );
        }
    });
    assert_eq!(Tagged::try_smi(SMI_MAX as i64 + 1), None);
    assert_eq!(
        Tagged::smi(SMI_MAX)
            .smi_value()
            .checked_add(1)
            .and_then(|v| Tagged::try_smi(v as i64)),
        None
    );
}

/// A stand-in for the interpreter's JS stack: slots the GC must visit and update.
struct FakeStack(Vec<Tagged>);

impl ExternalRoots for FakeStack {
    fn iterate_roots(&mut self, visit: &mut dyn FnMut(&mut Tagged)) {
        self.0.iter_mut().for_each(visit);
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

#[test]
fn external_roots_are_visited_and_updated() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .unwrap();
    heap.add_external_roots(Box::new(FakeStack(Vec::new())));
    let before = heap.handle_scope(|scope| {
        let s = scope.new_string_from_utf8(b"on the stack", NewStringType::Normal).unwrap();
        let word = s.get(scope).tagged();
        scope.external_roots_mut::<FakeStack>().unwrap().0.push(word);
        word
    });
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
    let after = heap.external_roots_mut::<FakeStack>().unwrap().0[0];
    assert_ne!(before, after, "moved, and the root was updated");
    heap.collect_garbage(GcKind::Scavenge, GcReason::Testing);
    let word = heap.external_roots_mut::<FakeStack>().unwrap().0[0];
    assert_ne!(word, after, "promoted at its second scavenge, and the root updated again");
}

#[test]
fn read_only_objects_are_shared_and_sealed() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    let roots = heap.roots();
    heap.handle_scope(|scope| {
        let undefined = scope.undefined();
        assert!(undefined.get(scope).is_undefined());
        assert_eq!(undefined.get(scope).space(), Some(SpaceId::ReadOnly));
        assert_eq!(undefined.get(scope).tagged(), roots.undefined_value);
    });
    let stats = heap.space_statistics();
    assert_eq!(stats[0].space_name, "read_only_space");
    assert!(stats[0].space_used_size > 0);
}
