//! Page furniture removal: general rules that tell an article's prose from the page around it.
//!
//! No rule names a particular line or file. Each removed line is reported with the rule that
//! removed it, so a person can check the cleaning with `treatybot clean`.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

/// Why a line was taken out of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A short line that also appears in another article: site navigation or banners.
    RepeatedAcrossArticles,
    /// A photo or copyright credit.
    CreditLine,
    /// A timestamp or dateline standing on its own.
    DateStamp,
    /// The headline, which is kept as the title rather than as a paragraph.
    Headline,
    /// A summary or caption that repeats text of the article itself.
    RepeatsArticleText,
    /// A call to act: donate, subscribe, follow, go back to top, show more.
    CallToAction,
    /// A line that is not a sentence: no closing punctuation, or too short to be prose.
    NotProse,
}

/// A line removed from an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// Line number in the file, from 1.
    pub line: usize,
    /// The line as it stood.
    pub text: String,
    /// The rule that removed it.
    pub rule: Rule,
}

/// A kept paragraph before numbering: its text and the file line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBlock {
    /// Line number in the file where the paragraph starts, from 1.
    pub line: usize,
    /// The paragraph text, wrapped lines joined with a space.
    pub text: String,
}

/// The result of cleaning one article.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// The paragraphs kept, in order.
    pub paragraphs: Vec<KeptBlock>,
    /// The lines removed, in order.
    pub removed: Vec<Removal>,
}

/// Lines longer than this (in words) are never treated as shared furniture: a wire story
/// printed by two outlets shares whole paragraphs, and those are prose.
const MAX_FURNITURE_WORDS: usize = 12;

/// Folds a line for comparison: lower case, letters and digits only, single spaces.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Counts, for each folded short line, how many articles contain it.
pub fn shared_line_counts<'a>(
    articles: impl IntoIterator<Item = &'a str>,
) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for text in articles {
        let lines: HashSet<String> = text
            .lines()
            .map(fold)
            .filter(|l| !l.is_empty() && l.split(' ').count() <= MAX_FURNITURE_WORDS)
            .collect();
        for l in lines {
            *counts.entry(l).or_insert(0) += 1;
        }
    }
    counts
}

/// Cleans one article. `shared` comes from [`shared_line_counts`] over the whole collection;
/// `title` is the headline from the metadata, when known.
pub fn clean(text: &str, title: Option<&str>, shared: &HashMap<String, usize>) -> Cleaned {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .collect();
    let folded_title = title.map(fold).filter(|t| !t.is_empty());
    let folded: Vec<String> = lines.iter().map(|(_, l)| fold(l)).collect();

    let mut out = Cleaned::default();
    // Lines of the paragraph being gathered; a paragraph may be wrapped over several lines.
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (idx, &(number, line)) in lines.iter().enumerate() {
        if line.is_empty() {
            finish_block(&mut block, &mut out);
            continue;
        }
        match classify(
            line,
            &folded[idx],
            idx,
            &folded,
            folded_title.as_deref(),
            shared,
        ) {
            Some(rule) => {
                finish_block(&mut block, &mut out);
                out.removed.push(Removal {
                    line: number,
                    text: line.to_string(),
                    rule,
                });
            }
            None => block.push((number, line)),
        }
    }
    finish_block(&mut block, &mut out);
    out.removed.sort_by_key(|r| r.line);
    out
}

/// Keeps a gathered paragraph if it reads as prose, else reports its lines as not prose.
fn finish_block(block: &mut Vec<(usize, &str)>, out: &mut Cleaned) {
    let Some(&(first, _)) = block.first() else {
        return;
    };
    let text = block.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(" ");
    let words = fold(&text).split(' ').filter(|w| !w.is_empty()).count();
    if ends_sentence(&text) && words >= 3 {
        out.paragraphs.push(KeptBlock { line: first, text });
    } else {
        out.removed.extend(block.iter().map(|&(line, t)| Removal {
            line,
            text: t.to_string(),
            rule: Rule::NotProse,
        }));
    }
    block.clear();
}

fn classify(
    line: &str,
    folded: &str,
    idx: usize,
    all: &[String],
    title: Option<&str>,
    shared: &HashMap<String, usize>,
) -> Option<Rule> {
    let words = folded.split(' ').filter(|w| !w.is_empty()).count();
    if words == 0 {
        return Some(Rule::NotProse);
    }
    if words <= MAX_FURNITURE_WORDS && shared.get(folded).copied().unwrap_or(0) >= 2 {
        return Some(Rule::RepeatedAcrossArticles);
    }
    if is_credit(line) {
        return Some(Rule::CreditLine);
    }
    if words <= 10 && !ends_sentence(line) && looks_like_date_stamp(folded) {
        return Some(Rule::DateStamp);
    }
    if title == Some(folded) {
        return Some(Rule::Headline);
    }
    if repeats_other_line(folded, idx, all) {
        return Some(Rule::RepeatsArticleText);
    }
    if words <= 15 && is_call_to_action(folded) {
        return Some(Rule::CallToAction);
    }
    None
}

fn is_credit(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.starts_with('©')
        || lower.starts_with("(c) ")
        || [
            "photo:",
            "photo by",
            "photos:",
            "image:",
            "credit:",
            "getty images",
            "reuters/",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Sentence-final punctuation, allowing closing quotes and brackets after it.
pub fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', ' ']);
    trimmed.ends_with(['.', '!', '?', '…'])
}

fn looks_like_date_stamp(folded: &str) -> bool {
    // The months in full are `partial_date::is_month_name`'s.
    const MONTH_ABBREVIATIONS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    let tokens: Vec<&str> = folded.split(' ').collect();
    let has_year = tokens.iter().any(|t| {
        t.len() == 4 && t.starts_with(['1', '2']) && t.bytes().all(|b| b.is_ascii_digit())
    });
    let has_month = tokens
        .iter()
        .any(|t| MONTH_ABBREVIATIONS.contains(t) || super::partial_date::is_month_name(t));
    let numeric = tokens
        .iter()
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .count();
    (has_year && (has_month || numeric >= 2)) || folded.starts_with("last updated")
}

fn repeats_other_line(folded: &str, idx: usize, all: &[String]) -> bool {
    if folded.split(' ').count() < 4 {
        return false;
    }
    all.iter().enumerate().any(|(j, other)| {
        j != idx
            && (other.len() > folded.len() && other.starts_with(folded)
                || other == folded && j > idx)
    })
}

fn is_call_to_action(folded: &str) -> bool {
    const CUES: [&str; 16] = [
        "donat",
        "subscribe",
        "newsletter",
        "mailing list",
        "sign up",
        "follow us",
        "get the latest",
        "click here",
        "read more",
        "back to top",
        "show more",
        "share this",
        "advertisement",
        "support our",
        "download our app",
        "cookie",
    ];
    CUES.iter().any(|c| folded.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, title: Option<&str>, others: &[&str]) -> Cleaned {
        let mut all = vec![text];
        all.extend_from_slice(others);
        clean(text, title, &shared_line_counts(all))
    }

    #[test]
    fn keeps_prose_and_removes_furniture_by_rule() {
        let text = "Menu\n\nBig News Today\n\nMarch 20, 2017, 11:44 UTC+3 TOKYO\n\n© AP Photo/Someone\n\n\
                    TOKYO, March 20. The talks went well.\n\nHe did not elaborate.\n\nSign up for our newsletter!\n\nPartner news";
        let c = run(text, Some("Big News Today"), &["Partner news\nMenu"]);
        let kept: Vec<&str> = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "TOKYO, March 20. The talks went well.",
                "He did not elaborate."
            ]
        );
        let rules: Vec<Rule> = c.removed.iter().map(|r| r.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::RepeatedAcrossArticles,
                Rule::Headline,
                Rule::DateStamp,
                Rule::CreditLine,
                Rule::CallToAction,
                Rule::RepeatedAcrossArticles
            ]
        );
        assert_eq!(c.paragraphs[0].line, 9);
    }

    #[test]
    fn a_summary_that_repeats_a_paragraph_is_removed() {
        let text = "An agreement was reached in Moscow on September 21\n\nAn agreement was reached in Moscow on September 21.";
        let c = run(text, None, &[]);
        assert_eq!(c.paragraphs.len(), 1);
        assert_eq!(c.removed[0].rule, Rule::RepeatsArticleText);
    }

    #[test]
    fn long_lines_shared_by_two_articles_are_kept() {
        let para = "Russia and Japan have been negotiating a peace treaty since the middle of the twentieth century without success.";
        let c = run(para, None, &[para]);
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn wrapped_lines_of_one_paragraph_are_joined() {
        let c = run(
            "The talks began\non Monday in Tokyo.\n\nThey ended the talks.",
            None,
            &[],
        );
        let kept: Vec<&str> = c.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "The talks began on Monday in Tokyo.",
                "They ended the talks."
            ]
        );
    }
}
