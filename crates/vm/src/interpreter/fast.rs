//! The interpreter's fast inner loop: register moves, constants, jumps, Smi arithmetic and
//! comparisons, monomorphic property ICs, and ordinary calls and returns between bytecode
//! functions, run back to back with the frame, the accumulator and the program counter in
//! locals.
//!
//! Invariant: nothing here allocates on the heap, calls out or throws, so no GC can run and
//! the bytecode cannot move while the loop holds it. A call or return only grows or shrinks
//! the JS stack (not the heap) and re-derives the per-frame locals. Any instruction it does
//! not handle — or a case it does not (an overflow, a non-Smi operand, a pending interrupt,
//! a call that needs a receiver boxed or a stack check that fails) — ends the loop with `pc`
//! at that instruction for the general path.

use tagus_compiler::FunctionKind;
use tagus_compiler::bytecode::Opcode;
use tagus_heap::Tagged;
use tagus_heap::objects::code::bytecode_array;
use tagus_heap::objects::code::shared;
use tagus_heap::objects::js_object::function as js_function;
use tagus_heap::objects::{HeapObject, InstanceType, map as map_layout};

use super::elements_in_place::{InPlace, load_element_in_place, push_in_place, store_element_in_place};
use super::frame::{ARGC, BYTECODE, CALLER_FP, CONTEXT, FLAG_ENTRY, FLAGS, FUNCTION, HEADER, NEW_TARGET, PC, RETURN_OFFSET_SHIFT};
use super::{CallArgs, frame_length, instruction_sizes};
use crate::function::kind_to_bits;
use crate::ic::{IcProbe, global_ic_load, global_ic_store, load_without_call, store_without_call};
use crate::object::{fixed_get, fixed_len, fixed_set};
use crate::operators::number_binary_op;
use crate::{Root, Vm, is_js_receiver, is_string, number_as_smi, number_of, shape};
use tagus_heap::js_factory::flat_code_unit_at;
use tagus_heap::linear_allocation::LinearAllocator;
use tagus_heap::objects::js_object::context;

const CODE_START: usize = bytecode_array::HEADER_SIZE;

const LDA_ZERO: u8 = Opcode::LdaZero as u8;
const LDA_SMI: u8 = Opcode::LdaSmi as u8;
const LDA_UNDEFINED: u8 = Opcode::LdaUndefined as u8;
const LDA_NULL: u8 = Opcode::LdaNull as u8;
const LDA_TRUE: u8 = Opcode::LdaTrue as u8;
const LDA_FALSE: u8 = Opcode::LdaFalse as u8;
const LDA_CONSTANT: u8 = Opcode::LdaConstant as u8;
const LDAR: u8 = Opcode::Ldar as u8;
const STAR: u8 = Opcode::Star as u8;
const MOV: u8 = Opcode::Mov as u8;
const ADD: u8 = Opcode::Add as u8;
const SUB: u8 = Opcode::Sub as u8;
const BITWISE_AND: u8 = Opcode::BitwiseAnd as u8;
const BITWISE_OR: u8 = Opcode::BitwiseOr as u8;
const BITWISE_XOR: u8 = Opcode::BitwiseXor as u8;
const MUL: u8 = Opcode::Mul as u8;
const DIV: u8 = Opcode::Div as u8;
const MOD: u8 = Opcode::Mod as u8;
const SHIFT_LEFT: u8 = Opcode::ShiftLeft as u8;
const SHIFT_RIGHT: u8 = Opcode::ShiftRight as u8;
const SHIFT_RIGHT_LOGICAL: u8 = Opcode::ShiftRightLogical as u8;
const INC: u8 = Opcode::Inc as u8;
const DEC: u8 = Opcode::Dec as u8;
const TO_NUMERIC: u8 = Opcode::ToNumeric as u8;
const TEST_EQUAL_STRICT: u8 = Opcode::TestEqualStrict as u8;
const TEST_LESS_THAN: u8 = Opcode::TestLessThan as u8;
const TEST_GREATER_THAN: u8 = Opcode::TestGreaterThan as u8;
const TEST_LESS_THAN_OR_EQUAL: u8 = Opcode::TestLessThanOrEqual as u8;
const TEST_GREATER_THAN_OR_EQUAL: u8 = Opcode::TestGreaterThanOrEqual as u8;
const LDA_CONTEXT_SLOT: u8 = Opcode::LdaContextSlot as u8;
const STA_CONTEXT_SLOT: u8 = Opcode::StaContextSlot as u8;
const GET_NAMED_PROPERTY: u8 = Opcode::GetNamedProperty as u8;
const LDA_GLOBAL: u8 = Opcode::LdaGlobal as u8;
const SET_NAMED_PROPERTY: u8 = Opcode::SetNamedProperty as u8;
const JUMP: u8 = Opcode::Jump as u8;
const JUMP_LOOP: u8 = Opcode::JumpLoop as u8;
const JUMP_IF_TRUE: u8 = Opcode::JumpIfTrue as u8;
const JUMP_IF_FALSE: u8 = Opcode::JumpIfFalse as u8;
const JUMP_IF_TO_BOOLEAN_TRUE: u8 = Opcode::JumpIfToBooleanTrue as u8;
const JUMP_IF_TO_BOOLEAN_FALSE: u8 = Opcode::JumpIfToBooleanFalse as u8;
const JUMP_IF_UNDEFINED: u8 = Opcode::JumpIfUndefined as u8;
const JUMP_IF_NOT_UNDEFINED: u8 = Opcode::JumpIfNotUndefined as u8;
const STA_GLOBAL: u8 = Opcode::StaGlobal as u8;
const GET_KEYED_PROPERTY: u8 = Opcode::GetKeyedProperty as u8;
const SET_KEYED_PROPERTY: u8 = Opcode::SetKeyedProperty as u8;
const LOGICAL_NOT: u8 = Opcode::LogicalNot as u8;
const TO_BOOLEAN_LOGICAL_NOT: u8 = Opcode::ToBooleanLogicalNot as u8;
const CONSTRUCT: u8 = Opcode::Construct as u8;
const THROW_REFERENCE_ERROR_IF_HOLE: u8 = Opcode::ThrowReferenceErrorIfHole as u8;
const CALL_PROPERTY: u8 = Opcode::CallProperty as u8;
const CALL_UNDEFINED_RECEIVER: u8 = Opcode::CallUndefinedReceiver as u8;
const RETURN: u8 = Opcode::Return as u8;

/// Kinds (as bit sets of `kind_to_bits`) whose calls throw without `new`.
const CLASS_CONSTRUCTOR_KINDS: i32 =
    1 << kind_to_bits(FunctionKind::ClassConstructor) | 1 << kind_to_bits(FunctionKind::DerivedConstructor);
/// Kinds whose `[[Construct]]` allocates the receiver from the initial map.
const BASE_CONSTRUCTOR_KINDS: i32 = 1 << kind_to_bits(FunctionKind::Normal) | 1 << kind_to_bits(FunctionKind::ClassConstructor);
/// Kinds that see a sloppy-mode `this` (arrows have none; initializers get objects).
const SLOPPY_THIS_KINDS: i32 = 1 << kind_to_bits(FunctionKind::Normal)
    | 1 << kind_to_bits(FunctionKind::Method)
    | 1 << kind_to_bits(FunctionKind::Getter)
    | 1 << kind_to_bits(FunctionKind::Setter);

/// Instruction sizes of the opcodes handled here (an opcode byte, then its operands).
const REG: usize = 1 + 2;
const REG_REG: usize = 1 + 2 + 2;
const WORD: usize = 1 + 4;
const REG_SLOT: usize = 1 + 2 + 4;
const DEPTH_INDEX: usize = 1 + 2 + 4;
const REG_CONST_SLOT: usize = 1 + 2 + 4 + 4;
const CALL: usize = 1 + 2 + 2 + 2 + 4;
/// The flags of a frame pushed at a call instruction (see `RETURN_OFFSET_SHIFT`).
const CALLED_FROM_FAST_LOOP: i32 = (CALL as i32) << RETURN_OFFSET_SHIFT;

impl Vm {
    /// Runs simple instructions from `*pc` of the frame at `*fp`, entering and leaving frames
    /// of ordinary calls, until one needs the general path; leaves `*fp` and `*pc` at it and
    /// the accumulator in `*acc`. Returns true when instead the entry frame returned: its
    /// frame is popped and `*acc` is the result for Rust.
    #[inline(always)]
    pub(super) fn run_fast(&mut self, fp: &mut usize, pc: &mut usize, acc: &mut Tagged) -> bool {
        let mut returned = false;
        let mut frame_fp = *fp;
        let mut p = *pc;
        let mut a = *acc;
        // Invariant for the whole loop (no GC can run in it): the roots, the global ICs'
        // roots and the stub cache's validity.
        let roots = self.heap.roots();
        let (t, f, undefined, null) = (roots.true_value, roots.false_value, roots.undefined_value, roots.null_value);
        let (heap_number_map, fixed_array_map, hole) = (roots.heap_number_map, roots.fixed_array_map, roots.the_hole_value);
        let globals = self.global_ic_roots();
        // Builtins the loop answers itself when their receiver and arguments allow.
        let (char_code_at, array_push) = (self.root(Root::StringCharCodeAt), self.root(Root::ArrayPush));
        let array_prototype = self.no_elements_protector.then(|| self.root(Root::ArrayPrototype));
        self.stub_cache.sync(self.gc_epoch());
        'frames: loop {
            let code = HeapObject::from_tagged(self.heap.js_stack[frame_fp + BYTECODE]);
            let pool = code.read_tagged(bytecode_array::CONSTANT_POOL_OFFSET);
            let vector = code.read_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET);
            let (stack, mut lab) = self.heap.stack_and_linear_allocator();
            let frame = &mut stack[frame_fp..];
            let context_at = |frame: &[Tagged], depth: usize| (0..depth).fold(frame[CONTEXT], |c, _| fixed_get(c, context::PREVIOUS_INDEX));
            let smi = |v: i64| Tagged::try_smi(v);
            loop {
                let at = CODE_START + p;
                let reg = |offset: usize| code.read_u16(at + offset) as usize;
                let target = || code.read_u32(at + 1) as usize;
                match code.read_u8(at) {
                    LDA_ZERO => {
                        a = Tagged::smi(0);
                        p += 1;
                    }
                    LDA_SMI => match smi(code.read_i32(at + 1) as i64) {
                        Some(v) => {
                            a = v;
                            p += WORD;
                        }
                        None => break 'frames,
                    },
                    LDA_UNDEFINED => {
                        a = undefined;
                        p += 1;
                    }
                    LDA_NULL => {
                        a = null;
                        p += 1;
                    }
                    LDA_TRUE => {
                        a = t;
                        p += 1;
                    }
                    LDA_FALSE => {
                        a = f;
                        p += 1;
                    }
                    LDA_CONSTANT => {
                        let index = code.read_u32(at + 1) as usize;
                        if index >= fixed_len(pool) {
                            break 'frames;
                        }
                        a = fixed_get(pool, index);
                        p += WORD;
                    }
                    LDAR => {
                        a = frame[HEADER + reg(1)];
                        p += REG;
                    }
                    STAR => {
                        frame[HEADER + reg(1)] = a;
                        p += REG;
                    }
                    MOV => {
                        frame[HEADER + reg(3)] = frame[HEADER + reg(1)];
                        p += REG_REG;
                    }
                    ADD | SUB | MUL | DIV | MOD | BITWISE_AND | BITWISE_OR | BITWISE_XOR | SHIFT_LEFT | SHIFT_RIGHT
                    | SHIFT_RIGHT_LOGICAL => {
                        let lhs = frame[HEADER + reg(1)];
                        let op = code.read_u8(at);
                        let small = if lhs.is_smi() && a.is_smi() {
                            smi_binary_op(op, lhs.smi_value(), a.smi_value())
                        } else {
                            None
                        };
                        a = match small {
                            Some(v) => v,
                            None => {
                                let (Some(x), Some(y), Some(opcode)) = (
                                    number_of(lhs, heap_number_map),
                                    number_of(a, heap_number_map),
                                    Opcode::from_byte(op),
                                ) else {
                                    break 'frames;
                                };
                                match number_tagged(number_binary_op(opcode, x, y), &mut lab) {
                                    Some(v) => v,
                                    None => break 'frames,
                                }
                            }
                        };
                        p += REG_SLOT;
                    }
                    INC | DEC => {
                        let delta = if code.read_u8(at) == INC { 1 } else { -1 };
                        let small = if a.is_smi() { smi(a.smi_value() as i64 + delta) } else { None };
                        a = match small {
                            Some(v) => v,
                            None => {
                                let Some(x) = number_of(a, heap_number_map) else {
                                    break 'frames;
                                };
                                match number_tagged(x + delta as f64, &mut lab) {
                                    Some(v) => v,
                                    None => break 'frames,
                                }
                            }
                        };
                        p += WORD;
                    }
                    TO_NUMERIC => {
                        if number_of(a, heap_number_map).is_none() {
                            break 'frames;
                        }
                        p += WORD;
                    }
                    TEST_EQUAL_STRICT => {
                        let lhs = frame[HEADER + reg(1)];
                        // Identity decides for two Smis, and whenever one side is undefined,
                        // null or a boolean (each equals only itself); two Numbers compare
                        // by value; two strings need the general path.
                        let oddball = |v: Tagged| v == undefined || v == null || v == t || v == f;
                        let equal = if (lhs.is_smi() && a.is_smi()) || oddball(lhs) || oddball(a) {
                            lhs == a
                        } else if let (Some(x), Some(y)) = (number_of(lhs, heap_number_map), number_of(a, heap_number_map)) {
                            x == y
                        } else {
                            break 'frames;
                        };
                        a = if equal { t } else { f };
                        p += REG_SLOT;
                    }
                    TEST_LESS_THAN | TEST_GREATER_THAN | TEST_LESS_THAN_OR_EQUAL | TEST_GREATER_THAN_OR_EQUAL => {
                        let lhs = frame[HEADER + reg(1)];
                        let op = code.read_u8(at);
                        let r = if lhs.is_smi() && a.is_smi() {
                            compare(op, lhs.smi_value(), a.smi_value())
                        } else if let (Some(x), Some(y)) = (number_of(lhs, heap_number_map), number_of(a, heap_number_map)) {
                            compare(op, x, y)
                        } else {
                            break 'frames;
                        };
                        a = if r { t } else { f };
                        p += REG_SLOT;
                    }
                    LDA_CONTEXT_SLOT => {
                        let c = context_at(frame, reg(1));
                        a = fixed_get(c, context::HEADER_SLOTS + code.read_u32(at + 3) as usize);
                        p += DEPTH_INDEX;
                    }
                    STA_CONTEXT_SLOT => {
                        let c = context_at(frame, reg(1));
                        fixed_set(c, context::HEADER_SLOTS + code.read_u32(at + 3) as usize, a);
                        p += DEPTH_INDEX;
                    }
                    GET_NAMED_PROPERTY => {
                        let receiver = frame[HEADER + reg(1)];
                        let name = fixed_get(pool, code.read_u32(at + 3) as usize);
                        let probe = IcProbe {
                            stub_cache: &self.stub_cache,
                            fixed_array_map,
                            undefined,
                        };
                        match load_without_call(&probe, vector, code.read_u32(at + 7) as usize, receiver, name) {
                            Some(v) => a = v,
                            None => break 'frames,
                        }
                        p += REG_CONST_SLOT;
                    }
                    SET_NAMED_PROPERTY => {
                        let receiver = frame[HEADER + reg(1)];
                        let name = fixed_get(pool, code.read_u32(at + 3) as usize);
                        let probe = IcProbe {
                            stub_cache: &self.stub_cache,
                            fixed_array_map,
                            undefined,
                        };
                        if !store_without_call(&probe, vector, code.read_u32(at + 7) as usize, receiver, name, a, heap_number_map) {
                            break 'frames;
                        }
                        p += REG_CONST_SLOT;
                    }
                    LDA_GLOBAL => {
                        match global_ic_load(&globals, vector, code.read_u32(at + 5) as usize) {
                            Some(v) => a = v,
                            None => break 'frames,
                        }
                        p += WORD + 4;
                    }
                    JUMP => p = target(),
                    JUMP_LOOP => {
                        if self.terminate_requested.load(std::sync::atomic::Ordering::Relaxed) {
                            break 'frames;
                        }
                        p = target();
                    }
                    JUMP_IF_TRUE => p = if a == t { target() } else { p + WORD },
                    JUMP_IF_FALSE => p = if a == f { target() } else { p + WORD },
                    JUMP_IF_UNDEFINED => p = if a == undefined { target() } else { p + WORD },
                    JUMP_IF_NOT_UNDEFINED => p = if a != undefined { target() } else { p + WORD },
                    JUMP_IF_TO_BOOLEAN_TRUE | JUMP_IF_TO_BOOLEAN_FALSE => {
                        let truthy = if a.is_smi() {
                            a.smi_value() != 0
                        } else if a == t {
                            true
                        } else if a == f || a == undefined || a == null {
                            false
                        } else {
                            break 'frames;
                        };
                        let jump_if = code.read_u8(at) == JUMP_IF_TO_BOOLEAN_TRUE;
                        p = if truthy == jump_if { target() } else { p + WORD };
                    }
                    STA_GLOBAL => {
                        if !global_ic_store(&globals, vector, code.read_u32(at + 5) as usize, a) {
                            break 'frames;
                        }
                        p += WORD + 4;
                    }
                    GET_KEYED_PROPERTY => {
                        let loaded = match load_element_in_place(frame[HEADER + reg(1)], a, hole) {
                            Some(InPlace::Value(v)) => Some(v),
                            Some(InPlace::Double(d)) => number_tagged(d, &mut lab),
                            None => None,
                        };
                        match loaded {
                            Some(v) => a = v,
                            None => break 'frames,
                        }
                        p += REG_SLOT;
                    }
                    SET_KEYED_PROPERTY => {
                        if !store_element_in_place(frame[HEADER + reg(1)], frame[HEADER + reg(3)], a, hole, heap_number_map) {
                            break 'frames;
                        }
                        p += REG_REG + 4;
                    }
                    LOGICAL_NOT => {
                        a = if a == t { f } else { t };
                        p += 1;
                    }
                    TO_BOOLEAN_LOGICAL_NOT => {
                        let truthy = if a.is_smi() {
                            a.smi_value() != 0
                        } else if a == t {
                            true
                        } else if a == f || a == undefined || a == null {
                            false
                        } else {
                            break 'frames;
                        };
                        a = if truthy { f } else { t };
                        p += 1;
                    }
                    CONSTRUCT => {
                        let callee = frame[HEADER + reg(1)];
                        if a != callee {
                            break 'frames;
                        }
                        let (first, argc) = (reg(3), reg(5));
                        frame[PC] = Tagged::smi(p as i32);
                        debug_assert_eq!(frame.len(), frame_length(code, frame[ARGC].smi_value() as usize));
                        match self.push_construct_frame_fast(frame_fp, callee, frame_fp + HEADER + first, argc) {
                            Some(callee_fp) => {
                                frame_fp = callee_fp;
                                p = 0;
                                continue 'frames;
                            }
                            None => break 'frames,
                        }
                    }
                    THROW_REFERENCE_ERROR_IF_HOLE => {
                        if a == hole {
                            break 'frames;
                        }
                        p += WORD;
                    }
                    CALL_PROPERTY | CALL_UNDEFINED_RECEIVER => {
                        let callee = frame[HEADER + reg(1)];
                        let (first, count) = (reg(3), reg(5));
                        let (receiver, args_from, argc) = if code.read_u8(at) == CALL_PROPERTY {
                            (frame[HEADER + first], first + 1, count.saturating_sub(1))
                        } else {
                            (undefined, first, count)
                        };
                        // `s.charCodeAt(i)` of a flat string and an index inside it.
                        if callee == char_code_at && argc >= 1 {
                            let position = frame[HEADER + args_from];
                            if is_string(receiver)
                                && position.is_smi()
                                && position.smi_value() >= 0
                                && let Some(unit) = flat_code_unit_at(receiver, position.smi_value() as usize)
                            {
                                a = Tagged::smi(unit as i32);
                                p += CALL;
                                continue;
                            }
                        }
                        if callee == array_push
                            && argc == 1
                            && let Some(length) = push_in_place(receiver, frame[HEADER + args_from], array_prototype, heap_number_map)
                        {
                            a = length;
                            p += CALL;
                            continue;
                        }
                        frame[PC] = Tagged::smi(p as i32);
                        debug_assert_eq!(frame.len(), frame_length(code, frame[ARGC].smi_value() as usize));
                        match self.push_call_frame_fast(
                            frame_fp as i32,
                            CALLED_FROM_FAST_LOOP,
                            callee,
                            receiver,
                            CallArgs::OnStack(frame_fp + HEADER + args_from, argc),
                        ) {
                            Some(callee_fp) => {
                                frame_fp = callee_fp;
                                p = 0;
                                continue 'frames;
                            }
                            None => break 'frames,
                        }
                    }
                    RETURN => {
                        // Derived constructors check what they return: the general path.
                        if frame[NEW_TARGET] != undefined && !is_js_receiver(a) {
                            // [[Construct]] of a base constructor yields the receiver unless
                            // the body returned an object.
                            let bits =
                                HeapObject::from_tagged(HeapObject::from_tagged(frame[FUNCTION]).read_tagged(js_function::SHARED_OFFSET))
                                    .read_tagged(shared::FLAGS_OFFSET)
                                    .smi_value();
                            if (1 << (bits & shared::KIND_MASK)) & BASE_CONSTRUCTOR_KINDS == 0 {
                                break 'frames;
                            }
                            a = frame[HEADER];
                        }
                        let caller = frame[CALLER_FP].smi_value();
                        let flags = frame[FLAGS].smi_value();
                        if flags == FLAG_ENTRY {
                            // The frame this loop was entered for (deeper entry frames run
                            // in loops of their own) returns to Rust.
                            self.truncate_stack(frame_fp);
                            self.top_fp = if caller < 0 { usize::MAX } else { caller as usize };
                            returned = true;
                            break 'frames;
                        }
                        p = self.pop_frame_fast(frame_fp, caller as usize, flags >> RETURN_OFFSET_SHIFT);
                        frame_fp = caller as usize;
                        continue 'frames;
                    }
                    _ => break 'frames,
                }
            }
        }
        *fp = frame_fp;
        *pc = p;
        *acc = a;
        returned
    }

    /// Pushes the frame of an ordinary call (new.target undefined) when nothing about it needs
    /// the general path: `callee` is a compiled JS function that may be called without `new`,
    /// the receiver needs no boxing, the stack has room and no interrupt is pending. Returns
    /// the new frame's fp, or `None` to leave the call to `push_js_frame`'s general path.
    #[inline(always)]
    pub(crate) fn push_call_frame_fast(
        &mut self,
        caller: i32,
        flags: i32,
        callee: Tagged,
        receiver: Tagged,
        args: CallArgs<'_>,
    ) -> Option<usize> {
        let (_, code, bits) = compiled_function(callee)?;
        let kind = 1 << (bits & shared::KIND_MASK);
        if kind & CLASS_CONSTRUCTOR_KINDS != 0 {
            return None;
        }
        let receiver = if kind & SLOPPY_THIS_KINDS != 0 && bits & shared::STRICT_BIT == 0 && !self.is_object(receiver) {
            // Sloppy functions see undefined/null `this` as the global object; boxing a
            // primitive allocates, which the general path does.
            if !self.is_nullish(receiver) {
                return None;
            }
            self.root(Root::GlobalObject)
        } else {
            receiver
        };
        if !self.frame_fits(code, args.count()) {
            return None;
        }
        let undefined = self.undefined();
        Some(self.write_frame(callee, code, undefined, caller, flags, receiver, args))
    }

    /// Pushes the frame of `new callee(...)` from the frame at `caller_fp` when `callee` is a
    /// compiled base constructor whose initial map has finished slack tracking and the new
    /// object fits the linear allocation area (it is allocated here, without a GC). `None`
    /// leaves the construct to the general path.
    #[inline(always)]
    fn push_construct_frame_fast(&mut self, caller_fp: usize, callee: Tagged, args_at: usize, argc: usize) -> Option<usize> {
        let (function, code, bits) = compiled_function(callee)?;
        if (1 << (bits & shared::KIND_MASK)) & BASE_CONSTRUCTOR_KINDS == 0 || !self.frame_fits(code, argc) {
            return None;
        }
        let map = function.read_tagged(js_function::PROTOTYPE_OR_INITIAL_MAP_OFFSET);
        if !map.is_heap_object()
            || HeapObject::from_tagged(map).map().instance_type() != InstanceType::Map
            || HeapObject::from_tagged(map).read_u16(map_layout::INSTANCE_TYPE_OFFSET) != InstanceType::JsObject as u16
            || shape::construction_counter(map) != 0
        {
            return None;
        }
        let size = HeapObject::from_tagged(map).read_u8(map_layout::INSTANCE_SIZE_IN_WORDS_OFFSET) as usize * 4;
        let (_, mut lab) = self.heap.stack_and_linear_allocator();
        let receiver = lab.js_object(map, size, shape::in_object_start_words(map))?;
        Some(self.write_frame(
            callee,
            code,
            callee,
            caller_fp as i32,
            CALLED_FROM_FAST_LOOP,
            receiver,
            CallArgs::OnStack(args_at, argc),
        ))
    }

    /// Whether a frame for `code` with `argc` arguments fits the JS stack, and no interrupt is
    /// pending (calls are where termination requests are seen).
    #[inline(always)]
    fn frame_fits(&self, code: HeapObject, argc: usize) -> bool {
        self.stack_mark() + frame_length(code, argc) <= self.stack_limit && !self.interrupt_requested()
    }

    /// Pops the (non-entry) frame at `fp` back to its caller's frame and returns the
    /// caller's pc after its call instruction, whose size `return_offset` gives when the
    /// fast loop pushed the frame (0: look it up).
    #[inline(always)]
    fn pop_frame_fast(&mut self, fp: usize, caller: usize, return_offset: i32) -> usize {
        self.truncate_stack(fp);
        self.top_fp = caller;
        let call_pc = self.heap.js_stack[caller + PC].smi_value() as usize;
        if return_offset != 0 {
            return call_pc + return_offset as usize;
        }
        let code = HeapObject::from_tagged(self.heap.js_stack[caller + BYTECODE]);
        let end = self.frame_end(caller);
        self.truncate_stack(end);
        call_pc + instruction_sizes()[code.read_u8(CODE_START + call_pc) as usize] as usize
    }
}

/// A binary operator on two Smis when the result is a Smi; `None` when it is not (an
/// overflow, -0, a fraction, a negative remainder): the Number path decides those.
#[inline(always)]
fn smi_binary_op(op: u8, x: i32, y: i32) -> Option<Tagged> {
    let r = match op {
        ADD => x as i64 + y as i64,
        SUB => x as i64 - y as i64,
        // A zero product with a negative factor is -0, not a Smi.
        MUL if (x < 0 || y < 0) && (x == 0 || y == 0) => return None,
        MUL => x as i64 * y as i64,
        MOD if x < 0 || y <= 0 => return None,
        MOD => (x % y) as i64,
        BITWISE_AND => (x & y) as i64,
        BITWISE_OR => (x | y) as i64,
        BITWISE_XOR => (x ^ y) as i64,
        SHIFT_LEFT => x.wrapping_shl(y as u32 & 31) as i64,
        SHIFT_RIGHT => (x >> (y as u32 & 31)) as i64,
        SHIFT_RIGHT_LOGICAL => ((x as u32) >> (y as u32 & 31)) as i64,
        _ => return None,
    };
    Tagged::try_smi(r)
}

/// A relational comparison (NaN compares false).
#[inline(always)]
fn compare<T: PartialOrd>(op: u8, x: T, y: T) -> bool {
    match op {
        TEST_LESS_THAN => x < y,
        TEST_GREATER_THAN => x > y,
        TEST_LESS_THAN_OR_EQUAL => x <= y,
        _ => x >= y,
    }
}

/// A Number result as a Smi, or a HeapNumber from the linear allocation area (`None` when
/// it is full: the general path allocates, and may collect).
#[inline(always)]
fn number_tagged(value: f64, lab: &mut LinearAllocator) -> Option<Tagged> {
    number_as_smi(value).or_else(|| lab.heap_number(value))
}

/// The function object, bytecode and shared-info flags of `callee` if it is a compiled JS
/// function (not a native, not another kind of callable).
#[inline(always)]
fn compiled_function(callee: Tagged) -> Option<(HeapObject, HeapObject, i32)> {
    if !callee.is_heap_object() {
        return None;
    }
    let function = HeapObject::from_tagged(callee);
    if function.map().instance_type() != InstanceType::JsFunction {
        return None;
    }
    let info = HeapObject::from_tagged(function.read_tagged(js_function::SHARED_OFFSET));
    let data = info.read_tagged(shared::FUNCTION_DATA_OFFSET);
    let bits = info.read_tagged(shared::FLAGS_OFFSET).smi_value();
    if data.is_smi() || bits & shared::NATIVE_BIT != 0 {
        return None;
    }
    Some((function, HeapObject::from_tagged(data), bits))
}
