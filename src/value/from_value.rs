//! `from_value`: a [`Value`] is a serde `Deserializer`, reading its text scalars with the
//! same rules as the JSV reader, so `from_value(v)` gives what reading `v`'s JSV text gives.

use std::borrow::Cow;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{Map, Value};
use crate::de::{Scalar, scalar};
use crate::error::{Error, ErrorKind, Result};

/// The scalar token `value` stands for: its text, or the empty token for `Null`.
fn token(value: &Value) -> Scalar<'_> {
    let (text, quoted) = match value {
        Value::Null => (Cow::Borrowed(""), false),
        Value::String(text) => (Cow::Borrowed(text.as_str()), true),
        // A structure given to a scalar reads as its own text (and then fails to parse).
        other => (Cow::Owned(other.to_string()), true),
    };
    Scalar {
        text,
        start: 0,
        len: 0,
        quoted,
    }
}

fn scalar_error(kind: ErrorKind) -> Error {
    Error::new(kind)
}

macro_rules! integer {
    ($($method:ident => $visit:ident: $ty:ty),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let value = scalar::parse_integer::<$ty>(&token(&self), stringify!($ty)).map_err(scalar_error)?;
            visitor.$visit(value)
        }
    )*};
}

/// Matches a name exactly, then ignoring ASCII case (D6).
fn canonical(name: String, candidates: &'static [&'static str]) -> String {
    if candidates.contains(&name.as_str()) {
        return name;
    }
    match candidates.iter().find(|c| c.eq_ignore_ascii_case(&name)) {
        Some(found) => (*found).to_owned(),
        None => name,
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::String(text) => visitor.visit_string(text),
            Value::List(items) => visit_list(items, visitor),
            Value::Map(map) => visit_map(map, visitor, None),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(scalar::parse_bool(&token(&self)).map_err(scalar_error)?)
    }

    integer! {
        deserialize_i8 => visit_i8: i8, deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32, deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128, deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16, deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64, deserialize_u128 => visit_u128: u128,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(scalar::parse_f32(&token(&self)).map_err(scalar_error)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(scalar::parse_f64(&token(&self)).map_err(scalar_error)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_char(scalar::parse_char(&token(&self)).map_err(scalar_error)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::String(text) => visitor.visit_string(text),
            // The empty token is the empty text; a structure is its raw text (R27).
            Value::Null => visitor.visit_str(""),
            other => visitor.visit_string(other.to_string()),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            // R20: a list of numbers.
            Value::List(items) => {
                let bytes = items
                    .into_iter()
                    .map(<u8 as de::Deserialize>::deserialize)
                    .collect::<Result<Vec<u8>>>()?;
                visitor.visit_byte_buf(bytes)
            }
            other => {
                visitor.visit_byte_buf(scalar::parse_base64(&token(&other)).map_err(scalar_error)?)
            }
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::Null => visitor.visit_unit(),
            other => Err(Error::new(ErrorKind::Message(format!(
                "expected nothing (unit), found `{other}`"
            )))),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::List(items) => visit_list(items, visitor),
            // Like a list inside a document: only `[…]` is a list. (Unbracketed lists exist
            // only at the root of a text, R19.)
            _ => Err(Error::new(ErrorKind::ExpectedList)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Value::Map(map) => visit_map(map, visitor, None),
            _ => Err(Error::new(ErrorKind::ExpectedObject)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self {
            Value::Map(map) => visit_map(map, visitor, Some(fields)),
            _ => Err(Error::new(ErrorKind::ExpectedObject)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self {
            Value::String(name) => {
                visitor.visit_enum(canonical(name, variants).into_deserializer())
            }
            Value::Map(map) if map.len() == 1 => {
                let (name, value) = map.into_iter().next().unwrap_or_default();
                visitor.visit_enum(VariantValue {
                    name: canonical(name, variants),
                    value,
                })
            }
            Value::Null => Err(Error::new(ErrorKind::EmptyValue("an enum variant"))),
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a list or an object of several members"),
                &"an enum variant",
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

fn visit_list<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value> {
    let mut seq = SeqDeserializer::new(items.into_iter());
    let value = visitor.visit_seq(&mut seq)?;
    seq.end()?;
    Ok(value)
}

fn visit_map<'de, V: Visitor<'de>>(
    map: Map,
    visitor: V,
    fields: Option<&'static [&'static str]>,
) -> Result<V::Value> {
    // Struct members match ignoring case (D6); two spellings of one member: the last wins.
    let map = match fields {
        Some(fields) if map.keys().any(|key| !fields.contains(&key.as_str())) => {
            let mut canonical_map = Map::with_capacity(map.len());
            for (key, value) in map {
                let key = canonical(key, fields);
                canonical_map.shift_remove(&key);
                canonical_map.insert(key, value);
            }
            canonical_map
        }
        _ => map,
    };
    // Keys are text: typed keys (numbers, enums) read them as scalars.
    let entries = map
        .into_iter()
        .map(|(key, value)| (Value::String(key), value));
    let mut access = MapDeserializer::new(entries);
    let value = visitor.visit_map(&mut access)?;
    access.end()?;
    Ok(value)
}

impl IntoDeserializer<'_, Error> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

/// A variant written as `{Name:value}`.
struct VariantValue {
    name: String,
    value: Value,
}

impl<'de> de::EnumAccess<'de> for VariantValue {
    type Error = Error;
    type Variant = Value;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Value)> {
        let name = seed.deserialize(IntoDeserializer::<Error>::into_deserializer(self.name))?;
        Ok((name, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}
