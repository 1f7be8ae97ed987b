//! A command of the binary that failed as a whole: the step it failed at and the library's
//! error, as data, worded for the operator in `--lang` (`TREATYBOT__LANG`) by [`Failure::said`].
//! The English `Display` is for the log.

use crate::discord::DiscordError;
use crate::present::{self, Lang, Reader};
use crate::Error;

/// What the binary could not do, and why.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The engine could not open the articles and their index.
    #[error("could not open the articles: {0}")]
    Open(#[source] Error),
    /// `treatybot index` could not build the index.
    #[error("could not build the index: {0}")]
    Index(#[source] Error),
    /// `treatybot ingest` stopped.
    #[error("the ingest did not finish: {0}")]
    Ingest(#[source] Error),
    /// `treatybot remove` stopped before removing anything.
    #[error("the removal did not finish, and nothing was removed: {0}")]
    Remove(#[source] Error),
    /// `treatybot check` could not read the index folder.
    #[error("could not check the index: {0}")]
    Check(#[source] Error),
    /// `treatybot status` could not read the index.
    #[error("could not read what the index holds: {0}")]
    Status(#[source] Error),
    /// `treatybot clean` could not read the articles.
    #[error("could not read the articles: {0}")]
    Clean(#[source] Error),
    /// `treatybot serve` stopped with an error (boxed: the Discord client's errors are large).
    #[error("the bot stopped: {0}")]
    Serve(#[source] Box<DiscordError>),
    /// The async runtime `serve` runs on could not start.
    #[error("could not start the bot's runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// What was printed could not be written (a closed pipe is not reported at all).
    #[error("could not write the output: {0}")]
    Write(#[source] std::io::Error),
}

impl Failure {
    /// The failure in `lang`'s words, for the operator's terminal (paths included: it is the
    /// host's own operator who reads them).
    pub fn said(&self, lang: Lang) -> String {
        let error = |e: &Error| present::error(lang, e);
        let (id, why) = match self {
            Failure::Open(e) => ("cli-failed-open", error(e)),
            Failure::Index(e) => ("cli-failed-index", error(e)),
            Failure::Ingest(e) => ("cli-failed-ingest", error(e)),
            Failure::Remove(e) => ("cli-failed-remove", error(e)),
            Failure::Check(e) => ("cli-failed-check", error(e)),
            Failure::Status(e) => ("cli-failed-status", error(e)),
            Failure::Clean(e) => ("cli-failed-clean", error(e)),
            Failure::Serve(e) => return serve_error(lang, e),
            Failure::Runtime(e) => ("cli-failed-runtime", present::io_problem(lang, e)),
            Failure::Write(e) => ("cli-failed-write", present::io_problem(lang, e)),
        };
        Reader::typed(lang).say(id, &[("error", why.into())])
    }

    /// Whether this is only the reader of the output going away (`| head`), which is not worth
    /// reporting.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Failure::Write(e) | Failure::Runtime(e) => Some(e),
            Failure::Open(e)
            | Failure::Index(e)
            | Failure::Ingest(e)
            | Failure::Remove(e)
            | Failure::Check(e)
            | Failure::Status(e)
            | Failure::Clean(e) => match e {
                Error::Io { source, .. } => Some(source),
                _ => None,
            },
            Failure::Serve(_) => None,
        };
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Why `serve` stopped: the engine's and the quiz store's errors in the reader's words; the
/// Discord client's own (serenity's) as it gives them, inside our framing.
fn serve_error(lang: Lang, e: &DiscordError) -> String {
    let reader = Reader::typed(lang);
    match e {
        DiscordError::Engine(e) => reader.say(
            "cli-failed-open",
            &[("error", present::error(lang, e).into())],
        ),
        DiscordError::MissingToken => reader.say("cli-missing-token", &[]),
        DiscordError::MissingPublicKey => reader.say("cli-missing-public-key", &[]),
        DiscordError::Quiz(crate::discord::quiz::QuizSetupError::Store(e)) => reader.say(
            "cli-failed-serve",
            &[("error", present::store_error(lang, e).into())],
        ),
        other => reader.say("cli-failed-serve", &[("error", other.to_string().into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every failure is framed in the reader's language, and a closed pipe is told apart.
    #[test]
    fn failures_are_said_in_the_readers_language() {
        let missing = || {
            Error::io(
                "reading",
                "/nowhere/seeds",
                std::io::ErrorKind::NotFound.into(),
            )
        };
        for lang in [Lang::Ja, Lang::Ru] {
            for f in [
                Failure::Open(missing()),
                Failure::Index(missing()),
                Failure::Ingest(missing()),
                Failure::Remove(missing()),
                Failure::Check(missing()),
                Failure::Status(missing()),
                Failure::Clean(missing()),
            ] {
                let said = f.said(lang);
                assert!(said.contains("/nowhere/seeds"), "{said}");
                let english = f.to_string();
                let frame = english.split(':').next().unwrap();
                assert!(!said.contains(frame), "{lang}: {said}");
            }
        }
        let pipe = Failure::Write(std::io::ErrorKind::BrokenPipe.into());
        assert!(pipe.is_broken_pipe());
        assert!(!Failure::Open(missing()).is_broken_pipe());
    }
}
