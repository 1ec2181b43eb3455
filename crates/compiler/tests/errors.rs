//! Compile errors: syntax errors with 1-based positions, early errors found by the
//! scope analysis, and clean "not supported yet" errors for unimplemented features.
//!
//! Invariant: every case returns `Err`, never panics.

use tagus_compiler::{ErrorKind, compile_script};

fn err(src: &str) -> tagus_compiler::CompileError {
    match compile_script(src, "err.js") {
        Ok(_) => panic!("expected an error for {src:?}"),
        Err(e) => e,
    }
}

#[test]
fn syntax_error_position() {
    let e = err("let a = 1;\nlet b = ;\n");
    assert_eq!(e.kind, ErrorKind::SyntaxError);
    assert_eq!((e.line, e.column), (2, 9));
    let e = err("x = 1;\r\n  if (\n");
    assert_eq!(e.line, 3);
    let e = err("a + 1 = 2;");
    assert_eq!((e.line, e.column), (1, 1));
}

#[test]
fn redeclarations() {
    for src in [
        "let x; let x;",
        "var x; let x;",
        "let x; var x;",
        "let x; { var x; }",
        "const x = 1; function x() {}",
        "function f(a) { let a; }",
        "try {} catch (e) { let e; }",
        "class A {} class A {}",
    ] {
        let e = err(src);
        assert!(e.message.contains("has already been declared"), "{src}: {e}");
    }
    let e = err("let a;\nlet a;");
    assert_eq!((e.line, e.column), (2, 5));
}

#[test]
fn allowed_redeclarations() {
    for src in [
        "var x; var x;",
        "function f() {} var f;",
        "function g(a) { var a; }",
        "try {} catch (e) { var e; }",
        "{ let x; } { let x; }",
        "function h(a, a) {}",
    ] {
        assert!(compile_script(src, "ok.js").is_ok(), "{src}");
    }
}

#[test]
fn jump_errors() {
    assert_eq!(err("break;").message, "Illegal break statement");
    assert!(err("continue;").message.starts_with("Illegal continue statement"));
    assert_eq!(err("while (1) { break nope; }").message, "Undefined label 'nope'");
    assert!(err("l: { continue l; }").message.contains("does not denote an iteration statement"));
    assert!(err("for (;;) { function f() { break; } }").message.contains("Illegal break"));
}

#[test]
fn super_errors() {
    assert!(err("function f() { super.x; }").message.contains("'super' keyword unexpected here"));
    assert!(err("class A { constructor() { super(); } }").message.contains("'super'"));
    assert!(err("class A extends B { m() { super(); } }").message.contains("'super'"));
}

#[test]
fn strict_mode_errors() {
    assert!(
        err("'use strict'; delete x;")
            .message
            .contains("Delete of an unqualified identifier")
    );
    assert!(err("'use strict'; function f(a, a) {}").message.contains("Duplicate parameter"));
    assert!(err("const f = (a, a) => 1;").message.contains("Duplicate parameter"));
}

#[test]
fn unsupported_features_are_clean_errors() {
    for (src, feature) in [
        ("function* g() { yield 1; }", "generators"),
        ("async function f() {}", "async functions"),
        ("const f = async () => 1;", "async functions"),
        ("with (o) { x; }", "with statements"),
        ("x = 10n;", "BigInt literals"),
        ("class A { #x = 1; }", "private class members"),
        ("class A { m() { return this.#y; } }", "private class members"),
        ("class A { accessor x = 1; }", "auto-accessors"),
    ] {
        let e = err(src);
        assert_eq!(e.kind, ErrorKind::SyntaxError);
        assert!(e.is_unsupported(), "{src}: {e}");
        assert_eq!(e.message, format!("not supported yet: {feature}"), "{src}");
    }
    let e = err("let x = 1;\n  function* gen() {}");
    assert_eq!((e.line, e.column), (2, 3));
}

#[test]
fn modules_are_rejected() {
    assert!(compile_script("import x from 'y';", "m.js").is_err());
    assert!(compile_script("export const x = 1;", "m.js").is_err());
}

#[test]
fn error_display() {
    let e = err("let a = ;");
    let text = e.to_string();
    assert!(text.starts_with("SyntaxError: "), "{text}");
    assert!(text.ends_with("(1:9)"), "{text}");
}
