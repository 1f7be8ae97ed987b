//! "Who is Russia's defense minister?": the holder of a role, from the register and the words
//! written around names.

use std::ops::Range;

use crate::engine::answer::{AnswerKind, ShortAnswer};
use crate::engine::question::{Question, RoleAsk};
use crate::engine::{query, Citation, Scoped};
use crate::error::Result;
use crate::extract::countries;
use crate::extract::Person;
use crate::index::{Request, StoredPassage};

/// Ranks a title must be asked for to be given: "Russia's foreign minister" is not its deputy.
const RANKS: [&str; 9] = [
    "deputy",
    "vice",
    "former",
    "acting",
    "first",
    "assistant",
    "ex",
    "then",
    "junior",
];

/// Someone whose stated role is the one asked for, and where it was said.
struct Holder {
    id: String,
    name: String,
    role: String,
    article: String,
    paragraph: usize,
    date: Option<(i32, Option<u32>, Option<u32>)>,
    /// Position of the article among those about the question's context (0 without context).
    rank: usize,
    /// The passage saying it, when found by search rather than the register.
    passage: Option<(StoredPassage, Range<usize>)>,
}

/// "Who is Russia's defense minister?": the person whose stated role has the question's words and
/// country, in an article about what the question adds ("at the time of the Krasnoyarsk summit"),
/// the latest said otherwise. Roles come from the people register and from the words written
/// around a name in the passages that hold the role's words ("US Secretary of State Rex
/// Tillerson"). Returns the citation of the passage stating it and the answer.
pub(super) fn role_holder(
    engine: &Scoped,
    q: &Question,
    role: &RoleAsk,
) -> Result<Option<(Citation, ShortAnswer)>> {
    // The register folded for this audience: another server's people and the roles its
    // additions stated are not walked, so they can be neither the answer nor its citation.
    let register = engine.register();
    let context_articles: Option<Vec<String>> = if role.context.is_empty() {
        None
    } else {
        let words: Vec<&str> = role.context.iter().map(|t| t.text.as_str()).collect();
        let hits = engine.search(&Request {
            text: words.join(" "),
            limit: 50,
            ..Request::default()
        })?;
        // Only passages holding every context word place the role in that time.
        let stems: std::collections::HashSet<String> =
            role.context.iter().flat_map(|t| t.stems.clone()).collect();
        let mut ids: Vec<String> = Vec::new();
        for h in &hits {
            let found = engine.find_tokens(&h.passage.text, &stems);
            let all = role
                .context
                .iter()
                .all(|t| found.iter().any(|(s, _)| t.stems.contains(s)));
            if all && !ids.contains(&h.passage.source.id) {
                ids.push(h.passage.source.id.clone());
            }
        }
        Some(ids)
    };
    let day = |d: Option<crate::corpus::PartialDate>| d.map(|d| (d.year, d.month, d.day));
    // "Who was Japan's foreign minister in March 2017?": said in an article of that time.
    let in_time = |date: Option<(i32, Option<u32>, Option<u32>)>| {
        role.when
            .is_none_or(|w| date.is_some_and(|(y, m, _)| w.holds(y, m)))
    };
    let rank_of = |article: &str, date| match &context_articles {
        _ if !in_time(date) => None,
        Some(ids) => ids.iter().position(|id| id == article),
        None => Some(0),
    };
    let mut found: Vec<Holder> = Vec::new();
    // "the culture minister of El Salvador": the name after "of" in the role's words or, for a
    // role found in a passage, in that passage or its headline.
    let names_of = |text: &str| {
        let lower = text.to_lowercase();
        role.of.iter().all(|w| lower.contains(w.as_str()))
    };
    // The register repeats a few wordings thousands of times ("President"): each is analysed once.
    let mut wording_fits: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for p in register.people() {
        for r in &p.roles {
            let fits = *wording_fits
                .entry(r.role.as_str())
                .or_insert_with(|| role_words_match(engine, role, &r.role) && names_of(&r.role));
            if !fits || !role_country_fits(role, p, &r.role) {
                continue;
            }
            let Some(rank) = rank_of(&r.article, day(r.date)) else {
                continue;
            };
            found.push(Holder {
                id: p.id.clone(),
                name: p.name.clone(),
                role: r.role.clone(),
                article: r.article.clone(),
                paragraph: r.paragraph,
                date: day(r.date),
                rank,
                passage: None,
            });
        }
    }
    // The words around each name in passages holding the role's words.
    let words: Vec<String> = role
        .typed
        .iter()
        .cloned()
        .chain(role.country.map(|c| c.name().to_string()))
        .collect();
    let hits = engine.search(&Request {
        text: words.join(" "),
        limit: 40,
        ..Request::default()
    })?;
    for h in &hits {
        let p = &h.passage;
        let Some(rank) = rank_of(&p.source.id, day(p.source.date)) else {
            continue;
        };
        for m in &p.mentions.people {
            let Some(person) = register.by_id(&m.person) else {
                continue;
            };
            for written in role_words_around(p, m.start..m.end) {
                let of_ok = names_of(written) || names_of(&p.text) || names_of(&p.source.title);
                if !of_ok || !role_words_match(engine, role, written) {
                    continue;
                }
                // Around a name the nearest country written before it is the role's.
                let country = countries::in_text(written)
                    .last()
                    .copied()
                    .or_else(|| person.side.and_then(|s| countries::of_word(s.country())));
                if role.country.is_none_or(|c| country == Some(c)) {
                    found.push(Holder {
                        id: person.id.clone(),
                        name: person.name.clone(),
                        role: written.trim_start_matches("the ").to_string(),
                        article: p.source.id.clone(),
                        paragraph: p.paragraph,
                        date: day(p.source.date),
                        rank,
                        passage: Some((p.clone(), m.start..m.end)),
                    });
                }
            }
        }
    }
    // Within the context, its best article first; otherwise the latest said.
    found.sort_by(|a, b| a.rank.cmp(&b.rank).then(b.date.cmp(&a.date)));
    let Some(best) = found.first() else {
        return Ok(None);
    };
    tracing::debug!(name = %best.name, role = %best.role, article = %best.article, "role holder");
    // Two people for the same place and time, or "who was …" with no time given: no single answer.
    let rival = found.iter().any(|o| {
        o.id != best.id
            && o.rank == best.rank
            && (context_articles.is_some() || o.date == best.date || role.past)
    });
    if rival {
        return Ok(None);
    }
    let (p, mention) = match &best.passage {
        Some((p, m)) => (p.clone(), m.clone()),
        None => {
            let hits = engine.search(&Request {
                roles: vec![best.id.clone()],
                limit: 200,
                ..Request::default()
            })?;
            let Some(hit) = hits
                .iter()
                .find(|h| {
                    h.passage.source.id == best.article && h.passage.paragraph == best.paragraph
                })
                .or(hits.first())
            else {
                return Ok(None);
            };
            let m = hit
                .passage
                .mentions
                .people
                .iter()
                .find(|m| m.person == best.id)
                .map(|m| m.start..m.end)
                .unwrap_or(0..0);
            (hit.passage.clone(), m)
        }
    };
    let sentence = p
        .sentences
        .iter()
        .find(|s| s.start <= mention.start && mention.end <= s.end)
        .cloned()
        .unwrap_or(0..p.text.len());
    let citation = query::cite(engine, &p, vec![mention], &q.tokens);
    Ok(Some((
        citation,
        ShortAnswer {
            kind: AnswerKind::Person,
            value: best.name.clone(),
            yes: None,
            written: Some(best.role.clone()),
            date: None,
            evidence: p.text[sentence].to_string(),
            confidence: if role.country.is_some() { 0.9 } else { 0.7 },
        },
    )))
}

/// The words written right before a name ("US Secretary of State Rex Tillerson") and in an
/// apposition right after it ("Sergey Shoigu, the Russian defense minister,"), within its clause.
fn role_words_around(p: &StoredPassage, name: Range<usize>) -> Vec<&str> {
    let mut out = Vec::new();
    let before = &p.text[..name.start];
    let from = before
        .rfind(['.', ';', ':', '"', '“', '”', '(', ')'])
        .map_or(0, |i| i + 1);
    // "Ministers Ane Dahl of Norway and Jon Sigurdsson": the words before an earlier name, and
    // that name's own, are that person's, not the later one's.
    let after_other = p
        .mentions
        .people
        .iter()
        .map(|m| m.end)
        .filter(|&end| end <= name.start)
        .max()
        .unwrap_or(0);
    let mut start = from.max(after_other).max(name.start.saturating_sub(60));
    while !p.text.is_char_boundary(start) {
        start += 1;
    }
    let window = p.text[start..name.start].trim_end().trim_end_matches(',');
    // The title is the run of words after the last comma or verb-like gap.
    let title = window.rsplit(", ").next().unwrap_or(window).trim();
    if !title.is_empty() && title.split_whitespace().count() <= 8 {
        out.push(title);
    }
    if let Some(rest) = p.text[name.end..].strip_prefix(", ") {
        let end = rest
            .find([',', '.', ';', '(', '"', '“'])
            .unwrap_or(rest.len());
        let phrase = rest[..end].trim();
        if phrase.split_whitespace().count() <= 10 {
            out.push(phrase);
        }
    }
    out
}

/// Whether a stated role belongs to the country the question names: the country its words
/// name, else the person's side.
fn role_country_fits(role: &RoleAsk, p: &Person, written: &str) -> bool {
    let Some(asked) = role.country else {
        return true;
    };
    let country = countries::in_text(written)
        .first()
        .copied()
        .or_else(|| p.side.and_then(|s| countries::of_word(s.country())));
    country == Some(asked)
}

/// Whether role words as written are the role asked for: every word of it, and no rank the
/// question leaves out. The country is checked apart (see [`role_country_fits`]).
fn role_words_match(engine: &Scoped, role: &RoleAsk, written: &str) -> bool {
    let stems = engine.analyse(written);
    if !role
        .words
        .iter()
        .all(|w| w.iter().any(|x| stems.contains(x)))
    {
        return false;
    }
    let lower = written.to_lowercase();
    let ranks_ok = lower
        .split(|c: char| !c.is_alphanumeric())
        .all(|w| !RANKS.contains(&w) || role.typed.iter().any(|t| t == w));
    ranks_ok && !lower.contains("counterpart")
}
