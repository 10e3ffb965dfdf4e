"""The yearly index: article scores → year means with a bootstrap interval.

Definitions (see `IndexModel.series`):

* an article's score is the mean weight of its counted evidence,
  `Σ_s w_s·n_{a,s} / Σ_s n_{a,s}`; an article without counted evidence has no score;
* a year's index is the mean score of its scored articles, with a 90% percentile-bootstrap
  interval over those articles.

Both are linear in the weight vector once the corpus and the filters are fixed: the index is
`m·w` where `m` is the year's mean fraction vector (mean over articles of `n_{a,s}/N_a`), and
each bootstrap replicate is `r_b·w`. So `m` and the B×S replicate matrix are computed once per
(filter, year) and a weight change is a small matrix product plus two quantiles — the dashboard
sliders stay interactive for 100k-article corpora.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import polars as pl

from metrics.schema import SERIES, SIGNAL_COUNT_COLUMNS
from metrics.weights import CodebookLike, validate_weights

FloatArray = npt.NDArray[np.float64]
_K = TypeVar("_K")
_V = TypeVar("_V")

BOOTSTRAP_REPLICATES = 1000
CI_LEVEL = 0.90
BOOTSTRAP_SEED = 20170101
"""Fixed seed: the same corpus and filters always give the same interval."""

_MAX_CACHED_FILTERS = 16  # distinct (min_confidence, include_duplicates) settings kept
_CHUNK_CELLS = 2_000_000  # replicate × article cells drawn at once (bounds scratch memory)

ARTICLE_SCORES: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "event_year": pl.Int32(),
    "score": pl.Float64(),  # null when the article has no counted evidence
    "n_counted": pl.Int32(),  # counted evidence rows over all signals
}
"""Schema of `IndexModel.article_scores` (the dashboard's drill-down and per-article export)."""


@dataclass(frozen=True)
class _YearStats:
    """Weight-independent summary of one year's articles under one filter setting."""

    n_articles: int
    n_scored: int
    mean_fractions: FloatArray  # (S,), NaN when n_scored == 0
    replicates: FloatArray | None  # (B, S) bootstrap means of the fractions; None if n_scored < 2
    agreed_topics: int
    discussed_topics: int


@dataclass(frozen=True)
class _Stacked:
    """The `_YearStats` of a year range stacked into arrays, ready for one matrix product."""

    years: npt.NDArray[np.int32]
    n_articles: npt.NDArray[np.int32]
    n_scored: npt.NDArray[np.int32]
    means: FloatArray  # (Y, S)
    replicates: FloatArray  # (Y', B, S) for the years with an interval only
    has_ci: npt.NDArray[np.bool_]  # (Y,)
    agreed_topics: npt.NDArray[np.int32]
    discussed_topics: npt.NDArray[np.int32]


class IndexModel:
    """Re-weightable yearly index for one corpus. Build with `from_tables`.

    Thread-safe: the dashboard shares one model between sessions.
    """

    def __init__(
        self,
        *,
        article_ids: list[str],
        counts: FloatArray,
        event_years: npt.NDArray[np.int64],
        has_year: npt.NDArray[np.bool_],
        confidence: FloatArray,
        is_duplicate: npt.NDArray[np.bool_],
        agreed_topics: npt.NDArray[np.int64],
        discussed_topics: npt.NDArray[np.int64],
        default_weights: Mapping[str, float],
    ) -> None:
        """Per-article arrays, all in the same (article_id-sorted) order; see `from_tables`."""
        self._article_ids = article_ids
        self._counts = counts
        self._n_counted = counts.sum(axis=1)
        scored = self._n_counted > 0
        # Fractions n_{a,s}/N_a; rows without counted evidence stay 0 and are never averaged.
        self._fractions = np.divide(
            counts, self._n_counted[:, None], out=np.zeros_like(counts), where=scored[:, None]
        )
        self._scored = scored
        self._event_years = event_years
        self._has_year = has_year
        self._confidence = confidence
        self._is_duplicate = is_duplicate
        self._agreed = agreed_topics
        self._discussed = discussed_topics
        self._defaults = dict(default_weights)
        self._lock = threading.Lock()
        self._year_cache: OrderedDict[tuple[float, bool], dict[int, _YearStats]] = OrderedDict()
        self._stack_cache: OrderedDict[tuple[int, int, float, bool], _Stacked] = OrderedDict()

    @classmethod
    def from_tables(
        cls,
        articles: pl.DataFrame,
        signals: pl.DataFrame,
        dates: pl.DataFrame,
        codebook: CodebookLike,
    ) -> IndexModel:
        """Join ARTICLES, SIGNALS and DATES once into per-article arrays.

        ARTICLES defines the corpus: an article missing from SIGNALS has no counted evidence,
        one missing from DATES has no year. Rows are sorted by article_id so the bootstrap draws
        (and therefore the interval) do not depend on the order the files were read in.
        """
        signal_ids = tuple(signal.id for signal in codebook.signals)
        if signal_ids != SIGNAL_COUNT_COLUMNS:
            raise ValueError(
                f"codebook signals {signal_ids} differ from the SIGNALS count columns "
                f"{SIGNAL_COUNT_COLUMNS}"
            )
        for name, frame in (("ARTICLES", articles), ("SIGNALS", signals), ("DATES", dates)):
            if frame["article_id"].is_duplicated().any():
                raise ValueError(f"{name} has repeated article_id values")
        table = (
            articles.select("article_id", "duplicate_of")
            .join(
                signals.select(
                    "article_id", *SIGNAL_COUNT_COLUMNS, "agreed_topics", "discussed_topics"
                ),
                on="article_id",
                how="left",
            )
            .join(
                dates.select("article_id", "event_year", "year_confidence"),
                on="article_id",
                how="left",
            )
            .sort("article_id")
            .select(
                "article_id",
                *(pl.col(c).fill_null(0).cast(pl.Float64) for c in SIGNAL_COUNT_COLUMNS),
                pl.col("event_year").is_not_null().alias("has_year"),
                pl.col("event_year").fill_null(0).cast(pl.Int64),
                pl.col("year_confidence").fill_null(0.0).cast(pl.Float64),
                pl.col("duplicate_of").is_not_null().alias("is_duplicate"),
                pl.col("agreed_topics").list.len().fill_null(0).cast(pl.Int64),
                pl.col("discussed_topics").list.len().fill_null(0).cast(pl.Int64),
            )
        )
        counts = table.select(SIGNAL_COUNT_COLUMNS).to_numpy(order="c").astype(np.float64)
        if (counts < 0).any():
            raise ValueError("SIGNALS count columns must not be negative")
        return cls(
            article_ids=table["article_id"].to_list(),
            counts=counts,
            event_years=table["event_year"].to_numpy(),
            has_year=table["has_year"].to_numpy(),
            confidence=table["year_confidence"].to_numpy(),
            is_duplicate=table["is_duplicate"].to_numpy(),
            agreed_topics=table["agreed_topics"].to_numpy(),
            discussed_topics=table["discussed_topics"].to_numpy(),
            default_weights=codebook.default_weights(),
        )

    # --- public views ------------------------------------------------------------------------

    def series(
        self,
        weights: Mapping[str, float],
        *,
        years: tuple[int, int] = (2017, 2024),
        min_confidence: float = 0.0,
        include_duplicates: bool = False,
    ) -> pl.DataFrame:
        """The yearly index (schema `SERIES`), one row per year of the inclusive range.

        Articles count when they have an event year with `year_confidence ≥ min_confidence`
        and are not near-duplicates (unless `include_duplicates`). A year without scored
        articles has a null index and null contributions — never zero, never interpolated.
        """
        w = self._weight_vector(weights)
        stacked = self._stacked(years, min_confidence, include_duplicates)
        # Clipping only removes rounding noise: every value is a convex combination of weights.
        low, high = float(w.min()), float(w.max())
        index = np.clip(stacked.means @ w, low, high)
        ci_low = np.full(len(stacked.years), np.nan)
        ci_high = np.full(len(stacked.years), np.nan)
        if stacked.replicates.shape[0]:
            tail = (1.0 - CI_LEVEL) / 2.0
            bounds = np.quantile(stacked.replicates @ w, [tail, 1.0 - tail], axis=1)
            ci_low[stacked.has_ci] = np.clip(bounds[0], low, high)
            ci_high[stacked.has_ci] = np.clip(bounds[1], low, high)
        contributions = stacked.means * w
        columns: dict[str, pl.Series] = {
            "year": pl.Series(stacked.years, dtype=pl.Int32),
            "index": pl.Series(index, dtype=pl.Float64, nan_to_null=True),
            "ci_low": pl.Series(ci_low, dtype=pl.Float64, nan_to_null=True),
            "ci_high": pl.Series(ci_high, dtype=pl.Float64, nan_to_null=True),
            "n_articles": pl.Series(stacked.n_articles, dtype=pl.Int32),
            "n_scored": pl.Series(stacked.n_scored, dtype=pl.Int32),
        }
        for s, name in enumerate(SIGNAL_COUNT_COLUMNS):
            columns[f"contribution_{name}"] = pl.Series(
                contributions[:, s], dtype=pl.Float64, nan_to_null=True
            )
        columns["agreed_topics"] = pl.Series(stacked.agreed_topics, dtype=pl.Int32)
        columns["discussed_topics"] = pl.Series(stacked.discussed_topics, dtype=pl.Int32)
        return pl.DataFrame(
            {name: series.alias(name) for name, series in columns.items()}, schema=SERIES
        )

    def article_scores(
        self,
        weights: Mapping[str, float],
        *,
        min_confidence: float = 0.0,
        include_duplicates: bool = False,
    ) -> pl.DataFrame:
        """Per-article scores (schema `ARTICLE_SCORES`) for the articles `series` would use
        under the same filters, sorted by year then id, so a drill-down adds up to the index."""
        w = self._weight_vector(weights)
        keep = self._included(min_confidence, include_duplicates)
        counts = self._counts[keep]
        n_counted = self._n_counted[keep]
        score = np.divide(
            counts @ w, n_counted, out=np.full(len(n_counted), np.nan), where=n_counted > 0
        )
        ids = [article_id for article_id, k in zip(self._article_ids, keep, strict=True) if k]
        frame = pl.DataFrame(
            {
                "article_id": pl.Series(ids, dtype=pl.String),
                "event_year": pl.Series(self._event_years[keep], dtype=pl.Int32),
                "score": pl.Series(score, dtype=pl.Float64, nan_to_null=True),
                "n_counted": pl.Series(n_counted, dtype=pl.Int32),
            },
            schema=ARTICLE_SCORES,
        )
        return frame.sort("event_year", "article_id")

    # --- weight-independent precomputation -------------------------------------------------

    def _weight_vector(self, weights: Mapping[str, float]) -> FloatArray:
        checked = validate_weights(weights, self._defaults)
        return np.array([checked[name] for name in SIGNAL_COUNT_COLUMNS], dtype=np.float64)

    def _included(self, min_confidence: float, include_duplicates: bool) -> npt.NDArray[np.bool_]:
        """Articles that enter the index: dated, confident enough, and not a duplicate."""
        keep = self._has_year & (self._confidence >= min_confidence)
        if not include_duplicates:
            keep &= ~self._is_duplicate
        return keep

    def _stacked(
        self, years: tuple[int, int], min_confidence: float, include_duplicates: bool
    ) -> _Stacked:
        """Cached per (year range, filters): the arrays `series` multiplies by the weights."""
        key = (int(years[0]), int(years[1]), float(min_confidence), bool(include_duplicates))
        with self._lock:
            cached = self._stack_cache.get(key)
            if cached is not None:
                self._stack_cache.move_to_end(key)
                return cached
            per_year = self._year_stats(key[2], key[3])
            stacked = _stack(range(key[0], key[1] + 1), per_year, len(SIGNAL_COUNT_COLUMNS))
            _remember(self._stack_cache, key, stacked)
            return stacked

    def _year_stats(self, min_confidence: float, include_duplicates: bool) -> dict[int, _YearStats]:
        """Stats for every year present under these filters (caller holds the lock).

        Computed for all years at once so changing only the year range costs no bootstrap.
        """
        key = (min_confidence, include_duplicates)
        cached = self._year_cache.get(key)
        if cached is not None:
            self._year_cache.move_to_end(key)
            return cached
        keep = self._included(min_confidence, include_duplicates)
        stats: dict[int, _YearStats] = {}
        for year in np.unique(self._event_years[keep]).tolist():
            members = keep & (self._event_years == year)
            scored = members & self._scored
            fractions = self._fractions[scored]
            stats[int(year)] = _YearStats(
                n_articles=int(members.sum()),
                n_scored=len(fractions),
                mean_fractions=fractions.mean(axis=0) if len(fractions) else _nan_vector(),
                replicates=_bootstrap_means(fractions, int(year)) if len(fractions) >= 2 else None,
                agreed_topics=int(self._agreed[members].sum()),
                discussed_topics=int(self._discussed[members].sum()),
            )
        _remember(self._year_cache, key, stats)
        return stats


def _nan_vector() -> FloatArray:
    return np.full(len(SIGNAL_COUNT_COLUMNS), np.nan)


def _bootstrap_means(fractions: FloatArray, year: int) -> FloatArray:
    """B resampled means of the (n, S) fraction rows → (B, S); memory B×S, not B×n.

    Each replicate is a multinomial count vector over the n articles, so its mean is
    `counts @ fractions / n`; replicates are drawn in chunks to bound the B×n scratch space.
    The generator is seeded by year so each year's interval is reproducible on its own.
    """
    n = len(fractions)
    # SeedSequence needs non-negative entries; the offset keeps (hypothetical) BCE years valid.
    rng = np.random.default_rng((BOOTSTRAP_SEED, year + 2**31))
    out = np.empty((BOOTSTRAP_REPLICATES, fractions.shape[1]))
    chunk = max(1, min(BOOTSTRAP_REPLICATES, _CHUNK_CELLS // n))
    for start in range(0, BOOTSTRAP_REPLICATES, chunk):
        rows = min(chunk, BOOTSTRAP_REPLICATES - start)
        draws = rng.integers(0, n, size=(rows, n))
        draws += np.arange(rows)[:, None] * n  # one bincount for all rows of the chunk
        counts = np.bincount(draws.ravel(), minlength=rows * n).reshape(rows, n)
        # Cast first: an int @ float product skips BLAS and is several times slower.
        out[start : start + rows] = counts.astype(np.float64) @ fractions / n
    return out


def _stack(years: range, per_year: dict[int, _YearStats], n_signals: int) -> _Stacked:
    """Arrange one year range's stats as arrays; absent years get zero counts and NaN means."""
    empty = _YearStats(0, 0, np.full(n_signals, np.nan), None, 0, 0)
    rows = [per_year.get(year, empty) for year in years]
    replicates = [row.replicates for row in rows if row.replicates is not None]
    return _Stacked(
        years=np.array(list(years), dtype=np.int32),
        n_articles=np.array([row.n_articles for row in rows], dtype=np.int32),
        n_scored=np.array([row.n_scored for row in rows], dtype=np.int32),
        means=np.array([row.mean_fractions for row in rows], dtype=np.float64).reshape(
            len(rows), n_signals
        ),
        replicates=np.stack(replicates)
        if replicates
        else np.empty((0, BOOTSTRAP_REPLICATES, n_signals)),
        has_ci=np.array([row.replicates is not None for row in rows], dtype=np.bool_),
        agreed_topics=np.array([row.agreed_topics for row in rows], dtype=np.int32),
        discussed_topics=np.array([row.discussed_topics for row in rows], dtype=np.int32),
    )


def _remember(cache: OrderedDict[_K, _V], key: _K, value: _V) -> None:
    """Insert into a small LRU cache so many slider positions cannot grow memory unboundedly."""
    cache[key] = value
    if len(cache) > _MAX_CACHED_FILTERS:
        cache.popitem(last=False)
