//! What is never a person's name, from data: [`NotNames`] cuts the gazetteer's places, countries
//! and the outlets' words from a name's ends. `fit.rs` judges a name by where it stands and how
//! its batch writes its words; `word_class.rs` holds the words never in a name.

use std::collections::HashSet;

use super::vocabulary::is_stop_word;
use super::{words, NameFound, Word};

/// Names that are not people's, from data rather than a word list: every name in the gazetteer
/// (a place a user adds is never a person), every country's words, and the words of the outlets
/// the articles come from ("Korea Herald").
pub struct NotNames<'a> {
    gazetteer: &'a crate::extract::Gazetteer,
    outlet_words: HashSet<String>,
}

impl<'a> NotNames<'a> {
    /// The filter for a batch of articles from these outlets.
    pub fn new<'o>(
        gazetteer: &'a crate::extract::Gazetteer,
        outlets: impl IntoIterator<Item = &'o str>,
    ) -> Self {
        let outlet_words = outlets
            .into_iter()
            .flat_map(|o| words(o).into_iter().map(|w| w.lower()).collect::<Vec<_>>())
            .filter(|w| w.len() > 1 && !matches!(w.as_str(), "the" | "of" | "and" | "via" | "news"))
            .collect();
        NotNames {
            gazetteer,
            outlet_words,
        }
    }

    pub(super) fn is_not_name(&self, word: &str) -> bool {
        self.outlet_words.contains(&word.to_lowercase())
            || crate::extract::countries::of_word(word).is_some()
    }

    /// The name with place, country and outlet words cut from its ends ("San Francisco", "Korea
    /// Herald", "Black Sea" are not people; "Tokyo Governor …" starts no name), and, without a
    /// title, stop words from its end, or `None` when fewer than two words are left.
    pub fn trim(&self, n: NameFound) -> Option<NameFound> {
        self.trim_keeping(n, None)
    }

    /// [`NotNames::trim`], leaving a last stop word that `fit` found to be the article's
    /// surname (`surname`, in lower case: "young"); any other is cut ("Gullmark Many Japanese":
    /// the surname written alone is "Japanese", cut as a country's word, and "Many" goes too).
    pub(super) fn trim_keeping(
        &self,
        mut n: NameFound,
        surname: Option<&str>,
    ) -> Option<NameFound> {
        let places: Vec<(usize, usize)> = self
            .gazetteer
            .find(&n.name)
            .into_iter()
            .map(|m| (m.start, m.end))
            .collect();
        let in_place = |s: usize, e: usize| places.iter().any(|&(ps, pe)| s < pe && ps < e);
        let ws = words(&n.name);
        let keep = |w: &Word| !in_place(w.start, w.end) && !self.is_not_name(w.bare());
        let first = ws.iter().position(keep)?;
        let mut last = ws.iter().rposition(keep)?;
        // No one's surname is a function word: an untitled name ending in one ran into the words
        // after it ("… in Vadstena According to …", "FiveThirtyEight Many Americans").
        while last > first
            && !n.titled
            && is_stop_word(&ws[last].lower())
            && surname != Some(ws[last].lower().as_str())
        {
            last -= 1;
        }
        if last <= first {
            return None;
        }
        if first > 0 || last + 1 < ws.len() {
            let (s, e) = (ws[first].start, ws[last].start + ws[last].bare().len());
            n.name = n.name[s..e].to_string();
            n.end = n.start + e;
            n.start += s;
        }
        Some(n)
    }
}
