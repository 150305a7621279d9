"""`check --format sarif`: SARIF 2.1.0 for code-scanning tools, stable rule ids and fingerprints."""

from __future__ import annotations

import json
from typing import Any

from reecheck import __version__
from reecheck.baseline import CheckResult
from reecheck.check import Finding
from reecheck.model import display_path
from reecheck.rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "reecheckFinding/v1"


def sarif_result(finding: Finding, reason: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "level": finding.severity.value,
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": display_path(finding.location.path)},
            "region": {"startLine": finding.location.line, "startColumn": finding.location.column},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "baselineState": "new" if reason is None else "unchanged",
    }
    if reason is not None:
        result["suppressions"] = [{"kind": "external", "justification": reason}]
    return result


def check_to_sarif(result: CheckResult) -> dict[str, Any]:
    rules = [{
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.severity.value},
    } for rule in RULES.values()]
    results = [sarif_result(finding, None) for finding in result.new]
    results += [sarif_result(finding, reason) for finding, reason in result.known]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reecheck", "version": __version__, "rules": rules}},
            "results": results,
        }],
    }


def render_sarif(result: CheckResult) -> str:
    return json.dumps(check_to_sarif(result), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
