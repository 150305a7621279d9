"""The plain-layout reader must read every file it accepts exactly as libyaml composes it."""

from __future__ import annotations

import yaml
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from reecheck.plain import MappingNode, Node, NotPlain, RawLoader, ScalarNode, converted, read, read_plain


def shape(node: Node | None) -> object:
    """A node as plain values, positions included, to compare two readings."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return ("scalar", node.value, node.line, node.column, node.end_line)
    if isinstance(node, MappingNode):
        return ("mapping", node.line, node.column, [(shape(key), shape(value)) for key, value in node.items])
    return ("sequence", node.line, node.column, [shape(item) for item in node.items])


def composed(text: str) -> object:
    node = yaml.compose(text, Loader=RawLoader)
    return None if node is None else shape(converted(node))


VALUES = ["", "plain text", "a: b", "a #b", "a#b", "x:", "10:30", '"quoted: #"', '"q\\"x"', "'it''s'", "'bad' x",
          '"two" ', "- x", "-5", "[1, 2]", "{a: 1}", "&anchor x", "*alias", "!tag x", "|", ">", "% x", "@x", "`x",
          "?x", ",x", "≈5 %", "2023-01", "no", "~", "# comment", "value   ", "a  b", "US $16.6 per kg", "x\ty",
          "a\u2028b", "'", '"', "é"]
KEYS = [None, "id", "as_of", "russia.ree.reserves", "2024", "a-b", "\"id\"", "k y"]
LINES = st.builds(
    lambda indent, dash, key, value: " " * indent + ("- " if dash else "") + (f"{key}:" if key else "")
    + (" " if key and value else "") + value,
    st.sampled_from([0, 1, 2, 4, 6]), st.booleans(), st.sampled_from(KEYS), st.sampled_from(VALUES))


READABLE = ["plain text", "a#b", "10:30", '"quoted: #"', "'it''s'", '"two" ', "≈5 %", "2023-01", "no", "~",
            "value   ", "a  b", "US $16.6 per kg", "é"]
TREES = st.recursive(
    st.one_of(st.sampled_from(READABLE), st.sampled_from(READABLE), st.sampled_from(READABLE), st.sampled_from(VALUES)),
    lambda children: st.one_of(st.lists(children, min_size=1, max_size=3),
                               st.lists(st.tuples(st.sampled_from(KEYS[1:]), children), min_size=1, max_size=3)),
    max_leaves=12)


def layout(tree: object, indent: int, step: int, indentless: bool) -> list[str]:
    """A tree as block YAML: scalars after their key or dash, lists and mappings on the lines below."""
    pad = " " * indent
    if isinstance(tree, str):
        return [pad + tree]
    lines = []
    for entry in tree:  # type: ignore[attr-defined]
        if isinstance(entry, tuple):
            key, value = entry
            if isinstance(value, str):
                lines.append(f"{pad}{key}: {value}" if value else f"{pad}{key}:")
            else:
                lines.append(f"{pad}{key}:")
                nested = indent if indentless and isinstance(value, list) and value and not isinstance(
                    value[0], tuple) else indent + step
                lines += layout(value, nested, step, indentless)
        elif isinstance(entry, str):
            lines.append(f"{pad}- {entry}".rstrip())
        else:
            inner = layout(entry, indent + 2, step, indentless)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
    return lines


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    """Block YAML of every shape, now and then with one line replaced or moved sideways."""
    lines = layout(draw(TREES), 0, draw(st.sampled_from([1, 2, 4])), draw(st.booleans()))
    if lines and draw(st.booleans()):
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = draw(st.one_of(LINES, st.sampled_from(["", "# note", "---"]),
                                   st.sampled_from([" " + lines[at], lines[at][1:]])))
    return lines


@settings(deadline=None)
@given(st.one_of(documents(), st.lists(st.one_of(LINES, st.sampled_from(["", "# note", "---"])), max_size=12)))
@example(["claims:", "- id: a", "  topic: b", "ignore:", "- figure: c"])
@example(["article:", "  notes:", "  - one", "  - two", "claims:", "  - id: x", "    note: 'it''s'"])
def test_plain_reading_is_libyaml_composition(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        plain = shape(read_plain(text))
    except NotPlain:
        event("not plain: libyaml reads it")  # nothing to compare; hypothesis counts these
        return
    assert plain == composed(text)


def test_a_claim_file_is_read_without_libyaml() -> None:
    text = ('article:\n  id: a\n  notes:\n    - "one: two"\nclaims:\n  - id: c   \n'
            "    value: about 3.8 million tonnes\n    quote: 'it''s'\n")
    assert shape(read_plain(text)) == composed(text) == (
        "mapping", 1, 1, [
            (("scalar", "article", 1, 1, 1), ("mapping", 2, 3, [
                (("scalar", "id", 2, 3, 2), ("scalar", "a", 2, 7, 2)),
                (("scalar", "notes", 3, 3, 3), ("sequence", 4, 5, [("scalar", "one: two", 4, 7, 4)]))])),
            (("scalar", "claims", 5, 1, 5), ("sequence", 6, 3, [("mapping", 6, 5, [
                (("scalar", "id", 6, 5, 6), ("scalar", "c", 6, 9, 6)),
                (("scalar", "value", 7, 5, 7), ("scalar", "about 3.8 million tonnes", 7, 12, 7)),
                (("scalar", "quote", 8, 5, 8), ("scalar", "it's", 8, 12, 8))])]))])


def test_anything_else_is_left_to_libyaml() -> None:
    text = "claims: [a, b]  # flow\n"
    try:
        read_plain(text)
    except NotPlain:
        pass
    else:
        raise AssertionError("a flow list was read as plain")
    assert shape(read(text)) == composed(text)
    assert read("# only a comment\n") is None
