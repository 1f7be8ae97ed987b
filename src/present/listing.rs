//! `/sources` in words: a server's own reading list, then the shared articles.

use super::dates::date;
use super::{sub_command, Reader};
use crate::engine::{ListedArticle, ListedSection, Listing};

/// `/sources`: a server's own reading list, then the shared articles, one a line.
pub(super) fn sources(reader: Reader, l: &Listing) -> String {
    let mut parts = Vec::new();
    match &l.own {
        Some(own) if own.total == 0 => parts.push(reader.say(
            "sources-own-empty",
            &[("add", sub_command(reader, "sources", "add").into())],
        )),
        Some(own) => parts.push(section(reader, "sources-own", own)),
        None => {}
    }
    if l.own.is_some() {
        parts.push(section(reader, "sources-shared", &l.shared));
    } else {
        parts.push(section(reader, "", &l.shared));
    }
    let mut out = parts.join("\n\n");
    if l.duplicates > 0 {
        out.push('\n');
        out.push_str(&reader.say("sources-duplicates", &[("count", l.duplicates.into())]));
    }
    out
}

/// A section of `/sources`: its heading (`key`, or the count alone), then its articles.
fn section(reader: Reader, key: &str, s: &ListedSection) -> String {
    let count = if s.total > s.articles.len() {
        reader.say(
            "sources-count-first",
            &[
                ("total", s.total.into()),
                ("listed", s.articles.len().into()),
            ],
        )
    } else {
        reader.say("sources-count", &[("total", s.total.into())])
    };
    let mut lines = vec![if key.is_empty() {
        count
    } else {
        reader.say(key, &[("count", count.into())])
    }];
    lines.extend(s.articles.iter().map(|a| listed(reader, a)));
    lines.join("\n")
}

/// One article of `/sources`: its id where the reader may remove it, title, outlet, date.
fn listed(reader: Reader, a: &ListedArticle) -> String {
    let when = a
        .date
        .map(|d| date(reader.lang, d))
        .unwrap_or_else(|| reader.say("undated", &[]));
    let mut line = reader.say(
        if a.date_inferred {
            "sources-line-inferred"
        } else {
            "sources-line"
        },
        &[
            ("title", a.title.as_str().into()),
            ("outlet", a.outlet.as_str().into()),
            ("date", when.into()),
        ],
    );
    if let Some(cut) = &a.cut {
        line = reader.say(
            "sources-cut",
            &[
                ("line", line.into()),
                ("cut", super::cut(reader, cut).into()),
            ],
        );
    }
    if let Some(id) = &a.id {
        line = reader.say(
            "sources-id",
            &[("id", id.as_str().into()), ("line", line.into())],
        );
    }
    line
}
