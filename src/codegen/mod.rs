//! Rust DTOs for any ServiceStack API, generated from its `/types/metadata` (feature
//! `codegen`).
//!
//! A ServiceStack host publishes its API as a `MetadataTypes` document at
//! `GET {base}/types/metadata` (JSON, or JSV with `?format=jsv`). [`generate`] turns it into
//! one Rust module: structs and enums that read and write exactly what the host writes, in
//! JSV and JSON, and request DTOs implementing
//! [`ServiceStackRequest`](crate::request::ServiceStackRequest) with the operation's verb,
//! routes and response type, ready for `serde_jsv::client`.
//!
//! ```
//! use serde_jsv::codegen::{self, Options};
//!
//! let metadata = r#"{"operations":[{"method":"GET","routes":[{"path":"/hello/{Name}"}],
//!     "returnType":{"name":"HelloResponse","namespace":"MyApp"},
//!     "request":{"name":"Hello","namespace":"MyApp","properties":[
//!         {"name":"Name","type":"String","namespace":"System"}]},
//!     "response":{"name":"HelloResponse","namespace":"MyApp","properties":[
//!         {"name":"Result","type":"String","namespace":"System"}]}}]}"#;
//! let generated = codegen::generate(metadata, &Options::default())?;
//! assert!(generated.code.contains("pub struct Hello {"));
//! assert!(generated.code.contains("type Response = HelloResponse;"));
//! assert!(generated.warnings.is_empty());
//! # Ok::<(), codegen::Error>(())
//! ```
//!
//! What the generated code does:
//!
//! * Structs derive `Debug, Clone, PartialEq, Default, Serialize, Deserialize` (and `Eq` when
//!   every member allows it), with `#[serde(default)]`; type names are the C# names (generic
//!   arity dropped); fields are the snake_case of the C# names, renamed to the wire key
//!   (ServiceStack's camelCase by default, [`MemberCase::Pascal`] for PascalCase hosts, a
//!   `[DataMember(Name)]` verbatim). Rust keywords become raw identifiers (`r#type`), or take
//!   a trailing underscore where Rust allows no raw form (`self_`).
//! * Base classes are inlined, the class's own members first and then each base's, as
//!   ServiceStack writes them: never `#[serde(flatten)]`, which an untyped text format cannot
//!   read back. Generic definitions become generic structs, closed uses are substituted.
//! * Non-nullable .NET value types are plain `T` (ServiceStack always writes them); every
//!   other member is `Option<T>`, left out when `None`. `DateTime`, `TimeSpan`, `Guid`,
//!   `decimal`, `byte[]` and `char` use [`dotnet`](crate::dotnet) (or `String`, with
//!   [`Options::dotnet_types`] off); dictionaries are ordered maps.
//! * String enums have an `Unknown(String)` variant keeping names a newer server adds; integer
//!   and `[Flags]` enums are newtypes over the integer with named constants; `[EnumMember]`
//!   values are the wire names ([`dto`](crate::dto) has the shared code).
//! * ServiceStack's own DTOs (`ResponseStatus`, `QueryResponse<T>`, `IdResponse`, …) come
//!   from `serde_jsv::builtin`; AutoQuery bases (`QueryDb<T>`) are inlined from its table.
//! * Descriptions, routes, authentication and roles become doc comments.
//! * The output starts with a header recording the [`Options`]: `jsv codegen --update FILE`
//!   (or [`Options::from_header`]) regenerates with them.
//!
//! Generated code needs `serde` (with `derive`) and `serde_jsv` as dependencies.
//!
//! Problems in the document (an unknown type, cyclic inheritance, a name Rust cannot use,
//! broken JSON) are an [`Error`] naming the type and member; the generator never panics
//! and never writes a module that does not compile. Things it works around are listed in
//! [`Generated::warnings`].
//!
//! To generate at build time, see [`Generator`].

mod builtins;
mod error;
mod generator;
mod ir;
pub mod model;
mod names;
mod options;
mod print;
mod resolve;
mod typeref;

pub use self::error::{Error, ErrorKind};
pub use self::generator::Generator;
pub use self::model::MetadataTypes;
pub use self::options::{MemberCase, Options};

/// The result of [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The Rust module, header comment first, formatted.
    pub code: String,
    /// What the generator worked around (routes it cannot fill, interfaces read untyped, …).
    pub warnings: Vec<String>,
}

/// Reads a `MetadataTypes` document, in JSON or JSV (told apart by the first character
/// that is not whitespace: `{"` starts JSON).
pub fn parse_metadata(text: &str) -> Result<MetadataTypes, Error> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let is_json = trimmed.starts_with('{') && trimmed[1..].trim_start().starts_with(['"', '}']);
    if is_json {
        serde_json::from_str(trimmed).map_err(|err| {
            Error::new(
                ErrorKind::Parse,
                "metadata document",
                format!("invalid JSON: {err}"),
            )
        })
    } else if trimmed.starts_with('{') {
        crate::from_str(trimmed).map_err(|err| {
            Error::new(
                ErrorKind::Parse,
                "metadata document",
                format!("invalid JSV: {err}"),
            )
        })
    } else {
        Err(Error::new(
            ErrorKind::Parse,
            "metadata document",
            "not a MetadataTypes document: it does not start with `{`",
        ))
    }
}

/// Generates the module for a metadata document (JSON or JSV text).
pub fn generate(metadata: &str, options: &Options) -> Result<Generated, Error> {
    generate_from(&parse_metadata(metadata)?, options, "metadata")
}

/// Generates the module for a parsed document; `source` is recorded in the header.
pub fn generate_from(
    doc: &MetadataTypes,
    options: &Options,
    source: &str,
) -> Result<Generated, Error> {
    let module = resolve::resolve(doc, options)?;
    let body = print::print(&module, &options.crate_path)?;
    Ok(Generated {
        code: format!("{}\n{body}", options.header(source)),
        warnings: module.warnings,
    })
}

/// ServiceStack's `TypesMetadata` service as a request DTO: `GET /types/metadata`, answered
/// with the host's [`MetadataTypes`]. Send it with `serde_jsv::client` (which asks for JSV).
///
/// ```
/// use serde_jsv::codegen::TypesMetadata;
/// use serde_jsv::request::ServiceStackRequest;
///
/// assert_eq!(TypesMetadata::ROUTES[0].path, "/types/metadata");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct TypesMetadata {}

impl crate::request::ServiceStackRequest for TypesMetadata {
    type Response = MetadataTypes;
    const TYPE_NAME: &'static str = "TypesMetadata";
    const METHOD: crate::request::Method = crate::request::Method::Get;
    const ROUTES: &'static [crate::request::Route] = &[crate::request::Route::new(
        "/types/metadata",
        &[crate::request::Method::Get],
    )];
}
