//! The slash commands treatybot registers: names, descriptions and typed options, each also in
//! Japanese and Russian for the study groups on either side.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::engine::CommandKind;
use crate::present::{command_name, sub_command_name, Lang};

/// Discord locale codes the commands are localised for.
const JA: &str = "ja";
const RU: &str = "ru";

/// Year bounds for `/timeline` options.
const FIRST_YEAR: u64 = 1800;
const LAST_YEAR: u64 = 2100;

/// One text option of a command.
struct TextOption {
    name: &'static str,
    description: &'static str,
    ja: (&'static str, &'static str),
    ru: (&'static str, &'static str),
    autocomplete: bool,
}

/// Localised description of a command: (ja, ru). Its localised names are the catalogues'
/// (`command-*` in `config/locales/`), which `/help` names commands by too.
fn localised(kind: CommandKind) -> (&'static str, &'static str) {
    match kind {
        CommandKind::Who => (
            "人物とその役職、言及する記事の一節",
            "Кто этот человек и где о нём пишут",
        ),
        CommandKind::When => (
            "ある年・日付の出来事、または出来事の日付",
            "Что случилось в этот год или день, или когда было событие",
        ),
        CommandKind::Where => (
            "場所とその別名、そこで起きたこと",
            "Где это место, другие его названия и что там было",
        ),
        CommandKind::What => ("テーマに関する最も適切な一節", "Лучшие отрывки по теме"),
        CommandKind::Search => ("記事の全文検索", "Полнотекстовый поиск по статьям"),
        CommandKind::Ask => (
            "質問すると、出典付きの短い答え",
            "Задайте вопрос и получите краткий ответ с источниками",
        ),
        CommandKind::Timeline => (
            "日付のある出来事を順に",
            "События по порядку, можно между двумя годами",
        ),
        CommandKind::Sources => ("引用している記事の一覧", "Статьи, которые цитирует бот"),
        CommandKind::Help => ("使い方", "Как пользоваться ботом"),
    }
}

fn text_option(kind: CommandKind) -> Option<TextOption> {
    Some(match kind {
        CommandKind::Who => TextOption {
            name: "name",
            description: "A person's name or surname, e.g. Karasin",
            ja: ("名前", "人名または姓(例: Karasin)"),
            ru: ("имя", "Имя или фамилия, например Karasin"),
            autocomplete: true,
        },
        CommandKind::When => TextOption {
            name: "date",
            description: "A year, a date or an event, e.g. 1956 or Krasnoyarsk",
            ja: ("日付", "年・日付・出来事(例: 1956)"),
            ru: ("дата", "Год, дата или событие, например 1956"),
            autocomplete: true,
        },
        CommandKind::Where => TextOption {
            name: "place",
            description: "A place under any of its names, e.g. Kunashiri",
            ja: ("場所", "地名(どの呼び方でも可、例: 国後島)"),
            ru: ("место", "Название места, например Кунашир"),
            autocomplete: true,
        },
        CommandKind::What => TextOption {
            name: "topic",
            description: "A topic, e.g. jurisdiction of the islands",
            ja: ("テーマ", "テーマ(例: 島の管轄)"),
            ru: ("тема", "Тема, например юрисдикция островов"),
            autocomplete: false,
        },
        CommandKind::Search => TextOption {
            name: "text",
            description: "Words to look for in the articles",
            ja: ("語句", "記事から探す語句"),
            ru: ("текст", "Слова для поиска в статьях"),
            autocomplete: false,
        },
        CommandKind::Ask => TextOption {
            name: "question",
            description: "Your question, e.g. How many islands are in dispute?",
            ja: ("質問", "質問(英語で、例: How many islands are in dispute?)"),
            ru: (
                "вопрос",
                "Вопрос (по-английски), например How many islands are in dispute?",
            ),
            autocomplete: false,
        },
        _ => return None,
    })
}

/// The option name a command's text arrives under, if it takes text.
pub fn text_option_name(kind: CommandKind) -> Option<&'static str> {
    text_option(kind).map(|o| o.name)
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

/// `/quiz start|stop|leaderboard|me`, with its options, in English, Japanese and Russian.
pub fn quiz_definition() -> CreateCommand {
    let sub = |name: &str, desc: &str, ja: (&str, &str), ru: (&str, &str)| {
        let key = format!("quiz-{name}");
        CreateCommandOption::new(CommandOptionType::SubCommand, name, desc)
            .name_localized(JA, sub_command_name(Lang::Ja, &key))
            .description_localized(JA, ja.1)
            .name_localized(RU, sub_command_name(Lang::Ru, &key))
            .description_localized(RU, ru.1)
    };
    let int = |name: &str, desc: &str, ja: (&str, &str), ru: (&str, &str), min: u64, max: u64| {
        CreateCommandOption::new(CommandOptionType::Integer, name, desc)
            .name_localized(JA, ja.0)
            .description_localized(JA, ja.1)
            .name_localized(RU, ru.0)
            .description_localized(RU, ru.1)
            .min_int_value(min)
            .max_int_value(max)
            .required(false)
    };
    let start = sub(
        "start",
        "Start a quiz in this channel, drawn from the articles",
        ("開始", "このチャンネルで記事からのクイズを始める"),
        ("начать", "Начать викторину по статьям в этом канале"),
    )
    .add_sub_option(int(
        "questions",
        "How many questions (1–20, default 5)",
        ("問題数", "問題の数(1〜20、既定は5)"),
        ("вопросы", "Сколько вопросов (1–20, по умолчанию 5)"),
        1,
        20,
    ))
    .add_sub_option(
        CreateCommandOption::new(
            CommandOptionType::String,
            "topic",
            "Only questions about a person, place, year or words, e.g. Kunashir",
        )
        .name_localized(JA, "テーマ")
        .description_localized(JA, "人物・場所・年・語句に関する問題だけ(例: Kunashir)")
        .name_localized(RU, "тема")
        .description_localized(RU, "Только вопросы о человеке, месте, годе или словах")
        .min_length(1)
        .max_length(100)
        .set_autocomplete(true)
        .required(false),
    )
    .add_sub_option(int(
        "seconds",
        "Seconds per question (10–120, default 20)",
        ("秒数", "1問あたりの秒数(10〜120、既定は20)"),
        ("секунды", "Секунд на вопрос (10–120, по умолчанию 20)"),
        10,
        120,
    ));
    CreateCommand::new(QUIZ)
        .description(
            "Quiz your study group on the articles, with the cited answer after each question",
        )
        .name_localized(JA, sub_command_name(Lang::Ja, QUIZ))
        .description_localized(JA, "記事から出題するクイズ。答えは出典付き")
        .name_localized(RU, sub_command_name(Lang::Ru, QUIZ))
        .description_localized(
            RU,
            "Викторина по статьям, ответ с цитатой после каждого вопроса",
        )
        .add_option(start)
        .add_option(sub(
            "stop",
            "End this channel's quiz now (its starter or Manage Messages)",
            (
                "停止",
                "このチャンネルのクイズを終える(開始した人かメッセージ管理権限)",
            ),
            ("стоп", "Закончить викторину в этом канале"),
        ))
        .add_option(sub(
            "leaderboard",
            "This server's all-time quiz table",
            ("ランキング", "このサーバーの通算成績表"),
            ("рейтинг", "Общая таблица викторин на этом сервере"),
        ))
        .add_option(sub(
            "me",
            "Your own quiz record in this server",
            ("自分", "このサーバーでの自分の成績"),
            ("мои", "Ваши результаты в викторинах на этом сервере"),
        ))
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

/// `/sources list|add|remove`, in English, Japanese and Russian.
fn sources_subcommands(cmd: CreateCommand) -> CreateCommand {
    let sub = |name: &str, desc: &str, ja: (&str, &str), ru: (&str, &str)| {
        let key = format!("sources-{name}");
        CreateCommandOption::new(CommandOptionType::SubCommand, name, desc)
            .name_localized(JA, sub_command_name(Lang::Ja, &key))
            .description_localized(JA, ja.1)
            .name_localized(RU, sub_command_name(Lang::Ru, &key))
            .description_localized(RU, ru.1)
    };
    let option = |kind, name: &str, desc: &str, ja: (&str, &str), ru: (&str, &str)| {
        CreateCommandOption::new(kind, name, desc)
            .name_localized(JA, ja.0)
            .description_localized(JA, ja.1)
            .name_localized(RU, ru.0)
            .description_localized(RU, ru.1)
    };
    cmd.add_option(sub(
        sources::LIST,
        "The shared articles and this server's reading list",
        ("一覧", "共有の記事とこのサーバーの読書リスト"),
        ("список", "Общие статьи и список чтения этого сервера"),
    ))
    .add_option(
        sub(
            sources::ADD,
            "Add a web page or a file to this server's reading list (Manage Server)",
            (
                "追加",
                "ウェブページかファイルをこのサーバーの読書リストに追加",
            ),
            (
                "добавить",
                "Добавить страницу или файл в список чтения сервера",
            ),
        )
        .add_sub_option(
            option(
                CommandOptionType::String,
                sources::LINK,
                "The article's web address, https://…",
                ("リンク", "記事のウェブアドレス(https://…)"),
                ("ссылка", "Адрес статьи в интернете, https://…"),
            )
            .min_length(1)
            .max_length(MAX_LINK_CHARS)
            .required(false),
        )
        .add_sub_option(
            option(
                CommandOptionType::Attachment,
                sources::FILE,
                "A .txt, .md or .html file of the article",
                ("ファイル", "記事の .txt / .md / .html ファイル"),
                ("файл", "Файл статьи: .txt, .md или .html"),
            )
            .required(false),
        ),
    )
    .add_option(
        sub(
            sources::REMOVE,
            "Remove an article this server added (Manage Server)",
            ("削除", "このサーバーが追加した記事を外す"),
            ("удалить", "Убрать статью, добавленную этим сервером"),
        )
        .add_sub_option(
            option(
                CommandOptionType::String,
                sources::ID,
                "The article's id, as /sources list shows it",
                ("id", "記事のid(/sources list に表示)"),
                ("id", "id статьи, как в /sources list"),
            )
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
            let (ja_desc, ru_desc) = localised(kind);
            let mut cmd = CreateCommand::new(kind.name())
                .description(kind.description())
                .name_localized(JA, command_name(Lang::Ja, kind))
                .description_localized(JA, ja_desc)
                .name_localized(RU, command_name(Lang::Ru, kind))
                .description_localized(RU, ru_desc);
            if let Some(o) = text_option(kind) {
                cmd = cmd.add_option(
                    CreateCommandOption::new(CommandOptionType::String, o.name, o.description)
                        .name_localized(JA, o.ja.0)
                        .description_localized(JA, o.ja.1)
                        .name_localized(RU, o.ru.0)
                        .description_localized(RU, o.ru.1)
                        .required(true)
                        .min_length(1)
                        .max_length(max_len)
                        .set_autocomplete(o.autocomplete),
                );
            }
            if kind == CommandKind::Sources {
                cmd = sources_subcommands(cmd);
            }
            if kind == CommandKind::Timeline {
                for (name, desc, ja, ru) in [
                    (
                        "from",
                        "First year, e.g. 1945",
                        ("開始年", "最初の年(例: 1945)"),
                        ("с", "Первый год, например 1945"),
                    ),
                    (
                        "to",
                        "Last year, e.g. 1960",
                        ("終了年", "最後の年(例: 1960)"),
                        ("по", "Последний год, например 1960"),
                    ),
                ] {
                    cmd = cmd.add_option(
                        CreateCommandOption::new(CommandOptionType::Integer, name, desc)
                            .name_localized(JA, ja.0)
                            .description_localized(JA, ja.1)
                            .name_localized(RU, ru.0)
                            .description_localized(RU, ru.1)
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
                if o["type"] == 3 && !["topic", "link", "id"].contains(&o["name"].as_str().unwrap())
                {
                    assert_eq!(o["max_length"], 200);
                }
            }
        }
    }
}
