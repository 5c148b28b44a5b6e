//! `ServiceStackError`: a failure answered as ServiceStack answers it, an `ErrorResponse`
//! holding a `ResponseStatus`.

use std::fmt;

use ::axum::http::{HeaderName, HeaderValue, StatusCode, header};
use ::axum::response::{IntoResponse, Response};

use super::format::Format;
use crate::response::{ResponseError, ResponseStatus};
use crate::{Map, Value};

/// How the member names of error bodies are written.
///
/// A .NET Core ServiceStack host writes camelCase (`HostConfig.UseCamelCase` is on there);
/// a .NET Framework host, and ServiceStack.Text's own default, PascalCase. Errors built in
/// this module are written in the case a request's [`ErrorCase`] extension names (add one
/// with `axum::Extension(ErrorCase::Pascal)` as a layer), [`ErrorCase::Camel`] without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorCase {
    /// `ResponseStatus`, `ErrorCode`, `FieldName`, … (ServiceStack.Text's default).
    #[default]
    Pascal,
    /// `responseStatus`, `errorCode`, `fieldName`, … (`JsConfig.TextCase = CamelCase`, the
    /// default of ServiceStack on .NET Core, and what its Python client reads).
    Camel,
}

impl ErrorCase {
    fn name(self, pascal: &str) -> String {
        match self {
            ErrorCase::Pascal => pascal.to_owned(),
            ErrorCase::Camel => {
                let mut chars = pascal.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            }
        }
    }
}

/// A failed request, answered the way a ServiceStack host answers one: an HTTP status and
/// an `ErrorResponse` body, `{ResponseStatus:{ErrorCode:…,Message:…,Errors:[…]}}`, in JSV or
/// JSON.
///
/// The status follows ServiceStack's `ToStatusCode` for the error code: see
/// [`status_for`](Self::status_for). Return it from a handler (`Result<T, ServiceStackError>`)
/// and pick the format with [`format`](Self::format) (the extractors of this module do that
/// themselves from the request).
///
/// ```
/// use axum::response::IntoResponse;
/// use serde_jsv::axum::{ErrorCase, Format, ServiceStackError};
///
/// let error = ServiceStackError::validation("NotEmpty", "Name", "'Name' must not be empty.")
///     .format(Format::Jsv)
///     .case(ErrorCase::Pascal);
/// assert_eq!(error.status().as_u16(), 400);
/// assert_eq!(
///     error.body_text(),
///     "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Name' must not be empty.,Errors:[{ErrorCode:NotEmpty,\
///      FieldName:Name,Message:'Name' must not be empty.,Meta:{PropertyName:Name}}]}}"
/// );
/// let response = error.into_response();
/// assert_eq!(response.headers()["content-type"], "application/jsv; charset=utf-8");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceStackError {
    // Boxed, so that `Result<T, ServiceStackError>` stays one pointer wide on the error side.
    inner: Box<Inner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    status: StatusCode,
    response_status: ResponseStatus,
    format: Format,
    case: Option<ErrorCase>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ServiceStackError {
    /// An error with `error_code` (an exception name such as `ArgumentException`, or a code
    /// of your own) and `message`; the status comes from the code ([`status_for`](Self::status_for)).
    pub fn new(error_code: impl Into<String>, message: impl Into<String>) -> ServiceStackError {
        let error_code = error_code.into();
        let status = ServiceStackError::status_for(&error_code);
        ServiceStackError::with_status(status, error_code, message)
    }

    /// An error with an explicit status.
    pub fn with_status(
        status: StatusCode,
        error_code: impl Into<String>,
        message: impl Into<String>,
    ) -> ServiceStackError {
        ServiceStackError {
            inner: Box::new(Inner {
                status,
                response_status: ResponseStatus::new(error_code, message),
                format: Format::Json,
                case: None,
                headers: Vec::new(),
            }),
        }
    }

    /// The status ServiceStack gives an exception of type `error_code`
    /// (`HttpRequestExtensions.ToStatusCode`): `ArgumentException`, `ArgumentNullException`,
    /// `ArgumentOutOfRangeException`, `SerializationException`, `FormatException` and
    /// `ValidationException` → 400; `AuthenticationException` → 401;
    /// `UnauthorizedAccessException` → 403; `FileNotFoundException` and `NotFound` → 404;
    /// `NotImplementedException` and `NotSupportedException` → 405;
    /// `OptimisticConcurrencyException` → 409; codes named after a status (`Unauthorized`,
    /// `Forbidden`, `Conflict`, …) → that status; anything else → 500.
    pub fn status_for(error_code: &str) -> StatusCode {
        match error_code {
            "ArgumentException"
            | "ArgumentNullException"
            | "ArgumentOutOfRangeException"
            | "SerializationException"
            | "FormatException"
            | "ValidationException"
            | "BadRequest" => StatusCode::BAD_REQUEST,
            "AuthenticationException" | "Unauthorized" => StatusCode::UNAUTHORIZED,
            "UnauthorizedAccessException" | "Forbidden" => StatusCode::FORBIDDEN,
            "FileNotFoundException" | "NotFound" => StatusCode::NOT_FOUND,
            "NotImplementedException" | "NotSupportedException" | "MethodNotAllowed" => {
                StatusCode::METHOD_NOT_ALLOWED
            }
            "OptimisticConcurrencyException" | "Conflict" => StatusCode::CONFLICT,
            "RequestEntityTooLarge" => StatusCode::PAYLOAD_TOO_LARGE,
            "UnsupportedMediaType" => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code if code.starts_with("SecurityToken") => StatusCode::UNAUTHORIZED,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// 404 `NotFound`, as `HttpError.NotFound(message)` answers.
    pub fn not_found(message: impl Into<String>) -> ServiceStackError {
        ServiceStackError::with_status(StatusCode::NOT_FOUND, "NotFound", message)
    }

    /// 400 `ArgumentException` (or the code of your choice with [`new`](Self::new)).
    pub fn bad_request(message: impl Into<String>) -> ServiceStackError {
        ServiceStackError::with_status(StatusCode::BAD_REQUEST, "ArgumentException", message)
    }

    /// 401 `Unauthorized` with `Not Authenticated`, as `[Authenticate]` answers, and a
    /// `WWW-Authenticate: Bearer realm="/auth"` header.
    pub fn unauthorized() -> ServiceStackError {
        ServiceStackError::with_status(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Not Authenticated",
        )
        .header(header::WWW_AUTHENTICATE, "Bearer realm=\"/auth\"")
    }

    /// 403 `Forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ServiceStackError {
        ServiceStackError::with_status(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    /// 409 `Conflict`.
    pub fn conflict(message: impl Into<String>) -> ServiceStackError {
        ServiceStackError::with_status(StatusCode::CONFLICT, "Conflict", message)
    }

    /// 400 with one field error, as a FluentValidation failure answers: the top-level code
    /// and message are the first field error's. Add more with [`field_error`](Self::field_error).
    pub fn validation(
        error_code: impl Into<String>,
        field_name: impl Into<String>,
        message: impl Into<String>,
    ) -> ServiceStackError {
        let error_code = error_code.into();
        let message = message.into();
        ServiceStackError::with_status(StatusCode::BAD_REQUEST, error_code.clone(), message.clone())
            .field_error(error_code, field_name, message)
    }

    /// Adds a field error (`ResponseStatus.Errors`), with `Meta:{PropertyName:field}` as
    /// ServiceStack's validation writes.
    pub fn field_error(
        mut self,
        error_code: impl Into<String>,
        field_name: impl Into<String>,
        message: impl Into<String>,
    ) -> ServiceStackError {
        let field_name = field_name.into();
        let mut error = ResponseError::new(error_code, field_name.clone(), message);
        error.meta = Some(
            [("PropertyName".to_owned(), field_name)]
                .into_iter()
                .collect(),
        );
        self.inner.response_status.errors.push(error);
        self
    }

    /// Sets an entry of `ResponseStatus.Meta`.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<String>) -> ServiceStackError {
        self.inner
            .response_status
            .meta
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }

    /// Adds a response header (`Allow`, `WWW-Authenticate`, …); an invalid value is left out.
    pub fn header(mut self, name: HeaderName, value: &str) -> ServiceStackError {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.inner.headers.push((name, value));
        }
        self
    }

    /// Sets the format of the body (JSON unless set).
    pub fn format(mut self, format: Format) -> ServiceStackError {
        self.inner.format = format;
        self
    }

    /// Sets the member-name case of the body; [`ErrorCase::Camel`] unless set.
    pub fn case(mut self, case: ErrorCase) -> ServiceStackError {
        self.inner.case = Some(case);
        self
    }

    /// Sets the case unless one was set explicitly.
    pub(crate) fn default_case(mut self, case: ErrorCase) -> ServiceStackError {
        self.inner.case.get_or_insert(case);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The `ResponseStatus` the body carries.
    pub fn response_status(&self) -> &ResponseStatus {
        &self.inner.response_status
    }

    /// The error code (`ResponseStatus.ErrorCode`).
    pub fn error_code(&self) -> &str {
        self.inner
            .response_status
            .error_code
            .as_deref()
            .unwrap_or_default()
    }

    /// The message (`ResponseStatus.Message`).
    pub fn message(&self) -> &str {
        self.inner
            .response_status
            .message
            .as_deref()
            .unwrap_or_default()
    }

    /// The body as a [`Value`]: `Errors` is always written (empty when there are none), as
    /// ServiceStack does.
    pub(crate) fn body(&self) -> Value {
        let case = self.inner.case.unwrap_or(ErrorCase::Camel);
        let status = &self.inner.response_status;
        let mut out = Map::new();
        let text = |value: &Option<String>| Value::from(value.as_deref().unwrap_or_default());
        out.insert(case.name("ErrorCode"), text(&status.error_code));
        out.insert(case.name("Message"), text(&status.message));
        if status.stack_trace.is_some() {
            out.insert(case.name("StackTrace"), text(&status.stack_trace));
        }
        let errors = status
            .errors
            .iter()
            .map(|error| {
                let mut entry = Map::new();
                entry.insert(case.name("ErrorCode"), text(&error.error_code));
                entry.insert(case.name("FieldName"), text(&error.field_name));
                entry.insert(case.name("Message"), text(&error.message));
                if let Some(meta) = &error.meta {
                    entry.insert(case.name("Meta"), meta_value(meta));
                }
                Value::Map(entry)
            })
            .collect();
        out.insert(case.name("Errors"), Value::List(errors));
        if let Some(meta) = &status.meta {
            out.insert(case.name("Meta"), meta_value(meta));
        }
        let mut body = Map::new();
        body.insert(case.name("ResponseStatus"), Value::Map(out));
        Value::Map(body)
    }

    /// The body as it is sent.
    pub fn body_text(&self) -> String {
        let body = self.body();
        match self.inner.format {
            Format::Jsv => crate::to_string(&body).unwrap_or_default(),
            // Error bodies hold only text, so every scalar is a JSON string, as ServiceStack
            // writes them.
            Format::Json => serde_json::Value::from(body).to_string(),
        }
    }
}

fn meta_value(meta: &crate::response::Meta) -> Value {
    Value::Map(
        meta.iter()
            .map(|(key, value)| (key.clone(), Value::from(value.as_str())))
            .collect(),
    )
}

impl From<ResponseStatus> for ServiceStackError {
    /// The status from the error code ([`ServiceStackError::status_for`]).
    fn from(response_status: ResponseStatus) -> Self {
        let status = ServiceStackError::status_for(
            response_status.error_code.as_deref().unwrap_or_default(),
        );
        ServiceStackError {
            inner: Box::new(Inner {
                status,
                response_status,
                format: Format::Json,
                case: None,
                headers: Vec::new(),
            }),
        }
    }
}

impl fmt::Display for ServiceStackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.inner.status.as_u16(),
            self.error_code(),
            self.message()
        )
    }
}

impl std::error::Error for ServiceStackError {}

impl IntoResponse for ServiceStackError {
    fn into_response(self) -> Response {
        let body = self.body_text();
        let mut response = (self.inner.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, self.inner.format.header_value());
        response.headers_mut().extend(self.inner.headers);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_servicestack() {
        assert_eq!(
            ServiceStackError::new("ArgumentNullException", "x").status(),
            400
        );
        assert_eq!(
            ServiceStackError::new("NotImplementedException", "x").status(),
            405
        );
        assert_eq!(
            ServiceStackError::new("UnauthorizedAccessException", "x").status(),
            403
        );
        assert_eq!(
            ServiceStackError::new("SecurityTokenExpiredException", "x").status(),
            401
        );
        assert_eq!(ServiceStackError::new("Boom", "x").status(), 500);
    }

    #[test]
    fn camel_json_is_the_default() {
        let error = ServiceStackError::validation("NotEmpty", "Name", "'Name' must not be empty.")
            .field_error("Email", "Email", "bad");
        assert_eq!(
            error.body_text(),
            r#"{"responseStatus":{"errorCode":"NotEmpty","message":"'Name' must not be empty.","errors":[{"errorCode":"NotEmpty","fieldName":"Name","message":"'Name' must not be empty.","meta":{"PropertyName":"Name"}},{"errorCode":"Email","fieldName":"Email","message":"bad","meta":{"PropertyName":"Email"}}]}}"#
        );
        let not_found = ServiceStackError::not_found("gone")
            .format(Format::Jsv)
            .case(ErrorCase::Pascal);
        assert_eq!(
            not_found.body_text(),
            "{ResponseStatus:{ErrorCode:NotFound,Message:gone,Errors:[]}}"
        );
    }
}
