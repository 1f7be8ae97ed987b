//! The embedded SQLite store: one file under the data directory, no server to run.
//!
//! SQLite specifics stay in this file: versioned migrations counted in `PRAGMA user_version`,
//! WAL so readers do not block the writer, and a write at open so a read-only or corrupt file is
//! reported at start rather than mid-quiz.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use super::{
    id, uid, AnswerRecord, AnswerRow, LeaderboardPage, NewQuiz, OpenQuiz, PageQueryRow,
    PlayerRecord, QuestionRow, QuizRow, QuizStatus, QuizStore, Standing, StoreDump, StoreError,
};

/// Longest a store call waits for another writer.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(750);

/// Schema migrations, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    // 1: quizzes, their questions, answers.
    "CREATE TABLE quizzes (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        starter_id INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        topic TEXT,
        seconds INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'interrupted')),
        message_id INTEGER,
        current_question INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        ended_at TEXT
    );
    CREATE INDEX quizzes_running ON quizzes (status) WHERE status = 'running';
    CREATE TABLE quiz_questions (
        quiz_id INTEGER NOT NULL REFERENCES quizzes (id),
        number INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (quiz_id, number)
    );
    CREATE TABLE answers (
        quiz_id INTEGER NOT NULL REFERENCES quizzes (id),
        number INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        user_name TEXT NOT NULL,
        choice INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        points INTEGER NOT NULL,
        answered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (quiz_id, number, user_id)
    );
    CREATE INDEX answers_by_user ON answers (user_id);
    CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: a player's wrong answers by themselves, so their latest (where their current streak
    // starts) is found without reading every answer they gave.
    "CREATE INDEX answers_wrong_by_user ON answers (user_id) WHERE correct = 0;",
    // 3: the language of a quiz's messages, for the notice a restart leaves on it.
    "ALTER TABLE quizzes ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';",
    // 4: commands too long for a page button's custom id, by key (`page_queries.rs`).
    "CREATE TABLE page_queries (
        key TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        kept_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX page_queries_by_age ON page_queries (kept_at);",
];

/// A player's current streak in a server: their answers there after their latest wrong one, in
/// the order they were taken (`rowid`; `migrate-store` keeps it as PostgreSQL's `seq`).
const STREAK: &str = "SELECT COUNT(*) FROM answers a JOIN quizzes q ON q.id = a.quiz_id
     WHERE q.guild_id = ?1 AND a.user_id = ?2 AND a.rowid > COALESCE(
        (SELECT MAX(b.rowid) FROM answers b JOIN quizzes qb ON qb.id = b.quiz_id
         WHERE qb.guild_id = ?1 AND b.user_id = ?2 AND b.correct = 0), 0)";

/// The current streak of player `user` in server `guild` (see [`STREAK`]).
fn streak(conn: &Connection, guild: i64, user: i64) -> rusqlite::Result<u64> {
    conn.prepare_cached(STREAK)?
        .query_row(params![guild, user], |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
}

/// The SQLite store: one connection behind a mutex (each call is short).
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (or creates) the database at `path`, applies pending migrations, and proves it can
    /// be written. Any failure names the file.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let fail = |message: String| StoreError::Open {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot create its folder {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        let store = SqliteStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        };
        match store.prepare() {
            Ok(None) => Ok(store),
            Ok(Some(found)) => Err(StoreError::TooNew {
                store: format!("quiz database {}", path.display()),
                found,
                known: MIGRATIONS.len() as i64,
            }),
            Err(e) => Err(fail(e.to_string())),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this binary writes (`PRAGMA user_version` once migrated).
    pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

    /// Checks and migrates the file; `Some(version)` when its schema is newer than this binary's.
    fn prepare(&self) -> rusqlite::Result<Option<i64>> {
        let mut conn = self.lock();
        // Another process holding the file waits a call at most this long: well inside Discord's
        // 3-second acknowledgement deadline, so a busy database becomes an error reply, not a
        // dropped interaction.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A corrupt file fails here ("file is not a database"), before anything is asked of it.
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(format!("integrity check failed: {check}")),
            ));
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "the quiz database could not switch to WAL mode");
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > Self::SCHEMA_VERSION {
            return Ok(Some(version));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
            tracing::info!(version = i + 1, "quiz database migrated");
        }
        // A real write now, so a read-only file or folder fails at start, not mid-quiz.
        conn.execute(
            "INSERT INTO store_meta (key, value) VALUES ('opened_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        Ok(None)
    }

    /// Every quiz, question and answer, in id order (answers oldest first), and the unexpired
    /// long queries of page buttons, for `migrate-store`.
    /// Read in one transaction, so a bot still writing cannot split a quiz from its answers.
    pub fn export(&self) -> Result<StoreDump, StoreError> {
        let mut conn = self.lock();
        let run = |conn: &mut Connection| -> rusqlite::Result<StoreDump> {
            let tx = conn.transaction()?;
            let quizzes = tx
                .prepare(
                    "SELECT id, guild_id, channel_id, starter_id, seed, topic, seconds, status,
                            message_id, current_question, started_at, ended_at, lang
                     FROM quizzes ORDER BY id",
                )?
                .query_map([], |r| {
                    Ok(QuizRow {
                        id: r.get(0)?,
                        guild_id: r.get(1)?,
                        channel_id: r.get(2)?,
                        starter_id: r.get(3)?,
                        seed: r.get(4)?,
                        topic: r.get(5)?,
                        seconds: r.get(6)?,
                        status: r.get(7)?,
                        message_id: r.get(8)?,
                        current_question: r.get(9)?,
                        started_at: r.get(10)?,
                        ended_at: r.get(11)?,
                        lang: r.get(12)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let questions = tx
                .prepare(
                    "SELECT quiz_id, number, question_id, body FROM quiz_questions
                     ORDER BY quiz_id, number",
                )?
                .query_map([], |r| {
                    Ok(QuestionRow {
                        quiz_id: r.get(0)?,
                        number: r.get(1)?,
                        question_id: r.get(2)?,
                        body: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let answers = tx
                .prepare(
                    "SELECT quiz_id, number, user_id, user_name, choice, correct, points, answered_at
                     FROM answers ORDER BY rowid",
                )?
                .query_map([], |r| {
                    Ok(AnswerRow {
                        quiz_id: r.get(0)?,
                        number: r.get(1)?,
                        user_id: r.get(2)?,
                        user_name: r.get(3)?,
                        choice: r.get(4)?,
                        correct: r.get(5)?,
                        points: r.get(6)?,
                        answered_at: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // Only the unexpired: an expired one answers "expired" on either store.
            let page_queries = tx
                .prepare(&format!(
                    "SELECT key, query, kept_at FROM page_queries
                     WHERE kept_at >= {} ORDER BY kept_at, key",
                    super::page_queries::SQLITE_CUTOFF
                ))?
                .query_map([super::PAGE_QUERY_DAYS], |r| {
                    Ok(PageQueryRow {
                        key: r.get(0)?,
                        query: r.get(1)?,
                        kept_at: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(StoreDump {
                quizzes,
                questions,
                answers,
                page_queries,
            })
        };
        run(&mut conn).map_err(|e| self.query_err(e))
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn query_err(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Query {
            store: format!("quiz database {}", self.path.display()),
            message: e.to_string(),
        }
    }

    /// Lines `offset..offset + limit` of the table of answers where `filter` is `value`, with
    /// each player's current streak in server `guild`.
    fn standings_where(
        &self,
        filter: &str,
        value: i64,
        guild: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Standing>, StoreError> {
        let conn = self.lock();
        let sql = format!(
            "SELECT a.user_id,
                    (SELECT b.user_name FROM answers b WHERE b.user_id = a.user_id
                      ORDER BY b.answered_at DESC, b.rowid DESC LIMIT 1),
                    SUM(a.points), SUM(a.correct), COUNT(*)
             FROM answers a JOIN quizzes q ON q.id = a.quiz_id
             WHERE {filter} = ?1
             GROUP BY a.user_id
             ORDER BY SUM(a.points) DESC, SUM(a.correct) DESC, a.user_id
             LIMIT ?2 OFFSET ?3"
        );
        let mut stmt = conn.prepare(&sql).map_err(|e| self.query_err(e))?;
        let rows = stmt
            .query_map(params![value, limit as i64, offset as i64], |r| {
                Ok(Standing {
                    user_id: uid(r.get(0)?),
                    name: r.get(1)?,
                    points: r.get::<_, i64>(2)? as u64,
                    right: r.get::<_, i64>(3)? as u64,
                    answered: r.get::<_, i64>(4)? as u64,
                    streak: 0,
                })
            })
            .map_err(|e| self.query_err(e))?;
        let mut lines = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.query_err(e))?;
        for line in &mut lines {
            line.streak = streak(&conn, guild, id(line.user_id)).map_err(|e| self.query_err(e))?;
        }
        Ok(lines)
    }
}

impl QuizStore for SqliteStore {
    fn keep_page_query(&self, key: &str, query: &str) -> Result<bool, StoreError> {
        self.keep_query(key, query).map(|()| true)
    }

    fn page_query(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.kept_query(key)
    }

    fn begin(&self, quiz: &NewQuiz) -> Result<i64, StoreError> {
        let mut conn = self.lock();
        let run = |conn: &mut Connection| -> rusqlite::Result<i64> {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO quizzes (guild_id, channel_id, starter_id, seed, topic, seconds, status, lang)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7)",
                params![
                    id(quiz.guild_id),
                    id(quiz.channel_id),
                    id(quiz.starter_id),
                    quiz.seed as i64,
                    quiz.topic,
                    quiz.seconds,
                    quiz.lang
                ],
            )?;
            let quiz_id = tx.last_insert_rowid();
            for (n, q) in quiz.questions.iter().enumerate() {
                let body = serde_json::to_string(q).unwrap_or_default();
                tx.execute(
                    "INSERT INTO quiz_questions (quiz_id, number, question_id, body) VALUES (?1, ?2, ?3, ?4)",
                    params![quiz_id, n as i64, q.id, body],
                )?;
            }
            tx.commit()?;
            Ok(quiz_id)
        };
        run(&mut conn).map_err(|e| self.query_err(e))
    }

    fn set_message(&self, quiz: i64, question: u32, message_id: u64) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE quizzes SET message_id = ?2, current_question = ?3 WHERE id = ?1",
                params![quiz, id(message_id), question],
            )
            .map(|_| ())
            .map_err(|e| self.query_err(e))
    }

    fn record_answer(&self, a: &AnswerRecord) -> Result<bool, StoreError> {
        // The primary key (quiz, question, user) makes a second click, or the same click
        // delivered twice, a no-op.
        self.lock()
            .execute(
                "INSERT INTO answers (quiz_id, number, user_id, user_name, choice, correct, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (quiz_id, number, user_id) DO NOTHING",
                params![
                    a.quiz,
                    a.question,
                    id(a.user_id),
                    a.user_name,
                    a.choice,
                    a.correct,
                    a.points
                ],
            )
            .map(|n| n == 1)
            .map_err(|e| self.query_err(e))
    }

    fn end(&self, quiz: i64, status: QuizStatus) -> Result<(), StoreError> {
        self.lock()
            .execute(
                "UPDATE quizzes SET status = ?2, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1 AND status = 'running'",
                params![quiz, status.as_str()],
            )
            .map(|_| ())
            .map_err(|e| self.query_err(e))
    }

    fn running(&self) -> Result<Vec<OpenQuiz>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare(
                "SELECT id, guild_id, channel_id, message_id, lang FROM quizzes
                 WHERE status = 'running' ORDER BY id",
            )
            .map_err(|e| self.query_err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(OpenQuiz {
                    id: r.get(0)?,
                    guild_id: uid(r.get(1)?),
                    channel_id: uid(r.get(2)?),
                    message_id: r.get::<_, Option<i64>>(3)?.map(uid),
                    lang: r.get(4)?,
                })
            })
            .map_err(|e| self.query_err(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.query_err(e))
    }

    fn answers(&self, quiz: i64, question: u32) -> Result<Vec<AnswerRecord>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare(
                "SELECT user_id, user_name, choice, correct, points FROM answers
                 WHERE quiz_id = ?1 AND number = ?2 ORDER BY rowid",
            )
            .map_err(|e| self.query_err(e))?;
        let rows = stmt
            .query_map(params![quiz, question], |r| {
                Ok(AnswerRecord {
                    quiz,
                    question,
                    user_id: uid(r.get(0)?),
                    user_name: r.get(1)?,
                    choice: r.get::<_, i64>(2)?.max(0) as u32,
                    correct: r.get(3)?,
                    points: r.get::<_, i64>(4)?.max(0) as u32,
                })
            })
            .map_err(|e| self.query_err(e))?;
        rows.collect::<Result<_, _>>()
            .map_err(|e| self.query_err(e))
    }

    fn standings(&self, quiz: i64) -> Result<Vec<Standing>, StoreError> {
        let guild: Option<i64> = self
            .lock()
            .query_row(
                "SELECT guild_id FROM quizzes WHERE id = ?1",
                params![quiz],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.query_err(e))?;
        match guild {
            Some(guild) => self.standings_where("a.quiz_id", quiz, guild, 0, 1000),
            None => Ok(Vec::new()),
        }
    }

    fn leaderboard(&self, guild_id: u64, limit: usize) -> Result<Vec<Standing>, StoreError> {
        self.standings_where("q.guild_id", id(guild_id), id(guild_id), 0, limit)
    }

    fn leaderboard_page(
        &self,
        guild_id: u64,
        offset: usize,
        limit: usize,
    ) -> Result<LeaderboardPage, StoreError> {
        let lines =
            self.standings_where("q.guild_id", id(guild_id), id(guild_id), offset, limit)?;
        let players: i64 = self
            .lock()
            .query_row(
                "SELECT COUNT(DISTINCT a.user_id) FROM answers a JOIN quizzes q ON q.id = a.quiz_id
                 WHERE q.guild_id = ?1",
                params![id(guild_id)],
                |r| r.get(0),
            )
            .map_err(|e| self.query_err(e))?;
        Ok(LeaderboardPage {
            lines,
            players: players as u64,
        })
    }

    fn answer_counts(
        &self,
        quiz: i64,
        question: u32,
        choices: usize,
    ) -> Result<Vec<u64>, StoreError> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare(
                "SELECT choice, COUNT(*) FROM answers WHERE quiz_id = ?1 AND number = ?2
                 GROUP BY choice",
            )
            .map_err(|e| self.query_err(e))?;
        let rows = stmt
            .query_map(params![quiz, question], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(|e| self.query_err(e))?;
        let mut counts = vec![0; choices];
        for row in rows {
            let (choice, n) = row.map_err(|e| self.query_err(e))?;
            if let Some(c) = usize::try_from(choice).ok().and_then(|c| counts.get_mut(c)) {
                *c = n as u64;
            }
        }
        Ok(counts)
    }

    fn player(&self, guild_id: u64, user_id: u64) -> Result<PlayerRecord, StoreError> {
        let conn = self.lock();
        let row = conn
            .query_row(
                "SELECT SUM(a.points), SUM(a.correct), COUNT(*), COUNT(DISTINCT a.quiz_id)
                 FROM answers a JOIN quizzes q ON q.id = a.quiz_id
                 WHERE q.guild_id = ?1 AND a.user_id = ?2",
                params![id(guild_id), id(user_id)],
                |r| {
                    Ok((
                        r.get::<_, Option<i64>>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                },
            )
            .map_err(|e| self.query_err(e))?;
        let (points, right, answered, quizzes) = row;
        if answered == 0 {
            return Ok(PlayerRecord::default());
        }
        let points = points.unwrap_or(0);
        let ahead: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM (
                    SELECT a.user_id, SUM(a.points) AS p FROM answers a
                    JOIN quizzes q ON q.id = a.quiz_id WHERE q.guild_id = ?1
                    GROUP BY a.user_id HAVING p > ?2)",
                params![id(guild_id), points],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.query_err(e))?
            .unwrap_or(0);
        let streak = streak(&conn, id(guild_id), id(user_id)).map_err(|e| self.query_err(e))?;
        Ok(PlayerRecord {
            points: points as u64,
            right: right.unwrap_or(0) as u64,
            answered: answered as u64,
            quizzes: quizzes as u64,
            rank: Some(ahead as u64 + 1),
            streak,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_quiz(guild: u64) -> NewQuiz<'static> {
        NewQuiz {
            guild_id: guild,
            channel_id: 2,
            starter_id: 3,
            seed: 4,
            topic: None,
            seconds: 20,
            questions: &[],
            lang: "en",
        }
    }

    fn answer(quiz: i64, question: u32, user: u64, correct: bool, points: u32) -> AnswerRecord {
        AnswerRecord {
            quiz,
            question,
            user_id: user,
            user_name: format!("user{user}"),
            choice: 1,
            correct,
            points,
        }
    }

    #[test]
    fn answers_count_once_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/quiz.sqlite3");
        let quiz = {
            let s = SqliteStore::open(&path).unwrap();
            let quiz = s.begin(&new_quiz(1)).unwrap();
            assert!(s.record_answer(&answer(quiz, 0, 10, true, 18)).unwrap());
            assert!(!s.record_answer(&answer(quiz, 0, 10, false, 0)).unwrap());
            assert!(s.record_answer(&answer(quiz, 0, 11, false, 0)).unwrap());
            assert!(s.record_answer(&answer(quiz, 1, 11, true, 12)).unwrap());
            s.set_message(quiz, 1, 99).unwrap();
            quiz
        };
        let s = SqliteStore::open(&path).unwrap();
        let table = s.standings(quiz).unwrap();
        assert_eq!(
            table
                .iter()
                .map(|t| (t.user_id, t.points, t.right, t.answered))
                .collect::<Vec<_>>(),
            [(10, 18, 1, 1), (11, 12, 1, 2)]
        );
        assert_eq!(
            s.running().unwrap(),
            [OpenQuiz {
                id: quiz,
                guild_id: 1,
                channel_id: 2,
                message_id: Some(99),
                lang: "en".into(),
            }]
        );
        s.end(quiz, QuizStatus::Interrupted).unwrap();
        assert!(s.running().unwrap().is_empty());
        assert_eq!(s.leaderboard(1, 10).unwrap().len(), 2, "points are kept");
        assert!(s.leaderboard(7, 10).unwrap().is_empty(), "per server");
        let me = s.player(1, 11).unwrap();
        assert_eq!((me.points, me.quizzes, me.rank), (12, 1, Some(2)));
        assert_eq!(s.player(1, 12).unwrap(), PlayerRecord::default());
        let mode: String = s
            .lock()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let version: i64 = s
            .lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_first_version_file_migrates_and_its_answers_give_streaks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quiz.sqlite3");
        {
            // A store as the first schema left it, with answers.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute_batch(
                "INSERT INTO quizzes (id, guild_id, channel_id, starter_id, seed, seconds, status)
                 VALUES (1, 7, 2, 3, 4, 20, 'finished');
                 INSERT INTO answers (quiz_id, number, user_id, user_name, choice, correct, points)
                 VALUES (1, 0, 10, 'a', 0, 1, 10), (1, 1, 10, 'a', 1, 0, 0),
                        (1, 2, 10, 'a', 0, 1, 10), (1, 3, 10, 'a', 0, 1, 10);",
            )
            .unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        let version: i64 = s
            .lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        assert_eq!(s.player(7, 10).unwrap().streak, 2);
        // A quiz recorded before its language was kept reads as English.
        s.lock()
            .execute("UPDATE quizzes SET status = 'running' WHERE id = 1", [])
            .unwrap();
        assert_eq!(s.running().unwrap()[0].lang, "en");
        assert_eq!(s.standings(1).unwrap()[0].streak, 2);
        assert!(s.standings(404).unwrap().is_empty());
    }

    #[test]
    fn a_corrupt_or_unusable_file_is_named_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let corrupt = dir.path().join("quiz.sqlite3");
        std::fs::write(
            &corrupt,
            b"this is not a database, just some bytes".repeat(200),
        )
        .unwrap();
        let err = SqliteStore::open(&corrupt).err().unwrap().to_string();
        assert!(err.contains(&corrupt.display().to_string()), "{err}");
        assert!(err.contains("not a database"), "{err}");

        // A folder where the file should be cannot be opened as a database.
        let folder = dir.path().join("folder.sqlite3");
        std::fs::create_dir(&folder).unwrap();
        let err = SqliteStore::open(&folder).err().unwrap().to_string();
        assert!(err.contains(&folder.display().to_string()), "{err}");

        // A newer schema than this build knows is refused rather than misread.
        let newer = dir.path().join("newer.sqlite3");
        drop(SqliteStore::open(&newer).unwrap());
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = SqliteStore::open(&newer).err().unwrap();
        assert!(
            matches!(
                err,
                StoreError::TooNew {
                    found: 99,
                    known: SqliteStore::SCHEMA_VERSION,
                    ..
                }
            ),
            "{err}"
        );
        let err = err.to_string();
        assert!(err.contains("newer"), "{err}");
        assert!(err.contains(&newer.display().to_string()), "{err}");
    }
}
