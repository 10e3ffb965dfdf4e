"""The knowledge file: who held which office when, which dated events matter, and which words
name each side. One file serves both actor detection (signals) and event dating.

Users extend `knowledge.toml` (or pass their own path); nothing here needs code changes.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

PEOPLE_SCHEMA: dict[str, pl.DataType] = {
    "name": pl.String(),
    "aliases": pl.List(pl.String()),  # surnames and other spellings ("Tillerson", "Sergei Lavrov")
    "side": pl.String(),  # US | RU
    "role": pl.String(),  # e.g. secretary_of_state, foreign_minister, ambassador_to_russia
    "role_words": pl.List(pl.String()),  # titles that name the role ("Secretary of State")
    "start": pl.Date(),
    "end": pl.Date(),  # nullable: still in office when the file was written
}

EVENTS_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "name": pl.String(),
    "aliases": pl.List(pl.String()),  # phrases that name the event in text
    "date": pl.Date(),
    "kind": pl.String(),  # summit | invasion | treaty | prisoner_exchange | sanctions | ...
}


class KnowledgeError(ValueError):
    """The knowledge file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Knowledge:
    version: str
    sha256: str
    side_terms: dict[str, tuple[str, ...]]  # side → words naming it (demonyms, capitals, Kremlin)
    dyad_terms: tuple[str, ...]  # phrases naming both sides at once ("the two countries")
    people: pl.DataFrame  # PEOPLE_SCHEMA, one row per (person, office)
    events: pl.DataFrame  # EVENTS_SCHEMA


def default_knowledge_path() -> Path:
    return Path(str(resources.files("metrics").joinpath("knowledge.toml")))


def load_knowledge(path: Path | None = None) -> Knowledge:
    """Load and validate a knowledge file (the bundled one by default)."""
    path = path or default_knowledge_path()
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KnowledgeError(f"{path}: not valid TOML ({exc})") from exc
    side_terms = {str(s["side"]): tuple(s["terms"]) for s in data.get("sides", [])}
    people = [_person(path, i, p) for i, p in enumerate(data.get("people", []))]
    events = [_event(path, i, e) for i, e in enumerate(data.get("events", []))]
    ids = [e[0] for e in events]
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise KnowledgeError(f"{path}: duplicate event ids {dupes}")
    return Knowledge(
        version=str(data.get("version", "unversioned")),
        sha256=hashlib.sha256(raw).hexdigest(),
        side_terms=side_terms,
        dyad_terms=tuple(data.get("dyad_terms", [])),
        people=pl.DataFrame(people, schema=PEOPLE_SCHEMA, orient="row"),
        events=pl.DataFrame(events, schema=EVENTS_SCHEMA, orient="row"),
    )


def _person(path: Path, i: int, p: dict[str, Any]) -> tuple[Any, ...]:
    try:
        name = str(p["name"])
        side = str(p["side"])
        start = p["start"]
        end = p.get("end")
    except KeyError as exc:
        raise KnowledgeError(f"{path}: people[{i}] lacks {exc}") from exc
    if side not in ("US", "RU"):
        raise KnowledgeError(f"{path}: people[{i}] ({name}): side must be US or RU, not {side!r}")
    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
        raise KnowledgeError(f"{path}: people[{i}] ({name}): start/end must be TOML dates")
    if end is not None and end < start:
        raise KnowledgeError(f"{path}: people[{i}] ({name}): end {end} is before start {start}")
    return (
        name,
        list(p.get("aliases", [])),
        side,
        str(p.get("role", "")),
        list(p.get("role_words", [])),
        start,
        end,
    )


def _event(path: Path, i: int, e: dict[str, Any]) -> tuple[Any, ...]:
    try:
        row = (str(e["id"]), str(e["name"]), list(e.get("aliases", [])), e["date"], str(e["kind"]))
    except KeyError as exc:
        raise KnowledgeError(f"{path}: events[{i}] lacks {exc}") from exc
    if not isinstance(row[3], date):
        raise KnowledgeError(f"{path}: events[{i}] ({row[0]}): date must be a TOML date")
    return row
