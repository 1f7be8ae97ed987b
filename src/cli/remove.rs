//! `treatybot remove` on the command line: what was removed, what was not found and what was
//! refused, as text or one JSON object.
//!
//! Architecture invariant: no removal logic here; it all comes from [`crate::ingest::remove`].

use std::io::Write;

use super::render::printable;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::ingest::{self, RemoveReport};

/// Removes the articles with these ids, then prints the report to `out`.
pub fn remove(
    settings: &Settings,
    ids: &[String],
    json: bool,
    out: &mut impl Write,
) -> Result<RemoveReport> {
    let report = ingest::remove(settings, ids)?;
    let written = if json {
        serde_json::to_writer(&mut *out, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        write_report(&report, out)
    };
    written.map_err(|e| Error::io("writing the report", "stdout", e))?;
    Ok(report)
}

/// The report as a person reads it.
pub fn write_report(r: &RemoveReport, out: &mut impl Write) -> std::io::Result<()> {
    for a in &r.removed {
        // Ids and titles come from the input; they are shown, not obeyed.
        if a.passages == 0 {
            writeln!(
                out,
                "Removed {} (a near-duplicate that was set aside).",
                printable(&a.id)
            )?;
        } else {
            writeln!(
                out,
                "Removed {} \"{}\" ({} passage{}).",
                printable(&a.id),
                printable(&a.title),
                a.passages,
                if a.passages == 1 { "" } else { "s" }
            )?;
        }
    }
    for id in &r.reinstated {
        writeln!(
            out,
            "Indexed {} in its place (it had been set aside as a near-duplicate of a removed article).",
            printable(id)
        )?;
    }
    for id in &r.not_found {
        writeln!(
            out,
            "Not found: {} (no article or near-duplicate has this id; `/sources` lists them).",
            printable(id)
        )?;
    }
    for (id, reason) in &r.refused {
        writeln!(out, "Refused: {}: {}", printable(id), printable(reason))?;
    }
    writeln!(
        out,
        "The index now holds {} articles ({} passages).",
        r.total_articles, r.total_passages
    )
}
