"""Find the figures an article's text states, and say which claims cover them.

A figure is a number with what the grammar reads around it: qualifier, currency,
scale, unit, a second number for a range ("roughly 0.6 percent", "US $11 per kg",
"2,500-2,600 metric tons", "90%+"). Years used as dates, days of a month and list
numbering are not figures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from reecheck.grammar import (
    CASED_UNITS,
    CURRENCY_WORDS,
    PER_PERIOD,
    QUALIFIER_PHRASES,
    SCALES,
    UNIT_PHRASES,
    UNITS_WORDS,
    GrammarError,
    parse_value,
)
from reecheck.model import Claim, Value

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
LIST_MARKERS = ("stage", "phase", "step", "no.", "number", "#", "part", "chapter", "article", "section")


def phrase_pattern(phrases: Iterable[tuple[str, ...]]) -> str:
    """Alternatives for word phrases, longest first so that "metric tons" wins over "tons"."""
    words = sorted({" ".join(phrase) for phrase in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word) for word in phrase.split(" ")) for phrase in words)


NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?(?!\d)"
UNIT = phrase_pattern([*UNIT_PHRASES, *((unit,) for unit in CASED_UNITS)])
PER = phrase_pattern(PER_PERIOD)
SCALE = phrase_pattern((scale,) for scale in SCALES)
QUALIFIER = phrase_pattern(QUALIFIER_PHRASES)
# Spelled out, not \w+, which would make the engine try every word for a "fold" ending.
MULTIPLE_WORDS_PATTERN = "|".join(sorted(UNITS_WORDS, key=len, reverse=True))
FRACTION_WORDS = (r"(?:one|two|three|four)-(?:half|thirds?|quarters?|fifths?)"
                  rf"|(?:{MULTIPLE_WORDS_PATTERN})-?fold")
CURRENCY_PREFIX = r"(?:US\s?\$|\$|€|£|₽)"
UNIT_TAIL = (rf"(?:\s*(?:{UNIT})(?![\w$]))?(?:\s+(?:{phrase_pattern(CURRENCY_WORDS)})(?!\w))?"
             rf"(?:\s*(?:per\s+|/)\s*(?:{UNIT})(?![\w$])|\s+(?:{PER})(?!\w))?")
AMOUNT = rf"(?:{CURRENCY_PREFIX}\s?)?{NUMBER}(?:\s?(?:{SCALE})(?!\w))?"
FIGURE = re.compile(
    rf"""
    # A figure starts a word or at a symbol: testing that first spares the alternatives
    # below at most positions of a text.
    (?<!\w)(?=[\w$€£₽~≈<>≤≥])
    (?P<figure>
      (?:(?:{QUALIFIER})\s+)*
      (?:
        between\s+{AMOUNT}{UNIT_TAIL}\s+and\s+{AMOUNT}{UNIT_TAIL}
      | {AMOUNT}{UNIT_TAIL}(?:\s*[-–—]\s*|\s+to\s+)(?={CURRENCY_PREFIX}?\d){AMOUNT}{UNIT_TAIL}
      | {AMOUNT}(?P<compound>-(?:day|week|month|year)\b)?{UNIT_TAIL}
      | \b(?:{FRACTION_WORDS})\b
      )
      \+?
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    text: str
    start: int
    end: int
    line: int
    column: int
    value: Value


@dataclass(frozen=True)
class Coverage:
    figure: Figure
    covered_by: str | None
    """The covering claim's id, "ignored", or None."""


def scan(text: str) -> list[Figure]:
    """Every figure in `text`, in order of appearance."""
    figures = []
    for match in FIGURE.finditer(text):
        start, end = match.span("figure")
        if not starts_at_word_boundary(text, start) or is_not_a_figure(text, start, end):
            continue
        value = read_figure(match.group("figure"))
        if value is not None and not is_a_date_or_year(value, text, start):
            line, column = position(text, start)
            figures.append(Figure(match.group("figure"), start, end, line, column, value))
    return figures


@lru_cache(maxsize=1 << 16)
def read_figure(written: str) -> Value | None:
    # "30-day" is a compound adjective: the grammar reads it as "30 day".
    spoken = re.sub(r"(\d)-(day|week|month|year)\b", r"\1 \2", written, flags=re.IGNORECASE)
    try:
        value = parse_value(spoken)
    except GrammarError:
        return None
    return Value(written, value.low, value.high, value.unit, value.qualifier,
                 value.base_low, value.base_high, value.base_unit, value.precision)


def starts_at_word_boundary(text: str, start: int) -> bool:
    """"G7" and "COVID-19" hold digits but are names, not figures."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "-_/")


def is_not_a_figure(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].lower().rstrip()
    after = text[end : end + 2]
    line_start = text.rfind("\n", 0, start) + 1
    numbered_item = text[line_start:start].strip() in ("", "-", "•", "*") and re.match(r"[.)]\s", after) is not None
    return numbered_item or before.endswith(LIST_MARKERS)


def is_a_date_or_year(value: Value, text: str, start: int) -> bool:
    """A bare 1900-2100 integer is a year; a small number after a month name is a day."""
    if value.unit or value.base_unit != "dimensionless":
        return False
    numbers = [number for number in (value.low, value.high) if number is not None]
    if numbers and all(number == number.to_integral_value() and 1900 <= number <= 2100 for number in numbers):
        return True
    before = text[max(0, start - 12) : start].lower().rstrip()
    return before.endswith(MONTHS) and all(1 <= number <= 31 for number in numbers)


def position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@lru_cache(maxsize=1 << 16)
def figure_key(value: Value) -> tuple[frozenset[Decimal], str]:
    """What a figure states, whatever its qualifier: "up to 12 %" and "12 %" state the same number."""
    return frozenset(n.normalize() for n in (value.base_low, value.base_high) if n is not None), value.base_unit


def coverage(figures: Sequence[Figure], claims: Sequence[Claim], ignored: Iterable[str]) -> list[Coverage]:
    """Which claim of the article covers each figure; a figure repeated is covered once for all."""
    by_key = {figure_key(claim.value): claim.id for claim in reversed(claims)}
    ignored_texts = {normal_text(text) for text in ignored}
    result = []
    for figure in figures:
        covered_by = by_key.get(figure_key(figure.value))
        if covered_by is None and normal_text(figure.text) in ignored_texts:
            covered_by = "ignored"
        result.append(Coverage(figure, covered_by))
    return result


TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                            "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})


def normal_text(text: str) -> str:
    """Text compared forgiving typography only: quotes, dashes, white space and case."""
    return " ".join(text.translate(TYPOGRAPHY).split()).casefold()


def stub_claims(text: str, uncovered: Iterable[Figure]) -> Iterator[str]:
    """YAML claim stubs for uncovered figures: topic and source are for a person to fill in."""
    for index, figure in enumerate(uncovered, start=1):
        yield from (
            f"  - id: figure-{index}",
            "    topic: TODO",
            f"    value: {json.dumps(figure.text, ensure_ascii=False)}",
            "    source: TODO",
            f"    quote: {json.dumps(sentence_around(text, figure), ensure_ascii=False)}",
        )


def sentence_around(text: str, figure: Figure) -> str:
    """The sentence that states a figure, as the quote a curator starts from."""
    starts = [text.rfind(mark, 0, figure.start) for mark in (". ", "\n", "? ", "! ")]
    start = max(starts) + 1
    ends = [end for mark in (". ", "\n", "? ", "! ") if (end := text.find(mark, figure.end)) != -1]
    end = min(ends, default=len(text))
    return " ".join(text[start:end + 1].split()).rstrip(".")
