//! Every supported construct compiles to verifiable bytecode.
//!
//! Invariant: each test compiles a snippet and runs the structural verifier on it.

mod support;
use support::{compile_ok, function, opcodes};
use tagus_compiler::Opcode;

#[test]
fn declarations() {
    compile_ok("var a = 1, b; let c = 2, d; const e = 3; a = b = c + d + e;");
    compile_ok("function f() { var x = 1; let y = 2; const z = 3; { let y = 4; } return x + y + z; }");
    compile_ok("{ function inner() {} inner(); }");
}

#[test]
fn functions_and_closures() {
    compile_ok("function outer(a) { return function (b) { return () => a + b; }; }");
    compile_ok("const f = function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); };");
    compile_ok("function f() { return this; } const g = () => this; new f();");
    compile_ok("function counter() { let n = 0; return { inc() { return ++n; } }; }");
}

#[test]
fn control_flow() {
    compile_ok("if (a) b(); else if (c) d(); else e();");
    compile_ok("for (let i = 0; i < 10; i++) { if (i % 2) continue; if (i > 7) break; }");
    compile_ok("while (x) { x--; } do { x++; } while (x < 10);");
    compile_ok("for (var k in o) { k; } for (const k in o) { k; } for (k in o) {}");
    compile_ok("for (const v of [1, 2, 3]) { v; } for (let [a, b] of pairs) { a + b; } for (x of y) {}");
    compile_ok("outer: for (;;) { inner: while (true) { if (a) continue outer; break outer; } }");
    compile_ok("block: { if (a) break block; b(); }");
    compile_ok("switch (x) { case 1: a(); case 2: { b(); break; } default: c(); case 3: d(); }");
    compile_ok("switch (x) { default: let y = 1; y; }");
}

#[test]
fn exceptions() {
    compile_ok("try { a(); } catch (e) { b(e); }");
    compile_ok("try { a(); } catch { b(); }");
    compile_ok("try { a(); } finally { b(); }");
    compile_ok("try { a(); } catch ({ message, stack }) { message; } finally { c(); }");
    compile_ok("function f() { try { return 1; } finally { cleanup(); } }");
    compile_ok("function f() { for (;;) { try { break; } finally { continue; } } }");
    compile_ok("function f() { a: try { try { throw 1; } finally { break a; } } catch (e) {} }");
    compile_ok("throw new Error('boom');");
}

#[test]
fn operators() {
    compile_ok("x = a + b - c * d / e % f ** g; x = a | b & c ^ d << e >> f >>> g;");
    compile_ok("x = a == b; x = a != b; x = a === b; x = a !== b; x = a < b; x = a <= b; x = a > b; x = a >= b;");
    compile_ok("x = (a && b || c) ?? d; x = !a; x = -a; x = +a; x = ~a; x = typeof a; x = void a;");
    compile_ok("x = 'k' in o; x = o instanceof C; x = (a, b, c); x = a ? b : c;");
    compile_ok("delete o.a; delete o[k]; delete x; delete 1; delete o?.a;");
    compile_ok("x += 1; x -= 1; x *= 2; x /= 2; x %= 2; x **= 2; x <<= 1; x >>= 1; x >>>= 1; x |= 1; x &= 1; x ^= 1;");
    compile_ok("x ||= 1; x &&= 2; x ??= 3; o.a ||= 1; o[k] ??= 2;");
    compile_ok("x++; ++x; x--; --x; o.a++; --o.a; o[k]++; ++o[k];");
    compile_ok("let y = 1; y++; function f(p) { return p++ + --p; }");
}

#[test]
fn optional_chaining() {
    compile_ok("a?.b; a?.[b]; a?.b(); a.b?.(); a?.(); a?.b.c.d; a?.b?.c?.(1)?.[2];");
}

#[test]
fn literals() {
    compile_ok("x = [1, , 3, ...rest, 'a', null, true, false, undefined];");
    compile_ok("x = { a: 1, 'b': 2, 3: 3, [k]: 4, a, m() { return 1; }, get g() { return 2; }, set g(v) {}, ...o, __proto__: null };");
    compile_ok("x = `plain`; x = `a${1}b${2}`; x = `${a}`;");
    compile_ok("x = /ab+c/gi; y = /[a-z]/u;");
    compile_ok("x = 1.5; y = -0; z = 1e21; w = 0x10; v = 2147483648;");
    compile_ok("x = tag`a${1}b`; y = o.tag`x`;");
}

#[test]
fn classes() {
    compile_ok("class A {}");
    compile_ok("class A { constructor(x) { this.x = x; } m() { return this.x; } static s() {} get g() { return 1; } set g(v) {} }");
    compile_ok("class A { f = 1; static s = 2; [k] = 3; static { this.t = 4; } }");
    compile_ok("class B extends A { constructor() { super(1, 2); super.m(); } m() { return super.m() + super['x']; } }");
    compile_ok("class B extends A { f = () => this; }");
    compile_ok("class B extends A { constructor(...args) { const g = () => super(...args); g(); } }");
    compile_ok("const C = class {}; const D = class Named { m() { return Named; } };");
    compile_ok("class A { static m() { return super.toString(); } } class N extends null {}");
    compile_ok("let o = { m() { return super.m(); } };");
}

#[test]
fn calls_and_new() {
    compile_ok("f(); f(1, 2); o.m(1); o[k](2); f(...a); f(1, ...a); f(...a, 1); o.m(...a, ...b);");
    compile_ok("new C; new C(1); new C(...a); new C(1, ...a, 2); new o.C(); eval('x');");
    compile_ok("function F() { return new.target; }");
}

#[test]
fn parameters_and_destructuring() {
    compile_ok("function f(a = 1, { b, c = 2 } = {}, [d, , e = 3, ...f] = [], ...rest) {}");
    compile_ok("const { a, b: { c }, ...r } = o; const [x, [y], ...z] = arr;");
    compile_ok("let a, b; [a, b] = [b, a]; ({ a, b: o.x, c: o[k] = 1, ...r } = src);");
    compile_ok("for (const { a, b } of list) {} for (const [k, v] of map) {}");
    compile_ok("const f = ({ a }, [b]) => a + b;");
    compile_ok("function f() { return arguments[0] + arguments.length; }");
}

#[test]
fn arguments_uses_create_arguments() {
    let s = compile_ok("function f() { return arguments[0]; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::CreateMappedArguments));
    // Only its length is read: nothing can see it alias.
    let s = compile_ok("function f(a) { return arguments.length + a; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::CreateArguments));
    let s = compile_ok("function f(a) { delete arguments.length; return arguments.length + a; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::CreateMappedArguments));
    let s = compile_ok("function f() { 'use strict'; return arguments.length; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::CreateArguments));
    let s = compile_ok("function f(a = 1) { return arguments.length; }");
    assert!(opcodes(function(&s, "f")).contains(&Opcode::CreateArguments));
    let s = compile_ok("function g() { return 1; }");
    let ops = opcodes(function(&s, "g"));
    assert!(!ops.contains(&Opcode::CreateArguments) && !ops.contains(&Opcode::CreateMappedArguments));
}

#[test]
fn regexp_literal_uses_constants() {
    let s = compile_ok("x = /a+/gi;");
    let f = s.top_level();
    assert!(opcodes(f).contains(&Opcode::CreateRegExpLiteral));
    assert!(f.constants.contains(&tagus_compiler::Constant::String("a+".into())));
    assert!(f.constants.contains(&tagus_compiler::Constant::String("gi".into())));
}

#[test]
fn feedback_slots_are_distinct() {
    let s = compile_ok("o.a; o.b; o.a = 1; f(); x + y;");
    let f = s.top_level();
    let mut slots = Vec::new();
    for insn in tagus_compiler::Instructions::new(&f.bytecode) {
        let insn = insn.unwrap();
        for (i, k) in insn.opcode.operands().iter().enumerate() {
            if *k == tagus_compiler::OperandKind::Slot {
                slots.push(insn.operands[i]);
            }
        }
    }
    let mut dedup = slots.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), slots.len());
    assert_eq!(f.feedback_slot_count as usize, slots.len());
}

#[test]
fn source_positions_cover_throwing_instructions() {
    let src = "let o = {};\nfoo.bar();\n  o.missing.x;";
    let s = compile_ok(src);
    let f = s.top_level();
    let mut saw_call = false;
    for insn in tagus_compiler::Instructions::new(&f.bytecode) {
        let insn = insn.unwrap();
        if insn.opcode.can_throw() {
            assert!(f.source_position(insn.offset).is_some(), "{:?}", insn.opcode);
        }
        if insn.opcode == Opcode::CallProperty {
            let pos = f.source_position(insn.offset).unwrap();
            assert_eq!(tagus_compiler::line_column(src, pos), (2, 5));
            saw_call = true;
        }
    }
    assert!(saw_call);
}
