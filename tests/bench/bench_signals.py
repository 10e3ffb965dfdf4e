"""Benchmark evidence extraction on a synthetic corpus (default 100,000 articles of 300–900 words).

    .venv/bin/python tests/bench/bench_signals.py [N]
    .venv/bin/python tests/bench/bench_signals.py --setup N DIR    # build a corpus once
    .venv/bin/python tests/bench/bench_signals.py --measure DIR    # time it (compare commits)

Setup (not timed) builds the corpus, cleans it and splits it into sentences with the real
`metrics.clean.segment` and `metrics.sentences.split_sentences`, and writes them to parquet.
A second child process then reads them and times
`extract_evidence` + `article_signals`, so its peak RSS (getrusage) is the extraction's own
footprint plus the loaded sentence table, not the setup's Python objects.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from metrics.clean import segment  # noqa: E402
from metrics.codebook import load_codebook  # noqa: E402
from metrics.evidence import extract_evidence  # noqa: E402
from metrics.knowledge import load_knowledge  # noqa: E402
from metrics.sentences import split_sentences  # noqa: E402
from metrics.signals import article_signals  # noqa: E402
from tests.bench.synthetic import synthetic_articles  # noqa: E402


def setup(n: int, folder: Path) -> None:
    t0 = time.perf_counter()
    articles = synthetic_articles(n, seed=1)
    sentences = split_sentences(articles, segment(articles))
    articles.write_parquet(folder / "articles.parquet")
    sentences.write_parquet(folder / "sentences.parquet")
    took = time.perf_counter() - t0
    print(f"setup: {n:,} articles, {sentences.height:,} sentences in {took:.1f}s (not timed)")


def measure(folder: Path) -> None:
    codebook, knowledge = load_codebook(), load_knowledge()
    articles = pl.read_parquet(folder / "articles.parquet")
    sentences = pl.read_parquet(folder / "sentences.parquet")
    n = articles.height
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    t0 = time.perf_counter()
    evidence = extract_evidence(sentences, codebook, knowledge)
    t1 = time.perf_counter()
    readability = articles.select("article_id").with_columns(
        flesch_reading_ease=pl.lit(None, pl.Float64),
        flesch_kincaid_grade=pl.lit(None, pl.Float64),
        word_count=pl.lit(None, pl.Int32),
        sentence_count=pl.lit(None, pl.Int32),
    )
    signals = article_signals(articles, evidence, readability, codebook)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"evidence: {evidence.height:,} rows in {t1 - t0:.2f}s = {n / (t1 - t0):,.0f} articles/s")
    print(f"signals:  {signals.height:,} rows in {t2 - t1:.2f}s")
    print(f"extraction total: {n / (t2 - t0):,.0f} articles/s")
    print(f"peak RSS: {peak:.2f} GiB (after loading inputs: {rss_loaded:.2f} GiB)")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--setup":
        setup(int(sys.argv[2]), Path(sys.argv[3]))
        return
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
        return
    n = sys.argv[1] if len(sys.argv) > 1 else "100000"
    # Two children: Linux keeps the RSS high-water mark across fork+exec, so the measuring
    # process must not descend from the one that built the corpus.
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, __file__, "--setup", n, tmp], check=True)
        subprocess.run([sys.executable, __file__, "--measure", tmp], check=True)


if __name__ == "__main__":
    main()
