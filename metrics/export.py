"""Exports of the numbers the dashboard shows: CSV, JSON and Parquet, each with its metadata.

Every file says how it was made (product and codebook version, weights, filters, a fingerprint
of the corpus), so a number in a report can be traced back and reproduced. Given the same
inputs and the same `generated_at`, every export is byte-identical.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import polars as pl

from metrics.schema import SERIES, SIGNAL_COUNT_COLUMNS, assert_schema

PARQUET_METADATA_KEY = "relations_index"
"""Key of the JSON metadata in a Parquet file's key-value metadata."""

_FORMULA_START = r"^[=+\-@\t\r]"
"""Cells a spreadsheet would run as a formula (OWASP's CSV-injection list)."""


def product_version() -> str:
    """The installed package version; a marker when running from a source tree."""
    try:
        return importlib.metadata.version("relations-index")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def export_metadata(
    *,
    product_version: str,
    weights: Mapping[str, float],
    codebook_version: str,
    codebook_sha256: str,
    corpus_fingerprint: str,
    years: tuple[int, int],
    min_confidence: float,
    include_duplicates: bool,
    generated_at: str | datetime,
) -> dict[str, Any]:
    """Everything needed to reproduce an export; `generated_at` is passed in so tests (and
    reproducible builds) can fix it."""
    return {
        "product_version": product_version,
        "weights": {name: float(value) for name, value in weights.items()},
        "codebook_version": codebook_version,
        "codebook_sha256": codebook_sha256,
        "corpus_fingerprint": corpus_fingerprint,
        "years": [int(years[0]), int(years[1])],
        "min_confidence": float(min_confidence),
        "include_duplicates": bool(include_duplicates),
        "generated_at": generated_at.isoformat()
        if isinstance(generated_at, datetime)
        else generated_at,
    }


def corpus_fingerprint(articles: pl.DataFrame) -> str:
    """sha256 over the sorted content hashes: independent of file names and reading order."""
    hashes = sorted(h or "" for h in articles["content_hash"].to_list())
    return hashlib.sha256("\n".join(hashes).encode("ascii", "replace")).hexdigest()


# --- CSV ---------------------------------------------------------------------------------------


def to_csv(frame: pl.DataFrame, metadata: Mapping[str, Any]) -> bytes:
    """A `# {metadata}` comment line, then the table (UTF-8).

    List columns are `;`-joined, nested values are JSON strings, and string cells that a
    spreadsheet would execute get a leading `'`. Numeric columns are left alone, so negative
    numbers stay numbers.
    """
    header = "# " + _dumps(metadata, compact=True) + "\n"
    return header.encode("utf-8") + _csv_safe(frame).write_csv().encode("utf-8")


def _csv_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Flatten every column to a CSV-representable type and neutralise formula-like strings."""
    columns: list[pl.Series] = []
    for series in frame.iter_columns():
        flat = _flatten(series)
        if flat.dtype == pl.String:
            flat = _neutralise(flat)
        columns.append(flat)
    return pl.DataFrame(columns)


def _flatten(series: pl.Series) -> pl.Series:
    """Plain lists → `a;b`; structs and nested lists → JSON; categoricals → strings."""
    dtype = series.dtype
    if isinstance(dtype, pl.List | pl.Array) and not dtype.inner.is_nested():
        return series.cast(pl.List(pl.String)).list.join(";")
    if dtype.is_nested():
        values = [None if v is None else _dumps(v, compact=True) for v in series.to_list()]
        return pl.Series(series.name, values, dtype=pl.String)
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return series.cast(pl.String)
    return series


def _neutralise(series: pl.Series) -> pl.Series:
    risky = series.str.contains(_FORMULA_START).fill_null(False)
    return pl.select(
        pl.when(risky).then(pl.lit("'") + series).otherwise(series).alias(series.name)
    ).to_series()


# --- JSON --------------------------------------------------------------------------------------


def to_json(frame: pl.DataFrame, metadata: Mapping[str, Any], *, key: str = "rows") -> bytes:
    """`{"metadata": ..., key: [row, ...]}` with sorted keys; NaN becomes null, dates ISO."""
    return _dumps({"metadata": metadata, key: frame.to_dicts()}).encode("utf-8")


def series_json(series: pl.DataFrame, metadata: Mapping[str, Any]) -> bytes:
    """The yearly series (schema `SERIES`) with per-signal contributions grouped per year."""
    assert_schema(series, SERIES)
    rows = [
        {
            "year": r["year"],
            "index": r["index"],
            "ci_low": r["ci_low"],
            "ci_high": r["ci_high"],
            "n_articles": r["n_articles"],
            "n_scored": r["n_scored"],
            "contributions": {s: r[f"contribution_{s}"] for s in SIGNAL_COUNT_COLUMNS},
            "agreed_topics": r["agreed_topics"],
            "discussed_topics": r["discussed_topics"],
        }
        for r in series.to_dicts()
    ]
    return _dumps({"metadata": metadata, "series": rows}).encode("utf-8")


def _dumps(value: Any, *, compact: bool = False) -> str:
    """Deterministic JSON: sorted keys, shortest round-trip floats, no NaN tokens."""
    text = json.dumps(
        _jsonable(value),
        sort_keys=True,
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":") if compact else None,
        indent=None if compact else 1,
    )
    return text if compact else text + "\n"


def _jsonable(value: Any) -> Any:
    """Convert polars/Python values to plain JSON values (NaN/inf → null, dates → ISO)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# --- Parquet -----------------------------------------------------------------------------------


def to_parquet(frame: pl.DataFrame, metadata: Mapping[str, Any]) -> bytes:
    """Parquet bytes with the metadata as JSON under `PARQUET_METADATA_KEY`."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, metadata={PARQUET_METADATA_KEY: _dumps(metadata, compact=True)})
    return buffer.getvalue()


def parquet_metadata(data: bytes) -> dict[str, Any]:
    """The metadata `to_parquet` stored (empty when the file has none)."""
    raw = pl.read_parquet_metadata(data).get(PARQUET_METADATA_KEY)
    return dict(json.loads(raw)) if raw else {}
