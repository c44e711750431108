#!/usr/bin/env python3
"""Derive folio's English syllable table from the CMU Pronouncing Dictionary.

Usage: scripts/cmudict_syllables.py PATH/TO/cmudict.dict > src/data/cmudict-syllables.txt

The syllable count of a word is the number of vowel phonemes (phonemes that
carry a stress digit 0, 1 or 2) in its first listed pronunciation. The output
groups words by syllable count: a header line `#N`, then one lowercase word a
line, sorted, so the table diffs cleanly when the dictionary is updated.
"""
import sys
from collections import defaultdict

groups = defaultdict(list)
seen = set()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        if "(" in word:  # an alternative pronunciation: keep the first one
            continue
        word = word.lower()
        if word in seen:
            continue
        seen.add(word)
        n = sum(1 for p in phones if p[-1].isdigit())
        if n > 0:
            groups[n].append(word)

for n in sorted(groups):
    print(f"#{n}")
    for w in sorted(groups[n]):
        print(w)
