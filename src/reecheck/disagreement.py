"""Which figures disagree, and how far apart they lie: the rules every verdict and kind rests on."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate

from reecheck.comparison import RANK_UNIT, Interval, Pair, PlacedClaim
from reecheck.model import UNATTRIBUTED, Topic, is_placeholder


def measure(topic: Topic) -> str:
    """How gaps are counted: in days for dates, in places for ranks, else as a ratio (the name of
    the gap's field: max_gap_days, max_gap_places, max_gap_ratio)."""
    if topic.granularity:
        return "days"
    return "places" if topic.unit == RANK_UNIT else "ratio"


INFINITE = Decimal("Infinity")


def gap_size(size: Decimal | None) -> Decimal:
    """A gap for ordering: figures on both sides of zero lie furthest apart."""
    return INFINITE if size is None else size


def derived_outcome(item: PlacedClaim) -> str | None:
    """How a derived claim's stated figure meets its recomputation; None for other claims."""
    if item.computed is None:
        return None
    if item.compared.overlaps(item.computed.interval):
        return "agrees"
    if item.rounding.overlaps(item.computed.rounded):
        return "agrees (within rounding)"
    return "disagrees"


def disagree(first: PlacedClaim, second: PlacedClaim) -> bool:
    return not first.compared.overlaps(second.compared) and not excused(first, second)


def excused(first: PlacedClaim, second: PlacedClaim) -> bool:
    """A correct rounding of a more precise figure is no disagreement when it states at least two
    significant digits: "74%" of "73.91%" (74% covers 73.5-74.5%, both ends included)."""
    coarse, fine = (first, second) if first.precision > second.precision else (second, first)
    return (coarse.precision > fine.precision and significant_digits(coarse) >= 2
            and coarse.stated.padded(coarse.precision).overlaps(fine.stated))


def significant_digits(item: PlacedClaim) -> int:
    """How many digits a figure states: 74% two, 0.6% one, 68,100 three, 100,000 one."""
    ends = [abs(end) for end in (item.stated.low, item.stated.high) if end is not None]
    if not ends or not item.precision:
        return 0
    steps = (max(ends) / (2 * item.precision)).to_integral_value()
    return 0 if steps == 0 else steps.adjusted() + 1


Allowed = Callable[[PlacedClaim, PlacedClaim], bool]


def widest_disagreement(lowers: Sequence[PlacedClaim], uppers: Sequence[PlacedClaim], topic: Topic,
                        allowed: Allowed = lambda lower, upper: not excused(lower, upper)) -> Pair | None:
    """The figure of `lowers` and the one of `uppers` above it that lie furthest apart and whose pair is
    `allowed` (not excused by rounding, by default). The widest pair of disjoint figures is found
    without comparing every pair; only when it is not allowed are the distinct figures searched."""
    widest = widest_pair(lowers, uppers, topic)
    if widest is None or allowed(*widest):
        return widest
    candidates = [(lower, upper) for lower in distinct(lowers) for upper in distinct(uppers)
                  if lower.compared.below(upper.compared) and allowed(lower, upper)]
    return max(candidates, key=lambda pair: gap_size(gap(pair[0].stated, pair[1].stated, topic)), default=None)


def distinct(items: Sequence[PlacedClaim]) -> list[PlacedClaim]:
    """One claim of each figure, article and source: large topics repeat a few figures many times."""
    seen: dict[tuple[object, ...], PlacedClaim] = {}
    for item in items:
        # The intervals' ends rather than the intervals: Decimals keep their hashes, dataclasses do not.
        stated, compared = item.stated, item.compared
        seen.setdefault((stated.low, stated.high, compared.low, compared.high, item.precision,
                         item.claim.article_id, normal(item.claim.source)), item)
    return list(seen.values())


def widest_pair(lowers: Sequence[PlacedClaim], uppers: Sequence[PlacedClaim], topic: Topic) -> Pair | None:
    """The figure of `lowers` and the one of `uppers` that do not overlap and lie furthest apart,
    without comparing every pair.

    For each upper figure, the candidates are those whose compared interval ends below its start; of
    them the one ending lowest as stated lies furthest away, whether gaps are ratios, days or places.
    """
    ending = sorted(((item.compared.high, item) for item in lowers if item.compared.high is not None),
                    key=lambda pair: pair[0])
    ends = [end for end, _ in ending]
    lowest_ending = list(accumulate((item for _, item in ending), lower_ending))
    widest: Pair | None = None
    widest_gap: Decimal | None = Decimal(0)
    for upper in uppers:
        if upper.compared.low is None or widest_gap is None:
            continue
        below = bisect_left(ends, upper.compared.low)
        if below:
            lower = lowest_ending[below - 1]
            size = gap(lower.stated, upper.stated, topic)
            if widest is None or size is None or size > widest_gap:
                widest, widest_gap = (lower, upper), size
    return widest


def lower_ending(best: PlacedClaim, item: PlacedClaim) -> PlacedClaim:
    assert best.stated.high is not None and item.stated.high is not None
    return item if item.stated.high < best.stated.high else best


def disagreeing(placed: Sequence[PlacedClaim]) -> list[PlacedClaim]:
    """The figures that lie wholly below or above some other figure of the set."""
    starts = [item.compared.low for item in placed if item.compared.low is not None]
    ends = [item.compared.high for item in placed if item.compared.high is not None]
    if not starts or not ends:
        return []
    latest_start, earliest_end = max(starts), min(ends)
    return [item for item in placed
            if (item.compared.high is not None and item.compared.high < latest_start)
            or (item.compared.low is not None and item.compared.low > earliest_end)]


def ordered_by_position(a: Interval, b: Interval) -> tuple[Interval, Interval]:
    return (a, b) if a.below(b) else (b, a)


def gap(lower: Interval, upper: Interval, topic: Topic) -> Decimal | None:
    """How far apart two disjoint intervals are: in days for dates, places for ranks, else as a ratio."""
    if measure(topic) != "ratio":
        assert lower.high is not None and upper.low is not None
        return upper.low - lower.high
    return gap_ratio(lower, upper)


def gap_ratio(lower: Interval, upper: Interval) -> Decimal | None:
    """How many times apart two disjoint intervals are; None when they straddle zero."""
    assert lower.high is not None and upper.low is not None
    if lower.high > 0:
        return upper.low / lower.high
    if upper.low < 0:
        return lower.high / upper.low
    return None




@lru_cache(maxsize=1 << 12)
def normal(source: str) -> str:
    """A source as compared: case and spacing forgiven; a placeholder (`TODO`) names nobody, like
    `unattributed`. Kept per spelling, since a large corpus quotes a few sources a hundred thousand
    times."""
    return UNATTRIBUTED if is_placeholder(source) else " ".join(source.casefold().split())
