//! The read-only space: maps of the built-in object kinds, the oddballs, the empty string and
//! array, and the strings they need — created once per process, sealed `PROT_READ`, and
//! shared by every isolate (V8's `SharedReadOnlySpace`).
//!
//! Invariant: after `read_only_roots()` returns, nothing in this space is written again (the
//! pages fault on a write), so every object here must be complete at creation — strings carry
//! their hash already.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::cage::{Address, cage};
use crate::objects::fixed_array;
use crate::objects::instance_type::{InstanceType, VisitorId};
use crate::objects::map::{self, Map};
use crate::objects::oddball::{self, OddballKind};
use crate::objects::string::{self, SeqOneByteString};
use crate::objects::{HeapObject, code, heap_number, js_object};
use crate::page::{Page, SpaceId, flags};
use crate::tagged::Tagged;

/// The read-only roots: fixed objects every isolate refers to.
#[derive(Debug)]
pub struct ReadOnlyRoots {
    /// The map of maps (its own map).
    pub meta_map: Tagged,
    /// `SeqOneByteString`.
    pub one_byte_string_map: Tagged,
    /// `SeqTwoByteString`.
    pub string_map: Tagged,
    /// Internalized `SeqOneByteString`.
    pub internalized_one_byte_string_map: Tagged,
    /// Internalized `SeqTwoByteString`.
    pub internalized_string_map: Tagged,
    /// `HeapNumber`.
    pub heap_number_map: Tagged,
    /// `FixedArray`.
    pub fixed_array_map: Tagged,
    /// `FreeSpace`.
    pub free_space_map: Tagged,
    /// The 4-byte filler.
    pub one_pointer_filler_map: Tagged,
    /// Map of `undefined`.
    pub undefined_map: Tagged,
    /// Map of `null`.
    pub null_map: Tagged,
    /// Map of `true` and `false`.
    pub boolean_map: Tagged,
    /// Map of the hole.
    pub the_hole_map: Tagged,
    /// One-byte `ConsString`.
    pub cons_one_byte_string_map: Tagged,
    /// Two-byte `ConsString`.
    pub cons_string_map: Tagged,
    /// `Symbol`.
    pub symbol_map: Tagged,
    /// `ByteArray`.
    pub byte_array_map: Tagged,
    /// `BytecodeArray`.
    pub bytecode_array_map: Tagged,
    /// `SharedFunctionInfo`.
    pub shared_function_info_map: Tagged,
    /// Function context.
    pub function_context_map: Tagged,
    /// Block context.
    pub block_context_map: Tagged,
    /// Script context.
    pub script_context_map: Tagged,
    /// `AccessorPair`.
    pub accessor_pair_map: Tagged,
    /// `NameDictionary` (a FixedArray-shaped hash table).
    pub name_dictionary_map: Tagged,
    /// The global object's `NameDictionary`, whose values are `PropertyCell`s.
    pub global_dictionary_map: Tagged,
    /// `PropertyCell`.
    pub property_cell_map: Tagged,
    /// `DescriptorArray`.
    pub descriptor_array_map: Tagged,
    /// `TransitionArray`.
    pub transition_array_map: Tagged,
    /// `FeedbackVector`.
    pub feedback_vector_map: Tagged,
    /// `Cell`.
    pub cell_map: Tagged,
    /// `PrototypeInfo`.
    pub prototype_info_map: Tagged,
    /// `FixedDoubleArray` (double elements kinds' store).
    pub fixed_double_array_map: Tagged,
    /// `SloppyArgumentsElements` (mapped `arguments` objects' store).
    pub sloppy_arguments_elements_map: Tagged,
    /// `""`.
    pub empty_string: Tagged,
    /// The empty FixedArray.
    pub empty_fixed_array: Tagged,
    /// `undefined`.
    pub undefined_value: Tagged,
    /// `null`.
    pub null_value: Tagged,
    /// `true`.
    pub true_value: Tagged,
    /// `false`.
    pub false_value: Tagged,
    /// The hole.
    pub the_hole_value: Tagged,
    /// Every internalized string in this space (the string tables start from these).
    pub internalized_strings: Vec<Tagged>,
    /// The sealed pages.
    pub pages: Vec<Page>,
}

static ROOTS: OnceLock<ReadOnlyRoots> = OnceLock::new();

/// The process-wide read-only roots, created on first use.
pub fn read_only_roots() -> &'static ReadOnlyRoots {
    ROOTS.get_or_init(build)
}

/// Bump allocator over read-only pages, used only while building the space.
struct Builder {
    pages: Vec<Page>,
    top: Address,
    limit: Address,
    strings: Vec<Tagged>,
    by_text: HashMap<&'static str, Tagged>,
}

impl Builder {
    fn allocate(&mut self, size: usize) -> HeapObject {
        if self.pages.is_empty() || size > self.limit.0 - self.top.0 {
            if let Some(page) = self.pages.last() {
                page.header().high_water.set(self.top);
            }
            let page = Page::allocate(1, SpaceId::ReadOnly, 0, flags::READ_ONLY_HEAP | flags::NEVER_EVACUATE)
                .expect("cannot commit the read-only space");
            self.top = page.area_start();
            self.limit = page.area_end();
            self.pages.push(page);
        }
        let object = HeapObject(self.top);
        self.top = self.top.add(size);
        object
    }

    fn map(&mut self, meta_map: Tagged, instance_type: InstanceType, instance_size: usize, visitor: VisitorId) -> Tagged {
        let object = self.allocate(map::SIZE);
        Map::initialize(object, meta_map, instance_type, instance_size, visitor, Tagged::ZERO)
            .0
            .tagged()
    }

    /// A map for a `DataThenTagged` object whose tagged fields start at word `tagged_start`.
    fn data_then_tagged_map(&mut self, meta_map: Tagged, instance_type: InstanceType, instance_size: usize, tagged_start: usize) -> Tagged {
        let map = self.map(meta_map, instance_type, instance_size, VisitorId::DataThenTagged);
        HeapObject::from_tagged(map).write_u8(map::IN_OBJECT_PROPERTIES_START_OFFSET, tagged_start as u8);
        map
    }

    /// The one internalized string for `text` (created on first request).
    fn internalized(&mut self, map: Tagged, text: &'static str) -> Tagged {
        debug_assert!(text.is_ascii());
        if let Some(existing) = self.by_text.get(text) {
            return *existing;
        }
        let object = self.allocate(SeqOneByteString::size_for(text.len()));
        object.write_u32(0, map.raw());
        object.write_u32(
            string::RAW_HASH_FIELD_OFFSET,
            string::compute_hash_field(text.encode_utf16().collect::<Vec<_>>().into_iter()),
        );
        object.write_i32(string::LENGTH_OFFSET, text.len() as i32);
        for (i, b) in text.bytes().enumerate() {
            object.write_u8(string::HEADER_SIZE + i, b);
        }
        let tagged = object.tagged();
        self.strings.push(tagged);
        self.by_text.insert(text, tagged);
        tagged
    }
}

fn build() -> ReadOnlyRoots {
    let mut b = Builder {
        pages: Vec::new(),
        top: Address(0),
        limit: Address(0),
        strings: Vec::new(),
        by_text: HashMap::new(),
    };

    // The meta map is its own map.
    let meta_object = b.allocate(map::SIZE);
    let meta_map = meta_object.tagged();
    Map::initialize(meta_object, meta_map, InstanceType::Map, map::SIZE, VisitorId::Map, Tagged::ZERO);

    let one_byte_string_map = b.map(meta_map, InstanceType::SeqOneByteString, 0, VisitorId::SeqOneByteString);
    let string_map = b.map(meta_map, InstanceType::SeqTwoByteString, 0, VisitorId::SeqTwoByteString);
    let internalized_one_byte_string_map = b.map(meta_map, InstanceType::InternalizedOneByteString, 0, VisitorId::SeqOneByteString);
    let internalized_string_map = b.map(meta_map, InstanceType::InternalizedTwoByteString, 0, VisitorId::SeqTwoByteString);
    let heap_number_map = b.map(meta_map, InstanceType::HeapNumber, heap_number::SIZE, VisitorId::DataObject);
    let fixed_array_map = b.map(meta_map, InstanceType::FixedArray, 0, VisitorId::FixedArray);
    let free_space_map = b.map(meta_map, InstanceType::FreeSpace, 0, VisitorId::FreeSpace);
    let one_pointer_filler_map = b.map(meta_map, InstanceType::Filler, 4, VisitorId::DataObject);
    let undefined_map = b.map(meta_map, InstanceType::Oddball, oddball::SIZE, VisitorId::AllTagged);
    let null_map = b.map(meta_map, InstanceType::Oddball, oddball::SIZE, VisitorId::AllTagged);
    let boolean_map = b.map(meta_map, InstanceType::Oddball, oddball::SIZE, VisitorId::AllTagged);
    let the_hole_map = b.map(meta_map, InstanceType::Oddball, oddball::SIZE, VisitorId::AllTagged);
    let cons_words = string::cons::FIRST_OFFSET / 4;
    let cons_one_byte_string_map = b.data_then_tagged_map(meta_map, InstanceType::ConsOneByteString, string::cons::SIZE, cons_words);
    let cons_string_map = b.data_then_tagged_map(meta_map, InstanceType::ConsTwoByteString, string::cons::SIZE, cons_words);
    let symbol_map = b.data_then_tagged_map(
        meta_map,
        InstanceType::Symbol,
        js_object::symbol::SIZE,
        js_object::symbol::TAGGED_START_WORD,
    );
    let byte_array_map = b.map(meta_map, InstanceType::ByteArray, 0, VisitorId::ByteArray);
    let bytecode_array_map = b.map(meta_map, InstanceType::BytecodeArray, 0, VisitorId::BytecodeArray);
    let shared_function_info_map = b.map(meta_map, InstanceType::SharedFunctionInfo, code::shared::SIZE, VisitorId::AllTagged);
    let function_context_map = b.map(meta_map, InstanceType::FunctionContext, 0, VisitorId::FixedArray);
    let block_context_map = b.map(meta_map, InstanceType::BlockContext, 0, VisitorId::FixedArray);
    let script_context_map = b.map(meta_map, InstanceType::ScriptContext, 0, VisitorId::FixedArray);
    let accessor_pair_map = b.map(
        meta_map,
        InstanceType::AccessorPair,
        js_object::accessor_pair::SIZE,
        VisitorId::AllTagged,
    );
    let name_dictionary_map = b.map(meta_map, InstanceType::NameDictionary, 0, VisitorId::FixedArray);
    let global_dictionary_map = b.map(meta_map, InstanceType::GlobalDictionary, 0, VisitorId::FixedArray);
    let property_cell_map = b.map(
        meta_map,
        InstanceType::PropertyCell,
        crate::objects::property_cell::SIZE,
        VisitorId::AllTagged,
    );
    let descriptor_array_map = b.map(meta_map, InstanceType::DescriptorArray, 0, VisitorId::FixedArray);
    let transition_array_map = b.map(meta_map, InstanceType::TransitionArray, 0, VisitorId::FixedArray);
    let feedback_vector_map = b.map(meta_map, InstanceType::FeedbackVector, 0, VisitorId::FixedArray);
    let cell_map = b.map(
        meta_map,
        InstanceType::Cell,
        crate::objects::descriptors::cell::SIZE,
        VisitorId::AllTagged,
    );
    let prototype_info_map = b.map(
        meta_map,
        InstanceType::PrototypeInfo,
        crate::objects::prototype_info::SIZE,
        VisitorId::AllTagged,
    );
    let fixed_double_array_map = b.map(meta_map, InstanceType::FixedDoubleArray, 0, VisitorId::FixedDoubleArray);
    let sloppy_arguments_elements_map = b.map(meta_map, InstanceType::SloppyArgumentsElements, 0, VisitorId::FixedArray);

    let empty_string = b.internalized(internalized_one_byte_string_map, "");
    let empty_fixed_array = {
        let object = b.allocate(fixed_array::HEADER_SIZE);
        object.write_u32(0, fixed_array_map.raw());
        object.write_tagged_no_barrier(fixed_array::LENGTH_OFFSET, Tagged::smi(0));
        object.tagged()
    };

    let oddball = |b: &mut Builder, map: Tagged, kind: OddballKind, to_string: &'static str, number: f64, type_of: &'static str| {
        let to_string = b.internalized(internalized_one_byte_string_map, to_string);
        let type_of = b.internalized(internalized_one_byte_string_map, type_of);
        let object = b.allocate(oddball::SIZE);
        object.write_u32(0, map.raw());
        object.write_f64(oddball::TO_NUMBER_RAW_OFFSET, number);
        object.write_tagged_no_barrier(oddball::TO_STRING_OFFSET, to_string);
        // NaN is not a Smi; the raw double field carries it and to-number stays Smi 0.
        let to_number = Tagged::try_smi(number as i64)
            .filter(|_| number.fract() == 0.0)
            .unwrap_or(Tagged::ZERO);
        object.write_tagged_no_barrier(oddball::TO_NUMBER_OFFSET, to_number);
        object.write_tagged_no_barrier(oddball::TYPE_OF_OFFSET, type_of);
        object.write_tagged_no_barrier(oddball::KIND_OFFSET, Tagged::smi(kind as i32));
        object.tagged()
    };
    let undefined_value = oddball(&mut b, undefined_map, OddballKind::Undefined, "undefined", f64::NAN, "undefined");
    let null_value = oddball(&mut b, null_map, OddballKind::Null, "null", 0.0, "object");
    let true_value = oddball(&mut b, boolean_map, OddballKind::True, "true", 1.0, "boolean");
    let false_value = oddball(&mut b, boolean_map, OddballKind::False, "false", 0.0, "boolean");
    let the_hole_value = oddball(&mut b, the_hole_map, OddballKind::TheHole, "hole", f64::NAN, "undefined");

    // Maps' tagged fields: prototype null, the rest Smi 0 until there are descriptors.
    for page in &b.pages {
        let end = if Some(page) == b.pages.last() { b.top } else { page.high_water() };
        super::for_each_object_on_page(*page, end, |object, _| {
            if object.map_word().map() == meta_map {
                object.write_tagged_no_barrier(map::PROTOTYPE_OFFSET, null_value);
            }
        });
    }

    // Publish the last page's high-water mark, then seal the space.
    if let Some(last) = b.pages.last() {
        last.header().high_water.set(b.top);
    }
    for page in &b.pages {
        cage().protect_read_only(page.start(), 1);
    }
    ReadOnlyRoots {
        meta_map,
        one_byte_string_map,
        string_map,
        internalized_one_byte_string_map,
        internalized_string_map,
        heap_number_map,
        fixed_array_map,
        free_space_map,
        one_pointer_filler_map,
        undefined_map,
        null_map,
        boolean_map,
        the_hole_map,
        cons_one_byte_string_map,
        cons_string_map,
        symbol_map,
        byte_array_map,
        bytecode_array_map,
        shared_function_info_map,
        function_context_map,
        block_context_map,
        script_context_map,
        accessor_pair_map,
        name_dictionary_map,
        global_dictionary_map,
        property_cell_map,
        descriptor_array_map,
        transition_array_map,
        feedback_vector_map,
        cell_map,
        prototype_info_map,
        fixed_double_array_map,
        sloppy_arguments_elements_map,
        empty_string,
        empty_fixed_array,
        undefined_value,
        null_value,
        true_value,
        false_value,
        the_hole_value,
        internalized_strings: b.strings,
        pages: b.pages,
    }
}
