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

use crate::corpus::PartialDate;

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
    /// The stored passage, encoded with [`encode_passage`](super::stored::encode_passage).
    pub data: Field,
    /// The article's id (source.id in citations): an exact term, so an article's passages can be
    /// found (or deleted) by id.
    pub article_id: Field,
    /// The article's position in the collection: indexed and fast, to list articles in order.
    pub ordinal: Field,
    /// [`LEAD`] on an article's first passage only, so articles can be counted and listed.
    pub lead: Field,
    /// [`ON_TOPIC`] on every passage of an article about the dispute.
    pub topic: Field,
    /// Fast: see [`rank`]; passages about the dispute first, then collection order.
    pub rank: Field,
    /// Ids of the people whose role this passage states ("Deputy Foreign Minister Grigory
    /// Karasin"): exact terms, so `/who` can put those passages first without reading others.
    pub roles: Field,
    /// Fast, one value per distinct date mentioned: [`date_value`]s, so dated passages can be
    /// ordered by date without reading them.
    pub dates: Field,
    /// Whose the article is: nothing for the shared collection; [`OWNED`] and the server's id
    /// in decimal for a server's addition. Exact terms, so what other servers added can be left
    /// out of an answer by excluding a few postings, never by intersecting with all of them.
    pub server: Field,
}

/// The term the `server` field holds on every passage a server added.
pub const OWNED: &str = "owned";

/// The `server` field's term for the passages `server` added.
pub fn server_term(server: crate::corpus::ServerId) -> String {
    server.0.to_string()
}

/// The term the `topic` field holds on passages of articles about the dispute.
pub const ON_TOPIC: &str = "on";

/// What [`rank`] adds for a passage of an article off the topic.
pub const OFF_TOPIC_RANK: u64 = 1 << 62;

/// A passage's place in citing order when nothing else ranks it: articles about the dispute
/// first, then by article, then by paragraph. One number, so tantivy can sort by it alone.
pub fn rank(on_topic: bool, ordinal: usize, paragraph: usize) -> u64 {
    let off = if on_topic { 0 } else { OFF_TOPIC_RANK };
    off | ((ordinal as u64) << 16) | (paragraph.min(0xFFFF) as u64)
}

/// Whether a [`rank`] belongs to a passage off the topic.
pub fn rank_is_off_topic(rank: u64) -> bool {
    rank & OFF_TOPIC_RANK != 0
}

/// A date as one number that sorts like the timeline does: by year, then within a year (or a
/// month) precise dates before vague ones.
pub fn date_key(d: PartialDate) -> u64 {
    let year = (d.year as i64 + (1 << 31)) as u64;
    let month = match d.month {
        Some(m) => u64::from(m),
        None => 1 << 4,
    };
    let day = match d.day {
        Some(x) => u64::from(x),
        None => 1 << 5,
    };
    (year << 16) | (month << 6) | day
}

/// What the `dates` column holds for a date of a passage: its [`date_key`], with the top bit
/// set when the article is off the topic, so one column read gives both things dated passages
/// are ordered by.
pub fn date_value(on_topic: bool, d: PartialDate) -> u64 {
    let off = if on_topic { 0 } else { 1 << 63 };
    off | date_key(d)
}

/// Whether a date the text mentions dates an event, so that it is on the timeline (and in the
/// `dates` column `/when` and `/timeline` read). A date written out always does. A relative one
/// does only when it was resolved as precisely as its words say, and when its words name a time
/// apart from the report's own: "Thursday" in an article known only to its year is somewhere in
/// that year, and "today", "this year" or "later this month" say when the words were written (or
/// a while around it), not when something happened. "last year", "in April", "on Monday"
/// resolved to its day are events.
pub fn dates_an_event(m: &crate::extract::DateMention) -> bool {
    if !m.relative {
        return true;
    }
    let words: Vec<String> = m
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    // The report's present: the day it was written, or the span it is written in.
    if has("today") || (has("this") && (has("year") || has("month"))) {
        return false;
    }
    // A weekday, "yesterday" or "tomorrow" names a day: resolved to less, it is no event.
    let names_a_day = words.iter().any(|w| {
        w == "yesterday"
            || w == "tomorrow"
            || (w.len() >= 6 && w.parse::<chrono::Weekday>().is_ok())
    });
    !(names_a_day && m.value.day.is_none())
}

/// A [`date_value`] taken apart: (off the topic, date key).
pub fn split_date_value(value: u64) -> (bool, u64) {
    (value >> 63 == 1, value & !(1 << 63))
}

/// The date a [`date_key`] was made from.
pub fn date_from_key(key: u64) -> PartialDate {
    let year = ((key >> 16) as i64 - (1 << 31)) as i32;
    let month = ((key >> 6) & 0x1F) as u32;
    let day = (key & 0x3F) as u32;
    PartialDate {
        year,
        month: (month < 1 << 4).then_some(month),
        day: (day < 1 << 5).then_some(day),
    }
}

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
        data: b.add_bytes_field("data", STORED),
        article_id: b.add_text_field("article_id", STRING),
        ordinal: b.add_u64_field(
            "ordinal",
            NumericOptions::default().set_indexed().set_fast(),
        ),
        lead: b.add_text_field("lead", STRING),
        topic: b.add_text_field("topic", STRING),
        rank: b.add_u64_field("rank", NumericOptions::default().set_fast()),
        roles: b.add_text_field("roles", STRING),
        dates: b.add_u64_field("dates", NumericOptions::default().set_fast()),
        server: b.add_text_field("server", STRING),
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
            roles: get("roles")?,
            dates: get("dates")?,
            server: get("server")?,
        })
    }
}

/// Registers [`ANALYZER`] with an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(ANALYZER, query_analyzer());
}

/// The [`ANALYZER`] pipeline as queries use it.
pub fn query_analyzer() -> TextAnalyzer {
    analyzer(Stemmer::new(Language::English))
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

    #[test]
    fn vague_relative_dates_are_no_events() {
        use crate::extract::DateMention;
        let m = |text: &str, relative: bool, value: PartialDate| DateMention {
            text: text.into(),
            start: 0,
            end: text.len(),
            value,
            relative,
        };
        let year = PartialDate::year(1987);
        let day = PartialDate::day(2021, 5, 3).unwrap();
        let month = PartialDate::month(2021, 4);
        // Written out, or resolved as precisely as the words say: events.
        assert!(dates_an_event(&m("1987", false, year)));
        assert!(dates_an_event(&m("on Monday", true, day)));
        assert!(dates_an_event(&m("Thursday's", true, day)));
        assert!(dates_an_event(&m("yesterday", true, day)));
        assert!(dates_an_event(&m("last year", true, year)));
        assert!(dates_an_event(&m("in April", true, month)));
        assert!(dates_an_event(&m("this November", true, month)));
        // A day word resolved only to a year or month, or the report's own present: none.
        assert!(!dates_an_event(&m("Thursday", true, year)));
        assert!(!dates_an_event(&m("on Thursday", true, month)));
        assert!(!dates_an_event(&m("Today", true, day)));
        assert!(!dates_an_event(&m("later this year", true, year)));
        assert!(!dates_an_event(&m("earlier this month", true, month)));
        assert!(!dates_an_event(&m("this year's", true, year)));
    }

    #[test]
    fn date_keys_round_trip_and_sort_like_the_timeline() {
        let dates = [
            PartialDate::year(-50),
            PartialDate::day(1945, 8, 9).unwrap(),
            PartialDate::month(1945, 8),
            PartialDate::year(1945),
            PartialDate::day(1956, 10, 19).unwrap(),
            PartialDate::month(1956, 12),
            PartialDate::year(1956),
            PartialDate::day(2016, 12, 15).unwrap(),
        ];
        for d in dates {
            assert_eq!(date_from_key(date_key(d)), d);
            for on_topic in [true, false] {
                assert_eq!(
                    split_date_value(date_value(on_topic, d)),
                    (!on_topic, date_key(d))
                );
            }
        }
        let keys: Vec<u64> = dates.iter().map(|d| date_key(*d)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn ranks_put_the_topic_first_then_articles_then_paragraphs() {
        let order = [
            rank(true, 0, 1),
            rank(true, 0, 2),
            rank(true, 7, 1),
            rank(false, 1, 1),
            rank(false, 1, 9),
            rank(false, 300_000, 1),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert!(!rank_is_off_topic(order[2]));
        assert!(rank_is_off_topic(order[3]));
    }

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
