//! Replies in English, Japanese and Russian on the command line: every command and every kind
//! of usage error in `--lang ja`, `--lang ru` and `TREATYBOT__LANG`, none holding an English
//! phrase of the catalogue (the articles' quoted words aside), and every catalogue complete.
//! The command line's own reports (ingest, remove, a batch's bad lines, `--png`) and the dates
//! of short answers too. The same through Discord is in `discord.rs`
//! (`every_command_answers_in_the_readers_language`) and, for `/sources add` and `remove`, in
//! `discord_reading_list.rs` (`refusals_are_said_in_the_readers_language_with_no_english_error_text`).

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
    "/ask When was the Krasnoyarsk summit?",
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

#[test]
fn a_short_answers_date_is_said_in_the_readers_language() {
    let dir = common::temp_data_dir();
    for (lang, want) in [
        (Lang::En, "1997 ("),
        (Lang::Ja, "1997年("),
        (Lang::Ru, "1997 г. ("),
    ] {
        let out = common::treatybot(
            dir.path(),
            &[
                "--lang",
                lang.code(),
                "ask",
                "--json",
                "/ask When was the Krasnoyarsk summit?",
            ],
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        // The data keeps the engine's value; the words are the reader's.
        assert_eq!(v["short_answer"]["kind"], "date", "{v}");
        let said = v["answer"].as_str().unwrap();
        assert!(said.starts_with(want), "{lang}: {said}");
    }
}

/// What a command line run printed, both streams.
fn printed(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An ingest, a removal (one found, one not), a batch with a line that is not UTF-8, and
/// `--png` for an answer with nothing to draw, each reported in Japanese and Russian: none of
/// the catalogue's English, no other English sentence.
#[test]
fn the_command_lines_own_reports_are_in_the_readers_language() {
    let file = common::root().join("tests/fixtures/reading_list/lighthouse_survey.txt");
    let file = file.to_str().unwrap();
    let mut english_seen = 0;
    for lang in [Lang::En, Lang::Ja, Lang::Ru] {
        let dir = common::temp_data_dir();
        let code = lang.code();
        let picture = dir.path().join("nothing.png");
        let picture = picture.to_str().unwrap();
        let runs = [
            common::treatybot(dir.path(), &["--lang", code, "ingest", file]),
            common::treatybot(
                dir.path(),
                &[
                    "--lang",
                    code,
                    "remove",
                    "lighthouse_survey.txt",
                    "no-such-id",
                ],
            ),
            common::treatybot(
                dir.path(),
                &["--lang", code, "ask", "--png", picture, "/who Karasin"],
            ),
        ];
        let mut batch = common::treatybot_command(dir.path())
            .args(["--lang", code, "ask", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        batch
            .stdin
            .take()
            .unwrap()
            .write_all(b"/help\n\xff\xfe not text\n")
            .unwrap();
        let batch = batch.wait_with_output().unwrap();
        assert!(!runs[2].status.success(), "no picture is an error");
        let reports = [
            String::from_utf8_lossy(&runs[0].stdout).to_string(),
            String::from_utf8_lossy(&runs[1].stdout).to_string(),
            String::from_utf8_lossy(&runs[2].stderr).to_string(),
            String::from_utf8_lossy(&batch.stderr).to_string(),
        ];
        assert!(reports.iter().all(|r| !r.trim().is_empty()), "{reports:?}");
        for (report, run) in reports.iter().zip(runs.iter().chain([&batch])) {
            let given = [
                "lighthouse_survey.txt",
                "no-such-id",
                picture,
                "UTF-8",
                "/who",
                "/sources",
            ];
            let run_of_english = common::english_run(report, &given);
            if lang == Lang::En {
                english_seen += usize::from(run_of_english.is_some());
                continue;
            }
            let english = common::english_in(report);
            assert!(english.is_empty(), "{lang}: {english:?} in {report}");
            assert!(
                run_of_english.is_none(),
                "{lang}: {run_of_english:?} in {report}\n{}",
                printed(run)
            );
            assert!(common::in_script_of(lang, report), "{lang}: {report}");
        }
    }
    assert_eq!(english_seen, 4, "the check sees the English reports");
}

/// The check for English error texts is not blind: every English message of the fetcher's
/// error type, as it would read had it reached a reply, is caught.
#[test]
fn an_english_error_text_in_a_reply_is_caught() {
    use treatybot::ingest::fetch::FetchError;
    let url = "https://example.org/a";
    let errors = [
        FetchError::Status {
            url: url.into(),
            status: 404,
        },
        FetchError::Resolve {
            url: url.into(),
            reason: "failed to lookup address information".into(),
        },
        FetchError::NotPage {
            url: url.into(),
            content_type: "application/pdf".into(),
        },
        FetchError::Timeout {
            url: url.into(),
            seconds: 10,
        },
    ];
    for e in errors {
        let reply = format!("追加できませんでした: {e}");
        assert!(common::english_run(&reply, &[url]).is_some(), "{reply}");
    }
    assert_eq!(
        common::english_run(
            "追加できませんでした: サイトが HTTP ステータス 404 を返しました。",
            &[]
        ),
        None
    );
}

/// The articles' own words a quiz question shows besides its quoted sentence (its choices,
/// excerpt, outlet, headline and file, and its note's names, role or date), longest first.
fn articles_words(q: &treatybot::quiz::Question) -> Vec<String> {
    use treatybot::quiz::Note;
    let s = &q.citation.source;
    let mut v = q.choices.clone();
    v.extend([
        q.citation.excerpt.clone(),
        s.outlet.clone(),
        s.title.clone(),
        s.id.clone(),
    ]);
    match &q.note {
        Some(Note::Person { name, role }) => {
            v.push(name.clone());
            v.extend(role.clone());
        }
        Some(Note::Place { name, others }) => {
            v.push(name.clone());
            v.extend(others.iter().cloned());
        }
        Some(Note::Written(words)) => v.push(words.clone()),
        None => {}
    }
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

/// `treatybot quiz` played and dumped in Japanese and Russian: its prompts, choices' framing,
/// answers and sources in the reader's words, the articles' words (quoted sentences, choices,
/// excerpts, sources) as written, and no English run besides them. In English the same check
/// sees the prompts.
#[test]
fn a_quiz_in_the_terminal_asks_in_the_readers_language() {
    let engine = common::engine().seen_by(treatybot::engine::Audience::SHARED);
    let picked = treatybot::quiz::draw(engine, 4, 11, None).unwrap();
    let bank = treatybot::quiz::generate(engine, 0).unwrap();
    // Two right answers and two wrong ones, so both replies and the notes are shown.
    let answers: String = picked
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}\n", ['A', 'B', 'C', 'D'][(q.answer + i / 2) % 4]))
        .collect();
    let dir = common::temp_data_dir();
    for lang in [Lang::En, Lang::Ja, Lang::Ru] {
        let code = lang.code();
        let mut play = common::treatybot_command(dir.path())
            .args(["--lang", code, "quiz", "--seed", "11", "--questions", "4"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        play.stdin
            .take()
            .unwrap()
            .write_all(answers.as_bytes())
            .unwrap();
        let play = play.wait_with_output().unwrap();
        let dump = common::treatybot(dir.path(), &["--lang", code, "quiz", "--dump"]);
        for (what, out, questions) in [("a game", &play, &picked), ("the dump", &dump, &bank)] {
            assert!(out.status.success(), "{lang} {what}: {}", printed(out));
            let mut text = String::from_utf8_lossy(&out.stdout).to_string();
            let mut words: Vec<String> = questions.iter().flat_map(articles_words).collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            for w in words {
                text = text.replace(&w, " ");
            }
            let run = common::english_run(&text, &[]);
            if lang == Lang::En {
                assert!(run.is_some(), "the check sees English prompts: {text}");
                continue;
            }
            let english = common::english_in(&text);
            assert!(english.is_empty(), "{lang} {what}: {english:?} in {text}");
            assert_eq!(run, None, "{lang} {what}: English in {text}");
            assert!(common::in_script_of(lang, &text), "{lang} {what}: {text}");
        }
    }
}
