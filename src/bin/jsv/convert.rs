//! The offline subcommands: `from-json`, `to-json`, `fmt` and `check`.
//!
//! Each one reads the input into one buffer, validates the whole document (nothing is
//! written for invalid input), then streams the converted document to standard output.

use serde_jsv::de::{Options, ReadMode};

use crate::Failure;
use crate::input::{self, Source};
use crate::output::Sink;
use crate::transcode::{self, Scalars, Target};

/// The layout of JSV text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// ServiceStack's wire form, on one line.
    Compact,
    /// The indented form (`Dump()`), one member per line.
    Pretty,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Compact => "compact",
            Layout::Pretty => "pretty",
        }
    }
}

/// The format of a document to read.
#[derive(Debug, Clone)]
pub enum Input {
    /// JSV, read with these options.
    Jsv(Options),
    /// JSON (a leading BOM is skipped).
    Json,
}

/// The format of a document to write.
#[derive(Debug, Clone, Copy)]
pub enum Output {
    /// JSV in this layout.
    Jsv(Layout),
    /// JSON, indented or not, with or without inference of JSV scalars.
    Json {
        /// Indented JSON.
        pretty: bool,
        /// `True`/`False` and canonical numbers become JSON bools and numbers.
        infer: bool,
    },
}

/// Reads the whole document, checking that it can be written as `output`; returns how many
/// values it holds. `name` names the input in messages.
pub fn validate(
    name: &str,
    text: &str,
    input: &Input,
    output: Option<Output>,
) -> Result<u64, Failure> {
    let target = match output {
        Some(Output::Jsv(_)) => Target::Jsv,
        Some(Output::Json { .. }) | None => Target::Any,
    };
    match input {
        Input::Jsv(options) => {
            let mut de = serde_jsv::Deserializer::with_options(text, options);
            transcode::validate(&mut de, target)
                .and_then(|count| de.end().map(|()| count))
                .map_err(|err| Failure::Invalid(jsv_error(name, &err)))
        }
        Input::Json => {
            let text = input::strip_bom(text);
            let mut de = serde_json::Deserializer::from_str(text);
            transcode::validate(&mut de, target)
                .and_then(|count| de.end().map(|()| count))
                .map_err(|err| Failure::Invalid(json_error(name, text, &err)))
        }
    }
}

/// Streams a document that [`validate`] accepted into `sink`.
pub fn write(text: &str, input: &Input, output: Output, sink: &mut Sink) -> Result<(), Failure> {
    let result = match input {
        Input::Jsv(options) => {
            let scalars = match output {
                Output::Json { infer: true, .. } => Scalars::Infer,
                _ => Scalars::Keep,
            };
            let mut de = serde_jsv::Deserializer::with_options(text, options);
            write_from(&mut de, output, scalars, &mut *sink)
        }
        Input::Json => {
            let scalars = match output {
                Output::Jsv(_) => Scalars::JsonNumbers,
                Output::Json { .. } => Scalars::Keep,
            };
            let mut de = serde_json::Deserializer::from_str(input::strip_bom(text));
            write_from(&mut de, output, scalars, &mut *sink)
        }
    };
    result.map_err(|message| sink.failure(message))
}

/// Streams a document that [`validate`] accepted into a buffer.
pub fn write_to(
    text: &str,
    input: &Input,
    output: Output,
    buffer: &mut Vec<u8>,
) -> Result<(), String> {
    match input {
        Input::Jsv(options) => {
            let mut de = serde_jsv::Deserializer::with_options(text, options);
            write_from(&mut de, output, Scalars::Keep, buffer)
        }
        Input::Json => {
            let mut de = serde_json::Deserializer::from_str(input::strip_bom(text));
            write_from(&mut de, output, Scalars::JsonNumbers, buffer)
        }
    }
}

fn write_from<'de, D: serde::Deserializer<'de>, W: std::io::Write>(
    de: D,
    output: Output,
    scalars: Scalars,
    sink: W,
) -> Result<(), String> {
    match output {
        Output::Jsv(Layout::Compact) => {
            transcode::transcode(de, &mut serde_jsv::Serializer::new(sink), scalars)
                .map_err(|e| e.to_string())
        }
        Output::Jsv(Layout::Pretty) => {
            transcode::transcode(de, &mut serde_jsv::Serializer::pretty(sink), scalars)
                .map_err(|e| e.to_string())
        }
        Output::Json { pretty: true, .. } => {
            transcode::transcode(de, &mut serde_json::Serializer::pretty(sink), scalars)
                .map_err(|e| e.to_string())
        }
        Output::Json { pretty: false, .. } => {
            transcode::transcode(de, &mut serde_json::Serializer::new(sink), scalars)
                .map_err(|e| e.to_string())
        }
    }
}

/// Reads `source`, validates it, writes it to standard output: the body of the conversion
/// subcommands.
fn convert(
    source: &Source,
    input: &Input,
    output: impl FnOnce(&str) -> Output,
) -> Result<(), Failure> {
    let bytes = source.read()?;
    let text = input::text(&bytes)?;
    let output = output(text);
    validate(&source.name(), text, input, Some(output))?;
    let mut sink = Sink::stdout();
    write(text, input, output, &mut sink)?;
    sink.finish(true)
}

/// `jsv from-json`: JSON to JSV, member order kept.
pub fn from_json(source: &Source, layout: Layout) -> Result<(), Failure> {
    convert(source, &Input::Json, |_| Output::Jsv(layout))
}

/// `jsv to-json`: JSV to JSON, scalars as strings unless `infer`.
pub fn to_json(
    source: &Source,
    read_mode: ReadMode,
    infer: bool,
    pretty: bool,
) -> Result<(), Failure> {
    let input = Input::Jsv(Options::new().read_mode(read_mode));
    convert(source, &input, |_| Output::Json { pretty, infer })
}

/// `jsv fmt`: JSV to JSV in the given layout; `None` turns compact input pretty and
/// pretty input compact.
///
/// Pretty unless `layout` says otherwise, whatever the input's layout: like rustfmt and
/// `jq .`, running it on its own output changes nothing.
pub fn fmt(source: &Source, read_mode: ReadMode, layout: Option<Layout>) -> Result<(), Failure> {
    let input = Input::Jsv(Options::new().read_mode(read_mode));
    let layout = layout.unwrap_or(Layout::Pretty);
    convert(source, &input, |_| Output::Jsv(layout))
}

/// `jsv check`: validates, and unless `quiet` says what was found.
pub fn check(source: &Source, read_mode: ReadMode, quiet: bool) -> Result<(), Failure> {
    let bytes = source.read()?;
    let text = input::text(&bytes)?;
    let input = Input::Jsv(Options::new().read_mode(read_mode));
    let values = validate(&source.name(), text, &input, None)?;
    if !quiet {
        let summary = if input::strip_bom(text).trim().is_empty() {
            "empty document (the empty token, null)".to_owned()
        } else {
            let plural = if values == 1 { "" } else { "s" };
            format!(
                "{} JSV, {values} value{plural}",
                input_layout(text, read_mode).name()
            )
        };
        println!("ok: {}: {summary}", source.name());
    }
    Ok(())
}

/// The layout the reader uses for `text` under `read_mode`.
fn input_layout(text: &str, read_mode: ReadMode) -> Layout {
    match read_mode {
        ReadMode::Compact => Layout::Compact,
        ReadMode::Pretty => Layout::Pretty,
        // Auto (and any mode a later version adds, `ReadMode` is non-exhaustive): the
        // library's own detection rule.
        _ if input::looks_pretty(text) => Layout::Pretty,
        _ => Layout::Compact,
    }
}

/// A JSV error as shown to the user: the source, then the library's snippet.
pub fn jsv_error(name: &str, err: &serde_jsv::Error) -> String {
    format!("{name}: {}", err.snippet())
}

/// A JSON error rendered like the library renders JSV errors: position, the line, a caret.
pub fn json_error(name: &str, text: &str, err: &serde_json::Error) -> String {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if err.line() == 0 {
        return format!("{name}: {message}");
    }
    let line_text = text.split('\n').nth(err.line() - 1).unwrap_or("");
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    // serde_json counts columns in bytes; the caret goes under the character there.
    let mut byte_column = err.column().saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(byte_column) {
        byte_column -= 1;
    }
    let column = line_text[..byte_column].chars().count() + 1;
    // Very long lines (a whole compact document) are shown 40 characters either side.
    const CONTEXT: usize = 40;
    let skip = (column - 1).saturating_sub(CONTEXT);
    let shown: String = line_text
        .chars()
        .skip(skip)
        .take(2 * CONTEXT + 1)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = err.line();
    let gutter = " ".repeat(line.to_string().len());
    let indent = " ".repeat(column - 1 - skip);
    format!(
        "{name}: JSON parse error at line {line}, column {column}\n{gutter} |\n{line} | {shown}\n{gutter} | {indent}^ {message}",
    )
}
