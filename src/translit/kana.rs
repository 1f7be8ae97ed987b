//! Kana → Latin: Hepburn, with the conventions Japanese uses to write foreign names, read
//! backwards as alternatives: r for l, b for v (ワ for "va"), a vowel added after a consonant
//! that had none (ラブロフ is "Lavrov": ブ and フ are b/v and f/v with an added u; ト and ド add
//! o, チ and ジ add i), the long-vowel mark ー (nothing, the vowel again, or an English r or y),
//! small kana joining the one before (ティ "ti", ジェ "je", ニャ "nya"), and ッ doubling the next
//! consonant or not. Russian sounds Japanese writes with other kana are alternatives too: ハ行 for
//! х (kh), ジ for ж (zh) and for ди (Gennady, Volodin), チ for ти (Valentina). Hiragana is read as
//! katakana.

use super::Spelling;

/// A kana's consonant spellings (Hepburn's first) and its vowel.
fn base(k: char) -> Option<(&'static [&'static str], char)> {
    const NONE: &[&str] = &[""];
    let (cons, vowel): (&[&str], char) = match k {
        'ア' | 'ァ' => (NONE, 'a'),
        'イ' | 'ィ' | 'ヰ' => (NONE, 'i'),
        'ウ' | 'ゥ' => (NONE, 'u'),
        'エ' | 'ェ' | 'ヱ' => (NONE, 'e'),
        'オ' | 'ォ' | 'ヲ' => (NONE, 'o'),
        'カ' | 'ヵ' => (&["k"], 'a'),
        'キ' => (&["k"], 'i'),
        'ク' => (&["k"], 'u'),
        'ケ' | 'ヶ' => (&["k"], 'e'),
        'コ' => (&["k"], 'o'),
        'ガ' => (&["g"], 'a'),
        'ギ' => (&["g"], 'i'),
        'グ' => (&["g"], 'u'),
        'ゲ' => (&["g"], 'e'),
        'ゴ' => (&["g"], 'o'),
        'サ' => (&["s"], 'a'),
        'シ' => (&["sh", "s"], 'i'),
        'ス' => (&["s"], 'u'),
        'セ' => (&["s"], 'e'),
        'ソ' => (&["s"], 'o'),
        'ザ' => (&["z"], 'a'),
        'ジ' | 'ヂ' => (&["j", "zh", "z", "d"], 'i'),
        'ズ' | 'ヅ' => (&["z"], 'u'),
        'ゼ' => (&["z"], 'e'),
        'ゾ' => (&["z"], 'o'),
        'タ' => (&["t"], 'a'),
        'チ' => (&["ch", "t"], 'i'),
        'ツ' => (&["ts", "tz"], 'u'),
        'テ' => (&["t"], 'e'),
        'ト' => (&["t"], 'o'),
        'ダ' => (&["d"], 'a'),
        'デ' => (&["d"], 'e'),
        'ド' => (&["d"], 'o'),
        'ナ' => (&["n"], 'a'),
        'ニ' => (&["n"], 'i'),
        'ヌ' => (&["n"], 'u'),
        'ネ' => (&["n"], 'e'),
        'ノ' => (&["n"], 'o'),
        'ハ' => (&["h", "kh"], 'a'),
        'ヒ' => (&["h", "kh"], 'i'),
        'フ' => (&["f", "h", "kh", "v"], 'u'),
        'ヘ' => (&["h", "kh"], 'e'),
        'ホ' => (&["h", "kh"], 'o'),
        'バ' => (&["b", "v"], 'a'),
        'ビ' => (&["b", "v"], 'i'),
        'ブ' => (&["b", "v"], 'u'),
        'ベ' => (&["b", "v"], 'e'),
        'ボ' => (&["b", "v"], 'o'),
        'ヴ' => (&["v"], 'u'),
        'パ' => (&["p"], 'a'),
        'ピ' => (&["p"], 'i'),
        'プ' => (&["p"], 'u'),
        'ペ' => (&["p"], 'e'),
        'ポ' => (&["p"], 'o'),
        'マ' => (&["m"], 'a'),
        'ミ' => (&["m"], 'i'),
        'ム' => (&["m"], 'u'),
        'メ' => (&["m"], 'e'),
        'モ' => (&["m"], 'o'),
        'ヤ' | 'ャ' => (&["y"], 'a'),
        'ユ' | 'ュ' => (&["y"], 'u'),
        'ヨ' | 'ョ' => (&["y"], 'o'),
        'ラ' => (&["r", "l"], 'a'),
        'リ' => (&["r", "l"], 'i'),
        'ル' => (&["r", "l"], 'u'),
        'レ' => (&["r", "l"], 'e'),
        'ロ' => (&["r", "l"], 'o'),
        'ワ' | 'ヮ' => (&["w", "v"], 'a'),
        _ => return None,
    };
    Some((cons, vowel))
}

/// Small kana that join the kana before them: ャュョ after an i-kana (ニャ "nya"), ァィゥェォ after
/// any (ティ "ti", ファ "fa", ウィ "wi").
fn joins(k: char) -> bool {
    matches!(k, 'ャ' | 'ュ' | 'ョ' | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ')
}

/// Whether Japanese adds `vowel` after the consonant `cons` when the foreign word had none.
fn added_vowel(cons: &str, vowel: char) -> bool {
    match vowel {
        'u' => !cons.is_empty() && cons != "y",
        'o' => cons == "t" || cons == "d",
        'i' => cons == "ch" || cons == "j",
        _ => false,
    }
}

/// One syllable: its consonant spellings and vowel.
struct Syllable {
    cons: Vec<&'static str>,
    vowel: char,
}

impl Syllable {
    fn alternatives(&self, prev_vowel: Option<char>) -> Vec<String> {
        let mut alts: Vec<String> = self
            .cons
            .iter()
            .map(|c| format!("{c}{}", self.vowel))
            .collect();
        if added_vowel(self.cons[0], self.vowel) {
            alts.extend(self.cons.iter().map(|c| c.to_string()));
        }
        if self.cons == [""] {
            // A vowel after a vowel: イ as y ("Sergey"), う and お lengthening o ("Kono", "Ohira"),
            // エ opening a word as ye ("Yevgeny", "Yeltsin").
            match (prev_vowel, self.vowel) {
                (Some(_), 'i') => alts.push("y".into()),
                (Some('o'), 'u' | 'o') | (Some('u'), 'u') => {
                    alts.extend(["".into(), "h".into()]);
                }
                (None, 'e') => alts.push("ye".into()),
                _ => {}
            }
        }
        alts
    }
}

/// What ー stands for after `vowel`: nothing (English and Russian vowels are not long), the
/// vowel again, or the letters English writes for it (r in "Carter", y in "Dmitry").
fn long_vowel(vowel: Option<char>) -> Vec<String> {
    let extra: &[&str] = match vowel {
        Some('a') => &["a", "r", "er", "h"],
        Some('i') => &["i", "y", "e"],
        Some('u') => &["u"],
        Some('e') => &["e", "i", "y"],
        Some('o') => &["o", "u", "h", "r"],
        _ => &[],
    };
    std::iter::once(String::new())
        .chain(extra.iter().map(|s| s.to_string()))
        .collect()
}

/// Hiragana as katakana (the blocks are parallel); halfwidth katakana is left unread.
fn to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Reads one kana word into syllables and marks (ン, ッ, ー).
enum Piece {
    Syllable(Syllable),
    N,
    Double,
    Long,
}

fn pieces(word: &str) -> Option<Vec<Piece>> {
    let kana: Vec<char> = word.chars().map(to_katakana).collect();
    let mut out = Vec::with_capacity(kana.len());
    let mut i = 0;
    while i < kana.len() {
        let k = kana[i];
        match k {
            'ン' => out.push(Piece::N),
            'ッ' => out.push(Piece::Double),
            'ー' | '〜' | '～' => out.push(Piece::Long),
            _ => {
                let (cons, vowel) = base(k)?;
                let mut s = Syllable {
                    cons: cons.to_vec(),
                    vowel,
                };
                if let Some(&small) = kana.get(i + 1).filter(|&&n| joins(n) && !joins(k)) {
                    let (_, v) = base(small)?;
                    let yoon = matches!(small, 'ャ' | 'ュ' | 'ョ');
                    if yoon && vowel == 'i' {
                        // ニャ "nya", but シャ "sha", チャ "cha", ジャ "ja".
                        let palatal = ["sh", "ch", "j"].contains(&s.cons[0]);
                        s.cons = s
                            .cons
                            .iter()
                            .map(|c| -> &'static str {
                                if palatal || c.is_empty() {
                                    c
                                } else {
                                    leak_y(c)
                                }
                            })
                            .collect();
                    } else if s.cons == [""] && k == 'ウ' {
                        s.cons = vec!["w", "v"];
                    } else if s.cons == [""] && k == 'イ' {
                        s.cons = vec!["y"];
                    } else if yoon {
                        out.push(Piece::Syllable(s));
                        s = Syllable {
                            cons: vec!["y"],
                            vowel: v,
                        };
                    }
                    s.vowel = v;
                    i += 1;
                }
                out.push(Piece::Syllable(s));
            }
        }
        i += 1;
    }
    Some(out)
}

/// A consonant followed by y ("ny", "by"): from a fixed set, so no string is built per word.
fn leak_y(c: &str) -> &'static str {
    const WITH_Y: [(&str, &str); 16] = [
        ("k", "ky"),
        ("g", "gy"),
        ("s", "sy"),
        ("z", "zy"),
        ("zh", "zhy"),
        ("d", "dy"),
        ("t", "ty"),
        ("n", "ny"),
        ("h", "hy"),
        ("kh", "khy"),
        ("b", "by"),
        ("v", "vy"),
        ("p", "py"),
        ("m", "my"),
        ("r", "ry"),
        ("l", "ly"),
    ];
    WITH_Y
        .iter()
        .find(|(a, _)| *a == c)
        .map(|(_, b)| *b)
        .unwrap_or("y")
}

/// The spellings of a word in kana; `None` when it holds a kanji or a sign no table has.
pub(super) fn read(word: &str) -> Option<Spelling> {
    let pieces = pieces(word)?;
    let mut units: Vec<Vec<String>> = Vec::with_capacity(pieces.len());
    let mut vowel: Option<char> = None;
    let mut skip = false;
    for (i, p) in pieces.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        match p {
            // クス, クセ: English and Russian x (Rex, Alexei, Maxim) as well as "kus", "ks".
            Piece::Syllable(k) if k.cons == ["k"] && k.vowel == 'u' => {
                let Some(Piece::Syllable(s)) = pieces
                    .get(i + 1)
                    .filter(|n| matches!(n, Piece::Syllable(s) if s.cons.contains(&"s")))
                else {
                    units.push(k.alternatives(vowel));
                    vowel = Some('u');
                    continue;
                };
                let rest = s.alternatives(Some('u'));
                let mut alts: Vec<String> = rest.iter().map(|r| format!("ku{r}")).collect();
                alts.extend(rest.iter().map(|r| format!("k{r}")));
                alts.extend(
                    rest.iter()
                        .filter_map(|r| r.strip_prefix('s'))
                        .map(|r| format!("x{r}")),
                );
                units.push(alts);
                vowel = Some(s.vowel);
                skip = true;
            }
            Piece::Syllable(s) => {
                let mut alts = s.alternatives(vowel);
                // リー, ケリー: English "-ry", "-rry" (Dmitry, Kerry) end in y, not i.
                if s.vowel == 'i' && matches!(pieces.get(i + 1), Some(Piece::Long)) {
                    alts.extend(s.cons.iter().map(|c| format!("{c}y")));
                }
                units.push(alts);
                vowel = Some(s.vowel);
            }
            Piece::N => {
                units.push(vec!["n".into(), "m".into()]);
                vowel = None;
            }
            Piece::Long => units.push(long_vowel(vowel)),
            Piece::Double => {
                // ッ doubles the next consonant (Hepburn "tch" before ch), or is not written.
                let mut alts = vec![String::new()];
                if let Some(Piece::Syllable(next)) = pieces.get(i + 1) {
                    for c in &next.cons {
                        if let Some(first) = c.chars().next() {
                            alts.push(if *c == "ch" {
                                "t".into()
                            } else {
                                first.to_string()
                            });
                        }
                    }
                }
                units.push(alts);
                vowel = None;
            }
        }
    }
    Some(Spelling::new(units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spells(word: &str, latin: &str) -> bool {
        let target: Vec<char> = latin.chars().collect();
        read(word).is_some_and(|s| s.distance(&target, 0).is_some())
    }

    #[test]
    fn hepburn_comes_first() {
        assert_eq!(read("ラブロフ").unwrap().primary(), "raburofu");
        assert_eq!(read("シンゾー").unwrap().primary(), "shinzo");
        assert_eq!(read("きしだ").unwrap().primary(), "kishida");
        assert_eq!(read("チャ").unwrap().primary(), "cha");
        assert_eq!(read("ニュ").unwrap().primary(), "nyu");
        assert_eq!(read("マッチ").unwrap().primary(), "machi");
    }

    #[test]
    fn loan_word_conventions_are_among_the_paths() {
        for (kana, lat) in [
            ("ラブロフ", "lavrov"),
            ("カラシン", "karasin"),
            ("プーチン", "putin"),
            ("ティラーソン", "tilarson"),
            ("ブッシュ", "bush"),
            ("モスクワ", "moskva"),
            ("ドミトリー", "dmitry"),
            ("ジュガーノフ", "zhuganov"),
            ("ボロジン", "volodin"),
            ("コジェミャコ", "kozhemyako"),
            ("ヴィクトル", "viktor"),
            ("マッチ", "match"),
            ("こうの", "kono"),
            ("おおひら", "ohira"),
            ("セルゲイ", "sergey"),
            ("ウィリアム", "wiliam"),
            ("アレクセイ", "alexei"),
            ("レックス", "rex"),
            ("マクシム", "maxim"),
        ] {
            assert!(spells(kana, lat), "{kana} {lat}");
        }
    }

    #[test]
    fn kanji_and_unknown_signs_are_not_read() {
        assert!(read("国後").is_none());
        assert!(read("ラブ☆").is_none());
    }
}
