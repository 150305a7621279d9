"""The scanner's development set is well formed, and the scanner does not get worse on it (issue 11).

The floors are what the scanner reached when the set was written, rounded down to the percent:
raise them when the scanner gets better.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.scanner.devset import (
    CLASSES,
    QUALIFIERS,
    UNITS,
    Score,
    Sentence,
    evaluate,
    load,
    reecheck_reader,
)

RECALL_FLOOR = 0.99
PRECISION_FLOOR = 0.99
VALUE_ACCURACY_FLOOR = 0.95
SOURCE = re.compile(r"https?://\S+|quantulum3:[\w.]+\.json|constructed")


@pytest.fixture(scope="module")
def sentences() -> list[Sentence]:
    return load()


@pytest.fixture(scope="module")
def score(sentences: list[Sentence]) -> Score:
    return evaluate(sentences, reecheck_reader)[0]


def test_the_set_has_300_sentences_and_every_class_of_issue_11_several_times(sentences: list[Sentence]) -> None:
    counts = Counter(sentence.cls for sentence in sentences)
    assert len(sentences) >= 300
    assert set(counts) <= set(CLASSES)
    assert {cls: n for cls, n in counts.items() if n < 3} == {}
    assert set(CLASSES) - set(counts) == set()


def test_every_span_stands_in_its_text_where_stated_and_spans_do_not_overlap(sentences: list[Sentence]) -> None:
    for sentence in sentences:
        ends = [-1]
        for figure in sentence.figures:
            assert sentence.text[figure.start:figure.end] == figure.span, sentence.text
            assert figure.start >= ends[-1], f"{figure.span!r} overlaps or is out of order in {sentence.text!r}"
            ends.append(figure.end)


def test_every_field_is_valid(sentences: list[Sentence]) -> None:
    for sentence in sentences:
        assert SOURCE.fullmatch(sentence.source), sentence.source
        for figure in sentence.figures:
            where = f"{figure.span!r} in {sentence.text!r}"
            assert figure.qualifier in QUALIFIERS, where
            assert figure.unit in UNITS, where
            assert figure.dimension == UNITS[figure.unit][2], where
            assert (figure.low is None) == (figure.qualifier == "upper_bound"), where
            assert (figure.high is None) == (figure.qualifier == "lower_bound"), where
            if figure.low is not None and figure.high is not None:
                assert figure.low <= figure.high, where


def test_recall_precision_and_value_accuracy_do_not_fall_below_their_floors(score: Score) -> None:
    assert score.recall >= RECALL_FLOOR, "\n".join(score.failures)
    assert score.precision >= PRECISION_FLOOR
    assert score.value_accuracy >= VALUE_ACCURACY_FLOOR
