//! Ordering passages inside the index without reading them: tantivy collectors that keep the
//! first few by [`schema::rank`] (citing order) or by date, reading fast-field columns that each
//! snapshot opens once per segment. A span of years or a name in thousands of passages then
//! costs a pass over postings and column values, not a fetch of every passage.

use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema;
use crate::corpus::PartialDate;

/// The fast-field columns of one segment, opened once per snapshot: opening a column reads its
/// block headers, which would otherwise be paid on every query.
#[derive(Clone)]
pub(super) struct SegmentColumns {
    rank: Column<u64>,
    dates: Option<Column<u64>>,
}

impl SegmentColumns {
    /// The [`schema::rank`] of a passage of this segment.
    pub fn rank(&self, doc: DocId) -> Option<u64> {
        self.rank.first(doc)
    }

    /// Opens the columns of every segment the searcher sees, in segment order.
    pub fn open(searcher: &tantivy::Searcher) -> tantivy::Result<Vec<SegmentColumns>> {
        searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(SegmentColumns {
                    rank: fast.u64("rank")?,
                    dates: fast.column_opt::<u64>("dates")?,
                })
            })
            .collect()
    }
}

fn columns_of(columns: &[SegmentColumns], ord: SegmentOrdinal) -> tantivy::Result<SegmentColumns> {
    columns.get(ord as usize).cloned().ok_or_else(|| {
        tantivy::TantivyError::InternalError(format!("no columns opened for segment {ord}"))
    })
}

/// Keeps the `limit` passages with the lowest [`schema::rank`]: about the dispute first, then
/// collection order. The rank comes back with each.
pub(super) struct RankCollector {
    pub columns: Arc<Vec<SegmentColumns>>,
    pub limit: usize,
}

impl Collector for RankCollector {
    type Fruit = Vec<(u64, DocAddress)>;
    type Child = RankSegment;

    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<RankSegment> {
        Ok(RankSegment {
            ord,
            rank: columns_of(&self.columns, ord)?.rank,
            limit: self.limit.max(1),
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u64, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut top: Vec<(u64, DocAddress)> = fruits.into_iter().flatten().collect();
        top.sort();
        top.truncate(self.limit.max(1));
        Ok(top)
    }
}

/// [`RankCollector`] over one segment.
pub(super) struct RankSegment {
    ord: SegmentOrdinal,
    rank: Column<u64>,
    limit: usize,
    heap: BinaryHeap<(u64, DocId)>,
}

impl SegmentCollector for RankSegment {
    type Fruit = Vec<(u64, DocAddress)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let rank = self.rank.first(doc).unwrap_or(u64::MAX);
        keep_best(&mut self.heap, self.limit, (rank, doc));
    }

    fn harvest(self) -> Self::Fruit {
        in_order(self.heap, self.ord)
    }
}

/// A segment's kept passages, best first, with their addresses.
fn in_order<K: Ord>(heap: BinaryHeap<(K, DocId)>, ord: SegmentOrdinal) -> Vec<(K, DocAddress)> {
    let mut top: Vec<(K, DocAddress)> = heap
        .into_iter()
        .map(|(key, doc)| (key, DocAddress::new(ord, doc)))
        .collect();
    top.sort();
    top
}

/// Pushes `item` into a heap of the `limit` smallest items seen (the largest on top).
fn keep_best<T: Ord>(heap: &mut BinaryHeap<T>, limit: usize, item: T) {
    if heap.len() < limit {
        heap.push(item);
    } else if heap.peek().is_some_and(|worst| item < *worst) {
        heap.pop();
        heap.push(item);
    }
}

/// Which dates a dated search counts (a year, a span, a day of a month…).
pub type DateFilter = Arc<dyn Fn(PartialDate) -> bool + Send + Sync>;

/// Citing order of a dated passage: about the dispute first, then its earliest accepted date,
/// then collection order.
pub(super) type DatedKey = (bool, u64, u64);

/// What a dated search finds before any passage is read.
pub(super) struct DatedFruit {
    /// The first passages in citing order, at most the limit, sorted, each with how many
    /// accepted dates it holds (its events: the column holds each date of a passage once).
    pub top: Vec<((DatedKey, usize), DocAddress)>,
    /// Accepted (passage, date) pairs in every matching passage.
    pub events: usize,
}

/// Keeps the `limit` passages that come first in [`DatedKey`] order and counts accepted dates.
pub(super) struct DatedCollector {
    pub columns: Arc<Vec<SegmentColumns>>,
    pub accept: DateFilter,
    pub limit: usize,
}

impl Collector for DatedCollector {
    type Fruit = DatedFruit;
    type Child = DatedSegment;

    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        let columns = columns_of(&self.columns, ord)?;
        Ok(DatedSegment {
            ord,
            rank: columns.rank,
            dates: columns.dates,
            accept: self.accept.clone(),
            limit: self.limit.max(1),
            heap: BinaryHeap::new(),
            events: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<DatedFruit>) -> tantivy::Result<DatedFruit> {
        let events = fruits.iter().map(|f| f.events).sum();
        let mut top: Vec<((DatedKey, usize), DocAddress)> =
            fruits.into_iter().flat_map(|f| f.top).collect();
        top.sort();
        top.truncate(self.limit.max(1));
        Ok(DatedFruit { top, events })
    }
}

/// [`DatedCollector`] over one segment.
pub(super) struct DatedSegment {
    ord: SegmentOrdinal,
    rank: Column<u64>,
    dates: Option<Column<u64>>,
    accept: DateFilter,
    limit: usize,
    /// The best `limit` so far with their accepted dates; the worst on top, to be replaced.
    /// The key is unique per passage (it ends in the rank), so the count never decides.
    heap: BinaryHeap<((DatedKey, usize), DocId)>,
    events: usize,
}

impl SegmentCollector for DatedSegment {
    type Fruit = DatedFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(dates) = &self.dates else {
            return;
        };
        let mut earliest: Option<u64> = None;
        let mut off_topic = false;
        let mut accepted = 0usize;
        for value in dates.values_for_doc(doc) {
            let (off, key) = schema::split_date_value(value);
            off_topic = off;
            if (self.accept)(schema::date_from_key(key)) {
                accepted += 1;
                earliest = Some(earliest.map_or(key, |e| e.min(key)));
            }
        }
        self.events += accepted;
        let Some(earliest) = earliest else {
            return;
        };
        // The rank only breaks ties, so a passage that cannot make the cut is never looked up.
        if self.heap.len() >= self.limit
            && self
                .heap
                .peek()
                .is_some_and(|(((o, e, _), _), _)| (off_topic, earliest) > (*o, *e))
        {
            return;
        }
        let rank = self.rank.first(doc).unwrap_or(u64::MAX);
        keep_best(
            &mut self.heap,
            self.limit,
            (((off_topic, earliest, rank), accepted), doc),
        );
    }

    fn harvest(self) -> DatedFruit {
        DatedFruit {
            top: in_order(self.heap, self.ord),
            events: self.events,
        }
    }
}
