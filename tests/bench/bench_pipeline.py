"""Time every pipeline stage on a synthetic corpus (default 20,000 articles of 300–900 words).

    .venv/bin/python tests/bench/bench_pipeline.py [N]

Prints seconds and articles/s per stage and the peak RSS, so a slow stage is easy to find.
Readability (textstat) is cached by content on disk and paid once per article; it is timed
cold here with its cache in a temporary folder.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from metrics.clean import mark_near_duplicates, segment  # noqa: E402
from metrics.codebook import load_codebook  # noqa: E402
from metrics.dating import infer_dates  # noqa: E402
from metrics.evidence import extract_evidence  # noqa: E402
from metrics.index import IndexModel  # noqa: E402
from metrics.knowledge import load_knowledge  # noqa: E402
from metrics.readability import readability  # noqa: E402
from metrics.sentences import split_sentences  # noqa: E402
from metrics.signals import article_signals  # noqa: E402
from tests.bench.synthetic import synthetic_articles  # noqa: E402

T = TypeVar("T")


def timed(label: str, n: int, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    took = time.perf_counter() - start
    print(f"{label:<22} {took:8.2f} s  {n / took:>10,.0f} articles/s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    articles = synthetic_articles(n, seed=7)
    codebook, knowledge = load_codebook(), load_knowledge()
    print(f"{n:,} synthetic articles")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["RELATIONS_INDEX_CACHE"] = cache
        segments = timed("segment", n, lambda: segment(articles))
        articles, _ = timed("near-duplicates", n, lambda: mark_near_duplicates(articles, segments))
        sentences = timed("sentences", n, lambda: split_sentences(articles, segments))
        evidence = timed("evidence", n, lambda: extract_evidence(sentences, codebook, knowledge))
        dates = timed("dates", n, lambda: infer_dates(articles, sentences, knowledge))
        scores = timed("readability (cold)", n, lambda: readability(articles, sentences))
        signals = timed("signals", n, lambda: article_signals(articles, evidence, scores, codebook))
        model = timed(
            "index model", n, lambda: IndexModel.from_tables(articles, signals, dates, codebook)
        )
        timed("series (first)", n, lambda: model.series(codebook.default_weights()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak RSS {peak:.2f} GiB")


if __name__ == "__main__":
    main()
