"""Dates as the intervals of days they cover."""

from __future__ import annotations

from datetime import date

import pytest

from reecheck.dates import DateError, parse_date, parse_period
from reecheck.grammar import GrammarError, parse_value
from reecheck.model import Qualifier


def days(value_text: str) -> tuple[str | None, str | None, Qualifier]:
    value = parse_date(value_text)
    shown = [None if n is None else date.fromordinal(int(n)).isoformat() for n in (value.low, value.high)]
    return shown[0], shown[1], value.qualifier


@pytest.mark.parametrize(("text", "low", "high", "qualifier"), [
    ("December 1, 2025", "2025-12-01", "2025-12-01", Qualifier.EXACT),
    ("1 December 2025", "2025-12-01", "2025-12-01", Qualifier.EXACT),
    ("Dec. 1, 2025", "2025-12-01", "2025-12-01", Qualifier.EXACT),
    ("2025-12-01", "2025-12-01", "2025-12-01", Qualifier.EXACT),
    ("2025-12", "2025-12-01", "2025-12-31", Qualifier.EXACT),
    ("December 2025", "2025-12-01", "2025-12-31", Qualifier.EXACT),
    ("November 2025", "2025-11-01", "2025-11-30", Qualifier.EXACT),
    ("February 2024", "2024-02-01", "2024-02-29", Qualifier.EXACT),
    ("2026", "2026-01-01", "2026-12-31", Qualifier.EXACT),
    ("2025-2027", "2025-01-01", "2027-12-31", Qualifier.EXACT),
    ("early 2023", "2023-01-01", "2023-04-30", Qualifier.EXACT),
    ("mid-2025", "2025-05-01", "2025-08-31", Qualifier.EXACT),
    ("late 2024", "2024-09-01", "2024-12-31", Qualifier.EXACT),
    ("early December 2025", "2025-12-01", "2025-12-10", Qualifier.EXACT),
    ("mid-December 2025", "2025-12-11", "2025-12-20", Qualifier.EXACT),
    ("late February 2024", "2024-02-21", "2024-02-29", Qualifier.EXACT),
    ("by 2030", None, "2030-12-31", Qualifier.UPPER_BOUND),
    ("by December 1, 2025", None, "2025-12-01", Qualifier.UPPER_BOUND),
    ("before mid-2025", None, "2025-08-31", Qualifier.UPPER_BOUND),
    ("since 2019", "2019-01-01", None, Qualifier.LOWER_BOUND),
    ("after November 2025", "2025-11-01", None, Qualifier.LOWER_BOUND),
])
def test_dates_are_intervals_of_days(text: str, low: str | None, high: str | None, qualifier: Qualifier) -> None:
    assert days(text) == (low, high, qualifier)


@pytest.mark.parametrize(("text", "message"), [
    ("Decembr 2025", 'unknown month "Decembr" in "Decembr 2025" (did you mean December?)'),
    ("February 30, 2025", '"February 30, 2025" is not a date: day is out of range for month'),
    ("2027-2025", "the range runs backwards (2027 > 2025)"),
    ("soon", 'cannot read "soon" as a date (write e.g. December 1, 2025; 2025-12; early 2023; by 2030)'),
    ("early December 1, 2025", '"early", "mid" and "late" apply to a year or a month, not "December 1, 2025"'),
])
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_date(text)
    assert str(raised.value) == message


def test_the_value_grammar_reads_unmistakable_dates_and_leaves_years_as_numbers() -> None:
    assert parse_value("December 1, 2025").unit == "date"
    assert parse_value("by 2030").unit == "date"
    assert parse_value("mid-2025").unit == "date"
    assert (parse_value("2026").unit, parse_value("2026").low) == ("", 2026)
    with pytest.raises(GrammarError, match="did you mean December"):
        parse_value("Decembr 2025")


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2024", "2024-01-01", "2024-12-31"),
    ("2024-03", "2024-03-01", "2024-03-31"),
    ("2024-03-15", "2024-03-15", "2024-03-15"),
    ("Q4 2020", "2020-10-01", "2020-12-31"),
    ("q1 2024", "2024-01-01", "2024-03-31"),
    ("2019-2020", "2019-01-01", "2020-12-31"),
    ("2019–2021", "2019-01-01", "2021-12-31"),
])
def test_as_of_is_a_period_of_days(text: str, start: str, end: str) -> None:
    assert parse_period(text).iso() == {"start": start, "end": end}


def test_a_period_needs_both_ends() -> None:
    with pytest.raises(DateError, match="open-ended"):
        parse_period("by 2030")


@pytest.mark.parametrize(("first", "second", "overlap"), [
    ("2023-01", "2023-02", False),          # a month ends the day before the next begins
    ("2023-01", "2023-01-31", True),
    ("2023-02", "2023-01-31", False),
    ("2023", "2023-12", True),
    ("2022", "Q1 2023", False),
    ("2019-2020", "2020-06", True),
])
def test_periods_overlap_when_they_share_a_day(first: str, second: str, overlap: bool) -> None:
    assert parse_period(first).overlaps(parse_period(second)) is overlap
    assert parse_period(second).overlaps(parse_period(first)) is overlap
