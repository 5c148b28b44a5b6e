//! An untyped JSV value: text scalars, lists and maps.
//!
//! JSV has no scalar types (R27): `123`, `True` and `2024-01-01` are all text until a target
//! type reads them. So [`Value`] keeps scalars as strings and offers typed accessors that
//! read them with the same rules as the typed deserializer.
//!
//! ```
//! use serde_jsv::Value;
//!
//! let value: Value = serde_jsv::from_str("{id:s1,ended:True,members:[{n:1},{n:2}]}").unwrap();
//! assert_eq!(value["id"], "s1");
//! assert_eq!(value["ended"].as_bool(), Some(true));
//! assert_eq!(value["members"][1]["n"].as_i64(), Some(2));
//! assert_eq!(value.to_string(), "{id:s1,ended:True,members:[{n:1},{n:2}]}");
//!
//! // To and from serde_json (feature `json`): scalars stay strings unless asked to infer.
//! # #[cfg(feature = "json")] {
//! let json = serde_json::Value::from(value.clone());
//! assert_eq!(json["ended"], "True");
//! assert_eq!(value.to_json_inferred()["ended"], true);
//! # }
//! ```
//!
//! With the `json` feature, `Value` converts to and from `serde_json::Value`. A JSV map keeps
//! its document order; the JSON side is a `serde_json::Map`, sorted by key unless
//! serde_json's `preserve_order` feature is on in the build (serde_jsv enables it only for its
//! `cli` feature), so a JSV → JSON → JSV round trip keeps the members but, by default, not
//! their order.

mod de;
mod from;
mod from_value;
mod index;
mod macros;
mod pointer;
mod ser;
mod to_value;

use std::fmt;

pub use index::Index;
#[doc(hidden)]
pub use macros::private as macros_private;

/// The members of a JSV object, in document order.
///
/// This is [`indexmap::IndexMap`], and stays it on purpose: ServiceStack's member order is
/// part of the text, so the map must keep insertion order, and `IndexMap` is the map
/// serde_json itself uses for that (`preserve_order`). Exposing it gives users its whole
/// API (`get_index`, `shift_remove`, `sort_keys`, entries, rayon) at no cost and without a
/// wrapper to keep in step. The price is that `indexmap` 2 is part of our public API: a
/// major release of indexmap would be a major release of serde_jsv. We accept that:
/// indexmap has been at 2.x since 2023 and is the order-keeping map of the serde
/// ecosystem. Code that wants to stay independent of it can keep to the methods `HashMap`
/// also has.
pub type Map = indexmap::IndexMap<String, Value>;

/// Any JSV value.
///
/// Deliberately not `#[non_exhaustive]`, like serde_json's `Value`: JSV has exactly these
/// four shapes (scalars are untyped text, R27), so a `match` may be exhaustive.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// The empty token (`{A:}`, an empty list slot): null.
    #[default]
    Null,
    /// A scalar, as text (quotes removed).
    String(String),
    /// A list `[…]`.
    List(Vec<Value>),
    /// An object or map `{…}`.
    Map(Map),
}

impl Value {
    /// Whether this is the empty token.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a scalar (text). JSV scalars are untyped, so a number or a bool is a
    /// string too; see [`as_i64`](Value::as_i64), [`as_bool`](Value::as_bool).
    ///
    /// ```
    /// let value: serde_jsv::Value = "{a:1,b:[],c:{},d:}".parse().unwrap();
    /// assert!(value["a"].is_string() && value["b"].is_list() && value["c"].is_map());
    /// assert!(value["d"].is_null() && !value["d"].is_string());
    /// ```
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is a list.
    pub fn is_list(&self) -> bool {
        matches!(self, Value::List(_))
    }

    /// Whether this is a map (an object).
    pub fn is_map(&self) -> bool {
        matches!(self, Value::Map(_))
    }

    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The list, if this is one.
    pub fn as_list(&self) -> Option<&Vec<Value>> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The list, mutably, if this is one.
    pub fn as_list_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The map, mutably, if this is one.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The scalar read as a bool (`True`/`False` in any case, `1`, `0`).
    pub fn as_bool(&self) -> Option<bool> {
        crate::de::parse_bool_text(self.as_str()?)
    }

    /// The scalar read as an `i64` (.NET integer rules: whitespace and leading zeros
    /// allowed, no `+`, no fraction).
    pub fn as_i64(&self) -> Option<i64> {
        crate::number::parse_integer(self.as_str()?).ok()
    }

    /// The scalar read as a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        crate::number::parse_integer(self.as_str()?).ok()
    }

    /// The scalar read as an `f64` (.NET `double.Parse` rules, `NaN`, `Infinity`).
    pub fn as_f64(&self) -> Option<f64> {
        crate::number::parse_f64(self.as_str()?).ok()
    }

    /// A member of a map or an item of a list; `None` when absent or of the wrong shape.
    ///
    /// ```
    /// let value: serde_jsv::Value = serde_jsv::from_str("{a:[x,y]}").unwrap();
    /// assert_eq!(value.get("a").and_then(|list| list.get(1)), Some(&"y".into()));
    /// assert!(value.get("b").is_none());
    /// ```
    pub fn get<I: Index>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    /// A mutable member of a map or item of a list.
    pub fn get_mut<I: Index>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into_mut(self)
    }

    /// Takes the value out, leaving `Null`.
    pub fn take(&mut self) -> Value {
        std::mem::take(self)
    }
}

impl fmt::Display for Value {
    /// Compact JSV, as [`to_string`](crate::to_string) writes it; `{:#}` gives the pretty
    /// layout of [`to_string_pretty`](crate::to_string_pretty).
    ///
    /// Every `Value` has a text: the one shape the serializer refuses, a list whose only
    /// item is `Null` (it would read back as the empty list), is written `[]`, which is what
    /// ServiceStack writes for it.
    ///
    /// ```
    /// use serde_jsv::Value;
    ///
    /// let value: Value = "{id:\"a,b\",tags:[x,,y]}".parse().unwrap();
    /// assert_eq!(value.to_string(), "{id:\"a,b\",tags:[x,,y]}");
    /// assert_eq!(format!("{value:#}"), "{\n\tid: \"a,b\",\n\ttags: \n\t[\n\t\tx,\n\t\t,\n\t\ty\n\t]\n}");
    /// assert_eq!(Value::List(vec![Value::Null]).to_string(), "[]");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let write = |value: &Value| {
            if f.alternate() {
                crate::to_string_pretty(value)
            } else {
                crate::to_string(value)
            }
        };
        let text = match write(self) {
            Ok(text) => text,
            // Only a lone null item cannot be written; write what ServiceStack writes.
            Err(_) => write(&without_lone_nulls(self)).map_err(|_| fmt::Error)?,
        };
        f.write_str(&text)
    }
}

/// A copy where every list whose only item is `Null` is empty.
fn without_lone_nulls(value: &Value) -> Value {
    match value {
        Value::List(items) if matches!(items.as_slice(), [Value::Null]) => Value::List(Vec::new()),
        Value::List(items) => Value::List(items.iter().map(without_lone_nulls).collect()),
        Value::Map(map) => Value::Map(
            map.iter()
                .map(|(key, value)| (key.clone(), without_lone_nulls(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Reads a `Value` from JSV text, as [`from_str`](crate::from_str).
///
/// ```
/// let value: serde_jsv::Value = "[a,{b:c}]".parse().unwrap();
/// assert_eq!(value[1]["b"], "c");
/// assert!("[a".parse::<serde_jsv::Value>().unwrap_err().is_eof());
/// ```
impl std::str::FromStr for Value {
    type Err = crate::Error;

    fn from_str(text: &str) -> crate::Result<Value> {
        crate::from_str(text)
    }
}

/// Converts any serializable value into a [`Value`], as JSV sees it: numbers and bools
/// become their JSV text, `None` members disappear.
///
/// ```
/// use serde_jsv::{Value, to_value};
///
/// let value = to_value(&(1.5, true, "a,b")).unwrap();
/// assert_eq!(value, Value::List(vec!["1.5".into(), "True".into(), "a,b".into()]));
/// ```
pub fn to_value<T: ?Sized + serde::Serialize>(value: &T) -> crate::Result<Value> {
    // Built directly, no text: the same value as `from_str(&to_string(value)?)`.
    Ok(value
        .serialize(to_value::ValueSerializer)?
        .unwrap_or(Value::Null))
}

/// Reads a `T` out of a [`Value`], with the same rules as reading JSV text.
///
/// ```
/// use serde_jsv::{Value, from_value};
///
/// let value: Value = serde_jsv::from_str("[1,2]").unwrap();
/// let numbers: Vec<i32> = from_value(value).unwrap();
/// assert_eq!(numbers, [1, 2]);
/// ```
pub fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> crate::Result<T> {
    // Read directly, no text: the same result as `from_str(&to_string(&value)?)`.
    T::deserialize(value)
}
