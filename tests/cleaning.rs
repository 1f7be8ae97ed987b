//! Cleaning over the seed corpus: page furniture out, prose in, every removal explained.

mod common;

use treatybot::corpus::{Corpus, Rule};

const FURNITURE: [&str; 13] = [
    "currency converter",
    "partner news",
    "back to top",
    "korea herald daum",
    "united24",
    "mailing list",
    "last updated",
    "1 pages in this article",
    "show more",
    "get the latest updates",
    "use filter",
    "in other media",
    "news search topics",
];

#[test]
fn no_paragraph_holds_page_furniture() {
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    assert_eq!(corpus.articles.len(), 5);
    for a in &corpus.articles {
        for p in &a.paragraphs {
            let lower = p.text.to_lowercase();
            for f in FURNITURE {
                assert!(!lower.contains(f), "{} ¶{}: {f}", a.id(), p.number);
            }
            assert!(!p.text.starts_with('©'));
        }
    }
}

#[test]
fn article_prose_is_kept_and_numbered_from_one() {
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    let a = corpus.article("001_ef0bbc379dbbae71.txt").unwrap();
    assert_eq!(a.paragraphs[0].number, 1);
    assert!(a.paragraphs[0]
        .text
        .starts_with("TOKYO (AFP) -- Japan and Russia on Wednesday"));
    assert!(a
        .paragraphs
        .iter()
        .any(|p| p.text == "He did not elaborate."));
    assert!(a.paragraphs.last().unwrap().text.contains("Medvedev"));
    let counts: Vec<usize> = corpus.articles.iter().map(|a| a.paragraphs.len()).collect();
    assert_eq!(counts, [15, 13, 7, 10, 9]);
}

#[test]
fn removals_name_their_rule() {
    let corpus = Corpus::load(&common::root().join("seeds")).unwrap();
    let rule_of = |file: &str, text: &str| -> Rule {
        corpus
            .article(file)
            .unwrap()
            .removed
            .iter()
            .find(|r| r.text.contains(text))
            .unwrap_or_else(|| panic!("{text}"))
            .rule
    };
    assert_eq!(
        rule_of("002_c63ebe5c899955f1.txt", "Currency converter"),
        Rule::RepeatedAcrossArticles
    );
    assert_eq!(
        rule_of("002_c63ebe5c899955f1.txt", "AP Photo/Kimimasa Mayama"),
        Rule::CreditLine
    );
    assert_eq!(
        rule_of("000_481bb49a1f79b1e4.txt", "Last Updated"),
        Rule::DateStamp
    );
    assert_eq!(
        rule_of(
            "003_e27bd37bae822f27.txt",
            "Russia-Japan peace deal remains elusive"
        ),
        Rule::Headline
    );
    assert_eq!(
        rule_of("002_c63ebe5c899955f1.txt", "An agreement to this effect"),
        Rule::RepeatsArticleText
    );
    assert_eq!(
        rule_of("003_e27bd37bae822f27.txt", "UNITED24"),
        Rule::CallToAction
    );
    assert_eq!(
        rule_of("001_ef0bbc379dbbae71.txt", "Korea Herald daum"),
        Rule::NotProse
    );
}

/// A site's share strip printed inside one-line texts (tests/fixtures/strips/harbour.jsonl: four
/// articles of one site carry it, with a permalink of their own) is cut from every article, the
/// prose on both sides kept as paragraphs of their own; a run of names that only one article
/// writes is prose and stays.
#[test]
fn a_share_strip_the_batch_repeats_is_cut_from_inside_paragraphs() {
    use treatybot::ingest::{self, IngestOptions};
    let dir = tempfile::tempdir().unwrap();
    let settings = common::settings(dir.path());
    let fixture = common::root().join("tests/fixtures/strips/harbour.jsonl");
    let report = ingest::ingest(
        &settings,
        &[fixture],
        IngestOptions::from_settings(&settings),
    )
    .expect("ingest runs");
    assert_eq!(report.added, 5, "{report:?}");
    let engine = treatybot::engine::Engine::open(&settings).unwrap().0;
    for (query, id, after) in [
        (
            "/search harbour pilots morning crossing",
            "h1",
            "Harbour pilots welcomed",
        ),
        (
            "/search lighthouse visitors July",
            "h2",
            "The municipality plans",
        ),
        (
            "/search council approved move unanimously",
            "h3",
            "The council approved",
        ),
        (
            "/search instructors pupils double season",
            "h4",
            "Instructors expect",
        ),
    ] {
        let a = common::ask_engine(&engine, query);
        let c = a
            .citations
            .iter()
            .find(|c| c.source.id == id)
            .unwrap_or_else(|| panic!("{query}: {id} not cited"));
        assert!(c.excerpt.starts_with(after), "{query}: {}", c.excerpt);
        assert_eq!(c.source.paragraph, Some(2), "{query}");
        for a in &a.citations {
            assert!(
                !a.excerpt.contains("Mastodon") && !a.excerpt.contains("harbour-gazette"),
                "{query}: {}",
                a.excerpt
            );
        }
    }
    let a = common::ask_engine(&engine, "/search regatta winners cups");
    assert!(
        a.citations[0].excerpt.contains(
            "Winners Tollefsen Berge Halvorsen Lunde Strand Dahl Moe took the cups home."
        ),
        "{}",
        a.citations[0].excerpt
    );
}
