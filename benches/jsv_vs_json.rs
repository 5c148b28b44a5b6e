//! JSV against serde_json, serializing and deserializing the same typed values.
//!
//! The table of JSV/JSON ratios, in one command (release, a few seconds per case):
//!
//! ```text
//! cargo run --release --example bench_ratios --features evo-voice
//! ```
//!
//! The criterion benchmarks (`cargo bench --features evo-voice`) put `jsv` and `json` side
//! by side in one group per case and direction, with `Throughput::Bytes` of each format's own
//! text; the per-object time is the ratio that matters (JSV text is shorter than JSON, so
//! bytes/s favours JSON). Cases: one `SessionInfo`; 1,000 generated sessions with members,
//! logs and application data; 1,000 sessions whose strings mostly need quoting; typed data of the shape of twitter.json, citm_catalog.json and
//! canada.json (generated in `benches/corpus/mod.rs`, not shipped); and borrowed (`&str`) against
//! owned deserialization of the session list.
//!
//! A deserialize benchmark times each read up to the value it returns and drops the value
//! after the clock stops (`read_timing/mod.rs`), as `bench_ratios` does.

#[path = "corpus/mod.rs"]
mod corpus;
#[path = "read_timing/mod.rs"]
mod read_timing;
#[path = "summary/mod.rs"]
mod summary;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The benchmark `id` of `group`: calls of `read`, timed by [`read_timing::time_reads`].
fn bench_read<T>(group: &mut BenchmarkGroup<'_, WallTime>, id: &str, mut read: impl FnMut() -> T) {
    group.bench_function(id, |b| {
        b.iter_custom(|iters| read_timing::time_reads(iters, &mut read))
    });
}

fn case<T>(c: &mut Criterion, name: &str, value: &T)
where
    T: Serialize + DeserializeOwned,
{
    let (jsv, json) = corpus::texts(value);
    let mut buffer = Vec::with_capacity(jsv.len().max(json.len()) + 64);

    let mut group = c.benchmark_group(format!("{name}/serialize"));
    group.throughput(Throughput::Bytes(jsv.len() as u64));
    group.bench_function("jsv", |b| {
        b.iter(|| {
            buffer.clear();
            serde_jsv::to_writer(&mut buffer, black_box(value)).unwrap();
        })
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("json", |b| {
        b.iter(|| {
            buffer.clear();
            serde_json::to_writer(&mut buffer, black_box(value)).unwrap();
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("{name}/deserialize"));
    group.throughput(Throughput::Bytes(jsv.len() as u64));
    bench_read(&mut group, "jsv", || {
        serde_jsv::from_str::<T>(black_box(&jsv)).unwrap()
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    bench_read(&mut group, "json", || {
        serde_json::from_str::<T>(black_box(&json)).unwrap()
    });
    group.finish();
}

fn sessions(c: &mut Criterion) {
    let list = corpus::sessions(1000);
    case(c, "session", &list[0]);
    case(c, "session_list_1000", &list);
    // Strings that mostly need quoting (dates, URLs, `,` `"` `]`, leading spaces, non-ASCII).
    case(c, "quoted_sessions_1000", &corpus::quoted_sessions(1000));
}

fn borrowed(c: &mut Criterion) {
    let list = corpus::sessions(1000);
    let (jsv, json) = corpus::texts(&list);
    let mut group = c.benchmark_group("session_list_1000/deserialize_borrowed");
    group.throughput(Throughput::Bytes(jsv.len() as u64));
    bench_read(&mut group, "jsv_borrowed", || {
        serde_jsv::from_str::<Vec<corpus::SessionView>>(black_box(&jsv)).unwrap()
    });
    bench_read(&mut group, "jsv_owned", || {
        serde_jsv::from_str::<Vec<corpus::SessionOwned>>(black_box(&jsv)).unwrap()
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    bench_read(&mut group, "json_borrowed", || {
        serde_json::from_str::<Vec<corpus::SessionView>>(black_box(&json)).unwrap()
    });
    bench_read(&mut group, "json_owned", || {
        serde_json::from_str::<Vec<corpus::SessionOwned>>(black_box(&json)).unwrap()
    });
    group.finish();
    // Three members of each session read, the rest (most of the text) skipped.
    let mut group = c.benchmark_group("session_list_1000/deserialize_summary");
    group.throughput(Throughput::Bytes(jsv.len() as u64));
    bench_read(&mut group, "jsv", || {
        serde_jsv::from_str::<Vec<corpus::SessionSummary>>(black_box(&jsv)).unwrap()
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    bench_read(&mut group, "json", || {
        serde_json::from_str::<Vec<corpus::SessionSummary>>(black_box(&json)).unwrap()
    });
    group.finish();
}

fn corpora(c: &mut Criterion) {
    case(c, "twitter", &corpus::twitter());
    case(c, "citm_catalog", &corpus::citm_catalog());
    case(c, "canada", &corpus::canada());
}

criterion_group!(benches, sessions, borrowed, corpora);

/// `criterion_main!`, followed by the table of JSV/JSON ratios of this run.
fn main() {
    let started = std::time::SystemTime::now();
    benches();
    Criterion::default().configure_from_args().final_summary();
    summary::print_ratios(started);
}
