"""Sentence splitting: abbreviations, datelines, quotes, lists, and exact offsets."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.clean import segment
from metrics.schema import SENTENCES, assert_schema
from metrics.sentences import split_sentences
from tests.factories import articles_frame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Unicode White_Space, the set polars strips: Python's isspace() minus the ASCII separators.
WHITESPACE = {ch for ch in map(chr, range(0x110000)) if ch.isspace()} - set("\x1c\x1d\x1e\x1f")


def sentences_of(*texts: str) -> pl.DataFrame:
    articles = articles_frame({f"a{i}": t for i, t in enumerate(texts)})
    return split_sentences(articles, segment(articles))


def split(text: str) -> list[str]:
    return sentences_of(text)["text"].to_list()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gen. Valery Gerasimov met Mr. Smith, Mrs. Lee and Dr. Jones. They talked.",
            ["Gen. Valery Gerasimov met Mr. Smith, Mrs. Lee and Dr. Jones.", "They talked."],
        ),
        (
            "The U.S. and the U.N. agreed on Feb. 24 to meet. It was Jan. 3 then.",
            ["The U.S. and the U.N. agreed on Feb. 24 to meet.", "It was Jan. 3 then."],
        ),
        (
            "Sen. Rubio and Rep. Smith spoke. Sec. Pompeo listened in St. Petersburg.",
            ["Sen. Rubio and Rep. Smith spoke.", "Sec. Pompeo listened in St. Petersburg."],
        ),
        (
            "Resolution No. 5 passed. Nobody objected.",
            ["Resolution No. 5 passed.", "Nobody objected."],
        ),
        (
            "Talks began at 10 a.m. on Monday. They ended at 5 p.m. Officials left.",
            ["Talks began at 10 a.m. on Monday.", "They ended at 5 p.m.", "Officials left."],
        ),
        (
            "John F. Kennedy met Nikita Khrushchev in Vienna. Talks failed.",
            ["John F. Kennedy met Nikita Khrushchev in Vienna.", "Talks failed."],
        ),
        (
            "Growth was 3.5 percent. Inflation was 2.1 percent.",
            ["Growth was 3.5 percent.", "Inflation was 2.1 percent."],
        ),
        (
            "MOSCOW, February 19./TASS/. The two generals met. They talked.",
            ["MOSCOW, February 19./TASS/. The two generals met.", "They talked."],
        ),
        (
            "“We will meet again.” Then they left.",
            ["“We will meet again.”", "Then they left."],
        ),
        (
            '"Will we meet?" he asked. Nobody knew.',
            ['"Will we meet?" he asked.', "Nobody knew."],
        ),
        ("Really?! Yes... Maybe.", ["Really?!", "Yes...", "Maybe."]),
        ("It was... unclear. Then it was clear.", ["It was... unclear.", "Then it was clear."]),
        ("See tass.com for the text. It is long.", ["See tass.com for the text.", "It is long."]),
        (
            "1. Restore embassies.\n2. Resume flights.\n- Swap prisoners\n• Talk again",
            ["1. Restore embassies.", "2. Resume flights.", "- Swap prisoners", "• Talk again"],
        ),
        (
            "Putin meets Biden in Geneva\nThe two leaders met for three hours.",
            ["Putin meets Biden in Geneva", "The two leaders met for three hours."],
        ),
        ("  Padded start. Padded end.  \n\n", ["Padded start.", "Padded end."]),
    ],
)
def test_edge_cases(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_offsets_point_into_the_raw_text() -> None:
    text = "\n\nTitle line\n\nFirst one. Second one?\n\u00a0\nThird one!"
    rows = sentences_of(text)
    assert_schema(rows, SENTENCES)
    for row in rows.iter_rows(named=True):
        assert text[row["start"] : row["end"]] == row["text"]
    assert rows["sentence_index"].to_list() == [0, 1, 2, 3]
    assert rows["segment_index"].to_list() == [0, 1, 1, 2]


def test_roles_and_numbering_over_all_roles() -> None:
    text = "Envoys meet\n\nThey met. They agreed.\n\nShare this:\n\nClick to share on X\n"
    rows = sentences_of(text)
    assert rows["role"].to_list() == ["body", "body", "body", "boilerplate", "boilerplate"]
    assert rows["sentence_index"].to_list() == list(range(5))


def test_numbering_restarts_per_article() -> None:
    rows = sentences_of("One. Two.", "Three. Four. Five.")
    assert rows.group_by("article_id").agg(pl.col("sentence_index")).sort("article_id").rows() == [
        ("a0", [0, 1]),
        ("a1", [0, 1, 2]),
    ]


def test_no_segments_no_sentences() -> None:
    assert_schema(sentences_of("", "   \n"), SENTENCES)
    assert sentences_of("", "   \n").height == 0


def test_seed_dateline_and_comment_items() -> None:
    texts = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    articles = articles_frame(texts)
    rows = split_sentences(articles, segment(articles))
    moscow = rows.filter(pl.col("text").str.starts_with("MOSCOW, February 19"))
    assert moscow.height == 1
    assert moscow["text"][0].endswith("the Russian Defense Ministry said on Monday.")
    item = rows.filter(pl.col("text").str.starts_with("1. Establishment"))
    assert item["role"].to_list() == ["comments"]
    assert not rows.filter(pl.col("text").str.contains(r"^\S+\.$"))["text"].to_list()


# --- properties -------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "Mr.", "U.S.", "3.5", "a.m.", "No. 5", "./TASS/.", "?!", "...", "…", "“", "”", '"', ".",
        "!", "?", " ", "  ", "\n", "\n\n", "\u00a0", "1. ", "- ", "word", "Word", "x", "\t",
    ]
)  # fmt: skip
texts = st.lists(PIECES, max_size=60).map("".join) | st.text(max_size=150)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=3))
def test_sentences_slice_exactly_and_stay_in_their_segment(sample: list[str]) -> None:
    articles = articles_frame({f"a{i}": t for i, t in enumerate(sample)})
    segments = segment(articles)
    rows = split_sentences(articles, segments)
    assert_schema(rows, SENTENCES)
    bounds = {
        (r["article_id"], r["segment_index"]): (r["start"], r["end"], r["role"])
        for r in segments.iter_rows(named=True)
    }
    for i, text in enumerate(sample):
        mine = rows.filter(pl.col("article_id") == f"a{i}")
        assert mine["sentence_index"].to_list() == list(range(mine.height))
        previous_end = 0
        for row in mine.iter_rows(named=True):
            assert text[row["start"] : row["end"]] == row["text"]
            assert row["text"]
            assert row["text"][0] not in WHITESPACE
            assert row["text"][-1] not in WHITESPACE
            assert row["start"] >= previous_end
            previous_end = row["end"]
            seg_start, seg_end, role = bounds[(f"a{i}", row["segment_index"])]
            assert seg_start <= row["start"] < row["end"] <= seg_end
            assert row["role"] == role
        # Only whitespace is left outside sentences.
        covered = {
            pos for s, e in zip(mine["start"], mine["end"], strict=True) for pos in range(s, e)
        }
        assert all(ch in WHITESPACE for pos, ch in enumerate(text) if pos not in covered)
