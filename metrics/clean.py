"""Cleaning: give every line of an article a role, and set aside near-duplicate articles.

Nothing is deleted. `segment` tiles each raw text with segments (one per non-blank line; the
blank lines after a line belong to it) and marks each `body`, `boilerplate`, `comments` or
`duplicate`, with the rule that decided in `reason`. Later stages read evidence only from body
segments, so the rules lean towards precision: a rule fires on a whole short line that looks like
page furniture, never on a word inside a long paragraph. Precedence, highest first:

- `comments` / comment_section: from a reader-comment header ("2 thoughts on “…”", "Leave a
  Reply", a late "12 Comments") to the end of the text, numbered comment items included;
- `boilerplate` / site_header: a site name + print date above the headline;
- `boilerplate` / a line rule (`LINE_RULES`, `NOT_TITLE_RULES`, byline): navigation,
  share_prompt, donation_prompt, subscribe_prompt, follow_prompt, comment_widget, disclaimer,
  photo_credit, related_link, teaser, byline;
- `duplicate` / title_repeat or repeated_paragraph: the later copy of a line printed twice (the
  first copy stays body);
- `boilerplate` / related_headlines: two or more short unpunctuated lines after the last
  sentence-like line (a related-stories list);
- `body` with a null reason: everything else.

Whitespace is Unicode White_Space (what polars strips; Python's `str.isspace` minus the ASCII
separators \x1c–\x1f).

`mark_near_duplicates` compares the body text of every article with MinHash (one-permutation
hashing of 5-word shingles) and LSH banding, then verifies each candidate pair with the exact
shingle Jaccard similarity, so syndicated copies count once in the index.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from metrics.schema import INGEST_REPORT, SEGMENTS, empty

# --- line rules -------------------------------------------------------------------------------


def _ascii_boundaries(pattern: str) -> str:
    r"""Make `\b` an ASCII word boundary: a Unicode one stops the regex engine's fast DFA on
    non-ASCII text (curly quotes), several times slower, and the rules only name English words."""
    return pattern.replace(r"\b", r"(?-u:\b)")


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LINE = (
    r"^(?:(?:published|updated|posted|last updated)(?: on)?:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:\s*(?:at|[-–—|,·•@/])?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?$"
)

# Each rule: (reason, regex on the lower-cased stripped line, longest line it may fire on).
# Anchored patterns must match the whole line; the length cap keeps them off body paragraphs.

_NAVIGATION = (
    r"^(?:skip to (?:main )?content|skip to (?:main )?navigation|jump to (?:navigation|content)"
    r"|main menu|toggle navigation|menu|home|search|search for:?|back to top"
    r"|(?:previous|next|prev) (?:article|post|story|page)(?:\s*[:»›>].*)?"
    r"|(?:tags?|filed under|posted in|categories|category|topics?)\s*:.*"
    r"|print(?: this(?: article| page| story)?)?|email(?: this(?: article| story)?)?)$"
)
_SHARE = (
    r"^(?:share(?: this(?: article| story| post| page)?)?(?: on \w+)?:?"
    r"|click to (?:share|email|print|tweet|post)\b.*"
    r"|share (?:on|via|to) (?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|vk|email)\b.*"
    r"|tweet(?: this)?|facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|vk|vkontakte"
    r"|like this:?|pin it|copy link|loading\.\.\.|(?:\d+\s+)?shares?)$"
)
_DONATION = (
    r"^(?:help us (?:grow|continue|keep|survive|stay)\b"
    r"|(?:please )?(?:consider )?(?:supporting|support|donate to|donating to) "
    r"(?:us|our (?:work|journalism|site|website|reporting)|independent)\b"
    r"|become a (?:patron|member|supporter|sponsor)\b|donate(?: now| today| here)?\b"
    r"|make a (?:donation|contribution)\b|buy (?:me|us) a coffee"
    r"|if you (?:enjoyed|liked|like|value|appreciate|found)\b.*\b(?:support|donat|patreon|subscri))"
    r"|patreon|paypal\.me|subscribestar|ko-fi\.com|buymeacoffee"
)
_SUBSCRIBE = (
    r"^(?:subscribe(?: now| today| here)?\b|sign up (?:for|to) (?:our|the)\b"
    r"|join (?:us on|our) (?:mailing list|newsletter|telegram|channel|community)"
    r"|get (?:our|the) (?:free )?(?:newsletter|daily|weekly)|enter your e-?mail"
    r"|follow us(?: on)?\b|like us on facebook)"
)
_FOLLOW = (
    r"^(?:follow (?:me|us|him|her|the author)\b.*@\w.*|follow @\w.*"
    r"|follow [\w .'-]{1,40} on (?:twitter|x|facebook|telegram|instagram|substack)\b.*|@\w+)$"
)
_COMMENT_WIDGET = (
    r"^(?:notify of|inline feedbacks|view all comments|(?:\d+ )?(?:oldest|newest|most voted)"
    r"|what do you think\??|be the first to comment.*|you must be logged in.*"
    r"|log ?in to (?:comment|reply).*|comments are closed\.?|load more comments|show comments"
    r"|post a comment|add (?:a|your) comment|(?:\d+|no) comments?(?: yet)?|reply|cancel reply"
    r"|(?:\d+ )?likes?|subscribe to comments.*|report (?:this )?comment|guest|login|log in"
    r"|sign in|register|leave a comment)$"
)
# Disclaimers in two regexes: one anchored at the line start (cheap: the engine gives up after
# the first sentence), one led by literals (cheap: a substring search finds candidates).
_DISCLAIMER_LEAD = (
    r"^(?:disclaimer\b|©|\(c\)|copyright\b"
    r"|.{0,60}?(?:views|opinions|statements)[^.]*expressed[^.]*"
    r"(?:those|the views|the opinions|own) of the (?:author|writer|contributor|columnist)"
    r"|.{0,60}?(?:views|opinions) expressed[^.]*(?:do not|don't|does not) necessarily "
    r"(?:reflect|represent)"
    r"|(?:this (?:article|story|post) (?:was )?(?:originally |first )?(?:appeared|published|posted)"
    r"|originally (?:published|appeared)|republished (?:from|with)) (?:on|in|at|by|from|with)\b)"
)
_DISCLAIMER_ANYWHERE = (
    r"all rights reserved|links are (?:for )?informational purposes"
    r"|responsib[a-z]* (?:of|for) (?:the )?content of"
    r"|do not necessarily (?:reflect|represent) (?:those|the (?:views|opinions|position|policy))"
    r" of (?:the )?(?:editor|publisher|site|website|this|our)"
    r"|reproduction[^.]* (?:prohibited|forbidden)|terms of (?:use|service)|privacy policy"
    r"|we use cookies|cookie policy"
)
_RELATED = (
    r"^(?:related(?: articles?| stories| posts| coverage| news| content| reading)?"
    r"|read (?:more|also|next)|see also|also read|also on \w+"
    r"|more (?:from|on|in|stories|news|about)"
    r"|recommended(?: for you)?|you (?:may|might) (?:also )?(?:like|be interested in|have missed)"
    r"|trending(?: now)?|popular(?: posts| stories| now)?|most (?:read|popular|viewed)"
    r"|latest (?:news|stories|posts)|further reading)"
    r"(?:\s*(?::|[-–—|»›>]).*|\s*\.{3}|…)?$"
)
_TEASER = (
    r"^(?:watch|video|listen|photos?|gallery|podcast|audio|infographic|slideshow)\s*[:|–—-]"
    r"|^(?:advertisement|sponsored(?: content)?|ad|promoted|paid content|\[?ad\]?)$"
)
_PHOTO_CREDIT = (
    r"^(?:photo|image|picture|pictured|photograph|illustration|file photo|featured image)s?"
    r"(?: credit| by| source)?\s*[:|©]"
    r"|getty images|\bap photo\b|shutterstock|/ ?reuters\b|\breuters ?/|/ ?sputnik\b|\bafp\b via"
)
# Case-sensitive: a byline names people ("By Jane Doe"), unlike "By contrast, ...".
_BYLINE = (
    r"^(?:[Bb]y|BY|Written by|Posted by|Author:)\s+[A-Z][\w.'’-]*"
    r"(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al-\w+))*\s*$"
)

LINE_RULES: tuple[tuple[str, str, int], ...] = (
    ("navigation", _NAVIGATION, 120),
    ("share_prompt", _SHARE, 120),
    ("donation_prompt", _DONATION, 250),
    ("subscribe_prompt", _SUBSCRIBE, 200),
    ("follow_prompt", _FOLLOW, 120),
    ("comment_widget", _COMMENT_WIDGET, 120),
    ("disclaimer", _DISCLAIMER_LEAD, 900),
    ("disclaimer", _DISCLAIMER_ANYWHERE, 900),
    ("photo_credit", _PHOTO_CREDIT, 200),
)
"""Rules that may fire on any line, title included."""

NOT_TITLE_RULES: tuple[tuple[str, str, int], ...] = (
    ("related_link", _RELATED, 250),
    ("teaser", _TEASER, 250),
)
"""Rules that never fire on the first line, which may be a headline starting with "Watch:"."""

# A comment section starts here; everything after it is `comments`.
_COMMENT_SECTION_STRONG = (
    r"^(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:thoughts?|responses?|comments?|replies|reactions?) (?:on|to) .+"
    r"|leave a reply|(?:\d+ )?comments? \(\d+\)|discussion \(\d+\)"
    r"|join the (?:discussion|conversation)|reader comments|comments? section)$"
)
# "12 Comments" also appears as a counter under a headline: only late in the text is it a section.
_COMMENT_SECTION_WEAK = r"^(?:(?:\d+ )?comments?:?|discussion|responses)$"
WEAK_SECTION_MIN_POSITION = 0.25
"""Fraction of the text before which a bare "N comments" line is a counter, not a section."""

RULE_MAX_CHARS = 900
"""Lines longer than this are never boilerplate (the longest rule, a disclaimer, fits)."""

HEADLINE_MAX_WORDS = 25
"""Longest line counted as a headline in a trailing related-headline list."""

WORD_COUNT_MAX_CHARS = 300
"""Words are only counted on lines up to this long; a longer line has more than
HEADLINE_MAX_WORDS words anyway and counts as having one word per character."""

MIN_HEADLINE_LIST = 2
"""Fewest trailing headline-like lines that make a related-headline list."""

REPEAT_MIN_WORDS = 4
"""Shorter repeated lines (separators, "Reply") are left to the line rules."""

_TERMINAL = r"[.!?…][\"”’'»)\]]*$"


def segment(articles: pl.DataFrame) -> pl.DataFrame:
    """Split every raw text into role-marked segments (schema SEGMENTS) that tile it exactly.

    A segment starts at each non-blank line and runs to the next one, so the blank lines (and
    whitespace-only lines such as a lone no-break space) after a line share its role; leading
    blank lines belong to the first segment. A whitespace-only text is one `body` segment and an
    empty text has none. Article ids must be unique.
    """
    if articles.height == 0:
        return empty(SEGMENTS)
    segments = _classify(_line_starts(articles))
    return segments.select(
        "article_id",
        pl.col("segment_index").cast(pl.Int32),
        pl.col("start").cast(pl.Int64),
        pl.col("end").cast(pl.Int64),
        "role",
        "reason",
    )


def _line_starts(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per segment: its offsets, its first line (stripped) and its place in the text.

    Rows stay sorted by article (`_a`) and offset, so per-article running values are computed
    with global cumulative sums and fills instead of group-bys (see `_seen_in_article`).
    """
    texts = articles.select(
        "article_id",
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_a"),
        pl.col("text").fill_null(""),
    ).with_columns(n_chars=pl.col("text").str.len_chars().cast(pl.Int64))
    # Every line but the last is followed by its "\n"; the last one's width is never used.
    width = pl.col("line").str.len_chars().cast(pl.Int64) + 1
    before = pl.col("width").cum_sum() - pl.col("width")
    lines = (
        texts.select("_a", "n_chars", line=_unified_breaks(pl.col("text")).str.split("\n"))
        .explode("line")
        .with_columns(width=width, first_line=_first_of("_a"))
        .with_columns(start=before - pl.when("first_line").then(before).forward_fill())
        .with_columns(stripped=pl.col("line").str.strip_chars())
        .filter(pl.col("stripped") != "")
        .select("_a", "n_chars", "start", "stripped")
    )
    # Whitespace-only texts have no non-blank line: give them one segment over all the text.
    blank_only = texts.filter((pl.col("n_chars") > 0) & ~pl.col("text").str.contains(r"\S"))
    if blank_only.height:
        extra = blank_only.select("_a", "n_chars", start=pl.lit(0, pl.Int64), stripped=pl.lit(""))
        lines = pl.concat([lines, extra]).sort("_a", "start")
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return lines.with_columns(
        segment_index=(row - pl.when(_first_of("_a")).then(row).forward_fill()).cast(pl.Int32),
        end=_next_in_article(pl.col("start")).fill_null(pl.col("n_chars")),
        article_id=texts["article_id"].gather(lines["_a"]),
    ).with_columns(start=pl.when(pl.col("segment_index") == 0).then(0).otherwise(pl.col("start")))


LINE_BREAKS = ("\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
"""Characters besides "\n" that end a line (old Mac files use a bare "\r")."""


def _unified_breaks(text: pl.Expr) -> pl.Expr:
    """`text` with every line break as "\n". One character for one keeps every offset valid; a
    "\r\n" becomes an empty line, which joins the segment above like any blank line."""
    return text.str.replace_many(list(LINE_BREAKS), ["\n"] * len(LINE_BREAKS))


def _first_of(key: str) -> pl.Expr:
    """True on the first row of each run of equal `key` values."""
    return (pl.col(key) != pl.col(key).shift(1)).fill_null(True)


def _next_in_article(expr: pl.Expr) -> pl.Expr:
    """`expr` on the next row of the same article (null on an article's last row)."""
    return pl.when(pl.col("_a").shift(-1) == pl.col("_a")).then(expr.shift(-1))


def _seen_in_article(flag: pl.Expr, *, later: bool = False) -> pl.Expr:
    """True where `flag` holds on this row or an earlier one (a later one with `later`) of the
    same article. Rows must be sorted by article."""
    marked = pl.when(flag).then(pl.col("_a"))
    filled = marked.backward_fill() if later else marked.forward_fill()
    return (filled == pl.col("_a")).fill_null(False)


def _classify(seg: pl.DataFrame) -> pl.DataFrame:
    """Add `role` and `reason` to the per-segment frame from `_line_starts`."""
    # Rules only look at lines up to RULE_MAX_CHARS: longer lines are body paragraphs, and not
    # lower-casing or regex-scanning them is most of the speed of this stage.
    idx = pl.col("segment_index")
    n = pl.col("stripped").str.len_chars()
    ruled = pl.when(n <= RULE_MAX_CHARS).then(pl.col("stripped"))
    # Word counts only matter up to HEADLINE_MAX_WORDS; longer lines count as "many".
    short = pl.when(n <= WORD_COUNT_MAX_CHARS).then(pl.col("stripped"))
    feats = seg.with_columns(
        n=n,
        low=ruled.str.to_lowercase(),
        words=(short.str.count_matches(r"\s+") + 1).fill_null(n).cast(pl.Int64),
        terminal=pl.col("stripped").str.contains(_TERMINAL),
        line_hash=pl.col("stripped").hash(),
    ).with_columns(
        headline=(pl.col("words") <= HEADLINE_MAX_WORDS) & ~pl.col("terminal"),
        short_label=(pl.col("words") <= 4) & ~pl.col("terminal"),
    )
    feats = _mark_site_header(feats)
    feats = _mark_comment_section(feats)

    # A when-chain built from the last rule up, so earlier rules win.
    byline = pl.col("stripped").str.contains(_BYLINE) & (pl.col("n") <= 80) & (idx > 0)
    rule = pl.when(byline).then(pl.lit("byline")).otherwise(pl.lit(None, pl.String))
    for rules, on_first_line in ((NOT_TITLE_RULES, False), (LINE_RULES, True)):
        for reason, pattern, max_chars in reversed(rules):
            hit = pl.col("low").str.contains(_ascii_boundaries(pattern)) & (
                pl.col("n") <= max_chars
            )
            if not on_first_line:
                hit = hit & (idx > 0)
            rule = pl.when(hit).then(pl.lit(reason)).otherwise(rule)
    feats = feats.with_columns(line_rule=rule)

    # Repeats are exact (after stripping the line): a reprinted body is a byte-for-byte copy.
    title_hash = pl.when(idx == 0).then(pl.col("line_hash")).forward_fill()
    eligible = pl.col("words") >= REPEAT_MIN_WORDS
    feats = feats.with_columns(
        duplicate=pl.when((idx > 0) & (pl.col("line_hash") == title_hash))
        .then(pl.lit("title_repeat"))
        .when(eligible & ~pl.col("line_hash").is_first_distinct().over("_a"))
        .then(pl.lit("repeated_paragraph"))
        .otherwise(pl.lit(None, pl.String))
    )
    feats = _mark_trailing_headlines(feats)

    return feats.with_columns(
        role=pl.when(pl.col("in_comments"))
        .then(pl.lit("comments"))
        .when(pl.col("site_header") | pl.col("line_rule").is_not_null())
        .then(pl.lit("boilerplate"))
        .when(pl.col("duplicate").is_not_null())
        .then(pl.lit("duplicate"))
        .when(pl.col("trailing_headline"))
        .then(pl.lit("boilerplate"))
        .otherwise(pl.lit("body")),
        reason=pl.when(pl.col("in_comments"))
        .then(pl.lit("comment_section"))
        .when(pl.col("site_header"))
        .then(pl.lit("site_header"))
        .otherwise(
            pl.coalesce(
                "line_rule",
                "duplicate",
                pl.when(pl.col("trailing_headline")).then(pl.lit("related_headlines")),
            )
        ),
    )


def _mark_site_header(feats: pl.DataFrame) -> pl.DataFrame:
    """Flag a site name + date/time header above the headline (e.g. "The Speaker" / "Monday, 20
    May 2024 – 22:46"). That date is when the page was printed, not when the events happened.

    A date-only line among the first three counts when only short labels (≤ 4 words) precede it
    and a headline-like line (no final period) follows, or when it is the very first line; a date
    line right under the headline followed by body text is the article's own date and stays body.
    """
    idx = pl.col("segment_index")
    label = pl.col("short_label")
    # Rows of one article are consecutive, so for idx 1 and 2 the previous rows are idx 0 and 1.
    labels_before = (
        (idx == 0) | ((idx == 1) & label.shift(1)) | ((idx == 2) & label.shift(1) & label.shift(2))
    )
    # The headline may end with "?" or "!", never with a full stop.
    next_headline = (
        (_next_in_article(pl.col("words")) <= HEADLINE_MAX_WORDS)
        & ~_next_in_article(pl.col("low")).str.ends_with(".")
    ).fill_null(False)
    top = idx <= 2
    header_date = (
        top
        & pl.when(top).then(pl.col("low")).str.contains(_DATE_LINE).fill_null(False)
        & ((idx == 0) | (labels_before & next_headline))
    )
    return feats.with_columns(site_header=top & _seen_in_article(header_date, later=True))


def _mark_comment_section(feats: pl.DataFrame) -> pl.DataFrame:
    """Flag everything from a reader-comment section header to the end of the text."""
    position = pl.col("start") / pl.max_horizontal(pl.col("n_chars"), pl.lit(1))
    starts = (pl.col("segment_index") > 0) & (
        pl.col("low").str.contains(_COMMENT_SECTION_STRONG) & (pl.col("n") <= 300)  # a title
        | pl.col("low").str.contains(_COMMENT_SECTION_WEAK)
        & (position >= WEAK_SECTION_MIN_POSITION)
    ).fill_null(False)
    return feats.with_columns(in_comments=_seen_in_article(starts))


def _mark_trailing_headlines(feats: pl.DataFrame) -> pl.DataFrame:
    """Flag the run of short unpunctuated lines after the last body paragraph: a related-stories
    list. Only lines not already explained by another rule count (a "Share this:" may sit in
    between), and an article with no sentence-like line at all is left alone (it may be a list
    of bullet points)."""
    unexplained = ~pl.col("in_comments") & ~pl.col("site_header") & pl.col("line_rule").is_null()
    sentence_like = unexplained & (pl.col("terminal") | (pl.col("words") > HEADLINE_MAX_WORDS))
    trailing = (
        unexplained
        & pl.col("duplicate").is_null()
        & pl.col("headline")
        & (pl.col("stripped") != "")
        & _seen_in_article(sentence_like)
        & ~_seen_in_article(sentence_like, later=True)
    )
    # One unpunctuated closing line may be a body sentence that lost its full stop; a list has
    # at least two entries.
    listed = trailing & (trailing.sum().over("_a") >= MIN_HEADLINE_LIST)
    return feats.with_columns(trailing_headline=listed)


# --- near-duplicate articles ------------------------------------------------------------------

SHINGLE_WORDS = 5
"""Words per shingle: long enough that unrelated articles on one topic share few."""
NUM_BINS = 120
"""One-permutation MinHash sketch size (bins)."""
BAND_ROWS = 4
"""Rows per LSH band (NUM_BINS / BAND_ROWS = 30 bands): pairs at Jaccard 0.7 become candidates
with probability 0.9997, pairs at 0.2 with about 0.05 (candidates are then verified exactly)."""
MIN_SHARED_BANDS = 2
SKETCH_PREFILTER = 0.45
"""Sketch agreement below this cannot plausibly hide a Jaccard ≥ 0.7 (120 bins: > 4 sd away)."""
NEAR_DUPLICATE_JACCARD = 0.7
"""Exact 5-word-shingle Jaccard similarity of the body texts at or above which an article is set
aside as a copy. Unrelated articles on the same event score below 0.1; a copy with a different
header/footer and a few edited words scores about 0.75 for a 120-word story and above 0.85 for
a usual 300–900-word article."""
MAX_BUCKET_PAIRS = 20
"""In a band bucket, each article is paired with at most this many earlier ones (huge buckets are
many copies of one text; pairing with the first few suffices to find the kept copy)."""
CHUNK_ARTICLES = 10_000
"""Articles sketched at a time, to bound memory on large corpora."""

_MIX = np.uint64(0x9E3779B97F4A7C15)
_POSITION_KEYS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
    ],
    dtype=np.uint64,
)[:SHINGLE_WORDS]


def mark_near_duplicates(
    articles: pl.DataFrame, segments: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Fill `duplicate_of` for near-duplicate articles; return (articles, INGEST_REPORT rows).

    Within each group of copies the article first in article_id order is kept; every later one
    points to the earliest kept article it is itself similar to (no chains through a third text).
    A `duplicate_of` already set upstream is kept as is, and such an article is never chosen
    as the kept copy of another.
    """
    if articles.height < 2:
        return articles, empty(INGEST_REPORT)
    bodies = _body_texts(articles, segments).sort("article_id")
    ids: list[str] = bodies["article_id"].to_list()
    candidates = _candidate_pairs(bodies["body"])
    if not candidates:
        return articles, empty(INGEST_REPORT)
    upstream = set(articles.filter(pl.col("duplicate_of").is_not_null())["article_id"])
    set_aside = {row for row, article_id in enumerate(ids) if article_id in upstream}
    kept_of = _verify(bodies["body"], candidates, set_aside)
    marks = {ids[dup]: (ids[kept], sim) for dup, (kept, sim) in kept_of.items()}
    if not marks:
        return articles, empty(INGEST_REPORT)
    mapping = pl.DataFrame(
        {"article_id": list(marks), "_kept": [kept for kept, _ in marks.values()]},
        schema={"article_id": pl.String(), "_kept": pl.String()},
    )
    out = (
        articles.join(mapping, on="article_id", how="left", maintain_order="left")
        .with_columns(duplicate_of=pl.coalesce("duplicate_of", "_kept"))
        .drop("_kept")
    )
    paths = dict(zip(articles["article_id"], articles["path"], strict=True))
    report = pl.DataFrame(
        {
            "path": [paths[a] for a in marks],
            "article_id": list(marks),
            "status": ["set_aside"] * len(marks),
            "reason": [f"near-duplicate of {k} (similarity {s:.2f})" for k, s in marks.values()],
        },
        schema=INGEST_REPORT,
    )
    return out, report


def _body_texts(articles: pl.DataFrame, segments: pl.DataFrame) -> pl.DataFrame:
    """Each article's body segments joined, lower-cased: what near-duplicates are judged on."""
    body = (
        segments.filter(pl.col("role") == "body")
        .join(articles.select("article_id", "text"), on="article_id", how="left")
        .sort("article_id", "segment_index")
        .group_by("article_id", maintain_order=True)
        .agg(
            pl.col("text")
            .str.slice(pl.col("start"), pl.col("end") - pl.col("start"))
            .str.join("\n")
            .alias("body")
        )
    )
    return (
        articles.select("article_id")
        .join(body, on="article_id", how="left")
        .with_columns(pl.col("body").fill_null("").str.to_lowercase())
    )


def _shingles(bodies: pl.Series) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Hashed word shingles of each body: (hashes, owning row) arrays, unsorted.

    A body with fewer words than a shingle gets one shingle of all its words, so identical short
    bodies still match; an empty body gets none and is never a duplicate.
    """
    words = bodies.str.extract_all(r"\w+")
    counts = words.list.len().fill_null(0).to_numpy().astype(np.int64)
    hashes = words.explode().drop_nulls().hash(seed=7).to_numpy().astype(np.uint64)
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    first = np.cumsum(counts) - counts
    k = SHINGLE_WORDS
    n_windows = max(len(hashes) - k + 1, 0)
    windows = np.zeros(n_windows, dtype=np.uint64)
    for j in range(k):
        windows += hashes[j : j + n_windows] * _POSITION_KEYS[j]
    # A window is a shingle when its first and last words belong to the same body.
    valid = owner[:n_windows] == owner[k - 1 : k - 1 + n_windows]
    shingles = [windows[valid]]
    owners = [owner[:n_windows][valid]]
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):
        # Few and tiny: a plain loop is clearer than a vectorised ragged sum.
        sums = [
            (hashes[first[row] : first[row] + counts[row]] * _POSITION_KEYS[: counts[row]]).sum(
                dtype=np.uint64
            )
            for row in short
        ]
        shingles.append(np.array(sums, dtype=np.uint64))
        owners.append(short)
    return _mix(np.concatenate(shingles)), np.concatenate(owners)


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 64-bit finaliser (splitmix64), so bins and values are well spread."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _sketches(bodies: pl.Series) -> npt.NDArray[np.uint64]:
    """One-permutation MinHash: per body, the smallest shingle hash falling in each bin.

    Empty bins (short bodies) borrow the value of the next non-empty bin to the right, shifted
    by the distance ("rotation" densification), so two equal shingle sets still get equal
    sketches. A body with no shingle gets values unique to it and never matches anything.
    """
    n = len(bodies)
    hashes, owner = _shingles(bodies)
    sentinel = np.uint64(1) << np.uint64(63)
    sketch = sentinel | np.arange(n * NUM_BINS, dtype=np.uint64)
    bins = (hashes % np.uint64(NUM_BINS)).astype(np.int64)
    values = hashes >> np.uint64(1)  # below the sentinel bit
    np.minimum.at(sketch, owner * NUM_BINS + bins, values)
    sketch = sketch.reshape(n, NUM_BINS)
    # For each bin, the nearest filled bin at or after it (wrapping round), by reverse cummin.
    positions = np.arange(NUM_BINS)
    own = np.where(sketch < sentinel, positions, 3 * NUM_BINS)
    doubled = np.concatenate([own, np.where(own < NUM_BINS, own + NUM_BINS, own)], axis=1)
    nearest = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :NUM_BINS]
    has_any = nearest < 3 * NUM_BINS
    source = np.take_along_axis(sketch, np.where(has_any, nearest % NUM_BINS, positions), axis=1)
    shift = (np.where(has_any, nearest - positions, 0)).astype(np.uint64) * _MIX
    return np.where(has_any, (source + shift) & (sentinel - np.uint64(1)), sketch)


def _candidate_pairs(bodies: pl.Series) -> set[tuple[int, int]]:
    """(earlier row, later row) pairs sharing at least one LSH band."""
    sketch = np.vstack(
        [_sketches(bodies[i : i + CHUNK_ARTICLES]) for i in range(0, len(bodies), CHUNK_ARTICLES)]
    )
    bands = sketch.reshape(len(bodies), NUM_BINS // BAND_ROWS, BAND_ROWS)
    keys = np.zeros(bands.shape[:2], dtype=np.uint64)
    for r in range(BAND_ROWS):
        keys = _mix(keys * _MIX + bands[:, :, r])
    n_bands = keys.shape[1]
    # Sort (band, key, row) so each bucket is a contiguous run of ascending rows.
    order = np.lexsort(
        (
            np.repeat(np.arange(len(bodies)), n_bands),
            keys.ravel(),
            np.tile(np.arange(n_bands), len(bodies)),
        )
    )
    rows = order // n_bands
    bucket = (
        np.tile(np.arange(n_bands), len(bodies))[order].astype(np.uint64) * _MIX
        + (keys.ravel()[order])
    )
    earlier_parts, later_parts = [], []
    # Each row pairs with up to MAX_BUCKET_PAIRS rows before it in its bucket.
    for distance in range(1, min(MAX_BUCKET_PAIRS, len(rows) - 1) + 1):
        same = bucket[distance:] == bucket[:-distance]
        earlier_parts.append(rows[:-distance][same])
        later_parts.append(rows[distance:][same])
    if not earlier_parts:
        return set()
    pair_keys, shared_bands = np.unique(
        np.concatenate(earlier_parts) * len(bodies) + np.concatenate(later_parts),
        return_counts=True,
    )
    # A pair at Jaccard 0.7 shares ≥ 2 of 30 bands with probability 0.997; one shared band is
    # mostly chance, and template-heavy corpora produce millions of such pairs.
    pair_keys = pair_keys[shared_bands >= MIN_SHARED_BANDS]
    both = np.stack([pair_keys // len(bodies), pair_keys % len(bodies)], axis=1)
    plausible = [both[:0]]
    # The share of equal sketch bins estimates Jaccard; only plausible pairs reach the exact
    # (Python set) check. Chunked so the gathered sketches stay small.
    for chunk in np.array_split(both, max(1, len(both) // 100_000)):
        agreement = (sketch[chunk[:, 0]] == sketch[chunk[:, 1]]).mean(axis=1)
        plausible.append(chunk[agreement >= SKETCH_PREFILTER])
    return {(int(a), int(b)) for a, b in np.concatenate(plausible)}


def _verify(
    bodies: pl.Series, candidates: set[tuple[int, int]], set_aside: set[int]
) -> dict[int, tuple[int, float]]:
    """Map each later row to (kept earlier row, Jaccard) using exact shingle sets.

    Rows are visited in order, so an earlier row is a kept copy only if it is not itself a
    duplicate (found here, or in `set_aside`, whose rows are never marked again either).
    """
    involved = sorted({row for pair in candidates for row in pair})
    hashes, owner = _shingles(bodies[involved])
    sets: dict[int, set[int]] = {row: set() for row in involved}
    order = np.argsort(owner, kind="stable")
    splits = np.searchsorted(owner[order], np.arange(len(involved) + 1))
    for local, row in enumerate(involved):
        sets[row] = set(hashes[order[splits[local] : splits[local + 1]]].tolist())
    earlier_of: dict[int, list[int]] = {}
    for earlier, later in candidates:
        earlier_of.setdefault(later, []).append(earlier)
    kept_of: dict[int, tuple[int, float]] = {}
    for later in sorted(earlier_of.keys() - set_aside):
        for earlier in sorted(earlier_of[later]):
            if earlier in kept_of or earlier in set_aside:
                continue
            a, b = sets[earlier], sets[later]
            if not a or not b:
                continue
            similarity = len(a & b) / len(a | b)
            if similarity >= NEAR_DUPLICATE_JACCARD:
                kept_of[later] = (earlier, similarity)
                break
    return kept_of
