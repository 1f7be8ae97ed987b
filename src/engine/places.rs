//! `/where PLACE`: where a place is, both sides' names for it, and what happened there.

use super::query;
use super::{text, Finding, PlaceFound, Reply, Scoped};
use crate::error::Result;
use crate::extract::{Gazetteer, Place};
use crate::index::Request;

/// Most passages of one place looked through for citations (near-duplicate excerpts are
/// skipped, so more than the citation limit may be needed).
const PASSAGES_LIMIT: usize = 500;

/// The place a query names: exactly by any of its names, else by a close spelling.
pub fn find<'a>(g: &'a Gazetteer, q: &str) -> Option<&'a Place> {
    if let Some(p) = g.lookup(q) {
        return Some(p);
    }
    let lowered = q.trim().to_lowercase();
    let q = lowered.as_str();
    if q.chars().count() < 5 {
        return None;
    }
    g.places()
        .iter()
        .flat_map(|p| {
            p.all_names()
                .into_iter()
                .map(move |n| (strsim::levenshtein(&n.to_lowercase(), q), p))
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

/// A place as `/where` answers with it: both sides' names, other names, what it belongs to,
/// the gazetteer's note, how often it is mentioned.
pub fn found(engine: &Scoped, p: &Place, passages: usize) -> PlaceFound {
    let label = p.label();
    let other_names = p
        .all_names()
        .into_iter()
        .filter(|n| !label.to_lowercase().contains(&n.to_lowercase()))
        .map(str::to_string)
        .collect();
    PlaceFound {
        label,
        other_names,
        part_of: p
            .part_of
            .as_deref()
            .and_then(|n| engine.gazetteer().get(n))
            .map(|parent| parent.label()),
        about: p.about.clone(),
        passages,
    }
}

/// Answers `/where`.
pub fn place(engine: &Scoped, q: &str) -> Result<Reply> {
    let Some(place) = find(engine.gazetteer(), q) else {
        let (n, citations) = text::ranked(engine, q)?;
        let found = if n == 0 {
            Finding::NoMention
        } else {
            Finding::NoSuchPlace
        };
        return Ok((Some(found), citations, Vec::new()));
    };
    // A place's own passages first, then those naming only one of its parts.
    let mut names = vec![place.name.clone()];
    names.extend(
        engine
            .gazetteer()
            .parts_of(&place.name)
            .iter()
            .map(|p| p.name.clone()),
    );
    let all_names = std::iter::once(place)
        .chain(engine.gazetteer().parts_of(&place.name))
        .flat_map(|p| p.all_names())
        .collect::<Vec<_>>()
        .join(" ");
    let tokens = query::query_tokens(engine, &all_names);
    let passages = engine.count(&Request {
        places: names.clone(),
        ..Request::default()
    })?;
    let cite = |hit: Result<crate::index::Hit>| {
        let hit = hit?;
        let anchors = hit
            .passage
            .mentions
            .places
            .iter()
            .filter(|m| names.contains(&m.place))
            .map(|m| m.start..m.end)
            .collect();
        Ok(query::cite(engine, &hit.passage, anchors, &tokens))
    };
    let citations = query::widening(engine.max_citations(), PASSAGES_LIMIT, |limit| {
        // The place's own passages first, then those naming only one of its parts; each list
        // ranked by its names' words (articles about the dispute first).
        let own = engine.search_iter(&Request {
            text: all_names.clone(),
            text_only: true,
            places: vec![place.name.clone()],
            limit,
            ..Request::default()
        })?;
        let mut complete = own.len() < limit;
        let parts = if complete && names.len() > 1 {
            let parts = engine.search_iter(&Request {
                text: all_names.clone(),
                text_only: true,
                places: names[1..].to_vec(),
                limit,
                ..Request::default()
            })?;
            complete = parts.len() < limit;
            Some(parts)
        } else {
            None
        };
        let own_place = |h: &Result<crate::index::Hit>| {
            h.as_ref()
                .map(|h| {
                    h.passage
                        .mentions
                        .places
                        .iter()
                        .any(|m| m.place == place.name)
                })
                .unwrap_or(false)
        };
        let ranked = own.chain(parts.into_iter().flatten().filter(|h| !own_place(h)));
        Ok((
            query::finish_fallible(ranked.map(cite), engine.max_citations())?,
            complete,
        ))
    })?;
    let answer = Finding::Place(found(engine, place, passages));
    Ok((Some(answer), citations, Vec::new()))
}
