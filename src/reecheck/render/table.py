"""The default terminal view: one rich table, most serious disagreements first."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reecheck.compare import PlacedClaim, Report, TopicComparison
from reecheck.format import format_in_unit
from reecheck.model import Qualifier, Topic, Verdict
from reecheck.render.summary import gap_label, summary_line

VERDICT_STYLES = {Verdict.GROSS: "bold red", Verdict.CONFLICT: "yellow", Verdict.CONSISTENT: "green"}


def render_table(report: Report, rows: int = 12) -> RenderableType:
    """The table; a topic with more than `rows` claims (0: no limit) shows its lowest and highest
    figures, which are the ones that disagree, and counts the rest."""
    table = Table(header_style="bold", expand=True)
    # Shares of the terminal's width: the reasons need the room, the verdict does not.
    for header, ratio in (("Topic", 3), ("Verdict", 2), ("Article", 3), ("Value", 3),
                          ("Source", 3), ("Why", 6)):
        table.add_column(header, ratio=ratio, overflow="fold")
    for comparison in report.topics:
        add_topic(table, comparison, rows)
    return Group(table, Text(summary_line(report)))


def add_topic(table: Table, comparison: TopicComparison, rows: int) -> None:
    topic = comparison.topic
    style = "dim" if comparison.verdict is Verdict.CONSISTENT else None
    gap = f" {gap_label(comparison)}" if gap_label(comparison) else ""
    verdict = Text(comparison.verdict.value + gap, style=VERDICT_STYLES[comparison.verdict])
    heading = Text.assemble((topic.name, "bold"), "\n", (f"{topic.description} ({topic.unit})", "dim"))
    why = "\n".join(f"• {reason.text}" for reason in comparison.reasons)
    shown: list[PlacedClaim | None] = list(comparison.claims)
    if 0 < rows < len(shown):
        shown = [*shown[: rows // 2], None, *shown[len(shown) - (rows - rows // 2) :]]
    for index, placed in enumerate(shown):
        first = index == 0
        if placed is None:
            hidden = len(comparison.claims) - rows
            table.add_row("", "", Text(f"… {hidden} more claims (--rows 0 shows them)", style="dim"), "", "", "")
            continue
        claim = placed.claim
        table.add_row(
            heading if first else "",
            verdict if first else "",
            Text.assemble(claim.article_id, "\n", (claim.id, "dim")),
            Text.assemble(claim.value.text, "\n", (normalised(placed, comparison.topic), "cyan"),
                          *(("\n", (f"computed {computed(placed, comparison.topic)}", "magenta"))
                            if placed.computed else ())),
            Text.assemble(claim.source, *(("\n", ("reference", "bold blue")) if claim.reference else ()),
                          *(("\n", (f"as of {claim.as_of}", "dim")) if claim.as_of else ())),
            Text(why) if first else "",
            style=style,
            end_section=index == len(shown) - 1,
        )


def computed(placed: PlacedClaim, topic: Topic) -> str:
    assert placed.computed is not None
    interval = placed.computed.interval
    return format_in_unit(interval.low, interval.high, Qualifier.EXACT, topic.unit, topic.granularity)


def normalised(placed: PlacedClaim, topic: Topic) -> str:
    return format_in_unit(placed.stated.low, placed.stated.high, placed.claim.value.qualifier, topic.unit,
                          topic.granularity)
