//! The question as data: its words, the role it asks about, and what it asks for.

use std::collections::HashSet;

use super::super::answer::OtherScript;
use super::super::route::Route;
use crate::engine::answer::AnswerKind;
use crate::extract::countries::CountryId;

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
    /// In a phrase that dates the question's scene ("during his December 2016 trip"): an article
    /// of that time need not write it again (see [`Question::scene_time`]).
    pub dated: bool,
    /// An adverb ("already", "roughly") or a phrasal verb's particle ("locked up"): it qualifies
    /// what is asked, and the answer's sentence often leaves it out or words it otherwise
    /// ("jailed"). A sentence that writes it holds more of the question; one that does not
    /// misses no word for it.
    pub qualifier: bool,
    /// Stems of words that may stand for it in an article ("jail" for "imprisoned"; see
    /// [`crate::kin`]): a word of the question is often the reporter's in other words.
    pub kin: Vec<String>,
}

impl Term {
    /// Whether a stem found in a passage is this word, or a word that may stand for it.
    pub fn matches(&self, stem: &str) -> bool {
        self.stems.iter().chain(&self.kin).any(|s| s == stem)
    }

    /// The year the word is, when it is one written with four digits ("2016").
    pub fn year(&self) -> Option<i32> {
        let t = self.text.as_str();
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
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
    /// Whose the role is, when a possessive says it ("Khalid Masood's mother"): its words in
    /// lower case, the possessive one last, which the written role must hold ("Masood's mother").
    pub owner: Vec<String>,
    /// Key words of what comes after the role ("at the time of the Krasnoyarsk summit").
    pub context: Vec<Term>,
    /// The year, and month if given, the context names alone ("in March 2017").
    pub when: Option<Month>,
    /// "was": the question asks about the past, not who holds it now.
    pub past: bool,
}

/// A year, with its month when one is given: the time a role is asked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1–12, when the question names one.
    pub month: Option<u32>,
}

impl Month {
    /// Whether a date (year, month) falls in this time.
    pub fn holds(&self, year: i32, month: Option<u32>) -> bool {
        year == self.year && self.month.is_none_or(|m| month == Some(m))
    }
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
    /// That noun as typed, lower case ("ferry"), for finding it written in a sentence.
    pub focus_word: Option<String>,
    /// "Who was the only person …?": the one asked for is named by a noun of its kind alone,
    /// which the answering sentence need not write; it picks the one person of the sentence as
    /// "Which minister …?" does.
    pub kind_noun: bool,
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
    /// "By how much did it fall?": the question asks for a change, which the sentence gives
    /// after "by" ("fell by more than 7 percent"), not a level ("7 yuan to the dollar").
    pub by_how_much: bool,
    /// "How far …?": the question asks for a distance, so the number must be one (a number with
    /// a unit of length after it). How tall or high a thing is, no rule here reads: a distance
    /// in the same sentence would pass for it.
    pub length: bool,
    /// "How old …?": an age, which news writes as a number alone after the name ("Lund, 24,").
    pub age: bool,
    /// "How fast …?": the answer is a number with a unit of speed after it ("90 km/h", "55 miles
    /// per hour").
    pub speed: bool,
    /// The focus noun is written with 's ("Which state's law …?").
    pub focus_possessive: bool,
    /// What the focus noun names in WordNet's first sense (a concrete thing such as "dessert"
    /// is named by the sentence that answers; a "share" or an "institution" need not be).
    pub focus_kind: Option<crate::noun_kinds::NounKind>,
    /// The question is about naming ("What does Japan call …?", "known as").
    pub naming: bool,
    /// "What are the names of …?": the answer is several names, listed.
    pub names_asked: bool,
    /// The preposition the question's clause ends with ("… based on?", "flying from when …"),
    /// which the evidence's phrase starts with.
    pub trailing_preposition: Option<String>,
    /// A role question ("Who is Russia's defense minister?").
    pub role: Option<RoleAsk>,
    /// Countries the question names.
    pub countries: Vec<CountryId>,
    /// "Which Icelandic minister …?": the country whose person is asked for, written before
    /// the noun asked about.
    pub focus_country: Option<CountryId>,
    /// A country's word stands alone in the question ("represented Russia at"), not before a noun
    /// it qualifies ("the Norwegian ferry union").
    pub country_alone: bool,
    /// The nouns a count is asked of ("How many ferry passengers": ferry, passenger), singular.
    pub counted: Vec<String>,
    /// The name words of the source the question asks after ("according to …"), which the
    /// evidence's article passage must name (see [`super::attribution`]).
    pub source: Vec<String>,
    /// The time a phrase of the question dates its scene to, when some key word stands outside
    /// that phrase.
    pub scene_time: Option<Month>,
    /// The source's name words as index stems: one more word the passages are ranked by.
    pub source_stems: Vec<String>,
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
    /// With a verb after common nouns ("When was the market clock replaced?", "When did the
    /// harbour fire happen / take place?"), the noun right before the verb is the thing: the
    /// date of another thing replaced is no answer.
    pub fn event_noun(&self) -> Option<usize> {
        if self.kind != AnswerKind::Date || self.verb.is_some() {
            return None;
        }
        let common = |t: &Term| !t.name && !t.aside && !t.qualifier;
        // "the nightclub headbutt happened": the event is the noun before the verb.
        if let Some(v) = (0..self.terms.len()).find(|&v| self.only_happens(v)) {
            return (0..v).rev().find(|&j| common(&self.terms[j]));
        }
        match self.event_verb {
            None => self.terms.iter().position(common),
            Some(v) => {
                // "get together": the particle stands for the verb, the verb is no noun.
                let particle = super::phrasal::PARTICLES
                    .iter()
                    .any(|p| self.terms[v].text.eq_ignore_ascii_case(p));
                let verb = if particle { v.saturating_sub(1) } else { v };
                (0..verb).rev().find(|&j| common(&self.terms[j]))
            }
        }
    }

    /// Whether term `v` is a verb that says no more than that something happened: "happen",
    /// "occur", "take place".
    /// Called for each sentence weighed, so it compares without allocating.
    fn only_happens(&self, v: usize) -> bool {
        let word = self.terms[v].text.as_str();
        let next_is_place = self
            .terms
            .get(v + 1)
            .is_some_and(|t| t.text.eq_ignore_ascii_case("place"));
        let stem = |of: &str| {
            word.len() <= of.len() + 3
                && word
                    .get(..of.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(of))
        };
        stem("happen")
            || stem("occur")
            || (stem("take") || word.eq_ignore_ascii_case("took")) && next_is_place
    }

    /// The term of the verb whose subject a "who VERB …?" question asks for.
    pub fn agent_term(&self) -> Option<&Term> {
        self.agent.and_then(|i| self.terms.get(i))
    }

    /// Whether `t` names one of exactly two countries the question names ("Russia and Japan"):
    /// then "the two countries" or "both sides" in a sentence stands for it.
    pub fn one_of_two_countries(&self, t: &Term) -> bool {
        use crate::extract::countries;
        if !t.name || countries::of_word(&t.text).is_none() {
            return false;
        }
        let mut named: Vec<CountryId> = Vec::new();
        for c in self
            .terms
            .iter()
            .filter(|t| t.name)
            .filter_map(|t| countries::of_word(&t.text))
        {
            if !named.contains(&c) {
                named.push(c);
            }
        }
        named.len() == 2
    }

    /// Whether term `t` is a word of the dated scene and the passage's article is of that time:
    /// then the answer's sentence need not write it.
    pub fn told_by_the_time(&self, t: &Term, date: Option<crate::corpus::PartialDate>) -> bool {
        t.dated
            && self
                .scene_time
                .zip(date)
                .is_some_and(|(m, d)| m.holds(d.year, d.month))
    }

    /// Each key word with the stems that may stand for it, and the focus noun: what a passage is
    /// ranked by holding ([`crate::engine::text::hits_for_words`]).
    pub fn word_groups(&self) -> Vec<Vec<String>> {
        self.terms
            .iter()
            .map(|t| t.stems.iter().chain(&t.kin).cloned().collect())
            .chain(self.focus.iter().map(|f| vec![f.clone()]))
            // The source asked after ("according to the port authority") is one more word: a
            // passage of an article that does not name it cannot be the evidence.
            .chain((!self.source_stems.is_empty()).then(|| self.source_stems.clone()))
            .collect()
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
