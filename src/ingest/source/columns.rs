//! Which column (CSV) or key (JSON Lines) holds each field: named by flag or configuration, or
//! found among the names collections in the wild give it.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Error, InputProblem, Result};

/// Which column (CSV) or key (JSON Lines) holds each field. `None`: detect from the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// The article's id.
    pub id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// Publisher (derived from the link's host when there is no such column).
    pub outlet: Option<String>,
    /// The text (required).
    pub text: Option<String>,
}

/// Names each field goes by in collections seen in the wild, most specific first.
const FIELD_NAMES: [(&str, &[&str]); 6] = [
    (
        "id",
        &[
            "id",
            "article_id",
            "doc_id",
            "document_id",
            "guid",
            "uid",
            "key",
        ],
    ),
    ("title", &["title", "headline", "heading", "name"]),
    (
        "date",
        &[
            "date",
            "publish_date",
            "published",
            "published_at",
            "publication_date",
            "pub_date",
            "pubdate",
            "datetime",
            "timestamp",
            "created_at",
        ],
    ),
    (
        "url",
        &[
            "url",
            "link",
            "article_source_link",
            "source_link",
            "source_url",
            "article_url",
            "href",
        ],
    ),
    (
        "outlet",
        &[
            "outlet",
            "publisher",
            "publication",
            "source",
            "source_name",
            "site",
            "site_name",
            "newspaper",
            "media",
        ],
    ),
    (
        "text",
        &[
            "text",
            "body",
            "content",
            "article",
            "article_text",
            "full_text",
            "fulltext",
            "story",
            "maintext",
        ],
    ),
];

/// Field → position in a record, resolved once per file.
#[derive(Debug, Clone, Default)]
pub(super) struct Resolved {
    pub(super) id: Option<usize>,
    pub(super) title: Option<usize>,
    pub(super) date: Option<usize>,
    pub(super) url: Option<usize>,
    pub(super) outlet: Option<usize>,
    pub(super) text: usize,
}

fn fold(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace([' ', '-', '.'], "_")
}

impl Columns {
    fn chosen(&self, field: &str) -> Option<&str> {
        match field {
            "id" => self.id.as_deref(),
            "title" => self.title.as_deref(),
            "date" => self.date.as_deref(),
            "url" => self.url.as_deref(),
            "outlet" => self.outlet.as_deref(),
            _ => self.text.as_deref(),
        }
        .filter(|c| !c.trim().is_empty())
    }

    /// Maps the header's names to fields: a column named by flag or configuration must exist;
    /// otherwise the first header name among the field's usual names is taken.
    pub(super) fn resolve(&self, header: &[String], file: &str) -> Result<Resolved> {
        let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
        let mut found: HashMap<&str, Option<usize>> = HashMap::new();
        for (field, names) in FIELD_NAMES {
            let pos =
                match self.chosen(field) {
                    Some(c) => {
                        Some(folded.iter().position(|h| *h == fold(c)).ok_or_else(|| {
                            Error::Input {
                                path: PathBuf::from(file),
                                problem: InputProblem::NoColumn {
                                    column: c.to_string(),
                                    field,
                                    columns: header.to_vec(),
                                },
                            }
                        })?)
                    }
                    None => names
                        .iter()
                        .find_map(|n| folded.iter().position(|h| h == n)),
                };
            found.insert(field, pos);
        }
        let text = found["text"].ok_or_else(|| Error::Input {
            path: PathBuf::from(file),
            problem: InputProblem::NoTextColumn {
                columns: header.to_vec(),
            },
        })?;
        Ok(Resolved {
            id: found["id"],
            title: found["title"],
            date: found["date"],
            url: found["url"],
            outlet: found["outlet"],
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_detected_from_usual_names_and_chosen_ones_must_exist() {
        let header: Vec<String> = [
            "article_id",
            "publish_date",
            "article_source_link",
            "title",
            "subtitle",
            "text",
        ]
        .map(String::from)
        .to_vec();
        let r = Columns::default().resolve(&header, "x.csv").unwrap();
        assert_eq!(
            (r.id, r.date, r.url, r.title, r.outlet, r.text),
            (Some(0), Some(1), Some(2), Some(3), None, 5)
        );
        let chosen = Columns {
            text: Some("subtitle".into()),
            ..Columns::default()
        };
        assert_eq!(chosen.resolve(&header, "x.csv").unwrap().text, 4);
        let missing = Columns {
            outlet: Some("paper".into()),
            ..Columns::default()
        };
        let err = missing.resolve(&header, "x.csv").unwrap_err().to_string();
        assert!(
            err.contains("\"paper\"") && err.contains("article_source_link"),
            "{err}"
        );
        let none = Columns::default()
            .resolve(&["a".to_string(), "b".to_string()], "x.csv")
            .unwrap_err()
            .to_string();
        assert!(none.contains("--text-column"), "{none}");
    }
}
