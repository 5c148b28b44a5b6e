//! [`Generator`]: the builder a `build.rs` uses, in the manner of prost-build's `Config`.

use std::path::{Path, PathBuf};

use super::error::{Error, ErrorKind};
use super::options::{MemberCase, Options};

/// Generates DTOs at build time from a saved metadata document.
///
/// In `build.rs` (with `serde_jsv` under `[build-dependencies]`, feature `codegen`):
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     serde_jsv::codegen::Generator::new("metadata/tickets.metadata.json")
///         .exclude("InternalStats")
///         .generate()?; // writes $OUT_DIR/tickets.rs
///     Ok(())
/// }
/// ```
///
/// and in the crate:
///
/// ```text
/// mod tickets {
///     include!(concat!(env!("OUT_DIR"), "/tickets.rs"));
/// }
/// ```
///
/// [`generate`](Generator::generate) prints `cargo:rerun-if-changed` for the input and any
/// warnings as `cargo:warning` lines when it runs under Cargo.
#[derive(Debug, Clone)]
pub struct Generator {
    input: PathBuf,
    output: Option<PathBuf>,
    options: Options,
}

impl Generator {
    /// A generator for the metadata document at `input` (JSON or JSV), with default options.
    pub fn new(input: impl Into<PathBuf>) -> Self {
        Generator {
            input: input.into(),
            output: None,
            options: Options::default(),
        }
    }

    /// Where to write the module; by default `$OUT_DIR/<input stem>.rs` (the stem up to the
    /// first dot: `tickets.metadata.json` → `tickets.rs`).
    pub fn output(mut self, path: impl Into<PathBuf>) -> Self {
        self.output = Some(path.into());
        self
    }

    /// All options at once.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The wire case of member names.
    pub fn member_case(mut self, case: MemberCase) -> Self {
        self.options.member_case = case;
        self
    }

    /// Keep .NET dates, durations, guids, decimals, `byte[]` and `char` as `String`.
    pub fn strings_for_dotnet_types(mut self) -> Self {
        self.options.dotnet_types = false;
        self
    }

    /// Generate only this type (and what it needs); may be called several times.
    pub fn include(mut self, type_name: impl Into<String>) -> Self {
        self.options.include.push(type_name.into());
        self
    }

    /// Leave this type out; may be called several times.
    pub fn exclude(mut self, type_name: impl Into<String>) -> Self {
        self.options.exclude.push(type_name.into());
        self
    }

    /// The path generated code names serde_jsv by (default `::serde_jsv`).
    pub fn crate_path(mut self, path: impl Into<String>) -> Self {
        self.options.crate_path = path.into();
        self
    }

    /// The file that would be written.
    pub fn output_path(&self) -> Result<PathBuf, Error> {
        if let Some(output) = &self.output {
            return Ok(output.clone());
        }
        let dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Error::new(
                ErrorKind::Io,
                "output",
                "OUT_DIR is not set (not in a build script): call .output(path)",
            )
        })?;
        let name = self
            .input
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("metadata");
        let stem = name
            .split('.')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or("metadata");
        Ok(Path::new(&dir).join(format!("{stem}.rs")))
    }

    /// Reads the input, generates, and writes the module (only when its text changed, so
    /// that Cargo does not rebuild for nothing). Returns the warnings.
    pub fn generate(&self) -> Result<Vec<String>, Error> {
        let io = |what: &str, path: &Path, err: std::io::Error| {
            Error::new(
                ErrorKind::Io,
                format!("{what} {}", path.display()),
                err.to_string(),
            )
        };
        let text =
            std::fs::read_to_string(&self.input).map_err(|err| io("input", &self.input, err))?;
        let doc = super::parse_metadata(&text)?;
        let source = self
            .input
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let generated = super::generate_from(&doc, &self.options, source)?;
        let output = self.output_path()?;
        let unchanged = std::fs::read_to_string(&output).is_ok_and(|old| old == generated.code);
        if !unchanged {
            std::fs::write(&output, &generated.code).map_err(|err| io("output", &output, err))?;
        }
        if std::env::var_os("CARGO").is_some() && std::env::var_os("OUT_DIR").is_some() {
            println!("cargo:rerun-if-changed={}", self.input.display());
            for warning in &generated.warnings {
                println!("cargo:warning={warning}");
            }
        }
        Ok(generated.warnings)
    }
}
