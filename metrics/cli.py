"""`relations-index`: the dashboard's numbers, headless.

Exit codes: 0 ok, 2 bad usage, 1 when the corpus could not be read at all. Per-file problems
are printed to stderr as a report and never fail the run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from metrics import export
from metrics.ingest import CorpusError
from metrics.pipeline import Analysis, build
from metrics.weights import (
    PRESETS,
    WeightsError,
    load_weights,
    parse_weight_override,
    preset_weights,
    validate_weights,
)

TABLE_FORMATS = ("table", "csv", "json", "jsonl", "parquet")


class UsageError(Exception):
    """Bad arguments discovered after parsing (exit 2, like argparse's own errors)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        parser.error(str(exc))  # exits 2
    except (CorpusError, WeightsError) as exc:
        print(f"relations-index: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relations-index",
        description="Evidence-backed yearly index of US–Russia relations from news articles. "
        "CORPUS is a folder of .txt/.md/.html files or a CSV/JSONL/Parquet table; "
        "without it the bundled seed articles are used.",
    )
    parser.add_argument("--version", action="version", version=export.product_version())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    articles = _command(commands, "articles", "One row per article with its cleaning summary.")
    _add_table_output(articles)
    articles.add_argument("--show", metavar="ID", help="print one article with its roles marked")
    articles.set_defaults(run=_run_articles)

    signals = _command(commands, "signals", "Per-article signal counts, topics, year, readability.")
    _add_table_output(signals)
    signals.set_defaults(run=_run_signals)

    evidence = _command(
        commands,
        "evidence",
        "Print an article with each evidence span marked (or export evidence rows).",
        corpus=False,
    )
    evidence.add_argument("id", metavar="ID", help="article id, or '-' for every article's rows")
    _add_corpus(evidence)
    evidence.add_argument(
        "--format", choices=("text", *TABLE_FORMATS[1:]), default="text", help="default: text"
    )
    evidence.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    evidence.set_defaults(run=_run_evidence)

    index = _command(commands, "index", "The yearly relations index with its 90% interval.")
    index.add_argument("--weights", type=Path, metavar="FILE", help="weights file (TOML or JSON)")
    index.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one signal's weight (repeatable)",
    )
    index.add_argument("--preset", choices=sorted(PRESETS), help="start from a weight preset")
    index.add_argument("--years", default="2017-2024", help="inclusive range (default 2017-2024)")
    index.add_argument("--min-confidence", type=float, default=0.0, metavar="X")
    index.add_argument(
        "--include-duplicates", action="store_true", help="count near-duplicate articles too"
    )
    index.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table")
    index.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    index.set_defaults(run=_run_index)

    dashboard = _command(commands, "dashboard", "Open the Streamlit dashboard on CORPUS.")
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.set_defaults(run=_run_dashboard)
    return parser


def _command(
    commands: Any, name: str, help_text: str, *, corpus: bool = True
) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
    if corpus:
        _add_corpus(sub)
    return sub


def _add_corpus(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("corpus", nargs="?", type=Path, metavar="CORPUS", help="default: the seeds")
    sub.add_argument("--text-column", default="text", help="text column of a table corpus")
    sub.add_argument("--quiet", "-q", action="store_true", help="no progress bar or report")


def _add_table_output(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--format", choices=TABLE_FORMATS, default="table", help="default: table")
    sub.add_argument("--output", "-o", type=Path, help="write here instead of stdout")


# --- commands -------------------------------------------------------------------------------


def _run_articles(args: argparse.Namespace) -> int:
    analysis = _analyse(args)
    if args.show:
        _write_text(args.output, _article_with_roles(analysis, _article_id(analysis, args.show)))
        return 0
    table = article_summary(analysis)
    _write_table(table, args, analysis, display=["article_id", "title", "page_date", "roles"])
    return 0


def _run_signals(args: argparse.Namespace) -> int:
    analysis = _analyse(args)
    display = ["article_id", "event_year", "year_confidence", "meeting_held", "meeting_planned"]
    _write_table(analysis.article_table, args, analysis, display=[*display, "refused"])
    return 0


def _run_evidence(args: argparse.Namespace) -> int:
    analysis = _analyse(args)
    if args.id == "-":
        if args.format == "text":
            raise UsageError("evidence '-' needs --format csv, json, jsonl or parquet")
        _write_table(analysis.evidence, args, analysis, display=[])
        return 0
    article_id = _article_id(analysis, args.id)
    rows = analysis.evidence.filter(pl.col("article_id") == article_id)
    if args.format == "text":
        _write_text(args.output, _article_with_evidence(analysis, article_id))
    else:
        _write_table(rows, args, analysis, display=[])
    return 0


def _run_index(args: argparse.Namespace) -> int:
    analysis = _analyse(args)
    weights = resolve_weights(analysis, args.preset, args.weights, args.weight)
    years = parse_years(args.years)
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UsageError("--min-confidence must be between 0 and 1")
    series = analysis.series(weights, years, args.min_confidence, args.include_duplicates)
    metadata = view_metadata(analysis, weights, years, args.min_confidence, args.include_duplicates)
    if args.format == "table":
        _write_text(
            args.output,
            _pretty(series.select("year", "index", "ci_low", "ci_high", "n_articles", "n_scored")),
        )
    elif args.format == "json":
        _write_bytes(args.output, export.series_json(series, metadata))
    elif args.format == "csv":
        _write_bytes(args.output, export.to_csv(series, metadata))
    else:
        _write_bytes(args.output, export.to_parquet(series, metadata), binary=True)
    return 0


def _run_dashboard(args: argparse.Namespace) -> int:
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ)
    if args.corpus is not None:
        env["RELATIONS_INDEX_CORPUS"] = str(args.corpus.resolve())
        env["RELATIONS_INDEX_TEXT_COLUMN"] = args.text_column
    # dashboard.serve warms the app, then runs `streamlit run dashboard/app.py` in-process.
    command = [sys.executable, "-m", "dashboard.serve", "--server.port", str(args.port)]
    command += ["--browser.gatherUsageStats", "false"]  # also when .streamlit/ is not found
    # Streamlit reads .streamlit/config.toml from the working directory: the project's own.
    return subprocess.call(command, env=env, cwd=root)


# --- shared helpers (also used by the dashboard through metrics) ------------------------------


def resolve_weights(
    analysis: Analysis, preset: str | None, path: Path | None, overrides: Sequence[str]
) -> dict[str, float]:
    """Preset (or codebook defaults), then a weights file, then NAME=VALUE overrides."""
    weights = (
        preset_weights(preset, analysis.codebook) if preset else analysis.codebook.default_weights()
    )
    if path is not None:
        weights = load_weights(path, weights)
    for override in overrides:
        name, value = parse_weight_override(override)
        weights = {**weights, name: value}
    return validate_weights(weights, [s.id for s in analysis.codebook.signals])


def parse_years(text: str) -> tuple[int, int]:
    """'2017-2024' → (2017, 2024); a single year is a range of one."""
    parts = text.split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (0, -1)
    except ValueError:
        first, last = 0, -1
    if not 1900 <= first <= last <= 2100:
        raise UsageError(f"--years must look like 2017-2024 (first ≤ last), not {text!r}")
    return first, last


def view_metadata(
    analysis: Analysis,
    weights: dict[str, float],
    years: tuple[int, int],
    min_confidence: float,
    include_duplicates: bool,
) -> dict[str, Any]:
    """The metadata every export of a view carries."""
    return export.export_metadata(
        product_version=export.product_version(),
        weights=weights,
        codebook_version=analysis.codebook.version,
        codebook_sha256=analysis.codebook.sha256,
        corpus_fingerprint=export.corpus_fingerprint(analysis.articles),
        years=years,
        min_confidence=min_confidence,
        include_duplicates=include_duplicates,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )


def article_summary(analysis: Analysis) -> pl.DataFrame:
    """One row per article: its metadata plus characters per cleaning role and what was set
    aside (role, rule and text of every non-body segment)."""
    segments = (
        analysis.segments.join(analysis.articles.select("article_id", "text"), on="article_id")
        .with_columns(
            chars=pl.col("end") - pl.col("start"),
            snippet=pl.col("text").str.slice(pl.col("start"), pl.col("end") - pl.col("start")),
        )
        .sort("article_id", "start")
    )
    set_aside = pl.struct("role", "reason", "start", "end", pl.col("snippet").alias("text"))
    roles = segments.group_by("article_id", maintain_order=True).agg(
        roles=pl.struct(
            [
                pl.col("chars").filter(pl.col("role") == role).sum().alias(role)
                for role in ("body", "boilerplate", "comments", "duplicate")
            ]
        ),
        set_aside=set_aside.filter(
            (pl.col("role") != "body") & (pl.col("snippet").str.strip_chars() != "")
        ),
    )
    return (
        analysis.articles.drop("text").join(roles, on="article_id", how="left").sort("article_id")
    )


def _analyse(args: argparse.Namespace) -> Analysis:
    progress = None if args.quiet else _progress_bar()
    try:
        analysis = build(args.corpus, text_column=args.text_column, progress=progress)
    finally:
        if progress is not None:
            progress(1, 1, "done")
    if not args.quiet:
        _print_report(analysis.ingest_report)
    if analysis.articles.is_empty():
        raise CorpusError(f"{args.corpus or 'the seeds'}: no readable article in the corpus")
    return analysis


def _progress_bar() -> Callable[[int, int, str], None]:
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence when stderr is a log file or a pipe.
    bar = tqdm(total=1, file=sys.stderr, unit="stage", leave=False, disable=None)

    def update(done: int, total: int, label: str) -> None:
        bar.total = total
        bar.n = total if label == "done" else done
        bar.set_description(label)
        bar.refresh()
        if label == "done":
            bar.close()

    return update


def _print_report(report: pl.DataFrame) -> None:
    """Per-file problems go to stderr; accepted files are summarised in one line."""
    problems = report.filter(pl.col("status") != "accepted")
    accepted = report.height - problems.height
    for row in problems.iter_rows(named=True):
        print(f"{row['status']}: {row['path']}: {row['reason']}", file=sys.stderr)
    if problems.height:
        print(f"{accepted} accepted, {problems.height} other report rows", file=sys.stderr)


def _article_id(analysis: Analysis, wanted: str) -> str:
    ids: list[str] = analysis.articles["article_id"].to_list()
    if wanted in ids:
        return wanted
    matches = [i for i in ids if i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    hint = f"ambiguous: {', '.join(matches[:5])}" if matches else f"known: {', '.join(ids[:8])}"
    raise UsageError(f"no article {wanted!r} ({hint})")


def _article_with_roles(analysis: Analysis, article_id: str) -> str:
    text = analysis.articles.filter(pl.col("article_id") == article_id)["text"].item()
    lines = [f"# {article_id}", *_year_lines(analysis, article_id), ""]
    segments = analysis.segments.filter(pl.col("article_id") == article_id).sort("start")
    for seg in segments.iter_rows(named=True):
        chunk = text[seg["start"] : seg["end"]]
        if not chunk.strip():
            continue
        label = seg["role"] if seg["role"] == "body" else f"{seg['role']}: {seg['reason']}"
        lines.append(f"[{label}] {chunk.strip()}")
    return "\n".join(lines) + "\n"


def _year_lines(analysis: Analysis, article_id: str) -> list[str]:
    """The event year with its confidence, conflict and every clue behind it."""
    row = analysis.dates.filter(pl.col("article_id") == article_id).row(0, named=True)
    year = row["event_year"] if row["event_year"] is not None else "unknown"
    lines = [
        f"event year: {year} (confidence {row['year_confidence']:.2f}, {row['year_method']}); "
        f"page date: {row['page_date'] or 'none'}"
    ]
    if row["date_conflict"]:
        lines.append(f"DATE CONFLICT: {row['date_conflict_message']}")
    for clue in row["year_evidence"] or []:
        low, high = (clue[k] if clue[k] is not None else "…" for k in ("year_min", "year_max"))
        where = f" [{clue['start']}:{clue['end']}]" if clue["start"] is not None else ""
        span = str(low) if low == high else f"{low}–{high}"
        lines.append(
            f"  clue {clue['kind']}: {clue['text']!r}{where} → {span} (weight {clue['weight']:.2f})"
        )
    return lines


def _article_with_evidence(analysis: Analysis, article_id: str) -> str:
    """The body with ⟦span⟧[signal/mode] marks, then one line per evidence row."""
    rows = analysis.evidence.filter(pl.col("article_id") == article_id).sort("match_start")
    sentences = analysis.sentences.filter(
        (pl.col("article_id") == article_id) & (pl.col("role") == "body")
    ).sort("start")
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for row in rows.iter_rows(named=True):
        by_sentence.setdefault(row["sentence_index"], []).append(row)
    out = [f"# {article_id}"]
    for sentence in sentences.iter_rows(named=True):
        marks = by_sentence.get(sentence["sentence_index"], [])
        out.append(_mark_sentence(sentence, marks))
    out.append("")
    out.append("## Evidence rows")
    for row in rows.iter_rows(named=True):
        topic = f" topic={row['topic']}" if row["topic"] else ""
        out.append(
            f"- {row['signal']}{topic} mode={row['mode']} counted={row['counted']} "
            f"rule={row['rule_id']} cameo={row['cameo']} [{row['match_start']}:{row['match_end']}]"
            f" {row['matched_text']!r}"
        )
    if rows.is_empty():
        out.append("(none)")
    return "\n".join(out) + "\n"


def _mark_sentence(sentence: dict[str, Any], marks: list[dict[str, Any]]) -> str:
    """Wrap each evidence span in ⟦…⟧ followed by its labels; overlapping spans share a mark."""
    text: str = sentence["text"]
    clusters: list[list[Any]] = []  # [start, end, labels] in sentence coordinates
    for row in sorted(marks, key=lambda r: (r["match_start"], r["match_end"])):
        start, end = row["match_start"] - sentence["start"], row["match_end"] - sentence["start"]
        topic = f":{row['topic']}" if row["topic"] else ""
        label = f"{row['signal']}{topic}/{row['mode']}"
        if clusters and start < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], end)
            clusters[-1][2].append(label)
        else:
            clusters.append([start, end, [label]])
    # Insert from the end so earlier offsets stay valid.
    for start, end, labels in reversed(clusters):
        text = f"{text[:start]}⟦{text[start:end]}⟧[{', '.join(labels)}]{text[end:]}"
    return text


def _write_table(
    frame: pl.DataFrame, args: argparse.Namespace, analysis: Analysis, display: list[str]
) -> None:
    fmt = args.format
    metadata = view_metadata(analysis, analysis.codebook.default_weights(), (0, 0), 0.0, False)
    if fmt == "table":
        _write_text(args.output, _pretty(frame.select(display) if display else frame))
    elif fmt == "csv":
        _write_bytes(args.output, export.to_csv(frame, metadata))
    elif fmt == "json":
        _write_bytes(args.output, _json_rows(frame))
    elif fmt == "jsonl":
        lines = [json.dumps(row, ensure_ascii=False, default=str) for row in frame.to_dicts()]
        _write_text(args.output, "".join(line + "\n" for line in lines))
    else:
        _write_bytes(args.output, export.to_parquet(frame, metadata), binary=True)


def _json_rows(frame: pl.DataFrame) -> bytes:
    """A JSON array of row objects (dates as ISO strings)."""
    return (json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1, default=str) + "\n").encode()


def _pretty(frame: pl.DataFrame) -> str:
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=160):
        return str(frame) + "\n"


def _write_text(path: Path | None, text: str) -> None:
    _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path | None, data: bytes, *, binary: bool = False) -> None:
    if path is not None:
        path.write_bytes(data)
    elif binary and sys.stdout.isatty():
        raise UsageError("binary output (parquet) needs --output FILE")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
