"""The unit layer: reecheck's own units agree with pint, exactly defined; other names are pint's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pint
import pytest

from reecheck.grammar import CASED_UNITS, CURRENCY_PREFIXES, PER_PERIOD, UNIT_PHRASES, GrammarError, parse_value
from reecheck.units import CURRENCIES, OWN_UNITS, conversion_factor, in_base, named_unit, unit_info, unit_product
from tests.conftest import REPO

D = Decimal

# What reecheck defines that pint does not, in pint's own terms (kt is a knot to pint).
PINT_ADDITIONS = (
    "kilotonne = 1e3 * metric_ton = kt",
    "megatonne = 1e6 * metric_ton = Mt",
    "gigatonne = 1e9 * metric_ton = Gt",
    "times = 1",
    "rank = 1",
    "percentage_point = 0.01 = pp",
    "basis_point = 0.0001 = bp",
    *(f"{currency} = [currency_{currency}]" for currency in CURRENCIES),
    "cent = 0.01 * USD = ¢",
    "penny = 0.01 * GBP = p",
)


@pytest.fixture(scope="module")
def pint_units() -> pint.UnitRegistry[Any]:
    """A registry of the installed pint, apart from reecheck's: the one under test must stay unbuilt."""
    units: pint.UnitRegistry[Any] = pint.UnitRegistry()
    for definition in PINT_ADDITIONS:
        units.define(definition)
    return units


def grammar_unit_names() -> set[str]:
    return {*CASED_UNITS.values(), *UNIT_PHRASES.values(), *CURRENCY_PREFIXES.values(), *PER_PERIOD.values()}


def grammar_expressions() -> list[str]:
    """Every expression the grammar writes with its own words: a unit, a unit per a unit, a bare rate."""
    names = sorted(OWN_UNITS)
    return ["", *names, *(f"{above} / {below}" for above in ["1", *names] for below in names)]


def pints_answer(units: pint.UnitRegistry[Any], expression: str) -> tuple[str, float, str, dict[str, float]]:
    """Symbol, factor, base unit and dimensions as reecheck asked pint for them before it had its own table."""
    unit = units.Unit(expression) if expression else units.dimensionless
    base = units.Quantity(1, unit).to_base_units()
    symbol = "" if expression == "" else f"{unit:~}"
    return symbol, float(base.magnitude), "dimensionless" if base.dimensionless else f"{base.units}", dict(
        unit.dimensionality)


def ours(expression: str) -> tuple[str, Decimal, str, dict[str, float]]:
    info = unit_info(expression)
    return info.symbol, info.factor, info.base_unit, dict(in_base(expression).dimensions)


def close(exact: Decimal, pints: float) -> bool:
    return abs(exact - D(repr(pints))) <= abs(D(repr(pints))) * D("1e-12")


def test_the_table_holds_every_name_the_grammar_writes() -> None:
    assert grammar_unit_names() <= set(OWN_UNITS)


# Units whose definition pint changed, with the version from which it agrees with reecheck's: pint
# before 0.26 defined the US survey acre, which was withdrawn in 2023.
REDEFINED_BY_PINT = {"acre": (0, 26)}


def pint_defines_it_as_reecheck_does(expression: str) -> bool:
    installed = tuple(int(part) for part in pint.__version__.split(".")[:2])
    return all(installed >= since for name, since in REDEFINED_BY_PINT.items() if name in expression.split())


def test_every_unit_and_unit_per_unit_of_the_grammar_is_pints_own(pint_units: pint.UnitRegistry[Any]) -> None:
    differing = []
    for expression in grammar_expressions():
        symbol, factor, base_unit, dimensions = ours(expression)
        pint_symbol, pint_factor, pint_base_unit, pint_dimensions = pints_answer(pint_units, expression)
        same_factor = close(factor, pint_factor) or not pint_defines_it_as_reecheck_does(expression)
        if (symbol, base_unit, dimensions) != (pint_symbol, pint_base_unit, pint_dimensions) or not same_factor:
            differing.append((expression, (symbol, factor, base_unit), (pint_symbol, pint_factor, pint_base_unit)))
    assert differing == []
    assert len(grammar_expressions()) == 1 + len(OWN_UNITS) + (len(OWN_UNITS) + 1) * len(OWN_UNITS)


def test_factors_are_exact() -> None:
    assert parse_value("1 Gt").base_low == D(10) ** 12
    assert parse_value("1 g").base_low == D("0.001")
    assert unit_info("metric_ton / year").factor == D(1000) / D(31557600)
    assert unit_info("month").factor == D(2629800)
    assert conversion_factor("kilogram", "gigatonne") == D("1e-12")  # pint: 1.0000000000000002e-12


# left, right, right's exponent, the product as derive writes it
PRODUCTS = [
    ("kilogram", "kilogram", -1, "dimensionless"),
    ("dimensionless", "kilogram", -1, "1 / kilogram"),
    ("USD / kilogram", "kilogram", 1, "USD"),
    ("kilogram", "USD / kilogram", 1, "USD"),
    ("kilogram", "second", -1, "kilogram / second"),
    ("1 / second", "kilogram", 1, "kilogram / second"),
    ("dimensionless", "kilogram / second", -1, "second / kilogram"),
    ("count / second", "second", 1, "dimensionless"),
    ("kilogram", "USD", 1, "USD * kilogram"),
    ("kilogram", "kilogram", 1, "kilogram ** 2"),
    ("kilogram / second ** 2", "second", 1, "kilogram / second"),
    ("meter ** 3", "kilogram", -1, "meter ** 3 / kilogram"),
    ("dimensionless", "dimensionless", 1, "dimensionless"),
]


@pytest.mark.parametrize(("left", "right", "exponent", "expected"), PRODUCTS)
def test_products_and_quotients_as_derive_uses_them(pint_units: pint.UnitRegistry[Any], left: str, right: str,
                                                    exponent: int, expected: str) -> None:
    assert unit_product(left, right, exponent) == expected
    product = pint_units.Unit(left) * pint_units.Unit(right) ** exponent
    assert expected == ("dimensionless" if product.dimensionless else f"{product}")


# source, target, how many target one source is
CONVERSIONS = [
    ("kilogram", "kilogram", D(1)),
    ("kilogram", "second", None),
    ("USD", "EUR", None),
    ("USD / kilogram", "USD / kilogram", D(1)),
    ("count / second", "1 / second", D(1)),
    ("dimensionless", "count", D(1)),
    ("metric_ton / year", "kilogram / second", D(1000) / D(31557600)),
    ("gigatonne", "kilogram", D(10) ** 12),
    ("year", "month", D(12)),
]


@pytest.mark.parametrize(("source", "target", "expected"), CONVERSIONS)
def test_conversion_factors(pint_units: pint.UnitRegistry[Any], source: str, target: str,
                            expected: Decimal | None) -> None:
    assert conversion_factor(source, target) == expected
    if expected is not None:
        assert close(expected, float(pint_units.Quantity(1, source).to(target).magnitude))


def test_a_name_outside_the_vocabulary_is_pints(pint_units: pint.UnitRegistry[Any]) -> None:
    value = parse_value("3 furlongs per day")
    assert (value.unit, value.base_unit) == ("fur / d", "meter / second")
    # pint 0.26 made the furlong international (201.168 m); earlier, the US survey furlong.
    furlong = D(repr(float(pint_units.Quantity(1, "furlong").to_base_units().magnitude)))
    assert value.base_low == 3 * (furlong / 86400)
    assert named_unit("furlong") == named_unit("furlongs")


def test_once_pint_is_built_its_names_are_suggested() -> None:
    named_unit("furlong")
    with pytest.raises(GrammarError) as raised:
        parse_value("5 furlongz")
    assert str(raised.value) == "unknown unit \"furlongz\" (did you mean 'furlong'?)"


def run_without_pint(script: str, cwd: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    checked = f"import sys\n{script}\nassert 'pint' not in sys.modules, 'pint was imported'\n"
    return subprocess.run([sys.executable, "-c", checked], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "REECHECK_CACHE_DIR": str(tmp_path / "cache")})


def test_the_shipped_corpus_needs_no_pint(tmp_path: Path) -> None:
    """Every value and topic unit in claims/ is read, and compared from a cold cache, with pint never imported."""
    script = (
        "import yaml\nfrom pathlib import Path\nfrom reecheck.grammar import parse_unit_text, parse_value\n"
        "for path in sorted(Path('claims').glob('[!.]*.yaml')):\n"
        "    document = yaml.safe_load(path.read_text(encoding='utf-8'))\n"
        "    if path.name == 'topics.yaml':\n"
        "        units = [topic['unit'] for topic in document.values()]\n"
        "        assert len([parse_unit_text(unit) for unit in units]) == len(units)\n"
        "    else:\n"
        "        values = [str(claim['value']) for claim in document['claims']]\n"
        "        assert len([parse_value(value) for value in values]) == len(values)\n"
        "from reecheck.cli import main\nsys.argv = ['reecheck', 'compare', '--all', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n")
    result = run_without_pint(script, REPO, tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["topics"]


def test_a_first_check_without_a_cache_folder_needs_no_pint(tmp_path: Path) -> None:
    """CI's first run: no cache folder yet, every claim file read and every article scanned, derive's
    unit arithmetic answered by reecheck's own units (checked against pint above)."""
    script = ("from reecheck.cli import main\nsys.argv = ['reecheck', 'check', '--format', 'json']\n"
              "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n")
    result = run_without_pint(script, REPO, tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["summary"] == "0 new findings, 39 known"
    assert (tmp_path / "cache" / "check").is_dir()


def test_a_suggestion_does_not_build_pints_registry(tmp_path: Path) -> None:
    script = "from reecheck.units import pint_names_if_loaded\nassert pint_names_if_loaded() == []\n"
    result = run_without_pint(script, tmp_path, tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
