"""Figure builders: gaps stay gaps, bands per run, integer years, customdata carries the year."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest

from dashboard import charts
from metrics.schema import SERIES, SIGNAL_COUNT_COLUMNS

LABELS = {s: s.replace("_", " ") for s in SIGNAL_COUNT_COLUMNS}


def make_series(
    rows: dict[int, tuple[float | None, float | None, float | None, int]],
) -> pl.DataFrame:
    """A SERIES frame from {year: (index, ci_low, ci_high, n_articles)}."""
    data: dict[str, list[Any]] = {name: [] for name in SERIES}
    for year, (index, low, high, n) in sorted(rows.items()):
        data["year"].append(year)
        data["index"].append(index)
        data["ci_low"].append(low)
        data["ci_high"].append(high)
        data["n_articles"].append(n)
        data["n_scored"].append(n if index is not None else 0)
        for s in SIGNAL_COUNT_COLUMNS:
            value = None
            if index is not None:
                value = index if s == "meeting_held" else (-1.0 if s == "sanctions" else 0.0)
            data[f"contribution_{s}"].append(value)
        data["agreed_topics"].append(0)
        data["discussed_topics"].append(0)
    return pl.DataFrame(data, schema=SERIES)


SERIES_WITH_GAP = make_series(
    {
        2017: (1.0, 0.5, 1.5, 3),
        2018: (2.0, 1.0, 3.0, 4),
        2019: (None, None, None, 0),
        2020: (-1.0, -2.0, 0.0, 2),
        2021: (0.5, None, None, 1),
    }
)
YEARS = (2017, 2022)


def traces(figure: go.Figure, kind: str) -> list[Any]:
    return [t for t in figure.data if t.type == kind]


def line_trace(figure: go.Figure) -> Any:
    (line,) = [t for t in traces(figure, "scatter") if t.mode == "lines+markers"]
    return line


def test_complete_years_fills_missing_years_with_nulls() -> None:
    full = charts.complete_years(SERIES_WITH_GAP, YEARS)
    assert full["year"].to_list() == [2017, 2018, 2019, 2020, 2021, 2022]
    assert full["index"].to_list()[-1] is None


def test_runs() -> None:
    assert charts.runs([True, True, False, True]) == [(0, 2), (3, 4)]
    assert charts.runs([False, False]) == []
    assert charts.runs([True]) == [(0, 1)]


def test_line_has_explicit_gaps_never_zero() -> None:
    figure = charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS)
    line = line_trace(figure)
    assert line.connectgaps is False
    assert list(line.x) == [2017, 2018, 2019, 2020, 2021, 2022]
    assert list(line.y) == [1.0, 2.0, None, -1.0, 0.5, None]


def test_no_data_years_are_labelled() -> None:
    figure = charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS)
    labels = [a.text for a in figure.layout.annotations]
    assert labels.count("no data") == 2  # 2019 and 2022
    shaded = sorted(s.x0 for s in figure.layout.shapes)
    assert shaded == [2018.5, 2021.5]


def test_one_band_polygon_per_unbroken_run() -> None:
    figure = charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS)
    bands = [t for t in traces(figure, "scatter") if t.fill == "toself"]
    # Runs with an interval: 2017–2018 and 2020 (2021 has no interval: one article).
    assert len(bands) == 2
    first, second = bands
    assert list(first.x) == [2017, 2018, 2018, 2017]
    assert list(first.y) == [1.5, 3.0, 1.0, 0.5]
    assert min(second.x) > 2019
    assert max(second.x) < 2021
    assert sum(1 for b in bands if b.showlegend) == 1


def test_integer_year_ticks() -> None:
    figure = charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS)
    assert figure.layout.xaxis.dtick == 1
    assert figure.layout.xaxis.tickformat == "d"


def test_template_is_explicit_whatever_the_global_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pio.templates, "default", "ggplot2")
    expected = pio.templates[charts.TEMPLATE]
    counts = charts.topic_counts(
        pl.DataFrame(
            {"event_year": [2018], "agreed_topics": [["syria"]], "discussed_topics": [[]]},
            schema={
                "event_year": pl.Int32,
                "agreed_topics": pl.List(pl.String),
                "discussed_topics": pl.List(pl.String),
            },
        ),
        YEARS,
    )
    for figure in (
        charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS),
        charts.contribution_figure(SERIES_WITH_GAP, YEARS, LABELS),
        charts.topic_heatmap(counts, YEARS, ["syria"], {}),
    ):
        assert figure.layout.template == expected


def test_customdata_and_hover_carry_year_n_and_top_signals() -> None:
    figure = charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS)
    line = line_trace(figure)
    first = line.customdata[0]
    assert first[0] == 2017
    assert first[4] == 3  # n articles
    assert "meeting held +1.00" in first[6]
    assert "sanctions -1.00" in first[6]
    assert "%{customdata[2]}" in line.hovertemplate
    for trace in figure.data:
        if trace.customdata is not None:
            years = [row[0] for row in trace.customdata]
            assert years == list(trace.x)


def test_marker_size_grows_with_articles() -> None:
    line = line_trace(charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS))
    sizes = list(line.marker.size)
    assert sizes[1] > sizes[0] > sizes[4]


def test_contribution_figure_stacks_signals_with_nonzero_values() -> None:
    figure = charts.contribution_figure(SERIES_WITH_GAP, YEARS, LABELS)
    names = [t.name for t in traces(figure, "bar")]
    assert names == ["meeting held", "sanctions"]
    assert figure.layout.barmode == "relative"
    (index,) = traces(figure, "scatter")
    assert list(index.y) == [1.0, 2.0, None, -1.0, 0.5, None]


def test_topic_counts_and_heatmap() -> None:
    articles = pl.DataFrame(
        {
            "event_year": [2018, 2018, 2019, None],
            "agreed_topics": [["syria"], ["syria", "iran"], [], ["syria"]],
            "discussed_topics": [["ukraine"], [], ["syria"], []],
        },
        schema={
            "event_year": pl.Int32,
            "agreed_topics": pl.List(pl.String),
            "discussed_topics": pl.List(pl.String),
        },
    )
    counts = charts.topic_counts(articles, (2017, 2024))
    got = {(r["year"], r["topic"]): (r["agreed"], r["discussed"]) for r in counts.to_dicts()}
    assert got == {
        (2018, "iran"): (1, 0),
        (2018, "syria"): (2, 0),
        (2018, "ukraine"): (0, 1),
        (2019, "syria"): (0, 1),
    }
    figure = charts.topic_heatmap(counts, (2017, 2024), ["syria", "ukraine", "iran"], {})
    agreed, discussed = traces(figure, "heatmap")
    assert list(agreed.y) == ["syria", "ukraine", "iran"]
    assert list(agreed.x) == list(range(2017, 2025))
    assert agreed.z[0][1] == 2  # syria agreed in 2018
    assert discussed.z[0][2] == 1  # syria discussed in 2019


@pytest.mark.parametrize(
    ("event", "year"),
    [
        (None, None),
        ({}, None),
        ({"selection": {"points": []}}, None),
        ({"selection": {"points": [{"customdata": [2019, "+1.00"], "point_index": 0}]}}, 2019),
        ({"selection": {"points": [{"customdata": 2020.0}]}}, 2020),
        ({"selection": {"points": [{"customdata": ["2021"]}]}}, 2021),
        # A band polygon point has no customdata: skip it and use the next point.
        ({"selection": {"points": [{"x": 2017.1}, {"customdata": [2018, 3]}]}}, 2018),
        ({"selection": {"points": [{"customdata": ["no"]}, {"customdata": [True]}]}}, None),
    ],
)
def test_selection_to_year(event: Any, year: int | None) -> None:
    assert charts.selection_to_year(event) == year


def test_selection_ignores_point_index() -> None:
    event = {"selection": {"points": [{"point_index": 0, "customdata": [2022]}]}}
    assert charts.selection_to_year(event) == 2022


def test_figures_are_valid_plotly_specs() -> None:
    """The app skips validation for speed, so every spec is fully validated here."""
    for figure in (
        charts.index_figure(SERIES_WITH_GAP, YEARS, LABELS, selected_year=2018),
        charts.contribution_figure(SERIES_WITH_GAP, YEARS, LABELS),
    ):
        validated = go.Figure(figure.to_dict())
        assert validated.to_dict()["data"] == figure.to_dict()["data"]
