"""Dates as values: every written date is the interval of days it covers.

"December 1, 2025" is one day, "December 2025" its 31 days, "2026" its 365, "early 2023"
the first third of the year, "by 2030" every day up to the end of 2030. Days are proleptic
Gregorian ordinals (`date.toordinal()`), so gaps between dates are plain subtraction.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from reecheck.model import Qualifier, Value

DATE_UNIT = "date"
GRANULARITIES = {"calendar day": "day", "calendar month": "month", "calendar year": "year"}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
PARTS = {"early": 0, "mid": 1, "late": 2}

YEAR = r"(?P<year>\d{4})"
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
FORMS = [
    re.compile(rf"{MONTH}\s+(?P<day>\d{{1,2}}),?\s+{YEAR}"),           # December 1, 2025
    re.compile(rf"(?P<day>\d{{1,2}})\s+{MONTH}\s+{YEAR}"),             # 1 December 2025
    re.compile(r"(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})"),  # 2025-12-01
    re.compile(r"(?P<year>\d{4})-(?P<month_number>\d{2})"),            # 2025-12
    re.compile(rf"{MONTH}\s+{YEAR}"),                                  # December 2025
    re.compile(YEAR),                                                  # 2026
]
QUARTER = re.compile(r"Q(?P<quarter>[1-4])\s+(?P<year>\d{4})", re.IGNORECASE)             # Q4 2020
PART_OF = re.compile(r"(?P<part>early|mid|late)[\s-]+(?P<rest>.+)", re.IGNORECASE)
BOUND = re.compile(r"(?P<word>by|before|until|after|since|from)\s+(?P<rest>.+)", re.IGNORECASE)
YEAR_RANGE = re.compile(r"(?P<first>\d{4})\s*[-–—]\s*(?P<last>\d{4})")
UPPER_WORDS = ("by", "before", "until")


class DateError(Exception):
    """A date the grammar cannot read; `str()` is the reason."""


# Most values are quantities; this rules them out before any closer look.
MAYBE_DATE = re.compile(r"[A-Za-z]{2}|\d{4}-\d")
# A word where a month would stand: "Decembr 1, 2025", "Decembr 2025".
MONTH_SHAPED = re.compile(r"[A-Za-z]{5,}\.? (?:\d{1,2},? )?\d{4}")


def looks_like_date(text: str) -> bool:
    """A date that cannot be mistaken for a number: a month (or a near miss of one), a part of a
    year, an ISO date, or "by"/"since" a date or year."""
    if not MAYBE_DATE.search(text):
        return False
    text = " ".join(text.split())
    head = text.split(" ")[0].lower().rstrip(".,") if text else ""
    if bound := BOUND.fullmatch(text):
        rest = bound["rest"]
        return looks_like_date(rest) or re.fullmatch(r"\d{4}", rest) is not None or bool(YEAR_RANGE.fullmatch(rest))
    return (head in MONTHS or (MONTH_SHAPED.fullmatch(text) is not None and is_month_typo(head))
            or head.split("-")[0] in PARTS
            or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text) is not None
            or re.fullmatch(r"\d{1,2} [A-Za-z]+\.? \d{4}", text) is not None)


def is_month_typo(word: str) -> bool:
    return len(word) > 4 and bool(difflib.get_close_matches(word, list(MONTHS), n=1, cutoff=0.8))


def parse_date(text: str) -> Value:
    """A written date as the interval of days it covers."""
    written = " ".join(text.split())
    qualifier = Qualifier.EXACT
    rest = written
    if bound := BOUND.fullmatch(written):
        qualifier = Qualifier.UPPER_BOUND if bound["word"].lower() in UPPER_WORDS else Qualifier.LOWER_BOUND
        rest = bound["rest"]
    if years := YEAR_RANGE.fullmatch(rest):
        first, last = day_span(years["first"]), day_span(years["last"])
        low, high = first[0], last[1]
        if low > high:
            raise DateError(f"the range runs backwards ({years['first']} > {years['last']})")
    else:
        low, high = day_span(rest)
    if qualifier is Qualifier.UPPER_BOUND:
        return date_value(written, None, high, qualifier)
    if qualifier is Qualifier.LOWER_BOUND:
        return date_value(written, low, None, qualifier)
    return date_value(written, low, high, qualifier)


def day_span(text: str) -> tuple[int, int]:
    if part := PART_OF.fullmatch(text):
        return part_of(PARTS[part["part"].lower()], part["rest"])
    if quarter := QUARTER.fullmatch(text):
        return quarter_span(int(quarter["year"]), int(quarter["quarter"]))
    for form in FORMS:
        if found := form.fullmatch(text):
            return span_of(found.groupdict(), text)
    raise DateError(f'cannot read "{text}" as a date (write e.g. December 1, 2025; 2025-12; early 2023; by 2030)')


def quarter_span(year: int, quarter: int) -> tuple[int, int]:
    last_month = 3 * quarter
    return (date(year, last_month - 2, 1).toordinal(),
            date(year, last_month, calendar.monthrange(year, last_month)[1]).toordinal())


def part_of(index: int, text: str) -> tuple[int, int]:
    """Early, mid or late: a third of a year by months (Jan-Apr, May-Aug, Sep-Dec), or of a
    month by days (1-10, 11-20, 21-end)."""
    first, last = day_span(text)
    start = date.fromordinal(first)
    if re.fullmatch(r"\d{4}", text.strip()):
        return (date(start.year, 4 * index + 1, 1).toordinal(),
                date(start.year, 4 * index + 4, calendar.monthrange(start.year, 4 * index + 4)[1]).toordinal())
    if start.day == 1 and date.fromordinal(last).month == start.month and last - first >= 27:
        return first + 10 * index, (first + 10 * index + 9) if index < 2 else last
    raise DateError(f'"early", "mid" and "late" apply to a year or a month, not "{text}"')


def span_of(parts: dict[str, str | None], text: str) -> tuple[int, int]:
    year = int(parts["year"] or 0)
    month = month_number(parts, text)
    try:
        if month is None:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if parts.get("day") is None:
            last_day = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last_day).toordinal()
        day = date(year, month, int(parts["day"] or 0)).toordinal()
    except ValueError as error:
        raise DateError(f'"{text}" is not a date: {error}') from None
    return day, day


def month_number(parts: dict[str, str | None], text: str) -> int | None:
    if parts.get("month_number"):
        return int(parts["month_number"] or 0)
    name = parts.get("month")
    if name is None:
        return None
    if name.lower() not in MONTHS:
        close = difflib.get_close_matches(name.lower(), list(MONTHS), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0].capitalize()}?)" if close else ""
        raise DateError(f'unknown month "{name}" in "{text}"{hint}')
    return MONTHS[name.lower()]


def date_value(text: str, low: int | None, high: int | None, qualifier: Qualifier) -> Value:
    low_day = None if low is None else Decimal(low)
    high_day = None if high is None else Decimal(high)
    return Value(text, low_day, high_day, DATE_UNIT, qualifier, low_day, high_day, DATE_UNIT, Decimal(0))


def iso_day(ordinal: Decimal) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


def format_day(ordinal: Decimal, granularity: str) -> str:
    """A day shown at a topic's granularity: 2025-12-01, 2025-12 or 2025."""
    day = date.fromordinal(int(ordinal))
    return {"day": day.isoformat(), "month": f"{day.year}-{day.month:02d}", "year": str(day.year)}[granularity]


@dataclass(frozen=True, order=True)
class Period:
    """What a claim's `as_of` describes: the days from `start` to `end`, both included."""

    start: int
    end: int

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def iso(self) -> dict[str, str]:
        return {"start": date.fromordinal(self.start).isoformat(), "end": date.fromordinal(self.end).isoformat()}


@lru_cache(maxsize=1 << 12)  # claims repeat a few periods; a Period is frozen, so sharing it is safe
def parse_period(text: str) -> Period:
    """An `as_of` as the days it covers: 2024, 2024-03, 2024-03-15, Q4 2020, 2019-2020, March 2024."""
    value = parse_date(text)
    if value.low is None or value.high is None:
        raise DateError(f'"{text}" is open-ended; a period has a first and a last day')
    return Period(int(value.low), int(value.high))

