//! Variable allocation: uncaptured variables in registers, captured ones in context
//! slots; TDZ checks; per-iteration loop contexts; globals.
//!
//! Invariant: these tests pin the observable allocation decisions through the
//! emitted opcodes and the functions' context slot counts.

mod support;
use support::{compile_ok, function, listing, opcodes};
use tagus_compiler::{Constant, Opcode, ScopeKind};

#[test]
fn uncaptured_locals_use_registers() {
    let s = compile_ok("function f() { let a = 1; var b = 2; return a + b; }");
    let f = function(&s, "f");
    assert_eq!(f.context_slot_count, 0);
    let ops = opcodes(f);
    assert!(!ops.contains(&Opcode::LdaContextSlot));
    assert!(!ops.contains(&Opcode::CreateFunctionContext));
}

#[test]
fn captured_locals_use_context_slots() {
    let s = compile_ok("function f(p) { let a = 1; let b = 2; return () => a + p; }");
    let f = function(&s, "f");
    assert_eq!(f.context_slot_count, 2, "a and p are captured, b is not");
    let ops = opcodes(f);
    assert_eq!(ops[0], Opcode::CreateFunctionContext);
    assert_eq!(ops[1], Opcode::PushContext);
    let scope_info = f.constants.iter().find_map(|c| match c {
        Constant::ScopeInfo(si) => Some(si),
        _ => None,
    });
    let si = scope_info.unwrap();
    assert_eq!(si.kind, ScopeKind::Function);
    let names: Vec<&str> = si.slots.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["p", "a"]);
    let arrow = &s.functions[2];
    assert!(opcodes(arrow).contains(&Opcode::LdaContextSlot));
}

#[test]
fn mapped_arguments_put_parameters_in_the_context() {
    let parameter_map = |f: &tagus_compiler::FunctionCode| {
        f.constants.iter().find_map(|c| match c {
            Constant::ParameterMap(m) => Some(m.clone()),
            _ => None,
        })
    };
    // Every parameter aliases its index; the arrow's `arguments` is f's.
    let s = compile_ok("function f(a, b) { return () => arguments[0] + b; }");
    let f = function(&s, "f");
    assert_eq!(f.context_slot_count, 3, "a, b and arguments");
    assert_eq!(parameter_map(f), Some(vec![Some(0), Some(1)]));
    // Of duplicate names only the last maps (and only it gets a slot).
    let s = compile_ok("function f(a, b, a) { return arguments; }");
    let f = function(&s, "f");
    assert_eq!(parameter_map(f), Some(vec![None, Some(0), Some(1)]));
    assert_eq!(f.context_slot_count, 2);
    // Strict code, non-simple parameters and reading only `arguments.length` keep them in
    // registers.
    for source in [
        "function f(a) { 'use strict'; return arguments; }",
        "function f(a, ...r) { return arguments; }",
        "function f(a, b) { if (arguments.length < 2) b = a; return arguments.length + b; }",
    ] {
        let s = compile_ok(source);
        let f = function(&s, "f");
        assert_eq!(f.context_slot_count, 0, "{source}");
        assert_eq!(parameter_map(f), None, "{source}");
    }
}

#[test]
fn block_contexts_are_pushed_and_popped() {
    let s = compile_ok("function f() { { let x = 1; g(() => x); } }");
    let ops = opcodes(function(&s, "f"));
    assert!(ops.contains(&Opcode::CreateBlockContext));
    assert!(ops.contains(&Opcode::PushContext));
    assert!(ops.contains(&Opcode::PopContext));
}

#[test]
fn per_iteration_let_copies_the_context() {
    let s = compile_ok("function f() { const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i); return fs; }");
    let ops = opcodes(function(&s, "f"));
    let creates = ops.iter().filter(|o| **o == Opcode::CreateBlockContext).count();
    assert_eq!(creates, 3, "initial + after init + after each iteration");
}

#[test]
fn nested_closure_depth() {
    let s = compile_ok("function f() { let a = 1; return function g() { let b = 2; return () => a + b; }; }");
    let arrow = s.functions.iter().find(|f| f.kind == tagus_compiler::FunctionKind::Arrow).unwrap();
    let idx = s.functions.iter().position(|f| std::ptr::eq(f, arrow)).unwrap();
    let text = listing(&s, idx);
    assert!(text.contains(&"LdaContextSlot [1], [0]".to_string()), "{text:?}");
    assert!(text.contains(&"LdaContextSlot [0], [0]".to_string()), "{text:?}");
}

#[test]
fn globals_and_script_context() {
    let s = compile_ok("var v = 1; function fn() {} let l = 2; const c = 3; class K {}\nv; l; c; undeclared;");
    let top = s.top_level();
    let ops = opcodes(top);
    assert_eq!(ops[0], Opcode::DeclareGlobals);
    assert!(ops.contains(&Opcode::CreateScriptContext));
    assert!(ops.contains(&Opcode::StaGlobal));
    assert!(ops.contains(&Opcode::LdaGlobal));
    assert_eq!(top.context_slot_count, 3, "l, c and K live in the script context");
    let decls = top.constants.iter().find_map(|c| match c {
        Constant::GlobalDeclarations(d) => Some(d),
        _ => None,
    });
    let names: Vec<(&str, bool)> = decls.unwrap().iter().map(|d| (d.name.as_str(), d.is_function)).collect();
    assert_eq!(names, [("v", false), ("fn", true)]);
}

#[test]
fn typeof_undeclared_does_not_throw() {
    let s = compile_ok("typeof notDeclared;");
    assert!(opcodes(s.top_level()).contains(&Opcode::LdaGlobalInsideTypeof));
}

#[test]
fn tdz_checks() {
    // Read before the declaration in the same function: checked.
    let s = compile_ok("function f() { x; let x = 1; x; }");
    let ops = opcodes(function(&s, "f"));
    assert_eq!(ops.iter().filter(|o| **o == Opcode::ThrowReferenceErrorIfHole).count(), 1);
    // Read from a closure: checked.
    let s = compile_ok("function f() { let x = 1; return () => x; }");
    assert!(opcodes(&s.functions[2]).contains(&Opcode::ThrowReferenceErrorIfHole));
    // Switch bodies always check.
    let s = compile_ok("function f(v) { switch (v) { case 0: let x = 1; case 1: x; } }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::ThrowReferenceErrorIfHole));
}

#[test]
fn const_assignment_throws_at_run_time() {
    let s = compile_ok("function f() { const c = 1; c = 2; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::ThrowConstAssignError));
}

#[test]
fn derived_constructor_this_is_checked() {
    let s = compile_ok("class B extends A { constructor() { this.x = 1; super(); } }");
    let ops = opcodes(function(&s, "B"));
    assert!(ops.contains(&Opcode::ThrowSuperNotCalledIfHole));
    assert!(ops.contains(&Opcode::ThrowSuperAlreadyCalledIfNotHole));
    assert!(ops.contains(&Opcode::GetSuperConstructor));
    assert!(ops.contains(&Opcode::Construct));
}

#[test]
fn arrow_this_is_lexical() {
    let s = compile_ok("function f() { return () => this; }");
    let f = function(&s, "f");
    assert_eq!(f.context_slot_count, 1);
    let arrow = &s.functions[2];
    assert!(opcodes(arrow).contains(&Opcode::LdaContextSlot));
}

#[test]
fn for_of_closes_iterators() {
    let s = compile_ok("function f(xs) { for (const x of xs) { if (x) return x; } }");
    let f = function(&s, "f");
    let ops = opcodes(f);
    assert!(ops.contains(&Opcode::GetIterator));
    assert!(ops.contains(&Opcode::IteratorNext));
    assert!(ops.contains(&Opcode::IteratorClose));
    assert_eq!(f.handlers.len(), 1);
}
