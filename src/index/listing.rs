//! Listing articles: a page of the articles one audience may see or one owner added, in
//! collection order, and one article by its id.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Order, TantivyDocument, Term};

use super::guard::guarded;
use super::{schema, ArticleInfo, Listing, PassageIndex};
use crate::corpus::Audience;
use crate::error::Result;

impl PassageIndex {
    /// The first `limit` articles of `listing`, `offset` articles in, in collection order,
    /// with how many it holds in all.
    pub fn articles(
        &self,
        listing: Listing,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<ArticleInfo>, usize)> {
        guarded(&self.shared.dir, "listing articles", || {
            self.articles_unguarded(listing, offset, limit)
        })
    }

    fn articles_unguarded(
        &self,
        listing: Listing,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<ArticleInfo>, usize)> {
        let shared = &self.shared;
        let snapshot = self.snapshot();
        let searcher = &snapshot.searcher;
        let lead: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(shared.fields.lead, schema::LEAD),
            IndexRecordOption::Basic,
        ));
        let owner: Option<(Occur, Box<dyn Query>)> = match listing {
            Listing::Visible(audience) => self
                .audience_clause(&snapshot, audience)
                .map(|q| (Occur::MustNot, q)),
            Listing::Owned(None) => self
                .audience_clause(&snapshot, Audience::SHARED)
                .map(|q| (Occur::MustNot, q)),
            Listing::Owned(Some(server)) => Some((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(shared.fields.server, &schema::server_term(server)),
                    IndexRecordOption::Basic,
                )),
            )),
        };
        let query: Box<dyn Query> = match owner {
            Some(clause) => Box::new(BooleanQuery::new(vec![(Occur::Must, lead), clause])),
            None => lead,
        };
        let (docs, total) = searcher
            .search(
                query.as_ref(),
                &(
                    TopDocs::with_limit(limit.max(1))
                        .and_offset(offset)
                        .order_by_fast_field::<u64>("ordinal", Order::Asc),
                    Count,
                ),
            )
            .map_err(|e| shared.err(e))?;
        let mut out = Vec::with_capacity(docs.len());
        for (_, addr) in docs.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| shared.err(e))?;
            out.push(shared.decode(&doc)?.source);
        }
        Ok((out, total))
    }

    /// The article with this id (from its first passage), if it is indexed.
    pub fn article(&self, id: &str) -> Result<Option<ArticleInfo>> {
        guarded(&self.shared.dir, "looking up an article", || {
            let shared = &self.shared;
            let snapshot = self.snapshot();
            let query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(shared.fields.article_id, id),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(shared.fields.lead, schema::LEAD),
                        IndexRecordOption::Basic,
                    )),
                ),
            ]);
            let top = snapshot
                .searcher
                .search(&query, &TopDocs::with_limit(1).order_by_score())
                .map_err(|e| shared.err(e))?;
            match top.first() {
                Some((_, addr)) => {
                    let doc: TantivyDocument =
                        snapshot.searcher.doc(*addr).map_err(|e| shared.err(e))?;
                    Ok(Some(shared.decode(&doc)?.source))
                }
                None => Ok(None),
            }
        })
    }
}
