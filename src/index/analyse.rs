//! Words as the index sees them: any text through the passages' analyser (lower-cased,
//! stemmed), with where each word stands, and how rare a word is among the passages.

use std::ops::Range;

use tantivy::Term;

use super::{tokens, PassageIndex};

impl PassageIndex {
    /// How rare an analysed word is among the passages, as BM25's inverse document frequency:
    /// near 0 for a word in most passages, higher the fewer hold it. For weighing a question's
    /// words against each other when choosing the sentence that answers it.
    pub fn rarity(&self, token: &str) -> f32 {
        let snapshot = self.snapshot();
        let searcher = &snapshot.searcher;
        let n = searcher.num_docs() as f32;
        let df = searcher
            .doc_freq(&Term::from_field_text(self.shared.fields.text, token))
            .unwrap_or(0) as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The words of `text` as the index sees them (lower-cased, stemmed), for highlighting.
    pub fn analyse(&self, text: &str) -> Vec<String> {
        let mut analyzer = match self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        {
            Ok(a) => a,
            Err(_) => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    /// The words of `text` whose analysed token is one of `tokens`: each token with its byte
    /// range. The same as [`PassageIndex::analyse_with_offsets`] filtered to `tokens`, only
    /// cheaper (see [`tokens::find`]).
    pub fn find_tokens(
        &self,
        text: &str,
        tokens: &std::collections::HashSet<String>,
    ) -> Vec<(String, Range<usize>)> {
        match self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        {
            Ok(mut analyzer) => tokens::find(&mut analyzer, text, tokens),
            Err(_) => Vec::new(),
        }
    }

    /// Analysed tokens of `text` with their byte ranges, for matching query words in a passage.
    pub fn analyse_with_offsets(&self, text: &str) -> Vec<(String, Range<usize>)> {
        let Ok(mut analyzer) = self
            .shared
            .index
            .tokenizer_for_field(self.shared.fields.text)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from..t.offset_to));
        }
        out
    }
}
