"""The default terminal view: one rich table, most serious disagreements first."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from reecheck.compare import Report, TopicComparison
from reecheck.format import format_ratio, format_stated
from reecheck.model import Verdict
from reecheck.render.summary import summary_line

VERDICT_STYLES = {Verdict.GROSS: "bold red", Verdict.CONFLICT: "yellow", Verdict.CONSISTENT: "green"}


def render_table(report: Report) -> RenderableType:
    table = Table(show_lines=False, header_style="bold", expand=False)
    for header in ("Topic", "Verdict", "Article", "As written", "Normalised", "Source", "As of", "Why"):
        table.add_column(header, overflow="fold")
    for comparison in report.topics:
        add_topic(table, comparison)
    return Group(table, Text(summary_line(report)))


def add_topic(table: Table, comparison: TopicComparison) -> None:
    topic = comparison.topic
    style = "dim" if comparison.verdict is Verdict.CONSISTENT else None
    gap = f" {format_ratio(comparison.max_gap_ratio)}" if comparison.max_gap_ratio else ""
    verdict = Text(comparison.verdict.value + gap, style=VERDICT_STYLES[comparison.verdict])
    heading = Text.assemble((topic.name, "bold"), "\n", (f"{topic.description} ({topic.unit})", "dim"))
    why = "\n".join(f"• {reason.text}" for reason in comparison.reasons)
    for index, placed in enumerate(comparison.claims):
        claim = placed.claim
        first = index == 0
        table.add_row(
            heading if first else "",
            verdict if first else "",
            Text.assemble(claim.article_id, "\n", (claim.id, "dim")),
            Text(claim.value.text),
            format_stated(placed.stated.low, placed.stated.high, claim.value.qualifier),
            Text(claim.source),
            claim.as_of or "",
            Text(why) if first else "",
            style=style,
            end_section=index == len(comparison.claims) - 1,
        )
