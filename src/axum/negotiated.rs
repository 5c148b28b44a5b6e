//! `Negotiated<T>`: a response in JSV or JSON, whichever the request asked for.

use ::axum::http::{StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::ServiceStackError;
use super::format::Format;

/// A response DTO written in a chosen format: JSV or JSON.
///
/// Get the format from the request with the [`Negotiate`](super::Negotiate) extractor
/// (`?format=`, the route, a `.jsv`/`.json` suffix, `Accept`: see
/// [`Format::of_request`]). `None` members are left out in both formats, as ServiceStack
/// leaves out nulls. A value that cannot be written gives a 500 `SerializationException`.
///
/// ```
/// use axum::response::IntoResponse;
/// use serde::Serialize;
/// use serde_jsv::axum::{Format, Negotiated};
///
/// #[derive(Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct HelloResponse { result: String, note: Option<String> }
///
/// let answer = HelloResponse { result: "Hi, x".into(), note: None };
/// let response = Negotiated::new(Format::Json, answer).into_response();
/// assert_eq!(response.headers()["content-type"], "application/json; charset=utf-8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Negotiated<T> {
    /// The format it is written in.
    pub format: Format,
    /// The value.
    pub value: T,
}

impl<T> Negotiated<T> {
    /// `value` to be written in `format`.
    pub fn new(format: Format, value: T) -> Self {
        Negotiated { format, value }
    }
}

/// Writes `value` in `format`; `None` members are left out in JSON too.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Jsv => crate::to_vec(value).map_err(|err| err.to_string()),
        Format::Json => {
            let mut json = serde_json::to_value(value).map_err(|err| err.to_string())?;
            strip_nulls(&mut json);
            serde_json::to_vec(&json).map_err(|err| err.to_string())
        }
    }
}

fn strip_nulls(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(members) => {
            members.retain(|_, value| !value.is_null());
            members.values_mut().for_each(strip_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

impl<T: Serialize> IntoResponse for Negotiated<T> {
    fn into_response(self) -> Response {
        match encode(&self.value, self.format) {
            Ok(bytes) => (
                StatusCode::OK,
                [(header::CONTENT_TYPE, self.format.header_value())],
                bytes,
            )
                .into_response(),
            Err(message) => ServiceStackError::with_status(
                StatusCode::INTERNAL_SERVER_ERROR,
                "SerializationException",
                message,
            )
            .format(self.format)
            .into_response(),
        }
    }
}
