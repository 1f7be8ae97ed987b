//! Is a request to the interactions endpoint Discord's? Its Ed25519 signature over
//! timestamp‖body, made with the application's key, and a timestamp close to now. Pure checks:
//! the server calls them before it reads anything out of the body.

use serenity::interactions_endpoint::Verifier;

/// The signature header.
pub const SIGNATURE: &str = "x-signature-ed25519";
/// The timestamp header (Unix seconds).
pub const TIMESTAMP: &str = "x-signature-timestamp";

/// How far a request's timestamp may be from this host's clock. Discord sends at once; the
/// margin covers clocks a little apart, and bounds how long a captured request could be replayed.
pub const MAX_SKEW_SECONDS: i64 = 300;

/// Why a request is refused with 401: said in the log, never in detail to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsigned {
    /// A signature header is missing or not text.
    MissingHeader,
    /// The timestamp is not a number, or too far from now.
    StaleTimestamp,
    /// The signature does not match the key, the timestamp and the body.
    BadSignature,
}

impl Unsigned {
    /// A short word for the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Unsigned::MissingHeader => "missing signature header",
            Unsigned::StaleTimestamp => "stale or malformed timestamp",
            Unsigned::BadSignature => "bad signature",
        }
    }
}

/// The two signature headers, as text, before the body is read.
pub fn headers(h: &hyper::HeaderMap) -> Result<(String, String), Unsigned> {
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .ok_or(Unsigned::MissingHeader)
    };
    Ok((get(SIGNATURE)?, get(TIMESTAMP)?))
}

/// Whether `timestamp` (Unix seconds, as sent) is within [`MAX_SKEW_SECONDS`] of `now`.
pub fn fresh(timestamp: &str, now: i64) -> Result<(), Unsigned> {
    let t: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| Unsigned::StaleTimestamp)?;
    if now.abs_diff(t) > MAX_SKEW_SECONDS.unsigned_abs() {
        return Err(Unsigned::StaleTimestamp);
    }
    Ok(())
}

/// Checks the signature over timestamp‖body.
pub fn signed(
    verifier: &Verifier,
    signature: &str,
    timestamp: &str,
    body: &[u8],
) -> Result<(), Unsigned> {
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| Unsigned::BadSignature)
}

/// This host's clock in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_is_fresh_within_the_skew_either_way() {
        assert_eq!(fresh("1000", 1000), Ok(()));
        assert_eq!(fresh("1300", 1000), Ok(()));
        assert_eq!(fresh("700", 1000), Ok(()));
        assert_eq!(fresh("699", 1000), Err(Unsigned::StaleTimestamp));
        assert_eq!(fresh("1301", 1000), Err(Unsigned::StaleTimestamp));
        assert_eq!(fresh("", 1000), Err(Unsigned::StaleTimestamp));
        assert_eq!(fresh("12a", 1000), Err(Unsigned::StaleTimestamp));
        assert_eq!(
            fresh("-9223372036854775808", 1000),
            Err(Unsigned::StaleTimestamp)
        );
    }

    #[test]
    fn both_headers_are_needed() {
        let mut h = hyper::HeaderMap::new();
        assert_eq!(headers(&h), Err(Unsigned::MissingHeader));
        h.insert(SIGNATURE, "ab".parse().unwrap());
        assert_eq!(headers(&h), Err(Unsigned::MissingHeader));
        h.insert(TIMESTAMP, "1".parse().unwrap());
        assert_eq!(headers(&h), Ok(("ab".into(), "1".into())));
    }

    #[test]
    fn a_signature_that_is_not_hex_is_refused() {
        // The all-zero point is not a valid key; the base point's encoding is.
        let mut key = [0u8; 32];
        key[0] = 0x58;
        key[1..].fill(0x66);
        let v = Verifier::try_new(key).expect("a valid point");
        assert_eq!(signed(&v, "zz", "1", b"{}"), Err(Unsigned::BadSignature));
        assert_eq!(
            signed(&v, &"00".repeat(64), "1", b"{}"),
            Err(Unsigned::BadSignature)
        );
    }
}
