//! Quiz leases in PostgreSQL: the process that started a quiz owns it while it renews its lease
//! (every [`RENEW_EVERY`], for [`LEASE`]); once a lease runs out (the process died or lost the
//! database) another process takes the quiz over and finishes it. The row update that takes a
//! quiz re-checks the lease under the row's lock, so each quiz goes to one process only.
//!
//! Times are the database's (`now()`), never two machines' clocks compared.

use std::time::Duration;

use super::postgres::{Fail, PostgresStore};
use super::{uid, OpenQuestion, Question, TakenQuiz};

/// How long a lease lasts unless renewed: a dead owner's quiz is taken over within about this
/// long plus one [`RENEW_EVERY`].
pub const LEASE: Duration = Duration::from_secs(4);

/// How often an owner renews its leases and looks for quizzes to take over.
pub const RENEW_EVERY: Duration = Duration::from_secs(1);

/// The lease as PostgreSQL reads an interval.
pub(super) fn lease_interval() -> String {
    format!("{} milliseconds", LEASE.as_millis())
}

/// A store's owner name: random per process start, so a restarted process takes over its own
/// earlier quizzes like any other's once their lease runs out. Never shown to users.
pub(super) fn owner_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut rng = crate::quiz::rng::Rng::new(nanos ^ u64::from(std::process::id()).rotate_left(32));
    format!("{:016x}", rng.next_u64())
}

fn duration_ms(ms: Option<f64>) -> Option<Duration> {
    ms.map(|ms| Duration::from_millis(ms.max(0.0) as u64))
}

fn question(body: &str) -> Result<Question, Fail> {
    serde_json::from_str(body).map_err(|e| Fail::Data(format!("a stored question: {e}")))
}

impl PostgresStore {
    /// See [`super::QuizStore::renew_leases`].
    pub(super) async fn renew(&self) -> Result<Vec<i64>, Fail> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "UPDATE quizzes SET lease_until = now() + $2::text::interval
                 WHERE owner = $1 AND status = 'running' RETURNING id",
                &[&self.owner, &lease_interval()],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// See [`super::QuizStore::lost_leases`]. A quiz another owner took and already ended
    /// counts too: this process's timer must not reveal or close it again.
    pub(super) async fn lost(&self, running_here: &[i64]) -> Result<Vec<i64>, Fail> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT id FROM quizzes WHERE id = ANY($1) AND owner IS DISTINCT FROM $2",
                &[&running_here, &self.owner],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// See [`super::QuizStore::take_over`].
    pub(super) async fn take(&self) -> Result<Vec<TakenQuiz>, Fail> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let rows = tx
            .query(
                "UPDATE quizzes SET owner = $1, lease_until = now() + $2::text::interval
                 WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now())
                 RETURNING id, guild_id, channel_id, starter_id, seed, topic, seconds,
                           current_question, message_id,
                           (EXTRACT(EPOCH FROM (now() - question_opened_at)) * 1000)::float8, lang",
                &[&self.owner, &lease_interval()],
            )
            .await?;
        let mut taken = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.get(0);
            let bodies = tx
                .query(
                    "SELECT body FROM quiz_questions WHERE quiz_id = $1 ORDER BY number",
                    &[&id],
                )
                .await?;
            let questions = bodies
                .iter()
                .map(|b| question(b.get(0)))
                .collect::<Result<Vec<_>, _>>()?;
            let message: Option<i64> = r.get(8);
            let ago = duration_ms(r.get::<_, Option<f64>>(9));
            taken.push(TakenQuiz {
                id,
                guild_id: uid(r.get(1)),
                channel_id: uid(r.get(2)),
                starter_id: uid(r.get(3)),
                seed: r.get::<_, i64>(4) as u64,
                topic: r.get(5),
                seconds: r.get::<_, i32>(6).max(0) as u32,
                questions,
                current: r.get::<_, i32>(7).max(0) as u32,
                shown: message.map(uid).zip(ago),
                lang: r.get(10),
            });
        }
        tx.commit().await?;
        Ok(taken)
    }

    /// See [`super::QuizStore::open_question`].
    pub(super) async fn open_now(&self, quiz: i64) -> Result<Option<OpenQuestion>, Fail> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT q.channel_id, q.current_question, q.seconds,
                        (EXTRACT(EPOCH FROM (now() - q.question_opened_at)) * 1000)::float8, qq.body
                 FROM quizzes q JOIN quiz_questions qq
                   ON qq.quiz_id = q.id AND qq.number = q.current_question
                 WHERE q.id = $1 AND q.status = 'running' AND q.question_opened_at IS NOT NULL",
                &[&quiz],
            )
            .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let Some(elapsed) = duration_ms(r.get::<_, Option<f64>>(3)) else {
            return Ok(None);
        };
        Ok(Some(OpenQuestion {
            channel_id: uid(r.get(0)),
            number: r.get::<_, i32>(1).max(0) as u32,
            elapsed,
            seconds: r.get::<_, i32>(2).max(0) as u32,
            question: question(r.get(4))?,
        }))
    }
}
