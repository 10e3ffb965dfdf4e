"""The knowledge file: loads, follows its schemas, and the dates we rely on are right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from metrics.knowledge import (
    EVENTS_SCHEMA,
    PEOPLE_SCHEMA,
    KnowledgeError,
    load_knowledge,
)
from metrics.schema import assert_schema

K = load_knowledge()


def test_schemas_and_sides() -> None:
    assert_schema(K.people, PEOPLE_SCHEMA)
    assert_schema(K.events, EVENTS_SCHEMA)
    assert set(K.people["side"].unique()) == {"US", "RU"}
    assert K.people.filter(pl.col("role_words").list.len() == 0).height == 0
    assert K.people.filter(pl.col("end") < pl.col("start")).height == 0
    assert len(K.sha256) == 64


def test_side_and_dyad_terms() -> None:
    us, ru = set(K.side_terms["US"]), set(K.side_terms["RU"])
    assert {"Washington", "the White House", "the Pentagon", "the State Department"} <= us
    assert {"Foggy Bottom", "American", "U.S."} <= us
    assert {"the Kremlin", "Moscow", "Kremlin-backed", "Russian"} <= ru
    # The space agencies' contacts are contacts of the two governments.
    assert "NASA" in us
    assert "Roscosmos" in ru
    assert not us & ru
    assert {"the two countries", "bilateral"} <= set(K.dyad_terms)


def _term(name: str, role: str) -> list[tuple[date, date | None]]:
    rows = K.people.filter((pl.col("name") == name) & (pl.col("role") == role))
    return list(rows.select("start", "end").iter_rows())


@pytest.mark.parametrize(
    ("name", "role", "start", "end"),
    [
        ("Rex Tillerson", "secretary_of_state", date(2017, 2, 1), date(2018, 3, 31)),
        ("Jon Huntsman", "ambassador_to_russia", date(2017, 10, 3), date(2019, 10, 3)),
        ("Dmitry Medvedev", "prime_minister", date(2012, 5, 8), date(2020, 1, 16)),
        ("Mikhail Mishustin", "prime_minister", date(2020, 1, 16), None),
        ("Andrei Belousov", "defense_minister", date(2024, 5, 14), None),
        ("Sergei Shoigu", "security_council_secretary", date(2024, 5, 12), None),
        ("Valery Gerasimov", "chief_of_general_staff", date(2012, 11, 9), None),
        ("Anatoly Antonov", "ambassador_to_us", date(2017, 8, 21), date(2024, 10, 6)),
        ("Lloyd Austin", "secretary_of_defense", date(2021, 1, 22), date(2025, 1, 20)),
    ],
)
def test_key_terms(name: str, role: str, start: date, end: date | None) -> None:
    assert (start, end) in _term(name, role)


def test_kirby_held_three_spokesman_jobs() -> None:
    roles = set(K.people.filter(pl.col("name") == "John Kirby")["role"])
    assert {"pentagon_press_secretary", "state_department_spokesperson", "nsc_spokesman"} <= roles
    pentagon = _term("John Kirby", "pentagon_press_secretary")
    assert any(s.year == 2021 and e is not None and e.year == 2022 for s, e in pentagon)


def test_single_seat_offices_do_not_overlap() -> None:
    for (side, role), rows in K.people.sort("start").group_by(["side", "role"]):
        ends = rows["end"].to_list()
        starts = rows["start"].to_list()
        for prev_end, next_start in zip(ends, starts[1:], strict=False):
            assert prev_end is not None, (side, role)
            assert next_start >= prev_end, (side, role, next_start, prev_end)


@pytest.mark.parametrize(
    ("event_id", "when"),
    [
        ("crimea_annexation_2014", date(2014, 3, 18)),
        ("hamburg_g20_2017", date(2017, 7, 7)),
        ("skripal_poisoning_2018", date(2018, 3, 4)),
        ("helsinki_summit_2018", date(2018, 7, 16)),
        ("inf_withdrawal_2019", date(2019, 8, 2)),
        ("new_start_extension_2021", date(2021, 2, 3)),
        ("geneva_summit_2021", date(2021, 6, 16)),
        ("ukraine_invasion_2022", date(2022, 2, 24)),
        ("griner_bout_exchange_2022", date(2022, 12, 8)),
        ("prisoner_exchange_2024", date(2024, 8, 1)),
        ("riyadh_talks_2025", date(2025, 2, 18)),
        ("alaska_summit_2025", date(2025, 8, 15)),
    ],
)
def test_milestone_dates(event_id: str, when: date) -> None:
    assert K.events.filter(pl.col("id") == event_id)["date"].to_list() == [when]


def test_events_are_many_unique_and_named() -> None:
    assert K.events.height >= 40
    assert K.events["id"].n_unique() == K.events.height
    assert K.events.filter(pl.col("aliases").list.len() == 0).height == 0
    aliases = K.events["aliases"].explode().str.to_lowercase()
    assert aliases.n_unique() == aliases.len(), "an alias naming two events is ambiguous"


def test_event_ids_end_with_their_year() -> None:
    for event_id, when in K.events.select("id", "date").iter_rows():
        year = event_id.rsplit("_", 1)[-1]
        if year.isdigit():
            assert int(year) == when.year, event_id


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "k.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[people]]\nname='X'\nside='US'\n", "lacks"),
        ("[[people]]\nname='X'\nside='UK'\nstart=2020-01-01\n", "side must be"),
        ("[[people]]\nname='X'\nside='US'\nstart=2020-01-01\nend=2019-01-01\n", "before start"),
        ("[[events]]\nid='e'\nname='E'\ndate='2020'\nkind='summit'\n", "TOML date"),
        (
            "[[events]]\nid='e'\nname='E'\ndate=2020-01-01\nkind='s'\n" * 2,
            "duplicate event ids",
        ),
        ("not = [valid", "not valid TOML"),
    ],
)
def test_malformed_files_are_named(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        load_knowledge(_write(tmp_path, body))


@pytest.mark.parametrize(
    ("event_id", "when"),
    [
        ("covid_pandemic_2020", date(2020, 3, 11)),
        ("biden_killer_remark_2021", date(2021, 3, 17)),
        ("dpr_lpr_recognition_2022", date(2022, 2, 21)),
        ("black_sea_drone_2023", date(2023, 3, 14)),
        ("new_start_suspension_2023", date(2023, 2, 21)),
        ("wagner_mutiny_2023", date(2023, 6, 24)),
        ("navalny_death_2024", date(2024, 2, 16)),
        ("geneva_summit_2021", date(2021, 6, 16)),
        ("osaka_g20_2019", date(2019, 6, 28)),
    ],
)
def test_key_event_dates(event_id: str, when: date) -> None:
    assert K.events.filter(pl.col("id") == event_id)["date"].to_list() == [when]


@pytest.mark.parametrize(
    ("name", "role", "start", "end"),
    [
        (
            "Elliott Abrams",
            "special_representative_venezuela",
            date(2019, 1, 25),
            date(2021, 1, 20),
        ),
        (
            "Thomas Shannon",
            "under_secretary_of_state_political",
            date(2016, 2, 12),
            date(2018, 6, 4),
        ),
        ("Jim Bridenstine", "nasa_administrator", date(2018, 4, 23), date(2021, 1, 20)),
        (
            "Robert Palladino",
            "state_department_deputy_spokesperson",
            date(2018, 8, 1),
            date(2019, 7, 1),
        ),
        (
            "Dmitry Rogozin",
            "roscosmos_director_general",
            date(2018, 5, 24),
            date(2022, 7, 15),
        ),
    ],
)
def test_added_officeholders(name: str, role: str, start: date, end: date) -> None:
    assert (start, end) in _term(name, role)


def test_event_aliases_for_common_phrasings() -> None:
    aliases = {a: i for i, al in K.events.select("id", "aliases").iter_rows() for a in al}
    assert aliases["special counsel's report"] == "mueller_report_2019"
    assert aliases["Gershkovich, who was detained"] == "gershkovich_arrest_2023"
    months = dict(K.events.select("id", "date").iter_rows())
    assert months["geneva_summit_2021"] == date(2021, 6, 16)
    assert months["osaka_g20_2019"].month == 6  # both June summits (dating reads "June summit")


def test_formal_presidential_titles() -> None:
    for name in ("Joe Biden", "Donald Trump", "Barack Obama"):
        rows = K.people.filter((pl.col("name") == name) & (pl.col("role") == "president"))
        for words in rows["role_words"].to_list():
            assert "President of the United States of America" in words
    rows = K.people.filter((pl.col("name") == "Vladimir Putin") & (pl.col("role") == "president"))
    assert all("President of the Russian Federation" in w for w in rows["role_words"].to_list())
