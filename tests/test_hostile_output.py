"""Claim files, baselines and settings as an attacker would write them: every output format stays safe
for its reader, every stream and setting failure keeps the exit-code contract."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.cli import run as cli_run
from reecheck.model import ExitCode
from reecheck.render.safe import spreadsheet_cell
from tests.conftest import REPO

runner = CliRunner()
REECHECK = str(Path(sys.executable).parent / "reecheck")
TOPICS = 'x.share:\n  description: "Share \\e[2J of output"\n  unit: "%"\n'
TEXT = "Output is 2%\rof the world. Others say 5% and 9%.\n"
# Each field carries what its reader must not act on: a formula, HTML, a line break that would start a
# heading, an OSC 8 hyperlink, a C1 control sequence and a right-to-left override.
CLAIMS = r"""article:
  id: a
  title: A
  text: seeds/a.txt
claims:
  - id: low
    topic: x.share
    value: 5%
    source: "=HYPERLINK(\"http://evil\")"
    quote: "Others say 5%"
    note: "<script>alert(1)</script>\n## Injected | cell"
  - id: high
    topic: x.share
    value: 9%
    source: "S\e]8;;http://evil\e\\link\e]8;;\e\\ \x9b31m\u202eevil"
    quote: "and 9%"
  - id: mid
    topic: x.share
    value: 2%
    source: "<img src=x onerror=alert(1)>"
    quote: "Output is 2%\rof the world"
"""
UNSOURCED = r"""  - id: "odd\e[2Jid"
    topic: x.share
    value: 2%
    source: unattributed
    quote: "Output is 2%\e]0;title\a"
"""
SOURCES = ('<img src=x onerror=alert(1)>; =HYPERLINK("http://evil"); '
           "S\\x1b]8;;http://evil\\x1b\\link\\x1b]8;;\\x1b\\ \\x9b31m\\u202eevil")
RAW_CONTROL = ("\x1b", "\x07", "\x9b", "\u202e")
SHIPPED_BASELINE = (REPO / "claims" / ".reecheck-baseline.yaml").read_text(encoding="utf-8")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose one article says everything above."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "claims" / "a.yaml").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "seeds" / "a.txt").write_text(TEXT, encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    accept_the_disagreement(tmp_path / "claims" / ".reecheck-baseline.yaml")
    return tmp_path


def accept_the_disagreement(baseline: Path) -> None:
    """The corpus's figures disagree grossly, on purpose: accepted, as a team would."""
    assert run("baseline")[0] == ExitCode.OK
    baseline.write_text(baseline.read_text(encoding="utf-8").replace("reason: TODO", "reason: on purpose"),
                        encoding="utf-8")


def add_to_baseline(hostile: Path, entry: str) -> None:
    with (hostile / "claims" / ".reecheck-baseline.yaml").open("a", encoding="utf-8") as baseline:
        baseline.write(entry)


def run(*args: str, columns: str = "120") -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": columns})
    return result.exit_code, result.stdout, result.stderr


def add_unsourced(project: Path) -> None:
    path = project / "claims" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + UNSOURCED, encoding="utf-8")


def assert_no_raw_control(text: str) -> None:
    assert [character for character in RAW_CONTROL if character in text] == []


# Terminal


def test_the_compare_table_shows_control_characters_escaped(hostile: Path) -> None:
    code, out, _ = run("compare")
    assert code == ExitCode.OK
    assert_no_raw_control(out)
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "gross 4.5×  x.share  Share \\x1b[2J of output (%)"
    assert "   a                                           9%                                         S\\x1b]8;;http://evil" \
           "\\x1b\\link" in lines
    assert lines[-5:] == [
        '  • different sources: <img src=x onerror=alert(1)>; =HYPERLINK("http://evil");',
        "  S\\x1b]8;;http://evil\\x1b\\link\\x1b]8;;\\x1b\\ \\x9b31m\\u202eevil",
        "  • a (low): <script>alert(1)</script>\\n## Injected | cell",
        "",
        "1 topic disagrees (1 gross, 0 conflict); by kind: 1 same-period",
    ]


def test_check_text_shows_control_characters_escaped(hostile: Path) -> None:
    add_unsourced(hostile)
    code, out, _ = run("check", "--format", "text", columns="200")
    assert code == ExitCode.FINDINGS
    # (the claim also changes the topic's accepted disagreement: a new finding, and a stale entry)
    assert [line for line in out.splitlines() if "odd" in line or "new findings" in line] == [
        "  22:5     error   quote-not-found      claim 'odd\\x1b[2Jid': the quote is not in the article: "
        '"Output is 2%\\x1b]0;title\\x07"',
        "  22:5     error   unsourced            claim 'odd\\x1b[2Jid': \"2%\" has no source (source: unattributed)",
        "3 new findings (1 gross, 1 quote-not-found, 1 unsourced), 0 known, 1 stale baseline entry",
    ]


def test_problems_on_standard_error_show_control_characters_escaped(hostile: Path) -> None:
    path = hostile / "claims" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 9%", 'value: "9\\e[2J%"'), encoding="utf-8")
    code, out, err = run("compare")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert_no_raw_control(err)
    assert "\\x1b[2J" in err


def test_a_stale_entry_is_shown_escaped(hostile: Path) -> None:
    add_to_baseline(
        hostile, '- rule: "unsourced\\e[2J"\n  article: a\n  subject: "gone\\x9b1m"\n  fingerprint: 0\n  reason: r\n')
    assert run("check", "--format", "text")[1].splitlines() == [
        "claims/.reecheck-baseline.yaml:9:3: stale baseline entry: unsourced\\x1b[2J 'gone\\x9b1m' in article a no "
        "longer occurs; run reecheck baseline to drop it",
        "0 new findings, 1 known, 1 stale baseline entry",
    ]


# GitHub workflow commands


def test_a_stale_baseline_entry_cannot_emit_a_workflow_command(hostile: Path) -> None:
    add_to_baseline(
        hostile, '- rule: "x\\n::error file=README.md,line=1::forged\\r\\n::add-mask::secret"\n  article: a\n'
        '  subject: "50%\\n::stop-commands::t"\n  fingerprint: 0\n  reason: r\n')
    code, out, _ = run("check", "--format", "github")
    assert code == ExitCode.OK
    assert out.splitlines() == [
        "::warning file=claims/.reecheck-baseline.yaml,line=9::stale baseline entry: "
        "x%0A::error file=README.md,line=1::forged%0D%0A::add-mask::secret '50%25%0A::stop-commands::t' in article a "
        "no longer occurs; run reecheck baseline to drop it",
        "0 new findings, 1 known, 1 stale baseline entry",
    ]


def test_annotation_properties_and_messages_are_escaped(hostile: Path) -> None:
    add_unsourced(hostile)
    shutil.move(hostile / "claims" / "a.yaml", hostile / "claims" / "a,b:c%.yaml")
    path = hostile / "claims" / "a,b:c%.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  id: a\n", '  id: "a,b:c%"\n'), encoding="utf-8")
    code, out, _ = run("check", "--format", "github")
    assert code == ExitCode.FINDINGS
    assert out.splitlines()[2] == ("::error file=claims/a%2Cb%3Ac%25.yaml,line=22,col=5,title=reecheck unsourced::"
                                   "claim 'odd\x1b[2Jid': \"2%25\" has no source (source: unattributed)")


# CSV


def csv_rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out, newline="")))


def test_csv_neutralises_formulas_and_keeps_rows_whole(hostile: Path) -> None:
    code, out, _ = run("compare", "--format", "csv")
    assert code == ExitCode.OK
    rows = csv_rows(out)
    assert [(row["id"], row["source"]) for row in rows] == [
        ("mid", "<img src=x onerror=alert(1)>"),
        ("low", "'=HYPERLINK(\"http://evil\")"),
        ("high", "S\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x9b31m\u202eevil"),
    ]
    assert rows[0]["quote"] == "Output is 2%\rof the world"
    assert rows[1]["note"] == "<script>alert(1)</script>\n## Injected | cell"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_prefixes_every_formula_start(hostile: Path, start: str) -> None:
    path = hostile / "claims" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('source: "<img', f'source: "{start}1+1<img'),
                    encoding="utf-8")
    assert csv_rows(run("compare", "--format", "csv")[1])[0]["source"] == f"'{start}1+1<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(("cell", "written"), [
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"), ("=1", "'=1"), ("a=1", "a=1"), (-5.0, -5.0), (None, None)])
def test_a_spreadsheet_cell_is_neutralised_only_when_it_is_text_that_starts_a_formula(cell: object,
                                                                                       written: object) -> None:
    # Claim fields lose leading tabs and returns as they are read; the cell is safe without that.
    assert spreadsheet_cell(cell) == written


def test_csv_leaves_negative_numbers_alone() -> None:
    from dataclasses import replace
    from decimal import Decimal

    from reecheck.compare import CompareOptions, Interval, compare
    from reecheck.render.csv import render_csv
    from tests.helpers import claim, corpus

    report = compare(corpus(claim("5%", article="a"), claim("9%", article="b")), CompareOptions())
    below_zero = replace(report.topics[0].claims[0], stated=Interval(Decimal("-5"), Decimal("-4.5")))
    topic = replace(report.topics[0], claims=(below_zero, *report.topics[0].claims[1:]))
    row = csv_rows(render_csv(replace(report, topics=(topic,))))[0]
    assert (row["low"], row["high"]) == ("-5.0", "-4.5")


# Markdown


def test_markdown_escapes_html_and_keeps_each_row_on_one_line(hostile: Path) -> None:
    code, out, _ = run("compare", "--format", "markdown")
    assert code == ExitCode.OK
    assert out == f"""\
## x.share: gross (4.5×)

Share \\x1b[2J of output, in %.

| Article | Claim | As written | In % | Source | As of |
|---|---|---|---|---|---|
| a | mid | 2% | 2 | &lt;img src=x onerror=alert(1)&gt; |  |
| a | low | 5% | 5 | =HYPERLINK("http://evil") |  |
| a | high | 9% | 9 | S\\x1b]8;;http://evil\\x1b\\link\\x1b]8;;\\x1b\\ \\x9b31m\\u202eevil |  |

Kinds: same-period.

Why they may differ:
- same period (both undated): a reports 2 % (&lt;img src=x onerror=alert(1)&gt;) against 9 % \
(S\\x1b]8;;http://evil\\x1b\\link\\x1b]8;;\\x1b\\ \\x9b31m\\u202eevil)
- different sources: {SOURCES.replace("<", "&lt;").replace(">", "&gt;")}
- a (low): &lt;script&gt;alert(1)&lt;/script&gt;<br>## Injected \\| cell

1 topic disagrees (1 gross, 0 conflict); by kind: 1 same-period
"""


def test_markdown_description_cannot_open_a_heading(hostile: Path) -> None:
    (hostile / "claims" / "topics.yaml").write_text(TOPICS.replace("Share \\e[2J of output", "# Owned\\n# twice"),
                                                   encoding="utf-8")
    assert run("compare", "--format", "markdown")[1].splitlines()[2] == "\\# Owned<br># twice, in %."


# JSON


def reject_constant(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


def test_json_stays_valid_when_a_ratio_is_beyond_a_double() -> None:
    from dataclasses import replace
    from decimal import Decimal

    from reecheck.compare import CompareOptions, compare
    from reecheck.render.json import render_json
    from tests.helpers import claim, corpus

    report = compare(corpus(claim("2%", claim_id="low"), claim("9%", claim_id="high")), CompareOptions())
    beyond = replace(report, topics=(replace(report.topics[0], max_gap_ratio=Decimal("1e400")),))
    topic = json.loads(render_json(beyond), parse_constant=reject_constant)["topics"][0]
    assert (topic["verdict"], topic["max_gap_ratio"]) == ("gross", None)


def test_a_figure_too_long_to_compare_is_refused(hostile: Path) -> None:
    tiny = "0." + "0" * 400 + "1%"
    path = hostile / "claims" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 2%", f"value: {tiny}"), encoding="utf-8")
    code, out, err = run("compare", "--format", "json")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.splitlines()[0].endswith(f'cannot read value "{tiny}": a number of more than 40 digits')


# Settings


@pytest.mark.parametrize(("settings", "message"), [
    ('[tool]\nreecheck = "x"\n', "pyproject.toml: error: [tool.reecheck] must be a table"),
    ("tool = 5\n", "pyproject.toml: error: [tool] must be a table"),
    ("[tool]\nreecheck = [1]\n", "pyproject.toml: error: [tool.reecheck] must be a table"),
    ("[tool.reecheck]\nseverity = [1]\n", "pyproject.toml: error: severity must be a table of rule = severity"),
    ("[tool.reecheck.severity]\nunsourced = 5\n",
     "pyproject.toml: error: severity of 'unsourced' must be error or warning, not 5"),
])
def test_settings_of_the_wrong_shape_exit_2(repo: Path, settings: str, message: str) -> None:
    (repo / "pyproject.toml").write_text(settings, encoding="utf-8")
    assert run("check") == (ExitCode.INPUT_ERROR, "", f"{message}\n1 problem in the claim files; nothing checked\n")


@pytest.mark.parametrize("ratio", ["nan", "inf", "-nan", "1e400"])
def test_a_gross_ratio_that_is_not_a_finite_number_is_a_usage_error(repo: Path, ratio: str) -> None:
    code, out, err = run("compare", "--gross-ratio", ratio)
    shown = "nan" if "nan" in ratio else "inf"
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.splitlines()[-1] == f"Error: Invalid value for '--gross-ratio': {shown} is not a finite number"


@pytest.mark.parametrize(("columns", "width"), [("99999999999", 1000), ("0", 40)])
def test_an_absurd_terminal_width_is_clamped(hostile: Path, columns: str, width: int) -> None:
    code, out, _ = run("compare", columns=columns)
    assert (code, max(len(line) for line in out.splitlines())) == (ExitCode.OK, width)
    assert " ".join(out.split()).endswith("1 topic disagrees (1 gross, 0 conflict); by kind: 1 same-period")
    assert run("check", columns=columns) == (ExitCode.OK, "0 new findings, 1 known\n", "")


# Streams: a real process, since they are what the shell hands it


def reecheck(*args: str, before: Callable[[], None] | None = None,
             stdout: int | IO[str] | None = subprocess.PIPE) -> tuple[int, str, str]:
    """A real run, with the streams the shell would hand it; `before` runs in the child before it starts."""
    process = subprocess.Popen([REECHECK, *args], text=True, stdout=stdout, stderr=subprocess.PIPE,
                               preexec_fn=before, env={**os.environ, "COLUMNS": "120"})
    out, err = process.communicate()
    return process.returncode, out or "", err


def stop_reading() -> None:
    """Like `| true`: the only reader of the pipe is gone before anything is written to it."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    os.dup2(write_end, 1)
    os.close(write_end)


def close_output() -> None:
    os.close(1)


def close_input() -> None:
    os.close(0)


@pytest.mark.parametrize("command", ["compare", "check"])
def test_a_reader_that_stops_reading_ends_the_run_with_141(repo: Path, command: str) -> None:
    assert reecheck(command, before=stop_reading, stdout=None) == (141, "", "")


@pytest.mark.parametrize("command", ["compare", "check", "baseline"])
def test_closed_standard_output_is_one_line_and_exit_2(repo: Path, command: str) -> None:
    before = (repo / "claims" / ".reecheck-baseline.yaml").read_bytes()
    assert reecheck(command, before=close_output, stdout=None) == (
        ExitCode.INPUT_ERROR, "", "reecheck: error: standard output is closed\n")
    assert (repo / "claims" / ".reecheck-baseline.yaml").read_bytes() == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["compare", "check"])
def test_a_full_disk_under_standard_output_is_one_line_and_exit_2(repo: Path, command: str) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        assert reecheck(command, stdout=full) == (
            ExitCode.INPUT_ERROR, "", "reecheck: error: cannot write standard output: No space left on device\n")


def test_closed_standard_input_for_scan_is_exit_2(repo: Path) -> None:
    assert reecheck("scan", "-", before=close_input) == (
        ExitCode.INPUT_ERROR, "", "-: error: cannot read file: standard input is closed\n")


# Fuzz: the baseline and the settings as any hand or pull request may leave them

BASELINE_PATH = "claims/.reecheck-baseline.yaml"
SETTINGS = {"pyproject.toml": '[tool.reecheck.severity]\nunsourced = "warning"\n',
            "reecheck.toml": '[severity]\nuncurated-figure = "error"\n'}
# Pieces that change what a YAML or TOML file means, dropped in at random lines.
STRUCTURE = ["[", "]", "{", "- ", "-", "? x", ": x", "&a x", "*a", "*b", "!!python/object/apply:os.system ['x']",
             "--- ", "...", "\t", '"\\', "'", "key: [1, 2", "reason: |", "  - rule: x", "- [a, b]", "- {rule: 1}",
             "= 1", "[tool.reecheck]", "[[tool.reecheck]]", "[tool]", "severity = 5", 'unsourced = "fatal"',
             "reecheck = [1]", "tool = 5", "x = {a = 1}", '"" = 1', "\x00", "\ufeff", "\u2028", "\x85", "#", "%YAML 1.1"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """`text` with a few random changes to its bytes, its lines or its structure."""
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(["bytes", "lines", "structure"]))
        if change == "bytes":
            start = draw(st.integers(0, len(data)))
            end = draw(st.integers(start, min(len(data), start + 8)))
            data = data[:start] + draw(st.binary(max_size=8)) + data[end:]
            continue
        lines = data.split(b"\n")
        where = draw(st.integers(0, len(lines) - 1))
        if change == "lines":
            other = draw(st.integers(0, len(lines) - 1))
            action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent"]))
            if action == "delete":
                del lines[where]
            elif action == "duplicate":
                lines.insert(other, lines[where])
            elif action == "swap":
                lines[where], lines[other] = lines[other], lines[where]
            else:
                lines[where] = b"  " + lines[where]
        else:
            lines.insert(where, draw(st.sampled_from(STRUCTURE)).encode("utf-8"))
        data = b"\n".join(lines)
    return data


def snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in root.rglob("*") if path.is_file()}


def run_in(root: Path, *args: str) -> tuple[int, str, str]:
    """A run through the command line's own entry, which maps every crash to 70."""
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_run(list(args))
    finally:
        os.chdir(here)
    return code, out.getvalue(), err.getvalue()


# Each example copies the project and runs a whole check: a twentieth of the profile's examples keeps
# the default run to a few seconds, and CI's profile runs a hundred.
@settings(max_examples=max(10, settings.default.max_examples // 20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(baseline=mutated(SHIPPED_BASELINE), settings_file=st.sampled_from(sorted(SETTINGS)), data=st.data())
def test_check_keeps_the_contract_whatever_the_baseline_and_settings_say(baseline: bytes, settings_file: str,
                                                                          data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("claims", "seeds"):
            shutil.copytree(REPO / name, root / name)
        (root / BASELINE_PATH).write_bytes(baseline)
        (root / settings_file).write_bytes(data.draw(mutated(SETTINGS[settings_file]), label="settings"))
        before = snapshot(root)
        code, out, err = run_in(root, "check", "--format", "json")
        assert snapshot(root) == before
    assert code in (ExitCode.OK, ExitCode.FINDINGS, ExitCode.INPUT_ERROR), err
    if code == ExitCode.INPUT_ERROR:
        *problems, summary = err.splitlines()
        assert (out, summary.endswith("; nothing checked")) == ("", True)
        assert all(": error: " in problem for problem in problems), err
    else:
        assert json.loads(out)["failed"] == (code == ExitCode.FINDINGS)
