//! Functions: closures over `SharedFunctionInfo`s, native functions (builtins and embedder
//! callbacks), bound functions, their `name`/`length`/`prototype`, initial maps for `new`,
//! and the entry points `call` and `construct` that native code uses to run JavaScript.
//!
//! Invariant: a JSFunction's shared info says everything about how to invoke it — bytecode
//! (function data is a `BytecodeArray`) or a native (function data is a Smi index into
//! `Vm::natives`) — and its kind decides `[[Call]]`/`[[Construct]]` behaviour.

use tagus_compiler::FunctionKind;
use tagus_heap::objects::code::{self, bytecode_array, shared};
use tagus_heap::objects::js_object::{bound_function, function};
use tagus_heap::objects::{HeapObject, InstanceType, map as map_layout};
use tagus_heap::{AllocationType, Tagged};

use crate::dictionary::{DONT_ENUM, READ_ONLY};
use crate::interpreter::CallArgs;
use crate::interpreter::frame::FLAG_ENTRY;
use crate::object::fixed_get;
use crate::{Args, Callback, JsResult, Native, NativeFn, Root, Vm};

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// The kind stored in a shared function info's flags.
pub const fn kind_to_bits(kind: FunctionKind) -> i32 {
    match kind {
        FunctionKind::Script => 0,
        FunctionKind::Normal => 1,
        FunctionKind::Arrow => 2,
        FunctionKind::Method => 3,
        FunctionKind::Getter => 4,
        FunctionKind::Setter => 5,
        FunctionKind::ClassConstructor => 6,
        FunctionKind::DerivedConstructor => 7,
        FunctionKind::ClassFieldsInitializer => 8,
        FunctionKind::ClassStaticInitializer => 9,
    }
}

fn bits_to_kind(bits: i32) -> FunctionKind {
    match bits & shared::KIND_MASK {
        0 => FunctionKind::Script,
        1 => FunctionKind::Normal,
        2 => FunctionKind::Arrow,
        3 => FunctionKind::Method,
        4 => FunctionKind::Getter,
        5 => FunctionKind::Setter,
        6 => FunctionKind::ClassConstructor,
        7 => FunctionKind::DerivedConstructor,
        8 => FunctionKind::ClassFieldsInitializer,
        _ => FunctionKind::ClassStaticInitializer,
    }
}

/// Flag bit of a native's shared info: it can be used with `new`.
const NATIVE_CONSTRUCTOR_BIT: i32 = 1 << 6;

impl Vm {
    // ---- shared function infos ------------------------------------------------------------

    /// Allocates a shared function info (old space) with the given fields.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_shared_function_info(
        &mut self,
        name_slot: usize,
        data: Tagged,
        script: i32,
        flags: i32,
        length: u32,
        parameter_count: u32,
        literal_id: u32,
        range: (u32, u32),
    ) -> JsResult<Tagged> {
        let data_slot = self.push(data);
        let map = self.heap.roots().shared_function_info_map;
        let sfi = self.heap.allocate_initialized(map, shared::SIZE, AllocationType::Old);
        let data = self.slot(data_slot);
        self.truncate_stack(data_slot);
        let sfi = sfi.map_err(|_| self.out_of_memory())?;
        sfi.write_tagged(shared::FUNCTION_DATA_OFFSET, data);
        sfi.write_tagged(shared::NAME_OFFSET, self.slot(name_slot));
        sfi.write_tagged_no_barrier(shared::SCRIPT_OFFSET, Tagged::smi(script));
        sfi.write_tagged_no_barrier(shared::FLAGS_OFFSET, Tagged::smi(flags));
        sfi.write_tagged_no_barrier(shared::LENGTH_OFFSET, Tagged::smi(length as i32));
        sfi.write_tagged_no_barrier(shared::FORMAL_PARAMETER_COUNT_OFFSET, Tagged::smi(parameter_count as i32));
        sfi.write_tagged_no_barrier(shared::FUNCTION_LITERAL_ID_OFFSET, Tagged::smi(literal_id as i32));
        sfi.write_tagged_no_barrier(shared::START_POSITION_OFFSET, Tagged::smi(range.0 as i32));
        sfi.write_tagged_no_barrier(shared::END_POSITION_OFFSET, Tagged::smi(range.1 as i32));
        Ok(sfi.tagged())
    }

    /// The shared function info of a JSFunction.
    #[inline(always)]
    pub fn shared_of(&self, f: Tagged) -> Tagged {
        obj(f).read_tagged(function::SHARED_OFFSET)
    }

    fn shared_flags(&self, sfi: Tagged) -> i32 {
        obj(sfi).read_tagged(shared::FLAGS_OFFSET).smi_value()
    }

    /// The compiled kind of a JS function (`None` for natives and non-functions).
    pub fn function_kind(&self, f: Tagged) -> Option<FunctionKind> {
        if self.instance_type(f) != Some(InstanceType::JsFunction) {
            return None;
        }
        let flags = self.shared_flags(self.shared_of(f));
        (flags & shared::NATIVE_BIT == 0).then(|| bits_to_kind(flags))
    }

    /// Whether a JS function is strict-mode code.
    pub fn function_is_strict(&self, f: Tagged) -> bool {
        self.shared_flags(self.shared_of(f)) & shared::STRICT_BIT != 0
    }

    /// The BytecodeArray of a JS function, or `None` for a native.
    #[inline(always)]
    pub fn function_bytecode(&self, f: Tagged) -> Option<Tagged> {
        let data = obj(self.shared_of(f)).read_tagged(shared::FUNCTION_DATA_OFFSET);
        (!data.is_smi()).then_some(data)
    }

    /// The `name` a function was created with.
    pub fn function_name(&self, f: Tagged) -> Tagged {
        match self.instance_type(f) {
            Some(InstanceType::JsFunction) => obj(self.shared_of(f)).read_tagged(shared::NAME_OFFSET),
            _ => self.empty_string(),
        }
    }

    /// The `length` a function was created with.
    pub fn function_length(&self, f: Tagged) -> Tagged {
        obj(self.shared_of(f)).read_tagged(shared::LENGTH_OFFSET)
    }

    /// Script id and source offset of bytecode offset `pc` of `f`.
    pub fn function_source_offset(&self, f: Tagged, pc: u32) -> Option<(usize, u32)> {
        if self.instance_type(f) != Some(InstanceType::JsFunction) {
            return None;
        }
        let sfi = self.shared_of(f);
        let script = obj(sfi).read_tagged(shared::SCRIPT_OFFSET).smi_value();
        let bytecode = self.function_bytecode(f)?;
        let table = obj(bytecode).read_tagged(bytecode_array::SOURCE_POSITION_TABLE_OFFSET);
        let entries = obj(table).read_tagged(code::byte_array::LENGTH_OFFSET).smi_value() as usize / 8;
        let mut found = None;
        for i in 0..entries {
            let at = code::byte_array::HEADER_SIZE + i * 8;
            let bc = obj(table).read_u32(at);
            if bc > pc {
                break;
            }
            found = Some(obj(table).read_u32(at + 4));
        }
        let offset = found.unwrap_or_else(|| obj(sfi).read_tagged(shared::START_POSITION_OFFSET).smi_value() as u32);
        (script >= 0).then_some((script as usize, offset))
    }

    // ---- creating functions -----------------------------------------------------------------

    /// A closure of `sfi` in `context`.
    pub fn new_closure(&mut self, sfi: Tagged, context: Tagged) -> JsResult<Tagged> {
        let base = self.push(sfi);
        self.push(context);
        let map = self.root(Root::FunctionMap);
        let f = self.heap.allocate_initialized(map, function::SIZE, AllocationType::Young);
        let (sfi, context) = (self.slot(base), self.slot(base + 1));
        self.truncate_stack(base);
        let f = f.map_err(|_| self.out_of_memory())?;
        let empty = self.heap.roots().empty_fixed_array;
        f.write_tagged_no_barrier(tagus_heap::objects::js_object::PROPERTIES_OFFSET, empty);
        f.write_tagged_no_barrier(tagus_heap::objects::js_object::ELEMENTS_OFFSET, empty);
        f.write_tagged(function::SHARED_OFFSET, sfi);
        f.write_tagged(function::CONTEXT_OFFSET, context);
        f.write_tagged_no_barrier(function::FEEDBACK_CELL_OFFSET, Tagged::smi(0));
        f.write_tagged_no_barrier(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, self.hole());
        Ok(f.tagged())
    }

    /// A native function (builtin) named `name`; not registered anywhere.
    pub fn new_native_function_raw(&mut self, name: &str, length: u32, f: NativeFn, is_constructor: bool) -> JsResult<Tagged> {
        self.natives.push(Native::Builtin(f));
        self.new_native_function_with_id(name, length, self.natives.len() - 1, is_constructor)
    }

    /// A function that runs an embedder's Rust callback.
    pub fn new_callback_function(&mut self, name: &str, length: u32, callback: Callback) -> JsResult<Tagged> {
        self.natives.push(Native::Callback(callback));
        self.new_native_function_with_id(name, length, self.natives.len() - 1, false)
    }

    fn new_native_function_with_id(&mut self, name: &str, length: u32, id: usize, is_constructor: bool) -> JsResult<Tagged> {
        let name = self.intern(name)?;
        let name_slot = self.push(name);
        let flags = shared::NATIVE_BIT | shared::STRICT_BIT | if is_constructor { NATIVE_CONSTRUCTOR_BIT } else { 0 };
        let sfi = self.new_shared_function_info(name_slot, Tagged::smi(id as i32), -1, flags, length, length, 0, (0, 0));
        self.truncate_stack(name_slot);
        let undefined = self.undefined();
        self.new_closure(sfi?, undefined)
    }

    /// The native behind a function, if it is one.
    pub(crate) fn native_of(&self, f: Tagged) -> Option<Native> {
        let data = obj(self.shared_of(f)).read_tagged(shared::FUNCTION_DATA_OFFSET);
        data.is_smi().then(|| self.natives[data.smi_value() as usize].clone())
    }

    /// Installs a builtin method `name` on the object in `holder_slot` (writable,
    /// configurable, not enumerable) and returns the function.
    pub fn install_method(&mut self, holder_slot: usize, name: &str, length: u32, f: NativeFn) -> JsResult<Tagged> {
        let function = self.new_native_function_raw(name, length, f, false)?;
        let fs = self.push(function);
        let key = self.intern(name)?;
        let r = self.define_own_data(self.slot(holder_slot), key, self.slot(fs), DONT_ENUM);
        let function = self.slot(fs);
        self.truncate_stack(fs);
        r.map(|()| function)
    }

    /// Installs a method keyed by a symbol root, named `[description]`-style `name`.
    pub fn install_symbol_method(&mut self, holder_slot: usize, symbol: Root, name: &str, length: u32, f: NativeFn) -> JsResult<()> {
        let function = self.new_native_function_raw(name, length, f, false)?;
        let key = self.root(symbol);
        self.define_own_data(self.slot(holder_slot), key, function, DONT_ENUM)
    }

    /// Installs a getter `name` on the object in `holder_slot`.
    pub fn install_getter(&mut self, holder_slot: usize, name: &str, f: NativeFn) -> JsResult<()> {
        let getter = self.new_native_function_raw(&format!("get {name}"), 0, f, false)?;
        let gs = self.push(getter);
        let key = self.intern(name)?;
        let undefined = self.undefined();
        let r = self.define_accessor(self.slot(holder_slot), key, self.slot(gs), undefined, DONT_ENUM);
        self.truncate_stack(gs);
        r
    }

    /// Installs a value property (not writable, not enumerable, not configurable when
    /// `constant`) on the object in `holder_slot`.
    pub fn install_value(&mut self, holder_slot: usize, name: &str, value: Tagged, constant: bool) -> JsResult<()> {
        let vs = self.push(value);
        let key = self.intern(name)?;
        let attrs = if constant {
            READ_ONLY | DONT_ENUM | crate::dictionary::DONT_DELETE
        } else {
            DONT_ENUM
        };
        let r = self.define_own_data(self.slot(holder_slot), key, self.slot(vs), attrs);
        self.truncate_stack(vs);
        r
    }

    /// Creates a builtin constructor `name` whose `prototype` is the object in root
    /// `prototype`, links `prototype.constructor` back, stores it in root `ctor_root` and
    /// as a global. Returns its stack slot (the caller truncates).
    pub fn install_constructor(&mut self, name: &str, length: u32, f: NativeFn, prototype: Root, ctor_root: Root) -> JsResult<usize> {
        let ctor = self.new_native_function_raw(name, length, f, true)?;
        let slot = self.push(ctor);
        let proto = self.root(prototype);
        obj(self.slot(slot)).write_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, proto);
        let key = self.root(Root::NameConstructor);
        self.define_own_data(proto, key, self.slot(slot), DONT_ENUM)?;
        self.set_root(ctor_root, self.slot(slot));
        let global = self.root(Root::GlobalObject);
        let gs = self.push(global);
        self.install_value(gs, name, self.slot(slot), false)?;
        self.truncate_stack(gs);
        Ok(slot)
    }

    // ---- prototype and initial map -----------------------------------------------------------

    /// Whether a function has a `prototype` property (constructors).
    pub fn function_has_prototype_slot(&self, f: Tagged) -> bool {
        let flags = self.shared_flags(self.shared_of(f));
        if flags & shared::NATIVE_BIT != 0 {
            return flags & NATIVE_CONSTRUCTOR_BIT != 0;
        }
        bits_to_kind(flags).is_constructor()
    }

    /// `f.prototype` for the function in `slot`, created on first use.
    pub fn function_prototype(&mut self, slot: usize) -> JsResult<Tagged> {
        let f = self.slot(slot);
        let current = obj(f).read_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET);
        if current != self.hole() {
            if !current.is_smi() && obj(current).map().instance_type() == InstanceType::Map {
                return Ok(obj(current).read_tagged(map_layout::PROTOTYPE_OFFSET));
            }
            return Ok(current);
        }
        let proto = self.new_object()?;
        let ps = self.push(proto);
        let key = self.root(Root::NameConstructor);
        self.define_own_data(self.slot(ps), key, self.slot(slot), DONT_ENUM)?;
        let proto = self.slot(ps);
        self.truncate_stack(ps);
        obj(self.slot(slot)).write_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, proto);
        Ok(proto)
    }

    /// `f.prototype = value` for the function in stack slot `base` (value in `base + 2`).
    pub(crate) fn set_function_prototype(&mut self, base: usize, value: Tagged) -> JsResult<()> {
        obj(self.slot(base)).write_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, value);
        Ok(())
    }

    /// The map for objects that `new F` creates (F in `slot`), with prototype
    /// `F.prototype` (or Object.prototype when that is not an object); cached in F.
    pub fn initial_map(&mut self, slot: usize, instance_type: InstanceType) -> JsResult<Tagged> {
        let f = self.slot(slot);
        if self.instance_type(f) != Some(InstanceType::JsFunction) {
            let proto = self.root(Root::ObjectPrototype);
            return self.new_map(instance_type, tagus_heap::objects::js_object::JS_OBJECT_SIZE, proto);
        }
        let current = obj(f).read_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET);
        if !current.is_smi()
            && current != self.hole()
            && obj(current).map().instance_type() == InstanceType::Map
            && obj(current).read_u16(map_layout::INSTANCE_TYPE_OFFSET) == instance_type as u16
        {
            return Ok(current);
        }
        let proto = self.function_prototype(slot)?;
        let is_object = self.is_object(proto);
        let proto = if is_object { proto } else { self.root(Root::ObjectPrototype) };
        let size = match instance_type {
            InstanceType::JsArray => tagus_heap::objects::js_object::array::SIZE,
            InstanceType::JsPrimitiveWrapper => tagus_heap::objects::js_object::primitive_wrapper::SIZE,
            _ => tagus_heap::objects::js_object::JS_OBJECT_SIZE,
        };
        if !(is_object && instance_type == InstanceType::JsObject) {
            return self.new_map(instance_type, size, proto);
        }
        // Room for the properties the constructor (and the constructors it inherits from) is
        // expected to add, plus slack; slack tracking gives back what was not used.
        let expected = self.expected_nof_properties(self.slot(slot));
        let map = self.new_js_map(instance_type, size, expected + crate::shape::CONSTRUCTOR_IN_OBJECT_SLACK, proto)?;
        self.start_slack_tracking(map);
        obj(self.slot(slot)).write_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, map);
        Ok(map)
    }

    /// The compiler's estimate of the properties `new f` objects get: the `this.x = ...`
    /// assignments of `f` and of the constructors up its prototype chain (V8's
    /// `CalculateExpectedNofProperties`).
    fn expected_nof_properties(&self, f: Tagged) -> usize {
        let mut total = 0;
        let mut c = f;
        while self.instance_type(c) == Some(InstanceType::JsFunction) && self.function_bytecode(c).is_some() {
            let flags = obj(self.shared_of(c)).read_tagged(shared::FLAGS_OFFSET).smi_value();
            total += ((flags >> shared::EXPECTED_NOF_PROPERTIES_SHIFT) & shared::MAX_EXPECTED_NOF_PROPERTIES) as usize;
            c = self.get_prototype_of(c);
        }
        total
    }

    /// A new ordinary object for `new F` where F (the new.target) is in `slot`.
    pub fn ordinary_create_from_constructor(&mut self, slot: usize) -> JsResult<Tagged> {
        let map = self.initial_map(slot, InstanceType::JsObject)?;
        let ms = self.push(map);
        self.count_construction(ms);
        let o = self.allocate_js_object_with_map(ms);
        self.truncate_stack(ms);
        o
    }

    // ---- bound functions ----------------------------------------------------------------------

    /// `target.bind(this, ...args)` with the bound arguments in a FixedArray.
    pub fn new_bound_function(&mut self, target: Tagged, bound_this: Tagged, bound_args: Tagged) -> JsResult<Tagged> {
        let base = self.push(target);
        self.push(bound_this);
        self.push(bound_args);
        let proto = self.get_prototype_of(target);
        let map = if proto == self.root(Root::FunctionPrototype) {
            self.root(Root::BoundFunctionMap)
        } else {
            self.new_map(InstanceType::JsBoundFunction, bound_function::SIZE, proto)?
        };
        let f = self.heap.allocate_initialized(map, bound_function::SIZE, AllocationType::Young);
        let (target, bound_this, bound_args) = (self.slot(base), self.slot(base + 1), self.slot(base + 2));
        let f = f.map_err(|_| self.out_of_memory())?;
        let empty = self.heap.roots().empty_fixed_array;
        f.write_tagged_no_barrier(tagus_heap::objects::js_object::PROPERTIES_OFFSET, empty);
        f.write_tagged_no_barrier(tagus_heap::objects::js_object::ELEMENTS_OFFSET, empty);
        f.write_tagged(bound_function::TARGET_OFFSET, target);
        f.write_tagged(bound_function::BOUND_THIS_OFFSET, bound_this);
        f.write_tagged(bound_function::BOUND_ARGUMENTS_OFFSET, bound_args);
        self.set_slot(base, f.tagged());
        let f = self.slot(base);
        self.truncate_stack(base);
        Ok(f)
    }

    // ---- predicates ---------------------------------------------------------------------------

    /// IsCallable.
    #[inline]
    pub fn is_callable(&self, v: Tagged) -> bool {
        matches!(
            self.instance_type(v),
            Some(InstanceType::JsFunction | InstanceType::JsBoundFunction)
        )
    }

    /// IsConstructor.
    pub fn is_constructor(&self, v: Tagged) -> bool {
        match self.instance_type(v) {
            Some(InstanceType::JsFunction) => self.function_has_prototype_slot(v),
            Some(InstanceType::JsBoundFunction) => self.is_constructor(obj(v).read_tagged(bound_function::TARGET_OFFSET)),
            _ => false,
        }
    }

    // ---- calling from native code ---------------------------------------------------------------

    /// `f.call(this, ...args)`. `args` are read before anything allocates. A compiled
    /// function that needs nothing of the general path (see `push_call_frame_fast`) gets its
    /// entry frame straight away: callbacks of `map`, `sort` and the like are called this way
    /// once per element.
    pub fn call(&mut self, f: Tagged, this: Tagged, args: &[Tagged]) -> JsResult<Tagged> {
        if self.native_depth < crate::MAX_NATIVE_DEPTH {
            let caller = if self.top_fp == usize::MAX { -1 } else { self.top_fp as i32 };
            // The frame is written from `args` before anything allocates; running it pops it.
            if let Some(fp) = self.push_call_frame_fast(caller, FLAG_ENTRY, f, this, CallArgs::Slice(args)) {
                self.native_depth += 1;
                let r = self.run(fp);
                self.native_depth -= 1;
                self.truncate_stack(fp);
                return r;
            }
        }
        let base = self.push(this);
        // One by one: callbacks take two to four arguments, and a copy of a run-time length
        // would call memmove.
        for &a in args {
            self.push(a);
        }
        let undefined = self.undefined();
        let nt = self.push(undefined);
        let fs = self.push(f);
        let r = self.invoke(fs, base, args.len(), nt);
        self.truncate_stack(base);
        r
    }

    /// `new f(...args)` with `new_target`.
    pub fn construct(&mut self, f: Tagged, args: &[Tagged], new_target: Tagged) -> JsResult<Tagged> {
        let hole = self.hole();
        let base = self.push(hole);
        self.heap.js_stack.extend_from_slice(args);
        let nt = self.push(new_target);
        let fs = self.push(f);
        let r = self.invoke(fs, base, args.len(), nt);
        self.truncate_stack(base);
        r
    }

    /// Calls the function in `callee_slot` with receiver and arguments in
    /// `base..=base + argc` and new.target in `nt_slot` (undefined for a call). Re-enters
    /// the interpreter for bytecode functions.
    pub fn invoke(&mut self, callee_slot: usize, base: usize, argc: usize, nt_slot: usize) -> JsResult<Tagged> {
        if self.native_depth >= crate::MAX_NATIVE_DEPTH {
            return Err(self.throw_range_error("Maximum call stack size exceeded"));
        }
        self.native_depth += 1;
        let r = self.invoke_inner(callee_slot, base, argc, nt_slot);
        self.native_depth -= 1;
        r
    }

    fn invoke_inner(&mut self, callee_slot: usize, base: usize, argc: usize, nt_slot: usize) -> JsResult<Tagged> {
        let callee = self.slot(callee_slot);
        let is_construct = self.slot(nt_slot) != self.undefined();
        match self.instance_type(callee) {
            Some(InstanceType::JsFunction) => {
                if self.function_bytecode(callee).is_none() {
                    return self.call_native(callee, base, argc, nt_slot);
                }
                if is_construct && !self.function_has_prototype_slot(callee) {
                    let shown = self.to_display_string(callee).unwrap_or_default();
                    return Err(self.throw_type_error(&format!("{shown} is not a constructor")));
                }
                let receiver = self.slot(base);
                let new_target = self.slot(nt_slot);
                let fp = self.push_js_frame(callee, receiver, base + 1, argc, new_target, true)?;
                self.run(fp)
            }
            Some(InstanceType::JsBoundFunction) => {
                let bound_args = obj(callee).read_tagged(bound_function::BOUND_ARGUMENTS_OFFSET);
                let n = crate::object::fixed_len(bound_args);
                let target = obj(callee).read_tagged(bound_function::TARGET_OFFSET);
                let this = if is_construct {
                    self.hole()
                } else {
                    obj(callee).read_tagged(bound_function::BOUND_THIS_OFFSET)
                };
                let new_base = self.push(this);
                for i in 0..n {
                    let b = obj(self.slot(callee_slot)).read_tagged(bound_function::BOUND_ARGUMENTS_OFFSET);
                    self.push(fixed_get(b, i));
                }
                for i in 0..argc {
                    self.push(self.slot(base + 1 + i));
                }
                let nt = self.slot(nt_slot);
                let nt = if nt == self.slot(callee_slot) { target } else { nt };
                let nt = self.push(nt);
                let target = obj(self.slot(callee_slot)).read_tagged(bound_function::TARGET_OFFSET);
                let ts = self.push(target);
                let r = self.invoke_inner(ts, new_base, n + argc, nt);
                self.truncate_stack(new_base);
                r
            }
            _ => {
                let shown = self.to_display_string(callee).unwrap_or_default();
                Err(self.throw_type_error(&format!("{shown} is not a function")))
            }
        }
    }

    /// Runs a native function with the receiver and arguments at `base`.
    pub(crate) fn call_native(&mut self, callee: Tagged, base: usize, argc: usize, nt_slot: usize) -> JsResult<Tagged> {
        let is_construct = self.slot(nt_slot) != self.undefined();
        if is_construct && !self.function_has_prototype_slot(callee) {
            let shown = self.to_display_string(callee).unwrap_or_default();
            return Err(self.throw_type_error(&format!("{shown} is not a constructor")));
        }
        let native = self.native_of(callee).expect("native function");
        let args = Args {
            base,
            argc,
            new_target: nt_slot,
        };
        let mark = self.stack_mark();
        let r = match native {
            Native::Builtin(f) => f(self, args),
            Native::Callback(c) => c(self, args),
        };
        self.truncate_stack(mark);
        r
    }
}
