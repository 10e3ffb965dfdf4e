"""The headline numbers: latest index, its change, article count and a plain reading.

Pure functions over a SERIES frame, so "latest year with data" and "previous year with data"
are defined once and tested (a year with a null index is skipped, never read as zero).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

READINGS = (
    (-6.0, "strong conflict"),
    (-2.0, "conflict"),
    (-0.5, "mild conflict"),
    (0.5, "neutral: contact without clear cooperation or conflict"),
    (2.0, "mild cooperation"),
    (6.0, "cooperation"),
)


@dataclass(frozen=True)
class Headline:
    year: int | None
    value: float | None
    previous_year: int | None
    change: float | None
    n_articles: int
    reading: str


def reading(value: float | None) -> str:
    """One line placing a value on the −10 (conflict) … +10 (cooperation) scale."""
    if value is None:
        return "No scored articles in the selected range."
    label = "strong cooperation"
    for bound, text in READINGS:
        if value < bound:
            label = text
            break
    return f"{value:+.2f} on a scale from −10 (conflict) to +10 (cooperation): {label}."


def headline(series: pl.DataFrame) -> Headline:
    """Latest year with an index, the change from the previous year with one, articles in range."""
    scored = series.filter(pl.col("index").is_not_null()).sort("year")
    n_articles = int(series["n_articles"].fill_null(0).sum()) if series.height else 0
    if scored.height == 0:
        return Headline(None, None, None, None, n_articles, reading(None))
    last = scored.row(-1, named=True)
    value = float(last["index"])
    previous_year = change = None
    if scored.height >= 2:
        prev = scored.row(-2, named=True)
        previous_year = int(prev["year"])
        change = value - float(prev["index"])
    return Headline(int(last["year"]), value, previous_year, change, n_articles, reading(value))
