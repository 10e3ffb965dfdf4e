"""The dashboard in a real headless Chromium against `streamlit run` (see conftest.py)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import pytest

from dashboard.state import WEIGHT_STEP
from metrics.pipeline import Analysis, build
from tests.browser.conftest import APP_READY, ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

CHART = ".st-key-index_chart .js-plotly-plot"
LINE_Y = """() => {
  const gd = document.querySelector(".st-key-index_chart .js-plotly-plot");
  if (!gd || !gd.data) return null;
  const line = gd.data.find(t => t.mode === 'lines+markers');
  return line ? Array.from(line.y) : null;
}"""
MARKER_POSITION = """(year) => {
  const gd = document.querySelector(".st-key-index_chart .js-plotly-plot");
  const line = gd._fullData.find(t => t.mode === 'lines+markers');
  const i = Array.from(line.x).indexOf(year);
  const axis = (id) => gd._fullLayout[id.charAt(0) + 'axis' + id.slice(1)];
  const xa = axis(line.xaxis), ya = axis(line.yaxis);
  const box = gd.getBoundingClientRect();
  return {x: box.left + xa._offset + xa.d2p(year), y: box.top + ya._offset + ya.d2p(line.y[i])};
}"""


SHOWS = f"""([name, value, want]) => {{
  const got = ({LINE_Y})();
  if (!got || new URLSearchParams(location.search).get(name) !== value) return false;
  return got.length === want.length && got.every((v, i) =>
    v === null ? want[i] === null : want[i] !== null && Math.abs(v - want[i]) < 1e-9);
}}"""
"""True once the URL has `name=value` and the index line plots exactly `want`."""


@functools.cache
def _seeds() -> Analysis:
    return build()


def seeds_series(weights: dict[str, float]) -> list[float | None]:
    """The yearly index the app shows for these weights (others at their defaults)."""
    analysis = _seeds()
    index: list[float | None] = analysis.series(weights)["index"].to_list()
    return index


def wait_ready(page: Any, timeout: float = 60_000) -> None:
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    page.wait_for_selector(APP_READY, timeout=timeout)
    page.wait_for_selector(CHART, timeout=timeout)
    page.wait_for_function(f"({LINE_Y}) () !== null", timeout=timeout)


def line_y(page: Any) -> list[float | None]:
    values: list[float | None] = page.evaluate(LINE_Y)
    return values


def open_app(page: Any, url: str, errors: list[str]) -> None:
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    wait_ready(page)


def test_page_loads_without_exception(page: Any, app_url: str) -> None:
    errors: list[str] = []
    open_app(page, app_url, errors)
    assert page.locator("[data-testid='stException']").count() == 0
    assert errors == []
    assert page.get_by_text("US–Russia relations index").first.is_visible()
    values = line_y(page)
    assert any(v is not None for v in values)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "load.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "screenshot.png"))
    if os.environ.get("RELATIONS_INDEX_UPDATE_SCREENSHOT"):  # refresh the README's picture
        page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))


def test_slider_keyboard_changes_the_plotted_value(page: Any, app_url: str) -> None:
    errors: list[str] = []
    open_app(page, app_url, errors)
    before = line_y(page)
    thumb = page.locator(".st-key-w-meeting_held input[type='range']")
    weight = float(thumb.input_value()) + 4 * WEIGHT_STEP
    thumb.focus()
    for _ in range(4):
        thumb.press("ArrowRight")
    # Every press reruns the page and the reruns overlap, so the first changed line is only an
    # intermediate one. Wait for the end state instead: the URL holds the last weight and the
    # chart plots exactly the series the metrics API gives for it.
    want = seeds_series({"meeting_held": weight})
    page.wait_for_function(SHOWS, arg=["w.meeting_held", f"{weight:g}", want], timeout=60_000)
    assert line_y(page) != before
    assert f"w.meeting_held={weight:g}" in page.url  # the view is now a permalink
    assert errors == []
    page.screenshot(path=str(ARTIFACTS / "slider.png"), full_page=True)


def test_marker_click_opens_drilldown_with_highlights(page: Any, app_url: str) -> None:
    errors: list[str] = []
    open_app(page, app_url, errors)
    values = line_y(page)
    years = list(range(2017, 2017 + len(values)))
    year = next(y for y, v in zip(years, values, strict=True) if v is not None)
    point = page.evaluate(MARKER_POSITION, year)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=15_000)
    assert f"year={year}" in page.url  # the drill-down is part of the permalink
    assert page.get_by_text(re.compile(rf"dated to {year} in the current view")).count() == 1
    picker = page.locator(".st-key-drill_article").get_by_role("combobox")
    picker.focus()
    picker.press("ArrowDown")  # opens the list (keyboard path: works without a pointer)
    page.get_by_role("option").first.wait_for()
    picker.press("Enter")
    page.wait_for_selector("mark.ri-ev", timeout=15_000)
    marks = page.locator("mark.ri-ev")
    assert marks.count() >= 1
    assert "mode:" in (marks.first.get_attribute("title") or "")
    assert page.locator(".ri-legend").count() == 1
    assert errors == []
    page.locator(".ri-article").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "drilldown.png"), full_page=True)


def test_download_arrives(page: Any, app_url: str, tmp_path: Path) -> None:
    errors: list[str] = []
    open_app(page, app_url, errors)
    page.get_by_role("tab", name="Downloads").click()
    button = page.locator(".st-key-dl_series_csv button")
    button.wait_for()
    with page.expect_download() as info:
        button.click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert download.suggested_filename == "us-russia-index_series.csv"
    assert text.startswith('# {"codebook_sha256"')
    assert re.search(r"^year,index,ci_low,ci_high", text, re.MULTILINE)
    assert errors == []
    page.screenshot(path=str(ARTIFACTS / "downloads.png"), full_page=True)


@pytest.mark.parametrize("tab", ["Why this value", "Your corpus", "Method"])
def test_every_tab_renders(page: Any, app_url: str, tab: str) -> None:
    errors: list[str] = []
    open_app(page, app_url, errors)
    page.get_by_role("tab", name=tab).click()
    panel = page.get_by_role("tabpanel", name=tab)
    panel.locator("[data-testid='stElementContainer']").first.wait_for()
    page.wait_for_selector(APP_READY)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert errors == []
    slug = tab.lower().replace(" ", "_")
    page.screenshot(path=str(ARTIFACTS / f"tab_{slug}.png"), full_page=True)
