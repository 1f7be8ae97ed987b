//! Mending text that was damaged on its way into a collection, before anything else reads it.
//!
//! Three kinds of damage are common in exported news collections:
//! - *mojibake*: UTF-8 read as Windows-1252, so `’` arrives as `â€™` and `é` as `Ã©`. Each run
//!   that re-encodes to valid UTF-8 is decoded back; nothing else is touched.
//! - *lost punctuation*: a character the exporter could not write (a curly quote or a dash)
//!   replaced by `"?`, often swallowing the space after it (`DeVos"?nomination`,
//!   `a worse choice,"?Sen. Warren`). The marker is turned back into the likeliest character from
//!   what stands either side, and the space is put back.
//! - control characters and Windows line ends.
//!
//! Repaired text is what is indexed and quoted: an excerpt is the article's words as mended here.

use std::borrow::Cow;

/// Windows-1252's characters for bytes 0x80–0x9F (the rest of the byte range is Latin-1).
/// Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character and are decoded as the C1 control
/// of the same number, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The Windows-1252 byte for `c`, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if code < 0x80 || (0xA0..=0xFF).contains(&code) {
        return Some(code as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .map(|i| 0x80 + i as u8)
}

/// Decodes bytes that are not valid UTF-8 as Windows-1252 (every byte is some character).
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Mends mojibake, lost-punctuation markers and control characters; see the module notes.
pub fn repair(text: &str) -> Cow<'_, str> {
    let needs = text.contains(['\r', 'Ã', 'Â', 'â', 'Å', 'Ä', 'Î', 'Ð', 'Ñ'])
        || text.contains("\"?")
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t');
    if !needs {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = fix_mojibake(&text);
    let text = fix_lost_punctuation(&text);
    Cow::Owned(
        text.chars()
            .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
            .collect(),
    )
}

/// Decodes each run of characters that, written as Windows-1252 bytes, form one valid UTF-8
/// multi-byte character (`â€™` → `’`, `Ã©` → `é`).
fn fix_mojibake(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = decode_at(&chars[i..]) {
            out.push(decoded);
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn decode_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for (k, &c) in chars.iter().enumerate().take(len).skip(1) {
        match cp1252_byte(c) {
            Some(b @ 0x80..=0xBF) => bytes.push(b),
            // `â€` and a replacement character: the third byte (0x9D, which Windows-1252 lacks)
            // was lost; in news text that sequence is a closing quote.
            _ if k == 2 && c == '\u{FFFD}' && bytes == [0xE2, 0x80] => return Some(('”', 3)),
            _ => return None,
        }
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    let decoded = s.chars().next()?;
    // Anything that decodes to a control character was not mojibake.
    (!decoded.is_control()).then_some((decoded, len))
}

/// Turns `"?` markers back into the punctuation they stand for, putting back the space they
/// swallowed when a word follows directly.
fn fix_lost_punctuation(text: &str) -> String {
    if !text.contains("\"?") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\"?") {
        let before = &rest[..at];
        let after = &rest[at + 2..];
        let prev = before.chars().next_back();
        let next = after.chars().next();
        let next_is_word = next.is_some_and(|c| c.is_alphanumeric() || "(\"“[".contains(c));
        let replacement = match prev {
            // "choice,"?Sen." — a closing quote after the clause's punctuation.
            Some(p) if ".,!?;:".contains(p) => Some("”"),
            // "determine "?at least" — a dash between words.
            Some(p) if p.is_whitespace() => Some("—"),
            Some('-') => Some("—"),
            // "DeVos"?nomination", "teachers"?unions" — a possessive apostrophe.
            Some(p) if p.is_alphanumeric() && next.is_some_and(char::is_alphanumeric) => Some("’"),
            // "dates"?(however" — a closing quote.
            Some(p) if p.is_alphanumeric() && next_is_word => Some("”"),
            _ => None,
        };
        out.push_str(before);
        match replacement {
            Some(r) => {
                if prev == Some('-') {
                    out.pop();
                }
                out.push_str(r);
                if next_is_word {
                    out.push(' ');
                }
            }
            None => out.push_str("\"?"),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_decoded_and_clean_text_untouched() {
        assert_eq!(
            repair("Japanâ€™s foreign minister said â€œnoâ€\u{FFFD} â€” again"),
            "Japan’s foreign minister said “no” — again"
        );
        assert_eq!(repair("CafÃ© in SÃ£o Paulo"), "Café in São Paulo");
        let clean = "Plain text with café, naïve and “quotes”.";
        assert!(matches!(repair(clean), Cow::Borrowed(_)));
    }

    #[test]
    fn lost_punctuation_markers_are_mended_by_context() {
        assert_eq!(
            repair("The Senate voted on DeVos\"?highly contentious nomination."),
            "The Senate voted on DeVos’ highly contentious nomination."
        );
        assert_eq!(
            repair("\"It is a worse choice,\"?Sen. Warren said."),
            "\"It is a worse choice,” Sen. Warren said."
        );
        assert_eq!(
            repair("Russia \"?Defense Ministry"),
            "Russia — Defense Ministry"
        );
        assert_eq!(
            repair("would encourage-\"?or at least"),
            "would encourage— or at least"
        );
        // A real question mark after a quotation stays.
        assert_eq!(repair("Did he say \"yes\"?"), "Did he say \"yes\"?");
    }

    #[test]
    fn control_characters_and_windows_line_ends_go() {
        assert_eq!(repair("a\r\nb\u{0}c\u{7}"), "a\nbc");
        assert_eq!(decode_cp1252(b"caf\xe9 \x93q\x94"), "café “q”");
    }
}
