//! Control flow: break/continue/return through the control scope stack, try/catch,
//! try/finally (Ignition's "token + result register" lowering), loops, `switch` and
//! labelled statements.
//!
//! Invariants: every non-local jump goes through `execute`, which pops exactly the
//! contexts pushed since the target control scope and routes through every
//! intervening `finally`; a `finally` block is entered with the token register set
//! (-1 fall-through, 0 rethrow, k > 0 deferred command k) and dispatches on it after
//! the block.

use super::{FnGen, R};
use crate::analysis::addr;
use crate::builder::Label;
use crate::bytecode::{Opcode, Register};
use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};

/// Token of a normal fall-through into a finally block.
const TOKEN_FALLTHROUGH: i32 = -1;
/// Token of an exception entering a finally block.
const TOKEN_RETHROW: i32 = 0;

/// A non-local transfer of control.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Command {
    Break(usize),
    Continue(usize),
    Return,
}

pub(super) enum ControlKind {
    Breakable {
        labels: Vec<String>,
        break_label: Label,
        continue_label: Option<Label>,
        unlabeled_break: bool,
    },
    TryFinally {
        finally_label: Label,
        token: Register,
        result: Register,
        deferred: Vec<(i32, Command)>,
    },
}

/// One entry of the control scope stack.
pub(super) struct Control {
    pub kind: ControlKind,
    /// Number of contexts pushed in this function when the scope was entered.
    pub context_len: usize,
}

/// Body or finalizer callback of `try_finally`/`try_catch`.
pub(super) type Block<'f, 'c, 's> = &'f mut dyn FnMut(&mut FnGen<'c, 's>) -> R;

impl<'c, 's> FnGen<'c, 's> {
    /// Pop (at run time) the contexts pushed after the first `len`.
    pub(super) fn pop_contexts_to(&mut self, len: usize) {
        if self.contexts.len() > len {
            let saved = self.contexts[len];
            self.emit(Opcode::PopContext, &[u32::from(saved.0)]);
        }
    }

    /// Perform a break/continue/return, running intervening finally blocks.
    pub(super) fn execute(&mut self, cmd: Command, pos: u32) -> R {
        let target = match cmd {
            Command::Break(i) | Command::Continue(i) => Some(i),
            Command::Return => None,
        };
        let mut i = self.control.len();
        while i > 0 {
            i -= 1;
            if Some(i) == target {
                let context_len = self.control[i].context_len;
                self.pop_contexts_to(context_len);
                let ControlKind::Breakable {
                    break_label,
                    continue_label,
                    ..
                } = &self.control[i].kind
                else {
                    return Err(self.error_at(pos, "internal compiler error: bad jump target"));
                };
                let label = match cmd {
                    Command::Continue(_) => continue_label.unwrap_or(*break_label),
                    _ => *break_label,
                };
                self.b.emit_jump(Opcode::Jump, label);
                return Ok(());
            }
            let context_len = self.control[i].context_len;
            if let ControlKind::TryFinally {
                finally_label,
                token,
                result,
                deferred,
            } = &mut self.control[i].kind
            {
                let t = match deferred.iter().find(|(_, c)| *c == cmd) {
                    Some((t, _)) => *t,
                    None => {
                        let t = deferred.len() as i32 + 1;
                        deferred.push((t, cmd));
                        t
                    }
                };
                let (finally_label, token, result) = (*finally_label, *token, *result);
                if cmd == Command::Return {
                    self.star(result);
                }
                self.emit(Opcode::LdaSmi, &[t as u32]);
                self.star(token);
                self.pop_contexts_to(context_len);
                self.b.emit_jump(Opcode::Jump, finally_label);
                return Ok(());
            }
        }
        if cmd == Command::Return {
            self.emit_return(pos);
            Ok(())
        } else {
            Err(self.error_at(pos, "internal compiler error: jump target not found"))
        }
    }

    /// `try { body } finally { fin }`; `fin` receives the token register.
    pub(super) fn try_finally(&mut self, body: Block<'_, 'c, 's>, fin: &mut dyn FnMut(&mut FnGen<'c, 's>, Register) -> R) -> R {
        let mark = self.b.register_mark();
        let token = self.b.alloc();
        let result = self.b.alloc();
        let context = self.b.alloc();
        self.emit(Opcode::SaveContext, &[u32::from(context.0)]);
        let finally_label = self.b.new_label();
        let handler = self.b.new_label();
        let start = self.b.offset();
        self.control.push(Control {
            kind: ControlKind::TryFinally {
                finally_label,
                token,
                result,
                deferred: Vec::new(),
            },
            context_len: self.contexts.len(),
        });
        let outcome = body(self);
        let ctl = self.control.pop();
        outcome?;
        let end = self.b.offset();
        self.emit(Opcode::LdaSmi, &[TOKEN_FALLTHROUGH as u32]);
        self.star(token);
        self.b.emit_jump(Opcode::Jump, finally_label);
        self.b.bind_handler(handler);
        self.b.add_handler(start, end, handler, context);
        self.star(result);
        self.emit(Opcode::LdaSmi, &[TOKEN_RETHROW as u32]);
        self.star(token);
        self.b.bind(finally_label);
        fin(self, token)?;
        let deferred = match ctl {
            Some(Control {
                kind: ControlKind::TryFinally { deferred, .. },
                ..
            }) => deferred,
            _ => Vec::new(),
        };
        for (t, cmd) in deferred {
            let next = self.b.new_label();
            self.emit(Opcode::LdaSmi, &[t as u32]);
            let s = self.slot();
            self.emit(Opcode::TestEqualStrict, &[u32::from(token.0), s]);
            self.b.emit_jump(Opcode::JumpIfFalse, next);
            if cmd == Command::Return {
                self.ldar(result);
            }
            self.execute(cmd, 0)?;
            self.b.bind(next);
        }
        let done = self.b.new_label();
        self.emit(Opcode::LdaSmi, &[TOKEN_RETHROW as u32]);
        let s = self.slot();
        self.emit(Opcode::TestEqualStrict, &[u32::from(token.0), s]);
        self.b.emit_jump(Opcode::JumpIfFalse, done);
        self.ldar(result);
        self.emit(Opcode::ReThrow, &[]);
        self.b.bind(done);
        self.b.release_to(mark);
        Ok(())
    }

    /// `try { body } catch { handler }`; the handler starts with the exception in acc.
    pub(super) fn try_catch(&mut self, body: Block<'_, 'c, 's>, catch: Block<'_, 'c, 's>) -> R {
        let mark = self.b.register_mark();
        let context = self.b.alloc();
        self.emit(Opcode::SaveContext, &[u32::from(context.0)]);
        let start = self.b.offset();
        body(self)?;
        let end = self.b.offset();
        let done = self.b.new_label();
        self.b.emit_jump(Opcode::Jump, done);
        let handler = self.b.new_label();
        self.b.bind_handler(handler);
        self.b.add_handler(start, end, handler, context);
        catch(self)?;
        self.b.bind(done);
        self.b.release_to(mark);
        Ok(())
    }

    pub(super) fn try_statement(&mut self, t: &TryStatement<'_>) -> R {
        let mut catch_part = |g: &mut FnGen<'c, 's>| -> R {
            match &t.handler {
                Some(h) => g.try_catch(&mut |g| g.block(&t.block), &mut |g| g.catch_clause(h)),
                None => g.block(&t.block),
            }
        };
        match &t.finalizer {
            Some(f) => self.try_finally(&mut catch_part, &mut |g, _| g.block(f)),
            None => catch_part(self),
        }
    }

    fn catch_clause(&mut self, h: &CatchClause<'_>) -> R {
        let mark = self.b.register_mark();
        let exception = self.b.alloc();
        self.star(exception);
        let scope = self.scope_of(addr(h), h.span)?;
        self.enter_scope(scope)?;
        if let Some(p) = &h.param {
            self.ldar(exception);
            self.bind_pattern(&p.pattern, super::StoreMode::Init)?;
        }
        self.block(&h.body)?;
        self.exit_scope();
        self.b.release_to(mark);
        Ok(())
    }

    // ----- Breakable scopes -----

    fn push_breakable(&mut self, labels: Vec<String>, unlabeled_break: bool, continue_label: Option<Label>) -> Label {
        let break_label = self.b.new_label();
        self.control.push(super::control::Control {
            kind: ControlKind::Breakable {
                labels,
                break_label,
                continue_label,
                unlabeled_break,
            },
            context_len: self.contexts.len(),
        });
        break_label
    }

    fn pop_breakable(&mut self) {
        self.control.pop();
    }

    pub(super) fn break_statement(&mut self, s: &BreakStatement<'_>) -> R {
        let target = self.control.iter().rposition(|c| match &c.kind {
            ControlKind::Breakable {
                labels, unlabeled_break, ..
            } => match &s.label {
                Some(l) => labels.iter().any(|x| x == l.name.as_str()),
                None => *unlabeled_break,
            },
            _ => false,
        });
        match target {
            Some(i) => self.execute(Command::Break(i), s.span.start),
            None => Err(match &s.label {
                Some(l) => self.error_at(l.span.start, format!("Undefined label '{}'", l.name)),
                None => self.error_at(s.span.start, "Illegal break statement"),
            }),
        }
    }

    pub(super) fn continue_statement(&mut self, s: &ContinueStatement<'_>) -> R {
        let mut found_non_loop = false;
        let target = self.control.iter().rposition(|c| match &c.kind {
            ControlKind::Breakable {
                labels, continue_label, ..
            } => match &s.label {
                Some(l) => {
                    let hit = labels.iter().any(|x| x == l.name.as_str());
                    if hit && continue_label.is_none() {
                        found_non_loop = true;
                    }
                    hit && continue_label.is_some()
                }
                None => continue_label.is_some(),
            },
            _ => false,
        });
        match target {
            Some(i) => self.execute(Command::Continue(i), s.span.start),
            None => Err(match &s.label {
                Some(l) if found_non_loop => self.error_at(
                    l.span.start,
                    format!("Illegal continue statement: '{}' does not denote an iteration statement", l.name),
                ),
                Some(l) => self.error_at(l.span.start, format!("Undefined label '{}'", l.name)),
                None => self.error_at(s.span.start, "Illegal continue statement: no surrounding iteration statement"),
            }),
        }
    }

    pub(super) fn labeled_statement(&mut self, l: &LabeledStatement<'_>) -> R {
        let mut labels = vec![l.label.name.to_string()];
        let mut body = &l.body;
        while let Statement::LabeledStatement(inner) = body {
            labels.push(inner.label.name.to_string());
            body = &inner.body;
        }
        match body {
            Statement::ForStatement(_)
            | Statement::ForInStatement(_)
            | Statement::ForOfStatement(_)
            | Statement::WhileStatement(_)
            | Statement::DoWhileStatement(_) => self.loop_statement(body, labels),
            other => {
                let break_label = self.push_breakable(labels, false, None);
                let r = self.statement(other);
                self.pop_breakable();
                r?;
                self.b.bind(break_label);
                Ok(())
            }
        }
    }

    // ----- Loops -----

    /// Compile a loop statement with the labels that name it.
    pub(super) fn loop_statement(&mut self, s: &Statement<'_>, labels: Vec<String>) -> R {
        match s {
            Statement::WhileStatement(w) => self.while_loop(w, labels),
            Statement::DoWhileStatement(d) => self.do_while_loop(d, labels),
            Statement::ForStatement(f) => self.for_loop(f, labels),
            Statement::ForInStatement(f) => self.for_in_loop(f, labels),
            Statement::ForOfStatement(f) => self.for_of_loop(f, labels),
            other => Err(self.internal(other.span(), "not a loop")),
        }
    }

    /// Compile `body` as a loop body with break/continue targets.
    fn loop_body(&mut self, body: &Statement<'_>, labels: Vec<String>, continue_label: Label) -> R<Label> {
        let break_label = self.push_breakable(labels, true, Some(continue_label));
        let r = self.statement(body);
        self.pop_breakable();
        r?;
        Ok(break_label)
    }

    fn while_loop(&mut self, w: &WhileStatement<'_>, labels: Vec<String>) -> R {
        let header = self.b.new_label();
        self.b.bind_loop_header(header);
        let continue_label = self.b.new_label();
        let exit = self.b.new_label();
        self.condition(&w.test, exit)?;
        let break_label = self.loop_body(&w.body, labels, continue_label)?;
        self.b.bind(continue_label);
        self.b.emit_jump(Opcode::JumpLoop, header);
        self.b.bind(exit);
        self.b.bind(break_label);
        Ok(())
    }

    fn do_while_loop(&mut self, d: &DoWhileStatement<'_>, labels: Vec<String>) -> R {
        let header = self.b.new_label();
        self.b.bind_loop_header(header);
        let continue_label = self.b.new_label();
        let exit = self.b.new_label();
        let break_label = self.loop_body(&d.body, labels, continue_label)?;
        self.b.bind(continue_label);
        self.condition(&d.test, exit)?;
        self.b.emit_jump(Opcode::JumpLoop, header);
        self.b.bind(exit);
        self.b.bind(break_label);
        Ok(())
    }

    /// Replace the current (loop head) context by a copy, so closures created in the
    /// previous iteration keep their own bindings.
    fn copy_iteration_context(&mut self) {
        let scope = self.scope;
        let slots = self.c.an.tree.scopes[scope].context_slots.len() as u32;
        if slots == 0 || !self.b.is_reachable() {
            return;
        }
        let mark = self.b.register_mark();
        let temps = self.b.alloc_many(slots);
        for i in 0..slots {
            self.emit(Opcode::LdaContextSlot, &[0, i]);
            self.star(temps.offset(i));
        }
        let Some(&saved) = self.contexts.last() else {
            return;
        };
        self.emit(Opcode::PopContext, &[u32::from(saved.0)]);
        let si = self.c.an.tree.scope_info(scope);
        let c = self.b.add_constant(crate::script::Constant::ScopeInfo(si));
        self.emit(Opcode::CreateBlockContext, &[c]);
        self.emit(Opcode::PushContext, &[u32::from(saved.0)]);
        for i in 0..slots {
            self.ldar(temps.offset(i));
            self.emit(Opcode::StaContextSlot, &[0, i]);
        }
        self.b.release_to(mark);
    }

    fn for_loop(&mut self, f: &ForStatement<'_>, labels: Vec<String>) -> R {
        let head_scope = self.c.an.node_scopes.get(&addr(f)).copied();
        if let Some(s) = head_scope {
            self.enter_scope(s)?;
        }
        match &f.init {
            Some(ForStatementInit::VariableDeclaration(d)) => self.variable_declaration(d)?,
            Some(init) => self.expr(init.to_expression())?,
            None => {}
        }
        if head_scope.is_some() {
            self.copy_iteration_context();
        }
        let header = self.b.new_label();
        self.b.bind_loop_header(header);
        let continue_label = self.b.new_label();
        let exit = self.b.new_label();
        if let Some(test) = &f.test {
            self.condition(test, exit)?;
        }
        let break_label = self.loop_body(&f.body, labels, continue_label)?;
        self.b.bind(continue_label);
        if head_scope.is_some() {
            self.copy_iteration_context();
        }
        if let Some(update) = &f.update {
            self.expr_for_effect(update)?;
        }
        self.b.emit_jump(Opcode::JumpLoop, header);
        self.b.bind(exit);
        self.b.bind(break_label);
        if head_scope.is_some() {
            self.exit_scope();
        }
        Ok(())
    }

    /// Assign the accumulator to the left side of a for-in/of head, entering the
    /// per-iteration scope if there is one. Returns whether a scope was entered.
    fn for_each_assign(&mut self, node: usize, left: &ForStatementLeft<'_>) -> R<bool> {
        match left {
            ForStatementLeft::VariableDeclaration(d) => {
                let decl = d.declarations.first().ok_or_else(|| self.internal(d.span, "empty declaration"))?;
                let scope = self.c.an.node_scopes.get(&node).copied();
                if let Some(s) = scope {
                    // Not released here: `enter_scope` allocates the saved-context
                    // register after it, which must live until `exit_scope`; the
                    // enclosing loop releases both.
                    let value = self.b.alloc();
                    self.star(value);
                    self.enter_scope(s)?;
                    self.ldar(value);
                }
                self.bind_pattern(&decl.id, super::StoreMode::Init)?;
                Ok(scope.is_some())
            }
            other => {
                self.assign_to_target(other.to_assignment_target())?;
                Ok(false)
            }
        }
    }

    /// Loop body of for-in/of: bind the value in acc to the head, run the body. The
    /// break/continue scope is entered before the per-iteration scope, so jumps out
    /// pop its context.
    fn for_each_body(
        &mut self,
        node: usize,
        left: &ForStatementLeft<'_>,
        body: &Statement<'_>,
        labels: Vec<String>,
        continue_label: Label,
    ) -> R<Label> {
        let break_label = self.push_breakable(labels, true, Some(continue_label));
        let r = self.for_each_assign(node, left).and_then(|entered| {
            self.statement(body)?;
            if entered {
                self.exit_scope();
            }
            Ok(())
        });
        self.pop_breakable();
        r?;
        Ok(break_label)
    }

    fn for_in_loop(&mut self, f: &ForInStatement<'_>, labels: Vec<String>) -> R {
        let mark = self.b.register_mark();
        let end = self.b.new_label();
        self.expr(&f.right)?;
        self.b.emit_jump(Opcode::JumpIfUndefinedOrNull, end);
        let receiver = self.b.alloc();
        let cache = self.b.alloc_many(3);
        let length = cache.offset(1);
        let index = cache.offset(2);
        self.star(receiver);
        self.emit_at(f.right.span().start, Opcode::ForInPrepare, &[u32::from(cache.0)]);
        self.emit(Opcode::LdaZero, &[]);
        self.star(index);
        let header = self.b.new_label();
        self.b.bind_loop_header(header);
        let continue_label = self.b.new_label();
        let exit = self.b.new_label();
        self.emit(Opcode::ForInContinue, &[u32::from(index.0), u32::from(length.0)]);
        self.b.emit_jump(Opcode::JumpIfFalse, exit);
        let s = self.slot();
        self.emit(
            Opcode::ForInNext,
            &[u32::from(receiver.0), u32::from(index.0), u32::from(cache.0), s],
        );
        self.b.emit_jump(Opcode::JumpIfUndefined, continue_label);
        let break_label = self.for_each_body(addr(f), &f.left, &f.body, labels, continue_label)?;
        self.b.bind(continue_label);
        self.emit(Opcode::ForInStep, &[u32::from(index.0)]);
        self.b.emit_jump(Opcode::JumpLoop, header);
        self.b.bind(exit);
        self.b.bind(break_label);
        self.b.bind(end);
        self.b.release_to(mark);
        Ok(())
    }

    fn for_of_loop(&mut self, f: &ForOfStatement<'_>, labels: Vec<String>) -> R {
        let mark = self.b.register_mark();
        let iterator = self.b.alloc();
        let next = self.b.alloc();
        let done = self.b.alloc();
        self.expr(&f.right)?;
        self.star(iterator);
        self.open_iterator(iterator, next, f.right.span().start);
        let node = addr(f);
        let mut labels = Some(labels);
        self.try_finally(
            &mut |g| {
                let header = g.b.new_label();
                g.b.bind_loop_header(header);
                let continue_label = g.b.new_label();
                let exit = g.b.new_label();
                g.iterator_step(iterator, next, done, exit, f.right.span().start);
                let break_label = g.for_each_body(node, &f.left, &f.body, labels.take().unwrap_or_default(), continue_label)?;
                g.b.bind(continue_label);
                g.b.emit_jump(Opcode::JumpLoop, header);
                g.b.bind(exit);
                g.b.bind(break_label);
                Ok(())
            },
            &mut |g, token| {
                g.close_iterator_unless_done(iterator, done, token);
                Ok(())
            },
        )?;
        self.b.release_to(mark);
        Ok(())
    }

    /// `iterator` holds an iterable; replace it by its iterator and load `next`.
    pub(super) fn open_iterator(&mut self, iterator: Register, next: Register, pos: u32) {
        let s = self.slot();
        self.emit_at(pos, Opcode::GetIterator, &[u32::from(iterator.0), s]);
        self.star(iterator);
        let name = self.name_const("next");
        let s = self.slot();
        self.emit_at(pos, Opcode::GetNamedProperty, &[u32::from(iterator.0), name, s]);
        self.star(next);
    }

    /// One iteration step: acc = next value, or jump to `exhausted` (with `done`
    /// left true). `done` is true while a step is in flight, so an exception from
    /// `next()` or `value` does not close the iterator.
    pub(super) fn iterator_step(&mut self, iterator: Register, next: Register, done: Register, exhausted: Label, pos: u32) {
        self.emit(Opcode::LdaTrue, &[]);
        self.star(done);
        let s = self.slot();
        self.emit_at(pos, Opcode::IteratorNext, &[u32::from(iterator.0), u32::from(next.0), s]);
        let mark = self.b.register_mark();
        let result = self.b.alloc();
        self.star(result);
        let done_name = self.name_const("done");
        let s = self.slot();
        self.emit_at(pos, Opcode::GetNamedProperty, &[u32::from(result.0), done_name, s]);
        self.b.emit_jump(Opcode::JumpIfToBooleanTrue, exhausted);
        let value_name = self.name_const("value");
        let s = self.slot();
        self.emit_at(pos, Opcode::GetNamedProperty, &[u32::from(result.0), value_name, s]);
        self.star(result);
        self.emit(Opcode::LdaFalse, &[]);
        self.star(done);
        self.ldar(result);
        self.b.release_to(mark);
    }

    /// Finally part of iteration: close the iterator if it is not done, swallowing
    /// errors from `return()` when an exception is propagating.
    pub(super) fn close_iterator_unless_done(&mut self, iterator: Register, done: Register, token: Register) {
        let skip = self.b.new_label();
        let normal = self.b.new_label();
        self.ldar(done);
        self.b.emit_jump(Opcode::JumpIfTrue, skip);
        self.emit(Opcode::LdaSmi, &[TOKEN_RETHROW as u32]);
        let s = self.slot();
        self.emit(Opcode::TestEqualStrict, &[u32::from(token.0), s]);
        self.b.emit_jump(Opcode::JumpIfFalse, normal);
        self.emit(Opcode::IteratorClose, &[u32::from(iterator.0), 1]);
        self.b.emit_jump(Opcode::Jump, skip);
        self.b.bind(normal);
        self.emit(Opcode::IteratorClose, &[u32::from(iterator.0), 0]);
        self.b.bind(skip);
    }

    // ----- switch -----

    pub(super) fn switch_statement(&mut self, sw: &SwitchStatement<'_>) -> R {
        let mark = self.b.register_mark();
        let tag = self.b.alloc();
        self.expr(&sw.discriminant)?;
        self.star(tag);
        let scope = self.scope_of(addr(sw), sw.span)?;
        self.enter_scope(scope)?;
        for case in &sw.cases {
            self.hoist_functions(&case.consequent)?;
        }
        let case_labels: Vec<Label> = sw.cases.iter().map(|_| self.b.new_label()).collect();
        for (case, label) in sw.cases.iter().zip(&case_labels) {
            if let Some(test) = &case.test {
                self.expr(test)?;
                let s = self.slot();
                self.emit(Opcode::TestEqualStrict, &[u32::from(tag.0), s]);
                self.b.emit_jump(Opcode::JumpIfTrue, *label);
            }
        }
        let break_label = self.push_breakable(Vec::new(), true, None);
        match sw.cases.iter().position(|c| c.test.is_none()) {
            Some(d) => self.b.emit_jump(Opcode::Jump, case_labels[d]),
            None => self.b.emit_jump(Opcode::Jump, break_label),
        }
        let mut result = Ok(());
        for (case, label) in sw.cases.iter().zip(&case_labels) {
            self.b.bind(*label);
            result = self.statements(&case.consequent);
            if result.is_err() {
                break;
            }
        }
        self.pop_breakable();
        result?;
        self.b.bind(break_label);
        self.exit_scope();
        self.b.release_to(mark);
        Ok(())
    }

    pub(super) fn return_statement(&mut self, r: &ReturnStatement<'_>) -> R {
        match &r.argument {
            Some(e) => return self.return_value(e, r.span.start),
            None if self.kind == crate::script::FunctionKind::DerivedConstructor => {
                self.execute_derived_return(r.span)?;
                return Ok(());
            }
            None => self.emit(Opcode::LdaUndefined, &[]),
        }
        self.execute(Command::Return, r.span.start)
    }

    /// `return e`. A conditional returns from each arm (`return c ? a : b` as
    /// `if (c) return a; return b;`): the taken arm needs no jump to a shared `Return`.
    fn return_value(&mut self, e: &Expression<'_>, position: u32) -> R {
        match e {
            Expression::ConditionalExpression(c) => {
                let else_label = self.b.new_label();
                self.condition(&c.test, else_label)?;
                self.return_value(&c.consequent, position)?;
                self.b.bind(else_label);
                self.return_value(&c.alternate, position)
            }
            Expression::ParenthesizedExpression(p) => self.return_value(&p.expression, position),
            _ => {
                self.expr(e)?;
                self.execute(Command::Return, position)
            }
        }
    }

    fn execute_derived_return(&mut self, span: Span) -> R {
        self.emit(Opcode::LdaUndefined, &[]);
        self.execute(Command::Return, span.start)
    }
}
