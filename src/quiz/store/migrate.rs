//! `treatybot migrate-store`: every quiz, question, answer and point of a SQLite store copied
//! into an empty PostgreSQL store, in one transaction with the unexpired long queries of page
//! buttons, then counted on both sides; then the servers' reading lists of the local ingest
//! journal into the shared journal.

use std::path::{Path, PathBuf};

use super::postgres::{Fail, IMPORT_TIMEOUT};
use super::{PostgresStore, SqliteStore, StoreDump, StoreError};
use crate::corpus::ServerId;
use crate::ingest::journal::{self, Entry};

/// Rows per statement when copying a store in.
const IMPORT_CHUNK: usize = 5_000;

/// Row counts of a store, to check a copy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreTotals {
    /// Quizzes.
    pub quizzes: u64,
    /// Questions.
    pub questions: u64,
    /// Answers.
    pub answers: u64,
    /// Points won, summed.
    pub points: u64,
}

impl PostgresStore {
    /// Row counts and points, to check a copy.
    pub fn totals(&self) -> Result<StoreTotals, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let r = client
                .query_one(
                    "SELECT (SELECT COUNT(*) FROM quizzes), (SELECT COUNT(*) FROM quiz_questions),
                            (SELECT COUNT(*) FROM answers),
                            (SELECT COALESCE(SUM(points), 0)::BIGINT FROM answers)",
                    &[],
                )
                .await?;
            Ok(StoreTotals {
                quizzes: r.get::<_, i64>(0) as u64,
                questions: r.get::<_, i64>(1) as u64,
                answers: r.get::<_, i64>(2) as u64,
                points: r.get::<_, i64>(3) as u64,
            })
        })
    }

    /// Copies every row of `dump` in one transaction, keeping quiz ids and the times long
    /// queries were kept (so they expire when they would have), then moves the id sequence past
    /// the quizzes. Refuses ([`StoreError::TargetNotEmpty`]) a store holding any quiz. Returns
    /// how many long queries were kept that the store did not hold.
    pub fn import(&self, dump: &StoreDump) -> Result<u64, StoreError> {
        self.block_within(IMPORT_TIMEOUT, async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            // Nobody may start a quiz while the check and the copy run.
            tx.batch_execute("LOCK TABLE quizzes IN EXCLUSIVE MODE")
                .await?;
            let held: i64 = tx
                .query_one("SELECT COUNT(*) FROM quizzes", &[])
                .await?
                .get(0);
            if held > 0 {
                return Err(Fail::NotEmpty(held as u64));
            }
            for chunk in dump.quizzes.chunks(IMPORT_CHUNK) {
                let col = |f: fn(&super::QuizRow) -> i64| chunk.iter().map(f).collect::<Vec<_>>();
                let topic: Vec<Option<String>> = chunk.iter().map(|q| q.topic.clone()).collect();
                let seconds: Vec<i32> = chunk.iter().map(|q| q.seconds).collect();
                let status: Vec<String> = chunk.iter().map(|q| q.status.clone()).collect();
                let message: Vec<Option<i64>> = chunk.iter().map(|q| q.message_id).collect();
                let current: Vec<i32> = chunk.iter().map(|q| q.current_question).collect();
                let started: Vec<String> = chunk.iter().map(|q| q.started_at.clone()).collect();
                let ended: Vec<Option<String>> = chunk.iter().map(|q| q.ended_at.clone()).collect();
                let lang: Vec<String> = chunk.iter().map(|q| q.lang.clone()).collect();
                tx.execute(
                    "INSERT INTO quizzes (id, guild_id, channel_id, starter_id, seed, topic, seconds,
                                          status, message_id, current_question, started_at, ended_at,
                                          lang)
                     SELECT id, g, c, s, seed, topic, secs, status, msg, cur,
                            started::timestamptz, ended::timestamptz, lang
                     FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                                 $5::bigint[], $6::text[], $7::int[], $8::text[], $9::bigint[],
                                 $10::int[], $11::text[], $12::text[], $13::text[])
                       AS t(id, g, c, s, seed, topic, secs, status, msg, cur, started, ended,
                            lang)",
                    &[
                        &col(|q| q.id),
                        &col(|q| q.guild_id),
                        &col(|q| q.channel_id),
                        &col(|q| q.starter_id),
                        &col(|q| q.seed),
                        &topic,
                        &seconds,
                        &status,
                        &message,
                        &current,
                        &started,
                        &ended,
                        &lang,
                    ],
                )
                .await?;
            }
            for chunk in dump.questions.chunks(IMPORT_CHUNK) {
                let quiz: Vec<i64> = chunk.iter().map(|q| q.quiz_id).collect();
                let number: Vec<i32> = chunk.iter().map(|q| q.number).collect();
                let qid: Vec<String> = chunk.iter().map(|q| q.question_id.clone()).collect();
                let body: Vec<String> = chunk.iter().map(|q| q.body.clone()).collect();
                tx.execute(
                    "INSERT INTO quiz_questions (quiz_id, number, question_id, body)
                     SELECT * FROM UNNEST($1::bigint[], $2::int[], $3::text[], $4::text[])",
                    &[&quiz, &number, &qid, &body],
                )
                .await?;
            }
            for chunk in dump.answers.chunks(IMPORT_CHUNK) {
                let quiz: Vec<i64> = chunk.iter().map(|a| a.quiz_id).collect();
                let number: Vec<i32> = chunk.iter().map(|a| a.number).collect();
                let user: Vec<i64> = chunk.iter().map(|a| a.user_id).collect();
                let name: Vec<String> = chunk.iter().map(|a| a.user_name.clone()).collect();
                let choice: Vec<i32> = chunk.iter().map(|a| a.choice).collect();
                let correct: Vec<bool> = chunk.iter().map(|a| a.correct).collect();
                let points: Vec<i32> = chunk.iter().map(|a| a.points).collect();
                let at: Vec<String> = chunk.iter().map(|a| a.answered_at.clone()).collect();
                // In the source's order, so `seq` (which breaks ties between names) follows it.
                tx.execute(
                    "INSERT INTO answers (quiz_id, number, user_id, user_name, choice, correct,
                                          points, answered_at)
                     SELECT q, n, u, name, ch, ok, p, at::timestamptz
                     FROM UNNEST($1::bigint[], $2::int[], $3::bigint[], $4::text[], $5::int[],
                                 $6::bool[], $7::int[], $8::text[])
                       WITH ORDINALITY AS t(q, n, u, name, ch, ok, p, at, ord)
                     ORDER BY ord",
                    &[&quiz, &number, &user, &name, &choice, &correct, &points, &at],
                )
                .await?;
            }
            // A key is made from its query, so a key already here (a process on this store
            // answered the same long query) holds the same query: the first kept stays.
            let mut pages = 0;
            for chunk in dump.page_queries.chunks(IMPORT_CHUNK) {
                let key: Vec<String> = chunk.iter().map(|p| p.key.clone()).collect();
                let query: Vec<String> = chunk.iter().map(|p| p.query.clone()).collect();
                let kept: Vec<String> = chunk.iter().map(|p| p.kept_at.clone()).collect();
                pages += tx
                    .execute(
                        "INSERT INTO page_queries (key, query, kept_at)
                         SELECT k, q, at::timestamptz
                         FROM UNNEST($1::text[], $2::text[], $3::text[]) AS t(k, q, at)
                         ON CONFLICT (key) DO NOTHING",
                        &[&key, &query, &kept],
                    )
                    .await?;
            }
            // New quizzes continue after the copied ids.
            tx.batch_execute(
                "SELECT setval(pg_get_serial_sequence('quizzes', 'id'),
                               COALESCE((SELECT MAX(id) FROM quizzes), 0) + 1, false)",
            )
            .await?;
            tx.commit().await?;
            Ok(pages)
        })
    }
}

/// What a migration copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    /// The SQLite file read.
    pub from: PathBuf,
    /// The PostgreSQL server written, as `HOST:PORT/DATABASE`.
    pub to: String,
    /// What arrived there (checked against what was read).
    pub copied: StoreTotals,
    /// Long queries of page buttons copied (the unexpired ones the target did not hold), so
    /// answers posted before the move keep turning their pages.
    pub page_queries: u64,
    /// Reading list entries copied from the local journal; `None` when the shared journal
    /// already held entries and none were copied.
    pub reading_lists: Option<u64>,
}

/// The reading-list entries of the ingest journal under `data_dir`: every article a server
/// added that is still on its list (its last version, none removed), in journal order, each
/// with its server. Only what the index committed is read, as a rebuild would.
fn local_reading_lists(data_dir: &Path) -> Result<Vec<(ServerId, Entry)>, StoreError> {
    let path = journal::path(data_dir);
    let committed = crate::index::committed_journal_len(&data_dir.join("index"));
    let entries = journal::read(&path, committed).map_err(|e| StoreError::Query {
        store: format!("ingest journal {}", path.display()),
        message: e.to_string(),
    })?;
    Ok(journal::live(entries)
        .into_iter()
        .filter_map(|(a, _)| {
            let server = a.server?;
            (ServerId::of_article_id(&a.id) == Some(server)).then_some((server, Entry::Article(a)))
        })
        .collect())
}

/// What a dump holds, counted as [`PostgresStore::totals`] counts.
fn totals(dump: &StoreDump) -> StoreTotals {
    StoreTotals {
        quizzes: dump.quizzes.len() as u64,
        questions: dump.questions.len() as u64,
        answers: dump.answers.len() as u64,
        points: dump.answers.iter().map(|a| a.points.max(0) as u64).sum(),
    }
}

/// Copies the SQLite store at `from` into the PostgreSQL store at `to_url` (made and migrated
/// if new), then the reading lists of the ingest journal under `data_dir` into its shared
/// journal when that is empty. Refuses a missing source ([`StoreError::NoSource`]: opening
/// would make an empty one) and a target that holds any quiz ([`StoreError::TargetNotEmpty`]),
/// so running it twice copies nothing twice. Blocking.
pub fn migrate_sqlite_to_postgres(
    from: &Path,
    to_url: &str,
    data_dir: &Path,
) -> Result<MigrateReport, StoreError> {
    if !from.is_file() {
        return Err(StoreError::NoSource(from.to_path_buf()));
    }
    let source = SqliteStore::open(from)?;
    let dump = source.export()?;
    let target = PostgresStore::connect(to_url)?;
    let page_queries = target.import(&dump)?;
    let want = totals(&dump);
    let copied = target.totals()?;
    if copied != want {
        // Only another writer between the commit and the count could do this.
        return Err(StoreError::Query {
            store: format!("PostgreSQL quiz store at {}", target.server()),
            message: format!("after the copy it holds {copied:?}, the SQLite file {want:?}"),
        });
    }
    let lists = local_reading_lists(data_dir)?;
    let reading_lists = target.import_reading_lists(&lists)?;
    Ok(MigrateReport {
        from: from.to_path_buf(),
        to: target.server().to_string(),
        copied,
        page_queries,
        reading_lists,
    })
}
