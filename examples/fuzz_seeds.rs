//! Rebuilds `fuzz/seeds/<target>/` from the conformance vectors: every `jsv`, `pretty`,
//! `jsv_member` and `readback_jsv` text, deduplicated, at most 400 per target.
//!
//! `cargo run --example fuzz_seeds` (vectors from `tests/data/conformance`, or
//! `$JSV_CONFORMANCE_DIR`). The replay test `tests/fuzz_replay.rs` runs the result.

use std::fs;
use std::path::{Path, PathBuf};

/// The cargo-fuzz targets in `fuzz/fuzz_targets/`.
const TARGETS: [&str; 5] = [
    "value_from_bytes",
    "reparse_fixpoint",
    "typed_roundtrip",
    "pretty_reader",
    "session_info",
];

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn main() {
    let dir = std::env::var("JSV_CONFORMANCE_DIR").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/conformance").to_owned()
    });
    let mut texts = std::collections::BTreeSet::new();
    for file in files_under(Path::new(&dir)) {
        if file.extension().and_then(|e| e.to_str()) != Some("jsonl") {
            continue;
        }
        for line in fs::read_to_string(&file).expect("read vectors").lines() {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            collect_texts(&record, &mut texts);
        }
    }
    let texts: Vec<String> = texts.into_iter().filter(|t| t.len() <= 4096).collect();
    for name in TARGETS {
        let out = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/seeds")
            .join(name);
        let _ = fs::remove_dir_all(&out);
        fs::create_dir_all(&out).expect("create seed dir");
        let picked: Vec<&String> = match name {
            // Typed values come from the generator's bytes; the JSV texts are as good a
            // source of bytes as any, plus a few hand-made ones.
            "session_info" => texts
                .iter()
                .filter(|t| t.contains("allState") || t.contains("dentity"))
                .collect(),
            "pretty_reader" => texts
                .iter()
                .filter(|t| t.contains('\n'))
                .chain(texts.iter().take(100))
                .collect(),
            _ => texts.iter().collect(),
        };
        for (i, text) in picked.iter().take(400).enumerate() {
            fs::write(out.join(format!("conformance-{i:04}")), text.as_bytes())
                .expect("write seed");
        }
        if name == "typed_roundtrip" {
            for (i, bytes) in [vec![], vec![0xff; 64], (0..=255u8).collect::<Vec<_>>()]
                .iter()
                .enumerate()
            {
                fs::write(out.join(format!("bytes-{i}")), bytes).expect("write seed");
            }
        }
    }
}

fn collect_texts(record: &serde_json::Value, texts: &mut std::collections::BTreeSet<String>) {
    let Some(object) = record.as_object() else {
        return;
    };
    for (key, value) in object {
        match value {
            serde_json::Value::String(text)
                if matches!(
                    key.as_str(),
                    "jsv" | "pretty" | "jsv_member" | "readback_jsv"
                ) =>
            {
                texts.insert(text.clone());
            }
            serde_json::Value::Object(_) => collect_texts(value, texts),
            _ => {}
        }
    }
}
