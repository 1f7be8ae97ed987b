//! What the engine hands to every front end: a short answer and the citations that support it.
//!
//! These types are plain data (serde-serialisable) so that the command line can print them as JSON
//! and the Discord front end can render them as embeds without knowing how they were found.

use serde::Serialize;

use super::command::{CommandKind, YearSpan};
use crate::corpus::PartialDate;

/// One answered command: the short answer (if the excerpts support one) and its citations.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Answer {
    /// The command that was answered, e.g. `who`.
    pub command: CommandKind,
    /// The user's query after the command word, trimmed.
    pub query: String,
    /// What a describing command (`/who`, `/where`, `/when`, `/what`, `/search`, `/sources`)
    /// found, as data; `crate::present` words it for a reader. `/ask` answers with
    /// [`Answer::short_answer`] or [`Answer::sentence_answer`] instead, unless it routed the
    /// question to one of those commands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<Finding>,
    /// `/ask`'s short answer as data, when a sentence supports one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_answer: Option<ShortAnswer>,
    /// `/ask`'s sentence answer as data: when no short answer stands but one sentence of the
    /// passages holds the question. The first citation holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_answer: Option<SentenceAnswer>,
    /// Supporting passages, best first.
    pub citations: Vec<Citation>,
    /// Articles listed by `/sources` (empty for every other command).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// `/ask` in a script the English articles cannot be searched in: nothing was searched,
    /// and the front ends say to ask in English or to use a command with a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_script: Option<OtherScript>,
    /// The dated events in order, for `/timeline` and for `/when` with a year or a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// What a describing command found: the data its answer's first lines are worded from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// `/who`: the people the name names, with their roles and sides.
    People {
        /// Best match first.
        people: Vec<PersonFound>,
    },
    /// `/where`: the place, its names, what it is part of, and how often it is mentioned.
    Place(PlaceFound),
    /// `/when` with a year or a date: the first dated passage's date and sentence.
    Dated {
        /// The date, as the article gave it.
        date: DateSaid,
        /// The sentence that holds the date, the article's own words.
        sentence: String,
        /// How many more dated citations follow.
        more: usize,
    },
    /// `/when EVENT`: the date the passages give the event.
    EventDate {
        /// The date, as the article gave it.
        date: DateSaid,
    },
    /// `/when EVENT`: passages name the event but give no date; when the first was reported.
    Undated {
        /// The first passage's article: outlet, date and how the date is known.
        reported: Option<Reported>,
    },
    /// `/what`, `/search`: passages were found.
    Passages {
        /// How many are cited.
        count: usize,
    },
    /// `/who` with a name nobody in the register has: passages with its words are cited.
    NoSuchPerson,
    /// `/where` with a name the gazetteer lacks: passages with its words are cited.
    NoSuchPlace,
    /// Nothing in the articles matches the query.
    NoMention,
    /// `/sources`: the articles this reader may see.
    Sources(Listing),
}

/// A person `/who` found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonFound {
    /// The name as first written.
    pub name: String,
    /// Each role the articles give (once per wording), with where it was said.
    pub roles: Vec<RoleFound>,
    /// The side the person speaks for, when an article states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<crate::extract::people::Side>,
}

/// A role as an article stated it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoleFound {
    /// The article's words for the role.
    pub role: String,
    /// The article's outlet (empty when unknown).
    pub outlet: String,
    /// The article's date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
}

/// A place `/where` found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceFound {
    /// Its label: both sides' names.
    pub label: String,
    /// Its other names (any script) not in the label.
    pub other_names: Vec<String>,
    /// The label of the place it is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// The gazetteer's note on it (configuration text).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub about: String,
    /// Passages naming it or one of its parts.
    pub passages: usize,
}

/// A date a passage gives, and, when the article wrote it relative to its own date ("last
/// year"), those words and the article's date.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateSaid {
    /// The date, as precisely as it is known.
    pub value: PartialDate,
    /// The article's words when the date was relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<Relative>,
}

/// A date written relative to the article's own.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Relative {
    /// The article's words, e.g. "last year".
    pub words: String,
    /// The article's date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_date: Option<PartialDate>,
}

/// Where and when an article was published.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reported {
    /// Outlet.
    pub outlet: String,
    /// The article's date.
    pub date: PartialDate,
    /// True when the date was inferred rather than printed.
    pub inferred: bool,
}

/// What `/sources` lists: a server's own reading list (in a server), then the shared articles.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Listing {
    /// The server's own additions, when a server asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<ListedSection>,
    /// The shared collection.
    pub shared: ListedSection,
    /// Near-duplicates set aside (counted for the command line only, never shown in a server).
    pub duplicates: usize,
}

/// Some articles of a collection, and how many it holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListedSection {
    /// How many articles there are in all.
    pub total: usize,
    /// The first of them.
    pub articles: Vec<ListedArticle>,
}

/// An article as `/sources` lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListedArticle {
    /// Its id, where the reader may remove it (a server's own additions, the command line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// True when the date was inferred rather than printed.
    pub date_inferred: bool,
    /// What was left out of a long page, when something was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<crate::corpus::html::Cut>,
}

/// Dated events as data: what `/timeline` answers, and what `/when` answers for a year or a
/// date. Each event points into the answer's citations; the front ends draw and word it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Timeline {
    /// The years asked about (`/when 1956` covers 1956 to 1956).
    pub years: YearSpan,
    /// How many (passage, date) events there are in those years in all; `events` holds the
    /// ones from `first` on.
    pub total: usize,
    /// How many events come before `events` (in the windows before this one), so the events
    /// shown are `first + 1` to `first + events.len()` of `total`.
    pub first: usize,
    /// The events shown, earliest first (precise dates before vague ones in the same year or
    /// month).
    pub events: Vec<TimelineEvent>,
}

/// One dated event of a [`Timeline`].
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TimelineEvent {
    /// The date the passage gives, as precisely as it gives it.
    pub date: PartialDate,
    /// A few of the article's own words from the sentence that holds the date (a substring of
    /// the cited excerpt, never rewritten); empty when the sentence is the date alone.
    pub label: String,
    /// Index of the event's citation in [`Answer::citations`], from 0.
    pub citation: usize,
}

/// A question written in another script than the articles' (Cyrillic, Japanese, …), and the
/// commands that answer about the names it holds, which work in any script.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OtherScript {
    /// The script most of the question's letters are in.
    pub script: crate::translit::Script,
    /// `/who`, `/where` or `/when` with a person, place or year the question names, as typed.
    pub try_instead: Vec<TryCommand>,
}

/// A command to try instead of a question: `/where 国後島`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TryCommand {
    /// The command.
    pub command: CommandKind,
    /// What to type after it.
    pub query: String,
}

/// The kind of answer a question asks for, after the classic question-answering answer types.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Who: a person, or a group of people ("senior diplomats").
    Person,
    /// When: a date or a time phrase ("in the final year of World War II").
    Date,
    /// Where: a place.
    Place,
    /// How many: a number with its unit.
    Number,
    /// How much: an amount (money, a share).
    Amount,
    /// How long: a span of time.
    Duration,
    /// How did X describe Y: the describing words.
    Description,
    /// Why: the reason clause.
    Reason,
    /// Did/Is/Has …: yes or no, from a sentence that states it or its negation.
    YesNo,
    /// What/which: a noun phrase or a name.
    Thing,
    /// A question of no kind treatybot answers briefly ("How do …?").
    Other,
}

/// A short answer, and the sentence that supports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShortAnswer {
    /// The kind of answer.
    pub kind: AnswerKind,
    /// The answer: the article's words (a date resolved to `YYYY-MM-DD`, `YYYY-MM` or `YYYY`
    /// when the words were relative).
    pub value: String,
    /// For yes/no questions: what the sentence states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    /// The words of the sentence the answer stands for, when they differ from `value` (a
    /// relative date's words, a role given with a name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// For a date: the date the value starts with, as the date finder read it, so a reader's
    /// words for it are made from the date itself, not read back from the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// The whole sentence the answer was taken from, verbatim; the first citation holds it.
    pub evidence: String,
    /// How sure the rule is, from 0 to 1: the share of the question's words the evidence holds,
    /// times how well the answer fits its place in the sentence.
    pub confidence: f32,
}

/// A sentence of the articles that holds the question when no short answer stands in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SentenceAnswer {
    /// The sentence, verbatim.
    pub sentence: String,
    /// The id of the article it is in (the first citation's).
    pub article: String,
    /// Its paragraph in the article, from 1.
    pub paragraph: usize,
    /// How sure the rule is, from 0 to 1: the share of the question's weight the sentence holds.
    pub confidence: f32,
}

/// A passage quoted from one article: its own words, trimmed to a few sentences.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    /// The article's own words (whole sentences, never rewritten).
    pub excerpt: String,
    /// Character ranges of `excerpt` that matched the query, for bold rendering.
    pub highlights: Vec<Highlight>,
    /// True when sentences before the excerpt were left out of the paragraph.
    pub trimmed_start: bool,
    /// True when sentences after the excerpt were left out of the paragraph.
    pub trimmed_end: bool,
    /// Where the excerpt comes from.
    pub source: Source,
    /// The date this citation is cited for (`/when`, `/timeline`), with the words the article used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_mentioned: Option<DateRef>,
}

/// A date as the article wrote it and as treatybot resolved it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateRef {
    /// The article's words, e.g. "last November".
    pub text: String,
    /// The resolved date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub value: String,
    /// True when resolved against the article's date.
    pub relative: bool,
}

/// A span of an excerpt, counted in `char`s from its start (end exclusive).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Highlight {
    /// First highlighted character.
    pub start: usize,
    /// One past the last highlighted character.
    pub end: usize,
}

/// The article (and paragraph) a citation points to.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    /// Stable id: the file name for a text file.
    pub id: String,
    /// The file the article was read from.
    pub file: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date as far as it is known: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    /// How the date is known: `printed` or `inferred`.
    pub date_basis: String,
    /// Link to the original, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Paragraph number in the cleaned article, from 1 (absent for whole-article listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The server whose reading list it is on (absent for the shared collection).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<crate::corpus::ServerId>,
}

impl Citation {
    /// The excerpt with each highlight wrapped in `open` … `close`, e.g. `**` for Markdown.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let chars: Vec<char> = self.excerpt.chars().collect();
        let mut out = String::with_capacity(self.excerpt.len() + self.highlights.len() * 4);
        let mut at = 0;
        for h in &self.highlights {
            if h.start < at || h.end > chars.len() || h.start >= h.end {
                continue;
            }
            out.extend(&chars[at..h.start]);
            out.push_str(open);
            out.extend(&chars[h.start..h.end]);
            out.push_str(close);
            at = h.end;
        }
        out.extend(&chars[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                title: "T".into(),
                outlet: "O".into(),
                date: "2016".into(),
                date_basis: "printed".into(),
                url: None,
                paragraph: Some(1),
                server: None,
            },
            date_mentioned: None,
        }
    }

    #[test]
    fn marks_highlights_by_char_not_byte() {
        let c = citation("Путин met Abe", &[(0, 5), (10, 13)]);
        assert_eq!(c.marked("**", "**"), "**Путин** met **Abe**");
    }

    #[test]
    fn skips_overlapping_or_out_of_range_highlights() {
        let c = citation("abc def", &[(0, 3), (2, 5), (6, 40)]);
        assert_eq!(c.marked("[", "]"), "[abc] def");
    }
}
