//! The offline subcommands: `from-json`, `to-json`, `fmt` and `check`.
//!
//! Each one streams: a top-level list is read one item at a time and written as it is read,
//! so memory stays flat whatever the input's size (a single object or scalar is read whole).
//! Output is held back up to 8 MiB (see [`Sink`]), so invalid input of ordinary size writes
//! nothing; past that, output written before the error stays written. The HTTP subcommands
//! use [`validate`] and [`write_to`] on a body held in memory instead.

use std::io::{BufRead, BufReader, Read};

use serde_jsv::de::{Options, ReadMode, ReaderDeserializer};

use crate::Failure;
use crate::input::{self, Source};
use crate::output::Sink;
use crate::transcode::{self, Failed, Scalars, Target};

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
            write_from(&mut de, output, scalars, &mut *sink).map_err(Failed::message)
        }
        Input::Json => {
            let scalars = match output {
                Output::Jsv(_) => Scalars::JsonNumbers,
                Output::Json { .. } => Scalars::Keep,
            };
            let mut de = serde_json::Deserializer::from_str(input::strip_bom(text));
            write_from(&mut de, output, scalars, &mut *sink).map_err(Failed::message)
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
            write_from(&mut de, output, Scalars::Keep, buffer).map_err(Failed::message)
        }
        Input::Json => {
            let mut de = serde_json::Deserializer::from_str(input::strip_bom(text));
            write_from(&mut de, output, Scalars::JsonNumbers, buffer).map_err(Failed::message)
        }
    }
}

fn write_from<'de, D: serde::Deserializer<'de>, W: std::io::Write>(
    de: D,
    output: Output,
    scalars: Scalars,
    sink: W,
) -> Result<(), Failed<D::Error, String>> {
    fn written<R, W: std::fmt::Display>(failed: Failed<R, W>) -> Failed<R, String> {
        match failed {
            Failed::Read(err) => Failed::Read(err),
            Failed::Write(err) => Failed::Write(err.to_string()),
        }
    }
    match output {
        Output::Jsv(Layout::Compact) => {
            transcode::transcode(de, &mut serde_jsv::Serializer::new(sink), scalars)
                .map_err(written)
        }
        Output::Jsv(Layout::Pretty) => {
            transcode::transcode(de, &mut serde_jsv::Serializer::pretty(sink), scalars)
                .map_err(written)
        }
        Output::Json { pretty: true, .. } => {
            transcode::transcode(de, &mut serde_json::Serializer::pretty(sink), scalars)
                .map_err(written)
        }
        Output::Json { pretty: false, .. } => {
            transcode::transcode(de, &mut serde_json::Serializer::new(sink), scalars)
                .map_err(written)
        }
    }
}

/// Streams `source` in the format `input` to standard output in the format `output` (given
/// whether the input is pretty JSV): the body of the conversion subcommands.
fn convert(
    source: &Source,
    input: &Input,
    output: impl FnOnce(bool) -> Output,
) -> Result<(), Failure> {
    let name = source.name();
    let mut reader = source.open()?;
    let mut sink = Sink::stdout();
    // A JSV error stays whole, so that it is shown with its snippet; a JSON error comes
    // back as text and is rendered from the lines the reader kept.
    let result: Result<(), Failed<serde_jsv::Error, String>> = match input {
        Input::Jsv(options) => {
            let mut de = ReaderDeserializer::with_options(&mut reader, options);
            match de.is_pretty() {
                Err(err) => Err(Failed::Read(err)),
                Ok(pretty) => {
                    let output = output(pretty);
                    let scalars = match output {
                        Output::Json { infer: true, .. } => Scalars::Infer,
                        _ => Scalars::Keep,
                    };
                    write_from(&mut de, output, scalars, &mut sink)
                        .and_then(|()| de.end().map_err(Failed::Read))
                }
            }
        }
        Input::Json => {
            let output = output(false);
            let scalars = match output {
                Output::Jsv(_) => Scalars::JsonNumbers,
                Output::Json { .. } => Scalars::Keep,
            };
            let mut buffered = BufReader::with_capacity(1 << 16, &mut reader);
            match skip_bom(&mut buffered) {
                Err(err) => Err(Failed::Write(err.to_string())),
                Ok(()) => {
                    let mut de = serde_json::Deserializer::from_reader(buffered);
                    write_from(&mut de, output, scalars, &mut sink)
                        .and_then(|()| de.end().map_err(Failed::Read))
                        .map_err(|failed| Failed::Write(failed.message()))
                }
            }
        }
    };
    let Err(failed) = result else {
        return sink.finish(true);
    };
    if let Some(err) = &reader.failed {
        return Err(io_failure(&name, err));
    }
    let (message, jsv) = match failed {
        Failed::Read(err) => (err.to_string(), Some(err)),
        Failed::Write(message) => (message, None),
    };
    match sink.failure(&message) {
        Failure::Invalid(message) => Err(Failure::Invalid(match (input, jsv) {
            (_, Some(err)) => jsv_error(&name, &err),
            (Input::Jsv(_), None) => format!("{name}: {}", message.trim_end()),
            (Input::Json, None) => json_failure(&name, &message, &mut reader),
        })),
        other => Err(other),
    }
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

fn jsv_failure(name: &str, err: &serde_jsv::Error) -> Failure {
    if err.is_io() {
        return io_failure(name, &err.to_string());
    }
    Failure::Invalid(jsv_error(name, err))
}

fn io_failure(name: &str, err: &str) -> Failure {
    Failure::Io(format!("cannot read {name}: {err}"))
}

/// Skips a UTF-8 byte order mark at the start of a JSON document.
fn skip_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    let start = reader.fill_buf()?;
    if start.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// A JSON error that came through the converter as text (`… at line L column C`), rendered
/// like [`json_error`] with the line as far as the reader kept it.
fn json_failure(name: &str, message: &str, reader: &mut input::Tracked<Box<dyn Read>>) -> String {
    let position = message.rfind(" at line ").and_then(|at| {
        let (line, column) = message[at + 9..].split_once(" column ")?;
        Some((
            at,
            line.parse::<usize>().ok()?,
            column.trim().parse::<usize>().ok()?,
        ))
    });
    let Some((at, line, column)) = position else {
        return format!("{name}: {message}");
    };
    let (text, dropped) = reader.line(line);
    // The kept text is the error's line from byte `dropped` on; shown as line `line`.
    let column_in_text = column.saturating_sub(dropped).max(1);
    let rendered = render_json_line(&message[..at], line, column_in_text, &text);
    format!("{name}: {rendered}")
}

/// `jsv check`: validates, and unless `quiet` says what was found.
pub fn check(source: &Source, read_mode: ReadMode, quiet: bool) -> Result<(), Failure> {
    let name = source.name();
    let mut reader = source.open()?;
    let options = Options::new().read_mode(read_mode);
    let mut de = ReaderDeserializer::with_options(&mut reader, &options);
    let checked = de.is_pretty().and_then(|pretty| {
        let values = transcode::validate(&mut de, Target::Any)?;
        de.end()?;
        Ok((pretty, values))
    });
    let (pretty, values) = match checked {
        Ok(found) => found,
        Err(err) => {
            if let Some(failed) = &reader.failed {
                return Err(io_failure(&name, failed));
            }
            return Err(jsv_failure(&name, &err));
        }
    };
    if !quiet {
        let summary = if !reader.content {
            "empty document (the empty token, null)".to_owned()
        } else {
            let plural = if values == 1 { "" } else { "s" };
            let layout = if pretty {
                Layout::Pretty
            } else {
                Layout::Compact
            };
            format!("{} JSV, {values} value{plural}", layout.name())
        };
        println!("ok: {name}: {summary}");
    }
    Ok(())
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
    format!(
        "{name}: {}",
        render_json_line(message, err.line(), err.column(), line_text)
    )
}

/// `message` at `line`, byte `column` of `line_text`: the position, the line and a caret.
fn render_json_line(message: &str, line: usize, column: usize, line_text: &str) -> String {
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    // serde_json counts columns in bytes; the caret goes under the character there.
    let mut byte_column = column.saturating_sub(1).min(line_text.len());
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
    let gutter = " ".repeat(line.to_string().len());
    let indent = " ".repeat(column - 1 - skip);
    format!(
        "JSON parse error at line {line}, column {column}\n{gutter} |\n{line} | {shown}\n{gutter} | {indent}^ {message}",
    )
}
