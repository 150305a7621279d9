"""The one-line tally every human-readable format ends with."""

from __future__ import annotations

from reecheck.compare import Report
from reecheck.model import Verdict


def summary_line(report: Report) -> str:
    gross, conflict = report.count(Verdict.GROSS), report.count(Verdict.CONFLICT)
    parts = [f"{gross + conflict} topics disagree ({gross} gross, {conflict} conflict)"]
    if report.options.include_consistent:
        parts.append(f"{report.count(Verdict.CONSISTENT)} consistent")
    elif report.hidden_consistent:
        parts.append(f"{report.hidden_consistent} consistent topics hidden (--all shows them)")
    return "; ".join(parts)
