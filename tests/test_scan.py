"""The figure scanner, sentence by sentence from the five articles: exact text and span."""

from __future__ import annotations

import pytest

from reecheck.scan import coverage, scan, sentence_around, stub_claims
from tests.helpers import claim

SENTENCES = [
    ("Despite the resource base, Russia produced only about 2,500 metric tons in 2024, or roughly 0.6 percent "
     "of global output.", ["only about 2,500 metric tons", "roughly 0.6 percent"]),
    ("citing domestic estimates of 15 rare earth metals totaling roughly 28.5–28.7 million tonnes as of early 2023.",
     ["15", "roughly 28.5–28.7 million tonnes"]),
    ("Beijing currently accounts for roughly two-thirds of global rare earth mining, processes around 90 percent "
     "of the world’s output", ["roughly two-thirds", "around 90 percent"]),
    ("actual output remains tiny — just around 2,500-2,600 metric tons in 2024, barely a fraction of global supply.",
     ["just around 2,500-2,600 metric tons"]),
    ("Analysts estimate that the lowest-cost REE production globally can be under US $11 per kg of rare-earth "
     "oxide equivalent", ["under US $11 per kg"]),
    ("- 90%+ global rare earth separation capacity", ["90%+"]),
    ("to cut the share of imports from about 75 % now to 45 % by 2030, and increase domestic production to some "
     "50,000 tonnes annually.", ["about 75 %", "45 %", "some 50,000 tonnes annually"]),
    ("say to 10-12 % of global production", ["10-12 %"]),
    ("| Reserve Assessment | Disputed 3.8-28.7 million tonnes | Ongoing evaluation |", ["3.8-28.7 million tonnes"]),
    ("The ten-fold variance between official Russian claims", ["ten-fold"]),
    ("civil penalties up to $20 million USD per violation", ["up to $20 million USD"]),
    ("Beneficiation systems achieving 15-65% rare earth oxide content", ["15-65%"]),
    ("Russia’s current production accounts for a scant 1% of global output.", ["a scant 1%"]),
    ("then begin your 30-day free trial today", ["30-day"]),
]

NOT_FIGURES = [
    "Russia To Produce Rare Earth Metals Roadmap By December 1, 2025",
    "November 20, 2025",
    "a new bridge to North Korea slated to be commissioned in 2026.",
    "Short-term Objectives (2025-2027)",
    "Long-term Vision (2030+)",
    "Stage 1 – Extraction Infrastructure:",
    "1. First item",
    "The comprehensive sanctions architecture implemented post-February 2022",
    "the G7 and COVID-19",
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_finds_each_figure_with_its_exact_text_and_span(sentence: str, expected: list[str]) -> None:
    figures = scan(sentence)
    assert [figure.text for figure in figures] == expected
    assert [sentence[figure.start:figure.end] for figure in figures] == expected


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_years_dates_and_numbering_are_not_figures(sentence: str) -> None:
    assert [figure.text for figure in scan(sentence)] == []


def test_lines_and_columns_count_from_one() -> None:
    [figure] = scan("Title\nabout 3.8 million tonnes")
    assert (figure.line, figure.column, figure.start, figure.end) == (2, 1, 6, 30)
    assert (figure.value.low, figure.value.unit) == (3800000, "t")


def test_coverage_by_value_whatever_the_qualifier_and_once_for_repeats() -> None:
    text = "about 3.8 million tonnes, then 3.8 million tonnes again, and 15 metals and 15% more and 30-day"
    claims = [claim("3.8 million tonnes", claim_id="reserves"), claim("15", claim_id="metals")]
    result = [(item.figure.text, item.covered_by) for item in coverage(scan(text), claims, ["30-DAY"])]
    assert result == [("about 3.8 million tonnes", "reserves"), ("3.8 million tonnes", "reserves"),
                      ("15", "metals"), ("15%", None), ("30-day", "ignored")]


def test_stubs_quote_the_sentence() -> None:
    text = "Intro. Output rose to about 3,000 tonnes in 2025. Next."
    [figure] = scan(text)
    assert sentence_around(text, figure) == "Output rose to about 3,000 tonnes in 2025"
    assert list(stub_claims(text, [figure])) == [
        "  - id: figure-1", "    topic: TODO", '    value: "about 3,000 tonnes"', "    source: TODO",
        '    quote: "Output rose to about 3,000 tonnes in 2025"']
