//! Autocomplete: people, places and years the collection knows, matching what has been typed.

use super::spelled::TypedName;
use super::{CommandKind, Scoped};

/// One autocomplete choice: what to show and what to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Shown to the user (1–100 characters).
    pub label: String,
    /// Filled into the option (1–100 characters).
    pub value: String,
}

fn clip(s: &str) -> String {
    if s.chars().count() <= 100 {
        return s.to_string();
    }
    let mut out: String = s.chars().take(99).collect();
    out.push('…');
    out
}

fn matches(name: &str, typed: &str) -> bool {
    typed.is_empty()
        || name
            .to_lowercase()
            .split_whitespace()
            .any(|w| w.starts_with(typed))
        || name.to_lowercase().starts_with(typed)
}

/// Choices for `kind` given the text typed so far.
pub fn suggest(engine: &Scoped, kind: CommandKind, partial: &str, limit: usize) -> Vec<Suggestion> {
    let typed = partial.trim().to_lowercase();
    let mut out: Vec<Suggestion> = match kind {
        // Through the register's sorted words: a keystroke looks at the people whose words
        // start with what is typed, not at everyone.
        // A name typed in Cyrillic or kana: the people its spelling starts a word of.
        CommandKind::Who => {
            let register = engine.register();
            let name = TypedName::read(&typed);
            let people = if name.is_spelled() {
                register.with_spelled_prefix(&name)
            } else {
                register
                    .with_prefix(&typed)
                    .into_iter()
                    .filter(|p| p.forms.iter().any(|f| matches(f, &typed)))
                    .collect()
            };
            people
                .into_iter()
                .take(limit.min(25))
                .map(|p| {
                    let role = p
                        .roles
                        .first()
                        .map(|r| format!(" — {}", r.role))
                        .unwrap_or_default();
                    Suggestion {
                        label: clip(&format!("{}{role}", p.name)),
                        value: clip(&p.name),
                    }
                })
                .collect()
        }
        CommandKind::Where => engine
            .gazetteer()
            .places()
            .iter()
            .filter(|p| p.all_names().iter().any(|n| matches(n, &typed)))
            .map(|p| Suggestion {
                label: clip(&p.label()),
                value: clip(&p.name),
            })
            .collect(),
        CommandKind::When | CommandKind::Timeline => {
            // This audience's years and events only: another server's are never offered.
            let years = engine
                .years()
                .into_iter()
                .map(|y| y.to_string())
                .filter(|y| y.starts_with(&typed))
                .map(|y| Suggestion {
                    label: y.clone(),
                    value: y,
                });
            // Named events too, for /when only: "/when Krasnoyarsk summit".
            let events = engine
                .events()
                .into_iter()
                .filter(|_| kind == CommandKind::When)
                .filter(|e| matches(e, &typed))
                .map(|e| Suggestion {
                    label: clip(&e),
                    value: clip(&e),
                });
            years.chain(events).collect()
        }
        _ => Vec::new(),
    };
    out.truncate(limit.min(25));
    out
}

/// Choices for a quiz topic: the people, places and years that match what has been typed, taken
/// in turn (a person, a place, a year, …) so a short prefix offers some of each.
pub fn suggest_topic(engine: &Scoped, partial: &str, limit: usize) -> Vec<Suggestion> {
    let limit = limit.min(25);
    let mut lists: Vec<std::vec::IntoIter<Suggestion>> =
        [CommandKind::Who, CommandKind::Where, CommandKind::Timeline]
            .into_iter()
            .map(|kind| suggest(engine, kind, partial, limit).into_iter())
            .collect();
    let mut out = Vec::with_capacity(limit);
    while out.len() < limit {
        let before = out.len();
        for list in &mut lists {
            if out.len() < limit {
                out.extend(list.next());
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}
