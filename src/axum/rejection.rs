//! Why an extractor of this module refused a request: one type per failure, like axum's
//! `JsonRejection`, each answered as a ServiceStack host answers it.

use std::fmt;

use ::axum::http::StatusCode;
use ::axum::response::{IntoResponse, Response};

use super::error::ServiceStackError;

macro_rules! rejection {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub(crate) ServiceStackError);

        impl $name {
            /// The HTTP status of the answer.
            pub fn status(&self) -> StatusCode {
                self.0.status()
            }

            /// The body of the answer, an `ErrorResponse` in the request's format.
            pub fn body_text(&self) -> String {
                self.0.body_text()
            }

            /// The error as a [`ServiceStackError`], to answer it differently.
            pub fn into_error(self) -> ServiceStackError {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.message())
            }
        }

        impl std::error::Error for $name {}

        impl IntoResponse for $name {
            fn into_response(self) -> Response {
                self.0.into_response()
            }
        }
    };
}

rejection! {
    /// The request has no `Content-Type: application/jsv` (or `text/jsv`): 415,
    /// `NotSupportedException`, `ContentType not supported '{content type}'` (ServiceStack's
    /// message).
    MissingJsvContentType
}

rejection! {
    /// The body is over the limit (axum's `DefaultBodyLimit`, 2 MB unless changed): 413,
    /// `RequestEntityTooLarge`.
    PayloadTooLarge
}

rejection! {
    /// The body could not be read from the connection: 400, `SerializationException`.
    FailedToBufferBody
}

rejection! {
    /// The body is not valid JSV or JSON for the target type: 400, `SerializationException`,
    /// ServiceStack's message (`Could not deserialize 'application/jsv' request using
    /// {Type}'` then `Error: …` naming line and column) and, when the error is inside a
    /// member, one field error naming it.
    InvalidBody
}

rejection! {
    /// The query string does not bind to the target type: 400, `SerializationException`,
    /// `Unable to bind to request '{Type}'`, and one field error per member that failed,
    /// `'{value}' is an Invalid value for '{member}'` (ServiceStack's binding errors).
    InvalidQuery
}

impl InvalidBody {
    /// The line (1-based) of the error in the body; 0 when unknown.
    pub fn line(&self) -> usize {
        self.position().0
    }

    /// The column (1-based) of the error in the body; 0 when unknown.
    pub fn column(&self) -> usize {
        self.position().1
    }

    /// The path of the member the error is in (`members[1].identity`), if any.
    pub fn member(&self) -> Option<&str> {
        self.0
            .response_status()
            .errors
            .first()
            .and_then(|error| error.field_name.as_deref())
    }

    fn position(&self) -> (usize, usize) {
        let message = self.0.message();
        let parse = |after: &str| -> usize {
            message
                .split_once(after)
                .map(|(_, rest)| {
                    rest.chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                })
                .and_then(|digits| digits.parse().ok())
                .unwrap_or(0)
        };
        (parse("at line "), parse(", column "))
    }
}

/// Why [`Jsv`](super::Jsv) refused a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum JsvRejection {
    /// No JSV `Content-Type`.
    MissingJsvContentType(MissingJsvContentType),
    /// The body is over the limit.
    PayloadTooLarge(PayloadTooLarge),
    /// The body could not be read.
    FailedToBufferBody(FailedToBufferBody),
    /// The body is not valid JSV for the target type.
    InvalidBody(InvalidBody),
}

/// Why [`Dto`](super::Dto) refused a request: the same failures as [`Jsv`](super::Jsv).
pub type DtoRejection = JsvRejection;

impl JsvRejection {
    fn error(&self) -> &ServiceStackError {
        match self {
            JsvRejection::MissingJsvContentType(inner) => &inner.0,
            JsvRejection::PayloadTooLarge(inner) => &inner.0,
            JsvRejection::FailedToBufferBody(inner) => &inner.0,
            JsvRejection::InvalidBody(inner) => &inner.0,
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.error().status()
    }

    /// The body of the answer, an `ErrorResponse` in the request's format.
    pub fn body_text(&self) -> String {
        self.error().body_text()
    }

    /// The error as a [`ServiceStackError`], to answer it differently.
    pub fn into_error(self) -> ServiceStackError {
        self.error().clone()
    }
}

impl fmt::Display for JsvRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error().message())
    }
}

impl std::error::Error for JsvRejection {}

impl IntoResponse for JsvRejection {
    fn into_response(self) -> Response {
        self.into_error().into_response()
    }
}

macro_rules! from_inner {
    ($($name:ident),*) => {$(
        impl From<$name> for JsvRejection {
            fn from(inner: $name) -> Self {
                JsvRejection::$name(inner)
            }
        }
    )*};
}

from_inner!(
    MissingJsvContentType,
    PayloadTooLarge,
    FailedToBufferBody,
    InvalidBody
);

/// Why a [`JsvQuery`](super::JsvQuery) refused a request.
pub type QueryRejection = InvalidQuery;
