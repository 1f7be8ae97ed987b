//! "When …?": the date or time phrase attached to the event the question asks about.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

/// "in the final year of World War II", "in the closing days of the conflict": a time phrase
/// with no calendar date.
pub(super) static TIME_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:in|during|at|by|until|since)\s+the\s+(?:final|closing|last|first|early|late|opening|middle|end|beginning|start)(?:\s+(?:years?|days?|months?|weeks?|stages?|hours?|decades?))?\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)*(?:[\w-]+)(?:\s+(?:War|II|I|century))*")
        .expect("time phrase compiles")
});

/// How well a date with no number written fits, resolved against the report's own date: less
/// than one written out, as "last Monday" or "on Friday" may be a week off from the day meant.
const RELATIVE_FIT: f32 = 0.75;

pub(super) fn date(
    engine: &Scoped,
    q: &Question,
    p: &StoredPassage,
    v: &View,
    sup: &Support,
) -> Option<Found> {
    let s = v.offset..v.offset + v.text.len();
    if q.focus.as_deref() == Some("time") {
        return time_of_day(v, sup);
    }
    let mut cands: Vec<Found> = Vec::new();
    let mut precise: Vec<usize> = Vec::new();
    let asks_year = q.focus.as_deref() == Some("year");
    // "On what day …?", "What day of the week …?": a weekday the article writes is the day it
    // gives, whole; its resolution against the report's date may reach only the year.
    let asks_day = matches!(q.focus.as_deref(), Some("day" | "weekday"));
    let asks_month = q.focus.as_deref() == Some("month");
    // "…Conference, which ran from Dec 14 to 16": a relative clause right after the event's
    // clause says when it was.
    let event = v.event_clause();
    let relative_after = |r: &Range<usize>| {
        let c = v.clause_at(r.start);
        c.is_some() && c == event.map(|e| e + 1) && {
            v.toks
                .iter()
                .find(|t| Some(t.clause) == c)
                .is_some_and(|t| matches!(t.lower.as_str(), "which" | "that" | "when"))
        }
    };
    for m in p
        .mentions
        .dates
        .iter()
        .filter(|m| m.start >= s.start && m.end <= s.end && !date_in_question(q, &m.text))
    {
        let r = m.start..m.end;
        if !v.attached(&r) && !relative_after(&r)
            || dates_another_noun(v, &p.text, &r)
            || of_another_person(q, p, v, &r)
            || attribution::reported(q, &p.text[s.start..r.start])
        {
            continue;
        }
        // "In which year …?": a date written with its year; "on Monday" is not one.
        if asks_year && m.text.chars().filter(char::is_ascii_digit).count() < 4 {
            continue;
        }
        // "On which day …?", "In what month …?": a date that does not reach the unit asked
        // ("in 2020" for a day) does not answer it.
        let day_written = m.value.day.is_some() || weekday_written(&m.text).is_some();
        if asks_day && !day_written || asks_month && m.value.month.is_none() {
            continue;
        }
        precise.push(usize::from(m.value.month.is_some()) + usize::from(m.value.day.is_some()));
        let said = dates::say(engine, p, m);
        let day_asked = weekday_written(&m.text).filter(|_| asks_day);
        cands.push(Found {
            span: r,
            value: match day_asked {
                Some(day) => day.to_string(),
                None if m.relative => m.value.human(),
                None => said.clone(),
            },
            written: (m.relative && day_asked.is_none()).then(|| m.text.clone()),
            yes: None,
            fit: if m.relative && !m.text.contains(|c: char| c.is_ascii_digit()) {
                RELATIVE_FIT
            } else {
                0.9
            },
        });
    }
    for m in TIME_PHRASE.find_iter(v.text) {
        let r = s.start + m.start()..s.start + m.end();
        if !v.attached(&r) || in_question(q, m.as_str()) {
            continue;
        }
        // "in the closing days of the conflict in 1945": the phrase and its date together.
        if let Some(c) = cands
            .iter_mut()
            .find(|c| c.span.start >= r.end && v.between(r.end, c.span.start).trim().len() <= 3)
        {
            c.span.start = r.start;
            c.value = format!("{} ({})", c.value, v.between(r.start, c.span.end));
            c.fit = 1.0;
            continue;
        }
        cands.push(Found::plain(r, m.as_str().to_string(), 0.8));
        precise.push(0);
    }
    // A day beats a month, a month a year ("Dec 14" over "this year's").
    let most = precise.iter().copied().max()?;
    let cands = cands
        .into_iter()
        .zip(precise)
        .filter(|(_, n)| *n == most)
        .map(|(c, _)| c)
        .collect();
    nearest(cands, sup)
}

/// "his wife Ana Berg, who died in 1949": a date in a clause opened by "who" right after a
/// person's name is that person's, not the event of someone else the question names.
fn of_another_person(q: &Question, p: &StoredPassage, v: &View, r: &Range<usize>) -> bool {
    let Some(c) = v.clause_at(r.start) else {
        return false;
    };
    let Some(who) = v.toks.iter().find(|t| t.clause == c) else {
        return false;
    };
    if who.lower != "who" {
        return false;
    }
    p.mentions.people.iter().any(|m| {
        m.end <= who.at.start
            && p.text[m.end..who.at.start].trim() == ","
            && !in_question(q, &m.text)
    })
}

/// Words after a date in the possessive that may be its noun's ("last year's informal summit").
const POSSESSED_WORDS: usize = 3;

/// "Wednesday's talks marked the first since they met in May": a date in the possessive dates
/// the noun after it, not the sentence's event, unless that noun is the question's own.
fn dates_another_noun(v: &View, text: &str, r: &Range<usize>) -> bool {
    let (written, after) = (&text[r.clone()], &text[r.end..]);
    // The date finder may take the 's in ("Last year's").
    let possessive = ["'s", "’s"].iter().any(|p| written.ends_with(p))
        || ["'s ", "’s "].iter().any(|p| after.starts_with(p));
    // "Last year's informal summit": the noun may come after a word or two describing it.
    possessive
        && !v
            .toks
            .iter()
            .filter(|t| t.at.start >= r.end && t.text != "s")
            .take(POSSESSED_WORDS)
            .any(|t| t.matched)
}

/// Whether sentence `s` of `p` dates the event the question asks about: a date or time phrase
/// in the event's clause (or fronted before it), not one of another clause that only shares its
/// names. `found` are the question's words in the passage.
pub fn dates_the_event(
    engine: &Scoped,
    q: &Question,
    p: &StoredPassage,
    s: &Range<usize>,
    found: &[(String, Range<usize>)],
) -> bool {
    let sup = Support {
        coverage: 0.0,
        matches: found
            .iter()
            .filter(|(stem, r)| {
                r.start >= s.start && r.end <= s.end && q.terms.iter().any(|t| t.matches(stem))
            })
            .map(|(_, r)| r.clone())
            .collect(),
        around: 0,
    };
    let v = View::new(engine, q, p, s, &sup);
    let dated = p.mentions.dates.iter().any(|m| {
        m.start >= s.start
            && m.end <= s.end
            && !date_in_question(q, &m.text)
            && v.attached(&(m.start..m.end))
    });
    dated
        || TIME_PHRASE
            .find_iter(v.text)
            .any(|m| v.attached(&(s.start + m.start()..s.start + m.end())))
}

/// The candidate nearest the question's words; a tie between two different answers is no answer.
/// "What time …?": the time of day written in the event's clause ("was at 12.45am").
fn time_of_day(v: &View, sup: &Support) -> Option<Found> {
    let cands: Vec<Found> = crate::engine::clock::clock_times(v.text)
        .into_iter()
        .map(|r| v.offset + r.start..v.offset + r.end)
        .filter(|r| v.attached(r))
        .map(|r| {
            Found::plain(
                r.clone(),
                v.text[r.start - v.offset..r.end - v.offset].to_string(),
                1.0,
            )
        })
        .collect();
    nearest(cands, sup)
}

pub(super) fn nearest(cands: Vec<Found>, sup: &Support) -> Option<Found> {
    let key = |c: &Found| query::distance(&c.span, &sup.matches);
    let best = cands.iter().min_by_key(|c| key(c))?.clone();
    let tie = cands
        .iter()
        .any(|c| c.value != best.value && key(c) == key(&best) && c.span != best.span);
    (!tie).then_some(best)
}

/// The weekday a date's words name ("on Thursday", "last Monday"), as written.
fn weekday_written(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_alphabetic())
        .find(|w| crate::corpus::partial_date::WEEKDAY_NAMES.contains(w))
}
