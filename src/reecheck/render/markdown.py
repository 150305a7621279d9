"""`--format markdown`: a section per topic, for pasting into notes and pull requests."""

from __future__ import annotations

from reecheck.compare import Report, TopicComparison
from reecheck.format import format_ratio, format_stated
from reecheck.render.summary import summary_line


def render_markdown(report: Report) -> str:
    sections = [render_topic(comparison) for comparison in report.topics]
    return "\n".join([*sections, summary_line(report), ""])


def render_topic(comparison: TopicComparison) -> str:
    topic = comparison.topic
    gap = f" ({format_ratio(comparison.max_gap_ratio)})" if comparison.max_gap_ratio else ""
    lines = [
        f"## {topic.name}: {comparison.verdict.value}{gap}",
        "",
        f"{cell(topic.description)}, in {topic.unit}.",
        "",
        f"| Article | Claim | As written | In {cell(topic.unit)} | Source | As of |",
        "|---|---|---|---|---|---|",
    ]
    for placed in comparison.claims:
        claim = placed.claim
        normalised = format_stated(placed.stated.low, placed.stated.high, claim.value.qualifier)
        lines.append(f"| {cell(claim.article_id)} | {cell(claim.id)} | {cell(claim.value.text)} | "
                     f"{normalised} | {cell(claim.source)} | {claim.as_of or ''} |")
    if comparison.reasons:
        lines += ["", "Why they may differ:", *(f"- {cell(reason.text)}" for reason in comparison.reasons)]
    return "\n".join([*lines, ""])


def cell(text: str) -> str:
    return text.replace("|", "\\|")
