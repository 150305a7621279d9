"""The value grammar: a figure as a writer states it -> a Value.

Raw value strings never reach a unit parser: pint's would read `240 kt` as knots,
`30 000 t` as 0 t and `1,5 t` as 15 t. The grammar below splits qualifier, number,
scale and unit itself, and asks `reecheck.units` about single unit names and
expressions of them only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from reecheck.model import Qualifier, Value
from reecheck.units import (
    UnitError,
    UnitInfo,
    UnknownUnitError,
    named_unit,
    pint_names_if_loaded,
    unit_expression_of,
    unit_info,
)


class GrammarError(Exception):
    """A value the grammar cannot read; `str()` is the user-facing reason."""


# --- vocabulary -------------------------------------------------------------

Phrase = tuple[str, ...]

APPROXIMATE: set[Phrase] = {
    ("about",), ("around",), ("roughly",), ("approximately",), ("some",),
    ("circa",), ("ca",), ("~",), ("≈",), ("an", "estimated"), ("estimated",),
}
LOWER_BOUND: set[Phrase] = {
    ("over",), ("more", "than"), ("above",), ("at", "least"), (">",), ("≥",),
    ("in", "excess", "of"), ("upwards", "of"),
}
UPPER_BOUND: set[Phrase] = {
    ("up", "to"), ("under",), ("below",), ("less", "than"), ("at", "most"),
    ("almost",), ("nearly",), ("<",), ("≤",), ("as", "much", "as"), ("top",),
}
# Emphasis that does not change the figure: "a scant 1%" is 1%.
FILLERS: set[Phrase] = {("only",), ("just",), ("a", "scant"), ("a", "mere")}

QUALIFIER_PHRASES: dict[Phrase, Qualifier | None] = {
    **{phrase: Qualifier.APPROXIMATE for phrase in APPROXIMATE},
    **{phrase: Qualifier.LOWER_BOUND for phrase in LOWER_BOUND},
    **{phrase: Qualifier.UPPER_BOUND for phrase in UPPER_BOUND},
    **{phrase: None for phrase in FILLERS},
}

UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
}
MULTIPLE_WORDS = {"twice": 2, "thrice": 3}
SCALES = {
    "hundred": Decimal(10) ** 2,
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}

CURRENCY_PREFIXES: dict[Phrase, str] = {
    ("$",): "USD", ("us", "$"): "USD", ("usd",): "USD",
    ("€",): "EUR", ("eur",): "EUR", ("£",): "GBP", ("gbp",): "GBP",
    ("₽",): "RUB", ("rub",): "RUB",
}
CURRENCY_WORDS: dict[Phrase, str] = {
    ("usd",): "USD", ("dollars",): "USD", ("us", "dollars"): "USD",
    ("eur",): "EUR", ("euros",): "EUR", ("gbp",): "GBP", ("pounds",): "GBP",
    ("rub",): "RUB", ("rubles",): "RUB", ("roubles",): "RUB",
    ("cny",): "CNY", ("yuan",): "CNY", ("rmb",): "CNY",
}
# Case matters for these symbols: Mt is a megatonne, mt is not.
CASED_UNITS = {"t": "metric_ton", "kt": "kilotonne", "Mt": "megatonne", "Gt": "gigatonne"}
UNIT_PHRASES: dict[Phrase, str] = {
    ("metric", "tons"): "metric_ton", ("metric", "ton"): "metric_ton",
    ("metric", "tonnes"): "metric_ton", ("tonnes",): "metric_ton",
    ("tonne",): "metric_ton", ("kilotonnes",): "kilotonne",
    ("kilotonne",): "kilotonne", ("megatonnes",): "megatonne",
    ("megatonne",): "megatonne", ("gigatonnes",): "gigatonne", ("gigatonne",): "gigatonne",
    ("kg",): "kilogram", ("kilograms",): "kilogram",
    ("kilogram",): "kilogram", ("g",): "gram", ("grams",): "gram",
    ("%",): "percent", ("percent",): "percent", ("per", "cent"): "percent",
    ("pct",): "percent", ("percentage", "points"): "percentage_point",
    ("percentage", "point"): "percentage_point", ("pp",): "percentage_point",
    ("times",): "times", ("x",): "times", ("×",): "times", ("count",): "count", ("rank",): "rank",
    ("years",): "year", ("year",): "year", ("months",): "month",
    ("month",): "month", ("days",): "day", ("day",): "day",
    **CURRENCY_WORDS,
}
PER_PERIOD: dict[Phrase, str] = {
    ("annually",): "year", ("per", "annum"): "year", ("a", "year"): "year",
    ("per", "year"): "year", ("yearly",): "year", ("a", "month"): "month",
    ("per", "month"): "month", ("monthly",): "month", ("a", "day"): "day",
    ("per", "day"): "day", ("daily",): "day",
}
AMBIGUOUS_UNITS = {
    "ton": 'ambiguous unit "ton": write "metric tons" or "short tons"',
    "tons": 'ambiguous unit "tons": write "metric tons" or "short tons"',
    "mt": 'ambiguous unit "mt": write "Mt" (megatonnes) or "t" (tonnes)',
    "m": 'ambiguous "m": write "million" or "metre"',
}

VOCABULARIES: dict[int, dict[Phrase, str] | dict[Phrase, Qualifier | None]] = {
    id(vocabulary): vocabulary
    for vocabulary in (QUALIFIER_PHRASES, CURRENCY_PREFIXES, UNIT_PHRASES, PER_PERIOD, CURRENCY_WORDS)
}

# --- tokens -----------------------------------------------------------------

TOKEN = re.compile(
    r"""
    (?P<number>\d+(?:(?:,\d{3})+|(?:[ \u00a0\u202f\u2009]\d{3})+)?(?:\.\d+)?|\.\d+)
    | (?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)
    | (?P<symbol>[$€£₽~≈<>≤≥%+×/\-])
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    glued: bool
    """True when no space separates this token from the one before it."""
    key: str = ""
    """The text in lower case, for looking words up."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", self.text.lower())


AMBIGUOUS_COMMA = re.compile(r"\d+(?:,\d+)*,(?!\d{3}(?!\d))\d+")


def tokenize(text: str) -> list[Token]:
    if comma := AMBIGUOUS_COMMA.search(text):
        raise GrammarError(
            f'"{comma.group()}" is ambiguous: write a decimal point, or group thousands in threes'
        )
    tokens: list[Token] = []
    previous_end = -1
    for match in TOKEN.finditer(text.translate(DASHES)):
        kind = match.lastgroup or "other"
        if kind == "space":
            continue
        if kind == "other":
            raise GrammarError(f'unexpected "{match.group()}" at character {match.start() + 1}')
        tokens.append(Token(kind, match.group(), match.start(), match.start() == previous_end))
        previous_end = match.end()
    return split_number_suffixes(tokens)


def split_number_suffixes(tokens: list[Token]) -> list[Token]:
    """Split "ten-fold" into ("ten", "fold") and "two-thirds" into ("two", "thirds")."""
    result: list[Token] = []
    for token in tokens:
        parts = token.text.split("-") if token.kind == "word" else [token.text]
        if len(parts) == 2 and parts[0].lower() in {*UNITS_WORDS, "a"}:
            result.append(Token("word", parts[0], token.start, token.glued))
            result.append(Token("word", parts[1], token.start + len(parts[0]) + 1, True))
        else:
            result.append(token)
    return result


# --- the grammar --------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    number: Decimal
    precision: Decimal
    scale: Decimal | None
    currency: str | None
    unit_hint: str | None
    """A unit the number itself implies ("ten-fold" is in times)."""

    @property
    def scaled_number(self) -> Decimal:
        return self.number * (self.scale or 1)

    @property
    def scaled_precision(self) -> Decimal:
        return self.precision * (self.scale or 1)

    def with_scale(self, scale: Decimal | None) -> Amount:
        return Amount(self.number, self.precision, scale, self.currency, self.unit_hint)


class Cursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.position = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at_end(self) -> bool:
        return self.position >= len(self.tokens)

    def match_phrase(self, phrases: dict[Phrase, str] | dict[Phrase, Qualifier | None]) -> Phrase | None:
        """The longest phrase of `phrases` starting here, consumed."""
        if self.position >= len(self.tokens) or self.tokens[self.position].key not in first_words(id(phrases)):
            return None
        for length in (3, 2, 1):
            window = self.tokens[self.position : self.position + length]
            candidate = tuple(token.key for token in window)
            if len(window) == length and candidate in phrases:
                self.position += length
                return candidate
        return None

    def take_word(self, *words: str) -> bool:
        token = self.peek()
        if token is not None and token.key in words:
            self.position += 1
            return True
        return False

    def rest(self) -> str:
        token = self.peek()
        return self.text.translate(DASHES)[token.start :].strip() if token else ""


@cache
def first_words(phrases_id: int) -> frozenset[str]:
    """The words phrases of one vocabulary start with, so most tokens are rejected at once."""
    return frozenset(phrase[0] for phrase in VOCABULARIES[phrases_id])


@lru_cache(maxsize=1 << 16)
def parse_value(text: str) -> Value:
    """Read a figure as a writer states it: "about 3.8 million tonnes", "90%+".

    Values are immutable and claim files repeat them, so readings are remembered."""
    from reecheck.dates import DateError, looks_like_date, parse_date

    if looks_like_date(text):
        try:
            return parse_date(text)
        except DateError as error:
            raise GrammarError(str(error)) from None
    cursor = Cursor(text.strip())
    if cursor.at_end():
        raise GrammarError("empty value")
    qualifier = parse_qualifier(cursor)
    low, high, unit_name = parse_body(cursor)
    if cursor.take_word("+"):
        if qualifier is not Qualifier.EXACT:
            raise GrammarError(f'a trailing "+" cannot follow the qualifier in "{text}"')
        qualifier = Qualifier.LOWER_BOUND
    if not cursor.at_end():
        raise GrammarError(f'cannot read "{cursor.rest()}"')
    return build_value(text.strip(), qualifier, low, high, unit_name)


def parse_qualifier(cursor: Cursor) -> Qualifier:
    qualifier = Qualifier.EXACT
    while (phrase := cursor.match_phrase(QUALIFIER_PHRASES)) is not None:
        found = QUALIFIER_PHRASES[phrase]
        if found is None:
            continue
        if qualifier is not Qualifier.EXACT:
            raise GrammarError(f'more than one qualifier ("{" ".join(phrase)}")')
        qualifier = found
    return qualifier


@dataclass(frozen=True)
class WrittenUnit:
    """The unit words after a number, as unit names: "per kg" is ((), ("kilogram",))."""

    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()

    def __str__(self) -> str:
        return " * ".join(self.numerator) + "".join(f" / {name}" for name in self.denominator)


def parse_body(cursor: Cursor) -> tuple[Amount, Amount, str]:
    if cursor.take_word("between"):
        low, low_unit = parse_amount_with_unit(cursor)
        if not cursor.take_word("and"):
            raise GrammarError('"between" needs "and"')
    elif cursor.take_word("from"):
        low, low_unit = parse_amount_with_unit(cursor)
        if not cursor.take_word("to", "-"):
            raise GrammarError('"from" needs "to"')
    else:
        low, low_unit = parse_amount_with_unit(cursor)
        if not cursor.take_word("-", "to"):
            return low, low, unit_expression(low.currency, low.unit_hint, low_unit)
    high, high_unit = parse_amount_with_unit(cursor)
    if low.scale is None and low_unit == WrittenUnit():
        low = low.with_scale(high.scale)  # "28.5-28.7 million", "$5-7 million": one scale, both ends
    if low_unit != WrittenUnit() and high_unit != WrittenUnit() and low_unit != high_unit:
        raise GrammarError(f'the two ends of the range have different units ("{low_unit}" and "{high_unit}")')
    if low.currency and high.currency and low.currency != high.currency:
        raise GrammarError("the two ends of the range have different currencies")
    # "US $10.5-13.5 per kg": the currency of one end and the unit of the other are the range's.
    unit = high_unit if high_unit != WrittenUnit() else low_unit
    return low, high, unit_expression(low.currency or high.currency, low.unit_hint or high.unit_hint, unit)


def parse_amount_with_unit(cursor: Cursor) -> tuple[Amount, WrittenUnit]:
    return parse_amount(cursor), parse_unit(cursor)


def parse_amount(cursor: Cursor) -> Amount:
    currency_phrase = cursor.match_phrase(CURRENCY_PREFIXES)
    currency = CURRENCY_PREFIXES[currency_phrase] if currency_phrase else None
    number, precision, unit_hint = parse_number(cursor)
    scale = parse_scale(cursor, currency)
    return Amount(number, precision, scale, currency, unit_hint)


def parse_number(cursor: Cursor) -> tuple[Decimal, Decimal, str | None]:
    token = cursor.peek()
    if token is None:
        raise GrammarError("a number is missing")
    if token.kind == "number":
        cursor.position += 1
        number = Decimal(re.sub(r"[, \u00a0\u202f\u2009]", "", token.text))
        return number, implied_precision(token.text), parse_multiple_suffix(cursor)
    return parse_number_words(cursor)


def implied_precision(digits: str) -> Decimal:
    """Half a step of the last digit given: 0.6 -> 0.05, 1 -> 0.5, 90 -> 0.5, 2,500 -> 50.

    A single trailing zero is too common in exact figures to read as rounding;
    two or more ("2,500", "30 000") are read as rounded to the last non-zero digit.
    """
    plain = re.sub(r"[^\d.]", "", digits)
    if "." in plain:
        return Decimal(5) / Decimal(10) ** (len(plain.split(".")[1]) + 1)
    trailing_zeros = len(plain) - len(plain.rstrip("0")) if plain.strip("0") else 0
    return Decimal(5) * Decimal(10) ** ((trailing_zeros if trailing_zeros >= 2 else 0) - 1)


def parse_multiple_suffix(cursor: Cursor) -> str | None:
    """"10x", "10×", "10-fold", "three times": a multiple, in times."""
    token = cursor.peek()
    if token is None:
        return None
    if (token.glued and token.key in ("fold", "x", "×")) or token.key == "times":
        cursor.position += 1
        return "times"
    if token.key == "-" and next_is(cursor, "fold", 1):
        cursor.position += 2
        return "times"
    return None


def next_is(cursor: Cursor, word: str, offset: int) -> bool:
    token = cursor.peek(offset)
    return token is not None and token.key == word


def parse_number_words(cursor: Cursor) -> tuple[Decimal, Decimal, str | None]:
    token = cursor.peek()
    assert token is not None
    key = token.key
    if key in MULTIPLE_WORDS:
        cursor.position += 1
        return Decimal(MULTIPLE_WORDS[key]), Decimal(0), "times"
    if key.endswith("fold") and key[:-4] in UNITS_WORDS:
        cursor.position += 1
        return Decimal(UNITS_WORDS[key[:-4]]), implied_precision(str(UNITS_WORDS[key[:-4]])), "times"
    if key in ORDINALS:
        cursor.position += 1
        return Decimal(ORDINALS[key]), Decimal(0), None
    if key in ("a", "an", "one") and cursor.peek(1) is not None:
        following = cursor.peek(1)
        assert following is not None
        if following.key in FRACTION_DENOMINATORS:
            cursor.position += 2
            return Decimal(1) / FRACTION_DENOMINATORS[following.key], Decimal(0), None
        if key != "one":
            cursor.position += 1
            return Decimal(1), Decimal(0), None
    if key in FRACTION_DENOMINATORS:
        cursor.position += 1
        return Decimal(1) / FRACTION_DENOMINATORS[key], Decimal(0), None
    if key in UNITS_WORDS:
        cursor.position += 1
        number = Decimal(UNITS_WORDS[key])
        compound = cursor.peek()
        if number >= 20 and compound is not None and compound.glued and compound.key in UNITS_WORDS:
            # "twenty-five" was split into "twenty" and "five".
            cursor.position += 1
            number += UNITS_WORDS[compound.key]
        fraction = cursor.peek()
        if fraction is not None and fraction.key in FRACTION_DENOMINATORS and number > 1:
            cursor.position += 1
            return number / FRACTION_DENOMINATORS[fraction.key], Decimal(0), None
        return number, implied_precision(str(number)), parse_multiple_suffix(cursor)
    raise GrammarError(f'expected a number, found "{token.text}"')


def parse_scale(cursor: Cursor, currency: str | None) -> Decimal | None:
    token = cursor.peek()
    if token is None or token.key not in SCALES:
        return None
    if token.key == "m" and not currency and not unit_follows(cursor):
        raise GrammarError(AMBIGUOUS_UNITS["m"])
    cursor.position += 1
    return SCALES[token.key]


def unit_follows(cursor: Cursor) -> bool:
    following = cursor.peek(1)
    return following is not None and following.kind == "word" and following.key not in ("to", "and")


def parse_unit(cursor: Cursor) -> WrittenUnit:
    """The unit words after a number."""
    numerator: list[str] = []
    denominator: list[str] = []
    while (token := cursor.peek()) is not None and token.key not in ("-", "to", "and", "or", "+"):
        if (period := cursor.match_phrase(PER_PERIOD)) is not None:
            denominator.append(PER_PERIOD[period])
        elif (phrase := cursor.match_phrase(UNIT_PHRASES)) is not None:
            numerator.append(UNIT_PHRASES[phrase])
        elif cursor.take_word("per", "/"):
            denominator.append(parse_unit_name(cursor))
        else:
            numerator.append(parse_unit_name(cursor))
    return WrittenUnit(tuple(numerator), tuple(denominator))


def unit_expression(currency: str | None, unit_hint: str | None, written: WrittenUnit) -> str:
    """One unit expression of single names for the currency, the multiple and the written unit."""
    # "$20 million USD" states its currency twice.
    numerator = list(dict.fromkeys([name for name in (currency, unit_hint) if name] + list(written.numerator)))
    if len(numerator) > 1:
        raise GrammarError(f'cannot combine units "{" ".join(numerator)}"')
    return unit_expression_of(numerator, written.denominator)


def parse_unit_name(cursor: Cursor) -> str:
    token = cursor.peek()
    if token is None:
        raise GrammarError('a unit is missing after "per"')
    if token.text in CASED_UNITS:
        cursor.position += 1
        return CASED_UNITS[token.text]
    if (phrase := cursor.match_phrase(UNIT_PHRASES)) is not None:
        return UNIT_PHRASES[phrase]
    if token.key in AMBIGUOUS_UNITS:
        raise GrammarError(AMBIGUOUS_UNITS[token.key])
    if token.kind != "word":
        raise GrammarError(f'unexpected "{token.text}"')
    cursor.position += 1
    return known_unit_name(token.text)


def known_unit_name(name: str) -> str:
    try:
        named_unit(name)
    except UnknownUnitError as error:
        raise GrammarError(f"{error}{suggestion(name)}") from None
    except UnitError as error:
        raise GrammarError(str(error)) from None
    return name


def suggestion(name: str) -> str:
    """Close words of the grammar's own vocabulary; pint's names only if its registry is built already,
    since building it costs more than a suggestion is worth."""
    vocabulary = {" ".join(phrase) for phrase in UNIT_PHRASES} | set(CASED_UNITS) | set(SCALES)
    close = difflib.get_close_matches(name.lower(), sorted(vocabulary), n=3, cutoff=0.75)
    if not close and len(name) > 3:  # pint's short symbols are close to every short word
        close = difflib.get_close_matches(name, pint_names_if_loaded(), n=3, cutoff=0.8)
    return f" (did you mean {' or '.join(f'{word!r}' for word in close)}?)" if close else ""


# --- from grammar to Value ------------------------------------------------------------


def build_value(text: str, qualifier: Qualifier, low: Amount, high: Amount, unit_name: str) -> Value:
    info = unit_info(unit_name)
    low_number: Decimal | None = low.scaled_number
    high_number: Decimal | None = high.scaled_number
    if low.scaled_number > high.scaled_number:
        raise GrammarError(f"the range runs backwards ({low.scaled_number} > {high.scaled_number})")
    if qualifier is Qualifier.LOWER_BOUND:
        high_number = None
    if qualifier is Qualifier.UPPER_BOUND:
        low_number = None
    return Value(
        text=text,
        low=low_number,
        high=high_number,
        unit=info.symbol,
        qualifier=qualifier,
        base_low=None if low_number is None else low_number * info.factor,
        base_high=None if high_number is None else high_number * info.factor,
        base_unit=info.base_unit,
        precision=max(low.scaled_precision, high.scaled_precision),
    )


def parse_unit_text(text: str) -> UnitInfo:
    """A topic's display unit ("million tonnes", "%", "calendar day"), read by the same grammar."""
    from reecheck.dates import DATE_UNIT, GRANULARITIES

    if text in GRANULARITIES:
        return UnitInfo(text, Decimal(1), DATE_UNIT)
    value = parse_value(f"1 {text}")
    if value.base_low is None:
        raise GrammarError(f'"{text}" is not a unit')
    return UnitInfo(text, value.base_low, value.base_unit)

