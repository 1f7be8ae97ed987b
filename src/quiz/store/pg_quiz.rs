//! The quiz store's calls on PostgreSQL ([`QuizStore`] for [`PostgresStore`]): games, questions,
//! answers (one per player per question, by the table's key) and the tables of points, each
//! call one transaction run on the store's own runtime with [`super::CALL_TIMEOUT`].

use super::postgres::{Fail, PostgresStore};
use super::{
    id, uid, AnswerRecord, LeaderboardPage, NewQuiz, OpenQuiz, PlayerRecord, QuizStatus, QuizStore,
    Standing, StoreError,
};

/// Players' current streaks in a server: for each of `$2`, their answers there after their
/// latest wrong one, in the order they were taken (`seq`, which `migrate-store` fills in SQLite's
/// order); players with none are left out.
const STREAKS: &str = "SELECT a.user_id, COUNT(*) FROM answers a JOIN quizzes q ON q.id = a.quiz_id
     WHERE q.guild_id = $1 AND a.user_id = ANY($2) AND a.seq > COALESCE(
        (SELECT MAX(b.seq) FROM answers b JOIN quizzes qb ON qb.id = b.quiz_id
         WHERE qb.guild_id = $1 AND b.user_id = a.user_id AND NOT b.correct), 0)
     GROUP BY a.user_id";

impl PostgresStore {
    /// The current streaks of `users` in server `guild` (see [`STREAKS`]), 0 for those with none.
    async fn streaks(
        client: &deadpool_postgres::Client,
        guild: i64,
        users: &[i64],
    ) -> Result<std::collections::BTreeMap<i64, u64>, Fail> {
        let stmt = client.prepare_cached(STREAKS).await?;
        let rows = client.query(&stmt, &[&guild, &users]).await?;
        let mut out: std::collections::BTreeMap<i64, u64> = users.iter().map(|u| (*u, 0)).collect();
        for r in &rows {
            out.insert(r.get(0), r.get::<_, i64>(1) as u64);
        }
        Ok(out)
    }

    /// Lines `offset..offset + limit` of the table of answers where `filter` is `value`, with
    /// each player's current streak in the server of the answers' quizzes.
    async fn standings_where(
        &self,
        filter: &str,
        value: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Standing>, Fail> {
        let client = self.pool.get().await?;
        // The same table as SQLite's: the latest name a player answered with, points, then
        // right answers, then the id to break ties (and the server, the same on every line).
        let sql = format!(
            "SELECT a.user_id,
                    (SELECT b.user_name FROM answers b WHERE b.user_id = a.user_id
                      ORDER BY b.answered_at DESC, b.seq DESC LIMIT 1),
                    SUM(a.points)::BIGINT, COUNT(*) FILTER (WHERE a.correct), COUNT(*),
                    MIN(q.guild_id)
             FROM answers a JOIN quizzes q ON q.id = a.quiz_id
             WHERE {filter} = $1
             GROUP BY a.user_id
             ORDER BY SUM(a.points) DESC, COUNT(*) FILTER (WHERE a.correct) DESC, a.user_id
             LIMIT $2 OFFSET $3"
        );
        let stmt = client.prepare_cached(&sql).await?;
        let rows = client
            .query(&stmt, &[&value, &(limit as i64), &(offset as i64)])
            .await?;
        let Some(guild) = rows.first().map(|r| r.get::<_, i64>(5)) else {
            return Ok(Vec::new());
        };
        let users: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
        let streaks = Self::streaks(&client, guild, &users).await?;
        Ok(rows
            .iter()
            .map(|r| Standing {
                user_id: uid(r.get(0)),
                name: r.get(1),
                points: r.get::<_, i64>(2) as u64,
                right: r.get::<_, i64>(3) as u64,
                answered: r.get::<_, i64>(4) as u64,
                streak: streaks.get(&r.get::<_, i64>(0)).copied().unwrap_or(0),
            })
            .collect())
    }
}

impl QuizStore for PostgresStore {
    fn begin(&self, quiz: &NewQuiz) -> Result<i64, StoreError> {
        self.block(async {
            let mut client = self.pool.get().await?;
            let tx = client.transaction().await?;
            let quiz_id: i64 = tx
                .query_one(
                    "INSERT INTO quizzes (guild_id, channel_id, starter_id, seed, topic, seconds, status,
                                          lang, owner, lease_until)
                     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8, now() + $9::text::interval)
                     RETURNING id",
                    &[
                        &id(quiz.guild_id),
                        &id(quiz.channel_id),
                        &id(quiz.starter_id),
                        &(quiz.seed as i64),
                        &quiz.topic,
                        &(quiz.seconds as i32),
                        &quiz.lang,
                        &self.owner,
                        &super::lease::lease_interval(),
                    ],
                )
                .await?
                .get(0);
            if !quiz.questions.is_empty() {
                let numbers: Vec<i32> = (0..quiz.questions.len() as i32).collect();
                let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
                let bodies: Vec<String> = quiz
                    .questions
                    .iter()
                    .map(|q| serde_json::to_string(q).unwrap_or_default())
                    .collect();
                tx.execute(
                    "INSERT INTO quiz_questions (quiz_id, number, question_id, body)
                     SELECT $1, * FROM UNNEST($2::int[], $3::text[], $4::text[])",
                    &[&quiz_id, &numbers, &ids, &bodies],
                )
                .await?;
            }
            tx.commit().await?;
            Ok(quiz_id)
        })
    }

    fn set_message(&self, quiz: i64, question: u32, message_id: u64) -> Result<(), StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let stmt = client
                .prepare_cached(
                    "UPDATE quizzes SET message_id = $2, current_question = $3,
                            question_opened_at = now() WHERE id = $1",
                )
                .await?;
            client
                .execute(&stmt, &[&quiz, &id(message_id), &(question as i32)])
                .await?;
            Ok(())
        })
    }

    fn record_answer(&self, a: &AnswerRecord) -> Result<bool, StoreError> {
        // The unique key (quiz, question, player) makes a second click, the same click delivered
        // twice, or the same click reaching two processes, a no-op; the row count says which.
        self.block(async {
            let client = self.pool.get().await?;
            let stmt = client
                .prepare_cached(
                    "INSERT INTO answers (quiz_id, number, user_id, user_name, choice, correct, points)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (quiz_id, number, user_id) DO NOTHING",
                )
                .await?;
            let n = client
                .execute(
                    &stmt,
                    &[
                        &a.quiz,
                        &(a.question as i32),
                        &id(a.user_id),
                        &a.user_name,
                        &(a.choice as i32),
                        &a.correct,
                        &(a.points as i32),
                    ],
                )
                .await?;
            Ok(n == 1)
        })
    }

    fn end(&self, quiz: i64, status: QuizStatus) -> Result<(), StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let stmt = client
                .prepare_cached(
                    "UPDATE quizzes SET status = $2, ended_at = now()
                     WHERE id = $1 AND status = 'running'",
                )
                .await?;
            client.execute(&stmt, &[&quiz, &status.as_str()]).await?;
            Ok(())
        })
    }

    fn running(&self) -> Result<Vec<OpenQuiz>, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT id, guild_id, channel_id, message_id, lang FROM quizzes
                     WHERE status = 'running' ORDER BY id",
                    &[],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| OpenQuiz {
                    id: r.get(0),
                    guild_id: uid(r.get(1)),
                    channel_id: uid(r.get(2)),
                    message_id: r.get::<_, Option<i64>>(3).map(uid),
                    lang: r.get(4),
                })
                .collect())
        })
    }

    fn standings(&self, quiz: i64) -> Result<Vec<Standing>, StoreError> {
        self.block(self.standings_where("a.quiz_id", quiz, 0, 1000))
    }

    fn leaderboard(&self, guild_id: u64, limit: usize) -> Result<Vec<Standing>, StoreError> {
        self.block(self.standings_where("q.guild_id", id(guild_id), 0, limit))
    }

    fn leaderboard_page(
        &self,
        guild_id: u64,
        offset: usize,
        limit: usize,
    ) -> Result<LeaderboardPage, StoreError> {
        self.block(async {
            let lines = self
                .standings_where("q.guild_id", id(guild_id), offset, limit)
                .await?;
            let client = self.pool.get().await?;
            let players: i64 = client
                .query_one(
                    "SELECT COUNT(DISTINCT a.user_id) FROM answers a
                     JOIN quizzes q ON q.id = a.quiz_id WHERE q.guild_id = $1",
                    &[&id(guild_id)],
                )
                .await?
                .get(0);
            Ok(LeaderboardPage {
                lines,
                players: players as u64,
            })
        })
    }

    fn answer_counts(
        &self,
        quiz: i64,
        question: u32,
        choices: usize,
    ) -> Result<Vec<u64>, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let stmt = client
                .prepare_cached(
                    "SELECT choice, COUNT(*) FROM answers WHERE quiz_id = $1 AND number = $2
                     GROUP BY choice",
                )
                .await?;
            let rows = client.query(&stmt, &[&quiz, &(question as i32)]).await?;
            let mut counts = vec![0; choices];
            for r in &rows {
                let choice: i32 = r.get(0);
                if let Some(c) = usize::try_from(choice).ok().and_then(|c| counts.get_mut(c)) {
                    *c = r.get::<_, i64>(1) as u64;
                }
            }
            Ok(counts)
        })
    }

    fn answers(&self, quiz: i64, question: u32) -> Result<Vec<AnswerRecord>, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let rows = client
                .query(
                    "SELECT user_id, user_name, choice, correct, points FROM answers
                     WHERE quiz_id = $1 AND number = $2 ORDER BY seq",
                    &[&quiz, &(question as i32)],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| AnswerRecord {
                    quiz,
                    question,
                    user_id: uid(r.get(0)),
                    user_name: r.get(1),
                    choice: r.get::<_, i32>(2).max(0) as u32,
                    correct: r.get(3),
                    points: r.get::<_, i32>(4).max(0) as u32,
                })
                .collect())
        })
    }

    fn leases(&self) -> bool {
        true
    }

    fn renew_leases(&self) -> Result<Vec<i64>, StoreError> {
        self.block(self.renew())
    }

    fn lost_leases(&self, running_here: &[i64]) -> Result<Vec<i64>, StoreError> {
        if running_here.is_empty() {
            return Ok(Vec::new());
        }
        self.block(self.lost(running_here))
    }

    fn take_over(&self) -> Result<Vec<super::TakenQuiz>, StoreError> {
        self.block(self.take())
    }

    fn open_question(&self, quiz: i64) -> Result<Option<super::OpenQuestion>, StoreError> {
        self.block(self.open_now(quiz))
    }

    fn keep_page_query(&self, key: &str, query: &str) -> Result<bool, StoreError> {
        self.keep_query(key, query).map(|()| true)
    }

    fn page_query(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.kept_query(key)
    }

    fn reading_list_log(&self) -> Option<&dyn super::ReadingListLog> {
        Some(self)
    }

    fn player(&self, guild_id: u64, user_id: u64) -> Result<PlayerRecord, StoreError> {
        self.block(async {
            let client = self.pool.get().await?;
            let r = client
                .query_one(
                    "SELECT SUM(a.points)::BIGINT, COUNT(*) FILTER (WHERE a.correct), COUNT(*),
                            COUNT(DISTINCT a.quiz_id)
                     FROM answers a JOIN quizzes q ON q.id = a.quiz_id
                     WHERE q.guild_id = $1 AND a.user_id = $2",
                    &[&id(guild_id), &id(user_id)],
                )
                .await?;
            let answered: i64 = r.get(2);
            if answered == 0 {
                return Ok(PlayerRecord::default());
            }
            let points: i64 = r.get::<_, Option<i64>>(0).unwrap_or(0);
            let ahead: i64 = client
                .query_one(
                    "SELECT COUNT(*) FROM (
                        SELECT a.user_id FROM answers a JOIN quizzes q ON q.id = a.quiz_id
                        WHERE q.guild_id = $1 GROUP BY a.user_id HAVING SUM(a.points) > $2) t",
                    &[&id(guild_id), &points],
                )
                .await?
                .get(0);
            let streak = Self::streaks(&client, id(guild_id), &[id(user_id)]).await?;
            Ok(PlayerRecord {
                points: points as u64,
                right: r.get::<_, i64>(1) as u64,
                answered: answered as u64,
                quizzes: r.get::<_, i64>(3) as u64,
                rank: Some(ahead as u64 + 1),
                streak: streak.values().sum(),
            })
        })
    }
}
