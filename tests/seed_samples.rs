//! Every sample body on the Evo Voice metadata pages (`tests/data/seeds/*.txt`) parses, completely,
//! into the `serde_jsv::evo_voice` types.
//!
//! The bodies are found in the page text: each follows a `Content-Length: length` header, its
//! type comes from the message it belongs to (a response is a `SessionInfo`; a request is the
//! DTO whose method and route match the request line) and its format from `Content-Type`.
//! JSV bodies are ServiceStack's indented dump (tab-indented, `key: value`).
#![cfg(feature = "evo-voice")]

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use serde_jsv::evo_voice::{DeleteChatMember, InviteChatMember, PatchSession, SessionInfo};
use serde_jsv::request::ServiceStackRequest;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seeds");

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Jsv,
    Json,
}

/// One sample body and what it belongs to.
#[derive(Debug)]
struct Sample {
    file: String,
    /// `None` for a response, else the request line's method and path.
    request: Option<(String, String)>,
    format: Format,
    body: String,
}

/// The sample bodies of one page.
fn samples(file: &str, text: &str) -> Vec<Sample> {
    const MARKER: &str = "Content-Length: length";
    let mut samples = Vec::new();
    let mut searched = 0;
    while let Some(found) = text[searched..].find(MARKER) {
        let marker = searched + found;
        let headers_start = text[..marker]
            .rfind("HTTP/1.1")
            .expect("a start line before the headers");
        let line_start = text[..headers_start].rfind('\n').map_or(0, |i| i + 1);
        let start_line = text[line_start..headers_start].trim();
        // `HTTP/1.1 200 OK` begins a response; `PATCH /sessions/{sessionId} HTTP/1.1` a request.
        let request = (!start_line.is_empty()).then(|| {
            let (method, path) = start_line.split_once(' ').expect("method and path");
            (method.to_owned(), path.trim().to_owned())
        });
        let headers = &text[headers_start..marker];
        let format = if headers.contains("Content-Type: text/jsv") {
            Format::Jsv
        } else if headers.contains("Content-Type: application/json") {
            Format::Json
        } else {
            panic!("{file}: no known Content-Type in {headers:?}");
        };
        let body_start = marker + MARKER.len();
        let body = balanced_object(&text[body_start..])
            .unwrap_or_else(|| panic!("{file}: no body after {MARKER}"));
        searched = body_start;
        samples.push(Sample {
            file: file.to_owned(),
            request,
            format,
            body: body.to_owned(),
        });
    }
    samples
}

/// The `{…}` at the start of `text` (after whitespace), braces balanced outside `"…"` strings.
fn balanced_object(text: &str) -> Option<&str> {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('{') {
        return None;
    }
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for (offset, c) in text[start..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[start..start + offset + 1]);
                }
            }
            _ => {}
        }
    }
    None
}

fn all_samples() -> Vec<Sample> {
    let mut files: Vec<_> = std::fs::read_dir(SEEDS)
        .expect("the seeds directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "seed pages in {SEEDS}");
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("a seed page");
            samples(&file_name(path), &text)
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The member paths of a value in document order: `members[0].applicationData.String`.
fn member_paths(value: &Json, prefix: &str, out: &mut Vec<String>) {
    match value {
        Json::Object(members) => {
            for (name, value) in members {
                let path = format!("{prefix}.{name}");
                out.push(path.clone());
                member_paths(value, &path, out);
            }
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                member_paths(item, &format!("{prefix}[{index}]"), out);
            }
        }
        _ => {}
    }
}

fn paths(value: &Json) -> Vec<String> {
    let mut out = Vec::new();
    member_paths(value, "", &mut out);
    out
}

/// Parses `sample` into `T` and checks that nothing was dropped: the members of the sample (read
/// untyped) are exactly the members of the typed value written back, in the same order.
fn parse_completely<T: DeserializeOwned + Serialize>(sample: &Sample) -> T {
    let (typed, untyped): (T, Json) = match sample.format {
        Format::Jsv => {
            let typed = serde_jsv::from_str(&sample.body).unwrap_or_else(|err| {
                panic!(
                    "{}: JSV sample does not parse: {err}\n{}",
                    sample.file, sample.body
                )
            });
            let untyped: serde_jsv::Value = serde_jsv::from_str(&sample.body).expect("untyped JSV");
            (
                typed,
                serde_json::to_value(&untyped).expect("a Value is JSON"),
            )
        }
        Format::Json => {
            let typed = serde_json::from_str(&sample.body).unwrap_or_else(|err| {
                panic!(
                    "{}: JSON sample does not parse: {err}\n{}",
                    sample.file, sample.body
                )
            });
            (
                typed,
                serde_json::from_str(&sample.body).expect("untyped JSON"),
            )
        }
    };
    let written = serde_json::to_value(&typed).expect("the typed value as JSON");
    assert_eq!(
        paths(&written),
        paths(&untyped),
        "{}: members of the {:?} sample",
        sample.file,
        sample.format
    );
    typed
}

fn request_type(method: &str, path: &str) -> &'static str {
    fn matches<R: ServiceStackRequest>(method: &str, path: &str) -> bool {
        R::METHOD.as_str() == method
            && R::ROUTES
                .iter()
                .any(|route| route.path == path && route.serves(R::METHOD))
    }
    if matches::<InviteChatMember>(method, path) {
        InviteChatMember::TYPE_NAME
    } else if matches::<DeleteChatMember>(method, path) {
        DeleteChatMember::TYPE_NAME
    } else if matches::<PatchSession>(method, path) {
        PatchSession::TYPE_NAME
    } else {
        panic!("no request DTO for {method} {path}")
    }
}

#[test]
fn every_sample_body_parses_completely() {
    let samples = all_samples();
    let mut sessions: Vec<(&Sample, SessionInfo)> = Vec::new();
    let (mut invites, mut patches) = (Vec::new(), Vec::new());
    for sample in &samples {
        match &sample.request {
            None => sessions.push((sample, parse_completely::<SessionInfo>(sample))),
            Some((method, path)) => match request_type(method, path) {
                "InviteChatMember" => invites.push(parse_completely::<InviteChatMember>(sample)),
                "PatchSession" => patches.push(parse_completely::<PatchSession>(sample)),
                other => panic!("{}: unexpected {other} body", sample.file),
            },
        }
    }
    let count = |format| samples.iter().filter(|s| s.format == format).count();
    // Responses on pages 000–004 (JSV on four, JSON on one), the InviteChatMember request (JSV)
    // and the PatchSession request (JSON). DeleteChatMember requests have no body.
    assert_eq!(
        (count(Format::Jsv), count(Format::Json)),
        (5, 2),
        "sample bodies found: {samples:#?}"
    );
    assert_eq!((sessions.len(), invites.len(), patches.len()), (5, 1, 1));

    // Every SessionInfo sample, JSV or JSON, is the same value.
    let (_, reference) = sessions
        .iter()
        .find(|(s, _)| s.format == Format::Json)
        .expect("a JSON SessionInfo sample");
    for (sample, session) in &sessions {
        assert_eq!(
            session, reference,
            "{}: JSV sample differs from the JSON sample",
            sample.file
        );
    }
    assert_eq!(reference.account_id.as_deref(), Some("String"));
    assert_eq!(
        reference.members.as_ref().unwrap()[0]
            .application_data
            .as_ref()
            .unwrap()["String"],
        "String"
    );
    assert_eq!(reference.last_modified_by.as_deref(), Some("String"));

    let invite = &invites[0];
    let placeholder = Some("String".to_owned());
    assert_eq!(
        invite,
        &InviteChatMember {
            session_id: placeholder.clone(),
            member_to_add: placeholder.clone(),
            caller_id: placeholder.clone()
        }
    );
    let patch = &patches[0];
    assert_eq!(patch.session_id, placeholder);
    assert_eq!(patch.console_data, placeholder);
    assert_eq!(patch.call_state, Some(Default::default()));
    assert_eq!(patch.hold_reason, Some(Default::default()));
    assert_eq!(patch.queue_state, Some(Default::default()));
}

/// Every request line on the pages (bodiless DELETEs included) is served by one of the DTOs,
/// through its `METHOD` and `ROUTES`.
#[test]
fn sample_request_lines_match_the_dtos() {
    let mut served = std::collections::BTreeSet::new();
    for page in std::fs::read_dir(SEEDS).unwrap() {
        let text = std::fs::read_to_string(page.unwrap().path()).unwrap();
        for line in text.lines().map(str::trim) {
            let Some(start) = line.strip_suffix("HTTP/1.1") else {
                continue;
            };
            let Some((method, path)) = start.trim().split_once(' ') else {
                continue;
            };
            served.insert(request_type(method, path.trim()));
        }
    }
    assert_eq!(
        served,
        ["DeleteChatMember", "InviteChatMember", "PatchSession"].into()
    );
}

/// Our pretty writer gives the pages' indented JSV bodies byte for byte (the member order and
/// layout are the server's). Page 001 lost its indentation when it was captured, so only the
/// tab-indented bodies are compared.
#[test]
fn pretty_writer_reproduces_the_indented_samples() {
    let samples = all_samples();
    let mut compared = 0;
    for sample in samples
        .iter()
        .filter(|s| s.format == Format::Jsv && s.body.contains('\t'))
    {
        let text = match &sample.request {
            None => serde_jsv::to_string_pretty(
                &serde_jsv::from_str::<SessionInfo>(&sample.body).unwrap(),
            ),
            Some(_) => serde_jsv::to_string_pretty(
                &serde_jsv::from_str::<InviteChatMember>(&sample.body).unwrap(),
            ),
        };
        assert_eq!(text.unwrap(), sample.body, "{}", sample.file);
        compared += 1;
    }
    assert_eq!(compared, 4, "indented JSV bodies");
}
