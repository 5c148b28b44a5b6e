//! `jsv codegen` on a file, on standard input, on a URL (the embedded server serving its own
//! `/types/metadata`), and with `--update`; and the server's metadata route in JSON and JSV.
#![cfg(all(feature = "cli", feature = "server"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_jsv::server::SessionServer;

const EVO_METADATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/evo_voice/evo-voice-sessions.metadata.json"
);
const FEATURES_METADATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/metadata/features.metadata.json"
);

fn jsv(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jsv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jsv binary starts");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[track_caller]
fn assert_ok(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
}

/// A scratch directory, removed afterwards.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("jsv-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the library generates for the features fixture with default options, as the CLI
/// records it (the source is the input as given).
fn library_output(source: &str, options: &serde_jsv::codegen::Options) -> String {
    let doc =
        serde_jsv::codegen::parse_metadata(&std::fs::read_to_string(FEATURES_METADATA).unwrap())
            .unwrap();
    serde_jsv::codegen::generate_from(&doc, options, source)
        .unwrap()
        .code
}

#[test]
fn codegen_from_a_file_and_from_stdin() {
    let output = jsv(&["codegen", FEATURES_METADATA], b"");
    assert_ok(&output);
    assert_eq!(
        text(&output.stdout),
        library_output(FEATURES_METADATA, &Default::default())
    );

    let input = std::fs::read(FEATURES_METADATA).unwrap();
    let output = jsv(
        &["codegen", "-", "--pascal-case", "--include", "GetTicket"],
        &input,
    );
    assert_ok(&output);
    let options = serde_jsv::codegen::Options {
        member_case: serde_jsv::codegen::MemberCase::Pascal,
        include: vec!["GetTicket".into()],
        ..Default::default()
    };
    assert_eq!(text(&output.stdout), library_output("-", &options));

    // The Evo Voice document warns about {memberId} on standard error.
    let output = jsv(&["codegen", EVO_METADATA], b"");
    assert_ok(&output);
    assert!(text(&output.stderr).contains("warning: operation DeleteChatMember: route"));
}

#[test]
fn codegen_errors_name_the_place_and_exit_1() {
    let output = jsv(
        &["codegen", "-"],
        br#"{"types":[{"name":"A","inherits":{"name":"A"}}]}"#,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("type A: cyclic inheritance: A -> A"),
        "{}",
        text(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let output = jsv(&["codegen", "-"], br#"{"types":["#);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("metadata document: invalid JSON"));
    let output = jsv(&["codegen", "/no/such/metadata.json"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn codegen_update_rereads_the_options_from_the_header() {
    let dir = TempDir::new("update");
    let input = dir.0.join("tickets.metadata.json");
    std::fs::copy(FEATURES_METADATA, &input).unwrap();
    let module = dir.0.join("tickets.rs");
    let input_arg = input.to_str().unwrap();
    let module_arg = module.to_str().unwrap();
    let output = jsv(
        &[
            "codegen",
            input_arg,
            "-o",
            module_arg,
            "--dotnet-as-string",
            "--exclude",
            "GetFile,FileContent",
        ],
        b"",
    );
    assert_ok(&output);
    let first = std::fs::read_to_string(&module).unwrap();
    assert!(first.contains("//   exclude: GetFile,FileContent\n") && !first.contains("dotnet::"));

    // The host adds a member; --update picks it up with the same options.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&input).unwrap()).unwrap();
    let stats = doc["operations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|op| op["request"]["name"] == "GetTicketStats")
        .unwrap();
    stats["request"]["properties"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "Since", "type": "String", "namespace": "System"}));
    std::fs::write(&input, doc.to_string()).unwrap();
    let output = jsv(&["codegen", "--update", module_arg], b"");
    assert_ok(&output);
    let second = std::fs::read_to_string(&module).unwrap();
    assert!(second.contains("pub since: ::std::option::Option<::std::string::String>"));
    assert!(second.contains("//   exclude: GetFile,FileContent\n") && !second.contains("dotnet::"));
    assert!(!first.contains("pub since"));

    // A file that jsv did not write is refused.
    std::fs::write(&module, "pub struct Mine;\n").unwrap();
    let output = jsv(&["codegen", "--update", module_arg], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("not a file generated by serde_jsv::codegen"));
}

#[test]
fn codegen_from_the_embedded_servers_url() {
    let server = SessionServer::new().run_in_background().unwrap();
    let base = server.base_url();
    let output = jsv(
        &[
            "codegen",
            &base,
            "--crate-path",
            "crate",
            "--path-variables-by-hand",
            "DeleteChatMember",
        ],
        b"",
    );
    assert_ok(&output);
    // The same module as the committed Evo Voice one, apart from the recorded source.
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/evo_voice/generated.rs"
    ))
    .unwrap();
    assert_eq!(
        text(&output.stdout),
        committed.replace(
            "//   source: evo-voice-sessions.metadata.json",
            &format!("//   source: {base}")
        )
    );
    // --update fetches again from the recorded URL.
    let dir = TempDir::new("url");
    let module = dir.0.join("evo.rs");
    std::fs::write(&module, "// stale\n").unwrap();
    std::fs::write(&module, &output.stdout).unwrap();
    assert_ok(&jsv(
        &["codegen", "--update", module.to_str().unwrap()],
        b"",
    ));
    assert_eq!(std::fs::read(&module).unwrap(), output.stdout);
}

#[test]
fn the_server_answers_types_metadata_in_json_and_jsv() {
    let server = SessionServer::new().run_in_background().unwrap();
    let base = server.base_url();
    let client = reqwest::blocking::Client::new();
    let get = |path: &str, accept: Option<&str>| {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(accept) = accept {
            request = request.header("Accept", accept);
        }
        let response = request.send().unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        (content_type, response.text().unwrap())
    };
    let json_text = std::fs::read_to_string(EVO_METADATA).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let jsv_text = serde_jsv::to_string(&json).unwrap();
    for (path, accept) in [
        ("/types/metadata", None),
        ("/types/metadata.json", Some("text/jsv")),
        ("/types/metadata?format=json", None),
    ] {
        let (content_type, body) = get(path, accept);
        assert!(content_type.starts_with("application/json"), "{path}");
        assert_eq!(body, json_text, "{path}");
    }
    for (path, accept) in [
        ("/types/metadata?format=jsv", None),
        ("/types/metadata.jsv", None),
        ("/types/metadata", Some("text/jsv")),
        (
            "/types/metadata",
            Some("application/jsv, application/json;q=0.5"),
        ),
    ] {
        let (content_type, body) = get(path, accept);
        assert!(
            content_type.starts_with("application/jsv"),
            "{path} {accept:?}"
        );
        assert_eq!(body, jsv_text, "{path}");
    }
    // Both forms read into the same document.
    assert_eq!(
        serde_jsv::codegen::parse_metadata(&jsv_text).unwrap(),
        serde_jsv::codegen::parse_metadata(&json_text).unwrap()
    );
}
