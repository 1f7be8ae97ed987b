//! The index schema: which fields exist and how each is analysed.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
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
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build();
    index.tokenizers().register(ANALYZER, analyzer);
}
