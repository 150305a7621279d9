"""Verdict rules at their boundaries, and the reasons given for a gap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reecheck.compare import CompareOptions, Reason, compare
from reecheck.model import Verdict
from tests.helpers import claim, corpus, topic

ALL = CompareOptions(include_consistent=True)


def verdict_of(*values: str, options: CompareOptions = ALL) -> tuple[Verdict, Decimal | None]:
    claims = [claim(value, article=f"a{index}", claim_id=f"c{index}") for index, value in enumerate(values)]
    result = compare(corpus(*claims), options).topics[0]
    return result.verdict, result.max_gap_ratio


@pytest.mark.parametrize(("values", "verdict", "ratio"), [
    (("1%", "1%"), Verdict.CONSISTENT, None),
    (("10-12%", "11%"), Verdict.CONSISTENT, None),
    (("10-12%", "12%"), Verdict.CONSISTENT, None),
    (("10-12%", "12.1%"), Verdict.CONFLICT, Decimal("12.1") / 12),
    # approximate values reach 5% either side, inclusive
    (("about 100%", "105%"), Verdict.CONSISTENT, None),
    (("about 100%", "95%"), Verdict.CONSISTENT, None),
    (("about 100%", "105.1%"), Verdict.CONFLICT, Decimal("1.051")),
    (("about 100%", "about 110%"), Verdict.CONSISTENT, None),
    (("about 100%", "about 111%"), Verdict.CONFLICT, Decimal("1.11")),
    # the gross threshold is inclusive
    (("1%", "1.99%"), Verdict.CONFLICT, Decimal("1.99")),
    (("1%", "2%"), Verdict.GROSS, Decimal("2")),
    # open bounds
    (("90%+", "95%"), Verdict.CONSISTENT, None),
    (("90%+", "about 69%"), Verdict.CONFLICT, Decimal(90) / 69),
    (("up to 12%", "10-12%"), Verdict.CONSISTENT, None),
    (("up to 12%", "15%"), Verdict.CONFLICT, Decimal("1.25")),
    (("90%+", "up to 95%"), Verdict.CONSISTENT, None),
    # units are normalised before comparing
    (("half", "50%"), Verdict.CONSISTENT, None),
    (("roughly two-thirds", "69%"), Verdict.CONSISTENT, None),
    # the corpus's two headline disagreements
    (("roughly 0.6 percent", "a scant 1%"), Verdict.CONFLICT, Decimal(1) / Decimal("0.6")),
])
def test_verdicts(values: tuple[str, ...], verdict: Verdict, ratio: Decimal | None) -> None:
    assert verdict_of(*values) == (verdict, ratio)


def test_reserves_are_a_gross_disagreement() -> None:
    reserves = topic("r", "million tonnes")
    claims = [claim("about 3.8 million tonnes", topic_name="r", article="a", source="USGS"),
              claim("28.7 million tonnes", topic_name="r", article="b", source="Ministry")]
    result = compare(corpus(*claims, topics=(reserves,)), ALL).topics[0]
    assert result.verdict is Verdict.GROSS
    assert result.max_gap_ratio == Decimal("28.7") / Decimal("3.8")
    assert [(p.stated.low, p.stated.high) for p in result.claims] == [
        (Decimal("3.8"), Decimal("3.8")), (Decimal("28.7"), Decimal("28.7"))]


def test_tolerance_and_gross_ratio_are_options() -> None:
    assert verdict_of("about 100%", "109%", options=CompareOptions(Decimal("0.10"), include_consistent=True)) == (
        Verdict.CONSISTENT, None)
    assert verdict_of("1%", "1.5%", options=CompareOptions(gross_ratio=Decimal("1.5"), include_consistent=True)) == (
        Verdict.GROSS, Decimal("1.5"))


def test_negative_and_zero_gaps_are_gross_without_a_ratio() -> None:
    assert verdict_of("0%", "5%") == (Verdict.GROSS, None)


def reasons_for(*claims: object) -> list[Reason]:
    return list(compare(corpus(*claims), ALL).topics[0].reasons)  # type: ignore[arg-type]


def test_rounding_reason_names_the_coarse_figure() -> None:
    reasons = reasons_for(claim("roughly 0.6 percent", article="a", claim_id="x"),
                          claim("a scant 1%", article="b", claim_id="y"))
    assert reasons == [Reason(
        "rounding",
        'within rounding: "a scant 1%", if rounded to the nearest 1 %, covers 0.5–1.5 %, '
        'which reaches "roughly 0.6 percent"')]


def test_no_rounding_reason_when_rounding_cannot_close_the_gap() -> None:
    assert reasons_for(claim("1%", article="a"), claim("3%", article="b")) == []


def test_date_and_source_reasons() -> None:
    reasons = reasons_for(claim("1%", article="a", source="USGS", as_of="2024"),
                          claim("3%", article="b", source="Ministry", as_of="2023-01"))
    assert reasons == [Reason("dates", "different dates: 2023-01, 2024"),
                       Reason("sources", "different sources: USGS; Ministry")]


def test_same_source_quoted_differently_across_articles() -> None:
    reasons = reasons_for(claim("28.7%", article="a", source="Ministry"),
                          claim("28.7%", article="b", source="Ministry"),
                          claim("around 28.5%", article="c", source="ministry"))
    assert reasons == [Reason("same-source", "ministry is quoted as 28.5 % (c) and 28.7 % (a, b)")]


def test_same_figure_credited_to_different_sources() -> None:
    reasons = reasons_for(claim("about 3.8%", article="a", source="USGS"),
                          claim("some 3.8%", article="b", source="unattributed"))
    assert reasons == [Reason("same-figure", "3.8 % is credited to different sources: USGS (a); unattributed (b)")]


def test_notes_on_disagreeing_claims_are_reasons() -> None:
    reasons = reasons_for(claim("about 69%", article="a", claim_id="x", note="of capacity"),
                          claim("about 90%", article="b", claim_id="y"))
    assert reasons == [Reason("note", "a (x): of capacity")]


def test_order_hiding_and_topic_filter() -> None:
    topics = (topic("b.gross"), topic("a.conflict"), topic("c.ok"), topic("d.conflict"))
    claims = [claim("1%", topic_name="b.gross", article="x"), claim("5%", topic_name="b.gross", article="y"),
              claim("1%", topic_name="a.conflict", article="x"), claim("1.2%", topic_name="a.conflict", article="y"),
              claim("1%", topic_name="d.conflict", article="x"), claim("1.5%", topic_name="d.conflict", article="y"),
              claim("1%", topic_name="c.ok", article="x")]
    report = compare(corpus(*claims, topics=topics), CompareOptions())
    assert [t.topic.name for t in report.topics] == ["b.gross", "d.conflict", "a.conflict"]
    assert report.hidden_consistent == 1
    shown_all = compare(corpus(*claims, topics=topics), CompareOptions(include_consistent=True))
    assert [t.topic.name for t in shown_all.topics][-1] == "c.ok"
    filtered = compare(corpus(*claims, topics=topics), CompareOptions(topic_pattern="*.conflict"))
    assert [t.topic.name for t in filtered.topics] == ["d.conflict", "a.conflict"]


FIGURES = st.sampled_from(["1%", "about 1%", "0.6%", "90%+", "up to 12%", "10-12%", "2%", "a scant 1%",
                           "half", "roughly two-thirds", "95%", "about 69 %", "11%"])


@given(st.lists(FIGURES, min_size=1, max_size=6), st.randoms())
def test_verdict_does_not_depend_on_claim_order(values: list[str], random: object) -> None:
    claims = [claim(value, article=f"a{index}", claim_id="c") for index, value in enumerate(values)]
    shuffled = list(claims)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first = compare(corpus(*claims), ALL).topics[0]
    second = compare(corpus(*shuffled), ALL).topics[0]
    assert (first.verdict, first.max_gap_ratio, first.claims) == (second.verdict, second.max_gap_ratio, second.claims)
    assert set(first.reasons) == set(second.reasons)


def date_claim(value: str, article: str) -> object:
    from dataclasses import replace

    from reecheck.dates import parse_date

    return replace(claim("1", topic_name="when", article=article), value=parse_date(value))


@pytest.mark.parametrize(("first", "second", "gross_days", "verdict", "days"), [
    ("November 2025", "December 1, 2025", 365, Verdict.CONFLICT, 1),
    ("November 2025", "December 1, 2025", 1, Verdict.GROSS, 1),
    ("December 2025", "December 1, 2025", 365, Verdict.CONSISTENT, None),
    ("by December 1, 2025", "December 2025", 365, Verdict.CONSISTENT, None),
    ("2024", "2026", 365, Verdict.GROSS, 366),
    ("early 2023", "January 2023", 365, Verdict.CONSISTENT, None),
])
def test_date_gaps_are_counted_in_days(first: str, second: str, gross_days: int, verdict: Verdict,
                                       days: int | None) -> None:
    when = topic("when", "calendar day")
    claims = (date_claim(first, "a"), date_claim(second, "b"))
    result = compare(corpus(*claims, topics=(when,)),  # type: ignore[arg-type]
                     CompareOptions(gross_days=gross_days, include_consistent=True)).topics[0]
    assert (result.verdict, result.max_gap_days, result.max_gap_ratio) == (verdict, days, None)
