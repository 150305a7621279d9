"""The value grammar: a figure as a writer states it -> a Value.

Raw value strings never reach a unit parser: pint's would read `240 kt` as knots,
`30 000 t` as 0 t and `1,5 t` as 15 t. The grammar below splits qualifier, number,
scale and unit itself, and asks `reecheck.units` about single unit names and
expressions of them only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from reecheck.model import Qualifier, Value
from reecheck.units import (
    OWN_UNITS,
    TEMPERATURES,
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
    ("circa",), ("ca",), ("~",), ("≈",), ("an", "estimated"), ("estimated",), ("close", "to"), ("near",),
}
LOWER_BOUND: set[Phrase] = {
    ("over",), ("more", "than"), ("above",), ("at", "least"), (">",), ("≥",),
    ("in", "excess", "of"), ("upwards", "of"), ("no", "less", "than"), ("no", "fewer", "than"),
    ("not", "less", "than"), ("at", "or", "above"),
}
UPPER_BOUND: set[Phrase] = {
    ("up", "to"), ("under",), ("below",), ("less", "than"), ("at", "most"),
    ("almost",), ("nearly",), ("<",), ("≤",), ("as", "much", "as"), ("as", "many", "as"), ("top",),
    ("no", "more", "than"), ("not", "more", "than"), ("fewer", "than"), ("at", "or", "below"), ("sub", "-"),
}
# Emphasis that does not change the figure: "a scant 1%" is 1%, "slightly below 5" is below 5.
FILLERS: set[Phrase] = {("only",), ("just",), ("a", "scant"), ("a", "mere"), ("somewhat",), ("slightly",),
                        ("a", "little"), ("little",), ("well",)}

QUALIFIER_PHRASES: dict[Phrase, Qualifier | None] = {
    **{phrase: Qualifier.APPROXIMATE for phrase in APPROXIMATE},
    **{phrase: Qualifier.LOWER_BOUND for phrase in LOWER_BOUND},
    **{phrase: Qualifier.UPPER_BOUND for phrase in UPPER_BOUND},
    **{phrase: None for phrase in FILLERS},
}
# "the top 10 of which" ranks; in a claim file "top five" is an upper bound.
CLAIM_FILE_ONLY_QUALIFIERS = {("top",)}

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
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
MULTIPLE_WORDS = {"twice": 2, "thrice": 3}
SCALES = {
    "hundred": Decimal(10) ** 2,
    "thousand": Decimal(10) ** 3, "k": Decimal(10) ** 3,
    "million": Decimal(10) ** 6, "mln": Decimal(10) ** 6, "mn": Decimal(10) ** 6, "mil": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "bln": Decimal(10) ** 9, "b": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12, "tn": Decimal(10) ** 12,
}
# Letters that are a scale only written against the number: "$4.2b", "$2.174T".
GLUED_SCALES = {"b"}
TRILLION_AFTER_CURRENCY = "T"
MAX_DIGITS = 40
"""Longer numbers are refused: no figure has them, and reading them must stay cheap."""

CURRENCY_PREFIXES: dict[Phrase, str] = {
    ("$",): "USD", ("us", "$"): "USD", ("$", "us"): "USD", ("usd",): "USD",
    ("€",): "EUR", ("eur",): "EUR", ("euro",): "EUR", ("£",): "GBP", ("gbp",): "GBP",
    ("₽",): "RUB", ("rub",): "RUB", ("¥",): "JPY", ("jpy",): "JPY", ("cny",): "CNY", ("rmb",): "CNY",
    ("hk", "$"): "HKD", ("hkd",): "HKD", ("c", "$"): "CAD", ("cad",): "CAD", ("a", "$"): "AUD",
    ("aud",): "AUD", ("chf",): "CHF", ("rm",): "MYR", ("myr",): "MYR", ("₹",): "INR", ("inr",): "INR",
}
# "A$5" is Australian dollars, "a $5 fee" is not: these letters must touch their "$".
GLUED_PREFIXES = {("a", "$"), ("c", "$"), ("hk", "$"), ("$", "us")}
CURRENCY_WORDS: dict[Phrase, str] = {
    ("usd",): "USD", ("dollars",): "USD", ("dollar",): "USD", ("us", "dollars"): "USD",
    ("eur",): "EUR", ("euros",): "EUR", ("euro",): "EUR", ("gbp",): "GBP", ("sterling",): "GBP",
    ("rub",): "RUB", ("rubles",): "RUB", ("roubles",): "RUB",
    ("cny",): "CNY", ("yuan",): "CNY", ("rmb",): "CNY", ("renminbi",): "CNY",
    ("jpy",): "JPY", ("yen",): "JPY", ("hkd",): "HKD", ("cad",): "CAD", ("aud",): "AUD",
    ("chf",): "CHF", ("francs",): "CHF", ("swiss", "francs"): "CHF", ("myr",): "MYR", ("ringgit",): "MYR",
    ("inr",): "INR", ("rupees",): "INR", ("€",): "EUR",
    ("cents",): "cent", ("cent",): "cent", ("us", "cents"): "cent", ("pence",): "penny", ("penny",): "penny",
}
# Case matters for these symbols: Mt is a megatonne, mt is not; 5 g is a mass, 5G a network; L is a litre.
CASED_UNITS = {"g": "gram", "pc": "percent", "t": "metric_ton", "kt": "kilotonne", "Mt": "megatonne",
               "Gt": "gigatonne", "L": "liter", "kW": "kilowatt", "MW": "megawatt", "GW": "gigawatt",
               "kWh": "kilowatt_hour", "MWh": "megawatt_hour", "GWh": "gigawatt_hour", "TWh": "terawatt_hour"}
UNIT_PHRASES: dict[Phrase, str] = {
    ("metric", "tons"): "metric_ton", ("metric", "ton"): "metric_ton",
    ("metric", "tonnes"): "metric_ton", ("metric", "tonne"): "metric_ton", ("tonnes",): "metric_ton",
    ("tonne",): "metric_ton", ("kilotonnes",): "kilotonne", ("kilotonne",): "kilotonne",
    # Kilotons and megatons are read as metric, like kilotonnes: news writes both for 10^6 and 10^9 kg.
    ("kilotons",): "kilotonne", ("kiloton",): "kilotonne", ("megatons",): "megatonne", ("megaton",): "megatonne",
    ("megatonnes",): "megatonne",
    ("megatonne",): "megatonne", ("gigatonnes",): "gigatonne", ("gigatonne",): "gigatonne",
    ("kg",): "kilogram", ("kilograms",): "kilogram",
    ("kilogram",): "kilogram", ("grams",): "gram", ("gram",): "gram",
    ("mg",): "milligram", ("milligrams",): "milligram", ("milligram",): "milligram",
    ("short", "tons"): "short_ton", ("short", "ton"): "short_ton", ("long", "tons"): "long_ton",
    ("pounds",): "pound", ("pound",): "pound", ("lb",): "pound", ("lbs",): "pound",
    ("ounces",): "ounce", ("ounce",): "ounce", ("oz",): "ounce",
    ("troy", "ounces"): "troy_ounce", ("troy", "ounce"): "troy_ounce",
    ("%",): "percent", ("percent",): "percent", ("per", "cent"): "percent",
    ("pct",): "percent", ("percentage", "points"): "percentage_point",
    ("percentage", "point"): "percentage_point", ("pp",): "percentage_point",
    ("basis", "points"): "basis_point", ("basis", "point"): "basis_point", ("bps",): "basis_point",
    ("times",): "times", ("x",): "times", ("×",): "times", ("count",): "count", ("rank",): "rank",
    ("years",): "year", ("year",): "year", ("months",): "month",
    ("month",): "month", ("days",): "day", ("day",): "day", ("weeks",): "week", ("week",): "week",
    ("hours",): "hour", ("hour",): "hour", ("hrs",): "hour", ("minutes",): "minute", ("minute",): "minute",
    ("mins",): "minute", ("min",): "minute", ("seconds",): "second", ("second",): "second",
    ("km",): "kilometer", ("kilometres",): "kilometer", ("kilometre",): "kilometer",
    ("kilometers",): "kilometer", ("kilometer",): "kilometer", ("metres",): "meter", ("metre",): "meter",
    ("meters",): "meter", ("meter",): "meter", ("cm",): "centimeter", ("centimetres",): "centimeter",
    ("centimeters",): "centimeter", ("mm",): "millimeter", ("millimetres",): "millimeter",
    ("millimeters",): "millimeter", ("nm",): "nanometer", ("nanometres",): "nanometer",
    ("nanometers",): "nanometer", ("nanometer",): "nanometer", ("nanometre",): "nanometer",
    ("miles",): "mile", ("mile",): "mile", ("mi",): "mile", ("feet",): "foot", ("foot",): "foot",
    ("ft",): "foot", ("yards",): "yard", ("yard",): "yard", ("yd",): "yard", ("yds",): "yard",
    ("inches",): "inch", ("inch",): "inch", ("″",): "inch", ("nautical", "miles"): "nautical_mile",
    ("acres",): "acre", ("acre",): "acre", ("hectares",): "hectare", ("hectare",): "hectare", ("ha",): "hectare",
    ("litres",): "liter", ("liters",): "liter", ("litre",): "liter", ("liter",): "liter",
    ("millilitres",): "milliliter", ("milliliters",): "milliliter", ("ml",): "milliliter",
    ("gallons",): "gallon", ("gallon",): "gallon", ("gal",): "gallon",
    # A barrel in the news is a barrel of oil (pint's "barrel" is another).
    ("barrels",): "oil_barrel", ("barrel",): "oil_barrel", ("bbl",): "oil_barrel",
    ("megabits",): "megabit", ("megabit",): "megabit", ("gigabits",): "gigabit", ("gigabit",): "gigabit",
    ("watts",): "watt", ("watt",): "watt", ("kilowatts",): "kilowatt", ("megawatts",): "megawatt",
    ("gigawatts",): "gigawatt",
    **CURRENCY_WORDS,
}
COMPOUND_UNITS: dict[Phrase, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("mph",): (("mile",), ("hour",)), ("kph",): (("kilometer",), ("hour",)),
    ("tpa",): (("metric_ton",), ("year",)), ("tpy",): (("metric_ton",), ("year",)),
    ("tpd",): (("metric_ton",), ("day",)), ("bpd",): (("oil_barrel",), ("day",)),
    ("mbps",): (("megabit",), ("second",)), ("gbps",): (("gigabit",), ("second",)),
    ("sq", "m"): (("meter ** 2",), ()), ("square", "metres"): (("meter ** 2",), ()),
    ("square", "meters"): (("meter ** 2",), ()), ("m²",): (("meter ** 2",), ()),
    ("sq", "km"): (("kilometer ** 2",), ()), ("square", "kilometres"): (("kilometer ** 2",), ()),
    ("square", "kilometers"): (("kilometer ** 2",), ()), ("km²",): (("kilometer ** 2",), ()),
    ("sq", "ft"): (("foot ** 2",), ()), ("square", "feet"): (("foot ** 2",), ()),
    ("square", "foot"): (("foot ** 2",), ()), ("sq", "mi"): (("mile ** 2",), ()),
    ("square", "miles"): (("mile ** 2",), ()), ("square", "mile"): (("mile ** 2",), ()),
    ("cubic", "metres"): (("meter ** 3",), ()), ("cubic", "meters"): (("meter ** 3",), ()),
    ("m³",): (("meter ** 3",), ()), ("cubic", "feet"): (("foot ** 3",), ()),
}
TEMPERATURE_PHRASES: dict[Phrase, str] = {
    ("°", "c"): "degC", ("°", "f"): "degF", ("degrees", "celsius"): "degC", ("degree", "celsius"): "degC",
    ("degrees", "centigrade"): "degC", ("degrees", "fahrenheit"): "degF", ("degree", "fahrenheit"): "degF",
    ("celsius",): "degC", ("fahrenheit",): "degF",
}
# "30 C" and "-10C" in running text; "5 c" is nothing.
CASED_TEMPERATURES = {"C": "degC", "F": "degF"}
# Abbreviations that are units only after "per" or "/": "kt/y", "$15/hr", "km/h".
PER_ONLY_UNITS = {"y": "year", "yr": "year", "h": "hour", "hr": "hour", "d": "day", "wk": "week",
                  "mo": "month", "s": "second", "sec": "second"}
PER_PERIOD: dict[Phrase, str] = {
    ("annually",): "year", ("per", "annum"): "year", ("a", "year"): "year",
    ("per", "year"): "year", ("yearly",): "year", ("a", "month"): "month",
    ("per", "month"): "month", ("monthly",): "month", ("a", "day"): "day",
    ("per", "day"): "day", ("daily",): "day", ("a", "week"): "week", ("per", "week"): "week",
    ("weekly",): "week", ("each", "year"): "year", ("each", "day"): "day", ("every", "year"): "year",
    ("every", "day"): "day", ("an", "hour"): "hour", ("per", "hour"): "hour", ("hourly",): "hour",
}
# Words that make the unit after them a denominator: "$55 a barrel", "RM2,026 per tonne".
PER_WORDS = ("per", "/", "a", "an", "each", "every")
AMBIGUOUS_UNITS = {
    "ton": 'ambiguous unit "ton": write "metric tons" or "short tons"',
    "tons": 'ambiguous unit "tons": write "metric tons" or "short tons"',
    "mt": 'ambiguous unit "mt": write "Mt" (megatonnes) or "t" (tonnes)',
    "m": 'ambiguous "m": write "million" or "metre"',
}
# What the scanner reads where a claim file must be precise (see the README: the scanner).
SCANNER_READINGS = {"ton": "metric_ton", "tons": "metric_ton", "mt": "metric_ton"}
# Short names pint would read as a surprise (7th as thou, 3rd as rods, 70 pc as parsecs, 5G as
# gauss): pint is asked only about longer names, or these short ones, and never about the few below.
PINT_SHORT_NAMES = frozenset({"bar", "psi", "Pa", "kPa", "MPa", "hPa", "Hz", "kHz", "MHz", "GHz", "J", "kJ",
                              "MJ", "GJ", "V", "kV", "mV", "A", "mA", "mAh", "Ah", "cal", "kcal", "ppm",
                              "ppb", "mol", "dB"})
PINT_SURPRISES = frozenset({"thou", "point", "points", "line", "lines", "hand", "hands", "span", "turn", "turns",
                            "degree", "degrees", "quad", "quads", "bag", "bags", "stone", "stones", "cord",
                            "cords", "mil", "mils", "hour_angle"})

VOCABULARIES: dict[int, dict[Phrase, str] | dict[Phrase, Qualifier | None]] = {
    id(vocabulary): vocabulary
    for vocabulary in (QUALIFIER_PHRASES, CURRENCY_PREFIXES, UNIT_PHRASES, PER_PERIOD, CURRENCY_WORDS,
                       TEMPERATURE_PHRASES)
}

# --- tokens -----------------------------------------------------------------

WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
SYMBOL = r"[$€£₽¥₹~≈<>≤≥%+×/°″\-]"
TOKEN = re.compile(
    rf"""
    (?P<number>\d+(?:(?:,\d{{3}})+|(?:[ \u00a0\u202f\u2009]\d{{3}})+)?(?:\.\d+)?|\.\d+)
    | (?P<word>{WORD})
    | (?P<symbol>{SYMBOL})
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)
# In running text only a group of one to three digits starts thousands grouped by spaces, so that
# "in 2008 100 people" stays two numbers; a comma that does not group thousands ends the number.
TEXT_TOKEN = re.compile(
    rf"""
    (?P<number>\d{{1,3}}(?:,\d{{3}})+(?!\d)(?:\.\d+)?
      | \d{{1,3}}(?:[ \u00a0\u202f\u2009]\d{{3}})+(?![\d,])(?:\.\d+)?
      | \d+(?:\.\d+)?|\.\d+)
    | (?P<word>{WORD})
    | (?P<symbol>{SYMBOL})
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-"})


class Token:
    """One token of a value or of a text: its kind, text and place."""

    __slots__ = ("end", "glued", "key", "kind", "start", "text")

    def __init__(self, kind: str, text: str, start: int, glued: bool) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = start + len(text)
        self.glued = glued
        """True when no space separates this token from the one before it."""
        self.key = text.lower()
        """The text in lower case, for looking words up."""


AMBIGUOUS_COMMA = re.compile(r"(?<![\d,])\d+(?:,\d+)*,(?!\d{3}(?!\d))\d+")


def tokenize(text: str) -> list[Token]:
    """A claim file's value as tokens; a character the grammar has no use for is an error."""
    if comma := AMBIGUOUS_COMMA.search(text):
        raise GrammarError(
            f'"{comma.group()}" is ambiguous: write a decimal point, or group thousands in threes'
        )
    tokens = list(raw_tokens(TOKEN, text, 0, len(text)))
    if other := next((token for token in tokens if token.kind == "other"), None):
        raise GrammarError(f'unexpected "{other.text}" at character {other.start + 1}')
    return split_words(tokens)


def text_tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of text[start:end] with their offsets in `text`, for the scanner: nothing raises."""
    return split_words(list(raw_tokens(TEXT_TOKEN, text, start, end)))


def raw_tokens(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[Token]:
    previous_end = -1
    for match in pattern.finditer(text[start:end].translate(DASHES)):
        kind = match.lastgroup or "other"
        if kind != "space":
            yield Token(kind, match.group(), start + match.start(), match.start() == previous_end)
            previous_end = match.end()


def split_words(tokens: list[Token]) -> list[Token]:
    """Split "ten-fold" into ("ten", "fold"), "two-thirds" into ("two", "thirds"), and any other
    hyphenated word into its parts with the hyphens between: "barrel-per-day"."""
    result: list[Token] = []
    for token in tokens:
        parts = token.text.split("-") if token.kind == "word" else [token.text]
        if len(parts) == 1:
            result.append(token)
        elif len(parts) == 2 and parts[0].lower() in {*UNITS_WORDS, "a"}:
            result.append(Token("word", parts[0], token.start, token.glued))
            result.append(Token("word", parts[1], token.start + len(parts[0]) + 1, True))
        else:
            result.extend(hyphenated_parts(token, parts))
    return result


def hyphenated_parts(token: Token, parts: list[str]) -> Iterator[Token]:
    offset = token.start
    for index, part in enumerate(parts):
        if index:
            yield Token("symbol", "-", offset, True)
            offset += 1
        yield Token("word", part, offset, token.glued or index > 0)
        offset += len(part)


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
    """Tokens and a position in them. A lenient cursor reads running text for the scanner: it stops
    where a claim file's value would be an error, and reads what a claim file must state precisely
    ("tons", "MT", a bare "m") as the scanner documents."""

    def __init__(self, tokens: list[Token], lenient: bool = False, text: str = "") -> None:
        self.text = text
        self.tokens = tokens
        self.position = 0
        self.lenient = lenient

    def peek(self, offset: int = 0) -> Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at_end(self) -> bool:
        return self.position >= len(self.tokens)

    def phrase_at(self, phrases: dict[Phrase, str] | dict[Phrase, Qualifier | None], offset: int = 0) -> Phrase | None:
        """The longest phrase of `phrases` starting `offset` tokens ahead, not consumed."""
        start = self.position + offset
        if start >= len(self.tokens) or self.tokens[start].key not in first_words(id(phrases)):
            return None
        for length in (3, 2, 1):
            window = self.tokens[start : start + length]
            candidate = tuple(token.key for token in window)
            if len(window) == length and candidate in phrases:
                return candidate
        return None

    def match_phrase(self, phrases: dict[Phrase, str] | dict[Phrase, Qualifier | None]) -> Phrase | None:
        """The longest phrase of `phrases` starting here, consumed."""
        phrase = self.phrase_at(phrases)
        if phrase is not None:
            self.position += len(phrase)
        return phrase

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
    cursor = Cursor(tokenize(text.strip()), text=text.strip())
    if cursor.at_end():
        raise GrammarError("empty value")
    qualifier = parse_qualifier(cursor)
    low, high, unit_name = parse_body(cursor)
    qualifier = parse_trailing_plus(cursor, qualifier, text)
    skip_substance(cursor, unit_name)
    if not cursor.at_end():
        raise GrammarError(f'cannot read "{cursor.rest()}"')
    return build_value(text.strip(), qualifier, low, high, unit_name)


@dataclass(frozen=True)
class Reading:
    """A figure the scanner read: its value, and the offsets of its first and last characters."""

    value: Value
    start: int
    end: int


def read_figure(tokens: list[Token], to_is_range: bool) -> Reading | None:
    """The longest figure that `tokens` of running text start with, read leniently; None when they do
    not start with one. "X to Y" is one range only when `to_is_range` ("rose by 3 to 868" is two)."""
    cursor = Cursor(tokens, lenient=True)
    try:
        qualifier = parse_qualifier(cursor)
        low, high, unit_name = parse_body(cursor, to_is_range)
        qualifier = parse_trailing_plus(cursor, qualifier, "")
        value = build_value("", qualifier, low, high, unit_name, lenient=True)
    except GrammarError:
        return None
    return Reading(value, tokens[0].start, tokens[cursor.position - 1].end)


def parse_trailing_plus(cursor: Cursor, qualifier: Qualifier, text: str) -> Qualifier:
    """"90%+" is a lower bound."""
    token = cursor.peek()
    if token is None or token.key != "+" or (cursor.lenient and not token.glued):
        return qualifier
    if qualifier is not Qualifier.EXACT:
        if cursor.lenient:
            return qualifier
        raise GrammarError(f'a trailing "+" cannot follow the qualifier in "{text}"')
    cursor.position += 1
    return Qualifier.LOWER_BOUND


def skip_substance(cursor: Cursor, unit_name: str) -> None:
    """"5 tonnes of cobalt": the words after "of" name what is measured, not the unit."""
    if unit_name and cursor.take_word("of"):
        if cursor.at_end() or any(token.kind != "word" for token in cursor.tokens[cursor.position:]):
            raise GrammarError(f'cannot read "of {cursor.rest()}"')
        cursor.position = len(cursor.tokens)


def parse_qualifier(cursor: Cursor) -> Qualifier:
    qualifier = Qualifier.EXACT
    while (phrase := cursor.phrase_at(QUALIFIER_PHRASES)) is not None:
        if cursor.lenient and phrase in CLAIM_FILE_ONLY_QUALIFIERS:
            break
        cursor.position += len(phrase)
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

    def plus(self, other: WrittenUnit) -> WrittenUnit:
        return WrittenUnit(self.numerator + other.numerator, self.denominator + other.denominator)


NO_UNIT = WrittenUnit()


def parse_body(cursor: Cursor, to_is_range: bool = True) -> tuple[Amount, Amount, str]:
    if cursor.take_word("between"):
        low, low_unit = parse_amount_with_unit(cursor)
        if not cursor.take_word("and"):
            raise GrammarError('"between" needs "and"')
        high, high_unit = parse_amount_with_unit(cursor)
        return joined_range(cursor, low, low_unit, high, high_unit)
    if not cursor.lenient and cursor.take_word("from"):
        low, low_unit = parse_amount_with_unit(cursor)
        if not cursor.take_word("to", "-"):
            raise GrammarError('"from" needs "to"')
        high, high_unit = parse_amount_with_unit(cursor)
        return joined_range(cursor, low, low_unit, high, high_unit)
    low, low_unit = parse_amount_with_unit(cursor)
    if cursor.lenient:
        return lenient_range(cursor, low, low_unit, to_is_range)
    if not cursor.take_word("-", "to"):
        return low, low, unit_expression(low, low_unit)
    high, high_unit = parse_amount_with_unit(cursor)
    return joined_range(cursor, low, low_unit, high, high_unit)


def lenient_range(cursor: Cursor, low: Amount, low_unit: WrittenUnit, to_is_range: bool) -> tuple[Amount, Amount, str]:
    """In running text "X-Y" and "X to Y" are one range only when they can be: a second number
    follows, in the same unit, not below the first. Otherwise the first figure ends before them."""
    single = low, low, unit_expression(low, low_unit)
    separator = cursor.peek()
    if separator is None or separator.key not in ("-", "to", "~"):
        return single
    if separator.key == "to" and (not to_is_range or low_unit != NO_UNIT):
        return single  # "from 4.8 percent to 4.7 percent", "RM343 per tonne to RM1,481 per tonne": a change
    mark = cursor.position
    if low_unit == NO_UNIT and is_a_year(low, cursor.tokens[mark - 1]):
        return single  # "144,000 metric tons in 2022 to 175,000 metric tons in 2023"
    cursor.position += 1
    try:
        high, high_unit = parse_amount_with_unit(cursor)
        if low_unit != NO_UNIT and high_unit == NO_UNIT:
            raise GrammarError("only the first end has a unit")
        low, high, unit = joined_range(cursor, low, low_unit, high, high_unit)
        if low.scaled_number > high.scaled_number:
            raise GrammarError("a fall, not a range")
    except GrammarError:
        cursor.position = mark
        return single
    return low, high, unit


def is_a_year(amount: Amount, last: Token) -> bool:
    """A bare whole number from 1900 to 2100 written without a separator, as years are."""
    return (amount.scale is None and amount.currency is None and amount.unit_hint is None
            and last.text.isdigit() and 1900 <= amount.number <= 2100)


def joined_range(cursor: Cursor, low: Amount, low_unit: WrittenUnit, high: Amount,
                 high_unit: WrittenUnit) -> tuple[Amount, Amount, str]:
    if low.scale is None and low_unit == NO_UNIT and low.number <= high.number:
        low = low.with_scale(high.scale)  # "28.5-28.7 million", "$5-7 million": one scale, both ends
    if low_unit != NO_UNIT and high_unit != NO_UNIT and low_unit != high_unit:
        raise GrammarError(f'the two ends of the range have different units ("{low_unit}" and "{high_unit}")')
    if low.currency and high.currency and low.currency != high.currency:
        raise GrammarError("the two ends of the range have different currencies")
    # "US $10.5-13.5 per kg": the currency of one end and the unit of the other are the range's.
    unit = high_unit if high_unit != NO_UNIT else low_unit
    merged = Amount(low.number, low.precision, low.scale, low.currency or high.currency,
                    low.unit_hint or high.unit_hint)
    return low, high, unit_expression(merged, unit)


def parse_amount_with_unit(cursor: Cursor) -> tuple[Amount, WrittenUnit]:
    amount = parse_amount(cursor)
    return amount, parse_unit(cursor, amount)


def parse_amount(cursor: Cursor) -> Amount:
    currency = parse_currency_prefix(cursor)
    number, precision, unit_hint = parse_number(cursor)
    scale = parse_scale(cursor, currency, number)
    return Amount(number, precision, scale, currency, unit_hint)


def parse_currency_prefix(cursor: Cursor) -> str | None:
    phrase = cursor.phrase_at(CURRENCY_PREFIXES)
    if phrase is None:
        return None
    if phrase in GLUED_PREFIXES and not all(token.glued for token in cursor.tokens[cursor.position + 1:
                                                                                  cursor.position + len(phrase)]):
        phrase = phrase[:1] if phrase[:1] in CURRENCY_PREFIXES else None
        if phrase is None:
            return None
    cursor.position += len(phrase)
    return CURRENCY_PREFIXES[phrase]


def parse_number(cursor: Cursor) -> tuple[Decimal, Decimal, str | None]:
    sign = parse_sign(cursor)
    token = cursor.peek()
    if token is None:
        raise GrammarError("a number is missing")
    if token.kind == "number":
        cursor.position += 1
        number = parse_digits(cursor, token)
        precision = implied_precision(token.text)
        number += parse_and_a_half(cursor)
        return sign * parse_ratio(cursor, number), precision, parse_multiple_suffix(cursor)
    if sign == -1:
        raise GrammarError('a number is missing after "-"')
    number, precision, unit_hint = parse_number_words(cursor)
    number += parse_and_a_half(cursor)
    return parse_ratio(cursor, number), precision, unit_hint


def parse_sign(cursor: Cursor) -> int:
    """"-1.3%", "minus 387", "−5 °C": a negative number."""
    token, following = cursor.peek(), cursor.peek(1)
    if token is None or following is None:
        return 1
    if (token.key == "-" and following.glued and following.kind == "number") or token.key == "minus":
        cursor.position += 1
        return -1
    return 1


def digits_value(digits: str) -> Decimal:
    plain = re.sub(r"[, \u00a0\u202f\u2009]", "", digits)
    if len(plain.replace(".", "")) > MAX_DIGITS:
        raise GrammarError(f"a number of more than {MAX_DIGITS} digits")
    return Decimal(plain)


def parse_digits(cursor: Cursor, token: Token) -> Decimal:
    """A number in digits, the cursor past it: "2,500", "1/4" (a quarter), "2 1/2" (two and a half)."""
    number = digits_value(token.text)
    if (fraction := glued_fraction(cursor, token, 0)) is not None:
        cursor.position += 2
        return fraction
    following = cursor.peek()
    if following is not None and following.kind == "number" and not following.glued and token.text.isdigit():
        fraction = glued_fraction(cursor, following, 1)
        if fraction is not None:
            cursor.position += 3
            return number + fraction
    return number


def glued_fraction(cursor: Cursor, numerator: Token, offset: int) -> Decimal | None:
    """numerator/denominator written together, a proper fraction; "8/29/2016" is a date, not one."""
    slash, denominator, after = cursor.peek(offset), cursor.peek(offset + 1), cursor.peek(offset + 2)
    if (slash is None or denominator is None or slash.key != "/" or not slash.glued or not denominator.glued
            or not numerator.text.isdigit() or not denominator.text.isdigit() or len(denominator.text) > 3
            or (after is not None and after.key == "/" and after.glued)):
        return None
    if not 0 < int(numerator.text) < int(denominator.text):
        return None
    return Decimal(numerator.text) / Decimal(denominator.text)


def parse_and_a_half(cursor: Cursor) -> Decimal:
    """"two and a half miles"."""
    words = [cursor.peek(offset) for offset in range(3)]
    if [token.key if token else "" for token in words] == ["and", "a", "half"]:
        cursor.position += 3
        return Decimal("0.5")
    return Decimal(0)


def parse_ratio(cursor: Cursor, number: Decimal) -> Decimal:
    """"one in five", "1 in 20": a share, 0.2 and 0.05."""
    word, following = cursor.peek(), cursor.peek(1)
    if word is None or following is None or word.key != "in":
        return number
    if following.kind == "number" and following.text.isdigit():
        whole = Decimal(following.text)
    elif following.key in UNITS_WORDS:
        whole = Decimal(UNITS_WORDS[following.key])
    else:
        return number
    if not (0 < number < whole <= 1000 and number <= 10 and number == number.to_integral_value()):
        return number
    cursor.position += 2
    return number / whole


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


def parse_scale(cursor: Cursor, currency: str | None, number: Decimal) -> Decimal | None:
    token = cursor.peek()
    if token is None:
        return None
    if token.key == "a" and number < 1 and next_is_scale(cursor, 1):
        cursor.position += 1  # "half a million"
        token = cursor.peek()
        assert token is not None
    if token.text == TRILLION_AFTER_CURRENCY and token.glued and currency:
        cursor.position += 1
        return SCALES["trillion"]
    if token.key not in SCALES or (token.key in GLUED_SCALES and not token.glued):
        return None
    if token.key == "m" and not (currency or unit_follows(cursor) or (cursor.lenient and token.glued)):
        if cursor.lenient:
            return None
        raise GrammarError(AMBIGUOUS_UNITS["m"])
    cursor.position += 1
    return SCALES[token.key]


def next_is_scale(cursor: Cursor, offset: int) -> bool:
    token = cursor.peek(offset)
    return token is not None and token.key in ("hundred", "thousand", "million", "billion", "trillion")


def unit_follows(cursor: Cursor) -> bool:
    following = cursor.peek(1)
    if following is None or following.kind != "word" or following.key in ("to", "and"):
        return False
    return not cursor.lenient or vocabulary_unit(cursor, 1) is not None


def parse_unit(cursor: Cursor, amount: Amount) -> WrittenUnit:
    """The unit words after a number. A lenient cursor stops at the first word that is not a unit
    of the vocabulary, or that would not combine with the units before it."""
    written = NO_UNIT
    while (token := cursor.peek()) is not None and token.key not in ("to", "and", "or", "+", "of"):
        if token.key == "-" and not hyphenated_unit_follows(cursor):
            break
        mark = cursor.position
        if token.key == "-":
            cursor.position += 1
        step = parse_unit_step(cursor, amount)
        if step is None or (cursor.lenient and not combines(amount, written.plus(step))):
            cursor.position = mark
            break
        written = written.plus(step)
    return written


def hyphenated_unit_follows(cursor: Cursor) -> bool:
    """"30-day", "3-inch", "6,500-ton", "$600-per-week": a unit written against its number."""
    hyphen, following = cursor.peek(), cursor.peek(1)
    if hyphen is None or following is None or not hyphen.glued or not following.glued:
        return False
    return following.key in PER_WORDS or vocabulary_unit(cursor, 1) is not None


def parse_unit_step(cursor: Cursor, amount: Amount) -> WrittenUnit | None:
    """One unit, or one "per" unit, consumed; None (nothing consumed) when the next words are neither."""
    if (period := cursor.match_phrase(PER_PERIOD)) is not None:
        return WrittenUnit((), (PER_PERIOD[period],))
    if (found := vocabulary_unit(cursor, 0)) is not None:
        length, unit = found
        if cursor.lenient and amount.currency and cursor.peek().text == "MT":  # type: ignore[union-attr]
            unit = WrittenUnit((), unit.numerator)  # "RM2,772 MT" in a table of prices is per tonne
        cursor.position += length
        return with_power(cursor, context_unit(unit, amount))
    token = cursor.peek()
    assert token is not None
    if token.key in PER_WORDS and (token.key in ("per", "/") or vocabulary_unit(cursor, 1) is not None):
        if cursor.lenient and vocabulary_unit(cursor, 1, after_per=True) is None:
            return None
        cursor.position += 1
        if (hyphen := cursor.peek()) is not None and hyphen.key == "-" and hyphen.glued:
            cursor.position += 1  # "$600-per-week"
        below = parse_unit_name(cursor, after_per=True)
        return WrittenUnit(below.denominator, below.numerator)
    return None if cursor.lenient else parse_unit_name(cursor)


def with_power(cursor: Cursor, unit: WrittenUnit) -> WrittenUnit:
    """"km2": a length squared."""
    token = cursor.peek()
    if (token is None or not token.glued or token.text not in ("2", "3") or len(unit.numerator) != 1
            or OWN_UNITS.get(unit.numerator[0], None) is None
            or OWN_UNITS[unit.numerator[0]].base != (("meter", 1),)):
        return unit
    cursor.position += 1
    return WrittenUnit((f"{unit.numerator[0]} ** {token.text}",), unit.denominator)


def context_unit(unit: WrittenUnit, amount: Amount) -> WrittenUnit:
    """"20 million pounds" and "£5 pounds" are sterling; "$3.43 per pound" and "a twenty-pound bag" a mass."""
    if unit.numerator == ("pound",) and (amount.scale is not None or amount.currency == "GBP"):
        return WrittenUnit(("GBP",), unit.denominator)
    return unit


def combines(amount: Amount, written: WrittenUnit) -> bool:
    """At most one unit above the line, a currency counted: "$20 million USD" is one, "5% year" two."""
    above = {name for name in (amount.currency, amount.unit_hint, *written.numerator) if name}
    return len(above) <= 1 and all(name not in TEMPERATURES for name in written.denominator)


def vocabulary_unit(cursor: Cursor, offset: int, after_per: bool = False) -> tuple[int, WrittenUnit] | None:
    """The unit of reecheck's vocabulary starting `offset` tokens ahead and how many tokens it takes,
    not consumed; None when the words there are none of its units."""
    token = cursor.peek(offset)
    if token is None:
        return None
    if token.text in CASED_UNITS:
        return 1, WrittenUnit((CASED_UNITS[token.text],))
    if cursor.lenient and token.text in CASED_TEMPERATURES:
        return 1, WrittenUnit((CASED_TEMPERATURES[token.text],))
    if after_per and token.key in PER_ONLY_UNITS:
        return 1, WrittenUnit((PER_ONLY_UNITS[token.key],))
    for phrases in (UNIT_PHRASES, TEMPERATURE_PHRASES):
        if (phrase := cursor.phrase_at(phrases, offset)) is not None:
            return len(phrase), WrittenUnit((phrases[phrase],))
    if (compound := compound_unit(cursor, offset)) is not None:
        return compound
    if token.key in AMBIGUOUS_UNITS:
        if not cursor.lenient:
            raise GrammarError(AMBIGUOUS_UNITS[token.key])
        if token.key in SCANNER_READINGS:
            return 1, WrittenUnit((SCANNER_READINGS[token.key],))
    return None


def compound_unit(cursor: Cursor, offset: int) -> tuple[int, WrittenUnit] | None:
    for length in (2, 1):
        window = cursor.tokens[cursor.position + offset : cursor.position + offset + length]
        phrase = tuple(token.key for token in window)
        if len(window) == length and phrase in COMPOUND_UNITS:
            numerator, denominator = COMPOUND_UNITS[phrase]
            return length, WrittenUnit(numerator, denominator)
    return None


def unit_expression(amount: Amount, written: WrittenUnit) -> str:
    """One unit expression of single names for the currency, the multiple and the written unit."""
    # "$20 million USD" states its currency twice.
    named = [name for name in (amount.currency, amount.unit_hint) if name]
    numerator = list(dict.fromkeys(named + list(written.numerator)))
    if len(numerator) > 1:
        raise GrammarError(f'cannot combine units "{" ".join(numerator)}"')
    return unit_expression_of(numerator, written.denominator)


def parse_unit_name(cursor: Cursor, after_per: bool = False) -> WrittenUnit:
    token = cursor.peek()
    if token is None:
        raise GrammarError('a unit is missing after "per"')
    found = vocabulary_unit(cursor, 0, after_per)
    if found is not None:
        length, unit = found
        cursor.position += length
        return unit
    if token.kind != "word":
        raise GrammarError(f'unexpected "{token.text}"')
    cursor.position += 1
    return WrittenUnit((known_unit_name(token.text),))


def known_unit_name(name: str) -> str:
    """A name outside the vocabulary, if pint may read it: never one of pint's surprising short names."""
    if (len(name) < 4 and name not in PINT_SHORT_NAMES) or name.lower() in PINT_SURPRISES:
        raise GrammarError(f'unknown unit "{name}"{suggestion(name)}')
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


def build_value(text: str, qualifier: Qualifier, low: Amount, high: Amount, unit_name: str,
                lenient: bool = False) -> Value:
    low_number: Decimal | None = low.scaled_number
    high_number: Decimal | None = high.scaled_number
    if low.scaled_number > high.scaled_number:
        raise GrammarError(f"the range runs backwards ({low.scaled_number} > {high.scaled_number})")
    if qualifier is Qualifier.LOWER_BOUND:
        high_number = None
    if qualifier is Qualifier.UPPER_BOUND:
        low_number = None
    if unit_name in TEMPERATURES:
        if not lenient:
            raise GrammarError(f'"{TEMPERATURES[unit_name].symbol}" is a temperature, which no factor converts: '
                               "claim files take no temperatures")
        return temperature_value(text, qualifier, low_number, high_number, unit_name, low.scaled_precision)
    info = unit_info(unit_name)
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


def temperature_value(text: str, qualifier: Qualifier, low: Decimal | None, high: Decimal | None, scale: str,
                      precision: Decimal) -> Value:
    """A temperature the scanner read, its base values in kelvin (an offset and a factor)."""
    temperature = TEMPERATURES[scale]
    return Value(text, low, high, temperature.symbol, qualifier,
                 None if low is None else temperature.in_kelvin(low),
                 None if high is None else temperature.in_kelvin(high), "kelvin", precision)


def parse_unit_text(text: str) -> UnitInfo:
    """A topic's display unit ("million tonnes", "%", "calendar day"), read by the same grammar."""
    from reecheck.dates import DATE_UNIT, GRANULARITIES

    if text in GRANULARITIES:
        return UnitInfo(text, Decimal(1), DATE_UNIT)
    value = parse_value(f"1 {text}")
    if value.base_low is None:
        raise GrammarError(f'"{text}" is not a unit')
    return UnitInfo(text, value.base_low, value.base_unit)

