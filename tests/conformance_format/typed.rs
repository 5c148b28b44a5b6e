//! Writing a vector's JSON as the C# value it describes: the notes' types decide how a JSON
//! scalar is written (a DateTime string is a bare .NET value, a `float` member is an `f32`,
//! a `decimal` keeps its exact digits).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value as J;
use serde_jsv::RawScalar;

use super::shape::{TypeInfo, is_value_type};

/// A JSON value at a position whose C# type is `ty`.
pub struct Typed<'a> {
    pub value: &'a J,
    pub ty: Option<&'a str>,
    pub info: &'a TypeInfo,
    /// The JSON line the value came from: `decimal` members keep their literal digits.
    pub line: &'a str,
    /// The member name this value belongs to, if any.
    pub name: Option<&'a str>,
}

fn base(ty: &str) -> &str {
    ty.trim().trim_end_matches('?')
}

/// The literal text of the number after `"name": ` in a JSON line.
fn literal<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    let key = format!("\"{name}\": ");
    let at = line.find(&key)? + key.len();
    let rest = &line[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

impl Serialize for Typed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ty = self.ty.map(base);
        match self.value {
            J::Null => s.serialize_none(),
            J::Bool(b) => s.serialize_bool(*b),
            J::String(text) if self.ty.is_some_and(is_value_type) => RawScalar(text).serialize(s),
            J::String(text) => s.serialize_str(text),
            // Only a .NET decimal holds integers beyond 64 bits: keep the literal digits.
            J::Number(n)
                if n.is_f64()
                    && self
                        .name
                        .and_then(|name| literal(self.line, name))
                        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit() || b == b'-')) =>
            {
                RawScalar(
                    self.name
                        .and_then(|name| literal(self.line, name))
                        .unwrap_or(""),
                )
                .serialize(s)
            }
            J::Number(n) => match ty {
                Some("decimal") => {
                    let text = self
                        .name
                        .and_then(|name| literal(self.line, name))
                        .unwrap_or("");
                    RawScalar(text).serialize(s)
                }
                Some("float") => s.serialize_f32(n.as_f64().unwrap_or(f64::NAN) as f32),
                _ => {
                    if let Some(i) = n.as_i64() {
                        s.serialize_i64(i)
                    } else if let Some(u) = n.as_u64() {
                        s.serialize_u64(u)
                    } else {
                        s.serialize_f64(n.as_f64().unwrap_or(f64::NAN))
                    }
                }
            },
            J::Array(items) => {
                let element = self.ty.and_then(|t| {
                    t.strip_suffix("[]").map(str::to_owned).or_else(|| {
                        let open = t.find('<')?;
                        Some(t[open + 1..t.rfind('>')?].to_owned())
                    })
                });
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Typed {
                        value: item,
                        ty: element.as_deref(),
                        info: self.info,
                        line: self.line,
                        name: None,
                    })?;
                }
                seq.end()
            }
            J::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    let ty = self.info.members.get(name).map(String::as_str);
                    map.serialize_entry(
                        name,
                        &Typed {
                            value,
                            ty,
                            info: self.info,
                            line: self.line,
                            name: Some(name),
                        },
                    )?;
                }
                map.end()
            }
        }
    }
}

/// ServiceStack's `ToCamelCase`: the leading run of capitals is lowered (`Id` → `id`,
/// `URLValue` → `urlValue`).
pub fn camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut lowering = true;
    for (i, &c) in chars.iter().enumerate() {
        let next_upper = chars.get(i + 1).is_none_or(|n| n.is_uppercase());
        if lowering && (i == 0 || (c.is_uppercase() && next_upper)) {
            out.extend(c.to_lowercase());
        } else {
            lowering = false;
            out.push(c);
        }
    }
    out
}
