//! The gazetteer: places, both sides' names for them, and finding them in text.

use std::path::Path;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{DataProblem, Error, Result, TomlSyntax};

/// The gazetteer compiled into the binary, used when the configured file is missing.
pub const DEFAULT_PLACES: &str = include_str!("../../config/places.toml");

/// One place and its names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// How treatybot shows the place.
    pub name: String,
    /// The Russian side's name, when the sides differ.
    #[serde(default)]
    pub russian: Option<String>,
    /// The Japanese side's name, when the sides differ.
    #[serde(default)]
    pub japanese: Option<String>,
    /// Every other name it goes by.
    #[serde(default)]
    pub names: Vec<String>,
    /// The larger place it belongs to.
    #[serde(default)]
    pub part_of: Option<String>,
    /// One neutral line saying where it is.
    #[serde(default)]
    pub about: String,
    /// What kind of place it is; when a file leaves it out, read from `about` (see
    /// [`Place::kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceKind>,
}

/// What kind of place a place is, so a quiz offers an island for an island and a city for a
/// city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// An island or a group of islands.
    Island,
    /// A city, town, port or village.
    City,
    /// A country or state, present or past.
    Country,
    /// A sea or an ocean.
    Sea,
    /// A region of a country or continent, or a mountain range.
    Region,
    /// A river or lake.
    River,
}

impl PlaceKind {
    /// Words of a description that say each kind, in the order they are tried.
    const WORDS: [(PlaceKind, &'static [&'static str]); 6] = [
        (PlaceKind::Island, &["island", "islet", "archipelago"]),
        (
            PlaceKind::City,
            &["city", "capital", "town", "port", "village"],
        ),
        (PlaceKind::Sea, &["sea ", "sea,", "ocean", "strait"]),
        (PlaceKind::River, &["river", "lake"]),
        (
            PlaceKind::Region,
            &["region", "province", "prefecture", "range", "peninsula"],
        ),
        (
            PlaceKind::Country,
            &["country", "state", "kingdom", "republic", "nation"],
        ),
    ];

    /// The kind a description names first ("The Soviet state …, which took the islands" is a
    /// state, not an island), if any.
    pub fn from_description(about: &str) -> Option<PlaceKind> {
        let about = about.to_lowercase();
        PlaceKind::WORDS
            .iter()
            .filter_map(|(kind, words)| {
                words
                    .iter()
                    .filter_map(|w| about.find(w))
                    .min()
                    .map(|at| (at, *kind))
            })
            .min()
            .map(|(_, kind)| kind)
    }
}

impl Place {
    /// What kind of place it is: as the gazetteer says, else as its description says.
    pub fn kind(&self) -> Option<PlaceKind> {
        self.kind
            .or_else(|| PlaceKind::from_description(&self.about))
    }

    /// Both sides' names together, e.g. `Kunashir / Kunashiri`, or the one name they share.
    pub fn label(&self) -> String {
        match (&self.russian, &self.japanese) {
            (Some(r), Some(j)) if r != j => format!("{r} / {j}"),
            (None, Some(j)) if *j != self.name => format!("{} / {j}", self.name),
            _ => self.name.clone(),
        }
    }

    /// Every name: the display name, each side's name and the other names, without repeats.
    pub fn all_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let candidates = std::iter::once(self.name.as_str())
            .chain(self.russian.as_deref())
            .chain(self.japanese.as_deref())
            .chain(self.names.iter().map(String::as_str));
        for n in candidates {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(n)) {
                out.push(n);
            }
        }
        out
    }
}

/// A place named in a passage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PlaceMention {
    /// The place's display name (its key in the gazetteer).
    pub place: String,
    /// Byte range in the paragraph.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// All known places, with a matcher for their names.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    matcher: Regex,
    /// For each alternative in `matcher`, the place it names (same order as the capture).
    names: Vec<(String, usize)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    place: Vec<Place>,
}

impl Gazetteer {
    /// Reads the gazetteer from `path`, or the built-in one when the file does not exist.
    pub fn load(path: &Path) -> Result<Gazetteer> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => DEFAULT_PLACES.to_string(),
            Err(e) => return Err(Error::io("reading the gazetteer", path, e)),
        };
        Gazetteer::parse(&text).map_err(|problem| Error::Data {
            path: path.to_path_buf(),
            problem,
        })
    }

    /// The built-in gazetteer.
    pub fn builtin() -> Gazetteer {
        Gazetteer::parse(DEFAULT_PLACES).expect("built-in gazetteer parses")
    }

    /// Parses gazetteer text (TOML with `[[place]]` tables).
    pub fn parse(text: &str) -> std::result::Result<Gazetteer, DataProblem> {
        let file: PlacesFile =
            toml::from_str(text).map_err(|e| DataProblem::Syntax(TomlSyntax::new(text, &e)))?;
        Gazetteer::new(file.place)
    }

    /// Builds a gazetteer from places, checking that `part_of` names a known place.
    pub fn new(places: Vec<Place>) -> std::result::Result<Gazetteer, DataProblem> {
        for p in &places {
            if let Some(parent) = &p.part_of {
                if !places.iter().any(|q| &q.name == parent) {
                    return Err(DataProblem::UnknownParent {
                        place: p.name.clone(),
                        parent: parent.clone(),
                    });
                }
            }
        }
        let mut names: Vec<(String, usize)> = places
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.all_names().into_iter().map(move |n| (n.to_string(), i)))
            .filter(|(n, _)| !n.trim().is_empty())
            .collect();
        // Longest first, so "Kuril Islands" wins over "Kuril".
        names.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        let alternatives: Vec<String> = names.iter().map(|(n, _)| regex::escape(n)).collect();
        let pattern = format!(r"(?i)(?:^|[^\w])({})(?:$|[^\w])", alternatives.join("|"));
        let matcher = Regex::new(&pattern).map_err(|e| DataProblem::Names(e.to_string()))?;
        Ok(Gazetteer {
            places,
            matcher,
            names,
        })
    }

    /// Every place.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place with this display name.
    pub fn get(&self, name: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.name == name)
    }

    /// The place one of whose names is `query` (ignoring case and surrounding white space).
    pub fn lookup(&self, query: &str) -> Option<&Place> {
        let q = query.trim();
        self.names
            .iter()
            .find(|(n, _)| n.to_lowercase() == q.to_lowercase())
            .map(|&(_, i)| &self.places[i])
    }

    /// Places directly part of `name`.
    pub fn parts_of(&self, name: &str) -> Vec<&Place> {
        self.places
            .iter()
            .filter(|p| p.part_of.as_deref() == Some(name))
            .collect()
    }

    /// Places named in `text`, in order, never overlapping.
    pub fn find(&self, text: &str) -> Vec<PlaceMention> {
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(caps) = self.matcher.captures_at(text, at) else {
                break;
            };
            let m = caps.get(1).expect("group 1 always takes part");
            let found = m.as_str().to_lowercase();
            if let Some((_, i)) = self.names.iter().find(|(n, _)| n.to_lowercase() == found) {
                out.push(PlaceMention {
                    place: self.places[*i].name.clone(),
                    start: m.start(),
                    end: m.end(),
                });
            }
            at = m.end();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_longest_names_and_both_sides() {
        let g = Gazetteer::builtin();
        let text = "Japan disputes the Iturup, Kunashir, Shikotan and Habomai status near the Kuril Islands.";
        let found: Vec<String> = g.find(text).into_iter().map(|m| m.place).collect();
        assert_eq!(
            found,
            [
                "Japan",
                "Iturup",
                "Kunashir",
                "Shikotan",
                "Habomai",
                "Kuril Islands"
            ]
        );
        assert_eq!(
            g.lookup("kunashiri").unwrap().label(),
            "Kunashir / Kunashiri"
        );
        assert_eq!(g.lookup("国後島").unwrap().name, "Kunashir");
        assert_eq!(
            g.lookup("Northern Territories").unwrap().label(),
            "South Kurils / Northern Territories"
        );
    }

    #[test]
    fn does_not_match_inside_words() {
        let g = Gazetteer::builtin();
        assert!(g.find("Japanese and Russians").is_empty());
    }

    #[test]
    fn rejects_unknown_parent() {
        let err = Gazetteer::parse("[[place]]\nname = \"A\"\npart_of = \"B\"\n").unwrap_err();
        assert_eq!(
            err,
            DataProblem::UnknownParent {
                place: "A".into(),
                parent: "B".into()
            }
        );
    }
}
