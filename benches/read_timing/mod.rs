//! How the benchmarks time a read: up to the value it returns, with the value dropped after
//! the clock stops, as serde_json's own benchmark does (serde-rs/json-benchmark, "Drop after
//! the timer stops"). Freeing the value is the same code on the same allocations whichever
//! format built it, and not the reader's work. One definition for `bench_ratios` and the
//! criterion benchmarks, so that the two tools measure the same thing.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// `iters` calls of `read`, each timed up to the value it returns; the value is dropped
/// after the clock stops. The total time.
pub fn time_reads<T>(iters: u64, mut read: impl FnMut() -> T) -> Duration {
    let mut reading = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let value = black_box(read());
        reading += start.elapsed();
        drop(value);
    }
    reading
}
