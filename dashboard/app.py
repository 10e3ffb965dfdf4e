"""US–Russia relations index: the Streamlit dashboard (`streamlit run dashboard/app.py`).

A thin layer: widgets in, `metrics` calls, pure figure/HTML builders out. Extraction is cached
per corpus content (`dashboard.data`); a slider move only re-weights the precomputed model.
Every view is a permalink: the sidebar state is mirrored into the URL (`dashboard.state`).
This module is the page's wiring; the drill-down's article view and the Method tab live in
`dashboard.article_view` and `dashboard.method`.
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

from dashboard import charts, downloads, state
from dashboard.article_view import plain, show_article
from dashboard.data import Corpus, UploadRejected, base_corpus, upload_corpus
from dashboard.method import show_method_tab
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
K_PRESET_PICKED, K_WEIGHT_MOVED = "_preset_picked", "_weight_moved"


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


def on_preset() -> None:
    st.session_state[K_PRESET_PICKED] = True


def on_weight() -> None:
    st.session_state[K_WEIGHT_MOVED] = True


def resolve_weights(spec: state.StateSpec) -> None:
    """Apply this rerun's preset pick or slider moves (before the sidebar is drawn).

    A person changes one widget per rerun, so a rerun never brings a deliberate preset pick
    together with a slider move. When it brings both, the browser sent the move before it had
    seen the "Custom" that its previous move put in the picker: the preset it reports is the
    old one, not a choice. Applying it threw the person's weights away (quick arrow-key presses
    on a slider reset every weight to the preset), so a moved slider wins.
    """
    ss = st.session_state
    picked = ss.pop(K_PRESET_PICKED, False)
    moved = ss.pop(K_WEIGHT_MOVED, False)
    if moved:
        weights = {s: float(ss[weight_key(s)]) for s in spec.signals}
        ss[K_PRESET] = state.matching_preset(weights, spec) or state.CUSTOM
    elif picked and ss[K_PRESET] in spec.presets:
        for signal, value in spec.preset(ss[K_PRESET]).items():
            ss[weight_key(signal)] = value


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
    st.markdown(f"**Showing:** {plain(corpus.label)}")
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

PAGE_ICON = "📈"


def warm_up(corpus: Corpus) -> None:
    """Pay the default page's one-off costs before the first visitor does.

    `dashboard.serve` calls this before the server opens. The first run of the page otherwise
    spends ~0.3 s on lazy imports (numpy's masked arrays in the series, Plotly's figure classes
    and JSON encoder, Streamlit's emoji catalogue for the page icon) and a stack walk that every
    later run gets for free. Only the work is repeated here, nothing is cached: the first
    visitor's run still computes its own view.
    """
    import inspect

    import plotly.io as pio
    import plotly.tools  # noqa: F401  (imported by st.plotly_chart on its first call)
    from streamlit.string_util import is_emoji

    analysis = corpus.analysis
    view = make_spec(analysis).defaults()
    series = analysis.series(
        dict(view.weights),
        years=view.years,
        min_confidence=view.min_confidence,
        include_duplicates=view.include_duplicates,
    )
    headline(series)
    pio.to_json(charts.index_figure(series, view.years, labels_of(analysis)), validate=False)
    is_emoji(PAGE_ICON)
    # Streamlit's first element call walks the stack once (a REPL check) and `inspect` then maps
    # every loaded module to its file; doing it here leaves only the modules imported later.
    inspect.stack()


def main(base: Callable[[Progress | None], Corpus] = base_corpus) -> None:
    """Draw the page. `base` supplies the default corpus (the seeds, or the server's CORPUS).

    The index chart is sent first, the sidebar and the rest after it. On a cold load the
    browser, not the server, is the bottleneck, and it fetches Plotly's large bundle only once
    the chart element arrives; sent first, the chart is drawn ~0.2 s sooner
    (`tests/bench/bench_dashboard.py`). Session state holds every widget's value before the
    widget is drawn (from the URL on the first run), so the view is known up front.
    """
    st.set_page_config(page_title="US–Russia relations index", page_icon=PAGE_ICON, layout="wide")
    st.title("US–Russia relations index")
    head_area = st.container()
    notice_area = st.container()
    progress_area = st.empty()
    # Lazy tabs: only the open tab's body runs and is sent, so a slider move redraws one tab.
    tabs = st.tabs(TABS, key=K_TAB, on_change="rerun")
    try:
        corpus, error = load_corpus(base, progress_area)
    except Exception as exc:
        show_failure(exc, "corpus")
        with tabs[2]:
            corpus_controls()
        return
    analysis = corpus.analysis
    spec = make_spec(analysis)
    init_state(spec)
    resolve_weights(spec)
    view = current_state(spec)
    sync_url(view, spec)
    series = cached_series(
        corpus.key,
        view.weight_key(),
        view.years,
        view.min_confidence,
        view.include_duplicates,
        analysis,
    )
    if tabs[0].open:
        with tabs[0]:
            guarded(lambda: show_index_tab(analysis, view, series))
    sidebar(analysis, spec)
    with head_area:
        guarded(lambda: show_headline(series, corpus))
    with notice_area:
        notices = st.session_state.get(K_NOTICES) or []
        if notices:
            st.warning(
                "Some link parameters were ignored:\n\n"
                + "\n".join(f"- {plain(n)}" for n in notices)
            )
        if error is not None:
            st.error(plain(error.message))
    with tabs[2]:
        corpus_controls()
        if tabs[2].open:
            guarded(lambda: show_corpus_report(corpus, error))
    if tabs[1].open:
        with tabs[1]:
            guarded(lambda: show_why_tab(analysis, corpus.key, view, series))
    if tabs[3].open:
        with tabs[3]:
            guarded(lambda: show_method_tab(analysis))
    if tabs[4].open:
        with tabs[4]:
            guarded(lambda: show_downloads_tab(analysis, corpus.key, view))


if __name__ == "__main__":
    main()
