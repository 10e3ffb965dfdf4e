"""The dashboard's view state and its URL form, so that any view is a permalink.

Everything that arrives from a URL is untrusted text: `parse_query` validates each value, keeps
the good ones and returns a human-readable notice for every one it ignores, so a mistyped link
degrades to the default view with an explanation instead of an exception. `to_query` writes the
canonical form back (only values that differ from the defaults, so links stay short), and the two
round-trip: `parse_query(to_query(state)) == state`.

Pure Python: no Streamlit import, so the rules are unit-tested without an app.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

WEIGHT_MIN = -10.0
WEIGHT_MAX = 10.0
WEIGHT_STEP = 0.5
CONFIDENCE_STEP = 0.05
CUSTOM = "Custom"
"""Shown in the preset picker when the sliders match no preset."""

WEIGHT_PREFIX = "w."
KEY_PRESET = "preset"
KEY_YEARS = "years"
KEY_CONFIDENCE = "conf"
KEY_DUPLICATES = "dups"
KEY_YEAR = "year"
KEY_ARTICLE = "article"
KNOWN_KEYS = (KEY_PRESET, KEY_YEARS, KEY_CONFIDENCE, KEY_DUPLICATES, KEY_YEAR, KEY_ARTICLE)

QueryParams = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class StateSpec:
    """What a valid view looks like for the loaded codebook and corpus."""

    signals: tuple[str, ...]
    presets: Mapping[str, Mapping[str, float]]
    default_preset: str
    year_bounds: tuple[int, int]
    default_years: tuple[int, int]

    def preset(self, name: str) -> dict[str, float]:
        return {s: float(self.presets[name][s]) for s in self.signals}

    def defaults(self) -> ViewState:
        return ViewState(
            weights=self.preset(self.default_preset),
            years=self.default_years,
            min_confidence=0.0,
            include_duplicates=False,
        )


@dataclass(frozen=True)
class ViewState:
    """One view of the index: weights and filters, plus the drill-down selection."""

    weights: dict[str, float]
    years: tuple[int, int]
    min_confidence: float
    include_duplicates: bool
    year: int | None = None
    article: str | None = None

    def weight_key(self) -> tuple[tuple[str, float], ...]:
        """Hashable form of the weights (for cache keys)."""
        return tuple(self.weights.items())


def matching_preset(weights: Mapping[str, float], spec: StateSpec) -> str | None:
    """The first preset whose weights equal these (within float noise), if any."""
    for name in spec.presets:
        preset = spec.preset(name)
        if all(math.isclose(weights[s], preset[s], abs_tol=1e-9) for s in spec.signals):
            return name
    return None


def _last(value: str | Sequence[str]) -> str:
    """A repeated URL key keeps its last value (what a browser user most likely typed last)."""
    if isinstance(value, str):
        return value
    return value[-1] if value else ""


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _integer(text: str) -> int | None:
    text = text.strip()
    if not text.lstrip("-").isdigit():
        return None
    return int(text)


def parse_query(params: QueryParams, spec: StateSpec) -> tuple[ViewState, list[str]]:
    """Turn URL query parameters into a view; return the view and a notice per ignored value."""
    notices: list[str] = []
    state = spec.defaults()
    values = {key: _last(value) for key, value in params.items()}

    base = spec.default_preset
    if KEY_PRESET in values:
        name = values[KEY_PRESET]
        if name in spec.presets:
            base = name
        elif name != CUSTOM:
            notices.append(f"Unknown preset {name!r} ignored; using {spec.default_preset!r}.")
    weights = spec.preset(base)
    for key, raw in values.items():
        if not key.startswith(WEIGHT_PREFIX):
            continue
        signal = key[len(WEIGHT_PREFIX) :]
        number = _number(raw)
        if signal not in spec.signals:
            notices.append(f"Unknown signal {signal!r} in the link ignored.")
        elif number is None:
            notices.append(f"Weight for {signal!r} is not a number ({raw!r}); ignored.")
        elif not WEIGHT_MIN <= number <= WEIGHT_MAX:
            notices.append(
                f"Weight for {signal!r} = {raw} is outside {WEIGHT_MIN:g}..{WEIGHT_MAX:g}; ignored."
            )
        else:
            weights[signal] = number
    state = replace(state, weights=weights)

    if KEY_YEARS in values:
        years = _parse_years(values[KEY_YEARS], spec.year_bounds)
        if years is None:
            low, high = spec.year_bounds
            notices.append(
                f"Year range {values[KEY_YEARS]!r} is not FIRST-LAST within {low}–{high}; ignored."
            )
        else:
            state = replace(state, years=years)

    if KEY_CONFIDENCE in values:
        conf = _number(values[KEY_CONFIDENCE])
        if conf is None or not 0.0 <= conf <= 1.0:
            notices.append(
                f"Minimum confidence {values[KEY_CONFIDENCE]!r} is not between 0 and 1; ignored."
            )
        else:
            state = replace(state, min_confidence=conf)

    if KEY_DUPLICATES in values:
        flag = values[KEY_DUPLICATES].strip().lower()
        if flag in ("1", "true", "yes", "on"):
            state = replace(state, include_duplicates=True)
        elif flag not in ("0", "false", "no", "off"):
            notices.append(f"Duplicates flag {values[KEY_DUPLICATES]!r} is not 0 or 1; ignored.")

    if KEY_YEAR in values:
        year = _integer(values[KEY_YEAR])
        low, high = state.years
        if year is None or not low <= year <= high:
            notices.append(f"Selected year {values[KEY_YEAR]!r} is not in {low}–{high}; ignored.")
        else:
            state = replace(state, year=year)

    if KEY_ARTICLE in values:
        article = values[KEY_ARTICLE].strip()
        if not article or state.year is None:
            notices.append("Selected article ignored: it needs a selected year.")
        else:
            state = replace(state, article=article)

    for key in values:
        if key not in KNOWN_KEYS and not key.startswith(WEIGHT_PREFIX):
            notices.append(f"Unknown link parameter {key!r} ignored.")
    return state, notices


def _parse_years(text: str, bounds: tuple[int, int]) -> tuple[int, int] | None:
    first, sep, last = text.strip().partition("-")
    low, high = _integer(first), _integer(last)
    if not sep or low is None or high is None:
        return None
    if not bounds[0] <= low <= high <= bounds[1]:
        return None
    return low, high


def _format_number(value: float) -> str:
    """Short, exact-enough text for a URL: 2.5 → "2.5", 3.0 → "3", 1.9 → "1.9"."""
    return f"{round(value, 4):g}"


def to_query(state: ViewState, spec: StateSpec) -> dict[str, str]:
    """The canonical query parameters of a view: only what differs from the default view."""
    params: dict[str, str] = {}
    preset = matching_preset(state.weights, spec)
    base = preset or spec.default_preset
    if base != spec.default_preset:
        params[KEY_PRESET] = base
    base_weights = spec.preset(base)
    for signal in spec.signals:
        value = state.weights[signal]
        if not math.isclose(value, base_weights[signal], abs_tol=1e-9):
            params[WEIGHT_PREFIX + signal] = _format_number(value)
    if state.years != spec.default_years:
        params[KEY_YEARS] = f"{state.years[0]}-{state.years[1]}"
    if state.min_confidence > 0:
        params[KEY_CONFIDENCE] = _format_number(state.min_confidence)
    if state.include_duplicates:
        params[KEY_DUPLICATES] = "1"
    if state.year is not None:
        params[KEY_YEAR] = str(state.year)
        if state.article is not None:
            params[KEY_ARTICLE] = state.article
    return params


def clamp_years(years: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    """Keep a year range inside the slider's bounds (a new corpus can move them)."""
    low = min(max(years[0], bounds[0]), bounds[1])
    high = min(max(years[1], low), bounds[1])
    return low, high


def year_bounds(data_years: Sequence[int], default_years: tuple[int, int]) -> tuple[int, int]:
    """Slider bounds: the default range widened to every year the corpus has articles for."""
    years = [y for y in data_years if 1900 <= y <= 2100]
    low = min([default_years[0], *years])
    high = max([default_years[1], *years])
    return low, high
