//! .NET `char`: `#[serde(with = "serde_jsv::dotnet::char")]` for `char` (and `::option` for
//! `Option<char>`), reading what ServiceStack reads.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Key {
//!     #[serde(with = "serde_jsv::dotnet::char")]
//!     digit: char,
//! }
//!
//! assert_eq!(serde_jsv::to_string(&Key { digit: '7' }).unwrap(), "{digit:7}");
//! // A JSON-style escape of one character reads as that character:
//! let key: Key = serde_jsv::from_str(r"{digit:\u0041}").unwrap();
//! assert_eq!(key.digit, 'A');
//! ```
//!
//! Written as the JSV writer writes any `char`: the character itself, quoted only when it is
//! one of `, " { } [ ]` (ServiceStack writes those raw and so corrupts its own document).
//! Read: one character, or a JSON-style escape of one character (`\n`, `\t`, `\"`, `\\`,
//! `\/`, `\b`, `\f`, `\r`, `\uXXXX`, a `\uD83D\uDE00` surrogate pair). Empty text or more
//! than one character is an error (ServiceStack reads `'\0'` and the first character).

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

use super::ValueError;

/// Reads one character or one JSON-style escape.
pub(crate) fn parse_text(text: &str) -> Result<char, ValueError> {
    let invalid = |reason: &str| ValueError::invalid("char", text, reason);
    let mut chars = text.chars();
    let (Some(first), rest) = (chars.next(), chars.as_str()) else {
        return Err(invalid("empty text (use an Option for a null char)"));
    };
    if rest.is_empty() {
        return Ok(first);
    }
    if first != '\\' {
        return Err(invalid("more than one character"));
    }
    let simple = match rest {
        "n" => Some('\n'),
        "t" => Some('\t'),
        "r" => Some('\r'),
        "b" => Some('\u{8}'),
        "f" => Some('\u{c}'),
        "\"" => Some('"'),
        "\\" => Some('\\'),
        "/" => Some('/'),
        _ => None,
    };
    if let Some(c) = simple {
        return Ok(c);
    }
    let unit = |hex: &str| -> Option<u32> {
        (hex.len() == 4 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(hex, 16).ok())
            .flatten()
    };
    let code = match (rest.strip_prefix('u'), rest.len()) {
        (Some(hex), 5) => unit(hex),
        (Some(pair), 11) => match (
            unit(&pair[..4]),
            pair[4..].strip_prefix("\\u").and_then(unit),
        ) {
            (Some(high @ 0xD800..=0xDBFF), Some(low @ 0xDC00..=0xDFFF)) => {
                Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            _ => None,
        },
        _ => None,
    };
    match code {
        Some(code) => {
            char::from_u32(code).ok_or_else(|| invalid("a lone surrogate is not a character"))
        }
        None => Err(invalid("more than one character")),
    }
}

/// Serializes the character (the JSV writer quotes `, " { } [ ]`).
pub fn serialize<S: Serializer>(value: &char, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_char(*value)
}

/// Deserializes one character or one escape.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<char, D::Error> {
    deserializer.deserialize_str(CharVisitor)
}

struct CharVisitor;

impl Visitor<'_> for CharVisitor {
    type Value = char;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a single character")
    }

    fn visit_char<E: de::Error>(self, value: char) -> Result<char, E> {
        Ok(value)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<char, E> {
        parse_text(text).map_err(E::custom)
    }
}

/// The same for `Option<char>`: `None` is null (an omitted member or the empty token).
///
/// Add `#[serde(default)]` so that a missing member reads as `None`.
pub mod option {
    use serde::de::{Deserializer, Visitor};
    use serde::ser::Serializer;
    use std::fmt;

    /// Serializes `Some(c)` as the character, `None` as null.
    pub fn serialize<S: Serializer>(
        value: &Option<char>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(c) => serializer.serialize_some(c),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes null as `None`, anything else as one character or escape.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<char>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<char>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("null or a single character")
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
            super::deserialize(deserializer).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_character_or_escape() {
        let cases = [
            ("a", 'a'),
            (",", ','),
            ("日", '日'),
            ("\\", '\\'),
            ("\\n", '\n'),
            ("\\\"", '"'),
            ("\\u0041", 'A'),
            ("\\u00e9", 'é'),
            ("\\uD83D\\uDE00", '😀'),
        ];
        for (text, c) in cases {
            assert_eq!(parse_text(text), Ok(c), "{text}");
        }
        for bad in [
            "",
            "ab",
            "\\x",
            "\\u12",
            "\\uD800",
            "\\uDE00\\uD83D",
            "\\u0041B",
        ] {
            assert!(parse_text(bad).is_err(), "{bad}");
        }
    }
}
