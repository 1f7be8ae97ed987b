//! The timeline as data and as a picture: the engine's typed events, the PNG drawn from them
//! (its size and one marker per event), labels in any script with the shipped font, and
//! `treatybot timeline --png` end to end.

mod common;

use serde_json::Value;
use treatybot::engine::{Answer, YearSpan};
use treatybot::picture::{self, layout, Drawing, Event};
use treatybot::present::Lang;

/// Every event points at the citation of its passage, titled by its earliest date (a paragraph
/// giving two dates is one citation with two marks, when its excerpt holds both); its label is the
/// article's own words in that citation, and the events run earliest first.
fn check_events(a: &Answer) {
    let t = a.timeline.as_ref().expect("a timeline");
    assert!(t.total >= t.events.len());
    let mut cited: Vec<usize> = t.events.iter().map(|e| e.citation).collect();
    cited.sort_unstable();
    cited.dedup();
    assert_eq!(
        cited.len(),
        a.citations.len(),
        "every citation is an event's"
    );
    let mut seen = std::collections::HashSet::new();
    for e in &t.events {
        let c = &a.citations[e.citation];
        let d = c.date_mentioned.as_ref().expect("cited for a date");
        if seen.insert(e.citation) {
            assert_eq!(d.value, e.date.to_string(), "titled by its earliest date");
        }
        assert!(
            c.excerpt.contains(&e.label),
            "label {:?} not in {:?}",
            e.label,
            c.excerpt
        );
        assert!(e.label.split_whitespace().count() <= 8, "{}", e.label);
        if let (Some(from), Some(to)) = (t.years.from, t.years.to) {
            assert!((from..=to).contains(&e.date.year), "{:?}", e.date);
        }
    }
    let years: Vec<i32> = t.events.iter().map(|e| e.date.year).collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]), "{years:?}");
}

#[test]
fn timeline_answers_with_typed_events_each_pointing_at_its_citation() {
    let a = common::ask("/timeline 1945 1960");
    let t = a.timeline.as_ref().expect("a timeline");
    assert_eq!(
        t.years,
        YearSpan {
            from: Some(1945),
            to: Some(1960)
        }
    );
    assert!(!t.events.is_empty());
    check_events(&a);
    assert!(
        t.events
            .iter()
            .any(|e| e.date.year == 1956 && e.label.to_lowercase().contains("declaration")),
        "{:?}",
        t.events
    );
    // The words are the front ends': the engine hands over none for the timeline.
    assert_eq!(a.found, None);
    assert!(common::said(&a).contains("from 1945 to 1960"));

    let all = common::ask("/timeline");
    check_events(&all);
    let t = all.timeline.as_ref().unwrap();
    assert_eq!(t.events.len(), 25);
    assert!(t.total > 25, "the seeds hold more than the first 25");
    assert!(
        common::said(&all).contains("here 1–25"),
        "{}",
        common::said(&all)
    );
}

/// An engine over the invented harbour chronicle: one dated event a paragraph from 1901 to
/// 1970, and one paragraph with two dates.
fn chronicle() -> &'static treatybot::engine::Engine {
    static ENGINE: std::sync::OnceLock<treatybot::engine::Engine> = std::sync::OnceLock::new();
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(common::temp_data_dir);
        common::engine_over(dir.path(), "tests/fixtures/timeline_many", None)
    })
}

/// Every window of a timeline over `years`, from the first until none comes after.
fn windows(years: YearSpan) -> Vec<Answer> {
    use treatybot::engine::{Audience, Command};
    let engine = chronicle().seen_by(Audience::SHARED);
    let mut out: Vec<Answer> = Vec::new();
    for window in 0..100 {
        let a = engine
            .answer(&Command::timeline(years).in_window(window))
            .expect("answered");
        let t = a.timeline.clone().expect("a timeline");
        let last = t.first + t.events.len() >= t.total;
        out.push(a);
        if last {
            return out;
        }
    }
    panic!("more than 100 windows");
}

#[test]
fn paging_a_long_timeline_reaches_every_event_once_with_its_picture() {
    for years in [YearSpan::default(), YearSpan::new(Some(1905), Some(1965))] {
        let all = windows(years);
        assert!(all.len() >= 3, "{years}: {} windows", all.len());
        let total = all[0].timeline.as_ref().unwrap().total;
        let mut seen = std::collections::HashSet::new();
        let mut counted = 0;
        for (w, a) in all.iter().enumerate() {
            check_events(a);
            let t = a.timeline.as_ref().unwrap();
            assert_eq!(t.total, total, "every window counts the same events");
            assert_eq!(t.first, counted, "window {w} follows the one before");
            assert!(t.events.len() <= 25 && !t.events.is_empty());
            for e in &t.events {
                let c = &a.citations[e.citation];
                let key = (c.source.id.clone(), c.source.paragraph, e.date);
                assert!(seen.insert(key), "{years}: an event in two windows: {e:?}");
            }
            counted += t.events.len();
            // The picture of each window marks its events, titled with which they are.
            for lang in Lang::ALL {
                let d = picture::drawing(a, lang).expect("a picture");
                assert_eq!(d.events.len(), t.events.len());
                let from = (t.first + 1).to_string();
                assert!(d.title.contains(&from), "{lang}: {}", d.title);
            }
            let png = picture::render(&picture::drawing(a, Lang::Ja).unwrap()).unwrap();
            assert_eq!(common::timeline_markers(&png), t.events.len(), "window {w}");
        }
        assert_eq!(counted, total, "{years}: every event is in some window");
        // Every year of the chronicle within the span is reached.
        let (lo, hi) = (years.from.unwrap_or(1901), years.to.unwrap_or(1970));
        for year in lo..=hi {
            assert!(
                seen.iter().any(|(_, _, d)| d.year == year),
                "{years}: {year} never shown"
            );
        }
    }
}

/// A later window reads about as many passages as the first: the passages of the windows
/// before it are passed over by the events the index counted for them, unread.
#[test]
fn a_later_window_reads_no_more_passages_than_the_first() {
    use treatybot::engine::{Audience, Command};
    // An engine of its own, so no other test's reads are counted.
    let dir = common::temp_data_dir();
    let engine = common::engine_over(dir.path(), "tests/fixtures/timeline_many", None);
    let reads = |window: usize| {
        let before = engine.passages_read();
        let a = engine
            .seen_by(Audience::SHARED)
            .answer(&Command::timeline(YearSpan::default()).in_window(window))
            .expect("answered");
        let t = a.timeline.expect("a timeline");
        assert_eq!(t.first, window * 25, "window {window}");
        assert!(!t.events.is_empty(), "window {window}");
        engine.passages_read() - before
    };
    let first = reads(0);
    assert!(
        first >= 20,
        "the first window reads its own passages: {first}"
    );
    for window in [1, 2] {
        let later = reads(window);
        assert!(
            later <= first + 1,
            "window {window} read {later} passages, the first {first}"
        );
    }
}

#[test]
fn a_windows_words_say_which_events_it_shows_in_every_language() {
    use treatybot::present::Reader;
    let all = windows(YearSpan::default());
    let second = &all[1];
    let en = treatybot::present::headline(second, Reader::typed(Lang::En)).unwrap();
    assert!(en.contains("here 26–50") && en.contains("--page 3"), "{en}");
    let ja = treatybot::present::headline(second, Reader::picker(Lang::Ja)).unwrap();
    assert!(
        ja.contains("26〜50件目") && ja.contains("次の出来事"),
        "{ja}"
    );
    let ru = treatybot::present::headline(second, Reader::picker(Lang::Ru)).unwrap();
    assert!(ru.contains("с 26-го по 50-е"), "{ru}");
    for lang in [Lang::Ja, Lang::Ru] {
        for a in &all {
            let said = treatybot::present::headline(a, Reader::picker(lang)).unwrap();
            assert!(common::english_in(&said).is_empty(), "{lang}: {said}");
        }
    }
}

#[test]
fn the_command_line_pages_a_timeline_with_page() {
    let dir = common::temp_data_dir();
    let second = common::treatybot(dir.path(), &["timeline", "--json", "--page", "2"]);
    assert!(second.status.success());
    let v: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(v["timeline"]["first"], 25, "{v}");
    assert!(v["timeline"]["events"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    let zero = common::treatybot(dir.path(), &["timeline", "--page", "0"]);
    assert_eq!(zero.status.code(), Some(2), "pages count from 1");
}

#[test]
fn when_a_year_carries_its_events_but_not_an_event_question() {
    let a = common::ask("/when 2016");
    check_events(&a);
    assert!(a.timeline.as_ref().unwrap().events.len() > picture::FEW_EVENTS);
    assert!(
        picture::drawing(&a, Lang::En).is_some(),
        "many events are drawn"
    );
    let a = common::ask("/when Krasnoyarsk");
    assert!(a.timeline.is_none());
    assert!(picture::drawing(&a, Lang::En).is_none());
}

#[test]
fn the_picture_is_phone_wide_bounded_and_marks_each_event_once() {
    for q in [
        "/timeline",
        "/timeline 1945 1960",
        "/timeline -1956",
        "/when 2016",
    ] {
        let a = common::ask(q);
        let d = picture::drawing(&a, Lang::En).expect("a picture");
        let png = picture::render(&d).expect("drawn");
        let (w, h, _) = common::decode_png(&png);
        assert_eq!(w, layout::WIDTH, "{q}");
        assert!(h <= layout::max_height(), "{q}: {h}");
        let events = a.timeline.as_ref().unwrap().events.len();
        assert_eq!(d.events.len(), events);
        assert_eq!(common::timeline_markers(&png), events, "{q}");
        // Few enough colours for a palette: a third of the bytes of RGB.
        assert_eq!(
            common::png_colour_type(&png),
            png::ColorType::Indexed,
            "{q}"
        );
    }
    // An answer with no dated events has no picture.
    let none = common::ask("/timeline 1800 1801");
    assert!(none.timeline.as_ref().unwrap().events.is_empty());
    assert!(picture::drawing(&none, Lang::En).is_none());
    assert!(common::ask("/who Karasin").timeline.is_none());
}

/// Labels in the reader's scripts, as a localised front end will hand them over.
const JAPANESE: [&str; 4] = [
    "日ソ共同宣言に署名し、国交を回復した",
    "平和条約締結後に歯舞群島と色丹島を引き渡す",
    "択捉島・国後島・北方領土問題について首脳会談",
    "ロシアのラブロフ外相とカラシン外務次官",
];
const RUSSIAN: [&str; 3] = [
    "Советский Союз и Япония подписали совместную декларацию",
    "Переговоры о мирном договоре и Курильских островах",
    "Лавров, Карасин, Итуруп, Кунашир, Шикотан, Хабомаи — «ёлка»",
];

#[test]
fn every_character_of_japanese_and_russian_labels_has_a_glyph_in_the_shipped_font() {
    use ab_glyph::Font;
    let font = ab_glyph::FontRef::try_from_slice(picture::FONT).expect("the shipped font loads");
    for label in JAPANESE.iter().chain(&RUSSIAN) {
        let missing: Vec<char> = label
            .chars()
            .filter(|c| !c.is_whitespace() && font.glyph_id(*c).0 == 0)
            .collect();
        assert!(missing.is_empty(), "{label}: no glyph for {missing:?}");
        assert!(picture::missing_glyphs(label).unwrap().is_empty());
    }
    // The check can fail: a character the font lacks is found.
    assert_eq!(font.glyph_id('\u{10480}').0, 0);
    // And kept within its limits, the font file stays small enough to ship.
    assert!(picture::FONT.len() < 6 * 1024 * 1024);
}

#[test]
fn labels_in_any_script_are_drawn_with_one_marker_each() {
    let events: Vec<Event> = JAPANESE
        .iter()
        .chain(&RUSSIAN)
        .enumerate()
        .map(|(i, label)| Event {
            year: 1956 + i as i32,
            date: format!("{}年10月19日", 1956 + i),
            label: label.repeat(2),
            number: i + 1,
        })
        .collect();
    let d = Drawing {
        title: "年表 · Хронология".into(),
        events,
    };
    let png = picture::render(&d).unwrap();
    assert_eq!(common::png_colour_type(&png), png::ColorType::Indexed);
    assert_eq!(
        common::timeline_markers(&png),
        JAPANESE.len() + RUSSIAN.len()
    );
    // Text was drawn: dark pixels right of the axis, in the label's rows.
    let (w, h, pixels) = common::decode_png(&png);
    let inked = pixels
        .iter()
        .enumerate()
        .filter(|(i, p)| (*i as u32 % w) > 200 && p.iter().all(|&c| c < 0x60))
        .count();
    assert!(inked > 2000, "{inked} dark pixels of {}", w * h);
}

#[test]
fn at_most_forty_events_are_drawn() {
    let d = Drawing {
        title: "Many".into(),
        events: (0..100)
            .map(|i| Event {
                year: 1900 + i,
                date: (1900 + i).to_string(),
                label: "words ".repeat(40),
                number: i as usize + 1,
            })
            .collect(),
    };
    let png = picture::render(&d).unwrap();
    let (w, h, _) = common::decode_png(&png);
    assert_eq!(
        (w, common::timeline_markers(&png)),
        (layout::WIDTH, layout::MAX_EVENTS)
    );
    assert!(h <= layout::max_height());
}

use common::treatybot;

#[test]
fn the_command_line_prints_the_timeline_as_json_and_draws_it() {
    let dir = common::temp_data_dir();
    let file = dir.path().join("t.png");
    let out = treatybot(
        dir.path(),
        &[
            "timeline",
            "-1960",
            "--json",
            "--png",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["command"], "timeline");
    assert_eq!(
        v["timeline"]["years"],
        serde_json::json!({ "from": null, "to": 1960 })
    );
    let events = v["timeline"]["events"].as_array().expect("events").clone();
    assert!(!events.is_empty());
    for e in &events {
        assert!(e["date"]["year"].as_i64().unwrap() <= 1960, "{e}");
        assert!(e["label"].is_string() && e["citation"].is_u64(), "{e}");
    }
    assert!(v["answer"].as_str().unwrap().contains("up to 1960"));
    let png = std::fs::read(&file).expect("the picture is written");
    assert_eq!(common::decode_png(&png).0, layout::WIDTH);
    assert_eq!(common::timeline_markers(&png), events.len());

    // `ask` draws /when too; an answer with nothing to draw writes no file and exits 1.
    let when = dir.path().join("w.png");
    let out = treatybot(
        dir.path(),
        &["ask", "--png", when.to_str().unwrap(), "/when 2016"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(common::timeline_markers(&std::fs::read(&when).unwrap()) > picture::FEW_EVENTS);
    let nothing = dir.path().join("n.png");
    let out = treatybot(
        dir.path(),
        &[
            "timeline",
            "1800",
            "1801",
            "--png",
            nothing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No picture written"));
    assert!(!nothing.exists());
    let out = treatybot(dir.path(), &["timeline", "soon"]);
    assert_eq!(out.status.code(), Some(2), "not years: a usage error");
}

/// Only events are on the timeline: over reports whose relative dates are partly vague (a
/// weekday in a report known only to its year, "today", "this year", "later this year"), the
/// timeline holds exactly the dates written out and the relative ones resolved as precisely as
/// their words say, each with its own citation, in every window's count.
#[test]
fn vague_relative_dates_are_not_events_on_the_timeline() {
    use treatybot::engine::{Audience, Command};
    let dir = common::temp_data_dir();
    let engine = common::engine_over(dir.path(), "tests/fixtures/timeline_vague", None);
    let a = engine
        .seen_by(Audience::SHARED)
        .answer(&Command::timeline(YearSpan::default()))
        .expect("answered");
    check_events(&a);
    let t = a.timeline.as_ref().expect("a timeline");
    let dates: Vec<String> = t.events.iter().map(|e| e.date.to_string()).collect();
    assert_eq!(dates, ["1986-03", "2019-10-03", "2020", "2021-05-03"]);
    assert_eq!((t.total, t.first), (4, 0));
    assert_eq!(a.citations.len(), 4);
    for c in &a.citations {
        let words = c.excerpt.to_lowercase();
        for vague in ["thursday", "today", "this year"] {
            assert!(
                !words.contains(vague),
                "cited for a vague date: {}",
                c.excerpt
            );
        }
    }
    // A year that only vague dates fall in has no events to list or draw.
    let y1987 = engine
        .seen_by(Audience::SHARED)
        .answer(&Command::timeline(YearSpan::new(Some(1987), Some(1987))))
        .expect("answered");
    assert_eq!(y1987.timeline.as_ref().map(|t| t.total), Some(0));
    assert!(picture::drawing(&y1987, Lang::En).is_none());
}
