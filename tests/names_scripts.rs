//! Names typed in Cyrillic, katakana and hiragana, on invented articles no rule was written from
//! (`tests/fixtures/names/articles/`): `/who`, autocomplete and `/ask` find the officials they
//! name by transliteration, places keep their gazetteer names, and a question in another script
//! is told to ask in English or to use a command with a name.

mod common;
use common::Said;

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;
use treatybot::engine::{Answer, Audience, Command, CommandKind, Engine};

const ARTICLES: &str = "tests/fixtures/names/articles";

fn engine() -> &'static Engine {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(common::temp_data_dir);
        common::engine_over(dir.path(), ARTICLES, None)
    })
}

fn run(line: &str) -> Answer {
    let e = engine();
    let cmd = Command::parse(line, e.max_query_chars()).expect("parses");
    e.seen_by(Audience::SHARED).answer(&cmd).expect("answers")
}

/// The person `/who` describes first, by the name before " — ".
fn who(name: &str) -> Option<String> {
    let a = run(&format!("/who {name}"));
    let line = a.said()?;
    let (person, _) = line.split_once(" — ")?;
    (!a.citations.is_empty()).then(|| person.to_string())
}

fn suggested(typed: &str) -> Vec<String> {
    engine()
        .seen_by(Audience::SHARED)
        .suggest(CommandKind::Who, typed, 25)
        .into_iter()
        .map(|s| s.value)
        .collect()
}

/// `treatybot` run over the fixture articles, its index in `data`.
fn treatybot(data: &Path, args: &[&str]) -> Output {
    common::treatybot_command(data)
        .env("TREATYBOT__SEEDS_DIR", common::root().join(ARTICLES))
        .args(args)
        .output()
        .expect("treatybot runs")
}

#[test]
fn who_finds_officials_by_their_names_in_cyrillic_katakana_and_hiragana() {
    for (typed, person) in [
        ("Дроздиков", "Vyacheslav Drozdikov"),
        ("Вячеслав Дроздиков", "Vyacheslav Drozdikov"),
        ("ドロズディコフ", "Vyacheslav Drozdikov"),
        ("ビャチェスラフ・ドロズディコフ", "Vyacheslav Drozdikov"),
        ("Журавлева", "Yekaterina Zhuravleva"),
        ("Екатерина Журавлёва", "Yekaterina Zhuravleva"),
        ("ジュラブレワ", "Yekaterina Zhuravleva"),
        ("Харитонов", "Maxim Kharitonov"),
        ("マクシム・ハリトーノフ", "Maxim Kharitonov"),
        ("ツジモト", "Hiroki Tsujimoto"),
        ("つじもと", "Hiroki Tsujimoto"),
        ("もりぐち", "Ayaka Moriguchi"),
        // A typo in the spelling, within the tolerance a Latin typo has.
        ("Дроздыков", "Vyacheslav Drozdikov"),
    ] {
        assert_eq!(who(typed).as_deref(), Some(person), "/who {typed}");
    }
}

#[test]
fn names_nobody_has_find_nobody() {
    for typed in ["Зеленский", "ロシア", "Иванова", "すし"] {
        assert_eq!(who(typed), None, "/who {typed}");
    }
}

#[test]
fn autocomplete_suggests_people_as_their_names_are_typed_in_another_script() {
    for (typed, person) in [
        ("ドロズ", "Vyacheslav Drozdikov"),
        ("Дроз", "Vyacheslav Drozdikov"),
        ("Жура", "Yekaterina Zhuravleva"),
        ("じゅら", "Yekaterina Zhuravleva"),
        ("ツジ", "Hiroki Tsujimoto"),
        ("ハリ", "Maxim Kharitonov"),
        ("Екатерина Жу", "Yekaterina Zhuravleva"),
    ] {
        let s = suggested(typed);
        assert_eq!(
            s.first().map(String::as_str),
            Some(person),
            "{typed}: {s:?}"
        );
    }
    assert!(suggested("Зеле").is_empty());
    // Latin letters as before.
    assert_eq!(suggested("droz"), ["Vyacheslav Drozdikov"]);
}

#[test]
fn places_keep_their_gazetteer_names() {
    for typed in ["国後島", "Кунашир", "Kunashiri"] {
        let a = run(&format!("/where {typed}"));
        assert!(
            a.said()
                .as_deref()
                .is_some_and(|t| t.starts_with("Kunashir / Kunashiri")),
            "/where {typed}: {:?}",
            a.said()
        );
        assert!(!a.citations.is_empty(), "/where {typed}");
    }
}

#[test]
fn a_bare_name_in_another_script_is_answered_as_who() {
    for typed in ["ドロズディコフ", "Журавлева"] {
        let asked = run(&format!("/ask {typed}"));
        let who = run(&format!("/who {typed}"));
        assert_eq!(asked.said(), who.said(), "/ask {typed}");
        assert_eq!(asked.citations, who.citations);
        assert!(asked.other_script.is_none());
    }
}

#[test]
fn the_command_line_answers_a_question_in_another_script_with_what_to_type() {
    let dir = common::temp_data_dir();
    let out = treatybot(
        dir.path(),
        &[
            "ask",
            "--json",
            "/ask Что сказал Дроздиков о Кунашире в 2023 году?",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let said = v["answer"].as_str().unwrap();
    assert!(!said.contains("No mention"), "{said}");
    assert!(said.contains("Ask in English"), "{said}");
    assert!(said.contains("задайте вопрос по-английски"), "{said}");
    assert_eq!(v["citations"].as_array().unwrap().len(), 0);
    assert_eq!(v["other_script"]["script"], "cyrillic");
    let tries: Vec<(String, String)> = v["other_script"]["try_instead"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["command"].as_str().unwrap().to_string(),
                t["query"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let pair = |c: &str, q: &str| (c.to_string(), q.to_string());
    assert_eq!(
        tries,
        [
            pair("who", "Дроздиков"),
            pair("where", "Кунашир"),
            pair("when", "2023")
        ]
    );

    // Japanese, and what the suggested command then answers, through the binary.
    let out = treatybot(
        dir.path(),
        &["ask", "/ask ツジモト次官は昆布について何と言いましたか?"],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        said.contains("Try /who ツジモト.") && said.contains("英語で質問"),
        "{said}"
    );
    let out = treatybot(dir.path(), &["ask", "/who ツジモト"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Hiroki Tsujimoto — "), "{said}");
    assert!(
        said.contains("**Hiroki Tsujimoto**") || said.contains("Tsujimoto"),
        "{said}"
    );
}

#[test]
fn english_questions_naming_places_in_other_scripts_are_searched_as_before() {
    let a = run("/ask Who headed the Russian side of the talks on Kunashir?");
    assert!(a.other_script.is_none());
    assert!(!a.citations.is_empty());
}
