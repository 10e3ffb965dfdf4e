"""The drill-down's article view: one article's text with every evidence span highlighted.

Beside the text: the legend, the evidence table (mode and rule per row), the year evidence and
the readability figures. Article text is untrusted: it reaches the page only through
`highlight.render_article` (HTML-escaped before any mark is added) and `st.html`; titles and
metadata go through `plain` before `st.markdown`/`st.caption`.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import highlight
from dashboard.palette import signal_colours
from metrics.pipeline import Analysis


def plain(text: object) -> str:
    """Text for st.markdown/caption that cannot trigger Markdown, LaTeX or directives."""
    escaped = str(text)
    for char in "\\`*_{}[]()<>#+-.!|$:~":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def styles_of(analysis: Analysis) -> highlight.SignalStyles:
    """Colour, label and group of every codebook signal (the same colours as the charts)."""
    signals = analysis.codebook.signals
    return highlight.SignalStyles(
        signal_colours([s.id for s in signals]),
        {s.id: s.label for s in signals},
        {s.id: s.group for s in signals},
    )


def show_article(analysis: Analysis, article_id: str) -> None:
    """One article: highlighted text, legend, evidence table, year evidence, readability."""
    styles = styles_of(analysis)
    article = analysis.articles.filter(pl.col("article_id") == article_id).row(0, named=True)
    segments = analysis.segments.filter(pl.col("article_id") == article_id)
    evidence = analysis.evidence.filter(pl.col("article_id") == article_id)
    numbered = highlight.number_evidence(evidence)
    present = list(dict.fromkeys(numbered["signal"].to_list()))
    st.markdown(f"#### {plain(article['title'])}")
    meta = [article.get("source"), article.get("url"), article.get("page_date")]
    st.caption(" · ".join(plain(str(m)) for m in meta if m))
    left, right = st.columns([3, 2])
    with left:
        if present:
            st.html(highlight.legend_html(present, styles))
        else:
            st.caption("No evidence found in this article.")
        st.html(highlight.render_article(article["text"], segments, evidence, styles))
    with right:
        st.markdown("**Evidence**")
        st.dataframe(
            numbered.select(
                "n",
                pl.col("signal")
                .replace_strict(styles.labels, default=pl.col("signal"))
                .alias("signal"),
                "mode",
                "counted",
                "rule_id",
                "matched_text",
                "sentence",
            ),
            hide_index=True,
            column_config={"n": st.column_config.NumberColumn("#", format="%d")},
        )
        show_dating(analysis, article_id)
        show_readability(analysis, article_id)


def _first_row(frame: pl.DataFrame) -> dict[str, Any] | None:
    """The one row an article has in a per-article table, or None when it has none."""
    return frame.row(0, named=True) if frame.height else None


def show_dating(analysis: Analysis, article_id: str) -> None:
    dates = analysis.dates.filter(pl.col("article_id") == article_id)
    row = _first_row(dates)
    if row is None:
        return
    st.markdown("**Event year**")
    year = row["event_year"] if row["event_year"] is not None else "unknown"
    st.write(f"{year} (confidence {row['year_confidence'] or 0:.2f}, method: {row['year_method']})")
    if row["date_conflict"]:
        st.warning(f"Date conflict: {row['date_conflict_message'] or 'page date disagrees'}")
    evidence = dates.select("year_evidence").explode("year_evidence").unnest("year_evidence")
    evidence = evidence.drop_nulls("kind") if "kind" in evidence.columns else evidence
    if evidence.height:
        st.dataframe(
            evidence.select("kind", "text", "year_min", "year_max", "weight"), hide_index=True
        )


def show_readability(analysis: Analysis, article_id: str) -> None:
    row = _first_row(analysis.signals.filter(pl.col("article_id") == article_id))
    if row is None:
        return
    st.markdown("**Readability**")
    a, b = st.columns(2)
    a.metric("Flesch reading ease", _number(row["flesch_reading_ease"], ".1f"))
    b.metric("Flesch–Kincaid grade", _number(row["flesch_kincaid_grade"], ".1f"))
    a.metric("Words", _number(row["word_count"], ",d"))
    b.metric("Sentences", _number(row["sentence_count"], ",d"))


def _number(value: float | int | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)
