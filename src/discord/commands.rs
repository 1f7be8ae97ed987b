//! The slash commands treatybot registers: names, descriptions and typed options, in English
//! and, for the study groups on either side, in Japanese and Russian. Every name and
//! description is the message catalogues' (`command-*` and `option-*` in `config/locales/`),
//! so `/help` names commands as the picker shows them.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::engine::CommandKind;
use crate::present::{say, Lang};

/// Discord locale codes the commands are localised for, and their catalogues.
const LOCALISED: [(&str, Lang); 2] = [("ja", Lang::Ja), ("ru", Lang::Ru)];

/// Year bounds for `/timeline` options.
const FIRST_YEAR: u64 = 1800;
const LAST_YEAR: u64 = 2100;

/// A command's or option's name and description from the catalogues: `key` names it and
/// `{key}-desc` describes it, in English (its registered name must be `name`, the identifier
/// the handler reads) and in each localised language.
trait Localised: Sized {
    fn localised_name(self, locale: &str, name: String) -> Self;
    fn localised_description(self, locale: &str, description: String) -> Self;

    fn localised(mut self, key: &str) -> Self {
        for (locale, lang) in LOCALISED {
            self = self
                .localised_name(locale, say(lang, key, &[]))
                .localised_description(locale, say(lang, &format!("{key}-desc"), &[]));
        }
        self
    }
}

impl Localised for CreateCommand {
    fn localised_name(self, locale: &str, name: String) -> Self {
        self.name_localized(locale, name)
    }
    fn localised_description(self, locale: &str, description: String) -> Self {
        self.description_localized(locale, description)
    }
}

impl Localised for CreateCommandOption {
    fn localised_name(self, locale: &str, name: String) -> Self {
        self.name_localized(locale, name)
    }
    fn localised_description(self, locale: &str, description: String) -> Self {
        self.description_localized(locale, description)
    }
}

/// An option of `command` (its catalogue key `option-{command}-{name}`).
fn option(kind: CommandOptionType, command: &str, name: &str) -> CreateCommandOption {
    let key = format!("option-{command}-{name}");
    CreateCommandOption::new(kind, name, say(Lang::En, &format!("{key}-desc"), &[])).localised(&key)
}

/// A sub-command of `command` (its catalogue key `command-{command}-{name}`).
fn sub(command: &str, name: &str) -> CreateCommandOption {
    let key = format!("command-{command}-{name}");
    CreateCommandOption::new(
        CommandOptionType::SubCommand,
        name,
        say(Lang::En, &format!("{key}-desc"), &[]),
    )
    .localised(&key)
}

/// A top-level command (its catalogue key `command-{name}`).
fn command(name: &str) -> CreateCommand {
    let key = format!("command-{name}");
    CreateCommand::new(name)
        .description(say(Lang::En, &format!("{key}-desc"), &[]))
        .localised(&key)
}

/// The text option a command takes, and whether it autocompletes.
fn text_option(kind: CommandKind) -> Option<(&'static str, bool)> {
    Some(match kind {
        CommandKind::Who => ("name", true),
        CommandKind::When => ("date", true),
        CommandKind::Where => ("place", true),
        CommandKind::What => ("topic", false),
        CommandKind::Search => ("text", false),
        CommandKind::Ask => ("question", false),
        _ => return None,
    })
}

/// The option name a command's text arrives under, if it takes text.
pub fn text_option_name(kind: CommandKind) -> Option<&'static str> {
    text_option(kind).map(|(name, _)| name)
}

/// Every command treatybot registers, in help order, then `/quiz`. `max_query_chars` bounds
/// text options.
pub fn definitions(max_query_chars: usize) -> Vec<CreateCommand> {
    let mut all = answer_definitions(max_query_chars);
    all.push(quiz_definition());
    all
}

/// The name of the quiz command.
pub const QUIZ: &str = "quiz";

/// A string option of `command` whose value is one of `values`, each shown under its catalogue
/// name `{command}-{name}-{value}` in the reader's language.
fn choices(command: &str, name: &str, values: &[&str]) -> CreateCommandOption {
    values.iter().fold(
        option(CommandOptionType::String, command, name),
        |o, value| {
            let key = format!("{command}-{name}-{value}");
            o.add_string_choice_localized(
                say(Lang::En, &key, &[]),
                *value,
                LOCALISED.map(|(locale, lang)| (locale, say(lang, &key, &[]))),
            )
        },
    )
}

/// `/quiz start|stop|leaderboard|me`, with its options.
pub fn quiz_definition() -> CreateCommand {
    use crate::quiz::{Difficulty, Mode};
    let modes: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
    let levels: Vec<&str> = Difficulty::ALL.iter().map(|d| d.name()).collect();
    let int = |name: &str, min: u64, max: u64| {
        option(CommandOptionType::Integer, QUIZ, name)
            .min_int_value(min)
            .max_int_value(max)
            .required(false)
    };
    let start = sub(QUIZ, "start")
        .add_sub_option(int("questions", 1, 20))
        .add_sub_option(
            option(CommandOptionType::String, QUIZ, "topic")
                .min_length(1)
                .max_length(100)
                .set_autocomplete(true)
                .required(false),
        )
        .add_sub_option(int("seconds", 10, 120))
        .add_sub_option(choices(QUIZ, "mode", &modes).required(false))
        .add_sub_option(choices(QUIZ, "difficulty", &levels).required(false));
    command(QUIZ)
        .add_option(start)
        .add_option(sub(QUIZ, "stop"))
        .add_option(sub(QUIZ, "leaderboard"))
        .add_option(sub(QUIZ, "me"))
}

/// The sub-commands of `/sources`.
pub mod sources {
    /// List the shared collection and this server's reading list.
    pub const LIST: &str = "list";
    /// Add a link or a file to this server's reading list.
    pub const ADD: &str = "add";
    /// Remove one of this server's additions.
    pub const REMOVE: &str = "remove";
    /// `add`'s link option.
    pub const LINK: &str = "link";
    /// `add`'s attachment option.
    pub const FILE: &str = "file";
    /// `remove`'s id option.
    pub const ID: &str = "id";
}

/// Longest link `/sources add` takes.
const MAX_LINK_CHARS: u16 = 2000;

/// `/sources list|add|remove`.
fn sources_subcommands(cmd: CreateCommand) -> CreateCommand {
    const SOURCES: &str = "sources";
    cmd.add_option(sub(SOURCES, sources::LIST))
        .add_option(
            sub(SOURCES, sources::ADD)
                .add_sub_option(
                    option(CommandOptionType::String, SOURCES, sources::LINK)
                        .min_length(1)
                        .max_length(MAX_LINK_CHARS)
                        .required(false),
                )
                .add_sub_option(
                    option(CommandOptionType::Attachment, SOURCES, sources::FILE).required(false),
                ),
        )
        .add_option(
            sub(SOURCES, sources::REMOVE).add_sub_option(
                option(CommandOptionType::String, SOURCES, sources::ID)
                    .min_length(1)
                    .max_length(MAX_LINK_CHARS + 40)
                    .set_autocomplete(true)
                    .required(true),
            ),
        )
}

fn answer_definitions(max_query_chars: usize) -> Vec<CreateCommand> {
    let max_len = u16::try_from(max_query_chars).unwrap_or(u16::MAX).min(6000);
    CommandKind::ALL
        .iter()
        .map(|&kind| {
            let mut cmd = command(kind.name());
            if let Some((name, autocomplete)) = text_option(kind) {
                cmd = cmd.add_option(
                    option(CommandOptionType::String, kind.name(), name)
                        .required(true)
                        .min_length(1)
                        .max_length(max_len)
                        .set_autocomplete(autocomplete),
                );
            }
            if kind == CommandKind::Sources {
                cmd = sources_subcommands(cmd);
            }
            if kind == CommandKind::Timeline {
                for name in ["from", "to"] {
                    cmd = cmd.add_option(
                        option(CommandOptionType::Integer, kind.name(), name)
                            .min_int_value(FIRST_YEAR)
                            .max_int_value(LAST_YEAR)
                            .required(false),
                    );
                }
            }
            cmd
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_defined_with_localisations_and_bounded_options() {
        let json = serde_json::to_value(definitions(200)).unwrap();
        let cmds = json.as_array().unwrap();
        assert_eq!(
            cmds.len(),
            CommandKind::ALL.len() + 1,
            "the answer commands and /quiz"
        );
        let name_ok = regex::Regex::new(r"^[-_\p{L}\p{N}]{1,32}$").unwrap();
        for c in cmds {
            for loc in ["ja", "ru"] {
                let n = c["name_localizations"][loc].as_str().unwrap();
                assert!(name_ok.is_match(n) && n.to_lowercase() == n, "{n}");
                let d = c["description_localizations"][loc].as_str().unwrap();
                assert!((1..=100).contains(&d.chars().count()), "{d}");
            }
            assert!((1..=100).contains(&c["description"].as_str().unwrap().chars().count()));
            // The English catalogue names each command by the identifier it is registered as.
            let name = c["name"].as_str().unwrap();
            assert_eq!(say(Lang::En, &format!("command-{name}"), &[]), name);
            let options = c["options"].as_array().into_iter().flatten();
            let sub_options = options
                .clone()
                .flat_map(|o| o["options"].as_array().into_iter().flatten());
            for o in options.chain(sub_options) {
                assert!((1..=100).contains(&o["description"].as_str().unwrap().chars().count()));
                for loc in ["ja", "ru"] {
                    let n = o["name_localizations"][loc].as_str().unwrap();
                    assert!(name_ok.is_match(n) && n.to_lowercase() == n, "{n}");
                    let d = o["description_localizations"][loc].as_str().unwrap();
                    assert!((1..=100).contains(&d.chars().count()), "{d}");
                }
                if o["type"] == 3
                    && !["topic", "link", "id", "mode", "difficulty"]
                        .contains(&o["name"].as_str().unwrap())
                {
                    assert_eq!(o["max_length"], 200);
                }
                // A choice's name is the reader's word; its value what the handler parses.
                for c in o["choices"].as_array().into_iter().flatten() {
                    for loc in ["ja", "ru"] {
                        let n = c["name_localizations"][loc].as_str().unwrap();
                        assert!((1..=100).contains(&n.chars().count()), "{n}");
                        assert_ne!(n, c["name"].as_str().unwrap(), "{loc}: {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn quiz_start_offers_each_mode_and_difficulty_as_a_choice_the_handler_parses() {
        let json = serde_json::to_value(quiz_definition()).unwrap();
        let start = &json["options"][0];
        assert_eq!(start["name"], "start");
        for (name, values) in [
            ("mode", ["game", "practice"]),
            ("difficulty", ["easy", "hard"]),
        ] {
            let o = start["options"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == name)
                .unwrap_or_else(|| panic!("no {name}"));
            let offered: Vec<&str> = o["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["value"].as_str().unwrap())
                .collect();
            assert_eq!(offered, values);
            for v in offered {
                let parsed = match name {
                    "mode" => v.parse::<crate::quiz::Mode>().map(|m| m.name()),
                    _ => v.parse::<crate::quiz::Difficulty>().map(|d| d.name()),
                };
                assert_eq!(parsed, Ok(v));
            }
        }
    }
}
