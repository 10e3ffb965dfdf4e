"""Event-year inference: which year are an article's events from?

Page dates are unreliable (scrapers print the day of the scrape, syndication re-dates copies),
so the year is read from the text itself. Every clue in a body sentence becomes a *profile*: a
score in [0, 1] for each candidate year, times a weight for how telling the clue is. Clues are
summed, so several broad clues intersect ("Secretary of State Rex Tillerson" and "Ambassador Jon
Huntsman" together mean late 2017 or early 2018) and no single clue decides alone; the best year
wins and its posterior share is the confidence. Every clue used is returned with its span, so a
reader can check the answer against the text.

Clue kinds (`year_evidence.kind`):
- `dateline`, `full_date`: a date with a year ("MOSCOW, Oct 12, 2017", "on 15 August 2025").
- `weekday_date`: a month-day next to a weekday ("Monday, February 19"), or a wire dateline
  without a year plus the weekday the story names: only years where that day fits.
- `explicit_year`, `since_year`, `background_year`, `future_year`: a bare year, weighed by its
  context ("in 2019" vs "since 2014" vs "the 2016 election" vs "will ... in 2020").
- `officeholder`: a name with its title, scored by the share of each year the person held that
  office; `former_officeholder`/`then_officeholder` give lower bounds; `officeholder_name`,
  `surname` and `administration` are the same without a title (weaker).
- `event`, `since_event`, `planned_event`: a dated milestone from the knowledge file.
- `relative_event`: a relative expression tied to a dated anchor in the sentence ("the Helsinki
  summit last year" → 2019; "two years after the invasion" → 2024).
- `relative_page`: "this week", "yesterday"... with no anchor: they say the page date is the
  report date. `page_date`: the page date itself, a weak vote and an upper bound.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from metrics.knowledge import Knowledge
from metrics.schema import DATES

YEAR_LO = 1990
TODAY = date.today()
YEAR_HI = TODAY.year
YEARS = np.arange(YEAR_LO, YEAR_HI + 1)
"""Candidate event years: no article reports events from the future. Open-ended terms ("still
in office") run to today, so the current, unfinished year weighs a little less."""

WEEKDAY_YEAR_LO = 2000
"""A weekday-date only fits years from here on (older fits are noise for news text)."""

HEADER_SENTENCES = 8
"""The page date is looked for in this many first sentences of an article."""

BETA = 1.5
"""Sharpness of the posterior over candidate years (confidence = posterior of the best)."""

# Clue weights: how much a clue moves the answer. Tuned on tests/devset/dates.jsonl.
W_DATELINE = 3.0
W_FULL_DATE = 1.5
W_WEEKDAY_ADJACENT = 1.5
W_WEEKDAY_DATELINE = 1.2
W_WEEKDAY_DATELINE_FAR = 0.6
DATELINE_NEAR, DATELINE_REACH = 600, 1500
"""A wire dateline's weekday: the first one the story names (not in a future clause) within
DATELINE_REACH characters; past DATELINE_NEAR it may be another day, so it weighs less."""
DAY_AFTER = 0.5
"""Score of the years where the dateline day is the day after the weekday the story names."""
W_ELECTION_DATE = 1.0
W_FIRST_MEETING = 0.5
W_MONTH_YEAR = 1.2
W_YEAR_IN = 1.0
W_YEAR_BARE = 0.7
W_YEAR_SINCE = 0.6
W_YEAR_BACKGROUND = 0.5
W_YEAR_FUTURE = 0.8
W_OFFICEHOLDER = 1.0
W_FORMER = 0.5
W_THEN = 0.3
W_FULL_NAME = 0.4
W_SURNAME = 0.2
W_ADMINISTRATION = 0.5
W_EVENT = 1.2
W_SINCE_EVENT = 1.0
W_PLANNED_EVENT = 1.0
W_RELATIVE_EVENT = 1.5
W_RELATIVE_PAGE = 0.25
W_PAGE_DATE = 0.6
REPEAT_BOOST, REPEAT_CAP = 0.15, 1.5
"""A clue repeated n times weighs (1 + 0.15 (n-1)) times its best mention, at most 1.5 times."""

# --- patterns ---------------------------------------------------------------------------------
# One alternation of named parts runs in polars (Rust regex) over the body sentences; Python only
# sees the matched strings, re-parses each with the same pattern and reads its sentence context.

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MON = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)(?:\.|\b)"
)
_DAY = r"\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19[89]\d|20[0-4]\d)"
FULL_DATE = (
    rf"\b{_MON}\s*{_DAY},?\s+{_YEAR}\b|{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"
    rf"|\b{_YEAR}-[01]\d-[0-3]\d\b|\b\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}\b"
)
_MONTH_YEAR = rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b"
_MONTH_DAY = rf"\b{_MON}\s*{_DAY}|{_DAY}\s+(?:of\s+)?{_MON}"
_WEEKDAY = r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_RELATIVE = (
    r"\b(?i:(?:earlier|later)\s+this\s+(?:year|month|week)|(?:last|this|next)\s+(?:year|month|week)"
    r"|new\s+year|yesterday|today|tonight"
    rf"|(?:{'|'.join(_NUMBER_WORDS)}|\d{{1,2}})\s+years?\s+(?:ago|after|later|since|on|earlier|before)"
    rf"|(?:{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+anniversary)\b"
)
_YEAR_TOKEN = rf"\b{_YEAR}\b(?:\s*[-–]\s*{_YEAR}\b)?"
_FIRST_MEETING = (
    r"\b(?i:their|the\s+two\s+(?:men|women|leaders|ministers|presidents)['’]?s?)\s+first"
    r"\s+(?i:(?:face-to-face|in-person|direct|formal|one-on-one|bilateral|phone|telephone)\s+)?"
    r"(?i:meeting|talks|call|summit|encounter|conversation)\b"
)
""""their first face-to-face talks": the meeting falls early in the newest term among the
named officeholders (not "their first meeting since ...": that is a look back)."""
_MONTH_SUMMIT = rf"\b{_MON}\s+(?i:summit)\b|\b(?i:summit)\s+(?:in|of)\s+{_MON}(?:\s+{_YEAR}\b)?"
""""Their June summit", "the summit in July": a summit named by its month only. The knowledge
file's summits in that month are the candidates (the article's other clues choose among them).
With a year ("the summit in June 2021") it is a month-year date."""
_TERM_START = r"\b(?i:inauguration|inaugurated|sworn\s+in|took\s+office|taking\s+office)\b"
""""Congratulated Biden on his inauguration", "since Trump took office": next to a US
president's name, the start of one of his terms (January 20 every four years)."""
_LOOK_BACK = re.compile(
    r"\blast\s+(?:met|spoke|talked|visited|held|saw|sat\s+down|came\s+together)\b[^.;:]*$"
)
"""'They last met ... in 2019': the year is a look back, a lower bound for the article."""
_ELECTION_AFTER = re.compile(
    r"^\s*(?:(?:U\.?S\.?|US|American|presidential|midterm|general|congressional)\s+)*"
    r"(?:elections?|midterms?|vote)\b",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned|planning to|set to|expected to|scheduled|upcoming"
    r"|due to|aims? to|is to|are to|ahead of|expires?|expiring|runs? out|lapses?"
    r"|next (?:week|month|year))\b"
    r"|'ll\b|’ll\b"
)
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z.'’ /-]{2,40}(?:\([^)]*\))?,\s*$")
_BACKGROUND_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|this|that)|['’]s)\s+(?:\w+\s+)?$"
)
_BACKGROUND_AFTER = re.compile(
    r"^\s*(?:presidential\s+)?(?:elections?|midterms?|campaign|race|vote|report|law|act|treaty"
    r"|agreement|deal|summit|olympics|world cup|census|budget|strategy|review|assessment"
    r"|invasion|annexation|war|crisis|protests?|revolution|coup|attack|attacks|intervention"
    r"|poisoning|sanctions|talks|meeting|interview|speech|visit|decision|ban|order|memo)\b"
)
_VOTE_AFTER = re.compile(r"^\s*(?:presidential\s+|midterm\s+)?(?:elections?|midterms?|vote)\b")
_COUNT_BEFORE = re.compile(
    r"\b(?:about|some|nearly|over|more than|at least|around|almost|up to|roughly)\s+$"
)
_IN_BEFORE = re.compile(
    r"\b(?:in|during|throughout|so far in|early|late|mid|end of|spring|summer|autumn|fall|winter)"
    r"[\s-]+$"
)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid|the end of)[\s-]+)?$")
_UNTIL_BEFORE = re.compile(r"\b(?:by|until|till|through)\s+$")
_RELATION_BEFORE = re.compile(
    r"\b(?P<rel>since|after|following|under|before|ahead of|prior to|until|in the wake of)\s+"
    r"(?:[\w'’-]+\s+){0,3}$"
)
_FORMER_BEFORE = re.compile(r"\b(?P<p>former|ex|then)[\s-]+$")
_PUBLICATION_BEFORE = re.compile(
    r"\b(?:published|posted|updated|uploaded|modified|edited|added|written)\b[\s:]*(?:on\s+)?$"
)
""""Published 4 years ago", "Updated: yesterday": page furniture about the reader's now."""
_ADMIN_AFTER = re.compile(r"^(?:['’]s)?\s+administration\b", re.IGNORECASE)


def _words_pattern(words: Iterable[str], *, ignore_case: bool) -> str:
    """Alternation of literal phrases, longest first, tolerant of spacing/dots/apostrophes."""
    alts = []
    for word in sorted(set(words), key=len, reverse=True):
        pat = re.escape(word)
        pat = re.sub("['’]", "['’]", pat.replace(r"U\.S\.", r"U\.?S\.?"))
        pat = re.sub(r"(?:\\ )+", r"\\s+", pat)
        alts.append(pat)
    body = "|".join(alts) or r"[^\s\S]"  # an empty list matches nothing
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


@dataclass(frozen=True)
class _Person:
    name: str
    role: str
    role_words: frozenset[str]
    start: date
    end: date | None
    side: str = ""


@dataclass(eq=False)  # hashed by identity: a key for the per-knowledge caches
class _Compiled:
    """Patterns and lookup tables built once per knowledge file."""

    rust: str  # dates, people, years, relative expressions, weekdays
    python: re.Pattern[str]
    rust_events: str  # event aliases: a second pass, since they overlap names ("Mueller's report")
    python_events: re.Pattern[str]
    by_name: dict[str, list[_Person]]  # normalized name or alias → offices
    full_names: frozenset[str]  # normalized multi-word names
    unique_surnames: frozenset[str]  # single-word aliases naming one person only
    presidents: frozenset[str]  # normalized names of presidents
    events: dict[str, tuple[str, date, str]]  # normalized alias → (event id, date, kind)
    summits: dict[int, tuple[int, ...]]  # month → years of the knowledge file's summits then


def _ascii_boundaries(pattern: str) -> str:
    """Rust regex runs its fast DFA only with ASCII word boundaries (Unicode `\b` falls back
    to a much slower engine on non-ASCII text). Python keeps `\b` for re-parsing matches."""
    return pattern.replace(r"\b", r"(?-u:\b)")


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    """Normalize a name/role for lookup: lower case, one space, plain apostrophes, no dots."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace(".", "")).strip().lower()


_CACHE: dict[str, _Compiled] = {}


def _compile(knowledge: Knowledge) -> _Compiled:
    if knowledge.sha256 in _CACHE:
        return _CACHE[knowledge.sha256]
    by_name: dict[str, list[_Person]] = defaultdict(list)
    role_words: set[str] = set()
    names: set[str] = set()
    presidents: set[str] = set()
    for row in knowledge.people.iter_rows(named=True):
        person = _Person(
            name=row["name"],
            role=row["role"],
            role_words=frozenset(_norm(w) for w in row["role_words"]),
            start=row["start"],
            end=row["end"],
            side=row["side"],
        )
        role_words.update(row["role_words"])
        for form in {row["name"], *row["aliases"]}:
            names.add(form)
            if person not in by_name[_norm(form)]:
                by_name[_norm(form)].append(person)
            if row["role"] == "president":
                presidents.add(_norm(form))
    single = {n for n in by_name if " " not in n and "-" not in n}
    unique = frozenset(n for n in single if len({p.name for p in by_name[n]}) == 1)
    events: dict[str, tuple[str, date, str]] = {}
    summits: dict[int, set[int]] = defaultdict(set)
    for row in knowledge.events.iter_rows(named=True):
        for alias in row["aliases"]:
            events[_norm(alias)] = (row["id"], row["date"], row["kind"])
        if row["kind"] == "summit":
            summits[row["date"].month].add(row["date"].year)
    role = _words_pattern(role_words, ignore_case=True)
    name = _words_pattern(names, ignore_case=False)
    alias = _words_pattern(
        [a for r in knowledge.events.iter_rows(named=True) for a in r["aliases"]], ignore_case=True
    )
    parts = {
        "full_date": FULL_DATE,
        "month_year": _MONTH_YEAR,
        # title, then up to two capitalised words (first name, rank), then a known name
        "role_name": (
            rf"\b(?P<r1>{role})(?:\s*,\s*|\s+)(?:[A-Z][\w.'’-]*\s+){{0,2}}(?P<n1>{name})\b"
        ),
        "name_role": (
            rf"\b(?P<n2>{name}),\s+(?:(?i:the|a)\s+)?(?:(?i:former|then)[\s-]+)?"
            r"(?:(?i:U\.?S\.?|US|American|Russian|Russia['’]s|America['’]s|Moscow['’]s"
            rf"|Washington['’]s|Kremlin)\s+)?(?P<r2>{role})"
        ),
        "relative": _RELATIVE,
        "first_meeting": _FIRST_MEETING,
        "month_summit": _MONTH_SUMMIT,
        "term_start": _TERM_START,
        "month_day": _MONTH_DAY,
        "weekday": _WEEKDAY,
        "year": _YEAR_TOKEN,
        "name": rf"\b{name}\b",
    }
    pattern = "|".join(f"(?P<{kind}>{part})" for kind, part in parts.items())
    event_pattern = rf"(?P<event>\b{alias}\b)"
    compiled = _Compiled(
        rust=_ascii_boundaries(pattern),
        python=re.compile(pattern),
        rust_events=_ascii_boundaries(event_pattern),
        python_events=re.compile(event_pattern),
        by_name=dict(by_name),
        full_names=frozenset(n for n in by_name if " " in n),
        unique_surnames=unique,
        presidents=frozenset(presidents),
        events=events,
        summits={m: tuple(sorted(ys)) for m, ys in summits.items()},
    )
    _CACHE[knowledge.sha256] = compiled
    return compiled


# --- profiles ---------------------------------------------------------------------------------
Profile = npt.NDArray[np.float64]


def _profile(points: dict[int, float], *, after: float = 0.0) -> Profile:
    """Scores per candidate year: `points` exactly, `after` for the years past them."""
    prof = np.zeros(len(YEARS))
    if not points:
        return prof
    prof[max(points) < YEARS] = after
    for year, value in points.items():
        if YEAR_LO <= year <= YEAR_HI:
            prof[year - YEAR_LO] = value
    return prof


def _decay(y0: int, first: float, rate: float, floor: float) -> Profile:
    """A lower bound at y0 whose support fades (news keeps citing old events, less and less)."""
    k = YEARS - y0
    prof = np.where(k >= 0, np.maximum(first * rate ** np.maximum(k, 0), floor), 0.0)
    return prof.astype(np.float64)


def _past(y0: int) -> Profile:
    """A year the text reports: most likely the article's year, possibly a later look back."""
    return _profile({y0: 1.0, y0 + 1: 0.6, y0 + 2: 0.35}, after=0.2)


def _future(y0: int) -> Profile:
    """A year the text looks ahead to: the article is from that year or shortly before."""
    return _profile({y0 - 3: 0.3, y0 - 2: 0.5, y0 - 1: 0.9, y0: 1.0})


@functools.lru_cache(maxsize=4096)
def _coverage(offices: tuple[_Person, ...]) -> Profile:
    """Per candidate year, how much of it one of these offices was held (the best office)."""
    prof = np.zeros(len(YEARS))
    for office in offices:
        end = office.end or TODAY
        for year in range(max(office.start.year, YEAR_LO), min(end.year, YEAR_HI) + 1):
            lo = max(office.start, date(year, 1, 1))
            hi = min(end, date(year, 12, 31))
            share = ((hi - lo).days + 1) / (366 if calendar.isleap(year) else 365)
            # sqrt: a few months in office still make that year a fair candidate
            prof[year - YEAR_LO] = max(prof[year - YEAR_LO], math.sqrt(share))
    prof.flags.writeable = False  # cached and shared between clues
    return prof


def _page_profile(py: int) -> Profile:
    """The page date: the report is from then or the year before, hardly later. Further back
    the page date may be a re-publication, scrape or update date ("Posted on" years later): it
    bounds the event year from above (see `_decide`) and only breaks near-ties, by a faint tail
    towards the page."""
    prof = _profile({py - 3: 0.1, py - 2: 0.25, py - 1: 0.5, py: 1.0, py + 1: 0.1})
    # A faint tail: between years the text cannot tell apart, the one nearer the page wins.
    older = py - 3 > YEARS
    prof[older] = 0.05 * 0.9 ** (py - 4 - YEARS[older])
    return prof


# --- clues ------------------------------------------------------------------------------------
@dataclass(eq=False)
class Clue:
    kind: str
    text: str
    start: int | None
    end: int | None
    weight: float
    profile: Profile = field(repr=False)
    year_min: int | None
    year_max: int | None
    key: tuple[Any, ...]
    count: int = 1

    def evidence(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "year_min": self.year_min,
            "year_max": self.year_max,
            "weight": round(self.effective_weight, 3),
        }

    @property
    def effective_weight(self) -> float:
        return self.weight * min(REPEAT_CAP, 1.0 + REPEAT_BOOST * (self.count - 1))


@dataclass
class _Match:
    """One regex match in a body sentence, with what Python needs to read its context."""

    kind: str
    groups: dict[str, str | None]
    text: str
    start: int  # offset in the raw article text
    end: int
    sentence: str
    local: int  # offset within the sentence
    sentence_index: int


def _locate(
    sentence: str, matches: Sequence[str], base: int, index: int, pattern: re.Pattern[str]
) -> list[_Match]:
    """Find each extracted match in its sentence (they come in order, without overlap)."""
    out = []
    pos = 0
    for text in matches:
        local = sentence.find(text, pos)
        if local < 0:  # cannot happen for Rust/Python-compatible patterns; skip defensively
            continue
        pos = local + len(text)
        parsed = _parse(pattern, text)
        if parsed is not None:
            kind, groups = parsed
            out.append(_Match(kind, groups, text, base + local, base + pos, sentence, local, index))
    return out


_Parsed = tuple[str, dict[str, str | None]] | None


def _parse(pattern: re.Pattern[str], text: str) -> _Parsed:
    """Kind and inner groups of one matched string (memoized per pattern: strings recur).
    Not functools.lru_cache: hashing a compiled pattern hashes its whole program each call."""
    memo = _PARSED.setdefault(id(pattern), {})
    if len(memo) > MEMO_MAX:
        memo.clear()  # bound memory on huge corpora; the common strings come back quickly
    if text not in memo:
        memo[text] = _parse_uncached(pattern, text)
    return memo[text]


_PARSED: dict[int, dict[str, _Parsed]] = {}
MEMO_MAX = 500_000


def _parse_uncached(pattern: re.Pattern[str], text: str) -> _Parsed:
    parsed = pattern.fullmatch(text)
    if parsed is None:
        return None
    kind = parsed.lastgroup or ""  # the kind's group encloses its inner groups: closes last
    return kind, {g: parsed.group(g) for g in _INNER.get(kind, ())}


_INNER = {"role_name": ("r1", "n1"), "name_role": ("n2", "r2")}
"""Inner groups read for each kind of match (the others only need the matched text)."""


def _parse_full_date(text: str) -> date | None:
    """Parse a FULL_DATE match; numeric d/m vs m/d is settled by which part can be a month."""
    nums = [int(n) for n in re.findall(r"\d+", text)]
    words = re.findall(r"[A-Za-z]+", text)
    month = next((_MONTHS[w.lower()] for w in words if w.lower() in _MONTHS), None)
    try:
        if month is not None:
            day = next(n for n in nums if n <= 31)
            year = next(n for n in nums if n >= 1000)
            return date(year, month, day)
        if nums[0] >= 1000:
            return date(nums[0], nums[1], nums[2])
        first, second, year = nums
        if "/" in text and first <= 12:
            return date(year, first, second)
        if first > 12 >= second or "." in text:
            return date(year, second, first)
        return date(year, first, second)
    except (ValueError, StopIteration, IndexError):
        return None


def _parse_month_day(text: str) -> tuple[int, int] | None:
    word = re.search(r"[A-Za-z]+", text)
    num = re.search(r"\d+", text)
    if word is None or num is None or word.group().lower() not in _MONTHS:
        return None
    return _MONTHS[word.group().lower()], int(num.group())


def _clue(
    m: _Match,
    kind: str,
    weight: float,
    profile: Profile,
    year_min: int | None,
    year_max: int | None,
    key: tuple[Any, ...],
) -> Clue:
    return Clue(kind, m.text, m.start, m.end, weight, profile, year_min, year_max, key)


def _date_clue(m: _Match) -> Clue | None:
    """A full date or a month-year. At the head of a wire dateline it is the report date."""
    if m.kind == "month_year":
        year = int(re.findall(r"\d{4}", m.text)[-1])
        day = None
    else:
        day = _parse_full_date(m.text)
        if day is None:
            return None
        year = day.year
    before = m.sentence[: m.local]
    if day is not None and _DATELINE_PREFIX.match(before):
        return _clue(m, "dateline", W_DATELINE, _profile({year: 1.0}), year, year, ("date", year))
    weight = W_FULL_DATE if day is not None else W_MONTH_YEAR
    kind = "full_date" if day is not None else "month_year"
    return _year_in_context(m, year, kind, weight)


def _year_in_context(m: _Match, y0: int, kind: str, weight: float) -> Clue:
    """A dated mention read by its context: since → lower bound, future → upper bound."""
    before = m.sentence[max(0, m.local - 40) : m.local].lower()
    if _looks_back(m):
        return _clue(m, "since_year", W_YEAR_SINCE, _look_back(y0), y0, None, ("since", y0))
    if _SINCE_BEFORE.search(before):
        return _clue(
            m, "since_year", W_YEAR_SINCE, _decay(y0, 0.7, 0.9, 0.4), y0, None, ("since", y0)
        )
    if _UNTIL_BEFORE.search(before) or _future_near(m):
        return _clue(m, "future_year", W_YEAR_FUTURE, _future(y0), None, y0, ("future", y0))
    return _clue(m, kind, weight, _past(y0), y0, y0, ("year", y0))


def _look_back(y0: int) -> Profile:
    """ "They last met in 2019": the article is some time after y0, any later year alike (a
    decaying bound would pull the article back towards the meeting it looks back on)."""
    prof = _decay(y0, 1.0, 1.0, 1.0)
    prof[y0 - YEAR_LO] = 0.5
    return prof


def _looks_back(m: _Match) -> bool:
    """ "They last met in person ... in 2019": the clause looks back from a later day."""
    return _LOOK_BACK.search(m.sentence[max(0, m.local - 120) : m.local].lower()) is not None


def _future_near(m: _Match) -> bool:
    """Future tense in the clause around a mention (not anywhere in a long sentence)."""
    return bool(
        _FUTURE.search(m.sentence[max(0, m.local - 80) : m.local + len(m.text) + 30].lower())
    )


def _future_before(m: _Match) -> bool:
    """Future tense just before a mention: "talks due to begin in Cairo on Tuesday"."""
    return bool(_FUTURE.search(m.sentence[max(0, m.local - 40) : m.local].lower()))


def _year_clue(m: _Match) -> Clue | None:
    """A bare year token, weighed by the words around it."""
    before = m.sentence[: m.local]
    after = m.sentence[m.local + len(m.text) :]
    if before[-1:] in "$€£#" or re.match(
        r"^(?:\s*%|[.,]\d|\s*(?:km|kg|mm|m|pages|people)\b)", after
    ):
        return None
    if _COUNT_BEFORE.search(before[-25:].lower()):
        return None  # "about 2000 troops": a count, not a year
    years = [int(y) for y in re.findall(r"\d{4}", m.text)]
    if len(years) == 2:  # a range "2014–2016": the text looks back on it
        y1 = years[1]
        return _clue(
            m, "background_year", W_YEAR_BACKGROUND, _decay(y1, 1.0, 0.9, 0.4), y1, None, ("bg", y1)
        )
    y0 = years[0]
    near_before = before[-40:].lower()
    if _BACKGROUND_BEFORE.search(near_before) or _BACKGROUND_AFTER.match(after.lower()):
        # A past election is hardly ever reported on in its own year (they fall in November).
        prof = _decay(y0, 0.4 if _VOTE_AFTER.match(after.lower()) else 0.8, 0.9, 0.4)
        if y0 + 1 <= YEAR_HI:
            prof[y0 + 1 - YEAR_LO] = 1.0
        return _clue(m, "background_year", W_YEAR_BACKGROUND, prof, y0, None, ("bg", y0))
    if _IN_BEFORE.search(near_before):
        return _year_in_context(m, y0, "explicit_year", W_YEAR_IN)
    if re.match(r"^\s+[a-z]+s\b", after):
        return None  # "2000 soldiers": a count, not a year
    return _year_in_context(m, y0, "explicit_year", W_YEAR_BARE)


_Spec = tuple[str, float, Profile, int | None, int | None, tuple[Any, ...]]
"""What a clue is, apart from where it is: kind, weight, profile, year range, merge key."""


def _person_clue(m: _Match, compiled: _Compiled) -> Clue | None:
    """A named officeholder: with a matching title, the years in that office; without, weaker."""
    name = m.groups.get("n1") or m.groups.get("n2") or m.text
    role = m.groups.get("r1") or m.groups.get("r2")
    prefix = _FORMER_BEFORE.search(m.sentence[max(0, m.local - 12) : m.local].lower())
    admin = _ADMIN_AFTER.match(m.sentence[m.local + len(m.text) :]) is not None
    spec = _person_spec(
        compiled,
        _norm(name),
        _norm(role) if role else None,
        prefix.group("p") if prefix else "",
        admin,
        m.kind == "name",
    )
    return None if spec is None else _clue(m, *spec)


@functools.lru_cache(maxsize=65536)
def _person_spec(
    compiled: _Compiled, name: str, role: str | None, prefix: str, admin: bool, bare: bool
) -> _Spec | None:
    """The clue a (name, title, context) triple gives; cached, since names repeat a lot."""
    offices = compiled.by_name.get(name, [])
    if not offices:
        return None
    titled = tuple(o for o in offices if role is not None and role in o.role_words)
    if titled:
        return _titled_spec(titled, prefix)
    person = offices[0].name
    if name in compiled.presidents and admin:
        terms = tuple(o for o in offices if o.role == "president")
        return (
            "administration",
            W_ADMINISTRATION,
            _coverage(terms),
            *_term_years(terms),
            ("adm", person),
        )
    cover = _coverage(tuple(offices))
    if name in compiled.full_names:
        return ("officeholder_name", W_FULL_NAME, cover, *_term_years(offices), ("nm", person))
    if name in compiled.unique_surnames and bare:
        return ("surname", W_SURNAME, cover, *_term_years(offices), ("nm", person))
    return None


def _titled_spec(offices: tuple[_Person, ...], prefix: str) -> _Spec:
    person = offices[0].name
    lo, hi = _term_years(offices)
    ended = [o.end for o in offices if o.end is not None]
    if prefix in ("former", "ex") and ended:
        y_end = max(ended).year
        prof = _decay(y_end, 1.0, 0.9, 0.4)
        prof[y_end - YEAR_LO] = 0.7
        return ("former_officeholder", W_FORMER, prof, y_end, None, ("former", person))
    if prefix == "then":  # "then-Secretary of State": a look back to a term begun by then
        return ("then_officeholder", W_THEN, _decay(lo, 1.0, 0.9, 0.4), lo, None, ("then", person))
    key = ("oh", person, offices[0].role)
    return ("officeholder", W_OFFICEHOLDER, _coverage(offices), lo, hi, key)


def _term_years(offices: Sequence[_Person]) -> tuple[int, int | None]:
    lo = min(o.start.year for o in offices)
    ends = [o.end for o in offices]
    return lo, None if any(e is None for e in ends) else max(e.year for e in ends if e is not None)


_SOON_AFTER = re.compile(
    r"\b(?:hours?|minutes|days?|a\s+day|a\s+week|weeks|shortly|just|moments?|soon|the\s+day)"
    r"\s+(?:after|following)\s+(?:[\w'’-]+\s+){0,3}$"
)
"""A short span after an event: same time, not a lower bound."""

_DEMAND_BEFORE = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)?\s+for|urg(?:e|es|ed|ing)|press(?:es|ed|ing)?"
    r"\s+for|push(?:es|ed|ing)?\s+for|seek(?:s|ing)?|sought|insist(?:s|ed|ing)?\s+on)\s+"
    r"(?:(?:the|an?|his|her|their|immediate|swift|prompt|unconditional)\s+){0,3}$"
)
""""Demanded the immediate release of X": the event has not happened yet (a planned event)."""

_LASTING_KINDS = ("invasion", "annexation", "pandemic")
"""Events that start a lasting state (a war, an occupation, the pandemic): any mention is a
lower bound."""


def _event_clue(m: _Match, compiled: _Compiled) -> Clue | None:
    """A dated milestone; "since/after X" is a lower bound, "ahead of X" or future tense plans."""
    found = compiled.events.get(_norm(m.text))
    if found is None:
        return None
    event_id, when, kind = found
    y0 = when.year
    before = m.sentence[max(0, m.local - 60) : m.local].lower()
    relation = _RELATION_BEFORE.search(before)
    rel = relation.group("rel") if relation else ""
    if rel in ("after", "following") and _SOON_AFTER.search(before):
        rel = ""  # "hours after X", "a day after X": the article's events are X's own time
    if _looks_back(m):
        return _clue(m, "since_event", W_SINCE_EVENT, _look_back(y0), y0, None, ("ev", event_id))
    lasting = kind in _LASTING_KINDS or _norm(m.text).startswith("since")
    if lasting or rel in ("since", "after", "following", "under", "in the wake of"):
        prof = _decay(y0, 1.0, 0.85, 0.4)
        return _clue(m, "since_event", W_SINCE_EVENT, prof, y0, None, ("ev", event_id))
    if (
        rel in ("before", "ahead of", "prior to", "until")
        or _future_near(m)
        or _DEMAND_BEFORE.search(before)
    ):
        prof = _profile({y0 - 1: 0.6, y0: 1.0})
        return _clue(m, "planned_event", W_PLANNED_EVENT, prof, y0 - 1, y0, ("ev", event_id))
    prof = _profile({y0 - 1: 0.3, y0: 1.0, y0 + 1: 0.5, y0 + 2: 0.3}, after=0.2)
    return _clue(m, "event", W_EVENT, prof, y0, y0, ("ev", event_id))


def _relation(m: _Match) -> str:
    """How a dated mention relates to the article: "back" (they last met at X), "since" (a
    lower bound: since/after/under X), "planned" (ahead of X, future tense) or "at"."""
    if _looks_back(m):
        return "back"
    relation = _RELATION_BEFORE.search(m.sentence[max(0, m.local - 60) : m.local].lower())
    rel = relation.group("rel") if relation else ""
    if rel in ("after", "following") and _SOON_AFTER.search(
        m.sentence[max(0, m.local - 60) : m.local].lower()
    ):
        return "at"
    if rel in ("since", "after", "following", "under", "in the wake of"):
        return "since"
    if rel in ("before", "ahead of", "prior to", "until") or _future_near(m):
        return "planned"
    return "at"


def _multi_event_clue(
    m: _Match, kind: str, years: Sequence[int], key: tuple[Any, ...]
) -> Clue | None:
    """A milestone that fell in one of several candidate years (a summit named by its month,
    a president's inauguration): the event profile of each, the best per year."""
    years = [y for y in years if YEAR_LO <= y <= YEAR_HI]
    if not years:
        return None
    relation = _relation(m)
    prof = np.zeros(len(YEARS))
    for y0 in years:
        if relation == "back":
            one = _look_back(y0)
        elif relation == "since":
            one = _decay(y0, 1.0, 0.85, 0.4)
        elif relation == "planned":
            one = _profile({y0 - 1: 0.6, y0: 1.0})
        else:
            one = _profile({y0 - 1: 0.3, y0: 1.0, y0 + 1: 0.5, y0 + 2: 0.3}, after=0.2)
        prof = np.maximum(prof, one)
    lo = min(years) - (1 if relation == "planned" else 0)
    hi = None if relation in ("back", "since") else max(years)
    return _clue(m, kind, W_EVENT, prof, lo, hi, key)


def _month_summit_clue(m: _Match, compiled: _Compiled) -> Clue | None:
    """ "Their June summit": the knowledge file's summits held in that month."""
    if re.search(r"\d{4}$", m.text):  # "the summit in June 2021": a month-year date
        return _year_in_context(m, int(m.text[-4:]), "month_year", W_MONTH_YEAR)
    word = re.search(r"([A-Za-z]+)\.?\s+(?i:summit)\b|([A-Za-z]+)\.?$", m.text)
    month = _MONTHS.get(next(g for g in word.groups() if g).lower()) if word else None
    if month is None:
        return None
    return _multi_event_clue(m, "month_event", compiled.summits.get(month, ()), ("msum", month))


_TERM_NAME_GAP = 40
"""How close a president's name must be to "inauguration"/"took office" to own it."""


def _us_term(start: date) -> int:
    return 4


def _ru_term(start: date) -> int:
    return 4 if start.year < 2012 else 6  # six-year terms from the 2012 term on


_TERM_LENGTH = {"US": _us_term, "RU": _ru_term}
"""Presidential term length in years by country, for the start of each term of an office."""


def _term_start_clue(m: _Match, matches: list[_Match], compiled: _Compiled) -> Clue | None:
    """ "Putin congratulated Joseph Biden on his inauguration": the start of one of the named
    US or Russian president's terms (the nearest name in the clause, else for "his inauguration"
    the first name in the sentence; none, or not a president: no clue)."""
    people = [
        p
        for p in matches
        if p.kind in ("role_name", "name_role", "name") and _gap(p, m) <= _TERM_NAME_GAP
    ]
    if not people and re.search(r"\b(?i:his|her)\s+$", m.sentence[: m.local]):
        # "Putin arrived ..., his first trip abroad since his inauguration": the subject's
        people = [
            p
            for p in matches
            if p.kind in ("role_name", "name_role", "name")
            and p.sentence_index == m.sentence_index
            and p.start < m.start
        ][:1]
    if not people:
        return None
    nearest = min(people, key=lambda p: _gap(p, m))
    name = nearest.groups.get("n1") or nearest.groups.get("n2") or nearest.text
    offices = [
        o
        for o in compiled.by_name.get(_norm(name), [])
        if o.role == "president" and o.side in _TERM_LENGTH
    ]
    years = sorted(
        {y for o in offices
         for y in range(o.start.year, (o.end or TODAY).year + 1, _TERM_LENGTH[o.side](o.start))
         if o.end is None or y < o.end.year}
    )  # fmt: skip
    if not years:
        return None
    return _multi_event_clue(m, "term_start", years, ("term", offices[0].name))


def _relative_offset(text: str) -> int | None:
    """Years from the anchor to the article for an anchored relative expression."""
    low = _norm(text)
    if low.endswith("last year"):
        return 1
    if low.endswith("next year"):
        return -1
    if "this" in low or low in ("today", "yesterday", "tonight", "new year"):
        return 0
    if low.startswith(("last month", "last week")):
        return 0
    words = low.split()
    count = _ORDINALS.get(words[0]) if words[-1] == "anniversary" else _NUMBER_WORDS.get(words[0])
    if count is None and words[0][:1].isdigit():
        count = int(re.sub(r"\D", "", words[0]))
    if count is None:
        return None
    return -count if words[-1] in ("earlier", "before") else count


_ANCHOR_KINDS = (
    "event",
    "since_event",
    "planned_event",
    "full_date",
    "month_year",
    "explicit_year",
)


def _anchored(rel: _Match, anchors: list[tuple[_Match, Clue]]) -> tuple[_Match, Clue] | None:
    """The dated mention a relative expression hangs on: nearest in its sentence; for
    "N years after/later" also the sentence before. A lower bound ("since the invasion")
    anchors only year-level expressions ("two years after the invasion", "last year"), not
    "last week" or "today"."""
    low = rel.text.lower()
    year_level = bool(re.search(r"\byears?\b|anniversary$", low))
    anchors = [a for a in anchors if year_level or a[1].kind != "since_event"]
    if (_relative_offset(rel.text) or 0) > 0 or re.match(r"(?i:last|yesterday)", rel.text):
        # a planned event lies ahead: "last week", "a year after" cannot count from it
        anchors = [a for a in anchors if a[1].kind != "planned_event"]
    same = [a for a in anchors if a[0].sentence_index == rel.sentence_index]
    if not same and re.search(r"years? (?:after|later|since|on)$", low):
        same = [a for a in anchors if a[0].sentence_index == rel.sentence_index - 1]
    if not same:
        return None
    return min(same, key=lambda a: abs(a[0].start - rel.start))


def _restates(rel: _Match, anchor: _Match, year: int, anchors: list[tuple[_Match, Clue]]) -> bool:
    """A relative expression whose year another dated mention in its sentence already names
    relates two past events to each other; it says nothing about the article's own date."""
    if re.search(rf"\b{year}\b", rel.sentence):
        return True  # "in 2019, a year after ...", whatever the year's own reading
    return any(
        m is not anchor and m.sentence_index == rel.sentence_index and _anchor_year(c) == year
        for m, c in anchors
    )


def _anchor_year(clue: Clue) -> int | None:
    if clue.kind in ("event", "since_event", "planned_event"):
        return clue.year_min if clue.kind != "planned_event" else clue.year_max
    return clue.year_min


def _weekday_clues(matches: list[_Match]) -> list[Clue]:
    """Month-days without a year, pinned down by a weekday next to them or, for a wire dateline,
    by the weekday the story names first (not one in a future clause: "talks due to begin on
    Tuesday, the State Department said on Monday" is reported on the Monday).

    The weekday leaves a few candidate years, roughly six to eleven years apart: one clue that
    supports them all equally, so the other clues (terms, events) choose among them."""
    weekdays = [m for m in matches if m.kind == "weekday"]
    clues: list[Clue] = []
    if not weekdays:
        return clues
    for md in (m for m in matches if m.kind == "month_day"):
        parsed = _parse_month_day(md.text)
        if parsed is None:
            continue
        adjacent = [w for w in weekdays if _gap(md, w) <= 4]
        dateline = _DATELINE_PREFIX.match(md.sentence[: md.local]) is not None
        later = [
            w for w in weekdays if 0 <= w.start - md.end <= DATELINE_REACH and not _future_before(w)
        ]
        if adjacent:
            day_word, weight, kind = adjacent[0], W_WEEKDAY_ADJACENT, "weekday_date"
        elif dateline and later:
            day_word, kind = later[0], "dateline_weekday"
            near = day_word.start - md.end <= DATELINE_NEAR
            weight = W_WEEKDAY_DATELINE if near else W_WEEKDAY_DATELINE_FAR
        else:
            continue
        wd = list(calendar.day_name).index(day_word.text)
        points = dict.fromkeys(_weekday_fits(wd, *parsed), 1.0)
        if kind == "dateline_weekday":
            # Wire copy is often filed the day after the day it names ("MOSCOW, March 31.
            # /TASS/. ... held a telephone conversation on Monday"): those years fit less well.
            points = dict.fromkeys(_weekday_fits((wd + 1) % 7, *parsed), DAY_AFTER) | points
        if not points:
            continue
        fits = sorted(points)
        text_start = min(md.start, day_word.start)
        text_end = max(md.end, day_word.end)
        if md.sentence_index == day_word.sentence_index:
            first = min(md.local, day_word.local)
            text = md.sentence[first : first + text_end - text_start]
        else:
            text = f"{md.text} … {day_word.text}"
        prof = _profile(points)
        key = ("wd", parsed)
        clues.append(Clue(kind, text, text_start, text_end, weight, prof, fits[0], fits[-1], key))
    return clues


@functools.lru_cache(maxsize=4096)
def _weekday_fits(wd: int, month: int, day: int) -> tuple[int, ...]:
    """Years (from WEEKDAY_YEAR_LO) where month/day falls on weekday `wd`, not in the future."""
    horizon = TODAY.toordinal() + 31  # a story may name a day a few weeks ahead
    return tuple(
        y
        for y in range(WEEKDAY_YEAR_LO, YEAR_HI + 1)
        if _weekday(y, month, day) == wd and date(y, month, day).toordinal() <= horizon
    )


def _us_election_days() -> dict[tuple[int, int], list[int]]:
    """US federal election day (the Tuesday after the first Monday of November, even years):
    (month, day) → the years it fell on that date."""
    days: dict[tuple[int, int], list[int]] = defaultdict(list)
    for year in range(YEAR_LO + YEAR_LO % 2, YEAR_HI + 1, 2):
        first_monday = 1 + (7 - date(year, 11, 1).weekday()) % 7
        days[(11, first_monday + 1)].append(year)
    return dict(days)


_ELECTION_DAYS = _us_election_days()


def _election_clues(matches: list[_Match]) -> list[Clue]:
    """ "Ahead of the Nov. 3 election": a November day named as an election is a US election
    day, which falls on that date only in some even years."""
    clues: list[Clue] = []
    for md in (m for m in matches if m.kind == "month_day"):
        parsed = _parse_month_day(md.text)
        if parsed is None or parsed[0] != 11:
            continue
        if not _ELECTION_AFTER.match(md.sentence[md.local + len(md.text) :]):
            continue
        years = _ELECTION_DAYS.get(parsed, [])
        if not years:
            continue
        # reported in the election year, or looked back on in the next one
        points = {y + 1: 0.4 for y in years} | dict.fromkeys(years, 1.0)
        prof = _profile(points)
        key = ("election", parsed)
        clues.append(
            Clue("election_date", md.text, md.start, md.end, W_ELECTION_DATE, prof,
                 years[0], years[-1], key)
        )  # fmt: skip
    return clues


def _first_meeting_clues(matches: list[_Match], clues: list[Clue]) -> list[Clue]:
    """ "Their first face-to-face talks": early in the newest term among the titled
    officeholders the article names (the later of two terms starts the pair's first meeting)."""
    starts = [c.year_min for c in clues if c.kind == "officeholder" and c.year_min is not None]
    out: list[Clue] = []
    if not starts:
        return out
    y0 = max(starts)
    for m in matches:
        if m.kind != "first_meeting" or m.sentence[m.local + len(m.text) :].lstrip().startswith(
            "since"
        ):
            continue
        prof = _profile({y0: 1.0, y0 + 1: 0.5})
        out.append(_clue(m, "first_meeting", W_FIRST_MEETING, prof, y0, y0 + 1, ("first", y0)))
        break
    return out


def _gap(a: _Match, b: _Match) -> int:
    if a.sentence_index != b.sentence_index:
        return 10**6
    return b.start - a.end if b.start >= a.end else a.start - b.end


def _weekday(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).weekday()
    except ValueError:
        return None


def _article_clues(matches: list[_Match], compiled: _Compiled, page_year: int | None) -> list[Clue]:
    """Every clue of one article, repeated mentions merged (first span kept, weight boosted)."""
    clues: list[Clue] = []
    anchors: list[tuple[_Match, Clue]] = []
    relatives: list[_Match] = []
    for m in matches:
        clue: Clue | None = None
        if m.kind in ("full_date", "month_year"):
            clue = _date_clue(m)
        elif m.kind == "month_summit":
            clue = _month_summit_clue(m, compiled)
        elif m.kind == "term_start":
            clue = _term_start_clue(m, matches, compiled)
        elif m.kind == "year":
            clue = _year_clue(m)
        elif m.kind in ("role_name", "name_role", "name"):
            clue = _person_clue(m, compiled)
        elif m.kind == "event":
            clue = _event_clue(m, compiled)
        elif m.kind == "relative":
            relatives.append(m)
        if clue is not None:
            clues.append(clue)
            if clue.kind in _ANCHOR_KINDS:
                anchors.append((m, clue))
    clues = _drop_restated_years(clues, anchors)
    page_refs = 0
    for rel in relatives:
        if _PUBLICATION_BEFORE.search(rel.sentence[max(0, rel.local - 30) : rel.local].lower()):
            continue  # "Published 4 years ago": counted from the reader's day, not the events'
        offset = _relative_offset(rel.text)
        anchor = _anchored(rel, anchors) if offset is not None else None
        if anchor is not None and offset is not None:
            base = _anchor_year(anchor[1])
            if base is None:
                continue
            year = base + offset
            if _restates(rel, anchor[0], year, anchors):
                continue  # "in 2019, a year after the Helsinki summit": two dated mentions
            if anchor[1] in clues:
                clues.remove(anchor[1])  # the anchor's own year is not the article's year
            a = anchor[0]
            clues.append(
                Clue(
                    "relative_event",
                    _span_text(a, rel),
                    min(a.start, rel.start),
                    max(a.end, rel.end),
                    W_RELATIVE_EVENT,
                    _profile({year: 1.0}),
                    year,
                    year,
                    ("rel", year),
                )
            )
        elif page_year is not None and page_refs < 3:
            page_refs += 1
            clues.append(
                Clue(
                    "relative_page",
                    rel.text,
                    rel.start,
                    rel.end,
                    W_RELATIVE_PAGE,
                    _profile({page_year: 1.0}),
                    page_year,
                    page_year,
                    ("relpage", page_refs),
                )
            )
    clues.extend(_weekday_clues(matches))
    clues.extend(_election_clues(matches))
    clues.extend(_first_meeting_clues(matches, clues))
    return _merge(clues)


def _drop_restated_years(clues: list[Clue], anchors: list[tuple[_Match, Clue]]) -> list[Clue]:
    """ "Russia annexed Crimea in 2014": the year restates the event's date; count it once."""
    event_years = {(m.sentence_index, c.year_min) for m, c in anchors if c.kind.endswith("event")}
    restated = {
        id(c)
        for m, c in anchors
        if not c.kind.endswith("event") and (m.sentence_index, c.year_min) in event_years
    }
    return [c for c in clues if id(c) not in restated]


def _span_text(a: _Match, b: _Match) -> str:
    first, second = (a, b) if a.start <= b.start else (b, a)
    if first.sentence_index == second.sentence_index:
        return first.sentence[first.local : second.local + len(second.text)]
    return f"{first.text} … {second.text}"


def _merge(clues: list[Clue]) -> list[Clue]:
    merged: dict[tuple[Any, ...], Clue] = {}
    for clue in clues:
        if not clue.profile.any():
            continue
        kept = merged.get(clue.key)
        if kept is None:
            merged[clue.key] = clue
        else:
            kept.count += 1
            if clue.weight > kept.weight:
                kept.weight, kept.profile = clue.weight, clue.profile
    return list(merged.values())


# --- page date ---------------------------------------------------------------------------------
_FULL_DATE_RE = re.compile(FULL_DATE)


def _header_dates(sentences: pl.DataFrame) -> dict[str, tuple[date, str, int, int, bool]]:
    """The page date printed in an article's header: the first full date in the first few
    sentences that is page furniture (not body), a line of its own, or a wire dateline.
    Returns date, matched text, offsets, and whether it is furniture (then not a body clue)."""
    head = (
        sentences.filter(pl.col("sentence_index") < HEADER_SENTENCES)
        .with_columns(found=pl.col("text").str.extract(_ascii_boundaries(f"({FULL_DATE})"), 1))
        .filter(pl.col("found").is_not_null())
        .sort("article_id", "sentence_index")
    )
    out: dict[str, tuple[date, str, int, int, bool]] = {}
    for aid, text, start, role, found in head.select(
        "article_id", "text", "start", "role", "found"
    ).iter_rows():
        if aid in out:
            continue
        local = text.find(found)
        own_line = len(text) <= len(found) + 40
        dateline = _DATELINE_PREFIX.match(text[:local]) is not None
        if role == "body" and not own_line and not dateline:
            continue
        parsed = _parse_full_date(found)
        if parsed is not None:
            furniture = role != "body" or (own_line and not dateline)
            out[aid] = (parsed, found, start + local, start + local + len(found), furniture)
    return out


# --- scoring ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Verdict:
    year: int | None
    confidence: float
    method: str


def _decide(clues: list[Clue]) -> _Verdict:
    """Best year of the summed profiles; confidence = its posterior among supported years."""
    if not clues:
        return _Verdict(None, 0.0, "none")
    profiles = np.stack([c.profile for c in clues])
    weights = np.array([c.effective_weight for c in clues])
    scores = weights @ profiles
    # The page date is an upper bound: a page is not published before the events it reports.
    pages = [c.year_max for c in clues if c.kind == "page_date" and c.year_max is not None]
    allowed = min(pages) + 1 >= YEARS if pages else np.ones(len(YEARS), dtype=bool)
    bounded = np.where(allowed, scores, -np.inf)
    best = int(np.argmax(bounded))
    if np.count_nonzero(bounded >= bounded[best] - 1e-9) > 1:
        return _Verdict(None, 0.0, "ambiguous")  # the clues fit several years equally well
    # Confidence counts every year the clues support, the bounded ones too: text pointing past
    # the page date is a conflict that should lower it, not vanish.
    support = (profiles > 0).any(axis=0)
    confidence = float(1.0 / np.exp(BETA * (scores[support] - scores[best])).sum())
    contrib: dict[str, float] = defaultdict(float)
    for clue, part in zip(clues, weights * profiles[:, best], strict=True):
        contrib[clue.kind] += float(part)
    top = sorted(
        (k for k, v in contrib.items() if v >= 0.25 * scores[best]), key=contrib.__getitem__
    )
    return _Verdict(int(YEARS[best]), round(confidence, 3), "+".join(top[::-1][:3]))


def _conflict(page: date | None, year: int | None) -> tuple[bool, str | None]:
    if page is None or year is None or abs(page.year - year) <= 1:
        return False, None
    gap = page.year - year
    side = "after" if gap > 0 else "before"
    return True, (
        f"page date {page.isoformat()} is {abs(gap)} years {side} the event year {year} "
        "read from the text; the page date is likely a scrape, update or re-publication date"
    )


def infer_dates(
    articles: pl.DataFrame, sentences: pl.DataFrame, knowledge: Knowledge
) -> pl.DataFrame:
    """One DATES row per article: event year from body-text clues, page date, conflicts."""
    compiled = _compile(knowledge)
    header = _header_dates(sentences)
    body = (
        sentences.filter(pl.col("role") == "body")
        .select("article_id", "sentence_index", "start", "text")
        .with_columns(
            found=pl.col("text").str.extract_all(compiled.rust),
            events=pl.col("text").str.extract_all(compiled.rust_events),
        )
        .filter((pl.col("found").list.len() > 0) | (pl.col("events").list.len() > 0))
        .sort("article_id", "sentence_index")
    )
    matches: dict[str, list[_Match]] = defaultdict(list)
    for aid, index, start, text, found, events in body.iter_rows():
        # A header date line is page furniture, not a body clue (a wire dateline is both).
        skip = header[aid][2] if aid in header and header[aid][4] else -1
        found_here = _locate(text, found, start, index, compiled.python)
        found_here += _locate(text, events, start, index, compiled.python_events)
        matches[aid].extend(sorted((m for m in found_here if m.start != skip), key=_by_start))
    rows = []
    for aid, page_given, given in articles.select(
        "article_id", "page_date", "given_event_year"
    ).iter_rows():
        page, page_clue = _page(aid, page_given, header)
        if given is not None:
            verdict, evidence = _Verdict(int(given), 1.0, "given"), []
        else:
            clues = _article_clues(matches.get(aid, []), compiled, page.year if page else None)
            if page is not None:
                _confirm_by_page(clues, page)
            if page_clue is not None and clues:
                clues.append(page_clue)
            elif page_clue is not None:
                clues = [page_clue]
            verdict = _decide(clues)
            evidence = [c.evidence() for c in sorted(clues, key=_order)]
        conflict, message = _conflict(page, verdict.year)
        rows.append(
            (
                aid,
                verdict.year,
                verdict.confidence,
                verdict.method,
                evidence,
                page,
                conflict,
                message,
            )
        )
    return pl.DataFrame(rows, schema=DATES, orient="row")


PAGE_CONFIRM_DAYS = 7
PAGE_CONFIRM_OTHERS = 0.3
"""A weekday-date that fits a day at most a week before the page date ("Wednesday, Nov. 6" on a
page dated 2024-11-07) is the story's own day: the page date and the weekday confirm each other,
so the weekday's other fitting years (a whole number of 5-11 years away) keep only this share."""


def _confirm_by_page(clues: list[Clue], page: date) -> None:
    for i, clue in enumerate(clues):
        if clue.key[:1] != ("wd",):
            continue
        month, day = clue.key[1]
        for year in (page.year, page.year - 1):
            if not YEAR_LO <= year <= YEAR_HI or clue.profile[year - YEAR_LO] < 1.0:
                continue
            try:
                lag = (page - date(year, month, day)).days
            except ValueError:
                continue
            if 0 <= lag <= PAGE_CONFIRM_DAYS:
                prof = clue.profile * PAGE_CONFIRM_OTHERS
                prof[year - YEAR_LO] = 1.0
                clues[i] = Clue(clue.kind, clue.text, clue.start, clue.end, clue.weight, prof,
                                year, year, clue.key, clue.count)  # fmt: skip
                break


def _by_start(m: _Match) -> int:
    return m.start


def _order(c: Clue) -> tuple[int, int]:
    return (c.start if c.start is not None else -1, c.year_min or 0)


def _page(
    aid: str, given: date | None, header: dict[str, tuple[date, str, int, int, bool]]
) -> tuple[date | None, Clue | None]:
    """The page date (metadata first, else the header) and its clue."""
    if given is not None:
        py = given.year
        return given, Clue(
            "page_date",
            given.isoformat(),
            None,
            None,
            W_PAGE_DATE,
            _page_profile(py),
            None,
            py,
            ("page",),
        )
    if aid in header:
        found, text, start, end, _ = header[aid]
        py = found.year
        return found, Clue(
            "page_date", text, start, end, W_PAGE_DATE, _page_profile(py), None, py, ("page",)
        )
    return None, None
