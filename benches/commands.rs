//! Each command on the seed corpus, against a bare tantivy BM25 query on the same index.
//!
//! Run: `cargo bench --bench commands`. The `baseline_bm25` row is tantivy's own query parser
//! and `TopDocs` over the passage text; divide a command's time by it for the engine's overhead.

#[path = "common/cases.rs"]
mod cases;

use std::hint::black_box;

use cases::CASES;
use criterion::{criterion_group, criterion_main, Criterion};
use treatybot::config::Settings;
use treatybot::engine::{Command, Engine};

fn engine(dir: &std::path::Path) -> Engine {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Settings::defaults();
    s.data_dir = dir.to_path_buf();
    s.seeds_dir = root.join("seeds");
    s.places_file = root.join("config/places.toml");
    Engine::open(&s).expect("engine opens").0
}

fn commands(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(dir.path());
    let mut group = c.benchmark_group("seeds");
    group.bench_function("baseline_bm25", |b| {
        b.iter(|| {
            engine
                .baseline_search(black_box("Putin expected to visit Japan"), 5)
                .unwrap()
        })
    });
    for (name, line) in CASES {
        let cmd = Command::parse(line, 200).expect("valid command");
        group.bench_function(name, |b| {
            b.iter(|| {
                engine
                    .seen_by(treatybot::engine::Audience::SHARED)
                    .answer(black_box(&cmd))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = commands
}
criterion_main!(benches);
