"""Loaded claim files, kept by content: a file read before is not composed or parsed again.

Each claims folder has one pack in the cache, named by the folder, its topics.yaml's bytes and the
code that reads them, which maps every claim file loaded from it to the SHA-256 of the file's bytes
and its article and claims as marshal data of plain values, checked for shape when read and never
run. One file per
folder, not one per claim file, because creating thousands of small files costs more than reading
them. Only files that loaded without problems are kept, and an entry whose article text has gone is
not trusted.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Container, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from reecheck import __version__
from reecheck.cache import cache_file, enabled, read_marshal, write_atomically
from reecheck.derive import parse_expression
from reecheck.model import (
    Article,
    Claim,
    Derivation,
    Expression,
    IgnoredFigure,
    Location,
    Operation,
    Qualifier,
    Reference,
    Value,
)

FORMAT = 6  # raise with every change to what an entry holds
T = TypeVar("T")


RawBounds = tuple[float | None, float | None, float | None, float | None, bool]
"""A topic's Bounds as plain values, merged over many files before any object is made."""


class FileClaims:
    """One claim file's article and claims, its claims grouped by topic and rebuilt only when asked for:
    each topic's claims stay marshal bytes until then."""

    def __init__(self, article: Article, groups: dict[str, bytes], bounds: dict[str, RawBounds],
                 references: set[str], path: Path) -> None:
        self.article, self.groups, self.bounds, self.references, self.path = article, groups, bounds, references, path

    def claims(self, topics: Container[str] | None = None) -> list[Claim]:
        """The claims of `topics` (all when None), in the order of the file."""
        chosen = [claim_from(fields, self.article, self.path) for topic, group in self.groups.items()
                  if topics is None or topic in topics for fields in marshal.loads(group)]
        return sorted(chosen, key=lambda claim: claim.location.line)


def raw_bounds(value: Value, derived: bool) -> RawBounds:
    """One figure's bounds, in base units, its ends approximate or exact as the figure is."""
    low = None if value.base_low is None else float(value.base_low)
    high = None if value.base_high is None else float(value.base_high)
    if value.qualifier is Qualifier.APPROXIMATE:
        return None, low, None, high, derived
    return low, None, high, None, derived


def topic_bounds(claims: Sequence[Claim]) -> dict[str, RawBounds]:
    gathered: dict[str, list[RawBounds]] = {}
    for claim in claims:
        gathered.setdefault(claim.topic, []).append(raw_bounds(claim.value, claim.derive is not None))
    return {topic: merged_bounds(many) for topic, many in gathered.items()}


def merged_bounds(many: Sequence[RawBounds]) -> RawBounds:
    """The bounds of many figures, or of one topic over many files, with the builtins' loops."""
    if len(many) == 1:  # most topics of a file have one claim
        return many[0]

    def ends(index: int) -> list[float]:
        return [found[index] for found in many if found[index] is not None]  # type: ignore[misc]

    return (max(ends(0), default=None), max(ends(1), default=None), min(ends(2), default=None),
            min(ends(3), default=None), any(found[4] for found in many))


def derive_references(claims: Sequence[Claim]) -> set[str]:
    return {reference for claim in claims if claim.derive for reference in referenced_topics(claim.derive.expression)}


def referenced_topics(expression: Expression) -> Iterator[str]:
    if isinstance(expression, Reference):
        yield expression.topic
    elif isinstance(expression, Operation):
        yield from referenced_topics(expression.left)
        yield from referenced_topics(expression.right)


def content_key(content: bytes) -> bytes:
    return hashlib.sha256(content).digest()


class Pack:
    """The cached claim files of one claims folder, read once per run and written back only when
    something changed; a pack that cannot be read is an empty one, and the last run to write wins."""

    def __init__(self, claims_folder: Path, topics_digest: str) -> None:
        self.path = cache_file("claims", str(claims_folder), topics_digest, FORMAT)
        self.entries = self.read()
        self.changed = False

    def read(self) -> dict[str, tuple[bytes, bytes]]:
        stored = read_marshal(self.path)
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[:2] == (FORMAT, __version__)
                and isinstance(stored[2], dict)):
            return {}
        return {path: entry for path, entry in stored[2].items()
                if isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(part, bytes) for part in entry)}

    def lookup(self, path: Path, key: bytes) -> FileClaims | None:
        """The cached claims of `path` as it now reads, or None when there is no trustworthy entry."""
        entry = self.entries.get(str(path))
        if entry is None or entry[0] != key:
            return None
        try:
            return decode(entry[1], path)
        except (ValueError, EOFError, TypeError, IndexError, ArithmeticError):
            return None

    def remember(self, path: Path, key: bytes, data: bytes | None) -> None:
        """Keep a file's fresh reading, or forget the file when it did not load cleanly."""
        if data is None:
            self.changed |= self.entries.pop(str(path), None) is not None
        else:
            self.entries[str(path)] = (key, data)
            self.changed = True

    def save(self) -> None:
        if not (self.changed and enabled()):
            return
        # Files deleted since they were packed would otherwise stay in the pack for ever.
        kept = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        write_atomically(self.path, marshal.dumps((FORMAT, __version__, kept)))


def encode(article: Article, claims: Sequence[Claim]) -> bytes:
    groups: dict[str, list[Any]] = {}
    for claim in claims:
        groups.setdefault(claim.topic, []).append(claim_fields(claim))
    # Each topic's claims as bytes of their own, so that a run unpacks only the topics it needs.
    packed = {topic: marshal.dumps(fields) for topic, fields in groups.items()}
    return marshal.dumps((FORMAT, __version__, article_fields(article), packed, topic_bounds(claims),
                          sorted(derive_references(claims))))


def decode(data: bytes, path: Path) -> FileClaims | None:
    form, version, article_data, groups, bounds, references = marshal.loads(data)
    if (form, version) != (FORMAT, __version__):
        return None
    if not (isinstance(groups, dict) and isinstance(bounds, dict) and groups.keys() == bounds.keys()
            and all(isinstance(group, bytes) for group in groups.values())
            and all(isinstance(found, tuple) and len(found) == 5 for found in bounds.values())):
        return None
    article = article_from(article_data, path)
    if article.text_path is not None and not article.text_path.is_file():
        return None
    return FileClaims(article, groups, bounds, set(references), path)


@lru_cache(maxsize=1 << 16)
def value_from(text: str, unit: str, qualifier: str, base_unit: str, low: str | None, high: str | None,
               base_low: str | None, base_high: str | None, precision: str) -> Value:
    """One Value for each figure, however many claims state it."""
    return Value(text, number(low), number(high), unit, Qualifier(qualifier), number(base_low),
                 number(base_high), base_unit, Decimal(precision))


def article_fields(article: Article) -> tuple[Any, ...]:
    ignored = [(item.figure, item.reason, item.location.line, item.location.column) for item in article.ignored]
    return (article.id, article.title, None if article.text_path is None else str(article.text_path),
            article.location.line, article.location.column, article.outlet, article.url, article.author,
            article.published,
            list(article.notes), ignored, article.kind, article.publication, article.table, article.page)


def article_from(fields: Sequence[Any], path: Path) -> Article:
    (identifier, title, text_path, line, column, outlet, url, author, published, notes, ignored, kind,
     publication, table, page) = fields
    return Article(
        id=identifier, title=title, text_path=None if text_path is None else Path(text_path),
        location=Location(path, line, column), outlet=outlet, url=url, author=author, published=published,
        notes=tuple(notes),
        ignored=tuple(IgnoredFigure(figure, reason, Location(path, at, on)) for figure, reason, at, on in ignored),
        kind=kind, publication=publication, table=table, page=page,
    )


def claim_fields(claim: Claim) -> tuple[Any, ...]:
    value = claim.value
    numbers = [None if number is None else str(number)
               for number in (value.low, value.high, value.base_low, value.base_high, value.precision)]
    derive = None if claim.derive is None else (
        claim.derive.text, claim.derive.location.line, claim.derive.location.column)
    return (claim.id, claim.topic, value.text, value.unit, value.qualifier.value, value.base_unit, *numbers,
            claim.source, claim.quote, claim.location.line, claim.location.column, claim.as_of, claim.note,
            claim.source_given, derive, claim.reference)


def claim_from(fields: Sequence[Any], article: Article, path: Path) -> Claim:
    identifier, topic, *figure, source, quote, line, column, as_of, note, source_given, derive, reference = fields
    derivation = None if derive is None else Derivation(
        derive[0], parse_expression(derive[0]), Location(path, derive[1], derive[2]))
    return restored(Claim, article_id=article.id, id=identifier, topic=topic, value=value_from(*figure),
                    source=source, quote=quote, location=restored(Location, path=path, line=line, column=column),
                    as_of=as_of, note=note, source_given=source_given, derive=derivation, reference=reference)


def restored(kind: type[T], **fields: Any) -> T:
    """An instance of a frozen dataclass from fields already checked when they were cached, set the
    way pickle sets them: a frozen dataclass's __init__ costs most of a warm run's reading."""
    instance = object.__new__(kind)
    instance.__dict__.update(fields)
    return instance


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
