"""What kind of disagreement a set of compared claims holds, and why its figures may differ, as
short phrases for people."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from reecheck.comparison import RANK_UNIT, Pair, PeriodComparison, PlacedClaim, Reason
from reecheck.dates import Period, parse_period
from reecheck.disagreement import (
    derived_outcome,
    disagree,
    disagreeing,
    excused,
    normal,
    significant_digits,
    widest_disagreement,
)
from reecheck.format import format_in_unit, format_interval, format_number, format_ordinal
from reecheck.model import UNATTRIBUTED, Qualifier, Topic
from reecheck.periods import current_end

# Reasons of one kind past this many are counted, not listed: a large topic has hundreds.
MOST_REASONS = 3


def derived_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    for item in placed:
        if item.computed is not None:
            computed = format_in_unit(item.computed.interval.low, item.computed.interval.high, Qualifier.EXACT,
                                      topic.unit, topic.granularity)
            outcome = derived_outcome(item)
            if outcome == "disagrees":
                rounded = item.computed.rounded
                outcome += (": even with every input at its rounding limit, "
                            + format_in_unit(rounded.low, rounded.high, Qualifier.EXACT, topic.unit))
            yield Reason("derived", f'stated "{item.claim.value.text}" ({item.claim.article_id}); computed '
                                    f"{computed} from {item.computed.inputs}: {outcome}")


# --- kinds -----------------------------------------------------------------------------------------


def set_kinds(members: Sequence[PlacedClaim], topic: Topic) -> Iterator[tuple[str, Reason]]:
    """The kinds of disagreement among claims compared with each other, each with a reason."""
    yield from same_article_kinds(members, topic)
    classes: dict[tuple[bool, bool], list[PlacedClaim]] = defaultdict(list)
    for item in members:
        classes[(item.claim.reference, item.period is None)].append(item)
    for lowers in classes.values():
        for uppers in classes.values():
            pair = widest_disagreement(lowers, uppers, topic, across_articles)
            if pair is not None:
                yield from pair_kinds(pair, topic)
    for reason in reference_reasons(members, topic):
        yield reason.kind, reason


def across_articles(lower: PlacedClaim, upper: PlacedClaim) -> bool:
    return lower.claim.article_id != upper.claim.article_id and not excused(lower, upper)


def same_article_kinds(members: Sequence[PlacedClaim], topic: Topic) -> Iterator[tuple[str, Reason]]:
    """One article giving two figures that disagree, unless it credits them to two named sources: then
    it reports their disagreement rather than making one."""
    by_article: dict[str, list[PlacedClaim]] = defaultdict(list)
    for item in members:
        by_article[item.claim.article_id].append(item)
    for article, items in by_article.items():
        pair = widest_disagreement(items, items, topic, within_one_voice) if len(items) > 1 else None
        if pair is not None:
            lower, upper = pair
            yield "same-article", Reason(
                "same-article", f"same article: {article} gives {describe(lower, topic)} ({lower.claim.id}) and "
                                f"{describe(upper, topic)} ({upper.claim.id}), {period_label(pair)}")
        elif len(items) > 1 and (reported := widest_disagreement(items, items, topic)) is not None:
            lower, upper = reported
            yield "same-period", Reason(
                "same-period", f"same period ({period_label(reported)}): {article} reports {describe(lower, topic)} "
                               f"({lower.claim.source}) against {describe(upper, topic)} ({upper.claim.source})")


def within_one_voice(lower: PlacedClaim, upper: PlacedClaim) -> bool:
    sources = {normal(lower.claim.source), normal(upper.claim.source)}
    return not excused(lower, upper) and (len(sources) == 1 or UNATTRIBUTED in sources)


def pair_kinds(pair: Pair, topic: Topic) -> Iterator[tuple[str, Reason]]:
    """Two articles' figures that disagree: with reference data, undated against dated, or about the
    same period."""
    lower, upper = pair
    if lower.claim.reference != upper.claim.reference:
        return  # reference_reasons says which figures differ from which reference
    if (lower.period is None) != (upper.period is None):
        undated, dated = (lower, upper) if lower.period is None else (upper, lower)
        yield "undated", Reason("undated", f"undated: {describe(undated, topic)} ({undated.claim.article_id}, "
                                           f"{publication_phrase(undated)}) against {describe(dated, topic)} "
                                           f"({dated.claim.article_id}, as of {dated.claim.as_of})")
        return
    yield "same-period", Reason("same-period", f"same period ({period_label(pair)}): {describe(lower, topic)} "
                                               f"({lower.claim.article_id}) against {describe(upper, topic)} "
                                               f"({upper.claim.article_id})")


def publication_phrase(item: PlacedClaim) -> str:
    if item.published:
        return f"published {item.published}"
    return "no publication date, so compared with every claim"


def period_label(pair: Pair) -> str:
    """"as of 2021", "as of 2023 and 2023-01", "both undated"."""
    as_of = dict.fromkeys(item.claim.as_of or "undated" for item in pair)
    return "both undated" if list(as_of) == ["undated"] else "as of " + " and ".join(as_of)


def reference_reasons(members: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """Where an article's figure and the reference data compared with it disagree; an undated article
    figure against dated reference data is also `undated`."""
    for reference in (item for item in members if item.claim.reference):
        differing = [item for item in members if not item.claim.reference and disagree(item, reference)]
        if differing:
            figures = group_articles(differing, key=lambda item: describe(item, topic))
            listed = listing([f"{figure} ({articles})" for figure, articles in figures.items()], "; ", most=4)
            dated = f", {reference.claim.as_of}" if reference.claim.as_of else ""
            yield Reason("reference", f"disagrees with the reference {reference.claim.source} "
                                      f"({describe(reference, topic)}{dated}): {listed}")
            if reference.period is not None and any(item.period is None for item in differing):
                yield Reason("undated", f"undated: {listing(undated_figures(differing, topic), '; ', most=4)} "
                                        f"against the reference's {describe(reference, topic)} "
                                        f"(as of {reference.claim.as_of})")


def undated_figures(items: Sequence[PlacedClaim], topic: Topic) -> list[str]:
    return [f"{describe(item, topic)} ({item.claim.article_id}, {publication_phrase(item)})"
            for item in items if item.period is None]


def stale_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """An undated figure that matches an earlier period's, when a later one existed at publication."""
    dated = [item for item in placed if item.period is not None]
    periods = sorted({item.period for item in dated if item.period is not None})
    for item in placed:
        if item.period is not None or not item.published:
            continue
        end = current_end(first_day(item.published), periods)
        current = [other for other in dated if end is not None and ended(other) == end]
        differing = [other for other in current if disagree(item, other)]
        matching = [other for other in dated if end is not None and ended(other) < end and not disagree(item, other)]
        if differing and matching:
            matched = max(matching, key=lambda other: (ended(other), other.claim.as_of or ""))
            figures = " and ".join(dict.fromkeys(describe(other, topic) for other in differing))
            verb = "is" if " and " not in figures else "are"
            yield Reason("stale", f'stale at publication: "{item.claim.value.text}" ({item.claim.article_id}) is '
                                  f"{matched.claim.as_of}'s figure in an article of {month_of(item.published)}; "
                                  f"{differing[0].claim.as_of}'s {verb} {figures}")


def ended(item: PlacedClaim) -> int:
    assert item.period is not None
    return item.period.end


def first_day(published: str) -> int:
    """The first day an article may have appeared: 2024-05 is 2024-05-01."""
    return parse_period(published).start


def month_of(published: str) -> str:
    """2024-05-17 and 2024-05 as May 2024; 2024 as itself."""
    parts = published.split("-")
    return f"{calendar.month_name[int(parts[1])]} {parts[0]}" if len(parts) > 1 else parts[0]


def relabelled_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """One precise figure (two significant digits or more) given for periods that do not overlap, by
    different articles: the same 33,000 t as 2016's output in one and 2023's in another. Reference
    data, which repeats figures from year to year, is left out."""
    as_of: dict[Period, str] = {}
    for items in figures_of_several_periods(placed):
        precise = [item for item in items if significant_digits(item) >= 2]
        periods: dict[Period, dict[str, None]] = defaultdict(dict)
        for item in precise:
            assert item.period is not None
            periods[item.period][item.claim.article_id] = None
            as_of.setdefault(item.period, item.claim.as_of or "")
        if relabelled(periods):
            given = [f"{as_of[period]} ({listing(list(articles), ', ', most=4)})" for period, articles in
                     sorted(periods.items())]
            yield Reason("relabelled", f"relabelled: {describe(precise[0], topic)} is given for "
                                       f"{listing(given, ' and ', most=4)}")


def figures_of_several_periods(placed: Sequence[PlacedClaim]) -> list[list[PlacedClaim]]:
    """The dated article claims of each figure given for more than one period: counting a figure's
    digits costs more than grouping, and only these need it."""
    by_figure: dict[tuple[object, ...], list[PlacedClaim]] = defaultdict(list)
    for item in placed:
        if item.period is not None and not item.claim.reference:
            by_figure[(item.stated, item.claim.value.qualifier)].append(item)
    return [items for items in by_figure.values() if len({item.period for item in items}) > 1]


def relabelled(periods: dict[Period, dict[str, None]]) -> bool:
    return any(not first.overlaps(second) and len(set(periods[first]) | set(periods[second])) > 1
               for first in periods for second in periods)


# --- why figures may differ ------------------------------------------------------------------------


def period_reasons(found: PeriodComparison, members: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """What may explain the widest gap of a set of compared claims: rounding, dates, sources."""
    if found.pair is None:
        return
    lower, upper = found.pair
    if topic.unit == RANK_UNIT:
        yield places_reason(lower, upper)
    elif reaches_by_rounding(lower, upper):
        yield rounding_reason(lower, upper, topic)
    involved = disagreeing(members)
    dates = sorted(dict.fromkeys(item.claim.as_of for item in involved if item.claim.as_of))
    if len(dates) > 1:
        yield Reason("dates", f"different dates: {listing(dates, ', ')}")
    sources = list(dict.fromkeys(item.claim.source for item in involved if normal(item.claim.source) != UNATTRIBUTED))
    if len({normal(source) for source in sources}) > 1:
        yield Reason("sources", f"different sources: {listing(sources, '; ')}")


def places_reason(lower: PlacedClaim, upper: PlacedClaim) -> Reason:
    assert lower.stated.high is not None and upper.stated.low is not None
    places = int(upper.stated.low - lower.stated.high)
    return Reason("places", f"{format_ordinal(lower.stated.high)} ({lower.claim.article_id}) vs "
                            f"{format_ordinal(upper.stated.low)} ({upper.claim.article_id}): "
                            f"{places} place{'' if places == 1 else 's'}")


def coarse_and_fine(first: PlacedClaim, second: PlacedClaim) -> tuple[PlacedClaim, PlacedClaim]:
    return (first, second) if first.precision >= second.precision else (second, first)


def reaches_by_rounding(first: PlacedClaim, second: PlacedClaim) -> bool:
    """Whether the coarser figure, read as rounded to its last digit, reaches the other as compared."""
    coarse, fine = coarse_and_fine(first, second)
    return coarse.precision > 0 and coarse.rounding.overlaps(fine.compared)


def rounding_reason(lower: PlacedClaim, upper: PlacedClaim, topic: Topic) -> Reason:
    coarse, fine = coarse_and_fine(lower, upper)
    step = 2 * coarse.precision
    covers = format_interval(coarse.rounding.low, coarse.rounding.high)
    return Reason(
        "rounding",
        f'within rounding: "{coarse.claim.value.text}", if rounded to the nearest {format_number(step)} '
        f'{topic.unit}, covers {covers} {topic.unit}, which reaches "{fine.claim.value.text}"',
    )


def listing(items: Sequence[str], separator: str, most: int = 8) -> str:
    """Items joined, the list cut short in large topics: "a; b; c and 12 more"."""
    shown = separator.join(items[:most])
    return shown if len(items) <= most else f"{shown} and {len(items) - most} more"


def attribution_reasons(placed: Sequence[PlacedClaim], topic: Topic) -> Iterator[Reason]:
    """The same source quoted with different figures, and one figure given to different sources;
    `unattributed` is nobody's figure and counts as no source."""
    by_source: dict[str, list[PlacedClaim]] = defaultdict(list)
    by_figure: dict[object, list[PlacedClaim]] = defaultdict(list)
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
    credited_differently = [items for items in by_figure.values()
                            if len({normal(item.claim.source) for item in items}) > 1]
    for items in credited_differently[:MOST_REASONS]:
        sources = group_articles(items, key=lambda item: item.claim.source)
        given = listing([f"{source} ({articles})" for source, articles in sources.items()], "; ", most=4)
        yield Reason("same-figure", f"{describe(items[0], topic)} is credited to different sources: {given}")
    if len(credited_differently) > MOST_REASONS:
        yield Reason("same-figure", f"and {len(credited_differently) - MOST_REASONS} more figures credited to "
                                    "different sources")


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
    if topic.unit == RANK_UNIT and item.stated.high is not None:
        shown = format_ordinal(item.stated.high)
        return shown if item.stated.low is not None else f"top {shown}"
    return format_in_unit(item.stated.low, item.stated.high, Qualifier.EXACT, topic.unit, topic.granularity)
