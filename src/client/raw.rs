//! Raw requests: a URL or path and pre-encoded bytes instead of a DTO, through the same
//! machinery as DTO requests (see [`JsvClient::send_raw`](crate::client::JsvClient::send_raw)).
//!
//! ```
//! use serde_jsv::client::RawBody;
//! use serde_jsv::client::reqwest::header::HeaderValue;
//!
//! // Sent with the client's body content type (`application/jsv` by default).
//! let jsv = RawBody::new("{name:world}");
//! assert_eq!(jsv.bytes().as_ref(), b"{name:world}");
//! assert!(jsv.content_type().is_none());
//!
//! // JSON for the generic `/api/{Name}` route, which reads bodies as JSON.
//! let json = RawBody::json(r#"{"name":"world"}"#);
//! assert_eq!(json.content_type(), Some(&HeaderValue::from_static("application/json")));
//! ```

use std::fmt;

use bytes::Bytes;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::client::builder::Settings;
use crate::client::error::Error;
use crate::client::exchange::{Prepared, Scope};

/// A request body already encoded (JSV, JSON, anything), for
/// [`send_raw`](crate::client::JsvClient::send_raw). Cheap to clone; `Debug` shows its
/// length and content type, never its bytes (bodies can hold passwords).
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody {
    bytes: Bytes,
    content_type: Option<HeaderValue>,
}

impl RawBody {
    /// `bytes`, sent with the client's body content type (`application/jsv` unless the
    /// builder's `body_content_type` says otherwise). They are sent as they are, unchecked.
    pub fn new(bytes: impl Into<Bytes>) -> RawBody {
        RawBody {
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// `bytes` sent as `application/json`.
    pub fn json(bytes: impl Into<Bytes>) -> RawBody {
        RawBody::new(bytes).with_content_type(HeaderValue::from_static("application/json"))
    }

    /// Sends the body with this `Content-Type` instead of the client's.
    pub fn with_content_type(mut self, content_type: HeaderValue) -> RawBody {
        self.content_type = Some(content_type);
        self
    }

    /// The bytes sent.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The `Content-Type` set with [`with_content_type`](Self::with_content_type), if any.
    pub fn content_type(&self) -> Option<&HeaderValue> {
        self.content_type.as_ref()
    }
}

impl From<Bytes> for RawBody {
    fn from(bytes: Bytes) -> RawBody {
        RawBody::new(bytes)
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> RawBody {
        RawBody::new(bytes)
    }
}

impl From<String> for RawBody {
    fn from(text: String) -> RawBody {
        RawBody::new(text)
    }
}

impl From<&'static str> for RawBody {
    fn from(text: &'static str) -> RawBody {
        RawBody::new(text)
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBody")
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// So that [`send_raw`](crate::client::JsvClient::send_raw) takes the DTO methods too.
impl From<crate::request::Method> for reqwest::Method {
    fn from(method: crate::request::Method) -> reqwest::Method {
        use crate::request::Method;
        match method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl Settings {
    /// A raw request: `url_or_path` resolved against the base URL, the body as given.
    pub(crate) fn prepare_raw(
        &self,
        method: reqwest::Method,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<Prepared, Error> {
        let url = self.raw_url(url_or_path)?;
        let base = Url::parse(&self.base)
            .map_err(|err| crate::client::error::Context::error("invalid base URL", err))?;
        let scope = if crate::client::url::same_origin(&url, &base) {
            Scope::Client
        } else {
            Scope::Foreign
        };
        let (body, content_type) = match body {
            Some(RawBody {
                bytes,
                content_type,
            }) => (Some(bytes), content_type),
            None => (None, None),
        };
        Ok(Prepared {
            method,
            url,
            body,
            content_type,
            scope,
        })
    }

    /// An absolute `http`/`https` URL as it is; anything else is a path joined to the base
    /// URL (`/x` and `x` both give `{base}/x`, `?q` gives `{base}?q`, `""` the base).
    fn raw_url(&self, url_or_path: &str) -> Result<Url, Error> {
        match Url::parse(url_or_path) {
            Ok(url) => {
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(Error::InvalidRequest(format!(
                        "only http and https URLs can be requested, not `{}:` (start a \
                         relative path with `/`)",
                        url.scheme()
                    )));
                }
                // Credentials in a URL would end up in `ResponseValue::url` and in logs.
                if !url.username().is_empty() || url.password().is_some() {
                    return Err(Error::InvalidRequest(
                        "the URL holds credentials: set them on the client builder".into(),
                    ));
                }
                Ok(url)
            }
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                if url_or_path.is_empty()
                    || url_or_path.starts_with('/')
                    || url_or_path.starts_with('?')
                {
                    self.url(url_or_path)
                } else {
                    self.url(&format!("/{url_or_path}"))
                }
            }
            Err(err) => Err(crate::client::error::Context::error("invalid URL", err)),
        }
    }
}
