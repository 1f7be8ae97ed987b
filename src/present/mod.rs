//! The one presentation layer: the engine hands over data ([`crate::engine::Answer`]), and
//! this turns it into the words a reader reads, in English, Japanese or Russian, from the
//! Fluent catalogues under `config/locales/`. Both front ends (the command line and Discord)
//! and the timeline picture take their words from here; nothing else phrases a reply.
//!
//! The articles' own words (excerpts, titles, roles, quoted sentences) are never translated:
//! they are arguments of a message, shown as written.

mod answers;
mod catalogue;
mod commands;
mod dates;
mod listing;
mod operator;
mod quiz;
mod refusals;
mod timeline;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use answers::{ask_in_english, evidence, headline, no_mention, short};
pub use catalogue::{english_fragments, keys, load as load_catalogues, parse_errors, say, Arg};
pub use commands::{command, help, help_line, sub_command, sub_command_name, usage};
pub use dates::{date, date_text};
pub use operator::{
    bad_row, clean_rule, config_problem, damage, data_problem, error, input_problem, io_problem,
    pg_url_error, row_problem, store_error,
};
pub use quiz::{quiz_date, quiz_note, quiz_question};
pub use refusals::{cut, fetch_refusal, page_refusal, refusal};
pub use timeline::{picture_title, timeline};

/// A language treatybot replies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Lang {
    /// English, the articles' language and the fallback.
    #[default]
    En,
    /// Japanese.
    Ja,
    /// Russian.
    Ru,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::Ru];

    /// The language's code: `en`, `ja`, `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ru => "ru",
        }
    }

    /// The language of a locale tag such as Discord's `ja`, `ru` or `en-US`, when it is one
    /// treatybot speaks.
    pub fn of_locale(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The language to answer a Discord interaction in: the reader's own locale, else the
    /// server's, else English.
    pub fn for_interaction(locale: &str, guild_locale: Option<&str>) -> Lang {
        Lang::of_locale(locale)
            .or_else(|| guild_locale.and_then(Lang::of_locale))
            .unwrap_or_default()
    }

    pub(crate) fn id(self) -> unic_langid::LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language treatybot does not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a language treatybot replies in: use en, ja or ru")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::of_locale(s.trim()).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

impl TryFrom<String> for Lang {
    type Error = UnknownLang;
    fn try_from(s: String) -> Result<Lang, UnknownLang> {
        s.parse()
    }
}

impl From<Lang> for String {
    fn from(l: Lang) -> String {
        l.code().to_string()
    }
}

/// How commands are named to a reader: as typed on the command line (`/who`), or as Discord's
/// command picker shows them in the reader's language (`/誰`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// The command line's English command words.
    Typed,
    /// The names the commands are registered under for the reader's language.
    Picker,
}

/// Who reads a reply: their language, and how commands are named to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The language of the reply.
    pub lang: Lang,
    /// How commands are named.
    pub names: Names,
}

impl Reader {
    /// A reader of the command line in `lang`.
    pub fn typed(lang: Lang) -> Reader {
        Reader {
            lang,
            names: Names::Typed,
        }
    }

    /// A Discord reader in `lang`.
    pub fn picker(lang: Lang) -> Reader {
        Reader {
            lang,
            names: Names::Picker,
        }
    }

    /// The message `id` in the reader's language.
    pub fn say(&self, id: &str, args: &[Arg<'_>]) -> String {
        say(self.lang, id, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discord_locales_pick_the_reader_then_the_server_then_english() {
        assert_eq!(Lang::for_interaction("ja", Some("ru")), Lang::Ja);
        assert_eq!(Lang::for_interaction("ru", None), Lang::Ru);
        assert_eq!(Lang::for_interaction("en-US", Some("ja")), Lang::En);
        assert_eq!(Lang::for_interaction("de", Some("ru")), Lang::Ru);
        assert_eq!(Lang::for_interaction("pt-BR", Some("fr")), Lang::En);
        assert_eq!("RU".parse::<Lang>(), Ok(Lang::Ru));
        assert!("klingon".parse::<Lang>().is_err());
    }
}
