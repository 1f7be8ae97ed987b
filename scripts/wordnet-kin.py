#!/usr/bin/env python3
"""Makes assets/wordnet/kin.tsv.gz, the table of words that may stand for each other in /ask.

A question and the article that answers it often word the same thing differently: "jailed" for
"imprisoned", "devastated" for "wrecked", "deputy" for "second in command". WordNet 3.0 (Princeton,
the WordNet 3.0 licence in assets/wordnet/LICENSE) groups English words by sense; this keeps, for
each noun and verb in common use, the single words close to one of its three most frequent senses:

  * the words of the same sense (synonyms),
  * the senses one step more general or more specific (hypernyms, hyponyms),
  * the words derived from it ("die" and "death"),
  * for a verb, the other verbs under the same narrow hypernym (at most 25 verbs below it):
    "devastate" and "wreck" are both ways to "destroy".

A phrasal verb ("get together", "step down") keeps the words of its own senses whatever their
number of senses: its sense is narrow, and the plain verb ("meet", "resign") is how an article says it.

A word whose stem is also another word's, not derived from it nor a form of it, is left out:
"activate" is kin of "found", but its stem "activ" is "active"'s too, which an article writes
("weekly active users") where nothing was founded.

Words that WordNet lists as opposites of the sense are left out, and so are (unless derived from
the sense) words of more than six
senses in all ("pass", "turn"), which in an article rarely mean the sense asked about, and stems cut
to three letters or fewer, which many words share.
Keys and values are the stems treatybot's index gives (Snowball English), so a question's word and
an article's word are compared as the index compares them. Lines are `v:stem` or `n:stem` (`v:step_down` for a phrasal verb), a tab,
then up to 24 stems, closest first.

Run with Debian's wordnet-base and the snowballstemmer package from PyPI:
    apt-get install wordnet-base && pip install snowballstemmer
    python3 scripts/wordnet-kin.py /usr/share/wordnet assets/wordnet/kin.tsv.gz
"""
import collections
import gzip
import re
import sys

import snowballstemmer

SENSES = 3  # a word's most frequent senses that count
NARROW = 25  # a hypernym with more verbs below it is too general to make them kin
POLYSEMOUS = 6  # a word with more senses than this is not offered as kin
CAP = 24  # kin kept per word
POS = [("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")]
WORD = re.compile(r"[a-z]+")
# A phrasal verb ("step_down", "lock_up"): its key is the verb's stem, "_", the particle.
PHRASAL = re.compile(r"([a-z]+)_(up|down|out|off|in|on|over|back|away|together)")


def read(root):
    """WordNet's index (lemma -> synsets by frequency) and data (synset -> words, pointers)."""
    index, tagged, data = {}, set(), {}
    for pos, name in POS:
        for line in open(f"{root}/index.{name}", encoding="latin1"):
            if line.startswith(" "):
                continue
            p = line.split()
            pointers = int(p[3])
            tagged_senses = int(p[4 + pointers + 1])
            index[(p[0], pos)] = [(pos, o) for o in p[4 + pointers + 2 :]]
            common = tagged_senses > 0 and pos in "nv"
            if common and (WORD.fullmatch(p[0]) or pos == "v" and PHRASAL.fullmatch(p[0])):
                tagged.add((p[0], pos))
        for line in open(f"{root}/data.{name}", encoding="latin1"):
            if line.startswith(" "):
                continue
            p = line.split("|")[0].split()
            count = int(p[3], 16)
            words = [p[4 + 2 * i].lower() for i in range(count)]
            k = 4 + 2 * count
            pointers = []
            for i in range(int(p[k])):
                symbol, offset, ps, words_linked = p[k + 1 + 4 * i : k + 5 + 4 * i]
                # "0000": sense to sense; otherwise source and target word, two hex digits each.
                source, target = int(words_linked[:2], 16), int(words_linked[2:], 16)
                pointers.append((symbol, (ps.replace("s", "a"), offset), source, target))
            data[(pos, p[0])] = (words, pointers)
    return index, tagged, data


def main(root, out):
    stem = snowballstemmer.stemmer("english").stemWord
    index, tagged, data = read(root)
    senses_of = collections.Counter()
    for (lemma, _), synsets in index.items():
        senses_of[lemma] += len(synsets)
    below = collections.Counter(o for _, ptrs in data.values() for s, o, _, _ in ptrs if s == "@")

    def words(synset, any_senses=False):
        return [
            w
            for w in data[synset][0]
            if WORD.fullmatch(w) and (any_senses or senses_of[w] <= POLYSEMOUS)
        ]

    def linked(synset, symbols):
        return [o for s, o, _, _ in data[synset][1] if s in symbols]

    def derived(synset, lemma):
        """The words derived from `lemma` in this sense ("death" from "die", not "go")."""
        words = data[synset][0]
        at = words.index(lemma) + 1 if lemma in words else -1
        return [
            data[o][0][target - 1]
            for s, o, source, target in data[synset][1]
            if s == "+" and source == at and WORD.fullmatch(data[o][0][target - 1])
        ]

    # Every lemma by its stem, and every word derived from a word in any sense: a kin word whose
    # stem is also another word's ("activate" and "active" are both "activ") stands for that
    # word too in an article, unless one is derived from the other.
    lemmas_of = collections.defaultdict(set)
    for lemma, _ in index:
        if WORD.fullmatch(lemma):
            lemmas_of[stem(lemma)].add(lemma)
    related = collections.defaultdict(set)
    for words_here, pointers in data.values():
        for s, o, source, target in pointers:
            if s == "+" and source and target:
                a, b = words_here[source - 1], data[o][0][target - 1]
                related[a].add(b)
                related[b].add(a)

    def shared(w, t):
        # A form of the word itself ("imprisoned", "expiring" as adjectives) is no other word.
        base = w[:-1] if w.endswith(("e", "y")) else w
        return any(not o.startswith(base) for o in lemmas_of[t] - {w} - related[w])

    lines = []
    for lemma, pos in sorted(tagged):
        phrasal = PHRASAL.fullmatch(lemma)
        key = f"{stem(phrasal[1])}_{phrasal[2]}" if phrasal else stem(lemma)
        senses = index[(lemma, pos)][:SENSES]
        opposite = {w for s in senses for o in linked(s, "!") for w in data[o][0]}
        kin = []
        for s in senses:
            # A phrasal verb's sense is narrow: its plain verb is the article's way of saying it
            # ("get together": "meet"), however many other senses that verb has.
            kin += words(s, any_senses=bool(phrasal))
        for s in senses:
            for o in linked(s, {"@", "~"}):
                kin += words(o)
            # A derived word keeps the sense it comes from, however many others it has.
            kin += derived(s, lemma)
        if pos == "v":
            for s in senses:
                for h in linked(s, {"@"}):
                    if below[h] <= NARROW:
                        for o in linked(h, {"~"}):
                            kin += words(o)
        stems = []
        for w in kin:
            t = stem(w)
            # A stem cut to three letters or fewer is many words' ("go" for "going").
            short = len(t) <= 3 and t != w
            if w not in opposite and not short and t != key and t not in stems and not shared(w, t):
                stems.append(t)
        if stems:
            lines.append((f"{pos}:{key}", stems[:CAP]))
    merged = collections.OrderedDict()
    for key, stems in lines:
        # Two lemmas of one stem ("operate", "operation" as nouns): one line, both lemmas' kin.
        have = merged.setdefault(key, [])
        have += [s for s in stems if s not in have]
    text = "".join(f"{key}\t{' '.join(stems[:CAP])}\n" for key, stems in merged.items())
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
