//! Standard output, buffered, remembering how much was written and why writing stopped.

use std::io::{self, BufWriter, StdoutLock, Write};

use crate::Failure;

/// How much output is held back before any of it is written: a conversion whose input turns
/// out invalid before its output reaches this size writes nothing at all.
const HOLD: usize = 8 << 20;

/// A buffered standard output that counts bytes and keeps the first I/O error, so that a
/// failed write can be told apart from a failed conversion.
///
/// The first [`HOLD`] bytes are held back: a conversion streams its output while it reads,
/// and holding the start keeps invalid documents of ordinary size from writing anything. A
/// sink dropped without [`finish`](Sink::finish) writes nothing it still holds.
pub struct Sink {
    out: BufWriter<StdoutLock<'static>>,
    /// Output not yet handed to `out` (`None` once the hold is over).
    held: Option<Vec<u8>>,
    written: u64,
    error: Option<io::ErrorKind>,
}

impl Sink {
    /// Locks standard output for the whole run.
    pub fn stdout() -> Sink {
        Sink {
            out: BufWriter::with_capacity(1 << 16, io::stdout().lock()),
            held: Some(Vec::new()),
            written: 0,
            error: None,
        }
    }

    /// Hands what is held to the output and stops holding.
    fn release(&mut self) -> io::Result<()> {
        match self.held.take() {
            Some(held) => self.out.write_all(&held).inspect_err(|err| {
                self.error.get_or_insert(err.kind());
            }),
            None => Ok(()),
        }
    }

    /// Whether anything was written.
    pub fn is_empty(&self) -> bool {
        self.written == 0
    }

    /// Ends the output: a final newline when `newline` and something was written, then a
    /// flush.
    pub fn finish(mut self, newline: bool) -> Result<(), Failure> {
        self.release().map_err(|err| self.failure(err))?;
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
        if let Some(held) = &mut self.held {
            held.extend_from_slice(buf);
            self.written += buf.len() as u64;
            if held.len() >= HOLD {
                self.release()?;
            }
            return Ok(buf.len());
        }
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
        if self.held.is_some() {
            // Held output is written by `finish` (or never, after a failure).
            return Ok(());
        }
        self.out.flush().inspect_err(|err| {
            self.error.get_or_insert(err.kind());
        })
    }
}
