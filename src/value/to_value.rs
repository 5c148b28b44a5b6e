//! `to_value`: a serde `Serializer` that builds a [`Value`] directly, giving the same value
//! as writing JSV text and reading it back, without the text.

use serde::ser::{self, Impossible, Serialize};

use super::{Map, Value};
use crate::error::{Error, ErrorKind, Result};
use crate::raw::RAW_SCALAR_NAME;

/// Builds a value; `None` means "wrote nothing" (a `None`), which a struct or map drops and
/// a list keeps as an empty slot, while `Some(Value::Null)` is the empty token (`()`).
pub(crate) struct ValueSerializer;

type Slot = Option<Value>;

fn text(value: impl ToString) -> Result<Slot> {
    Ok(Some(Value::String(value.to_string())))
}

fn number_text(write: impl FnOnce(&mut Vec<u8>)) -> Result<Slot> {
    let mut out = Vec::new();
    write(&mut out);
    text(String::from_utf8(out).map_err(|_| Error::new(ErrorKind::InvalidUtf8))?)
}

impl ser::Serializer for ValueSerializer {
    type Ok = Slot;
    type Error = Error;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Slot> {
        text(if v { "True" } else { "False" })
    }
    fn serialize_i8(self, v: i8) -> Result<Slot> {
        text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Slot> {
        text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Slot> {
        text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Slot> {
        text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Slot> {
        text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Slot> {
        text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Slot> {
        text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Slot> {
        text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Slot> {
        text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Slot> {
        text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Slot> {
        number_text(|out| crate::number::write_f32(out, v))
    }
    fn serialize_f64(self, v: f64) -> Result<Slot> {
        number_text(|out| crate::number::write_f64(out, v))
    }
    fn serialize_char(self, v: char) -> Result<Slot> {
        text(v)
    }
    fn serialize_str(self, v: &str) -> Result<Slot> {
        text(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Slot> {
        use base64::Engine as _;
        text(base64::engine::general_purpose::STANDARD.encode(v))
    }
    fn serialize_none(self) -> Result<Slot> {
        Ok(None)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Slot> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Slot> {
        Ok(Some(Value::Null))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Slot> {
        Ok(Some(Value::Null))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Slot> {
        text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Slot> {
        if name == RAW_SCALAR_NAME {
            // The text must read back bare: check it as the writer does.
            let raw = value.serialize(ValueSerializer)?;
            if let Some(Value::String(text)) = &raw
                && !crate::ser::raw_scalar_is_safe(text)
            {
                return Err(Error::new(ErrorKind::InvalidRawScalar(text.clone())));
            }
            return Ok(raw);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Slot> {
        // `{Variant:}` keeps its name even for `None`.
        let inner = value.serialize(ValueSerializer)?.unwrap_or(Value::Null);
        Ok(Some(Value::Map(Map::from([(variant.to_owned(), inner)]))))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.unwrap_or(0).min(1024)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.min(1024)),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder> {
        Ok(MapBuilder {
            map: Map::with_capacity(len.unwrap_or(0).min(1024)),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder> {
        Ok(MapBuilder {
            map: Map::with_capacity(len.min(1024)),
            key: None,
            variant: Some(variant),
        })
    }
}

/// Wraps a variant body as `{Variant:body}`.
fn wrap(variant: Option<&'static str>, body: Value) -> Slot {
    Some(match variant {
        Some(name) => Value::Map(Map::from([(name.to_owned(), body)])),
        None => body,
    })
}

/// The items of a list, tuple or tuple variant.
pub(crate) struct SeqBuilder {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

impl SeqBuilder {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.items
            .push(value.serialize(ValueSerializer)?.unwrap_or(Value::Null));
        Ok(())
    }

    fn finish(self) -> Result<Slot> {
        if let [Value::Null] = self.items.as_slice() {
            // As in JSV text: `[]` would be the empty list.
            return Err(Error::new(ErrorKind::LoneEmptyItem));
        }
        Ok(wrap(self.variant, Value::List(self.items)))
    }
}

macro_rules! seq_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for SeqBuilder {
            type Ok = Slot;
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                self.push(value)
            }
            fn end(self) -> Result<Slot> {
                self.finish()
            }
        }
    )*};
}
seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The members of a map, struct or struct variant.
pub(crate) struct MapBuilder {
    map: Map,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl MapBuilder {
    fn insert<T: ?Sized + Serialize>(&mut self, key: String, value: &T) -> Result<()> {
        // `None` members and map values are left out (R9, R16).
        if let Some(value) = value.serialize(ValueSerializer)? {
            self.map.insert(key, value);
        }
        Ok(())
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Slot;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let key = self.key.take().unwrap_or_default();
        self.insert(key, value)
    }
    fn end(self) -> Result<Slot> {
        Ok(wrap(self.variant, Value::Map(self.map)))
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Slot;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.insert(name.to_owned(), value)
    }
    fn end(self) -> Result<Slot> {
        Ok(wrap(self.variant, Value::Map(self.map)))
    }
}

impl ser::SerializeStructVariant for MapBuilder {
    type Ok = Slot;
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.insert(name.to_owned(), value)
    }
    fn end(self) -> Result<Slot> {
        Ok(wrap(self.variant, Value::Map(self.map)))
    }
}

/// Map keys: scalars only, as their text (R15).
struct KeySerializer;

fn not_scalar<T>() -> Result<T> {
    Err(Error::new(ErrorKind::KeyMustBeScalar))
}

fn key_text(slot: Result<Slot>) -> Result<String> {
    match slot? {
        Some(Value::String(text)) => Ok(text),
        _ => not_scalar(),
    }
}

macro_rules! scalar_keys {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<String> {
            key_text(ValueSerializer.$method(v))
        }
    )*};
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = Impossible<String, Error>;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    scalar_keys! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String> {
        value.serialize(self)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String> {
        not_scalar()
    }
    fn serialize_none(self) -> Result<String> {
        not_scalar()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<String> {
        not_scalar()
    }
    fn serialize_unit(self) -> Result<String> {
        not_scalar()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String> {
        not_scalar()
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String> {
        not_scalar()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        not_scalar()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        not_scalar()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        not_scalar()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        not_scalar()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        not_scalar()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        not_scalar()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        not_scalar()
    }
}
