"""Tests for corpus ingestion: every reader, every rejection reason, and the mixed-folder case."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.ingest import CorpusError, parse_date, parse_event_year, read_corpus, read_uploads
from metrics.schema import ARTICLES, INGEST_REPORT, assert_schema

STORY = (
    "Diplomats from both countries met in Vienna on Tuesday. They agreed to keep talking "
    "about arms control and to meet again before the end of the month."
)
HTML_PAGE = """<html><head><title>Envoys meet in Vienna | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier">
<meta property="article:published_time" content="2021-06-16">
<link rel="canonical" href="https://courier.example/envoys"></head>
<body><nav>Home | World | Sport</nav><article><h1>Envoys meet in Vienna</h1>
<p>Diplomats from both countries met in Vienna on Tuesday and agreed to keep talking.</p>
<p>Officials said arms-control talks would resume within weeks, according to a statement.</p>
</article><footer>Copyright Daily Courier</footer></body></html>"""
# Long enough for charset-normalizer to be sure; é, curly quotes and a dash are cp1252 bytes.
LEGACY = (
    "Café diplomacy: the minister said “we will meet again” – and both sides’ envoys agreed. "
    "Négociations continued in the résidence for several hours before the delegations left. "
) * 3


def ingest(folder: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    articles, report = read_corpus(folder)
    assert_schema(articles, ARTICLES)
    assert_schema(report, INGEST_REPORT)
    return articles, report


def reason_for(report: pl.DataFrame, path_suffix: str) -> str:
    rows = report.filter(pl.col("path").str.ends_with(path_suffix), pl.col("status") != "accepted")
    assert rows.height == 1, f"expected one report row for {path_suffix}: {rows}"
    return str(rows["status"][0]) + ": " + str(rows["reason"][0])


def article(articles: pl.DataFrame, article_id: str) -> dict[str, object]:
    rows = articles.filter(pl.col("article_id") == article_id)
    assert rows.height == 1, f"no single article {article_id!r} in {articles['article_id']}"
    return rows.row(0, named=True)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- the acceptance test ----------------------------------------------------------------------


def test_mixed_folder_keeps_every_good_article_and_names_every_bad_file(tmp_path: Path) -> None:
    write(tmp_path, "good_one.txt", "Envoys meet\n\n" + STORY)
    write(tmp_path, "nested/good_two.md", "# Talks resume\n\n" + STORY)
    write(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "wide.txt", ("Wide title\n" + STORY).encode("utf-16"))
    write(tmp_path, "legacy.txt", LEGACY.encode("cp1252"))
    write(tmp_path, "page.html", HTML_PAGE)
    write(tmp_path, "table.csv", f'id,title,text\nrow-a,Table story,"{STORY}"\nrow-b,,\n')
    write(tmp_path, "slides.pptx", b"PK\x03\x04 not an article")

    articles, report = ingest(tmp_path)

    assert sorted(articles["article_id"]) == sorted(
        ["good_one", "good_two", "wide", "legacy", "page", "row-a"]
    )
    assert article(articles, "good_one")["text"] == "Envoys meet\n\n" + STORY
    assert article(articles, "good_two")["title"] == "Talks resume"
    assert article(articles, "wide")["text"] == "Wide title\n" + STORY
    assert article(articles, "wide")["encoding"] == "utf-16"
    assert article(articles, "legacy")["text"] == LEGACY
    assert article(articles, "row-a")["text"] == STORY
    assert article(articles, "row-a")["path"] == f"{tmp_path / 'table.csv'}#row=1"
    page = article(articles, "page")
    assert "met in Vienna on Tuesday" in str(page["text"])
    assert "Copyright" not in str(page["text"])

    assert reason_for(report, "picture.txt").startswith("rejected: binary file (NUL byte at")
    assert reason_for(report, "empty.txt") == "rejected: empty file (0 bytes)"
    assert reason_for(report, "slides.pptx") == "rejected: unsupported file type .pptx"
    assert reason_for(report, "table.csv#row=2") == "rejected: empty text"
    legacy_warning = reason_for(report, "legacy.txt")
    assert legacy_warning.startswith("warning: not UTF-8")
    assert str(article(articles, "legacy")["encoding"]) in legacy_warning
    accepted = report.filter(pl.col("status") == "accepted")
    assert sorted(accepted["article_id"]) == sorted(articles["article_id"])


# --- the seeds --------------------------------------------------------------------------------


def test_bundled_seeds_load_with_manifest_titles_sources_and_dates() -> None:
    articles, report = read_corpus(None)
    assert articles.height == 5
    assert set(report["status"]) == {"accepted"}, report
    by_id = {row["article_id"]: row for row in articles.iter_rows(named=True)}
    sources = {key[:3]: row["source"] for key, row in by_id.items()}
    assert sources == {
        "000": "The Duran",
        "001": None,
        "002": None,
        "003": None,
        "004": "The Speaker",
    }
    dates = {key[:3]: row["page_date"] for key, row in by_id.items()}
    assert dates == {"000": None, "001": None, "002": None, "003": None, "004": date(2024, 5, 20)}
    assert all(row["given_event_year"] is None for row in by_id.values())
    for row in by_id.values():
        # Each manifest title is a line the reader can see on the page itself.
        assert row["title"] in str(row["text"]).splitlines()


def test_seed_manifest_names_exactly_the_seed_files() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    manifest = pl.read_csv(seeds / "manifest.csv", infer_schema=False)
    assert manifest.columns == ["file", "title", "source", "url", "page_date", "event_year"]
    assert sorted(manifest["file"]) == sorted(p.name for p in seeds.glob("*.txt"))
    assert manifest["event_year"].null_count() == manifest.height


# --- text files and encodings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + STORY.encode("utf-16-le"), "utf-16"),
        (b"\xfe\xff" + STORY.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_files_decode_exactly(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    write(tmp_path, "story.txt", encoded)
    articles, report = ingest(tmp_path)
    row = article(articles, "story")
    assert row["text"] == STORY
    assert row["encoding"] == encoding
    assert row["content_hash"] == hashlib.sha256(STORY.encode("utf-8")).hexdigest()
    assert report["status"].to_list() == ["accepted"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"   \n\t \n", "whitespace-only file (7 bytes)"),
        (b"abc\x00def", "binary file (NUL byte at offset 3)"),
        (bytes(range(1, 9)) * 20 + b" some text", "binary file (not text: 160 control characters"),
        (b"\xef\xbb\xbfgood start \xff\xfe bad", "undecodable: invalid utf-8-sig despite its"),
    ],
)
def test_bad_text_files_are_rejected_with_the_reason(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    write(tmp_path, "bad.txt", data)
    write(tmp_path, "good.txt", STORY)
    articles, report = ingest(tmp_path)
    assert articles["article_id"].to_list() == ["good"]
    assert reason_for(report, "bad.txt").startswith("rejected: " + expected)


def test_file_over_the_size_limit_names_size_and_limit(tmp_path: Path) -> None:
    write(tmp_path, "long.txt", "word " * 300)
    write(tmp_path, "short.txt", "A short story about talks.")
    articles, report = read_corpus(tmp_path, max_bytes=1_000)
    assert articles["article_id"].to_list() == ["short"]
    assert reason_for(report, "long.txt") == (
        "rejected: file too large (1,500 bytes > limit 1,000 bytes)"
    )


def test_unsupported_and_extensionless_files_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "story.txt", STORY)
    write(tmp_path, "notes.docx", b"PK")
    write(tmp_path, "README", "plain words")
    _, report = ingest(tmp_path)
    assert reason_for(report, "notes.docx") == "rejected: unsupported file type .docx"
    assert reason_for(report, "README") == "rejected: unsupported file type (no extension)"


def test_hidden_files_and_folders_are_skipped_but_reported(tmp_path: Path) -> None:
    write(tmp_path, "story.txt", STORY)
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, ".git/config", "[core]")
    articles, report = ingest(tmp_path)
    assert articles["article_id"].to_list() == ["story"]
    assert reason_for(report, ".DS_Store") == "warning: hidden file skipped"
    assert reason_for(report, ".git") == "warning: hidden folder skipped"
    assert not report["path"].str.contains("config").any()


def test_shared_stems_get_relative_path_ids_and_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "2019/talks.txt", "First\n" + STORY)
    write(tmp_path, "2020/talks.txt", "Second\n" + STORY)
    write(tmp_path, "talks.md", "Third\n" + STORY)
    articles, report = ingest(tmp_path)
    assert sorted(articles["article_id"]) == ["2019/talks.txt", "2020/talks.txt", "talks.md"]
    warnings = report.filter(pl.col("status") == "warning")
    assert warnings.height == 3
    assert warnings["reason"].str.contains("'talks' is shared by 3 inputs").all()


def test_markdown_and_text_titles_come_from_the_first_non_empty_line(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "\n\n## Ministers talk\n" + STORY)
    write(tmp_path, "b.txt", "  \n  # not a heading in txt  \n" + STORY)
    articles, _ = ingest(tmp_path)
    assert article(articles, "a")["title"] == "Ministers talk"
    assert article(articles, "b")["title"] == "# not a heading in txt"


# --- HTML -------------------------------------------------------------------------------------


def test_html_metadata_fills_title_source_date_and_url(tmp_path: Path) -> None:
    write(tmp_path, "envoys.html", HTML_PAGE)
    articles, _ = ingest(tmp_path)
    row = article(articles, "envoys")
    assert row["title"] == "Envoys meet in Vienna"
    assert row["source"] == "Daily Courier"
    assert row["page_date"] == date(2021, 6, 16)
    assert row["url"] == "https://courier.example/envoys"
    assert row["format"] == "html"
    assert "<p>" not in str(row["text"])


def test_html_without_main_text_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "blank.htm", "<html><head><title>Nothing</title></head><body></body></html>")
    articles, report = ingest(tmp_path)
    assert articles.height == 0
    assert reason_for(report, "blank.htm").startswith("rejected: HTML page without")


def test_html_date_is_never_guessed_from_the_story_text(tmp_path: Path) -> None:
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2021-06-16">', "")
    page = page.replace("on Tuesday", "on 3 March 2019")
    write(tmp_path, "undated.html", page)
    articles, _ = ingest(tmp_path)
    assert article(articles, "undated")["page_date"] is None


# --- manifest ---------------------------------------------------------------------------------


def test_manifest_overrides_and_reports_its_problems(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Headline A\n" + STORY)
    write(tmp_path, "sub/b.txt", "Headline B\n" + STORY)
    write(
        tmp_path,
        "manifest.csv",
        "file,title,source,page_date,event_year\n"
        "a.txt,Given title,Wire,20 May 2024,2019\n"
        "sub/b.txt,,,someday,3019\n"
        "missing.txt,X,,,\n",
    )
    articles, report = ingest(tmp_path)
    assert articles.height == 2, "manifest.csv is not an article"
    a = article(articles, "a")
    assert (a["title"], a["source"], a["page_date"], a["given_event_year"]) == (
        "Given title",
        "Wire",
        date(2024, 5, 20),
        2019,
    )
    b = article(articles, "b")
    assert (b["title"], b["page_date"], b["given_event_year"]) == ("Headline B", None, None)
    reasons = report.filter(pl.col("status") == "warning")["reason"].to_list()
    assert any("unparseable date 'someday'" in r for r in reasons)
    assert any("event_year 3019 outside" in r for r in reasons)
    assert any("'missing.txt', which is no accepted text or HTML file" in r for r in reasons)


def test_manifest_without_file_column_is_rejected_not_fatal(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", STORY)
    write(tmp_path, "manifest.csv", "name,title\na.txt,T\n")
    articles, report = ingest(tmp_path)
    assert articles["article_id"].to_list() == ["a"]
    assert reason_for(report, "manifest.csv") == (
        "rejected: manifest not applied: no 'file' column (columns: name, title)"
    )


# --- tables -----------------------------------------------------------------------------------


def test_csv_table_columns_map_to_articles(tmp_path: Path) -> None:
    table = pl.DataFrame(
        {
            "id": ["x1", "x2", "x1"],
            "title": ["T1", None, "T3"],
            "source": ["Wire", None, None],
            "url": ["https://a.example/1", None, None],
            "date": ["2018-07-16T10:00:00Z", "July 16, 2018", "16/07/2018"],
            "event_year": ["2018", "", "20x8"],
            "text": ["Story one.", "Headline two\nStory two.", "Story three."],
        }
    )
    table.write_csv(tmp_path / "news.csv")
    articles, report = read_corpus(tmp_path / "news.csv")
    assert_schema(articles, ARTICLES)
    rows = {row["text"]: row for row in articles.iter_rows(named=True)}
    one, two, three = rows["Story one."], rows["Headline two\nStory two."], rows["Story three."]
    assert (one["title"], one["source"], one["url"]) == ("T1", "Wire", "https://a.example/1")
    assert two["title"] == "Headline two"
    assert {one["page_date"], two["page_date"], three["page_date"]} == {date(2018, 7, 16)}
    assert (one["given_event_year"], two["given_event_year"], three["given_event_year"]) == (
        2018,
        None,
        None,
    )
    assert two["article_id"] == "x2"
    assert {one["article_id"], three["article_id"]} == {"news.csv#row=1", "news.csv#row=3"}
    warnings = report.filter(pl.col("status") == "warning")["reason"].to_list()
    assert any("row 3: event_year '20x8' is not a year" in w for w in warnings)
    assert sum("'x1' is shared by 2 inputs" in w for w in warnings) == 2


def test_table_without_ids_numbers_rows_and_flags_bad_dates(tmp_path: Path) -> None:
    write(tmp_path, "feed.csv", "text,date\nFirst story.,03/04/2020\nSecond story.,not a date\n")
    articles, report = ingest(tmp_path)
    assert articles["article_id"].to_list() == ["feed:1", "feed:2"]
    assert articles["page_date"].to_list() == [None, None]
    assert "ambiguous date '03/04/2020'" in reason_for(report, "feed.csv#row=1")
    assert "row 2: unparseable date 'not a date'" in reason_for(report, "feed.csv#row=2")


def test_table_without_text_column_names_its_columns(tmp_path: Path) -> None:
    write(tmp_path, "wrong.csv", "headline,body\nA,B\n")
    articles, report = ingest(tmp_path)
    assert articles.height == 0
    assert reason_for(report, "wrong.csv") == (
        "rejected: no 'text' column (columns: headline, body)"
    )


def test_table_without_rows_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "header_only.csv", "id,text\n")
    articles, report = ingest(tmp_path)
    assert articles.height == 0
    assert reason_for(report, "header_only.csv") == (
        "rejected: table has a 'text' column but no rows"
    )


def test_text_column_is_configurable(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", "body\nA story about envoys.\n")
    articles, _ = read_corpus(tmp_path, text_column="body")
    assert articles["text"].to_list() == ["A story about envoys."]


def test_jsonl_and_parquet_tables(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.jsonl",
        '{"id": 7, "text": "Json story.", "event_year": 2017}\n{"text": "   "}\n',
    )
    pl.DataFrame({"text": ["Parquet story."], "event_year": [2021]}).write_parquet(
        tmp_path / "b.parquet"
    )
    articles, report = ingest(tmp_path)
    rows = {row["article_id"]: row for row in articles.iter_rows(named=True)}
    assert rows["7"]["text"] == "Json story."
    assert rows["7"]["given_event_year"] == 2017
    assert rows["7"]["format"] == "jsonl"
    assert rows["b:1"]["given_event_year"] == 2021
    assert rows["b:1"]["format"] == "parquet"
    assert reason_for(report, "a.jsonl#row=2") == "rejected: empty text"


def test_malformed_tables_are_rejected_with_the_parser_message(tmp_path: Path) -> None:
    write(tmp_path, "broken.jsonl", '{"text": "ok"}\n{"text": \n')
    write(tmp_path, "broken.parquet", b"PAR1 definitely not parquet")
    articles, report = ingest(tmp_path)
    assert articles.height == 0
    assert reason_for(report, "broken.jsonl").startswith("rejected: unreadable jsonl table:")
    assert reason_for(report, "broken.parquet").startswith("rejected: unreadable parquet table:")


def test_legacy_encoded_csv_is_decoded_and_warned(tmp_path: Path) -> None:
    write(tmp_path, "old.csv", ("text\n" + LEGACY.replace("\n", " ") + "\n").encode("cp1252"))
    articles, report = ingest(tmp_path)
    assert articles["text"].to_list() == [LEGACY]
    assert reason_for(report, "old.csv").startswith("warning: not UTF-8")


# --- whole-corpus errors and uploads ----------------------------------------------------------


def test_missing_path_and_empty_folder_raise_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="holds no files"):
        read_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no files uploaded"):
        read_uploads([])


def test_single_text_file(tmp_path: Path) -> None:
    path = write(tmp_path, "only.txt", "Only title\n" + STORY)
    articles, report = read_corpus(path)
    assert articles["article_id"].to_list() == ["only"]
    assert articles["path"].to_list() == [str(path)]
    assert report["status"].to_list() == ["accepted"]


def test_uploads_match_the_folder_reader(tmp_path: Path) -> None:
    files = {
        "one.txt": ("Title one\n" + STORY).encode("utf-8"),
        "two.csv": f'id,text\nt2,"{STORY}"\n'.encode(),
        "bad.bin": b"\x00\x01",
        "manifest.csv": b"file,source\none.txt,Wire\n",
    }
    for name, data in files.items():
        write(tmp_path, name, data)
    from_folder, folder_report = ingest(tmp_path)
    from_upload, upload_report = read_uploads(list(files.items()))
    assert_schema(from_upload, ARTICLES)
    assert (
        from_upload.drop("path")
        .sort("article_id")
        .equals(from_folder.drop("path").sort("article_id"))
    )
    assert from_upload.filter(pl.col("article_id") == "one")["source"].to_list() == ["Wire"]
    assert sorted(upload_report["reason"]) == sorted(folder_report["reason"])


# --- dates, years and round trips -------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_reads_common_spellings(day: date) -> None:
    for spelling in (
        day.isoformat(),
        f"{day.isoformat()}T12:30:00+02:00",
        day.strftime("%d %B %Y"),
        day.strftime("%B %d, %Y"),
        day.strftime("%a, %d %b %Y 10:00:00 +0000"),
    ):
        assert parse_date(spelling) == day, spelling


def test_parse_event_year_accepts_years_only() -> None:
    assert parse_event_year("2019") == 2019
    assert parse_event_year(2019) == 2019
    assert parse_event_year("2019.0") == 2019
    for bad in ("19", "MMXIX", "1850", ""):
        with pytest.raises(ValueError, match="event_year"):
            parse_event_year(bad)


# Text a user could save: no surrogates, no control characters other than tab/newlines, not
# blank, and not starting with U+FEFF (which on disk is indistinguishable from a BOM).
saveable_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from("\n\t\r"),
    min_size=1,
).filter(lambda text: bool(text.strip()))


@settings(max_examples=60, deadline=None)
@given(text=saveable_text, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_unicode_round_trip(text: str, codec: str) -> None:
    articles, report = read_uploads([("story.txt", text.encode(codec))])
    assert report["status"].to_list() == ["accepted"]
    assert articles["text"].to_list() == [text]
    assert articles["content_hash"].to_list() == [hashlib.sha256(text.encode()).hexdigest()]
