//! Member names and map keys: text that the target type reads as a key.

use std::borrow::Cow;

use serde::de::{self, Visitor};
use serde::forward_to_deserialize_any;

use super::access::{UnitVariantAccess, resolve_name};
use super::scalar;
use super::{Deserializer, Scalar};
use crate::error::{Error, ErrorKind, Result};

/// Deserializes one key. Keys are text, so typed keys (`HashMap<i32, _>`, enum keys) parse
/// it like scalar values.
pub(crate) struct KeyDeserializer<'a, 'de> {
    pub(crate) key: Scalar<'de>,
    /// The deserializer reading the object, for the input (error positions) and the
    /// case option (enum keys); one pointer, so that the key is cheap to hand on.
    pub(crate) de: &'a Deserializer<'de>,
}

impl KeyDeserializer<'_, '_> {
    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind).at(self.de.input, self.key.start, self.key.len.max(1))
    }
}

macro_rules! integer_key {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let value = scalar::parse_integer::<$ty>(&self.key, stringify!($ty)).map_err(|kind| self.error(kind))?;
            visitor.$visit(value)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.key.text {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    integer_key! {
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128, deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16, deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64, deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = scalar::parse_bool(&self.key).map_err(|kind| self.error(kind))?;
        visitor.visit_bool(value)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = scalar::parse_f32(&self.key).map_err(|kind| self.error(kind))?;
        visitor.visit_f32(value)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = scalar::parse_f64(&self.key).map_err(|kind| self.error(kind))?;
        visitor.visit_f64(value)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = scalar::parse_char(&self.key).map_err(|kind| self.error(kind))?;
        visitor.visit_char(value)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let name = self
            .de
            .case_insensitive
            .then(|| resolve_name(&self.key.text, variants, &mut 0))
            .flatten()
            .map(Cow::Borrowed);
        let (input, start, len) = (self.de.input, self.key.start, self.key.len);
        let name = name.unwrap_or(self.key.text);
        visitor
            .visit_enum(UnitVariantAccess::new(name))
            .map_err(|err| {
                if err.has_position() {
                    err
                } else {
                    err.at(input, start, len.max(1))
                }
            })
    }

    forward_to_deserialize_any! {
        str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}
