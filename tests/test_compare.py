"""Verdict rules at their boundaries, and the reasons given for a gap."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reecheck.compare import CompareOptions, Reason, TopicComparison, compare
from reecheck.model import Article, Claim, Location, Topic, Verdict
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
    (("10-12%", "12.1%"), Verdict.CONSISTENT, None),  # 12% may be a rounded 12.1%
    (("10-12%", "12.6%"), Verdict.CONFLICT, Decimal("12.6") / 12),
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
    assert reasons == [Reason("same-period", "same period (both undated): 0.6 % (a) against 1 % (b)"), Reason(
        "rounding",
        'within rounding: "a scant 1%", if rounded to the nearest 1 %, covers 0.5–1.5 %, '
        'which reaches "roughly 0.6 percent"')]


def test_no_rounding_reason_when_rounding_cannot_close_the_gap() -> None:
    assert reasons_for(claim("1%", article="a"), claim("3%", article="b")) == [
        Reason("same-period", "same period (both undated): 1 % (a) against 3 % (b)")]


def test_date_and_source_reasons() -> None:
    reasons = reasons_for(claim("1%", article="a", source="USGS", as_of="2023"),
                          claim("3%", article="b", source="Ministry", as_of="2023-01"))
    assert reasons == [Reason("same-period", "same period (as of 2023 and 2023-01): 1 % (a) against 3 % (b)"),
                       Reason("dates", "different dates: 2023, 2023-01"),
                       Reason("sources", "different sources: Ministry; USGS")]


def test_same_source_quoted_differently_across_articles() -> None:
    reasons = reasons_for(claim("28.7%", article="a", source="Ministry"),
                          claim("28.7%", article="b", source="Ministry"),
                          claim("around 28.5%", article="c", source="ministry"))
    assert reasons == [Reason("same-source", "ministry is quoted as 28.5 % (c) and 28.7 % (a, b)")]


def test_same_figure_credited_to_different_sources() -> None:
    reasons = reasons_for(claim("about 3.8%", article="a", source="USGS"),
                          claim("some 3.8%", article="b", source="Ministry"))
    assert reasons == [Reason("same-figure", "3.8 % is credited to different sources: USGS (a); Ministry (b)")]


def test_unattributed_is_no_source() -> None:
    assert reasons_for(claim("about 3.8%", article="a", source="USGS"),
                       claim("some 3.8%", article="b", source="unattributed")) == []
    assert reasons_for(claim("1%", article="a", source="USGS"), claim("3%", article="b", source="unattributed"),
                       claim("3%", article="c", source="USGS")) == [
        Reason("same-period", "same period (both undated): 1 % (a) against 3 % (b)"),
        Reason("same-source", "USGS is quoted as 1 % (a) and 3 % (c)")]


def test_notes_on_disagreeing_claims_are_reasons() -> None:
    reasons = reasons_for(claim("about 69%", article="a", claim_id="x", note="of capacity"),
                          claim("about 90%", article="b", claim_id="y"))
    assert reasons == [Reason("same-period", "same period (both undated): 69 % (a) against 90 % (b)"),
                       Reason("note", "a (x): of capacity")]


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


# --- periods, rounding, kinds and ranks (issue 10) --------------------------------------------------


def dated(*claims: Claim, published: dict[str, str] | None = None, topics: tuple[Topic, ...] = ()) -> TopicComparison:
    articles = tuple(Article(name, name, None, Location(Path(f"claims/{name}.yaml")), published=day)
                     for name, day in (published or {}).items())
    found = replace(corpus(*claims, topics=topics), articles=articles)
    return compare(found, ALL).topics[0]


@pytest.mark.parametrize(("first", "second", "verdict"), [
    ("2023-01", "2023-02", Verdict.CONSISTENT),    # January ends the day before February begins
    ("2023-01", "2023-01-31", Verdict.CONFLICT),
    ("2023", "2023-12", Verdict.CONFLICT),
    ("2022", "Q1 2023", Verdict.CONSISTENT),
    ("2019-2020", "2020-06", Verdict.CONFLICT),
])
def test_claims_meet_only_claims_whose_periods_overlap(first: str, second: str, verdict: Verdict) -> None:
    result = dated(claim("1%", article="a", as_of=first), claim("1.5%", article="b", as_of=second))
    assert result.verdict is verdict
    assert result.kinds == (() if verdict is Verdict.CONSISTENT else ("same-period",))


def test_a_series_lists_its_claims_oldest_first_and_gives_each_period_a_verdict() -> None:
    result = dated(claim("5%", article="a", as_of="2023"), claim("1%", article="b", as_of="2021"),
                   claim("3%", article="c", as_of="2022"), claim("3.5%", article="d", as_of="2022"))
    assert [placed.claim.as_of for placed in result.claims] == ["2021", "2022", "2022", "2023"]
    assert [(found.period and found.period.iso()["start"], found.verdict, found.gap) for found in result.periods] == [
        ("2021-01-01", Verdict.CONSISTENT, None), ("2022-01-01", Verdict.CONFLICT, Decimal("3.5") / 3),
        ("2023-01-01", Verdict.CONSISTENT, None)]
    assert (result.verdict, result.max_gap_ratio) == (Verdict.CONFLICT, Decimal("3.5") / 3)


@pytest.mark.parametrize(("published", "verdict", "kinds"), [
    ("2023-12-30", Verdict.CONSISTENT, ()),                       # 2023 had not ended: 2022's 1% was current
    ("2023-12-31", Verdict.GROSS, ("undated", "stale")),          # 2023 ends on the day: its 3% was current
    ("2024-01", Verdict.GROSS, ("undated", "stale")),
])
def test_an_undated_claim_meets_the_latest_period_ended_at_publication(published: str, verdict: Verdict,
                                                                       kinds: tuple[str, ...]) -> None:
    result = dated(claim("1%", article="ref", claim_id="old", as_of="2022"),
                   claim("3%", article="ref", claim_id="new", as_of="2023"),
                   claim("1%", article="news", claim_id="undated"), published={"news": published})
    assert (result.verdict, result.kinds) == (verdict, kinds)
    if published == "2023-12-31":
        assert Reason("stale", 'stale at publication: "1%" (news) is 2022\'s figure in an article of '
                               "December 2023; 2023's is 3 %") in result.reasons


def test_an_undated_claim_without_a_publication_date_meets_every_claim() -> None:
    result = dated(claim("1%", article="ref", as_of="2022"), claim("1.5%", article="news"))
    assert (result.verdict, result.kinds) == (Verdict.CONFLICT, ("undated",))


@pytest.mark.parametrize(("coarse", "fine", "verdict"), [
    ("74%", "73.5%", Verdict.CONSISTENT),     # exactly half a step below rounds up to 74
    ("74%", "74.5%", Verdict.CONSISTENT),     # exactly half a step above
    ("74%", "73.49%", Verdict.CONFLICT),
    ("74%", "73.91%", Verdict.CONSISTENT),    # two significant digits: a correct rounding
    ("0.6%", "0.64%", Verdict.CONFLICT),      # one significant digit is not enough
    ("1%", "1.2%", Verdict.CONFLICT),
    ("68,100 t", "68,075 t", Verdict.CONSISTENT),
    ("100,000 t", "107,000 t", Verdict.CONFLICT),
])
def test_a_correct_rounding_to_two_significant_digits_is_no_disagreement(coarse: str, fine: str,
                                                                        verdict: Verdict) -> None:
    tonnes = topic("t.share", "t") if coarse.endswith(" t") else topic()
    result = dated(claim(coarse, article="a", as_of="2023"), claim(fine, article="b", as_of="2023"), topics=(tonnes,))
    assert result.verdict is verdict


def test_one_article_giving_two_figures_for_one_period_is_same_article() -> None:
    result = dated(claim("1%", article="a", claim_id="x", as_of="2023"),
                   claim("3%", article="a", claim_id="y", as_of="2023"))
    assert result.kinds == ("same-article",)
    assert result.reasons[0] == Reason("same-article", "same article: a gives 1 % (x) and 3 % (y), as of 2023")


def test_an_article_reporting_two_named_sources_is_same_period_not_same_article() -> None:
    result = dated(claim("1%", article="a", claim_id="x", source="USGS", as_of="2023"),
                   claim("3%", article="a", claim_id="y", source="Ministry", as_of="2023"))
    assert result.kinds == ("same-period",)


def test_one_precise_figure_for_two_periods_in_two_articles_is_relabelled() -> None:
    tonnes = (topic("t.share", "t"),)
    result = dated(claim("33,000 t", article="a", as_of="2016"), claim("33,000 t", article="b", as_of="2023"),
                   topics=tonnes)
    assert (result.verdict, result.kinds, result.max_gap_ratio) == (Verdict.CONFLICT, ("relabelled",), None)
    assert result.reasons == (Reason("relabelled", "relabelled: 33,000 t is given for 2016 (a) and 2023 (b)"),)
    repeated = dated(claim("two", article="a", as_of="2021"), claim("two", article="b", as_of="2022"),
                     topics=(topic("t.share", "count"),))
    assert repeated.verdict is Verdict.CONSISTENT


@pytest.mark.parametrize(("first", "second", "verdict", "places"), [
    ("third", "fourth", Verdict.CONFLICT, 1),
    ("second", "fifth", Verdict.GROSS, 3),
    ("top five", "third", Verdict.CONSISTENT, None),
    ("top five", "seventh", Verdict.CONFLICT, 2),
])
def test_ranks_are_compared_in_places(first: str, second: str, verdict: Verdict, places: int | None) -> None:
    result = dated(claim(first, article="a"), claim(second, article="b"), topics=(topic("t.share", "rank"),))
    assert (result.verdict, result.max_gap_places, result.max_gap_ratio) == (verdict, places, None)
    assert all(reason.kind != "rounding" for reason in result.reasons)


def test_rank_gaps_name_the_places_and_gross_places_is_an_option() -> None:
    claims = (claim("third", article="a"), claim("fourth", article="b"))
    result = dated(*claims, topics=(topic("t.share", "rank"),))
    assert Reason("places", "3rd (a) vs 4th (b): 1 place") in result.reasons
    options = CompareOptions(gross_places=1, include_consistent=True)
    assert compare(corpus(*claims, topics=(topic("t.share", "rank"),)), options).topics[0].verdict is Verdict.GROSS
