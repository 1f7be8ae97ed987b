//! Fetching a web page from a link a user handed over. The link is untrusted, so:
//!
//! - only `http` and `https`;
//! - never an address that is not globally reachable ([`super::address`]: the IANA
//!   special-purpose registries, IPv4 inside IPv6 judged by the IPv4 it carries): every hop's
//!   host is resolved here and each address checked, and the connection is pinned to the
//!   checked addresses, so a name that resolves inside, or resolves differently the second
//!   time, is refused too. Hosts in `fetch.allow_hosts` are the one exception (tests list their
//!   loopback server);
//! - bounded: a connect and a total timeout, a size cap read as the body arrives, at most
//!   `fetch.max_redirects` redirects, each checked again;
//! - HTML or text only; anything else gets a refusal naming its type.
//!
//! Every refusal names the link and the reason; nothing half-fetched is handed on.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

use url::Url;

use crate::config::FetchSettings;

/// A fetched page.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The link after redirects.
    pub url: String,
    /// The body, at most `fetch.max_bytes`.
    pub bytes: Vec<u8>,
}

/// Why a link was not fetched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// Not a link treatybot fetches.
    #[error("{0}: only http:// and https:// links are fetched")]
    NotWeb(String),
    /// The host's name did not resolve.
    #[error("{url}: the host could not be found ({reason})")]
    Resolve {
        /// The link.
        url: String,
        /// What the resolver said.
        reason: String,
    },
    /// The host is, or resolves to, an address inside a private network.
    #[error("{url}: refused, {addr} is a private or special-purpose address ({kind}), not on the public internet; treatybot fetches only public web pages")]
    Private {
        /// The link.
        url: String,
        /// The address refused.
        addr: IpAddr,
        /// Which special-purpose block it is in.
        kind: &'static str,
    },
    /// Too many redirects.
    #[error("{url}: more than {limit} redirects; not followed further")]
    TooManyRedirects {
        /// The link first asked for.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The page did not arrive in time.
    #[error("{url}: no complete answer within {seconds} s")]
    Timeout {
        /// The link.
        url: String,
        /// The limit.
        seconds: u64,
    },
    /// The page is larger than the cap.
    #[error("{url}: the page is larger than {limit} bytes (fetch.max_bytes); not read further")]
    TooLarge {
        /// The link.
        url: String,
        /// The cap.
        limit: u64,
    },
    /// Not a web page.
    #[error("{url}: it is {content_type}, not a web page (HTML or text)")]
    NotPage {
        /// The link.
        url: String,
        /// The type the server gave.
        content_type: String,
    },
    /// The server answered with an error.
    #[error("{url}: the server answered {status}")]
    Status {
        /// The link.
        url: String,
        /// The status.
        status: u16,
    },
    /// The connection failed.
    #[error("{url}: {reason}")]
    Connection {
        /// The link.
        url: String,
        /// What failed.
        reason: String,
    },
}

/// Whether text looks like a link to fetch rather than a path.
pub fn is_link(s: &str) -> bool {
    let lower = s.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Fetches `link` from a thread that is not running an async runtime (the command line).
pub fn fetch_blocking(link: &str, settings: &FetchSettings) -> Result<Fetched, FetchError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| FetchError::Connection {
            url: link.to_string(),
            reason: format!("could not start the network runtime ({e})"),
        })?;
    runtime.block_on(fetch(link, settings))
}

/// Fetches `link` within the bounds of `settings` (see the module's rules).
pub async fn fetch(link: &str, settings: &FetchSettings) -> Result<Fetched, FetchError> {
    let total = Duration::from_secs(settings.total_seconds.max(1));
    match tokio::time::timeout(total, fetch_hops(link, settings)).await {
        Ok(done) => done,
        Err(_) => Err(FetchError::Timeout {
            url: link.to_string(),
            seconds: settings.total_seconds,
        }),
    }
}

async fn fetch_hops(link: &str, settings: &FetchSettings) -> Result<Fetched, FetchError> {
    let mut url = web_url(link)?;
    for _ in 0..=settings.max_redirects {
        let addrs = checked_addresses(&url, settings).await?;
        let host = url.host_str().unwrap_or_default().to_string();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(settings.connect_seconds.max(1)))
            .user_agent(concat!(
                "treatybot/",
                env!("CARGO_PKG_VERSION"),
                " (reading list fetcher)"
            ))
            .no_proxy()
            .resolve_to_addrs(&host, &addrs)
            .build()
            .map_err(|e| connection(&url, e))?;
        let response = client
            .get(url.clone())
            .send()
            .await
            .map_err(|e| connection(&url, e))?;
        let status = response.status();
        if status.is_redirection() {
            let next = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| url.join(l).ok())
                .ok_or_else(|| FetchError::Status {
                    url: url.to_string(),
                    status: status.as_u16(),
                })?;
            url = web_url(next.as_str())?;
            continue;
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !matches!(
            essence,
            "text/html" | "application/xhtml+xml" | "text/plain" | "text/markdown" | ""
        ) {
            return Err(FetchError::NotPage {
                url: url.to_string(),
                content_type: essence.to_string(),
            });
        }
        if response
            .content_length()
            .is_some_and(|n| n > settings.max_bytes)
        {
            return Err(too_large(&url, settings));
        }
        let mut response = response;
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| connection(&url, e))? {
            if bytes.len() as u64 + chunk.len() as u64 > settings.max_bytes {
                return Err(too_large(&url, settings));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Fetched {
            url: url.to_string(),
            bytes,
        });
    }
    Err(FetchError::TooManyRedirects {
        url: link.to_string(),
        limit: settings.max_redirects,
    })
}

fn web_url(link: &str) -> Result<Url, FetchError> {
    let url = Url::parse(link.trim()).map_err(|_| FetchError::NotWeb(link.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FetchError::NotWeb(link.to_string()));
    }
    Ok(url)
}

fn connection(url: &Url, e: reqwest::Error) -> FetchError {
    FetchError::Connection {
        url: url.to_string(),
        reason: if e.is_timeout() {
            "the server did not answer in time".to_string()
        } else if e.is_connect() {
            "could not connect".to_string()
        } else {
            e.to_string()
        },
    }
}

fn too_large(url: &Url, settings: &FetchSettings) -> FetchError {
    FetchError::TooLarge {
        url: url.to_string(),
        limit: settings.max_bytes,
    }
}

/// The addresses `url`'s host resolves to, each checked to be public (unless the host is
/// allowed), so the connection goes only where it was checked to go.
async fn checked_addresses(
    url: &Url,
    settings: &FetchSettings,
) -> Result<Vec<SocketAddr>, FetchError> {
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(80);
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let lookup = bare.clone();
    let addrs: Vec<SocketAddr> = tokio::task::spawn_blocking(move || {
        (lookup.as_str(), port)
            .to_socket_addrs()
            .map(|a| a.collect::<Vec<_>>())
    })
    .await
    .map_err(|e| FetchError::Resolve {
        url: url.to_string(),
        reason: e.to_string(),
    })?
    .map_err(|e| FetchError::Resolve {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if addrs.is_empty() {
        return Err(FetchError::Resolve {
            url: url.to_string(),
            reason: "no address".into(),
        });
    }
    let allowed = settings
        .allow_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&bare));
    if !allowed {
        if let Some((addr, kind)) = addrs
            .iter()
            .find_map(|a| super::address::not_global(a.ip()).map(|kind| (a.ip(), kind)))
        {
            return Err(FetchError::Private {
                url: url.to_string(),
                addr,
                kind,
            });
        }
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links() {
        assert!(is_link("https://example.com/a"));
        assert!(!is_link("file:///etc/passwd"));
        assert!(matches!(web_url("ftp://x/y"), Err(FetchError::NotWeb(_))));
        assert!(matches!(
            web_url("javascript:alert(1)"),
            Err(FetchError::NotWeb(_))
        ));
        assert!(web_url("http://example.com").is_ok());
    }
}
