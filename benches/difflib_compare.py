#!/usr/bin/env python3
"""The peer for `folio compare` timings: Python's difflib on every document
pair of two release folders (matched by relative path), word by word —
what an analyst would write by hand. Prints one CSV row per pair.

Usage: benches/difflib_compare.py OLD_DIR NEW_DIR [--chars]

With --chars, SequenceMatcher runs on the raw texts, character by character
(`SequenceMatcher(None, old_text, new_text)`), as a quick script often does.
"""
import difflib
import os
import sys


def files(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n.endswith((".txt", ".md")):
                p = os.path.join(dirpath, n)
                out[os.path.relpath(p, root)] = p
    return out


old, new = files(sys.argv[1]), files(sys.argv[2])
chars = "--chars" in sys.argv[3:]
print("doc,status,ratio,words_added,words_deleted")
for rel in sorted(set(old) | set(new)):
    if rel not in new:
        print(f"{rel},removed,,,")
        continue
    if rel not in old:
        print(f"{rel},added,,,")
        continue
    a = open(old[rel], encoding="utf-8").read()
    b = open(new[rel], encoding="utf-8").read()
    if not chars:
        a, b = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    added = deleted = 0
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            deleted += i2 - i1
            added += j2 - j1
    status = "unchanged" if a == b else "modified"
    print(f"{rel},{status},{sm.ratio():.4f},{added},{deleted}")
