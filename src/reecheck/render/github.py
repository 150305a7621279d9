"""`check --format github`: workflow commands that GitHub Actions shows as annotations."""

from __future__ import annotations

from reecheck.baseline import CheckResult
from reecheck.model import Problem, display_path
from reecheck.render.findings import check_summary, stale_detail


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    lines = []
    for finding in result.new:
        location = finding.location
        properties = ",".join((
            f"file={escape_property(display_path(location.path))}",
            f"line={location.line}",
            f"col={location.column}",
            f"title={escape_property(f'reecheck {finding.rule}')}",
        ))
        lines.append(f"::{finding.severity.value} {properties}::{escape_data(finding.message)}")
    for entry in result.stale:
        # The entry's fields come from the baseline file as written: escaped whole, none can end the
        # message and start a workflow command of its own.
        message = f"stale baseline entry: {stale_detail(entry)}"
        lines.append(f"::warning file={escape_property(display_path(entry.location.path))},line={entry.location.line}"
                     f"::{escape_data(message)}")
    lines.append(check_summary(result))
    return "\n".join(lines) + "\n"


def problem_annotation(problem: Problem) -> str:
    """A claim file's problem as an error annotation on its line."""
    location = problem.location
    properties = [f"file={escape_property(display_path(location.path))}"]
    if location.line:
        properties += [f"line={location.line}", f"col={location.column}"]
    return f"::error {','.join(properties)}::{escape_data(problem.message)}"
