//! Seed 004's story: the heap bytes of `"1 + 1"`, field by field.

use tagus_heap::objects::instance_type::InstanceType;
use tagus_heap::{Heap, HeapConfig, NewStringType, SpaceId};

#[test]
fn one_plus_one_is_twenty_bytes_laid_out_as_v8_lays_it_out() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    let one_byte_string_map = heap.roots().one_byte_string_map;
    heap.handle_scope(|scope| {
        let top_before = scope.new_space_top();
        let source = scope.new_string_from_utf8(b"1 + 1", NewStringType::Normal).unwrap();
        let value = source.get(scope);
        // Bump allocation: the string sits where `top` was, and `top` moved by 20.
        assert_eq!(value.address(), Some(top_before));
        assert_eq!(scope.new_space_top(), top_before + 20);
        assert_eq!(value.space(), Some(SpaceId::New));
        assert_eq!(value.instance_type(), Some(InstanceType::SeqOneByteString));

        let bytes = value.object_bytes().unwrap();
        assert_eq!(bytes.len(), 20);
        // 0-3: the compressed pointer to the one-byte string map (tag 01).
        assert_eq!(u32::from_le_bytes(bytes[0..4].try_into().unwrap()), one_byte_string_map.raw());
        assert_eq!(bytes[0] & 3, 1);
        // 4-7: the raw hash field, 3 = not computed.
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 3);
        // 8-11: the length.
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 5);
        // 12-16: the characters; 17-19: padding.
        assert_eq!(&bytes[12..17], b"1 + 1");
        assert_eq!(&bytes[17..20], &[0, 0, 0]);

        // The hash is computed on demand and cached in the field.
        let view = value.as_string().unwrap();
        let hash = view.hash();
        assert_eq!(view.raw_hash_field(), (hash << 2) | 2);
        assert_eq!(view.to_rust_string(), "1 + 1");
    });
}

#[test]
fn one_byte_or_two_byte_is_decided_by_the_highest_code_point() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    heap.handle_scope(|scope| {
        let latin1 = scope.new_string_from_utf8("café".as_bytes(), NewStringType::Normal).unwrap();
        let euro = scope.new_string_from_utf8("5 €".as_bytes(), NewStringType::Normal).unwrap();
        let emoji = scope.new_string_from_utf8("😀".as_bytes(), NewStringType::Normal).unwrap();
        let latin1 = latin1.get(scope).as_string().unwrap();
        assert!(latin1.is_one_byte());
        assert_eq!(latin1.len(), 4);
        assert_eq!(latin1.object_size(), 16);
        let euro = euro.get(scope).as_string().unwrap();
        assert!(!euro.is_one_byte());
        assert_eq!(euro.len(), 3);
        assert_eq!(euro.object_size(), 20); // 12 + 3 * 2 = 18, padded to 20
        assert_eq!(euro.to_rust_string(), "5 €");
        let emoji = emoji.get(scope).as_string().unwrap();
        assert_eq!(emoji.len(), 2); // a surrogate pair
        assert_eq!(emoji.to_rust_string(), "😀");
    });
}

#[test]
fn invalid_utf8_becomes_replacement_characters_as_in_v8() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    heap.handle_scope(|scope| {
        let s = scope
            .new_string_from_utf8(&[b'a', 0xC3, b'b', 0xFF], NewStringType::Normal)
            .unwrap();
        let s = s.get(scope).as_string().unwrap();
        assert_eq!(s.to_utf16(), vec![0x61, 0xFFFD, 0x62, 0xFFFD]);
    });
}

#[test]
fn strings_beyond_the_maximum_length_are_an_error() {
    use tagus_heap::StringError;
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    let too_long = vec![b'x'; tagus_heap::objects::string::MAX_LENGTH + 1];
    heap.handle_scope(|scope| {
        assert_eq!(
            scope.new_string_from_utf8(&too_long, NewStringType::Normal).unwrap_err(),
            StringError::TooLong
        );
        assert_eq!(
            scope.new_string_from_one_byte(&too_long, NewStringType::Normal).unwrap_err(),
            StringError::TooLong
        );
    });
}

#[test]
fn empty_string_is_the_read_only_root() {
    let mut heap = Heap::new(HeapConfig::default()).unwrap();
    let empty = heap.roots().empty_string;
    heap.handle_scope(|scope| {
        let s = scope.new_string_from_utf8(b"", NewStringType::Normal).unwrap();
        assert_eq!(s.get(scope).tagged(), empty);
        assert_eq!(s.get(scope).space(), Some(SpaceId::ReadOnly));
    });
}
