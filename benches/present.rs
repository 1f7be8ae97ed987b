//! The presentation layer's cost: each command answered by the engine, against the same answer
//! then worded for a reader (its first line, and its Discord pages) in English, Japanese and
//! Russian, in the same run.
//!
//! Run: `cargo bench --bench present`. Divide a `worded_*` row by its `engine` row for what
//! wording an answer from the Fluent catalogues adds.

#[path = "common/cases.rs"]
mod cases;

use std::hint::black_box;

use cases::CASES;
use criterion::{criterion_group, criterion_main, Criterion};
use treatybot::engine::{Audience, Command, Engine};
use treatybot::present::{self, Lang, Reader};

fn wording(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = Engine::open(&cases::settings(dir.path()))
        .expect("engine opens")
        .0;
    let scoped = engine.seen_by(Audience::SHARED);
    let mut group = c.benchmark_group("present");
    for (name, line) in CASES {
        let cmd = Command::parse(line, 200).expect("valid command");
        group.bench_function(format!("{name}/engine"), |b| {
            b.iter(|| scoped.answer(black_box(&cmd)).unwrap())
        });
        for lang in Lang::ALL {
            let reader = Reader::picker(lang);
            group.bench_function(format!("{name}/worded_{lang}"), |b| {
                b.iter(|| {
                    let a = scoped.answer(black_box(&cmd)).unwrap();
                    black_box(present::headline(&a, reader));
                    black_box(treatybot::discord::render::pages(&a, reader));
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = wording
}
criterion_main!(benches);
