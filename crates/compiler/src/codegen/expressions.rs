//! Expression code generation: literals, templates, operators, logical and
//! conditional expressions, `typeof`/`delete`/`void`, update expressions, function
//! expressions and the expression dispatcher.
//!
//! Invariant: each function here leaves the expression's value in the accumulator
//! and releases every temporary it allocated. No constant folding is done.

use super::{FnGen, R};
use crate::analysis::addr;
use crate::bytecode::{Opcode, Register};
use crate::script::{Constant, FunctionKind};
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use oxc_syntax::operator::{AssignmentOperator, BinaryOperator, LogicalOperator, UnaryOperator};

impl FnGen<'_, '_> {
    pub(super) fn expr(&mut self, e: &Expression<'_>) -> R {
        match e {
            Expression::BooleanLiteral(b) => {
                self.emit(if b.value { Opcode::LdaTrue } else { Opcode::LdaFalse }, &[]);
                Ok(())
            }
            Expression::NullLiteral(_) => {
                self.emit(Opcode::LdaNull, &[]);
                Ok(())
            }
            Expression::NumericLiteral(n) => {
                self.load_smi_or_number(n.value);
                Ok(())
            }
            Expression::StringLiteral(s) => {
                let c = self.string_value_constant(s.value.as_str(), s.lone_surrogates);
                self.emit(Opcode::LdaConstant, &[c]);
                Ok(())
            }
            Expression::BigIntLiteral(b) => Err(self.unsupported(b.span, "BigInt literals")),
            Expression::RegExpLiteral(r) => {
                let pattern = self.name_const(r.regex.pattern.text.as_str());
                let flags = regexp_flags(r.regex.flags);
                let flags = self.name_const(&flags);
                let s = self.slot();
                self.emit_at(r.span.start, Opcode::CreateRegExpLiteral, &[pattern, flags, s]);
                Ok(())
            }
            Expression::TemplateLiteral(t) => self.template_literal(t),
            Expression::Identifier(id) => self.load_identifier(id, false),
            Expression::ThisExpression(t) => {
                let v = *self
                    .c
                    .an
                    .this_refs
                    .get(&addr(&**t))
                    .ok_or_else(|| self.internal(t.span, "unresolved this"))?;
                self.load_var(v, t.span.start);
                Ok(())
            }
            Expression::Super(s) => Err(self.error_at(s.span.start, "'super' keyword unexpected here")),
            Expression::ArrayExpression(a) => self.array_literal(a),
            Expression::ObjectExpression(o) => self.object_literal(o),
            Expression::FunctionExpression(f) => {
                let name = f.id.as_ref().map(|id| id.name.to_string()).unwrap_or_default();
                self.function_closure(f, FunctionKind::Normal, name)
            }
            Expression::ArrowFunctionExpression(f) => self.arrow_closure(f, String::new()),
            Expression::ClassExpression(c) => {
                let name = c.id.as_ref().map(|id| id.name.to_string()).unwrap_or_default();
                self.class(c, name)
            }
            Expression::AssignmentExpression(a) => self.assignment(a),
            Expression::BinaryExpression(b) => self.binary(b),
            Expression::LogicalExpression(l) => self.logical(l),
            Expression::ConditionalExpression(c) => {
                let else_label = self.b.new_label();
                let end = self.b.new_label();
                self.condition(&c.test, else_label)?;
                self.expr(&c.consequent)?;
                self.b.emit_jump(Opcode::Jump, end);
                self.b.bind(else_label);
                self.expr(&c.alternate)?;
                self.b.bind(end);
                Ok(())
            }
            Expression::SequenceExpression(s) => s.expressions.iter().try_for_each(|e| self.expr(e)),
            Expression::ParenthesizedExpression(p) => self.expr(&p.expression),
            Expression::UnaryExpression(u) => self.unary(u),
            Expression::UpdateExpression(u) => self.update(u),
            Expression::CallExpression(c) => self.call(c),
            Expression::V8IntrinsicExpression(v) => self.call_runtime(v),
            Expression::NewExpression(n) => self.new_expression(n),
            Expression::ChainExpression(c) => self.chain_expression(c),
            Expression::TaggedTemplateExpression(t) => self.tagged_template(t),
            Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) | Expression::PrivateFieldExpression(_) => {
                self.member(e.to_member_expression())
            }
            Expression::NewTarget(n) => {
                let v = *self
                    .c
                    .an
                    .new_target_refs
                    .get(&addr(&**n))
                    .ok_or_else(|| self.internal(n.span, "unresolved new.target"))?;
                self.load_var(v, n.span.start);
                Ok(())
            }
            Expression::AwaitExpression(a) => Err(self.unsupported(a.span, "await")),
            Expression::YieldExpression(y) => Err(self.unsupported(y.span, "generators")),
            Expression::ImportExpression(i) => Err(self.unsupported(i.span, "dynamic import")),
            Expression::ImportMeta(i) => Err(self.unsupported(i.span, "modules")),
            Expression::PrivateInExpression(p) => Err(self.unsupported(p.span, "private class members")),
            other => Err(self.unsupported(other.span(), "JSX and TypeScript syntax")),
        }
    }

    /// Compile `e`, naming it `name` if it is an anonymous function or class.
    pub(super) fn expr_named(&mut self, e: &Expression<'_>, name: &str) -> R {
        match e {
            Expression::FunctionExpression(f) if f.id.is_none() => self.function_closure(f, FunctionKind::Normal, name.to_string()),
            Expression::ArrowFunctionExpression(f) => self.arrow_closure(f, name.to_string()),
            Expression::ClassExpression(c) if c.id.is_none() => self.class(c, name.to_string()),
            _ => self.expr(e),
        }
    }

    /// Compile `e` into a fresh temporary register.
    pub(super) fn expr_to_new_reg(&mut self, e: &Expression<'_>) -> R<Register> {
        let r = self.b.alloc();
        self.expr(e)?;
        self.star(r);
        Ok(r)
    }

    /// The register holding `e` if it is a register variable readable without checks.
    pub(super) fn alias_register(&self, e: &Expression<'_>) -> Option<Register> {
        let Expression::Identifier(id) = e else {
            return None;
        };
        let v = self.c.an.refs.get(&addr(&**id)).copied().flatten()?;
        self.var_register(v, id.span.start)
    }

    /// `e` into a register: the variable's own register when `e` is a register
    /// variable and `safe` (nothing evaluated afterwards can write it), else a temp.
    pub(super) fn expr_to_reg(&mut self, e: &Expression<'_>, safe: bool) -> R<Register> {
        if safe && let Some(r) = self.alias_register(e) {
            return Ok(r);
        }
        self.expr_to_new_reg(e)
    }

    fn template_literal(&mut self, t: &TemplateLiteral<'_>) -> R {
        let quasi = |g: &mut Self, i: usize| -> Option<u32> {
            let q = t.quasis.get(i)?;
            let text = q.value.cooked.as_ref().map(|c| c.as_str()).unwrap_or("");
            if text.is_empty() && i > 0 {
                return None;
            }
            Some(g.string_value_constant(text, q.lone_surrogates))
        };
        let first = quasi(self, 0);
        if t.expressions.is_empty() {
            let c = match first {
                Some(c) => c,
                None => self.name_const(""),
            };
            self.emit(Opcode::LdaConstant, &[c]);
            return Ok(());
        }
        let mark = self.b.register_mark();
        let acc = self.b.alloc();
        let mut have = false;
        if let Some(c) = first
            && !t.quasis[0].value.cooked.as_ref().is_some_and(|s| s.is_empty())
        {
            self.emit(Opcode::LdaConstant, &[c]);
            self.star(acc);
            have = true;
        }
        for (i, e) in t.expressions.iter().enumerate() {
            self.expr(e)?;
            self.emit_at(e.span().start, Opcode::ToString, &[]);
            if have {
                let s = self.slot();
                self.emit(Opcode::Add, &[u32::from(acc.0), s]);
            }
            self.star(acc);
            have = true;
            if let Some(c) = quasi(self, i + 1) {
                self.emit(Opcode::LdaConstant, &[c]);
                let s = self.slot();
                self.emit(Opcode::Add, &[u32::from(acc.0), s]);
                self.star(acc);
            }
        }
        self.ldar(acc);
        self.b.release_to(mark);
        Ok(())
    }

    fn array_literal(&mut self, a: &ArrayExpression<'_>) -> R {
        let mark = self.b.register_mark();
        let arr = self.b.alloc();
        let s = self.slot();
        self.emit(Opcode::CreateArrayLiteral, &[a.elements.len() as u32, s]);
        self.star(arr);
        for el in &a.elements {
            match el {
                ArrayExpressionElement::SpreadElement(sp) => {
                    self.expr(&sp.argument)?;
                    let s = self.slot();
                    self.emit_at(sp.span.start, Opcode::ArrayPushSpread, &[u32::from(arr.0), s]);
                }
                ArrayExpressionElement::Elision(_) => {
                    self.emit(Opcode::ArrayPushHole, &[u32::from(arr.0)]);
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

    fn binary(&mut self, b: &BinaryExpression<'_>) -> R {
        let (op, negate) = match b.operator {
            BinaryOperator::Addition => (Opcode::Add, false),
            BinaryOperator::Subtraction => (Opcode::Sub, false),
            BinaryOperator::Multiplication => (Opcode::Mul, false),
            BinaryOperator::Division => (Opcode::Div, false),
            BinaryOperator::Remainder => (Opcode::Mod, false),
            BinaryOperator::Exponential => (Opcode::Exp, false),
            BinaryOperator::BitwiseOR => (Opcode::BitwiseOr, false),
            BinaryOperator::BitwiseXOR => (Opcode::BitwiseXor, false),
            BinaryOperator::BitwiseAnd => (Opcode::BitwiseAnd, false),
            BinaryOperator::ShiftLeft => (Opcode::ShiftLeft, false),
            BinaryOperator::ShiftRight => (Opcode::ShiftRight, false),
            BinaryOperator::ShiftRightZeroFill => (Opcode::ShiftRightLogical, false),
            BinaryOperator::Equality => (Opcode::TestEqual, false),
            BinaryOperator::Inequality => (Opcode::TestEqual, true),
            BinaryOperator::StrictEquality => (Opcode::TestEqualStrict, false),
            BinaryOperator::StrictInequality => (Opcode::TestEqualStrict, true),
            BinaryOperator::LessThan => (Opcode::TestLessThan, false),
            BinaryOperator::LessEqualThan => (Opcode::TestLessThanOrEqual, false),
            BinaryOperator::GreaterThan => (Opcode::TestGreaterThan, false),
            BinaryOperator::GreaterEqualThan => (Opcode::TestGreaterThanOrEqual, false),
            BinaryOperator::Instanceof => (Opcode::TestInstanceOf, false),
            BinaryOperator::In => (Opcode::TestIn, false),
        };
        let mark = self.b.register_mark();
        let safe = no_local_writes(&b.right);
        let left = self.expr_to_reg(&b.left, safe)?;
        self.expr(&b.right)?;
        let s = self.slot();
        self.emit_at(b.span.start, op, &[u32::from(left.0), s]);
        if negate {
            self.emit(Opcode::LogicalNot, &[]);
        }
        self.b.release_to(mark);
        Ok(())
    }

    fn logical(&mut self, l: &LogicalExpression<'_>) -> R {
        let end = self.b.new_label();
        self.expr(&l.left)?;
        let op = match l.operator {
            LogicalOperator::Or => Opcode::JumpIfToBooleanTrue,
            LogicalOperator::And => Opcode::JumpIfToBooleanFalse,
            LogicalOperator::Coalesce => Opcode::JumpIfNotUndefinedOrNull,
        };
        self.b.emit_jump(op, end);
        self.expr(&l.right)?;
        self.b.bind(end);
        Ok(())
    }

    fn unary(&mut self, u: &UnaryExpression<'_>) -> R {
        let pos = u.span.start;
        match u.operator {
            UnaryOperator::UnaryNegation => {
                self.expr(&u.argument)?;
                let s = self.slot();
                self.emit_at(pos, Opcode::Negate, &[s]);
            }
            UnaryOperator::UnaryPlus => {
                self.expr(&u.argument)?;
                let s = self.slot();
                self.emit_at(pos, Opcode::ToNumber, &[s]);
            }
            UnaryOperator::BitwiseNot => {
                self.expr(&u.argument)?;
                let s = self.slot();
                self.emit_at(pos, Opcode::BitwiseNot, &[s]);
            }
            UnaryOperator::LogicalNot => {
                self.expr(&u.argument)?;
                let op = if super::statements::produces_boolean(&u.argument) {
                    Opcode::LogicalNot
                } else {
                    Opcode::ToBooleanLogicalNot
                };
                self.emit(op, &[]);
            }
            UnaryOperator::Typeof => {
                match &u.argument {
                    Expression::Identifier(id) => self.load_identifier(id, true)?,
                    other => self.expr(other)?,
                }
                self.emit(Opcode::TypeOf, &[]);
            }
            UnaryOperator::Void => {
                self.expr(&u.argument)?;
                self.emit(Opcode::LdaUndefined, &[]);
            }
            UnaryOperator::Delete => self.delete(&u.argument, pos)?,
        }
        Ok(())
    }

    fn delete(&mut self, e: &Expression<'_>, pos: u32) -> R {
        match e {
            Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) => {
                self.delete_member(e.to_member_expression(), pos)
            }
            Expression::ChainExpression(c) => {
                let member = match &c.expression {
                    ChainElement::CallExpression(_) | ChainElement::TSNonNullExpression(_) => None,
                    other => Some(other.to_member_expression()),
                };
                let Some(member) = member else {
                    self.expr(e)?;
                    self.emit(Opcode::LdaTrue, &[]);
                    return Ok(());
                };
                let nullish = self.b.new_label();
                self.chain.push(nullish);
                let r = self.delete_member(member, pos);
                self.chain.pop();
                r?;
                let end = self.b.new_label();
                self.b.emit_jump(Opcode::Jump, end);
                self.b.bind(nullish);
                self.emit(Opcode::LdaTrue, &[]);
                self.b.bind(end);
                Ok(())
            }
            Expression::Identifier(id) => {
                match self.reference_var(id)? {
                    Some(_) => self.emit(Opcode::LdaFalse, &[]),
                    None => {
                        let c = self.name_const(id.name.as_str());
                        self.emit_at(pos, Opcode::DeleteGlobal, &[c]);
                    }
                }
                Ok(())
            }
            other => {
                self.expr(other)?;
                self.emit(Opcode::LdaTrue, &[]);
                Ok(())
            }
        }
    }

    fn delete_member(&mut self, m: &MemberExpression<'_>, pos: u32) -> R {
        let op = if self.strict {
            Opcode::DeletePropertyStrict
        } else {
            Opcode::DeletePropertySloppy
        };
        if matches!(m.object(), Expression::Super(_)) {
            return Err(self.unsupported(m.span(), "delete of a super property"));
        }
        let mark = self.b.register_mark();
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                let o = self.expr_to_reg(&s.object, true)?;
                if s.optional {
                    self.ldar(o);
                    self.optional_check(s.span)?;
                }
                let c = self.name_const(s.property.name.as_str());
                self.emit(Opcode::LdaConstant, &[c]);
                self.emit_at(pos, op, &[u32::from(o.0)]);
            }
            MemberExpression::ComputedMemberExpression(c) => {
                let o = self.expr_to_reg(&c.object, no_local_writes(&c.expression))?;
                if c.optional {
                    self.ldar(o);
                    self.optional_check(c.span)?;
                }
                self.expr(&c.expression)?;
                self.emit_at(pos, op, &[u32::from(o.0)]);
            }
            MemberExpression::PrivateFieldExpression(p) => {
                return Err(self.unsupported(p.span, "private class members"));
            }
        }
        self.b.release_to(mark);
        Ok(())
    }

    /// Compile `e` for its side effects only (the accumulator value is unused).
    pub(super) fn expr_for_effect(&mut self, e: &Expression<'_>) -> R {
        match e {
            Expression::UpdateExpression(u) => self.update_value(u, false),
            other => self.expr(other),
        }
    }

    fn update(&mut self, u: &UpdateExpression<'_>) -> R {
        self.update_value(u, true)
    }

    fn update_value(&mut self, u: &UpdateExpression<'_>, value_needed: bool) -> R {
        let op = match u.operator {
            oxc_syntax::operator::UpdateOperator::Increment => Opcode::Inc,
            oxc_syntax::operator::UpdateOperator::Decrement => Opcode::Dec,
        };
        let mark = self.b.register_mark();
        let target = self.prepare_reference(&u.argument)?;
        self.load_reference(&target, u.span.start)?;
        let s = self.slot();
        self.emit_at(u.span.start, Opcode::ToNumeric, &[s]);
        let old = if u.prefix || !value_needed {
            None
        } else {
            let r = self.b.alloc();
            self.star(r);
            Some(r)
        };
        let s = self.slot();
        self.emit_at(u.span.start, op, &[s]);
        self.store_reference(&target, u.span.start)?;
        if let Some(old) = old {
            self.ldar(old);
        }
        self.b.release_to(mark);
        Ok(())
    }

    fn assignment(&mut self, a: &AssignmentExpression<'_>) -> R {
        let pos = a.span.start;
        if a.operator == AssignmentOperator::Assign {
            return match &a.left {
                AssignmentTarget::ArrayAssignmentTarget(_) | AssignmentTarget::ObjectAssignmentTarget(_) => {
                    let mark = self.b.register_mark();
                    let value = self.b.alloc();
                    self.expr(&a.right)?;
                    self.star(value);
                    self.assign_to_target(&a.left)?;
                    self.ldar(value);
                    self.b.release_to(mark);
                    Ok(())
                }
                other => {
                    let mark = self.b.register_mark();
                    let target = self.prepare_reference(other.to_simple_assignment_target())?;
                    match &a.left {
                        AssignmentTarget::AssignmentTargetIdentifier(id) => self.expr_named(&a.right, id.name.as_str())?,
                        _ => self.expr(&a.right)?,
                    }
                    self.store_reference(&target, pos)?;
                    self.b.release_to(mark);
                    Ok(())
                }
            };
        }
        let simple = a
            .left
            .as_simple_assignment_target()
            .ok_or_else(|| self.error_at(pos, "Invalid left-hand side in assignment"))?;
        let mark = self.b.register_mark();
        let target = self.prepare_reference(simple)?;
        self.load_reference(&target, pos)?;
        let logical = match a.operator {
            AssignmentOperator::LogicalOr => Some(Opcode::JumpIfToBooleanTrue),
            AssignmentOperator::LogicalAnd => Some(Opcode::JumpIfToBooleanFalse),
            AssignmentOperator::LogicalNullish => Some(Opcode::JumpIfNotUndefinedOrNull),
            _ => None,
        };
        if let Some(jump) = logical {
            let end = self.b.new_label();
            self.b.emit_jump(jump, end);
            match simple {
                SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => self.expr_named(&a.right, id.name.as_str())?,
                _ => self.expr(&a.right)?,
            }
            self.store_reference(&target, pos)?;
            self.b.bind(end);
            self.b.release_to(mark);
            return Ok(());
        }
        let op = match a.operator {
            AssignmentOperator::Addition => Opcode::Add,
            AssignmentOperator::Subtraction => Opcode::Sub,
            AssignmentOperator::Multiplication => Opcode::Mul,
            AssignmentOperator::Division => Opcode::Div,
            AssignmentOperator::Remainder => Opcode::Mod,
            AssignmentOperator::Exponential => Opcode::Exp,
            AssignmentOperator::ShiftLeft => Opcode::ShiftLeft,
            AssignmentOperator::ShiftRight => Opcode::ShiftRight,
            AssignmentOperator::ShiftRightZeroFill => Opcode::ShiftRightLogical,
            AssignmentOperator::BitwiseOR => Opcode::BitwiseOr,
            AssignmentOperator::BitwiseXOR => Opcode::BitwiseXor,
            AssignmentOperator::BitwiseAnd => Opcode::BitwiseAnd,
            _ => return Err(self.internal(a.span, "assignment operator")),
        };
        let old = self.b.alloc();
        self.star(old);
        self.expr(&a.right)?;
        let s = self.slot();
        self.emit_at(pos, op, &[u32::from(old.0), s]);
        self.store_reference(&target, pos)?;
        self.b.release_to(mark);
        Ok(())
    }

    /// Template object constant for a tagged template.
    pub(super) fn template_object(&mut self, t: &TemplateLiteral<'_>) -> u32 {
        let cooked = t.quasis.iter().map(|q| q.value.cooked.as_ref().map(|c| c.to_string())).collect();
        let raw = t.quasis.iter().map(|q| q.value.raw.to_string()).collect();
        self.b.add_constant(Constant::TemplateObject { cooked, raw })
    }
}

/// Flags of a regular expression literal in canonical order.
fn regexp_flags(flags: RegExpFlags) -> String {
    let mut s = String::new();
    for (bit, ch) in [
        (RegExpFlags::D, 'd'),
        (RegExpFlags::G, 'g'),
        (RegExpFlags::I, 'i'),
        (RegExpFlags::M, 'm'),
        (RegExpFlags::S, 's'),
        (RegExpFlags::U, 'u'),
        (RegExpFlags::V, 'v'),
        (RegExpFlags::Y, 'y'),
    ] {
        if flags.contains(bit) {
            s.push(ch);
        }
    }
    s
}

/// Whether evaluating `e` can never write a register variable of the current
/// function (only assignments, updates and declarations in this function can; code in
/// other functions only reaches captured variables, which live in contexts).
pub(super) fn no_local_writes(e: &Expression<'_>) -> bool {
    match e {
        Expression::BooleanLiteral(_)
        | Expression::NullLiteral(_)
        | Expression::NumericLiteral(_)
        | Expression::StringLiteral(_)
        | Expression::RegExpLiteral(_)
        | Expression::BigIntLiteral(_)
        | Expression::Identifier(_)
        | Expression::ThisExpression(_)
        | Expression::FunctionExpression(_)
        | Expression::ArrowFunctionExpression(_)
        | Expression::NewTarget(_) => true,
        Expression::TemplateLiteral(t) => t.expressions.iter().all(no_local_writes),
        Expression::StaticMemberExpression(m) => no_local_writes(&m.object),
        Expression::ComputedMemberExpression(m) => no_local_writes(&m.object) && no_local_writes(&m.expression),
        Expression::BinaryExpression(b) => no_local_writes(&b.left) && no_local_writes(&b.right),
        Expression::LogicalExpression(b) => no_local_writes(&b.left) && no_local_writes(&b.right),
        Expression::UnaryExpression(u) => no_local_writes(&u.argument),
        Expression::ConditionalExpression(c) => no_local_writes(&c.test) && no_local_writes(&c.consequent) && no_local_writes(&c.alternate),
        Expression::CallExpression(c) => {
            no_local_writes(&c.callee)
                && c.arguments.iter().all(|a| match a {
                    Argument::SpreadElement(s) => no_local_writes(&s.argument),
                    other => no_local_writes(other.to_expression()),
                })
        }
        _ => false,
    }
}
