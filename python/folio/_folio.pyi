# Type stubs of folio's native module (see folio/__init__.py for the
# documented functions and their defaults).
from typing import List, Optional, Tuple

import polars as pl

__version__: str

def stats(
    paths: List[str],
    boilerplate: str,
    jobs: Optional[int],
    keep_fields: Optional[List[str]],
    id_field: str,
    title_field: str,
    text_field: str,
    release_field: Optional[str],
    mattr_window: int,
    max_doc_bytes: int,
    layout: str,
    shard: Optional[str],
) -> pl.DataFrame: ...
def stats_texts(
    texts: List[str],
    ids: Optional[List[str]],
    titles: Optional[List[Optional[str]]],
    boilerplate: str,
    jobs: Optional[int],
    mattr_window: int,
) -> pl.DataFrame: ...
def diff(
    old_text: str,
    new_text: str,
    ignore_case: bool,
    ignore_punctuation: bool,
    normalize_quotes: bool,
    threshold: float,
) -> pl.DataFrame: ...
def diff_files(
    old: str,
    new: str,
    boilerplate: str,
    ignore_case: bool,
    ignore_punctuation: bool,
    normalize_quotes: bool,
    threshold: float,
) -> pl.DataFrame: ...
def compare(
    old: str,
    new: str,
    edits: bool,
    boilerplate: str,
    jobs: Optional[int],
    min_change: float,
    rename_threshold: float,
    threshold: float,
    keep_fields: Optional[List[str]],
    id_field: str,
    title_field: str,
    text_field: str,
    max_doc_bytes: int,
    shard: Optional[str],
) -> Tuple[pl.DataFrame, Optional[pl.DataFrame]]: ...
def sentences(text: str, doc_id: str) -> pl.DataFrame: ...
def terms(
    paths: List[str],
    ngram: int,
    lowercase: bool,
    stopwords: Optional[str],
    by: str,
    min_count: int,
    top: Optional[int],
    boilerplate: str,
    jobs: Optional[int],
) -> pl.DataFrame: ...
def keyness(
    target: str,
    reference: str,
    stopwords: Optional[str],
    ll: str,
    min_count: int,
    top: Optional[int],
    boilerplate: str,
    jobs: Optional[int],
) -> pl.DataFrame: ...
def kwic(
    paths: List[str],
    pattern: str,
    window: int,
    regex: bool,
    case_sensitive: bool,
    sort: str,
    boilerplate: str,
    jobs: Optional[int],
) -> pl.DataFrame: ...
def history(
    releases: str,
    boilerplate: str,
    jobs: Optional[int],
    min_change: float,
    rename_threshold: float,
    threshold: float,
) -> Tuple[pl.DataFrame, pl.DataFrame]: ...
def schema(name: str) -> str: ...
