//! Characters that change how text shows without being any of its words: control characters
//! (which can drive a terminal or break a line a reader sees as one) and the bidirectional
//! formatting characters (which reorder what follows, so "gnp.exe" can read as "exe.png").
//! Text from outside (articles, pages, what users type) loses them wherever it is kept or
//! echoed: on ingest ([`crate::ingest::prepare`]) and in every reply that shows it
//! (`discord::render::escape`, the command line's output).

/// Whether `c` is hidden formatting: a control character other than tab and line breaks, or a
/// bidirectional mark, embedding, override or isolate (Unicode's `Bidi_Control` property).
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// Unicode's `Bidi_Control` characters: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every hidden character replaced by `replacement`; borrowed when there is none.
pub fn strip_hidden<'a>(s: &'a str, replacement: &str) -> std::borrow::Cow<'a, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hidden(c) {
            out.push_str(replacement);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_go_words_and_scripts_stay() {
        assert_eq!(strip_hidden("a\u{1b}[2Jb\u{7}", ""), "a[2Jb");
        assert_eq!(strip_hidden("x\u{202E}gnp.exe\u{202C}", ""), "xgnp.exe");
        assert_eq!(strip_hidden("\u{2067}ab\u{2069}\u{200F}", ""), "ab");
        let kept = "Курилы 北方領土 \u{5D0}\u{5D1} tab\there\nline";
        assert!(matches!(
            strip_hidden(kept, ""),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
