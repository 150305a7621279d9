"""One YAML file's nodes -> its article and claims, or the topic registry; every problem with its place.

YAML is read into nodes, never constructed: every scalar stays the string the writer typed
(`as_of: 2023-01` is not a date, `value: no` is not False), and every node keeps the line it came
from. Nothing here touches another file: an article's `text:` is kept as written, and the loader
checks where it leads on every run (see loader.resolve_text).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from reecheck.dates import GRANULARITIES, DateError, parse_date, parse_period
from reecheck.derive import DeriveError, parse_expression
from reecheck.grammar import GrammarError, parse_unit_text, parse_value
from reecheck.limits import FIELD_CHARACTERS, YAML_FILE, SizeLimit, TooLarge, read_bounded
from reecheck.model import (
    UNATTRIBUTED,
    Article,
    Claim,
    Derivation,
    IgnoredFigure,
    Location,
    Placeholder,
    Problem,
    Topic,
    Value,
    is_placeholder,
)
from reecheck.plain import MappingNode, Node, ScalarNode, SequenceNode
from reecheck.plain import read as read_yaml
from reecheck.suggest import closest_topics

TOPICS_FILE = "topics.yaml"
CLAIM_SUFFIXES = (".yaml", ".yml")
# `text` is required of articles; reference data (kind: reference) has none, but cites
# its publication, table and page instead.
ARTICLE_FIELDS = {"id": True, "title": True, "text": False, "outlet": False, "url": False, "author": False,
                  "published": False, "notes": False, "kind": False, "publication": False, "table": False,
                  "page": False}
ARTICLE_KINDS = ("article", "reference")
REFERENCE_FIELDS = ("publication", "table", "page")
# A claim without a source still loads: `reecheck check` reports it as unsourced.
CLAIM_FIELDS = {"id": True, "topic": True, "value": True, "source": False, "quote": True,
                "as_of": False, "note": False, "derive": False}
TOPIC_FIELDS = {"description": True, "unit": True}
FILE_FIELDS = {"article": True, "claims": True, "ignore": False}
IGNORE_FIELDS = {"figure": True, "reason": True}
DATE_PATTERN = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
TOPIC_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


class Invalid(Exception):
    """A node that cannot be read; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class FileReader:
    """Reads one YAML file's nodes, collecting problems instead of stopping."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    limit: SizeLimit = YAML_FILE

    def location(self, node: Node) -> Location:
        return Location(self.path, node.line, node.column)

    def report(self, node: Node | None, message: str) -> None:
        location = self.location(node) if node is not None else Location(self.path)
        self.problems.append(Problem(location, message))

    def read_bytes(self) -> bytes | None:
        try:
            return read_bounded(self.path, self.limit)
        except (OSError, TooLarge) as error:
            self.report(None, f"cannot read file: {describe_os_error(error)}")
            return None

    def read_nodes(self, content: bytes | None = None) -> Node | None:
        """The file's YAML nodes, from `content` when the caller has read it already."""
        if content is None and (content := self.read_bytes()) is None:
            return None
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            self.report(None, f"cannot read file: {describe_os_error(error)}")
            return None
        try:
            node = read_yaml(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            reason = f"{error.problem} ({error.context})" if error.context else str(error.problem)
            self.problems.append(Problem(Location(self.path, line, column), f"invalid YAML: {reason}"))
            return None
        except yaml.YAMLError as error:
            self.report(None, f"invalid YAML: {error}")
            return None
        if node is None:
            self.report(None, "the file is empty")
        return node

    def mapping(self, node: Node, what: str, fields: dict[str, bool]) -> dict[str, Node]:
        """The keys of a mapping node, checked against the fields it may have."""
        if not isinstance(node, MappingNode):
            raise Invalid(Problem(self.location(node), f"{what} must be a mapping of fields"))
        found: dict[str, Node] = {}
        for key_node, value_node in node.items:
            key = key_node.value
            if key in found:
                self.report(key_node, f"{what}: field '{key}' appears twice")
            elif key not in fields:
                self.report(key_node, f"{what}: unknown field '{key}'{close_match(key, fields)}")
            else:
                found[key] = value_node
        for name, required in fields.items():
            if required and name not in found:
                self.report(node, f"{what}: missing required field '{name}'")
        return found

    def text(self, nodes: dict[str, Node], name: str, what: str) -> str | None:
        """A one-line, non-empty string field, or None when absent or invalid."""
        node = nodes.get(name)
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, f"{what}: '{name}' must be a single value on one line")
            return None
        if node.line != node.end_line:
            self.report(node, f"{what}: '{name}' spans several lines; keep each field on one line")
            return None
        if len(node.value) > FIELD_CHARACTERS:
            self.report(node, f"{what}: '{name}' is longer than {FIELD_CHARACTERS:,} characters, the limit for a field")
            return None
        value = node.value.strip()
        if not value:
            self.report(node, f"{what}: '{name}' is empty")
            return None
        return value

    def date_text(self, nodes: dict[str, Node], name: str, what: str) -> str | None:
        value = self.text(nodes, name, what)
        if value is not None and not is_partial_date(value):
            self.report(nodes[name], f"{what}: '{name}' must be YYYY, YYYY-MM or YYYY-MM-DD, not \"{value}\"")
            return None
        return value

    def period_text(self, nodes: dict[str, Node], name: str, what: str) -> str | None:
        value = self.text(nodes, name, what)
        try:
            if value is not None:
                parse_period(value)
        except DateError as error:
            self.report(nodes[name], f"{what}: '{name}' must be a period (2024, 2024-03, 2024-03-15, Q4 2020, "
                                     f"2019-2020): {error}")
            return None
        return value

    def texts(self, node: Node, what: str, fields: dict[str, bool]) -> dict[str, str] | None:
        """A mapping of one-line text fields, all required; None, with problems reported, otherwise."""
        try:
            found = self.mapping(node, what, fields)
        except Invalid as invalid:
            self.problems.append(invalid.problem)
            return None
        values = {name: self.text(found, name, what) for name in fields}
        return None if None in values.values() else values  # type: ignore[return-value]

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise Invalid(Problem(self.location(node), f"{what} must be a list"))
        return node.items


def load_topics(folders: Iterable[Path], problems: list[Problem]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for folder in folders:
        reader = FileReader(folder / TOPICS_FILE)
        node = reader.read_nodes()
        if node is not None:
            try:
                read_topics(reader, node, topics)
            except Invalid as invalid:
                reader.problems.append(invalid.problem)
        problems.extend(reader.problems)
    return topics


def read_topics(reader: FileReader, node: Node, topics: dict[str, Topic]) -> None:
    if not isinstance(node, MappingNode):
        raise Invalid(Problem(reader.location(node), "topics.yaml must map each topic to its fields"))
    for key_node, value_node in node.items:
        name = key_node.value
        what = f"topic '{name}'"
        if name in topics:
            reader.report(key_node, f"{what} is registered twice")
            continue
        if not TOPIC_NAME.fullmatch(name):
            reader.report(key_node, f"{what}: names are lower-case letters, digits, '.', '_' and '-'")
            continue
        try:
            fields = reader.mapping(value_node, what, TOPIC_FIELDS)
        except Invalid as invalid:
            reader.problems.append(invalid.problem)
            continue
        description = reader.text(fields, "description", what)
        unit_text = reader.text(fields, "unit", what)
        if unit_text is None:
            continue
        try:
            unit = parse_unit_text(unit_text)
        except GrammarError as error:
            reader.report(fields["unit"], f"{what}: cannot read unit \"{unit_text}\": {error}")
            continue
        if description is not None:
            topics[name] = Topic(name, description, unit.symbol, unit.factor, unit.base_unit,
                                 GRANULARITIES.get(unit_text))


@dataclass(frozen=True)
class WrittenPath:
    """A path as a claim file writes it, with where: resolved afresh on every run."""

    text: str
    location: Location


@dataclass(frozen=True)
class ClaimFile:
    """What one claim file says, depending on nothing but its bytes and the topics it uses."""

    article: Article
    """Its text_path is None here; the loader resolves `text` on every run."""
    text: WrittenPath | None
    claims: tuple[Claim, ...]
    placeholders: tuple[Placeholder, ...] = ()


def read_claim_file(reader: FileReader, content: bytes, topics: dict[str, Topic]) -> ClaimFile | None:
    """A claim file's article and claims; None, with problems reported, when there is no article."""
    node = reader.read_nodes(content)
    if node is None:
        return None
    try:
        fields = reader.mapping(node, "claim file", FILE_FIELDS)
        if "article" not in fields:
            return None
        article, text = read_article(reader, fields["article"])
        claim_nodes = reader.sequence(fields["claims"], "'claims'") if "claims" in fields else []
        ignore_nodes = reader.sequence(fields["ignore"], "'ignore'") if "ignore" in fields else []
    except Invalid as invalid:
        reader.problems.append(invalid.problem)
        return None
    claims: list[Claim] = []
    placeholders: list[Placeholder] = []
    seen: dict[str, Node] = {}
    for claim_node in claim_nodes:
        claim = read_claim(reader, claim_node, article, topics)
        if claim is None:
            continue
        if claim.id in seen:
            first_line = seen[claim.id].line
            reader.report(claim_node, f"claim id '{claim.id}' is used twice in this file (first on line {first_line})")
            continue
        seen[claim.id] = claim_node
        if isinstance(claim, Placeholder):
            placeholders.append(claim)
        else:
            claims.append(claim)
    if article is None:
        return None
    reader.problems.extend(dimension_mismatches(claims, topics))
    ignored = tuple(item for node in ignore_nodes if (item := read_ignored(reader, node)) is not None)
    return ClaimFile(replace(article, ignored=ignored), text, tuple(claims), tuple(placeholders))


def read_ignored(reader: FileReader, node: Node) -> IgnoredFigure | None:
    values = reader.texts(node, "ignore entry", IGNORE_FIELDS)
    return None if values is None else IgnoredFigure(values["figure"], values["reason"], reader.location(node))


def read_article(reader: FileReader, node: Node) -> tuple[Article | None, WrittenPath | None]:
    what = "article"
    fields = reader.mapping(node, what, ARTICLE_FIELDS)
    article_id = reader.text(fields, "id", what)
    title = reader.text(fields, "title", what)
    kind = reader.text(fields, "kind", what) or "article"
    if kind not in ARTICLE_KINDS:
        reader.report(fields["kind"], f"article: kind must be article or reference, not \"{kind}\"")
        return None, None
    cited = {name: reader.text(fields, name, what) for name in REFERENCE_FIELDS}
    text = None
    if kind == "reference":
        for name in REFERENCE_FIELDS:
            if name not in fields:
                reader.report(node, f"article: reference data must cite its '{name}'")
    elif "text" not in fields:
        reader.report(node, "article: missing required field 'text'")
        return None, None
    elif (written := reader.text(fields, "text", what)) is None:
        return None, None
    else:
        text = WrittenPath(written, reader.location(fields["text"]))
    notes = tuple(read_notes(reader, fields["notes"])) if "notes" in fields else ()
    if article_id is not None and article_id != reader.path.stem:
        reader.report(fields["id"], f"article id '{article_id}' must match the file name '{reader.path.stem}'")
        return None, None
    if article_id is None or title is None or (kind == "reference" and None in cited.values()):
        return None, None
    article = Article(
        id=article_id,
        title=title,
        text_path=None,
        location=reader.location(node),
        outlet=reader.text(fields, "outlet", what),
        url=reader.text(fields, "url", what),
        author=reader.text(fields, "author", what),
        published=reader.date_text(fields, "published", what),
        notes=notes,
        kind=kind,
        publication=cited["publication"],
        table=cited["table"],
        page=cited["page"],
    )
    return article, text


def read_notes(reader: FileReader, node: Node) -> Iterator[str]:
    for item in reader.sequence(node, "article: 'notes'"):
        note = reader.text({"notes": item}, "notes", "article")
        if note is not None:
            yield note


def read_claim(reader: FileReader, node: Node, article: Article | None,
               topics: dict[str, Topic]) -> Claim | Placeholder | None:
    written_id = scalar_field(node, "id")
    what = f"claim '{written_id}'" if written_id else "claim"
    try:
        fields = reader.mapping(node, what, CLAIM_FIELDS)
    except Invalid as invalid:
        reader.problems.append(invalid.problem)
        return None
    claim_id = reader.text(fields, "id", what)
    text = {name: reader.text(fields, name, what) for name in ("topic", "value", "source", "quote", "note")}
    as_of = reader.period_text(fields, "as_of", what)
    topic = text["topic"]
    unfinished = tuple(name for name in ("topic", "value", "source") if is_placeholder(text[name] or ""))
    if {"topic", "value"} & set(unfinished):
        # Left for a person to finish: check fails on it, and nothing can compare it meanwhile.
        if claim_id is None or text["value"] is None or text["quote"] is None or article is None:
            return None
        return Placeholder(article.id, claim_id, unfinished, text["value"], text["quote"], reader.location(node))
    if topic is not None and topic not in topics:
        close = close_match(topic, topics)
        reader.report(fields["topic"], f"{what}: unknown topic '{topic}'{close}; register it in {TOPICS_FILE}"
                                       f"{'' if close else fitting(topic, text, topics)}")
        return None
    value = None
    if text["value"] is not None:
        try:
            value = parse_claim_value(text["value"], topics[topic] if topic else None)
        except GrammarError as error:
            reader.report(fields["value"], f"{what}: cannot read value \"{text['value']}\": {error}")
    source_given = "source" in fields
    if (claim_id is None or topic is None or value is None or (source_given and text["source"] is None)
            or text["quote"] is None or article is None):
        return None
    return Claim(
        article_id=article.id,
        id=claim_id,
        topic=topic,
        value=value,
        source=text["source"] or UNATTRIBUTED,
        quote=text["quote"],
        location=reader.location(node),
        as_of=as_of,
        note=text["note"],
        source_given=source_given,
        derive=read_derivation(reader, fields, what, article.id),
        reference=article.is_reference,
        article_url=article.url,
    )


def fitting(topic: str, text: dict[str, str | None], topics: dict[str, Topic]) -> str:
    """The registered topics closest to an unknown one in its value's dimension, as a choice to offer."""
    try:
        value = parse_value(text["value"] or "")
    except GrammarError:
        return ""
    closest = closest_topics(topic, value, text["quote"] or "", topics)
    return f", or use one of the same dimension: {', '.join(closest)}" if closest else ""


def read_derivation(reader: FileReader, fields: dict[str, Node], what: str, article: str) -> Derivation | None:
    written = reader.text(fields, "derive", what)
    if written is None:
        return None
    try:
        return Derivation(written, parse_expression(written, article), reader.location(fields["derive"]))
    except DeriveError as error:
        reader.report(fields["derive"], f"{what}: cannot read derive: {error}")
        return None


def parse_claim_value(text: str, topic: Topic | None) -> Value:
    """In a topic of dates, "2026" is the year 2026; elsewhere it is the number."""
    if topic is not None and topic.granularity is not None:
        try:
            return parse_date(text)
        except DateError as error:
            raise GrammarError(str(error)) from None
    return parse_value(text)


def scalar_field(node: Node, name: str) -> str | None:
    """A mapping's scalar field before the mapping is checked, to name it in messages."""
    if isinstance(node, MappingNode):
        for key, value in node.items:
            if key.value == name and isinstance(value, ScalarNode) and value.value.strip():
                return value.value.strip()
    return None


def dimension_mismatches(claims: Sequence[Claim], topics: dict[str, Topic]) -> Iterator[Problem]:
    """A claim whose unit cannot be shown in its topic's unit, named beside one of the file that can."""
    for claim in claims:
        topic = topics[claim.topic]
        if claim.value.base_unit == topic.base_unit:
            continue
        fitting = next((other for other in claims
                        if other.topic == claim.topic and other.value.base_unit == topic.base_unit), None)
        beside = f", like claim '{fitting.id}' ({fitting.location})" if fitting else ""
        yield Problem(
            claim.location,
            f"claim '{claim.id}': \"{claim.value.text}\" is in {claim.value.base_unit}, but topic "
            f"'{topic.name}' is in {topic.base_unit} ({topic.unit or 'a plain number'}){beside}",
        )


@lru_cache(maxsize=4096)
def is_partial_date(text: str) -> bool:
    if not DATE_PATTERN.fullmatch(text):
        return False
    parts = [int(part) for part in text.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def close_match(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe_os_error(error: OSError | UnicodeDecodeError | TooLarge) -> str:
    if isinstance(error, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(error, TooLarge):
        return str(error)
    return error.strerror or str(error)
