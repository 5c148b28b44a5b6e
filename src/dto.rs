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
    deserializer.deserialize_option(WithoutNullValues(PhantomData))
}

/// The visitor of [`without_null_values`]: what `Option<IndexMap<K, Option<V>>>` reads,
/// with the null entries dropped (see [`NonNullEntries`]).
struct WithoutNullValues<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for WithoutNullValues<K, V>
where
    K: Deserialize<'de> + Eq + std::hash::Hash,
    V: Deserialize<'de>,
{
    type Value = Option<IndexMap<K, V>>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer
            .deserialize_map(NonNullEntries(PhantomData))
            .map(Some)
    }
}

/// The map of [`WithoutNullValues`]. The entries go straight into the map returned while
/// none is null (the usual case: one map built instead of two); after a null one the
/// entries are gathered as `IndexMap<K, Option<V>>` and filtered at the end, so that a key
/// given again keeps its first position and its last value, as with `IndexMap`'s own
/// visitor.
struct NonNullEntries<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for NonNullEntries<K, V>
where
    K: Deserialize<'de> + Eq + std::hash::Hash,
    V: Deserialize<'de>,
{
    type Value = IndexMap<K, V>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        // As `IndexMap`'s visitor: the size hint, up to 1 MiB of entries.
        let capacity = access
            .size_hint()
            .unwrap_or(0)
            .min((1 << 20) / std::mem::size_of::<(K, V)>().max(1));
        let mut map = IndexMap::with_capacity(capacity);
        while let Some(key) = access.next_key::<K>()? {
            match access.next_value::<Option<V>>()? {
                Some(value) => {
                    map.insert(key, value);
                }
                None => return after_null(access, map, key),
            }
        }
        Ok(map)
    }
}

/// The rest of [`NonNullEntries`] after the first null entry, `key`.
#[cold]
fn after_null<'de, A, K, V>(
    mut access: A,
    map: IndexMap<K, V>,
    key: K,
) -> Result<IndexMap<K, V>, A::Error>
where
    A: de::MapAccess<'de>,
    K: Deserialize<'de> + Eq + std::hash::Hash,
    V: Deserialize<'de>,
{
    let mut all: IndexMap<K, Option<V>> = map
        .into_iter()
        .map(|(key, value)| (key, Some(value)))
        .collect();
    all.insert(key, None);
    while let Some((key, value)) = access.next_entry::<K, Option<V>>()? {
        all.insert(key, value);
    }
    Ok(all
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect())
}

/// `#[serde(skip_serializing_if = "…")]` for a `[DataMember(EmitDefaultValue = false)]`
/// member: left out when it equals its type's default.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `without_null_values` read before it built the map directly: the map of
    /// options, then filtered.
    fn two_maps<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<IndexMap<String, u8>>, D::Error> {
        let map = Option::<IndexMap<String, Option<u8>>>::deserialize(deserializer)?;
        Ok(map.map(|map| {
            map.into_iter()
                .filter_map(|(key, value)| Some((key, value?)))
                .collect()
        }))
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Direct {
        #[serde(default, deserialize_with = "without_null_values")]
        data: Option<IndexMap<String, u8>>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Reference {
        #[serde(default, deserialize_with = "two_maps")]
        data: Option<IndexMap<String, u8>>,
    }

    fn pairs(map: Option<IndexMap<String, u8>>) -> Option<Vec<(String, u8)>> {
        map.map(|map| map.into_iter().collect())
    }

    /// `text` gives the same pairs, or the same error, read both ways.
    fn agree<E: std::fmt::Display + std::fmt::Debug>(
        text: &str,
        direct: Result<Direct, E>,
        reference: Result<Reference, E>,
    ) {
        match (direct, reference) {
            (Ok(direct), Ok(reference)) => {
                assert_eq!(pairs(direct.data), pairs(reference.data), "{text}")
            }
            (Err(direct), Err(reference)) => {
                assert_eq!(direct.to_string(), reference.to_string(), "{text}")
            }
            (direct, reference) => panic!("{text}: {direct:?} against {reference:?}"),
        }
    }

    #[test]
    fn null_values_are_dropped_as_the_map_of_options_drops_them() {
        let jsv = [
            "{data:{a:1,b:2}}",
            "{data:{a:1,b:,c:3}}",
            "{data:{a:,b:1,a:2}}",
            "{data:{a:1,b:2,a:}}",
            "{data:{a:1,a:2}}",
            "{data:{b:,b:}}",
            "{data:{}}",
            "{data:}",
            "{}",
            "{data:{a:1,b:x}}",
            "{data:{a:,b:x}}",
            "{data:x}",
            "{data:[1]}",
            "{data:{a:1,b:256}}",
        ];
        for text in jsv {
            agree(
                text,
                crate::from_str::<Direct>(text),
                crate::from_str::<Reference>(text),
            );
        }
        let json = [
            r#"{"data":{"a":1,"b":null,"c":3}}"#,
            r#"{"data":{"a":null,"b":1,"a":2}}"#,
            r#"{"data":{"a":1,"b":2,"a":null}}"#,
            r#"{"data":null}"#,
            r#"{"data":"x"}"#,
            r#"{"data":{"a":null,"b":"x"}}"#,
        ];
        for text in json {
            agree(
                text,
                serde_json::from_str::<Direct>(text),
                serde_json::from_str::<Reference>(text),
            );
        }
        // The order the map of options gives: first position, last value.
        let read: Direct = crate::from_str("{data:{a:,b:1,a:2}}").unwrap();
        assert_eq!(
            pairs(read.data),
            Some(vec![("a".into(), 2), ("b".into(), 1)])
        );
    }
}
