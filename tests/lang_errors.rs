//! Every kind of library error as its readers see it: the operator of the command line in
//! `--lang` (`present::error`), and a Discord member whose `/sources add` or `remove` met it
//! (`discord::reading_list::for_member`, then `present::refusal`). In Japanese and Russian none
//! holds an English phrase of the catalogue or any other run of English words, except a
//! system's or library's own words where nothing of ours can say what went wrong (listed per
//! kind below); a parser's words about a data file never reach them. A Discord member never
//! sees the host's paths, process or command line, in any language.

mod common;

use std::io::ErrorKind;

use treatybot::error::{
    ConfigProblem, DataProblem, Holding, IndexProblem, InputProblem, Interruption, TomlSyntax,
};
use treatybot::present::{Lang, Reader};
use treatybot::quiz::store::PgUrlError;
use treatybot::Error;

/// The host's details in the errors below, which a Discord member must never see.
const PATH: &str = "/srv/treatybot-host/data";
const HOLDER: &str = "pid 4242, treatybot ingest big.csv, since 10:00";

/// A parser's words about a data file, which only an English reader sees.
const PARSER: &str = "expected a closing bracket here";

/// A system's or library's words the other languages show as they are (nothing of ours can
/// say them), which the check below lets through.
const THEIRS: &str = "the library says something odd";

fn syntax(line: Option<usize>) -> TomlSyntax {
    TomlSyntax {
        line,
        column: line.map(|_| 7),
        detail: PARSER.into(),
    }
}

/// One of each kind of error, and each kind of problem inside it.
fn every_error() -> Vec<Error> {
    let path = || std::path::PathBuf::from(PATH);
    let config = [
        ConfigProblem::NoFile(path()),
        ConfigProblem::Unreadable(THEIRS.into()),
        ConfigProblem::WrongType {
            key: "answers.max_citations".into(),
            detail: PARSER.into(),
        },
        ConfigProblem::BadValue {
            key: "discord.http_listen".into(),
            detail: PARSER.into(),
        },
        ConfigProblem::Syntax {
            file: PATH.into(),
            at: syntax(Some(1)),
        },
        ConfigProblem::OutOfRange {
            key: "answers.max_citations",
            min: 1,
            max: 25,
        },
        ConfigProblem::Empty("seeds_dir"),
        ConfigProblem::DatabaseUrl(PgUrlError::NotPostgres),
        ConfigProblem::DatabaseUrl(PgUrlError::Unusable(THEIRS.into())),
        ConfigProblem::DatabaseUrl(PgUrlError::NoHost),
        ConfigProblem::ShardsWithEndpoint,
        ConfigProblem::BadPublicKey,
        ConfigProblem::PublicKeyNeeded,
        ConfigProblem::BadProxy,
    ];
    let io = [
        ErrorKind::NotFound,
        ErrorKind::PermissionDenied,
        ErrorKind::IsADirectory,
        ErrorKind::NotADirectory,
        ErrorKind::StorageFull,
        ErrorKind::ReadOnlyFilesystem,
    ]
    .map(|k| Error::io("reading", path(), std::io::Error::from(k)));
    let data = [
        DataProblem::Syntax(syntax(Some(3))),
        DataProblem::Syntax(syntax(None)),
        DataProblem::UnknownParent {
            place: "Ostrov".into(),
            parent: "Arkhipelag".into(),
        },
        DataProblem::Names(PARSER.into()),
        DataProblem::Encode(PARSER.into()),
    ];
    let input = [
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
        InputProblem::HeaderUnreadable(THEIRS.into()),
        InputProblem::MetadataTooLarge { mb: 64 },
        InputProblem::MetadataSyntax(syntax(Some(2))),
        InputProblem::MetadataSyntax(syntax(None)),
        InputProblem::MetadataDate {
            file: "a.txt".into(),
            date: "1998x".into(),
        },
        InputProblem::MetadataDateBasis {
            file: "a.txt".into(),
            basis: "guessed".into(),
        },
        InputProblem::MetadataTwice {
            file: "a.txt".into(),
        },
        InputProblem::MetadataNotUtf8 { valid_up_to: 17 },
    ];
    let index = [
        IndexProblem::CannotOpen(THEIRS.into()),
        IndexProblem::Locked,
        IndexProblem::Failed {
            during: None,
            detail: THEIRS.into(),
            io: None,
        },
        IndexProblem::Failed {
            during: None,
            detail: THEIRS.into(),
            io: Some(ErrorKind::PermissionDenied),
        },
        IndexProblem::Failed {
            during: None,
            detail: THEIRS.into(),
            io: Some(ErrorKind::Other),
        },
        IndexProblem::WriterFailed {
            during: String::new(),
            thread: String::new(),
            cause: THEIRS.into(),
        },
        IndexProblem::EarlierCommitFailed,
        IndexProblem::Encode(THEIRS.into()),
    ];
    let mut all: Vec<Error> = config.into_iter().map(Error::Config).collect();
    all.extend(io);
    all.extend(data.into_iter().map(|problem| Error::Data {
        path: path(),
        problem,
    }));
    all.extend(input.into_iter().map(|problem| Error::Input {
        path: path(),
        problem,
    }));
    all.extend(
        [
            Interruption::SimulatedAfter(40),
            Interruption::SimulatedRemoval,
        ]
        .map(Error::Interrupted),
    );
    all.extend(index.into_iter().map(|problem| Error::Index {
        path: path(),
        problem,
    }));
    all.extend(
        [Holding::Writing, Holding::Serving].map(|what| Error::Busy {
            path: path(),
            what,
            holder: HOLDER.into(),
            advice: "wait for it",
        }),
    );
    all.push(Error::Damaged {
        path: path(),
        message: THEIRS.into(),
    });
    for (needed, available) in [
        (Some(2_000_000_000), Some(10_000)),
        (Some(2_000_000_000), None),
        (None, Some(10_000)),
        (None, None),
    ] {
        all.push(Error::DiskFull {
            folder: path(),
            what: "building a new index".into(),
            needed,
            available,
        });
    }
    all.push(Error::RebuildFailed {
        path: path(),
        damage: THEIRS.into(),
        source: Box::new(Error::io(
            "writing",
            path(),
            std::io::Error::from(ErrorKind::StorageFull),
        )),
    });
    all
}

/// Which kind `e` is: a match with no wildcard, so a new kind of error does not compile until
/// it is added to [`every_error`].
fn kind(e: &Error) -> &'static str {
    match e {
        Error::Config(_) => "config",
        Error::Io { .. } => "io",
        Error::Data { .. } => "data",
        Error::Input { .. } => "input",
        Error::Interrupted(_) => "interrupted",
        Error::Index { .. } => "index",
        Error::Busy { .. } => "busy",
        Error::Damaged { .. } => "damaged",
        Error::DiskFull { .. } => "disk-full",
        Error::RebuildFailed { .. } => "rebuild-failed",
    }
}

/// The parts of `said` that are not ours: the host's path, the holder, the names a data file
/// gave, and the system's or library's words where they are shown.
const GIVEN: [&str; 9] = [
    PATH,
    HOLDER,
    THEIRS,
    "Ostrov",
    "Arkhipelag",
    "a.txt",
    "1998x",
    "guessed",
    "body",
];

#[test]
fn every_library_error_is_said_in_the_operators_language() {
    let errors = every_error();
    let kinds: std::collections::BTreeSet<&str> = errors.iter().map(kind).collect();
    assert_eq!(kinds.len(), 10, "{kinds:?}");
    let mut failures = Vec::new();
    for e in &errors {
        let en = treatybot::present::error(Lang::En, e);
        // Every error but a setting's and a stopped ingest's names the file or folder it is
        // about.
        let has_path = match e {
            Error::Config(p) => {
                matches!(p, ConfigProblem::NoFile(_) | ConfigProblem::Syntax { .. })
            }
            Error::Interrupted(_) => false,
            _ => true,
        };
        assert_eq!(en.contains(PATH), has_path, "{en}");
        if let Error::Data {
            problem: DataProblem::Syntax(_),
            ..
        } = e
        {
            // English output keeps the parser's words, and the check below sees English there.
            assert!(en.contains(PARSER), "{en}");
            assert!(common::english_run(&en, &GIVEN).is_some(), "{en}");
        }
        for lang in [Lang::Ja, Lang::Ru] {
            let said = treatybot::present::error(lang, e);
            let english = common::english_in(&said);
            let run = common::english_run(&said, &GIVEN);
            if !english.is_empty()
                || run.is_some()
                || !common::in_script_of(lang, &said)
                || said.contains(PARSER)
                || said.contains(PATH) != has_path
                || said == en
            {
                failures.push(format!("{lang} {}: {english:?} {run:?} in {said}", kind(e)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_discord_member_meeting_any_library_error_is_told_what_to_do_without_the_hosts_details() {
    let mut failures = Vec::new();
    for e in &every_error() {
        let refusal = treatybot::discord::reading_list::for_member(e);
        for lang in [Lang::En, Lang::Ja, Lang::Ru] {
            let said = treatybot::present::refusal(Reader::picker(lang), &refusal);
            let host = ["/srv", "treatybot-host", "4242", "big.csv", PARSER, THEIRS]
                .into_iter()
                .find(|h| said.contains(h));
            let english = (lang != Lang::En)
                .then(|| common::english_run(&said, &[]))
                .flatten();
            if host.is_some() || english.is_some() || said.trim().is_empty() {
                failures.push(format!(
                    "{lang} {}: {host:?} {english:?} in {said}",
                    kind(e)
                ));
            }
        }
        // Another writer is something to wait for; anything else is the host's to mend.
        let busy = matches!(e, Error::Busy { .. });
        assert_eq!(
            matches!(refusal, treatybot::ingest::Refusal::Busy),
            busy,
            "{e}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
