//! .NET value types as ServiceStack writes and reads them.
//!
//! ServiceStack writes `DateTime`, `DateTimeOffset`, `TimeSpan`, `Guid`, `byte[]`, `decimal`
//! and `char` members in their own text forms, bare (unquoted) in JSV. This module has a type
//! for each (matching the .NET type's range and precision, no feature needed) and
//! `#[serde(with = "…")]` modules that also serialize the ecosystem's types: chrono
//! (feature `chrono`), uuid (`uuid`), rust_decimal (`rust_decimal`), `std::time::Duration`
//! and `Vec<u8>`.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::dotnet::{DateTime, Decimal, Guid, TimeSpan};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Payment {
//!     id: Guid,
//!     at: DateTime,
//!     amount: Decimal,
//!     took: TimeSpan,
//!     #[serde(with = "serde_jsv::dotnet::bytes")]
//!     receipt: Vec<u8>,
//!     refunded: Option<DateTime>,
//! }
//!
//! let jsv = "{Id:0123456789abcdef0123456789abcdef,At:2024-03-01T10:11:12.5000000Z,\
//!            Amount:12.50,Took:PT1.5S,Receipt:AQID}";
//! let payment: Payment = serde_jsv::from_str(jsv).unwrap();
//! assert_eq!(payment.amount.to_string(), "12.50");
//! assert_eq!(payment.took, TimeSpan::from_ticks(15_000_000));
//! assert_eq!(payment.refunded, None);
//! assert_eq!(serde_jsv::to_string(&payment).unwrap(), jsv);
//!
//! // Other formats see strings:
//! let json = serde_json::to_string(&payment.took).unwrap();
//! assert_eq!(json, r#""PT1.5S""#);
//! ```
//!
//! | .NET | type here | `with` module | ecosystem types |
//! |---|---|---|---|
//! | `DateTime` | [`DateTime`] | [`datetime`] | `chrono::DateTime<Utc>`, `NaiveDateTime`, `NaiveDate` |
//! | `DateTimeOffset` | [`DateTimeOffset`] | [`datetime_offset`] | `chrono::DateTime<FixedOffset>`, `chrono::DateTime<Utc>` |
//! | `TimeSpan` | [`TimeSpan`] | [`timespan`] | `std::time::Duration`, `chrono::TimeDelta` |
//! | `Guid` | [`Guid`] | [`guid`] | `uuid::Uuid` |
//! | `decimal` | [`Decimal`] | [`decimal`] | `rust_decimal::Decimal` |
//! | `byte[]` | `Vec<u8>` | [`bytes`] | any `AsRef<[u8]> + From<Vec<u8>>` |
//! | `char` | `char` | [`char`](mod@char) | |
//!
//! Each `with` module has an `option` submodule for `Option<T>` (use it with
//! `#[serde(default)]`). The crate's own types implement `Serialize`/`Deserialize`
//! directly, so `Option<DateTime>` needs nothing extra.
//!
//! Texts are written as a .NET 8/10 ServiceStack server writes them, and everything
//! ServiceStack reads is read. Where ServiceStack would swallow a malformed value into a
//! default (`Guid.Empty`, `DateTime.MinValue`, 0) this module returns an error; empty text
//! is null for `Option`s and an error otherwise.

pub mod bytes;
mod calendar;
pub mod char;
#[cfg(feature = "chrono")]
mod chrono_impls;
pub mod datetime;
pub mod datetime_offset;
pub mod decimal;
mod error;
pub mod guid;
mod iso;
pub mod timespan;
mod visit;

pub use self::datetime::{DateTime, DateTimeKind};
pub use self::datetime_offset::DateTimeOffset;
pub use self::decimal::Decimal;
pub use self::error::ValueError;
pub use self::guid::Guid;
pub use self::timespan::TimeSpan;
