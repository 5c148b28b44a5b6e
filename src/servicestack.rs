//! DTOs written for the `servicestack` crate (feature `servicestack`), sent through this
//! crate's client unchanged.
//!
//! ServiceStack's own Rust generator (`/types/rust`) writes DTOs implementing the
//! `servicestack` crate's `IRequest` (`NAME`, `VERB`), `IReturn` (`Response`) and
//! `IReturnVoid`. Wrap such a DTO in [`Returns`] (or [`ReturnsVoid`]) and it is a
//! [`ServiceStackRequest`]: it goes to the predefined route (`/jsv/reply/{NAME}` by default) with its `VERB`, serialized by its own serde derives, in JSV.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::servicestack::Returns;
//! use serde_jsv::request::{Method, ServiceStackRequest};
//! use servicestack::{IRequest, IReturn};
//!
//! #[derive(Serialize, Default)]
//! pub struct Hello { pub name: String }
//!
//! #[derive(Deserialize, Default)]
//! pub struct HelloResponse { pub result: String }
//!
//! impl IRequest for Hello {
//!     const NAME: &'static str = "Hello";
//!     const VERB: &'static str = "GET";
//! }
//! impl IReturn for Hello { type Response = HelloResponse; }
//!
//! let request = Returns(Hello { name: "World".into() });
//! assert_eq!(<Returns<Hello> as ServiceStackRequest>::METHOD, Method::Get);
//! assert_eq!(serde_jsv::to_string(&request)?, "{name:World}");
//! // client.send(&request).await? is a HelloResponse.
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! # What JSV can read back: the `flatten` limit
//!
//! That generator inlines base classes with `#[serde(flatten)]`. Writing is unaffected, but
//! serde reads a flattened struct through `deserialize_any`, and JSV scalars are untyped
//! text: every flattened scalar arrives as a string. Measured (tests
//! `servicestack_flatten.rs`), reading JSV into a flattened member of type:
//!
//! | type in the flattened base | JSV read back |
//! |---|---|
//! | `String`, `Option<String>` | yes |
//! | string enum (unit variants) | yes |
//! | `Vec<String>`, `HashMap<String, String>`, nested structs of strings | yes |
//! | `i32`, `i64`, `f64`, `bool` (and `Option` of them) | no: "invalid type: string, expected …" |
//! | `Vec<i32>`, a nested struct with a number | no, same error |
//!
//! JSON keeps its types, so the same DTOs read JSON responses whatever their members. For
//! JSV, generate DTOs with `serde_jsv::codegen` (which inlines base members), or ask the
//! server for JSON.

use serde::{Serialize, Serializer};
use servicestack::{IReturn, IReturnVoid};

use crate::request::{Method, ServiceStackRequest};

/// A `servicestack` crate DTO implementing `IReturn`, as a [`ServiceStackRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Returns<T>(pub T);

/// A `servicestack` crate DTO implementing `IReturnVoid`, as a [`ServiceStackRequest`]
/// answering with `()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReturnsVoid<T>(pub T);

/// The [`Method`] for a `servicestack` crate `VERB`; `ANY` and verbs the client does not
/// send become POST, as ServiceStack's clients do.
pub const fn method_of(verb: &str) -> Method {
    const fn same(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i].to_ascii_uppercase() != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let verb = verb.as_bytes();
    if same(verb, b"GET") {
        Method::Get
    } else if same(verb, b"PUT") {
        Method::Put
    } else if same(verb, b"PATCH") {
        Method::Patch
    } else if same(verb, b"DELETE") {
        Method::Delete
    } else {
        Method::Post
    }
}

impl<T: Serialize> Serialize for Returns<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<T: Serialize> Serialize for ReturnsVoid<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<T: IReturn> ServiceStackRequest for Returns<T> {
    type Response = T::Response;
    const TYPE_NAME: &'static str = T::NAME;
    const METHOD: Method = method_of(T::VERB);
}

impl<T: IReturnVoid> ServiceStackRequest for ReturnsVoid<T> {
    type Response = ();
    const TYPE_NAME: &'static str = T::NAME;
    const METHOD: Method = method_of(T::VERB);
}
