#!/usr/bin/env python3
"""Makes assets/wordnet/common-words.txt.gz: single words WordNet knows as common words.

A question typed all in lower case ("when was jonas brekke fined?") loses the capitals that
mark its names. A word the articles' register or gazetteer knows as a name is read as one again
only when it is no common word: "brekke" is a name, "price" or "young" (surnames too) stay words.
WordNet 3.0 (Princeton; the licence in assets/wordnet/LICENSE) lists every adjective, adverb, verb
and noun; this keeps each single lower-case lemma that is an adjective, adverb or verb, or a noun
with at least one sense that is not an instance (a proper name: "Texas", "Putin"). One per line.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-common-words.py /usr/share/wordnet assets/wordnet/common-words.txt.gz
"""
import gzip
import re
import sys

WORD = re.compile(r"[a-z]+")


def index(path):
    """Each lemma of an index file with its synset offsets."""
    out = {}
    for line in open(path, encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split()
        synsets = int(p[2])
        out[p[0]] = p[-synsets:]
    return out


def main(root, out):
    words = set()
    for pos in ("adj", "adv", "verb"):
        words |= {w for w in index(f"{root}/index.{pos}") if WORD.fullmatch(w)}
    instance = set()
    for line in open(f"{root}/data.noun", encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split("|")[0].split()
        if "@i" in p:
            instance.add(p[0])
    for w, offsets in index(f"{root}/index.noun").items():
        if WORD.fullmatch(w) and any(o not in instance for o in offsets):
            words.add(w)
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress("".join(f"{w}\n" for w in sorted(words)).encode(), 9, mtime=0))
    print(f"{len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
