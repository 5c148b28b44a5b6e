//! The generator on bad and unusual metadata: each problem is an error naming the type and
//! member, never a panic and never a module that does not compile. Also: JSV input, options.
#![cfg(feature = "codegen")]

use serde_jsv::codegen::{self, ErrorKind, Options};

fn features() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/metadata/features.metadata.json"
    ))
    .unwrap()
}

/// A document with one type in `types` and one operation whose request has `members`.
fn doc(types: &str, members: &str) -> String {
    format!(
        r#"{{"types":[{types}],"operations":[{{"method":"POST","routes":[{{"path":"/x"}}],
        "returnsVoid":true,"request":{{"name":"DoIt","namespace":"App","properties":[{members}]}}}}]}}"#
    )
}

fn error(text: &str) -> codegen::Error {
    codegen::generate(text, &Options::default()).expect_err("should fail")
}

#[test]
fn an_unknown_type_reference_names_type_and_member() {
    let err = error(&doc(
        "",
        r#"{"name":"Widget","type":"Gadget","namespace":"App"}"#,
    ));
    assert_eq!(err.kind(), ErrorKind::UnknownType);
    assert_eq!(err.place(), "type DoIt, member Widget");
    assert!(
        err.to_string()
            .contains("unknown type `Gadget` (namespace App)"),
        "{err}"
    );

    // Inside generic arguments too.
    let err = error(&doc(
        "",
        r#"{"name":"Map","type":"Dictionary`2","namespace":"System.Collections.Generic","genericArgs":["String","List<Gadget>"]}"#,
    ));
    assert_eq!(err.place(), "type DoIt, member Map");

    // Opt-in: read as an untyped value instead, with a warning.
    let options = Options {
        unknown_types_as_value: true,
        ..Options::default()
    };
    let generated = codegen::generate(
        &doc("", r#"{"name":"Widget","type":"Gadget","namespace":"App"}"#),
        &options,
    )
    .unwrap();
    assert!(
        generated
            .code
            .contains("pub widget: ::std::option::Option<::serde_jsv::Value>")
    );
    assert_eq!(generated.warnings.len(), 1);
}

#[test]
fn cyclic_inheritance_is_reported() {
    let types = r#"{"name":"A","namespace":"App","inherits":{"name":"B","namespace":"App"}},
                   {"name":"B","namespace":"App","inherits":{"name":"A","namespace":"App"}}"#;
    let err = error(&doc(types, ""));
    assert_eq!(err.kind(), ErrorKind::CyclicInheritance);
    assert!(
        err.message().contains("A -> B -> A") || err.message().contains("B -> A -> B"),
        "{err}"
    );
    let itself = r#"{"name":"A","namespace":"App","inherits":{"name":"A","namespace":"App"}}"#;
    assert_eq!(error(&doc(itself, "")).kind(), ErrorKind::CyclicInheritance);
}

#[test]
fn an_unknown_base_class_is_reported() {
    let types =
        r#"{"name":"A","namespace":"App","inherits":{"name":"MissingBase","namespace":"App"}}"#;
    let err = error(&doc(types, ""));
    assert_eq!(err.kind(), ErrorKind::UnknownType);
    assert_eq!(err.place(), "type A");
    assert!(err.message().contains("MissingBase"));
}

#[test]
fn names_rust_cannot_use_are_reported() {
    let err = error(&doc(
        "",
        r#"{"name":"my-field","type":"String","namespace":"System"}"#,
    ));
    assert_eq!(err.kind(), ErrorKind::InvalidName);
    assert_eq!(err.place(), "type DoIt, member my-field");
    let err = error(&doc(r#"{"name":"Bad Type","namespace":"App"}"#, ""));
    assert_eq!(err.kind(), ErrorKind::InvalidName);
    let err = error(&doc(
        r#"{"name":"Color","namespace":"App","isEnum":true,"enumNames":["Red","Dark Blue"]}"#,
        "",
    ));
    assert_eq!(err.place(), "type Color, member Dark Blue");
    let err = error(&doc(
        r#"{"name":"Level","namespace":"App","isEnum":true,"enumNames":["Low"],"enumValues":["one"]}"#,
        "",
    ));
    assert_eq!(
        (err.kind(), err.place()),
        (ErrorKind::Parse, "type Level, member Low")
    );
}

#[test]
fn broken_documents_are_errors_never_panics() {
    let text = features();
    for end in (0..text.len()).step_by(61) {
        let err = codegen::generate(&text[..end], &Options::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parse, "cut at {end}: {err}");
    }
    let err = error(r#"{"types":[{"name":"A","#);
    assert!(
        err.to_string()
            .starts_with("metadata document: invalid JSON"),
        "{err}"
    );
    assert_eq!(error("<html>").kind(), ErrorKind::Parse);
    assert_eq!(error(r#"{"types":{"name":"x"}}"#).kind(), ErrorKind::Parse);
    let err = error(&doc(
        "",
        r#"{"name":"X","type":"List<Int32","namespace":"System"}"#,
    ));
    assert_eq!(
        (err.kind(), err.place()),
        (ErrorKind::Parse, "type DoIt, member X")
    );
}

#[test]
fn differing_copies_of_a_type_are_a_conflict() {
    let text = r#"{"operations":[
        {"request":{"name":"A","namespace":"App"},"response":{"name":"R","namespace":"App","properties":[{"name":"X","type":"String","namespace":"System"}]}},
        {"request":{"name":"B","namespace":"App"},"response":{"name":"R","namespace":"App","properties":[{"name":"Y","type":"String","namespace":"System"}]}}]}"#;
    let err = error(text);
    assert_eq!((err.kind(), err.place()), (ErrorKind::Conflict, "type R"));
}

#[test]
fn jsv_metadata_generates_the_same_module_as_json() {
    let json: serde_json::Value = serde_json::from_str(&features()).unwrap();
    let jsv = serde_jsv::to_string(&json).unwrap();
    assert!(jsv.starts_with("{config:{"));
    let from_json = codegen::generate(&features(), &Options::default()).unwrap();
    let from_jsv = codegen::generate(&jsv, &Options::default()).unwrap();
    assert_eq!(from_jsv, from_json);
}

#[test]
fn include_takes_dependencies_and_exclude_refuses_to_break_them() {
    let options = Options {
        include: vec!["UpdateTicket".into()],
        ..Options::default()
    };
    let code = codegen::generate(&features(), &options).unwrap().code;
    for present in [
        "pub struct UpdateTicket",
        "pub struct Ticket ",
        "pub struct Revision<T>",
        "pub enum TicketKind",
        "pub struct TicketFlags",
    ] {
        assert!(code.contains(present), "{present}");
    }
    for absent in [
        "pub struct GetTicket ",
        "pub struct Comment ",
        "pub struct TicketSummary",
    ] {
        assert!(!code.contains(absent), "{absent}");
    }
    assert!(code.contains("//   include: UpdateTicket\n"));

    let options = Options {
        exclude: vec!["GetFile".into(), "FileContent".into()],
        ..Options::default()
    };
    let code = codegen::generate(&features(), &options).unwrap().code;
    assert!(!code.contains("pub struct FileContent") && code.contains("pub struct GetTicket "));

    let options = Options {
        exclude: vec!["Revision".into()],
        ..Options::default()
    };
    let err = codegen::generate(&features(), &options).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.message()
            .contains("needs `Revision`, which is excluded"),
        "{err}"
    );

    let options = Options {
        include: vec!["NoSuchType".into()],
        ..Options::default()
    };
    assert_eq!(
        codegen::generate(&features(), &options).unwrap_err().kind(),
        ErrorKind::UnknownType
    );
}

#[test]
fn the_header_reproduces_the_options() {
    let options = Options {
        crate_path: "crate".into(),
        member_case: codegen::MemberCase::Pascal,
        dotnet_types: false,
        include: vec!["GetTicket".into(), "UpdateTicket".into()],
        exclude: vec![],
        path_variables_by_hand: vec!["GetTicket".into()],
        unknown_types_as_value: true,
    };
    let code = codegen::generate(&features(), &options).unwrap().code;
    assert_eq!(codegen::Options::from_header(&code).unwrap(), options);
    assert!(code.contains(r#"rename = "URLSlug""#));
    assert!(!code.contains("dotnet::"));
    assert!(codegen::Options::from_header("fn main() {}").is_err());
}

#[test]
fn output_is_deterministic() {
    let first = codegen::generate(&features(), &Options::default()).unwrap();
    // The same document with its types and operations in another order.
    let mut json: serde_json::Value = serde_json::from_str(&features()).unwrap();
    json["types"].as_array_mut().unwrap().reverse();
    json["operations"].as_array_mut().unwrap().reverse();
    let second = codegen::generate(&json.to_string(), &Options::default()).unwrap();
    assert_eq!(first, second);
}
