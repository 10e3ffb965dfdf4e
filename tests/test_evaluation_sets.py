"""Regression guards: the accuracy floors on every evaluation set that rules were tuned on.

The sets were written by people who did not see the rules (tests/devset/*.jsonl, README
"Accuracy"). Once a set has been used to find error classes it can no longer measure
generalisation, so it becomes a guard here; the newest set stays a report-only measure
(`tests/eval/eval_signals.py --devset …`, `python -m tests.eval.eval_dates --devset …`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.eval import eval_dates, eval_signals

DEVSET = Path(__file__).parent / "devset"
TUNED_SETS = ("holdout", "final", "blind", "fresh")
CONTACT_SIGNALS = ("meeting_held", "meeting_planned", "refused", "disagreement")


@pytest.mark.parametrize("name", TUNED_SETS)
def test_signal_floors(name: str) -> None:
    rows = eval_signals.load_devset(DEVSET / f"{name}_signals.jsonl")
    scores = eval_signals.score(rows, eval_signals.predict(rows)[0])
    low = {s: round(scores[s].f1, 3) for s in CONTACT_SIGNALS if scores[s].f1 < 0.85}
    assert not low, f"{name}: F1 below 0.85: {low}"
    assert scores["agreed_topics"].f1 >= 0.80, name


@pytest.mark.parametrize("name", TUNED_SETS)
def test_event_year_floor(name: str) -> None:
    accuracy, _ = eval_dates.evaluate(eval_dates.load_devset(DEVSET / f"{name}_dates.jsonl"))
    assert accuracy >= 0.90, f"{name}: event-year accuracy {accuracy:.3f}"
