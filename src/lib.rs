//! treatybot: cited answers about the Russia–Japan dispute over the southern Kuril Islands.
//!
//! Layers, each depending only on those before it:
//! [`corpus`] (articles, cleaning, paragraphs) → [`extract`] (people, places, dates) →
//! [`index`] (tantivy) → [`engine`] (commands to answers) → front ends ([`cli`], [`discord`]).
//! See `ARCHITECTURE.md` for the map.

pub mod config;
pub mod corpus;
pub mod error;

pub use error::{Error, Result};
pub mod cli;
pub mod engine;
pub mod extract;
pub mod index;
