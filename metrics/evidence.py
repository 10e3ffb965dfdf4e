"""Evidence extraction: which body sentences report which US–Russia signal, in which mode.

Two passes keep this fast on large corpora. A streaming polars pass flags, for every body
sentence, which sides it names (and which the sentences just before it name) and whether some
trigger occurs; only sentences with a trigger that could involve both sides are kept, repeated
ones once. A Python pass then looks at that small candidate set closely, in text order: every
trigger match gets a PLOVER mode from the cue words around it (a definite "the talks" with no
cue of its own takes the mode of the article's previous contact mention), topics are read from
its clause, and one row per (sentence, signal[, topic]) is kept, preferring a match that counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

import polars as pl

from metrics.codebook import Codebook, Rule, Signal
from metrics.knowledge import Knowledge
from metrics.schema import EVIDENCE, empty

# Clause edges: mode cues and topics on the far side of these belong to another clause.
_CLAUSE = re.compile(
    r"[;:()\[\]\u2014\"“”|]|\s[\u2013-]\s"
    r"|\b(?:but|while|whereas|although|though|however|and that|because|amid)\b"
    # "yet" joins clauses after a comma or "and"; elsewhere it is an adverb ("not yet",
    # "no concrete plans yet").
    r"|(?:,\s*|\band\s+)yet\b"
    # A new subject after ", and" ("... unless X changes course, and it rejects ...") and an
    # absolute phrase (", with X having ruled out ...") start clauses of their own.
    r"|,\s+(?:and|or)\s+(?:it|he|she|they|we|i|you)\b|,\s+with\b"
)
# Year in a time expression ("in 2017", "since March 2018", "back in early 2016").
_TIME_YEAR = re.compile(
    r"\b(?:in|since|during|back in|until)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+)?(?:\d{1,2},?\s+)?((?:19\d|20[0-4])\d)\b"
)
# A year modifying the trigger noun ("a January 2017 meeting", "their 2018 summit").
_YEAR_MODIFIER = re.compile(
    r"\b(?:a|an|the|their|his|her|its|that)\s+(?:(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s+)?((?:19[5-9]|20[0-4])\d)\s+(?:[\w'’-]+\s+)?$"
)
_ANY_YEAR = r"\b(?:19[5-9]|20[0-4])\d\b"
# Topic scope: like _CLAUSE, but quotation marks do not end it ("agreed the episode was "a
# success," and that they would keep cooperating on X" agrees on X).
_TOPIC_EDGE = re.compile(
    r"[;:()\[\]\u2014]|\s[\u2013-]\s|(?<!not\s)(?<!\bas\s)\b(?:but|while|whereas|although|though|however|yet)\b"
    r"|\beven as\b"  # "found common ground, even as relations soured over Ukraine"
    r"|,\s+with\b"  # an absolute phrase (", with their top diplomats to ...")
    # A new subject of one side after ", and" (", and his administration imposed sanctions").
    r"|,\s+(?:and|or)\s+(?:he|she|it|his|her|its)\b"
    # A second reported clause with a subject of its own ("agreed to X, and that Putin was ready
    # to Y"); "and that they would ..." still reports what both agreed.
    r"|\band that\b(?!\s+(?:they|both|the two|the sides|the leaders|the presidents))"
)
# An agreement announcing a list, and the items of such a list.
_LIST_INTRO = re.compile(
    r":\s*$|\b(?:on|to)\s+(?:(?:two|three|four|five|six|several|a few|a number of|the following)"
    r"\s+)?(?:things|points|steps|measures|issues|areas|principles|items)\b"
)
_LIST_ITEM = re.compile(
    r"^\W*(?:\d{1,2}[.)]|[a-h][.)]|[-•*·]|(?:and\s+)?(?:first|second|third|fourth|fifth|sixth|"
    r"finally|lastly)\b)"
)
# A fronted topic: "On cyber, the two sides agreed to begin consultations".
_FRONTED_TOPIC = re.compile(
    r"^\W*(?:on|over|regarding|concerning|as for|as to|as regards|with regard to)\s+([^,;:]{1,60}),"
)
# Where a mode cue's scope restarts just before a trigger: an appositive noun phrase after a
# comma (", a claim officials dismissed") and a finite past verb coordinated by "and" ("remained
# open to diplomacy and rejected the claim") are not under the cues of the clause before them.
# (A parenthetical before it is no apposition: "accepted, in principle, a summit".)
_APPOSITIVE = re.compile(
    r"(?<!in principle)(?<!however)(?<!reportedly)(?<!apparently),\s+(?:a|an|the|which)\s+$"
)
# ... unless the comma closes a fronted subordinate clause ("If X agrees, the talks ..."),
# whose cues do scope over the main clause.
_FRONTED = re.compile(r"^\W*(?:if|unless|whether|when|whenever|once|until|provided|should|were)\b")
# An indefinite contact opening its clause ("A summit ..."), and a modal later in the clause.
_GENERIC_SUBJECT = re.compile(r"\W*(?:a|an|any)(?:\s+\S+){0,2}\s*$")
_MODAL = re.compile(r"\b(?:would|could|might|may|should|can)\b")
_COORDINATED = re.compile(r"\band\s+(?:(?:\w+ly|again|also|then|later|still|even)\s+){0,2}$")
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b[^,]*,")
# ... or a participle phrase ("A summit, proposed by X and accepted by both sides, is off").
_INSERTED = re.compile(r",\s+(?:who|which|whose|\w+ed)\b[^,]*,")
# Quotes around at most five words ("accepted "in principle" a summit", "had "no concrete plans
# yet" to speak", "was "certainly not the plan now"") are no clause of their own.
_SCARE_QUOTE = re.compile(r"[\"“”]((?:[^\"“”\s]+\s?){1,5})[\"“”]")
# Where a contact trigger's participant object starts: "with/between ...", or a direct object
# ("met X"), but not a prepositional phrase ("talks on X's future", "met in X").
_OBJECT = re.compile(
    # (Past a place: "the meeting in Singapore between X and Y", "talks at the State Department
    # with Ukraine's foreign minister"; a visit's destination: "postponed a visit to Riyadh".)
    r"(?:(?<=visit)|(?<=trip))\s+to\s+"
    r"|\s+(?:(?:in|at)\s+(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+)?\s+)?"
    r"(?:(?:planned|scheduled|held|set)\s+)?(?:with|between)\s+"
    # "scheduled to meet Chinese President Xi": the contact verb's object.
    r"|\s+to\s+(?:meet(?:\s+with)?|(?:talk|speak)\s+(?:to|with)|sit\s+down\s+with|host|visit)\s+"
    r"|\s+(?!(?:on|about|in|at|over|for|of|to|after|before|during|since|from|by|and|or|as|"
    r"that|which|who|was|were|is|are|has|had|have|will|would|last|this|next|on)\b)"
)
# Groups, and the country usually named as a topic, as an agreement's subject ("nearly 200
# countries agreed", "Russia and Ukraine agreed"; not "the two countries agree").
_GROUP_SUBJECT = re.compile(
    r"(?<!two )(?<!both )(?<!our )(?<!their )\b(?:countries|nations|allies)\b"
    r"|\b(?:ukraine|kyiv|kiev)\b"
)
_SUBORDINATE = re.compile(r"\b(?:that|which|who|where|when|after|before|as|since|because)\b")
_ACRONYM = re.compile(r"\(([\w.-]{2,8})\)")
_CLOSED_NO = re.compile(r"\bno\s+[^\s,;]+\s*[,;]")
# A place after a preposition of place or motion ("in Washington", "to Moscow").
_PLACE = re.compile(r"\b(?:[Ii]n|[Tt]o|[Aa]t|[Ff]rom|[Ii]nto)\s+(?:the\s+)?[\w.'’-]+")
# A contact verb, its object and a purpose ("meet X on Saturday to ", "host X for a ").
_PURPOSE = re.compile(
    r"\b(?:meet|meets|met|host|hosts|hosted|hosting|visit|visits|visited|visiting|receive|"
    r"receives|received|receiving)\s+(?P<object>[^,;:]{1,60}?)"
    r"(?:\s+(?:on|at|in)\s+[^,;:]{1,40}?)?\s+(?:to|for)(?:\s+(?:a|an|the))?\s+$"
)
# "between/with <names>" up to the verb after it.
_PARTICIPANTS_AFTER = re.compile(
    r"\s+(?:between|with)\s+(?:[^,;:.?!()\[\]\"“”]|\b(?:u\.s|u\.k|u\.n|st|mr|ms|mrs|dr|gen|sen|rep)\.)*?"
    r"(?=\s+[\"“]?(?:is|are|was|were|has|have|had|will|would)\b)"
)
_CONTEXT_SENTENCES = 3  # earlier sentences searched for the topic of an anaphoric agreement
_LIST_SENTENCES = 5  # later sentences read as the items of an agreement's list ("agreed to:")
_PAIR_SENTENCES = 4  # earlier sentences a coreferring sentence may borrow the two sides from
_WIDE_PAIR_SENTENCES = 8  # the same for signals whose codebook `pair` is "wide"
_PARTICIPANT_WORDS = 8  # words read for a contact trigger's subject and object
_LEFT_CHARS = 140  # how far back a mode cue is looked for, before clause clipping
# Parts of a headline-like line ("Key events: A | B", "SHOW — A; B").
_HEADLINE_PARTS = re.compile(r"\s[|\u2014]\s|[;:]\s")
# Names joined by a comma at a line's start, then the verb: "kim, putin hold ", "russia,
# ukraine hold first direct ".
_HEADLINE_NAMES = re.compile(r"\s*[\w'’.-]+(?:\s+[\w'’.-]+)?,\s*[\w'’.-]+(?:\s+\w+){1,3}\s*$")
# A transcript's speaker label: "MR PRICE:", "SECRETARY BLINKEN:", "PSAKI:" (its last word).
_SPEAKER_LABEL = (
    r"^\s*(?:(?:MR|MS|MRS|DR|SECRETARY|AMBASSADOR|GENERAL|ADMIRAL|MINISTER|PRESIDENT)\.?\s+)*"
    r"([A-Z][A-Z'’-]*[A-Z])\s*:"
)
_RIGHT_CHARS = 70
_AFTER_RELATIVE_CHARS = 30  # read past a relative clause on the trigger ("..., which ..., were")
_NEGATION_WORDS = 8  # cue distances in words, counted back from the trigger
_PLANNED_WORDS = 10
_HYPOTHETICAL_WORDS = 6
_PAST_WORDS = 5
_PAST_WORDS_AFTER = 8
_HEADLINE_WORDS = 20
_INHERIT_WORDS = 6
# Where a mode ranks when choosing one row among several matches of the same signal.
_MODE_RANK = {"actual": 0, "planned": 1, "reported_past": 2, "hypothetical": 3, "negated": 4}


@dataclass(frozen=True)
class _Compiled:
    """Regexes built once per call from the codebook and the knowledge file."""

    rules: tuple[
        tuple[Signal, Rule, re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None], ...
    ]
    cues: dict[str, re.Pattern[str] | None]
    topics: re.Pattern[str] | None
    topic_of: dict[str, str]
    events: re.Pattern[str] | None  # names of dated events from the knowledge file
    event_year: dict[str, int]
    sides: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...]  # US, RU
    third: re.Pattern[str] | None  # third parties, for the participants of a contact
    outsiders: re.Pattern[str] | None  # third parties only, for the subject of an agreement
    anaphors: re.Pattern[str] | None


def extract_evidence(
    sentences: pl.DataFrame, codebook: Codebook, knowledge: Knowledge
) -> pl.DataFrame:
    """EVIDENCE rows for the body sentences of a SENTENCES frame, in text order.

    Offsets are into the raw article text: sentence start + offset in the sentence.
    Large corpora go in batches of articles (evidence never looks across articles): polars
    releases the GIL, so a worker thread finds the next batch's candidates while this thread
    reads the current batch's in Python, and the two passes overlap on a multi-core machine.
    """
    batch = (pl.col("article_id").rank("dense") - 1) // ARTICLES_PER_BATCH
    batches = sentences.select(batch.alias("batch")).to_series()

    def candidates(number: int) -> pl.DataFrame:
        return candidate_sentences(sentences.filter(batches == number), codebook, knowledge)

    compiled = _compile(codebook, knowledge)
    numbers = batches.unique().sort().to_list()
    rows = []
    with ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(candidates, numbers[0]) if numbers else None
        for following in range(1, len(numbers) + 1):
            assert pending is not None
            found = pending.result()
            # One batch ahead, never more: that bounds the memory held by finished batches.
            if following < len(numbers):
                pending = worker.submit(candidates, numbers[following])
            discourse = _Discourse()
            rows += [
                row
                for record in found.iter_rows(named=True)
                for row in _sentence_rows(record, codebook, compiled, discourse)
            ]
    if not rows:
        return empty(EVIDENCE)
    return pl.DataFrame(rows, schema=EVIDENCE, orient="row").sort(
        "article_id", "sentence_index", "match_start", "signal", "topic", nulls_last=True
    )


ARTICLES_PER_BATCH = 25_000
"""Articles per batch: each batch compiles the patterns once (~0.3 s), so batches are large."""


def candidate_sentences(
    sentences: pl.DataFrame, codebook: Codebook, knowledge: Knowledge
) -> pl.DataFrame:
    """Deduplicated body sentences with a trigger and a possible US–Russia pair, flagged.

    Columns added: lower, pair_context, pair_wide, pair_sentence (bools), ref_year (the latest
    year the article mentions, for telling background mentions from the article's own events),
    report_denied (the article denies a news report somewhere: its reported contacts are void),
    rules_hit (ids of the rules whose pattern occurs in the sentence), before (the few body
    sentences just before, lower-cased, nearest first, for the topic of "agreed on the deal")
    and after (the few just after, in order, for the items of "the two sides agreed to:").

    One streaming pass reads every body sentence and keeps only flags, so memory stays flat on
    large corpora and each pattern is compiled once; text is looked up again for the few
    candidates only.
    """
    flags = _sentence_flags(sentences, codebook, knowledge)
    keys = (
        flags.lazy()
        .with_columns(
            pl.col("us", "ru", "third").sum().over("article").name.suffix("_n"),
            ref_year=pl.col("year").max().over("article"),
            report_denied=pl.col("report_denied").any().over("article"),
        )
        .with_columns(
            *_context_flags(),
            before_rows=_neighbour_rows(range(1, _CONTEXT_SENTENCES + 1)),
            after_rows=_neighbour_rows(range(-1, -_LIST_SENTENCES - 1, -1)),
        )
        .filter(
            (pl.col("trig") & pl.col("pair_context")) | (pl.col("trig_wide") & pl.col("pair_wide"))
        )
        .select(
            "row",
            "pair_context",
            "pair_wide",
            "pair_sentence",
            "ref_year",
            "report_denied",
            "before_rows",
            "after_rows",
        )
        .collect()
    )
    lower = pl.col("text").str.to_lowercase()

    def joined(rows: str) -> pl.LazyFrame:
        """The lower-cased texts of the `rows` list column, one string per candidate."""
        found = keys.select("row", other=pl.col(rows)).explode("other").drop_nulls()
        texts = sentences["text"].gather(found["other"]).str.to_lowercase()
        name = rows.removesuffix("_rows")
        return (
            found.with_columns(lower=texts)
            .group_by("row", maintain_order=True)
            .agg(pl.col("lower").str.join("\n").alias(name))
            .lazy()
        )

    return (
        pl.concat(
            [
                sentences.select("article_id", "sentence_index", "start", "end", "text")[
                    keys["row"]
                ],
                keys,
            ],
            how="horizontal",
        )
        .lazy()
        .with_columns(lower=lower)
        # A sentence repeated within an article (syndicated copy pasted twice) counts once.
        # Deduplicating only candidates is enough: a copy's context is the same as the original's.
        .filter(
            pl.int_range(pl.len()).over(
                "article_id", pl.col("lower").str.replace_all(r"\s+", " ").str.strip_chars()
            )
            == 0
        )
        .join(joined("before_rows"), on="row", how="left", maintain_order="left")
        .join(joined("after_rows"), on="row", how="left", maintain_order="left")
        # Which rules fire, decided on the few candidates so Python runs only those regexes.
        .with_columns(
            before=pl.col("before").fill_null(""),
            after=pl.col("after").fill_null(""),
            rules_hit=pl.concat_list(
                pl.when(pl.col("lower").str.contains(r.pattern)).then(pl.lit(r.id))
                for s in codebook.signals
                for r in s.rules
            ).list.drop_nulls(),
        )
        .select(
            "article_id",
            "sentence_index",
            "start",
            "end",
            "text",
            "lower",
            "pair_context",
            "pair_wide",
            "pair_sentence",
            "ref_year",
            "report_denied",
            "rules_hit",
            "before",
            "after",
        )
        .collect()
    )


def _sentence_flags(
    sentences: pl.DataFrame, codebook: Codebook, knowledge: Knowledge
) -> pl.DataFrame:
    """Per body sentence of an article naming both sides, in text order: `row` (its row in
    SENTENCES), which sides and referring phrases it names (a transcript turn also names its
    speaker's side), whether it denies a news report (`report_denied`), whether some trigger occurs
    (`trig`; `trig_wide`: of a signal whose pair scope is "wide") and the latest year it
    mentions (`year`); `article` numbers the articles in order."""
    us, ru = _side_pattern(knowledge, "US"), _side_pattern(knowledge, "RU")
    speaker = pl.col("text").str.extract(_SPEAKER_LABEL, 1)
    turn = pl.col("article_id") + "/" + pl.col("segment_index").cast(pl.String)
    dyad = _phrase_pattern(_dyad_phrases(knowledge.dyad_terms))
    coref = _phrase_pattern(codebook.coreference)
    third = _phrase_pattern(codebook.third_parties)
    denial = codebook.mode_cues.get("report_denied")
    # One alternation per signal: a single alternation of every rule (or of a whole group's
    # rules, since the conflict rules grew) outgrows the regex engine's lazy-DFA cache and falls
    # back to a slow engine (measured ~100x slower).
    triggers = [f"(?:{'|'.join(f'(?:{r.pattern})' for r in s.rules)})" for s in codebook.signals]
    # Signals that may borrow the two sides from further back (`pair = "wide"`) need their own
    # flag, so that their wider window does not make every other trigger a candidate.
    wide = [t for s, t in zip(codebook.signals, triggers, strict=True) if s.pair == "wide"]
    narrow = [t for s, t in zip(codebook.signals, triggers, strict=True) if s.pair != "wide"]
    return (
        sentences.lazy()
        .with_row_index("row")
        .filter(pl.col("role") == "body")
        .with_columns(lower=pl.col("text").str.to_lowercase())
        .with_columns(us=_side(us), ru=_side(ru))
        # In a transcript a turn's sentences are its speaker's ("MR PRICE: It's not going
        # forward."): the speaker's side is named in each sentence of the paragraph.
        .with_columns(
            speaker_us=speaker.is_in(_surnames(knowledge, "US")),
            speaker_ru=speaker.is_in(_surnames(knowledge, "RU")),
            speaker_turn=pl.when(speaker.is_not_null()).then(turn).forward_fill(),
        )
        .with_columns(in_turn=(pl.col("speaker_turn") == turn).fill_null(False))
        .with_columns(
            us=pl.col("us")
            | (pl.col("speaker_us").forward_fill().fill_null(False) & pl.col("in_turn")),
            ru=pl.col("ru")
            | (pl.col("speaker_ru").forward_fill().fill_null(False) & pl.col("in_turn")),
        )
        # Only an article naming both sides can hold a US–Russia signal: the costly trigger
        # search skips the others (about half of a typical news feed).
        .filter(pl.col("us").any().over("article_id") & pl.col("ru").any().over("article_id"))
        .select(
            "row",
            "article_id",
            "sentence_index",
            "us",
            "ru",
            dyad=_contains(pl.col("lower"), dyad),
            coref=_contains(pl.col("lower"), coref),
            third=_contains(pl.col("lower"), third),
            report_denied=_contains(pl.col("lower"), _any_of(denial) if denial else None),
            trig_wide=pl.any_horizontal(
                pl.lit(False), *(pl.col("lower").str.contains(t) for t in wide)
            ),
            trig=pl.any_horizontal(
                pl.lit(False), *(pl.col("lower").str.contains(t) for t in narrow)
            ),
            year=pl.col("lower")
            .str.extract_all(_ANY_YEAR)
            .list.eval(pl.element().cast(pl.Int32))
            .list.max(),
        )
        .with_columns(trig=pl.col("trig") | pl.col("trig_wide"))
        .sort("article_id", "sentence_index")
        # A running number per article: shifts compare it much faster than the id strings.
        .with_columns(
            article=pl.col("article_id").ne_missing(pl.col("article_id").shift()).cum_sum()
        )
        .collect()
    )


def _context_flags() -> list[pl.Expr]:
    """Whether both sides are named in the sentence, or recoverable from just before it."""

    # Rows are sorted by article: a plain shift masked at article edges is much cheaper than
    # a shift over a window partition.
    def prev(name: str, n: int) -> pl.Expr:
        same = pl.col("article").shift(n) == pl.col("article")
        return (pl.col(name).shift(n) & same).fill_null(False)

    def window(name: str, sentences: int) -> pl.Expr:
        return pl.any_horizontal(pl.col(name), *(prev(name, n) for n in range(1, sentences + 1)))

    in_sentence = pl.col("us") & pl.col("ru")

    # Borrowing from context is barred when a third party is named here or just before:
    # "Putin met Xi. The two leaders agreed ..." is not about the United States. A sentence
    # just before that names neither side does not bar a sentence that names a side itself
    # ("EU countries expelled diplomats too. Moscow denies ..."): it is an aside, not the
    # third party's contact with one side. A third party named as often as the less-named side
    # runs the story ("Putin and Erdogan ... our bilateral relations"); named less often, it is
    # a topic of a US–Russia story ("Trump said any deal must include China. The two leaders
    # sat down ..."). `us_n`, `ru_n`, `third_n`: sentences of the article naming each.
    third_leads = (pl.col("third_n") >= 2) & (
        pl.col("third_n") >= pl.min_horizontal("us_n", "ru_n")
    )
    prev_none = ~(prev("us", 1) | prev("ru", 1))
    # The sentence just before bars borrowing when it reports a contact with the third party
    # ("Petrov met Chinese officials. The two leaders agreed ..."), or when the third party runs
    # the story; a third party only mentioned as a topic there does not.
    prev_bars = (
        prev("third", 1)
        & (prev("trig", 1) | third_leads)
        & ~(prev_none & (pl.col("us") | pl.col("ru")))
    )
    open_to_context = ~(pl.col("third") | prev_bars)
    refers = pl.col("us") | pl.col("ru") | pl.col("coref") | pl.col("dyad")
    article_pair = (pl.col("us_n") > 0) & (pl.col("ru_n") > 0)

    # In a story a third party runs, "the two leaders" and "the talks" are its own: only a
    # sentence naming both sides is about the pair.
    def borrowed(sentences: int) -> pl.Expr:
        sides = refers & window("us", sentences) & window("ru", sentences)
        dyad = window("dyad", sentences) & article_pair
        return open_to_context & ~third_leads & (sides | dyad)

    return [
        (in_sentence | borrowed(_PAIR_SENTENCES)).alias("pair_context"),
        (in_sentence | borrowed(_WIDE_PAIR_SENTENCES)).alias("pair_wide"),
        in_sentence.alias("pair_sentence"),
    ]


def _neighbour_rows(offsets: Iterable[int]) -> pl.Expr:
    """Rows of the body sentences of the same article `offsets` before (negative: after)."""
    return pl.concat_list(
        pl.when(pl.col("article").shift(n) == pl.col("article")).then(pl.col("row").shift(n))
        for n in offsets
    )


def _contains(column: pl.Expr, pattern: str | None) -> pl.Expr:
    return pl.lit(False) if pattern is None else column.str.contains(pattern)


def _side(patterns: tuple[str | None, str | None]) -> pl.Expr:
    """Whether a sentence names a side: lower-case terms on `lower`, all-caps ones on `text`."""
    lower, caps = patterns
    return _contains(pl.col("lower"), lower) | _contains(pl.col("text"), caps)


def _surnames(knowledge: Knowledge, side: str) -> list[str]:
    """Upper-case surnames of a side's people, as transcripts label speakers ("MR PRICE:")."""
    people = knowledge.people.filter(pl.col("side") == side)["name"]
    return sorted({name.split()[-1].upper() for name in people.to_list()})


def _side_pattern(knowledge: Knowledge, side: str) -> tuple[str | None, str | None]:
    """Regexes for a side's words and people: (lower-cased terms, case-sensitive all-caps terms).

    All-caps terms keep their case so that "US" does not match the pronoun "us".
    """
    terms = list(knowledge.side_terms.get(side, ()))
    people = knowledge.people.filter(pl.col("side") == side)
    terms += people["name"].to_list() + [a for al in people["aliases"].to_list() for a in al]
    caps = {t for t in terms if t.isupper()}
    rest = {t.lower() for t in terms if not t.isupper()}
    caps_pattern = "|".join(_bounded(t) for t in sorted(caps, key=len, reverse=True))
    return _phrase_pattern(rest), caps_pattern or None


def _dyad_phrases(terms: Iterable[str]) -> list[str]:
    """Dyad phrases without a leading article, so "our two countries" matches "the two ..."."""
    return [re.sub(r"^(?:the|our|their|these)\s+", "", t.lower()) for t in terms]


def _phrase_pattern(phrases: Iterable[str]) -> str | None:
    unique = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return _any_of(_bounded(p) for p in unique) if unique else None


def _any_of(patterns: Iterable[str]) -> str:
    """One alternation of `patterns`, in order, with runs of a leading `\\b` factored out.

    Python's `re` tries every alternative at every position; `\\b(?:a|b)` rejects the
    positions inside words once instead of once per alternative (a long cue list searched
    ~15x faster). The order of the alternatives, and so the match, is unchanged.
    """
    parts: list[str] = []
    run: list[str] = []
    for pattern in patterns:
        if pattern.startswith(r"\b") and not _top_level_bar(pattern):
            run.append(f"(?:{pattern[2:]})")
            continue
        if run:
            parts.append(r"\b(?:" + "|".join(run) + ")")
            run = []
        parts.append(f"(?:{pattern})")
    if run:
        parts.append(r"\b(?:" + "|".join(run) + ")")
    return "|".join(parts)


def _top_level_bar(pattern: str) -> bool:
    """Whether `pattern` is itself an alternation (a `|` outside groups and classes)."""
    depth, escaped = 0, False
    class_at: int | None = None  # where the open character class's items start
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif class_at is not None:
            if char == "^" and i == class_at:
                class_at += 1
            elif char == "]" and i > class_at:  # a "]" first in a class is a literal
                class_at = None
        elif char == "[":
            class_at = i + 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


def _bounded(term: str) -> str:
    """Escape a literal and anchor it on word edges where it starts/ends with a word char."""
    left = r"\b" if re.match(r"\w", term) else ""
    right = r"\b" if re.search(r"\w$", term) else ""
    return f"{left}{re.escape(term)}{right}"


def _compile(codebook: Codebook, knowledge: Knowledge) -> _Compiled:
    rules = tuple(
        (
            s,
            r,
            re.compile(r.pattern),
            re.compile(r.unless) if r.unless else None,
            re.compile(r.unless_before) if r.unless_before else None,
        )
        for s in codebook.signals
        for r in s.rules
    )
    cues = {
        kind: re.compile(_any_of(patterns)) if patterns else None
        for kind, patterns in codebook.mode_cues.items()
    }
    topic_of = {alias: topic for topic, aliases in codebook.topics.items() for alias in aliases}
    topics = _phrase_pattern(topic_of)
    event_year = {
        alias.lower(): day.year
        for name, aliases, day in knowledge.events.select("name", "aliases", "date").iter_rows()
        if day is not None
        for alias in [name, *aliases]
    }
    events = _phrase_pattern(event_year)
    third = _phrase_pattern((*codebook.third_parties, *codebook.participants))
    outsiders = _phrase_pattern(codebook.third_parties)
    anaphors = "|".join(f"(?:{a})" for a in codebook.topic_anaphors)
    return _Compiled(
        rules,
        cues,
        re.compile(topics) if topics else None,
        topic_of,
        re.compile(events) if events else None,
        event_year,
        (_side_regexes(knowledge, "US"), _side_regexes(knowledge, "RU")),
        re.compile(third) if third else None,
        re.compile(outsiders) if outsiders else None,
        re.compile(anaphors) if anaphors else None,
    )


def _side_regexes(
    knowledge: Knowledge, side: str
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    lower, caps = _side_pattern(knowledge, side)
    return (re.compile(lower) if lower else None, re.compile(caps) if caps else None)


@dataclass
class _Discourse:
    """What the candidate sentences read so far say about the current article's contacts."""

    article_id: str | None = None
    contact_mode: str | None = None  # mode of the latest contact mention
    contact_planned: bool = False  # some contact was offered or planned so far
    contact_held: bool = False  # some contact was reported held so far


def _sentence_rows(
    record: dict[str, Any], codebook: Codebook, compiled: _Compiled, discourse: _Discourse
) -> Iterator[tuple[Any, ...]]:
    """One EVIDENCE row per (signal[, topic]) for one candidate sentence.

    Sentences must come in text order within an article: a definite mention of a contact ("the
    talks") takes its mode from the article's previous contact mention, and a turned-down offer
    ("declined the offer") counts only after a contact was offered (`discourse`).
    """
    if discourse.article_id != record["article_id"]:
        discourse.article_id, discourse.contact_mode = record["article_id"], None
        discourse.contact_planned = False
        discourse.contact_held = False
    lower: str = record["lower"]
    if len(lower) != len(record["text"]):  # rare Unicode case changes must not shift offsets
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in record["text"])
    headline = _is_headline(record["text"])
    # Same length as `lower`, so offsets hold; scare quotes no longer cut a clause.
    lower = _SCARE_QUOTE.sub(lambda m: " " + m.group(1) + " ", lower)
    best: dict[tuple[str, str | None], tuple[tuple[int, int], tuple[Any, ...]]] = {}
    for signal, matches in _matches(lower, record, compiled):
        previous: tuple[int, str] | None = None  # end and mode of the previous trigger
        contact = signal.planned_as is not None
        for rule, match in matches:
            if rule.after_contact_plan and not discourse.contact_planned:
                continue
            mode, cued = _mode(
                lower,
                match.start(),
                match.end(),
                rule,
                record["ref_year"],
                headline,
                compiled,
                contact=contact,
                conflict=signal.group == "conflict",
                cooperation=signal.group == "cooperation",
            )
            # A trigger without cues of its own shares the mode of the trigger just before it
            # in the same clause ("no plans for X and Y to meet at the APEC summit"); a negation
            # reaches further ("cancelled his planned meeting with X at the G20 summit").
            if previous is not None and (
                (not cued and _same_clause(lower, previous[0], match, _INHERIT_WORDS))
                or (
                    previous[1] == "negated"
                    and _same_clause(lower, previous[0], match, _NEGATION_WORDS)
                )
                # A contact planned earlier in the sentence is still planned in the same sentence
                # ("the talks would begin with X, followed by an expanded meeting").
                or (contact and not cued and previous[1] == "planned")
            ):
                mode = previous[1]
            elif (
                contact
                and not cued
                and discourse.contact_mode is not None
                and _cue(
                    compiled,
                    "anaphoric_contact",
                    f"{_last_words(lower[: match.start()], 6)} {match.group(0)}",
                )
            ):
                mode = discourse.contact_mode
            # A contact the article already reported held, named again, is that contact even
            # when the sentence looks ahead: "ahead of the summit" right after the summit was
            # reported held, "hoped the meeting would yield results" after any contact was
            # ("the next meeting" is another one).
            if contact and mode == "planned":
                named = f"{_last_words(lower[: match.start()], 8)} {match.group(0)}"
                if (
                    discourse.contact_mode == "actual" and _cue(compiled, "anchor_contact", named)
                ) or (discourse.contact_held and _cue(compiled, "held_contact", named)):
                    mode = "actual"
            # A contact known only from a news report that the article says was denied.
            if (
                signal.group == "contact"
                and mode == "actual"
                and record["report_denied"]
                and (
                    _cue(compiled, "reported", lower[: match.start()])
                    or _cue(compiled, "report_denied", lower)
                )
            ):
                mode = "negated"
            # ("dialogue", hypothetical for want of a cue, says nothing of the next mention.)
            if contact and (cued or mode != "hypothetical"):
                discourse.contact_mode = mode
            target = signal
            if mode == "planned" and signal.planned_as is not None:
                target = codebook.signal(signal.planned_as)
            if target.group == "contact" and target.planned_as is None:
                discourse.contact_planned |= mode in target.counted_modes
            discourse.contact_held |= contact and target is signal and mode == "actual"
            previous = (match.end(), mode)
            # A rule moved to another signal (planned meeting) takes that signal's CAMEO code.
            cameo = rule.cameo if target is signal else target.cameo
            context = (record["before"], record["after"])
            for topic in _topics(lower, match, target, compiled, context, rule):
                counted = mode in target.counted_modes
                rank = (0 if counted else 1, _MODE_RANK[mode])
                key = (target.id, topic)
                if key in best and best[key][0] <= rank:
                    continue
                row = _row(record, target, rule, cameo, topic, mode, counted, match)
                best[key] = (rank, row)
    for _, row in best.values():
        yield row


def _matches(
    lower: str, record: dict[str, Any], compiled: _Compiled
) -> Iterator[tuple[Signal, list[tuple[Rule, re.Match[str]]]]]:
    """Per signal whose pair condition holds: its rules' matches in text order.

    A conflict trigger in a story about a denied news report must name both sides and not the
    report (see codebook `report_denied`)."""
    by_signal: dict[str, tuple[Signal, list[tuple[Rule, re.Match[str]]]]] = {}
    hit = set(record["rules_hit"])
    # In a story about a news report that one side denies, a denial that does not name both
    # sides, or that names the report, answers the newspaper, not the other side.
    about_report = record["report_denied"] and (
        not record["pair_sentence"]
        or _cue(compiled, "reported", lower)
        or _cue(compiled, "report_denied", lower)
    )
    for signal, rule, regex, unless, unless_before in compiled.rules:
        if rule.id not in hit or (about_report and signal.group == "conflict"):
            continue
        if record[f"pair_{signal.pair}"]:
            found = by_signal.setdefault(signal.id, (signal, []))[1]
            found.extend(
                (rule, m)
                for m in regex.finditer(lower)
                if (unless is None or not unless.match(lower, m.start()))
                and (unless_before is None or not _before_hits(lower, m.start(), unless_before))
                and not (rule.check_participants and _third_party(record, lower, m, compiled))
                and not (rule.check_subject and _third_party_subject(record, lower, m, compiled))
            )
    for signal, found in by_signal.values():
        yield signal, sorted(found, key=lambda rm: (rm[1].start(), -rm[1].end()))


def _before_hits(lower: str, start: int, pattern: re.Pattern[str]) -> bool:
    # An acronym in brackets is part of the name ("the Asia-Pacific Economic Cooperation (APEC)
    # summit"), not a clause edge.
    window = lower[max(0, start - _LEFT_CHARS) : start]
    if "(" in window:
        window = _ACRONYM.sub(r" \1 ", window)
    return pattern.search(_clip_left(window)) is not None


def _third_party(
    record: dict[str, Any], lower: str, match: re.Match[str], compiled: _Compiled
) -> bool:
    """A third party is the trigger's subject or object, and not both sides are named with it;
    or subject and object name the same single side.

    "Putin and Xi held talks", "Beijing refused to join the talks", "after meeting Ukraine's
    foreign minister", "meetings planned with the leaders of India": somebody else's contact.
    """
    if compiled.third is None:
        return False
    text: str = record["text"]

    def sides(start: int, end: int, places: bool = True) -> list[bool]:
        low, raw = lower[start:end], text[start:end]
        if not places:  # "X is due in Washington for talks": a destination is no party
            low, raw = _PLACE.sub(_blank, low), _PLACE.sub(_blank, raw)
        return [_names_side(low, raw, side) for side in compiled.sides]

    start = _phrase_start(lower, match.start())
    # A third party inside a long trigger counts too ("snubbed Zelensky's challenge to meet").
    if compiled.third.search(lower, start, match.end()) and not all(sides(start, match.end())):
        return True
    # A pair compound right before the trigger names its parties ("Russia-Ukraine talks").
    if any(
        m.end() == match.start() - 1 and re.search(r"[-–]", m.group(0))
        for m in compiled.third.finditer(lower, start, match.start())
    ):
        return True
    # A purpose names the contact it is for: "scheduled to meet Chinese President Xi on Saturday
    # to discuss ...", "is due to host Trump at the White House for a meeting".
    clause = match.start() - len(
        _clip_left(lower[max(0, match.start() - _LEFT_CHARS) : match.start()])
    )
    purpose = _PURPOSE.search(lower, clause, match.start())
    if purpose is not None:
        on_object = sides(*purpose.span("object"))
        if compiled.third.search(lower, *purpose.span("object")) and not all(on_object):
            return True
        if (
            sum(on_object) == 1
            and sides(_phrase_start(lower, purpose.start()), purpose.start()) == on_object
        ):
            return True
    obj = _OBJECT.match(lower, match.end())
    if obj is None:
        return False
    # "between X and Y" names two parties, each perhaps with a long title ("between U.S.
    # President Donald Trump and North Korean leader Kim Jong Un"): read further.
    between = "between" in lower[obj.start() : obj.end()]
    end = _phrase_end(
        lower, obj.end(), _PARTICIPANT_WORDS + 4 if between else _PARTICIPANT_WORDS - 2
    )
    named = sides(obj.end(), end)
    # One side meeting itself: "Putin said at a meeting with Foreign Minister Lavrov".
    # ("between X and Y" may name its second side beyond the words read here.)
    # (The trigger's own words may name the other side: "rebuffed Putin's offer of talks with
    # Biden".)
    if sum(named) == 1 and not between and sides(start, match.end(), places=False) == named:
        return True
    # Both sides as the object, neither as the subject: a go-between's contact ("Beijing can
    # talk to both Moscow and Washington", "Macron spoke with Trump and Putin").
    if all(named) and not between and not any(sides(start, match.start(), places=False)):
        return True
    others = [compiled.third] if not between else [compiled.third, compiled.topics]
    # "talks between Russia and Ukraine": between one side and a country usually named as a
    # topic, the contact is that country's.
    other = any(p is not None and p.search(lower, obj.end(), end) for p in others)
    return other and (not any(named) or (between and sum(named) == 1))


def _third_party_subject(
    record: dict[str, Any], lower: str, match: re.Match[str], compiled: _Compiled
) -> bool:
    """The words before the trigger name a third party or a group of countries, and not both
    sides: "EU leaders agreed", "Russia and Ukraine agreed", "nearly 200 countries agreed"."""
    # Commas do not cut here ("The United States, Russia and Jordan agreed" names both sides);
    # a subordinate clause does ("Smith called Petrov after EU leaders agreed ...").
    clause = _clip_left(lower[max(0, match.start() - _LEFT_CHARS) : match.start()])
    clause = _SUBORDINATE.split(clause)[-1]
    words = list(re.finditer(r"\S+", clause))[-_PARTICIPANT_WORDS:]
    start = match.start() - len(clause) + (words[0].start() if words else len(clause))
    subject, raw = lower[start : match.start()], record["text"][start : match.start()]
    if not (
        (compiled.outsiders is not None and compiled.outsiders.search(subject))
        or _GROUP_SUBJECT.search(subject)
    ):
        return False
    return not all(_names_side(subject, raw, side) for side in compiled.sides)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _phrase_start(lower: str, start: int) -> int:
    """Start of the last few words before `start` in the same clause (commas cut too)."""
    window = lower[max(0, start - _LEFT_CHARS) : start]
    # A relative clause between subject and verb is not the subject ("Xi, who held talks with
    # Petrov this week, will meet Smith": Xi meets Smith), so it is blanked out.
    if "," in window:
        window = _RELATIVE.sub(_blank, window)
    # A reported clause starts after "that": in "X told journalists that the exchange was the
    # result of negotiations between A and B", the journalists are no party to them.
    edges = [0, *(m.end() for m in re.finditer(r",|\bthat\b|" + _CLAUSE.pattern, window))]
    cut = edges[-1]
    # A second verb of the subject ("Smith had no plans to call Petrov and again ruled out ..."):
    # the words before "and" are the first verb's, not this one's subject.
    coordinated = _COORDINATED.search(window)
    if coordinated and re.match(r"\w+ed\b", lower[start:]):
        cut = max(cut, coordinated.start())
    # A relative clause's subject is the noun before it: "Kuleba, who met Blinken, ...".
    if len(edges) > 1 and re.match(r"\s*(?:who|whom|whose|which)\b", window[cut:]):
        cut = edges[-2]
    # Headlinese joins names with a comma at the line's start ("Kim, Putin hold summit").
    if start <= _LEFT_CHARS and _HEADLINE_NAMES.match(window):
        cut = 0
    # A subject set off by an apposition ("European leaders, including X and Y, spoke with"):
    # the whole clause before the trigger is its subject. (A participle after a comma, "...,
    # accusing Moscow", has the main clause's subject, further back.)
    if len(edges) > 1 and not window[cut:].strip() and not re.match(r"\w+ing\b", lower[start:]):
        clause = [0, *(m.end() for m in _CLAUSE.finditer(window))][-1]
        return start - len(window) + clause
    words = list(re.finditer(r"\S+", window[cut:]))[-_PARTICIPANT_WORDS:]
    return start - len(window) + cut + (words[0].start() if words else len(window) - cut)


def _phrase_end(lower: str, end: int, words_read: int) -> int:
    """End of the first `words_read` words after `end` in the same clause (commas and relative
    pronouns cut too: "talks between the two agencies that continued despite ...")."""
    window = lower[end : end + _LEFT_CHARS]
    edge = re.search(r",|\b(?:that|which|who|whose)\b|" + _CLAUSE.pattern, window)
    window = window[: edge.start()] if edge else window
    words = list(re.finditer(r"\S+", window))[:words_read]
    return end + (words[-1].end() if words else 0)


def _names_side(
    lower: str, text: str, side: tuple[re.Pattern[str] | None, re.Pattern[str] | None]
) -> bool:
    terms, caps = side
    return bool((terms and terms.search(lower)) or (caps and caps.search(text)))


def _same_clause(lower: str, previous_end: int, match: re.Match[str], words: int) -> bool:
    gap = lower[previous_end : match.start()]
    return len(gap.split()) <= words and _CLAUSE.search(gap) is None


def _row(
    record: dict[str, Any],
    signal: Signal,
    rule: Rule,
    cameo: str,
    topic: str | None,
    mode: str,
    counted: bool,
    match: re.Match[str],
) -> tuple[Any, ...]:
    start: int = record["start"]
    return (
        record["article_id"],
        record["sentence_index"],
        signal.id,
        topic,
        rule.id,
        mode,
        cameo,
        signal.weight,
        counted,
        start + match.start(),
        start + match.end(),
        record["text"][match.start() : match.end()],
        start,
        record["end"],
        record["text"],
    )


def _topics(
    lower: str,
    match: re.Match[str],
    signal: Signal,
    compiled: _Compiled,
    context: tuple[str, str] = ("", ""),
    rule: Rule | None = None,
) -> list[str | None]:
    """Topic ids named in the trigger's clause; [None] when the signal takes no topic.

    An agreement on an anaphoric object ("agreed on the extension", "the swap had been
    agreed") with no topic in its clause takes the topic of the nearest of the sentence's
    start and the sentences just before it (`context[0]`, nearest first) that names one (none
    when that one names several: the anaphor is ambiguous); one
    that announces a list ("the two sides agreed to:", "agreed on four things") takes the topics
    of the list items after it (`context[1]`, in order). A rule's own topic (`rule.topic`)
    replaces the topics named around it; a rule whose `topic_scope` is "sentence" reads the
    whole sentence instead of the trigger's clause.
    """
    if signal.topics == "none" or compiled.topics is None:
        return [None]
    implied = [rule.topic] if rule is not None and rule.topic is not None else []
    whole = rule is not None and rule.topic_scope == "sentence"
    left = lower[: match.start()]
    cut = (
        0
        if whole
        else max((m.end() for m in re.finditer(r",|" + _CLAUSE.pattern, left)), default=0)
    )
    right = lower[match.start() :]
    stop = (
        None
        if whole
        else next(
            (m.start() for m in _TOPIC_EDGE.finditer(right, match.end() - match.start())), None
        )
    )
    scope = left[cut:] + right[:stop]
    # An agreement's topic is its object: when the words from the trigger on name one, a topic
    # before it in the clause belongs to another verb ("discuss X and agree on Y").
    found = _topic_ids(right[:stop], compiled) if signal.topics == "each" else []
    found = found or _topic_ids(scope, compiled)
    anaphors = compiled.anaphors
    if not found and signal.topics == "each" and anaphors is not None and anaphors.search(scope):
        texts = (left[:cut], *context[0].split("\n"))
        # A sentence reporting a completed swap names what "the exchange" was about, whatever
        # crimes its freed prisoners were convicted of, and wins over a nearer passing mention.
        own = (topics for topics in (_implied_topics(t, compiled) for t in texts) if topics)
        found = next(own, [])
        for text in () if found else texts:
            found = _topic_ids(text, compiled)
            if len(found) > 1:  # several deals or agenda items: the anaphor is ambiguous
                found = []
                break
            if found:
                break
    if not found and signal.topics == "each" and _LIST_INTRO.search(right):
        items = takewhile(_LIST_ITEM.match, context[1].split("\n"))
        found = _topic_ids(" ".join(items), compiled)
    fronted = _FRONTED_TOPIC.match(lower)
    if not found and signal.topics == "each" and fronted and fronted.end() <= match.start():
        found = _topic_ids(fronted.group(1), compiled)
    if implied:  # what was exchanged is the topic, not the crimes the freed were held for
        return list(implied)
    if found:
        return list(found)
    return [None] if signal.topics == "each" else []


def _implied_topics(text: str, compiled: _Compiled) -> list[str]:
    """Topics of the rules with a topic of their own (`rule.topic`) that match `text`."""
    return sorted(
        {rule.topic for _, rule, regex, _, _ in compiled.rules if rule.topic and regex.search(text)}
    )


def _topic_ids(text: str, compiled: _Compiled) -> list[str]:
    assert compiled.topics is not None
    return sorted({compiled.topic_of[m.group(0)] for m in compiled.topics.finditer(text)})


def _mode(
    lower: str,
    start: int,
    end: int,
    rule: Rule,
    ref_year: int | None,
    headline: bool,
    compiled: _Compiled,
    contact: bool = False,
    conflict: bool = False,
    cooperation: bool = False,
) -> tuple[str, bool]:
    """PLOVER mode of one trigger from cue words in its clause (see codebook [modes]).

    Also says whether a cue decided it (False: the rule's default mode). `contact`: the trigger
    names a contact that may still be planned (its signal has `planned_as`); `conflict`: a
    refusal verb before the trigger does not negate it (it is the same hostile act);
    `cooperation`: a deal "in principle" anywhere in the sentence is not made yet.
    """
    left = _clip_left(lower[max(0, start - _LEFT_CHARS) : start])
    # A relative clause between subject and verb has cues of its own ("Biden, who has made a
    # point of not rushing to call Putin, spoke to him by phone").
    left = _RELATIVE.sub(" ", left)
    # A condition scopes over both verbs it joins ("Imagine that they sat down and simply
    # agreed"); a negation or a plan of the first verb does not.
    condition = left
    if _APPOSITIVE.search(left) and not _FRONTED.match(left):
        left = condition = ""
    elif _COORDINATED.search(left) and re.match(r"\w+ed\b", lower[start:end]):
        left = ""
    # Without right cues, words after the trigger describe its object, not the trigger.
    right = _right_of(lower, end) if rule.right_cues else ""

    def cue(kind: str, text: str) -> bool:
        return _cue(compiled, kind, text)

    # A negation does not reach across ", and" ("must never be fought, and agree to launch").
    negatable = re.split(r",\s+(?:and|or)\s+", left)[-1]
    # ... nor does "no" past the one word it ends with a comma ("no hostility, agreement on a
    # dialogue").
    if "no " in negatable:
        negatable = _CLOSED_NO.sub(_blank, negatable)
    if (
        cue("negated", _last_words(negatable, _NEGATION_WORDS))
        or (not conflict and cue("negated_by_refusal", _last_words(negatable, _NEGATION_WORDS)))
        or cue("negated_clause", left)
        # (Not a refusal's: "saw no basis for dialogue and would not take part" refuses twice.)
        or (not conflict and cue("negated_after", right))
        # A cancellation may come after a long subject ("A meeting of the commission that had
        # been scheduled in Cairo in late November was postponed"): read on when the clause
        # runs past the usual window.
        or (
            not conflict
            and len(right) >= _RIGHT_CHARS
            and cue("negated_after", _right_of(lower, end, _LEFT_CHARS))
        )
    ):
        return "negated", True
    if cue("reported_past_sentence", lower):  # "FLASHBACK: ...", "On this day in ..."
        return "reported_past", True
    if _is_question(lower):  # "Will you be meeting the President today?" asks, not reports
        return "hypothetical", True
    if cooperation and cue("unsettled", lower):
        return "hypothetical", True
    # "We would disagree with that": a stance stated politely, now.
    if conflict and cue("stance", _last_words(left, 4)):
        return "actual", True
    means_phrase = lower[start:end].endswith("ing") and cue("nonfinite_before", left.rstrip())
    if cue("conditional", condition) or (
        means_phrase and cue("hypothetical", lower[end : end + _RIGHT_CHARS])
    ):
        return "hypothetical", True
    if (
        contact
        and (cue("wish", _last_words(left, _PLANNED_WORDS)) or cue("vague_after", lower[end:]))
        and not cue("planned_after", right or _right_of(lower, end))
    ):
        return "hypothetical", True
    # "Last year's planned meeting was cancelled": a refusal is as old as the contact it names.
    if conflict and cue("reported_past", f"{_last_words(left, _PAST_WORDS)} {lower[start:end]}"):
        return "reported_past", True
    if contact and cue("actual_after", right):
        return "actual", True
    if (
        cue("planned", _last_words(left, _PLANNED_WORDS))
        or (cue("planned_after", right) and not cue("length_after", right))
        or (contact and cue("planned_contact_after", right))
        or (contact and cue("future_clause", f"{_last_words(left, 8)} {lower[start:end]}"))
    ):
        return "planned", True
    if cue("planned_weak", _last_words(left, _PLANNED_WORDS)):
        return ("planned" if not contact or cue("concrete", lower) else "hypothetical"), True
    if cue("hypothetical", _last_words(left, _HYPOTHETICAL_WORDS)) or cue(
        "hypothetical_after", right
    ):
        return "hypothetical", True
    # Any such contact, as the subject of a modal: "A summit, especially in Washington, would
    # signal that ...", "A summit at which the subject never comes up would be read as ...".
    if _GENERIC_SUBJECT.match(left) and _MODAL.search(_clip_right(lower[end : end + _LEFT_CHARS])):
        return "hypothetical", True
    if rule.default_mode == "planned" and cue("habitual", left):
        return "hypothetical", True
    after = right if rule.right_cues else _right_of(lower, end)
    # A time adverbial opening the clause scopes over it ("Five years ago this week the two
    # leaders sat down in Finland").
    trigger = lower[start:end]
    near = f"{_last_words(left, _PAST_WORDS)} {trigger} {_first_words(after, _PAST_WORDS_AFTER)}"
    opening = _clip_left(lower[:start])
    if (
        cue("reported_past", near)
        or cue("reported_past_opening", opening)
        or _earlier(left, trigger, after, ref_year, compiled)
    ):
        return "reported_past", True
    # Headlines report past events in the present tense ("Lavrov and Tillerson meet in Manila"),
    # and future ones with "to" ("Trump to meet Putin in Osaka").
    # A rule whose trigger alone is no event ("dialogue") stays so in a headline.
    if headline and rule.default_mode != "hypothetical" and not re.search(r"\bto\s*$", left):
        return "actual", False
    return rule.default_mode, False


def _cue(compiled: _Compiled, kind: str, text: str) -> bool:
    pattern = compiled.cues.get(kind)
    return pattern is not None and pattern.search(text) is not None


def _is_headline(text: str) -> bool:
    """A line of short parts without closing punctuation: a title, cross-head or list of key
    events, written in headlinese.

    A closing quotation mark alone does not close it ('X, Y meet as ties hit "low point"').
    """
    parts = _HEADLINE_PARTS.split(text)
    return max(len(part.split()) for part in parts) <= _HEADLINE_WORDS and not re.search(
        r"(?:[.!?:;][\"”’)]*|\))\s*$", text
    )


def _is_question(lower: str) -> bool:
    """A sentence that ends with a question mark (closing quotes allowed)."""
    return re.search(r"\?[\"”’)]*\s*$", lower) is not None


def _earlier(
    left: str, trigger: str, after: str, ref_year: int | None, compiled: _Compiled
) -> bool:
    """A year or a dated event (knowledge file) before the latest year the article mentions.

    `left`/`after`: the trigger's clause before and after it; a year right before the trigger
    modifies it ("a January 2017 meeting").
    """
    if ref_year is None:
        return False
    text = left + " " + after
    named = f"{left}{trigger} {after}"  # an event may be named by the trigger ("Helsinki summit")
    years = [int(m.group(1)) for m in _TIME_YEAR.finditer(text)]
    years += [int(m.group(1)) for m in _YEAR_MODIFIER.finditer(left)]
    if compiled.events is not None:
        years += [compiled.event_year[m.group(0)] for m in compiled.events.finditer(named)]
    return any(year < ref_year for year in years)


def _right_of(lower: str, end: int, chars: int = _RIGHT_CHARS) -> str:
    """The trigger's clause after it, read past a participant phrase ("a meeting between
    President X and President Y is scheduled for ...": the cue follows the names) and a
    relative clause."""
    participants = _PARTICIPANTS_AFTER.match(lower, end, end + _LEFT_CHARS)
    start = participants.end() if participants else end
    # A quote opening right after the names is the verb phrase's ("a summit between X and Y "is
    # certainly not in the plans"").
    opening = re.match(r"\s*[\"“]", lower[start : start + 3])
    start += opening.end() if opening else 0
    # A relative clause or a participle phrase on the trigger does not use up the window
    # ("Meetings of the commission, which were to take place in Cairo, were called off").
    stop = start + chars
    relative = _INSERTED.search(lower, start, stop + _LEFT_CHARS)
    if relative is not None and relative.start() < stop:
        stop = max(stop, relative.end() + _AFTER_RELATIVE_CHARS)
    return _clip_right(lower[start:stop])


def _clip_left(text: str) -> str:
    edges = list(_CLAUSE.finditer(text))
    # The quotation the trigger stands in belongs to the verb before it ("he looked forward to
    # "a meaningful summit"): an opening quote is no edge.
    if edges and _opens_quote(text, edges[-1]):
        edges.pop()
    return text[edges[-1].end() :] if edges else text


def _opens_quote(text: str, edge: re.Match[str]) -> bool:
    """Whether a clause edge is an opening quotation mark (an odd straight quote, or “)."""
    quote = edge.group(0)
    if quote == "“":
        return True
    return quote == '"' and text.count('"', 0, edge.end()) % 2 == 1


def _clip_right(text: str) -> str:
    edge = _CLAUSE.search(text)
    return text[: edge.start()] if edge else text


def _last_words(text: str, n: int) -> str:
    return " ".join(text.split()[-n:])


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])
