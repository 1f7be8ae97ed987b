//! `treatybot ingest` and `treatybot status` on the command line: a progress bar while a long
//! ingest runs, then what was added, set aside and skipped (with file and line).
//!
//! Architecture invariant: no ingest logic here; it all comes from [`crate::ingest`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::render::printable;
use crate::config::Settings;
use crate::engine::Engine;
use crate::error::Result;
use crate::ingest::{self, IngestOptions, IngestReport, Progress};
use crate::present::{Lang, Reader};

/// An ingest shorter than this shows no progress bar at all.
const QUIET_FOR: Duration = Duration::from_millis(800);

/// Runs an ingest with a progress bar on a terminal, then prints its report to `out` in
/// `lang`.
pub fn ingest(
    settings: &Settings,
    paths: &[PathBuf],
    mut options: IngestOptions,
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<IngestReport> {
    let reader = Reader::typed(lang);
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} ingesting [{bar:30}] {bytes}/{total_bytes} {msg} ({elapsed}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let terminal = std::io::stderr().is_terminal();
    let mut shown = false;
    let shared_bar = bar.clone();
    options.progress = Some(Box::new(move |p: &Progress| {
        let bar = &shared_bar;
        // Only a terminal gets a bar, and only once the ingest has taken more than a moment.
        if !shown && terminal && p.elapsed >= QUIET_FOR {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            shown = true;
        }
        bar.set_length(p.bytes_total);
        bar.set_position(p.bytes_done);
        bar.set_message(reader.say("cli-progress", &[("count", p.added.into())]));
    }));
    let report = ingest::ingest(settings, paths, options);
    bar.finish_and_clear();
    let report = report?;
    let written = if json {
        serde_json::to_writer(&mut *out, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        write_report(&report, reader, out)
    };
    written.map_err(|e| crate::error::Error::io("writing the report", "stdout", e))?;
    Ok(report)
}

/// The report as a person reads it, in the reader's language; the reasons rows were skipped
/// are the ingest's own diagnostics, printed as they are.
pub fn write_report(r: &IngestReport, reader: Reader, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        reader.say(
            "cli-added",
            &[
                ("count", r.added.into()),
                ("passages", r.passages.into()),
                ("seconds", format!("{:.1}", r.seconds).into()),
                ("rate", format!("{:.2}", r.megabytes_per_second()).into()),
            ],
        )
    )?;
    if r.unchanged > 0 {
        let said = reader.say("cli-unchanged", &[("count", r.unchanged.into())]);
        writeln!(out, "{said}")?;
    }
    if !r.replaced.is_empty() {
        let said = reader.say("cli-replaced", &[("count", r.replaced.len().into())]);
        writeln!(out, "{said}")?;
        for id in &r.replaced {
            writeln!(out, "  {}", printable(id))?;
        }
    }
    if !r.duplicates.is_empty() {
        let said = reader.say("cli-duplicates", &[("count", r.duplicates.len().into())]);
        writeln!(out, "{said}")?;
        for d in &r.duplicates {
            let line = reader.say(
                "cli-duplicate-line",
                &[
                    ("id", d.id.as_str().into()),
                    ("origin", d.origin.as_str().into()),
                    ("of", d.of.as_str().into()),
                    ("percent", format!("{:.0}", d.similarity * 100.0).into()),
                ],
            );
            writeln!(out, "  {}", printable(&line))?;
        }
    }
    if !r.skipped.is_empty() {
        let said = reader.say("cli-skipped", &[("count", r.skipped.len().into())]);
        writeln!(out, "{said}")?;
        // A reason can quote the input (a column name, a date); it is shown, not obeyed.
        for b in &r.skipped {
            writeln!(
                out,
                "  {}",
                printable(&crate::present::bad_row(reader.lang, b))
            )?;
        }
    }
    if !r.warnings.is_empty() {
        writeln!(out, "{}", reader.say("cli-caveats", &[]))?;
        for w in &r.warnings {
            writeln!(
                out,
                "  {}",
                printable(&crate::present::bad_row(reader.lang, w))
            )?;
        }
    }
    writeln!(
        out,
        "{}",
        index_holds(reader, r.total_articles, r.total_passages)
    )
}

/// "The index now holds N articles (M passages)."
pub fn index_holds(reader: Reader, articles: usize, passages: u64) -> String {
    reader.say(
        "cli-index-holds",
        &[("articles", articles.into()), ("passages", passages.into())],
    )
}

/// What `treatybot status` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Articles indexed.
    pub articles: usize,
    /// Passages indexed.
    pub passages: u64,
    /// Near-duplicates set aside.
    pub duplicates: usize,
    /// Bytes the index takes on disk.
    pub index_bytes: u64,
    /// Milliseconds from start to an engine ready to answer.
    pub ready_ms: f64,
    /// Resident memory of this process once ready, in bytes (Linux only).
    pub resident_bytes: Option<u64>,
    /// How the index was obtained.
    pub index: String,
}

/// Opens the engine, timing it, and reports what the index holds.
pub fn status(settings: &Settings, started: Instant) -> Result<Status> {
    let (engine, state) = Engine::open(settings)?;
    let ready_ms = started.elapsed().as_secs_f64() * 1000.0;
    let resident_bytes = resident_bytes();
    let (articles, passages) = engine.size();
    Ok(Status {
        articles,
        passages,
        duplicates: engine.duplicate_count(),
        index_bytes: engine.index_size_on_disk(),
        ready_ms,
        resident_bytes,
        index: format!("{state:?}").to_lowercase(),
    })
}

/// This process's resident memory, from `/proc/self/status` (Linux).
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
