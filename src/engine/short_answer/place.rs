//! "Where …?": the place of the event, by preposition and by what the gazetteer says it is.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::*;

pub(super) fn place(
    engine: &Scoped,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let g = &engine.gazetteer();
    let s = v.offset..v.offset + v.text.len();
    let mut scored: Vec<(Range<usize>, String, f32)> = Vec::new();
    for m in p
        .mentions
        .places
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end)
    {
        if g.get(&m.place)
            .is_some_and(|pl| pl.all_names().iter().any(|n| in_question(q, n)))
        {
            continue;
        }
        let r = m.start..m.end;
        if !v.attached(&r) {
            continue;
        }
        let mut before_words = p.text[..m.start].split_whitespace().rev();
        let before = before_words.next().unwrap_or("").to_lowercase();
        let before2 = before_words.next().unwrap_or("").to_lowercase();
        let after = &p.text[m.end..];
        let written = &p.text[m.start..m.end];
        let mut fit: f32 = 0.5;
        let locative = |w: &str| {
            matches!(
                w,
                "in" | "at" | "near" | "off" | "outside" | "to" | "into" | "visit" | "visited"
            )
        };
        // "in Sochi", "in northeastern China", "the city of Nagato"; not "north of Hokkaido".
        let place_of = before == "of"
            && matches!(
                before2.as_str(),
                "city"
                    | "town"
                    | "resort"
                    | "region"
                    | "village"
                    | "port"
                    | "island"
                    | "islands"
                    | "province"
                    | "area"
                    | "capital"
                    | "state"
            );
        // "north of Hokkaido": a bearing from the place.
        let bearing = before == "of" && is_bearing(&before2);
        // "Where did it take off from?": the place after "from" is the one asked.
        let origin = before == "from" && asks_origin(q);
        let located = locative(&before)
            || origin
            || place_of
            || bearing
            || (matches!(before2.as_str(), "in" | "at" | "near")
                && before.chars().all(|c| c.is_lowercase()));
        if located {
            fit += 0.4;
        }
        // "In which city …?": a place the gazetteer does not describe so, nor the text, is
        // a weaker answer.
        if let Some(focus) = &q.focus {
            let typed = g.get(&m.place).is_some_and(|pl| {
                engine.analyse(&pl.about).contains(focus)
                    || engine.analyse(&pl.name).contains(focus)
            }) || named_by_focus(q, v, m.start);
            if !typed {
                fit -= 0.4;
            }
        }
        // "Siberian city", "Russia's deputy": a modifier, not where something happened, unless
        // the question asks so ("Which state's law …?").
        let possessive = after.starts_with("'s") || after.starts_with("’s");
        if q.focus_possessive && possessive {
            fit += 0.4;
        } else if written.ends_with("ian") || written.ends_with("ese") || possessive {
            fit -= 0.5;
        }
        if g.get(&m.place).is_some_and(|pl| pl.part_of.is_some()) {
            fit += 0.1;
        }
        let named = named_by_focus(q, v, m.start);
        if named {
            fit += 0.3;
        }
        // "a Reykjavik gang", "the nature of Norway": a place no word puts anything in names
        // where nothing happened, unless the question's noun names it ("the city Vellby").
        if !(located || named || q.focus_possessive && possessive) {
            fit = fit.min(UNPLACED);
        }
        scored.push((r, m.place.clone(), fit));
    }
    for c in AFTER_PREP.captures_iter(v.text) {
        let prep = c.get(1).expect("group 1").as_str();
        let m = c.get(2).expect("group 2");
        // "to Paris' other airport": a name in the possessive describes the place after it.
        let possessive = m.as_str().ends_with(['\'', '’'])
            || ["'s", "’s"]
                .iter()
                .any(|p| v.text[m.end()..].starts_with(p));
        if possessive && !q.focus_possessive {
            continue;
        }
        let r = s.start + m.start()..s.start + m.end();
        // A name right after "in"/"at" is a place even where the name finder took it for a person
        // ("at La Moneda palace").
        let taken = scored
            .iter()
            .any(|(o, _, _)| o.start < r.end && r.start < o.end)
            || p.mentions
                .dates
                .iter()
                .any(|d| d.start < r.end && r.start < d.end);
        if taken || !v.attached(&r) || in_question(q, m.as_str()) {
            continue;
        }
        if prep == "from" && !asks_origin(q) {
            continue;
        }
        if dates::is_time_word(&m.as_str().to_lowercase()) {
            continue;
        }
        // "in Syria" for a question about Damascus: the country around what was asked is no answer.
        let around_asked = crate::extract::countries::of_word(m.as_str()).is_some_and(|c| {
            q.terms.iter().any(|t| {
                t.name
                    && crate::extract::countries::of_word(&t.text) == Some(c)
                    && !t.text.eq_ignore_ascii_case(m.as_str())
            })
        });
        if around_asked {
            continue;
        }
        let fit = if named_by_focus(q, v, r.start) {
            1.0
        } else if prep == "to" {
            0.6
        } else {
            0.7
        };
        scored.push((r, m.as_str().to_string(), fit));
    }
    // "Which city hosted …?": the place written right before the verb, its subject ("Almaty
    // plays host to …", "Oslo hosted …"), at most one word between and no comma.
    if let Some(agent) = q.agent_term() {
        let verbs: Vec<&Tok> = v.toks.iter().filter(|t| agent.matches(&t.stem)).collect();
        for (r, _, fit) in scored.iter_mut() {
            let subject = verbs.iter().any(|t| {
                t.at.start > r.end && {
                    let between = v.between(r.end, t.at.start);
                    !between.contains(',') && between.split_whitespace().count() <= 1
                }
            });
            if subject {
                *fit = fit.max(0.9);
            }
        }
        for t in &verbs {
            let before = v.between(s.start, t.at.start);
            let words: Vec<&str> = before.split_whitespace().collect();
            // The sentence's opening name, one word from the verb: a place the gazetteer may not
            // hold ("Tarnby hosted …").
            let name_len = words
                .iter()
                .take_while(|w| w.starts_with(char::is_uppercase))
                .count();
            if name_len == 0
                || words.len() > name_len + 1
                || in_question(q, words[0])
                || query::is_stopword(words[0])
            {
                continue;
            }
            let name = words[..name_len].join(" ");
            let start = s.start + before.find(words[0]).unwrap_or(0);
            let r = start..start + name.len();
            if p.text.get(r.clone()) == Some(name.as_str())
                && !scored
                    .iter()
                    .any(|(o, _, _)| o.start < r.end && r.start < o.end)
                && !dates::is_time_word(&name.to_lowercase())
            {
                scored.push((r, name, 0.8));
            }
        }
    }
    // "Which state's overtime law …?": the name written with 's right before the question's words
    // ("Maine's overtime law").
    if q.focus_possessive {
        // The word tokeniser leaves the "s" of "Maine's" as a word of its own.
        for w in v.toks.windows(3) {
            let written = &p.text[w[0].at.clone()];
            let rest = &p.text[w[0].at.end..];
            let has_s = (rest.starts_with("'s") || rest.starts_with("’s")) && w[1].text == "s";
            if has_s
                && written.starts_with(char::is_uppercase)
                && w[2].matched
                && !in_question(q, written)
                && !scored.iter().any(|(o, _, _)| *o == w[0].at)
            {
                scored.push((w[0].at.clone(), written.to_string(), 1.0));
            }
        }
    }
    let key =
        |x: &(Range<usize>, String, f32)| x.2 - query::distance(&x.0, &sup.matches) as f32 / 200.0;
    let best = scored
        .iter()
        .max_by(|a, b| key(a).total_cmp(&key(b)))?
        .clone();
    if best.2 < 0.5 {
        return None;
    }
    if scored.iter().any(|o| {
        o.1 != best.1
            && (key(o) - key(&best)).abs() < 0.05
            && !listed_together(v.between(o.0.end.min(best.0.end), o.0.start.max(best.0.start)))
    }) {
        return None;
    }
    // "the International Court of Justice in The Hague": the place and where it is, together.
    let within = scored
        .iter()
        .find(|o| {
            o.0.start > best.0.end && matches!(v.between(best.0.end, o.0.start), " in " | ", ")
        })
        .cloned();
    let pool: Vec<(Range<usize>, String)> = scored
        .iter()
        .map(|(r, n, _)| (r.clone(), n.clone()))
        .collect();
    let best = match scored.iter().find(|o| {
        o.0.end < best.0.start && matches!(v.between(o.0.end, best.0.start), " in " | ", ")
    }) {
        // The best is where a place before it lies: answer with that place.
        Some(outer) if outer.2 >= 0.5 => outer.clone(),
        _ => best,
    };
    let within = within.filter(|w| {
        w.0.start > best.0.end && matches!(v.between(best.0.end, w.0.start), " in " | ", ")
    });
    if let Some(w) = within {
        let label = |n: &str| {
            g.get(n)
                .map(|pl| pl.label())
                .unwrap_or_else(|| n.to_string())
        };
        return Some(Found::plain(
            best.0.start..w.0.end,
            format!("{} in {}", label(&best.1), label(&w.1)),
            best.2,
        ));
    }
    let (span, names) = with_listed(p, (best.0.clone(), best.1.clone()), &pool);
    let labels: Vec<String> = names
        .iter()
        .map(|n| g.get(n).map(|pl| pl.label()).unwrap_or_else(|| n.clone()))
        .collect();
    Some(Found {
        span,
        value: labels.join(" and "),
        written: None,
        yes: None,
        fit: best.2,
    })
}

/// One word of a place's name: capitalised, and so is every part after a hyphen but a joining
/// particle ("Rostov-on-Don", "Yuzhno-Sakhalinsk"); "Geneva-based" is a word about a place, not
/// its name, so the name stops before it and the cut is seen as a piece of a word.
const PLACE_WORD: &str =
    r"[A-Z][\p{L}’']*(?:-(?:(?:upon|on|sur|en|am|de|la|le)-)?[A-Z][\p{L}’']*)*";

/// Capitalised names after "in"/"at" that the gazetteer does not hold ("in Nagato", "in Oslo").
static AFTER_PREP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\b(in|at|near|off|outside|to|from)\s+(?:the\s+)?(?:(?:[a-z]+\s+){{0,2}}(?:city|town|port|village|resort|region|province|area)\s+of\s+)?((?:{w})(?:\s+(?:of\s+|de\s+|del\s+)?{w}){{0,4}}(?:\s+(?:palace|hall|building|hotel|stadium|square|house|museum|airport|university|hospital|cent(?:er|re)|headquarters|base|port|embassy|mansion|residence))?)", w = PLACE_WORD)).expect("pattern compiles")
});

/// The most a place of the gazetteer weighs when no word before it puts anything there: below
/// the floor at which a place is stated.
const UNPLACED: f32 = 0.45;

/// A word that gives a bearing from a place: "north of", "northeast of", "west of".
fn is_bearing(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    ["north", "south", "east", "west"].iter().any(|d| {
        w.starts_with(d) || w.ends_with(d) || w.strip_suffix("ern").is_some_and(|s| s.ends_with(d))
    })
}

/// "Where had the ferry sailed from?": the question ends on "from", asking where something
/// came from rather than where it happened.
fn asks_origin(q: &Question) -> bool {
    q.trailing_preposition.as_deref() == Some("from")
}

/// "the southwestern city of Nagato", "the resort town Sochi": the question's focus noun ("In which
/// city …?") names the place right before it.
pub(super) fn named_by_focus(q: &Question, v: &View, at: usize) -> bool {
    let Some(focus) = &q.focus else {
        return false;
    };
    v.toks
        .iter()
        .rev()
        .filter(|t| t.at.end <= at)
        .take(2)
        .any(|t| t.stem == *focus)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after_prep(text: &str) -> Vec<&str> {
        AFTER_PREP
            .captures_iter(text)
            .map(|c| c.get(2).expect("group 2").as_str())
            .collect()
    }

    #[test]
    fn a_name_after_a_preposition_keeps_its_hyphenated_parts_and_stops_before_a_lowercase_one() {
        assert_eq!(
            after_prep("the ferry docked at Rostov-on-Don"),
            ["Rostov-on-Don"]
        );
        assert_eq!(
            after_prep("flights to Yuzhno-Sakhalinsk resumed"),
            ["Yuzhno-Sakhalinsk"]
        );
        // Cut before "-agreed" / "-based": the edge check then refuses the piece.
        assert_eq!(
            after_prep("members met in Vilnius-agreed to act"),
            ["Vilnius"]
        );
        assert_eq!(after_prep("staff in Geneva-based offices"), ["Geneva"]);
    }
}
