"""folio on Spark: the stats table of a Spark DataFrame of texts, computed
where the rows are, with ``mapInArrow``.

    >>> from pyspark.sql import SparkSession
    >>> import folio.spark
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()
    >>> texts = spark.read.json("crawl.jsonl")            # id, title, text
    >>> stats = folio.spark.stats(texts)                  # folio's stats table
    >>> stats.write.parquet("stats")

Each partition's rows go through ``folio.stats_texts`` as Arrow batches and
come back as Arrow batches with folio's stats schema (counts ``long``,
ratios ``double``, text ``string``). ``boilerplate`` defaults to
``"trailers"``: repeated-line detection (``"auto"``) would see one
partition only.

Diffing two crawls joined on id: join them, then map each pair with
``folio.diff`` (see ``diff_pairs``).
"""

from __future__ import annotations

from typing import Iterator, Optional

import pyarrow as pa
import polars as pl

import folio


def _plain(schema: pa.Schema) -> pa.Schema:
    """Large and view string types as plain ``string`` (what Spark maps)."""
    fields = []
    for f in schema:
        t = f.type
        if pa.types.is_large_string(t) or str(t) == "string_view":
            t = pa.string()
        fields.append(pa.field(f.name, t, nullable=True))
    return pa.schema(fields)


def stats_schema() -> pa.Schema:
    """folio's stats table as an Arrow schema (without kept fields)."""
    return _plain(folio.stats_texts(["x"]).to_arrow().schema)


def stats(
    df,
    *,
    id_col: str = "id",
    text_col: str = "text",
    title_col: Optional[str] = "title",
    boilerplate: str = "trailers",
    **options,
):
    """The stats table of a Spark DataFrame with an id, a text and maybe a
    title column, as a Spark DataFrame with folio's stats schema."""
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = stats_schema()
    title_col = title_col if title_col in df.columns else None
    columns = [id_col, text_col] + ([title_col] if title_col else [])

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            data = batch.to_pydict()
            frame = folio.stats_texts(
                ["" if t is None else t for t in data[text_col]],
                ids=[str(i) for i in data[id_col]],
                titles=data[title_col] if title_col else None,
                boilerplate=boilerplate,
                **options,
            )
            table = frame.to_arrow().cast(schema)
            yield from table.to_batches()

    return df.select(*columns).mapInArrow(run, from_arrow_schema(schema))


def diff_pairs(
    joined,
    *,
    id_col: str = "id",
    old_col: str = "old_text",
    new_col: str = "new_text",
    **options,
):
    """The ops table (``folio diff``) of every pair of a Spark DataFrame
    with an id and an old and a new text (two crawls joined on id), with
    the id as the table's first column ``doc_id``."""
    from pyspark.sql.pandas.types import from_arrow_schema

    sample = folio.diff("x", "y").to_arrow()
    schema = _plain(pa.schema([pa.field("doc_id", pa.string())] + list(sample.schema)))

    def run(batches):
        for batch in batches:
            data = batch.to_pydict()
            frames = []
            for i, old, new in zip(data[id_col], data[old_col], data[new_col]):
                ops = folio.diff(old or "", new or "", **options)
                frames.append(ops.insert_column(0, pl.Series("doc_id", [str(i)] * ops.height)))
            if frames:
                yield from pl.concat(frames).to_arrow().cast(schema).to_batches()

    return joined.select(id_col, old_col, new_col).mapInArrow(run, from_arrow_schema(schema))
