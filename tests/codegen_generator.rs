//! `codegen::Generator`, the build-script entry point: input file, options, output path.
#![cfg(feature = "codegen")]

use serde_jsv::codegen::{ErrorKind, Generator, MemberCase, Options};

const FEATURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/metadata/features.metadata.json"
);

fn scratch(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("serde-jsv-generator-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn generates_the_same_module_as_the_library_call() {
    let dir = scratch("same");
    let output = dir.join("tickets.rs");
    let warnings = Generator::new(FEATURES).output(&output).generate().unwrap();
    assert!(warnings.is_empty());
    let written = std::fs::read_to_string(&output).unwrap();
    // The committed module that tests/codegen_features.rs compiles is the same text.
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/generated/features.rs"
    ))
    .unwrap();
    assert_eq!(written, committed);

    // An unchanged module is not rewritten (Cargo would rebuild for nothing).
    let before = std::fs::metadata(&output).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    Generator::new(FEATURES).output(&output).generate().unwrap();
    assert_eq!(
        std::fs::metadata(&output).unwrap().modified().unwrap(),
        before
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn builder_options_reach_the_header() {
    let dir = scratch("options");
    let output = dir.join("get_ticket.rs");
    Generator::new(FEATURES)
        .output(&output)
        .member_case(MemberCase::Pascal)
        .strings_for_dotnet_types()
        .include("GetTicket")
        .exclude("CommentPage")
        .generate()
        .unwrap_err();
    // GetTicket's response needs CommentPage: excluding it is refused, and nothing is written.
    assert!(!output.exists());
    Generator::new(FEATURES)
        .output(&output)
        .member_case(MemberCase::Pascal)
        .strings_for_dotnet_types()
        .include("GetTicket")
        .crate_path("serde_jsv")
        .generate()
        .unwrap();
    let written = std::fs::read_to_string(&output).unwrap();
    let options = Options::from_header(&written).unwrap();
    assert_eq!(
        options,
        Options {
            crate_path: "serde_jsv".into(),
            member_case: MemberCase::Pascal,
            dotnet_types: false,
            include: vec!["GetTicket".into()],
            ..Options::default()
        }
    );
    assert!(written.contains("//   source: features.metadata.json\n"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn errors_name_the_file() {
    let err = Generator::new("/no/such/file.json")
        .output("/tmp/x.rs")
        .generate()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string().starts_with("input /no/such/file.json: "),
        "{err}"
    );
    // Outside a build script there is no OUT_DIR, and the default output says so.
    if std::env::var_os("OUT_DIR").is_none() {
        let err = Generator::new(FEATURES).output_path().unwrap_err();
        assert!(err.to_string().contains("OUT_DIR is not set"));
    }
}
