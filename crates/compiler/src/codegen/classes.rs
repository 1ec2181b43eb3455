//! Object literals and classes: property definition, accessors, methods with home
//! objects, class setup (`DefineClass`), synthetic field/static initializers and
//! implicit constructors.
//!
//! Invariants: class members are defined non-enumerable and object literal members
//! enumerable; computed keys are evaluated exactly once, in source order, at
//! definition time (computed field keys are stashed in class-scope variables for the
//! field initializer); the class's inner name is initialized before static
//! initializers run.

use super::assign::static_key_name;
use super::{FnBody, FnGen, R};
use crate::analysis::addr;
use crate::bytecode::{DEFINE_FLAG_DONT_ENUM, DEFINE_FLAG_SET_FUNCTION_NAME, Opcode, Register};
use crate::script::FunctionKind;
use oxc_ast::ast::*;
use oxc_span::GetSpan;

/// Whether `e` is an anonymous function or class definition (gets its name from the key).
fn is_anonymous_function(e: &Expression<'_>) -> bool {
    match e {
        Expression::FunctionExpression(f) => f.id.is_none(),
        Expression::ArrowFunctionExpression(_) => true,
        Expression::ClassExpression(c) => c.id.is_none(),
        _ => false,
    }
}

impl FnGen<'_, '_> {
    /// Put a property key into `reg`; returns its static name when known.
    fn key_to_register(&mut self, key: &PropertyKey<'_>, computed: bool, reg: Register) -> R<Option<String>> {
        if !computed && let Some(name) = static_key_name(key) {
            let c = self.name_const(&name);
            self.emit(Opcode::LdaConstant, &[c]);
            self.star(reg);
            return Ok(Some(name));
        }
        let e = match key {
            PropertyKey::StaticIdentifier(_) | PropertyKey::PrivateIdentifier(_) => {
                return Err(self.unsupported(key.span(), "private class members"));
            }
            other => other.to_expression(),
        };
        self.expr(e)?;
        self.emit_at(e.span().start, Opcode::ToName, &[]);
        self.star(reg);
        Ok(None)
    }

    pub(super) fn object_literal(&mut self, o: &ObjectExpression<'_>) -> R {
        let mark = self.b.register_mark();
        let obj = self.b.alloc();
        let key = self.b.alloc();
        let s = self.slot();
        self.emit(Opcode::CreateObjectLiteral, &[o.properties.len() as u32, s]);
        self.star(obj);
        let home_scope = self.c.an.node_scopes.get(&addr(o)).copied();
        if let Some(scope) = home_scope {
            self.enter_scope(scope)?;
            if let Some(&v) = self.c.an.tree.scopes[scope].names.get(".home_object") {
                self.ldar(obj);
                self.store_var_raw(v);
            }
        }
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p) => self.object_property(obj, key, p)?,
                ObjectPropertyKind::SpreadProperty(sp) => {
                    self.expr(&sp.argument)?;
                    self.emit_at(sp.span.start, Opcode::CopyDataProperties, &[u32::from(obj.0)]);
                }
            }
        }
        if home_scope.is_some() {
            self.exit_scope();
        }
        self.ldar(obj);
        self.b.release_to(mark);
        Ok(())
    }

    fn object_property(&mut self, obj: Register, key: Register, p: &ObjectProperty<'_>) -> R {
        let pos = p.span.start;
        let is_proto = !p.computed
            && !p.shorthand
            && !p.method
            && p.kind == PropertyKind::Init
            && static_key_name(&p.key).as_deref() == Some("__proto__");
        if is_proto {
            self.expr(&p.value)?;
            self.emit(Opcode::SetLiteralPrototype, &[u32::from(obj.0)]);
            return Ok(());
        }
        let name = if !p.computed { static_key_name(&p.key) } else { None };
        let fn_kind = match p.kind {
            PropertyKind::Get => Some(FunctionKind::Getter),
            PropertyKind::Set => Some(FunctionKind::Setter),
            PropertyKind::Init if p.method => Some(FunctionKind::Method),
            PropertyKind::Init => None,
        };
        if let (Some(name), PropertyKind::Init) = (&name, p.kind) {
            match (&p.value, fn_kind) {
                (Expression::FunctionExpression(f), Some(kind)) => self.function_closure(f, kind, name.clone())?,
                (value, _) => self.expr_named(value, name)?,
            }
            let c = self.name_const(name);
            let s = self.slot();
            self.emit_at(pos, Opcode::DefineNamedOwnProperty, &[u32::from(obj.0), c, s]);
            return Ok(());
        }
        let static_name = self.key_to_register(&p.key, p.computed, key)?;
        let dynamic_name = static_name.is_none();
        let base = static_name.unwrap_or_default();
        let fn_name = match p.kind {
            PropertyKind::Get if !dynamic_name => format!("get {base}"),
            PropertyKind::Set if !dynamic_name => format!("set {base}"),
            _ => base,
        };
        match (&p.value, fn_kind) {
            (Expression::FunctionExpression(f), Some(kind)) => self.function_closure(f, kind, fn_name)?,
            (value, _) => self.expr_named(value, &fn_name)?,
        }
        let mut flags = 0;
        if dynamic_name && (fn_kind.is_some() || is_anonymous_function(&p.value)) {
            flags |= DEFINE_FLAG_SET_FUNCTION_NAME;
        }
        let operands = [u32::from(obj.0), u32::from(key.0), u32::from(flags)];
        match p.kind {
            PropertyKind::Get => self.emit_at(pos, Opcode::DefineGetter, &operands),
            PropertyKind::Set => self.emit_at(pos, Opcode::DefineSetter, &operands),
            PropertyKind::Init => {
                let s = self.slot();
                self.emit_at(pos, Opcode::DefineKeyedOwnProperty, &[operands[0], operands[1], operands[2], s]);
            }
        }
        Ok(())
    }

    /// acc = the class constructor.
    pub(super) fn class(&mut self, c: &Class<'_>, name: String) -> R {
        let info = self
            .c
            .an
            .classes
            .get(&addr(c))
            .cloned()
            .ok_or_else(|| self.internal(c.span, "class not analysed"))?;
        let mark = self.b.register_mark();
        let superclass = self.b.alloc();
        let ctor = self.b.alloc();
        let proto = self.b.alloc();
        let key = self.b.alloc();
        self.enter_scope(info.scope)?;
        match &c.heritage {
            Some(h) => self.expr(&h.expression)?,
            None => self.emit(Opcode::LdaTheHole, &[]),
        }
        self.star(superclass);
        let derived = c.heritage.is_some();
        let ctor_kind = if derived {
            FunctionKind::DerivedConstructor
        } else {
            FunctionKind::ClassConstructor
        };
        let range = (c.span.start, c.span.end);
        let explicit = c.body.body.iter().find_map(|e| match e {
            ClassElement::MethodDefinition(m) if m.kind == MethodDefinitionKind::Constructor => Some(m),
            _ => None,
        });
        match explicit {
            Some(m) => {
                let scope = self.scope_of(addr(&*m.value), m.span)?;
                self.create_closure(scope, ctor_kind, name, range, FnBody::Function(&m.value))?;
            }
            None => {
                let scope = info
                    .default_ctor_scope
                    .ok_or_else(|| self.internal(c.span, "no default constructor scope"))?;
                self.create_closure(scope, ctor_kind, name, range, FnBody::DefaultCtor(c))?;
            }
        }
        self.star(ctor);
        self.emit_at(c.span.start, Opcode::DefineClass, &[u32::from(ctor.0), u32::from(superclass.0)]);
        self.star(proto);
        let names = &self.c.an.tree.scopes[info.scope].names;
        let home = names.get(".home_object").copied();
        let static_home = names.get(".static_home_object").copied();
        if let Some(v) = home {
            self.ldar(proto);
            self.store_var_raw(v);
        }
        if let Some(v) = static_home {
            self.ldar(ctor);
            self.store_var_raw(v);
        }
        for el in &c.body.body {
            match el {
                ClassElement::MethodDefinition(m) if m.kind != MethodDefinitionKind::Constructor => {
                    let target = if m.r#static { ctor } else { proto };
                    let static_name = self.key_to_register(&m.key, m.computed, key)?;
                    let dynamic = static_name.is_none();
                    let base = static_name.unwrap_or_default();
                    let (kind, fn_name) = match m.kind {
                        MethodDefinitionKind::Get => (FunctionKind::Getter, if dynamic { base } else { format!("get {base}") }),
                        MethodDefinitionKind::Set => (FunctionKind::Setter, if dynamic { base } else { format!("set {base}") }),
                        _ => (FunctionKind::Method, base),
                    };
                    self.function_closure(&m.value, kind, fn_name)?;
                    let mut flags = DEFINE_FLAG_DONT_ENUM;
                    if dynamic {
                        flags |= DEFINE_FLAG_SET_FUNCTION_NAME;
                    }
                    let operands = [u32::from(target.0), u32::from(key.0), u32::from(flags)];
                    let pos = m.span.start;
                    match m.kind {
                        MethodDefinitionKind::Get => self.emit_at(pos, Opcode::DefineGetter, &operands),
                        MethodDefinitionKind::Set => self.emit_at(pos, Opcode::DefineSetter, &operands),
                        _ => {
                            let s = self.slot();
                            self.emit_at(pos, Opcode::DefineKeyedOwnProperty, &[operands[0], operands[1], operands[2], s]);
                        }
                    }
                }
                ClassElement::PropertyDefinition(p) if p.computed => {
                    let v = *info.field_keys.get(&addr(&**p)).ok_or_else(|| self.internal(p.span, "field key"))?;
                    let e = p.key.as_expression().ok_or_else(|| self.internal(p.span, "field key"))?;
                    self.expr(e)?;
                    self.emit_at(e.span().start, Opcode::ToName, &[]);
                    self.store_var_raw(v);
                }
                _ => {}
            }
        }
        if let (Some(scope), Some(v)) = (info.fields_scope, info.fields_init) {
            self.create_closure(
                scope,
                FunctionKind::ClassFieldsInitializer,
                "<instance_members_initializer>".to_string(),
                range,
                FnBody::FieldsInit(c),
            )?;
            self.store_var_raw(v);
        }
        if let Some(v) = info.inner_name {
            self.ldar(ctor);
            self.store_var_raw(v);
        }
        if let Some(scope) = info.static_scope {
            self.create_closure(
                scope,
                FunctionKind::ClassStaticInitializer,
                "<static_initializer>".to_string(),
                range,
                FnBody::StaticInit(c),
            )?;
            self.star(key);
            let s = self.slot();
            self.emit_at(c.span.start, Opcode::CallProperty, &[u32::from(key.0), u32::from(ctor.0), 1, s]);
        }
        self.ldar(ctor);
        self.exit_scope();
        self.b.release_to(mark);
        Ok(())
    }

    /// Define one field on the receiver (body of a field initializer).
    fn define_field(&mut self, p: &PropertyDefinition<'_>, c: &Class<'_>) -> R {
        let mark = self.b.register_mark();
        let key = self.b.alloc();
        let name = if p.computed {
            let info = &self.c.an.classes[&addr(c)];
            let v = *info.field_keys.get(&addr(p)).ok_or_else(|| self.internal(p.span, "field key"))?;
            self.load_var_raw(v);
            self.star(key);
            None
        } else {
            self.key_to_register(&p.key, false, key)?
        };
        match &p.value {
            Some(v) => self.expr_named(v, name.as_deref().unwrap_or(""))?,
            None => self.emit(Opcode::LdaUndefined, &[]),
        }
        let mut flags = 0;
        if name.is_none() && p.value.as_ref().is_some_and(is_anonymous_function) {
            flags |= DEFINE_FLAG_SET_FUNCTION_NAME;
        }
        let s = self.slot();
        self.emit_at(
            p.span.start,
            Opcode::DefineKeyedOwnProperty,
            &[u32::from(Register::RECEIVER.0), u32::from(key.0), u32::from(flags), s],
        );
        self.b.release_to(mark);
        Ok(())
    }

    pub(super) fn fields_initializer_body(&mut self, c: &Class<'_>) -> R {
        for el in &c.body.body {
            if let ClassElement::PropertyDefinition(p) = el
                && !p.r#static
            {
                self.define_field(p, c)?;
            }
        }
        Ok(())
    }

    pub(super) fn static_initializer_body(&mut self, c: &Class<'_>) -> R {
        for el in &c.body.body {
            match el {
                ClassElement::PropertyDefinition(p) if p.r#static => self.define_field(p, c)?,
                ClassElement::StaticBlock(b) => {
                    let scope = self.scope_of(addr(&**b), b.span)?;
                    self.enter_scope(scope)?;
                    self.hoist_functions(&b.body)?;
                    self.statements(&b.body)?;
                    self.exit_scope();
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `constructor() {}` or `constructor(...args) { super(...args); }`.
    pub(super) fn default_constructor_body(&mut self, c: &Class<'_>) -> R {
        let fields = self.c.an.classes[&addr(c)].fields_init;
        if c.heritage.is_none() {
            if let Some(f) = fields {
                self.call_fields_initializer(f, Register::RECEIVER);
            }
            self.emit(Opcode::LdaUndefined, &[]);
            self.emit(Opcode::Return, &[]);
            return Ok(());
        }
        let args = self.b.alloc();
        let ctor = self.b.alloc();
        self.emit(Opcode::CreateRestParameter, &[0]);
        self.star(args);
        self.emit(Opcode::LdaCurrentFunction, &[]);
        self.emit_at(c.span.start, Opcode::GetSuperConstructor, &[]);
        self.star(ctor);
        self.emit(Opcode::LdaNewTarget, &[]);
        let s = self.slot();
        self.emit_at(
            c.span.start,
            Opcode::ConstructWithSpread,
            &[u32::from(ctor.0), u32::from(args.0), 1, s],
        );
        self.star(Register::RECEIVER);
        if let Some(f) = fields {
            self.call_fields_initializer(f, Register::RECEIVER);
        }
        self.ldar(Register::RECEIVER);
        self.emit(Opcode::Return, &[]);
        Ok(())
    }
}
