//! What the command line tells its operator, in their words: the errors the engine and the quiz
//! store hand over as types, `migrate-store`'s refusals, and the cleaning rules. A library's or
//! the system's own words inside an error (a driver's message, an unusual I/O error) are shown
//! as they are only where nothing of ours can say it; the log keeps every detail.

use std::io::ErrorKind;

use super::{say, Lang};
use crate::corpus::Rule;
use crate::error::{
    ConfigProblem, DataProblem, IndexProblem, InputProblem, Interruption, TomlSyntax,
};
use crate::index::DamageProblem;
use crate::ingest::RowProblem;
use crate::quiz::store::{PgUrlError, StoreError};
use crate::Error;

/// An engine or index error in `lang`'s words.
pub fn error(lang: Lang, e: &Error) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        Error::Config(problem) => say(
            lang,
            "error-config",
            &[("problem", config_problem(lang, problem).into())],
        ),
        Error::Io {
            path: p, source, ..
        } => say(
            lang,
            "error-io",
            &[
                ("path", path(p).into()),
                ("problem", io_problem(lang, source).into()),
            ],
        ),
        Error::Data { path: p, problem } => say(
            lang,
            "error-data",
            &[
                ("path", path(p).into()),
                ("problem", data_problem(lang, problem).into()),
            ],
        ),
        Error::Input { path: p, problem } => say(
            lang,
            "error-data",
            &[
                ("path", path(p).into()),
                ("problem", input_problem(lang, problem).into()),
            ],
        ),
        Error::Interrupted(why) => {
            let reason = match why {
                Interruption::SimulatedAfter(count) => say(
                    lang,
                    "interrupted-simulated-after",
                    &[("count", (*count).into())],
                ),
                Interruption::SimulatedRemoval => say(lang, "interrupted-simulated-removal", &[]),
            };
            say(lang, "error-interrupted", &[("reason", reason.into())])
        }
        Error::Index { path: p, problem } => say(
            lang,
            "error-index",
            &[
                ("path", path(p).into()),
                ("problem", index_problem(lang, problem).into()),
            ],
        ),
        Error::Busy {
            path: p,
            what,
            holder,
            ..
        } => say(
            lang,
            match what {
                crate::error::Holding::Writing => "error-busy",
                crate::error::Holding::Serving => "error-busy-serve",
            },
            &[("path", path(p).into()), ("holder", holder.into())],
        ),
        Error::Damaged { path: p, .. } => say(lang, "error-damaged", &[("path", path(p).into())]),
        Error::DiskFull {
            folder,
            needed,
            available,
            ..
        } => {
            // What the build needs and what is free, when they can be told.
            let bytes = |n: &Option<u64>| n.map(crate::error::human_bytes);
            let room = match (bytes(needed), bytes(available)) {
                (Some(n), Some(f)) => say(
                    lang,
                    "error-disk-room-both",
                    &[("needed", n.into()), ("free", f.into())],
                ),
                (Some(n), None) => say(lang, "error-disk-room-needed", &[("needed", n.into())]),
                (None, Some(f)) => say(lang, "error-disk-room-free", &[("free", f.into())]),
                (None, None) => String::new(),
            };
            say(
                lang,
                "error-disk-full",
                &[("folder", path(folder).into()), ("room", room.into())],
            )
        }
        Error::RebuildFailed {
            path: p, source, ..
        } => say(
            lang,
            "error-rebuild-failed",
            &[
                ("path", path(p).into()),
                ("error", error(lang, source).into()),
            ],
        ),
    }
}

/// What went wrong with the index, not damage. tantivy's own words are an argument (the English
/// catalogue shows them; the others where nothing of ours can say it).
pub fn index_problem(lang: Lang, p: &IndexProblem) -> String {
    let s = |id: &str, args: &[super::Arg<'_>]| say(lang, id, args);
    match p {
        IndexProblem::CannotOpen(e) => s("index-cannot-open", &[("error", e.into())]),
        IndexProblem::Locked => s("index-locked", &[]),
        IndexProblem::Failed { during, detail, io } => {
            // An I/O error of a kind the catalogue words is said in its words, else in tantivy's.
            let (id, problem) = match io {
                Some(kind) => match io_key(*kind) {
                    Some(key) => ("index-failed-io", say(lang, key, &[])),
                    None => ("index-failed-io-other", String::new()),
                },
                None => ("index-failed", String::new()),
            };
            // The step is named in English only (its words are the code's).
            let during = during
                .as_deref()
                .map(|d| format!("{d}: "))
                .unwrap_or_default();
            s(
                id,
                &[
                    ("during", during.into()),
                    ("problem", problem.into()),
                    ("error", detail.into()),
                ],
            )
        }
        IndexProblem::WriterFailed {
            cause,
            during,
            thread,
        } => s(
            "index-writer-failed",
            &[
                ("cause", cause.into()),
                ("during", during.into()),
                ("thread", thread.into()),
            ],
        ),
        IndexProblem::EarlierCommitFailed => s("index-earlier-commit-failed", &[]),
        IndexProblem::Encode(e) => s("index-encode", &[("error", e.into())]),
    }
}

/// What is wrong with a data file or record. The parser's, regex crate's or encoder's own words
/// are an argument the English catalogue shows; the others say what the reader can act on (the
/// line and column, which place) without them.
pub fn data_problem(lang: Lang, p: &DataProblem) -> String {
    let s = |id: &str, args: &[super::Arg<'_>]| say(lang, id, args);
    match p {
        DataProblem::Syntax(e) => toml_syntax(lang, e),
        DataProblem::UnknownParent { place, parent } => s(
            "data-unknown-parent",
            &[("place", place.into()), ("parent", parent.into())],
        ),
        DataProblem::Names(e) => s("data-names", &[("error", e.into())]),
        DataProblem::Encode(e) => s("data-encode", &[("error", e.into())]),
    }
}

/// Where a TOML file stops being what treatybot reads, by line and column when known.
fn toml_syntax(lang: Lang, e: &TomlSyntax) -> String {
    let error = ("error", e.detail.as_str().into());
    match (e.line, e.column) {
        (Some(line), Some(column)) => say(
            lang,
            "toml-syntax-at",
            &[("line", line.into()), ("column", column.into()), error],
        ),
        _ => say(lang, "toml-syntax", &[error]),
    }
}

/// Why a file or folder the operator named cannot be used. A parser's own words (a CSV
/// reader's, a decoder's) are arguments, as they are.
pub fn input_problem(lang: Lang, p: &InputProblem) -> String {
    let s = |id: &str, args: &[super::Arg<'_>]| say(lang, id, args);
    let list = |columns: &[String]| columns.join(", ");
    match p {
        InputProblem::NotFound => s("input-not-found", &[]),
        // The kind is English ("a FIFO"): the other catalogues say it without.
        InputProblem::NotRegular(kind) => s("input-not-regular", &[("kind", (*kind).into())]),
        InputProblem::NotACollection => s("input-not-a-collection", &[]),
        InputProblem::NoSeeds => s("input-no-seeds", &[]),
        InputProblem::NoArticles => s("input-no-articles", &[]),
        InputProblem::NoColumn {
            column,
            field,
            columns,
        } => s(
            "input-no-column",
            &[
                ("column", column.into()),
                ("field", (*field).into()),
                ("columns", list(columns).into()),
            ],
        ),
        InputProblem::NoTextColumn { columns } => {
            s("input-no-text-column", &[("columns", list(columns).into())])
        }
        InputProblem::Utf16TooLarge { mb } => s("input-utf16-too-large", &[("mb", (*mb).into())]),
        InputProblem::Utf16Invalid => s("input-utf16-invalid", &[]),
        InputProblem::HeaderOpen { cap } => s("input-header-open", &[("cap", (*cap).into())]),
        InputProblem::HeaderUnreadable(e) => s("input-header-unreadable", &[("error", e.into())]),
        InputProblem::MetadataTooLarge { mb } => {
            s("input-metadata-too-large", &[("mb", (*mb).into())])
        }
        InputProblem::MetadataNotUtf8 { valid_up_to } => s(
            "input-metadata-not-utf8",
            &[("valid", (*valid_up_to).into())],
        ),
        InputProblem::MetadataSyntax(e) => toml_syntax(lang, e),
        InputProblem::MetadataDate { file, date } => s(
            "input-metadata-date",
            &[("file", file.into()), ("date", date.into())],
        ),
        InputProblem::MetadataDateBasis { file, basis } => s(
            "input-metadata-date-basis",
            &[("file", file.into()), ("basis", basis.into())],
        ),
        InputProblem::MetadataTwice { file } => s("input-metadata-twice", &[("file", file.into())]),
    }
}

/// What `treatybot check` found wrong with one file of the index. A decoder's own words stay
/// out: they are the log's and `--json`'s.
pub fn damage(lang: Lang, p: &DamageProblem) -> String {
    let id = match p {
        DamageProblem::NoIndex => "check-no-index",
        DamageProblem::NoKnowledgeFile => "check-no-knowledge-file",
        DamageProblem::Missing => "check-missing",
        DamageProblem::Checksum => "check-checksum",
        DamageProblem::Undecodable(_) => "check-undecodable",
    };
    say(lang, id, &[])
}

/// What is wrong with a setting, naming the setting.
pub fn config_problem(lang: Lang, p: &ConfigProblem) -> String {
    let s = |id: &str, args: &[super::Arg<'_>]| say(lang, id, args);
    match p {
        ConfigProblem::NoFile(path) => s(
            "config-no-file",
            &[("path", path.display().to_string().into())],
        ),
        ConfigProblem::Unreadable(e) => s("config-unreadable", &[("error", e.into())]),
        ConfigProblem::WrongType { key, detail } => s(
            "config-wrong-type",
            &[("key", key.into()), ("error", detail.into())],
        ),
        ConfigProblem::BadValue { key, detail } => s(
            "config-bad-value",
            &[("key", key.into()), ("error", detail.into())],
        ),
        ConfigProblem::Syntax { file, at } => s(
            "config-syntax",
            &[("file", file.into()), ("at", toml_syntax(lang, at).into())],
        ),
        ConfigProblem::OutOfRange { key, min, max } => s(
            "config-out-of-range",
            &[
                ("key", (*key).into()),
                ("min", min.to_string().into()),
                ("max", max.to_string().into()),
            ],
        ),
        ConfigProblem::Empty(key) => s("config-empty", &[("key", (*key).into())]),
        ConfigProblem::DatabaseUrl(e) => s(
            "config-database-url",
            &[("problem", pg_url_error(lang, e).into())],
        ),
        ConfigProblem::ShardsWithEndpoint => s("config-shards-with-endpoint", &[]),
        ConfigProblem::BadPublicKey => s("config-bad-public-key", &[]),
        ConfigProblem::PublicKeyNeeded => s("config-public-key-needed", &[]),
        ConfigProblem::BadProxy => s("config-bad-proxy", &[]),
    }
}

/// What an I/O error means for the file it met: by its kind where one is known, else the
/// system's own words.
pub fn io_problem(lang: Lang, e: &std::io::Error) -> String {
    match io_key(e.kind()) {
        Some(id) => say(lang, id, &[]),
        None => say(lang, "io-other", &[("error", e.to_string().into())]),
    }
}

/// The catalogue's words for an I/O error of `kind`, when it has some.
fn io_key(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotFound => "io-not-found",
        ErrorKind::PermissionDenied => "io-permission-denied",
        ErrorKind::IsADirectory => "io-is-a-directory",
        ErrorKind::NotADirectory => "io-not-a-directory",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "io-disk-full",
        ErrorKind::ReadOnlyFilesystem => "io-read-only",
        ErrorKind::AddrInUse => "io-address-in-use",
        ErrorKind::AddrNotAvailable => "io-address-not-available",
        _ => return None,
    })
}

/// A quiz store's failure in `lang`'s words (the database's own message inside, as it is).
pub fn store_error(lang: Lang, e: &StoreError) -> String {
    match e {
        StoreError::Open { path, message } => say(
            lang,
            "store-open",
            &[
                ("path", path.display().to_string().into()),
                ("error", message.into()),
            ],
        ),
        StoreError::Query { message, .. } => say(lang, "store-query", &[("error", message.into())]),
        StoreError::Unreachable { server, message } => say(
            lang,
            "store-unreachable",
            &[("server", server.into()), ("error", message.into())],
        ),
        StoreError::Setup { server, message } => say(
            lang,
            "store-setup",
            &[("server", server.into()), ("error", message.into())],
        ),
        StoreError::TooNew { found, known, .. } => say(
            lang,
            "store-too-new",
            &[("found", (*found).into()), ("known", (*known).into())],
        ),
        StoreError::TargetNotEmpty { server, quizzes } => say(
            lang,
            "store-not-empty",
            &[("server", server.into()), ("quizzes", (*quizzes).into())],
        ),
        StoreError::NoSource(path) => say(
            lang,
            "store-no-source",
            &[("path", path.display().to_string().into())],
        ),
    }
}

/// Why a `postgres://` URL was refused.
pub fn pg_url_error(lang: Lang, e: &PgUrlError) -> String {
    match e {
        PgUrlError::NotPostgres => say(lang, "pg-url-not-postgres", &[]),
        PgUrlError::Unusable(why) => say(lang, "pg-url-unusable", &[("error", why.into())]),
        PgUrlError::NoHost => say(lang, "pg-url-no-host", &[]),
    }
}

/// What a cleaning rule removes.
pub fn clean_rule(lang: Lang, rule: Rule) -> String {
    let id = match rule {
        Rule::RepeatedAcrossArticles => "clean-rule-repeated",
        Rule::CreditLine => "clean-rule-credit",
        Rule::DateStamp => "clean-rule-date-stamp",
        Rule::Headline => "clean-rule-headline",
        Rule::RepeatsArticleText => "clean-rule-repeats-text",
        Rule::CallToAction => "clean-rule-call-to-action",
        Rule::NotProse => "clean-rule-not-prose",
    };
    say(lang, id, &[])
}

/// A record an ingest skipped or took with a caveat: its file and line, and why.
pub fn bad_row(lang: Lang, row: &crate::ingest::BadRow) -> String {
    let why = row_problem(lang, &row.reason);
    match row.line {
        crate::ingest::source::WHOLE_FILE => format!("{}: {why}", row.file),
        line => format!("{}:{line}: {why}", row.file),
    }
}

/// Why an ingest skipped a record, a file or a link, or took one with a caveat. A parser's or
/// the system's own words are arguments the English catalogue shows; others need not.
pub fn row_problem(lang: Lang, p: &RowProblem) -> String {
    let reader = super::Reader::typed(lang);
    let s = |id: &str, args: &[super::Arg<'_>]| say(lang, id, args);
    match p {
        RowProblem::FieldCount { fields, header } => s(
            "row-field-count",
            &[("fields", (*fields).into()), ("header", (*header).into())],
        ),
        RowProblem::RecordOpen { cap } => s("row-record-open", &[("cap", (*cap).into())]),
        RowProblem::NotCsv(e) => s("row-not-csv", &[("error", e.into())]),
        RowProblem::LineTooLong { len, cap } => s(
            "row-line-too-long",
            &[("len", (*len).into()), ("cap", (*cap).into())],
        ),
        RowProblem::NotObject => s("row-not-object", &[]),
        RowProblem::NotJson(e) => s("row-not-json", &[("error", e.into())]),
        RowProblem::Columns(e) => s("row-columns", &[("error", e.into())]),
        RowProblem::NotString { key, kind } => s(
            "row-not-string",
            &[("key", key.into()), ("kind", (*kind).into())],
        ),
        RowProblem::NoValue { key } => s("row-no-value", &[("key", key.into())]),
        RowProblem::BrokenLink => s("row-broken-link", &[]),
        RowProblem::Unreadable(e) => s("row-unreadable", &[("error", e.into())]),
        RowProblem::Folder => s("row-folder", &[]),
        RowProblem::NotRegular(kind) => s("row-not-regular", &[("kind", (*kind).into())]),
        RowProblem::FileTooLarge {
            size: Some(size),
            limit,
            ..
        } => s(
            "row-file-too-large",
            &[("size", (*size).into()), ("limit", (*limit).into())],
        ),
        RowProblem::FileTooLarge {
            size: None,
            read,
            limit,
        } => s(
            "row-file-too-large-unknown",
            &[("read", (*read).into()), ("limit", (*limit).into())],
        ),
        RowProblem::BadUtf16 => s("row-bad-utf16", &[]),
        RowProblem::Page(e) => super::page_refusal(reader, e),
        RowProblem::Fetch(e) => super::fetch_refusal(reader, e),
        RowProblem::TextTooLong { bytes, limit } => s(
            "row-text-too-long",
            &[("bytes", (*bytes).into()), ("limit", (*limit).into())],
        ),
        RowProblem::EmptyText => s("row-empty-text", &[]),
        RowProblem::NotWebLink(link) => s("row-not-web-link", &[("link", link.into())]),
        RowProblem::DateNotUnderstood(date) => {
            s("row-date-not-understood", &[("date", date.into())])
        }
        RowProblem::NoProse => s("row-no-prose", &[]),
        RowProblem::IdAgain(id) => s("row-id-again", &[("id", id.into())]),
        RowProblem::SeedId(id) => s("row-seed-id", &[("id", id.into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_problems() -> Vec<IndexProblem> {
        vec![
            IndexProblem::CannotOpen("No such file or directory (os error 2)".into()),
            IndexProblem::Locked,
            IndexProblem::Failed {
                during: Some("checking checksums".into()),
                detail: "a failure of tantivy's own".into(),
                io: None,
            },
            IndexProblem::Failed {
                during: None,
                detail: "cannot create its lock file (Permission denied)".into(),
                io: Some(ErrorKind::PermissionDenied),
            },
            IndexProblem::Failed {
                during: None,
                detail: "an unusual I/O error".into(),
                io: Some(ErrorKind::Other),
            },
            IndexProblem::WriterFailed {
                during: "committing".into(),
                thread: " on its thread merge".into(),
                cause: "a panic's own words".into(),
            },
            IndexProblem::EarlierCommitFailed,
            IndexProblem::Encode("an encoder's own words".into()),
        ]
    }

    fn input_problems() -> Vec<InputProblem> {
        vec![
            InputProblem::NotFound,
            InputProblem::NotRegular("a FIFO (named pipe)"),
            InputProblem::NotACollection,
            InputProblem::NoSeeds,
            InputProblem::NoArticles,
            InputProblem::NoColumn {
                column: "body".into(),
                field: "text",
                columns: vec!["id".into(), "headline".into()],
            },
            InputProblem::NoTextColumn {
                columns: vec!["id".into()],
            },
            InputProblem::Utf16TooLarge { mb: 1024 },
            InputProblem::Utf16Invalid,
            InputProblem::HeaderOpen { cap: 4_259_840 },
            InputProblem::HeaderUnreadable("a CSV reader's own words".into()),
            InputProblem::MetadataTooLarge { mb: 64 },
            InputProblem::MetadataNotUtf8 { valid_up_to: 17 },
            InputProblem::MetadataSyntax(TomlSyntax {
                line: Some(3),
                column: Some(9),
                detail: "a TOML parser's own words".into(),
            }),
            InputProblem::MetadataSyntax(TomlSyntax {
                line: None,
                column: None,
                detail: "a TOML parser's own words".into(),
            }),
            InputProblem::MetadataDate {
                file: "a.txt".into(),
                date: "May 1998".into(),
            },
            InputProblem::MetadataDateBasis {
                file: "a.txt".into(),
                basis: "guessed".into(),
            },
            InputProblem::MetadataTwice {
                file: "a.txt".into(),
            },
        ]
    }

    fn data_problems() -> Vec<DataProblem> {
        vec![
            DataProblem::Syntax(TomlSyntax {
                line: Some(4),
                column: Some(1),
                detail: "a TOML parser's own words".into(),
            }),
            DataProblem::UnknownParent {
                place: "Ostrov".into(),
                parent: "Arkhipelag".into(),
            },
            DataProblem::Names("a regex crate's own words".into()),
            DataProblem::Encode("an encoder's own words".into()),
        ]
    }

    /// The English `Display` (the log's) and the English catalogue say the same; in Japanese and
    /// Russian no literal text of the English catalogue appears, nor the step names of our code.
    #[test]
    fn index_input_and_data_problems_are_said_in_each_language() {
        let fragments: Vec<String> = crate::present::english_fragments()
            .into_iter()
            .filter(|f| f.split_whitespace().count() >= 3)
            .collect();
        let errors = index_problems()
            .into_iter()
            .map(|problem| Error::Index {
                path: "/srv/index".into(),
                problem,
            })
            .chain(input_problems().into_iter().map(|problem| Error::Input {
                path: "/srv/in.csv".into(),
                problem,
            }))
            .chain(data_problems().into_iter().map(|problem| Error::Data {
                path: "/srv/places.toml".into(),
                problem,
            }));
        for e in errors {
            let en = error(Lang::En, &e);
            // An I/O error of a kind the catalogue words is said in those words; the rest as the
            // log says it.
            let worded_io = matches!(
                &e,
                Error::Index {
                    problem: IndexProblem::Failed { io: Some(k), .. },
                    ..
                } if io_key(*k).is_some()
            );
            if worded_io {
                assert!(en.contains("read and write access"), "{en}");
            } else {
                assert_eq!(en, e.to_string());
            }
            for lang in [Lang::Ja, Lang::Ru] {
                let said = error(lang, &e);
                assert!(said.contains("/srv/"), "{said}");
                for f in &fragments {
                    assert!(!said.contains(f.trim()), "{lang} {e}: {f:?} in {said}");
                }
                for ours in ["checking checksums", "committing", "on its thread"] {
                    assert!(!said.contains(ours), "{lang}: {said}");
                }
            }
        }
    }
}
