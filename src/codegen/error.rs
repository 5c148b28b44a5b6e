//! The generator's error: what went wrong, and the type and member it concerns.

use std::fmt;

/// What kind of problem an [`Error`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The document is not valid JSON or JSV, or does not have the `MetadataTypes` shape.
    Parse,
    /// A type is referenced but neither declared nor one of ServiceStack's built-ins.
    UnknownType,
    /// A class inherits from itself, directly or through its bases.
    CyclicInheritance,
    /// A type, member or enum name cannot become a Rust identifier.
    InvalidName,
    /// Two declarations contradict each other (differing copies, ambiguous names,
    /// an included type that needs an excluded one).
    Conflict,
    /// Something the generator cannot express (a generic request DTO, an unknown option).
    Unsupported,
    /// Reading the input or writing the output failed.
    Io,
}

/// An error raised while reading or resolving a metadata document, naming the place.
///
/// ```
/// let err = serde_jsv::codegen::generate("{\"types\":[", &Default::default()).unwrap_err();
/// assert_eq!(err.kind(), serde_jsv::codegen::ErrorKind::Parse);
/// assert!(err.to_string().starts_with("metadata document: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    place: String,
    message: String,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            place: place.into(),
            message: message.into(),
        }
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Where: `type SessionInfo`, `type Ticket, member Grade`, `operation GetTicket`, ….
    pub fn place(&self) -> &str {
        &self.place
    }

    /// What went wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for Error {}
