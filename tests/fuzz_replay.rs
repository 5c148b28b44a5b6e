//! Replays the committed fuzz seeds (`fuzz/seeds/<target>/`) and crash regressions
//! (`fuzz/artifacts/regressions/<target>/`) through the checks the fuzz targets run
//! (`fuzz/checks.rs`), on stable, as part of `cargo test`.
//!
//! `cargo run --example fuzz_seeds` rebuilds the seed corpus from the conformance vectors.

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
