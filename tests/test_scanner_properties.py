"""The scanner and the grammar never fail on any text: a result, or for a value a GrammarError (issue 11)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reecheck.grammar import CURRENCY_PREFIXES, QUALIFIER_PHRASES, SCALES, UNIT_PHRASES, GrammarError, parse_value
from reecheck.scan import scan

WORDS = sorted({" ".join(phrase) for phrase in (*UNIT_PHRASES, *QUALIFIER_PHRASES, *CURRENCY_PREFIXES)}
               | set(SCALES) | {"to", "-", "from", "between", "and", "per", "a", "in", "of", "one", "half", "minus",
                                "\n\n", "/", ":", "pm", "th", "Oct.", "G", "MT", "tons", "m", "°C", "+", "1/4"})
NUMBERS = st.one_of(st.integers(-10**6, 10**45).map(str), st.decimals(allow_nan=False, allow_infinity=False).map(str),
                    st.integers(0, 10**9).map(lambda number: f"{number:,}"),
                    st.sampled_from(["2 1/2", ".001", "10 000", "2,6", "1,5", "08/29/2016", "5:25", "96th"]))
MIXES = st.lists(st.one_of(NUMBERS, st.sampled_from(WORDS)), max_size=12).map(" ".join)
GLUED = st.lists(st.one_of(NUMBERS, st.sampled_from(WORDS)), max_size=8).map("".join)
TEXTS = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), MIXES, GLUED)


@given(TEXTS)
def test_the_scanner_reads_any_text(text: str) -> None:
    for figure in scan(text):
        assert text[figure.start:figure.end] == figure.text
        assert "\n\n" not in figure.text.replace("\r", "")


@settings(deadline=None)  # a name outside the vocabulary builds pint's registry once
@given(TEXTS)
def test_parse_value_reads_any_text_or_says_why_not(text: str) -> None:
    try:
        parse_value(text)
    except GrammarError as error:
        assert str(error)
