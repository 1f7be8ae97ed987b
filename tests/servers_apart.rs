//! Servers are kept apart by the engine's types: a front end reaches the collection only through
//! `Engine::seen_by(audience)` (`Scoped`). Here every public method of `Scoped` a front end uses
//! is called with an article another server added present (a person, a role of a shared person,
//! a place, a year and a named event no shared article has), as server B and as the shared
//! collection, and none of it may show; as server A it must (so these checks can fail).
//!
//! A new public method of `Scoped` must be added to `SCOPED_METHODS` and called in a test here;
//! `every_public_method_is_listed` fails until it is. A new `CommandKind` or `QuizScope` does not
//! compile here until it is given lines to check.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use treatybot::engine::{Answer, Audience, CommandKind, Engine, QuizScope, Scoped, ServerId};
use treatybot::ingest::{self, IngestOptions};
use treatybot::quiz::{self, Topic};

const A: ServerId = ServerId(1_200_000_000_000_000_101);
const B: ServerId = ServerId(1_200_000_000_000_000_102);

/// What only A's articles hold: their people (both names of one), a cooperative, a year, a
/// named event, the role they give a shared person, and their own words.
const A_WORDS: [&str; 11] = [
    "Kolobrodova",
    "Zhdanovsky",
    "fish processing plant",
    "Yevgenia",
    "Zelyony",
    "1911",
    "Suisho",
    "honorary chairman",
    "Kelp growers",
    "drying racks",
    "Nemuro markets",
];

/// The public methods of `Scoped`, each called below as A, B and the shared collection.
const SCOPED_METHODS: [&str; 13] = [
    "audience",
    "gazetteer",
    "answer",
    "suggest",
    "suggest_topic",
    "articles",
    "article_info",
    "articles_owned",
    "quiz_passages",
    "person_with_form",
    "people_with_ids",
    "people_called",
    "people",
];

/// The public methods of `Engine`: none gives out an article's contents, a person or a role.
/// Counts for the host's `status` (`size`, `duplicate_count`, `passages_read`,
/// `index_size_on_disk`, the benchmarks' `baseline_search*`) cover every server's additions
/// and are never shown in a server.
const ENGINE_METHODS: [&str; 15] = [
    "open",
    "rebuild",
    "refresh",
    "settings",
    "max_query_chars",
    "parse",
    "size",
    "seen_by",
    "duplicate_count",
    "passages_read",
    "index_size_on_disk",
    "gazetteer",
    "baseline_search",
    "baseline_search_any",
    "index_dir",
];

/// The shared engine of this file: the seeds, a gazetteer with one more place (Tanfilyev
/// Island, which no seed names), and what server A added: `zelyony_charter.txt` and, in
/// `deputy.jsonl`, a later Russian deputy foreign minister than the seeds name.
fn engine() -> &'static (Engine, String) {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<(Engine, String)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(common::temp_data_dir);
        let settings = settings_with_tanfilyev(dir.path());
        let options = IngestOptions {
            server: Some(A),
            ..IngestOptions::from_settings(&settings)
        };
        let fixtures = common::root().join("tests/fixtures/servers_apart");
        let paths = [
            fixtures.join("zelyony_charter.txt"),
            fixtures.join("deputy.jsonl"),
        ];
        let report = ingest::ingest(&settings, &paths, options).expect("ingest runs");
        assert_eq!(report.added, 2, "{report:?}");
        let engine = Engine::open(&settings).expect("engine opens").0;
        let id = format!("{}zelyony_charter.txt", A.id_prefix());
        (engine, id)
    })
}

fn settings_with_tanfilyev(dir: &Path) -> treatybot::config::Settings {
    let mut settings = common::settings(dir);
    let mut places = std::fs::read_to_string(common::root().join("config/places.toml"))
        .expect("gazetteer reads");
    places.push_str(
        "\n[[place]]\nname = \"Tanfilyev Island\"\nnames = [\"Tanfilyev Island\", \"Tanfilyev\"]\n\
         part_of = \"Habomai\"\nabout = \"A low islet of the Habomai group.\"\n",
    );
    let path: PathBuf = dir.join("places.toml");
    std::fs::write(&path, places).expect("gazetteer writes");
    settings.places_file = path;
    settings
}

fn a_id() -> &'static str {
    &engine().1
}

/// A's words in `text` that the user did not type themselves in `typed` (an answer may repeat
/// what was asked), and A's article id.
fn leaks(text: &str, typed: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let typed = typed.to_lowercase();
    let mut out: Vec<String> = A_WORDS
        .iter()
        .filter(|w| !typed.contains(&w.to_lowercase()) && lower.contains(&w.to_lowercase()))
        .map(|w| w.to_string())
        .collect();
    if text.contains(&A.id_prefix()) {
        out.push(A.id_prefix());
    }
    out
}

/// Everything an answer shows but the query it repeats.
fn shown(a: &Answer) -> String {
    // The timeline's labels are articles' words too.
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        a.found, a.short_answer, a.citations, a.sources, a.timeline
    )
}

/// The audiences that must not see A's article.
fn others() -> [(Audience, &'static str); 2] {
    [
        (Audience::server(B), "server B"),
        (Audience::SHARED, "shared"),
    ]
}

/// Command lines of each kind naming what A added, and whether A's own answer must show A's
/// article. Matching every kind: a new command does not compile until it has lines here.
fn lines(kind: CommandKind) -> &'static [(&'static str, bool)] {
    match kind {
        CommandKind::Who => &[("/who Kolobrodova", true), ("/who Karasin", true)],
        CommandKind::When => &[("/when 1911", true), ("/when Suisho Kelp Charter", true)],
        CommandKind::Where => &[("/where Tanfilyev", true), ("/where Habomai", false)],
        CommandKind::What => &[("/what Zelyony kelp cooperative", true)],
        CommandKind::Search => &[("/search drying racks shared by lot", true)],
        CommandKind::Ask => &[
            (
                "/ask Who is the director of the Zelyony Kelp Cooperative?",
                true,
            ),
            ("/ask Who is the Russian deputy foreign minister?", false),
            (
                "/ask Who is the honorary chairman of the Zelyony cooperative?",
                true,
            ),
        ],
        CommandKind::Timeline => &[("/timeline 1910 1912", true), ("/timeline", false)],
        CommandKind::Sources => &[("/sources", true)],
        CommandKind::Help => &[("/help", false)],
    }
}

fn answer(view: Scoped, line: &str) -> Answer {
    let (engine, _) = engine();
    let cmd = engine.parse(line).unwrap_or_else(|e| panic!("{line}: {e}"));
    view.answer(&cmd).unwrap_or_else(|e| panic!("{line}: {e}"))
}

#[test]
fn every_command_answers_other_servers_without_a_servers_addition() {
    let (engine, _) = engine();
    let a = engine.seen_by(Audience::server(A));
    for kind in CommandKind::ALL {
        for &(line, a_shows) in lines(kind) {
            for (audience, who) in others() {
                let view = engine.seen_by(audience);
                assert_eq!(view.audience(), audience);
                let got = answer(view, line);
                let leaked = leaks(&shown(&got), line);
                assert!(leaked.is_empty(), "{who}, {line}: {leaked:?} in {got:#?}");
            }
            if a_shows {
                let got = answer(a, line);
                let text = shown(&got);
                assert!(
                    text.contains(a_id()) || !leaks(&text, line).is_empty(),
                    "server A, {line}: its own article is not shown: {got:#?}"
                );
            }
        }
    }
}

/// The red team's case: a server adds a later holder of a role; other servers' `/ask` still
/// names the one the shared collection gives (the role holders are walked in the audience's
/// folded register).
#[test]
fn a_role_question_in_another_server_is_not_answered_from_a_servers_addition() {
    let (engine, _) = engine();
    let line = "/ask Who is the Russian deputy foreign minister?";
    let in_a = answer(engine.seen_by(Audience::server(A)), line);
    assert!(
        common::said(&in_a).contains("Zhdanovsky"),
        "A: {}",
        common::said(&in_a)
    );
    for (audience, who) in others() {
        let got = answer(engine.seen_by(audience), line);
        let said = common::said(&got);
        assert!(said.contains("Igor Morgulov"), "{who}: {said}: {got:#?}");
    }
}

#[test]
fn suggestions_of_every_kind_offer_other_servers_nothing_of_a_servers_addition() {
    let (engine, _) = engine();
    let typed = [
        "", "k", "ko", "kol", "y", "yev", "1", "19", "191", "1911", "s", "suisho", "z", "zel",
        "tanf", "kelp", "grig",
    ];
    for (audience, who) in others() {
        let view = engine.seen_by(audience);
        for partial in typed {
            for kind in CommandKind::ALL {
                let got = view.suggest(kind, partial, 25);
                let leaked = leaks(&format!("{got:?}"), "");
                assert!(leaked.is_empty(), "{who}, {kind:?} “{partial}”: {got:?}");
            }
            let got = view.suggest_topic(partial, 25);
            let leaked = leaks(&format!("{got:?}"), "");
            assert!(leaked.is_empty(), "{who}, topic “{partial}”: {got:?}");
        }
    }
    let a = engine.seen_by(Audience::server(A));
    let offers = |got: Vec<treatybot::engine::Suggestion>, what: &str| {
        assert!(
            got.iter().any(|s| s.value.contains(what)),
            "A is not offered {what}: {got:?}"
        );
    };
    offers(a.suggest(CommandKind::Who, "kol", 25), "Kolobrodova");
    offers(a.suggest(CommandKind::When, "191", 25), "1911");
    offers(a.suggest(CommandKind::Timeline, "191", 25), "1911");
    offers(
        a.suggest(CommandKind::When, "suisho", 25),
        "Suisho Kelp Charter",
    );
    offers(a.suggest_topic("kol", 25), "Kolobrodova");
    offers(a.suggest_topic("1911", 25), "1911");
    // The gazetteer is configuration, the same for everyone.
    let b = engine.seen_by(Audience::server(B));
    assert!(b
        .suggest(CommandKind::Where, "tanf", 25)
        .iter()
        .any(|s| s.value == "Tanfilyev Island"));
    assert!(b.gazetteer().lookup("Tanfilyev").is_some());
}

#[test]
fn listings_hold_a_servers_article_in_that_server_only() {
    let (engine, id) = engine();
    for (audience, who) in others() {
        let view = engine.seen_by(audience);
        let (all, total) = view.articles(0, 1000).unwrap();
        assert_eq!(all.len(), total);
        assert!(all.iter().all(|x| x.server.is_none()), "{who}: {all:?}");
        assert!(view.article_info(id).unwrap().is_none(), "{who}");
        assert_eq!(view.articles_owned(Some(A), 0, 100).unwrap(), (vec![], 0));
        let (shared, _) = view.articles_owned(None, 0, 1000).unwrap();
        assert!(shared.iter().all(|x| x.server.is_none()), "{who}");
    }
    let a = engine.seen_by(Audience::server(A));
    assert!(a.articles(0, 1000).unwrap().0.iter().any(|x| &x.id == id));
    assert_eq!(a.article_info(id).unwrap().unwrap().server, Some(A));
    let (own, n) = a.articles_owned(Some(A), 0, 100).unwrap();
    assert_eq!(n, 2, "both of A's additions: {own:?}");
    assert!(own.iter().any(|x| &x.id == id));
}

/// Every quiz scope (a new one does not compile until it is here).
fn scopes(person: &str) -> Vec<QuizScope> {
    let all = vec![
        QuizScope::Everything,
        QuizScope::Person(person.to_string()),
        QuizScope::Places(vec!["Tanfilyev Island".into()]),
        QuizScope::Year(1911),
        QuizScope::Words("Zelyony kelp cooperative drying racks".into()),
    ];
    for s in &all {
        match s {
            QuizScope::Everything
            | QuizScope::Person(_)
            | QuizScope::Places(_)
            | QuizScope::Year(_)
            | QuizScope::Words(_) => {}
        }
    }
    all
}

#[test]
fn people_and_roles_of_a_servers_addition_are_known_in_that_server_only() {
    let (engine, _) = engine();
    let a = engine.seen_by(Audience::server(A));
    let person = a.person_with_form("Kolobrodova").expect("known in A");
    assert_eq!(a.people_with_ids([person.id.as_str()]).len(), 1);
    assert_eq!(a.people_called("Kolobrodova"), 1, "A counts its own person");
    let patron = |view: Scoped| {
        view.person_with_form("Karasin")
            .expect("a shared person")
            .roles
            .iter()
            .any(|r| r.role.contains("honorary chairman"))
    };
    assert!(patron(a), "A reads the role its article gave Karasin");
    assert!(a.people().iter().any(|p| p.id == person.id));
    for (audience, who) in others() {
        let view = engine.seen_by(audience);
        assert!(view.person_with_form("Kolobrodova").is_none(), "{who}");
        assert!(
            view.person_with_form("Yevgenia Kolobrodova").is_none(),
            "{who}"
        );
        assert!(
            view.people_with_ids([person.id.as_str()]).is_empty(),
            "{who}"
        );
        assert_eq!(view.people_called("Kolobrodova"), 0, "{who}");
        assert!(!patron(view), "{who} reads A's role for Karasin");
        let people = view.people();
        let leaked = leaks(&format!("{people:?}"), "");
        assert!(leaked.is_empty(), "{who}: {leaked:?}");
    }
}

#[test]
fn quiz_passages_of_every_scope_come_from_a_servers_addition_in_that_server_only() {
    let (engine, id) = engine();
    let a = engine.seen_by(Audience::server(A));
    let person = a.person_with_form("Kolobrodova").expect("known in A").id;
    for scope in scopes(&person) {
        for (audience, who) in others() {
            let got = engine
                .seen_by(audience)
                .quiz_passages(&scope, 1000)
                .unwrap();
            assert!(
                got.iter().all(|p| p.source.server.is_none()),
                "{who}, {scope:?}"
            );
            let leaked = leaks(&format!("{got:?}"), "");
            assert!(leaked.is_empty(), "{who}, {scope:?}: {leaked:?}");
        }
        let mine = a.quiz_passages(&scope, 1000).unwrap();
        assert!(
            mine.iter().any(|p| &p.source.id == id),
            "A's {scope:?} misses its article"
        );
    }
}

#[test]
fn quizzes_in_other_servers_hold_nothing_of_a_servers_addition() {
    let (engine, _) = engine();
    for (audience, who) in others() {
        let view = engine.seen_by(audience);
        let bank = quiz::generate(view, 0).unwrap();
        let leaked = leaks(&format!("{bank:?}"), "");
        assert!(leaked.is_empty(), "{who}, generate: {leaked:?}");
        for seed in 0..4 {
            let drawn = quiz::draw(view, 20, seed, None).unwrap();
            assert!(leaks(&format!("{drawn:?}"), "").is_empty(), "{who}, draw");
            let picked = quiz::select(&bank, 10, seed, None);
            assert!(leaks(&format!("{picked:?}"), "").is_empty(), "{who}");
        }
        for topic in [
            "Kolobrodova",
            "1911",
            "Tanfilyev",
            "Zelyony kelp cooperative",
        ] {
            let Some(t) = Topic::parse(view, topic) else {
                continue;
            };
            let drawn = quiz::draw(view, 20, 1, Some(&t)).unwrap();
            let leaked = leaks(&format!("{drawn:?}"), topic);
            assert!(leaked.is_empty(), "{who}, topic {topic}: {leaked:?}");
            let mut each = Vec::new();
            quiz::for_each(view, 1, Some(&t), |q| {
                each.push(q);
                Ok::<bool, treatybot::Error>(true)
            })
            .unwrap();
            assert!(leaks(&format!("{each:?}"), topic).is_empty(), "{who}");
        }
    }
    // A's quizzes draw on its article.
    let a = engine.seen_by(Audience::server(A));
    let t = Topic::parse(a, "Kolobrodova").expect("a topic in A");
    let mut mine = Vec::new();
    quiz::for_each(a, 1, Some(&t), |q| {
        mine.push(q);
        Ok::<bool, treatybot::Error>(true)
    })
    .unwrap();
    assert!(
        mine.iter().any(|q| q.citation.source.id == a_id()),
        "{mine:#?}"
    );
}

/// The `pub fn` names in one `impl` block of a source file.
fn public_methods(file: &str, impl_line: &str) -> Vec<String> {
    let text = std::fs::read_to_string(common::root().join(file)).expect("source reads");
    let start = text.find(impl_line).expect("impl block");
    let block = &text[start..];
    let end = block.find("\n}\n").unwrap_or(block.len());
    block[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("    pub fn "))
        .map(|rest| {
            rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn every_public_method_is_listed() {
    let mut scoped = public_methods("src/engine/scoped.rs", "impl<'e> Scoped<'e> {");
    let mut listed: Vec<String> = SCOPED_METHODS.iter().map(|s| s.to_string()).collect();
    scoped.sort();
    listed.sort();
    assert_eq!(
        scoped, listed,
        "a public method of Scoped must be called as A, B and shared in tests/servers_apart.rs"
    );
    let mut engine = public_methods("src/engine/mod.rs", "impl Engine {");
    engine.push("index_dir".into());
    let mut listed: Vec<String> = ENGINE_METHODS.iter().map(|s| s.to_string()).collect();
    engine.sort();
    listed.sort();
    assert_eq!(
        engine, listed,
        "a public method of Engine must give out nothing a server added (else put it on Scoped)"
    );
}

/// Years are kept per owner on removal too: once A's article is gone, A is no longer offered its
/// year, and the shared collection's years stay.
#[test]
fn removing_a_servers_article_takes_its_year_from_that_servers_suggestions() {
    let dir = common::temp_data_dir();
    let settings = common::settings(dir.path());
    let options = IngestOptions {
        server: Some(A),
        ..IngestOptions::from_settings(&settings)
    };
    let fixture = common::root().join("tests/fixtures/servers_apart/zelyony_charter.txt");
    ingest::ingest(&settings, &[fixture], options).expect("ingest runs");
    let (engine, _) = Engine::open(&settings).expect("engine opens");
    let years = |typed: &str| -> Vec<String> {
        engine
            .seen_by(Audience::server(A))
            .suggest(CommandKind::When, typed, 25)
            .into_iter()
            .map(|s| s.value)
            .collect()
    };
    assert!(years("191").contains(&"1911".to_string()));
    let shared_before = years("19");
    let id = format!("{}zelyony_charter.txt", A.id_prefix());
    ingest::remove(&settings, std::slice::from_ref(&id)).expect("removes");
    engine.refresh().expect("refreshes");
    assert!(!years("191").contains(&"1911".to_string()));
    let mut expected = shared_before;
    expected.retain(|y| y != "1911");
    assert_eq!(years("19"), expected);
}
