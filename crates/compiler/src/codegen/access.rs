//! Property access, calls, `new`, `super` and optional chains.
//!
//! Invariants: call argument lists occupy consecutive registers allocated in order
//! (receiver first for `CallProperty`/`CallWithSpread`); a `?.` short-circuit jumps to
//! the innermost enclosing chain's label, which yields undefined; `super(...)`
//! initializes `this` exactly once and then runs the class's field initializer.

use super::expressions::no_local_writes;
use super::{FnGen, R, StoreMode};
use crate::analysis::addr;
use crate::bytecode::{Opcode, Register};
use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

/// How the callee of a call gets its receiver.
enum Callee {
    /// Plain call: receiver undefined.
    Plain,
    /// Method call: receiver already in the list's first register.
    Method,
}

impl FnGen<'_, '_> {
    /// Jump to the innermost optional chain's nullish label if acc is null/undefined.
    pub(super) fn optional_check(&mut self, span: Span) -> R {
        let label = *self.chain.last().ok_or_else(|| self.internal(span, "optional outside chain"))?;
        self.b.emit_jump(Opcode::JumpIfUndefinedOrNull, label);
        Ok(())
    }

    pub(super) fn chain_expression(&mut self, c: &ChainExpression<'_>) -> R {
        let nullish = self.b.new_label();
        self.chain.push(nullish);
        let r = match &c.expression {
            ChainElement::CallExpression(call) => self.call(call),
            ChainElement::TSNonNullExpression(t) => Err(self.unsupported(t.span, "TypeScript")),
            other => self.member(other.to_member_expression()),
        };
        self.chain.pop();
        r?;
        let end = self.b.new_label();
        self.b.emit_jump(Opcode::Jump, end);
        self.b.bind(nullish);
        self.emit(Opcode::LdaUndefined, &[]);
        self.b.bind(end);
        Ok(())
    }

    /// acc = property load.
    pub(super) fn member(&mut self, m: &MemberExpression<'_>) -> R {
        let mark = self.b.register_mark();
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                if let Expression::Super(sup) = &s.object {
                    let recv = self.b.alloc();
                    self.super_property_load(sup, SuperKey::Named(s.property.name.as_str()), recv, s.property.span.start)?;
                } else {
                    let o = self.expr_to_reg(&s.object, true)?;
                    if s.optional {
                        self.ldar(o);
                        self.optional_check(s.span)?;
                    }
                    let name = self.name_const(s.property.name.as_str());
                    let slot = self.slot();
                    self.emit_at(s.property.span.start, Opcode::GetNamedProperty, &[u32::from(o.0), name, slot]);
                }
            }
            MemberExpression::ComputedMemberExpression(c) => {
                if let Expression::Super(sup) = &c.object {
                    let recv = self.b.alloc();
                    self.super_property_load(sup, SuperKey::Computed(&c.expression), recv, c.span.start)?;
                } else {
                    let o = self.expr_to_reg(&c.object, no_local_writes(&c.expression))?;
                    if c.optional {
                        self.ldar(o);
                        self.optional_check(c.span)?;
                    }
                    self.expr(&c.expression)?;
                    let slot = self.slot();
                    self.emit_at(c.expression.span().start, Opcode::GetKeyedProperty, &[u32::from(o.0), slot]);
                }
            }
            MemberExpression::PrivateFieldExpression(p) => {
                return Err(self.unsupported(p.span, "private class members"));
            }
        }
        self.b.release_to(mark);
        Ok(())
    }

    /// acc = home object of a `super` reference; `recv` = `this`.
    fn super_receiver_and_home(&mut self, sup: &Super, recv: Register) -> R {
        let (home, this) = *self
            .c
            .an
            .super_home_refs
            .get(&addr(sup))
            .ok_or_else(|| self.internal(sup.span, "unresolved super"))?;
        self.load_var(this, sup.span.start);
        self.star(recv);
        self.load_var_raw(home);
        Ok(())
    }

    /// acc = super[key] with receiver `this` (also left in `recv`).
    fn super_property_load(&mut self, sup: &Super, key: SuperKey<'_, '_>, recv: Register, pos: u32) -> R {
        self.super_receiver_and_home(sup, recv)?;
        match key {
            SuperKey::Named(name) => {
                let c = self.name_const(name);
                let s = self.slot();
                self.emit_at(pos, Opcode::GetNamedPropertyFromSuper, &[u32::from(recv.0), c, s]);
            }
            SuperKey::Computed(e) => {
                let mark = self.b.register_mark();
                let home = self.b.alloc();
                self.star(home);
                self.expr(e)?;
                let s = self.slot();
                self.emit_at(pos, Opcode::GetKeyedPropertyFromSuper, &[u32::from(recv.0), u32::from(home.0), s]);
                self.b.release_to(mark);
            }
        }
        Ok(())
    }

    /// Registers for `super[key] = value`: (receiver, home, key).
    pub(super) fn prepare_super_store(&mut self, sup: &Super, key: SuperKey<'_, '_>) -> R<(Register, Register, Register)> {
        let recv = self.b.alloc();
        let home = self.b.alloc();
        let k = self.b.alloc();
        self.super_receiver_and_home(sup, recv)?;
        self.star(home);
        match key {
            SuperKey::Named(name) => {
                let c = self.name_const(name);
                self.emit(Opcode::LdaConstant, &[c]);
            }
            SuperKey::Computed(e) => {
                self.expr(e)?;
                self.emit_at(e.span().start, Opcode::ToName, &[]);
            }
        }
        self.star(k);
        Ok((recv, home, k))
    }

    /// Evaluate arguments into consecutive fresh registers; returns (first, count).
    fn push_arguments(&mut self, args: &[Argument<'_>], first: Option<Register>) -> R<(Register, u32)> {
        let mut start = first;
        for a in args {
            let r = self.b.alloc();
            start.get_or_insert(r);
            match a {
                Argument::SpreadElement(s) => self.expr(&s.argument)?,
                other => self.expr(other.to_expression())?,
            }
            self.star(r);
        }
        let start = start.unwrap_or(Register(0));
        Ok((start, args.len() as u32))
    }

    /// acc = array holding all arguments (spreads expanded).
    fn arguments_array(&mut self, args: &[Argument<'_>]) -> R {
        let mark = self.b.register_mark();
        let arr = self.b.alloc();
        let s = self.slot();
        self.emit(Opcode::CreateArrayLiteral, &[args.len() as u32, s]);
        self.star(arr);
        for a in args {
            match a {
                Argument::SpreadElement(sp) => {
                    self.expr(&sp.argument)?;
                    let s = self.slot();
                    self.emit_at(sp.span.start, Opcode::ArrayPushSpread, &[u32::from(arr.0), s]);
                }
                other => {
                    self.expr(other.to_expression())?;
                    self.emit(Opcode::ArrayPush, &[u32::from(arr.0)]);
                }
            }
        }
        self.ldar(arr);
        self.b.release_to(mark);
        Ok(())
    }

    /// Emit the call once callee (and receiver, for methods) are in place.
    fn finish_call(&mut self, callee: Register, kind: Callee, receiver: Option<Register>, args: &[Argument<'_>], pos: u32) -> R {
        let spreads = args.iter().filter(|a| a.is_spread()).count();
        let last_is_spread = args.last().is_some_and(|a| a.is_spread());
        if spreads == 0 {
            let (start, count, op) = match kind {
                Callee::Method => {
                    let recv = receiver.ok_or_else(|| self.error_at(pos, "internal compiler error: receiver"))?;
                    let (_, n) = self.push_arguments(args, Some(recv))?;
                    (recv, n + 1, Opcode::CallProperty)
                }
                Callee::Plain => {
                    let (start, n) = self.push_arguments(args, None)?;
                    let start = if n == 0 { callee } else { start };
                    (start, n, Opcode::CallUndefinedReceiver)
                }
            };
            let s = self.slot();
            self.emit_at(pos, op, &[u32::from(callee.0), u32::from(start.0), count, s]);
            return Ok(());
        }
        let recv = match receiver {
            Some(r) => r,
            None => {
                let r = self.b.alloc();
                self.emit(Opcode::LdaUndefined, &[]);
                self.star(r);
                r
            }
        };
        let count = if spreads == 1 && last_is_spread {
            self.push_arguments(args, Some(recv))?.1 + 1
        } else {
            let arr = self.b.alloc();
            self.arguments_array(args)?;
            self.star(arr);
            2
        };
        let s = self.slot();
        self.emit_at(pos, Opcode::CallWithSpread, &[u32::from(callee.0), u32::from(recv.0), count, s]);
        Ok(())
    }

    /// `%Name(args)` (only parsed under `--allow-natives-syntax`).
    pub(super) fn call_runtime(&mut self, v: &V8IntrinsicExpression<'_>) -> R {
        if v.arguments.iter().any(|a| a.is_spread()) {
            return Err(self.unsupported(v.span, "spread arguments to runtime functions"));
        }
        let mark = self.b.register_mark();
        let (first, n) = self.push_arguments(&v.arguments, None)?;
        let name = self.name_const(v.name.name.as_str());
        self.emit_at(v.span.start, Opcode::CallRuntime, &[name, u32::from(first.0), n]);
        self.b.release_to(mark);
        Ok(())
    }

    pub(super) fn call(&mut self, c: &CallExpression<'_>) -> R {
        if let Expression::Super(_) = &c.callee {
            return self.super_call(c);
        }
        let mark = self.b.register_mark();
        let pos = call_position(c);
        let callee = self.b.alloc();
        let kind = self.load_callee(&c.callee, callee, c.optional)?;
        let receiver = match kind {
            Callee::Method => Some(callee.offset(1)),
            Callee::Plain => None,
        };
        self.finish_call(callee, kind, receiver, &c.arguments, pos)?;
        self.b.release_to(mark);
        Ok(())
    }

    /// Evaluate a callee into `callee`; for member callees the receiver goes into the
    /// next register (allocated here).
    fn load_callee(&mut self, e: &Expression<'_>, callee: Register, optional_call: bool) -> R<Callee> {
        let kind = match e {
            Expression::StaticMemberExpression(m) => {
                let recv = self.b.alloc();
                if let Expression::Super(sup) = &m.object {
                    self.super_property_load(sup, SuperKey::Named(m.property.name.as_str()), recv, m.property.span.start)?;
                } else {
                    self.expr(&m.object)?;
                    self.star(recv);
                    if m.optional {
                        self.optional_check(m.span)?;
                    }
                    let name = self.name_const(m.property.name.as_str());
                    let s = self.slot();
                    self.emit_at(m.property.span.start, Opcode::GetNamedProperty, &[u32::from(recv.0), name, s]);
                }
                Callee::Method
            }
            Expression::ComputedMemberExpression(m) => {
                let recv = self.b.alloc();
                if let Expression::Super(sup) = &m.object {
                    self.super_property_load(sup, SuperKey::Computed(&m.expression), recv, m.span.start)?;
                } else {
                    self.expr(&m.object)?;
                    self.star(recv);
                    if m.optional {
                        self.optional_check(m.span)?;
                    }
                    self.expr(&m.expression)?;
                    let s = self.slot();
                    self.emit_at(m.expression.span().start, Opcode::GetKeyedProperty, &[u32::from(recv.0), s]);
                }
                Callee::Method
            }
            Expression::PrivateFieldExpression(p) => {
                return Err(self.unsupported(p.span, "private class members"));
            }
            other => {
                self.expr(other)?;
                Callee::Plain
            }
        };
        self.star(callee);
        if optional_call {
            self.optional_check(e.span())?;
        }
        Ok(kind)
    }

    pub(super) fn new_expression(&mut self, n: &NewExpression<'_>) -> R {
        let mark = self.b.register_mark();
        let callee = self.expr_to_new_reg(&n.callee)?;
        let spreads = n.arguments.iter().filter(|a| a.is_spread()).count();
        let last_is_spread = n.arguments.last().is_some_and(|a| a.is_spread());
        let (start, count, op) = if spreads == 0 {
            let (start, count) = self.push_arguments(&n.arguments, None)?;
            (if count == 0 { callee } else { start }, count, Opcode::Construct)
        } else if spreads == 1 && last_is_spread {
            let (start, count) = self.push_arguments(&n.arguments, None)?;
            (start, count, Opcode::ConstructWithSpread)
        } else {
            let arr = self.b.alloc();
            self.arguments_array(&n.arguments)?;
            self.star(arr);
            (arr, 1, Opcode::ConstructWithSpread)
        };
        self.ldar(callee);
        let s = self.slot();
        self.emit_at(n.span.start, op, &[u32::from(callee.0), u32::from(start.0), count, s]);
        self.b.release_to(mark);
        Ok(())
    }

    /// `super(...args)` in a derived constructor (or an arrow inside one).
    fn super_call(&mut self, c: &CallExpression<'_>) -> R {
        let info = *self
            .c
            .an
            .super_calls
            .get(&addr(c))
            .ok_or_else(|| self.internal(c.span, "unresolved super call"))?;
        let mark = self.b.register_mark();
        let ctor = self.b.alloc();
        self.load_var_raw(info.this_function_var);
        self.emit_at(c.span.start, Opcode::GetSuperConstructor, &[]);
        self.star(ctor);
        let spreads = c.arguments.iter().filter(|a| a.is_spread()).count();
        let last_is_spread = c.arguments.last().is_some_and(|a| a.is_spread());
        let (start, count, op) = if spreads == 0 {
            let (start, count) = self.push_arguments(&c.arguments, None)?;
            (if count == 0 { ctor } else { start }, count, Opcode::Construct)
        } else if spreads == 1 && last_is_spread {
            let (start, count) = self.push_arguments(&c.arguments, None)?;
            (start, count, Opcode::ConstructWithSpread)
        } else {
            let arr = self.b.alloc();
            self.arguments_array(&c.arguments)?;
            self.star(arr);
            (arr, 1, Opcode::ConstructWithSpread)
        };
        self.load_var_raw(info.new_target_var);
        let s = self.slot();
        self.emit_at(c.span.start, op, &[u32::from(ctor.0), u32::from(start.0), count, s]);
        let result = self.b.alloc();
        self.star(result);
        self.load_var_raw(info.this_var);
        self.emit_at(c.span.start, Opcode::ThrowSuperAlreadyCalledIfNotHole, &[]);
        self.ldar(result);
        self.store_var(info.this_var, StoreMode::Init, c.span.start)?;
        if let Some(fields) = info.fields_init {
            self.call_fields_initializer(fields, result);
        }
        self.ldar(result);
        self.b.release_to(mark);
        Ok(())
    }

    pub(super) fn tagged_template(&mut self, t: &TaggedTemplateExpression<'_>) -> R {
        let mark = self.b.register_mark();
        let callee = self.b.alloc();
        let kind = self.load_callee(&t.tag, callee, false)?;
        let first = match kind {
            Callee::Method => callee.offset(1),
            Callee::Plain => {
                let r = self.b.alloc();
                self.emit(Opcode::LdaUndefined, &[]);
                self.star(r);
                r
            }
        };
        let desc = self.template_object(&t.quasi);
        let s = self.slot();
        let strings = self.b.alloc();
        self.emit(Opcode::GetTemplateObject, &[desc, s]);
        self.star(strings);
        for e in &t.quasi.expressions {
            let r = self.b.alloc();
            self.expr(e)?;
            self.star(r);
        }
        let count = 2 + t.quasi.expressions.len() as u32;
        let s = self.slot();
        self.emit_at(
            t.span.start,
            Opcode::CallProperty,
            &[u32::from(callee.0), u32::from(first.0), count, s],
        );
        self.b.release_to(mark);
        Ok(())
    }
}

/// Key of a `super` property reference.
pub(super) enum SuperKey<'x, 'a> {
    Named(&'x str),
    Computed(&'x Expression<'a>),
}

/// Source position reported for a call: the property of a method call, else the callee.
fn call_position(c: &CallExpression<'_>) -> u32 {
    match &c.callee {
        Expression::StaticMemberExpression(m) => m.property.span.start,
        other => other.span().start,
    }
}
