//! The metadata file beside the articles (`metadata.toml`): title, outlet and date of each file.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::partial_date::PartialDate;
use crate::error::{Error, InputProblem, Result, TomlSyntax};

/// File name of the metadata file inside an article folder.
pub const METADATA_FILE: &str = "metadata.toml";

/// What the metadata file says about one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleMeta {
    /// The article's file name.
    pub file: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub outlet: String,
    /// Publication date, as precisely as it is known.
    pub date: Option<PartialDate>,
    /// `printed` or `inferred`.
    pub date_basis: String,
    /// How an inferred date was worked out.
    pub date_note: Option<String>,
    /// Link to the original.
    pub url: Option<String>,
    /// The server whose reading list it is on; `None` for the shared collection.
    pub server: Option<super::ServerId>,
}

impl ArticleMeta {
    /// What is known of an article no metadata file describes: its file and a title, nothing of
    /// its outlet, date, link or owner.
    pub fn unknown(file: &str, title: &str) -> ArticleMeta {
        ArticleMeta {
            file: file.to_string(),
            title: title.to_string(),
            outlet: String::new(),
            date: None,
            date_basis: "unknown".into(),
            date_note: None,
            url: None,
            server: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetadataFile {
    #[serde(default)]
    article: Vec<RawMeta>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    file: String,
    title: String,
    #[serde(default)]
    outlet: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    date_basis: Option<String>,
    #[serde(default)]
    date_note: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Largest metadata file read.
const MAX_METADATA_BYTES: u64 = 64 << 20;

/// Reads `metadata.toml` from `dir`; a folder without one yields no entries.
pub fn load(dir: &Path) -> Result<HashMap<String, ArticleMeta>> {
    let path = dir.join(METADATA_FILE);
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(Error::io("reading", path, e)),
    };
    // Read through a cap, so a metadata file that is a link to a device or a huge file is
    // refused instead of read forever.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_METADATA_BYTES + 1),
        &mut bytes,
    )
    .map_err(|e| Error::io("reading", &path, e))?;
    if bytes.len() as u64 > MAX_METADATA_BYTES {
        return Err(Error::Input {
            path,
            problem: InputProblem::MetadataTooLarge {
                mb: MAX_METADATA_BYTES >> 20,
            },
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| Error::Input {
        path: path.clone(),
        problem: InputProblem::MetadataNotUtf8 {
            valid_up_to: e.utf8_error().valid_up_to(),
        },
    })?;
    parse(&text).map_err(|problem| Error::Input { path, problem })
}

/// Parses the text of a metadata file.
pub fn parse(text: &str) -> std::result::Result<HashMap<String, ArticleMeta>, InputProblem> {
    let raw: MetadataFile = toml::from_str(text)
        .map_err(|e| InputProblem::MetadataSyntax(TomlSyntax::new(text, &e)))?;
    let mut out = HashMap::new();
    for r in raw.article {
        let date = match r.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(
                PartialDate::parse(d).ok_or_else(|| InputProblem::MetadataDate {
                    file: r.file.clone(),
                    date: d.to_string(),
                })?,
            ),
        };
        let date_basis = r.date_basis.unwrap_or_else(|| "printed".into());
        if !matches!(date_basis.as_str(), "printed" | "inferred") {
            return Err(InputProblem::MetadataDateBasis {
                file: r.file,
                basis: date_basis,
            });
        }
        let meta = ArticleMeta {
            file: r.file.clone(),
            title: r.title.trim().to_string(),
            outlet: r.outlet.trim().to_string(),
            date,
            date_basis,
            date_note: r.date_note,
            url: r.url.filter(|u| !u.trim().is_empty()),
            server: None,
        };
        if out.insert(r.file.clone(), meta).is_some() {
            return Err(InputProblem::MetadataTwice { file: r.file });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates_and_rejects_bad_ones_by_file() {
        let m = parse("[[article]]\nfile = \"a.txt\"\ntitle = \"T\"\ndate = \"1998\"\ndate_basis = \"inferred\"\n")
            .unwrap();
        assert_eq!(m["a.txt"].date, Some(PartialDate::year(1998)));
        let err = parse("[[article]]\nfile = \"b.txt\"\ntitle = \"T\"\ndate = \"May 1998\"\n")
            .unwrap_err();
        assert!(err.to_string().contains("b.txt"), "{err}");
    }
}
