"""Benchmark: re-weighting the yearly index for 100,000 articles (target: median ≤ 20 ms).

Run: `.venv/bin/python tests/bench/bench_index.py [--articles N] [--calls N]`

Builds seeded synthetic SIGNALS/DATES/ARTICLES frames, times `IndexModel.from_tables` once, the
first `series` call (which fills the per-filter bootstrap cache), then `series` with random
weights; for comparison, a naive bootstrap that resamples article scores for every weight change.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from metrics.index import BOOTSTRAP_REPLICATES, IndexModel
from metrics.schema import ARTICLES, DATES, SIGNAL_COUNT_COLUMNS, SIGNALS
from tests.factories import fake_codebook, with_schema

YEARS = (2017, 2024)


def synthetic_tables(n: int, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """n articles: sparse Poisson counts, years 2017–2024 (5% undated), 3% duplicates."""
    rng = np.random.default_rng(seed)
    ids = [f"a{i:07d}" for i in range(n)]
    counts = rng.poisson(0.3, size=(n, len(SIGNAL_COUNT_COLUMNS))).astype(np.int32)
    years = rng.integers(YEARS[0], YEARS[1] + 1, size=n).astype(np.int32)
    undated = rng.random(n) < 0.05
    duplicate = rng.random(n) < 0.03
    articles = with_schema(
        pl.DataFrame(
            {
                "article_id": ids,
                "content_hash": [f"{i:064x}" for i in range(n)],
                "duplicate_of": [ids[0] if d else None for d in duplicate],
            }
        ),
        ARTICLES,
    )
    signals = with_schema(
        pl.DataFrame(
            {
                "article_id": ids,
                **{name: counts[:, s] for s, name in enumerate(SIGNAL_COUNT_COLUMNS)},
                "agreed_topics": [["arms_control"] if c[2] else [] for c in counts],
            }
        ),
        SIGNALS,
    )
    dates = with_schema(
        pl.DataFrame(
            {
                "article_id": ids,
                "event_year": pl.Series(
                    [None if u else int(y) for u, y in zip(undated, years, strict=True)],
                    dtype=pl.Int32,
                ),
                "year_confidence": rng.random(n),
            }
        ),
        DATES,
    )
    return articles, signals, dates


def naive_series_ci(
    counts: np.ndarray, years: np.ndarray, weights: np.ndarray, rng: np.random.Generator
) -> list[tuple[float, float]]:
    """What re-weighting costs without linearity: score articles, resample scores per year."""
    totals = counts.sum(axis=1)
    scored = totals > 0
    scores = (counts[scored] @ weights) / totals[scored]
    out = []
    for year in range(YEARS[0], YEARS[1] + 1):
        s = scores[years[scored] == year]
        draws = rng.integers(0, len(s), size=(BOOTSTRAP_REPLICATES, len(s)))
        low, high = np.quantile(s[draws].mean(axis=1), [0.05, 0.95])
        out.append((float(low), float(high)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()

    articles, signals, dates = synthetic_tables(args.articles)
    rng = np.random.default_rng(1)

    def random_weights() -> dict[str, float]:
        return {
            name: float(w)
            for name, w in zip(SIGNAL_COUNT_COLUMNS, rng.uniform(-10, 10, 11), strict=True)
        }

    codebook = fake_codebook(random_weights())
    start = time.perf_counter()
    model = IndexModel.from_tables(articles, signals, dates, codebook)
    build_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    model.series(random_weights(), years=YEARS)
    first_ms = (time.perf_counter() - start) * 1000

    timings = []
    for _ in range(args.calls):
        weights = random_weights()
        start = time.perf_counter()
        model.series(weights, years=YEARS)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]

    counts = signals.select(SIGNAL_COUNT_COLUMNS).to_numpy().astype(np.float64)
    years = dates["event_year"].fill_null(0).to_numpy()
    naive = []
    for _ in range(5):
        w = np.array(list(random_weights().values()))
        start = time.perf_counter()
        naive_series_ci(counts, years, w, rng)
        naive.append((time.perf_counter() - start) * 1000)

    print(f"articles: {args.articles:,}  bootstrap replicates: {BOOTSTRAP_REPLICATES}")
    print(f"from_tables: {build_ms:.1f} ms")
    print(f"first series (fills bootstrap cache): {first_ms:.1f} ms")
    print(
        f"series, {args.calls} calls with random weights: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )
    print(f"naive bootstrap per weight change (median of 5): {statistics.median(naive):.1f} ms")


if __name__ == "__main__":
    main()
