"""Claims grouped by topic -> verdicts on where, how badly, of what kind and perhaps why they disagree.

Claims meet only claims whose periods overlap, and undated claims what was current when their article
appeared (periods.py); each set of claims that meet gets a verdict of its own, and the topic the worst
of them, of its derived checks and of figures relabelled from one period to another. Which figures
disagree is disagreement.py's to say; what kind of disagreement it is and why, reasons.py's.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reecheck.comparison import KINDS, RANK_UNIT
from reecheck.comparison import CompareOptions as CompareOptions
from reecheck.comparison import Computed as Computed
from reecheck.comparison import Interval as Interval
from reecheck.comparison import PeriodComparison as PeriodComparison
from reecheck.comparison import PlacedClaim as PlacedClaim
from reecheck.comparison import Reason as Reason
from reecheck.comparison import Report as Report
from reecheck.comparison import TopicComparison as TopicComparison
from reecheck.dates import Period, parse_period
from reecheck.derive import DeriveError, evaluate, in_base_unit
from reecheck.disagreement import (
    derived_outcome,
    disagreeing,
    gap,
    gap_size,
    measure,
    normal,
    ordered_by_position,
    widest_disagreement,
)
from reecheck.model import Claim, Corpus, Problem, Qualifier, Topic, Value, Verdict
from reecheck.periods import Dating, compared_sets
from reecheck.reasons import (
    attribution_reasons,
    derived_reasons,
    note_reasons,
    period_reasons,
    relabelled_reasons,
    set_kinds,
    stale_reasons,
)


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
    published = {article.id: article.published for article in corpus.articles}
    context = Context(everything, published, options, problems)
    comparisons = [compare_topic(corpus.topics[name], claims, context) for name, claims in by_topic.items()
                   if concerns(claims, options)]
    shown = [c for c in comparisons if c is not None]
    shown.sort(key=lambda c: (*c.severity_order, c.topic.name))
    return Report(tuple(shown), len(comparisons) - len(shown), options, tuple(problems))


@dataclass(frozen=True)
class Context:
    """What every topic's comparison reads beside its own claims."""

    everything: Mapping[str, Sequence[Claim]]
    published: Mapping[str, str | None]
    options: CompareOptions
    problems: list[Problem]


def compare_topic(topic: Topic, claims: Sequence[Claim], context: Context) -> TopicComparison | None:
    """The topic's verdict, kinds and reasons; None for a consistent topic the options hide."""
    options = context.options
    placements: dict[Value, Placement] = {}
    placed = sorted((place(claim, topic, context, placements) for claim in claims), key=claim_order)
    groups = [(found.period, [placed[index] for index in found.members])
              for found in compared_sets([dating(item) for item in placed])]
    periods = tuple(period_comparison(period, members, topic, options) for period, members in groups)
    miscomputed = [item for item in placed if derived_outcome(item) == "disagrees"]
    relabelled = list(relabelled_reasons(placed, topic))
    derived_gaps = [gap(*ordered_by_position(item.stated, computed_interval(item)), topic) for item in miscomputed]
    verdicts = [*(found.verdict for found in periods), *(verdict_of_gap(size, topic, options) for size in derived_gaps),
                *([Verdict.CONFLICT] if relabelled else [])]
    verdict = max(verdicts, key=lambda each: each.rank, default=Verdict.CONSISTENT)
    if verdict is Verdict.CONSISTENT and not options.include_consistent:
        return None
    kinds, reasons = findings(placed, groups, periods, topic, bool(miscomputed), relabelled)
    widest = widest_period(periods)
    gaps = [found.gap for found in periods if found.pair is not None] + derived_gaps
    return TopicComparison(topic, verdict, reasons=reasons, claims=tuple(placed), kinds=kinds, periods=periods,
                           gap_pair=widest.pair if widest else None, **gap_fields(largest_gap(gaps), topic))


Group = tuple[Period | None, list[PlacedClaim]]


def findings(placed: Sequence[PlacedClaim], groups: Sequence[Group], periods: Sequence[PeriodComparison],
             topic: Topic, miscomputed: bool, relabelled: Sequence[Reason],
             ) -> tuple[tuple[str, ...], tuple[Reason, ...]]:
    """The kinds of disagreement a topic holds, in KINDS order, and every reason, each once."""
    found_kinds = [found for _, members in groups for found in set_kinds(members, topic)]
    stale = list(stale_reasons(placed, topic))
    present = {kind for kind, _ in found_kinds} | {kind for kind, listed in (
        ("stale", bool(stale)), ("derived", miscomputed), ("relabelled", bool(relabelled))) if listed}
    reasons = dict.fromkeys([
        *derived_reasons(placed, topic), *(reason for _, reason in found_kinds), *stale, *relabelled,
        *(reason for found, (_, members) in zip(periods, groups, strict=True) if found is widest_period(periods)
          for reason in period_reasons(found, members, topic)),
        *(reason for found, (_, members) in zip(periods, groups, strict=True) if found.pair is not None
          for reason in note_reasons(disagreeing(members))),
        *(reason for _, members in groups for reason in attribution_reasons(members, topic))])
    return tuple(kind for kind in KINDS if kind in present), tuple(reasons)


def widest_period(periods: Sequence[PeriodComparison]) -> PeriodComparison | None:
    """The set of compared claims with the largest gap, whose pair gives the topic's."""
    return max((found for found in periods if found.pair is not None), key=lambda found: gap_size(found.gap),
               default=None)


def gap_fields(largest: Decimal | None, topic: Topic) -> dict[str, Any]:
    """The largest gap under the name of the topic's measure: max_gap_ratio, max_gap_days or max_gap_places."""
    fields: dict[str, Any] = {"max_gap_ratio": None, "max_gap_days": None, "max_gap_places": None}
    if largest is not None:
        fields[f"max_gap_{measure(topic)}"] = largest if measure(topic) == "ratio" else int(largest)
    return fields


def verdict_of_gap(size: Decimal | None, topic: Topic, options: CompareOptions) -> Verdict:
    threshold = {"days": Decimal(options.gross_days), "places": Decimal(options.gross_places),
                 "ratio": options.gross_ratio}[measure(topic)]
    return Verdict.GROSS if size is None or size >= threshold else Verdict.CONFLICT


def largest_gap(gaps: Sequence[Decimal | None]) -> Decimal | None:
    """The largest gap; None when there is none, or when some pair lies on both sides of zero."""
    return None if not gaps or None in gaps else max(size for size in gaps if size is not None)


def dating(item: PlacedClaim) -> Dating:
    published = publication_day(item.published) if item.period is None and item.published else None
    return Dating(item.period, published)


def publication_day(published: str) -> int:
    """The first day an article may have appeared: 2024-05 is 2024-05-01."""
    return parse_period(published).start


def period_comparison(period: Period | None, members: Sequence[PlacedClaim], topic: Topic,
                      options: CompareOptions) -> PeriodComparison:
    pair = widest_disagreement(members, members, topic)
    if pair is None:
        return PeriodComparison(period, Verdict.CONSISTENT, None, None)
    size = gap(pair[0].stated, pair[1].stated, topic)
    return PeriodComparison(period, verdict_of_gap(size, topic, options), size, pair)


# --- placing claims --------------------------------------------------------------------------------


def place(claim: Claim, topic: Topic, context: Context, placements: dict[Value, Placement]) -> PlacedClaim:
    """The claim placed in its topic; `placements` holds the topic's figures placed so far (claims
    repeat figures, and keying a memo on the topic as well would hash it for every claim)."""
    found = placements.get(claim.value)
    if found is None:
        found = placements[claim.value] = placement(claim.value, topic, context.options.tolerance)
    stated, compared, precision = found
    computed = None
    if claim.derive is not None:
        try:
            computed = compute(claim, topic, context.everything, context.options.tolerance)
        except DeriveError as error:
            context.problems.append(Problem(claim.derive.location,
                                            f"claim '{claim.id}': cannot compute derive: {error}"))
    period = parse_period(claim.as_of) if claim.as_of else None
    return PlacedClaim(claim, stated, compared, precision, computed, period, context.published.get(claim.article_id))


Placement = tuple[Interval, Interval, Decimal]


def placement(value: Value, topic: Topic, tolerance: Decimal) -> Placement:
    """A figure in its topic's unit: as stated, as compared, and its rounding step (none for ranks)."""
    stated = Interval(in_topic_unit(value.base_low, topic), in_topic_unit(value.base_high, topic))
    compared = stated.widened(tolerance) if value.qualifier is Qualifier.APPROXIMATE else stated
    if topic.unit == RANK_UNIT:
        return stated, compared, Decimal(0)
    return stated, compared, value.precision * value.base_per_written / topic.unit_factor


def compute(claim: Claim, topic: Topic, everything: Mapping[str, Sequence[Claim]], tolerance: Decimal) -> Computed:
    assert claim.derive is not None

    def interval(at_rounding_limits: bool) -> Interval:
        quantity = evaluate(claim.derive.expression, everything, tolerance, at_rounding_limits)  # type: ignore[union-attr]
        low, high = in_base_unit(quantity, claim.value.base_unit)
        return Interval(in_topic_unit(low, topic), in_topic_unit(high, topic))

    described = evaluate(claim.derive.expression, everything, tolerance).described
    return Computed(interval(False), interval(True), described)


def in_topic_unit(base: Decimal | None, topic: Topic) -> Decimal | None:
    return None if base is None else base / topic.unit_factor


def claim_order(placed: PlacedClaim) -> tuple[int, int, int, Decimal, str, str]:
    """Oldest period first, undated claims last; within a period, the lower figure first."""
    anchor = placed.stated.low if placed.stated.low is not None else placed.stated.high
    period = (0, placed.period.start, placed.period.end) if placed.period else (1, 0, 0)
    return (*period, anchor if anchor is not None else Decimal(0), placed.claim.article_id, placed.claim.id)


def computed_interval(item: PlacedClaim) -> Interval:
    assert item.computed is not None
    return item.computed.interval
