//! Shared test helpers: an engine over the project's own seed articles with a private data dir.
#![allow(dead_code)]

pub mod postgres;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use treatybot::config::Settings;
use treatybot::engine::{Answer, Audience, Command, Engine};

/// The project root (where `seeds/` and `config/` are).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Settings pointing at the project's seeds and gazetteer, with `data_dir` as given.
pub fn settings(data_dir: &Path) -> Settings {
    let mut s = Settings::defaults();
    s.data_dir = data_dir.to_path_buf();
    s.seeds_dir = root().join("seeds");
    s.places_file = root().join("config/places.toml");
    s
}

/// One engine per test binary, its index built once in a temporary folder.
pub fn engine() -> &'static Engine {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
        Engine::open(&settings(dir.path())).expect("engine opens").0
    })
}

/// An engine over another folder of articles under the project (e.g. `tests/fixtures/wire`) and,
/// if given, another gazetteer, its index in `data_dir`.
pub fn engine_over(data_dir: &Path, seeds: &str, places: Option<&str>) -> Engine {
    let mut s = settings(data_dir);
    s.seeds_dir = root().join(seeds);
    if let Some(p) = places {
        s.places_file = root().join(p);
    }
    Engine::open(&s).expect("engine opens").0
}

/// An engine over a folder of fixture articles (`tests/fixtures/wire`) and the gazetteer beside
/// them (`places.toml`), opened once per test binary and folder, its index in a temporary folder.
pub fn fixture_engine(folder: &'static str) -> &'static Engine {
    static OPEN: std::sync::Mutex<Vec<(&'static str, &'static Engine)>> =
        std::sync::Mutex::new(Vec::new());
    let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, engine)) = open.iter().find(|(f, _)| *f == folder) {
        return engine;
    }
    // Kept for the whole run, as a static would be.
    let dir: &'static tempfile::TempDir = Box::leak(Box::new(temp_data_dir()));
    let places = format!("{folder}/places.toml");
    let engine: &'static Engine =
        Box::leak(Box::new(engine_over(dir.path(), folder, Some(&places))));
    open.push((folder, engine));
    engine
}

/// The shared engine behind an `Arc`, for the Discord front end.
pub fn shared_engine() -> std::sync::Arc<Engine> {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static ENGINE: OnceLock<std::sync::Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"));
            std::sync::Arc::new(Engine::open(&settings(dir.path())).expect("engine opens").0)
        })
        .clone()
}

/// Parses and answers a command line.
pub fn ask(line: &str) -> Answer {
    let e = engine();
    let cmd =
        Command::parse(line, e.max_query_chars()).unwrap_or_else(|err| panic!("{line}: {err}"));
    e.seen_by(Audience::SHARED)
        .answer(&cmd)
        .unwrap_or_else(|err| panic!("{line}: {err}"))
}

/// An answer's first line in English, as the command line shows it: what tests read where
/// they once read a sentence the engine made.
pub trait Said {
    /// The first line, when the answer has one.
    fn said(&self) -> Option<String>;
}

impl Said for Answer {
    fn said(&self) -> Option<String> {
        treatybot::present::headline(
            self,
            treatybot::present::Reader::typed(treatybot::present::Lang::En),
        )
    }
}

/// The answer's first line as every front end shows it (for `/ask`, its short answer phrased).
pub fn said(a: &Answer) -> String {
    treatybot::present::headline(
        a,
        treatybot::present::Reader::typed(treatybot::present::Lang::En),
    )
    .unwrap_or_default()
}

/// The file-name prefix of each citation, e.g. "000".
pub fn cited(a: &Answer) -> Vec<String> {
    a.citations
        .iter()
        .map(|c| c.source.id[..3].to_string())
        .collect()
}

/// The seed file's text.
pub fn seed_text(id: &str) -> String {
    std::fs::read_to_string(root().join("seeds").join(id)).expect("seed file")
}

/// A fresh temporary data directory.
pub fn temp_data_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Path of the built binary.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_treatybot"))
}

/// The built `treatybot` in the project root with its data directory `data`, no configuration
/// folder and no `RUST_LOG`: the one command line every test that runs the binary starts from.
pub fn treatybot_command(data: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.current_dir(root())
        .env("TREATYBOT__DATA_DIR", data)
        .env("TREATYBOT_CONFIG_DIR", data.join("no-config"))
        .env_remove("RUST_LOG");
    c
}

/// Runs [`treatybot_command`] with `args` to its end.
pub fn treatybot(data: &Path, args: &[&str]) -> std::process::Output {
    treatybot_command(data)
        .args(args)
        .output()
        .expect("treatybot runs")
}

/// Runs the built `treatybot` in the project root with `args`, its data directory `data` and
/// the extra environment `env`, and returns what it printed. No system proxy is passed on
/// (loopback only). A run past two minutes is killed and fails the test.
pub fn run_bin(data: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(bin())
        .current_dir(root())
        .args(args)
        .env("TREATYBOT__DATA_DIR", data)
        .envs(env.iter().copied())
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("all_proxy")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("treatybot runs");
    // Read both pipes while waiting, so a chatty child cannot fill one and stall.
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = pipe(Box::new(child.stdout.take().unwrap()));
    let err = pipe(Box::new(child.stderr.take().unwrap()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("treatybot {args:?} did not finish within 2 minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// The answer of `engine` to a command line; a command that does not parse or answer panics
/// naming it.
pub fn ask_engine(engine: &Engine, line: &str) -> Answer {
    let cmd = Command::parse(line, 200).unwrap_or_else(|e| panic!("{line}: {e}"));
    engine
        .seen_by(Audience::SHARED)
        .answer(&cmd)
        .unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// The article ids an answer cites, in order.
pub fn cited_ids(a: &Answer) -> Vec<String> {
    a.citations.iter().map(|c| c.source.id.clone()).collect()
}

/// Whether the tests run as root (read from `/proc/self/status`).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A PNG's width, height and pixels as RGB, decoded with the `png` crate.
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a bounded PNG")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

/// A PNG's colour type, read from its header.
pub fn png_colour_type(bytes: &[u8]) -> png::ColorType {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.read_info().expect("a PNG header").info().color_type
}

/// How many event markers a timeline picture has: runs of the marker colour down the axis's
/// middle column (markers never touch, and nothing else there has their colour).
pub fn timeline_markers(bytes: &[u8]) -> usize {
    let (width, height, pixels) = decode_png(bytes);
    let x = treatybot::picture::layout::AXIS_X as u32;
    assert!(x < width);
    let mut runs = 0;
    let mut inside = false;
    for y in 0..height {
        let is_marker = pixels[(y * width + x) as usize] == treatybot::picture::MARKER;
        if is_marker && !inside {
            runs += 1;
        }
        inside = is_marker;
    }
    runs
}

/// The English catalogue's own phrases (its messages' words between their arguments, of two
/// words or more), which no reply in Japanese or Russian may hold.
pub fn english_phrases() -> &'static [String] {
    static PHRASES: OnceLock<Vec<String>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let word = |w: &str| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2;
        let mut v: Vec<String> = treatybot::present::english_fragments()
            .into_iter()
            .map(|f| f.trim().to_string())
            .filter(|f| f.split_whitespace().filter(|w| word(w)).count() >= 2)
            .collect();
        v.sort();
        v.dedup();
        v
    })
}

/// `text` without what it quotes (between “ ”, 「 」 or « »): the articles' own words, which
/// stay as written in every language.
pub fn without_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match (closing, c) {
            (None, '“') => closing = Some('”'),
            (None, '「') => closing = Some('」'),
            (None, '«') => closing = Some('»'),
            (Some(end), c) if c == end => closing = None,
            (None, c) => out.push(c),
            (Some(_), _) => {}
        }
    }
    out
}

/// The first run of three or more English words in `text` outside its quotations, after
/// taking out `given` (what the reader typed or attached: a link, a file name): an English
/// error message of the system's or of a library's, which the catalogues do not hold and so
/// [`english_in`] cannot see, reaching a reply in another language.
pub fn english_run(text: &str, given: &[&str]) -> Option<String> {
    let mut text = without_quotes(text);
    for g in given {
        text = text.replace(g, " ");
    }
    let is_word = |w: &str| {
        let w =
            w.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '!' | '?'));
        w.chars().count() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
    };
    let mut run: Vec<&str> = Vec::new();
    for w in text.split_whitespace() {
        if is_word(w) {
            run.push(w);
            if run.len() >= 3 {
                return Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    None
}

/// The English catalogue phrases `text` holds outside its quotations.
pub fn english_in(text: &str) -> Vec<&'static str> {
    let text = without_quotes(text);
    english_phrases()
        .iter()
        .filter(|p| contains_words(&text, p))
        .map(String::as_str)
        .collect()
}

/// Whether `phrase` stands in `text` as whole words: "part of" is not in "counterpart of".
fn contains_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let cut_before = word(phrase.chars().next()) && word(text[..at].chars().next_back());
        let cut_after =
            word(phrase.chars().next_back()) && word(text[at + phrase.len()..].chars().next());
        !cut_before && !cut_after
    })
}

/// Whether `text` holds a letter of `lang`'s script (kana or kanji, Cyrillic), so a reply
/// can be seen to be in that language.
pub fn in_script_of(lang: treatybot::present::Lang, text: &str) -> bool {
    use treatybot::present::Lang;
    text.chars().any(|c| match lang {
        Lang::Ja => matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'),
        Lang::Ru => matches!(c, '\u{0400}'..='\u{04ff}'),
        Lang::En => c.is_ascii_alphabetic(),
    })
}
