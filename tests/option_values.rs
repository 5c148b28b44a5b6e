//! A present `Option` reads its value exactly as the value alone reads: the same result, the
//! same error at the same place, for every kind of value serde asks a deserializer for.
//!
//! The reader hands the value of a present option to `visit_some` under a type of its own
//! (`de::some::SomeValue`, for speed), which passes every request on to the reader. These
//! tests hold each request read through it against the same text read directly, at the root
//! and as a member value (where the reader takes compact tokens by a shorter path).

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

#[derive(Debug, PartialEq, Deserialize)]
struct Member<T> {
    v: T,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Unit;

#[derive(Debug, PartialEq, Deserialize)]
struct Newtype(String);

#[derive(Debug, PartialEq, Deserialize)]
struct Pair(i32, String);

#[derive(Debug, PartialEq, Deserialize)]
struct Point {
    x: i64,
    label: Option<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Shape {
    Empty,
    Circle { radius: f64 },
}

/// A value read with `deserialize_identifier`, as a derived field name is.
#[derive(Debug, PartialEq)]
struct Identifier(String);

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl Visitor<'_> for Names {
            type Value = Identifier;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Identifier, E> {
                Ok(Identifier(name.to_owned()))
            }
        }
        deserializer.deserialize_identifier(Names)
    }
}

/// A value read with `deserialize_ignored_any`: what was there is not kept.
#[derive(Debug, PartialEq)]
struct Ignored;

impl<'de> Deserialize<'de> for Ignored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::IgnoredAny::deserialize(deserializer).map(|_| Ignored)
    }
}

/// Whether the deserializer says its format is human-readable.
#[derive(Debug, PartialEq)]
struct Readable(bool);

impl<'de> Deserialize<'de> for Readable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let readable = deserializer.is_human_readable();
        de::IgnoredAny::deserialize(deserializer).map(|_| Readable(readable))
    }
}

fn same<T: Debug>(text: &str, alone: serde_jsv::Result<T>, inside: serde_jsv::Result<Option<T>>) {
    match (alone, inside) {
        // Compared as written out, so that a NaN equals itself.
        (Ok(alone), Ok(Some(inside))) => {
            assert_eq!(format!("{alone:?}"), format!("{inside:?}"), "{text:?}")
        }
        (Err(alone), Err(inside)) => {
            assert_eq!(alone.to_string(), inside.to_string(), "{text:?}");
            assert_eq!(
                (alone.line(), alone.column()),
                (inside.line(), inside.column()),
                "{text:?}"
            );
        }
        (alone, inside) => panic!("{text:?}: alone {alone:?}, inside Some {inside:?}"),
    }
}

/// Each text read as `$ty` and as `Option<$ty>`, at the root and as a member value.
macro_rules! reads_alike {
    ($ty:ty: $($text:expr),+ $(,)?) => {
        for text in [$($text),+] {
            same(
                text,
                serde_jsv::from_str::<$ty>(text),
                serde_jsv::from_str::<Option<$ty>>(text),
            );
            let member = format!("{{v:{text}}}");
            same(
                &member,
                serde_jsv::from_str::<Member<$ty>>(&member).map(|m| m.v),
                serde_jsv::from_str::<Member<Option<$ty>>>(&member).map(|m| m.v),
            );
        }
    };
}

#[test]
fn scalars_read_alike() {
    reads_alike!(bool: "True", "false", "yes", "\"True\"");
    reads_alike!(i8: "-128", "127", "128", "1.5");
    reads_alike!(i16: "-32768", "40000");
    reads_alike!(i32: "42", "-7", "x", "\"12\"");
    reads_alike!(i64: "9223372036854775807", "9223372036854775808");
    reads_alike!(i128: "-170141183460469231731687303715884105728");
    reads_alike!(u8: "255", "256", "-1");
    reads_alike!(u16: "65535");
    reads_alike!(u32: "4294967295", "4294967296");
    reads_alike!(u64: "18446744073709551615");
    reads_alike!(u128: "340282366920938463463374607431768211455");
    reads_alike!(f32: "1.5", "-0", "1e39", "NaN");
    reads_alike!(f64: "3.25", "1E-7", "abc");
    reads_alike!(char: "a", "é", "ab");
}

#[test]
fn strings_read_alike() {
    reads_alike!(String:
        "plain",
        "\"quoted, with comma\"",
        "\"doubled \"\"quotes\"\"\"",
        "\"unterminated",
        "{a:1}",
        "[1,2]",
        " spaced",
        "\"\"",
    );
    reads_alike!(&str: "plain", "\"quoted: yes\"", "[raw]");
    reads_alike!(Box<str>: "boxed");
    reads_alike!(serde_bytes::ByteBuf: "AQID", "[1,2,3]", "!!");
}

#[test]
fn structures_read_alike() {
    // (The empty token is `None` for an option: only other tokens read alike.)
    reads_alike!((): "x", "\"\"");
    reads_alike!(Unit: "x", "[]");
    reads_alike!(Newtype: "inner", "\"in, ner\"");
    reads_alike!(Vec<i32>: "[1,2,3]", "[]", "[1,x]", "[1,2");
    reads_alike!((i32, String): "[1,a]", "[1]");
    reads_alike!(Pair: "[2,b]");
    reads_alike!(BTreeMap<String, i32>: "{a:1,b:2}", "{}", "{a:x}");
    reads_alike!(Point: "{x:1,label:A}", "{x:2}", "{label:B,x:3,extra:[1,{y:2}]}", "{x:1");
    reads_alike!(Shape: "Empty", "{Circle:{radius:2.5}}", "Square", "{Circle:{radius:x}}");
    reads_alike!(Option<String>: "a", "\"b\"");
    reads_alike!(Identifier: "name", "\"quoted name\"");
    reads_alike!(Ignored: "anything", "{a:[1,2]}", "[{},[]]", "\"q\"");
    reads_alike!(Readable: "x");
}
