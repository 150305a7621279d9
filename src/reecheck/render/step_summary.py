"""The Markdown GitHub Actions shows on a run's page (`$GITHUB_STEP_SUMMARY`): every finding of `check`,
new and accepted, since a step shows only ten error annotations."""

from __future__ import annotations

from collections.abc import Sequence

from reecheck.baseline import CheckResult
from reecheck.check import Finding
from reecheck.model import Problem
from reecheck.render.findings import check_summary
from reecheck.render.safe import markdown_cell as cell


def check_step_summary(result: CheckResult) -> str:
    lines = ["## reecheck check", "", cell(check_summary(result)), ""]
    lines += findings_table("New findings", [(finding, "") for finding in result.new])
    lines += findings_table("Accepted findings", list(result.known))
    return "\n".join(lines)


def findings_table(title: str, findings: Sequence[tuple[Finding, str]]) -> list[str]:
    if not findings:
        return []
    rows = [f"| `{cell(str(finding.location))}` | {finding.severity.value} | {finding.rule.id} | "
            f"{cell(finding.message)} | {cell(reason)} |" for finding, reason in findings]
    return [f"### {title}", "", "| Where | Severity | Rule | Finding | Reason accepted |", "|---|---|---|---|---|",
            *rows, ""]


def problems_step_summary(command: str, problems: Sequence[Problem]) -> str:
    rows = [f"| `{cell(str(problem.location))}` | {cell(problem.message)} |" for problem in problems]
    return "\n".join([f"## reecheck {command}", "", f"{len(problems)} problems in the claim files", "",
                      "| Where | Problem |", "|---|---|", *rows, ""])
