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

/// Why `serve` stopped, in the reader's words: the engine's and the quiz store's errors, the
/// endpoint's address, the proxy, and what the Discord client (serenity) met, by its kind (a
/// token Discord refused, Discord out of reach, an HTTP status). serenity's own English is an
/// argument only the English catalogue shows; the log keeps it.
fn serve_error(lang: Lang, e: &DiscordError) -> String {
    let reader = Reader::typed(lang);
    let failed = |why: String| reader.say("cli-failed-serve", &[("error", why.into())]);
    match e {
        DiscordError::NoListenAddress => failed(reader.say("serve-no-listen-address", &[])),
        DiscordError::Listen(address, io) => failed(reader.say(
            "serve-listen-failed",
            &[
                ("address", address.to_string().into()),
                ("problem", present::io_problem(lang, io).into()),
            ],
        )),
        DiscordError::ProxyUnreachable(proxy) => failed(reader.say(
            "serve-proxy-unreachable",
            &[("proxy", proxy.as_str().into())],
        )),
        DiscordError::Client(client) => failed(client_error(reader, client)),
        DiscordError::Task(what, cause) => failed(reader.say(
            "serve-task-failed",
            &[
                ("what", (*what).into()),
                ("error", cause.to_string().into()),
            ],
        )),
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
    }
}

/// What the Discord client met, by its kind.
fn client_error(reader: Reader, e: &serenity::Error) -> String {
    use serenity::gateway::GatewayError;
    use serenity::http::HttpError;
    let refused = || reader.say("serve-token-refused", &[]);
    match e {
        serenity::Error::Gateway(GatewayError::InvalidAuthentication)
        | serenity::Error::Http(HttpError::InvalidHeader(_)) => refused(),
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => match r.status_code.as_u16() {
            401 => refused(),
            status => reader.say("serve-discord-status", &[("status", status.into())]),
        },
        serenity::Error::Http(HttpError::Request(_))
        | serenity::Error::Tungstenite(_)
        | serenity::Error::Io(_) => reader.say(
            "serve-discord-unreachable",
            &[("error", e.to_string().into())],
        ),
        other => reader.say(
            "serve-client-failed",
            &[("error", other.to_string().into())],
        ),
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
        // Why `serve` stopped, by kind, with serenity's own English shown in English only.
        let serve = || {
            [
                DiscordError::NoListenAddress,
                DiscordError::Listen(
                    "127.0.0.1:8080".parse().unwrap(),
                    std::io::ErrorKind::AddrInUse.into(),
                ),
                DiscordError::ProxyUnreachable("http://127.0.0.1:9".into()),
                DiscordError::Client(serenity::Error::Gateway(
                    serenity::gateway::GatewayError::InvalidAuthentication,
                )),
                DiscordError::Client(serenity::Error::Other("a client's own words")),
            ]
        };
        for (e, english) in serve()
            .iter()
            .zip(serve().map(|e| Failure::Serve(Box::new(e))))
        {
            let en = english.said(Lang::En);
            assert!(en.contains("the bot stopped"), "{en}");
            for lang in [Lang::Ja, Lang::Ru] {
                let said = english.said(lang);
                assert!(!said.contains("a client's own words"), "{said}");
                assert!(!said.contains("the bot stopped"), "{said}");
                let own = |c: char| match lang {
                    Lang::Ja => ('\u{3040}'..='\u{9fff}').contains(&c),
                    _ => ('\u{0400}'..='\u{04ff}').contains(&c),
                };
                assert!(said.chars().any(own), "{lang} {e}: {said}");
            }
        }
        let [.., token, _] = serve();
        let token = Failure::Serve(Box::new(token)).said(Lang::En);
        assert!(token.contains("refused the bot token"), "{token}");
        let pipe = Failure::Write(std::io::ErrorKind::BrokenPipe.into());
        assert!(pipe.is_broken_pipe());
        assert!(!Failure::Open(missing()).is_broken_pipe());
    }
}
