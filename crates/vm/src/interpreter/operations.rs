//! The instruction handlers: `Vm::execute` decodes one instruction's operands from the
//! bytecode array and performs it (see `tagus_compiler::bytecode` for each contract).
//!
//! Invariant: handlers read registers from the stack at the moment they need them and
//! never hold a `Tagged` across an allocating call unless it was spilled to a slot first.

use tagus_compiler::Opcode;
use tagus_heap::Tagged;
use tagus_heap::objects::code::{bytecode_array, shared};
use tagus_heap::objects::js_object::{context as ctx, function};
use tagus_heap::objects::{HeapObject, InstanceType};

use super::frame::*;
use super::{CODE_START, Next};
use crate::dictionary::{self, DONT_DELETE, DONT_ENUM};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::{JsResult, Root, Vm};

#[inline(always)]
fn obj(t: Tagged) -> HeapObject {
    HeapObject::from_tagged(t)
}

/// The operands of the instruction at `pc`. Each read goes through the frame's bytecode
/// slot: a handler that allocates may trigger a compaction that moves the `BytecodeArray`,
/// and an operand read afterwards must come from its new place. (Copying the operands out
/// up front was slower: byte stores then wider loads stall store forwarding.)
struct Operands {
    fp: usize,
    at: usize,
}

impl Operands {
    #[inline(always)]
    fn code(&self, vm: &Vm) -> HeapObject {
        obj(vm.heap.js_stack[self.fp + BYTECODE])
    }
    #[inline(always)]
    fn u8(&self, vm: &Vm, offset: usize) -> u8 {
        self.code(vm).read_u8(self.at + offset)
    }
    #[inline(always)]
    fn u16(&self, vm: &Vm, offset: usize) -> usize {
        self.code(vm).read_u16(self.at + offset) as usize
    }
    #[inline(always)]
    fn u32(&self, vm: &Vm, offset: usize) -> usize {
        self.code(vm).read_u32(self.at + offset) as usize
    }
    #[inline(always)]
    fn i32(&self, vm: &Vm, offset: usize) -> i32 {
        self.code(vm).read_i32(self.at + offset)
    }
}

const NO_CONSTANT: Tagged = Tagged::ZERO;

impl Vm {
    #[inline(always)]
    fn reg(&self, fp: usize, r: usize) -> Tagged {
        self.heap.js_stack[fp + HEADER + r]
    }

    #[inline(always)]
    fn set_reg(&mut self, fp: usize, r: usize, v: Tagged) {
        self.heap.js_stack[fp + HEADER + r] = v;
    }

    #[inline(always)]
    fn constant(&self, code: HeapObject, index: usize) -> Tagged {
        let pool = code.read_tagged(bytecode_array::CONSTANT_POOL_OFFSET);
        if index < fixed_len(pool) {
            fixed_get(pool, index)
        } else {
            NO_CONSTANT
        }
    }

    fn frame_is_strict(&self, fp: usize) -> bool {
        let f = self.slot(fp + FUNCTION);
        obj(self.shared_of(f)).read_tagged(shared::FLAGS_OFFSET).smi_value() & shared::STRICT_BIT != 0
    }

    /// Executes the instruction with opcode byte `op` at `pc` of the frame at `fp`.
    #[inline(always)]
    pub(crate) fn execute(&mut self, op: u8, code: HeapObject, fp: usize, pc: usize, acc: &mut Tagged) -> JsResult<Next> {
        let o = Operands {
            fp,
            at: CODE_START + pc + 1,
        };
        let Some(opcode) = Opcode::from_byte(op) else {
            return Err(self.throw_type_error("invalid bytecode"));
        };
        use Opcode::*;
        match opcode {
            LdaZero => *acc = Tagged::smi(0),
            LdaSmi => {
                let value = o.i32(self, 0);
                *acc = match Tagged::try_smi(value as i64) {
                    Some(smi) => smi,
                    None => self.new_number(value as f64)?,
                };
            }
            LdaUndefined => *acc = self.undefined(),
            LdaNull => *acc = self.null(),
            LdaTheHole => *acc = self.hole(),
            LdaTrue => *acc = self.true_value(),
            LdaFalse => *acc = self.false_value(),
            LdaConstant => *acc = self.constant(code, o.u32(self, 0)),
            Ldar => *acc = self.reg(fp, o.u16(self, 0)),
            Star => self.set_reg(fp, o.u16(self, 0), *acc),
            Mov => {
                let v = self.reg(fp, o.u16(self, 0));
                self.set_reg(fp, o.u16(self, 2), v);
            }

            // ---- globals and contexts ----
            LdaGlobal | LdaGlobalInsideTypeof => {
                let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
                let slot = o.u32(self, 4);
                *acc = match self.load_global_ic(vector, slot) {
                    Some(v) => v,
                    None => {
                        let name = self.constant(code, o.u32(self, 0));
                        let v = self.load_global(name, opcode == LdaGlobalInsideTypeof)?;
                        self.update_global_ic_after_gc_point(fp, o.u32(self, 0), slot);
                        v
                    }
                };
            }
            StaGlobal => {
                let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
                let slot = o.u32(self, 4);
                if !self.store_global_ic(vector, slot, *acc) {
                    let name = self.constant(code, o.u32(self, 0));
                    self.set_slot(fp + ACC, *acc);
                    let strict = self.frame_is_strict(fp);
                    self.store_global(name, *acc, strict)?;
                    *acc = self.slot(fp + ACC);
                    self.update_global_ic_after_gc_point(fp, o.u32(self, 0), slot);
                }
            }
            DeclareGlobals => {
                let decls = self.constant(code, o.u32(self, 0));
                self.declare_globals(decls)?;
            }
            LdaContextSlot => {
                let c = self.context_at(fp, o.u16(self, 0));
                *acc = fixed_get(c, ctx::HEADER_SLOTS + o.u32(self, 2));
            }
            StaContextSlot => {
                let c = self.context_at(fp, o.u16(self, 0));
                fixed_set(c, ctx::HEADER_SLOTS + o.u32(self, 2), *acc);
            }
            PushContext => {
                let current = self.slot(fp + CONTEXT);
                self.set_reg(fp, o.u16(self, 0), current);
                self.set_slot(fp + CONTEXT, *acc);
            }
            PopContext => {
                let c = self.reg(fp, o.u16(self, 0));
                self.set_slot(fp + CONTEXT, c);
            }
            SaveContext => {
                let current = self.slot(fp + CONTEXT);
                self.set_reg(fp, o.u16(self, 0), current);
            }
            CreateFunctionContext | CreateBlockContext | CreateScriptContext => {
                let info = self.constant(code, o.u32(self, 0));
                let slots = fixed_get(info, 1).smi_value() as usize;
                let map = match opcode {
                    CreateFunctionContext => self.heap.roots().function_context_map,
                    CreateBlockContext => self.heap.roots().block_context_map,
                    _ => self.heap.roots().script_context_map,
                };
                let c = self.new_context(map, info, self.slot(fp + CONTEXT), slots)?;
                *acc = c;
                if opcode == CreateScriptContext {
                    self.set_slot(fp + ACC, c);
                    self.register_script_context(c)?;
                    *acc = self.slot(fp + ACC);
                }
            }
            LdaCurrentFunction => *acc = self.slot(fp + FUNCTION),
            LdaNewTarget => *acc = self.slot(fp + NEW_TARGET),

            // ---- closures and arguments ----
            CreateClosure => {
                let sfi = self.constant(code, o.u32(self, 0));
                let context = self.slot(fp + CONTEXT);
                *acc = self.new_closure(sfi, context)?;
            }
            CreateArguments => *acc = self.create_unmapped_arguments(fp)?,
            CreateMappedArguments => {
                let parameter_map = self.constant(code, o.u32(self, 0));
                *acc = self.create_mapped_arguments(fp, parameter_map)?;
            }
            CreateRestParameter => {
                let from = o.u32(self, 0);
                let mark = self.stack_mark();
                let (first, argc) = self.frame_arguments(fp);
                let start = from.min(argc);
                let a = self.new_array_from_slots(first + start, argc - start);
                self.truncate_stack(mark);
                *acc = a?;
            }

            // ---- arithmetic ----
            Add => {
                let lhs = self.reg(fp, o.u16(self, 0));
                if lhs.is_smi() && acc.is_smi() {
                    let r = lhs.smi_value() as i64 + acc.smi_value() as i64;
                    *acc = match Tagged::try_smi(r) {
                        Some(t) => t,
                        None => self.new_number(r as f64)?,
                    };
                } else {
                    *acc = self.op_add(lhs, *acc)?;
                }
            }
            Sub => {
                let lhs = self.reg(fp, o.u16(self, 0));
                if lhs.is_smi() && acc.is_smi() {
                    let r = lhs.smi_value() as i64 - acc.smi_value() as i64;
                    *acc = match Tagged::try_smi(r) {
                        Some(t) => t,
                        None => self.new_number(r as f64)?,
                    };
                } else {
                    *acc = self.op_arith(opcode, lhs, *acc)?;
                }
            }
            Mul | Div | Mod | Exp | BitwiseOr | BitwiseXor | BitwiseAnd | ShiftLeft | ShiftRight | ShiftRightLogical => {
                let lhs = self.reg(fp, o.u16(self, 0));
                *acc = self.op_arith(opcode, lhs, *acc)?;
            }
            Inc | Dec => {
                if acc.is_smi() {
                    let r = acc.smi_value() as i64 + if opcode == Inc { 1 } else { -1 };
                    *acc = match Tagged::try_smi(r) {
                        Some(t) => t,
                        None => self.new_number(r as f64)?,
                    };
                } else {
                    let n = self.to_number(*acc)?;
                    *acc = self.new_number(if opcode == Inc { n + 1.0 } else { n - 1.0 })?;
                }
            }
            Negate => {
                if acc.is_smi() && acc.smi_value() != 0 && acc.smi_value() != tagus_heap::tagged::SMI_MIN {
                    *acc = Tagged::smi(-acc.smi_value());
                } else {
                    let n = self.to_number(*acc)?;
                    *acc = self.new_number(-n)?;
                }
            }
            BitwiseNot => {
                let n = self.to_int32(*acc)?;
                *acc = self.new_number(!n as f64)?;
            }
            ToNumeric | ToNumber => {
                if !self.is_number(*acc) {
                    let n = self.to_number(*acc)?;
                    *acc = self.new_number(n)?;
                }
            }
            LogicalNot => *acc = self.boolean(*acc != self.true_value()),
            ToBooleanLogicalNot => *acc = self.boolean(!self.to_boolean(*acc)),
            TypeOf => *acc = self.type_of(*acc),
            ToName => *acc = self.to_property_key(*acc)?,
            ToString => {
                if !self.is_string(*acc) {
                    *acc = self.to_string(*acc)?;
                }
            }
            DeletePropertyStrict | DeletePropertySloppy => {
                let target = self.reg(fp, o.u16(self, 0));
                self.set_slot(fp + ACC, target);
                let key = self.to_property_key(*acc)?;
                let target = self.slot(fp + ACC);
                let target = if self.is_object(target) || self.is_nullish(target) {
                    target
                } else {
                    self.to_object(target)?
                };
                if self.is_nullish(target) {
                    return Err(self.throw_type_error("Cannot convert undefined or null to object"));
                }
                let done = self.delete_property(target, key, opcode == DeletePropertyStrict)?;
                *acc = self.boolean(done);
            }
            DeleteGlobal => {
                let name = self.constant(code, o.u32(self, 0));
                let global = self.root(Root::GlobalObject);
                let done = self.delete_property(global, name, false)?;
                *acc = self.boolean(done);
            }

            // ---- comparisons ----
            TestEqual => {
                let lhs = self.reg(fp, o.u16(self, 0));
                let r = self.loose_equals(lhs, *acc)?;
                *acc = self.boolean(r);
            }
            TestEqualStrict => {
                let lhs = self.reg(fp, o.u16(self, 0));
                let r = self.strict_equals(lhs, *acc)?;
                *acc = self.boolean(r);
            }
            TestLessThan | TestGreaterThan | TestLessThanOrEqual | TestGreaterThanOrEqual => {
                let lhs = self.reg(fp, o.u16(self, 0));
                let r = if lhs.is_smi() && acc.is_smi() {
                    let (a, b) = (lhs.smi_value(), acc.smi_value());
                    match opcode {
                        TestLessThan => a < b,
                        TestGreaterThan => a > b,
                        TestLessThanOrEqual => a <= b,
                        _ => a >= b,
                    }
                } else {
                    self.op_compare(opcode, lhs, *acc)?
                };
                *acc = self.boolean(r);
            }
            TestInstanceOf => {
                let lhs = self.reg(fp, o.u16(self, 0));
                let r = self.instance_of(lhs, *acc)?;
                *acc = self.boolean(r);
            }
            TestIn => {
                let key = self.reg(fp, o.u16(self, 0));
                if !self.is_object(*acc) {
                    let k = self.to_display_string(key)?;
                    let t = self.to_display_string(*acc)?;
                    return Err(self.throw_type_error(&format!("Cannot use 'in' operator to search for '{k}' in {t}")));
                }
                self.set_slot(fp + ACC, *acc);
                let key = self.to_property_key(key)?;
                let target = self.slot(fp + ACC);
                let r = self.has_property(target, key)?;
                *acc = self.boolean(r);
            }

            // ---- property access ----
            GetNamedProperty => {
                let receiver = self.reg(fp, o.u16(self, 0));
                let name = self.name_key(self.constant(code, o.u32(self, 2)));
                *acc = if name.is_smi() {
                    self.get_property(receiver, name)?
                } else {
                    let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
                    self.load_ic(vector, Some(o.u32(self, 6)), receiver, name)?
                };
            }
            GetKeyedProperty => {
                // Arrays and plain objects were read in place by the fast loop if they could
                // be; an arguments object's indices may be mapped to parameters.
                let receiver = self.reg(fp, o.u16(self, 0));
                if acc.is_smi()
                    && acc.smi_value() >= 0
                    && self.instance_type(receiver) == Some(InstanceType::JsArgumentsObject)
                    && let crate::elements::Element::Value(v) = self.element(receiver, acc.smi_value() as usize)
                {
                    *acc = v;
                    return Ok(Next::Continue);
                }
                let key = self.to_property_key(*acc)?;
                let receiver = self.reg(fp, o.u16(self, 0));
                *acc = if key.is_smi() || self.is_symbol(key) {
                    self.get_property(receiver, key)?
                } else {
                    self.load_ic(self.undefined(), None, receiver, key)?
                };
            }
            SetNamedProperty => {
                let receiver = self.reg(fp, o.u16(self, 0));
                let name = self.name_key(self.constant(code, o.u32(self, 2)));
                self.set_slot(fp + ACC, *acc);
                let strict = self.frame_is_strict(fp);
                if name.is_smi() {
                    self.set_property(receiver, name, *acc, strict)?;
                } else {
                    let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
                    self.store_ic(vector, o.u32(self, 6), receiver, name, *acc, crate::ic::StoreMode::Set { strict })?;
                }
                *acc = self.slot(fp + ACC);
            }
            SetKeyedProperty => {
                // In-place stores were tried by the fast loop: this is the generic [[Set]].
                let key = self.reg(fp, o.u16(self, 2));
                self.set_slot(fp + ACC, *acc);
                let key = self.to_property_key(key)?;
                let receiver = self.reg(fp, o.u16(self, 0));
                let strict = self.frame_is_strict(fp);
                let value = self.slot(fp + ACC);
                // Objects filled through computed keys are often hash maps: fewer fields
                // before dictionary mode (V8's soft limit).
                self.out_of_object_limit = crate::shape::FAST_PROPERTIES_SOFT_LIMIT;
                let r = self.set_property(receiver, key, value, strict);
                self.out_of_object_limit = crate::shape::MAX_FAST_PROPERTIES;
                r?;
                *acc = self.slot(fp + ACC);
            }
            DefineNamedOwnProperty => {
                let target = self.reg(fp, o.u16(self, 0));
                let name = self.name_key(self.constant(code, o.u32(self, 2)));
                self.set_slot(fp + ACC, *acc);
                if name.is_smi() {
                    self.define_own_data(target, name, *acc, 0)?;
                } else {
                    let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
                    self.store_ic(vector, o.u32(self, 6), target, name, *acc, crate::ic::StoreMode::Define)?;
                }
                *acc = self.slot(fp + ACC);
            }
            DefineKeyedOwnProperty => {
                let flags = o.u8(self, 4);
                self.set_slot(fp + ACC, *acc);
                let key = self.to_property_key(self.reg(fp, o.u16(self, 2)))?;
                let ks = self.push(key);
                if flags & tagus_compiler::bytecode::DEFINE_FLAG_SET_FUNCTION_NAME != 0 {
                    self.set_function_name_from_key(self.slot(fp + ACC), ks, "")?;
                }
                let attrs = if flags & tagus_compiler::bytecode::DEFINE_FLAG_DONT_ENUM != 0 {
                    DONT_ENUM
                } else {
                    0
                };
                let target = self.reg(fp, o.u16(self, 0));
                self.define_own_data(target, self.slot(ks), self.slot(fp + ACC), attrs)?;
                self.truncate_stack(ks);
                *acc = self.slot(fp + ACC);
            }
            DefineGetter | DefineSetter => {
                let flags = o.u8(self, 4);
                self.set_slot(fp + ACC, *acc);
                let key = self.to_property_key(self.reg(fp, o.u16(self, 2)))?;
                let ks = self.push(key);
                let prefix = if opcode == DefineGetter { "get" } else { "set" };
                self.set_function_name_from_key(self.slot(fp + ACC), ks, prefix)?;
                let attrs = if flags & tagus_compiler::bytecode::DEFINE_FLAG_DONT_ENUM != 0 {
                    DONT_ENUM
                } else {
                    0
                };
                let target = self.reg(fp, o.u16(self, 0));
                let f = self.slot(fp + ACC);
                let undefined = self.undefined();
                let (g, s) = if opcode == DefineGetter { (f, undefined) } else { (undefined, f) };
                self.define_accessor(target, self.slot(ks), g, s, attrs)?;
                self.truncate_stack(ks);
                *acc = self.slot(fp + ACC);
            }
            GetNamedPropertyFromSuper => {
                let receiver = self.reg(fp, o.u16(self, 0));
                let name = self.name_key(self.constant(code, o.u32(self, 2)));
                let home_proto = self.get_prototype_of(*acc);
                *acc = self.get_property_from(home_proto, name, receiver)?;
            }
            GetKeyedPropertyFromSuper => {
                let key = self.to_property_key(*acc)?;
                let home = self.reg(fp, o.u16(self, 2));
                let receiver = self.reg(fp, o.u16(self, 0));
                let home_proto = self.get_prototype_of(home);
                *acc = self.get_property_from(home_proto, key, receiver)?;
            }
            SetKeyedPropertyToSuper => {
                self.set_slot(fp + ACC, *acc);
                let key = self.to_property_key(self.reg(fp, o.u16(self, 4)))?;
                let home = self.reg(fp, o.u16(self, 2));
                let home_proto = self.get_prototype_of(home);
                let receiver = self.reg(fp, o.u16(self, 0));
                let value = self.slot(fp + ACC);
                let strict = true;
                self.set_property_from(home_proto, key, value, receiver, strict)?;
                *acc = self.slot(fp + ACC);
            }
            GetSuperConstructor => {
                let proto = self.get_prototype_of(*acc);
                if !self.is_constructor(proto) {
                    let shown = self.to_display_string(proto)?;
                    return Err(self.throw_type_error(&format!("Super constructor {shown} of anonymous class is not a constructor")));
                }
                *acc = proto;
            }

            // ---- calls ----
            CallProperty | CallUndefinedReceiver | Construct => {
                let callee = self.reg(fp, o.u16(self, 0));
                let first = o.u16(self, 2);
                let count = o.u16(self, 4);
                let undefined = self.undefined();
                let (receiver, args_from, argc) = match opcode {
                    CallProperty => (self.reg(fp, first), first + 1, count.saturating_sub(1)),
                    CallUndefinedReceiver => (undefined, first, count),
                    _ => (self.hole(), first, count),
                };
                let new_target = if opcode == Construct { *acc } else { undefined };
                return self.call_from_frame(fp, callee, receiver, fp + HEADER + args_from, argc, new_target);
            }
            CallRuntime => {
                let name = self.constant(code, o.u32(self, 0));
                let name = self.string_to_rust(name);
                let (first, count) = (o.u16(self, 4), o.u16(self, 6));
                *acc = self.call_runtime(&name, fp + HEADER + first, count)?;
            }
            CallWithSpread | ConstructWithSpread => {
                let first = o.u16(self, 2);
                let count = o.u16(self, 4);
                let new_target = if opcode == ConstructWithSpread { *acc } else { self.undefined() };
                self.set_slot(fp + ACC, new_target);
                let base = self.stack_mark();
                let (receiver, args_from, argc) = if opcode == CallWithSpread {
                    (self.reg(fp, first), first + 1, count.saturating_sub(1))
                } else {
                    (self.hole(), first, count)
                };
                self.push(receiver);
                for i in 0..argc.saturating_sub(1) {
                    self.push(self.reg(fp, args_from + i));
                }
                if argc > 0 {
                    let spread = self.reg(fp, args_from + argc - 1);
                    self.push_iterable(spread)?;
                }
                let total = self.stack_mark() - base - 1;
                let callee = self.reg(fp, o.u16(self, 0));
                let receiver = self.slot(base);
                let new_target = self.slot(fp + ACC);
                // Move the expanded list so that it sits at the stack top as call_from_frame expects.
                return self.call_from_frame(fp, callee, receiver, base + 1, total, new_target);
            }

            // ---- literals ----
            CreateArrayLiteral => *acc = self.new_array(0, o.u32(self, 0))?,
            ArrayPush => {
                let a = self.reg(fp, o.u16(self, 0));
                let base = self.push(a);
                self.push(*acc);
                self.array_push(base, base + 1)?;
                self.truncate_stack(base);
            }
            ArrayPushHole => {
                let a = self.reg(fp, o.u16(self, 0));
                let len = self.array_length(a);
                let base = self.push(a);
                self.set_array_length(base, len + 1)?;
                self.truncate_stack(base);
            }
            ArrayPushSpread => {
                let a = self.reg(fp, o.u16(self, 0));
                let base = self.push(a);
                let first = self.stack_mark();
                self.push_iterable(*acc)?;
                let count = self.stack_mark() - first;
                for i in 0..count {
                    self.array_push(base, first + i)?;
                }
                self.truncate_stack(base);
            }
            CreateObjectLiteral => *acc = self.new_object_literal(o.u32(self, 0))?,
            SetLiteralPrototype => {
                if self.is_object(*acc) || *acc == self.null() {
                    let target = self.reg(fp, o.u16(self, 0));
                    self.set_prototype_of(target, *acc)?;
                }
            }
            CopyDataProperties => {
                let target = self.reg(fp, o.u16(self, 0));
                self.copy_data_properties(target, *acc, &[])?;
            }
            CopyDataPropertiesExcluding => {
                let target = self.reg(fp, o.u16(self, 0));
                let first = o.u16(self, 2);
                let count = o.u16(self, 4);
                if self.is_nullish(*acc) {
                    let shown = self.to_display_string(*acc)?;
                    return Err(self.throw_type_error(&format!("Cannot destructure '{shown}' as it is {shown}.")));
                }
                let excluded: Vec<Tagged> = (0..count).map(|i| self.reg(fp, first + i)).collect();
                self.copy_data_properties(target, *acc, &excluded)?;
            }
            CreateRegExpLiteral => return Err(self.throw_syntax_error("not supported yet: regular expressions")),
            GetTemplateObject => *acc = self.get_template_object(code, o.u32(self, 0))?,
            DefineClass => *acc = self.define_class(fp, o.u16(self, 0), o.u16(self, 2))?,

            // ---- iteration ----
            GetIterator => {
                let v = self.reg(fp, o.u16(self, 0));
                *acc = self.get_iterator(v)?;
            }
            IteratorNext => {
                let iterator = self.reg(fp, o.u16(self, 0));
                let next = self.reg(fp, o.u16(self, 2));
                let r = self.call(next, iterator, &[])?;
                if !self.is_object(r) {
                    let shown = self.to_display_string(r)?;
                    return Err(self.throw_type_error(&format!("Iterator result {shown} is not an object")));
                }
                *acc = r;
            }
            IteratorClose => {
                let iterator = self.reg(fp, o.u16(self, 0));
                let swallow = o.u8(self, 2) & 1 != 0;
                self.set_slot(fp + ACC, *acc);
                let r = self.iterator_close(iterator);
                if !swallow {
                    r?;
                } else if r.is_err() && self.out_of_memory {
                    return r.map(|_| Next::Continue);
                }
                *acc = self.slot(fp + ACC);
            }
            ForInPrepare => {
                let r = o.u16(self, 0);
                let keys = self.for_in_keys(*acc)?;
                let n = fixed_len(keys);
                self.set_reg(fp, r, keys);
                self.set_reg(fp, r + 1, Tagged::smi(n as i32));
            }
            ForInContinue => {
                let i = self.reg(fp, o.u16(self, 0)).smi_value();
                let n = self.reg(fp, o.u16(self, 2)).smi_value();
                *acc = self.boolean(i < n);
            }
            ForInNext => {
                let receiver = self.reg(fp, o.u16(self, 0));
                let i = self.reg(fp, o.u16(self, 2)).smi_value() as usize;
                let keys = self.reg(fp, o.u16(self, 4));
                let key = fixed_get(keys, i);
                // Keys of a primitive receiver (a string's indices) cannot go away.
                let present = if self.is_object(receiver) {
                    let base = self.push(receiver);
                    let pk = self.to_property_key(key)?;
                    let present = self.has_property(self.slot(base), pk)?;
                    self.truncate_stack(base);
                    present
                } else {
                    true
                };
                *acc = if present {
                    fixed_get(self.reg(fp, o.u16(self, 4)), i)
                } else {
                    self.undefined()
                };
            }
            ForInStep => {
                let r = o.u16(self, 0);
                let i = self.reg(fp, r).smi_value();
                self.set_reg(fp, r, Tagged::smi(i + 1));
            }

            // ---- checks ----
            ThrowReferenceErrorIfHole => {
                if *acc == self.hole() {
                    let name = self.constant(code, o.u32(self, 0));
                    let name = self.string_to_rust(name);
                    return Err(self.throw_reference_error(&format!("Cannot access '{name}' before initialization")));
                }
            }
            ThrowSuperNotCalledIfHole => {
                if *acc == self.hole() {
                    return Err(self.throw_reference_error(
                        "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                    ));
                }
            }
            ThrowSuperAlreadyCalledIfNotHole => {
                if *acc != self.hole() {
                    return Err(self.throw_reference_error("Super constructor may only be called once"));
                }
            }
            ThrowConstAssignError => return Err(self.throw_type_error("Assignment to constant variable.")),
            RequireObjectCoercible => {
                if self.is_nullish(*acc) {
                    let shown = self.to_display_string(*acc)?;
                    return Err(self.throw_type_error(&format!("Cannot destructure '{shown}' as it is {shown}.")));
                }
            }

            // ---- control flow ----
            Jump => return Ok(Next::Jump(o.u32(self, 0))),
            JumpLoop => {
                if self.interrupt_requested() {
                    return Err(self.throw_termination());
                }
                return Ok(Next::Jump(o.u32(self, 0)));
            }
            JumpIfTrue => {
                if *acc == self.true_value() {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfFalse => {
                if *acc == self.false_value() {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfToBooleanTrue => {
                if self.to_boolean(*acc) {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfToBooleanFalse => {
                if !self.to_boolean(*acc) {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfUndefined => {
                if *acc == self.undefined() {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfNotUndefined => {
                if *acc != self.undefined() {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfUndefinedOrNull => {
                if self.is_nullish(*acc) {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            JumpIfNotUndefinedOrNull => {
                if !self.is_nullish(*acc) {
                    return Ok(Next::Jump(o.u32(self, 0)));
                }
            }
            Throw => return Err(self.throw_value(*acc)),
            ReThrow => {
                let location = self.throw_location;
                let t = self.throw_value(*acc);
                if location.is_some() {
                    self.throw_location = location;
                }
                return Err(t);
            }
            Return => return Ok(Next::Return),
            Debugger => {}
        }
        Ok(Next::Continue)
    }

    /// Calls `callee` from the frame at `fp` with arguments in stack slots
    /// `args_at..args_at + argc`: bytecode functions get a new frame (returned as
    /// `EnterFrame`), everything else runs now with its result in the accumulator slot.
    fn call_from_frame(
        &mut self,
        fp: usize,
        callee: Tagged,
        receiver: Tagged,
        args_at: usize,
        argc: usize,
        new_target: Tagged,
    ) -> JsResult<Next> {
        // `new x()` passes x as new.target: a construct even when x is undefined.
        let is_construct = receiver == self.hole();
        if self.instance_type(callee) == Some(InstanceType::JsFunction)
            && let Some(_) = self.function_bytecode(callee)
        {
            if is_construct && !self.function_has_prototype_slot(callee) {
                let shown = self.callee_description(fp, callee)?;
                return Err(self.throw_type_error(&format!("{shown} is not a constructor")));
            }
            let new_fp = self.push_js_frame(callee, receiver, args_at, argc, new_target, false)?;
            self.set_slot(new_fp + CALLER_FP, Tagged::smi(fp as i32));
            return Ok(Next::EnterFrame(new_fp));
        }
        if !self.is_callable(callee) {
            let shown = self.callee_description(fp, callee)?;
            let what = if is_construct {
                "is not a constructor"
            } else {
                "is not a function"
            };
            return Err(self.throw_type_error(&format!("{shown} {what}")));
        }
        if is_construct && !self.is_constructor(callee) {
            let shown = self.callee_description(fp, callee)?;
            return Err(self.throw_type_error(&format!("{shown} is not a constructor")));
        }
        // Lay out [receiver, args..., new.target, callee] at the stack top for the native.
        let frame_end = self.frame_end(fp);
        let base = self.stack_mark();
        self.push(receiver);
        self.heap.js_stack.extend_from_within(args_at..args_at + argc);
        let nt = self.push(new_target);
        let cs = self.push(callee);
        let result = self.invoke(cs, base, argc, nt);
        self.truncate_stack(frame_end);
        Ok(Next::Result(result?))
    }

    /// The source text of the callee expression at the frame's current call (V8's call
    /// printer), or a rendering of the value.
    fn callee_description(&mut self, fp: usize, callee: Tagged) -> JsResult<String> {
        let function = self.slot(fp + FUNCTION);
        let pc = self.slot(fp + PC).smi_value() as u32;
        if let Some((script, offset)) = self.function_source_offset(function, pc)
            && let Some(record) = self.scripts.get(script)
            && let Some(expr) = callee_expression(&record.source, offset as usize)
        {
            return Ok(expr);
        }
        self.to_display_string(callee)
    }

    /// Gives an anonymous function the name derived from a property key.
    fn set_function_name_from_key(&mut self, f: Tagged, key_slot: usize, prefix: &str) -> JsResult<()> {
        if self.instance_type(f) != Some(InstanceType::JsFunction) {
            return Ok(());
        }
        let fs = self.push(f);
        let key = self.slot(key_slot);
        let base = if self.is_symbol(key) {
            let d = self.symbol_description(key);
            if d == self.undefined() {
                String::new()
            } else {
                format!("[{}]", self.string_to_rust(d))
            }
        } else if key.is_smi() {
            key.smi_value().to_string()
        } else {
            self.string_to_rust(key)
        };
        let current = self.function_name(self.slot(fs));
        if self.string_length(current) != 0 && prefix.is_empty() {
            self.truncate_stack(fs);
            return Ok(());
        }
        let name = if prefix.is_empty() { base } else { format!("{prefix} {base}") };
        let name = self.intern(&name)?;
        let sfi = self.shared_of(self.slot(fs));
        let f = self.slot(fs);
        self.truncate_stack(fs);
        // Closures of one literal share the info; V8 would store the name on the function.
        if self.string_length(obj(sfi).read_tagged(shared::NAME_OFFSET)) == 0 || !prefix.is_empty() {
            obj(sfi).write_tagged(shared::NAME_OFFSET, name);
        }
        let _ = f;
        Ok(())
    }

    fn new_context(&mut self, map: Tagged, info: Tagged, previous: Tagged, slots: usize) -> JsResult<Tagged> {
        let base = self.push(info);
        self.push(previous);
        let c = self
            .heap
            .new_fixed_array(ctx::HEADER_SLOTS + slots, tagus_heap::AllocationType::Young);
        let (info, previous) = (self.slot(base), self.slot(base + 1));
        self.truncate_stack(base);
        let c = c.map_err(|_| self.out_of_memory())?;
        obj(c).write_u32(0, map.raw());
        fixed_set(c, ctx::SCOPE_INFO_INDEX, info);
        fixed_set(c, ctx::PREVIOUS_INDEX, previous);
        Ok(c)
    }

    fn get_template_object(&mut self, code: HeapObject, index: usize) -> JsResult<Tagged> {
        let description = self.constant(code, index);
        if self.is_array(description) {
            return Ok(description);
        }
        // description: FixedArray [cooked..., raw...] (cooked undefined for invalid escapes).
        let n = fixed_len(description) / 2;
        let ds = self.push(description);
        let code_slot = self.push(code.tagged());
        let cooked = self.new_array(0, n)?;
        let cs = self.push(cooked);
        let raw = self.new_array(0, n)?;
        let rs = self.push(raw);
        for i in 0..n {
            let v = fixed_get(self.slot(ds), i);
            let vs = self.push(v);
            self.array_push(cs, vs)?;
            let v = fixed_get(self.slot(ds), n + i);
            self.set_slot(vs, v);
            self.array_push(rs, vs)?;
            self.truncate_stack(vs);
        }
        self.set_integrity_level(self.slot(rs), 2)?;
        let key = self.root(Root::NameRaw);
        self.define_own_data(
            self.slot(cs),
            key,
            self.slot(rs),
            DONT_ENUM | DONT_DELETE | crate::dictionary::READ_ONLY,
        )?;
        self.set_integrity_level(self.slot(cs), 2)?;
        let result = self.slot(cs);
        let pool = obj(self.slot(code_slot)).read_tagged(bytecode_array::CONSTANT_POOL_OFFSET);
        fixed_set(pool, index, result);
        self.truncate_stack(ds);
        Ok(result)
    }

    fn define_class(&mut self, fp: usize, ctor_reg: usize, super_reg: usize) -> JsResult<Tagged> {
        let superclass = self.reg(fp, super_reg);
        let (proto_parent, ctor_parent) = if superclass == self.hole() {
            (self.root(Root::ObjectPrototype), self.root(Root::FunctionPrototype))
        } else if superclass == self.null() {
            (self.null(), self.root(Root::FunctionPrototype))
        } else {
            if !self.is_constructor(superclass) {
                let shown = self.to_display_string(superclass)?;
                return Err(self.throw_type_error(&format!("Class extends value {shown} is not a constructor or null")));
            }
            let p = self.get_named(superclass, Root::NamePrototype)?;
            if !self.is_object(p) && p != self.null() {
                let shown = self.to_display_string(p)?;
                return Err(self.throw_type_error(&format!("Class extends value does not have valid prototype property {shown}")));
            }
            (p, self.reg(fp, super_reg))
        };
        let base = self.push(ctor_parent);
        let proto = self.new_object_with_prototype(proto_parent)?;
        self.push(proto);
        let ctor = self.reg(fp, ctor_reg);
        let key = self.root(Root::NameConstructor);
        self.define_own_data(self.slot(base + 1), key, ctor, DONT_ENUM)?;
        let ctor = self.reg(fp, ctor_reg);
        obj(ctor).write_tagged(function::PROTOTYPE_OR_INITIAL_MAP_OFFSET, self.slot(base + 1));
        let ctor_parent = self.slot(base);
        if ctor_parent != self.root(Root::FunctionPrototype) {
            self.set_prototype_of(ctor, ctor_parent)?;
        }
        let proto = self.slot(base + 1);
        self.truncate_stack(base);
        Ok(proto)
    }

    fn load_global(&mut self, name: Tagged, inside_typeof: bool) -> JsResult<Tagged> {
        let table = self.root(Root::ScriptContextTable);
        if let Some(entry) = dictionary::find(table, name) {
            let (c, at, _) = self.script_slot(dictionary::value_at(table, entry));
            let v = fixed_get(c, at);
            if v == self.hole() {
                let n = self.string_to_rust(name);
                return Err(self.throw_reference_error(&format!("Cannot access '{n}' before initialization")));
            }
            return Ok(v);
        }
        let global = self.root(Root::GlobalObject);
        let dict = self.properties_of(global);
        if let Some(entry) = dictionary::find(dict, name)
            && !dictionary::details_at(dict, entry).is_accessor
        {
            return Ok(dictionary::value_at(dict, entry));
        }
        match self.find_property(global, name)? {
            Some(_) => {
                let global = self.root(Root::GlobalObject);
                self.get_property(global, name)
            }
            None if inside_typeof => Ok(self.undefined()),
            None => {
                let n = self.string_to_rust(name);
                Err(self.throw_reference_error(&format!("{n} is not defined")))
            }
        }
    }

    fn store_global(&mut self, name: Tagged, value: Tagged, strict: bool) -> JsResult<()> {
        let table = self.root(Root::ScriptContextTable);
        if let Some(entry) = dictionary::find(table, name) {
            let (c, at, is_const) = self.script_slot(dictionary::value_at(table, entry));
            let current = fixed_get(c, at);
            if current == self.hole() {
                let n = self.string_to_rust(name);
                return Err(self.throw_reference_error(&format!("Cannot access '{n}' before initialization")));
            }
            if is_const {
                return Err(self.throw_type_error("Assignment to constant variable."));
            }
            fixed_set(c, at, value);
            return Ok(());
        }
        let global = self.root(Root::GlobalObject);
        let dict = self.properties_of(global);
        if let Some(entry) = dictionary::find(dict, name) {
            let d = dictionary::details_at(dict, entry);
            if !d.is_accessor && d.attributes & crate::dictionary::READ_ONLY == 0 {
                dictionary::set_value_at(dict, entry, value);
                return Ok(());
            }
        } else if strict {
            let base = self.push(value);
            let exists = self.has_property(global, name)?;
            self.truncate_stack(base);
            if !exists {
                let n = self.string_to_rust(name);
                return Err(self.throw_reference_error(&format!("{n} is not defined")));
            }
        }
        let global = self.root(Root::GlobalObject);
        self.set_property(global, name, value, strict)
    }

    /// Records where a global lives after a generic access that may have run a GC: the
    /// bytecode, its constant (the name) and its feedback vector are read again from the frame.
    fn update_global_ic_after_gc_point(&mut self, fp: usize, name_index: usize, slot: usize) {
        let code = obj(self.slot(fp + BYTECODE));
        let name = self.constant(code, name_index);
        let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
        self.update_global_ic(vector, slot, name);
    }

    /// (context, FixedArray index, is_const) of a script-context-table entry.
    fn script_slot(&self, encoded: Tagged) -> (Tagged, usize, bool) {
        crate::ic::script_context_slot(self.root(Root::ScriptContexts), encoded)
    }

    fn declare_globals(&mut self, decls: Tagged) -> JsResult<()> {
        let ds = self.push(decls);
        let n = fixed_len(decls) / 2;
        for i in 0..n {
            let name = fixed_get(self.slot(ds), 2 * i);
            let global = self.root(Root::GlobalObject);
            let table = self.root(Root::ScriptContextTable);
            if dictionary::find(table, name).is_some() {
                let n = self.string_to_rust(name);
                return Err(self.throw_syntax_error(&format!("Identifier '{n}' has already been declared")));
            }
            if !self.has_own_property(global, name)? {
                let undefined = self.undefined();
                let global = self.root(Root::GlobalObject);
                let name = fixed_get(self.slot(ds), 2 * i);
                self.define_own_data(global, name, undefined, DONT_DELETE)?;
            }
        }
        self.truncate_stack(ds);
        Ok(())
    }

    /// Adds a new script context's lexical names to the script context table.
    fn register_script_context(&mut self, c: Tagged) -> JsResult<()> {
        let cs = self.push(c);
        let contexts = self.root(Root::ScriptContexts);
        let count = fixed_len(contexts);
        let grown = self
            .heap
            .new_fixed_array(count + 1, tagus_heap::AllocationType::Old)
            .map_err(|_| self.out_of_memory())?;
        let contexts = self.root(Root::ScriptContexts);
        for i in 0..count {
            fixed_set(grown, i, fixed_get(contexts, i));
        }
        fixed_set(grown, count, self.slot(cs));
        self.set_root(Root::ScriptContexts, grown);
        let info = fixed_get(self.slot(cs), ctx::SCOPE_INFO_INDEX);
        let slots = fixed_get(info, 1).smi_value() as usize;
        for i in 0..slots {
            let info = fixed_get(self.slot(cs), ctx::SCOPE_INFO_INDEX);
            let name = fixed_get(info, 2 + 2 * i);
            let mode = fixed_get(info, 3 + 2 * i).smi_value();
            if mode == crate::loader::MODE_INTERNAL {
                continue;
            }
            let table = self.root(Root::ScriptContextTable);
            let gdict = self.properties_of(self.root(Root::GlobalObject));
            let shadowed = dictionary::find(gdict, name);
            let clash = dictionary::find(table, name).is_some()
                || shadowed.is_some_and(|e| dictionary::details_at(gdict, e).attributes & DONT_DELETE != 0);
            if clash {
                let n = self.string_to_rust(name);
                return Err(self.throw_syntax_error(&format!("Identifier '{n}' has already been declared")));
            }
            let encoded = Tagged::smi(((count as i32) << 17) | ((i as i32) << 1) | (mode == crate::loader::MODE_CONST) as i32);
            let ts = self.push(table);
            let ns = self.push(name);
            let vs = self.push(encoded);
            dictionary::add(self, ts, ns, vs, 0, false)?;
            let table = self.slot(ts);
            self.set_root(Root::ScriptContextTable, table);
            self.truncate_stack(ts);
            if let Some(entry) = shadowed {
                // The binding shadows a configurable global property: global ICs that cached
                // its cell must miss (the property itself moves to a fresh cell).
                let gdict = self.properties_of(self.root(Root::GlobalObject));
                let d = dictionary::details_at(gdict, entry);
                let ds = self.push(gdict);
                let renewed = dictionary::renew_cell(self, ds, entry, d.attributes, d.is_accessor);
                self.truncate_stack(ds);
                renewed?;
            }
        }
        self.truncate_stack(cs);
        Ok(())
    }

    /// `for-in` keys of `value`: enumerable string keys of it and its prototypes, each once,
    /// as strings.
    fn for_in_keys(&mut self, value: Tagged) -> JsResult<Tagged> {
        if self.is_nullish(value) {
            return Ok(self.heap.roots().empty_fixed_array);
        }
        let o = self.to_object(value)?;
        // Slots: holder, its keys, then the collected keys.
        let holder_slot = self.push(o);
        let keys_slot = self.push(Tagged::smi(0));
        let collected = self.stack_mark();
        let mut seen: std::collections::HashSet<Vec<u16>> = std::collections::HashSet::new();
        loop {
            let all = self.own_keys(self.slot(holder_slot), false, true, false)?;
            self.set_slot(keys_slot, all);
            for i in 0..fixed_len(all) {
                let key = fixed_get(self.slot(keys_slot), i);
                let own = self.get_own_property(self.slot(holder_slot), key)?;
                let enumerable = match own {
                    Some(crate::object::Own::Data(_, a)) | Some(crate::object::Own::Accessor(_, a)) => a & DONT_ENUM == 0,
                    None => false,
                };
                let key = fixed_get(self.slot(keys_slot), i);
                let ks = self.key_to_string(key)?;
                if seen.insert(self.string_units(ks)) && enumerable {
                    self.push(ks);
                }
            }
            let proto = self.get_prototype_of(self.slot(holder_slot));
            if proto == self.null() {
                break;
            }
            self.set_slot(holder_slot, proto);
        }
        let count = self.stack_mark() - collected;
        let keys = self
            .heap
            .new_fixed_array(count, tagus_heap::AllocationType::Young)
            .map_err(|_| self.out_of_memory())?;
        for i in 0..count {
            fixed_set(keys, i, self.slot(collected + i));
        }
        self.truncate_stack(holder_slot);
        Ok(keys)
    }

    /// `target[key] = source[key]` for each own enumerable key of `source` not in `excluded`.
    pub(crate) fn copy_data_properties(&mut self, target: Tagged, source: Tagged, excluded: &[Tagged]) -> JsResult<()> {
        if self.is_nullish(source) {
            return Ok(());
        }
        let base = self.push(target);
        let ex_base = self.stack_mark();
        for &e in excluded {
            self.push(e);
        }
        let ex_count = excluded.len();
        let source = self.to_object(source)?;
        let ss = self.push(source);
        let keys = self.own_keys(source, true, true, true)?;
        let ks = self.push(keys);
        for i in 0..fixed_len(keys) {
            let _ = fixed_get(self.slot(ks), i);
            let mut skip = false;
            for j in 0..ex_count {
                let e = self.slot(ex_base + j);
                let ek = self.to_property_key(e)?;
                if ek == fixed_get(self.slot(ks), i) {
                    skip = true;
                }
            }
            if skip {
                continue;
            }
            let key = fixed_get(self.slot(ks), i);
            let _ = key;
            let key = fixed_get(self.slot(ks), i);
            let v = self.get_property(self.slot(ss), key)?;
            let key = fixed_get(self.slot(ks), i);
            self.define_own_data(self.slot(base), key, v, 0)?;
        }
        self.truncate_stack(base);
        Ok(())
    }
}

/// The member-expression text (`config.start`, `obj.name`) around source offset `at`, the
/// way V8's call printer names a callee that is not a function.
fn callee_expression(source: &str, at: usize) -> Option<String> {
    let bytes = source.as_bytes();
    let is_part = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'.';
    let mut start = at.min(bytes.len());
    // `new X()` positions point at `new`.
    if source[start..].starts_with("new ") {
        start += 4;
        while start < bytes.len() && bytes[start] == b' ' {
            start += 1;
        }
    }
    let mut begin = start;
    while begin > 0 && is_part(bytes[begin - 1]) {
        begin -= 1;
    }
    let mut end = start;
    while end < bytes.len() && is_part(bytes[end]) {
        end += 1;
    }
    let text = source.get(begin..end)?.trim_matches('.');
    (!text.is_empty() && !text.starts_with(|c: char| c.is_ascii_digit())).then(|| text.to_string())
}
