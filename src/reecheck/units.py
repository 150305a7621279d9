"""Unit expressions -> symbol, exact factor and base unit, as pint would give them.

An expression is a product of unit names with whole powers, written as pint writes it:
"metric_ton / year", "USD / kilogram", "1 / second", "meter ** 3 / kilogram". Every name the
value grammar produces, and the base units they reduce to, is defined below with an exact
Decimal factor, so reading claims needs no pint at all; a test checks each definition, and each
unit per unit the grammar can write, against pint. pint's registry is built only for a name
outside that table ("km", "barrel"), and its answer is turned into the same form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

Powers = tuple[tuple[str, int], ...]
"""Names with their nonzero powers, sorted by name as pint sorts them: (("kilogram", 1), ("second", -1))."""


class UnitError(ValueError):
    """A unit name or expression reecheck cannot use; `str()` is the user-facing reason."""


class UnknownUnitError(UnitError):
    """A name neither reecheck nor pint knows."""


@dataclass(frozen=True)
class NamedUnit:
    """One unit name: how many base units it is, and the symbol a figure is shown with."""

    name: str
    symbol: str
    factor: Decimal
    base: Powers
    dimensions: Powers

    @property
    def in_base(self) -> InBase:
        return InBase(Fraction(self.factor), self.base, self.dimensions)


@dataclass(frozen=True)
class UnitInfo:
    """What a figure needs of its unit: the symbol shown, how many base units one is, and which."""

    symbol: str
    factor: Decimal
    base_unit: str


@dataclass(frozen=True)
class InBase:
    """A unit expression as a multiple of base units: "metric_ton / year" is 1000/31557600 kilogram / second."""

    factor: Fraction
    base: Powers
    dimensions: Powers

    def times(self, other: InBase, exponent: int = 1) -> InBase:
        """self × other ** exponent."""
        return InBase(self.factor * other.factor**exponent, product(self.base, other.base, exponent),
                      product(self.dimensions, other.dimensions, exponent))


ONE = InBase(Fraction(1), (), ())


def summed(powers: Iterable[tuple[str, int]]) -> Powers:
    """Powers of the same name added up and sorted by name, as pint sorts them; those that cancel go."""
    total: Counter[str] = Counter()
    for name, power in powers:
        total[name] += power
    return tuple(sorted((name, power) for name, power in total.items() if power))


def product(left: Powers, right: Powers, right_exponent: int = 1) -> Powers:
    return summed([*left, *((name, power * right_exponent) for name, power in right)])


# --- reecheck's own units ---------------------------------------------------------

CURRENCIES = ("USD", "EUR", "GBP", "RUB", "CNY", "JPY", "HKD", "CAD", "AUD", "CHF", "MYR", "INR")
BASE_DIMENSIONS: dict[str, str | None] = {
    "kilogram": "[mass]",
    "second": "[time]",
    "meter": "[length]",
    # pint keeps bits as a base unit of no dimension too.
    "bit": None,
    "kelvin": "[temperature]",
    # pint keeps count as a base unit of no dimension: "count / day" is "count / second".
    "count": None,
    # Each currency is a dimension of its own: converting between them needs
    # an exchange rate and a date, which no claim file carries.
    **{currency: f"[currency_{currency}]" for currency in CURRENCIES},
}


def own_unit(name: str, symbol: str, factor: str, base: str | None = None, power: int = 1) -> NamedUnit:
    """A unit of reecheck's table: `factor` of `base` (to `power`), or a plain number when `base` is None."""
    dimension = BASE_DIMENSIONS[base] if base else None
    base_powers: Powers = ((base, power),) if base else ()
    return NamedUnit(name, symbol, Decimal(factor), base_powers, ((dimension, power),) if dimension else ())


def energy_unit(name: str, symbol: str, factor: str, per_second: int) -> NamedUnit:
    """A unit of energy (per_second 2) or power (3): `factor` kilogram * meter ** 2 / second ** per_second."""
    base: Powers = (("kilogram", 1), ("meter", 2), ("second", -per_second))
    dimensions: Powers = (("[length]", 2), ("[mass]", 1), ("[time]", -per_second))
    return NamedUnit(name, symbol, Decimal(factor), base, dimensions)


OWN_UNITS: dict[str, NamedUnit] = {unit.name: unit for unit in (
    own_unit("kilogram", "kg", "1", "kilogram"),
    own_unit("gram", "g", "0.001", "kilogram"),
    own_unit("milligram", "mg", "0.000001", "kilogram"),
    own_unit("metric_ton", "t", "1000", "kilogram"),
    own_unit("kilotonne", "kt", "1000000", "kilogram"),
    own_unit("megatonne", "Mt", "1000000000", "kilogram"),  # never megatons of TNT
    own_unit("gigatonne", "Gt", "1000000000000", "kilogram"),
    own_unit("pound", "lb", "0.45359237", "kilogram"),
    own_unit("ounce", "oz", "0.028349523125", "kilogram"),
    own_unit("troy_ounce", "toz", "0.0311034768", "kilogram"),
    own_unit("short_ton", "ton", "907.18474", "kilogram"),
    own_unit("long_ton", "long_ton", "1016.0469088", "kilogram"),
    own_unit("second", "s", "1", "second"),
    own_unit("minute", "min", "60", "second"),
    own_unit("hour", "h", "3600", "second"),
    own_unit("day", "d", "86400", "second"),
    own_unit("week", "week", "604800", "second"),
    own_unit("year", "a", "31557600", "second"),  # pint's year: 365.25 days, the Julian year
    own_unit("month", "month", "2629800", "second"),  # pint's month: a twelfth of its year
    own_unit("meter", "m", "1", "meter"),
    own_unit("kilometer", "km", "1000", "meter"),
    own_unit("centimeter", "cm", "0.01", "meter"),
    own_unit("millimeter", "mm", "0.001", "meter"),
    own_unit("nanometer", "nm", "0.000000001", "meter"),
    own_unit("inch", "in", "0.0254", "meter"),
    own_unit("foot", "ft", "0.3048", "meter"),
    own_unit("yard", "yd", "0.9144", "meter"),
    own_unit("mile", "mi", "1609.344", "meter"),
    own_unit("nautical_mile", "nmi", "1852", "meter"),
    # The international acre: the US survey acre (4046.8726... m²) was withdrawn in 2023, and pint
    # 0.26 defines the international one too.
    own_unit("acre", "acre", "4046.8564224", "meter", 2),
    own_unit("hectare", "ha", "10000", "meter", 2),
    own_unit("liter", "l", "0.001", "meter", 3),
    own_unit("milliliter", "ml", "0.000001", "meter", 3),
    own_unit("gallon", "gal", "0.003785411784", "meter", 3),
    own_unit("oil_barrel", "oil_bbl", "0.158987294928", "meter", 3),
    own_unit("bit", "bit", "1", "bit"),
    own_unit("megabit", "Mbit", "1000000", "bit"),
    own_unit("gigabit", "Gbit", "1000000000", "bit"),
    energy_unit("watt", "W", "1", 3),
    energy_unit("kilowatt", "kW", "1000", 3),
    energy_unit("megawatt", "MW", "1000000", 3),
    energy_unit("gigawatt", "GW", "1000000000", 3),
    energy_unit("kilowatt_hour", "kWh", "3600000", 2),
    energy_unit("megawatt_hour", "MWh", "3600000000", 2),
    energy_unit("gigawatt_hour", "GWh", "3600000000000", 2),
    energy_unit("terawatt_hour", "TWh", "3600000000000000", 2),
    own_unit("percent", "%", "0.01"),
    own_unit("percentage_point", "pp", "0.01"),
    own_unit("basis_point", "bp", "0.0001"),
    own_unit("times", "times", "1"),
    own_unit("rank", "rank", "1"),
    own_unit("count", "count", "1", "count"),
    *(own_unit(currency, currency, "1", currency) for currency in CURRENCIES),
    own_unit("cent", "¢", "0.01", "USD"),
    own_unit("penny", "p", "0.01", "GBP"),
)}


@dataclass(frozen=True)
class Temperature:
    """A temperature scale: kelvin = value * factor + offset. No factor alone converts it, so it is
    kept apart from the units above; only the scanner reads temperatures (claim files refuse them)."""

    symbol: str
    factor: Fraction
    offset: Fraction

    def in_kelvin(self, value: Decimal) -> Decimal:
        return as_decimal(Fraction(value) * self.factor + self.offset)


TEMPERATURES = {
    "degC": Temperature("°C", Fraction(1), Fraction(27315, 100)),
    "degF": Temperature("°F", Fraction(5, 9), Fraction(45967, 100) * Fraction(5, 9)),
}


# --- pint, for every other name ---------------------------------------------------------


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry, built the first time a name is not reecheck's own. Not with pint's
    own disk cache: a run reading it while another writes it fails."""
    import pint

    return pint.UnitRegistry()


def pint_names_if_loaded() -> list[str]:
    """pint's unit names when its registry is built already, else none: building it just to
    suggest a spelling costs more than the suggestion is worth."""
    return sorted(registry()) if registry.cache_info().currsize else []


def pint_unit(name: str) -> NamedUnit:
    """pint's answer for one name, in reecheck's form."""
    units = registry()
    if not units.parse_unit_name(name):  # an expression such as "meter-second" is not one name
        raise UnknownUnitError(f'unknown unit "{name}"')
    unit = units.Unit(name)
    if units.Quantity(0, unit).to_base_units().magnitude != 0:
        # No factor turns degC into kelvin: 5 degC is not 5 times anything.
        raise UnitError(f'"{name}" is a scale with an offset, not an amount that a factor converts')
    base = units.Quantity(1, unit).to_base_units()
    return NamedUnit(str(unit), f"{unit:~}", Decimal(repr(float(base.magnitude))),
                     whole_powers(name, base.unit_items()), whole_powers(name, unit.dimensionality.items()))


def whole_powers(name: str, items: Iterable[tuple[str, Any]]) -> Powers:
    """pint's powers as whole numbers; the few units with a fractional power are refused, not rounded."""
    powers = [(str(base), power) for base, power in items]
    if any(power != int(power) for _, power in powers):
        raise UnitError(f'unit "{name}" has a fractional power of a base unit')
    return summed((base, int(power)) for base, power in powers)


# --- expressions ----------------------------------------------------------------


@cache
def named_unit(name: str) -> NamedUnit:
    """reecheck's own unit of that name, else pint's; an UnknownUnitError when neither knows it."""
    return OWN_UNITS.get(name) or pint_unit(name)


def unit_expression_of(numerator: Sequence[str], denominator: Sequence[str]) -> str:
    """One expression of names: ("metric_ton",) per ("year",) is "metric_ton / year";
    a bare rate, ("year",) alone below, is "1 / year"."""
    above = " * ".join(numerator) or ("1" if denominator else "")
    return above + "".join(f" / {name}" for name in denominator)


TERM = re.compile(r"\s*(?P<operator>^|[*/])\s*(?P<name>[^\s*/]+)(?:\s*\*\*\s*(?P<power>-?\d+))?\s*")


@cache
def written_powers(expression: str) -> Powers:
    """The names of an expression with their powers: "metric_ton / year / year" is
    (("metric_ton", 1), ("year", -2)). "", "1" and "dimensionless" are the plain number."""
    terms: list[tuple[str, int]] = []
    position = 0
    while position < len(expression):
        term = TERM.match(expression, position)
        if term is None:
            raise UnitError(f'cannot read the unit "{expression}"')
        if term["name"] not in ("1", "dimensionless"):
            sign = -1 if term["operator"] == "/" else 1
            terms.append((term["name"], sign * int(term["power"] or 1)))
        position = term.end()
    return summed(terms)


def resolved(expression: str) -> list[tuple[NamedUnit, int]]:
    return [(named_unit(name), power) for name, power in written_powers(expression)]


@cache
def in_base(expression: str) -> InBase:
    unit = ONE
    for named, power in resolved(expression):
        unit = unit.times(named.in_base, power)
    return unit


def written(powers: Powers) -> str:
    """Powers as pint writes a unit: "kilogram * meter ** 2 / second ** 3", "1 / a"."""
    def term(name: str, power: int) -> str:
        return name if power == 1 else f"{name} ** {power}"

    above = [term(name, power) for name, power in powers if power > 0]
    below = [term(name, -power) for name, power in powers if power < 0]
    if not above and not below:
        return ""
    return " * ".join(above or ["1"]) + "".join(f" / {part}" for part in below)


def base_unit_text(unit: InBase) -> str:
    """"kilogram / second"; "dimensionless" for a plain number, count included, as pint has it."""
    return written(unit.base) if unit.dimensions else "dimensionless"


def symbol_text(terms: list[tuple[NamedUnit, int]]) -> str:
    """The symbols of an expression, in the order of pint's names: "t / a", "USD / kg", "" for a plain number."""
    by_name = summed((unit.name, power) for unit, power in terms)
    symbols = {unit.name: unit.symbol for unit, _ in terms}
    return written(tuple((symbols[name], power) for name, power in by_name))


def as_decimal(factor: Fraction) -> Decimal:
    """Exact when the factor ends in Decimal; else rounded to Decimal's 28 digits (per year, per month)."""
    return Decimal(factor.numerator) / Decimal(factor.denominator)


@cache
def unit_info(expression: str) -> UnitInfo:
    """Display symbol, exact base-unit factor and base unit of an expression the grammar wrote."""
    return UnitInfo(symbol_text(resolved(expression)), as_decimal(in_base(expression).factor),
                    base_unit_text(in_base(expression)))


def unit_product(left: str, right: str, right_exponent: int = 1) -> str:
    """left × right ** right_exponent, of base-unit expressions, as a base-unit expression."""
    return base_unit_text(in_base(left).times(in_base(right), right_exponent))


def conversion_factor(source: str, target: str) -> Decimal | None:
    """How many `target` one `source` is, or None when their dimensions differ."""
    source_unit, target_unit = in_base(source), in_base(target)
    if source_unit.dimensions != target_unit.dimensions:
        return None
    return as_decimal(source_unit.factor / target_unit.factor)
