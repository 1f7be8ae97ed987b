//! What every benchmark times and where it reads from: one command per kind, as the dev
//! questions ask them, and settings over the project's own seeds and gazetteer.
#![allow(dead_code)]

use std::path::Path;

use treatybot::config::Settings;

/// The commands timed, one per kind.
pub const CASES: [(&str, &str); 9] = [
    ("who", "/who Karasin"),
    ("when_year", "/when 1956"),
    ("when_event", "/when Krasnoyarsk"),
    ("where", "/where Kunashiri"),
    ("what", "/what jurisdiction of the islands"),
    ("search", "/search Putin expected to visit Japan"),
    ("ask", "/ask Who visited the disputed islands last year?"),
    ("timeline", "/timeline 1945 1960"),
    ("sources", "/sources"),
];

/// The slash commands the Discord benches send, in turn: (command, option, value).
pub const SLASH: [(&str, &str, &str); 5] = [
    ("who", "name", "Karasin"),
    ("when", "date", "1956"),
    ("where", "place", "Kunashiri"),
    ("search", "text", "Putin expected to visit Japan"),
    (
        "ask",
        "question",
        "Who visited the disputed islands last year?",
    ),
];

/// Settings over the project's seeds and gazetteer, with data under `data`.
pub fn settings(data: &Path) -> Settings {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Settings::defaults();
    s.data_dir = data.to_path_buf();
    s.seeds_dir = root.join("seeds");
    s.places_file = root.join("config/places.toml");
    s
}
