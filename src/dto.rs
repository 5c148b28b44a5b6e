//! Support for DTO code: the pieces generated modules (`serde_jsv::codegen`, the
//! [`evo_voice`](crate#what-is-here) models) call instead of repeating them in every type.
//!
//! No feature is needed: generated code compiles against the default crate.
//!
//! * [`StringEnum`]: a .NET enum written as its member name (or `[EnumMember]` value), with a
//!   catch-all `Unknown(String)` variant so a newer server never breaks an older client.
//! * [`IntEnum`]: a .NET enum written as its integer (`[Flags]` enums, or every enum on a host
//!   that treats enums as integers), kept as a newtype so unknown values and bit combinations
//!   survive.
//! * [`without_null_values`] and [`is_default`] for `#[serde(...)]` attributes.
//!
//! ```
//! use serde_jsv::dto::{self, StringEnum};
//!
//! #[derive(Debug, Clone, PartialEq, Eq, Hash)]
//! enum Color {
//!     Red,
//!     DarkBlue,
//!     Unknown(String),
//! }
//!
//! impl StringEnum for Color {
//!     const TYPE_NAME: &'static str = "Color";
//!     const NAMES: &'static [&'static str] = &["red", "dark-blue"];
//!     fn known(index: usize) -> Option<Self> {
//!         [Color::Red, Color::DarkBlue].into_iter().nth(index)
//!     }
//!     fn unknown(name: String) -> Self {
//!         Color::Unknown(name)
//!     }
//!     fn name(&self) -> &str {
//!         match self {
//!             Color::Red => "red",
//!             Color::DarkBlue => "dark-blue",
//!             Color::Unknown(name) => name,
//!         }
//!     }
//! }
//!
//! assert_eq!(dto::parse_string_enum::<Color>("Dark-Blue"), Color::DarkBlue);
//! assert_eq!(dto::parse_string_enum::<Color>("teal"), Color::Unknown("teal".into()));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::Serializer;

/// The ordered map generated code uses for .NET dictionaries: it keeps the server's order.
pub use indexmap::IndexMap;

/// A .NET enum written as text: its known members, plus a variant keeping any other name.
///
/// Implemented by generated enums; their `Serialize`, `Deserialize` and `FromStr` impls call
/// [`serialize_string_enum`], [`deserialize_string_enum`] and [`parse_string_enum`].
pub trait StringEnum: Sized {
    /// The enum's name, for error messages.
    const TYPE_NAME: &'static str;
    /// The wire names of the known members, in .NET order.
    const NAMES: &'static [&'static str];
    /// The known member at `index` of [`NAMES`](Self::NAMES).
    fn known(index: usize) -> Option<Self>;
    /// The catch-all variant holding a name this type does not know.
    fn unknown(name: String) -> Self;
    /// The name written on the wire.
    fn name(&self) -> &str;
}

/// The index of `name` in `names`: an exact match first, then an ASCII-case-insensitive one
/// (ServiceStack reads enum names case-insensitively).
fn lookup(names: &[&str], name: &str) -> Option<usize> {
    // Names are short: compared without a call to `memcmp`.
    names
        .iter()
        .position(|v| crate::de::same_name(v, name))
        .or_else(|| names.iter().position(|v| v.eq_ignore_ascii_case(name)))
}

/// The member named `name` (exactly, then in any ASCII case), or the unknown variant.
pub fn parse_string_enum<E: StringEnum>(name: &str) -> E {
    lookup(E::NAMES, name)
        .and_then(E::known)
        .unwrap_or_else(|| E::unknown(name.to_owned()))
}

/// Whether `name` can be read back as an enum name: not empty (a null), not an object or a
/// list (a JSV string target receives those as raw text, and no .NET name starts so).
fn readable_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with(['{', '['])
}

/// Writes a [`StringEnum`]: a known member as a unit variant, an unknown name verbatim.
///
/// An unknown name that no reader would take back as a name (empty, or starting with `{` or
/// `[`) is an error rather than text that loses the value on the next read.
pub fn serialize_string_enum<E: StringEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let name = value.name();
    match E::NAMES.iter().position(|known| *known == name) {
        Some(index) => serializer.serialize_unit_variant(
            E::TYPE_NAME,
            u32::try_from(index).unwrap_or(u32::MAX),
            E::NAMES[index],
        ),
        None if readable_name(name) => serializer.serialize_str(name),
        None => Err(serde::ser::Error::custom(format_args!(
            "{}::Unknown({name:?}) cannot be written: an enum name must be non-empty and must \
             not start with `{{` or `[`",
            E::TYPE_NAME
        ))),
    }
}

/// Reads a [`StringEnum`] from a string; an unknown name becomes the unknown variant, while
/// empty text or an object or list is an error.
pub fn deserialize_string_enum<'de, E: StringEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let visitor = NameVisitor {
        type_name: E::TYPE_NAME,
        names: E::NAMES,
    };
    Ok(match deserializer.deserialize_str(visitor)? {
        // A `known` that refuses an index of its own `NAMES` is a broken impl; its name then
        // stays readable as the unknown variant.
        EnumName::Known(index) => {
            E::known(index).unwrap_or_else(|| E::unknown(E::NAMES[index].to_owned()))
        }
        EnumName::Unknown(name) => E::unknown(name),
    })
}

/// The name a [`StringEnum`] was read from: the index of a known member, or the text.
enum EnumName {
    Known(usize),
    Unknown(String),
}

/// Reads an enum name for [`deserialize_string_enum`]. Not generic over the enum, so every
/// string enum shares one copy of the deserializer's string reader: a copy per enum type
/// was a measurable share of the instruction-cache misses of reading a session.
struct NameVisitor {
    type_name: &'static str,
    names: &'static [&'static str],
}

impl NameVisitor {
    fn check<Err: de::Error>(&self, name: &str) -> Result<(), Err> {
        if name.is_empty() {
            Err(Err::invalid_value(de::Unexpected::Str(name), self))
        } else if !readable_name(name) {
            Err(Err::invalid_type(
                de::Unexpected::Other("an object or a list"),
                self,
            ))
        } else {
            Ok(())
        }
    }
}

impl<'de> Visitor<'de> for NameVisitor {
    type Value = EnumName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} name", self.type_name)
    }

    fn visit_str<Err: de::Error>(self, name: &str) -> Result<EnumName, Err> {
        self.check(name)?;
        Ok(match lookup(self.names, name) {
            Some(index) => EnumName::Known(index),
            None => EnumName::Unknown(name.to_owned()),
        })
    }

    fn visit_string<Err: de::Error>(self, name: String) -> Result<EnumName, Err> {
        self.check(&name)?;
        Ok(match lookup(self.names, &name) {
            Some(index) => EnumName::Known(index),
            None => EnumName::Unknown(name),
        })
    }
}

/// A .NET enum written as its integer: a newtype over the value with named constants.
///
/// Implemented by generated types; their serde impls call [`serialize_int_enum`] and
/// [`deserialize_int_enum`]. Values without a name are kept, as .NET keeps them.
pub trait IntEnum: Sized {
    /// The enum's name, for error messages.
    const TYPE_NAME: &'static str;
    /// The named members and their values, in .NET order.
    const NAMES: &'static [(&'static str, i64)];
    /// Whether this is a `[Flags]` enum: names may be combined (`Pinned, Locked`).
    const FLAGS: bool;
    /// The value, widened.
    fn to_i64(&self) -> i64;
    /// The value, if it fits the enum's integer type.
    fn from_i64(value: i64) -> Option<Self>;
}

/// Writes an [`IntEnum`] as its integer.
pub fn serialize_int_enum<E: IntEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.to_i64())
}

/// The value of `text`: an integer, a member name (any ASCII case), or for `[Flags]` enums
/// several names separated by commas, OR-ed together.
fn parse_int_enum<E: IntEnum>(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(value) = text.parse::<i64>() {
        return Some(value);
    }
    let names: Vec<&str> = E::NAMES.iter().map(|(name, _)| *name).collect();
    let one = |name: &str| lookup(&names, name.trim()).map(|index| E::NAMES[index].1);
    if E::FLAGS {
        text.split(',')
            .try_fold(0, |bits, name| Some(bits | one(name)?))
    } else {
        one(text)
    }
}

/// Reads an [`IntEnum`] from an integer, or from a member name as .NET also accepts.
pub fn deserialize_int_enum<'de, E: IntEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    struct IntVisitor<E>(PhantomData<E>);

    impl<'de, E: IntEnum> Visitor<'de> for IntVisitor<E> {
        type Value = E;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} value (an integer or a member name)", E::TYPE_NAME)
        }

        fn visit_i64<Err: de::Error>(self, value: i64) -> Result<E, Err> {
            E::from_i64(value)
                .ok_or_else(|| Err::invalid_value(de::Unexpected::Signed(value), &self))
        }

        fn visit_u64<Err: de::Error>(self, value: u64) -> Result<E, Err> {
            i64::try_from(value)
                .ok()
                .and_then(E::from_i64)
                .ok_or_else(|| Err::invalid_value(de::Unexpected::Unsigned(value), &self))
        }

        fn visit_str<Err: de::Error>(self, text: &str) -> Result<E, Err> {
            parse_int_enum::<E>(text)
                .and_then(E::from_i64)
                .ok_or_else(|| Err::invalid_value(de::Unexpected::Str(text), &self))
        }
    }

    deserializer.deserialize_any(IntVisitor(PhantomData))
}

/// `#[serde(deserialize_with = "…")]` for an optional map whose values ServiceStack never
/// writes as null: an entry that arrives null anyway (`{k:}`, JSON `"k":null`) is dropped,
/// which is what writing it would have done.
pub fn without_null_values<'de, D, K, V>(
    deserializer: D,
) -> Result<Option<IndexMap<K, V>>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Eq + std::hash::Hash,
    V: Deserialize<'de>,
{
    let map = Option::<IndexMap<K, Option<V>>>::deserialize(deserializer)?;
    Ok(map.map(|map| {
        map.into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }))
}

/// `#[serde(skip_serializing_if = "…")]` for a `[DataMember(EmitDefaultValue = false)]`
/// member: left out when it equals its type's default.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
