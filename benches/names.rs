//! What reading a name in Cyrillic or kana costs: `/who` and its autocomplete with the name typed
//! in Latin letters, in Cyrillic and in katakana, in the same run, each as a multiple of the
//! Latin one. Criterion-free, as `benches/scale.rs`: median and p99 of many rounds.
//!
//! ```text
//! cargo bench --bench names                                       # the seeds
//! cargo bench --bench names -- --csv /tmp/tmt/NewsArticles.csv    # the seeds and the dataset
//! ```
//! With `--csv`, the collection is ingested into a temporary data directory first, so the people
//! register is the dataset's (thousands of people) rather than the seeds' few dozen.

#[path = "common/cases.rs"]
mod cases;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use treatybot::engine::{Audience, Command, CommandKind, Engine};
use treatybot::ingest::{self, IngestOptions};

/// Rounds per figure.
const ROUNDS: usize = 300;

/// (what is measured, Latin, Cyrillic, katakana).
const NAMES: [(&str, &str, &str, &str); 3] = [
    ("/who, a surname", "Lavrov", "Лавров", "ラブロフ"),
    (
        "/who, a full name",
        "Grigory Karasin",
        "Григорий Карасин",
        "グリゴリー・カラシン",
    ),
    ("/who, nobody", "Zelensky", "Зеленский", "ゼレンスキー"),
];

/// (what is measured, Latin, Cyrillic, katakana) typed into `/who`'s name box.
const TYPED: [(&str, &str, &str, &str); 2] = [
    ("autocomplete, 2 letters", "la", "Ла", "ラ"),
    ("autocomplete, a prefix", "lav", "Лав", "ラブ"),
];

fn percentiles(mut sample: Vec<Duration>) -> (f64, f64) {
    sample.sort_unstable();
    let at = |q: f64| sample[((sample.len() - 1) as f64 * q).round() as usize];
    (at(0.5).as_secs_f64() * 1e6, at(0.99).as_secs_f64() * 1e6)
}

fn time(mut f: impl FnMut()) -> (f64, f64) {
    f();
    percentiles(
        (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn report(engine: &Engine, label: &str) {
    let scoped = engine.seen_by(Audience::SHARED);
    println!(
        "\n### {label}: {} people in the register\n",
        scoped.people().len()
    );
    println!("| what | Latin µs median / p99 | Cyrillic µs (÷ Latin) | katakana µs (÷ Latin) |");
    println!("| --- | --- | --- | --- |");
    let row = |what: &str, figures: [(f64, f64); 3]| {
        let [l, c, k] = figures;
        println!(
            "| {what} | {:.0} / {:.0} | {:.0} / {:.0} ({:.2}×) | {:.0} / {:.0} ({:.2}×) |",
            l.0,
            l.1,
            c.0,
            c.1,
            c.0 / l.0,
            k.0,
            k.1,
            k.0 / l.0
        );
    };
    for (what, latin, cyr, kana) in NAMES {
        let figures = [latin, cyr, kana].map(|name| {
            let cmd = Command::parse(&format!("/who {name}"), 200).expect("parses");
            time(|| {
                std::hint::black_box(scoped.answer(&cmd).expect("answers"));
            })
        });
        row(what, figures);
    }
    for (what, latin, cyr, kana) in TYPED {
        let figures = [latin, cyr, kana].map(|typed| {
            time(|| {
                std::hint::black_box(scoped.suggest(CommandKind::Who, typed, 25));
            })
        });
        row(what, figures);
    }
}

fn main() {
    let mut csv: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--csv" {
            csv = args.next().map(PathBuf::from);
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let s = cases::settings(dir.path());
    let engine = Engine::open(&s).expect("engine opens").0;
    report(&engine, "seeds");
    if let Some(csv) = csv {
        ingest::ingest(&s, &[csv], IngestOptions::from_settings(&s)).expect("ingest");
        engine.refresh().expect("refresh");
        report(&engine, "seeds and the dataset (×1)");
    }
}
