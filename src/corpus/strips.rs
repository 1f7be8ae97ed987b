//! Strips of page furniture inside a paragraph: share buttons, tag lists and permalinks that a
//! site prints in the middle of its prose, so that an article stored as one line of text carries
//! them between two sentences ("… questions. Send Facebook Twitter … Permalink http://… The man
//! is believed …").
//!
//! Prose rarely runs six bare words in a row without a function word ("the", "of", "said") or a
//! punctuation mark; a strip does, it ends in a link (its permalink), and the same strip stands
//! in many articles of one site. So a run of such words beside a link is cut, with the link, when
//! its six-word pieces stand in several articles of the batch. A wire story reprinted by two
//! outlets shares its sentences, but those are prose: their runs break at function words long
//! before six. A title and name ("German Defence Minister Ursula von der Leyen") runs as long and
//! many articles write it, but never beside a link.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// Words in a piece: a strip is recognised by runs of this many bare words shared across articles.
const PIECE_WORDS: usize = 6;

/// A piece must stand in at least this many articles of the batch: one article's list of names
/// is its own, a site's strip is in every article the site printed.
const MIN_ARTICLES: usize = 3;

/// How many articles of a batch hold each piece of a strip.
#[derive(Debug, Clone, Default)]
pub struct StripCounts(HashMap<String, usize>);

impl StripCounts {
    /// Counts the pieces of the bare-word runs in `articles`, once per article.
    pub fn count<'a>(articles: impl IntoIterator<Item = &'a str>) -> StripCounts {
        let mut counts = HashMap::new();
        for text in articles {
            let pieces: HashSet<String> = linked_runs(text)
                .iter()
                .flat_map(|run| pieces_of(run).map(|(_, piece)| piece))
                .collect();
            for piece in pieces {
                *counts.entry(piece).or_insert(0) += 1;
            }
        }
        StripCounts(counts)
    }

    fn shared(&self, piece: &str) -> bool {
        self.0.get(piece).copied().unwrap_or(0) >= MIN_ARTICLES
    }
}

/// Byte ranges of the strips in `text` that the batch shares (see the module's comment), each
/// with the links right beside it.
pub fn shared_strips(text: &str, counts: &StripCounts) -> Vec<Range<usize>> {
    let tokens = tokens(text);
    let mut cut = vec![false; tokens.len()];
    for run in runs_of(&tokens)
        .into_iter()
        .filter(|r| beside_link(&tokens, r))
    {
        for (at, piece) in pieces_of(&tokens[run.clone()]) {
            if counts.shared(&piece) {
                let first = run.start + at;
                cut[first..first + PIECE_WORDS].fill(true);
            }
        }
    }
    // A link beside a strip is its permalink.
    for i in 0..tokens.len() {
        if !cut[i] && tokens[i].link {
            let beside = (i > 0 && cut[i - 1]) || cut.get(i + 1).copied().unwrap_or(false);
            if beside {
                cut[i] = true;
            }
        }
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    for (token, _) in tokens.iter().zip(&cut).filter(|(_, &c)| c) {
        match out.last_mut() {
            Some(last) if text[last.end..token.span.start].trim().is_empty() => {
                last.end = token.span.end
            }
            _ => out.push(token.span.clone()),
        }
    }
    out
}

/// `text` without its shared strips; each strip is replaced by `gap`.
pub fn cut_shared_strips(text: &str, counts: &StripCounts, gap: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for strip in shared_strips(text, counts) {
        out.push_str(text[from..strip.start].trim_end());
        out.push_str(gap);
        from = strip.end;
    }
    out.push_str(text[from..].trim_start_matches(' '));
    if from == 0 {
        return text.to_string();
    }
    out
}

/// A word of the text, where it stands and how it folds.
#[derive(Debug)]
struct Token {
    span: Range<usize>,
    /// Lower case, for comparing across articles.
    folded: String,
    /// A bare word: letters and digits (a trailing "+" allowed), no function word.
    bare: bool,
    /// A web link.
    link: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(token(&text[s..i], s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn token(word: &str, span: Range<usize>) -> Token {
    let core = word.strip_suffix('+').unwrap_or(word);
    let folded = word.to_lowercase();
    let bare = !core.is_empty()
        && core.chars().all(char::is_alphanumeric)
        && !FUNCTION_WORDS.contains(folded.trim_end_matches('+'));
    let link = folded.starts_with("http://")
        || folded.starts_with("https://")
        || folded.starts_with("www.");
    Token {
        span,
        folded,
        bare,
        link,
    }
}

/// The runs of at least [`PIECE_WORDS`] bare words in a row, as ranges of token indices.
fn runs_of(tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=tokens.len() {
        if i == tokens.len() || !tokens[i].bare {
            if i - start >= PIECE_WORDS {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    out
}

/// Whether a link stands right before or after the run.
fn beside_link(tokens: &[Token], run: &Range<usize>) -> bool {
    let before = run.start.checked_sub(1).and_then(|i| tokens.get(i));
    before.is_some_and(|t| t.link) || tokens.get(run.end).is_some_and(|t| t.link)
}

/// The tokens of each run of `text` that stands beside a link.
fn linked_runs(text: &str) -> Vec<Vec<Token>> {
    let mut tokens = tokens(text);
    let mut out = Vec::new();
    let runs: Vec<Range<usize>> = runs_of(&tokens)
        .into_iter()
        .filter(|r| beside_link(&tokens, r))
        .collect();
    for run in runs.into_iter().rev() {
        out.push(tokens.drain(run).collect());
    }
    out
}

/// Each piece of a run: where it starts in the run, and its words folded and joined.
fn pieces_of(run: &[Token]) -> impl Iterator<Item = (usize, String)> + '_ {
    run.windows(PIECE_WORDS).enumerate().map(|(at, w)| {
        let words: Vec<&str> = w.iter().map(|t| t.folded.as_str()).collect();
        (at, words.join(" "))
    })
}

/// English function words (the ISO list of the `stop-words` crate, all of it: "of" and "to" break
/// a run as surely as "although").
static FUNCTION_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    stop_words::get(stop_words::Language::English)
        .iter()
        .copied()
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    const STRIP: &str =
        "Email Print Bookmark Pocket Flipboard Reprints Mastodon Link https://example.org/p/";

    fn story(n: usize, before: &str, after: &str) -> String {
        format!("{before} {STRIP}{n} {after}")
    }

    #[test]
    fn a_strip_many_articles_share_is_cut_with_its_link() {
        let texts: Vec<String> = (0..3)
            .map(|n| {
                story(
                    n,
                    "The council met on Monday.",
                    "It voted to close the pier.",
                )
            })
            .collect();
        let counts = StripCounts::count(texts.iter().map(String::as_str));
        assert_eq!(
            cut_shared_strips(&texts[1], &counts, "   "),
            "The council met on Monday.   It voted to close the pier."
        );
    }

    #[test]
    fn a_strip_in_too_few_articles_stays() {
        let texts: Vec<String> = (0..2)
            .map(|n| story(n, "The council met.", "It voted."))
            .collect();
        let counts = StripCounts::count(texts.iter().map(String::as_str));
        assert_eq!(cut_shared_strips(&texts[0], &counts, "   "), texts[0]);
    }

    #[test]
    fn prose_shared_by_reprints_is_no_strip() {
        // A wire sentence printed by many outlets: its bare-word runs are short.
        let wire = "The ferry operator said on Tuesday that the crossing to the outer islands \
                    would stay closed until the storm passed, citing the coast guard.";
        let texts = [wire; 5];
        let counts = StripCounts::count(texts.iter().copied());
        assert!(shared_strips(wire, &counts).is_empty());
    }

    #[test]
    fn a_list_of_names_with_commas_is_no_run() {
        let text =
            "Delegates came from Norway, Iceland, Finland, Estonia, Latvia, Lithuania and Poland.";
        assert!(runs_of(&tokens(text)).is_empty());
    }

    #[test]
    fn a_title_and_name_many_articles_write_is_no_strip() {
        let texts: Vec<String> = (0..4)
            .map(|n| {
                format!(
                    "Talks resumed on day {n}. Norwegian Fisheries Minister Ola Brekke Nordvik \
                     praised the quota deal."
                )
            })
            .collect();
        let counts = StripCounts::count(texts.iter().map(String::as_str));
        assert!(shared_strips(&texts[0], &counts).is_empty());
    }
}
