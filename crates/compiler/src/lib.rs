//! Tagus compiler: JavaScript source to Ignition-style bytecode.
//!
//! The pipeline is parse (oxc) → scope analysis (`analysis`, `scope`) → bytecode
//! generation (`codegen`) → plain data ([`CompiledScript`]) that the interpreter
//! materializes into heap objects. The compiler never touches the heap.
//!
//! Invariant: [`compile_script`] either returns a complete, well-formed script (every
//! function's bytecode decodes with [`Instructions`], every jump lands on an
//! instruction) or a [`CompileError`]; it never panics on any input. Features not
//! implemented yet fail with a `SyntaxError` whose message starts with
//! "not supported yet:".
//!
//! Scoping decisions (see `scope.rs`): top-level `var`s and function declarations are
//! global object properties (`DeclareGlobals` + `StaGlobal`); top-level
//! `let`/`const`/`class` live in the script context (`CreateScriptContext`), which the
//! runtime registers in the realm's script context table so that `LdaGlobal` from other
//! scripts finds them. TDZ hole checks are emitted unless the read is in the declaring
//! function, textually after the initializer, and not in a `switch` body. A sloppy
//! function with simple parameters that uses `arguments` (for more than its `length`)
//! keeps its parameters in its context and creates its `arguments` object with
//! `CreateMappedArguments`, whose `Constant::ParameterMap` tells the runtime which context
//! slot each index aliases.
//!
//! Runtime contract (what the interpreter must do around the bytecode):
//! - frames: see `bytecode` for the register layout; locals start as `undefined`;
//! - `[[Construct]]` of `Normal`/`ClassConstructor` code allocates the receiver from
//!   `new.target.prototype` and returns it unless the code returns an object;
//!   `DerivedConstructor` code starts with the hole as receiver, initializes `this` via
//!   `super()` itself and returns it, so the runtime only rejects a non-object result;
//! - class constructors throw when called without `new`; the field initializer is
//!   called by the constructor bytecode itself;
//! - exceptions: the handler table (innermost first) and `HandlerEntry` docs;
//! - a script's return value is its completion value (last expression statement).
//!
//! Known deviations: Annex B block-function hoisting is not done (block functions are
//! block scoped); parameter default expressions see the body's `var`s (no separate
//! parameter scope); `for (let x of expr)` evaluates `expr` outside the TDZ scope of `x`.

#![forbid(unsafe_code)]

mod analysis;
mod builder;
pub mod bytecode;
mod codegen;
pub mod decoder;
mod disassembler;
mod error;
mod scope;
mod script;
mod verifier;

pub use bytecode::{Opcode, OperandKind, Register};
pub use decoder::{DecodeError, Instruction, Instructions, decode_at};
pub use disassembler::{disassemble, disassemble_function};
pub use error::{CompileError, ErrorKind, line_column};
pub use script::{
    CompiledScript, Constant, FunctionCode, FunctionKind, GlobalDeclaration, HandlerEntry, ScopeInfo, ScopeKind, VariableMode,
};
pub use verifier::{verify_function, verify_script};

use oxc_allocator::Allocator;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;

/// Stack size of the compiler thread: parsing and code generation recurse on the
/// syntax tree, and nesting is limited by `MAX_NESTING`, not by the caller's stack.
const COMPILER_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Deepest bracket nesting accepted (checked before parsing, since the parser
/// recurses on it).
const MAX_BRACKET_NESTING: usize = 5_000;

/// Compile a classic (non-module) script.
///
/// `file_name` is recorded for stack traces. Errors carry a 1-based line and column.
/// Runs on a dedicated thread with a large stack, so deeply nested input cannot
/// overflow the caller's stack.
pub fn compile_script(source: &str, file_name: &str) -> Result<CompiledScript, CompileError> {
    compile_script_with(source, file_name, false)
}

/// [`compile_script`], optionally accepting V8's `%Name(args)` runtime calls (d8's and
/// Node's `--allow-natives-syntax`); they compile to `CallRuntime`.
pub fn compile_script_with(source: &str, file_name: &str, allow_natives_syntax: bool) -> Result<CompiledScript, CompileError> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("tagus-compiler".into())
            .stack_size(COMPILER_STACK_SIZE)
            .spawn_scoped(scope, || compile_on_this_thread(source, file_name, allow_natives_syntax));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(CompileError::new(ErrorKind::SyntaxError, "internal compiler error", source, 0))),
            Err(_) => compile_on_this_thread(source, file_name, allow_natives_syntax),
        }
    })
}

/// Offset of the first bracket nested deeper than `MAX_BRACKET_NESTING`, ignoring
/// brackets inside string literals and comments (a conservative pre-parse guard).
fn excessive_nesting(source: &str) -> Option<u32> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKET_NESTING {
                    return Some(i as u32);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn compile_on_this_thread(source: &str, file_name: &str, allow_natives_syntax: bool) -> Result<CompiledScript, CompileError> {
    if let Some(offset) = excessive_nesting(source) {
        return Err(CompileError::new(
            ErrorKind::SyntaxError,
            format!("not supported yet: nesting deeper than {MAX_BRACKET_NESTING} levels"),
            source,
            offset,
        ));
    }
    if source.len() >= u32::MAX as usize {
        return Err(CompileError::new(ErrorKind::SyntaxError, "script too large", "", 0));
    }
    let allocator = Allocator::default();
    let options = ParseOptions {
        parse_regular_expression: true,
        preserve_parens: false,
        allow_v8_intrinsics: allow_natives_syntax,
        ..ParseOptions::default()
    };
    let parsed = Parser::new(&allocator, source, SourceType::script()).with_options(options).parse();
    if let Some(diag) = parsed.diagnostics.errors().next() {
        let offset = diag.labels.iter().map(|l| l.offset()).min().unwrap_or(0);
        return Err(CompileError::new(ErrorKind::SyntaxError, diag.message.to_string(), source, offset));
    }
    if parsed.panicked {
        return Err(CompileError::new(ErrorKind::SyntaxError, "Unexpected token", source, 0));
    }
    let analysis = analysis::analyze(&parsed.program, source)?;
    let functions = codegen::generate(&parsed.program, analysis, source)?;
    Ok(CompiledScript {
        file_name: file_name.to_string(),
        functions,
    })
}
