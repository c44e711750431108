"""Past one machine: the Dask and Spark recipes give the command line's
table. Skipped when Dask or PySpark is not installed, unless
FOLIO_REQUIRE_ENGINES is set (CI installs both)."""

import json
import os
import random

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import folio
from test_folio import CORPUS, ROOT, cli, texts_of


def need(module: str):
    try:
        return __import__(module, fromlist=["_"])
    except Exception as e:  # ImportError, or Java missing for pyspark
        if os.environ.get("FOLIO_REQUIRE_ENGINES"):
            raise
        pytest.skip(f"{module} is not installed: {e}")


def generated_corpus(root, n=3000):
    """`n` documents of sentences drawn from the shipped corpus, in two
    folders, deterministic."""
    rng = random.Random(7)
    sentences = []
    for r in texts_of("2024-03-04"):
        sentences.extend(s.strip() + "." for s in r["text"].split(". ") if len(s) > 20)
    for k in range(n):
        folder = root / ("a" if k % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 12)))
        (folder / f"doc-{k:05d}.txt").write_text(f"Story {k}\n\n{body}\n", encoding="utf-8")
    return root


def generated_releases(root, n=3000):
    """Two releases of `n` generated documents: most kept, some revised,
    renamed, removed and added, deterministic."""
    old = generated_corpus(root / "old", n)
    rng = random.Random(11)
    new = root / "new"
    for path in sorted(old.rglob("*.txt")):
        rel = path.relative_to(old)
        text = path.read_text(encoding="utf-8")
        roll = rng.random()
        if roll < 0.03:
            continue  # removed
        if roll < 0.06:
            rel = rel.with_name("renamed-" + rel.name)
        elif roll < 0.30:
            text = text.replace(" the ", " a ", 2) + "A sentence is added at the end.\n"
        (new / rel.parent).mkdir(parents=True, exist_ok=True)
        (new / rel).write_text(text, encoding="utf-8")
    for k in range(n // 30):
        (new / "a" / f"added-{k:04d}.txt").write_text(f"Added {k}\n\nA new note, number {k}, on the day.\n", encoding="utf-8")
    return old, new


def by_position(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(["release", "path", "doc_id"])


@pytest.fixture(scope="module")
def dask_client():
    need("dask.dataframe")
    distributed = need("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_stats_equal_the_cli(dask_client, tmp_path, monkeypatch):
    import folio.dask

    monkeypatch.chdir(ROOT)
    out = tmp_path / "stats.parquet"
    cli("stats", "corpus", "-q", "-o", str(out))
    expected = pl.read_parquet(out)
    ddf = folio.dask.stats("corpus", npartitions=3)
    assert ddf.npartitions == 3
    got = pl.from_pandas(ddf.compute())
    assert_frame_equal(by_position(got), by_position(expected))

    corpus = generated_corpus(tmp_path / "generated")
    out = tmp_path / "generated.parquet"
    cli("stats", str(corpus), "-q", "-o", str(out))
    expected = pl.read_parquet(out)
    assert expected.height == 3000
    got = pl.from_pandas(folio.dask.stats(str(corpus), npartitions=4).compute())
    assert_frame_equal(by_position(got), by_position(expected))


def test_dask_compare_equals_the_cli(dask_client, tmp_path, monkeypatch):
    import folio.dask

    monkeypatch.chdir(ROOT)
    keys = ["doc_id", "old_doc_id", "status"]
    releases = [
        ("corpus/2024-03-04", "corpus/2024-03-05"),
        generated_releases(tmp_path / "generated"),
    ]
    for old, new in releases:
        out = tmp_path / "cmp"
        cli("compare", str(old), str(new), "-q", "-o", str(out))
        expected = pl.read_parquet(out / "changes.parquet")
        expected_edits = pl.read_parquet(out / "edits.parquet")
        changes, edits = folio.dask.compare(old, new, npartitions=3, edits=True)
        assert changes.npartitions == 3
        got = pl.from_pandas(changes.compute())
        assert_frame_equal(got.sort(keys), expected.sort(keys))
        got_edits = pl.from_pandas(edits.compute())
        assert_frame_equal(got_edits.sort(expected_edits.columns), expected_edits.sort(expected_edits.columns))
        assert set(expected["status"]) >= {"modified", "renamed", "added", "removed", "unchanged"}
    assert expected.height > 3000
    only = pl.from_pandas(folio.dask.compare(old, new, npartitions=2).compute())
    assert_frame_equal(only.sort(keys), expected.sort(keys))


def test_dask_bag_of_records(dask_client):
    import dask.bag as db
    import folio.dask

    records = texts_of("2024-03-05")
    bag = db.from_sequence(records, npartitions=3)
    got = pl.from_pandas(folio.dask.stats_bag(bag).compute())
    expected = folio.stats_texts(
        [r["text"] for r in records],
        ids=[r["id"] for r in records],
        titles=[r["title"] for r in records],
        boilerplate="trailers",
    )
    assert_frame_equal(got.sort("doc_id"), expected.sort("doc_id"))


@pytest.fixture(scope="module")
def spark():
    need("pyspark")
    import sys

    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter (with folio and pyarrow).
    os.environ["PYSPARK_PYTHON"] = sys.executable

    try:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("folio-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
    except Exception as e:
        if os.environ.get("FOLIO_REQUIRE_ENGINES"):
            raise
        pytest.skip(f"no Spark session: {e}")
    yield session
    session.stop()


def test_spark_stats_equal_the_cli(spark, tmp_path):
    import folio.spark

    records = texts_of("2024-03-07")
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "stats.parquet"
    cli("stats", str(jsonl), "-q", "--boilerplate", "trailers", "-o", str(out))
    expected = pl.read_parquet(out)
    df = spark.read.json(str(jsonl)).repartition(2)
    result = folio.spark.stats(df)
    got = pl.from_arrow(result.toArrow()) if hasattr(result, "toArrow") else pl.from_pandas(result.toPandas())
    skip = ["bytes", "path", "release"]
    assert_frame_equal(got.drop(skip).sort("doc_id"), expected.drop(skip).sort("doc_id"))


def test_spark_stats_of_thousands_of_documents(spark, tmp_path):
    import folio.spark

    corpus = generated_corpus(tmp_path / "generated")
    records = [
        {"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(corpus.rglob("*.txt"))
    ]
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "stats.parquet"
    cli("stats", str(jsonl), "-q", "--boilerplate", "trailers", "-o", str(out))
    expected = pl.read_parquet(out)
    assert expected.height == 3000
    df = spark.read.json(str(jsonl)).repartition(4)
    result = folio.spark.stats(df)
    got = pl.from_arrow(result.toArrow()) if hasattr(result, "toArrow") else pl.from_pandas(result.toPandas())
    skip = ["bytes", "path", "release"]
    assert_frame_equal(got.drop(skip).sort("doc_id"), expected.drop(skip).sort("doc_id"))


def test_spark_diffs_two_crawls_joined_on_id(spark):
    import folio.spark

    old = {r["id"]: r["text"] for r in texts_of("2024-03-05")}
    new = {r["id"]: r["text"] for r in texts_of("2024-03-07")}
    pairs = [(i, old[i], new[i]) for i in sorted(old.keys() & new.keys())]
    joined = spark.createDataFrame(pairs, ["id", "old_text", "new_text"])
    ops = folio.spark.diff_pairs(joined)
    got = pl.from_pandas(ops.toPandas())
    i, o, n = next(p for p in pairs if p[0] == "storm-power-outages")
    expected = folio.diff(o, n)
    mine = got.filter(pl.col("doc_id") == i).drop("doc_id")
    assert mine["op"].to_list() == expected["op"].to_list()
    assert mine["words_added"].to_list() == expected["words_added"].to_list()


def test_the_readme_scaling_out_examples_run(dask_client, spark, tmp_path, monkeypatch):
    """The Dask and Spark examples of the README's "Scaling out" section run
    as they are, in a folder with the corpus and three small crawls."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Scaling out\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3, "the Dask, Dask compare and Spark examples"
    (tmp_path / "corpus").symlink_to(CORPUS, target_is_directory=True)
    for name, release in [("crawl", "2024-03-07"), ("crawl-1", "2024-03-05"), ("crawl-2", "2024-03-07")]:
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in texts_of(release)), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    # Spark's JVM started in another folder and resolves relative paths
    # there: its paths are made absolute, the rest runs as written.
    blocks = [
        re.sub(r'"((?:crawl[-0-9]*\.jsonl)|stats|edits)"', lambda m: repr(str(tmp_path / m[1])), b)
        if "pyspark" in b
        else b
        for b in blocks
    ]
    scope = {}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), scope)
    cli("stats", "corpus", "-q", "-o", str(tmp_path / "s.parquet"))
    assert len(scope["stats"]) == pl.read_parquet(tmp_path / "s.parquet").height
    assert set(scope["changes"].compute()["status"]) >= {"modified", "renamed"}
    assert pl.read_parquet(tmp_path / "stats" / "*.parquet").height == len(texts_of("2024-03-07"))
    assert pl.read_parquet(tmp_path / "edits" / "*.parquet").height > 0
    scope["client"].close()
    scope["client"].cluster.close()
