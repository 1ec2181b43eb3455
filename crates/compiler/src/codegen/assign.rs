//! Assignment targets and destructuring: references (for compound assignment and
//! update expressions), binding patterns (declarations, parameters, catch and
//! for-in/of heads) and assignment patterns.
//!
//! Invariants: the value being bound arrives in the accumulator; array patterns use
//! the iteration protocol inside a try/finally that closes the iterator unless it is
//! exhausted; object patterns throw on null/undefined even when empty.

use super::access::SuperKey;
use super::{FnGen, R, StoreMode};
use crate::bytecode::{Opcode, Register};
use crate::scope::VarId;
use oxc_ast::ast::*;
use oxc_span::GetSpan;

/// A prepared assignment target whose sub-expressions are already evaluated.
pub(super) enum Reference {
    /// A variable (`None` = global) with its name and source position.
    Var(Option<VarId>, String, u32),
    /// `obj.name`.
    Named { obj: Register, name: u32 },
    /// `obj[key]`.
    Keyed { obj: Register, key: Register },
    /// `super[key]`.
    Super { recv: Register, home: Register, key: Register },
}

/// Static name of a non-computed property key (identifier, string or array index).
pub(super) fn static_key_name(key: &PropertyKey<'_>) -> Option<String> {
    match key {
        PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
        PropertyKey::StringLiteral(s) if !s.lone_surrogates => Some(s.value.to_string()),
        PropertyKey::NumericLiteral(n) if n.value.fract() == 0.0 && n.value >= 0.0 && n.value < 9_007_199_254_740_992.0 => {
            Some(format!("{}", n.value as u64))
        }
        _ => None,
    }
}

impl FnGen<'_, '_> {
    pub(super) fn prepare_reference(&mut self, t: &SimpleAssignmentTarget<'_>) -> R<Reference> {
        match t {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                Ok(Reference::Var(self.reference_var(id)?, id.name.to_string(), id.span.start))
            }
            SimpleAssignmentTarget::StaticMemberExpression(m) => {
                if let Expression::Super(sup) = &m.object {
                    let (recv, home, key) = self.prepare_super_store(sup, SuperKey::Named(m.property.name.as_str()))?;
                    return Ok(Reference::Super { recv, home, key });
                }
                if let Expression::ThisExpression(_) = &m.object {
                    self.this_property_names.insert(m.property.name.to_string());
                }
                let obj = self.expr_to_new_reg(&m.object)?;
                let name = self.name_const(m.property.name.as_str());
                Ok(Reference::Named { obj, name })
            }
            SimpleAssignmentTarget::ComputedMemberExpression(m) => {
                if let Expression::Super(sup) = &m.object {
                    let (recv, home, key) = self.prepare_super_store(sup, SuperKey::Computed(&m.expression))?;
                    return Ok(Reference::Super { recv, home, key });
                }
                let obj = self.expr_to_new_reg(&m.object)?;
                let key = self.expr_to_new_reg(&m.expression)?;
                Ok(Reference::Keyed { obj, key })
            }
            SimpleAssignmentTarget::PrivateFieldExpression(p) => Err(self.unsupported(p.span, "private class members")),
            other => Err(self.unsupported(other.span(), "TypeScript syntax")),
        }
    }

    pub(super) fn load_reference(&mut self, r: &Reference, pos: u32) -> R {
        match r {
            Reference::Var(Some(v), _, p) => self.load_var(*v, *p),
            Reference::Var(None, name, p) => {
                let c = self.name_const(name);
                let s = self.slot();
                self.emit_at(*p, Opcode::LdaGlobal, &[c, s]);
            }
            Reference::Named { obj, name } => {
                let s = self.slot();
                self.emit_at(pos, Opcode::GetNamedProperty, &[u32::from(obj.0), *name, s]);
            }
            Reference::Keyed { obj, key } => {
                self.ldar(*key);
                let s = self.slot();
                self.emit_at(pos, Opcode::GetKeyedProperty, &[u32::from(obj.0), s]);
            }
            Reference::Super { recv, home, key } => {
                self.ldar(*key);
                let s = self.slot();
                self.emit_at(pos, Opcode::GetKeyedPropertyFromSuper, &[u32::from(recv.0), u32::from(home.0), s]);
            }
        }
        Ok(())
    }

    pub(super) fn store_reference(&mut self, r: &Reference, pos: u32) -> R {
        match r {
            Reference::Var(Some(v), _, p) => self.store_var(*v, StoreMode::Assign, *p)?,
            Reference::Var(None, name, p) => {
                let c = self.name_const(name);
                let s = self.slot();
                self.emit_at(*p, Opcode::StaGlobal, &[c, s]);
            }
            Reference::Named { obj, name } => {
                let s = self.slot();
                self.emit_at(pos, Opcode::SetNamedProperty, &[u32::from(obj.0), *name, s]);
            }
            Reference::Keyed { obj, key } => {
                let s = self.slot();
                self.emit_at(pos, Opcode::SetKeyedProperty, &[u32::from(obj.0), u32::from(key.0), s]);
            }
            Reference::Super { recv, home, key } => {
                self.emit_at(
                    pos,
                    Opcode::SetKeyedPropertyToSuper,
                    &[u32::from(recv.0), u32::from(home.0), u32::from(key.0)],
                );
            }
        }
        Ok(())
    }

    /// Parameter defaults, destructuring and rest, after the prologue.
    pub(super) fn parameter_initialization(&mut self, params: &FormalParameters<'_>) -> R {
        for (i, p) in params.items.iter().enumerate() {
            let simple = p.initializer.is_none() && matches!(p.pattern, BindingPattern::BindingIdentifier(_));
            if simple {
                continue;
            }
            self.ldar(Register::parameter(i as u32));
            if let Some(init) = &p.initializer {
                let have = self.b.new_label();
                self.b.emit_jump(Opcode::JumpIfNotUndefined, have);
                match &p.pattern {
                    BindingPattern::BindingIdentifier(id) => self.expr_named(init, id.name.as_str())?,
                    _ => self.expr(init)?,
                }
                self.b.bind(have);
            }
            self.bind_pattern(&p.pattern, StoreMode::Init)?;
        }
        if let Some(rest) = &params.rest {
            self.emit(Opcode::CreateRestParameter, &[params.items.len() as u32]);
            self.bind_pattern(&rest.rest.argument, StoreMode::Init)?;
        }
        Ok(())
    }

    /// Bind the accumulator to a binding pattern.
    pub(super) fn bind_pattern(&mut self, p: &BindingPattern<'_>, mode: StoreMode) -> R {
        match p {
            BindingPattern::BindingIdentifier(id) => {
                let v = self.binding_var(id)?;
                self.store_var(v, mode, id.span.start)
            }
            BindingPattern::AssignmentPattern(ap) => {
                let have = self.b.new_label();
                self.b.emit_jump(Opcode::JumpIfNotUndefined, have);
                match &ap.left {
                    BindingPattern::BindingIdentifier(id) => self.expr_named(&ap.right, id.name.as_str())?,
                    _ => self.expr(&ap.right)?,
                }
                self.b.bind(have);
                self.bind_pattern(&ap.left, mode)
            }
            BindingPattern::ObjectPattern(o) => {
                let mark = self.b.register_mark();
                let obj = self.b.alloc();
                self.star(obj);
                self.emit_at(o.span.start, Opcode::RequireObjectCoercible, &[]);
                let keys = o.rest.as_ref().map(|_| self.b.alloc_many(o.properties.len() as u32));
                for (i, prop) in o.properties.iter().enumerate() {
                    let key_reg = keys.map(|k| k.offset(i as u32));
                    self.load_pattern_property(obj, &prop.key, prop.computed, key_reg, prop.span.start)?;
                    self.bind_pattern(&prop.value, mode)?;
                }
                if let Some(rest) = &o.rest {
                    self.object_rest(obj, keys, o.properties.len() as u32, rest.span.start)?;
                    self.bind_pattern(&rest.argument, mode)?;
                }
                self.b.release_to(mark);
                Ok(())
            }
            BindingPattern::ArrayPattern(a) => {
                let pos = a.span.start;
                self.array_destructure(pos, &mut |g, iter, next, done| {
                    for el in &a.elements {
                        g.step_or_undefined(iter, next, done, pos);
                        if let Some(el) = el {
                            g.bind_pattern(el, mode)?;
                        }
                    }
                    if let Some(rest) = &a.rest {
                        g.rest_array(iter, next, done, pos);
                        g.bind_pattern(&rest.argument, mode)?;
                    }
                    Ok(())
                })
            }
        }
    }

    /// acc = obj[key] for a destructuring property; saves the key for a rest element.
    fn load_pattern_property(&mut self, obj: Register, key: &PropertyKey<'_>, computed: bool, key_reg: Option<Register>, pos: u32) -> R {
        let name = if computed { None } else { static_key_name(key) };
        match name {
            Some(name) => {
                let c = self.name_const(&name);
                if let Some(k) = key_reg {
                    self.emit(Opcode::LdaConstant, &[c]);
                    self.star(k);
                }
                let s = self.slot();
                self.emit_at(pos, Opcode::GetNamedProperty, &[u32::from(obj.0), c, s]);
            }
            None => {
                let e = match key {
                    PropertyKey::StaticIdentifier(_) | PropertyKey::PrivateIdentifier(_) => {
                        return Err(self.internal(key.span(), "property key"));
                    }
                    other => other.to_expression(),
                };
                self.expr(e)?;
                self.emit_at(pos, Opcode::ToName, &[]);
                if let Some(k) = key_reg {
                    self.star(k);
                }
                let s = self.slot();
                self.emit_at(pos, Opcode::GetKeyedProperty, &[u32::from(obj.0), s]);
            }
        }
        Ok(())
    }

    /// acc = copy of obj without the keys in `keys..keys+count`.
    fn object_rest(&mut self, obj: Register, keys: Option<Register>, count: u32, pos: u32) -> R {
        let mark = self.b.register_mark();
        let rest = self.b.alloc();
        let s = self.slot();
        self.emit(Opcode::CreateObjectLiteral, &[0, s]);
        self.star(rest);
        self.ldar(obj);
        let first = keys.unwrap_or(rest);
        self.emit_at(
            pos,
            Opcode::CopyDataPropertiesExcluding,
            &[u32::from(rest.0), u32::from(first.0), count],
        );
        self.ldar(rest);
        self.b.release_to(mark);
        Ok(())
    }

    /// Run `body(iterator, next, done)` over the iterator of the iterable in acc,
    /// closing it afterwards unless exhausted.
    fn array_destructure(&mut self, pos: u32, body: &mut dyn FnMut(&mut Self, Register, Register, Register) -> R) -> R {
        let mark = self.b.register_mark();
        let iter = self.b.alloc();
        let next = self.b.alloc();
        let done = self.b.alloc();
        self.star(iter);
        self.open_iterator(iter, next, pos);
        self.emit(Opcode::LdaFalse, &[]);
        self.star(done);
        self.try_finally(&mut |g| body(g, iter, next, done), &mut |g, token| {
            g.close_iterator_unless_done(iter, done, token);
            Ok(())
        })?;
        self.b.release_to(mark);
        Ok(())
    }

    /// acc = next iterator value, or undefined once exhausted.
    fn step_or_undefined(&mut self, iter: Register, next: Register, done: Register, pos: u32) {
        let undefined = self.b.new_label();
        let have = self.b.new_label();
        self.ldar(done);
        self.b.emit_jump(Opcode::JumpIfTrue, undefined);
        self.iterator_step(iter, next, done, undefined, pos);
        self.b.emit_jump(Opcode::Jump, have);
        self.b.bind(undefined);
        self.emit(Opcode::LdaUndefined, &[]);
        self.b.bind(have);
    }

    /// acc = array of the remaining iterator values.
    fn rest_array(&mut self, iter: Register, next: Register, done: Register, pos: u32) {
        let mark = self.b.register_mark();
        let arr = self.b.alloc();
        let s = self.slot();
        self.emit(Opcode::CreateArrayLiteral, &[0, s]);
        self.star(arr);
        let end = self.b.new_label();
        self.ldar(done);
        self.b.emit_jump(Opcode::JumpIfTrue, end);
        let header = self.b.new_label();
        self.b.bind_loop_header(header);
        self.iterator_step(iter, next, done, end, pos);
        self.emit(Opcode::ArrayPush, &[u32::from(arr.0)]);
        self.b.emit_jump(Opcode::JumpLoop, header);
        self.b.bind(end);
        self.ldar(arr);
        self.b.release_to(mark);
    }

    /// Assign the accumulator to an assignment target (including patterns).
    pub(super) fn assign_to_target(&mut self, t: &AssignmentTarget<'_>) -> R {
        match t {
            AssignmentTarget::ArrayAssignmentTarget(a) => {
                let pos = a.span.start;
                self.array_destructure(pos, &mut |g, iter, next, done| {
                    for el in &a.elements {
                        g.step_or_undefined(iter, next, done, pos);
                        if let Some(el) = el {
                            g.assign_maybe_default(el)?;
                        }
                    }
                    if let Some(rest) = &a.rest {
                        g.rest_array(iter, next, done, pos);
                        g.assign_to_target(&rest.target)?;
                    }
                    Ok(())
                })
            }
            AssignmentTarget::ObjectAssignmentTarget(o) => {
                let mark = self.b.register_mark();
                let obj = self.b.alloc();
                self.star(obj);
                self.emit_at(o.span.start, Opcode::RequireObjectCoercible, &[]);
                let keys = o.rest.as_ref().map(|_| self.b.alloc_many(o.properties.len() as u32));
                for (i, prop) in o.properties.iter().enumerate() {
                    let key_reg = keys.map(|k| k.offset(i as u32));
                    match prop {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(p) => {
                            let c = self.name_const(p.binding.name.as_str());
                            if let Some(k) = key_reg {
                                self.emit(Opcode::LdaConstant, &[c]);
                                self.star(k);
                            }
                            let s = self.slot();
                            self.emit_at(p.span.start, Opcode::GetNamedProperty, &[u32::from(obj.0), c, s]);
                            if let Some(init) = &p.init {
                                let have = self.b.new_label();
                                self.b.emit_jump(Opcode::JumpIfNotUndefined, have);
                                self.expr_named(init, p.binding.name.as_str())?;
                                self.b.bind(have);
                            }
                            self.store_identifier(&p.binding)?;
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(p) => {
                            self.load_pattern_property(obj, &p.name, p.computed, key_reg, p.span.start)?;
                            self.assign_maybe_default(&p.binding)?;
                        }
                    }
                }
                if let Some(rest) = &o.rest {
                    self.object_rest(obj, keys, o.properties.len() as u32, rest.span.start)?;
                    self.assign_to_target(&rest.target)?;
                }
                self.b.release_to(mark);
                Ok(())
            }
            other => {
                let simple = other.to_simple_assignment_target();
                if let SimpleAssignmentTarget::AssignmentTargetIdentifier(id) = simple {
                    return self.store_identifier(id);
                }
                let mark = self.b.register_mark();
                let value = self.b.alloc();
                self.star(value);
                let r = self.prepare_reference(simple)?;
                self.ldar(value);
                self.store_reference(&r, simple.span().start)?;
                self.b.release_to(mark);
                Ok(())
            }
        }
    }

    fn assign_maybe_default(&mut self, t: &AssignmentTargetMaybeDefault<'_>) -> R {
        match t {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                let have = self.b.new_label();
                self.b.emit_jump(Opcode::JumpIfNotUndefined, have);
                match &d.binding {
                    AssignmentTarget::AssignmentTargetIdentifier(id) => self.expr_named(&d.init, id.name.as_str())?,
                    _ => self.expr(&d.init)?,
                }
                self.b.bind(have);
                self.assign_to_target(&d.binding)
            }
            other => self.assign_to_target(other.to_assignment_target()),
        }
    }
}
