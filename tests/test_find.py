"""`find`: a figure found in whatever unit and spelling, grep-like lines and exit codes."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reecheck.cli import app
from reecheck.dates import parse_date
from reecheck.find import FindOptions, figure_as_date, find, states
from reecheck.grammar import parse_value
from reecheck.loader import load
from reecheck.model import ExitCode
from reecheck.render.found import found_to_dict
from tests.helpers import claim, corpus, topic

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("written", ["3,800,000 t", "3.8 million tonnes", "about 3.8 Mt", "3800 kt",
                                     "3.8 megatonnes", "some 3,800 thousand metric tons", "0.0038 Gt",
                                     "over 3.8 Mt", "up to 3.8 Mt", "3.8-4 Mt", "3-3.8 Mt"])
def test_a_point_is_stated_in_any_unit_spelling_qualifier_and_as_an_end(written: str) -> None:
    assert states(parse_value(written), parse_value("3.8 Mt"), Decimal(0))


@pytest.mark.parametrize("written", ["3.9 Mt", "3-4 Mt", "3.8 Mt a year", "3.8%", "3.8", "3.8 km"])
def test_a_range_around_it_another_number_or_dimension_is_not_the_figure(written: str) -> None:
    assert not states(parse_value(written), parse_value("3.8 Mt"), Decimal(0))


@pytest.mark.parametrize(("written", "searched", "stated"), [
    ("28.5–28.7 million tonnes", "28.5-28.7 Mt", True),
    ("roughly 28.5 to 28.7 Mt", "28,500,000-28,700,000 t", True),
    ("28.5–28.7 million tonnes", "28.5-29 Mt", False),
    ("28.5 Mt", "28.5-28.7 Mt", False),
    ("more than 3 Mt", "over 3,000,000 t", True),
    ("3 Mt", "over 3 Mt", False),
    ("up to 3 Mt", "over 3 Mt", False),
])
def test_a_range_or_a_bound_is_stated_only_by_the_same_range_or_bound(written: str, searched: str,
                                                                     stated: bool) -> None:
    assert states(parse_value(written), parse_value(searched), Decimal(0)) is stated


@pytest.mark.parametrize(("written", "stated"), [("3.5 Mt", True), ("4.1 Mt", True), ("3.4 Mt", False),
                                                 ("3.5-4.5 Mt", True), ("over 4.2 Mt", False)])
def test_near_reaches_a_fraction_of_the_figure_either_side(written: str, stated: bool) -> None:
    assert states(parse_value(written), parse_value("3.8 Mt"), Decimal("0.1")) is stated


@pytest.mark.parametrize(("written", "searched", "stated"), [
    ("December 1, 2025", "2025-12-01", True),
    ("December 2025", "2025-12", True),
    ("December 2025", "December 1, 2025", False),
    ("by December 1, 2025", "December 1, 2025", False),
    ("by December 1, 2025", "before 2025-12-01", True),
])
def test_a_date_is_stated_only_by_the_same_days(written: str, searched: str, stated: bool) -> None:
    assert states(parse_value(written), parse_value(searched), Decimal("0.1")) is stated


def test_a_bare_year_is_that_year_to_a_claim_of_dates_and_the_number_to_the_others(in_repo: Path) -> None:
    assert run("find", "2026") == (ExitCode.OK, (
        "claims/discovery-alert-road-map.yaml:25: 2026 (russia.nk-bridge-commissioning, unattributed)\n"
        "claims/morace-2025-11-20.yaml:77: 2026 (russia.nk-bridge-commissioning, Kremlin directive)\n"), "")
    assert run("find", "2027") == (ExitCode.FINDINGS, "", "")
    year = dataclasses.replace(claim("3 t", line=2), value=parse_date("2026"))
    claims = (claim("2026", line=1), year, claim("2025", line=3))
    options = FindOptions(parse_value("2026"), figure_as_date=figure_as_date("2026"))
    assert find(corpus(*claims), options) == claims[:2]
    assert find(corpus(*claims), dataclasses.replace(options, figure_as_date=None)) == claims[:1]
    assert figure_as_date("3.8 Mt") is None


def test_find_narrows_by_topic_source_and_article_in_file_and_line_order() -> None:
    reserves, output = topic("t.reserves", "Mt"), topic("t.output", "t")
    claims = (claim("3,800,000 t", topic_name="t.reserves", article="b", source="USGS Mineral Commodity Summaries"),
              claim("3.8 Mt", topic_name="t.output", article="a", source="Ministry", line=9),
              claim("about 3.8 million tonnes", topic_name="t.reserves", article="a", source="usgs", line=3))
    everything = corpus(*claims, topics=(reserves, output))
    figure = parse_value("3.8 Mt")
    assert find(everything, FindOptions(figure)) == (claims[2], claims[1], claims[0])
    assert find(everything, FindOptions(figure, topic_pattern="t.res*")) == (claims[2], claims[0])
    assert find(everything, FindOptions(source_text="  USGS ")) == (claims[2], claims[0])
    assert find(everything, FindOptions(figure, article_id="a", source_text="ministry")) == (claims[1],)
    assert find(everything, FindOptions(parse_value("3.9 Mt"))) == ()


def test_the_lines_are_greps_across_units_and_spellings(in_repo: Path) -> None:
    assert run("find", "3.8 Mt") == (ExitCode.OK, (
        "claims/discovery-alert-political-theater.yaml:11: 3.8-28.7 million tonnes (russia.ree.reserves, unattributed)\n"
        "claims/discovery-alert-political-theater.yaml:27: 3.8 million tonnes (russia.ree.reserves, USGS)\n"
        "claims/morace-2025-11-20.yaml:37: about 3.8 million tonnes (russia.ree.reserves, USGS)\n"
        "claims/russia-late-to-rare-earths.yaml:25: some 3.8 million tonnes (russia.ree.reserves, unattributed)\n"
        "claims/usgs-mcs-2025-rare-earths.yaml:32: 3,800,000 t (russia.ree.reserves, "
        "USGS Mineral Commodity Summaries 2025)\n"), "")
    for spelling in ("3,800,000 t", "3.8 million tonnes", "about 3800 kt"):
        assert run("find", spelling) == run("find", "3.8 Mt")


def test_options_narrow_and_near_widens(in_repo: Path) -> None:
    assert run("find", "3.8 Mt", "--source", "usgs", "--article", "morace-2025-11-20") == (
        ExitCode.OK, "claims/morace-2025-11-20.yaml:37: about 3.8 million tonnes (russia.ree.reserves, USGS)\n", "")
    assert run("find", "0.66%", "--near", "10%", "--topic", "russia.*") == (ExitCode.OK, (
        "claims/morace-2025-11-20.yaml:65: roughly 0.6 percent (russia.ree.production-share, unattributed)\n"), "")
    assert run("find", "--source", "experts") == (ExitCode.OK, (
        "claims/putin-pushes-rare-earth-reserves.yaml:36: a scant 1% (russia.ree.production-share, experts)\n"), "")


def test_source_matches_the_source_as_written_so_todo_and_unattributed_are_apart(repo: Path) -> None:
    path = repo / "claims" / "morace-2025-11-20.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('value: "2026"\n    source: Kremlin directive\n',
                                                                 'value: "2026"\n    source: todo\n'), encoding="utf-8")
    todo = "claims/morace-2025-11-20.yaml:77: 2026 (russia.nk-bridge-commissioning, todo)\n"
    assert run("find", "--source", "TODO") == (ExitCode.OK, todo, "")
    assert run("find", "2026", "--source", " Todo ") == (ExitCode.OK, todo, "")
    assert run("find", "2026", "--source", "unattributed") == (ExitCode.OK, (
        "claims/discovery-alert-road-map.yaml:25: 2026 (russia.nk-bridge-commissioning, unattributed)\n"), "")


def test_a_figure_copied_from_an_article_is_read_as_the_scanner_reads_it_with_a_note(in_repo: Path) -> None:
    code, out, err = run("find", "3,800,000 tons")
    assert (code, out) == run("find", "3.8 Mt")[:2]
    assert err == ('reecheck: note: read "3,800,000 tons" as the scanner reads an article\'s text ("tons" and "MT" '
                   'as metric tonnes, "35m" as 35 million); a claim file must write it out: ambiguous unit "tons": '
                   'write "metric tons" or "short tons"\n')


def test_none_found_is_exit_1_and_bad_input_exit_2(in_repo: Path) -> None:
    assert run("find", "3.9 Mt") == (ExitCode.FINDINGS, "", "")
    code, out, err = run("find", "3.8 millon t")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err.endswith('Invalid value for FIGURE: cannot read "3.8 millon t": unknown unit "millon" '
                        "(did you mean 'million' or 'billion'?)\n")
    assert run("find", "3.8 Mt", "--near", "2")[0] == ExitCode.INPUT_ERROR


def test_json_equals_the_core_result(in_repo: Path) -> None:
    code, out, err = run("find", "3.8 Mt", "-f", "json")
    expected = find(load([Path("claims")]), FindOptions(parse_value("3.8 Mt")))
    assert (code, err) == (ExitCode.OK, "")
    assert json.loads(out) == [found_to_dict(found) for found in expected]
    assert json.loads(out)[1] == {
        "file": "claims/discovery-alert-political-theater.yaml", "line": 27,
        "article": "discovery-alert-political-theater", "id": "reserves-usgs", "topic": "russia.ree.reserves",
        "value": "3.8 million tonnes", "source": "USGS", "as_of": None,
        "quote": "USGS Independent Assessment: 3.8 million tonnes"}


def test_claim_files_that_do_not_load_are_exit_2_with_their_place(repo: Path) -> None:
    broken = repo / "claims" / "morace-2025-11-20.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("value: about 3.8 million tonnes",
                                                                 "value: about 3.8 millon tonnes"), encoding="utf-8")
    code, out, err = run("find", "3.8 Mt")
    assert (code, out) == (ExitCode.INPUT_ERROR, "")
    assert err == ("claims/morace-2025-11-20.yaml:39:12: error: claim 'reserves-usgs': cannot read value "
                   "\"about 3.8 millon tonnes\": unknown unit \"millon\" (did you mean 'million' or 'billion'?)\n"
                   "1 problem in the claim files; nothing searched\n")
