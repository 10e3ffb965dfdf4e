"""Score signal extraction on the development set (tests/devset/signals.jsonl).

Article-level scores: a signal is predicted when its count is > 0; agreed topics are scored as
(article, topic) pairs (micro precision/recall/F1). Run:

    .venv/bin/python tests/eval/eval_signals.py [--errors] [--simple] [--devset FILE]

`--simple` forces the test helper's regex splitter instead of metrics.sentences/metrics.clean.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from metrics.codebook import load_codebook  # noqa: E402
from metrics.evidence import extract_evidence  # noqa: E402
from metrics.knowledge import load_knowledge  # noqa: E402
from metrics.signals import article_signals  # noqa: E402
from tests.bench.synthetic import simple_sentences  # noqa: E402
from tests.factories import articles_frame  # noqa: E402

DEVSET = ROOT / "tests" / "devset" / "signals.jsonl"
SCORED = ("meeting_held", "meeting_planned", "refused", "disagreement")


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_devset(path: Path = DEVSET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def sentences_for(articles: pl.DataFrame, simple: bool) -> pl.DataFrame:
    """The real cleaner + splitter when they exist, else the test helper."""
    if not simple:
        try:
            from metrics.clean import segment
            from metrics.sentences import split_sentences

            return split_sentences(articles, segment(articles))
        except ImportError:
            pass
    return simple_sentences(articles)


def predict(rows: list[dict[str, Any]], simple: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(SIGNALS, EVIDENCE) for the devset articles."""
    articles = articles_frame({str(r["id"]): str(r["text"]) for r in rows})
    codebook, knowledge = load_codebook(), load_knowledge()
    evidence = extract_evidence(sentences_for(articles, simple), codebook, knowledge)
    readability = pl.DataFrame(
        {"article_id": articles["article_id"]},
    ).with_columns(
        flesch_reading_ease=pl.lit(None, pl.Float64),
        flesch_kincaid_grade=pl.lit(None, pl.Float64),
        word_count=pl.lit(None, pl.Int32),
        sentence_count=pl.lit(None, pl.Int32),
    )
    return article_signals(articles, evidence, readability, codebook), evidence


def score(rows: list[dict[str, Any]], signals: pl.DataFrame) -> dict[str, Score]:
    """Per-signal article-level scores plus "agreed_topics" over (article, topic) pairs."""
    predicted = {r["article_id"]: r for r in signals.iter_rows(named=True)}
    out: dict[str, Score] = {}
    for name in SCORED:
        tp = fp = fn = 0
        for r in rows:
            gold = bool(r["gold"][name])
            pred = predicted[r["id"]][name] > 0
            tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
        out[name] = Score(tp, fp, fn)
    gold_pairs = {(r["id"], t) for r in rows for t in r["gold"]["agreed_topics"]}
    pred_pairs = {(a, t) for a, p in predicted.items() for t in p["agreed_topics"]}
    out["agreed_topics"] = Score(
        len(gold_pairs & pred_pairs), len(pred_pairs - gold_pairs), len(gold_pairs - pred_pairs)
    )
    return out


def errors(rows: list[dict[str, Any]], signals: pl.DataFrame, evidence: pl.DataFrame) -> str:
    """Human-readable list of wrong article-level decisions with their evidence."""
    predicted = {r["article_id"]: r for r in signals.iter_rows(named=True)}
    lines = []
    for r in rows:
        gold, pred = r["gold"], predicted[r["id"]]
        for name in SCORED:
            if bool(gold[name]) != (pred[name] > 0):
                lines.append(f"{r['id']} {name}: gold={gold[name]} pred={pred[name]}")
        if sorted(gold["agreed_topics"]) != list(pred["agreed_topics"]):
            lines.append(
                f"{r['id']} agreed: gold={gold['agreed_topics']} pred={pred['agreed_topics']}"
            )
    for a in sorted({line.split()[0] for line in lines}):
        for e in evidence.filter(pl.col("article_id") == a).iter_rows(named=True):
            lines.append(
                f"   {a} {e['signal']}/{e['topic']} {e['mode']} "
                f"[{e['matched_text']}] {e['sentence']}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list wrong decisions")
    parser.add_argument("--simple", action="store_true", help="use the test regex splitter")
    parser.add_argument("--devset", type=Path, default=DEVSET, help="JSONL file to score")
    args = parser.parse_args()
    rows = load_devset(args.devset)
    signals, evidence = predict(rows, simple=args.simple)
    print(f"devset: {len(rows)} articles ({args.devset})")
    print(f"{'signal':<16} {'P':>6} {'R':>6} {'F1':>6}   tp fp fn")
    for name, s in score(rows, signals).items():
        counts = f"{s.tp:2} {s.fp:2} {s.fn:2}"
        print(f"{name:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {counts}")
    if args.errors:
        print(errors(rows, signals, evidence))


if __name__ == "__main__":
    main()
