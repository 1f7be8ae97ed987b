//! Prev/Next buttons that hold everything needed to show their page: the command (its kind and
//! its typed value, as the engine normalised it), the reader's language and the page. A click is
//! answered by asking the engine again (deterministic over the same index) and laying out that
//! page, so any process answers it, after a restart too, and nothing is kept between clicks.
//!
//! A custom id is at most 100 characters. A query too long to fit (rare: most are names and
//! short questions) is kept in the quiz store under a key made from the command
//! ([`query_key`]), and its buttons carry the key in its place ([`stored_custom_id`]): any
//! process sharing the store, or the same one restarted, looks the query up and answers again.
//! Only when the store cannot keep it (none, or unreachable) does the answer fall back to
//! [`Pager`], pages kept in this process's memory, bounded in size and age; a click on such a
//! button that reaches another process, or comes too late, is told to run the command again.
//!
//! A custom id is untrusted input: it is parsed into a [`Turn`] (a known command kind, a known
//! language, a page below [`MAX_PAGE`], a query within the engine's own bounds), and anything
//! else is ignored.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::render::{limits, Page};
use crate::engine::{Command, CommandKind, YearSpan};
use crate::present::Lang;

/// How long pages kept in memory stay turnable.
pub const PAGE_TTL: Duration = Duration::from_secs(30 * 60);
/// How many answers are kept in memory at most; the oldest go first.
const CAPACITY: usize = 1000;

/// The custom-id prefix of page turns that carry their command.
pub const PREFIX: &str = "tb:pg:";
/// The custom-id prefix of page turns whose query the store keeps under a key.
pub const STORED_PREFIX: &str = "tb:pq:";
/// The custom-id prefix of page turns whose pages this process keeps ([`Pager`]).
pub const KEPT_PREFIX: &str = "tb:pm:";
/// Pages are numbered below this (an answer has far fewer: its citations are capped).
pub const MAX_PAGE: usize = 100;

/// Which way a button turns; part of the custom id so a message's two buttons never share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// To the page before.
    Prev,
    /// To the page after.
    Next,
}

impl Direction {
    fn letter(self) -> char {
        match self {
            Direction::Prev => 'p',
            Direction::Next => 'n',
        }
    }
}

/// A page turn read from a button: the command to answer again and the page to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTurn {
    /// Which command.
    pub kind: CommandKind,
    /// Its value as the engine normalised it (`Command::query`).
    pub query: String,
    /// The language the message is in (its first reader's), so a page turned by anyone stays
    /// in it.
    pub lang: Lang,
    /// The page to show, from 0.
    pub page: usize,
}

impl PageTurn {
    /// The command again, checked as a typed one is (`None` when it is not one the engine
    /// takes, which a button we made never is).
    pub fn command(&self, max_chars: usize) -> Option<Command> {
        if self.kind == CommandKind::Timeline {
            return YearSpan::parse(&self.query).map(Command::timeline);
        }
        Command::new(self.kind, &self.query, max_chars).ok()
    }
}

/// What a page-turn button's custom id says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// Answer the command again and show a page of it.
    Again(PageTurn),
    /// Look the query up in the store under `key`, answer it again and show a page of it.
    Stored {
        /// The command's kind.
        kind: CommandKind,
        /// The message's language.
        lang: Lang,
        /// The page to show, from 0.
        page: usize,
        /// The key the query is kept under ([`query_key`]).
        key: String,
    },
    /// Show page `page` of answer `id` kept by this process's [`Pager`].
    Kept {
        /// The answer's id in the pager.
        id: u64,
        /// The page.
        page: usize,
    },
}

fn kind_digit(kind: CommandKind) -> char {
    let i = CommandKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0);
    char::from_digit(i as u32, 10).unwrap_or('0')
}

fn lang_letter(lang: Lang) -> char {
    match lang {
        Lang::En => 'e',
        Lang::Ja => 'j',
        Lang::Ru => 'r',
    }
}

/// The custom id of a button turning to `turn.page` (`{PREFIX}{dir}{kind}{lang}{page}:{query}`),
/// or `None` when the query is too long for Discord's 100 characters.
pub fn custom_id(turn: &PageTurn, dir: Direction) -> Option<String> {
    let id = format!(
        "{PREFIX}{}{}{}{}:{}",
        dir.letter(),
        kind_digit(turn.kind),
        lang_letter(turn.lang),
        turn.page.min(MAX_PAGE - 1),
        turn.query
    );
    (id.chars().count() <= limits::CUSTOM_ID).then_some(id)
}

/// Whether a button can carry a `kind` command with `query` on any page (else the query is
/// kept under its [`query_key`]).
pub fn fits(kind: CommandKind, query: &str) -> bool {
    let last = PageTurn {
        kind,
        query: query.to_string(),
        lang: Lang::En,
        page: MAX_PAGE - 1,
    };
    custom_id(&last, Direction::Next).is_some()
}

/// Hex digits of a [`query_key`].
const KEY_DIGITS: usize = 24;

/// The key a command too long for a custom id is kept under: its kind and query hashed (SHA-256,
/// the first 96 bits in hex), the same in every process, so keeping it twice keeps one row.
pub fn query_key(kind: CommandKind, query: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update([kind_digit(kind) as u8, 0]);
    h.update(query.as_bytes());
    h.finalize()
        .iter()
        .take(KEY_DIGITS / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The custom id of a button turning to `turn.page` of a command kept in the store
/// (`{STORED_PREFIX}{dir}{kind}{lang}{page}:{key}`, always within Discord's limit).
pub fn stored_custom_id(turn: &PageTurn, dir: Direction) -> String {
    format!(
        "{STORED_PREFIX}{}{}{}{}:{}",
        dir.letter(),
        kind_digit(turn.kind),
        lang_letter(turn.lang),
        turn.page.min(MAX_PAGE - 1),
        query_key(turn.kind, &turn.query)
    )
}

/// The custom id of a button showing page `page` of answer `id` kept in this process.
pub fn kept_custom_id(id: u64, page: usize, dir: Direction) -> String {
    format!(
        "{KEPT_PREFIX}{}{id}:{}",
        dir.letter(),
        page.min(MAX_PAGE - 1)
    )
}

/// Reads a page-turn custom id back; `None` for anything that is not one we make.
pub fn parse_custom_id(custom_id: &str) -> Option<Turn> {
    if custom_id.chars().count() > limits::CUSTOM_ID {
        return None;
    }
    let page = |s: &str| -> Option<usize> {
        let digits = s.len() <= 2 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| s.parse().ok()).flatten()
    };
    if let Some(rest) = custom_id.strip_prefix(KEPT_PREFIX) {
        let rest = rest.strip_prefix(['p', 'n'])?;
        let (id, n) = rest.split_once(':')?;
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(Turn::Kept {
            id: id.parse().ok()?,
            page: page(n)?,
        });
    }
    // Both carrying forms share their head: direction, kind, language, page.
    let head = |rest: &str| -> Option<(CommandKind, Lang, usize, String)> {
        let (head, tail) = rest.strip_prefix(['p', 'n'])?.split_once(':')?;
        let mut chars = head.chars();
        let kind = *CommandKind::ALL.get(chars.next()?.to_digit(10)? as usize)?;
        let lang = match chars.next()? {
            'e' => Lang::En,
            'j' => Lang::Ja,
            'r' => Lang::Ru,
            _ => return None,
        };
        Some((kind, lang, page(chars.as_str())?, tail.to_string()))
    };
    if let Some(rest) = custom_id.strip_prefix(STORED_PREFIX) {
        let (kind, lang, page, key) = head(rest)?;
        let hex = key.len() == KEY_DIGITS
            && key
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        return hex.then_some(Turn::Stored {
            kind,
            lang,
            page,
            key,
        });
    }
    let (kind, lang, page, query) = head(custom_id.strip_prefix(PREFIX)?)?;
    Some(Turn::Again(PageTurn {
        kind,
        query,
        lang,
        page,
    }))
}

struct Entry {
    pages: Vec<Page>,
    at: Instant,
}

/// Pages of answers whose command is too long for a custom id, kept in memory by id.
pub struct Pager {
    inner: Mutex<Inner>,
    ttl: Duration,
}

struct Inner {
    next_id: u64,
    entries: HashMap<u64, Entry>,
    order: VecDeque<u64>,
}

impl Default for Pager {
    fn default() -> Self {
        Pager::with_ttl(PAGE_TTL)
    }
}

impl Pager {
    /// A pager whose pages expire after `ttl`.
    pub fn with_ttl(ttl: Duration) -> Pager {
        Pager {
            inner: Mutex::new(Inner {
                next_id: 1,
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
            ttl,
        }
    }

    /// Keeps `pages` and returns their id.
    pub fn keep(&self, pages: Vec<Page>) -> u64 {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let id = inner.next_id;
        inner.next_id += 1;
        inner.entries.insert(
            id,
            Entry {
                pages,
                at: Instant::now(),
            },
        );
        inner.order.push_back(id);
        while inner.order.len() > CAPACITY {
            if let Some(old) = inner.order.pop_front() {
                inner.entries.remove(&old);
            }
        }
        id
    }

    /// Page `n` of answer `id` with the page count, unless it expired or never existed.
    pub fn page(&self, id: u64, n: usize) -> Option<(Page, usize)> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let e = inner.entries.get(&id)?;
        if e.at.elapsed() > self.ttl {
            return None;
        }
        e.pages.get(n).cloned().map(|p| (p, e.pages.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(s: &str) -> Page {
        Page {
            embeds: vec![super::super::render::EmbedData {
                title: s.into(),
                url: None,
                description: String::new(),
                footer: String::new(),
            }],
            picture: None,
            windows: None,
        }
    }

    #[test]
    fn keeps_pages_until_they_expire() {
        let p = Pager::with_ttl(Duration::from_millis(50));
        let id = p.keep(vec![page("a"), page("b")]);
        assert_eq!(p.page(id, 1).unwrap().0, page("b"));
        assert_eq!(p.page(id, 1).unwrap().1, 2);
        assert!(p.page(id, 2).is_none());
        assert!(p.page(id + 1, 0).is_none());
        std::thread::sleep(Duration::from_millis(80));
        assert!(p.page(id, 0).is_none());
    }

    fn turn(kind: CommandKind, query: &str, lang: Lang, page: usize) -> PageTurn {
        PageTurn {
            kind,
            query: query.into(),
            lang,
            page,
        }
    }

    #[test]
    fn a_command_round_trips_through_its_button_within_discords_limit() {
        for t in [
            turn(CommandKind::Who, "Karasin", Lang::En, 1),
            turn(
                CommandKind::Ask,
                "Who met Abe: when, and where?",
                Lang::Ja,
                3,
            ),
            turn(CommandKind::Where, "Кунашир", Lang::Ru, 99),
            turn(CommandKind::Timeline, "1945-1960", Lang::En, 2),
            turn(CommandKind::Sources, "", Lang::En, 0),
        ] {
            let next = custom_id(&t, Direction::Next).unwrap();
            let prev = custom_id(&t, Direction::Prev).unwrap();
            assert_ne!(next, prev, "a message's two buttons never share an id");
            assert!(next.chars().count() <= limits::CUSTOM_ID);
            assert_eq!(parse_custom_id(&next), Some(Turn::Again(t.clone())));
            assert!(t.command(200).is_some(), "{t:?}");
        }
        let long = "a".repeat(95);
        assert_eq!(
            custom_id(
                &turn(CommandKind::Search, &long, Lang::En, 0),
                Direction::Next
            ),
            None
        );
        let long_turn = turn(CommandKind::Search, &long, Lang::Ru, 7);
        let stored = stored_custom_id(&long_turn, Direction::Next);
        assert!(stored.chars().count() <= limits::CUSTOM_ID, "{stored}");
        assert_ne!(stored, stored_custom_id(&long_turn, Direction::Prev));
        assert_eq!(
            parse_custom_id(&stored),
            Some(Turn::Stored {
                kind: CommandKind::Search,
                lang: Lang::Ru,
                page: 7,
                key: query_key(CommandKind::Search, &long),
            })
        );
        // The key is the command's: the same in every process, another for another command.
        assert_eq!(
            query_key(CommandKind::Search, &long),
            query_key(CommandKind::Search, &"a".repeat(95))
        );
        assert_ne!(
            query_key(CommandKind::Search, &long),
            query_key(CommandKind::Ask, &long)
        );
        let kept = kept_custom_id(u64::MAX, 24, Direction::Next);
        assert!(kept.len() <= limits::CUSTOM_ID);
        assert_eq!(
            parse_custom_id(&kept),
            Some(Turn::Kept {
                id: u64::MAX,
                page: 24
            })
        );
    }

    #[test]
    fn hostile_custom_ids_are_ignored_or_bounded() {
        for bad in [
            "",
            "other",
            "tb:pg:",
            "tb:pg:n",
            "tb:pg:n0e",
            "tb:pg:n0e1",
            "tb:pg:x0e1:Karasin",
            "tb:pg:n9e1:Karasin",
            "tb:pg:na e1:Karasin",
            "tb:pg:n0x1:Karasin",
            "tb:pg:n0e100:Karasin",
            "tb:pg:n0e-1:Karasin",
            "tb:pg:n0e+1:Karasin",
            "tb:pm:n:1",
            "tb:pm:nx:1",
            "tb:pm:n99999999999999999999999:1",
            "tb:pm:n1:123",
            "tb:pq:n0e1:",
            "tb:pq:n0e1:0123456789abcdef0123456",
            "tb:pq:n0e1:0123456789abcdef012345678",
            "tb:pq:n0e1:0123456789ABCDEF01234567",
            "tb:pq:n0e1:0123456789abcdef0123456g",
            "tb:pq:n9e1:0123456789abcdef01234567",
            "tb:pq:x0e1:0123456789abcdef01234567",
        ] {
            assert_eq!(parse_custom_id(bad), None, "{bad:?}");
        }
        let long = format!("tb:pg:n0e1:{}", "a".repeat(200));
        assert_eq!(parse_custom_id(&long), None, "longer than Discord sends");
        // A query the engine would refuse is read, then refused when rebuilt.
        let Some(Turn::Again(t)) = parse_custom_id("tb:pg:n0e1:a\u{7}b") else {
            panic!("shape is fine")
        };
        assert_eq!(t.command(200), None);
        let Some(Turn::Again(t)) = parse_custom_id("tb:pg:n6e1:not years") else {
            panic!("shape is fine")
        };
        assert_eq!(t.command(200), None);
    }
}
