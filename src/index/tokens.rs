//! Finding a query's analysed tokens in a passage without stemming every word of it.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

/// The words of `text` whose token under `analyzer` is one of `tokens`, each with its byte
/// range, in text order. Equal to analysing the whole text and keeping those tokens, but a word
/// is analysed only when its first letter (lower-cased) starts one of the tokens: the English
/// stemmer changes endings, never a word's first letter, and most words of a passage start
/// with another one.
pub fn find(
    analyzer: &mut TextAnalyzer,
    text: &str,
    tokens: &HashSet<String>,
) -> Vec<(String, Range<usize>)> {
    let firsts: Vec<char> = tokens.iter().filter_map(|t| t.chars().next()).collect();
    let mut out = Vec::new();
    if firsts.is_empty() {
        return out;
    }
    let mut look_up = |start: usize, end: usize, out: &mut Vec<(String, Range<usize>)>| {
        let word = &text[start..end];
        let first = word.chars().flat_map(char::to_lowercase).next();
        if !first.is_some_and(|c| firsts.contains(&c)) {
            return;
        }
        let mut stream = analyzer.token_stream(word);
        while stream.advance() {
            let t = stream.token();
            if tokens.contains(&t.text) {
                out.push((t.text.clone(), start + t.offset_from..start + t.offset_to));
            }
        }
    };
    // Words are runs of alphanumeric characters, as the analyser's tokenizer splits them.
    let mut word_start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(start)) => {
                look_up(start, at, &mut out);
                word_start = None;
            }
            _ => {}
        }
    }
    if let Some(start) = word_start {
        look_up(start, text.len(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    fn analyse_all(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, Range<usize>)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    }

    #[test]
    fn finds_the_same_tokens_as_analysing_everything() {
        let mut analyzer = schema::query_analyzer();
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut texts: Vec<String> = std::fs::read_dir(&seeds)
            .expect("seeds folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| std::fs::read_to_string(e.path()).expect("seed text"))
            .collect();
        assert_eq!(texts.len(), 5);
        // Words whose stems are irregular or whose case folding is unusual.
        texts.push(
            "Dying, lying and tying skis; idly, gently, early news. İstanbul, ÉTAT, Ñandú, \
             Курилы, 北方領土, x2016, 1956-10-19, don't, Abe's "
                .into(),
        );
        for text in &texts {
            let all = analyse_all(&mut analyzer, text);
            // Every third token of the text, plus some absent ones.
            let mut wanted: HashSet<String> =
                all.iter().step_by(3).map(|(t, _)| t.clone()).collect();
            wanted.extend(["zzz".to_string(), "peac".to_string()]);
            let expected: Vec<_> = all
                .iter()
                .filter(|(t, _)| wanted.contains(t))
                .cloned()
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(find(&mut analyzer, text, &wanted), expected);
        }
        assert!(find(&mut analyzer, "anything", &HashSet::new()).is_empty());
    }
}
