"""An article as safe HTML with every evidence span highlighted (no Streamlit import).

Article text is untrusted: it is `html.escape`d piece by piece *before* any markup is added, and
the result goes to `st.html` (never `st.markdown`, which would read `$…$` as LaTeX and
`:red[…]` as directives). Offsets are code-point indices into the raw text, so slicing the
Python string with them is exact.

Set-aside segments (boilerplate, comments, duplicates) stay in the text, greyed and collapsed in a
`<details>` element, so a reader sees what the cleaner removed and why.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from dashboard.palette import GROUP_BORDER

NOT_COUNTED_ALPHA = "55"
"""Hex alpha for spans that do not enter the index (planned, negated, hypothetical…)."""
UNKNOWN_COLOUR = "#DDDDDD"


@dataclass(frozen=True)
class SignalStyles:
    """How each signal is drawn: colour, readable label, and group (which sets the border).

    A signal the codebook does not list still renders (grey, solid, its id as label), so stale
    evidence never breaks the page.
    """

    colours: Mapping[str, str]
    labels: Mapping[str, str]
    groups: Mapping[str, str]

    def colour(self, signal: str) -> str:
        return self.colours.get(signal, UNKNOWN_COLOUR)

    def label(self, signal: str) -> str:
        return self.labels.get(signal, signal)

    def border(self, signal: str) -> str:
        return GROUP_BORDER.get(self.groups.get(signal, ""), "solid")


@dataclass(frozen=True)
class Span:
    number: int
    start: int
    end: int
    signal: str
    mode: str
    rule_id: str
    counted: bool


def number_evidence(evidence: pl.DataFrame) -> pl.DataFrame:
    """Evidence rows of one article in text order with a 1-based `n` (shown as superscripts)."""
    ordered = evidence.filter(
        pl.col("match_start").is_not_null() & pl.col("match_end").is_not_null()
    )
    ordered = ordered.sort("match_start", "match_end", "signal")
    return ordered.with_row_index("n", offset=1).with_columns(pl.col("n").cast(pl.Int64))


def _spans(numbered: pl.DataFrame, length: int) -> list[Span]:
    spans = []
    for row in numbered.iter_rows(named=True):
        start = max(0, min(int(row["match_start"]), length))
        end = max(start, min(int(row["match_end"]), length))
        if end > start:
            spans.append(
                Span(
                    number=int(row["n"]),
                    start=start,
                    end=end,
                    signal=str(row["signal"]),
                    mode=str(row.get("mode") or ""),
                    rule_id=str(row.get("rule_id") or ""),
                    counted=bool(row.get("counted")),
                )
            )
    return spans


def _mark(piece: str, covering: list[Span], styles: SignalStyles) -> str:
    """One highlighted piece: colour of each covering signal, group border, hover title."""
    fills = []
    for span in covering:
        colour = styles.colour(span.signal)
        fills.append(colour if span.counted else colour + NOT_COUNTED_ALPHA)
    if len(fills) == 1:
        background = f"background-color:{fills[0]};"
    else:
        step = 100 / len(fills)
        stops = ",".join(f"{c} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, c in enumerate(fills))
        background = f"background:linear-gradient(180deg,{stops});"
    border = styles.border(covering[0].signal)
    title = "; ".join(
        f"[{s.number}] {styles.label(s.signal)} · mode: {s.mode} · rule: {s.rule_id}"
        + ("" if s.counted else " · not counted")
        for s in covering
    )
    signals = " ".join(dict.fromkeys(s.signal for s in covering))
    return (
        f'<mark class="ri-ev" data-signal="{html.escape(signals)}" '
        f'title="{html.escape(title)}" '
        f'style="{background}color:#111;border-bottom:2px {border} #333;'
        f'padding:0 1px;border-radius:2px;">{html.escape(piece)}</mark>'
    )


def _highlight_range(
    text: str, start: int, end: int, spans: list[Span], styles: SignalStyles
) -> str:
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted(
        {start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)}
    )
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        piece = text[left:right]
        covering = [s for s in inside if s.start <= left and s.end >= right]
        out.append(_mark(piece, covering, styles) if covering else html.escape(piece))
        ending = [str(s.number) for s in inside if s.end == right]
        if ending:
            out.append(
                f'<sup class="ri-n" style="font-size:0.7em;color:#444;">{",".join(ending)}</sup>'
            )
    return "".join(out)


def render_article(
    text: str, segments: pl.DataFrame, evidence: pl.DataFrame, styles: SignalStyles
) -> str:
    """The article as HTML: body with highlighted spans, set-aside segments greyed and collapsed.

    `segments` (schema SEGMENTS) and `evidence` (schema EVIDENCE) hold this article's rows only.
    Without segments the whole text is treated as body.
    """
    spans = _spans(number_evidence(evidence), len(text))
    parts: list[str] = []
    rows = segments.sort("start").iter_rows(named=True) if segments.height else iter(())
    position = 0
    pieces: list[tuple[int, int, str, str | None]] = []
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if start > position:  # defensive: segments should tile the text
            pieces.append((position, start, "body", None))
        pieces.append((max(start, position), end, str(row["role"]), row.get("reason")))
        position = max(position, end)
    if position < len(text):
        pieces.append((position, len(text), "body", None))
    for start, end, role, reason in pieces:
        if end <= start:
            continue
        body = _highlight_range(text, start, end, spans, styles)
        if role == "body":
            parts.append(body)
        else:
            why = f" — {reason}" if reason else ""
            summary = f"Set aside as {role}{why} ({end - start} characters)"
            parts.append(
                '<details class="ri-aside" style="color:#6b6b6b;background:#f3f3f3;'
                'border-left:3px solid #bbbbbb;padding:2px 8px;margin:4px 0;">'
                '<summary style="cursor:pointer;font-style:italic;">'
                f"{html.escape(summary)}</summary>"
                f"{body}</details>"
            )
    return (
        '<div class="ri-article" style="white-space:pre-wrap;line-height:1.6;'
        "font-size:1rem;max-height:34rem;overflow-y:auto;padding:0.5rem 0.8rem;"
        'border:1px solid #dddddd;border-radius:6px;">' + "".join(parts) + "</div>"
    )


def legend_html(signals: list[str], styles: SignalStyles) -> str:
    """Colour chips naming each signal; explains border styles and pale (uncounted) spans."""
    chips = [
        f'<span style="background-color:{styles.colour(signal)};color:#111;'
        f"border-bottom:2px {styles.border(signal)} #333;padding:1px 6px;margin:2px 4px 2px 0;"
        f'display:inline-block;border-radius:2px;">'
        f"{html.escape(styles.label(signal))}</span>"
        for signal in signals
    ]
    note = (
        "Underline: solid = cooperation, dashed = conflict, dotted = contact. "
        "Pale = found but not counted (planned, negated, hypothetical or reported past). "
        "Hover a highlight for its mode and rule; numbers refer to the evidence table."
    )
    return (
        f'<div class="ri-legend" style="font-size:0.9rem;">{"".join(chips)}'
        f'<div style="color:#555;margin-top:4px;">{html.escape(note)}</div></div>'
    )
