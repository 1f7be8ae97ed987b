//! The index schema: which fields exist and how each is analysed.

use std::collections::HashMap;

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::Index;

/// Our analyser for English prose: split on non-alphanumerics, lower-case, English stemming.
pub const ANALYZER: &str = "treatybot_en";

/// Handles to every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Paragraph text, stemmed.
    pub text: Field,
    /// Every name of the people and places the paragraph mentions (aliases included), stemmed.
    pub names: Field,
    /// The article's headline, stemmed.
    pub title: Field,
    /// Ids of people mentioned: exact terms.
    pub people: Field,
    /// Display names of places mentioned: exact terms.
    pub places: Field,
    /// Years of the dates mentioned: indexed, for ranges.
    pub year: Field,
    /// The stored passage as JSON.
    pub data: Field,
    /// The article's id (source.id in citations): an exact term, to find an article by id.
    pub article_id: Field,
    /// The article's position in the collection: indexed and fast, to list articles in order.
    pub ordinal: Field,
    /// [`LEAD`] on an article's first passage only, so articles can be counted and listed.
    pub lead: Field,
    /// [`ON_TOPIC`] on every passage of an article about the dispute.
    pub topic: Field,
    /// Fast: ordinal, plus 2^40 when off the topic, so passages about the dispute sort first.
    pub rank: Field,
}

/// The term the `topic` field holds on passages of articles about the dispute.
pub const ON_TOPIC: &str = "on";

/// What `rank` adds to the ordinal of an article off the topic.
pub const OFF_TOPIC_RANK: u64 = 1 << 40;

/// The term the `lead` field holds on an article's first passage.
pub const LEAD: &str = "lead";

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // No positions: every query is a union of single terms (no phrases), and recording
    // positions was a good share of ingest time and index size.
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        text: b.add_text_field("text", stemmed.clone()),
        names: b.add_text_field("names", stemmed.clone()),
        title: b.add_text_field("title", stemmed),
        people: b.add_text_field("people", STRING),
        places: b.add_text_field("places", STRING),
        // Indexed, not fast: a range of years is then a few terms' postings, where a fast field
        // would be scanned through every passage.
        year: b.add_i64_field("year", NumericOptions::default().set_indexed()),
        data: b.add_text_field("data", STORED),
        article_id: b.add_text_field("article_id", STRING),
        ordinal: b.add_u64_field(
            "ordinal",
            NumericOptions::default().set_indexed().set_fast(),
        ),
        lead: b.add_text_field("lead", STRING),
        topic: b.add_text_field("topic", STRING),
        rank: b.add_u64_field("rank", NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

impl Fields {
    /// Finds the fields in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| {
            schema.get_field(name).map_err(|_| {
                format!("the index has no field \"{name}\" (built by another version)")
            })
        };
        Ok(Fields {
            text: get("text")?,
            names: get("names")?,
            title: get("title")?,
            people: get("people")?,
            places: get("places")?,
            year: get("year")?,
            data: get("data")?,
            article_id: get("article_id")?,
            ordinal: get("ordinal")?,
            lead: get("lead")?,
            topic: get("topic")?,
            rank: get("rank")?,
        })
    }
}

/// Registers [`ANALYZER`] with an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(ANALYZER, analyzer(Stemmer::new(Language::English)));
}

/// Registers [`ANALYZER`] with an index opened to write to: the same tokens, from an analyser
/// that remembers stems. Only there does that pay: a writer's analysers live as long as a
/// segment, while a query's are fresh copies that would stem every word and remember it in vain.
pub fn register_indexing_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(ANALYZER, analyzer(RememberedStems));
}

fn analyzer<F: TokenFilter>(stemmer: F) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(stemmer)
        .build()
}

/// Most words one analyser remembers the stem of: enough for the common vocabulary of news
/// prose, while the memory of the analysers (one per stemmed field and writer thread) stays small.
const MAX_REMEMBERED_STEMS: usize = 100_000;

/// English stemming (tantivy's own [`Stemmer`]) that remembers the stem of each word it has
/// stemmed. An index analyser meets the same few thousand words over and over (a headline on
/// every passage of its article, names repeated), and stemming was a tenth of ingest time.
#[derive(Clone, Copy)]
struct RememberedStems;

impl TokenFilter for RememberedStems {
    type Tokenizer<T: Tokenizer> = RememberedStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedStemsFilter<T> {
        RememberedStemsFilter {
            inner: tokenizer,
            stemmer: stemmer(),
            stems: HashMap::default(),
        }
    }
}

/// Stems one whole word at a time: the stemmer the index always used, so a remembered stem is
/// the one it would have given.
fn stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The tokenizer [`RememberedStems`] makes of the one before it.
struct RememberedStemsFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    stems: HashMap<String, String, foldhash::fast::RandomState>,
}

impl<T: Clone> Clone for RememberedStemsFilter<T> {
    /// A copy starts with nothing remembered: a copy is made for each new segment,
    /// and copying a full memory would cost more than it saves.
    fn clone(&self) -> Self {
        RememberedStemsFilter {
            inner: self.inner.clone(),
            stemmer: self.stemmer.clone(),
            stems: HashMap::default(),
        }
    }
}

impl<T: Tokenizer> Tokenizer for RememberedStemsFilter<T> {
    type TokenStream<'a> = RememberedStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RememberedStemsStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

/// The token stream of [`RememberedStemsFilter`].
struct RememberedStemsStream<'a, T> {
    tail: T,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut HashMap<String, String, foldhash::fast::RandomState>,
}

impl<T: TokenStream> TokenStream for RememberedStemsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stemmed = self.stemmer.token_stream(&token.text);
            if stemmed.advance() {
                stemmed.token().text.clone()
            } else {
                token.text.clone()
            }
        };
        let word = std::mem::replace(&mut token.text, stem);
        if self.stems.len() < MAX_REMEMBERED_STEMS {
            self.stems.insert(word, token.text.clone());
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    #[test]
    fn remembered_stems_are_the_stemmer_s() {
        let (read, write) = (
            Index::create_in_ram(build().0),
            Index::create_in_ram(build().0),
        );
        register_tokenizers(&read);
        register_indexing_tokenizers(&write);
        let mut expected = read.tokenizers().get(ANALYZER).expect("registered");
        let mut remembered = write.tokenizers().get(ANALYZER).expect("registered");
        let text = "Talks on the disputed islands: negotiators negotiated, negotiating \
                    agreements; Kunashiri's fishermen fished. Les îles Kouriles, Курильские \
                    острова, 北方領土. Talks on the disputed islands resumed.";
        for _ in 0..2 {
            // Twice: the second pass is served from memory.
            assert_eq!(tokens(&mut remembered, text), tokens(&mut expected, text));
            assert_eq!(
                tokens(&mut remembered.clone(), text),
                tokens(&mut expected, text)
            );
        }
    }
}
