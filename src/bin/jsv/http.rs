//! `jsv get` and `jsv send`: one request to a JSV endpoint, the response on standard output.
//!
//! The request goes through the library's blocking client ([`JsvClient::send_raw`]), so it
//! gets the client's `Accept` header, credentials, timeout, retries (idempotent methods, on
//! connection failures and 502/503/504) and response size limit. The response body is
//! validated in full before anything is printed, then re-laid (pretty JSV by default),
//! converted to JSON (`--json`) or copied as it came (`--raw`).

use std::fmt;
use std::io::Write;
use std::str::FromStr;
use std::time::Duration;

use clap::Args;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url, Version};
use serde_jsv::client::blocking::JsvClient;
use serde_jsv::client::{ApiError, Error, RawBody, RetryPolicy, SessionCookies};
use serde_jsv::de::{Options, ReadMode};
use serde_jsv::response::ResponseStatus;

use crate::convert::{self, Input, Layout, Output};
use crate::input::{self, Source};
use crate::output::Sink;
use crate::{Failure, ReadModeArg};

/// Connection, authentication and output options of `get` and `send`.
#[derive(Debug, Args)]
pub struct HttpArgs {
    /// Send `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "TOKEN", conflicts_with = "basic")]
    bearer: Option<String>,
    /// Send HTTP basic authentication.
    #[arg(long, value_name = "USER:PASS")]
    basic: Option<String>,
    /// Send ServiceStack's session cookie `ss-id`.
    #[arg(long, value_name = "ID")]
    ss_id: Option<String>,
    /// Send ServiceStack's permanent session cookie `ss-pid`.
    #[arg(long, value_name = "ID")]
    ss_pid: Option<String>,
    /// Add `format=jsv` to the query string (unless it has a `format`): some hosts ignore
    /// the Accept header, every host honours the parameter.
    #[arg(short = 'F', long)]
    format_param: bool,
    /// Add a request header; repeatable. Replaces a default header of the same name.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Print the status line and the response headers before the body.
    #[arg(short = 'i', long)]
    include: bool,
    /// Print the body as JSON (indented unless --compact).
    #[arg(long, conflicts_with = "raw")]
    json: bool,
    /// With --json: turn `True`/`False` and canonical numbers into JSON bools and numbers.
    #[arg(long, requires = "json")]
    infer: bool,
    /// Print compact JSV (or one-line JSON) instead of the indented layout.
    #[arg(long)]
    compact: bool,
    /// Print the body exactly as received, without checking it.
    #[arg(long)]
    raw: bool,
    /// Give up on an attempt after this many seconds (connecting included).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
    /// Retry GET, HEAD, OPTIONS, PUT and DELETE up to N times when connecting fails or the
    /// server answers 502, 503 or 504 (0: never).
    #[arg(long, value_name = "N", default_value_t = RetryPolicy::default().max_retries())]
    retries: u32,
    /// The largest response body accepted (suffixes K, M, G: powers of 1024).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = ByteSize(serde_jsv::client::DEFAULT_MAX_RESPONSE_SIZE)
    )]
    max_size: ByteSize,
    /// How whitespace in the response is read.
    #[arg(long, value_enum, default_value_t = ReadModeArg::Auto)]
    read_mode: ReadModeArg,
}

/// A request body given on the command line.
#[derive(Debug)]
pub struct Body {
    /// Where the text comes from.
    source: BodySource,
    /// The text is JSON, to be sent as JSV.
    from_json: bool,
}

#[derive(Debug)]
enum BodySource {
    Inline(String),
    Read(Source),
}

impl Body {
    /// `@FILE` reads a file, `-` standard input, anything else is the body itself.
    pub fn parse(arg: &str, from_json: bool) -> Body {
        let source = if arg == "-" {
            BodySource::Read(Source::Stdin)
        } else if let Some(path) = arg.strip_prefix('@') {
            BodySource::Read(Source::new(Some(path.as_ref())))
        } else {
            BodySource::Inline(arg.to_owned())
        };
        Body { source, from_json }
    }

    /// The JSV text to send, checked (and converted from JSON when asked).
    fn into_jsv(self) -> Result<Vec<u8>, Failure> {
        let (name, bytes) = match self.source {
            BodySource::Inline(text) => ("<body>".to_owned(), text.into_bytes()),
            BodySource::Read(source) => (source.name(), source.read()?),
        };
        let text = input::text(&bytes)?;
        let input = if self.from_json {
            Input::Json
        } else {
            Input::Jsv(Options::new())
        };
        if !self.from_json {
            convert::validate(&name, text, &input, None)?;
            return Ok(bytes);
        }
        let output = Output::Jsv(Layout::Compact);
        convert::validate(&name, text, &input, Some(output))?;
        let mut jsv = Vec::new();
        convert::write_to(text, &input, output, &mut jsv)
            .map_err(|err| Failure::Invalid(format!("{name}: {err}")))?;
        Ok(jsv)
    }
}

/// Sends the request and prints the response.
pub fn run(method: &str, url: &str, body: Option<Body>, args: HttpArgs) -> Result<(), Failure> {
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .map_err(|_| Failure::Io(format!("invalid HTTP method `{method}`")))?;
    let mut url =
        Url::parse(url).map_err(|err| Failure::Io(format!("invalid URL `{url}`: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Failure::Io(format!(
            "`{}` is not an http or https URL",
            without_credentials(&url)
        )));
    }
    if args.format_param
        && !url
            .query_pairs()
            .any(|(name, _)| name.eq_ignore_ascii_case("format"))
    {
        url.query_pairs_mut().append_pair("format", "jsv");
    }
    let body = body.map(Body::into_jsv).transpose()?;
    let extra_headers = extra_headers(&args.headers)?;
    let client = build_client(&url, &args, &extra_headers)?;
    let body = body.map(|bytes| {
        let body = RawBody::new(bytes);
        // `-H 'Content-Type: …'` replaces the JSV content type of the body.
        match extra_headers.get(header::CONTENT_TYPE) {
            Some(content_type) => body.with_content_type(content_type.clone()),
            None => body,
        }
    });
    let shown_url = without_credentials(&url);

    // An error status is shown like a success (body, then a summary), so both become the
    // status, version, headers, body and the ResponseStatus the client found, if any.
    let (status, version, response_headers, bytes, response_status) =
        match client.send_raw(method, &path_and_query(&url), body) {
            Ok(response) => (
                response.status(),
                response.version(),
                response.headers().clone(),
                response.into_inner(),
                None,
            ),
            Err(Error::Api(api)) => {
                let ApiError {
                    status,
                    version,
                    headers,
                    response_status,
                    body,
                    ..
                } = *api;
                (status, version, headers, body, response_status)
            }
            Err(err @ Error::BodyTooLarge(_)) => {
                return Err(Failure::Io(format!(
                    "{shown_url}: {err} (raise it with --max-size)"
                )));
            }
            Err(err) => {
                let err = error_chain(&err);
                return Err(Failure::Io(format!("request to {shown_url} failed: {err}")));
            }
        };

    let head = format_head(version, status, &response_headers);
    let output = if args.json {
        Output::Json {
            pretty: !args.compact,
            infer: args.infer,
        }
    } else {
        Output::Jsv(if args.compact {
            Layout::Compact
        } else {
            Layout::Pretty
        })
    };

    let mut sink = Sink::stdout();
    let text_input = if args.raw || bytes.is_empty() {
        None
    } else {
        body_input(&response_headers, args.read_mode)
    };
    match text_input {
        None => {
            if args.include {
                sink.write_all(head.as_bytes())
                    .map_err(|err| sink.failure(err))?;
            }
            sink.write_all(&bytes).map_err(|err| sink.failure(err))?;
            if !args.raw && !bytes.is_empty() {
                eprintln!(
                    "jsv: the response is {}, not JSV: shown as received",
                    content_type(&response_headers).unwrap_or("of no declared type")
                );
            }
        }
        Some(input) => {
            let name = format!("response body ({status})");
            let text = input::text(&bytes).map_err(|failure| with_head(failure, &head, &args))?;
            convert::validate(&name, text, &input, Some(output))
                .map_err(|failure| with_head(failure, &head, &args))?;
            if args.include {
                sink.write_all(head.as_bytes())
                    .map_err(|err| sink.failure(err))?;
            }
            convert::write(text, &input, output, &mut sink)?;
        }
    }
    sink.finish(!args.raw)?;
    if status.is_client_error() || status.is_server_error() {
        let response_status =
            response_status.or_else(|| serde_jsv::response::response_status_from_body(&bytes));
        return Err(Failure::Status(status_summary(
            &shown_url,
            status,
            response_status.as_ref(),
        )));
    }
    Ok(())
}

/// `jsv: URL answered 404 Not Found: NotFound: message`, one line per field error.
fn status_summary(
    url: &str,
    status: StatusCode,
    response_status: Option<&ResponseStatus>,
) -> String {
    let mut message = format!("jsv: {url} answered {status}");
    let Some(response_status) = response_status else {
        return message;
    };
    for part in [&response_status.error_code, &response_status.message]
        .into_iter()
        .flatten()
    {
        message.push_str(": ");
        message.push_str(part);
    }
    for field in &response_status.errors {
        let name = field.field_name.as_deref().unwrap_or("?");
        let text = field
            .message
            .as_deref()
            .or(field.error_code.as_deref())
            .unwrap_or("");
        message.push_str(&format!("\n  {name}: {text}"));
    }
    message
}

/// The client for `url`'s origin, with the command line's credentials, headers and limits.
/// Credentials in the URL (`https://user:pass@host/`) become basic authentication.
fn build_client(
    url: &Url,
    args: &HttpArgs,
    extra_headers: &HeaderMap,
) -> Result<JsvClient, Failure> {
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| Failure::Io(format!("invalid --timeout {}", args.timeout)))?;
    // A `-H` of the same name replaces what the options would send.
    let explicit_authorization = extra_headers.contains_key(header::AUTHORIZATION);
    let mut base = url.clone();
    base.set_path("");
    base.set_query(None);
    base.set_fragment(None);
    if explicit_authorization {
        let _ = base.set_username("");
        let _ = base.set_password(None);
    }
    let mut builder = JsvClient::builder(base.as_str())
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("jsv/", env!("CARGO_PKG_VERSION")))
        .retry(RetryPolicy::new(args.retries))
        .max_response_size(args.max_size.0)
        .default_headers(extra_headers.clone());
    if !explicit_authorization {
        if let Some(token) = &args.bearer {
            builder = builder.bearer_token(token.as_str());
        }
        if let Some(credentials) = &args.basic {
            let (user, password) = credentials
                .split_once(':')
                .ok_or_else(|| Failure::Io("--basic takes USER:PASS".to_owned()))?;
            builder = builder.basic_auth(user, Some(password));
        }
    }
    if !extra_headers.contains_key(header::COOKIE) {
        let mut cookies = SessionCookies::new();
        if let Some(id) = &args.ss_id {
            cookies = cookies.ss_id(id.as_str());
        }
        if let Some(id) = &args.ss_pid {
            cookies = cookies.ss_pid(id.as_str());
        }
        builder = builder.session_cookies(cookies);
    }
    builder
        .build()
        .map_err(|err| Failure::Io(error_chain(&err)))
}

/// An error and its sources, `: `-separated (the client's errors, like reqwest's, leave
/// their cause out of `Display`).
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(next) = source {
        text.push_str(": ");
        text.push_str(&next.to_string());
        source = next.source();
    }
    text
}

/// The path and query string of `url`, sent relative to the client's base (its origin).
fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// `url` as shown in messages: without a user name or password.
fn without_credentials(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// The `--header` lines: the first of a name replaces the client's header of that name
/// (`Accept`, `User-Agent`, …), later ones add to it.
fn extra_headers(lines: &[String]) -> Result<HeaderMap, Failure> {
    let mut headers = HeaderMap::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Failure::Io(format!("--header `{line}` is not `Name: value`")))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| Failure::Io(format!("invalid header name in `{line}`")))?;
        let value = header_value(value.trim())?;
        headers.append(name, value);
    }
    Ok(headers)
}

fn header_value(text: &str) -> Result<HeaderValue, Failure> {
    HeaderValue::from_str(text).map_err(|_| Failure::Io(format!("invalid header value `{text}`")))
}

/// A number of bytes, with an optional binary suffix: `512`, `64K`, `16M`, `1G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub usize);

const SUFFIXES: [(char, u32); 3] = [('G', 30), ('M', 20), ('K', 10)];

impl FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<ByteSize, String> {
        let text = text.trim();
        let upper = text.to_ascii_uppercase();
        let upper = upper
            .strip_suffix("IB")
            .or(upper.strip_suffix('B'))
            .unwrap_or(&upper);
        let (digits, shift) = SUFFIXES
            .iter()
            .find_map(|&(suffix, shift)| upper.strip_suffix(suffix).map(|d| (d, shift)))
            .unwrap_or((upper, 0));
        let number: usize = digits
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not a size such as 4096, 64K or 16M"))?;
        number
            .checked_mul(1 << shift)
            .map(ByteSize)
            .ok_or_else(|| format!("`{text}` is too large"))
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (suffix, shift) in SUFFIXES {
            let unit = 1usize << shift;
            if self.0 >= unit && self.0.is_multiple_of(unit) {
                return write!(f, "{}{suffix}", self.0 / unit);
            }
        }
        write!(f, "{}", self.0)
    }
}

/// How to read a response body of this content type; `None` for neither JSV nor JSON.
fn body_input(headers: &HeaderMap, read_mode: ReadModeArg) -> Option<Input> {
    let jsv = Input::Jsv(Options::new().read_mode(ReadMode::from(read_mode)));
    let Some(content_type) = content_type(headers) else {
        return Some(jsv);
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence.ends_with("jsv") || essence == "text/plain" {
        Some(jsv)
    } else if essence.ends_with("json") || essence.ends_with("+json") {
        Some(Input::Json)
    } else {
        None
    }
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// `HTTP/1.1 200 OK` and the headers, as curl -i shows them.
fn format_head(version: Version, status: StatusCode, headers: &HeaderMap) -> String {
    let mut head = format!("{version:?} {status}\n");
    for (name, value) in headers {
        head.push_str(name.as_str());
        head.push_str(": ");
        head.push_str(&String::from_utf8_lossy(value.as_bytes()));
        head.push('\n');
    }
    head.push('\n');
    head
}

/// An invalid body: the status and headers go to standard error with the error (when -i),
/// so that nothing partial reaches standard output.
fn with_head(failure: Failure, head: &str, args: &HttpArgs) -> Failure {
    match failure {
        Failure::Invalid(message) => {
            let shown_head = if args.include { head } else { "" };
            Failure::Invalid(format!(
                "{shown_head}{message}\n(use --raw to print the body as received)"
            ))
        }
        other => other,
    }
}
