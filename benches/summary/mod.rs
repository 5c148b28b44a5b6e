//! After a criterion run, one table of JSV/JSON time ratios, read back from criterion's own
//! estimates (`new/estimates.json`) of the benchmarks that ran in this process.
//!
//! Criterion measures JSV and JSON one after the other, so slow drift of a shared machine
//! falls on one format more than the other; `examples/bench_ratios.rs` alternates rounds of
//! the two and is the steadier figure. This table says what this criterion run saw.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where criterion writes its results: as criterion decides it (`$CRITERION_HOME`, then
/// `$CARGO_TARGET_DIR/criterion`, then the target directory `cargo metadata` names).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let metadata = std::env::var_os("CARGO").and_then(|cargo| {
        std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()
    });
    metadata
        .and_then(|output| serde_json::from_slice::<serde_json::Value>(&output.stdout).ok())
        .and_then(|value| value["target_directory"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("criterion")
}

/// One benchmark's id and median time (ns), if it was measured after `since`.
fn read_benchmark(dir: &Path, since: SystemTime) -> Option<(String, String, f64)> {
    let benchmark = dir.join("new/benchmark.json");
    let estimates = dir.join("new/estimates.json");
    if std::fs::metadata(&estimates).ok()?.modified().ok()? < since {
        return None;
    }
    let read = |path: &Path| -> Option<serde_json::Value> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    };
    let benchmark = read(&benchmark)?;
    let median = read(&estimates)?["median"]["point_estimate"].as_f64()?;
    Some((
        benchmark["group_id"].as_str()?.to_owned(),
        benchmark["function_id"].as_str()?.to_owned(),
        median,
    ))
}

/// Every benchmark directory under `dir` (criterion nests group / function).
fn collect(dir: &Path, since: SystemTime, depth: usize, found: &mut Vec<(String, String, f64)>) {
    if let Some(benchmark) = read_benchmark(dir, since) {
        found.push(benchmark);
        return;
    }
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            collect(&entry.path(), since, depth - 1, found);
        }
    }
}

/// Prints JSON time / JSV time for every `jsv…` benchmark whose `json…` partner (the same
/// function id with `json` for `jsv`) ran in the same group since `since`.
pub fn print_ratios(since: SystemTime) {
    let mut found = Vec::new();
    collect(&criterion_home(), since, 3, &mut found);
    let times: BTreeMap<(String, String), f64> = found
        .into_iter()
        .map(|(group, function, median)| ((group, function), median))
        .collect();
    let mut rows = Vec::new();
    for ((group, function), &jsv) in &times {
        let Some(rest) = function.strip_prefix("jsv") else {
            continue;
        };
        if let Some(&json) = times.get(&(group.clone(), format!("json{rest}"))) {
            let name = match rest.trim_start_matches('_') {
                "" => group.clone(),
                variant => format!("{group} ({variant})"),
            };
            rows.push((name, jsv, json));
        }
    }
    if rows.is_empty() {
        return;
    }
    println!();
    println!(
        "JSV against serde_json in this run (criterion medians; speed = JSON time / JSV time):"
    );
    println!(
        "| {:<50} | {:>12} | {:>12} | {:>7} |",
        "benchmark", "JSV", "JSON", "speed"
    );
    println!("|{:-<52}|{:-<14}|{:-<14}|{:-<9}|", "", "", "", "");
    for (name, jsv, json) in rows {
        println!(
            "| {name:<50} | {:>12} | {:>12} | {:>6.2}x |",
            format_ns(jsv),
            format_ns(json),
            json / jsv
        );
    }
}

fn format_ns(ns: f64) -> String {
    match ns {
        ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{ns:.0} ns"),
    }
}
