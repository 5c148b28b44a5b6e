//! Reading the input document: a file, or standard input for no FILE or `-`.
//!
//! The conversion subcommands stream it ([`Source::open`]); the HTTP subcommands read a
//! body into one buffer ([`Source::read`]), sized from the file's length when it is known.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use crate::Failure;

/// Where the document comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `None` and `-` are standard input.
    pub fn new(path: Option<&Path>) -> Source {
        match path {
            None => Source::Stdin,
            Some(path) if path == Path::new("-") => Source::Stdin,
            Some(path) => Source::File(path.to_owned()),
        }
    }

    /// How the source is named in messages.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// Opens the document for streaming (standard input is locked for the run).
    pub fn open(&self) -> Result<Tracked<Box<dyn Read>>, Failure> {
        let reader: Box<dyn Read> = match self {
            Source::Stdin => {
                if io::stdin().is_terminal() {
                    eprintln!("jsv: reading standard input (end with Ctrl-D; --help for usage)");
                }
                Box::new(io::stdin().lock())
            }
            Source::File(path) => Box::new(
                File::open(path)
                    .map_err(|err| Failure::Io(format!("cannot read {}: {err}", self.name())))?,
            ),
        };
        Ok(Tracked::new(reader))
    }

    /// Reads the whole document into one buffer.
    pub fn read(&self) -> Result<Vec<u8>, Failure> {
        let result = match self {
            Source::Stdin => {
                if io::stdin().is_terminal() {
                    eprintln!("jsv: reading standard input (end with Ctrl-D; --help for usage)");
                }
                read_all(io::stdin().lock(), 0)
            }
            Source::File(path) => File::open(path).and_then(|file| {
                let hint = file.metadata().map_or(0, |meta| meta.len());
                read_all(file, hint)
            }),
        };
        result.map_err(|err| Failure::Io(format!("cannot read {}: {err}", self.name())))
    }
}

fn read_all(mut reader: impl Read, size_hint: u64) -> io::Result<Vec<u8>> {
    // One spare byte so that a file read to its exact size needs no regrowth at EOF.
    let capacity = usize::try_from(size_hint).unwrap_or(0).saturating_add(1);
    let mut buffer = Vec::with_capacity(capacity);
    reader.read_to_end(&mut buffer)?;
    Ok(buffer)
}

/// The input as text. Not UTF-8 is invalid input, reported with its position.
pub fn text(bytes: &[u8]) -> Result<&str, Failure> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => {
            // The library reports the position of the first bad byte with a snippet.
            let err = serde_jsv::from_slice::<serde::de::IgnoredAny>(bytes)
                .err()
                .map_or_else(
                    || "input is not valid UTF-8".to_owned(),
                    |err| err.snippet().to_string(),
                );
            Err(Failure::Invalid(err))
        }
    }
}

/// The text without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// How much of the input [`Tracked`] keeps for error snippets (at least, and at most twice).
const KEPT: usize = 64 * 1024;

/// A reader that keeps the last bytes read (for JSON error snippets, whose input is not
/// otherwise kept), remembers whether anything but whitespace came, and whether reading
/// failed.
pub struct Tracked<R> {
    inner: R,
    /// The last bytes read.
    window: Vec<u8>,
    /// The line (1-based) of `window[0]`.
    window_line: usize,
    /// How many bytes of that line come before `window[0]`.
    window_column: usize,
    /// Whether a byte other than whitespace (or a BOM) was read.
    pub content: bool,
    /// The first read error, if any.
    pub failed: Option<String>,
}

impl<R: Read> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            window: Vec::new(),
            window_line: 1,
            window_column: 0,
            content: false,
            failed: None,
        }
    }

    fn record(&mut self, bytes: &[u8]) {
        if !self.content {
            self.content = bytes.iter().any(|&b| {
                !matches!(
                    b,
                    b' ' | b'\t' | b'\r' | b'\n' | 0x0B | 0x0C | 0xEF | 0xBB | 0xBF
                )
            });
        }
        self.window.extend_from_slice(bytes);
        if self.window.len() > 2 * KEPT {
            let cut = self.window.len() - KEPT;
            let dropped = &self.window[..cut];
            match memchr::memrchr(b'\n', dropped) {
                Some(last) => {
                    self.window_line += memchr::memchr_iter(b'\n', dropped).count();
                    self.window_column = cut - last - 1;
                }
                None => self.window_column += cut,
            }
            self.window.drain(..cut);
        }
    }

    /// The text of `line` as far as it is kept (plus up to 80 more bytes of it if it is the
    /// last line read), and how many bytes of the line come before that text.
    pub fn line(&mut self, line: usize) -> (String, usize) {
        if line < self.window_line {
            return (String::new(), 0);
        }
        let mut start = 0;
        for _ in self.window_line..line {
            match memchr::memchr(b'\n', &self.window[start..]) {
                Some(found) => start += found + 1,
                None => return (String::new(), 0),
            }
        }
        let dropped = if line == self.window_line {
            self.window_column
        } else {
            0
        };
        let mut text = match memchr::memchr(b'\n', &self.window[start..]) {
            Some(end) => self.window[start..start + end].to_vec(),
            None => {
                let mut text = self.window[start..].to_vec();
                let mut more = [0u8; 80];
                if let Ok(n) = self.inner.read(&mut more) {
                    let end = memchr::memchr(b'\n', &more[..n]).unwrap_or(n);
                    text.extend_from_slice(&more[..end]);
                }
                text
            }
        };
        if text.last() == Some(&b'\r') {
            text.pop();
        }
        (String::from_utf8_lossy(&text).into_owned(), dropped)
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.record(&buf[..n]);
                Ok(n)
            }
            Err(err) => {
                if err.kind() != io::ErrorKind::Interrupted {
                    self.failed.get_or_insert_with(|| err.to_string());
                }
                Err(err)
            }
        }
    }
}
