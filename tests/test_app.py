"""The dashboard driven headlessly with Streamlit's AppTest (widgets, URL, uploads, downloads).

Charts are checked through the figure JSON the app sends; clicking a marker is covered by the
real-browser tests (AppTest cannot emit Plotly selections).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from metrics import export
from metrics.pipeline import Analysis, build
from metrics.weights import CONTACT_ONLY, GOLDSTEIN, preset_weights

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
TIMEOUT = 120


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return build()


def run_app(query: dict[str, str] | None = None, tab: str | None = None) -> AppTest:
    """Run the app; `tab` opens one of its lazy tabs (only the open tab's body runs)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if tab is not None:
        at.session_state["tab"] = tab
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def run_upload(name: str, data: bytes) -> AppTest:
    """The app on the "Your corpus" tab with one uploaded text file as the whole corpus."""
    at = run_app(tab="Your corpus")
    at.toggle(key="combine").set_value(False)
    at.file_uploader(key="uploads").set_value((name, data, "text/plain"))
    return at.run()


def shown(markdown: str) -> str:
    """Markdown source as the reader sees it (the app backslash-escapes untrusted text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def index_chart(at: AppTest) -> dict[str, Any]:
    """The main chart's figure JSON (the plotly_chart element keyed `index_chart`)."""
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        names = [t.get("name", "") for t in spec["data"]]
        if any(n.startswith("Index (marker size") for n in names):
            return spec
    raise AssertionError("index chart not found")


def plotted(at: AppTest) -> dict[int, float | None]:
    spec = index_chart(at)
    (line,) = [t for t in spec["data"] if t.get("mode") == "lines+markers"]
    return dict(zip(line["x"], line["y"], strict=True))


def expected(analysis: Analysis, weights: dict[str, float]) -> dict[int, float | None]:
    series = analysis.series(weights)
    return dict(zip(series["year"].to_list(), series["index"].to_list(), strict=True))


def assert_close(got: dict[int, float | None], want: dict[int, float | None]) -> None:
    assert got.keys() == want.keys()
    for year, value in want.items():
        if value is None:
            assert got[year] is None, year
        else:
            assert got[year] == pytest.approx(value), year


def test_default_load_shows_the_seed_years(analysis: Analysis) -> None:
    at = run_app()
    no_exceptions(at)
    got = plotted(at)
    assert list(got) == list(range(2017, 2025))
    assert_close(got, expected(analysis, analysis.codebook.default_weights()))
    seeded = [y for y, v in got.items() if v is not None]
    assert seeded, "the seeds should give at least one year with data"
    assert at.metric[0].label == f"Index {max(seeded)}"
    assert at.query_params == {} or all(not v for v in at.query_params.values())


def test_moving_a_slider_changes_the_series(analysis: Analysis) -> None:
    at = run_app()
    before = plotted(at)
    weights = analysis.codebook.default_weights()
    # Pick a signal that contributes to some year, so the series must move.
    series = analysis.series()
    signal = next(s for s in weights if series[f"contribution_{s}"].fill_null(0).abs().sum() > 0)
    weights[signal] = -10.0 if weights[signal] > 0 else 10.0
    at.slider(key=f"w.{signal}").set_value(weights[signal]).run()
    no_exceptions(at)
    after = plotted(at)
    assert after != before
    assert_close(after, expected(analysis, weights))
    assert at.selectbox(key="preset").value == "Custom"
    assert at.query_params[f"w.{signal}"] in (["-10"], ["10"], "-10", "10")


def test_a_preset_resets_the_sliders(analysis: Analysis) -> None:
    at = run_app()
    at.slider(key="w.sanctions").set_value(3.0).run()
    at.selectbox(key="preset").set_value(CONTACT_ONLY).run()
    no_exceptions(at)
    contact = preset_weights(CONTACT_ONLY, analysis.codebook)
    for signal, value in contact.items():
        assert at.slider(key=f"w.{signal}").value == pytest.approx(value)
    assert_close(plotted(at), expected(analysis, contact))
    at.button(key="reset").click().run()
    assert at.selectbox(key="preset").value == GOLDSTEIN
    assert at.slider(key="w.sanctions").value == pytest.approx(
        analysis.codebook.default_weights()["sanctions"]
    )


def test_a_stale_preset_from_the_browser_does_not_reset_the_weights(analysis: Analysis) -> None:
    """Quick key presses on a slider: the browser sends the next move before it has seen the
    "Custom" its previous move put in the preset picker, so that rerun reports the old preset
    together with the moved slider. The move must win (it used to reset every weight)."""
    at = run_app()
    at.slider(key="w.meeting_held").set_value(3.0).run()
    assert at.selectbox(key="preset").value == "Custom"
    at.slider(key="w.meeting_held").set_value(3.5)
    at.selectbox(key="preset").set_value(GOLDSTEIN)  # what the browser last saw
    at.run()
    no_exceptions(at)
    assert at.slider(key="w.meeting_held").value == 3.5
    assert at.selectbox(key="preset").value == "Custom"
    weights = {**analysis.codebook.default_weights(), "meeting_held": 3.5}
    assert_close(plotted(at), expected(analysis, weights))
    at.selectbox(key="preset").set_value(GOLDSTEIN).run()  # a deliberate pick still applies
    assert at.slider(key="w.meeting_held").value == pytest.approx(
        analysis.codebook.default_weights()["meeting_held"]
    )


def test_query_parameters_restore_a_view(analysis: Analysis) -> None:
    at = run_app({"w.meeting_held": "-4", "years": "2018-2023", "conf": "0.5", "dups": "1"})
    no_exceptions(at)
    assert at.slider(key="w.meeting_held").value == -4.0
    assert at.slider(key="years").value == (2018, 2023)
    assert at.slider(key="conf").value == 0.5
    assert at.toggle(key="dups").value is True
    assert not at.warning
    weights = {**analysis.codebook.default_weights(), "meeting_held": -4.0}
    series = analysis.series(
        weights, years=(2018, 2023), min_confidence=0.5, include_duplicates=True
    )
    want = dict(zip(series["year"].to_list(), series["index"].to_list(), strict=True))
    assert_close(plotted(at), want)


def test_a_bad_query_parameter_shows_a_notice_not_a_crash(analysis: Analysis) -> None:
    at = run_app({"w.sanctions": "banana", "years": "1900-3000", "conf": "0.25"})
    no_exceptions(at)
    notices = shown(" ".join(w.value for w in at.warning))
    assert "sanctions" in notices
    assert "1900-3000" in notices
    default = analysis.codebook.default_weights()["sanctions"]
    assert at.slider(key="w.sanctions").value == pytest.approx(default)
    assert at.slider(key="conf").value == 0.25  # the valid one still applies


@pytest.fixture
def captured_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], Any]]:
    """file name → the deferred data callable the app registered for it."""
    captured: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        captured[str(kwargs.get("file_name"))] = data
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


def test_downloads_equal_what_metrics_produces(
    analysis: Analysis, captured_downloads: dict[str, Callable[[], Any]]
) -> None:
    at = run_app({"w.sanctions": "-2.5", "years": "2017-2022"}, tab="Downloads")
    no_exceptions(at)
    weights = {**analysis.codebook.default_weights(), "sanctions": -2.5}
    assert len(at.get("download_button")) == 9
    csv = captured_downloads["us-russia-index_series.csv"]()
    header, _, _ = csv.partition(b"\n")
    meta = json.loads(header[2:])
    assert meta["weights"]["sanctions"] == -2.5
    assert meta["years"] == [2017, 2022]
    series = analysis.series(weights, years=(2017, 2022))
    assert csv == export.to_csv(series, meta)
    assert captured_downloads["us-russia-index_series.json"]() == export.series_json(series, meta)
    parquet = captured_downloads["us-russia-index_series.parquet"]()
    assert pl.read_parquet(parquet).equals(series)
    assert export.parquet_metadata(parquet) == meta
    articles = pl.read_parquet(captured_downloads["us-russia-index_articles.parquet"]())
    scores = analysis.model.article_scores(weights).filter(
        pl.col("event_year").is_between(2017, 2022)
    )
    assert articles["article_id"].to_list() == scores["article_id"].to_list()
    assert articles["score"].to_list() == scores["score"].to_list()
    evidence = pl.read_parquet(captured_downloads["us-russia-index_evidence.parquet"]())
    assert set(evidence["article_id"].to_list()) <= set(scores["article_id"].to_list())
    assert (evidence.filter(pl.col("signal") == "sanctions")["view_weight"] == -2.5).all()


def test_a_bad_upload_shows_its_error() -> None:
    at = run_app(tab="Your corpus")
    at.file_uploader(key="uploads").set_value(
        ("broken.parquet", b"not parquet", "application/octet-stream")
    )
    at.run()
    no_exceptions(at)
    errors = shown(" ".join(e.value for e in at.error))
    assert "broken.parquet" in errors
    assert "unreadable parquet" in errors
    reports = [d.value for d in at.dataframe if "broken.parquet" in list(d.value["path"])]
    assert len(reports) == 1
    assert list(reports[0]["status"]) == ["rejected"]


def test_only_the_open_tab_runs() -> None:
    at = run_app()
    assert not at.get("download_button")
    assert len(at.get("plotly_chart")) == 1
    at.session_state["tab"] = "Downloads"
    at.run()
    no_exceptions(at)
    assert len(at.get("download_button")) == 9
    assert not at.get("plotly_chart")


def test_an_upload_replaces_or_joins_the_seeds(analysis: Analysis) -> None:
    text = (
        b"Lavrov and Tillerson met in Moscow\n\nMOSCOW, April 12, 2017. Russian Foreign Minister "
        b"Sergey Lavrov and U.S. Secretary of State Rex Tillerson met in Moscow on Wednesday."
    )
    at = run_upload("mine.txt", text)
    no_exceptions(at)
    assert not at.error
    accepted = [m for m in at.metric if m.label == "Accepted"]
    assert accepted[0].value == "1"
    assert next(m for m in at.metric if m.label == "Articles in corpus").value == "1"
    at.toggle(key="combine").set_value(True).run()
    no_exceptions(at)
    total = analysis.articles.height + 1
    assert next(m for m in at.metric if m.label == "Articles in corpus").value == f"{total:,}"


def test_hostile_article_text_reaches_st_html_escaped(analysis: Analysis) -> None:
    text = (
        b"Attack <script>alert(1)</script>\n\nRussian Foreign Minister Sergey Lavrov and U.S. "
        b"Secretary of State Rex Tillerson met in Moscow on April 12, 2017. "
        b'<img src=x onerror="alert(2)">'
    )
    at = run_upload("evil.txt", text)
    at.session_state["tab"] = "Index"
    at.run()
    no_exceptions(at)
    years = [y for y, v in plotted(at).items() if v is not None]
    if not years:
        pytest.skip("the pipeline dated or scored no year for the hostile article")
    at.selectbox(key="drill_year").set_value(years[0]).run()
    at.selectbox(key="drill_article").set_value("evil").run()
    no_exceptions(at)
    bodies = [h.proto.body for h in at.get("html")]
    article = next(b for b in bodies if "ri-article" in b)
    assert "<script>" not in article
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "<img" not in article
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in article
