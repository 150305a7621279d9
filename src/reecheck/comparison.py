"""What `compare` finds: plain, frozen results that renderers read, and the options that shape them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reecheck.dates import Period
from reecheck.model import Claim, Problem, Topic, Verdict

KINDS = ("same-article", "same-period", "undated", "stale", "reference", "derived", "relabelled")
"""What kind of disagreement a topic holds, the most damning first."""
RANK_UNIT = "rank"


@dataclass(frozen=True)
class CompareOptions:
    tolerance: Decimal = Decimal("0.05")
    """How far an approximate value reaches either side, relative to itself."""
    gross_ratio: Decimal = Decimal(2)
    gross_days: int = 365
    """For topics of dates: the gap in days from which a disagreement is gross."""
    gross_places: int = 3
    """For topics of ranks: the gap in places from which a disagreement is gross."""
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
    """Half a step of the figure's last stated digit, in the topic's unit; 0 for ranks and dates."""
    computed: Computed | None = None
    period: Period | None = None
    """What the claim's `as_of` covers; None when it is undated."""
    published: str | None = None
    """The article's publication date, as written."""

    @property
    def rounding(self) -> Interval:
        """What the figure covers when read as rounded to its last digit."""
        return self.compared.padded(self.precision)


@dataclass(frozen=True)
class Computed:
    """What a derived claim's expression gives, in the topic's unit."""

    interval: Interval
    rounded: Interval
    """The same with every input at its rounding limits: "3,800 t" as 3,750-3,850 t."""
    inputs: str
    """The expression with each reference replaced by the figure it resolved to."""


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str


Pair = tuple[PlacedClaim, PlacedClaim]
"""Two figures that disagree, the lower first."""


@dataclass(frozen=True)
class PeriodComparison:
    """The verdict on one set of claims that are compared with each other."""

    period: Period | None
    """From the first to the last day of its dated claims; None for undated claims alone."""
    verdict: Verdict
    gap: Decimal | None
    """The largest gap between two of its figures that disagree, in the topic's measure (a ratio, days
    or places); None when they agree, or when they lie on both sides of zero."""
    pair: Pair | None


@dataclass(frozen=True)
class TopicComparison:
    topic: Topic
    verdict: Verdict
    max_gap_ratio: Decimal | None
    """Largest ratio between two stated figures that disagree; None when none do, and for dates and ranks."""
    reasons: tuple[Reason, ...]
    claims: tuple[PlacedClaim, ...]
    max_gap_days: int | None = None
    """For topics of dates: the largest gap in days between two that disagree."""
    kinds: tuple[str, ...] = ()
    periods: tuple[PeriodComparison, ...] = ()
    max_gap_places: int | None = None
    """For topics of ranks: the largest gap in places between two that disagree."""
    gap_pair: Pair | None = None
    """The two claims that give the largest gap."""

    @property
    def severity_order(self) -> tuple[int, Decimal]:
        """Gross before conflict, then the larger gap first."""
        gaps = (self.max_gap_ratio, self.max_gap_days, self.max_gap_places)
        gap = next((Decimal(value) for value in gaps if value is not None), Decimal(0))
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

    def count_kind(self, kind: str) -> int:
        return sum(1 for topic in self.topics if kind in topic.kinds)

    def worst(self) -> Verdict | None:
        return max((topic.verdict for topic in self.topics), key=lambda verdict: verdict.rank, default=None)
