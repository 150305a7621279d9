"""The small enums the command line offers, kept apart so that `--help` imports nothing else."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """The exit-code contract shared by every command."""

    OK = 0
    FINDINGS = 1
    INPUT_ERROR = 2
    INTERNAL_ERROR = 70


class Format(StrEnum):
    """Output formats of `compare`."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


class CheckFormat(StrEnum):
    """Output formats of `check`."""

    TEXT = "text"
    CONCISE = "concise"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class FailOn(StrEnum):
    CONFLICT = "conflict"
    GROSS = "gross"


class ParseFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class SchemaName(StrEnum):
    CLAIMS = "claims"
    TOPICS = "topics"
