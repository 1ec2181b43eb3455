//! A realistic ~200-line program (classes, closures, loops, destructuring,
//! exceptions) compiles to verifiable bytecode.
//!
//! Invariant: the fixture stays within the supported language subset.

mod support;
use support::{compile_ok, function};
use tagus_compiler::FunctionKind;

#[test]
fn inventory_program_compiles() {
    let source = include_str!("fixtures/inventory.js");
    assert!(source.lines().count() >= 180);
    let s = compile_ok(source);
    assert!(s.functions.len() > 30, "{}", s.functions.len());
    assert!(s.functions.iter().all(|f| f.is_strict));
    assert_eq!(function(&s, "DigitalProduct").kind, FunctionKind::DerivedConstructor);
    assert_eq!(function(&s, "Money").kind, FunctionKind::ClassConstructor);
    assert_eq!(function(&s, "get amount").kind, FunctionKind::Getter);
    let create_order = function(&s, "createOrder");
    assert!(create_order.handlers.len() >= 2, "try/catch/finally + for loop");
    assert!(s.functions.iter().any(|f| f.kind == FunctionKind::ClassStaticInitializer));
    assert!(s.functions.iter().any(|f| f.kind == FunctionKind::ClassFieldsInitializer));
    // source ranges cover the function text
    let f = function(&s, "summarize");
    let text = &source[f.source_range.0 as usize..f.source_range.1 as usize];
    assert!(text.starts_with("function summarize(orders)"), "{text}");
    assert!(text.ends_with('}'));
}
