"""Which claims of a topic are compared with which: claims whose periods overlap, and undated claims
with what was current when their article appeared.

    dated claims      each set of periods that share a day is compared within itself; a figure for
                      2023 meets one for January 2023, never one for 2022
    undated claims    meet each other, and the dated claims of the latest period that ends on or
                      before their article's `published` date; without a `published` date, every claim

Works on positions in a list of datings, so that it needs nothing but periods and publication days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from reecheck.dates import Period


@dataclass(frozen=True)
class Dating:
    """When a claim's figure holds: its period, or (undated) its article's first day of publication."""

    period: Period | None
    published: int | None = None


@dataclass(frozen=True)
class ComparedSet:
    """Claims compared with each other, by position."""

    period: Period | None
    """From the first to the last day of its dated claims' periods; None for the undated claims alone."""
    members: tuple[int, ...]


def compared_sets(datings: Sequence[Dating]) -> list[ComparedSet]:
    """Every pair of claims to compare lies in one of these sets, and every pair in a set is one to compare."""
    by_period: dict[Period, list[int]] = defaultdict(list)
    for index, dating in enumerate(datings):
        if dating.period is not None:
            by_period[dating.period].append(index)
    periods = sorted(by_period)
    undated = [index for index, dating in enumerate(datings) if dating.period is None]
    sets = []
    for sharing in sharing_periods(periods):
        dated = [index for period in sharing for index in by_period[period]]
        attached = [index for index in undated if attaches(datings[index], sharing, periods)]
        span = Period(min(period.start for period in sharing), max(period.end for period in sharing))
        sets.append(ComparedSet(span, tuple(sorted(dated + attached))))
    if undated:
        sets.append(ComparedSet(None, tuple(undated)))
    return sets


def sharing_periods(periods: Sequence[Period]) -> list[tuple[Period, ...]]:
    """The largest sets of periods that share a day, oldest first: two periods overlap exactly when
    some set holds both. Between two consecutive period boundaries, every period holds all days or none."""
    cuts = sorted({period.start for period in periods} | {period.end + 1 for period in periods})
    found: list[frozenset[Period]] = []
    for first, after in pairwise(cuts):
        sharing = frozenset(period for period in periods if period.start <= first and after - 1 <= period.end)
        if sharing and sharing not in found:
            found.append(sharing)
    largest = [sharing for sharing in found if not any(sharing < other for other in found)]
    return [tuple(sorted(sharing)) for sharing in largest]


def attaches(dating: Dating, sharing: Sequence[Period], periods: Sequence[Period]) -> bool:
    """Whether an undated claim is compared with the dated claims of these periods."""
    if dating.published is None:
        return True
    end = current_end(dating.published, periods)
    return end is not None and any(period.end == end for period in sharing)


def current_end(published: int, periods: Sequence[Period]) -> int | None:
    """The last day of the latest period that ends on or before the day of publication."""
    return max((period.end for period in periods if period.end <= published), default=None)
