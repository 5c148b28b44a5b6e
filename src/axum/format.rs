//! Which format a request asks to be answered in, the way ServiceStack decides it.

use std::convert::Infallible;

use ::axum::extract::FromRequestParts;
use ::axum::http::request::Parts;
use ::axum::http::{HeaderMap, HeaderValue, Uri, header};

/// A wire format: JSV or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSV, answered as `application/jsv; charset=utf-8`.
    Jsv,
    /// JSON, answered as `application/json; charset=utf-8`.
    Json,
}

impl Format {
    /// The `Content-Type` a response in this format carries.
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Jsv => "application/jsv; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }

    /// The short name ServiceStack uses in routes and `?format=`: `jsv` or `json`.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Jsv => "jsv",
            Format::Json => "json",
        }
    }

    /// The format named by `?format=` or a path suffix: `jsv` or `json` in any case. Text
    /// after a `.` is a modifier and ignored (`?format=json.pretty`).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.split('.').next().unwrap_or_default();
        if name.eq_ignore_ascii_case("jsv") {
            Some(Format::Jsv)
        } else if name.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// The format of a media type, parameters ignored: `application/jsv` and `text/jsv`
    /// are JSV, `application/json` and `text/json` JSON.
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        if essence.eq_ignore_ascii_case("application/jsv")
            || essence.eq_ignore_ascii_case("text/jsv")
        {
            Some(Format::Jsv)
        } else if essence.eq_ignore_ascii_case("application/json")
            || essence.eq_ignore_ascii_case("text/json")
        {
            Some(Format::Json)
        } else {
            None
        }
    }

    pub(crate) fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.content_type())
    }

    /// The response format of a request, first match wins (ServiceStack's order):
    ///
    /// 1. `?format=jsv` or `?format=json`;
    /// 2. a predefined route: `/jsv/reply/…`, `/json/reply/…`, `/jsv/oneway/…`;
    /// 3. a `.jsv` or `.json` suffix on the last path segment (`/hello/world.jsv`);
    /// 4. the `Accept` header: the first media range, by `q` then order, that names JSV or
    ///    JSON (`application/jsv`, `text/jsv`, `application/json`, `text/json`);
    /// 5. JSON (also for `*/*` and no `Accept`).
    ///
    /// ```
    /// use axum::http::Request;
    /// use serde_jsv::axum::Format;
    ///
    /// let request = Request::get("/hello/world.jsv").header("Accept", "application/json").body(())?;
    /// assert_eq!(Format::of_request(request.uri(), request.headers()), Format::Jsv);
    /// let request = Request::get("/hello?format=json").header("Accept", "text/jsv").body(())?;
    /// assert_eq!(Format::of_request(request.uri(), request.headers()), Format::Json);
    /// let request = Request::get("/hello").header("Accept", "*/*").body(())?;
    /// assert_eq!(Format::of_request(request.uri(), request.headers()), Format::Json);
    /// # Ok::<(), axum::http::Error>(())
    /// ```
    pub fn of_request(uri: &Uri, headers: &HeaderMap) -> Format {
        query_format(uri)
            .or_else(|| path_format(uri.path()))
            .or_else(|| accept_format(headers))
            .unwrap_or(Format::Json)
    }
}

/// `?format=` (the last one given).
pub(crate) fn query_format(uri: &Uri) -> Option<Format> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| key.eq_ignore_ascii_case("format"))
        .filter_map(|(_, value)| Format::from_name(value))
        .next_back()
}

/// The format a path names: a predefined route's or a suffix on its last segment.
pub(crate) fn path_format(path: &str) -> Option<Format> {
    let mut segments = path.trim_start_matches('/').split('/');
    if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
        let predefined =
            second.eq_ignore_ascii_case("reply") || second.eq_ignore_ascii_case("oneway");
        if predefined
            && !first.contains('.')
            && let Some(format) = Format::from_name(first)
        {
            return Some(format);
        }
    }
    split_suffix(path.rsplit('/').next().unwrap_or_default()).1
}

/// `world.jsv` → (`world`, JSV); `world` → (`world`, none).
pub(crate) fn split_suffix(segment: &str) -> (&str, Option<Format>) {
    match segment.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && !extension.contains('%') => {
            match Format::from_name(extension).filter(|_| extension.len() <= 4) {
                Some(format) => (stem, Some(format)),
                None => (segment, None),
            }
        }
        _ => (segment, None),
    }
}

/// The format the `Accept` header asks for, if it names JSV or JSON.
pub(crate) fn accept_format(headers: &HeaderMap) -> Option<Format> {
    let mut ranges: Vec<(f32, &str)> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|range| !range.is_empty())
        .map(|range| (quality(range), range))
        .collect();
    // A stable sort keeps the header's order among equal qualities.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges
        .iter()
        .filter(|(q, _)| *q > 0.0)
        .find_map(|(_, range)| Format::from_media_type(range))
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

/// Extractor: the format the request asks to be answered in ([`Format::of_request`]).
///
/// ```
/// use axum::{Router, routing::get};
/// use serde::Serialize;
/// use serde_jsv::axum::{Negotiate, Negotiated};
///
/// #[derive(Serialize)]
/// struct Greeting { result: String }
///
/// async fn hello(format: Negotiate) -> Negotiated<Greeting> {
///     format.respond(Greeting { result: "Hello".into() })
/// }
///
/// let app: Router = Router::new().route("/hello", get(hello));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiate(pub Format);

impl Negotiate {
    /// Answers `value` in the negotiated format.
    pub fn respond<T>(self, value: T) -> super::Negotiated<T> {
        super::Negotiated::new(self.0, value)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Negotiate {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Negotiate(Format::of_request(&parts.uri, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(uri: &str, accept: Option<&str>) -> Format {
        let uri: Uri = uri.parse().unwrap();
        let mut headers = HeaderMap::new();
        if let Some(accept) = accept {
            headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
        }
        Format::of_request(&uri, &headers)
    }

    #[test]
    fn servicestack_precedence() {
        assert_eq!(
            pick("/jsv/reply/Hello?format=json", Some("text/jsv")),
            Format::Json
        );
        assert_eq!(
            pick("/jsv/reply/Hello", Some("application/json")),
            Format::Jsv
        );
        assert_eq!(
            pick("/json/reply/Hello", Some("application/jsv")),
            Format::Json
        );
        assert_eq!(
            pick("/hello/world.jsv", Some("application/json")),
            Format::Jsv
        );
        assert_eq!(pick("/hello/world.JSON", Some("text/jsv")), Format::Json);
        assert_eq!(pick("/hello/world", Some("text/jsv")), Format::Jsv);
        assert_eq!(pick("/hello/a.b", Some("text/jsv")), Format::Jsv);
        assert_eq!(pick("/hello", Some("*/*")), Format::Json);
        assert_eq!(pick("/hello", None), Format::Json);
        assert_eq!(
            pick("/hello", Some("text/html, application/jsv;q=0.9")),
            Format::Jsv
        );
        assert_eq!(
            pick("/hello", Some("application/json;q=0.5, text/jsv")),
            Format::Jsv
        );
        assert_eq!(
            pick("/hello", Some("text/jsv;q=0, application/json")),
            Format::Json
        );
        assert_eq!(pick("/hello?format=jsv.pretty", None), Format::Jsv);
    }

    #[test]
    fn suffixes() {
        assert_eq!(split_suffix("s1.jsv"), ("s1", Some(Format::Jsv)));
        assert_eq!(split_suffix(".jsv"), (".jsv", None));
        assert_eq!(split_suffix("a@b.com"), ("a@b.com", None));
        assert_eq!(split_suffix("x.json"), ("x", Some(Format::Json)));
    }
}
