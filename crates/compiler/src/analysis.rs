//! Scope analysis: one walk over the AST that builds the `ScopeTree`, declares every
//! binding (with early redeclaration errors), resolves every identifier reference
//! and records the implicit bindings (`this`, `new.target`, home objects, `super()`
//! state) each construct needs.
//!
//! Invariant: the scopes created here are keyed by the address of the AST node that
//! introduces them, and codegen enters exactly the same nodes, so both passes agree
//! on the scope of every node. Unsupported features are rejected here, before any
//! bytecode is generated.

use crate::error::{CompileError, ErrorKind};
use crate::scope::{ScopeId, ScopeTree, ScopeType, VarId, VarKind};
use oxc_ast::ast::*;
use oxc_span::{GetSpan, Span};
use std::collections::{HashMap, HashSet};

mod classes;

/// Address of an AST node, its identity in the analysis maps.
pub(crate) fn addr<T>(node: &T) -> usize {
    node as *const T as usize
}

/// The implicit bindings a `super(...)` call uses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SuperCallInfo {
    pub this_var: VarId,
    pub new_target_var: VarId,
    pub this_function_var: VarId,
    pub fields_init: Option<VarId>,
}

/// What the analysis learnt about one class.
#[derive(Clone, Debug, Default)]
pub(crate) struct ClassInfo {
    pub scope: ScopeId,
    pub inner_name: Option<VarId>,
    pub fields_init: Option<VarId>,
    pub fields_scope: Option<ScopeId>,
    pub static_scope: Option<ScopeId>,
    pub default_ctor_scope: Option<ScopeId>,
    /// Computed field key variables, by `PropertyDefinition` address.
    pub field_keys: HashMap<usize, VarId>,
}

/// Result of scope analysis.
pub(crate) struct Analysis {
    pub tree: ScopeTree,
    pub script_scope: ScopeId,
    pub node_scopes: HashMap<usize, ScopeId>,
    pub refs: HashMap<usize, Option<VarId>>,
    pub bindings: HashMap<usize, VarId>,
    pub this_refs: HashMap<usize, VarId>,
    pub new_target_refs: HashMap<usize, VarId>,
    /// (home object, `this`) variables of each `super.x`, by `Super` node address.
    pub super_home_refs: HashMap<usize, (VarId, VarId)>,
    pub super_calls: HashMap<usize, SuperCallInfo>,
    pub classes: HashMap<usize, ClassInfo>,
    /// Field initializer variable a base class constructor must call, by `Function` address.
    pub ctor_fields_init: HashMap<usize, VarId>,
}

#[derive(Clone, Copy)]
struct MethodCtx {
    home: Option<(ScopeId, bool)>,
    derived_ctor: bool,
    /// Class scope of the constructor this context belongs to.
    class_scope: Option<ScopeId>,
}

/// Deepest statement/expression nesting the analysis accepts (code generation
/// recurses to the same depth).
const MAX_DEPTH: u32 = 20_000;

struct Walker<'s> {
    source: &'s str,
    depth: u32,
    a: Analysis,
    scope: ScopeId,
    pending: Vec<(ScopeId, String, usize, u32)>,
    /// `arguments` references that only read `arguments.length` (by node address).
    length_reads: HashSet<usize>,
    methods: Vec<MethodCtx>,
}

type R<T = ()> = Result<T, CompileError>;

/// Analyse a parsed script.
pub(crate) fn analyze(program: &Program<'_>, source: &str) -> R<Analysis> {
    let mut tree = ScopeTree::default();
    let script = tree.add_scope(ScopeType::Script, None, false);
    tree.scopes[script].strict = program.has_use_strict_directive();
    let mut w = Walker {
        source,
        depth: 0,
        a: Analysis {
            tree,
            script_scope: script,
            node_scopes: HashMap::new(),
            refs: HashMap::new(),
            bindings: HashMap::new(),
            this_refs: HashMap::new(),
            new_target_refs: HashMap::new(),
            super_home_refs: HashMap::new(),
            super_calls: HashMap::new(),
            classes: HashMap::new(),
            ctor_fields_init: HashMap::new(),
        },
        scope: script,
        pending: Vec::new(),
        length_reads: HashSet::new(),
        methods: vec![MethodCtx {
            home: None,
            derived_ctor: false,
            class_scope: None,
        }],
    };
    w.a.node_scopes.insert(addr(program), script);
    for s in &program.body {
        w.stmt(s)?;
    }
    for (scope, name, node, pos) in std::mem::take(&mut w.pending) {
        let v = w.a.tree.resolve(scope, &name);
        if let Some(v) = v {
            let from_fn = w.a.tree.scopes[scope].function;
            if w.a.tree.needs_hole_check(v, from_fn, pos) {
                w.a.tree.vars[v].hole_observable = true;
            }
        }
        w.a.refs.insert(node, v);
    }
    // An `arguments` object only ever asked for its length cannot be seen to alias.
    let mut observed = HashSet::new();
    for (node, v) in &w.a.refs {
        if let Some(v) = *v
            && w.a.tree.vars[v].kind == VarKind::Arguments
            && !w.length_reads.contains(node)
        {
            observed.insert(v);
        }
    }
    for v in 0..w.a.tree.vars.len() {
        if w.a.tree.vars[v].kind == VarKind::Arguments && !observed.contains(&v) {
            let scope = w.a.tree.vars[v].scope;
            w.a.tree.scopes[scope].arguments_length_only = true;
        }
    }
    w.a.tree.allocate();
    Ok(w.a)
}

/// The `arguments` of `arguments.length`, if `e` is that expression.
fn arguments_length_object<'e>(e: &'e Expression<'_>) -> Option<&'e IdentifierReference<'e>> {
    match e {
        Expression::StaticMemberExpression(m) if m.property.name == "length" => match &m.object {
            Expression::Identifier(id) if id.name == "arguments" => Some(id),
            _ => None,
        },
        _ => None,
    }
}

/// A "not supported yet" error at `span`.
pub(crate) fn unsupported(source: &str, span: Span, feature: &str) -> CompileError {
    CompileError::new(ErrorKind::SyntaxError, format!("not supported yet: {feature}"), source, span.start)
}

impl Walker<'_> {
    fn syntax_error(&self, span: Span, msg: impl Into<String>) -> CompileError {
        CompileError::new(ErrorKind::SyntaxError, msg, self.source, span.start)
    }

    fn unsupported(&self, span: Span, feature: &str) -> CompileError {
        unsupported(self.source, span, feature)
    }

    fn strict(&self) -> bool {
        self.a.tree.scopes[self.scope].strict
    }

    fn push_scope(&mut self, ty: ScopeType, node: usize, is_arrow: bool) -> ScopeId {
        let s = self.a.tree.add_scope(ty, Some(self.scope), is_arrow);
        self.a.node_scopes.insert(node, s);
        self.scope = s;
        s
    }

    fn pop_scope(&mut self) {
        self.scope = self.a.tree.scopes[self.scope].parent.unwrap_or(self.scope);
    }

    // ----- Declarations -----

    fn redeclared(&self, span: Span, name: &str) -> CompileError {
        self.syntax_error(span, format!("Identifier '{name}' has already been declared"))
    }

    /// Declare `name` of `kind` (var-like kinds hoist to the function scope).
    fn declare(&mut self, name: &str, kind: VarKind, span: Span, init_end: u32) -> R<VarId> {
        let tree = &mut self.a.tree;
        match kind {
            VarKind::Var | VarKind::FunctionDecl => {
                let target = tree.scopes[self.scope].function;
                let mut s = self.scope;
                loop {
                    if let Some(&v) = tree.scopes[s].names.get(name) {
                        let existing = tree.vars[v].kind;
                        let catch_ok = existing == VarKind::CatchParam;
                        if (existing.is_lexical() || existing == VarKind::BlockFunction) && !catch_ok {
                            return Err(self.redeclared(span, name));
                        }
                        if s == target && existing != VarKind::FunctionName {
                            if kind == VarKind::FunctionDecl && matches!(existing, VarKind::Var | VarKind::Arguments) {
                                tree.vars[v].kind = VarKind::FunctionDecl;
                            }
                            return Ok(v);
                        }
                    }
                    tree.scopes[s].var_names_through.insert(name.to_string());
                    if s == target {
                        break;
                    }
                    match tree.scopes[s].parent {
                        Some(p) => s = p,
                        None => break,
                    }
                }
                // `var arguments` in a function is the arguments object's binding (which it
                // initializes), unless a function declaration takes the name.
                let scope = &tree.scopes[target];
                let kind = if kind == VarKind::Var && name == "arguments" && scope.ty == ScopeType::Function && !scope.is_arrow {
                    VarKind::Arguments
                } else {
                    kind
                };
                Ok(tree.add_var(target, name, kind, init_end))
            }
            _ => {
                let s = self.scope;
                if let Some(&v) = tree.scopes[s].names.get(name) {
                    let existing = tree.vars[v].kind;
                    let sloppy_fn_dup = kind == VarKind::BlockFunction && existing == VarKind::BlockFunction && !tree.scopes[s].strict;
                    if sloppy_fn_dup {
                        return Ok(v);
                    }
                    if existing != VarKind::FunctionName && !(kind == VarKind::Param && existing == VarKind::Param) {
                        return Err(self.redeclared(span, name));
                    }
                }
                if kind != VarKind::Param && tree.scopes[s].var_names_through.contains(name) {
                    return Err(self.redeclared(span, name));
                }
                Ok(tree.add_var(s, name, kind, init_end))
            }
        }
    }

    fn declare_binding(&mut self, id: &BindingIdentifier<'_>, kind: VarKind, init_end: u32) -> R {
        let v = self.declare(id.name.as_str(), kind, id.span, init_end)?;
        self.a.bindings.insert(addr(id), v);
        Ok(())
    }

    /// Declare every identifier bound by a pattern.
    fn declare_pattern(&mut self, p: &BindingPattern<'_>, kind: VarKind, init_end: u32) -> R {
        match p {
            BindingPattern::BindingIdentifier(id) => self.declare_binding(id, kind, init_end),
            BindingPattern::ObjectPattern(o) => {
                for prop in &o.properties {
                    self.declare_pattern(&prop.value, kind, init_end)?;
                }
                if let Some(rest) = &o.rest {
                    self.declare_pattern(&rest.argument, kind, init_end)?;
                }
                Ok(())
            }
            BindingPattern::ArrayPattern(a) => {
                for el in a.elements.iter().flatten() {
                    self.declare_pattern(el, kind, init_end)?;
                }
                if let Some(rest) = &a.rest {
                    self.declare_pattern(&rest.argument, kind, init_end)?;
                }
                Ok(())
            }
            BindingPattern::AssignmentPattern(ap) => self.declare_pattern(&ap.left, kind, init_end),
        }
    }

    /// Visit the expressions inside a pattern (defaults, computed keys).
    fn pattern_exprs(&mut self, p: &BindingPattern<'_>) -> R {
        match p {
            BindingPattern::BindingIdentifier(_) => Ok(()),
            BindingPattern::ObjectPattern(o) => {
                for prop in &o.properties {
                    if prop.computed {
                        self.property_key(&prop.key)?;
                    }
                    self.pattern_exprs(&prop.value)?;
                }
                if let Some(rest) = &o.rest {
                    self.pattern_exprs(&rest.argument)?;
                }
                Ok(())
            }
            BindingPattern::ArrayPattern(a) => {
                for el in a.elements.iter().flatten() {
                    self.pattern_exprs(el)?;
                }
                if let Some(rest) = &a.rest {
                    self.pattern_exprs(&rest.argument)?;
                }
                Ok(())
            }
            BindingPattern::AssignmentPattern(ap) => {
                self.pattern_exprs(&ap.left)?;
                self.expr(&ap.right)
            }
        }
    }

    fn var_decl(&mut self, d: &VariableDeclaration<'_>) -> R {
        let kind = match d.kind {
            VariableDeclarationKind::Var => VarKind::Var,
            VariableDeclarationKind::Let => VarKind::Let,
            VariableDeclarationKind::Const => VarKind::Const,
            _ => return Err(self.unsupported(d.span, "using declarations")),
        };
        for decl in &d.declarations {
            self.declare_pattern(&decl.id, kind, decl.span.end)?;
            self.pattern_exprs(&decl.id)?;
            if let Some(init) = &decl.init {
                self.expr(init)?;
            }
        }
        Ok(())
    }

    // ----- Statements -----

    fn stmts(&mut self, body: &[Statement<'_>]) -> R {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn block(&mut self, b: &BlockStatement<'_>) -> R {
        self.push_scope(ScopeType::Block, addr(b), false);
        self.stmts(&b.body)?;
        self.pop_scope();
        Ok(())
    }

    fn stmt(&mut self, s: &Statement<'_>) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.unsupported(s.span(), "nesting this deep"));
        }
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Statement<'_>) -> R {
        match s {
            Statement::BlockStatement(b) => self.block(b),
            Statement::BreakStatement(_)
            | Statement::ContinueStatement(_)
            | Statement::DebuggerStatement(_)
            | Statement::EmptyStatement(_) => Ok(()),
            Statement::DoWhileStatement(d) => {
                self.stmt(&d.body)?;
                self.expr(&d.test)
            }
            Statement::ExpressionStatement(e) => self.expr(&e.expression),
            Statement::ForInStatement(f) => self.for_in_of(addr(&**f), &f.left, &f.right, &f.body),
            Statement::ForOfStatement(f) => {
                if f.r#await {
                    return Err(self.unsupported(f.span, "for await"));
                }
                self.for_in_of(addr(&**f), &f.left, &f.right, &f.body)
            }
            Statement::ForStatement(f) => {
                let lexical = matches!(&f.init, Some(ForStatementInit::VariableDeclaration(d)) if d.kind != VariableDeclarationKind::Var);
                if lexical {
                    self.push_scope(ScopeType::Block, addr(&**f), false);
                }
                match &f.init {
                    Some(ForStatementInit::VariableDeclaration(d)) => self.var_decl(d)?,
                    Some(init) => self.expr(init.to_expression())?,
                    None => {}
                }
                if let Some(t) = &f.test {
                    self.expr(t)?;
                }
                if let Some(u) = &f.update {
                    self.expr(u)?;
                }
                self.stmt(&f.body)?;
                if lexical {
                    self.pop_scope();
                }
                Ok(())
            }
            Statement::IfStatement(i) => {
                self.expr(&i.test)?;
                self.stmt(&i.consequent)?;
                if let Some(a) = &i.alternate {
                    self.stmt(a)?;
                }
                Ok(())
            }
            Statement::LabeledStatement(l) => self.stmt(&l.body),
            Statement::ReturnStatement(r) => match &r.argument {
                Some(e) => self.expr(e),
                None => Ok(()),
            },
            Statement::SwitchStatement(sw) => {
                self.expr(&sw.discriminant)?;
                let s = self.push_scope(ScopeType::Block, addr(&**sw), false);
                self.a.tree.scopes[s].is_switch = true;
                for case in &sw.cases {
                    if let Some(t) = &case.test {
                        self.expr(t)?;
                    }
                    self.stmts(&case.consequent)?;
                }
                self.pop_scope();
                Ok(())
            }
            Statement::ThrowStatement(t) => self.expr(&t.argument),
            Statement::TryStatement(t) => {
                self.block(&t.block)?;
                if let Some(h) = &t.handler {
                    let catch_scope = self.push_scope(ScopeType::Catch, addr(&**h), false);
                    if let Some(p) = &h.param {
                        self.declare_pattern(&p.pattern, VarKind::CatchParam, 0)?;
                        self.pattern_exprs(&p.pattern)?;
                    }
                    self.block(&h.body)?;
                    let body_scope = self.a.node_scopes[&addr(&*h.body)];
                    for &v in &self.a.tree.scopes[body_scope].vars {
                        let var = &self.a.tree.vars[v];
                        if var.kind.is_lexical() && self.a.tree.scopes[catch_scope].names.contains_key(&var.name) {
                            return Err(self.redeclared(h.body.span, &var.name.clone()));
                        }
                    }
                    self.pop_scope();
                }
                if let Some(f) = &t.finalizer {
                    self.block(f)?;
                }
                Ok(())
            }
            Statement::WhileStatement(w) => {
                self.expr(&w.test)?;
                self.stmt(&w.body)
            }
            Statement::WithStatement(w) => Err(self.unsupported(w.span, "with statements")),
            Statement::VariableDeclaration(d) => self.var_decl(d),
            Statement::FunctionDeclaration(f) => {
                let id =
                    f.id.as_ref()
                        .ok_or_else(|| self.syntax_error(f.span, "Function statements require a function name"))?;
                let fn_level = matches!(self.a.tree.scopes[self.scope].ty, ScopeType::Function | ScopeType::Script);
                let kind = if fn_level { VarKind::FunctionDecl } else { VarKind::BlockFunction };
                self.declare_binding(id, kind, 0)?;
                self.function(f, FnRole::Plain, false)
            }
            Statement::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    self.declare_binding(id, VarKind::Class, c.span.end)?;
                }
                self.class(c)
            }
            other => Err(self.unsupported(other.span(), "modules and TypeScript declarations")),
        }
    }

    fn for_in_of(&mut self, node: usize, left: &ForStatementLeft<'_>, right: &Expression<'_>, body: &Statement<'_>) -> R {
        self.expr(right)?;
        let lexical = matches!(left, ForStatementLeft::VariableDeclaration(d) if d.kind != VariableDeclarationKind::Var);
        if lexical {
            self.push_scope(ScopeType::Block, node, false);
        }
        match left {
            ForStatementLeft::VariableDeclaration(d) => self.var_decl(d)?,
            other => self.assignment_target(other.to_assignment_target())?,
        }
        self.stmt(body)?;
        if lexical {
            self.pop_scope();
        }
        Ok(())
    }

    // ----- Functions -----

    fn function(&mut self, f: &Function<'_>, role: FnRole, bind_own_name: bool) -> R {
        if f.generator {
            return Err(self.unsupported(f.span, "generators"));
        }
        if f.r#async {
            return Err(self.unsupported(f.span, "async functions"));
        }
        let Some(body) = &f.body else {
            return Err(self.unsupported(f.span, "function declarations without a body"));
        };
        let outer = self.scope;
        let s = self.push_scope(ScopeType::Function, addr(f), false);
        if f.has_use_strict_directive() {
            self.a.tree.scopes[s].strict = true;
        }
        let ctx = match role {
            FnRole::Plain => MethodCtx {
                home: None,
                derived_ctor: false,
                class_scope: None,
            },
            FnRole::Method { home, is_static } => MethodCtx {
                home: Some((home, is_static)),
                derived_ctor: false,
                class_scope: None,
            },
            FnRole::Constructor { class_scope, derived } => MethodCtx {
                home: Some((class_scope, false)),
                derived_ctor: derived,
                class_scope: Some(class_scope),
            },
        };
        if let FnRole::Constructor { derived: true, .. } = role {
            self.a.tree.resolve(s, "this");
            self.a.tree.resolve(s, "new.target");
            self.a.tree.add_var(s, ".this_function", VarKind::ThisFunction, 0);
        }
        if let FnRole::Constructor {
            derived: false,
            class_scope,
        } = role
            && let Some(&fi) = self.a.tree.scopes[class_scope].names.get(".fields_init")
        {
            self.a.tree.vars[fi].captured = true;
            self.a.ctor_fields_init.insert(addr(f), fi);
        }
        self.methods.push(ctx);
        let unique = !matches!(role, FnRole::Plain);
        self.params(&f.params, unique)?;
        self.stmts(&body.statements)?;
        if bind_own_name && let Some(id) = &f.id {
            let tree = &mut self.a.tree;
            if !tree.scopes[s].names.contains_key(id.name.as_str()) {
                let v = tree.add_var(s, id.name.as_str(), VarKind::FunctionName, 0);
                self.a.bindings.insert(addr(id), v);
            }
        }
        self.methods.pop();
        self.scope = outer;
        Ok(())
    }

    fn params(&mut self, params: &FormalParameters<'_>, unique: bool) -> R {
        let simple = params.rest.is_none()
            && params
                .items
                .iter()
                .all(|p| p.initializer.is_none() && matches!(p.pattern, BindingPattern::BindingIdentifier(_)));
        self.a.tree.scopes[self.scope].simple_params = simple;
        let strict = self.strict();
        let mut seen = std::collections::HashSet::new();
        for pattern in params.iter_bindings() {
            let mut names = Vec::new();
            collect_names(pattern, &mut names);
            for (name, span) in names {
                if !seen.insert(name.clone()) && (strict || unique || !simple) {
                    return Err(self.syntax_error(span, "Duplicate parameter name not allowed in this context"));
                }
            }
            self.declare_pattern(pattern, VarKind::Param, 0)?;
        }
        for p in &params.items {
            if !p.decorators.is_empty() {
                return Err(self.unsupported(p.span, "decorators"));
            }
            self.pattern_exprs(&p.pattern)?;
            if let Some(init) = &p.initializer {
                self.expr(init)?;
            }
        }
        if let Some(rest) = &params.rest {
            self.pattern_exprs(&rest.rest.argument)?;
        }
        Ok(())
    }

    fn arrow(&mut self, f: &ArrowFunctionExpression<'_>) -> R {
        if f.r#async {
            return Err(self.unsupported(f.span, "async functions"));
        }
        let outer = self.scope;
        let s = self.push_scope(ScopeType::Function, addr(f), true);
        if f.has_use_strict_directive() {
            self.a.tree.scopes[s].strict = true;
        }
        self.params(&f.params, true)?;
        match &f.body {
            ArrowFunctionBody::FunctionBody(b) => self.stmts(&b.statements)?,
            body => self.expr(body.to_expression())?,
        }
        self.scope = outer;
        Ok(())
    }

    // ----- Expressions -----

    fn reference(&mut self, id: &IdentifierReference<'_>) {
        self.pending.push((self.scope, id.name.to_string(), addr(id), id.span.start));
    }

    fn property_key(&mut self, key: &PropertyKey<'_>) -> R {
        match key {
            PropertyKey::StaticIdentifier(_) => Ok(()),
            PropertyKey::PrivateIdentifier(p) => Err(self.unsupported(p.span, "private class members")),
            other => self.expr(other.to_expression()),
        }
    }

    fn arguments(&mut self, args: &[Argument<'_>]) -> R {
        for a in args {
            match a {
                Argument::SpreadElement(s) => self.expr(&s.argument)?,
                other => self.expr(other.to_expression())?,
            }
        }
        Ok(())
    }

    fn super_home(&mut self, sup: &Super) -> R {
        let ctx = *self.methods.last().expect("method stack");
        let Some((home, is_static)) = ctx.home else {
            return Err(self.syntax_error(sup.span, "'super' keyword unexpected here"));
        };
        let name = if is_static { ".static_home_object" } else { ".home_object" };
        let v = match self.a.tree.scopes[home].names.get(name) {
            Some(&v) => v,
            None => self.a.tree.add_var(home, name, VarKind::Internal, 0),
        };
        self.a.tree.vars[v].captured = true;
        let this = self.a.tree.resolve(self.scope, "this").expect("method has this");
        self.a.super_home_refs.insert(addr(sup), (v, this));
        Ok(())
    }

    fn member(&mut self, m: &MemberExpression<'_>) -> R {
        match m {
            MemberExpression::ComputedMemberExpression(c) => {
                self.member_object(&c.object)?;
                self.expr(&c.expression)
            }
            MemberExpression::StaticMemberExpression(s) => self.member_object(&s.object),
            MemberExpression::PrivateFieldExpression(p) => Err(self.unsupported(p.span, "private class members")),
        }
    }

    fn member_object(&mut self, obj: &Expression<'_>) -> R {
        match obj {
            Expression::Super(s) => self.super_home(s),
            other => self.expr(other),
        }
    }

    fn expr(&mut self, e: &Expression<'_>) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.unsupported(e.span(), "nesting this deep"));
        }
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expression<'_>) -> R {
        match e {
            Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::RegExpLiteral(_) => Ok(()),
            Expression::BigIntLiteral(b) => Err(self.unsupported(b.span, "BigInt literals")),
            Expression::TemplateLiteral(t) => t.expressions.iter().try_for_each(|e| self.expr(e)),
            Expression::Identifier(id) => {
                self.reference(id);
                Ok(())
            }
            Expression::Super(s) => Err(self.syntax_error(s.span, "'super' keyword unexpected here")),
            Expression::ArrayExpression(a) => {
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => self.expr(&s.argument)?,
                        ArrayExpressionElement::Elision(_) => {}
                        other => self.expr(other.to_expression())?,
                    }
                }
                Ok(())
            }
            Expression::ArrowFunctionExpression(f) => self.arrow(f),
            Expression::AssignmentExpression(a) => {
                self.assignment_target(&a.left)?;
                self.expr(&a.right)
            }
            Expression::AwaitExpression(a) => Err(self.unsupported(a.span, "await")),
            Expression::BinaryExpression(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)
            }
            Expression::CallExpression(c) => self.call(c),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call(call),
                ChainElement::TSNonNullExpression(t) => Err(self.unsupported(t.span, "TypeScript")),
                other => self.member(other.to_member_expression()),
            },
            Expression::ClassExpression(c) => self.class(c),
            Expression::ConditionalExpression(c) => {
                self.expr(&c.test)?;
                self.expr(&c.consequent)?;
                self.expr(&c.alternate)
            }
            Expression::FunctionExpression(f) => self.function(f, FnRole::Plain, true),
            Expression::ImportExpression(i) => Err(self.unsupported(i.span, "dynamic import")),
            Expression::LogicalExpression(l) => {
                self.expr(&l.left)?;
                self.expr(&l.right)
            }
            Expression::NewExpression(n) => {
                self.expr(&n.callee)?;
                self.arguments(&n.arguments)
            }
            Expression::ObjectExpression(o) => self.object(o),
            Expression::ParenthesizedExpression(p) => self.expr(&p.expression),
            Expression::SequenceExpression(s) => s.expressions.iter().try_for_each(|e| self.expr(e)),
            Expression::TaggedTemplateExpression(t) => {
                self.expr(&t.tag)?;
                t.quasi.expressions.iter().try_for_each(|e| self.expr(e))
            }
            Expression::ThisExpression(t) => {
                let v = self.a.tree.resolve(self.scope, "this").expect("script declares this");
                self.a.this_refs.insert(addr(&**t), v);
                Ok(())
            }
            Expression::UnaryExpression(u) => {
                if u.operator == UnaryOperator::Delete
                    && self.strict()
                    && matches!(u.argument.without_parentheses(), Expression::Identifier(_))
                {
                    return Err(self.syntax_error(u.span, "Delete of an unqualified identifier in strict mode."));
                }
                self.expr(&u.argument)?;
                if u.operator == UnaryOperator::Delete
                    && let Some(id) = arguments_length_object(u.argument.without_parentheses())
                {
                    // Deleting `length` is no read: later reads could reach the prototypes.
                    self.length_reads.remove(&addr(id));
                }
                Ok(())
            }
            Expression::UpdateExpression(u) => self.simple_target(&u.argument),
            Expression::YieldExpression(y) => Err(self.unsupported(y.span, "generators")),
            Expression::PrivateInExpression(p) => Err(self.unsupported(p.span, "private class members")),
            Expression::ImportMeta(i) => Err(self.unsupported(i.span, "modules")),
            Expression::NewTarget(n) => {
                let fs = self.a.tree.receiver_scope(self.scope);
                if self.a.tree.scopes[fs].ty == ScopeType::Script {
                    return Err(self.syntax_error(n.span, "new.target expression is not allowed here"));
                }
                let v = self.a.tree.resolve(self.scope, "new.target").expect("function scope");
                self.a.new_target_refs.insert(addr(&**n), v);
                Ok(())
            }
            Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) | Expression::PrivateFieldExpression(_) => {
                // (Assignment, update and destructuring targets do not come through here.)
                if let Some(id) = arguments_length_object(e) {
                    self.length_reads.insert(addr(id));
                }
                self.member(e.to_member_expression())
            }
            Expression::V8IntrinsicExpression(v) => self.arguments(&v.arguments),
            other => Err(self.unsupported(other.span(), "JSX and TypeScript syntax")),
        }
    }

    fn call(&mut self, c: &CallExpression<'_>) -> R {
        if let Expression::Super(sup) = &c.callee {
            let ctx = *self.methods.last().expect("method stack");
            if !ctx.derived_ctor {
                return Err(self.syntax_error(sup.span, "'super' keyword unexpected here"));
            }
            let t = &mut self.a.tree;
            let this_var = t.resolve(self.scope, "this").expect("ctor this");
            let new_target_var = t.resolve(self.scope, "new.target").expect("ctor new.target");
            let this_function_var = t.resolve(self.scope, ".this_function").expect("ctor fn");
            let fields_init = ctx.class_scope.and_then(|cs| t.scopes[cs].names.get(".fields_init").copied());
            self.a.super_calls.insert(
                addr(c),
                SuperCallInfo {
                    this_var,
                    new_target_var,
                    this_function_var,
                    fields_init,
                },
            );
        } else {
            self.expr(&c.callee)?;
        }
        self.arguments(&c.arguments)
    }

    fn simple_target(&mut self, t: &SimpleAssignmentTarget<'_>) -> R {
        match t {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.reference(id);
                Ok(())
            }
            SimpleAssignmentTarget::ComputedMemberExpression(_)
            | SimpleAssignmentTarget::StaticMemberExpression(_)
            | SimpleAssignmentTarget::PrivateFieldExpression(_) => self.member(t.to_member_expression()),
            other => Err(self.unsupported(other.span(), "TypeScript syntax")),
        }
    }

    fn assignment_target(&mut self, t: &AssignmentTarget<'_>) -> R {
        match t {
            AssignmentTarget::ArrayAssignmentTarget(a) => {
                for el in a.elements.iter().flatten() {
                    self.maybe_default_target(el)?;
                }
                if let Some(rest) = &a.rest {
                    self.assignment_target(&rest.target)?;
                }
                Ok(())
            }
            AssignmentTarget::ObjectAssignmentTarget(o) => {
                for p in &o.properties {
                    match p {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(id) => {
                            self.reference(&id.binding);
                            if let Some(init) = &id.init {
                                self.expr(init)?;
                            }
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                            if pp.computed {
                                self.property_key(&pp.name)?;
                            }
                            self.maybe_default_target(&pp.binding)?;
                        }
                    }
                }
                if let Some(rest) = &o.rest {
                    self.assignment_target(&rest.target)?;
                }
                Ok(())
            }
            other => self.simple_target(other.to_simple_assignment_target()),
        }
    }

    fn maybe_default_target(&mut self, t: &AssignmentTargetMaybeDefault<'_>) -> R {
        match t {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                self.assignment_target(&d.binding)?;
                self.expr(&d.init)
            }
            other => self.assignment_target(other.to_assignment_target()),
        }
    }
}

/// How a function is used, for `super` validity and implicit bindings.
#[derive(Clone, Copy)]
enum FnRole {
    Plain,
    Method { home: ScopeId, is_static: bool },
    Constructor { class_scope: ScopeId, derived: bool },
}

/// Names bound by a pattern, with their spans.
pub(crate) fn collect_names(p: &BindingPattern<'_>, out: &mut Vec<(String, Span)>) {
    match p {
        BindingPattern::BindingIdentifier(id) => out.push((id.name.to_string(), id.span)),
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                collect_names(&prop.value, out);
            }
            if let Some(r) = &o.rest {
                collect_names(&r.argument, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for el in a.elements.iter().flatten() {
                collect_names(el, out);
            }
            if let Some(r) = &a.rest {
                collect_names(&r.argument, out);
            }
        }
        BindingPattern::AssignmentPattern(ap) => collect_names(&ap.left, out),
    }
}
