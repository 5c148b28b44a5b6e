//! # serde_jsv
//!
//! [Serde] support for **JSV**, the text format of ServiceStack.Text (`TypeSerializer`),
//! written byte for byte as ServiceStack writes it, plus a client for ServiceStack APIs.
//!
//! JSV is JSON with the quotes taken out and CSV quoting put in their place:
//! `{Id:1,Name:BMW X6,Tags:[a,"b,c"]}`. Scalars are untyped text; the target type decides
//! what `123` or `True` means.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "camelCase")]
//! struct Member {
//!     identity: String,
//!     display_name: Option<String>,
//!     muted: bool,
//! }
//!
//! let member = Member { identity: "agent:7".into(), display_name: None, muted: true };
//! let text = serde_jsv::to_string(&member)?;
//! assert_eq!(text, r#"{identity:"agent:7",muted:True}"#);
//!
//! let back: Member = serde_jsv::from_str(&text)?;
//! assert_eq!(back, member);
//!
//! // Errors point at line and column, in one line; `snippet()` shows the input.
//! let err = serde_jsv::from_str::<Member>("{identity:a,muted:maybe}").unwrap_err();
//! assert_eq!(err.to_string(), "expected True or False, found `maybe` at line 1 column 19");
//! assert!(err.is_data());
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! ## What is here
//!
//! * [`to_string`], [`to_writer`], [`to_string_pretty`], … and [`from_str`],
//!   [`from_slice`], [`from_reader`]: the format, with the names serde_json uses.
//! * [`ser`]: the [`Serializer`] and its compact and pretty layouts.
//! * [`de`]: the [`Deserializer`]; [`de::Options`] sets the read mode (compact, pretty,
//!   auto), the depth limit and case-insensitive names.
//! * [`error`]: the one [`Error`] type, its [`Category`](error::Category) and the caret
//!   [`Snippet`](error::Snippet).
//! * [`value`]: [`Value`], any JSV document with scalars kept as text, typed accessors,
//!   JSON Pointer lookups, the [`jsv!`] macro that builds one, and (feature `json`)
//!   conversion to and from `serde_json::Value`.
//! * [`dotnet`]: serde helpers for the .NET value types ServiceStack writes (DateTime,
//!   TimeSpan, Guid, decimal, byte[]).
//! * [`request`]: the request-DTO trait (`IReturn<T>` plus `[Route]`).
//! * [`response`]: ServiceStack's error DTOs (`ResponseStatus`, `ResponseError`,
//!   `ErrorResponse`).
//! * [`builtin`]: ServiceStack's built-in DTOs (`Authenticate`, `QueryResponse<T>`, …).
//! * `evo_voice` (feature `evo-voice`): the Evo Voice session models and request DTOs.
//! * `client` (feature `client`, and `blocking`): a reqwest client speaking JSV to
//!   ServiceStack APIs.
//! * `server` (feature `server`): an in-memory axum server of the Evo Voice session routes,
//!   for the demo and the tests.
//!
//! On docs.rs each item shows the cargo feature it needs.
//!
//! How each serde type maps to JSV, and every case that cannot round-trip, is written down
//! in `docs/data-model.md`; ServiceStack's own behaviour in `docs/format.md` (rules R1–R32,
//! decisions D1–D7).
//!
//! [Serde]: https://serde.rs
// Two audited exceptions: `ser::written_text` (the serializer's output is UTF-8 by
// construction) and `de::chunk::sse2_first_hit` (SSE2 byte comparisons, baseline on x86_64,
// on a `&[u8; 16]`); nothing else may use `unsafe`.
#![deny(unsafe_code)]
#![deny(missing_docs)]
// docs.rs (`--cfg docsrs`, nightly) marks each item with the feature it needs. Nightly
// 1.92 folded `doc_auto_cfg` into `doc_cfg`, which now does it unasked.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod builtin;
pub mod de;
pub mod error;
mod number;
mod raw;
pub mod request;
pub mod response;
pub mod ser;
pub mod value;
mod whitespace;

pub mod dotnet;
pub mod dto;

#[cfg(feature = "codegen")]
pub mod codegen;

#[cfg(feature = "servicestack")]
pub mod servicestack;

#[cfg(feature = "evo-voice")]
pub mod evo_voice;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "axum")]
pub mod axum;

#[cfg(feature = "server")]
pub mod server;

pub use crate::de::{Deserializer, from_reader, from_slice, from_str};
pub use crate::error::{Error, Result};
pub use crate::raw::RawScalar;
pub use crate::ser::{
    Serializer, to_string, to_string_pretty, to_vec, to_vec_pretty, to_writer, to_writer_pretty,
};
pub use crate::value::{Map, Value, from_value, to_value};

#[doc(hidden)]
pub use crate::value::macros_private as __private;

/// The README's examples, compiled and run as doctests (the client and `build.rs` examples
/// need the `client` and `codegen` features and are compiled, not run).
#[cfg(all(doctest, feature = "client", feature = "codegen"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
