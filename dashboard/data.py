"""Which corpus the app shows, and paying for its extraction only once.

Extraction (clean → sentences → evidence → dates → index model) is the expensive part; moving a
slider only re-weights. Analyses are therefore kept in one process-wide, thread-safe LRU store
keyed by a content fingerprint (`st.cache_resource` holds the store, not the frames, so nothing is
pickled and the precomputed `IndexModel` is shared between sessions). The store is filled
outside any cached function so the pipeline's progress callback can drive a progress bar.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import streamlit as st

from metrics.ingest import read_corpus, read_uploads
from metrics.pipeline import Analysis, Progress, analyse

SEEDS_KEY = "seeds"
CORPUS_ENV = "RELATIONS_INDEX_CORPUS"
"""Set by `relations-index dashboard CORPUS`: the corpus shown instead of the bundled seeds."""
TEXT_COLUMN_ENV = "RELATIONS_INDEX_TEXT_COLUMN"
UPLOAD_PREFIX = "upload/"
STORE_SIZE = 6


class UploadRejected(ValueError):
    """No article could be read from an upload; carries the ingest report with the reasons."""

    def __init__(self, report: pl.DataFrame) -> None:
        reasons = "; ".join(
            f"{path}: {reason}" for path, reason in report.select("path", "reason").iter_rows()
        )
        super().__init__(f"no article could be read from your files ({reasons})")
        self.report = report


@dataclass(frozen=True)
class Corpus:
    """An analysed corpus and the key that identifies its content."""

    key: str
    label: str
    analysis: Analysis


class AnalysisStore:
    """A small LRU of analyses shared by every session of the server process."""

    def __init__(self, size: int = STORE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[str, Analysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Analysis | None:
        with self._lock:
            analysis = self._items.get(key)
            if analysis is not None:
                self._items.move_to_end(key)
            return analysis

    def put(self, key: str, analysis: Analysis) -> None:
        with self._lock:
            self._items[key] = analysis
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


@st.cache_resource(show_spinner=False)
def analysis_store() -> AnalysisStore:
    return AnalysisStore()


def _base_source() -> Path | None:
    value = os.environ.get(CORPUS_ENV)
    return Path(value) if value else None


@st.cache_resource(show_spinner=False)
def _base_tables() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The default corpus as read (ARTICLES, INGEST_REPORT): the seeds unless the server was
    started on a corpus. Immutable while the server runs."""
    return read_corpus(_base_source(), text_column=os.environ.get(TEXT_COLUMN_ENV, "text"))


def files_fingerprint(
    files: Sequence[tuple[str, bytes]], *, combine: bool, text_column: str
) -> str:
    """Content key for an upload: names and bytes of every file, plus how they are combined."""
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    digest.update(f"combine={combine};text_column={text_column}".encode())
    return "upload:" + digest.hexdigest()


def base_corpus(progress: Progress | None = None) -> Corpus:
    """The default corpus (the bundled seeds, or the server's CORPUS), analysed once per
    server process."""
    source = _base_source()
    key = SEEDS_KEY if source is None else f"corpus:{source}"
    store = analysis_store()
    analysis = store.get(key)
    if analysis is None:
        articles, report = _base_tables()
        analysis = analyse(articles, report, progress=progress)
        store.put(key, analysis)
    what = "bundled seeds" if source is None else source.name
    return Corpus(key, f"{what} ({analysis.articles.height} articles)", analysis)


def _rename_colliding(
    articles: pl.DataFrame, report: pl.DataFrame, taken: set[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Prefix uploaded ids that clash with seed ids, so the combined corpus keys stay unique."""
    clash = pl.col("article_id").is_in(list(taken))
    renamed = (
        pl.when(clash)
        .then(pl.lit(UPLOAD_PREFIX) + pl.col("article_id"))
        .otherwise(pl.col("article_id"))
    )
    dup_clash = pl.col("duplicate_of").is_in(list(taken))
    articles = articles.with_columns(
        renamed.alias("article_id"),
        pl.when(dup_clash)
        .then(pl.lit(UPLOAD_PREFIX) + pl.col("duplicate_of"))
        .otherwise(pl.col("duplicate_of"))
        .alias("duplicate_of"),
    )
    report = report.with_columns(renamed.alias("article_id"))
    return articles, report


def upload_corpus(
    files: Sequence[tuple[str, bytes]],
    *,
    combine: bool,
    text_column: str = "text",
    progress: Progress | None = None,
) -> Corpus:
    """Uploaded files, alone or added to the seeds, analysed once per distinct content."""
    key = files_fingerprint(files, combine=combine, text_column=text_column)
    store = analysis_store()
    analysis = store.get(key)
    if analysis is None:
        articles, report = read_uploads(list(files), text_column=text_column)
        if articles.height == 0:
            raise UploadRejected(report)
        if combine:
            seed_articles, seed_report = _base_tables()
            articles, report = _rename_colliding(
                articles, report, set(seed_articles["article_id"].to_list())
            )
            articles = pl.concat([seed_articles, articles])
            report = pl.concat([seed_report, report])
        analysis = analyse(articles, report, progress=progress)
        store.put(key, analysis)
    what = "your files + seeds" if combine else "your files"
    return Corpus(key, f"{what} ({analysis.articles.height} articles)", analysis)


def registered_corpus(key: str, label: str, build: Callable[[], Analysis]) -> Corpus:
    """Serve a prebuilt analysis (e.g. a large synthetic corpus in the benchmark)."""
    store = analysis_store()
    analysis = store.get(key)
    if analysis is None:
        analysis = build()
        store.put(key, analysis)
    return Corpus(key, label, analysis)
