"""The CLI end to end on the bundled seeds and on small corpora written by the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from metrics.cli import main

SUBCOMMANDS = ("articles", "signals", "evidence", "index", "dashboard")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--help"] if not argv else list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"relations-index {command}" in capsys.readouterr().out


def test_articles_json_lists_the_seeds_with_roles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "articles", "--format", "json", "--quiet")
    assert code == 0
    rows = {row["article_id"][:3]: row for row in json.loads(out)}
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    assert rows["004"]["page_date"] == "2024-05-20"
    assert rows["003"]["roles"]["duplicate"] > 1000  # the second copy of the body
    assert rows["000"]["roles"]["boilerplate"] > 0
    assert rows["001"]["roles"]["comments"] > 0
    set_aside_roles = {item["role"] for item in rows["003"]["set_aside"]}
    assert "duplicate" in set_aside_roles


def test_articles_show_marks_roles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "articles", "--show", "001", "--quiet")
    assert code == 0
    assert "[body]" in out
    assert "[comments:" in out


def test_articles_show_lists_year_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "articles", "--show", "004", "--quiet")
    assert code == 0
    assert "event year: 2019" in out
    assert "DATE CONFLICT" in out  # the 2024 page date over 2019 events
    assert "  clue " in out


def test_unknown_article_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["evidence", "no-such-article", "--quiet"])
    assert exit_info.value.code == 2
    assert "no-such-article" in capsys.readouterr().err


def test_bad_year_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["index", "--years", "2024-2017", "--quiet"])
    assert exit_info.value.code == 2
    assert "--years" in capsys.readouterr().err


def test_missing_corpus_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "index", str(tmp_path / "nowhere"), "--quiet")
    assert code == 1
    assert "nowhere" in err


def test_unknown_weight_names_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "index", "--weight", "handshake=3", "--quiet")
    assert code == 1
    assert "handshake" in err


def test_index_json_has_series_and_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index", "--format", "json", "--quiet")
    assert code == 0
    document = json.loads(out)
    years = [row["year"] for row in document["series"]]
    assert years == list(range(2017, 2025))
    assert {"weights", "codebook_version", "corpus_fingerprint"} <= set(document["metadata"])
    counts = {row["year"]: row["n_articles"] for row in document["series"]}
    assert counts == {2017: 2, 2018: 1, 2019: 1, 2020: 0, 2021: 0, 2022: 1, 2023: 0, 2024: 0}
    values = {row["year"]: row["index"] for row in document["series"]}
    assert all(values[year] is None for year in (2020, 2021, 2023, 2024))
    assert all(values[2022] < values[year] for year in (2017, 2018, 2019))


def test_weight_override_changes_the_index(capsys: pytest.CaptureFixture[str]) -> None:
    _, base, _ = run(capsys, "index", "--format", "json", "--quiet")
    _, changed, _ = run(
        capsys, "index", "--format", "json", "--quiet", "--weight", "meeting_held=-10"
    )
    before = {r["year"]: r["index"] for r in json.loads(base)["series"]}
    after = {r["year"]: r["index"] for r in json.loads(changed)["series"]}
    assert after[2018] < before[2018]


def test_parquet_output_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "series.parquet"
    code, _, _ = run(capsys, "index", "--format", "parquet", "-o", str(target), "--quiet")
    assert code == 0
    assert pl.read_parquet(target)["year"].to_list() == list(range(2017, 2025))


def test_signals_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "signals", "--format", "json", "--quiet")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    expected = {
        "article_id",
        "title",
        "event_year",
        "meeting_held",
        "meeting_planned",
        "refused",
        "disagreement",
        "sanctions",
        "expulsion",
        "threat",
        "military_force",
        "agreed_topics",
        "discussed_topics",
        "flesch_reading_ease",
        "year_confidence",
    }
    assert expected <= set(rows[0])
    assert all(isinstance(row["agreed_topics"], list) for row in rows)


def test_evidence_text_marks_spans(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evidence", "001", "--quiet")
    assert code == 0
    assert "⟦" in out
    assert "meeting_held/actual" in out


def test_bad_files_are_reported_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parents[1] / "seeds" / "001_798d2bdbd99589b1.txt", corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, err = run(capsys, "signals", str(corpus), "--format", "json")
    assert code == 0
    assert [row["article_id"] for row in json.loads(out)] == ["001_798d2bdbd99589b1"]
    assert "empty.txt" in err
    assert "blob.txt" in err


def test_console_script_runs() -> None:
    script = Path(sys.executable).with_name("relations-index")
    result = subprocess.run(
        [str(script), "index", "--quiet"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "2017" in result.stdout
    assert "2024" in result.stdout
