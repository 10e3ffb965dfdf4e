"""US–Russia relations index: the Streamlit dashboard (`streamlit run dashboard/app.py`).

A thin layer: widgets in, `metrics` calls, pure figure/HTML builders out. Extraction is cached
per corpus content (`dashboard.data`); a slider move only re-weights the precomputed model.
Every view is a permalink: the sidebar state is mirrored into the URL (`dashboard.state`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `streamlit run dashboard/app.py` runs this file as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.graph_objects as go
import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import charts, downloads, highlight, state
from dashboard.data import Corpus, UploadRejected, base_corpus, upload_corpus
from dashboard.palette import signal_colours
from dashboard.summary import headline
from metrics import export
from metrics.pipeline import Analysis, Progress
from metrics.weights import GOLDSTEIN, PRESETS, preset_weights

LOG = logging.getLogger("dashboard")
DEFAULT_YEARS = (2017, 2024)
GROUPS = ("contact", "cooperation", "conflict")
REPORT_ROWS = 1000
"""Ingest-report rows sent to the browser (a 100k-row table would slow every rerun)."""
UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "jsonl", "parquet"]
FRIENDLY_ERROR = (
    "Something went wrong while preparing this part of the page. The rest of the dashboard "
    "still works; try another setting or reload. Details: {detail}"
)

K_PRESET, K_YEARS, K_CONF, K_DUPS = "preset", "years", "conf", "dups"
K_CHART, K_YEAR, K_ARTICLE = "index_chart", "drill_year", "drill_article"
K_UPLOADS, K_COMBINE, K_TEXT_COLUMN = "uploads", "combine", "text_column"
K_TAB = "tab"
TABS = ("Index", "Why this value", "Your corpus", "Method", "Downloads")
K_LOADED, K_NOTICES, K_LOADED_QUERY = "_url_loaded", "_url_notices", "_url_loaded_query"


def weight_key(signal: str) -> str:
    return state.WEIGHT_PREFIX + signal


# --- corpus ------------------------------------------------------------------------------------


def lazy_progress(placeholder: DeltaGenerator) -> Progress:
    """Drive an `st.progress` bar from the pipeline's (done, total, stage) callback.

    The bar is only drawn once the pipeline actually reports, so a cached corpus (every rerun
    after the first) draws nothing.
    """

    def report(done: int, total: int, label: str) -> None:
        placeholder.progress(
            min(1.0, done / max(total, 1)), text=f"Processing the corpus: {label}…"
        )

    return report


def corpus_controls() -> None:
    """Upload widgets (rendered inside the "Your corpus" tab)."""
    st.file_uploader(
        "Upload articles: .txt/.md/.html files, or one CSV/JSONL/Parquet table",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=K_UPLOADS,
        help="Files stay in this browser session only. A manifest.csv adds titles and dates.",
    )
    st.toggle(
        "Combine with the bundled seed articles (off: analyse only your files)",
        key=K_COMBINE,
    )
    st.text_input("Text column in tables", key=K_TEXT_COLUMN)


@dataclass(frozen=True)
class UploadProblem:
    """Why an upload is not shown: a message, and the ingest report when there is one."""

    message: str
    report: pl.DataFrame | None = None


def load_corpus(
    base: Callable[[Progress | None], Corpus], placeholder: DeltaGenerator
) -> tuple[Corpus, UploadProblem | None]:
    """The corpus to show (base or uploads) and the problem with a failed upload."""
    uploads = st.session_state.get(K_UPLOADS) or []
    error = None
    if uploads:
        files = [(f.name, f.getvalue()) for f in uploads]
        try:
            corpus = upload_corpus(
                files,
                combine=bool(st.session_state.get(K_COMBINE, True)),
                text_column=str(st.session_state.get(K_TEXT_COLUMN) or "text"),
                progress=lazy_progress(placeholder),
            )
            return corpus, None
        except UploadRejected as exc:
            error = UploadProblem(
                f"Your upload could not be used: {exc}. Showing the bundled seeds instead.",
                exc.report,
            )
        except Exception as exc:  # a bad upload must not take the seeds down with it
            LOG.warning("upload failed: %s", exc)
            error = UploadProblem(
                f"Your upload could not be used ({type(exc).__name__}: {exc}). "
                "Showing the bundled seeds instead."
            )
        finally:
            placeholder.empty()
    corpus = base(lazy_progress(placeholder))
    placeholder.empty()
    return corpus, error


# --- view state --------------------------------------------------------------------------------


def make_spec(analysis: Analysis) -> state.StateSpec:
    codebook = analysis.codebook
    signals = tuple(s.id for s in codebook.signals)
    presets = {name: preset_weights(name, codebook) for name in PRESETS}
    years = analysis.dates["event_year"].drop_nulls().unique().to_list()
    return state.StateSpec(
        signals=signals,
        presets=presets,
        default_preset=GOLDSTEIN,
        year_bounds=state.year_bounds([int(y) for y in years], DEFAULT_YEARS),
        default_years=DEFAULT_YEARS,
    )


def apply_state(view: state.ViewState, spec: state.StateSpec) -> None:
    """Write a view into the widgets' session-state keys (before the widgets are drawn)."""
    ss = st.session_state
    for signal in spec.signals:
        ss[weight_key(signal)] = float(view.weights[signal])
    ss[K_PRESET] = state.matching_preset(view.weights, spec) or state.CUSTOM
    ss[K_YEARS] = view.years
    ss[K_CONF] = float(view.min_confidence)
    ss[K_DUPS] = view.include_duplicates
    ss[K_YEAR] = view.year
    ss[K_ARTICLE] = view.article


def year_pair(value: Any) -> tuple[int, int]:
    low, high = value
    return int(low), int(high)


def current_state(spec: state.StateSpec) -> state.ViewState:
    ss = st.session_state
    return state.ViewState(
        weights={s: float(ss[weight_key(s)]) for s in spec.signals},
        years=year_pair(ss[K_YEARS]),
        min_confidence=float(ss[K_CONF]),
        include_duplicates=bool(ss[K_DUPS]),
        year=ss.get(K_YEAR),
        article=ss.get(K_ARTICLE),
    )


def init_state(spec: state.StateSpec) -> None:
    """Once per session: restore the view from the URL, remembering what was ignored."""
    ss = st.session_state
    ss.setdefault(K_COMBINE, True)
    ss.setdefault(K_TEXT_COLUMN, "text")
    if ss.get(K_LOADED):
        # A new corpus can move the year bounds: keep the range inside them.
        ss[K_YEARS] = state.clamp_years(year_pair(ss[K_YEARS]), spec.year_bounds)
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    view, notices = state.parse_query(params, spec)
    apply_state(view, spec)
    ss[K_NOTICES] = notices
    ss[K_LOADED_QUERY] = state.to_query(view, spec)
    ss[K_LOADED] = True


def sync_url(view: state.ViewState, spec: state.StateSpec) -> None:
    """Mirror the view into the URL; forget link notices once the view has moved on."""
    params = state.to_query(view, spec)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    if params != st.session_state.get(K_LOADED_QUERY):
        st.session_state[K_NOTICES] = []


def on_preset(spec: state.StateSpec) -> None:
    name = st.session_state[K_PRESET]
    if name in spec.presets:
        for signal, value in spec.preset(name).items():
            st.session_state[weight_key(signal)] = value


def on_weight(spec: state.StateSpec) -> None:
    weights = {s: float(st.session_state[weight_key(s)]) for s in spec.signals}
    st.session_state[K_PRESET] = state.matching_preset(weights, spec) or state.CUSTOM


def on_reset(spec: state.StateSpec) -> None:
    view = spec.defaults()
    apply_state(view, spec)


def on_chart_select() -> None:
    year = charts.selection_to_year(st.session_state.get(K_CHART))
    if year is not None:
        st.session_state[K_YEAR] = year
        st.session_state[K_ARTICLE] = None


def on_year_change() -> None:
    st.session_state[K_ARTICLE] = None


def sidebar(analysis: Analysis, spec: state.StateSpec) -> None:
    """Weights (grouped), preset, reset, and the filters: all keyed, all in the URL."""
    codebook = analysis.codebook
    with st.sidebar:
        st.header("Weights and filters")
        st.selectbox(
            "Weight preset",
            [*spec.presets, state.CUSTOM],
            key=K_PRESET,
            on_change=on_preset,
            args=(spec,),
            help="\n\n".join(f"**{name}**: {text}" for name, text in PRESETS.items()),
        )
        st.button(
            "Reset to defaults", key="reset", on_click=on_reset, args=(spec,), width="stretch"
        )
        st.slider(
            "Event years",
            min_value=spec.year_bounds[0],
            max_value=spec.year_bounds[1],
            step=1,
            key=K_YEARS,
        )
        st.slider(
            "Minimum year confidence",
            min_value=0.0,
            max_value=1.0,
            step=state.CONFIDENCE_STEP,
            key=K_CONF,
            help="Articles whose event year is less certain than this are left out.",
        )
        st.toggle("Include near-duplicate articles", key=K_DUPS)
        for group in GROUPS:
            members = [s for s in codebook.signals if s.group == group]
            if not members:
                continue
            st.subheader(group.capitalize())
            for signal in members:
                st.slider(
                    f"{signal.label} (CAMEO {signal.cameo})",
                    min_value=state.WEIGHT_MIN,
                    max_value=state.WEIGHT_MAX,
                    step=state.WEIGHT_STEP,
                    key=weight_key(signal.id),
                    on_change=on_weight,
                    args=(spec,),
                    help=f"{signal.description} Default {signal.weight:+g}.",
                )


# --- page sections -----------------------------------------------------------------------------


@st.cache_data(max_entries=512, show_spinner=False)
def cached_series(
    corpus_key: str,
    weights: tuple[tuple[str, float], ...],
    years: tuple[int, int],
    min_confidence: float,
    include_duplicates: bool,
    _analysis: Analysis,
) -> pl.DataFrame:
    """The SERIES for one view; the corpus key stands in for the (unhashed) analysis."""
    return _analysis.series(
        dict(weights),
        years=years,
        min_confidence=min_confidence,
        include_duplicates=include_duplicates,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def cached_fingerprint(corpus_key: str, _analysis: Analysis) -> str:
    """`metrics.export.corpus_fingerprint`, once per corpus."""
    return export.corpus_fingerprint(_analysis.articles)


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_topic_figure(
    corpus_key: str,
    years: tuple[int, int],
    min_confidence: float,
    include_duplicates: bool,
    _analysis: Analysis,
) -> go.Figure | None:
    """The topic heatmap depends on the filters, not the weights: built once per filter set.

    Held as a shared resource (never mutated: `st.plotly_chart` only serialises it).
    """
    ids = _analysis.model.article_scores(
        _analysis.codebook.default_weights(),
        min_confidence=min_confidence,
        include_duplicates=include_duplicates,
    ).select("article_id")
    articles = _analysis.article_table.join(ids, on="article_id", how="semi")
    counts = charts.topic_counts(articles, years)
    if counts.height == 0:
        return None
    topics = list(_analysis.codebook.topics)
    topic_labels = {t: t.replace("_", " ").capitalize() for t in topics}
    return charts.topic_heatmap(counts, years, topics, topic_labels)


def show_failure(exc: Exception, what: str) -> None:
    """Log the traceback for the operator; show the reader a friendly message instead."""
    LOG.exception("%s failed", what)
    st.error(FRIENDLY_ERROR.format(detail=f"{type(exc).__name__}: {exc}"))


def guarded(section: Callable[[], None]) -> None:
    """Run a page section; a failure replaces only that section, not the page."""
    try:
        section()
    except Exception as exc:
        show_failure(exc, "section")


def show_headline(series: pl.DataFrame, corpus: Corpus) -> None:
    head = headline(series)
    cols = st.columns(4)
    if head.year is None or head.value is None:
        cols[0].metric("Index", "no data")
    else:
        delta = None
        if head.change is not None:
            delta = f"{head.change:+.2f} vs {head.previous_year}"
        cols[0].metric(f"Index {head.year}", f"{head.value:+.2f}", delta=delta)
    cols[1].metric("Articles in range", f"{head.n_articles:,}")
    with_data = int(series["index"].is_not_null().sum())
    cols[2].metric("Years with data", f"{with_data} of {series.height}")
    cols[3].metric("Articles in corpus", f"{corpus.analysis.articles.height:,}", help=corpus.label)
    st.caption(head.reading)


def labels_of(analysis: Analysis) -> dict[str, str]:
    return {s.id: s.label for s in analysis.codebook.signals}


def colours_of(analysis: Analysis) -> dict[str, str]:
    return signal_colours([s.id for s in analysis.codebook.signals])


def styles_of(analysis: Analysis) -> highlight.SignalStyles:
    groups = {s.id: s.group for s in analysis.codebook.signals}
    return highlight.SignalStyles(colours_of(analysis), labels_of(analysis), groups)


def export_view(view: state.ViewState) -> downloads.View:
    """The part of a view that decides which numbers are shown: weights and filters."""
    return downloads.View(view.weights, view.years, view.min_confidence, view.include_duplicates)


def year_articles(analysis: Analysis, view: state.ViewState, year: int) -> pl.DataFrame:
    """The drill-down table: the "articles" download of this view, one year, best score first."""
    rows = downloads.articles_frame(analysis, export_view(view))
    return rows.filter(pl.col("event_year") == year).sort(
        pl.col("score").fill_null(float("-inf")), descending=True
    )


def show_index_tab(analysis: Analysis, view: state.ViewState, series: pl.DataFrame) -> None:
    labels = labels_of(analysis)
    figure = charts.index_figure(series, view.years, labels, selected_year=view.year)
    st.plotly_chart(
        figure,
        key=K_CHART,
        on_select=on_chart_select,
        selection_mode="points",
        theme=None,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]},
    )
    st.caption(
        "Bars: articles dated to each year. Shaded band: 90% bootstrap interval. Grey columns: "
        "no scored article (a gap, not zero). Click a marker, or pick a year below, to see why."
    )
    guarded(lambda: show_drilldown(analysis, view))


def optional_choice(label: str, options: list[Any], key: str, **kwargs: Any) -> Any:
    """A selectbox that may be empty, keeping its choice while the choice is still offered.

    A remembered choice the options no longer contain (a new year range, filter or corpus) is
    cleared first; `persist_state` keeps the choice across a visit to another (lazy) tab.
    """
    if st.session_state.get(key) not in options:
        st.session_state[key] = None
    return st.selectbox(label, options, key=key, index=None, persist_state="session", **kwargs)


def show_drilldown(analysis: Analysis, view: state.ViewState) -> None:
    st.subheader("Articles behind a year")
    year = optional_choice(
        "Year to inspect",
        list(range(view.years[0], view.years[1] + 1)),
        key=K_YEAR,
        placeholder="Click a marker on the chart or choose a year",
        on_change=on_year_change,
    )
    if year is None:
        return
    rows = year_articles(analysis, view, int(year))
    if rows.height == 0:
        st.info(f"No article in the current view is dated to {year}.")
        return
    st.caption(
        f"{rows.height} article{'s' if rows.height != 1 else ''} dated to {year} in the current "
        "view, highest score first."
    )
    labels = labels_of(analysis)
    counts = [s for s in labels if s in rows.columns and int(rows[s].fill_null(0).sum()) > 0]
    shown = rows.select(
        "title",
        "source",
        pl.col("score").round(2),
        "n_counted",
        *counts,
        "event_year",
        pl.col("year_confidence").round(2),
        "date_conflict",
        "article_id",
    )
    st.dataframe(
        shown,
        hide_index=True,
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "source": "Source",
            "score": st.column_config.NumberColumn("Score", format="%+.2f"),
            "n_counted": "Counted evidence",
            **{s: st.column_config.NumberColumn(labels[s]) for s in counts},
            "event_year": st.column_config.NumberColumn("Event year", format="%d"),
            "year_confidence": "Year confidence",
            "date_conflict": "Date conflict",
            "article_id": "Article id",
        },
    )
    ids = rows["article_id"].to_list()
    titles = dict(zip(ids, rows["title"].fill_null("(untitled)").to_list(), strict=True))
    article = optional_choice(
        "Article to read",
        ids,
        key=K_ARTICLE,
        format_func=lambda a: f"{titles.get(a, a)} ({a})",
        placeholder="Choose an article to see its evidence",
    )
    if article is not None:
        show_article(analysis, str(article))


def show_article(analysis: Analysis, article_id: str) -> None:
    """One article: highlighted text, legend, evidence table, year evidence, readability."""
    styles = styles_of(analysis)
    article = analysis.articles.filter(pl.col("article_id") == article_id).row(0, named=True)
    segments = analysis.segments.filter(pl.col("article_id") == article_id)
    evidence = analysis.evidence.filter(pl.col("article_id") == article_id)
    numbered = highlight.number_evidence(evidence)
    present = list(dict.fromkeys(numbered["signal"].to_list()))
    st.markdown(f"#### {_plain(article['title'])}")
    meta = [article.get("source"), article.get("url"), article.get("page_date")]
    st.caption(" · ".join(_plain(str(m)) for m in meta if m))
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


def _plain(text: object) -> str:
    """Text for st.markdown/caption that cannot trigger Markdown, LaTeX or directives."""
    escaped = str(text)
    for char in "\\`*_{}[]()<>#+-.!|$:~":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


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


def show_why_tab(
    analysis: Analysis, corpus_key: str, view: state.ViewState, series: pl.DataFrame
) -> None:
    labels = labels_of(analysis)
    colours = colours_of(analysis)
    st.subheader("Each signal's contribution")
    st.caption(
        "A year's index is the mean of its articles' scores; each bar is one signal's share of "
        "it (its weight × its mean share of the articles' counted evidence). Bars add up to "
        "the black diamond."
    )
    st.plotly_chart(
        charts.contribution_figure(series, view.years, labels, colours),
        theme=None,
        key="contrib_chart",
        config={"displaylogo": False},
    )
    st.subheader("Topics agreed on and discussed")
    figure = cached_topic_figure(
        corpus_key, view.years, view.min_confidence, view.include_duplicates, analysis
    )
    if figure is None:
        st.info("No topic agreed on or discussed in the current view.")
        return
    st.plotly_chart(figure, theme=None, key="topic_chart", config={"displaylogo": False})


def show_corpus_report(corpus: Corpus, error: UploadProblem | None) -> None:
    if error is not None and error.report is not None:
        st.markdown("**Your upload's ingest report**")
        st.dataframe(error.report.head(REPORT_ROWS), hide_index=True)
    report = corpus.analysis.ingest_report
    st.markdown(f"**Showing:** {_plain(corpus.label)}")
    statuses = ("accepted", "warning", "set_aside", "rejected")
    cols = st.columns(len(statuses))
    for col, status in zip(cols, statuses, strict=True):
        col.metric(status.replace("_", " ").capitalize(), int((report["status"] == status).sum()))
    problems = report.filter(pl.col("status") != "accepted")
    if problems.height:
        st.dataframe(problems.head(REPORT_ROWS), hide_index=True)
    with st.expander("Full ingest report"):
        if report.height > REPORT_ROWS:
            st.caption(f"First {REPORT_ROWS:,} of {report.height:,} rows.")
        st.dataframe(report.head(REPORT_ROWS), hide_index=True)


def show_method_tab(analysis: Analysis) -> None:
    st.subheader("How the index is computed")
    st.markdown(
        "Each sentence that reports a US–Russia interaction is matched against the codebook. "
        "Only events in the *actual* mode count (planned meetings count as *meeting planned*); "
        "negated, hypothetical and past-reported events are shown but not counted."
    )
    st.latex(
        r"\text{score}_a = \frac{\sum_s w_s\, n_{a,s}}{\sum_s n_{a,s}}, \qquad "
        r"\text{index}_y = \frac{1}{|A_y|} \sum_{a \in A_y} \text{score}_a"
    )
    st.markdown(
        "where $n_{a,s}$ is the number of counted evidence sentences for signal $s$ in article "
        "$a$, $w_s$ the signal's weight on the Goldstein scale (−10 conflict … +10 cooperation) "
        "and $A_y$ the scored articles whose *event* year is $y$. The band is a 90% bootstrap "
        "interval over articles; it needs at least two scored articles."
    )
    st.subheader("Codebook")
    codebook = analysis.codebook
    st.caption(f"Version {codebook.version}; sha256 {codebook.sha256[:12]}…")
    st.dataframe(codebook.table(), hide_index=True)
    st.subheader("Knowledge file")
    knowledge = analysis.knowledge
    people, events = knowledge.people, knowledge.events
    span_years = [
        *[d.year for d in people["start"].drop_nulls().to_list()],
        *[d.year for d in people["end"].drop_nulls().to_list()],
        *[d.year for d in events["date"].drop_nulls().to_list()],
    ]
    cols = st.columns(3)
    cols[0].metric("Officeholders", people["name"].n_unique())
    cols[1].metric("Dated events", events.height)
    span = f"{min(span_years)}–{max(span_years)}" if span_years else "–"
    cols[2].metric("Years covered", span)
    st.caption(f"Knowledge file version {knowledge.version}.")
    st.subheader("Limits")
    st.markdown(
        "- Rules, not a trained model: paraphrases the codebook does not know are missed.\n"
        "- A year with few articles has a wide interval; one article gives no interval at all.\n"
        "- Years are inferred from the text; low-confidence years can be filtered out.\n"
        "- The weights are a choice: the presets and sliders show how much the picture depends "
        "on it.\n"
        "- Near-duplicate articles (syndicated copies) are excluded unless you include them."
    )


def show_downloads_tab(analysis: Analysis, corpus_key: str, view: state.ViewState) -> None:
    st.subheader("Download the current view")
    st.caption(
        "Every file carries the weights, filters, codebook version and a corpus fingerprint."
    )
    dview = export_view(view)
    meta = downloads.metadata(analysis, dview, fingerprint=cached_fingerprint(corpus_key, analysis))
    titles = {
        "series": "Yearly series",
        "articles": "Per-article signals and scores",
        "evidence": "Evidence sentences",
    }
    for kind, title in titles.items():
        cols = st.columns([2, 1, 1, 1])
        cols[0].markdown(f"**{title}**")
        for col, (fmt, (label, mime)) in zip(cols[1:], downloads.FORMATS.items(), strict=True):
            col.download_button(
                label,
                data=downloads.builder(kind, fmt, analysis, dview, meta),
                file_name=downloads.file_name(kind, fmt),
                mime=mime,
                key=f"dl_{kind}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )


# --- page --------------------------------------------------------------------------------------


def main(base: Callable[[Progress | None], Corpus] = base_corpus) -> None:
    """Draw the page. `base` supplies the default corpus (the seeds, or the server's CORPUS)."""
    st.set_page_config(page_title="US–Russia relations index", page_icon="📈", layout="wide")
    st.title("US–Russia relations index")
    head_area = st.container()
    notice_area = st.container()
    progress_area = st.empty()
    # Lazy tabs: only the open tab's body runs and is sent, so a slider move redraws one tab.
    tabs = st.tabs(TABS, key=K_TAB, on_change="rerun")
    with tabs[2]:
        corpus_controls()
        report_area = st.container()
    try:
        corpus, error = load_corpus(base, progress_area)
    except Exception as exc:
        show_failure(exc, "corpus")
        return
    analysis = corpus.analysis
    spec = make_spec(analysis)
    init_state(spec)
    sidebar(analysis, spec)
    view = current_state(spec)
    sync_url(view, spec)
    with notice_area:
        notices = st.session_state.get(K_NOTICES) or []
        if notices:
            st.warning(
                "Some link parameters were ignored:\n\n"
                + "\n".join(f"- {_plain(n)}" for n in notices)
            )
    series = cached_series(
        corpus.key,
        view.weight_key(),
        view.years,
        view.min_confidence,
        view.include_duplicates,
        analysis,
    )
    with head_area:
        guarded(lambda: show_headline(series, corpus))
    if tabs[0].open:
        with tabs[0]:
            guarded(lambda: show_index_tab(analysis, view, series))
    if tabs[1].open:
        with tabs[1]:
            guarded(lambda: show_why_tab(analysis, corpus.key, view, series))
    if error is not None:
        with notice_area:
            st.error(_plain(error.message))
    if tabs[2].open:
        with report_area:
            guarded(lambda: show_corpus_report(corpus, error))
    if tabs[3].open:
        with tabs[3]:
            guarded(lambda: show_method_tab(analysis))
    if tabs[4].open:
        with tabs[4]:
            guarded(lambda: show_downloads_tab(analysis, corpus.key, view))


if __name__ == "__main__":
    main()
