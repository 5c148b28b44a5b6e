//! Deserialize JSV text into Rust values.
//!
//! ```
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "camelCase")]
//! struct Session {
//!     id: String,
//!     display_name: Option<String>,
//!     ended: bool,
//!     members: Vec<String>,
//! }
//!
//! // Names match case-insensitively, colons inside bare values are data, and `""` is a quote.
//! let session: Session =
//!     serde_jsv::from_str(r#"{Id:urn:session:1,DisplayName:"say ""hi""",Ended:True,Members:[a,b]}"#)
//!         .unwrap();
//! assert_eq!(session.id, "urn:session:1");
//! assert_eq!(session.display_name.as_deref(), Some(r#"say "hi""#));
//! assert!(session.ended);
//!
//! // The indented text of ServiceStack's metadata pages reads too.
//! let pretty = "{\n\tid: s1,\n\tended: False,\n\tmembers: \n\t[\n\t\ta\n\t]\n}";
//! let session: Session = serde_jsv::from_str(pretty).unwrap();
//! assert_eq!(session.members, ["a"]);
//! ```
//!
//! The rules are in `docs/data-model.md`; [`Options`] changes the read mode, the depth
//! limit and case-insensitive matching.

mod access;
mod chunk;
mod key;
mod options;
mod owned;
mod read;
mod repeats;
pub(crate) mod scalar;
mod scan;
mod skip;
mod some;
mod stream;

use std::borrow::Cow;

use nom::Parser;
use serde::de::{Deserialize, DeserializeOwned, Visitor};

use crate::error::{Error, ErrorKind, Result};
pub(crate) use access::same_name;
use access::{ListAccess, ObjectAccess};
pub use options::{Options, ReadMode};
pub(crate) use scalar::parse_bool_text;
use scan::Stop;
pub use stream::{ListIter, ReaderDeserializer, iter_list};

/// A deserializer reading JSV from a string.
///
/// ```
/// use serde::Deserialize;
///
/// let mut de = serde_jsv::Deserializer::from_str("[1,2,3]");
/// let numbers = Vec::<u8>::deserialize(&mut de).unwrap();
/// de.end().unwrap();
/// assert_eq!(numbers, [1, 2, 3]);
/// ```
pub struct Deserializer<'de> {
    input: &'de str,
    pos: usize,
    pretty: bool,
    remaining_depth: usize,
    case_insensitive: bool,
    /// Where the bare scalar being read ends.
    stop: Stop,
    /// Which objects are read letting the last occurrence of a member win (the passes
    /// after a duplicated struct member).
    pub(crate) last_wins: LastWins<'de>,
    /// The struct whose `Deserialize` reported a duplicated member, for the next pass.
    pub(crate) duplicate_in: Option<&'static str>,
    /// On the passes after a duplicate: where each large `{…}` or `[…]` already stepped
    /// over ends (start offset to end offset), so that the look-ahead of a nested object
    /// does not read again what the look-ahead of the object around it read. Without it a
    /// struct nested in itself `d` deep would cost `d` readings of the innermost values.
    pub(crate) skip_ends: Option<std::collections::HashMap<usize, usize>>,
    /// Which structs' member names can be matched without a search (see `PlainNames`).
    plain_names: access::PlainNames,
}

/// Which objects a pass reads with the last occurrence of each member winning.
#[derive(Debug, Clone, Default)]
pub(crate) enum LastWins<'de> {
    /// None: a duplicated struct member is an error (the first pass).
    #[default]
    Off,
    /// The objects read as one of these structs (by the name serde gives them).
    Structs(Vec<&'static str>),
    /// Every object read as a struct.
    AllStructs,
    /// `AllStructs` if a member name may be given twice in the input, `Off` if not,
    /// decided at the first object read as a struct (a value read through serde's seed,
    /// which cannot be read a second time): see `Deserializer::decide_last_wins`. A
    /// streamed item comes with where its names are.
    Undecided(Option<&'de stream::NameSpans>),
}

/// A token of scalar text, quotes already removed.
pub(crate) struct Scalar<'de> {
    pub(crate) text: Cow<'de, str>,
    /// Byte offset of the token (including its opening quote).
    pub(crate) start: usize,
    /// Length of the token in the input.
    pub(crate) len: usize,
    /// Whether the token was quoted (so it is never the empty token).
    pub(crate) quoted: bool,
}

impl<'de> Scalar<'de> {
    pub(crate) fn is_empty_token(&self) -> bool {
        !self.quoted && self.text.is_empty()
    }
}

impl<'de> Deserializer<'de> {
    /// A deserializer with the default [`Options`].
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(input: &'de str) -> Self {
        Deserializer::with_options(input, &Options::default())
    }

    /// A deserializer over UTF-8 bytes; fails if they are not UTF-8.
    ///
    /// Unlike serde_json's `Deserializer::from_slice`, which returns the deserializer
    /// itself, this returns a `Result`, on purpose: the reader works on `&str` (every bare
    /// scalar is borrowed straight from the input as `&'de str`, and JSV has no escapes to
    /// check bytes one at a time), so the bytes are validated once, up front, at the speed
    /// of `std::str::from_utf8`. Reporting an invalid byte here, with its line and column,
    /// is also more honest than serde_json's way for JSV: a bare scalar runs to the next
    /// separator, so a deserializer over the valid prefix could hand back a truncated value
    /// before the bad byte was ever met. The free function [`from_slice`] has serde_json's
    /// signature.
    ///
    /// ```
    /// use serde::Deserialize;
    ///
    /// let mut de = serde_jsv::Deserializer::from_slice(b"[a,b]")?;
    /// let words = Vec::<&str>::deserialize(&mut de)?;
    /// de.end()?;
    /// assert_eq!(words, ["a", "b"]);
    ///
    /// let err = serde_jsv::Deserializer::from_slice(b"[a,\xff]").err().unwrap();
    /// assert_eq!(err.to_string(), "input is not valid UTF-8 at line 1 column 4");
    /// assert!(err.is_syntax());
    /// # Ok::<(), serde_jsv::Error>(())
    /// ```
    pub fn from_slice(input: &'de [u8]) -> Result<Self> {
        Ok(Deserializer::from_str(utf8(input)?))
    }

    /// A deserializer with the given options.
    pub fn with_options(input: &'de str, options: &Options) -> Self {
        let (after_bom, _) = scan::bom
            .parse_complete(input.as_bytes())
            .unwrap_or((input.as_bytes(), None));
        let pos = input.len() - after_bom.len();
        let pretty = match options.read_mode {
            ReadMode::Auto => scan::looks_pretty(after_bom),
            ReadMode::Compact => false,
            ReadMode::Pretty => true,
        };
        Deserializer {
            input,
            pos,
            pretty,
            remaining_depth: options.depth_limit.unwrap_or(usize::MAX),
            case_insensitive: options.case_insensitive,
            stop: Stop::End,
            last_wins: LastWins::Off,
            duplicate_in: None,
            skip_ends: None,
            plain_names: access::PlainNames::default(),
        }
    }

    /// Checks that only whitespace follows the value read; call it after deserializing.
    pub fn end(&mut self) -> Result<()> {
        self.skip_whitespace();
        if self.pos < self.input.len() {
            let len = self.input.len() - self.pos;
            return Err(self.error_at(ErrorKind::TrailingCharacters, self.pos, len));
        }
        Ok(())
    }

    #[inline]
    fn bytes(&self) -> &'de [u8] {
        &self.input.as_bytes()[self.pos..]
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        let rest = self.bytes();
        if let Ok((after, _)) = scan::whitespace(rest) {
            self.pos += rest.len() - after.len();
        }
    }

    /// Moves to the first byte of the next value and returns it. Whitespace is skipped only
    /// where it cannot be data (D2): before a `{`, `[` or `"`, everywhere in pretty text.
    #[inline]
    fn peek_value(&mut self) -> Option<u8> {
        let rest = self.bytes();
        let skipped = match scan::whitespace(rest) {
            Ok((after, _)) => rest.len() - after.len(),
            Err(_) => 0,
        };
        let next = rest.get(skipped).copied();
        if self.pretty || matches!(next, Some(b'{' | b'[' | b'"')) || self.stop == Stop::End {
            self.pos += skipped;
            return next;
        }
        rest.first().copied()
    }

    pub(crate) fn error_at(&self, kind: ErrorKind, start: usize, len: usize) -> Error {
        Error::new(kind).at(self.input, start, len)
    }

    /// Gives a position to an error raised by a visitor or `Deserialize` impl.
    pub(crate) fn fix(&self, err: Error, start: usize) -> Error {
        if err.has_position() {
            err
        } else {
            err.at(self.input, start, 1)
        }
    }

    fn eof(&self, what: &'static str) -> Error {
        self.error_at(ErrorKind::EofWhileParsing(what), self.input.len(), 0)
    }

    /// Whether the position is inside a container of compact text, where whitespace is data
    /// and a bare token ends at the separators of [`stop`](Self::stop).
    #[inline(always)]
    fn is_compact_item(&self) -> bool {
        !self.pretty && self.stop != Stop::End
    }

    /// Compact text, inside a container: the length of the bare token at the position, if
    /// one starts there (not whitespace, a quote or a bracket). Reading it is then just
    /// taking those bytes: nothing is skipped before it or trimmed after it.
    #[inline(always)]
    fn compact_bare_len(&self) -> Option<usize> {
        if !self.is_compact_item() {
            return None;
        }
        let rest = self.bytes();
        match rest.first() {
            Some(&first) if scan::starts_bare(first) => Some(scan::bare_len(rest, self.stop)),
            Some(&first) if crate::whitespace::is_whitespace(first) => {
                spaced_bare_len(rest, self.stop)
            }
            _ => None,
        }
    }

    /// Reads a scalar token that is about to become a number or a bool: compact bare text,
    /// the usual case, is taken directly (the same token [`scalar`](Self::scalar) reads);
    /// anything else goes through `scalar`.
    #[inline]
    pub(crate) fn plain_scalar(&mut self) -> Result<Scalar<'de>> {
        if let Some((start, text)) = self.take_compact_bare() {
            return Ok(Scalar {
                text: Cow::Borrowed(text),
                start,
                len: text.len(),
                quoted: false,
            });
        }
        self.scalar()
    }

    /// Compact text, inside a container: takes the bare token at the position, if one starts
    /// there (see [`compact_bare_len`](Self::compact_bare_len)), and returns where it started
    /// and its text.
    #[inline(always)]
    fn take_compact_bare(&mut self) -> Option<(usize, &'de str)> {
        let start = self.pos;
        let len = self.compact_bare_len()?;
        self.pos += len;
        // `start` is where a token starts and `len` ends at a separator or the end: both are
        // character boundaries.
        Some((start, &self.input[start..][..len]))
    }

    /// Reads a scalar token: quoted, or bare up to the current stop bytes.
    #[inline]
    pub(crate) fn scalar(&mut self) -> Result<Scalar<'de>> {
        let start = self.pos;
        if self.peek_value() == Some(b'"') {
            return self.quoted();
        }
        let start = if self.pretty || self.stop == Stop::End {
            self.pos
        } else {
            start
        };
        self.pos = start;
        let rest = self.bytes();
        let (after, text) = scan::bare(self.stop)(rest).map_err(|_| self.eof("a value"))?;
        let end = start + text.len();
        self.pos = end;
        let mut text = &self.input[start..end];
        if self.pretty || self.stop == Stop::End {
            // Pretty text (D3), and the end of the root value, are trimmed.
            text = text.trim_end_matches(|c: char| {
                c.is_ascii() && crate::whitespace::is_whitespace(c as u8)
            });
        }
        let _ = after;
        Ok(Scalar {
            text: Cow::Borrowed(text),
            start,
            len: text.len(),
            quoted: false,
        })
    }

    #[inline]
    fn quoted(&mut self) -> Result<Scalar<'de>> {
        let (start, content, pairs) = self.quoted_token()?;
        let consumed = self.pos - start;
        let text = quoted_text(content, pairs);
        self.after_closing(true)?;
        Ok(Scalar {
            text,
            start,
            len: consumed,
            quoted: true,
        })
    }

    /// Reads a quoted token for a string target: its content (doubled quotes not undone)
    /// and how many doubled quotes it holds. The same token and checks as
    /// [`quoted`](Self::quoted), without building a [`Scalar`]: a string visitor needs
    /// neither its position nor a `Cow`, and one copy of this serves every visitor.
    #[inline(never)]
    fn quoted_str(&mut self) -> Result<(&'de str, usize)> {
        let (_, content, pairs) = self.quoted_token()?;
        self.after_closing(true)?;
        Ok((content, pairs))
    }

    /// Steps over a quoted token without undoing its doubled quotes (the token is ignored).
    fn skip_quoted(&mut self) -> Result<()> {
        self.quoted_token()?;
        self.after_closing(true)
    }

    /// Moves past the quoted token whose opening `"` is at the position; returns where it
    /// started, its content (doubled quotes not undone) and how many doubled quotes it holds
    /// (for [`quoted_text`]). What may follow it is the caller's to check.
    #[inline(always)]
    pub(crate) fn quoted_token(&mut self) -> Result<(usize, &'de str, usize)> {
        let start = self.pos;
        debug_assert_eq!(self.peek(), Some(b'"'));
        let body = self.input.as_bytes().get(start + 1..).unwrap_or_default();
        let Some((len, pairs)) = scan::quoted_len_pairs(body) else {
            return Err(self.error_at(ErrorKind::UnterminatedQuote, start, 1));
        };
        self.pos = start + 1 + len + 1;
        // The content lies between two `"`, so both cuts are character boundaries.
        Ok((start, &self.input[start + 1..][..len], pairs))
    }

    /// What follows a closing `"`, `}` or `]`: usually the separator itself, checked here
    /// without a call; anything else goes through [`after_closing_token`](Self::after_closing_token).
    #[inline(always)]
    fn after_closing(&mut self, quote: bool) -> Result<()> {
        if separator_or_end(self.peek(), self.stop) {
            return Ok(());
        }
        self.after_closing_token(quote)
    }

    /// After a closing `"`, `}` or `]`, only whitespace may come before the separator (D2).
    /// The error points at the first offending character.
    #[inline(never)]
    fn after_closing_token(&mut self, quote: bool) -> Result<()> {
        let before = self.pos;
        self.skip_whitespace();
        if separator_or_end(self.peek(), self.stop) {
            return Ok(());
        }
        let at = self.pos;
        self.pos = before;
        let kind = match self.stop {
            Stop::End => ErrorKind::TrailingCharacters,
            _ if quote => ErrorKind::UnexpectedAfterQuote,
            Stop::Object => ErrorKind::ExpectedCommaOrEnd('}'),
            Stop::List => ErrorKind::ExpectedCommaOrEnd(']'),
            Stop::Comma => ErrorKind::ExpectedCommaOrEnd(','),
        };
        let len = if matches!(kind, ErrorKind::TrailingCharacters) {
            self.input.len() - at
        } else {
            1
        };
        Err(self.error_at(kind, at, len))
    }

    /// Whether the next value is the empty token (null, D7), without consuming anything.
    #[inline(always)]
    fn at_empty_token(&mut self) -> bool {
        if self.is_compact_item() {
            // Compact text inside a container: whitespace is data, nothing to skip.
            return separator_or_end(self.peek(), self.stop);
        }
        let rest = self.bytes();
        separator_or_end(
            rest.get(crate::whitespace::leading_len(rest)).copied(),
            self.stop,
        )
    }

    #[inline]
    fn enter(&mut self) -> Result<()> {
        if self.remaining_depth == 0 {
            return Err(self.error_at(ErrorKind::RecursionLimitExceeded, self.pos, 1));
        }
        self.remaining_depth -= 1;
        Ok(())
    }

    #[inline]
    fn leave(&mut self) {
        self.remaining_depth += 1;
    }

    /// Reads a `{…}` with `visitor`; `fields` enables case-insensitive member names and
    /// `name` (with them) says it is read as that struct.
    fn object<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        fields: Option<&'static [&'static str]>,
        name: Option<&'static str>,
    ) -> Result<V::Value> {
        // The usual case, an object right here, needs no look past whitespace.
        if self.peek() != Some(b'{') {
            match self.peek_value() {
                Some(b'{') => {}
                Some(_) => return Err(self.scalar_instead(ErrorKind::ExpectedObject)),
                None => return Err(self.eof("an object")),
            }
        }
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        let saved = self.stop;
        // Member names of a struct are trimmed (R13) whatever the case option says.
        let is_struct = fields.is_some();
        let fields = if self.case_insensitive { fields } else { None };
        let last_wins = match name {
            Some(name) if !matches!(self.last_wins, LastWins::Off) => self.lets_last_win(name),
            _ => false,
        };
        let mut access = ObjectAccess::new(self, fields, is_struct);
        if last_wins {
            access.let_last_member_win();
        }
        let result = visitor.visit_map(access);
        self.stop = saved;
        match result {
            Ok(value) => {
                self.close_object("an object")?;
                Ok(value)
            }
            Err(err) => Err(self.object_failed(err, open, name)),
        }
    }

    /// The error `kind` (an object or a list was expected) at the scalar found in its place,
    /// or the scalar's own error if it cannot be read.
    #[cold]
    #[inline(never)]
    fn scalar_instead(&mut self, kind: ErrorKind) -> Error {
        match self.scalar() {
            Ok(scalar) => self.error_at(kind, scalar.start, scalar.len.max(1)),
            Err(err) => err,
        }
    }

    /// Whether the members of an object read as the struct `name` let the last occurrence
    /// win (see [`LastWins`]), when some may.
    #[cold]
    #[inline(never)]
    fn lets_last_win(&mut self, name: &'static str) -> bool {
        match &self.last_wins {
            LastWins::Off => false,
            LastWins::AllStructs => true,
            LastWins::Structs(names) => names.contains(&name),
            LastWins::Undecided(_) => self.decide_last_wins(),
        }
    }

    /// The error of the object opened at `open` (read as the struct `name`, if any).
    #[cold]
    #[inline(never)]
    fn object_failed(&mut self, err: Error, open: usize, name: Option<&'static str>) -> Error {
        // The innermost struct sets it first; the structs around it pass the error on.
        if matches!(err.kind(), ErrorKind::DuplicateField(_)) && self.duplicate_in.is_none() {
            self.duplicate_in = name;
        }
        self.fix(err, open)
    }

    /// Reads the `}` that ends an object (or a `{Variant:…}` enum, `what` in the EOF
    /// error), leaves its nesting level, and checks what follows it.
    #[inline(always)]
    fn close_object(&mut self, what: &'static str) -> Result<()> {
        // The usual case, the `}` right here followed by a separator of the container
        // around, needs no look past whitespace.
        if self.peek() == Some(b'}')
            && separator_or_end(self.input.as_bytes().get(self.pos + 1).copied(), self.stop)
        {
            self.pos += 1;
            self.leave();
            return Ok(());
        }
        self.close_object_spaced(what)
    }

    /// [`close_object`](Self::close_object) past its usual case.
    #[inline(never)]
    fn close_object_spaced(&mut self, what: &'static str) -> Result<()> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => self.pos += 1,
            Some(_) => {
                return Err(self.error_at(ErrorKind::ExpectedCommaOrEnd('}'), self.pos, 1));
            }
            None => return Err(self.eof(what)),
        }
        self.leave();
        self.after_closing(false)
    }

    /// Reads a `[…]` with `visitor`; at the root, also an unbracketed list (R19).
    fn list<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let root = self.stop == Stop::End;
        // The usual case, a `[` right here, needs no look past whitespace.
        let next = match self.peek() {
            Some(b'[') => Some(b'['),
            _ => self.peek_value(),
        };
        let bracketed = match next {
            Some(b'[') => true,
            _ if root => false,
            Some(_) => return Err(self.scalar_instead(ErrorKind::ExpectedList)),
            None => return Err(self.eof("a list")),
        };
        let open = self.pos;
        self.enter()?;
        let saved = self.stop;
        if bracketed {
            self.pos += 1;
        }
        let result = visitor.visit_seq(ListAccess::new(self, bracketed));
        self.stop = saved;
        let value = result.map_err(|err| self.fix(err, open))?;
        self.leave();
        if bracketed {
            if self.peek() != Some(b']') {
                self.skip_whitespace();
            }
            match self.peek() {
                Some(b']') => self.pos += 1,
                Some(_) => {
                    return Err(self.error_at(ErrorKind::ExpectedCommaOrEnd(']'), self.pos, 1));
                }
                None => return Err(self.eof("a list")),
            }
            self.after_closing(false)?;
        }
        Ok(value)
    }

    /// The raw text of a `{…}` or `[…]` (R27: a string target given a structure).
    fn raw_structure(&mut self) -> Result<&'de str> {
        let start = self.pos;
        let rest = self.bytes();
        let (after, text) = scan::balanced(rest).map_err(|_| self.eof("a bracketed value"))?;
        self.pos += rest.len() - after.len();
        self.after_closing_token(false)?;
        Ok(&self.input[start..start + text.len()])
    }
}

/// The text of a quoted token's `content` holding `pairs` doubled quotes, undone: borrowed
/// when there are none, else one string of the exact length.
#[inline(always)]
pub(crate) fn quoted_text(content: &str, pairs: usize) -> Cow<'_, str> {
    if pairs > 0 {
        Cow::Owned(scan::undouble(content, pairs))
    } else {
        Cow::Borrowed(content)
    }
}

/// [`Deserializer::compact_bare_len`] for a token that starts with whitespace, which compact
/// text keeps as data (D2): the whole bare token from the position, unless the whitespace is
/// only in front of a `"`, `{` or `[` (skipped there: the general path reads those). The same
/// token the general path, [`Deserializer::scalar`], reads, without its second look at the
/// whitespace and its `Cow`; out of line, as such values are few.
#[inline(never)]
fn spaced_bare_len(rest: &[u8], stop: Stop) -> Option<usize> {
    match rest.get(crate::whitespace::leading_len(rest)) {
        Some(b'"' | b'{' | b'[') => None,
        _ => Some(scan::bare_len(rest, stop)),
    }
}

/// Whether `next` ends a value in the context `stop`: a separator, the closing bracket of
/// the container, or the end of the input.
#[inline]
fn separator_or_end(next: Option<u8>, stop: Stop) -> bool {
    matches!(
        (next, stop),
        (None, _)
            | (Some(b','), Stop::Object | Stop::List | Stop::Comma)
            | (Some(b'}'), Stop::Object)
            | (Some(b']'), Stop::List)
    )
}

pub(crate) fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|err| {
        let offset = err.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        Error::new(ErrorKind::InvalidUtf8).at(valid, offset, 1)
    })
}

pub(crate) fn read_error(err: std::io::Error) -> Error {
    if err.kind() == std::io::ErrorKind::InvalidData {
        Error::new(ErrorKind::InvalidUtf8)
    } else {
        Error::from(err)
    }
}

/// Reads a `T` from JSV text, borrowing strings from it where nothing needs unquoting.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Crumb<'a> {
///     name: &'a str,
/// }
///
/// let crumb: Crumb = serde_jsv::from_str("{name:Home}").unwrap();
/// assert_eq!(crumb.name, "Home");
/// ```
///
/// # Errors
///
/// Malformed input, or input that does not fit `T`: the error carries line, column and a
/// snippet of the input.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T> {
    Options::default().from_str(text)
}

/// Reads a `T` from UTF-8 JSV bytes.
///
/// ```
/// let ids: Vec<u32> = serde_jsv::from_slice(b"[1,2,3]").unwrap();
/// assert_eq!(ids, [1, 2, 3]);
/// ```
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    Options::default().from_slice(bytes)
}

/// Reads a `T` from an `io::Read`.
///
/// It gives what [`from_str`] gives for the same text (values, errors and their
/// positions). What it holds in memory besides the value it builds depends on the
/// document and the type:
///
/// * a bracketed list read as a sequence (`Vec<T>`, `HashSet<T>`, tuples, [`Value`](crate::Value)):
///   a 64 KiB read buffer, the bytes before the `[` (a byte order mark, whitespace), the
///   text of one item at a time (one buffer, reused, as large as the largest item) and
///   where that item's member names are (two words a name, one an object), as
///   [`iter_list`] reads it;
/// * anything else (an object, a scalar, an unbracketed root list, R19, a list read as a
///   string, R27): the whole input, then read as [`from_str`] reads it.
///
/// ```
/// let flags: Vec<bool> = serde_jsv::from_reader(&b"[True,false,1]"[..]).unwrap();
/// assert_eq!(flags, [true, false, true]);
/// ```
///
/// # Errors
///
/// As [`from_str`]; errors carry their line and column in the whole input. A failed read is
/// an I/O error.
pub fn from_reader<R: std::io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    Options::default().from_reader(reader)
}
