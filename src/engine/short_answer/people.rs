//! "Who …?": the person (or group) the question's relation points to: the agent of its verb, also in
//! the passive ("headed by X"), the speaker of a quotation, or the one person of the country asked.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::*;

/// Verbs that report speech: "said X", "X told reporters".
pub(super) const REPORTING: [&str; 14] = [
    "say", "said", "tell", "told", "add", "note", "stress", "announc", "state", "declar", "claim",
    "warn", "explain", "insist",
];

/// Nouns whose phrase names people as a group ("senior diplomats", "officials").
pub(super) const GROUP_NOUNS: [&str; 14] = [
    "diplomat", "official", "leader", "minist", "lawmak", "negoti", "deleg", "expert", "offic",
    "resid", "senat", "voter", "govern", "repres",
];

pub(super) fn person(
    engine: &Scoped,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    // The folded register: a person another server's additions alone name is no answer here.
    let register = engine.register();
    let s = v.offset..v.offset + v.text.len();
    let people: Vec<(Range<usize>, String, String)> = p
        .mentions
        .people
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end && !at_a_place(&p.text, m))
        .filter_map(|m| {
            register
                .by_id(&m.person)
                // Someone the question names is not its answer.
                .filter(|x| !x.forms.iter().any(|f| in_question(q, f)))
                .map(|x| (m.start..m.end, x.id.clone(), x.name.clone()))
        })
        .collect();
    // "the Environmental Assessment Service": a name the finder took for a person's is an
    // organisation when capitalised words follow it; the answer is the whole name.
    let whole_name = |r: &Range<usize>| -> Option<String> {
        let rest = &p.text[r.end..];
        let more: Vec<&str> = rest
            .split(' ')
            .skip(1)
            .take_while(|w| {
                w.starts_with(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || c == '-')
            })
            .collect();
        rest.starts_with(' ')
            .then_some(())
            .filter(|_| !more.is_empty())?;
        Some(format!("{} {}", &p.text[r.clone()], more.join(" ")))
    };
    let label = |ids: &[String]| -> String {
        ids.iter()
            .filter_map(|id| register.by_id(id))
            .map(|x| x.name.clone())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let pool: Vec<(Range<usize>, String)> = people
        .iter()
        .map(|(r, id, _)| (r.clone(), id.clone()))
        .collect();
    let agent = q.agent_term();
    let verb_at: Vec<&Tok> = match &q.agent_verb {
        Some(stems) => v
            .toks
            .iter()
            .filter(|t| stems.contains(&t.stem) || agent.is_some_and(|a| a.matches(&t.stem)))
            .collect(),
        None => Vec::new(),
    };
    let reporting = q.agent_verb.as_ref().is_some_and(|st| {
        st.iter()
            .any(|x| REPORTING.iter().any(|r| x.starts_with(r)))
    });
    for verb in &verb_at {
        // Passive: "was headed by X", "hailed by X".
        let after = v.between(verb.at.end, s.end);
        let by = after.trim_start();
        // "approved by the Environmental Assessment Service": an organisation is the agent.
        if let Some(org) = by
            .strip_prefix("by the ")
            .or_else(|| by.strip_prefix("by "))
            .map(|rest| {
                rest.split(' ')
                    .take_while(|w| w.starts_with(char::is_uppercase) || *w == "of")
                    .collect::<Vec<_>>()
            })
            .filter(|ws| {
                ws.last().is_some_and(|w| *w != "of")
                    && (ws.len() >= 2 || ws.first().is_some_and(|w| one_word_body(w)))
            })
        {
            let name = org.join(" ");
            let name = name.trim_end_matches(|c: char| !c.is_alphanumeric());
            let at = verb.at.end + after.find(name).unwrap_or(0);
            // "by Deputy Foreign Minister Igor Morgulov": a title and a person, not a body.
            let is_person = pool
                .iter()
                .any(|(r, _)| r.start < at + name.len() && at < r.end);
            // "criticised by Moscow": a place's name alone is no body's.
            let is_place = org.len() == 1
                && p.mentions
                    .places
                    .iter()
                    .any(|m| m.start < at + name.len() && at < m.end);
            if !is_person && !is_place {
                return Some(Found::plain(at..at + name.len(), name.to_string(), 0.9));
            }
        }
        if let Some(rest) = by.strip_prefix("by ") {
            let from = s.end - rest.len();
            if let Some(first) = pool
                .iter()
                .filter(|(r, _)| {
                    r.start >= from && v.between(from, r.start).split_whitespace().count() <= 4
                })
                .min_by_key(|(r, _)| r.start)
            {
                let (span, ids) = with_listed(p, first.clone(), &pool);
                let value = match (ids.len(), whole_name(&first.0)) {
                    (1, Some(org)) => org,
                    _ => label(&ids),
                };
                return Some(Found {
                    span,
                    value,
                    written: None,
                    yes: None,
                    fit: 1.0,
                });
            }
        }
        if reporting {
            // "…," said X / X said / X, the head of …, said.
            if let Some(first) = pool
                .iter()
                .filter(|(r, _)| {
                    r.start >= verb.at.end
                        && v.between(verb.at.end, r.start).split_whitespace().count() <= 4
                })
                .min_by_key(|(r, _)| r.start)
            {
                return Some(Found::plain(
                    first.0.clone(),
                    label(std::slice::from_ref(&first.1)),
                    0.9,
                ));
            }
        }
        // Active: the person just before the verb ("Medvedev visited", "X, Japan's envoy, said").
        if let Some(last) = pool
            .iter()
            .filter(|(r, _)| r.end <= verb.at.start)
            .max_by_key(|(r, _)| r.end)
        {
            let gap = v.between(last.0.end, verb.at.start);
            let words = gap.split_whitespace().count();
            let close = words <= 2 && !gap.contains(['.', ';', '"', '“', '”'])
                || (gap.trim_start().starts_with(',')
                    && gap.trim_end().ends_with(',')
                    && words <= 12);
            if close {
                // "X and Y met": take the names listed before as well.
                let mut first = last.clone();
                for other in pool.iter().filter(|(r, _)| r.end <= last.0.start).rev() {
                    let gap = &p.text[other.0.end..first.0.start];
                    if listed_together(gap) || listed_with_titles(gap) {
                        first = other.clone();
                    } else {
                        break;
                    }
                }
                let (span, ids) = with_listed(p, first, &pool);
                return Some(Found {
                    span,
                    value: label(&ids),
                    written: None,
                    yes: None,
                    fit: 0.9,
                });
            }
        }
        // A group of people just before the verb: "senior Russian and Japanese diplomats Thursday
        // formed …".
        if let Some(g) = group_before(v, verb) {
            return Some(g);
        }
    }
    if !verb_at.is_empty() {
        return None;
    }
    // "Who heads the union?" asks who did what the verb says: a sentence that does not write the
    // verb (nor a word that may stand for it) names people for something else. Only a country the
    // question names on its own ("Who represented Russia …?") may pick one of them out; a country
    // word inside a name ("the Norwegian Ferry Union") says nothing of who is asked for.
    if q.agent_verb.is_some() && !reporting && !q.country_alone {
        return None;
    }
    if reporting {
        return speaker_nearby(engine, p, &s);
    }
    // No verb to anchor on ("Which minister …?", "Who is on the board?"): one person of the
    // country the question names, or the only person in the sentence.
    let wanted: Vec<&(Range<usize>, String, String)> = if q.countries.is_empty() {
        if q.focus.is_none() && !q.kind_noun {
            return None;
        }
        people.iter().collect()
    } else {
        people
            .iter()
            .filter(|(r, id, _)| {
                let person = register.by_id(id);
                let role_country = person.and_then(|x| {
                    x.roles
                        .iter()
                        .find(|ro| ro.article == p.source.id)
                        .and_then(|ro| {
                            crate::extract::countries::in_text(&ro.role)
                                .first()
                                .copied()
                        })
                });
                let side_country = person
                    .and_then(|x| x.side)
                    .and_then(|sd| crate::extract::countries::of_word(sd.country()));
                let written_before = crate::extract::countries::in_text(
                    v.between(r.start.saturating_sub(40).max(s.start), r.start),
                );
                let c = role_country
                    .or(written_before.last().copied())
                    .or(side_country);
                c.is_some_and(|c| q.countries.contains(&c))
            })
            .collect()
    };
    let mut distinct: Vec<&String> = wanted.iter().map(|(_, id, _)| id).collect();
    distinct.dedup();
    if distinct.len() != 1 || sup.coverage < 0.75 {
        return None;
    }
    let one = wanted[0];
    Some(Found::plain(one.0.clone(), one.2.clone(), 0.6))
}

/// Whether the people a value names belong to the countries the question names, when their
/// side is known: "Who represented Japan …?" is never answered with a Russian.
/// A surname alone right after a word of place ("in Mosul", "western Tarnvik") is the place
/// that shares the word, not the person: no answer to "Who …?".
fn at_a_place(text: &str, m: &crate::extract::PersonMention) -> bool {
    let previous = text[..m.start]
        .split_whitespace()
        .next_back()
        .unwrap_or_default()
        .to_lowercase();
    !m.text.contains(' ')
        && matches!(
            previous.as_str(),
            "in" | "at"
                | "near"
                | "from"
                | "into"
                | "outside"
                | "western"
                | "eastern"
                | "northern"
                | "southern"
                | "central"
        )
}

/// "discovered by Eni in 2015": a single capitalised word after "by" is a body's name when no
/// dictionary has it, it says no time ("by March") and names no country ("by Russia").
fn one_word_body(word: &str) -> bool {
    let w = word
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    w.chars().count() > 1
        && !crate::lexicon::is_common_word(&w)
        && !crate::engine::dates::is_time_word(&w)
        && crate::extract::countries::of_word(&w).is_none()
}

pub(super) fn of_asked_country(engine: &Scoped, q: &Question, value: &str) -> bool {
    if q.countries.is_empty() {
        return true;
    }
    let register = engine.register();
    // The person's side; and, when the question writes the country before the noun it asks
    // about, the country every title before their full name names ("Iceland's Transport
    // Minister Sigrún Hallsdóttir" is no Norwegian minister).
    value.split(" and ").all(|name| {
        let person = register.people().iter().find(|x| x.name == name);
        let of = |c: Option<&str>| c.and_then(crate::extract::countries::of_word);
        let side = of(person.as_ref().and_then(|x| x.side.map(|sd| sd.country())));
        let titled = of(person.as_ref().and_then(|x| x.title_country()));
        side.is_none_or(|c| q.countries.contains(&c))
            && q.focus_country
                .zip(titled)
                .is_none_or(|(asked, titled)| asked == titled)
    })
}

/// "Chikahito Harada, Japan's special envoy …, and Russian Deputy Foreign Minister Igor
/// Morgulov": between two listed names, an apposition and the second one's title.
pub(super) fn listed_with_titles(gap: &str) -> bool {
    static GAP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:,[^,;.:]{1,80},)?\s*(?:and|or)\s+(?:[A-Z][\w'’-]*\s+){1,5}$")
            .expect("pattern compiles")
    });
    GAP.is_match(gap)
}

/// A quotation standing alone as a sentence: its speaker in the next sentence ("…," Morgulov
/// added.) or the one before it ending with a colon.
pub(super) fn speaker_nearby(
    engine: &Scoped,
    p: &StoredPassage,
    s: &Range<usize>,
) -> Option<Found> {
    static SAID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:said|says|added|adds|told|noted|stressed|explained|stated|declared)\b")
            .expect("pattern compiles")
    });
    let sentence = p.text[s.clone()].trim_start();
    if !sentence.starts_with(['"', '“']) {
        return None;
    }
    let i = p.sentences.iter().position(|x| x == s)?;
    let register = engine.register();
    let name_of = |id: &str| register.by_id(id).map(|x| x.name.clone());
    let near = |r: &Range<usize>| {
        p.mentions
            .people
            .iter()
            .filter(|m| m.start >= r.start && m.end <= r.end)
            .filter(|m| {
                SAID.find_iter(&p.text[r.clone()]).any(|v| {
                    let v = r.start + v.start()..r.start + v.end();
                    let gap = if m.end <= v.start {
                        &p.text[m.end..v.start]
                    } else if v.end <= m.start {
                        &p.text[v.end..m.start]
                    } else {
                        "x x x x x x x"
                    };
                    gap.split_whitespace().count() <= 3
                })
            })
            .map(|m| (m.start..m.end, m.person.clone()))
            .collect::<Vec<_>>()
    };
    let mut found = p.sentences.get(i + 1).map(&near).unwrap_or_default();
    // The sentence before ends with a colon, or is itself a quotation its speaker is named for
    // ("…," Morgulov said. "Of course, …"): the same speaker goes on.
    if found.is_empty() && i > 0 {
        let before = p.text[p.sentences[i - 1].clone()].trim();
        if before.ends_with(':') || before.starts_with(['"', '“']) {
            found = near(&p.sentences[i - 1]);
        }
    }
    found.dedup_by(|a, b| a.1 == b.1);
    let [(span, id)] = found.as_slice() else {
        return None;
    };
    Some(Found::plain(span.clone(), name_of(id)?, 0.8))
}

/// "senior Russian and Japanese diplomats Thursday formed": a phrase ending in a noun for people
/// right before the verb (time words between allowed).
pub(super) fn group_before(v: &View, verb: &Tok) -> Option<Found> {
    let at = v.toks.iter().position(|t| t.at == verb.at)?;
    let mut end = at;
    while end > 0 {
        let t = &v.toks[end - 1];
        let time = dates::is_time_word(&t.lower)
            || matches!(
                t.lower.as_str(),
                "have"
                    | "has"
                    | "had"
                    | "also"
                    | "will"
                    | "would"
                    | "jointly"
                    | "already"
                    | "today"
                    | "yesterday"
            );
        if time {
            end -= 1;
        } else {
            break;
        }
    }
    let head = v.toks.get(end.checked_sub(1)?)?;
    if !GROUP_NOUNS.iter().any(|g| head.stem.starts_with(g)) || head.clause != verb.clause {
        return None;
    }
    let mut start = end - 1;
    while start > 0 {
        let t = &v.toks[start - 1];
        let gap = v.between(t.at.end, v.toks[start].at.start);
        if gap.trim().is_empty()
            && t.clause == head.clause
            && !matches!(
                t.lower.as_str(),
                "the" | "a" | "an" | "by" | "of" | "to" | "that"
            )
            && !t.text.ends_with("'s")
        {
            start -= 1;
        } else {
            break;
        }
    }
    let span = v.toks[start].at.start..head.at.end;
    let value = v.between(span.start, span.end).to_string();
    Some(Found {
        span,
        value,
        written: None,
        yes: None,
        fit: 0.8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::PersonMention;

    fn mention(text: &str, word: &str) -> PersonMention {
        let start = text.find(word).expect("the word is in the text");
        PersonMention {
            person: "per-hamnes".into(),
            start,
            end: start + word.len(),
            text: word.into(),
        }
    }

    #[test]
    fn a_surname_alone_after_a_word_of_place_is_the_place() {
        let t = "The flooding in western Hamnes was the worst in years.";
        assert!(at_a_place(t, &mention(t, "Hamnes")));
        let t = "Crews reached the quay in Hamnes by noon.";
        assert!(at_a_place(t, &mention(t, "Hamnes")));
        let t = "Hamnes said the teams would stay.";
        assert!(!at_a_place(t, &mention(t, "Hamnes")));
        let t = "It was in Per Hamnes's report.";
        assert!(!at_a_place(t, &mention(t, "Per Hamnes")));
    }
}
