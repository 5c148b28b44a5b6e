//! The generated text of both metadata fixtures, pinned with insta snapshots.
#![cfg(feature = "codegen")]

use serde_jsv::codegen::{self, MemberCase, Options};

fn features() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/metadata/features.metadata.json"
    ))
    .unwrap()
}

fn evo_voice() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/evo_voice/evo-voice-sessions.metadata.json"
    ))
    .unwrap()
}

#[test]
fn features_fixture() {
    let generated = codegen::generate(&features(), &Options::default()).unwrap();
    insta::assert_snapshot!("features", generated.code);
    insta::assert_debug_snapshot!("features_warnings", generated.warnings);
}

#[test]
fn evo_voice_fixture() {
    let generated = codegen::generate(&evo_voice(), &Options::default()).unwrap();
    insta::assert_snapshot!("evo_voice", generated.code);
    insta::assert_debug_snapshot!("evo_voice_warnings", generated.warnings);
}

#[test]
fn options_change_the_output_as_documented() {
    let options = Options {
        member_case: MemberCase::Pascal,
        dotnet_types: false,
        include: vec!["GetTicket".into()],
        ..Options::default()
    };
    let generated = codegen::generate(&features(), &options).unwrap();
    insta::assert_snapshot!("features_pascal_strings_get_ticket", generated.code);
}
