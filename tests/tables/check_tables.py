"""Opens every Parquet table of a folio report with pyarrow, DuckDB, polars
and pandas, and checks the column types readers see.

Usage: python check_tables.py REPORT_DIR
Run by tests/cli/report.rs (`every_report_table_opens_in_notebook_tools`)
with the Python named by FOLIO_TEST_PYTHON.
"""
import glob
import os
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

report = sys.argv[1]
files = sorted(glob.glob(os.path.join(report, "**", "*.parquet"), recursive=True))
assert files, f"no Parquet tables in {report}"

# Columns whose types every table that has them must give.
expected = {
    "doc_id": pa.string(),
    "words": pa.int64(),
    "words_added": pa.int64(),
    "words_deleted": pa.int64(),
    "words_delta": pa.int64(),
    "count": pa.int64(),
    "similarity": pa.float64(),
    "nonsignificant": pa.bool_(),
    "coarse": pa.bool_(),
    "revert": pa.bool_(),
}
problems = []
for path in files:
    name = os.path.relpath(path, report)
    csv = path[: -len(".parquet")] + ".csv"
    if not os.path.exists(csv):
        problems.append(f"{name}: no CSV beside it")
    table = pq.read_table(path)
    for field in table.schema:
        t = field.type
        if pa.types.is_unsigned_integer(t):
            problems.append(f"{name}: {field.name} is {t} (counts are int64)")
        if t in (pa.string_view(), pa.large_string()):
            problems.append(f"{name}: {field.name} is {t} (text is plain string)")
        want = expected.get(field.name)
        if want is not None and t != want:
            problems.append(f"{name}: {field.name} is {t}, not {want}")
    # The other readers take the file as it is, with the same row count.
    rows = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
    if rows != table.num_rows:
        problems.append(f"{name}: DuckDB reads {rows} rows, pyarrow {table.num_rows}")
    if pl.read_parquet(path).height != table.num_rows:
        problems.append(f"{name}: polars reads another row count")
    if len(pd.read_parquet(path)) != table.num_rows:
        problems.append(f"{name}: pandas reads another row count")
    # A subtraction of counts is negative where it should be.
    if "old_words" in table.column_names and "new_words" in table.column_names:
        df = pl.read_parquet(path)
        diff = df.select((pl.col("new_words") - pl.col("old_words")).alias("d"))["d"]
        if diff.drop_nulls().max() is not None and diff.drop_nulls().max() > 10**15:
            problems.append(f"{name}: new_words - old_words wraps around")

# Tables of every step stack into one.
for stem in ("changes", "edits"):
    parts = sorted(glob.glob(os.path.join(report, "compare", "*", f"{stem}.parquet")))
    if parts:
        stacked = pl.concat([pl.read_parquet(p) for p in parts])
        print(f"{stem}: {len(parts)} steps stacked, {stacked.height} rows")

if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"{len(files)} tables checked")
