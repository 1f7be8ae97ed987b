//! A `/ask` question read once: the kind of answer it wants, its focus noun, its key words with
//! their stems, the role and country it names. The one value travels through retrieval and answer
//! extraction, so nothing re-reads the question's text along the way.

mod model;
mod named;
mod phrasal;
mod role;
mod scene;
mod verb;
mod vocabulary;
mod words;

use std::collections::HashSet;

use super::foreign;
use super::route;
use super::{query, Scoped};
use crate::engine::answer::AnswerKind;
use crate::extract::countries::CountryId;
pub use model::{Month, Question, RoleAsk, Term};
pub use named::singular;
use named::{counted_nouns, named_countries, names_a_country_alone};
use phrasal::{add_kin, PARTICLES};
use role::role_ask;
pub(in crate::engine) use vocabulary::DESCRIBE;
use vocabulary::*;
pub use vocabulary::{is_catenative, is_gloss, opens_question};
use words::{
    question_first, restore_names, stems_of, stranded_preposition, terse_role, wh_in_place, words,
    Word,
};

/// Reads a question, and decides whether it is answered as another command is.
pub fn parse(engine: &Scoped, text: &str) -> Question {
    let asked = terse_role(text);
    let mut q = parse_words(engine, asked.as_deref().unwrap_or(text));
    q.route = route::decide(engine, &q);
    if q.route.is_none() {
        q.other_script = foreign::read(engine, text);
    }
    q
}

fn parse_words(engine: &Scoped, text: &str) -> Question {
    if let Some((reordered, leading)) = question_first(text) {
        let mut q = parse_words(engine, &reordered);
        q.text = text.to_string();
        // The leading clause sets the question's scene ("Apart from the lamp, …"): it finds
        // passages, but the answer's sentence need not hold it.
        let scene: Vec<String> = words(&leading).into_iter().map(|w| w.lower).collect();
        let asked_words = words(&reordered[..reordered.len() - leading.len()]);
        // "…: where was the ferry sailing from?": the question's own clause ends on "from",
        // whatever scene is put after it.
        q.trailing_preposition = stranded_preposition(&asked_words);
        let asked: Vec<String> = asked_words.into_iter().map(|w| w.lower).collect();
        for t in &mut q.terms {
            let w = t.text.to_lowercase();
            t.aside |= scene.contains(&w) && !asked.contains(&w);
        }
        return q;
    }
    if let Some(reordered) = wh_in_place(text) {
        let mut q = parse_words(engine, &reordered);
        q.text = text.to_string();
        return q;
    }
    let all = restore_names(engine, words(text));
    // "And when …", "roughly how long …": a small word or an adverb before the question word.
    let start = (0..all.len())
        .find(|&i| {
            let w = all[i].lower.as_str();
            let adverb_before_question = crate::lexicon::may_be_left_out(w)
                && all
                    .get(i + 1)
                    .is_some_and(|n| WH_WORDS.contains(&n.lower.as_str()));
            !LEADING.contains(&w) && !adverb_before_question
        })
        .unwrap_or(all.len());
    let ws = &all[start..];
    let lower = |i: usize| ws.get(i).map(|w| w.lower.as_str()).unwrap_or("");
    let mut skip = 1; // words of the question phrase, not key words
    let mut focus_word: Option<String> = None;
    let mut focus_possessive = false;
    let mut focus_country: Option<CountryId> = None;
    let kind = match lower(0) {
        "who" | "whom" | "whose" => AnswerKind::Person,
        "when" => AnswerKind::Date,
        "where" => AnswerKind::Place,
        "why" => AnswerKind::Reason,
        "how" => match lower(1) {
            "many" | "much" => {
                skip = 2;
                if !AUX.contains(&lower(2)) && !lower(2).is_empty() {
                    focus_word = Some(lower(2).to_string());
                    skip = 3;
                }
                if lower(1) == "much" {
                    AnswerKind::Amount
                } else {
                    AnswerKind::Number
                }
            }
            "long" | "old" => {
                skip = 2;
                AnswerKind::Duration
            }
            "far" | "fast" => {
                skip = 2;
                AnswerKind::Number
            }
            _ if ws.iter().any(|w| DESCRIBE.contains(&w.lower.as_str())) => AnswerKind::Description,
            _ => AnswerKind::Other,
        },
        "what" | "which" => {
            let mut at = 1;
            if TYPE_WORDS.contains(&lower(at)) && lower(at + 1) == "of" {
                at += 2;
            }
            // "Which Russian prime minister …": a country's word before a noun describes it.
            if let Some(c) = crate::extract::countries::of_word(lower(at))
                .filter(|_| !lower(at + 1).is_empty() && !AUX.contains(&lower(at + 1)))
            {
                focus_country = Some(c);
                at += 1;
            }
            // "Which coastal town", "which earlier years": a word before a noun of a known kind
            // describes it; the noun says what is asked for.
            if !is_kind_noun(lower(at)) && !AUX.contains(&lower(at)) && is_kind_noun(lower(at + 1))
            {
                at += 1;
            }
            // "Which German town", "which Russian deputy": a noun of a kind before another one
            // describes it ("German" names a person too); the last one is the head. A word
            // followed by a name or a determiner is the verb ("Which city hosts the Games?").
            let verb_like = |i: usize| {
                ws.get(i + 1).is_some_and(|w| {
                    w.capitalised
                        || matches!(w.lower.as_str(), "the" | "a" | "an" | "its" | "their")
                })
            };
            while is_kind_noun(lower(at)) && is_kind_noun(lower(at + 1)) && !verb_like(at + 1) {
                at += 1;
            }
            // "What were the dates of the Games?", "What is the capital of …?": a noun of a date
            // or a place after the verb "be" and "the", with its "of", asks for that kind.
            if matches!(lower(at), "is" | "was" | "are" | "were")
                && lower(at + 1) == "the"
                && lower(at + 3) == "of"
                && is_date_or_place_noun(lower(at + 2))
            {
                at += 2;
            }
            // "What is the name of the ferry …?": the thing named is asked for, by its name; its
            // words stay key words.
            let mut named_from = None;
            if matches!(lower(at), "is" | "was" | "are" | "were")
                && lower(at + 1) == "the"
                && matches!(lower(at + 2), "name" | "names")
                && lower(at + 3) == "of"
            {
                let (from, head) = named_noun(ws, at + 4);
                named_from = Some(from);
                at = head;
            }
            let noun = lower(at);
            if noun.is_empty() || AUX.contains(&noun) {
                skip = at;
                AnswerKind::Thing
            } else {
                skip = named_from.unwrap_or(at + 1);
                focus_word = Some(noun.to_string());
                focus_possessive = ws.get(at).is_some_and(|w| w.possessive);
                let singular = noun.trim_end_matches('s');
                if DATE_NOUNS.contains(&singular) {
                    AnswerKind::Date
                } else if PLACE_NOUNS.contains(&singular)
                    || singular == "countrie"
                    || singular == "citie"
                {
                    AnswerKind::Place
                } else if is_person_noun(noun) {
                    AnswerKind::Person
                } else {
                    AnswerKind::Thing
                }
            }
        }
        w if AUX.contains(&w) => {
            skip = 1;
            AnswerKind::YesNo
        }
        // "Name of the ferry …?": the noun after "of" is the thing named.
        "name" | "list" => {
            if lower(1) == "of" {
                let (from, head) = named_noun(ws, 2);
                if !lower(head).is_empty() && !query::is_stopword(lower(head)) {
                    focus_word = Some(lower(head).to_string());
                    skip = from;
                }
            }
            AnswerKind::Thing
        }
        // "Tell me about …", "Explain …": a request's verb is not a key word. Any other first
        // word is one: "Lagos population?", a bare name the register does not know.
        w => {
            if !REQUEST_VERBS.contains(&w) {
                skip = 0;
            }
            AnswerKind::Other
        }
    };
    // "What did X do (to Y)?" asks for an action, which no rule here takes out of a sentence.
    let asks_action = ws.first().is_some_and(|w| w.lower == "what")
        && (ws.last().is_some_and(|w| w.lower == "do")
            || ws.iter().rev().skip(1).take(3).any(|w| w.lower == "do"));
    let kind = if kind == AnswerKind::Thing && asks_action {
        AnswerKind::Other
    } else {
        kind
    };
    // "Gorsuch age?", "What is Lund's age?", "the age of Lund?": an age asked without "how old".
    let age_asked = (kind == AnswerKind::Duration && lower(0) == "how" && lower(1) == "old")
        || matches!(kind, AnswerKind::Other | AnswerKind::Thing) && asks_an_age(ws);
    let kind = if age_asked {
        AnswerKind::Duration
    } else {
        kind
    };
    let naming = ws.iter().any(|w| {
        matches!(
            w.lower.as_str(),
            "call" | "calls" | "called" | "known" | "named" | "name"
        )
    }) && kind == AnswerKind::Thing;
    let body: Vec<&Word> = ws.iter().skip(skip).collect();
    let describe_verb = |w: &Word| {
        let l = w.lower.trim_end_matches('s');
        DESCRIBE.contains(&l)
            || DESCRIBE.contains(&w.lower.trim_end_matches("d").trim_end_matches('e'))
    };

    // "who VERB …" (no auxiliary, or a modal before the verb): the subject is the answer.
    let mut agent_verb = None;
    // "Which city hosted …?": a place asked for without "did" before the verb is its subject.
    let place_subject = kind == AnswerKind::Place
        && focus_word.is_some()
        && body
            .first()
            .is_some_and(|w| !matches!(w.lower.as_str(), "do" | "does" | "did"));
    if kind == AnswerKind::Person && focus_word.is_none()
        || place_subject
        || focus_word.as_deref().is_some_and(is_person_noun)
    {
        let mut i = 0;
        while body.get(i).is_some_and(|w| {
            AUX.contains(&w.lower.as_str())
                || w.lower == "be"
                || w.lower == "been"
                || w.lower == "not"
        }) {
            i += 1;
        }
        // "Who is going to chair …?", "Who is expected to visit …?": the verb after "to".
        if body
            .get(i)
            .is_some_and(|w| SEMI_AUXILIARIES.contains(&w.lower.as_str()))
            && body.get(i + 1).is_some_and(|w| w.lower == "to")
        {
            i += 2;
        }
        if let Some(v) = body.get(i) {
            let determiner = matches!(
                v.lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "of"
                    | "in"
                    | "on"
                    | "at"
                    | "to"
                    | "for"
            );
            if !v.capitalised && !determiner && i < 3 {
                agent_verb = Some(stems_of(engine, &v.text));
            }
        }
    }

    let role = if kind == AnswerKind::Person {
        role_ask(engine, &body)
    } else {
        None
    };

    // The question word, where one leads, is no key word wherever it stands.
    let first_word = ws
        .first()
        .filter(|_| skip > 0)
        .map(|w| w.text.as_str())
        .unwrap_or("");
    // "…, according to Putin": who said it, which the evidence may leave to "he said".
    let according = body
        .windows(2)
        .position(|p| p[0].lower == "according" && p[1].lower == "to")
        .unwrap_or(body.len());
    // "during his December 2016 trip": words an article of that time need not write again.
    let scene = scene::dated_scene(&body[..according]);
    let mut terms: Vec<Term> = Vec::new();
    let mut kind_noun = false;
    let mut last_taken: Option<usize> = None;
    let mut aside = false;
    for (at, w) in body[..according].iter().enumerate() {
        // ", the main opposition group" after a name: an aside, to the next comma.
        if w.after_comma {
            aside = at > 0
                && body[at - 1].capitalised
                && matches!(w.lower.as_str(), "the" | "a" | "an");
        }
        // "in May": a month stays, though "may" is also a word too common to search for.
        let month =
            w.capitalised && (1..=12).any(|m| crate::corpus::partial_date::month_name(m) == w.text);
        if (query::is_stopword(&w.lower) && !month)
            || TYPE_WORDS.contains(&w.lower.as_str())
            || (age_asked && w.lower == "age")
            || (kind == AnswerKind::Person && {
                let only_kind = names_the_one_asked(&body[..at], w);
                kind_noun |= only_kind;
                only_kind
            })
            || (kind == AnswerKind::Date && names_calendar_unit(&ws[..skip + at], w))
            || (kind == AnswerKind::Description && describe_verb(w))
            || (naming
                && matches!(
                    w.lower.as_str(),
                    "call"
                        | "calls"
                        | "called"
                        | "known"
                        | "named"
                        | "name"
                        | "use"
                        | "uses"
                        | "used"
                        | "give"
                        | "gives"
                ))
            || (kind == AnswerKind::Amount && AMOUNT_WORDS.contains(&w.lower.as_str()))
            || w.text == first_word
        {
            continue;
        }
        let stems = stems_of(engine, &w.text);
        if stems.is_empty() || terms.iter().any(|t| t.stems == stems) {
            continue;
        }
        let title = TITLES.contains(&w.lower.as_str());
        let particle = PARTICLES.contains(&w.lower.as_str())
            && at > 0
            && last_taken == Some(at - 1)
            && !body[at - 1].capitalised;
        // "hold their meeting", "made a trip": a light verb before its noun says nothing the
        // noun does not, and the article may write the event as a verb of its own ("met").
        let light = LIGHT_VERBS.contains(&w.lower.as_str())
            && body
                .get(at + 1)
                .is_some_and(|n| DETERMINERS.contains(&n.lower.as_str()));
        terms.push(Term {
            name: !title && (w.capitalised || w.text.chars().any(|c| c.is_ascii_digit())),
            text: w.text.clone(),
            stems,
            follows: last_taken.is_some_and(|l| {
                l + 1 == at
                    || w.capitalised
                        && body[l + 1..at]
                            .iter()
                            .all(|b| NAME_JOINERS.contains(&b.lower.as_str()))
            }),
            aside,
            dated: scene.as_ref().is_some_and(|(_, r)| r.contains(&at)),
            qualifier: crate::lexicon::may_be_left_out(&w.lower)
                || particle
                || light
                || SEMI_AUXILIARIES.contains(&w.lower.as_str())
                    && body.get(at + 1).is_some_and(|n| n.lower == "to"),
            kin: Vec::new(),
        });
        last_taken = Some(at);
    }
    let (event_verb, verb) = verb::find(engine, &body, kind, &terms);
    let agent = agent_verb
        .as_ref()
        .and_then(|st| terms.iter().position(|t| &t.stems == st));
    if kind != AnswerKind::YesNo {
        // "Who jailed …?": the verb whose subject is asked for has kin as well.
        add_kin(&mut terms, event_verb.or(verb).or(agent), &body);
    }
    let focus = focus_word
        .as_deref()
        .and_then(|f| engine.analyse(f).into_iter().next());
    let scene_time = scene
        .map(|(m, _)| m)
        .filter(|_| terms.iter().any(|t| !t.dated));
    let source = super::attribution::source_words(text);
    let search_text = {
        let mut s: Vec<String> = terms.iter().map(|t| t.text.clone()).collect();
        s.extend(body.iter().skip(according + 2).map(|w| w.text.clone()));
        if let Some(f) = &focus_word {
            if !DATE_NOUNS.contains(&f.trim_end_matches('s')) {
                s.push(f.clone());
            }
        }
        s.join(" ")
    };
    let tokens: HashSet<String> = terms
        .iter()
        .flat_map(|t| t.stems.iter().cloned())
        .chain(focus.clone())
        .collect();
    let with_kin = tokens
        .iter()
        .chain(terms.iter().flat_map(|t| &t.kin))
        .cloned()
        .collect();
    Question {
        text: text.to_string(),
        kind,
        focus,
        focus_word: focus_word.clone(),
        kind_noun,
        terms,
        verb,
        event_verb,
        agent_verb,
        agent,
        naming,
        names_asked: kind == AnswerKind::Thing && ws.iter().any(|w| w.lower == "names"),
        focus_possessive,
        focus_kind: focus_word.as_deref().and_then(crate::noun_kinds::of),
        by_how_much: start > 0 && all[start - 1].lower == "by" && lower(1) == "much",
        length: kind == AnswerKind::Number && lower(0) == "how" && lower(1) == "far",
        age: age_asked,
        speed: kind == AnswerKind::Number && lower(0) == "how" && lower(1) == "fast",
        price: kind == AnswerKind::Amount
            && body
                .iter()
                .any(|w| AMOUNT_WORDS.contains(&w.lower.as_str())),
        trailing_preposition: stranded_preposition(&all),
        role,
        countries: named_countries(text),
        focus_country,
        country_alone: names_a_country_alone(text),
        counted: counted_nouns(text),
        scene_time,
        source_stems: source.iter().flat_map(|w| stems_of(engine, w)).collect(),
        source,
        search_text,
        tokens,
        with_kin,
        route: None,
        other_script: None,
    }
}

/// "Who was the only person on the bus to …?": a noun that names only a kind (WordNet's top
/// kinds: "person", "individual"), after an article and at most one word, is the one asked for;
/// the sentence that answers names them otherwise ("one passenger", a name). A noun that follows
/// another word ("opposition group") or none ("relations with") is a word of the question.
fn names_the_one_asked(before: &[&Word], w: &Word) -> bool {
    let determiner = |b: Option<&Word>| b.is_some_and(|b| DETERMINERS.contains(&b.lower.as_str()));
    let mut back = before.iter().rev().copied();
    let (one, two) = (back.next(), back.next());
    !w.capitalised
        && crate::noun_kinds::names_only_a_kind(&w.lower)
        && (determiner(one) || determiner(two) && one.is_some_and(|o| !o.capitalised))
}

/// "the Japanese puppet state in …", "the ferry whose …": after an article, the words naming a
/// thing up to a small word, at most three; returns where they start and where their head, the
/// last of them, stands.
fn named_noun(ws: &[Word], at: usize) -> (usize, usize) {
    let from = at
        + usize::from(
            ws.get(at)
                .is_some_and(|w| DETERMINERS.contains(&w.lower.as_str())),
        );
    let run = ws[from.min(ws.len())..]
        .iter()
        .take(3)
        .take_while(|w| !query::is_stopword(&w.lower) && !AUX.contains(&w.lower.as_str()))
        .count();
    (from, from + run.saturating_sub(1))
}

/// Whether "age" is what a terse question asks for: its last word ("Gorsuch age?"), after a
/// possessive ("Lund's age") or before "of" ("the age of Lund"), or the noun after "what".
fn asks_an_age(ws: &[Word]) -> bool {
    ws.iter().enumerate().any(|(i, w)| {
        w.lower == "age"
            && (i + 1 == ws.len()
                || ws[i + 1].lower == "of"
                || i > 0 && (ws[i - 1].possessive || ws[i - 1].lower == "what"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_is_asked_as_the_noun_of_a_terse_question() {
        for q in [
            "Lund age?",
            "What is Lund's age?",
            "the age of Anna Lund?",
            "what age was Lund when she left",
        ] {
            assert!(asks_an_age(&words(q)), "{q}");
        }
        for q in ["Which age group voted?", "Did Lund retire at an age limit?"] {
            assert!(!asks_an_age(&words(q)), "{q}");
        }
    }

    fn one_asked(text: &str) -> Vec<String> {
        let ws = words(text);
        let all: Vec<&Word> = ws.iter().collect();
        (0..all.len())
            .filter(|&i| names_the_one_asked(&all[..i], all[i]))
            .map(|i| all[i].lower.clone())
            .collect()
    }

    #[test]
    fn a_kind_noun_after_an_article_names_the_one_asked_and_no_other_does() {
        assert_eq!(
            one_asked("the only person on the ferry to survive"),
            ["person"]
        );
        assert_eq!(one_asked("a person who saw it"), ["person"]);
        assert!(one_asked("the main opposition group").is_empty());
        assert!(one_asked("building stronger relations with Asia").is_empty());
        assert!(one_asked("the Event Horizon").is_empty());
    }
}
