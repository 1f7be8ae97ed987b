//! What `/timeline` found, in words, and the heading of its picture.

use super::dates::span;
use super::{command, say, Lang, Names, Reader};
use crate::engine::{CommandKind, Timeline, TIMELINE_LIMIT};

/// What `/timeline` found: how many dated events, and which of them this window shows, with
/// how to reach the others (the buttons in Discord, `--page` on the command line).
pub fn timeline(reader: Reader, t: &Timeline) -> String {
    let span = span(reader.lang, t.years);
    let shown = t.events.len();
    if t.total == 0 {
        reader.say(
            "timeline-none",
            &[
                ("span", span.into()),
                ("timeline", command(reader, CommandKind::Timeline).into()),
            ],
        )
    } else if t.total > shown {
        let mut out = reader.say(
            "timeline-part",
            &[
                ("span", span.into()),
                ("total", t.total.into()),
                ("from", (t.first + 1).into()),
                ("to", (t.first + shown).into()),
            ],
        );
        let more = match reader.names {
            Names::Picker => reader.say(
                "timeline-more-picker",
                &[
                    ("earlier", reader.say("button-earlier", &[]).into()),
                    ("later", reader.say("button-later", &[]).into()),
                ],
            ),
            Names::Typed if t.first + shown < t.total => reader.say(
                "timeline-more-typed",
                &[("next", (t.first / TIMELINE_LIMIT + 2).into())],
            ),
            Names::Typed => String::new(),
        };
        if !more.is_empty() {
            out.push(' ');
            out.push_str(&more);
        }
        out
    } else {
        reader.say(
            "timeline-some",
            &[("span", span.into()), ("total", t.total.into())],
        )
    }
}

/// The heading of the timeline picture: "Dated events from 1945 to 1960 (26–50 of 137)".
pub fn picture_title(lang: Lang, t: &Timeline) -> String {
    let span = span(lang, t.years);
    if t.total > t.events.len() {
        say(
            lang,
            "picture-title-part",
            &[
                ("span", span.into()),
                ("from", (t.first + 1).into()),
                ("to", (t.first + t.events.len()).into()),
                ("total", t.total.into()),
            ],
        )
    } else {
        say(lang, "picture-title", &[("span", span.into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::PartialDate;
    use crate::engine::YearSpan;

    const EN: Reader = Reader {
        lang: Lang::En,
        names: Names::Typed,
    };

    fn t(from: Option<i32>, to: Option<i32>, total: usize, first: usize, shown: usize) -> Timeline {
        Timeline {
            years: YearSpan { from, to },
            total,
            first,
            events: (0..shown)
                .map(|i| crate::engine::TimelineEvent {
                    date: PartialDate::year(1956),
                    label: String::new(),
                    citation: i,
                })
                .collect(),
        }
    }

    #[test]
    fn a_timeline_says_how_many_events_and_which_years() {
        assert_eq!(
            timeline(EN, &t(None, Some(1960), 3, 0, 3)),
            "3 dated events up to 1960, earliest first."
        );
        assert_eq!(
            timeline(EN, &t(Some(1945), None, 40, 0, 25)),
            "40 dated events from 1945 on; here 1–25, earliest first. Add --page 2 for the next ones."
        );
        assert!(timeline(EN, &t(Some(1990), Some(1991), 0, 0, 0))
            .starts_with("No dated events from 1990 to 1991"));
        assert_eq!(
            picture_title(Lang::En, &t(None, None, 40, 25, 15)),
            "Dated events (26–40 of 40)"
        );
        let ru = Reader::typed(Lang::Ru);
        assert!(timeline(ru, &t(None, None, 2, 0, 2)).starts_with("2 датированных события"));
        assert!(timeline(ru, &t(None, None, 5, 0, 5)).starts_with("5 датированных событий"));
    }

    #[test]
    fn a_window_of_a_long_timeline_says_which_events_and_how_to_reach_the_rest() {
        // The last window has nothing after it on the command line.
        let last = timeline(EN, &t(None, None, 60, 50, 10));
        assert!(
            last.contains("here 51–60") && !last.contains("--page"),
            "{last}"
        );
        let ja = timeline(Reader::picker(Lang::Ja), &t(None, None, 60, 25, 25));
        assert!(
            ja.contains("26〜50件目") && ja.contains("次の出来事"),
            "{ja}"
        );
        let ru = picture_title(Lang::Ru, &t(None, None, 60, 25, 25));
        assert!(ru.contains("26–50 из 60"), "{ru}");
    }
}
