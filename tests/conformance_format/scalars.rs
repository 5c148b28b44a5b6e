//! The double/float/integer/bool/char/enum records of `oracle_scalar_vectors.jsonl`: exact
//! text written for a value (as the member `V` of a one-member class, or on its own), and
//! the value read from a text. Where ServiceStack swallowed a parse error into the type's
//! default, we must report an error instead (D5, D7).

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde::{Deserialize, Serialize as DeriveSerialize};
use serde_json::Value as J;

use super::Ours;

/// ServiceStack's `class Box<T> { public T V {get;set;} }`.
#[derive(DeriveSerialize, Deserialize, Debug, PartialEq)]
struct Member<T> {
    // A `None` writes nothing, and serde_jsv drops a member that writes nothing (R9).
    #[serde(rename = "V")]
    v: T,
}

/// Scalar vectors we judge differently, keyed `category/type/direction/input`.
const JUDGED_DIFFERENT: &[(&str, &str, Ours)] = &[
    (
        "char/char/write/34",
        "B3: ServiceStack writes `\"` raw, which reads back as U+200B; we quote it",
        Ours::Writes(r#"{V:""""}"#),
    ),
    (
        "char/char/write/44",
        "B3: a raw `,` breaks the document; we quote it",
        Ours::Writes(r#"{V:","}"#),
    ),
    (
        "char/char/write/123",
        "B3: a raw `{` starts an object on read; we quote it",
        Ours::Writes(r#"{V:"{"}"#),
    ),
    (
        "char/char/write/125",
        "B3: a raw `}` breaks the document; we quote it",
        Ours::Writes(r#"{V:"}"}"#),
    ),
    (
        "char/char/write/91",
        "B3: a raw `[` starts a list on read; we quote it",
        Ours::Writes(r#"{V:"["}"#),
    ),
    (
        "char/char/write/93",
        "B3: we quote `]` like the string \"]\"",
        Ours::Writes(r#"{V:"]"}"#),
    ),
    (
        "char/char/write/10",
        "B3: a raw LF makes a list look like pretty text (D3); we quote it",
        Ours::Writes("{V:\"\n\"}"),
    ),
    (
        "char/char/write/13",
        "B3: a raw CR makes a list look like pretty text (D3); we quote it",
        Ours::Writes("{V:\"\r\"}"),
    ),
    (
        "char/char/write/56320",
        "a lone UTF-16 surrogate is not a Unicode scalar value: no Rust `char` holds it",
        Ours::Rejects,
    ),
    (
        "char/char/write-toplevel/34",
        "B3: a raw `\"` is an unterminated quote; we quote it",
        Ours::Writes(r#""""""#),
    ),
    (
        "char/List<char>/write/44",
        "B3: `[,,,]` reads as three nulls; we quote the items",
        Ours::Writes(r#"[",",","]"#),
    ),
    (
        "char/List<char>/write/123",
        "B3: `[{,{]` reads as one broken item; we quote the items",
        Ours::Writes(r#"["{","{"]"#),
    ),
    (
        "char/List<char>/write/93",
        "B3: we quote `]` items",
        Ours::Writes(r#"["]","]"]"#),
    ),
    (
        "char/List<char>/write/13",
        "B3: `[\\r,…` would read as pretty text (D3); we quote the items",
        Ours::Writes("[\"\r\",\"\r\"]"),
    ),
    (
        "char/List<char>/write/10",
        "B3: `[\\n,…` would read as pretty text (D3); we quote the items",
        Ours::Writes("[\"\n\",\"\n\"]"),
    ),
    (
        "char/char/read/ab",
        "lossy: ServiceStack keeps the first character of a longer text; we reject it (D5)",
        Ours::Rejects,
    ),
    (
        "char/char/read/\\u0041",
        "ServiceStack JSON-unescapes char text; JSV has no escapes (R2), so this is 6 characters: rejected",
        Ours::Rejects,
    ),
    (
        "char/char/read/\\n",
        "ServiceStack JSON-unescapes char text; JSV has no escapes (R2), so this is 2 characters: rejected",
        Ours::Rejects,
    ),
    (
        "char/char/read/\"\"",
        "`\"\"` is the empty string, not a char; ServiceStack returns its internal U+200B marker",
        Ours::Rejects,
    ),
    (
        "bool/bool/read/on",
        "D6: bools are True/False in any case, 1 or 0; other spellings are errors (D5)",
        Ours::Rejects,
    ),
    (
        "bool/bool/read/y",
        "D6: bools are True/False in any case, 1 or 0; other spellings are errors (D5)",
        Ours::Rejects,
    ),
    (
        "bool/bool/read/t",
        "D6: bools are True/False in any case, 1 or 0; other spellings are errors (D5)",
        Ours::Rejects,
    ),
];

/// A .NET enum described by its C# definition (`[Flags] enum F { None = 0, X = 1 }`).
struct EnumDef {
    flags: bool,
    /// (C# name, name on the wire, value)
    members: Vec<(String, &'static str, i128)>,
}

impl EnumDef {
    fn parse(text: &str) -> EnumDef {
        let flags = text.contains("[Flags]");
        let body = &text[text.find('{').unwrap() + 1..text.rfind('}').unwrap()];
        let mut members = Vec::new();
        let mut next = 0i128;
        for part in body.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (wire, rest) = match part.strip_prefix("[EnumMember(Value = \"") {
                Some(rest) => {
                    let end = rest.find('"').unwrap();
                    (
                        Some(rest[..end].to_owned()),
                        rest[end..].trim_start_matches("\")]").trim(),
                    )
                }
                None => (None, part),
            };
            let (name, value) = match rest.split_once('=') {
                Some((name, value)) => {
                    let value = value.trim();
                    let number = match value {
                        "long.MaxValue" => i128::from(i64::MAX),
                        _ => value.parse().unwrap(),
                    };
                    (name.trim().to_owned(), number)
                }
                None => (rest.to_owned(), next),
            };
            next = value + 1;
            let wire: &'static str =
                Box::leak(wire.unwrap_or_else(|| name.clone()).into_boxed_str());
            members.push((name, wire, value));
        }
        EnumDef { flags, members }
    }
}

/// A value of an `EnumDef`, written as ServiceStack writes it.
struct DotNetEnum<'a>(&'a EnumDef, i128);

impl Serialize for DotNetEnum<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let named = self.0.members.iter().position(|m| m.2 == self.1);
        match named {
            Some(index) if !self.0.flags => {
                s.serialize_unit_variant("E", index as u32, self.0.members[index].1)
            }
            _ => s.serialize_i128(self.1),
        }
    }
}

impl<'de> DeserializeSeed<'de> for &EnumDef {
    type Value = i128;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<i128, D::Error> {
        let names: Vec<&'static str> = self.members.iter().map(|m| m.1).collect();
        d.deserialize_enum("E", Box::leak(names.into_boxed_slice()), self)
    }
}

impl<'de> Visitor<'de> for &EnumDef {
    type Value = i128;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an enum name or number")
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<i128, A::Error> {
        let (name, variant): (String, _) = data.variant()?;
        variant.unit_variant()?;
        if let Some(m) = self.members.iter().find(|m| m.1 == name) {
            return Ok(m.2);
        }
        if let Ok(number) = name.trim().parse::<i128>() {
            return Ok(number);
        }
        let mut total = 0;
        for part in name.split(',').map(str::trim) {
            let m = self
                .members
                .iter()
                .find(|m| m.0.eq_ignore_ascii_case(part) || m.1.eq_ignore_ascii_case(part));
            match m {
                Some(m) if self.flags || !name.contains(',') => total |= m.2,
                _ => return Err(de::Error::custom(format!("unknown enum name `{name}`"))),
            }
        }
        Ok(total)
    }
}

/// The outcome of one record: what we wrote or read, for comparison.
type Check = Result<(), String>;

fn expect_text(got: serde_jsv::Result<String>, want: &str) -> Check {
    match got {
        Ok(text) if text == want => Ok(()),
        other => Err(format!("writes {other:?}, want {want:?}")),
    }
}

/// Writes `value` as the record's document and reads our text back to the same value.
fn write_check<T>(value: T, record: &J, same: impl Fn(&T, &T) -> bool) -> Check
where
    T: Serialize + for<'de> Deserialize<'de> + std::fmt::Debug,
{
    let toplevel = record["direction"] == "write-toplevel"
        || record["csharp_type"].as_str().unwrap().starts_with("List<");
    let want = record["netcore"]["jsv_member"]
        .as_str()
        .or(record["jsv_member"].as_str())
        .unwrap();
    let text = if toplevel {
        serde_jsv::to_string(&value)
    } else {
        serde_jsv::to_string(&Member { v: &value })
    };
    let text = text.map_err(|err| format!("writes Err({err})"))?;
    expect_text(Ok(text.clone()), want)?;
    round_trip(value, &text, toplevel, same)
}

fn round_trip<T>(value: T, text: &str, toplevel: bool, same: impl Fn(&T, &T) -> bool) -> Check
where
    T: for<'de> Deserialize<'de> + std::fmt::Debug,
{
    let back = if toplevel {
        serde_jsv::from_str::<T>(text)
    } else {
        serde_jsv::from_str::<Member<T>>(text).map(|m| m.v)
    };
    match back {
        Ok(back) if same(&back, &value) => Ok(()),
        other => Err(format!(
            "our {text:?} reads back as {other:?}, not {value:?}"
        )),
    }
}

fn f64_same(a: &f64, b: &f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn f32_same(a: &f32, b: &f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn bits(value: &J) -> Option<u64> {
    u64::from_str_radix(value.as_str()?.trim_start_matches("0x"), 16).ok()
}

/// Reads the record's text as member `V` of type `T` and compares with `want` (JSON);
/// ServiceStack's default value for a swallowed error must be an error for us.
fn read_check<T: for<'de> Deserialize<'de>>(
    record: &J,
    to_json: impl Fn(T) -> J,
    default: J,
) -> Check {
    let text = record["jsv"].as_str().unwrap();
    let ours = serde_jsv::from_str::<Member<T>>(&format!("{{V:{text}}}")).map(|m| to_json(m.v));
    let want = record["netcore"]
        .get("parsed")
        .or(record.get("parsed"))
        .cloned();
    let want = match (record.get("parsed_ieee"), want) {
        (Some(ieee), _) => Some(ieee.clone()),
        (None, Some(J::Object(o))) if o.contains_key("bits") => Some(o["bits"].clone()),
        (None, Some(J::Object(o))) if o.contains_key("value") => Some(o["value"].clone()),
        (None, want) => want,
    };
    match (ours, want) {
        (Err(_), None) => Ok(()),
        (Err(_), Some(w)) if w == default => Ok(()),
        (Ok(got), Some(w)) if got == w => Ok(()),
        (got, want) => Err(format!("reads {got:?}, ServiceStack {want:?}")),
    }
}

fn id_of(record: &J) -> String {
    let key = match record["direction"].as_str().unwrap() {
        "read" => record["jsv"].as_str().unwrap().to_owned(),
        _ => match &record["input"] {
            J::Null => "null".to_owned(),
            input => input
                .get("code")
                .or(input.get("bits"))
                .or(input.get("value"))
                .map_or(String::new(), |v| {
                    v.to_string().trim_matches('"').to_owned()
                }),
        },
    };
    format!(
        "{}/{}/{}/{key}",
        record["category"].as_str().unwrap(),
        record["csharp_type"].as_str().unwrap(),
        record["direction"].as_str().unwrap()
    )
}

macro_rules! integer_record {
    ($record:expr, $read:expr, $($name:literal => $ty:ty),*) => {
        match $record["csharp_type"].as_str().unwrap().trim_end_matches('?') {
            $($name => {
                let nullable = $record["csharp_type"].as_str().unwrap().ends_with('?');
                if $read {
                    if nullable {
                        read_check::<Option<$ty>>($record, |v| serde_json::json!(v), J::Null)
                    } else {
                        read_check::<$ty>($record, |v| serde_json::json!(v), J::from(0))
                    }
                } else {
                    let value: Option<$ty> = $record["input"].get("value").map(|v| v.as_str().unwrap().parse().unwrap());
                    if nullable { write_check(value, $record, |a, b| a == b) } else { write_check(value.unwrap(), $record, |a, b| a == b) }
                }
            })*
            other => Err(format!("unknown integer type {other}")),
        }
    };
}

fn check(record: &J) -> Option<Check> {
    let direction = record["direction"].as_str().unwrap();
    let read = direction == "read";
    let ty = record["csharp_type"].as_str().unwrap();
    let nullable = ty.ends_with('?');
    let input = &record["input"];
    Some(match record["category"].as_str().unwrap() {
        "double" if read => read_check::<f64>(
            record,
            |v| J::from(format!("0x{:016X}", v.to_bits())),
            J::from("0x0000000000000000"),
        ),
        "double" => {
            let value = input.get("bits").and_then(bits).map(f64::from_bits);
            if nullable {
                write_check(value, record, |a, b| {
                    a.zip(*b).is_none_or(|(a, b)| f64_same(&a, &b))
                })
            } else {
                write_check(value.unwrap(), record, f64_same)
            }
        }
        "float" if read => read_check::<f32>(
            record,
            |v| J::from(format!("0x{:08X}", v.to_bits())),
            J::from("0x00000000"),
        ),
        "float" => {
            let value = input
                .get("bits")
                .and_then(bits)
                .map(|b| f32::from_bits(b as u32));
            if nullable {
                write_check(value, record, |a, b| {
                    a.zip(*b).is_none_or(|(a, b)| f32_same(&a, &b))
                })
            } else {
                write_check(value.unwrap(), record, f32_same)
            }
        }
        "integer" => {
            integer_record!(record, read, "int" => i32, "long" => i64, "short" => i16, "ushort" => u16, "byte" => u8, "sbyte" => i8, "uint" => u32, "ulong" => u64)
        }
        "bool" if read && nullable => {
            read_check::<Option<bool>>(record, |v| serde_json::json!(v), J::Null)
        }
        "bool" if read => read_check::<bool>(record, J::from, J::from(false)),
        "bool" => {
            let value = input.get("value").and_then(J::as_bool);
            if nullable {
                write_check(value, record, |a, b| a == b)
            } else {
                write_check(value.unwrap(), record, |a, b| a == b)
            }
        }
        "char" if read && nullable => {
            read_check::<Option<char>>(record, |v| serde_json::json!(v.map(u32::from)), J::Null)
        }
        "char" if read => read_check::<char>(record, |v| J::from(u32::from(v)), J::from(0)),
        "char" => {
            let code = input.get("code").and_then(J::as_u64).unwrap_or(0) as u32;
            let value = char::from_u32(code)?;
            match ty {
                "List<char>" => write_check(vec![value, value], record, |a, b| a == b),
                "char?" => write_check(Some(value), record, |a, b| a == b),
                _ => write_check(value, record, |a, b| a == b),
            }
        }
        "enum" => {
            let def = EnumDef::parse(
                input
                    .get("enum")
                    .and_then(J::as_str)
                    .unwrap_or("enum E { }"),
            );
            if read {
                let text = record["jsv"].as_str().unwrap();
                let want = record["parsed"]["value"]
                    .as_i64()
                    .map(i128::from)
                    .or(record["parsed"]["value"].as_u64().map(i128::from));
                let mut de = serde_jsv::Deserializer::from_str(text);
                match (def.deserialize(&mut de), want) {
                    (Ok(got), Some(want)) if got == want => Ok(()),
                    (got, want) => Err(format!("reads {got:?}, ServiceStack {want:?}")),
                }
            } else {
                let value = input
                    .get("value")
                    .and_then(|v| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from)));
                let want = record["jsv_member"].as_str().unwrap();
                let text = match (value, direction) {
                    (Some(v), "write-toplevel") => serde_jsv::to_string(&DotNetEnum(&def, v)),
                    (v, _) => serde_jsv::to_string(&Member {
                        v: v.map(|v| DotNetEnum(&def, v)),
                    }),
                };
                expect_text(text, want)
            }
        }
        _ => return None,
    })
}

/// Runs the format categories; returns how many records were checked and the failures.
pub fn run(rows: &[(String, J)]) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (_, record) in rows {
        let id = id_of(record);
        let judged = JUDGED_DIFFERENT.iter().find(|(j, _, _)| *j == id);
        let Some(result) = (match judged {
            Some(_) if record["category"] == "char" && record["input"]["code"] == 56320 => {
                Some(Ok(()))
            }
            Some((_, _, ours)) => {
                let result = check(record);
                result.map(|r| judge(ours, r, record))
            }
            None => check(record),
        }) else {
            continue;
        };
        checked += 1;
        if let Err(err) = result {
            failures.push(format!("{id}: {err}"));
        }
    }
    (checked, failures)
}

/// For a judged vector the ordinary check must fail, and fail the way we intend.
fn judge(ours: &Ours, result: Check, record: &J) -> Check {
    let err = match result {
        Ok(()) => {
            return Err(
                "judged different, but matches ServiceStack: remove it from JUDGED_DIFFERENT"
                    .into(),
            );
        }
        Err(err) => err,
    };
    match ours {
        Ours::Writes(text) if err.starts_with(&format!("writes Ok({text:?})")) => Ok(()),
        Ours::Rejects if err.starts_with("reads Err(") => Ok(()),
        _ => Err(format!(
            "judged {ours:?}, but {err} (input {})",
            record["input"]
        )),
    }
}
