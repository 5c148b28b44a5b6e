//! Replays the committed fuzz seeds (`fuzz/seeds/<target>/`) and crash regressions
//! (`fuzz/artifacts/regressions/<target>/`) through the checks the fuzz targets run
//! (`fuzz/checks.rs`), on stable, as part of `cargo test`.
//!
//! `cargo test --test fuzz_replay -- --ignored regenerate_seeds` rebuilds the seed corpus
//! from the conformance vectors (`/work/shared/conformance/*.jsonl`, or `$JSV_CONFORMANCE_DIR`).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

type Check = fn(&[u8]);

fn targets() -> Vec<(&'static str, Check)> {
    let mut targets: Vec<(&'static str, Check)> = vec![
        ("value_from_bytes", checks::value_from_bytes),
        ("reparse_fixpoint", checks::reparse_fixpoint),
        ("typed_roundtrip", checks::typed_roundtrip),
        ("pretty_reader", checks::pretty_reader),
    ];
    targets.extend(session_target());
    targets
}

#[cfg(feature = "evo-voice")]
fn session_target() -> Option<(&'static str, Check)> {
    Some(("session_info", checks::session_info))
}

#[cfg(not(feature = "evo-voice"))]
fn session_target() -> Option<(&'static str, Check)> {
    None
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

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

/// Runs `check` on every file in `dir`; returns how many ran and the failures.
fn replay(dir: &Path, check: Check, failures: &mut Vec<String>) -> usize {
    let files = files_under(dir);
    for file in &files {
        let data = fs::read(file).expect("read seed");
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    files.len()
}

#[test]
fn committed_seeds_and_regressions_pass_every_check() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, check) in targets() {
        let seeds = replay(&fuzz_dir().join("seeds").join(name), check, &mut failures);
        let crashes = replay(
            &fuzz_dir().join("artifacts/regressions").join(name),
            check,
            &mut failures,
        );
        assert!(seeds > 0, "no committed seeds for {name}");
        total += seeds + crashes;
    }
    assert!(
        failures.is_empty(),
        "{} of {total} inputs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every seed also goes through every other target's check: seeds of one target are good
/// inputs for the others.
#[test]
fn every_seed_passes_every_check() {
    let mut failures = Vec::new();
    for (seed_target, _) in targets() {
        for (_, check) in targets() {
            replay(
                &fuzz_dir().join("seeds").join(seed_target),
                check,
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rebuilds `fuzz/seeds/` from the conformance vectors: every `jsv` and `pretty` field,
/// deduplicated, capped per target to keep the corpus small.
#[test]
#[ignore = "writes fuzz/seeds; run by hand"]
fn regenerate_seeds() {
    let dir =
        std::env::var("JSV_CONFORMANCE_DIR").unwrap_or_else(|_| "/work/shared/conformance".into());
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
    for (name, _) in targets() {
        let out = fuzz_dir().join("seeds").join(name);
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
