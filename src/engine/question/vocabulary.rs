//! The question's small vocabularies: the words that open a question, say which kind of answer
//! it asks for, or only carry the grammar, and the verbs that stand for another verb.

use super::words::Word;

/// Words that may come before the question word: "In which year …?", "Since when …?".
pub(super) const LEADING: [&str; 13] = [
    "in", "on", "at", "from", "to", "for", "by", "with", "and", "so", "since", "until", "till",
];
pub(super) const AUX: [&str; 17] = [
    "do", "does", "did", "is", "are", "was", "were", "will", "would", "has", "have", "had", "can",
    "could", "should", "may", "might",
];
pub(super) const DATE_NOUNS: [&str; 5] = ["year", "date", "month", "day", "time"];
pub(super) const PLACE_NOUNS: [&str; 14] = [
    "island", "city", "town", "country", "place", "resort", "region", "capital", "location",
    "port", "village", "venue", "province", "state",
];
/// Nouns that ask for a person ("Which minister …?").
pub(super) const PERSON_NOUNS: [&str; 30] = [
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
pub(super) const ROLE_HEADS: [&str; 23] = [
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
pub(in crate::engine) const DESCRIBE: [&str; 12] = [
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
pub(super) const LIGHT_VERBS: [&str; 20] = [
    "have", "has", "had", "hold", "held", "get", "got", "make", "made", "take", "took", "do", "go",
    "went", "keep", "kept", "give", "gave", "put", "come",
];

/// Verbs that take another verb ("decide to share", "want to meet"): the event asked about is the
/// verb they take, which the evidence may state without them.
pub(super) const CATENATIVE: [&str; 16] = [
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
pub(super) const GLOSS_VERBS: [&str; 4] = ["mean", "means", "meant", "stand"];

/// Small words inside a name ("House of Commons", "Bank of the North").
pub(super) const NAME_JOINERS: [&str; 5] = ["of", "the", "de", "van", "von"];

/// Whether a word is a verb that glosses a word ("mean"), which the evidence does not write.
pub fn is_gloss(word: &str) -> bool {
    GLOSS_VERBS.contains(&word.to_lowercase().as_str())
}

/// What "how much" asks about, which the evidence writes as the amount itself ("a $2 billion dam").
pub(super) const AMOUNT_WORDS: [&str; 10] = [
    "cost", "costs", "worth", "price", "pay", "paid", "spend", "spent", "value", "valued",
];

/// Titles written capitalised before a name: not names themselves.
pub(super) const TITLES: [&str; 16] = [
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
pub(super) const TYPE_WORDS: [&str; 6] = ["kind", "type", "sort", "form", "name", "exactly"];

/// "What day of the week …?", "which month of the year …": the calendar unit after a date noun
/// says what kind of date is asked for; it is not a word the answering sentence writes.
pub(super) fn names_calendar_unit(before: &[Word], w: &Word) -> bool {
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

/// A noun that says which kind of answer is asked for ("year", "town", "minister").
pub(super) fn is_kind_noun(word: &str) -> bool {
    let singular = word.trim_end_matches('s');
    DATE_NOUNS.contains(&singular)
        || PLACE_NOUNS.contains(&singular)
        || is_person_noun(word)
        || matches!(singular, "countrie" | "citie")
}

/// A noun of a date or a place ("dates", "capital") that says the kind asked for after "What
/// is the …": not "state" or "place", which also name a condition or a rank ("the state of the
/// talks").
pub(super) fn is_date_or_place_noun(word: &str) -> bool {
    let singular = word.trim_end_matches('s');
    DATE_NOUNS.contains(&singular)
        || PLACE_NOUNS.contains(&singular) && !matches!(singular, "state" | "place")
}

/// A noun that asks for a person: one of [`PERSON_NOUNS`] (in the sense news gives them) or one
/// whose most frequent sense WordNet files under people ("congressman", "meteorologist").
pub(super) fn is_person_noun(word: &str) -> bool {
    PERSON_NOUNS.contains(&word.trim_end_matches('s')) || crate::noun_kinds::names_a_person(word)
}

/// Question words that open the question proper after a leading clause.
pub(super) const WH_WORDS: [&str; 9] = [
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
];

/// Whether a word opens a question: a question word or an auxiliary verb first ("Was …?").
pub fn opens_question(word: &str) -> bool {
    WH_WORDS.contains(&word) || AUX.contains(&word)
}

/// Words that open a noun phrase: after a light verb they mark a light verb construction ("hold
/// a meeting", "made their visit").
pub(super) const DETERMINERS: [&str; 10] = [
    "a", "an", "the", "their", "his", "her", "its", "our", "this", "that",
];

/// Words that with "to" say when or how surely the next verb happens ("going to", "expected
/// to"): the event is that verb, and the evidence need not repeat them.
pub(super) const SEMI_AUXILIARIES: [&str; 8] = [
    "going",
    "about",
    "due",
    "set",
    "expected",
    "supposed",
    "likely",
    "scheduled",
];

/// Verbs that open a request rather than name its subject ("Tell me about …", "Explain why …").
pub(super) const REQUEST_VERBS: [&str; 9] = [
    "tell",
    "explain",
    "describe",
    "give",
    "show",
    "summarise",
    "summarize",
    "define",
    "find",
];
