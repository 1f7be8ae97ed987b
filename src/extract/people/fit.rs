//! Whether a full name found in a sentence is a person's, judged by where it stands (after
//! "the", a word of place, a sentence's opening) and by how the batch and its article write its
//! words (see [`Vocabulary`]).

use super::vocabulary::{is_stop_word, Vocabulary};
use super::{words, NameFound, NotNames};

/// Nouns that name a kind of place or structure (creeks, hills, streets, counties, castles),
/// from the feature classes gazetteers sort places into. A capitalised pair ending in one, after
/// a word that says where ("in Beaver Creek", "on Capitol Hill"), names a place, not a person.
const PLACE_FEATURES: [&str; 44] = [
    "airport",
    "avenue",
    "bay",
    "beach",
    "bridge",
    "canyon",
    "cape",
    "castle",
    "coast",
    "county",
    "creek",
    "crescent",
    "crater",
    "district",
    "falls",
    "forest",
    "gulf",
    "harbor",
    "harbour",
    "heights",
    "hill",
    "hills",
    "island",
    "islands",
    "lake",
    "lane",
    "mountain",
    "mountains",
    "ocean",
    "palace",
    "park",
    "peninsula",
    "port",
    "province",
    "river",
    "road",
    "sea",
    "springs",
    "square",
    "stadium",
    "station",
    "strait",
    "street",
    "valley",
];

/// Words that put what follows in a place: "in", "at", "on Capitol Hill", "fishermen of Sand
/// Bay".
const LOCATIVES: [&str; 13] = [
    "in", "at", "on", "near", "from", "to", "into", "outside", "across", "around", "through",
    "along", "of",
];

/// Verbs a yes-or-no question opens with ("Will …?", "Does …?").
const AUXILIARIES: [&str; 19] = [
    "will", "would", "can", "could", "should", "shall", "may", "might", "must", "does", "did",
    "do", "is", "are", "was", "were", "has", "have", "had",
];

/// Whether a sentence asks: it ends with a question mark, before any closing quotation mark.
fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\''])
        .ends_with('?')
}

/// Whether the text before a name (the sentence up to it) ends in "of" after a capitalised word
/// that names no kind of person (WordNet) and does not open the sentence: "… the Norway Chamber
/// of", not "… Secretary of" nor "Fans of".
fn ends_a_body_name(before: &str) -> bool {
    let mut words = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev();
    let (Some(of), Some(head)) = (words.next(), words.next()) else {
        return false;
    };
    // A sentence's first word is capitalised by where it stands ("Fans of Will Brandt").
    let opens_sentence = words.next().is_none();
    of == "of"
        && !opens_sentence
        && head.starts_with(char::is_uppercase)
        && !crate::noun_kinds::names_a_person(&head.to_lowercase())
}

impl NotNames<'_> {
    /// A full name found in `sentence` (which starts at byte `offset` of its paragraph), judged by
    /// where it stands and how the batch (`batch`) and its own article (`article`) write its
    /// words, then trimmed as [`NotNames::trim`] does:
    ///
    /// - a first word that opens the sentence and that the batch writes in lower case elsewhere
    ///   is not part of it ("Earlier Smith said" names Smith alone, too short to be a name);
    /// - a word that names a kind of person (WordNet: "Host", "Sir", "Sheriff") before two more
    ///   words is a title, not part of the name ("Host Maja Lindgren"); before one word it
    ///   leaves no name ("Sir Harald"), unless it is a first name: the article writes the word
    ///   after it alone, as a surname; as the last word it is no surname ("County Sheriff")
    ///   unless the article or the batch writes it alone as one;
    /// - a name right after "the" is a thing's ("the Coast Guard"); one ending in a place feature
    ///   is a place ("in Beaver Creek", "and Capitol Hill") unless a title stands before it or,
    ///   with no word of place before it, the text gives it a role ("Tomas Hill, the board's
    ///   treasurer");
    /// - a last word that is a stop word ran into the next sentence or phrase ("Vadstena
    ///   According to …", "Lindqvist Whether …"), unless the article writes it alone as a
    ///   surname ("Elin Young … Young said"); after a title, so did one that follows a surname
    ///   the batch writes alone ("President Sandberg Four were appointed");
    /// - a name opening with a stop word the batch writes in lower case ("New Brixby") or of
    ///   ordinary words only (a heading or a body in title case: "Mental Health", "Executive
    ///   Order") is no person unless the text gives it a role or the article writes its last
    ///   word alone as a surname ("Bill Marsh … said Marsh").
    pub fn fit(
        &self,
        mut n: NameFound,
        sentence: &str,
        offset: usize,
        batch: &Vocabulary,
        article: &Vocabulary,
    ) -> Option<NameFound> {
        let at = n.start.checked_sub(offset)?;
        let before = sentence.get(..at)?;
        let previous = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_lowercase();
        if previous == "the" {
            return None;
        }
        // "the Norway Chamber of Coastal Trade", "the Bank of England": capitalised words right
        // after "of" and a capitalised word that names no kind of person end a body's name.
        // After a title ("Secretary of State Rex Tillerson") they may be a person's.
        if previous == "of" && !n.titled && ends_a_body_name(before) {
            return None;
        }
        let ws = words(&n.name);
        let last = ws.last()?.bare().to_lowercase();
        // A place is written with its feature noun; a person whose surname is one ("Tomas Hill")
        // is told by a title before the name, or by a word of place not standing before it.
        if PLACE_FEATURES.contains(&last.as_str())
            && !n.titled
            && (LOCATIVES.contains(&previous.as_str()) || n.role.is_none())
        {
            return None;
        }
        let surname = article.surname(&last);
        // A long name ending in an ordinary word ran into the next sentence's opening ("Donald
        // Trump Yet"); two words are left alone ("Theresa May"). Ordinary, not merely written
        // in lower case once: among thousands of articles nearly every surname is, somewhere
        // ("Mohamed Apandi Ali").
        let mut keep = (0, ws.len());
        // No one's surname is a function word either (cut again by `trim`, after the country
        // and place words): a name that ends in one ran into the words after it, where the
        // sentence splitter saw no boundary ("… in Vadstena According to …"), unless the
        // article writes that word alone as a surname. After a title, a stop word ran on from
        // a surname the title stood before ("President Sandberg Four …"): one the batch writes
        // alone.
        let stop_last = is_stop_word(&last) && !surname;
        let glued_after_title =
            n.titled && ws.len() == 2 && stop_last && batch.surname(&ws[0].bare().to_lowercase());
        if (ws.len() >= 3 && batch.ordinary(&last) && !surname)
            || (!n.titled && stop_last)
            || glued_after_title
        {
            keep.1 -= 1;
        }
        // A sentence's ordinary first word is capitalised only because it opens the sentence.
        // Where a sentence opens: its start, or after a sentence's end or a line break that the
        // sentence splitter took for less (a headline run into its text, a quotation's end).
        let opens = !before.chars().any(char::is_alphanumeric)
            || before
                .trim_end_matches([' ', '\t'])
                .ends_with(['\n', '.', '!', '?', ':'])
            || before.trim_end().ends_with(['"', '”', '’']);
        // Unless it is a first name the batch writes before surnames, and the article writes
        // the last word alone as a surname ("Bill Gates is … Gates said").
        let opener = ws[0].bare().to_lowercase();
        if opens && batch.has_lower(&opener) && !(surname && batch.first_name(&opener)) {
            keep.0 = 1;
        }
        // A question's opening auxiliary is its verb, whatever else the batch names with the
        // word ("Will Halvorsen resign?" beside "Will Brandt" elsewhere).
        if opens && keep.0 == 0 && is_question(sentence) && AUXILIARIES.contains(&opener.as_str()) {
            keep.0 = 1;
        }
        // A word naming a kind of person (WordNet) is what the person is, not their name: the
        // name is what follows it ("Host Maja Lindgren", "Harbour Sheriff Ola Dahl"). Before a
        // single word it leaves no full name ("Sir Harald"), unless the article writes that word
        // alone as a surname: then it is a first name ("Guy Watson … Watson said").
        let kind_of_person = (keep.0..keep.1.saturating_sub(1)).rev().find(|&i| {
            !self.is_not_name(ws[i].bare())
                && crate::noun_kinds::names_a_person(&ws[i].bare().to_lowercase())
        });
        // Nor is such a word anyone's surname ("Porter Bay Sheriff", "Washington County
        // Sheriff's Office") unless the article, or the batch, writes it alone as one ("Ada
        // Fisher … Fisher said").
        // The last word kept, after a run-on word was cut ("Cook County Sheriff Tom" where "tom"
        // is also written in lower case).
        let kept_last = ws[keep.1 - 1].bare().to_lowercase();
        let last_kind = crate::noun_kinds::names_a_person(&kept_last)
            && !batch.surname(&kept_last)
            && !article.surname(&kept_last);
        if last_kind && !n.titled {
            return None;
        }
        if let Some(i) = kind_of_person.filter(|_| !n.titled) {
            if keep.1 - (i + 1) >= 2 {
                n.role = n.role.or_else(|| Some(ws[i].bare().to_string()));
                n.titled = true;
                keep.0 = i + 1;
            } else if !(i == keep.0 && surname) {
                return None;
            }
        }
        if keep.1 <= keep.0 || keep.1 - keep.0 < 2 {
            return None;
        }
        let kept = &ws[keep.0..keep.1];
        // A place or a phrase opening with a function word the batch writes as one ("New
        // Brixby", "Many Voters"); a person's first name that is one ("Will") is told by the
        // surname written alone, or by a batch that writes the word capitalised more ("Per").
        let opener = kept[0].bare().to_lowercase();
        if !n.titled
            && n.role.is_none()
            && is_stop_word(&opener)
            && batch.ordinary(&opener)
            && !surname
        {
            return None;
        }
        // Words the batch writes in lower case more often than capitalised inside sentences,
        // every one of them: a title-case heading, programme or body ("Mental Health",
        // "Executive Order", "Red Cross"); a person's name has a word that is only a name, or a
        // surname the article writes alone.
        if n.role.is_none()
            && !surname
            && kept
                .iter()
                .all(|w| batch.ordinary(&w.bare().to_lowercase()))
        {
            return None;
        }
        if keep != (0, ws.len()) {
            let (first, last) = (&ws[keep.0], &ws[keep.1 - 1]);
            let (s, e) = (first.start, last.start + last.bare().len());
            n.name = n.name[s..e].to_string();
            n.end = n.start + e;
            n.start += s;
        }
        self.trim_keeping(n, surname.then_some(last.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::find_full_names;
    use super::*;
    use crate::extract::Gazetteer;

    /// The names `fit` keeps in each sentence of `text`, the article being `text` itself.
    fn kept(text: &str) -> Vec<String> {
        let g = Gazetteer::builtin();
        let not = NotNames::new(&g, ["Harbour Daily"]);
        let vocabulary = Vocabulary::of_sentences(text.split_inclusive(". "));
        let article = Vocabulary::of_sentences(text.split_inclusive(". "));
        let mut out = Vec::new();
        let mut offset = 0;
        for sentence in text.split_inclusive(". ") {
            for n in find_full_names(sentence, offset) {
                if let Some(n) = not.fit(n, sentence, offset, &vocabulary, &article) {
                    assert_eq!(&text[n.start..n.end], n.name);
                    out.push(n.name);
                }
            }
            offset += sentence.len();
        }
        out
    }

    #[test]
    fn words_after_a_body_s_of_end_its_name_but_not_after_a_title_s() {
        assert_eq!(
            kept("Ingrid Solberg, head of the Vardo Chamber of Coastal Trade, spoke. "),
            ["Ingrid Solberg"]
        );
        // After a title's "of", the name stays (the title's own words are cut elsewhere).
        let names =
            kept("The Minister of Harbours Ola Dahl met the Vardo Chamber of Coastal Trade. ");
        assert!(names.iter().any(|n| n.ends_with("Ola Dahl")), "{names:?}");
        assert!(!names.contains(&"Coastal Trade".to_string()), "{names:?}");
    }

    #[test]
    fn a_sentence_opening_word_the_article_writes_in_lower_case_starts_no_name() {
        assert_eq!(
            kept("Earlier Halvorsen said the quay would open. It opened earlier than planned. "),
            Vec::<String>::new()
        );
        assert_eq!(
            kept("Although Marit Halvorsen objected, the board voted. It passed, although late. "),
            ["Marit Halvorsen"]
        );
        // Nor after a line break the sentence splitter did not take for a sentence's end.
        assert_eq!(
            kept("Snow fell\nAlthough Marit Halvorsen skied, although late. "),
            ["Marit Halvorsen"]
        );
        // A long name does not run into the next sentence's ordinary first word.
        assert_eq!(
            kept("She thanked Marit Halvorsen\nYet more snow fell. Snow fell, yet late. "),
            ["Marit Halvorsen"]
        );
        // A first name that is no ordinary word of the article stays.
        assert_eq!(
            kept("Marit Halvorsen opened the quay. She said it was late. "),
            ["Marit Halvorsen"]
        );
    }

    #[test]
    fn a_questions_opening_auxiliary_is_no_first_name() {
        // Made-up copy: "Will" is a first name mid-sentence and a question's verb at its start.
        assert_eq!(
            kept("Crowds cheered Will Brandt at the quay. It will open in May, said Brandt and Halvorsen. Fans of Will Brandt thanked Brandt and Halvorsen. Will Halvorsen resign?"),
            ["Will Brandt", "Will Brandt"]
        );
        // Not a question: a first name the batch writes before surnames, as before.
        assert_eq!(
            kept("Crowds cheered Will Brandt at the quay. It will open in May, said Brandt and Halvorsen. Fans of Will Brandt thanked Brandt and Halvorsen. Will Halvorsen opened it. "),
            ["Will Brandt", "Will Brandt", "Will Halvorsen"]
        );
    }

    #[test]
    fn a_name_does_not_end_in_a_function_word_nor_consist_of_ordinary_words() {
        // Made-up copy, not the seeds. No boundary was written after the town's name.
        assert_eq!(
            kept("Times were posted in Vadstena According to the jury, all stand. "),
            Vec::<String>::new()
        );
        assert_eq!(
            kept("The jury thanked Petra Lindqvist Whether or not it snows, the race goes on. "),
            ["Petra Lindqvist"]
        );
        // After a title, a surname that is also a function word is a surname.
        assert_eq!(kept("Mayor Lena Young opened the course. "), ["Lena Young"]);
        // Words the text writes in lower case as often as capitalised: a body in title case.
        assert_eq!(
            kept("Help came from Mountain Rescue at dawn. The rescue took the mountain road. "),
            Vec::<String>::new()
        );
        // A first name that is only a name keeps a surname that is also a word.
        assert_eq!(
            kept("Crowds cheered Anders Frost at dawn. A hard frost fell. "),
            ["Anders Frost"]
        );
        // A third word written in lower case once, and capitalised more, is still the name's.
        assert_eq!(
            kept("Witnesses saw Rania Haddad Nour at the Nour gate. A nour lamp burned. "),
            ["Rania Haddad Nour"]
        );
    }

    #[test]
    fn a_place_with_its_feature_noun_or_a_thing_after_the_is_no_person() {
        assert_eq!(
            kept("The race was held in Otter Creek on Sunday. Crowds stood on Juniper Hill. "),
            Vec::<String>::new()
        );
        assert_eq!(
            kept("A boat of the Harbour Patrol towed it. Officer Lena Brook said so. "),
            ["Lena Brook"]
        );
        // A surname that is also a feature noun is a person's when the text gives a role and no
        // word of place stands before it, or a title does.
        assert_eq!(
            kept("Reporters asked Tomas Hill, the board's finance director, about it. "),
            ["Tomas Hill"]
        );
        assert_eq!(kept("They met Mayor Lena Hill in Varna. "), ["Lena Hill"]);
        assert_eq!(
            kept("The finish moved to Juniper Hill and Otter Creek. "),
            Vec::<String>::new()
        );
    }
}
