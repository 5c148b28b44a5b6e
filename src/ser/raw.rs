//! [`RawScalar`](crate::RawScalar): text written verbatim, after checking that it reads
//! back unchanged.

use std::io;

use serde::ser::{self, Serialize};

use super::{Serializer, escape};
use crate::error::{Error, ErrorKind, Result};

/// Writes the text of a [`RawScalar`](crate::RawScalar) verbatim.
pub(super) struct RawScalarSerializer<'a, W> {
    pub(super) ser: &'a mut Serializer<W>,
}

impl<W: io::Write> ser::Serializer for RawScalarSerializer<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, value: &str) -> Result<()> {
        if !escape::raw_scalar_is_safe(value, self.ser.pretty || self.ser.level == 0) {
            return Err(Error::new(ErrorKind::InvalidRawScalar(value.to_owned())));
        }
        self.ser.write(value.as_bytes());
        self.ser.end_scalar()
    }

    fn serialize_bool(self, _: bool) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_i8(self, _: i8) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_i16(self, _: i16) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_i32(self, _: i32) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_i64(self, _: i64) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_u8(self, _: u8) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_u16(self, _: u16) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_u32(self, _: u32) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_u64(self, _: u64) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_char(self, _: char) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    #[inline]
    fn serialize_none(self) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    #[inline]
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_unit(self) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(raw_scalar_misuse())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(raw_scalar_misuse())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(raw_scalar_misuse())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(raw_scalar_misuse())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(raw_scalar_misuse())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(raw_scalar_misuse())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(raw_scalar_misuse())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(raw_scalar_misuse())
    }
}

/// Whether a [`RawScalar`](crate::RawScalar) text reads back unchanged as a member value.
pub(crate) fn raw_scalar_is_safe(text: &str) -> bool {
    escape::raw_scalar_is_safe(text, false)
}

fn raw_scalar_misuse() -> Error {
    Error::new(ErrorKind::Message("RawScalar must hold a string".into()))
}
