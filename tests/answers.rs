//! Answers over the real seed corpus: the right articles, paragraphs and words.

mod common;
use common::Said;

use common::{ask, cited, engine, said, seed_text};
use treatybot::corpus::Corpus;

#[test]
fn who_karasin_gives_his_role_and_cites_the_moscow_times() {
    let a = ask("/who Karasin");
    let answer = a.said().unwrap();
    assert!(
        answer.starts_with("Grigory Karasin — Russia's Deputy Foreign Minister"),
        "{answer}"
    );
    assert!(answer.contains("Side: Russia"), "{answer}");
    let top = &a.citations[0];
    assert_eq!(top.source.id, "000_481bb49a1f79b1e4.txt");
    assert_eq!(top.source.paragraph, Some(8));
    assert!(top
        .excerpt
        .contains("Deputy Foreign Minister Grigory Karasin"));
    assert!(top.marked("[", "]").contains("[Grigory Karasin]"));
}

#[test]
fn who_accepts_other_forms_of_a_name() {
    for q in [
        "/who karasin",
        "/who Grigory Karasin",
        "/who Karasn",
        "/who Grigory",
    ] {
        let a = ask(q);
        assert!(
            a.said().as_deref().unwrap().starts_with("Grigory Karasin"),
            "{q}: {:?}",
            a.said()
        );
    }
    let abe = ask("/who Abe");
    assert!(abe.citations[0].excerpt.contains("Prime Minister"));
    let mut articles = cited(&abe);
    articles.dedup();
    assert!(
        ["001", "002", "003"]
            .iter()
            .all(|id| articles.contains(&id.to_string())),
        "{articles:?}"
    );
}

#[test]
fn when_1956_is_the_declaration_in_two_articles() {
    let a = ask("/when 1956");
    assert!(a.said().as_deref().unwrap().starts_with(
        "19 October 1956: On October 19, 1956, Moscow and Tokyo signed a declaration"
    ));
    assert_eq!(cited(&a), ["002", "004"]);
    assert!(a
        .citations
        .iter()
        .all(|c| c.excerpt.contains("declaration")));
    let d = a.citations[0].date_mentioned.as_ref().unwrap();
    assert_eq!(
        (d.text.as_str(), d.value.as_str()),
        ("October 19, 1956", "1956-10-19")
    );
}

#[test]
fn when_a_relative_date_is_asked_for_it_is_found_by_its_resolved_value() {
    let a = ask("/when December 2016");
    assert_eq!(cited(&a)[0], "003");
    assert!(
        a.citations[0].excerpt.contains("Nagato"),
        "earliest first: Thursday 15 December"
    );
    let a = ask("/when 1997");
    assert!(a
        .citations
        .iter()
        .any(|c| c.excerpt.contains("Krasnoyarsk")));
    let a = ask("/when September 21");
    assert_eq!(cited(&a), ["002"]);
    assert!(a.citations[0].excerpt.contains("Lavrov"));
}

#[test]
fn when_an_event_gives_its_date() {
    let a = ask("/when Krasnoyarsk");
    assert!(
        a.said().as_deref().unwrap().contains("1997"),
        "{:?}",
        a.said()
    );
    let a = ask("/when San Francisco treaty");
    assert!(
        a.said().as_deref().unwrap().contains("1951"),
        "{:?}",
        a.said()
    );
}

#[test]
fn where_shows_both_sides_names_and_finds_aliases() {
    let a = ask("/where Kunashiri");
    assert!(a
        .said()
        .as_deref()
        .unwrap()
        .starts_with("Kunashir / Kunashiri"));
    assert_eq!(cited(&a), ["004"]);
    let a = ask("/where Northern Territories");
    assert!(a
        .said()
        .as_deref()
        .unwrap()
        .contains("Northern Territories"));
    assert!(!a.citations.is_empty());
    let a = ask("/where Hokkaido");
    assert_eq!(cited(&a)[0], "001");
}

#[test]
fn ask_gives_short_answers_from_the_cited_sentence() {
    // (question, words of the short answer, first cited article, words the first excerpt holds)
    let cases = [
        (
            "/ask Who visited the disputed islands last year?",
            "Dmitry Medvedev",
            "001",
            "Dmitry Medvedev",
        ),
        (
            "/ask In which city did Putin first meet Abe when he arrived in Japan?",
            "Nagato",
            "003",
            "Nagato",
        ),
        (
            "/ask How many islands are in dispute?",
            "four",
            "001",
            "four islands",
        ),
        (
            "/ask What did Putin call the most important thing?",
            "peace deal",
            "003",
            "to sign a peace deal",
        ),
        (
            "/ask Who represented Russia at the one-day meeting in Tokyo?",
            "Igor Morgulov",
            "001",
            "Igor Morgulov",
        ),
        // A relative date: the answer resolves "Last year's" against the article of 1998.
        (
            "/ask When was the Krasnoyarsk summit?",
            "1997",
            "000",
            "Last year's",
        ),
    ];
    for (q, want, article, in_excerpt) in cases {
        let a = ask(q);
        let answer = said(&a);
        assert!(answer.contains(want), "{q}: {answer}");
        assert_eq!(cited(&a)[0], article, "{q}");
        assert!(
            a.citations[0].excerpt.contains(in_excerpt),
            "{q}: {}",
            a.citations[0].excerpt
        );
    }
    // "a dispute over four islands": "over" there is what the dispute is about, not a bound.
    assert_eq!(
        said(&ask("/ask How many islands are in dispute?")),
        "four islands"
    );
}

#[test]
fn ask_says_so_when_nothing_supports_an_answer() {
    let a = ask("/ask Who won the 2018 World Cup in football?");
    assert!(a.short_answer.is_none(), "{:?}", a.short_answer);
    let answer = said(&a);
    assert!(
        !answer.contains("Putin") && !answer.contains("Abe"),
        "{answer}"
    );
}

#[test]
fn timeline_is_in_order_and_within_its_years() {
    let a = ask("/timeline 1945 1960");
    let values: Vec<String> = a
        .citations
        .iter()
        .map(|c| c.date_mentioned.as_ref().unwrap().value.clone())
        .collect();
    assert!(values.len() >= 4, "{values:?}");
    assert!(
        values.windows(2).all(|w| w[0][..4] <= w[1][..4]),
        "{values:?}"
    );
    // A paragraph giving two dates in one excerpt is cited once; the timeline marks both dates,
    // each pointing at that one citation.
    let timeline = a.timeline.as_ref().expect("the timeline's events");
    assert!(timeline.events.len() > a.citations.len(), "{timeline:?}");
    assert!(timeline
        .events
        .iter()
        .all(|e| e.citation < a.citations.len()));
    assert!(
        values.iter().all(|v| ("1945".."1961").contains(&&v[..4])),
        "{values:?}"
    );
    assert_eq!(&values[0], "1945");
}

#[test]
fn sources_give_honest_dates() {
    let a = ask("/sources");
    assert_eq!(a.sources.len(), 5);
    let s000 = &a.sources[0];
    assert_eq!(
        (s000.date.as_str(), s000.date_basis.as_str()),
        ("1998", "inferred"),
        "not the 2016 'Last Updated' stamp"
    );
    assert_eq!(a.sources[1].date, "2016-06-22");
    assert_eq!(a.sources[1].date_basis, "inferred");
    assert_eq!(a.sources[2].date, "2015-10-08");
}

#[test]
fn search_and_what_find_the_passage() {
    let a = ask("/search Putin expected to visit Japan");
    assert!(a.citations[0].excerpt.contains("later this year"));
    let a = ask("/what jurisdiction of the islands");
    assert_eq!(cited(&a)[0], "002");
    let a = ask("/search long-term co-operation");
    assert!(a.citations[0].excerpt.contains("long-term co-operation"));
}

#[test]
fn every_citation_is_the_articles_own_words_at_the_right_paragraph() {
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    let commands = [
        "/who Karasin",
        "/who Abe",
        "/who Putin",
        "/when 1956",
        "/when 2016",
        "/where Kuril Islands",
        "/search peace treaty",
        "/ask How many islands are in dispute?",
        "/timeline",
        "/what Soviet Union",
    ];
    for cmd in commands {
        for c in ask(cmd).citations {
            let article = corpus.article(&c.source.id).expect("cited article exists");
            let para = &article.paragraphs[c.source.paragraph.unwrap() - 1];
            assert!(
                para.text.contains(&c.excerpt),
                "{cmd}: excerpt not in ¶{:?} of {}",
                c.source.paragraph,
                c.source.id
            );
            assert!(
                seed_text(&c.source.id).contains(&c.excerpt),
                "{cmd}: not in the file"
            );
            assert!(c.excerpt.chars().count() <= 450, "{cmd}: excerpt too long");
            // A caption that repeats the article's own words is removed, but those words stay in the prose.
            let in_prose = |t: &str| article.paragraphs.iter().any(|p| p.text.contains(t));
            for r in article.removed.iter().filter(|r| !in_prose(&r.text)) {
                assert!(
                    !c.excerpt.contains(&r.text),
                    "{cmd}: furniture {:?} in an excerpt",
                    r.text
                );
            }
        }
    }
}

#[test]
fn answers_cite_at_most_the_configured_number_and_never_twice() {
    for cmd in ["/search Russia Japan", "/who Putin", "/where Japan"] {
        let a = ask(cmd);
        assert!(a.citations.len() <= 5, "{cmd}");
        let mut keys: Vec<_> = a
            .citations
            .iter()
            .map(|c| (c.source.id.clone(), c.source.paragraph, c.excerpt.clone()))
            .collect();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "{cmd}: a citation repeats");
    }
}

#[test]
fn autocomplete_offers_people_places_and_years() {
    use treatybot::engine::CommandKind;
    let e = engine().seen_by(treatybot::engine::Audience::SHARED);
    let who = e.suggest(CommandKind::Who, "kar", 25);
    assert_eq!(who[0].value, "Grigory Karasin");
    let place = e.suggest(CommandKind::Where, "kunashiri", 25);
    assert_eq!(place[0].label, "Kunashir / Kunashiri");
    let years = e.suggest(CommandKind::When, "19", 25);
    assert!(years.iter().any(|s| s.value == "1956"));
    let events = e.suggest(CommandKind::When, "kras", 25);
    assert_eq!(events[0].value, "Krasnoyarsk summit");
    let events = e.suggest(CommandKind::When, "san", 25);
    assert!(events
        .iter()
        .any(|s| s.value.eq_ignore_ascii_case("San Francisco peace treaty")));
    assert!(e.suggest(CommandKind::Who, "", 100).len() <= 25);
}

#[test]
fn ask_finds_the_kind_of_answer_each_question_wants() {
    // (question, words the short answer must hold, article cited first)
    let cases = [
        (
            "Which treaty did the Soviet Union not join?",
            "San Francisco peace treaty",
            "002",
        ),
        (
            "What did Putin and Abe sign during their Friday meeting?",
            "economic agreements",
            "003",
        ),
        ("Where did Abe and Putin meet in May?", "Sochi", "001"),
        (
            "Who will head the joint commission?",
            "Yevgeny Primakov and Keizo Obuchi",
            "000",
        ),
        (
            "How long were Japanese prisoners forced to labour in Siberia?",
            "about a decade",
            "001",
        ),
        (
            "Which islands did the Soviet Union agree to cede to Japan?",
            "Habomai and Shikotan",
            "002",
        ),
        (
            "What is Russia's position on the islands' jurisdiction?",
            "closed",
            "002",
        ),
        (
            "Which city hosted the informal summit last year?",
            "Krasnoyarsk",
            "000",
        ),
        (
            "How many Russians live on the disputed islands?",
            "19,000",
            "001",
        ),
        (
            // 001 ("known in Japan as …") and 003 ("which Japan calls …") both say it.
            "What does Japan call the islands?",
            "Northern Territories",
            "001",
        ),
    ];
    for (q, want, article) in cases {
        let a = ask(&format!("/ask {q}"));
        let answer = said(&a);
        assert!(answer.contains(want), "{q}: {answer}");
        assert_eq!(cited(&a)[0], article, "{q}");
        // The answer's words are the first excerpt's own (dates aside, which are resolved).
        let first = want.split(" (").next().unwrap();
        for part in first.split(" and ") {
            assert!(
                a.citations[0].excerpt.contains(part),
                "{q}: {}",
                a.citations[0].excerpt
            );
        }
    }
}

#[test]
fn when_an_event_has_no_date_says_only_when_it_was_reported() {
    let a = ask("/when the 2+2 meeting");
    let answer = a.said().unwrap();
    assert!(
        answer.contains("give no date") && answer.contains("20 March 2017"),
        "{answer}"
    );
    assert_eq!(cited(&a)[0], "004");
}
