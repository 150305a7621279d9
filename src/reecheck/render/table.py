"""The default terminal view: each disagreement as a heading, a rich table of its claims and the
reasons they may differ, most serious first.

A topic per table, not one table for all, keeps the reasons at the terminal's full width instead of
wrapped in a narrow column beside the claims.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reecheck.compare import PlacedClaim, Report, TopicComparison
from reecheck.format import format_in_unit
from reecheck.model import Qualifier, Topic, Verdict
from reecheck.render.safe import terminal_text, web_address
from reecheck.render.summary import gap_label, summary_line

VERDICT_STYLES = {Verdict.GROSS: "bold red", Verdict.CONFLICT: "yellow", Verdict.CONSISTENT: "green"}


Segments = tuple[tuple[str, str | Style], ...]
"""A cell's text as (text, style) pieces."""
Row = tuple[Segments, Segments, Segments]


@dataclass(frozen=True)
class Block:
    """All one topic shows, as plain text and style names."""

    heading: Segments
    dim: bool
    rows: tuple[Row, ...]
    reasons: str


def render_table(report: Report, console: Console, rows: int = 12) -> str:
    """Every topic of the report as `console` prints it; a topic with more than `rows` claims (0: no
    limit) shows its lowest and highest figures, which are the ones that disagree, and counts the rest."""
    renderables = [part for comparison in report.topics for part in block_renderables(topic_block(comparison, rows))]
    with console.capture() as capture:
        console.print(Group(*renderables, Text(summary_line(report))))
    return capture.get()


def topic_block(comparison: TopicComparison, rows: int) -> Block:
    topic = comparison.topic
    gap = f" {gap_label(comparison)}" if gap_label(comparison) else ""
    heading = ((comparison.verdict.value + gap, VERDICT_STYLES[comparison.verdict]), ("  ", ""),
               (terminal_text(topic.name), "bold"), ("  ", ""),
               (terminal_text(f"{topic.description} ({topic.unit})"), "dim"))
    shown: list[PlacedClaim | None] = list(comparison.claims)
    if 0 < rows < len(shown):
        shown = [*shown[: rows // 2], None, *shown[len(shown) - (rows - rows // 2) :]]
    more: Row = (((f"… {len(comparison.claims) - rows} more claims (--rows 0 shows them)", "dim"),), (), ())
    marked = comparison.gap_pair or ()
    cells = tuple((((label, "bold"),), (), ()) if label else
                  claim_cells(placed, topic, placed in marked) if placed is not None else more
                  for label, placed in with_period_headings(shown))
    reasons = "\n".join(f"• {terminal_text(reason.text)}" for reason in comparison.reasons)
    return Block(heading, comparison.verdict is Verdict.CONSISTENT, cells, reasons)


def with_period_headings(shown: Sequence[PlacedClaim | None]) -> Iterator[tuple[str, PlacedClaim | None]]:
    """The claims, in period order, each period opened by its name when there are several."""
    labels = [period_label(placed) if placed else None for placed in shown]
    several = len({label for label in labels if label is not None}) > 1
    current = None
    for label, placed in zip(labels, shown, strict=True):
        if several and label is not None and label != current:
            current = label
            yield label, None
        yield "", placed


def period_label(placed: PlacedClaim) -> str:
    return placed.claim.as_of if placed.period is not None and placed.claim.as_of else "undated"


def block_renderables(block: Block) -> list[RenderableType]:
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, show_edge=False, expand=True, header_style="bold",
                  style="dim" if block.dim else "")
    # Shares of the terminal's width: article names are long, sources are short.
    for header, ratio in (("Article", 4), ("Value", 4), ("Source", 3)):
        table.add_column(header, ratio=ratio, overflow="fold")
    for cells in block.rows:
        table.add_row(*(Text.assemble(*segments) for segments in cells))
    reasons = [Padding(Text(block.reasons), (0, 0, 1, 2))] if block.reasons else []
    return [Text.assemble(*block.heading), Padding(table, (0, 0, 1, 2)), *reasons]


def claim_cells(placed: PlacedClaim, topic: Topic, marked: bool = False) -> Row:
    """A claim's row; `marked` when it is one of the two figures that give the topic's gap."""
    claim = placed.claim
    return (
        ((terminal_text(claim.article_id), article_style(claim.article_url)), ("\n", ""),
         (terminal_text(claim.id), "dim")),
        ((terminal_text(claim.value.text), ""), ("\n", ""), (terminal_text(normalised(placed, topic)), "cyan"),
         *((("\n", ""), (terminal_text(f"computed {computed(placed, topic)}"), "magenta")) if placed.computed else ()),
         *((("\n", ""), ("◀ gives the gap", "bold")) if marked else ())),
        ((terminal_text(claim.source), ""), *((("\n", ""), ("reference", "bold blue")) if claim.reference else ()),
         *((("\n", ""), (terminal_text(f"as of {claim.as_of}"), "dim")) if claim.as_of else ())),
    )


def computed(placed: PlacedClaim, topic: Topic) -> str:
    assert placed.computed is not None
    interval = placed.computed.interval
    return format_in_unit(interval.low, interval.high, Qualifier.EXACT, topic.unit, topic.granularity)


def normalised(placed: PlacedClaim, topic: Topic) -> str:
    return format_in_unit(placed.stated.low, placed.stated.high, placed.claim.value.qualifier, topic.unit,
                          topic.granularity)


def article_style(url: str | None) -> Style | str:
    """The article id as a link to where it was published, on terminals that show links (OSC 8)."""
    address = web_address(url)
    return "" if address is None else Style(link=address)
