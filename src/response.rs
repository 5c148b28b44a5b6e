//! ServiceStack's error shapes: [`ResponseStatus`], [`ResponseError`], [`ErrorResponse`].
//!
//! A failing ServiceStack service answers with its response DTO (or an `ErrorResponse`)
//! whose `ResponseStatus` member is filled in, in whatever format was negotiated (`docs/format.md` §13).
//! These types read that member from JSV and from JSON, with PascalCase or camelCase names,
//! and write it back the way ServiceStack does.
//!
//! ```
//! use serde_jsv::response::{ErrorResponse, ResponseStatus, response_status_from_jsv};
//!
//! let body = "{responseStatus:{errorCode:NotFound,message:Session 's1' not found}}";
//! let status = response_status_from_jsv(body).unwrap();
//! assert_eq!(status.error_code.as_deref(), Some("NotFound"));
//!
//! // With the `json` feature, JSON bodies work too, camelCase or PascalCase.
//! # #[cfg(feature = "json")] {
//! use serde_jsv::response::response_status_from_body;
//! let json = br#"{"ResponseStatus":{"ErrorCode":"Forbidden","Errors":[]}}"#;
//! assert_eq!(response_status_from_body(json).unwrap().error_code.as_deref(), Some("Forbidden"));
//! # }
//!
//! // Written PascalCase by default (ServiceStack's default), camelCase on request.
//! let error = ErrorResponse::new(ResponseStatus::new("NotFound", "Not found"));
//! assert_eq!(
//!     serde_jsv::to_string(&error)?,
//!     "{ResponseStatus:{ErrorCode:NotFound,Message:Not found}}"
//! );
//! assert_eq!(
//!     serde_jsv::to_string(&error.camel_case())?,
//!     "{responseStatus:{errorCode:NotFound,message:Not found}}"
//! );
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! Reading: JSV names match case-insensitively (decision D6); for serde_json each member
//! also has a camelCase alias. `Errors` reads a missing or empty value as the empty list,
//! so a status written without errors and one written with `Errors:[]` compare equal.

use indexmap::IndexMap;
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Deserializer, Serialize};

/// Extra data attached to a status or a field error (`Dictionary<string,string>`). The keys
/// are data: they are never re-cased.
pub type Meta = IndexMap<String, String>;

/// ServiceStack's `ResponseStatus`: what went wrong in a failed request.
///
/// Members in ServiceStack's order: `ErrorCode`, `Message`, `StackTrace`, `Errors`, `Meta`.
/// `None` members and an empty `errors` list are left out when written.
///
/// `#[non_exhaustive]`, because ServiceStack may add members: build one with
/// [`ResponseStatus::new`] or [`Default`], then the `with_*` methods or field assignment.
///
/// ```
/// use serde_jsv::response::{ResponseError, ResponseStatus};
///
/// let mut status = ResponseStatus::new("ValidationException", "Validation failed")
///     .with_error(ResponseError::new("NotEmpty", "Name", "'Name' must not be empty."))
///     .with_meta("Source", "Tests");
/// status.stack_trace = Some("at Demo.Run()".into());
/// assert_eq!(status.errors[0].field_name.as_deref(), Some("Name"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ResponseStatus {
    /// The exception type name (`ArgumentException`) or a validation code (`NotEmpty`).
    #[serde(default, rename = "ErrorCode", alias = "errorCode")]
    pub error_code: Option<String>,
    /// The human-readable message.
    #[serde(default, rename = "Message", alias = "message")]
    pub message: Option<String>,
    /// The server's stack trace (only when it runs in debug mode).
    #[serde(default, rename = "StackTrace", alias = "stackTrace")]
    pub stack_trace: Option<String>,
    /// Per-field errors, e.g. from validation.
    #[serde(
        default,
        rename = "Errors",
        alias = "errors",
        deserialize_with = "null_as_empty"
    )]
    pub errors: Vec<ResponseError>,
    /// Extra data, e.g. `InnerMessages`.
    #[serde(default, rename = "Meta", alias = "meta")]
    pub meta: Option<Meta>,
}

/// ServiceStack's `ResponseError`: one field's validation error.
///
/// Members in ServiceStack's order: `ErrorCode`, `FieldName`, `Message`, `Meta`.
///
/// `#[non_exhaustive]`, because ServiceStack may add members: build one with
/// [`ResponseError::new`] or [`Default`], then [`with_meta`](ResponseError::with_meta) or
/// field assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ResponseError {
    /// The validation code (`NotEmpty`, `Email`, …).
    #[serde(default, rename = "ErrorCode", alias = "errorCode")]
    pub error_code: Option<String>,
    /// The member the error is about (`Name`, `Items[0].Qty`).
    #[serde(default, rename = "FieldName", alias = "fieldName")]
    pub field_name: Option<String>,
    /// The human-readable message.
    #[serde(default, rename = "Message", alias = "message")]
    pub message: Option<String>,
    /// Extra data, e.g. `PropertyName`.
    #[serde(default, rename = "Meta", alias = "meta")]
    pub meta: Option<Meta>,
}

/// ServiceStack's `ErrorResponse`: the body of a failure whose response type is unknown.
///
/// `#[non_exhaustive]`, as ServiceStack's error DTOs may grow: build one with
/// [`ErrorResponse::new`] or [`Default`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The status; `None` when the body is `{}`.
    #[serde(default, rename = "ResponseStatus", alias = "responseStatus")]
    pub response_status: Option<ResponseStatus>,
}

impl ResponseStatus {
    /// A status with an error code and a message.
    pub fn new(error_code: impl Into<String>, message: impl Into<String>) -> ResponseStatus {
        ResponseStatus {
            error_code: Some(error_code.into()),
            message: Some(message.into()),
            ..ResponseStatus::default()
        }
    }

    /// Adds a field error (builder style).
    pub fn with_error(mut self, error: ResponseError) -> ResponseStatus {
        self.errors.push(error);
        self
    }

    /// Sets the stack trace (builder style).
    pub fn with_stack_trace(mut self, stack_trace: impl Into<String>) -> ResponseStatus {
        self.stack_trace = Some(stack_trace.into());
        self
    }

    /// Adds an entry to `meta`, creating it if needed (builder style).
    pub fn with_meta(mut self, key: impl Into<String>, value: impl Into<String>) -> ResponseStatus {
        self.meta
            .get_or_insert_with(Meta::new)
            .insert(key.into(), value.into());
        self
    }

    /// Whether no member is set: the body had nothing to say.
    pub fn is_empty(&self) -> bool {
        self.error_code.is_none()
            && self.message.is_none()
            && self.stack_trace.is_none()
            && self.errors.is_empty()
            && self.meta.is_none()
    }

    /// This status written with camelCase member names (`errorCode`, …), as ServiceStack
    /// does under `TextCase.CamelCase`.
    pub fn camel_case(&self) -> CamelCase<'_, ResponseStatus> {
        CamelCase(self)
    }
}

impl ResponseError {
    /// A field error with a code, the field's name and a message.
    pub fn new(
        error_code: impl Into<String>,
        field_name: impl Into<String>,
        message: impl Into<String>,
    ) -> ResponseError {
        ResponseError {
            error_code: Some(error_code.into()),
            field_name: Some(field_name.into()),
            message: Some(message.into()),
            meta: None,
        }
    }

    /// Adds an entry to `meta`, creating it if needed (builder style).
    ///
    /// ```
    /// use serde_jsv::response::ResponseError;
    ///
    /// let error = ResponseError::new("NotEmpty", "Name", "required").with_meta("PropertyName", "Name");
    /// assert_eq!(
    ///     serde_jsv::to_string(&error)?,
    ///     "{ErrorCode:NotEmpty,FieldName:Name,Message:required,Meta:{PropertyName:Name}}"
    /// );
    /// # Ok::<(), serde_jsv::Error>(())
    /// ```
    pub fn with_meta(mut self, key: impl Into<String>, value: impl Into<String>) -> ResponseError {
        self.meta
            .get_or_insert_with(Meta::new)
            .insert(key.into(), value.into());
        self
    }

    /// This error written with camelCase member names.
    pub fn camel_case(&self) -> CamelCase<'_, ResponseError> {
        CamelCase(self)
    }
}

impl ErrorResponse {
    /// An error response carrying `status`.
    pub fn new(status: ResponseStatus) -> ErrorResponse {
        ErrorResponse {
            response_status: Some(status),
        }
    }

    /// This response written with camelCase member names (`{responseStatus:{errorCode:…}}`).
    pub fn camel_case(&self) -> CamelCase<'_, ErrorResponse> {
        CamelCase(self)
    }
}

/// Reads a list that may be written as null (`Errors:` or `"Errors":null`) as empty.
fn null_as_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ResponseError>, D::Error> {
    Ok(Option::<Vec<ResponseError>>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Pascal,
    Camel,
}

impl Case {
    fn pick(self, pascal: &'static str, camel: &'static str) -> &'static str {
        match self {
            Case::Pascal => pascal,
            Case::Camel => camel,
        }
    }
}

/// Writes a value with camelCase member names: see [`ResponseStatus::camel_case`], and
/// [`camel`] for use as a `serialize_with` function.
#[derive(Debug, Clone, Copy)]
pub struct CamelCase<'a, T: ?Sized>(pub &'a T);

impl ResponseStatus {
    fn write<S: Serializer>(&self, serializer: S, case: Case) -> Result<S::Ok, S::Error> {
        let len = usize::from(self.error_code.is_some())
            + usize::from(self.message.is_some())
            + usize::from(self.stack_trace.is_some())
            + usize::from(!self.errors.is_empty())
            + usize::from(self.meta.is_some());
        let mut out = serializer.serialize_struct("ResponseStatus", len)?;
        if let Some(code) = &self.error_code {
            out.serialize_field(case.pick("ErrorCode", "errorCode"), code)?;
        }
        if let Some(message) = &self.message {
            out.serialize_field(case.pick("Message", "message"), message)?;
        }
        if let Some(trace) = &self.stack_trace {
            out.serialize_field(case.pick("StackTrace", "stackTrace"), trace)?;
        }
        if !self.errors.is_empty() {
            let errors = CasedList(&self.errors, case);
            out.serialize_field(case.pick("Errors", "errors"), &errors)?;
        }
        if let Some(meta) = &self.meta {
            out.serialize_field(case.pick("Meta", "meta"), meta)?;
        }
        out.end()
    }
}

impl ResponseError {
    fn write<S: Serializer>(&self, serializer: S, case: Case) -> Result<S::Ok, S::Error> {
        let len = usize::from(self.error_code.is_some())
            + usize::from(self.field_name.is_some())
            + usize::from(self.message.is_some())
            + usize::from(self.meta.is_some());
        let mut out = serializer.serialize_struct("ResponseError", len)?;
        if let Some(code) = &self.error_code {
            out.serialize_field(case.pick("ErrorCode", "errorCode"), code)?;
        }
        if let Some(field) = &self.field_name {
            out.serialize_field(case.pick("FieldName", "fieldName"), field)?;
        }
        if let Some(message) = &self.message {
            out.serialize_field(case.pick("Message", "message"), message)?;
        }
        if let Some(meta) = &self.meta {
            out.serialize_field(case.pick("Meta", "meta"), meta)?;
        }
        out.end()
    }
}

impl ErrorResponse {
    fn write<S: Serializer>(&self, serializer: S, case: Case) -> Result<S::Ok, S::Error> {
        let len = usize::from(self.response_status.is_some());
        let mut out = serializer.serialize_struct("ErrorResponse", len)?;
        if let Some(status) = &self.response_status {
            let status = Cased(status, case);
            out.serialize_field(case.pick("ResponseStatus", "responseStatus"), &status)?;
        }
        out.end()
    }
}

/// A status or error borrowed with the case to write it in.
struct Cased<'a, T>(&'a T, Case);

struct CasedList<'a>(&'a [ResponseError], Case);

impl Serialize for Cased<'_, ResponseStatus> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer, self.1)
    }
}

impl Serialize for Cased<'_, ResponseError> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.write(serializer, self.1)
    }
}

impl Serialize for CasedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|error| Cased(error, self.1)))
    }
}

impl Serialize for ResponseStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Pascal)
    }
}

impl Serialize for ResponseError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Pascal)
    }
}

impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Pascal)
    }
}

/// Types that [`CamelCase`] and [`camel`] can write with camelCase member names:
/// [`ResponseStatus`], [`ResponseError`], [`ErrorResponse`], and `Option`s and `Vec`s of
/// them.
pub trait CamelSerialize {
    /// Serializes `self` with camelCase member names.
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl CamelSerialize for ResponseStatus {
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Camel)
    }
}

impl CamelSerialize for ResponseError {
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Camel)
    }
}

impl CamelSerialize for ErrorResponse {
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.write(serializer, Case::Camel)
    }
}

impl<T: CamelSerialize> CamelSerialize for Option<T> {
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&CamelCase(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: CamelSerialize> CamelSerialize for Vec<T> {
    fn serialize_camel<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(CamelCase))
    }
}

impl<T: CamelSerialize + ?Sized> Serialize for CamelCase<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_camel(serializer)
    }
}

/// `serialize_with` support: writes a status (or an `Option`/`Vec` of them) in camelCase
/// inside a response DTO of your own.
///
/// ```
/// use serde::Serialize;
/// use serde_jsv::response::ResponseStatus;
///
/// #[derive(Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct HelloResponse {
///     result: Option<String>,
///     #[serde(serialize_with = "serde_jsv::response::camel::serialize")]
///     response_status: Option<ResponseStatus>,
/// }
///
/// let response = HelloResponse {
///     result: None,
///     response_status: Some(ResponseStatus::new("Forbidden", "No")),
/// };
/// assert_eq!(
///     serde_jsv::to_string(&response).unwrap(),
///     "{responseStatus:{errorCode:Forbidden,message:No}}"
/// );
/// ```
pub mod camel {
    use super::CamelSerialize;
    use serde::Serializer;

    /// Serializes `value` with camelCase member names.
    pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: CamelSerialize + ?Sized,
        S: Serializer,
    {
        value.serialize_camel(serializer)
    }
}

/// The `ResponseStatus` member of a response DTO, whatever its case.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default, rename = "ResponseStatus", alias = "responseStatus")]
    response_status: Option<ResponseStatus>,
}

/// Finds the `ResponseStatus` in a response body, JSV or JSON.
///
/// The body is either an object with a `ResponseStatus` member (any case: an
/// `ErrorResponse` or a response DTO carrying one) or a bare `ResponseStatus`. A body that
/// is neither, cannot be parsed (HTML, say), or holds an empty bare status gives `None`.
/// JSON is tried first (a JSON body is rarely valid JSV with the same meaning), then JSV.
///
/// Meant for error bodies: a success DTO with a `Message` member would read as a status.
/// Requires the `json` feature ([`response_status_from_jsv`] does not).
#[cfg(feature = "json")]
pub fn response_status_from_body(body: &[u8]) -> Option<ResponseStatus> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    response_status_from_json(body).or_else(|| {
        std::str::from_utf8(body)
            .ok()
            .and_then(response_status_from_jsv)
    })
}

/// Finds the `ResponseStatus` in a JSV body: an object with a `ResponseStatus` member (any
/// case) or a bare, non-empty `ResponseStatus`; `None` otherwise. `response_status_from_body`
/// (feature `json`) also reads JSON bodies.
pub fn response_status_from_jsv(text: &str) -> Option<ResponseStatus> {
    let text = text.trim_start_matches('\u{FEFF}');
    if let Ok(Envelope {
        response_status: Some(status),
    }) = crate::from_str::<Envelope>(text)
    {
        return Some(status);
    }
    crate::from_str::<ResponseStatus>(text)
        .ok()
        .filter(|status| !status.is_empty())
}

/// [`response_status_from_body`] for a body known to be JSON. The `ResponseStatus` member
/// is found case-insensitively; its own members match in PascalCase or camelCase.
/// Requires the `json` feature.
#[cfg(feature = "json")]
pub fn response_status_from_json(body: &[u8]) -> Option<ResponseStatus> {
    let serde_json::Value::Object(map) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let member = map
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("ResponseStatus"))
        .map(|(_, value)| value);
    match member {
        Some(serde_json::Value::Null) => None,
        Some(value) => ResponseStatus::deserialize(value).ok(),
        None => ResponseStatus::deserialize(&serde_json::Value::Object(map))
            .ok()
            .filter(|status| !status.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "json")]
    fn odd_case_member_is_found_in_json_and_jsv() {
        let json = br#"{"RESPONSESTATUS":{"errorCode":"X"}}"#;
        assert_eq!(
            response_status_from_body(json)
                .unwrap()
                .error_code
                .as_deref(),
            Some("X")
        );
        let jsv = "{RESPONSESTATUS:{ERRORCODE:X}}";
        assert_eq!(
            response_status_from_jsv(jsv).unwrap().error_code.as_deref(),
            Some("X")
        );
    }

    #[test]
    #[cfg(feature = "json")]
    fn bodies_without_a_status_give_none() {
        assert_eq!(
            response_status_from_body(b"<html><body>502</body></html>"),
            None
        );
        assert_eq!(response_status_from_body(b"{Result:{Id:s1}}"), None);
        assert_eq!(response_status_from_body(br#"{"result":1}"#), None);
        assert_eq!(response_status_from_body(b""), None);
    }

    #[test]
    fn null_errors_read_as_empty() {
        let status: ResponseStatus = crate::from_str("{ErrorCode:X,Errors:}").unwrap();
        assert!(status.errors.is_empty());
        let status: ResponseStatus = serde_json::from_str(r#"{"errors":null}"#).unwrap();
        assert!(status.errors.is_empty());
    }
}
