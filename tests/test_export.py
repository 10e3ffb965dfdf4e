"""Exports: metadata, CSV formula neutralisation, deterministic JSON, Parquet round trip."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import export
from metrics.schema import SERIES, SIGNAL_COUNT_COLUMNS

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

METADATA = export.export_metadata(
    product_version="9.9.9",
    weights={"threat": -4.4, "agreement": 4.5},
    codebook_version="cb-1",
    codebook_sha256="ab" * 32,
    corpus_fingerprint="cd" * 32,
    years=(2017, 2024),
    min_confidence=0.25,
    include_duplicates=False,
    generated_at="2026-01-02T03:04:05+00:00",
)


def csv_parts(data: bytes) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Split an export into its metadata comment and its rows (as a spreadsheet reads them)."""
    text = data.decode("utf-8")
    first, _, body = text.partition("\n")
    assert first.startswith("# ")
    return json.loads(first[2:]), list(csv.DictReader(io.StringIO(body, newline="")))


def sample_series() -> pl.DataFrame:
    rows: dict[str, list[Any]] = {name: [] for name in SERIES}
    for year, value in ((2017, -1.25), (2018, None)):
        for name in SERIES:
            rows[name].append(None)
        rows["year"][-1] = year
        rows["index"][-1] = value
        rows["n_articles"][-1] = 2 if value is not None else 0
        rows["n_scored"][-1] = rows["n_articles"][-1]
        rows["agreed_topics"][-1] = 1
        rows["discussed_topics"][-1] = 0
        if value is not None:
            rows["ci_low"][-1], rows["ci_high"][-1] = -2.0, -0.5
            for name in SIGNAL_COUNT_COLUMNS:
                rows[f"contribution_{name}"][-1] = value if name == "threat" else 0.0
    return pl.DataFrame(rows, schema=SERIES)


def test_metadata_records_everything_needed_to_reproduce() -> None:
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    meta = export.export_metadata(
        product_version="1.2.3",
        weights={"threat": -4},
        codebook_version="v",
        codebook_sha256="h",
        corpus_fingerprint="f",
        years=(2018, 2020),
        min_confidence=0.5,
        include_duplicates=True,
        generated_at=stamp,
    )
    assert meta == {
        "product_version": "1.2.3",
        "weights": {"threat": -4.0},
        "codebook_version": "v",
        "codebook_sha256": "h",
        "corpus_fingerprint": "f",
        "years": [2018, 2020],
        "min_confidence": 0.5,
        "include_duplicates": True,
        "generated_at": stamp.isoformat(),
    }
    json.dumps(meta, allow_nan=False)  # plain JSON values only


def test_product_version_is_a_nonempty_string() -> None:
    assert export.product_version().strip()


def test_corpus_fingerprint_ignores_order_but_not_content() -> None:
    a = pl.DataFrame({"content_hash": ["1" * 64, "2" * 64, "3" * 64]})
    shuffled = a.reverse()
    changed = pl.DataFrame({"content_hash": ["1" * 64, "2" * 64, "4" * 64]})
    assert export.corpus_fingerprint(a) == export.corpus_fingerprint(shuffled)
    assert export.corpus_fingerprint(a) != export.corpus_fingerprint(changed)
    assert len(export.corpus_fingerprint(a)) == 64


def test_csv_has_metadata_line_flattened_lists_and_json_structs() -> None:
    frame = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "score": [-2.5, None],
            "topics": [["arms_control", "syria"], []],
            "evidence": [[{"kind": "full_date", "start": 3}], None],
            "day": [date(2018, 7, 16), None],
        }
    )
    meta, rows = csv_parts(export.to_csv(frame, METADATA))
    assert meta == METADATA
    assert rows[0]["score"] == "-2.5"  # numeric column: a negative number stays a number
    assert rows[0]["topics"] == "arms_control;syria"
    assert json.loads(rows[0]["evidence"]) == [{"kind": "full_date", "start": 3}]
    assert rows[0]["day"] == "2018-07-16"
    assert rows[1]["topics"] == ""
    assert rows[1]["score"] == ""


def test_csv_neutralises_formula_strings_but_not_harmless_ones() -> None:
    cells = ["=1+1", "+cmd", "-5", "@SUM(A1)", "\tx", "\rx", "plain", "a=b", "'quoted"]
    frame = pl.DataFrame({"cell": cells, "n": list(range(-len(cells), 0))})
    _, rows = csv_parts(export.to_csv(frame, METADATA))
    for original, got in zip(cells, rows, strict=True):
        expected = "'" + original if original.startswith(DANGEROUS) else original
        assert got["cell"] == expected
    assert [int(r["n"]) for r in rows] == list(range(-len(cells), 0))


def test_csv_neutralises_joined_list_cells() -> None:
    frame = pl.DataFrame({"topics": [["=HYPERLINK(x)", "syria"]]})
    _, rows = csv_parts(export.to_csv(frame, METADATA))
    assert rows[0]["topics"] == "'=HYPERLINK(x);syria"


@settings(max_examples=200)
@given(st.lists(st.text(), min_size=1, max_size=8), st.lists(st.text(), max_size=3))
def test_no_exported_string_cell_starts_with_a_formula_character(
    cells: list[str], listed: list[str]
) -> None:
    frame = pl.DataFrame({"cell": cells, "topics": [listed] * len(cells)})
    _, rows = csv_parts(export.to_csv(frame, METADATA))
    assert len(rows) == len(cells)
    for original, got in zip(cells, rows, strict=True):
        assert not got["cell"].startswith(DANGEROUS)
        assert not got["topics"].startswith(DANGEROUS)
        # Neutralising only prefixes: the original text is still there.
        assert got["cell"] in (original, "'" + original)


def test_json_is_deterministic_sorted_and_nan_free() -> None:
    frame = pl.DataFrame(
        {"b": [1.0, float("nan")], "a": ["x", None], "day": [date(2020, 2, 29), None]}
    )
    first = export.to_json(frame, METADATA, key="articles")
    assert first == export.to_json(frame.clone(), dict(METADATA), key="articles")
    parsed = json.loads(first)
    assert list(parsed) == ["articles", "metadata"]
    assert parsed["articles"] == [
        {"a": "x", "b": 1.0, "day": "2020-02-29"},
        {"a": None, "b": None, "day": None},
    ]
    assert b"NaN" not in first
    assert list(parsed["articles"][0]) == sorted(parsed["articles"][0])


def test_series_json_has_exactly_the_documented_shape() -> None:
    series = sample_series()
    parsed = json.loads(export.series_json(series, METADATA))
    assert set(parsed) == {"metadata", "series"}
    assert parsed["metadata"] == METADATA
    first, second = parsed["series"]
    assert set(first) == {
        "year", "index", "ci_low", "ci_high", "n_articles", "n_scored",
        "contributions", "agreed_topics", "discussed_topics",
    }  # fmt: skip
    assert list(first["contributions"]) == sorted(SIGNAL_COUNT_COLUMNS)
    assert (first["year"], first["index"], first["ci_low"]) == (2017, -1.25, -2.0)
    assert first["contributions"]["threat"] == -1.25
    assert second["index"] is None
    assert second["contributions"]["threat"] is None


def test_series_json_rejects_a_frame_that_is_not_a_series() -> None:
    with pytest.raises(AssertionError):
        export.series_json(pl.DataFrame({"year": [2017]}), METADATA)


def test_parquet_round_trip_keeps_data_and_metadata() -> None:
    frame = pl.DataFrame(
        {
            "article_id": ["a", "b"],
            "score": [-2.5, None],
            "topics": [["x"], []],
            "evidence": [[{"kind": "k", "start": 1}], None],
        }
    )
    data = export.to_parquet(frame, METADATA)
    assert data == export.to_parquet(frame, METADATA)
    assert export.parquet_metadata(data) == METADATA
    assert pl.read_parquet(data).equals(frame)


def test_parquet_without_our_metadata_reads_as_empty() -> None:
    buffer = io.BytesIO()
    pl.DataFrame({"a": [1]}).write_parquet(buffer)
    assert export.parquet_metadata(buffer.getvalue()) == {}
