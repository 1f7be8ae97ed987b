//! Finding a word or phrase as whole words: "four" is not in "fourteen", "part of" is not in
//! "counterpart of". Shared by the layers above (the engine's attribution, the quiz's text).

/// Whether `hay` contains `word` as a whole word or phrase (compared as written: lower-case
/// both for a match in any case).
pub fn contains_word(hay: &str, word: &str) -> bool {
    find_word(hay, word, 0).is_some()
}

/// The first whole-word occurrence of `word` in `hay` at or after byte `from`.
fn find_word(hay: &str, word: &str, from: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let mut at = from;
    while let Some(i) = hay.get(at..)?.find(word) {
        let s = at + i;
        let e = s + word.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(s);
        }
        at = s + hay[s..].chars().next().map_or(1, char::len_utf8);
    }
    None
}
