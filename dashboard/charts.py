"""Pure Plotly figure builders for the dashboard (no Streamlit import).

Every figure sets its template explicitly: importing Streamlit changes Plotly's global default,
and an exported figure should look the same inside and outside the app.

Missing years are data too: a year with no scored article is drawn as an explicit, labelled gap
(null on the line with `connectgaps=False`, a shaded column saying "no data"), never as zero and
never bridged by a line or an interval band.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from plotly.subplots import make_subplots

from dashboard.palette import (
    ARTICLE_BAR,
    BAND_FILL,
    INDEX_LINE,
    NO_DATA_FILL,
    signal_colours,
)

TEMPLATE = "plotly_white"
FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 13}
SINGLE_YEAR_HALF_WIDTH = 0.12
"""Half-width (in years) of the interval box drawn for an isolated year."""
INDEX_MARGIN = {"l": 64, "r": 10, "t": 52, "b": 60}
"""Margins (px) that already fit the index figure's axis titles, tick labels and legend row.

With smaller ones Plotly's automargin grows them after a first layout pass and lays the whole
figure out again: a cold draw took ~160 ms instead of ~115 ms. Automargin stays on, so unusually
wide labels still fit (at the old cost).
"""


def complete_years(series: pl.DataFrame, years: tuple[int, int]) -> pl.DataFrame:
    """The series with exactly one row per year of the range (missing years as null rows)."""
    frame = pl.DataFrame({"year": pl.int_range(years[0], years[1] + 1, eager=True).cast(pl.Int32)})
    data = series.with_columns(pl.col("year").cast(pl.Int32))
    return frame.join(data, on="year", how="left").sort("year")


def runs(values: Sequence[bool]) -> list[tuple[int, int]]:
    """Half-open index ranges of consecutive True values: [T, T, F, T] → [(0, 2), (3, 4)]."""
    result: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate(values):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            result.append((start, i))
            start = None
    if start is not None:
        result.append((start, len(values)))
    return result


def contribution_columns(series: pl.DataFrame) -> list[str]:
    """Signal ids that have a `contribution_<signal>` column, in column order."""
    prefix = "contribution_"
    return [c[len(prefix) :] for c in series.columns if c.startswith(prefix)]


def top_contributions(series: pl.DataFrame, labels: Mapping[str, str], k: int = 3) -> list[str]:
    """Per row, the k signals with the largest absolute contribution, as hover text."""
    signals = contribution_columns(series)
    texts: list[str] = []
    for row in series.iter_rows(named=True):
        pairs = [
            (s, float(row[f"contribution_{s}"]))
            for s in signals
            if row[f"contribution_{s}"] is not None and row[f"contribution_{s}"] != 0
        ]
        pairs.sort(key=lambda p: -abs(p[1]))
        texts.append(", ".join(f"{labels.get(s, s)} {v:+.2f}" for s, v in pairs[:k]) or "none")
    return texts


def _fmt(value: float | None, spec: str = "+.2f") -> str:
    return "–" if value is None else format(value, spec)


@functools.cache
def _template() -> dict[str, Any]:
    """The explicit template, expanded once (Plotly.js knows no template names)."""
    template: dict[str, Any] = pio.templates[TEMPLATE].to_plotly_json()
    return template


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from a complete spec, skipping Plotly's per-property validation.

    Validating a figure (and copying its template) costs ~50 ms, paid on every slider move;
    the specs are fixed code, so tests validate them fully instead (`go.Figure(fig.to_dict())`).
    """
    return go.Figure(
        {"data": traces, "layout": {**layout, "template": _template()}}, _validate=False
    )


def _year_axis(years: tuple[int, int], **extra: Any) -> dict[str, Any]:
    return {
        "dtick": 1,
        "tickformat": "d",
        "range": [years[0] - 0.5, years[1] + 0.5],
        "showgrid": False,
        **extra,
    }


def index_figure(
    series: pl.DataFrame,
    years: tuple[int, int],
    labels: Mapping[str, str],
    *,
    selected_year: int | None = None,
) -> go.Figure:
    """Yearly index as line + markers, 90% band per unbroken run, article counts as bars.

    Each point's `customdata[0]` is its year, so a click maps to a year whatever the trace.
    The figure is assembled as one spec and validated once: building it trace by trace
    (make_subplots, add_vrect…) cost ~5× more, and this runs on every slider move.
    """
    data = complete_years(series, years)
    year_list = [int(y) for y in data["year"]]
    index = data["index"].to_list()
    low = data["ci_low"].to_list()
    high = data["ci_high"].to_list()
    n_articles = [int(n or 0) for n in data["n_articles"].fill_null(0)]
    n_scored = [int(n or 0) for n in data["n_scored"].fill_null(0)]
    tops = top_contributions(data, labels)
    max_n = max([1, *n_articles])

    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": year_list,
            "y": n_articles,
            "xaxis": "x2",
            "yaxis": "y2",
            "name": "Articles dated to the year",
            "marker": {"color": ARTICLE_BAR},
            "customdata": [[y, n] for y, n in zip(year_list, n_articles, strict=True)],
            "hovertemplate": "%{customdata[0]}: %{customdata[1]} articles<extra></extra>",
        }
    ]
    has_band = [a is not None and b is not None for a, b in zip(low, high, strict=True)]
    for number, (start, end) in enumerate(runs(has_band)):
        xs: list[float] = [float(y) for y in year_list[start:end]]
        upper = [float(v) for v in high[start:end]]
        lower = [float(v) for v in low[start:end]]
        if len(xs) == 1:  # an isolated year: a narrow box, not an invisible zero-width polygon
            xs = [xs[0] - SINGLE_YEAR_HALF_WIDTH, xs[0] + SINGLE_YEAR_HALF_WIDTH]
            upper, lower = upper * 2, lower * 2
        traces.append(
            {
                "type": "scatter",
                "x": xs + xs[::-1],
                "y": upper + lower[::-1],
                "fill": "toself",
                "fillcolor": BAND_FILL,
                "line": {"width": 0},
                "mode": "lines",
                "name": "90% interval",
                "legendgroup": "band",
                "showlegend": number == 0,
                "hoverinfo": "skip",
            }
        )
    sizes = [8 + 14 * math.sqrt(n / max_n) if n else 8 for n in n_scored]
    customdata = [
        [y, _fmt(v), _fmt(a), _fmt(b), n, s, top]
        for y, v, a, b, n, s, top in zip(
            year_list, index, low, high, n_articles, n_scored, tops, strict=True
        )
    ]
    colours = ["#BB5566" if y == selected_year else INDEX_LINE for y in year_list]
    traces.append(
        {
            "type": "scatter",
            "x": year_list,
            "y": index,
            "mode": "lines+markers",
            "connectgaps": False,
            "name": "Index (marker size = scored articles)",
            "line": {"color": INDEX_LINE, "width": 2.5},
            "marker": {"size": sizes, "color": colours, "line": {"color": "white", "width": 1}},
            "customdata": customdata,
            "hovertemplate": (
                "<b>%{customdata[0]}</b>: index %{customdata[1]}<br>"
                "90% interval %{customdata[2]} to %{customdata[3]}<br>"
                "%{customdata[4]} articles, %{customdata[5]} scored<br>"
                "Top signals: %{customdata[6]}<extra></extra>"
            ),
        }
    )
    gaps = [y for y, v in zip(year_list, index, strict=True) if v is None]
    layout: dict[str, Any] = {
        "font": FONT,
        "height": 430,
        "margin": INDEX_MARGIN,
        "hovermode": "closest",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "bargap": 0.5,
        "clickmode": "event+select",
        "dragmode": False,
        # Two rows sharing the year axis: index on top, article counts below, so a count
        # bar never hides a (possibly negative) index marker.
        "xaxis": _year_axis(years, anchor="y", matches="x2", showticklabels=False),
        "xaxis2": _year_axis(years, anchor="y2", title={"text": "Event year"}),
        "yaxis": {
            "domain": [0.26, 1.0],
            "anchor": "x",
            "title": {"text": "Index (−10 … +10)"},
            "zeroline": True,
            "zerolinecolor": "#888888",
            "zerolinewidth": 1.5,
            "rangemode": "tozero",  # 0 (neutral) always in view, so a value reads against it
        },
        "yaxis2": {
            "domain": [0.0, 0.2],
            "anchor": "x2",
            "title": {"text": "Articles"},
            "range": [0, max_n * 1.15],
            "tickmode": "array",
            "tickvals": sorted({0, max_n}),
            "tickformat": "d",
            "showgrid": False,
        },
        "shapes": [
            {
                "type": "rect",
                "xref": "x",
                "yref": "y domain",
                "x0": year - 0.5,
                "x1": year + 0.5,
                "y0": 0,
                "y1": 1,
                "fillcolor": NO_DATA_FILL,
                "line": {"width": 0},
                "layer": "below",
            }
            for year in gaps
        ],
        "annotations": [
            {
                "text": "no data",
                "xref": "x",
                "yref": "y domain",
                "x": year,
                "y": 1,
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 12, "color": "#555555"},
            }
            for year in gaps
        ],
    }
    return _figure(traces, layout)


def contribution_figure(
    series: pl.DataFrame,
    years: tuple[int, int],
    labels: Mapping[str, str],
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Stacked bars of each signal's contribution per year; the index as a marker on top.

    Contributions add up to the index, so the bars answer "why this value".
    """
    data = complete_years(series, years)
    signals = contribution_columns(data)
    colours = colours or signal_colours(signals)
    year_list = [int(y) for y in data["year"]]
    traces: list[dict[str, Any]] = []
    for signal in signals:
        values = data[f"contribution_{signal}"].to_list()
        if all(v is None or v == 0 for v in values):
            continue
        label = labels.get(signal, signal)
        traces.append(
            {
                "type": "bar",
                "x": year_list,
                "y": values,
                "name": label,
                "marker": {
                    "color": colours.get(signal, "#999999"),
                    "line": {"color": "#333333", "width": 0.5},
                },
                "customdata": [[y] for y in year_list],
                "hovertemplate": f"%{{x}}: {label} %{{y:+.2f}}<extra></extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": year_list,
            "y": data["index"].to_list(),
            "mode": "markers",
            "name": "Index",
            "marker": {"symbol": "diamond", "size": 10, "color": "#000000"},
            "customdata": [[y] for y in year_list],
            "hovertemplate": "%{x}: index %{y:+.2f}<extra></extra>",
        }
    )
    layout = {
        "font": FONT,
        "barmode": "relative",
        "height": 400,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"title": {"text": "Signal"}},
        "xaxis": _year_axis(years),
        "yaxis": {"title": {"text": "Contribution to the index"}, "zeroline": True},
    }
    return _figure(traces, layout)


def topic_counts(articles: pl.DataFrame, years: tuple[int, int]) -> pl.DataFrame:
    """(year, topic, agreed, discussed) counts from per-article topic lists and event years.

    `articles` holds the articles in the current view with `event_year`, `agreed_topics`,
    `discussed_topics` (lists of topic ids).
    """
    frames = []
    for column in ("agreed_topics", "discussed_topics"):
        frames.append(
            articles.select(
                pl.col("event_year").cast(pl.Int32).alias("year"), pl.col(column).alias("topic")
            )
            .explode("topic")
            .drop_nulls()
            .filter(pl.col("year").is_between(years[0], years[1]))
            .group_by("year", "topic")
            .len()
            .rename({"len": column.removesuffix("_topics")})
        )
    counts = frames[0].join(frames[1], on=["year", "topic"], how="full", coalesce=True)
    return counts.with_columns(
        pl.col("agreed").fill_null(0).cast(pl.Int64),
        pl.col("discussed").fill_null(0).cast(pl.Int64),
    ).sort("year", "topic")


def topic_heatmap(
    counts: pl.DataFrame,
    years: tuple[int, int],
    topics: Sequence[str],
    labels: Mapping[str, str],
) -> go.Figure:
    """Year × topic heatmaps side by side: topics agreed on, and topics only discussed."""
    year_list = list(range(years[0], years[1] + 1))
    present = set(counts["topic"].to_list())
    ordered = [t for t in topics if t in present] + sorted(present - set(topics))
    figure = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        subplot_titles=("Agreed on", "Discussed (no agreement)"),
        horizontal_spacing=0.04,
    )
    lookup = {(int(r["year"]), str(r["topic"])): r for r in counts.iter_rows(named=True)}
    zmax = max([1, *counts["agreed"].to_list(), *counts["discussed"].to_list()])
    for col, (kind, scale) in enumerate((("agreed", "Greens"), ("discussed", "Blues")), start=1):
        z = [
            [int(lookup[(y, t)][kind]) if (y, t) in lookup else 0 for y in year_list]
            for t in ordered
        ]
        figure.add_trace(
            go.Heatmap(
                x=year_list,
                y=[labels.get(t, t) for t in ordered],
                z=z,
                zmin=0,
                zmax=zmax,
                colorscale=scale,
                showscale=False,
                texttemplate="%{z}",
                hovertemplate=f"%{{x}} · %{{y}}: %{{z}} articles ({kind})<extra></extra>",
                xgap=2,
                ygap=2,
            ),
            row=1,
            col=col,
        )
    figure.update_layout(
        template=TEMPLATE,
        font=FONT,
        height=max(220, 60 + 28 * len(ordered)),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    figure.update_xaxes(dtick=1, tickformat="d")
    return figure


def selection_to_year(event: Mapping[str, Any] | None) -> int | None:
    """The year of the first selected point that carries one in `customdata[0]`.

    Reads customdata rather than `point_index`: with several traces (bars, bands, line) the
    point index does not identify a year. Returns None for an empty or foreign selection.
    """
    if not event:
        return None
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    for point in points or []:
        if not isinstance(point, Mapping):
            continue
        custom = point.get("customdata")
        value = custom[0] if isinstance(custom, list | tuple) and custom else custom
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
    return None
