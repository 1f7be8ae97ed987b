//! Plain-text rendering of an answer for a terminal.

use std::fmt::Write;
use std::io::IsTerminal;

use crate::engine::Answer;

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

/// The answer, then each citation with its source line.
pub fn text(answer: &Answer, marks: Marks) -> String {
    let mut out = String::new();
    if let Some(a) = crate::wording::headline(answer) {
        let _ = writeln!(out, "{a}");
    }
    if let Some(s) = &answer.short_answer {
        let _ = writeln!(out, "{}", crate::wording::evidence(s));
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
            .map(|d| format!(" · cited for {} (“{}”)", d.value, d.text))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {} · {}{para} · {} ({}){when}",
            s.outlet, s.date, s.title, s.file
        );
    }
    out
}
