//! placeholder crate docs (written last)
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod de;
pub mod error;
mod number;
mod raw;
pub mod request;
pub mod response;
pub mod ser;
pub mod value;

pub mod dotnet;

#[cfg(feature = "evo-voice")]
pub mod evo_voice;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "server")]
pub mod server;

pub use crate::de::{Deserializer, from_reader, from_slice, from_str};
pub use crate::error::{Error, Result};
pub use crate::raw::RawScalar;
pub use crate::ser::{Serializer, to_string, to_string_pretty, to_vec, to_vec_pretty, to_writer, to_writer_pretty};
pub use crate::value::{Map, Value, from_value, to_value};
