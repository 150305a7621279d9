"""The figure scanner, sentence by sentence from the five articles: exact text and span."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reecheck.scan import coverage, scan
from tests.helpers import claim

SENTENCES = [
    ("It rose 5% (http://example.com/report?id=42), to 7 tonnes.", ["5%", "7 tonnes"]),
    ("Prices (https://example.com/prices)12% higher", ["12%"]),
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
    "The store opens at 10.45pm and closes at 5:25 a.m. on Oct. 31, Mar 9 and 2 December 2025.",
    "At 2 pm on Jan. 24, updated 9:20am PDT, 12:32 GMT.",
    "The S&P 500, the iPhone 12, the Boeing 737, Game 6, the Big 12 and Section 427.",
    # as https://indoent.com/en/3948.html, an address names a page and states nothing
    "Source: https://indoent.com/en/3948.html, www.example.org/2024/05/12/story-123 and ftp://host/7.zip",
    "He scored a 96th-minute winner, their 10th straight win, a fifth straight rise in the first half.",
    "Shares of HSBC (00005) rose; a 3-pointer; the Celtics won 104-103.",
    "Retail price\n\n8/29/2016: one of the strongest, a year ago.",
]


# Issue 11, class by class: sentence, then each figure's text, start, low, high and unit as read.
CLASSES = [
    # a bare number per a period is a rate
    ("Sales fell to 100,000 a month; 3 million annually, 40,000 per day and 2 per year.",
     [("100,000 a month", 14, "100000", "100000", "1 / month"), ("3 million annually", 31, "3e6", "3e6", "1 / a"),
      ("40,000 per day", 51, "40000", "40000", "1 / d"), ("2 per year", 70, "2", "2", "1 / a")]),
    # ordinals, "pc", "5G"
    ("He came 3rd, she was 2nd and the 7th; a 70 pc stake and a 5G phone.", [("70 pc", 40, "70", "70", "%")]),
    # pounds: sterling after a scale or "£", else a mass
    ("I spent 20 million pounds on a twenty-pound bag of rice at $3.43 per pound.",
     [("20 million pounds", 8, "2e7", "2e7", "GBP"), ("twenty-pound", 31, "20", "20", "lb"),
      ("$3.43 per pound", 59, "3.43", "3.43", "USD / lb")]),
    ("The plant emitted 240 kilotons, the bomb 58 megatons.",
     [("240 kilotons", 18, "240", "240", "kt"), ("58 megatons", 41, "58", "58", "Mt")]),
    ("It was 5 °C (41 °F), then -10C and about 800 degrees Celsius.",
     [("5 °C", 7, "5", "5", "°C"), ("41 °F", 13, "41", "41", "°F"), ("-10C", 26, "-10", "-10", "°C"),
      ("about 800 degrees Celsius", 35, "800", "800", "°C")]),
    ("Each shipment must weigh no less than 10 tonnes and no more than 5% water.",
     [("no less than 10 tonnes", 25, "10", None, "t"), ("no more than 5%", 52, None, "5", "%")]),
    ("Unemployment edged back up to 4.8 percent, up to 5% later.",
     [("4.8 percent", 30, "4.8", "4.8", "%"), ("up to 5%", 43, None, "5", "%")]),
    ("A rate of .001 per cent and $4.2b, $1tn, USD1,700, RM2.05, £8.1bn and 10 000 dollars.",
     [(".001 per cent", 10, "0.001", "0.001", "%"), ("$4.2b", 28, "4.2e9", "4.2e9", "USD"),
      ("$1tn", 35, "1e12", "1e12", "USD"), ("USD1,700", 41, "1700", "1700", "USD"),
      ("RM2.05", 51, "2.05", "2.05", "MYR"), ("£8.1bn", 59, "8.1e9", "8.1e9", "GBP"),
      ("10 000 dollars", 70, "10000", "10000", "USD")]),
    # never across a paragraph break
    ("Output reached 450\n\nTonnes of it went elsewhere.", [("450", 15, "450", "450", "")]),
    ("There were twenty, a quarter million, half a million, one in five and seventy percent.",
     [("twenty", 11, "20", "20", ""), ("a quarter million", 19, "2.5e5", "2.5e5", ""),
      ("half a million", 38, "5e5", "5e5", ""), ("one in five", 54, "0.2", "0.2", ""),
      ("seventy percent", 70, "70", "70", "%")]),
    ("Output rose 7% to $2.3 billion in 2023.",
     [("7%", 12, "7", "7", "%"), ("$2.3 billion", 18, "2.3e9", "2.3e9", "USD")]),
    ("The rate eased from 4.8 percent to 4.7 percent, ranged from 2 to 3 percent.",
     [("4.8 percent", 20, "4.8", "4.8", "%"), ("4.7 percent", 35, "4.7", "4.7", "%"),
      ("2 to 3 percent", 60, "2", "3", "%")]),
    ("The count rose by 3 to 868.", [("3", 18, "3", "3", ""), ("868", 23, "868", "868", "")]),
    ("Homes there sell for $800,000 to $1.3 million.",
     [("$800,000 to $1.3 million", 21, "800000", "1.3e6", "USD")]),
    ("The app has 35m users, a $1.2m budget and shipped 1.2m tons.",
     [("35m", 12, "3.5e7", "3.5e7", ""), ("$1.2m", 25, "1.2e6", "1.2e6", "USD"),
      ("1.2m tons", 50, "1.2e6", "1.2e6", "t")]),
    ("The firm will cut 2,000 jobs on a route of over 2,000km in 2024.",
     [("2,000", 18, "2000", "2000", ""), ("over 2,000km", 43, "2000", None, "km")]),
    ("Growth was -1.3% and the reading was minus 387.",
     [("-1.3%", 11, "-1.3", "-1.3", "%"), ("minus 387", 37, "-387", "-387", "")]),
    ("Most flats there are sub-500 sq m.", [("sub-500 sq m", 21, None, "500", "m ** 2")]),
    ("Output rose from 144,000 metric tons in 2022 to 175,000 metric tons in 2023, 2025-2027.",
     [("144,000 metric tons", 17, "144000", "144000", "t"), ("175,000 metric tons", 48, "175000", "175000", "t")]),
    ("The mine produces 50,000 tpa and 20 kt/y, the smelter 1.5 t/yr, 96,600 tons a year.",
     [("50,000 tpa", 18, "50000", "50000", "t / a"), ("20 kt/y", 33, "20", "20", "kt / a"),
      ("1.5 t/yr", 54, "1.5", "1.5", "t / a"), ("96,600 tons a year", 64, "96600", "96600", "t / a")]),
    ("Coal use fell to 700,000 short tons; 263,276 MT and RM2,772 MT.",
     [("700,000 short tons", 17, "700000", "700000", "ton"), ("263,276 MT", 37, "263276", "263276", "t"),
      ("RM2,772 MT", 52, "2772", "2772", "MYR / t")]),
    ("It made 30,000 metric tons of copper cathode and 5,000 tonnes of cobalt.",
     [("30,000 metric tons", 8, "30000", "30000", "t"), ("5,000 tonnes", 49, "5000", "5000", "t")]),
    ("Winds of 30-40 mph, 467 yards, 5,000 square feet, 40 acres, 6 gallons, 50 mg.",
     [("30-40 mph", 9, "30", "40", "mi / h"), ("467 yards", 20, "467", "467", "yd"),
      ("5,000 square feet", 31, "5000", "5000", "ft ** 2"), ("40 acres", 50, "40", "40", "acre"),
      ("6 gallons", 60, "6", "6", "gal"), ("50 mg", 71, "50", "50", "mg")]),
    ("It cost C$45 million, HK$3 billion, 50 pence, 120 yen, 12 cents, €10B and $US113 trillion.",
     [("C$45 million", 8, "4.5e7", "4.5e7", "CAD"), ("HK$3 billion", 22, "3e9", "3e9", "HKD"),
      ("50 pence", 36, "50", "50", "p"), ("120 yen", 46, "120", "120", "JPY"), ("12 cents", 55, "12", "12", "¢"),
      ("€10B", 65, "1e10", "1e10", "EUR"), ("$US113 trillion", 74, "1.13e14", "1.13e14", "USD")]),
    ("A 3-inch pipe, a 10-gallon hat and a 6,500-ton quota.",
     [("3-inch", 2, "3", "3", "in"), ("10-gallon", 17, "10", "10", "gal"), ("6,500-ton", 37, "6500", "6500", "t")]),
    ("The track is 1/4 mile long and the door 2 1/2 inches thick.",
     [("1/4 mile", 13, "0.25", "0.25", "mi"), ("2 1/2 inches", 40, "2.5", "2.5", "in")]),
    ("It trades at sub-10 times earnings, a fifth of its peak.",
     [("sub-10 times", 13, None, "10", "times"), ("a fifth", 36, "0.2", "0.2", "")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CLASSES)
def test_reads_each_class_of_issue_11(sentence: str, expected: list[tuple[str, int, str | None, str | None, str]]
                                      ) -> None:
    found = [(figure.text, figure.start, figure.value.low, figure.value.high, figure.value.unit)
             for figure in scan(sentence)]
    assert found == [(text, start, None if low is None else Decimal(low), None if high is None else Decimal(high),
                      unit) for text, start, low, high, unit in expected]
    assert all(sentence[start:start + len(text)] == text for text, start, *_ in expected)


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


def test_lines_and_columns_in_a_long_text() -> None:
    """Counted on from the figure before, so figures on the same line, on later lines and on one long
    line are all placed as from the text's start."""
    text = "\n\n".join(["It employs 4,000 people, up 5%."] * 200) + "\n" + "It sold 3 t. " * 300
    figures = scan(text)
    assert [(figure.line, figure.column) for figure in figures[:4]] == [(1, 12), (1, 29), (3, 12), (3, 29)]
    assert [(figure.line, figure.column) for figure in figures[398:401]] == [(399, 12), (399, 29), (400, 9)]
    assert (len(figures), figures[-1].line, figures[-1].column, figures[-1].text) == (700, 400, 13 * 299 + 9, "3 t")
    assert all((figure.line, figure.column) == (text.count("\n", 0, figure.start) + 1,
                                                figure.start - text.rfind("\n", 0, figure.start)) for figure in figures)


@pytest.mark.parametrize(("text", "expected"), [
    ("Unemployment came back" + " " * 100 + "up to 4.8 percent.", "4.8 percent"),
    ("x" * 100 + " edged back up to 4.8 percent.", "4.8 percent"),
    ("A setback up to 4.8 percent.", "up to 4.8 percent"),
    ("x" * 100 + "setback up to 4.8 percent.", "up to 4.8 percent"),
])
def test_back_up_to_is_found_however_far_the_white_space_reaches(text: str, expected: str) -> None:
    assert [figure.text for figure in scan(text)] == [expected]


def test_a_number_after_text_on_its_line_does_not_number_it() -> None:
    assert [figure.text for figure in scan("y" * 5000 + " 2. Then\n - 3. Next\n•4) Last")] == ["2"]


def test_a_figure_is_covered_by_a_claim_whose_quote_holds_that_occurrence() -> None:
    text = ("China mines around 70 percent of it. The DRC mines roughly 70 percent of cobalt, "
            "ranked 1 with 100.00% of the market; about 3.8 million tonnes, and 30-day")
    claims = [replace(claim("around 70 percent", claim_id="china"), quote="China mines around 70 percent"),
              replace(claim("1", claim_id="rank"), quote="ranked 1 with 100.00% of the market"),
              replace(claim("3.8 million tonnes", claim_id="reserves"), quote="about 3.8 MILLION  tonnes")]
    result = [(item.figure.text, item.covered_by) for item in coverage(scan(text), claims, ["30-DAY"], text)]
    assert result == [("around 70 percent", "china"), ("roughly 70 percent", None), ("1", "rank"),
                      ("100.00%", None), ("about 3.8 million tonnes", "reserves"), ("30-day", "ignored")]


@given(st.text(alphabet=st.sampled_from(list("ab ’—\u00a0\n\t\u2028ßİX1.")), max_size=40))
def test_normal_text_is_placed_the_same_by_words_as_by_characters(text: str) -> None:
    from reecheck.scan import normal_text_with_offsets, normal_text_with_offsets_by_character

    assert normal_text_with_offsets(text) == normal_text_with_offsets_by_character(text)
