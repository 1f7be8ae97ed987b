//! Whether a sentence writes a thing of the kind the question asks for, besides the question's own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::answer::AnswerKind;
use crate::engine::question::{self, Question};
use crate::engine::{attribution, short_answer, Scoped};
use crate::index::StoredPassage;

/// "What dessert was she known for?": a sentence that answers which concrete thing of a kind it
/// was (an artefact, a food, an animal … by WordNet) names that kind, in the question's word or
/// one WordNet gives for it ("pavlova"); a sentence with none of them is about something else the
/// question's names did.
pub(super) fn writes_the_focus(engine: &Scoped, q: &Question, sentence: &str) -> bool {
    let Some(focus) = q.focus.as_deref() else {
        return true;
    };
    if q.kind != AnswerKind::Thing || q.focus_kind != Some(crate::noun_kinds::NounKind::Thing) {
        return true;
    }
    let kin = crate::kin::of(focus, crate::kin::Use::Other);
    engine
        .analyse(sentence)
        .iter()
        .any(|st| st == focus || kin.contains(st))
}

/// "How many days …?": a number answers it when the noun it counts, within a few words after it,
/// is the noun asked about ("40 days"; of "ferry passengers", either word) or, for people, any
/// noun naming a kind of person ("how many people" and "3,000 passengers"). A number of something
/// else ("57%", "two weeks", "8,000 pages of documents") counts another thing.
fn counts_the_focus(q: &Question, after: &[&str]) -> bool {
    if q.focus
        .as_deref()
        .is_none_or(|f| matches!(f, "time" | "money"))
    {
        return true;
    }
    let asked = &q.counted;
    let is_people = |w: &str| w == "people" || crate::noun_kinds::names_a_person(w);
    let people = asked.iter().any(|w| is_people(w));
    after.iter().take(3).enumerate().any(|(j, w)| {
        let w = w.to_lowercase();
        let one = question::singular(&w);
        (asked
            .iter()
            .any(|a| a == one || (a.len() >= 4 && one.starts_with(a.as_str())))
            || people && (is_people(&w) || is_people(one)))
            && !short_answer::counts_another_noun(after, j)
    })
}

/// Number words a count may be written with.
const NUMBER_WORDS: [&str; 16] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
    "dozens", "hundred", "hundreds", "thousand", "million",
];

/// Words that make a number an amount of money or a share.
const MONEY_WORDS: [&str; 9] = [
    "dollar", "euro", "pound", "yen", "rouble", "ruble", "krone", "crown", "percent",
];

/// Words that say a sentence names something ("What is the name of …?").
const NAMING: [&str; 6] = ["named", "called", "known", "dubbed", "name", "names"];

/// Prepositions before a place's name.
const PLACE_PREPOSITIONS: [&str; 4] = ["in", "at", "near", "outside"];

/// Words with which a sentence gives a reason or an aim.
const CAUSE: [&str; 14] = [
    "because", "since", "as", "due", "so", "reason", "reasons", "order", "aim", "aims", "hope",
    "hopes", "bid", "amid",
];

/// Whether the text lists three names or more ("Vorna, Kessa and Lund"): capitalised words
/// joined by commas and a last "and" or "or".
pub fn lists_names(text: &str) -> bool {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"\p{Lu}[\p{L}’'-]*(?:\s+\p{Lu}[\p{L}’'-]*)*";
        Regex::new(&format!(
            r"{name}(?:,\s+{name})+,?\s+(?:and|or)\s+(?:the\s+)?{name}"
        ))
        .expect("list pattern compiles")
    });
    LIST.is_match(text)
}

/// "The ferry Nordlys", "the puppet state of Manchukuo": the noun asked about, followed by a
/// name (after "of" or not) that is not the question's, names it without a word of naming.
fn names_after_focus(q: &Question, words: &[&str], asked: &dyn Fn(&str) -> bool) -> bool {
    let Some(focus) = q.focus_word.as_deref().map(question::singular) else {
        return false;
    };
    let name = |w: &str| w.starts_with(char::is_uppercase) && !asked(w);
    words.windows(3).any(|w| {
        question::singular(&w[0].to_lowercase()) == focus
            && (name(w[1]) || w[1] == "of" && name(w[2]))
    })
}

/// "Which hospital …?" answered by "Mercy Hospital", "the Institute for Strategic Studies": the
/// noun asked about, capitalised inside the sentence as a word of a name, after a capitalised word
/// that is no article ("The Hospital"), or before "of"/"for" and a capitalised word. Such a name
/// is of the kind asked, as a date is for "When …?"; a word of it the question writes is no
/// answer ("Which hospital did Mercy Hospital …?").
pub(super) fn names_the_focus(q: &Question, text: &str) -> bool {
    let Some(focus) = q.focus_word.as_deref().map(question::singular) else {
        return false;
    };
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let question = q.text.to_lowercase();
    let asked = |w: &str| question.split_whitespace().any(|x| x == w.to_lowercase());
    let capital = |w: &str| w.starts_with(char::is_uppercase);
    let named_before = |i: usize| {
        i > 0
            && capital(words[i - 1])
            && !crate::engine::query::is_stopword(&words[i - 1].to_lowercase())
            && !asked(words[i - 1])
    };
    let named_after = |i: usize| {
        matches!(words.get(i + 1), Some(&("of" | "for")))
            && words.get(i + 2).is_some_and(|w| capital(w) && !asked(w))
    };
    (1..words.len()).any(|i| {
        capital(words[i])
            && question::singular(&words[i].to_lowercase()) == focus
            && (named_before(i) || named_after(i))
    })
}

/// Whether sentence `s` names a body of people ("Which university …?"): by capitalised words
/// that are no person's name or the title before it ("Prof. Robert Beardmore"), no month's, and
/// not capitalised only because they open the sentence or a quotation (see below); or by the
/// noun asked about ("the university said"), when the passage names it around the sentence.
/// "Cornell University" and "the Kronen Zeitung" name one; a quotation of the lead author names
/// none, whatever it says.
pub fn names_a_body(q: &Question, p: &StoredPassage, s: &Range<usize>) -> bool {
    static CAPITALISED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\p{Lu}[\p{L}\p{N}'’-]*").expect("pattern compiles"));
    let text = &p.text[s.clone()];
    // "the university said": the body, named around the sentence, is written by its noun.
    let noun = q.focus_word.as_deref().map(question::singular);
    if text
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| noun.is_some_and(|n| question::singular(&w.to_lowercase()) == n))
    {
        return true;
    }
    let question = q.text.to_lowercase();
    let asked = |w: &str| {
        let w = w.to_lowercase();
        question
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x == w)
    };
    // A person's name, unless a capitalised word follows it: "Maidstone Crown" taken for a
    // name is then a body's first words ("Maidstone Crown Court").
    let in_person = |at: usize| {
        p.mentions.people.iter().any(|m| {
            let then = p.text.get(m.end..).unwrap_or("");
            let named_on =
                then.starts_with(' ') && then[1..].starts_with(|c: char| c.is_uppercase());
            m.start <= at && at < m.end && !named_on
        })
    };
    let before_person = |end: usize| {
        let rest = text[end..].trim_start_matches(['.', ' ']);
        let at = s.start + text.len() - rest.len();
        !rest.is_empty() && in_person(at)
    };
    let named: Vec<regex::Match> = CAPITALISED
        .find_iter(text)
        .filter(|m| {
            let w = m.as_str();
            let opens = text[..m.start()]
                .trim_end()
                .chars()
                .last()
                .is_none_or(|c| matches!(c, '"' | '“' | '‘' | '\'' | ':' | '(' | '-' | '—'));
            w.chars().count() > 1
                && !opens
                && !in_person(s.start + m.start())
                && !before_person(m.end())
                && !crate::engine::dates::is_time_word(&w.to_lowercase())
        })
        .collect();
    // A word of a name alone that no dictionary has and is no country's ("Cornell"), or two
    // capitalised words in a row, not both the question's ("Mercy Hospital", "Maidstone Crown
    // Court"); a common word alone ("DNA"; so "NATO" too, as WordNet has it) or a country's
    // ("Russian") names no body.
    let own = |m: &regex::Match| !asked(m.as_str());
    named.iter().any(|m| {
        own(m)
            && !crate::lexicon::is_common_word(m.as_str())
            && crate::extract::countries::of_word(m.as_str()).is_none()
    }) || named
        .windows(2)
        .any(|w| text[w[0].end()..w[1].start()].trim().is_empty() && (own(&w[0]) || own(&w[1])))
}

/// Whether a word of a sentence is a number: written with a digit ("24", "43-mile") or a
/// number word ("three").
fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
}

/// Whether the sentence gives the age of the one asked: a number whose nearest name before it
/// is theirs ("Lund, 24,", "Lund, who is 24"), or "N-year-old" whose nearest name after it is
/// ("the 24-year-old Lund"). Other names stand between another's age and the asked one: "Like
/// Berg -- who died at the age of 79 -- Lund is …" gives Berg's.
fn age_of_asked(q: &Question, p: &StoredPassage, s: &Range<usize>) -> bool {
    let text = &p.text[s.clone()];
    let asked = |name: &str| {
        name.split(|c: char| !c.is_alphanumeric()).any(|part| {
            q.terms
                .iter()
                .any(|t| t.name && t.text.eq_ignore_ascii_case(part))
        })
    };
    // Names as (start, end, asked) within the sentence: the register's, and the asked ones'
    // words wherever written.
    let mut names: Vec<(usize, usize, bool)> = p
        .mentions
        .people
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
        .map(|m| (m.start - s.start, m.end - s.start, asked(&m.text)))
        .collect();
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .scan(0usize, |at, w| {
            let start = text[*at..].find(w).map_or(*at, |i| *at + i);
            *at = start + w.len();
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    names.extend(
        tokens
            .iter()
            .filter(|(_, w)| w.starts_with(char::is_uppercase) && asked(w))
            .map(|&(at, w)| (at, at + w.len(), true)),
    );
    let in_date = |at: usize| {
        p.mentions
            .dates
            .iter()
            .any(|m| m.start <= s.start + at && s.start + at < m.end)
    };
    let lower = |k: usize| tokens.get(k).map(|(_, w)| w.to_lowercase());
    tokens.iter().enumerate().any(|(k, &(at, w))| {
        if !is_number(w.split('-').next().unwrap_or(w)) || in_date(at) {
            return false;
        }
        let previous = names.iter().filter(|n| n.1 <= at).max_by_key(|n| n.1);
        if w.to_lowercase().ends_with("-year-old") {
            // "the 24-year-old Lund", or "Lund, a 24-year-old …".
            let next = names
                .iter()
                .filter(|n| n.0 >= at + w.len())
                .min_by_key(|n| n.0);
            return next.or(previous).is_some_and(|n| n.2);
        }
        // How news writes an age: "Lund, 24,", "Lund (24)", "aged 24", "the age of 24",
        // "Lund is 24", "24 years old"; "a sentence of 3 years" is no age.
        let years_old = matches!(lower(k + 1).as_deref(), Some("years" | "year"))
            && lower(k + 2).as_deref() == Some("old");
        let set_off = previous.is_some_and(|n| matches!(text[n.1..at].trim(), "," | "("));
        let after_word = matches!(
            k.checked_sub(1).and_then(lower).as_deref(),
            Some("aged" | "is" | "was" | "turned" | "turns")
        ) || k.checked_sub(1).and_then(lower).as_deref() == Some("of")
            && k.checked_sub(2).and_then(lower).as_deref() == Some("age");
        (set_off || after_word || years_old) && previous.is_some_and(|n| n.2)
    })
}

/// Whether the sentence holds a word of the kind the question asks for, other than its own.
pub(super) fn has_kind(q: &Question, p: &StoredPassage, s: &Range<usize>) -> bool {
    let within = |a: usize, b: usize| a >= s.start && b <= s.end;
    let text = &p.text[s.clone()];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '$' && c != '%' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // A word of the question, or a name of which one word is the question's ("Ingrid Vatne" for "Vatne").
    let asked = |w: &str| {
        w.split(|c: char| !c.is_alphanumeric()).any(|part| {
            let part = part.to_lowercase();
            q.terms.iter().any(|t| t.text.to_lowercase() == part)
        })
    };
    let in_date = |w: &str| {
        p.mentions
            .dates
            .iter()
            .any(|m| within(m.start, m.end) && m.text.contains(w))
    };
    if q.naming
        && !words
            .iter()
            .any(|w| NAMING.contains(&w.to_lowercase().as_str()))
        && !names_after_focus(q, &words, &asked)
    {
        return false;
    }
    // Several names are given by listing them ("the Vorna, Kessa and Lund valleys").
    if q.names_asked && !lists_names(text) {
        return false;
    }
    match q.kind {
        // "How long …?": a number of units of time or of length ("How long is the pipeline?"),
        // "three cells" none and "a 43-mile pipeline" one; or a time without a number ("for
        // decades", "since 2014"). "How old …?": a number alone ("Lund, 24,").
        AnswerKind::Duration if q.age => age_of_asked(q, p, s),
        AnswerKind::Duration => {
            let unit = short_answer::is_span_unit;
            p.mentions.dates.iter().any(|m| within(m.start, m.end))
                || words.iter().enumerate().any(|(i, w)| {
                    let hyphened = w
                        .split_once('-')
                        .is_some_and(|(n, u)| is_number(n) && unit(u));
                    !asked(w)
                        && (is_number(w) && words[i + 1..].iter().take(2).any(|u| unit(u))
                            || hyphened
                            || crate::engine::dates::is_time_word(&w.to_lowercase())
                            || w.ends_with('s') && unit(w))
                })
        }
        // "What time …?": a time of day.
        AnswerKind::Date if q.focus.as_deref() == Some("time") => {
            !crate::engine::clock::clock_times(text).is_empty()
        }
        // A date of the event, not of the report: "said on Wednesday" dates the saying. A year
        // asked for is written with its digits ("on Wednesday" is no year). The question's own
        // year ("the 2022 dinner") is no date it asks for.
        AnswerKind::Date => p.mentions.dates.iter().any(|m| {
            within(m.start, m.end)
                && !attribution::reported(q, &p.text[s.start..m.start])
                && !short_answer::date_in_question(q, &m.text)
                && match q.focus.as_deref() {
                    Some("year") => m.text.chars().filter(char::is_ascii_digit).count() >= 4,
                    Some("month") => m.value.month.is_some(),
                    Some("day" | "weekday") => m.value.day.is_some(),
                    _ => true,
                }
        }),
        // An amount is money or a share: a number alone ("three months") is not one. "How much
        // LNG …?" asks for a quantity of a thing, which is also a number of units ("16.5 million
        // metric tons").
        AnswerKind::Amount => {
            short_answer::writes_currency(text)
                || text.contains('%')
                || words.iter().any(|w| {
                    let w = w.to_lowercase();
                    MONEY_WORDS.contains(&w.trim_end_matches('s')) && !asked(&w)
                })
                || short_answer::asks_a_quantity(q)
                    && words.iter().enumerate().any(|(i, w)| {
                        is_number(w)
                            && !in_date(w)
                            && words[i + 1..]
                                .iter()
                                .take(3)
                                .any(|u| short_answer::is_measure_word(u))
                    })
        }
        AnswerKind::Number => words.iter().enumerate().any(|(i, w)| {
            !asked(w)
                && !in_date(w)
                && is_number(w)
                && counts_the_focus(q, &words[i + 1..])
                // "How far …?": a number of kilometres or miles, not of years.
                && (!q.speed || short_answer::speed_unit(&words[i + 1..]).is_some())
                && (!q.length
                    || words[i + 1..]
                        .iter()
                        .take(2)
                        .any(|u| short_answer::is_length_unit(u)))
        }),
        // A person the register knows, or a name of two capitalised words after the sentence's
        // first ("Mayor Anna Berg said") or opening it with words that are no common words
        // (WordNet: "Ottar Brennvik, secretary of …"), not one the question names.
        AnswerKind::Person => {
            let opening_name = words.len() > 1
                && [words[0], words[1]]
                    .iter()
                    .all(|w| !crate::lexicon::is_common_word(w));
            p.mentions.people.iter().any(|m| {
                within(m.start, m.end) && text.contains(m.text.as_str()) && !asked(&m.text)
            }) || words.windows(2).skip(usize::from(!opening_name)).any(|w| {
                // "Omar al-Rashid": a surname may follow a short particle and a hyphen.
                let capitalised = |x: &str| {
                    x.chars().next().is_some_and(char::is_uppercase)
                        && x.chars().skip(1).all(char::is_lowercase)
                        && x.chars().count() > 1
                        && !asked(x)
                };
                let particle_name =
                    |x: &str| crate::extract::people::particle_surname(x).is_some_and(capitalised);
                capitalised(w[0]) && (capitalised(w[1]) || particle_name(w[1]))
            })
        }
        // A cause: why-answers state it with a word that gives a reason or an aim.
        AnswerKind::Reason => words
            .iter()
            .any(|w| CAUSE.contains(&w.to_lowercase().as_str())),
        // A place of the gazetteer, or a name after a place preposition, not the question's.
        AnswerKind::Place => {
            p.mentions
                .places
                .iter()
                .any(|m| within(m.start, m.end) && !asked(&m.place))
                || words.windows(3).any(|w| {
                    // "outside of Tromsø": the preposition's name comes after "of".
                    let name = if w[1] == "of" { w[2] } else { w[1] };
                    PLACE_PREPOSITIONS.contains(&w[0].to_lowercase().as_str())
                        && name.starts_with(char::is_uppercase)
                        && !asked(name)
                        && !in_date(name)
                })
        }
        // "Which university …?": a body, which a sentence names by a name.
        AnswerKind::Thing if q.focus_kind == Some(crate::noun_kinds::NounKind::Body) => {
            names_a_body(q, p, s)
        }
        // "How did X describe Y?": a view, stated as someone's.
        AnswerKind::Description => attribution::states_a_view(text),
        _ => true,
    }
}
