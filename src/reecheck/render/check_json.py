"""`check --format json`: the CheckResult as one JSON object."""

from __future__ import annotations

import json
from typing import Any

from reecheck.baseline import CheckResult
from reecheck.render.findings import check_summary, entry_to_dict, finding_to_dict


def check_to_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "new": [finding_to_dict(finding) for finding in result.new],
        "known": [finding_to_dict(finding) | {"reason": reason} for finding, reason in result.known],
        "stale": [entry_to_dict(entry) for entry in result.stale],
        "unreviewed": [entry_to_dict(entry) for entry in result.unreviewed],
        "failed": result.failed,
        "summary": check_summary(result),
    }


def render_check_json(result: CheckResult) -> str:
    return json.dumps(check_to_dict(result), ensure_ascii=False, allow_nan=False) + "\n"
