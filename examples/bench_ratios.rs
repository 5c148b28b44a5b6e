//! Prints a table of JSV/serde_json speed ratios on the benchmark data of
//! `benches/jsv_vs_json.rs`:
//!
//! ```text
//! cargo run --release --example bench_ratios --features evo-voice
//! ```
//!
//! "serialize" writes into a reserved `Vec` with `to_writer`, "serialize to_string" builds a
//! new `String` each time. Each case runs 15 timed rounds (`BENCH_ROUNDS` changes how many)
//! of ~50 ms for each format; JSV and JSON blocks alternate, in alternating order, so that load
//! and cache warmth on this noisy machine fall on both formats alike. Times are the medians
//! over the rounds; "speed" is the median over the rounds of JSON time / JSV time for the same
//! value (>1 means JSV is faster per object), "best" the ratio of the two best times, "MB/s"
//! the speed per byte of each format's own text. `BENCH_ONLY=session_list` runs only the rows
//! whose name holds that text (`BENCH_ONLY="session_list_1000 deserialize"`: one direction).
//!
//! A "deserialize" row times each read up to the value it returns, and drops the value after
//! the clock stops (`benches/read_timing/mod.rs` says why; the criterion benchmarks do the
//! same). `BENCH_TIME_DROP=1` times the drop too (the table before 2026-12-05).

#[cfg(feature = "evo-voice")]
#[path = "../benches/corpus/mod.rs"]
mod corpus;
#[cfg(feature = "evo-voice")]
#[path = "../benches/read_timing/mod.rs"]
mod read_timing;

#[cfg(not(feature = "evo-voice"))]
fn main() {
    eprintln!("bench_ratios needs the session models: --features evo-voice");
}

#[cfg(feature = "evo-voice")]
fn main() {
    imp::run();
}

#[cfg(feature = "evo-voice")]
mod imp {
    use std::hint::black_box;
    use std::time::{Duration, Instant};

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};

    use super::{corpus, read_timing};

    /// How many blocks of one call take about 50 ms, hence how many calls make a block.
    fn calibrate(block: &mut impl FnMut(u32) -> f64) -> u32 {
        let start = Instant::now();
        let mut calls = 0u32;
        while start.elapsed() < Duration::from_millis(50) {
            block(1);
            calls += 1;
        }
        calls.max(1)
    }

    /// JSV's and serde_json's times per call of the same work, timed in interleaved rounds.
    #[derive(Clone, Copy)]
    struct Pair {
        /// Median time per call over the rounds.
        jsv: Duration,
        json: Duration,
        /// Median over the rounds of JSON time / JSV time, each round's two blocks run back
        /// to back: the issue's measure, and the one least moved by load that drifts.
        speed: f64,
        /// Best JSON time / best JSV time: the figure earlier tables reported.
        best_speed: f64,
    }

    fn median(values: &mut [f64]) -> f64 {
        values.sort_by(f64::total_cmp);
        let middle = values.len() / 2;
        if values.len() % 2 == 1 {
            values[middle]
        } else {
            (values[middle - 1] + values[middle]) / 2.0
        }
    }

    /// A block of `calls` calls of `f`, timed as a whole: seconds per call.
    fn whole(mut f: impl FnMut()) -> impl FnMut(u32) -> f64 {
        move |calls| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            (start.elapsed() / calls).as_secs_f64()
        }
    }

    /// A block of `calls` reads: each timed up to the value it returns, which is dropped
    /// after the clock stops (see the module docs; `BENCH_TIME_DROP=1` times the drop too).
    fn reads<T>(mut read: impl FnMut() -> T) -> impl FnMut(u32) -> f64 {
        let time_drop = std::env::var_os("BENCH_TIME_DROP").is_some_and(|v| v != "0");
        move |calls| {
            if time_drop {
                return whole(|| drop(black_box(read())))(calls);
            }
            (read_timing::time_reads(calls.into(), &mut read) / calls).as_secs_f64()
        }
    }

    /// Times the blocks `jsv` and `json` in alternating rounds (and in alternating order), so
    /// that load changes and cache warmth fall on both alike.
    fn time_pair(mut jsv: impl FnMut(u32) -> f64, mut json: impl FnMut(u32) -> f64) -> Pair {
        let rounds: u32 = std::env::var("BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(15)
            .max(1);
        let jsv_calls = calibrate(&mut jsv);
        let json_calls = calibrate(&mut json);
        let (mut jsv_times, mut json_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let (jsv_time, json_time) = if round % 2 == 0 {
                let jsv_time = jsv(jsv_calls);
                (jsv_time, json(json_calls))
            } else {
                let json_time = json(json_calls);
                (jsv(jsv_calls), json_time)
            };
            jsv_times.push(jsv_time);
            json_times.push(json_time);
            ratios.push(json_time / jsv_time);
        }
        let best = |times: &[f64]| times.iter().copied().fold(f64::INFINITY, f64::min);
        Pair {
            best_speed: best(&json_times) / best(&jsv_times),
            jsv: Duration::from_secs_f64(median(&mut jsv_times)),
            json: Duration::from_secs_f64(median(&mut json_times)),
            speed: median(&mut ratios),
        }
    }

    /// [`time_pair`] of reading `jsv` and `json` into `T`. `T` may borrow from the texts
    /// (the borrowed session view), hence the lifetime rather than `DeserializeOwned`.
    fn time_reads<'a, T: Deserialize<'a>>(jsv: &'a str, json: &'a str) -> Pair {
        time_pair(
            reads(|| serde_jsv::from_str::<T>(black_box(jsv)).unwrap()),
            reads(|| serde_json::from_str::<T>(black_box(json)).unwrap()),
        )
    }

    fn row(name: &str, jsv_len: usize, json_len: usize, pair: Pair) {
        let mbs = |len: usize, t: Duration| len as f64 / t.as_secs_f64() / 1e6;
        println!(
            "| {name:<44} | {:>10.1?} | {:>10.1?} | {:>7.0} | {:>7.0} | {:>6.2}x | {:>6.2}x | {:>6.2}x |",
            pair.jsv,
            pair.json,
            mbs(jsv_len, pair.jsv),
            mbs(json_len, pair.json),
            pair.speed,
            pair.best_speed,
            pair.speed * jsv_len as f64 / json_len as f64,
        );
    }

    /// Whether the row named `name` runs: `BENCH_ONLY=text` keeps the rows whose name
    /// holds `text`.
    fn selected(name: &str) -> bool {
        std::env::var("BENCH_ONLY").map_or(true, |only| name.contains(&only))
    }

    fn case<T: Serialize + DeserializeOwned>(name: &str, value: &T) {
        let ser_name = format!("{name} serialize");
        let string_name = format!("{name} serialize to_string");
        let de_name = format!("{name} deserialize");
        if ![&ser_name, &string_name, &de_name]
            .iter()
            .any(|row| selected(row))
        {
            return;
        }
        let (jsv, json) = corpus::texts(value);
        let mut jsv_buffer = Vec::with_capacity(jsv.len() + 64);
        let mut json_buffer = Vec::with_capacity(json.len() + 64);
        if selected(&ser_name) {
            let ser = time_pair(
                whole(|| {
                    jsv_buffer.clear();
                    serde_jsv::to_writer(&mut jsv_buffer, black_box(value)).unwrap();
                }),
                whole(|| {
                    json_buffer.clear();
                    serde_json::to_writer(&mut json_buffer, black_box(value)).unwrap();
                }),
            );
            row(&ser_name, jsv.len(), json.len(), ser);
        }
        // The other common call: a new `String` each time, which both grow as they write (and
        // which spares JSV the copy from its staging buffer into the writer).
        if selected(&string_name) {
            let string = time_pair(
                whole(|| drop(black_box(serde_jsv::to_string(black_box(value)).unwrap()))),
                whole(|| drop(black_box(serde_json::to_string(black_box(value)).unwrap()))),
            );
            row(&string_name, jsv.len(), json.len(), string);
        }
        if selected(&de_name) {
            let de = time_reads::<T>(&jsv, &json);
            row(&de_name, jsv.len(), json.len(), de);
        }
    }

    pub fn run() {
        // `BENCH_PROFILE=ser|ser-writer|de` (or `-json`) runs one direction on one value 20 times,
        // for a profiler (`valgrind --tool=callgrind`, `perf record`; on a virtual machine
        // without hardware counters `perf record -e cpu-clock` still samples where the time
        // goes); `BENCH_DATA=canada|citm_catalog|twitter|quoted|log|sessions-owned|
        // sessions-borrowed|sessions-summary` picks the value (the session list by default).
        if let Ok(what) = std::env::var("BENCH_PROFILE") {
            match std::env::var("BENCH_DATA").as_deref() {
                Ok("canada") => profile(&what, &corpus::canada()),
                Ok("citm_catalog") => profile(&what, &corpus::citm_catalog()),
                Ok("twitter") => profile(&what, &corpus::twitter()),
                Ok("quoted") => profile(&what, &corpus::quoted_sessions(1000)),
                Ok("log") => profile(&what, &corpus::log_entries(&corpus::sessions(1000))),
                Ok("sessions-owned") => profile_owned_view(&what),
                Ok("sessions-borrowed") => profile_borrowed_view(&what),
                Ok("sessions-summary") => profile_summary(&what),
                _ => profile(&what, &corpus::sessions(1000)),
            }
            return;
        }
        println!(
            "| case{:<40} | JSV time   | JSON time  | JSV MB/s | JSON MB/s | speed   | best    | MB/s    |",
            ""
        );
        println!(
            "|{:-<46}|{:-<12}|{:-<12}|{:-<9}|{:-<9}|{:-<9}|{:-<9}|{:-<9}|",
            "", "", "", "", "", "", "", ""
        );
        let list = corpus::sessions(1000);
        case("session (one SessionInfo)", &list[0]);
        case("session_list_1000", &list);
        let quoted = corpus::quoted_sessions(1000);
        let share = corpus::quoted_share(&quoted);
        assert!(
            share >= 1.0 / 3.0,
            "quoted_sessions: only {share:.2} quoted"
        );
        case(
            &format!("quoted_sessions_1000 ({:.0}% quoted)", 100.0 * share),
            &quoted,
        );
        // Many small objects: every log entry of the session list, two members each. Each
        // object costs its reader a fixed set-up, which a list of small ones shows alone.
        case(
            "session_log_entries (two-member structs)",
            &corpus::log_entries(&list),
        );
        case("twitter", &corpus::twitter());
        case("citm_catalog", &corpus::citm_catalog());
        case("canada", &corpus::canada());
        session_list_variants(&list);
    }

    /// How many rounds a profile runs: 20, or `BENCH_PROFILE_ROUNDS` (more samples for a
    /// sampling profiler on small values).
    fn profile_rounds() -> usize {
        std::env::var("BENCH_PROFILE_ROUNDS")
            .ok()
            .and_then(|rounds| rounds.parse().ok())
            .unwrap_or(20)
    }

    /// 20 rounds of one direction (`ser`, `de`, `ser-json`, `de-json`) on `value`.
    fn profile<T: Serialize + DeserializeOwned>(what: &str, value: &T) {
        let (jsv, json) = corpus::texts(value);
        // `ser-writer`: the table's "serialize" row, `to_writer` into a reserved `Vec`.
        let mut buffer = Vec::with_capacity(jsv.len().max(json.len()) + 64);
        for _ in 0..profile_rounds() {
            match what {
                "ser" => drop(black_box(serde_jsv::to_string(black_box(value)).unwrap())),
                "ser-json" => drop(black_box(serde_json::to_string(black_box(value)).unwrap())),
                "ser-writer" => {
                    buffer.clear();
                    serde_jsv::to_writer(&mut buffer, black_box(value)).unwrap();
                }
                "ser-writer-json" => {
                    buffer.clear();
                    serde_json::to_writer(&mut buffer, black_box(value)).unwrap();
                }
                "de" => drop(black_box(
                    serde_jsv::from_str::<T>(black_box(&jsv)).unwrap(),
                )),
                "de-json" => drop(black_box(
                    serde_json::from_str::<T>(black_box(&json)).unwrap(),
                )),
                other => panic!(
                    "BENCH_PROFILE={other}: expected ser, ser-writer, de or their -json forms"
                ),
            }
        }
    }

    /// 20 reads (`de` or `de-json`) of the session list into `SessionOwned`, a struct that
    /// reads 9 of its members and skips the rest.
    fn profile_owned_view(what: &str) {
        let (jsv, json) = corpus::texts(&corpus::sessions(1000));
        profile_reads::<Vec<corpus::SessionOwned>>(what, &jsv, &json);
    }

    /// 20 reads (`de` or `de-json`) of the session list into `SessionView`, the borrowed
    /// view of the same members as `SessionOwned`.
    fn profile_borrowed_view(what: &str) {
        let (jsv, json) = corpus::texts(&corpus::sessions(1000));
        profile_reads::<Vec<corpus::SessionView<'_>>>(what, &jsv, &json);
    }

    /// 20 reads (`de` or `de-json`) of the session list into `SessionSummary`, three
    /// members of each session, the rest skipped.
    fn profile_summary(what: &str) {
        let (jsv, json) = corpus::texts(&corpus::sessions(1000));
        profile_reads::<Vec<corpus::SessionSummary<'_>>>(what, &jsv, &json);
    }

    /// [`profile_rounds`] reads (`de` or `de-json`) of `jsv` or `json` into `T`.
    fn profile_reads<'a, T: Deserialize<'a>>(what: &str, jsv: &'a str, json: &'a str) {
        for _ in 0..profile_rounds() {
            match what {
                "de" => drop(black_box(serde_jsv::from_str::<T>(black_box(jsv)).unwrap())),
                "de-json" => drop(black_box(
                    serde_json::from_str::<T>(black_box(json)).unwrap(),
                )),
                other => panic!("BENCH_PROFILE={other}: expected de or de-json"),
            }
        }
    }

    /// The session list read into borrowed and owned views of the same fields.
    fn session_list_variants(list: &[serde_jsv::evo_voice::SessionInfo]) {
        const BORROWED: &str = "session_list_1000 deserialize borrowed &str";
        const OWNED: &str = "session_list_1000 deserialize owned String";
        const SUMMARY: &str = "session_list_1000 deserialize summary (3 of 41 members)";
        if !selected(BORROWED) && !selected(OWNED) && !selected(SUMMARY) {
            return;
        }
        let (jsv, json) = corpus::texts(&list);
        // Most of the text skipped: the shape of a list page that reads a few members.
        if selected(SUMMARY) {
            let summary = time_reads::<Vec<corpus::SessionSummary<'_>>>(&jsv, &json);
            row(SUMMARY, jsv.len(), json.len(), summary);
        }
        let borrowed =
            selected(BORROWED).then(|| time_reads::<Vec<corpus::SessionView<'_>>>(&jsv, &json));
        if let Some(borrowed) = borrowed {
            row(BORROWED, jsv.len(), json.len(), borrowed);
        }
        let owned = selected(OWNED).then(|| time_reads::<Vec<corpus::SessionOwned>>(&jsv, &json));
        if let Some(owned) = owned {
            row(OWNED, jsv.len(), json.len(), owned);
        }
        let (Some(borrowed), Some(owned)) = (borrowed, owned) else {
            return;
        };
        println!();
        println!(
            "borrowed vs owned (same fields): JSV {:.2}x faster borrowed, JSON {:.2}x",
            owned.jsv.as_secs_f64() / borrowed.jsv.as_secs_f64(),
            owned.json.as_secs_f64() / borrowed.json.as_secs_f64()
        );
        println!(
            "text size, 1000 sessions: JSV {} bytes, JSON {} bytes ({:.0}%)",
            jsv.len(),
            json.len(),
            100.0 * jsv.len() as f64 / json.len() as f64
        );
    }
}
