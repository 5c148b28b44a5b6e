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
mod key;
mod options;
pub(crate) mod scalar;
mod scan;

use std::borrow::Cow;

use nom::Parser;
use serde::de::{self, Deserialize, DeserializeOwned, Visitor};

use crate::error::{Error, ErrorKind, Result};
use access::{EnumAccess, ListAccess, ObjectAccess, UnitVariantAccess};
pub use options::{Options, ReadMode};
pub(crate) use scalar::parse_bool_text;
use scan::Stop;

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
    /// Second pass after a duplicated struct member: skip members that appear again later.
    last_member_wins: bool,
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
            last_member_wins: false,
        }
    }

    /// A copy positioned where this one is, for looking ahead.
    fn fork(&self) -> Deserializer<'de> {
        Deserializer {
            input: self.input,
            pos: self.pos,
            pretty: self.pretty,
            remaining_depth: self.remaining_depth,
            case_insensitive: self.case_insensitive,
            stop: self.stop,
            last_member_wins: self.last_member_wins,
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

    fn bytes(&self) -> &'de [u8] {
        &self.input.as_bytes()[self.pos..]
    }

    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        let rest = self.bytes();
        if let Ok((after, _)) = scan::whitespace(rest) {
            self.pos += rest.len() - after.len();
        }
    }

    /// Moves to the first byte of the next value and returns it. Whitespace is skipped only
    /// where it cannot be data (D2): before a `{`, `[` or `"`, everywhere in pretty text.
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

    /// Reads a scalar token: quoted, or bare up to the current stop bytes.
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
            text = text.trim_end_matches(|c: char| c.is_ascii() && scan::is_whitespace(c as u8));
        }
        let _ = after;
        Ok(Scalar {
            text: Cow::Borrowed(text),
            start,
            len: text.len(),
            quoted: false,
        })
    }

    fn quoted(&mut self) -> Result<Scalar<'de>> {
        let start = self.pos;
        let rest = self.bytes();
        let (after, token) = scan::quoted(rest)
            .map_err(|_| self.error_at(ErrorKind::UnterminatedQuote, start, 1))?;
        let consumed = rest.len() - after.len();
        self.pos += consumed;
        let content = &self.input[start + 1..start + 1 + token.content.len()];
        let text = if token.doubled {
            Cow::Owned(scan::undouble(content))
        } else {
            Cow::Borrowed(content)
        };
        self.after_closing_token(true)?;
        Ok(Scalar {
            text,
            start,
            len: consumed,
            quoted: true,
        })
    }

    /// After a closing `"`, `}` or `]`, only whitespace may come before the separator (D2).
    /// The error points at the first offending character.
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
    fn at_empty_token(&mut self) -> bool {
        let rest = self.bytes();
        let skipped = if self.pretty || self.stop == Stop::End {
            match scan::whitespace(rest) {
                Ok((after, _)) => rest.len() - after.len(),
                Err(_) => 0,
            }
        } else {
            0
        };
        separator_or_end(rest.get(skipped).copied(), self.stop)
    }

    fn enter(&mut self) -> Result<()> {
        if self.remaining_depth == 0 {
            return Err(self.error_at(ErrorKind::RecursionLimitExceeded, self.pos, 1));
        }
        self.remaining_depth -= 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.remaining_depth += 1;
    }

    /// Reads a `{…}` with `visitor`; `fields` enables case-insensitive member names.
    fn object<V: Visitor<'de>>(
        &mut self,
        visitor: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value> {
        let start = self.pos;
        match self.peek_value() {
            Some(b'{') => {}
            Some(_) => {
                let scalar = self.scalar()?;
                return Err(self.error_at(
                    ErrorKind::ExpectedObject,
                    scalar.start,
                    scalar.len.max(1),
                ));
            }
            None => return Err(self.eof("an object")),
        }
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        let saved = self.stop;
        // Member names of a struct are trimmed (R13) whatever the case option says.
        let is_struct = fields.is_some();
        let fields = if self.case_insensitive { fields } else { None };
        let result = visitor.visit_map(ObjectAccess::new(self, fields, is_struct));
        self.stop = saved;
        let value = result.map_err(|err| self.fix(err, open))?;
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => self.pos += 1,
            Some(_) => {
                return Err(self.error_at(ErrorKind::ExpectedCommaOrEnd('}'), self.pos, 1));
            }
            None => return Err(self.eof("an object")),
        }
        self.leave();
        self.after_closing_token(false)?;
        let _ = start;
        Ok(value)
    }

    /// Reads a `[…]` with `visitor`; at the root, also an unbracketed list (R19).
    fn list<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let root = self.stop == Stop::End;
        let bracketed = match self.peek_value() {
            Some(b'[') => true,
            _ if root => false,
            Some(_) => {
                let scalar = self.scalar()?;
                return Err(self.error_at(
                    ErrorKind::ExpectedList,
                    scalar.start,
                    scalar.len.max(1),
                ));
            }
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
            self.skip_whitespace();
            match self.peek() {
                Some(b']') => self.pos += 1,
                Some(_) => {
                    return Err(self.error_at(ErrorKind::ExpectedCommaOrEnd(']'), self.pos, 1));
                }
                None => return Err(self.eof("a list")),
            }
            self.after_closing_token(false)?;
        }
        Ok(value)
    }

    /// The raw text of a `{…}` or `[…]` (R27: a string target given a structure).
    fn raw_structure(&mut self) -> Result<&'de str> {
        let start = self.pos;
        de::IgnoredAny::deserialize(&mut *self)?;
        let mut end = self.pos;
        while end > start && scan::is_whitespace(self.input.as_bytes()[end - 1]) {
            end -= 1;
        }
        Ok(&self.input[start..end])
    }

    fn matching_name(
        &self,
        name: &str,
        candidates: &'static [&'static str],
    ) -> Option<&'static str> {
        if candidates.contains(&name) {
            return None;
        }
        candidates
            .iter()
            .copied()
            .find(|candidate| candidate.eq_ignore_ascii_case(name))
    }
}

/// Whether `next` ends a value in the context `stop`: a separator, the closing bracket of
/// the container, or the end of the input.
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

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_value() {
            Some(b'{') => self.object(visitor, None),
            Some(b'[') => self.list(visitor),
            _ => {
                let scalar = self.scalar()?;
                let result = if scalar.is_empty_token() {
                    visitor.visit_unit()
                } else {
                    match scalar.text {
                        Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                        Cow::Owned(text) => visitor.visit_string(text),
                    }
                };
                result.map_err(|err| self.fix(err, scalar.start))
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.scalar()?;
        let value = scalar::parse_bool(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_bool(value)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<i8>("i8")?;
        visitor.visit_i8(value)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<i16>("i16")?;
        visitor.visit_i16(value)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<i32>("i32")?;
        visitor.visit_i32(value)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<i64>("i64")?;
        visitor.visit_i64(value)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<i128>("i128")?;
        visitor.visit_i128(value)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<u8>("u8")?;
        visitor.visit_u8(value)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<u16>("u16")?;
        visitor.visit_u16(value)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<u32>("u32")?;
        visitor.visit_u32(value)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<u64>("u64")?;
        visitor.visit_u64(value)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.integer::<u128>("u128")?;
        visitor.visit_u128(value)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.scalar()?;
        let value = scalar::parse_f32(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_f32(value)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.scalar()?;
        let value = scalar::parse_f64(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_f64(value)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.scalar()?;
        let value = scalar::parse_char(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_char(value)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let start = self.pos;
        let result = match self.peek_value() {
            Some(b'{' | b'[') => {
                let raw = self.raw_structure()?;
                visitor.visit_borrowed_str(raw)
            }
            _ => {
                let scalar = self.scalar()?;
                match scalar.text {
                    Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                    Cow::Owned(text) => visitor.visit_string(text),
                }
            }
        };
        result.map_err(|err| self.fix(err, start))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek_value() == Some(b'[') {
            // R20: a byte buffer may also be written as a list of numbers.
            let bytes = Vec::<u8>::deserialize(&mut *self)?;
            return visitor.visit_byte_buf(bytes);
        }
        let scalar = self.scalar()?;
        let bytes = scalar::parse_base64(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_byte_buf(bytes)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.at_empty_token() {
            // Consume the (empty) token so that trailing whitespace is handled as usual.
            self.scalar()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.scalar()?;
        if !scalar.is_empty_token() {
            let kind =
                ErrorKind::Message(format!("expected nothing (unit), found `{}`", scalar.text));
            return Err(self.error_at(kind, scalar.start, scalar.len));
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.list(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.list(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.list(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.object(visitor, None)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.object(visitor, Some(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek_value() {
            Some(b'{') => {
                let open = self.pos;
                self.enter()?;
                self.pos += 1;
                let saved = self.stop;
                let result = visitor.visit_enum(EnumAccess::new(self, variants));
                self.stop = saved;
                let value = result.map_err(|err| self.fix(err, open))?;
                self.skip_whitespace();
                match self.peek() {
                    Some(b'}') => self.pos += 1,
                    Some(_) => {
                        return Err(self.error_at(ErrorKind::ExpectedCommaOrEnd('}'), self.pos, 1));
                    }
                    None => return Err(self.eof("an enum")),
                }
                self.leave();
                self.after_closing_token(false)?;
                Ok(value)
            }
            _ => {
                let scalar = self.scalar()?;
                if scalar.is_empty_token() {
                    return Err(self.error_at(
                        ErrorKind::EmptyValue("an enum variant"),
                        scalar.start,
                        0,
                    ));
                }
                let name = match self
                    .case_insensitive
                    .then(|| self.matching_name(&scalar.text, variants))
                    .flatten()
                {
                    Some(canonical) => Cow::Borrowed(canonical),
                    None => scalar.text,
                };
                visitor
                    .visit_enum(UnitVariantAccess::new(name))
                    .map_err(|err| self.fix(err, scalar.start))
            }
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_value() {
            Some(b'{') => self.object(de::IgnoredAny, None)?,
            Some(b'[') => self.list(de::IgnoredAny)?,
            _ => {
                self.scalar()?;
                de::IgnoredAny
            }
        };
        visitor.visit_unit()
    }
}

impl Deserializer<'_> {
    fn integer<T: std::str::FromStr>(&mut self, expected: &'static str) -> Result<T> {
        let scalar = self.scalar()?;
        scalar::parse_integer(&scalar, expected)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))
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

/// Reads a `T` from an `io::Read` (the whole input is read first).
///
/// ```
/// let flags: Vec<bool> = serde_jsv::from_reader(&b"[True,false,1]"[..]).unwrap();
/// assert_eq!(flags, [true, false, true]);
/// ```
pub fn from_reader<R: std::io::Read, T: DeserializeOwned>(reader: R) -> Result<T> {
    Options::default().from_reader(reader)
}
