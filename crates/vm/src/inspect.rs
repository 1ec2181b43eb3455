//! Node's `util.inspect` as `console.log` uses it: how values print (strings quoted inside
//! containers, `[Function: f]`, `[class A]`, `A { x: 1 }`, holes, `[Object]` past depth 2,
//! circular references, line breaking at 80 columns).
//!
//! Invariant: inspecting never runs user code except getters' absence — accessors print as
//! `[Getter]`/`[Setter]` without being called — so printing cannot change the program.

use tagus_heap::Tagged;
use tagus_heap::objects::InstanceType;

use crate::dictionary::DONT_ENUM;
use crate::object::{Own, fixed_get, fixed_len};
use crate::{JsResult, Vm, numconv};

const MAX_DEPTH: usize = 2;
const BREAK_LENGTH: usize = 80;

struct Inspector {
    /// Stack slots of the objects being printed (for cycle detection).
    seen: Vec<usize>,
}

impl Vm {
    /// `util.inspect(value)` with Node's defaults.
    pub fn inspect(&mut self, value: Tagged) -> JsResult<String> {
        let mark = self.stack_mark();
        let mut inspector = Inspector { seen: Vec::new() };
        let r = inspector.format(self, value, 0, 0);
        self.truncate_stack(mark);
        r
    }
}

/// A string literal as Node quotes it: single quotes unless the text contains one.
pub fn quote_string(text: &str) -> String {
    let quote = if !text.contains('\'') {
        '\''
    } else if !text.contains('"') {
        '"'
    } else if !text.contains('`') && !text.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Inspector {
    fn format(&mut self, vm: &mut Vm, v: Tagged, depth: usize, indent: usize) -> JsResult<String> {
        if vm.is_string(v) {
            return Ok(quote_string(&vm.string_to_rust(v)));
        }
        if !vm.is_object(v) {
            return format_primitive(vm, v);
        }
        self.format_object(vm, v, depth, indent)
    }

    fn format_object(&mut self, vm: &mut Vm, v: Tagged, depth: usize, indent: usize) -> JsResult<String> {
        for &s in &self.seen {
            if vm.slot(s) == v {
                return Ok("[Circular *1]".to_string());
            }
        }
        let ty = vm.instance_type(v).expect("object");
        let is_array = ty == InstanceType::JsArray;
        let is_function = vm.is_callable(v);
        if depth > MAX_DEPTH {
            return Ok(if is_array {
                "[Array]".to_string()
            } else if is_function {
                self.function_base(vm, v)?
            } else {
                match vm.constructor_name(v) {
                    Some(name) if name != "Object" => format!("[{name}]"),
                    _ => "[Object]".to_string(),
                }
            });
        }
        let slot = vm.push(v);
        self.seen.push(slot);
        let result = self.format_entries(vm, slot, ty, depth, indent);
        self.seen.pop();
        result
    }

    fn function_base(&mut self, vm: &mut Vm, f: Tagged) -> JsResult<String> {
        let name = vm.function_name(f);
        let name = vm.string_to_rust(name);
        let is_class = matches!(
            vm.function_kind(f),
            Some(tagus_compiler::FunctionKind::ClassConstructor | tagus_compiler::FunctionKind::DerivedConstructor)
        );
        if is_class {
            let parent = vm.get_prototype_of(f);
            let extends = if vm.is_callable(parent) && parent != vm.root(crate::Root::FunctionPrototype) {
                let p = vm.function_name(parent);
                format!(" extends {}", vm.string_to_rust(p))
            } else {
                String::new()
            };
            let name = if name.is_empty() { "(anonymous)".to_string() } else { name };
            return Ok(format!("[class {name}{extends}]"));
        }
        Ok(if name.is_empty() { "[Function (anonymous)]".to_string() } else { format!("[Function: {name}]") })
    }

    fn format_entries(&mut self, vm: &mut Vm, slot: usize, ty: InstanceType, depth: usize, indent: usize) -> JsResult<String> {
        let v = vm.slot(slot);
        let is_array = ty == InstanceType::JsArray;
        let mut entries: Vec<String> = Vec::new();
        let mut prefix = String::new();
        if vm.is_callable(v) {
            prefix = self.function_base(vm, v)?;
        } else if vm.is_error(v) {
            let stack = vm.get_named(v, crate::Root::NameStack)?;
            prefix = if vm.is_string(stack) { vm.string_to_rust(stack) } else { vm.error_to_string(vm.slot(slot))? };
            if depth > 0 {
                prefix = format!("[{prefix}]");
            }
        } else if let Some(p) = vm.primitive_wrapper_value(v) {
            let kind = if vm.is_string(p) {
                "String"
            } else if vm.is_number(p) {
                "Number"
            } else if vm.is_symbol(p) {
                "Symbol"
            } else {
                "Boolean"
            };
            let shown = self.format(vm, p, depth + 1, indent)?;
            prefix = format!("[{kind}: {shown}]");
        } else if !is_array {
            let proto = vm.get_prototype_of(v);
            if proto == vm.null() {
                prefix = "[Object: null prototype]".to_string();
            } else if let Some(name) = vm.constructor_name(v)
                && name != "Object"
            {
                prefix = name;
            }
        }
        if is_array {
            let len = vm.array_length(v) as usize;
            let mut holes = 0;
            let mut shown = 0;
            for i in 0..len {
                if shown >= 100 {
                    break;
                }
                let key = vm.index_key(i as u32)?;
                let own = vm.get_own_property(vm.slot(slot), key)?;
                match own {
                    None => holes += 1,
                    Some(p) => {
                        if holes > 0 {
                            entries.push(format!("<{holes} empty item{}>", if holes > 1 { "s" } else { "" }));
                            holes = 0;
                        }
                        entries.push(self.format_property_value(vm, p, depth, indent)?);
                        shown += 1;
                    }
                }
            }
            if holes > 0 {
                entries.push(format!("<{holes} empty item{}>", if holes > 1 { "s" } else { "" }));
            }
            if len > 100 && shown >= 100 {
                entries.push(format!("... {} more item{}", len - 100, if len - 100 > 1 { "s" } else { "" }));
            }
        }
        let keys = vm.own_keys(vm.slot(slot), false, true, true)?;
        let ks = vm.push(keys);
        for i in 0..fixed_len(keys) {
            let key = fixed_get(vm.slot(ks), i);
            if is_array && (key.is_smi() || vm.key_as_index(key).is_some()) {
                continue;
            }
            let own = vm.get_own_property(vm.slot(slot), key)?;
            let Some(p) = own else { continue };
            let attrs = match p {
                Own::Data(_, a) | Own::Accessor(_, a) => a,
            };
            if attrs & DONT_ENUM != 0 {
                continue;
            }
            let key = fixed_get(vm.slot(ks), i);
            let name = if key.is_smi() {
                format!("'{}'", key.smi_value())
            } else if vm.is_symbol(key) {
                format!("[{}]", vm.symbol_descriptive_string(key)?)
            } else {
                let text = vm.string_to_rust(key);
                if is_identifier(&text) { text } else { quote_string(&text) }
            };
            let value = self.format_property_value(vm, p, depth, indent)?;
            entries.push(format!("{name}: {value}"));
        }
        let (open, close) = if is_array { ("[", "]") } else { ("{", "}") };
        if entries.is_empty() {
            if !prefix.is_empty() && (vm.is_callable(vm.slot(slot)) || vm.is_error(vm.slot(slot)) || prefix.starts_with('[')) {
                return Ok(prefix);
            }
            let body = format!("{open}{close}");
            return Ok(if prefix.is_empty() { body } else { format!("{prefix} {body}") });
        }
        let start = entries.len() + indent + open.len() + prefix.len() + 10;
        let total: usize = entries.iter().map(|e| e.len()).sum::<usize>() + entries.len() + start;
        let single = total + entries.len() <= BREAK_LENGTH && !entries.iter().any(|e| e.contains('\n')) && !(is_array && entries.len() > 6);
        let body = if single {
            format!("{open} {} {close}", entries.join(", "))
        } else {
            let pad = " ".repeat(indent + 2);
            format!("{open}\n{pad}{}\n{}{close}", entries.join(&format!(",\n{pad}")), " ".repeat(indent))
        };
        Ok(if prefix.is_empty() { body } else { format!("{prefix} {body}") })
    }

    fn format_property_value(&mut self, vm: &mut Vm, p: Own, depth: usize, indent: usize) -> JsResult<String> {
        match p {
            Own::Data(v, _) => self.format(vm, v, depth + 1, indent + 2),
            Own::Accessor(pair, _) => {
                let o = tagus_heap::objects::HeapObject::from_tagged(pair);
                let getter = o.read_tagged(tagus_heap::objects::js_object::accessor_pair::GETTER_OFFSET);
                let setter = o.read_tagged(tagus_heap::objects::js_object::accessor_pair::SETTER_OFFSET);
                Ok(match (getter != vm.undefined(), setter != vm.undefined()) {
                    (true, true) => "[Getter/Setter]",
                    (true, false) => "[Getter]",
                    _ => "[Setter]",
                }
                .to_string())
            }
        }
    }
}

fn format_primitive(vm: &mut Vm, v: Tagged) -> JsResult<String> {
    if let Some(n) = vm.number_value(v) {
        return Ok(if n == 0.0 && n.is_sign_negative() { "-0".to_string() } else { numconv::number_to_string(n) });
    }
    if vm.is_symbol(v) {
        return vm.symbol_descriptive_string(v);
    }
    vm.to_display_string(v)
}
