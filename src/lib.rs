//! treatybot: cited answers about the Russia–Japan dispute over the southern Kuril Islands.
//!
//! Layers, each depending only on those before it:
//! [`corpus`] (articles, cleaning, paragraphs) → [`extract`] (people, places, dates) →
//! [`index`] (tantivy) → [`ingest`] (seeds and collections into the index) → [`engine`]
//! (commands to answers) and, beside it, [`quiz`] (questions from the articles, scores) → front
//! ends ([`cli`], [`discord`]). [`translit`] (names in Cyrillic and kana as Latin spellings)
//! depends on nothing of ours; the engine reads typed names with it. [`present`] (answers in a
//! reader's words, English, Japanese or Russian, from the Fluent catalogues) and [`picture`]
//! (the timeline drawn as a PNG) are presentation, shared by both front ends.
//! See `ARCHITECTURE.md` for the map.

pub mod cli;
pub mod config;
pub mod corpus;
pub mod discord;
pub mod engine;
pub mod error;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod kin;
pub mod lexicon;
pub mod lines;
pub mod noun_kinds;
pub mod picture;
pub mod present;
pub mod quiz;
pub mod translit;
pub mod verb_forms;
pub mod warm;

pub use error::{Error, Result};
pub use warm::{warm_up, WarmedUp};
