//! Answers in words: the short answer phrased, the framing of every describing command's
//! answer, "no mention" with what to try, and a question in another script.

use super::dates::{date, date_said, dated_value};
use super::listing::sources;
use super::{command, help, timeline, Lang, Reader};
use crate::engine::{
    Answer, AnswerKind, CommandKind, Finding, OtherScript, PersonFound, PlaceFound, ShortAnswer,
};
use crate::extract::people::Side;
use crate::translit::Script;

/// Longest evidence clause quoted after "Yes —"/"No —", in words, so the line stays short.
const CLAUSE_WORDS: usize = 14;
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

/// "No mention of “…” in the articles." and what to try.
pub fn no_mention(reader: Reader, query: &str, hint: String) -> String {
    format!(
        "{} {hint}",
        reader.say("no-mention", &[("query", query.into())])
    )
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
        (kind, _, Some(written)) => reader.say(
            "short-written",
            &[
                ("value", value(reader, kind, s).into()),
                ("written", written.as_str().into()),
            ],
        ),
        (kind, _, None) => value(reader, kind, s),
    }
}

/// A short answer's value for the reader: a date in their words, anything else (the articles'
/// words) as written.
fn value(reader: Reader, kind: AnswerKind, s: &ShortAnswer) -> String {
    match kind {
        AnswerKind::Date => dated_value(reader.lang, &s.value, s.date),
        _ => s.value.clone(),
    }
}

/// The line that says where a short answer comes from: "From [1]: “…”".
pub fn evidence(reader: Reader, s: &ShortAnswer) -> String {
    reader.say("evidence", &[("sentence", s.evidence.as_str().into())])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::PartialDate;
    use crate::engine::TryCommand;
    use crate::present::Names;

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
                date: None,
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

    #[test]
    fn a_dated_short_answer_reads_its_date_in_the_readers_language() {
        let s = |value: &str, written: Option<&str>| ShortAnswer {
            kind: AnswerKind::Date,
            value: value.into(),
            yes: None,
            written: written.map(str::to_string),
            // As the engine gives it: the date the value starts with, when it is one.
            date: ["2016-06-22", "2016-12", "2016", "1945"]
                .into_iter()
                .filter_map(PartialDate::parse)
                .find(|d| value.starts_with(&format!("{} ", d.human())) || value == d.human()),
            evidence: String::new(),
            confidence: 1.0,
        };
        let ja = Reader::picker(Lang::Ja);
        let ru = Reader::picker(Lang::Ru);
        assert_eq!(short(ja, &s("22 June 2016", None)), "2016年6月22日");
        assert_eq!(short(ru, &s("22 June 2016", None)), "22 июня 2016 г.");
        assert_eq!(short(ja, &s("December 2016", None)), "2016年12月");
        assert!(short(ru, &s("2016", Some("last year"))).starts_with("2016 г. ("));
        // The article's words after the date stay as written.
        assert_eq!(
            short(ja, &s("1945 (in the closing days of the war)", None)),
            "1945年 (in the closing days of the war)"
        );
        // Words that only look like a date are left alone.
        assert_eq!(short(ja, &s("22 Junebug 2016", None)), "22 Junebug 2016");
        assert_eq!(short(EN, &s("22 June 2016", None)), "22 June 2016");
    }
}
