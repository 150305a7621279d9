"""`reecheck check`, `baseline` and `scan` end to end, in a temporary copy of the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from reecheck.baseline import split_by_baseline
from reecheck.check import CheckOptions, findings, read_texts
from reecheck.cli import app
from reecheck.compare import CompareOptions, compare
from reecheck.loader import load
from reecheck.model import ExitCode
from reecheck.render.check_json import check_to_dict
from tests.conftest import REPO

runner = CliRunner()
ARTICLE = "claims/morace-2025-11-20.yaml"
# Counts from the shipped files, so that curating more claims does not break these tests.
KNOWN = len(yaml.safe_load((REPO / "claims" / ".reecheck-baseline.yaml").read_text(encoding="utf-8")))
ADDED_LINE = len((REPO / ARTICLE).read_text(encoding="utf-8").splitlines()) + 1
SOURCED = """\
  - id: reserves-rank-added
    topic: russia.ree.reserves-rank
    value: fifth
    source: USGS
    quote: "ranking it fifth globally"
"""


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})}, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def add_claim(repo: Path, claim: str) -> None:
    path = repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + claim, encoding="utf-8")


def test_the_shipped_corpus_passes_with_its_baseline(repo: Path) -> None:
    assert run("check") == (ExitCode.OK, f"0 new findings, {KNOWN} known\n", "")
    assert run("check", "--strict")[0] == ExitCode.OK


def test_an_unattributed_claim_fails_naming_file_and_line(repo: Path) -> None:
    add_claim(repo, SOURCED.replace("USGS", "unattributed"))
    code, out, _ = run("check", "--format", "github")
    assert code == ExitCode.FINDINGS
    assert out == (
        f"::error file=claims/morace-2025-11-20.yaml,line={ADDED_LINE},col=5,title=reecheck unsourced::"
        "claim 'reserves-rank-added': \"fifth\" has no source (source: unattributed)\n"
        f"1 new finding (1 unsourced), {KNOWN} known\n")


def test_a_quote_the_article_lacks_fails(repo: Path) -> None:
    add_claim(repo, SOURCED.replace("ranking it fifth globally", "ranking it fifth in the world"))
    code, out, _ = run("check", "--format", "text")
    assert code == ExitCode.FINDINGS
    assert "quote-not-found" in out and "claims/morace-2025-11-20.yaml" in out
    assert out.splitlines()[-1] == f"1 new finding (1 quote-not-found), {KNOWN} known"


def test_a_sourced_quoted_claim_passes_and_reordering_changes_nothing(repo: Path) -> None:
    add_claim(repo, SOURCED)
    assert run("check")[0] == ExitCode.OK
    path = repo / ARTICLE
    head, claims = path.read_text(encoding="utf-8").split("claims:\n")
    items = ["  - id:" + item for item in claims.split("  - id:")[1:]]
    path.write_text(head + "claims:\n" + "".join(reversed(items)), encoding="utf-8")
    assert run("check") == (ExitCode.OK, f"0 new findings, {KNOWN} known\n", "")


def test_baseline_accepts_new_findings_with_todo_and_writes_sorted(repo: Path) -> None:
    add_claim(repo, SOURCED.replace("USGS", "unattributed"))
    code, out, err = run("baseline")
    assert (code, out) == (ExitCode.OK, "")
    assert err == ("+ unsourced morace-2025-11-20 reserves-rank-added (reason: TODO)\n"
                   "claims/.reecheck-baseline.yaml: 1 added, 0 removed\n")
    entries = yaml.safe_load((repo / "claims" / ".reecheck-baseline.yaml").read_text(encoding="utf-8"))
    keys = [(e["article"], e["rule"], e["subject"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys)
    assert run("check")[0] == ExitCode.OK
    code, out, _ = run("check", "--strict")
    assert code == ExitCode.FINDINGS
    assert out.splitlines()[-1] == f"0 new findings, {KNOWN + 1} known, 1 baseline reason TODO"


def test_a_removed_claim_leaves_a_stale_entry(repo: Path) -> None:
    path = repo / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    source: unattributed\n    as_of: 2024\n    quote: \"or roughly 0.6",
                                 "    source: IEA\n    as_of: 2024\n    quote: \"or roughly 0.6"), encoding="utf-8")
    code, out, _ = run("check")
    assert code == ExitCode.OK
    assert out.splitlines()[-1] == f"0 new findings, {KNOWN - 1} known, 1 stale baseline entry"
    assert run("check", "--strict")[0] == ExitCode.FINDINGS
    assert run("baseline")[2].splitlines() == ["- unsourced morace-2025-11-20 production-share-2024",
                                               "claims/.reecheck-baseline.yaml: 0 added, 1 removed"]


def test_json_equals_the_core_result(repo: Path) -> None:
    add_claim(repo, SOURCED.replace("USGS", "unattributed"))
    code, out, _ = run("check", "--format", "json")
    corpus = load([Path("claims")])
    from reecheck.baseline import read_baseline

    entries, _ = read_baseline(Path("claims/.reecheck-baseline.yaml"))
    texts, _ = read_texts(corpus.articles)
    report = compare(corpus, CompareOptions())
    expected = check_to_dict(split_by_baseline(findings(corpus, CheckOptions(), texts, report), entries,
                                               CheckOptions()))
    assert code == ExitCode.FINDINGS
    assert json.loads(out) == expected
    assert [f["subject"] for f in expected["new"]] == ["reserves-rank-added"]


def test_github_format_is_chosen_under_github_actions(repo: Path) -> None:
    add_claim(repo, SOURCED.replace("USGS", "unattributed"))
    assert run("check", env={"GITHUB_ACTIONS": "true"})[1].startswith("::error file=claims/morace-2025-11-20.yaml,")


def test_fail_on_warning_and_severity_settings(repo: Path) -> None:
    (repo / "seeds" / "001_73ea199691359b25.txt").write_text(
        (REPO / "seeds" / "001_73ea199691359b25.txt").read_text(encoding="utf-8") + "\nIt may double to 5,000 tonnes.\n",
        encoding="utf-8")
    assert run("check")[0] == ExitCode.OK
    assert run("check", "--fail-on", "warning")[0] == ExitCode.FINDINGS
    (repo / "reecheck.toml").write_text('[severity]\nuncurated-figure = "error"\n', encoding="utf-8")
    assert run("check")[0] == ExitCode.FINDINGS
    (repo / "reecheck.toml").unlink()
    (repo / "pyproject.toml").write_text(
        '[tool.reecheck.severity]\nunsourced = "warning"\nconflict = "warning"\ngross = "warning"\n', encoding="utf-8")
    (repo / "claims" / ".reecheck-baseline.yaml").unlink()
    assert run("check")[0] == ExitCode.OK
    assert run("check", "--strict")[0] == ExitCode.FINDINGS


@pytest.mark.parametrize(("settings", "message"), [
    ('[severity]\nunsorced = "error"\n', "reecheck.toml: error: unknown rule 'unsorced' in severity; rules: "
                                         "unsourced, placeholder, quote-not-found, figure-not-in-quote, "
                                         "uncurated-figure, "
                                         "conflict, gross"),
    ('[severity]\nunsourced = "fatal"\n', "reecheck.toml: error: severity of 'unsourced' must be error or warning, "
                                          "not 'fatal'"),
    ('[severity]\nplaceholder = "warning"\n', "reecheck.toml: error: the severity of 'placeholder' cannot be "
                                              "changed: unfinished work never passes the gate"),
    ("[severity\n", "reecheck.toml: error: cannot read settings: Expected ']' at the end of a table declaration "
                    "(at line 1, column 10)"),
])
def test_bad_settings_exit_2(repo: Path, settings: str, message: str) -> None:
    (repo / "reecheck.toml").write_text(settings, encoding="utf-8")
    code, out, err = run("check")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.splitlines()[0] == message


def test_load_errors_exit_2_not_1(repo: Path) -> None:
    add_claim(repo, "  - id: broken\n    topic: nowhere\n")
    code, out, err = run("check")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert f"claims/morace-2025-11-20.yaml:{ADDED_LINE}:5: error: claim 'broken': missing required field 'value'" in err


def test_scan_lists_coverage_as_json(repo: Path) -> None:
    code, out, _ = run("scan", "seeds/004_e6a87919d17192b7.txt", "--format", "json")
    figures = json.loads(out)
    assert code == ExitCode.OK
    assert figures[0] == {"text": "3.8-28.7 million tonnes", "start": figures[0]["start"],
                          "end": figures[0]["start"] + 23, "line": 9, "column": 33, "low": 3800000.0,
                          "high": 28700000.0, "unit": "t", "qualifier": "exact",
                          "covered_by": "reserves-dispute-range"}
    assert figures[-1]["covered_by"] == "ignored"
    text = (repo / "seeds" / "004_e6a87919d17192b7.txt").read_text(encoding="utf-8")
    assert all(text[f["start"]:f["end"]] == f["text"] for f in figures)


def test_scan_counts_a_claim_still_todo_as_covering_its_figure_as_check_does(repo: Path) -> None:
    morace = repo / "claims" / "morace-2025-11-20.yaml"
    morace.write_text(morace.read_text(encoding="utf-8").replace("    topic: china.ree.mining-share\n",
                                                                 "    topic: TODO\n"), encoding="utf-8")
    code, out, _ = run("scan", "seeds/001_73ea199691359b25.txt")
    assert (code, out.splitlines()[1]) == (ExitCode.OK, "9:260\troughly two-thirds\tchina-mining-share")
    assert "NOT COVERED" not in out


def test_scan_stub_of_standard_input_exits_2_as_its_claim_file_could_not_name_it(repo: Path) -> None:
    assert run("scan", "-", "--stub", stdin="Output rose to about 3,000 tonnes.\n") == (
        ExitCode.INPUT_ERROR, "", "-: error: a draft needs the article's file, which its claim file names\n")


def test_scan_of_a_missing_file_exits_2(repo: Path) -> None:
    assert run("scan", "seeds/nothing.txt") == (
        ExitCode.INPUT_ERROR, "", "seeds/nothing.txt: error: cannot read file: No such file or directory\n")


def test_an_article_text_that_is_not_utf8_exits_2(repo: Path) -> None:
    (repo / "seeds" / "001_73ea199691359b25.txt").write_bytes(b"\xff\xfe caf\xe9")
    code, out, err = run("check")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.splitlines()[0] == ("claims/morace-2025-11-20.yaml:3:3: error: article 'morace-2025-11-20': "
                                   "cannot read its text: not UTF-8 text")


def test_articles_checked_on_several_cores_give_the_same_findings(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reecheck.check
    import reecheck.parallel

    add_claim(repo, SOURCED.replace("USGS", "unattributed"))
    serial = run("check", "--format", "json")
    monkeypatch.setattr(reecheck.check, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    assert run("check", "--format", "json") == serial


def test_checking_one_claim_file_finds_no_other_articles_entries_stale(in_repo: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--strict", "claims/morace-2025-11-20.yaml"])
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "0 new findings, 7 known")
