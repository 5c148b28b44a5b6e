//! Serde glue shared by the `dotnet` types: every value is text, written through
//! [`RawScalar`](crate::RawScalar) and read through `deserialize_str`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::{Serialize, Serializer};

use super::ValueError;
use crate::RawScalar;

/// A type with a .NET text form.
pub(crate) trait TextForm: Sized {
    /// What the visitor expects, for error messages (`"a .NET DateTime"`).
    const EXPECTING: &'static str;
    /// Reads the text.
    fn parse_text(text: &str) -> Result<Self, ValueError>;
}

/// Serializes `text` so that the JSV writer emits it bare; other formats see a string.
pub(crate) fn serialize_raw<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    RawScalar(text).serialize(serializer)
}

/// Deserializes a `T` from a string, borrowed or owned.
pub(crate) fn deserialize_text<'de, D: Deserializer<'de>, T: TextForm>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(TextVisitor(PhantomData))
}

/// A visitor that accepts strings (and UTF-8 bytes) and parses them with `T::parse_text`.
pub(crate) struct TextVisitor<T>(pub(crate) PhantomData<T>);

impl<T: TextForm> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::parse_text(text).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.visit_str(text),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(bytes), &self)),
        }
    }
}

/// Declares the `option` submodule of a `#[serde(with = …)]` module whose values convert
/// to and from `$dotnet` through the trait `$value`.
macro_rules! option_module {
    ($value:ident, $dotnet:ident, $module:literal) => {
        /// The same for `Option<T>`: `None` is null (an omitted member or an empty token in
        /// JSV).
        ///
        /// Add `#[serde(default)]` so that a missing member reads as `None`:
        ///
        /// ```
        #[doc = concat!("use serde_jsv::dotnet::", stringify!($dotnet), ";")]
        /// #[derive(serde::Serialize, serde::Deserialize)]
        /// struct Row {
        #[doc = concat!("    #[serde(default, with = \"serde_jsv::dotnet::", $module, "::option\")]")]
        #[doc = concat!("    value: Option<", stringify!($dotnet), ">,")]
        /// }
        ///
        /// let row: Row = serde_jsv::from_str("{}").unwrap();
        /// assert!(row.value.is_none());
        /// assert_eq!(serde_jsv::to_string(&row).unwrap(), "{}");
        /// ```
        pub mod option {
            use serde::de::{Deserialize, Deserializer, Error as _};
            use serde::ser::{Error as _, Serializer};

            use super::{$dotnet, $value};

            /// Serializes `Some(value)` as the value, `None` as null.
            pub fn serialize<T: $value, S: Serializer>(
                value: &Option<T>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                match value {
                    Some(value) => {
                        let dotnet = value.to_dotnet().map_err(S::Error::custom)?;
                        serializer.serialize_some(&dotnet)
                    }
                    None => serializer.serialize_none(),
                }
            }

            /// Deserializes null as `None`, anything else as the value.
            pub fn deserialize<'de, T: $value, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<T>, D::Error> {
                match Option::<$dotnet>::deserialize(deserializer)? {
                    Some(dotnet) => T::from_dotnet(dotnet).map(Some).map_err(D::Error::custom),
                    None => Ok(None),
                }
            }
        }
    };
}

/// Declares `serialize`/`deserialize` of a `#[serde(with = …)]` module over the trait
/// `$value` converting to and from `$dotnet`.
macro_rules! with_functions {
    ($value:ident, $dotnet:ident) => {
        #[doc = concat!("Serializes any [`", stringify!($value), "`] as its .NET text.")]
        pub fn serialize<T: $value, S: serde::Serializer>(
            value: &T,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            let dotnet = value
                .to_dotnet()
                .map_err(<S::Error as serde::ser::Error>::custom)?;
            serde::Serialize::serialize(&dotnet, serializer)
        }

        #[doc = concat!("Deserializes any [`", stringify!($value), "`] from its .NET text.")]
        pub fn deserialize<'de, T: $value, D: serde::Deserializer<'de>>(
            deserializer: D,
        ) -> Result<T, D::Error> {
            let dotnet = <$dotnet as serde::Deserialize>::deserialize(deserializer)?;
            T::from_dotnet(dotnet).map_err(<D::Error as serde::de::Error>::custom)
        }
    };
}

pub(crate) use {option_module, with_functions};
