//! The one error type of serde_jsv, for writing and reading.
//!
//! As in serde_json, an [`Error`] displays as one line, the message then the position, with
//! no trailing newline, so it fits in logs and in `anyhow` chains. [`Error::snippet`]
//! renders the offending line with a caret under it, the way the toml crate does, for
//! people reading the input (the `jsv` tool prints that). [`Error::classify`] tells an I/O
//! error from malformed text, text that does not fit the target type, and text that ended
//! too early.
//!
//! ```
//! use serde_jsv::error::Category;
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Session {
//!     #[allow(dead_code)]
//!     ended: bool,
//! }
//!
//! let err = serde_jsv::from_str::<Session>("{ended:yes}").unwrap_err();
//! assert_eq!((err.line(), err.column()), (1, 8));
//! assert_eq!(err.to_string(), "expected True or False, found `yes` at line 1 column 8");
//! assert_eq!(err.classify(), Category::Data);
//! assert_eq!(
//!     err.snippet().to_string(),
//!     "JSV data error at line 1, column 8\n  |\n1 | {ended:yes}\n  |        ^^^ expected True or False, found `yes`"
//! );
//!
//! let err = serde_jsv::from_str::<Session>("{ended:True").unwrap_err();
//! assert!(err.is_eof());
//! ```

use std::fmt::{self, Debug, Display};
use std::io;

/// A `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong while writing or reading JSV.
///
/// It is one pointer wide, so `Result<T>` stays small. Position information is computed only
/// when an error happens.
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    kind: ErrorKind,
    position: Option<Position>,
}

/// Where in the input an error was found.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
    offset: usize,
    /// The text of the line holding the error (a window of it for very long lines).
    line_text: String,
    /// The column of `line_text`'s first character.
    line_text_column: usize,
    /// How many characters the caret underlines.
    width: usize,
}

/// The broad class of an error, as in serde_json, returned by [`Error::classify`].
///
/// Not `#[non_exhaustive]`, like serde_json's: the four classes cover every way reading
/// can fail (the input failed, ended, is malformed, or does not fit), so a `match` on them
/// may stay exhaustive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Reading from or writing to an `io` stream failed.
    Io,
    /// The input is not well-formed JSV.
    Syntax,
    /// The input is well-formed JSV but does not fit the target type (or a value cannot be
    /// written as JSV).
    Data,
    /// The input ended before the value did.
    Eof,
}

/// What exactly went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A message from a `Serialize` or `Deserialize` implementation (missing field,
    /// invalid type, unknown variant, …).
    Message(String),
    /// An I/O error from the underlying reader or writer.
    Io(io::Error),
    /// The input is not UTF-8.
    InvalidUtf8,
    /// The input ended inside a value.
    EofWhileParsing(&'static str),
    /// A quoted string has no closing quote.
    UnterminatedQuote,
    /// A member name was not followed by `:`.
    ExpectedColon,
    /// A member or item was followed by something other than `,` or the closing bracket.
    ExpectedCommaOrEnd(char),
    /// An object (`{…}`) was required.
    ExpectedObject,
    /// A list (`[…]`) was required.
    ExpectedList,
    /// A closing quote was followed by something that is not a separator.
    UnexpectedAfterQuote,
    /// Text followed the root value.
    TrailingCharacters,
    /// A number could not be read (`text` is the token).
    InvalidNumber {
        /// What was being read: `"i32"`, `"f64"`, …
        expected: &'static str,
        /// The offending token.
        text: String,
    },
    /// A number is outside the range of its type.
    NumberOutOfRange {
        /// The target type.
        expected: &'static str,
        /// The offending token.
        text: String,
    },
    /// A bool was not `True`, `False`, `1` or `0` (in any case).
    InvalidBool(String),
    /// A char was not exactly one character.
    InvalidChar(String),
    /// A byte buffer was neither Base64 nor a list of numbers.
    InvalidBytes(String),
    /// An empty token where a value is required (`{Count:}` for an `i32`).
    EmptyValue(&'static str),
    /// Nesting deeper than the configured limit.
    RecursionLimitExceeded,
    /// A map key of a type that JSV cannot write as a key.
    KeyMustBeScalar,
    /// A list whose only item is written as the empty token (`vec![None]`): it would read
    /// back as the empty list.
    LoneEmptyItem,
    /// A [`RawScalar`](crate::RawScalar) whose text would not read back.
    InvalidRawScalar(String),
    /// A struct member given twice, reported by a `Deserialize` impl. `from_str` and
    /// friends then read the object again letting the last occurrence win; only a hand-driven
    /// [`Deserializer`](crate::Deserializer) returns it.
    DuplicateField(&'static str),
}

impl Error {
    /// The line (1-based) where the error was found; 0 when it has no position (errors
    /// while writing, I/O errors).
    pub fn line(&self) -> usize {
        self.inner.position.as_ref().map_or(0, |p| p.line)
    }

    /// The column (1-based, in characters) where the error was found; 0 when it has no
    /// position.
    pub fn column(&self) -> usize {
        self.inner.position.as_ref().map_or(0, |p| p.column)
    }

    /// The byte offset into the input where the error was found, if it has a position.
    pub fn offset(&self) -> Option<usize> {
        self.inner.position.as_ref().map(|p| p.offset)
    }

    /// What exactly went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The broad class of the error, as serde_json's `classify`.
    ///
    /// * [`Category::Eof`]: the input ended inside a value or a quoted string.
    /// * [`Category::Syntax`]: the text is not JSV: a missing `:`, `,` or bracket, text
    ///   after a closing quote or after the root value, bytes that are not UTF-8, nesting
    ///   past the depth limit.
    /// * [`Category::Data`]: well-formed JSV that does not fit the target type (a number
    ///   that does not parse, a missing field, a list where an object is needed — JSV
    ///   scalars are untyped text, so every scalar mismatch is data), and values that cannot
    ///   be written as JSV.
    /// * [`Category::Io`]: the reader or writer failed.
    pub fn classify(&self) -> Category {
        // Exhaustive on purpose: a new kind must be given its category here.
        match &self.inner.kind {
            ErrorKind::Io(_) => Category::Io,
            ErrorKind::EofWhileParsing(_) | ErrorKind::UnterminatedQuote => Category::Eof,
            ErrorKind::InvalidUtf8
            | ErrorKind::ExpectedColon
            | ErrorKind::ExpectedCommaOrEnd(_)
            | ErrorKind::UnexpectedAfterQuote
            | ErrorKind::TrailingCharacters
            | ErrorKind::RecursionLimitExceeded => Category::Syntax,
            ErrorKind::Message(_)
            | ErrorKind::ExpectedObject
            | ErrorKind::ExpectedList
            | ErrorKind::InvalidNumber { .. }
            | ErrorKind::NumberOutOfRange { .. }
            | ErrorKind::InvalidBool(_)
            | ErrorKind::InvalidChar(_)
            | ErrorKind::InvalidBytes(_)
            | ErrorKind::EmptyValue(_)
            | ErrorKind::KeyMustBeScalar
            | ErrorKind::LoneEmptyItem
            | ErrorKind::InvalidRawScalar(_)
            | ErrorKind::DuplicateField(_) => Category::Data,
        }
    }

    /// Whether this is an I/O error.
    pub fn is_io(&self) -> bool {
        self.classify() == Category::Io
    }

    /// Whether the input is malformed.
    pub fn is_syntax(&self) -> bool {
        self.classify() == Category::Syntax
    }

    /// Whether well-formed input does not fit the target type.
    pub fn is_data(&self) -> bool {
        self.classify() == Category::Data
    }

    /// Whether the input ended too early.
    pub fn is_eof(&self) -> bool {
        self.classify() == Category::Eof
    }

    /// The message alone, without position or snippet.
    pub fn message(&self) -> String {
        self.inner.kind.to_string()
    }

    /// The error rendered with the offending line of input and a caret under the bad
    /// token, for a person to read (see [`Snippet`]). `Display` stays one line.
    ///
    /// ```
    /// let err = serde_jsv::from_str::<Vec<i32>>("[\n  1,\n  x\n]").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid i32: `x` at line 3 column 3");
    /// assert_eq!(
    ///     err.snippet().to_string(),
    ///     "JSV data error at line 3, column 3\n  |\n3 |   x\n  |   ^ invalid i32: `x`"
    /// );
    /// ```
    pub fn snippet(&self) -> Snippet<'_> {
        Snippet { error: self }
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            inner: Box::new(ErrorImpl {
                kind,
                position: None,
            }),
        }
    }

    pub(crate) fn has_position(&self) -> bool {
        self.inner.position.is_some()
    }

    /// Attaches the position `offset` (spanning `len` bytes) of `input`, unless the error
    /// already has one.
    pub(crate) fn at(mut self, input: &str, offset: usize, len: usize) -> Error {
        if self.inner.position.is_none() {
            self.inner.position = Some(Position::locate(input, offset, len));
        }
        self
    }
}

impl Error {
    /// Moves the position of an error found in a piece of a stream that was read on its own
    /// (one list item) to the stream: the piece started at `line`, `column` (1-based) and byte
    /// `offset` of the stream.
    pub(crate) fn shifted(mut self, line: usize, column: usize, offset: usize) -> Error {
        if let Some(position) = self.inner.position.as_mut() {
            if position.line == 1 {
                position.column += column - 1;
                position.line_text_column += column - 1;
            }
            position.line += line - 1;
            position.offset += offset;
        }
        self
    }
}

impl Position {
    fn locate(input: &str, offset: usize, len: usize) -> Position {
        let mut offset = offset.min(input.len());
        while !input.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &input[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = input[line_start..offset].chars().count() + 1;
        let line_end = input[offset..]
            .find(['\n', '\r'])
            .map_or(input.len(), |i| offset + i);
        let mut end = (offset + len).min(line_end);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        let width = input[offset..end].chars().count().max(1);
        // Show at most 40 characters either side of the error on very long lines (a whole
        // compact document is usually one line).
        const CONTEXT: usize = 40;
        let full_line = &input[line_start..line_end];
        let (line_text, line_text_column) = if full_line.chars().count() <= 2 * CONTEXT + width {
            (full_line.to_owned(), 1)
        } else {
            let skip = (column - 1).saturating_sub(CONTEXT);
            let text: String = full_line
                .chars()
                .skip(skip)
                .take(2 * CONTEXT + width)
                .collect();
            (text, skip + 1)
        };
        Position {
            line,
            column,
            offset,
            line_text: printable(&line_text),
            line_text_column,
            width: width.min(40),
        }
    }
}

/// Replaces control characters so that the snippet stays on one terminal line.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if c.is_control() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

impl Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Message(message) => f.write_str(message),
            ErrorKind::Io(err) => Display::fmt(err, f),
            ErrorKind::InvalidUtf8 => f.write_str("input is not valid UTF-8"),
            ErrorKind::EofWhileParsing(what) => write!(f, "input ended inside {what}"),
            ErrorKind::UnterminatedQuote => f.write_str("quoted string has no closing quote"),
            ErrorKind::ExpectedColon => f.write_str("expected `:` after member name"),
            ErrorKind::ExpectedCommaOrEnd(close) => write!(f, "expected `,` or `{close}`"),
            ErrorKind::ExpectedObject => f.write_str("expected an object `{…}`"),
            ErrorKind::ExpectedList => f.write_str("expected a list `[…]`"),
            ErrorKind::UnexpectedAfterQuote => {
                f.write_str("unexpected text after the closing quote")
            }
            ErrorKind::TrailingCharacters => f.write_str("unexpected text after the value"),
            ErrorKind::InvalidNumber { expected, text } => {
                write!(f, "invalid {expected}: `{text}`")
            }
            ErrorKind::NumberOutOfRange { expected, text } => {
                write!(f, "`{text}` is out of range for {expected}")
            }
            ErrorKind::InvalidBool(text) => {
                write!(f, "expected True or False, found `{text}`")
            }
            ErrorKind::InvalidChar(text) => {
                write!(f, "expected a single character, found `{text}`")
            }
            ErrorKind::InvalidBytes(text) => {
                write!(f, "expected Base64 or a list of bytes, found `{text}`")
            }
            ErrorKind::EmptyValue(expected) => write!(f, "expected {expected}, found nothing"),
            ErrorKind::RecursionLimitExceeded => f.write_str("nesting is deeper than the limit"),
            ErrorKind::KeyMustBeScalar => {
                f.write_str("map keys must be strings, numbers, bools, chars or unit variants")
            }
            ErrorKind::LoneEmptyItem => f.write_str(
                "a list whose only item is None or () has no JSV form (`[]` is the empty list)",
            ),
            ErrorKind::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            ErrorKind::InvalidRawScalar(text) => write!(
                f,
                "raw scalar `{text}` holds `,`, `}}` or `]` or starts with `\"`, `{{` or `[`"
            ),
        }
    }
}

impl Display for Error {
    /// One line: the message, then ` at line L column C` when the error has a position
    /// (serde_json's form). `{:#}` is the same; [`Error::snippet`] renders the input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.position {
            Some(position) => write!(
                f,
                "{} at line {} column {}",
                self.inner.kind, position.line, position.column
            ),
            None => Display::fmt(&self.inner.kind, f),
        }
    }
}

/// An [`Error`] rendered for a person reading the input, returned by [`Error::snippet`]:
/// a header naming the category and position, the offending line with its line number, and
/// carets under the bad token followed by the message.
///
/// ```text
/// JSV data error at line 1, column 19
///   |
/// 1 | {identity:a,muted:maybe}
///   |                   ^^^^^ expected True or False, found `maybe`
/// ```
///
/// It has no trailing newline. An error without a position (I/O, writing) renders as its
/// one-line message.
#[derive(Clone, Copy)]
pub struct Snippet<'a> {
    error: &'a Error,
}

impl Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.error.inner;
        let Some(position) = &inner.position else {
            return Display::fmt(&inner.kind, f);
        };
        let header = match self.error.classify() {
            Category::Io => "JSV I/O error",
            Category::Syntax => "JSV syntax error",
            Category::Data => "JSV data error",
            Category::Eof => "JSV input ended early",
        };
        let gutter = " ".repeat(position.line.to_string().len());
        let indent = " ".repeat(position.column - position.line_text_column);
        write!(
            f,
            "{header} at line {line}, column {column}\n{gutter} |\n{line} | {text}\n{gutter} | {indent}{carets} {kind}",
            line = position.line,
            column = position.column,
            text = position.line_text,
            carets = "^".repeat(position.width),
            kind = inner.kind,
        )
    }
}

impl Debug for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Display::fmt(self, f)
    }
}

impl Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.position {
            Some(position) => write!(
                f,
                "Error({:?}, line: {}, column: {})",
                self.inner.kind.to_string(),
                position.line,
                position.column
            ),
            None => write!(f, "Error({:?})", self.inner.kind.to_string()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error::new(ErrorKind::Message(msg.to_string()))
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Error {
        Error::new(ErrorKind::Message(msg.to_string()))
    }

    fn duplicate_field(field: &'static str) -> Error {
        Error::new(ErrorKind::DuplicateField(field))
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Error {
        Error::new(ErrorKind::Io(err))
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> io::Error {
        match err.inner.kind {
            ErrorKind::Io(io) => io,
            _ => {
                let kind = match err.classify() {
                    Category::Eof => io::ErrorKind::UnexpectedEof,
                    _ => io::ErrorKind::InvalidData,
                };
                io::Error::new(kind, err)
            }
        }
    }
}
