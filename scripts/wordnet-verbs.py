#!/usr/bin/env python3
"""Makes assets/wordnet/verbs.txt.gz, the English verbs WordNet lists, for /ask.

A question's verb is read from where it stands ("When did the Vorna ferry *sail* …?"), but a
terse question ("vorna population?") has a noun there: a word that is no form of any verb is no
verb. WordNet 3.0 (`index.verb`, the WordNet 3.0 licence in assets/wordnet/LICENSE) lists every
verb; this keeps its single-word lemmas, one per line. Their irregular forms are in
verb-forms.tsv.gz, and the regular ones are reached by WordNet's detachment rules.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-verbs.py /usr/share/wordnet assets/wordnet/verbs.txt.gz
"""
import gzip
import re
import sys

WORD = re.compile(r"[a-z]+")


def main(root, out):
    verbs = set()
    for line in open(f"{root}/index.verb", encoding="latin1"):
        if line.startswith(" "):
            continue
        lemma = line.split()[0]
        if WORD.fullmatch(lemma):
            verbs.add(lemma)
    text = "".join(f"{v}\n" for v in sorted(verbs)).encode("utf-8")
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{len(verbs)} verbs", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
