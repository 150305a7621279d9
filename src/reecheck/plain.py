"""The nodes reecheck reads YAML files into, and a reader for their plain layout.

Claim files keep one fact per line: block mappings and lists, one plain or quoted scalar per line.
That layout is read here with one regular expression over the whole text and a loop over its lines,
into the same nodes libyaml's are converted to, in about half the time libyaml takes to compose a
file and have its nodes converted. A file with anything else in it (flow collections, anchors, tags,
escapes, comments after values, scalars over several lines, tabs) is not plain, and libyaml reads
it, so YAML's full rules and its error messages hold for every file. Only the text of each
scalar is kept: nothing is resolved to numbers, dates or booleans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from reecheck.limits import YAML_DEPTH


class ScalarNode:
    __slots__ = ("column", "end_line", "line", "value")

    def __init__(self, value: str, line: int, column: int, end_line: int) -> None:
        self.value, self.line, self.column, self.end_line = value, line, column, end_line


class MappingNode:
    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[tuple[ScalarNode, Node]], line: int, column: int) -> None:
        self.items, self.line, self.column = items, line, column


class SequenceNode:
    __slots__ = ("column", "items", "line")

    def __init__(self, items: list[Node], line: int, column: int) -> None:
        self.items, self.line, self.column = items, line, column


Node = ScalarNode | MappingNode | SequenceNode
"""Lines and columns count from 1, as messages show them."""


class NotPlain(Exception):
    """The text uses YAML beyond the plain layout; libyaml must read it."""


# A scalar that means the text written: double-quoted without escapes, single-quoted, or plain
# (no indicator first, no ": " or " #" inside, no ":" last).
SCALAR = (r"""(?:"[^"\\\n]*"|'(?:[^'\n]|'')*'"""
          r"""|[^\s\-?:,\[\]{}#&*!|>'"%@`][^:#\n]*(?:(?::(?!\ )|(?<!\ )\#)[^:#\n]*)*(?<![\ :]))""")
# Each line: indentation, a list item's dash, a mapping key, the spaces after it, and a scalar,
# a comment or nothing. A file is plain when every line matches.
LINE = re.compile(rf"^( *)(-\ +)?(?:([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?=\ |$))?(\ *)({SCALAR}|\#.*|)\ *$", re.M)
# Tabs, carriage returns, a byte-order mark and characters YAML forbids are left to libyaml, and
# so are other line breaks (NEL, U+2028, U+2029), which would number lines differently.
UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def read(text: str) -> Node | None:
    """The file's root node (None for a file without content), from the plain layout or libyaml."""
    try:
        return read_plain(text)
    except NotPlain:
        refuse_aliases_and_depth(text)
        composed = yaml.compose(text, Loader=RawLoader)
        return None if composed is None else converted(composed)


class Refused(yaml.MarkedYAMLError):
    """YAML that reecheck does not read, although YAML allows it, marked where the event starts."""

    def __init__(self, problem: str, event: yaml.Event) -> None:
        start = event.start_mark
        assert start is not None  # libyaml marks every event
        super().__init__(problem=problem, problem_mark=yaml.Mark("", 0, start.line, start.column, None, 0))


def refuse_aliases_and_depth(text: str) -> None:
    """Raises Refused at the first alias (expanding them is how a small file becomes a huge one) and
    at nesting deeper than YAML_DEPTH, before libyaml's composer recurses into it; one pass over
    libyaml's events, which keep no nesting of their own."""
    try:
        count_depth(yaml.parse(text, Loader=RawLoader))
    except yaml.MarkedYAMLError as error:
        # libyaml from PyYAML 6.0.4 stops at its own nesting cap (1,000) while scanning ahead, before
        # any event reaches the count: Python's parser, which has no cap, finds where the limit is passed.
        if "maximum nesting depth" not in str(error.problem):
            raise
        count_depth(yaml.parse(text, Loader=yaml.SafeLoader))


def count_depth(events: Iterator[yaml.Event]) -> None:
    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise Refused("aliases are not allowed", event)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_DEPTH:
                raise Refused(f"nested deeper than {YAML_DEPTH} levels, the limit", event)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_plain(text: str) -> Node | None:
    rows = LINE.findall(text)
    if len(rows) != text.count("\n") + 1 or UNUSUAL.search(text):
        raise NotPlain
    root: MappingNode | SequenceNode | None = None
    open_blocks: list[tuple[int, MappingNode | SequenceNode]] = []  # the innermost last, with its indentation
    # The mapping of the line above, for the common line: another field of it (-1: none; no line matches).
    indent_now, block_now = -1, MappingNode([], 0, 0)
    waiting: tuple[int, ScalarNode, MappingNode] | None = None  # a key whose value starts on a later line
    for number, (spaces, dash, key, gap, written) in enumerate(rows, 1):
        if key and not dash and len(spaces) == indent_now and written and written[0] not in "#\"'":
            column = indent_now + 1
            block_now.items.append((ScalarNode(key, number, column, number),
                                    ScalarNode(written, number, column + len(key) + 1 + len(gap), number)))
            continue
        if not (dash or key):
            if written[:1] not in ("", "#"):
                raise NotPlain  # a scalar alone on its line: the rest of a scalar above, or the whole document
            continue
        if written[:1] == "#":
            raise NotPlain  # an empty value with a comment
        indent = len(spaces)
        if waiting is not None:
            parent_indent, parent_key, parent = waiting
            if not (indent > parent_indent or (indent == parent_indent and dash)):
                raise NotPlain  # an empty value
            block: MappingNode | SequenceNode = (SequenceNode([], number, indent + 1) if dash
                                                 else MappingNode([], number, indent + 1))
            parent.items.append((parent_key, block))
            open_nested(open_blocks, indent, block)
            waiting = None
        elif root is None:
            if indent:
                raise NotPlain
            root = SequenceNode([], number, 1) if dash else MappingNode([], number, 1)
            open_blocks.append((0, root))
        else:
            # A list written at its key's indentation ends at the next line of that indentation without a dash.
            while open_blocks and (open_blocks[-1][0] > indent or (
                    open_blocks[-1][0] == indent and not dash and isinstance(open_blocks[-1][1], SequenceNode))):
                open_blocks.pop()
        if not open_blocks or open_blocks[-1][0] != indent:
            raise NotPlain
        block = open_blocks[-1][1]
        column = indent + len(dash) + 1
        if dash:
            if not isinstance(block, SequenceNode):
                raise NotPlain
            if not key:
                if not written:
                    raise NotPlain  # an empty item
                block.items.append(scalar(written, number, column + len(gap)))
                indent_now = -1
                continue
            block.items.append(block := MappingNode([], number, column))
            open_nested(open_blocks, column - 1, block)
        elif not isinstance(block, MappingNode):
            raise NotPlain
        key_node = ScalarNode(key, number, column, number)
        if written:
            block.items.append((key_node, scalar(written, number, column + len(key) + 1 + len(gap))))
            indent_now, block_now = column - 1, block
        else:
            waiting = (column - 1, key_node, block)
            indent_now = -1
    if waiting is not None:
        raise NotPlain
    return root


def open_nested(open_blocks: list[tuple[int, MappingNode | SequenceNode]], indent: int,
                block: MappingNode | SequenceNode) -> None:
    """A block inside the innermost one; too deep a file goes to libyaml's reading, which refuses it
    with its place."""
    open_blocks.append((indent, block))
    if len(open_blocks) > YAML_DEPTH:
        raise NotPlain


def scalar(written: str, line: int, column: int) -> ScalarNode:
    first = written[0]
    if first == '"':
        written = written[1:-1]
    elif first == "'":
        written = written[1:-1].replace("''", "'")
    return ScalarNode(written, line, column, line)


RAW_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
            yaml.MappingNode: "tag:yaml.org,2002:map"}


class RawLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader, resolving no implicit types: every scalar stays the text written.

    Composition is all reecheck asks of it; skipping the resolver's regular expressions for
    every scalar is most of its time."""

    def resolve(self, kind: type[yaml.Node], value: object, implicit: object) -> str:
        return RAW_TAGS[kind]


def converted(node: yaml.Node) -> Node:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        return MappingNode([(key_of(key), converted(value)) for key, value in node.value], line, column)
    if isinstance(node, yaml.SequenceNode):
        return SequenceNode([converted(item) for item in node.value], line, column)
    return ScalarNode(str(node.value), line, column, node.end_mark.line + 1)


def key_of(node: yaml.Node) -> ScalarNode:
    """A mapping key; a list or mapping as a key is named by its contents, and is no field's name."""
    key = converted(node)
    return key if isinstance(key, ScalarNode) else ScalarNode(str(node.value), key.line, key.column, key.line)
