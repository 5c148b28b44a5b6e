//! `Deserialize` for `Value`, from JSV or any other self-describing format.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Map, Value};

struct ValueVisitor;

macro_rules! visit_as_text {
    ($($method:ident: $ty:ty),* $(,)?) => {$(
        fn $method<E>(self, value: $ty) -> Result<Value, E> {
            Ok(Value::String(value.to_string()))
        }
    )*};
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSV value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::String(
            if value { "True" } else { "False" }.to_owned(),
        ))
    }

    visit_as_text! {
        visit_i64: i64, visit_u64: u64, visit_i128: i128, visit_u128: u128, visit_char: char,
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        let mut out = Vec::new();
        crate::number::write_f64(&mut out, value);
        Ok(Value::String(String::from_utf8(out).unwrap_or_default()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_bytes<E>(self, value: &[u8]) -> Result<Value, E> {
        use base64::Engine as _;
        Ok(Value::String(
            base64::engine::general_purpose::STANDARD.encode(value),
        ))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::with_capacity(access.size_hint().unwrap_or(0).min(1024));
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            // Duplicated members: the last one wins, as in ServiceStack.
            map.insert(key, value);
        }
        Ok(Value::Map(map))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}
