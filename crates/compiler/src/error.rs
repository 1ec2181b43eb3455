//! Compile errors and source line/column conversion.
//!
//! Invariant: every error carries a 1-based line and column computed from a byte
//! offset into the original source with [`line_column`], counting columns in UTF-16
//! code units like V8 does.

use std::fmt;

/// The JavaScript error class a compile error maps to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An early `SyntaxError` (including "not supported yet: ..." for unimplemented features).
    SyntaxError,
    /// An early `ReferenceError`.
    ReferenceError,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::ReferenceError => "ReferenceError",
        })
    }
}

/// A compile-time error with its source location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The error class.
    pub kind: ErrorKind,
    /// Message without the class prefix, e.g. "Unexpected token".
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (UTF-16 code units).
    pub column: u32,
    /// 0-based byte offset into the source.
    pub offset: u32,
}

impl CompileError {
    /// Build an error of `kind` at byte `offset` of `source`.
    pub fn new(kind: ErrorKind, message: impl Into<String>, source: &str, offset: u32) -> Self {
        let (line, column) = line_column(source, offset);
        CompileError {
            kind,
            message: message.into(),
            line,
            column,
            offset,
        }
    }

    /// Whether this is a "not supported yet" error (a feature gap, not bad input).
    pub fn is_unsupported(&self) -> bool {
        self.message.starts_with("not supported yet")
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({}:{})", self.kind, self.message, self.line, self.column)
    }
}

impl std::error::Error for CompileError {}

/// Convert a byte offset into a 1-based (line, column). Lines end at `\n`, `\r\n`,
/// `\r`, U+2028 and U+2029; columns count UTF-16 code units. Offsets past the end
/// clamp to the end; offsets inside a character count up to that character.
pub fn line_column(source: &str, offset: u32) -> (u32, u32) {
    let offset = (offset as usize).min(source.len());
    let mut line = 1u32;
    let mut column = 1u32;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        match c {
            '\r' => {
                if let Some((j, '\n')) = chars.peek().copied() {
                    if j >= offset {
                        // Offset points at the '\n' of a CRLF: still on this line.
                        column += 1;
                        break;
                    }
                    chars.next();
                }
                line += 1;
                column = 1;
            }
            '\n' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                column = 1;
            }
            _ => column += c.len_utf16() as u32,
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = "ab\ncd\r\nef";
        assert_eq!(line_column(s, 0), (1, 1));
        assert_eq!(line_column(s, 1), (1, 2));
        assert_eq!(line_column(s, 3), (2, 1));
        assert_eq!(line_column(s, 7), (3, 1));
        assert_eq!(line_column(s, 100), (3, 3));
        assert_eq!(line_column("é x", 3), (1, 3));
        assert_eq!(line_column("😀x", 4), (1, 3));
    }
}
