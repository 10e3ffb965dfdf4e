"""Weight validation, files, CLI overrides and presets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.schema import SIGNAL_COUNT_COLUMNS
from metrics.weights import (
    CONTACT_SIGNALS,
    PRESETS,
    WeightsError,
    load_weights,
    parse_weight_override,
    preset_weights,
    validate_weights,
)
from tests.factories import fake_codebook

DEFAULTS = dict(
    zip(
        SIGNAL_COUNT_COLUMNS,
        [2.5, 4.0, 4.5, 8.0, 1.0, -5.0, -2.0, -8.0, -7.0, -4.4, 0.0],
        strict=True,
    )
)


CODEBOOK = fake_codebook(DEFAULTS)


def test_missing_names_take_defaults_and_order_follows_the_codebook() -> None:
    got = validate_weights({"threat": -3, "agreement": 1.5}, DEFAULTS)
    assert list(got) == list(SIGNAL_COUNT_COLUMNS)
    assert got["threat"] == -3.0
    assert isinstance(got["threat"], float)
    assert got["agreement"] == 1.5
    assert got["sanctions"] == DEFAULTS["sanctions"]


def test_without_defaults_a_missing_name_is_an_error() -> None:
    with pytest.raises(WeightsError, match="'threat'"):
        validate_weights({k: v for k, v in DEFAULTS.items() if k != "threat"}, DEFAULTS.keys())


@pytest.mark.parametrize(
    ("weights", "needle"),
    [
        ({"sanction": 1.0}, "'sanction'"),
        ({"threat": 10.5}, "'threat'"),
        ({"threat": -11}, "'threat'"),
        ({"threat": math.nan}, "'threat'"),
        ({"threat": math.inf}, "'threat'"),
        ({"threat": "2"}, "'threat'"),
        ({"threat": True}, "'threat'"),
        ({"threat": None}, "'threat'"),
    ],
)
def test_bad_weights_are_rejected_naming_the_key(weights: dict[str, object], needle: str) -> None:
    with pytest.raises(WeightsError, match=needle):
        validate_weights(weights, DEFAULTS)


def test_weights_error_is_a_value_error() -> None:
    assert issubclass(WeightsError, ValueError)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_accepted_iff_it_is_on_the_scale(value: float) -> None:
    on_scale = math.isfinite(value) and -10 <= value <= 10
    try:
        got = validate_weights({"agreement": value}, DEFAULTS)
    except WeightsError:
        assert not on_scale
    else:
        assert on_scale
        assert got["agreement"] == value


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("w.toml", "[weights]\nsanctions = -6\nthreat = -3.5\n"),
        ("w.toml", "sanctions = -6\nthreat = -3.5\n"),
        ("w.json", '{"weights": {"sanctions": -6, "threat": -3.5}}'),
        ("w.json", '{"sanctions": -6, "threat": -3.5}'),
        ("weights.txt", '{"sanctions": -6, "threat": -3.5}'),
    ],
)
def test_load_weights_reads_toml_and_json_wrapped_or_flat(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    got = load_weights(path, DEFAULTS)
    assert got == {**DEFAULTS, "sanctions": -6.0, "threat": -3.5}


@pytest.mark.parametrize(
    ("name", "text", "needle"),
    [
        ("w.toml", "sanctons = -6\n", "sanctons"),
        ("w.json", '{"weights": {"threat": 20}}', "threat"),
        ("w.json", '{"weights": ', "JSON"),
        ("w.toml", "threat = = 1", "TOML"),
        ("w.json", '{"weights": [1, 2]}', "weights"),
        ("w.json", "[1, 2]", "table"),
    ],
)
def test_load_weights_errors_name_the_file(
    tmp_path: Path, name: str, text: str, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WeightsError, match=needle) as info:
        load_weights(path, DEFAULTS)
    assert str(path) in str(info.value)


def test_load_weights_missing_file_is_a_weights_error(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match=r"nope\.toml"):
        load_weights(tmp_path / "nope.toml", DEFAULTS)


def test_weight_override_parses_name_and_value() -> None:
    assert parse_weight_override("sanctions=-6") == ("sanctions", -6.0)
    assert parse_weight_override(" threat = 2.5 ") == ("threat", 2.5)


@pytest.mark.parametrize("text", ["sanctions", "=3", "sanctions=", "sanctions=abc", "x=11"])
def test_weight_override_rejects_malformed_text(text: str) -> None:
    with pytest.raises(WeightsError):
        parse_weight_override(text)


def test_goldstein_preset_is_the_codebook_defaults() -> None:
    assert preset_weights("Goldstein (GDELT table)", CODEBOOK) == DEFAULTS


def test_contact_only_keeps_contact_signals_and_zeroes_the_rest() -> None:
    got = preset_weights("Contact only", CODEBOOK)
    for name, value in got.items():
        assert value == (DEFAULTS[name] if name in CONTACT_SIGNALS else 0.0)
    assert set(CONTACT_SIGNALS) == {"meeting_held", "meeting_planned", "refused"}


def test_equal_magnitude_keeps_signs_with_one_magnitude() -> None:
    got = preset_weights("Equal magnitude", CODEBOOK)
    nonzero = {abs(v) for v in got.values() if v != 0}
    assert len(nonzero) == 1
    for name, value in got.items():
        assert math.copysign(1, value) == math.copysign(1, DEFAULTS[name]) or value == 0
        assert (value == 0) == (DEFAULTS[name] == 0)


def test_every_preset_is_valid_and_unknown_presets_fail() -> None:
    assert list(PRESETS) == ["Goldstein (GDELT table)", "Contact only", "Equal magnitude"]
    for name in PRESETS:
        weights = preset_weights(name, CODEBOOK)
        assert validate_weights(weights, SIGNAL_COUNT_COLUMNS) == weights
    with pytest.raises(WeightsError, match="Nope"):
        preset_weights("Nope", CODEBOOK)


def test_a_loaded_file_round_trips_through_json(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"weights": DEFAULTS}), encoding="utf-8")
    assert load_weights(path, dict.fromkeys(DEFAULTS, 0.0)) == DEFAULTS
