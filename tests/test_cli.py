"""The command line through typer's runner: exit codes, streams, and JSON equal to the core's result."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reecheck.choices import CheckFormat
from reecheck.cli import app
from reecheck.compare import CompareOptions, compare
from reecheck.grammar import parse_value
from reecheck.loader import load
from reecheck.model import ExitCode
from reecheck.render import Format, check_renderer, compare_renderer
from reecheck.render.json import report_to_dict, value_to_dict

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("output", list(Format))
def test_every_compare_format_has_a_renderer(output: Format) -> None:
    from reecheck.app import ReportInput
    from reecheck.compare import Report
    from reecheck.render.html import HtmlOptions, render_html

    report = Report((), 0, CompareOptions())
    rendered = (render_html(ReportInput(report, (), ()), HtmlOptions(datetime.now(UTC), Path.cwd()))
                if output is Format.HTML else compare_renderer(output)(report))
    assert rendered.endswith("\n")


@pytest.mark.parametrize("output", list(CheckFormat))
def test_every_check_format_has_a_renderer(output: CheckFormat) -> None:
    from reecheck.baseline import CheckResult
    from reecheck.check import CheckOptions

    rendered = check_renderer(output)(CheckResult((), (), (), (), CheckOptions()))
    # concise has a line per finding, and nothing when there are none
    assert rendered.endswith("\n") or (output is CheckFormat.CONCISE and rendered == "")


def test_compare_json_equals_the_core_result(in_repo: Path) -> None:
    code, out, err = run("compare", "--format", "json", "--all")
    expected = report_to_dict(compare(load([Path("claims")]), CompareOptions(include_consistent=True)))
    assert (code, err) == (ExitCode.OK, "")
    assert json.loads(out) == expected


def test_compare_json_contract_keys(in_repo: Path) -> None:
    topics = json.loads(run("compare", "--format", "json")[1])["topics"]
    assert set(topics[0]) >= {"topic", "unit", "verdict", "max_gap_ratio", "reasons", "claims"}
    assert set(topics[0]["claims"][0]) >= {"article", "id", "value", "low", "high", "source", "as_of",
                                          "quote", "file", "line"}


def test_compare_table_shows_the_disagreements_and_a_summary(in_repo: Path) -> None:
    code, out, _ = run("compare")
    assert code == ExitCode.OK
    assert "russia.ree.reserves" in out and "gross 7.55×" in out
    assert "russia.ree.production-share" in out and "conflict 1.67×" in out
    assert out.rstrip().endswith("6 topics disagree (2 gross, 4 conflict); by kind: 1 same-article, 3 same-period, "
                                 "2 undated, 1 reference, 2 derived; 30 consistent topics hidden (--all shows them)")


def test_compare_markdown_and_csv_render_the_same_report(in_repo: Path) -> None:
    report = compare(load([Path("claims")]), CompareOptions())
    assert run("compare", "--format", "markdown")[1] == compare_renderer(Format.MARKDOWN)(report)
    rows = list(csv.DictReader(io.StringIO(run("compare", "--format", "csv")[1])))
    assert len(rows) == sum(len(topic.claims) for topic in report.topics)
    assert {row["verdict"] for row in rows} == {"gross", "conflict"}


@pytest.mark.parametrize(("args", "code"), [
    ((), ExitCode.OK),
    (("--fail-on", "gross"), ExitCode.FINDINGS),
    (("--fail-on", "conflict"), ExitCode.FINDINGS),
    (("--topic", "russia.ree.production-share", "--fail-on", "gross"), ExitCode.OK),
    (("--topic", "russia.ree.production-share", "--fail-on", "conflict"), ExitCode.FINDINGS),
    (("--topic", "china.ree.mining-share", "--fail-on", "conflict"), ExitCode.OK),
    (("--tolerance", "35%", "--topic", "china.ree.processing-share", "--fail-on", "conflict"), ExitCode.OK),
    (("--tolerance", "30%", "--topic", "china.ree.processing-share", "--fail-on", "conflict"), ExitCode.FINDINGS),
    (("--topic", "russia.ree.directive-date", "--fail-on", "gross"), ExitCode.OK),
    (("--topic", "russia.ree.directive-date", "--gross-days", "1", "--fail-on", "gross"), ExitCode.FINDINGS),
    (("--gross-ratio", "1.5", "--topic", "russia.ree.production-share", "--fail-on", "gross"), ExitCode.FINDINGS),
])
def test_fail_on_exit_codes(in_repo: Path, args: tuple[str, ...], code: ExitCode) -> None:
    assert run("compare", *args)[0] == code


def test_topic_glob_and_all(in_repo: Path) -> None:
    topics = json.loads(run("compare", "--format", "json", "--all", "--topic", "china.*")[1])["topics"]
    assert [t["topic"] for t in topics] == ["china.ree.processing-share", "china.eu-import-share",
                                            "china.export-control-pause", "china.ree.magnet-share",
                                            "china.ree.mining-share", "china.ree.production", "china.ree.reserves"]


@pytest.mark.parametrize(("option", "message"), [
    (("--tolerance", "150%"), '"150%" is not a fraction from 0 up to 1, such as 5% or 0.05'),
    (("--tolerance", "lots"), 'expected a number, found "lots"'),
    (("--gross-ratio", "0.5"), "Invalid value for '--gross-ratio'"),
    (("--format", "xml"), "'xml' is not one of 'table', 'json', 'csv', 'markdown'"),
])
def test_bad_options_exit_2(in_repo: Path, option: tuple[str, ...], message: str) -> None:
    code, out, err = run("compare", *option)
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert message in err


def test_bad_claims_exit_2_with_every_problem_and_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("x:\n  description: X\n  unit: zorgs\n", encoding="utf-8")
    (tmp_path / "claims" / "a.yaml").write_text("article: [\n", encoding="utf-8")
    code, out, err = run("compare", "--format", "json")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.splitlines() == [
        "claims/a.yaml:2:1: error: invalid YAML: did not find expected node content (while parsing a flow node)",
        'claims/topics.yaml:3:9: error: topic \'x\': cannot read unit "zorgs": unknown unit "zorgs"',
        "2 problems in the claim files; nothing compared",
    ]


def test_missing_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("compare") == (ExitCode.INPUT_ERROR, "", "claims: error: no such file or folder\n"
                                                        "1 problem in the claim files; nothing compared\n")


def test_parse_json_is_the_core_value() -> None:
    code, out, _ = run("parse", "--format", "json", "roughly 0.6 percent")
    assert code == ExitCode.OK
    assert json.loads(out) == value_to_dict(parse_value("roughly 0.6 percent"))
    assert json.loads(out) | {} == {
        "text": "roughly 0.6 percent", "low": 0.6, "high": 0.6, "unit": "%", "base_low": 0.006,
        "base_high": 0.006, "base_unit": "dimensionless", "qualifier": "approximate", "precision": 0.05}


def test_parse_open_bound_json() -> None:
    parsed = json.loads(run("parse", "-f", "json", "90%+")[1])
    assert (parsed["low"], parsed["high"], parsed["qualifier"]) == (90.0, None, "lower_bound")


def test_parse_text() -> None:
    assert run("parse", "about 2,500 metric tons") == (ExitCode.OK, (
        "text       about 2,500 metric tons\n"
        "reads as   ≈2,500 t\n"
        "qualifier  approximate\n"
        "low        2,500\n"
        "high       2,500\n"
        "unit       t\n"
        "base_low   2,500,000\n"
        "base_high  2,500,000\n"
        "base_unit  kilogram\n"), "")


def test_parse_error_exits_2() -> None:
    assert run("parse", "240 zorgs") == (
        ExitCode.INPUT_ERROR, "", 'error: cannot read value "240 zorgs": unknown unit "zorgs"\n')


@pytest.mark.parametrize("which", ["claims", "topics"])
def test_schema_prints_the_published_schema(which: str) -> None:
    code, out, _ = run("schema", which)
    assert code == ExitCode.OK
    published = Path(__file__).parent.parent / "src" / "reecheck" / "schemas" / f"{which}.schema.json"
    assert json.loads(out) == json.loads(published.read_text(encoding="utf-8"))


def test_version() -> None:
    assert run("--version") == (ExitCode.OK, "reecheck 0.1.0\n", "")


def test_tolerance_reads_fractions_and_percentages(in_repo: Path) -> None:
    as_percent = json.loads(run("compare", "-f", "json", "--tolerance", "10%")[1])["options"]
    as_fraction = json.loads(run("compare", "-f", "json", "--tolerance", "0.1")[1])["options"]
    assert as_percent == as_fraction == {"tolerance": float(Decimal("0.1")), "gross_ratio": 2.0, "gross_days": 365,
                                         "gross_places": 3, "topic": None, "all": False, "article": None,
                                         "source": None}


def test_a_crash_is_one_line_and_exit_70_never_1(in_repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import reecheck.app
    from reecheck.cli import run

    def broken(*arguments: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reecheck.app, "load", broken)
    assert run(["compare"]) == ExitCode.INTERNAL_ERROR
    assert capsys.readouterr().err == "reecheck: internal error: RuntimeError: disk on fire\n"


def test_progress_shows_only_for_long_loads_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from reecheck.cli import LoadProgress

    quiet = LoadProgress()
    for done in range(0, 1001, 250):
        quiet(done, 1000)
    assert quiet.bar is None  # stderr is not a terminal under pytest
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    short = LoadProgress()
    short(0, 150)
    assert short.bar is None
    long = LoadProgress()
    long(0, 1000)
    assert long.bar is not None and long.bar.live.is_started
    long(1000, 1000)
    assert not long.bar.live.is_started


@pytest.mark.parametrize("environment", [{"PYTHONIOENCODING": "ascii"},
                                         {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}])
@pytest.mark.parametrize("arguments", [["compare"], ["compare", "-f", "json"], ["check", "-f", "sarif"]])
def test_output_that_cannot_encode_a_character_gets_its_escape(in_repo: Path, environment: dict[str, str],
                                                                 arguments: list[str]) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "100", **environment}
    done = subprocess.run([sys.executable, "-c", "from reecheck.cli import main; main()", *arguments],
                          env=env, capture_output=True)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.isascii()
    text = done.stdout.decode("ascii")
    if "json" in arguments or "sarif" in arguments:
        in_utf8 = subprocess.run([sys.executable, "-c", "from reecheck.cli import main; main()", *arguments],
                                 env={**os.environ, "PYTHONIOENCODING": "utf-8"}, capture_output=True, check=True)
        assert json.loads(text) == json.loads(in_utf8.stdout.decode("utf-8"))
    else:
        assert text.startswith("gross 7.55\\u00d7  russia.ree.reserves")


def test_compare_only_the_topics_an_article_speaks_about(in_repo: Path) -> None:
    topics = json.loads(run("compare", "-f", "json", "--all", "--article", "discovery-alert-road-map")[1])["topics"]
    assert [t["topic"] for t in topics] == [
        "russia.ree.directive-date", "russia.china.rail-bridges", "russia.nk-bridge-commissioning",
        "russia.ree.roadmap-due"]
    assert len(topics[0]["claims"]) == 3, "the other articles' claims are still compared"


def test_compare_only_the_topics_a_source_is_quoted_in(in_repo: Path) -> None:
    out = json.loads(run("compare", "-f", "json", "--source", "russian  MINISTRY*")[1])
    assert [t["topic"] for t in out["topics"]] == ["russia.ree.reserves"]
    assert out["options"]["source"] == "russian  MINISTRY*"
    assert run("compare", "--article", "nobody")[1] == "0 topics disagree (0 gross, 0 conflict)\n"


@pytest.mark.parametrize("options", [[], ["--all"]])
def test_figures_one_unit_apart_at_nineteen_digits_conflict_with_or_without_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "topics.yaml").write_text("t.mass:\n  description: A mass\n  unit: t\n", encoding="utf-8")
    for article, value in (("a", "1,000,000,000,000,000,001 t"), ("b", "1,000,000,000,000,000,000 t")):
        (claims / f"{article}.yaml").write_text(
            f"article:\n  id: {article}\n  title: T\n  kind: reference\n  publication: P\n  table: T\n  page: '1'\n"
            f"claims:\n  - id: c\n    topic: t.mass\n    value: {value}\n    source: S\n    quote: q\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("compare", "--fail-on", "conflict", "-f", "json", *options)
    assert (code, [(found["topic"], found["verdict"]) for found in json.loads(out)["topics"]]) == (
        ExitCode.FINDINGS, [("t.mass", "conflict")])
