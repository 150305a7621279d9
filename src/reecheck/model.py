"""Plain, frozen data shared by the core and the renderers."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reecheck.choices import ExitCode as ExitCode


class Qualifier(StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    LOWER_BOUND = "lower_bound"
    UPPER_BOUND = "upper_bound"


class Verdict(StrEnum):
    """Ordered from least to most severe; `rank` gives the order."""

    CONSISTENT = "consistent"
    CONFLICT = "conflict"
    GROSS = "gross"

    @property
    def rank(self) -> int:
        return list(Verdict).index(self)


@dataclass(frozen=True)
class Value:
    """A figure as written, and the interval it stands for.

    `low`/`high` are in `unit` (with scale words applied); `None` is an open
    bound. `precision` is half a step of the last digit the writer gave, in
    `unit`, so that "1%" can be read as anything from 0.5% to 1.5%.
    """

    text: str
    low: Decimal | None
    high: Decimal | None
    unit: str
    qualifier: Qualifier
    base_low: Decimal | None
    base_high: Decimal | None
    base_unit: str
    precision: Decimal

    @property
    def base_per_written(self) -> Decimal:
        """How many base units one unit as written is (0 when the figure is zero or open)."""
        number = self.low if self.low is not None else self.high
        base = self.base_low if self.base_low is not None else self.base_high
        if not number or base is None:
            return Decimal(0)
        return base / number


@dataclass(frozen=True)
class Location:
    """Where in which file; line and column count from 1, 0 when unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        place = display_path(self.path)
        return f"{place}:{self.line}:{self.column}" if self.line else place


@dataclass(frozen=True)
class Problem:
    """Input that reecheck could not accept, with where it is."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    unit: str
    unit_factor: Decimal
    """How many base units one display unit is."""
    base_unit: str
    granularity: str | None = None
    """For topics of dates: the day, month or year they are shown to."""


@dataclass(frozen=True)
class IgnoredFigure:
    """A figure of the article text the curators leave out on purpose, and why."""

    figure: str
    reason: str
    location: Location


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text_path: Path | None
    """None for reference data, which has no article text."""
    location: Location
    outlet: str | None = None
    url: str | None = None
    """Where the article was published, when known."""
    author: str | None = None
    published: str | None = None
    notes: tuple[str, ...] = ()
    ignored: tuple[IgnoredFigure, ...] = ()
    kind: str = "article"
    """"article", or "reference" for authoritative data such as USGS tables."""
    publication: str | None = None
    table: str | None = None
    page: str | None = None

    @property
    def is_reference(self) -> bool:
        return self.kind == "reference"


UNATTRIBUTED = "unattributed"
PLACEHOLDER = "TODO"
"""What a draft leaves for a person to fill in; `check` fails while any is left."""


def is_placeholder(text: str) -> bool:
    return text.strip().casefold() == PLACEHOLDER.casefold()


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Reference:
    """A topic's claims, narrowed by selectors: russia.ree.reserves[source=USGS]."""

    topic: str
    selectors: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        narrowed = ", ".join(f"{key}={value}" for key, value in self.selectors)
        return f"{self.topic}[{narrowed}]" if narrowed else self.topic


@dataclass(frozen=True)
class Operation:
    operator: str
    left: Expression
    right: Expression


Expression = Number | Reference | Operation


@dataclass(frozen=True)
class Derivation:
    """A claim's `derive:` expression, as written and as parsed."""

    text: str
    expression: Expression
    location: Location


@dataclass(frozen=True)
class Claim:
    article_id: str
    id: str
    topic: str
    value: Value
    source: str
    quote: str
    location: Location
    as_of: str | None = None
    note: str | None = None
    source_given: bool = True
    """False when the claim file has no source field; `source` is then "unattributed"."""
    derive: Derivation | None = None
    reference: bool = False
    """True for claims of a reference file (kind: reference) rather than of an article."""
    article_url: str | None = None
    """Where the claim's article was published, when its file says."""


@dataclass(frozen=True)
class Placeholder:
    """A claim whose topic or value is still `TODO`: it cannot be compared, and `check` fails on it."""

    article_id: str
    id: str
    fields: tuple[str, ...]
    """Which of topic, value and source are placeholders."""
    value: str
    quote: str
    location: Location


@dataclass(frozen=True)
class Corpus:
    topics: dict[str, Topic] = field(default_factory=dict)
    articles: tuple[Article, ...] = ()
    claims: tuple[Claim, ...] = ()
    problems: tuple[Problem, ...] = ()
    folders: tuple[Path, ...] = ()
    """The claims folders read: each holds a topics.yaml, and its parent is the project."""
    placeholders: tuple[Placeholder, ...] = ()
    """Claims left unfinished, out of `claims`."""
    notes: tuple[str, ...] = field(default=(), compare=False)
    """Why claim files were read afresh rather than from the cache (shown by --verbose); not part of
    what the corpus says, so a cached and a fresh load compare equal."""
    contents: dict[Path, bytes] = field(default_factory=dict, compare=False)
    """The SHA-256 of each claim file's bytes as read, by path: what results computed from a file are
    kept by in the cache (see checkcache)."""
    texts: dict[Path, tuple[str, Location]] = field(default_factory=dict, compare=False)
    """Each article's `text:` as its claim file writes it, with where, by claim file: a run that reuses
    what it kept resolves them again (see checkcache)."""


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    return relative_path(path, os.getcwd())


@lru_cache(maxsize=4096)
def relative_path(path: Path, folder: str) -> str:
    """Made once per path and folder: a report names each file many times, and pathlib is slow at it."""
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)
