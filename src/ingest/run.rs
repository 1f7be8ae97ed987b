//! One ingest (or journal replay) in progress: each batch prepared, judged against what was seen,
//! extracted, written, journalled and committed whole.

use std::collections::HashMap;

use rayon::prelude::*;

use super::seen::{Existing, Seen, Verdict};
use super::{journal, prepare, topic, BadRow, Incoming, IngestReport, Prepared, RowProblem};
use crate::error::{Error, Result};
use crate::extract::{self, Gazetteer};
use crate::index::{Appender, ArticleInfo, Duplicate, NewArticle};

/// One ingest (or journal replay) in progress.
pub(super) struct Run<'g> {
    pub(super) appender: Appender,
    pub(super) gazetteer: &'g Gazetteer,
    pub(super) journal: Option<journal::Journal>,
    pub(super) options: prepare::PrepareOptions,
    pub(super) seen: Seen,
    pub(super) report: IngestReport,
    pub(super) fail_after: Option<usize>,
}

impl<'g> Run<'g> {
    pub(super) fn new(
        appender: Appender,
        gazetteer: &'g Gazetteer,
        journal: Option<journal::Journal>,
        options: &prepare::PrepareOptions,
        fail_after: Option<usize>,
    ) -> Result<Run<'g>> {
        let seen = Seen::from_registry(appender.registry()?);
        Ok(Run {
            appender,
            gazetteer,
            journal,
            options: options.clone(),
            seen,
            report: IngestReport::default(),
            fail_after,
        })
    }

    /// Prepares, judges, extracts, writes and commits one batch. `journal_end` is where the
    /// batch ends in the journal when it is being replayed from there.
    pub(super) fn batch(&mut self, batch: Vec<Incoming>, journal_end: Option<u64>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let shared = prepare::BatchShared::of(&batch);
        let options = &self.options;
        let prepared: Vec<std::result::Result<Prepared, BadRow>> = batch
            .into_par_iter()
            .map(|i| prepare::prepare(i, options, &shared))
            .collect();
        let mut accepted: Vec<Prepared> = Vec::new();
        let mut duplicates: Vec<(Prepared, Duplicate, usize)> = Vec::new();
        let mut retract: Vec<String> = Vec::new();
        let mut next_ordinal = self.appender.knowledge().article_count;
        // One version of an article per batch: the last one given wins, and the others are
        // reported, so one commit never both adds and deletes the same id.
        let mut last_of: HashMap<String, usize> = HashMap::new();
        for (at, p) in prepared.iter().enumerate() {
            if let Ok(p) = p {
                last_of.insert(p.info.id.clone(), at);
            }
        }
        for (at, p) in prepared.into_iter().enumerate() {
            let p = match p {
                Ok(p) => p,
                Err(bad) => {
                    self.report.skipped.push(bad);
                    continue;
                }
            };
            if last_of.get(&p.info.id) != Some(&at) {
                self.report.skipped.push(BadRow {
                    file: p.incoming.file.clone(),
                    line: p.incoming.line,
                    reason: RowProblem::IdAgain(p.info.id.clone()),
                });
                continue;
            }
            let verdict = self.seen.judge(&p);
            if !matches!(verdict, Verdict::Unchanged) {
                // The same id with other words: a new version of an article taken in before.
                match self.seen.existing(&p.info.id) {
                    Some(Existing::Indexed(ordinal)) if self.appender.is_seed(ordinal) => {
                        self.report.skipped.push(BadRow {
                            file: p.incoming.file.clone(),
                            line: p.incoming.line,
                            reason: RowProblem::SeedId(p.info.id.clone()),
                        });
                        continue;
                    }
                    Some(_) => {
                        self.seen.retract(&p.info.id);
                        retract.push(p.info.id.clone());
                        self.report.replaced.push(p.info.id.clone());
                    }
                    None => {}
                }
            }
            // Judged again once the old version is forgotten: a correction is not a
            // near-duplicate of what it corrects.
            let verdict = if retract.last() == Some(&p.info.id) {
                self.seen.judge(&p)
            } else {
                verdict
            };
            match verdict {
                Verdict::Unchanged => self.report.unchanged += 1,
                Verdict::Duplicate { of, similarity } => {
                    let (ordinal, of_id) = self.seen.article_at(of);
                    let dup = Duplicate {
                        id: p.info.id.clone(),
                        origin: format!("{}:{}", p.incoming.file, p.incoming.line),
                        of: of_id,
                        similarity,
                    };
                    self.seen.pairs.insert((p.hash, p.info.id.clone()));
                    self.seen.duplicate_ids.insert(p.info.id.clone(), p.hash);
                    duplicates.push((p, dup, ordinal));
                }
                Verdict::New => {
                    for w in &p.warnings {
                        self.report.warnings.push(w.clone());
                    }
                    self.seen.pairs.insert((p.hash, p.info.id.clone()));
                    self.seen
                        .add(next_ordinal, p.info.id.clone(), p.hash, p.signature);
                    next_ordinal += 1;
                    accepted.push(p);
                }
            }
        }
        if accepted.is_empty() && duplicates.is_empty() && retract.is_empty() {
            return Ok(());
        }
        // Old versions go first: their roles must be gone before the new words are extracted,
        // and their passages are deleted in the same commit that adds the new ones.
        for id in &retract {
            self.appender.delete_article(id)?;
        }
        // Moved out, not copied: the text is what is large, and nothing reads it here again.
        let articles: Vec<crate::corpus::Article> = accepted
            .iter_mut()
            .map(|p| crate::corpus::Article {
                meta: p.article.meta.clone(),
                paragraphs: std::mem::take(&mut p.article.paragraphs),
                removed: std::mem::take(&mut p.article.removed),
            })
            .collect();
        let mut people = self.appender.take_people();
        let mentions = extract::extend(&mut people, &articles, self.gazetteer);
        self.appender.set_people(people);
        // The journal keeps the final id (prefix included), so a replay gives every article the
        // id it was first given.
        let records: Vec<Incoming> = accepted
            .iter_mut()
            .chain(duplicates.iter_mut().map(|(p, _, _)| p))
            .map(|p| Incoming {
                id: p.info.id.clone(),
                ..std::mem::take(&mut p.incoming)
            })
            .collect();
        let new: Vec<NewArticle> = accepted
            .into_iter()
            .zip(articles)
            .zip(mentions)
            .map(|((p, article), mentions)| NewArticle {
                info: ArticleInfo {
                    on_topic: topic::on_topic(&article, &mentions, self.gazetteer),
                    ..p.info
                },
                paragraphs: article.paragraphs,
                mentions,
                hash: p.hash,
                signature: p.signature,
            })
            .collect();
        let added = new.len();
        let passages: u64 = new.iter().map(|a| a.paragraphs.len() as u64).sum();
        self.appender.add_articles(new, self.gazetteer)?;
        for (p, dup, of) in duplicates {
            self.report.duplicates.push(dup.clone());
            self.appender.add_duplicate(dup, p.hash, p.signature, of);
        }
        let journal_len = match (&mut self.journal, journal_end) {
            (Some(j), _) => j.append(&records)?,
            (None, Some(end)) => end,
            (None, None) => self.appender.knowledge().journal_len,
        };
        self.appender.set_journal_len(journal_len);
        if let Some(limit) = self.fail_after {
            if self.report.added + added >= limit {
                return Err(Error::Interrupted(
                    crate::error::Interruption::SimulatedAfter(limit),
                ));
            }
        }
        self.appender.commit()?;
        self.report.added += added;
        self.report.passages += passages;
        Ok(())
    }
}
