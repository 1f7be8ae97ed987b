//! Replies in English, Japanese and Russian on the command line: every command and every kind
//! of usage error in `--lang ja`, `--lang ru` and `TREATYBOT__LANG`, none holding an English
//! phrase of the catalogue (the articles' quoted words aside), and every catalogue complete.
//! The same through Discord is in `discord.rs` (`every_command_answers_in_the_readers_language`).

mod common;

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;
use treatybot::present::{self, Lang};

/// One line per command and per kind of answer: found, nothing found, usage errors.
const LINES: &[&str] = &[
    "/who Karasin",
    "/who Qwertyuiop Zxcvbnm",
    "/when 1956",
    "/when Krasnoyarsk",
    "/when Qwertyuiop",
    "/where Kunashiri",
    "/where Qwertyuiopland",
    "/what jurisdiction of the islands",
    "/search southern Sakhalin",
    "/search qwertyuiop zxcvbnm",
    "/ask How many islands are in dispute?",
    "/ask What did the qwertyuiop zxcvbnm say?",
    "/ask Что сказал Дроздиков о Кунашире в 2023 году?",
    "/timeline 1945 1960",
    "/timeline 1800 1801",
    "/timeline",
    "/sources",
    "/help",
    "/who",
    "/timeline 1960 soon",
    "/frobnicate now",
];

/// Runs every line of [`LINES`] through one `treatybot ask --json -` with `args` before `ask`
/// and `env`, and returns each line's JSON object.
fn replies(args: &[&str], env: &[(&str, &str)]) -> Vec<Value> {
    let dir = common::temp_data_dir();
    let mut cmd = common::treatybot_command(dir.path());
    cmd.args(args)
        .args(["ask", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("treatybot runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(LINES.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let values: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(
        values.len(),
        LINES.len(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    values
}

/// What a reply says in treatybot's own words: its first line, or its error.
fn words(v: &Value) -> &str {
    v["answer"]
        .as_str()
        .or_else(|| v["error"].as_str())
        .unwrap_or_else(|| panic!("a reply with words: {v}"))
}

fn check_language(lang: Lang, replies: &[Value]) {
    for (line, v) in LINES.iter().zip(replies) {
        let said = words(v);
        let english = common::english_in(said);
        assert!(
            english.is_empty(),
            "{lang} {line}: English {english:?} in {said}"
        );
        // A short answer's first line is the article's words alone ("four islands").
        assert!(
            common::in_script_of(lang, said) || v.get("short_answer").is_some(),
            "{lang} {line}: not in {lang}: {said}"
        );
    }
}

#[test]
fn every_command_answers_in_japanese_and_russian_with_lang() {
    for lang in [Lang::Ja, Lang::Ru] {
        check_language(lang, &replies(&["--lang", lang.code()], &[]));
    }
}

#[test]
fn the_language_setting_comes_from_the_environment_and_lang_wins_over_it() {
    check_language(Lang::Ru, &replies(&[], &[("TREATYBOT__LANG", "ru")]));
    check_language(
        Lang::Ja,
        &replies(&["--lang", "ja"], &[("TREATYBOT__LANG", "ru")]),
    );
    let dir = common::temp_data_dir();
    let out = common::treatybot_command(dir.path())
        .env("TREATYBOT__LANG", "xx")
        .args(["ask", "/help"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("en, ja or ru"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The check would see English: in English, the same replies are full of the catalogue's
/// phrases, so a Japanese or Russian reply that fell back to English would fail.
#[test]
fn english_replies_hold_the_catalogues_english_phrases() {
    let replies = replies(&[], &[]);
    let with_phrases = LINES
        .iter()
        .zip(&replies)
        .filter(|(_, v)| !common::english_in(words(v)).is_empty())
        .count();
    // Some first lines are the articles' words alone (a short answer, a person's roles).
    assert!(
        with_phrases >= LINES.len() * 2 / 3,
        "{with_phrases} of {}",
        LINES.len()
    );
}

#[test]
fn every_catalogue_has_every_english_key() {
    let english = present::keys(Lang::En);
    for lang in Lang::ALL {
        assert_eq!(present::parse_errors(lang), Vec::<String>::new());
        let have = present::keys(lang);
        let missing: Vec<_> = english.iter().filter(|k| !have.contains(k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
}

#[test]
fn the_articles_words_stay_as_written_in_every_language() {
    let dir = common::temp_data_dir();
    for lang in Lang::ALL {
        let out = common::treatybot(
            dir.path(),
            &["--lang", lang.code(), "ask", "--json", "/when 1956"],
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let said = v["answer"].as_str().unwrap();
        // The sentence quoted after the date is the article's, whatever the language.
        assert!(
            said.contains("On October 19, 1956, Moscow and Tokyo signed a declaration"),
            "{lang}: {said}"
        );
        let excerpt = v["citations"][0]["excerpt"].as_str().unwrap();
        assert!(excerpt.contains("Moscow and Tokyo"), "{lang}");
    }
}
