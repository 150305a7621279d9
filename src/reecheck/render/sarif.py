"""`check --format sarif`: SARIF 2.1.0 for code scanning, with stable rule ids and fingerprints.

New findings only, unless known ones are asked for too: code scanning does not honour suppressions
reliably, and would open an alert for each accepted finding. Paths are relative to the repository
root (`%SRCROOT%`), and input that cannot be loaded is a log of its own, whose invocation failed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from reecheck import __version__
from reecheck.baseline import CheckResult
from reecheck.check import Finding
from reecheck.model import Location, Problem
from reecheck.rules import RULES, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT_KEY = "reecheckFinding/v1"


def render_sarif(result: CheckResult, include_known: bool = False) -> str:
    root = result.root or Path.cwd()
    results = [sarif_result(finding, root, None, include_known) for finding in result.new]
    if include_known:
        results += [sarif_result(finding, root, reason, include_known) for finding, reason in result.known]
    return dumped(sarif_log(root, results, []))


def render_sarif_failure(problems: Sequence[Problem], root: Path) -> str:
    """The log of a run whose input could not be loaded: no results, every problem a notification."""
    return dumped(sarif_log(root, [], [notification(problem, root) for problem in problems]))


def dumped(log: dict[str, Any]) -> str:
    return json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def sarif_log(root: Path, results: list[dict[str, Any]], problems: list[dict[str, Any]]) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": not problems}
    if problems:
        invocation["toolExecutionNotifications"] = problems
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reecheck", "version": __version__, "semanticVersion": __version__,
                                "rules": [rule_descriptor(rule) for rule in RULES.values()]}},
            "invocations": [invocation],
            "originalUriBaseIds": {SOURCE_ROOT: {"uri": root.resolve().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.help, "markdown": rule.help},
        "defaultConfiguration": {"level": rule.severity.value},
    }


def sarif_result(finding: Finding, root: Path, reason: str | None, with_suppressions: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": list(RULES).index(finding.rule.id),
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical_location(finding.location, root, finding.width)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "baselineState": "new" if reason is None else "unchanged",
    }
    if with_suppressions:
        # Every result of a run has suppressions or none has (SARIF §3.27.23): an empty list is "not suppressed".
        result["suppressions"] = [] if reason is None else [{"kind": "external", "justification": reason}]
    return result


def physical_location(location: Location, root: Path, width: int = 1) -> dict[str, Any]:
    """The file, and the region when the place in it is known (a file that cannot be read has none)."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(location.path, root)}
    if location.line:
        line, column = location.line, max(location.column, 1)
        physical["region"] = {"startLine": line, "startColumn": column, "endLine": line, "endColumn": column + width}
    return physical


def artifact_location(path: Path, root: Path) -> dict[str, Any]:
    """Relative to the repository root where the file lies in it, else the file's own absolute URI."""
    absolute = path.resolve()
    try:
        relative = absolute.relative_to(root.resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SOURCE_ROOT}


def notification(problem: Problem, root: Path) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": physical_location(problem.location, root)}],
    }
