//! ServiceStack-shaped error responses.
//!
//! Every failure is answered with an `ErrorResponse` body in the negotiated format
//! (`docs/format.md` §13):
//!
//! ```text
//! {ResponseStatus:{ErrorCode:NotEmpty,Message:'Member To Add' must not be empty.,Errors:[{ErrorCode:NotEmpty,FieldName:MemberToAdd,Message:'Member To Add' must not be empty.,Meta:{PropertyName:MemberToAdd}}]}}
//! ```
//!
//! `Errors` is always written, empty when there are no field errors, as
//! `ResponseStatusUtils.CreateResponseStatus` does. A validation failure takes the code and
//! message of its first field error, as ServiceStack's `ValidationError` does.

use std::fmt;

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::negotiate::{Format, content_type_header, encode};
use crate::Value;
use crate::axum::ServiceStackError;

pub use crate::axum::ErrorCase;

/// One entry of `ResponseStatus.Errors`: a problem with one request member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub code: &'static str,
    pub field: &'static str,
    pub message: String,
}

/// A failed request: the HTTP status and the `ResponseStatus` to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub errors: Vec<FieldError>,
    /// Headers the response carries besides `Content-Type` (`Allow`, `WWW-Authenticate`).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// An error built by `serde_jsv::axum` (a body that does not parse), answered as it is.
    pub prebuilt: Option<Box<ServiceStackError>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            prebuilt: None,
        }
    }

    /// An error of the `serde_jsv::axum` blocks.
    pub fn from_servicestack(error: ServiceStackError) -> ApiError {
        let mut api = ApiError::new(error.status(), error.error_code(), error.message());
        api.prebuilt = Some(Box::new(error));
        api
    }

    /// Adds a `ResponseStatus.Meta` entry.
    pub fn with_meta(self, key: &str, value: String) -> ApiError {
        ApiError::from_servicestack(self.base_error().meta(key, value))
    }

    /// 404 `NotFound`.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "NotFound", message)
    }

    /// 400 with field errors; the first one gives the top-level code and message.
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        let (code, message) = errors
            .first()
            .map(|first| (first.code.to_owned(), first.message.clone()))
            .unwrap_or_else(|| {
                (
                    "ValidationException".to_owned(),
                    "Validation failed".to_owned(),
                )
            });
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message,
            errors,
            headers: Vec::new(),
            prebuilt: None,
        }
    }

    /// 400: the request could not be read into its DTO.
    pub fn binding(type_name: &str, cause: &dyn fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            format!("Unable to bind to request '{type_name}': {cause}"),
        )
    }

    /// 401 `Unauthorized`, as ServiceStack's `[Authenticate]` answers.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Not Authenticated",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"/auth\"")
    }

    /// Adds a response header; a value that is not a valid header is left out.
    pub fn with_header(mut self, name: HeaderName, value: &str) -> ApiError {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    /// The same error as the `serde_jsv::axum` building block.
    fn to_servicestack(&self, case: ErrorCase) -> ServiceStackError {
        self.base_error().case(case)
    }

    /// The same error, its case not chosen yet.
    fn base_error(&self) -> ServiceStackError {
        if let Some(prebuilt) = &self.prebuilt {
            return (**prebuilt).clone();
        }
        let mut error =
            ServiceStackError::with_status(self.status, self.code.as_str(), self.message.as_str());
        for field in &self.errors {
            error = error.field_error(field.code, field.field, field.message.as_str());
        }
        for (name, value) in &self.headers {
            if let Ok(value) = value.to_str() {
                error = error.header(name.clone(), value);
            }
        }
        error
    }

    /// The `ErrorResponse` body.
    fn body(&self, case: ErrorCase) -> Value {
        self.to_servicestack(case).body()
    }

    /// The response: status, `Content-Type` of `format`, the `ErrorResponse` body.
    pub fn into_response(self, format: Format, case: ErrorCase) -> Response {
        let body = self.body(case);
        // Error bodies hold only text, so JSON gets every scalar as a string, as ServiceStack
        // writes them.
        let bytes = match format {
            Format::Json => {
                return self
                    .to_servicestack(case)
                    .format(crate::axum::Format::Json)
                    .into_response();
            }
            Format::Jsv => {
                return self
                    .to_servicestack(case)
                    .format(crate::axum::Format::Jsv)
                    .into_response();
            }
            Format::Html => encode(&body, format).unwrap_or_default(),
        };
        let mut response = (self.status, bytes).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type_header(format));
        response.headers_mut().extend(self.headers);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_empty() -> ApiError {
        ApiError::validation(vec![FieldError {
            code: "NotEmpty",
            field: "MemberToAdd",
            message: "'Member To Add' must not be empty.".to_owned(),
        }])
    }

    #[test]
    fn validation_body_matches_servicestack() {
        let text = crate::to_string(&not_empty().body(ErrorCase::Pascal)).unwrap();
        assert_eq!(
            text,
            "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Member To Add' must not be empty.,\
             Errors:[{ErrorCode:NotEmpty,FieldName:MemberToAdd,Message:'Member To Add' must not be empty.,\
             Meta:{PropertyName:MemberToAdd}}]}}"
        );
    }

    #[test]
    fn camel_case_body_keeps_meta_keys() {
        let text = crate::to_string(&not_empty().body(ErrorCase::Camel)).unwrap();
        assert!(
            text.starts_with("{responseStatus:{errorCode:NotEmpty,message:"),
            "{text}"
        );
        assert!(text.contains("meta:{PropertyName:MemberToAdd}"), "{text}");
    }

    #[test]
    fn not_found_has_empty_errors() {
        let text = crate::to_string(
            &ApiError::not_found("Session 's1' not found").body(ErrorCase::Pascal),
        )
        .unwrap();
        assert_eq!(
            text,
            "{ResponseStatus:{ErrorCode:NotFound,Message:Session 's1' not found,Errors:[]}}"
        );
    }
}
