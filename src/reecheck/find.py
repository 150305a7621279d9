"""`find`: the claims whose value states a given figure, in whatever unit and spelling, narrowed by
topic, source and article.

A figure is compared in base units, so "3.8 Mt", "3,800,000 t" and "about 3.8 million tonnes" are one
figure. What "states the figure" means:

- a point ("3.8 Mt", "about 3.8 Mt": approximation is spelling here) is stated by a claim that gives
  that number as its value, as an end of its range or as its bound ("over 3.8 Mt", "3.8-4 Mt");
- a range or a bound ("3.5-3.8 Mt", "over 3.8 Mt") is stated only by the same range or bound;
- a range that merely contains the figure does not state it ("3-4 Mt" does not state 3.8 Mt);
- with `near`, a number states another within that fraction of the one searched for;
- a date is stated only by the same days: the same day, month, year, span or bound. A figure that
  also reads as a date ("2026", a bare year) is that date to a claim whose value is one (a claim in a
  topic of dates), and the number to every other claim.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from decimal import Decimal

from reecheck.dates import DATE_UNIT, DateError, parse_date
from reecheck.grammar import GrammarError, parse_value
from reecheck.model import Claim, Corpus, Value
from reecheck.scan import scan


@dataclass(frozen=True)
class FindOptions:
    figure: Value | None = None
    """The figure searched for; None lists every claim the other options keep."""
    near: Decimal = Decimal(0)
    """How far a number may lie from the figure's, as a fraction of it."""
    topic_pattern: str | None = None
    source_text: str | None = None
    """Kept when the claim's source as written contains it, case and spacing forgiven: `TODO` finds the
    sources still TODO, `unattributed` those written so."""
    article_id: str | None = None
    figure_as_date: Value | None = None
    """The figure read as a date too, when it reads as one ("2026": the year), for claims whose value is a
    date; see figure_as_date."""


def read_figure(text: str) -> tuple[Value, str | None]:
    """FIGURE as a claim file's value is read; or, when the grammar refuses it for what an article's text
    writes loosely ("21,170 tons", copied from one), as the scanner reads it there, with the refusal as a
    note. A figure neither reads whole (a typo: "3.8 millon t") raises the grammar's error."""
    try:
        return parse_value(text), None
    except GrammarError as error:
        figures = scan(text.strip())
        if len(figures) == 1 and figures[0].text == text.strip():
            return figures[0].value, str(error)
        raise


def figure_as_date(text: str) -> Value | None:
    """FIGURE as a date, as a claim in a topic of dates reads its value ("2026" is that year); None when
    it does not read as one."""
    try:
        return parse_date(text)
    except DateError:
        return None


def find(corpus: Corpus, options: FindOptions) -> tuple[Claim, ...]:
    """The claims that match, in file and line order."""
    found = (claim for claim in corpus.claims if kept(claim, options))
    return tuple(sorted(found, key=lambda claim: (str(claim.location.path), claim.location.line)))


def kept(claim: Claim, options: FindOptions) -> bool:
    return ((options.topic_pattern is None or fnmatch.fnmatchcase(claim.topic, options.topic_pattern))
            and (options.source_text is None or spelled(options.source_text) in spelled(claim.source))
            and (options.article_id is None or claim.article_id == options.article_id)
            and (options.figure is None or states(claim.value, options.figure, options.near)
                 or (options.figure_as_date is not None and states(claim.value, options.figure_as_date, options.near))))


def spelled(source: str) -> str:
    """A source as written, case and spacing forgiven; unlike a comparison, a placeholder stays itself."""
    return " ".join(source.casefold().split())


def states(value: Value, figure: Value, near: Decimal) -> bool:
    """Whether `value` states `figure` (see the module's description)."""
    if value.base_unit != figure.base_unit:
        return False
    if figure.base_unit == DATE_UNIT:
        # A date is its days as a whole: December 2025 begins on December 1 but does not state it, and
        # a fraction of a count of days means nothing.
        return (value.base_low, value.base_high) == (figure.base_low, figure.base_high)
    if figure.base_low is not None and figure.base_low == figure.base_high:
        return any(close(number, figure.base_low, near) for number in (value.base_low, value.base_high))
    return all(close(number, wanted, near) for number, wanted in
               ((value.base_low, figure.base_low), (value.base_high, figure.base_high)))


def close(number: Decimal | None, wanted: Decimal | None, near: Decimal) -> bool:
    """Equal within `near` of `wanted`; an open end is close only to an open end."""
    if number is None or wanted is None:
        return number is wanted
    return abs(number - wanted) <= near * abs(wanted)
