//! The command grammar shared by every front end: `/who NAME`, `/when 1956`, `/ask QUESTION`, …
//!
//! Parsing only checks the shape of the input; it never searches. Every rejection is a
//! [`UsageError`] whose message tells the user what to type instead.

use serde::Serialize;
use std::fmt;

/// Longest query accepted, in characters, unless the configuration says otherwise.
pub const DEFAULT_MAX_QUERY_CHARS: usize = 200;

/// The kinds of command the engine answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommandKind {
    /// Who a person is and the passages that mention them.
    Who,
    /// What happened in a year or on a date, or when an event happened.
    When,
    /// Where a place is, its other names, and what happened there.
    Where,
    /// Best passages about a topic.
    What,
    /// Best passages for free text.
    Search,
    /// A natural question with a short answer.
    Ask,
    /// Dated events in order.
    Timeline,
    /// The articles in the collection.
    Sources,
    /// How to use the commands.
    Help,
}

impl CommandKind {
    /// Every command, in the order help lists them.
    pub const ALL: [CommandKind; 9] = [
        CommandKind::Who,
        CommandKind::When,
        CommandKind::Where,
        CommandKind::What,
        CommandKind::Search,
        CommandKind::Ask,
        CommandKind::Timeline,
        CommandKind::Sources,
        CommandKind::Help,
    ];

    /// The command word without its slash.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Who => "who",
            CommandKind::When => "when",
            CommandKind::Where => "where",
            CommandKind::What => "what",
            CommandKind::Search => "search",
            CommandKind::Ask => "ask",
            CommandKind::Timeline => "timeline",
            CommandKind::Sources => "sources",
            CommandKind::Help => "help",
        }
    }

    /// What to type after the command word, for help and error messages.
    pub fn usage(self) -> &'static str {
        match self {
            CommandKind::Who => "/who NAME — e.g. /who Karasin",
            CommandKind::When => "/when YEAR | DATE | EVENT — e.g. /when 1956, /when October 19, 1956, /when Krasnoyarsk",
            CommandKind::Where => "/where PLACE — e.g. /where Kunashir",
            CommandKind::What => "/what TOPIC — e.g. /what jurisdiction of the islands",
            CommandKind::Search => "/search TEXT — e.g. /search southern Sakhalin",
            CommandKind::Ask => "/ask QUESTION — e.g. /ask How many islands are in dispute?",
            CommandKind::Timeline => "/timeline [FROM] [TO] — e.g. /timeline 1945 1960, /timeline 1960- (from 1960), /timeline -1960 (up to 1960)",
            CommandKind::Sources => "/sources — the articles behind the answers",
            CommandKind::Help => "/help — this list",
        }
    }

    /// Whether the command needs text after it.
    pub fn needs_query(self) -> bool {
        !matches!(
            self,
            CommandKind::Timeline | CommandKind::Sources | CommandKind::Help
        )
    }

    /// Looks a command word up, with or without its slash, ignoring case.
    pub fn from_word(word: &str) -> Option<CommandKind> {
        let word = word.strip_prefix('/').unwrap_or(word);
        CommandKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for CommandKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", self.name())
    }
}

/// A validated command, ready for the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Which command.
    pub kind: CommandKind,
    /// The text after the command word, trimmed, inner white space folded to single spaces.
    pub query: String,
    /// `/timeline`'s years, read once here (`None` for every other command).
    pub years: Option<YearSpan>,
    /// Which window of `/timeline`'s events to answer with, from 0: window `n` holds the
    /// events from `n ×` [`super::TIMELINE_LIMIT`] on, so paging reaches every event.
    pub window: usize,
}

/// The years a `/timeline` covers, either end open: `1945 1960`, `1960-` (from 1960),
/// `-1960` (up to 1960), or nothing (every year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct YearSpan {
    /// First year, when the span has one.
    pub from: Option<i32>,
    /// Last year, when the span has one.
    pub to: Option<i32>,
}

impl YearSpan {
    /// A span between two years, in either order (a span typed backwards means the same years).
    pub fn new(from: Option<i32>, to: Option<i32>) -> YearSpan {
        match (from, to) {
            (Some(a), Some(b)) => YearSpan {
                from: Some(a.min(b)),
                to: Some(a.max(b)),
            },
            _ => YearSpan { from, to },
        }
    }

    /// Reads the years typed after `/timeline`: nothing, `1945`, `1945 1960`, `1945-1960`,
    /// `1945 to 1960`, `1960-`, `-1960` or `to 1960`. `None` when it is not one or two
    /// four-digit years.
    pub fn parse(q: &str) -> Option<YearSpan> {
        let parts: Vec<&str> = q
            .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'))
            .filter(|p| !p.is_empty() && *p != "to")
            .collect();
        if parts.len() > 2
            || !parts
                .iter()
                .all(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let years: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        let q = q.trim_start();
        Some(match years.as_slice() {
            [a, b] => YearSpan::new(Some(*a), Some(*b)),
            // "-1960" and "to 1960" end a span, as "1960-" and "1960" start one.
            [a] if q.starts_with(['-', '–', '—']) || q.starts_with("to ") => YearSpan {
                from: None,
                to: Some(*a),
            },
            [a] => YearSpan {
                from: Some(*a),
                to: None,
            },
            _ => YearSpan::default(),
        })
    }

    /// The span as inclusive bounds, an open end reaching as far as years go.
    pub fn bounds(self) -> (i32, i32) {
        (self.from.unwrap_or(i32::MIN), self.to.unwrap_or(i32::MAX))
    }
}

impl fmt::Display for YearSpan {
    /// The span as the command's grammar writes it, so that it reads back the same.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.to) {
            (Some(a), Some(b)) => write!(f, "{a} {b}"),
            (Some(a), None) => write!(f, "{a}"),
            (None, Some(b)) => write!(f, "-{b}"),
            (None, None) => Ok(()),
        }
    }
}

/// Input that is not a command the engine can run, with what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// Nothing was typed.
    #[error("Type a command, for example /who Karasin or /when 1956. Type /help for the list.")]
    Empty,
    /// The command word is not one the engine knows.
    #[error("Unknown command \"{0}\". Commands: /who, /when, /where, /what, /search, /ask, /timeline, /sources, /help.")]
    UnknownCommand(String),
    /// A command that needs text got none.
    #[error("{} needs something to look for. Usage: {}", .0, .0.usage())]
    MissingQuery(CommandKind),
    /// The query is longer than allowed.
    #[error("That query is {len} characters long; the limit is {max}. Shorten it and try again.")]
    TooLong {
        /// Characters typed.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The query holds control characters (other than spaces, tabs and line breaks).
    #[error("The query contains control characters. Type plain text, for example /who Karasin.")]
    ControlCharacters,
    /// `/timeline`'s words are not one or two years (e.g. `/timeline 1960 soon`).
    #[error("“{0}” is not one or two years. Usage: {usage}", usage = CommandKind::Timeline.usage())]
    NotYears(String),
}

impl Command {
    /// Builds a command from a kind and the text typed after it (as a slash-command option arrives).
    pub fn new(kind: CommandKind, query: &str, max_chars: usize) -> Result<Command, UsageError> {
        let query = query.trim();
        let len = query.chars().count();
        if len > max_chars {
            return Err(UsageError::TooLong {
                len,
                max: max_chars,
            });
        }
        if query
            .chars()
            .any(|c| c.is_control() && !matches!(c, ' ' | '\t' | '\n' | '\r'))
        {
            return Err(UsageError::ControlCharacters);
        }
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        if query.is_empty() && kind.needs_query() {
            return Err(UsageError::MissingQuery(kind));
        }
        let years = if kind == CommandKind::Timeline {
            Some(YearSpan::parse(&query).ok_or_else(|| UsageError::NotYears(query.clone()))?)
        } else {
            None
        };
        Ok(Command {
            kind,
            query,
            years,
            window: 0,
        })
    }

    /// `/timeline` over `years`, as typed options (Discord's integer years) give it: nothing to
    /// parse, the query written from the numbers for the answer's heading.
    pub fn timeline(years: YearSpan) -> Command {
        Command {
            kind: CommandKind::Timeline,
            query: years.to_string(),
            years: Some(years),
            window: 0,
        }
    }

    /// The same command answering with window `window` of its events (`/timeline` only; other
    /// commands have one window).
    pub fn in_window(mut self, window: usize) -> Command {
        if self.kind == CommandKind::Timeline {
            self.window = window;
        }
        self
    }

    /// Parses a whole line such as `/who Karasin`. Text without a leading slash is a question (`/ask`).
    pub fn parse(line: &str, max_chars: usize) -> Result<Command, UsageError> {
        let line = line.trim();
        if line.is_empty() {
            return Err(UsageError::Empty);
        }
        if !line.starts_with('/') {
            return Command::new(CommandKind::Ask, line, max_chars);
        }
        let (word, rest) = match line.find(char::is_whitespace) {
            Some(i) => (&line[..i], &line[i..]),
            None => (line, ""),
        };
        let kind = CommandKind::from_word(word)
            .ok_or_else(|| UsageError::UnknownCommand(word.chars().take(40).collect::<String>()))?;
        Command::new(kind, rest, max_chars)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Command, UsageError> {
        Command::parse(s, DEFAULT_MAX_QUERY_CHARS)
    }

    #[test]
    fn parses_command_and_folds_white_space() {
        let c = parse("  /WHO   Grigory \t Karasin ").unwrap();
        assert_eq!(c.kind, CommandKind::Who);
        assert_eq!(c.query, "Grigory Karasin");
    }

    #[test]
    fn text_without_slash_is_a_question() {
        let c = parse("How many islands are in dispute?").unwrap();
        assert_eq!(c.kind, CommandKind::Ask);
    }

    #[test]
    fn rejects_empty_unknown_and_missing_query() {
        assert_eq!(parse("   "), Err(UsageError::Empty));
        assert!(matches!(parse("/foo bar"), Err(UsageError::UnknownCommand(w)) if w == "/foo"));
        assert_eq!(
            parse("/who  "),
            Err(UsageError::MissingQuery(CommandKind::Who))
        );
        assert!(parse("/sources").is_ok());
        assert!(parse("/timeline").is_ok());
    }

    #[test]
    fn limits_length_in_characters_not_bytes() {
        let ok = format!("/search {}", "ж".repeat(200));
        assert!(parse(&ok).is_ok());
        let long = format!("/search {}", "ж".repeat(201));
        assert_eq!(
            parse(&long),
            Err(UsageError::TooLong { len: 201, max: 200 })
        );
    }

    #[test]
    fn rejects_control_characters_but_not_tabs() {
        assert_eq!(
            parse("/who Kara\u{7}sin"),
            Err(UsageError::ControlCharacters)
        );
        assert!(parse("/who Kara\tsin").is_ok());
    }

    #[test]
    fn timeline_takes_zero_one_or_two_years() {
        for ok in [
            "/timeline",
            "/timeline 1945",
            "/timeline 1945 1960",
            "/timeline 1945-1960",
            "/timeline 1945 to 1960",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        for bad in ["/timeline soon", "/timeline 45", "/timeline 1945 1950 1960"] {
            assert!(matches!(parse(bad), Err(UsageError::NotYears(_))), "{bad}");
        }
    }

    #[test]
    fn timeline_years_are_read_once_into_numbers() {
        let span = |s: &str| parse(s).unwrap().years.unwrap();
        let both = |a, b| YearSpan {
            from: Some(a),
            to: Some(b),
        };
        assert_eq!(span("/timeline 1945 1960"), both(1945, 1960));
        assert_eq!(span("/timeline 1960-1945"), both(1945, 1960));
        assert_eq!(span("/timeline 1945 to 1960"), both(1945, 1960));
        let from = YearSpan {
            from: Some(1998),
            to: None,
        };
        assert_eq!(span("/timeline 1998"), from);
        assert_eq!(span("/timeline 1998-"), from);
        let to = YearSpan {
            from: None,
            to: Some(1960),
        };
        for t in ["/timeline -1960", "/timeline – 1960", "/timeline to 1960"] {
            assert_eq!(span(t), to, "{t}");
        }
        assert_eq!(span("/timeline"), YearSpan::default());
        assert_eq!(parse("/who Karasin").unwrap().years, None);
    }

    #[test]
    fn a_span_written_out_reads_back_the_same() {
        for span in [
            YearSpan::new(Some(1960), Some(1945)),
            YearSpan::new(Some(1960), None),
            YearSpan::new(None, Some(1960)),
            YearSpan::default(),
        ] {
            let cmd = Command::timeline(span);
            assert_eq!(YearSpan::parse(&cmd.query), Some(span), "{}", cmd.query);
        }
    }

    #[test]
    fn errors_say_what_to_type() {
        let msg = parse("/when").unwrap_err().to_string();
        assert!(msg.contains("/when 1956"), "{msg}");
    }
}
