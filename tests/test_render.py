"""Each renderer over one hand-built report, with exact output."""

from __future__ import annotations

import io
from decimal import Decimal

from rich.console import Console

from reecheck.compare import CompareOptions, Report, compare
from reecheck.render.csv import render_csv
from reecheck.render.markdown import render_markdown
from reecheck.render.table import render_table
from tests.conftest import assert_golden
from tests.helpers import claim, corpus, topic


def sample_report() -> Report:
    claims = (claim("roughly 0.6 percent", article="a", claim_id="share", as_of="2024"),
              claim("a scant 1%", article="b", claim_id="share|pipe", source="[bold]experts"))
    return compare(corpus(*claims, topics=(topic(description="Russia's share"),)), CompareOptions())


def test_markdown() -> None:
    assert render_markdown(sample_report()) == """\
## t.share: conflict (1.67×)

Russia's share, in %.

| Article | Claim | As written | In % | Source | As of |
|---|---|---|---|---|---|
| a | share | roughly 0.6 percent | ≈0.6 | unattributed | 2024 |
| b | share\\|pipe | a scant 1% | 1 | [bold]experts |  |

Kinds: undated.

Why they may differ:
- undated: 1 % (b, no publication date, so compared with every claim) against 0.6 % (a, as of 2024)
- within rounding: "a scant 1%", if rounded to the nearest 1 %, covers 0.5–1.5 %, which reaches "roughly 0.6 percent"

1 topic disagrees (0 gross, 1 conflict); by kind: 1 undated
"""


def test_csv() -> None:
    lines = render_csv(sample_report()).splitlines()
    assert lines[0] == ("topic,unit,verdict,max_gap_ratio,max_gap_days,max_gap_places,article,id,value,qualifier,"
                        "low,high,source,as_of,period,published,quote,note,reference,derive,computed_low,"
                        "computed_high,file,line,kinds,reasons,url")
    assert lines[1].startswith("t.share,%,conflict,1.666666666666666666666666667,,,a,share,roughly 0.6 percent,"
                               "approximate,0.6,0.6,unattributed,2024,2024-01-01/2024-12-31,,"
                               "quote for roughly 0.6 percent,,False,,,,claims/a.yaml,1,undated,")
    assert len(lines) == 3


def test_table() -> None:
    console = Console(width=150, color_system=None, file=io.StringIO())
    assert_golden("table.txt", render_table(sample_report(), console))


def test_no_ratio_for_gaps_across_zero() -> None:
    claims = (claim("0%", article="a"), claim("5%", article="b"))
    report = compare(corpus(*claims), CompareOptions())
    assert (report.topics[0].max_gap_ratio, render_markdown(report).splitlines()[0]) == (None, "## t.share: gross")


def test_json_numbers_are_plain_floats() -> None:
    from reecheck.render.json import report_to_dict

    topic_dict = report_to_dict(sample_report())["topics"][0]
    assert topic_dict["max_gap_ratio"] == float(Decimal(1) / Decimal("0.6"))
    assert [(c["low"], c["high"]) for c in topic_dict["claims"]] == [(0.6, 0.6), (1.0, 1.0)]


def test_large_topics_show_their_extremes_and_count_the_rest() -> None:
    claims = tuple(claim(f"{number}%", article=f"a{number:02d}", claim_id="c") for number in range(1, 21))
    report = compare(corpus(*claims), CompareOptions())
    console = Console(width=400, color_system=None, file=io.StringIO())
    text = render_table(report, console, rows=4)
    assert [name for name in (f"a{n:02d}" for n in range(1, 21)) if name in text] == ["a01", "a02", "a19", "a20"]
    assert "… 16 more claims (--rows 0 shows them)" in text
    text = render_table(report, console, rows=0)
    assert "more claims" not in text
    assert all(f"a{n:02d}" in text for n in range(1, 21))


def test_a_topic_without_reasons_ends_with_one_blank_line() -> None:
    claims = (claim("5%", article="a"), claim("5%", article="b"))
    report = compare(corpus(*claims), CompareOptions(include_consistent=True))
    assert report.topics[0].reasons == ()
    console = Console(width=60, color_system=None, file=io.StringIO())
    assert [line.rstrip() for line in render_table(report, console).splitlines()] == [
        "consistent  t.share  A share (%)",
        "   Article               Value                Source",
        "  ──────────────────────────────────────────────────────────",
        "   a                     5%                   unattributed",
        "   c                     5 %",
        "",
        "   b                     5%                   unattributed",
        "   c                     5 %",
        "",
        "0 topics disagree (0 gross, 0 conflict); 1 consistent",
    ]


def test_json_adds_units_periods_publication_and_kinds() -> None:
    from reecheck.render.json import report_to_dict

    topic_dict = report_to_dict(sample_report())["topics"][0]
    assert topic_dict["kinds"] == ["undated"]
    assert topic_dict["periods"] == [
        {"start": "2024-01-01", "end": "2024-12-31", "verdict": "conflict",
         "max_gap_ratio": float(Decimal(1) / Decimal("0.6")), "max_gap_days": None, "max_gap_places": None},
        {"start": None, "end": None, "verdict": "consistent", "max_gap_ratio": None, "max_gap_days": None,
         "max_gap_places": None}]
    assert [(c["unit"], c["period"], c["published"]) for c in topic_dict["claims"]] == [
        ("%", {"start": "2024-01-01", "end": "2024-12-31"}, None), ("%", None, None)]
