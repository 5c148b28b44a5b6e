//! The cost of reading documents whose struct members repeat (the last one wins, as in
//! ServiceStack): hostile shapes built to make that second reading as slow as possible.
//!
//! ```sh
//! cargo run --release --example duplicate_members            # every shape, timed
//! cargo run --release --example duplicate_members -- deep    # one shape (flat, deep, many)
//! cargo run --release --example duplicate_members -- deep plain  # the same, no duplicate
//! ```
//!
//! `plain` renames the repeated member to one the struct does not know, so the document
//! has the same size and shape and reads in one pass: the baseline.
//!
//! Under `valgrind --tool=callgrind --toggle-collect='*Options*from_str*'` the instruction
//! count is that of the reading alone. Measured when the passes were bounded (millions of
//! instructions; "before" is the look-ahead from every member to the end of its object in
//! every struct):
//!
//! | shape | before | after | plain (no duplicate) |
//! |---|---|---|---|
//! | flat | 2,364 | 204 | 91 |
//! | deep | 13,627 | 27 | 11 |
//! | many | 3,021 | 905 | 333 |

use std::time::Instant;

use serde::Deserialize;

/// Declares `Node` with 24 optional members `f00`…`f23` and an optional nested `Node`.
macro_rules! node {
    ($($field:ident),*) => {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Node {
            $($field: Option<String>,)*
            child: Option<Box<Node>>,
        }
        const FIELDS: &[&str] = &[$(stringify!($field)),*];
    };
}
node!(
    f00, f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18,
    f19, f20, f21, f22, f23
);

/// Every member once, then `tail`, then `f00` again (the duplicate; `g00` when `PLAIN`).
fn object(tail: &str) -> String {
    let mut text = String::from("{");
    for field in FIELDS {
        text.push_str(field);
        text.push_str(":v,");
    }
    text.push_str(tail);
    text.push_str(if plain() { ",g00:last}" } else { ",f00:last}" });
    text
}

/// A large member the struct does not know: every look-ahead has to step over it.
fn padding(items: usize) -> String {
    format!("pad:[{}]", vec!["{x:[1,2,3]}"; items].join(","))
}

/// One object: all members, 100,000 padding items, the duplicate.
fn flat() -> String {
    object(&padding(100_000))
}

/// 100 nested objects, each with all members and a duplicate, padding at the bottom.
fn deep() -> String {
    let mut text = object(&padding(10_000));
    for _ in 0..100 {
        text = object(&format!("child:{text}"));
    }
    text
}

/// 20,000 objects side by side, each with a duplicate.
fn many() -> String {
    format!("[{}]", vec![object("pad:x"); 20_000].join(","))
}

/// Whether the documents are built without the duplicate (`plain` argument).
fn plain() -> bool {
    std::env::args().nth(2).as_deref() == Some("plain")
}

fn main() {
    let only = std::env::args().nth(1).filter(|only| only != "all");
    for (name, build) in [
        ("flat", flat as fn() -> String),
        ("deep", deep),
        ("many", many),
    ] {
        if only.as_deref().is_some_and(|only| only != name) {
            continue;
        }
        let text = build();
        let started = Instant::now();
        let read = if name == "many" {
            serde_jsv::from_str::<Vec<Node>>(&text).map(|nodes| nodes.len())
        } else {
            serde_jsv::from_str::<Node>(&text).map(|_| 1)
        };
        let elapsed = started.elapsed();
        let count = read.expect("the document reads");
        println!(
            "{name}: {} bytes, {count} root value(s), read in {:.1} ms ({:.1} MB/s)",
            text.len(),
            elapsed.as_secs_f64() * 1e3,
            text.len() as f64 / elapsed.as_secs_f64() / 1e6
        );
    }
}
