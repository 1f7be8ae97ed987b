//! A generated news collection for tests at size: wire-style reports with named officials,
//! their titles, places, years and counts, so every article yields quiz questions and people.
//! Deterministic: article `i` is always the same.

use std::io::Write;
use std::path::Path;

const FIRST: [&str; 12] = [
    "Ivan", "Olga", "Pavel", "Marta", "Kenji", "Yuki", "Taro", "Anna", "Boris", "Emi", "Oleg",
    "Hana",
];
const SYLLABLES: [&str; 16] = [
    "ka", "ro", "mi", "sa", "ve", "ti", "lo", "na", "de", "zu", "pe", "ri", "go", "ma", "shi",
    "tov",
];
const TITLES: [&str; 4] = [
    "Deputy Trade Minister",
    "Fisheries Agency chief",
    "Deputy Foreign Minister",
    "Transport Minister",
];
/// Places of the built-in gazetteer, so the talks' venue is a place the index knows.
const PLACES: [&str; 6] = [
    "Sochi",
    "Krasnoyarsk",
    "Nagato",
    "San Francisco",
    "Sakhalin",
    "Hokkaido",
];
const TOPICS: [&str; 16] = [
    "salmon",
    "crab",
    "ferries",
    "customs",
    "visas",
    "ports",
    "pollock",
    "sea urchins",
    "permits",
    "inspections",
    "fuel",
    "weather data",
    "rescue drills",
    "cargo",
    "lighthouses",
    "cables",
];
const COUNTS: [&str; 5] = ["three", "five", "seven", "nine", "eleven"];

/// A surname no other article of the collection uses: `i` written in syllables.
pub fn surname(i: usize) -> String {
    let mut n = i + 17;
    let mut s = String::new();
    for _ in 0..3 {
        s.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    while n > 0 {
        s.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The official article `i` is about, in full.
pub fn official(i: usize) -> String {
    format!("{} {}", FIRST[i % FIRST.len()], surname(i))
}

/// The text of article `i`: three paragraphs, each a few plain news sentences.
pub fn text(i: usize) -> String {
    let who = official(i);
    let other = official(i + 100_000);
    let last = surname(i);
    let title = TITLES[i % TITLES.len()];
    let place = PLACES[i % PLACES.len()];
    let year = 1990 + (i % 30);
    let count = COUNTS[i % COUNTS.len()];
    // Topics picked by the digits of `i`, so no two articles are near-copies of each other.
    let t = |k: usize| TOPICS[(i / 16usize.pow(k as u32) + k * 5) % TOPICS.len()];
    let agenda = format!(
        "{}, {}, {} and {}",
        t(0),
        t(1),
        t(2),
        surname(i + 7).to_lowercase()
    );
    format!(
        "{title} {who} met his counterpart {other} in {place} in {year} to discuss fishing quotas.\n\n\
         {last} said the {count} delegations agreed to meet again within a year.\n\n\
         The agenda covered {agenda}, officials in {place} said.\n\n\
         The talks ended without a joint statement on {agenda}, the agency reported."
    )
}

/// Writes articles `from..to` as JSON Lines (`id`, `title`, `date`, `url`, `text`).
pub fn write_jsonl(path: &Path, from: usize, to: usize) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create collection"));
    for i in from..to {
        let row = serde_json::json!({
            "id": format!("gen-{i}"),
            "title": format!("Fishery talks, round {i}"),
            "date": format!("20{:02}-0{}-1{}", 10 + i % 10, 1 + i % 9, i % 10),
            "url": format!("https://wire{}.example.com/{i}", i % 7),
            "text": text(i),
        });
        writeln!(w, "{row}").expect("write row");
    }
    w.flush().expect("flush collection");
}
