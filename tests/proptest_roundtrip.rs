//! Property tests over the whole serde data model: JSV round trips (compact and pretty),
//! JSV agrees with serde_json on typed values, `Value` round trips, and no prefix of a
//! document panics the reader.
//!
//! 256 cases per property by default (the file runs in well under a minute in debug);
//! `PROPTEST_CASES=10000 cargo test --test proptest_roundtrip` for a longer run.
//!
//! The strategies leave out only what `docs/data-model.md` names as lossy, each at the
//! place it is filtered, with the rule quoted:
//! * "`vec![None]` | error on write": a list whose only item is `None` (or `()`, which is
//!   written as the same empty token);
//! * "`Some(None)`, `Some(())` | read back as `None`": no `Option<Option<_>>`/`Option<()>`;
//! * "map … `None` values dropped (R16)": map values are never `None`;
//! * "`NaN` payloads | all NaNs read back as the one NaN": floats compare NaN-aware, and
//!   bitwise otherwise (so `-0.0` must survive as `-0.0`);
//! * serde_json writes non-finite floats as `null` and cannot read them back, and without
//!   its `float_roundtrip` feature it may misread the last digit of a float, so the
//!   JSV-vs-JSON property uses the floats that serde_json itself round-trips.
//!
//! Two core bugs this found are fixed (753095a); their repros are the `core_bug_*` tests at
//! the end.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use serde_jsv::Value;

// ---------------------------------------------------------------------------------------
// The rich test type
// ---------------------------------------------------------------------------------------

/// An `f64` compared NaN-aware and bitwise otherwise.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
struct F64(f64);

impl PartialEq for F64 {
    fn eq(&self, other: &Self) -> bool {
        (self.0.is_nan() && other.0.is_nan()) || self.0.to_bits() == other.0.to_bits()
    }
}

/// An `f32` compared NaN-aware and bitwise otherwise.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
struct F32(f32);

impl PartialEq for F32 {
    fn eq(&self, other: &Self) -> bool {
        (self.0.is_nan() && other.0.is_nan()) || self.0.to_bits() == other.0.to_bits()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct UnitStruct;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Newtype(String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TupleStruct(i16, String, Option<u8>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum Key {
    Alpha,
    Beta,
    #[serde(rename = "with space")]
    WithSpace,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Unit,
    Newtype(String),
    MaybeNewtype(Option<i32>),
    Float(F64),
    Tuple(i64, String, F32),
    Struct {
        name: String,
        size: Option<u32>,
        tags: Vec<String>,
    },
    Nested(Box<Shape>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Inner {
    label: String,
    value: Option<F64>,
    items: Vec<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Rich {
    flag: bool,
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
    f32: F32,
    f64: F64,
    ch: char,
    text: String,
    opt_text: Option<String>,
    opt_number: Option<u64>,
    slots: Vec<Option<String>>,
    numbers: Vec<Option<i32>>,
    tree: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    ordered: IndexMap<String, Inner>,
    int_keys: BTreeMap<i64, String>,
    char_keys: BTreeMap<char, bool>,
    enum_keys: BTreeMap<Key, F64>,
    shapes: Vec<Shape>,
    shape: Shape,
    tuple: (u8, String, F64, Option<bool>),
    tuple_struct: TupleStruct,
    newtype: Newtype,
    bytes: ByteBuf,
    unit_struct: UnitStruct,
    unit: (),
}

// ---------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------

const HOSTILE: &[&str] = &[
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\"\"",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "",
    "\u{200B}",
    "é",
    "ß",
    "日本",
    "😀",
    "\u{10FFFF}",
    "True",
    "null",
    "NaN",
    "-0",
    "1E+17",
    "{a:1}",
    "[1,2]",
    "\u{FEFF}",
    "\u{0B}",
    "\u{0C}",
    "\\",
    "'",
];

fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        2 => "[a-zA-Z0-9 ._-]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    let text = prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat());
    prop_oneof![
        6 => text.clone(),
        1 => text.clone().prop_map(|t| format!(" {t} ")),
        1 => text.prop_map(|t| format!("\t{t}")),
        1 => Just(String::new()),
        1 => Just("\u{200B}".to_owned()),
    ]
}

fn strings(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(hostile_string(), 0..max)
}

/// `Vec<Option<String>>` without the documented write error (`vec![None]`).
fn slots() -> impl Strategy<Value = Vec<Option<String>>> {
    prop::collection::vec(prop::option::of(hostile_string()), 0..5)
        .prop_filter("data-model: `vec![None]` is an error on write", |v| {
            v.as_slice() != [None]
        })
}

fn numbers() -> impl Strategy<Value = Vec<Option<i32>>> {
    prop::collection::vec(prop::option::of(int::<i32>()), 0..5)
        .prop_filter("data-model: `vec![None]` is an error on write", |v| {
            v.as_slice() != [None]
        })
}

fn int<T>() -> BoxedStrategy<T>
where
    T: Arbitrary + Bounded + Copy + std::fmt::Debug + 'static,
{
    prop_oneof![
        1 => Just(T::MIN),
        1 => Just(T::MAX),
        1 => Just(T::ZERO),
        5 => any::<T>(),
    ]
    .boxed()
}

trait Bounded {
    const MIN: Self;
    const MAX: Self;
    const ZERO: Self;
}

macro_rules! bounded {
    ($($ty:ty),*) => {$(
        impl Bounded for $ty {
            const MIN: Self = <$ty>::MIN;
            const MAX: Self = <$ty>::MAX;
            const ZERO: Self = 0;
        }
    )*};
}

bounded!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

/// Any `f64`: specials, subnormals, any bit pattern; `finite` leaves out NaN and ±∞.
fn float64(finite: bool) -> BoxedStrategy<F64> {
    let specials = prop::sample::select(vec![
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        2.225073858507201e-308,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        1e17,
        99999999999999990.0,
        1e-4,
        0.0001234,
        1e-5,
        0.1,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]);
    prop_oneof![
        1 => specials,
        1 => any::<u64>().prop_map(f64::from_bits),
        1 => -1e6..1e6f64,
        1 => any::<u64>().prop_map(|bits| f64::from_bits(bits & 0x000F_FFFF_FFFF_FFFF)),
    ]
    .prop_filter(
        "serde_json: no NaN/Infinity, and no float_roundtrip",
        move |x| {
            !finite
                || serde_json::from_str::<f64>(&serde_json::to_string(x).unwrap()).ok() == Some(*x)
        },
    )
    .prop_map(F64)
    .boxed()
}

fn float32(finite: bool) -> BoxedStrategy<F32> {
    let specials = prop::sample::select(vec![
        0.0,
        -0.0,
        f32::MIN_POSITIVE,
        1e-45,
        f32::MAX,
        f32::MIN,
        1e9,
        16777217.0,
        0.3,
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
    ]);
    prop_oneof![
        1 => specials,
        1 => any::<u32>().prop_map(f32::from_bits),
        1 => any::<u32>().prop_map(|bits| f32::from_bits(bits & 0x007F_FFFF)),
    ]
    .prop_filter(
        "serde_json: no NaN/Infinity, and no float_roundtrip",
        move |x| {
            !finite
                || serde_json::from_str::<f32>(&serde_json::to_string(x).unwrap()).ok() == Some(*x)
        },
    )
    .prop_map(F32)
    .boxed()
}

fn shape(finite: bool) -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        Just(Shape::Unit),
        hostile_string().prop_map(Shape::Newtype),
        prop::option::of(int::<i32>()).prop_map(Shape::MaybeNewtype),
        float64(finite).prop_map(Shape::Float),
        (int::<i64>(), hostile_string(), float32(finite))
            .prop_map(|(a, b, c)| Shape::Tuple(a, b, c)),
        (hostile_string(), prop::option::of(int::<u32>()), strings(3))
            .prop_map(|(name, size, tags)| Shape::Struct { name, size, tags }),
    ];
    leaf.prop_recursive(3, 8, 1, |inner| {
        inner.prop_map(|s| Shape::Nested(Box::new(s)))
    })
}

fn inner(finite: bool) -> impl Strategy<Value = Inner> {
    (hostile_string(), prop::option::of(float64(finite)), slots()).prop_map(
        |(label, value, items)| Inner {
            label,
            value,
            items,
        },
    )
}

fn rich_with(finite: bool) -> impl Strategy<Value = Rich> {
    let scalars = (
        any::<bool>(),
        (
            int::<i8>(),
            int::<i16>(),
            int::<i32>(),
            int::<i64>(),
            int::<i128>(),
        ),
        (
            int::<u8>(),
            int::<u16>(),
            int::<u32>(),
            int::<u64>(),
            int::<u128>(),
        ),
        float32(finite),
        float64(finite),
        any::<char>(),
        hostile_string(),
        prop::option::of(hostile_string()),
        prop::option::of(int::<u64>()),
    );
    let collections = (
        slots(),
        numbers(),
        prop::collection::btree_map(
            hostile_string(),
            prop::collection::btree_map(hostile_string(), strings(3), 0..3),
            0..3,
        ),
        prop::collection::vec((hostile_string(), inner(finite)), 0..3)
            .prop_map(|pairs| pairs.into_iter().collect::<IndexMap<_, _>>()),
        prop::collection::btree_map(int::<i64>(), hostile_string(), 0..3),
        prop::collection::btree_map(any::<char>(), any::<bool>(), 0..3),
        prop::collection::btree_map(
            prop::sample::select(vec![Key::Alpha, Key::Beta, Key::WithSpace]),
            float64(finite),
            0..3,
        ),
    );
    let compounds = (
        prop::collection::vec(shape(finite), 0..4),
        shape(finite),
        (
            int::<u8>(),
            hostile_string(),
            float64(finite),
            prop::option::of(any::<bool>()),
        ),
        (
            int::<i16>(),
            hostile_string(),
            prop::option::of(any::<u8>()),
        )
            .prop_map(|(a, b, c)| TupleStruct(a, b, c)),
        hostile_string().prop_map(Newtype),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(ByteBuf::from),
    );
    (scalars, collections, compounds).prop_map(|(s, c, k)| Rich {
        flag: s.0,
        i8: s.1.0,
        i16: s.1.1,
        i32: s.1.2,
        i64: s.1.3,
        i128: s.1.4,
        u8: s.2.0,
        u16: s.2.1,
        u32: s.2.2,
        u64: s.2.3,
        u128: s.2.4,
        f32: s.3,
        f64: s.4,
        ch: s.5,
        text: s.6,
        opt_text: s.7,
        opt_number: s.8,
        slots: c.0,
        numbers: c.1,
        tree: c.2,
        ordered: c.3,
        int_keys: c.4,
        char_keys: c.5,
        enum_keys: c.6,
        shapes: k.0,
        shape: k.1,
        tuple: k.2,
        tuple_struct: k.3,
        newtype: k.4,
        bytes: k.5,
        unit_struct: UnitStruct,
        unit: (),
    })
}

fn rich() -> impl Strategy<Value = Rich> {
    rich_with(false)
}

/// Any `Value`. `Null` never stands alone in a list (documented write error).
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        4 => hostile_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5)
                .prop_filter(
                    "data-model: a list whose only item is None is an error on write",
                    |items| items.as_slice() != [Value::Null],
                )
                .prop_map(Value::List),
            prop::collection::vec((hostile_string(), inner), 0..5)
                .prop_map(|pairs| Value::Map(pairs.into_iter().collect())),
        ]
    })
}

/// A `Value` as the root of a document: a list or a map. Root scalars are tested apart.
fn root_value() -> impl Strategy<Value = Value> {
    value().prop_filter("containers at the root", |v| {
        matches!(v, Value::List(_) | Value::Map(_))
    })
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/proptest_roundtrip.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn compact_round_trip(x in rich()) {
        let text = serde_jsv::to_string(&x).unwrap();
        let back: Rich = serde_jsv::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, x, "text: {}", text);
    }

    #[test]
    fn pretty_round_trip(x in rich()) {
        let text = serde_jsv::to_string_pretty(&x).unwrap();
        let back: Rich = serde_jsv::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &x, "text: {}", text);
        // Forcing the pretty reader gives the same.
        let forced: Rich = serde_jsv::de::Options::new()
            .read_mode(serde_jsv::de::ReadMode::Pretty)
            .from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(forced, x, "text: {}", text);
    }

    #[test]
    fn jsv_agrees_with_json(x in rich_with(true)) {
        let jsv: Rich = serde_jsv::from_str(&serde_jsv::to_string(&x).unwrap()).unwrap();
        let json: Rich = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
        prop_assert_eq!(jsv, json);
    }

    #[test]
    fn value_of_a_typed_value_round_trips(x in rich()) {
        // The `Value` of a typed value: writing it is a fixpoint (not byte-equal to the typed
        // text: a `char` `:` is written bare, the string `":"` quoted), and it reads back as
        // the typed value.
        let text = serde_jsv::to_string(&x).unwrap();
        let value: Value = serde_jsv::from_str(&text).unwrap();
        let value_text = serde_jsv::to_string(&value).unwrap();
        prop_assert_eq!(&serde_jsv::from_str::<Value>(&value_text).unwrap(), &value);
        prop_assert_eq!(serde_jsv::to_string(&serde_jsv::from_str::<Value>(&value_text).unwrap()).unwrap(), value_text);
        let back: Rich = serde_jsv::from_value(value.clone()).unwrap();
        prop_assert_eq!(back, x);
        let pretty = serde_jsv::to_string_pretty(&value).unwrap();
        prop_assert_eq!(serde_jsv::from_str::<Value>(&pretty).unwrap(), value);
    }

    #[test]
    fn value_round_trip(v in root_value()) {
        let text = serde_jsv::to_string(&v).unwrap();
        let back: Value = serde_jsv::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &v, "text: {}", text);
        prop_assert_eq!(serde_jsv::to_string(&back).unwrap(), text);
        let pretty = serde_jsv::to_string_pretty(&v).unwrap();
        let back: Value = serde_jsv::from_str(&pretty).map_err(|e| TestCaseError::fail(format!("{e}\n{pretty}")))?;
        prop_assert_eq!(back, v, "pretty: {}", pretty);
    }

    #[test]
    fn root_scalars_round_trip(text in hostile_string()) {
        let written = serde_jsv::to_string(&text).unwrap();
        let back: String = serde_jsv::from_str(&written).map_err(|e| TestCaseError::fail(format!("{e}\n{written}")))?;
        prop_assert_eq!(&back, &text, "written: {:?}", written);
        let value = Value::String(text.clone());
        let back: Value = serde_jsv::from_str(&serde_jsv::to_string(&value).unwrap()).unwrap();
        prop_assert_eq!(back, value);
        let pretty = serde_jsv::to_string_pretty(&text).unwrap();
        let back: String = serde_jsv::from_str(&pretty).map_err(|e| TestCaseError::fail(format!("{e}\n{pretty}")))?;
        prop_assert_eq!(back, text, "pretty: {:?}", pretty);
    }

    #[test]
    fn root_numbers_round_trip(a in int::<i128>(), b in int::<u128>(), f in float64(false), g in float32(false), c in any::<char>()) {
        prop_assert_eq!(serde_jsv::from_str::<i128>(&serde_jsv::to_string(&a).unwrap()).unwrap(), a);
        prop_assert_eq!(serde_jsv::from_str::<u128>(&serde_jsv::to_string(&b).unwrap()).unwrap(), b);
        prop_assert_eq!(serde_jsv::from_str::<F64>(&serde_jsv::to_string(&f).unwrap()).unwrap(), f);
        prop_assert_eq!(serde_jsv::from_str::<F32>(&serde_jsv::to_string(&g).unwrap()).unwrap(), g);
        let written = serde_jsv::to_string(&c).unwrap();
        prop_assert_eq!(serde_jsv::from_str::<char>(&written).map_err(|e| TestCaseError::fail(format!("{e}\n{written:?}")))?, c);
    }
}

proptest! {
    // Each case parses every prefix (hundreds of parses): fewer cases.
    #![proptest_config(config(48))]

    #[test]
    fn every_prefix_errors_or_parses(x in rich(), v in root_value()) {
        for text in [
            serde_jsv::to_string(&x).unwrap(),
            serde_jsv::to_string_pretty(&x).unwrap(),
            serde_jsv::to_string(&v).unwrap(),
        ] {
            for (end, _) in text.char_indices() {
                let prefix = &text[..end];
                // Errors are fine; a panic fails the case.
                let _ = serde_jsv::from_str::<Rich>(prefix);
                let _ = serde_jsv::from_str::<Value>(prefix);
            }
        }
    }
}

/// Regression (core bug found here, fixed in 753095a): a root string with surrounding
/// whitespace or a leading U+FEFF did not read back.
#[test]
fn core_bug_root_string_edges() {
    for text in [" x", "x\t", "  ", "\u{FEFF}x"] {
        let written = serde_jsv::to_string(text).unwrap();
        let back: String = serde_jsv::from_str(&written).unwrap();
        assert_eq!(back, text, "written as {written:?}");
        let value: Value =
            serde_jsv::from_str(&serde_jsv::to_string(&Value::from(text)).unwrap()).unwrap();
        assert_eq!(value, Value::from(text));
    }
}

/// Regression (core bug found here, fixed in 753095a): a list whose only item is a blank
/// string was written `[ ]`, which reads back as the empty list (R19).
#[test]
fn core_bug_lone_blank_item() {
    let list = vec![" ".to_owned()];
    let text = serde_jsv::to_string(&list).unwrap();
    let back: Vec<String> = serde_jsv::from_str(&text).unwrap();
    assert_eq!(back, list, "written as {text:?}");
}
