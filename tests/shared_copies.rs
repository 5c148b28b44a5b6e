//! The vectors, seeds and metadata documents under `tests/data/` are copies of the team's
//! upstream folder `../shared/` (see `tests/data/README.md`). When that folder sits beside the
//! repository, every copied folder must match it byte for byte, file for file; a difference
//! fails naming the file. In a clone of this repository alone (or the unpacked package) there
//! is no upstream to compare with, and the test says so and passes.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The folders of `../shared/` that `tests/data/` copies, under the same names.
const COPIED: [&str; 3] = ["conformance", "seeds", "metadata"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The file names directly inside `dir` (none if it does not exist).
fn file_names(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Every way `copy` differs from `upstream`, one line per file.
fn differences(upstream: &Path, copy: &Path) -> Vec<String> {
    let upstream_files = file_names(upstream);
    let copy_files = file_names(copy);
    let mut problems = Vec::new();
    for name in upstream_files.union(&copy_files) {
        let (up, ours): (PathBuf, PathBuf) = (upstream.join(name), copy.join(name));
        match (upstream_files.contains(name), copy_files.contains(name)) {
            (true, false) => problems.push(format!(
                "{} is missing (upstream has {})",
                ours.display(),
                up.display()
            )),
            (false, true) => problems.push(format!(
                "{} is not upstream (no {})",
                ours.display(),
                up.display()
            )),
            _ => {
                let (up_bytes, our_bytes) = (read(&up), read(&ours));
                if up_bytes != our_bytes {
                    problems.push(format!(
                        "{} differs from {} ({} vs {} bytes{})",
                        ours.display(),
                        up.display(),
                        our_bytes.len(),
                        up_bytes.len(),
                        first_difference(&our_bytes, &up_bytes)
                            .map(|at| format!(", first difference at byte {at}"))
                            .unwrap_or_default()
                    ));
                }
            }
        }
    }
    problems
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or((a.len() != b.len()).then(|| a.len().min(b.len())))
}

#[test]
fn copies_in_tests_data_match_the_upstream_shared_folder() {
    let upstream_root = manifest_dir().join("../shared");
    if !upstream_root.is_dir() {
        println!(
            "no upstream folder at {}: nothing to compare tests/data/ with (a clone of this \
             repository alone, or the published package)",
            upstream_root.display()
        );
        return;
    }
    let mut problems = Vec::new();
    for folder in COPIED {
        let upstream = upstream_root.join(folder);
        let copy = manifest_dir().join("tests/data").join(folder);
        if !upstream.is_dir() {
            println!("{} is absent upstream: not compared", upstream.display());
            continue;
        }
        assert!(
            !file_names(&upstream).is_empty(),
            "{} holds no files",
            upstream.display()
        );
        problems.extend(differences(&upstream, &copy));
    }
    assert!(
        problems.is_empty(),
        "tests/data/ no longer matches ../shared/ (refresh the copy as tests/data/README.md \
         says, or report the upstream change):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn a_difference_is_reported_by_file_name() {
    let root = std::env::temp_dir().join(format!("serde_jsv_shared_copies_{}", std::process::id()));
    let (upstream, copy) = (root.join("upstream"), root.join("copy"));
    fs::create_dir_all(&upstream).unwrap();
    fs::create_dir_all(&copy).unwrap();
    for dir in [&upstream, &copy] {
        fs::write(dir.join("same.jsonl"), "{\"jsv\":\"a\"}\n").unwrap();
    }
    fs::write(upstream.join("changed.jsonl"), "abc\n").unwrap();
    fs::write(copy.join("changed.jsonl"), "abd\n").unwrap();
    fs::write(upstream.join("new.jsonl"), "x\n").unwrap();
    fs::write(copy.join("stale.jsonl"), "y\n").unwrap();

    let problems = differences(&upstream, &copy);
    fs::remove_dir_all(&root).unwrap();

    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("changed.jsonl differs") && problems[0].contains("byte 2"));
    assert!(problems[1].contains("new.jsonl is missing"));
    assert!(problems[2].contains("stale.jsonl is not upstream"));
}
