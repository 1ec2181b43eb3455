//! Shared helpers for the integration tests: compile + verify, and find functions.
//!
//! Invariant: `compile_ok` only returns scripts that pass the structural verifier.

#![allow(dead_code)]

use tagus_compiler::{CompiledScript, FunctionCode, Instructions, Opcode, compile_script, verify_script};

/// Compile `source`, panicking with the error on failure, and verify the bytecode.
pub fn compile_ok(source: &str) -> CompiledScript {
    let script = compile_script(source, "test.js").unwrap_or_else(|e| panic!("compile failed: {e}\n--- source ---\n{source}"));
    if let Err(e) = verify_script(&script) {
        panic!("verification failed: {e}\n{}", tagus_compiler::disassemble(&script));
    }
    script
}

/// The first function named `name`.
pub fn function<'a>(script: &'a CompiledScript, name: &str) -> &'a FunctionCode {
    script
        .functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no function {name}"))
}

/// Opcodes of a function, in order.
pub fn opcodes(f: &FunctionCode) -> Vec<Opcode> {
    Instructions::new(&f.bytecode).map(|i| i.unwrap().opcode).collect()
}

/// Instruction listing (`Opcode op, op`) of one function, without offsets.
pub fn listing(script: &CompiledScript, index: usize) -> Vec<String> {
    let text = tagus_compiler::disassemble_function(index, &script.functions[index], script);
    text.lines()
        .filter_map(|l| l.split_once(" : ").map(|(_, rest)| rest.to_string()))
        .collect()
}
