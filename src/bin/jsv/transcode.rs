//! Streaming conversion from any self-describing deserializer into any serializer.
//!
//! The converters never build a tree: each value read from the input (JSV or JSON) is handed
//! straight to the output serializer, and strings that the input holds unescaped are
//! borrowed from the input buffer. Memory is the input buffer plus the output buffer of the
//! `BufWriter`, whatever the size of the document.
//!
//! Because output starts before the end of the input is reached, callers first run
//! [`validate`] over the whole input and only then [`transcode`], so that invalid input
//! writes nothing.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, Serializer};

/// How scalars are carried across.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalars {
    /// Strings stay strings, numbers and bools stay numbers and bools (JSV to JSV, JSV to
    /// JSON without `--infer`).
    Keep,
    /// JSV to JSON with `--infer`: `True`/`False` and canonical numbers become JSON bools
    /// and numbers, exactly as [`serde_jsv::Value::to_json_inferred`] decides.
    Infer,
    /// JSON to JSV: floating-point numbers keep the text serde_json gives them (as
    /// `serde_jsv::Value::from(serde_json::Value)` does) instead of the .NET layout.
    JsonNumbers,
}

/// Why a transcoding stopped: the reader's own error (kept whole, so a JSV error can still
/// render its snippet), or the writer's.
pub enum Failed<R, W> {
    /// The input could not be read.
    Read(R),
    /// The output could not be written.
    Write(W),
}

impl<R: std::fmt::Display, W: std::fmt::Display> Failed<R, W> {
    /// The error's one-line message.
    pub fn message(self) -> String {
        match self {
            Failed::Read(err) => err.to_string(),
            Failed::Write(err) => err.to_string(),
        }
    }
}

/// Reads one value from `deserializer` and writes it to `serializer`.
pub fn transcode<'de, D, S>(
    deserializer: D,
    serializer: S,
    scalars: Scalars,
) -> Result<S::Ok, Failed<D::Error, S::Error>>
where
    D: Deserializer<'de>,
    S: Serializer,
{
    let transcoder = Transcoder::new(deserializer, scalars);
    transcoder.serialize(serializer).map_err(|err| {
        match transcoder.read_error.borrow_mut().take() {
            Some(read) => Failed::Read(read),
            None => Failed::Write(err),
        }
    })
}

/// A deserializer seen as a `Serialize` value; it can be serialized once.
struct Transcoder<'de, D: Deserializer<'de>> {
    deserializer: RefCell<Option<D>>,
    scalars: Scalars,
    /// The deserializer's error, kept beside the serializer's copy of its message.
    read_error: RefCell<Option<D::Error>>,
}

impl<'de, D: Deserializer<'de>> Transcoder<'de, D> {
    fn new(deserializer: D, scalars: Scalars) -> Self {
        Transcoder {
            deserializer: RefCell::new(Some(deserializer)),
            scalars,
            read_error: RefCell::new(None),
        }
    }
}

impl<'de, D: Deserializer<'de>> Serialize for Transcoder<'de, D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let deserializer = self
            .deserializer
            .borrow_mut()
            .take()
            .ok_or_else(|| ser::Error::custom("a value was serialized twice"))?;
        deserializer
            .deserialize_any(Forward {
                serializer,
                scalars: self.scalars,
            })
            .map_err(|err| {
                let message = ser::Error::custom(&err);
                *self.read_error.borrow_mut() = Some(err);
                message
            })
    }
}

/// The visitor that forwards every event to a serializer.
struct Forward<S> {
    serializer: S,
    scalars: Scalars,
}

impl<S: Serializer> Forward<S> {
    fn text<E: de::Error>(self, text: &str) -> Result<S::Ok, E> {
        let result = match self.scalars {
            Scalars::Infer => infer(text, self.serializer),
            Scalars::Keep | Scalars::JsonNumbers => self.serializer.serialize_str(text),
        };
        result.map_err(de::Error::custom)
    }
}

/// Writes one JSV scalar as JSON with inference: the decision is the library's own
/// ([`serde_jsv::Value::to_json_inferred`]), asked only for text that could be a number.
fn infer<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    match text {
        "True" => return serializer.serialize_bool(true),
        "False" => return serializer.serialize_bool(false),
        _ => {}
    }
    let maybe_number = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'+' | b'e' | b'E'));
    if maybe_number
        && let serde_json::Value::Number(number) = serde_jsv::Value::from(text).to_json_inferred()
    {
        return number.serialize(serializer);
    }
    serializer.serialize_str(text)
}

impl<'de, S: Serializer> Visitor<'de> for Forward<S> {
    type Value = S::Ok;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<S::Ok, E> {
        self.serializer
            .serialize_bool(value)
            .map_err(de::Error::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<S::Ok, E> {
        self.serializer
            .serialize_i64(value)
            .map_err(de::Error::custom)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<S::Ok, E> {
        self.serializer
            .serialize_u64(value)
            .map_err(de::Error::custom)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<S::Ok, E> {
        self.serializer
            .serialize_i128(value)
            .map_err(de::Error::custom)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<S::Ok, E> {
        self.serializer
            .serialize_u128(value)
            .map_err(de::Error::custom)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<S::Ok, E> {
        match (self.scalars, serde_json::Number::from_f64(value)) {
            (Scalars::JsonNumbers, Some(number)) => self
                .serializer
                .serialize_str(&number.to_string())
                .map_err(de::Error::custom),
            _ => self
                .serializer
                .serialize_f64(value)
                .map_err(de::Error::custom),
        }
    }

    fn visit_char<E: de::Error>(self, value: char) -> Result<S::Ok, E> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<S::Ok, E> {
        self.text(value)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<S::Ok, E> {
        self.serializer
            .serialize_bytes(value)
            .map_err(de::Error::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<S::Ok, E> {
        self.serializer.serialize_unit().map_err(de::Error::custom)
    }

    fn visit_none<E: de::Error>(self) -> Result<S::Ok, E> {
        self.serializer.serialize_unit().map_err(de::Error::custom)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Ok, D::Error> {
        transcode(deserializer, self.serializer, self.scalars).map_err(|failed| match failed {
            Failed::Read(err) => err,
            Failed::Write(err) => de::Error::custom(err),
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<S::Ok, D::Error> {
        transcode(deserializer, self.serializer, self.scalars).map_err(|failed| match failed {
            Failed::Read(err) => err,
            Failed::Write(err) => de::Error::custom(err),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<S::Ok, A::Error> {
        let mut out = self
            .serializer
            .serialize_seq(seq.size_hint())
            .map_err(de::Error::custom)?;
        let scalars = self.scalars;
        while seq
            .next_element_seed(ElementSeed {
                out: &mut out,
                scalars,
            })?
            .is_some()
        {}
        out.end().map_err(de::Error::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Ok, A::Error> {
        let mut out = self
            .serializer
            .serialize_map(map.size_hint())
            .map_err(de::Error::custom)?;
        let scalars = self.scalars;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            out.serialize_key(key.as_ref()).map_err(de::Error::custom)?;
            map.next_value_seed(ValueSeed {
                out: &mut out,
                scalars,
            })?;
        }
        out.end().map_err(de::Error::custom)
    }
}

/// Writes one list item into the list being serialized.
struct ElementSeed<'a, T> {
    out: &'a mut T,
    scalars: Scalars,
}

impl<'de, T: SerializeSeq> DeserializeSeed<'de> for ElementSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // The item's own read error goes up whole (with its position), not as the
        // serializer's copy of its message.
        let item = Transcoder::new(deserializer, self.scalars);
        self.out.serialize_element(&item).map_err(|err| {
            item.read_error
                .borrow_mut()
                .take()
                .unwrap_or_else(|| de::Error::custom(err))
        })
    }
}

/// Writes one member value into the map being serialized.
struct ValueSeed<'a, T> {
    out: &'a mut T,
    scalars: Scalars,
}

impl<'de, T: SerializeMap> DeserializeSeed<'de> for ValueSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        // The item's own read error goes up whole (with its position), not as the
        // serializer's copy of its message.
        let item = Transcoder::new(deserializer, self.scalars);
        self.out.serialize_value(&item).map_err(|err| {
            item.read_error
                .borrow_mut()
                .take()
                .unwrap_or_else(|| de::Error::custom(err))
        })
    }
}

/// Reads a member name as text, borrowed from the input when it can be.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(if value { "True" } else { "False" }))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_string()))
    }
}

/// What [`validate`] checks beyond well-formedness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Nothing more (JSON output, `check`).
    Any,
    /// The document is written as JSV: a list whose only item is null has no JSV form.
    Jsv,
}

/// The message of the one error [`validate`] adds.
pub const LONE_NULL: &str =
    "a list whose only item is null has no JSV form (`[]` is the empty list)";

/// Reads a whole value, checking it can be written to `target`; returns the number of
/// values read (for `check`'s summary).
pub fn validate<'de, D: Deserializer<'de>>(
    deserializer: D,
    target: Target,
) -> Result<u64, D::Error> {
    let mut count = 0;
    ValidateSeed {
        target,
        count: &mut count,
    }
    .deserialize(deserializer)?;
    Ok(count)
}

/// Walks one value; its result says whether the value was null.
struct ValidateSeed<'a> {
    target: Target,
    count: &'a mut u64,
}

impl<'de> DeserializeSeed<'de> for ValidateSeed<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValidateSeed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<bool, E> {
        *self.count += 1;
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        *self.count += 1;
        Ok(true)
    }

    fn visit_none<E: de::Error>(self) -> Result<bool, E> {
        *self.count += 1;
        Ok(true)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        *self.count += 1;
        let mut items = 0_u64;
        let mut first_null = false;
        while let Some(null) = seq.next_element_seed(ValidateSeed {
            target: self.target,
            count: &mut *self.count,
        })? {
            if items == 0 {
                first_null = null;
            }
            items += 1;
        }
        if self.target == Target::Jsv && items == 1 && first_null {
            return Err(de::Error::custom(LONE_NULL));
        }
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        *self.count += 1;
        while map.next_key_seed(KeySeed)?.is_some() {
            map.next_value_seed(ValidateSeed {
                target: self.target,
                count: &mut *self.count,
            })?;
        }
        Ok(false)
    }
}
