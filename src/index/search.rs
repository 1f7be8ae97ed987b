//! Running a [`Request`]: its filters and free text as one query, searched among the passages
//! about the dispute and among all, merged by score; counting what passes the filters; and the
//! bare BM25 query the benchmarks compare against.

use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use super::guard::guarded;
use super::order::{rank_order, topic_phases};
use super::{schema, Hit, Hits, PassageIndex, Request, Snapshot, ON_TOPIC_WEIGHT};
use crate::corpus::Audience;
use crate::error::Result;

impl PassageIndex {
    /// Runs a request, best first: by score with free text (equal scores in collection order),
    /// else about the dispute first, then collection order (see [`Request::stated_first`]).
    pub fn search(&self, req: &Request) -> Result<Vec<Hit>> {
        self.search_iter(req)?.collect()
    }

    /// [`PassageIndex::search`], reading each passage only when it is taken: for commands that
    /// stop once they have enough citations.
    pub fn search_iter(&self, req: &Request) -> Result<Hits> {
        guarded(&self.shared.dir, "searching", || {
            self.search_iter_unguarded(req)
        })
    }

    fn search_iter_unguarded(&self, req: &Request) -> Result<Hits> {
        let shared = &self.shared;
        let f = &shared.fields;
        let mut filters = self.filters(req);
        let text = self.text_query(&req.text, req.text_only)?;
        let has_text = text.is_some();
        if let Some(q) = text {
            filters.push((
                if filters.is_empty() {
                    Occur::Should
                } else {
                    Occur::Must
                },
                q,
            ));
        }
        let snapshot = self.snapshot();
        if filters.is_empty() {
            return Ok(Hits::new(shared.clone(), snapshot, Vec::new()));
        }
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            filters.push((Occur::MustNot, hidden));
        }
        let searcher = &snapshot.searcher;
        let limit = req.limit.max(1);
        let docs: Vec<(f32, DocAddress)> = if has_text {
            // The best passages of articles about the dispute, and the best of all, scored
            // as BM25 × ON_TOPIC_WEIGHT for the former: every passage of the true top `limit`
            // is in one of the two lists, and each search keeps tantivy's fast top-k pruning.
            let on_topic = ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(f.topic, schema::ON_TOPIC),
                    IndexRecordOption::Basic,
                )),
                0.0,
            );
            let mut topical = filters
                .iter()
                .map(|(o, q)| (*o, q.box_clone()))
                .collect::<Vec<_>>();
            for clause in topical.iter_mut().filter(|c| c.0 == Occur::Should) {
                clause.0 = Occur::Must;
            }
            topical.push((Occur::Must, Box::new(on_topic)));
            let top = TopDocs::with_limit(limit).order_by_score();
            let mut first = searcher
                .search(&BooleanQuery::new(topical), &top)
                .map_err(|e| shared.err(e))?;
            for hit in first.iter_mut() {
                hit.0 *= ON_TOPIC_WEIGHT;
            }
            // Free text alone is searched as the bare union of its terms, not wrapped in another
            // boolean query: only then does tantivy prune with block-max WAND.
            let all_query: Box<dyn Query> = if filters.len() == 1 {
                filters.pop().map(|(_, q)| q).expect("one clause")
            } else {
                Box::new(BooleanQuery::new(filters))
            };
            let all = searcher
                .search(all_query.as_ref(), &top)
                .map_err(|e| shared.err(e))?;
            let seen: std::collections::HashSet<DocAddress> =
                first.iter().map(|(_, a)| *a).collect();
            first.extend(all.into_iter().filter(|(_, a)| !seen.contains(a)));
            first
        } else {
            // Filters alone rank nothing: passages about the dispute first (and the rest looked
            // at only if those run out), then collection order, so the seeds come first however
            // large the collection grows.
            let stated_first = req.stated_first.clone();
            return topic_phases(
                shared.clone(),
                snapshot,
                filters,
                limit,
                move |shared, snapshot, filters, limit| {
                    rank_order(shared, snapshot, filters, &stated_first, limit)
                },
            );
        };
        let mut docs = docs;
        if has_text {
            // Equal scores in collection order: the rank without its topic part.
            let order = |addr: &DocAddress| {
                snapshot
                    .columns
                    .get(addr.segment_ord as usize)
                    .and_then(|c| c.rank(addr.doc_id))
                    .map_or(u64::MAX, |r| r & !schema::OFF_TOPIC_RANK)
            };
            docs.sort_by(|(sa, a), (sb, b)| sb.total_cmp(sa).then(order(a).cmp(&order(b))));
        }
        docs.truncate(limit);
        Ok(Hits::new(shared.clone(), snapshot, docs))
    }

    /// What `audience` may not see, as a clause to exclude, when some article was ever added
    /// from a server (before that every passage is shared, and the clause would only cost): the
    /// passages servers added, but for the audience's own. Excluding walks only those few
    /// postings, where requiring "shared or mine" would intersect with nearly every passage.
    pub(super) fn audience_clause(
        &self,
        snapshot: &Snapshot,
        audience: Audience,
    ) -> Option<Box<dyn Query>> {
        if !snapshot.knowledge.has_server_articles {
            return None;
        }
        let f = &self.shared.fields;
        let owned = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.server, schema::OWNED),
                IndexRecordOption::Basic,
            ))
        };
        Some(match audience.server {
            None => owned(),
            Some(server) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, owned()),
                (
                    Occur::MustNot,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.server, &schema::server_term(server)),
                        IndexRecordOption::Basic,
                    )),
                ),
            ])),
        })
    }

    /// The request's filters (everything but its free text), each a clause that must hold.
    pub(super) fn filters(&self, req: &Request) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.shared.fields;
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !req.people.is_empty() {
            filters.push((Occur::Must, any_of(f.people, &req.people)));
        }
        if !req.roles.is_empty() {
            filters.push((Occur::Must, any_of(f.roles, &req.roles)));
        }
        if !req.places.is_empty() {
            filters.push((Occur::Must, any_of(f.places, &req.places)));
        }
        if let Some(years) = &req.years {
            let lo = Term::from_field_i64(f.year, *years.start() as i64);
            let hi = Term::from_field_i64(f.year, *years.end() as i64);
            filters.push((
                Occur::Must,
                Box::new(RangeQuery::new(Bound::Included(lo), Bound::Included(hi))),
            ));
        }
        if req.everything && filters.is_empty() && req.text.trim().is_empty() {
            filters.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        filters
    }

    /// How many passages pass the request's filters (its text is not used).
    pub fn count(&self, req: &Request) -> Result<usize> {
        guarded(&self.shared.dir, "counting", || self.count_unguarded(req))
    }

    fn count_unguarded(&self, req: &Request) -> Result<usize> {
        let mut filters = self.filters(req);
        if filters.is_empty() {
            return Ok(0);
        }
        let snapshot = self.snapshot();
        if let Some(hidden) = self.audience_clause(&snapshot, req.audience) {
            filters.push((Occur::MustNot, hidden));
        }
        snapshot
            .searcher
            .search(&BooleanQuery::new(filters), &Count)
            .map_err(|e| self.shared.err(e))
    }

    /// A plain BM25 query over the passage text, as tantivy's own query parser would run it:
    /// the baseline the benchmarks compare every command against. Returns the number of hits.
    pub fn baseline_search(&self, text: &str, limit: usize) -> Result<usize> {
        self.bare_search(text, limit, true)
    }

    /// The same bare query, but matching any of the words (tantivy's default): what a plain
    /// search engine runs for a command's words, to set a command's time against.
    pub fn baseline_search_any(&self, text: &str, limit: usize) -> Result<usize> {
        self.bare_search(text, limit, false)
    }

    fn bare_search(&self, text: &str, limit: usize, all_words: bool) -> Result<usize> {
        guarded(&self.shared.dir, "searching", || {
            self.bare_search_unguarded(text, limit, all_words)
        })
    }

    fn bare_search_unguarded(&self, text: &str, limit: usize, all_words: bool) -> Result<usize> {
        let shared = &self.shared;
        let mut parser = QueryParser::for_index(&shared.index, vec![shared.fields.text]);
        if all_words {
            parser.set_conjunction_by_default();
        }
        let (query, _errors) = parser.parse_query_lenient(text);
        let snapshot = self.snapshot();
        let docs = snapshot
            .searcher
            .search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| shared.err(e))?;
        Ok(docs.len())
    }

    fn text_query(&self, text: &str, text_only: bool) -> Result<Option<Box<dyn Query>>> {
        let f = &self.shared.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for token in self.analyse(text) {
            if !seen.insert(token.clone()) {
                continue;
            }
            let fields: &[(tantivy::schema::Field, f32)] = if text_only {
                &[(f.text, 1.0)]
            } else {
                &[(f.text, 1.0), (f.names, 0.6), (f.title, 0.3)]
            };
            for &(field, boost) in fields {
                let term = Term::from_field_text(field, &token);
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
        Ok((!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>))
    }
}

pub(super) fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    if let [one] = values {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, one),
            IndexRecordOption::Basic,
        ));
    }
    let clauses = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}
