//! Reads a request DTO's top-level members through serde, the way ServiceStack's client reads
//! the public properties of a DTO: name, value, and whether the value is its type's default.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{QUERY_PARAMS_NAME, UrlError};

/// One top-level member of a DTO.
pub(crate) struct Member {
    /// The name serde writes for it (borrowed for a struct field: no allocation).
    pub(crate) name: Cow<'static, str>,
    pub(crate) value: MemberValue,
}

/// What a member holds, as the URL builder needs it.
pub(crate) enum MemberValue {
    /// `None` or `()`: never in the query string; a route variable holding it does not match.
    Null,
    /// A string: percent-encoded as it is.
    Str(String),
    /// Anything else, as its JSV text; `is_default` marks the default of a non-optional
    /// value type (0, false, the first enum variant, '\0').
    Jsv { text: String, is_default: bool },
    /// A [`QueryParams`](super::QueryParams) map: appended verbatim after the members.
    QueryParams(Vec<(String, String)>),
}

/// The DTO's members, in serde's order.
pub(crate) struct Members {
    pub(crate) list: Vec<Member>,
    /// Whether the DTO is a struct or map (ServiceStack appends `?` to the predefined route of
    /// a type with properties even when the query string is empty).
    pub(crate) is_object: bool,
}

impl Members {
    /// The index of the member named `name`, compared case-insensitively (an exact match
    /// wins).
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.list
            .iter()
            .position(|member| member.name == name)
            .or_else(|| {
                self.list
                    .iter()
                    .position(|member| member.name.eq_ignore_ascii_case(name))
            })
    }
}

pub(crate) fn collect<T: ?Sized + Serialize>(
    dto: &T,
    type_name: &'static str,
) -> Result<Members, UrlError> {
    dto.serialize(DtoSerializer).map_err(|err| match err {
        Failure::NotAnObject => UrlError::NotAnObject { type_name },
        Failure::Complex => UrlError::NotAnObject { type_name },
        Failure::Message(message) => UrlError::Serialize(ser::Error::custom(message)),
        Failure::Jsv(err) => UrlError::Serialize(err),
    })
}

fn member_value<T: ?Sized + Serialize>(value: &T) -> Result<MemberValue, Failure> {
    let jsv = |is_default| {
        crate::to_string(value)
            .map(|text| MemberValue::Jsv { text, is_default })
            .map_err(Failure::Jsv)
    };
    match value.serialize(Classifier { optional: false }) {
        Ok(Kind::Null) => Ok(MemberValue::Null),
        Ok(Kind::Str(text)) => Ok(MemberValue::Str(text)),
        Ok(Kind::Scalar { is_default }) => jsv(is_default),
        Ok(Kind::QueryParams(entries)) => Ok(MemberValue::QueryParams(entries)),
        Err(Failure::Complex) => jsv(false),
        Err(other) => Err(other),
    }
}

fn key_text<T: ?Sized + Serialize>(key: &T) -> Result<String, Failure> {
    match member_value(key)? {
        MemberValue::Str(text) | MemberValue::Jsv { text, .. } => Ok(text),
        _ => Err(Failure::Message(
            "a request DTO map key must be a string".into(),
        )),
    }
}

/// Why a value could not be classified.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A list, map, struct or other compound value: written as JSV by the caller.
    Complex,
    /// The DTO itself is not a struct or map.
    NotAnObject,
    /// A `Serialize` impl's own message.
    Message(String),
    /// A value written as JSV that has no JSV form.
    Jsv(crate::Error),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Complex => f.write_str("compound value"),
            Failure::NotAnObject => f.write_str("not a struct or map"),
            Failure::Message(message) => f.write_str(message),
            Failure::Jsv(err) => fmt::Display::fmt(err, f),
        }
    }
}

impl std::error::Error for Failure {}

impl ser::Error for Failure {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Failure::Message(msg.to_string())
    }
}

/// What the [`Classifier`] found.
enum Kind {
    Null,
    Str(String),
    Scalar { is_default: bool },
    QueryParams(Vec<(String, String)>),
}

/// Tells apart null, strings, scalars (and their defaults) and compound values.
struct Classifier {
    /// Inside `Some`: a .NET nullable value type, whose default value is still sent.
    optional: bool,
}

impl Classifier {
    fn scalar(&self, is_default: bool) -> Result<Kind, Failure> {
        Ok(Kind::Scalar {
            is_default: is_default && !self.optional,
        })
    }
}

macro_rules! classify_numbers {
    ($($method:ident: $ty:ty = $zero:expr),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result<Kind, Failure> {
            self.scalar(value == $zero)
        }
    )*};
}

impl ser::Serializer for Classifier {
    type Ok = Kind;
    type Error = Failure;
    type SerializeSeq = Impossible<Kind, Failure>;
    type SerializeTuple = Impossible<Kind, Failure>;
    type SerializeTupleStruct = Impossible<Kind, Failure>;
    type SerializeTupleVariant = Impossible<Kind, Failure>;
    type SerializeMap = Impossible<Kind, Failure>;
    type SerializeStruct = Impossible<Kind, Failure>;
    type SerializeStructVariant = Impossible<Kind, Failure>;

    classify_numbers! {
        serialize_i8: i8 = 0, serialize_i16: i16 = 0, serialize_i32: i32 = 0,
        serialize_i64: i64 = 0, serialize_i128: i128 = 0, serialize_u8: u8 = 0,
        serialize_u16: u16 = 0, serialize_u32: u32 = 0, serialize_u64: u64 = 0,
        serialize_u128: u128 = 0, serialize_f32: f32 = 0.0, serialize_f64: f64 = 0.0,
        serialize_char: char = '\0', serialize_bool: bool = false,
    }

    fn serialize_str(self, value: &str) -> Result<Kind, Failure> {
        Ok(Kind::Str(value.to_owned()))
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<Kind, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_none(self) -> Result<Kind, Failure> {
        Ok(Kind::Null)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Kind, Failure> {
        value.serialize(Classifier { optional: true })
    }

    fn serialize_unit(self) -> Result<Kind, Failure> {
        Ok(Kind::Null)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Kind, Failure> {
        Ok(Kind::Null)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<Kind, Failure> {
        // The first variant plays the part of a .NET enum's default (0).
        self.scalar(index == 0)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Kind, Failure> {
        if name == QUERY_PARAMS_NAME {
            return value.serialize(QueryParamsCollector).map(Kind::QueryParams);
        }
        if name == crate::raw::RAW_SCALAR_NAME {
            return Err(Failure::Complex);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Kind, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Failure> {
        Err(Failure::Complex)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failure> {
        Err(Failure::Complex)
    }
}

/// Reads the top level of a DTO: a struct or map whose members become [`Member`]s.
struct DtoSerializer;

/// Collects a struct's fields or a map's entries.
struct MemberCollector {
    members: Vec<Member>,
    pending_key: Option<String>,
}

impl MemberCollector {
    fn new(len: usize) -> MemberCollector {
        MemberCollector {
            members: Vec::with_capacity(len),
            pending_key: None,
        }
    }

    fn finish(self) -> Members {
        Members {
            list: self.members,
            is_object: true,
        }
    }
}

macro_rules! not_an_object {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Members, Failure> {
            Err(Failure::NotAnObject)
        }
    )*};
}

impl ser::Serializer for DtoSerializer {
    type Ok = Members;
    type Error = Failure;
    type SerializeSeq = Impossible<Members, Failure>;
    type SerializeTuple = Impossible<Members, Failure>;
    type SerializeTupleStruct = Impossible<Members, Failure>;
    type SerializeTupleVariant = Impossible<Members, Failure>;
    type SerializeMap = MemberCollector;
    type SerializeStruct = MemberCollector;
    type SerializeStructVariant = Impossible<Members, Failure>;

    not_an_object! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_str(&str), serialize_bytes(&[u8]), serialize_none(),
        serialize_unit_variant(&'static str, u32, &'static str),
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Members, Failure> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Members, Failure> {
        Ok(Members {
            list: Vec::new(),
            is_object: false,
        })
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Members, Failure> {
        self.serialize_unit()
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Members, Failure> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Members, Failure> {
        Err(Failure::NotAnObject)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failure> {
        Err(Failure::NotAnObject)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failure> {
        Err(Failure::NotAnObject)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failure> {
        Err(Failure::NotAnObject)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failure> {
        Err(Failure::NotAnObject)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<MemberCollector, Failure> {
        Ok(MemberCollector::new(len.unwrap_or(0)))
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MemberCollector, Failure> {
        Ok(MemberCollector::new(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failure> {
        Err(Failure::NotAnObject)
    }
}

impl ser::SerializeStruct for MemberCollector {
    type Ok = Members;
    type Error = Failure;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failure> {
        let value = member_value(value)?;
        self.members.push(Member {
            name: Cow::Borrowed(key),
            value,
        });
        Ok(())
    }

    fn end(self) -> Result<Members, Failure> {
        Ok(self.finish())
    }
}

impl ser::SerializeMap for MemberCollector {
    type Ok = Members;
    type Error = Failure;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Failure> {
        self.pending_key = Some(key_text(key)?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Failure> {
        let name = Cow::Owned(self.pending_key.take().unwrap_or_default());
        let value = member_value(value)?;
        self.members.push(Member { name, value });
        Ok(())
    }

    fn end(self) -> Result<Members, Failure> {
        Ok(self.finish())
    }
}

/// Reads the map inside a [`QueryParams`](super::QueryParams).
struct QueryParamsCollector;

struct QueryParamsEntries {
    entries: Vec<(String, String)>,
    pending_key: Option<String>,
}

impl ser::Serializer for QueryParamsCollector {
    type Ok = Vec<(String, String)>;
    type Error = Failure;
    type SerializeSeq = Impossible<Self::Ok, Failure>;
    type SerializeTuple = Impossible<Self::Ok, Failure>;
    type SerializeTupleStruct = Impossible<Self::Ok, Failure>;
    type SerializeTupleVariant = Impossible<Self::Ok, Failure>;
    type SerializeMap = QueryParamsEntries;
    type SerializeStruct = Impossible<Self::Ok, Failure>;
    type SerializeStructVariant = Impossible<Self::Ok, Failure>;

    fn serialize_map(self, len: Option<usize>) -> Result<QueryParamsEntries, Failure> {
        Ok(QueryParamsEntries {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            pending_key: None,
        })
    }

    fn serialize_bool(self, _: bool) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_i8(self, _: i8) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_i16(self, _: i16) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_i32(self, _: i32) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_i64(self, _: i64) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_u8(self, _: u8) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_u16(self, _: u16) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_u32(self, _: u32) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_u64(self, _: u64) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_f32(self, _: f32) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_f64(self, _: f64) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_char(self, _: char) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_str(self, _: &str) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_none(self) -> Result<Self::Ok, Failure> {
        Ok(Vec::new())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Self::Ok, Failure> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Failure> {
        Ok(Vec::new())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Failure> {
        Ok(Vec::new())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Failure> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Failure> {
        Err(not_a_map())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failure> {
        Err(not_a_map())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failure> {
        Err(not_a_map())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failure> {
        Err(not_a_map())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failure> {
        Err(not_a_map())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Failure> {
        Err(not_a_map())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failure> {
        Err(not_a_map())
    }
}

fn not_a_map() -> Failure {
    Failure::Message("QueryParams must hold a map".into())
}

impl ser::SerializeMap for QueryParamsEntries {
    type Ok = Vec<(String, String)>;
    type Error = Failure;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Failure> {
        self.pending_key = Some(key_text(key)?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Failure> {
        let key = self.pending_key.take().unwrap_or_default();
        match member_value(value)? {
            MemberValue::Str(text) | MemberValue::Jsv { text, .. } => {
                self.entries.push((key, text))
            }
            MemberValue::Null | MemberValue::QueryParams(_) => {}
        }
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, Failure> {
        Ok(self.entries)
    }
}
