//! Map keys: written with the key type's own writer (R15), so string keys are quoted like
//! string values and numbers stay bare.

use serde::ser::{self, Impossible, Serialize};

use super::escape;
use crate::error::{Error, ErrorKind, Result};

pub(crate) struct MapKeySerializer<'a> {
    pub(crate) out: &'a mut Vec<u8>,
    pub(crate) pretty: bool,
}

fn not_scalar() -> Error {
    Error::new(ErrorKind::KeyMustBeScalar)
}

macro_rules! integer_key {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<()> {
            self.out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
            Ok(())
        }
    )*};
}

impl ser::Serializer for MapKeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, value: &str) -> Result<()> {
        escape::write_string(self.out, value, self.pretty);
        Ok(())
    }

    fn serialize_bool(self, value: bool) -> Result<()> {
        self.out
            .extend_from_slice(if value { b"True" } else { b"False" });
        Ok(())
    }

    integer_key! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
    }

    fn serialize_f32(self, value: f32) -> Result<()> {
        crate::number::write_f32(self.out, value);
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<()> {
        crate::number::write_f64(self.out, value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<()> {
        // A key ends at `:`, so unlike a char value a `:` key must be quoted.
        let mut buffer = [0u8; 4];
        escape::write_string(self.out, value.encode_utf8(&mut buffer), self.pretty);
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        // Also RawScalar: as a key its text is quoted when it holds `:`, or it would not
        // read back.
        value.serialize(self)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_none(self) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_unit(self) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(not_scalar())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_scalar())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(not_scalar())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_scalar())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_scalar())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_scalar())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(not_scalar())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_scalar())
    }
}
