"""A Report -> each claim's standing (whom it disagrees with) and a record per article and per source."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reecheck.compare import concerns, selected
from reecheck.comparison import Interval, PlacedClaim, Report, TopicComparison
from reecheck.disagreement import derived_outcome, gap, normal, ordered_by_position
from reecheck.model import UNATTRIBUTED, Claim, Corpus, Verdict, is_placeholder


@dataclass(frozen=True)
class Standing:
    """Whom one claim disagrees with: its figure and theirs do not overlap, as compared."""

    placed: PlacedClaim
    with_others: bool
    """Some other figure of the topic, reference data aside, lies wholly above or below it."""
    with_reference: bool
    """Some reference figure of the topic lies wholly above or below it (never true of reference data)."""
    with_computed: bool
    """What its own `derive:` expression computes lies wholly above or below it."""

    @property
    def disagrees(self) -> bool:
        return self.with_others or self.with_reference or self.with_computed


@dataclass(frozen=True)
class Record:
    """The claims of one article or one source, and how many of them disagree, with whom."""

    name: str
    claims: int
    with_others: int
    with_reference: int
    with_computed: int
    disagreeing: tuple[Standing, ...]


@dataclass(frozen=True)
class Records:
    articles: tuple[Record, ...]
    sources: tuple[Record, ...]


def topic_standings(comparison: TopicComparison) -> Iterator[Standing]:
    """Every claim of the topic, in its order."""
    articles = [item for item in comparison.claims if not item.claim.reference]
    references = [item.compared for item in comparison.claims if item.claim.reference]
    outside = outer_ends(articles)
    for item in comparison.claims:
        yield Standing(
            item,
            with_others=outside is not None and lies_outside(item, *outside),
            with_reference=bool(references) and not item.claim.reference and any(
                not item.compared.overlaps(reference) for reference in references),
            with_computed=item.computed is not None and not item.compared.overlaps(item.computed.interval),
        )


def outer_ends(placed: Sequence[PlacedClaim]) -> tuple[Decimal, Decimal] | None:
    """The latest start and the earliest end among the figures: a figure ending before the one or
    starting after the other lies outside some figure. None when no figure has both kinds of end."""
    starts = [item.compared.low for item in placed if item.compared.low is not None]
    ends = [item.compared.high for item in placed if item.compared.high is not None]
    return (max(starts), min(ends)) if starts and ends else None


def lies_outside(item: PlacedClaim, latest_start: Decimal, earliest_end: Decimal) -> bool:
    low, high = item.compared.low, item.compared.high
    return (high is not None and high < latest_start) or (low is not None and low > earliest_end)


def hidden_claims(corpus: Corpus, report: Report) -> tuple[Claim, ...]:
    """The claims of the topics the report hides as consistent: counted in the records, never drawn."""
    shown = {comparison.topic.name for comparison in report.topics}
    by_topic: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus.claims:
        if claim.topic not in shown and selected(claim.topic, report.options):
            by_topic[claim.topic].append(claim)
    return tuple(claim for claims in by_topic.values() if concerns(claims, report.options) for claim in claims)


def records(report: Report, hidden: Sequence[Claim] = ()) -> Records:
    """A record per article and per source, of the report's claims and the `hidden` ones. Only topics
    that disagree can hold a claim that does: the claims of consistent topics are counted, not examined."""
    articles, sources = Tally(), Tally()
    spellings: dict[str, str] = {}
    consistent = [item.claim for comparison in report.topics if comparison.verdict is Verdict.CONSISTENT
                  for item in comparison.claims]
    for claims in (consistent, hidden):
        # Lists, not generators: counted this way a hundred thousand claims take a third of the time.
        articles.claims.update([claim.article_id for claim in claims])
        # Counted by spelling first: a large corpus writes a few sources a hundred thousand times.
        for source, count in Counter([claim.source for claim in claims]).items():
            sources.claims[source_key(source, spellings)] += count
    for comparison in report.topics:
        if comparison.verdict is Verdict.CONSISTENT:
            continue
        for standing in topic_standings(comparison):
            claim = standing.placed.claim
            articles.count(claim.article_id, standing)
            sources.count(source_key(claim.source, spellings), standing)
    return Records(articles.records(lambda key: key), sources.records(spellings.__getitem__))


def source_key(source: str, spellings: dict[str, str]) -> str:
    """Sources written with other case or spacing are one source, named as first written; a placeholder
    (`TODO`) is nobody's, counted as `unattributed`."""
    key = normal(source)
    spellings.setdefault(key, UNATTRIBUTED if is_placeholder(source) else source)
    return key


class Tally:
    """Claims counted by key, with the standings of those that disagree."""

    def __init__(self) -> None:
        self.claims: Counter[str] = Counter()
        self.disagreeing: dict[str, list[Standing]] = defaultdict(list)

    def count(self, key: str, standing: Standing) -> None:
        self.claims[key] += 1
        if standing.disagrees:
            self.disagreeing[key].append(standing)

    def records(self, name: Callable[[str], str]) -> tuple[Record, ...]:
        made = [record(name(key), count, self.disagreeing.get(key, [])) for key, count in self.claims.items()]
        return tuple(sorted(made, key=lambda made_record: (made_record.name.casefold(), made_record.name)))


def record(name: str, claims: int, disagreeing: Sequence[Standing]) -> Record:
    return Record(
        name, claims,
        sum(standing.with_others for standing in disagreeing),
        sum(standing.with_reference for standing in disagreeing),
        sum(standing.with_computed for standing in disagreeing),
        tuple(disagreeing),
    )


@dataclass(frozen=True)
class Gap:
    """A topic's widest gap: where the lower figure ends and the upper one starts, as stated, and the
    claims that give it; one claim when the gap lies between a figure and its own computation."""

    lower_end: Decimal
    upper_start: Decimal
    claims: tuple[PlacedClaim, ...]


def widest_gap(comparison: TopicComparison) -> Gap | None:
    """The gap the topic's verdict rests on, among the pair that gives the topic's gap and each derived
    claim against what it computes; a gap across zero counts as the widest."""
    topic = comparison.topic
    candidates: list[tuple[Interval, Interval, tuple[PlacedClaim, ...]]] = []
    pair = comparison.gap_pair
    if pair is not None:
        candidates.append((pair[0].stated, pair[1].stated, pair))
    for item in comparison.claims:
        if item.computed is not None and derived_outcome(item) == "disagrees":
            candidates.append((*ordered_by_position(item.stated, item.computed.interval), (item,)))
    if not candidates:
        return None
    lower, upper, claims = max(candidates, key=lambda candidate: size_of(gap(candidate[0], candidate[1], topic)))
    assert lower.high is not None and upper.low is not None
    return Gap(lower.high, upper.low, claims)


def size_of(found: Decimal | None) -> Decimal:
    """A gap's size for ordering: one across zero (None) is wider than any."""
    return Decimal("Infinity") if found is None else found
