//! Turning an incoming record into an article ready to index: text mended, metadata filled in
//! (the outlet from the link's host when no column gives it), split into paragraphs, and
//! fingerprinted for idempotence and near-duplicates.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::repair::repair;
use super::source::{BadRow, Incoming};
use super::RowProblem;
use crate::corpus::similar::{self, ContentHash, Signature};
use crate::corpus::strips::{self, StripCounts};
use crate::corpus::{clean, sentences, Article, ArticleMeta, Paragraph, PartialDate};
use crate::index::ArticleInfo;

/// A paragraph longer than this is cut into passages of whole sentences: news rows often come
/// as one long line, and a passage is what is ranked and cited.
const MAX_PASSAGE_BYTES: usize = 600;
/// Sentences are gathered into a passage until it would pass this length.
const TARGET_PASSAGE_BYTES: usize = 480;
/// A "sentence" longer than this (no full stops at all) is cut at spaces.
const MAX_SENTENCE_BYTES: usize = 400;
/// Longest title kept whole; longer ones are cut at a word.
const MAX_TITLE_CHARS: usize = 200;

/// An article ready to be checked against the collection and indexed.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// As the index will keep it.
    pub info: ArticleInfo,
    /// The cleaned article, for extraction (its `meta.file` is the id).
    pub article: Article,
    /// Hash of its words.
    pub hash: ContentHash,
    /// MinHash signature of its words.
    pub signature: Signature,
    /// What it was read from, for the journal.
    pub incoming: Incoming,
    /// What is worth telling about it (a date that could not be read, a link dropped), with
    /// its line.
    pub warnings: Vec<BadRow>,
}

/// What preparing needs besides the record.
#[derive(Debug, Clone, Default)]
pub struct PrepareOptions {
    /// Put before every id (to keep two collections' ids apart).
    pub id_prefix: String,
    /// Longest text accepted, in bytes.
    pub max_article_bytes: usize,
}

/// What the articles of one batch share, for telling each one's prose from its site's furniture.
#[derive(Debug, Clone, Default)]
pub struct BatchShared {
    /// The short lines repeated across the batch's multi-line texts, as the seeds' cleaning uses.
    lines: HashMap<String, usize>,
    /// The strips of bare words (share buttons, permalinks) repeated inside its texts.
    strips: StripCounts,
}

impl BatchShared {
    /// Counts what the texts of `batch` share.
    pub fn of(batch: &[Incoming]) -> BatchShared {
        BatchShared {
            lines: clean::shared_line_counts(
                batch
                    .iter()
                    .filter(|i| i.text.trim().contains('\n'))
                    .map(|i| i.text.as_str()),
            ),
            strips: StripCounts::count(batch.iter().map(|i| i.text.as_str())),
        }
    }
}

/// Prepares one record, cleaned with what its batch shares.
pub fn prepare(
    incoming: Incoming,
    options: &PrepareOptions,
    shared: &BatchShared,
) -> Result<Prepared, BadRow> {
    let bad = |reason: RowProblem| BadRow {
        file: incoming.file.clone(),
        line: incoming.line,
        reason,
    };
    if incoming.text.len() > options.max_article_bytes {
        return Err(bad(RowProblem::TextTooLong {
            bytes: incoming.text.len(),
            limit: options.max_article_bytes,
        }));
    }
    let text = strip_controls(&incoming.text, " ");
    let text = repair(&text);
    if text.trim().is_empty() {
        return Err(bad(RowProblem::EmptyText));
    }
    let id = one_line_field(&incoming.id);
    let id = match id.trim() {
        "" => format!("{}:{}", incoming.file, incoming.line),
        id => id.to_string(),
    };
    let id = format!("{}{id}", options.id_prefix);
    let title = one_line(&repair(&strip_controls(&incoming.title, "")));
    let mut warnings = Vec::new();
    // A link is shown and followed by readers: only a web link is kept.
    let url = match one_line_field(&incoming.url).trim() {
        "" => None,
        u if is_web_link(u) => Some(u.to_string()),
        u => {
            warnings.push(bad(RowProblem::NotWebLink(u.chars().take(80).collect())));
            None
        }
    };
    let outlet = match one_line(&repair(&strip_controls(&incoming.outlet, ""))) {
        o if !o.is_empty() => o,
        _ => url.as_deref().map(host_of).unwrap_or_default(),
    };
    let date = match incoming.date.trim() {
        "" => None,
        raw => {
            let d = parse_date(raw);
            if d.is_none() {
                warnings.push(bad(RowProblem::DateNotUnderstood(
                    strip_controls(raw, "").into_owned(),
                )));
            }
            d
        }
    };
    let title_for_cleaning = (!title.is_empty()).then_some(title.as_str());
    let paragraphs = paragraphs(&text, title_for_cleaning, shared, incoming.line);
    if paragraphs.is_empty() {
        return Err(bad(RowProblem::NoProse));
    }
    let title = if title.is_empty() {
        headline_from(&paragraphs[0].text)
    } else {
        title
    };
    let date_basis = match (&date, incoming.date_basis.as_deref()) {
        (None, _) => "unknown".to_string(),
        (Some(_), Some(b)) => b.to_string(),
        (Some(_), None) => "printed".to_string(),
    };
    let meta = ArticleMeta {
        file: id.clone(),
        title: title.clone(),
        outlet: outlet.clone(),
        date,
        date_basis: date_basis.clone(),
        date_note: incoming.date_note.clone(),
        url: url.clone(),
        server: incoming.server,
    };
    let words: String = paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let info = ArticleInfo {
        id,
        file: incoming.file.clone(),
        title,
        outlet,
        date,
        date_basis,
        date_note: incoming.date_note.clone(),
        url,
        paragraphs: paragraphs.len(),
        on_topic: false,
        server: incoming.server,
        text_bytes: paragraphs.iter().map(|p| p.text.len() as u64).sum(),
        cut: incoming.cut.clone(),
    };
    Ok(Prepared {
        hash: similar::content_hash(&words),
        signature: similar::signature(&words),
        article: Article {
            meta,
            paragraphs,
            removed: Vec::new(),
        },
        info,
        incoming,
        warnings,
    })
}

/// `s` with each control character (C0 and C1, e.g. ESC or BEL: they could drive a terminal
/// that shows them) replaced by `replacement`; tabs and line breaks are kept.
pub fn strip_controls<'a>(s: &'a str, replacement: &str) -> std::borrow::Cow<'a, str> {
    // Bidirectional overrides count too: they reorder what a reader sees.
    crate::corpus::hidden::strip_hidden(s, replacement)
}

/// A one-line field (id, link): control characters dropped, tabs and line breaks made spaces.
fn one_line_field(s: &str) -> String {
    strip_controls(s, "").replace(['\t', '\n', '\r'], " ")
}

/// Whether `url` is an `http://` or `https://` address (not `javascript:`, `file:`, …).
fn is_web_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Splits mended text into numbered paragraphs of whole sentences. Text with line breaks is
/// cleaned like a seed file (furniture, headline, non-prose lines); one long line is taken as
/// prose, with runs of three or more spaces read as paragraph breaks.
pub fn paragraphs(
    text: &str,
    title: Option<&str>,
    shared: &BatchShared,
    first_line: usize,
) -> Vec<Paragraph> {
    let blocks: Vec<(usize, String)> = if text.trim().contains('\n') {
        // A strip inside a line is cut without breaking the line: lines are what is cited.
        let text = strips::cut_shared_strips(text, &shared.strips, " ");
        clean::clean(&text, title, &shared.lines)
            .paragraphs
            .into_iter()
            .map(|b| (first_line + b.line - 1, b.text))
            .collect()
    } else {
        static BREAK: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\s{3,}").expect("pattern compiles"));
        // A site's strip stands between two sections: cut, it leaves a paragraph break.
        let text = strips::cut_shared_strips(text, &shared.strips, "   ");
        BREAK
            .split(text.trim())
            .map(|b| (first_line, b.trim().to_string()))
            .filter(|(_, b)| !b.is_empty())
            .collect()
    };
    let mut out = Vec::new();
    for (line, block) in blocks {
        for (text, sentences) in passages(&block) {
            out.push(Paragraph {
                number: out.len() + 1,
                line,
                text,
                sentences,
            });
        }
    }
    out
}

/// Cuts a block into passages of whole sentences no longer than [`MAX_PASSAGE_BYTES`] (a single
/// longer sentence stands alone, cut at spaces if it has no stops at all).
fn passages(block: &str) -> Vec<(String, Vec<std::ops::Range<usize>>)> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for s in sentences::split(block) {
        if s.len() <= MAX_SENTENCE_BYTES {
            ranges.push(s);
            continue;
        }
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE_BYTES {
            let mut cut = start + MAX_SENTENCE_BYTES;
            while !block.is_char_boundary(cut) {
                cut -= 1;
            }
            let at = block[start..cut]
                .rfind(char::is_whitespace)
                .filter(|&at| at > 0)
                .map_or(cut, |at| start + at);
            ranges.push(start..at);
            start = at + block[at..].len() - block[at..].trim_start().len();
        }
        if start < s.end {
            ranges.push(start..s.end);
        }
    }
    if block.len() <= MAX_PASSAGE_BYTES {
        let sentences = if ranges.is_empty() {
            std::iter::once(0..block.len()).collect()
        } else {
            ranges
        };
        return vec![(block.to_string(), sentences)];
    }
    let mut out = Vec::new();
    let mut group: Vec<std::ops::Range<usize>> = Vec::new();
    let flush = |group: &mut Vec<std::ops::Range<usize>>,
                 out: &mut Vec<(String, Vec<std::ops::Range<usize>>)>| {
        if let (Some(first), Some(last)) = (group.first(), group.last()) {
            let (from, to) = (first.start, last.end);
            out.push((
                block[from..to].to_string(),
                group.iter().map(|r| r.start - from..r.end - from).collect(),
            ));
        }
        group.clear();
    };
    for r in ranges {
        let start = group.first().map_or(r.start, |g| g.start);
        if !group.is_empty() && r.end - start > TARGET_PASSAGE_BYTES {
            flush(&mut group, &mut out);
        }
        group.push(r);
    }
    flush(&mut group, &mut out);
    out
}

/// Collapses white space to single spaces and caps the length, for titles and outlets.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= MAX_TITLE_CHARS {
        return joined;
    }
    let cut: String = joined.chars().take(MAX_TITLE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

/// A title for an article that has none: the start of its first sentence.
fn headline_from(first_paragraph: &str) -> String {
    let first = sentences::split(first_paragraph)
        .first()
        .map(|r| &first_paragraph[r.clone()])
        .unwrap_or(first_paragraph);
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{}…", words[..12].join(" "))
    }
}

/// The publisher a link names: its host without `www.` (`http://www.bbc.co.uk/…` → `bbc.co.uk`).
pub fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .map(|h| h.strip_prefix("www.").map(str::to_string).unwrap_or(h))
        .unwrap_or_default()
}

/// Reads a date column: `2017-02-07`, `2017/2/7`, `2016/12/30 7:11`, `2017-02-07T10:00:00Z`,
/// `2017-02`, `2017`, `Feb 7, 2017`, `7 February 2017`.
pub fn parse_date(raw: &str) -> Option<PartialDate> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T\s])")
            .expect("pattern compiles")
    });
    let raw = raw.trim();
    if let Some(c) = NUMERIC.captures(raw) {
        let year: i32 = c[1].parse().ok()?;
        return match (c.get(2), c.get(3)) {
            (Some(m), Some(d)) => {
                PartialDate::day(year, m.as_str().parse().ok()?, d.as_str().parse().ok()?)
            }
            (Some(m), None) => {
                let m: u32 = m.as_str().parse().ok()?;
                (1..=12).contains(&m).then(|| PartialDate::month(year, m))
            }
            _ => Some(PartialDate::year(year)),
        };
    }
    crate::extract::dates::find(raw, None)
        .into_iter()
        .find(|m| m.start == 0 && !m.relative)
        .map(|m| m.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_shapes() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2017/2/7").as_deref(), Some("2017-02-07"));
        assert_eq!(
            d("          2016/12/30 7:11").as_deref(),
            Some("2016-12-30")
        );
        assert_eq!(d("2017-02-07T10:00:00Z").as_deref(), Some("2017-02-07"));
        assert_eq!(d("2017-02").as_deref(), Some("2017-02"));
        assert_eq!(d("Feb 7, 2017").as_deref(), Some("2017-02-07"));
        assert_eq!(d("7 February 2017").as_deref(), Some("2017-02-07"));
        assert_eq!(d("2017/2/30"), None);
        assert_eq!(d("soon"), None);
    }

    #[test]
    fn outlets_come_from_the_link_host() {
        assert_eq!(host_of("http://tass.com/world/936428"), "tass.com");
        assert_eq!(host_of("https://www.bbc.co.uk/news/x"), "bbc.co.uk");
        assert_eq!(host_of("not a link"), "");
    }

    #[test]
    fn one_long_line_becomes_passages_of_whole_sentences() {
        let sentence = "The talks on the peace treaty went on for many hours in Tokyo on Monday. ";
        let text = format!("{}   {}", sentence.repeat(12).trim(), sentence.trim());
        let ps = paragraphs(&text, None, &BatchShared::default(), 7);
        assert!(ps.len() >= 3, "{}", ps.len());
        for p in &ps {
            assert!(p.text.len() <= MAX_PASSAGE_BYTES, "{}", p.text.len());
            assert!(text.contains(&p.text), "a passage is the text's own words");
            assert!(p.text.ends_with('.'));
            assert_eq!(p.line, 7);
            for s in &p.sentences {
                assert!(p.text[s.clone()].starts_with("The talks"));
            }
        }
        assert_eq!(
            ps.last().unwrap().text,
            sentence.trim(),
            "three spaces break a paragraph"
        );
        assert_eq!(
            ps.iter().map(|p| p.number).collect::<Vec<_>>(),
            (1..=ps.len()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_run_on_text_without_stops_is_still_cut() {
        let text = "word ".repeat(1000);
        let ps = paragraphs(&text, None, &BatchShared::default(), 1);
        assert!(ps.iter().all(|p| p.text.len() <= MAX_PASSAGE_BYTES));
        assert!(ps.len() > 5);
    }
}
