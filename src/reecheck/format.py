"""Numbers for people: shared by every renderer and by the reasons `compare` writes."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from reecheck.dates import format_day
from reecheck.model import Qualifier

SIGNIFICANT_DIGITS = 4
# Between these magnitudes a number is written out; rounding it to SIGNIFICANT_DIGITS then stays
# within the 28 digits of Decimal's arithmetic, whatever the digits given.
GROUPED_FROM = Decimal("1e-9")
SCIENTIFIC_FROM = Decimal("1e21")
QUALIFIER_MARKS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATE: "≈",
    Qualifier.LOWER_BOUND: "≥",
    Qualifier.UPPER_BOUND: "≤",
}


def format_number(number: Decimal) -> str:
    """At most four significant digits, thousands grouped, no trailing zeros: 2,500, 0.6, 66.67;
    magnitudes from 10²¹ and below 10⁻⁹ in scientific notation: 1.235e+28."""
    if number == 0:
        return "0"
    if not GROUPED_FROM <= abs(number) < SCIENTIFIC_FROM:
        return format_scientific(number)
    places = max(0, SIGNIFICANT_DIGITS - 1 - number.adjusted())
    text = f"{round(number, places):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_scientific(number: Decimal) -> str:
    mantissa, exponent = f"{number:.{SIGNIFICANT_DIGITS - 1}e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{exponent}"


def format_ordinal(number: Decimal) -> str:
    """A place in a ranking: 1st, 2nd, 3rd, 4th, 11th, 22nd."""
    whole = int(number)
    suffix = "th" if whole % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def format_ratio(ratio: Decimal) -> str:
    """A gap between figures, to three significant digits: 7.55×, 1.67×, 12.3×."""
    return f"{float(ratio):.3g}×"


def format_interval(low: Decimal | None, high: Decimal | None, granularity: str | None = None) -> str:
    """2,500–2,600; for dates (a granularity of day, month or year) 2025-11-01–2025-11-30."""
    def shown(number: Decimal) -> str:
        return format_day(number, granularity) if granularity else format_number(number)

    if low is None and high is None:
        return "?"
    if low is None or high is None or shown(low) == shown(high):
        return shown(low if low is not None else high)  # type: ignore[arg-type]
    return f"{shown(low)}–{shown(high)}"


def format_stated(low: Decimal | None, high: Decimal | None, qualifier: Qualifier,
                  granularity: str | None = None) -> str:
    """A figure as reecheck reads it: ≈3.8, ≥90, ≤12, 2,500–2,600, ≤2030."""
    return QUALIFIER_MARKS[qualifier] + format_interval(low, high, granularity)


# Large topics show the same few figures thousands of times; equal Decimals show the same.
@lru_cache(maxsize=1 << 16)
def format_in_unit(low: Decimal | None, high: Decimal | None, qualifier: Qualifier, unit: str,
                   granularity: str | None = None) -> str:
    """A figure with its unit: ≈3.8 million tonnes; dates carry none: 2025-12-01."""
    stated = format_stated(low, high, qualifier, granularity)
    return stated if granularity else f"{stated} {unit}".strip()
