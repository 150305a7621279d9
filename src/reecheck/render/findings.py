"""Shared views of a CheckResult: one dict per finding, what to say of a stale or TODO baseline entry,
and the closing summary line."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reecheck.baseline import BaselineEntry, CheckResult
from reecheck.check import Finding
from reecheck.model import display_path
from reecheck.rules import RULES


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule.id,
        "severity": finding.severity.value,
        "file": display_path(finding.location.path),
        "line": finding.location.line,
        "column": finding.location.column,
        "message": finding.message,
        "article": finding.article,
        "subject": finding.subject,
        "fingerprint": finding.fingerprint,
    }


def entry_to_dict(entry: BaselineEntry) -> dict[str, Any]:
    return {
        "rule": entry.rule,
        "article": entry.article,
        "subject": entry.subject,
        "fingerprint": entry.fingerprint,
        "reason": entry.reason,
        "file": display_path(entry.location.path),
        "line": entry.location.line,
    }


def stale_detail(entry: BaselineEntry) -> str:
    """A stale entry, the article it belongs to (an id can recur across articles), and the fix."""
    rule = RULES.get(entry.rule)
    why = "is never accepted" if rule is not None and not rule.acceptable else "no longer occurs"
    return f"{entry.rule} '{entry.subject}' in {articles(entry)} {why}; run reecheck baseline to drop it"


def unreviewed_detail(entry: BaselineEntry) -> str:
    return (f"{entry.rule} '{entry.subject}' in {articles(entry)}; write why it is accepted, "
            "or run reecheck baseline --review")


def articles(entry: BaselineEntry) -> str:
    """A disagreement's entry names every article involved, joined by " + "."""
    return f"article{'s' if ' + ' in entry.article else ''} {entry.article}"


def check_summary(result: CheckResult) -> str:
    new = len(result.new)
    by_rule = Counter(finding.rule.id for finding in result.new)
    detail = f" ({', '.join(f'{count} {rule}' for rule, count in sorted(by_rule.items()))})" if new else ""
    parts = [f"{new} new finding{'' if new == 1 else 's'}{detail}", f"{len(result.known)} known"]
    if result.stale:
        parts.append(f"{len(result.stale)} stale baseline entr{'y' if len(result.stale) == 1 else 'ies'}")
    if result.unreviewed:
        parts.append(f"{len(result.unreviewed)} baseline reason{'' if len(result.unreviewed) == 1 else 's'} TODO")
    return ", ".join(parts)
