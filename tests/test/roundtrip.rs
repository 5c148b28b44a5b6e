//! A round trip through JSV (compact and pretty) gives back the same value, for every type
//! of the serde data model; `to_value`/`from_value` too.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use super::{Color, Newtype, Pair, Person, Shape, Unit, check_prefixes};

/// Compact, pretty, and `Value` round trips; the prefixes of both texts never panic.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let compact = serde_jsv::to_string(value).unwrap();
    let back: T = serde_jsv::from_str(&compact).unwrap_or_else(|e| panic!("{compact:?}: {e}"));
    assert_eq!(&back, value, "compact {compact:?}");
    let pretty = serde_jsv::to_string_pretty(value).unwrap();
    let back: T = serde_jsv::from_str(&pretty).unwrap_or_else(|e| panic!("{pretty:?}: {e}"));
    assert_eq!(&back, value, "pretty {pretty:?}");
    let as_value = serde_jsv::to_value(value).unwrap();
    let via_text: serde_jsv::Value = serde_jsv::from_str(&compact).unwrap();
    assert_eq!(as_value, via_text, "to_value agrees with reading the text");
    let back: T =
        serde_jsv::from_value(as_value.clone()).unwrap_or_else(|e| panic!("{as_value:?}: {e}"));
    assert_eq!(&back, value, "value {as_value:?}");
    check_prefixes::<T>(&compact);
    check_prefixes::<T>(&pretty);
}

/// Floats compared bit for bit, NaN as NaN.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
#[serde(transparent)]
struct Bits<F>(F);

impl PartialEq for Bits<f64> {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits() || (self.0.is_nan() && other.0.is_nan())
    }
}

impl PartialEq for Bits<f32> {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits() || (self.0.is_nan() && other.0.is_nan())
    }
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Everything {
    b: bool,
    i8: i8,
    i16: i16,
    i32: i32,
    i64: i64,
    i128: i128,
    u8: u8,
    u16: u16,
    u32: u32,
    u64: u64,
    u128: u128,
    f32: Bits<f32>,
    f64: Bits<f64>,
    c: char,
    s: String,
    empty: String,
    bytes: ByteBuf,
    none: Option<String>,
    some: Option<String>,
    unit: (),
    unit_struct: Unit,
    newtype: Newtype,
    tuple: (u8, String, bool),
    tuple_struct: Pair,
    shapes: Vec<Shape>,
    slots: Vec<Option<String>>,
    map: BTreeMap<String, Option<i32>>,
    int_keys: BTreeMap<i64, String>,
    enum_keys: BTreeMap<Color, Vec<u8>>,
    nested: Vec<Vec<Person>>,
}

const HOSTILE: [&str; 14] = [
    "",
    " ",
    "  padded  ",
    "a,b",
    "k:v",
    "{",
    "}",
    "[",
    "]",
    "say \"hi\"",
    "cr\r\nlf",
    "\u{200B}",
    "\u{FEFF}",
    "tab\t",
];

#[test]
fn test_round_trip_scalars() {
    for b in [true, false] {
        round_trip(&b);
    }
    round_trip(&i8::MIN);
    round_trip(&i16::MAX);
    round_trip(&i32::MIN);
    round_trip(&i64::MIN);
    round_trip(&i128::MAX);
    round_trip(&u8::MAX);
    round_trip(&u16::MAX);
    round_trip(&u32::MAX);
    round_trip(&u64::MAX);
    round_trip(&u128::MAX);
    let doubles = [
        0.0,
        -0.0,
        0.1,
        1e17,
        1e-5,
        5e-324,
        1e-310,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for f in doubles {
        round_trip(&Bits(f));
    }
    for f in [
        0.0f32,
        -0.0,
        0.1,
        1e9,
        1e-45,
        f32::MAX,
        f32::NAN,
        f32::NEG_INFINITY,
    ] {
        round_trip(&Bits(f));
    }
    for c in [
        'a', ' ', ':', ',', '"', '{', '}', '[', ']', '\r', '\n', '\t', '\0', '\u{200B}',
        '\u{FEFF}', 'é', '😀',
    ] {
        round_trip(&c);
        round_trip(&vec![c]);
        round_trip(&vec![c, c]);
        round_trip(&BTreeMap::from([(c, c)]));
    }
    for s in HOSTILE {
        round_trip(&s.to_owned());
        round_trip(&vec![s.to_owned()]);
        round_trip(&vec![s.to_owned(), s.to_owned()]);
        round_trip(&BTreeMap::from([(s.to_owned(), s.to_owned())]));
        round_trip(&(s.to_owned(),));
    }
    round_trip(&ByteBuf::from(vec![0, 1, 2, 255]));
    round_trip(&ByteBuf::new());
}

#[test]
fn test_round_trip_compound() {
    round_trip(&None::<i32>);
    round_trip(&Some(5));
    round_trip(&());
    round_trip(&Unit);
    round_trip(&Newtype(-1));
    round_trip(&Pair(1, "a".into()));
    round_trip(&(1u8, "x".to_owned(), 'c'));
    round_trip(&vec![Some(1), None, Some(3)]);
    round_trip(&vec![None::<i32>, None]);
    round_trip(&Vec::<String>::new());
    round_trip(&vec![Vec::<i32>::new()]);
    round_trip(&HashMap::from([("k".to_owned(), vec![1, 2])]));
    for shape in [
        Shape::Empty,
        Shape::Circle(-0.5),
        Shape::Rect(0, u32::MAX),
        Shape::Named {
            label: "  ".into(),
            sides: None,
        },
        Shape::Named {
            label: "x:y".into(),
            sides: Some(3),
        },
    ] {
        round_trip(&shape);
        round_trip(&vec![shape.clone()]);
    }
}

#[test]
fn test_round_trip_everything() {
    let person = |name: &str| Person {
        name: name.into(),
        age: Some(7),
        tags: HOSTILE.iter().map(|s| s.to_string()).collect(),
    };
    let everything = Everything {
        b: true,
        i8: i8::MIN,
        i16: i16::MIN,
        i32: i32::MIN,
        i64: i64::MIN,
        i128: i128::MIN,
        u8: u8::MAX,
        u16: u16::MAX,
        u32: u32::MAX,
        u64: u64::MAX,
        u128: u128::MAX,
        f32: Bits(f32::MIN_POSITIVE),
        f64: Bits(-0.0),
        c: '}',
        s: " lead and trail ".into(),
        empty: String::new(),
        bytes: ByteBuf::from(b"\x00jsv\xff".to_vec()),
        none: None,
        some: Some("[1,2,3]".into()),
        unit: (),
        unit_struct: Unit,
        newtype: Newtype(42),
        tuple: (1, ",".into(), false),
        tuple_struct: Pair(-1, "\"".into()),
        shapes: vec![
            Shape::Empty,
            Shape::Circle(f64::INFINITY),
            Shape::Rect(1, 2),
            Shape::Named {
                label: "{}".into(),
                sides: None,
            },
        ],
        slots: vec![None, Some(" ".into()), None, Some(String::new())],
        map: BTreeMap::from([("a , b".into(), Some(1)), ("k:v".into(), Some(-2))]),
        int_keys: BTreeMap::from([(-1, "neg".into()), (i64::MAX, "max".into())]),
        enum_keys: BTreeMap::from([(Color::Red, vec![1]), (Color::Green, vec![])]),
        nested: vec![vec![person("a")], vec![], vec![person("b, c"), person("")]],
    };
    round_trip(&everything);
}
