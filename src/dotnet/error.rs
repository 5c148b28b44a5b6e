//! The error of the `dotnet` text functions and conversions.

use std::fmt;

/// Why a .NET value could not be read from text, or does not fit the .NET type.
///
/// Inside serde it becomes the format's own error (`serde::de::Error::custom`), so a JSV
/// document reports it with line and column.
///
/// ```
/// use serde_jsv::dotnet::TimeSpan;
///
/// let err = "PT1,5S".parse::<TimeSpan>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid .NET TimeSpan `PT1,5S`: `1,5` is not a number of seconds");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    message: String,
}

impl ValueError {
    /// `text` is not a valid `type_name`, because of `reason`.
    pub(crate) fn invalid(type_name: &str, text: &str, reason: impl fmt::Display) -> ValueError {
        const LIMIT: usize = 64;
        let shown: String = text.chars().take(LIMIT).collect();
        let ellipsis = if text.chars().nth(LIMIT).is_some() {
            "…"
        } else {
            ""
        };
        ValueError {
            message: format!("invalid .NET {type_name} `{shown}{ellipsis}`: {reason}"),
        }
    }

    /// A value (described by `what`) that lies outside the range of `type_name`.
    pub(crate) fn out_of_range(type_name: &str, what: impl fmt::Display) -> ValueError {
        ValueError {
            message: format!("{what} is outside the range of a .NET {type_name}"),
        }
    }

    /// The message alone.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}
