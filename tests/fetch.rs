//! Fetching links safely, against an HTTP server of our own on 127.0.0.1 (allowed through
//! `fetch.allow_hosts`, as the README says tests do): a page with furniture, a redirect chain, an
//! endless redirect loop, a huge page, a PDF, a page in another charset, and links to private
//! addresses, which are refused before anything is sent.

mod common;
#[path = "common/web_server.rs"]
mod web_server;

use std::path::PathBuf;

use serde_json::Value;
use treatybot::config::{FetchSettings, Settings};
use treatybot::ingest::fetch::{fetch_blocking, FetchError};
use web_server::WebServer;

fn fetch_settings(allow_loopback: bool) -> FetchSettings {
    let mut f = Settings::defaults().fetch;
    if allow_loopback {
        f.allow_hosts = vec!["127.0.0.1".into()];
    }
    f.max_bytes = 1_000_000;
    f.total_seconds = 15;
    f
}

/// The refusal of a body past the tests' cap of 1,000,000 bytes.
fn assert_too_large(err: &FetchError) {
    assert!(
        matches!(
            err,
            FetchError::TooLarge {
                limit: 1_000_000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_page_and_a_redirect_chain_are_fetched_and_extracted() {
    let server = WebServer::start();
    let s = fetch_settings(true);
    let page = fetch_blocking(&server.url("/r1"), &s).expect("three redirects are followed");
    assert_eq!(
        page.url,
        server.url("/page"),
        "the link after the redirects"
    );
    let limits = treatybot::corpus::html::ReadLimits::default();
    let article =
        treatybot::corpus::html::read_page(&page.bytes, Some(&page.url), &limits).unwrap();
    assert_eq!(article.outlet, "Harbour Daily");
    assert_eq!(article.paragraphs.len(), 4);

    let cp = fetch_blocking(&server.url("/cp1252"), &s).unwrap();
    let article = treatybot::corpus::html::read_page(&cp.bytes, Some(&cp.url), &limits).unwrap();
    assert!(article.paragraphs.join(" ").contains("José Ibáñez"));
    // The page's own link is not a web link, so the one it was fetched from stands.
    assert_eq!(article.url.as_deref(), Some(server.url("/cp1252").as_str()));
}

#[test]
fn what_is_not_a_page_or_too_big_or_endless_is_refused_by_name() {
    let server = WebServer::start();
    let s = fetch_settings(true);
    let err = fetch_blocking(&server.url("/pdf"), &s).unwrap_err();
    assert!(matches!(err, FetchError::NotPage { .. }), "{err}");
    assert!(err.to_string().contains("application/pdf") && err.to_string().contains("/pdf"));

    let err = fetch_blocking(&server.url("/huge"), &s).unwrap_err();
    assert_too_large(&err);

    let err = fetch_blocking(&server.url("/loop/0"), &s).unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 5, .. }),
        "{err}"
    );

    let err = fetch_blocking("ftp://127.0.0.1/x", &s).unwrap_err();
    assert!(matches!(err, FetchError::NotWeb(_)), "{err}");
}

#[test]
fn private_addresses_are_refused_on_every_hop() {
    let server = WebServer::start();
    // Without the allow list, the loopback server itself is a private address.
    let err = fetch_blocking(&server.url("/page"), &fetch_settings(false)).unwrap_err();
    assert!(matches!(err, FetchError::Private { .. }), "{err}");
    assert!(err.to_string().contains("127.0.0.1"), "{err}");
    let s = fetch_settings(true);
    for (path, addr) in [
        ("/to-private", "10.255.255.1"),
        ("/to-metadata", "169.254.169.254"),
    ] {
        let err = fetch_blocking(&server.url(path), &s).unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{path}: {err}");
        assert!(err.to_string().contains(addr), "{err}");
    }
    // IPv6 forms that carry a private IPv4 address, or are not global themselves, refused
    // after a redirect as well as when given.
    for v6 in [
        "::ffff:0:7f00:1",
        "::ffff:0:a9fe:a9fe",
        "fec0::1",
        "2002:7f00:1::1",
        "2001:0:7f00:1::1",
        "100::1",
    ] {
        let err = fetch_blocking(&server.url(&format!("/to-v6/{v6}")), &s).unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{v6}: {err}");
        let err = fetch_blocking(&format!("http://[{v6}]/"), &s).unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{v6}: {err}");
    }
    for link in ["http://[::1]/", "http://0.0.0.0/"] {
        let err = fetch_blocking(link, &s).unwrap_err();
        assert!(matches!(err, FetchError::Private { .. }), "{link}: {err}");
    }
    // A name that resolves inside is refused like the address (where the machine knows the
    // name at all; without a hosts entry it is not found, and not fetched either).
    let err = fetch_blocking("http://localhost/", &s).unwrap_err();
    assert!(
        matches!(err, FetchError::Private { .. } | FetchError::Resolve { .. }),
        "{err}"
    );
}

#[test]
fn compressed_pages_are_decoded_within_the_size_cap() {
    let server = WebServer::start();
    let s = fetch_settings(true);
    for path in ["/gzip", "/deflate"] {
        let page = fetch_blocking(&server.url(path), &s).expect(path);
        let limits = treatybot::corpus::html::ReadLimits::default();
        let article =
            treatybot::corpus::html::read_page(&page.bytes, Some(&page.url), &limits).unwrap();
        assert_eq!(article.title, "Harbour talks end without a deal", "{path}");
        assert_eq!(article.paragraphs.len(), 4, "{path}");
    }
    // The cap counts decoded bytes: a small body that inflates past it is refused.
    let err = fetch_blocking(&server.url("/gzip-bomb"), &s).unwrap_err();
    assert_too_large(&err);
}

#[test]
fn extract_and_ingest_take_links() {
    let server = WebServer::start();
    let data = common::temp_data_dir();
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env("TREATYBOT__FETCH__ALLOW_HOSTS", "127.0.0.1")
        .args(["extract", &server.url("/page"), "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Harbour talks end without a deal");
    assert_eq!(v["paragraphs"].as_array().unwrap().len(), 4);

    // Without the allow list the same link is refused, with a JSON error naming it.
    let out = std::process::Command::new(common::bin())
        .current_dir(common::root())
        .env("TREATYBOT__DATA_DIR", data.path())
        .env_remove("TREATYBOT__FETCH__ALLOW_HOSTS")
        .args(["extract", &server.url("/page"), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("private"), "{v}");

    // Ingest: the page is added under its link; a refused link is a skipped entry.
    let mut settings = common::settings(data.path());
    settings.fetch = fetch_settings(true);
    let report = treatybot::ingest::ingest(
        &settings,
        &[
            PathBuf::from(server.url("/r1")),
            PathBuf::from(server.url("/pdf")),
        ],
        treatybot::ingest::IngestOptions::from_settings(&settings),
    )
    .unwrap();
    assert_eq!(report.added, 1, "{report:?}");
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert!(report.skipped[0]
        .reason
        .to_string()
        .contains("application/pdf"));
    let (engine, _) = treatybot::engine::Engine::open(&settings).unwrap();
    let cmd = treatybot::engine::Command::parse("/search dredged channel pilots", 200).unwrap();
    let a = engine
        .seen_by(treatybot::engine::Audience::SHARED)
        .answer(&cmd)
        .unwrap();
    assert_eq!(a.citations[0].source.id, server.url("/r1"));
    assert_eq!(a.citations[0].source.outlet, "Harbour Daily");
    assert_eq!(
        a.citations[0].source.url.as_deref(),
        Some("https://harbourdaily.example.com/news/2024/05/harbour-talks")
    );
}
