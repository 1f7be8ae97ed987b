//! Settings: built-in defaults, then `config/local.toml`, then `TREATYBOT__*` environment variables.

mod discord;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{ConfigProblem, Error, Result, TomlSyntax};
pub use discord::{DiscordSettings, PublicKey, ShardRange};

/// The defaults, compiled in so the binary runs without a config folder.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Everything treatybot can be configured with. See `config/default.toml` for each key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where generated files (the index) live.
    pub data_dir: PathBuf,
    /// Folder of article files and their `metadata.toml`.
    pub seeds_dir: PathBuf,
    /// Gazetteer file; the built-in copy is used when it does not exist.
    pub places_file: PathBuf,
    /// How answers are shaped.
    pub answers: AnswerSettings,
    /// The Discord front end.
    pub discord: DiscordSettings,
    /// Quizzes: where scores are kept, default lengths.
    pub quiz: QuizSettings,
    /// A server database for the quiz store (`[database]`); empty keeps the SQLite file.
    pub database: DatabaseSettings,
    /// `treatybot ingest`: column names and batch sizes.
    pub ingest: IngestSettings,
    /// Fetching web pages from links.
    pub fetch: FetchSettings,
    /// The command line's language (`en`, `ja`, `ru`); Discord answers in each reader's own.
    pub lang: crate::present::Lang,
}

/// Fetching links (`[fetch]`): a link is untrusted, so only public web addresses are fetched,
/// within bounds of time and size.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchSettings {
    /// Hosts fetched even though they resolve to a private or loopback address (empty by
    /// default; tests list their loopback server). Comma-separated in the environment.
    #[serde(deserialize_with = "host_list")]
    pub allow_hosts: Vec<String>,
    /// Seconds to connect, per hop.
    pub connect_seconds: u64,
    /// Seconds for the whole fetch, redirects included.
    pub total_seconds: u64,
    /// Largest page fetched, in bytes.
    pub max_bytes: u64,
    /// Redirects followed at most, each checked again.
    pub max_redirects: usize,
    /// Seconds one page's main text may take to read (parse and extract) before it is refused.
    pub extract_seconds: u64,
    /// Pages read at once in this process; another waits its turn (a page over its time budget
    /// holds its place until it ends).
    pub extract_threads: usize,
}

/// Host names as a list or one comma-separated string (`TREATYBOT__FETCH__ALLOW_HOSTS=a,b`).
fn host_list<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Hosts {
        Many(Vec<String>),
        One(String),
    }
    let all = match Hosts::deserialize(d)? {
        Hosts::Many(v) => v,
        Hosts::One(s) => s.split(',').map(str::to_string).collect(),
    };
    Ok(all
        .into_iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect())
}

/// The shared store (`[database]`).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `postgres://user:password@host:port/dbname` for a PostgreSQL quiz store; empty means the
    /// SQLite file of `quiz.database`.
    pub url: String,
}

/// Written by hand so that printing the settings never prints the password in the URL.
impl std::fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = if self.url.trim().is_empty() {
            String::new()
        } else {
            crate::quiz::store::PgTarget::describe_url(&self.url)
        };
        f.debug_struct("DatabaseSettings")
            .field("url", &url)
            .finish()
    }
}

/// Quiz settings (`[quiz]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizSettings {
    /// SQLite file for quizzes, answers and scores; empty means `data_dir/quiz.sqlite3`.
    pub database: PathBuf,
    /// Questions in a quiz when `/quiz start` does not say (1–20).
    pub default_questions: u32,
    /// Seconds per question when `/quiz start` does not say (10–120).
    pub default_seconds: u32,
    /// Seconds between a question's reveal and the next question (0–30).
    pub pause_seconds: u32,
    /// Set by tests only, never read from a file: question and pause lengths that replace the
    /// ones above, so a quiz can run in seconds.
    #[serde(skip)]
    pub test_timing: Option<QuizTiming>,
}

/// Question and pause lengths that override the configured ones (tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizTiming {
    /// How long each question is open.
    pub question: std::time::Duration,
    /// Between a reveal and the next question.
    pub pause: std::time::Duration,
}

/// Settings for `treatybot ingest`. Column names left empty are detected from the header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestSettings {
    /// Column (CSV) or key (JSON Lines) holding the article's id.
    pub id_column: String,
    /// Column holding the headline.
    pub title_column: String,
    /// Column holding the publication date.
    pub date_column: String,
    /// Column holding the link to the original.
    pub url_column: String,
    /// Column holding the publisher.
    pub outlet_column: String,
    /// Column holding the text.
    pub text_column: String,
    /// Articles per commit: each batch becomes visible whole, or not at all.
    pub batch_articles: usize,
    /// Longest article text accepted, in bytes; longer rows are reported and skipped.
    pub max_article_bytes: usize,
}

/// How answers are shaped.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSettings {
    /// Citations per answer.
    pub max_citations: usize,
    /// Longest query accepted, in characters.
    pub max_query_chars: usize,
    /// Set by tests only, never read from a file: milliseconds every answer waits before it is
    /// worked out, so a test can see what the front ends do with a slow engine (Discord's
    /// defer, then edit).
    #[serde(skip)]
    pub test_delay_ms: Option<u64>,
}

impl Settings {
    /// Loads the layered settings. `config_dir` holds the optional `local.toml`;
    /// `extra_file` is an explicit `--config` file layered on top of it.
    pub fn load(config_dir: &Path, extra_file: Option<&Path>) -> Result<Settings> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(
                DEFAULT_TOML,
                config::FileFormat::Toml,
            ))
            .add_source(config::File::from(config_dir.join("local.toml")).required(false));
        if let Some(file) = extra_file {
            if !file.exists() {
                return Err(Error::Config(ConfigProblem::NoFile(file.to_path_buf())));
            }
            builder = builder.add_source(config::File::from(file));
        }
        let built = builder
            .add_source(
                config::Environment::with_prefix("TREATYBOT")
                    .prefix_separator("__")
                    .separator("__")
                    .list_separator(",")
                    .with_list_parse_key("discord.guild_ids")
                    .with_list_parse_key("discord.reading_list_roles")
                    .with_list_parse_key("fetch.allow_hosts")
                    .try_parsing(true),
            )
            .build()
            .map_err(|e| Error::Config(problem_of(e)))?;
        let settings: Settings = built
            .try_deserialize()
            .map_err(|e| Error::Config(problem_of(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    /// The settings from the defaults alone (tests and benchmarks point the paths elsewhere).
    pub fn defaults() -> Settings {
        let settings: Settings = toml::from_str(DEFAULT_TOML).expect("built-in defaults parse");
        settings
    }

    fn validate(&self) -> Result<()> {
        let bad = |problem: ConfigProblem| Err(Error::Config(problem));
        let range = |key: &'static str, min: u64, max: u64| {
            bad(ConfigProblem::OutOfRange { key, min, max })
        };
        if !(1..=25).contains(&self.answers.max_citations) {
            return range("answers.max_citations", 1, 25);
        }
        if !(10..=2000).contains(&self.answers.max_query_chars) {
            return range("answers.max_query_chars", 10, 2000);
        }
        if !(1..=1_000_000).contains(&self.ingest.batch_articles) {
            return range("ingest.batch_articles", 1, 1_000_000);
        }
        if !(1_000..=1_000_000_000).contains(&self.ingest.max_article_bytes) {
            return range("ingest.max_article_bytes", 1_000, 1_000_000_000);
        }
        if self.data_dir.as_os_str().is_empty() {
            return bad(ConfigProblem::Empty("data_dir"));
        }
        if self.seeds_dir.as_os_str().is_empty() {
            return bad(ConfigProblem::Empty("seeds_dir"));
        }
        if !(1..=20).contains(&self.quiz.default_questions) {
            return range("quiz.default_questions", 1, 20);
        }
        if !(10..=120).contains(&self.quiz.default_seconds) {
            return range("quiz.default_seconds", 10, 120);
        }
        if self.quiz.pause_seconds > 30 {
            return range("quiz.pause_seconds", 0, 30);
        }
        if !(1..=300).contains(&self.fetch.extract_seconds) {
            return range("fetch.extract_seconds", 1, 300);
        }
        if !(1..=64).contains(&self.fetch.extract_threads) {
            return range("fetch.extract_threads", 1, 64);
        }
        if !(1..=1_000_000).contains(&self.discord.reading_list_max_articles) {
            return range("discord.reading_list_max_articles", 1, 1_000_000);
        }
        if !(1_000..=100_000_000_000).contains(&self.discord.reading_list_max_bytes) {
            return range("discord.reading_list_max_bytes", 1_000, 100_000_000_000);
        }
        if let Some(url) = self.database_url() {
            // The URL itself is not repeated: it may hold a password.
            if let Err(why) = crate::quiz::store::PgTarget::parse(url) {
                return bad(ConfigProblem::DatabaseUrl(why));
            }
        }
        if self.discord.shards.is_some() && self.discord.http_listen.is_some() {
            return bad(ConfigProblem::ShardsWithEndpoint);
        }
        if let Some(key) = self.discord.public_key {
            if serenity::interactions_endpoint::Verifier::try_new(key.0).is_err() {
                return bad(ConfigProblem::BadPublicKey);
            }
        } else if self.discord.http_listen.is_some() {
            return bad(ConfigProblem::PublicKeyNeeded);
        }
        let proxy = self.discord.http_proxy.trim();
        if !(proxy.is_empty() || proxy.starts_with("http://") || proxy.starts_with("https://")) {
            return bad(ConfigProblem::BadProxy);
        }
        Ok(())
    }

    /// The quiz database file: `quiz.database`, or `quiz.sqlite3` under the data directory.
    pub fn quiz_database(&self) -> PathBuf {
        if self.quiz.database.as_os_str().is_empty() {
            self.data_dir.join("quiz.sqlite3")
        } else {
            self.quiz.database.clone()
        }
    }

    /// The PostgreSQL URL of the quiz store, if one is configured (else the SQLite file).
    pub fn database_url(&self) -> Option<&str> {
        let u = self.database.url.trim();
        (!u.is_empty()).then_some(u)
    }

    /// The Discord token, if one is configured.
    pub fn discord_token(&self) -> Option<&str> {
        let t = self.discord.token.trim();
        (!t.is_empty()).then_some(t)
    }
}

/// What the configuration library's error says, as data where it tells the setting: the key
/// and the kind of fault are worded in the reader's language, the library's words kept for
/// English and the log.
fn problem_of(e: config::ConfigError) -> ConfigProblem {
    use config::ConfigError as C;
    let words = e.to_string();
    match e {
        C::Type { key: Some(key), .. } => ConfigProblem::WrongType { key, detail: words },
        // A value our own reader of the setting refused (its words name what it takes).
        C::At {
            error,
            key: Some(key),
            ..
        } => match *error {
            C::Message(detail) => ConfigProblem::BadValue { key, detail },
            other => problem_of(other),
        },
        // The library reads a file with its own TOML parser; the position is found again
        // with ours, and when ours reads the file the library's words stand.
        C::FileParse {
            uri: Some(file), ..
        } => std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| {
                toml::from_str::<toml::Table>(&text)
                    .err()
                    .map(|e| TomlSyntax::new(&text, &e))
            })
            .map(|at| ConfigProblem::Syntax {
                file: file.clone(),
                at,
            })
            .unwrap_or(ConfigProblem::Unreadable(words)),
        _ => ConfigProblem::Unreadable(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_defaults_are_valid() {
        let s = Settings::defaults();
        s.validate().unwrap();
        assert_eq!(s.answers.max_citations, 5);
        assert!(s.discord_token().is_none());
        assert_eq!(s.quiz_database(), s.data_dir.join("quiz.sqlite3"));
        assert_eq!(s.database_url(), None, "SQLite unless a URL is set");
        assert_eq!((s.quiz.default_questions, s.quiz.default_seconds), (5, 20));
    }

    #[test]
    fn local_file_overrides_defaults_and_bad_values_name_their_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("local.toml"),
            "[answers]\nmax_citations = 3\n",
        )
        .unwrap();
        let s = Settings::load(dir.path(), None).unwrap();
        assert_eq!(s.answers.max_citations, 3);

        std::fs::write(
            dir.path().join("local.toml"),
            "[answers]\nmax_citations = \"many\"\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("max_citations"), "{err}");

        std::fs::write(
            dir.path().join("local.toml"),
            "[answers]\nmax_citations = 99\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("answers.max_citations"), "{err}");
    }

    #[test]
    fn test_hooks_cannot_be_set_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("local.toml"),
            "[answers]\ntest_delay_ms = 2000\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("test_delay_ms"), "{err}");
        assert_eq!(Settings::defaults().answers.test_delay_ms, None);
    }

    #[test]
    fn a_database_url_must_be_postgres_and_its_password_is_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("local.toml"),
            "[database]\nurl = \"postgres://bot:hunter2@db.internal:6543/quiz\"\n",
        )
        .unwrap();
        let s = Settings::load(dir.path(), None).unwrap();
        assert_eq!(
            s.database_url(),
            Some("postgres://bot:hunter2@db.internal:6543/quiz")
        );
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("db.internal:6543"), "{shown}");

        std::fs::write(
            dir.path().join("local.toml"),
            "[database]\nurl = \"mysql://bot:hunter2@db.internal/quiz\"\n",
        )
        .unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("database.url"), "{err}");
        assert!(err.contains("postgres://"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("local.toml"), "dta_dir = \"x\"\n").unwrap();
        let err = Settings::load(dir.path(), None).unwrap_err().to_string();
        assert!(err.contains("dta_dir"), "{err}");
    }
}
