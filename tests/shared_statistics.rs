//! What one server's additions change for others. Nothing of what a server adds is cited,
//! suggested or quizzed elsewhere (`tests/servers_apart.rs`), but tantivy's BM25 statistics
//! (document frequencies, average field lengths) are index-wide, so the order in which other
//! audiences' passages rank can shift. This measures how often: the shared `/ask` and `/search`
//! answers over the seeds and `tests/fixtures/news.jsonl`, before and after server A adds 1, 10
//! and 100 generated articles, and how many change their first citation or short answer.
//!
//! Run (it prints the table the README quotes):
//! `cargo test --test shared_statistics -- --ignored --nocapture`

mod common;

use std::collections::BTreeSet;

use treatybot::engine::{Audience, Engine, QuizScope, ServerId};
use treatybot::ingest::{self, IngestOptions};

#[allow(dead_code)]
#[path = "common/generated.rs"]
mod generated;

const A: ServerId = ServerId(1_200_000_000_000_000_201);
const B: ServerId = ServerId(1_200_000_000_000_000_202);

/// What a front end shows first: the first citation (article and paragraph) and, for `/ask`,
/// the short answer.
type Shown = (Option<(String, Option<usize>)>, Option<String>);

/// The `/ask` and `/search` lines the tests ask of the seeds, one `/ask Who is the ROLE?` per
/// role the shared register holds, and a `/search` of the first six words of every shared
/// passage.
fn queries(engine: &Engine) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    let root = common::root();
    for file in [
        "tests/answers.rs",
        "benches/common/cases.rs",
        "tests/remove.rs",
    ] {
        let text = std::fs::read_to_string(root.join(file)).expect("reads");
        for part in text.split('"').skip(1).step_by(2) {
            if (part.starts_with("/ask ") || part.starts_with("/search ")) && !part.contains('\\') {
                out.insert(part.to_string());
            }
        }
    }
    let shared = engine.seen_by(Audience::SHARED);
    for p in shared.people() {
        for r in p.roles.iter().take(2) {
            out.insert(format!(
                "/ask Who is the {}?",
                r.role.trim_start_matches("the ")
            ));
        }
    }
    for p in shared.quiz_passages(&QuizScope::Everything, 1000).unwrap() {
        let first = p
            .sentences
            .first()
            .map_or(p.text.as_str(), |s| &p.text[s.clone()]);
        let words: Vec<&str> = first.split_whitespace().take(6).collect();
        if words.len() == 6 {
            out.insert(format!("/search {}", words.join(" ")));
        }
    }
    out.into_iter().collect()
}

fn shown(engine: &Engine, audience: Audience, line: &str) -> Shown {
    let Ok(cmd) = engine.parse(line) else {
        return (None, None);
    };
    let a = engine.seen_by(audience).answer(&cmd).expect("answers");
    assert!(
        a.citations.iter().all(|c| c.source.server.is_none()),
        "{line}: another server's article cited"
    );
    (
        a.citations
            .first()
            .map(|c| (c.source.id.clone(), c.source.paragraph)),
        a.short_answer.map(|s| s.value),
    )
}

/// Generated article `i` for server A; `on_topic` adds a sentence naming one of the islands,
/// so it ranks with the dispute's articles.
fn write_batch(path: &std::path::Path, from: usize, to: usize, on_topic: bool) {
    let mut out = String::new();
    for i in from..to {
        let mut text = generated::text(i);
        if on_topic {
            text.push_str("\n\nThe delegations also spoke of fishing boats near Kunashir.");
        }
        let row = serde_json::json!({
            "id": format!("a-{i}"),
            "title": format!("Fishery talks, round {i}"),
            "date": format!("20{:02}-0{}-1{}", 10 + i % 10, 1 + i % 9, i % 10),
            "text": text,
        });
        out.push_str(&format!("{row}\n"));
    }
    std::fs::write(path, out).expect("batch writes");
}

#[test]
#[ignore = "a measurement for the README: run with --ignored --nocapture"]
fn what_a_servers_additions_change_for_other_audiences() {
    for on_topic in [false, true] {
        let dir = common::temp_data_dir();
        let settings = common::settings(dir.path());
        let news = common::root().join("tests/fixtures/news.jsonl");
        let opts = IngestOptions::from_settings(&settings);
        ingest::ingest(&settings, &[news], opts).expect("shared ingest");
        let (engine, _) = Engine::open(&settings).expect("engine opens");
        let lines = queries(&engine);
        let asks = lines.iter().filter(|l| l.starts_with("/ask")).count();
        let before: Vec<(Shown, Shown)> = lines
            .iter()
            .map(|l| {
                (
                    shown(&engine, Audience::SHARED, l),
                    shown(&engine, Audience::server(B), l),
                )
            })
            .collect();
        eprintln!(
            "\nserver A adds generated articles {} ({} /ask and {} /search lines):",
            if on_topic {
                "about the dispute"
            } else {
                "off the topic"
            },
            asks,
            lines.len() - asks
        );
        eprintln!("| added by A | first citation changed | /ask short answer changed | same for server B |");
        eprintln!("|---|---|---|---|");
        let mut added = 0;
        for n in [1, 10, 100] {
            let batch = dir.path().join(format!("batch-{n}.jsonl"));
            write_batch(&batch, added, n, on_topic);
            let opts = IngestOptions {
                server: Some(A),
                ..IngestOptions::from_settings(&settings)
            };
            let report = ingest::ingest(&settings, &[batch], opts).expect("server ingest");
            assert_eq!(report.added, n - added, "{report:?}");
            added = n;
            engine.refresh().expect("refreshes");
            let (mut cited, mut short, mut same_b) = (0, 0, true);
            let mut changed = Vec::new();
            for (line, (was, was_b)) in lines.iter().zip(&before) {
                let now = shown(&engine, Audience::SHARED, line);
                let now_b = shown(&engine, Audience::server(B), line);
                if now != *was {
                    changed.push(line.as_str());
                }
                cited += usize::from(now.0 != was.0);
                short += usize::from(now.1 != was.1);
                same_b &= (now != *was) == (now_b != *was_b);
            }
            eprintln!(
                "| {n} | {cited} of {} | {short} of {asks} | {} |",
                lines.len(),
                if same_b { "yes" } else { "no" }
            );
            if n == 100 {
                eprintln!("changed at 100: {changed:?}");
            }
        }
    }
}
