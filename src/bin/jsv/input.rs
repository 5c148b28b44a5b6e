//! Reading the input document: a file, or standard input for no FILE or `-`.
//!
//! The input is read once into one buffer, sized from the file's length when it is known;
//! everything after borrows from that buffer.

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

/// Whether JSV text is in the indented layout, by the library's own rule (D3): the first
/// `{` or `[` is followed directly by a line break.
pub fn looks_pretty(text: &str) -> bool {
    let rest = strip_bom(text).trim_start_matches([' ', '\t', '\r', '\n', '\u{b}', '\u{c}']);
    let bytes = rest.as_bytes();
    matches!(bytes, [b'{' | b'[', b'\r' | b'\n', ..])
}
