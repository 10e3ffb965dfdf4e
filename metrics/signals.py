"""Per-article signals: counted evidence per signal, agreed/discussed topics, readability.

Every article gets a row, with zero counts when nothing was found, so that the index can tell
"read and found nothing" from "not read".
"""

from __future__ import annotations

import polars as pl

from metrics.codebook import Codebook
from metrics.schema import SIGNAL_COUNT_COLUMNS, SIGNALS

_READABILITY = ("flesch_reading_ease", "flesch_kincaid_grade", "word_count", "sentence_count")
# Topics on the agenda of a held or an announced contact both count as discussed.
_DISCUSSED_MODES = ("actual", "planned")


def article_signals(
    articles: pl.DataFrame,
    evidence: pl.DataFrame,
    readability: pl.DataFrame,
    codebook: Codebook,
) -> pl.DataFrame:
    """SIGNALS rows: one per article, in the articles' order."""
    ids = [s.id for s in codebook.signals]
    counts = (
        evidence.filter(pl.col("counted"))
        .group_by("article_id")
        .agg(pl.col("signal").eq(sid).sum().cast(pl.Int32).alias(sid) for sid in ids)
    )
    # Agreed topics: those of counted cooperation rows (an agreement, a treaty signed on X).
    agreeing = [s.id for s in codebook.signals if s.group == "cooperation" and s.topics != "none"]
    agreed = _topics(evidence.filter(pl.col("counted") & pl.col("signal").is_in(agreeing)))
    discussed = _topics(
        evidence.filter((pl.col("signal") == "discussion") & pl.col("mode").is_in(_DISCUSSED_MODES))
    )
    out = (
        articles.select("article_id", "title", "source")
        .join(counts, on="article_id", how="left", maintain_order="left")
        .join(
            agreed.rename({"topics": "agreed_topics"}),
            on="article_id",
            how="left",
            maintain_order="left",
        )
        .join(
            discussed.rename({"topics": "discussed_topics"}),
            on="article_id",
            how="left",
            maintain_order="left",
        )
        .join(
            readability.select("article_id", *_READABILITY),
            on="article_id",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            *(pl.col(c).fill_null(0) for c in SIGNAL_COUNT_COLUMNS),
            pl.col("agreed_topics").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
            pl.col("discussed_topics").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        )
        # Discussed means "on the agenda, not agreed": an agreed topic is listed once.
        .with_columns(pl.col("discussed_topics").list.set_difference("agreed_topics").list.sort())
    )
    return out.select(pl.col(name).cast(dtype) for name, dtype in SIGNALS.items())


def _topics(rows: pl.DataFrame) -> pl.DataFrame:
    """article_id → sorted unique topic ids of the given evidence rows."""
    return (
        rows.filter(pl.col("topic").is_not_null())
        .group_by("article_id")
        .agg(pl.col("topic").unique().sort().alias("topics"))
    )
