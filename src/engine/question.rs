//! A `/ask` question read once: the kind of answer it wants, its focus noun, its key words with
//! their stems, the role and country it names. The one value travels through retrieval and answer
//! extraction, so nothing re-reads the question's text along the way.

use std::collections::HashSet;

use super::answer::OtherScript;
use super::foreign;
use super::route::{self, Route};
use super::{query, Scoped};
use crate::engine::answer::AnswerKind;
use crate::extract::countries::{self, CountryId};
use crate::kin;

/// One word of the question that the evidence must hold.
#[derive(Debug, Clone)]
pub struct Term {
    /// As typed, possessive dropped ("Japan" for "Japan's").
    pub text: String,
    /// Its stems, and those of its other forms ("met" for "meet", "russian" for "Russia").
    pub stems: Vec<String>,
    /// A name (capitalised inside the question, or a number): weighs more, and is never optional.
    pub name: bool,
    /// Typed right after the previous term, nothing between ("Sigrun Hallsdottir") or only the
    /// small words inside a name ("House of Commons"): the two may be one name; "Japan and
    /// China" are two.
    pub follows: bool,
    /// In an aside that describes a name ("the HNC, the main opposition group"): it helps find
    /// the passages, but the answer's sentence need not repeat it.
    pub aside: bool,
    /// Stems of words that may stand for it in an article ("jail" for "imprisoned"; see
    /// [`crate::kin`]): a word of the question is often the reporter's in other words.
    pub kin: Vec<String>,
}

impl Term {
    /// Whether a stem found in a passage is this word, or a word that may stand for it.
    pub fn matches(&self, stem: &str) -> bool {
        self.stems.iter().chain(&self.kin).any(|s| s == stem)
    }

    /// How much the term counts towards a sentence's support.
    pub fn weight(&self) -> f32 {
        if self.name {
            2.0
        } else {
            1.0
        }
    }
}

/// "Who is China's foreign minister?": the role's words and the country it belongs to.
#[derive(Debug, Clone)]
pub struct RoleAsk {
    /// Stems of the role's words ("foreign", "minist"), each with its other spellings.
    pub words: Vec<Vec<String>>,
    /// Lower-case words of the role as typed, for ranks the question must name ("deputy").
    pub typed: Vec<String>,
    /// The country or body named with it.
    pub country: Option<CountryId>,
    /// An organisation or place named with it that is not in the country table ("the culture
    /// minister of El Salvador"): the role's words or its passage must name it.
    pub of: Vec<String>,
    /// Key words of what comes after the role ("at the time of the Krasnoyarsk summit").
    pub context: Vec<Term>,
    /// "was": the question asks about the past, not who holds it now.
    pub past: bool,
}

/// A question, read once.
#[derive(Debug, Clone)]
pub struct Question {
    /// The question as typed.
    pub text: String,
    /// The kind of answer wanted.
    pub kind: AnswerKind,
    /// The noun after "what"/"which"/"how many" ("level", "ministries"), stemmed.
    pub focus: Option<String>,
    /// Key words, in question order.
    pub terms: Vec<Term>,
    /// The question's main verb after a named subject ("When did Abe [resign]?"), as an index into
    /// `terms`: the evidence must hold it, whatever else it holds.
    pub verb: Option<usize>,
    /// The verb of the event asked about, also after a subject of common nouns ("When did the
    /// war [end]?") or as a passive's participle ("When was the pact [signed]?"): a sentence that
    /// writes it holds the event in the clause that does. Not required, since it may be paraphrased.
    pub event_verb: Option<usize>,
    /// For "who VERB …?": the verb's stems (the subject is the answer); its kin are its term's.
    /// Kept besides `agent`, since a reporting verb ("said") is no key word and has no term.
    pub agent_verb: Option<Vec<String>>,
    /// The agent verb's term, as an index into `terms`, when it is a key word.
    pub agent: Option<usize>,
    /// "How much will it cost?": the question asks for a price, so the amount must be one.
    pub price: bool,
    /// The focus noun is written with 's ("Which state's law …?").
    pub focus_possessive: bool,
    /// What the focus noun names in WordNet's first sense (a concrete thing such as "dessert"
    /// is named by the sentence that answers; a "share" or an "institution" need not be).
    pub focus_kind: Option<crate::noun_kinds::NounKind>,
    /// The question is about naming ("What does Japan call …?", "known as").
    pub naming: bool,
    /// "What are the names of …?": the answer is several names, listed.
    pub names_asked: bool,
    /// The preposition the question ends with ("… based on?"), which the evidence's phrase
    /// starts with.
    pub trailing_preposition: Option<String>,
    /// A role question ("Who is Russia's defense minister?").
    pub role: Option<RoleAsk>,
    /// Countries the question names.
    pub countries: Vec<CountryId>,
    /// The name words of the source the question asks after ("according to …"), which the
    /// evidence's article passage must name (see [`super::attribution`]).
    pub source: Vec<String>,
    /// The words to search for.
    pub search_text: String,
    /// Stems of every key word, for finding them in passages.
    pub tokens: HashSet<String>,
    /// `tokens` and the stems that may stand for them ([`Term::kin`]), for finding the words of
    /// a sentence that holds the question in other words.
    pub with_kin: HashSet<String>,
    /// The command the question is answered as, when it names one thing and asks what it is
    /// ("Lavrov", "Who is Lavrov?", "1956"): see [`super::route`].
    pub route: Option<Route>,
    /// Written in another script than the articles' and not answered as another command: not
    /// searched, with the commands to try instead (see [`super::foreign`]).
    pub other_script: Option<OtherScript>,
}

impl Question {
    /// "When is Turkey's referendum on …?": a date question without a verb asks for the date of
    /// the thing its first common noun names, which a sentence must write to date it; a
    /// sentence holding only the words around it ("Turkey", "presidency") dates something else.
    pub fn event_noun(&self) -> Option<usize> {
        if self.kind != AnswerKind::Date || self.event_verb.is_some() || self.verb.is_some() {
            return None;
        }
        self.terms.iter().position(|t| !t.name && !t.aside)
    }

    /// The term of the verb whose subject a "who VERB …?" question asks for.
    pub fn agent_term(&self) -> Option<&Term> {
        self.agent.and_then(|i| self.terms.get(i))
    }

    /// Stems of the names the question gives, as typed: what an answer's citation marks besides
    /// the answer itself (not every word of the question, nor a country's other words).
    pub fn name_tokens(&self) -> HashSet<String> {
        self.terms
            .iter()
            .filter(|t| t.name)
            .filter_map(|t| t.stems.first().cloned())
            .collect()
    }
}

/// Words that may come before the question word: "In which year …?", "Since when …?".
const LEADING: [&str; 13] = [
    "in", "on", "at", "from", "to", "for", "by", "with", "and", "so", "since", "until", "till",
];
const AUX: [&str; 17] = [
    "do", "does", "did", "is", "are", "was", "were", "will", "would", "has", "have", "had", "can",
    "could", "should", "may", "might",
];
const DATE_NOUNS: [&str; 5] = ["year", "date", "month", "day", "time"];
const PLACE_NOUNS: [&str; 14] = [
    "island", "city", "town", "country", "place", "resort", "region", "capital", "location",
    "port", "village", "venue", "province", "state",
];
/// Nouns that ask for a person ("Which minister …?").
pub const PERSON_NOUNS: [&str; 30] = [
    "judge",
    "senator",
    "lawmaker",
    "player",
    "coach",
    "manager",
    "executive",
    "officer",
    "scientist",
    "researcher",
    "attorney",
    "lawyer",
    "governor",
    "mayor",
    "candidate",
    "chairman",
    "director",
    "commander",
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
    "spokesman",
    "ambassador",
];
/// Words that make a phrase a role ("foreign minister", "head of …").
pub const ROLE_HEADS: [&str; 23] = [
    "executive",
    "officer",
    "president",
    "minister",
    "envoy",
    "ambassador",
    "secretary",
    "premier",
    "chairman",
    "chairwoman",
    "emperor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "leader",
    "head",
    "chief",
    "director",
    "chancellor",
    "ceo",
    "commissioner",
];
/// Verbs of describing: "How did X describe Y?", "What did X call Y?".
const DESCRIBE: [&str; 12] = [
    "describe",
    "call",
    "characterize",
    "characterise",
    "view",
    "see",
    "assess",
    "portray",
    "label",
    "term",
    "regard",
    "hail",
];
/// Verbs that say little on their own ("held his position" is written "has been having"): never
/// required as the question's verb.
const LIGHT_VERBS: [&str; 20] = [
    "have", "has", "had", "hold", "held", "get", "got", "make", "made", "take", "took", "do", "go",
    "went", "keep", "kept", "give", "gave", "put", "come",
];

/// Verbs that take another verb ("decide to share", "want to meet"): the event asked about is the
/// verb they take, which the evidence may state without them.
const CATENATIVE: [&str; 16] = [
    "decide", "agree", "want", "plan", "try", "hope", "seek", "choose", "refuse", "intend",
    "promise", "threaten", "vow", "offer", "fail", "attempt",
];

/// Whether a word is a form of a verb that takes another verb ("decided", "wants").
pub fn is_catenative(word: &str) -> bool {
    let w = word.to_lowercase();
    [
        w.as_str(),
        w.trim_end_matches('s'),
        w.trim_end_matches('d'),
        w.trim_end_matches("ed"),
        w.trim_end_matches("ied"),
    ]
    .iter()
    .any(|f| CATENATIVE.contains(f) || CATENATIVE.contains(&format!("{f}y").as_str()))
}

/// Verbs that gloss a word ("What does X mean?"): the evidence glosses it without them.
const GLOSS_VERBS: [&str; 4] = ["mean", "means", "meant", "stand"];

/// Small words inside a name ("House of Commons", "Bank of the North").
const NAME_JOINERS: [&str; 5] = ["of", "the", "de", "van", "von"];

/// Whether a word is a verb that glosses a word ("mean"), which the evidence does not write.
pub fn is_gloss(word: &str) -> bool {
    GLOSS_VERBS.contains(&word.to_lowercase().as_str())
}

/// What "how much" asks about, which the evidence writes as the amount itself ("a $2 billion dam").
const AMOUNT_WORDS: [&str; 10] = [
    "cost", "costs", "worth", "price", "pay", "paid", "spend", "spent", "value", "valued",
];

/// Titles written capitalised before a name: not names themselves.
const TITLES: [&str; 16] = [
    "professor",
    "prof",
    "judge",
    "president",
    "minister",
    "dr",
    "mr",
    "mrs",
    "ms",
    "sir",
    "senator",
    "sen",
    "rep",
    "gov",
    "general",
    "secretary",
];

/// Words that stand for the answer's type, never for what the evidence must hold.
const TYPE_WORDS: [&str; 6] = ["kind", "type", "sort", "form", "name", "exactly"];

/// "What day of the week …?", "which month of the year …": the calendar unit after a date noun
/// says what kind of date is asked for; it is not a word the answering sentence writes.
fn names_calendar_unit(before: &[Word], w: &Word) -> bool {
    let mut back = before.iter().rev().map(|b| b.lower.as_str());
    let mut prev = back.next();
    if prev == Some("the") {
        prev = back.next();
    }
    matches!(w.lower.as_str(), "week" | "month" | "year")
        && prev == Some("of")
        && back
            .next()
            .is_some_and(|d| matches!(d, "day" | "days" | "month" | "months" | "weekday"))
}

#[derive(Debug, Clone)]
struct Word {
    /// Written with 's.
    possessive: bool,
    /// A comma stands before it.
    after_comma: bool,
    text: String,
    lower: String,
    capitalised: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for (i, part) in text.split(',').enumerate() {
        let start = out.len();
        out.extend(words_between_commas(part));
        if i > 0 {
            if let Some(w) = out.get_mut(start) {
                w.after_comma = true;
            }
        }
    }
    out
}

fn words_between_commas(text: &str) -> Vec<Word> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '?' | '!' | ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')')
    })
    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-'))
    .map(|w| w.trim_end_matches('.'))
    .map(|w| {
        let bare = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .or_else(|| w.strip_suffix('\''))
            .unwrap_or(w);
        (bare, bare.len() < w.len())
    })
    .filter(|(w, _)| !w.is_empty())
    .map(|(w, possessive)| Word {
        possessive,
        after_comma: false,
        text: w.to_string(),
        lower: w.to_lowercase(),
        capitalised: w.chars().next().is_some_and(char::is_uppercase),
    })
    .collect()
}

/// Stems of a word and its other forms (irregular verbs, a country's other words).
fn stems_of(engine: &Scoped, word: &str) -> Vec<String> {
    let mut forms = query::content_words(word);
    if forms.is_empty() {
        forms.push(word.to_string());
    }
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        out.extend(engine.analyse(&f));
    }
    if let Some(c) = countries::of_word(word) {
        // "Russia" asked, "Russian" or "Moscow" written: the same country.
        for w in countries::words_of(c) {
            out.extend(engine.analyse(w));
        }
    }
    // "defense" and "defence" are one word.
    for (a, b) in [("defense", "defence"), ("programme", "program")] {
        if word.eq_ignore_ascii_case(a) {
            out.extend(engine.analyse(b));
        } else if word.eq_ignore_ascii_case(b) {
            out.extend(engine.analyse(a));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A noun that says which kind of answer is asked for ("year", "town", "minister").
fn is_kind_noun(word: &str) -> bool {
    let singular = word.trim_end_matches('s');
    DATE_NOUNS.contains(&singular)
        || PLACE_NOUNS.contains(&singular)
        || is_person_noun(word)
        || matches!(singular, "countrie" | "citie")
}

/// A noun that asks for a person: one of [`PERSON_NOUNS`] (in the sense news gives them) or one
/// whose most frequent sense WordNet files under people ("congressman", "meteorologist").
fn is_person_noun(word: &str) -> bool {
    PERSON_NOUNS.contains(&word.trim_end_matches('s')) || crate::noun_kinds::names_a_person(word)
}

/// Question words that open the question proper after a leading clause.
const WH_WORDS: [&str; 9] = [
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
];

/// Whether a word opens a question: a question word or an auxiliary verb first ("Was …?").
pub fn opens_question(word: &str) -> bool {
    WH_WORDS.contains(&word) || AUX.contains(&word)
}

/// "Apart from the flood, which years …?": the question proper first, the leading clause after
/// it, so the question word decides the kind and the clause's words still count.
fn question_first(text: &str) -> Option<(String, String)> {
    let (before, after) = text.split_once(',')?;
    let first = |t: &str| {
        t.split_whitespace()
            .next()
            .map(|w| w.to_lowercase())
            .unwrap_or_default()
    };
    let opens = |t: &str| WH_WORDS.contains(&first(t).as_str()) || AUX.contains(&first(t).as_str());
    // "…, in which year …?": a preposition may come before the question word; "According to
    // the minister, was …?" asks yes or no after its clause.
    let wh_after = after
        .split_whitespace()
        .map(str::to_lowercase)
        .find(|w| !LEADING.contains(&w.as_str()))
        .is_some_and(|w| WH_WORDS.contains(&w.as_str()) || AUX.contains(&w.as_str()));
    // The clause loses the capital it had as the question's first word ("Apart" is no name).
    let moved = {
        let before = before.trim();
        let mut chars = before.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    (!opens(before) && wh_after).then(|| (format!("{} {}", after.trim(), moved), moved.clone()))
}

/// Reads a question, and decides whether it is answered as another command is.
pub fn parse(engine: &Scoped, text: &str) -> Question {
    let mut q = parse_words(engine, text);
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
        let asked: Vec<String> = words(&reordered[..reordered.len() - leading.len()])
            .into_iter()
            .map(|w| w.lower)
            .collect();
        for t in &mut q.terms {
            let w = t.text.to_lowercase();
            t.aside |= scene.contains(&w) && !asked.contains(&w);
        }
        return q;
    }
    let all = words(text);
    let start = all
        .iter()
        .position(|w| !LEADING.contains(&w.lower.as_str()))
        .unwrap_or(all.len());
    let ws = &all[start..];
    let lower = |i: usize| ws.get(i).map(|w| w.lower.as_str()).unwrap_or("");
    let mut skip = 1; // words of the question phrase, not key words
    let mut focus_word: Option<String> = None;
    let mut focus_possessive = false;
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
            "far" => {
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
            let noun = lower(at);
            if noun.is_empty() || AUX.contains(&noun) {
                skip = at;
                AnswerKind::Thing
            } else {
                skip = at + 1;
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
        "name" | "list" => AnswerKind::Thing,
        _ => AnswerKind::Other,
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

    let first_word = ws.first().map(|w| w.text.as_str()).unwrap_or("");
    // "…, according to Putin": who said it, which the evidence may leave to "he said".
    let according = body
        .windows(2)
        .position(|p| p[0].lower == "according" && p[1].lower == "to")
        .unwrap_or(body.len());
    let mut terms: Vec<Term> = Vec::new();
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
            kin: Vec::new(),
        });
        last_taken = Some(at);
    }
    // "When did Elena Huamán become …?", "Did Chile ratify …?": after the auxiliary and a subject
    // of names, the first word in lower case is the verb.
    let verb = {
        let mut i = 0;
        if body
            .first()
            .is_some_and(|w| AUX.contains(&w.lower.as_str()))
            && kind != AnswerKind::YesNo
        {
            i = 1;
        }
        while body.get(i).is_some_and(|w| w.lower == "the") {
            i += 1;
        }
        let after_the = i > 0 && body[i - 1].lower == "the";
        let names_start = i;
        while body.get(i).is_some_and(|w| {
            w.capitalised && !TITLES.contains(&w.lower.as_str())
                || (i > names_start && w.lower == "and")
        }) {
            i += 1;
        }
        // "When did the war end?", "When did the fishing season open?": a subject of common
        // nouns after "the" runs up to the verb, the last word before a small word or the end.
        let named_subject = i > names_start;
        // "When did Vorna's new quay open?": so does one after a name's possessive.
        // It picks the event's clause but is not required: "Turkey's referendum take place" is
        // a run whose last word is no verb.
        let after_possessive = named_subject && body[i - 1].possessive;
        if i == names_start && after_the || after_possessive {
            let run = body[i..]
                .iter()
                .take_while(|w| !w.capitalised && !w.possessive && !query::is_stopword(&w.lower))
                .count();
            if run >= 2 {
                i += run - 1;
            }
        }
        let v = body.get(i).filter(|w| {
            // "Israel's minister": a name's possessive is followed by a noun, not a verb.
            i > names_start
                && !body[i - 1].possessive
                && !GLOSS_VERBS.contains(&w.lower.as_str())
                && !w.capitalised
                && !query::is_stopword(&w.lower)
                && !w.possessive
                && !LIGHT_VERBS.contains(&w.lower.as_str())
                && !is_catenative(&w.lower)
        });
        // "When was the Soviet-Japanese declaration signed?": after a form of "be", a participle
        // ending the question is the verb, whatever the subject.
        let passive = body
            .first()
            .is_some_and(|w| matches!(w.lower.as_str(), "was" | "were" | "is" | "are"))
            && kind != AnswerKind::YesNo;
        // "When was the festival called off?": the participle comes before its particle.
        let last = match body.split_last() {
            Some((w, rest)) if PARTICLES.contains(&w.lower.as_str()) => rest.last(),
            _ => body.last(),
        };
        let participle = last.filter(|w| {
            passive
                && body.len() > 2
                && !w.capitalised
                && !query::is_stopword(&w.lower)
                && (w.lower.ends_with("ed") || w.lower.ends_with("en") || w.lower.ends_with("wn"))
        });
        let index = |v: &&Word| {
            let stems = stems_of(engine, &v.text);
            terms.iter().position(|t| t.stems == stems)
        };
        (
            participle.or(v).and_then(index),
            v.filter(|_| named_subject && !after_possessive)
                .and_then(index),
        )
    };
    let (event_verb, verb) = verb;
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
        terms,
        verb,
        event_verb,
        agent_verb,
        agent,
        naming,
        names_asked: kind == AnswerKind::Thing && ws.iter().any(|w| w.lower == "names"),
        focus_possessive,
        focus_kind: focus_word.as_deref().and_then(crate::noun_kinds::of),
        price: kind == AnswerKind::Amount
            && body
                .iter()
                .any(|w| AMOUNT_WORDS.contains(&w.lower.as_str())),
        trailing_preposition: all.last().map(|w| w.lower.clone()).filter(|w| {
            matches!(
                w.as_str(),
                "of" | "on"
                    | "to"
                    | "for"
                    | "with"
                    | "about"
                    | "in"
                    | "from"
                    | "by"
                    | "at"
                    | "into"
            )
        }),
        role,
        countries: named_countries(text),
        source: super::attribution::source_words(text),
        search_text,
        tokens,
        with_kin,
        route: None,
        other_script: None,
    }
}

/// The particles of English phrasal verbs, as the kin table writes them.
const PARTICLES: [&str; 9] = [
    "up", "down", "out", "off", "in", "on", "over", "back", "away",
];

/// Gives the question's verb the words that may stand for it in an article ("jailed" for
/// "imprisoned"). Only the verb: a noun's wider and narrower senses are other things ("minister"
/// is not "president"), while a verb's are ways of saying the same event. A yes or no is left
/// as typed: a verb near in sense may not state the same proposition. Kin that is itself a word
/// of the question is left out, so one word of the sentence never stands for two.
///
/// A verb followed by its particle ("step down", "lock up") is looked up as the phrasal verb
/// first: "step down" is "resign", which "step" alone is not.
fn add_kin(terms: &mut [Term], verb: Option<usize>, words: &[&Word]) {
    let typed: HashSet<String> = terms.iter().flat_map(|t| t.stems.clone()).collect();
    let Some(t) = verb.and_then(|v| terms.get_mut(v)) else {
        return;
    };
    let Some(stem) = t.stems.first().filter(|_| !t.name) else {
        return;
    };
    let particle = words
        .iter()
        .position(|w| w.text == t.text)
        .and_then(|i| words.get(i + 1))
        .map(|w| w.lower.as_str())
        .filter(|w| PARTICLES.contains(w));
    let phrasal = particle.map(|p| kin::of(&format!("{stem}_{p}"), kin::Use::Verb));
    t.kin = phrasal
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| kin::of(stem, kin::Use::Verb))
        .iter()
        .filter(|k| !typed.contains(*k))
        .cloned()
        .collect();
}

/// The countries a question names as taking part, not as where ("… meeting in Tokyo").
fn named_countries(text: &str) -> Vec<CountryId> {
    let ws = words(text);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let locative = i > 0
            && matches!(
                ws[i - 1].lower.as_str(),
                "in" | "at" | "to" | "from" | "near"
            );
        if locative {
            continue;
        }
        if let Some(c) = countries::of_word(&w.text) {
            out.push(c);
        }
    }
    if out.is_empty() {
        out = countries::in_text(text);
    }
    out
}

/// "Who is/was [the] [COUNTRY's] ROLE [of ORG] [at the time of X]?": the role's words, its country
/// and the words after it. `None` when the question goes on with a verb ("Who is expected to …").
fn role_ask(engine: &Scoped, body: &[&Word]) -> Option<RoleAsk> {
    let first = body.first()?.lower.as_str();
    if !matches!(first, "is" | "was" | "are" | "were") {
        return None;
    }
    let past = matches!(first, "was" | "were");
    let rest: Vec<&Word> = body[1..]
        .iter()
        .copied()
        .filter(|w| {
            !matches!(
                w.lower.as_str(),
                "the" | "a" | "an" | "currently" | "now" | "then"
            )
        })
        .collect();
    // The role ends at its last role head; what follows it must begin with a preposition.
    let head_at = rest.iter().rposition(|w| {
        ROLE_HEADS
            .iter()
            .any(|h| w.lower.split('-').any(|p| p.trim_end_matches('s') == *h))
    })?;
    let mut end = head_at + 1;
    // "Secretary of State", "head of the Foreign Ministry's Asia department": an "of" phrase of
    // capitalised words (or a department) belongs to the role.
    let mut of_at = None;
    if rest.get(end).is_some_and(|w| w.lower == "of") {
        let mut k = end + 1;
        while rest
            .get(k)
            .is_some_and(|w| w.capitalised || w.lower == "department" || w.lower == "ministry")
        {
            k += 1;
        }
        if k > end + 1 {
            of_at = Some(end);
            end = k;
        }
    }
    if let Some(next) = rest.get(end) {
        if !matches!(
            next.lower.as_str(),
            "at" | "in" | "during" | "of" | "on" | "before" | "after" | "when" | "under" | "for"
        ) {
            return None;
        }
    }
    let mut words = Vec::new();
    let mut typed = Vec::new();
    let mut country = None;
    let mut of = Vec::new();
    for (i, w) in rest[..end].iter().enumerate() {
        // "… of El Salvador": a name after the role's "of" that is no country is checked apart,
        // against the passage as well as the role's words ("Secretary of State" keeps "State").
        let after_of = of_at.is_some_and(|o| i > o);
        if after_of
            && w.capitalised
            && countries::of_word(&w.text).is_none()
            && !matches!(
                w.lower.as_str(),
                "state" | "defense" | "defence" | "finance" | "ministry" | "department"
            )
        {
            of.push(w.lower.clone());
            continue;
        }
        if let Some(c) =
            countries::of_word(&w.text).or_else(|| countries::in_text(&w.text).first().copied())
        {
            country = country.or(Some(c));
            continue;
        }
        if w.lower == "of" {
            continue;
        }
        typed.push(w.lower.clone());
        for part in w.text.split('-') {
            let stems = stems_of(engine, part);
            if !stems.is_empty() {
                words.push(stems);
            }
        }
    }
    // "Who is the United States' …": a country of several words.
    if country.is_none() {
        let phrase: Vec<&str> = rest[..end].iter().map(|w| w.text.as_str()).collect();
        country = countries::in_text(&phrase.join(" ")).first().copied();
    }
    let context = rest[end..]
        .iter()
        .filter(|w| !query::is_stopword(&w.lower) && w.lower != "time")
        .map(|w| Term {
            name: w.capitalised || w.text.chars().any(|c| c.is_ascii_digit()),
            text: w.text.clone(),
            stems: stems_of(engine, &w.text),
            follows: false,
            aside: false,
            kin: Vec::new(),
        })
        .collect();
    (!words.is_empty()).then_some(RoleAsk {
        words,
        typed,
        country,
        of,
        context,
        past,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_after_a_preposition_are_where_not_who() {
        let names = |q: &str| -> Vec<&'static str> {
            named_countries(q)
                .into_iter()
                .map(CountryId::name)
                .collect()
        };
        assert_eq!(
            names("Who represented Norway at the talks in Oslo?"),
            ["Norway"]
        );
        assert_eq!(names("Who is China's foreign minister?"), ["China"]);
    }

    #[test]
    fn question_words_are_split_without_punctuation_or_possessives() {
        let w: Vec<String> = words("Who is China's foreign minister?")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["Who", "is", "China", "foreign", "minister"]);
        let w: Vec<String> = words("Did the U.S. join, finally?")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["Did", "the", "U.S", "join", "finally"]);
    }
}
