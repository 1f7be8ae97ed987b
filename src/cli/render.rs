//! Plain-text rendering of an answer for a terminal.

use std::fmt::Write;
use std::io::IsTerminal;

use crate::engine::Answer;
use crate::present::{self, Reader};

/// How matched words are marked.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    open: &'static str,
    close: &'static str,
}

impl Marks {
    /// Bold on a terminal, `**…**` when piped.
    pub fn for_stdout() -> Marks {
        if std::io::stdout().is_terminal() {
            Marks {
                open: "\x1b[1m",
                close: "\x1b[0m",
            }
        } else {
            Marks::markdown()
        }
    }

    /// `**…**`.
    pub fn markdown() -> Marks {
        Marks {
            open: "**",
            close: "**",
        }
    }
}

/// The answer in the reader's words, then each citation with its source line.
pub fn text(answer: &Answer, marks: Marks, reader: Reader) -> String {
    let mut out = String::new();
    if let Some(a) = present::headline(answer, reader) {
        let _ = writeln!(out, "{}", printable(&a));
    }
    if let Some(s) = &answer.short_answer {
        let _ = writeln!(out, "{}", printable(&present::evidence(reader, s)));
    }
    for (i, c) in answer.citations.iter().enumerate() {
        let before = if c.trimmed_start { "…" } else { "" };
        let after = if c.trimmed_end { "…" } else { "" };
        let _ = writeln!(
            out,
            "\n[{}] “{before}{}{after}”",
            i + 1,
            c.marked(marks.open, marks.close)
        );
        let s = &c.source;
        let para = s.paragraph.map(|p| format!(" · ¶{p}")).unwrap_or_default();
        let when = c
            .date_mentioned
            .as_ref()
            .map(|d| {
                let cited = reader.say(
                    "cited-for",
                    &[
                        ("date", present::date_text(reader.lang, &d.value).into()),
                        ("words", d.text.as_str().into()),
                    ],
                );
                format!(" · {cited}")
            })
            .unwrap_or_default();
        // The article is named by outlet, date and headline; its internal id (a file name, a
        // row number) is data, in `--json`.
        let _ = writeln!(
            out,
            "    {} · {}{para} · {}{when}",
            printable(&s.outlet),
            printable(&present::date_text(reader.lang, &s.date)),
            printable(&s.title),
        );
    }
    out
}

/// `s` with every control character but the line break written as an escape (`\u{1b}`), so
/// an article's title or outlet cannot clear the screen or ring the bell of the terminal that
/// shows it. Ingest strips them already; this holds for anything indexed before it did.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    // Bidirectional overrides are shown too: they would reorder what the terminal prints.
    let shown =
        |c: char| c != '\n' && (c.is_control() || crate::corpus::hidden::is_bidi_control(c));
    if !s.chars().any(shown) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if shown(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_line_breaks_kept() {
        assert_eq!(printable("plain\nlines"), "plain\nlines");
        assert_eq!(
            printable("Clear\u{1b}[2J \u{7}bell\u{9b}"),
            "Clear\\u{1b}[2J \\u{7}bell\\u{9b}"
        );
    }
}
