//! Scope tree and variables: declaration, name resolution, capture marking and
//! context slot allocation (the data side of scope analysis; `analysis.rs` walks
//! the AST to fill it).
//!
//! Invariants:
//! - a variable referenced from a different function than the one declaring it is
//!   `captured` and lives in a context slot of its scope, and so is every parameter of a
//!   function with a mapped `arguments` object (`has_mapped_arguments`: the object aliases
//!   the parameters and may outlive the frame); every other variable lives in a register
//!   (parameters in their `a<i>` register, `this` in `<this>`), except script-level `var`s
//!   and functions, which are global object properties;
//! - all top-level lexical bindings of a script live in the script context (other
//!   scripts reach them through the realm's script context table);
//! - a scope `has_context` exactly when it owns at least one context slot.

use crate::script::{ScopeKind, VariableMode};
use std::collections::{HashMap, HashSet};

/// Index of a scope in `ScopeTree::scopes`.
pub(crate) type ScopeId = usize;
/// Index of a variable in `ScopeTree::vars`.
pub(crate) type VarId = usize;

/// What introduced a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeType {
    /// Script top level.
    Script,
    /// Function body (parameters and body-level declarations).
    Function,
    /// Block, loop head, switch body, object literal home scope.
    Block,
    /// Catch clause parameters.
    Catch,
    /// Class body (inner name, home objects, field state).
    Class,
}

/// How a variable was declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VarKind {
    Var,
    Let,
    Const,
    Class,
    /// Function declaration at function/script level (var-like).
    FunctionDecl,
    /// Function declaration in a block (lexical, initialized at block entry).
    BlockFunction,
    Param,
    CatchParam,
    /// Own name of a named function expression (immutable).
    FunctionName,
    /// Inner name binding of a class (immutable, TDZ until the class is defined).
    ClassInnerName,
    /// `this` of a non-arrow function or script.
    This,
    /// `new.target` of a function.
    NewTarget,
    /// The running function (needed by `super()` from arrows).
    ThisFunction,
    /// The `arguments` object.
    Arguments,
    /// Compiler-internal binding (home objects, field initializers, computed keys).
    Internal,
}

impl VarKind {
    /// Whether reads may see the TDZ hole.
    pub fn is_lexical(self) -> bool {
        matches!(self, VarKind::Let | VarKind::Const | VarKind::Class | VarKind::ClassInnerName)
    }

    /// Whether plain assignment is an error (or a silent no-op for `FunctionName` in
    /// sloppy mode).
    pub fn is_immutable(self) -> bool {
        matches!(self, VarKind::Const | VarKind::ClassInnerName | VarKind::FunctionName)
    }
}

/// Where a variable lives at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    /// Not yet assigned (locals get registers when their function is compiled).
    Unallocated,
    /// Local register `r<i>` (index into the locals, not the flat register file).
    Local(u32),
    /// Parameter register `a<i>`.
    Parameter(u32),
    /// The receiver register.
    Receiver,
    /// Context slot of the declaring scope's context.
    Context(u32),
    /// Property of the global object (script-level `var`/function).
    Global,
}

/// One declared variable.
#[derive(Clone, Debug)]
pub(crate) struct Variable {
    pub name: String,
    pub kind: VarKind,
    pub scope: ScopeId,
    pub captured: bool,
    pub location: Location,
    /// Source offset from which the binding is known to be initialized (TDZ elision).
    pub init_end: u32,
    /// Whether some reference may observe the TDZ hole (so the hole must be stored).
    pub hole_observable: bool,
}

/// One scope.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub ty: ScopeType,
    pub parent: Option<ScopeId>,
    /// The closure scope (function or script) this scope belongs to.
    pub function: ScopeId,
    pub is_arrow: bool,
    pub strict: bool,
    /// Lexical declarations directly in a `switch` body: reads always hole-check.
    pub is_switch: bool,
    /// A function whose parameter list is simple (no defaults, rest or patterns).
    pub simple_params: bool,
    /// A function whose `arguments` object is only ever asked for its `length`.
    pub arguments_length_only: bool,
    pub vars: Vec<VarId>,
    pub names: HashMap<String, VarId>,
    /// `var` names hoisted through this scope (redeclaration checks).
    pub var_names_through: HashSet<String>,
    pub context_slots: Vec<VarId>,
}

impl Scope {
    pub fn has_context(&self) -> bool {
        !self.context_slots.is_empty()
    }
}

/// The whole script's scope tree.
#[derive(Default)]
pub(crate) struct ScopeTree {
    pub scopes: Vec<Scope>,
    pub vars: Vec<Variable>,
}

impl ScopeTree {
    pub fn add_scope(&mut self, ty: ScopeType, parent: Option<ScopeId>, is_arrow: bool) -> ScopeId {
        let id = self.scopes.len();
        let (function, strict) = match parent {
            Some(p) => (self.scopes[p].function, self.scopes[p].strict),
            None => (id, false),
        };
        let function = if matches!(ty, ScopeType::Function | ScopeType::Script) {
            id
        } else {
            function
        };
        self.scopes.push(Scope {
            ty,
            parent,
            function,
            is_arrow,
            strict,
            is_switch: false,
            simple_params: true,
            arguments_length_only: false,
            vars: Vec::new(),
            names: HashMap::new(),
            var_names_through: HashSet::new(),
            context_slots: Vec::new(),
        });
        id
    }

    /// Add a variable to `scope` without any redeclaration check.
    pub fn add_var(&mut self, scope: ScopeId, name: &str, kind: VarKind, init_end: u32) -> VarId {
        let id = self.vars.len();
        self.vars.push(Variable {
            name: name.to_string(),
            kind,
            scope,
            captured: false,
            location: Location::Unallocated,
            init_end,
            hole_observable: false,
        });
        self.scopes[scope].vars.push(id);
        self.scopes[scope].names.insert(name.to_string(), id);
        id
    }

    /// The nearest enclosing function or script scope that has its own `this`.
    pub fn receiver_scope(&self, mut scope: ScopeId) -> ScopeId {
        loop {
            let f = self.scopes[scope].function;
            let s = &self.scopes[f];
            if !s.is_arrow || s.parent.is_none() {
                return f;
            }
            scope = s.parent.unwrap_or(f);
        }
    }

    /// Resolve `name` from `from`, declaring the implicit bindings (`this`,
    /// `arguments`, `new.target`) on the owning function when first needed, and marking
    /// the variable captured when the reference crosses a function boundary.
    pub fn resolve(&mut self, from: ScopeId, name: &str) -> Option<VarId> {
        let mut s = from;
        let mut crossed = false;
        loop {
            if let Some(&v) = self.scopes[s].names.get(name) {
                if crossed {
                    self.vars[v].captured = true;
                }
                return Some(v);
            }
            let scope = &self.scopes[s];
            let implicit = match scope.ty {
                ScopeType::Function if !scope.is_arrow => match name {
                    "this" => Some(VarKind::This),
                    "arguments" => Some(VarKind::Arguments),
                    "new.target" => Some(VarKind::NewTarget),
                    _ => None,
                },
                ScopeType::Script if name == "this" => Some(VarKind::This),
                _ => None,
            };
            if let Some(kind) = implicit {
                let v = self.add_var(s, name, kind, 0);
                if crossed {
                    self.vars[v].captured = true;
                }
                return Some(v);
            }
            if matches!(scope.ty, ScopeType::Function | ScopeType::Script) {
                crossed = true;
            }
            s = scope.parent?;
        }
    }

    /// Whether function scope `scope` gets a mapped `arguments` object (ECMAScript's
    /// CreateMappedArgumentsObject): it is sloppy, its parameters are simple and its body
    /// (or an arrow inside it) uses `arguments` — for more than `arguments.length`: an object
    /// nothing else touches never escapes, runs no user code and so cannot be seen to alias
    /// (an unmapped one will do, and the parameters stay in registers).
    pub fn has_mapped_arguments(&self, scope: ScopeId) -> bool {
        let s = &self.scopes[scope];
        s.ty == ScopeType::Function
            && !s.is_arrow
            && !s.strict
            && s.simple_params
            && !s.arguments_length_only
            && s.vars.iter().any(|&v| self.vars[v].kind == VarKind::Arguments)
    }

    /// Assign context slots and the fixed locations (globals, parameters, receiver).
    pub fn allocate(&mut self) {
        for scope_id in 0..self.scopes.len() {
            if self.has_mapped_arguments(scope_id) {
                // Of duplicate parameters only the last is a live binding (and maps).
                let scope = &self.scopes[scope_id];
                let params: Vec<VarId> = (scope.vars.iter().copied())
                    .filter(|&v| self.vars[v].kind == VarKind::Param && scope.names.get(&self.vars[v].name) == Some(&v))
                    .collect();
                for v in params {
                    self.vars[v].captured = true;
                }
            }
        }
        for scope_id in 0..self.scopes.len() {
            let is_script = self.scopes[scope_id].ty == ScopeType::Script;
            let vars = self.scopes[scope_id].vars.clone();
            for v in vars {
                let var = &mut self.vars[v];
                if is_script && matches!(var.kind, VarKind::Var | VarKind::FunctionDecl) {
                    var.location = Location::Global;
                    continue;
                }
                if is_script && var.kind.is_lexical() {
                    // Other scripts may read it, even after this one threw early.
                    var.captured = true;
                    var.hole_observable = true;
                }
                if var.captured {
                    let slot = self.scopes[scope_id].context_slots.len() as u32;
                    self.vars[v].location = Location::Context(slot);
                    self.scopes[scope_id].context_slots.push(v);
                } else if var.kind == VarKind::This {
                    var.location = Location::Receiver;
                }
            }
        }
    }

    /// The context layout of a scope, for its `Constant::ScopeInfo`.
    pub fn scope_info(&self, scope: ScopeId) -> crate::script::ScopeInfo {
        let s = &self.scopes[scope];
        let kind = match s.ty {
            ScopeType::Script => ScopeKind::Script,
            ScopeType::Function => ScopeKind::Function,
            _ => ScopeKind::Block,
        };
        let slots = s
            .context_slots
            .iter()
            .map(|&v| {
                let var = &self.vars[v];
                let mode = match var.kind {
                    VarKind::Let | VarKind::Class => VariableMode::Let,
                    VarKind::Const | VarKind::ClassInnerName | VarKind::FunctionName => VariableMode::Const,
                    VarKind::This | VarKind::NewTarget | VarKind::ThisFunction | VarKind::Internal => VariableMode::Internal,
                    _ => VariableMode::Var,
                };
                (var.name.clone(), mode)
            })
            .collect();
        crate::script::ScopeInfo { kind, slots }
    }

    /// Whether a read of `var` at source offset `pos` from function scope `from_fn`
    /// needs a TDZ hole check. Elided only when the read is in the declaring function,
    /// textually after the initialization, and not in a `switch` body scope.
    pub fn needs_hole_check(&self, var: VarId, from_fn: ScopeId, pos: u32) -> bool {
        let v = &self.vars[var];
        if !v.kind.is_lexical() {
            return false;
        }
        let scope = &self.scopes[v.scope];
        scope.function != from_fn || scope.is_switch || pos < v.init_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_across_functions() {
        let mut t = ScopeTree::default();
        let script = t.add_scope(ScopeType::Script, None, false);
        let f = t.add_scope(ScopeType::Function, Some(script), false);
        let x = t.add_var(f, "x", VarKind::Let, 0);
        let y = t.add_var(f, "y", VarKind::Let, 0);
        let inner = t.add_scope(ScopeType::Function, Some(f), true);
        assert_eq!(t.resolve(inner, "x"), Some(x));
        assert_eq!(t.resolve(f, "y"), Some(y));
        assert_eq!(t.resolve(inner, "z"), None);
        t.allocate();
        assert_eq!(t.vars[x].location, Location::Context(0));
        assert_eq!(t.vars[y].location, Location::Unallocated);
        // The arrow's `this` is its parent function's.
        let this = t.resolve(inner, "this").unwrap();
        assert_eq!(t.vars[this].scope, f);
        assert!(t.vars[this].captured);
    }
}
