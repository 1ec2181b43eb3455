//! Exact bytecode for small programs, and a disassembler snapshot.
//!
//! Invariant: these listings are the contract with the interpreter; a change here is
//! a deliberate change of the bytecode the compiler emits.

mod support;
use support::{compile_ok, function, listing};

#[test]
fn one_plus_one_is_not_folded() {
    let s = compile_ok("1 + 1;");
    assert_eq!(
        listing(&s, 0),
        ["LdaSmi [1]", "Star r1", "LdaSmi [1]", "Add r1, [0]", "Star r0", "Ldar r0", "Return"]
    );
}

#[test]
fn parameters_are_registers() {
    let s = compile_ok("function add(a, b) { return a + b; }");
    assert_eq!(listing(&s, 1), ["Ldar a1", "Add a0, [0]", "Return"]);
    assert_eq!(function(&s, "add").param_count, 2);
    assert_eq!(function(&s, "add").register_count, 0);
}

#[test]
fn property_access_and_calls() {
    let s = compile_ok("function f(o) { return o.m(o.x, 1); }");
    assert_eq!(
        listing(&s, 1),
        [
            "Ldar a0",
            "Star r1",
            "GetNamedProperty r1, [0], [0]",
            "Star r0",
            "GetNamedProperty a0, [1], [1]",
            "Star r2",
            "LdaSmi [1]",
            "Star r3",
            "CallProperty r0, r1-r3, [2]",
            "Return"
        ]
    );
}

#[test]
fn if_else_and_compare() {
    let s = compile_ok("function f(x) { if (x === 1) return 'one'; else return 'other'; }");
    assert_eq!(
        listing(&s, 1),
        [
            "LdaSmi [1]",
            "TestEqualStrict a0, [0]",
            "JumpIfFalse @23",
            "LdaConstant [0]",
            "Return",
            "LdaConstant [1]",
            "Return"
        ]
    );
}

#[test]
fn while_loop_uses_jump_loop() {
    let s = compile_ok("function f(n) { let i = 0; while (i < n) i++; return i; }");
    assert_eq!(
        listing(&s, 1),
        [
            "LdaZero",
            "Star r0",
            "Ldar a0",
            "TestLessThan r0, [0]",
            "JumpIfFalse @40",
            "Ldar r0",
            "ToNumeric [1]",
            "Inc [2]",
            "Star r0",
            "JumpLoop @4",
            "Ldar r0",
            "Return"
        ]
    );
}

#[test]
fn closure_captures_through_context() {
    let s = compile_ok("function f(a) { return () => a; }");
    assert_eq!(
        listing(&s, 1),
        [
            "CreateFunctionContext [0]",
            "PushContext r0",
            "Ldar a0",
            "StaContextSlot [0], [0]",
            "CreateClosure [1], [0], #0",
            "Return"
        ]
    );
    assert_eq!(listing(&s, 2), ["LdaContextSlot [0], [0]", "Return"]);
}

#[test]
fn disassembler_snapshot() {
    let s = compile_ok("function greet(name) {\n  return `Hello, ${name}!`;\n}\ngreet('x');");
    let text = tagus_compiler::disassemble(&s);
    let expected = "\
[function #0: <anonymous> (Script)]
Parameter count 0, register count 3, feedback slots 4, context slots 0
    0 : DeclareGlobals [0]
    5 : CreateClosure [1], [0], #0
   15 : StaGlobal [2], [1]
   24 : LdaGlobal [2], [2]
   33 : Star r1
   36 : LdaConstant [3]
   41 : Star r2
   44 : CallUndefinedReceiver r1, r2, [3]
   55 : Star r0
   58 : Ldar r0
   61 : Return
Constant pool (size = 4)
    0: GlobalDeclarations [function greet]
    1: Function #1 greet
    2: String \"greet\"
    3: String \"x\"

[function #1: greet (Normal)]
Parameter count 1, register count 1, feedback slots 2, context slots 0
    0 : LdaConstant [0]
    5 : Star r0
    8 : Ldar a0
   11 : ToString
   12 : Add r0, [0]
   19 : Star r0
   22 : LdaConstant [1]
   27 : Add r0, [1]
   34 : Star r0
   37 : Ldar r0
   40 : Return
Constant pool (size = 2)
    0: String \"Hello, \"
    1: String \"!\"
";
    assert_eq!(text, expected, "\n{text}");
}

#[test]
fn handler_table_for_try_catch() {
    let s = compile_ok("function f() { try { g(); } catch (e) { return e; } }");
    let f = function(&s, "f");
    assert_eq!(f.handlers.len(), 1);
    let h = f.handlers[0];
    assert!(h.start < h.end && h.end <= h.handler);
    assert_eq!(f.find_handler(h.start).unwrap(), &h);
    let text = listing(&s, 1);
    assert_eq!(text[0], "SaveContext r1");
}
