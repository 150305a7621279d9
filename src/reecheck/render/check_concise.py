"""`check --format concise`: one line per new finding, `file:line:col: rule: message`, never wrapped,
and one per stale or unreviewed baseline entry; the summary goes to standard error."""

from __future__ import annotations

from reecheck.baseline import CheckResult
from reecheck.render.safe import terminal_text


def render_concise(result: CheckResult) -> str:
    lines = [f"{finding.location}: {finding.rule.id}: {finding.message}" for finding in result.new]
    lines += [f"{entry.location}: stale-baseline-entry: {entry.rule} '{entry.subject}' no longer occurs"
              for entry in result.stale]
    lines += [f"{entry.location}: baseline-reason-todo: {entry.rule} '{entry.subject}'" for entry in result.unreviewed]
    return "".join(terminal_text(line) + "\n" for line in lines)
