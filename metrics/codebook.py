"""The codebook: signals, trigger rules, topics and mode cues, loaded from `codebook.toml`.

Keeping the codebook as data lets users read exactly what is counted (the dashboard's Method tab
shows `Codebook.table()`) and extend rules or topics without code. Loading validates every
entry up front so a typo fails with the file and entry named, not deep inside extraction.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from metrics.schema import MODES, SIGNAL_COUNT_COLUMNS

GROUPS = ("contact", "cooperation", "conflict")
PAIR_SCOPES = ("context", "wide", "sentence")
TOPIC_POLICIES = ("none", "each", "required")
TOPIC_SCOPES = ("clause", "sentence")
MODE_CUE_KINDS = (
    "negated",
    "negated_by_refusal",
    "negated_after",
    "negated_clause",
    "conditional",
    "wish",
    "vague_after",
    "planned",
    "planned_weak",
    "concrete",
    "planned_after",
    "planned_contact_after",
    "future_clause",
    "actual_after",
    "length_after",
    "anaphoric_contact",
    "anchor_contact",
    "held_contact",
    "stance",
    "unsettled",
    "hypothetical",
    "hypothetical_after",
    "habitual",
    "nonfinite_before",
    "reported_past",
    "reported_past_opening",
    "reported_past_sentence",
    "report_denied",
    "reported",
)


class CodebookError(ValueError):
    """The codebook file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One trigger pattern (lower-case regex, Rust/Python common subset) of a signal."""

    id: str
    pattern: str
    cameo: str
    default_mode: str = "actual"  # mode when no cue says otherwise ("meet" → planned)
    unless: str | None = None  # matched at the trigger's start: a hit means another sense
    # Searched in the clause just before the trigger; patterns end with `$` ("G20 summit").
    unless_before: str | None = None
    # False: cue words after the trigger describe its object ("cancelled talks that were due
    # next week"), not the trigger itself, so only cues before it set the mode.
    right_cues: bool = True
    # The trigger's subject and object name its participants ("X and Y held talks", "met Z",
    # "talks with Z"): a third party there, without both sides, makes it somebody else's.
    check_participants: bool = False
    # The words before the trigger name its parties ("EU leaders agreed", "Russia and Ukraine
    # agreed", "nearly 200 countries agreed"): a third party or a group of countries there,
    # without both sides, makes it somebody else's.
    check_subject: bool = False
    # The trigger refers back to a contact the article already reported as offered or planned
    # ("the White House declined the offer"): without one before it, it is about something else.
    after_contact_plan: bool = False
    # A topic the trigger implies by itself ("two detained citizens were exchanged" agreed on
    # prisoners), in place of the topics named around it; for signals that take topics.
    topic: str | None = None
    # "clause" (default): topics come from the trigger's clause. "sentence": from the whole
    # sentence ("produced a joint statement, released on Saturday, affirming ... Syria").
    topic_scope: str = "clause"


@dataclass(frozen=True)
class Signal:
    """A countable kind of engagement with its CAMEO code and default Goldstein weight."""

    id: str
    label: str
    group: str
    cameo: str
    weight: float
    description: str
    rules: tuple[Rule, ...]
    pair: str = "context"  # where both sides must be found: "context", "wide" or "sentence"
    topics: str = "none"  # topic policy: none | each | required
    planned_as: str | None = None  # signal that receives this signal's planned-mode rows
    counted_modes: tuple[str, ...] = ("actual",)


@dataclass(frozen=True)
class Codebook:
    version: str
    sha256: str
    signals: tuple[Signal, ...]
    topics: dict[str, tuple[str, ...]]
    coreference: tuple[str, ...] = ()
    third_parties: tuple[str, ...] = ()
    # Names that mark a third-party participant right after a contact trigger or as its subject
    # ("after meeting Ukraine's foreign minister"), on top of `third_parties`.
    participants: tuple[str, ...] = ()
    # Regexes for an anaphoric object of an agreement ("agreed on the extension", "the swap had
    # been agreed"): with no topic in the clause, the topic comes from the sentences before.
    topic_anaphors: tuple[str, ...] = ()
    mode_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def default_weights(self) -> dict[str, float]:
        """Signal id → default Goldstein weight (the index's starting point)."""
        return {s.id: s.weight for s in self.signals}

    def signal(self, signal_id: str) -> Signal:
        for s in self.signals:
            if s.id == signal_id:
                return s
        raise KeyError(signal_id)

    def table(self) -> pl.DataFrame:
        """One row per signal, patterns joined, for display next to the index."""
        return pl.DataFrame(
            {
                "signal": [s.id for s in self.signals],
                "label": [s.label for s in self.signals],
                "group": [s.group for s in self.signals],
                "cameo": [s.cameo for s in self.signals],
                "weight": [s.weight for s in self.signals],
                "description": [s.description for s in self.signals],
                "patterns": [" | ".join(r.pattern for r in s.rules) for s in self.signals],
            },
            schema={
                "signal": pl.String(),
                "label": pl.String(),
                "group": pl.String(),
                "cameo": pl.String(),
                "weight": pl.Float64(),
                "description": pl.String(),
                "patterns": pl.String(),
            },
        )


def default_codebook_path() -> Path:
    return Path(str(resources.files("metrics").joinpath("codebook.toml")))


def load_codebook(path: Path | None = None) -> Codebook:
    """Load and validate a codebook (the bundled one by default)."""
    path = path or default_codebook_path()
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CodebookError(f"{path}: not valid TOML ({exc})") from exc
    signals = tuple(_signal(path, i, s) for i, s in enumerate(data.get("signals", [])))
    _check_signal_set(path, signals)
    topics = _topics(path, data.get("topics", {}))
    for s in signals:
        for r in s.rules:
            if r.topic is not None and r.topic not in topics:
                raise CodebookError(f"{path}: rule {r.id}: unknown topic {r.topic!r}")
    actors = data.get("actors", {})
    return Codebook(
        version=str(data.get("version", "unversioned")),
        sha256=hashlib.sha256(raw).hexdigest(),
        signals=signals,
        topics=topics,
        coreference=_strings(path, "actors.coreference", actors.get("coreference", [])),
        third_parties=_strings(path, "actors.third_parties", actors.get("third_parties", [])),
        participants=_strings(path, "actors.participants", actors.get("participants", [])),
        topic_anaphors=_anaphors(path, data.get("topic_context", {}).get("anaphors", [])),
        mode_cues=_mode_cues(path, data.get("modes", {})),
    )


def _signal(path: Path, i: int, s: dict[str, Any]) -> Signal:
    where = f"{path}: signals[{i}] ({s.get('id', '?')})"
    try:
        sid, cameo = str(s["id"]), str(s["cameo"])
        weight = float(s["weight"])
        raw_rules = s["rules"]
    except (KeyError, TypeError, ValueError) as exc:
        raise CodebookError(f"{where}: missing or bad field {exc}") from exc
    if s.get("group") not in GROUPS:
        raise CodebookError(f"{where}: group must be one of {GROUPS}, not {s.get('group')!r}")
    if not -10.0 <= weight <= 10.0:
        raise CodebookError(f"{where}: weight {weight} is outside the Goldstein range −10..10")
    pair, topics = s.get("pair", "context"), s.get("topics", "none")
    if pair not in PAIR_SCOPES:
        raise CodebookError(f"{where}: pair must be one of {PAIR_SCOPES}, not {pair!r}")
    if topics not in TOPIC_POLICIES:
        raise CodebookError(f"{where}: topics must be one of {TOPIC_POLICIES}, not {topics!r}")
    counted = tuple(s.get("counted_modes", ["actual"]))
    if not counted or any(m not in MODES for m in counted):
        raise CodebookError(f"{where}: counted_modes must be a non-empty subset of {MODES}")
    if not raw_rules:
        raise CodebookError(f"{where}: needs at least one [[signals.rules]] entry")
    rules = tuple(_rule(where, j, r, cameo) for j, r in enumerate(raw_rules))
    return Signal(
        id=sid,
        label=str(s.get("label", sid)),
        group=str(s["group"]),
        cameo=cameo,
        weight=weight,
        description=str(s.get("description", "")),
        rules=rules,
        pair=pair,
        topics=topics,
        planned_as=s.get("planned_as"),
        counted_modes=counted,
    )


def _rule(where: str, j: int, r: dict[str, Any], cameo: str) -> Rule:
    rid, pattern = r.get("id"), r.get("pattern")
    if not isinstance(rid, str) or not isinstance(pattern, str) or not pattern:
        raise CodebookError(f"{where}: rules[{j}] needs string `id` and `pattern`")
    _check_pattern(f"{where}: rule {rid}", pattern)
    default_mode = str(r.get("default_mode", "actual"))
    if default_mode not in MODES:
        raise CodebookError(f"{where}: rule {rid}: default_mode must be one of {MODES}")
    unless, before = r.get("unless"), r.get("unless_before")
    if unless is not None:
        _check_pattern(f"{where}: rule {rid} (unless)", str(unless))
    if before is not None:
        _check_pattern(f"{where}: rule {rid} (unless_before)", str(before))
        if not str(before).endswith("$"):
            raise CodebookError(f"{where}: rule {rid}: unless_before must end with `$`")
    defaults = (
        ("right_cues", True),
        ("check_participants", False),
        ("check_subject", False),
        ("after_contact_plan", False),
    )
    flags = {k: r.get(k, d) for k, d in defaults}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise CodebookError(f"{where}: rule {rid}: {key} must be true or false")
    topic, scope = r.get("topic"), r.get("topic_scope", "clause")
    if topic is not None and not (isinstance(topic, str) and topic):
        raise CodebookError(f"{where}: rule {rid}: topic must be a non-empty string")
    if scope not in TOPIC_SCOPES:
        raise CodebookError(f"{where}: rule {rid}: topic_scope must be one of {TOPIC_SCOPES}")
    return Rule(
        id=rid,
        pattern=pattern,
        cameo=str(r.get("cameo", cameo)),
        default_mode=default_mode,
        unless=None if unless is None else str(unless),
        unless_before=None if before is None else str(before),
        right_cues=flags["right_cues"],
        check_participants=flags["check_participants"],
        check_subject=flags["check_subject"],
        after_contact_plan=flags["after_contact_plan"],
        topic=topic,
        topic_scope=scope,
    )


def _check_pattern(where: str, pattern: str) -> None:
    """Patterns run in both engines (polars prefilter, Python on candidates): check both."""
    try:
        re.compile(pattern)
        pl.Series([""]).str.contains(pattern)
    except (re.error, pl.exceptions.ComputeError) as exc:
        raise CodebookError(f"{where}: invalid pattern {pattern!r} ({exc})") from exc


def _check_signal_set(path: Path, signals: tuple[Signal, ...]) -> None:
    ids = tuple(s.id for s in signals)
    if ids != SIGNAL_COUNT_COLUMNS:
        raise CodebookError(f"{path}: signals must be {SIGNAL_COUNT_COLUMNS} in order, got {ids}")
    rule_ids = [r.id for s in signals for r in s.rules]
    dupes = sorted({r for r in rule_ids if rule_ids.count(r) > 1})
    if dupes:
        raise CodebookError(f"{path}: duplicate rule ids {dupes}")
    for s in signals:
        if s.planned_as is not None and s.planned_as not in ids:
            raise CodebookError(f"{path}: signal {s.id}: planned_as {s.planned_as!r} is unknown")


def _topics(path: Path, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    topics = {}
    for topic, aliases in raw.items():
        topics[str(topic)] = _strings(path, f"topics.{topic}", aliases)
        if not topics[str(topic)]:
            raise CodebookError(f"{path}: topics.{topic} has no aliases")
    return topics


def _anaphors(path: Path, raw: Any) -> tuple[str, ...]:
    patterns = _strings(path, "topic_context.anaphors", raw)
    for p in patterns:
        _check_pattern(f"{path}: topic_context.anaphors", p)
    return patterns


def _mode_cues(path: Path, raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(raw) - set(MODE_CUE_KINDS))
    if unknown:
        raise CodebookError(f"{path}: modes: unknown cue lists {unknown}")
    cues = {kind: _strings(path, f"modes.{kind}", raw.get(kind, [])) for kind in MODE_CUE_KINDS}
    for kind, patterns in cues.items():
        for p in patterns:
            _check_pattern(f"{path}: modes.{kind}", p)
    return cues


def _strings(path: Path, where: str, values: Any) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise CodebookError(f"{path}: {where} must be a list of non-empty strings")
    return (
        tuple(v.lower() for v in values)
        if where.startswith(("topics", "actors"))
        else tuple(values)
    )
