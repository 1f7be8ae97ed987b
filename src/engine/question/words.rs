//! A question's words as typed: punctuation and possessives stripped once, and the stems each
//! word stands for in the index.

use super::super::{query, Scoped};
use super::vocabulary::{AUX, LEADING, REQUEST_VERBS, ROLE_HEADS, WH_WORDS};
use crate::extract::countries;

#[derive(Debug, Clone)]
pub(super) struct Word {
    /// Written with 's.
    pub(super) possessive: bool,
    /// A comma stands before it.
    pub(super) after_comma: bool,
    pub(super) text: String,
    pub(super) lower: String,
    pub(super) capitalised: bool,
}

pub(super) fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for (i, part) in text.split(',').enumerate() {
        let start = out.len();
        out.extend(words_between_commas(part));
        if i > 0 {
            if let Some(w) = out.get_mut(start) {
                w.after_comma = true;
            }
        }
    }
    out
}

pub(super) fn words_between_commas(text: &str) -> Vec<Word> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '?' | '!' | ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')')
    })
    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-'))
    .map(|w| w.trim_end_matches('.'))
    .map(|w| {
        let bare = w
            .strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .or_else(|| w.strip_suffix('\''))
            .unwrap_or(w);
        (named_part(bare), bare.len() < w.len())
    })
    .filter(|(w, _)| !w.is_empty())
    .map(|(w, possessive)| Word {
        possessive,
        after_comma: false,
        text: w.to_string(),
        lower: w.to_lowercase(),
        capitalised: w.chars().next().is_some_and(char::is_uppercase),
    })
    .collect()
}

/// "post-ww2", "pro-Kremlin", "mid-2016": of a word joined by a hyphen from a word in lower case
/// and a name or a number, the name or number is what a sentence writes ("after World War II",
/// "in 2016"); the prefix only qualifies it. Other hyphenated words ("co-chair", "Russia-Japan")
/// are kept whole, as is a model's designation ("su-35").
fn named_part(word: &str) -> &str {
    let Some((before, after)) = word.split_once('-') else {
        return word;
    };
    let plain = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_lowercase());
    let named = |p: &str| {
        !p.contains('-')
            && p.chars().next().is_some_and(char::is_alphanumeric)
            && (p.starts_with(char::is_uppercase) || p.chars().any(|c| c.is_ascii_digit()))
    };
    if plain(before) && named(after) && !designation(word) {
        after
    } else {
        word
    }
}

/// Whether a word is a model's designation: a word, a hyphen and a short number ("pukguksong-2",
/// "Su-35"); a year after a prefix is four digits ("mid-2016").
fn designation(word: &str) -> bool {
    word.split_once('-').is_some_and(|(before, after)| {
        before.chars().all(char::is_alphabetic)
            && !before.is_empty()
            && after.chars().all(|c| c.is_ascii_digit())
            && (1..4).contains(&after.len())
    })
}

/// Stems of a word and its other forms (irregular verbs, a country's other words).
pub(super) fn stems_of(engine: &Scoped, word: &str) -> Vec<String> {
    let mut forms = query::content_words(word);
    if forms.is_empty() {
        forms.push(word.to_string());
    }
    // "pukguksong-2": a designation's number never stands for it alone ("2+2" is not it).
    if forms.len() > 1 && designation(word) {
        forms.retain(|f| !f.chars().all(|c| c.is_ascii_digit()));
    }
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        out.extend(engine.analyse(&f));
    }
    if let Some(c) = countries::of_word(word) {
        // "Russia" asked, "Russian" or "Moscow" written: the same country.
        for w in countries::words_of(c) {
            out.extend(engine.analyse(w));
        }
    }
    // "defense" and "defence" are one word.
    for (a, b) in [("defense", "defence"), ("programme", "program")] {
        if word.eq_ignore_ascii_case(a) {
            out.extend(engine.analyse(b));
        } else if word.eq_ignore_ascii_case(b) {
            out.extend(engine.analyse(a));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// "Apart from the flood, which years …?": the question proper first, the leading clause after
/// it, so the question word decides the kind and the clause's words still count.
pub(super) fn question_first(text: &str) -> Option<(String, String)> {
    // "Orly shooting: where were …?", "bus crash - what church …?": a topic typed before a
    // colon or a dash sets the scene as a clause before a comma does.
    let topic = [": ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| text.split_once(sep))
        .min_by_key(|(before, _)| before.len());
    let (before, after) = match topic.or_else(|| text.split_once(',')) {
        Some(parts) => parts,
        None => scene_without_comma(text)?,
    };
    let first = |t: &str| {
        t.split_whitespace()
            .next()
            .map(|w| w.to_lowercase())
            .unwrap_or_default()
    };
    let opens = |t: &str| WH_WORDS.contains(&first(t).as_str()) || AUX.contains(&first(t).as_str());
    // "…, in which year …?": a preposition may come before the question word; "According to
    // the minister, was …?" asks yes or no after its clause.
    let wh_after = after
        .split_whitespace()
        .map(str::to_lowercase)
        .find(|w| !LEADING.contains(&w.as_str()))
        .is_some_and(|w| WH_WORDS.contains(&w.as_str()) || AUX.contains(&w.as_str()));
    // The clause loses the capital it had as the question's first word ("Apart" is no name),
    // unless that word is no common word (WordNet) and so a name ("Orly shooting: …").
    let moved = {
        let before = before.trim();
        let opener = first(before);
        let mut chars = before.chars();
        match chars.next() {
            Some(c) if crate::lexicon::is_common_word(&opener) => {
                c.to_lowercase().chain(chars).collect::<String>()
            }
            Some(_) => before.to_string(),
            None => String::new(),
        }
    };
    (!opens(before) && wh_after).then(|| (format!("{} {}", after.trim(), moved), moved.clone()))
}

/// "clint watts is a fellow at which think tank?", "the talks were held where?": a question word
/// typed where its answer stands, after the verb, as people write in chat. Returns the question
/// with its question phrase and auxiliary moved to the front ("which think tank is clint watts a
/// fellow at"), as the question is usually asked; `None` when the question word comes first or opens a
/// clause of its own (an auxiliary after it).
pub(super) fn wh_in_place(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = tokens
        .iter()
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let first = lower.iter().position(|w| !LEADING.contains(&w.as_str()))?;
    if WH_WORDS.contains(&lower[first].as_str()) || AUX.contains(&lower[first].as_str()) {
        return None;
    }
    let at = lower.iter().rposition(|w| WH_WORDS.contains(&w.as_str()))?;
    let verb_before = lower[first..at].iter().any(|w| AUX.contains(&w.as_str()));
    let aux_after = lower[at..].iter().any(|w| AUX.contains(&w.as_str()));
    if at < first + 2 || aux_after || text.contains(',') {
        return None;
    }
    // The question phrase: the word and the nouns it asks about ("which think tank", "how many
    // people", "whose car"), up to a small word or the end; "who", "where" and the like ask about
    // no noun.
    let nouns = match lower[at].as_str() {
        "which" | "what" | "how" => 3,
        "whose" => 1,
        _ => 0,
    };
    let len = 1 + lower[at + 1..]
        .iter()
        .take(nouns)
        .take_while(|w| !query::is_stopword(w) || matches!(w.as_str(), "many" | "much"))
        .count();
    let phrase = tokens[at..at + len].join(" ");
    let phrase = phrase.trim_end_matches(['?', '.', '!']);
    let after = tokens[at + len..].join(" ");
    let after = after.trim_end_matches(['?', '.', '!']);
    // "the museum bought which painting?": with no auxiliary, the verb is the subject's own, and
    // "did" goes before the subject ("which painting did the museum bought"; the verb's form
    // matters not, its words are found in every form). Only a question word at the end, or before
    // a short preposition's phrase ("in 2016"), is typed in place: one followed by a verb opens a
    // clause of its own ("the senator who criticised Lund"), one followed by more words a question
    // after a scene ("around May how much of the catch was cod").
    if !verb_before {
        // "Name of the ferry whose engine failed?": a request's noun takes a relative clause.
        if matches!(lower[first].as_str(), "name" | "list")
            || REQUEST_VERBS.contains(&lower[first].as_str())
        {
            return None;
        }
        let rest = &lower[at + len..];
        let ends = rest
            .first()
            .is_none_or(|w| w.is_empty() || STRANDED.contains(&w.as_str()) && rest.len() <= 4);
        if !ends {
            return None;
        }
        let reordered = format!("{phrase} did {} {after}", tokens[..at].join(" "));
        return Some(reordered.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    // The auxiliary goes before the subject, as in a question asked the usual way ("which year
    // was the quay rebuilt in").
    let aux = (first..at).find(|&i| AUX.contains(&lower[i].as_str()))?;
    let subject = tokens[..aux].join(" ");
    let rest = tokens[aux + 1..at].join(" ");
    let reordered = format!("{phrase} {} {subject} {rest} {after}", tokens[aux]);
    Some(reordered.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Prepositions that open a scene before the question proper ("besides the lamp what …").
const SCENE_OPENERS: [&str; 10] = [
    "besides",
    "apart",
    "except",
    "aside",
    "after",
    "before",
    "during",
    "following",
    "beyond",
    "unlike",
];

/// "besides the lamp what did they take …": a scene typed before the question word without a
/// comma, split where the question word comes (within a few words).
fn scene_without_comma(text: &str) -> Option<(&str, &str)> {
    let first = text.split_whitespace().next()?.to_lowercase();
    if !SCENE_OPENERS.contains(&first.as_str()) {
        return None;
    }
    let mut at = 0;
    for (i, w) in text.split_whitespace().enumerate().take(7) {
        let start = text[at..].find(w).map(|o| at + o)?;
        at = start + w.len();
        let lower = w.to_lowercase();
        if i >= 2 && WH_WORDS.contains(&lower.as_str()) {
            return Some((text[..start].trim_end(), &text[start..]));
        }
    }
    None
}

/// "Vorna Ferry Board spokesman's name?", "Vorna mayor name", "name of the Vorna mayor",
/// "secretary-general of the Port Chamber?": a role typed without a question word asks who holds
/// it, as "Who is the …?" does. The role is a few words ending in a title ("spokesman",
/// "secretary-general"), alone or followed by its "of"/"for"/"to" phrase; anything else typed
/// tersely is read as it is.
pub(super) fn terse_role(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('?').trim();
    let first = t.split_whitespace().next()?.to_lowercase();
    if WH_WORDS.contains(&first.as_str()) || AUX.contains(&first.as_str()) {
        return None;
    }
    let lower = t.to_lowercase();
    let role = ["'s name", "’s name", " name"]
        .iter()
        .find_map(|s| lower.ends_with(s).then(|| &t[..t.len() - s.len()]))
        .or_else(|| {
            ["the name of ", "name of "]
                .iter()
                .find_map(|p| lower.starts_with(p).then(|| &t[p.len()..]))
        })
        .unwrap_or(t);
    let role = role
        .strip_prefix("the ")
        .or_else(|| role.strip_prefix("The "))
        .unwrap_or(role)
        .trim();
    let ws: Vec<String> = role.split_whitespace().map(str::to_lowercase).collect();
    let is_head = |w: &str| {
        w.split('-')
            .any(|p| ROLE_HEADS.contains(&p.trim_end_matches(|c: char| !c.is_alphanumeric())))
    };
    // "chief executive": a title of two heads ends with the second.
    let mut head = ws.iter().position(|w| is_head(w))?;
    while ws.get(head + 1).is_some_and(|w| is_head(w)) {
        head += 1;
    }
    let then_of = ws
        .get(head + 1)
        .is_none_or(|w| matches!(w.as_str(), "of" | "for" | "to"));
    (head <= 3 && then_of).then(|| format!("Who is the {role}?"))
}

/// "when was jonas brekke fined?": in a question typed without capitals, the words the
/// articles know as names (a person's whole name or a word of it, a country, a place of the
/// gazetteer) are names again, unless they are common words too ("price", "young").
pub(super) fn restore_names(engine: &Scoped, mut ws: Vec<Word>) -> Vec<Word> {
    if ws.iter().skip(1).any(|w| w.capitalised) {
        return ws;
    }
    for i in 0..ws.len() {
        // "rose mary harris": a whole name of two or three words, whatever its words are.
        for n in [3, 2] {
            let Some(run) = ws.get(i..i + n) else {
                continue;
            };
            let name: Vec<&str> = run.iter().map(|w| w.lower.as_str()).collect();
            if engine.person_with_form(&name.join(" ")).is_some() {
                ws[i..i + n].iter_mut().for_each(|w| w.capitalised = true);
            }
        }
        let w = &ws[i];
        let known = || {
            engine.people_called(&w.lower) > 0
                || countries::of_word(&w.lower).is_some()
                || engine.gazetteer().lookup(&w.lower).is_some()
        };
        if !w.capitalised
            && !query::is_stopword(&w.lower)
            && !crate::lexicon::is_common_word(&w.lower)
            && known()
        {
            ws[i].capitalised = true;
        }
    }
    ws
}

/// Prepositions a question may end its clause with ("Where was it flying from?").
const STRANDED: [&str; 11] = [
    "of", "on", "to", "for", "with", "about", "in", "from", "by", "at", "into",
];

/// Words that open a clause after the question's own ("… flying from when it lost …").
const CLAUSE_OPENERS: [&str; 7] = ["when", "before", "after", "while", "until", "because", "as"];

/// The preposition the question's main clause ends with, without its object: the last word, or
/// the word before a clause that follows ("Where was the flight flying from when it turned
/// back?").
pub(super) fn stranded_preposition(all: &[Word]) -> Option<String> {
    let stranded = |w: &&Word| STRANDED.contains(&w.lower.as_str());
    all.windows(2)
        .filter(|p| CLAUSE_OPENERS.contains(&p[1].lower.as_str()))
        .map(|p| &p[0])
        .find(stranded)
        .or(all.last().filter(stranded))
        .map(|w| w.lower.clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefix_joined_to_a_name_or_number_leaves_the_name() {
        use super::named_part;
        assert_eq!(named_part("post-ww2"), "ww2");
        assert_eq!(named_part("pro-Kremlin"), "Kremlin");
        assert_eq!(named_part("mid-2016"), "2016");
        for kept in [
            "co-chair",
            "Russia-Japan",
            "well-known",
            "2+2",
            "x-ray",
            "pukguksong-2",
            "su-35",
        ] {
            assert_eq!(named_part(kept), kept);
        }
    }

    #[test]
    fn a_question_word_typed_in_place_is_moved_to_the_front_with_its_auxiliary() {
        use super::wh_in_place;
        assert_eq!(
            wh_in_place("the quay was rebuilt in which year?").as_deref(),
            Some("which year was the quay rebuilt in")
        );
        assert_eq!(
            wh_in_place("Ragna Holt is a member of which board?").as_deref(),
            Some("which board is Ragna Holt a member of")
        );
        assert_eq!(
            wh_in_place("the ferry sailed from where?").as_deref(),
            Some("where did the ferry sailed from")
        );
        assert_eq!(
            wh_in_place("Hallmetall bought which yard in 2021?").as_deref(),
            Some("which yard did Hallmetall bought in 2021")
        );
        for asked in [
            "name the senator who criticised Lund",
            "around May how much of the catch was landed at Skarvik",
            "Name of the boat whose engine failed?",
            "Which year was the quay rebuilt in?",
            "Was the quay rebuilt in 2020?",
            "In 2020, which quay was rebuilt?",
            "besides the lamp what did they take",
        ] {
            assert_eq!(wh_in_place(asked), None, "{asked}");
        }
    }

    #[test]
    fn a_scene_typed_without_a_comma_is_moved_after_the_question() {
        use super::question_first;
        let (question, scene) =
            question_first("besides the lamp what did the thieves take from the shed")
                .expect("split");
        assert_eq!(
            question,
            "what did the thieves take from the shed besides the lamp"
        );
        assert_eq!(scene, "besides the lamp");
        assert_eq!(
            question_first("what did the thieves take besides the lamp"),
            None
        );
    }

    #[test]
    fn a_moved_scene_keeps_the_capital_of_a_name_but_not_of_a_common_word() {
        use super::question_first;
        let (_, scene) =
            question_first("Nordlys breakdown: where was the ferry sailing from?").expect("split");
        assert_eq!(scene, "Nordlys breakdown");
        let (_, scene) =
            question_first("Apart from the lamp, what did the thieves take?").expect("split");
        assert_eq!(scene, "apart from the lamp");
    }

    #[test]
    fn a_role_typed_alone_asks_who_holds_it() {
        use super::terse_role;
        assert_eq!(
            terse_role("Vorna Ferry Board spokesman's name?").as_deref(),
            Some("Who is the Vorna Ferry Board spokesman?")
        );
        assert_eq!(
            terse_role("name of the Vorna mayor").as_deref(),
            Some("Who is the Vorna mayor?")
        );
        assert_eq!(
            terse_role("secretary-general of the Port Chamber?").as_deref(),
            Some("Who is the secretary-general of the Port Chamber?")
        );
        assert_eq!(
            terse_role("norwegian fisheries minister name").as_deref(),
            Some("Who is the norwegian fisheries minister?")
        );
        assert_eq!(
            terse_role("Kessa harbour chief executive name").as_deref(),
            Some("Who is the Kessa harbour chief executive?")
        );
        assert_eq!(terse_role("ferry name?"), None);
        assert_eq!(terse_role("Who is the mayor?"), None);
        assert_eq!(terse_role("Brekke's title?"), None);
        assert_eq!(terse_role("the mayor said the quay would open"), None);
    }

    use super::*;

    #[test]
    fn question_words_are_split_without_punctuation_or_possessives() {
        let w: Vec<String> = words("Who is China's foreign minister?")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["Who", "is", "China", "foreign", "minister"]);
        let w: Vec<String> = words("Did the U.S. join, finally?")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(w, ["Did", "the", "U.S", "join", "finally"]);
    }
}
