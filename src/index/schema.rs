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
    /// Years of the dates mentioned: fast, for ranges.
    pub year: Field,
    /// The stored passage as JSON.
    pub data: Field,
}

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
        year: b.add_i64_field("year", NumericOptions::default().set_indexed().set_fast()),
        data: b.add_text_field("data", STORED),
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
