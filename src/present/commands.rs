//! Commands as a reader names them (typed, or as their picker shows them), `/help`, and
//! usage errors.

use super::{say, Lang, Names, Reader};
use crate::engine::{CommandKind, UsageError};

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
}
