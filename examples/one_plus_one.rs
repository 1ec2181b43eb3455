//! Seed 004's story, runnable: the string `"1 + 1"` made through the factory, its heap bytes
//! printed field by field, then a scavenge that moves it — and it is intact.
//!
//! `cargo run --release --example one_plus_one`

use tagus::heap::objects::string;
use tagus::heap::{GcKind, GcReason, Heap, HeapConfig, NewStringType, Value};

fn describe(label: &str, value: Value<'_>) {
    let bytes = value.object_bytes().expect("a heap object");
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let s = value.as_string().expect("a string");
    println!(
        "{label}: {:?} at 0x{:x} in {:?}, {} bytes",
        value.instance_type().unwrap(),
        value.address().unwrap(),
        value.space().unwrap(),
        bytes.len()
    );
    println!(
        "  bytes  0-3   map            {:02x?}  = 0x{:08x} (compressed pointer to the one-byte string map, tag 01)",
        &bytes[0..4],
        word(0)
    );
    println!(
        "  bytes  4-7   raw hash field {:02x?}  = {} ({})",
        &bytes[4..8],
        word(4),
        if word(4) == string::EMPTY_HASH_FIELD {
            "not computed".to_string()
        } else {
            format!("hash 0x{:x}", word(4) >> 2)
        }
    );
    println!("  bytes  8-11  length         {:02x?}  = {}", &bytes[8..12], word(8));
    let end = string::HEADER_SIZE + s.len();
    println!(
        "  bytes 12-{:<2}  characters     {:02x?}  = {:?}",
        end - 1,
        &bytes[12..end],
        s.to_rust_string()
    );
    println!("  bytes {}-{}  padding        {:02x?}", end, bytes.len() - 1, &bytes[end..]);
}

fn main() {
    let mut heap = Heap::new(HeapConfig {
        verify_heap: true,
        ..HeapConfig::default()
    })
    .expect("heap");
    heap.handle_scope(|scope| {
        let top = scope.new_space_top();
        let source = scope.new_string_from_utf8(b"1 + 1", NewStringType::Normal).expect("string");
        println!(
            "new space top before: 0x{top:x}, after: 0x{:x} (bumped by {})\n",
            scope.new_space_top(),
            scope.new_space_top() - top
        );
        describe("String::new_from_utf8(\"1 + 1\")", source.get(scope));
        let before = source.get(scope).address().unwrap();

        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        let after = source.get(scope).address().unwrap();
        println!("\nafter a scavenge the handle points at 0x{after:x} (moved: {}):", before != after);
        describe("the same Local<String>", source.get(scope));

        let hash = source.get(scope).as_string().unwrap().hash();
        println!(
            "\nhash computed on demand: 0x{hash:x}; the field now holds 0x{:x}",
            source.get(scope).as_string().unwrap().raw_hash_field()
        );

        scope.collect_garbage(GcKind::Scavenge, GcReason::Testing);
        println!(
            "after a second scavenge it was promoted: {:?} at 0x{:x}",
            source.get(scope).space().unwrap(),
            source.get(scope).address().unwrap()
        );
        describe("promoted", source.get(scope));
    });
    let counters = heap.gc_counters();
    println!(
        "\n{} scavenges, heap verified after each; {} bytes copied, {} promoted",
        counters.scavenges, counters.copied_bytes, counters.promoted_bytes
    );
}
