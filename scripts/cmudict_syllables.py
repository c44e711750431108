#!/usr/bin/env python3
"""Derive folio's English syllable table from the CMU Pronouncing Dictionary.

Usage: scripts/cmudict_syllables.py PATH/TO/cmudict.dict > src/data/cmudict-syllables.txt

The syllable count of a word is the number of vowel phonemes (phonemes that
carry a stress digit 0, 1 or 2) in its first listed pronunciation. The output
has one line a word, `word N`, lowercase, sorted by code point (= UTF-8 byte
order), so that folio can binary-search it in place without building a map,
and so that the table diffs cleanly when the dictionary is updated.
"""
import sys
counts = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        if "(" in word:  # an alternative pronunciation: keep the first one
            continue
        word = word.lower()
        if word in counts:
            continue
        n = sum(1 for p in phones if p[-1].isdigit())
        if n > 0:
            counts[word] = n

for w in sorted(counts):
    print(f"{w} {counts[w]}")
