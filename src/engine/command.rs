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

    /// One line saying what the command is for.
    pub fn description(self) -> &'static str {
        match self {
            CommandKind::Who => "Who a person is, with the passages that mention them",
            CommandKind::When => "What happened in a year or on a date, or when an event happened",
            CommandKind::Where => "Where a place is, its other names, and what happened there",
            CommandKind::What => "The best passages about a topic",
            CommandKind::Search => "Full-text search over the articles",
            CommandKind::Ask => "Ask a question; get a short answer with its sources",
            CommandKind::Timeline => "Dated events in order, optionally between two years",
            CommandKind::Sources => "The articles treatybot quotes",
            CommandKind::Help => "How to use treatybot",
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
    /// The arguments do not fit the command (e.g. `/timeline 1960 soon`).
    #[error("{message} Usage: {}", .kind.usage())]
    BadArguments {
        /// Which command.
        kind: CommandKind,
        /// What was wrong.
        message: String,
    },
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
        if kind == CommandKind::Timeline && !is_year_span(&query) {
            return Err(UsageError::BadArguments {
                kind,
                message: format!("“{query}” is not one or two years."),
            });
        }
        Ok(Command { kind, query })
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

/// Empty, `1945`, `1945 1960` or `1945-1960`.
fn is_year_span(q: &str) -> bool {
    let parts: Vec<&str> = q
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'))
        .filter(|p| !p.is_empty() && *p != "to")
        .collect();
    parts.len() <= 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))
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
            assert!(
                matches!(parse(bad), Err(UsageError::BadArguments { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_say_what_to_type() {
        let msg = parse("/when").unwrap_err().to_string();
        assert!(msg.contains("/when 1956"), "{msg}");
    }
}
