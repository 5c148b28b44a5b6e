//! The JSV format, table by table, in the style of serde_json's `tests/test.rs`.
//!
//! * `test_encode_ok` / `test_pretty_encode_ok`: exact text written for a value;
//! * `test_parse_ok`: value read from a text — and every proper prefix of every valid
//!   document either errors or parses, never panics;
//! * `test_parse_err`: the exact rendered error, with line and column.
//!
//! Reading (`test/read.rs`), errors (`test/errors.rs`), data-model round trips, `Value` and
//! borrowing are in `test/`.

#[path = "test/errors.rs"]
mod errors;
#[path = "test/read.rs"]
mod read;
#[path = "test/roundtrip.rs"]
mod roundtrip;
#[path = "test/value.rs"]
mod value;

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_jsv::Value;
use serde_jsv::de::{Options, ReadMode};

// -------------------------------------------------------------------------------------
// Harness
// -------------------------------------------------------------------------------------

/// Checks the compact text of each value, through every writer entry point.
pub fn test_encode_ok<T: Serialize + ?Sized>(pairs: &[(&T, &str)]) {
    for &(value, expected) in pairs {
        assert_eq!(serde_jsv::to_string(value).unwrap(), expected, "to_string");
        assert_eq!(
            serde_jsv::to_vec(value).unwrap(),
            expected.as_bytes(),
            "to_vec"
        );
        let mut out = Vec::new();
        serde_jsv::to_writer(&mut out, value).unwrap();
        assert_eq!(out, expected.as_bytes(), "to_writer");
        // What we write, we read without error (any type: untyped).
        serde_jsv::from_str::<Value>(expected).unwrap_or_else(|e| panic!("{expected:?}: {e}"));
    }
}

/// Checks the pretty text of each value.
pub fn test_pretty_encode_ok<T: Serialize + ?Sized>(pairs: &[(&T, &str)]) {
    for &(value, expected) in pairs {
        assert_eq!(
            serde_jsv::to_string_pretty(value).unwrap(),
            expected,
            "to_string_pretty"
        );
        let mut out = Vec::new();
        serde_jsv::to_writer_pretty(&mut out, value).unwrap();
        assert_eq!(out, expected.as_bytes(), "to_writer_pretty");
        assert_eq!(
            serde_jsv::to_vec_pretty(value).unwrap(),
            expected.as_bytes()
        );
    }
}

/// Every proper prefix (on char boundaries) must error or parse, never panic.
pub fn check_prefixes<T: DeserializeOwned>(text: &str) {
    for end in (0..text.len()).filter(|&end| text.is_char_boundary(end)) {
        let prefix = &text[..end];
        let _ = serde_jsv::from_str::<T>(prefix);
        let _ = serde_jsv::from_str::<Value>(prefix);
        let _ = Options::new()
            .read_mode(ReadMode::Pretty)
            .from_str::<Value>(prefix);
    }
}

/// Checks the value read from each text, through every reader entry point.
pub fn test_parse_ok<T: DeserializeOwned + PartialEq + Debug>(pairs: Vec<(&str, T)>) {
    for (text, expected) in pairs {
        let got: T = serde_jsv::from_str(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(got, expected, "from_str({text:?})");
        let got: T = serde_jsv::from_slice(text.as_bytes()).unwrap();
        assert_eq!(got, expected, "from_slice({text:?})");
        let got: T = serde_jsv::from_reader(text.as_bytes()).unwrap();
        assert_eq!(got, expected, "from_reader({text:?})");
        check_prefixes::<T>(text);
    }
}

/// Checks the exact one-line rendering (`{}`, and `{:#}` which is the same) of the error
/// for each text.
pub fn test_parse_err<T: DeserializeOwned + Debug>(errors: &[(&str, &str)]) {
    for &(text, expected) in errors {
        let err = serde_jsv::from_str::<T>(text).unwrap_err();
        assert_eq!(err.to_string(), expected, "from_str({text:?})");
        assert_eq!(
            format!("{err:#}"),
            expected,
            "from_str({text:?}) with {{:#}}"
        );
    }
}

// -------------------------------------------------------------------------------------
// Types
// -------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Unit;

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Newtype(pub i32);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Pair(pub i32, pub String);

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub struct Person {
    pub name: String,
    pub age: Option<u8>,
    pub tags: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub enum Shape {
    Empty,
    Circle(f64),
    Rect(u32, u32),
    Named { label: String, sides: Option<u8> },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy, PartialOrd, Ord, Eq)]
pub enum Color {
    Red,
    Green,
}

#[derive(Deserialize, Debug, PartialEq)]
pub struct Text {
    pub s: String,
}

#[derive(Deserialize, Debug, PartialEq)]
pub struct Maybe {
    pub a: Option<i32>,
    pub b: Option<String>,
}

// -------------------------------------------------------------------------------------
// Writing
// -------------------------------------------------------------------------------------

#[test]
fn test_write_bool() {
    test_encode_ok(&[(&true, "True"), (&false, "False")]);
}

#[test]
fn test_write_integers() {
    test_encode_ok(&[(&i8::MIN, "-128"), (&i8::MAX, "127")]);
    test_encode_ok(&[(&i16::MIN, "-32768"), (&i16::MAX, "32767")]);
    test_encode_ok(&[(&i32::MIN, "-2147483648"), (&i32::MAX, "2147483647")]);
    test_encode_ok(&[
        (&i64::MIN, "-9223372036854775808"),
        (&i64::MAX, "9223372036854775807"),
    ]);
    test_encode_ok(&[
        (&i128::MIN, "-170141183460469231731687303715884105728"),
        (&i128::MAX, "170141183460469231731687303715884105727"),
    ]);
    test_encode_ok(&[(&u8::MAX, "255"), (&0u8, "0")]);
    test_encode_ok(&[(&u16::MAX, "65535")]);
    test_encode_ok(&[(&u32::MAX, "4294967295")]);
    test_encode_ok(&[(&u64::MAX, "18446744073709551615")]);
    test_encode_ok(&[(&u128::MAX, "340282366920938463463374607431768211455")]);
}

#[test]
fn test_write_f64() {
    test_encode_ok(&[
        (&0.0f64, "0"),
        (&-0.0f64, "-0"),
        (&1.5f64, "1.5"),
        (&-60.0f64, "-60"),
        (&0.1f64, "0.1"),
        (&0.30000000000000004f64, "0.30000000000000004"),
        (&0.0001f64, "0.0001"),
        (&1e-5f64, "1E-05"),
        (&1e16f64, "10000000000000000"),
        (&1e17f64, "1E+17"),
        (&1.2345678901234568e17f64, "1.2345678901234568E+17"),
        (&f64::MAX, "1.7976931348623157E+308"),
        (&f64::MIN, "-1.7976931348623157E+308"),
        (&f64::MIN_POSITIVE, "2.2250738585072014E-308"),
        (&1e-310f64, "1E-310"),
        (&5e-324f64, "5E-324"),
        (&f64::NAN, "NaN"),
        (&f64::INFINITY, "Infinity"),
        (&f64::NEG_INFINITY, "-Infinity"),
    ]);
}

#[test]
fn test_write_f32() {
    test_encode_ok(&[
        (&0.1f32, "0.1"),
        (&-0.0f32, "-0"),
        (&std::f32::consts::PI, "3.1415927"),
        (&16777216f32, "16777216"),
        (&1e8f32, "100000000"),
        (&1e9f32, "1E+09"),
        (&f32::MAX, "3.4028235E+38"),
        (&f32::MIN_POSITIVE, "1.1754944E-38"),
        (&1e-45f32, "1E-45"),
        (&f32::NAN, "NaN"),
        (&f32::NEG_INFINITY, "-Infinity"),
    ]);
}

#[test]
fn test_write_char() {
    test_encode_ok(&[
        (&vec!['a', ':', 'é', '\t', '\0'], "[a,:,é,\t,\0]"),
        (&vec![',', '"', '{', '}'], r#"[",","""","{","}"]"#),
        (&vec!['[', ']', '\r', '\n'], "[\"[\",\"]\",\"\r\",\"\n\"]"),
        (&vec![' ', 'x'], "[ ,x]"),
    ]);
    // At the root whitespace is trimmed by the reader, so it is quoted.
    test_encode_ok(&[(&' ', "\" \""), (&':', ":"), (&'x', "x")]);
}

#[test]
fn test_write_str() {
    test_encode_ok(&[
        ("", "\"\""),
        ("a", "a"),
        ("a b", "a b"),
        ("True", "True"),
        ("null", "null"),
        ("a,b", "\"a,b\""),
        ("a:b", "\"a:b\""),
        ("{", "\"{\""),
        ("}", "\"}\""),
        ("[", "\"[\""),
        ("]", "\"]\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("a\rb", "\"a\rb\""),
        ("a\nb", "\"a\nb\""),
        ("\u{200B}", "\u{200B}"),
        ("tab\there", "tab\there"),
        ("'\\%@=/#é😀", "'\\%@=/#é😀"),
        // Root strings with whitespace at an end are quoted (the root is trimmed on read).
        (" padded ", "\" padded \""),
        ("\u{FEFF}x", "\"\u{FEFF}x\""),
    ]);
    // Inside a document spaces are data and stay bare (R28), as ServiceStack writes them.
    test_encode_ok(&[(&vec![" padded ", "x "], "[ padded ,x ]")]);
    // … except a lone blank item, which `[ ]` would turn into the empty list.
    test_encode_ok(&[(&vec![" "], "[\" \"]"), (&vec![" ", " "], "[ , ]")]);
}

#[test]
fn test_write_bytes() {
    test_encode_ok(&[
        (&ByteBuf::from(vec![0u8, 1, 255]), "AAH/"),
        (&ByteBuf::from(b"abc".to_vec()), "YWJj"),
        (&ByteBuf::new(), "\"\""),
    ]);
}

#[test]
fn test_write_option_and_unit() {
    test_encode_ok(&[(&None::<i32>, ""), (&Some(5), "5"), (&Some(-5), "-5")]);
    test_encode_ok(&[(&Some(Some("x")), "x")]);
    test_encode_ok(&[(&(), "")]);
    test_encode_ok(&[(&Unit, "")]);
    test_encode_ok(&[
        (&vec![Some(1), None, Some(3)], "[1,,3]"),
        (&vec![Some(1), None], "[1,]"),
    ]);
    test_encode_ok(&[
        (&vec![None::<i32>, None], "[,]"),
        (&Vec::<Option<i32>>::new(), "[]"),
    ]);
    // `None` members and map values are left out (R9, R16); `()` keeps its name.
    let map = BTreeMap::from([("a", None), ("b", Some(1))]);
    test_encode_ok(&[(&map, "{b:1}")]);
    test_encode_ok(&[(&BTreeMap::from([("a", ())]), "{a:}")]);
}

#[test]
fn test_write_lone_empty_item_is_an_error() {
    for err in [
        serde_jsv::to_string(&vec![None::<i32>]).unwrap_err(),
        serde_jsv::to_string(&vec![()]).unwrap_err(),
        serde_jsv::to_string(&(None::<u8>,)).unwrap_err(),
    ] {
        assert_eq!(
            err.to_string(),
            "a list whose only item is None or () has no JSV form (`[]` is the empty list)"
        );
    }
}

#[test]
fn test_write_structs_and_enums() {
    test_encode_ok(&[(&Newtype(5), "5")]);
    test_encode_ok(&[(&Pair(1, "a,b".into()), "[1,\"a,b\"]")]);
    test_encode_ok(&[(&(1, "a", true), "[1,a,True]")]);
    test_encode_ok(&[
        (
            &Person {
                name: "Ann Lee".into(),
                age: None,
                tags: vec![],
            },
            "{name:Ann Lee,tags:[]}",
        ),
        (
            &Person {
                name: "urn:x".into(),
                age: Some(3),
                tags: vec!["a".into(), "".into()],
            },
            "{name:\"urn:x\",age:3,tags:[a,\"\"]}",
        ),
    ]);
    test_encode_ok(&[
        (&Shape::Empty, "Empty"),
        (&Shape::Circle(1.5), "{Circle:1.5}"),
        (&Shape::Rect(2, 3), "{Rect:[2,3]}"),
        (
            &Shape::Named {
                label: "x".into(),
                sides: None,
            },
            "{Named:{label:x}}",
        ),
        (
            &Shape::Named {
                label: "}".into(),
                sides: Some(4),
            },
            "{Named:{label:\"}\",sides:4}}",
        ),
    ]);
}

#[test]
fn test_write_maps() {
    let hostile = BTreeMap::from([
        ("", 1),
        ("a,b", 2),
        ("k:v", 3),
        ("a\"b", 4),
        (" sp ", 5),
        ("{x}", 6),
        ("[", 7),
        ("line\nbreak", 8),
    ]);
    test_encode_ok(&[(
        &hostile,
        "{\"\":1, sp :5,\"[\":7,\"a\"\"b\":4,\"a,b\":2,\"k:v\":3,\"line\nbreak\":8,\"{x}\":6}",
    )]);
    test_encode_ok(&[(&BTreeMap::from([(1, "x"), (-2, "y")]), "{-2:y,1:x}")]);
    test_encode_ok(&[(&BTreeMap::from([(true, 1)]), "{True:1}")]);
    test_encode_ok(&[(&BTreeMap::from([(':', 1), ('a', 2)]), "{\":\":1,a:2}")]);
    test_encode_ok(&[(
        &BTreeMap::from([(Color::Red, 1), (Color::Green, 2)]),
        "{Red:1,Green:2}",
    )]);
    let err = serde_jsv::to_string(&BTreeMap::from([(vec![1], 1)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "map keys must be strings, numbers, bools, chars or unit variants"
    );
}

#[test]
fn test_write_nested() {
    let people = vec![
        Person {
            name: "a".into(),
            age: Some(1),
            tags: vec!["x y".into()],
        },
        Person {
            name: "b".into(),
            age: None,
            tags: vec!["[1,2]".into()],
        },
    ];
    test_encode_ok(&[(
        &people,
        "[{name:a,age:1,tags:[x y]},{name:b,tags:[\"[1,2]\"]}]",
    )]);
}

#[test]
fn test_write_pretty() {
    test_pretty_encode_ok(&[(&5, "5")]);
    test_pretty_encode_ok(&[(&"a b", "a b")]);
    test_pretty_encode_ok(&[(&vec!["a", "b"], "[\n\ta,\n\tb\n]"), (&vec![], "[\n\t\n]")]);
    test_pretty_encode_ok(&[(
        &Person {
            name: " x".into(),
            age: Some(2),
            tags: vec![],
        },
        "{\n\tname: \" x\",\n\tage: 2,\n\ttags: []\n}",
    )]);
    test_pretty_encode_ok(&[(
        &Shape::Named {
            label: "a".into(),
            sides: Some(3),
        },
        "{\n\tNamed: \n\t{\n\t\tlabel: a,\n\t\tsides: 3\n\t}\n}",
    )]);
    test_pretty_encode_ok(&[(&vec![Some(1), None], "[\n\t1,\n\t\n]")]);
    test_pretty_encode_ok(&[(
        &vec![vec![1], vec![]],
        "[\n\t[\n\t\t1\n\t],\n\t[\n\t\t\n\t]\n]",
    )]);
    test_pretty_encode_ok(&[(
        &BTreeMap::from([("k", "line\nbreak")]),
        "{\n\tk: \"line\nbreak\"\n}",
    )]);
}
