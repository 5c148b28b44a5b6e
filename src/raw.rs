//! Scalars written verbatim.

use serde::ser::{Serialize, Serializer};

/// The name under which [`RawScalar`] reaches a serializer. The JSV serializer writes the
/// text of a newtype struct with this name as it is; every other serializer sees an ordinary
/// newtype struct holding a string.
pub(crate) const RAW_SCALAR_NAME: &str = "$serde_jsv::private::RawScalar";

/// A scalar that the JSV writer emits exactly as given, without quoting.
///
/// ServiceStack writes dates, durations and other .NET value types bare even when they hold a
/// `:` (`2024-03-01T10:11:12Z`), where a string with the same text would be quoted. The
/// [`dotnet`](crate::dotnet) helpers serialize through this type to match it byte for byte.
/// Other serializers (serde_json, …) see a plain string.
///
/// The text must not contain `,`, `}` or `]`, and must not start with `"`, `{` or `[`, or it
/// would not read back: the serializer returns an error for such text.
///
/// ```
/// use serde_jsv::RawScalar;
///
/// assert_eq!(serde_jsv::to_string(&RawScalar("10:11")).unwrap(), "10:11");
/// assert_eq!(serde_jsv::to_string(&"10:11").unwrap(), "\"10:11\"");
/// assert_eq!(serde_json::to_string(&RawScalar("10:11")).unwrap(), "\"10:11\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawScalar<'a>(pub &'a str);

impl Serialize for RawScalar<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(RAW_SCALAR_NAME, self.0)
    }
}
