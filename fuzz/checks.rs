// The checks behind every fuzz target, shared with the stable replay test
// (`tests/fuzz_replay.rs` includes this file with `#[path]`), so that a committed seed or a
// crash artifact goes through exactly what the fuzzer ran.
//
// Typed values are built from the fuzz input by the small decoder below (`Source`) rather
// than by `arbitrary`, so that the stable test can rebuild the same value from the same bytes
// without the main crate depending on `arbitrary`.
//
// The generator leaves out only the lossy cases that `docs/data-model.md` names:
// * a list whose only item is `None` cannot be written ("`vec![None]` | error on write");
// * `Some(None)` / `Some(())` read back as `None` (no `Option<Option<_>>` or `Option<()>`);
// * a map value that is `None` is dropped on write (R16: "`None` values dropped"), so map
//   values are always `Some`;
// * NaN payloads collapse (floats compare NaN-aware, see `F64`).
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_jsv::Value;
use serde_jsv::de::{Options, ReadMode};

// ---------------------------------------------------------------------------------------
// Byte-driven value generator
// ---------------------------------------------------------------------------------------

/// Reads choices out of fuzz input; when the input runs out every read gives zero.
pub struct Source<'a> {
    data: &'a [u8],
}

/// Text pieces that stress JSV quoting and whitespace handling.
pub const HOSTILE_PIECES: &[&str] = &[
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
    "False",
    "null",
    "NaN",
    "-0",
    "1E+17",
    "a",
    "Z",
    "0",
    "{}",
    "[]",
    "{a:1}",
    "[1,2]",
    "\u{FEFF}",
    "\u{0B}",
    "\u{0C}",
];

impl<'a> Source<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Source { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&first, rest)) => {
                self.data = rest;
                first
            }
            None => 0,
        }
    }

    fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for slot in &mut out {
            *slot = self.byte();
        }
        out
    }

    pub fn bool(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    /// A length in `0..=max`.
    pub fn len(&mut self, max: usize) -> usize {
        self.byte() as usize % (max + 1)
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    pub fn u128(&mut self) -> u128 {
        u128::from_le_bytes(self.array())
    }

    /// An integer that is an extreme of its width half the time.
    pub fn int_bits(&mut self) -> u128 {
        match self.byte() % 4 {
            0 => 0,
            1 => u128::MAX,
            _ => self.u128(),
        }
    }

    pub fn f64(&mut self) -> f64 {
        const SPECIAL: &[f64] = &[
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            1e17,
            1e-5,
            1e-4,
            0.1,
            123456789.125,
        ];
        let choice = self.byte();
        if choice & 1 == 0 {
            SPECIAL[choice as usize / 2 % SPECIAL.len()]
        } else {
            f64::from_bits(self.u64())
        }
    }

    pub fn f32(&mut self) -> f32 {
        const SPECIAL: &[f32] = &[
            0.0,
            -0.0,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MIN_POSITIVE,
            1e-45,
            f32::MAX,
            f32::MIN,
            1e9,
            16777217.0,
            0.3,
        ];
        let choice = self.byte();
        if choice & 1 == 0 {
            SPECIAL[choice as usize / 2 % SPECIAL.len()]
        } else {
            f32::from_bits(u32::from_le_bytes(self.array()))
        }
    }

    pub fn char(&mut self) -> char {
        let choice = self.byte();
        if choice < 128 {
            return char::from(choice);
        }
        let code = u32::from_le_bytes(self.array()) % 0x11_0000;
        char::from_u32(code).unwrap_or('\u{FFFD}')
    }

    pub fn string(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..self.len(6) {
            let choice = self.byte() as usize;
            match HOSTILE_PIECES.get(choice) {
                Some(piece) => out.push_str(piece),
                None => out.push(self.char()),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// The typed value
// ---------------------------------------------------------------------------------------

/// An `f64` that compares NaN-aware and bitwise otherwise (so `-0.0 != 0.0`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct F64(pub f64);

impl PartialEq for F64 {
    fn eq(&self, other: &Self) -> bool {
        (self.0.is_nan() && other.0.is_nan()) || self.0.to_bits() == other.0.to_bits()
    }
}

/// An `f32` that compares NaN-aware and bitwise otherwise.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(transparent)]
pub struct F32(pub f32);

impl PartialEq for F32 {
    fn eq(&self, other: &Self) -> bool {
        (self.0.is_nan() && other.0.is_nan()) || self.0.to_bits() == other.0.to_bits()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wrapped(pub String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Choice {
    Unit,
    Other,
    Newtype(String),
    Number(F64),
    Tuple(i32, String),
    Struct { a: Option<u8>, b: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    pub flag: bool,
    pub small: (i8, i16, i32),
    pub big: (i64, i128),
    pub unsigned: (u8, u16, u32, u64, u128),
    pub single: F32,
    pub double: F64,
    pub ch: char,
    pub text: String,
    pub opt_text: Option<String>,
    pub opt_number: Option<i64>,
    pub slots: Vec<Option<i32>>,
    pub strings: Vec<String>,
    pub map: BTreeMap<String, Vec<String>>,
    pub int_keys: BTreeMap<i64, Option<String>>,
    pub choice: Choice,
    pub choices: Vec<Choice>,
    pub pair: (u8, String, Option<bool>),
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    pub wrapped: Wrapped,
    pub marker: Marker,
    pub unit: (),
    pub children: Vec<Typed>,
}

impl Choice {
    pub fn generate(source: &mut Source<'_>) -> Choice {
        match source.byte() % 6 {
            0 => Choice::Unit,
            1 => Choice::Other,
            2 => Choice::Newtype(source.string()),
            3 => Choice::Number(F64(source.f64())),
            4 => Choice::Tuple(source.int_bits() as i32, source.string()),
            _ => Choice::Struct {
                a: source.bool().then(|| source.byte()),
                b: source.string(),
            },
        }
    }
}

fn strings(source: &mut Source<'_>, max: usize) -> Vec<String> {
    (0..source.len(max)).map(|_| source.string()).collect()
}

/// `Vec<Option<_>>`, never a list whose only item is `None` (documented write error).
fn slots<T>(source: &mut Source<'_>, mut item: impl FnMut(&mut Source<'_>) -> T) -> Vec<Option<T>> {
    let mut out: Vec<Option<T>> = (0..source.len(5))
        .map(|_| source.bool().then(|| item(source)))
        .collect();
    if out.len() == 1 && out[0].is_none() {
        out[0] = Some(item(source));
    }
    out
}

impl Typed {
    pub fn generate(source: &mut Source<'_>, depth: usize) -> Typed {
        Typed {
            flag: source.bool(),
            small: (
                source.int_bits() as i8,
                source.int_bits() as i16,
                source.int_bits() as i32,
            ),
            big: (source.int_bits() as i64, source.int_bits() as i128),
            unsigned: (
                source.int_bits() as u8,
                source.int_bits() as u16,
                source.int_bits() as u32,
                source.int_bits() as u64,
                source.int_bits(),
            ),
            single: F32(source.f32()),
            double: F64(source.f64()),
            ch: source.char(),
            text: source.string(),
            opt_text: source.bool().then(|| source.string()),
            opt_number: source.bool().then(|| source.int_bits() as i64),
            slots: slots(source, |s| s.int_bits() as i32),
            strings: strings(source, 4),
            map: (0..source.len(4))
                .map(|_| {
                    let key = source.string();
                    let values = strings(source, 3);
                    (key, values)
                })
                .collect(),
            int_keys: (0..source.len(3))
                .map(|_| (source.int_bits() as i64, Some(source.string())))
                .collect(),
            choice: Choice::generate(source),
            choices: (0..source.len(3))
                .map(|_| Choice::generate(source))
                .collect(),
            pair: (
                source.byte(),
                source.string(),
                source.bool().then(|| source.bool()),
            ),
            bytes: (0..source.len(12)).map(|_| source.byte()).collect(),
            wrapped: Wrapped(source.string()),
            marker: Marker,
            unit: (),
            children: if depth == 0 || source.is_empty() {
                Vec::new()
            } else {
                (0..source.len(2))
                    .map(|_| Typed::generate(source, depth - 1))
                    .collect()
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// Checks, one per fuzz target
// ---------------------------------------------------------------------------------------

/// Whether `value` holds a list whose only item is null: the one `Value` that has no JSV form.
pub fn has_lone_null_list(value: &Value) -> bool {
    match value {
        Value::List(items) => {
            matches!(items.as_slice(), [Value::Null]) || items.iter().any(has_lone_null_list)
        }
        Value::Map(map) => map.values().any(has_lone_null_list),
        _ => false,
    }
}

/// Writes `value` compact or pretty; a failure must be the documented lone-null list.
fn write_value(value: &Value, pretty: bool) -> Option<String> {
    let written = if pretty {
        serde_jsv::to_string_pretty(value)
    } else {
        serde_jsv::to_string(value)
    };
    match written {
        Ok(text) => Some(text),
        Err(err) => {
            assert!(
                has_lone_null_list(value),
                "writing {value:?} failed ({err}) though it has no lone-null list"
            );
            None
        }
    }
}

/// `value_from_bytes`: any bytes, in every read mode, as `Value` and as typed targets:
/// errors are fine, panics are not. Whatever parses must also write without panicking.
pub fn value_from_bytes(data: &[u8]) {
    for mode in [ReadMode::Auto, ReadMode::Compact, ReadMode::Pretty] {
        let options = Options::new().read_mode(mode);
        if let Ok(value) = options.from_slice::<Value>(data) {
            write_value(&value, false);
            write_value(&value, true);
        }
        let _ = options.from_slice::<Typed>(data);
        let _ = options.from_slice::<Vec<Option<Choice>>>(data);
        let _ = options.from_slice::<BTreeMap<String, F64>>(data);
        let _ = options.from_slice::<serde_json::Value>(data);
    }
    let _ = serde_jsv::from_slice::<&str>(data);
    let _ = serde_jsv::from_slice::<(u8, char, Marker)>(data);
    let _ = serde_jsv::from_reader::<_, Value>(data);
}

/// `reparse_fixpoint`: parse → write → parse gives the same `Value`, and writing it again
/// gives the same text.
pub fn reparse_fixpoint(data: &[u8]) {
    let Ok(first) = serde_jsv::from_slice::<Value>(data) else {
        return;
    };
    let Some(text) = write_value(&first, false) else {
        return;
    };
    let second: Value = serde_jsv::from_str(&text)
        .unwrap_or_else(|err| panic!("{first:?} wrote {text:?}, which does not read: {err}"));
    assert_eq!(
        first, second,
        "{first:?} wrote {text:?}, which reads as {second:?}"
    );
    let again = serde_jsv::to_string(&second).expect("second write");
    assert_eq!(text, again, "writing is not a fixpoint");
}

/// `typed_roundtrip`: a generated `Typed` reads back equal, compact and pretty.
pub fn typed_roundtrip(data: &[u8]) {
    let value = Typed::generate(&mut Source::new(data), 3);
    check_typed(&value);
}

pub fn check_typed(value: &Typed) {
    let text = serde_jsv::to_string(value).unwrap_or_else(|err| panic!("write {value:?}: {err}"));
    let back: Typed =
        serde_jsv::from_str(&text).unwrap_or_else(|err| panic!("read {text:?}: {err}"));
    assert_eq!(&back, value, "compact text {text:?}");
    let pretty = serde_jsv::to_string_pretty(value)
        .unwrap_or_else(|err| panic!("write pretty {value:?}: {err}"));
    let back: Typed =
        serde_jsv::from_str(&pretty).unwrap_or_else(|err| panic!("read {pretty:?}: {err}"));
    assert_eq!(&back, value, "pretty text {pretty:?}");
}

/// `pretty_reader`: bytes read in pretty mode; what parses writes pretty and reads back equal
/// (auto-detected and forced pretty).
pub fn pretty_reader(data: &[u8]) {
    let pretty = Options::new().read_mode(ReadMode::Pretty);
    let Ok(value) = pretty.from_slice::<Value>(data) else {
        return;
    };
    let Some(text) = write_value(&value, true) else {
        return;
    };
    let back: Value = serde_jsv::from_str(&text)
        .unwrap_or_else(|err| panic!("{value:?} wrote {text:?}, which does not read: {err}"));
    assert_eq!(
        value, back,
        "{value:?} wrote {text:?}, which reads as {back:?}"
    );
    if text.starts_with(['{', '[']) {
        let forced: Value = pretty.from_str(&text).expect("forced pretty read");
        assert_eq!(value, forced, "forced pretty read of {text:?}");
    }
}

/// `session_info`: arbitrary bytes into `SessionInfo` never panic; what parses writes and
/// reads back equal, compact and pretty.
#[cfg(feature = "evo-voice")]
pub fn session_info(data: &[u8]) {
    use serde_jsv::evo_voice::SessionInfo;
    let _ = serde_jsv::from_slice::<Vec<SessionInfo>>(data);
    let Ok(session) = serde_jsv::from_slice::<SessionInfo>(data) else {
        return;
    };
    let text =
        serde_jsv::to_string(&session).unwrap_or_else(|err| panic!("write {session:?}: {err}"));
    let back: SessionInfo =
        serde_jsv::from_str(&text).unwrap_or_else(|err| panic!("read {text:?}: {err}"));
    assert_eq!(back, session, "compact text {text:?}");
    let pretty = serde_jsv::to_string_pretty(&session).expect("write pretty");
    let back: SessionInfo =
        serde_jsv::from_str(&pretty).unwrap_or_else(|err| panic!("read {pretty:?}: {err}"));
    assert_eq!(back, session, "pretty text {pretty:?}");
}
