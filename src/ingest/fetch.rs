//! Fetching a web page from a link a user handed over. The link is untrusted, so:
//!
//! - only `http` and `https`;
//! - never a private address: every hop's host is resolved here and each address checked
//!   (loopback, private ranges, link-local such as the cloud metadata address 169.254.169.254,
//!   carrier-grade NAT, unique-local and link-local IPv6, multicast, unspecified, IPv4 inside
//!   IPv6), and the connection is pinned to the checked addresses, so a name that resolves
//!   inside, or resolves differently the second time, is refused too. Hosts in
//!   `fetch.allow_hosts` are the one exception (tests list their loopback server);
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
#[derive(Debug, thiserror::Error)]
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
    #[error("{url}: refused, {addr} is a private, loopback or link-local address; treatybot fetches only public web pages")]
    Private {
        /// The link.
        url: String,
        /// The address refused.
        addr: IpAddr,
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
        if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
            return Err(FetchError::Private {
                url: url.to_string(),
                addr: bad.ip(),
            });
        }
    }
    Ok(addrs)
}

/// Whether an address is on the public internet: not loopback, private, link-local, shared
/// (carrier-grade NAT), documentation, benchmarking, reserved, multicast, broadcast or
/// unspecified, and, for IPv6, not unique-local, link-local or an IPv4 address inside.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1]))
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                // ::a.b.c.d (IPv4-compatible) and 64:ff9b::/96 (NAT64) reach IPv4 addresses.
                || (s[..6].iter().all(|x| *x == 0))
                || (s[0] == 0x64 && s[1] == 0xff9b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }

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
