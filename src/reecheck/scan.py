"""Find the figures an article's text states, and say which claims cover them.

A figure is a number with what the grammar reads around it, read by the value grammar itself in its
lenient mode: qualifier, currency, scale, unit, rate, a second number for a range ("roughly 0.6
percent", "US $11 per kg", "2,500-2,600 metric tons", "90%+"). Years used as dates, days of a month,
clock times, list numbering, ordinals and names with digits are not figures (see the README).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from reecheck.grammar import (
    CURRENCY_PREFIXES,
    FRACTION_DENOMINATORS,
    MULTIPLE_WORDS,
    QUALIFIER_PHRASES,
    UNIT_PHRASES,
    UNITS_WORDS,
    Reading,
    read_figure,
    text_tokens,
)
from reecheck.model import Claim, Placeholder, Value, is_placeholder

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
LIST_MARKERS = ("stage", "phase", "step", "no.", "number", "#", "part", "chapter", "article", "section")
# Words before a bare number that make it a name or a label: "Game 6", "Category 3", "table 20".
LABELS = frozenset({*LIST_MARKERS, "game", "category", "table", "figure", "page", "route", "flight", "model",
                    "version", "class", "grade", "level", "round", "series", "channel", "gen", "generation",
                    "episode", "season", "week", "day", "highway", "interstate", "platform", "gate", "room"})
# Capitalised words that start sentences and stand before figures; any other capitalised word before
# a bare number names something ("Boeing 737", "iPhone 12", "Voyager 2").
SENTENCE_WORDS = frozenset({
    "the", "a", "an", "in", "on", "at", "by", "for", "from", "to", "of", "and", "but", "or", "with", "about",
    "around", "over", "under", "only", "just", "some", "all", "its", "their", "his", "her", "our", "my", "your",
    "since", "after", "before", "during", "between", "until", "than", "nearly", "almost", "more", "less",
    "up", "down", "as", "if", "when", "while", "this", "that", "these", "those", "there", "here", "it", "he",
    "she", "they", "we", "i", "you", "total", "another", "roughly", "approximately", "top", "each", "every",
    "per", "both", "last", "next", "first", "are", "is", "was", "were", "has", "had", "have", "will", "would",
    "could", "should", "might", "also", "still", "even", *MONTHS})
RANGE_WORDS = ("range", "ranges", "ranged", "ranging")
CLOCK_WORDS = ("am", "pm", "a.m.", "p.m.", "a", "p", "o'clock", "gmt", "et", "est", "edt", "pdt", "pst", "bst", "utc")
# A figure of words starts at a number word, a fraction or a multiple; "one", "a" and "an" only
# before a unit, a scale or a fraction ("one week", "a quarter million"), never as a pronoun.
WORD_STARTS = sorted({*UNITS_WORDS, *MULTIPLE_WORDS, "half", "minus"} - {"one", "hundred", "dozen"},
                     key=len, reverse=True)
ARTICLE_WORDS = ("one", "a", "an")
ARTICLE_FOLLOWERS = sorted({*FRACTION_DENOMINATORS, "hundred", "thousand", "million", "billion", "dozen", "in",
                            *(phrase[0] for phrase in UNIT_PHRASES if phrase[0].isalpha())}, key=len, reverse=True)
CURRENCY_CODES = sorted({phrase[0] for phrase in CURRENCY_PREFIXES if phrase[0][0].isalpha()}, key=len, reverse=True)
CANDIDATE = re.compile(
    rf"""
    (?:(?<![\w.,])|(?<=\bup)|(?<=\bdown))
    (?:[-−–]?[$€£₽¥₹]?\s?[-−–]?\.?\d
      | [$€£₽¥₹]
      | (?:{"|".join(CURRENCY_CODES)})\s?\$?\s?[-−–]?\d
      | (?:{"|".join(WORD_STARTS)})(?:fold)?\b
      | (?:one|an?)[\s-]+(?:{"|".join(ARTICLE_FOLLOWERS)})\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
QUALIFIER_WORDS = sorted((phrase for phrase in QUALIFIER_PHRASES if phrase != ("top",)), key=len, reverse=True)


def qualifier_pattern(phrase: tuple[str, ...]) -> str:
    pattern = re.escape(phrase[0])
    for word in phrase[1:]:
        pattern += (r"\s*" if not word.isalpha() or not pattern[-1].isalpha() else r"\s+") + re.escape(word)
    return pattern


QUALIFIER = "|".join(qualifier_pattern(phrase) for phrase in QUALIFIER_WORDS)
QUALIFIERS_BEFORE = re.compile(
    rf"(?<![\w-])(?:between\s+)?(?:(?:{QUALIFIER})(?:\s+|(?<=[-~≈<>≤≥])))+\Z|(?<![\w-])between\s+\Z",
    re.IGNORECASE,
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
WINDOW = 160
SHORT_WINDOW = 64


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
    position = 0
    lines = Lines(text)
    while (candidate := CANDIDATE.search(text, position)) is not None:
        reading, resume = figure_at(text, candidate.start())
        position = max(resume, candidate.start() + 1)
        if reading is not None:
            line, column = lines.position_of(reading.start)
            written = text[reading.start:reading.end]
            figures.append(Figure(written, reading.start, reading.end, line, column,
                                  replace(reading.value, text=written)))
    return figures


def figure_at(text: str, core: int) -> tuple[Reading | None, int]:
    """The figure whose number starts at `core`, widened to the qualifiers before it, if it is one;
    and where the search goes on."""
    start = qualified_start(text, core)
    reading = read_at(text, start, core)
    if reading is None and start != core:
        reading = read_at(text, core, core)
    if reading is None:
        return None, core + 1
    if not_a_figure(text, reading, core):
        return None, skip_past(text, reading)
    return reading, reading.end


def qualified_start(text: str, core: int) -> int:
    before = text[max(0, core - 40):core]
    if (paragraph := list(PARAGRAPH_BREAK.finditer(before))):
        before = before[paragraph[-1].end():]
    qualifiers = QUALIFIERS_BEFORE.search(before)
    if qualifiers is None:
        return core
    start = core - len(before) + qualifiers.start()
    if re.match(r"up\s+to\b", text[start:core], re.IGNORECASE) and came_back(text, start):
        return core  # "came back up to 3.1 percent" states 3.1 percent
    return start


BACK = re.compile(r"\bback\s+\Z")


def came_back(text: str, end: int) -> bool:
    """Whether text[:end] ends in "back" and white space. Searched from shortly before `end` (a search
    from the text's start costs a long article dearly), unless the white space reaches further."""
    near = max(0, end - 64)
    if text[near + 4:end].isspace():
        near = 0
    return BACK.search(text, near, end) is not None


def read_at(text: str, start: int, core: int) -> Reading | None:
    """The figure starting at `start`, read from a short stretch of text first: most figures are short."""
    reading, window_end = read_in_window(text, start, core, SHORT_WINDOW)
    if reading is None or window_end - start < SHORT_WINDOW or reading.end < window_end - SHORT_WINDOW // 2:
        return reading
    return read_in_window(text, start, core, WINDOW)[0]


def read_in_window(text: str, start: int, core: int, width: int) -> tuple[Reading | None, int]:
    end = min(len(text), start + width)
    if (paragraph := PARAGRAPH_BREAK.search(text, core, end)) is not None:
        end = paragraph.start()
    tokens = text_tokens(text, start, end)
    if not tokens:
        return None, end
    return read_figure(tokens, to_is_range=to_is_range(text, start)), end


def to_is_range(text: str, start: int) -> bool:
    """"from 4.8 percent to 4.7 percent" and "rose by 3 to 868" state two figures; "ranged from X to Y"
    and "X to Y" alone one range."""
    before = text[max(0, start - 30):start].lower().split()
    if not before:
        return True
    if before[-1] == "by":
        return False
    return before[-1] != "from" or (len(before) > 1 and before[-2] in RANGE_WORDS)


def not_a_figure(text: str, reading: Reading, core: int) -> bool:
    value = reading.value
    return (is_glued_to_a_word(text, reading) or is_a_code(text, core) or is_in_a_web_address(text, reading)
            or is_a_time_or_slashed_date(text, reading)
            or is_a_date_or_year(value, text, reading) or is_a_name(value, text, reading)
            or is_numbering(text, reading.start, reading.end) or is_a_lone_article(text, reading, core)
            or is_a_score(text, reading) or is_an_ordinal(text, reading))


def skip_past(text: str, reading: Reading) -> int:
    """Where the search goes on after something that is not a figure: past its digits and whatever
    is written against them ("06F6", "104-103", "12:32")."""
    glued = re.compile(r"[\w.:/]*(?:[-–][\d]+)?").match(text, reading.end)
    return glued.end() if glued else reading.end


def is_glued_to_a_word(text: str, reading: Reading) -> bool:
    """"5G", "7th", "1990s", "10.45pm", "3-pointer": digits written against letters name or order things."""
    after = text[reading.end:reading.end + 2]
    if after[:1].isalnum() and text[reading.end - 1].isalnum():
        return True
    return bool(re.match(r"-[^\W\d_]", after)) and text[reading.end - 1].isdigit()


def is_a_code(text: str, core: int) -> bool:
    """"00388", "06F6": a number written with a leading zero is a code."""
    return re.match(r"0\d", text[core:core + 2]) is not None


# An address runs to white space, or to a bracket or quote that closes it: "(https://a.com)12%".
WEB_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s)\]>\"'”’]*\Z", re.IGNORECASE)


def is_in_a_web_address(text: str, reading: Reading) -> bool:
    """"3948" of "https://indoent.com/en/3948.html": an address names a page and states nothing. Looked
    for among the characters back to the last white space, at most a long address's length."""
    return WEB_ADDRESS.search(text, max(0, reading.start - 256), reading.start) is not None


def is_a_time_or_slashed_date(text: str, reading: Reading) -> bool:
    """"5:25 a.m.", "12:32", "2 pm", "2009:1", and dates written "8/29/2016"."""
    # The two characters before the figure, not all the text before it: a search of that was most of
    # the time of a long article, for every figure.
    before = text[max(0, reading.start - 2):reading.start]
    if re.match(r"[:/]\d", text[reading.end:reading.end + 2]) or re.fullmatch(r"\d:", before):
        return True
    if reading.value.unit:
        return False
    following = text[reading.end:reading.end + 6].lower().split()
    return bool(following) and following[0].rstrip(",;)") in CLOCK_WORDS


def is_a_date_or_year(value: Value, text: str, reading: Reading) -> bool:
    """A bare 1900-2100 integer without a thousands separator is a year; a number up to 31 next to a
    month name is a day ("Oct. 31", "2 December 2025")."""
    if value.unit or value.base_unit != "dimensionless":
        return False
    written = text[reading.start:reading.end]
    numbers = [number for number in (value.low, value.high) if number is not None]
    if numbers and "," not in written and all(number == number.to_integral_value() and 1900 <= number <= 2100
                                              for number in numbers):
        return True
    if not all(1 <= number <= 31 and number == number.to_integral_value() for number in numbers):
        return False
    before = text[max(0, reading.start - 12):reading.start].lower().rstrip(" .,")
    after = text[reading.end:reading.end + 12].lower().lstrip(" ,").split(" ")[0].rstrip(".,")
    return before.endswith(MONTHS + MONTH_ABBREVIATIONS) or after in MONTHS or after in MONTH_ABBREVIATIONS


def is_a_name(value: Value, text: str, reading: Reading) -> bool:
    """A bare whole number after a label or a name: "Game 6", "S&P 500", "Boeing 737", "iPhone 12"."""
    written = text[reading.start:reading.end]
    if value.unit or not written.isdigit():
        return False
    words = re.findall(r"[\w&.#']+", text[max(0, reading.start - 20):reading.start])
    if not words:
        return False
    word = words[-1]
    return (word.lower() in LABELS or "&" in word
            or (any(letter.isupper() for letter in word) and word.lower() not in SENTENCE_WORDS)
            or re.match(r"\s*[A-Z]{2,}\b", text[reading.end:reading.end + 6]) is not None)


ITEM_MARK = re.compile(r"\s*[-•*]?\s*\Z")
"""What may stand before a number that numbers a line: nothing, or a dash or bullet, and white space."""


def is_numbering(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start].lower().rstrip()
    after = text[end : end + 2]
    line_start = text.rfind("\n", 0, start) + 1
    # Matched from the line's start rather than stripped: an article on one line would be copied whole.
    numbered_item = ITEM_MARK.match(text, line_start, start) is not None and re.match(r"[.)]\s", after) is not None
    return numbered_item or before.endswith(LIST_MARKERS)


def is_a_lone_article(text: str, reading: Reading, core: int) -> bool:
    """"one of the strongest", "a year ago": "one", "a" and "an" alone state no figure."""
    first = re.match(r"[^\W\d_]+", text[core:reading.end])
    if first is None or first.group().lower() not in ARTICLE_WORDS:
        return False
    value = reading.value
    return value.low == value.high == 1 and value.unit in ("", "a", "d", "month", "week", "h")


def is_an_ordinal(text: str, reading: Reading) -> bool:
    """"the first half", "a fifth straight rise", "a third 75 basis points hike": ordinals, not shares.
    A fraction alone is a share after "the first"/"second" never, and after "a" only before "of" or
    punctuation ("a fifth of its workforce", "almost a fifth (19%)")."""
    written = text[reading.start:reading.end].lower()
    last = re.search(r"(\w+)\Z", written)
    if last is None or last.group(1) not in FRACTION_DENOMINATORS:
        return False
    before = text[max(0, reading.start - 12):reading.start].lower().split()
    if written == last.group(1) and before and before[-1] in ("the", "first", "second", "a", "an"):
        return True
    if not re.match(r"(?:a|an|one)\s", written):
        return False
    following = text[reading.end:reading.end + 4]
    return re.match(r"\s+of\b|\s*[^\w\s]|\s*\Z", following) is None


def is_a_score(text: str, reading: Reading) -> bool:
    """"104-103", "3-0": a bare number before a lower one across a hyphen is a score."""
    following = re.match(r"[-–]\d+\b", text[reading.end:reading.end + 8])
    return following is not None and reading.value.unit == "" and text[reading.start:reading.end].isdigit()


class Lines:
    """Line and column of offsets taken in about increasing order: each counts only the line breaks
    since the one before, so that a long text is not counted from its start for every figure."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = self.line_start = 0
        self.line = 1

    def position_of(self, offset: int) -> tuple[int, int]:
        if offset < self.offset:  # a figure that starts before the last one: count again from the start
            self.offset = self.line_start = 0
            self.line = 1
        self.line += self.text.count("\n", self.offset, offset)
        if (last := self.text.rfind("\n", self.offset, offset)) != -1:
            self.line_start = last + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


@lru_cache(maxsize=1 << 16)
def figure_key(value: Value) -> tuple[frozenset[Decimal], str, str]:
    """What a figure states, whatever its qualifier: "up to 12 %" and "12 %" state the same number.
    Among plain numbers the unit as written tells them apart: "100.00%" is not the rank "1"."""
    written = value.unit if value.base_unit == "dimensionless" else ""
    return (frozenset(n.normalize() for n in (value.base_low, value.base_high) if n is not None), value.base_unit,
            written)


def coverage(figures: Sequence[Figure], claims: Sequence[Claim], ignored: Iterable[str], text: str,
             unfinished: Sequence[Placeholder] = ()) -> list[Coverage]:
    """Which claim of the article covers each figure of `text`: one that states the same number(s) in the
    same dimension and whose quote contains that occurrence of the figure, or an occurrence written the
    same way; or a claim still unfinished whose quote holds it and whose value starts as it is written,
    or is itself TODO (its placeholder is the finding)."""
    normal, offsets = normal_text_with_offsets(text)
    quoted = [(claim, figure_key(claim.value), quote_spans(normal, offsets, claim.quote)) for claim in claims]
    ignored_texts = {normal_text(ignored_text) for ignored_text in ignored}
    drafted = [(claim, quote_spans(normal, offsets, claim.quote)) for claim in unfinished]
    quoted_figures: dict[tuple[str, tuple[frozenset[Decimal], str, str]], str] = {}
    for figure in figures:
        key = figure_key(figure.value)
        quoting = next((claim.id for claim, claim_key, spans in quoted if claim_key == key and holds(spans, figure)),
                       None)
        if quoting is None:
            quoting = next((claim.id for claim, spans in drafted if holds(spans, figure) and (
                is_placeholder(claim.value) or normal_text(claim.value).startswith(normal_text(figure.text)))), None)
        if quoting is not None:
            quoted_figures.setdefault((normal_text(figure.text), key), quoting)
    result = []
    for figure in figures:
        # A figure repeated word for word is the claim's too, wherever it stands.
        covered_by = quoted_figures.get((normal_text(figure.text), figure_key(figure.value)))
        if covered_by is None and normal_text(figure.text) in ignored_texts:
            covered_by = "ignored"
        result.append(Coverage(figure, covered_by))
    return result


def holds(spans: Iterable[tuple[int, int]], figure: Figure) -> bool:
    """Whether a quote, standing at `spans` of the text, holds that occurrence of the figure."""
    return any(start <= figure.start and figure.end <= end for start, end in spans)


def quote_spans(normal: str, offsets: list[int], quote: str) -> list[tuple[int, int]]:
    """Where a quote stands in the text, as offsets of the original text, each occurrence."""
    wanted = normal_text(quote)
    spans = []
    position = normal.find(wanted) if wanted else -1
    while position != -1:
        spans.append((offsets[position], offsets[position + len(wanted) - 1] + 1))
        position = normal.find(wanted, position + 1)
    return spans


def normal_text_with_offsets(text: str) -> tuple[str, list[int]]:
    """normal_text(text), and for each of its characters the offset in `text` it comes from."""
    folded = text.translate(TYPOGRAPHY).casefold()
    if len(folded) != len(text):  # a character folds to several ("ß" to "ss"): place each by hand
        return normal_text_with_offsets_by_character(text)
    words: list[str] = []
    offsets: list[int] = []
    for word in WORD.finditer(folded):
        if words:  # the run of white space before it, as one space where the run starts
            words.append(" ")
            offsets.append(offsets[-1] + 1)
        words.append(word.group())
        offsets.extend(range(word.start(), word.end()))
    return "".join(words), offsets


WORD = re.compile(r"\S+")


def normal_text_with_offsets_by_character(text: str) -> tuple[str, list[int]]:
    characters: list[str] = []
    offsets: list[int] = []
    for offset, character in enumerate(text):
        normal = character.translate(TYPOGRAPHY).casefold()
        if normal.isspace():
            if characters and characters[-1] != " ":
                characters.append(" ")
                offsets.append(offset)
            continue
        characters.extend(normal)
        offsets.extend([offset] * len(normal))
    if characters and characters[-1] == " ":
        characters.pop()
        offsets.pop()
    return "".join(characters), offsets


TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                            "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})


def normal_text(text: str) -> str:
    """Text compared forgiving typography only: quotes, dashes, white space and case."""
    return " ".join(text.translate(TYPOGRAPHY).split()).casefold()

