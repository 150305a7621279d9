"""A topic's comparison -> SVG pictures for the HTML report: every claim's figure on one axis, and for
topics with dated claims, the figures over time.

Coordinates are in the picture's own units (its viewBox), which the page scales to its width. Every
text from a claim file goes through `html_text`; every picture carries a title and a description.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reecheck.compare import Interval, PlacedClaim, TopicComparison
from reecheck.format import format_in_unit, format_number
from reecheck.records import Gap
from reecheck.render.safe import html_text as text
from reecheck.render.summary import gap_label

WIDTH = 800
LABEL_END, PLOT_START, PLOT_END = 262, 274, 780
TOP = 8
ROOMY_ROW, TIGHTEST_ROW, ROOMY_ROWS = 22, 5, 24
LABELLED_ROW = 14
ARROW = 6
# Linear axes start at zero when the figures lie this close to it: the eye then reads ratios right.
ZERO_WITHIN = Decimal(3)
# Figures further apart than this many times are drawn on a logarithmic axis.
LOG_FROM = 100

Anchor = Callable[[PlacedClaim], str]


@dataclass(frozen=True)
class Scale:
    """Maps figures in the topic's unit to picture coordinates from `start` to `end`."""

    low: float
    high: float
    start: float
    end: float
    log: bool
    ticks: tuple[tuple[float, str], ...]

    def at(self, value: Decimal | float) -> float:
        low, high, number = self.low, self.high, float(value)
        if self.log:
            low, high, number = math.log10(low), math.log10(high), math.log10(max(number, self.low))
        return self.start + (number - low) / (high - low) * (self.end - self.start)


def coordinate(number: float) -> str:
    """A coordinate as written in the picture: one decimal at most."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


def figures(placed: Sequence[PlacedClaim]) -> list[Decimal]:
    """Every finite end the picture must show: figures as stated and compared, rounding, computations."""
    intervals: list[Interval] = []
    for item in placed:
        intervals += [item.stated, item.compared, item.rounding]
        if item.computed is not None:
            intervals.append(item.computed.interval)
    return [end for interval in intervals for end in (interval.low, interval.high) if end is not None]


def value_scale(numbers: Sequence[Decimal], start: float, end: float, granularity: str | None) -> Scale:
    low, high = min(numbers, default=Decimal(0)), max(numbers, default=Decimal(1))
    if granularity:
        return date_scale(low, high, start, end)
    if low > 0 and high / low >= LOG_FROM:
        return log_scale(low, high, start, end)
    if low > 0 and high >= low * ZERO_WITHIN:
        low = Decimal(0)
    elif high < 0 and low <= high * ZERO_WITHIN:
        high = Decimal(0)
    if low == high:
        low, high = (low - abs(low) / 10, high + abs(high) / 10) if low else (Decimal(-1), Decimal(1))
    step = tick_step(high - low)
    first, last = math.floor(low / step), math.ceil(high / step)
    ticks = tuple((float(step * index), format_number(step * index)) for index in range(first, last + 1))
    return Scale(float(step * first), float(step * last), start, end, False, ticks)


def tick_step(span: Decimal, most: int = 7) -> Decimal:
    """The smallest of 1, 2 or 5 times a power of ten that cuts `span` into at most `most` steps."""
    power = Decimal(10) ** (span / most).adjusted()
    return next(step for step in (power, 2 * power, 5 * power, 10 * power) if span / step <= most)


def log_scale(low: Decimal, high: Decimal, start: float, end: float) -> Scale:
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    ticks = tuple((10.0 ** power, format_number(Decimal(10) ** power)) for power in range(first, last + 1))
    return Scale(10.0 ** first, 10.0 ** last, start, end, True, ticks)


def date_scale(low: Decimal, high: Decimal, start: float, end: float) -> Scale:
    """Days on an axis marked at the start of each month, quarter or year, as the span allows."""
    first, last = date.fromordinal(int(low) - 15), date.fromordinal(int(high) + 16)
    months = (last.year - first.year) * 12 + last.month - first.month
    every = next(size for size in (1, 3, 12, 60, 120, 600) if months / size <= 8)
    ticks = []
    first_month, last_month = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    for index in range(first_month // every + 1, last_month // every + 1):
        year, month = divmod(index * every, 12)
        day = date(year, month + 1, 1)
        ticks.append((float(day.toordinal()), str(year) if every >= 12 else f"{year}-{month + 1:02d}"))
    return Scale(float(first.toordinal()), float(last.toordinal()), start, end, False, tuple(ticks))


@dataclass(frozen=True)
class Rows:
    """How the claims stack: one row each, as tall as the picture's room allows."""

    count: int

    @property
    def height(self) -> float:
        return ROOMY_ROW if self.count <= ROOMY_ROWS else max(TIGHTEST_ROW, ROOMY_ROW * ROOMY_ROWS / self.count)

    @property
    def labelled(self) -> bool:
        return self.height >= LABELLED_ROW

    def middle(self, index: int) -> float:
        return TOP + (index + 0.5) * self.height

    @property
    def bottom(self) -> float:
        return TOP + self.count * self.height


def interval_picture(comparison: TopicComparison, number: int, anchor: Anchor, gap: Gap | None) -> str:
    """Every claim's figure as a mark on one horizontal axis in the topic's unit, a row per claim."""
    placed = comparison.claims
    scale = value_scale(figures(placed), PLOT_START, PLOT_END, comparison.topic.granularity)
    rows = Rows(len(placed))
    gap_rows = set() if gap is None else {id(item) for item in gap.claims}
    axis_y = rows.bottom + (22 if gap else 6)
    parts = [*reference_lines(placed, scale, rows), *gap_bracket(gap, scale, rows, comparison),
             *(claim_row(item, index, scale, rows, anchor, id(item) in gap_rows) for index, item in enumerate(placed)),
             horizontal_axis(scale, axis_y, comparison)]
    return picture("intervals", number, axis_y + 34, scale, comparison, gap, parts)


def picture(kind: str, number: int, height: float, scale: Scale, comparison: TopicComparison, gap: Gap | None,
            parts: Iterable[str]) -> str:
    title, description = picture_text(kind, comparison, gap)
    axis = "log" if scale.log else "linear"
    return (f'<svg class="picture {kind}" viewBox="0 0 {WIDTH} {coordinate(height)}" role="img" '
            f'aria-labelledby="{kind}-title-{number} {kind}-desc-{number}" data-scale="{axis}">'
            f'<title id="{kind}-title-{number}">{title}</title><desc id="{kind}-desc-{number}">{description}</desc>'
            + "".join(parts) + "</svg>")


def picture_text(kind: str, comparison: TopicComparison, gap: Gap | None) -> tuple[str, str]:
    """The picture's title and description, for readers who cannot see it."""
    topic, count = comparison.topic, len(comparison.claims)
    claims = f"{count} claim{'' if count == 1 else 's'}"
    if kind == "intervals":
        title = f"{text(topic.description)}: {claims} on one axis in {text(topic.unit) or 'plain numbers'}"
    else:
        title = f"{text(topic.description)}: {claims} by the period they describe"
    described = [f"{claims}, {comparison.verdict.value}."]
    if gap is not None:
        between = " and ".join(f"{described_figure(item, comparison)}" for item in gap.claims)
        described.append(f"The widest gap{f', {gap_label(comparison)},' if gap_label(comparison) else ''} "
                         f"lies {'between' if len(gap.claims) > 1 else 'in'} {between}"
                         f"{'' if len(gap.claims) > 1 else ' and what it computes'}.")
    return title, " ".join(described)


def described_figure(item: PlacedClaim, comparison: TopicComparison) -> str:
    claim, topic = item.claim, comparison.topic
    shown = format_in_unit(item.stated.low, item.stated.high, claim.value.qualifier, topic.unit, topic.granularity)
    return f"{text(shown)} ({text(claim.article_id)})"


def reference_lines(placed: Sequence[PlacedClaim], scale: Scale, rows: Rows) -> Iterator[str]:
    """A dashed line across every row at each reference figure, so each claim is read against it."""
    for item in placed:
        if item.claim.reference:
            for end in dict.fromkeys(end for end in (item.stated.low, item.stated.high) if end is not None):
                x = coordinate(scale.at(end))
                yield f'<line class="reference-line" x1="{x}" x2="{x}" y1="{TOP}" y2="{coordinate(rows.bottom)}"/>'


def gap_bracket(gap: Gap | None, scale: Scale, rows: Rows, comparison: TopicComparison) -> Iterator[str]:
    """The widest gap as a bracket under the rows, with its size."""
    if gap is None:
        return
    left, right = scale.at(gap.lower_end), scale.at(gap.upper_start)
    y = rows.bottom + 8
    yield (f'<g class="gap-bracket"><path d="M{coordinate(left)} {coordinate(y - 4)}V{coordinate(y)}'
           f'H{coordinate(right)}V{coordinate(y - 4)}"/><text x="{coordinate((left + right) / 2)}" '
           f'y="{coordinate(y + 11)}" text-anchor="middle">{text(gap_label(comparison) or "gap")}</text></g>')


def claim_row(item: PlacedClaim, index: int, scale: Scale, rows: Rows, anchor: Anchor, in_gap: bool) -> str:
    claim = item.claim
    y = rows.middle(index)
    classes = " ".join(["claim", *(["reference"] if claim.reference else []), *(["gap"] if in_gap else [])])
    label = (f'<text class="label" x="{LABEL_END}" y="{coordinate(y + 4)}" text-anchor="end">'
             f'{text(short(f"{claim.article_id} · {claim.id}"))}</text>') if rows.labelled else ""
    size = min(8.0, rows.height - 2)
    bands = [band(kind, interval, scale, y, size + 4)
             for kind, interval in (("rounding", item.rounding), ("approximate", item.compared))]
    computed = computed_mark(item, scale, y + size / 2 + 2, size / 2) if item.computed else ""
    return (f'<a class="{classes}" href="#{anchor(item)}"><title>{text(row_title(item))}</title>{label}'
            f'{"".join(bands)}{stated_mark(item, scale, y, size)}{computed}</a>')


def short(label: str, most: int = 36) -> str:
    return label if len(label) <= most else label[:most - 1] + "…"


def row_title(item: PlacedClaim) -> str:
    claim = item.claim
    reference = ", reference" if claim.reference else ""
    return f"{claim.article_id} · {claim.id}: {claim.value.text} ({claim.source}{reference})"


def band(kind: str, interval: Interval, scale: Scale, y: float, size: float) -> str:
    """A lighter band where the figure reaches once approximation or rounding widens it."""
    if interval.low is None and interval.high is None:
        return ""
    left = scale.at(interval.low) if interval.low is not None else scale.start
    right = scale.at(interval.high) if interval.high is not None else scale.end
    if right - left < 0.05:
        return ""
    return (f'<rect class="band {kind}" x="{coordinate(left)}" y="{coordinate(y - size / 2)}" '
            f'width="{coordinate(right - left)}" height="{coordinate(size)}"/>')


def stated_mark(item: PlacedClaim, scale: Scale, y: float, size: float) -> str:
    """The figure as written: a point, a bar for a range, an arrow running off the axis for a bound."""
    low, high = item.stated.low, item.stated.high
    reference = " reference" if item.claim.reference else ""
    data = f'data-low="{"" if low is None else low}" data-high="{"" if high is None else high}"'
    if low is not None and high is not None and scale.at(high) - scale.at(low) < 1:
        x, radius = coordinate(scale.at(low)), size / 2
        if item.claim.reference:
            return (f'<path class="mark point{reference}" {data} d="M{x} {coordinate(y - radius - 1)}'
                    f'l{coordinate(radius + 1)} {coordinate(radius + 1)}l-{coordinate(radius + 1)} '
                    f'{coordinate(radius + 1)}l-{coordinate(radius + 1)} -{coordinate(radius + 1)}z"/>')
        return f'<circle class="mark point" {data} cx="{x}" cy="{coordinate(y)}" r="{coordinate(radius)}"/>'
    if low is not None and high is not None:
        return (f'<rect class="mark range{reference}" {data} x="{coordinate(scale.at(low))}" '
                f'y="{coordinate(y - size / 2)}" width="{coordinate(scale.at(high) - scale.at(low))}" '
                f'height="{coordinate(size)}"/>')
    return bound_mark(low, high, scale, y, size, data + f' class="mark bound{reference}"')


def bound_mark(low: Decimal | None, high: Decimal | None, scale: Scale, y: float, size: float, attributes: str) -> str:
    """From the bound to the edge of the axis, ending in an arrow head: the figure goes on."""
    bound, edge, head = ((scale.at(low), scale.end, -ARROW) if low is not None
                         else (scale.at(high) if high is not None else scale.start, scale.start, ARROW))
    tip = size / 2
    return (f'<path {attributes} d="M{coordinate(bound)} {coordinate(y - tip)}V{coordinate(y + tip)}'
            f'M{coordinate(bound)} {coordinate(y)}H{coordinate(edge)}M{coordinate(edge + head)} {coordinate(y - tip)}'
            f'L{coordinate(edge)} {coordinate(y)}L{coordinate(edge + head)} {coordinate(y + tip)}"/>')


def computed_mark(item: PlacedClaim, scale: Scale, y: float, size: float) -> str:
    """What a derived claim's expression computes, as an open bar just under the figure it checks."""
    assert item.computed is not None
    interval = item.computed.interval
    if interval.low is None or interval.high is None:
        return ""
    left, right = scale.at(interval.low), scale.at(interval.high)
    width = max(right - left, 3.0)
    return (f'<rect class="computed" x="{coordinate((left + right - width) / 2)}" y="{coordinate(y)}" '
            f'width="{coordinate(width)}" height="{coordinate(max(size, 2.0))}"/>')


def horizontal_axis(scale: Scale, y: float, comparison: TopicComparison) -> str:
    ticks = "".join(f'<g class="tick"><line x1="{coordinate(scale.at(value))}" x2="{coordinate(scale.at(value))}" '
                    f'y1="{coordinate(y)}" y2="{coordinate(y + 4)}"/><text x="{coordinate(scale.at(value))}" '
                    f'y="{coordinate(y + 16)}" text-anchor="middle">{text(label)}</text></g>'
                    for value, label in scale.ticks)
    unit = "" if comparison.topic.granularity else text(comparison.topic.unit)
    return (f'<g class="axis"><line x1="{PLOT_START}" x2="{PLOT_END}" y1="{coordinate(y)}" y2="{coordinate(y)}"/>'
            f'{ticks}<text class="unit" x="{PLOT_END}" y="{coordinate(y + 30)}" text-anchor="end">{unit}</text></g>')


# The picture over time: period across, figure up.
TIME_HEIGHT, TIME_TOP, TIME_BOTTOM = 280, 12, 236
TIME_LEFT, TIME_RIGHT, UNDATED_LEFT, UNDATED_RIGHT = 70, 690, 710, 780


def days(item: PlacedClaim) -> tuple[float, float] | None:
    """The days a claim's `as_of` covers, from the first to the end of the last; None when undated."""
    return None if item.period is None else (float(item.period.start), float(item.period.end) + 1)


def has_periods(comparison: TopicComparison) -> bool:
    """Whether the figures say which period they describe, enough for a picture over time."""
    return len(comparison.claims) > 1 and any(item.period for item in comparison.claims)


def time_picture(comparison: TopicComparison, number: int, anchor: Anchor, gap: Gap | None) -> str:
    """Each figure at the period it describes (undated ones apart, on the right), its value upward, so
    that a series reads as a series and figures for the same period that disagree stand out."""
    placed = comparison.claims
    periods = [days(item) for item in placed]
    dated = [span for span in periods if span is not None]
    across = date_scale(Decimal(min(low for low, _ in dated)), Decimal(max(high for _, high in dated)),
                        TIME_LEFT, TIME_RIGHT)
    up = value_scale(figures(placed), TIME_BOTTOM, TIME_TOP, comparison.topic.granularity)
    gap_rows = set() if gap is None else {id(item) for item in gap.claims}
    xs = spread([(across.at((span[0] + span[1]) / 2) if span else (UNDATED_LEFT + UNDATED_RIGHT) / 2)
                 for span in periods])
    parts = [time_axes(across, up, comparison, any(span is None for span in periods)),
             *(time_mark(item, x, up, anchor, id(item) in gap_rows) for item, x in zip(placed, xs, strict=True))]
    return picture("timeline", number, TIME_HEIGHT, up, comparison, gap, parts)


def spread(xs: Sequence[float], apart: float = 7.0) -> list[float]:
    """Marks that share a place are set side by side, centred on it."""
    seen: dict[float, list[int]] = {}
    for index, x in enumerate(xs):
        seen.setdefault(x, []).append(index)
    placed = list(xs)
    for x, indices in seen.items():
        for order, index in enumerate(indices):
            placed[index] = x + (order - (len(indices) - 1) / 2) * min(apart, 60 / len(indices))
    return placed


def time_axes(across: Scale, up: Scale, comparison: TopicComparison, undated: bool) -> str:
    bottom, top = coordinate(TIME_BOTTOM), coordinate(TIME_TOP)
    unit = "" if comparison.topic.granularity else text(comparison.topic.unit)
    undated_label = (f'<text class="unit" x="{(UNDATED_LEFT + UNDATED_RIGHT) // 2}" y="{coordinate(TIME_BOTTOM + 16)}" '
                     'text-anchor="middle">undated</text>') if undated else ""
    return (f'<g class="axis"><line x1="{TIME_LEFT}" x2="{TIME_RIGHT}" y1="{bottom}" y2="{bottom}"/>'
            f'<line x1="{TIME_LEFT}" x2="{TIME_LEFT}" y1="{top}" y2="{bottom}"/>{period_ticks(across)}'
            f'{value_ticks(up)}{undated_label}<text class="unit" x="4" y="{coordinate(TIME_BOTTOM + 32)}">{unit}</text>'
            f'<text class="unit" x="{TIME_RIGHT}" y="{coordinate(TIME_BOTTOM + 32)}" text-anchor="end">'
            'period described (as of)</text></g>')


def period_ticks(across: Scale) -> str:
    return "".join(f'<g class="tick"><line x1="{x}" x2="{x}" y1="{coordinate(TIME_BOTTOM)}" '
                   f'y2="{coordinate(TIME_BOTTOM + 4)}"/><text x="{x}" y="{coordinate(TIME_BOTTOM + 16)}" '
                   f'text-anchor="middle">{text(label)}</text></g>'
                   for x, label in ((coordinate(across.at(value)), label) for value, label in across.ticks))


def value_ticks(up: Scale) -> str:
    """Grid lines across the picture at each figure marked on the upright axis."""
    return "".join(f'<g class="tick"><line class="grid" x1="{TIME_LEFT}" x2="{TIME_RIGHT}" y1="{y}" y2="{y}"/>'
                   f'<text x="{TIME_LEFT - 6}" y="{coordinate(float(y) + 4)}" text-anchor="end">'
                   f'{text(label)}</text></g>'
                   for y, label in ((coordinate(up.at(value)), label) for value, label in up.ticks))


def time_mark(item: PlacedClaim, x: float, up: Scale, anchor: Anchor, in_gap: bool) -> str:
    """A figure drawn upright at its period: a point, a bar for a range, an arrow for a bound."""
    claim = item.claim
    classes = " ".join(["claim", *(["reference"] if claim.reference else []), *(["gap"] if in_gap else [])])
    low, high = item.stated.low, item.stated.high
    bottom = up.at(low) if low is not None else up.start
    top = up.at(high) if high is not None else up.end
    centre = coordinate(x)
    if low is not None and high is not None and bottom - top < 1:
        mark = f'<circle class="mark point" cx="{centre}" cy="{coordinate(bottom)}" r="3.5"/>'
    else:
        ends = "".join(f'<path d="M{coordinate(x - 4)} {coordinate(y + 5 * toward)}L{centre} {coordinate(y)}'
                       f'L{coordinate(x + 4)} {coordinate(y + 5 * toward)}"/>'
                       for y, toward, open_end in ((top, 1, high is None), (bottom, -1, low is None)) if open_end)
        mark = (f'<g class="mark {"range" if low is not None and high is not None else "bound"}">'
                f'<line x1="{centre}" x2="{centre}" y1="{coordinate(top)}" y2="{coordinate(bottom)}"/>{ends}</g>')
    return f'<a class="{classes}" href="#{anchor(item)}"><title>{text(row_title(item))}</title>{mark}</a>'
