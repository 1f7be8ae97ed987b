//! The offline command line: the same answers as the Discord bot, printed for a terminal or as JSON.
//!
//! Architecture invariant: no search logic here; everything comes from [`crate::engine::Engine`].

pub mod extract;
mod failure;
pub mod ingest;
pub mod quiz;
pub mod remove;
pub mod render;

use std::io::{BufRead, Write};
use std::path::Path;

use crate::corpus::Corpus;
use crate::engine::{Audience, Engine, UsageError};
use crate::present::{Lang, Reader};

pub use failure::Failure;

/// What a command line run ended with, mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered.
    Answered,
    /// The input was not a usable command (exit code 2).
    Usage,
    /// treatybot could not answer: the index or the system failed (exit code 1).
    Failed,
}

/// `treatybot ask`: answers one command, or one per line of standard input when `line` is `-`.
/// With `png`, the answer's timeline picture is written there too (one command only).
pub fn ask(
    engine: &Engine,
    line: &str,
    json: bool,
    png: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    if line == "-" {
        if png.is_some() {
            let problem = Reader::typed(lang).say("cli-png-one", &[]);
            if json {
                writeln!(out, "{}", serde_json::json!({ "error": problem }))?;
            } else {
                eprintln!("{problem}");
            }
            return Ok(Outcome::Usage);
        }
        return ask_lines(engine, &mut std::io::stdin().lock(), json, lang, out);
    }
    ask_one(engine, line, json, png, lang, out)
}

/// `treatybot timeline [FROM] [TO] [--page N]`: `/timeline` over the years typed (as the
/// command's grammar reads them), page `page` (from 1) of its events, printed, and drawn into
/// `png` when given.
pub fn timeline(
    engine: &Engine,
    years: &str,
    page: usize,
    json: bool,
    png: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let cmd = match engine.parse(&format!("/timeline {years}")) {
        Ok(c) => c.in_window(page.saturating_sub(1)),
        Err(e) => {
            write_usage_error(&e, json, lang, out)?;
            return Ok(Outcome::Usage);
        }
    };
    answer(engine, &cmd, json, png, lang, out)
}

/// Bytes a line of a batch may hold: the longest query in the widest UTF-8, plus room for the
/// command word and spaces. Anything longer could only be refused, so it is never read whole.
pub fn max_line_bytes(engine: &Engine) -> usize {
    engine
        .max_query_chars()
        .saturating_mul(4)
        .saturating_add(64)
}

/// Answers one command per line of `input`. A line that is not UTF-8 or is too long gets an
/// error naming its line number and the batch goes on; the outcome is
/// [`Outcome::Failed`] if any line failed.
pub fn ask_lines(
    engine: &Engine,
    input: &mut impl BufRead,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let cap = max_line_bytes(engine);
    let reader = Reader::typed(lang);
    let mut failed = false;
    let mut number = 0usize;
    while let Some(read) = crate::lines::read_line(input, cap)? {
        number += 1;
        let problem = match read {
            crate::lines::Line::TooLong(len) => reader.say(
                "cli-line-too-long",
                &[
                    ("line", number.into()),
                    ("len", len.into()),
                    ("cap", cap.into()),
                    ("max", engine.max_query_chars().into()),
                ],
            ),
            crate::lines::Line::Bytes(bytes) => match String::from_utf8(bytes) {
                Ok(l) => {
                    if l.trim().is_empty() {
                        continue;
                    }
                    // A batch answers every line; it ends with exit code 1 if any line failed.
                    if ask_one(engine, &l, json, None, lang, out)? == Outcome::Failed {
                        failed = true;
                    }
                    out.flush()?;
                    continue;
                }
                Err(e) => reader.say(
                    "cli-line-not-utf8",
                    &[
                        ("line", number.into()),
                        ("byte", (e.utf8_error().valid_up_to() + 1).into()),
                    ],
                ),
            },
        };
        failed = true;
        tracing::info!(line = number, "{problem}");
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({ "error": problem, "line": number })
            )?;
        } else {
            eprintln!("{problem}");
        }
        out.flush()?;
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Answered
    })
}

fn ask_one(
    engine: &Engine,
    line: &str,
    json: bool,
    png: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let cmd = match engine.parse(line) {
        Ok(c) => c,
        Err(e) => {
            write_usage_error(&e, json, lang, out)?;
            return Ok(Outcome::Usage);
        }
    };
    answer(engine, &cmd, json, png, lang, out)
}

/// Answers a parsed command, printed as text or JSON, its picture drawn into `png` when given.
fn answer(
    engine: &Engine,
    cmd: &crate::engine::Command,
    json: bool,
    png: Option<&Path>,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let reader = Reader::typed(lang);
    // The command line asks as the shared collection: no server's additions.
    match engine.seen_by(Audience::SHARED).answer(cmd) {
        Ok(answer) => {
            if json {
                // The data, and the answer's first line in the reader's words beside it.
                let mut value = serde_json::to_value(&answer).map_err(std::io::Error::other)?;
                if let (Some(object), Some(said)) = (
                    value.as_object_mut(),
                    crate::present::headline(&answer, reader),
                ) {
                    object.insert("answer".into(), said.into());
                }
                writeln!(out, "{value}")?;
            } else {
                write!(
                    out,
                    "{}",
                    render::text(&answer, render::Marks::for_stdout(), reader)
                )?;
            }
            match png {
                Some(path) => write_picture(&answer, path, json, lang, out),
                None => Ok(Outcome::Answered),
            }
        }
        Err(e) => {
            tracing::error!(error = %e, command = %cmd.kind, query = %cmd.query, "could not answer");
            let message = reader.say(
                "could-not-answer",
                &[("error", crate::present::error(lang, &e).into())],
            );
            if json {
                writeln!(out, "{}", serde_json::json!({ "error": message }))?;
            } else {
                writeln!(out, "{message}")?;
            }
            Ok(Outcome::Failed)
        }
    }
}

/// Writes the answer's timeline picture to `path`. An answer with no dated events to draw
/// writes nothing and says so (exit code 1: the file asked for was not made).
fn write_picture(
    answer: &crate::engine::Answer,
    path: &Path,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<Outcome> {
    let reader = Reader::typed(lang);
    let shown = path.display().to_string();
    let problem = match crate::picture::render_answer(answer, lang) {
        None => reader.say(
            "cli-no-picture",
            &[
                ("path", shown.into()),
                ("few", crate::picture::FEW_EVENTS.into()),
            ],
        ),
        Some(Err(e)) => {
            tracing::error!(error = %e, "could not draw the picture");
            reader.say("cli-picture-failed", &[("path", shown.into())])
        }
        Some(Ok(png)) => match std::fs::write(path, png) {
            Ok(()) => return Ok(Outcome::Answered),
            // The system's own words for why (permission denied, no such folder) follow.
            Err(e) => reader.say(
                "cli-picture-not-written",
                &[("path", shown.into()), ("error", e.to_string().into())],
            ),
        },
    };
    tracing::info!("{problem}");
    if json {
        writeln!(out, "{}", serde_json::json!({ "error": problem }))?;
    } else {
        eprintln!("{problem}");
    }
    Ok(Outcome::Failed)
}

/// Prints a usage error in `lang` as `{"error": …}` on standard output, or as text on
/// standard error.
pub fn write_usage_error(
    e: &UsageError,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let said = crate::present::usage(Reader::typed(lang), e);
    if json {
        writeln!(out, "{}", serde_json::json!({ "error": said }))
    } else {
        eprintln!("{said}");
        Ok(())
    }
}

/// `treatybot clean`: what cleaning removed from each article, and by which rule.
pub fn clean_report(
    corpus: &Corpus,
    only: Option<&str>,
    lang: crate::present::Lang,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let say = |id: &str, args: &[crate::present::Arg<'_>]| crate::present::say(lang, id, args);
    for a in &corpus.articles {
        if only.is_some_and(|f| f != a.id()) {
            continue;
        }
        let article = say(
            "cli-clean-article",
            &[
                ("id", a.id().into()),
                ("title", a.meta.title.as_str().into()),
                ("kept", a.paragraphs.len().into()),
                ("removed", a.removed.len().into()),
            ],
        );
        writeln!(out, "{article}")?;
        // The removed line is the article's own words, quoted as written.
        for r in &a.removed {
            let line = say(
                "cli-clean-line",
                &[
                    ("line", format!("{:>3}", r.line).into()),
                    (
                        "rule",
                        format!("{:<26}", format!("[{}]", rule_name(r.rule))).into(),
                    ),
                    ("text", r.text.as_str().into()),
                ],
            );
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", say("cli-clean-rules", &[]))?;
    for rule in ALL_RULES {
        writeln!(
            out,
            "  {:<26} {}",
            format!("[{}]", rule_name(rule)),
            crate::present::clean_rule(lang, rule)
        )?;
    }
    Ok(())
}

use crate::corpus::Rule;

const ALL_RULES: [Rule; 7] = [
    Rule::RepeatedAcrossArticles,
    Rule::CreditLine,
    Rule::DateStamp,
    Rule::Headline,
    Rule::RepeatsArticleText,
    Rule::CallToAction,
    Rule::NotProse,
];

fn rule_name(rule: Rule) -> String {
    serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
