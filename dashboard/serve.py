"""Start the dashboard server with its work done before the first visitor arrives.

`streamlit run` imports the app's modules and analyses the default corpus only when the first
browser connects, so the first page took seconds longer than the rest. Here the same process
imports them, fills the shared analysis store and runs the default page's one-off work
(`dashboard.app.warm_up`) first, then hands over to Streamlit's own CLI; the first visitor gets a
warm server. Arguments are passed to `streamlit run` unchanged.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def main(argv: list[str]) -> int:
    # Imported for their side effect: modules and the analysed corpus stay in this process.
    from streamlit.web import cli as streamlit_cli

    from dashboard import app
    from dashboard.data import base_corpus

    corpus = base_corpus()
    try:
        app.warm_up(corpus)
    except Exception:  # only a head start: the page reports its own errors to the visitor
        logging.getLogger("dashboard").exception("warm-up failed; the first page will be slower")
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return int(streamlit_cli.main(standalone_mode=False) or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
