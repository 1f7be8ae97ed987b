//! Telling the same article apart from a near copy: a content hash of the article's words, and a
//! MinHash signature of its five-word shingles, so two printings of one story (another outlet,
//! other page furniture, a changed headline) are recognised without comparing every pair.
//!
//! Hashes are written to disk beside the index, so they use a fixed, hand-written hash function
//! (FNV-1a, then a SplitMix64 finaliser) rather than std's `DefaultHasher`, whose output may change
//! between Rust releases.

/// Number of MinHash values in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Signature values per LSH band: two articles become candidates when one band agrees whole.
pub const BAND_ROWS: usize = 4;
/// Number of LSH bands.
pub const BANDS: usize = SIGNATURE_LEN / BAND_ROWS;
/// Words per shingle.
const SHINGLE_WORDS: usize = 5;

/// A MinHash signature: for each of [`SIGNATURE_LEN`] hash functions, the least hash of any shingle.
pub type Signature = [u32; SIGNATURE_LEN];

/// Identity of an article's words: equal when the words are equal, whatever the spacing,
/// punctuation or letter case.
pub type ContentHash = [u8; 16];

/// The words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The content hash of `text` (SHA-256 of its words, lower-cased, each followed by a space;
/// first 16 bytes).
pub fn content_hash(text: &str) -> ContentHash {
    use sha2::{Digest, Sha256};
    // Folded into one buffer, with ASCII words lower-cased in place: a String per word was
    // most of the cost. Other words go through `str::to_lowercase` (its rules for Greek sigma).
    let mut folded = String::with_capacity(text.len());
    for w in words(text) {
        if w.is_ascii() {
            let from = folded.len();
            folded.push_str(w);
            folded[from..].make_ascii_lowercase();
        } else {
            folded.push_str(&w.to_lowercase());
        }
        folded.push(' ');
    }
    let digest = Sha256::digest(folded.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// SplitMix64's finaliser: spreads every input bit over the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Multipliers and offsets of the [`SIGNATURE_LEN`] hash functions (multiply-shift hashing of
/// a shingle's 64-bit hash), drawn once from SplitMix64 so they never change.
const SLOTS: [(u64, u64); SIGNATURE_LEN] = {
    const fn splitmix(state: u64) -> u64 {
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    let mut out = [(0u64, 0u64); SIGNATURE_LEN];
    let mut state = 0x5eed_7ea7_b075_u64;
    let mut i = 0;
    while i < SIGNATURE_LEN {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let a = splitmix(state);
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let b = splitmix(state);
        // An odd multiplier keeps the map from 64-bit hashes one-to-one.
        out[i] = (a | 1, b);
        i += 1;
    }
    out
};

/// The multipliers of [`SLOTS`].
const MULTIPLIERS: [u64; SIGNATURE_LEN] = {
    let mut out = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        out[i] = SLOTS[i].0;
        i += 1;
    }
    out
};

/// The offsets of [`SLOTS`].
const OFFSETS: [u64; SIGNATURE_LEN] = {
    let mut out = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        out[i] = SLOTS[i].1;
        i += 1;
    }
    out
};

/// The hash of each word of `text`, lower-cased character by character (no allocation).
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for w in words(text) {
        let mut h = 0xcbf2_9ce4_8422_2325u64;
        if w.is_ascii() {
            for b in w.bytes() {
                h = fnv1a(&[b.to_ascii_lowercase()], h);
            }
        } else {
            let mut buf = [0u8; 4];
            for c in w.chars().flat_map(char::to_lowercase) {
                h = fnv1a(c.encode_utf8(&mut buf).as_bytes(), h);
            }
        }
        out.push(h);
    }
    out
}

/// The MinHash signature of `text`'s five-word shingles (the whole text when it is shorter).
pub fn signature(text: &str) -> Signature {
    let words = word_hashes(text);
    let mut sig = [u32::MAX; SIGNATURE_LEN];
    let mut add = |shingle: &[u64]| {
        let mut h = 0u64;
        for w in shingle {
            h = mix(h.rotate_left(17) ^ w);
        }
        // Multipliers and offsets in arrays of their own, indexed alike: this loop runs for
        // every shingle of every article, and in this shape the compiler vectorises it.
        for i in 0..SIGNATURE_LEN {
            let v = (h.wrapping_mul(MULTIPLIERS[i]).wrapping_add(OFFSETS[i]) >> 32) as u32;
            sig[i] = sig[i].min(v);
        }
    };
    if words.len() <= SHINGLE_WORDS {
        if !words.is_empty() {
            add(&words);
        }
    } else {
        for shingle in words.windows(SHINGLE_WORDS) {
            add(shingle);
        }
    }
    sig
}

/// Estimated Jaccard similarity of the two texts' shingle sets: the share of equal slots.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / SIGNATURE_LEN as f32
}

/// One key per LSH band (the band's number folded in), for finding candidate near-duplicates.
pub fn band_keys(sig: &Signature) -> [u64; BANDS] {
    let mut out = [0u64; BANDS];
    for (band, key) in out.iter_mut().enumerate() {
        let mut h = fnv1a(&(band as u64).to_le_bytes(), 0xcbf2_9ce4_8422_2325);
        for v in &sig[band * BAND_ROWS..(band + 1) * BAND_ROWS] {
            h = fnv1a(&v.to_le_bytes(), h);
        }
        *key = mix(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "Japan and Russia are ready to continue their close work on a peace treaty, \
        Japanese Foreign Minister Fumio Kishida said on Monday. Japan's top diplomat made this \
        statement at a press conference after a Russian-Japanese 2+2 meeting of the defense and \
        foreign ministers from both countries. The main obstacle is the problem of the south \
        Kuril Islands, which became the territory of the USSR after the war.";

    #[test]
    fn the_hash_ignores_spacing_case_and_punctuation_only() {
        let respaced = STORY.replace(", ", " ,  ").to_uppercase();
        assert_eq!(content_hash(STORY), content_hash(&respaced));
        assert_ne!(
            content_hash(STORY),
            content_hash(&STORY.replace("Monday", "Tuesday"))
        );
    }

    #[test]
    fn words_outside_ascii_fold_as_whole_words() {
        // A capital sigma ending a word folds to the final form, as `str::to_lowercase` has it.
        assert_eq!(
            content_hash("ΟΔΥΣΣΕΥΣ, Straße"),
            content_hash("οδυσσευς straße")
        );
        assert_ne!(content_hash("ΟΔΥΣΣΕΥΣ"), content_hash("οδυσσευσ"));
    }

    #[test]
    fn a_lightly_edited_copy_is_similar_and_another_story_is_not() {
        let edited = format!(
            "TOKYO, March 20. /TASS/. {}",
            STORY.replace("close work", "work")
        );
        let other = "Michigan billionaire education activist Betsy DeVos was confirmed today to serve \
            as the secretary of education, after Vice President Mike Pence cast a tie-breaking vote \
            in the Senate on a highly contentious nomination.";
        let s = signature(STORY);
        assert!(similarity(&s, &signature(&edited)) >= 0.6);
        assert!(similarity(&s, &signature(other)) < 0.1);
        assert_eq!(signature(STORY), s, "deterministic");
        let shared = band_keys(&s)
            .iter()
            .zip(band_keys(&signature(&edited)))
            .filter(|(a, b)| **a == *b)
            .count();
        assert!(shared >= 1, "a near copy shares at least one band");
    }
}
