"""Derived claims: the expression grammar, interval arithmetic with units, and what cannot resolve."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from reecheck.compare import CompareOptions, compare
from reecheck.derive import DeriveError, evaluate, in_base_unit, parse_expression
from reecheck.model import Claim, Derivation, Location, Number, Operation, Reference, Verdict
from tests.helpers import claim, corpus, topic

TOLERANCE = Decimal("0.05")


@pytest.mark.parametrize(("text", "expected"), [
    ("a.b", Reference("a.b")),
    ("a.b-c[source=USGS]", Reference("a.b-c", (("source", "USGS"),))),
    ("a[source=Russian Ministry of Natural Resources, as_of=2024]",
     Reference("a", (("source", "Russian Ministry of Natural Resources"), ("as_of", "2024")))),
    ("a / b", Operation("/", Reference("a"), Reference("b"))),
    ("a - b", Operation("-", Reference("a"), Reference("b"))),
    ("a + b * 2", Operation("+", Reference("a"), Operation("*", Reference("b"), Number(Decimal(2))))),
    ("(a + b) * 100", Operation("*", Operation("+", Reference("a"), Reference("b")), Number(Decimal(100)))),
    ("a / b / c", Operation("/", Operation("/", Reference("a"), Reference("b")), Reference("c"))),
])
def test_parses_expressions(text: str, expected: object) -> None:
    assert parse_expression(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("a /", '"a /" ends where a number or topic is expected'),
    ("(a + b", 'a "(" is not closed in "(a + b"'),
    ("a b", 'unexpected "b" in "a b"'),
    ("a[colour=red]", 'selector "colour=red" in "a[colour=red]" must be one of source=…, as_of=…, article=…'),
    ("__import__('os')", 'cannot read "__import__(\'os\')" (operators need spaces around them: a - b)'),
    ("a ** b", 'expected a number or topic, found "*" in "a ** b"'),
])
def test_malformed_expressions(text: str, message: str) -> None:
    with pytest.raises(DeriveError) as raised:
        parse_expression(text)
    assert str(raised.value) == message


CLAIMS = [
    claim("about 3.8 million tonnes", topic_name="reserves", article="a", claim_id="usgs", source="USGS"),
    claim("28.5–28.7 million tonnes", topic_name="reserves", article="b", claim_id="ministry", source="Ministry"),
    claim("390,000 t", topic_name="world", article="ref", claim_id="world", source="USGS", as_of="2024"),
    claim("2,500 t", topic_name="production", article="ref", claim_id="russia", source="USGS", as_of="2024"),
    claim("2,600 t", topic_name="production", article="c", claim_id="russia", source="Other", as_of="2023"),
]


BY_TOPIC: dict[str, list[Claim]] = {}
for _claim in CLAIMS:
    BY_TOPIC.setdefault(_claim.topic, []).append(_claim)


def value_of(text: str, base_unit: str = "dimensionless") -> tuple[Decimal | None, Decimal | None]:
    return in_base_unit(evaluate(parse_expression(text), BY_TOPIC, TOLERANCE), base_unit)


def test_ratio_of_a_range_to_an_approximate_value_is_an_interval() -> None:
    low, high = value_of("reserves[source=Ministry] / reserves[source=USGS]")
    assert (round(low, 10), round(high, 10)) == (round(Decimal("28.5") / Decimal("3.99"), 10),
                                                round(Decimal("28.7") / Decimal("3.61"), 10))


def test_share_from_tonnage_and_world_production() -> None:
    assert value_of("production[as_of=2024] / world * 100") == (Decimal(2500) / 390000 * 100,) * 2


def test_sums_and_differences_keep_units() -> None:
    assert value_of("production[as_of=2024] + production[as_of=2023]", "kilogram") == (Decimal("5.1e6"),) * 2
    assert value_of("production[as_of=2023] - production[as_of=2024]", "kilogram") == (Decimal("1e5"),) * 2


@pytest.mark.parametrize(("text", "message"), [
    ("nothing", "nothing matches no claim"),
    ("reserve", "reserve matches no claim; no claim has topic 'reserve' (did you mean 'reserves'?)"),
    ("reserves[source=IEA]", "reserves[source=IEA] matches no claim; no claim of reserves has source 'IEA'"),
    ("reserves[source=ministy]", "reserves[source=ministy] matches no claim; no claim of reserves has source "
                                 "'ministy' (did you mean 'Ministry'?)"),
    ("production[as_of=2024, article=reff]", "production[as_of=2024, article=reff] matches no claim; no claim of "
                                             "production has article 'reff' (did you mean 'ref'?)"),
    ("production", "production matches claims with different values: ref/russia (2,500 t); c/russia (2,600 t); "
                   "add a selector, e.g. production[source=USGS] or production[source=Other]"),
    ("world + reserves[source=USGS] / reserves[source=USGS]", "cannot add dimensionless and kilogram"),
    ("world / (world[as_of=2024] - world)", "divides by 390,000 t - 390,000 t, which may be zero"),
])
def test_what_cannot_resolve_is_reported(text: str, message: str) -> None:
    with pytest.raises(DeriveError) as raised:
        value_of(text)
    assert str(raised.value) == message


def test_a_dimension_mismatch_names_both_units() -> None:
    with pytest.raises(DeriveError) as raised:
        value_of("world", "dimensionless")
    assert str(raised.value) == "the expression gives kilogram, but the claim's value is dimensionless"


def derived(value: str, expression: str) -> object:
    stated = claim(value, topic_name="ratio", article="d", claim_id="stated")
    derivation = Derivation(expression, parse_expression(expression), Location(stated.location.path, 9, 13))
    from dataclasses import replace

    return replace(stated, derive=derivation)


def test_compare_puts_the_computed_value_beside_the_stated_one() -> None:
    ratio = topic("ratio", "times")
    reserves = topic("reserves", "million tonnes")
    world, production = topic("world", "t"), topic("production", "t")
    claims = (*CLAIMS, derived("ten-fold", "reserves[source=Ministry] / reserves[source=USGS]"))
    report = compare(corpus(*claims, topics=(ratio, reserves, world, production)),  # type: ignore[arg-type]
                     CompareOptions(topic_pattern="ratio"))
    [result] = report.topics
    assert (result.verdict, round(result.max_gap_ratio or 0, 6)) == (Verdict.CONFLICT,
                                                                      round(10 / (Decimal("28.7") / Decimal("3.61")), 6))
    assert result.reasons[0].text == ('stated "ten-fold" (d); computed 7.143–7.95 times from 28.5–28.7 million '
                                      "tonnes / about 3.8 million tonnes: disagrees: even with every input at its "
                                      "rounding limit, 7.042–8.076 times")
    assert report.problems == ()


def test_unresolvable_derivations_are_problems_with_a_place() -> None:
    ratio = topic("ratio", "times")
    claims = (*CLAIMS, derived("ten-fold", "reserves / reserves"))
    report = compare(corpus(*claims, topics=(ratio, topic("reserves", "million tonnes"), topic("world", "t"),  # type: ignore[arg-type]
                                             topic("production", "t"))), CompareOptions(topic_pattern="ratio"))
    assert [str(p) for p in report.problems] == [
        "claims/d.yaml:9:13: claim 'stated': cannot compute derive: reserves matches claims with different values: "
        "a/usgs (about 3.8 million tonnes); b/ministry (28.5–28.7 million tonnes); add a selector, e.g. "
        "reserves[source=USGS] or reserves[source=Ministry]"]


def test_article_dot_is_the_deriving_claims_own_article() -> None:
    assert parse_expression("a[article=.] / b[source=X, article=.] / c[article=other]", "mine") == Operation(
        "/", Operation("/", Reference("a", (("article", "mine"),)), Reference("b", (("source", "X"), ("article", "mine")))),
        Reference("c", (("article", "other"),)))
    assert parse_expression("a[article=.]") == Reference("a", (("article", "."),))


def test_suggested_selectors_keep_the_given_ones_and_single_out_one_value() -> None:
    claims = {"reserves": [
        claim("3.8 Mt", topic_name="reserves", article="exaputa", claim_id="u", source="USGS", as_of="2024"),
        claim("3.8 Mt", topic_name="reserves", article="exaputa", claim_id="v", source="USGS", as_of="2023"),
        claim("28.7 Mt", topic_name="reserves", article="exaputa", claim_id="m", source="Ministry", as_of="2024"),
        claim("3.9 Mt", topic_name="reserves", article="other", claim_id="u", source="USGS, 2024", as_of="2024"),
    ]}
    with pytest.raises(DeriveError) as raised:
        evaluate(parse_expression("reserves[article=.]", "exaputa"), claims, TOLERANCE)
    assert str(raised.value) == (
        "reserves[article=exaputa] matches claims with different values: exaputa/u (3.8 Mt); exaputa/v (3.8 Mt); "
        "exaputa/m (28.7 Mt); add a selector, e.g. reserves[article=exaputa, source=USGS] or "
        "reserves[article=exaputa, source=Ministry]")
    with pytest.raises(DeriveError) as raised:
        evaluate(parse_expression("reserves[as_of=2024]"), claims, TOLERANCE)
    # "USGS, 2024" cannot be written as a selector; its article can
    assert str(raised.value).endswith("; add a selector, e.g. reserves[as_of=2024, source=USGS] or "
                                      "reserves[as_of=2024, source=Ministry] or reserves[as_of=2024, article=other]")
    with pytest.raises(DeriveError) as raised:
        evaluate(parse_expression("reserves[article=exaputra]"), claims, TOLERANCE)
    assert str(raised.value) == ("reserves[article=exaputra] matches no claim; no claim of reserves has article "
                                 "'exaputra' (did you mean 'exaputa'?)")


def test_at_rounding_limits_every_input_reaches_half_a_step_of_its_last_digit() -> None:
    # 2,500 t covers 2,450-2,550 t; 390,000 t covers 385,000-395,000 t
    quantity = evaluate(parse_expression("production[as_of=2024] / world"), BY_TOPIC, TOLERANCE, at_rounding_limits=True)
    low, high = in_base_unit(quantity, "dimensionless")
    assert (round(low, 12), round(high, 12)) == (round(Decimal(2450) / 395000, 12), round(Decimal(2550) / 385000, 12))


@pytest.mark.parametrize(("stated", "outcome"), [
    ("1.65%", "agrees (within rounding)"),         # 3,800 / 230,000 is 1.652%, inside 1.645-1.655%
    ("1.7%", "agrees (within rounding)"),          # 3,750 / 235,000 to 3,850 / 225,000: 1.596-1.711%
    ("1.75%", "disagrees: even with every input at its rounding limit, 1.596–1.711 %"),
])
def test_a_derived_share_agrees_within_the_rounding_of_its_inputs(stated: str, outcome: str) -> None:
    from dataclasses import replace

    claims = (claim("3,800 t", topic_name="production", article="a", claim_id="p"),
              claim("230,000 t", topic_name="world", article="a", claim_id="w"),
              replace(claim(stated, topic_name="t.share", article="a", claim_id="s"),
                      derive=Derivation("production / world", parse_expression("production / world"),
                                        Location(Path("claims/a.yaml"), 1, 1))))
    report = compare(corpus(*claims, topics=(topic(), topic("production", "t"), topic("world", "t"))),
                     CompareOptions(topic_pattern="t.share", include_consistent=True))
    [reason] = [reason for reason in report.topics[0].reasons if reason.kind == "derived"]
    assert reason.text.endswith(f": {outcome}")


def test_a_claim_file_writes_its_own_article_as_a_dot(repo: Path) -> None:
    from reecheck.loader import load

    path = repo / "claims" / "discovery-alert-political-theater.yaml"
    before = compare(load([Path("claims")]), CompareOptions()).topics
    path.write_text(path.read_text(encoding="utf-8").replace("[article=discovery-alert-political-theater,",
                                                             "[article=.,"), encoding="utf-8")
    after = compare(load([Path("claims")]), CompareOptions())
    assert [(t.topic.name, t.verdict, t.reasons) for t in after.topics] == [
        (t.topic.name, t.verdict, t.reasons) for t in before]
    path.write_text(path.read_text(encoding="utf-8").replace(
        "world.ree.reserves[article=usgs-mcs-2025-rare-earths]", "world.ree.reserves[article=usgs-mcs-2025-rare-earth]"),
        encoding="utf-8")
    assert [str(problem) for problem in compare(load([Path("claims")]), CompareOptions()).problems] == [
        "claims/discovery-alert-political-theater.yaml:37:13: claim 'reserves-world-share': cannot compute derive: "
        "world.ree.reserves[article=usgs-mcs-2025-rare-earth] matches no claim; no claim of world.ree.reserves has "
        "article 'usgs-mcs-2025-rare-earth' (did you mean 'usgs-mcs-2025-rare-earths'?)"]
