"""Corpus ingestion: folders, single files, tables and uploads → ARTICLES + INGEST_REPORT.

Every input ends up in the report: an article is `accepted` (plus `warning` rows for anything
guessed or fixed up), a file or table row that cannot become an article is `rejected` with a
specific reason. Nothing is dropped silently, and one bad file never stops the rest.

Folder and upload corpora go through the same code path: each input becomes an `_Item`
(a relative name plus a loader), so `read_corpus` and `read_uploads` only differ in how the
items are listed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from importlib import resources
from pathlib import Path, PurePosixPath

import charset_normalizer
import polars as pl
from charset_normalizer import CharsetMatch

from metrics.schema import ARTICLES, INGEST_REPORT

ARTICLE_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}
TABLE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_SINGLE = frozenset(ARTICLE_FORMATS.values())
MANIFEST_NAME = "manifest.csv"
PREFERRED_LEGACY = "cp1252"
EVENT_YEARS = (1900, 2100)
"""Inclusive range accepted for a user-given event year; anything else is a typo."""

# Checked in this order: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Unicode category Cc minus the whitespace controls (tab, newlines, form feed)."""
_MAX_CONTROL_SHARE = 0.01
"""Decoded "text" with more control characters than this share is binary data in disguise."""

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
)


class CorpusError(ValueError):
    """The corpus as a whole cannot be read: missing path, unreadable folder, nothing in it."""


class _Rejected(Exception):
    """One file or row cannot become an article; the message is the report's reason."""


Loader = Callable[[int | None], bytes]
"""Returns the item's bytes; raises `_Rejected` when unreadable or over the byte limit."""


@dataclass(frozen=True)
class _Item:
    name: str  # relative POSIX path inside the corpus: manifest key and id fallback
    path: str  # what the report and ARTICLES.path show
    load: Loader


@dataclass(frozen=True)
class _Note:
    path: str
    status: str
    reason: str


@dataclass
class _Article:
    candidate_id: str
    fallback_id: str  # used when another input claims the same candidate id
    title: str
    text: str
    path: str
    format: str
    encoding: str
    source: str | None = None
    url: str | None = None
    page_date: date | None = None
    given_event_year: int | None = None
    warnings: list[str] = field(default_factory=list)
    article_id: str = ""


@dataclass(frozen=True)
class _ManifestEntry:
    row: int
    title: str | None
    source: str | None
    url: str | None
    page_date: date | None
    given_event_year: int | None

    def apply(self, article: _Article) -> None:
        """The manifest is the user's word: its non-empty cells override what was extracted."""
        article.title = self.title or article.title
        article.source = self.source or article.source
        article.url = self.url or article.url
        article.page_date = self.page_date or article.page_date
        if self.given_event_year is not None:
            article.given_event_year = self.given_event_year


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    warning: str | None


Entry = _Item | _Note


def read_corpus(
    source: Path | None, *, text_column: str = "text", max_bytes: int = 5_000_000
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read a folder (recursively), a single file, or the bundled seeds when `source` is None.

    Returns (ARTICLES, INGEST_REPORT). `max_bytes` limits each text/HTML file and each table
    text cell; a table file itself is not limited because it legitimately holds many articles.
    Raises `CorpusError` when the path is missing, unreadable or holds no files at all.
    """
    root = _bundled_seeds() if source is None else source
    if not root.exists():
        raise CorpusError(f"corpus path does not exist: {root}")
    if root.is_dir():
        entries, manifest = _folder_entries(root)
        if not entries and manifest is None:
            raise CorpusError(f"corpus folder holds no files: {root}")
    elif root.is_file():
        entries, manifest = [_Item(root.name, str(root), _file_loader(root))], None
    else:
        raise CorpusError(f"corpus path is neither a file nor a folder: {root}")
    return _ingest(entries, manifest, text_column=text_column, max_bytes=max_bytes)


def read_uploads(
    files: Sequence[tuple[str, bytes]], *, text_column: str = "text", max_bytes: int = 5_000_000
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Like `read_corpus`, for in-memory (filename, bytes) pairs such as dashboard uploads.

    An upload named manifest.csv is applied as the corpus manifest.
    """
    if not files:
        raise CorpusError("no files uploaded")
    entries: list[Entry] = []
    manifest: _Item | None = None
    for filename, data in files:
        name = PurePosixPath(filename.replace("\\", "/")).as_posix()
        item = _Item(name, filename, _bytes_loader(data))
        base = PurePosixPath(name).name
        if base == MANIFEST_NAME and manifest is None:
            manifest = item
        elif base == MANIFEST_NAME:
            entries.append(_Note(filename, "rejected", "second manifest.csv upload; not applied"))
        elif base.startswith("."):
            entries.append(_Note(filename, "warning", "hidden file skipped"))
        else:
            entries.append(item)
    return _ingest(entries, manifest, text_column=text_column, max_bytes=max_bytes)


def parse_date(value: str) -> date:
    """Parse a page date: ISO dates/datetimes, "20 May 2024", "May 20, 2024", RFC 2822, etc.

    Raises ValueError with a readable reason; d/m/Y vs m/d/Y is only accepted when one part is
    over 12, because guessing the order would silently misdate articles.
    """
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        return date.fromisoformat(text[:10])
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    slash = _SLASH_DATE.fullmatch(text)
    if slash:
        first, second, year = (int(part) for part in slash.groups())
        if first > 12 >= second:
            return date(year, second, first)
        if second > 12 >= first:
            return date(year, first, second)
        if first != second:
            raise ValueError(f"ambiguous date '{value}' (day/month order unknown)")
        return date(year, first, first)
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        raise ValueError(f"unparseable date '{value}'") from None


def parse_event_year(value: object) -> int:
    """A user-given event year: a four-digit year (2019, "2019", "2019.0") within EVENT_YEARS."""
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}(?:\.0+)?", text):
        raise ValueError(f"event_year '{value}' is not a year")
    year = int(text[:4])
    if not EVENT_YEARS[0] <= year <= EVENT_YEARS[1]:
        raise ValueError(f"event_year {year} outside {EVENT_YEARS[0]}–{EVENT_YEARS[1]}")
    return year


def content_hash(text: str) -> str:
    """sha256 hex of the UTF-8 text: the key for duplicate detection and result caches."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --- listing inputs ---------------------------------------------------------------------------


def _bundled_seeds() -> Path:
    """The seed folder: the installed `metrics.seeds` package, else the repo's seeds/ folder."""
    try:
        anchor = resources.files("metrics.seeds").joinpath(MANIFEST_NAME)
        if isinstance(anchor, Path) and anchor.is_file():
            return anchor.parent
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "seeds"


def _folder_entries(root: Path) -> tuple[list[Entry], _Item | None]:
    """Walk `root` in sorted order; hidden files and folders are skipped but reported."""
    try:
        os.listdir(root)
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {root}: {exc.strerror or exc}") from exc
    entries: list[Entry] = []
    manifest: _Item | None = None

    def unreadable(exc: OSError) -> None:
        entries.append(_Note(str(exc.filename), "rejected", f"unreadable folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        entries.extend(
            _Note(str(here / name), "warning", "hidden folder skipped")
            for name in sorted(dirnames)
            if name.startswith(".")
        )
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            full = here / name
            item = _Item(full.relative_to(root).as_posix(), str(full), _file_loader(full))
            if name.startswith("."):
                entries.append(_Note(str(full), "warning", "hidden file skipped"))
            elif item.name == MANIFEST_NAME:
                manifest = item
            else:
                entries.append(item)
    return entries, manifest


def _file_loader(path: Path) -> Loader:
    def load(limit: int | None) -> bytes:
        try:
            size = path.stat().st_size
            if limit is not None and size > limit:
                raise _Rejected(_too_large(size, limit))
            return path.read_bytes()
        except OSError as exc:
            raise _Rejected(f"unreadable file: {exc.strerror or exc}") from exc

    return load


def _bytes_loader(data: bytes) -> Loader:
    def load(limit: int | None) -> bytes:
        if limit is not None and len(data) > limit:
            raise _Rejected(_too_large(len(data), limit))
        return data

    return load


def _too_large(size: int, limit: int) -> str:
    return f"file too large ({size:,} bytes > limit {limit:,} bytes)"


# --- the shared path --------------------------------------------------------------------------


def _ingest(
    entries: Sequence[Entry], manifest_item: _Item | None, *, text_column: str, max_bytes: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    out: list[_Article | _Note] = []
    manifest: dict[str, _ManifestEntry] = {}
    if manifest_item is not None:
        manifest, notes = _read_manifest(manifest_item)
        out.extend(notes)
    used: set[str] = set()
    for entry in entries:
        if isinstance(entry, _Note):
            out.append(entry)
            continue
        produced = _read_item(entry, text_column=text_column, max_bytes=max_bytes)
        first = produced[0]
        # Manifest rows describe single-article files; a table carries its own columns.
        if entry.name in manifest and isinstance(first, _Article) and first.format in _SINGLE:
            manifest[entry.name].apply(first)
            used.add(entry.name)
        out.extend(produced)
    if manifest_item is not None:
        out.extend(
            _Note(
                f"{manifest_item.path}#row={spec.row}",
                "warning",
                f"manifest names '{name}', which is no accepted text or HTML file here",
            )
            for name, spec in manifest.items()
            if name not in used
        )
    _assign_ids([item for item in out if isinstance(item, _Article)])
    return _frames(out)


def _read_item(item: _Item, *, text_column: str, max_bytes: int) -> list[_Article | _Note]:
    suffix = PurePosixPath(item.name).suffix.lower()
    try:
        if suffix in ARTICLE_FORMATS:
            fmt = ARTICLE_FORMATS[suffix]
            data = item.load(max_bytes)
            return [_read_html(item, data) if fmt == "html" else _read_text(item, data, fmt)]
        if suffix in TABLE_FORMATS:
            return _read_table(item, item.load(None), TABLE_FORMATS[suffix], text_column, max_bytes)
        kind = suffix or "(no extension)"
        raise _Rejected(f"unsupported file type {kind}")
    except _Rejected as exc:
        return [_Note(item.path, "rejected", str(exc))]


def _assign_ids(articles: list[_Article]) -> None:
    """Unique ids: an id claimed by several inputs is replaced, for all of them, by their
    relative path (so no input's id depends on which file happened to be read first)."""
    counts = Counter(article.candidate_id for article in articles)
    taken = {candidate for candidate, n in counts.items() if n == 1}
    for article in articles:
        if counts[article.candidate_id] == 1:
            article.article_id = article.candidate_id
            continue
        article_id, n = article.fallback_id, 2
        while article_id in taken:
            article_id, n = f"{article.fallback_id}~{n}", n + 1
        taken.add(article_id)
        article.article_id = article_id
        article.warnings.append(
            f"article_id '{article.candidate_id}' is shared by {counts[article.candidate_id]} "
            f"inputs; this one is '{article_id}'"
        )


def _frames(out: Sequence[_Article | _Note]) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows: list[dict[str, object]] = []
    report: list[dict[str, object]] = []
    for item in out:
        if isinstance(item, _Note):
            report.append(
                {
                    "path": item.path,
                    "article_id": None,
                    "status": item.status,
                    "reason": item.reason,
                }
            )
            continue
        rows.append(
            {
                "article_id": item.article_id,
                "title": item.title,
                "source": item.source,
                "url": item.url,
                "page_date": item.page_date,
                "given_event_year": item.given_event_year,
                "text": item.text,
                "path": item.path,
                "content_hash": content_hash(item.text),
                "format": item.format,
                "encoding": item.encoding,
                "duplicate_of": None,
            }
        )
        report.append(
            {
                "path": item.path,
                "article_id": item.article_id,
                "status": "accepted",
                "reason": f"{item.format}, {item.encoding}",
            }
        )
        report.extend(
            {"path": item.path, "article_id": item.article_id, "status": "warning", "reason": w}
            for w in item.warnings
        )
    return pl.DataFrame(rows, schema=ARTICLES), pl.DataFrame(report, schema=INGEST_REPORT)


# --- decoding ---------------------------------------------------------------------------------


def _decode(data: bytes) -> _Decoded:
    """BOM-marked Unicode, else strict UTF-8, else a legacy codec detected by charset-normalizer
    (with a warning, because detection is a guess)."""
    if not data:
        raise _Rejected("empty file (0 bytes)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _Decoded(data.decode(codec), codec, None)
            except UnicodeDecodeError as exc:
                raise _Rejected(
                    f"undecodable: invalid {codec} despite its byte-order mark "
                    f"({exc.reason} at byte {exc.start})"
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _Rejected(f"binary file (NUL byte at offset {nul})")
    try:
        return _Decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    best = _detect_legacy(data)
    if best is None:
        raise _Rejected(f"undecodable: not UTF-8 ({utf8_error}) and no legacy encoding detected")
    codec = best.encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        raise _Rejected(f"undecodable: not UTF-8 ({utf8_error}) nor {codec}") from None
    return _Decoded(text, codec, f"not UTF-8 ({utf8_error}); decoded as {codec} (detected)")


def _detect_legacy(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's guess, except that cp1252 wins whenever it decodes the bytes at
    least as cleanly: it is by far the most common legacy codec of English-language web text,
    and on short texts the detector's coherence ranking otherwise picks look-alike codepages
    (cp775, cp1250) that turn "é" or curly quotes into the wrong letters."""
    overall = charset_normalizer.from_bytes(data).best()
    western = charset_normalizer.from_bytes(data, cp_isolation=[PREFERRED_LEGACY]).best()
    if western is not None and (overall is None or western.chaos <= overall.chaos):
        return western
    return overall


def _check_text(text: str, size: int) -> None:
    """Reject decoded content that is blank or is really binary data."""
    if not text.strip():
        raise _Rejected(f"whitespace-only file ({size:,} bytes)")
    controls = _CONTROL.findall(text)
    if len(controls) > len(text) * _MAX_CONTROL_SHARE:
        first = _CONTROL.search(text)
        at = first.start() if first else 0
        raise _Rejected(
            f"binary file (not text: {len(controls)} control characters, first at character {at})"
        )


def _first_line(text: str, fmt: str) -> str:
    """The title fallback: the first non-empty line (Markdown heading marks removed)."""
    for line in text.splitlines():
        title = line.strip().lstrip("#").strip() if fmt == "md" else line.strip()
        if title:
            return title
    return ""


# --- readers ----------------------------------------------------------------------------------


def _read_text(item: _Item, data: bytes, fmt: str) -> _Article:
    decoded = _decode(data)
    _check_text(decoded.text, len(data))
    stem = PurePosixPath(item.name).stem
    article = _Article(
        candidate_id=stem,
        fallback_id=item.name,
        title=_first_line(decoded.text, fmt),
        text=decoded.text,
        path=item.path,
        format=fmt,
        encoding=decoded.encoding,
    )
    if decoded.warning:
        article.warnings.append(decoded.warning)
    return article


def _read_html(item: _Item, data: bytes) -> _Article:
    """Main text and metadata via trafilatura. Dates come from the page's metadata only
    (no free-text search), so a date mentioned in the story never becomes the page date."""
    # Imported here: trafilatura takes ~0.4 s to import and most corpora have no HTML.
    import trafilatura
    from trafilatura.settings import Document

    decoded = _decode(data)
    _check_text(decoded.text, len(data))
    doc = trafilatura.bare_extraction(
        decoded.text,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={"extensive_search": False},
    )
    text = doc.text if isinstance(doc, Document) else None
    if not text or not text.strip():
        raise _Rejected("HTML page without extractable main text (trafilatura found none)")
    assert isinstance(doc, Document)
    article = _Article(
        candidate_id=PurePosixPath(item.name).stem,
        fallback_id=item.name,
        title=doc.title or _first_line(text, "html"),
        text=text,
        path=item.path,
        format="html",
        encoding=decoded.encoding,
        source=doc.sitename or None,
        url=doc.url or None,
    )
    if decoded.warning:
        article.warnings.append(decoded.warning)
    if doc.date:
        try:
            article.page_date = parse_date(doc.date)
        except ValueError as exc:
            article.warnings.append(f"page metadata: {exc}; page_date left empty")
    return article


def _load_table(data: bytes, fmt: str) -> tuple[pl.DataFrame, _Decoded]:
    """Parse a table; text formats are decoded by `_decode` first, so a cp1252 or UTF-16 CSV
    reads like any other file. Returns the frame and how it was decoded (Parquet: UTF-8)."""
    try:
        if fmt == "parquet":
            return pl.read_parquet(io.BytesIO(data)), _Decoded("", "utf-8", None)
        decoded = _decode(data)
        if not decoded.text.strip():
            raise _Rejected(f"whitespace-only file ({len(data):,} bytes)")
        raw = io.BytesIO(decoded.text.encode("utf-8"))
        if fmt == "csv":
            return pl.read_csv(raw, infer_schema=False), decoded
        return pl.read_ndjson(raw, infer_schema_length=None), decoded
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _Rejected(f"unreadable {fmt} table: {first_line}") from None


def _read_table(
    item: _Item, data: bytes, fmt: str, text_column: str, max_bytes: int
) -> list[_Article | _Note]:
    frame, decoded = _load_table(data, fmt)
    if text_column not in frame.columns:
        have = ", ".join(frame.columns) or "none"
        raise _Rejected(f"no '{text_column}' column (columns: {have})")
    if frame.height == 0:
        raise _Rejected(f"table has a '{text_column}' column but no rows")
    if frame.schema[text_column] != pl.String:
        raise _Rejected(f"column '{text_column}' holds {frame.schema[text_column]}, not text")
    out: list[_Article | _Note] = []
    if decoded.warning:
        out.append(_Note(item.path, "warning", decoded.warning))
    optional = ["id", "title", "source", "url", "date", "event_year"]
    columns = [text_column]
    for name in optional:
        if name not in frame.columns:
            continue
        if frame.schema[name].is_nested():
            out.append(_Note(item.path, "warning", f"column '{name}' ignored: holds nested data"))
        else:
            columns.append(name)
    cells = frame.select(pl.col(c).cast(pl.String) for c in columns)
    stem = PurePosixPath(item.name).stem
    for row_number, row in enumerate(cells.iter_rows(named=True), start=1):
        out.append(
            _table_row(item, stem, row_number, row, text_column, fmt, decoded.encoding, max_bytes)
        )
    return out


def _table_row(
    item: _Item,
    stem: str,
    row_number: int,
    row: dict[str, str | None],
    text_column: str,
    fmt: str,
    encoding: str,
    max_bytes: int,
) -> _Article | _Note:
    path = f"{item.path}#row={row_number}"
    text = row[text_column]
    if text is None or not text.strip():
        return _Note(path, "rejected", "empty text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return _Note(
            path, "rejected", f"text too large ({size:,} bytes > limit {max_bytes:,} bytes)"
        )
    given_id = _cell(row, "id")
    article = _Article(
        candidate_id=given_id or f"{stem}:{row_number}",
        fallback_id=f"{item.name}#row={row_number}",
        title=_cell(row, "title") or _first_line(text, fmt),
        text=text,
        path=path,
        format=fmt,
        encoding=encoding,
        source=_cell(row, "source"),
        url=_cell(row, "url"),
    )
    if "id" in row and not given_id:
        article.warnings.append(f"empty id; using '{article.candidate_id}'")
    if raw_date := _cell(row, "date"):
        try:
            article.page_date = parse_date(raw_date)
        except ValueError as exc:
            article.warnings.append(f"row {row_number}: {exc}; page_date left empty")
    if raw_year := _cell(row, "event_year"):
        try:
            article.given_event_year = parse_event_year(raw_year)
        except ValueError as exc:
            article.warnings.append(f"row {row_number}: {exc}; given_event_year left empty")
    return article


def _cell(row: dict[str, str | None], name: str) -> str | None:
    value = row.get(name)
    return value.strip() or None if value is not None else None


def _read_manifest(item: _Item) -> tuple[dict[str, _ManifestEntry], list[_Note]]:
    """Parse manifest.csv; a broken manifest is reported and ignored, never fatal."""
    try:
        frame, decoded = _load_table(item.load(None), "csv")
    except _Rejected as exc:
        return {}, [_Note(item.path, "rejected", f"manifest not applied: {exc}")]
    if "file" not in frame.columns:
        have = ", ".join(frame.columns) or "none"
        reason = f"manifest not applied: no 'file' column (columns: {have})"
        return {}, [_Note(item.path, "rejected", reason)]
    notes = [_Note(item.path, "warning", decoded.warning)] if decoded.warning else []
    entries: dict[str, _ManifestEntry] = {}
    for row_number, row in enumerate(frame.iter_rows(named=True), start=1):
        where = f"{item.path}#row={row_number}"
        name = _cell(row, "file")
        if name is None:
            notes.append(_Note(where, "warning", "manifest row without a file name ignored"))
            continue
        key = PurePosixPath(name.replace("\\", "/")).as_posix()
        if key in entries:
            notes.append(_Note(where, "warning", f"'{key}' listed again; first row kept"))
            continue
        page_date = year = None
        if raw_date := _cell(row, "page_date"):
            try:
                page_date = parse_date(raw_date)
            except ValueError as exc:
                notes.append(_Note(where, "warning", f"{exc}; page_date left empty"))
        if raw_year := _cell(row, "event_year"):
            try:
                year = parse_event_year(raw_year)
            except ValueError as exc:
                notes.append(_Note(where, "warning", f"{exc}; event_year left empty"))
        entries[key] = _ManifestEntry(
            row=row_number,
            title=_cell(row, "title"),
            source=_cell(row, "source"),
            url=_cell(row, "url"),
            page_date=page_date,
            given_event_year=year,
        )
    return entries, notes
