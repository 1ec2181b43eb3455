//! Standard output shared by `console.log`, `--trace-gc` lines, `--print-bytecode` listings
//! and the REPL, so their lines come out in the order they were written. Buffered when
//! stdout is a file or a pipe (a script printing a million lines should not make a million
//! system calls), flushed per line on a terminal, and flushed before anything goes to
//! stderr so the two streams interleave as the program wrote them.

use std::cell::RefCell;
use std::io::{BufWriter, IsTerminal, Stdout, Write};
use std::rc::Rc;

/// A cloneable handle to the process's buffered stdout.
#[derive(Clone)]
pub struct Output {
    inner: Rc<RefCell<BufWriter<Stdout>>>,
    line_flush: bool,
}

impl Output {
    /// Stdout, buffered unless it is a terminal.
    pub fn stdout() -> Output {
        let stdout = std::io::stdout();
        let line_flush = stdout.is_terminal();
        Output {
            inner: Rc::new(RefCell::new(BufWriter::with_capacity(64 * 1024, stdout))),
            line_flush,
        }
    }

    /// Writes `text` as is.
    pub fn write(&self, text: &str) {
        // Write errors (a closed pipe) are ignored, as Node ignores EPIPE on stdout.
        if let Ok(mut out) = self.inner.try_borrow_mut() {
            let _ = out.write_all(text.as_bytes());
            if self.line_flush {
                let _ = out.flush();
            }
        }
    }

    /// Writes `text` and a line break.
    pub fn line(&self, text: &str) {
        if let Ok(mut out) = self.inner.try_borrow_mut() {
            let _ = out.write_all(text.as_bytes());
            let _ = out.write_all(b"\n");
            if self.line_flush {
                let _ = out.flush();
            }
        }
    }

    /// Pushes buffered text to stdout.
    pub fn flush(&self) {
        if let Ok(mut out) = self.inner.try_borrow_mut() {
            let _ = out.flush();
        }
    }

    /// Writes `text` and a line break to stderr, after flushing stdout.
    pub fn error_line(&self, text: &str) {
        self.flush();
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        let _ = err.write_all(text.as_bytes());
        let _ = err.write_all(b"\n");
    }

    /// Writes `text` as is to stderr, after flushing stdout.
    pub fn error(&self, text: &str) {
        self.flush();
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}
