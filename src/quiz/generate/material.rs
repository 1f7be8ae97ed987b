//! The material a draw reads: a quiz's candidate passages, the pools its distractors come from
//! (the people, years, phrases, quotes and numbers those passages hold, and the parties), and
//! every blank they hold.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::assemble::{build, Usage};
use super::blanks::{self, Blank, Scan};
use super::lead::Before;
use super::parties::{parties, repeated_places};
use super::text::{fit_sentence, self_contained};
use super::QUIZ_PASSAGES;
use crate::engine::{Audience, QuizScope, Scoped};
use crate::error::Result;
use crate::extract::{Gazetteer, Person};
use crate::index::StoredPassage;
use crate::quiz::rng::Rng;
use crate::quiz::{Difficulty, Kind, Question, Topic};

/// Default candidate passages a quiz on a topic also reads, for its distractors and parties.
const SAMPLE: usize = 200;

/// Most share of a bank's questions that one answer may have.
pub(crate) const ANSWER_SHARE: f64 = 0.05;

/// Most share of a bank's questions that one distractor may be offered in.
pub(crate) const DISTRACTOR_SHARE: f64 = 0.10;

/// The distractor cap of a small bank (a topic's), where a tenth of it would leave a name
/// offered once or twice: a bank of fewer than 30 questions is too small to vary further.
const MIN_DISTRACTOR_CAP: usize = 3;

/// Everything the generators share: the candidate passages' people, places, years, phrases and
/// quotes.
pub(crate) struct Pools {
    /// The people the candidate passages name (not the whole register, which grows with the
    /// collection), sorted by id.
    pub(crate) people: Vec<Person>,
    /// The engine's gazetteer, copied once per material read (a material outlives the draw that
    /// read it, see [`Material::read`]).
    pub(crate) gazetteer: Arc<Gazetteer>,
    /// Years of every explicit date in the articles.
    pub(crate) years: BTreeSet<i32>,
    /// Key phrases by canonical form, with the form first written.
    pub(crate) phrases: BTreeMap<String, String>,
    /// Short quotations by canonical form.
    pub(crate) quotes: BTreeMap<String, String>,
    /// Numbers written as digits.
    pub(crate) numbers: BTreeSet<u64>,
    /// The parties the candidate passages are about (see [`parties`]).
    pub(crate) parties: BTreeSet<String>,
    /// The surnames of the people above (lower case) that several people in the whole register
    /// are called, as a surname or a given name ("Charles", "Nguyen"): written alone, they name
    /// nobody in particular, whoever else the passages name.
    pub(crate) called_alike: BTreeSet<String>,
    /// The surnames of the people above in ASCII lower case (as [`blanks::shared_surname`]
    /// compares them), each with how many of them bear it and where one stands in `people`:
    /// whether another person of the material bears a surname is then one look-up, where a pass
    /// over everyone, asked for every surname written alone and every distractor offered by
    /// surname, was about a seventh of a draw from nothing (perf, ×1).
    pub(crate) surnames: HashMap<String, (usize, usize)>,
    /// Every name of the gazetteer's places in lower case, so whether a name of one word is a
    /// place's is one look-up per mention, not a pass over the gazetteer's names lowering each
    /// (about a tenth of a draw from nothing).
    pub(crate) place_names: HashSet<String>,
}

impl Pools {
    /// The person of the material with this id.
    pub(crate) fn person(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }
}

/// Most materials kept for reuse (see [`Material::read`]): the channel game's default quiz at
/// each difficulty for a few audiences, or a topic played again.
const KEPT: usize = 4;

/// The materials read last, newest first.
static KEPT_MATERIALS: Mutex<Vec<Arc<Material>>> = Mutex::new(Vec::new());

/// A quiz's material: its candidate passages, the pools its distractors come from, and every
/// blank they hold (on the topic, when one is given), in passage order.
pub(crate) struct Material {
    /// Who it was read for, on what and at what difficulty: with `passages`, `sample` and the
    /// pools' people, what decides whether a later draw may reuse it.
    audience: Audience,
    topic: Option<Topic>,
    difficulty: Difficulty,
    /// The gazetteer it was read with, by address (an engine's, which does not change while the
    /// engine lives).
    gazetteer_at: usize,
    passages: Vec<StoredPassage>,
    /// The sample of default candidates a topic's quiz also reads (empty without a topic).
    sample: Vec<StoredPassage>,
    pools: Pools,
    blanks: Vec<Blank>,
}

impl Material {
    /// Reads the candidate passages of `topic` (the default ones without) and finds their
    /// blanks, keeping those about the topic, and at [`Difficulty::Easy`] only the core facts
    /// (`core.rs`).
    ///
    /// Finding the blanks is most of a draw and depends only on what the index hands over, not
    /// on the seed: the passages (and a topic's sample) are read every time, so articles added
    /// or removed since show at once, and the material read last for the same audience, topic
    /// and difficulty is reused when they and the people they name are the same as then.
    pub(crate) fn read(
        engine: Scoped<'_>,
        topic: Option<&Topic>,
        difficulty: Difficulty,
    ) -> Result<Arc<Material>> {
        let everything = QuizScope::Everything;
        let scope = topic.map_or(&everything, |t| &t.scope);
        let mut passages = engine.quiz_passages(scope, QUIZ_PASSAGES)?;
        passages.sort_by_key(|p| (!p.source.on_topic, p.article, p.paragraph));
        // A topic's passages may be few: distractors and the parties also come from a sample of
        // the collection's default candidates, so a narrow topic still has plausible choices.
        let sample = match scope {
            QuizScope::Everything => Vec::new(),
            _ => engine.quiz_passages(&QuizScope::Everything, SAMPLE)?,
        };
        let named: BTreeSet<&str> = passages
            .iter()
            .chain(&sample)
            .flat_map(|p| p.mentions.people.iter().map(|m| m.person.as_str()))
            .collect();
        let people = engine.people_with_ids(named);
        let gazetteer_at = engine.gazetteer() as *const Gazetteer as usize;
        let same = |m: &Material| {
            m.audience == engine.audience()
                && m.topic.as_ref() == topic
                && m.difficulty == difficulty
                && m.gazetteer_at == gazetteer_at
                && m.passages == passages
                && m.sample == sample
                && m.pools.people == people
        };
        if let Some(m) = kept().iter().find(|m| same(m)) {
            return Ok(Arc::clone(m));
        }
        let material = Arc::new(Material::find_blanks(
            engine, topic, difficulty, passages, sample, people,
        ));
        let mut kept = kept();
        // Another draw may have read the same meanwhile: one copy is kept.
        kept.retain(|m| !m.read_as(&material));
        kept.insert(0, Arc::clone(&material));
        kept.truncate(KEPT);
        Ok(material)
    }

    /// Whether `other` was read for the same audience, topic and difficulty from the same
    /// passages, sample and people.
    fn read_as(&self, other: &Material) -> bool {
        self.audience == other.audience
            && self.topic == other.topic
            && self.difficulty == other.difficulty
            && self.gazetteer_at == other.gazetteer_at
            && self.passages == other.passages
            && self.sample == other.sample
            && self.pools.people == other.pools.people
    }

    /// The material of these passages, sample and people: the pools and every blank.
    fn find_blanks(
        engine: Scoped<'_>,
        topic: Option<&Topic>,
        difficulty: Difficulty,
        passages: Vec<StoredPassage>,
        sample: Vec<StoredPassage>,
        people: Vec<Person>,
    ) -> Material {
        let mut pools = Pools {
            people,
            gazetteer: Arc::new(engine.gazetteer().clone()),
            years: BTreeSet::new(),
            phrases: BTreeMap::new(),
            quotes: BTreeMap::new(),
            numbers: BTreeSet::new(),
            parties: BTreeSet::new(),
            called_alike: BTreeSet::new(),
            surnames: HashMap::new(),
            place_names: engine
                .gazetteer()
                .places()
                .iter()
                .flat_map(|p| p.all_names())
                .filter(|n| !n.trim().is_empty())
                .map(str::to_lowercase)
                .collect(),
        };
        for (i, p) in pools.people.iter().enumerate() {
            pools
                .surnames
                .entry(blanks::surname(p).to_ascii_lowercase())
                .or_insert((0, i))
                .0 += 1;
        }
        pools.called_alike = pools
            .people
            .iter()
            .map(blanks::surname)
            .filter(|s| engine.people_called(s) > 1)
            .map(str::to_lowercase)
            .collect();
        for p in passages.iter().chain(&sample) {
            note_years(p, &mut pools);
        }
        // Within a topic's passages the topic itself would look like a party.
        pools.parties = parties(if sample.is_empty() {
            &passages
        } else {
            &sample
        });
        let mut blanks = Vec::new();
        // What each article said before the sentence at hand, for a sentence that points back.
        let mut before = Before::default();
        for (i, p) in passages.iter().enumerate() {
            if i == 0 || passages[i - 1].article != p.article {
                before.new_article();
            }
            before.new_paragraph();
            for s in &p.sentences {
                let sentence = &p.text[s.clone()];
                let alone = self_contained(sentence);
                let lead = if alone { None } else { before.lead(sentence) };
                before.note(sentence, named_in(p, s), lead.as_ref());
                // Furniture that survived cleaning ("Korea Herald daum") is neither asked nor
                // offered as a distractor.
                if !fit_sentence(sentence) {
                    continue;
                }
                let scan = Scan::of(p, s);
                pool_scan(p, s, &scan, &mut pools);
                if !(lead.is_some() || alone) {
                    continue;
                }
                let from = blanks.len();
                blanks::who_blanks(p, s, &pools, &mut blanks);
                blanks::when_blanks(p, s, &mut blanks);
                blanks::where_blanks(p, s, &pools, &mut blanks);
                blanks::what_blanks(p, s, &scan, &mut blanks);
                blanks::how_many_blanks(p, s, &scan, &mut blanks);
                for b in &mut blanks[from..] {
                    b.passage = i;
                    b.lead = lead.clone();
                }
                if let Some(t) = topic {
                    let mut at = from;
                    while at < blanks.len() {
                        if t.matches_text(sentence, &blanks[at].answer) {
                            at += 1;
                        } else {
                            blanks.remove(at);
                        }
                    }
                }
            }
        }
        // The sample's sentences offer distractors too (after the candidates', so a form first
        // written in a candidate is the one offered).
        for p in &sample {
            for s in p
                .sentences
                .iter()
                .filter(|s| fit_sentence(&p.text[(*s).clone()]))
            {
                pool_scan(p, s, &Scan::of(p, s), &mut pools);
            }
        }
        // The place an article keeps coming back to is guessed from the rest of it: not asked.
        let repeated = repeated_places(&passages, &pools.parties);
        blanks.retain(|b| {
            b.kind != Kind::Where
                || b.ask.is_some()
                || !repeated
                    .get(&passages[b.passage].article)
                    .is_some_and(|r| r.contains(&b.key))
        });
        if difficulty == Difficulty::Easy {
            super::core::keep_core(&passages, &mut blanks);
        }
        Material {
            audience: engine.audience(),
            topic: topic.cloned(),
            difficulty,
            gazetteer_at: engine.gazetteer() as *const Gazetteer as usize,
            passages,
            sample,
            pools,
            blanks,
        }
    }

    /// The question blank `n` makes, with distractors and choice order from `seed`, if it makes a
    /// sound one; distractors offered least in `usage` first.
    fn question(&self, n: usize, seed: u64, usage: &Usage) -> Option<Question> {
        let b = &self.blanks[n];
        build(&self.passages[b.passage], b, &self.pools, seed, usage)
    }

    /// Every question the material makes, in passage order, varied: no answer in more than
    /// [`ANSWER_SHARE`] of them and no distractor in more than [`DISTRACTOR_SHARE`] (a blank
    /// whose answer has had its share, or that is left with fewer than three distractors under
    /// the cap, is not asked). The caps are shares of the bank's own size, which the caps
    /// change: it is built with the caps of the uncapped size first, then of the size each build
    /// reached, until a build is at least as large as the smallest size with its caps (so they
    /// hold for it); a few builds, whatever the collection's size.
    pub(crate) fn bank(&self, seed: u64) -> Vec<Question> {
        let caps = |n: usize| {
            (
                ((n as f64 * ANSWER_SHARE) as usize).max(1),
                ((n as f64 * DISTRACTOR_SHARE) as usize).max(MIN_DISTRACTOR_CAP),
            )
        };
        let uncapped = self.every(seed);
        let mut size = uncapped.len();
        let mut last = None;
        while size > 0 {
            let level = caps(size);
            // The smallest size with the same caps: a build that reaches it satisfies them.
            let mut lowest = size;
            while lowest > 1 && caps(lowest - 1) == level {
                lowest -= 1;
            }
            let out = self.bank_capped(seed, level.0, level.1);
            if out.len() >= lowest {
                return out;
            }
            // Levels between this one and the size reached cannot be reached either (lower caps
            // never make more questions): go straight to that size's caps.
            size = out.len().min(lowest - 1);
            last = Some(out);
        }
        last.unwrap_or(uncapped)
    }

    /// Every question the material makes, in passage order, without caps.
    pub(crate) fn every(&self, seed: u64) -> Vec<Question> {
        self.bank_capped(seed, usize::MAX, usize::MAX)
    }

    /// Every question the material makes with no answer more than `answer_cap` times and no
    /// distractor in more than `distractor_cap` questions.
    fn bank_capped(&self, seed: u64, answer_cap: usize, distractor_cap: usize) -> Vec<Question> {
        let mut usage = Usage::capped(distractor_cap);
        let mut answers: BTreeMap<String, usize> = BTreeMap::new();
        let mut out = Vec::new();
        for n in 0..self.blanks.len() {
            let key = self.blanks[n].key.to_lowercase();
            if answers.get(&key).is_some_and(|k| *k >= answer_cap) {
                continue;
            }
            if let Some(q) = self.question(n, seed, &usage) {
                usage.add(&q);
                *answers.entry(key).or_default() += 1;
                out.push(q);
            }
        }
        out
    }

    /// Up to `count` questions for one quiz: sentences in an order shuffled by `seed` (the
    /// dispute's first), from each
    /// the blank of the kind the quiz has least of so far (its key fact first on a tie), never
    /// two questions with one answer or on one fact.
    pub(crate) fn draw(&self, count: usize, seed: u64) -> Vec<Question> {
        // Blanks of one sentence are adjacent: group them by sentence.
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, b) in self.blanks.iter().enumerate() {
            match groups.last_mut() {
                Some(g)
                    if {
                        let first = &self.blanks[g.start];
                        first.passage == b.passage && first.sentence == b.sentence
                    } =>
                {
                    g.end = i + 1
                }
                _ => groups.push(i..i + 1),
            }
        }
        // The dispute's sentences first, each part in an order shuffled by the seed: a quiz
        // drawn from a mixed collection is about the dispute while it has questions to give.
        let mut rng = Rng::new(seed);
        let (mut groups, mut rest): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| self.passages[self.blanks[g.start].passage].source.on_topic);
        rng.shuffle(&mut groups);
        rng.shuffle(&mut rest);
        groups.extend(rest);
        let mut out: Vec<Question> = Vec::with_capacity(count.min(groups.len()));
        let mut per_kind = [0usize; Kind::ALL.len()];
        // Within one quiz, too, the distractors offered least so far come first.
        let mut usage = Usage::default();
        let slot = |k: Kind| Kind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        for g in groups {
            if out.len() >= count {
                break;
            }
            let mut order: Vec<usize> = g.collect();
            order.sort_by_key(|&i| {
                let k = self.blanks[i].kind;
                (per_kind[slot(k)], slot(k))
            });
            for i in order {
                let b = &self.blanks[i];
                if out
                    .iter()
                    .any(|q| q.fact.answer.eq_ignore_ascii_case(&b.key))
                {
                    continue;
                }
                let Some(q) = self.question(i, seed, &usage) else {
                    continue;
                };
                if out.iter().any(|o| crate::quiz::same_fact(o, &q)) {
                    continue;
                }
                usage.add(&q);
                per_kind[slot(q.kind)] += 1;
                out.push(q);
                break;
            }
        }
        out
    }
}

/// The kept materials, locked (a panic while they were held left nothing half-written: the
/// list is only ever pushed to and cut).
fn kept() -> std::sync::MutexGuard<'static, Vec<Arc<Material>>> {
    KEPT_MATERIALS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Drops every kept material: the next draw reads everything afresh.
pub(crate) fn forget_kept() {
    kept().clear();
}

/// The people sentence `s` of `p` names, as written, once each, in order.
fn named_in(p: &StoredPassage, s: &std::ops::Range<usize>) -> Vec<String> {
    let mut ids: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for m in &p.mentions.people {
        if m.start >= s.start && m.end <= s.end && !ids.contains(&m.person.as_str()) {
            ids.push(&m.person);
            out.push(p.text[m.start..m.end].to_string());
        }
    }
    out
}

/// Adds the years of the explicit dates passage `p` holds to the pools.
fn note_years(p: &StoredPassage, pools: &mut Pools) {
    for d in p.mentions.dates.iter().filter(|d| !d.relative) {
        if d.text.contains(&d.value.year.to_string()) {
            pools.years.insert(d.value.year);
        }
    }
}

/// Adds the phrases, quotes and numbers `scan` found in clean sentence `s` of `p` to the pools.
fn pool_scan(p: &StoredPassage, s: &std::ops::Range<usize>, scan: &Scan, pools: &mut Pools) {
    let text = &p.text[s.clone()];
    for (m, _) in &scan.phrases {
        pools
            .phrases
            .entry(m.to_lowercase())
            .or_insert_with(|| m.to_string());
    }
    for g in &scan.quotes {
        let q = text[g.clone()].trim();
        if blanks::quotable(q) {
            pools
                .quotes
                .entry(q.to_lowercase())
                .or_insert_with(|| q.to_string());
        }
    }
    for (n, _) in &scan.counts {
        if let Ok(n) = text[n.clone()].replace(',', "").parse::<u64>() {
            pools.numbers.insert(n);
        }
    }
}
