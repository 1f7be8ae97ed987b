//! The binary with a PostgreSQL quiz store: `treatybot migrate-store` copying a SQLite store into
//! a real PostgreSQL (a private cluster on loopback, `common::postgres`), and a server that
//! cannot be reached stopping `serve` and `migrate-store` at once with a message to act on.

mod common;

use std::time::{Duration, Instant};

use common::postgres::{PgCluster, PASSWORD};
use treatybot::engine::{Audience, ServerId};
use treatybot::ingest::journal::{Entry, Removal};
use treatybot::ingest::Incoming;
use treatybot::present::Lang;
use treatybot::quiz::store::ReadingListLog;
use treatybot::quiz::{
    self, AnswerRecord, NewQuiz, PostgresStore, QuizStatus, QuizStore, SqliteStore,
};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A loopback port nothing listens on (bound, then let go).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn migrate_store_copies_every_quiz_question_answer_and_point_into_postgres() {
    let data = common::temp_data_dir();
    let sqlite_path = data.path().join("quiz.sqlite3");
    let questions = quiz::draw(common::engine().seen_by(Audience::SHARED), 3, 7, None).unwrap();
    assert_eq!(questions.len(), 3);

    // Quizzes in two servers, each way a quiz ends, and one still running (cut off).
    let source = SqliteStore::open(&sqlite_path).unwrap();
    let mut quizzes = Vec::new();
    for (guild, channel, status) in [
        (1, 10, Some(QuizStatus::Finished)),
        (1, 11, Some(QuizStatus::Stopped)),
        (2, 20, Some(QuizStatus::Interrupted)),
        (2, 21, None),
    ] {
        let id = source
            .begin(&NewQuiz {
                guild_id: guild,
                channel_id: channel,
                starter_id: 5,
                seed: 7,
                topic: Some("Karasin"),
                seconds: 20,
                questions: &questions,
                lang: "en",
            })
            .unwrap();
        for (n, user) in [(0, 100), (0, 101), (1, 100), (2, 102), (2, 100)] {
            let correct = (u64::from(n) + user) % 2 == 0;
            assert!(source
                .record_answer(&AnswerRecord {
                    quiz: id,
                    question: n,
                    user_id: user,
                    user_name: format!("player{user}"),
                    choice: if correct { 0 } else { 1 },
                    correct,
                    points: if correct { 10 + n + user as u32 % 7 } else { 0 },
                })
                .unwrap());
        }
        source.set_message(id, 2, 9_000 + id as u64).unwrap();
        if let Some(status) = status {
            source.end(id, status).unwrap();
        }
        quizzes.push((guild, id));
    }

    // Long queries kept for page buttons: one kept today, one 25 days ago (good for 5 more),
    // one past the 30 days (expired: not copied, and no button of it finds it anywhere).
    let long = |n: u32| format!("/search {n} {}", "southern Kuril islands treaty ".repeat(4));
    for (key, n) in [("page-new", 1), ("page-aged", 2), ("page-old", 3)] {
        assert!(source.keep_page_query(key, &long(n)).unwrap());
    }
    let raw = rusqlite::Connection::open(&sqlite_path).unwrap();
    for (key, days) in [("page-aged", 25), ("page-old", 31)] {
        raw.execute(
            "UPDATE page_queries SET kept_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)
             WHERE key = ?2",
            (format!("-{days} days"), key),
        )
        .unwrap();
    }
    drop(raw);

    // The deployment's ingest journal: a server's article still on its list, one it removed,
    // and an article of the shared collection (not a reading list's).
    let article = |id: &str, server: Option<u64>| {
        Entry::Article(Incoming {
            id: id.into(),
            title: format!("About {id}"),
            text: "Words of a server's own page.".into(),
            file: "page.html".into(),
            line: 1,
            server: server.map(ServerId),
            ..Incoming::default()
        })
    };
    let lines = [
        article("s5/https://example.org/kept", Some(5)),
        article("s5/https://example.org/gone", Some(5)),
        Entry::Removed(Removal {
            removed: "s5/https://example.org/gone".into(),
        }),
        article("shared-1", None),
    ];
    let journal: String = lines
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect();
    std::fs::write(data.path().join("ingested.jsonl"), journal).unwrap();

    let cluster = PgCluster::start();
    let url = cluster.create_database("quiz");
    // The URL is given on the command line only; the SQLite file is found from the data dir.
    let out = common::run_bin(data.path(), &["migrate-store", "--to", &url], &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Copied 4 quizzes, 12 questions and 20 answers"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("127.0.0.1:{}/quiz", cluster.port())));
    assert!(stdout.contains("Copied 1 reading list entries"), "{stdout}");
    assert!(
        stdout.contains("Copied 2 long queries kept for page buttons"),
        "{stdout}"
    );
    assert!(!stdout.contains(PASSWORD) && !stderr.contains(PASSWORD));

    // Everything reads the same from both stores.
    let target = PostgresStore::connect(&url).unwrap();
    let shared = target.since(0, 10).unwrap();
    assert_eq!(shared.len(), 1, "{shared:?}");
    assert_eq!((shared[0].seq, shared[0].server), (1, ServerId(5)));
    assert_eq!(shared[0].entry, lines[0]);
    for &(guild, id) in &quizzes {
        assert_eq!(
            target.standings(id).unwrap(),
            source.standings(id).unwrap(),
            "quiz {id}"
        );
        assert!(!source.standings(id).unwrap().is_empty());
        for user in [100, 101, 102, 103] {
            assert_eq!(
                target.player(guild, user).unwrap(),
                source.player(guild, user).unwrap()
            );
        }
    }
    for guild in [1, 2] {
        assert_eq!(
            target.leaderboard(guild, 10).unwrap(),
            source.leaderboard(guild, 10).unwrap()
        );
    }
    assert_eq!(target.running().unwrap(), source.running().unwrap());
    // Page buttons posted before the move turn their pages after it; the expired one does not.
    for (key, n) in [("page-new", 1), ("page-aged", 2)] {
        assert_eq!(target.page_query(key).unwrap(), Some(long(n)), "{key}");
    }
    assert_eq!(target.page_query("page-old").unwrap(), None);
    // Each keeps the day it was kept, so it expires when it would have on SQLite.
    cluster.execute(
        "quiz",
        "DELETE FROM page_queries WHERE kept_at < now() - interval '20 days'",
    );
    assert_eq!(
        target.page_query("page-aged").unwrap(),
        None,
        "kept 25 days ago"
    );
    assert_eq!(target.page_query("page-new").unwrap(), Some(long(1)));
    let totals = target.totals().unwrap();
    let points: u64 = [1, 2]
        .iter()
        .flat_map(|&g| source.leaderboard(g, 100).unwrap())
        .map(|s| s.points)
        .sum();
    assert_eq!(
        (
            totals.quizzes,
            totals.questions,
            totals.answers,
            totals.points
        ),
        (4, 12, 20, points)
    );
    // New quizzes carry on after the copied ids; the same answer is still refused.
    let max = quizzes.iter().map(|q| q.1).max().unwrap();
    let next = target
        .begin(&NewQuiz {
            guild_id: 1,
            channel_id: 10,
            starter_id: 5,
            seed: 1,
            topic: None,
            seconds: 20,
            questions: &questions,
            lang: "en",
        })
        .unwrap();
    assert!(next > max, "{next} after {max}");
    assert!(!target
        .record_answer(&AnswerRecord {
            quiz: quizzes[0].1,
            question: 0,
            user_id: 100,
            user_name: "again".into(),
            choice: 0,
            correct: true,
            points: 20,
        })
        .unwrap());

    // A second run copies nothing: the target holds quizzes now.
    let again = common::run_bin(data.path(), &["migrate-store", "--to", &url], &[]);
    let stderr = text(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("already holds 5 quizzes"), "{stderr}");
    assert_eq!(target.since(0, 10).unwrap().len(), 1, "copied once");
    assert!(stderr.contains("empty"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    assert_eq!(target.totals().unwrap().quizzes, 5);

    // A wrong password is the server's refusal, said as such; neither password is shown.
    let wrong = url.replace(PASSWORD, "not-the-pw-41");
    let refused = common::run_bin(data.path(), &["migrate-store", "--to", &wrong], &[]);
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("password authentication failed"),
        "{stderr}"
    );
    assert!(stderr.contains("Check the user, password"), "{stderr}");
    assert!(!stderr.contains("not-the-pw-41") && !stderr.contains(PASSWORD));

    // No SQLite file: nothing to migrate, and none is made.
    let empty = common::temp_data_dir();
    let none = common::run_bin(empty.path(), &["migrate-store", "--to", &url], &[]);
    let stderr = text(&none.stderr);
    assert_eq!(none.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing to migrate"), "{stderr}");
    assert!(!empty.path().join("quiz.sqlite3").exists());
}

#[test]
fn an_unreachable_postgres_stops_serve_and_migrate_store_naming_host_and_port_only() {
    let port = closed_port();
    let url = format!("postgres://treatybot:{PASSWORD}@127.0.0.1:{port}/quiz");
    let data = common::temp_data_dir();
    let started = Instant::now();
    let out = common::run_bin(
        data.path(),
        &["serve"],
        &[
            ("TREATYBOT__DISCORD__TOKEN", "test-token"),
            // Never reached: the store is opened first.
            ("TREATYBOT__DISCORD__HTTP_PROXY", "http://127.0.0.1:9"),
            ("TREATYBOT__DATABASE__URL", &url),
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr.contains(&format!("cannot reach PostgreSQL at 127.0.0.1:{port}/quiz")),
        "{stderr}"
    );
    assert!(stderr.contains("TREATYBOT__DATABASE__URL"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // It stopped before the articles were opened: no index was built.
    let index = treatybot::engine::index_dir(&common::settings(data.path()));
    assert!(!index.exists(), "{}", index.display());

    let sqlite = common::temp_data_dir();
    drop(SqliteStore::open(&sqlite.path().join("quiz.sqlite3")).unwrap());
    let out = common::run_bin(sqlite.path(), &["migrate-store", "--to", &url], &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");

    // A URL that is not PostgreSQL's is a usage error, and is not repeated.
    let out = common::run_bin(
        sqlite.path(),
        &[
            "migrate-store",
            "--to",
            &format!("mysql://u:{PASSWORD}@h/db"),
        ],
        &[],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("postgres://"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
}

#[test]
fn processes_starting_together_on_a_new_database_migrate_it_once() {
    let cluster = PgCluster::start();
    let url = cluster.create_database("fresh");
    // Four stores opened at the same moment, as four processes starting would: the advisory
    // lock lets one migrate, and the others find the tables made.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let opened: Vec<_> = (0..4)
        .map(|_| {
            let (url, barrier) = (url.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                PostgresStore::connect(&url).map(|_| ())
            })
        })
        .collect();
    for o in opened {
        o.join().unwrap().expect("every process starts");
    }
    // One row per migration, however many processes started.
    cluster.execute(
        "fresh",
        &format!(
            "DO $$ BEGIN
               IF (SELECT COUNT(*) FROM schema_version) <> {} THEN
                 RAISE EXCEPTION 'schema_version holds % rows', (SELECT COUNT(*) FROM schema_version);
               END IF;
             END $$",
            PostgresStore::SCHEMA_VERSION
        ),
    );
    let store = PostgresStore::connect(&url).unwrap();
    assert_eq!(store.totals().unwrap().quizzes, 0);
}

#[test]
fn a_long_query_kept_for_page_buttons_is_shared_read_back_and_expires() {
    let cluster = PgCluster::start();
    let url = cluster.create_database("pages");
    // Two processes' stores: what one keeps, the other reads.
    let (a, b) = (
        PostgresStore::connect(&url).unwrap(),
        PostgresStore::connect(&url).unwrap(),
    );
    assert_eq!(b.page_query("k1").unwrap(), None);
    assert!(a.keep_page_query("k1", "a long query").unwrap());
    // Kept again (the same command answered in another process): the first stays.
    assert!(b.keep_page_query("k1", "another").unwrap());
    assert_eq!(b.page_query("k1").unwrap().as_deref(), Some("a long query"));
    // Past its days it is gone, and the next one kept deletes it.
    cluster.execute(
        "pages",
        &format!(
            "UPDATE page_queries SET kept_at = now() - interval '{} days' - interval '1 hour'",
            quiz::store::PAGE_QUERY_DAYS
        ),
    );
    assert_eq!(a.page_query("k1").unwrap(), None, "expired");
    a.keep_page_query("k2", "kept now").unwrap();
    cluster.execute(
        "pages",
        "DO $$ BEGIN
           IF (SELECT COUNT(*) FROM page_queries) <> 1 THEN
             RAISE EXCEPTION 'page_queries holds % rows', (SELECT COUNT(*) FROM page_queries);
           END IF;
         END $$;",
    );
    assert_eq!(b.page_query("k2").unwrap().as_deref(), Some("kept now"));
}

#[test]
fn remove_on_the_command_line_leaves_servers_shared_lists_to_sources_remove() {
    let data = common::temp_data_dir();
    let server_article = "s1100000000000000100/page-1";
    // `remove` needs no store: a URL nothing answers at is enough to say the lists are shared.
    let url = format!(
        "postgres://treatybot:{PASSWORD}@127.0.0.1:{}/quiz",
        closed_port()
    );
    let on_postgres = [("TREATYBOT__DATABASE__URL", url.as_str())];
    let out = common::run_bin(data.path(), &["remove", server_article], &on_postgres);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!out.status.success(), "{said}");
    assert!(said.contains(server_article), "{said}");
    assert!(said.contains("/sources remove"), "{said}");
    assert!(!said.contains(PASSWORD), "{said}");
    // Said in the reader's language (a typed refusal, worded by the catalogue), and as its
    // English text in `--json`.
    for lang in [Lang::Ja, Lang::Ru] {
        let out = common::run_bin(
            data.path(),
            &["--lang", lang.code(), "remove", server_article],
            &on_postgres,
        );
        let said = text(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains("/sources remove"), "{said}");
        assert!(common::in_script_of(lang, &said), "{said}");
        let english = common::english_in(&said);
        assert!(english.is_empty(), "{lang:?}: {english:?} in {said}");
        let run = common::english_run(&said, &[server_article]);
        assert!(run.is_none(), "{lang:?}: {run:?} in {said}");
    }
    let out = common::run_bin(
        data.path(),
        &["remove", "--json", server_article],
        &on_postgres,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["refused"][0][0], server_article, "{json}");
    let reason = json["refused"][0][1].as_str().unwrap();
    assert!(reason.contains("/sources remove in that server"), "{json}");
    // The shared collection stays each process's own to change: an unknown id is not found.
    let out = common::run_bin(data.path(), &["remove", "no-such-article"], &on_postgres);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("no-such-article"), "{said}");
    assert!(!said.contains("/sources remove"), "{said}");
    // Without PostgreSQL a server's list is this process's alone: looked up, not refused.
    let out = common::run_bin(data.path(), &["remove", server_article], &[]);
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains(server_article), "{said}");
    assert!(!said.contains("/sources remove"), "{said}");
}
