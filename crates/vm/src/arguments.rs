//! `arguments` objects (ECMAScript §10.4.4): creating unmapped and mapped ones, and the
//! element operations of mapped ones, which the object model delegates here when an object's
//! elements store is a `SloppyArgumentsElements`.
//!
//! A sloppy function with simple parameters that uses `arguments` (for more than its
//! `length`: `ScopeTree::has_mapped_arguments`) gets a *mapped* object, as in V8: the
//! compiler keeps the function's parameters in its context (so the aliasing
//! survives the frame and closures share it) and `CreateMappedArguments` gives the object the
//! elements kind `FAST_SLOPPY_ARGUMENTS_ELEMENTS` and the store
//! `[context, arguments store, mapped entry per index below min(argc, formals)]` (layout in
//! `tagus_heap::objects::sloppy_arguments`). A mapped entry is the context index of the
//! parameter its index aliases, or the hole once the index is unmapped. Strict functions and
//! non-simple parameter lists get unmapped objects, whose `callee` throws.
//!
//! Invariant: a mapped index always has its ordinary property — in the arguments store, or
//! (once given non-default attributes) in the property dictionary — whose value the mapping
//! overrides: reads of a mapped index see the parameter, writes go to the parameter. So the
//! arguments store and the dictionary alone say which elements exist and with what
//! attributes, and code that only asks that (`own_keys`, absent-index skipping) reads the
//! arguments store (`Vm::elements_backing_store`). Mappings are only ever removed: by
//! [[Delete]], by redefining the index as an accessor or read-only (the spec's
//! [[DefineOwnProperty]], through `unmap_argument_for_define`/`finish_mapped_define`) and by
//! freezing; then the parameter's value is copied into the ordinary property first.

use tagus_heap::objects::js_object::accessor_pair::{GETTER_OFFSET, SETTER_OFFSET};
use tagus_heap::objects::js_object::{self, context as ctx};
use tagus_heap::objects::map::elements_kind::{FAST_SLOPPY_ARGUMENTS_ELEMENTS, PACKED_ELEMENTS};
use tagus_heap::objects::sloppy_arguments as sa;
use tagus_heap::objects::{HeapObject, InstanceType, Map};
use tagus_heap::{AllocationType, Tagged};

use crate::builtins::object::PropertyDescriptor;
use crate::dictionary::{self, DONT_DELETE, DONT_ENUM};
use crate::elements::Element;
use crate::interpreter::frame::{CONTEXT, FUNCTION};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::shape::{self, own_descriptor_count};
use crate::{Args, JsResult, Root, Vm};

/// The properties every `arguments` map has, in descriptor (and field) order.
const LENGTH_FIELD: usize = 0;
const ITERATOR_FIELD: usize = 1;
const CALLEE_FIELD: usize = 2;
const FIELD_COUNT: usize = 3;

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// Whether `store` (an elements store) is a mapped `arguments` object's.
#[inline(always)]
pub fn is_sloppy_arguments_store(store: Tagged) -> bool {
    obj(store).map().instance_type_raw() == InstanceType::SloppyArgumentsElements as u16
}

/// The arguments store (a FixedArray) inside the SloppyArgumentsElements `store`.
#[inline(always)]
pub fn arguments_store(store: Tagged) -> Tagged {
    fixed_get(store, sa::ARGUMENTS_INDEX)
}

/// The context index index `i` of the SloppyArgumentsElements `store` aliases, if mapped.
#[inline]
fn mapped_entry(store: Tagged, i: usize) -> Option<usize> {
    if i >= sa::mapped_count(fixed_len(store)) {
        return None;
    }
    let entry = fixed_get(store, sa::mapped_entry_index(i));
    entry.is_smi().then(|| entry.smi_value() as usize)
}

/// Element `i` of a mapped `arguments` object whose elements store is `store`: the parameter
/// when mapped, else the arguments store's element (`Hole` when absent). Never allocates.
#[inline]
pub fn sloppy_element(vm: &Vm, store: Tagged, i: usize) -> Element {
    if !sloppy_has(vm, store, i) {
        return Element::Hole;
    }
    match mapped_entry(store, i) {
        Some(index) => Element::Value(fixed_get(fixed_get(store, sa::CONTEXT_INDEX), index)),
        None => Element::Value(fixed_get(arguments_store(store), i)),
    }
}

/// Whether element `i` of a mapped `arguments` object (store `store`) is in its arguments
/// store (mapped indices are: see the module invariant).
#[inline]
pub fn sloppy_has(vm: &Vm, store: Tagged, i: usize) -> bool {
    let arguments = arguments_store(store);
    i < fixed_len(arguments) && fixed_get(arguments, i) != vm.hole()
}

/// Stores `value` at `i` (below the arguments store's length) of a mapped `arguments` object
/// (store `store`): into the parameter when mapped, else into the arguments store.
#[inline]
pub fn sloppy_write(store: Tagged, i: usize, value: Tagged) {
    match mapped_entry(store, i) {
        Some(index) => fixed_set(fixed_get(store, sa::CONTEXT_INDEX), index, value),
        None => fixed_set(arguments_store(store), i, value),
    }
}

/// Replaces the arguments store inside the SloppyArgumentsElements `store` (grown).
#[inline]
pub fn set_arguments_store(store: Tagged, arguments: Tagged) {
    fixed_set(store, sa::ARGUMENTS_INDEX, arguments);
}

impl Vm {
    // ---- creation -----------------------------------------------------------------------------

    /// `CreateArguments` (CreateUnmappedArgumentsObject): the actual arguments of frame `fp`
    /// as `PACKED_ELEMENTS`, and a `callee` accessor that throws.
    pub(crate) fn create_unmapped_arguments(&mut self, fp: usize) -> JsResult<Tagged> {
        let mark = self.stack_mark();
        let r = (|| {
            let (store, argc) = self.frame_arguments_store(fp)?;
            let ss = self.push(store);
            let cs = self.push(self.root(Root::ThrowTypeErrorAccessor));
            self.new_arguments_object(Root::StrictArgumentsMap, ss, argc, cs)
        })();
        self.truncate_stack(mark);
        r
    }

    /// `CreateMappedArguments` (CreateMappedArgumentsObject) for frame `fp`, whose current
    /// context holds the parameters: `parameter_map` (a constant) has per formal parameter
    /// the context data slot it aliases or the hole. Without formal parameters nothing can be
    /// mapped and the object is an unmapped one with a plain `callee` (V8's
    /// `sloppy_arguments_map`).
    pub(crate) fn create_mapped_arguments(&mut self, fp: usize, parameter_map: Tagged) -> JsResult<Tagged> {
        let mark = self.stack_mark();
        let ps = self.push(parameter_map);
        let r = (|| {
            let (store, argc) = self.frame_arguments_store(fp)?;
            let ss = self.push(store);
            let formals = fixed_len(self.slot(ps));
            if formals == 0 {
                return self.new_arguments_object(Root::SloppyArgumentsMap, ss, argc, fp + FUNCTION);
            }
            let mapped = argc.min(formals);
            let elements = self
                .heap
                .new_fixed_array(sa::length_for(mapped), AllocationType::Young)
                .map_err(|_| self.out_of_memory())?;
            obj(elements).write_u32(0, self.heap.roots().sloppy_arguments_elements_map.raw());
            fixed_set(elements, sa::CONTEXT_INDEX, self.slot(fp + CONTEXT));
            fixed_set(elements, sa::ARGUMENTS_INDEX, self.slot(ss));
            for i in 0..mapped {
                let slot = fixed_get(self.slot(ps), i);
                let entry = if slot.is_smi() {
                    Tagged::smi((ctx::HEADER_SLOTS + slot.smi_value() as usize) as i32)
                } else {
                    self.hole()
                };
                fixed_set(elements, sa::mapped_entry_index(i), entry);
            }
            self.set_slot(ss, elements);
            self.new_arguments_object(Root::FastAliasedArgumentsMap, ss, argc, fp + FUNCTION)
        })();
        self.truncate_stack(mark);
        r
    }

    /// A FixedArray of the actual arguments of frame `fp`, and their count.
    fn frame_arguments_store(&mut self, fp: usize) -> JsResult<(Tagged, usize)> {
        let (first, argc) = self.frame_arguments(fp);
        let store = self.heap.new_fixed_array(argc, AllocationType::Young);
        let store = store.map_err(|_| self.out_of_memory())?;
        for i in 0..argc {
            fixed_set(store, i, self.slot(first + i));
        }
        self.truncate_stack(first);
        Ok((store, argc))
    }

    /// A new `arguments` object with the map in root `map`, the elements store in
    /// `elements_slot` and its properties (`length`, `@@iterator`, `callee` from
    /// `callee_slot`). The first object of each kind defines them and leaves the map they
    /// lead to in the root; later ones start with that map and only write the fields.
    fn new_arguments_object(&mut self, map: Root, elements_slot: usize, argc: usize, callee_slot: usize) -> JsResult<Tagged> {
        let o = self.allocate_js_object(map)?;
        obj(o).write_tagged(js_object::ELEMENTS_OFFSET, self.slot(elements_slot));
        if own_descriptor_count(self.root(map)) == FIELD_COUNT {
            // The values fit the fields: they are of the kinds the first object stored, and
            // representations only ever generalize.
            shape::write_field(o, LENGTH_FIELD, Tagged::smi(argc as i32));
            shape::write_field(o, ITERATOR_FIELD, self.root(Root::ArrayValuesFunction));
            shape::write_field(o, CALLEE_FIELD, self.slot(callee_slot));
            return Ok(o);
        }
        let os = self.push(o);
        let key = self.root(Root::NameLength);
        self.define_own_data(self.slot(os), key, Tagged::smi(argc as i32), DONT_ENUM)?;
        let (key, values) = (self.root(Root::SymbolIterator), self.root(Root::ArrayValuesFunction));
        self.define_own_data(self.slot(os), key, values, DONT_ENUM)?;
        let key = self.root(Root::NameCallee);
        let callee = self.slot(callee_slot);
        if self.instance_type(callee) == Some(InstanceType::AccessorPair) {
            let (getter, setter) = (obj(callee).read_tagged(GETTER_OFFSET), obj(callee).read_tagged(SETTER_OFFSET));
            self.define_accessor(self.slot(os), key, getter, setter, DONT_ENUM | DONT_DELETE)?;
        } else {
            self.define_own_data(self.slot(os), key, callee, DONT_ENUM)?;
        }
        let o = self.slot(os);
        self.set_root(map, self.map_of(o));
        Ok(o)
    }

    // ---- mapped indices -----------------------------------------------------------------------

    /// The value of the parameter index `i` of `o` aliases, if `o` is a mapped `arguments`
    /// object and `i` is mapped.
    pub(crate) fn mapped_argument_value(&self, o: Tagged, i: usize) -> Option<Tagged> {
        let store = self.elements_of(o);
        if !is_sloppy_arguments_store(store) {
            return None;
        }
        mapped_entry(store, i).map(|index| fixed_get(fixed_get(store, sa::CONTEXT_INDEX), index))
    }

    /// Writes `value` to the parameter index `i` of `o` aliases, if any (a data property of a
    /// mapped index that lives in the dictionary being written).
    pub(crate) fn write_mapped_argument(&self, o: Tagged, i: usize, value: Tagged) {
        let store = self.elements_of(o);
        if is_sloppy_arguments_store(store)
            && let Some(index) = mapped_entry(store, i)
        {
            fixed_set(fixed_get(store, sa::CONTEXT_INDEX), index, value);
        }
    }

    /// Removes the mapping of index `i` of `o`, if any, without keeping the parameter's value
    /// ([[Delete]], or a redefinition that replaces the value).
    pub(crate) fn forget_argument_mapping(&self, o: Tagged, i: usize) {
        let store = self.elements_of(o);
        if is_sloppy_arguments_store(store) && mapped_entry(store, i).is_some() {
            fixed_set(store, sa::mapped_entry_index(i), self.hole());
        }
    }

    /// Removes the mapping of index `i` of the object in `o_slot`, first copying the
    /// parameter's value into the ordinary property (arguments store element or dictionary
    /// entry), so the object reads the same afterwards. Returns the entry it held.
    fn unmap_argument(&mut self, o_slot: usize, i: usize) -> JsResult<Option<Tagged>> {
        let store = self.elements_of(self.slot(o_slot));
        if !is_sloppy_arguments_store(store) {
            return Ok(None);
        }
        let Some(index) = mapped_entry(store, i) else {
            return Ok(None);
        };
        let value = fixed_get(fixed_get(store, sa::CONTEXT_INDEX), index);
        if sloppy_has(self, store, i) {
            fixed_set(arguments_store(store), i, value);
        } else {
            // The ordinary property was given attributes: it is in the dictionary.
            let vs = self.push(value);
            let name = self.intern(&i.to_string());
            let value = self.slot(vs);
            self.truncate_stack(vs);
            let dict = self.properties_of(self.slot(o_slot));
            if let Some(entry) = dictionary::find(dict, name?) {
                dictionary::set_value_at(dict, entry, value);
            }
        }
        let store = self.elements_of(self.slot(o_slot));
        fixed_set(store, sa::mapped_entry_index(i), self.hole());
        Ok(Some(Tagged::smi(index as i32)))
    }

    /// Unmaps every index of the object in `o_slot`, keeping its values (`Object.freeze`
    /// makes every element read-only, which ends every mapping).
    pub(crate) fn unmap_all_arguments(&mut self, o_slot: usize) -> JsResult<()> {
        let store = self.elements_of(self.slot(o_slot));
        if !is_sloppy_arguments_store(store) {
            return Ok(());
        }
        for i in 0..sa::mapped_count(fixed_len(store)) {
            self.unmap_argument(o_slot, i)?;
        }
        Ok(())
    }

    /// Start of the arguments exotic [[DefineOwnProperty]] for the object in `base` and the
    /// key in `base + 1`: when the key is a mapped index, unmaps it (keeping its value in
    /// the ordinary property, which OrdinaryDefineOwnProperty then sees) and returns the
    /// mapping for `finish_mapped_define`.
    pub(crate) fn unmap_argument_for_define(&mut self, base: usize) -> JsResult<Option<Tagged>> {
        let key = self.slot(base + 1);
        if !key.is_smi() {
            return Ok(None);
        }
        self.unmap_argument(base, key.smi_value() as usize)
    }

    /// End of the arguments exotic [[DefineOwnProperty]] once OrdinaryDefineOwnProperty ran
    /// (`defined` says whether it succeeded) for the index `unmap_argument_for_define` unmapped
    /// from `entry`: a value goes to the parameter too; the mapping comes back unless the index
    /// became an accessor or read-only.
    pub(crate) fn finish_mapped_define(&mut self, base: usize, entry: Tagged, desc: &PropertyDescriptor, defined: bool) {
        let store = self.elements_of(self.slot(base));
        let i = self.slot(base + 1).smi_value() as usize;
        if !defined {
            fixed_set(store, sa::mapped_entry_index(i), entry);
            return;
        }
        if desc.is_accessor() {
            return;
        }
        if let Some(vs) = desc.value {
            fixed_set(fixed_get(store, sa::CONTEXT_INDEX), entry.smi_value() as usize, self.slot(vs));
        }
        if desc.writable != Some(false) {
            fixed_set(store, sa::mapped_entry_index(i), entry);
        }
    }
}

/// `%ThrowTypeError%`: the `callee` accessor of unmapped `arguments` objects.
fn throw_type_error(vm: &mut Vm, _args: Args) -> JsResult<Tagged> {
    Err(vm.throw_type_error(
        "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them",
    ))
}

/// Creates the realm's `%ThrowTypeError%` (anonymous, frozen, as V8's) with the accessor
/// pair unmapped objects' `callee` shares, and the initial maps of the three kinds of
/// `arguments` objects (room in the object for their three properties).
pub fn install(vm: &mut Vm) -> JsResult<()> {
    let thrower = vm.new_native_function_raw("", 0, throw_type_error, false)?;
    let ts = vm.push(thrower);
    let pair = vm
        .set_integrity_level(thrower, 2)
        .and_then(|()| vm.new_accessor_pair(vm.slot(ts), vm.slot(ts)));
    vm.truncate_stack(ts);
    vm.set_root(Root::ThrowTypeErrorAccessor, pair?);
    for (root, kind) in [
        (Root::StrictArgumentsMap, PACKED_ELEMENTS),
        (Root::SloppyArgumentsMap, PACKED_ELEMENTS),
        (Root::FastAliasedArgumentsMap, FAST_SLOPPY_ARGUMENTS_ELEMENTS),
    ] {
        let prototype = vm.root(Root::ObjectPrototype);
        let map = vm.new_js_map(InstanceType::JsArgumentsObject, js_object::JS_OBJECT_SIZE, FIELD_COUNT, prototype)?;
        Map(obj(map)).set_elements_kind(kind);
        vm.set_root(root, map);
    }
    Ok(())
}
