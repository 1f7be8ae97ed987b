//! What reading one web page costs, through the reader every addition uses
//! (`corpus::html::read_page`: decoding, flattening past 256 levels, rs-trafilatura on a reader
//! thread of its own), against rs-trafilatura called directly on the same bytes (the baseline,
//! same run), for an ordinary article page and for the shapes a hostile member can send: deep
//! nesting and a page of tens of thousands of paragraphs.
//!
//! ```text
//! cargo bench --bench pages
//! ```
//! The baseline is skipped where it would run for minutes (nesting past 5,000: its time grows
//! with the square of the depth); those rows say so.

use std::time::{Duration, Instant};

use treatybot::corpus::html::{read_page, ReadLimits};

struct Case {
    name: &'static str,
    page: Vec<u8>,
    rounds: usize,
    baseline: bool,
}

fn nested(depth: usize) -> Vec<u8> {
    let mut s = String::from("<html><head><title>Nested</title></head><body>");
    s.push_str(&"<div>".repeat(depth));
    s.push_str(
        "<p>The kelp cooperative voted on Monday to extend its harvest season by two weeks, \
         after divers reported thick beds along the northern shore of the bay.</p>",
    );
    s.push_str(&"</div>".repeat(depth));
    s.push_str("</body></html>");
    s.into_bytes()
}

fn paragraphs(n: usize) -> Vec<u8> {
    let mut s = String::from("<html><head><title>Long</title></head><body><article>");
    for i in 0..n {
        s.push_str(&format!(
            "<p>Paragraph {i}: the pilots measured the channel again, found the sandbar had \
             moved north, and asked the board for a second dredger before the storms.</p>"
        ));
    }
    s.push_str("</article></body></html>");
    s.into_bytes()
}

fn time(rounds: usize, mut f: impl FnMut()) -> Duration {
    let mut all: Vec<Duration> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    all.sort();
    all[all.len() / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ordinary = std::fs::read(root.join("tests/fixtures/web/harbour_talks.html"))
        .expect("tests/fixtures/web/harbour_talks.html");
    let cases = [
        Case {
            name: "article page (fixture)",
            page: ordinary,
            rounds: 200,
            baseline: true,
        },
        Case {
            name: "5,000 nested divs",
            page: nested(5_000),
            rounds: 3,
            baseline: true,
        },
        Case {
            name: "50,000 nested divs",
            page: nested(50_000),
            rounds: 5,
            baseline: false,
        },
        Case {
            name: "1,600,000 div tags (8 MB)",
            page: nested(800_000),
            rounds: 3,
            baseline: false,
        },
        Case {
            name: "2,000 paragraphs",
            page: paragraphs(2_000),
            rounds: 5,
            baseline: true,
        },
        Case {
            name: "60,000 paragraphs (6.8 MB)",
            page: paragraphs(60_000),
            rounds: 3,
            baseline: true,
        },
    ];
    let limits = ReadLimits {
        seconds: 60,
        ..ReadLimits::default()
    };
    println!(
        "| page | bytes | read_page median | rs-trafilatura alone | ratio | outcome |\n|---|---|---|---|---|---|"
    );
    for case in &cases {
        let mut outcome = String::new();
        let ours = time(case.rounds, || {
            outcome = match read_page(&case.page, None, &limits) {
                Ok(p) => match p.cut {
                    Some(c) => format!("{} paragraphs, cut: {c}", p.paragraphs.len()),
                    None => format!("{} paragraphs", p.paragraphs.len()),
                },
                Err(e) => format!("refused: {e}"),
            };
        });
        let (baseline, ratio) = if case.baseline {
            let theirs = time(case.rounds, || {
                let _ = std::hint::black_box(rs_trafilatura::extract_bytes(&case.page));
            });
            (
                format!("{:.1} ms", theirs.as_secs_f64() * 1e3),
                format!("{:.3}", ours.as_secs_f64() / theirs.as_secs_f64()),
            )
        } else {
            ("not run (minutes)".to_string(), "–".to_string())
        };
        println!(
            "| {} | {} | {:.1} ms | {baseline} | {ratio} | {outcome} |",
            case.name,
            case.page.len(),
            ours.as_secs_f64() * 1e3
        );
    }
}
