//! Statement code generation: blocks, declarations, function hoisting, `if`,
//! expression statements and conditions.
//!
//! Invariant: statements leave no temporaries allocated and the context stack as
//! they found it; function declarations are instantiated at the entry of the scope
//! that declares them, before any statement of that scope runs.

use super::{FnGen, R, StoreMode};
use crate::analysis::addr;
use crate::builder::Label;
use crate::bytecode::Opcode;
use crate::script::FunctionKind;
use oxc_ast::ast::*;
use oxc_span::GetSpan;
use oxc_syntax::operator::{BinaryOperator, LogicalOperator, UnaryOperator};

impl FnGen<'_, '_> {
    pub(super) fn statements(&mut self, stmts: &[Statement<'_>]) -> R {
        stmts.iter().try_for_each(|s| self.statement(s))
    }

    pub(super) fn statement(&mut self, s: &Statement<'_>) -> R {
        match s {
            Statement::BlockStatement(b) => self.block(b),
            Statement::BreakStatement(b) => self.break_statement(b),
            Statement::ContinueStatement(c) => self.continue_statement(c),
            Statement::DebuggerStatement(_) => {
                self.emit(Opcode::Debugger, &[]);
                Ok(())
            }
            Statement::DoWhileStatement(_)
            | Statement::ForStatement(_)
            | Statement::ForInStatement(_)
            | Statement::ForOfStatement(_)
            | Statement::WhileStatement(_) => self.loop_statement(s, Vec::new()),
            Statement::EmptyStatement(_) => Ok(()),
            Statement::ExpressionStatement(e) => {
                match self.completion {
                    Some(c) => {
                        self.expr(&e.expression)?;
                        self.star(c);
                    }
                    None => self.expr_for_effect(&e.expression)?,
                }
                Ok(())
            }
            Statement::IfStatement(i) => {
                let else_label = self.b.new_label();
                self.condition(&i.test, else_label)?;
                self.statement(&i.consequent)?;
                match &i.alternate {
                    Some(alt) => {
                        let end = self.b.new_label();
                        self.b.emit_jump(Opcode::Jump, end);
                        self.b.bind(else_label);
                        self.statement(alt)?;
                        self.b.bind(end);
                    }
                    None => self.b.bind(else_label),
                }
                Ok(())
            }
            Statement::LabeledStatement(l) => self.labeled_statement(l),
            Statement::ReturnStatement(r) => self.return_statement(r),
            Statement::SwitchStatement(sw) => self.switch_statement(sw),
            Statement::ThrowStatement(t) => {
                self.expr(&t.argument)?;
                self.emit_at(t.span.start, Opcode::Throw, &[]);
                Ok(())
            }
            Statement::TryStatement(t) => self.try_statement(t),
            Statement::VariableDeclaration(d) => self.variable_declaration(d),
            Statement::FunctionDeclaration(_) => Ok(()),
            Statement::ClassDeclaration(c) => {
                let name = c.id.as_ref().map(|id| id.name.to_string()).unwrap_or_default();
                self.class(c, name)?;
                if let Some(id) = &c.id {
                    let v = self.binding_var(id)?;
                    self.store_var(v, StoreMode::Init, id.span.start)?;
                }
                Ok(())
            }
            Statement::WithStatement(w) => Err(self.unsupported(w.span, "with statements")),
            other => Err(self.unsupported(other.span(), "modules and TypeScript declarations")),
        }
    }

    pub(super) fn block(&mut self, b: &BlockStatement<'_>) -> R {
        let scope = self.scope_of(addr(b), b.span)?;
        self.enter_scope(scope)?;
        self.hoist_functions(&b.body)?;
        self.statements(&b.body)?;
        self.exit_scope();
        Ok(())
    }

    /// Instantiate the function declarations of a statement list.
    pub(super) fn hoist_functions(&mut self, stmts: &[Statement<'_>]) -> R {
        for s in stmts {
            self.hoist_function_statement(s)?;
        }
        Ok(())
    }

    fn hoist_function_statement(&mut self, s: &Statement<'_>) -> R {
        match s {
            Statement::FunctionDeclaration(f) => {
                let Some(id) = &f.id else { return Ok(()) };
                let v = self.binding_var(id)?;
                self.function_closure(f, FunctionKind::Normal, id.name.to_string())?;
                self.store_var(v, StoreMode::Init, id.span.start)
            }
            Statement::LabeledStatement(l) => self.hoist_function_statement(&l.body),
            Statement::IfStatement(i) => {
                if let Statement::FunctionDeclaration(_) = &i.consequent {
                    self.hoist_function_statement(&i.consequent)?;
                }
                if let Some(alt @ Statement::FunctionDeclaration(_)) = &i.alternate {
                    self.hoist_function_statement(alt)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(super) fn variable_declaration(&mut self, d: &VariableDeclaration<'_>) -> R {
        for decl in &d.declarations {
            match &decl.init {
                Some(init) => {
                    match &decl.id {
                        BindingPattern::BindingIdentifier(id) => self.expr_named(init, id.name.as_str())?,
                        _ => self.expr(init)?,
                    }
                    self.bind_pattern(&decl.id, StoreMode::Init)?;
                }
                None if d.kind != VariableDeclarationKind::Var => {
                    self.emit(Opcode::LdaUndefined, &[]);
                    self.bind_pattern(&decl.id, StoreMode::Init)?;
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Jump to `false_label` when `e` is falsy; fall through otherwise.
    pub(super) fn condition(&mut self, e: &Expression<'_>, false_label: Label) -> R {
        match e {
            Expression::LogicalExpression(l) if l.operator == LogicalOperator::And => {
                self.condition(&l.left, false_label)?;
                self.condition(&l.right, false_label)
            }
            Expression::LogicalExpression(l) if l.operator == LogicalOperator::Or => {
                let ok = self.b.new_label();
                self.expr(&l.left)?;
                let op = if produces_boolean(&l.left) {
                    Opcode::JumpIfTrue
                } else {
                    Opcode::JumpIfToBooleanTrue
                };
                self.b.emit_jump(op, ok);
                self.condition(&l.right, false_label)?;
                self.b.bind(ok);
                Ok(())
            }
            Expression::BooleanLiteral(b) if b.value => Ok(()),
            _ => {
                self.expr(e)?;
                let op = if produces_boolean(e) {
                    Opcode::JumpIfFalse
                } else {
                    Opcode::JumpIfToBooleanFalse
                };
                self.b.emit_jump(op, false_label);
                Ok(())
            }
        }
    }
}

/// Whether an expression always leaves a boolean in the accumulator.
pub(super) fn produces_boolean(e: &Expression<'_>) -> bool {
    match e {
        Expression::BooleanLiteral(_) => true,
        Expression::UnaryExpression(u) => {
            matches!(u.operator, UnaryOperator::LogicalNot | UnaryOperator::Delete)
        }
        Expression::BinaryExpression(b) => matches!(
            b.operator,
            BinaryOperator::Equality
                | BinaryOperator::Inequality
                | BinaryOperator::StrictEquality
                | BinaryOperator::StrictInequality
                | BinaryOperator::LessThan
                | BinaryOperator::LessEqualThan
                | BinaryOperator::GreaterThan
                | BinaryOperator::GreaterEqualThan
                | BinaryOperator::Instanceof
                | BinaryOperator::In
        ),
        _ => false,
    }
}
