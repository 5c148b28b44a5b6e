//! Conversions between `Value`, Rust scalars and `serde_json::Value`.

use super::{Map, Value};

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<bool> for Value {
    /// `True` / `False`, as JSV writes bools.
    fn from(value: bool) -> Value {
        Value::String(if value { "True" } else { "False" }.to_owned())
    }
}

macro_rules! from_integer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Value {
            fn from(value: $ty) -> Value {
                Value::String(value.to_string())
            }
        }
    )*};
}
from_integer!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl From<f64> for Value {
    /// The text .NET writes for the double.
    fn from(value: f64) -> Value {
        let mut out = Vec::new();
        crate::number::write_f64(&mut out, value);
        Value::String(String::from_utf8(out).unwrap_or_default())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Value {
        Value::Map(map)
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Value {
        Value::List(iter.into_iter().map(Into::into).collect())
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

#[cfg(feature = "json")]
impl From<serde_json::Value> for Value {
    /// JSON to JSV: `null` is the empty token, bools are `True`/`False`, numbers keep
    /// their JSON text. Members come in the order the `serde_json::Map` holds them: sorted
    /// by key, unless serde_json's `preserve_order` feature is on somewhere in the build,
    /// then in the JSON document's order. Requires the `json` feature.
    fn from(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(value) => value.into(),
            serde_json::Value::Number(number) => Value::String(number.to_string()),
            serde_json::Value::String(text) => Value::String(text),
            serde_json::Value::Array(items) => {
                Value::List(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(members) => Value::Map(
                members
                    .into_iter()
                    .map(|(k, v)| (k, Value::from(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(feature = "json")]
impl From<Value> for serde_json::Value {
    /// JSV to JSON: scalars stay strings (JSV is untyped); see
    /// [`Value::to_json_inferred`] for numbers and bools. The JSV member order is handed to
    /// `serde_json::Map`, which keeps it only with serde_json's `preserve_order` feature;
    /// without it (serde_json's default; of serde_jsv's features only `cli` turns it on) the
    /// JSON object is sorted by key. Requires the `json` feature.
    fn from(value: Value) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::String(text) => serde_json::Value::String(text),
            Value::List(items) => {
                serde_json::Value::Array(items.into_iter().map(Into::into).collect())
            }
            Value::Map(map) => {
                serde_json::Value::Object(map.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
        }
    }
}

#[cfg(feature = "json")]
impl Value {
    /// JSV to JSON, turning unambiguous scalars into JSON numbers and bools: `True`/`False`
    /// (exactly as .NET writes them) become bools, and text that is a canonical JSON number
    /// which reads back to the same text (`12`, `-1.5`, not `007` or `1E+17`) becomes a
    /// number. Everything else stays a string. Member order as for
    /// `serde_json::Value::from(Value)`: sorted by key unless serde_json's `preserve_order`
    /// feature is on. Requires the `json` feature.
    ///
    /// ```
    /// let value: serde_jsv::Value = serde_jsv::from_str("[True,12,007,1.5,x]").unwrap();
    /// assert_eq!(value.to_json_inferred().to_string(), r#"[true,12,"007",1.5,"x"]"#);
    /// ```
    pub fn to_json_inferred(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::String(text) => infer_scalar(text),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json_inferred).collect())
            }
            Value::Map(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), v.to_json_inferred()))
                    .collect(),
            ),
        }
    }
}

#[cfg(feature = "json")]
fn infer_scalar(text: &str) -> serde_json::Value {
    match text {
        "True" => return serde_json::Value::Bool(true),
        "False" => return serde_json::Value::Bool(false),
        _ => {}
    }
    let looks_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.'));
    if looks_numeric
        && !text.is_empty()
        && let Ok(number) = serde_json::from_str::<serde_json::Number>(text)
        && number.to_string() == text
    {
        return serde_json::Value::Number(number);
    }
    serde_json::Value::String(text.to_owned())
}
