//! Answers in words: the short answer phrased, the framing of every command's answer, help,
//! usage errors, timelines and dates, for a [`Reader`].

use super::{say, Lang, Names, Reader};
use crate::corpus::PartialDate;
use crate::engine::{
    Answer, AnswerKind, CommandKind, DateSaid, Finding, ListedArticle, ListedSection, Listing,
    OtherScript, PersonFound, PlaceFound, ShortAnswer, Timeline, UsageError, YearSpan,
};
use crate::extract::people::Side;
use crate::translit::Script;

/// Longest evidence clause quoted after "Yes —"/"No —", in words, so the line stays short.
const CLAUSE_WORDS: usize = 14;

/// The catalogue key of a command's name.
fn command_key(kind: CommandKind) -> String {
    format!("command-{}", kind.name())
}

/// A command as the reader names it: `/who`, or `/誰` in a Japanese picker.
pub fn command(reader: Reader, kind: CommandKind) -> String {
    match reader.names {
        Names::Typed => kind.to_string(),
        Names::Picker => format!("/{}", say(reader.lang, &command_key(kind), &[])),
    }
}

/// The name of a sub-command (`quiz-start`, `sources-add`, …) registered for `lang`.
pub fn sub_command_name(lang: Lang, key: &str) -> String {
    say(lang, &format!("command-{key}"), &[])
}

/// `/quiz start` or `/sources add` as the reader names it.
pub fn sub_command(reader: Reader, parent: &str, sub: &str) -> String {
    match reader.names {
        Names::Typed => format!("/{parent} {sub}"),
        Names::Picker => format!(
            "/{} {}",
            say(reader.lang, &format!("command-{parent}"), &[]),
            say(reader.lang, &format!("command-{parent}-{sub}"), &[])
        ),
    }
}

/// A date as a reader reads it: "19 October 1956", "1956年10月19日", "19 октября 1956 г.".
pub fn date(lang: Lang, d: PartialDate) -> String {
    let year = d.year.to_string();
    match (d.month, d.day) {
        (Some(m), Some(day)) => say(
            lang,
            "date-day",
            &[
                ("day", day.to_string().into()),
                ("m", m.into()),
                ("month", say(lang, &format!("month-{m}"), &[]).into()),
                ("year", year.into()),
            ],
        ),
        (Some(m), None) => say(
            lang,
            "date-month",
            &[
                ("month", say(lang, &format!("month-{m}"), &[]).into()),
                ("year", year.into()),
            ],
        ),
        _ => say(lang, "date-year", &[("year", year.into())]),
    }
}

/// A date the engine hands over as text (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) for a reader, or the
/// text itself when it is not one.
pub fn date_text(lang: Lang, value: &str) -> String {
    PartialDate::parse(value)
        .map(|d| date(lang, d))
        .unwrap_or_else(|| value.to_string())
}

/// The answer's first line: the short answer, or the command's answer framed for the reader,
/// or that the articles do not answer it.
pub fn headline(a: &Answer, reader: Reader) -> Option<String> {
    if let Some(s) = &a.short_answer {
        return Some(short(reader, s));
    }
    if let Some(s) = &a.sentence_answer {
        return Some(reader.say(
            "sentence-answer",
            &[("sentence", s.sentence.as_str().into())],
        ));
    }
    if let Some(found) = &a.found {
        return Some(finding(reader, a, found));
    }
    if let Some(other) = &a.other_script {
        return Some(ask_in_english(reader, other));
    }
    match a.command {
        CommandKind::Ask if a.citations.is_empty() => Some(no_mention(
            reader,
            &a.query,
            reader.say(
                "hint-ask",
                &[("search", command(reader, CommandKind::Search).into())],
            ),
        )),
        CommandKind::Ask => Some(reader.say("not-answered", &[])),
        CommandKind::Timeline => a.timeline.as_ref().map(|t| timeline(reader, t)),
        CommandKind::Help => Some(help(reader)),
        _ => None,
    }
}

/// What a describing command found, in words.
fn finding(reader: Reader, a: &Answer, found: &Finding) -> String {
    let q = a.query.as_str();
    match found {
        Finding::People { people } => people
            .iter()
            .map(|p| person(reader, p))
            .collect::<Vec<_>>()
            .join(" "),
        Finding::Place(p) => place(reader, p),
        Finding::Dated {
            date,
            sentence,
            more,
        } => {
            let mut out = reader.say(
                "when-dated",
                &[
                    ("date", date_said(reader.lang, date).into()),
                    ("sentence", sentence.as_str().into()),
                ],
            );
            if *more > 0 {
                out.push(' ');
                out.push_str(&reader.say("when-more", &[("count", (*more).into())]));
            }
            out
        }
        Finding::EventDate { date } => reader.say(
            "when-event",
            &[
                ("query", q.into()),
                ("date", date_said(reader.lang, date).into()),
            ],
        ),
        Finding::Undated { reported: Some(r) } => reader.say(
            "when-undated-reported",
            &[
                ("query", q.into()),
                ("outlet", r.outlet.as_str().into()),
                ("date", date(reader.lang, r.date).into()),
                (
                    "basis",
                    reader
                        .say(
                            if r.inferred {
                                "basis-inferred"
                            } else {
                                "basis-printed"
                            },
                            &[],
                        )
                        .into(),
                ),
            ],
        ),
        Finding::Undated { reported: None } => reader.say("when-undated", &[("query", q.into())]),
        Finding::Passages { count } => reader.say(
            "search-found",
            &[("count", (*count).into()), ("query", q.into())],
        ),
        Finding::NoSuchPerson => reader.say("who-nobody", &[("query", q.into())]),
        Finding::NoSuchPlace => reader.say("where-unknown", &[("query", q.into())]),
        Finding::NoMention => no_mention(reader, q, hint(reader, a.command)),
        Finding::Sources(listing) => sources(reader, listing),
    }
}

/// What to try after a query nothing matched, by command.
fn hint(reader: Reader, kind: CommandKind) -> String {
    let c = |k| command(reader, k);
    match kind {
        CommandKind::Who => reader.say(
            "hint-who",
            &[
                ("who", c(CommandKind::Who).into()),
                ("search", c(CommandKind::Search).into()),
            ],
        ),
        CommandKind::Where => reader.say("hint-where", &[("where", c(CommandKind::Where).into())]),
        CommandKind::When | CommandKind::Timeline => reader.say(
            "hint-when",
            &[
                ("when", c(CommandKind::When).into()),
                ("timeline", c(CommandKind::Timeline).into()),
            ],
        ),
        CommandKind::Ask => reader.say("hint-ask", &[("search", c(CommandKind::Search).into())]),
        _ => reader.say(
            "hint-search",
            &[
                ("who", c(CommandKind::Who).into()),
                ("where", c(CommandKind::Where).into()),
                ("when", c(CommandKind::When).into()),
            ],
        ),
    }
}

/// A side's name.
fn side(reader: Reader, s: Side) -> String {
    reader.say(
        match s {
            Side::Russia => "side-russia",
            Side::Japan => "side-japan",
        },
        &[],
    )
}

/// One line about a person: name, roles with where each was said, side.
fn person(reader: Reader, p: &PersonFound) -> String {
    let name = p.name.as_str();
    let roles: Vec<String> = p
        .roles
        .iter()
        .map(|r| {
            if r.outlet.is_empty() {
                r.role.clone()
            } else {
                let when = r
                    .date
                    .map(|d| date(reader.lang, d))
                    .unwrap_or_else(|| reader.say("undated", &[]));
                reader.say(
                    "who-role-said",
                    &[
                        ("role", r.role.as_str().into()),
                        ("outlet", r.outlet.as_str().into()),
                        ("date", when.into()),
                    ],
                )
            }
        })
        .collect();
    let person = if roles.is_empty() {
        reader.say("who-no-title", &[("name", name.into())])
    } else {
        reader.say(
            "who-roles",
            &[("name", name.into()), ("roles", roles.join("; ").into())],
        )
    };
    match p.side {
        Some(s) => reader.say(
            "who-line-side",
            &[("person", person.into()), ("side", side(reader, s).into())],
        ),
        None => reader.say("who-line", &[("person", person.into())]),
    }
}

/// One paragraph about a place: names, what it belongs to, the gazetteer's note, mentions.
fn place(reader: Reader, p: &PlaceFound) -> String {
    let mut details = Vec::new();
    if !p.other_names.is_empty() {
        details.push(reader.say("where-also", &[("names", p.other_names.join(", ").into())]));
    }
    if let Some(parent) = &p.part_of {
        details.push(reader.say("where-part-of", &[("parent", parent.as_str().into())]));
    }
    let details = if details.is_empty() {
        String::new()
    } else {
        let separator = reader.say("list-separator", &[]);
        reader.say(
            "where-details",
            &[("list", details.join(&separator).into())],
        )
    };
    let mut out = reader.say(
        "where-line",
        &[
            ("place", p.label.as_str().into()),
            ("details", details.into()),
        ],
    );
    if !p.about.is_empty() {
        out.push(' ');
        out.push_str(&reader.say("where-about", &[("about", p.about.as_str().into())]));
    }
    out.push(' ');
    out.push_str(&reader.say("where-passages", &[("count", p.passages.into())]));
    out
}

/// A date a passage gives: "19 October 1956", or for a relative one "1997 (“last year”, in an
/// article of 1998)".
fn date_said(lang: Lang, d: &DateSaid) -> String {
    match &d.relative {
        None => date(lang, d.value),
        Some(r) => say(
            lang,
            "when-relative",
            &[
                ("date", date(lang, d.value).into()),
                ("words", r.words.as_str().into()),
                (
                    "of",
                    r.article_date
                        .map(|a| date(lang, a))
                        .unwrap_or_else(|| say(lang, "unknown-date", &[]))
                        .into(),
                ),
            ],
        ),
    }
}

/// `/sources`: a server's own reading list, then the shared articles, one a line.
fn sources(reader: Reader, l: &Listing) -> String {
    let mut parts = Vec::new();
    match &l.own {
        Some(own) if own.total == 0 => parts.push(reader.say(
            "sources-own-empty",
            &[("add", sub_command(reader, "sources", "add").into())],
        )),
        Some(own) => parts.push(section(reader, "sources-own", own)),
        None => {}
    }
    if l.own.is_some() {
        parts.push(section(reader, "sources-shared", &l.shared));
    } else {
        parts.push(section(reader, "", &l.shared));
    }
    let mut out = parts.join("\n\n");
    if l.duplicates > 0 {
        out.push('\n');
        out.push_str(&reader.say("sources-duplicates", &[("count", l.duplicates.into())]));
    }
    out
}

/// A section of `/sources`: its heading (`key`, or the count alone), then its articles.
fn section(reader: Reader, key: &str, s: &ListedSection) -> String {
    let count = if s.total > s.articles.len() {
        reader.say(
            "sources-count-first",
            &[
                ("total", s.total.into()),
                ("listed", s.articles.len().into()),
            ],
        )
    } else {
        reader.say("sources-count", &[("total", s.total.into())])
    };
    let mut lines = vec![if key.is_empty() {
        count
    } else {
        reader.say(key, &[("count", count.into())])
    }];
    lines.extend(s.articles.iter().map(|a| listed(reader, a)));
    lines.join("\n")
}

/// One article of `/sources`: its id where the reader may remove it, title, outlet, date.
fn listed(reader: Reader, a: &ListedArticle) -> String {
    let when = a
        .date
        .map(|d| date(reader.lang, d))
        .unwrap_or_else(|| reader.say("undated", &[]));
    let mut line = reader.say(
        if a.date_inferred {
            "sources-line-inferred"
        } else {
            "sources-line"
        },
        &[
            ("title", a.title.as_str().into()),
            ("outlet", a.outlet.as_str().into()),
            ("date", when.into()),
        ],
    );
    if let Some(cut) = &a.cut {
        line = reader.say(
            "sources-cut",
            &[("line", line.into()), ("cut", cut.as_str().into())],
        );
    }
    if let Some(id) = &a.id {
        line = reader.say(
            "sources-id",
            &[("id", id.as_str().into()), ("line", line.into())],
        );
    }
    line
}

/// "No mention of “…” in the articles." and what to try.
pub fn no_mention(reader: Reader, query: &str, hint: String) -> String {
    format!(
        "{} {hint}",
        reader.say("no-mention", &[("query", query.into())])
    )
}

/// The span's words: " from 1945 to 1960", " up to 1960", …, or nothing for every year.
fn span(lang: Lang, years: YearSpan) -> String {
    let y = |n: i32| n.to_string();
    match (years.from, years.to) {
        (None, None) => say(lang, "span-all", &[]),
        (None, Some(b)) => say(lang, "span-up-to", &[("to", y(b).into())]),
        (Some(a), None) => say(lang, "span-from", &[("from", y(a).into())]),
        (Some(a), Some(b)) if a == b => say(lang, "span-in", &[("from", y(a).into())]),
        (Some(a), Some(b)) => say(
            lang,
            "span-between",
            &[("from", y(a).into()), ("to", y(b).into())],
        ),
    }
}

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

/// The catalogue key of a script's name.
fn script_key(script: Script) -> &'static str {
    match script {
        Script::Cyrillic => "script-cyrillic",
        Script::Japanese => "script-japanese",
        _ => "script-other",
    }
}

/// The language a script's readers most likely read, when treatybot speaks it.
fn script_lang(script: Script) -> Option<Lang> {
    match script {
        Script::Cyrillic => Some(Lang::Ru),
        Script::Japanese => Some(Lang::Ja),
        _ => None,
    }
}

/// Why a question in another script was not searched, what to do instead, and the commands
/// for the names it holds. A reader of English is also told in the question's language, since
/// whoever asked in it may not read English.
pub fn ask_in_english(reader: Reader, other: &OtherScript) -> String {
    let advice = |reader: Reader| {
        let mut out = reader.say(
            "ask-in-english",
            &[
                ("script", reader.say(script_key(other.script), &[]).into()),
                ("who", command(reader, CommandKind::Who).into()),
                ("where", command(reader, CommandKind::Where).into()),
                ("when", command(reader, CommandKind::When).into()),
            ],
        );
        if !other.try_instead.is_empty() {
            let commands = other
                .try_instead
                .iter()
                .map(|t| format!("{} {}", command(reader, t.command), t.query))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(' ');
            out.push_str(&reader.say("try-instead", &[("commands", commands.into())]));
        }
        out
    };
    let mut out = advice(reader);
    if let Some(own) =
        script_lang(other.script).filter(|l| *l != reader.lang && reader.lang == Lang::En)
    {
        out.push('\n');
        out.push_str(&advice(Reader {
            lang: own,
            ..reader
        }));
    }
    out
}

/// A short answer in a few words: "No — it did not join …", "Grigory Karasin (Russia's Deputy
/// Foreign Minister)", "16 December 2016 (on Friday)".
pub fn short(reader: Reader, s: &ShortAnswer) -> String {
    match (s.kind, s.yes, &s.written) {
        (AnswerKind::YesNo, Some(yes), _) => {
            let (word, clause) = if yes {
                ("short-yes", "short-yes-clause")
            } else {
                ("short-no", "short-no-clause")
            };
            if s.value.split_whitespace().count() <= CLAUSE_WORDS {
                reader.say(clause, &[("clause", s.value.as_str().into())])
            } else {
                reader.say(word, &[])
            }
        }
        (_, _, Some(written)) => reader.say(
            "short-written",
            &[
                ("value", s.value.as_str().into()),
                ("written", written.as_str().into()),
            ],
        ),
        _ => s.value.clone(),
    }
}

/// The line that says where a short answer comes from: "From [1]: “…”".
pub fn evidence(reader: Reader, s: &ShortAnswer) -> String {
    reader.say("evidence", &[("sentence", s.evidence.as_str().into())])
}

/// A command's line of `/help`: what to type and what it is for.
pub fn help_line(reader: Reader, kind: CommandKind) -> String {
    reader.say(
        &format!("help-{}", kind.name()),
        &[("command", command(reader, kind).into())],
    )
}

/// `/help`: what treatybot does, then every command and sub-command as the reader names them.
pub fn help(reader: Reader) -> String {
    let line = |key: &str, command: String| reader.say(key, &[("command", command.into())]);
    let mut lines = vec![reader.say("help-intro", &[])];
    for kind in CommandKind::ALL {
        lines.push(help_line(reader, kind));
        if kind == CommandKind::Sources && reader.names == Names::Picker {
            for sub in ["list", "add", "remove"] {
                lines.push(line(
                    &format!("help-sources-{sub}"),
                    sub_command(reader, "sources", sub),
                ));
            }
        }
    }
    for sub in ["start", "stop", "leaderboard", "me"] {
        lines.push(line(
            &format!("help-quiz-{sub}"),
            sub_command(reader, "quiz", sub),
        ));
    }
    if reader.names == Names::Typed {
        lines.push(reader.say("help-quiz-terminal", &[]));
    }
    lines.join("\n")
}

/// A usage error in the reader's words.
pub fn usage(reader: Reader, e: &UsageError) -> String {
    match e {
        UsageError::Empty => reader.say("usage-empty", &[]),
        UsageError::UnknownCommand(word) => {
            reader.say("usage-unknown", &[("word", word.as_str().into())])
        }
        UsageError::MissingQuery(kind) => reader.say(
            "usage-missing",
            &[
                ("command", command(reader, *kind).into()),
                ("usage", help_line(reader, *kind).into()),
            ],
        ),
        UsageError::TooLong { len, max } => reader.say(
            "usage-too-long",
            &[("len", (*len).into()), ("max", (*max).into())],
        ),
        UsageError::ControlCharacters => reader.say("usage-control", &[]),
        UsageError::NotYears(query) => reader.say(
            "usage-not-years",
            &[
                ("query", query.as_str().into()),
                ("usage", help_line(reader, CommandKind::Timeline).into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TryCommand;

    const EN: Reader = Reader {
        lang: Lang::En,
        names: Names::Typed,
    };

    fn answer(kind: AnswerKind, value: &str, yes: Option<bool>, written: Option<&str>) -> String {
        short(
            EN,
            &ShortAnswer {
                kind,
                value: value.into(),
                yes,
                written: written.map(str::to_string),
                evidence: String::new(),
                confidence: 1.0,
            },
        )
    }

    #[test]
    fn yes_and_no_lead_and_long_clauses_are_left_to_the_citation() {
        assert_eq!(
            answer(
                AnswerKind::YesNo,
                "it did not join the treaty",
                Some(false),
                None
            ),
            "No — it did not join the treaty"
        );
        assert_eq!(
            answer(AnswerKind::YesNo, &"word ".repeat(30), Some(true), None),
            "Yes"
        );
    }

    #[test]
    fn a_question_in_another_script_is_told_to_ask_in_english_in_both_languages() {
        let other = OtherScript {
            script: Script::Japanese,
            try_instead: vec![TryCommand {
                command: CommandKind::Where,
                query: "国後島".into(),
            }],
        };
        let said = ask_in_english(EN, &other);
        assert!(said.contains("written in Japanese"), "{said}");
        assert!(said.contains("Try /where 国後島."), "{said}");
        assert!(said.contains("記事は英語"), "{said}");
        assert!(!said.contains("No mention"));
        let in_japanese = ask_in_english(Reader::picker(Lang::Ja), &other);
        assert!(in_japanese.contains("/どこ 国後島"), "{in_japanese}");
        assert!(!in_japanese.contains("Try"), "{in_japanese}");
        let said = ask_in_english(
            EN,
            &OtherScript {
                script: Script::Other,
                try_instead: Vec::new(),
            },
        );
        assert!(said.contains("another script than Latin") && !said.contains("Try"));
    }

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

    #[test]
    fn dates_read_in_each_language() {
        let d = PartialDate::parse("1956-10-19").unwrap();
        assert_eq!(date(Lang::En, d), "19 October 1956");
        assert_eq!(date(Lang::Ja, d), "1956年10月19日");
        assert_eq!(date(Lang::Ru, d), "19 октября 1956 г.");
        let m = PartialDate::parse("1956-10").unwrap();
        assert_eq!(date(Lang::Ru, m), "октябрь 1956 г.");
        assert_eq!(date(Lang::Ja, PartialDate::year(1956)), "1956年");
    }

    #[test]
    fn help_names_every_sub_command_as_the_picker_shows_it() {
        let ja = help(Reader::picker(Lang::Ja));
        for name in [
            "/誰",
            "/出典 一覧",
            "/出典 追加",
            "/出典 削除",
            "/クイズ 開始",
            "/クイズ 停止",
            "/クイズ ランキング",
            "/クイズ 自分",
        ] {
            assert!(ja.contains(name), "{name} in {ja}");
        }
        assert!(!ja.contains("/who"), "{ja}");
        let en = help(Reader::picker(Lang::En));
        assert!(
            en.contains("/sources remove") && en.contains("/quiz leaderboard"),
            "{en}"
        );
        let ru = help(Reader::picker(Lang::Ru));
        assert!(
            ru.contains("/викторина рейтинг") && ru.contains("/источники добавить"),
            "{ru}"
        );
    }

    #[test]
    fn written_words_follow_the_value() {
        assert_eq!(
            answer(
                AnswerKind::Date,
                "16 December 2016",
                None,
                Some("on Friday")
            ),
            "16 December 2016 (on Friday)"
        );
    }
}
