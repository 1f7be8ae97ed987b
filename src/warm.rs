//! Reading ahead what a long-lived process otherwise reads on first use: the WordNet tables
//! (adverbs, common words, noun kinds, verb forms, kin), the countries and the message
//! catalogues. Each is a static built the first time a command asks for it, and that command
//! waits while it is built (decompressing and hashing some 120,000 entries, tens of
//! milliseconds). `serve` calls [`warm_up`] on a blocking thread once the index is open, so no
//! player's first `/quiz start` or `/ask` pays it. The command line's one-shot commands do not:
//! they pay it either way, once.

use std::time::{Duration, Instant};

/// One table [`warm_up`] made sure of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What it holds ("noun kinds").
    pub name: &'static str,
    /// Its entries (words, nouns, countries, languages).
    pub entries: usize,
    /// How long reading it took here; next to nothing when it was read before.
    pub took: Duration,
}

/// What [`warm_up`] read, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarmedUp {
    /// Every table, in the order read.
    pub tables: Vec<Table>,
}

impl WarmedUp {
    /// The time all the tables took.
    pub fn took(&self) -> Duration {
        self.tables.iter().map(|t| t.took).sum()
    }

    /// The entries of all the tables.
    pub fn entries(&self) -> usize {
        self.tables.iter().map(|t| t.entries).sum()
    }
}

/// Reads one table if it is not yet read, and returns its entries.
type Read = fn() -> usize;

/// Each table read once per process, and how to read it.
const TABLES: [(&str, Read); 7] = [
    ("adverbs", crate::lexicon::load_adverbs),
    ("common words", crate::lexicon::load_common_words),
    ("noun kinds", crate::noun_kinds::load),
    ("verb forms", crate::verb_forms::load),
    ("kin", crate::kin::load),
    ("countries", crate::extract::countries::load),
    ("message catalogues", crate::present::load_catalogues),
];

/// Reads every table a command would otherwise read on first use, and says what each took.
/// Blocking and CPU-bound (tens of milliseconds the first time): call it off the async
/// runtime. Calling it again costs next to nothing; a command asking for a table while it is
/// being read waits for it, as it would have anyway.
pub fn warm_up() -> WarmedUp {
    let tables = TABLES
        .iter()
        .map(|&(name, read)| {
            let started = Instant::now();
            let entries = read();
            Table {
                name,
                entries,
                took: started.elapsed(),
            }
        })
        .collect();
    WarmedUp { tables }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_read_and_holds_entries() {
        let warmed = warm_up();
        let names: Vec<&str> = warmed.tables.iter().map(|t| t.name).collect();
        assert_eq!(names, TABLES.map(|(name, _)| name));
        for t in &warmed.tables {
            // A table that fails to read is logged and left empty; the warm-up must not hide it.
            assert!(t.entries > 0, "{} is empty", t.name);
        }
        assert!(warmed.entries() > 100_000, "{} entries", warmed.entries());
    }

    #[test]
    fn a_second_warm_up_reads_nothing_again() {
        let first = warm_up();
        let again = warm_up();
        assert_eq!(
            first.tables.iter().map(|t| t.entries).collect::<Vec<_>>(),
            again.tables.iter().map(|t| t.entries).collect::<Vec<_>>()
        );
        // Reading the tables takes milliseconds; finding them read, microseconds.
        assert!(
            again.took() < Duration::from_millis(5),
            "a second warm-up took {:?}",
            again.took()
        );
    }
}
