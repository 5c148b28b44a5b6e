//! Query-string DTOs, read with ServiceStack's rules: the reverse of what its clients (and
//! ours, `client::url`) write.
//!
//! Each `key=value` pair is percent-decoded (`+` is a space), pairs with an empty value are
//! skipped, a key given twice has its values joined with `,` (as .NET's `NameValueCollection`
//! does), and keys match members in any case. Each value is then read as the JSV text of
//! its member: a string member takes the text as it is (a JSV-quoted `"a,b"` is unquoted), a
//! list takes its items with or without the brackets (`1,2,3` or `[1,2,3]`), an object its
//! JSV (`{name:x,value:3}`), a bool its first comma-separated part, and scalars their JSV text
//! (`True`, `1.5`, `2024-01-02`, enum names).

use std::fmt;

use ::axum::extract::FromRequestParts;
use ::axum::http::StatusCode;
use ::axum::http::request::Parts;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

use super::error::ServiceStackError;
use super::jsv::{parts_error_style, type_name};
use super::rejection::InvalidQuery;
use crate::Value;

/// Extractor for a request DTO sent in the query string (GET and DELETE requests from
/// ServiceStack's clients). A value that does not fit its member gets ServiceStack's 400
/// (see [`InvalidQuery`]).
///
/// The query is read with ServiceStack's rules, the reverse of what its clients (and ours)
/// write: each `key=value` pair is percent-decoded (`+` is a space), pairs with an empty
/// value are skipped, a key given twice has its values joined with `,` (as .NET's
/// `NameValueCollection` does), and keys match members in any case. Each value is then read
/// as the JSV text of its member: a string member takes the text as it is (a JSV-quoted
/// `"a,b"` is unquoted), a list takes its items with or without the brackets (`1,2,3` or
/// `[1,2,3]`), an object its JSV (`{name:x,value:3}`), a bool its first comma-separated part,
/// and scalars their JSV text (`True`, `1.5`, `2024-01-02`, enum names).
///
/// ```
/// use axum::{Router, routing::get};
/// use serde::{Deserialize, Serialize};
/// use serde_jsv::axum::{JsvQuery, Negotiate, Negotiated};
///
/// #[derive(Deserialize)]
/// #[serde(rename_all = "camelCase", default)]
/// #[derive(Default)]
/// struct FindSessions { page: u32, tags: Vec<String>, open: Option<bool> }
///
/// #[derive(Serialize)]
/// struct Found { count: usize }
///
/// // GET /sessions?page=2&tags=x,%22y%2Cz%22&open=True
/// async fn find(format: Negotiate, JsvQuery(query): JsvQuery<FindSessions>) -> Negotiated<Found> {
///     format.respond(Found { count: query.tags.len() })
/// }
///
/// let app: Router = Router::new().route("/sessions", get(find));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsvQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for JsvQuery<T> {
    type Rejection = InvalidQuery;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let (format, case) = parts_error_style(parts);
        from_query_str(parts.uri.query().unwrap_or_default())
            .map(JsvQuery)
            .map_err(|error| InvalidQuery(error.format(format).case(case)))
    }
}

/// Reads a query string (without the `?`) into `T` with ServiceStack's rules (see
/// [`JsvQuery`]). The error is ServiceStack's: 400 `SerializationException`,
/// `Unable to bind to request '{Type}'`, one field error per member whose value did not fit.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize, PartialEq)]
/// #[serde(rename_all = "camelCase")]
/// struct Query { ids: Vec<u32>, text: String, flag: bool }
///
/// let query: Query = serde_jsv::axum::from_query_str("IDS=1%2C2&text=a%20b&flag=True")?;
/// assert_eq!(query, Query { ids: vec![1, 2], text: "a b".into(), flag: true });
///
/// let error = serde_jsv::axum::from_query_str::<Query>("ids=1,x&text=t&flag=maybe").unwrap_err();
/// assert_eq!(error.status().as_u16(), 400);
/// assert_eq!(error.message(), "Unable to bind to request 'Query'");
/// let fields: Vec<_> = error.response_status().errors.iter()
///     .map(|e| (e.field_name.as_deref().unwrap(), e.message.as_deref().unwrap())).collect();
/// assert_eq!(fields, [("ids", "'1,x' is an Invalid value for 'ids'"), ("flag", "'maybe' is an Invalid value for 'flag'")]);
/// # Ok::<(), serde_jsv::axum::ServiceStackError>(())
/// ```
pub fn from_query_str<T: DeserializeOwned>(query: &str) -> Result<T, ServiceStackError> {
    let mut pairs = parse_pairs(query);
    from_pairs(&mut pairs)
}

/// Reads `pairs` (decoded, empty values dropped) into `T`, collecting one field error per
/// member that does not fit: each failing member is reported and left out, and the rest read
/// again, as ServiceStack reports every binding error at once.
pub(crate) fn from_pairs<T: DeserializeOwned>(
    pairs: &mut Vec<(String, String)>,
) -> Result<T, ServiceStackError> {
    let name = type_name::<T>();
    let mut error: Option<ServiceStackError> = None;
    loop {
        match T::deserialize(QueryDeserializer { pairs }) {
            Ok(value) => return error.map_or(Ok(value), Err),
            Err(failure) => {
                let failure_key = failure.key.clone();
                let entry = error.get_or_insert_with(|| {
                    ServiceStackError::with_status(
                        StatusCode::BAD_REQUEST,
                        "SerializationException",
                        format!("Unable to bind to request '{name}'"),
                    )
                });
                match failure_key.and_then(|key| {
                    let at = pairs.iter().position(|(k, _)| *k == key)?;
                    Some(pairs.remove(at))
                }) {
                    Some((key, value)) => {
                        *entry = entry.clone().field_error(
                            "SerializationException",
                            key.clone(),
                            format!("'{value}' is an Invalid value for '{key}'"),
                        );
                    }
                    None => {
                        // Not tied to one value (a required member is missing, say). After
                        // field errors, it is only the echo of a member left out above.
                        if entry.response_status().errors.is_empty() {
                            *entry = ServiceStackError::with_status(
                                StatusCode::BAD_REQUEST,
                                "SerializationException",
                                format!("Unable to bind to request '{name}': {}", failure.message),
                            );
                        }
                        return Err(entry.clone());
                    }
                }
            }
        }
    }
}

/// Splits `a=1&b=x+y%21` into decoded pairs; empty values are dropped and repeated keys
/// joined with `,`.
pub(crate) fn parse_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (percent_decode(key), percent_decode(value));
        if value.is_empty() || key.is_empty() {
            continue;
        }
        match pairs.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&key)) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            None => pairs.push((key, value)),
        }
    }
    pairs
}

/// Decodes `%XX` escapes and `+` as a space; bad escapes stay as written, invalid UTF-8 is
/// replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'%' if at + 2 < bytes.len() => match (hex(bytes[at + 1]), hex(bytes[at + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    at += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|value| value as u8)
}

/// A binding failure, with the key whose value caused it when known.
#[derive(Debug)]
pub(crate) struct QueryError {
    key: Option<String>,
    message: String,
}

impl QueryError {
    fn at(mut self, key: &str) -> QueryError {
        self.key.get_or_insert_with(|| key.to_owned());
        self
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

impl de::Error for QueryError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        QueryError {
            key: None,
            message: message.to_string(),
        }
    }
}

fn from_jsv(key: &str, error: crate::Error) -> QueryError {
    QueryError {
        key: Some(key.to_owned()),
        message: error.message(),
    }
}

/// The whole query: a map, or a struct whose member names are matched in any case.
struct QueryDeserializer<'a> {
    pairs: &'a [(String, String)],
}

impl<'de> de::Deserializer<'de> for QueryDeserializer<'_> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_map(Pairs {
            pairs: self.pairs.iter(),
            fields: &[],
            current: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_map(Pairs {
            pairs: self.pairs.iter(),
            fields,
            current: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct Pairs<'a> {
    pairs: std::slice::Iter<'a, (String, String)>,
    fields: &'static [&'static str],
    current: Option<&'a (String, String)>,
}

impl<'de> MapAccess<'de> for Pairs<'_> {
    type Error = QueryError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, QueryError> {
        let Some(pair) = self.pairs.next() else {
            return Ok(None);
        };
        self.current = Some(pair);
        let key = &pair.0;
        let name = self
            .fields
            .iter()
            .find(|field| field.eq_ignore_ascii_case(key))
            .map_or(key.as_str(), |field| field);
        let key_de: de::value::StrDeserializer<'_, QueryError> = name.into_deserializer();
        seed.deserialize(key_de).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, QueryError> {
        let (key, text) = self.current.take().expect("a value follows its key");
        seed.deserialize(QueryValue { key, text })
            .map_err(|error| error.at(key))
    }
}

/// One query value, read as the JSV text of the member it is given to.
struct QueryValue<'a> {
    key: &'a str,
    text: &'a str,
}

impl QueryValue<'_> {
    fn jsv(&self, text: &str) -> Result<Value, QueryError> {
        crate::from_str::<Value>(text).map_err(|error| from_jsv(self.key, error))
    }

    fn scalar(&self) -> Value {
        Value::String(self.text.to_owned())
    }

    fn list(&self) -> Result<Value, QueryError> {
        if self.text.starts_with('[') {
            self.jsv(self.text)
        } else {
            self.jsv(&format!("[{}]", self.text))
        }
    }

    fn forward<'de, V: Visitor<'de>>(
        &self,
        value: Value,
        read: impl FnOnce(Value, V) -> crate::Result<V::Value>,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        read(value, visitor).map_err(|error| from_jsv(self.key, error))
    }
}

macro_rules! scalar_forward {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
            let value = self.scalar();
            self.forward(value, |value, visitor| de::Deserializer::$method(value, visitor), visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for QueryValue<'_> {
    type Error = QueryError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let value = if self.text.starts_with('{') || self.text.starts_with('[') {
            self.jsv(self.text).unwrap_or_else(|_| self.scalar())
        } else {
            self.scalar()
        };
        self.forward(value, de::Deserializer::deserialize_any, visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        // An MVC checkbox sends `true,false`: the first part is the value.
        let first = self.text.split(',').next().unwrap_or_default();
        let value = Value::String(first.to_owned());
        self.forward(value, de::Deserializer::deserialize_bool, visitor)
    }

    scalar_forward!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        // JSV-quoted text (`"a,b"`, `""` for a quote) is unquoted, as ServiceStack's
        // `FromCsvField` does; anything else is taken as it is.
        let text = self.text;
        if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
            visitor.visit_string(text[1..text.len() - 1].replace("\"\"", "\""))
        } else {
            visitor.visit_str(text)
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let value = self.list()?;
        self.forward(value, de::Deserializer::deserialize_seq, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let value = self.list()?;
        self.forward(
            value,
            |value, visitor| de::Deserializer::deserialize_tuple(value, len, visitor),
            visitor,
        )
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let value = self.list()?;
        self.forward(
            value,
            |value, visitor| de::Deserializer::deserialize_tuple_struct(value, name, len, visitor),
            visitor,
        )
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        let value = self.jsv(self.text)?;
        self.forward(value, de::Deserializer::deserialize_map, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let value = self.jsv(self.text)?;
        self.forward(
            value,
            |value, visitor| de::Deserializer::deserialize_struct(value, name, fields, visitor),
            visitor,
        )
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, QueryError> {
        let value = if self.text.starts_with('{') {
            self.jsv(self.text)?
        } else {
            self.scalar()
        };
        self.forward(
            value,
            |value, visitor| de::Deserializer::deserialize_enum(value, name, variants, visitor),
            visitor,
        )
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, QueryError> {
        visitor.visit_unit()
    }
}
