//! The `treatybot` binary: parses arguments, sets up logging and configuration, and hands off to
//! the command line or the Discord bot. main → run → exit code.

mod args;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use treatybot::cli::{self, Failure, Outcome};
use treatybot::config::Settings;
use treatybot::corpus::Corpus;
use treatybot::engine::Engine;
use treatybot::ingest::IngestOptions;

use args::{Args, Cmd};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            // Arguments that do not parse cannot say whether JSON was asked for, but the
            // command line can: a caller reading `--json` output gets its usage error as JSON.
            let wants_json = std::env::args().any(|a| a == "--json");
            if wants_json && e.use_stderr() {
                println!(
                    "{}",
                    serde_json::json!({ "error": e.render().to_string().trim_end() })
                );
            }
            e.exit()
        }
    };
    run(args, started)
}

/// The exit code of a command line answer: 0 answered, 2 not a command, 1 failed.
fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Answered => ExitCode::SUCCESS,
        Outcome::Usage => ExitCode::from(2),
        Outcome::Failed => ExitCode::from(1),
    }
}

/// How long `serve` waits on shutdown for blocking work still running (an answer being
/// worked out, an index build a signal interrupted) before exiting anyway.
const RUNTIME_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// A seed from the clock, for a game nobody asked to replay.
fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

/// Sets up logging and the settings, then runs the command, saying in the reader's language
/// why it failed if it did.
fn run(args: Args, started: std::time::Instant) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let config_dir = std::env::var_os("TREATYBOT_CONFIG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| "config".into());
    let settings = match Settings::load(&config_dir, args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            // The settings name the language, so a broken one is said in --lang, else in
            // TREATYBOT__LANG when that at least is readable.
            let lang = args
                .lang
                .or_else(|| std::env::var("TREATYBOT__LANG").ok()?.parse().ok())
                .unwrap_or_default();
            let said = treatybot::present::error(lang, &e);
            say_failure(&said, args.command.json());
            return ExitCode::from(1);
        }
    };
    let lang = args.lang.unwrap_or(settings.lang);
    let json = args.command.json();
    match command(args.command, &settings, lang, started) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error worth reporting.
        Err(f) if f.is_broken_pipe() => ExitCode::SUCCESS,
        Err(f) => {
            // The log keeps the English account with its whole chain; the operator reads
            // theirs in their language (and a program reading `--json` gets it as JSON).
            tracing::info!(error = %f, "the command failed");
            let said = f.said(lang);
            say_failure(&said, json);
            ExitCode::from(1)
        }
    }
}

/// Runs one command: its exit code, or what failed as a whole.
fn command(
    command: Cmd,
    settings: &Settings,
    lang: treatybot::present::Lang,
    started: std::time::Instant,
) -> Result<ExitCode, Failure> {
    let mut stdout = std::io::stdout().lock();
    let open = || {
        Engine::open(settings)
            .map(|(e, _)| e)
            .map_err(Failure::Open)
    };
    match command {
        Cmd::Ask { json, png, command } => {
            let line = command.join(" ");
            let engine = open()?;
            let outcome = cli::ask(&engine, &line, json, png.as_deref(), lang, &mut stdout)
                .map_err(Failure::Write)?;
            Ok(exit_code(outcome))
        }
        Cmd::Timeline {
            json,
            png,
            page,
            years,
        } => {
            let engine = open()?;
            let outcome = cli::timeline(
                &engine,
                &years.join(" "),
                page as usize,
                json,
                png.as_deref(),
                lang,
                &mut stdout,
            )
            .map_err(Failure::Write)?;
            Ok(exit_code(outcome))
        }
        Cmd::Serve { http } => {
            let mut settings = settings.clone();
            if http.is_some() {
                settings.discord.http_listen = http;
            }
            let say = |id: &str| treatybot::present::say(lang, id, &[]);
            if settings.discord_token().is_none() {
                eprintln!("treatybot: {}", say("cli-missing-token"));
                return Ok(ExitCode::from(2));
            }
            if settings.discord.http_listen.is_some() && settings.discord.public_key.is_none() {
                eprintln!("treatybot: {}", say("cli-missing-public-key"));
                return Ok(ExitCode::from(2));
            }
            // The runtime comes first, and `serve` listens for signals before the engine opens
            // (on a blocking thread), so Ctrl-C or SIGTERM stop cleanly in every phase.
            let runtime = tokio::runtime::Runtime::new().map_err(Failure::Runtime)?;
            let served = runtime.block_on(treatybot::discord::serve(&settings));
            // A stop while the index was being built leaves that build running on a blocking
            // thread; waiting for it could take minutes, so the runtime is left without it and
            // the process exits (its temporary build folder stays behind beside the index).
            runtime.shutdown_timeout(RUNTIME_GRACE);
            served.map_err(|e| Failure::Serve(Box::new(e)))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Index => {
            let engine = Engine::rebuild(settings).map_err(Failure::Index)?;
            let (articles, passages) = engine.size();
            let said = treatybot::present::Reader::typed(lang).say(
                "cli-indexed",
                &[
                    ("passages", passages.into()),
                    ("articles", articles.into()),
                    (
                        "folder",
                        treatybot::engine::index_dir(settings)
                            .display()
                            .to_string()
                            .into(),
                    ),
                ],
            );
            println!("{said}");
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Quiz {
            dump,
            json,
            seed,
            questions,
            topic,
            mode,
            difficulty,
        } => {
            let engine = open()?;
            // A dump is reproducible by default; a game is new each time unless a seed is given.
            let seed = seed.unwrap_or_else(|| if dump { 0 } else { time_seed() });
            let opts = cli::quiz::QuizOptions {
                seed,
                questions: questions.map_or(cli::quiz::default_questions(mode), |n| n as usize),
                topic,
                lang,
                mode,
                difficulty,
            };
            let result = if dump {
                cli::quiz::dump(&engine, &opts, json, &mut stdout)
            } else {
                cli::quiz::play(&engine, &opts, &mut std::io::stdin().lock(), &mut stdout)
            };
            match result {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e @ cli::quiz::QuizCliError::NoQuestions(_)) => {
                    let said = e.said(lang);
                    say_failure(&said, json);
                    Ok(ExitCode::from(2))
                }
                // The I/O error itself, so that a closed pipe is recognised.
                Err(cli::quiz::QuizCliError::Io(e)) => Err(Failure::Write(e)),
                Err(e) => {
                    let said = e.said(lang);
                    say_failure(&said, json);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Cmd::Ingest {
            paths,
            id_column,
            title_column,
            date_column,
            url_column,
            outlet_column,
            text_column,
            id_prefix,
            json,
        } => {
            let mut options = IngestOptions::from_settings(settings);
            let c = &mut options.columns;
            for (flag, slot) in [
                (id_column, &mut c.id),
                (title_column, &mut c.title),
                (date_column, &mut c.date),
                (url_column, &mut c.url),
                (outlet_column, &mut c.outlet),
                (text_column, &mut c.text),
            ] {
                if flag.is_some() {
                    *slot = flag;
                }
            }
            options.id_prefix = id_prefix;
            cli::ingest::ingest(settings, &paths, options, json, lang, &mut stdout)
                .map_err(Failure::Ingest)?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Remove { ids, json } => {
            let report = cli::remove::remove(settings, &ids, json, lang, &mut stdout)
                .map_err(Failure::Remove)?;
            Ok(if report.complete() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Check { json } => {
            let dir = treatybot::engine::index_dir(settings);
            let damaged = treatybot::index::check(&dir).map_err(Failure::Check)?;
            let reader = treatybot::present::Reader::typed(lang);
            if json {
                // Each finding's kind as data (with the decoder's own words, if any) and in
                // the reader's words.
                let damaged: Vec<serde_json::Value> = damaged
                    .iter()
                    .map(|d| {
                        let mut v = serde_json::json!({
                            "file": d.file,
                            "problem": treatybot::present::damage(lang, &d.problem),
                        });
                        if let (Some(o), Ok(serde_json::Value::Object(kind))) =
                            (v.as_object_mut(), serde_json::to_value(&d.problem))
                        {
                            o.extend(kind);
                        }
                        v
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::json!({"ok": damaged.is_empty(), "damaged": damaged})
                );
            } else {
                let folder = dir.display().to_string();
                for d in &damaged {
                    if let treatybot::index::DamageProblem::Undecodable(detail) = &d.problem {
                        tracing::warn!(file = %d.file, "{detail}");
                    }
                    let problem = treatybot::present::damage(lang, &d.problem);
                    let said = reader.say(
                        "check-finding",
                        &[
                            ("file", d.file.as_str().into()),
                            ("problem", problem.into()),
                        ],
                    );
                    println!("{said}");
                }
                let key = if damaged.is_empty() {
                    "cli-check-sound"
                } else {
                    "cli-check-damaged"
                };
                println!("{}", reader.say(key, &[("folder", folder.into())]));
            }
            Ok(if damaged.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Status { json } => {
            let status = cli::ingest::status(settings, started).map_err(Failure::Status)?;
            if json {
                let line = serde_json::to_string(&status).map_err(std::io::Error::other);
                println!("{}", line.map_err(Failure::Write)?);
            } else {
                let reader = treatybot::present::Reader::typed(lang);
                let resident = status
                    .resident_bytes
                    .map(|b| {
                        reader.say(
                            "cli-status-resident",
                            &[("mb", format!("{:.1}", b as f64 / 1e6).into())],
                        )
                    })
                    .unwrap_or_default();
                let said = reader.say(
                    "cli-status",
                    &[
                        ("articles", status.articles.into()),
                        ("passages", status.passages.into()),
                        ("duplicates", status.duplicates.into()),
                        (
                            "mb",
                            format!("{:.1}", status.index_bytes as f64 / 1e6).into(),
                        ),
                        ("ms", format!("{:.0}", status.ready_ms).into()),
                        ("resident", resident.into()),
                    ],
                );
                println!("{said}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Extract { file, json } => {
            match cli::extract::extract(&file, &settings.fetch, json, lang, &mut stdout) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                // A reader that stops early (`| head`) is not an error worth reporting.
                Err(cli::extract::ExtractError::Read { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    let said = e.said(lang);
                    say_failure(&said, json);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Cmd::MigrateStore { to, from } => {
            // A bad URL is refused like a bad setting, without repeating it (it holds a password).
            let reader = treatybot::present::Reader::typed(lang);
            if let Err(why) = treatybot::quiz::store::PgTarget::parse(&to) {
                let why = treatybot::present::pg_url_error(lang, &why);
                eprintln!("treatybot: --to: {why}");
                return Ok(ExitCode::from(2));
            }
            let from = from.unwrap_or_else(|| settings.quiz_database());
            let report = match treatybot::quiz::store::migrate_sqlite_to_postgres(
                &from,
                &to,
                &settings.data_dir,
            ) {
                Ok(r) => r,
                Err(e) => {
                    let error = treatybot::present::store_error(lang, &e);
                    let said = reader.say("cli-migrate-failed", &[("error", error.into())]);
                    eprintln!("treatybot: {said}");
                    return Ok(ExitCode::from(1));
                }
            };
            let c = &report.copied;
            let said = reader.say(
                "cli-migrated",
                &[
                    ("quizzes", c.quizzes.into()),
                    ("questions", c.questions.into()),
                    ("answers", c.answers.into()),
                    ("points", c.points.into()),
                    ("from", report.from.display().to_string().into()),
                    ("to", report.to.as_str().into()),
                ],
            );
            println!("{said}");
            if report.page_queries > 0 {
                let pages = reader.say(
                    "cli-migrated-pages",
                    &[("count", report.page_queries.into())],
                );
                println!("{pages}");
            }
            let lists = match report.reading_lists {
                Some(n) => reader.say("cli-migrated-lists", &[("entries", n.into())]),
                None => reader.say("cli-migrated-lists-kept", &[]),
            };
            println!("{lists}");
            println!("{}", reader.say("cli-migrated-next", &[]));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Clean { file } => {
            let corpus = Corpus::load(&settings.seeds_dir).map_err(Failure::Clean)?;
            if let Some(f) = &file {
                if corpus.article(f).is_none() {
                    let files: Vec<&str> = corpus.articles.iter().map(|a| a.id()).collect();
                    let said = treatybot::present::say(
                        lang,
                        "cli-clean-no-article",
                        &[
                            ("file", f.as_str().into()),
                            ("files", files.join(", ").into()),
                        ],
                    );
                    eprintln!("{said}");
                    return Ok(ExitCode::from(2));
                }
            }
            cli::clean_report(&corpus, file.as_deref(), lang, &mut stdout)
                .map_err(Failure::Write)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Says a failure to the operator: on stderr, and as `{"error": …}` on stdout for `--json`.
fn say_failure(said: &str, json: bool) {
    if json {
        println!("{}", serde_json::json!({ "error": said }));
    }
    eprintln!("treatybot: {said}");
}
