"""Claims grouped by topic -> verdicts on where, how badly and perhaps why they disagree."""

from __future__ import annotations

import fnmatch
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate

from reecheck.derive import DeriveError, evaluate, in_base_unit
from reecheck.format import format_in_unit, format_interval, format_number
from reecheck.model import UNATTRIBUTED, Claim, Corpus, Problem, Qualifier, Topic, Value, Verdict


@dataclass(frozen=True)
class CompareOptions:
    tolerance: Decimal = Decimal("0.05")
    """How far an approximate value reaches either side, relative to itself."""
    gross_ratio: Decimal = Decimal(2)
    gross_days: int = 365
    """For topics of dates: the gap in days from which a disagreement is gross."""
    topic_pattern: str | None = None
    include_consistent: bool = False
    article_pattern: str | None = None
    """Only topics where an article whose id matches this glob has a claim; all their claims are compared."""
    source_pattern: str | None = None
    """Only topics where a source matching this glob (case and spacing forgiven) is quoted."""


@dataclass(frozen=True)
class Interval:
    low: Decimal | None
    high: Decimal | None

    def overlaps(self, other: Interval) -> bool:
        return not (self.below(other) or other.below(self))

    def below(self, other: Interval) -> bool:
        return self.high is not None and other.low is not None and self.high < other.low

    def widened(self, fraction: Decimal) -> Interval:
        return Interval(
            None if self.low is None else self.low - abs(self.low) * fraction,
            None if self.high is None else self.high + abs(self.high) * fraction,
        )

    def padded(self, amount: Decimal) -> Interval:
        return Interval(
            None if self.low is None else self.low - amount,
            None if self.high is None else self.high + amount,
        )


@dataclass(frozen=True)
class PlacedClaim:
    """A claim with its figure in the topic's unit: as stated, and as compared."""

    claim: Claim
    stated: Interval
    compared: Interval
    precision: Decimal
    """Half a step of the figure's last stated digit, in the topic's unit."""
    computed: Computed | None = None

    @property
    def rounding(self) -> Interval:
        """What the figure covers when read as rounded to its last digit."""
        return self.compared.padded(self.precision)


@dataclass(frozen=True)
class Computed:
    """What a derived claim's expression gives, in the topic's unit."""

    interval: Interval
    inputs: str
    """The expression with each reference replaced by the figure it resolved to."""


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str


@dataclass(frozen=True)
class TopicComparison:
    topic: Topic
    verdict: Verdict
    max_gap_ratio: Decimal | None
    """Largest ratio between two stated figures that do not overlap; None when all do, and for dates."""
    reasons: tuple[Reason, ...]
    claims: tuple[PlacedClaim, ...]
    max_gap_days: int | None = None
    """For topics of dates: the largest gap in days between two that do not overlap."""

    @property
    def severity_order(self) -> tuple[int, Decimal]:
        """Gross before conflict, then the larger gap first."""
        gap = self.max_gap_ratio if self.max_gap_ratio is not None else Decimal(self.max_gap_days or 0)
        return (-self.verdict.rank, -gap)


@dataclass(frozen=True)
class Report:
    topics: tuple[TopicComparison, ...]
    hidden_consistent: int
    options: CompareOptions
    problems: tuple[Problem, ...] = ()
    """Derived claims that could not be computed; the comparison is then not to be trusted."""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for topic in self.topics if topic.verdict is verdict)

    def worst(self) -> Verdict | None:
        return max((topic.verdict for topic in self.topics), key=lambda verdict: verdict.rank, default=None)


def selected(topic: str, options: CompareOptions) -> bool:
    return options.topic_pattern is None or fnmatch.fnmatchcase(topic, options.topic_pattern)


def concerns(claims: Sequence[Claim], options: CompareOptions) -> bool:
    """Whether a topic's claims include one of the article and source the options ask about."""
    article, source = options.article_pattern, options.source_pattern
    return any((article is None or fnmatch.fnmatchcase(claim.article_id, article))
               and (source is None or fnmatch.fnmatchcase(normal(claim.source), normal(source)))
               for claim in claims)


def compare(corpus: Corpus, options: CompareOptions) -> Report:
    by_topic: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus.claims:
        if selected(claim.topic, options):
            by_topic[claim.topic].append(claim)
    problems: list[Problem] = []
    everything: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus.claims:
        everything[claim.topic].append(claim)
    comparisons = [compare_topic(corpus.topics[name], claims, everything, options, problems)
                   for name, claims in by_topic.items() if concerns(claims, options)]
    shown = [c for c in comparisons if c is not None]
    shown.sort(key=lambda c: (*c.severity_order, c.topic.name))
    return Report(tuple(shown), len(comparisons) - len(shown), options, tuple(problems))


def compare_topic(topic: Topic, claims: Sequence[Claim], everything: Mapping[str, Sequence[Claim]],
                  options: CompareOptions, problems: list[Problem]) -> TopicComparison | None:
    """The topic's verdict and reasons; None for a consistent topic the options hide."""
    placed = sorted((place(claim, topic, everything, options.tolerance, problems) for claim in claims),
                    key=claim_order)
    widest = widest_pair(placed, topic)
    stated_pairs = [(widest[0].stated, widest[1].stated)] if widest else []
    miscomputed = [item for item in placed if item.computed and not item.compared.overlaps(item.computed.interval)]
    stated_pairs += [ordered(item.stated, item.computed.interval) for item in miscomputed if item.computed]
    gaps = [gap(lower, upper, topic) for lower, upper in stated_pairs]
    largest = None if not gaps or None in gaps else max(g for g in gaps if g is not None)
    involved = disagreeing(placed)
    threshold = Decimal(options.gross_days) if topic.granularity else options.gross_ratio
    if not gaps:
        verdict = Verdict.CONSISTENT
    elif largest is None or largest >= threshold:
        verdict = Verdict.GROSS
    else:
        verdict = Verdict.CONFLICT
    if verdict is Verdict.CONSISTENT and not options.include_consistent:
        return None
    reasons = tuple(dict.fromkeys([
        *derived_reasons(placed, topic), *pair_reasons(widest, involved, topic), *reference_reasons(placed, topic),
        *attribution_reasons(placed, topic), *note_reasons(involved)]))
    if topic.granularity:
        return TopicComparison(topic, verdict, None, reasons, tuple(placed),
                               None if largest is None else int(largest))
    return TopicComparison(topic, verdict, largest, reasons, tuple(placed))


def widest_pair(placed: Sequence[PlacedClaim], topic: Topic) -> tuple[PlacedClaim, PlacedClaim] | None:
    """The two figures that do not overlap and lie furthest apart, without comparing every pair.

    For each figure, the candidates are those whose compared interval ends below its start; of
    them the one ending lowest as stated lies furthest away, whether gaps are ratios or days.
    """
    ending = sorted(((item.compared.high, item) for item in placed if item.compared.high is not None),
                    key=lambda pair: pair[0])
    ends = [end for end, _ in ending]
    lowest_ending = list(accumulate((item for _, item in ending), lower_ending))
    widest: tuple[PlacedClaim, PlacedClaim] | None = None
    widest_gap: Decimal | None = Decimal(0)
    for upper in placed:
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
    """The figures that lie wholly below or above some other figure of the topic."""
    starts = [item.compared.low for item in placed if item.compared.low is not None]
    ends = [item.compared.high for item in placed if item.compared.high is not None]
    if not starts or not ends:
        return []
    latest_start, earliest_end = max(starts), min(ends)
    return [item for item in placed
            if (item.compared.high is not None and item.compared.high < latest_start)
            or (item.compared.low is not None and item.compared.low > earliest_end)]


def ordered(a: Interval, b: Interval) -> tuple[Interval, Interval]:
    return (a, b) if a.below(b) else (b, a)


def gap(lower: Interval, upper: Interval, topic: Topic) -> Decimal | None:
    """How far apart two disjoint intervals are: in days for dates, else as a ratio."""
    if topic.granularity:
        assert lower.high is not None and upper.low is not None
        return upper.low - lower.high
    return gap_ratio(lower, upper)


def place(claim: Claim, topic: Topic, everything: Mapping[str, Sequence[Claim]], tolerance: Decimal,
          problems: list[Problem]) -> PlacedClaim:
    stated, compared, precision = placement(claim.value, topic, tolerance)
    computed = None
    if claim.derive is not None:
        try:
            computed = compute(claim, topic, everything, tolerance)
        except DeriveError as error:
            problems.append(Problem(claim.derive.location, f"claim '{claim.id}': cannot compute derive: {error}"))
    return PlacedClaim(claim, stated, compared, precision, computed)


@lru_cache(maxsize=1 << 16)
def placement(value: Value, topic: Topic, tolerance: Decimal) -> tuple[Interval, Interval, Decimal]:
    """A figure in its topic's unit: as stated, as compared, and its rounding step. Claims repeat figures."""
    stated = Interval(in_topic_unit(value.base_low, topic), in_topic_unit(value.base_high, topic))
    compared = stated.widened(tolerance) if value.qualifier is Qualifier.APPROXIMATE else stated
    return stated, compared, value.precision * written_to_topic_factor(value, topic)


def compute(claim: Claim, topic: Topic, everything: Mapping[str, Sequence[Claim]], tolerance: Decimal) -> Computed:
    assert claim.derive is not None
    quantity = evaluate(claim.derive.expression, everything, tolerance)
    low, high = in_base_unit(quantity, claim.value.base_unit)
    return Computed(Interval(in_topic_unit(low, topic), in_topic_unit(high, topic)), quantity.described)


def derived_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    for item in placed:
        if item.computed is not None:
            computed = format_in_unit(item.computed.interval.low, item.computed.interval.high, Qualifier.EXACT,
                                      topic.unit, topic.granularity)
            verdict = "agrees" if item.compared.overlaps(item.computed.interval) else "disagrees"
            yield Reason("derived", f'stated "{item.claim.value.text}" ({item.claim.article_id}); computed '
                                    f"{computed} from {item.computed.inputs}: {verdict}")


def reference_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """Where an article's figure and the reference data do not overlap."""
    for reference in (item for item in placed if item.claim.reference):
        differing = [item for item in placed
                     if not item.claim.reference and not item.compared.overlaps(reference.compared)]
        if differing:
            figures = group_articles(differing, key=lambda item: describe(item, topic))
            listed = listing([f"{figure} ({articles})" for figure, articles in figures.items()], "; ", most=4)
            yield Reason("reference", f"disagrees with the reference {reference.claim.source} "
                                      f"({describe(reference, topic)}): {listed}")


def in_topic_unit(base: Decimal | None, topic: Topic) -> Decimal | None:
    return None if base is None else base / topic.unit_factor


def written_to_topic_factor(value: Value, topic: Topic) -> Decimal:
    """How many topic units one unit of the figure as written is."""
    number = value.low if value.low is not None else value.high
    base = value.base_low if value.base_low is not None else value.base_high
    if not number or base is None:
        return Decimal(0)
    return base / number / topic.unit_factor


def claim_order(placed: PlacedClaim) -> tuple[Decimal, str, str]:
    anchor = placed.stated.low if placed.stated.low is not None else placed.stated.high
    return (anchor if anchor is not None else Decimal(0), placed.claim.article_id, placed.claim.id)


def gap_ratio(lower: Interval, upper: Interval) -> Decimal | None:
    """How many times apart two disjoint intervals are; None when they straddle zero."""
    assert lower.high is not None and upper.low is not None
    if lower.high > 0:
        return upper.low / lower.high
    if upper.low < 0:
        return lower.high / upper.low
    return None


def pair_reasons(widest: tuple[PlacedClaim, PlacedClaim] | None, involved: Sequence[PlacedClaim],
                 topic: Topic) -> Iterator[Reason]:
    """What may explain the figures that do not overlap: rounding, dates, sources."""
    if widest is not None and widest[0].rounding.overlaps(widest[1].rounding):
        yield rounding_reason(*widest, topic)
    dates = sorted(dict.fromkeys(item.claim.as_of for item in involved if item.claim.as_of))
    if len(dates) > 1:
        yield Reason("dates", f"different dates: {listing(dates, ', ')}")
    sources = list(dict.fromkeys(item.claim.source for item in involved))
    if len({normal(source) for source in sources}) > 1:
        yield Reason("sources", f"different sources: {listing(sources, '; ')}")


def listing(items: Sequence[str], separator: str, most: int = 8) -> str:
    """Items joined, the list cut short in large topics: "a; b; c and 12 more"."""
    shown = separator.join(items[:most])
    return shown if len(items) <= most else f"{shown} and {len(items) - most} more"


def rounding_reason(lower: PlacedClaim, upper: PlacedClaim, topic: Topic) -> Reason:
    coarse, fine = sorted((lower, upper), key=lambda placed: placed.precision, reverse=True)
    step = 2 * coarse.precision
    covers = format_interval(coarse.rounding.low, coarse.rounding.high)
    return Reason(
        "rounding",
        f'within rounding: "{coarse.claim.value.text}", if rounded to the nearest {format_number(step)} '
        f'{topic.unit}, covers {covers} {topic.unit}, which reaches "{fine.claim.value.text}"',
    )


def attribution_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """The same source quoted with different figures, and one figure given to different sources."""
    by_source: dict[str, list[PlacedClaim]] = defaultdict(list)
    by_figure: dict[Interval, list[PlacedClaim]] = defaultdict(list)
    for item in placed:
        if normal(item.claim.source) != UNATTRIBUTED:
            by_source[normal(item.claim.source)].append(item)
        by_figure[item.stated].append(item)
    quoted_differently = [(items, figures) for items in by_source.values()
                          if len({item.claim.article_id for item in items}) > 1
                          and len(figures := group_articles(items, key=lambda item: describe(item, topic))) > 1]
    for items, figures in quoted_differently[:MOST_REASONS]:
        quoted = listing([f"{figure} ({articles})" for figure, articles in figures.items()], " and ", most=4)
        yield Reason("same-source", f"{items[0].claim.source} is quoted as {quoted}")
    if len(quoted_differently) > MOST_REASONS:
        yield Reason("same-source", f"and {len(quoted_differently) - MOST_REASONS} more sources quoted as "
                                    "different figures")
    credited_differently = [items for items in by_figure.values() if len({item.claim.source for item in items}) > 1]
    for items in credited_differently[:MOST_REASONS]:
        sources = group_articles(items, key=lambda item: item.claim.source)
        given = listing([f"{source} ({articles})" for source, articles in sources.items()], "; ", most=4)
        yield Reason("same-figure", f"{describe(items[0], topic)} is credited to different sources: {given}")
    if len(credited_differently) > MOST_REASONS:
        yield Reason("same-figure", f"and {len(credited_differently) - MOST_REASONS} more figures credited to "
                                    "different sources")


# Reasons of one kind past this many are counted, not listed: a large topic has hundreds.
MOST_REASONS = 3


def note_reasons(involved: Sequence[PlacedClaim]) -> Iterator[Reason]:
    """Curators' notes on the claims that disagree often say what differs."""
    for item in involved:
        if item.claim.note:
            yield Reason("note", f"{item.claim.article_id} ({item.claim.id}): {item.claim.note}")


def group_articles(items: Sequence[PlacedClaim], key: Callable[[PlacedClaim], str]) -> dict[str, str]:
    grouped: dict[str, dict[str, None]] = defaultdict(dict)
    for item in items:
        grouped[key(item)][item.claim.article_id] = None
    return {label: listing(list(articles), ", ", most=4) for label, articles in grouped.items()}


def describe(item: PlacedClaim, topic: Topic) -> str:
    return format_in_unit(item.stated.low, item.stated.high, Qualifier.EXACT, topic.unit, topic.granularity)


def normal(source: str) -> str:
    return " ".join(source.casefold().split())
