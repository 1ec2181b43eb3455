//! Scope analysis of classes and object literals: class scopes (inner name, home
//! objects, field initializer and static initializer scopes, computed field keys)
//! and the home-object scope of object literals with methods.
//!
//! Invariant: every class gets a `ClassInfo` whose synthetic scopes are children of
//! the class scope, created in the same order codegen creates their closures.

use super::{ClassInfo, FnRole, MethodCtx, R, Walker, addr};
use crate::scope::{ScopeId, ScopeType, VarKind};
use oxc_ast::ast::*;

impl Walker<'_> {
    pub(super) fn class(&mut self, c: &Class<'_>) -> R {
        if !c.decorators.is_empty() {
            return Err(self.unsupported(c.span, "decorators"));
        }
        let outer = self.scope;
        let cs = self.push_scope(ScopeType::Class, addr(c), false);
        self.a.tree.scopes[cs].strict = true;
        let mut info = ClassInfo {
            scope: cs,
            ..ClassInfo::default()
        };
        if let Some(id) = &c.id {
            let v = self.a.tree.add_var(cs, id.name.as_str(), VarKind::ClassInnerName, c.span.end);
            info.inner_name = Some(v);
        }
        let derived = c.heritage.is_some();
        let has_instance_fields = c
            .body
            .body
            .iter()
            .any(|e| matches!(e, ClassElement::PropertyDefinition(p) if !p.r#static));
        let has_static_init = c.body.body.iter().any(|e| match e {
            ClassElement::PropertyDefinition(p) => p.r#static,
            ClassElement::StaticBlock(_) => true,
            _ => false,
        });
        if has_instance_fields {
            let v = self.a.tree.add_var(cs, ".fields_init", VarKind::Internal, 0);
            self.a.tree.vars[v].captured = true;
            info.fields_init = Some(v);
        }
        if let Some(h) = &c.heritage {
            self.expr(&h.expression)?;
        }
        let has_ctor = c
            .body
            .body
            .iter()
            .any(|e| matches!(e, ClassElement::MethodDefinition(m) if m.kind == MethodDefinitionKind::Constructor));
        if !has_ctor {
            let s = self.a.tree.add_scope(ScopeType::Function, Some(cs), false);
            info.default_ctor_scope = Some(s);
        }
        // Computed keys are evaluated in order at definition time, in the class scope.
        for (i, el) in c.body.body.iter().enumerate() {
            match el {
                ClassElement::MethodDefinition(m) => {
                    if m.key.is_private_identifier() {
                        return Err(self.unsupported(m.span, "private class members"));
                    }
                    if m.computed {
                        self.property_key(&m.key)?;
                    }
                    let role = if m.kind == MethodDefinitionKind::Constructor {
                        FnRole::Constructor { class_scope: cs, derived }
                    } else {
                        FnRole::Method {
                            home: cs,
                            is_static: m.r#static,
                        }
                    };
                    self.function(&m.value, role, false)?;
                }
                ClassElement::PropertyDefinition(p) => {
                    if p.key.is_private_identifier() {
                        return Err(self.unsupported(p.span, "private class members"));
                    }
                    if p.computed {
                        self.property_key(&p.key)?;
                        let name = format!(".field_key_{i}");
                        let v = self.a.tree.add_var(cs, &name, VarKind::Internal, 0);
                        self.a.tree.vars[v].captured = true;
                        info.field_keys.insert(addr(&**p), v);
                    }
                }
                ClassElement::StaticBlock(_) => {}
                ClassElement::AccessorProperty(a) => {
                    return Err(self.unsupported(a.span, "auto-accessors"));
                }
                ClassElement::TSIndexSignature(t) => {
                    return Err(self.unsupported(t.span, "TypeScript index signatures"));
                }
            }
        }
        // Field initializers run in synthetic methods whose `this` is the instance
        // (or the constructor, for static ones).
        if has_instance_fields {
            let s = self.a.tree.add_scope(ScopeType::Function, Some(cs), false);
            info.fields_scope = Some(s);
            self.initializer_body(c, s, false)?;
        }
        if has_static_init {
            let s = self.a.tree.add_scope(ScopeType::Function, Some(cs), false);
            info.static_scope = Some(s);
            self.initializer_body(c, s, true)?;
        }
        self.a.classes.insert(addr(c), info);
        self.scope = outer;
        Ok(())
    }

    fn initializer_body(&mut self, c: &Class<'_>, fn_scope: ScopeId, is_static: bool) -> R {
        let outer = self.scope;
        self.scope = fn_scope;
        self.methods.push(MethodCtx {
            home: Some((self.a.tree.scopes[fn_scope].parent.unwrap_or(fn_scope), is_static)),
            derived_ctor: false,
            class_scope: None,
        });
        for el in &c.body.body {
            match el {
                ClassElement::PropertyDefinition(p) if p.r#static == is_static => {
                    if let Some(v) = &p.value {
                        self.expr(v)?;
                    }
                }
                ClassElement::StaticBlock(b) if is_static => {
                    self.push_scope(ScopeType::Block, addr(&**b), false);
                    self.stmts(&b.body)?;
                    self.scope = fn_scope;
                }
                _ => {}
            }
        }
        self.methods.pop();
        self.scope = outer;
        Ok(())
    }

    pub(super) fn object(&mut self, o: &ObjectExpression<'_>) -> R {
        let has_methods = o.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => p.method || p.kind != PropertyKind::Init,
            _ => false,
        });
        let outer = self.scope;
        let home = if has_methods {
            Some(self.push_scope(ScopeType::Block, addr(o), false))
        } else {
            None
        };
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p) => {
                    if p.computed {
                        self.property_key(&p.key)?;
                    }
                    match (&p.value, home) {
                        (Expression::FunctionExpression(f), Some(h)) if p.method || p.kind != PropertyKind::Init => {
                            self.function(f, FnRole::Method { home: h, is_static: false }, false)?;
                        }
                        (value, _) => self.expr(value)?,
                    }
                }
                ObjectPropertyKind::SpreadProperty(s) => self.expr(&s.argument)?,
            }
        }
        self.scope = outer;
        Ok(())
    }
}
