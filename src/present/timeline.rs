//! What `/timeline` found, in words, and the heading of its picture.

use super::dates::span;
use super::{command, say, Lang, Reader};
use crate::engine::{CommandKind, Timeline};

/// What `/timeline` found: how many dated events, and whether only the first are shown.
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
        reader.say(
            "timeline-first",
            &[
                ("span", span.into()),
                ("total", t.total.into()),
                ("shown", shown.into()),
            ],
        )
    } else {
        reader.say(
            "timeline-some",
            &[("span", span.into()), ("total", t.total.into())],
        )
    }
}

/// The heading of the timeline picture: "Dated events from 1945 to 1960 (25 of 37)".
pub fn picture_title(lang: Lang, t: &Timeline) -> String {
    let span = span(lang, t.years);
    if t.total > t.events.len() {
        say(
            lang,
            "picture-title-part",
            &[
                ("span", span.into()),
                ("shown", t.events.len().into()),
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
    use crate::present::Names;

    const EN: Reader = Reader {
        lang: Lang::En,
        names: Names::Typed,
    };

    #[test]
    fn a_timeline_says_how_many_events_and_which_years() {
        let t = |from, to, total, shown| Timeline {
            years: YearSpan { from, to },
            total,
            events: (0..shown)
                .map(|i| crate::engine::TimelineEvent {
                    date: PartialDate::year(1956),
                    label: String::new(),
                    citation: i,
                })
                .collect(),
        };
        assert_eq!(
            timeline(EN, &t(None, Some(1960), 3, 3)),
            "3 dated events up to 1960, earliest first."
        );
        assert!(timeline(EN, &t(Some(1945), None, 40, 25))
            .starts_with("40 dated events from 1945 on; the first 25"));
        assert!(timeline(EN, &t(Some(1990), Some(1991), 0, 0))
            .starts_with("No dated events from 1990 to 1991"));
        assert_eq!(
            picture_title(Lang::En, &t(None, None, 40, 25)),
            "Dated events (25 of 40)"
        );
        let ru = Reader::typed(Lang::Ru);
        assert!(timeline(ru, &t(None, None, 2, 2)).starts_with("2 датированных события"));
        assert!(timeline(ru, &t(None, None, 5, 5)).starts_with("5 датированных событий"));
    }
}
