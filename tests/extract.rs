//! `treatybot extract`: what would be indexed from a saved web page, on pages of our own
//! (`tests/fixtures/web/`): the article's paragraphs without the page's furniture, the metadata
//! the page states, a page in another charset, a link that is not a web link, and a page with
//! no article.

mod common;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

fn extract(page: &str, json: bool) -> Output {
    let data = common::temp_data_dir();
    let mut cmd = std::process::Command::new(common::bin());
    cmd.current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .arg("extract")
        .arg(Path::new("tests/fixtures/web").join(page));
    if json {
        cmd.arg("--json");
    }
    cmd.output().expect("treatybot extract runs")
}

fn page(name: &str) -> Value {
    let out = extract(name, true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn a_page_gives_its_article_paragraphs_and_what_it_says_about_itself() {
    let p = page("harbour_talks.html");
    assert_eq!(p["title"], "Harbour talks end without a deal");
    assert_eq!(p["outlet"], "Harbour Daily");
    assert_eq!(p["date"], "2024-05-03");
    assert_eq!(p["date_basis"], "printed");
    assert_eq!(
        p["url"],
        "https://harbourdaily.example.com/news/2024/05/harbour-talks"
    );
    let paragraphs: Vec<&str> = p["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(paragraphs.len(), 4, "{paragraphs:#?}");
    assert!(paragraphs[0].starts_with("Negotiators from Northport and Southhaven ended"));
    assert!(paragraphs[3].ends_with("uncertain about which rules apply."));
    // Every paragraph is the page's own words, whole.
    let html =
        std::fs::read_to_string(common::root().join("tests/fixtures/web/harbour_talks.html"))
            .unwrap();
    for para in &paragraphs {
        assert!(html.contains(para), "not the page's words: {para}");
    }
    for furniture in [
        "Subscribe",
        "Share on",
        "Related stories",
        "Ferry fares",
        "Privacy",
        "©",
    ] {
        assert!(
            paragraphs.iter().all(|p| !p.contains(furniture)),
            "{furniture} kept"
        );
    }
    // The teaser above the article is the page's description, not its text.
    assert!(paragraphs
        .iter()
        .all(|p| !p.starts_with("Negotiators from the two port cities")));
}

#[test]
fn a_page_in_another_charset_is_decoded_and_a_script_link_dropped() {
    let p = page("quay_protest_cp1252.html");
    assert_eq!(p["title"], "Café owners protest the new quay rules");
    assert_eq!(p["outlet"], "La Gaceta del Puerto");
    let text = p["paragraphs"].to_string();
    assert!(text.contains("José Ibáñez"), "{text}");
    assert!(text.contains("Puerto Niño"), "{text}");
    assert_eq!(p["url"], Value::Null, "javascript: is not a source link");
    assert_eq!(p["date"], Value::Null);
    assert_eq!(p["date_basis"], Value::Null);
}

#[test]
fn the_text_form_numbers_the_paragraphs() {
    let out = extract("harbour_talks.html", false);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Harbour talks end without a deal\nHarbour Daily · 2024-05-03 · https://"),
        "{text}"
    );
    assert!(text.contains("\n¶1 Negotiators from Northport"), "{text}");
    assert!(
        text.contains("\n¶4 The channel was dredged in 1998"),
        "{text}"
    );
}

#[test]
fn a_page_without_an_article_says_so() {
    let out = extract("menu_only.html", true);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("a JSON error");
    let err = v["error"].as_str().unwrap();
    assert!(
        err.contains("menu_only.html") && err.contains("no article text"),
        "{err}"
    );
    let out = extract("missing.html", false);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.html"));
}

#[test]
fn saved_pages_in_a_folder_are_ingested_and_cited_with_what_they_say_about_themselves() {
    use treatybot::engine::{Command, Engine};
    use treatybot::ingest::{self, IngestOptions};
    let data = common::temp_data_dir();
    let settings = common::settings(data.path());
    let folder = common::root().join("tests/fixtures/web");
    let report = ingest::ingest(
        &settings,
        std::slice::from_ref(&folder),
        IngestOptions::from_settings(&settings),
    )
    .expect("ingest runs");
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(report.skipped[0].file, "menu_only.html");
    assert!(report.skipped[0].reason.contains("no article text"));

    let (engine, _) = Engine::open(&settings).unwrap();
    let cmd = Command::parse("/search dredged channel pilots", 200).unwrap();
    let a = engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .answer(&cmd)
        .unwrap();
    let c = &a.citations[0];
    assert_eq!(c.source.id, "harbour_talks.html");
    assert_eq!(c.source.outlet, "Harbour Daily");
    assert_eq!(c.source.title, "Harbour talks end without a deal");
    assert!(c.source.date.starts_with("2024-05-03"), "{}", c.source.date);
    assert_eq!(c.source.paragraph, Some(4));
    let html = std::fs::read_to_string(folder.join("harbour_talks.html")).unwrap();
    assert!(
        html.contains(&c.excerpt),
        "the page's own words: {}",
        c.excerpt
    );

    let cmd = Command::parse("/search café owners quay", 200).unwrap();
    let a = engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .answer(&cmd)
        .unwrap();
    assert_eq!(a.citations[0].source.id, "quay_protest_cp1252.html");
    assert!(
        a.citations[0].excerpt.contains("cafés"),
        "{}",
        a.citations[0].excerpt
    );
    assert_eq!(a.citations[0].source.url, None);
}
