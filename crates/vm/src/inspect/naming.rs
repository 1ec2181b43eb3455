//! What `util.inspect` prints before an object's braces, read without running user code:
//! Node's `getConstructorName` (with `addPrototypeProperties` for `showHidden`), the
//! `Symbol.toStringTag` shown, `getCtxStyle`, `getFunctionBase`/`getClassBase`
//! (`[Function: f]`, `[class B extends A]`) and `getBoxedBase` (`[Number: 3]`), plus the
//! getter-free property reads and `instanceof` they rely on.

use tagus_heap::Tagged;
use tagus_heap::objects::js_object::bound_function;
use tagus_heap::objects::{HeapObject, InstanceType};

use super::layout::get_prefix;
use super::{Desc, InspectOptions, Inspector, Kind, desc_of, is_built_in_name};
use crate::object::{Own, fixed_get, fixed_len};
use crate::{JsResult, Root, Vm};

impl Vm {
    /// `o[key]` without running user code: data properties along the prototype chain; an
    /// accessor reads as undefined.
    pub(super) fn inspect_peek(&mut self, o: Tagged, key: Tagged) -> JsResult<Tagged> {
        let base = self.push(o);
        self.push(key);
        let result = loop {
            let holder = self.slot(base);
            if !self.is_object(holder) {
                break self.undefined();
            }
            match self.get_own_property(holder, self.slot(base + 1))? {
                Some(Own::Data(v, _)) => break v,
                Some(Own::Accessor(..)) => break self.undefined(),
                None => {
                    let proto = self.get_prototype_of(self.slot(base));
                    self.set_slot(base, proto);
                }
            }
        };
        self.truncate_stack(base);
        Ok(result)
    }

    /// `f.name` without running user code: the data property found along the prototype
    /// chain, or, when that is an accessor, the name the function was created with.
    pub(super) fn inspect_function_name(&mut self, f: Tagged) -> JsResult<Tagged> {
        let base = self.push(f);
        self.push(f);
        let key = self.root(Root::NameName);
        let result = loop {
            let holder = self.slot(base + 1);
            if !self.is_object(holder) {
                break self.undefined();
            }
            match self.get_own_property(holder, key)? {
                Some(Own::Data(v, _)) => break v,
                Some(Own::Accessor(..)) => break self.function_name(self.slot(base)),
                None => {
                    let proto = self.get_prototype_of(self.slot(base + 1));
                    self.set_slot(base + 1, proto);
                }
            }
        };
        self.truncate_stack(base);
        Ok(result)
    }

    /// OrdinaryHasInstance(c, o) without running user code (a `prototype` accessor or a
    /// non-object prototype answers false, where `instanceof` would throw).
    pub(super) fn inspect_instance_of(&mut self, c: Tagged, o: Tagged) -> JsResult<bool> {
        let mut c = c;
        while self.instance_type(c) == Some(InstanceType::JsBoundFunction) {
            c = HeapObject::from_tagged(c).read_tagged(bound_function::TARGET_OFFSET);
        }
        if !self.is_callable(c) || !self.is_object(o) {
            return Ok(false);
        }
        let base = self.push(o);
        let key = self.root(Root::NamePrototype);
        let proto = match self.get_own_property(c, key)? {
            Some(Own::Data(p, _)) => p,
            _ => self.undefined(),
        };
        let mut o = self.slot(base);
        self.truncate_stack(base);
        if !self.is_object(proto) {
            return Ok(false);
        }
        loop {
            o = self.get_prototype_of(o);
            if !self.is_object(o) {
                return Ok(false);
            }
            if o == proto {
                return Ok(true);
            }
        }
    }

    /// `String(v)` for what inspection shows of a name or message: primitives convert as
    /// ToString does; objects (whose conversion would run user code) show as
    /// `[object Object]`.
    pub(super) fn inspect_text(&mut self, v: Tagged) -> JsResult<String> {
        if self.is_object(v) {
            return Ok("[object Object]".to_string());
        }
        self.to_display_string(v)
    }

    /// Node's `isError`: a native error or an object inheriting from `Error.prototype`.
    pub(super) fn inspect_is_error(&self, v: Tagged) -> bool {
        if self.is_error(v) {
            return true;
        }
        let target = self.root(Root::ErrorPrototype);
        let mut o = self.get_prototype_of(v);
        while self.is_object(o) {
            if o == target {
                return true;
            }
            o = self.get_prototype_of(o);
        }
        false
    }
}

/// V8's `GetConstructorName` as far as this engine's objects go (`internalGetConstructorName`).
pub(super) fn internal_constructor_name(vm: &Vm, v: Tagged) -> &'static str {
    match vm.instance_type(v) {
        Some(InstanceType::JsArray) => "Array",
        Some(InstanceType::JsFunction | InstanceType::JsBoundFunction) => "Function",
        Some(InstanceType::JsError) => "Error",
        Some(InstanceType::JsPrimitiveWrapper) => match vm.primitive_wrapper_value(v) {
            Some(p) if vm.is_string(p) => "String",
            Some(p) if vm.is_number(p) => "Number",
            Some(p) if vm.is_symbol(p) => "Symbol",
            _ => "Boolean",
        },
        _ => "Object",
    }
}

/// Node's `getCtxStyle`.
pub(super) fn ctx_style(vm: &Vm, v: Tagged, constructor: Option<&str>, tag: &str) -> String {
    let mut fallback = "";
    if constructor.is_none() {
        fallback = internal_constructor_name(vm, v);
        if fallback == tag {
            fallback = "Object";
        }
    }
    get_prefix(constructor, tag, fallback, "")
}

impl Inspector {
    /// The `Symbol.toStringTag` Node shows (`value[Symbol.toStringTag]` when a string that
    /// is not an own enumerable property — not an own property with `showHidden`).
    pub(super) fn string_tag(&mut self, vm: &mut Vm, vs: usize) -> JsResult<String> {
        let key = vm.root(Root::SymbolToStringTag);
        let tag = vm.inspect_peek(vm.slot(vs), key)?;
        if !vm.is_string(tag) {
            return Ok(String::new());
        }
        let text = vm.string_to_rust(tag);
        if text.is_empty() {
            return Ok(text);
        }
        let key = vm.root(Root::SymbolToStringTag);
        let hidden = match vm.get_own_property(vm.slot(vs), key)? {
            None => false,
            Some(own) => {
                self.show_hidden
                    || match desc_of(vm, own) {
                        Desc::Data(_, enumerable) | Desc::Accessor { enumerable, .. } => enumerable,
                    }
            }
        };
        Ok(if hidden { String::new() } else { text })
    }

    /// Node's `getConstructorName`: the name of the first `constructor` up the prototype
    /// chain the value is an instance of; `None` for a null-prototype chain.
    pub(super) fn constructor_name(
        &mut self,
        vm: &mut Vm,
        vs: usize,
        recurse_times: i64,
        proto_props: &mut Option<Vec<String>>,
    ) -> JsResult<Option<String>> {
        let mark = vm.stack_mark();
        let obj = vm.push(vm.slot(vs));
        let first_proto = vm.push(vm.hole());
        let result = loop {
            let o = vm.slot(obj);
            if !vm.is_object(o) {
                break None;
            }
            let known = if o == vm.root(Root::ObjectPrototype) {
                Some(("Object", Root::ObjectConstructor))
            } else if o == vm.root(Root::FunctionPrototype) {
                Some(("Function", Root::FunctionConstructor))
            } else {
                None
            };
            if let Some((name, ctor)) = known
                && vm.inspect_instance_of(vm.root(ctor), vm.slot(vs))?
            {
                if proto_props.is_some() && vm.slot(first_proto) != vm.slot(obj) {
                    self.add_prototype_properties(vm, vs, first_proto, recurse_times, proto_props)?;
                }
                break Some(Some(name.to_string()));
            }
            let key = vm.root(Root::NameConstructor);
            if let Some(Own::Data(c, _)) = vm.get_own_property(vm.slot(obj), key)?
                && vm.is_callable(c)
            {
                let cs = vm.push(c);
                let name = vm.inspect_function_name(c)?;
                let empty = vm.is_string(name) && vm.string_length(name) == 0;
                let name = vm.inspect_text(name)?;
                if !empty && vm.inspect_instance_of(vm.slot(cs), vm.slot(vs))? {
                    if proto_props.is_some() && (vm.slot(first_proto) != vm.slot(obj) || !is_built_in_name(&name)) {
                        self.add_prototype_properties(vm, vs, first_proto, recurse_times, proto_props)?;
                    }
                    break Some(Some(name));
                }
            }
            let proto = vm.get_prototype_of(vm.slot(obj));
            vm.set_slot(obj, proto);
            if vm.slot(first_proto) == vm.hole() {
                vm.set_slot(first_proto, proto);
            }
        };
        if let Some(found) = result {
            vm.truncate_stack(mark);
            return Ok(found);
        }
        if vm.slot(first_proto) == vm.null() {
            vm.truncate_stack(mark);
            return Ok(None);
        }
        let res = internal_constructor_name(vm, vm.slot(vs));
        if recurse_times > self.depth {
            vm.truncate_stack(mark);
            return Ok(Some(format!("{res} <Complex prototype>")));
        }
        let proto_constructor = self.constructor_name(vm, first_proto, recurse_times + 1, proto_props)?;
        let shown = match proto_constructor {
            Some(name) => name,
            None => {
                let options = InspectOptions {
                    depth: -1,
                    show_hidden: self.show_hidden,
                };
                vm.inspect_with(vm.slot(first_proto), options)?
            }
        };
        vm.truncate_stack(mark);
        Ok(Some(format!("{res} <{shown}>")))
    }

    /// Node's `addPrototypeProperties` (only with `showHidden`): the non-function
    /// properties of up to three user prototype layers of the value in `main`, starting
    /// at the object in `first` (the hole there means the value itself).
    fn add_prototype_properties(
        &mut self,
        vm: &mut Vm,
        main: usize,
        first: usize,
        recurse_times: i64,
        output: &mut Option<Vec<String>>,
    ) -> JsResult<()> {
        let mark = vm.stack_mark();
        let start = if vm.slot(first) == vm.hole() {
            vm.slot(main)
        } else {
            vm.slot(first)
        };
        let obj = vm.push(start);
        let mut key_set: Vec<usize> = Vec::new();
        let mut keys: Vec<usize> = Vec::new();
        let mut depth = 0;
        let r = loop {
            if depth != 0 || vm.slot(main) == vm.slot(obj) {
                let proto = vm.get_prototype_of(vm.slot(obj));
                if !vm.is_object(proto) {
                    break Ok(());
                }
                vm.set_slot(obj, proto);
                let key = vm.root(Root::NameConstructor);
                if let Some(Own::Data(c, _)) = vm.get_own_property(vm.slot(obj), key)?
                    && vm.is_callable(c)
                {
                    let name = vm.inspect_function_name(c)?;
                    let name = vm.inspect_text(name)?;
                    if is_built_in_name(&name) {
                        break Ok(());
                    }
                }
            }
            if depth == 0 {
                key_set.clear();
            } else {
                key_set.append(&mut keys);
            }
            let all = vm.own_keys(vm.slot(obj), false, true, true)?;
            let all_slot = vm.push(all);
            keys = (0..fixed_len(all))
                .map(|i| fixed_get(vm.slot(all_slot), i))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|k| vm.push(k))
                .collect();
            self.seen.push(main);
            for &k in &keys {
                let key = vm.slot(k);
                if key == vm.root(Root::NameConstructor)
                    || vm.get_own_property(vm.slot(main), key)?.is_some()
                    || (depth != 0 && key_set.iter().any(|&s| vm.slot(s) == vm.slot(k)))
                {
                    continue;
                }
                let Some(own) = vm.get_own_property(vm.slot(obj), vm.slot(k))? else {
                    continue;
                };
                if let Own::Data(value, _) = own
                    && vm.is_callable(value)
                {
                    continue;
                }
                let desc = desc_of(vm, own);
                let text = self.format_property(vm, obj, recurse_times, k, Kind::Object, Some(desc))?;
                if let Some(out) = output.as_mut() {
                    out.push(text);
                }
            }
            self.seen.pop();
            depth += 1;
            if depth == 3 {
                break Ok(());
            }
        };
        vm.truncate_stack(mark);
        r
    }

    /// Node's `getFunctionBase`: `[Function: f]`, `[Function (anonymous)]`, `[class A]`,
    /// `[class B extends A]`.
    pub(super) fn function_base(&mut self, vm: &mut Vm, vs: usize, constructor: Option<&str>, tag: &str) -> JsResult<String> {
        use tagus_compiler::FunctionKind;
        let f = vm.slot(vs);
        if matches!(
            vm.function_kind(f),
            Some(FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor)
        ) {
            return self.class_base(vm, vs, constructor, tag);
        }
        let kind = "Function";
        let mut base = format!("[{kind}");
        if constructor.is_none() {
            base.push_str(" (null prototype)");
        }
        let name = vm.inspect_function_name(vm.slot(vs))?;
        if vm.is_string(name) && vm.string_length(name) == 0 {
            base.push_str(" (anonymous)");
        } else {
            base.push_str(": ");
            base.push_str(&vm.inspect_text(name)?);
        }
        base.push(']');
        if let Some(c) = constructor
            && c != kind
        {
            base.push(' ');
            base.push_str(c);
        }
        if !tag.is_empty() && constructor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        Ok(base)
    }

    /// Node's `getClassBase`.
    fn class_base(&mut self, vm: &mut Vm, vs: usize, constructor: Option<&str>, tag: &str) -> JsResult<String> {
        let key = vm.root(Root::NameName);
        let name = match vm.get_own_property(vm.slot(vs), key)? {
            Some(Own::Data(n, _)) if vm.to_boolean(n) => vm.inspect_text(n)?,
            Some(Own::Accessor(..)) => {
                let n = vm.function_name(vm.slot(vs));
                if vm.to_boolean(n) {
                    vm.inspect_text(n)?
                } else {
                    "(anonymous)".to_string()
                }
            }
            _ => "(anonymous)".to_string(),
        };
        let mut base = format!("class {name}");
        if let Some(c) = constructor
            && c != "Function"
        {
            base.push_str(&format!(" [{c}]"));
        }
        if !tag.is_empty() && constructor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        if constructor.is_some() {
            let parent = vm.get_prototype_of(vm.slot(vs));
            let super_name = if vm.is_callable(parent) {
                vm.inspect_function_name(parent)?
            } else {
                let key = vm.root(Root::NameName);
                vm.inspect_peek(parent, key)?
            };
            if vm.to_boolean(super_name) {
                base.push_str(&format!(" extends {}", vm.inspect_text(super_name)?));
            }
        } else {
            base.push_str(" extends [null prototype]");
        }
        Ok(format!("[{base}]"))
    }

    /// Node's `getBoxedBase`: `[Number: 3]`, `[String: 'ab']` (dropping the string's index
    /// keys from `keys`).
    pub(super) fn boxed_base(&mut self, vm: &mut Vm, vs: usize, keys: &mut Vec<usize>, constructor: Option<&str>, tag: &str) -> String {
        let value = vm.primitive_wrapper_value(vm.slot(vs)).unwrap_or(vm.undefined());
        let kind = if vm.is_string(value) {
            let len = vm.string_length(value).min(keys.len());
            keys.drain(..len);
            "String"
        } else if vm.is_number(value) {
            "Number"
        } else if vm.is_symbol(value) {
            "Symbol"
        } else {
            "Boolean"
        };
        let mut base = format!("[{kind}");
        if constructor != Some(kind) {
            match constructor {
                None => base.push_str(" (null prototype)"),
                Some(c) => base.push_str(&format!(" ({c})")),
            }
        }
        base.push_str(&format!(": {}]", self.format_primitive(vm, value)));
        if !tag.is_empty() && constructor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        base
    }
}
