//! `/quiz` through the real serenity client against the Discord stand-in on 127.0.0.1: a full
//! quiz with three players, the reveal's distribution and colour, the live count's bounded
//! edits, `/quiz stop`, the leaderboard across a restart and paged with 25 players, no internal
//! names in any quiz message, an interrupted quiz closed on restart, a bad database refused at
//! start, and a quiz on a PostgreSQL store.
//!
//! Every wait is bounded. Questions last a few seconds here (a test-only override); nothing
//! asserts on timing: each step waits for the message or callback it needs.

mod common;
#[path = "common/discord_checks.rs"]
mod discord_checks;
#[path = "common/discord_standin.rs"]
mod discord_standin;
#[path = "common/generated.rs"]
mod generated;
#[path = "common/quiz_bot.rs"]
mod quiz_bot;
#[path = "common/serve_process.rs"]
mod serve_process;

use std::time::Duration;

use discord_checks::{check_limits, data, is_ephemeral};
use discord_standin::StandIn;
use quiz_bot::*;
use serde_json::{json, Value};
use treatybot::config::Settings;
use treatybot::discord::Bot;
use treatybot::quiz;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_players_play_a_full_quiz_and_the_leaderboard_survives_a_restart() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(8));
    let bot = Running::start(&standin, &settings).await;

    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 2 }, { "name": "seconds", "type": 4, "value": 30 }]),
    )
    .await;
    assert_eq!(cb.callback_type(), Some(4));
    assert!(!is_ephemeral(&cb));
    assert!(content(&cb).contains("2 questions"), "{}", content(&cb));

    // One quiz per channel: a second start is refused, privately.
    let again = slash(&standin, BYSTANDER, "start", json!([])).await;
    assert!(is_ephemeral(&again));
    assert!(
        content(&again).contains("already running"),
        "{}",
        content(&again)
    );

    // Question 1: Alice right, Boris wrong, Chie right and then a second click, and Alice's
    // click delivered twice (as a gateway replay would).
    let first = posted(&standin, 1).await;
    let (q1, ids1) = question_of(&first);
    let right = &ids1[q1.answer];
    let wrong = &ids1[(q1.answer + 1) % 4];
    let alice = click_payload(&standin, right, ALICE);
    assert!(content(&send_click(&standin, &alice).await).contains("Your answer is in"));
    standin
        .dispatch("INTERACTION_CREATE", alice.clone())
        .await
        .unwrap();
    assert!(click(&standin, wrong, BORIS)
        .await
        .contains("Your answer is in"));
    assert!(click(&standin, right, CHIE)
        .await
        .contains("Your answer is in"));
    assert!(click(&standin, wrong, CHIE)
        .await
        .contains("already answered"));

    // The reveal: right answer, who got it, the cited passage and its source; no buttons.
    let (message1, reveal) = edited(&standin, 1).await;
    let shown = &unescape(reveal["embeds"][0]["description"].as_str().unwrap());
    let right_text = format!("{}) {}", ["A", "B", "C", "D"][q1.answer], q1.right());
    assert!(
        shown.contains(&format!("**Answer: {right_text}**")),
        "{shown}"
    );
    let got = shown
        .lines()
        .find(|l| l.starts_with("Got it: "))
        .expect("who got it");
    assert!(
        got.contains(&name(ALICE)) && got.contains(&name(CHIE)),
        "{got}"
    );
    assert!(!got.contains(&name(BORIS)), "{got}");
    assert!(got.contains("3 answered, 2 right"), "{got}");
    let source = &q1.citation.source;
    assert!(
        shown.contains(&format!(
            "{} · {} · ¶{}",
            source.outlet,
            treatybot::present::quiz_date(treatybot::present::Lang::En, source.date),
            source.paragraph
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("> {}", q1.citation.excerpt)),
        "{shown}"
    );
    // How many chose each option (from the store), the right one marked, green since someone
    // was right, and the buttons kept but disabled.
    let letter = |i: usize| ["A", "B", "C", "D"][i];
    let option_line = |i: usize| {
        shown
            .lines()
            .find(|l| {
                l.contains(&format!(" · {}) ", letter(i)))
                    || l.contains(&format!(" · **{}) ", letter(i)))
            })
            .unwrap_or_else(|| panic!("a line for option {}: {shown}", letter(i)))
            .to_string()
    };
    let right_line = option_line(q1.answer);
    assert!(
        right_line.contains(" 2 · **") && right_line.ends_with("** ✅"),
        "{right_line}"
    );
    assert!(right_line.starts_with(&format!("`{}{}`", "█".repeat(7), "░".repeat(3))));
    let wrong_i = (q1.answer + 1) % 4;
    let wrong_line = option_line(wrong_i);
    assert!(
        wrong_line.contains(" 1 · ") && !wrong_line.contains('✅'),
        "{wrong_line}"
    );
    for i in (0..4).filter(|&i| i != q1.answer && i != wrong_i) {
        assert!(option_line(i).contains(&format!("`{}` 0 · ", "░".repeat(10))));
    }
    assert_eq!(
        reveal["embeds"][0]["color"],
        json!(0x2E9E4F),
        "green: someone was right"
    );
    let buttons = reveal["components"][0]["components"].as_array().unwrap();
    assert_eq!(buttons.len(), 4);
    assert!(buttons.iter().all(|b| b["disabled"] == json!(true)));
    assert!(buttons[q1.answer]["label"]
        .as_str()
        .unwrap()
        .starts_with('✅'));
    assert_eq!(
        buttons
            .iter()
            .filter(|b| b["label"].as_str().unwrap().contains('✅'))
            .count(),
        1
    );
    assert!(reveal["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .contains("time's up"));

    // A late click on question 1.
    assert!(click(&standin, wrong, BORIS).await.contains("Time's up"));

    // Question 2: only Alice answers, rightly.
    let second = posted(&standin, 2).await;
    let (q2, ids2) = question_of(&second);
    assert_ne!(q1.id, q2.id);
    assert!(click(&standin, &ids2[q2.answer], ALICE)
        .await
        .contains("Your answer is in"));
    let (message2, _) = edited(&standin, 2).await;
    assert_ne!(message1, message2);

    // The standings.
    let end = posted(&standin, 3).await;
    let table = end["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(end["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .contains("standings"));
    assert!(table.contains("All 2 questions asked."), "{table}");
    let lines = standings_lines(&table);
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].contains(&name(ALICE)) && lines[0].contains("(2 of 2 right)"),
        "{table}"
    );
    assert!(
        lines[1].contains(&name(CHIE)) && lines[1].contains("(1 of 1 right)"),
        "{table}"
    );
    assert!(
        lines[2].contains(&name(BORIS)) && lines[2].contains("0 points (0 of 1 right)"),
        "{table}"
    );
    assert!((20..=40).contains(&points_of(&lines[0])), "{table}");
    assert!((10..=20).contains(&points_of(&lines[1])), "{table}");
    // Each player's current streak: Alice's two right in a row; none for one right or none.
    assert!(lines[0].ends_with("· 🔥 2 in a row"), "{table}");
    assert!(
        !lines[1].contains("in a row") && !lines[2].contains("in a row"),
        "{table}"
    );

    let board = slash(&standin, BORIS, "leaderboard", json!([])).await;
    let before: Vec<String> =
        standings_lines(data(&board)["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(before, lines);
    bot.stop(&standin).await;

    // A new bot on the same database file: the table is the same.
    let bot = Running::start(&standin, &settings).await;
    let board = slash(&standin, BORIS, "leaderboard", json!([])).await;
    let after: Vec<String> =
        standings_lines(data(&board)["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(after, before, "the leaderboard survives a restart");
    let me = slash(&standin, CHIE, "me", json!([])).await;
    assert!(is_ephemeral(&me));
    assert!(
        content(&me).contains("1 of 1 answers right"),
        "{}",
        content(&me)
    );
    assert!(content(&me).contains("Place 2"), "{}", content(&me));
    assert!(
        content(&me).contains("Current streak: 1 right in a row."),
        "{}",
        content(&me)
    );
    let nobody = slash(&standin, BYSTANDER, "me", json!([])).await;
    assert!(
        content(&nobody).contains("not answered"),
        "{}",
        content(&nobody)
    );
    bot.stop(&standin).await;
    no_internals_in_any_quiz_message(&standin, 10);
}

/// Nothing of ours in any quiz message the stand-in received, posted, edited or answered to an
/// interaction (content, embeds and buttons alike): no article file, seed, replay command, quiz
/// number or question kind (the command line keeps `--seed`). `at_least` messages were sent.
fn no_internals_in_any_quiz_message(standin: &StandIn, at_least: usize) {
    let sent: Vec<_> = standin
        .requests()
        .into_iter()
        .filter(|r| {
            r.method != "GET" && (r.path.contains("/messages") || r.path.contains("/interactions/"))
        })
        .collect();
    assert!(sent.len() >= at_least, "only {} quiz messages", sent.len());
    for r in &sent {
        let body = String::from_utf8_lossy(&r.raw_body);
        for internal in [
            ".txt",
            "seed",
            "replay",
            "treatybot quiz",
            "quiz 1 ·",
            "· who",
        ] {
            assert!(!body.contains(internal), "{internal} in {} {body}", r.path);
        }
        assert!(
            !holds_article_file_name(&body),
            "an article file name in {} {body}",
            r.path
        );
    }
}

/// Whether a text holds an article's file name as the collection names them
/// (`000_481bb49a1f79b1e4`: three digits, an underscore, sixteen hex digits), with or without
/// its extension.
fn holds_article_file_name(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(19)).any(|i| {
        b[i..i + 3].iter().all(u8::is_ascii_digit)
            && b[i + 3] == b'_'
            && b[i + 4..i + 20].iter().all(u8::is_ascii_hexdigit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
    })
}

#[test]
fn an_article_file_name_is_recognised() {
    assert!(holds_article_file_name("quiz 1 · 000_481bb49a1f79b1e4.txt"));
    assert!(holds_article_file_name("000_481bb49a1f79b1e4"));
    assert!(!holds_article_file_name("TASS · 2016-11-03 · ¶2"));
}

/// Players in the live count test.
const CROWD: u64 = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_count_is_edited_at_most_once_a_second_and_the_reveal_teaches() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let seconds = 6;
    let settings = settings(&standin, dir.path(), Duration::from_secs(seconds));
    let bot = Running::start(&standin, &settings).await;
    slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 2 }]),
    )
    .await;

    // Question 1: eight players click as fast as they can, five right and three wrong.
    let first = posted(&standin, 1).await;
    let (q1, ids) = question_of(&first);
    let message = standin.channel_message_ids()[0].clone();
    assert!(first["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .ends_with("**0 answered**"));
    // Five clicks at once, as a crowd would click (the live count coalesces them), then three
    // more a moment apart (each may be edited in, at most once a second).
    let clicks: Vec<Value> = (0..CROWD)
        .map(|p| {
            let choice = if p < 5 {
                q1.answer
            } else {
                // Three wrong answers, spread over the other options.
                (q1.answer + 1 + (p as usize % 3)) % 4
            };
            click_payload(&standin, &ids[choice], ALICE + 100 + p)
        })
        .collect();
    for (i, c) in clicks.iter().enumerate() {
        if i >= 5 {
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        standin
            .dispatch("INTERACTION_CREATE", c.clone())
            .await
            .expect("dispatch");
    }
    for c in &clicks {
        let cb = standin
            .wait_for_callback(c, STEP)
            .await
            .expect("click answered");
        assert!(
            content(&cb).contains("Your answer is in"),
            "{}",
            content(&cb)
        );
    }
    let (revealed, reveal) = edited(&standin, 1).await;
    assert_eq!(revealed, message);
    let path = format!("{}/{message}", channel_path(&standin));
    let edits: Vec<Value> = standin
        .requests()
        .into_iter()
        .filter(|r| r.is("PATCH", &path))
        .map(|r| r.body.expect("edit body"))
        .collect();
    let live: Vec<&Value> = edits.iter().filter(|b| is_live_count(b)).collect();
    assert!(
        edits.len() as u64 <= seconds + 1,
        "{} edits of a question open {seconds} s: {} live counts and its reveal",
        edits.len(),
        live.len()
    );
    assert!(!live.is_empty(), "the count was edited in");
    assert!(
        is_live_count(&edits[edits.len() - 2]) && !is_live_count(&edits[edits.len() - 1]),
        "the reveal comes last"
    );
    let last = live.last().unwrap()["embeds"][0]["description"]
        .as_str()
        .unwrap();
    assert!(last.ends_with(&format!("**{CROWD} answered**")), "{last}");
    for b in &live {
        check_limits(b);
        assert!(
            b.get("components").is_none(),
            "a live count leaves the buttons alone"
        );
    }

    // The reveal: the bars add up to everyone, five on the right option, green.
    let shown = reveal["embeds"][0]["description"].as_str().unwrap();
    let counts: Vec<u64> = shown
        .lines()
        .filter(|l| l.starts_with('`'))
        .map(|l| l.split(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(counts.len(), 4, "{shown}");
    assert_eq!(counts.iter().sum::<u64>(), CROWD);
    assert_eq!(counts[q1.answer], 5, "{shown}");
    assert!(
        shown.contains(&format!("{CROWD} answered, 5 right")),
        "{shown}"
    );
    assert_eq!(reveal["embeds"][0]["color"], json!(0x2E9E4F));

    // Question 2: one wrong answer, nobody right: red, and still the passage and its source.
    let second = posted(&standin, 2).await;
    let (q2, ids2) = question_of(&second);
    assert!(click(&standin, &ids2[(q2.answer + 1) % 4], BORIS)
        .await
        .contains("Your answer is in"));
    let (_, reveal) = edited(&standin, 2).await;
    assert_eq!(
        reveal["embeds"][0]["color"],
        json!(0xC0392B),
        "red: nobody was right"
    );
    let shown = unescape(reveal["embeds"][0]["description"].as_str().unwrap());
    assert!(
        shown.contains("Nobody got it · 1 answered, 0 right"),
        "{shown}"
    );
    let source = &q2.citation.source;
    assert!(
        shown.contains(&format!(
            "— {} · {} ·",
            source.outlet,
            treatybot::present::quiz_date(treatybot::present::Lang::En, source.date)
        )),
        "{shown}"
    );
    posted(&standin, 3).await;
    bot.stop(&standin).await;
    no_internals_in_any_quiz_message(&standin, 8);
}

/// The `i`th (from 0) of the leaderboard test's players, with `100 - 3 i` points.
fn ranked(i: u64) -> u64 {
    1_300_000_000_000_001_000 + i
}

/// The custom id of a leaderboard message's `which` button (0 Prev, 1 Next), and whether it is
/// disabled.
fn page_button(message: &Value, which: usize) -> (String, bool) {
    let b = &message["components"][0]["components"][which];
    (
        b["custom_id"].as_str().expect("a page button").to_string(),
        b["disabled"] == json!(true),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leaderboard_pages_ten_players_at_a_time_and_shows_the_askers_place() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(5));
    // 25 players' answers already in the server's store, as earlier quizzes would leave them.
    let (db, guild) = (settings.quiz_database(), standin.config().guild_id);
    tokio::task::spawn_blocking(move || {
        use quiz::QuizStore;
        let store = quiz::SqliteStore::open(&db).unwrap();
        let quiz = store
            .begin(&quiz::NewQuiz {
                guild_id: guild,
                channel_id: 1,
                starter_id: 1,
                seed: 1,
                topic: None,
                seconds: 20,
                questions: &[],
                lang: "en",
            })
            .unwrap();
        for i in 0..25 {
            let answer = quiz::AnswerRecord {
                quiz,
                question: 0,
                user_id: ranked(i),
                user_name: name(ranked(i)),
                choice: 0,
                correct: true,
                points: 100 - 3 * i as u32,
            };
            assert!(store.record_answer(&answer).unwrap());
        }
        store.end(quiz, quiz::QuizStatus::Finished).unwrap();
    })
    .await
    .unwrap();
    let bot = Running::start(&standin, &settings).await;
    let asker = ranked(16);
    let you = format!("You ({}): #17, 52 points", name(asker));
    let players = |description: &str| -> Vec<String> {
        standings_lines(description)
            .iter()
            .map(|l| {
                l.split("** ")
                    .nth(1)
                    .unwrap()
                    .split(" — ")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let expect = |range: std::ops::Range<u64>| range.map(|i| name(ranked(i))).collect::<Vec<_>>();

    let cb = slash(&standin, asker, "leaderboard", json!([])).await;
    let page = data(&cb).clone();
    let d = page["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(players(d), expect(0..10), "{d}");
    assert!(
        d.starts_with(&format!("🥇 **1.** {} — 100 points", name(ranked(0)))),
        "{d}"
    );
    assert!(d.contains(&format!("🥈 **2.** {}", name(ranked(1)))), "{d}");
    assert!(d.contains(&format!("🥉 **3.** {}", name(ranked(2)))), "{d}");
    assert!(d.contains(&format!("\n**4.** {}", name(ranked(3)))), "{d}");
    assert!(d.ends_with(&you), "{d}");
    assert_eq!(
        page["embeds"][0]["footer"]["text"],
        json!("Page 1 of 3 · 25 players")
    );
    assert!(page_button(&page, 0).1, "no page before the first");
    let (next, disabled) = page_button(&page, 1);
    assert!(!disabled);
    assert_eq!(
        next,
        format!("tb:lb:{guild}:1"),
        "everything a page needs is in its button"
    );

    // Next: players 11–20, the asker's place still shown, no medals.
    let turned = turn_page(&standin, &next, asker).await;
    let d = turned["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(players(d), expect(10..20), "{d}");
    assert!(
        d.starts_with(&format!("**11.** {}", name(ranked(10)))),
        "{d}"
    );
    assert!(!d.contains('🥇') && d.ends_with(&you), "{d}");
    // The last page: players 21–25, no Next.
    let (next, _) = page_button(&turned, 1);
    let last = turn_page(&standin, &next, asker).await;
    let d = last["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(players(d), expect(20..25), "{d}");
    assert!(d.ends_with(&you), "{d}");
    assert!(page_button(&last, 1).1, "no page after the last");
    assert_eq!(
        last["embeds"][0]["footer"]["text"],
        json!("Page 3 of 3 · 25 players")
    );
    // Prev from there, turned by another player: their own place is shown.
    let (prev, _) = page_button(&last, 0);
    let back = turn_page(&standin, &prev, ranked(0)).await;
    let d = back["embeds"][0]["description"].as_str().unwrap();
    assert_eq!(players(d), expect(10..20), "{d}");
    assert!(
        d.ends_with(&format!("You ({}): #1, 100 points", name(ranked(0)))),
        "{d}"
    );
    // A page past the end (the table shrank since) shows the last one.
    let beyond = turn_page(&standin, &format!("tb:lb:{guild}:9"), asker).await;
    assert_eq!(
        players(beyond["embeds"][0]["description"].as_str().unwrap()),
        expect(20..25)
    );
    // A button naming another server's table shows nothing of it here.
    let other = click_payload(&standin, &format!("tb:lb:{}:0", guild + 1), asker);
    let refused = content(&send_click(&standin, &other).await);
    assert!(refused.contains("another server"), "{refused}");
    // Someone who never answered is told so.
    let cb = slash(&standin, BYSTANDER, "leaderboard", json!([])).await;
    assert!(data(&cb)["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .ends_with(&format!(
            "You ({}): no answers in this server yet.",
            name(BYSTANDER)
        )));
    bot.stop(&standin).await;
    no_internals_in_any_quiz_message(&standin, 6);
}

/// Clicks a leaderboard page button and returns the message it was turned into (an update of
/// the same message, public).
async fn turn_page(standin: &StandIn, custom_id: &str, user: u64) -> Value {
    let cb = click_updating(standin, custom_id, user).await;
    assert!(!is_ephemeral(&cb));
    data(&cb).clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_starter_or_a_moderator_may_stop_a_quiz_and_points_are_kept() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(60));
    let bot = Running::start(&standin, &settings).await;

    assert!(content(&slash(&standin, STARTER, "stop", json!([])).await).contains("No quiz"));
    slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "topic", "type": 3, "value": "Karasin" }]),
    )
    .await;
    let first = posted(&standin, 1).await;
    let (q1, ids) = question_of(&first);
    assert!(
        q1.citation.excerpt.contains("Karasin"),
        "on topic: {}",
        q1.citation.excerpt
    );
    assert!(click(&standin, &ids[q1.answer], ALICE)
        .await
        .contains("Your answer is in"));

    let refused = slash(&standin, BYSTANDER, "stop", json!([])).await;
    assert!(is_ephemeral(&refused));
    assert!(
        content(&refused).contains("Manage Messages"),
        "{}",
        content(&refused)
    );

    let stopped = slash_as(
        &standin,
        MODERATOR,
        "stop",
        json!([]),
        Some(WITH_MANAGE_MESSAGES),
    )
    .await;
    assert!(!is_ephemeral(&stopped));
    assert!(content(&stopped).contains(&format!("Quiz stopped by {}", name(MODERATOR))));

    let (_, reveal) = edited(&standin, 1).await;
    assert!(reveal["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains(&name(ALICE)));
    let end = posted(&standin, 2).await;
    let table = end["embeds"][0]["description"].as_str().unwrap();
    assert!(
        table.contains(&format!("Stopped by {} after 1 of", name(MODERATOR))),
        "{table}"
    );
    let lines = standings_lines(table);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(&name(ALICE)) && lines[0].contains("(1 of 1 right)"));

    // The channel is free again; this time the starter stops it.
    slash(&standin, STARTER, "start", json!([])).await;
    posted(&standin, 3).await;
    let stopped = slash(&standin, STARTER, "stop", json!([])).await;
    assert!(content(&stopped).contains(&format!("Quiz stopped by {}", name(STARTER))));
    let end = posted(&standin, 4).await;
    assert!(end["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Nobody answered."));

    let board = slash(&standin, STARTER, "leaderboard", json!([])).await;
    let lines = standings_lines(data(&board)["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(lines.len(), 1, "points won before the stop are kept");
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_interrupted_by_a_restart_is_closed_and_keeps_its_points() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(60));
    let bot = Running::start(&standin, &settings).await;
    slash(&standin, STARTER, "start", json!([])).await;
    let first = posted(&standin, 1).await;
    let (q1, ids) = question_of(&first);
    assert!(click(&standin, &ids[q1.answer], ALICE)
        .await
        .contains("Your answer is in"));
    let question_message = standin.channel_message_ids()[0].clone();
    bot.stop(&standin).await;

    let bot = Running::start(&standin, &settings).await;
    let (message, closed) = edited(&standin, 1).await;
    assert_eq!(
        message, question_message,
        "the interrupted question's message is edited"
    );
    let embed = &closed["embeds"][0];
    assert!(embed["title"].as_str().unwrap().contains("interrupted"));
    assert!(embed["description"]
        .as_str()
        .unwrap()
        .contains("Points already won are kept"));
    assert_eq!(closed["components"], json!([]));
    assert_eq!(
        standin.channel_message(&question_message).unwrap()["components"],
        json!([])
    );

    // Its buttons no longer take answers, its points count, and the channel is free.
    assert!(click(&standin, &ids[q1.answer], CHIE)
        .await
        .contains("Time's up"));
    let board = slash(&standin, STARTER, "leaderboard", json!([])).await;
    let lines = standings_lines(data(&board)["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(&name(ALICE)));
    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 1 }]),
    )
    .await;
    assert!(!is_ephemeral(&cb), "{}", content(&cb));
    posted(&standin, 2).await;
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_or_unusable_database_stops_the_bot_at_start_naming_the_file() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let db = dir.path().join("quiz.sqlite3");
    std::fs::write(&db, b"not SQLite at all, only text ".repeat(100)).unwrap();
    let s = settings(&standin, dir.path(), Duration::from_secs(5));
    let err = Bot::connect(
        &s,
        common::shared_engine(),
        Some(standin.loopback_only_client()),
    )
    .await
    .err()
    .expect("a corrupt database is refused");
    let msg = err.to_string();
    assert!(msg.contains(&db.display().to_string()), "{msg}");
    assert!(msg.contains("not a database"), "{msg}");

    let mut s = s.clone();
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    s.quiz.database = folder.clone();
    let err = Bot::connect(
        &s,
        common::shared_engine(),
        Some(standin.loopback_only_client()),
    )
    .await
    .err()
    .expect("a database that cannot be opened is refused");
    assert!(
        err.to_string().contains(&folder.display().to_string()),
        "{err}"
    );
    assert!(standin.requests().is_empty(), "nothing was sent to Discord");

    // The binary says the same and exits with an error, not a panic.
    let out = std::process::Command::new(common::bin())
        .arg("serve")
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", dir.path())
        .env("TREATYBOT__DISCORD__TOKEN", "test-token")
        .env("TREATYBOT__DISCORD__HTTP_PROXY", standin.base_url())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_ingested_while_the_bot_runs_is_in_the_next_quiz() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(2));
    let engine = own_engine(&settings).await;
    let bot = Running::start_with(&standin, &settings, std::sync::Arc::clone(&engine)).await;

    // Nobody by this name yet: no quiz on them.
    let newcomer = generated::official(0);
    let topic = json!([{ "name": "topic", "type": 3, "value": newcomer }]);
    let cb = slash(&standin, STARTER, "start", topic.clone()).await;
    assert!(is_ephemeral(&cb), "{}", content(&cb));
    assert!(
        content(&cb).contains("No question is about"),
        "{}",
        content(&cb)
    );

    // Another process ingests their article; the running bot sees the commit on its own.
    let collection = dir.path().join("wire.jsonl");
    generated::write_jsonl(&collection, 0, 1);
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .arg("ingest")
        .arg(&collection)
        .env("TREATYBOT__DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deadline = tokio::time::Instant::now() + STEP;
    while engine.size().0 < 6 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(engine.size().0, 6, "the bot's engine sees the new article");

    let cb = slash(&standin, STARTER, "start", topic).await;
    assert!(!is_ephemeral(&cb), "{}", content(&cb));
    let first = posted(&standin, 1).await;
    let description = first["embeds"][0]["description"].as_str().unwrap();
    let text = generated::text(0);
    let quoted = description
        .split('“')
        .nth(1)
        .and_then(|q| q.split('”').next())
        .expect("the question quotes its sentence");
    let (before, after) = quoted.split_once("\\_\\_\\_\\_\\_").expect("a blank");
    assert!(
        text.contains(&unescape(before)) && text.contains(&unescape(after)),
        "the question comes from the new article: {quoted}"
    );
    bot.stop(&standin).await;
}

/// A store whose first `begin` panics, then behaves like SQLite.
struct PanicsOnce {
    inner: treatybot::quiz::SqliteStore,
    panicked: std::sync::atomic::AtomicBool,
}

impl treatybot::quiz::QuizStore for PanicsOnce {
    fn begin(&self, quiz: &treatybot::quiz::NewQuiz) -> Result<i64, treatybot::quiz::StoreError> {
        if !self
            .panicked
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            panic!("a store failure nobody foresaw");
        }
        self.inner.begin(quiz)
    }
    fn set_message(&self, q: i64, n: u32, m: u64) -> Result<(), treatybot::quiz::StoreError> {
        self.inner.set_message(q, n, m)
    }
    fn record_answer(
        &self,
        a: &treatybot::quiz::AnswerRecord,
    ) -> Result<bool, treatybot::quiz::StoreError> {
        self.inner.record_answer(a)
    }
    fn end(
        &self,
        q: i64,
        status: treatybot::quiz::QuizStatus,
    ) -> Result<(), treatybot::quiz::StoreError> {
        self.inner.end(q, status)
    }
    fn running(&self) -> Result<Vec<treatybot::quiz::OpenQuiz>, treatybot::quiz::StoreError> {
        self.inner.running()
    }
    fn standings(
        &self,
        q: i64,
    ) -> Result<Vec<treatybot::quiz::Standing>, treatybot::quiz::StoreError> {
        self.inner.standings(q)
    }
    fn leaderboard(
        &self,
        g: u64,
        limit: usize,
    ) -> Result<Vec<treatybot::quiz::Standing>, treatybot::quiz::StoreError> {
        self.inner.leaderboard(g, limit)
    }
    fn player(
        &self,
        g: u64,
        u: u64,
    ) -> Result<treatybot::quiz::PlayerRecord, treatybot::quiz::StoreError> {
        self.inner.player(g, u)
    }
    fn leaderboard_page(
        &self,
        g: u64,
        offset: usize,
        limit: usize,
    ) -> Result<treatybot::quiz::LeaderboardPage, treatybot::quiz::StoreError> {
        self.inner.leaderboard_page(g, offset, limit)
    }
    fn answer_counts(
        &self,
        q: i64,
        n: u32,
        choices: usize,
    ) -> Result<Vec<u64>, treatybot::quiz::StoreError> {
        self.inner.answer_counts(q, n, choices)
    }
    fn answers(
        &self,
        q: i64,
        n: u32,
    ) -> Result<Vec<treatybot::quiz::AnswerRecord>, treatybot::quiz::StoreError> {
        self.inner.answers(q, n)
    }
}

#[test]
fn a_panic_while_a_quiz_starts_leaves_the_channel_free() {
    let dir = common::temp_data_dir();
    let store = PanicsOnce {
        inner: treatybot::quiz::SqliteStore::open(&dir.path().join("quiz.sqlite3")).unwrap(),
        panicked: Default::default(),
    };
    let hub = treatybot::discord::quiz::QuizHub::new(
        std::sync::Arc::new(store),
        common::shared_engine(),
        &Settings::defaults().quiz,
    )
    .unwrap();
    let start = || hub.start(1, 2, 3, 2, None, 20, 9);
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(start));
    assert!(first.is_err(), "the store panicked");
    let quiz = start()
        .expect("the store works now")
        .expect("the channel is free again, not stuck starting");
    assert_eq!(quiz.questions.len(), 2);
    assert!(matches!(
        start(),
        Ok(Err(treatybot::discord::quiz::StartRefused::Busy))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_quiz_start_is_deferred_then_edited_and_the_quiz_runs() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let mut settings = settings(&standin, dir.path(), Duration::from_secs(2));
    settings.answers.test_delay_ms = Some(2000);
    let bot = Running::start_with(&standin, &settings, own_engine(&settings).await).await;
    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 1 }]),
    )
    .await;
    assert_eq!(
        cb.callback_type(),
        Some(5),
        "a slow start is deferred first"
    );
    let edit = standin
        .wait_for_request(
            |r| r.method == "PATCH" && r.path.ends_with("/messages/@original"),
            STEP,
        )
        .await
        .expect("the start is edited in");
    let body = edit.body.clone().expect("edit body");
    check_limits(&body);
    assert!(
        body["content"]
            .as_str()
            .unwrap_or_default()
            .contains("1 question,"),
        "{body}"
    );
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    let first = posted(&standin, 1).await;
    question_of(&first);
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_a_quiz_runs_ends_serve_cleanly_and_keeps_the_answers() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let mut child = serve_process::serve_process(&standin, dir.path());
    if let Err(e) = standin.wait_ready(Duration::from_secs(60)).await {
        let _ = child.kill();
        panic!("serve never got READY: {e}");
    }
    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 3 }, { "name": "seconds", "type": 4, "value": 60 }]),
    )
    .await;
    assert!(!is_ephemeral(&cb), "{}", content(&cb));
    let first = posted(&standin, 1).await;
    let (q1, ids) = question_of(&first);
    assert!(click(&standin, &ids[q1.answer], ALICE)
        .await
        .contains("Your answer is in"));

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = serve_process::wait_exit(&mut child, Duration::from_secs(5)).await;
    if status.is_none() {
        let _ = child.kill();
    }
    assert!(
        status.expect("serve exits within 5 s").success(),
        "exit 0 on SIGTERM mid-quiz"
    );

    // The answer is in the store; the quiz stays open until the next start closes it.
    let store = quiz::SqliteStore::open(&dir.path().join("quiz.sqlite3")).unwrap();
    use quiz::QuizStore;
    let running = store.running().unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    let standings = store.standings(running[0].id).unwrap();
    assert_eq!(standings.len(), 1, "{standings:?}");
    assert_eq!(standings[0].user_id, ALICE);
    assert!(standings[0].points >= 10, "{standings:?}");
    assert!(standin.egress_attempts().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_serve_on_the_same_data_directory_stops_at_start_and_the_quiz_goes_on() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let mut first = serve_process::serve_process(&standin, dir.path());
    if let Err(e) = standin.wait_ready(Duration::from_secs(60)).await {
        let _ = first.kill();
        panic!("serve never got READY: {e}");
    }
    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 2 }, { "name": "seconds", "type": 4, "value": 60 }]),
    )
    .await;
    assert!(!is_ephemeral(&cb), "{}", content(&cb));
    let (q1, ids) = question_of(&posted(&standin, 1).await);
    assert!(click(&standin, &ids[q1.answer], ALICE)
        .await
        .contains("Your answer is in"));

    // The second bot stops before it opens anything, naming the first.
    let mut second = serve_process::serve_process(&standin, dir.path());
    let status = serve_process::wait_exit(&mut second, Duration::from_secs(10)).await;
    if status.is_none() {
        let _ = second.kill();
        let _ = first.kill();
    }
    assert_eq!(
        status.expect("the second serve stops at once").code(),
        Some(1)
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("already running"), "{stderr}");
    assert!(stderr.contains(&format!("pid {}", first.id())), "{stderr}");

    // The first bot's quiz is untouched: another answer in time still counts, and nothing
    // marked it interrupted.
    assert!(click(&standin, &ids[q1.answer], BORIS)
        .await
        .contains("Your answer is in"));
    let store = quiz::SqliteStore::open(&dir.path().join("quiz.sqlite3")).unwrap();
    use quiz::QuizStore;
    let running = store.running().unwrap();
    assert_eq!(running.len(), 1, "{running:?}");
    let _ = first.kill();
    let _ = first.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quiz_topic_autocompletes_people_places_and_years() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(5));
    let bot = Running::start(&standin, &settings).await;
    let choices = |typed: &str| {
        let i = standin.autocomplete(
            COMMAND_ID,
            "quiz",
            json!([{ "name": "start", "type": 1, "options": [
                { "name": "topic", "type": 3, "value": typed, "focused": true }
            ] }]),
            STARTER,
        );
        let standin = &standin;
        async move {
            standin
                .dispatch("INTERACTION_CREATE", i.clone())
                .await
                .expect("dispatch");
            let cb = standin
                .wait_for_callback(&i, STEP)
                .await
                .expect("autocomplete answered");
            assert_eq!(cb.callback_type(), Some(8));
            let values: Vec<String> = data(&cb)["choices"]
                .as_array()
                .expect("choices")
                .iter()
                .map(|c| c["value"].as_str().unwrap().to_string())
                .collect();
            assert!(values.len() <= 25);
            values
        }
    };
    let k = choices("k").await;
    assert!(k.contains(&"Grigory Karasin".to_string()), "{k:?}");
    assert!(k.contains(&"Kunashir".to_string()), "{k:?}");
    let years = choices("195").await;
    assert!(years.contains(&"1956".to_string()), "{years:?}");
    assert!(years.iter().all(|y| y.starts_with("195")), "{years:?}");
    // What is offered is a topic a quiz can be drawn on.
    let cb = slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "topic", "type": 3, "value": "Grigory Karasin" }]),
    )
    .await;
    assert!(!is_ephemeral(&cb), "{}", content(&cb));
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_runs_on_a_postgres_store_and_its_table_survives_a_restart() {
    // A private PostgreSQL on loopback; starting it is blocking work.
    let (cluster, url) = common::postgres::PgCluster::start_with_database("quiz").await;
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let mut settings = settings(&standin, dir.path(), Duration::from_secs(6));
    settings.database.url = url.clone();
    let bot = Running::start(&standin, &settings).await;

    slash(
        &standin,
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 1 }, { "name": "seconds", "type": 4, "value": 30 }]),
    )
    .await;
    let (q, ids) = question_of(&posted(&standin, 1).await);
    let alice = click_payload(&standin, &ids[q.answer], ALICE);
    assert!(content(&send_click(&standin, &alice).await).contains("Your answer is in"));
    // The same click delivered again, and a second click: each counted once by the database.
    standin
        .dispatch("INTERACTION_CREATE", alice.clone())
        .await
        .unwrap();
    let wrong = &ids[(q.answer + 1) % 4];
    assert!(click(&standin, wrong, BORIS)
        .await
        .contains("Your answer is in"));
    assert!(click(&standin, wrong, BORIS)
        .await
        .contains("already answered"));
    let end = posted(&standin, 2).await;
    let lines = standings_lines(end["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains(&name(ALICE)) && lines[0].contains("(1 of 1 right)"));
    assert!(lines[1].contains(&name(BORIS)) && lines[1].contains("0 points (0 of 1 right)"));
    bot.stop(&standin).await;
    assert!(
        !dir.path().join("quiz.sqlite3").exists(),
        "no SQLite file beside a PostgreSQL store"
    );

    // The answers are in PostgreSQL, and a new bot reads the same table from it.
    let guild = standin.config().guild_id;
    let table = tokio::task::spawn_blocking(move || {
        use quiz::QuizStore;
        let store = quiz::PostgresStore::connect(&url).unwrap();
        assert!(store.running().unwrap().is_empty(), "the quiz finished");
        store.leaderboard(guild, 10).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        table.iter().map(|s| s.user_id).collect::<Vec<_>>(),
        [ALICE, BORIS]
    );
    let bot = Running::start(&standin, &settings).await;
    let board = slash(&standin, BORIS, "leaderboard", json!([])).await;
    let after = standings_lines(data(&board)["embeds"][0]["description"].as_str().unwrap());
    assert_eq!(after, lines, "the leaderboard survives a restart");
    bot.stop(&standin).await;
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_speaks_its_starters_language_and_answers_each_player_in_theirs() {
    use treatybot::present::Lang;
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(60));
    let bot = Running::start(&standin, &settings).await;

    let none = slash_in(&standin, "ru", STARTER, "stop", json!([])).await;
    in_language(Lang::Ru, "/quiz stop with no quiz", &content(&none));
    let started = slash_in(
        &standin,
        "ja",
        STARTER,
        "start",
        json!([{ "name": "questions", "type": 4, "value": 2 }]),
    )
    .await;
    in_language(Lang::Ja, "the announcement", &content(&started));
    let busy = slash_in(&standin, "ru", ALICE, "start", json!([])).await;
    in_language(Lang::Ru, "a second start", &content(&busy));

    let first = posted(&standin, 1).await;
    in_language(Lang::Ja, "the question", &quiz_words(&first));
    let (q1, ids) = question_of(&first);
    let mut answer = click_payload(&standin, &ids[q1.answer], ALICE);
    answer["locale"] = json!("ru");
    let said = content(&send_click(&standin, &answer).await);
    in_language(Lang::Ru, "an answer's receipt", &said);

    let stopped = slash_in(&standin, "ja", STARTER, "stop", json!([])).await;
    in_language(Lang::Ja, "the stop", &content(&stopped));
    let (_, reveal) = edited(&standin, 1).await;
    in_language(Lang::Ja, "the reveal", &quiz_words(&reveal));
    let end = posted(&standin, 2).await;
    in_language(Lang::Ja, "the standings", &quiz_words(&end));

    let me = slash_in(&standin, "ru", ALICE, "me", json!([])).await;
    in_language(Lang::Ru, "/quiz me", &content(&me));
    let board = slash_in(&standin, "ru", ALICE, "leaderboard", json!([])).await;
    in_language(Lang::Ru, "/quiz leaderboard", &quiz_words(data(&board)));
    bot.stop(&standin).await;
}

/// How many seed articles write `answer` as whole words.
/// How many seed articles name what an easy question asks for, by any of its names: the
/// person (any form the register knows), the place (any of its gazetteer names) or the year,
/// counted on a fresh extraction of the seeds, not on the quiz's own count.
fn seed_articles_naming(q: &quiz::Question) -> usize {
    use treatybot::corpus::Corpus;
    use treatybot::extract::{extract, Gazetteer};
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    let places = Gazetteer::load(&common::root().join("config/places.toml")).unwrap();
    let found = extract(&corpus, &places);
    let key = q.fact.answer.as_str();
    found
        .mentions
        .iter()
        .filter(|paragraphs| {
            paragraphs.iter().any(|m| match q.kind {
                quiz::Kind::Who => m.people.iter().any(|x| x.person == key),
                quiz::Kind::Where => m.places.iter().any(|x| x.place == key),
                _ => m
                    .dates
                    .iter()
                    .any(|d| !d.relative && d.value.year.to_string() == key),
            })
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practice_is_private_to_its_player_records_nothing_and_goes_on_at_each_answer() {
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(60));
    let bot = Running::start(&standin, &settings).await;
    let channel = channel_path(&standin);

    let started = slash(
        &standin,
        ALICE,
        "start",
        json!([
            { "name": "mode", "type": 3, "value": "practice" },
            { "name": "questions", "type": 4, "value": 3 },
        ]),
    )
    .await;
    assert!(is_ephemeral(&started), "only its player sees a practice");
    let first = data(&started).clone();
    assert!(
        first["embeds"][0]["title"]
            .as_str()
            .unwrap()
            .contains("Practice · question 1 of 3"),
        "{first}"
    );
    let (choices, stop) = practice_buttons(&first);
    let (q1, ids) = question_of(&choices);
    assert!(ids.iter().all(|id| id.starts_with("tb:qp:")));

    // Nobody else may answer it (were the message ever shown to them).
    let other = content(&send_click(&standin, &click_payload(&standin, &ids[0], BORIS)).await);
    assert!(other.contains("someone else"), "{other}");

    // The answer is told at once, with its cited sentence, and the next question follows.
    let second = practice_click(&standin, &ids[q1.answer], ALICE).await;
    let d = second["embeds"][0]["description"].as_str().unwrap();
    assert!(d.contains("✅ Right"), "{d}");
    assert!(
        unescape(d).contains(&format!("> {}", q1.citation.excerpt)),
        "{d}"
    );
    assert!(second["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .contains("question 2 of 3"));
    let again = content(&send_click(&standin, &click_payload(&standin, &ids[0], ALICE)).await);
    assert!(again.contains("already answered"), "{again}");

    let (_, stop2) = practice_buttons(&second);
    let second_choice = second["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(stop, stop2);
    let third = practice_click(&standin, &second_choice, ALICE).await;
    let (_, stop3) = practice_buttons(&third);
    let over = practice_click(&standin, &stop3, ALICE).await;
    assert!(over["embeds"][0]["title"]
        .as_str()
        .unwrap()
        .contains("Practice over"));
    assert!(over["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("of 2 right"));
    assert_eq!(over["components"], json!([]), "no buttons once over");
    let late = content(&send_click(&standin, &click_payload(&standin, &ids[1], ALICE)).await);
    assert!(late.contains("has ended"), "{late}");

    // Nothing reached the channel or the store: no points, no streak, no line in the table.
    assert!(
        !standin.requests().iter().any(|r| r.is("POST", &channel)),
        "a practice posts nothing in the channel"
    );
    let me = slash(&standin, ALICE, "me", json!([])).await;
    assert!(
        content(&me).contains("not answered a quiz question"),
        "{}",
        content(&me)
    );
    let board = slash(&standin, ALICE, "leaderboard", json!([])).await;
    assert!(data(&board)["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("No quiz answers"));

    // An easy practice asks only who, when and where of what several articles report.
    let easy = slash(
        &standin,
        BORIS,
        "start",
        json!([
            { "name": "mode", "type": 3, "value": "practice" },
            { "name": "difficulty", "type": 3, "value": "easy" },
        ]),
    )
    .await;
    assert!(is_ephemeral(&easy));
    let mut message = data(&easy).clone();
    let mut asked = 0;
    while asked < 5 {
        let (choices, _) = practice_buttons(&message);
        if asked == 0 {
            let (q, _) = question_of(&choices);
            assert!(
                matches!(
                    q.kind,
                    quiz::Kind::Who | quiz::Kind::When | quiz::Kind::Where
                ),
                "{}",
                q.sentence
            );
            assert!(
                seed_articles_naming(&q) >= quiz::CORE_ARTICLES,
                "{} ({}) is one article's detail",
                q.right(),
                q.fact.answer
            );
        }
        let label = choices["components"][0]["components"][0]["custom_id"]
            .as_str()
            .unwrap()
            .to_string();
        message = practice_click(&standin, &label, BORIS).await;
        asked += 1;
        if message["components"] == json!([]) {
            break;
        }
    }
    bot.stop(&standin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_closes_a_quiz_in_the_language_it_was_played_in() {
    use treatybot::present::Lang;
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(60));
    let bot = Running::start(&standin, &settings).await;
    slash_in(&standin, "ru", STARTER, "start", json!([])).await;
    posted(&standin, 1).await;
    bot.stop(&standin).await;

    let bot = Running::start(&standin, &settings).await;
    let (_, closed) = edited(&standin, 1).await;
    in_language(Lang::Ru, "the interrupted notice", &quiz_words(&closed));
    bot.stop(&standin).await;
}

/// Everything a quiz message shows: its embed's title, description and footer, its content
/// and its buttons' labels, Markdown escapes taken out.
fn everything_shown(body: &Value) -> String {
    let e = &body["embeds"][0];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let labels: Vec<String> = body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| text(&b["label"]))
        .collect();
    unescape(&format!(
        "{}\n{}\n{}\n{}\n{}",
        text(&body["content"]),
        text(&e["title"]),
        text(&e["description"]),
        text(&e["footer"]["text"]),
        labels.join("\n")
    ))
}

/// The articles' own words a question shows besides its quoted sentence: its choices, the
/// cited excerpt, its article's outlet and headline, and the names, role or date of its note.
/// Longest first, so a name inside a longer one is taken out with it.
fn articles_words(q: &quiz::Question) -> Vec<String> {
    let mut v = q.choices.clone();
    let s = &q.citation.source;
    v.extend([
        q.citation.excerpt.clone(),
        s.outlet.clone(),
        s.title.clone(),
    ]);
    match &q.note {
        Some(quiz::Note::Person { name, role }) => {
            v.extend([name.clone()].into_iter().chain(role.clone()))
        }
        Some(quiz::Note::Place { name, others }) => {
            v.push(name.clone());
            v.extend(others.iter().cloned());
        }
        Some(quiz::Note::Written(words)) => v.push(words.clone()),
        None => {}
    }
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

/// Asserts a quiz message in `lang` holds no English but the articles' own words: no phrase
/// of the English catalogue and no run of English words outside its quotations once the
/// question's choices, excerpt, source and note are taken out, and some of `lang`'s script.
fn no_english_but_the_articles(
    lang: treatybot::present::Lang,
    what: &str,
    shown: &str,
    questions: &[&quiz::Question],
) {
    let mut text = shown.to_string();
    let mut words: Vec<String> = questions.iter().flat_map(|q| articles_words(q)).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in words {
        text = text.replace(&w, " ");
    }
    let english = common::english_in(&text);
    assert!(
        english.is_empty(),
        "{what} in {lang}: English {english:?} in {shown}"
    );
    let run = common::english_run(&text, &[]);
    assert_eq!(run, None, "{what} in {lang}: English in {shown}");
    assert!(
        common::in_script_of(lang, shown),
        "{what} not in {lang}: {shown}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_in_japanese_or_russian_shows_no_english_but_the_articles_words() {
    use treatybot::present::Lang;
    let standin = StandIn::start().await;
    let dir = common::temp_data_dir();
    let settings = settings(&standin, dir.path(), Duration::from_secs(3));
    let bot = Running::start(&standin, &settings).await;
    let (mut posts, mut edits) = (0, 0);
    for lang in [Lang::Ja, Lang::Ru] {
        let started = slash_in(
            &standin,
            lang.code(),
            STARTER,
            "start",
            json!([{ "name": "questions", "type": 4, "value": 2 }]),
        )
        .await;
        no_english_but_the_articles(lang, "the announcement", &content(&started), &[]);
        let mut asked = Vec::new();
        for n in 0..2 {
            posts += 1;
            let message = posted(&standin, posts).await;
            let (q, ids) = question_of(&message);
            let what = format!("question {}", n + 1);
            no_english_but_the_articles(lang, &what, &everything_shown(&message), &[&q]);
            // One right answer, so the reveal names who got it.
            let mut answer = click_payload(&standin, &ids[q.answer], ALICE);
            answer["locale"] = json!(lang.code());
            let receipt = content(&send_click(&standin, &answer).await);
            no_english_but_the_articles(lang, "an answer's receipt", &receipt, &[&q]);
            edits += 1;
            let (_, reveal) = edited(&standin, edits).await;
            let what = format!("the reveal of question {}", n + 1);
            no_english_but_the_articles(lang, &what, &everything_shown(&reveal), &[&q]);
            asked.push(q);
        }
        posts += 1;
        let standings = posted(&standin, posts).await;
        let asked: Vec<&quiz::Question> = asked.iter().collect();
        no_english_but_the_articles(lang, "the standings", &everything_shown(&standings), &asked);
    }

    // A practice in Japanese: its question, then the answer told with its note and source.
    let started = slash_in(
        &standin,
        "ja",
        BORIS,
        "start",
        json!([
            { "name": "mode", "type": 3, "value": "practice" },
            { "name": "questions", "type": 4, "value": 2 },
        ]),
    )
    .await;
    let first = data(&started).clone();
    let (choices, _) = practice_buttons(&first);
    let (q1, ids) = question_of(&choices);
    no_english_but_the_articles(
        Lang::Ja,
        "a practice question",
        &everything_shown(&first),
        &[&q1],
    );
    let second = practice_click(&standin, &ids[(q1.answer + 1) % 4], BORIS).await;
    let (choices, _) = practice_buttons(&second);
    let d = second["embeds"][0]["description"].as_str().unwrap();
    let asked = d.split("\n\n").nth(1).unwrap_or_default();
    let mut next = choices.clone();
    next["embeds"][0]["description"] = json!(d[d.find(asked).unwrap()..]);
    let (q2, _) = question_of(&next);
    no_english_but_the_articles(
        Lang::Ja,
        "a practice answer and its next question",
        &everything_shown(&second),
        &[&q1, &q2],
    );
    bot.stop(&standin).await;
}
