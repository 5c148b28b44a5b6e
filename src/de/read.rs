//! serde's `Deserializer` trait for [`Deserializer`]: which token each `deserialize_*`
//! method reads, and how it turns into a visitor call.

use std::borrow::Cow;

use serde::de::{self, Deserialize, Visitor};

use super::access::{EnumAccess, UnitVariantAccess, resolve_name};
use super::{Deserializer, Scalar, scalar, scan};
use crate::error::{Error, ErrorKind, Result};

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek_value() {
            Some(b'{') => self.object(visitor, None, None),
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

    #[inline]
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = match self.take_compact_bare() {
            // What ServiceStack writes, in compact text: decided here, without building a
            // Scalar for `parse_bool` (which gives the same answer for both).
            Some((_, "True")) => return visitor.visit_bool(true),
            Some((_, "False")) => return visitor.visit_bool(false),
            Some((start, text)) => Scalar {
                text: Cow::Borrowed(text),
                start,
                len: text.len(),
                quoted: false,
            },
            None => self.scalar()?,
        };
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
        let scalar = self.plain_scalar()?;
        let value = scalar::parse_f32(&scalar)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))?;
        visitor.visit_f32(value)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let scalar = self.plain_scalar()?;
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

    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.read_str(visitor)
    }

    #[inline]
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

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.at_empty_token() {
            // Consume the (empty) token so that trailing whitespace is handled as usual.
            self.scalar()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(super::some::SomeValue(self))
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
        self.object(visitor, None, None)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.object(visitor, Some(fields), Some(name))
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
                self.close_object("an enum")?;
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
                    .then(|| resolve_name(&scalar.text, variants, &mut 0))
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
        // Skipped members (a struct that reads only some of them) are mostly compact bare or
        // quoted text: step over it without building the token.
        if self.take_compact_bare().is_some() {
            return visitor.visit_unit();
        }
        match self.peek_value() {
            Some(b'"') => self.skip_quoted()?,
            Some(open @ (b'{' | b'[')) => {
                let start = self.pos;
                if let Some(&end) = self.skip_ends.as_ref().and_then(|ends| ends.get(&start)) {
                    self.pos = end;
                    return visitor.visit_unit();
                }
                // Compact text in its usual shape in one scan; any other through the reader.
                let scanned = if self.pretty {
                    None
                } else {
                    super::skip::compact_structure_end(
                        self.input.as_bytes(),
                        start,
                        self.remaining_depth,
                    )
                };
                if let Some(end) = scanned {
                    self.pos = end;
                    self.after_closing(false)?;
                } else if open == b'{' {
                    self.object(de::IgnoredAny, None, None)?;
                } else {
                    self.list(de::IgnoredAny)?;
                }
                // Small values are cheaper to read again than to remember.
                const REMEMBERED: usize = 256;
                let end = self.pos;
                if end - start >= REMEMBERED
                    && let Some(ends) = &mut self.skip_ends
                {
                    ends.insert(start, end);
                }
            }
            _ => {
                self.scalar()?;
            }
        }
        visitor.visit_unit()
    }
}

impl<'de> Deserializer<'de> {
    /// `deserialize_str`, inlined where it is called: see [`SomeValue`](super::some::SomeValue).
    #[inline(always)]
    pub(super) fn read_str<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let start = self.pos;
        if let Some((_, text)) = self.take_compact_bare() {
            // The common case, read without the general scalar path (same result).
            return visitor
                .visit_borrowed_str(text)
                .map_err(|err| self.fix(err, start));
        }
        // Compact text inside a container: a token that is not bare text starts right here,
        // so nothing is skipped before a quote (what `peek_value` would check).
        let next = if self.is_compact_item() {
            self.peek()
        } else {
            self.peek_value()
        };
        let result = match next {
            Some(b'"') => {
                let (content, pairs) = self.quoted_str()?;
                if pairs == 0 {
                    visitor.visit_borrowed_str(content)
                } else {
                    visitor.visit_string(scan::undouble(content, pairs))
                }
            }
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

    fn integer<T: crate::number::DotnetInteger>(&mut self, expected: &'static str) -> Result<T> {
        let scalar = self.plain_scalar()?;
        scalar::parse_integer(&scalar, expected)
            .map_err(|kind| self.error_at(kind, scalar.start, scalar.len))
    }
}
