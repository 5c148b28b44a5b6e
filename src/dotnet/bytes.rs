//! .NET `byte[]` as Base64: `#[serde(with = "serde_jsv::dotnet::bytes")]` for `Vec<u8>` (or
//! any `T: AsRef<[u8]> + From<Vec<u8>>`).
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Upload {
//!     #[serde(with = "serde_jsv::dotnet::bytes")]
//!     data: Vec<u8>,
//!     #[serde(default, with = "serde_jsv::dotnet::bytes::option")]
//!     thumbnail: Option<Vec<u8>>,
//! }
//!
//! let upload = Upload { data: b"abc".to_vec(), thumbnail: None };
//! let jsv = serde_jsv::to_string(&upload).unwrap();
//! assert_eq!(jsv, "{Data:YWJj}");
//! assert_eq!(serde_jsv::from_str::<Upload>(&jsv).unwrap(), upload);
//!
//! // ServiceStack also reads a list of numbers, and ignores spaces in Base64:
//! let listed: Upload = serde_jsv::from_str("{Data:[97,98,99],Thumbnail:A Q I D}").unwrap();
//! assert_eq!(listed.data, b"abc");
//! assert_eq!(listed.thumbnail, Some(vec![1, 2, 3]));
//! ```
//!
//! Written as standard Base64 (`+`, `/`, `=` padding, no line breaks); other formats see the
//! same string (ServiceStack's JSON form of `byte[]`). Read: standard Base64 with padding
//! (whitespace ignored), or a list of numbers `[1,2,3]`. The URL-safe alphabet and missing
//! padding are errors.
//!
//! The empty array is written as `""` and reads back as empty: ServiceStack writes it as the
//! empty token, which it reads back as null. The empty token reads as the empty array here,
//! and as `None` through `bytes::option`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use std::fmt;

use super::ValueError;

/// Standard Base64 with padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Base64 (whitespace ignored, padding required) or a list of numbers `[1,2,3]`; empty text
/// is the empty array.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, ValueError> {
    let invalid = |reason: String| ValueError::invalid("byte[]", text, reason);
    let trimmed = text.trim();
    if let Some(list) = trimmed.strip_prefix('[') {
        let list = list
            .strip_suffix(']')
            .ok_or_else(|| invalid("a list must end with `]`".into()))?;
        if list.trim().is_empty() {
            return Ok(Vec::new());
        }
        return list
            .split(',')
            .map(|item| {
                let item = item.trim();
                crate::number::parse_integer::<u8>(item)
                    .map_err(|_| invalid(format!("`{item}` is not a byte (0-255)")))
            })
            .collect();
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD
        .decode(compact.as_bytes())
        .map_err(|err| invalid(format!("not padded standard Base64 ({err})")))
}

/// Serializes the bytes as a Base64 string.
pub fn serialize<T: AsRef<[u8]>, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&encode(value.as_ref()))
}

/// Deserializes Base64 text or a list of numbers.
pub fn deserialize<'de, T: From<Vec<u8>>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(BytesVisitor).map(T::from)
}

/// Accepts Base64 or `[…]` text, real byte buffers (formats that have them), and sequences
/// of numbers.
struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Base64 text or a list of bytes")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Vec<u8>, E> {
        decode(text).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
        Ok(bytes.to_vec())
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(bytes)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(byte) = seq.next_element::<u8>()? {
            out.push(byte);
        }
        Ok(out)
    }
}

/// The same for `Option<T>`: `None` is null (an omitted member or the empty token in JSV).
///
/// Add `#[serde(default)]` so that a missing member reads as `None` (see the module example).
pub mod option {
    use serde::de::{Deserializer, Visitor};
    use serde::ser::Serializer;
    use std::fmt;

    use super::BytesVisitor;

    /// Serializes `Some(bytes)` as Base64, `None` as null.
    pub fn serialize<T: AsRef<[u8]>, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(bytes) => serializer.serialize_some(&super::encode(bytes.as_ref())),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes null as `None`, anything else as bytes.
    pub fn deserialize<'de, T: From<Vec<u8>>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        deserializer
            .deserialize_option(OptionVisitor)
            .map(|bytes| bytes.map(T::from))
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<Vec<u8>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("null, Base64 text or a list of bytes")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_str(BytesVisitor).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_standard_base64() {
        assert_eq!(encode(&[0]), "AA==");
        assert_eq!(encode(&[0xff]), "/w==");
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode(&[0xfb, 0xef, 0xbe]), "++++");
        assert_eq!(encode(b""), "");
    }

    #[test]
    fn decodes_servicestack_inputs() {
        assert_eq!(decode("AQID"), Ok(vec![1, 2, 3]));
        assert_eq!(decode("AQI="), Ok(vec![1, 2]));
        assert_eq!(decode("A Q I D"), Ok(vec![1, 2, 3]));
        assert_eq!(decode("[1, 2,3]"), Ok(vec![1, 2, 3]));
        assert_eq!(decode("[]"), Ok(vec![]));
        assert_eq!(decode(""), Ok(vec![]));
        for bad in ["AQI", "-_8", "[1,256]", "[1,", "[1,,2]", "A===", "@@@@"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
