//! Reads an `int?` from a number or from text, so that [`QueryBase`](super::QueryBase) also
//! reads correctly inside `#[serde(flatten)]`.
//!
//! `flatten` buffers the outer map through `deserialize_any`, and an untyped text format
//! hands every scalar over as a string (serde-rs/serde#1183). Accepting `"20"` as well as
//! `20` makes the paging members survive that trip; anything else is still an error.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// `deserialize_with` for an `Option<i32>` member.
pub(crate) fn option_i32<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i32>, D::Error> {
    deserializer.deserialize_option(OptionI32)
}

struct OptionI32;

impl<'de> Visitor<'de> for OptionI32 {
    type Value = Option<i32>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 32-bit integer or nothing")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<i32>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<i32>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<i32>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<i32>, E> {
        i32::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<i32>, E> {
        i32::try_from(value)
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Option<i32>, E> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        trimmed
            .parse::<i32>()
            .map(Some)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
    }
}
