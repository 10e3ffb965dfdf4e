"""Accuracy of event-year inference on the development set (tests/devset/dates.jsonl).

Runs the real pipeline stages on each text: segment → split_sentences → infer_dates, and prints
one line per miss plus the accuracy. An expected year of null means "no clue": the right answer
is then a null event year. Items whose id starts with "b2_" were written after the rules were
tuned on the others and never tuned on: their accuracy is reported apart, as a check on
over-fitting.

    .venv/bin/python -m tests.eval.eval_dates [--devset PATH] [--all] [-v]

`--devset PATH` scores another file of the same format (e.g. the blind held-out set,
tests/devset/holdout_dates.jsonl); `--all` lists every item, not only the misses; `-v` prints
the evidence of every listed item (misses always show theirs).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from metrics.clean import segment
from metrics.dating import infer_dates
from metrics.knowledge import load_knowledge
from metrics.schema import ARTICLES
from metrics.sentences import split_sentences

DEVSET = Path(__file__).resolve().parents[1] / "devset" / "dates.jsonl"


def load_devset(path: Path = DEVSET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def articles_frame(items: list[dict[str, Any]]) -> pl.DataFrame:
    """ARTICLES rows for devset items (only the columns dating reads carry data)."""
    rows = [
        {
            "article_id": item["id"],
            "title": item["id"],
            "text": item["text"],
            "page_date": date.fromisoformat(item["page_date"]) if item.get("page_date") else None,
            "given_event_year": item.get("given_event_year"),
            "path": item["id"],
            "content_hash": "",
            "format": "txt",
            "encoding": "utf-8",
        }
        for item in items
    ]
    return pl.DataFrame(rows, schema=ARTICLES)


def evaluate(items: list[dict[str, Any]]) -> tuple[float, pl.DataFrame]:
    """Accuracy and the per-item table (id, expected, got, confidence, method)."""
    articles = articles_frame(items)
    dates = infer_dates(articles, split_sentences(articles, segment(articles)), load_knowledge())
    expected = pl.DataFrame(
        {"article_id": [i["id"] for i in items], "expected": [i["year"] for i in items]},
        schema={"article_id": pl.String(), "expected": pl.Int32()},
    )
    table = expected.join(dates, on="article_id", how="left").with_columns(
        ok=pl.col("expected").eq_missing(pl.col("event_year"))
    )
    hits = int(table["ok"].sum())
    return hits / max(table.height, 1), table


def _devset_path(argv: list[str]) -> Path:
    """The `--devset PATH` (or `--devset=PATH`) option; the development set by default."""
    for i, arg in enumerate(argv):
        if arg.startswith("--devset="):
            return Path(arg.split("=", 1)[1])
        if arg == "--devset":
            if i + 1 >= len(argv):
                raise SystemExit("--devset needs a path")
            return Path(argv[i + 1])
    return DEVSET


def main(argv: list[str]) -> int:
    path = _devset_path(argv)
    if not path.is_file():
        print(f"no such devset file: {path}", file=sys.stderr)
        return 2
    accuracy, table = evaluate(load_devset(path))
    show = table if "--all" in argv else table.filter(~pl.col("ok"))
    for row in show.iter_rows(named=True):
        mark = "ok  " if row["ok"] else "MISS"
        print(
            f"{mark} {row['article_id']:<28} expected {row['expected']} got {row['event_year']} "
            f"conf {row['year_confidence']:.2f} {row['year_method']}"
        )
        if not row["ok"] or "-v" in argv:
            for ev in row["year_evidence"]:
                print(
                    f"       {ev['kind']:<18} {ev['year_min']}-{ev['year_max']} "
                    f"w={ev['weight']} {ev['text']!r}"
                )
    late = table["article_id"].str.starts_with("b2_")
    for label, part in (("tuning set", table.filter(~late)), ("later batch", table.filter(late))):
        print(f"{label}: {int(part['ok'].sum())}/{part.height} correct")
    print(f"accuracy {accuracy:.3f} on {table.height} articles ({path.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
