"""One obvious entry point: `build(corpus)` runs every stage once and returns an `Analysis`.

The dashboard, the CLI and notebooks all go through here, so they show the same numbers.
Extraction is paid once per corpus; `Analysis.series(weights, ...)` only re-weights.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polars as pl

from metrics.clean import mark_near_duplicates, segment
from metrics.codebook import Codebook, load_codebook
from metrics.dating import infer_dates
from metrics.evidence import extract_evidence
from metrics.index import IndexModel
from metrics.ingest import read_corpus
from metrics.knowledge import Knowledge, load_knowledge
from metrics.readability import readability
from metrics.sentences import split_sentences
from metrics.signals import article_signals

Progress = Callable[[int, int, str], None]
"""Progress callback: (steps done, steps in all, what is running now)."""

STAGES = ("reading corpus", "cleaning", "sentences", "evidence", "dates", "readability", "index")


@dataclass(frozen=True)
class Analysis:
    """Everything computed for one corpus. Every frame follows a schema in `metrics.schema`."""

    articles: pl.DataFrame
    ingest_report: pl.DataFrame
    segments: pl.DataFrame
    sentences: pl.DataFrame
    evidence: pl.DataFrame
    dates: pl.DataFrame
    signals: pl.DataFrame
    codebook: Codebook
    knowledge: Knowledge
    model: IndexModel = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Derived, never passed in, so the model cannot disagree with the tables it re-weights.
        # Built eagerly (not a cached_property) so the cost is paid here, under the "index"
        # progress stage, rather than by the first dashboard rerun that asks for a series.
        model = IndexModel.from_tables(self.articles, self.signals, self.dates, self.codebook)
        object.__setattr__(self, "model", model)

    @cached_property
    def article_table(self) -> pl.DataFrame:
        """Per-article signals joined with their event-year fields (what `signals` prints)."""
        return self.signals.join(self.dates, on="article_id", how="left")

    def series(
        self,
        weights: dict[str, float] | None = None,
        years: tuple[int, int] = (2017, 2024),
        min_confidence: float = 0.0,
        include_duplicates: bool = False,
    ) -> pl.DataFrame:
        """The yearly index (schema `SERIES`) for these weights; defaults from the codebook."""
        return self.model.series(
            weights if weights is not None else self.codebook.default_weights(),
            years=years,
            min_confidence=min_confidence,
            include_duplicates=include_duplicates,
        )


def analyse(
    articles: pl.DataFrame,
    ingest_report: pl.DataFrame,
    *,
    codebook: Codebook | None = None,
    knowledge: Knowledge | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Run every stage after ingestion on an ARTICLES frame."""
    codebook = codebook or load_codebook()
    knowledge = knowledge or load_knowledge()
    step = _stepper(progress)
    step("cleaning")
    segments = segment(articles)
    articles, set_aside = mark_near_duplicates(articles, segments)
    ingest_report = pl.concat([ingest_report, set_aside])
    step("sentences")
    sentences = split_sentences(articles, segments)
    step("evidence")
    evidence = extract_evidence(sentences, codebook, knowledge)
    step("dates")
    dates = infer_dates(articles, sentences, knowledge)
    step("readability")
    signals = article_signals(articles, evidence, readability(articles, sentences), codebook)
    step("index")
    return Analysis(
        articles=articles,
        ingest_report=ingest_report,
        segments=segments,
        sentences=sentences,
        evidence=evidence,
        dates=dates,
        signals=signals,
        codebook=codebook,
        knowledge=knowledge,
    )


def build(
    corpus: Path | str | None = None,
    *,
    text_column: str = "text",
    progress: Progress | None = None,
) -> Analysis:
    """Read a corpus (folder, table file, or None for the bundled seeds) and analyse it."""
    step = _stepper(progress)
    step("reading corpus")
    source = None if corpus is None else Path(corpus)
    articles, report = read_corpus(source, text_column=text_column)
    return analyse(articles, report, progress=progress)


def _stepper(progress: Progress | None) -> Callable[[str], None]:
    """Turn a stage name into a progress report (stage k of len(STAGES))."""

    def step(label: str) -> None:
        if progress is not None:
            progress(STAGES.index(label), len(STAGES), label)

    return step
