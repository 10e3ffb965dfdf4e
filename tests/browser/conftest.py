"""Fixtures for real-browser tests: a `streamlit run` server and a headless Debian Chromium.

Playwright cannot download its own browser here, so tests drive `/usr/bin/chromium` through
`executable_path`; without it every browser test is skipped with that reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_streamlit(
    script: Path, port: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """`streamlit run` with the settings NOTES.md asks for; logs go to tests/artifacts/.

    The product's own app starts the way users start it (`dashboard.serve`, warm), any other
    script through plain `streamlit run`.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = (ARTIFACTS / f"streamlit_{port}.log").open("wb")
    if script == ROOT / "dashboard" / "app.py":
        launcher = [sys.executable, "-m", "dashboard.serve"]
    else:
        launcher = [str(Path(sys.executable).parent / "streamlit"), "run", str(script)]
    command = [
        *launcher,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see tests/artifacts")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"streamlit at {url} not healthy after {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def require_chromium() -> None:
    """Skip without Chromium on a user's machine; fail in CI, where .ci/run installs it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: install Debian's chromium to run browser tests"
        if os.environ.get("RELATIONS_INDEX_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    require_chromium()
    port = free_port()
    process = start_streamlit(ROOT / "dashboard" / "app.py", port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
