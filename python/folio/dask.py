"""folio on a Dask cluster: the stats table of a corpus computed in parts,
one part a task, and returned as a ``dask.dataframe``.

    >>> from dask.distributed import Client, LocalCluster
    >>> import folio.dask
    >>> client = Client(LocalCluster(n_workers=2, processes=True))
    >>> ddf = folio.dask.stats("corpus", npartitions=4)
    >>> ddf.compute()          # the rows of ``folio stats corpus``, in parts

Each partition is ``folio.stats(paths, shard="K/N")``: the documents whose
id hashes to shard K, with boilerplate found over the whole corpus, so the
parts hold exactly the rows of ``folio stats`` (in another order: sort by
``release`` and ``path`` to compare). Every worker needs the files at the
same paths (a shared file system, or one machine), and each reads every
file once more for boilerplate detection; the statistics, the expensive
part, are split. For texts already in a ``dask.bag``, see ``stats_bag``.

``compare(old, new)`` does the same for two releases: each partition is
``folio.compare(old, new, shard="K/N")``, the rows of the pairs whose old
id (an added document's new id) hashes to shard K. Every partition reads
both releases (renames are found across shards, so the parts hold exactly
the rows of ``folio compare``'s ``changes.csv``); the statistics and diffs
of the changed documents, the expensive part, are split.
"""

from __future__ import annotations

from typing import Iterable, Optional, Union

import os
import tempfile

import dask
import dask.bag as db
import dask.dataframe as dd

import folio


def _pandas(frame):
    return frame.to_pandas(use_pyarrow_extension_array=True)


def _stats_part(paths, shard: str, options: dict):
    return _pandas(folio.stats(paths, shard=shard, **options))


def stats(
    paths: Union[str, "folio.PathLike", Iterable["folio.PathLike"]],
    *,
    npartitions: int = 8,
    **options,
) -> dd.DataFrame:
    """The stats table of files and folders as a Dask DataFrame of
    ``npartitions`` parts (``folio.stats``'s options by keyword)."""
    if npartitions < 1:
        raise ValueError("npartitions: must be at least 1")
    paths = folio._paths(paths)
    parts = [
        dask.delayed(_stats_part)(paths, f"{k}/{npartitions}", options)
        for k in range(1, npartitions + 1)
    ]
    if options.get("keep_fields"):
        # Kept fields' columns and types depend on the data: the first
        # part tells them.
        meta = _stats_part(paths, f"1/{npartitions}", options).iloc[:0]
    else:
        meta = _pandas(folio.stats_texts([]))
    return dd.from_delayed(parts, meta=meta, verify_meta=False)


def _texts_part(records, id_key: str, text_key: str, title_key: Optional[str], options: dict):
    records = list(records)
    frame = folio.stats_texts(
        [r[text_key] for r in records],
        ids=[str(r[id_key]) for r in records],
        titles=None if title_key is None else [r.get(title_key) for r in records],
        **options,
    )
    return _pandas(frame)


def stats_bag(
    bag: db.Bag,
    *,
    id_key: str = "id",
    text_key: str = "text",
    title_key: Optional[str] = "title",
    boilerplate: str = "trailers",
    **options,
) -> dd.DataFrame:
    """The stats table of a ``dask.bag`` of records (dicts with an id, a
    text and maybe a title), one partition at a time with
    ``folio.stats_texts``. ``boilerplate`` defaults to ``"trailers"``:
    repeated-line detection (``"auto"``) would see one partition only."""
    options = dict(options, boilerplate=boilerplate)
    parts = [
        dask.delayed(_texts_part)(part, id_key, text_key, title_key, options)
        for part in bag.to_delayed()
    ]
    return dd.from_delayed(parts, verify_meta=False)


def _compare_part(old, new, shard: str, edits: bool, options: dict):
    result = folio.compare(old, new, shard=shard, edits=edits, **options)
    if edits:
        return _pandas(result[0]), _pandas(result[1])
    return _pandas(result)


def _compare_meta(edits: bool, options: dict):
    # Two empty releases give the tables' columns and types.
    with tempfile.TemporaryDirectory() as root:
        old, new = os.path.join(root, "old"), os.path.join(root, "new")
        os.mkdir(old)
        os.mkdir(new)
        result = folio.compare(old, new, edits=edits, **options)
    if edits:
        return _pandas(result[0]), _pandas(result[1])
    return _pandas(result)


def compare(
    old: "folio.PathLike",
    new: "folio.PathLike",
    *,
    npartitions: int = 8,
    edits: bool = False,
    **options,
):
    """The changes table of two releases (folders) as a Dask DataFrame of
    ``npartitions`` parts, with ``folio.compare``'s options by keyword;
    with ``edits=True``, a pair ``(changes, edits)`` of Dask DataFrames."""
    if npartitions < 1:
        raise ValueError("npartitions: must be at least 1")
    old, new = os.fspath(old), os.fspath(new)
    if options.get("keep_fields"):
        meta = _compare_part(old, new, f"1/{npartitions}", edits, options)
        meta = tuple(m.iloc[:0] for m in meta) if edits else meta.iloc[:0]
    else:
        meta = _compare_meta(edits, options)
    parts = [
        dask.delayed(_compare_part, nout=2 if edits else 1)(old, new, f"{k}/{npartitions}", edits, options)
        for k in range(1, npartitions + 1)
    ]
    if not edits:
        return dd.from_delayed(parts, meta=meta, verify_meta=False)
    changes = dd.from_delayed([p[0] for p in parts], meta=meta[0], verify_meta=False)
    edit_rows = dd.from_delayed([p[1] for p in parts], meta=meta[1], verify_meta=False)
    return changes, edit_rows
