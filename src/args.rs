//! The binary's arguments: the global options and one subcommand each, parsed once by clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Cited answers about the Russia–Japan dispute over the southern Kuril Islands.
#[derive(Parser)]
#[command(name = "treatybot", version, about)]
pub struct Args {
    /// An extra configuration file, layered over config/local.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The language replies are worded in: en, ja or ru [default: the setting `lang`, also
    /// TREATYBOT__LANG]. The articles' own words stay as written.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<treatybot::present::Lang>,
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Answer a command such as "/who Karasin" or "/when 1956" ("-" reads one per line from stdin).
    Ask {
        /// Print one JSON object per answer.
        #[arg(long)]
        json: bool,
        /// Also draw the answer's dated events into this PNG file (/timeline, or /when with
        /// more than a few dated events).
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
        /// The command, e.g. "/where Kunashir"; plain text is a question (/ask).
        #[arg(allow_hyphen_values = true)]
        command: Vec<String>,
    },
    /// Dated events in order, between two years or from or up to one: "1945 1960", "1960-"
    /// (from 1960), "-1960" (up to 1960), or none for every year.
    Timeline {
        /// Print one JSON object: the answer, its citations and its "timeline" (see README).
        #[arg(long)]
        json: bool,
        /// Also draw the events into this PNG file.
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
        /// Which page of 25 events, from 1 (every event is on some page).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        page: u32,
        /// FROM and TO years.
        #[arg(allow_negative_numbers = true, value_name = "YEARS")]
        years: Vec<String>,
    },
    /// Rebuild the search index from the seeds and every ingested article.
    Index,
    /// Read every file of the index against its checksum and say what is damaged (exit 1).
    Check {
        /// Print one JSON object: {"ok":bool,"damaged":[{"file":..,"problem":..}]}.
        #[arg(long)]
        json: bool,
    },
    /// Add articles to the index: folders of .txt/.md files (with metadata.toml), CSV files with
    /// a header row, JSON Lines files. Columns are detected from the header unless named here.
    Ingest {
        /// Files or folders to read.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Column (or JSON key) holding the article's id [default: detected].
        #[arg(long, value_name = "COLUMN")]
        id_column: Option<String>,
        /// Column holding the headline [default: detected].
        #[arg(long, value_name = "COLUMN")]
        title_column: Option<String>,
        /// Column holding the publication date [default: detected].
        #[arg(long, value_name = "COLUMN")]
        date_column: Option<String>,
        /// Column holding the link to the original [default: detected].
        #[arg(long, value_name = "COLUMN")]
        url_column: Option<String>,
        /// Column holding the publisher [default: detected, else the link's host].
        #[arg(long, value_name = "COLUMN")]
        outlet_column: Option<String>,
        /// Column holding the text [default: detected].
        #[arg(long, value_name = "COLUMN")]
        text_column: Option<String>,
        /// Put this before every id, to keep two collections' ids apart (e.g. "tmt-").
        #[arg(long, default_value = "", value_name = "PREFIX")]
        id_prefix: String,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Remove ingested articles by id, with everything they brought (passages, roles, people
    /// and years no other article has). Exit 1 when an id is not found or is a seed.
    Remove {
        /// Ids of the articles (as `/sources` and citations show them).
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Show what the index holds, its size on disk, and how long it takes to open.
    Status {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord bot (needs TREATYBOT__DISCORD__TOKEN) until Ctrl-C or SIGTERM.
    Serve {
        /// Serve Discord's HTTP interactions endpoint at ADDR (e.g. 0.0.0.0:8080) instead of
        /// connecting to the gateway; needs discord.public_key.
        #[arg(long, value_name = "ADDR")]
        http: Option<std::net::SocketAddr>,
    },
    /// Play a quiz drawn from the articles (answers from stdin), or --dump every question.
    Quiz {
        /// Print every question the articles yield instead of playing.
        #[arg(long)]
        dump: bool,
        /// With --dump: one JSON object per line.
        #[arg(long, requires = "dump")]
        json: bool,
        /// Seed for the distractors, the order of choices and the questions picked.
        #[arg(long)]
        seed: Option<u64>,
        /// Questions to play (1–20; default 5, or 20 in practice).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=20))]
        questions: Option<u64>,
        /// Only questions about a person, a place, a year or some words.
        #[arg(long)]
        topic: Option<String>,
        /// game (a set number of questions, then the score) or practice (questions until q).
        #[arg(long, default_value = "game")]
        mode: treatybot::quiz::Mode,
        /// easy (who, when and where of the facts several articles report) or hard (everything).
        #[arg(long, default_value = "hard")]
        difficulty: treatybot::quiz::Difficulty,
    },
    /// Show what would be indexed from a web page (a saved .html file or an http(s) link):
    /// title, outlet, date, link and the numbered paragraphs of its main text.
    Extract {
        /// The page: a file, or a link (fetched only from public addresses).
        #[arg(value_name = "FILE|URL")]
        file: String,
        /// Print one JSON object: {"title","outlet","date","date_basis","url","paragraphs"}.
        #[arg(long)]
        json: bool,
    },
    /// Copy every quiz, question, answer and point of the SQLite quiz store into an empty
    /// PostgreSQL store (made if new), then check the counts on both sides; and the servers'
    /// reading lists of data_dir's ingest journal into its shared reading list, if empty.
    MigrateStore {
        /// The PostgreSQL store: postgres://USER:PASSWORD@HOST:PORT/DATABASE.
        #[arg(long, value_name = "URL")]
        to: String,
        /// The SQLite file [default: quiz.database, else quiz.sqlite3 under data_dir].
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
    },
    /// Show what cleaning removed from each article, and by which rule.
    Clean {
        /// Only this article (file name).
        file: Option<String>,
    },
}

impl Cmd {
    /// Whether the command prints JSON, so that its errors are printed as JSON too.
    pub fn json(&self) -> bool {
        match self {
            Cmd::Ask { json, .. }
            | Cmd::Timeline { json, .. }
            | Cmd::Ingest { json, .. }
            | Cmd::Remove { json, .. }
            | Cmd::Status { json }
            | Cmd::Quiz { json, .. }
            | Cmd::Extract { json, .. }
            | Cmd::Check { json } => *json,
            Cmd::Index | Cmd::Serve { .. } | Cmd::Clean { .. } | Cmd::MigrateStore { .. } => false,
        }
    }
}
