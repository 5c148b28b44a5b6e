//! `jsv codegen`: Rust DTOs for a ServiceStack API, from its `/types/metadata` (a base URL,
//! a saved file, or standard input), and `--update` to regenerate a file with the options
//! recorded in its header.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_jsv::codegen::{self, MemberCase, MetadataTypes, Options, TypesMetadata};

use crate::Failure;
use crate::input::Source;

pub const EXAMPLES: &str = "\
Examples:
  jsv codegen https://api.example.com -o src/api.rs        fetch /types/metadata (as JSV)
  jsv codegen metadata.json -o src/api.rs --include GetTicket
  curl -s https://api.example.com/types/metadata.json | jsv codegen - > api.rs
  jsv codegen --update src/api.rs                          regenerate with the recorded options

The generated module needs `serde` (feature derive) and `serde_jsv` as dependencies.
Its header records the input and the options; --update reads them back (an INPUT given
with --update replaces the recorded one). Warnings go to standard error.";

/// The arguments of `jsv codegen`.
#[derive(Debug, Args)]
pub struct CodegenArgs {
    /// A ServiceStack base URL (http:// or https://), a metadata file (JSON or JSV), or `-`
    /// for standard input.
    input: Option<String>,
    /// Write the module to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Regenerate FILE, a module written by `jsv codegen`, with the input and options its
    /// header records.
    #[arg(long, value_name = "FILE", conflicts_with = "output")]
    update: Option<PathBuf>,
    /// Member names are PascalCase on the wire (the default is ServiceStack's camelCase).
    #[arg(long)]
    pascal_case: bool,
    /// Keep DateTime, TimeSpan, Guid, decimal, byte[] and char as String.
    #[arg(long)]
    dotnet_as_string: bool,
    /// Generate only this type and what it needs (repeatable, or comma-separated).
    #[arg(long, value_name = "TYPE", value_delimiter = ',')]
    include: Vec<String>,
    /// Leave this type out (repeatable, or comma-separated).
    #[arg(long, value_name = "TYPE", value_delimiter = ',')]
    exclude: Vec<String>,
    /// Request DTOs whose route variables without a member are filled by a hand-written
    /// `path_variable_by_hand` method.
    #[arg(long, value_name = "TYPE", value_delimiter = ',')]
    path_variables_by_hand: Vec<String>,
    /// Read types the document does not declare as serde_jsv::Value instead of failing.
    #[arg(long)]
    unknown_as_value: bool,
    /// The path generated code names serde_jsv by.
    #[arg(long, value_name = "PATH", default_value = "::serde_jsv")]
    crate_path: String,
    /// A bearer token for fetching the metadata from a URL.
    #[arg(long, value_name = "TOKEN")]
    bearer: Option<String>,
}

impl CodegenArgs {
    fn options(&self) -> Options {
        Options {
            crate_path: self.crate_path.clone(),
            member_case: if self.pascal_case {
                MemberCase::Pascal
            } else {
                MemberCase::Camel
            },
            dotnet_types: !self.dotnet_as_string,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            path_variables_by_hand: self.path_variables_by_hand.clone(),
            unknown_types_as_value: self.unknown_as_value,
        }
    }
}

/// Runs `jsv codegen`.
pub fn run(args: CodegenArgs) -> Result<(), Failure> {
    let (input, options, output) = match &args.update {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|err| Failure::Io(format!("cannot read {}: {err}", file.display())))?;
            let (options, recorded) = Options::parse_header(&text)
                .map_err(|err| Failure::Invalid(format!("{}: {err}", file.display())))?;
            let input = match &args.input {
                Some(input) => input.clone(),
                None if recorded == "-" || recorded.is_empty() => {
                    return Err(Failure::Io(format!(
                        "{} was generated from standard input: give the input again \
                         (jsv codegen --update {} INPUT)",
                        file.display(),
                        file.display()
                    )));
                }
                None => relative_to(&recorded, file),
            };
            (input, options, Some(file.clone()))
        }
        None => {
            let input = args.input.clone().unwrap_or_else(|| "-".to_owned());
            (input, args.options(), args.output.clone())
        }
    };
    let doc = load(&input, args.bearer.as_deref())?;
    let generated = codegen::generate_from(&doc, &options, &input)
        .map_err(|err| Failure::Invalid(format!("jsv codegen: {err}")))?;
    for warning in &generated.warnings {
        eprintln!("jsv codegen: warning: {warning}");
    }
    match output {
        Some(path) => std::fs::write(&path, &generated.code)
            .map_err(|err| Failure::Io(format!("cannot write {}: {err}", path.display()))),
        None => {
            use std::io::Write;
            let mut sink = crate::output::Sink::stdout();
            sink.write_all(generated.code.as_bytes())
                .map_err(|err| sink.failure(err))?;
            sink.finish(false)
        }
    }
}

/// A recorded file input, found from the current directory or else from the generated
/// file's directory.
fn relative_to(recorded: &str, generated: &Path) -> String {
    if is_url(recorded) || Path::new(recorded).exists() {
        return recorded.to_owned();
    }
    match generated.parent().map(|dir| dir.join(recorded)) {
        Some(path) if path.exists() => path.display().to_string(),
        _ => recorded.to_owned(),
    }
}

fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

/// Reads the document: fetched from a base URL with serde_jsv's client (as JSV), or read
/// from a file or standard input (JSON or JSV).
fn load(input: &str, bearer: Option<&str>) -> Result<MetadataTypes, Failure> {
    if is_url(input) {
        let base = input.trim_end_matches('/');
        let base = base.strip_suffix("/types/metadata").unwrap_or(base);
        let mut builder = serde_jsv::client::blocking::JsvClient::builder(base)
            .user_agent(concat!("jsv/", env!("CARGO_PKG_VERSION")));
        if let Some(token) = bearer {
            builder = builder.bearer_token(token);
        }
        let client = builder
            .build()
            .map_err(|err| Failure::Io(format!("{input}: {err}")))?;
        return client
            .send(&TypesMetadata {})
            .map_err(|err| Failure::Io(format!("cannot fetch {base}/types/metadata: {err}")));
    }
    let source = Source::new(Some(Path::new(input)));
    let bytes = source.read()?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Invalid(format!("{}: not UTF-8 text", source.name())))?;
    codegen::parse_metadata(&text)
        .map_err(|err| Failure::Invalid(format!("jsv codegen: {}: {err}", source.name())))
}
