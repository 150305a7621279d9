"""`check --format sarif` against the SARIF 2.1.0 schema and what GitHub code scanning requires."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.model import ExitCode
from reecheck.rules import RULES
from tests.conftest import REPO

# The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (tests/sarif/NOTICE says from where).
SCHEMA = json.loads((REPO / "tests" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
UNSOURCED = ('  - id: added-unsourced\n    topic: russia.ree.reserves-rank\n    value: fifth\n'
             '    source: unattributed\n    quote: "ranking it fifth globally"\n')
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def add_unsourced_claim(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("claims:\n", "claims:\n" + UNSOURCED, 1),
                    encoding="utf-8")


def sarif(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", "--format", "sarif", *args])
    log = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(log)
    return result.exit_code, log


def test_only_new_findings_by_default_without_suppressions(repo: Path) -> None:
    add_unsourced_claim(repo)
    code, log = sarif()
    [result] = log["runs"][0]["results"]
    assert (code, result["ruleId"], result["baselineState"], "suppressions" in result) == (
        ExitCode.FINDINGS, "unsourced", "new", False)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_a_clean_corpus_has_no_results(repo: Path) -> None:
    assert sarif() == (ExitCode.OK, sarif()[1])
    assert sarif()[1]["runs"][0]["results"] == []


def test_include_known_gives_every_result_suppressions(repo: Path) -> None:
    add_unsourced_claim(repo)
    _, log = sarif("--include-known")
    results = log["runs"][0]["results"]
    assert len(results) == 40 and all("suppressions" in result for result in results)
    assert [r["suppressions"] for r in results if r["baselineState"] == "new"] == [[]]
    known = [r for r in results if r["baselineState"] == "unchanged"]
    assert all(r["suppressions"][0]["kind"] == "external" and r["suppressions"][0]["justification"] for r in known)


def test_rules_carry_what_github_requires_from_the_registry(repo: Path) -> None:
    rules = sarif()[1]["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for rule, declared in zip(rules, RULES.values(), strict=True):
        assert rule["fullDescription"] == {"text": declared.description}
        assert rule["help"]["text"] == declared.help
        # reecheck has no published address to point at: none is made up
        assert "helpUri" not in rule


def test_regions_have_an_end_and_uris_are_relative_to_the_repository(repo: Path, monkeypatch: pytest.MonkeyPatch
                                                                        ) -> None:
    add_unsourced_claim(repo)
    with (repo / "seeds" / "001_73ea199691359b25.txt").open("a", encoding="utf-8") as text:
        text.write("\nIt may double to 5,000 tonnes.\n")
    monkeypatch.chdir(repo / "claims")
    _, log = sarif("--include-known")
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    new = next(r for r in run["results"] if r["baselineState"] == "new")
    assert new["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "claims/morace-2025-11-20.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 11, "startColumn": 5, "endLine": 11, "endColumn": 6}}
    figure = next(r for r in run["results"] if r["ruleId"] == "uncurated-figure")
    region = figure["locations"][0]["physicalLocation"]["region"]
    assert figure["message"]["text"].startswith('"5,000 tonnes" is stated in the article')
    assert (region["startColumn"], region["endColumn"]) == (18, 18 + len("5,000 tonnes"))


def test_input_that_cannot_be_loaded_is_a_failed_invocation(repo: Path) -> None:
    with (repo / "claims" / "usgs-mcs-2025-rare-earths.yaml").open("a", encoding="utf-8") as file:
        file.write("  - bad: [\n")
    code, log = sarif()
    run = log["runs"][0]
    assert (code, run["results"]) == (ExitCode.INPUT_ERROR, [])
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [{
        "level": "error",
        "message": {"text": "invalid YAML: did not find expected node content (while parsing a flow node)"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "claims/usgs-mcs-2025-rare-earths.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 75, "startColumn": 1, "endLine": 75, "endColumn": 2}}}],
    }]}]
