"""Recall, precision and value accuracy of reecheck's figure scanner on its development set, beside quantulum3's.

    .venv/bin/python benchmarks/scanner.py [--repeat 3] [--classes] [--failures 20]

quantulum3 is measured when it can be imported; it is never a dependency of the project. To see it
beside reecheck, install both in a throwaway virtual environment:

    python3 -m venv /tmp/q3venv && /tmp/q3venv/bin/pip install -q quantulum3 -e .
    /tmp/q3venv/bin/python benchmarks/scanner.py

Both readers are scored the same way (tests/scanner/devset.py): a found figure matches an expected
one when their spans overlap; its value is right when low, high and the base dimension agree.
quantulum3 states a range as a mean and an uncertainty, read back as low and high, and its units are
brought to base units with pint. The first pass is timed apart: it holds each reader's start-up
(building registries and caches).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.scanner.devset import Found, Score, Sentence, evaluate, load, reecheck_reader

# quantulum3's base unit names that pint spells otherwise or does not know.
QUANTULUM_TO_PINT = {
    "dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY", "renminbi": "CNY", "yuan": "CNY",
    "hong kong dollar": "HKD", "canadian dollar": "CAD", "australian dollar": "AUD", "swiss franc": "CHF",
    "malaysian ringgit": "MYR", "indian rupee": "INR", "cent": "US_cent", "penny": "UK_penny", "barrel": "oil_barrel",
    "percentage": "percent", "dimensionless": "dimensionless", "pound-mass": "pound", "metric ton": "metric_ton",
    "tonne": "metric_ton", "ton": "short_ton", "degree Celsius": "degC", "degree fahrenheit": "degF",
    "degree Fahrenheit": "degF", "count": "dimensionless", "dozen": "12", "kilotonne": "kilometric_ton",
    "megatonne": "megametric_ton", "decimetre": "decimeter", "metre": "meter", "litre": "liter",
}


@cache
def pint_registry() -> Any:
    import pint

    units = pint.UnitRegistry()
    for code in ("USD", "EUR", "GBP", "JPY", "CNY", "HKD", "MYR", "CHF", "AUD", "INR", "CAD"):
        units.define(f"{code} = [currency_{code}]")
    units.define("US_cent = 0.01 * USD")
    units.define("UK_penny = 0.01 * GBP")
    return units


def quantulum_base(value: float, dimensions: list[dict[str, Any]]) -> tuple[float, str]:
    """A quantulum3 value in pint base units, and their name as reecheck prints base_unit."""
    units = pint_registry()
    terms = [f"({QUANTULUM_TO_PINT.get(d['base'], d['base'].replace(' ', '_'))})**{d['power']}" for d in dimensions]
    try:
        quantity = units.Quantity(value, " * ".join(terms) or "dimensionless").to_base_units()
    except Exception:  # a unit pint does not know: its value cannot be compared
        return value, "unknown:" + " * ".join(terms)
    return float(quantity.magnitude), "dimensionless" if quantity.dimensionless else f"{quantity.units}"


def quantulum_reader() -> Callable[[str], list[Found]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None

    def read(text: str) -> list[Found]:
        found = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        for quantity in quantities:
            spread = quantity.uncertainty or 0.0
            low, dimension = quantulum_base(quantity.value - spread, quantity.unit.dimensions)
            high, _ = quantulum_base(quantity.value + spread, quantity.unit.dimensions)
            found.append(Found(quantity.span[0], quantity.span[1], quantity.surface, low, high, dimension))
        return found

    return read


def timed(sentences: Sequence[Sentence], reader: Callable[[str], Any], repeat: int) -> tuple[float, float]:
    """Seconds of the first pass, and the median of `repeat` further passes, over every sentence."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        for sentence in sentences:
            with contextlib.suppress(Exception):  # failures are scored elsewhere; only the time counts
                reader(sentence.text)
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:]) if repeat else times[0]


def row(name: str, score: Score, first: float, warm: float, qualifiers: bool) -> str:
    qualifier = f"{score.qualifier_accuracy:.1%}" if qualifiers else "n/a"
    return (f"| {name} | {score.recall:.1%} | {score.precision:.1%} | {score.value_accuracy:.1%} | "
            f"{qualifier} | {score.errors} | {first:.2f} | {warm:.3f} |")


def class_table(by_class: dict[str, Score]) -> list[str]:
    lines = ["| class | sentences | expected | found | recall | precision | value accuracy |",
             "|---|---|---|---|---|---|---|"]
    for cls, score in sorted(by_class.items(), key=lambda item: (item[1].recall * item[1].precision, item[0])):
        lines.append(f"| {cls} | {score.sentences} | {score.expected} | {score.found} | {score.recall:.0%} | "
                     f"{score.precision:.0%} | {score.value_accuracy:.0%} |")
    return lines


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--repeat", type=int, default=3, help="timed passes after the first (median)")
    arguments.add_argument("--classes", action="store_true", help="a table per class for each reader")
    arguments.add_argument("--failures", type=int, default=0, help="list this many failures of each reader")
    options = arguments.parse_args()
    sentences = load()
    readers: dict[str, Callable[[str], Sequence[Found]]] = {"reecheck": reecheck_reader}
    if (quantulum := quantulum_reader()) is not None:
        readers["quantulum3"] = quantulum
    expected = sum(len(sentence.figures) for sentence in sentences)
    print(f"{len(sentences)} sentences, {expected} expected figures\n")
    print("| reader | recall | precision | value accuracy | qualifier accuracy | errors | first pass (s) "
          "| warm pass (s) |")
    print("|---|---|---|---|---|---|---|---|")
    results = {}
    for name, reader in readers.items():
        first, warm = timed(sentences, reader, options.repeat)
        results[name] = evaluate(sentences, reader)
        print(row(name, results[name][0], first, warm, qualifiers=name == "reecheck"))
    if "quantulum3" not in readers:
        print("\nquantulum3 is not importable here: see the top of this file to measure it.")
    for name, (score, by_class) in results.items():
        if options.classes:
            print(f"\n{name} per class, worst first\n", *class_table(by_class), sep="\n")
        if options.failures:
            print(f"\n{name}: first {options.failures} of {len(score.failures)} failures",
                  *score.failures[:options.failures], sep="\n")


if __name__ == "__main__":
    main()
