"""The bundled codebook loads, matches the schema's signal order, and bad files are named."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from metrics.codebook import CodebookError, default_codebook_path, load_codebook
from metrics.schema import SIGNAL_COUNT_COLUMNS

REQUIRED_TOPICS = (
    "syria",
    "north_korea",
    "ukraine",
    "afghanistan",
    "arms_control",
    "middle_east_peace",
    "iran",
    "terrorism",
    "libya",
    "cyber",
    "election_interference",
    "prisoners",
    "diplomats_embassies",
    "trade_sanctions",
    "venezuela",
    "space",
    "climate_arctic",
)


def test_bundled_codebook_signals_follow_schema_order() -> None:
    codebook = load_codebook()
    assert tuple(s.id for s in codebook.signals) == SIGNAL_COUNT_COLUMNS
    assert "CAMEO.goldsteinscale" in codebook.version
    assert len(codebook.sha256) == 64


def test_default_weights_have_the_spec_signs() -> None:
    weights = load_codebook().default_weights()
    for positive in ("meeting_held", "meeting_planned", "agreement", "formal_agreement"):
        assert weights[positive] > 0
    for negative in ("refused", "disagreement", "sanctions", "expulsion", "threat"):
        assert weights[negative] < 0
    assert weights["military_force"] == -10.0


def test_required_topics_present_and_every_pattern_compiles() -> None:
    codebook = load_codebook()
    assert set(REQUIRED_TOPICS) <= set(codebook.topics)
    for signal in codebook.signals:
        assert signal.rules
        for rule in signal.rules:
            re.compile(rule.pattern)


def test_table_has_one_row_per_signal() -> None:
    table = load_codebook().table()
    assert table["signal"].to_list() == list(SIGNAL_COUNT_COLUMNS)
    assert table.schema["weight"] == pl.Float64()
    assert table["patterns"].str.len_chars().min() > 0  # type: ignore[operator]


def test_signal_lookup() -> None:
    codebook = load_codebook()
    assert codebook.signal("threat").group == "conflict"
    with pytest.raises(KeyError):
        codebook.signal("nonsense")


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = default_codebook_path().read_text("utf-8")
    assert old in text
    path = tmp_path / "codebook.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_bad_pattern_names_file_and_rule(tmp_path: Path) -> None:
    path = _variant(
        tmp_path, 'id = "threat.threaten"\npattern = \'', 'id = "threat.threaten"\npattern = \'('
    )
    with pytest.raises(CodebookError, match=r"codebook\.toml.*threat\.threaten"):
        load_codebook(path)


def test_bad_group_and_weight_rejected(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="group"):
        load_codebook(_variant(tmp_path, 'group = "conflict"', 'group = "war"'))
    with pytest.raises(CodebookError, match="Goldstein"):
        load_codebook(_variant(tmp_path, "weight = -10.0", "weight = -11.0"))


def test_user_can_add_a_topic_alias_without_code(tmp_path: Path) -> None:
    path = _variant(tmp_path, 'libya = ["libya"', 'libya = ["benghazi", "libya"')
    assert "benghazi" in load_codebook(path).topics["libya"]


def test_invalid_toml(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("version = ", "utf-8")
    with pytest.raises(CodebookError, match=r"broken\.toml"):
        load_codebook(path)


def test_rule_options_load_with_defaults() -> None:
    codebook = load_codebook()
    cancel = next(r for r in codebook.signal("refused").rules if r.id == "refused.cancel")
    assert cancel.right_cues is False
    assert cancel.check_participants is True
    talks = next(r for r in codebook.signal("meeting_held").rules if r.id == "meeting_held.talks")
    assert talks.unless_before is not None
    assert talks.unless_before.endswith("$")
    threat = codebook.signal("threat").rules[0]
    assert (threat.right_cues, threat.check_participants, threat.unless_before) == (
        True,
        False,
        None,
    )
    assert "ukraine's" in codebook.participants
    assert codebook.topic_anaphors
    assert codebook.mode_cues["reported_past_sentence"]


def test_bad_rule_options_rejected(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"unless_before must end with"):
        load_codebook(
            _variant(tmp_path, "\\bfor\\s+(?:\\S+\\s+){0,3})$'", "\\bfor\\s+(?:\\S+\\s+){0,3})'")
        )
    with pytest.raises(CodebookError, match="right_cues"):
        load_codebook(_variant(tmp_path, "right_cues = false", 'right_cues = "no"'))
    with pytest.raises(CodebookError, match="topic_context"):
        load_codebook(_variant(tmp_path, "anaphors = [\n    '", "anaphors = [\n    '("))


def test_rule_topic_options_load_and_are_checked(tmp_path: Path) -> None:
    codebook = load_codebook()
    exchange = next(r for r in codebook.signal("agreement").rules if r.id.endswith("exchange_done"))
    assert exchange.topic == "prisoners"
    joint = next(r for r in codebook.signal("agreement").rules if r.id.endswith("joint_statement"))
    assert joint.topic_scope == "sentence"
    with pytest.raises(CodebookError, match="unknown topic"):
        load_codebook(_variant(tmp_path, 'topic = "prisoners"', 'topic = "nope"'))
    with pytest.raises(CodebookError, match="topic_scope"):
        load_codebook(_variant(tmp_path, 'topic_scope = "sentence"', 'topic_scope = "page"'))
