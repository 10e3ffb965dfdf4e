"""The yearly index arithmetic, checked against independent per-article computations."""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import export
from metrics.index import ARTICLE_SCORES, IndexModel
from metrics.schema import DATES, SERIES, SIGNAL_COUNT_COLUMNS, SIGNALS, assert_schema
from metrics.weights import WeightsError
from tests.factories import articles_frame, fake_codebook

DEFAULTS = {
    "meeting_held": 2.5,
    "meeting_planned": 4.0,
    "agreement": 4.5,
    "formal_agreement": 8.0,
    "discussion": 1.0,
    "refused": -5.0,
    "disagreement": -2.0,
    "sanctions": -8.0,
    "expulsion": -7.0,
    "threat": -4.4,
    "military_force": -10.0,
}


CODEBOOK = fake_codebook(DEFAULTS)


@dataclass(frozen=True)
class Doc:
    """One article as the test describes it; `tables` turns a list into the three frames."""

    article_id: str
    counts: dict[str, int] = field(default_factory=dict)
    year: int | None = 2017
    confidence: float = 0.9
    duplicate_of: str | None = None
    agreed: tuple[str, ...] = ()
    discussed: tuple[str, ...] = ()


def tables(docs: Sequence[Doc]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """ARTICLES, SIGNALS and DATES frames with the exact schemas."""
    articles = articles_frame(
        {d.article_id: f"text of {d.article_id}" for d in docs},
        title=[f"title {d.article_id}" for d in docs],
        duplicate_of=[d.duplicate_of for d in docs],
    )
    signals = pl.DataFrame(
        {
            "article_id": [d.article_id for d in docs],
            "title": [f"title {d.article_id}" for d in docs],
            "source": [None for _ in docs],
            **{name: [d.counts.get(name, 0) for d in docs] for name in SIGNAL_COUNT_COLUMNS},
            "agreed_topics": [list(d.agreed) for d in docs],
            "discussed_topics": [list(d.discussed) for d in docs],
            "flesch_reading_ease": [50.0 for _ in docs],
            "flesch_kincaid_grade": [10.0 for _ in docs],
            "word_count": [100 for _ in docs],
            "sentence_count": [5 for _ in docs],
        },
        schema=SIGNALS,
    )
    dates = pl.DataFrame(
        {
            "article_id": [d.article_id for d in docs],
            "event_year": [d.year for d in docs],
            "year_confidence": [d.confidence if d.year is not None else 0.0 for d in docs],
            "year_method": ["given" if d.year is not None else "none" for d in docs],
            "year_evidence": [[] for _ in docs],
            "page_date": [date(2020, 1, 1) for _ in docs],
            "date_conflict": [False for _ in docs],
            "date_conflict_message": [None for _ in docs],
        },
        schema=DATES,
    )
    return articles, signals, dates


def model_of(docs: Sequence[Doc]) -> IndexModel:
    return IndexModel.from_tables(*tables(docs), CODEBOOK)


def score(doc: Doc, weights: dict[str, float]) -> float | None:
    """Reference article score written directly from the definition."""
    total = sum(doc.counts.values())
    if total == 0:
        return None
    return sum(weights[s] * n for s, n in doc.counts.items()) / total


def row(series: pl.DataFrame, year: int) -> dict[str, object]:
    return series.filter(pl.col("year") == year).to_dicts()[0]


SEED_LIKE = [
    Doc("a", {"meeting_held": 2, "agreement": 1}, year=2017),
    Doc("b", {"refused": 1, "sanctions": 1, "discussion": 2}, year=2017),
    Doc("c", {"meeting_planned": 1}, year=2018),
    Doc("d", {"expulsion": 1, "disagreement": 3}, year=2019),
    Doc("e", {"military_force": 1, "threat": 2}, year=2022),
]


def test_seed_shaped_corpus_has_values_only_where_articles_are_dated() -> None:
    series = model_of(SEED_LIKE).series(DEFAULTS)
    assert_schema(series, SERIES)
    assert series["year"].to_list() == list(range(2017, 2025))
    counts = dict(zip(series["year"].to_list(), series["n_articles"].to_list(), strict=True))
    assert counts == {2017: 2, 2018: 1, 2019: 1, 2020: 0, 2021: 0, 2022: 1, 2023: 0, 2024: 0}
    for year in (2020, 2021, 2023, 2024):
        assert row(series, year)["index"] is None
    for year in (2017, 2018, 2019, 2022):
        docs = [d for d in SEED_LIKE if d.year == year]
        expected = statistics.fmean(s for d in docs if (s := score(d, DEFAULTS)) is not None)
        assert row(series, year)["index"] == pytest.approx(expected)


def test_unscored_article_counts_but_does_not_pull_toward_zero() -> None:
    docs = [Doc("a", {"formal_agreement": 1}), Doc("b", {})]
    got = row(model_of(docs).series(DEFAULTS), 2017)
    assert got["index"] == pytest.approx(DEFAULTS["formal_agreement"])
    assert (got["n_articles"], got["n_scored"]) == (2, 1)
    assert got["ci_low"] is None
    assert got["ci_high"] is None


def test_year_with_only_unscored_articles_is_null_not_zero() -> None:
    got = row(model_of([Doc("a", {}, year=2020)]).series(DEFAULTS), 2020)
    assert got["index"] is None
    assert (got["n_articles"], got["n_scored"]) == (1, 0)
    assert got["contribution_meeting_held"] is None


def test_contributions_sum_to_the_index_and_follow_the_definition() -> None:
    series = model_of(SEED_LIKE).series(DEFAULTS)
    got = row(series, 2017)
    parts = [got[f"contribution_{s}"] for s in SIGNAL_COUNT_COLUMNS]
    assert sum(p for p in parts if isinstance(p, float)) == pytest.approx(got["index"])
    a, b = SEED_LIKE[0], SEED_LIKE[1]
    share = (a.counts["meeting_held"] / 3 + 0 / 4) / 2  # mean over the year's two articles
    assert got["contribution_meeting_held"] == pytest.approx(DEFAULTS["meeting_held"] * share)
    assert b.counts["discussion"] == 2  # guards the arithmetic below against edits above
    expected_discussion = DEFAULTS["discussion"] * (0 / 3 + 2 / 4) / 2
    assert got["contribution_discussion"] == pytest.approx(expected_discussion)


def test_filters_exclude_undated_unconfident_and_duplicate_articles() -> None:
    docs = [
        Doc("a", {"agreement": 1}, confidence=0.9),
        Doc("b", {"sanctions": 1}, confidence=0.3),
        Doc("c", {"refused": 1}, year=None),
        Doc("d", {"military_force": 1}, duplicate_of="a"),
    ]
    model = model_of(docs)
    default = row(model.series(DEFAULTS), 2017)
    assert default["n_articles"] == 2  # a and b; c undated, d a duplicate
    assert default["index"] == pytest.approx((4.5 - 8.0) / 2)
    confident = row(model.series(DEFAULTS, min_confidence=0.5), 2017)
    assert confident["n_articles"] == 1
    assert confident["index"] == pytest.approx(4.5)
    with_dups = row(model.series(DEFAULTS, include_duplicates=True), 2017)
    assert with_dups["n_articles"] == 3
    assert with_dups["index"] == pytest.approx((4.5 - 8.0 - 10.0) / 3)


def test_topic_pairs_count_every_dated_article() -> None:
    docs = [
        Doc("a", {"agreement": 1}, agreed=("arms_control", "syria"), discussed=("ukraine",)),
        Doc("b", {}, agreed=("arms_control",)),  # unscored, still dated to the year
        Doc("c", {}, year=2018, discussed=("iran", "syria")),
    ]
    series = model_of(docs).series(DEFAULTS)
    assert (row(series, 2017)["agreed_topics"], row(series, 2017)["discussed_topics"]) == (3, 1)
    assert (row(series, 2018)["agreed_topics"], row(series, 2018)["discussed_topics"]) == (0, 2)
    assert row(series, 2019)["agreed_topics"] == 0


def test_interval_is_deterministic_order_free_and_brackets_plausible_values() -> None:
    rng = random.Random(7)
    docs = [
        Doc(f"x{i:03d}", {rng.choice(SIGNAL_COUNT_COLUMNS): rng.randint(1, 3)}) for i in range(60)
    ]
    first = model_of(docs).series(DEFAULTS)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    second = model_of(shuffled).series(DEFAULTS)
    assert first.equals(second)
    got = row(first, 2017)
    scores = [s for d in docs if (s := score(d, DEFAULTS)) is not None]
    assert isinstance(got["ci_low"], float)
    assert isinstance(got["ci_high"], float)
    assert isinstance(got["index"], float)
    assert min(scores) <= got["ci_low"] < got["index"] < got["ci_high"] <= max(scores)


def test_interval_agrees_with_a_naive_bootstrap() -> None:
    """The linear shortcut must estimate the same interval as resampling scores directly."""
    rng = np.random.default_rng(3)
    docs = [
        Doc(f"x{i:04d}", {s: int(n) for s, n in zip(SIGNAL_COUNT_COLUMNS, counts, strict=True)})
        for i, counts in enumerate(rng.poisson(0.4, size=(400, len(SIGNAL_COUNT_COLUMNS))))
    ]
    got = row(model_of(docs).series(DEFAULTS), 2017)
    scores = np.array([s for d in docs if (s := score(d, DEFAULTS)) is not None])
    draws = rng.integers(0, len(scores), size=(4000, len(scores)))
    low, high = np.quantile(scores[draws].mean(axis=1), [0.05, 0.95])
    assert isinstance(got["ci_low"], float)
    assert isinstance(got["ci_high"], float)
    width = high - low
    assert got["ci_low"] == pytest.approx(low, abs=0.1 * width)
    assert got["ci_high"] == pytest.approx(high, abs=0.1 * width)


def test_year_range_selects_rows_without_changing_values() -> None:
    model = model_of(SEED_LIKE)
    wide = model.series(DEFAULTS, years=(2015, 2026))
    narrow = model.series(DEFAULTS, years=(2018, 2019))
    assert narrow["year"].to_list() == [2018, 2019]
    assert wide.filter(pl.col("year").is_between(2018, 2019)).equals(narrow)
    assert row(wide, 2015)["n_articles"] == 0


def test_partial_weights_take_defaults_and_bad_names_are_rejected() -> None:
    model = model_of(SEED_LIKE)
    assert model.series({"threat": DEFAULTS["threat"]}).equals(model.series(DEFAULTS))
    with pytest.raises(WeightsError, match="sanction"):
        model.series({**DEFAULTS, "sanction": 1.0})
    with pytest.raises(WeightsError, match="threat"):
        model.series({**DEFAULTS, "threat": 11.0})


def test_article_scores_match_definition_and_average_to_the_index() -> None:
    docs = [*SEED_LIKE, Doc("f", {}, year=2017), Doc("g", {"agreement": 1}, year=None)]
    model = model_of(docs)
    scores = model.article_scores(DEFAULTS)
    assert_schema(scores, ARTICLE_SCORES)
    assert "g" not in scores["article_id"].to_list()  # undated: not in the index either
    by_id = {r["article_id"]: r for r in scores.to_dicts()}
    for doc in docs[:-1]:
        assert by_id[doc.article_id]["score"] == pytest.approx(score(doc, DEFAULTS))
        assert by_id[doc.article_id]["n_counted"] == sum(doc.counts.values())
    series = model.series(DEFAULTS)
    per_year = scores.group_by("event_year").agg(pl.col("score").mean())
    for year, mean in per_year.iter_rows():
        assert row(series, year)["index"] == pytest.approx(mean)


def test_from_tables_rejects_inconsistent_inputs() -> None:
    articles, signals, dates = tables(SEED_LIKE)
    short = replace(CODEBOOK, signals=CODEBOOK.signals[:-1])
    with pytest.raises(ValueError, match="codebook signals"):
        IndexModel.from_tables(articles, signals, dates, short)
    with pytest.raises(ValueError, match="SIGNALS"):
        IndexModel.from_tables(articles, pl.concat([signals, signals]), dates, CODEBOOK)


def test_article_missing_from_signals_and_dates_is_simply_unscored_and_undated() -> None:
    articles, signals, dates = tables(SEED_LIKE)
    model = IndexModel.from_tables(articles, signals.head(4), dates.head(4), CODEBOOK)
    series = model.series(DEFAULTS)
    assert row(series, 2022)["n_articles"] == 0  # "e" lost its date
    assert row(series, 2017)["n_articles"] == 2


# --- property tests ------------------------------------------------------------------------

weight_values = st.floats(min_value=-10, max_value=10, allow_nan=False)
weights_strategy = st.fixed_dictionaries(dict.fromkeys(SIGNAL_COUNT_COLUMNS, weight_values))


@st.composite
def corpora(draw: st.DrawFn) -> list[Doc]:
    """Small corpora with sparse counts, some undated/unscored articles, a few years."""
    n = draw(st.integers(min_value=0, max_value=12))
    docs = []
    for i in range(n):
        counts = draw(
            st.dictionaries(st.sampled_from(SIGNAL_COUNT_COLUMNS), st.integers(0, 4), max_size=4)
        )
        year = draw(st.one_of(st.none(), st.integers(2016, 2019)))
        confidence = draw(st.floats(0, 1))
        docs.append(Doc(f"a{i:02d}", counts, year=year, confidence=confidence))
    return docs


def indices(series: pl.DataFrame) -> list[float | None]:
    return series["index"].to_list()


@settings(max_examples=60, deadline=None)
@given(corpora(), weights_strategy)
def test_index_stays_on_the_scale(docs: list[Doc], weights: dict[str, float]) -> None:
    series = model_of(docs).series(weights, years=(2016, 2019))
    for column in ("index", "ci_low", "ci_high"):
        for value in series[column].drop_nulls().to_list():
            assert min(weights.values()) <= value <= max(weights.values())
            assert -10 <= value <= 10


@settings(max_examples=60, deadline=None)
@given(corpora(), weights_strategy, st.floats(-1, 1, allow_nan=False))
def test_scaling_all_weights_scales_every_index(
    docs: list[Doc], weights: dict[str, float], k: float
) -> None:
    model = model_of(docs)
    base = indices(model.series(weights, years=(2016, 2019)))
    scaled = indices(model.series({s: k * w for s, w in weights.items()}, years=(2016, 2019)))
    for b, s in zip(base, scaled, strict=True):
        assert (b is None) == (s is None)
        if b is not None and s is not None:
            assert s == pytest.approx(k * b, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(corpora(), weights_strategy, st.sampled_from(SIGNAL_COUNT_COLUMNS), st.floats(0, 20))
def test_raising_one_weight_never_lowers_an_index(
    docs: list[Doc], weights: dict[str, float], signal: str, step: float
) -> None:
    model = model_of(docs)
    raised = {**weights, signal: min(10.0, weights[signal] + step)}
    before = indices(model.series(weights, years=(2016, 2019)))
    after = indices(model.series(raised, years=(2016, 2019)))
    for b, a in zip(before, after, strict=True):
        if b is not None and a is not None:
            assert a >= b - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), weights_strategy, st.data())
def test_a_marked_duplicate_never_changes_the_series(
    docs: list[Doc], weights: dict[str, float], data: st.DataObject
) -> None:
    if not docs:
        return
    original = data.draw(st.sampled_from(docs))
    copy = replace(
        original, article_id="dup-" + original.article_id, duplicate_of=original.article_id
    )
    position = data.draw(st.integers(0, len(docs)))
    with_copy = [*docs[:position], copy, *docs[position:]]
    before = model_of(docs).series(weights, years=(2016, 2019))
    after = model_of(with_copy).series(weights, years=(2016, 2019))
    assert before.equals(after)


@settings(max_examples=30, deadline=None)
@given(corpora(), weights_strategy)
def test_identical_inputs_give_byte_identical_json(
    docs: list[Doc], weights: dict[str, float]
) -> None:
    def render() -> bytes:
        articles, signals, dates = tables(docs)
        series = IndexModel.from_tables(articles, signals, dates, CODEBOOK).series(weights)
        metadata = export.export_metadata(
            product_version="0.0.test",
            weights=weights,
            codebook_version="test",
            codebook_sha256="0" * 64,
            corpus_fingerprint=export.corpus_fingerprint(articles),
            years=(2017, 2024),
            min_confidence=0.0,
            include_duplicates=False,
            generated_at="2026-01-01T00:00:00+00:00",
        )
        return export.series_json(series, metadata)

    assert render() == render()
