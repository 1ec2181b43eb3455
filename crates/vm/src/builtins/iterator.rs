//! Iterators: `%IteratorPrototype%`, array iterators (`values`, `keys`, `entries`,
//! `[Symbol.iterator]`) and string iterators (by code point).

use tagus_heap::Tagged;
use tagus_heap::objects::HeapObject;
use tagus_heap::objects::InstanceType;
use tagus_heap::objects::js_object::array_iterator;

use crate::dictionary::DONT_ENUM;
use crate::{Args, JsResult, Root, Vm};

/// Iterator kinds stored in the iterator's kind field.
const KIND_KEYS: i32 = 0;
const KIND_VALUES: i32 = 1;
const KIND_ENTRIES: i32 = 2;
const KIND_STRING: i32 = 3;

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let iter_proto = vm.push(vm.root(Root::IteratorPrototype));
    vm.install_symbol_method(iter_proto, Root::SymbolIterator, "[Symbol.iterator]", 0, return_this)?;
    let array_iter = vm.push(vm.root(Root::ArrayIteratorPrototype));
    vm.install_method(array_iter, "next", 0, array_iterator_next)?;
    let tag = vm.new_string("Array Iterator")?;
    let key = vm.root(Root::SymbolToStringTag);
    vm.define_own_data(vm.slot(array_iter), key, tag, DONT_ENUM | crate::dictionary::READ_ONLY)?;
    let string_iter = vm.push(vm.root(Root::StringIteratorPrototype));
    vm.install_method(string_iter, "next", 0, array_iterator_next)?;
    let tag = vm.new_string("String Iterator")?;
    let key = vm.root(Root::SymbolToStringTag);
    vm.define_own_data(vm.slot(string_iter), key, tag, DONT_ENUM | crate::dictionary::READ_ONLY)?;
    vm.truncate_stack(iter_proto);
    Ok(())
}

fn return_this(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    Ok(vm.this(args))
}

/// `Array.prototype.values` (and `[Symbol.iterator]`).
pub fn array_values(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    new_array_iterator(vm, args, KIND_VALUES)
}

/// `Array.prototype.keys`.
pub fn array_keys(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    new_array_iterator(vm, args, KIND_KEYS)
}

/// `Array.prototype.entries`.
pub fn array_entries(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    new_array_iterator(vm, args, KIND_ENTRIES)
}

/// `String.prototype[Symbol.iterator]`.
pub fn string_iterator(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let this = vm.this(args);
    if vm.is_nullish(this) {
        return Err(vm.throw_type_error("String.prototype[Symbol.iterator] called on null or undefined"));
    }
    let s = vm.to_string(this)?;
    let ss = vm.push(s);
    let it = vm.allocate_js_object(Root::StringIteratorMap)?;
    init_iterator(it, vm.slot(ss), KIND_STRING);
    Ok(it)
}

fn new_array_iterator(vm: &mut Vm, args: Args, kind: i32) -> JsResult<Tagged> {
    let o = super::this_object(vm, args, "Array.prototype.values")?;
    let os = vm.push(o);
    let it = vm.allocate_js_object(Root::ArrayIteratorMap)?;
    init_iterator(it, vm.slot(os), kind);
    Ok(it)
}

fn init_iterator(it: Tagged, iterated: Tagged, kind: i32) {
    let o = HeapObject::from_tagged(it);
    o.write_tagged(array_iterator::ITERATED_OFFSET, iterated);
    o.write_tagged_no_barrier(array_iterator::NEXT_INDEX_OFFSET, Tagged::smi(0));
    o.write_tagged_no_barrier(array_iterator::KIND_OFFSET, Tagged::smi(kind));
}

/// `%ArrayIteratorPrototype%.next` and `%StringIteratorPrototype%.next`.
fn array_iterator_next(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let it = vm.this(args);
    if vm.instance_type(it) != Some(InstanceType::JsArrayIterator) {
        return Err(vm.throw_type_error("next method called on incompatible receiver"));
    }
    let o = HeapObject::from_tagged(it);
    let iterated = o.read_tagged(array_iterator::ITERATED_OFFSET);
    let undefined = vm.undefined();
    if iterated == undefined {
        return vm.iterator_result(undefined, true);
    }
    let index = o.read_tagged(array_iterator::NEXT_INDEX_OFFSET).smi_value() as u32;
    let kind = o.read_tagged(array_iterator::KIND_OFFSET).smi_value();
    if kind == KIND_STRING {
        let len = vm.string_length(iterated) as u32;
        if index >= len {
            o.write_tagged(array_iterator::ITERATED_OFFSET, undefined);
            return vm.iterator_result(undefined, true);
        }
        let first = vm.string_unit_at(iterated, index as usize)?;
        let mut units = vec![first];
        if (0xD800..0xDC00).contains(&first) && index + 1 < len {
            let iterated = HeapObject::from_tagged(vm.this(args)).read_tagged(array_iterator::ITERATED_OFFSET);
            let second = vm.string_unit_at(iterated, index as usize + 1)?;
            if (0xDC00..0xE000).contains(&second) {
                units.push(second);
            }
        }
        HeapObject::from_tagged(vm.this(args)).write_tagged_no_barrier(
            array_iterator::NEXT_INDEX_OFFSET,
            Tagged::smi((index as usize + units.len()) as i32),
        );
        let s = vm.new_string_utf16(&units)?;
        return vm.iterator_result(s, false);
    }
    let len = if vm.is_array(iterated) {
        vm.array_length(iterated)
    } else {
        let l = vm.get_named(iterated, Root::NameLength)?;
        vm.to_length(l)? as u32
    };
    let it = vm.this(args);
    let o = HeapObject::from_tagged(it);
    if index >= len {
        o.write_tagged(array_iterator::ITERATED_OFFSET, undefined);
        return vm.iterator_result(undefined, true);
    }
    o.write_tagged_no_barrier(array_iterator::NEXT_INDEX_OFFSET, Tagged::smi(index as i32 + 1));
    let key = Tagged::smi(index as i32);
    match kind {
        KIND_KEYS => vm.iterator_result(key, false),
        KIND_VALUES => {
            let iterated = o.read_tagged(array_iterator::ITERATED_OFFSET);
            let v = vm.get_property(iterated, key)?;
            vm.iterator_result(v, false)
        }
        _ => {
            let iterated = o.read_tagged(array_iterator::ITERATED_OFFSET);
            let v = vm.get_property(iterated, key)?;
            let base = vm.push(key);
            vm.push(v);
            let pair = vm.new_array_from_slots(base, 2)?;
            vm.iterator_result(pair, false)
        }
    }
}

impl Vm {
    /// `{ value, done }`.
    pub fn iterator_result(&mut self, value: Tagged, done: bool) -> JsResult<Tagged> {
        let vs = self.push(value);
        let r = self.allocate_js_object(Root::IteratorResultMap)?;
        let rs = self.push(r);
        let key = self.root(Root::NameValue);
        self.define_own_data(self.slot(rs), key, self.slot(vs), 0)?;
        let key = self.root(Root::NameDone);
        let d = self.boolean(done);
        self.define_own_data(self.slot(rs), key, d, 0)?;
        let r = self.slot(rs);
        self.truncate_stack(vs);
        Ok(r)
    }
}
