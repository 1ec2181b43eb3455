//! A `d8 --print-bytecode`-style listing of compiled code, built on the shared decoder.
//!
//! Invariant: the listing is a pure function of the `CompiledScript` (stable text, no
//! addresses), so tests can snapshot it.

use crate::bytecode::{OperandKind, Register};
use crate::decoder::Instructions;
use crate::script::{CompiledScript, Constant, FunctionCode};
use std::fmt::Write;

/// Disassemble every function of a script.
pub fn disassemble(script: &CompiledScript) -> String {
    let mut out = String::new();
    for (i, f) in script.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&disassemble_function(i, f, script));
    }
    out
}

/// Disassemble one function (`index` is its position in `script.functions`).
pub fn disassemble_function(index: usize, f: &FunctionCode, script: &CompiledScript) -> String {
    let mut out = String::new();
    let name = if f.name.is_empty() { "<anonymous>" } else { &f.name };
    let _ = writeln!(
        out,
        "[function #{index}: {name} ({:?}{})]",
        f.kind,
        if f.is_strict { ", strict" } else { "" }
    );
    let _ = writeln!(
        out,
        "Parameter count {}, register count {}, feedback slots {}, context slots {}",
        f.param_count, f.register_count, f.feedback_slot_count, f.context_slot_count
    );
    for insn in Instructions::new(&f.bytecode) {
        let insn = match insn {
            Ok(i) => i,
            Err(e) => {
                let _ = writeln!(out, "  <{e}>");
                break;
            }
        };
        let mut text = format!("{:>5} : {}", insn.offset, insn.opcode.name());
        let kinds = insn.opcode.operands();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < kinds.len() {
            let v = insn.operands[i];
            let part = match kinds[i] {
                OperandKind::Reg if kinds.get(i + 1) == Some(&OperandKind::Count) => {
                    let count = insn.operands[i + 1];
                    i += 1;
                    let first = Register(v as u16).display_name(f.param_count);
                    match count {
                        0 => "()".to_string(),
                        1 => first,
                        n => format!("{first}-{}", Register((v + n - 1) as u16).display_name(f.param_count)),
                    }
                }
                OperandKind::Reg => Register(v as u16).display_name(f.param_count),
                OperandKind::Imm => format!("[{}]", v as i32),
                OperandKind::Target => format!("@{v}"),
                OperandKind::Flag => format!("#{v}"),
                _ => format!("[{v}]"),
            };
            parts.push(part);
            i += 1;
        }
        if !parts.is_empty() {
            text.push(' ');
            text.push_str(&parts.join(", "));
        }
        out.push_str(&text);
        out.push('\n');
    }
    if !f.constants.is_empty() {
        let _ = writeln!(out, "Constant pool (size = {})", f.constants.len());
        for (i, c) in f.constants.iter().enumerate() {
            let _ = writeln!(out, "{i:>5}: {}", describe_constant(c, script));
        }
    }
    if !f.handlers.is_empty() {
        let _ = writeln!(out, "Handler table (size = {})", f.handlers.len());
        for h in &f.handlers {
            let _ = writeln!(
                out,
                "  [{}, {}) -> @{} (context {})",
                h.start,
                h.end,
                h.handler,
                Register(h.context_register).display_name(f.param_count)
            );
        }
    }
    out
}

fn describe_constant(c: &Constant, script: &CompiledScript) -> String {
    match c {
        Constant::Number(n) => format!("Number {n}"),
        Constant::String(s) => format!("String {s:?}"),
        Constant::StringUtf16(u) => format!("String (UTF-16) {u:x?}"),
        Constant::Function(i) => {
            let name = script.functions.get(*i as usize).map(|f| f.name.as_str()).unwrap_or("?");
            format!("Function #{i} {name}")
        }
        Constant::ScopeInfo(si) => {
            let names: Vec<&str> = si.slots.iter().map(|(n, _)| n.as_str()).collect();
            format!("ScopeInfo {:?} [{}]", si.kind, names.join(", "))
        }
        Constant::GlobalDeclarations(d) => {
            let names: Vec<String> = d
                .iter()
                .map(|g| {
                    if g.is_function {
                        format!("function {}", g.name)
                    } else {
                        format!("var {}", g.name)
                    }
                })
                .collect();
            format!("GlobalDeclarations [{}]", names.join(", "))
        }
        Constant::ParameterMap(slots) => {
            let slots: Vec<String> = slots.iter().map(|s| s.map_or("-".to_string(), |s| s.to_string())).collect();
            format!("ParameterMap [{}]", slots.join(", "))
        }
        Constant::TemplateObject { raw, .. } => format!("TemplateObject {raw:?}"),
    }
}
