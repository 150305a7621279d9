"""The value grammar, case by case, with exact intervals and units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reecheck.grammar import GrammarError, parse_unit_text, parse_value
from reecheck.model import Qualifier

D = Decimal
EXACT, APPROX, LOWER, UPPER = Qualifier.EXACT, Qualifier.APPROXIMATE, Qualifier.LOWER_BOUND, Qualifier.UPPER_BOUND

# text, qualifier, low, high, unit, base_low, base_high, base_unit
CASES = [
    # numbers, separators, scales
    ("2,500 t", EXACT, "2500", "2500", "t", "2500000", "2500000", "kilogram"),
    ("30 000 t", EXACT, "30000", "30000", "t", "30000000", "30000000", "kilogram"),
    ("1,000,000 kg", EXACT, "1000000", "1000000", "kg", "1000000", "1000000", "kilogram"),
    ("0.6%", EXACT, "0.6", "0.6", "%", "0.006", "0.006", "dimensionless"),
    ("3.8 million tonnes", EXACT, "3800000", "3800000", "t", "3.8e9", "3.8e9", "kilogram"),
    ("5 thousand t", EXACT, "5000", "5000", "t", "5e6", "5e6", "kilogram"),
    ("2 billion t", EXACT, "2e9", "2e9", "t", "2e12", "2e12", "kilogram"),
    ("1 trillion USD", EXACT, "1e12", "1e12", "USD", "1e12", "1e12", "USD"),
    ("5k t", EXACT, "5000", "5000", "t", "5e6", "5e6", "kilogram"),
    ("5 mln t", EXACT, "5e6", "5e6", "t", "5e9", "5e9", "kilogram"),
    ("5m tonnes", EXACT, "5e6", "5e6", "t", "5e9", "5e9", "kilogram"),
    ("5bn t", EXACT, "5e9", "5e9", "t", "5e12", "5e12", "kilogram"),
    ("$5m", EXACT, "5e6", "5e6", "USD", "5e6", "5e6", "USD"),
    # number words, fractions, multiples, ordinals
    ("two", EXACT, "2", "2", "", "2", "2", "dimensionless"),
    ("fifteen", EXACT, "15", "15", "", "15", "15", "dimensionless"),
    ("twenty-five", EXACT, "25", "25", "", "25", "25", "dimensionless"),
    ("two hundred t", EXACT, "200", "200", "t", "200000", "200000", "kilogram"),
    ("a hundred t", EXACT, "100", "100", "t", "100000", "100000", "kilogram"),
    ("half", EXACT, "0.5", "0.5", "", "0.5", "0.5", "dimensionless"),
    ("a quarter", EXACT, "0.25", "0.25", "", "0.25", "0.25", "dimensionless"),
    ("three-quarters", EXACT, "0.75", "0.75", "", "0.75", "0.75", "dimensionless"),
    ("ten-fold", EXACT, "10", "10", "times", "10", "10", "dimensionless"),
    ("tenfold", EXACT, "10", "10", "times", "10", "10", "dimensionless"),
    ("10-fold", EXACT, "10", "10", "times", "10", "10", "dimensionless"),
    ("10x", EXACT, "10", "10", "times", "10", "10", "dimensionless"),
    ("10×", EXACT, "10", "10", "times", "10", "10", "dimensionless"),
    ("twice", EXACT, "2", "2", "times", "2", "2", "dimensionless"),
    ("three times", EXACT, "3", "3", "times", "3", "3", "dimensionless"),
    ("fifth", EXACT, "5", "5", "", "5", "5", "dimensionless"),
    ("a year", EXACT, "1", "1", "a", "31557600", "31557600", "second"),
    # ranges
    ("2,500-2,600 metric tons", EXACT, "2500", "2600", "t", "2500000", "2600000", "kilogram"),
    ("28.5–28.7 million tonnes", EXACT, "28500000", "28700000", "t", "2.85e10", "2.87e10", "kilogram"),
    ("28.5—28.7 million tonnes", EXACT, "28500000", "28700000", "t", "2.85e10", "2.87e10", "kilogram"),
    ("10-12 %", EXACT, "10", "12", "%", "0.10", "0.12", "dimensionless"),
    ("10%-12%", EXACT, "10", "12", "%", "0.10", "0.12", "dimensionless"),
    ("between 10 and 12 percent", EXACT, "10", "12", "%", "0.10", "0.12", "dimensionless"),
    ("from 10 to 12 per cent", EXACT, "10", "12", "%", "0.10", "0.12", "dimensionless"),
    ("5 to 7 Mt", EXACT, "5", "7", "Mt", "5e9", "7e9", "kilogram"),
    ("$5-7 million", EXACT, "5e6", "7e6", "USD", "5e6", "7e6", "USD"),
    # qualifiers
    ("about 3.8 million tonnes", APPROX, "3800000", "3800000", "t", "3.8e9", "3.8e9", "kilogram"),
    ("around 90 percent", APPROX, "90", "90", "%", "0.9", "0.9", "dimensionless"),
    ("roughly 0.6 percent", APPROX, "0.6", "0.6", "%", "0.006", "0.006", "dimensionless"),
    ("approximately 658 million metric tons", APPROX, "6.58e8", "6.58e8", "t", "6.58e11", "6.58e11", "kilogram"),
    ("some 50,000 tonnes", APPROX, "50000", "50000", "t", "5e7", "5e7", "kilogram"),
    ("circa 5 t", APPROX, "5", "5", "t", "5000", "5000", "kilogram"),
    ("~5 t", APPROX, "5", "5", "t", "5000", "5000", "kilogram"),
    ("roughly two-thirds", APPROX, D(2) / 3, D(2) / 3, "", D(2) / 3, D(2) / 3, "dimensionless"),
    ("just around 2,500-2,600 metric tons", APPROX, "2500", "2600", "t", "2500000", "2600000", "kilogram"),
    ("a scant 1%", EXACT, "1", "1", "%", "0.01", "0.01", "dimensionless"),
    ("over 5 t", LOWER, "5", None, "t", "5000", None, "kilogram"),
    ("more than 5 t", LOWER, "5", None, "t", "5000", None, "kilogram"),
    ("above 5 t", LOWER, "5", None, "t", "5000", None, "kilogram"),
    ("at least 5 t", LOWER, "5", None, "t", "5000", None, "kilogram"),
    ("90%+", LOWER, "90", None, "%", "0.9", None, "dimensionless"),
    ("up to 12 %", UPPER, None, "12", "%", None, "0.12", "dimensionless"),
    ("under US $11 per kg", UPPER, None, "11", "USD / kg", None, "11", "USD / kilogram"),
    ("below 5 t", UPPER, None, "5", "t", None, "5000", "kilogram"),
    ("less than 5 t", UPPER, None, "5", "t", None, "5000", "kilogram"),
    ("at most 5 t", UPPER, None, "5", "t", None, "5000", "kilogram"),
    ("almost half", UPPER, None, "0.5", "", None, "0.5", "dimensionless"),
    ("nearly 3 g", UPPER, None, "3", "g", None, "0.003", "kilogram"),
    ("top five", UPPER, None, "5", "", None, "5", "dimensionless"),
    # units
    ("240 kt", EXACT, "240", "240", "kt", "2.4e8", "2.4e8", "kilogram"),
    ("5 Mt", EXACT, "5", "5", "Mt", "5e9", "5e9", "kilogram"),
    ("50 kilotonnes", EXACT, "50", "50", "kt", "5e7", "5e7", "kilogram"),
    ("12 percentage points", EXACT, "12", "12", "pp", "0.12", "0.12", "dimensionless"),
    ("US $11 per kg", EXACT, "11", "11", "USD / kg", "11", "11", "USD / kilogram"),
    ("US$11/kg", EXACT, "11", "11", "USD / kg", "11", "11", "USD / kilogram"),
    ("up to $20 million USD", UPPER, None, "2e7", "USD", None, "2e7", "USD"),
    ("€3 billion", EXACT, "3e9", "3e9", "EUR", "3e9", "3e9", "EUR"),
    ("200 tonnes annually", EXACT, "200", "200", "t / a", D(200000) / 31557600, D(200000) / 31557600,
     "kilogram / second"),
    ("5 gigatonnes", EXACT, "5", "5", "Gt", "5e12", "5e12", "kilogram"),
    # a bare number per a period is a rate
    ("2 per year", EXACT, "2", "2", "1 / a", D(2) / 31557600, D(2) / 31557600, "1 / second"),
    ("five monthly", EXACT, "5", "5", "1 / month", D(5) / 2629800, D(5) / 2629800, "1 / second"),
    ("twice a year", EXACT, "2", "2", "times / a", D(2) / 31557600, D(2) / 31557600, "1 / second"),
    ("2 per t", EXACT, "2", "2", "1 / t", "0.002", "0.002", "1 / kilogram"),
    # names outside reecheck's vocabulary are pint's
    ("5 km", EXACT, "5", "5", "km", "5000", "5000", "meter"),
    ("15", EXACT, "15", "15", "", "15", "15", "dimensionless"),
]


# The forms news writes (issue 11), read the same in claim files and by the scanner:
# text, qualifier, low, high, unit, base_unit
NEWS_CASES = [
    ("-1.3%", EXACT, "-1.3", "-1.3", "%", "dimensionless"),
    ("minus 387", EXACT, "-387", "-387", "", "dimensionless"),
    ("$-99.99", EXACT, "-99.99", "-99.99", "USD", "USD"),
    (".001 per cent", EXACT, "0.001", "0.001", "%", "dimensionless"),
    ("$4.2b", EXACT, "4.2e9", "4.2e9", "USD", "USD"),
    ("$1tn", EXACT, "1e12", "1e12", "USD", "USD"),
    ("$2.174T", EXACT, "2.174e12", "2.174e12", "USD", "USD"),
    ("€10B", EXACT, "1e10", "1e10", "EUR", "EUR"),
    ("USD1,700", EXACT, "1700", "1700", "USD", "USD"),
    ("RM2.05", EXACT, "2.05", "2.05", "MYR", "MYR"),
    ("RM170mil", EXACT, "1.7e8", "1.7e8", "MYR", "MYR"),
    ("£8.1bn", EXACT, "8.1e9", "8.1e9", "GBP", "GBP"),
    ("HK$58.8", EXACT, "58.8", "58.8", "HKD", "HKD"),
    ("C$45 million", EXACT, "4.5e7", "4.5e7", "CAD", "CAD"),
    ("$US113 trillion", EXACT, "1.13e14", "1.13e14", "USD", "USD"),
    ("¥3.6 trillion", EXACT, "3.6e12", "3.6e12", "JPY", "JPY"),
    ("120 yen", EXACT, "120", "120", "JPY", "JPY"),
    ("12 cents", EXACT, "12", "12", "¢", "USD"),
    ("50 pence", EXACT, "50", "50", "p", "GBP"),
    ("10 000 dollars", EXACT, "10000", "10000", "USD", "USD"),
    ("no more than 5%", UPPER, None, "5", "%", "dimensionless"),
    ("no less than 10 tonnes", LOWER, "10", None, "t", "kilogram"),
    ("at or above 42 percent", LOWER, "42", None, "%", "dimensionless"),
    ("close to 45 percent", APPROX, "45", "45", "%", "dimensionless"),
    ("slightly below RM1,800 per tonne", UPPER, None, "1800", "MYR / t", "MYR / kilogram"),
    ("sub-500 sq m", UPPER, None, "500", "m ** 2", "meter ** 2"),
    ("sub-$20", UPPER, None, "20", "USD", "USD"),
    ("$800,000 to $1.3 million", EXACT, "800000", "1300000", "USD", "USD"),
    ("1/4 mile", EXACT, "0.25", "0.25", "mi", "meter"),
    ("2 1/2 miles", EXACT, "2.5", "2.5", "mi", "meter"),
    ("two and a half miles", EXACT, "2.5", "2.5", "mi", "meter"),
    ("3-inch", EXACT, "3", "3", "in", "meter"),
    ("$600-per-week", EXACT, "600", "600", "USD / week", "USD / second"),
    ("70 pc", EXACT, "70", "70", "%", "dimensionless"),
    ("240 kilotons", EXACT, "240", "240", "kt", "kilogram"),
    ("5 megatons", EXACT, "5", "5", "Mt", "kilogram"),
    ("20 million pounds", EXACT, "2e7", "2e7", "GBP", "GBP"),
    ("£5 pounds", EXACT, "5", "5", "GBP", "GBP"),
    ("$3.43 per pound", EXACT, "3.43", "3.43", "USD / lb", "USD / kilogram"),
    ("twenty-pound", EXACT, "20", "20", "lb", "kilogram"),
    ("one in five", EXACT, "0.2", "0.2", "", "dimensionless"),
    ("1 in 20", EXACT, "0.05", "0.05", "", "dimensionless"),
    ("one sixth", EXACT, D(1) / 6, D(1) / 6, "", "dimensionless"),
    ("half a million", EXACT, "5e5", "5e5", "", "dimensionless"),
    ("a quarter million", EXACT, "2.5e5", "2.5e5", "", "dimensionless"),
    ("$1.2m", EXACT, "1.2e6", "1.2e6", "USD", "USD"),
    ("1.2m tonnes", EXACT, "1.2e6", "1.2e6", "t", "kilogram"),
    ("5,000 square feet", EXACT, "5000", "5000", "ft ** 2", "meter ** 2"),
    ("301,338 km2", EXACT, "301338", "301338", "km ** 2", "meter ** 2"),
    ("40 acres", EXACT, "40", "40", "acre", "meter ** 2"),
    ("30-40 mph", EXACT, "30", "40", "mi / h", "meter / second"),
    ("10-gallon", EXACT, "10", "10", "gal", "meter ** 3"),
    ("11.3 million barrels per day", EXACT, "1.13e7", "1.13e7", "oil_bbl / d", "meter ** 3 / second"),
    ("$55.91 a barrel", EXACT, "55.91", "55.91", "USD / oil_bbl", "USD / meter ** 3"),
    ("50,000 tpa", EXACT, "50000", "50000", "t / a", "kilogram / second"),
    ("20 kt/y", EXACT, "20", "20", "kt / a", "kilogram / second"),
    ("1.5 t/yr", EXACT, "1.5", "1.5", "t / a", "kilogram / second"),
    ("100,000 a month", EXACT, "100000", "100000", "1 / month", "1 / second"),
    ("40,000 per day", EXACT, "40000", "40000", "1 / d", "1 / second"),
    ("2.35 million daily", EXACT, "2.35e6", "2.35e6", "1 / d", "1 / second"),
    ("3 million annually", EXACT, "3e6", "3e6", "1 / a", "1 / second"),
    ("2 million short tons", EXACT, "2e6", "2e6", "ton", "kilogram"),
    ("18,125 metric tons of cobalt", EXACT, "18125", "18125", "t", "kilogram"),
    ("75 basis points", EXACT, "75", "75", "bp", "dimensionless"),
    ("~248 megabits per second", APPROX, "248", "248", "Mbit / s", "bit / second"),
    ("48 hours", EXACT, "48", "48", "h", "second"),
    ("8,000 ft", EXACT, "8000", "8000", "ft", "meter"),
    ("50 mg", EXACT, "50", "50", "mg", "kilogram"),
    ("5 g", EXACT, "5", "5", "g", "kilogram"),
]


@pytest.mark.parametrize(("text", "qualifier", "low", "high", "unit", "base_unit"), NEWS_CASES)
def test_reads_what_news_writes(text: str, qualifier: Qualifier, low: str | Decimal | None,
                                high: str | Decimal | None, unit: str, base_unit: str) -> None:
    value = parse_value(text)
    assert (value.qualifier, value.low, value.high, value.unit, value.base_unit) == (
        qualifier, decimal_or_none(low), decimal_or_none(high), unit, base_unit)


def decimal_or_none(value: str | Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize(("text", "qualifier", "low", "high", "unit", "base_low", "base_high", "base_unit"), CASES)
def test_reads_value(text: str, qualifier: Qualifier, low: str | None, high: str | None, unit: str,
                     base_low: str | None, base_high: str | None, base_unit: str) -> None:
    value = parse_value(text)
    assert (value.qualifier, value.low, value.high, value.unit) == (
        qualifier, decimal_or_none(low), decimal_or_none(high), unit)
    assert (value.base_low, value.base_high, value.base_unit) == (
        decimal_or_none(base_low), decimal_or_none(base_high), base_unit)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty value"),
    ("no", 'expected a number, found "no"'),
    ("1,5 t", '"1,5" is ambiguous: write a decimal point, or group thousands in threes'),
    ("1,50,000 t", '"1,50" is ambiguous: write a decimal point, or group thousands in threes'),
    ("5 tons", 'ambiguous unit "tons": write "metric tons" or "short tons"'),
    ("3 mt", 'ambiguous unit "mt": write "Mt" (megatonnes) or "t" (tonnes)'),
    ("5m", 'ambiguous "m": write "million" or "metre"'),
    ("3.8 millon tonnes", "unknown unit \"millon\" (did you mean 'million' or 'billion'?)"),
    ("5 zorgs", 'unknown unit "zorgs"'),
    ("about about 5", 'more than one qualifier ("about")'),
    ("about 90%+", 'a trailing "+" cannot follow the qualifier in "about 90%+"'),
    ("90%+ t", 'cannot read "t"'),
    ("5 per", 'a unit is missing after "per"'),
    ("5 t-7 kg", 'the two ends of the range have different units ("metric_ton" and "kilogram")'),
    ("7-5 t", "the range runs backwards (7 > 5)"),
    ("between 5 and", "a number is missing"),
    ("between 5 or 6", '"between" needs "and"'),
    ("5 tonnes kg", 'cannot combine units "metric_ton kilogram"'),
    ("5 # t", 'unexpected "#" at character 3'),
    ("5 degC", '"degC" is a scale with an offset, not an amount that a factor converts'),
    ("5 °C", '"°C" is a temperature, which no factor converts: claim files take no temperatures'),
    ("41 degrees Fahrenheit", '"°F" is a temperature, which no factor converts: claim files take no temperatures'),
    ("7th", 'unknown unit "th"'),
    ("3rd", 'unknown unit "rd"'),
    ("2nd", 'unknown unit "nd"'),
    ("5G", "unknown unit \"G\" (did you mean 'g'?)"),
    ("263,276 MT", 'ambiguous unit "mt": write "Mt" (megatonnes) or "t" (tonnes)'),
    ("96,600 tons a year", 'ambiguous unit "tons": write "metric tons" or "short tons"'),
    ("9" * 80 + " t", "a number of more than 40 digits"),
    ("from 4.8 to 4.7 percent", "the range runs backwards (4.8 > 4.7)"),
    ("5 tonnes of 3", 'cannot read "of 3"'),
])
def test_rejects_value(text: str, message: str) -> None:
    with pytest.raises(GrammarError) as raised:
        parse_value(text)
    assert str(raised.value) == message


def test_precision_is_half_the_last_stated_digit() -> None:
    assert parse_value("1%").precision == D("0.5")
    assert parse_value("0.6%").precision == D("0.05")
    assert parse_value("90%").precision == D("0.5")
    assert parse_value("2,500 t").precision == D("50")
    assert parse_value("28.7 million t").precision == D("50000")
    assert parse_value("two-thirds").precision == D("0")


@pytest.mark.parametrize(("words", "digits"), [
    ("four percent", "4 percent"), ("ten-fold", "10-fold"), ("tenfold", "10-fold"), ("twenty-five t", "25 t"),
    ("two", "2"), ("dozen", "12"),
])
def test_number_words_carry_the_precision_of_their_digits(words: str, digits: str) -> None:
    assert parse_value(words).precision == parse_value(digits).precision


def test_ordinals_and_fractions_stay_exact() -> None:
    assert (parse_value("second").precision, parse_value("a third").precision) == (D(0), D(0))


@pytest.mark.parametrize(("unit", "factor", "base"), [
    ("million tonnes", "1e9", "kilogram"),
    ("%", "0.01", "dimensionless"),
    ("t", "1000", "kilogram"),
    ("USD / kg", "1", "USD / kilogram"),
    ("count", "1", "dimensionless"),
    ("million USD", "1e6", "USD"),
])
def test_reads_topic_units(unit: str, factor: str, base: str) -> None:
    info = parse_unit_text(unit)
    assert (info.symbol, info.factor, info.base_unit) == (unit, D(factor), base)


def grouped(number: int) -> str:
    return f"{number:,}"


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["t", "kg", "%", "Mt", "USD / kg"]))
def test_grouped_integers_round_trip(number: int, unit: str) -> None:
    value = parse_value(f"{grouped(number)} {unit}")
    assert value.low == value.high == number
    assert value.unit == unit


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
       st.sampled_from([("thousand", 10**3), ("million", 10**6), ("bn", 10**9)]))
def test_scaled_decimals_round_trip(number: Decimal, scale: tuple[str, int]) -> None:
    word, factor = scale
    value = parse_value(f"about {number} {word} tonnes")
    assert value.qualifier is APPROX
    assert value.low == value.high == number * factor
    assert value.base_low == number * factor * 1000
