"""folio for Python: corpus statistics and revision diffs of text documents.

Every function runs folio's Rust core (in parallel, with the GIL released)
and returns a polars DataFrame with the same columns, types and values as
the table the `folio` command writes; ``folio.schema(name)`` gives a
table's data dictionary. Options have the command line's names and
defaults. Bad input raises ``OSError`` (files) or ``ValueError`` (options)
with the command line's one-line messages.

    >>> import folio
    >>> df = folio.stats("corpus")                       # files and folders
    >>> df = folio.stats_texts(["One text.", "Another one."])
    >>> ops = folio.diff("The old text.", "The new text.")

Functions take and return only plain values, so they work unchanged in
worker processes (multiprocessing, Dask, Spark): there is no global state.
"""

from __future__ import annotations

import os
from typing import Iterable, Optional, Sequence, Union

import polars as pl

from . import _folio

__version__ = _folio.__version__

__all__ = [
    "stats",
    "stats_texts",
    "diff",
    "diff_files",
    "compare",
    "sentences",
    "terms",
    "keyness",
    "kwic",
    "history",
    "schema",
]

PathLike = Union[str, "os.PathLike[str]"]

#: ``--max-doc-bytes``'s default: 64 MiB.
MAX_DOC_BYTES = 64 << 20


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    out = [os.fspath(p) for p in paths]
    if not out:
        raise ValueError("paths: no file or folder given")
    return out


def _fields(keep_fields: Union[None, str, Sequence[str]]) -> Optional[list]:
    if keep_fields is None:
        return None
    if isinstance(keep_fields, str):
        return [f for f in keep_fields.split(",")]
    return list(keep_fields)


def stats(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
    keep_fields: Union[None, str, Sequence[str]] = None,
    id_field: str = "id",
    title_field: str = "title",
    text_field: str = "text",
    release_field: Optional[str] = None,
    mattr_window: int = 100,
    max_doc_bytes: int = MAX_DOC_BYTES,
    layout: str = "auto",
    shard: Optional[str] = None,
) -> pl.DataFrame:
    """The stats table of files and folders, as ``folio stats PATH...``.

    ``paths``: a file or folder, or a list of them (text, Markdown, HTML,
    JSON lines, CSV, Parquet). ``boilerplate``: ``"auto"``, ``"trailers"``
    or ``"none"``. ``jobs``: worker threads (default: one per core).
    ``keep_fields``: record fields carried into the table (a list, a
    comma-separated string, or ``"all"``). ``layout``: ``"auto"``,
    ``"releases"`` or ``"flat"``. ``shard``: ``"K/N"`` for only the
    documents of shard K of N (``--shard``; see ``folio.dask``). One row
    per document, as the CLI's ``stats.csv``.
    """
    return _folio.stats(
        _paths(paths),
        boilerplate,
        jobs,
        _fields(keep_fields),
        id_field,
        title_field,
        text_field,
        release_field,
        mattr_window,
        max_doc_bytes,
        layout,
        shard,
    )


def stats_texts(
    texts: Sequence[str],
    ids: Optional[Sequence[str]] = None,
    titles: Optional[Sequence[Optional[str]]] = None,
    *,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
    mattr_window: int = 100,
) -> pl.DataFrame:
    """The stats table of texts held in memory (one partition of an engine).

    Each text is read as a record of a JSON-lines file is: ``ids`` default
    to ``"0"``, ``"1"``, …; a title (when given) is the text's first line.
    With ``boilerplate="auto"``, lines repeated across the texts (site
    chrome) are removed as from a release of files. The values equal those
    of ``folio stats`` on a JSON-lines file of the same records (but
    ``bytes``, the size of each text, and ``path``, empty).
    """
    texts = list(texts)
    return _folio.stats_texts(
        texts,
        None if ids is None else [str(i) for i in ids],
        None if titles is None else list(titles),
        boilerplate,
        jobs,
        mattr_window,
    )


def diff(
    old_text: str,
    new_text: str,
    *,
    ignore_case: bool = False,
    ignore_punctuation: bool = False,
    normalize_quotes: bool = True,
    threshold: float = 0.5,
) -> pl.DataFrame:
    """The ops table of two versions of a text, as ``folio diff --format csv``:
    one row per sentence added, deleted, edited, moved, split, merged or
    unchanged, with its word-level changes. Quote, dash and no-break space
    styles are no changes unless ``normalize_quotes=False`` (``--exact-quotes``)."""
    return _folio.diff(
        old_text, new_text, ignore_case, ignore_punctuation, normalize_quotes, threshold
    )


def diff_files(
    old: PathLike,
    new: PathLike,
    *,
    boilerplate: str = "trailers",
    ignore_case: bool = False,
    ignore_punctuation: bool = False,
    normalize_quotes: bool = True,
    threshold: float = 0.5,
) -> pl.DataFrame:
    """The ops table of two files, as ``folio diff OLD NEW --format csv``
    (``boilerplate``: ``"trailers"`` or ``"none"``)."""
    return _folio.diff_files(
        os.fspath(old),
        os.fspath(new),
        boilerplate,
        ignore_case,
        ignore_punctuation,
        normalize_quotes,
        threshold,
    )


def compare(
    old: PathLike,
    new: PathLike,
    *,
    edits: bool = False,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
    min_change: float = 0.0,
    rename_threshold: float = 0.5,
    threshold: float = 0.5,
    keep_fields: Union[None, str, Sequence[str]] = None,
    id_field: str = "id",
    title_field: str = "title",
    text_field: str = "text",
    max_doc_bytes: int = MAX_DOC_BYTES,
    shard: Optional[str] = None,
):
    """The changes table of two releases (folders), as ``folio compare OLD
    NEW`` writes ``changes.csv``: every document unchanged, modified,
    added, removed or renamed. With ``edits=True``, a pair ``(changes,
    edits)``, ``edits`` as ``edits.csv`` (one row per sentence operation of
    every changed document). ``shard``: ``"K/N"`` for only the rows of
    shard K of N, pairs by their old id and added documents by their new
    id; both releases are still read whole, so renames across shards are
    found (see ``folio.dask.compare``)."""
    changes, edit_table = _folio.compare(
        os.fspath(old),
        os.fspath(new),
        edits,
        boilerplate,
        jobs,
        min_change,
        rename_threshold,
        threshold,
        _fields(keep_fields),
        id_field,
        title_field,
        text_field,
        max_doc_bytes,
        shard,
    )
    return (changes, edit_table) if edits else changes


def sentences(text: str, doc_id: str = "") -> pl.DataFrame:
    """The sentences of a text as folio splits them, as ``folio sentences
    --format csv``: ``doc_id``, ``paragraph``, ``sentence``, ``text``."""
    return _folio.sentences(text, doc_id)


def terms(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    ngram: int = 1,
    lowercase: bool = True,
    stopwords: Optional[str] = None,
    by: str = "corpus",
    min_count: int = 1,
    top: Optional[int] = None,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
) -> pl.DataFrame:
    """The terms table of files and folders, as ``folio terms``: count,
    documents, per million, idf and tf-idf of each term (``by``:
    ``"corpus"``, ``"release"`` or ``"doc"``)."""
    return _folio.terms(
        _paths(paths), ngram, lowercase, stopwords, by, min_count, top, boilerplate, jobs
    )


def keyness(
    target: PathLike,
    reference: PathLike,
    *,
    stopwords: Optional[str] = None,
    ll: str = "two-cell",
    min_count: int = 1,
    top: Optional[int] = None,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
) -> pl.DataFrame:
    """The keyness table of a target corpus against a reference corpus, as
    ``folio keyness TARGET REFERENCE``: G², its p-value, log ratio and
    %DIFF of every word (``ll``: ``"two-cell"`` or ``"four-cell"``)."""
    return _folio.keyness(
        os.fspath(target), os.fspath(reference), stopwords, ll, min_count, top, boilerplate, jobs
    )


def kwic(
    paths: Union[PathLike, Iterable[PathLike]],
    pattern: str,
    *,
    window: int = 5,
    regex: bool = False,
    case_sensitive: bool = False,
    sort: str = "doc",
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
) -> pl.DataFrame:
    """Every occurrence of a word, wildcard (``licen?e``, ``patent*``) or
    phrase in context, as ``folio kwic CORPUS PATTERN --format csv``
    (``sort``: ``"doc"``, ``"left"`` or ``"right"``). An empty table when
    nothing matches."""
    return _folio.kwic(
        _paths(paths), pattern, window, regex, case_sensitive, sort, boilerplate, jobs
    )


def history(
    releases: PathLike,
    *,
    boilerplate: str = "auto",
    jobs: Optional[int] = None,
    min_change: float = 0.0,
    rename_threshold: float = 0.5,
    threshold: float = 0.5,
):
    """A series of releases (a folder with one folder per release), as
    ``folio history``: a pair ``(timeline, documents)`` — every document in
    every step, reverts flagged, and one row per document followed across
    renames."""
    return _folio.history(
        os.fspath(releases), boilerplate, jobs, min_change, rename_threshold, threshold
    )


def schema(table: str) -> str:
    """The data dictionary of one of folio's tables (``"stats"``,
    ``"diff"``, ``"changes"``, …), as Markdown: ``folio schema TABLE``."""
    return _folio.schema(table)
