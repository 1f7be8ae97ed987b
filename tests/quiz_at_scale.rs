//! Quizzes over a collection too large to turn whole into questions: a quiz reads a bounded
//! number of passages whatever the size, a topic reaches an article at the end of the collection,
//! the same seed gives the same quiz, and an article ingested later is in the next quiz.

mod common;
#[path = "common/generated.rs"]
mod generated;

use treatybot::engine::Engine;
use treatybot::ingest::{self, IngestOptions};
use treatybot::quiz::{self, Topic, QUIZ_PASSAGES};

/// Articles in the generated collection: each has three paragraphs, so the index holds several
/// times more passages than a quiz may read.
const ARTICLES: usize = 2_500;

#[test]
fn a_quiz_reads_a_bounded_share_of_a_large_collection_and_sees_new_articles() {
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let collection = data.path().join("wire.jsonl");
    generated::write_jsonl(&collection, 0, ARTICLES);
    let report = ingest::ingest(
        &settings,
        std::slice::from_ref(&collection),
        IngestOptions::from_settings(&settings),
    )
    .expect("ingest runs");
    assert_eq!(report.added, ARTICLES, "{report:?}");
    let (engine, _) = Engine::open(&settings).unwrap();
    let (_, passages) = engine.size();
    assert!(passages as usize > 5 * QUIZ_PASSAGES, "{passages} passages");

    // Without a topic: the dispute's passages first, at most QUIZ_PASSAGES read.
    let before = engine.passages_read();
    let picked = quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        10,
        7,
        None,
    )
    .unwrap();
    let read = engine.passages_read() - before;
    assert_eq!(picked.len(), 10);
    assert!(
        read > 0 && read as usize <= QUIZ_PASSAGES,
        "{read} passages read"
    );
    assert!(
        picked
            .iter()
            .all(|q| q.citation.source.id.ends_with(".txt")),
        "a default quiz is about the dispute: {:?}",
        picked
            .iter()
            .map(|q| &q.citation.source.id)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        quiz::draw(
            engine.seen_by(treatybot::engine::Audience::SHARED),
            10,
            7,
            None
        )
        .unwrap(),
        picked,
        "same seed, same quiz"
    );
    let answers: std::collections::BTreeSet<String> =
        picked.iter().map(|q| q.right().to_lowercase()).collect();
    assert_eq!(
        answers.len(),
        picked.len(),
        "no two questions share an answer"
    );

    // A person named only in the last article: the index finds their passages.
    let last = ARTICLES - 1;
    let topic = Topic::parse(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        &generated::official(last),
    )
    .expect("a known person");
    let before = engine.passages_read();
    let on = quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        5,
        1,
        Some(&topic),
    )
    .unwrap();
    let read = engine.passages_read() - before;
    assert!(
        !on.is_empty(),
        "a quiz on someone at the end of the collection"
    );
    assert!(
        on.iter()
            .all(|q| q.citation.source.id == format!("gen-{last}")),
        "{:?}",
        on.iter().map(|q| &q.citation.source.id).collect::<Vec<_>>()
    );
    assert!(read as usize <= QUIZ_PASSAGES, "{read} passages read");

    // A person who is not there yet: no quiz; once their article is ingested, a quiz on them.
    let newcomer = generated::official(ARTICLES);
    assert!(Topic::parse(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        &newcomer
    )
    .map(|t| quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        5,
        1,
        Some(&t)
    )
    .unwrap())
    .unwrap_or_default()
    .is_empty());
    let more = data.path().join("more.jsonl");
    generated::write_jsonl(&more, ARTICLES, ARTICLES + 1);
    ingest::ingest(&settings, &[more], IngestOptions::from_settings(&settings)).unwrap();
    engine.refresh().unwrap();
    let topic = Topic::parse(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        &newcomer,
    )
    .expect("the newcomer is known now");
    let on = quiz::draw(
        engine.seen_by(treatybot::engine::Audience::SHARED),
        5,
        1,
        Some(&topic),
    )
    .unwrap();
    assert!(!on.is_empty());
    assert!(on
        .iter()
        .all(|q| q.citation.source.id == format!("gen-{ARTICLES}")));
}
