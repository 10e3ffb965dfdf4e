"""Sentence splitting with exact offsets into the raw text.

Each segment (see `metrics.clean.segment`) is cut by one regular expression whose consecutive
matches tile the segment: a match is one sentence plus the whitespace after it. Offsets then
follow from cumulative match lengths, all inside polars (no Python per sentence), which keeps
the splitter fast enough for 100k-article corpora. A sentence never crosses a segment boundary,
so every line (a headline without a full stop, a list item) is at least its own sentence.

What does not end a sentence: the dot of a known abbreviation ("Gen.", "Feb.", "No. 5"), of a
capital initial ("John F. Kennedy", "U.S."), a dot followed by a non-space ("3.5", "tass.com",
"a.m."), end punctuation followed by a lower-case word ("... he asked?" she said), and a wire
dateline tag ("MOSCOW, February 19./TASS/. Chief ..." stays one sentence with its dateline).
Closing quotes and brackets after the end punctuation stay with the sentence. Known misses: a
sentence ending in an initial or abbreviation ("... by the U.S. The next day") is not split.
"""

from __future__ import annotations

import polars as pl

from metrics.schema import SENTENCES, empty

_CLOSE = r"[\"”’'»)\]]"
_NOT_CLOSE_TERM_SPACE = r"[^\s.!?…\"”’'»)\]]"
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Messrs|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cmdr|Adm|Sgt|Cpl|Gov|Sen|Sens|Rep|Reps|Sec"
    "|Amb|Pres|Rev|Hon|Jr|Sr|St|Mt|Ft|Ave|Blvd|Corp|Dept|Univ|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep"
    "|Sept|Oct|Nov|Dec|vs|approx|est|cf|al|Fig|Art|Ch|Vol"
)
# The units of a sentence. Alternatives are tried in order (leftmost-first), so an abbreviation
# wins over the plain-character branch; the repetition stops only at end punctuation that no
# branch explains, which the closing part of SENTENCE_PATTERN then takes with its whitespace.
_UNITS = "|".join(
    (
        r"[.,]?\s?/[A-Z][A-Za-z-]{1,20}/\.?",  # wire tag after a dateline: "./TASS/."
        rf"(?-u:\b)(?:{_ABBREVIATIONS})\.",  # abbreviation
        r"(?-u:\b)(?:No|Nos|no|nos|Nr|nr)\.\s?\d",  # "No. 5"
        r"(?-u:\b)[A-Z]\.",  # initial: "F.", and "U." "S." of "U.S."
        rf"[.!?…]+{_CLOSE}*{_NOT_CLOSE_TERM_SPACE}",  # "3.5", "tass.com", "a.m", "?!" inside a word
        rf"[.!?…]+{_CLOSE}*[^\S\n]+[a-z]",  # end punctuation then a lower-case word: no break
        r"[^.!?…]",  # any other character
    )
)
SENTENCE_PATTERN = (
    r"(?:^\s*\d{1,3}[.)]\s+)?"  # a numbered list item's marker belongs to its sentence
    rf"(?:{_UNITS})*"
    rf"(?:[.!?…]+{_CLOSE}*\s*|\s*$)"
)
"""One sentence and its trailing whitespace; consecutive matches tile any string."""


def split_sentences(articles: pl.DataFrame, segments: pl.DataFrame) -> pl.DataFrame:
    """Sentences of every segment (schema SENTENCES), all roles, numbered per article.

    `text` is the sentence stripped of surrounding whitespace (Unicode White_Space, as in
    `metrics.clean`) and equals the raw text sliced at [start, end). Whitespace-only pieces yield
    no sentence.
    """
    if segments.height == 0:
        return empty(SENTENCES)
    pieces = (
        segments.sort("article_id", "segment_index")
        .join(
            articles.select("article_id", pl.col("text").fill_null("")),
            on="article_id",
            how="left",
            maintain_order="left",
        )
        .with_row_index("_s")
        .select(
            "_s",
            "article_id",
            "segment_index",
            "start",
            "role",
            piece=pl.col("text")
            .str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
            .str.extract_all(SENTENCE_PATTERN),
        )
        .explode("piece")
        .drop_nulls("piece")
        .with_columns(width=pl.col("piece").str.len_chars().cast(pl.Int64))
    )
    # Offset of a piece inside its segment: running width minus the running width at the
    # segment's first piece (rows are in segment order, so no group-by is needed).
    running = pl.col("width").cum_sum() - pl.col("width")
    first_of_segment = (pl.col("_s") != pl.col("_s").shift(1)).fill_null(True)
    stripped = pl.col("piece").str.strip_chars()
    sentences = (
        pieces.with_columns(
            base=pl.when(first_of_segment).then(running).forward_fill(),
            running=running,
            lead=pl.col("width") - pl.col("piece").str.strip_chars_start().str.len_chars(),
            text=stripped,
        )
        .filter(pl.col("text") != "")
        .with_columns(
            start=pl.col("start") + pl.col("running") - pl.col("base") + pl.col("lead"),
        )
        .with_columns(end=pl.col("start") + pl.col("text").str.len_chars().cast(pl.Int64))
    )
    first_of_article = (pl.col("article_id") != pl.col("article_id").shift(1)).fill_null(True)
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return sentences.select(
        "article_id",
        sentence_index=(row - pl.when(first_of_article).then(row).forward_fill()).cast(pl.Int32),
        segment_index=pl.col("segment_index").cast(pl.Int32),
        start=pl.col("start").cast(pl.Int64),
        end=pl.col("end").cast(pl.Int64),
        text="text",
        role="role",
    )
