"""Seeded synthetic corpora and a simple sentence splitter for tests and benchmarks.

`synthetic_articles(n, seed)` returns an ARTICLES frame of n articles of 300–900 words built from
filler prose, side words, names and trigger phrases, so extraction has realistic work to do.
`simple_sentences(articles)` is a small regex splitter producing a SENTENCES frame (every
paragraph one `body` segment) so tests and benchmarks need not wait for `metrics.sentences`.
"""

from __future__ import annotations

import random
import re

import polars as pl

from metrics.schema import SENTENCES
from tests.factories import articles_frame

_FILLER = (
    "the economy grew slowly this quarter according to officials",
    "analysts expect markets to remain volatile for some time",
    "the report was published on the ministry website late on friday",
    "local elections drew a modest turnout across the region",
    "a spokesman declined to give further details about the plan",
    "critics said the budget did little for rural areas",
    "the weather delayed several flights at the main airport",
    "experts warned that prices could rise again next winter",
    "the committee will review the proposal before the summer recess",
    "officials refused to comment on the report",
)
_SUBJECTS = (
    "U.S. Secretary of State Rex Tillerson",
    "Russian Foreign Minister Sergey Lavrov",
    "Washington",
    "Moscow",
    "the Kremlin",
    "the White House",
    "Chinese officials",
    "the two sides",
    "American diplomats",
    "Russian negotiators",
    "they",
)
_PREDICATES = (
    "met in Geneva on Monday",
    "held talks on Syria and Ukraine",
    "agreed on arms control",
    "will meet next week",
    "refused to hold talks",
    "disagreed over Iran",
    "denied the accusations",
    "imposed new sanctions",
    "expelled diplomats",
    "threatened retaliation",
    "discussed North Korea",
    "did not meet",
    "invited the delegation to Moscow",
    "spoke by phone",
    "signed an agreement on space",
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|Gen|Sec|St|Jan|Feb|Aug|Sept|Oct|Nov|Dec|No|Sen|Rep|Gov|Lt|Col|Adm)\.$"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“(]?[A-Z0-9])")


def synthetic_articles(n: int, seed: int = 0, trigger_rate: float = 0.1) -> pl.DataFrame:
    """n articles (ARTICLES schema) of 300–900 words; `trigger_rate` = share of event sentences."""
    rng = random.Random(seed)
    texts = [_article(rng, trigger_rate) for _ in range(n)]
    return articles_frame({f"syn{i:07d}": t for i, t in enumerate(texts)})


def _article(rng: random.Random, trigger_rate: float) -> str:
    words, paragraphs, sentences = rng.randint(300, 900), [], []
    written = 0
    while written < words:
        # News sentences run to about 20 words: an event or filler clause plus a filler clause.
        if rng.random() < trigger_rate:
            text = f"{rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}, {rng.choice(_FILLER)}"
        else:
            text = f"{rng.choice(_FILLER)} and {rng.choice(_FILLER)}"
        sentence = text[0].upper() + text[1:] + "."
        sentences.append(sentence)
        written += len(sentence.split())
        if len(sentences) >= rng.randint(2, 5):
            paragraphs.append(" ".join(sentences))
            sentences = []
    paragraphs.append(" ".join(sentences))
    return "Synthetic report\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n"


def simple_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """SENTENCES for an ARTICLES frame: lines are segments, regex sentence ends, all `body`."""
    rows: list[tuple[str, int, int, int, int, str, str]] = []
    for article_id, text in articles.select("article_id", "text").iter_rows():
        index = 0
        for segment_index, line in enumerate(re.finditer(r"[^\n]+", text)):
            for start, end in _sentence_spans(line.group(0)):
                s, e = line.start() + start, line.start() + end
                rows.append((article_id, index, segment_index, s, e, text[s:e], "body"))
                index += 1
    return pl.DataFrame(rows, schema=SENTENCES, orient="row")


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        if _ABBREVIATION.search(line[start : m.end()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(line)))
    out = []
    for s, e in spans:  # trim whitespace so text[start:end] is the sentence itself
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
