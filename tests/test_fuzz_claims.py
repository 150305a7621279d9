"""The fuzzing target: the shipped claim files, topics and baseline mutated at random (bytes, lines,
YAML structure), and `compare` and `check` run on the mutated copy. Whatever the input, a run ends 0,
1 or 2, a run that ends 2 lists each problem as a `file:line:col: error:` (or `file: error:`) line,
and nothing in the project is written. A tenth of the profile's examples: a few seconds under `dev`,
more under `ci`."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.model import ExitCode
from tests.conftest import REPO

runner = CliRunner()
TARGETS = sorted(path.name for path in (REPO / "claims").iterdir() if path.suffix == ".yaml")
LOCATED = re.compile(r"^\S[^\n]*?(?::\d+:\d+)?: error: ")
SUMMARY = re.compile(r"^(\d+) problems? in the claim files; nothing (?:compared|checked)$")
# Values YAML reads in surprising ways, and figures at the grammar's edges.
SPECIAL_VALUES = [
    "", "[", "]", "{", "}", "{a: b}", "[a, b]", "&anchor x", "*anchor", "!!str x", "!!binary aGk=",
    "!!python/object/apply:os.system ['true']", "|", ">-", "- x", "? x", ": x", "%YAML 1.1", "---", "...",
    "'", '"', '"\\x00"', '"\\u2028"', '"\\e[2J"', "\t", "null", "~", "yes", "0x1F", "1e400", "9" * 500,
    "1" + "0" * 30 + " tonnes", "nan", "inf %", "-0", "#", " #c", "a: b: c", "e\u0301", "\ufeff", "\x85",
    "about 3.8 millon tonnes", "28.5–28.7 million tonnes", "2,500-2,600 t", "between 10 and 12 percent",
    "December 1, 2025", "2025-13-45", "ten-fold", "½",
]
SPECIAL_LINES = [
    "    derive: russia.ree.reserves / russia.ree.reserves",
    "    derive: russia.ree.reserves[source=USGS] / 0",
    "    derive: " + "(" * 30 + "1" + ")" * 30,
    "    derive: " + " * ".join(["world.ree.reserves"] * 120),
    "  - id: added", "    topic: russia.ree.reserves", "    value: 3.8 million tonnes", "ignore:",
    "  - figure: 30-day", "article: {}", "claims: []", "x: &a [*a]", "  text: ../outside.txt",
    "  text: /etc/passwd", '  text: "seeds/\\0"', "  text: seeds", "- rule: unsourced",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the repository for every example; each example restores what it mutated."""
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes()
            for folder in ("claims", "seeds") for path in sorted((root / folder).rglob("*")) if path.is_file()}


@contextlib.contextmanager
def mutated(root: Path, name: str, content: bytes) -> Iterator[Path]:
    path = root / "claims" / name
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        with contextlib.chdir(root):
            yield path
    finally:
        path.write_bytes(original)


def byte_edit(data: st.DataObject, content: bytes) -> bytes:
    at = data.draw(st.integers(0, len(content)), label="at")
    removed = data.draw(st.integers(0, 8), label="removed")
    inserted = data.draw(st.binary(max_size=8), label="inserted")
    return content[:at] + inserted + content[at + removed:]


def line_edit(data: st.DataObject, content: bytes) -> bytes:
    lines = content.decode("utf-8").split("\n")
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    action = data.draw(st.sampled_from(["delete", "duplicate", "move", "indent", "outdent", "insert", "truncate"]))
    line = lines[at]
    if action == "delete":
        del lines[at]
    elif action == "duplicate":
        lines.insert(at, line)
    elif action == "move":
        lines.insert(data.draw(st.integers(0, len(lines) - 1), label="to"), lines.pop(at))
    elif action in ("indent", "outdent"):
        spaces = data.draw(st.integers(1, 4), label="spaces")
        lines[at] = " " * spaces + line if action == "indent" else line[min(spaces, len(line) - len(line.lstrip())):]
    elif action == "insert":
        lines.insert(at, data.draw(st.sampled_from(SPECIAL_LINES) | st.text(max_size=30), label="inserted"))
    else:
        lines = lines[:at]
    return "\n".join(lines).encode("utf-8")


def value_edit(data: st.DataObject, content: bytes) -> bytes:
    lines = content.decode("utf-8").split("\n")
    fields = [number for number, line in enumerate(lines) if re.match(r"^\s*(?:- )?[\w.-]+: \S", line)]
    at = data.draw(st.sampled_from(fields), label="field")
    key, _, _ = lines[at].partition(": ")
    value = data.draw(st.sampled_from(SPECIAL_VALUES) | st.text(max_size=20), label="value")
    lines[at] = f"{key}: {value}"
    return "\n".join(lines).encode("utf-8")


MUTATIONS = {"bytes": byte_edit, "lines": line_edit, "values": value_edit}


def assert_contract(command: str, code: int, out: str, err: str) -> None:
    said = f"{command}: exit {code}\nstdout: {out[:500]!r}\nstderr: {err[:2000]!r}"
    assert code in (ExitCode.OK, ExitCode.FINDINGS, ExitCode.INPUT_ERROR), said
    if code != ExitCode.INPUT_ERROR:
        assert err == "", said
        return
    lines = err.rstrip("\n").split("\n")
    summary = SUMMARY.match(lines[-1])
    assert out == "" and summary is not None, said
    assert sum(1 for line in lines[:-1] if LOCATED.match(line)) == int(summary.group(1)), said


@settings(max_examples=max(10, settings.default.max_examples // 10), deadline=None)
@given(data=st.data(), name=st.sampled_from(TARGETS), how=st.sampled_from(sorted(MUTATIONS)))
def test_mutated_claim_files_keep_the_contract(project: Path, data: st.DataObject, name: str, how: str) -> None:
    original = (project / "claims" / name).read_bytes()
    content = MUTATIONS[how](data, original)
    before = {**snapshot(project), f"claims/{name}": content}
    with mutated(project, name, content):
        for command in ("compare", "check"):
            result = runner.invoke(app, [command], env={"COLUMNS": "120"})
            assert_contract(command, result.exit_code, result.stdout, result.stderr)
        assert snapshot(project) == before
