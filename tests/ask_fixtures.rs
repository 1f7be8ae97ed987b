//! `/ask` on a collection its rules were not written from: wire copy about a dam and fishing
//! dispute between Chile and Peru, and a factory opening (`tests/fixtures/wire/`), with questions
//! of every kind written beside the articles (`questions.jsonl`). A short answer must be right or
//! not given; questions the articles cannot answer get none.

mod common;

use std::sync::OnceLock;

use serde::Deserialize;
use treatybot::engine::{Answer, Command, Engine};

#[derive(Deserialize)]
struct Item {
    q: String,
    kind: String,
    file: String,
    answer: String,
    sentence: String,
}

fn items() -> Vec<Item> {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/wire/questions.jsonl"))
        .expect("questions file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("question line"))
        .collect()
}

fn engine() -> &'static Engine {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(common::temp_data_dir);
        common::engine_over(dir.path(), "tests/fixtures/wire", None)
    })
}

fn ask(q: &str) -> Answer {
    let e = engine();
    let cmd = Command::parse(&format!("/ask {q}"), e.max_query_chars()).expect("parses");
    e.seen_by(treatybot::engine::Audience::SHARED)
        .answer(&cmd)
        .expect("answers")
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Right,
    NoAnswer,
    Wrong(String),
}

fn judge(it: &Item, a: &Answer) -> Verdict {
    let Some(s) = &a.short_answer else {
        return if it.kind == "none" {
            Verdict::Right
        } else {
            Verdict::NoAnswer
        };
    };
    let said = treatybot::present::short(
        treatybot::present::Reader::typed(treatybot::present::Lang::En),
        s,
    );
    let right = match it.kind.as_str() {
        "none" => false,
        "yes_no" => s.yes == Some(it.answer == "yes"),
        _ => said.to_lowercase().contains(&it.answer.to_lowercase()),
    };
    if right {
        Verdict::Right
    } else {
        Verdict::Wrong(said)
    }
}

#[test]
fn short_answers_on_unseen_articles_are_right_or_not_given() {
    let items = items();
    assert!(items.len() >= 30, "{} questions", items.len());
    let mut right = 0;
    let mut wrong = Vec::new();
    for it in &items {
        let a = ask(&it.q);
        match judge(it, &a) {
            Verdict::Right => right += 1,
            Verdict::NoAnswer => {}
            Verdict::Wrong(said) => wrong.push(format!("{} → {said} (want {})", it.q, it.answer)),
        }
    }
    assert!(wrong.is_empty(), "wrong short answers: {wrong:#?}");
    // Precision first, but the rules must also answer most questions of every kind.
    assert!(
        right * 4 >= items.len() * 3,
        "only {right} of {} right",
        items.len()
    );
}

#[test]
fn every_short_answer_comes_with_its_sentence_cited_first() {
    for it in items().iter().filter(|it| it.kind != "none") {
        let a = ask(&it.q);
        let Some(s) = &a.short_answer else {
            continue;
        };
        let first = &a.citations[0];
        assert!(
            first.excerpt.contains(&s.evidence),
            "{}: evidence {:?} not in {:?}",
            it.q,
            s.evidence,
            first.excerpt
        );
        assert!((0.0..=1.0).contains(&s.confidence), "{}", s.confidence);
        if !it.sentence.is_empty() && s.evidence == it.sentence {
            assert_eq!(first.source.id, it.file, "{}", it.q);
        }
    }
}

#[test]
fn questions_the_articles_cannot_answer_say_so_and_still_show_passages() {
    for it in items().iter().filter(|it| it.kind == "none") {
        let a = ask(&it.q);
        assert!(a.short_answer.is_none(), "{}: {:?}", it.q, a.short_answer);
        let said = common::said(&a);
        assert!(
            said.contains("do not answer") || said.contains("No mention"),
            "{}: {said}",
            it.q
        );
    }
}

#[test]
fn a_role_needs_its_country() {
    // Both foreign ministers are named; each country gets its own, and a third gets none.
    let chile = ask("Who is Chile's foreign minister?");
    let peru = ask("Who is Peru's foreign minister?");
    let (c, p) = (
        chile.short_answer.expect("Chile's").value,
        peru.short_answer.expect("Peru's").value,
    );
    assert_ne!(c, p);
    assert!(ask("Who is Bolivia's foreign minister?")
        .short_answer
        .is_none());
    // A deputy is not the minister.
    let fisheries = ask("Who is Peru's fisheries minister?")
        .short_answer
        .expect("minister");
    let deputy = ask("Who is Peru's deputy fisheries minister?")
        .short_answer
        .expect("deputy");
    assert_ne!(fisheries.value, deputy.value);
}

#[test]
fn the_question_is_read_for_its_kind_verb_and_role() {
    // Read through the engine's JSON view of the answer: the kind travels with the short answer.
    let kinds = [
        ("Who approved Chile's plan for the dam?", "person"),
        ("How much will the Tarapo dam cost?", "amount"),
        ("How long will it take to build the dam?", "duration"),
        (
            "Did Chile ratify the 1997 treaty on shared rivers?",
            "yes_no",
        ),
    ];
    for (q, kind) in kinds {
        let a = ask(q);
        let json = serde_json::to_value(&a).expect("serialises");
        assert_eq!(json["short_answer"]["kind"], kind, "{q}: {json}");
    }
    // The verb after a named subject must be in the evidence: nothing says when she took office.
    assert!(
        ask("When did Elena Huamán become deputy fisheries minister?")
            .short_answer
            .is_none()
    );
}
