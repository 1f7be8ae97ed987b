//! Where everything of the timeline picture goes: pure arithmetic over measured text, so it
//! can be checked without drawing (no two rows overlap, every line fits, the size is bounded).
//!
//! The timeline runs down the picture, not across it. Discord shows a picture at the width of a
//! phone's screen; a horizontal axis there leaves each of 25 events a few dozen pixels, so labels
//! would have to be tiny or collide. Down the page each event owns a band of the full width:
//! its marker on the axis, its number and date, then its label on up to two lines, and the year
//! written in the gutter where it changes. Events are spaced in order, not in proportion to
//! time (a dispute's events bunch in a few years), with a wider gap where the year changes.

/// Width of the picture in pixels: Discord shows it at a phone's width without scaling it up.
pub const WIDTH: u32 = 800;
/// Most events drawn; the rest are left to the title's count and the citations.
pub const MAX_EVENTS: usize = 40;
/// Space around everything.
pub const MARGIN: f32 = 28.0;
/// The axis runs down this x; a pixel column's centre, so a marker's middle column is whole.
pub const AXIS_X: f32 = 150.5;
/// Radius of an event's marker on the axis.
pub const MARKER_RADIUS: f32 = 9.0;
/// Size (em, in pixels) of the title.
pub const TITLE_PX: f32 = 30.0;
/// Size of an event's number and date.
pub const DATE_PX: f32 = 26.0;
/// Size of an event's label.
pub const LABEL_PX: f32 = 24.0;
/// Size of the year in the gutter.
pub const YEAR_PX: f32 = 26.0;
/// Lines a label may take; past them it ends with an ellipsis.
pub const LABEL_LINES: usize = 2;
/// Lines the title may take.
const TITLE_LINES: usize = 2;
/// Where text right of the axis starts.
const TEXT_X: f32 = AXIS_X + 26.0;
/// Space between two events' bands, and the extra space where the year changes.
const ROW_GAP: f32 = 14.0;
const YEAR_GAP: f32 = 14.0;
/// Space between the title and the first event.
const TITLE_GAP: f32 = 22.0;
/// Longest label or date read, in characters: a label is a few words, but nothing unbounded
/// reaches the measuring loop.
const MAX_TEXT_CHARS: usize = 240;

/// Height of a line of text of em size `px`.
pub fn line_height(px: f32) -> f32 {
    (px * 1.4).ceil()
}

/// How wide text is at an em size: the font, or a stand-in in tests.
pub trait Measure {
    /// Width in pixels of `text` set at em size `px`.
    fn width(&self, text: &str, px: f32) -> f32;
}

/// One event to place.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// Its year, for the gutter.
    pub year: i32,
    /// Its date as the reader reads it.
    pub date: &'a str,
    /// A few words of the article's.
    pub label: &'a str,
    /// Its citation's number, from 1.
    pub number: usize,
}

/// A line of text placed: its left edge, the top of its line box, its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Left edge.
    pub x: f32,
    /// Top of the line box.
    pub top: f32,
    /// Em size in pixels.
    pub px: f32,
    /// The text, already cut to fit.
    pub text: String,
}

/// One event placed: its band of the picture and what is drawn in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Top of the band.
    pub top: f32,
    /// Bottom of the band.
    pub bottom: f32,
    /// Centre of the marker on the axis.
    pub marker_y: f32,
    /// The year in the gutter, where it changes.
    pub year: Option<Line>,
    /// "[n] date".
    pub date: Line,
    /// The label's lines.
    pub label: Vec<Line>,
}

/// The whole picture placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The title's lines.
    pub title: Vec<Line>,
    /// One row per event drawn, top to bottom.
    pub rows: Vec<Row>,
}

/// The tallest picture [`lay_out`] makes: every event with a two-line label and a new year.
pub fn max_height() -> u32 {
    let title = TITLE_LINES as f32 * line_height(TITLE_PX);
    let row = line_height(DATE_PX) + LABEL_LINES as f32 * line_height(LABEL_PX);
    let rows = MAX_EVENTS as f32 * (row + ROW_GAP + YEAR_GAP);
    (MARGIN * 2.0 + title + TITLE_GAP + rows).ceil() as u32
}

/// Places the title and at most [`MAX_EVENTS`] events (the first ones, in the order given).
pub fn lay_out(title: &str, items: &[Item], m: &impl Measure) -> Layout {
    let text_width = WIDTH as f32 - MARGIN - TEXT_X;
    let mut y = MARGIN;
    let title_lines: Vec<Line> = wrap(title, WIDTH as f32 - 2.0 * MARGIN, TITLE_PX, TITLE_LINES, m)
        .into_iter()
        .map(|text| {
            let line = Line {
                x: MARGIN,
                top: y,
                px: TITLE_PX,
                text,
            };
            y += line_height(TITLE_PX);
            line
        })
        .collect();
    y += TITLE_GAP;
    let mut rows = Vec::new();
    let mut last_year = None;
    for item in items.iter().take(MAX_EVENTS) {
        let new_year = last_year != Some(item.year);
        if new_year && last_year.is_some() {
            y += YEAR_GAP;
        }
        last_year = Some(item.year);
        let top = y;
        let date_text = format!("[{}] {}", item.number, bounded(item.date));
        let date = Line {
            x: TEXT_X,
            top: y,
            px: DATE_PX,
            text: wrap(&date_text, text_width, DATE_PX, 1, m)
                .pop()
                .unwrap_or_default(),
        };
        let marker_y = y + line_height(DATE_PX) / 2.0;
        y += line_height(DATE_PX);
        let year = new_year.then(|| {
            let text = item.year.to_string();
            let w = m.width(&text, YEAR_PX);
            Line {
                x: (AXIS_X - 18.0 - w).max(MARGIN / 2.0),
                top: top + (line_height(DATE_PX) - line_height(YEAR_PX)) / 2.0,
                px: YEAR_PX,
                text,
            }
        });
        let label: Vec<Line> = wrap(bounded(item.label), text_width, LABEL_PX, LABEL_LINES, m)
            .into_iter()
            .map(|text| {
                let line = Line {
                    x: TEXT_X,
                    top: y,
                    px: LABEL_PX,
                    text,
                };
                y += line_height(LABEL_PX);
                line
            })
            .collect();
        rows.push(Row {
            top,
            bottom: y,
            marker_y,
            year,
            date,
            label,
        });
        y += ROW_GAP;
    }
    let height = (y - ROW_GAP + MARGIN).ceil().max(MARGIN * 2.0) as u32;
    Layout {
        width: WIDTH,
        height,
        title: title_lines,
        rows,
    }
}

/// `text` cut to [`MAX_TEXT_CHARS`] characters.
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// Whether a line may break after `c` or before it: after a space, and on either side of a
/// character of a script written without spaces (kana, kanji, full-width forms).
fn breaks_around(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// `text` in at most `max_lines` lines no wider than `width`: broken after spaces (or between
/// characters of scripts written without them, or inside a word too long for a line), the last
/// line ending in "…" when text is left over.
pub fn wrap(text: &str, width: f32, px: f32, max_lines: usize, m: &impl Measure) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    while !rest.is_empty() && lines.len() < max_lines {
        // The longest prefix that fits, in characters.
        let mut fit = 0;
        let mut line = String::new();
        for (i, c) in rest.iter().enumerate() {
            line.push(*c);
            if m.width(&line, px) > width {
                break;
            }
            fit = i + 1;
        }
        if fit == rest.len() {
            lines.push(rest.iter().collect());
            rest.clear();
            break;
        }
        // Back to the last place a line may break, unless that leaves nothing.
        let at = (1..=fit)
            .rev()
            .find(|&i| rest[i] == ' ' || breaks_around(rest[i]) || breaks_around(rest[i - 1]))
            .unwrap_or(fit.max(1));
        let taken: String = rest[..at].iter().collect();
        lines.push(taken.trim_end().to_string());
        rest.drain(..at);
        while rest.first() == Some(&' ') {
            rest.remove(0);
        }
    }
    if !rest.is_empty() {
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && m.width(&format!("{last}…"), px) > width {
                last.pop();
            }
            let kept = last.trim_end().to_string();
            *last = format!("{kept}…");
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Half an em per character, a whole em for wide scripts: the shape of real fonts.
    struct Fixed;
    impl Measure for Fixed {
        fn width(&self, text: &str, px: f32) -> f32 {
            text.chars()
                .map(|c| if breaks_around(c) { px } else { px * 0.55 })
                .sum()
        }
    }

    fn items(n: usize, label: &str) -> Vec<(i32, String, String)> {
        (0..n)
            .map(|i| {
                (
                    1945 + (i as i32 / 3),
                    format!("{} October {}", 1 + i % 28, 1945 + i / 3),
                    label.to_string(),
                )
            })
            .collect()
    }

    fn placed(list: &[(i32, String, String)]) -> Layout {
        let items: Vec<Item> = list
            .iter()
            .enumerate()
            .map(|(i, (year, date, label))| Item {
                year: *year,
                date,
                label,
                number: i + 1,
            })
            .collect();
        lay_out("Dated events from 1945 to 1960 (25 of 37)", &items, &Fixed)
    }

    fn check(l: &Layout) {
        assert_eq!(l.width, WIDTH);
        assert!(l.height <= max_height(), "{} > {}", l.height, max_height());
        for pair in l.rows.windows(2) {
            assert!(pair[0].bottom <= pair[1].top, "bands overlap");
            assert!(
                pair[1].marker_y - pair[0].marker_y > 2.0 * MARKER_RADIUS + 4.0,
                "markers touch"
            );
        }
        let right = WIDTH as f32 - MARGIN + 0.5;
        for r in &l.rows {
            assert!(r.top >= MARGIN && r.bottom <= l.height as f32 - MARGIN + 0.5);
            for line in std::iter::once(&r.date).chain(&r.label) {
                assert!(
                    line.x + Fixed.width(&line.text, line.px) <= right,
                    "{line:?}"
                );
                assert!(line.top >= r.top && line.top + line_height(line.px) <= r.bottom);
            }
            if let Some(y) = &r.year {
                assert!(y.x + Fixed.width(&y.text, y.px) < AXIS_X - MARKER_RADIUS);
            }
            assert!(r.label.len() <= LABEL_LINES);
        }
    }

    #[test]
    fn rows_never_overlap_and_everything_fits() {
        for label in [
            "Soviet Union and Japan signed a joint declaration",
            "",
            &"an extraordinarily long label that goes on and on ".repeat(8),
            "日ソ共同宣言に署名し、国交を回復した。平和条約の締結後に歯舞群島と色丹島を引き渡す",
            "Советский Союз и Япония подписали совместную декларацию о прекращении войны",
            &"x".repeat(500),
        ] {
            for n in [1, 2, 25, 40] {
                let l = placed(&items(n, label));
                assert_eq!(l.rows.len(), n);
                check(&l);
            }
        }
    }

    #[test]
    fn the_picture_is_bounded_however_many_events() {
        let l = placed(&items(300, &"word ".repeat(60)));
        assert_eq!(l.rows.len(), MAX_EVENTS);
        check(&l);
        assert!(max_height() < 6000, "{}", max_height());
    }

    #[test]
    fn a_year_is_written_where_it_changes() {
        let l = placed(&items(7, "label"));
        let years: Vec<Option<&str>> = l
            .rows
            .iter()
            .map(|r| r.year.as_ref().map(|y| y.text.as_str()))
            .collect();
        assert_eq!(
            years,
            [
                Some("1945"),
                None,
                None,
                Some("1946"),
                None,
                None,
                Some("1947")
            ]
        );
    }

    #[test]
    fn long_labels_wrap_at_spaces_and_end_with_an_ellipsis() {
        let lines = wrap("one two three four five six", 100.0, 20.0, 2, &Fixed);
        assert_eq!(lines, ["one two", "three…"]);
        // A script without spaces breaks between characters.
        let lines = wrap("日ソ共同宣言に署名", 100.0, 20.0, 2, &Fixed);
        assert_eq!(lines, ["日ソ共同宣", "言に署名"]);
        assert_eq!(wrap("short", 100.0, 20.0, 2, &Fixed), ["short"]);
        assert!(wrap("", 100.0, 20.0, 2, &Fixed).is_empty());
    }
}
