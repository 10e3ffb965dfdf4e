"""Signal weights: one number per codebook signal on the Goldstein scale (−10..+10).

Weights are the one thing users change interactively, so they arrive from many places (a
dashboard slider, a TOML/JSON file, a `--weight name=value` flag, a preset). Every route ends in
`validate_weights`, so a typo in a signal name or a value off the scale is reported with the
offending key (and file) instead of silently producing a different index.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

Weights = dict[str, float]

SCALE_MIN = -10.0
SCALE_MAX = 10.0

GOLDSTEIN = "Goldstein (GDELT table)"
CONTACT_ONLY = "Contact only"
EQUAL_MAGNITUDE = "Equal magnitude"

CONTACT_SIGNALS = ("meeting_held", "meeting_planned", "refused")
"""Signals that measure whether the two sides talk at all (kept by the "Contact only" preset)."""

EQUAL_MAGNITUDE_VALUE = 5.0
"""Magnitude used by the "Equal magnitude" preset. Mid-scale rather than 1 so the index stays on
the same axis as the Goldstein defaults; divided by 5 it reads as the net share of cooperative
minus conflictual evidence."""

PRESETS: dict[str, str] = {
    GOLDSTEIN: "The codebook defaults: Goldstein (1992) values as in GDELT's CAMEO table.",
    CONTACT_ONLY: "Only meetings held, meetings planned and refusals to meet count; "
    "every other signal weighs 0.",
    EQUAL_MAGNITUDE: f"Every signal weighs ±{EQUAL_MAGNITUDE_VALUE:g} with the sign of its "
    "default (0 stays 0): counts cooperative against conflictual evidence.",
}
"""Preset name → one-line description (for help texts and tooltips)."""


class WeightsError(ValueError):
    """A weight name or value that cannot be used; the message names the key (and file)."""


class SignalLike(Protocol):
    """What presets need from a codebook signal."""

    @property
    def id(self) -> str: ...

    @property
    def weight(self) -> float: ...


class CodebookLike(Protocol):
    """What presets need from a codebook (kept minimal to stay decoupled from its module)."""

    @property
    def signals(self) -> Sequence[SignalLike]: ...

    def default_weights(self) -> dict[str, float]: ...


def validate_weights(
    weights: Mapping[str, object],
    signal_ids: Iterable[str] | Mapping[str, float],
    *,
    source: str | Path | None = None,
) -> Weights:
    """Return a complete, checked weights dict in signal order.

    `signal_ids` is either the list of signal ids, or a mapping id → default weight (e.g.
    `codebook.default_weights()`), in which case missing names take those defaults. Without
    defaults a missing name is an error, because guessing 0 would silently change the index.
    """
    defaults = signal_ids if isinstance(signal_ids, Mapping) else None
    ids = list(signal_ids)
    prefix = f"{source}: " if source is not None else ""
    unknown = [name for name in weights if name not in ids]
    if unknown:
        raise WeightsError(
            f"{prefix}unknown signal {unknown[0]!r} in weights (known: {', '.join(ids)})"
        )
    result: Weights = {}
    for name in ids:
        if name in weights:
            result[name] = _check_value(name, weights[name], prefix)
        elif defaults is not None:
            result[name] = _check_value(name, defaults[name], prefix)
        else:
            raise WeightsError(f"{prefix}missing weight for signal {name!r}")
    return result


def _check_value(name: str, value: object, prefix: str) -> float:
    """A finite real number on the Goldstein scale; bools are rejected although they are ints."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WeightsError(f"{prefix}weight {name!r} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number) or not SCALE_MIN <= number <= SCALE_MAX:
        raise WeightsError(
            f"{prefix}weight {name!r} = {value!r} is outside the Goldstein scale "
            f"{SCALE_MIN:g}..{SCALE_MAX:g}"
        )
    return number


def load_weights(path: Path | str, defaults: Mapping[str, float]) -> Weights:
    """Read weights from a TOML or JSON file, `{"weights": {...}}` or a flat table.

    Names missing from the file keep `defaults` (whose keys are the valid signal ids), so a
    file may change a single weight. Every problem is a `WeightsError` naming the file.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WeightsError(f"{path}: cannot read weights file ({exc})") from exc
    data = _parse_weights_text(path, text)
    table = data.get("weights", data)
    if not isinstance(table, dict):
        raise WeightsError(f"{path}: 'weights' must be a table of signal = value")
    return validate_weights(table, defaults, source=path)


def _parse_weights_text(path: Path, text: str) -> dict[str, object]:
    """Parse by extension; an unknown extension tries TOML, then JSON."""
    suffix = path.suffix.lower()
    parsers = {".toml": ("toml",), ".json": ("json",)}.get(suffix, ("toml", "json"))
    errors: list[str] = []
    for kind in parsers:
        try:
            data: object = tomllib.loads(text) if kind == "toml" else json.loads(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
            errors.append(f"not valid {kind.upper()} ({exc})")
            continue
        if not isinstance(data, dict):
            raise WeightsError(f"{path}: expected a table of signal = value")
        return data
    raise WeightsError(f"{path}: " + "; ".join(errors))


def parse_weight_override(text: str) -> tuple[str, float]:
    """Parse one CLI `--weight name=value`; the name is checked later against the codebook."""
    name, sep, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not sep or not name or not raw:
        raise WeightsError(f"--weight expects NAME=VALUE, e.g. sanctions=-6, not {text!r}")
    try:
        value = float(raw)
    except ValueError:
        raise WeightsError(f"--weight {name}: {raw!r} is not a number") from None
    return name, _check_value(name, value, "--weight: ")


def preset_weights(name: str, codebook: CodebookLike) -> Weights:
    """The weights of a named preset (see `PRESETS`) for this codebook's signals."""
    defaults = codebook.default_weights()
    if name == GOLDSTEIN:
        return dict(defaults)
    if name == CONTACT_ONLY:
        return {s: (w if s in CONTACT_SIGNALS else 0.0) for s, w in defaults.items()}
    if name == EQUAL_MAGNITUDE:
        return {
            s: math.copysign(EQUAL_MAGNITUDE_VALUE, w) if w else 0.0 for s, w in defaults.items()
        }
    raise WeightsError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})")
