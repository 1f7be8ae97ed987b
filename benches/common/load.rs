//! Closed-loop load for the benches that time an endpoint: `C` clients at once, each sending its
//! next request as soon as the last is answered, and the figures of one step (requests per
//! second, median, p99).
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

/// The latency aimed at: a step counts only when its p99 is under it.
pub const P99_AIM: Duration = Duration::from_millis(100);

/// The `p` quantile (0–1) of sorted times.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// One step's figures: requests per second, median and p99 latency.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// Requests answered per second of the step's wall time.
    pub per_second: f64,
    /// Median latency.
    pub median: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
}

/// The figures of a step that answered `times` in `wall`, printed as one line named `name`.
pub fn report(name: &str, c: usize, mut times: Vec<Duration>, wall: Duration) -> Step {
    times.sort();
    let step = Step {
        per_second: times.len() as f64 / wall.as_secs_f64(),
        median: percentile(&times, 0.5),
        p99: percentile(&times, 0.99),
    };
    println!(
        "{name:<10} C={c:<3} n={:<6} {:>8.1}/s  median {:>8.2?}  p99 {:>8.2?}",
        times.len(),
        step.per_second,
        step.median,
        step.p99
    );
    step
}

/// `c` loops sending their next request as soon as the last is answered, for `seconds`; request
/// `n` of all (worker `w` sends `w`, `w + c`, …). Returns every latency and the wall time.
pub async fn closed_loop<F, Fut>(c: usize, seconds: Duration, one: F) -> (Vec<Duration>, Duration)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let one = Arc::new(one);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..c {
        let one = Arc::clone(&one);
        tasks.spawn(async move {
            let mut times = Vec::new();
            let mut n = worker;
            while started.elapsed() < seconds {
                let t = Instant::now();
                one(n).await;
                times.push(t.elapsed());
                n += c;
            }
            times
        });
    }
    let mut all = Vec::new();
    while let Some(times) = tasks.join_next().await {
        all.extend(times.expect("a client"));
    }
    (all, started.elapsed())
}

/// The fastest of `steps` (concurrency, figures) whose p99 is under [`P99_AIM`].
pub fn best_under_aim(steps: &[(usize, Step)]) -> Option<(usize, Step)> {
    steps
        .iter()
        .filter(|(_, s)| s.p99 < P99_AIM)
        .max_by(|a, b| a.1.per_second.total_cmp(&b.1.per_second))
        .copied()
}

/// Seconds a step runs: `var` from the environment, else `default`.
pub fn step_seconds(var: &str, default: u64) -> Duration {
    Duration::from_secs(
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}
