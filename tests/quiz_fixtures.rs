//! Quiz rules on articles they were not written from: the wire fixtures (a river dispute between
//! Chile and Peru, a factory in Hungary) with a gazetteer of their own. The parties are found by
//! measure, the outright "Who …?" questions read back to their sentence, places are where things
//! happened, and every question stays checkable.

mod common;

use std::collections::BTreeSet;

use treatybot::engine::Engine;
use treatybot::quiz::{self, Kind, Question};

fn engine() -> &'static Engine {
    common::fixture_engine("tests/fixtures/wire")
}

fn questions() -> Vec<Question> {
    quiz::generate(engine().seen_by(treatybot::engine::Audience::SHARED), 0).expect("questions")
}

/// The quoted sentence of a question, with the blank.
fn quoted(q: &Question) -> &str {
    &q.sentence
}

/// The quoted sentence as the article writes it: without the bracketed antecedent a question
/// adds after an opening pronoun ("He [Putin] held…").
fn unlead(s: &str) -> String {
    let first = s.split(' ').next().unwrap_or("");
    match s[first.len()..].strip_prefix(" [") {
        Some(rest) => format!("{first}{}", &rest[rest.find(']').unwrap() + 1..]),
        None => s.to_string(),
    }
}

#[test]
fn the_wire_articles_yield_checkable_questions_of_several_kinds() {
    let qs = questions();
    let kinds: BTreeSet<Kind> = qs.iter().map(|q| q.kind).collect();
    assert!(kinds.len() >= 3, "{kinds:?}");
    for q in &qs {
        let ctx = format!("{}: {}", q.id, q.sentence);
        let lower: BTreeSet<String> = q.choices.iter().map(|c| c.to_lowercase()).collect();
        assert_eq!(lower.len(), 4, "{ctx}");
        assert_eq!(
            unlead(quoted(q)).replace("_____", q.right()),
            q.citation.excerpt,
            "{ctx}"
        );
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer {
                assert!(
                    !q.citation
                        .excerpt
                        .to_lowercase()
                        .contains(&c.to_lowercase()),
                    "{ctx}: {c} is in the sentence"
                );
            }
        }
    }
}

#[test]
fn the_two_parties_are_measured_and_never_asked() {
    let qs = questions();
    assert!(
        qs.iter().any(|q| q.kind == Kind::Where),
        "some place is asked"
    );
    for q in &qs {
        for c in &q.choices {
            assert!(
                c != "Chile" && c != "Peru",
                "{}: a party is a choice: {c}",
                q.sentence
            );
        }
    }
}

#[test]
fn a_place_is_asked_where_something_happened_not_as_a_modifier() {
    for q in questions().iter().filter(|q| q.kind == Kind::Where) {
        let s = quoted(q);
        let before = s[..s.find("_____").unwrap()].trim_end().to_lowercase();
        let after = &s[s.find("_____").unwrap() + 5..];
        assert!(
            !after.starts_with('\'') && !after.starts_with('’'),
            "a possessive: {s}"
        );
        let last = before.split_whitespace().last().unwrap_or("");
        assert!(
            ["in", "at", "to", "from", "near", "of", "over", "into", "the", "visit", "visited"]
                .contains(&last),
            "{s}"
        );
    }
}

#[test]
fn outright_questions_read_back_to_their_sentence() {
    let qs = questions();
    let outright: Vec<&Question> = qs.iter().filter(|q| q.predicate.is_some()).collect();
    assert!(
        !outright.is_empty(),
        "the wire copy opens sentences with people who acted"
    );
    for q in outright {
        let asked = q.predicate.as_deref().unwrap();
        let sentence = &q.citation.excerpt;
        assert_eq!(q.kind, Kind::Who, "{}", q.sentence);
        assert!(sentence.starts_with(q.right()), "{}", q.sentence);
        let rest = sentence[q.right().len()..]
            .trim_start()
            .trim_end_matches('.');
        assert_eq!(asked, rest, "{}", q.sentence);
    }
}

#[test]
fn a_quiz_never_repeats_an_answer() {
    for seed in 0..10 {
        let picked = quiz::draw(
            engine().seen_by(treatybot::engine::Audience::SHARED),
            10,
            seed,
            None,
        )
        .unwrap();
        assert!(!picked.is_empty());
        let answers: BTreeSet<String> = picked.iter().map(|q| q.right().to_lowercase()).collect();
        assert_eq!(answers.len(), picked.len(), "seed {seed}");
    }
}

/// A city that says or does something stands for its government: "Oslo says …", "Later on,
/// Copenhagen protested …", "Stavanger, Tromsø and Aalborg warned …" are not asked as places,
/// while cities where something happened are (`tests/fixtures/metonym/`, written for the rule).
#[test]
fn a_city_that_speaks_for_its_government_is_not_asked_as_a_place() {
    let engine = common::fixture_engine("tests/fixtures/metonym");
    let qs = quiz::generate(engine.seen_by(treatybot::engine::Audience::SHARED), 0).unwrap();
    let places: Vec<(&str, &str)> = qs
        .iter()
        .filter(|q| q.kind == Kind::Where)
        .map(|q| (quoted(q), q.right()))
        .collect();
    for (s, answer) in &places {
        let after = &s[s.find("_____").unwrap() + "_____".len()..];
        for verb in [
            " says",
            " protested",
            " has repeatedly warned",
            " warned",
            " insists",
        ] {
            assert!(
                !after.starts_with(verb),
                "{answer} asked as the city that spoke: {s}"
            );
        }
        assert!(
            !s.starts_with("Stavanger, Tromsø and") && !s.contains(", Tromsø and Aalborg warned"),
            "a list of cities that spoke: {s}"
        );
    }
    let asked: BTreeSet<&str> = places.iter().map(|(_, a)| *a).collect();
    for answer in ["Bergen", "Aarhus", "Tromsø"] {
        assert!(asked.contains(answer), "{answer} not asked: {places:?}");
    }
}

/// The stored country of the person a choice names: by full name, else by a form of it.
fn title_country_of(people: &[treatybot::extract::Person], choice: &str) -> Option<String> {
    people
        .iter()
        .find(|p| p.name == choice)
        .or_else(|| people.iter().find(|p| p.forms.iter().any(|f| f == choice)))
        .unwrap_or_else(|| panic!("{choice} is a person"))
        .title_country()
        .map(str::to_string)
}

/// A person whose country only a title in another article names ("Colombian Port Director
/// Camila Fuentes" in the first article, "Camila Fuentes warned …" in the next) keeps it: the
/// extractor stores it with the person, so their question offers only people of that country,
/// though the sentence asked names none (`tests/fixtures/quiz_titles/`, written for the rule).
#[test]
fn a_country_written_only_in_a_title_elsewhere_keeps_a_persons_distractors_of_it() {
    let engine = common::fixture_engine("tests/fixtures/quiz_titles");
    let view = engine.seen_by(treatybot::engine::Audience::SHARED);
    let people = view.people();
    let fuentes = people.iter().find(|p| p.name == "Camila Fuentes").unwrap();
    // Neither a side nor a role names the country ("Director"): only the title does.
    assert_eq!(fuentes.side, None);
    assert!(fuentes.roles.iter().all(|r| !r.role.contains("Colombia")));
    assert_eq!(fuentes.title_country(), Some("Colombia"));
    // Titles that name two countries name none.
    let mora = people.iter().find(|p| p.name == "Luis Mora").unwrap();
    assert_eq!(mora.title_countries, ["Mexico", "Spain"]);
    assert_eq!(mora.title_country(), None);

    let every = quiz::every(view, 0).unwrap();
    let who: Vec<&Question> = every.iter().filter(|q| q.kind == Kind::Who).collect();
    // The later articles' sentences, which write no title, are asked.
    let untitled = who
        .iter()
        .filter(|q| q.citation.source.id.starts_with("602_"))
        .count();
    assert!(untitled >= 4, "{untitled} of {} who-questions", who.len());
    for q in &who {
        let country = title_country_of(&people, q.right());
        assert!(country.is_some(), "{}", q.sentence);
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer {
                assert_eq!(title_country_of(&people, c), country, "{}: {c}", q.sentence);
            }
        }
    }
}

/// A person whose country only a title before their surname alone names ("Peruvian Fisheries
/// Minister Quispe", in the article that names "Fisheries Minister Ana Quispe" in full) keeps it,
/// so their questions from the later articles, which write no title, offer only people of that
/// country. A title before a surname two of the article's people share, or before one the article
/// never writes in full, names nobody's country (`tests/fixtures/quiz_titles_surname/`, written
/// for the rule).
#[test]
fn a_country_written_only_in_a_title_before_a_surname_keeps_a_persons_distractors_of_it() {
    let engine = common::fixture_engine("tests/fixtures/quiz_titles_surname");
    let view = engine.seen_by(treatybot::engine::Audience::SHARED);
    let people = view.people();
    let person = |name: &str| {
        people
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} is a person"))
    };
    for (name, country) in [
        ("Ana Quispe", "Peru"),
        ("Luis Huamán", "Peru"),
        ("Rosa Condori", "Peru"),
        ("Carlos Mamani", "Peru"),
        ("Marcela Contreras", "Chile"),
        ("Paula Araya", "Chile"),
        ("Felipe Rojas", "Chile"),
        ("Tomás Vidal", "Chile"),
    ] {
        let p = person(name);
        // Neither a side nor a role names the country: only the title before the surname does.
        assert_eq!(p.side, None, "{name}");
        assert!(
            p.roles.iter().all(|r| !r.role.contains(country)),
            "{name}: {:?}",
            p.roles
        );
        assert_eq!(p.title_country(), Some(country), "{name}");
    }
    for name in ["Elena Ticona", "Raúl Ticona", "Pedro Salinas"] {
        assert!(person(name).title_countries.is_empty(), "{name}");
    }

    let every = quiz::every(view, 0).unwrap();
    let who: Vec<&Question> = every
        .iter()
        .filter(|q| q.kind == Kind::Who && title_country_of(&people, q.right()).is_some())
        .collect();
    let untitled = who
        .iter()
        .filter(|q| !q.citation.source.id.starts_with("701_"))
        .count();
    assert!(untitled >= 4, "{untitled} of {} who-questions", who.len());
    for q in &who {
        let country = title_country_of(&people, q.right());
        for (i, c) in q.choices.iter().enumerate() {
            if i != q.answer {
                assert_eq!(title_country_of(&people, c), country, "{}: {c}", q.sentence);
            }
        }
    }
}
