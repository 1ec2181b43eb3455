//! A tiny reference interpreter for the compiler's bytecode, used only by tests to
//! check that compiled programs behave like JavaScript (it is not the engine's
//! interpreter: no GC, no IC, a handful of builtins, simplified conversions).
//!
//! Invariant: it follows the opcode contracts documented in `bytecode.rs` and
//! `script.rs` literally, so a behavioural difference points at the compiler.

#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;
use tagus_compiler::{CompiledScript, Constant, FunctionKind, Instruction, Opcode, Register, compile_script, decode_at};

pub type O = Rc<RefCell<Obj>>;
pub type C = Rc<RefCell<Ctx>>;
type Native = fn(&mut Vm, V, Vec<V>) -> Result<V, V>;

#[derive(Clone)]
pub enum V {
    Undef,
    Null,
    Hole,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Obj(O),
    Ctx(C),
}

pub struct Ctx {
    slots: Vec<V>,
    parent: Option<C>,
}

#[derive(Clone)]
enum Prop {
    Data(V, bool),
    Acc(Option<V>, Option<V>, bool),
}

pub enum Kind {
    Plain,
    Array(Vec<V>),
    Closure { func: u32, ctx: Option<C> },
    Native(Native),
    ArrayIter { arr: O, i: usize },
    Keys(Vec<String>),
}

pub struct Obj {
    props: Vec<(String, Prop)>,
    proto: Option<O>,
    kind: Kind,
}

pub struct Vm {
    script: Rc<CompiledScript>,
    global: O,
    object_proto: O,
    function_proto: O,
    array_proto: O,
    pub out: Vec<String>,
    steps: u64,
}

fn s(x: &str) -> V {
    V::Str(Rc::from(x))
}

fn type_error(msg: &str) -> V {
    s(&format!("TypeError: {msg}"))
}

fn new_obj(proto: Option<O>, kind: Kind) -> O {
    Rc::new(RefCell::new(Obj {
        props: Vec::new(),
        proto,
        kind,
    }))
}

pub fn truthy(v: &V) -> bool {
    match v {
        V::Undef | V::Null | V::Hole => false,
        V::Bool(b) => *b,
        V::Num(n) => *n != 0.0 && !n.is_nan(),
        V::Str(s) => !s.is_empty(),
        _ => true,
    }
}

fn num_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub fn to_str(v: &V) -> String {
    match v {
        V::Undef => "undefined".into(),
        V::Null => "null".into(),
        V::Hole => "<hole>".into(),
        V::Bool(b) => b.to_string(),
        V::Num(n) => num_to_string(*n),
        V::Str(s) => s.to_string(),
        V::Obj(o) => match &o.borrow().kind {
            Kind::Array(items) => items.iter().map(to_str).collect::<Vec<_>>().join(","),
            Kind::Closure { .. } | Kind::Native(_) => "function".into(),
            _ => "[object Object]".into(),
        },
        V::Ctx(_) => "<context>".into(),
    }
}

fn to_num(v: &V) -> f64 {
    match v {
        V::Num(n) => *n,
        V::Bool(b) => f64::from(u8::from(*b)),
        V::Null => 0.0,
        V::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    }
}

fn strict_eq(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Undef, V::Undef) | (V::Null, V::Null) => true,
        (V::Bool(x), V::Bool(y)) => x == y,
        (V::Num(x), V::Num(y)) => x == y,
        (V::Str(x), V::Str(y)) => x == y,
        (V::Obj(x), V::Obj(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

fn loose_eq(a: &V, b: &V) -> bool {
    match (a, b) {
        (V::Undef | V::Null, V::Undef | V::Null) => true,
        (V::Num(_), V::Str(_)) | (V::Str(_), V::Num(_)) => to_num(a) == to_num(b),
        _ => strict_eq(a, b),
    }
}

fn index_of(key: &str) -> Option<usize> {
    if key == "0" || (!key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit())) {
        key.parse().ok()
    } else {
        None
    }
}

fn own_prop(o: &O, key: &str) -> Option<Prop> {
    let b = o.borrow();
    if let Kind::Array(items) = &b.kind {
        if key == "length" {
            return Some(Prop::Data(V::Num(items.len() as f64), false));
        }
        if let Some(i) = index_of(key) {
            return match items.get(i) {
                Some(V::Hole) | None => None,
                Some(v) => Some(Prop::Data(v.clone(), true)),
            };
        }
    }
    b.props.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone())
}

fn define(o: &O, key: &str, prop: Prop) {
    let mut b = o.borrow_mut();
    if let Kind::Array(items) = &mut b.kind
        && let Some(i) = index_of(key)
        && let Prop::Data(v, _) = &prop
    {
        if items.len() <= i {
            items.resize(i + 1, V::Hole);
        }
        items[i] = v.clone();
        return;
    }
    match b.props.iter().position(|(k, _)| k == key) {
        Some(idx) => {
            let merged = match (&b.props[idx].1, prop) {
                (Prop::Acc(g, _, _), Prop::Acc(None, Some(set), e)) => Prop::Acc(g.clone(), Some(set), e),
                (Prop::Acc(_, st, _), Prop::Acc(Some(get), None, e)) => Prop::Acc(Some(get), st.clone(), e),
                (_, p) => p,
            };
            b.props[idx].1 = merged;
        }
        None => b.props.push((key.to_string(), prop)),
    }
}

impl Vm {
    pub fn new(script: CompiledScript) -> Vm {
        let object_proto = new_obj(None, Kind::Plain);
        let function_proto = new_obj(Some(object_proto.clone()), Kind::Plain);
        let array_proto = new_obj(Some(object_proto.clone()), Kind::Plain);
        let global = new_obj(Some(object_proto.clone()), Kind::Plain);
        let mut vm = Vm {
            script: Rc::new(script),
            global,
            object_proto,
            function_proto,
            array_proto,
            out: Vec::new(),
            steps: 0,
        };
        let print = vm.native(|vm, _, args| {
            let line = args.iter().map(to_str).collect::<Vec<_>>().join(" ");
            vm.out.push(line);
            Ok(V::Undef)
        });
        define(&vm.global.clone(), "print", Prop::Data(print, false));
        let push = vm.native(|_, this, args| match &this {
            V::Obj(o) => {
                if let Kind::Array(items) = &mut o.borrow_mut().kind {
                    items.extend(args);
                    return Ok(V::Num(items.len() as f64));
                }
                Err(type_error("push on non-array"))
            }
            _ => Err(type_error("push on non-array")),
        });
        define(&vm.array_proto.clone(), "push", Prop::Data(push, false));
        define(&vm.global.clone(), "undefined", Prop::Data(V::Undef, false));
        vm
    }

    fn native(&mut self, f: Native) -> V {
        V::Obj(new_obj(Some(self.function_proto.clone()), Kind::Native(f)))
    }

    fn array(&self, items: Vec<V>) -> V {
        V::Obj(new_obj(Some(self.array_proto.clone()), Kind::Array(items)))
    }

    /// Compile and run a script; returns the printed lines or the uncaught exception.
    pub fn run_source(source: &str) -> Result<Vec<String>, String> {
        let script = compile_script(source, "t.js").map_err(|e| e.to_string())?;
        tagus_compiler::verify_script(&script).map_err(|e| format!("verify: {e}"))?;
        let mut vm = Vm::new(script);
        match vm.run_function(0, None, V::Obj(vm.global.clone()), Vec::new(), V::Undef, V::Undef) {
            Ok(_) => Ok(vm.out),
            Err(e) => Err(format!("uncaught {}", to_str(&e))),
        }
    }

    fn get(&mut self, obj: &V, key: &str) -> Result<V, V> {
        let start = match obj {
            V::Obj(o) => o.clone(),
            V::Str(st) => {
                return Ok(if key == "length" {
                    V::Num(st.chars().count() as f64)
                } else {
                    V::Undef
                });
            }
            V::Undef | V::Null => {
                return Err(type_error(&format!("Cannot read properties of {} (reading '{key}')", to_str(obj))));
            }
            _ => return Ok(V::Undef),
        };
        self.get_from(start, obj.clone(), key)
    }

    fn get_from(&mut self, start: O, receiver: V, key: &str) -> Result<V, V> {
        let mut cur = Some(start);
        while let Some(o) = cur {
            match own_prop(&o, key) {
                Some(Prop::Data(v, _)) => return Ok(v),
                Some(Prop::Acc(g, _, _)) => {
                    return match g {
                        Some(g) => self.call(g, receiver, Vec::new()),
                        None => Ok(V::Undef),
                    };
                }
                None => cur = o.borrow().proto.clone(),
            }
        }
        Ok(V::Undef)
    }

    fn set(&mut self, obj: &V, key: &str, value: V) -> Result<(), V> {
        let V::Obj(o) = obj else {
            return match obj {
                V::Undef | V::Null => Err(type_error(&format!("Cannot set properties of {}", to_str(obj)))),
                _ => Ok(()),
            };
        };
        let mut cur = Some(o.clone());
        while let Some(c) = cur {
            if let Some(Prop::Acc(_, st, _)) = own_prop(&c, key) {
                if let Some(st) = st {
                    self.call(st, obj.clone(), vec![value])?;
                }
                return Ok(());
            }
            if own_prop(&c, key).is_some() {
                break;
            }
            cur = c.borrow().proto.clone();
        }
        define(o, key, Prop::Data(value, true));
        Ok(())
    }

    fn key(&mut self, v: &V) -> String {
        to_str(v)
    }

    fn make_closure(&mut self, func: u32, ctx: Option<C>) -> V {
        let f = new_obj(Some(self.function_proto.clone()), Kind::Closure { func, ctx });
        let kind = self.script.functions[func as usize].kind;
        if kind == FunctionKind::Normal {
            let proto = new_obj(Some(self.object_proto.clone()), Kind::Plain);
            define(&proto, "constructor", Prop::Data(V::Obj(f.clone()), false));
            define(&f, "prototype", Prop::Data(V::Obj(proto), false));
        }
        V::Obj(f)
    }

    pub fn call(&mut self, f: V, this: V, args: Vec<V>) -> Result<V, V> {
        let V::Obj(o) = &f else {
            return Err(type_error(&format!("{} is not a function", to_str(&f))));
        };
        let target = match &o.borrow().kind {
            Kind::Native(n) => Err(*n),
            Kind::Closure { func, ctx } => Ok((*func, ctx.clone())),
            _ => return Err(type_error("not a function")),
        };
        match target {
            Err(native) => native(self, this, args),
            Ok((func, ctx)) => {
                let kind = self.script.functions[func as usize].kind;
                if matches!(kind, FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor) {
                    return Err(type_error("Class constructor cannot be invoked without 'new'"));
                }
                self.run_function(func, ctx, this, args, V::Undef, f.clone())
            }
        }
    }

    fn construct(&mut self, f: V, args: Vec<V>, new_target: V) -> Result<V, V> {
        let V::Obj(o) = &f else {
            return Err(type_error("not a constructor"));
        };
        let (func, ctx) = match &o.borrow().kind {
            Kind::Closure { func, ctx } => (*func, ctx.clone()),
            _ => return Err(type_error("not a constructor")),
        };
        let kind = self.script.functions[func as usize].kind;
        if !kind.is_constructor() {
            return Err(type_error("not a constructor"));
        }
        if kind == FunctionKind::DerivedConstructor {
            let r = self.run_function(func, ctx, V::Hole, args, new_target, f.clone())?;
            return match r {
                V::Obj(_) => Ok(r),
                _ => Err(type_error("Derived constructors may only return object or undefined")),
            };
        }
        let proto = match self.get(&new_target, "prototype")? {
            V::Obj(p) => p,
            _ => self.object_proto.clone(),
        };
        let this = V::Obj(new_obj(Some(proto), Kind::Plain));
        let r = self.run_function(func, ctx, this.clone(), args, new_target, f.clone())?;
        Ok(if matches!(r, V::Obj(_)) { r } else { this })
    }

    fn iterate(&mut self, v: V) -> Result<Vec<V>, V> {
        let iter = self.get_iterator(v)?;
        let next = self.get(&iter, "next")?;
        let mut out = Vec::new();
        loop {
            let r = self.call(next.clone(), iter.clone(), Vec::new())?;
            if truthy(&self.get(&r, "done")?) {
                return Ok(out);
            }
            out.push(self.get(&r, "value")?);
        }
    }

    fn get_iterator(&mut self, v: V) -> Result<V, V> {
        let arr = match &v {
            V::Obj(o) if matches!(o.borrow().kind, Kind::Array(_)) => o.clone(),
            V::Str(st) => match self.array(st.chars().map(|c| s(&c.to_string())).collect()) {
                V::Obj(o) => o,
                _ => unreachable!(),
            },
            V::Obj(o) if matches!(o.borrow().kind, Kind::ArrayIter { .. }) => return Ok(v.clone()),
            _ => return Err(type_error(&format!("{} is not iterable", to_str(&v)))),
        };
        let it = new_obj(Some(self.object_proto.clone()), Kind::ArrayIter { arr, i: 0 });
        let next = self.native(|vm, this, _| {
            let V::Obj(it) = &this else {
                return Err(type_error("bad iterator"));
            };
            let mut b = it.borrow_mut();
            let Kind::ArrayIter { arr, i } = &mut b.kind else {
                return Err(type_error("bad iterator"));
            };
            let item = match &arr.borrow().kind {
                Kind::Array(items) => items.get(*i).cloned(),
                _ => None,
            };
            *i += 1;
            drop(b);
            let r = new_obj(Some(vm.object_proto.clone()), Kind::Plain);
            define(&r, "done", Prop::Data(V::Bool(item.is_none()), true));
            define(
                &r,
                "value",
                Prop::Data(
                    match item {
                        Some(V::Hole) | None => V::Undef,
                        Some(v) => v,
                    },
                    true,
                ),
            );
            Ok(V::Obj(r))
        });
        define(&it, "next", Prop::Data(next, false));
        Ok(V::Obj(it))
    }

    fn run_function(&mut self, func: u32, ctx: Option<C>, this: V, args: Vec<V>, new_target: V, closure: V) -> Result<V, V> {
        let script = self.script.clone();
        let code = &script.functions[func as usize];
        let mut regs = vec![V::Undef; code.frame_size() as usize];
        regs[0] = this;
        for (i, a) in args.iter().take(code.param_count as usize).enumerate() {
            regs[1 + i] = a.clone();
        }
        let mut context = ctx;
        let mut acc = V::Undef;
        let mut pc = 0u32;
        loop {
            self.steps += 1;
            if self.steps > 5_000_000 {
                return Err(s("step limit"));
            }
            let insn = decode_at(&code.bytecode, pc).map_err(|e| s(&e.to_string()))?;
            let next_pc = insn.next_offset();
            let step = self.step(&insn, code, &mut regs, &mut acc, &mut context, &args, &new_target, &closure);
            match step {
                Ok(Flow::Next) => pc = next_pc,
                Ok(Flow::Jump(t)) => pc = t,
                Ok(Flow::Return) => return Ok(acc),
                Err(exc) => match code.find_handler(pc) {
                    Some(h) => {
                        context = match &regs[h.context_register as usize] {
                            V::Ctx(c) => Some(c.clone()),
                            _ => None,
                        };
                        acc = exc;
                        pc = h.handler;
                    }
                    None => return Err(exc),
                },
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        i: &Instruction,
        code: &tagus_compiler::FunctionCode,
        regs: &mut [V],
        acc: &mut V,
        context: &mut Option<C>,
        args: &[V],
        new_target: &V,
        closure: &V,
    ) -> Result<Flow, V> {
        let r = |n: usize| i.reg(n).0 as usize;
        let cst = |n: usize| &code.constants[i.operand(n) as usize];
        let cstr = |n: usize| match cst(n) {
            Constant::String(x) => x.clone(),
            _ => String::new(),
        };
        let list = |regs: &[V], start: Register, count: u32| -> Vec<V> {
            (0..count as usize).map(|k| regs[start.0 as usize + k].clone()).collect()
        };
        let ctx_at = |context: &Option<C>, depth: u32| -> C {
            let mut c = context.clone().expect("context");
            for _ in 0..depth {
                let p = c.borrow().parent.clone().expect("parent context");
                c = p;
            }
            c
        };
        use Opcode::*;
        match i.opcode {
            LdaZero => *acc = V::Num(0.0),
            LdaSmi => *acc = V::Num(f64::from(i.imm(0))),
            LdaUndefined => *acc = V::Undef,
            LdaNull => *acc = V::Null,
            LdaTheHole => *acc = V::Hole,
            LdaTrue => *acc = V::Bool(true),
            LdaFalse => *acc = V::Bool(false),
            LdaConstant => {
                *acc = match cst(0) {
                    Constant::Number(n) => V::Num(*n),
                    Constant::String(x) => s(x),
                    _ => V::Undef,
                }
            }
            Ldar => *acc = regs[r(0)].clone(),
            Star => regs[r(0)] = acc.clone(),
            Mov => regs[r(1)] = regs[r(0)].clone(),
            LdaGlobal | LdaGlobalInsideTypeof => {
                let name = cstr(0);
                let g = self.global.clone();
                match own_prop(&g, &name) {
                    Some(_) => *acc = self.get(&V::Obj(g), &name)?,
                    None if i.opcode == LdaGlobalInsideTypeof => *acc = V::Undef,
                    None => return Err(s(&format!("ReferenceError: {name} is not defined"))),
                }
            }
            StaGlobal => {
                let name = cstr(0);
                if code.is_strict && own_prop(&self.global, &name).is_none() {
                    return Err(s(&format!("ReferenceError: {name} is not defined")));
                }
                let g = V::Obj(self.global.clone());
                self.set(&g, &name, acc.clone())?;
            }
            DeclareGlobals => {
                if let Constant::GlobalDeclarations(d) = cst(0) {
                    for decl in d {
                        if own_prop(&self.global, &decl.name).is_none() {
                            define(&self.global, &decl.name, Prop::Data(V::Undef, true));
                        }
                    }
                }
            }
            LdaContextSlot => *acc = ctx_at(context, i.operand(0)).borrow().slots[i.operand(1) as usize].clone(),
            StaContextSlot => ctx_at(context, i.operand(0)).borrow_mut().slots[i.operand(1) as usize] = acc.clone(),
            PushContext => {
                regs[r(0)] = context.clone().map_or(V::Undef, V::Ctx);
                *context = match acc {
                    V::Ctx(c) => Some(c.clone()),
                    _ => None,
                };
            }
            PopContext => {
                *context = match &regs[r(0)] {
                    V::Ctx(c) => Some(c.clone()),
                    _ => None,
                }
            }
            SaveContext => regs[r(0)] = context.clone().map_or(V::Undef, V::Ctx),
            CreateFunctionContext | CreateBlockContext | CreateScriptContext => {
                let n = match cst(0) {
                    Constant::ScopeInfo(si) => si.slots.len(),
                    _ => 0,
                };
                *acc = V::Ctx(Rc::new(RefCell::new(Ctx {
                    slots: vec![V::Undef; n],
                    parent: context.clone(),
                })));
            }
            LdaCurrentFunction => *acc = closure.clone(),
            LdaNewTarget => *acc = new_target.clone(),
            CreateClosure => {
                let Constant::Function(f) = cst(0) else {
                    return Err(s("bad closure"));
                };
                *acc = self.make_closure(*f, context.clone());
            }
            // This model's `arguments` is a plain array: mapped ones do not alias parameters.
            CreateArguments | CreateMappedArguments => *acc = self.array(args.to_vec()),
            CreateRestParameter => *acc = self.array(args.iter().skip(i.operand(0) as usize).cloned().collect()),
            Add => {
                let a = regs[r(0)].clone();
                *acc = match (&a, &*acc) {
                    (V::Num(x), V::Num(y)) => V::Num(x + y),
                    (V::Str(_), _) | (_, V::Str(_)) | (V::Obj(_), _) | (_, V::Obj(_)) => s(&(to_str(&a) + &to_str(acc))),
                    _ => V::Num(to_num(&a) + to_num(acc)),
                }
            }
            Sub | Mul | Div | Mod | Exp | BitwiseOr | BitwiseXor | BitwiseAnd | ShiftLeft | ShiftRight | ShiftRightLogical => {
                let (x, y) = (to_num(&regs[r(0)]), to_num(acc));
                let (xi, yi) = (x as i64 as i32, y as i64 as i32);
                *acc = V::Num(match i.opcode {
                    Sub => x - y,
                    Mul => x * y,
                    Div => x / y,
                    Mod => x % y,
                    Exp => x.powf(y),
                    BitwiseOr => f64::from(xi | yi),
                    BitwiseXor => f64::from(xi ^ yi),
                    BitwiseAnd => f64::from(xi & yi),
                    ShiftLeft => f64::from(xi.wrapping_shl(yi as u32 & 31)),
                    ShiftRight => f64::from(xi >> (yi as u32 & 31)),
                    _ => f64::from((xi as u32) >> (yi as u32 & 31)),
                });
            }
            Inc => *acc = V::Num(to_num(acc) + 1.0),
            Dec => *acc = V::Num(to_num(acc) - 1.0),
            Negate => *acc = V::Num(-to_num(acc)),
            BitwiseNot => *acc = V::Num(f64::from(!(to_num(acc) as i64 as i32))),
            ToNumeric | ToNumber => *acc = V::Num(to_num(acc)),
            LogicalNot | ToBooleanLogicalNot => *acc = V::Bool(!truthy(acc)),
            TypeOf => {
                *acc = s(match &*acc {
                    V::Undef => "undefined",
                    V::Null => "object",
                    V::Bool(_) => "boolean",
                    V::Num(_) => "number",
                    V::Str(_) => "string",
                    V::Obj(o) if matches!(o.borrow().kind, Kind::Closure { .. } | Kind::Native(_)) => "function",
                    _ => "object",
                })
            }
            ToName | ToString => *acc = s(&to_str(acc)),
            DeletePropertyStrict | DeletePropertySloppy => {
                let key = self.key(acc);
                if let V::Obj(o) = &regs[r(0)] {
                    o.borrow_mut().props.retain(|(k, _)| *k != key);
                }
                *acc = V::Bool(true);
            }
            DeleteGlobal => *acc = V::Bool(true),
            TestEqual => *acc = V::Bool(loose_eq(&regs[r(0)], acc)),
            TestEqualStrict => *acc = V::Bool(strict_eq(&regs[r(0)], acc)),
            TestLessThan | TestGreaterThan | TestLessThanOrEqual | TestGreaterThanOrEqual => {
                let (a, b) = (&regs[r(0)], &*acc);
                let ord = match (a, b) {
                    (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
                    _ => to_num(a).partial_cmp(&to_num(b)),
                };
                use std::cmp::Ordering::*;
                *acc = V::Bool(match (i.opcode, ord) {
                    (_, None) => false,
                    (TestLessThan, Some(o)) => o == Less,
                    (TestGreaterThan, Some(o)) => o == Greater,
                    (TestLessThanOrEqual, Some(o)) => o != Greater,
                    (_, Some(o)) => o != Less,
                });
            }
            TestInstanceOf => {
                let proto = self.get(acc, "prototype")?;
                let mut cur = match &regs[r(0)] {
                    V::Obj(o) => o.borrow().proto.clone(),
                    _ => None,
                };
                let mut found = false;
                while let Some(c) = cur {
                    if let V::Obj(p) = &proto
                        && Rc::ptr_eq(&c, p)
                    {
                        found = true;
                        break;
                    }
                    cur = c.borrow().proto.clone();
                }
                *acc = V::Bool(found);
            }
            TestIn => {
                let key = self.key(&regs[r(0)]);
                let V::Obj(o) = acc.clone() else {
                    return Err(type_error("in on non-object"));
                };
                let mut cur = Some(o);
                let mut found = false;
                while let Some(c) = cur {
                    if own_prop(&c, &key).is_some() {
                        found = true;
                        break;
                    }
                    cur = c.borrow().proto.clone();
                }
                *acc = V::Bool(found);
            }
            GetNamedProperty => *acc = self.get(&regs[r(0)].clone(), &cstr(1))?,
            GetKeyedProperty => {
                let key = self.key(acc);
                *acc = self.get(&regs[r(0)].clone(), &key)?;
            }
            SetNamedProperty => self.set(&regs[r(0)].clone(), &cstr(1), acc.clone())?,
            SetKeyedProperty => {
                let key = self.key(&regs[r(1)]);
                self.set(&regs[r(0)].clone(), &key, acc.clone())?;
            }
            DefineNamedOwnProperty => {
                if let V::Obj(o) = &regs[r(0)] {
                    define(o, &cstr(1), Prop::Data(acc.clone(), true));
                }
            }
            DefineKeyedOwnProperty => {
                let key = self.key(&regs[r(1)]);
                if let V::Obj(o) = &regs[r(0)] {
                    define(o, &key, Prop::Data(acc.clone(), i.operand(2) & 1 == 0));
                }
            }
            DefineGetter | DefineSetter => {
                let key = self.key(&regs[r(1)]);
                let p = if i.opcode == DefineGetter {
                    Prop::Acc(Some(acc.clone()), None, true)
                } else {
                    Prop::Acc(None, Some(acc.clone()), true)
                };
                if let V::Obj(o) = &regs[r(0)] {
                    define(o, &key, p);
                }
            }
            GetNamedPropertyFromSuper | GetKeyedPropertyFromSuper => {
                let (home, key) = if i.opcode == GetNamedPropertyFromSuper {
                    (acc.clone(), cstr(1))
                } else {
                    (regs[r(1)].clone(), self.key(acc))
                };
                let V::Obj(h) = home else {
                    return Err(type_error("bad home object"));
                };
                let proto = h.borrow().proto.clone();
                *acc = match proto {
                    Some(p) => self.get_from(p, regs[r(0)].clone(), &key)?,
                    None => V::Undef,
                };
            }
            SetKeyedPropertyToSuper => {
                let key = self.key(&regs[r(2)]);
                self.set(&regs[r(0)].clone(), &key, acc.clone())?;
            }
            GetSuperConstructor => {
                let V::Obj(f) = acc.clone() else {
                    return Err(type_error("no active function"));
                };
                let p = f.borrow().proto.clone();
                *acc = p.map_or(V::Null, V::Obj);
            }
            CallProperty | CallUndefinedReceiver | CallWithSpread => {
                let f = regs[r(0)].clone();
                let mut items = list(regs, i.reg(1), i.operand(2));
                let this = if i.opcode == CallUndefinedReceiver || items.is_empty() {
                    V::Undef
                } else {
                    items.remove(0)
                };
                if i.opcode == CallWithSpread {
                    let last = items.pop().unwrap_or(V::Undef);
                    items.extend(self.iterate(last)?);
                }
                *acc = self.call(f, this, items)?;
            }
            // `%Name(...)` needs the VM's runtime; this reference interpreter has none.
            CallRuntime => return Err(s("SyntaxError: runtime functions need the VM")),
            Construct | ConstructWithSpread => {
                let f = regs[r(0)].clone();
                let mut items = list(regs, i.reg(1), i.operand(2));
                if i.opcode == ConstructWithSpread {
                    let last = items.pop().unwrap_or(V::Undef);
                    items.extend(self.iterate(last)?);
                }
                *acc = self.construct(f, items, acc.clone())?;
            }
            CreateArrayLiteral => *acc = self.array(Vec::new()),
            ArrayPush | ArrayPushHole => {
                let v = if i.opcode == ArrayPush { acc.clone() } else { V::Hole };
                if let V::Obj(o) = &regs[r(0)]
                    && let Kind::Array(items) = &mut o.borrow_mut().kind
                {
                    items.push(v);
                }
            }
            ArrayPushSpread => {
                let items = self.iterate(acc.clone())?;
                if let V::Obj(o) = &regs[r(0)]
                    && let Kind::Array(a) = &mut o.borrow_mut().kind
                {
                    a.extend(items);
                }
            }
            CreateObjectLiteral | CreateRegExpLiteral => *acc = V::Obj(new_obj(Some(self.object_proto.clone()), Kind::Plain)),
            SetLiteralPrototype => {
                if let V::Obj(o) = &regs[r(0)] {
                    match &*acc {
                        V::Obj(p) => o.borrow_mut().proto = Some(p.clone()),
                        V::Null => o.borrow_mut().proto = None,
                        _ => {}
                    }
                }
            }
            CopyDataProperties | CopyDataPropertiesExcluding => {
                let excluded: Vec<String> = if i.opcode == CopyDataPropertiesExcluding {
                    list(regs, i.reg(1), i.operand(2)).iter().map(to_str).collect()
                } else {
                    Vec::new()
                };
                if let (V::Obj(t), V::Obj(src)) = (&regs[r(0)], &*acc) {
                    let props: Vec<(String, Prop)> = src.borrow().props.clone();
                    for (k, p) in props {
                        if let Prop::Data(v, true) = p
                            && !excluded.contains(&k)
                        {
                            define(t, &k, Prop::Data(v, true));
                        }
                    }
                } else if matches!(acc, V::Undef | V::Null) && i.opcode == CopyDataPropertiesExcluding {
                    return Err(type_error("cannot destructure"));
                }
            }
            GetTemplateObject => {
                let Constant::TemplateObject { cooked, .. } = cst(0) else {
                    return Err(s("bad template"));
                };
                *acc = self.array(cooked.iter().map(|c| c.as_deref().map_or(V::Undef, s)).collect());
            }
            DefineClass => {
                let ctor = regs[r(0)].clone();
                let sup = regs[r(1)].clone();
                let V::Obj(c) = &ctor else { return Err(s("bad class")) };
                let (proto_parent, ctor_parent) = match &sup {
                    V::Hole => (Some(self.object_proto.clone()), self.function_proto.clone()),
                    V::Null => (None, self.function_proto.clone()),
                    V::Obj(so) => match self.get(&sup, "prototype")? {
                        V::Obj(p) => (Some(p), so.clone()),
                        V::Null => (None, so.clone()),
                        _ => return Err(type_error("bad superclass prototype")),
                    },
                    _ => return Err(type_error("Class extends value is not a constructor")),
                };
                let proto = new_obj(proto_parent, Kind::Plain);
                define(&proto, "constructor", Prop::Data(ctor.clone(), false));
                define(c, "prototype", Prop::Data(V::Obj(proto.clone()), false));
                c.borrow_mut().proto = Some(ctor_parent);
                *acc = V::Obj(proto);
            }
            GetIterator => *acc = self.get_iterator(regs[r(0)].clone())?,
            IteratorNext => {
                let res = self.call(regs[r(1)].clone(), regs[r(0)].clone(), Vec::new())?;
                if !matches!(res, V::Obj(_)) {
                    return Err(type_error("iterator result is not an object"));
                }
                *acc = res;
            }
            IteratorClose => {
                let it = regs[r(0)].clone();
                let ret = self.get(&it, "return");
                match ret {
                    Ok(V::Undef) | Ok(V::Null) => {}
                    Ok(f) => {
                        let res = self.call(f, it, Vec::new());
                        if i.operand(1) == 0 {
                            res?;
                        }
                    }
                    Err(e) if i.operand(1) == 0 => return Err(e),
                    Err(_) => {}
                }
                self.out.push("<close>".into());
            }
            ForInPrepare => {
                let keys: Vec<String> = match &*acc {
                    V::Obj(o) => {
                        let b = o.borrow();
                        let mut k: Vec<String> = match &b.kind {
                            Kind::Array(items) => (0..items.len()).map(|x| x.to_string()).collect(),
                            _ => Vec::new(),
                        };
                        k.extend(
                            b.props
                                .iter()
                                .filter(|(_, p)| matches!(p, Prop::Data(_, true) | Prop::Acc(_, _, true)))
                                .map(|(k, _)| k.clone()),
                        );
                        k
                    }
                    _ => Vec::new(),
                };
                let n = keys.len();
                regs[r(0)] = V::Obj(new_obj(None, Kind::Keys(keys)));
                regs[r(0) + 1] = V::Num(n as f64);
            }
            ForInContinue => *acc = V::Bool(to_num(&regs[r(0)]) < to_num(&regs[r(1)])),
            ForInNext => {
                let idx = to_num(&regs[r(1)]) as usize;
                let key = match &regs[r(2)] {
                    V::Obj(o) => match &o.borrow().kind {
                        Kind::Keys(k) => k.get(idx).cloned(),
                        _ => None,
                    },
                    _ => None,
                };
                *acc = match key {
                    Some(k) => {
                        let present = match &regs[r(0)] {
                            V::Obj(o) => own_prop(o, &k).is_some(),
                            _ => false,
                        };
                        if present { s(&k) } else { V::Undef }
                    }
                    None => V::Undef,
                };
            }
            ForInStep => regs[r(0)] = V::Num(to_num(&regs[r(0)]) + 1.0),
            ThrowReferenceErrorIfHole => {
                if matches!(acc, V::Hole) {
                    return Err(s(&format!("ReferenceError: Cannot access '{}' before initialization", cstr(0))));
                }
            }
            ThrowSuperNotCalledIfHole => {
                if matches!(acc, V::Hole) {
                    return Err(s("ReferenceError: Must call super constructor before accessing 'this'"));
                }
            }
            ThrowSuperAlreadyCalledIfNotHole => {
                if !matches!(acc, V::Hole) {
                    return Err(s("ReferenceError: Super constructor may only be called once"));
                }
            }
            ThrowConstAssignError => return Err(type_error("Assignment to constant variable.")),
            RequireObjectCoercible => {
                if matches!(acc, V::Undef | V::Null) {
                    return Err(type_error("Cannot destructure"));
                }
            }
            Jump | JumpLoop => return Ok(Flow::Jump(i.operand(0))),
            JumpIfTrue
            | JumpIfFalse
            | JumpIfToBooleanTrue
            | JumpIfToBooleanFalse
            | JumpIfUndefined
            | JumpIfNotUndefined
            | JumpIfUndefinedOrNull
            | JumpIfNotUndefinedOrNull => {
                let take = match i.opcode {
                    JumpIfTrue | JumpIfToBooleanTrue => truthy(acc),
                    JumpIfFalse | JumpIfToBooleanFalse => !truthy(acc),
                    JumpIfUndefined => matches!(acc, V::Undef),
                    JumpIfNotUndefined => !matches!(acc, V::Undef),
                    JumpIfUndefinedOrNull => matches!(acc, V::Undef | V::Null),
                    _ => !matches!(acc, V::Undef | V::Null),
                };
                if take {
                    return Ok(Flow::Jump(i.operand(0)));
                }
            }
            Throw | ReThrow => return Err(acc.clone()),
            Return => return Ok(Flow::Return),
            Debugger => {}
        }
        Ok(Flow::Next)
    }
}

enum Flow {
    Next,
    Jump(u32),
    Return,
}
