"""URL query parameters ↔ view state: validation, notices, and the round trip."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from dashboard import state

SIGNALS = ("meeting_held", "agreement", "sanctions")
SPEC = state.StateSpec(
    signals=SIGNALS,
    presets={
        "Goldstein (GDELT table)": {"meeting_held": 2.5, "agreement": 4.5, "sanctions": -8.0},
        "Contact only": {"meeting_held": 2.5, "agreement": 0.0, "sanctions": 0.0},
    },
    default_preset="Goldstein (GDELT table)",
    year_bounds=(2010, 2026),
    default_years=(2017, 2024),
)


def test_empty_query_is_the_default_view() -> None:
    view, notices = state.parse_query({}, SPEC)
    assert view == SPEC.defaults()
    assert notices == []
    assert state.to_query(view, SPEC) == {}


def test_valid_parameters_are_applied() -> None:
    view, notices = state.parse_query(
        {
            "w.sanctions": "-3.5",
            "years": "2018-2020",
            "conf": "0.4",
            "dups": "1",
            "year": "2019",
            "article": "abc",
        },
        SPEC,
    )
    assert notices == []
    assert view.weights == {"meeting_held": 2.5, "agreement": 4.5, "sanctions": -3.5}
    assert view.years == (2018, 2020)
    assert view.min_confidence == 0.4
    assert view.include_duplicates is True
    assert view.year == 2019
    assert view.article == "abc"


def test_preset_then_override() -> None:
    view, notices = state.parse_query({"preset": "Contact only", "w.agreement": "1"}, SPEC)
    assert notices == []
    assert view.weights == {"meeting_held": 2.5, "agreement": 1.0, "sanctions": 0.0}


def test_invalid_values_are_ignored_with_one_notice_each() -> None:
    bad = {
        "w.sanctions": "lots",
        "w.agreement": "11",
        "w.nonsense": "1",
        "w.meeting_held": "nan",
        "preset": "Mine",
        "years": "2024-2017",
        "conf": "2",
        "dups": "maybe",
        "year": "1999",
        "article": "x",
        "utm_source": "mail",
    }
    view, notices = state.parse_query(bad, SPEC)
    assert view == SPEC.defaults()
    assert len(notices) == len(bad)
    joined = " ".join(notices)
    for word in ("sanctions", "agreement", "nonsense", "meeting_held", "Mine", "2024-2017"):
        assert word in joined


def test_repeated_key_uses_the_last_value() -> None:
    view, _ = state.parse_query({"w.sanctions": ["-1", "-2"]}, SPEC)
    assert view.weights["sanctions"] == -2.0


def test_selected_year_outside_range_is_rejected() -> None:
    view, notices = state.parse_query({"years": "2018-2019", "year": "2022"}, SPEC)
    assert view.year is None
    assert len(notices) == 1


def test_to_query_names_the_preset_and_only_differences() -> None:
    view = replace(
        SPEC.defaults(), weights={"meeting_held": 2.5, "agreement": 0.0, "sanctions": -1.0}
    )
    # Matches no preset, so it is written relative to the default preset.
    assert state.to_query(view, SPEC) == {"w.agreement": "0", "w.sanctions": "-1"}
    contact = replace(SPEC.defaults(), weights=SPEC.preset("Contact only"))
    assert state.to_query(contact, SPEC) == {"preset": "Contact only"}


def test_matching_preset() -> None:
    assert state.matching_preset(SPEC.preset("Contact only"), SPEC) == "Contact only"
    assert state.matching_preset({**SPEC.preset("Contact only"), "sanctions": 1.0}, SPEC) is None


weights = st.fixed_dictionaries(
    {s: st.integers(-20, 20).map(lambda v: v * state.WEIGHT_STEP) for s in SIGNALS}
)


@given(
    weights=weights,
    low=st.integers(2010, 2026),
    span=st.integers(0, 16),
    conf=st.integers(0, 20).map(lambda v: v * state.CONFIDENCE_STEP),
    dups=st.booleans(),
    pick=st.booleans(),
)
def test_round_trip(
    weights: dict[str, float], low: int, span: int, conf: float, dups: bool, pick: bool
) -> None:
    high = min(low + span, 2026)
    view = state.ViewState(
        weights=weights,
        years=(low, high),
        min_confidence=round(conf, 4),
        include_duplicates=dups,
        year=low if pick else None,
        article="a/1" if pick else None,
    )
    parsed, notices = state.parse_query(state.to_query(view, SPEC), SPEC)
    assert notices == []
    assert parsed == view


def test_clamp_and_bounds() -> None:
    assert state.clamp_years((2000, 2030), (2010, 2026)) == (2010, 2026)
    assert state.clamp_years((2020, 2018), (2010, 2026)) == (2020, 2020)
    assert state.year_bounds([2015, 2025, 1066], (2017, 2024)) == (2015, 2025)
    assert state.year_bounds([], (2017, 2024)) == (2017, 2024)
