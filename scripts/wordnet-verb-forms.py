#!/usr/bin/env python3
"""Makes assets/wordnet/verb-forms.tsv.gz, the irregular forms of English verbs for /ask.

A reader asks "Who led the delegation?" or "What did she win?" and the article writes "is led
by" or "won": the English stemmer does not bring irregular forms together. WordNet 3.0's
exception list for verbs (`verb.exc`, the WordNet 3.0 licence in assets/wordnet/LICENSE) gives
each irregular form with its base ("led lead", "won win"). This keeps its single-word entries,
one `form<TAB>base` per line.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-verb-forms.py /usr/share/wordnet assets/wordnet/verb-forms.tsv.gz
"""
import gzip
import re
import sys

WORD = re.compile(r"[a-z]+")


def main(root, out):
    lines = []
    for line in open(f"{root}/verb.exc", encoding="latin1"):
        parts = line.split()
        if len(parts) < 2 or not WORD.fullmatch(parts[0]):
            continue
        for base in parts[1:]:
            if WORD.fullmatch(base) and base != parts[0]:
                lines.append(f"{parts[0]}\t{base}\n")
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress("".join(sorted(set(lines))).encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
