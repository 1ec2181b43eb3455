//! From source to a runnable function: compiling (with a compilation cache that holds the
//! code weakly, as V8's does, so unreachable code is collected), and
//! materializing the compiler's plain-data output into heap objects — a
//! `SharedFunctionInfo` and `BytecodeArray` per function, constant pools of internalized
//! strings, numbers, nested shared infos and scope descriptions, handler and source
//! position tables as ByteArrays.
//!
//! Invariant: materialization keeps every object it has made on the JS stack until it is
//! linked into the result, so a GC in the middle loses nothing; code objects are
//! allocated in old space (they live as long as their closures).

use std::rc::Rc;

use tagus_compiler::{CompiledScript, Constant, ScopeKind, VariableMode};
use tagus_heap::objects::code::bytecode_array;
use tagus_heap::objects::{HeapObject, code::shared};
use tagus_heap::{AllocationType, NewStringType, Tagged};

use crate::function::kind_to_bits;
use crate::object::fixed_set;
use crate::{JsResult, Root, ScriptRecord, ThrowLocation, Vm};

/// Scope info slot mode: `var`-like.
pub const MODE_VAR: i32 = 0;
/// Scope info slot mode: `let`/`class`.
pub const MODE_LET: i32 = 1;
/// Scope info slot mode: `const`.
pub const MODE_CONST: i32 = 2;
/// Scope info slot mode: compiler-internal.
pub const MODE_INTERNAL: i32 = 3;

impl Vm {
    /// Compiles `source` (named `file` in errors and stack traces) to its top-level
    /// function, reusing the cached result for a source compiled before. A syntax error
    /// becomes a pending `SyntaxError` whose location is the error's position.
    pub fn compile(&mut self, source: &str, file: &str) -> JsResult<Tagged> {
        let key = (file.to_string(), Rc::<str>::from(source));
        if let Some(&root) = self.compilation_cache.get(&key) {
            let sfi = self.heap.weak_roots[root];
            if sfi.is_pointer() {
                return self.new_closure(sfi, self.undefined());
            }
            // The code died (nothing referred to it): compile again.
            self.compilation_cache.remove(&key);
        }
        let script_id = self.scripts.len();
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        self.scripts.push(ScriptRecord {
            name: file.to_string(),
            source: key.1.clone(),
            line_starts,
        });
        let compiled = match tagus_compiler::compile_script_with(source, file, self.options.allow_natives_syntax) {
            Ok(c) => c,
            Err(e) => {
                let message = v8_syntax_message(&e.message, source, e.offset as usize);
                let t = self.throw_syntax_error(&message);
                self.throw_location = Some(ThrowLocation {
                    script: script_id,
                    offset: e.offset,
                });
                return Err(t);
            }
        };
        let sfi = self.materialize(&compiled, script_id)?;
        // The cache holds the code weakly: code no closure refers to is collected.
        let slot = match self.heap.weak_roots.iter().position(|r| !r.is_pointer()) {
            Some(free) => {
                self.compilation_cache.retain(|_, v| *v != free);
                self.heap.weak_roots[free] = sfi;
                free
            }
            None => {
                self.heap.weak_roots.push(sfi);
                self.heap.weak_roots.len() - 1
            }
        };
        self.compilation_cache.insert(key, slot);
        self.new_closure(sfi, self.undefined())
    }

    /// Number of entries in the compilation cache.
    pub fn compilation_cache_size(&self) -> usize {
        self.compilation_cache.len()
    }

    /// Runs a script's top-level function with the global object as `this`.
    pub fn run_script(&mut self, top_level: Tagged) -> JsResult<Tagged> {
        let global = self.root(Root::GlobalObject);
        self.call(top_level, global, &[])
    }

    /// Compiles and runs `source`.
    pub fn eval(&mut self, source: &str, file: &str) -> JsResult<Tagged> {
        let f = self.compile(source, file)?;
        self.run_script(f)
    }

    fn materialize(&mut self, script: &CompiledScript, script_id: usize) -> JsResult<Tagged> {
        let base = self.stack_mark();
        // Shared infos first (constant pools refer to each other's), then their code.
        for (id, code) in script.functions.iter().enumerate() {
            let name = self.intern(&code.name)?;
            let ns = self.push(name);
            let expected = (code.expected_nof_properties as i32).min(shared::MAX_EXPECTED_NOF_PROPERTIES);
            let flags = kind_to_bits(code.kind)
                | if code.is_strict { shared::STRICT_BIT } else { 0 }
                | expected << shared::EXPECTED_NOF_PROPERTIES_SHIFT;
            let undefined = self.undefined();
            let sfi = self.new_shared_function_info(
                ns,
                undefined,
                script_id as i32,
                flags,
                code.length,
                code.param_count,
                id as u32,
                code.source_range,
            )?;
            self.set_slot(ns, sfi);
        }
        for (id, code) in script.functions.iter().enumerate() {
            let bytecode = self
                .heap
                .new_bytecode_array(&code.bytecode, code.frame_size() as usize, code.param_count as usize)
                .map_err(|_| self.out_of_memory())?;
            let bs = self.push(bytecode);
            let pool = self
                .heap
                .new_fixed_array(code.constants.len(), AllocationType::Old)
                .map_err(|_| self.out_of_memory())?;
            let ps = self.push(pool);
            for (i, constant) in code.constants.iter().enumerate() {
                let value = self.materialize_constant(constant, base)?;
                fixed_set(self.slot(ps), i, value);
            }
            let mut handlers = Vec::with_capacity(code.handlers.len() * 16);
            for h in &code.handlers {
                for v in [h.start, h.end, h.handler, h.context_register as u32] {
                    handlers.extend_from_slice(&v.to_le_bytes());
                }
            }
            let table = self
                .heap
                .new_byte_array(&handlers, AllocationType::Old)
                .map_err(|_| self.out_of_memory())?;
            let ts = self.push(table);
            let mut positions = Vec::with_capacity(code.source_positions.len() * 8);
            for &(bc, src) in &code.source_positions {
                positions.extend_from_slice(&bc.to_le_bytes());
                positions.extend_from_slice(&src.to_le_bytes());
            }
            let positions = self
                .heap
                .new_byte_array(&positions, AllocationType::Old)
                .map_err(|_| self.out_of_memory())?;
            let ps_positions = self.push(positions);
            let vector = self.new_feedback_vector(code.feedback_slot_count as usize)?;
            let positions = self.slot(ps_positions);
            let b = HeapObject::from_tagged(self.slot(bs));
            b.write_tagged(bytecode_array::FEEDBACK_VECTOR_OFFSET, vector);
            b.write_tagged(bytecode_array::CONSTANT_POOL_OFFSET, self.slot(ps));
            b.write_tagged(bytecode_array::HANDLER_TABLE_OFFSET, self.slot(ts));
            b.write_tagged(bytecode_array::SOURCE_POSITION_TABLE_OFFSET, positions);
            HeapObject::from_tagged(self.slot(base + id)).write_tagged(shared::FUNCTION_DATA_OFFSET, self.slot(bs));
            self.truncate_stack(bs);
        }
        let top = self.slot(base);
        self.truncate_stack(base);
        Ok(top)
    }

    fn materialize_constant(&mut self, constant: &Constant, sfi_base: usize) -> JsResult<Tagged> {
        Ok(match constant {
            Constant::Number(n) => {
                let as_int = *n as i32;
                if as_int as f64 == *n && !(*n == 0.0 && n.is_sign_negative()) && Tagged::try_smi(as_int as i64).is_some() {
                    Tagged::smi(as_int)
                } else {
                    self.heap
                        .new_heap_number(*n, AllocationType::Old)
                        .map_err(|_| self.out_of_memory())?
                }
            }
            Constant::String(s) => self
                .heap
                .string_from_utf8(s.as_bytes(), NewStringType::Internalized)
                .map_err(|e| self.string_error(e))?,
            Constant::StringUtf16(units) => self
                .heap
                .string_from_two_byte(units, NewStringType::Internalized)
                .map_err(|e| self.string_error(e))?,
            Constant::Function(i) => self.slot(sfi_base + *i as usize),
            Constant::ScopeInfo(info) => {
                // [kind, slot count, (name, mode)...]
                let n = info.slots.len();
                let array = self
                    .heap
                    .new_fixed_array(2 + 2 * n, AllocationType::Old)
                    .map_err(|_| self.out_of_memory())?;
                let a = self.push(array);
                let kind = match info.kind {
                    ScopeKind::Script => 0,
                    ScopeKind::Function => 1,
                    ScopeKind::Block => 2,
                };
                fixed_set(self.slot(a), 0, Tagged::smi(kind));
                fixed_set(self.slot(a), 1, Tagged::smi(n as i32));
                for (i, (name, mode)) in info.slots.iter().enumerate() {
                    let name = self.intern(name)?;
                    fixed_set(self.slot(a), 2 + 2 * i, name);
                    let mode = match mode {
                        VariableMode::Var => MODE_VAR,
                        VariableMode::Let => MODE_LET,
                        VariableMode::Const => MODE_CONST,
                        VariableMode::Internal => MODE_INTERNAL,
                    };
                    fixed_set(self.slot(a), 3 + 2 * i, Tagged::smi(mode));
                }
                let array = self.slot(a);
                self.truncate_stack(a);
                array
            }
            Constant::GlobalDeclarations(decls) => {
                let array = self
                    .heap
                    .new_fixed_array(2 * decls.len(), AllocationType::Old)
                    .map_err(|_| self.out_of_memory())?;
                let a = self.push(array);
                for (i, d) in decls.iter().enumerate() {
                    let name = self.intern(&d.name)?;
                    fixed_set(self.slot(a), 2 * i, name);
                    fixed_set(self.slot(a), 2 * i + 1, self.boolean(d.is_function));
                }
                let array = self.slot(a);
                self.truncate_stack(a);
                array
            }
            Constant::ParameterMap(slots) => {
                // [context data slot (Smi) or the hole, per formal parameter]
                let array = self
                    .heap
                    .new_fixed_array(slots.len(), AllocationType::Old)
                    .map_err(|_| self.out_of_memory())?;
                for (i, slot) in slots.iter().enumerate() {
                    fixed_set(array, i, slot.map_or(self.hole(), |s| Tagged::smi(s as i32)));
                }
                array
            }
            Constant::TemplateObject { cooked, raw } => {
                let n = raw.len();
                let array = self
                    .heap
                    .new_fixed_array(2 * n, AllocationType::Old)
                    .map_err(|_| self.out_of_memory())?;
                let a = self.push(array);
                for i in 0..n {
                    let c = match &cooked[i] {
                        Some(text) => self.new_string(text)?,
                        None => self.undefined(),
                    };
                    fixed_set(self.slot(a), i, c);
                    let r = self.new_string(&raw[i])?;
                    fixed_set(self.slot(a), n + i, r);
                }
                let array = self.slot(a);
                self.truncate_stack(a);
                array
            }
        })
    }
}

/// The parser's "Unexpected token" rephrased as V8 says it, naming what was found:
/// `Unexpected token ';'`, `Unexpected identifier 'x'`, `Unexpected number`,
/// `Unexpected string`, `Unexpected end of input`.
fn v8_syntax_message(message: &str, source: &str, offset: usize) -> String {
    if message != "Unexpected token" {
        return message.to_string();
    }
    let rest = source.get(offset..).unwrap_or("").trim_start();
    let Some(first) = rest.chars().next() else {
        return "Unexpected end of input".to_string();
    };
    if first.is_ascii_digit() {
        return "Unexpected number".to_string();
    }
    if matches!(first, '"' | '\'' | '`') {
        return if first == '`' {
            "Unexpected template string".to_string()
        } else {
            "Unexpected string".to_string()
        };
    }
    if first.is_alphabetic() || first == '_' || first == '$' {
        let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect();
        let reserved = [
            "break",
            "case",
            "catch",
            "class",
            "const",
            "continue",
            "debugger",
            "default",
            "delete",
            "do",
            "else",
            "export",
            "extends",
            "finally",
            "for",
            "function",
            "if",
            "import",
            "in",
            "instanceof",
            "new",
            "return",
            "super",
            "switch",
            "this",
            "throw",
            "try",
            "typeof",
            "var",
            "void",
            "while",
            "with",
            "null",
            "true",
            "false",
        ];
        return if reserved.contains(&word.as_str()) {
            format!("Unexpected token '{word}'")
        } else {
            format!("Unexpected identifier '{word}'")
        };
    }
    const PUNCTUATORS: [&str; 24] = [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=",
        "-=", "*=", "**", "<<",
    ];
    let token = PUNCTUATORS
        .iter()
        .find(|p| rest.starts_with(**p))
        .map(|p| p.to_string())
        .unwrap_or_else(|| first.to_string());
    format!("Unexpected token '{token}'")
}
