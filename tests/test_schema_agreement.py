"""The published claim-file schema and the loader over the same variations of one claim file: they
agree wherever a schema can express the rule, and where it cannot, the gap is listed here.

Editors read YAML 1.2 (the YAML language server does), so the schema sees `value: no` as the text
"no" and `id: 123` as a number; reecheck composes nodes and reads every scalar as the text written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.loader import load
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "src" / "reecheck" / "schemas" / "claims.schema.json").read_text(encoding="utf-8"))
TOPICS = 't.share:\n  description: Share\n  unit: "%"\n'
BASE = """\
article:
  id: a
  title: T
  text: seeds/a.txt
  published: 2025-11-20
claims:
  - id: c
    topic: t.share
    value: 2%
    source: S
    quote: "Output is 2%"
    as_of: 2024
ignore:
  - figure: 5%
    reason: r
"""
VALUE = "    value: 2%\n"
QUOTE = '    quote: "Output is 2%"\n'
AS_OF = "    as_of: 2024\n"
CLAIM_ID = "  - id: c\n"
AGREE = True
EDITOR_ACCEPTS = (False, True)
"""Where a schema cannot tell (a registry, the value grammar, a calendar, lines in the file), the editor
accepts what reecheck refuses."""
# Each variation: the text replaced, what replaces it, and AGREE where a schema can express the rule,
# else what (the loader, the schema) say.
VARIATIONS: dict[str, tuple[str, str, bool | tuple[bool, bool]]] = {
    "as shipped": (VALUE, VALUE, AGREE),
    "id 123": (CLAIM_ID, "  - id: 123\n", AGREE),
    "id 1.5": (CLAIM_ID, "  - id: 1.5\n", AGREE),
    "id true": (CLAIM_ID, "  - id: true\n", AGREE),
    "id empty string": (CLAIM_ID, '  - id: ""\n', AGREE),
    "id empty": (CLAIM_ID, "  - id:\n", AGREE),
    "id a list": (CLAIM_ID, "  - id: [c]\n", AGREE),
    "id a mapping": (CLAIM_ID, "  - id: {c: 1}\n", AGREE),
    # YAML 1.2 reads `null` and nothing alike; reecheck takes the text "null" as the id
    "id null, a text to reecheck": (CLAIM_ID, "  - id: null\n", (True, False)),
    "no id": (CLAIM_ID, "  -\n", AGREE),
    "topic a number": ("    topic: t.share\n", "    topic: 123\n", EDITOR_ACCEPTS),
    "topic not registered": ("    topic: t.share\n", "    topic: t.other\n", EDITOR_ACCEPTS),
    "no topic": ("    topic: t.share\n", "", AGREE),
    "value a number": (VALUE, "    value: 5\n", AGREE),
    "value quoted": (VALUE, '    value: "about 2 %"\n', AGREE),
    "value no": (VALUE, "    value: no\n", EDITOR_ACCEPTS),
    "value with an unknown unit": (VALUE, "    value: 2 millon %\n", EDITOR_ACCEPTS),
    "value a list": (VALUE, "    value: [2%]\n", AGREE),
    "value empty": (VALUE, '    value: ""\n', AGREE),
    "no value": (VALUE, "", AGREE),
    "quote 2024": (QUOTE, "    quote: 2024\n", AGREE),
    "quote folded to one line": (QUOTE, "    quote: >-\n      Output\n      is 2%\n", EDITOR_ACCEPTS),
    "quote folded, ending in a line break": (QUOTE, "    quote: >\n      Output\n      is 2%\n", AGREE),
    "quote literal": (QUOTE, "    quote: |\n      Output\n      is 2%\n", AGREE),
    "quote plain over two lines": (QUOTE, "    quote: Output\n      is 2%\n", EDITOR_ACCEPTS),
    "quote empty": (QUOTE, '    quote: ""\n', AGREE),
    "no quote": (QUOTE, "", AGREE),
    "no source": ("    source: S\n", "", AGREE),
    "source a number": ("    source: S\n", "    source: 12\n", AGREE),
    "source empty": ("    source: S\n", '    source: ""\n', AGREE),
    "as_of a month": (AS_OF, "    as_of: 2024-01\n", AGREE),
    "as_of month 13": (AS_OF, "    as_of: 2024-13\n", AGREE),
    "as_of 30 February": (AS_OF, '    as_of: "2024-02-30"\n', AGREE),
    "as_of 29 February of a leap year": (AS_OF, "    as_of: 2024-02-29\n", AGREE),
    "as_of 29 February of another year": (AS_OF, "    as_of: 2023-02-29\n", EDITOR_ACCEPTS),
    "as_of 31 April": (AS_OF, "    as_of: 2024-04-31\n", AGREE),
    "as_of 31 December": (AS_OF, "    as_of: 2024-12-31\n", AGREE),
    "as_of two digits": (AS_OF, "    as_of: 24\n", AGREE),
    "as_of a one-digit month": (AS_OF, "    as_of: 2024-1\n", AGREE),
    "as_of in words": (AS_OF, "    as_of: early 2024\n", AGREE),
    "an unknown claim field": (AS_OF, AS_OF + "    sauce: S\n", AGREE),
    "a field twice": (AS_OF, AS_OF + "    as_of: 2023\n", EDITOR_ACCEPTS),
    "a derive": (AS_OF, AS_OF + "    derive: 0.5 * 2\n", AGREE),
    "a derive that cannot be read": (AS_OF, AS_OF + '    derive: "((("\n', EDITOR_ACCEPTS),
    "claims misspelt beside an empty list": ("claims:\n", "claims: []\nclaimz:\n", AGREE),
    "an unknown top-level field": ("ignore:\n", "extra: 1\nignore:\n", AGREE),
    "published month 13": ("  published: 2025-11-20\n", "  published: 2025-13-01\n", AGREE),
    "published a year": ("  published: 2025-11-20\n", "  published: 2025\n", AGREE),
    "kind reference without a publication": ("  text: seeds/a.txt\n", "  kind: reference\n", AGREE),
    "kind blog": ("  text: seeds/a.txt\n", "  text: seeds/a.txt\n  kind: blog\n", AGREE),
    "no text": ("  text: seeds/a.txt\n", "", AGREE),
    "a url": ("  title: T\n", "  title: T\n  url: https://example.org/a\n", AGREE),
    "title 2024": ("  title: T\n", "  title: 2024\n", AGREE),
    "notes a list": ("  title: T\n", "  title: T\n  notes:\n    - a\n", AGREE),
    "notes one text": ("  title: T\n", "  title: T\n  notes: a\n", AGREE),
    "an ignore entry without a reason": ("    reason: r\n", "", AGREE),
}
CORE_SCALARS = [  # YAML 1.2's core schema, as editors read plain scalars
    (re.compile(r"null|Null|NULL|~|"), lambda text: None),
    (re.compile(r"true|True|TRUE|false|False|FALSE"), lambda text: text.lower() == "true"),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
]


def yaml_12(node: yaml.Node) -> Any:
    """A composed node as a YAML 1.2 reader constructs it (core schema)."""
    if isinstance(node, yaml.MappingNode):
        return {yaml_12(key): yaml_12(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [yaml_12(item) for item in node.value]
    if node.style is None:
        for pattern, construct in CORE_SCALARS:
            if pattern.fullmatch(node.value):
                return construct(node.value)
    return node.value


def schema_accepts(text: str) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(yaml_12(yaml.compose(text, Loader=yaml.SafeLoader)))


def loader_accepts(project: Path, text: str) -> bool:
    (project / "claims" / "a.yaml").write_text(text, encoding="utf-8")
    return load([project / "claims"]).problems == ()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("claims", "seeds"):
        (tmp_path / folder).mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "seeds" / "a.txt").write_text("Output is 2%.\n", encoding="utf-8")
    return tmp_path


def test_there_are_enough_variations() -> None:
    assert len(VARIATIONS) >= 46


@pytest.mark.parametrize("name", VARIATIONS)
def test_the_schema_and_the_loader_agree_where_a_schema_can_tell(project: Path, name: str) -> None:
    old, new, expected = VARIATIONS[name]
    assert old in BASE
    text = BASE.replace(old, new, 1)
    verdicts = (loader_accepts(project, text), schema_accepts(text))
    assert verdicts == ((verdicts[0], verdicts[0]) if expected is AGREE else expected)


runner = CliRunner()


def test_schema_write_puts_every_schema_in_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--write", str(tmp_path / "schemas")])
    assert result.exit_code == 0
    for name in ("claims", "topics"):
        written = json.loads((tmp_path / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert written["$id"] == f"urn:reecheck:schema:{name}:1"
    assert result.stderr.splitlines() == [f"wrote {tmp_path / 'schemas' / name}.schema.json"
                                          for name in ("claims", "topics")]
