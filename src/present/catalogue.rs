//! The message catalogues: one Fluent file per language under `config/locales/`, built into
//! the binary and parsed once. A message missing from a catalogue falls back to English (a
//! test keeps every catalogue complete, so that only happens while one is being written).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// The catalogues' text, by language.
const SOURCES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../../config/locales/en/main.ftl")),
    (Lang::Ja, include_str!("../../config/locales/ja/main.ftl")),
    (Lang::Ru, include_str!("../../config/locales/ru/main.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

/// Each language's bundle, parsed on first use. A catalogue that does not parse is a bug in
/// the build, caught by the unit tests; at run time its messages fall back to English.
fn bundles() -> &'static [(Lang, Bundle)] {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|&(lang, text)| {
                let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, e)| {
                    tracing::error!(lang = lang.code(), errors = ?e, "a message catalogue has errors");
                    r
                });
                let mut bundle = Bundle::new_concurrent(vec![lang.id()]);
                // Discord and terminals show Unicode isolation marks as nothing at best; the
                // reply's text is escaped anyway, so they are not added.
                bundle.set_use_isolating(false);
                if let Err(e) = bundle.add_resource(resource) {
                    tracing::error!(lang = lang.code(), errors = ?e, "a message catalogue has duplicate keys");
                }
                (lang, bundle)
            })
            .collect()
    })
}

/// Parses every language's catalogue now if not yet parsed (see [`crate::warm_up`]); the
/// languages parsed.
pub fn load() -> usize {
    bundles().len()
}

fn bundle(lang: Lang) -> &'static Bundle {
    let all = bundles();
    &all.iter().find(|(l, _)| *l == lang).unwrap_or(&all[0]).1
}

/// An argument of a message: text (shown as written) or a number (which picks plural forms).
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// The message `id` in `lang` with `args` filled in; English when `lang`'s catalogue lacks
/// it, and the id itself when no catalogue has it (a bug the tests catch).
pub fn say(lang: Lang, id: &str, args: &[Arg<'_>]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for b in [bundle(lang), bundle(Lang::En)] {
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = b.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(
                    id,
                    lang = lang.code(),
                    ?errors,
                    "a message did not format cleanly"
                );
            }
            return text.into_owned();
        }
    }
    tracing::error!(id, "no catalogue has this message");
    id.to_string()
}

/// Every message id of `lang`'s catalogue, in file order.
pub fn keys(lang: Lang) -> Vec<String> {
    let text = SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| *t)
        .unwrap_or_default();
    let resource = match FluentResource::try_new(text.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The parse errors of `lang`'s catalogue, as text (empty when it parses cleanly).
pub fn parse_errors(lang: Lang) -> Vec<String> {
    let text = SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| *t)
        .unwrap_or_default();
    match FluentResource::try_new(text.to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// The literal text of every English message (what lies between its arguments), for checking
/// that a reply in another language holds none of it.
pub fn english_fragments() -> Vec<String> {
    let resource = match FluentResource::try_new(SOURCES[0].1.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    let mut out = Vec::new();
    for e in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = e {
            if let Some(p) = &m.value {
                collect_text(p, &mut out);
            }
        }
    }
    out
}

fn collect_text(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    let mut current = String::new();
    for el in &p.elements {
        match el {
            PatternElement::TextElement { value } => current.push_str(value),
            PatternElement::Placeable { expression } => {
                out.push(std::mem::take(&mut current));
                match expression {
                    Expression::Select { variants, .. } => {
                        for v in variants {
                            collect_text(&v.value, out);
                        }
                    }
                    Expression::Inline(InlineExpression::StringLiteral { value }) => {
                        current.push_str(value)
                    }
                    Expression::Inline(_) => {}
                }
            }
        }
    }
    out.push(current);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_parses_and_has_every_english_key() {
        let english = keys(Lang::En);
        assert!(english.len() > 50, "{}", english.len());
        for lang in Lang::ALL {
            assert_eq!(parse_errors(lang), Vec::<String>::new(), "{}", lang.code());
            let have = keys(lang);
            let missing: Vec<&String> = english.iter().filter(|k| !have.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            let extra: Vec<&String> = have.iter().filter(|k| !english.contains(k)).collect();
            assert!(
                extra.is_empty(),
                "{} has keys English lacks: {extra:?}",
                lang.code()
            );
            let mut sorted = have.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), have.len(), "{} repeats a key", lang.code());
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let n = |lang, count: usize| {
            say(
                lang,
                "search-found",
                &[("count", count.into()), ("query", "Kunashir".into())],
            )
        };
        assert!(n(Lang::En, 1).starts_with("1 passage about"));
        assert!(n(Lang::En, 3).starts_with("3 passages about"));
        assert!(
            n(Lang::Ru, 1).starts_with("1 отрывок"),
            "{}",
            n(Lang::Ru, 1)
        );
        assert!(
            n(Lang::Ru, 3).starts_with("3 отрывка"),
            "{}",
            n(Lang::Ru, 3)
        );
        assert!(
            n(Lang::Ru, 5).starts_with("5 отрывков"),
            "{}",
            n(Lang::Ru, 5)
        );
        assert!(n(Lang::Ja, 5).contains("5件"), "{}", n(Lang::Ja, 5));
    }

    #[test]
    fn a_key_no_catalogue_has_is_shown_as_itself() {
        assert_eq!(say(Lang::Ja, "no-such-key", &[]), "no-such-key");
    }
}
