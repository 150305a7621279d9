"""`--format markdown`: a section per topic, for pasting into notes and pull requests."""

from __future__ import annotations

from reecheck.compare import Report, TopicComparison
from reecheck.format import format_stated
from reecheck.model import Qualifier
from reecheck.render.safe import markdown_cell as cell
from reecheck.render.safe import markdown_paragraph, web_address
from reecheck.render.summary import gap_label, summary_line


def render_markdown(report: Report) -> str:
    sections = [render_topic(comparison) for comparison in report.topics]
    return "\n".join([*sections, summary_line(report), ""])


def render_topic(comparison: TopicComparison) -> str:
    topic = comparison.topic
    gap = f" ({gap_label(comparison)})" if gap_label(comparison) else ""
    lines = [
        f"## {topic.name}: {comparison.verdict.value}{gap}",
        "",
        f"{markdown_paragraph(topic.description)}, in {cell(topic.unit)}.",
        "",
        f"| Article | Claim | As written | In {cell(topic.unit)} | Source | As of |",
        "|---|---|---|---|---|---|",
    ]
    for placed in comparison.claims:
        claim = placed.claim
        normalised = format_stated(placed.stated.low, placed.stated.high, claim.value.qualifier, topic.granularity)
        if placed.computed:
            normalised += " (computed " + format_stated(placed.computed.interval.low, placed.computed.interval.high,
                                                        Qualifier.EXACT, topic.granularity) + ")"
        source = f"{claim.source} (reference)" if claim.reference else claim.source
        article = article_cell(claim.article_id, claim.article_url)
        lines.append(f"| {article} | {cell(claim.id)} | {cell(claim.value.text)} | "
                     f"{normalised} | {cell(source)} | {claim.as_of or ''} |")
    if comparison.kinds:
        lines += ["", f"Kinds: {', '.join(comparison.kinds)}."]
    if comparison.reasons:
        lines += ["", "Why they may differ:", *(f"- {cell(reason.text)}" for reason in comparison.reasons)]
    return "\n".join([*lines, ""])


def article_cell(article: str, url: str | None) -> str:
    """The article id, a link to where it was published when that is a web address; any other
    address follows it as text."""
    address = web_address(url)
    if address is not None:
        return f"[{cell(article)}]({address})"
    if url is None:
        return cell(article)
    as_text = cell(url).replace("[", "\\[").replace("]", "\\]")  # no link syntax of its own either
    return f"{cell(article)} ({as_text})"
