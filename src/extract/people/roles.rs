//! The roles written around a full name: a title before it ("Russia's Deputy Foreign
//! Minister"), an apposition after it (", Japan's special envoy for …"), "of Russia" after it,
//! and a plural role shared by coordinated names ("foreign ministers X of Russia and Y of
//! Japan").

use super::word::{words, Word};
use super::{NameFound, Side};

/// Words that make a phrase a role: "Foreign Minister", "special envoy", "head of …".
const ROLE_HEADS: [&str; 22] = [
    "president",
    "minister",
    "ministers",
    "envoy",
    "ambassador",
    "secretary",
    "premier",
    "chairman",
    "emperor",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "leader",
    "leaders",
    "head",
    "chief",
    "counterpart",
    "diplomat",
    "adviser",
    "advisor",
    "director",
];

/// Words allowed in a title written before a name ("Russia's Deputy Foreign Minister").
const TITLE_WORDS: [&str; 16] = [
    "deputy", "foreign", "prime", "defense", "defence", "vice", "first", "chief", "cabinet",
    "state", "senior", "top", "former", "special", "then", "acting",
];

/// "Russia's Deputy Foreign Minister Grigory Karasin", "his Japanese counterpart, Minoru Tamba".
pub(super) fn title_before(sentence: &str, ws: &[Word], name_at: usize, found: &mut NameFound) {
    let mut k = name_at;
    let mut first = None;
    let mut has_head = false;
    while k > 0 {
        let w = &ws[k - 1];
        let between = &sentence[w.end..ws[k].start];
        // A comma may stand between a description and the name it describes, nothing else may.
        let gap_ok = between.trim().is_empty() || (k == name_at && between.trim() == ",");
        let lower = w.lower();
        let is_head = ROLE_HEADS.contains(&lower.as_str());
        let is_title = TITLE_WORDS.contains(&lower.as_str());
        // Any country's word ends a title ("his Turkish counterpart", "US Defense Secretary"):
        // kept in the role, so a third country's official is not read as either side's.
        let is_side = names_a_country(w.text)
            && (w.text.starts_with(char::is_uppercase) || w.text.contains('\''));
        if !gap_ok || !(is_head || is_title || is_side) {
            break;
        }
        has_head |= is_head;
        first = Some(k - 1);
        k -= 1;
        if is_side {
            break;
        }
    }
    let Some(first) = first.filter(|_| has_head) else {
        return;
    };
    let last = ws[name_at - 1].end;
    let role = sentence[ws[first].start..last]
        .trim_end_matches(',')
        .trim()
        .to_string();
    let lower = role.to_lowercase();
    found.role_is_plural = lower.ends_with("ministers") || lower.ends_with("leaders");
    found.counterpart = lower.ends_with("counterpart");
    found.side = ws[first..name_at]
        .iter()
        .find_map(|w| Side::from_word(w.text));
    found.role = Some(singular(&role));
}

/// Whether a word names a country ("Turkish", "Japan's", "US").
fn names_a_country(word: &str) -> bool {
    let w = word.trim_end_matches("'s").trim_end_matches("’s");
    super::super::countries::of_word(w).is_some()
}

/// Whether a role names a country in its words before "of" ("US counterpart of …"): the
/// counterpart of one side's person whose own country is named is of that country, not the other
/// side.
pub fn role_names_a_country(role: &str) -> bool {
    let own = role.split(" of ").next().unwrap_or(role);
    own.split_whitespace().any(|w| {
        names_a_country(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'))
    })
}

/// "Chikahito Harada, Japan's special envoy for Japan-Russia relations, and …".
pub(super) fn apposition_after(sentence: &str, name_end: usize, found: &mut NameFound) {
    let rest = &sentence[name_end..];
    let Some(rest) = rest.strip_prefix(", ") else {
        return;
    };
    let stop = rest
        .find([',', '.', ';', '(', '"', '“'])
        .unwrap_or(rest.len());
    let phrase = rest[..stop].trim();
    let ws = words(phrase);
    if ws.is_empty() || ws.len() > 12 {
        return;
    }
    let heads_early = ws.iter().take(5).any(|w| {
        let lower = w.lower();
        let head = lower.split('-').any(|p| ROLE_HEADS.contains(&p));
        head && !w.is_capitalised() || lower == "head"
    });
    // "…, secretary-general of the Port Chamber, says": a title may open the apposition bare.
    let bare_title =
        ws[0].lower().split('-').any(|p| ROLE_HEADS.contains(&p)) && !ws[0].is_capitalised();
    let starts_ok = ws[0].lower() == "the"
        || ws[0].lower() == "a"
        || Side::from_word(ws[0].text).is_some()
        || TITLE_WORDS.contains(&ws[0].lower().as_str())
        || bare_title;
    if !(heads_early && starts_ok) {
        return;
    }
    let role = phrase
        .strip_prefix("the ")
        .or_else(|| phrase.strip_prefix("a "))
        .unwrap_or(phrase);
    found.side = ws.iter().take(2).find_map(|w| Side::from_word(w.text));
    found.role = Some(role.to_string());
}

/// "Yevgeny Primakov of Russia".
pub(super) fn side_after(sentence: &str, name_end: usize, found: &mut NameFound) {
    let rest = sentence[name_end..].trim_start();
    if let Some(after_of) = rest.strip_prefix("of ") {
        let word: String = after_of.chars().take_while(|c| c.is_alphabetic()).collect();
        if let Some(side) = Side::from_word(&word) {
            found.side = found.side.or(Some(side));
        }
    }
}

/// "foreign ministers Yevgeny Primakov of Russia and Keizo Obuchi of Japan": Obuchi shares the role.
pub(super) fn coordinate_with_previous(
    sentence: &str,
    ws: &[Word],
    name_at: usize,
    earlier: &[NameFound],
    found: &mut NameFound,
) {
    if found.role.is_some() || name_at == 0 || ws[name_at - 1].lower() != "and" {
        return;
    }
    let Some(prev) = earlier.last() else {
        return;
    };
    let offset = found.start - ws[name_at].start;
    let and_start = ws[name_at - 1].start;
    // Only a short tail such as "of Russia" may stand between the two names.
    let between_ok = prev.end >= offset
        && sentence
            .get(prev.end - offset..and_start)
            .is_some_and(|between| words(between).len() <= 3);
    if prev.role_is_plural && between_ok {
        found.role = prev.role.clone();
    }
}

/// A plural role's singular ("foreign ministers" → "foreign minister").
fn singular(role: &str) -> String {
    for (plural, one) in [("ministers", "minister"), ("leaders", "leader")] {
        if let Some(stem) = role.strip_suffix(plural) {
            return format!("{stem}{one}");
        }
    }
    role.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::find_full_names;
    use super::*;

    fn names(s: &str) -> Vec<(String, Option<String>, Option<Side>)> {
        find_full_names(s, 0)
            .into_iter()
            .map(|n| (n.name, n.role, n.side))
            .collect()
    }

    fn one(
        name: &str,
        role: Option<&str>,
        side: Option<Side>,
    ) -> (String, Option<String>, Option<Side>) {
        (name.to_string(), role.map(str::to_string), side)
    }

    #[test]
    fn titles_before_names() {
        assert_eq!(
            names("Thursday's talks were headed by Russia's Deputy Foreign Minister Grigory Karasin and his Japanese counterpart, Minoru Tamba."),
            [
                one("Grigory Karasin", Some("Russia's Deputy Foreign Minister"), Some(Side::Russia)),
                one("Minoru Tamba", Some("Japanese counterpart"), Some(Side::Japan))
            ]
        );
        // A third country's title is kept whole, and names neither side.
        assert_eq!(
            names("Putin met his Turkish counterpart Recep Tayyip Erdogan, and US Defense Secretary James Mattis spoke."),
            [
                one("Recep Tayyip Erdogan", Some("Turkish counterpart"), None),
                one("James Mattis", Some("US Defense Secretary"), None)
            ]
        );
        assert!(role_names_a_country(
            "Turkish counterpart of Vladimir Putin"
        ));
        assert!(!role_names_a_country("counterpart of Vladimir Putin"));
        assert_eq!(
            names("Prime Minister Shinzo Abe and President Vladimir Putin met in Sochi in May."),
            [
                one("Shinzo Abe", Some("Prime Minister"), None),
                one("Vladimir Putin", Some("President"), None)
            ]
        );
    }

    #[test]
    fn appositions_and_coordinated_plurals() {
        assert_eq!(
            names("Chikahito Harada, Japan's special envoy for Japan-Russia relations, and Russian Deputy Foreign Minister Igor Morgulov met in Tokyo."),
            [
                one("Chikahito Harada", Some("Japan's special envoy for Japan-Russia relations"), Some(Side::Japan)),
                one("Igor Morgulov", Some("Russian Deputy Foreign Minister"), Some(Side::Russia))
            ]
        );
        assert_eq!(
            names("Ingrid Vatne, secretary-general of the Port Chamber of Trade, says exports will grow.")
                .first(),
            Some(&one(
                "Ingrid Vatne",
                Some("secretary-general of the Port Chamber of Trade"),
                None
            ))
        );
        assert_eq!(
            names("headed by foreign ministers Yevgeny Primakov of Russia and Keizo Obuchi of Japan, with"),
            [
                one("Yevgeny Primakov", Some("foreign minister"), Some(Side::Russia)),
                one("Keizo Obuchi", Some("foreign minister"), Some(Side::Japan))
            ]
        );
    }
}
