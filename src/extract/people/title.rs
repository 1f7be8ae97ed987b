//! The country a title written right before a full name names ("US Defense Secretary James
//! Mattis", "Iran's Supreme Leader Ali Khamenei", "Swedish Fisheries Minister Karin Ek"): what a
//! person speaks for when no article states a side and their role's words, cut at the first
//! word the role grammar does not know ("Fisheries", "Supreme"), name no country.

use super::super::countries::{self, CountryId};

/// Most capitalised words read back from a name: a country, up to two modifiers and the head
/// ("Russian Deputy Foreign Minister"); further back the words belong to something else.
const TITLE_WORDS: usize = 4;

/// The country named in the title that ends right where a name starts (`before` is the text of
/// its sentence up to the name): the run of at most [`TITLE_WORDS`] capitalised words before the
/// name, nearest first, when the nearest names a kind of person ("Minister", "Leader", "Coach")
/// and one of them is a country's word or possessive ("Iran's", "Turkish", "U.S."). A country
/// before a name with no such word between ("Japan's Coast Guard", a list of names) is no title.
pub fn title_country(before: &str) -> Option<CountryId> {
    // A name written right after a word (no space) is not after a title.
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    let title: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(TITLE_WORDS)
        .take_while(|w| w.starts_with(char::is_uppercase) && !ends_a_phrase(w))
        .collect();
    let head = title.first()?.trim_end_matches('.').to_lowercase();
    if !crate::noun_kinds::names_a_person(&head) {
        return None;
    }
    title.iter().find_map(|w| {
        let bare = w.trim_end_matches("'s").trim_end_matches("’s");
        countries::of_word(bare)
    })
}

/// Whether a word's punctuation ends the phrase it is in: a comma, colon or semicolon, or a
/// full stop that is not an abbreviation's ("U.S." continues a title, "talks." does not).
fn ends_a_phrase(word: &str) -> bool {
    word.ends_with([',', ':', ';'])
        || (word.ends_with('.') && !word.trim_end_matches('.').contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(sentence: &str, name: &str) -> Option<&'static str> {
        let at = sentence.find(name).expect("name in sentence");
        title_country(&sentence[..at]).map(CountryId::name)
    }

    #[test]
    fn a_country_word_or_possessive_in_a_title_names_the_country() {
        let s = "Talks opened as Chilean Fisheries Minister Rosa Ibarra arrived.";
        assert_eq!(country(s, "Rosa Ibarra"), Some("Chile"));
        let s = "Peru's Supreme Commander Julio Vargas said nothing.";
        assert_eq!(country(s, "Julio Vargas"), Some("Peru"));
        let s = "The U.S. Ambassador Mark Ellis attended.";
        assert_eq!(country(s, "Mark Ellis"), Some("United States"));
    }

    #[test]
    fn no_title_no_country() {
        // No word naming a kind of person ends the run: an organisation, a list of names.
        let s = "Peru's Fisheries Agency Julio Vargas";
        assert_eq!(country(s, "Julio Vargas"), None);
        let s = "Officials from Peru, Julio Vargas among them, came.";
        assert_eq!(country(s, "Julio Vargas"), None);
        // A lower-case word breaks the run before the country.
        let s = "Chilean officials and Minister Rosa Ibarra met.";
        assert_eq!(country(s, "Rosa Ibarra"), None);
        // A full stop ends a phrase; the name opens the next one.
        let s = "He returned to Chile. Minister Rosa Ibarra";
        assert_eq!(country(s, "Rosa Ibarra"), None);
        // Too far back to be part of the title.
        let s = "Peruvian Navy Reserve Fleet Fishing Inspector Julio Vargas";
        assert_eq!(country(s, "Julio Vargas"), None);
        assert_eq!(title_country("Chilean Minister"), None);
    }
}
