//! Node's `util.inspect` (v20, default options) as `console.log` uses it, ported from
//! `lib/internal/util/inspect.js`: `formatValue`/`formatRaw` (constructor names and
//! prefixes, functions and classes, arrays with holes and extra keys, boxed primitives,
//! errors, `[Object]` past the depth limit, `<ref *1>`/`[Circular *1]`), `formatProperty`,
//! `getConstructorName`, `addPrototypeProperties` (for `showHidden`) and
//! `reduceToSingleString`. Around it: `inspect/naming.rs` (constructor names, tags,
//! function/class/boxed prefixes), `inspect/error.rs` (errors), `inspect/layout.rs` (the
//! pure text helpers: quoting, widths, array grouping, line breaking) and
//! `inspect/format.rs` (`util.format`: console.log's `%s %d %i %f %j %o %O %c %%`).
//!
//! Invariant: inspecting never runs user code. Properties are read without calling
//! getters (an accessor reads as undefined where Node would call it, and prints as
//! `[Getter]`/`[Setter]`/`[Getter/Setter]`), `instanceof` checks use OrdinaryHasInstance,
//! and strings of non-primitive values are never computed, so printing cannot change the
//! program. Values are kept in JS stack slots across every allocating call.

mod error;
mod format;
pub mod layout;
mod naming;

pub use format::format_arguments;
pub use layout::{escape_unquoted, group_array_elements, is_identifier_key, str_escape};

use tagus_heap::Tagged;
use tagus_heap::objects::js_object::accessor_pair;
use tagus_heap::objects::{HeapObject, InstanceType};

use crate::dictionary::DONT_ENUM;
use crate::object::{Own, fixed_get, fixed_len};
use crate::{JsResult, Vm, numconv};
use layout::{COMPACT, MAX_ARRAY_LENGTH, get_prefix, js_len};
use naming::ctx_style;

/// The names Node's `builtInObjects` holds: its global properties matching
/// `/^([A-Z][a-z]+)+$/` at start-up (constructors whose instances print as built-ins).
const BUILT_IN_OBJECTS: &str = "Object Function Array Number Infinity Boolean String Symbol Date Promise RegExp Error AggregateError \
    EvalError RangeError ReferenceError SyntaxError TypeError Math Intl ArrayBuffer DataView Map BigInt \
    Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef Buffer AbortController AbortSignal \
    Event EventTarget TextEncoder TextDecoder TransformStream TransformStreamDefaultController \
    WritableStream WritableStreamDefaultController WritableStreamDefaultWriter ReadableStream \
    ReadableStreamDefaultReader ReadableByteStreamController ReadableStreamDefaultController \
    ByteLengthQueuingStrategy CountQueuingStrategy TextEncoderStream TextDecoderStream CompressionStream \
    DecompressionStream BroadcastChannel MessageChannel MessagePort MessageEvent Blob File Performance \
    PerformanceEntry PerformanceMark PerformanceMeasure PerformanceObserver PerformanceObserverEntryList \
    PerformanceResourceTiming FormData Headers Request Response SharedArrayBuffer Atomics WebAssembly \
    Crypto CryptoKey SubtleCrypto CustomEvent";

/// Whether `name` is one of Node's built-in constructor names.
pub fn is_built_in_name(name: &str) -> bool {
    BUILT_IN_OBJECTS.split_whitespace().any(|n| n == name)
}

/// The options of `util.inspect` this engine honours (the others keep Node's defaults:
/// breakLength 80, compact 3, maxArrayLength 100, maxStringLength 10000, no colors).
#[derive(Debug, Clone, Copy)]
pub struct InspectOptions {
    /// How many levels of nesting are shown (`depth`, default 2).
    pub depth: i64,
    /// Show non-enumerable properties and user prototype properties (`showHidden`).
    pub show_hidden: bool,
}

impl Default for InspectOptions {
    fn default() -> InspectOptions {
        InspectOptions {
            depth: 2,
            show_hidden: false,
        }
    }
}

/// How a property is listed (`kObjectType`, `kArrayType`, `kArrayExtrasType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    ArrayEntry,
    ArrayExtras,
}

/// A property descriptor as far as printing needs it.
#[derive(Debug, Clone, Copy)]
enum Desc {
    Data(Tagged, bool),
    Accessor { get: bool, set: bool, enumerable: bool },
}

/// Node's inspection context (`ctx`).
struct Inspector {
    depth: i64,
    show_hidden: bool,
    indentation_lvl: usize,
    current_depth: i64,
    /// Slots of the objects being formatted (`ctx.seen`).
    seen: Vec<usize>,
    /// Slot holding undefined or a JS array of the objects found circular, in the order of
    /// their reference numbers (`ctx.circular`).
    circular: usize,
}

impl Vm {
    /// `util.inspect(value)` with Node's defaults.
    pub fn inspect(&mut self, value: Tagged) -> JsResult<String> {
        self.inspect_with(value, InspectOptions::default())
    }

    /// `util.inspect(value, options)`.
    pub fn inspect_with(&mut self, value: Tagged, options: InspectOptions) -> JsResult<String> {
        let mark = self.stack_mark();
        let vs = self.push(value);
        let circular = self.push(self.undefined());
        let mut ctx = Inspector {
            depth: options.depth,
            show_hidden: options.show_hidden,
            indentation_lvl: 0,
            current_depth: 0,
            seen: Vec::new(),
            circular,
        };
        let r = ctx.format_value(self, vs, 0);
        self.truncate_stack(mark);
        r
    }
}

fn desc_of(vm: &Vm, own: Own) -> Desc {
    match own {
        Own::Data(v, attrs) => Desc::Data(v, attrs & DONT_ENUM == 0),
        Own::Accessor(pair, attrs) => {
            let o = HeapObject::from_tagged(pair);
            Desc::Accessor {
                get: o.read_tagged(accessor_pair::GETTER_OFFSET) != vm.undefined(),
                set: o.read_tagged(accessor_pair::SETTER_OFFSET) != vm.undefined(),
                enumerable: attrs & DONT_ENUM == 0,
            }
        }
    }
}

/// `Number.prototype.toString` except that -0 prints as `-0` (`formatNumber`).
pub fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".to_string()
    } else {
        numconv::number_to_string(n)
    }
}

/// `Symbol(description)` as UTF-16 units.
fn symbol_units(vm: &Vm, symbol: Tagged) -> Vec<u16> {
    let mut units: Vec<u16> = "Symbol(".encode_utf16().collect();
    let d = vm.symbol_description(symbol);
    if vm.is_string(d) {
        units.extend(vm.string_units(d));
    }
    units.push(u16::from(b')'));
    units
}

impl Inspector {
    /// `formatValue` of the value in slot `vs`.
    fn format_value(&mut self, vm: &mut Vm, vs: usize, recurse_times: i64) -> JsResult<String> {
        let v = vm.slot(vs);
        if !vm.is_object(v) {
            return Ok(self.format_primitive(vm, v));
        }
        if self.seen.iter().any(|&s| vm.slot(s) == v) {
            let index = self.circular_index(vm, vs, true)?.unwrap_or(1);
            return Ok(format!("[Circular *{index}]"));
        }
        let mark = vm.stack_mark();
        let own = vm.push(v);
        let r = self.format_raw(vm, own, recurse_times);
        vm.truncate_stack(mark);
        r
    }

    /// `formatPrimitive` (and `null`).
    fn format_primitive(&self, vm: &Vm, v: Tagged) -> String {
        if vm.is_string(v) {
            return layout::format_string_value(&vm.string_units(v), self.indentation_lvl);
        }
        if let Some(n) = vm.number_value(v) {
            return format_number(n);
        }
        if vm.is_symbol(v) {
            return String::from_utf16_lossy(&symbol_units(vm, v));
        }
        if v == vm.null() {
            "null"
        } else if v == vm.true_value() {
            "true"
        } else if v == vm.false_value() {
            "false"
        } else {
            "undefined"
        }
        .to_string()
    }

    /// The reference number of the object in `vs` in `ctx.circular`, adding it when
    /// `insert`.
    fn circular_index(&mut self, vm: &mut Vm, vs: usize, insert: bool) -> JsResult<Option<usize>> {
        let list = vm.slot(self.circular);
        if list != vm.undefined() {
            let elements = vm.elements_of(list);
            let len = vm.array_length(list) as usize;
            let v = vm.slot(vs);
            if let Some(i) = (0..len).find(|&i| fixed_get(elements, i) == v) {
                return Ok(Some(i + 1));
            }
        } else if insert {
            let list = vm.new_array(0, 4)?;
            vm.set_slot(self.circular, list);
        }
        if !insert {
            return Ok(None);
        }
        vm.array_push(self.circular, vs)?;
        Ok(Some(vm.array_length(vm.slot(self.circular)) as usize))
    }

    /// Own keys of the object in `vs` as slots: `Object.keys` plus enumerable symbols (all
    /// names and symbols with `showHidden`); `skip_indices` drops array indices
    /// (`getOwnNonIndexProperties`).
    fn own_key_slots(&mut self, vm: &mut Vm, vs: usize, skip_indices: bool) -> JsResult<Vec<usize>> {
        // Without named properties an array has no non-index keys to list (its virtual
        // `length` only shows with showHidden); this spares listing every index.
        if skip_indices && !self.show_hidden && vm.named_property_count(vm.slot(vs)) == 0 {
            return Ok(Vec::new());
        }
        let keys = vm.own_keys(vm.slot(vs), !self.show_hidden, true, true)?;
        let ks = vm.push(keys);
        let mut slots = Vec::with_capacity(fixed_len(keys));
        for i in 0..fixed_len(keys) {
            let key = fixed_get(vm.slot(ks), i);
            if skip_indices && vm.key_as_index(key).is_some() {
                continue;
            }
            slots.push(vm.push(key));
        }
        Ok(slots)
    }

    /// `formatRaw` of the object in slot `vs` (the caller truncates the stack).
    fn format_raw(&mut self, vm: &mut Vm, vs: usize, recurse_times: i64) -> JsResult<String> {
        let mut proto_props = (self.show_hidden && recurse_times <= self.depth).then(Vec::new);
        let constructor = self.constructor_name(vm, vs, recurse_times, &mut proto_props)?;
        if proto_props.as_ref().is_some_and(Vec::is_empty) {
            proto_props = None;
        }
        let constructor = constructor.as_deref();
        let no_extras = proto_props.is_none();
        let tag = self.string_tag(vm, vs)?;
        let mut base = String::new();
        let mut braces = ["{".to_string(), "}".to_string()];
        let mut kind = Kind::Object;
        let mut weak_items = false;
        let v = vm.slot(vs);
        let is_array = vm.is_array(v);
        let mut keys;
        if is_array {
            let len = vm.array_length(v);
            let prefix = if constructor != Some("Array") || !tag.is_empty() {
                get_prefix(constructor, &tag, "Array", &format!("({len})"))
            } else {
                String::new()
            };
            keys = self.own_key_slots(vm, vs, true)?;
            braces[0] = format!("{prefix}[");
            braces[1] = "]".to_string();
            if len == 0 && keys.is_empty() && no_extras {
                return Ok(format!("{}]", braces[0]));
            }
            kind = Kind::ArrayExtras;
        } else {
            keys = self.own_key_slots(vm, vs, false)?;
            let v = vm.slot(vs);
            if vm.is_callable(v) {
                base = self.function_base(vm, vs, constructor, &tag)?;
                if keys.is_empty() && no_extras {
                    return Ok(base);
                }
            } else if constructor == Some("Object") {
                if vm.instance_type(v) == Some(InstanceType::JsArgumentsObject) {
                    braces[0] = "[Arguments] {".to_string();
                } else if !tag.is_empty() {
                    braces[0] = format!("{}{{", get_prefix(constructor, &tag, "Object", ""));
                }
                if keys.is_empty() && no_extras {
                    return Ok(format!("{}}}", braces[0]));
                }
            } else if vm.inspect_is_error(v) {
                base = self.format_error(vm, vs, constructor, &tag, &mut keys)?;
                if keys.is_empty() && no_extras {
                    return Ok(base);
                }
            } else if let Some(name) = weak_collection_name(vm, v) {
                // `formatWeakCollection`: the entries cannot be listed.
                braces[0] = format!("{}{{", get_prefix(constructor, &tag, name, ""));
                weak_items = true;
            } else if vm.primitive_wrapper_value(v).is_some() {
                base = self.boxed_base(vm, vs, &mut keys, constructor, &tag);
                if keys.is_empty() && no_extras {
                    return Ok(base);
                }
            } else {
                let style = ctx_style(vm, v, constructor, &tag);
                if keys.is_empty() && no_extras {
                    return Ok(format!("{style}{{}}"));
                }
                braces[0] = format!("{style}{{");
            }
        }

        if recurse_times > self.depth {
            let mut name = ctx_style(vm, vm.slot(vs), constructor, &tag);
            name.pop();
            return Ok(if constructor.is_some() { format!("[{name}]") } else { name });
        }
        let recurse_times = recurse_times + 1;
        self.seen.push(vs);
        self.current_depth = recurse_times;
        let mut output = if is_array {
            self.format_array(vm, vs, recurse_times)?
        } else if weak_items {
            vec!["<items unknown>".to_string()]
        } else {
            Vec::new()
        };
        for &key in &keys {
            output.push(self.format_property(vm, vs, recurse_times, key, kind, None)?);
        }
        if let Some(extra) = proto_props {
            output.extend(extra);
        }
        if let Some(index) = self.circular_index(vm, vs, false)? {
            let reference = format!("<ref *{index}>");
            base = if base.is_empty() {
                reference
            } else {
                format!("{reference} {base}")
            };
        }
        self.seen.pop();

        let entries = output.len();
        if kind == Kind::ArrayExtras && entries > 6 {
            let mut numbers = true;
            for i in 0..entries {
                let key = vm.index_key(i as u32)?;
                let element = vm.inspect_peek(vm.slot(vs), key)?;
                if !vm.is_number(element) {
                    numbers = false;
                    break;
                }
            }
            output = group_array_elements(output, self.indentation_lvl, MAX_ARRAY_LENGTH < entries, numbers);
        }
        Ok(self.reduce_to_single_string(output, entries, &base, &braces, recurse_times))
    }

    /// `reduceToSingleString` with compact = 3 (after any grouping; `entries` is the
    /// number of entries before it).
    fn reduce_to_single_string(&self, output: Vec<String>, entries: usize, base: &str, braces: &[String; 2], recurse_times: i64) -> String {
        let base_prefix = if base.is_empty() { String::new() } else { format!("{base} ") };
        if self.current_depth - recurse_times < COMPACT && entries == output.len() {
            let start = output.len() + self.indentation_lvl + js_len(&braces[0]) + js_len(base) + 10;
            if layout::is_below_break_length(&output, start, base) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{base_prefix}{} {joined} {}", braces[0], braces[1]);
                }
            }
        }
        let indentation = format!("\n{}", " ".repeat(self.indentation_lvl));
        let joined = output.join(&format!(",{indentation}  "));
        format!("{base_prefix}{}{indentation}  {joined}{indentation}{}", braces[0], braces[1])
    }

    /// `formatArray` (with `formatSpecialArray` for holes).
    fn format_array(&mut self, vm: &mut Vm, vs: usize, recurse_times: i64) -> JsResult<Vec<String>> {
        let len = vm.array_length(vm.slot(vs)) as usize;
        let max = len.min(MAX_ARRAY_LENGTH);
        let mut output = Vec::new();
        for i in 0..max {
            let mark = vm.stack_mark();
            let key = vm.index_key(i as u32)?;
            let ks = vm.push(key);
            if vm.get_own_property(vm.slot(vs), key)?.is_none() {
                vm.truncate_stack(mark);
                return self.format_special_array(vm, vs, recurse_times, max, output, i);
            }
            output.push(self.format_property(vm, vs, recurse_times, ks, Kind::ArrayEntry, None)?);
            vm.truncate_stack(mark);
        }
        if len > max {
            output.push(remaining_text(len - max));
        }
        Ok(output)
    }

    /// `formatSpecialArray`: the entries of a sparse array from `Object.keys`, runs of
    /// holes as `<N empty items>`.
    fn format_special_array(
        &mut self,
        vm: &mut Vm,
        vs: usize,
        recurse_times: i64,
        max_length: usize,
        mut output: Vec<String>,
        start: usize,
    ) -> JsResult<Vec<String>> {
        let mark = vm.stack_mark();
        let keys = vm.own_keys(vm.slot(vs), true, true, false)?;
        let keys_slot = vm.push(keys);
        let mut index = start;
        let mut i = start;
        while i < fixed_len(vm.slot(keys_slot)) && output.len() < max_length {
            let key = fixed_get(vm.slot(keys_slot), i);
            // A key that is not an array index ends the elements (Node compares the key's
            // text with the expected index and tests it with /^(0|[1-9][0-9]*)$/).
            let Some(k) = vm.key_as_index(key) else { break };
            let k = k as usize;
            if k != index {
                output.push(empty_items(k - index));
                index = k;
                if output.len() == max_length {
                    break;
                }
            }
            let ks = vm.push(key);
            output.push(self.format_property(vm, vs, recurse_times, ks, Kind::ArrayEntry, None)?);
            vm.truncate_stack(ks);
            index += 1;
            i += 1;
        }
        vm.truncate_stack(mark);
        let remaining = vm.array_length(vm.slot(vs)) as usize - index;
        if output.len() != max_length {
            if remaining > 0 {
                output.push(empty_items(remaining));
            }
        } else if remaining > 0 {
            output.push(remaining_text(remaining));
        }
        Ok(output)
    }

    /// `formatProperty`: `key: value` (just the value for array entries).
    fn format_property(
        &mut self,
        vm: &mut Vm,
        vs: usize,
        recurse_times: i64,
        ks: usize,
        kind: Kind,
        desc: Option<Desc>,
    ) -> JsResult<String> {
        let desc = match desc {
            Some(d) => d,
            None => match vm.get_own_property(vm.slot(vs), vm.slot(ks))? {
                Some(own) => desc_of(vm, own),
                None => Desc::Data(vm.inspect_peek(vm.slot(vs), vm.slot(ks))?, true),
            },
        };
        let (text, enumerable) = match desc {
            Desc::Data(value, enumerable) if value != vm.undefined() => {
                let mark = vm.stack_mark();
                let value_slot = vm.push(value);
                self.indentation_lvl += 2;
                let text = self.format_value(vm, value_slot, recurse_times);
                self.indentation_lvl -= 2;
                vm.truncate_stack(mark);
                (text?, enumerable)
            }
            Desc::Data(_, enumerable) => ("undefined".to_string(), enumerable),
            Desc::Accessor {
                get: true,
                set,
                enumerable,
            } => ((if set { "[Getter/Setter]" } else { "[Getter]" }).to_string(), enumerable),
            Desc::Accessor { set: true, enumerable, .. } => ("[Setter]".to_string(), enumerable),
            Desc::Accessor { enumerable, .. } => ("undefined".to_string(), enumerable),
        };
        if kind == Kind::ArrayEntry {
            return Ok(text);
        }
        let key = vm.slot(ks);
        let name = if vm.is_symbol(key) {
            format!("[{}]", escape_unquoted(&symbol_units(vm, key)))
        } else {
            let units: Vec<u16> = if key.is_smi() {
                key.smi_value().to_string().encode_utf16().collect()
            } else {
                vm.string_units(key)
            };
            if units.iter().copied().eq("__proto__".encode_utf16()) {
                "['__proto__']".to_string()
            } else if !enumerable {
                format!("[{}]", escape_unquoted(&units))
            } else if is_identifier_key(&units) {
                String::from_utf16_lossy(&units)
            } else {
                str_escape(&units)
            }
        };
        Ok(format!("{name}: {text}"))
    }
}

/// `WeakMap` or `WeakSet` for instances of those (Node's `isWeakMap`/`isWeakSet`).
fn weak_collection_name(vm: &Vm, v: Tagged) -> Option<&'static str> {
    match vm.instance_type(v) {
        Some(InstanceType::JsWeakMap) => Some("WeakMap"),
        Some(InstanceType::JsWeakSet) => Some("WeakSet"),
        _ => None,
    }
}

fn empty_items(count: usize) -> String {
    format!("<{count} empty item{}>", if count > 1 { "s" } else { "" })
}

fn remaining_text(count: usize) -> String {
    format!("... {count} more item{}", if count > 1 { "s" } else { "" })
}
