//! Through the real serenity client against the Discord stand-in, in English, Japanese and
//! Russian: the longest answers (help, the source list, a long timeline with its picture, a
//! name or place in hundreds of passages) stay within Discord's limits in every language and
//! speak the reader's, and officials of invented articles are found by `/who` typed in
//! Cyrillic and katakana by a Russian or Japanese reader. No reply names an article by its file.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/quiz_bot.rs"]
mod quiz_bot;

use std::time::Duration;

use discord_standin::StandIn;
use quiz_bot::{command_in, Running, ALICE};
use serde_json::{json, Value};
use treatybot::present::Lang;

/// (language, the reader's locale, the server's locale): the reader's own first; a locale
/// treatybot does not speak falls back to the server's.
const READERS: [(Lang, &str, &str); 3] = [
    (Lang::En, "en-US", "en-US"),
    (Lang::Ja, "ja", "en-US"),
    (Lang::Ru, "de", "ru"),
];

/// treatybot's own words in a message: its content, the first embed's title and description,
/// every footer and button label (the citations' excerpts and headlines are the articles').
fn own_words(body: &Value) -> String {
    let mut out = vec![body["content"].as_str().unwrap_or_default().to_string()];
    for (i, e) in body["embeds"].as_array().into_iter().flatten().enumerate() {
        if i == 0 {
            out.push(e["title"].as_str().unwrap_or_default().to_string());
            out.push(e["description"].as_str().unwrap_or_default().to_string());
        }
        out.push(e["footer"]["text"].as_str().unwrap_or_default().to_string());
    }
    for row in body["components"].as_array().into_iter().flatten() {
        for b in row["components"].as_array().into_iter().flatten() {
            out.push(b["label"].as_str().unwrap_or_default().to_string());
        }
    }
    out.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longest_answers_fit_discord_in_every_language() {
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let settings = quiz_bot::settings(&standin, data.path(), Duration::from_secs(5));
    let bot = Running::start(&standin, &settings).await;
    let text = |option: &str, value: &str| json!([{ "name": option, "type": 3, "value": value }]);
    let longest = [
        ("help", json!([])),
        ("sources", json!([{ "name": "list", "type": 1 }])),
        (
            "timeline",
            json!([{ "name": "from", "type": 4, "value": 1945 }, { "name": "to", "type": 4, "value": 2017 }]),
        ),
        ("timeline", json!([])),
        ("when", text("date", "1956")),
        ("where", text("place", "Japan")),
        ("where", text("place", "Northern Territories")),
        ("who", text("name", "Putin")),
        ("search", text("text", "peace treaty Russia Japan islands")),
        ("ask", text("question", "Кто такой Лавров?")),
    ];
    let mut english_seen = 0;
    for (lang, locale, guild) in READERS {
        for (name, options) in &longest {
            // `command_in` checks every Discord limit on the answer as sent.
            let body = command_in(&standin, (locale, guild), ALICE, name, options.clone()).await;
            // No internal file name of an article (the seeds' `000_….txt`) in a title, footer
            // or `/sources list`: a member reads outlet, date and headline.
            assert!(
                !body.to_string().contains(".txt"),
                "{lang} /{name}: a file name in {body}"
            );
            let said = own_words(&body);
            let english = common::english_in(&said);
            if lang == Lang::En {
                english_seen += usize::from(!english.is_empty());
                continue;
            }
            assert!(
                english.is_empty(),
                "{lang} /{name} {options}: {english:?} in {said}"
            );
            assert!(common::in_script_of(lang, &said), "{lang} /{name}: {said}");
        }
    }
    assert!(
        english_seen >= longest.len() / 2,
        "the check sees English: {english_seen}"
    );
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_typed_in_cyrillic_or_katakana_finds_the_official_in_the_readers_language() {
    let standin = StandIn::start().await;
    let data = common::temp_data_dir();
    let settings = quiz_bot::settings(&standin, data.path(), Duration::from_secs(5));
    // Officials of invented articles no rule was written from.
    let index = common::temp_data_dir();
    let engine = std::sync::Arc::new(common::engine_over(
        index.path(),
        "tests/fixtures/names/articles",
        None,
    ));
    let bot = Running::start_with(&standin, &settings, engine).await;
    for (lang, locale, guild) in READERS {
        for (typed, person) in [
            ("Дроздиков", "Vyacheslav Drozdikov"),
            ("ジュラブレワ", "Yekaterina Zhuravleva"),
            ("マクシム・ハリトーノフ", "Maxim Kharitonov"),
        ] {
            let options = json!([{ "name": "name", "type": 3, "value": typed }]);
            let body = command_in(&standin, (locale, guild), ALICE, "who", options).await;
            let said = own_words(&body);
            assert!(said.contains(person), "{lang} /who {typed}: {said}");
            assert!(
                body["embeds"].as_array().is_some_and(|e| e.len() >= 2),
                "{lang} /who {typed}: cited: {body}"
            );
            if lang != Lang::En {
                let english = common::english_in(&said);
                assert!(
                    english.is_empty(),
                    "{lang} /who {typed}: {english:?} in {said}"
                );
                assert!(common::in_script_of(lang, &said), "{lang}: {said}");
            }
        }
    }
    bot.stop(&standin).await;
}
