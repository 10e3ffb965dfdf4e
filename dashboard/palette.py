"""One colour per signal, shared by the charts and the highlighted article text.

Eleven signals are more than any colour-blind-safe qualitative palette separates by hue alone,
so colour is never the only cue: every highlight also names its signal in a hover title and the
side table, and the border style encodes the signal's group (solid = cooperation, dashed =
conflict, dotted = contact). Colours are Paul Tol's "light" scheme (designed to carry dark text,
so highlighted words stay readable) extended with two of his "pale" colours.
"""

from __future__ import annotations

from collections.abc import Sequence

TOL_LIGHT = (
    "#77AADD",  # light blue
    "#EE8866",  # orange
    "#EEDD88",  # light yellow
    "#FFAABB",  # pink
    "#99DDFF",  # light cyan
    "#44BB99",  # mint
    "#BBCC33",  # pear
    "#AAAA00",  # olive
    "#DDDDDD",  # pale grey
    "#CCDDAA",  # pale green (Tol pale)
    "#FFCCCC",  # pale red (Tol pale)
)

GROUP_BORDER = {"cooperation": "solid", "conflict": "dashed", "contact": "dotted"}
"""Border style per signal group: a second, non-colour cue."""

INDEX_LINE = "#004488"  # Tol high-contrast blue: the index itself
BAND_FILL = "rgba(0, 68, 136, 0.15)"
NO_DATA_FILL = "rgba(120, 120, 120, 0.12)"
ARTICLE_BAR = "rgba(120, 120, 120, 0.35)"


def signal_colours(signals: Sequence[str]) -> dict[str, str]:
    """Signal id → colour, in codebook order, cycling only past eleven signals."""
    return {signal: TOL_LIGHT[i % len(TOL_LIGHT)] for i, signal in enumerate(signals)}
