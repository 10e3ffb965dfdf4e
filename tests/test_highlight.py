"""Article rendering: escaping first, exact spans, set-aside segments collapsed."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import polars as pl

from dashboard import highlight
from metrics.schema import EVIDENCE, SEGMENTS

COLOURS = {"meeting_held": "#77AADD", "sanctions": "#EE8866", "agreement": "#EEDD88"}
LABELS = {"meeting_held": "Meeting held", "sanctions": "Sanctions", "agreement": "Agreement"}
GROUPS = {"meeting_held": "contact", "sanctions": "conflict", "agreement": "cooperation"}
STYLES = highlight.SignalStyles(COLOURS, LABELS, GROUPS)


def segments(*rows: tuple[int, int, str, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [("a", i, s, e, role, reason) for i, (s, e, role, reason) in enumerate(rows)],
        schema=SEGMENTS,
        orient="row",
    )


def evidence(text: str, *rows: tuple[str, int, int, str, bool]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            (
                "a",
                0,
                signal,
                None,
                f"{signal}.rule",
                mode,
                "042",
                1.0,
                counted,
                start,
                end,
                text[start:end],
                0,
                len(text),
                text,
            )
            for signal, start, end, mode, counted in rows
        ],
        schema=EVIDENCE,
        orient="row",
    )


class Collector(HTMLParser):
    """Collects the text inside each <mark> and every tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self._in_mark: dict[str, str | None] | None = None
        self._buffer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            self._in_mark, self._buffer = dict(attrs), ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._in_mark is not None:
            self.marks.append((self._in_mark, self._buffer))
            self._in_mark = None

    def handle_data(self, data: str) -> None:
        if self._in_mark is not None:
            self._buffer += data


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    return collector


def render(text: str, segs: pl.DataFrame, ev: pl.DataFrame) -> str:
    return highlight.render_article(text, segs, ev, STYLES)


def test_hostile_markup_in_the_article_renders_as_text() -> None:
    text = 'Lavrov met Tillerson. <script>alert(1)</script> <img src=x onerror="alert(2)"> $x$'
    start = text.index("met")
    out = render(
        text,
        segments((0, len(text), "body", None)),
        evidence(text, ("meeting_held", start, start + 3, "actual", True)),
    )
    parsed = parse(out)
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in out
    assert "$x$" in out  # plain text: st.html does not run LaTeX


def test_hostile_text_inside_a_highlight_is_escaped_too() -> None:
    text = "They <b onmouseover=x>met</b> today."
    out = render(
        text,
        segments((0, len(text), "body", None)),
        evidence(text, ("meeting_held", 5, 29, "actual", True)),
    )
    parsed = parse(out)
    assert parsed.tags.count("b") == 0
    assert parsed.marks[0][1] == text[5:29]


def test_each_span_is_marked_exactly_with_signal_mode_and_rule() -> None:
    text = "Putin and Trump met in Helsinki. Washington imposed sanctions on Moscow."
    met = text.index("met")
    sanc = text.index("imposed sanctions")
    ev = evidence(
        text,
        ("meeting_held", met, met + 3, "actual", True),
        ("sanctions", sanc, sanc + len("imposed sanctions"), "actual", True),
    )
    parsed = parse(render(text, segments((0, len(text), "body", None)), ev))
    assert [m[1] for m in parsed.marks] == ["met", "imposed sanctions"]
    first, second = (attrs for attrs, _ in parsed.marks)
    assert first["data-signal"] == "meeting_held"
    assert "Meeting held" in (first["title"] or "")
    assert "mode: actual" in (first["title"] or "")
    assert "rule: meeting_held.rule" in (first["title"] or "")
    assert "#77AADD" in (first["style"] or "")
    assert "#EE8866" in (second["style"] or "")
    assert "dashed" in (second["style"] or "")  # conflict group border
    assert "dotted" in (first["style"] or "")  # contact group border


def test_text_is_preserved_exactly() -> None:
    text = "A & B <met>\nC \"quoted\" 'x' met again."
    met = text.rindex("met")
    out = render(
        text,
        segments((0, len(text), "body", None)),
        evidence(text, ("meeting_held", met, met + 3, "actual", True)),
    )
    stripped = (
        pl.Series([out])
        .str.replace_all(r"<sup[^>]*>\d+</sup>", "")
        .str.replace_all(r"<[^>]+>", "")[0]
    )
    assert html.unescape(stripped) == text


def test_overlapping_spans_share_a_piece_with_both_titles() -> None:
    text = "they agreed to meet soon"
    ev = evidence(
        text,
        ("agreement", 5, 19, "actual", True),
        ("meeting_held", 15, 24, "planned", False),
    )
    parsed = parse(render(text, segments((0, len(text), "body", None)), ev))
    pieces = [piece for _, piece in parsed.marks]
    assert pieces == ["agreed to ", "meet", " soon"]
    both = parsed.marks[1][0]
    assert "Agreement" in (both["title"] or "")
    assert "Meeting held" in (both["title"] or "")
    assert "not counted" in (both["title"] or "")
    assert "linear-gradient" in (both["style"] or "")


def test_uncounted_span_is_pale() -> None:
    text = "they may meet"
    ev = evidence(text, ("meeting_held", 9, 13, "hypothetical", False))
    ((attrs, _),) = parse(render(text, segments((0, len(text), "body", None)), ev)).marks
    assert "#77AADD" + highlight.NOT_COUNTED_ALPHA in (attrs["style"] or "")


def test_set_aside_segments_are_collapsed_and_greyed() -> None:
    text = "Body sentence.\nShare this on Facebook!\nComment: <b>lol</b>"
    cut1 = text.index("Share")
    cut2 = text.index("Comment")
    segs = segments(
        (0, cut1, "body", None),
        (cut1, cut2, "boilerplate", "share prompt"),
        (cut2, len(text), "comments", "comment marker"),
    )
    out = render(text, segs, evidence(text))
    parsed = parse(out)
    assert parsed.tags.count("details") == 2
    assert "Set aside as boilerplate — share prompt" in out
    assert "Set aside as comments — comment marker" in out
    assert "&lt;b&gt;lol&lt;/b&gt;" in out
    assert "b" not in parsed.tags


def test_number_evidence_orders_by_position() -> None:
    text = "met sanctions met"
    ev = evidence(
        text,
        ("meeting_held", 14, 17, "actual", True),
        ("sanctions", 4, 13, "actual", True),
        ("meeting_held", 0, 3, "actual", True),
    )
    numbered = highlight.number_evidence(ev)
    assert numbered["n"].to_list() == [1, 2, 3]
    assert numbered["match_start"].to_list() == [0, 4, 14]


def test_out_of_range_offsets_do_not_crash() -> None:
    text = "short"
    ev = evidence("short text that is longer", ("meeting_held", 3, 40, "actual", True))
    parsed = parse(render(text, segments((0, len(text), "body", None)), ev))
    assert [piece for _, piece in parsed.marks] == ["rt"]


def test_legend_names_every_signal() -> None:
    legend = highlight.legend_html(["sanctions", "meeting_held"], STYLES)
    assert "Sanctions" in legend
    assert "Meeting held" in legend
    assert "#EE8866" in legend
