"""Small frames and stand-ins that tests and benchmarks build, written once.

`articles_frame` turns texts into an ARTICLES frame; `fake_codebook` stands in for
`metrics.codebook.Codebook` where a test needs chosen weights rather than the real codebook file
(which other tests pin); `with_schema` pads a partial frame to a schema with null columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from metrics.schema import ARTICLES


def articles_frame(texts: Mapping[str, str], **columns: Sequence[object]) -> pl.DataFrame:
    """An ARTICLES frame for id → raw text (title = first line); `columns` replace any column."""
    ids = list(texts)
    frame = {
        "article_id": ids,
        "title": [texts[i].strip().split("\n", 1)[0] for i in ids],
        "source": [None] * len(ids),
        "url": [None] * len(ids),
        "page_date": [None] * len(ids),
        "given_event_year": [None] * len(ids),
        "text": [texts[i] for i in ids],
        "path": [f"{i}.txt" for i in ids],
        "content_hash": [hashlib.sha256(texts[i].encode()).hexdigest() for i in ids],
        "format": ["txt"] * len(ids),
        "encoding": ["utf-8"] * len(ids),
        "duplicate_of": [None] * len(ids),
    }
    unknown = set(columns) - set(frame)
    if unknown:
        raise ValueError(f"not ARTICLES columns: {sorted(unknown)}")
    return pl.DataFrame({**frame, **columns}, schema=ARTICLES)


def with_schema(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """`frame` with every `schema` column, in schema order: missing ones are typed nulls."""
    return frame.select(
        pl.col(c) if c in frame.columns else pl.lit(None, dtype=t).alias(c)
        for c, t in schema.items()
    ).cast(dict(schema))


@dataclass(frozen=True)
class FakeSignal:
    id: str
    weight: float


@dataclass(frozen=True)
class FakeCodebook:
    """What the index and the weight presets read from a codebook: signal ids and weights."""

    signals: tuple[FakeSignal, ...]

    def default_weights(self) -> dict[str, float]:
        return {s.id: s.weight for s in self.signals}


def fake_codebook(weights: Mapping[str, float]) -> FakeCodebook:
    """A codebook whose signals, in this order, default to these weights."""
    return FakeCodebook(tuple(FakeSignal(name, float(w)) for name, w in weights.items()))
