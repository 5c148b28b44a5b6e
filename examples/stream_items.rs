//! The cost of streaming a long top-level list item by item, for instruction counts under
//! callgrind (wall time is too noisy on a shared machine to decide small changes).
//!
//! ```sh
//! cargo build --release --example stream_items
//! # STREAM_READ: from_reader (a Vec of structs, through serde's seed), iter_list (the same
//! # structs), value (Value items, no struct), drain (the generator alone, included in the
//! # others); STREAM_WIDTH: members per item (2 or more);
//! # STREAM_DUP=1 repeats the first member at the end of every item.
//! for n in 0 20000; do STREAM_READ=from_reader STREAM_ITEMS=$n \
//!   valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!   target/release/examples/stream_items 2>&1 | grep Collected; done
//! ```
//!
//! The difference between the two counts divided by the number of items is the cost of one
//! item.

use std::io::{self, Read};

use serde::Deserialize;

/// Up to 16 members, as a generated ServiceStack DTO would have them.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Item {
    id: u64,
    name: String,
    m02: Option<String>,
    m03: Option<String>,
    m04: Option<u32>,
    m05: Option<String>,
    m06: Option<String>,
    m07: Option<u32>,
    m08: Option<String>,
    m09: Option<String>,
    m10: Option<u32>,
    m11: Option<String>,
    m12: Option<String>,
    m13: Option<u32>,
    m14: Option<String>,
    m15: Option<String>,
}

/// `[item,item,…]` generated as it is read, never in memory as a whole.
struct Generated {
    next: u64,
    count: u64,
    width: usize,
    dup: bool,
    pending: Vec<u8>,
}

impl Generated {
    fn item(&self, i: u64) -> String {
        let mut text = format!("{{id:{i},name:\"item, {i}\"");
        for m in 2..self.width {
            if m % 3 == 1 {
                text.push_str(&format!(",m{m:02}:{}", i % 1000));
            } else {
                text.push_str(&format!(",m{m:02}:value{m}"));
            }
        }
        if self.dup {
            text.push_str(&format!(",id:{i}"));
        }
        text.push('}');
        text
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pending.len() < buf.len() && self.next <= self.count {
            let i = self.next;
            self.next += 1;
            if i == 0 {
                self.pending.push(b'[');
                if self.count == 0 {
                    self.pending.push(b']');
                }
                continue;
            }
            let item = self.item(i);
            self.pending.extend_from_slice(item.as_bytes());
            self.pending.push(if i == self.count { b']' } else { b',' });
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

fn main() {
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let count: u64 = env("STREAM_ITEMS", "20000").parse().expect("STREAM_ITEMS");
    let width: usize = env("STREAM_WIDTH", "2").parse().expect("STREAM_WIDTH");
    let reader = Generated {
        next: 0,
        count,
        width: width.clamp(2, 16),
        dup: env("STREAM_DUP", "0") == "1",
        pending: Vec::new(),
    };
    let read = env("STREAM_READ", "from_reader");
    let items = match read.as_str() {
        "from_reader" => serde_jsv::from_reader::<_, Vec<Item>>(reader)
            .expect("from_reader")
            .len(),
        "iter_list" => serde_jsv::de::iter_list::<Item, _>(reader)
            .try_fold(0, |count, item| item.map(|_| count + 1))
            .expect("iter_list"),
        "value" => serde_jsv::de::iter_list::<serde_jsv::Value, _>(reader)
            .try_fold(0, |count, item| item.map(|_| count + 1))
            .expect("value"),
        // The generator alone: what every other count includes.
        "drain" => {
            io::copy(&mut { reader }, &mut io::sink()).expect("drain");
            count as usize
        }
        other => panic!("STREAM_READ={other}: from_reader, iter_list, value or drain"),
    };
    assert_eq!(items as u64, count);
    println!("{read}: {items} items of {width} members");
}
