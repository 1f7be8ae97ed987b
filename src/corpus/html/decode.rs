//! A page's bytes as text, before anything parses them: byte-order marks (UTF-8, UTF-16 LE and
//! BE), a UTF-16 page that only says so in its `<meta charset>`, any charset encoding_rs knows,
//! and a refusal for bytes that are not text at all (an image or archive saved as `.html`, or a
//! compressed body).

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// The bytes are not text: what they look like instead is not said (nothing to act on).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct NotText;

/// Formats that start with a signature: images, PDF, archives, compressed streams.
const MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1F\x8B",
    b"BZh",
    b"\xFD7zXZ\x00",
    b"7z\xBC\xAF\x27\x1C",
    b"\x28\xB5\x2F\xFD",
];

/// How far into a page its charset may be declared (the HTML standard prescans 1024 bytes).
const PRESCAN: usize = 1024;

/// How much text is looked at for control characters: enough to judge, bounded in time.
const SAMPLE_CHARS: usize = 64 * 1024;

/// More control characters than this share of the text (one in ten) is binary data: text has
/// almost none besides tabs and line breaks.
const MAX_CONTROL_SHARE: f64 = 0.10;

static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)"#)
        .expect("the charset pattern is valid")
});

/// The page as text, decoded from its byte-order mark or declared charset (UTF-8 when it
/// declares none), or [`NotText`].
pub(super) fn decode(bytes: &[u8]) -> Result<String, NotText> {
    if MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return Err(NotText);
    }
    let text = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned()
    } else {
        let encoding = declared(bytes).unwrap_or(UTF_8);
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    };
    if looks_binary(&text) {
        return Err(NotText);
    }
    Ok(text)
}

/// The charset a page declares in a `<meta>` near its start. A UTF-16 declaration is believed
/// only when the bytes have the NULs UTF-16 gives ASCII (the HTML standard reads a page that
/// says UTF-16 in ASCII as UTF-8); which byte order, from where the NULs fall.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2 * PRESCAN)];
    let has_nul = head.contains(&0);
    let label = if has_nul {
        // UTF-16 without a mark: read the declaration with the NULs taken out.
        let ascii: Vec<u8> = head.iter().copied().filter(|b| *b != 0).collect();
        charset_label(&ascii)?
    } else {
        charset_label(&head[..head.len().min(PRESCAN)])?
    };
    let encoding = Encoding::for_label(&label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        if !has_nul {
            return Some(UTF_8);
        }
        // In UTF-16 LE the NUL of an ASCII character is its second byte (odd offsets).
        let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let even = head.iter().step_by(2).filter(|b| **b == 0).count();
        return Some(if odd >= even { UTF_16LE } else { UTF_16BE });
    }
    Some(encoding)
}

fn charset_label(head: &[u8]) -> Option<Vec<u8>> {
    CHARSET
        .captures(head)
        .and_then(|c| c.get(1))
        .map(|m| m.as_bytes().to_vec())
}

/// NULs, or many control characters other than tabs, line and page breaks and ESC (which
/// ISO-2022 text uses to switch alphabets).
fn looks_binary(text: &str) -> bool {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SAMPLE_CHARS) {
        if c == '\0' {
            return true;
        }
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\x1B') && c < '\u{80}' {
            controls += 1;
        }
    }
    chars > 0 && controls as f64 > chars as f64 * MAX_CONTROL_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        v
    }

    #[test]
    fn marks_and_declarations_decide_the_encoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap(), "café");
        assert_eq!(
            decode(&utf16le("<p>café</p>", true)).unwrap(),
            "<p>café</p>"
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("<p>ß</p>".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), "<p>ß</p>");
        let page = "<meta charset=\"utf-16\"><p>naïve</p>";
        assert_eq!(decode(&utf16le(page, false)).unwrap(), page);
        // Says UTF-16 but is plainly ASCII-based: read as UTF-8.
        assert_eq!(
            decode(b"<meta charset=utf-16><p>plain</p>").unwrap(),
            "<meta charset=utf-16><p>plain</p>"
        );
        assert_eq!(
            decode(b"<meta charset=\"windows-1252\"><p>Caf\xE9</p>").unwrap(),
            "<meta charset=\"windows-1252\"><p>Café</p>"
        );
    }

    #[test]
    fn binary_bytes_are_not_text() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(NotText));
        assert_eq!(decode(b"%PDF-1.7\n"), Err(NotText));
        assert_eq!(decode(b"\x1F\x8B\x08\0"), Err(NotText));
        assert_eq!(decode(b"<p>a\0b</p>"), Err(NotText));
        let noisy: Vec<u8> = (0..1000u32).map(|i| (i % 32) as u8 | 1).collect();
        assert_eq!(decode(&noisy), Err(NotText));
        assert!(decode(b"<p>tabs\tand\r\nlines\x0c</p>").is_ok());
    }
}
