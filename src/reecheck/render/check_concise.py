"""`check --format concise`: one line per new finding, `file:line:col: rule: message`, never wrapped,
and one per stale or unreviewed baseline entry; the summary goes to standard error."""

from __future__ import annotations

from reecheck.baseline import CheckResult
from reecheck.render.findings import stale_detail, unreviewed_detail
from reecheck.render.safe import terminal_text


def render_concise(result: CheckResult) -> str:
    lines = [f"{finding.location}: {finding.rule.id}: {finding.message}" for finding in result.new]
    lines += [f"{entry.location}: stale-baseline-entry: {stale_detail(entry)}" for entry in result.stale]
    lines += [f"{entry.location}: baseline-reason-todo: {unreviewed_detail(entry)}" for entry in result.unreviewed]
    return "".join(terminal_text(line) + "\n" for line in lines)
