//! `jsv`: convert, format, check and fetch ServiceStack JSV from the command line.
//!
//! ```text
//! jsv from-json [FILE] [--pretty]            JSON to JSV
//! jsv to-json   [FILE] [--infer] [--compact] JSV to JSON
//! jsv fmt       [FILE] [--compact]           JSV in the indented layout (or compact)
//! jsv check     [FILE] [--quiet]             validate JSV
//! jsv get URL   [auth and output options]    GET a JSV endpoint
//! jsv send METHOD URL [BODY]                 POST/PUT/PATCH/DELETE to a JSV endpoint
//! jsv codegen <URL|FILE|-> [-o FILE]         Rust DTOs from a host's /types/metadata
//! ```
//!
//! Exit status: 0 success, 1 invalid input (or an HTTP error status), 2 usage or I/O error.

#![forbid(unsafe_code)]

mod codegen;
mod convert;
mod http;
mod input;
mod mock_server;
mod output;
mod transcode;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::convert::Layout;
use crate::input::Source;

/// Why a run failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// The input (or a response) is not valid: exit status 1.
    Invalid(String),
    /// The server answered with an error status; the body was printed: exit status 1.
    Status(String),
    /// Reading, writing or connecting failed, or the command line is wrong: exit status 2.
    Io(String),
    /// Standard output was closed early (`jsv … | head`): stop without a message.
    Quiet,
}

const MAIN_EXAMPLES: &str = "\
Examples:
  jsv fmt response.jsv                      JSV in the indented layout (--compact: one line)
  jsv to-json --infer response.jsv | jq .   JSV to JSON with numbers and bools
  echo '{\"a\":[1,2]}' | jsv from-json        JSON to JSV: {a:[1,2]}
  jsv check response.jsv                    exit 0 when valid, 1 with a caret when not
  jsv get -i --bearer $TOKEN https://api.example.com/sessions/s1

Every command reads standard input when FILE is missing or `-`.
Exit status: 0 success, 1 invalid input or HTTP error status, 2 usage or I/O error.";

/// Convert, format, check and fetch ServiceStack JSV.
#[derive(Debug, Parser)]
#[command(name = "jsv", version, after_help = MAIN_EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Convert JSON to JSV, keeping member order.
    #[command(after_help = FROM_JSON_EXAMPLES)]
    FromJson {
        /// The JSON file (standard input when missing or `-`).
        file: Option<PathBuf>,
        /// Write the indented layout instead of compact JSV.
        #[arg(long)]
        pretty: bool,
    },
    /// Convert JSV to JSON; scalars stay strings unless --infer.
    #[command(after_help = TO_JSON_EXAMPLES)]
    ToJson {
        /// The JSV file (standard input when missing or `-`).
        file: Option<PathBuf>,
        /// Turn `True`/`False` into JSON bools and canonical numbers (`12`, `-1.5`, not `007`)
        /// into JSON numbers.
        #[arg(long)]
        infer: bool,
        /// Indented JSON (the default).
        #[arg(long, overrides_with = "compact")]
        pretty: bool,
        /// JSON on one line.
        #[arg(long, overrides_with = "pretty")]
        compact: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Format JSV: the indented layout by default, one line with --compact.
    #[command(after_help = FMT_EXAMPLES)]
    Fmt {
        /// The JSV file (standard input when missing or `-`).
        file: Option<PathBuf>,
        /// Write compact JSV, as ServiceStack sends it.
        #[arg(long, conflicts_with = "pretty")]
        compact: bool,
        /// Write the indented layout (the default).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Validate JSV: exit status 0 when valid, 1 with the error's position when not.
    #[command(after_help = CHECK_EXAMPLES)]
    Check {
        /// The JSV file (standard input when missing or `-`).
        file: Option<PathBuf>,
        /// Print nothing when the input is valid.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// GET a JSV endpoint and print the response body.
    #[command(after_help = GET_EXAMPLES)]
    Get {
        /// The full URL, query string included.
        url: String,
        #[command(flatten)]
        http: http::HttpArgs,
    },
    /// Send a request with a JSV body (POST, PUT, PATCH, DELETE, …) and print the response.
    #[command(after_help = SEND_EXAMPLES)]
    Send {
        /// The HTTP method.
        method: String,
        /// The full URL, query string included.
        url: String,
        /// The request body: JSV text, `@FILE` for a file's content, `-` for standard input.
        body: Option<String>,
        /// The body is JSON: convert it to JSV before sending.
        #[arg(long)]
        from_json: bool,
        #[command(flatten)]
        http: http::HttpArgs,
    },
    /// Generate Rust DTOs from a ServiceStack host's /types/metadata.
    #[command(after_help = codegen::EXAMPLES)]
    Codegen(codegen::CodegenArgs),
    /// Run the Evo Voice mock host on a loopback port until killed.
    #[command(after_help = mock_server::EXAMPLES)]
    MockServer(mock_server::MockServerArgs),
}

/// How to read JSV input.
#[derive(Debug, Args)]
struct ReadArgs {
    /// How whitespace in the input is read: `auto` takes text whose first `{`/`[` is
    /// followed by a line break as pretty.
    #[arg(long, value_enum, default_value_t = ReadModeArg::Auto)]
    read_mode: ReadModeArg,
}

/// The reader's whitespace rules.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReadModeArg {
    /// Decide from the text (the default).
    Auto,
    /// Whitespace inside bare scalars is data, as ServiceStack reads it.
    Compact,
    /// Whitespace around every token is insignificant.
    Pretty,
}

impl From<ReadModeArg> for serde_jsv::de::ReadMode {
    fn from(mode: ReadModeArg) -> Self {
        match mode {
            ReadModeArg::Auto => serde_jsv::de::ReadMode::Auto,
            ReadModeArg::Compact => serde_jsv::de::ReadMode::Compact,
            ReadModeArg::Pretty => serde_jsv::de::ReadMode::Pretty,
        }
    }
}

const FROM_JSON_EXAMPLES: &str = "\
Examples:
  echo '{\"id\":\"s1\",\"tags\":[\"a\",\"b,c\"],\"ended\":true}' | jsv from-json
      {id:s1,tags:[a,\"b,c\"],ended:True}
  jsv from-json --pretty request.json

null becomes the empty token, true/false become True/False, numbers keep their JSON text.";

const TO_JSON_EXAMPLES: &str = "\
Examples:
  echo '{id:s1,count:12,ended:True}' | jsv to-json --compact
      {\"id\":\"s1\",\"count\":\"12\",\"ended\":\"True\"}
  echo '{id:s1,count:12,ended:True}' | jsv to-json --compact --infer
      {\"id\":\"s1\",\"count\":12,\"ended\":true}
  jsv to-json response.jsv | jq '.Results[0]'

JSV scalars are untyped text, so they stay JSON strings unless --infer; the empty token is null.";

const FMT_EXAMPLES: &str = "\
Examples:
  echo '{id:s1,tags:[a,b]}' | jsv fmt           the indented layout
  jsv fmt --compact dump.txt                   one line, as ServiceStack sends it
  jsv fmt response.jsv > response.pretty.jsv

The output is pretty unless --compact, whatever the input's layout, so formatting formatted
text changes nothing (as rustfmt and `jq .`). Both layouts read back to the same value.";

const CHECK_EXAMPLES: &str = "\
Examples:
  jsv check response.jsv && echo valid
  curl -s https://api.example.com/sessions?format=jsv | jsv check -q

Errors are printed on standard error with the line, the column and a caret under the token.";

const GET_EXAMPLES: &str = "\
Examples:
  jsv get https://api.example.com/sessions/s1
  jsv get -i --json --infer --bearer \"$TOKEN\" https://api.example.com/sessions
  jsv get -F --ss-id \"$SSID\" https://api.example.com/sessions/s1        (adds ?format=jsv)
  jsv get --basic admin:secret -H 'X-Tenant: 7' https://api.example.com/hello/world

The request asks for JSV with `Accept: application/jsv, text/jsv`; hosts that ignore the header
answer JSV to `?format=jsv`, which -F adds. A JSON answer is shown as JSV (or JSON with --json),
anything else as it came. The body is checked in full before anything is printed.
The request goes through serde_jsv's client: GET, PUT and DELETE are retried when connecting
fails or the server answers 502/503/504 (--retries), and bodies past --max-size are refused.
Exit status 1 when the server answers 4xx/5xx: the body is still printed, and the
ResponseStatus (error code, message, field errors) is summarised on standard error.";

const SEND_EXAMPLES: &str = "\
Examples:
  jsv send POST https://api.example.com/sessions '{Name:demo,Tags:[a,b]}'
  jsv send PUT https://api.example.com/sessions/s1 @session.jsv --bearer \"$TOKEN\"
  echo '{\"Name\":\"demo\"}' | jsv send POST https://api.example.com/sessions - --from-json
  jsv send DELETE https://api.example.com/sessions/s1 -i

The body is checked as JSV before sending and sent with Content-Type: application/jsv.
ServiceStack reads JSV bodies on /jsv/reply/{Name} and on user routes; the generic /api/{Name}
route parses bodies as JSON whatever the Content-Type (send JSON there with -H).
PUT and DELETE are retried like GET (see `jsv get --help`); POST and PATCH never are.";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Quiet) => ExitCode::SUCCESS,
        Err(Failure::Invalid(message)) | Err(Failure::Status(message)) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("jsv: {}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::FromJson { file, pretty } => {
            let layout = if pretty {
                Layout::Pretty
            } else {
                Layout::Compact
            };
            convert::from_json(&Source::new(file.as_deref()), layout)
        }
        Command::ToJson {
            file,
            infer,
            pretty: _,
            compact,
            read,
        } => convert::to_json(
            &Source::new(file.as_deref()),
            read.read_mode.into(),
            infer,
            !compact,
        ),
        Command::Fmt {
            file,
            compact,
            pretty,
            read,
        } => {
            let layout = match (compact, pretty) {
                (true, _) => Some(Layout::Compact),
                (_, true) => Some(Layout::Pretty),
                _ => None,
            };
            convert::fmt(&Source::new(file.as_deref()), read.read_mode.into(), layout)
        }
        Command::Check { file, quiet, read } => {
            convert::check(&Source::new(file.as_deref()), read.read_mode.into(), quiet)
        }
        Command::Get { url, http } => http::run("GET", &url, None, http),
        Command::Send {
            method,
            url,
            body,
            from_json,
            http,
        } => {
            let body = body.map(|body| http::Body::parse(&body, from_json));
            http::run(&method, &url, body, http)
        }
        Command::Codegen(args) => codegen::run(args),
        Command::MockServer(args) => mock_server::run(args),
    }
}
