"""compare's disagreements as check findings: identified by topic and claims, accepted by the baseline,
and both pre-commit hooks on the shipped corpus."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reecheck.baseline import read_baseline, split_by_baseline, update_baseline
from reecheck.check import CheckOptions, Finding, findings, read_texts
from reecheck.compare import CompareOptions, compare
from reecheck.loader import load
from reecheck.rules import DISAGREEMENTS
from tests.conftest import REPO

TOPICS = "reserves:\n  description: Reserves\n  unit: million tonnes\n"
TEXT = "Officials say 3.8 million tonnes.\nThe ministry says 28.7 million tonnes.\n"


def article(article_id: str, value: str, source: str) -> str:
    return (f"article:\n  id: {article_id}\n  title: T\n  text: seeds/{article_id}.txt\nclaims:\n"
            f"  - id: reserves\n    topic: reserves\n    value: {value}\n    source: {source}\n"
            f'    quote: "{value}"\n'
            "ignore:\n  - figure: 3.8 million tonnes\n    reason: r\n  - figure: 28.7 million tonnes\n    reason: r\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("claims", "seeds"):
        (tmp_path / folder).mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    for article_id in ("a", "b"):
        (tmp_path / "seeds" / f"{article_id}.txt").write_text(TEXT, encoding="utf-8")
    write(tmp_path, "a", "3.8 million tonnes", "USGS")
    write(tmp_path, "b", "28.7 million tonnes", "Ministry")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(project: Path, article_id: str, value: str, source: str) -> None:
    (project / "claims" / f"{article_id}.yaml").write_text(article(article_id, value, source), encoding="utf-8")


def found(paths: tuple[str, ...] = ("claims",)) -> list[Finding]:
    """The disagreements' findings (a changed figure is also a quote not found: not these tests' concern)."""
    corpus = load([Path(path) for path in paths])
    every = findings(corpus, CheckOptions(), read_texts(corpus.articles)[0], compare(corpus, CompareOptions()))
    return [finding for finding in every if finding.rule in DISAGREEMENTS]


def test_a_gross_disagreement_is_one_finding_naming_every_article(project: Path) -> None:
    [finding] = found()
    assert (finding.rule.id, finding.severity.value, str(finding.location), finding.article, finding.subject) == (
        "gross", "error", "claims/a.yaml:6:5", "a + b", "reserves")
    assert finding.message == ("topic 'reserves': gross (7.55×): \"3.8 million tonnes\" (a) to "
                               "\"28.7 million tonnes\" (b)")


def test_a_conflict_is_a_finding_of_its_own_rule(project: Path) -> None:
    write(project, "b", "4.5 million tonnes", "Ministry")
    assert [(f.rule.id, f.message) for f in found()] == [
        ("conflict", "topic 'reserves': conflict (1.18×): \"3.8 million tonnes\" (a) to \"4.5 million tonnes\" (b)")]


def test_topics_that_agree_are_no_finding(project: Path) -> None:
    write(project, "b", "about 3.8 million tonnes", "Ministry")
    assert found() == []


def test_a_changed_figure_or_source_of_the_claims_makes_the_finding_new_only_when_the_figure_changes(
        project: Path) -> None:
    [before] = found()
    write(project, "b", "28.7 million tonnes", "Russian Ministry of Natural Resources")
    [same] = found()
    write(project, "b", "28.5 million tonnes", "Ministry")
    [changed] = found()
    assert same.fingerprint == before.fingerprint != changed.fingerprint


def test_an_accepted_disagreement_passes_and_a_new_one_fails(project: Path) -> None:
    accepted = update_baseline(found(), []).text
    entries = yaml.safe_load(accepted)
    assert [(entry["rule"], entry["article"], entry["subject"]) for entry in entries] == [("gross", "a + b", "reserves")]
    (project / "claims" / ".reecheck-baseline.yaml").write_text(accepted, encoding="utf-8")
    baseline, _ = read_baseline(project / "claims" / ".reecheck-baseline.yaml")
    assert not split_by_baseline(found(), baseline, CheckOptions()).failed
    write(project, "b", "30 million tonnes", "Ministry")
    result = split_by_baseline(found(), baseline, CheckOptions())
    assert (result.failed, [f.subject for f in result.new], len(result.stale)) == (True, ["reserves"], 1)


def test_a_disagreement_entry_is_stale_only_when_the_whole_claims_folder_was_read(project: Path) -> None:
    (project / "claims" / ".reecheck-baseline.yaml").write_text(update_baseline(found(), []).text, encoding="utf-8")
    baseline, _ = read_baseline(project / "claims" / ".reecheck-baseline.yaml")
    write(project, "b", "3.8 million tonnes", "Ministry")
    some_files = split_by_baseline([], baseline, CheckOptions(), checked={"a", "b"})
    whole_folder = split_by_baseline(found(), baseline, CheckOptions())
    assert (some_files.stale, len(whole_folder.stale)) == ((), 1)
    assert update_baseline([], baseline, {"a", "b"}).removed == ()


def test_a_check_of_some_claim_files_leaves_disagreements_out(project: Path) -> None:
    from reecheck.app import Settings, run_check
    from reecheck.choices import Severity

    some = run_check([Path("claims/a.yaml"), Path("claims/b.yaml")], None, False, Severity.ERROR, Settings()).result
    whole = run_check([Path("claims")], None, False, Severity.ERROR, Settings()).result
    assert ([f.rule.id for f in some.new], [f.rule.id for f in whole.new]) == ([], ["gross"])


HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
UNSOURCED = ('  - id: added-unsourced\n    topic: russia.ree.reserves-rank\n    value: fifth\n'
             '    source: unattributed\n    quote: "ranking it fifth globally"\n')
DISAGREEING = ('  - id: added-reserves\n    topic: russia.ree.reserves\n    value: 12 million tonnes\n'
               '    source: USGS\n    quote: "ranking it fifth globally"\n')


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def run_hook(hook: dict[str, str], folder: Path) -> int:
    """The hook's entry as pre-commit runs it in the repository, `reecheck` being this interpreter's."""
    command = shlex.split(hook["entry"])
    assert command[0] == "reecheck"
    return subprocess.run([sys.executable, "-m", "reecheck", *command[1:]], cwd=folder, capture_output=True,
                          check=False).returncode


def add_claim(folder: Path, claim: str) -> None:
    path = folder / "claims" / "morace-2025-11-20.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("claims:\n", "claims:\n" + claim, 1), encoding="utf-8")


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_each_hook_passes_on_the_shipped_corpus(hook: dict[str, str], shipped: Path) -> None:
    assert run_hook(hook, shipped) == 0


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
@pytest.mark.parametrize("claim", [UNSOURCED, DISAGREEING], ids=["unsourced", "disagreement"])
def test_each_hook_fails_on_a_new_unsourced_claim_or_disagreement(hook: dict[str, str], claim: str,
                                                                  shipped: Path) -> None:
    add_claim(shipped, claim)
    assert run_hook(hook, shipped) == 1
