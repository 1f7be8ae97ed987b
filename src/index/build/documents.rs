//! An article as tantivy documents: one per paragraph, with every field a search filters or
//! orders on, and the passage itself stored.

use tantivy::TantivyDocument;

use super::{Appender, NewArticle};
use crate::error::{IndexProblem, Result};
use crate::extract::Gazetteer;
use crate::index::errors::index_err;
use crate::index::schema;
use crate::index::stored::encode_passage;
use crate::index::StoredPassage;

impl Appender {
    pub(super) fn documents(
        &self,
        a: &NewArticle,
        ordinal: usize,
        gazetteer: &Gazetteer,
    ) -> Result<Vec<TantivyDocument>> {
        let f = &self.fields;
        let mut info = a.info.clone();
        info.paragraphs = a.paragraphs.len();
        let mut out = Vec::with_capacity(a.paragraphs.len());
        let roles_stated = self.roles_stated.get(&info.id);
        for (i, para) in a.paragraphs.iter().enumerate() {
            let mentions = a.mentions.get(i).cloned().unwrap_or_default();
            let mut doc = TantivyDocument::default();
            doc.add_text(f.text, &para.text);
            doc.add_text(f.title, &info.title);
            for m in &mentions.people {
                if let Some(forms) = self.forms.get(&m.person) {
                    doc.add_text(f.names, forms);
                }
                doc.add_text(f.people, &m.person);
            }
            for m in &mentions.places {
                if let Some(place) = gazetteer.get(&m.place) {
                    doc.add_text(f.names, place.all_names().join(" "));
                }
                doc.add_text(f.places, &m.place);
            }
            let mut date_values: Vec<u64> = Vec::with_capacity(mentions.dates.len());
            for d in &mentions.dates {
                doc.add_i64(f.year, d.value.year as i64);
                // Only an event's date is on the timeline; a vague one still finds its year.
                if schema::dates_an_event(d) {
                    date_values.push(schema::date_value(info.on_topic, d.value));
                }
            }
            date_values.sort_unstable();
            date_values.dedup();
            for value in date_values {
                doc.add_u64(f.dates, value);
            }
            for (_, person) in roles_stated
                .into_iter()
                .flatten()
                .filter(|(at, _)| *at == para.number)
            {
                doc.add_text(f.roles, person);
            }
            doc.add_text(f.article_id, &info.id);
            if let Some(server) = info.server {
                doc.add_text(f.server, schema::OWNED);
                doc.add_text(f.server, schema::server_term(server));
            }
            doc.add_u64(f.ordinal, ordinal as u64);
            if i == 0 {
                doc.add_text(f.lead, schema::LEAD);
            }
            if info.on_topic {
                doc.add_text(f.topic, schema::ON_TOPIC);
            }
            doc.add_u64(f.rank, schema::rank(info.on_topic, ordinal, para.number));
            let stored = StoredPassage {
                article: ordinal,
                paragraph: para.number,
                text: para.text.clone(),
                sentences: para.sentences.clone(),
                mentions,
                source: info.clone(),
            };
            let bytes = encode_passage(&stored)
                .map_err(|e| index_err(&self.dir, IndexProblem::Encode(e.to_string())))?;
            doc.add_bytes(f.data, &bytes);
            out.push(doc);
        }
        Ok(out)
    }
}
