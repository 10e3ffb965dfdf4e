"""What the download buttons deliver: the current view's tables, serialised by `metrics.export`.

Pure (no Streamlit): every file is produced by `metrics.export` from the same `Analysis` calls the
charts use, with the view's weights and filters in its metadata, so a downloaded number is the
plotted number. Builders return zero-argument callables so the app can hand them to
`st.download_button(data=callable)`: nothing is serialised until a user clicks (a 100k-article
evidence table is not written on every slider move).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import polars as pl

from metrics import export
from metrics.pipeline import Analysis

FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
}


@dataclass(frozen=True)
class View:
    """Weights and filters of the view being exported."""

    weights: Mapping[str, float]
    years: tuple[int, int]
    min_confidence: float
    include_duplicates: bool


def metadata(
    analysis: Analysis,
    view: View,
    generated_at: str | None = None,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """`metrics.export.export_metadata` for this analysis and view.

    `fingerprint` may be passed in when already known (hashing 100k articles on every rerun
    would cost more than the re-weighting itself).
    """
    return export.export_metadata(
        product_version=export.product_version(),
        weights=view.weights,
        codebook_version=analysis.codebook.version,
        codebook_sha256=analysis.codebook.sha256,
        corpus_fingerprint=fingerprint or export.corpus_fingerprint(analysis.articles),
        years=view.years,
        min_confidence=view.min_confidence,
        include_duplicates=view.include_duplicates,
        generated_at=generated_at or datetime.now(UTC).replace(microsecond=0).isoformat(),
    )


def series_frame(analysis: Analysis, view: View) -> pl.DataFrame:
    return analysis.series(
        dict(view.weights),
        years=view.years,
        min_confidence=view.min_confidence,
        include_duplicates=view.include_duplicates,
    )


def scores_in_view(analysis: Analysis, view: View) -> pl.DataFrame:
    """`article_scores` for the view's articles, restricted to its year range."""
    scores = analysis.model.article_scores(
        dict(view.weights),
        min_confidence=view.min_confidence,
        include_duplicates=view.include_duplicates,
    )
    return scores.filter(pl.col("event_year").is_between(view.years[0], view.years[1]))


def articles_frame(analysis: Analysis, view: View) -> pl.DataFrame:
    """One row per article in the view: its score under these weights, signals and dating."""
    table = analysis.article_table.drop("event_year")
    return scores_in_view(analysis, view).join(table, on="article_id", how="left")


def evidence_frame(analysis: Analysis, view: View) -> pl.DataFrame:
    """Evidence rows of the view's articles, with the weight each signal has in this view."""
    ids = scores_in_view(analysis, view)["article_id"]
    weights = pl.DataFrame(
        {"signal": list(view.weights), "view_weight": [float(v) for v in view.weights.values()]}
    )
    return analysis.evidence.filter(pl.col("article_id").is_in(ids.implode())).join(
        weights, on="signal", how="left"
    )


def _encode(kind: str, fmt: str, frame: pl.DataFrame, meta: Mapping[str, Any]) -> bytes:
    if fmt == "csv":
        return export.to_csv(frame, meta)
    if fmt == "parquet":
        return export.to_parquet(frame, meta)
    if kind == "series":
        return export.series_json(frame, meta)
    return export.to_json(frame, meta)


def _produce(kind: str, fmt: str, analysis: Analysis, view: View, meta: Mapping[str, Any]) -> bytes:
    frame = {"series": series_frame, "articles": articles_frame, "evidence": evidence_frame}[kind](
        analysis, view
    )
    return _encode(kind, fmt, frame, meta)


def file_name(kind: str, fmt: str) -> str:
    return f"us-russia-index_{kind}.{fmt}"


def builder(
    kind: str, fmt: str, analysis: Analysis, view: View, meta: Mapping[str, Any]
) -> Callable[[], bytes]:
    """A callable producing one file; safe to run without a Streamlit script context."""
    if kind not in ("series", "articles", "evidence") or fmt not in FORMATS:
        raise ValueError(f"unknown download {kind}.{fmt}")
    return partial(_produce, kind, fmt, analysis, view, dict(meta))
