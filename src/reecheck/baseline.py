"""The committed list of accepted findings: read, compared with the findings (new, known, stale), and
rewritten in a stable order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reecheck.check import CheckOptions, Finding
from reecheck.claimfile import FileReader, Invalid
from reecheck.model import Location, Problem
from reecheck.plain import Node

BASELINE_FILE = ".reecheck-baseline.yaml"
TODO_REASON = "TODO"
ENTRY_FIELDS = {"rule": True, "article": True, "subject": True, "fingerprint": True, "reason": True}
HEADER = """\
# Findings of `reecheck check` that the team has accepted, each with the reason why.
# `reecheck baseline` rewrites this file: it keeps every reason written here, adds new
# findings with reason TODO for a person to replace, and drops findings that are gone.
"""


@dataclass(frozen=True)
class BaselineEntry:
    rule: str
    article: str
    subject: str
    fingerprint: str
    reason: str
    location: Location

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.article, self.rule, self.subject, self.fingerprint)


@dataclass(frozen=True)
class CheckResult:
    new: tuple[Finding, ...]
    known: tuple[tuple[Finding, str], ...]
    stale: tuple[BaselineEntry, ...]
    unreviewed: tuple[BaselineEntry, ...]
    """Baseline entries whose reason is still TODO."""
    options: CheckOptions

    def failing(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.new if finding.severity.rank >= self.options.fail_on.rank)

    @property
    def failed(self) -> bool:
        return bool(self.failing()) or (self.options.strict and bool(self.stale or self.unreviewed))


def read_baseline(path: Path) -> tuple[list[BaselineEntry], list[Problem]]:
    """The entries of a baseline file; a file that does not exist is an empty baseline."""
    if not path.exists():
        return [], []
    reader = FileReader(path)
    node = reader.read_nodes()
    entries: list[BaselineEntry] = []
    if node is not None:
        try:
            for item in reader.sequence(node, "the baseline"):
                entry = read_entry(reader, item)
                if entry is not None:
                    entries.append(entry)
        except Invalid as invalid:
            reader.problems.append(invalid.problem)
    return entries, reader.problems


def read_entry(reader: FileReader, node: Node) -> BaselineEntry | None:
    values = reader.texts(node, "baseline entry", ENTRY_FIELDS)
    return None if values is None else BaselineEntry(location=reader.location(node), **values)


@dataclass(frozen=True)
class BaselineUpdate:
    text: str
    added: tuple[Finding, ...]
    removed: tuple[BaselineEntry, ...]


def update_baseline(found: Sequence[Finding], old: Sequence[BaselineEntry]) -> BaselineUpdate:
    """The baseline for `found`, keeping the reasons already written."""
    reasons = {entry.key: entry.reason for entry in old}
    current = {finding.key for finding in found}
    added = tuple(finding for finding in found if finding.key not in reasons)
    removed = tuple(entry for entry in old if entry.key not in current)
    entries = sorted({finding.key: finding for finding in found}.values(), key=lambda finding: finding.key)
    lines = [HEADER.rstrip("\n")]
    for finding in entries:
        lines += [
            f"- rule: {finding.rule}",
            f"  article: {finding.article}",
            f"  subject: {quoted(finding.subject)}",
            f"  fingerprint: {finding.fingerprint}",
            f"  reason: {quoted(reasons.get(finding.key, TODO_REASON))}",
        ]
    return BaselineUpdate("\n".join(lines) + "\n", added, removed)


def quoted(text: str) -> str:
    """A one-line YAML scalar that reads back as exactly `text`."""
    plain_safe = text and text[0].isalnum() and ": " not in text and " #" not in text and not text.endswith(":")
    return text if plain_safe else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_by_baseline(found: Sequence[Finding], baseline: Sequence[BaselineEntry],
                      options: CheckOptions) -> CheckResult:
    accepted = {entry.key: entry for entry in baseline}
    new = tuple(finding for finding in found if finding.key not in accepted)
    known = tuple((finding, accepted[finding.key].reason) for finding in found if finding.key in accepted)
    current = {finding.key for finding in found}
    stale = tuple(entry for entry in baseline if entry.key not in current)
    unreviewed = tuple(entry for entry in baseline if entry.key in current and entry.reason == TODO_REASON)
    return CheckResult(new, known, stale, unreviewed, options)
