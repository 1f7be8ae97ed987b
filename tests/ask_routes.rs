//! `/ask` routed to another command, on articles no rule was written from
//! (`tests/fixtures/outcomes/`): a bare name, place or year answered as `/who`, `/where` and
//! `/when` answer it, in any case, and "Who is X?", "Where is X?", "What is X's title?" alike.

mod common;

use std::sync::OnceLock;

use treatybot::engine::{Answer, Audience, Command, CommandKind, Engine};

fn engine() -> &'static Engine {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(common::temp_data_dir);
        common::engine_over(
            dir.path(),
            "tests/fixtures/outcomes",
            Some("tests/fixtures/outcomes/places.toml"),
        )
    })
}

fn run(line: &str) -> Answer {
    let e = engine();
    let cmd = Command::parse(line, e.max_query_chars()).expect("parses");
    e.seen_by(Audience::SHARED).answer(&cmd).expect("answers")
}

fn ask(q: &str) -> Answer {
    run(&format!("/ask {q}"))
}

/// The answer's line and citations as the other command gives them.
fn same(a: &Answer, b: &Answer) -> bool {
    a.answer == b.answer && a.citations == b.citations && a.short_answer.is_none()
}

#[test]
fn a_bare_name_place_or_year_is_answered_as_who_where_and_when() {
    assert!(same(&ask("Eide"), &run("/who Eide")));
    assert!(same(&ask("Kolbey"), &run("/where Kolbey")));
    assert!(same(&ask("1987"), &run("/when 1987")));
    assert_eq!(ask("Eide").command, CommandKind::Ask);
    assert!(ask("Eide")
        .answer
        .is_some_and(|a| a.contains("Torbjørn Eide")));
}

#[test]
fn names_are_read_in_any_case_and_terse_forms_as_their_question() {
    let who = run("/who Hallsdóttir");
    for q in [
        "Who is Hallsdóttir?",
        "who is hallsdóttir",
        "hallsdóttir",
        "Hallsdóttir's title?",
        "What is Hallsdóttir's role?",
    ] {
        assert!(same(&ask(q), &who), "{q}: {:?}", ask(q).answer);
    }
    assert!(same(&ask("kolbey"), &run("/where Kolbey")));
}
