//! Searches that order passages by something other than score: by `rank` (about the dispute
//! first, then collection order) or by date. The passages about the dispute are searched first,
//! and the others only once those run out.

use std::sync::Arc;

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::guard::guarded;
use super::search::any_of;
use super::{dated, schema, DateFilter, Dated, Hits, PassageIndex, Request, Shared, Snapshot};
use crate::error::Result;

impl PassageIndex {
    /// Passages passing the request's filters (its text is not used) that mention a date
    /// `accept` takes: the first `limit` in citing order (about the dispute first, then by their
    /// earliest such date, then collection order), and, `with_total`, how many such (passage,
    /// date) pairs there are in all. Only the passages taken are read; without the total,
    /// passages off the topic are not even looked at until those about the dispute run out.
    pub fn search_dated(
        &self,
        req: &Request,
        accept: DateFilter,
        limit: usize,
        with_total: bool,
    ) -> Result<Dated> {
        guarded(&self.shared.dir, "searching by date", || {
            self.search_dated_unguarded(req, accept, limit, with_total)
        })
    }

    fn search_dated_unguarded(
        &self,
        req: &Request,
        accept: DateFilter,
        limit: usize,
        with_total: bool,
    ) -> Result<Dated> {
        let shared = &self.shared;
        let mut filters = self.filters(req);
        let snapshot = self.snapshot();
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            // An exclusion alone matches nothing: say "every passage" as the phases would.
            if filters.is_empty() {
                filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
            }
            filters.push((Occur::MustNot, hidden));
        }
        if !with_total {
            let passages = topic_phases(
                shared.clone(),
                snapshot,
                filters,
                limit,
                move |shared, snapshot, filters, limit| {
                    let fruit = date_order(shared, snapshot, filters, accept.clone(), limit)?;
                    Ok(fruit.top.into_iter().map(|(_, addr)| (0.0, addr)).collect())
                },
            )?;
            return Ok(Dated {
                passages,
                total: None,
                events: Vec::new(),
            });
        }
        let fruit = date_order(shared, &snapshot, filters, accept, limit)?;
        let events = fruit.top.iter().map(|((_, n), _)| *n).collect();
        let docs = fruit.top.into_iter().map(|(_, addr)| (0.0, addr)).collect();
        Ok(Dated {
            passages: Hits::new(shared.clone(), snapshot, docs),
            total: Some(fruit.events),
            events,
        })
    }
}

/// One clause of a boolean query.
pub(super) type Clause = (Occur, Box<dyn Query>);

/// Runs `run` (a search that orders passages by something other than score) first on the
/// passages about the dispute, and puts off running it on the others until those run out: in a
/// large collection the dispute's passages are few, and most commands need only a handful.
pub(super) fn topic_phases<F>(
    shared: Arc<Shared>,
    snapshot: Arc<Snapshot>,
    mut filters: Vec<Clause>,
    limit: usize,
    run: F,
) -> Result<Hits>
where
    F: Fn(&Shared, &Snapshot, Vec<Clause>, usize) -> Result<Vec<(f32, DocAddress)>>
        + Send
        + 'static,
{
    if filters.is_empty() {
        filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    let topic = |occur: Occur| -> Clause {
        (
            occur,
            Box::new(TermQuery::new(
                Term::from_field_text(shared.fields.topic, schema::ON_TOPIC),
                IndexRecordOption::Basic,
            )),
        )
    };
    let mut about: Vec<Clause> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
    about.push(topic(Occur::Must));
    let first = run(&shared, &snapshot, about, limit)?;
    let found = first.len();
    let mut hits = Hits::new(shared.clone(), snapshot.clone(), first);
    if found < limit {
        filters.push(topic(Occur::MustNot));
        hits.then = Some(Box::new(move || {
            run(&shared, &snapshot, filters, limit - found)
        }));
    }
    Ok(hits)
}

/// The first `limit` passages passing `filters` in [`schema::rank`] order, those stating the
/// role of one of `stated_first` first.
pub(super) fn rank_order(
    shared: &Shared,
    snapshot: &Snapshot,
    filters: Vec<Clause>,
    stated_first: &[String],
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>> {
    let searcher = &snapshot.searcher;
    let by_rank = dated::RankCollector {
        columns: snapshot.columns.clone(),
        limit,
    };
    let stated_query = (!stated_first.is_empty()).then(|| {
        let mut clauses: Vec<Clause> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        clauses.push((Occur::Must, any_of(shared.fields.roles, stated_first)));
        BooleanQuery::new(clauses)
    });
    let all = searcher
        .search(&BooleanQuery::new(filters), &by_rank)
        .map_err(|e| shared.err(e))?;
    let mut ranked: Vec<((bool, bool, u64), DocAddress)> = Vec::new();
    let mut stated = std::collections::HashSet::new();
    if let Some(q) = stated_query {
        // The first `limit` in the wanted order are among the first `limit` of each list.
        for (rank, addr) in searcher.search(&q, &by_rank).map_err(|e| shared.err(e))? {
            stated.insert(addr);
            ranked.push(((schema::rank_is_off_topic(rank), false, rank), addr));
        }
    }
    for (rank, addr) in all {
        if !stated.contains(&addr) {
            ranked.push(((schema::rank_is_off_topic(rank), true, rank), addr));
        }
    }
    ranked.sort();
    ranked.truncate(limit);
    Ok(ranked.into_iter().map(|(_, addr)| (0.0, addr)).collect())
}

/// The first `limit` passages passing `filters` with a date `accept` takes, earliest first.
fn date_order(
    shared: &Shared,
    snapshot: &Snapshot,
    filters: Vec<Clause>,
    accept: DateFilter,
    limit: usize,
) -> Result<dated::DatedFruit> {
    let query: Box<dyn Query> = if filters.is_empty() {
        Box::new(tantivy::query::AllQuery)
    } else {
        Box::new(BooleanQuery::new(filters))
    };
    snapshot
        .searcher
        .search(
            query.as_ref(),
            &dated::DatedCollector {
                columns: snapshot.columns.clone(),
                accept,
                limit,
            },
        )
        .map_err(|e| shared.err(e))
}
