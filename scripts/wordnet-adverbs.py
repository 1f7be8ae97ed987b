#!/usr/bin/env python3
"""Makes assets/wordnet/adverbs.txt.gz: single words WordNet knows only as adverbs.

A question's adverb ("already known", "roughly how many", "currently serving") qualifies what it
asks; the sentence that answers it often leaves the adverb out ("was known to police"). WordNet 3.0
(Princeton; the licence in assets/wordnet/LICENSE) lists each word under the parts of speech it
has: this keeps the single, lower-case words of index.adv that are in none of index.noun,
index.verb and index.adj ("already", "roughly", "reportedly"; not "still", "first" or "even",
which are other words too). One word per line.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-adverbs.py /usr/share/wordnet assets/wordnet/adverbs.txt.gz
"""
import gzip
import re
import sys

WORD = re.compile(r"[a-z]+")


def lemmas(path):
    out = set()
    for line in open(path, encoding="latin1"):
        if line.startswith(" "):
            continue
        out.add(line.split()[0])
    return out


def main(root, out):
    adverbs = lemmas(f"{root}/index.adv")
    others = set()
    for pos in ("noun", "verb", "adj"):
        others |= lemmas(f"{root}/index.{pos}")
    kept = sorted(w for w in adverbs if WORD.fullmatch(w) and w not in others)
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        f.write("".join(f"{w}\n" for w in kept).encode())
    print(f"{len(kept)} adverbs", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
