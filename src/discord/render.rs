//! Answers as Discord embeds: pages that respect every Discord limit, excerpts cut at word
//! boundaries, user and article text escaped so nothing renders as markup or pings anyone.
//!
//! Pure functions over plain data; `handler.rs` turns the result into serenity builders.

use crate::engine::{Answer, Citation, CommandKind, YearSpan, TIMELINE_LIMIT};
use crate::present::{self, Reader};

/// Discord's limits (serenity checks only some of them).
pub mod limits {
    /// Message content.
    pub const CONTENT: usize = 2000;
    /// Embeds per message.
    pub const EMBEDS: usize = 10;
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Embed footer.
    pub const FOOTER: usize = 2048;
    /// All embed text of one message together.
    pub const TOTAL: usize = 6000;
    /// A component's custom id.
    pub const CUSTOM_ID: usize = 100;
}

/// An excerpt longer than this (in characters, before markup) is cut at a word boundary.
const EXCERPT_CHARS: usize = 700;
/// The answer's share of a page that also carries citations.
const ANSWER_WITH_CITATIONS: usize = 2500;
/// Lines per page of an answer that is a list (`/sources`), so each page reads at a glance.
pub const LINES_PER_PAGE: usize = 15;

/// One embed, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedData {
    /// Title (≤ 256).
    pub title: String,
    /// Link the title points to.
    pub url: Option<String>,
    /// Body (≤ 4096).
    pub description: String,
    /// Footer (≤ 2048), empty for none.
    pub footer: String,
}

impl EmbedData {
    /// Characters Discord counts toward the 6000 total.
    pub fn size(&self) -> usize {
        self.title.chars().count() + self.description.chars().count() + self.footer.chars().count()
    }
}

/// One page of an answer: the answer embed, then some citations, and the timeline picture
/// every page of a dated answer carries (drawn when the page is sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The embeds, answer first.
    pub embeds: Vec<EmbedData>,
    /// What the picture above the embeds shows, shared by the answer's pages.
    pub picture: Option<std::sync::Arc<crate::picture::Drawing>>,
    /// For a window of a `/timeline` with more events than one answer holds: where it sits,
    /// so every page carries the buttons to the earlier and later events.
    pub windows: Option<Windows>,
}

/// Where a window of `/timeline`'s events sits among the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// The years asked about.
    pub years: YearSpan,
    /// This window, from 0.
    pub window: usize,
    /// Whether events come before this window.
    pub earlier: bool,
    /// Whether events come after it.
    pub later: bool,
}

impl Windows {
    /// The windows of `answer`, when it is a `/timeline` with more events than one window.
    pub fn of(answer: &Answer) -> Option<Windows> {
        let t = answer.timeline.as_ref()?;
        let shown = t.first + t.events.len();
        (answer.command == CommandKind::Timeline && (t.first > 0 || shown < t.total)).then_some(
            Windows {
                years: t.years,
                window: t.first / TIMELINE_LIMIT,
                earlier: t.first > 0,
                later: shown < t.total,
            },
        )
    }
}

impl Page {
    /// Characters of all embeds.
    pub fn size(&self) -> usize {
        self.embeds.iter().map(EmbedData::size).sum()
    }
}

/// Escapes Discord markdown and defuses mentions in text that is not ours to format, and drops
/// what would change how it shows (control and bidirectional formatting characters): every
/// reply shows users' and articles' text through this.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if crate::corpus::hidden::is_hidden(c) => {}
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '(' | ')' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after @ keeps "@everyone" and "@here" from ever reading as a ping.
            '@' => out.push_str("@\u{200B}"),
            _ => out.push(c),
        }
    }
    out
}

/// Cuts `text` to at most `max` characters at a word boundary, ending with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let budget = max.saturating_sub(1);
    let cut: String = text.chars().take(budget).collect();
    let at = cut
        .rfind(char::is_whitespace)
        .filter(|&i| i > budget / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// The excerpt in markdown: escaped, matched words in bold, cut at a word boundary.
pub fn excerpt_markdown(c: &Citation, max_chars: usize) -> String {
    let chars: Vec<char> = c.excerpt.chars().collect();
    let (end, cut) = if chars.len() > max_chars {
        let window: String = chars[..max_chars].iter().collect();
        let at = window
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .unwrap_or(window.len());
        (window[..at].trim_end().chars().count(), true)
    } else {
        (chars.len(), false)
    };
    let mut out = String::new();
    if c.trimmed_start {
        out.push('…');
    }
    let mut at = 0;
    for h in &c.highlights {
        if h.start < at || h.start >= end {
            continue;
        }
        let h_end = h.end.min(end);
        out.push_str(&escape(&chars[at..h.start].iter().collect::<String>()));
        out.push_str("**");
        out.push_str(&escape(&chars[h.start..h_end].iter().collect::<String>()));
        out.push_str("**");
        at = h_end;
    }
    out.push_str(&escape(&chars[at..end].iter().collect::<String>()));
    if cut || c.trimmed_end {
        out.push('…');
    }
    out
}

/// The line under an excerpt: "Outlet · date · ¶N · title" (title linked when there is a URL),
/// the date in the reader's words.
pub fn source_line(c: &Citation, reader: Reader) -> String {
    let s = &c.source;
    let para = s.paragraph.map(|p| format!(" · ¶{p}")).unwrap_or_default();
    let title = clip(&s.title, 150);
    let title = match &s.url {
        Some(url) if url.starts_with("http") && !url.contains(')') => {
            format!("[{}]({url})", escape(&title))
        }
        _ => escape(&title),
    };
    format!(
        "{} · {}{para} · {title}",
        escape(&s.outlet),
        escape(&present::date_text(reader.lang, &s.date))
    )
}

fn citation_embed(n: usize, total: usize, c: &Citation, reader: Reader) -> EmbedData {
    // The footer says why a dated citation is here; an article's internal id (a file name, a
    // row number) is never shown: the title and the source line name the article.
    let footer = c
        .date_mentioned
        .as_ref()
        .map(|d| {
            reader.say(
                "cited-for",
                &[
                    ("date", present::date_text(reader.lang, &d.value).into()),
                    ("words", d.text.as_str().into()),
                ],
            )
        })
        .unwrap_or_default();
    // A dated citation is titled by its date, numbered as the picture numbers it; another by
    // its outlet, date and headline, so a reader can scan the list.
    let published = present::date_text(reader.lang, &c.source.date);
    let title = match c
        .date_mentioned
        .as_ref()
        .and_then(|d| crate::corpus::PartialDate::parse(&d.value))
    {
        Some(date) => format!("[{n}] {}", present::date(reader.lang, date)),
        None if total > 1 => format!(
            "[{n}] {} · {published} · {}",
            c.source.outlet, c.source.title
        ),
        None => format!("{} · {published} · {}", c.source.outlet, c.source.title),
    };
    EmbedData {
        title: clip(&title, limits::TITLE),
        url: c.source.url.clone().filter(|u| u.starts_with("http")),
        description: clip(
            &format!(
                "{}\n\n{}",
                excerpt_markdown(c, EXCERPT_CHARS),
                source_line(c, reader)
            ),
            limits::DESCRIPTION,
        ),
        footer: clip(&footer, limits::FOOTER),
    }
}

/// The heading of an answer: the command as the reader's picker names it and what they typed,
/// escaped.
pub fn heading(answer: &Answer, reader: Reader) -> String {
    let q = if answer.query.is_empty() {
        String::new()
    } else {
        format!(" {}", answer.query)
    };
    clip(
        &escape(&format!("{}{q}", present::command(reader, answer.command))),
        limits::TITLE,
    )
}

/// The footer of page `i` (from 0) of `n`.
fn page_footer(reader: Reader, i: usize, n: usize) -> String {
    reader.say("page", &[("page", (i + 1).into()), ("pages", n.into())])
}

/// Splits an answer into pages that each fit in one message, in the reader's words.
pub fn pages(answer: &Answer, reader: Reader) -> Vec<Page> {
    let total = answer.citations.len();
    let mut answer_text =
        present::headline(answer, reader).unwrap_or_else(|| reader.say("no-answer", &[]));
    if let Some(s) = &answer.short_answer {
        answer_text = format!("{answer_text}\n{}", present::evidence(reader, s));
    }
    // A listing reads at a glance a page at a time; help is one page whatever its lines.
    let listing = matches!(answer.found, Some(crate::engine::Finding::Sources(_)));
    if listing && total == 0 && answer_text.lines().count() > LINES_PER_PAGE {
        return list_pages(answer, &answer_text, reader);
    }
    let answer_max = if total == 0 {
        limits::DESCRIPTION
    } else {
        ANSWER_WITH_CITATIONS
    };
    let head = EmbedData {
        title: heading(answer, reader),
        url: None,
        description: clip(&escape(&answer_text), answer_max),
        footer: String::new(),
    };
    let cites: Vec<EmbedData> = answer
        .citations
        .iter()
        .enumerate()
        .map(|(i, c)| citation_embed(i + 1, total, c, reader))
        .collect();
    let picture = crate::picture::drawing(answer, reader.lang).map(std::sync::Arc::new);
    let windows = Windows::of(answer);
    let mut pages: Vec<Page> = Vec::new();
    let mut current = Page {
        embeds: vec![head.clone()],
        picture: picture.clone(),
        windows,
    };
    for e in cites {
        // As many citations as fit: Discord's ten embeds, and its 6000 characters with room
        // for the page footer.
        let full = current.embeds.len() >= limits::EMBEDS;
        if current.embeds.len() > 1 && (full || current.size() + e.size() > limits::TOTAL - 100) {
            pages.push(std::mem::replace(
                &mut current,
                Page {
                    embeds: vec![head.clone()],
                    picture: picture.clone(),
                    windows,
                },
            ));
        }
        current.embeds.push(e);
    }
    pages.push(current);
    let n = pages.len();
    if n > 1 {
        for (i, p) in pages.iter_mut().enumerate() {
            p.embeds[0].footer = page_footer(reader, i, n);
        }
    }
    pages
}

/// A long list without citations (`/sources`) as pages of [`LINES_PER_PAGE`] lines, cut at
/// line breaks, each page within the embed limits.
fn list_pages(answer: &Answer, text: &str, reader: Reader) -> Vec<Page> {
    let lines: Vec<&str> = text.lines().collect();
    let chunks: Vec<&[&str]> = lines.chunks(LINES_PER_PAGE).collect();
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| Page {
            embeds: vec![EmbedData {
                title: heading(answer, reader),
                url: None,
                description: clip(&escape(&chunk.join("\n")), limits::DESCRIPTION),
                footer: page_footer(reader, i, n),
            }],
            picture: None,
            windows: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CommandKind, Highlight, Source};

    fn citation(excerpt: &str, highlights: &[(usize, usize)]) -> Citation {
        Citation {
            excerpt: excerpt.into(),
            highlights: highlights
                .iter()
                .map(|&(start, end)| Highlight { start, end })
                .collect(),
            trimmed_start: false,
            trimmed_end: false,
            source: Source {
                id: "a.txt".into(),
                file: "a.txt".into(),
                title: "A title".into(),
                outlet: "TASS".into(),
                date: "2015-10-08".into(),
                date_basis: "printed".into(),
                url: None,
                paragraph: Some(3),
                server: None,
            },
            date_mentioned: None,
        }
    }

    #[test]
    fn escapes_markdown_and_mentions() {
        assert_eq!(
            escape("**x** @everyone <@1>"),
            "\\*\\*x\\*\\* @\u{200B}everyone \\<@\u{200B}1\\>"
        );
    }

    #[test]
    fn clips_at_word_boundaries() {
        assert_eq!(clip("one two three", 9), "one two…");
        assert_eq!(clip("short", 9), "short");
        assert!(clip(&"word ".repeat(100), 50).chars().count() <= 50);
    }

    #[test]
    fn bold_marks_survive_cutting_and_escaping() {
        let c = citation(
            "Putin *met* Abe in Tokyo on Friday and more words follow here",
            &[(0, 5), (19, 24)],
        );
        let md = excerpt_markdown(&c, 30);
        assert_eq!(md, "**Putin** \\*met\\* Abe in **Tokyo** on…");
        assert_eq!(md.matches("**").count() % 2, 0);
    }

    #[test]
    fn a_long_list_is_paged_at_line_breaks_within_limits() {
        use crate::engine::{Finding, ListedArticle, ListedSection, Listing};
        let articles = (0..40)
            .map(|i| ListedArticle {
                id: Some(format!("s1/article-{i}.txt")),
                title: format!("Headline number {i}"),
                outlet: "Outlet".into(),
                date: crate::corpus::PartialDate::parse("2020"),
                date_inferred: false,
                cut: None,
            })
            .collect();
        let answer = Answer {
            command: CommandKind::Sources,
            query: String::new(),
            found: Some(Finding::Sources(Listing {
                own: None,
                shared: ListedSection {
                    total: 40,
                    articles,
                },
                duplicates: 0,
            })),
            short_answer: None,
            sentence_answer: None,
            citations: Vec::new(),
            sources: Vec::new(),
            other_script: None,
            timeline: None,
        };
        let reader = Reader::picker(crate::present::Lang::En);
        let lines: Vec<String> = present::headline(&answer, reader)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        assert_eq!(lines.len(), 41, "a count, then each article");
        assert_eq!(
            lines[1],
            "s1/article-0.txt — Headline number 0 (Outlet, 2020)"
        );
        let pages = pages(&answer, reader);
        assert_eq!(pages.len(), 41usize.div_ceil(LINES_PER_PAGE));
        let mut seen = Vec::new();
        for (i, p) in pages.iter().enumerate() {
            assert_eq!(p.embeds.len(), 1);
            assert!(p.size() <= limits::TOTAL);
            assert!(p.embeds[0]
                .footer
                .starts_with(&format!("Page {} of", i + 1)));
            seen.extend(p.embeds[0].description.lines().map(str::to_string));
        }
        let escaped: Vec<String> = lines.iter().map(|l| escape(l)).collect();
        assert_eq!(seen, escaped, "every line once, in order");
    }

    #[test]
    fn long_answers_are_paged_within_limits() {
        let long = "A sentence of the article that goes on for a while. ".repeat(30);
        let answer = Answer {
            command: CommandKind::Who,
            query: "x".repeat(5000),
            found: Some(crate::engine::Finding::NoSuchPerson),
            short_answer: None,
            sentence_answer: None,
            citations: (0..25).map(|_| citation(&long, &[(0, 1)])).collect(),
            sources: Vec::new(),
            other_script: None,
            timeline: None,
        };
        let pages = pages(&answer, Reader::picker(crate::present::Lang::En));
        assert!(pages.len() >= 7, "{}", pages.len());
        for p in &pages {
            assert!(p.embeds.len() <= limits::EMBEDS);
            assert!(p.size() <= limits::TOTAL, "{}", p.size());
            for e in &p.embeds {
                assert!(e.title.chars().count() <= limits::TITLE);
                assert!(e.description.chars().count() <= limits::DESCRIPTION);
                assert!(e.footer.chars().count() <= limits::FOOTER);
            }
        }
        let cited: usize = pages.iter().map(|p| p.embeds.len() - 1).sum();
        assert_eq!(cited, 25, "every citation is on some page");
        // A page is full when the next citation would not fit.
        for w in pages.windows(2) {
            let next = &w[1].embeds[1];
            assert!(
                w[0].embeds.len() == limits::EMBEDS
                    || w[0].size() + next.size() > limits::TOTAL - 100,
                "page of {} with room for more",
                w[0].embeds.len()
            );
        }
    }

    #[test]
    fn a_page_holds_as_many_citations_as_fit_titled_outlet_date_headline() {
        let answer = Answer {
            command: CommandKind::Search,
            query: "treaty".into(),
            found: Some(crate::engine::Finding::Passages { count: 25 }),
            short_answer: None,
            sentence_answer: None,
            citations: (0..25)
                .map(|_| citation("A short excerpt about the treaty.", &[(29, 35)]))
                .collect(),
            sources: Vec::new(),
            other_script: None,
            timeline: None,
        };
        let per_page = |lang| {
            pages(&answer, Reader::picker(lang))
                .iter()
                .map(|p| p.embeds.len() - 1)
                .collect::<Vec<_>>()
        };
        for lang in crate::present::Lang::ALL {
            assert_eq!(per_page(lang), [9, 9, 7], "{lang}");
        }
        let ja = pages(&answer, Reader::picker(crate::present::Lang::Ja));
        let first = &ja[0].embeds[1];
        assert_eq!(first.title, "[1] TASS · 2015年10月8日 · A title");
        assert!(!first.description.contains("a.txt") && !first.footer.contains("a.txt"));
        assert!(
            first.description.contains("TASS · 2015年10月8日 · ¶3"),
            "{}",
            first.description
        );
    }
}
