//! Each server's reading list is its own: an article a server adds is answered from, cited,
//! suggested and quizzed in that server only, while the shared collection (seeds, command-line
//! ingests) is everyone's. Over articles of our own in `tests/fixtures/reading_list/`.

mod common;
use common::Said;

use std::path::PathBuf;

use treatybot::engine::{Audience, CommandKind, Engine, QuizScope, ServerId};
use treatybot::ingest::{self, IngestOptions, IngestReport};

const A: ServerId = ServerId(1_200_000_000_000_000_001);
const B: ServerId = ServerId(1_200_000_000_000_000_002);

fn fixture(name: &str) -> PathBuf {
    common::root()
        .join("tests/fixtures/reading_list")
        .join(name)
}

fn add(
    settings: &treatybot::config::Settings,
    server: Option<ServerId>,
    path: PathBuf,
) -> IngestReport {
    let options = IngestOptions {
        server,
        ..IngestOptions::from_settings(settings)
    };
    ingest::ingest(settings, &[path], options).expect("ingest runs")
}

/// Ids of the articles a command's citations come from.
fn cited(engine: &Engine, audience: Audience, line: &str) -> Vec<String> {
    let cmd = engine.parse(line).expect("command parses");
    engine
        .seen_by(audience)
        .answer(&cmd)
        .expect("answers")
        .citations
        .into_iter()
        .map(|c| c.source.id)
        .collect()
}

fn own(id: &str, server: ServerId) -> bool {
    id.starts_with(&server.id_prefix())
}

#[test]
fn an_article_a_server_adds_is_answered_from_in_that_server_only() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    let report = add(&settings, Some(A), fixture("lighthouse_survey.txt"));
    assert_eq!(report.added, 1, "{:?}", report.skipped);
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let a = Audience::server(A);
    let b = Audience::server(B);

    for line in [
        "/search lighthouse lens",
        "/what the cape light in fog",
        "/ask Who heads the Malokurilskoye port authority?",
    ] {
        let in_a = cited(&engine, a, line);
        assert!(in_a.iter().any(|id| own(id, A)), "{line}: {in_a:?}");
        for other in [b, Audience::SHARED] {
            let ids = cited(&engine, other, line);
            assert!(!ids.iter().any(|id| own(id, A)), "{line} leaked: {ids:?}");
        }
    }
    // Dated passages: the survey's September 2019 is on A's timeline only.
    let in_a = cited(&engine, a, "/when 2019");
    assert!(in_a.iter().any(|id| own(id, A)), "{in_a:?}");
    assert!(!cited(&engine, b, "/when 2019").iter().any(|id| own(id, A)));
    // Places: what happened on Shikotan includes the survey in A alone.
    assert!(!cited(&engine, b, "/where Shikotan")
        .iter()
        .any(|id| own(id, A)));
}

#[test]
fn a_person_known_only_from_a_servers_addition_is_unknown_elsewhere() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    add(&settings, Some(A), fixture("lighthouse_survey.txt"));
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let a = engine.seen_by(Audience::server(A));
    let b = engine.seen_by(Audience::server(B));
    let shared = engine.seen_by(Audience::SHARED);

    a.person_with_form("Marina Voloshenko").expect("known in A");
    assert!(b.person_with_form("Voloshenko").is_none());
    assert!(shared.person_with_form("Voloshenko").is_none());

    let named = |s: &treatybot::engine::Scoped| {
        s.suggest(CommandKind::Who, "volo", 25)
            .iter()
            .any(|x| x.value.contains("Voloshenko"))
    };
    assert!(named(&a), "A's autocomplete offers her");
    assert!(!named(&b) && !named(&shared), "nobody else's does");
    let who = |s: &treatybot::engine::Scoped| {
        let cmd = engine.parse("/who Voloshenko").unwrap();
        s.answer(&cmd).unwrap()
    };
    assert!(!who(&a).citations.is_empty());
    let elsewhere = who(&b);
    assert!(elsewhere.citations.is_empty(), "{:?}", elsewhere.citations);
    // People the shared collection names stay known to everyone.
    assert!(b.person_with_form("Karasin").is_some());
}

#[test]
fn sources_lists_a_servers_reading_list_apart_from_the_shared_collection() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    add(&settings, Some(A), fixture("kelp_quota.html"));
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let sources = |audience| {
        engine
            .seen_by(audience)
            .answer(&engine.parse("/sources").unwrap())
            .unwrap()
    };
    let in_a = sources(Audience::server(A));
    let text = in_a.said().clone().unwrap();
    assert!(
        text.starts_with("This server's reading list, 1 article:"),
        "{text}"
    );
    assert!(
        text.contains("Shared by every server, 5 articles:"),
        "{text}"
    );
    assert!(text.contains("Coastal Ledger"), "{text}");
    // The shared articles are listed by title, outlet and date, not by their file names; the
    // server's own addition keeps the id `/sources remove` takes.
    assert!(!text.contains(".txt"), "{text}");
    assert!(text.contains(&format!("s{}/", A.0)), "{text}");
    let marked: Vec<_> = in_a
        .sources
        .iter()
        .filter(|s| s.server == Some(A))
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].date, "2020-03-04");
    assert_eq!(in_a.sources.len(), 6);

    let in_b = sources(Audience::server(B));
    let text = in_b.said().unwrap();
    assert!(
        text.contains("This server's reading list is empty"),
        "{text}"
    );
    assert!(!text.contains("Coastal Ledger"), "{text}");
    assert!(in_b.sources.iter().all(|s| s.server.is_none()));
    let cli = sources(Audience::SHARED);
    assert!(cli.said().unwrap().starts_with("5 articles:"));
}

#[test]
fn quizzes_draw_on_a_servers_additions_in_that_server_only() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    add(&settings, Some(A), fixture("kelp_quota.html"));
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let words = QuizScope::Words("kelp quota Nemuro cooperative".into());
    let from = |audience| {
        engine
            .seen_by(audience)
            .quiz_passages(&words, 50)
            .unwrap()
            .into_iter()
            .map(|p| p.source.id)
            .collect::<Vec<_>>()
    };
    assert!(from(Audience::server(A)).iter().any(|id| own(id, A)));
    assert!(!from(Audience::server(B)).iter().any(|id| own(id, A)));
    for seed in 0..5 {
        let questions =
            treatybot::quiz::draw(engine.seen_by(Audience::server(B)), 20, seed, None).unwrap();
        assert!(questions.iter().all(|q| !own(&q.citation.source.id, A)));
    }
}

#[test]
fn servers_adding_the_same_file_keep_their_own_copies_and_the_shared_one_is_not_set_aside() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    assert_eq!(
        add(&settings, Some(A), fixture("lighthouse_survey.txt")).added,
        1
    );
    // Another server's copy is not a duplicate of one it cannot see.
    let b = add(&settings, Some(B), fixture("lighthouse_survey.txt"));
    assert_eq!((b.added, b.duplicates.len()), (1, 0), "{b:?}");
    // Nor is the host's copy, which everyone sees.
    let shared = add(&settings, None, fixture("lighthouse_survey.txt"));
    assert_eq!(
        (shared.added, shared.duplicates.len()),
        (1, 0),
        "{shared:?}"
    );
    // A server's later copy of a shared article is set aside: the shared one is cited.
    let again = add(&settings, Some(A), fixture("kelp_quota.html"));
    assert_eq!(again.added, 1);
    let host = add(&settings, None, fixture("kelp_quota.html"));
    assert_eq!(host.added, 1, "the host's copy is indexed: {host:?}");
    let c = ServerId(1_200_000_000_000_000_003);
    let late = add(&settings, Some(c), fixture("kelp_quota.html"));
    assert_eq!(late.duplicates.len(), 1, "{late:?}");
    assert_eq!(late.duplicates[0].of, "kelp_quota.html");

    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let ids = cited(&engine, Audience::server(B), "/search lighthouse lens");
    assert!(
        ids.iter().any(|id| own(id, B)) && !ids.iter().any(|id| own(id, A)),
        "{ids:?}"
    );
}

#[test]
fn a_rebuild_gives_each_server_its_additions_back() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    add(&settings, Some(A), fixture("lighthouse_survey.txt"));
    let engine = Engine::rebuild(&settings).expect("rebuilds from the journal");
    let ids = cited(&engine, Audience::server(A), "/search lighthouse lens");
    assert!(ids.iter().any(|id| own(id, A)), "{ids:?}");
    assert!(
        cited(&engine, Audience::server(B), "/search lighthouse lens")
            .iter()
            .all(|id| !own(id, A))
    );
    assert!(engine
        .seen_by(Audience::server(B))
        .person_with_form("Voloshenko")
        .is_none());
}
