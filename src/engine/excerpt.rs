//! Cutting a passage down to the sentences that matter and marking the matched words.

use std::ops::Range;

use super::answer::{Citation, Highlight, Source};
use crate::index::{ArticleInfo, StoredPassage};

/// An excerpt never grows past this many bytes by adding neighbouring sentences.
const MAX_EXCERPT_BYTES: usize = 420;
/// Paragraphs this short are quoted whole.
const WHOLE_PARAGRAPH_BYTES: usize = 320;

/// What an excerpt should show: spans that must be in it and query words to mark.
#[derive(Debug, Default, Clone)]
pub struct Focus<'a> {
    /// Byte ranges in the passage that the excerpt must contain and mark (a name, a date).
    pub anchors: Vec<Range<usize>>,
    /// Analysed query tokens with their byte ranges in the passage (from the index's analyser).
    pub matches: &'a [Range<usize>],
}

/// The source block of a citation.
pub fn source(article: &ArticleInfo, paragraph: Option<usize>) -> Source {
    Source {
        id: article.id.clone(),
        file: article.file.clone(),
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        date: article
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "unknown".into()),
        date_basis: article.date_basis.clone(),
        url: article.url.clone(),
        paragraph,
        server: article.server,
    }
}

/// Builds a citation: whole sentences of the passage around the anchors and matches.
pub fn cite(passage: &StoredPassage, article: &ArticleInfo, focus: &Focus) -> Citation {
    let text = passage.text.as_str();
    let sentences: Vec<Range<usize>> = if passage.sentences.is_empty() {
        std::iter::once(0..text.len()).collect()
    } else {
        passage.sentences.clone()
    };
    let window = if text.len() <= WHOLE_PARAGRAPH_BYTES {
        0..sentences.len()
    } else {
        choose_window(&sentences, focus)
    };
    let start = sentences[window.start].start;
    let end = sentences[window.end - 1].end;
    let excerpt = &text[start..end];

    let mut spans: Vec<Range<usize>> = focus
        .anchors
        .iter()
        .chain(focus.matches.iter())
        .filter(|r| r.start >= start && r.end <= end && r.start < r.end)
        .cloned()
        .collect();
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut highlights: Vec<Highlight> = Vec::new();
    for r in spans {
        let h = Highlight {
            start: text[start..r.start].chars().count(),
            end: text[start..r.end].chars().count(),
        };
        match highlights.last_mut() {
            Some(last) if h.start <= last.end => last.end = last.end.max(h.end),
            _ => highlights.push(h),
        }
    }
    Citation {
        excerpt: excerpt.to_string(),
        highlights,
        trimmed_start: window.start > 0,
        trimmed_end: window.end < sentences.len(),
        source: source(article, Some(passage.paragraph)),
        date_mentioned: None,
    }
}

/// Picks consecutive sentences: the one with the anchor (or most matches), then its best
/// neighbours while they fit.
fn choose_window(sentences: &[Range<usize>], focus: &Focus) -> Range<usize> {
    let weight = |s: &Range<usize>| -> usize {
        let anchored = focus
            .anchors
            .iter()
            .any(|a| a.start < s.end && s.start < a.end);
        let matched = focus
            .matches
            .iter()
            .filter(|m| m.start >= s.start && m.end <= s.end)
            .count();
        usize::from(anchored) * 100 + matched
    };
    let weights: Vec<usize> = sentences.iter().map(weight).collect();
    let best = (0..sentences.len())
        .max_by_key(|&i| (weights[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut lo = best;
    let mut hi = best + 1;
    let len = |lo: usize, hi: usize| sentences[hi - 1].end - sentences[lo].start;
    loop {
        let left = (lo > 0 && len(lo - 1, hi) <= MAX_EXCERPT_BYTES).then(|| weights[lo - 1]);
        let right =
            (hi < sentences.len() && len(lo, hi + 1) <= MAX_EXCERPT_BYTES).then(|| weights[hi]);
        match (left, right) {
            // Prefer what follows: news sentences lean on the one before less than on the next.
            (Some(l), Some(r)) if l > r => lo -= 1,
            (_, Some(_)) => hi += 1,
            (Some(_), None) => lo -= 1,
            (None, None) => break,
        }
        if hi - lo >= 3 {
            break;
        }
    }
    lo..hi
}

/// The distinct words of a text (case folded), as sorted hashes: built once per kept citation,
/// so checking a new one against them allocates nothing per word.
struct WordSet(Vec<u64>);

impl WordSet {
    fn of(text: &str) -> WordSet {
        let mut words: Vec<u64> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                // FNV-1a over the folded characters: a handful of words per excerpt needs no
                // DoS-resistant hasher, and this one costs a multiply per character.
                w.chars()
                    .flat_map(char::to_lowercase)
                    .fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
                        (h ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3)
                    })
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        WordSet(words)
    }

    /// Shared words over all words (Jaccard): how nearly two excerpts repeat each other.
    fn similarity(&self, other: &WordSet) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared as f64 / (a.len() + b.len() - shared) as f64
    }
}

/// Takes citations in order, dropping any that nearly repeats an earlier one (the same story
/// printed twice), until `limit` are kept. Lazy: later citations are never built.
pub fn dedupe(citations: impl IntoIterator<Item = Citation>, limit: usize) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::with_capacity(limit);
    let mut kept: Vec<WordSet> = Vec::with_capacity(limit);
    for c in citations {
        if out.len() >= limit {
            break;
        }
        let words = WordSet::of(&c.excerpt);
        let repeat = out.iter().zip(&kept).any(|(o, w)| {
            (o.source.id == c.source.id
                && o.source.paragraph == c.source.paragraph
                && o.excerpt == c.excerpt)
                || w.similarity(&words) >= 0.8
        });
        if !repeat {
            out.push(c);
            kept.push(words);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Mentions;

    #[test]
    fn word_sets_compare_by_shared_words_ignoring_case_and_repeats() {
        let a = WordSet::of("Putin met Abe in Nagato. Putin smiled.");
        assert_eq!(
            a.similarity(&WordSet::of("putin MET abe in nagato smiled")),
            1.0
        );
        assert_eq!(a.similarity(&WordSet::of("Kunashir Iturup")), 0.0);
        // 6 words against 6 with 4 shared: 4 / 8.
        let b = WordSet::of("Putin met Abe in Tokyo today");
        assert!((a.similarity(&b) - 0.5).abs() < 1e-9);
        assert_eq!(WordSet::of("").similarity(&a), 0.0);
    }

    fn passage(text: &str) -> StoredPassage {
        StoredPassage {
            article: 0,
            paragraph: 3,
            text: text.into(),
            sentences: crate::corpus::sentences::split(text),
            mentions: Mentions::default(),
            source: ArticleInfo::default(),
        }
    }

    fn article() -> ArticleInfo {
        ArticleInfo {
            id: "a.txt".into(),
            file: "a.txt".into(),
            title: "T".into(),
            outlet: "O".into(),
            date: crate::corpus::PartialDate::parse("2015-10-08"),
            date_basis: "printed".into(),
            date_note: None,
            url: None,
            paragraphs: 9,
            on_topic: true,
            server: None,
            text_bytes: 0,
            cut: None,
        }
    }

    #[test]
    fn long_paragraph_is_cut_to_whole_sentences_around_the_anchor() {
        let filler = "The sides met again and talked about many things at length. ".repeat(6);
        let text =
            format!("{filler}On October 19, 1956, Moscow and Tokyo signed a declaration. {filler}");
        let at = text.find("October 19, 1956").unwrap();
        let c = cite(
            &passage(&text),
            &article(),
            &Focus {
                anchors: std::iter::once(at..at + 16).collect(),
                matches: &[],
            },
        );
        assert!(
            c.excerpt
                .contains("On October 19, 1956, Moscow and Tokyo signed a declaration."),
            "{}",
            c.excerpt
        );
        assert!(c.excerpt.len() <= MAX_EXCERPT_BYTES);
        assert!(c.trimmed_start && c.trimmed_end);
        assert!(
            text.contains(&c.excerpt),
            "excerpt must be the article's own words"
        );
        assert_eq!(
            c.marked("**", "**").matches("**October 19, 1956**").count(),
            1
        );
        assert_eq!(c.source.paragraph, Some(3));
    }

    #[test]
    fn near_identical_citations_are_kept_once() {
        let a = cite(
            &passage("Putin is expected to visit Japan later this year."),
            &article(),
            &Focus::default(),
        );
        let mut b = a.clone();
        b.source.id = "b.txt".into();
        b.excerpt = "Putin is expected to visit Japan later this year!".into();
        assert_eq!(dedupe(vec![a, b], 5).len(), 1);
    }
}
