//! The index schema: which fields exist and how each is analysed.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::Index;

use crate::corpus::PartialDate;

/// Our analyser for English prose: split on non-alphanumerics, lower-case, English stemming.
pub const ANALYZER: &str = "treatybot_en";

/// Handles to every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Paragraph text, stemmed, with positions.
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
    /// The stored passage, encoded with [`encode_passage`].
    pub data: Field,
    /// The article's id (source.id in citations): an exact term, to find an article by id.
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
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
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
        })
    }
}

/// Registers [`ANALYZER`] with an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// The [`ANALYZER`] pipeline itself.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
