//! .NET `System.Guid`: the crate's [`Guid`] type and the
//! `#[serde(with = "serde_jsv::dotnet::guid")]` helpers (for `uuid::Uuid` with the `uuid`
//! feature).
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::Guid;
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Session {
//!     id: Guid,
//! }
//!
//! let id: Guid = "01234567-89ab-cdef-0123-456789abcdef".parse().unwrap();
//! let jsv = serde_jsv::to_string(&Session { id }).unwrap();
//! assert_eq!(jsv, "{Id:0123456789abcdef0123456789abcdef}");
//! let dashed: Session = serde_jsv::from_str("{Id:01234567-89AB-CDEF-0123-456789ABCDEF}").unwrap();
//! assert_eq!(dashed.id, id);
//! ```
//!
//! With the `uuid` feature:
//!
//! ```
//! # #[cfg(feature = "uuid")] {
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Session {
//!     #[serde(with = "serde_jsv::dotnet::guid")]
//!     id: uuid::Uuid,
//! }
//!
//! let id = uuid::Uuid::from_u128(0x0123456789abcdef0123456789abcdef);
//! assert_eq!(serde_jsv::to_string(&Session { id }).unwrap(), "{id:0123456789abcdef0123456789abcdef}");
//! # }
//! ```
//!
//! Written as 32 lowercase hex digits (.NET format `N`). Read: `N`, `D` (dashed), `B`
//! (`{…}`) and `P` (`(…)`) forms in any case, with surrounding whitespace. Anything else
//! (wrong length, the `{0x…}` form, empty text) is an error, never `Guid.Empty`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ValueError;
use super::visit::{self, TextForm};

/// A .NET `System.Guid`, held as the 16 bytes in the order its text shows them (the RFC 4122
/// order, as `uuid::Uuid` holds them).
///
/// ```
/// use serde_jsv::dotnet::Guid;
///
/// let id = Guid::from_u128(0x0123456789abcdef0123456789abcdef);
/// assert_eq!(id.to_string(), "0123456789abcdef0123456789abcdef");
/// assert_eq!(id.to_hyphenated(), "01234567-89ab-cdef-0123-456789abcdef");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid([u8; 16]);

impl Guid {
    /// `Guid.Empty`: all zeros.
    pub const EMPTY: Guid = Guid([0; 16]);

    /// A Guid from its bytes in text order.
    pub const fn from_bytes(bytes: [u8; 16]) -> Guid {
        Guid(bytes)
    }

    /// The bytes in text order.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// A Guid whose text is the 32 hex digits of `value`.
    pub const fn from_u128(value: u128) -> Guid {
        Guid(value.to_be_bytes())
    }

    /// The 32 hex digits as a number.
    pub const fn as_u128(&self) -> u128 {
        u128::from_be_bytes(self.0)
    }

    /// The dashed (`D`) form, `01234567-89ab-cdef-0123-456789abcdef`.
    pub fn to_hyphenated(&self) -> String {
        let n = format_text(*self);
        format!(
            "{}-{}-{}-{}-{}",
            &n[..8],
            &n[8..12],
            &n[12..16],
            &n[16..20],
            &n[20..]
        )
    }
}

/// The `N` form.
pub(crate) fn format_text(value: Guid) -> String {
    format!("{:032x}", value.as_u128())
}

/// Reads the `N`, `D`, `B` and `P` forms.
pub(crate) fn parse_text(text: &str) -> Result<Guid, ValueError> {
    let invalid = |reason: &str| ValueError::invalid("Guid", text, reason);
    let trimmed = text.trim();
    let inner = match trimmed.as_bytes().first() {
        Some(b'{') => trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')),
        Some(b'(') => trimmed.strip_prefix('(').and_then(|t| t.strip_suffix(')')),
        _ => Some(trimmed),
    }
    .ok_or_else(|| invalid("unbalanced braces"))?;
    let hex: String = match inner.len() {
        32 => inner.to_owned(),
        36 if [8, 13, 18, 23].iter().all(|&i| inner.as_bytes()[i] == b'-') => {
            inner.chars().filter(|&c| c != '-').collect()
        }
        _ => {
            return Err(invalid(
                "expected 32 hex digits, optionally dashed as 8-4-4-4-12",
            ));
        }
    };
    if trimmed.len() != inner.len() && hex.len() == inner.len() {
        return Err(invalid("braces need the dashed form"));
    }
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid("not a hex digit"));
    }
    u128::from_str_radix(&hex, 16)
        .map(Guid::from_u128)
        .map_err(|_| invalid("not a hex digit"))
}

impl fmt::Display for Guid {
    /// The JSV (`N`) form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.as_u128())
    }
}

impl FromStr for Guid {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Guid, ValueError> {
        parse_text(text)
    }
}

impl TextForm for Guid {
    const EXPECTING: &'static str = "a .NET Guid text";

    fn parse_text(text: &str) -> Result<Guid, ValueError> {
        parse_text(text)
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        visit::serialize_raw(&format_text(*self), serializer)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Guid, D::Error> {
        visit::deserialize_text(deserializer)
    }
}

#[cfg(feature = "uuid")]
impl From<uuid::Uuid> for Guid {
    fn from(value: uuid::Uuid) -> Guid {
        Guid(value.into_bytes())
    }
}

#[cfg(feature = "uuid")]
impl From<Guid> for uuid::Uuid {
    fn from(value: Guid) -> uuid::Uuid {
        uuid::Uuid::from_bytes(value.0)
    }
}

/// A type that converts to and from a .NET [`Guid`], and so works with
/// `#[serde(with = "serde_jsv::dotnet::guid")]`.
///
/// Implemented for [`Guid`] and, with the `uuid` feature, `uuid::Uuid`.
pub trait GuidValue: Sized {
    /// The .NET value.
    fn to_dotnet(&self) -> Result<Guid, ValueError>;
    /// The value from a .NET value.
    fn from_dotnet(value: Guid) -> Result<Self, ValueError>;
}

impl GuidValue for Guid {
    fn to_dotnet(&self) -> Result<Guid, ValueError> {
        Ok(*self)
    }

    fn from_dotnet(value: Guid) -> Result<Guid, ValueError> {
        Ok(value)
    }
}

#[cfg(feature = "uuid")]
impl GuidValue for uuid::Uuid {
    fn to_dotnet(&self) -> Result<Guid, ValueError> {
        Ok(Guid::from(*self))
    }

    fn from_dotnet(value: Guid) -> Result<uuid::Uuid, ValueError> {
        Ok(value.into())
    }
}

visit::with_functions!(GuidValue, Guid);
visit::option_module!(GuidValue, Guid, "guid");

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Guid = Guid::from_u128(0x0123456789abcdef0123456789abcdef);

    #[test]
    fn reads_all_forms() {
        for text in [
            "0123456789abcdef0123456789abcdef",
            "0123456789ABCDEF0123456789ABCDEF",
            "01234567-89ab-cdef-0123-456789abcdef",
            "{01234567-89AB-CDEF-0123-456789ABCDEF}",
            "(01234567-89ab-cdef-0123-456789abcdef)",
            " 01234567-89ab-cdef-0123-456789abcdef\t",
        ] {
            assert_eq!(parse_text(text), Ok(ID), "{text}");
        }
    }

    #[test]
    fn rejects_other_text() {
        for text in [
            "",
            "0123456789abcdef0123456789abcde",
            "{0123456789abcdef0123456789abcdef}",
            "{01234567-89ab-cdef-0123-456789abcdef",
            "01234567-89ab-cdef-0123-456789abcdeg",
            "0123456789abcdef-0123456789abcdef--",
            "+123456789abcdef0123456789abcdef",
            "{0x01234567,0x89ab,0xcdef,{0x01,0x23,0x45,0x67,0x89,0xab,0xcd,0xef}}",
        ] {
            assert!(parse_text(text).is_err(), "{text}");
        }
    }

    #[test]
    fn writes_n_form() {
        assert_eq!(format_text(ID), "0123456789abcdef0123456789abcdef");
        assert_eq!(format_text(Guid::EMPTY), "00000000000000000000000000000000");
        assert_eq!(ID.to_hyphenated(), "01234567-89ab-cdef-0123-456789abcdef");
    }
}
