"""The default terminal view: each disagreement as a heading, a rich table of its claims and the
reasons they may differ, most serious first.

A topic per table, not one table for all, keeps the reasons at the terminal's full width instead of
wrapped in a narrow column beside the claims, and costs rich a fraction of the time on large reports.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from reecheck.compare import PlacedClaim, Report, TopicComparison
from reecheck.format import format_in_unit
from reecheck.model import Qualifier, Topic, Verdict
from reecheck.render.summary import gap_label, summary_line

VERDICT_STYLES = {Verdict.GROSS: "bold red", Verdict.CONFLICT: "yellow", Verdict.CONSISTENT: "green"}


def render_table(report: Report, rows: int = 12) -> RenderableType:
    """Every topic of the report; a topic with more than `rows` claims (0: no limit) shows its lowest
    and highest figures, which are the ones that disagree, and counts the rest."""
    parts: list[RenderableType] = []
    for comparison in report.topics:
        parts += topic_block(comparison, rows)
    return Group(*parts, Text(summary_line(report)))


def topic_block(comparison: TopicComparison, rows: int) -> list[RenderableType]:
    topic = comparison.topic
    gap = f" {gap_label(comparison)}" if gap_label(comparison) else ""
    heading = Text.assemble((comparison.verdict.value + gap, VERDICT_STYLES[comparison.verdict]), "  ",
                            (topic.name, "bold"), "  ", (f"{topic.description} ({topic.unit})", "dim"))
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, show_edge=False, expand=True, header_style="bold",
                  style="dim" if comparison.verdict is Verdict.CONSISTENT else "")
    # Shares of the terminal's width: article names are long, sources are short.
    for header, ratio in (("Article", 4), ("Value", 4), ("Source", 3)):
        table.add_column(header, ratio=ratio, overflow="fold")
    shown: list[PlacedClaim | None] = list(comparison.claims)
    if 0 < rows < len(shown):
        shown = [*shown[: rows // 2], None, *shown[len(shown) - (rows - rows // 2) :]]
    for placed in shown:
        if placed is None:
            hidden = len(comparison.claims) - rows
            table.add_row(Text(f"… {hidden} more claims (--rows 0 shows them)", style="dim"), "", "")
        else:
            table.add_row(*claim_cells(placed, topic))
    reasons = Text("\n".join(f"• {reason.text}" for reason in comparison.reasons))
    return [heading, Padding(table, (0, 0, 1, 2)), *([Padding(reasons, (0, 0, 1, 2))] if reasons else [])]


def claim_cells(placed: PlacedClaim, topic: Topic) -> tuple[Text, Text, Text]:
    claim = placed.claim
    return (
        Text.assemble(claim.article_id, "\n", (claim.id, "dim")),
        Text.assemble(claim.value.text, "\n", (normalised(placed, topic), "cyan"),
                      *(("\n", (f"computed {computed(placed, topic)}", "magenta")) if placed.computed else ())),
        Text.assemble(claim.source, *(("\n", ("reference", "bold blue")) if claim.reference else ()),
                      *(("\n", (f"as of {claim.as_of}", "dim")) if claim.as_of else ())),
    )


def computed(placed: PlacedClaim, topic: Topic) -> str:
    assert placed.computed is not None
    interval = placed.computed.interval
    return format_in_unit(interval.low, interval.high, Qualifier.EXACT, topic.unit, topic.granularity)


def normalised(placed: PlacedClaim, topic: Topic) -> str:
    return format_in_unit(placed.stated.low, placed.stated.high, placed.claim.value.qualifier, topic.unit,
                          topic.granularity)
