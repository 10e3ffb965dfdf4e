#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+ (no make, no uv needed).

    python3 tasks.py run [CORPUS]   # create .venv from the lock, open the dashboard
    python3 tasks.py test           # create .venv from the lock, run ruff, mypy and pytest

The virtual environment is (re)built only when requirements.lock or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed-from"
# pip 23.x (Python 3.11's bundled pip) mis-resolves an extra (justext's lxml[html_clean]) under
# --require-hashes and rejects the lock; later pips resolve it to the pinned release.
PIP = "pip==25.3"


def main(argv: list[str]) -> int:
    # tasks.py runs on whatever python3 the user has, so this check is live.
    if sys.version_info < (3, 11):  # noqa: UP036
        print("relations-index needs Python 3.11 or newer", file=sys.stderr)
        return 2
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return call([str(BIN / "relations-index"), "dashboard", *rest])
    if command == "test":
        for check in (["ruff", "check", "."], ["mypy"]):
            if call([str(BIN / check[0]), *check[1:]]) != 0:
                return 1
        return call([str(BIN / "python"), "-m", "pytest", *rest])
    return 0


def setup() -> None:
    """Create .venv and install the locked dependencies plus this project (editable)."""
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv …", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("installing locked dependencies (first run takes a minute) …", file=sys.stderr)
    _check(call([*pip, PIP]))
    _check(call([*pip, "--require-hashes", "-r", str(ROOT / "requirements.lock")]))
    _check(call([*pip, "--no-deps", "-e", str(ROOT)]))
    STAMP.write_text(wanted)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(PIP.encode())
    return digest.hexdigest()


def call(command: list[str]) -> int:
    return subprocess.call(command, cwd=ROOT)


def _check(code: int) -> None:
    if code != 0:
        raise SystemExit(f"set-up failed (exit {code}); see the messages above")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
