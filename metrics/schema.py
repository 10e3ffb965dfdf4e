"""The DataFrame schemas that flow between pipeline stages.

Data flows one way:

    corpus → ARTICLES (+ INGEST_REPORT)
           → SEGMENTS (every line/paragraph of the raw text with a cleaning role)
           → SENTENCES (character offsets into the raw text)
           → EVIDENCE (one row per matched sentence × signal [× topic])
           → SIGNALS (one row per article) + DATES (event year per article)
           → SERIES (one row per year)

Every stage is a plain function over polars DataFrames with one of these schemas; tests check
them with `assert_schema`. Offsets are Python string indices (code points) into
`ARTICLES.text`, half-open `[start, end)`, so `text[start:end]` is always the span itself.
"""

from __future__ import annotations

import polars as pl

ROLES = ("body", "boilerplate", "comments", "duplicate")
"""Cleaning roles. Only `body` text feeds signals, dates and readability."""

MODES = ("actual", "planned", "negated", "hypothetical", "reported_past")
"""PLOVER-style event modes carried by every evidence row."""

ARTICLES: dict[str, pl.DataType] = {
    # file stem for folders; id column or "<table stem>:<row>" for tables
    "article_id": pl.String(),
    "title": pl.String(),  # manifest/table title, else first non-empty line
    "source": pl.String(),  # site or publisher, when known (nullable)
    "url": pl.String(),  # nullable
    "page_date": pl.Date(),  # date shown on the page / given in the manifest or table (nullable)
    "given_event_year": pl.Int32(),  # user override from manifest or table (nullable)
    "text": pl.String(),  # raw decoded text (HTML: the extracted main text); never altered
    "path": pl.String(),  # file path, or "table.csv#row=12" for table rows
    "content_hash": pl.String(),  # sha256 hex of `text`
    "format": pl.String(),  # txt | md | html | csv | jsonl | parquet
    "encoding": pl.String(),  # utf-8 | utf-8-sig | utf-16 | the detected legacy codec
    "duplicate_of": pl.String(),  # article_id of the kept copy when a near-duplicate (nullable)
}

INGEST_REPORT: dict[str, pl.DataType] = {
    "path": pl.String(),  # the file (or "file#row=N") the message is about
    "article_id": pl.String(),  # nullable: rejected files yield no article
    "status": pl.String(),  # accepted | warning | rejected | set_aside
    "reason": pl.String(),  # human-readable and specific, e.g. "binary file (NUL bytes at 12)"
}

SEGMENTS: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "segment_index": pl.Int32(),  # 0.. in text order
    "start": pl.Int64(),  # segments tile the text exactly: no gap, no overlap
    "end": pl.Int64(),
    "role": pl.String(),  # one of ROLES
    "reason": pl.String(),  # the rule that set the role (nullable for plain body)
}

SENTENCES: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "sentence_index": pl.Int32(),  # 0.. in text order, over all roles
    "segment_index": pl.Int32(),
    "start": pl.Int64(),
    "end": pl.Int64(),
    "text": pl.String(),  # == article text[start:end]
    "role": pl.String(),  # role of the segment the sentence lies in
}

EVIDENCE: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "sentence_index": pl.Int32(),
    "signal": pl.String(),  # codebook signal id
    "topic": pl.String(),  # topic id for agreement/discussion rows (nullable)
    "rule_id": pl.String(),  # codebook rule that fired
    "mode": pl.String(),  # one of MODES
    "cameo": pl.String(),  # CAMEO code, e.g. "042"
    "weight": pl.Float64(),  # codebook default weight (Goldstein scale)
    "counted": pl.Boolean(),  # enters the index: actual mode (planned for meeting_planned)
    "match_start": pl.Int64(),  # offsets of the trigger span in the raw text
    "match_end": pl.Int64(),
    "matched_text": pl.String(),
    "sentence_start": pl.Int64(),
    "sentence_end": pl.Int64(),
    "sentence": pl.String(),
}

DATES: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "event_year": pl.Int32(),  # nullable: no clue → null, never a guess
    "year_confidence": pl.Float64(),  # 0..1
    "year_method": pl.String(),  # e.g. "given", "dateline+weekday", "officeholders", "none"
    "year_evidence": pl.List(
        pl.Struct(
            {
                "kind": pl.String(),  # full_date | weekday_date | explicit_year | relative | ...
                "text": pl.String(),
                "start": pl.Int64(),
                "end": pl.Int64(),
                "year_min": pl.Int32(),
                "year_max": pl.Int32(),
                "weight": pl.Float64(),
            }
        )
    ),
    "page_date": pl.Date(),
    "date_conflict": pl.Boolean(),
    "date_conflict_message": pl.String(),  # nullable
}

SIGNAL_COUNT_COLUMNS = (
    "meeting_held",
    "meeting_planned",
    "agreement",
    "formal_agreement",
    "discussion",
    "refused",
    "disagreement",
    "sanctions",
    "expulsion",
    "threat",
    "military_force",
)
"""Per-article counted-evidence columns, in the codebook's order."""

SIGNALS: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "title": pl.String(),
    "source": pl.String(),
    **{name: pl.Int32() for name in SIGNAL_COUNT_COLUMNS},
    "agreed_topics": pl.List(pl.String()),  # sorted topic ids
    "discussed_topics": pl.List(pl.String()),  # sorted, without the agreed ones
    "flesch_reading_ease": pl.Float64(),
    "flesch_kincaid_grade": pl.Float64(),
    "word_count": pl.Int32(),
    "sentence_count": pl.Int32(),
}

SERIES: dict[str, pl.DataType] = {
    "year": pl.Int32(),
    "index": pl.Float64(),  # null when no scored article: never zero, never interpolated
    "ci_low": pl.Float64(),  # 90% bootstrap interval; null when n_scored < 2
    "ci_high": pl.Float64(),
    "n_articles": pl.Int32(),  # articles dated to the year (after filters)
    "n_scored": pl.Int32(),  # of which have counted evidence
    **{f"contribution_{name}": pl.Float64() for name in SIGNAL_COUNT_COLUMNS},
    "agreed_topics": pl.Int32(),  # number of (article, agreed topic) pairs
    "discussed_topics": pl.Int32(),
}


def assert_schema(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> None:
    """Raise AssertionError unless `frame` has exactly these columns and types, in order."""
    expected = list(schema.items())
    actual = list(frame.schema.items())
    if actual != expected:
        raise AssertionError(f"schema mismatch:\n expected {expected}\n actual   {actual}")


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema (stages return this, never a schemaless frame)."""
    return pl.DataFrame(schema=schema)
