//! Runs every `Generic` record of `oracle_typed_vectors.jsonl` with a Rust mirror of the
//! C# `Generic` type (members and order from `tests/data/conformance/README.md`) built from
//! `serde_jsv::dotnet`.
//!
//! For each record the `json` is read into the mirror (serde_json); then
//! * write: `serde_jsv::to_string` must give the record's `jsv` byte for byte;
//! * read: `serde_jsv::from_str` of the record's `jsv` must give the value back.
//!
//! ServiceStack loses data on some of these values (it went through its JSON reader and
//! JSV writer). Those places are the rules of [`JUDGED_DIFFERENT`]: each says what
//! ServiceStack does, what we do, why, and which records it touches. The test applies the
//! rule to the expected value ("what ServiceStack made of it") or, for the two that are
//! about text only, to the expected text, and checks that the listed records are exactly
//! the ones the rule changes.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use serde_jsv::dotnet::{DateTime, DateTimeKind, Decimal, Guid, TimeSpan};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/conformance/oracle_typed_vectors.jsonl"
);

/// `(rule, record ids, reason)`.
type Judged = (Rule, &'static [u64], &'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    ZonedDate,
    ZeroWidthSpace,
    EmptyBytes,
    NegativeZero,
    LoneNull,
    NullObjectItem,
    RawChar,
    DecimalExponent,
    MonoMilliseconds,
}

#[rustfmt::skip]
const JUDGED_DIFFERENT: &[Judged] = &[
    (Rule::ZonedDate, &[36, 38, 42, 112, 131, 158, 172, 225, 235, 247, 258, 264, 270, 271, 289, 292],
        "A DateTime given as `…Z` or with an offset went through ServiceStack's JSON reader, which \
         converts it to a Local value, so it prints as `…+00:00` (the oracle ran at UTC). We read \
         `…Z` as a UTC value and write `…Z` (conformance README); offsets become Local as in \
         ServiceStack, so only `…Z` records are listed. Same instant: the expected value is ours with the kind set to Local."),
    (Rule::ZeroWidthSpace, &[6, 17, 51, 131, 158, 214, 228],
        "A string that is exactly U+200B is written by ServiceStack as `\"\"` (its internal empty \
         marker) and reads back as the empty string; a map entry with that key is dropped. We \
         write it raw (decision D1)."),
    (Rule::EmptyBytes, &[6, 35, 92, 139, 144, 167, 270],
        "An empty byte[] (JSON \"\") is null after ServiceStack's JSON reader, so the member is \
         omitted; we keep the empty array and write `\"\"` (data-model.md, bytes)."),
    (Rule::NegativeZero, &[17, 144],
        "Double -0.0: mono's parser drops the sign of zero (docs/scalar-formats.md §18.2) and writes `0`; \
         a .NET Core server and we keep it and write `-0`."),
    (Rule::LoneNull, &[17, 74, 114, 153, 157, 162, 181, 198, 276, 289],
        "A list whose only item is null: ServiceStack writes `[]` (or `[{}]` for objects), which \
         reads back as the empty list (or one empty object); we refuse to write it \
         (ErrorKind::LoneEmptyItem, data-model.md) rather than lose the null."),
    (Rule::NullObjectItem, &[6, 21, 74, 91, 114, 136, 144, 162, 181, 198, 199, 228, 232, 271, 289],
        "A null item in List<Nested> is written by ServiceStack as `{}`, which reads back as an \
         empty Nested (Value 0), not null; we write an empty slot, which reads back as null."),
    (Rule::RawChar, &[11, 51, 54, 60, 112, 129, 133, 139, 156, 157, 168, 172, 225, 250, 263, 264, 265, 279, 288, 289],
        "ServiceStack writes a char raw even when it is `\"` or `,` (bug B3), corrupting its own \
         document; we quote it (`\"\"\"\"`, `\",\"`). The read check is skipped for these records: \
         the vector text is not valid JSV."),
    (Rule::DecimalExponent, &[51, 91, 92, 112, 136, 164, 167, 199, 205, 234],
        "A decimal given in JSON with an exponent (`1e-07`) is 0 after the NETFX build's decimal \
         parser (docs/scalar-formats.md §4: no exponent, error swallowed); .NET 6+ and we read \
         0.0000001."),
    (Rule::MonoMilliseconds, &[42, 158, 270, 292],
        "A `…Z` DateTime with sub-millisecond digits: mono's hand parser keeps milliseconds only \
         (`.1234567Z` -> .123, docs/scalar-formats.md §9); .NET 6+ and we keep all seven digits."),
];

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Color {
    #[default]
    Red,
    Green,
    Blue,
}

/// The mirror of `Generic` and `Nested` with member names in `$case`.
macro_rules! mirror {
    ($module:ident, $case:literal) => {
        mod $module {
            use super::*;

            #[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
            #[serde(rename_all = $case, default)]
            pub struct Generic {
                pub int: i32,
                pub long: i64,
                pub double: f64,
                pub float: f32,
                pub decimal: Decimal,
                pub bool: bool,
                pub date_time: DateTime,
                pub time_span: TimeSpan,
                pub guid: Guid,
                #[serde(
                    with = "serde_jsv::dotnet::bytes::option",
                    skip_serializing_if = "Option::is_none"
                )]
                pub bytes: Option<Vec<u8>>,
                #[serde(with = "serde_jsv::dotnet::char")]
                pub char: char,
                pub color: Color,
                pub nullable_int: Option<i32>,
                pub nullable_long: Option<i64>,
                pub nullable_double: Option<f64>,
                pub nullable_decimal: Option<Decimal>,
                pub nullable_bool: Option<bool>,
                pub nullable_date_time: Option<DateTime>,
                pub nullable_time_span: Option<TimeSpan>,
                pub nullable_guid: Option<Guid>,
                pub nullable_color: Option<Color>,
                pub string: Option<String>,
                pub string_list: Option<Vec<Option<String>>>,
                pub string_array: Option<Vec<Option<String>>>,
                pub int_list: Option<Vec<i32>>,
                pub int_list_list: Option<Vec<Option<Vec<i32>>>>,
                pub nullable_int_list: Option<Vec<Option<i32>>>,
                pub int_map: Option<IndexMap<String, i32>>,
                pub string_map: Option<IndexMap<String, Option<String>>>,
                pub list_map: Option<IndexMap<String, Option<Vec<Option<String>>>>>,
                pub int_key_map: Option<IndexMap<i32, Option<String>>>,
                pub nested: Option<Box<Nested>>,
                pub nested_list: Option<Vec<Option<Nested>>>,
                pub nested_map: Option<IndexMap<String, Option<Nested>>>,
            }

            #[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
            #[serde(rename_all = $case, default)]
            pub struct Nested {
                pub name: Option<String>,
                pub value: i32,
                pub tags: Option<Vec<Option<String>>>,
                pub child: Option<Box<Nested>>,
            }

            /// `[None]` → `[]` (Rule::LoneNull).
            fn lone<T>(list: &mut Option<Vec<Option<T>>>) {
                if let Some(items) = list {
                    if items.len() == 1 && items[0].is_none() {
                        items.clear();
                    }
                }
            }

            fn nested_rules(nested: &mut Nested, rules: &mut Vec<Rule>) {
                lone_tracked(&mut nested.tags, rules);
                if let Some(child) = &mut nested.child {
                    nested_rules(child, rules);
                }
            }

            fn lone_tracked<T: PartialEq + Clone>(
                list: &mut Option<Vec<Option<T>>>,
                rules: &mut Vec<Rule>,
            ) {
                let before = list.clone();
                lone(list);
                if *list != before {
                    rules.push(Rule::LoneNull);
                }
            }

            impl Generic {
                /// What ServiceStack's JSON reader and JSV writer make of the value, for the
                /// value rules; returns the rules that changed something. `for_read`: a null
                /// List<Nested> item comes back as an empty Nested.
                pub fn as_servicestack(&mut self, for_read: bool, rules: &mut Vec<Rule>) {
                    for date in [Some(&mut self.date_time), self.nullable_date_time.as_mut()]
                        .into_iter()
                        .flatten()
                    {
                        if date.kind() == DateTimeKind::Utc {
                            rules.push(Rule::ZonedDate);
                            let sub_ms = date.ticks() % 10_000;
                            if sub_ms != 0 {
                                rules.push(Rule::MonoMilliseconds);
                                let rounding = if sub_ms >= 5_000 {
                                    10_000 - sub_ms
                                } else {
                                    -sub_ms
                                };
                                *date = date.checked_add_ticks(rounding).unwrap();
                            }
                        }
                        *date = date.with_kind(DateTimeKind::Local);
                    }
                    // Null map values are never written (R16), by ServiceStack or us.
                    if let Some(map) = &mut self.string_map {
                        map.retain(|_, v| v.is_some());
                    }
                    if let Some(map) = &mut self.list_map {
                        map.retain(|_, v| v.is_some());
                    }
                    if let Some(map) = &mut self.int_key_map {
                        map.retain(|_, v| v.is_some());
                    }
                    if let Some(map) = &mut self.nested_map {
                        map.retain(|_, v| v.is_some());
                    }
                    if self.bytes.as_ref().is_some_and(Vec::is_empty) {
                        self.bytes = None;
                        rules.push(Rule::EmptyBytes);
                    }
                    if self.double == 0.0 && self.double.is_sign_negative() {
                        self.double = 0.0;
                        rules.push(Rule::NegativeZero);
                    }
                    lone_tracked(&mut self.string_list, rules);
                    lone_tracked(&mut self.string_array, rules);
                    lone_tracked(&mut self.int_list_list, rules);
                    lone_tracked(&mut self.nullable_int_list, rules);
                    for list in self.list_map.iter_mut().flat_map(|m| m.values_mut()) {
                        lone_tracked(list, rules);
                    }
                    let nested = self.nested.iter_mut().map(|n| &mut **n);
                    let listed = self.nested_list.iter_mut().flatten().flatten();
                    let mapped = self
                        .nested_map
                        .iter_mut()
                        .flat_map(|m| m.values_mut())
                        .flatten();
                    for n in nested.chain(listed).chain(mapped) {
                        nested_rules(n, rules);
                    }
                    if let Some(items) = &mut self.nested_list {
                        if items.iter().any(Option::is_none) {
                            rules.push(Rule::NullObjectItem);
                            if for_read {
                                for item in items.iter_mut().filter(|i| i.is_none()) {
                                    *item = Some(Nested::default());
                                }
                            } else if items.len() == 1 {
                                items.clear();
                                rules.push(Rule::LoneNull);
                            }
                        }
                    }
                }
            }
        }
    };
}

mirror!(pascal, "PascalCase");
mirror!(camel, "camelCase");

/// Replaces every string that is exactly U+200B by `""`, and drops map entries whose key is
/// exactly U+200B, as ServiceStack does (Rule::ZeroWidthSpace).
fn without_zwsp(json: &Json) -> Json {
    match json {
        Json::String(s) if s == "\u{200b}" => Json::String(String::new()),
        Json::Array(items) => Json::Array(items.iter().map(without_zwsp).collect()),
        // A map entry whose key is exactly U+200B is dropped by ServiceStack.
        Json::Object(map) => Json::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "\u{200b}")
                .map(|(k, v)| (k.clone(), without_zwsp(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Renames struct members (never map keys) to camelCase: the Generic object and every
/// Nested inside it.
fn camel_members(json: &Json, nested: bool) -> Json {
    let Json::Object(map) = json else {
        return json.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, value) in map {
        let mut name = key.clone();
        name[..1].make_ascii_lowercase();
        let value = match (nested, key.as_str()) {
            (false, "Nested") | (true, "Child") => camel_members(value, true),
            (false, "NestedList") => match value {
                Json::Array(items) => {
                    Json::Array(items.iter().map(|i| camel_members(i, true)).collect())
                }
                other => other.clone(),
            },
            (false, "NestedMap") => match value {
                Json::Object(m) => Json::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), camel_members(v, true)))
                        .collect(),
                ),
                other => other.clone(),
            },
            _ => value.clone(),
        };
        out.insert(name, value);
    }
    Json::Object(out)
}

/// The text rules: ServiceStack's text with our spelling of raw chars, and `{}` items of
/// NestedList as empty slots.
fn adjust_text(jsv: &str, camel: bool, c: char, rules: &mut Vec<Rule>) -> String {
    let (char_name, color_name, list_name) = if camel {
        ("char", "color", "nestedList")
    } else {
        ("Char", "Color", "NestedList")
    };
    let mut text = jsv.to_owned();
    #[derive(Serialize)]
    struct Member(#[serde(with = "serde_jsv::dotnet::char")] char);
    #[derive(Serialize)]
    struct One {
        c: Member,
    }
    let member = serde_jsv::to_string(&One { c: Member(c) }).unwrap();
    let ours = &member["{c:".len()..member.len() - 1];
    if ours != c.to_string() {
        let raw = format!("{char_name}:{c},{color_name}:");
        if text.contains(&raw) {
            text = text.replacen(&raw, &format!("{char_name}:{ours},{color_name}:"), 1);
            rules.push(Rule::RawChar);
        }
    }
    if let Some(start) = text.find(&format!(",{list_name}:[")) {
        let open = start + list_name.len() + 2;
        let (items, end) = split_items(&text[open..]);
        if items.contains(&"{}") {
            let joined: Vec<&str> = items
                .iter()
                .map(|i| if *i == "{}" { "" } else { *i })
                .collect();
            let replaced = format!("[{}]", joined.join(","));
            text = format!("{}{replaced}{}", &text[..open], &text[open + end..]);
        }
    }
    text
}

/// Splits the JSV list starting at `text[0] == '['` into its top-level items; returns them
/// and the length of the list text.
fn split_items(text: &str) -> (Vec<&str>, usize) {
    let bytes = text.as_bytes();
    let (mut depth, mut start, mut items, mut i) = (0usize, 1usize, Vec::new(), 0usize);
    let mut at_token_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if at_token_start => {
                // A quoted token: to the closing quote, `""` being an escaped quote.
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b'"' {
                        if bytes.get(i + 1) == Some(&b'"') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    items.push(&text[start..i]);
                    return (items, i + 1);
                }
            }
            b',' if depth == 1 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        at_token_start = matches!(bytes[i], b'[' | b'{' | b',' | b':');
        i += 1;
    }
    (items, text.len())
}

/// Runs one record through the mirror module `$module` (`pascal` or `camel`).
macro_rules! run_record {
    ($module:ident, $record:expr, $json:expr, $failures:expr, $rules_seen:expr) => {{
        let id = $record["id"].as_u64().unwrap();
        let camel = $record["camel"].as_bool().unwrap();
        let jsv = $record["jsv"].as_str().unwrap();
        let raw_json = $record["json"].as_str().unwrap();
        let mut value: $module::Generic =
            serde_json::from_value($json.clone()).expect("json into the mirror");
        let mut rules = Vec::new();
        let mut expected: $module::Generic = serde_json::from_value(without_zwsp(&$json)).unwrap();
        if expected != value {
            rules.push(Rule::ZeroWidthSpace);
        }
        // serde_json's default float parsing is not correctly rounded: take the literals.
        for target in [&mut value, &mut expected] {
            if let Some(x) = literal(raw_json, "Double") {
                target.double = x;
            }
            if let Some(x) = literal(raw_json, "NullableDouble") {
                target.nullable_double = Some(x);
            }
            if let Some(x) = literal::<f32>(raw_json, "Float") {
                target.float = x;
            }
        }
        for (name, member) in [
            ("Decimal", Some(&mut expected.decimal)),
            ("NullableDecimal", expected.nullable_decimal.as_mut()),
        ] {
            let json_member = $json.get(if camel { lower(name) } else { name.to_owned() }.as_str());
            if let (Some(member), Some(Json::Number(n))) = (member, json_member) {
                if n.to_string().contains(['e', 'E']) {
                    *member = Decimal::default();
                    rules.push(Rule::DecimalExponent);
                }
            }
        }
        let mut for_write = expected.clone();
        for_write.as_servicestack(false, &mut rules);
        expected.as_servicestack(true, &mut Vec::new());
        let expected_text = adjust_text(jsv, camel, value.char, &mut rules);
        // Write: ServiceStack's text (adjusted by the text rules) from the value as
        // ServiceStack saw it; and our own value itself where no value rule applies.
        match serde_jsv::to_string(&for_write) {
            Ok(text) if text == expected_text => {}
            other => $failures.push(format!(
                "id {id} write: {other:?}\n   expected {expected_text:?}"
            )),
        }
        // A lone null list item is refused rather than lost.
        if rules.contains(&Rule::LoneNull) {
            let ours = serde_jsv::to_string(&value);
            if ours.is_ok() {
                $failures.push(format!("id {id}: a lone null item was written: {ours:?}"));
            }
        }
        // Read: ServiceStack's text gives the value as ServiceStack saw it.
        if !rules.contains(&Rule::RawChar) {
            match serde_jsv::from_str::<$module::Generic>(jsv) {
                Ok(read) if same(&read, &expected) => {}
                other => $failures.push(format!(
                    "id {id} read {jsv:?}: {other:?}\n   expected {expected:?}"
                )),
            }
        }
        rules.sort_by_key(|r| *r as u8);
        rules.dedup();
        for rule in rules {
            $rules_seen.push((rule, id));
        }
    }};
}

/// The number literal of the top-level member `"name": …` in the raw JSON text, parsed
/// with Rust's correctly rounded parser.
fn literal<T: std::str::FromStr>(raw_json: &str, name: &str) -> Option<T> {
    let key = format!("\"{name}\": ");
    let start = raw_json.find(&key)? + key.len();
    let rest = &raw_json[start..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

fn lower(name: &str) -> String {
    let mut out = name.to_owned();
    out[..1].make_ascii_lowercase();
    out
}

/// Value equality (`f64`'s `==` also makes `-0.0` equal `0.0`, which the NegativeZero rule
/// relies on for reading).
fn same<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

#[test]
fn generic_typed_vectors() {
    let text = std::fs::read_to_string(VECTORS).unwrap_or_else(|e| panic!("{VECTORS}: {e}"));
    let mut failures: Vec<String> = Vec::new();
    let mut rules_seen: Vec<(Rule, u64)> = Vec::new();
    let mut records = 0;
    for line in text.lines() {
        let record: Json = serde_json::from_str(line).unwrap();
        if record["type"] != "Generic" {
            continue;
        }
        records += 1;
        let json: Json = serde_json::from_str(record["json"].as_str().unwrap()).unwrap();
        if record["camel"].as_bool().unwrap() {
            let json = camel_members(&json, false);
            run_record!(camel, record, json, failures, rules_seen);
        } else {
            run_record!(pascal, record, json, failures, rules_seen);
        }
    }
    let mut judged_records = std::collections::BTreeSet::new();
    for (rule, ids, _) in JUDGED_DIFFERENT {
        let mut seen: Vec<u64> = rules_seen
            .iter()
            .filter(|(r, _)| r == rule)
            .map(|(_, id)| *id)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        judged_records.extend(seen.iter().copied());
        if seen != *ids {
            failures.push(format!(
                "JUDGED_DIFFERENT {rule:?} lists {ids:?}, but the rule applies to {seen:?}"
            ));
        }
    }
    println!(
        "{records} Generic records: {} exact, {} judged different, {} failures",
        records - judged_records.len(),
        judged_records.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
