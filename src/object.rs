//! Objects and arrays: `Object::new`, property access (`get`/`set` by key or index, `has`,
//! `delete`, `create_data_property`), prototypes, own property names; `Array::new`,
//! `Array::new_with_elements`, `length`.
//!
//! Every operation that may run JavaScript (getters, setters, `toString` of a key) returns
//! an `Option`: `None` means it threw (see `TryCatch`).

use tagus_vm::object::{fixed_get, fixed_len};
use tagus_vm::{JsResult, Tagged, Vm};

use crate::handle::{Array, IsObject, Local, Object, String, Value};
use crate::scope::HandleScope;

impl Object {
    /// `{}`.
    pub fn new<'s>(scope: &mut HandleScope<'s>) -> Local<'s, Object> {
        scope.allocate(|vm| vm.new_object())
    }
}

impl<'s, T: IsObject> Local<'s, T> {
    fn keyed<R>(
        &self,
        scope: &mut HandleScope<'_>,
        key: Local<'_, Value>,
        f: impl FnOnce(&mut Vm, Tagged, Tagged) -> JsResult<R>,
    ) -> Option<R> {
        let (o, k) = (scope.slot_of(*self), scope.slot_of(key));
        scope.enter(|vm| {
            let key = vm.to_property_key(vm.slot(k))?;
            f(vm, vm.slot(o), key)
        })
    }

    fn indexed<R>(&self, scope: &mut HandleScope<'_>, index: u32, f: impl FnOnce(&mut Vm, Tagged, Tagged) -> JsResult<R>) -> Option<R> {
        let o = scope.slot_of(*self);
        scope.enter(|vm| {
            let key = vm.index_key(index)?;
            f(vm, vm.slot(o), key)
        })
    }

    /// `object[key]` (may run a getter).
    pub fn get<'t>(&self, scope: &mut HandleScope<'t>, key: Local<'_, Value>) -> Option<Local<'t, Value>> {
        let value = self.keyed(scope, key, |vm, o, key| vm.get_property(o, key))?;
        Some(scope.local(value))
    }

    /// `object[key] = value` (may run a setter); `Some(true)` unless it threw.
    pub fn set(&self, scope: &mut HandleScope<'_>, key: Local<'_, Value>, value: Local<'_, Value>) -> Option<bool> {
        let v = scope.slot_of(value);
        self.keyed(scope, key, |vm, o, key| vm.set_property(o, key, vm.slot(v), false))
            .map(|()| true)
    }

    /// `object[index]`.
    pub fn get_index<'t>(&self, scope: &mut HandleScope<'t>, index: u32) -> Option<Local<'t, Value>> {
        let value = self.indexed(scope, index, |vm, o, key| vm.get_property(o, key))?;
        Some(scope.local(value))
    }

    /// `object[index] = value`.
    pub fn set_index(&self, scope: &mut HandleScope<'_>, index: u32, value: Local<'_, Value>) -> Option<bool> {
        let v = scope.slot_of(value);
        self.indexed(scope, index, |vm, o, key| vm.set_property(o, key, vm.slot(v), false))
            .map(|()| true)
    }

    /// Defines an own enumerable, writable, configurable data property (CreateDataProperty),
    /// without running setters.
    pub fn create_data_property(&self, scope: &mut HandleScope<'_>, key: Local<'_, Value>, value: Local<'_, Value>) -> Option<bool> {
        let v = scope.slot_of(value);
        self.keyed(scope, key, |vm, o, key| vm.define_own_data(o, key, vm.slot(v), 0))
            .map(|()| true)
    }

    /// `key in object`.
    pub fn has(&self, scope: &mut HandleScope<'_>, key: Local<'_, Value>) -> Option<bool> {
        self.keyed(scope, key, |vm, o, key| vm.has_property(o, key))
    }

    /// `Object.hasOwn(object, key)`.
    pub fn has_own_property(&self, scope: &mut HandleScope<'_>, key: Local<'_, Value>) -> Option<bool> {
        self.keyed(scope, key, |vm, o, key| vm.has_own_property(o, key))
    }

    /// `delete object[key]` (sloppy: false for a non-configurable property).
    pub fn delete(&self, scope: &mut HandleScope<'_>, key: Local<'_, Value>) -> Option<bool> {
        self.keyed(scope, key, |vm, o, key| vm.delete_property(o, key, false))
    }

    /// The prototype (an object or null).
    pub fn get_prototype<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Value>> {
        let proto = scope.vm.get_prototype_of(scope.read(*self));
        Some(scope.local(proto))
    }

    /// `Object.setPrototypeOf` without the throw: `Some(false)` if not allowed.
    pub fn set_prototype(&self, scope: &mut HandleScope<'_>, prototype: Local<'_, Value>) -> Option<bool> {
        let (o, p) = (scope.slot_of(*self), scope.slot_of(prototype));
        scope.enter(|vm| vm.set_prototype_of(vm.slot(o), vm.slot(p)))
    }

    /// The own enumerable string-keyed property names, as strings in property order
    /// (`Object.keys`).
    pub fn get_own_property_names<'t>(&self, scope: &mut HandleScope<'t>) -> Option<Local<'t, Array>> {
        let o = scope.slot_of(*self);
        scope.enter_local(|vm| {
            let keys = vm.own_keys(vm.slot(o), true, true, false)?;
            let keys_slot = vm.push(keys);
            let count = fixed_len(keys);
            let first = vm.stack_mark();
            for i in 0..count {
                let key = fixed_get(vm.slot(keys_slot), i);
                let name = vm.key_to_string(key)?;
                vm.push(name);
            }
            vm.new_array_from_slots(first, count)
        })
    }

    /// The name of the object's constructor (`Object` for plain objects).
    pub fn get_constructor_name<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, String> {
        let o = scope.slot_of(*self);
        scope.allocate(|vm| {
            let name = vm.constructor_name(vm.slot(o)).unwrap_or_else(|| "Object".to_string());
            vm.new_string(&name)
        })
    }
}

impl Array {
    /// An array of `length` holes (negative lengths give an empty array).
    pub fn new<'s>(scope: &mut HandleScope<'s>, length: i32) -> Local<'s, Array> {
        let length = length.max(0) as usize;
        scope.allocate(|vm| vm.new_array(length, length))
    }

    /// An array holding `elements`.
    pub fn new_with_elements<'s>(scope: &mut HandleScope<'s>, elements: &[Local<'_, Value>]) -> Local<'s, Array> {
        let slots: Vec<usize> = elements.iter().map(|&e| scope.slot_of(e)).collect();
        scope.allocate(|vm| {
            let first = vm.stack_mark();
            for &s in &slots {
                vm.push(vm.slot(s));
            }
            vm.new_array_from_slots(first, slots.len())
        })
    }
}

impl Local<'_, Array> {
    /// `array.length`.
    pub fn length(&self, scope: &HandleScope<'_>) -> u32 {
        scope.vm.array_length(scope.read(*self))
    }
}
