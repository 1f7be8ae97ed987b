//! A `/ask` question written in another script than the articles' ("係争中の島はいくつですか?",
//! "Сколько островов?"): the English articles cannot be searched for its words, so it is not
//! searched. What it names is found instead, for the commands that work in any script: places
//! by their names in the gazetteer (国後島, Кунашир), people by the spelling of their names
//! (ラブロフ, Лавров), and the years the articles have.

use super::answer::{OtherScript, TryCommand};
use super::{CommandKind, Scoped};
use crate::translit::Script;

/// Most commands offered instead.
const TRY_AT_MOST: usize = 4;

/// The question's script and the commands to try, when most of its letters are not Latin.
pub fn read(engine: &Scoped, text: &str) -> Option<OtherScript> {
    let script = Script::of_text(text).filter(|s| *s != Script::Latin)?;
    // (position in the question, command): offered in the order the question names them.
    let mut found: Vec<(usize, TryCommand)> = Vec::new();
    let mut offer = |at: usize, command: CommandKind, query: &str| {
        if !found.iter().any(|(_, t)| t.query == query) {
            found.push((
                at,
                TryCommand {
                    command,
                    query: query.to_string(),
                },
            ));
        }
    };
    for place in engine.gazetteer().places() {
        // The longest of its names in the question (国後島 rather than 国後).
        let named = place
            .all_names()
            .into_iter()
            .filter_map(|n| text.find(n).map(|at| (n.chars().count(), at, n)))
            .max();
        if let Some((_, at, name)) = named {
            offer(at, CommandKind::Where, name);
        }
    }
    let register = engine.register();
    for (at, run) in name_runs(text) {
        if register.find(run).0 >= 90 {
            offer(at, CommandKind::Who, run);
        }
    }
    let years = engine.years();
    for (at, year) in year_runs(text) {
        if years.binary_search(&year).is_ok() {
            offer(at, CommandKind::When, &year.to_string());
        }
    }
    found.sort_by_key(|(at, _)| *at);
    Some(OtherScript {
        script,
        try_instead: found
            .into_iter()
            .map(|(_, t)| t)
            .take(TRY_AT_MOST)
            .collect(),
    })
}

/// Runs of the question that may be a person's name, with their byte offsets: katakana runs
/// (Japanese writes foreign names in katakana, a given name and surname joined by ・) and
/// capitalised Cyrillic words.
fn name_runs(text: &str) -> Vec<(usize, &str)> {
    let katakana = |c: char| matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー' | '・');
    let cyrillic = |c: char| Script::of_char(c) == Some(Script::Cyrillic);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let same: &dyn Fn(char) -> bool = if katakana(c) && c != '・' {
            &katakana
        } else if cyrillic(c) {
            &cyrillic
        } else {
            continue;
        };
        let mut end = start + c.len_utf8();
        while let Some(&(i, n)) = chars.peek().filter(|(_, n)| same(*n)) {
            end = i + n.len_utf8();
            chars.next();
        }
        let run = text[start..end].trim_end_matches('・');
        if katakana(c) || c.is_uppercase() {
            out.push((start, run));
        }
    }
    out
}

/// Four-digit numbers (ASCII or full-width digits) with their byte offsets.
fn year_runs(text: &str) -> Vec<(usize, i32)> {
    let digit = |c: char| {
        c.to_digit(10).or_else(|| {
            // Full-width digits, as Japanese input often gives them.
            ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
        })
    };
    let mut out = Vec::new();
    let mut run: Option<(usize, Vec<u32>)> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (digit(c), &mut run) {
            (Some(d), Some((_, ds))) => ds.push(d),
            (Some(d), None) => run = Some((i, vec![d])),
            (None, Some(_)) => {
                if let Some((at, ds)) = run.take().filter(|(_, ds)| ds.len() == 4) {
                    let year = ds.iter().fold(0, |y, d| y * 10 + *d as i32);
                    out.push((at, year));
                }
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katakana_runs_and_capitalised_cyrillic_words_may_be_names() {
        let runs: Vec<&str> = name_runs("セルゲイ・ラブロフ外相はいつ国後島に?")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(runs, ["セルゲイ・ラブロフ"]);
        let runs: Vec<&str> = name_runs("Что сказал Лавров о Кунашире?")
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(runs, ["Что", "Лавров", "Кунашире"]);
    }

    #[test]
    fn four_digit_years_in_either_width() {
        let years: Vec<i32> = year_runs("1956年と２０１６年、12345")
            .into_iter()
            .map(|(_, y)| y)
            .collect();
        assert_eq!(years, [1956, 2016]);
    }
}
