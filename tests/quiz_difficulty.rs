//! Quiz difficulty on articles the rule was not written from: the quiz-fairness fixtures (a
//! skerry dispute between Sweden and Finland) and the wire fixtures (a river dispute between
//! Chile and Peru). Easy asks only who, when and where of a person, place or year that at least
//! `CORE_ARTICLES` of the articles name; hard asks everything, those included.

mod common;

use std::collections::BTreeSet;

use treatybot::engine::{Audience, Engine};
use treatybot::quiz::{self, Difficulty, Kind, Question, CORE_ARTICLES};

const FIXTURES: [&str; 2] = ["tests/fixtures/quiz_fair", "tests/fixtures/wire"];

/// Each fixture article's text, lower-cased, read from the folder itself (not through the
/// engine the rule runs in).
fn articles(folder: &str) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(common::root().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            out.push(std::fs::read_to_string(path).unwrap().to_lowercase());
        }
    }
    out
}

/// How many of the articles write `answer` as a whole word or name.
fn articles_naming(texts: &[String], answer: &str) -> usize {
    let needle = answer.to_lowercase();
    texts
        .iter()
        .filter(|t| {
            t.match_indices(&needle).any(|(at, _)| {
                let before = t[..at].chars().next_back();
                let after = t[at + needle.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .count()
}

fn bank(engine: &Engine, difficulty: Difficulty) -> Vec<Question> {
    let mut out = Vec::new();
    quiz::for_each_at(engine.seen_by(Audience::SHARED), 0, None, difficulty, |q| {
        out.push(q);
        Ok::<bool, treatybot::Error>(true)
    })
    .unwrap();
    out
}

fn is_core(texts: &[String], q: &Question) -> bool {
    matches!(q.kind, Kind::Who | Kind::When | Kind::Where)
        && articles_naming(texts, q.right()) >= CORE_ARTICLES
}

#[test]
fn easy_asks_only_who_when_and_where_of_facts_several_articles_name() {
    let mut easy_in_all = 0;
    for folder in FIXTURES {
        let engine = common::fixture_engine(folder);
        let texts = articles(folder);
        let easy = bank(engine, Difficulty::Easy);
        easy_in_all += easy.len();
        for q in &easy {
            assert!(
                is_core(&texts, q),
                "{folder}: an easy question on a detail: {} [{}]",
                q.sentence,
                q.right()
            );
        }
        // Drawn quizzes keep to the same rule, whatever the seed.
        for seed in 0..6 {
            let drawn = quiz::draw_at(
                engine.seen_by(Audience::SHARED),
                20,
                seed,
                None,
                Difficulty::Easy,
            )
            .unwrap();
            assert!(
                drawn.iter().all(|q| is_core(&texts, q)),
                "{folder} seed {seed}"
            );
        }
        // Hard asks everything: the details easy leaves out, and the core facts too.
        let hard = bank(engine, Difficulty::Hard);
        assert!(hard.len() > easy.len(), "{folder}");
        assert!(
            hard.iter().any(|q| !is_core(&texts, q)),
            "{folder}: hard asks details easy does not"
        );
        let hard_answers: BTreeSet<&str> = hard.iter().map(|q| q.right()).collect();
        let every = quiz::every(engine.seen_by(Audience::SHARED), 0).unwrap();
        let every_ids: BTreeSet<&str> = every.iter().map(|q| q.id.as_str()).collect();
        for q in &easy {
            assert!(
                every_ids.contains(q.id.as_str()),
                "{folder}: an easy question hard would not ask: {}",
                q.id
            );
        }
        assert!(!hard_answers.is_empty());
    }
    assert!(easy_in_all >= 3, "the fixtures have core facts to ask");
}

#[test]
fn the_default_draw_is_hard() {
    let engine = common::fixture_engine("tests/fixtures/wire");
    let view = engine.seen_by(Audience::SHARED);
    assert_eq!(
        quiz::draw(view, 10, 4, None).unwrap(),
        quiz::draw_at(view, 10, 4, None, Difficulty::Hard).unwrap()
    );
    assert_eq!(Difficulty::default(), Difficulty::Hard);
}
