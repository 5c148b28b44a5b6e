//! The public API of the format and tool side of issue 15, used the way a serde_json user
//! would write it. Compiling this file is half the test: a rename or a signature change
//! shows up here first. (The client's API is in `tests/public_api_client.rs`.)

use std::error::Error as _;
use std::io;

use serde::Deserialize;
use serde_jsv::de::{Options, ReadMode};
use serde_jsv::error::{Category, Snippet};
use serde_jsv::request::Method;
use serde_jsv::response::{ErrorResponse, ResponseError, ResponseStatus};
use serde_jsv::{Deserializer, Map, Value, jsv};

#[derive(Deserialize, Debug, PartialEq)]
struct Session {
    id: String,
    ended: bool,
}

// ----- serde_jsv::Error -----

#[test]
fn error_displays_one_line_like_serde_json() {
    let err = serde_jsv::from_str::<Session>("{id:s1}").unwrap_err();
    assert_eq!(err.to_string(), "missing field `ended` at line 1 column 1");
    assert_eq!(format!("{err:#}"), err.to_string());
    assert_eq!(
        format!("{err:?}"),
        "Error(\"missing field `ended`\", line: 1, column: 1)"
    );

    let err = serde_jsv::from_str::<Session>("{id:s1,ended:nope}").unwrap_err();
    let message = err.to_string();
    assert_eq!(
        message,
        "expected True or False, found `nope` at line 1 column 14"
    );
    assert!(!message.ends_with('\n') && !message.contains("parse error"));
    assert_eq!((err.line(), err.column(), err.offset()), (1, 14, Some(13)));
    assert_eq!(err.message(), "expected True or False, found `nope`");
}

#[test]
fn error_snippet_is_an_explicit_rendering() {
    let err = serde_jsv::from_str::<Session>("{id:s1,ended:nope}").unwrap_err();
    let snippet: Snippet<'_> = err.snippet();
    assert_eq!(
        snippet.to_string(),
        "JSV data error at line 1, column 14\n  |\n1 | {id:s1,ended:nope}\n  |              ^^^^ expected True or False, found `nope`"
    );
    // It is a Display value, usable in format strings without allocating first.
    assert_eq!(format!("{snippet}"), snippet.to_string());
}

#[test]
fn error_classify_as_serde_json() {
    fn category(text: &str) -> Category {
        let err = serde_jsv::from_str::<Session>(text).unwrap_err();
        // The four predicates agree with classify().
        let expected = match err.classify() {
            Category::Io => (true, false, false, false),
            Category::Syntax => (false, true, false, false),
            Category::Data => (false, false, true, false),
            Category::Eof => (false, false, false, true),
        };
        assert_eq!(
            (err.is_io(), err.is_syntax(), err.is_data(), err.is_eof()),
            expected
        );
        err.classify()
    }
    assert_eq!(category("{id:s1,ended:True"), Category::Eof);
    assert_eq!(category("{id:s1 ended:True}"), Category::Data);
    assert_eq!(category("{id:s1,ended:True}x"), Category::Syntax);
    assert_eq!(category("{id:\"s1\"x,ended:True}"), Category::Syntax);
    assert_eq!(category("{id:s1,ended:2}"), Category::Data);

    let err = serde_jsv::from_reader::<_, Session>(FailingReader).unwrap_err();
    assert_eq!(err.classify(), Category::Io);
    assert_eq!(
        err.source().map(ToString::to_string).as_deref(),
        Some("unplugged")
    );
}

struct FailingReader;

impl io::Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("unplugged"))
    }
}

#[test]
fn error_fits_the_usual_error_plumbing() {
    fn read(text: &str) -> Result<Session, Box<dyn std::error::Error + Send + Sync>> {
        Ok(serde_jsv::from_str(text)?)
    }
    assert_eq!(
        read("{id:s1,ended:False}").unwrap(),
        Session {
            id: "s1".into(),
            ended: false
        }
    );
    assert_eq!(
        read("[]").unwrap_err().to_string(),
        "expected an object `{…}` at line 1 column 1"
    );
    // Into io::Error, as serde_json: EOF becomes UnexpectedEof, the rest InvalidData.
    let eof: io::Error = serde_jsv::from_str::<Session>("{id:").unwrap_err().into();
    assert_eq!(eof.kind(), io::ErrorKind::UnexpectedEof);
    let data: io::Error = serde_jsv::from_str::<Session>("{}").unwrap_err().into();
    assert_eq!(data.kind(), io::ErrorKind::InvalidData);
}

// ----- Value -----

#[test]
fn value_conveniences() {
    let mut value: Value = "{id:s1,tags:[a,b],meta:{},gone:}".parse().unwrap();
    assert!(value.is_map() && value["tags"].is_list() && value["id"].is_string());
    assert!(value["gone"].is_null() && value["meta"].as_map().is_some_and(Map::is_empty));
    assert_eq!(value.pointer("/tags/1").and_then(Value::as_str), Some("b"));
    if let Some(tag) = value.pointer_mut("/tags/0") {
        *tag = "z".into();
    }
    assert_eq!(value.to_string(), "{id:s1,tags:[z,b],meta:{},gone:}");
    assert_eq!(
        format!("{value:#}"),
        "{\n\tid: s1,\n\ttags: \n\t[\n\t\tz,\n\t\tb\n\t],\n\tmeta: {},\n\tgone: \n}"
    );
    let err = "{id:".parse::<Value>().unwrap_err();
    assert!(err.is_eof());
}

#[test]
fn jsv_macro_like_json() {
    let name = "Ada";
    let value = jsv!({
        "name": name,
        "age": 36,
        "admin": true,
        "tags": ["a", null, { "k": 1.5 }],
        "none": null,
    });
    assert_eq!(
        value.to_string(),
        "{name:Ada,age:36,admin:True,tags:[a,,{k:1.5}],none:}"
    );
    let map: &Map = value.as_map().unwrap();
    assert_eq!(
        map.keys().collect::<Vec<_>>(),
        ["name", "age", "admin", "tags", "none"]
    );
}

// ----- Deserializer -----

#[test]
fn deserializer_from_slice() {
    let mut de = Deserializer::from_slice(b"{id:s1,ended:True}").unwrap();
    let session = Session::deserialize(&mut de).unwrap();
    de.end().unwrap();
    assert_eq!(session.id, "s1");
    let err = Deserializer::from_slice(b"{id:\xC3}").err().unwrap();
    assert!(err.is_syntax());
    assert_eq!((err.line(), err.column()), (1, 5));
    // The free function has serde_json's signature: `from_slice<'a, T>(&'a [u8])`.
    let bytes: &[u8] = b"{id:s1,ended:0}";
    let session: serde_jsv::Result<Session> = serde_jsv::from_slice(bytes);
    assert!(!session.unwrap().ended);
}

#[test]
fn duplicate_members_last_one_wins() {
    let session: Session = serde_jsv::from_str("{id:a,ended:True,id:b,ended:False}").unwrap();
    assert_eq!(
        session,
        Session {
            id: "b".into(),
            ended: false
        }
    );
    let sessions: Vec<Session> =
        serde_jsv::from_str("[{id:a,ended:True,id:b},{id:c,ended:0,ended:1}]").unwrap();
    assert_eq!(sessions[0].id, "b");
    assert!(sessions[1].ended);
}

// ----- #[non_exhaustive] types, built through their constructors -----

#[test]
fn non_exhaustive_types_have_constructors() {
    let options = Options::new().read_mode(ReadMode::Pretty);
    let words: Vec<String> = options.from_str("[ a , b ]").unwrap();
    assert_eq!(words, ["a", "b"]);

    let verb = |method: Method| match method {
        Method::Get | Method::Delete => "query",
        Method::Post | Method::Put | Method::Patch => "body",
        _ => "other",
    };
    assert_eq!(verb(Method::Patch), "body");

    let mut status = ResponseStatus::new("ValidationException", "Invalid")
        .with_error(ResponseError::new("NotEmpty", "Name", "required").with_meta("A", "1"))
        .with_stack_trace("at Run()")
        .with_meta("Source", "test");
    status.message = Some("Still invalid".into());
    let mut error = ResponseError::default();
    error.field_name = Some("Age".into());
    status.errors.push(error);
    let response = ErrorResponse::new(status);
    assert_eq!(
        serde_jsv::to_string(&response).unwrap(),
        "{ResponseStatus:{ErrorCode:ValidationException,Message:Still invalid,StackTrace:at Run(),Errors:[{ErrorCode:NotEmpty,FieldName:Name,Message:required,Meta:{A:1}},{FieldName:Age}],Meta:{Source:test}}}"
    );
    let back: ErrorResponse =
        serde_jsv::from_str(&serde_jsv::to_string(&response).unwrap()).unwrap();
    assert_eq!(back, response);
    assert!(ErrorResponse::default().response_status.is_none());
}
