//! "Who is Russia's defense minister?": the holder of a role, from the register and the words
//! written around names.

use std::ops::Range;

use crate::engine::answer::{AnswerKind, ShortAnswer};
use crate::engine::question::{Question, RoleAsk};
use crate::engine::{query, Citation, Scoped};
use crate::error::Result;
use crate::extract::countries;
use crate::extract::Person;
use crate::index::{Hit, Request, StoredPassage};

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
/// Tillerson"). `asked` are the question's own search hits, whose best article is cited where it
/// says it too. Returns the citation of the passage stating it and the answer.
pub(super) fn role_holder(
    engine: &Scoped,
    q: &Question,
    role: &RoleAsk,
    asked: &[Hit],
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
            let fits = *wording_fits.entry(r.role.as_str()).or_insert_with(|| {
                role_words_match(engine, role, &r.role)
                    && names_of(&r.role)
                    && owned_as_asked(role, &r.role)
            });
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
        .chain(role.owner.iter().cloned())
        .chain(role.of.iter().cloned())
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
            for (written, side) in role_words_around(p, m.start..m.end) {
                // The body or place after the role's "of", in the role's words, the sentence
                // naming the holder, or the headline; a passage that names it elsewhere may tell
                // of another's role ("UKIP leader …" beside "the House of Commons").
                let sentence = p
                    .sentences
                    .iter()
                    .find(|s| s.start <= m.start && m.end <= s.end)
                    .map_or(p.text.as_str(), |s| &p.text[s.clone()]);
                let of_ok = names_of(written) || names_of(sentence) || names_of(&p.source.title);
                if !of_ok
                    || !role_words_match(engine, role, written)
                    || !owned_as_asked(role, written)
                    || side == Side::Before && !ends_the_title(engine, role, written)
                {
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
    // Of the places saying it, the one in the article the question's own search ranks highest.
    let ranked = |h: &Holder| {
        asked
            .iter()
            .position(|x| x.passage.source.id == h.article)
            .unwrap_or(usize::MAX)
    };
    let best = found
        .iter()
        .filter(|o| o.id == best.id)
        .min_by_key(|o| ranked(o))
        .unwrap_or(best);
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

/// Where role words stand from the name they are said of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Right before it, as a title: "US Secretary of State Rex Tillerson".
    Before,
    /// In an apposition after it: "Sergey Shoigu, the Russian defense minister,".
    After,
}

/// The words written right before a name ("US Secretary of State Rex Tillerson") and in an
/// apposition right after it ("Sergey Shoigu, the Russian defense minister,"), within its clause.
fn role_words_around(p: &StoredPassage, name: Range<usize>) -> Vec<(&str, Side)> {
    let mut out = Vec::new();
    let before = &p.text[..name.start];
    let from = before
        .rfind(['.', ';', ':', '"', '“', '”', '(', ')'])
        .map_or(0, |i| i + 1);
    // "Ministers Ane Dahl of Norway and Jon Sigurdsson": the words before an earlier name, and
    // that name's own, are that person's, not the later one's.
    // "Masood's mother Janet Ajao": an earlier name in the possessive is whose the role is, and
    // stays in its words.
    let after_other = p
        .mentions
        .people
        .iter()
        .filter(|m| m.end <= name.start)
        .max_by_key(|m| m.end)
        .map_or(0, |m| {
            let rest = &p.text[m.end..];
            if rest.starts_with("'s ") || rest.starts_with("’s ") {
                m.start
            } else {
                m.end
            }
        });
    let mut start = from.max(after_other).max(name.start.saturating_sub(60));
    while !p.text.is_char_boundary(start) {
        start += 1;
    }
    let window = p.text[start..name.start].trim_end().trim_end_matches(',');
    // The title is the run of words after the last comma or verb-like gap.
    let title = window.rsplit(", ").next().unwrap_or(window).trim();
    if !title.is_empty() && title.split_whitespace().count() <= 8 {
        out.push((title, Side::Before));
    }
    if let Some(rest) = p.text[name.end..].strip_prefix(", ") {
        let end = rest
            .find([',', '.', ';', '(', '"', '“'])
            .unwrap_or(rest.len());
        let phrase = rest[..end].trim();
        if phrase.split_whitespace().count() <= 10 {
            out.push((phrase, Side::After));
        }
    }
    out
}

/// Whether the role written is the owner's the question names: "Masood's mother" for "Khalid
/// Masood's mother", where a later mention writes only the last word of the owner's name.
fn owned_as_asked(role: &RoleAsk, written: &str) -> bool {
    let Some(last) = role.owner.last() else {
        return true;
    };
    written
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == last)
}

/// Whether a title written before a name ends with the role asked: only a name's own words
/// ("Secretary of State") may follow its head. In "the mother of Westminster attacker Khalid
/// Masood" the name is the attacker, and the mother is someone else.
fn ends_the_title(engine: &Scoped, role: &RoleAsk, written: &str) -> bool {
    let Some(head) = role.words.last() else {
        return true;
    };
    let words: Vec<&str> = written.split_whitespace().collect();
    let Some(at) = words
        .iter()
        .rposition(|w| engine.analyse(w).iter().any(|s| head.contains(s)))
    else {
        return true;
    };
    words[at + 1..]
        .iter()
        .all(|w| w.starts_with(char::is_uppercase) || matches!(*w, "of" | "the" | "and" | "for"))
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
