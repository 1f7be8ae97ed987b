//! Quiz questions over the seed articles: enough sound questions, each checkable against its
//! cited paragraph, the same for the same seed; and `treatybot quiz` end to end.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use treatybot::corpus::Corpus;
use treatybot::quiz::{self, Kind, Question, Topic};

fn questions(seed: u64) -> Vec<Question> {
    quiz::generate(
        common::engine().seen_by(treatybot::engine::Audience::SHARED),
        seed,
    )
    .expect("questions generate")
}

/// The quoted sentence of a question, with the blank.
fn quoted(q: &Question) -> &str {
    &q.sentence
}

/// The quoted sentence as the article writes it: without the bracketed words a question adds
/// among its first words, after an opening pronoun ("He [Putin] held…") or before the noun of an
/// opening reference ("At the [Siberian] summit, …").
fn unlead(s: &str) -> String {
    match s.find(" [") {
        Some(i) if s[..i].split_whitespace().count() <= 2 => {
            let j = i + s[i..].find(']').unwrap();
            format!("{}{}", &s[..i], &s[j + 1..])
        }
        _ => s.to_string(),
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

#[test]
fn the_seeds_yield_at_least_twenty_distinct_questions_of_every_kind_but_quotes() {
    let qs = questions(0);
    let distinct = quiz::select(&qs, usize::MAX, 0, None);
    assert!(
        distinct.len() >= 20,
        "only {} distinct questions",
        distinct.len()
    );
    // Independently of `same_fact`: twenty different sentences, twenty different question texts.
    let excerpts: BTreeSet<&str> = distinct
        .iter()
        .map(|q| q.citation.excerpt.as_str())
        .collect();
    assert!(excerpts.len() >= 20);
    // The seeds' few quotations are each of a shape no other has, so none is asked (the wire
    // fixtures have quote questions: tests/quiz_quality.rs).
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::What) {
        assert!(
            qs.iter().any(|q| q.kind == kind),
            "no {} question",
            kind.name()
        );
    }
    let ids: BTreeSet<&str> = qs.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), qs.len(), "ids are unique");
}

#[test]
fn every_question_is_checkable_against_its_cited_paragraph() {
    let engine = common::engine();
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    let gazetteer = engine.gazetteer();
    for q in questions(0) {
        let ctx = format!("{}: {}", q.id, q.sentence);
        assert_eq!(q.choices.len(), 4, "{ctx}");
        assert!(q.answer < 4, "{ctx}");
        let lower: BTreeSet<String> = q.choices.iter().map(|c| c.to_lowercase()).collect();
        assert_eq!(lower.len(), 4, "choices are different: {ctx}");

        // The excerpt is the article's own words, in the paragraph the citation names.
        let article = corpus
            .article(&q.citation.source.id)
            .unwrap_or_else(|| panic!("{ctx}: unknown article"));
        let paragraph = &article.paragraphs[q.citation.source.paragraph - 1].text;
        assert!(paragraph.contains(&q.citation.excerpt), "{ctx}");
        assert_eq!(q.citation.source.title, article.meta.title);

        // The answer is in the excerpt, exactly where the blank is; no distractor is.
        let right = q.right();
        assert!(q.citation.excerpt.contains(right), "{ctx}");
        assert_eq!(quoted(&q).matches("_____").count(), 1, "{ctx}");
        assert_eq!(
            unlead(quoted(&q)).replace("_____", right),
            q.citation.excerpt,
            "{ctx}"
        );
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer {
                assert!(
                    !contains_ci(&q.citation.excerpt, c),
                    "{ctx}: distractor {c} is in the excerpt"
                );
            }
        }
        // The question does not give the answer away.
        assert!(!contains_ci(quoted(&q), right), "{ctx}");

        // No distractor names the same thing as the answer.
        match q.kind {
            Kind::Where => {
                let answer = gazetteer.lookup(right).expect("answer is a place");
                for (i, c) in q.choices.iter().enumerate() {
                    if i == q.answer {
                        continue;
                    }
                    let place = gazetteer.lookup(c).expect("distractor is a place");
                    assert_ne!(place.name, answer.name, "{ctx}: {c} is another name");
                    for other in answer.all_names() {
                        assert!(!contains_ci(quoted(&q), other), "{ctx}: {other}");
                    }
                    let mut up = place.part_of.clone();
                    while let Some(parent) = up {
                        assert_ne!(parent, answer.name, "{ctx}: {c} lies within the answer");
                        up = gazetteer.get(&parent).and_then(|p| p.part_of.clone());
                    }
                    let mut up = answer.part_of.clone();
                    while let Some(parent) = up {
                        assert_ne!(parent, place.name, "{ctx}: the answer lies within {c}");
                        up = gazetteer.get(&parent).and_then(|p| p.part_of.clone());
                    }
                }
            }
            Kind::Who => {
                let people = engine.seen_by(treatybot::engine::Audience::SHARED).people();
                let person = people
                    .iter()
                    .find(|p| p.forms.iter().any(|f| f == right))
                    .expect("answer is a person");
                for form in &person.forms {
                    assert!(!contains_ci(quoted(&q), form), "{ctx}: {form}");
                }
                for (i, c) in q.choices.iter().enumerate() {
                    if i != q.answer {
                        assert!(!person.forms.contains(c), "{ctx}: {c} is the same person");
                    }
                }
            }
            Kind::When => {
                for c in &q.choices {
                    assert!(c.len() == 4 && c.parse::<u32>().is_ok(), "{ctx}: {c}");
                }
            }
            Kind::What | Kind::HowMany => {}
        }
    }
}

#[test]
fn generation_is_deterministic_for_a_seed() {
    let a = questions(7);
    assert_eq!(a, questions(7));
    let b = questions(8);
    let ids = |qs: &[Question]| qs.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
    // Before the variety caps, the same questions whatever the seed (under the caps, which
    // distractors a seed offered early decides what is left for later questions).
    let every = |seed| {
        quiz::every(
            common::engine().seen_by(treatybot::engine::Audience::SHARED),
            seed,
        )
        .unwrap()
    };
    assert_eq!(
        ids(&every(7)),
        ids(&every(8)),
        "the same questions, whatever the seed"
    );
    assert!(
        a.iter().zip(&b).any(|(x, y)| x.choices != y.choices),
        "another seed picks or orders choices differently"
    );
    let pick = |seed| quiz::select(&a, 10, seed, None);
    assert_eq!(pick(1), pick(1));
    assert_ne!(ids(&pick(1)), ids(&pick(2)));
}

#[test]
fn a_quiz_never_asks_one_fact_twice() {
    let qs = questions(0);
    for seed in 0..20 {
        let picked = quiz::select(&qs, 20, seed, None);
        assert_eq!(picked.len(), 20);
        for (i, a) in picked.iter().enumerate() {
            for b in &picked[i + 1..] {
                assert_ne!(a.citation.excerpt, b.citation.excerpt, "seed {seed}");
                assert!(
                    !(a.kind == b.kind && a.right() == b.right() && a.kind == Kind::When),
                    "seed {seed}: two questions whose answer is {}",
                    a.right()
                );
            }
        }
    }
}

#[test]
fn topics_pick_questions_about_a_person_place_or_year() {
    let engine = common::engine();
    let qs = questions(0);
    for (topic, needles) in [
        (
            "Chishima",
            vec![
                "kuril",
                "northern territories",
                "iturup",
                "kunashir",
                "shikotan",
                "habomai",
                "disputed islands",
                "four islands",
                "four southernmost islands",
            ],
        ),
        ("Karasin", vec!["karasin"]),
        ("1956", vec!["1956"]),
        ("declaration", vec!["declaration"]),
    ] {
        let t = Topic::parse(engine.seen_by(treatybot::engine::Audience::SHARED), topic).unwrap();
        let on = quiz::draw(
            engine.seen_by(treatybot::engine::Audience::SHARED),
            20,
            1,
            Some(&t),
        )
        .unwrap();
        assert!(!on.is_empty(), "{topic}");
        for q in &on {
            let hay = format!("{} {}", q.citation.excerpt, q.right()).to_lowercase();
            assert!(needles.iter().any(|n| hay.contains(n)), "{topic}: {}", q.id);
        }
    }
    let t = Topic::parse(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        "zebras",
    )
    .unwrap();
    assert!(quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        5,
        1,
        Some(&t)
    )
    .unwrap()
    .is_empty());
    assert!(quiz::select(&qs, 5, 1, Some(&t)).is_empty());
    assert!(Topic::parse(engine.seen_by(treatybot::engine::Audience::SHARED), "  ").is_none());
}

fn run_quiz(args: &[&str], stdin: &str) -> (i32, String, String) {
    let data = common::temp_data_dir();
    let mut child = Command::new(common::bin())
        .args(["quiz"])
        .args(args)
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn dump_prints_json_lines_in_the_documented_shape_and_repeats_itself() {
    let (code, out, err) = run_quiz(&["--dump", "--json", "--seed", "3"], "");
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), questions(3).len());
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for v in &lines {
        // The parts a prompt is worded from, never an English prompt: the kind, the
        // sentence with its blank, and for some who questions the rest of the sentence.
        let mut want = vec!["answer", "choices", "citation", "id", "kind"];
        if v.get("predicate").is_some() {
            assert_eq!(v["kind"], "who", "{v}");
            want.push("predicate");
        }
        want.push("sentence");
        assert_eq!(keys(v), want);
        assert!(v["sentence"].as_str().unwrap().contains(quiz::BLANK), "{v}");
        let date = &v["citation"]["source"]["date"];
        assert!(
            date.is_null()
                || treatybot::corpus::PartialDate::parse(date.as_str().unwrap()).is_some(),
            "{v}"
        );
        assert_eq!(keys(&v["citation"]), ["excerpt", "source"]);
        assert_eq!(
            keys(&v["citation"]["source"]),
            ["date", "id", "outlet", "paragraph", "title"]
        );
        assert_eq!(v["choices"].as_array().unwrap().len(), 4);
        let answer = v["answer"].as_u64().unwrap() as usize;
        let right = v["choices"][answer].as_str().unwrap();
        assert!(v["citation"]["excerpt"].as_str().unwrap().contains(right));
    }
    let (_, again, _) = run_quiz(&["--dump", "--json", "--seed", "3"], "");
    assert_eq!(out, again);
}

#[test]
fn playing_in_the_terminal_scores_the_answers_piped_in() {
    let picked = quiz::draw(
        common::engine().seen_by(treatybot::engine::Audience::SHARED),
        3,
        5,
        None,
    )
    .unwrap();
    let letters = ['A', 'B', 'C', 'D'];
    let right: String = picked
        .iter()
        .map(|q| format!("{}\n", letters[q.answer]))
        .collect();
    let (code, out, err) = run_quiz(&["--seed", "5", "--questions", "3"], &right);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Score: 3 of 3 right."), "{out}");
    assert!(
        out.contains(&picked[0].citation.excerpt),
        "the reveal cites the passage"
    );

    let wrong: String = picked
        .iter()
        .map(|q| format!("x\n{}\n", letters[(q.answer + 1) % 4]))
        .collect();
    let (_, out, _) = run_quiz(&["--seed", "5", "--questions", "3"], &wrong);
    assert!(out.contains("Type A, B, C or D"), "{out}");
    assert!(out.contains("Score: 0 of 3 right."), "{out}");
    assert!(out.contains(&format!(
        "the answer is {}) {}",
        letters[picked[1].answer],
        picked[1].right()
    )));

    // The end of input stops the game early with the score so far.
    let (code, out, _) = run_quiz(&["--seed", "5", "--questions", "3"], &right[..2]);
    assert_eq!(code, 0);
    assert!(out.contains("Score: 1 of 1 right."), "{out}");

    let (code, _, err) = run_quiz(&["--dump", "--topic", "zebras"], "");
    assert_eq!(code, 2);
    assert!(err.contains("zebras"), "{err}");
}

/// The articles a draw cites.
fn cited_articles(qs: &[Question]) -> BTreeSet<String> {
    qs.iter().map(|q| q.citation.source.id.clone()).collect()
}

/// What a draw reads is kept between draws (finding the blanks is most of its cost), but never
/// past a change in what the index holds: a quiz started after an ingest may ask from the new
/// articles, one started after their removal does not, and one started again on an unchanged
/// index asks what it asked before.
#[test]
fn a_quiz_asks_from_what_the_index_holds_when_it_starts() {
    use treatybot::engine::{Audience, Engine};
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let draw = || quiz::draw(engine.seen_by(Audience::SHARED), 1_000, 7, None).unwrap();
    let seeds_only = draw();
    assert!(!seeds_only.is_empty());
    assert_eq!(draw(), seeds_only, "an unchanged index draws the same quiz");

    let folder = common::root().join("tests/fixtures/quiz_fair");
    treatybot::ingest::ingest(
        &settings,
        &[folder],
        treatybot::ingest::IngestOptions::from_settings(&settings),
    )
    .expect("ingest runs");
    engine.refresh().expect("refresh");
    let added: BTreeSet<String> = cited_articles(&draw())
        .difference(&cited_articles(&seeds_only))
        .cloned()
        .collect();
    assert!(
        added
            .iter()
            .any(|id| id.contains("skerry") || id.contains("holmo")),
        "the ingested articles are asked from: {added:?}"
    );

    let report = treatybot::ingest::remove(&settings, &added.iter().cloned().collect::<Vec<_>>())
        .expect("remove runs");
    assert!(report.removed.len() >= added.len().min(1), "{report:?}");
    engine.refresh().expect("refresh");
    let after = draw();
    assert!(cited_articles(&after).is_disjoint(&added));
    assert_eq!(after, seeds_only, "the seeds' quiz is drawn again");
}
