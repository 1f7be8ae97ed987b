//! `/quiz leaderboard`, paged: ten players a page, medals for the top three, the reader's own
//! place on every page, and Prev/Next buttons whose custom id holds everything a page needs
//! (`tb:lb:GUILD:PAGE`), so any process sharing the store can turn a page and nothing is kept
//! in memory between clicks.

use super::messages::{quiz_command, table};
use crate::discord::render::{clip, escape, limits, EmbedData};
use crate::present::Reader;
use crate::quiz::{LeaderboardPage, PlayerRecord};

/// Custom-id prefix of the leaderboard's page buttons: `tb:lb:GUILD:PAGE`.
pub const PREFIX: &str = "tb:lb:";
/// Players on one page.
pub const PER_PAGE: usize = 10;

/// Said to a click on a page button that names another server's table (or comes from a direct
/// message): each server's table is shown in that server only.
pub fn another_servers_table(reader: Reader) -> String {
    reader.say(
        "quiz-lb-another-server",
        &[("leaderboard", quiz_command(reader, "leaderboard").into())],
    )
}

/// The custom id of a button showing page `page` (from 0) of server `guild`'s table.
pub fn page_id(guild: u64, page: usize) -> String {
    format!("{PREFIX}{guild}:{page}")
}

/// Reads a page button's custom id: (server, page).
pub fn parse_page_id(id: &str) -> Option<(u64, usize)> {
    let (guild, page) = id.strip_prefix(PREFIX)?.split_once(':')?;
    Some((guild.parse().ok()?, page.parse().ok()?))
}

/// Pages a table of `players` has (one, even when empty).
pub fn pages(players: u64) -> usize {
    (players as usize).div_ceil(PER_PAGE).max(1)
}

/// A page button: custom id, label, and whether it is disabled (no page that way).
pub type PageButton = (String, String, bool);

/// Page `page` (from 0) of a server's table, its first line at place `first_place` (the
/// place its player's record gives, shared with the page before on a tie), `reader` the name
/// and record of whoever asked or turned the page (the message is public, so their place is
/// named, not only "you"). Buttons only when there is more than one page.
pub fn leaderboard_message(
    guild: u64,
    page: usize,
    table_page: &LeaderboardPage,
    first_place: usize,
    asker: (&str, &PlayerRecord),
    reader: Reader,
) -> (EmbedData, Vec<PageButton>) {
    let total = pages(table_page.players);
    let (name, record) = asker;
    let you = match record.rank {
        Some(rank) => reader.say(
            "quiz-lb-you",
            &[
                ("name", escape(name).into()),
                ("rank", rank.into()),
                ("points", record.points.into()),
            ],
        ),
        None => reader.say("quiz-lb-you-none", &[("name", escape(name).into())]),
    };
    let description = if table_page.lines.is_empty() && table_page.players == 0 {
        reader.say(
            "quiz-lb-empty",
            &[("start", quiz_command(reader, "start").into())],
        )
    } else {
        format!(
            "{}\n\n{you}",
            table(reader, &table_page.lines, page * PER_PAGE + 1, first_place)
        )
    };
    let footer = if total > 1 {
        reader.say(
            "quiz-lb-footer",
            &[
                ("page", (page + 1).into()),
                ("pages", total.into()),
                ("players", table_page.players.into()),
            ],
        )
    } else {
        String::new()
    };
    let buttons = if total > 1 {
        vec![
            (
                page_id(guild, page.saturating_sub(1)),
                reader.say("button-prev", &[]),
                page == 0,
            ),
            (
                page_id(guild, page + 1),
                reader.say("button-next", &[]),
                page + 1 >= total,
            ),
        ]
    } else {
        Vec::new()
    };
    (
        EmbedData {
            title: reader.say("quiz-lb-title", &[]),
            url: None,
            description: clip(&description, limits::DESCRIPTION),
            footer: clip(&footer, limits::FOOTER),
        },
        buttons,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::Standing;

    fn line(i: u64) -> Standing {
        Standing {
            user_id: i,
            name: format!("p{i}"),
            points: 100 - i,
            right: 1,
            answered: 1,
            streak: 0,
        }
    }

    #[test]
    fn page_ids_round_trip_fit_and_differ() {
        let id = page_id(u64::MAX, 123_456);
        assert!(id.len() <= limits::CUSTOM_ID);
        assert_eq!(parse_page_id(&id), Some((u64::MAX, 123_456)));
        assert_eq!(parse_page_id("tb:lb:1"), None);
        assert_eq!(parse_page_id("tb:qz:1:2:3"), None);
        assert_eq!((pages(0), pages(10), pages(11), pages(25)), (1, 1, 2, 3));
        let page = LeaderboardPage {
            lines: (0..10).map(line).collect(),
            players: 25,
        };
        let me = PlayerRecord {
            points: 12,
            rank: Some(17),
            ..PlayerRecord::default()
        };
        for p in 0..3 {
            let (_, buttons) = leaderboard_message(
                5,
                p,
                &page,
                p * PER_PAGE + 1,
                ("Ann", &me),
                Reader::picker(crate::present::Lang::En),
            );
            assert_ne!(
                buttons[0].0, buttons[1].0,
                "custom ids differ within a message"
            );
            assert_eq!(buttons[0].2, p == 0);
            assert_eq!(buttons[1].2, p == 2);
        }
    }

    #[test]
    fn a_tie_on_points_shares_a_place_and_its_medal() {
        let mut lines: Vec<Standing> = (0..5).map(line).collect();
        lines[1].points = lines[0].points;
        lines[3].points = lines[2].points;
        let page = LeaderboardPage { lines, players: 5 };
        let none = PlayerRecord::default();
        let (e, _) = leaderboard_message(
            5,
            0,
            &page,
            1,
            ("Ann", &none),
            Reader::picker(crate::present::Lang::En),
        );
        let places: Vec<&str> = e
            .description
            .lines()
            .take(5)
            .map(|l| l.split("** ").next().unwrap())
            .collect();
        assert_eq!(places, ["🥇 **1.", "🥇 **1.", "🥉 **3.", "🥉 **3.", "**5."]);
        // A page whose first line ties with the page before starts at that shared place.
        let next = LeaderboardPage {
            lines: vec![line(10), line(11)],
            players: 12,
        };
        let (e, _) = leaderboard_message(
            5,
            1,
            &next,
            9,
            ("Ann", &none),
            Reader::picker(crate::present::Lang::En),
        );
        assert!(e.description.starts_with("**9.** p10"), "{}", e.description);
        assert!(e.description.contains("\n**12.** p11"), "{}", e.description);
    }

    #[test]
    fn medals_on_the_first_three_places_and_the_readers_place_on_every_page() {
        let me = PlayerRecord {
            points: 12,
            rank: Some(17),
            ..PlayerRecord::default()
        };
        let first = LeaderboardPage {
            lines: (0..10).map(line).collect(),
            players: 25,
        };
        let (e, _) = leaderboard_message(
            5,
            0,
            &first,
            1,
            ("Ann", &me),
            Reader::picker(crate::present::Lang::En),
        );
        let lines: Vec<&str> = e.description.lines().collect();
        assert!(
            lines[0].starts_with("🥇 **1.** p0 — 100 points"),
            "{}",
            lines[0]
        );
        assert!(lines[2].starts_with("🥉 **3.**"), "{}", lines[2]);
        assert!(lines[3].starts_with("**4.**"), "{}", lines[3]);
        assert!(e.description.ends_with("You (Ann): #17, 12 points"));
        assert_eq!(e.footer, "Page 1 of 3 · 25 players");
        let second = LeaderboardPage {
            lines: (10..20).map(line).collect(),
            players: 25,
        };
        let (e, _) = leaderboard_message(
            5,
            1,
            &second,
            11,
            ("Ann", &me),
            Reader::picker(crate::present::Lang::En),
        );
        assert!(
            e.description.starts_with("**11.** p10"),
            "{}",
            e.description
        );
        assert!(!e.description.contains('🥇'));
        assert!(e.description.contains("You (Ann): #17"));
        let (e, buttons) = leaderboard_message(
            5,
            0,
            &LeaderboardPage::default(),
            1,
            ("Ann", &PlayerRecord::default()),
            Reader::picker(crate::present::Lang::En),
        );
        assert!(e.description.contains("No quiz answers"));
        assert!(buttons.is_empty() && e.footer.is_empty());
    }

    #[test]
    fn each_line_shows_its_players_streak_from_two_in_a_row() {
        let mut lines: Vec<Standing> = (0..3).map(line).collect();
        lines[0].streak = 4;
        lines[1].streak = 1;
        let page = LeaderboardPage { lines, players: 3 };
        let (e, _) = leaderboard_message(
            5,
            0,
            &page,
            1,
            ("Ann", &PlayerRecord::default()),
            Reader::picker(crate::present::Lang::En),
        );
        let shown: Vec<&str> = e.description.lines().take(3).collect();
        assert!(
            shown[0].ends_with("(1 of 1 right) · 🔥 4 in a row"),
            "{}",
            shown[0]
        );
        assert!(shown[1].ends_with("(1 of 1 right)"), "{}", shown[1]);
        assert!(shown[2].ends_with("(1 of 1 right)"), "{}", shown[2]);
        let me = PlayerRecord {
            points: 12,
            right: 3,
            answered: 4,
            quizzes: 1,
            rank: Some(2),
            streak: 3,
        };
        let text = super::super::messages::me_message(
            "Ann",
            &me,
            Reader::picker(crate::present::Lang::En),
        );
        assert!(text.contains("Current streak: 3 right in a row."), "{text}");
        let ja = super::super::messages::me_message(
            "Ann",
            &me,
            Reader::picker(crate::present::Lang::Ja),
        );
        assert!(ja.contains("3問連続"), "{ja}");
    }
}
