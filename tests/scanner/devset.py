"""The figure scanner's development set and its evaluation (issue 11).

`load()` reads devset.yaml into `Sentence`s; `evaluate(sentences, reader)` runs a reader (text ->
`Found` figures) over them, matches found figures to expected ones by span overlap and returns a
`Score`: recall (expected found), precision (found that are expected) and value accuracy (of the
matched, low, high and dimension right). Expected values are brought to base units with the `UNITS`
table below, not with reecheck's grammar, so that the yardstick does not move with the code it
measures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEVSET = Path(__file__).with_name("devset.yaml")
QUALIFIERS = ("exact", "approximate", "lower_bound", "upper_bound")
TOLERANCE = 1e-9

CLASSES = {
    "crash-rate": "a bare number followed by a rate (exit 70)",
    "misreading-ordinal-unit": "7th, 3rd, 2nd read as units",
    "misreading-pc": "70 pc read as parsecs",
    "misreading-5g": "5G read as 5 grams",
    "misreading-pounds": "pounds as a mass, not only GBP",
    "misreading-kiloton": "kilotons/megatons read as short tons",
    "misreading-temperature": "degC/degF converted as factors",
    "misreading-bound-phrase": "no more than / no less than",
    "misreading-back-up-to": "back up to 4.8 percent read as a bound",
    "misreading-leading-decimal": ".001 per cent read as 1",
    "misreading-scale-suffix": "$4.2b, $1tn, bn, M, B, T without their scale",
    "misreading-currency-prefix": "USD1,700, RM2.05, £8.1bn read from the wrong digit",
    "misreading-space-thousands": "10 000 dollars scanned as 000 dollars",
    "misreading-paragraph": "a match running across a line or paragraph break",
    "missed-words": "numbers in words, fractions, one in five",
    "missed-change-to": "rose 7% to $2.3 billion: two figures, not a range",
    "missed-falling": "from 4.8 percent to 4.7 percent dropped as backwards",
    "missed-scale-borrow": "$800,000 to $1.3 million",
    "missed-m-suffix": "35m, $1.2m, 1.2m tonnes",
    "missed-year-like-count": "counts between 1,900 and 2,100 dropped as years",
    "missed-negative": "-1.3%, minus 5",
    "missed-sub": "sub-500 sq m",
    "missed-year-between": "144,000 metric tons in 2022 to 175,000 metric tons in 2023",
    "false-figure-time": "clock times",
    "false-figure-date": "abbreviated and written dates",
    "false-figure-name": "names and labels with digits",
    "false-figure-ordinal": "ordinals in prose",
    "units-rate": "t/yr, tpa, a year, per day, barrels a day",
    "units-short-tons": "short tons",
    "units-mt-table": "MT for metric tonnes",
    "units-substance": "tonnes of cobalt: a substance after the unit",
    "units-common": "lengths, speeds, areas, volumes, masses in common spellings",
    "units-currency": "cents, pence, yen, yuan, HK$, C$, $US, euro, CHF",
    "units-hyphenated": "3-inch, ten-year, 6,500-ton",
    "units-fraction": "1/4 mile, 2 1/2",
    "plain": "ordinary news figures that must keep working",
}

# unit -> (factor, offset, dimension, pint expression): base = value * factor + offset.
UNITS = {
    "": (1, 0, "dimensionless", "dimensionless"),
    "%": (0.01, 0, "dimensionless", "percent"),
    "pp": (0.01, 0, "dimensionless", "percent"),
    "times": (1, 0, "dimensionless", "dimensionless"),
    "t": (1000, 0, "kilogram", "metric_ton"),
    "kt": (1e6, 0, "kilogram", "kilometric_ton"),
    "Mt": (1e9, 0, "kilogram", "megametric_ton"),
    "kg": (1, 0, "kilogram", "kilogram"),
    "g": (1e-3, 0, "kilogram", "gram"),
    "mg": (1e-6, 0, "kilogram", "milligram"),
    "lb": (0.45359237, 0, "kilogram", "pound"),
    "short ton": (907.18474, 0, "kilogram", "short_ton"),
    "m": (1, 0, "meter", "meter"),
    "km": (1000, 0, "meter", "kilometer"),
    "nm": (1e-9, 0, "meter", "nanometer"),
    "in": (0.0254, 0, "meter", "inch"),
    "ft": (0.3048, 0, "meter", "foot"),
    "yd": (0.9144, 0, "meter", "yard"),
    "mi": (1609.344, 0, "meter", "mile"),
    "km²": (1e6, 0, "meter ** 2", "kilometer ** 2"),
    "sq mi": (2589988.110336, 0, "meter ** 2", "mile ** 2"),
    "sq m": (1, 0, "meter ** 2", "meter ** 2"),
    "km³": (1e9, 0, "meter ** 3", "kilometer ** 3"),
    "L": (1e-3, 0, "meter ** 3", "liter"),
    "cl": (1e-5, 0, "meter ** 3", "centiliter"),
    "gal": (0.003785411784, 0, "meter ** 3", "gallon"),
    "bbl": (0.158987294928, 0, "meter ** 3", "oil_barrel"),
    "cup": (0.0002365882365, 0, "meter ** 3", "cup"),
    "mph": (0.44704, 0, "meter / second", "mile / hour"),
    "km/h": (1 / 3.6, 0, "meter / second", "kilometer / hour"),
    "°C": (1, 273.15, "kelvin", "degC"),
    "°F": (5 / 9, 459.67 * 5 / 9, "kelvin", "degF"),
    "s": (1, 0, "second", "second"),
    "min": (60, 0, "second", "minute"),
    "h": (3600, 0, "second", "hour"),
    "day": (86400, 0, "second", "day"),
    "week": (604800, 0, "second", "week"),
    "month": (2629800, 0, "second", "month"),
    "year": (31557600, 0, "second", "year"),
    "eV": (1.602176634e-19, 0, "kilogram * meter ** 2 / second ** 2", "electronvolt"),
    "MWh": (3.6e9, 0, "kilogram * meter ** 2 / second ** 2", "megawatt_hour"),
    "Wh": (3600, 0, "kilogram * meter ** 2 / second ** 2", "watt_hour"),
    "W": (1, 0, "kilogram * meter ** 2 / second ** 3", "watt"),
    "Mbit/s": (1e6, 0, "bit / second", "megabit / second"),
    "Gbit/s": (1e9, 0, "bit / second", "gigabit / second"),
    "t / year": (1000 / 31557600, 0, "kilogram / second", "metric_ton / year"),
    "t / day": (1000 / 86400, 0, "kilogram / second", "metric_ton / day"),
    "bbl / day": (0.158987294928 / 86400, 0, "meter ** 3 / second", "oil_barrel / day"),
    "1 / day": (1 / 86400, 0, "1 / second", "1 / day"),
    "1 / week": (1 / 604800, 0, "1 / second", "1 / week"),
    "1 / month": (1 / 2629800, 0, "1 / second", "1 / month"),
    "1 / year": (1 / 31557600, 0, "1 / second", "1 / year"),
    "min / day": (60 / 86400, 0, "dimensionless", "minute / day"),
    "% / year": (0.01 / 31557600, 0, "1 / second", "percent / year"),
}
for code in ("USD", "EUR", "GBP", "JPY", "CNY", "HKD", "MYR", "CHF", "AUD", "INR", "CAD"):
    UNITS[code] = (1, 0, code, code)
for code, per, factor, dim in (
    ("USD", "t", 1e-3, "kilogram"), ("USD", "kg", 1, "kilogram"), ("USD", "lb", 1 / 0.45359237, "kilogram"),
    ("USD", "bbl", 1 / 0.158987294928, "meter ** 3"), ("USD", "gal", 1 / 0.003785411784, "meter ** 3"),
    ("MYR", "t", 1e-3, "kilogram"), ("CNY", "t", 1e-3, "kilogram"), ("CNY", "kg", 1, "kilogram"),
    ("USD", "h", 1 / 3600, "second"), ("USD", "day", 1 / 86400, "second"), ("USD", "week", 1 / 604800, "second"),
    ("GBP", "year", 1 / 31557600, "second"),
):
    UNITS[f"{code} / {per}"] = (factor, 0, f"{code} / {dim}", f"{code} / {UNITS[per][3]}")
UNITS["USD / oz t"] = (1 / 0.0311034768, 0, "USD / kilogram", "USD / troy_ounce")
UNITS["kt / year"] = (1e6 / 31557600, 0, "kilogram / second", "kilometric_ton / year")
UNITS["USD / short ton"] = (1 / 907.18474, 0, "USD / kilogram", "USD / short_ton")
UNITS["acre"] = (4046.8726098742513, 0, "meter ** 2", "acre")
UNITS["sq ft"] = (0.09290304, 0, "meter ** 2", "foot ** 2")
UNITS["K"] = (1, 0, "kelvin", "kelvin")


@dataclass(frozen=True)
class Expected:
    span: str
    start: int
    low: float | None
    high: float | None
    unit: str
    dimension: str
    qualifier: str

    @property
    def end(self) -> int:
        return self.start + len(self.span)


@dataclass(frozen=True)
class Sentence:
    text: str
    source: str
    cls: str
    figures: tuple[Expected, ...]


@dataclass(frozen=True)
class Found:
    """A figure as a reader reports it, its value in base units."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    dimension: str
    qualifier: str = ""


def load(path: Path = DEVSET) -> list[Sentence]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return [
        Sentence(entry["text"], entry["source"], entry["class"],
                 tuple(Expected(**figure) for figure in entry["figures"]))
        for entry in entries
    ]


def to_base(number: float | None, unit: str) -> float | None:
    if number is None:
        return None
    factor, offset, _, _ = UNITS[unit]
    return number * factor + offset


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=1e-12)


def value_right(expected: Expected, found: Found) -> bool:
    return (found.dimension == expected.dimension
            and close(to_base(expected.low, expected.unit), found.low)
            and close(to_base(expected.high, expected.unit), found.high))


def overlap(expected: Expected, found: Found) -> int:
    return min(expected.end, found.end) - max(expected.start, found.start)


def match(expected: Sequence[Expected], found: Sequence[Found]) -> list[tuple[int, int]]:
    """Pairs (expected index, found index), one to one, the largest overlaps first."""
    candidates = sorted(
        ((overlap(e, f), i, j) for i, e in enumerate(expected) for j, f in enumerate(found) if overlap(e, f) > 0),
        reverse=True,
    )
    used_expected: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_expected and j not in used_found:
            used_expected.add(i)
            used_found.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class Score:
    sentences: int = 0
    expected: int = 0
    found: int = 0
    matched: int = 0
    values_right: int = 0
    qualifiers_right: int = 0
    errors: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.matched if self.matched else 1.0

    @property
    def qualifier_accuracy(self) -> float:
        return self.qualifiers_right / self.matched if self.matched else 1.0


Reader = Callable[[str], Sequence[Found]]


def read_safely(reader: Reader, text: str) -> tuple[Sequence[Found], str | None]:
    """Whatever the reader raises is a miss of the whole sentence, never a crash of the evaluation."""
    try:
        return reader(text), None
    except Exception as error:  # any failure of the reader is measured, never raised
        return [], f"{type(error).__name__}: {error}"


def score_sentence(score: Score, sentence: Sentence, found: Sequence[Found], error: str | None) -> None:
    score.sentences += 1
    score.expected += len(sentence.figures)
    score.found += len(found)
    if error:
        score.errors += 1
        score.failures.append(f"[{sentence.cls}] error {error}: {sentence.text!r}")
    pairs = match(sentence.figures, found)
    score.matched += len(pairs)
    for i, j in pairs:
        expected, figure = sentence.figures[i], found[j]
        if value_right(expected, figure):
            score.values_right += 1
        else:
            score.failures.append(f"[{sentence.cls}] misread {expected.span!r} as {figure.text!r} "
                                  f"= {figure.low}..{figure.high} {figure.dimension}")
        score.qualifiers_right += figure.qualifier == expected.qualifier
    matched_expected = {i for i, _ in pairs}
    matched_found = {j for _, j in pairs}
    score.failures += [f"[{sentence.cls}] missed {e.span!r} in {sentence.text!r}"
                       for i, e in enumerate(sentence.figures) if i not in matched_expected]
    score.failures += [f"[{sentence.cls}] false {f.text!r} in {sentence.text!r}"
                       for j, f in enumerate(found) if j not in matched_found]


def evaluate(sentences: Iterable[Sentence], reader: Reader) -> tuple[Score, dict[str, Score]]:
    """The score over all sentences, and per class."""
    total = Score()
    by_class: dict[str, Score] = {}
    for sentence in sentences:
        found, error = read_safely(reader, sentence.text)
        score_sentence(total, sentence, found, error)
        score_sentence(by_class.setdefault(sentence.cls, Score()), sentence, found, error)
    return total, by_class


def reecheck_reader(text: str) -> list[Found]:
    """reecheck's scanner, its figures' parsed values as it returns them."""
    from reecheck.scan import scan

    return [
        Found(figure.start, figure.end, figure.text, as_float(figure.value.base_low),
              as_float(figure.value.base_high), figure.value.base_unit, figure.value.qualifier.value)
        for figure in scan(text)
    ]


def as_float(number: object) -> float | None:
    return None if number is None else float(number)  # type: ignore[arg-type]
