"""The committed list of accepted findings: read, compared with the findings (new, known, stale), and
rewritten in a stable order."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reecheck.check import CheckOptions, Finding
from reecheck.claimfile import FileReader, Invalid, describe_os_error
from reecheck.limits import FIELD_CHARACTERS
from reecheck.model import Location, Problem, is_placeholder
from reecheck.plain import Node
from reecheck.rules import DISAGREEMENTS

BASELINE_FILE = ".reecheck-baseline.yaml"
TODO_REASON = "TODO"
ENTRY_FIELDS = {"rule": True, "article": True, "subject": True, "fingerprint": True, "reason": True}
DISAGREEMENT_IDS = frozenset(rule.id for rule in DISAGREEMENTS)
Key = tuple[str, str, str, str]
"""A finding's identity: article, rule, subject, fingerprint."""


def is_unreviewed(reason: str) -> bool:
    """Whether an entry's reason is still the placeholder, in any case and with or without a full stop
    (`TODO`, `todo`, `TODO.`), as a claim's placeholder is."""
    return is_placeholder(reason.strip().rstrip("."))


def refused_reason(reason: str) -> str | None:
    """Why a reason a person gives (`--reason`, a review's answer) cannot be written; None when it can."""
    if is_unreviewed(reason):
        return f"the reason {reason.strip()!r} is the placeholder for one still to write; give the reason itself"
    if len(reason) > FIELD_CHARACTERS:
        return (f"the reason is {len(reason):,} characters long, longer than {FIELD_CHARACTERS:,} characters, "
                "the limit for a field")
    return None


class ReasonRefused(Exception):
    """A reason given to write is refused (see refused_reason); nothing is written."""


def accepted_reason(reason: str) -> str:
    """`reason`, unless it is refused (see refused_reason)."""
    refused = refused_reason(reason)
    if refused is not None:
        raise ReasonRefused(refused)
    return reason


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
    def key(self) -> Key:
        return (self.article, self.rule, self.subject, self.fingerprint)


@dataclass(frozen=True)
class CheckResult:
    new: tuple[Finding, ...]
    known: tuple[tuple[Finding, str], ...]
    stale: tuple[BaselineEntry, ...]
    unreviewed: tuple[BaselineEntry, ...]
    """Baseline entries whose reason is still TODO, in any case."""
    options: CheckOptions
    root: Path | None = None
    """The repository the run's files lie in, which SARIF's paths are relative to."""

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
    return entries_of(reader, reader.read_nodes()), reader.problems


def entries_of(reader: FileReader, node: Node | None) -> list[BaselineEntry]:
    entries: list[BaselineEntry] = []
    if node is not None:
        try:
            for item in reader.sequence(node, "the baseline"):
                entry = read_entry(reader, item)
                if entry is not None:
                    entries.append(entry)
        except Invalid as invalid:
            reader.problems.append(invalid.problem)
    return entries


def read_entry(reader: FileReader, node: Node) -> BaselineEntry | None:
    values = reader.texts(node, "baseline entry", ENTRY_FIELDS)
    return None if values is None else BaselineEntry(location=reader.location(node), **values)


@dataclass(frozen=True)
class BaselineUpdate:
    text: str
    added: tuple[Finding, ...]
    removed: tuple[BaselineEntry, ...]
    reasons: dict[Key, str] = field(default_factory=dict)
    """The reason each added finding is written with."""
    renamed: dict[Key, BaselineEntry] = field(default_factory=dict)
    """Added findings that are a removed entry's under a new subject, whose reason they keep."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def update_baseline(found: Sequence[Finding], old: Sequence[BaselineEntry], checked: Collection[str] | None = None,
                    written: str | None = None, reason: str = TODO_REASON) -> BaselineUpdate:
    """The baseline for `found`, keeping every reason written; new entries get `reason`, except a
    claim renamed with its content unchanged, which keeps its entry's. Only entries of the articles
    `checked` (None: every article) are added or removed: a run over some claim files knows nothing of
    the others' findings. Given the file as `written`, the result is that text with the removed entries
    taken out and the added ones in their sorted places, so comments and untouched entries stay byte
    for byte; a file whose layout does not allow that is written afresh. A refused `reason` (see
    refused_reason) raises ReasonRefused before anything is spliced."""
    if reason != TODO_REASON:
        accepted_reason(reason)
    known = {entry.key for entry in old}
    current = {finding.key for finding in found if finding.rule.acceptable}
    added = tuple({finding.key: finding for finding in found
                   if finding.rule.acceptable and finding.key not in known}.values())
    removed = tuple(entry for entry in old if entry.key not in current and was_read(entry, checked))
    renamed = renames(added, removed)
    reasons = {finding.key: renamed[finding.key].reason if finding.key in renamed else reason for finding in added}
    gone = set(removed)
    kept = [entry for entry in old if entry not in gone]
    new = [entry_of(finding, reasons[finding.key]) for finding in added]
    text = spliced(written, old, kept, new) if written is not None else None
    return BaselineUpdate(text if text is not None else fresh_text([*kept, *new]), added, removed, reasons, renamed)


def renames(added: Sequence[Finding], removed: Sequence[BaselineEntry]) -> dict[Key, BaselineEntry]:
    """Each added finding that is a removed entry's under another subject (a claim whose id changed
    and whose value and quote did not), paired once."""
    free = list(removed)
    pairs = {}
    for finding in added:
        entry = next((entry for entry in free if (entry.article, entry.rule) == (finding.article, finding.rule.id)
                      and finding.fingerprint_as(entry.subject) == entry.fingerprint), None)
        if entry is not None:
            pairs[finding.key] = entry
            free.remove(entry)
    return pairs


def entry_of(finding: Finding, reason: str) -> BaselineEntry:
    """The entry a finding is written as; it has no line until the file is written and read again."""
    return BaselineEntry(finding.rule.id, finding.article, finding.subject, finding.fingerprint, reason,
                         Location(Path(BASELINE_FILE)))


def entry_text(entry: BaselineEntry) -> str:
    return "".join(f"{prefix}{name}: {yaml_scalar(value)}\n" for prefix, name, value in (
        ("- ", "rule", entry.rule), ("  ", "article", entry.article), ("  ", "subject", entry.subject),
        ("  ", "fingerprint", entry.fingerprint), ("  ", "reason", entry.reason)))


def fresh_text(entries: Sequence[BaselineEntry]) -> str:
    """The whole file written anew, every entry sorted."""
    texts = {entry.key: entry_text(entry) for entry in entries}
    # A file of comments alone is empty to YAML, which is an error; an empty list is not.
    return HEADER + ("".join(texts[key] for key in sorted(texts)) or "[]\n")


def spliced(written: str, old: Sequence[BaselineEntry], kept: Sequence[BaselineEntry],
            new: Sequence[BaselineEntry]) -> str | None:
    """`written` with only the `kept` entries of `old`, each `new` entry inserted before the first kept
    entry that sorts after it; None when the result would not read back as exactly the entries meant
    (a layout other than one block of lines per entry)."""
    blocks = blocks_of(written, old)
    if blocks is None:
        return None
    header, entry_lines, footer = blocks
    pending = sorted(new, key=lambda entry: entry.key)
    keep = set(kept)
    parts, meant = header, []
    for entry, block in zip(old, entry_lines, strict=True):
        if entry not in keep:
            continue
        while pending and pending[0].key < entry.key:
            parts.append(entry_text(pending[0]))
            meant.append(pending.pop(0))
        parts += block
        meant.append(entry)
    parts += [entry_text(entry) for entry in pending] + footer
    meant += pending
    text = "".join(parts)
    return text if reads_as(text, meant) else None


def blocks_of(text: str, entries: Sequence[BaselineEntry]) -> tuple[list[str], list[list[str]], list[str]] | None:
    """entry_blocks of a baseline's text and the entries read from it."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return entry_blocks(lines, [entry.location.line - 1 for entry in entries])


def entry_blocks(lines: list[str], starts: list[int]) -> tuple[list[str], list[list[str]], list[str]] | None:
    """The header, each entry's lines (after the comments just above it) and the footer, every line
    with its newline; None unless the entries start on distinct lines in order."""
    if starts != sorted(set(starts)):
        return None
    with_newlines = [line + "\n" for line in lines]
    if not starts:
        return with_newlines, [], []
    ends = []
    for start, next_start in zip(starts, [*starts[1:], len(lines)], strict=True):
        end = next_start
        while end > start + 1 and is_comment_or_blank(lines[end - 1]):
            end -= 1
        ends.append(end)
    # A block begins where the one before it ended: the comments just above an entry are its own.
    blocks = [with_newlines[begin:end] for begin, end in zip([starts[0], *ends[:-1]], ends, strict=True)]
    return with_newlines[: starts[0]], blocks, with_newlines[ends[-1]:]


def is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def reads_as(text: str, meant: Sequence[BaselineEntry]) -> bool:
    entries = entries_in(text)
    return entries is not None and [(entry.key, entry.reason) for entry in entries] == [
        (entry.key, entry.reason) for entry in meant]


def entries_in(text: str) -> list[BaselineEntry] | None:
    """The entries of a baseline's text, each with its line in it; None when it is not a valid baseline."""
    reader = FileReader(Path(BASELINE_FILE))
    entries = entries_of(reader, reader.read_nodes(text.encode("utf-8")))
    return None if reader.problems else entries


@dataclass(frozen=True)
class Unreviewed:
    """An entry still at reason TODO, as `baseline --review` shows it: the finding it accepts (None when
    it no longer occurs), and its place in the walk."""

    entry: BaselineEntry
    finding: Finding | None
    number: int
    total: int


Reviewer = Callable[[Unreviewed], str | None]
"""Asks a person for an entry's reason; None or blank skips it."""


def review(text: str, found: Sequence[Finding], ask: Reviewer) -> dict[Key, str]:
    """The reasons given for the entries of `text` still at TODO, asked one by one in file order."""
    todo = [entry for entry in entries_in(text) or () if is_unreviewed(entry.reason)]
    by_key = {finding.key: finding for finding in found}
    reasons = {}
    for number, entry in enumerate(todo, 1):
        answer = ask(Unreviewed(entry, by_key.get(entry.key), number, len(todo)))
        if answer and answer.strip():
            reasons[entry.key] = accepted_reason(answer.strip())
    return reasons


def todo_reasons(text: str, found: Sequence[Finding], reason: str) -> dict[Key, str]:
    """`reason` for each entry of `text` still at TODO whose finding was read: `baseline --reason` is
    also meant for the entries an earlier run left without one."""
    keys = {finding.key for finding in found if finding.rule.acceptable}
    return {entry.key: reason for entry in entries_in(text) or () if is_unreviewed(entry.reason) and entry.key in keys}


REASON_LINE = re.compile(r"(?P<lead>[ \t]*(?:-[ \t]+)?)reason:[^\r\n]*(?P<end>\r?\n?)")


def with_reasons(text: str, reasons: Mapping[Key, str]) -> str:
    """`text` with the given entries' reasons replaced, every other line byte for byte; written afresh
    when its layout does not allow that. A refused reason (see refused_reason) raises ReasonRefused."""
    for reason in reasons.values():
        accepted_reason(reason)
    entries = entries_in(text) or []
    meant = [replace(entry, reason=reasons.get(entry.key, entry.reason)) for entry in entries]
    blocks = blocks_of(text, entries)
    if blocks is not None:
        header, entry_lines, footer = blocks
        parts = [*header]
        for entry, block in zip(meant, entry_lines, strict=True):
            parts += [with_reason(line, entry.reason) for line in block] if entry.key in reasons else block
        changed = "".join(parts + footer)
        if reads_as(changed, meant):
            return changed
    return fresh_text(meant)


def with_reason(line: str, reason: str) -> str:
    found = REASON_LINE.fullmatch(line)
    return f"{found['lead']}reason: {yaml_scalar(reason)}{found['end']}" if found else line


def yaml_scalar(text: str) -> str:
    """`text` as a one-line YAML scalar that reads back exactly: plain when nothing in it means anything
    to YAML, else double-quoted, with every character that is not printable (tabs, line breaks of any
    kind, control characters) written as an escape."""
    return text if is_plain_scalar(text) else double_quoted(text)


def double_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back exactly, whatever it holds."""
    return '"' + "".join(escaped(character) for character in text) + '"'


def is_plain_scalar(text: str) -> bool:
    return (text[:1].isalnum() and all(character == " " or character.isprintable() for character in text)
            and ": " not in text and " #" not in text and not text.endswith((":", " ")))


def escaped(character: str) -> str:
    if character in '"\\':
        return "\\" + character
    if character == " " or character.isprintable():
        return character
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class NotWritten(Exception):
    """The baseline could not be written, or writing it would be unsafe; the file is as it was."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_written(path: Path) -> str | None:
    """The baseline's text as it stands, line endings included; None when there is no file.
    read_baseline has read it already, so it is readable."""
    return path.read_bytes().decode("utf-8") if path.exists() else None


def write_baseline(path: Path, text: str, project: Path) -> None:
    """Replace the baseline whole or not at all: a temporary file in the same folder, synced, renamed
    over it. A link is written through only to a file inside `project`: a claim file's pull request
    must not be able to make `baseline` write elsewhere."""
    target = link_target(path, project, "the baseline")
    if target.exists() and not target.is_file():
        raise NotWritten(Problem(Location(path), "the baseline is not a regular file; not written"))
    try:
        replace_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise NotWritten(Problem(Location(path), f"cannot write the baseline: {describe_os_error(error)}; "
                                                 "the file is as it was")) from None


def link_target(path: Path, project: Path, what: str) -> Path:
    """The file writing to `path` writes: the file a link names only when it lies inside `project`, else
    NotWritten (`what` names the file in its message: "the baseline")."""
    target = Path(os.path.realpath(path))
    through_link = target != Path(os.path.abspath(path))
    if through_link and not target.is_relative_to(Path(os.path.realpath(project))):
        raise NotWritten(Problem(Location(path), f"{what} is a link to {target}, outside the project "
                                                 f"({project}); not written through it"))
    return target


def replace_atomically(target: Path, data: bytes) -> None:
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable; a file system that cannot sync folders only loses that."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(handle)
    os.close(handle)


def was_read(entry: BaselineEntry, checked: Collection[str] | None) -> bool:
    """Whether a run that read the articles `checked` (all when None) can tell that the entry is gone:
    a disagreement's entry only when the whole claims folder was read, as only then is it checked."""
    return checked is None or (entry.rule not in DISAGREEMENT_IDS and entry.article in checked)


def split_by_baseline(found: Sequence[Finding], baseline: Sequence[BaselineEntry], options: CheckOptions,
                      checked: Collection[str] | None = None) -> CheckResult:
    """New, known and stale findings; only entries of the articles `checked` (all when None) can be
    stale, so that checking one claim file says nothing of the others' entries."""
    accepted = {entry.key: entry for entry in baseline}
    new = tuple(finding for finding in found if not finding.rule.acceptable or finding.key not in accepted)
    known = tuple((finding, accepted[finding.key].reason) for finding in found
                  if finding.rule.acceptable and finding.key in accepted)
    current = {finding.key for finding in found if finding.rule.acceptable}
    stale = tuple(entry for entry in baseline if entry.key not in current and was_read(entry, checked))
    unreviewed = tuple(entry for entry in baseline if entry.key in current and is_unreviewed(entry.reason))
    return CheckResult(new, known, stale, unreviewed, options)
