//! Functions: calling JavaScript functions from Rust (`call`, `new_instance`) and Rust
//! closures callable from JavaScript (`Function::new`, `Function::builder`).
//!
//! A Rust callback runs as a VM native function. On entry the bridge converts the receiver
//! (sloppy-mode rules, as V8's API functions: undefined/null become the global object,
//! primitives are wrapped), roots it and a return-value slot on the JS stack, records the
//! arguments' kinds and opens a `HandleScope` for the closure. Arguments are handles to the
//! caller's argument slots. When the closure returns, the value given to `ReturnValue` is
//! read while the scope is still open; an exception the closure raised without catching
//! (`throw_exception`, or a failed call) is then thrown into the calling JavaScript.

use std::cell::Cell;
use std::marker::PhantomData;
use std::rc::Rc;

use tagus_vm::{Args, Callback, JsResult, Root, Tagged, Throw, Vm};

use crate::handle::{Function, Kind, Local, Object, String, Value, classify};
use crate::scope::HandleScope;
use crate::state::{ApiState, CallbackFrame};

impl Function {
    /// A function running `callback` (V8's `Function::New`), named `""` with length 0.
    pub fn new<'s, F>(scope: &mut HandleScope<'s>, callback: F) -> Option<Local<'s, Function>>
    where
        F: for<'c> Fn(&mut HandleScope<'c>, FunctionCallbackArguments<'c>, ReturnValue<'c>) + 'static,
    {
        Function::builder(callback).build(scope)
    }

    /// A builder for a callback function with a name and a length.
    pub fn builder<F>(callback: F) -> FunctionBuilder<F>
    where
        F: for<'c> Fn(&mut HandleScope<'c>, FunctionCallbackArguments<'c>, ReturnValue<'c>) + 'static,
    {
        FunctionBuilder {
            callback,
            name: std::string::String::new(),
            length: 0,
        }
    }
}

/// Builds a function running a Rust callback (V8's `FunctionBuilder`).
pub struct FunctionBuilder<F> {
    callback: F,
    name: std::string::String,
    length: u32,
}

impl<F> FunctionBuilder<F>
where
    F: for<'c> Fn(&mut HandleScope<'c>, FunctionCallbackArguments<'c>, ReturnValue<'c>) + 'static,
{
    /// The function's `name`.
    pub fn name(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    /// The function's `length`.
    pub fn length(mut self, length: u32) -> Self {
        self.length = length;
        self
    }

    /// Creates the function.
    pub fn build<'s>(self, scope: &mut HandleScope<'s>) -> Option<Local<'s, Function>> {
        let state = scope.state.clone();
        let callback = self.callback;
        let bridge: Callback = Rc::new(move |vm: &mut Vm, args: Args| run_callback(vm, &state, args, &callback));
        let (name, length) = (self.name, self.length);
        scope.enter_local(|vm| vm.new_callback_function(&name, length, bridge))
    }
}

impl<'s> Local<'s, Function> {
    /// `f.call(recv, ...args)`.
    pub fn call<'t>(&self, scope: &mut HandleScope<'t>, recv: Local<'_, Value>, args: &[Local<'_, Value>]) -> Option<Local<'t, Value>> {
        let f = scope.slot_of(*self);
        let r = scope.slot_of(recv);
        let slots: Vec<usize> = args.iter().map(|&a| scope.slot_of(a)).collect();
        scope.enter_local(|vm| {
            let values: Vec<Tagged> = slots.iter().map(|&s| vm.slot(s)).collect();
            vm.call(vm.slot(f), vm.slot(r), &values)
        })
    }

    /// `new f(...args)`.
    pub fn new_instance<'t>(&self, scope: &mut HandleScope<'t>, args: &[Local<'_, Value>]) -> Option<Local<'t, Object>> {
        let f = scope.slot_of(*self);
        let slots: Vec<usize> = args.iter().map(|&a| scope.slot_of(a)).collect();
        scope.enter_local(|vm| {
            let values: Vec<Tagged> = slots.iter().map(|&s| vm.slot(s)).collect();
            let target = vm.slot(f);
            vm.construct(target, &values, target)
        })
    }

    /// The name the function was created with.
    pub fn get_name<'t>(&self, scope: &mut HandleScope<'t>) -> Local<'t, String> {
        let name = scope.vm.function_name(scope.read(*self));
        scope.local(name)
    }
}

/// The arguments of a callback invocation (V8's `FunctionCallbackArguments`): handles to the
/// caller's argument slots, valid for the callback's scope.
#[derive(Clone, Copy)]
pub struct FunctionCallbackArguments<'c> {
    isolate: u32,
    args: Args,
    kinds: &'c [Kind],
    this: (usize, Kind),
    new_target: Kind,
    undefined_slot: usize,
}

impl<'c> FunctionCallbackArguments<'c> {
    /// Number of arguments passed.
    pub fn length(&self) -> i32 {
        self.args.argc as i32
    }

    /// Argument `i`, or undefined past the end.
    pub fn get(&self, i: i32) -> Local<'c, Value> {
        match usize::try_from(i) {
            Ok(i) if i < self.args.argc => Local::from_raw(self.args.base + 1 + i, self.isolate, self.kinds[i]),
            _ => Local::from_raw(self.undefined_slot, self.isolate, Kind::Undefined),
        }
    }

    /// The receiver (converted as for a sloppy-mode function).
    pub fn this(&self) -> Local<'c, Object> {
        Local::from_raw(self.this.0, self.isolate, self.this.1)
    }

    /// The object the callback was invoked on (V8's `Holder`): the receiver.
    pub fn holder(&self) -> Local<'c, Object> {
        self.this()
    }

    /// `new.target` (undefined for a call).
    pub fn new_target(&self) -> Local<'c, Value> {
        Local::from_raw(self.args.new_target, self.isolate, self.new_target)
    }

    /// Whether the callback was invoked with `new`.
    pub fn is_construct_call(&self) -> bool {
        self.new_target != Kind::Undefined
    }
}

/// What a callback returns, before it is made a heap value.
#[derive(Clone, Copy, Debug)]
enum Returned {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    EmptyString,
    Handle(usize, Kind),
}

/// Where a callback puts its result (V8's `ReturnValue`); undefined unless set.
pub struct ReturnValue<'c> {
    cell: &'c Cell<Returned>,
    isolate: u32,
    _marker: PhantomData<&'c ()>,
}

impl<'c> ReturnValue<'c> {
    /// Returns `value`.
    pub fn set(&mut self, value: Local<'c, Value>) {
        assert_eq!(value.isolate, self.isolate, "a Local of another isolate");
        self.cell.set(Returned::Handle(value.index as usize, value.kind));
    }

    /// Returns a boolean.
    pub fn set_bool(&mut self, value: bool) {
        self.cell.set(Returned::Bool(value));
    }

    /// Returns a number.
    pub fn set_double(&mut self, value: f64) {
        self.cell.set(Returned::Number(value));
    }

    /// Returns an integer.
    pub fn set_int32(&mut self, value: i32) {
        self.cell.set(Returned::Number(value as f64));
    }

    /// Returns an unsigned integer.
    pub fn set_uint32(&mut self, value: u32) {
        self.cell.set(Returned::Number(value as f64));
    }

    /// Returns null.
    pub fn set_null(&mut self) {
        self.cell.set(Returned::Null);
    }

    /// Returns undefined.
    pub fn set_undefined(&mut self) {
        self.cell.set(Returned::Undefined);
    }

    /// Returns the empty string.
    pub fn set_empty_string(&mut self) {
        self.cell.set(Returned::EmptyString);
    }

    /// The value returned so far.
    pub fn get(&self, scope: &mut HandleScope<'c>) -> Local<'c, Value> {
        let value = match materialize(scope, self.cell.get(), self.isolate) {
            Ok(v) => v,
            Err(_) => crate::scope::fatal_out_of_memory(),
        };
        scope.local(value)
    }
}

fn materialize(scope: &mut HandleScope<'_>, returned: Returned, isolate: u32) -> JsResult<Tagged> {
    let vm = &mut *scope.vm;
    Ok(match returned {
        Returned::Undefined => vm.undefined(),
        Returned::Null => vm.null(),
        Returned::Bool(b) => vm.boolean(b),
        Returned::EmptyString => vm.empty_string(),
        Returned::Number(n) => vm.new_number(n)?,
        Returned::Handle(index, kind) => scope.read(Local::<Value>::from_raw(index, isolate, kind)),
    })
}

/// Pops the callback's frame even if the closure panics.
struct FrameGuard<'a>(&'a ApiState);

impl Drop for FrameGuard<'_> {
    fn drop(&mut self) {
        let frame = self.0.frames.borrow_mut().pop();
        if let Some(CallbackFrame {
            scheduled: Some((root, _)),
        }) = frame
        {
            self.0.release_root(root);
        }
    }
}

/// The VM native behind every callback function (see the module docs).
fn run_callback<F>(vm: &mut Vm, state: &Rc<ApiState>, args: Args, callback: &F) -> JsResult<Tagged>
where
    F: for<'c> Fn(&mut HandleScope<'c>, FunctionCallbackArguments<'c>, ReturnValue<'c>),
{
    let new_target = vm.new_target(args);
    let receiver = vm.this(args);
    let this = if new_target != vm.undefined() || vm.is_object(receiver) {
        receiver
    } else if vm.is_nullish(receiver) {
        vm.root(Root::GlobalObject)
    } else {
        vm.to_object(receiver)?
    };
    let this_slot = vm.push(this);
    let undefined = vm.undefined();
    let undefined_slot = vm.push(undefined);
    let result_slot = vm.push(undefined);
    let this_kind = classify(vm, vm.slot(this_slot));
    let new_target_kind = classify(vm, vm.new_target(args));
    let kinds: Vec<Kind> = (0..args.argc).map(|i| classify(vm, vm.arg(args, i))).collect();

    state.frames.borrow_mut().push(CallbackFrame::default());
    let guard = FrameGuard(state);
    let returned = Cell::new(Returned::Undefined);
    {
        let mut scope = HandleScope::from_parts(&mut *vm, state);
        let arguments = FunctionCallbackArguments {
            isolate: state.id,
            args,
            kinds: &kinds,
            this: (this_slot, this_kind),
            new_target: new_target_kind,
            undefined_slot,
        };
        let rv = ReturnValue {
            cell: &returned,
            isolate: state.id,
            _marker: PhantomData,
        };
        callback(&mut scope, arguments, rv);
        if scope.vm.exception_is_catchable()
            && let Ok(value) = materialize(&mut scope, returned.get(), state.id)
        {
            scope.vm.set_slot(result_slot, value);
        }
    }
    let scheduled = state.frames.borrow_mut().last_mut().and_then(|f| f.scheduled.take());
    drop(guard);
    if !vm.exception_is_catchable() {
        if let Some((root, _)) = scheduled {
            state.release_root(root);
        }
        return Err(Throw);
    }
    if let Some((root, location)) = scheduled {
        let exception = state.root(root);
        state.release_root(root);
        vm.set_root(Root::Exception, exception);
        vm.throw_location = location;
        return Err(Throw);
    }
    Ok(vm.slot(result_slot))
}
