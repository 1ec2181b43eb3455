//! V8's runtime functions for `%Name(args)` calls (parsed only under
//! `--allow-natives-syntax`): `%DebugPrint` shows an object and its hidden class the way
//! d8 does; `%HaveSameMap`, `%HasFastProperties`, `%HasDictionaryElements`,
//! `%HasSmiElements`, `%HasDoubleElements`, `%HasObjectElements`, `%HasHoleyElements` and
//! `%HasSloppyArgumentsElements` answer the questions tests ask about hidden classes and elements kinds, with V8's answers.

use std::fmt::Write;

use tagus_heap::Tagged;
use tagus_heap::objects::map as map_layout;
use tagus_heap::objects::{HeapObject, InstanceType};

use crate::dictionary;
use crate::elements::{self, Element, elements_kind};
use crate::ic::IcState;
use crate::object::{fixed_get, fixed_len};
use crate::shape::{self, construction_counter, in_object_capacity, is_dictionary_map, own_descriptor_count};
use crate::{JsResult, Vm, property_cell};

fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// V8's name for an instance type.
fn type_name(t: Option<InstanceType>) -> &'static str {
    match t {
        Some(InstanceType::JsObject) => "JS_OBJECT_TYPE",
        Some(InstanceType::JsArray) => "JS_ARRAY_TYPE",
        Some(InstanceType::JsFunction) => "JS_FUNCTION_TYPE",
        Some(InstanceType::JsBoundFunction) => "JS_BOUND_FUNCTION_TYPE",
        Some(InstanceType::JsError) => "JS_ERROR_TYPE",
        Some(InstanceType::JsPrimitiveWrapper) => "JS_PRIMITIVE_WRAPPER_TYPE",
        Some(InstanceType::JsArgumentsObject) => "JS_ARGUMENTS_OBJECT_TYPE",
        Some(InstanceType::JsGlobalObject) => "JS_GLOBAL_OBJECT_TYPE",
        Some(InstanceType::JsArrayIterator) => "JS_ARRAY_ITERATOR_TYPE",
        Some(InstanceType::HeapNumber) => "HEAP_NUMBER_TYPE",
        Some(InstanceType::Symbol) => "SYMBOL_TYPE",
        Some(t) if t.is_string() => "STRING_TYPE",
        _ => "HEAP_OBJECT_TYPE",
    }
}

impl Vm {
    /// Runs `%name(args)` with the arguments in stack slots `first..first + argc`.
    pub fn call_runtime(&mut self, name: &str, first: usize, argc: usize) -> JsResult<Tagged> {
        let arg = |vm: &Vm, i: usize| if i < argc { vm.slot(first + i) } else { vm.undefined() };
        match name {
            "DebugPrint" => {
                let v = arg(self, 0);
                let text = self.debug_print(v)?;
                self.write_output(&text);
                Ok(self.slot(first))
            }
            "HaveSameMap" => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let same = a.is_heap_object() && b.is_heap_object() && self.map_of(a) == self.map_of(b);
                Ok(self.boolean(same))
            }
            "HasFastProperties" => {
                let o = arg(self, 0);
                Ok(self.boolean(self.is_object(o) && !is_dictionary_map(self.map_of(o))))
            }
            "HasDictionaryElements"
            | "HasSmiElements"
            | "HasDoubleElements"
            | "HasObjectElements"
            | "HasHoleyElements"
            | "HasSloppyArgumentsElements" => {
                let o = arg(self, 0);
                if !self.is_object(o) {
                    return Ok(self.false_value());
                }
                let kind = self.reported_elements_kind(o);
                let answer = match name {
                    "HasDictionaryElements" => kind == elements_kind::DICTIONARY_ELEMENTS,
                    "HasSmiElements" => elements_kind::is_smi(kind),
                    "HasDoubleElements" => elements_kind::is_double(kind),
                    "HasObjectElements" => elements_kind::is_object(kind),
                    "HasSloppyArgumentsElements" => elements_kind::is_sloppy_arguments(kind),
                    _ => elements_kind::is_holey(kind),
                };
                Ok(self.boolean(answer))
            }
            _ => Err(self.throw_syntax_error(&format!("{name} is not defined"))),
        }
    }

    /// `%DebugPrint(value)`: the object, then its map.
    ///
    /// Nothing here allocates on the heap (values and keys are formatted in Rust), so the
    /// object, its map and its stores stay valid while the text is built.
    pub fn debug_print(&mut self, v: Tagged) -> JsResult<String> {
        let mut out = String::new();
        if v.is_smi() {
            writeln!(out, "DebugPrint: Smi: {:#x} ({})", v.smi_value(), v.smi_value()).ok();
            return Ok(out);
        }
        if !self.is_object(v) {
            let shown = self.to_display_string(v)?;
            writeln!(out, "DebugPrint: {:#x}: [{}]: {shown}", v.raw(), type_name(self.instance_type(v))).ok();
            return Ok(out);
        }
        let map = self.map_of(v);
        let ty = type_name(self.instance_type(v));
        let elements = self.elements_of(v);
        let properties = self.properties_of(v);
        writeln!(out, "DebugPrint: {:#x}: [{ty}]", v.raw()).ok();
        let mode = if is_dictionary_map(map) {
            "DictionaryProperties"
        } else {
            "FastProperties"
        };
        let kind = elements_kind::name(self.reported_elements_kind(v));
        writeln!(
            out,
            " - map: {:#x} <Map[{}]({kind})> [{mode}]",
            map.raw(),
            shape::instance_size_words(map) * 4
        )
        .ok();
        writeln!(out, " - prototype: {:#x}", self.get_prototype_of(v).raw()).ok();
        writeln!(
            out,
            " - elements: {:#x} <{}[{}]> [{kind}]",
            elements.raw(),
            store_name(elements),
            fixed_len(elements)
        )
        .ok();
        if self.is_array(v) {
            let length = self.array_length(v);
            writeln!(out, " - length: {length}").ok();
        }
        if is_dictionary_map(map) {
            let table = if dictionary::is_global(properties) {
                "GlobalDictionary"
            } else {
                "NameDictionary"
            };
            writeln!(
                out,
                " - properties: {:#x} <{table}[{}]>",
                properties.raw(),
                dictionary::len(properties)
            )
            .ok();
        } else {
            writeln!(
                out,
                " - properties: {:#x} <FixedArray[{}]>",
                properties.raw(),
                fixed_len(properties)
            )
            .ok();
        }
        writeln!(out, " - All own properties (excluding elements): {{").ok();
        if is_dictionary_map(map) {
            for entry in dictionary::entries_in_order(self, properties) {
                let key = dictionary::key_at(properties, entry);
                let value = dictionary::value_at(properties, entry);
                let d = dictionary::details_at(properties, entry);
                let kind = if d.is_accessor { "accessor" } else { "data" };
                let (k, shown) = (self.key_display(key)?, self.short_value(value)?);
                let cell = if dictionary::is_global(properties) {
                    let cell = dictionary::property_cell_at(properties, entry);
                    format!(", cell type: {}", property_cell::details(cell).cell_type().name())
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "    #{k}: {shown} ({kind}, dictionary, attrs: [{}]{cell})",
                    attrs(d.attributes)
                )
                .ok();
            }
        } else {
            let descriptors = shape::map_descriptors(map);
            for i in 0..own_descriptor_count(map) {
                let key = shape::descriptor_key(descriptors, i);
                let d = shape::descriptor_details(descriptors, i);
                let value = shape::read_field(v, d.field_index());
                let location = if d.field_index() < in_object_capacity(map) {
                    "in-object"
                } else {
                    "properties[]"
                };
                let kind = if d.is_accessor() { "accessor" } else { "data" };
                let (k, shown) = (self.key_display(key)?, self.short_value(value)?);
                writeln!(out, "    #{k}: {shown} ({kind} field {}), location: {location}", d.field_index()).ok();
            }
        }
        writeln!(out, " }}").ok();
        if crate::arguments::is_sloppy_arguments_store(elements) {
            self.print_sloppy_arguments(&mut out, elements)?;
        } else if fixed_len(elements) > 0 {
            writeln!(
                out,
                " - elements: {:#x} <{}[{}]> {{",
                elements.raw(),
                store_name(elements),
                fixed_len(elements)
            )
            .ok();
            self.print_elements(&mut out, elements)?;
            writeln!(out, " }}").ok();
        }
        if let Some(vector) = self.feedback_vector_of(v) {
            let slots = fixed_len(vector) / tagus_heap::objects::descriptors::feedback_vector::ENTRY_SIZE;
            writeln!(out, " - feedback vector: {:#x} <FeedbackVector[{slots}]>", vector.raw()).ok();
            for slot in 0..slots {
                let state = match self.ic_state(vector, slot) {
                    IcState::Uninitialized => continue,
                    IcState::Monomorphic => match self.global_ic_cell(vector, slot) {
                        Some(cell) => format!("MONOMORPHIC <PropertyCell {:#x}>", cell.raw()),
                        None => "MONOMORPHIC".to_string(),
                    },
                    IcState::Polymorphic(n) => format!("POLYMORPHIC ({n} maps)"),
                    IcState::Megamorphic => "MEGAMORPHIC".to_string(),
                };
                writeln!(out, "    slot #{slot}: {state}").ok();
            }
        }
        out.push_str(&self.describe_map(map)?);
        Ok(out)
    }

    /// The `[Map]` part of `%DebugPrint`.
    pub fn describe_map(&mut self, map: Tagged) -> JsResult<String> {
        let mut out = String::new();
        let m = tagus_heap::objects::Map(obj(map));
        writeln!(out, "{:#x}: [Map]", map.raw()).ok();
        writeln!(out, " - type: {}", type_name(Some(m.instance_type()))).ok();
        writeln!(out, " - instance size: {}", shape::instance_size_words(map) * 4).ok();
        let capacity = in_object_capacity(map);
        writeln!(out, " - inobject properties: {capacity}").ok();
        writeln!(
            out,
            " - elements kind: {}",
            elements_kind::name(elements::reported_elements_kind_of_map(map))
        )
        .ok();
        let n = own_descriptor_count(map);
        if is_dictionary_map(map) {
            writeln!(out, " - dictionary_map").ok();
        } else {
            writeln!(out, " - unused property fields: {}", capacity.saturating_sub(n)).ok();
        }
        if shape::is_prototype_map(map) {
            writeln!(out, " - prototype_map").ok();
        }
        if shape::map_bit_field3(map) & crate::object::MAP_NON_EXTENSIBLE != 0 {
            writeln!(out, " - non-extensible").ok();
        }
        let back = obj(map).read_tagged(map_layout::CONSTRUCTOR_OR_BACK_POINTER_OFFSET);
        if self.is_map(back) {
            let kind = elements_kind::name(elements::reported_elements_kind_of_map(back));
            writeln!(
                out,
                " - back pointer: {:#x} <Map[{}]({kind})>",
                back.raw(),
                shape::instance_size_words(back) * 4
            )
            .ok();
        }
        // The map's own field, as V8 prints it: a cell only in prototype maps whose
        // receivers' ICs asked for one.
        let cell = obj(map).read_tagged(map_layout::PROTOTYPE_VALIDITY_CELL_OFFSET);
        if cell.is_smi() {
            writeln!(out, " - prototype_validity cell: {}", cell.smi_value()).ok();
        } else {
            let value = obj(cell).read_tagged(tagus_heap::objects::descriptors::cell::VALUE_OFFSET);
            writeln!(
                out,
                " - prototype_validity cell: {:#x} <Cell value= {}>",
                cell.raw(),
                value.smi_value()
            )
            .ok();
        }
        if !is_dictionary_map(map) {
            let descriptors = shape::map_descriptors(map);
            writeln!(
                out,
                " - instance descriptors (own) #{n}: {:#x} <DescriptorArray[{n}]>",
                descriptors.raw()
            )
            .ok();
            for i in 0..n {
                let key = shape::descriptor_key(descriptors, i);
                let d = shape::descriptor_details(descriptors, i);
                let kind = if d.is_accessor() { "accessor" } else { "data" };
                let k = self.key_display(key)?;
                writeln!(
                    out,
                    "   [{i}]: #{k} ({kind} field {}:{}, attrs: [{}])",
                    d.field_index(),
                    d.representation().name(),
                    attrs(d.attributes())
                )
                .ok();
            }
        }
        let transitions = self.transitions_of(map);
        if !transitions.is_empty() {
            writeln!(out, " - transitions #{}:", transitions.len()).ok();
            for t in transitions {
                let size = shape::instance_size_words(t) * 4;
                let kind = elements_kind::name(elements::reported_elements_kind_of_map(t));
                if shape::is_elements_transition_child(self, t) {
                    writeln!(
                        out,
                        "     <Symbol: (elements_transition_symbol)>: (transition to {kind}) -> {:#x} <Map[{size}]({kind})>",
                        t.raw()
                    )
                    .ok();
                    continue;
                }
                let n = own_descriptor_count(t);
                let key = shape::descriptor_key(shape::map_descriptors(t), n - 1);
                let k = self.key_display(key)?;
                writeln!(out, "     #{k}: -> {:#x} <Map[{size}]({kind})>", t.raw()).ok();
            }
        }
        writeln!(out, " - prototype: {:#x}", m.prototype().raw()).ok();
        let counter = construction_counter(map);
        if counter > 0 {
            writeln!(out, " - construction counter: {counter}").ok();
        }
        Ok(out)
    }

    /// A mapped `arguments` object's elements as d8 prints them: context, arguments store,
    /// the parameter map, then the arguments store's elements (stale where mapped).
    fn print_sloppy_arguments(&mut self, out: &mut String, store: Tagged) -> JsResult<()> {
        use tagus_heap::objects::sloppy_arguments as sa;
        let (context, arguments) = (fixed_get(store, sa::CONTEXT_INDEX), fixed_get(store, sa::ARGUMENTS_INDEX));
        writeln!(
            out,
            " - elements: {:#x} <SloppyArgumentsElements[{}]> {{",
            store.raw(),
            fixed_len(store)
        )
        .ok();
        writeln!(
            out,
            "    0: context: {:#x} <FunctionContext[{}]>",
            context.raw(),
            fixed_len(context)
        )
        .ok();
        writeln!(
            out,
            "    1: arguments_store: {:#x} <FixedArray[{}]>",
            arguments.raw(),
            fixed_len(arguments)
        )
        .ok();
        writeln!(out, "    parameter to context slot map:").ok();
        for i in 0..sa::mapped_count(fixed_len(store)) {
            let entry = fixed_get(store, sa::mapped_entry_index(i));
            if entry.is_smi() {
                writeln!(out, "    {i}: param({i}): {} in the context", entry.smi_value()).ok();
            }
        }
        writeln!(out, " }}").ok();
        writeln!(
            out,
            " - arguments_store: {:#x} <FixedArray[{}]> {{",
            arguments.raw(),
            fixed_len(arguments)
        )
        .ok();
        self.print_elements(out, arguments)?;
        writeln!(out, " }}").ok();
        Ok(())
    }

    /// The element lines of `%DebugPrint`: runs of equal elements as `from-to: value`, as V8.
    fn print_elements(&mut self, out: &mut String, store: Tagged) -> JsResult<()> {
        let len = fixed_len(store);
        let mut i = 0;
        while i < len {
            let e = elements::store_get(self, store, i);
            let mut end = i + 1;
            while end < len && same_element(elements::store_get(self, store, end), e) {
                end += 1;
            }
            let shown = match e {
                Element::Hole => "<the_hole>".to_string(),
                Element::Double(d) if d == 0.0 && d.is_sign_negative() => "-0".to_string(),
                Element::Double(d) => crate::numconv::number_to_string(d),
                Element::Value(v) => self.short_value(v)?,
            };
            let index = if end - i > 1 { format!("{i}-{}", end - 1) } else { i.to_string() };
            writeln!(out, "{index:>12}: {shown}").ok();
            i = end;
        }
        Ok(())
    }

    /// A value as `%DebugPrint` shows a property's value. Never allocates on the heap, so
    /// `debug_print` can hold the object, its map and its stores while it formats.
    fn short_value(&mut self, v: Tagged) -> JsResult<String> {
        if self.is_object(v) {
            return Ok(format!("{:#x} <{}>", v.raw(), type_name(self.instance_type(v))));
        }
        if self.is_string(v) {
            let s = self.string_to_rust(v);
            return Ok(format!("\"{s}\""));
        }
        if let Some(n) = self.number_value(v) {
            return Ok(if n == 0.0 && n.is_sign_negative() {
                "-0".to_string()
            } else {
                crate::numconv::number_to_string(n)
            });
        }
        if self.is_symbol(v) {
            return self.symbol_descriptive_string(v);
        }
        let name = match v {
            _ if v == self.undefined() => "undefined",
            _ if v == self.null() => "null",
            _ if v == self.true_value() => "true",
            _ if v == self.false_value() => "false",
            _ => "<the_hole>",
        };
        Ok(name.to_string())
    }
}

/// V8's name of an elements store.
fn store_name(store: Tagged) -> &'static str {
    if elements::is_double_store(store) {
        "FixedDoubleArray"
    } else if crate::arguments::is_sloppy_arguments_store(store) {
        "SloppyArgumentsElements"
    } else {
        "FixedArray"
    }
}

/// Whether two elements print the same (doubles by bits, so -0 and 0 differ).
fn same_element(a: Element, b: Element) -> bool {
    match (a, b) {
        (Element::Double(x), Element::Double(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// V8's attribute letters: W(ritable), E(numerable), C(onfigurable), `_` when absent.
fn attrs(attributes: u8) -> String {
    let w = if attributes & dictionary::READ_ONLY == 0 { 'W' } else { '_' };
    let e = if attributes & dictionary::DONT_ENUM == 0 { 'E' } else { '_' };
    let c = if attributes & dictionary::DONT_DELETE == 0 { 'C' } else { '_' };
    format!("{w}{e}{c}")
}
