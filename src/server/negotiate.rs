//! Content negotiation and request binding, the way ServiceStack does them.
//!
//! The response format is chosen, first match wins, from: `?format=jsv|json`, the format of a
//! predefined route (`/jsv/reply/…`, `/api/Op.jsv`), a `.jsv`/`.json` suffix on a user route,
//! the `Accept` header, and finally JSON (`docs/format.md` §12).
//!
//! A request DTO is bound from the body (JSV, JSON or a form), then the query string, then
//! the route's path variables, later sources overriding earlier ones member by member, as
//! ServiceStack's `RestHandler` does. Member names match case-insensitively.

use crate::{Map, Value};
use axum::http::{HeaderMap, HeaderValue, header};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::errors::ApiError;

/// A wire format the server reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSV, answered as `application/jsv; charset=utf-8`.
    Jsv,
    /// JSON, answered as `application/json; charset=utf-8`.
    Json,
    /// An HTML page: only chosen by [`AcceptMode::ServiceStack`] when the `Accept` header
    /// names no type ServiceStack recognises (for instance `text/jsv` alone).
    Html,
}

impl Format {
    /// The `Content-Type` the server answers with for this format.
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Jsv => "application/jsv; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// The format named by `?format=` or a path suffix: `jsv` or `json`, any case; text after
    /// a `.` is a modifier and ignored (`?format=json.pretty`). The same rule as
    /// [`crate::axum::Format::from_name`].
    pub fn from_name(name: &str) -> Option<Format> {
        crate::axum::Format::from_name(name).map(Format::from)
    }

    /// The format of a media type (parameters ignored): `application/jsv`, `text/jsv`,
    /// `application/json`, `text/json`. The same rule as
    /// [`crate::axum::Format::from_media_type`].
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        crate::axum::Format::from_media_type(media_type).map(Format::from)
    }
}

impl From<crate::axum::Format> for Format {
    fn from(format: crate::axum::Format) -> Format {
        match format {
            crate::axum::Format::Jsv => Format::Jsv,
            crate::axum::Format::Json => Format::Json,
        }
    }
}

/// How the `Accept` header is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AcceptMode {
    /// Media ranges are ranked by `q`; `application/jsv` and `text/jsv` select JSV,
    /// `application/json` and `text/json` select JSON, anything else falls back to JSON.
    #[default]
    Lenient,
    /// ServiceStack's own reading (`docs/format.md` §12 rule 4): each value is compared by prefix
    /// with `text/html`, `application/json`, `application/xml`, `application/jsv` in that
    /// order; `text/jsv` is not among them. `*/*` or no `Accept` gives JSON; a header naming
    /// only unknown types gives an HTML page, as a stock ServiceStack host does. Use it to check
    /// that a client gets JSV back without relying on `Accept: text/jsv`.
    ServiceStack,
}

/// What decided the response format, in ServiceStack's order of precedence.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FormatHints {
    /// `?format=`.
    pub query: Option<Format>,
    /// The format of a predefined route (`/jsv/reply/…`, `/api/Op.jsv`) or a user route's
    /// `.jsv`/`.json` suffix.
    pub route: Option<Format>,
    /// `/api/{Op}` answers JSON without looking at `Accept`.
    pub ignore_accept: bool,
}

/// Chooses the response format.
pub(crate) fn response_format(hints: FormatHints, headers: &HeaderMap, mode: AcceptMode) -> Format {
    if let Some(format) = hints.query.or(hints.route) {
        return format;
    }
    if hints.ignore_accept {
        return Format::Json;
    }
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|range| !range.is_empty())
        .collect();
    match mode {
        AcceptMode::Lenient => lenient_accept(&accept),
        AcceptMode::ServiceStack => servicestack_accept(&accept),
    }
}

fn lenient_accept(ranges: &[&str]) -> Format {
    let mut ranked: Vec<(f32, &str)> = ranges
        .iter()
        .map(|range| (quality(range), *range))
        .collect();
    // A stable sort keeps the header's order among equal qualities.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked
        .iter()
        .filter(|(q, _)| *q > 0.0)
        .find_map(|(_, range)| Format::from_media_type(range))
        .unwrap_or(Format::Json)
}

fn quality(range: &str) -> f32 {
    range
        .split(';')
        .skip(1)
        .filter_map(|param| param.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(1.0)
}

fn servicestack_accept(values: &[&str]) -> Format {
    const PREFERRED: [(&str, Option<Format>); 4] = [
        ("text/html", Some(Format::Html)),
        ("application/json", Some(Format::Json)),
        // No XML here: the server does not speak it, so it falls through like an unknown type.
        ("application/xml", None),
        ("application/jsv", Some(Format::Jsv)),
    ];
    for (prefix, format) in PREFERRED {
        if values.iter().any(|value| value.starts_with(prefix))
            && let Some(format) = format
        {
            return format;
        }
    }
    if values.is_empty() || values.iter().any(|value| value.starts_with("*/*")) {
        Format::Json
    } else {
        Format::Html
    }
}

/// What a request body is written in, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFormat {
    /// JSV or JSON.
    Text(Format),
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// The body format named by a `Content-Type` header, `None` when it names none the server
/// reads.
pub(crate) fn body_format(content_type: &str) -> Option<BodyFormat> {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyFormat::Form)
    } else {
        Format::from_media_type(essence).map(BodyFormat::Text)
    }
}

/// Parses a request body into members. An empty body has none.
pub(crate) fn parse_body(
    bytes: &[u8],
    format: BodyFormat,
    type_name: &str,
) -> Result<Map, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let value = match format {
        BodyFormat::Text(text_format) => {
            let (wire, content_type) = match text_format {
                Format::Jsv => (crate::axum::Format::Jsv, "application/jsv"),
                _ => (crate::axum::Format::Json, "application/json"),
            };
            crate::axum::decode_as::<Value>(bytes, wire, content_type, type_name)
                .map_err(ApiError::from_servicestack)?
        }
        BodyFormat::Form => {
            let text = String::from_utf8_lossy(bytes);
            return Ok(pairs_to_map(parse_urlencoded(&text)));
        }
    };
    match value {
        Value::Map(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(ApiError::binding(type_name, &"the body is not an object")),
    }
}

/// Turns `key=value` pairs into members. Values that look like JSV objects or lists are
/// read as such (ServiceStack writes complex query values as JSV, `docs/urls.md`).
pub(crate) fn pairs_to_map(pairs: Vec<(String, String)>) -> Map {
    let mut map = Map::new();
    for (key, text) in pairs {
        let value = if text.starts_with('{') || text.starts_with('[') {
            crate::from_str::<Value>(&text).unwrap_or(Value::String(text))
        } else {
            Value::String(text)
        };
        set_member(&mut map, key, value);
    }
    map
}

/// Sets a member, replacing one whose name differs only in case.
pub(crate) fn set_member(map: &mut Map, key: String, value: Value) {
    map.retain(|existing, _| !existing.eq_ignore_ascii_case(&key));
    map.insert(key, value);
}

/// Layers `over` on top of `base`, member by member.
pub(crate) fn merge(mut base: Map, over: Map) -> Map {
    for (key, value) in over {
        set_member(&mut base, key, value);
    }
    base
}

/// Reads a request DTO out of bound members.
pub(crate) fn bind<T: DeserializeOwned>(members: Map, type_name: &str) -> Result<T, ApiError> {
    crate::from_value(Value::Map(members)).map_err(|err| ApiError::binding(type_name, &err))
}

/// Splits `a=1&b=x+y%21` into decoded pairs (`+` is a space, bad `%` escapes stay as
/// written, invalid UTF-8 is replaced).
pub fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key, true), percent_decode(value, true))
        })
        .collect()
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`).
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'%' if at + 2 < bytes.len() => match (hex(bytes[at + 1]), hex(bytes[at + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    at += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|value| value as u8)
}

/// Serializes a response body in `format`. `None` members are left out in both formats, as
/// ServiceStack leaves out nulls.
pub(crate) fn encode<T: Serialize>(value: &T, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Jsv => crate::to_vec(value).map_err(|err| err.to_string()),
        Format::Json => {
            let mut json = serde_json::to_value(value).map_err(|err| err.to_string())?;
            strip_nulls(&mut json);
            serde_json::to_vec(&json).map_err(|err| err.to_string())
        }
        Format::Html => {
            let pretty = crate::to_string_pretty(value).map_err(|err| err.to_string())?;
            Ok(html_page(&pretty).into_bytes())
        }
    }
}

fn strip_nulls(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(members) => {
            members.retain(|_, value| !value.is_null());
            members.values_mut().for_each(strip_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

fn html_page(body: &str) -> String {
    let escaped = body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<html><head><title>Snapshot</title></head>\n<body><pre>{escaped}</pre></body></html>\n"
    )
}

/// The `Content-Type` header value for `format`.
pub(crate) fn content_type_header(format: Format) -> HeaderValue {
    HeaderValue::from_static(format.content_type())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn precedence_is_query_then_route_then_accept() {
        let headers = accept("application/json");
        let hints = FormatHints {
            query: Some(Format::Jsv),
            route: Some(Format::Json),
            ..FormatHints::default()
        };
        assert_eq!(
            response_format(hints, &headers, AcceptMode::Lenient),
            Format::Jsv
        );
        let hints = FormatHints {
            route: Some(Format::Jsv),
            ..FormatHints::default()
        };
        assert_eq!(
            response_format(hints, &headers, AcceptMode::Lenient),
            Format::Jsv
        );
        let hints = FormatHints {
            ignore_accept: true,
            ..FormatHints::default()
        };
        assert_eq!(
            response_format(hints, &accept("application/jsv"), AcceptMode::Lenient),
            Format::Json
        );
    }

    #[test]
    fn lenient_accept_ranks_by_quality() {
        let pick =
            |value| response_format(FormatHints::default(), &accept(value), AcceptMode::Lenient);
        assert_eq!(pick("text/jsv"), Format::Jsv);
        assert_eq!(pick("application/jsv, text/jsv"), Format::Jsv);
        assert_eq!(pick("application/json;q=0.5, text/jsv"), Format::Jsv);
        assert_eq!(pick("text/jsv;q=0, application/json"), Format::Json);
        assert_eq!(pick("*/*"), Format::Json);
        assert_eq!(
            response_format(
                FormatHints::default(),
                &HeaderMap::new(),
                AcceptMode::Lenient
            ),
            Format::Json
        );
    }

    #[test]
    fn servicestack_accept_ignores_text_jsv() {
        let pick = |value| {
            response_format(
                FormatHints::default(),
                &accept(value),
                AcceptMode::ServiceStack,
            )
        };
        assert_eq!(pick("text/jsv"), Format::Html);
        assert_eq!(pick("application/jsv, text/jsv"), Format::Jsv);
        assert_eq!(pick("text/jsv, application/json"), Format::Json);
        assert_eq!(pick("*/*"), Format::Json);
    }

    #[test]
    fn urlencoded_pairs_decode() {
        assert_eq!(
            parse_urlencoded("memberToRemove=a%40b.com&x=1+2&bad=%zz&tail=%4"),
            vec![
                ("memberToRemove".to_owned(), "a@b.com".to_owned()),
                ("x".to_owned(), "1 2".to_owned()),
                ("bad".to_owned(), "%zz".to_owned()),
                ("tail".to_owned(), "%4".to_owned()),
            ]
        );
        assert_eq!(percent_decode("a+b%2B", false), "a+b+");
    }

    #[test]
    fn members_merge_case_insensitively() {
        let base = pairs_to_map(vec![
            ("SessionId".into(), "a".into()),
            ("x".into(), "1".into()),
        ]);
        let over = pairs_to_map(vec![("sessionId".into(), "b".into())]);
        let merged = merge(base, over);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged["sessionId"], "b");
    }

    #[test]
    fn json_output_drops_nulls() {
        #[derive(Serialize)]
        struct Sample {
            a: Option<u8>,
            b: Vec<Option<u8>>,
        }
        let bytes = encode(
            &Sample {
                a: None,
                b: vec![Some(1)],
            },
            Format::Json,
        )
        .unwrap();
        assert_eq!(bytes, br#"{"b":[1]}"#);
    }
}
