//! A typed reader driven at run time: the shape of the expected JSON (plus the C# types the
//! vector notes give) decides which `deserialize_*` method serde_jsv is asked for, so one
//! harness exercises typed reading for every vector family without a Rust type per vector.

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value as J;

/// What a position of the document is read as.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A string (`deserialize_string`).
    Str,
    /// A .NET value type (DateTime, Guid, TimeSpan…): the format only delivers its token
    /// text; what it means is `src/dotnet`'s business, so only the token is checked.
    Token,
    /// Any integer (`deserialize_i128`).
    Int,
    /// A double (`deserialize_f64`).
    Float,
    /// `True`/`False` (`deserialize_bool`).
    Bool,
    /// A byte buffer, compared as Base64.
    Bytes,
    /// An optional value: the empty token is null.
    Opt(Box<Shape>),
    /// A list: item shapes by position, then the default.
    Seq(Vec<Shape>, Box<Shape>),
    /// A struct with these members (names matched as serde_jsv matches them).
    Struct(Vec<(String, Shape)>),
    /// A map: value shapes by key, then the default.
    Map(Vec<(String, Shape)>, Box<Shape>),
}

/// The C# types named in a vector's notes.
#[derive(Default, Debug)]
pub struct TypeInfo {
    /// The type of the root value.
    pub root: Option<String>,
    /// Member name → C# type.
    pub members: HashMap<String, String>,
}

const VALUE_TYPES: [&str; 6] = [
    "DateTime",
    "DateTimeOffset",
    "TimeSpan",
    "Guid",
    "DateOnly",
    "TimeOnly",
];

/// Whether a C# type is a .NET value type written by its own writer (never string-quoted).
pub fn is_value_type(ty: &str) -> bool {
    let base = ty.trim().trim_end_matches('?');
    let base = base.split(['(', ' ', '=']).next().unwrap_or("");
    VALUE_TYPES.contains(&base)
}

impl TypeInfo {
    /// Reads `type: …` declarations out of free-text notes: `{int Id; string Name}`,
    /// `KeyValuePair<int,DateTime>`, a root `type: Guid(…)`.
    pub fn from_notes(notes: &str) -> TypeInfo {
        let mut info = TypeInfo::default();
        if let Some(at) = notes.find("type: ") {
            let rest = &notes[at + 6..];
            let word: String = rest
                .chars()
                .take_while(|c| !matches!(c, ' ' | ';' | '(' | '{' | '='))
                .collect();
            let word = if word == "class" || word == "enum" || word == "[DataContract]" {
                rest.split_whitespace().nth(1).unwrap_or("").to_owned()
            } else {
                word
            };
            info.root = Some(word);
        }
        // Attributes such as `[DataMember(Name="x")]` would confuse the word scan.
        let mut cleaned = String::with_capacity(notes.len());
        let mut depth = 0;
        for c in notes.chars() {
            match c {
                '[' if depth == 0 && !cleaned.ends_with("byte") => depth = 1,
                '[' if depth > 0 => depth += 1,
                ']' if depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                _ => cleaned.push(c),
            }
        }
        let cleaned = cleaned.replace("byte]", "byte[]");
        for segment in cleaned.split([';', '{', '}']) {
            let decl = segment.split('=').next().unwrap_or("");
            let words: Vec<&str> = decl.split_whitespace().collect();
            if let [.., ty, name] = words.as_slice() {
                let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                if !name.is_empty() && name.chars().next().is_some_and(char::is_alphabetic) {
                    info.members
                        .entry(name.to_owned())
                        .or_insert_with(|| (*ty).to_owned());
                }
            }
        }
        if let Some(at) = notes.find("KeyValuePair<") {
            let inner = &notes[at + 13..];
            let inner = &inner[..inner.find('>').unwrap_or(inner.len())];
            if let Some((key, value)) = inner.split_once(',') {
                info.members.insert("Key".into(), key.trim().into());
                info.members.insert("Value".into(), value.trim().into());
            }
        }
        info
    }
}

/// The element type of `List<X>`, `X[]`, `HashSet<X>`.
fn element_type(ty: &str) -> Option<String> {
    if let Some(inner) = ty.strip_suffix("[]") {
        return Some(inner.to_owned());
    }
    let open = ty.find('<')?;
    let close = ty.rfind('>')?;
    Some(ty[open + 1..close].to_owned())
}

/// Infers the shape of `expected` at a position whose C# type is `ty`.
pub fn infer(expected: &J, ty: Option<&str>, info: &TypeInfo) -> Shape {
    if let Some(ty) = ty {
        if is_value_type(ty) {
            return Shape::Token;
        }
        if ty.starts_with("byte[]") && expected.is_string() {
            return Shape::Bytes;
        }
    }
    match expected {
        J::Null => Shape::Opt(Box::new(Shape::Str)),
        J::Bool(_) => Shape::Bool,
        J::Number(n) if n.is_f64() => Shape::Float,
        J::Number(_) => Shape::Int,
        J::String(_) => Shape::Str,
        J::Array(items) => {
            let element = ty.and_then(element_type);
            let shapes = items
                .iter()
                .map(|item| Shape::Opt(Box::new(infer(item, element.as_deref(), info))))
                .collect();
            Shape::Seq(shapes, Box::new(Shape::Opt(Box::new(Shape::Str))))
        }
        J::Object(members) => {
            let fields = members
                .iter()
                .map(|(name, value)| {
                    let member_ty = info.members.get(name).map(String::as_str);
                    (
                        name.clone(),
                        Shape::Opt(Box::new(infer(value, member_ty, info))),
                    )
                })
                .collect();
            if ty.is_some_and(|t| t.contains("Dictionary") || t.contains("Map")) {
                Shape::Map(fields, Box::new(Shape::Opt(Box::new(Shape::Str))))
            } else {
                Shape::Struct(fields)
            }
        }
    }
}

/// Whether `actual` (what serde_jsv read) equals `expected` (the vector), member nulls
/// counting as absent, numbers compared as numbers, tokens only checked to be text.
pub fn same(shape: &Shape, actual: &J, expected: &J) -> bool {
    match (shape, actual, expected) {
        (Shape::Token, J::String(_), _) => true,
        (Shape::Opt(inner), _, _) => {
            (actual.is_null() && expected.is_null()) || same(inner, actual, expected)
        }
        (_, J::Number(a), J::Number(b)) => a.as_f64() == b.as_f64() || a == b,
        (Shape::Seq(shapes, default), J::Array(a), J::Array(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .enumerate()
                    .all(|(i, (x, y))| same(shapes.get(i).unwrap_or(default), x, y))
        }
        (Shape::Struct(fields) | Shape::Map(fields, _), J::Object(a), J::Object(b)) => {
            let present =
                |m: &serde_json::Map<String, J>| m.iter().filter(|(_, v)| !v.is_null()).count();
            present(a) == present(b)
                && b.iter().filter(|(_, v)| !v.is_null()).all(|(k, v)| {
                    let field = fields
                        .iter()
                        .find(|(n, _)| n == k)
                        .map_or(&Shape::Str, |(_, s)| s);
                    a.get(k).is_some_and(|x| same(field, x, v))
                })
        }
        _ => actual == expected,
    }
}

impl<'de> DeserializeSeed<'de> for &Shape {
    type Value = J;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<J, D::Error> {
        match self {
            Shape::Str | Shape::Token => deserializer.deserialize_string(Any),
            Shape::Int => deserializer.deserialize_i128(Any),
            Shape::Float => deserializer.deserialize_f64(Any),
            Shape::Bool => deserializer.deserialize_bool(Any),
            Shape::Bytes => deserializer.deserialize_byte_buf(Any),
            Shape::Opt(_) => deserializer.deserialize_option(OptVisitor(self)),
            Shape::Seq(..) => deserializer.deserialize_seq(Compound(self)),
            Shape::Map(..) => deserializer.deserialize_map(Compound(self)),
            Shape::Struct(fields) => {
                // serde wants `'static` names: leaking a few strings in a test is fine.
                let names: Vec<&'static str> = fields
                    .iter()
                    .map(|(n, _)| &*Box::leak(n.clone().into_boxed_str()))
                    .collect();
                deserializer.deserialize_struct(
                    "Vector",
                    Box::leak(names.into_boxed_slice()),
                    Compound(self),
                )
            }
        }
    }
}

/// Turns whatever a scalar method visits into JSON.
struct Any;

impl<'de> Visitor<'de> for Any {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_bool<E>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(J::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::from(v))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<J, E> {
        if let Ok(small) = i64::try_from(v) {
            Ok(J::from(small))
        } else {
            u64::try_from(v).map(J::from).map_err(E::custom)
        }
    }
    fn visit_f64<E>(self, v: f64) -> Result<J, E> {
        Ok(serde_json::Number::from_f64(v).map_or_else(|| J::String(v.to_string()), J::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::String(v.to_owned()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<J, E> {
        Ok(J::String(
            base64::engine::general_purpose::STANDARD.encode(v),
        ))
    }
}

struct OptVisitor<'a>(&'a Shape);

impl<'de> Visitor<'de> for OptVisitor<'_> {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }
    fn visit_none<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<J, D::Error> {
        let Shape::Opt(inner) = self.0 else {
            unreachable!()
        };
        inner.as_ref().deserialize(deserializer)
    }
}

struct Compound<'a>(&'a Shape);

impl<'de> Visitor<'de> for Compound<'_> {
    type Value = J;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let Shape::Seq(shapes, default) = self.0 else {
            return Err(de::Error::custom("unexpected list"));
        };
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(shapes.get(items.len()).unwrap_or(default))? {
            items.push(item);
        }
        Ok(J::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let (fields, default) = match self.0 {
            Shape::Struct(fields) => (fields, None),
            Shape::Map(fields, default) => (fields, Some(&**default)),
            _ => return Err(de::Error::custom("unexpected object")),
        };
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match fields
                .iter()
                .find(|(n, _)| *n == key)
                .map(|(_, s)| s)
                .or(default)
            {
                Some(shape) => {
                    let value = map.next_value_seed(shape)?;
                    out.insert(key, value);
                }
                None => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(J::Object(out))
    }
}
