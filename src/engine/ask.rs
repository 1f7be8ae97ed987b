//! `/ask QUESTION`: finds the kind of answer the question wants, the passage that holds it, and
//! a short answer taken from the cited sentence. When no sentence holds one, it says so.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::query;
use super::{dates, people, places, text, Citation, Engine, Reply};
use crate::error::Result;
use crate::extract::Side;
use crate::index::StoredPassage;

/// The kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A person ("Who …?").
    Person,
    /// A date ("When …?", "In what year …?").
    Date,
    /// A place ("Where …?", "In which city …?").
    Place,
    /// A number ("How many …?").
    Number,
    /// A phrase from the sentence ("What …?", "Which …?").
    Phrase,
}

const PLACE_NOUNS: [&str; 12] = [
    "city", "town", "country", "island", "islands", "place", "resort", "region", "capital", "sea",
    "state", "location",
];
const PERSON_NOUNS: [&str; 10] = [
    "person",
    "leader",
    "minister",
    "official",
    "diplomat",
    "president",
    "envoy",
    "man",
    "woman",
    "politician",
];
const DATE_NOUNS: [&str; 4] = ["year", "date", "month", "day"];

/// Reads the kind of answer from the question's first words.
pub fn detect(question: &str) -> Want {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip_while(|w| {
            matches!(
                *w,
                "in" | "on" | "at" | "from" | "to" | "for" | "by" | "with" | "and" | "so"
            )
        })
        .collect();
    let first = words.first().copied().unwrap_or("");
    let second = words.get(1).copied().unwrap_or("");
    match first {
        "who" | "whom" | "whose" => Want::Person,
        "when" => Want::Date,
        "where" => Want::Place,
        "how" if matches!(second, "many" | "much") => Want::Number,
        "what" | "which" if DATE_NOUNS.contains(&second) => Want::Date,
        "what" | "which" if PLACE_NOUNS.contains(&second) => Want::Place,
        "what" | "which" if PERSON_NOUNS.contains(&second) => Want::Person,
        _ => Want::Phrase,
    }
}

/// A short answer found in one sentence of one passage.
struct Found {
    passage: StoredPassage,
    span: Range<usize>,
    answer: String,
    score: f32,
}

/// Answers `/ask`.
pub fn ask(engine: &Engine, question: &str) -> Result<Reply> {
    let want = detect(question);
    // "Who is Lavrov?" and "Where is Hokkaido?" ask for a description: the /who and /where answers.
    let subject = query::content_words(question).join(" ");
    if want == Want::Person
        && !people::find(&engine.index.knowledge().people, &subject).is_empty()
        && engine
            .index
            .knowledge()
            .people
            .iter()
            .any(|p| people::name_score(p, &subject) >= 80)
    {
        return people::who(engine, &subject);
    }
    if want == Want::Place && engine.gazetteer.lookup(&subject).is_some() {
        return places::place(engine, &subject);
    }
    let tokens = query::query_tokens(engine, question);
    let hits = text::hits(engine, question, &tokens)?;
    if hits.is_empty() {
        return Ok((
            Some(query::no_mention(
                question,
                "Try other words, or /search for a phrase.",
            )),
            Vec::new(),
            Vec::new(),
        ));
    }
    let best_score = hits[0].score.max(f32::EPSILON);
    let mut best: Option<Found> = None;
    for h in hits.iter().take(8) {
        let matches = query::matches_in(engine, &h.passage, &tokens);
        for s in &h.passage.sentences {
            let in_sentence: Vec<Range<usize>> = matches
                .iter()
                .filter(|m| m.start >= s.start && m.end <= s.end)
                .cloned()
                .collect();
            let overlap: HashSet<&str> = in_sentence
                .iter()
                .map(|r| &h.passage.text[r.clone()])
                .collect();
            if overlap.is_empty() {
                continue;
            }
            let Some((span, answer)) =
                candidate(engine, want, question, &h.passage, s.clone(), &in_sentence)
            else {
                continue;
            };
            let score = h.score / best_score + overlap.len() as f32 * 0.35;
            if best.as_ref().is_none_or(|b| score > b.score) {
                best = Some(Found {
                    passage: h.passage.clone(),
                    span,
                    answer,
                    score,
                });
            }
        }
    }
    let mut first: Option<Citation> = None;
    let answer = match &best {
        Some(f) => {
            first = Some(query::cite(
                engine,
                &f.passage,
                vec![f.span.clone()],
                &tokens,
            ));
            f.answer.clone()
        }
        None => {
            "The articles do not answer that directly; the closest passages are below.".to_string()
        }
    };
    let citations = first.into_iter().chain(
        hits.iter()
            .map(|h| query::cite(engine, &h.passage, Vec::new(), &tokens)),
    );
    Ok((
        Some(answer),
        query::finish(citations, engine.max_citations),
        Vec::new(),
    ))
}

/// The nearest of `spans` to the matched words, by byte distance.
fn nearest<'a, T>(
    items: impl Iterator<Item = (Range<usize>, T)>,
    matches: &[Range<usize>],
) -> Option<(Range<usize>, T)>
where
    T: 'a,
{
    items.min_by_key(|(r, _)| {
        matches
            .iter()
            .map(|m| {
                if m.end <= r.start {
                    r.start - m.end
                } else {
                    m.start.saturating_sub(r.end)
                }
            })
            .min()
            .unwrap_or(usize::MAX)
    })
}

fn in_question(question: &str, words: &str) -> bool {
    question.to_lowercase().contains(&words.to_lowercase())
}

fn candidate(
    engine: &Engine,
    want: Want,
    question: &str,
    p: &StoredPassage,
    s: Range<usize>,
    matches: &[Range<usize>],
) -> Option<(Range<usize>, String)> {
    let inside = |start: usize, end: usize| start >= s.start && end <= s.end;
    match want {
        Want::Person => {
            let knowledge = engine.index.knowledge();
            let sides: HashSet<Side> = question
                .split(|c: char| !c.is_alphanumeric())
                .filter_map(Side::from_word)
                .collect();
            let people: Vec<_> = p
                .mentions
                .people
                .iter()
                .filter(|m| inside(m.start, m.end))
                .filter_map(|m| {
                    knowledge
                        .people
                        .iter()
                        .find(|x| x.id == m.person)
                        .map(|x| (m, x))
                })
                .filter(|(_, x)| !x.forms.iter().any(|f| in_question(question, f)))
                .collect();
            let on_side: Vec<_> = people
                .iter()
                .filter(|(_, x)| x.side.is_some_and(|sd| sides.contains(&sd)))
                .cloned()
                .collect();
            let pool = if on_side.is_empty() { people } else { on_side };
            let (span, person) =
                nearest(pool.into_iter().map(|(m, x)| (m.start..m.end, x)), matches)?;
            let article = &engine.article(p).id;
            let role = person
                .roles
                .iter()
                .find(|r| &r.article == article)
                .or(person.roles.first())
                .map(|r| format!(" ({})", r.role))
                .unwrap_or_default();
            Some((span, format!("{}{role}", person.name)))
        }
        Want::Date => {
            let (span, m) = nearest(
                p.mentions
                    .dates
                    .iter()
                    .filter(|m| inside(m.start, m.end) && !in_question(question, &m.text))
                    .map(|m| (m.start..m.end, m)),
                matches,
            )?;
            Some((span, dates::say(engine, p, m)))
        }
        Want::Place => {
            let (span, name) = nearest(
                p.mentions
                    .places
                    .iter()
                    .filter(|m| inside(m.start, m.end))
                    .filter(|m| {
                        engine.gazetteer.get(&m.place).is_none_or(|pl| {
                            !pl.all_names().iter().any(|n| in_question(question, n))
                        })
                    })
                    .map(|m| (m.start..m.end, m.place.clone())),
                matches,
            )?;
            let label = engine
                .gazetteer
                .get(&name)
                .map(|pl| pl.label())
                .unwrap_or(name);
            Some((span, label))
        }
        Want::Number => number(question, p, s, matches),
        Want::Phrase => phrase(question, p, s),
    }
}

static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|million|millions)(?:\s+(?:of\s+)?(?:hundred|thousand|million)s?)?\b")
        .expect("number pattern compiles")
});

/// "How many islands …?": a number in the sentence, best one right before a word of the question.
fn number(
    question: &str,
    p: &StoredPassage,
    s: Range<usize>,
    matches: &[Range<usize>],
) -> Option<(Range<usize>, String)> {
    let sentence = &p.text[s.clone()];
    let q_words: Vec<String> = query::content_words(question)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let mut scored: Vec<(bool, Range<usize>, String)> = Vec::new();
    for m in NUMBER_RE.find_iter(sentence) {
        let text = m.as_str();
        let abs = s.start + m.start()..s.start + m.end();
        // A year is a date, not a count.
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let after: Vec<&str> = sentence[m.end()..].split_whitespace().take(3).collect();
        let noun_pos = after.iter().position(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            q_words
                .iter()
                .any(|q| q.trim_end_matches('s') == w.trim_end_matches('s') && !w.is_empty())
        });
        let label = match noun_pos {
            Some(i) => format!(
                "{text} {}",
                after[..=i]
                    .join(" ")
                    .trim_matches(|c: char| !c.is_alphanumeric())
            ),
            None => text.to_string(),
        };
        scored.push((noun_pos.is_some(), abs, label));
    }
    let with_noun: Vec<_> = scored.iter().filter(|(n, _, _)| *n).cloned().collect();
    let pool = if with_noun.is_empty() {
        scored
    } else {
        with_noun
    };
    nearest(pool.into_iter().map(|(_, r, l)| (r, l)), matches)
}

static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\s+(?:because|since|which|while|although|though|so that|but|and that)\b|[,;:.!?]|\s+--\s+|\s+—\s+)").expect("clause pattern compiles")
});

/// "What did Putin call the most important thing?": the words after the question's own phrase
/// in the sentence ("… the most important thing is to sign a peace deal …"), else the clause
/// holding the most of the question's words.
fn phrase(question: &str, p: &StoredPassage, s: Range<usize>) -> Option<(Range<usize>, String)> {
    let sentence = &p.text[s.clone()];
    let q_lower = question.to_lowercase();
    let q_words: HashSet<String> = q_lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let words: Vec<(usize, &str)> = sentence
        .split_word_bound_indices_compat()
        .into_iter()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .collect();
    // Longest run of sentence words that the question also uses, with at least two content words.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && q_words.contains(&words[j].1.to_lowercase()) {
            j += 1;
        }
        let content = words[i..j]
            .iter()
            .filter(|(_, w)| !query::is_stopword(w))
            .count();
        if content >= 2 && best.is_none_or(|(a, b)| j - i > b - a) {
            best = Some((i, j));
        }
        i = j.max(i + 1);
    }
    let (_, end_word) = best?;
    let rest_start = words.get(end_word - 1).map(|(at, w)| at + w.len())?;
    let rest = &sentence[rest_start..];
    let copula = Regex::new(r"^\s*(?:is|was|are|were|would be|will be|has been|remains)\s+")
        .expect("pattern compiles");
    let cm = copula.find(rest)?;
    let body_start = rest_start + cm.end();
    let body = &sentence[body_start..];
    let body_end = CLAUSE_END
        .find(body)
        .map(|m| m.start())
        .unwrap_or(body.len());
    let answer = body[..body_end].trim();
    if answer.is_empty() || answer.split_whitespace().count() > 15 {
        return None;
    }
    let abs = s.start + body_start..s.start + body_start + body_end;
    Some((abs, answer.to_string()))
}

/// Word boundaries with byte offsets (UAX #29), in a form the phrase finder can index.
trait WordIndices {
    fn split_word_bound_indices_compat(&self) -> Vec<(usize, &str)>;
}

impl WordIndices for str {
    fn split_word_bound_indices_compat(&self) -> Vec<(usize, &str)> {
        use unicode_segmentation::UnicodeSegmentation;
        self.split_word_bound_indices().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_kind_of_answer() {
        assert_eq!(
            detect("Who visited the disputed islands last year?"),
            Want::Person
        );
        assert_eq!(detect("When was the Krasnoyarsk summit?"), Want::Date);
        assert_eq!(
            detect("In which city did Putin first meet Abe?"),
            Want::Place
        );
        assert_eq!(
            detect("In what year was the declaration signed?"),
            Want::Date
        );
        assert_eq!(detect("How many islands are in dispute?"), Want::Number);
        assert_eq!(
            detect("What did Putin call the most important thing?"),
            Want::Phrase
        );
        assert_eq!(detect("Which minister met Kishida?"), Want::Person);
    }

    #[test]
    fn phrase_after_the_questions_own_words() {
        let text = "\"For me, the most important thing is to sign a peace deal [with Japan] because that would help,\" he said.";
        let p = StoredPassage {
            article: 0,
            paragraph: 1,
            text: text.into(),
            sentences: std::iter::once(0..text.len()).collect(),
            mentions: Default::default(),
            source: Default::default(),
        };
        let (_, answer) = phrase(
            "What did Putin call the most important thing?",
            &p,
            0..text.len(),
        )
        .unwrap();
        assert_eq!(answer, "to sign a peace deal [with Japan]");
    }
}
