//! The other forms of an English verb: "led" for "leading", "win" for "won". The English stemmer
//! brings "leads" and "leading" together but not the irregular forms. The table comes from
//! WordNet 3.0's exception list for verbs (`assets/wordnet/verb-forms.tsv.gz`, made by
//! `scripts/wordnet-verb-forms.py`); a regular form finds its base by WordNet's own detachment
//! rules ("leading" → "lead"). It is read once, the first time it is asked.

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

/// The table as shipped: gzip of lines `form<TAB>base`.
const TABLE: &[u8] = include_bytes!("../assets/wordnet/verb-forms.tsv.gz");

/// WordNet's detachment rules for verbs (morphy): a suffix and what replaces it.
const DETACH: [(&str, &str); 8] = [
    ("s", ""),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
];

/// Irregular forms to their bases, and bases to their irregular forms.
struct Forms {
    bases: HashMap<String, Vec<String>>,
    forms: HashMap<String, Vec<String>>,
}

static FORMS: LazyLock<Forms> = LazyLock::new(|| {
    let mut text = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(TABLE).read_to_string(&mut text) {
        // Shipped in the binary and checked by a test: only a broken build gets here.
        tracing::error!(error = %e, "the verb-form table could not be read");
    }
    let mut f = Forms {
        bases: HashMap::new(),
        forms: HashMap::new(),
    };
    for (form, base) in text.lines().filter_map(|l| l.split_once('\t')) {
        f.bases
            .entry(form.to_string())
            .or_default()
            .push(base.to_string());
        f.forms
            .entry(base.to_string())
            .or_default()
            .push(form.to_string());
    }
    f
});

/// Reads the table now if it is not yet read (see [`crate::warm_up`]); the irregular forms in it.
pub fn load() -> usize {
    FORMS.bases.len()
}

/// Whether `word` (lower case) is an irregular form of a verb WordNet lists ("born", "held",
/// "won"): a past tense or participle that no suffix marks.
pub fn is_irregular_form(word: &str) -> bool {
    FORMS.bases.contains_key(word)
}

/// The bases `word` (lower case) may be a form of: its own when it is one, those the exception
/// list gives, and those the detachment rules reach.
fn bases_of(word: &str) -> Vec<&str> {
    let t = &*FORMS;
    let mut out: Vec<&str> = Vec::new();
    if let Some(bases) = t.bases.get(word) {
        out.extend(bases.iter().map(String::as_str));
    }
    if let Some((base, _)) = t.forms.get_key_value(word) {
        out.push(base);
    }
    for (suffix, with) in DETACH {
        let Some(stem) = word.strip_suffix(suffix) else {
            continue;
        };
        let candidate = format!("{stem}{with}");
        if let Some((base, _)) = t.forms.get_key_value(&candidate) {
            out.push(base);
        }
    }
    out
}

/// The irregular forms and bases of the verb `word` may be (any case), besides itself: "led" for
/// "leading", "lead" and "led" for "leads"; "win" for "won". Empty for a word of regular forms.
pub fn others(word: &str) -> Vec<&'static str> {
    let t: &'static Forms = &FORMS;
    let w = word.to_lowercase();
    let mut out: Vec<&'static str> = Vec::new();
    for base in bases_of(&w) {
        // Every base of the table has its forms listed under it.
        if let Some((base, forms)) = t.forms.get_key_value(base) {
            out.push(base.as_str());
            out.extend(forms.iter().map(String::as_str));
        }
    }
    out.retain(|f| *f != w);
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_read() {
        assert!(FORMS.bases.len() > 2_000, "{} forms", FORMS.bases.len());
    }

    #[test]
    fn irregular_forms_are_told_from_other_words() {
        assert!(is_irregular_form("born"));
        assert!(is_irregular_form("held"));
        assert!(!is_irregular_form("keen"));
        assert!(!is_irregular_form("famous"));
    }

    #[test]
    fn an_irregular_past_finds_its_base() {
        assert!(others("won").contains(&"win"));
        assert!(others("Spoke").contains(&"speak"));
    }

    #[test]
    fn a_regular_form_finds_the_irregular_ones() {
        assert!(
            others("leading").contains(&"led"),
            "{:?}",
            others("leading")
        );
        assert!(others("buys").contains(&"bought"), "{:?}", others("buys"));
        assert!(others("take").contains(&"took"));
    }

    #[test]
    fn a_regular_verb_has_none() {
        assert!(others("visited").is_empty(), "{:?}", others("visited"));
        assert!(others("island").is_empty());
    }
}
