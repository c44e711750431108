"""The Python package against the command line: the same tables, on the
shipped corpus. The CLI is `FOLIO_BIN` (CI: target/debug/folio), run from
the repository root."""

import json
import multiprocessing
import os
import pickle
import subprocess
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import folio

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def cli_binary() -> str:
    env = os.environ.get("FOLIO_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "folio"
        if p.exists():
            return str(p)
    pytest.skip("no folio binary: build it, or set FOLIO_BIN")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cli_binary(), *args], cwd=ROOT, capture_output=True, text=True, check=True
    )


def test_stats_equals_the_cli(tmp_path, monkeypatch):
    out = tmp_path / "stats.parquet"
    cli("stats", "corpus", "-q", "-o", str(out))
    expected = pl.read_parquet(out)
    # Paths are written as given: relative here as there.
    monkeypatch.chdir(ROOT)
    got = folio.stats("corpus")
    assert got.height == expected.height > 40
    assert_frame_equal(got, expected)
    # Path objects and lists of paths, one thread or several: the same table.
    assert_frame_equal(folio.stats([Path("corpus")], jobs=1), expected)


def test_stats_options_follow_the_cli(tmp_path, monkeypatch):
    out = tmp_path / "stats.parquet"
    cli("stats", "corpus/2024-03-04", "-q", "--boilerplate", "none", "--mattr-window", "7", "-o", str(out))
    monkeypatch.chdir(ROOT)
    got = folio.stats("corpus/2024-03-04", boilerplate="none", mattr_window=7)
    assert_frame_equal(got, pl.read_parquet(out))


def texts_of(release: str):
    docs = sorted((CORPUS / release).rglob("*.txt"))
    records = []
    for p in docs:
        text = p.read_text(encoding="utf-8")
        title, _, body = text.partition("\n\n")
        records.append({"id": p.stem, "title": title.strip(), "text": body})
    return records


def test_stats_texts_equal_the_cli_on_the_same_records(tmp_path):
    records = texts_of("2024-03-05")
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "stats.parquet"
    cli("stats", str(jsonl), "-q", "-o", str(out))
    expected = pl.read_parquet(out)
    got = folio.stats_texts(
        [r["text"] for r in records],
        ids=[r["id"] for r in records],
        titles=[r["title"] for r in records],
    )
    # A record's size is its line of JSON there, the text here; its path
    # is the file there, empty here.
    skip = ["bytes", "path", "release"]
    assert_frame_equal(got.drop(skip), expected.drop(skip))


def test_diff_equals_the_cli(tmp_path):
    old = CORPUS / "2024-03-05/news/storm-power-outages.txt"
    new = CORPUS / "2024-03-07/news/storm-power-outages.txt"
    got = folio.diff_files(old, new)
    csv = cli("diff", str(old), str(new), "--format", "csv").stdout
    expected = pl.read_csv(csv.encode(), schema=got.schema)
    assert_frame_equal(got, expected, check_exact=False, rel_tol=1e-4)
    assert set(got["op"]) >= {"added", "deleted", "edited", "unchanged"}
    # Texts in memory give the operations of their files read whole.
    texts = folio.diff(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"))
    whole = cli("diff", str(old), str(new), "--format", "csv", "--boilerplate", "none").stdout
    expected = pl.read_csv(whole.encode(), schema=texts.schema)
    assert_frame_equal(texts, expected, check_exact=False, rel_tol=1e-4)
    assert folio.diff_files(old, new, boilerplate="none")["op"].to_list() == texts["op"].to_list()


def test_compare_equals_the_cli(tmp_path, monkeypatch):
    out = tmp_path / "cmp"
    cli("compare", "corpus/2024-03-04", "corpus/2024-03-05", "-q", "-o", str(out))
    # The same paths as the command line's: the tables' `path` columns
    # give the files as they were named.
    monkeypatch.chdir(ROOT)
    changes, edits = folio.compare(Path("corpus/2024-03-04"), Path("corpus/2024-03-05"), edits=True)
    assert_frame_equal(changes, pl.read_parquet(out / "changes.parquet"))
    assert_frame_equal(edits, pl.read_parquet(out / "edits.parquet"))
    assert set(changes["status"]) >= {"modified", "renamed", "added", "removed"}
    only = folio.compare(Path("corpus/2024-03-04"), Path("corpus/2024-03-05"))
    assert_frame_equal(only, changes)

    # Shards hold exactly the whole table's rows, renames included.
    parts = [
        folio.compare(Path("corpus/2024-03-04"), Path("corpus/2024-03-05"), shard=f"{k}/3", edits=True)
        for k in (1, 2, 3)
    ]
    assert all(0 < p[0].height < changes.height for p in parts)
    keys = ["doc_id", "old_doc_id", "status"]
    assert_frame_equal(pl.concat([p[0] for p in parts]).sort(keys), changes.sort(keys))
    assert_frame_equal(pl.concat([p[1] for p in parts]).sort(edits.columns), edits.sort(edits.columns))
    with pytest.raises(ValueError, match="a shard is K/N"):
        folio.compare(CORPUS / "2024-03-04", CORPUS / "2024-03-05", shard="4/3")


def test_sentences_and_terms_equal_the_cli(tmp_path):
    path = CORPUS / "2024-03-07/news/storm-power-outages.txt"
    csv = cli("sentences", str(path), "--format", "csv", "--boilerplate", "none").stdout
    got = folio.sentences(path.read_text(encoding="utf-8"), doc_id="storm-power-outages")
    expected = pl.read_csv(csv.encode(), schema=got.schema)
    # A text given as a string has no file: its path is empty.
    assert (got["path"] == "").all()
    assert_frame_equal(got.drop("path"), expected.drop("path"))
    assert any(t.startswith("Brig. Gen. (ret.) Margaret A. Hollis") for t in got["text"])

    out = tmp_path / "terms.parquet"
    cli("terms", "corpus", "-q", "-o", str(out))
    assert_frame_equal(folio.terms(CORPUS), pl.read_parquet(out))
    out = tmp_path / "bigrams.parquet"
    cli("terms", "corpus", "-q", "--ngram", "2", "--by", "release", "-o", str(out))
    assert_frame_equal(folio.terms(CORPUS, ngram=2, by="release"), pl.read_parquet(out))


def test_keyness_kwic_and_history_equal_the_cli(tmp_path, monkeypatch):
    out = tmp_path / "keyness.parquet"
    cli("keyness", "corpus/2024-03-07", "corpus/2024-03-04", "-q", "--min-count", "2", "-o", str(out))
    got = folio.keyness(CORPUS / "2024-03-07", CORPUS / "2024-03-04", min_count=2)
    assert_frame_equal(got, pl.read_parquet(out))

    csv = cli("kwic", "corpus", "power*", "--format", "csv", "--sort", "right").stdout
    monkeypatch.chdir(ROOT)
    got = folio.kwic("corpus", "power*", sort="right")
    assert got.height > 5
    assert_frame_equal(got, pl.read_csv(csv.encode(), schema=got.schema))
    assert folio.kwic("corpus", "zzyzx").height == 0

    out = tmp_path / "history"
    cli("history", "corpus", "-q", "-o", str(out))
    timeline, documents = folio.history("corpus")
    assert_frame_equal(timeline, pl.read_parquet(out / "timeline.parquet"))
    assert_frame_equal(documents, pl.read_parquet(out / "documents.parquet"))
    # storm-power-outages returns to its first text; high-school-track-record
    # comes back after a release without it with the text it left with: no
    # revert.
    assert timeline["revert"].sum() == 1


def test_errors_raise_with_the_cli_messages(tmp_path):
    with pytest.raises(OSError, match="nowhere: no documents found"):
        folio.stats(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="boilerplate"):
        folio.stats(CORPUS, boilerplate="sometimes")
    with pytest.raises(ValueError, match="ids: 1 given for 2 texts"):
        folio.stats_texts(["a", "b"], ids=["x"])
    with pytest.raises(ValueError, match="threshold"):
        folio.diff("a", "b", threshold=2)
    with pytest.raises(OSError, match="not a folder"):
        folio.compare(tmp_path / "a", tmp_path / "b")
    with pytest.raises(ValueError, match="no table named"):
        folio.schema("nothing")
    assert "| `reading_ease` |" in folio.schema("stats")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        folio.kwic(CORPUS, "(", regex=True)
    with pytest.raises(ValueError, match="no stopword list"):
        folio.keyness(CORPUS / "2024-03-07", CORPUS / "2024-03-04", stopwords="xx")
    with pytest.raises(OSError, match="not a folder of two or more releases"):
        folio.history(CORPUS / "2024-03-04")


def _partition(texts):
    return folio.stats_texts(texts, boilerplate="trailers")


def test_works_in_worker_processes():
    """Inputs and outputs pickle, and there is no global state: partitions
    computed in worker processes give the table computed at once."""
    texts = [r["text"] for r in texts_of("2024-03-04")]
    whole = folio.stats_texts(texts, boilerplate="trailers")
    parts = [texts[:7], texts[7:]]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        frames = pool.map(_partition, parts)
    got = pl.concat(frames).with_columns(pl.Series("doc_id", [str(i) for i in range(len(texts))]))
    assert_frame_equal(got, whole)
    assert_frame_equal(pickle.loads(pickle.dumps(whole)), whole)


def test_the_gil_is_released_while_rust_works():
    """Another Python thread runs while folio diffs: the GIL is released."""
    import threading
    import time

    old = " ".join(f"Sentence number {i} of the long text says something new." for i in range(20000))
    new = old.replace("something new", "something else entirely")
    done = threading.Event()
    started = time.perf_counter()
    worker = threading.Thread(target=lambda: (folio.diff(old, new), done.set()))
    worker.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    elapsed = time.perf_counter() - started
    # With the GIL held, this thread would not run until the diff ended.
    assert elapsed < 0.05 or ticks >= 10, (elapsed, ticks)
