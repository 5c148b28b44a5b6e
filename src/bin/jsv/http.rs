//! `jsv get` and `jsv send`: one request to a JSV endpoint, the response on standard output.
//!
//! The request asks for JSV; the response body is validated in full before anything is
//! printed, then re-laid (pretty JSV by default), converted to JSON (`--json`) or copied as
//! it came (`--raw`).

use std::io::Write;
use std::time::Duration;

use clap::Args;
use reqwest::blocking::Client;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_jsv::de::{Options, ReadMode};

use crate::convert::{self, Input, Layout, Output};
use crate::input::{self, Source};
use crate::output::Sink;
use crate::{Failure, ReadModeArg};

/// What `Accept` asks for unless `--header 'Accept: …'` says otherwise: the client's own
/// header (`application/jsv` first, the only JSV type ServiceStack's matching knows).
const ACCEPT_JSV: &str = serde_jsv::client::negotiation::ACCEPT_JSV;
/// The content type of a JSV request body, as the client sends it.
const CONTENT_TYPE_JSV: &str = serde_jsv::client::negotiation::APPLICATION_JSV;

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
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
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
    let mut url = reqwest::Url::parse(url)
        .map_err(|err| Failure::Io(format!("invalid URL `{url}`: {err}")))?;
    if args.format_param
        && !url
            .query_pairs()
            .any(|(name, _)| name.eq_ignore_ascii_case("format"))
    {
        url.query_pairs_mut().append_pair("format", "jsv");
    }
    let body = body.map(Body::into_jsv).transpose()?;
    let headers = request_headers(&args, body.is_some())?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| Failure::Io(format!("invalid --timeout {}", args.timeout)))?;

    let client = Client::builder()
        .timeout(timeout)
        .user_agent(concat!("jsv/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|err| Failure::Io(format!("cannot start the HTTP client: {err}")))?;
    let mut request = client.request(method, url.clone()).headers(headers);
    if let Some(body) = body {
        request = request.body(body);
    }
    let response = request
        .send()
        .map_err(|err| Failure::Io(format!("request to {url} failed: {}", error_chain(&err))))?;

    let status = response.status();
    let version = response.version();
    let response_headers = response.headers().clone();
    let bytes = response.bytes().map_err(|err| {
        Failure::Io(format!(
            "reading the response from {url} failed: {}",
            error_chain(&err)
        ))
    })?;

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
        let mut message = format!("jsv: {url} answered {status}");
        if let Some(response_status) = serde_jsv::response::response_status_from_body(&bytes) {
            for part in [response_status.error_code, response_status.message]
                .into_iter()
                .flatten()
            {
                message.push_str(": ");
                message.push_str(&part);
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
        }
        return Err(Failure::Status(message));
    }
    Ok(())
}

/// The headers of the request: Accept, content type, authentication, then `--header`s.
fn request_headers(args: &HttpArgs, has_body: bool) -> Result<HeaderMap, Failure> {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT, HeaderValue::from_static(ACCEPT_JSV));
    if has_body {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(CONTENT_TYPE_JSV),
        );
    }
    if let Some(token) = &args.bearer {
        headers.insert(
            header::AUTHORIZATION,
            header_value(&format!("Bearer {token}"))?,
        );
    }
    if let Some(credentials) = &args.basic {
        use base64::Engine as _;
        if !credentials.contains(':') {
            return Err(Failure::Io("--basic takes USER:PASS".to_owned()));
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        headers.insert(
            header::AUTHORIZATION,
            header_value(&format!("Basic {encoded}"))?,
        );
    }
    let cookies: Vec<String> = [("ss-id", &args.ss_id), ("ss-pid", &args.ss_pid)]
        .into_iter()
        .filter_map(|(name, id)| id.as_ref().map(|id| format!("{name}={id}")))
        .collect();
    if !cookies.is_empty() {
        headers.insert(header::COOKIE, header_value(&cookies.join("; "))?);
    }
    let mut replaced = Vec::new();
    for line in &args.headers {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| Failure::Io(format!("--header `{line}` is not `Name: value`")))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| Failure::Io(format!("invalid header name in `{line}`")))?;
        let value = header_value(value.trim())?;
        // The first `--header` of a name replaces the default; later ones add to it.
        if !replaced.contains(&name) {
            headers.remove(&name);
            replaced.push(name.clone());
        }
        headers.append(name, value);
    }
    Ok(headers)
}

fn header_value(text: &str) -> Result<HeaderValue, Failure> {
    HeaderValue::from_str(text).map_err(|_| Failure::Io(format!("invalid header value `{text}`")))
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
fn format_head(version: reqwest::Version, status: StatusCode, headers: &HeaderMap) -> String {
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

/// An error with its causes, one after the other.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
