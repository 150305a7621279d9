"""The one-line tally every human-readable format ends with."""

from __future__ import annotations

from reecheck.compare import Report, TopicComparison
from reecheck.comparison import KINDS
from reecheck.format import format_ratio
from reecheck.model import Verdict


def gap_label(comparison: TopicComparison) -> str:
    """How far apart the figures are: "7.55×", for dates "1 day", for ranks "2 places"; empty when they agree."""
    if comparison.max_gap_ratio is not None:
        return format_ratio(comparison.max_gap_ratio)
    if comparison.max_gap_days is not None:
        return f"{comparison.max_gap_days} day{'' if comparison.max_gap_days == 1 else 's'}"
    if comparison.max_gap_places is not None:
        return f"{comparison.max_gap_places} place{'' if comparison.max_gap_places == 1 else 's'}"
    return ""


def summary_line(report: Report) -> str:
    gross, conflict = report.count(Verdict.GROSS), report.count(Verdict.CONFLICT)
    disagreeing = gross + conflict
    verb = "topic disagrees" if disagreeing == 1 else "topics disagree"
    parts = [f"{disagreeing} {verb} ({gross} gross, {conflict} conflict)"]
    kinds = [f"{report.count_kind(kind)} {kind}" for kind in KINDS if report.count_kind(kind)]
    if kinds:
        parts.append(f"by kind: {', '.join(kinds)}")
    if report.options.include_consistent:
        parts.append(f"{report.count(Verdict.CONSISTENT)} consistent")
    elif report.hidden_consistent:
        hidden = report.hidden_consistent
        parts.append(f"{hidden} consistent topic{'' if hidden == 1 else 's'} hidden (--all shows them)")
    return "; ".join(parts)
