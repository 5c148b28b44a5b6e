//! STUB: replaced by the real Value.
#![allow(missing_docs, unused)]
use crate::error::Result;
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value { #[default] Null, String(String), List(Vec<Value>), Map(Map) }
pub type Map = indexmap::IndexMap<String, Value>;
pub fn to_value<T: ?Sized + serde::Serialize>(value: &T) -> Result<Value> { todo!() }
pub fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> { todo!() }
