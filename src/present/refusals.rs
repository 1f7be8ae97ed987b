//! Why a page, file or article a reader handed over was not taken in or out, and how much of a
//! long page was kept, in the reader's words. The engine and the reading list hand over
//! [`Refusal`] and [`Cut`] as data; the details a reader cannot act on stay in the log.

use super::{sub_command, Reader};
use crate::corpus::html::{Cut, CutLimit, HtmlError};
use crate::ingest::fetch::FetchError;
use crate::ingest::Refusal;

/// Why an addition or a removal was refused, as one clause.
pub fn refusal(reader: Reader, why: &Refusal) -> String {
    let remove = || sub_command(reader, "sources", "remove");
    match why {
        Refusal::NotALink { link } => {
            reader.say("refused-not-a-link", &[("link", link.as_str().into())])
        }
        Refusal::NotAReadableFile { name } => {
            reader.say("refused-not-a-file", &[("name", name.as_str().into())])
        }
        Refusal::FileTooLarge { name, size, limit } => reader.say(
            "refused-file-too-large",
            &[
                ("name", name.as_str().into()),
                ("size", (*size).into()),
                ("limit", (*limit).into()),
            ],
        ),
        Refusal::NotAnAttachment { host } => reader.say(
            "refused-not-an-attachment",
            &[("host", host.as_str().into())],
        ),
        Refusal::Fetch(e) => fetch_refusal(reader, e),
        Refusal::Page(e) => page_refusal(reader, e),
        Refusal::TextTooLong { bytes, limit } => reader.say(
            "refused-text-too-long",
            &[("bytes", (*bytes).into()), ("limit", (*limit).into())],
        ),
        Refusal::NoText => reader.say("refused-no-text", &[]),
        Refusal::Unreadable => reader.say("refused-unreadable", &[]),
        Refusal::KeepFailed => reader.say("refused-keep-failed", &[]),
        Refusal::Busy => reader.say("refused-busy", &[]),
        Refusal::WriteFailed => reader.say("refused-write-failed", &[]),
        Refusal::ListFull { count, max } => reader.say(
            "refused-list-full",
            &[
                ("count", (*count).into()),
                ("max", (*max).into()),
                ("remove", remove().into()),
            ],
        ),
        Refusal::ListTooBig { held, adding, max } => reader.say(
            "refused-list-too-big",
            &[
                ("held", (*held).into()),
                ("adding", (*adding).into()),
                ("max", (*max).into()),
                ("remove", remove().into()),
            ],
        ),
        Refusal::NoArticle => reader.say("refused-no-article", &[]),
        Refusal::OtherServer => reader.say(
            "refused-other-server",
            &[("list", sub_command(reader, "sources", "list").into())],
        ),
    }
}

/// Why a link was not fetched. The resolver's and the connection's own messages are the
/// system's English and are not shown (the log has them).
pub fn fetch_refusal(reader: Reader, e: &FetchError) -> String {
    match e {
        FetchError::NotWeb(_) => reader.say("refused-fetch-not-web", &[]),
        FetchError::Resolve { .. } => reader.say("refused-fetch-host-unknown", &[]),
        FetchError::Private { addr, .. } => reader.say(
            "refused-fetch-private",
            &[("address", addr.to_string().into())],
        ),
        FetchError::TooManyRedirects { limit, .. } => {
            reader.say("refused-fetch-redirects", &[("limit", (*limit).into())])
        }
        FetchError::Timeout { seconds, .. } => {
            reader.say("refused-fetch-timeout", &[("seconds", (*seconds).into())])
        }
        FetchError::TooLarge { limit, .. } => {
            reader.say("refused-fetch-too-large", &[("limit", (*limit).into())])
        }
        FetchError::NotPage { content_type, .. } => reader.say(
            "refused-fetch-not-page",
            &[("type", content_type.as_str().into())],
        ),
        FetchError::Status { status, .. } => reader.say(
            "refused-fetch-status",
            &[("status", status.to_string().into())],
        ),
        FetchError::Connection { .. } => reader.say("refused-fetch-connection", &[]),
    }
}

/// Why a fetched page gave no article.
pub fn page_refusal(reader: Reader, e: &HtmlError) -> String {
    match e {
        HtmlError::Unreadable(_) => reader.say("refused-page-unreadable", &[]),
        HtmlError::NoText => reader.say("refused-page-no-text", &[]),
        HtmlError::NotText => reader.say("refused-page-not-text", &[]),
        HtmlError::TooManyElements { max } => {
            reader.say("refused-page-too-many-elements", &[("max", (*max).into())])
        }
        HtmlError::TooSlow { seconds } => {
            reader.say("refused-page-too-slow", &[("seconds", (*seconds).into())])
        }
        HtmlError::Busy { seconds } => {
            reader.say("refused-page-busy", &[("seconds", (*seconds).into())])
        }
    }
}

/// How much of a long page was kept, and which limit cut it.
pub fn cut(reader: Reader, c: &Cut) -> String {
    let bytes = match c.limit {
        CutLimit::TextBytes(n) | CutLimit::Extractor(n) => n,
    };
    match c.of {
        Some(of) => reader.say(
            "cut-kept-of",
            &[
                ("kept", c.kept.into()),
                ("of", of.into()),
                ("bytes", bytes.into()),
            ],
        ),
        None => reader.say(
            "cut-kept",
            &[("kept", c.kept.into()), ("bytes", bytes.into())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::Lang;

    /// One of each refusal, with the arguments a reply fills in.
    fn every_refusal() -> Vec<Refusal> {
        let url = || "https://example.org/a".to_string();
        vec![
            Refusal::NotALink {
                link: "ftp://x".into(),
            },
            Refusal::NotAReadableFile {
                name: "a.pdf".into(),
            },
            Refusal::FileTooLarge {
                name: "a.txt".into(),
                size: 9,
                limit: 8,
            },
            Refusal::NotAnAttachment {
                host: "example.org".into(),
            },
            Refusal::Fetch(FetchError::NotWeb(url())),
            Refusal::Fetch(FetchError::Resolve {
                url: url(),
                reason: "failed to lookup address information".into(),
            }),
            Refusal::Fetch(FetchError::Private {
                url: url(),
                addr: "10.0.0.1".parse().unwrap(),
                kind: "private-use",
            }),
            Refusal::Fetch(FetchError::TooManyRedirects {
                url: url(),
                limit: 5,
            }),
            Refusal::Fetch(FetchError::Timeout {
                url: url(),
                seconds: 10,
            }),
            Refusal::Fetch(FetchError::TooLarge {
                url: url(),
                limit: 100,
            }),
            Refusal::Fetch(FetchError::NotPage {
                url: url(),
                content_type: "image/png".into(),
            }),
            Refusal::Fetch(FetchError::Status {
                url: url(),
                status: 404,
            }),
            Refusal::Fetch(FetchError::Connection {
                url: url(),
                reason: "connection refused".into(),
            }),
            Refusal::Page(HtmlError::Unreadable("unexpected end of input".into())),
            Refusal::Page(HtmlError::NoText),
            Refusal::Page(HtmlError::NotText),
            Refusal::Page(HtmlError::TooManyElements { max: 5 }),
            Refusal::Page(HtmlError::TooSlow { seconds: 5 }),
            Refusal::Page(HtmlError::Busy { seconds: 5 }),
            Refusal::TextTooLong { bytes: 9, limit: 8 },
            Refusal::NoText,
            Refusal::Unreadable,
            Refusal::KeepFailed,
            Refusal::Busy,
            Refusal::WriteFailed,
            Refusal::ListFull { count: 3, max: 3 },
            Refusal::ListTooBig {
                held: 1,
                adding: 2,
                max: 2,
            },
            Refusal::NoArticle,
            Refusal::OtherServer,
        ]
    }

    #[test]
    fn every_refusal_is_said_in_each_language_without_the_systems_english() {
        for lang in Lang::ALL {
            let reader = Reader::picker(lang);
            for why in every_refusal() {
                let said = refusal(reader, &why);
                assert!(!said.is_empty() && !said.starts_with("refused-"), "{said}");
                // The system's own messages (the error type's English) are never shown.
                assert!(
                    !said.contains(&why.to_string()) || lang == Lang::En,
                    "{said}"
                );
                for system in ["lookup address", "connection refused", "end of input"] {
                    assert!(!said.contains(system), "{lang}: {said}");
                }
            }
        }
        let ja = refusal(
            Reader::picker(Lang::Ja),
            &Refusal::ListFull { count: 3, max: 3 },
        );
        assert!(ja.contains("/出典 削除"), "{ja}");
    }

    #[test]
    fn a_cut_says_how_much_was_kept_in_each_language() {
        let c = Cut {
            kept: 40,
            of: Some(6000),
            limit: CutLimit::TextBytes(200_000),
        };
        let en = cut(Reader::picker(Lang::En), &c);
        assert!(en.contains("of 6000 paragraphs"), "{en}");
        let ja = cut(Reader::picker(Lang::Ja), &c);
        assert!(ja.contains("6000") && !ja.contains("paragraphs"), "{ja}");
    }
}
