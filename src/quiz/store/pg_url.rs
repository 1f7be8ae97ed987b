//! A `postgres://` URL: parsed once, and its server named by host, port and database for
//! errors and logs, with the password scrubbed from any text that might repeat it.

use tokio_postgres::config::Host;

use super::postgres::CONNECT_TIMEOUT;

/// Why a `postgres://` URL was refused. The driver's own words, when it gave some, have the
/// password scrubbed out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PgUrlError {
    /// Not a `postgres://` or `postgresql://` URL.
    #[error(
        "must be empty (the SQLite file) or a URL postgres://USER:PASSWORD@HOST:PORT/DATABASE"
    )]
    NotPostgres,
    /// The driver could not read it (its words, scrubbed).
    #[error("not a usable postgres://USER:PASSWORD@HOST:PORT/DATABASE URL: {0}")]
    Unusable(String),
    /// It names no server.
    #[error("the URL names no host: postgres://USER:PASSWORD@HOST:PORT/DATABASE")]
    NoHost,
}

/// A parsed `postgres://` URL and how to name its server without the password.
#[derive(Clone)]
pub struct PgTarget {
    pub(super) config: tokio_postgres::Config,
    pub(super) server: String,
    /// The password as written in the URL (percent-encoded) and as sent, to scrub from any text.
    secrets: Vec<String>,
}

impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgTarget")
            .field("server", &self.server)
            .finish()
    }
}

impl PgTarget {
    /// Parses `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`). The reason
    /// for a refusal never repeats the password.
    pub fn parse(url: &str) -> Result<PgTarget, PgUrlError> {
        let url = url.trim();
        let raw = raw_password(url).map(str::to_string);
        let scrub = |text: String| match &raw {
            Some(p) if !p.is_empty() => text.replace(p.as_str(), "***"),
            _ => text,
        };
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(PgUrlError::NotPostgres);
        }
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| PgUrlError::Unusable(scrub(e.to_string())))?;
        if config.get_hosts().is_empty() {
            return Err(PgUrlError::NoHost);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("treatybot");
        }
        let mut secrets: Vec<String> = raw.into_iter().filter(|p| !p.is_empty()).collect();
        if let Some(p) = config.get_password() {
            let p = String::from_utf8_lossy(p).into_owned();
            if !p.is_empty() && !secrets.contains(&p) {
                secrets.push(p);
            }
        }
        let server = server_name(&config);
        Ok(PgTarget {
            config,
            server,
            secrets,
        })
    }

    /// The URL without its password, for showing settings: `postgres://USER@HOST:PORT/DB`.
    pub fn describe_url(url: &str) -> String {
        match PgTarget::parse(url) {
            Ok(t) => match t.config.get_user() {
                Some(user) => format!("postgres://{user}@{}", t.server),
                None => format!("postgres://{}", t.server),
            },
            Err(_) => "(not a postgres:// URL)".to_string(),
        }
    }

    /// The server as errors name it: `HOST:PORT/DATABASE`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// `text` with the password replaced, whatever produced it.
    pub(super) fn scrub(&self, text: impl std::fmt::Display) -> String {
        let mut text = text.to_string();
        for s in &self.secrets {
            text = text.replace(s.as_str(), "***");
        }
        text
    }
}

/// The password part of `scheme://user:password@host…`, as written.
fn raw_password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let userinfo = authority.rsplit_once('@')?.0;
    userinfo.split_once(':').map(|(_, p)| p)
}

/// `HOST:PORT/DATABASE` (several hosts joined by commas; a socket folder as written).
fn server_name(config: &tokio_postgres::Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let port = ports
                .get(i)
                .or_else(|| ports.first())
                .copied()
                .unwrap_or(5432);
            match h {
                Host::Tcp(name) if name.contains(':') => format!("[{name}]:{port}"),
                Host::Tcp(name) => format!("{name}:{port}"),
                #[cfg(unix)]
                Host::Unix(dir) => format!("{}:{port}", dir.display()),
            }
        })
        .collect();
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or("postgres");
    format!("{}/{db}", hosts.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_named_without_the_password() {
        let t = PgTarget::parse("postgres://bot:s3cr%40t@db.example:6543/quiz").unwrap();
        assert_eq!(t.server(), "db.example:6543/quiz");
        assert_eq!(t.scrub("x s3cr%40t y s3cr@t"), "x *** y ***");
        let shown = format!("{t:?}");
        assert!(!shown.contains("s3cr"), "{shown}");
        assert_eq!(
            PgTarget::describe_url("postgresql://bot:pw@127.0.0.1/quiz"),
            "postgres://bot@127.0.0.1:5432/quiz"
        );
        assert_eq!(
            PgTarget::parse("postgres://bot@[::1]:5433")
                .unwrap()
                .server(),
            "[::1]:5433/bot"
        );
    }

    #[test]
    fn only_postgres_urls_with_a_host_are_taken_and_refusals_hide_the_password() {
        for bad in [
            "mysql://bot:hunter2@db/quiz",
            "host=db password=hunter2",
            "postgres://bot:hunter2@db:notaport/quiz",
        ] {
            let why = PgTarget::parse(bad).unwrap_err().to_string();
            assert!(why.contains("postgres://"), "{bad}: {why}");
            assert!(!why.contains("hunter2"), "{bad}: {why}");
        }
        assert_eq!(
            PgTarget::parse("postgres:///quiz").unwrap_err(),
            PgUrlError::NoHost
        );
    }
}
