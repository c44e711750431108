#!/usr/bin/env python3
"""A generated series of releases for `folio history` at scale.

    python3 benches/make-series.py DIR [DOCUMENTS] [RELEASES]

writes DIR/r001 … DIR/rNNN (default 10,000 documents × 50 releases). Each
document is 8–20 sentences (about 1.5 KB) drawn from a fixed vocabulary;
from one release to the next 5% of documents are revised (a sentence
rewritten, one added), 0.5% removed and as many added. Fixed seed: every
machine gets the same series. The releases hold hard links to the files
that did not change, as a crawl archive would store them."""

import os
import random
import sys

out = sys.argv[1]
n_docs = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
n_releases = int(sys.argv[3]) if len(sys.argv) > 3 else 50
rng = random.Random(2026)
vocab = [
    "".join(rng.choice("etaoinshrdlucmfwypvbgk") for _ in range(rng.randint(2, 10)))
    for _ in range(20_000)
]
function_words = "the of and to in a is that for it as was with be by on not he this are or".split()


def sentence():
    words = [rng.choice(vocab) if rng.random() < 0.55 else rng.choice(function_words) for _ in range(rng.randint(6, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def document(k):
    body = [sentence() for _ in range(rng.randint(8, 20))]
    return f"Story {k}", body


def text(doc):
    title, body = doc
    paras = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


docs = {k: document(k) for k in range(n_docs)}
next_id = n_docs
prev_dir = None
for r in range(1, n_releases + 1):
    rdir = os.path.join(out, f"r{r:03d}")
    os.makedirs(rdir, exist_ok=True)
    changed = set()
    if r > 1:
        ids = sorted(docs)
        for k in rng.sample(ids, len(ids) // 20):
            title, body = docs[k]
            body = list(body)
            body[rng.randrange(len(body))] = sentence()
            body.insert(rng.randrange(len(body) + 1), sentence())
            docs[k] = (title, body)
            changed.add(k)
        for k in rng.sample(ids, len(ids) // 200):
            del docs[k]
            changed.discard(k)
        for _ in range(len(ids) // 200):
            docs[next_id] = document(next_id)
            changed.add(next_id)
            next_id += 1
    for k, doc in docs.items():
        path = os.path.join(rdir, f"doc-{k:06d}.txt")
        if prev_dir and k not in changed:
            os.link(os.path.join(prev_dir, f"doc-{k:06d}.txt"), path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text(doc))
    prev_dir = rdir
print(f"{out}: {n_releases} releases of about {n_docs} documents")
