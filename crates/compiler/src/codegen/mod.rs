//! Bytecode generation core: the per-script `Compiler`, the per-function `FnGen`,
//! function prologues, variable loads/stores and scope (context) entry and exit.
//!
//! Invariants: the accumulator holds the value of the expression just compiled;
//! `FnGen::scope` is always the innermost scope whose context (if it has one) is the
//! current context at run time, so context depths computed from the scope tree match
//! the runtime chain; `contexts` mirrors the `PushContext`s emitted in this function.

mod access;
mod assign;
mod classes;
mod control;
mod expressions;
mod statements;

use crate::analysis::{Analysis, addr, unsupported};
use crate::builder::BytecodeBuilder;
use crate::bytecode::{Opcode, Register};
use crate::error::{CompileError, ErrorKind};
use crate::scope::{Location, ScopeId, VarId, VarKind};
use crate::script::{Constant, FunctionCode, FunctionKind, GlobalDeclaration};
use control::Control;
use oxc_ast::ast::*;
use oxc_span::Span;
use std::collections::{HashMap, HashSet};

pub(crate) type R<T = ()> = Result<T, CompileError>;

/// Shared state while compiling one script.
pub(crate) struct Compiler<'s> {
    source: &'s str,
    an: Analysis,
    functions: Vec<Option<FunctionCode>>,
    scopes_by_function: HashMap<ScopeId, Vec<ScopeId>>,
    derived_ctor_scopes: HashSet<ScopeId>,
}

/// The body a function is compiled from.
pub(crate) enum FnBody<'x, 'a> {
    /// Top-level script statements.
    Script(&'x Program<'a>),
    /// A function or method body.
    Function(&'x Function<'a>),
    /// An arrow function.
    Arrow(&'x ArrowFunctionExpression<'a>),
    /// The synthetic instance fields initializer of a class.
    FieldsInit(&'x Class<'a>),
    /// The synthetic static initializer of a class.
    StaticInit(&'x Class<'a>),
    /// The implicit constructor of a class without one.
    DefaultCtor(&'x Class<'a>),
}

/// Compile a whole script; function 0 is the top level.
pub(crate) fn generate(program: &Program<'_>, an: Analysis, source: &str) -> R<Vec<FunctionCode>> {
    let mut scopes_by_function: HashMap<ScopeId, Vec<ScopeId>> = HashMap::new();
    for (id, s) in an.tree.scopes.iter().enumerate() {
        scopes_by_function.entry(s.function).or_default().push(id);
    }
    let script_scope = an.script_scope;
    let mut c = Compiler {
        source,
        an,
        functions: vec![None],
        scopes_by_function,
        derived_ctor_scopes: HashSet::new(),
    };
    let code = c.compile_function(
        script_scope,
        FunctionKind::Script,
        String::new(),
        (program.span.start, program.span.end),
        FnBody::Script(program),
    )?;
    c.functions[0] = Some(code);
    c.functions
        .into_iter()
        .map(|f| f.ok_or_else(|| CompileError::new(ErrorKind::SyntaxError, "internal compiler error: missing function", source, 0)))
        .collect()
}

impl<'s> Compiler<'s> {
    /// Reserve a function index (filled when the function is compiled).
    fn reserve_function(&mut self) -> u32 {
        self.functions.push(None);
        (self.functions.len() - 1) as u32
    }

    fn compile_function(
        &mut self,
        scope: ScopeId,
        kind: FunctionKind,
        name: String,
        source_range: (u32, u32),
        body: FnBody<'_, '_>,
    ) -> R<FunctionCode> {
        let (param_count, length) = match &body {
            FnBody::Function(f) => param_counts(&f.params),
            FnBody::Arrow(f) => param_counts(&f.params),
            _ => (0, 0),
        };
        if kind == FunctionKind::DerivedConstructor {
            self.derived_ctor_scopes.insert(scope);
        }
        let strict = self.an.tree.scopes[scope].strict;
        let mut g = FnGen {
            c: self,
            b: BytecodeBuilder::new(param_count),
            fn_scope: scope,
            scope,
            contexts: Vec::new(),
            control: Vec::new(),
            chain: Vec::new(),
            kind,
            strict,
            completion: None,
            this_property_names: Default::default(),
        };
        g.generate_body(&body)?;
        if g.b.registers_overflowed() {
            return Err(g.error_at(source_range.0, "too many registers in function"));
        }
        let context_slot_count = g.c.an.tree.scopes[scope].context_slots.len() as u32;
        let expected_nof_properties = g.this_property_names.len() as u32;
        let built = g.b.finish();
        Ok(FunctionCode {
            name,
            kind,
            param_count,
            length,
            register_count: built.register_count,
            bytecode: built.bytecode,
            constants: built.constants,
            handlers: built.handlers,
            source_positions: built.source_positions,
            feedback_slot_count: built.feedback_slot_count,
            is_strict: strict,
            context_slot_count,
            source_range,
            expected_nof_properties,
        })
    }
}

/// (parameter registers, `length`) of a parameter list.
fn param_counts(params: &FormalParameters<'_>) -> (u32, u32) {
    let count = params.items.len() as u32;
    let length = params
        .items
        .iter()
        .take_while(|p| p.initializer.is_none() && !matches!(p.pattern, BindingPattern::AssignmentPattern(_)))
        .count() as u32;
    (count, length)
}

/// How a store to a variable is performed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum StoreMode {
    /// Initializing a declaration: no TDZ or const checks.
    Init,
    /// An assignment: TDZ check for lexical bindings, TypeError for constants.
    Assign,
}

/// Code generator for one function.
pub(crate) struct FnGen<'c, 's> {
    c: &'c mut Compiler<'s>,
    b: BytecodeBuilder,
    fn_scope: ScopeId,
    scope: ScopeId,
    /// Saved-context registers of the contexts pushed so far (innermost last).
    contexts: Vec<Register>,
    control: Vec<Control>,
    /// Short-circuit labels of the enclosing optional chains (innermost last).
    chain: Vec<crate::builder::Label>,
    kind: FunctionKind,
    strict: bool,
    /// Script completion value register.
    completion: Option<Register>,
    /// Distinct names this function assigns as `this.name = ...` (the expected number of
    /// properties of objects it constructs, as V8's parser estimates it).
    this_property_names: std::collections::HashSet<String>,
}

impl FnGen<'_, '_> {
    // ----- Errors and small helpers -----

    fn error_at(&self, offset: u32, msg: impl Into<String>) -> CompileError {
        CompileError::new(ErrorKind::SyntaxError, msg, self.c.source, offset)
    }

    fn unsupported(&self, span: Span, feature: &str) -> CompileError {
        unsupported(self.c.source, span, feature)
    }

    fn internal(&self, span: Span, what: &str) -> CompileError {
        self.error_at(span.start, format!("internal compiler error: {what}"))
    }

    fn emit(&mut self, op: Opcode, operands: &[u32]) {
        self.b.emit(op, operands);
    }

    /// Emit a throwing instruction attributed to source offset `pos`.
    fn emit_at(&mut self, pos: u32, op: Opcode, operands: &[u32]) {
        self.b.set_position(pos);
        self.b.emit(op, operands);
    }

    fn star(&mut self, r: Register) {
        self.emit(Opcode::Star, &[u32::from(r.0)]);
    }

    fn ldar(&mut self, r: Register) {
        self.emit(Opcode::Ldar, &[u32::from(r.0)]);
    }

    fn slot(&mut self) -> u32 {
        self.b.feedback_slot()
    }

    fn name_const(&mut self, name: &str) -> u32 {
        self.b.string_constant(name)
    }

    /// Load a JS string constant given oxc's value encoding.
    fn string_value_constant(&mut self, value: &str, lone_surrogates: bool) -> u32 {
        if !lone_surrogates {
            return self.b.string_constant(value);
        }
        let mut units = Vec::new();
        let mut chars = value.chars();
        while let Some(ch) = chars.next() {
            if ch == '\u{FFFD}' {
                let hex: String = chars.by_ref().take(4).collect();
                units.push(u16::from_str_radix(&hex, 16).unwrap_or(0xFFFD));
            } else {
                let mut buf = [0u16; 2];
                units.extend_from_slice(ch.encode_utf16(&mut buf));
            }
        }
        self.b.add_constant(Constant::StringUtf16(units))
    }

    fn load_smi_or_number(&mut self, n: f64) {
        if n == 0.0 && n.is_sign_positive() {
            self.emit(Opcode::LdaZero, &[]);
        } else if n.fract() == 0.0 && n >= f64::from(i32::MIN) && n <= f64::from(i32::MAX) && !(n == 0.0 && n.is_sign_negative()) {
            self.emit(Opcode::LdaSmi, &[(n as i32) as u32]);
        } else {
            let c = self.b.number_constant(n);
            self.emit(Opcode::LdaConstant, &[c]);
        }
    }

    fn scope_of(&self, node: usize, span: Span) -> R<ScopeId> {
        self.c
            .an
            .node_scopes
            .get(&node)
            .copied()
            .ok_or_else(|| self.internal(span, "scope not found"))
    }

    // ----- Function bodies -----

    fn generate_body(&mut self, body: &FnBody<'_, '_>) -> R {
        match body {
            FnBody::Function(f) => self.allocate_locals(Some(&f.params))?,
            FnBody::Arrow(f) => self.allocate_locals(Some(&f.params))?,
            _ => self.allocate_locals(None)?,
        }
        match body {
            FnBody::Script(p) => self.script_body(p),
            FnBody::Function(f) => {
                let fields = if self.kind == FunctionKind::ClassConstructor {
                    self.c.an.ctor_fields_init.get(&addr(*f)).copied()
                } else {
                    None
                };
                self.prologue(Some(&f.params), fields)?;
                let body = f.body.as_ref().ok_or_else(|| self.internal(f.span, "no body"))?;
                self.hoist_functions(&body.statements)?;
                self.statements(&body.statements)?;
                self.implicit_return(f.span.end);
                Ok(())
            }
            FnBody::Arrow(f) => {
                self.prologue(Some(&f.params), None)?;
                match &f.body {
                    ArrowFunctionBody::FunctionBody(b) => {
                        self.hoist_functions(&b.statements)?;
                        self.statements(&b.statements)?;
                        self.implicit_return(f.span.end);
                    }
                    e => {
                        self.expr(e.to_expression())?;
                        self.emit(Opcode::Return, &[]);
                    }
                }
                Ok(())
            }
            FnBody::FieldsInit(c) => {
                self.prologue(None, None)?;
                self.fields_initializer_body(c)?;
                self.implicit_return(c.span.end);
                Ok(())
            }
            FnBody::StaticInit(c) => {
                self.prologue(None, None)?;
                self.static_initializer_body(c)?;
                self.implicit_return(c.span.end);
                Ok(())
            }
            FnBody::DefaultCtor(c) => {
                self.prologue(None, None)?;
                self.default_constructor_body(c)
            }
        }
    }

    /// Give simple parameters their argument registers and every other uncaptured
    /// variable of this function a local register.
    fn allocate_locals(&mut self, params: Option<&FormalParameters<'_>>) -> R {
        if let Some(params) = params {
            for (i, p) in params.items.iter().enumerate() {
                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                    let v = self.binding_var(id)?;
                    if !self.c.an.tree.vars[v].captured {
                        self.c.an.tree.vars[v].location = Location::Parameter(i as u32);
                    }
                }
            }
        }
        let scopes = self.c.scopes_by_function.get(&self.fn_scope).cloned().unwrap_or_default();
        for s in scopes {
            for v in self.c.an.tree.scopes[s].vars.clone() {
                let var = &self.c.an.tree.vars[v];
                if var.location == Location::Unallocated && !var.captured {
                    let local = self.b.register_mark();
                    self.b.alloc();
                    self.c.an.tree.vars[v].location = Location::Local(local);
                }
            }
        }
        Ok(())
    }

    fn script_body(&mut self, p: &Program<'_>) -> R {
        let script = self.fn_scope;
        let mut decls = Vec::new();
        for &v in &self.c.an.tree.scopes[script].vars {
            let var = &self.c.an.tree.vars[v];
            if matches!(var.kind, VarKind::Var | VarKind::FunctionDecl) {
                decls.push(GlobalDeclaration {
                    name: var.name.clone(),
                    is_function: var.kind == VarKind::FunctionDecl,
                });
            }
        }
        if !decls.is_empty() {
            let c = self.b.add_constant(Constant::GlobalDeclarations(decls));
            self.emit_at(p.span.start, Opcode::DeclareGlobals, &[c]);
        }
        if self.c.an.tree.scopes[script].has_context() {
            let si = self.c.an.tree.scope_info(script);
            let c = self.b.add_constant(Constant::ScopeInfo(si));
            self.emit_at(p.span.start, Opcode::CreateScriptContext, &[c]);
            let saved = self.b.alloc();
            self.emit(Opcode::PushContext, &[u32::from(saved.0)]);
            self.contexts.push(saved);
        }
        self.init_implicit_bindings(script, None)?;
        self.init_lexical_holes(script);
        let completion = self.b.alloc();
        self.completion = Some(completion);
        self.hoist_functions(&p.body)?;
        self.statements(&p.body)?;
        self.ldar(completion);
        self.emit(Opcode::Return, &[]);
        Ok(())
    }

    /// Function entry: context, implicit bindings, parameters.
    fn prologue(&mut self, params: Option<&FormalParameters<'_>>, fields_init: Option<VarId>) -> R {
        let scope = self.fn_scope;
        if self.c.an.tree.scopes[scope].has_context() {
            let si = self.c.an.tree.scope_info(scope);
            let c = self.b.add_constant(Constant::ScopeInfo(si));
            self.emit(Opcode::CreateFunctionContext, &[c]);
            let saved = self.b.alloc();
            self.emit(Opcode::PushContext, &[u32::from(saved.0)]);
            self.contexts.push(saved);
        }
        // Captured simple parameters are copied into the function context.
        if let Some(params) = params {
            for (i, p) in params.items.iter().enumerate() {
                if let BindingPattern::BindingIdentifier(id) = &p.pattern {
                    let v = self.binding_var(id)?;
                    if let Location::Context(_) = self.c.an.tree.vars[v].location {
                        self.ldar(Register::parameter(i as u32));
                        self.store_var(v, StoreMode::Init, id.span.start)?;
                    }
                }
            }
        }
        self.init_implicit_bindings(scope, params)?;
        self.init_lexical_holes(scope);
        if let Some(fields) = fields_init {
            self.call_fields_initializer(fields, Register::RECEIVER);
        }
        if let Some(params) = params {
            self.parameter_initialization(params)?;
        }
        Ok(())
    }

    /// Initialize `this`, `new.target`, the function's own name, `arguments`, ... of a
    /// function (or script) scope with parameters `params`.
    fn init_implicit_bindings(&mut self, scope: ScopeId, params: Option<&FormalParameters<'_>>) -> R {
        let derived = self.kind == FunctionKind::DerivedConstructor;
        for v in self.c.an.tree.scopes[scope].vars.clone() {
            let var = &self.c.an.tree.vars[v];
            match var.kind {
                VarKind::This => {
                    if derived {
                        self.emit(Opcode::LdaTheHole, &[]);
                        self.store_var_raw(v);
                    } else if var.location != Location::Receiver {
                        self.ldar(Register::RECEIVER);
                        self.store_var_raw(v);
                    }
                }
                VarKind::NewTarget => {
                    self.emit(Opcode::LdaNewTarget, &[]);
                    self.store_var_raw(v);
                }
                VarKind::ThisFunction | VarKind::FunctionName => {
                    self.emit(Opcode::LdaCurrentFunction, &[]);
                    self.store_var_raw(v);
                }
                VarKind::Arguments => {
                    match params {
                        Some(params) if self.c.an.tree.has_mapped_arguments(scope) => {
                            let map = self.parameter_map(params)?;
                            let c = self.b.add_constant(Constant::ParameterMap(map));
                            self.emit(Opcode::CreateMappedArguments, &[c]);
                        }
                        _ => self.emit(Opcode::CreateArguments, &[]),
                    }
                    self.store_var_raw(v);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The context slot each simple parameter's index aliases in a mapped `arguments`
    /// object (every parameter is in the context then: `ScopeTree::allocate`). Of parameters
    /// sharing a name only the last maps, as in the spec's CreateMappedArgumentsObject.
    fn parameter_map(&self, params: &FormalParameters<'_>) -> R<Vec<Option<u32>>> {
        let mut ids = Vec::new();
        for p in &params.items {
            let BindingPattern::BindingIdentifier(id) = &p.pattern else {
                return Err(self.internal(p.span, "mapped arguments with a non-simple parameter"));
            };
            ids.push(id);
        }
        let mut map = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            if ids[i + 1..].iter().any(|later| later.name == id.name) {
                map.push(None);
                continue;
            }
            let Location::Context(slot) = self.c.an.tree.vars[self.binding_var(id)?].location else {
                return Err(self.internal(id.span, "mapped parameter outside the context"));
            };
            map.push(Some(slot));
        }
        Ok(map)
    }

    /// Store the hole into every lexical binding of `scope` (TDZ start).
    fn init_lexical_holes(&mut self, scope: ScopeId) {
        for v in self.c.an.tree.scopes[scope].vars.clone() {
            let var = &self.c.an.tree.vars[v];
            if var.kind.is_lexical() && var.hole_observable {
                self.emit(Opcode::LdaTheHole, &[]);
                self.store_var_raw(v);
            }
        }
    }

    fn implicit_return(&mut self, pos: u32) {
        if !self.b.is_reachable() {
            return;
        }
        if self.kind == FunctionKind::DerivedConstructor {
            self.load_derived_this(pos);
        } else {
            self.emit(Opcode::LdaUndefined, &[]);
        }
        self.emit(Opcode::Return, &[]);
    }

    /// acc = `this` of the derived constructor, throwing if `super()` was not called.
    fn load_derived_this(&mut self, pos: u32) {
        if let Some(&v) = self.c.an.tree.scopes[self.fn_scope].names.get("this") {
            self.load_var_raw(v);
        } else {
            self.ldar(Register::RECEIVER);
        }
        self.emit_at(pos, Opcode::ThrowSuperNotCalledIfHole, &[]);
    }

    /// Emit a `Return` of the accumulator with derived-constructor semantics.
    fn emit_return(&mut self, pos: u32) {
        if self.kind == FunctionKind::DerivedConstructor {
            let use_this = self.b.new_label();
            self.b.emit_jump(Opcode::JumpIfUndefined, use_this);
            self.emit(Opcode::Return, &[]);
            self.b.bind(use_this);
            self.load_derived_this(pos);
        }
        self.emit(Opcode::Return, &[]);
    }

    /// Run a class's instance field initializer on the object in `receiver`.
    fn call_fields_initializer(&mut self, fields: VarId, receiver: Register) {
        let mark = self.b.register_mark();
        let f = self.b.alloc();
        self.load_var_raw(fields);
        self.star(f);
        let s = self.slot();
        self.emit(Opcode::CallProperty, &[u32::from(f.0), u32::from(receiver.0), 1, s]);
        self.b.release_to(mark);
    }

    // ----- Variables -----

    fn binding_var(&self, id: &BindingIdentifier<'_>) -> R<VarId> {
        self.c
            .an
            .bindings
            .get(&addr(id))
            .copied()
            .ok_or_else(|| self.internal(id.span, "unbound binding"))
    }

    /// Resolution of an identifier reference (`None` = global).
    fn reference_var(&self, id: &IdentifierReference<'_>) -> R<Option<VarId>> {
        self.c
            .an
            .refs
            .get(&addr(id))
            .copied()
            .ok_or_else(|| self.internal(id.span, "unresolved reference"))
    }

    fn context_depth(&self, target: ScopeId) -> u32 {
        let tree = &self.c.an.tree;
        let mut s = self.scope;
        let mut depth = 0;
        while s != target {
            if tree.scopes[s].has_context() {
                depth += 1;
            }
            match tree.scopes[s].parent {
                Some(p) => s = p,
                None => break,
            }
        }
        depth
    }

    /// acc = variable, without TDZ checks.
    fn load_var_raw(&mut self, v: VarId) {
        let var = &self.c.an.tree.vars[v];
        match var.location {
            Location::Local(i) => {
                let r = self.b.local(i);
                self.ldar(r);
            }
            Location::Parameter(i) => self.ldar(Register::parameter(i)),
            Location::Receiver => self.ldar(Register::RECEIVER),
            Location::Context(slot) => {
                let depth = self.context_depth(var.scope);
                self.emit(Opcode::LdaContextSlot, &[depth, slot]);
            }
            Location::Global | Location::Unallocated => {
                let name = var.name.clone();
                let c = self.name_const(&name);
                let s = self.slot();
                self.emit(Opcode::LdaGlobal, &[c, s]);
            }
        }
    }

    /// variable = acc, without TDZ or const checks.
    fn store_var_raw(&mut self, v: VarId) {
        let var = &self.c.an.tree.vars[v];
        match var.location {
            Location::Local(i) => {
                let r = self.b.local(i);
                self.star(r);
            }
            Location::Parameter(i) => self.star(Register::parameter(i)),
            Location::Receiver => self.star(Register::RECEIVER),
            Location::Context(slot) => {
                let depth = self.context_depth(var.scope);
                self.emit(Opcode::StaContextSlot, &[depth, slot]);
            }
            Location::Global | Location::Unallocated => {
                let name = var.name.clone();
                let c = self.name_const(&name);
                let s = self.slot();
                self.emit(Opcode::StaGlobal, &[c, s]);
            }
        }
    }

    /// The register a variable lives in, if it is register-allocated and needs no
    /// TDZ check at `pos`.
    fn var_register(&self, v: VarId, pos: u32) -> Option<Register> {
        let tree = &self.c.an.tree;
        if tree.needs_hole_check(v, self.fn_scope, pos) {
            return None;
        }
        let var = &tree.vars[v];
        if var.kind == VarKind::This && self.c.derived_ctor_scopes.contains(&var.scope) {
            return None;
        }
        match var.location {
            Location::Local(i) => Some(self.b.local(i)),
            Location::Parameter(i) => Some(Register::parameter(i)),
            Location::Receiver => Some(Register::RECEIVER),
            _ => None,
        }
    }

    /// acc = variable, with the TDZ / super-not-called checks it needs at `pos`.
    fn load_var(&mut self, v: VarId, pos: u32) {
        self.b.set_position(pos);
        self.load_var_raw(v);
        let tree = &self.c.an.tree;
        let var = &tree.vars[v];
        if var.kind == VarKind::This && self.c.derived_ctor_scopes.contains(&var.scope) {
            self.emit_at(pos, Opcode::ThrowSuperNotCalledIfHole, &[]);
        } else if tree.needs_hole_check(v, self.fn_scope, pos) {
            let name = var.name.clone();
            let c = self.name_const(&name);
            self.emit_at(pos, Opcode::ThrowReferenceErrorIfHole, &[c]);
        }
    }

    /// variable = acc with assignment semantics (or initialization).
    fn store_var(&mut self, v: VarId, mode: StoreMode, pos: u32) -> R {
        let var = &self.c.an.tree.vars[v];
        let kind = var.kind;
        let name = var.name.clone();
        if mode == StoreMode::Assign {
            let check = self.c.an.tree.needs_hole_check(v, self.fn_scope, pos);
            if kind.is_immutable() {
                if kind == VarKind::FunctionName && !self.strict {
                    return Ok(());
                }
                if check {
                    self.load_var_raw(v);
                    let c = self.name_const(&name);
                    self.emit_at(pos, Opcode::ThrowReferenceErrorIfHole, &[c]);
                }
                self.emit_at(pos, Opcode::ThrowConstAssignError, &[]);
                return Ok(());
            }
            if check {
                let mark = self.b.register_mark();
                let t = self.b.alloc();
                self.star(t);
                self.load_var_raw(v);
                let c = self.name_const(&name);
                self.emit_at(pos, Opcode::ThrowReferenceErrorIfHole, &[c]);
                self.ldar(t);
                self.b.release_to(mark);
            }
        }
        self.b.set_position(pos);
        self.store_var_raw(v);
        Ok(())
    }

    /// acc = value of identifier `name` resolved as `v` (global when `None`).
    fn load_identifier(&mut self, id: &IdentifierReference<'_>, inside_typeof: bool) -> R {
        match self.reference_var(id)? {
            Some(v) => self.load_var(v, id.span.start),
            None => {
                let c = self.name_const(id.name.as_str());
                let s = self.slot();
                let op = if inside_typeof {
                    Opcode::LdaGlobalInsideTypeof
                } else {
                    Opcode::LdaGlobal
                };
                self.emit_at(id.span.start, op, &[c, s]);
            }
        }
        Ok(())
    }

    /// identifier = acc (assignment).
    fn store_identifier(&mut self, id: &IdentifierReference<'_>) -> R {
        match self.reference_var(id)? {
            Some(v) => self.store_var(v, StoreMode::Assign, id.span.start),
            None => {
                let c = self.name_const(id.name.as_str());
                let s = self.slot();
                self.emit_at(id.span.start, Opcode::StaGlobal, &[c, s]);
                Ok(())
            }
        }
    }

    // ----- Scopes -----

    /// Enter a block-like scope: push its context if it has one, start the TDZ of its
    /// lexical bindings and hoist its function declarations.
    fn enter_scope(&mut self, scope: ScopeId) -> R {
        if self.c.an.tree.scopes[scope].parent != Some(self.scope) {
            return Err(self.error_at(0, "internal compiler error: scope nesting mismatch"));
        }
        if self.c.an.tree.scopes[scope].has_context() {
            let si = self.c.an.tree.scope_info(scope);
            let c = self.b.add_constant(Constant::ScopeInfo(si));
            self.emit(Opcode::CreateBlockContext, &[c]);
            let saved = self.b.alloc();
            self.emit(Opcode::PushContext, &[u32::from(saved.0)]);
            self.contexts.push(saved);
        }
        self.scope = scope;
        self.init_lexical_holes(scope);
        Ok(())
    }

    /// Leave the current block-like scope (the accumulator is preserved).
    fn exit_scope(&mut self) {
        let scope = self.scope;
        if self.c.an.tree.scopes[scope].has_context()
            && let Some(saved) = self.contexts.pop()
        {
            self.emit(Opcode::PopContext, &[u32::from(saved.0)]);
        }
        self.scope = self.c.an.tree.scopes[scope].parent.unwrap_or(scope);
    }

    // ----- Closures -----

    /// Compile a nested function and leave a new closure in the accumulator.
    fn create_closure(&mut self, scope: ScopeId, kind: FunctionKind, name: String, range: (u32, u32), body: FnBody<'_, '_>) -> R {
        let index = self.c.reserve_function();
        let code = self.c.compile_function(scope, kind, name, range, body)?;
        self.c.functions[index as usize] = Some(code);
        let c = self.b.add_constant(Constant::Function(index));
        let s = self.slot();
        self.emit(Opcode::CreateClosure, &[c, s, 0]);
        Ok(())
    }

    /// Closure for a function expression/declaration/method.
    fn function_closure(&mut self, f: &Function<'_>, kind: FunctionKind, name: String) -> R {
        let scope = self.scope_of(addr(f), f.span)?;
        self.create_closure(scope, kind, name, (f.span.start, f.span.end), FnBody::Function(f))
    }

    fn arrow_closure(&mut self, f: &ArrowFunctionExpression<'_>, name: String) -> R {
        let scope = self.scope_of(addr(f), f.span)?;
        self.create_closure(scope, FunctionKind::Arrow, name, (f.span.start, f.span.end), FnBody::Arrow(f))
    }
}
