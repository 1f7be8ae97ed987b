//! The timeline picture's cost, against `/timeline` answered without it, in the same run.
//!
//! Run: `cargo bench --bench picture`. Prints, for `/timeline` on the seeds (its first 25
//! events) and for 40 made-up events with two-line labels (the most a picture draws), the
//! median and p99 of: the answer alone, laying out, drawing the PNG, and the answer with its
//! picture, each as a multiple of the answer alone; then the PNG's size. Rounds are
//! round-robin, so a slow moment of the machine falls on every row alike.

use std::hint::black_box;
use std::time::{Duration, Instant};

use treatybot::config::Settings;
use treatybot::engine::{Audience, Command, Engine, YearSpan};
use treatybot::picture::{self, Drawing, Event};

const ROUNDS: usize = 200;

/// One timed row: its name and the work.
type Row<'a> = (&'static str, Box<dyn Fn() + 'a>);

fn engine(dir: &std::path::Path) -> Engine {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Settings::defaults();
    s.data_dir = dir.to_path_buf();
    s.seeds_dir = root.join("seeds");
    s.places_file = root.join("config/places.toml");
    Engine::open(&s).expect("engine opens").0
}

fn quantiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p99 = ((times.len() as f64 * 0.99).ceil() as usize).saturating_sub(1);
    (ms(times[times.len() / 2]), ms(times[p99]))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine(dir.path());
    let scoped = engine.seen_by(Audience::SHARED);
    let cmd = Command::timeline(YearSpan::default());
    let answer = scoped.answer(&cmd).expect("answered");
    let seeds = picture::drawing(&answer, treatybot::present::Lang::En).expect("a picture");
    let most = Drawing {
        title: "Dated events (40 of 40)".into(),
        events: (0..40)
            .map(|i| Event {
                year: 1945 + i / 2,
                date: format!("{} October {}", 1 + i % 28, 1945 + i / 2),
                label: "the Soviet Union and Japan signed a joint declaration ending the state of war and restoring relations".into(),
                number: i as usize + 1,
            })
            .collect(),
    };
    let rows: [Row; 6] = [
        (
            "/timeline (answer alone)",
            Box::new(|| {
                black_box(scoped.answer(black_box(&cmd)).unwrap());
            }),
        ),
        (
            "lay out (25 events)",
            Box::new(|| {
                black_box(picture::lay_out(black_box(&seeds)).unwrap());
            }),
        ),
        (
            "draw PNG (25 events)",
            Box::new(|| {
                black_box(picture::render(black_box(&seeds)).unwrap());
            }),
        ),
        (
            "/timeline with its PNG",
            Box::new(|| {
                let a = scoped.answer(black_box(&cmd)).unwrap();
                black_box(
                    picture::render_answer(&a, treatybot::present::Lang::En)
                        .unwrap()
                        .unwrap(),
                );
            }),
        ),
        (
            "draw PNG (40 events, 2-line labels)",
            Box::new(|| {
                black_box(picture::render(black_box(&most)).unwrap());
            }),
        ),
        (
            "/timeline again (drift check)",
            Box::new(|| {
                black_box(scoped.answer(black_box(&cmd)).unwrap());
            }),
        ),
    ];
    for (_, f) in &rows {
        f();
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); rows.len()];
    for _ in 0..ROUNDS {
        for (i, (_, f)) in rows.iter().enumerate() {
            let t = Instant::now();
            f();
            times[i].push(t.elapsed());
        }
    }
    let results: Vec<(f64, f64)> = times.into_iter().map(quantiles).collect();
    let base = results[0].0;
    println!("| what | median ms | p99 ms | × /timeline alone |");
    println!("| --- | --- | --- | --- |");
    for ((name, _), (median, p99)) in rows.iter().zip(&results) {
        println!(
            "| {name} | {median:.3} | {p99:.3} | {:.0}× |",
            median / base
        );
    }
    let png = picture::render(&seeds).unwrap();
    let big = picture::render(&most).unwrap();
    let l = picture::lay_out(&most).unwrap();
    println!(
        "\nPNG: 25 events {} bytes ({}×{}); 40 events {} bytes ({}×{})",
        png.len(),
        picture::lay_out(&seeds).unwrap().width,
        picture::lay_out(&seeds).unwrap().height,
        big.len(),
        l.width,
        l.height
    );
}
