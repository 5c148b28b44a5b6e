//! Standard output, buffered, remembering how much was written and why writing stopped.

use std::io::{self, BufWriter, StdoutLock, Write};

use crate::Failure;

/// A buffered standard output that counts bytes and keeps the first I/O error, so that a
/// failed write can be told apart from a failed conversion.
pub struct Sink {
    out: BufWriter<StdoutLock<'static>>,
    written: u64,
    error: Option<io::ErrorKind>,
}

impl Sink {
    /// Locks standard output for the whole run.
    pub fn stdout() -> Sink {
        Sink {
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            written: 0,
            error: None,
        }
    }

    /// Whether anything was written.
    pub fn is_empty(&self) -> bool {
        self.written == 0
    }

    /// Ends the output: a final newline when `newline` and something was written, then a
    /// flush.
    pub fn finish(mut self, newline: bool) -> Result<(), Failure> {
        if newline && !self.is_empty() {
            self.write_all(b"\n").map_err(|err| self.failure(err))?;
        }
        self.flush().map_err(|err| self.failure(err))
    }

    /// The failure for an error met while writing: a closed pipe (`jsv … | head`) ends the
    /// run quietly, another write error is an I/O error, and an error that did not come
    /// from the output is the document's.
    pub fn failure(&self, err: impl std::fmt::Display) -> Failure {
        match self.error {
            Some(io::ErrorKind::BrokenPipe) => Failure::Quiet,
            Some(_) => Failure::Io(format!("cannot write the output: {err}")),
            None => Failure::Invalid(err.to_string()),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.out.write(buf) {
            Ok(n) => {
                self.written += n as u64;
                Ok(n)
            }
            Err(err) => {
                self.error.get_or_insert(err.kind());
                Err(err)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().inspect_err(|err| {
            self.error.get_or_insert(err.kind());
        })
    }
}
