#!/usr/bin/env python3
"""Makes assets/wordnet/measures.txt.gz: the nouns that are units a quantity is counted in.

"How much LNG …?" asks for an amount of a substance, which news writes as a number of units
("16.5 million metric tons"), not only of money. WordNet 3.0 (Princeton; the WordNet 3.0 licence
in assets/wordnet/LICENSE) puts such units under "unit of measurement" (ton, litre, hectare,
megawatt) and the measures of a container's fill under "containerful" (barrel, cup). This keeps
each single-word noun with a sense under either and not also under "monetary unit" (dollars are
money, which `/ask` tells apart) or "time unit" (hours are a span), unless its most frequent
sense is money or time ("minute", whose other sense is an angle), with the irregular plurals
WordNet lists for them. Stop words ("are", a unit of area) are left for the reader to skip. One
noun per line.

Run with Debian's wordnet-base:
    apt-get install wordnet-base
    python3 scripts/wordnet-measures.py /usr/share/wordnet assets/wordnet/measures.txt.gz
"""
import gzip
import re
import sys

WORD = re.compile(r"[a-z]+")


def main(root, out):
    senses, first = {}, {}
    for line in open(f"{root}/index.noun", encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split()
        pointers = int(p[3])
        offsets = p[4 + pointers + 2 :]
        senses[p[0]] = offsets
        first[p[0]] = offsets[0]
    hypernyms = {}
    for line in open(f"{root}/data.noun", encoding="latin1"):
        if line.startswith(" "):
            continue
        p = line.split("|")[0].split()
        i = 4 + 2 * int(p[3], 16)
        count = int(p[i])
        i += 1
        ups = []
        for _ in range(count):
            symbol, offset, pos, _ = p[i : i + 4]
            i += 4
            if symbol in ("@", "@i") and pos == "n":
                ups.append(offset)
        hypernyms[p[0]] = ups

    def above(offset):
        seen, todo = set(), [offset]
        while todo:
            for h in hypernyms.get(todo.pop(), []):
                if h not in seen:
                    seen.add(h)
                    todo.append(h)
        return seen

    units = {first["unit_of_measurement"], first["containerful"]}
    # Money is told apart by `/ask`; a time is a span or a date, not a quantity of a thing.
    apart = {first["monetary_unit"], first["time_unit"]}
    measures = set()
    for w, offsets in senses.items():
        # A word whose most frequent sense is money or time ("minute") is that, whatever else.
        if not WORD.fullmatch(w) or (above(offsets[0]) | {offsets[0]}) & apart:
            continue
        for o in offsets:
            a = above(o) | {o}
            if a & units and not a & apart:
                measures.add(w)
                break
    for line in open(f"{root}/noun.exc", encoding="latin1"):
        plural, *bases = line.split()
        if WORD.fullmatch(plural) and any(b in measures for b in bases):
            measures.add(plural)
    text = "".join(f"{w}\n" for w in sorted(measures)).encode("utf-8")
    with open(out, "wb") as f:
        # mtime 0: the same WordNet gives the same bytes.
        f.write(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{len(measures)} measures", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
