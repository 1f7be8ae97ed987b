//! `treatybot remove` on the command line: what was removed, what was not found and what was
//! refused, as text or one JSON object.
//!
//! Architecture invariant: no removal logic here; it all comes from [`crate::ingest::remove`].

use std::io::Write;

use super::render::printable;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::ingest::{self, RemoveRefusal, RemoveReport};
use crate::present::{Lang, Reader};

/// Removes the articles with these ids, then prints the report to `out` in `lang`.
pub fn remove(
    settings: &Settings,
    ids: &[String],
    json: bool,
    lang: Lang,
    out: &mut impl Write,
) -> Result<RemoveReport> {
    let report = ingest::remove(settings, ids)?;
    let written = if json {
        serde_json::to_writer(&mut *out, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        write_report(&report, Reader::typed(lang), out)
    };
    written.map_err(|e| Error::io("writing the report", "stdout", e))?;
    Ok(report)
}

/// The report as a person reads it, in the reader's language.
pub fn write_report(r: &RemoveReport, reader: Reader, out: &mut impl Write) -> std::io::Result<()> {
    for a in &r.removed {
        // Ids and titles come from the input; they are shown, not obeyed.
        let said = if a.passages == 0 {
            reader.say("cli-removed-duplicate", &[("id", a.id.as_str().into())])
        } else {
            reader.say(
                "cli-removed",
                &[
                    ("id", a.id.as_str().into()),
                    ("title", a.title.as_str().into()),
                    ("passages", a.passages.into()),
                ],
            )
        };
        writeln!(out, "{}", printable(&said))?;
    }
    for id in &r.reinstated {
        let said = reader.say("cli-reinstated", &[("id", id.as_str().into())]);
        writeln!(out, "{}", printable(&said))?;
    }
    for id in &r.not_found {
        let said = reader.say("cli-not-found", &[("id", id.as_str().into())]);
        writeln!(out, "{}", printable(&said))?;
    }
    for (id, refusal) in &r.refused {
        let reason = reader.say(
            match refusal {
                RemoveRefusal::Seed => "remove-refused-seed",
                RemoveRefusal::SharedReadingList => "remove-refused-shared-list",
            },
            &[],
        );
        let said = reader.say(
            "cli-refused",
            &[("id", id.as_str().into()), ("reason", reason.into())],
        );
        writeln!(out, "{}", printable(&said))?;
    }
    writeln!(
        out,
        "{}",
        super::ingest::index_holds(reader, r.total_articles, r.total_passages)
    )
}
