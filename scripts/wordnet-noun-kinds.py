#!/usr/bin/env python3
"""Makes assets/wordnet/noun-kinds.tsv.gz: what kind of thing a noun names in its first sense.

"Which congressman …?" asks for a person as much as "Who …?"; "What dessert …?" for a thing a
sentence that answers it names as a dessert, or as some dessert. WordNet 3.0 (Princeton; the
WordNet 3.0 licence in assets/wordnet/LICENSE) files every noun sense under a lexicographer file
(see WordNet's lexnames(5WN) for the numbers). This keeps each single-word noun whose first sense,
the most frequent one, is filed as

  * a person (noun.person): "governor", "meteorologist", "Russian" -> `person`;
  * a concrete thing (noun.artifact, food, animal, plant, substance, object): "boat", "dessert"
    -> `thing`;
  * one of WordNet's top kinds (noun.Tops, its unique beginners): "person", "group", "event",
    "location" -> `kind`. Such a noun in a question ("Who was the only person …?") says what kind
    of answer is asked for, not a word the answering sentence writes;

  * a body of people (noun.group): "university", "company", "party" -> `body`. A sentence
    often names one without the noun ("handed over to Moscow State University"), but it names it;

and the irregular plurals WordNet lists for them. Proper names (instances: "Putin") are no kind.
Nouns of measures, acts, ideas, places and times ("share", "level", "town", "year") are left out.
One noun per line, a tab, its kind.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-noun-kinds.py /usr/share/wordnet assets/wordnet/noun-kinds.tsv.gz
"""
import gzip
import re
import sys

# WordNet's lexicographer file numbers (lexnames(5WN)).
PERSON = {18}
THING = {5, 6, 13, 17, 20, 27}  # animal, artifact, food, object, plant, substance
TOPS = {3}
BODY = {14}  # noun.group
WORD = re.compile(r"[a-z]+")


def main(root, out):
    first = {}
    for line in open(f"{root}/index.noun", encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split()
        pointers = int(p[3])
        first[p[0]] = p[4 + pointers + 2]
    lexfile, instance = {}, set()
    for line in open(f"{root}/data.noun", encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split("|")[0].split()
        lexfile[p[0]] = int(p[1])
        # "@i": an instance of its hypernym, a proper name ("Putin", "Lincoln"), not a kind.
        if "@i" in p:
            instance.add(p[0])
    kinds = {}
    for w, o in first.items():
        if WORD.fullmatch(w) and o not in instance:
            if lexfile[o] in PERSON:
                kinds[w] = "person"
            elif lexfile[o] in THING:
                kinds[w] = "thing"
            elif lexfile[o] in TOPS:
                kinds[w] = "kind"
            elif lexfile[o] in BODY:
                kinds[w] = "body"
    for line in open(f"{root}/noun.exc", encoding="latin1"):
        plural, *bases = line.split()
        base = next((b for b in bases if b in kinds), None)
        if WORD.fullmatch(plural) and base:
            kinds.setdefault(plural, kinds[base])
    text = "".join(f"{w}\t{k}\n" for w, k in sorted(kinds.items())).encode("utf-8")
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{len(kinds)} nouns", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
