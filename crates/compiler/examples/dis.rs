//! Print the bytecode of a JavaScript file: `cargo run --example dis -- file.js`.
//!
//! Invariant: prints either the full disassembly or the compile error, never both.

fn main() {
    let path = std::env::args().nth(1).expect("usage: dis <file.js>");
    let source = std::fs::read_to_string(&path).expect("readable file");
    match tagus_compiler::compile_script(&source, &path) {
        Ok(script) => {
            print!("{}", tagus_compiler::disassemble(&script));
            if let Err(e) = tagus_compiler::verify_script(&script) {
                println!("VERIFY FAILED: {e}");
            }
        }
        Err(e) => println!("{e}"),
    }
}
