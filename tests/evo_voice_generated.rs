//! `src/evo_voice/generated.rs` is exactly what the generator makes of the committed Evo Voice
//! metadata with the options in its header. Run with `SERDE_JSV_BLESS=1` to rewrite it after
//! a deliberate change to the generator or the metadata.
#![cfg(all(feature = "codegen", feature = "evo-voice"))]

use serde_jsv::codegen::{self, Options};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/evo_voice");

#[test]
fn the_evo_voice_module_is_the_generators_output() {
    let path = format!("{DIR}/generated.rs");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let (options, source) = if committed.is_empty() {
        let options = Options {
            crate_path: "crate".into(),
            path_variables_by_hand: vec!["DeleteChatMember".into()],
            ..Options::default()
        };
        (options, "evo-voice-sessions.metadata.json".to_owned())
    } else {
        Options::parse_header(&committed).unwrap()
    };
    let metadata = std::fs::read_to_string(format!("{DIR}/{source}")).unwrap();
    let doc = codegen::parse_metadata(&metadata).unwrap();
    let generated = codegen::generate_from(&doc, &options, &source).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    if std::env::var_os("SERDE_JSV_BLESS").is_some() {
        std::fs::write(&path, &generated.code).unwrap();
        return;
    }
    assert!(
        committed == generated.code,
        "src/evo_voice/generated.rs differs from the generator's output; \
         rerun with SERDE_JSV_BLESS=1 if the change is deliberate"
    );
}
