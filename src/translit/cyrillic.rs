//! Cyrillic → Latin: each letter's spelling in the Russian passport table (ICAO Doc 9303, in
//! force since 2013: the spelling in Russian officials' own passports), from the `translit`
//! crate, then the BGN/PCGN spellings English outlets mostly follow where they differ ("ya" for
//! я, "y" for й, "ye" for an initial е, "Yuri", "Alexei"), as alternatives.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Spelling;

/// The passport table, lower-case letters only.
static PASSPORT: LazyLock<HashMap<char, &'static str>> = LazyLock::new(|| {
    translit::iternational_passport_2013_ru()
        .into_iter()
        .filter_map(|(cyr, lat)| {
            let mut chars = cyr.chars();
            let c = chars.next()?;
            (chars.next().is_none() && c.is_lowercase()).then_some((c, lat))
        })
        .collect()
});

/// Letters after which е, ё, ю, я start with a y sound (BGN/PCGN writes "ye", "yo").
fn opens_syllable(prev: Option<char>) -> bool {
    prev.is_none_or(|p| "аеёиоуыэюяъьйіїє".contains(p))
}

/// The spellings of one lower-case letter, given the letters around it.
fn letter(c: char, prev: Option<char>, next: Option<char>) -> Vec<&'static str> {
    let passport = PASSPORT.get(&c).copied();
    let mut alts: Vec<&'static str> = passport.into_iter().collect();
    let open = opens_syllable(prev);
    alts.extend_from_slice(match c {
        'е' if open => &["ye"],
        'ё' if open => &["yo", "ye"],
        'ё' => &["yo", "o"],
        'й' => &["y", ""],
        'ю' => &["yu", "u"],
        'я' => &["ya", "a"],
        'х' => &["h"],
        'ц' => &["tz"],
        'ъ' => &[""],
        'ь' if next.is_some_and(|n| "еёюяи".contains(n)) => &["y"],
        // Ukrainian and Belarusian letters the Russian table does not have.
        'і' => &["i"],
        'ї' => &["yi", "i"],
        'є' => &["ye", "ie"],
        'ґ' => &["g"],
        'ў' => &["u", "w"],
        _ => &[],
    });
    alts
}

/// The spellings of a word in Cyrillic letters. A letter no table has stays as it is.
pub(super) fn read(word: &str) -> Spelling {
    let letters: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut units: Vec<Vec<String>> = Vec::with_capacity(letters.len());
    let mut i = 0;
    while i < letters.len() {
        let (c, prev, next) = (
            letters[i],
            i.checked_sub(1).map(|p| letters[p]),
            letters.get(i + 1).copied(),
        );
        // "кс" is "x" in the English spellings of Alexei, Alexander, Maxim.
        if c == 'к' && next == Some('с') {
            units.push(vec!["ks".into(), "x".into()]);
            i += 2;
            continue;
        }
        // A final "-ий"/"-ый" is "-y" in Dmitry, Grigory, Zhirinovsky.
        if "иы".contains(c) && next == Some('й') && i + 2 == letters.len() {
            let first = if c == 'и' { "ii" } else { "yi" };
            units.push(vec![first.into(), "y".into(), "iy".into(), "i".into()]);
            i += 2;
            continue;
        }
        let alts = letter(c, prev, next);
        units.push(if alts.is_empty() {
            vec![c.to_string()]
        } else {
            alts.into_iter().map(str::to_string).collect()
        });
        i += 1;
    }
    Spelling::new(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spells(word: &str, latin: &str) -> bool {
        let target: Vec<char> = latin.chars().collect();
        read(word).distance(&target, 0).is_some()
    }

    #[test]
    fn the_passport_table_comes_first() {
        assert_eq!(read("Лавров").primary(), "lavrov");
        assert_eq!(read("Юрий").primary(), "iurii");
        assert_eq!(read("Хрущёв").primary(), "khrushchev");
    }

    #[test]
    fn english_spellings_are_among_the_paths() {
        for (cyr, lat) in [
            ("Юрий", "yuri"),
            ("Дмитрий", "dmitry"),
            ("Евгений", "yevgeny"),
            ("Алексей", "alexei"),
            ("Матвиенко", "matviyenko"),
            ("Ульянов", "ulyanov"),
            ("Горбачёв", "gorbachev"),
            ("Сергей", "sergei"),
            ("Сергей", "sergey"),
        ] {
            assert!(spells(cyr, lat), "{cyr} {lat}");
        }
    }
}
