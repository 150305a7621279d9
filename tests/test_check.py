"""The rules of `reecheck check`, the identity of findings, and the baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from reecheck.baseline import read_baseline, split_by_baseline, update_baseline
from reecheck.check import CheckOptions, Severity, figure_words, findings, read_texts, word_pattern
from reecheck.loader import load
from reecheck.rules import UNSOURCED
from reecheck.scan import normal_text

TOPICS = "reserves:\n  description: Reserves\n  unit: million tonnes\nshare:\n  description: Share\n  unit: '%'\n"
ARTICLE = "Officials say Russia’s reserves are about 3.8 million tonnes.\nOutput is 2% of the world’s — up 5% on 2023.\n"
HEAD = "article:\n  id: a\n  title: T\n  text: seeds/a.txt\nclaims:\n"
RESERVES = ('  - id: reserves\n    topic: reserves\n    value: about 3.8 million tonnes\n    source: Officials\n'
            '    quote: "Officials say Russia\'s reserves are about 3.8 million tonnes"\n')
SHARE = '  - id: share\n    topic: share\n    value: 2%\n    source: unattributed\n    quote: "Output is 2% of the world’s"\n'
IGNORE = "ignore:\n  - figure: 5%\n    reason: a yearly change, not a level\n"
IGNORE_BOTH = IGNORE + "  - figure: 2%\n    reason: not curated in this test\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("claims", "seeds"):
        (tmp_path / folder).mkdir()
    (tmp_path / "claims" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "seeds" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(project: Path, claims: str, options: CheckOptions | None = None) -> list[tuple[str, str, str, str]]:
    (project / "claims" / "a.yaml").write_text(claims, encoding="utf-8")
    corpus = load([Path("claims")])
    assert corpus.problems == ()
    return [(f.rule.id, f.severity.value, str(f.location), f.message)
            for f in findings(corpus, options or CheckOptions(), read_texts(corpus.articles)[0])]


def test_a_clean_article_has_no_findings(project: Path) -> None:
    assert found(project, HEAD + RESERVES + SHARE.replace("unattributed", "Statistics office") + IGNORE) == []


def test_unsourced(project: Path) -> None:
    assert found(project, HEAD + RESERVES + SHARE + IGNORE) == [
        ("unsourced", "error", "claims/a.yaml:11:5", "claim 'share': \"2%\" has no source (source: unattributed)")]


def test_a_claim_without_a_source_field_is_unsourced(project: Path) -> None:
    assert found(project, HEAD + RESERVES.replace("    source: Officials\n", "") + IGNORE_BOTH) == [
        ("unsourced", "error", "claims/a.yaml:6:5", "claim 'reserves': \"about 3.8 million tonnes\" has no source "
                                                   "(no source field)")]


def test_quote_matching_forgives_typography_only(project: Path) -> None:
    # straight apostrophe, other case and a doubled space against the article's curly apostrophe
    forgiving = RESERVES.replace("Officials say Russia's", "officials  say Russia's")
    assert found(project, HEAD + forgiving + IGNORE_BOTH) == []
    invented = RESERVES.replace("Officials say", "Experts say")
    # A quote that is not in the article covers no figure of it either.
    assert found(project, HEAD + invented + IGNORE_BOTH) == [
        ("quote-not-found", "error", "claims/a.yaml:6:5",
         "claim 'reserves': the quote is not in the article: \"Experts say Russia's reserves are about 3.8 million tonnes\""),
        ("uncurated-figure", "warning", "seeds/a.txt:1:37",
         "\"about 3.8 million tonnes\" is stated in the article but no claim of a covers it")]


def test_figure_not_in_quote(project: Path) -> None:
    other = RESERVES.replace("value: about 3.8", "value: about 3.9")
    assert ("figure-not-in-quote", "error", "claims/a.yaml:6:5",
            "claim 'reserves': \"3.9\" of \"about 3.9 million tonnes\" is not in the quote") in found(
                project, HEAD + other + IGNORE_BOTH)


@pytest.mark.parametrize(("value", "quote", "missing"), [
    ("14.1 kt", "Indonesia could produce 14.1kt in 2023", ()),
    ("35 million", "some 35m people", ()),
    ("US$1.5 billion", "a US$1.5bn deal", ()),
    ("7 percent", "The G7 economies grew 3 percent", ("7",)),
    ("5 percent", "5G sales grew 3 percent", ("5",)),
    ("2 percent", "CO2 output fell 3 percent", ("2",)),
    ("28.5 Mt", "128.5 Mt", ("28.5",)),
    ("28.5 Mt", "28.55 Mt", ("28.5",)),
    ("3 Mt", "3.5 Mt", ("3",)),
    ("five", "a fivefold rise", ("five",)),
    ("28.5 Mt", "about 28.5 Mt.", ()),
])
def test_a_number_is_in_a_quote_standing_alone_or_against_a_unit(value: str, quote: str,
                                                                  missing: tuple[str, ...]) -> None:
    text = normal_text(quote)
    assert tuple(number for number in figure_words(value) if not word_pattern(number).search(text)) == missing


def test_uncurated_figures_are_warnings_and_errors_when_strict(project: Path) -> None:
    expected = ("uncurated-figure", "warning", "seeds/a.txt:2:34",
                "\"5%\" is stated in the article but no claim of a covers it")
    assert found(project, HEAD + RESERVES + SHARE.replace("unattributed", "X")) == [expected]
    strict = found(project, HEAD + RESERVES + SHARE.replace("unattributed", "X"), CheckOptions(strict=True))
    assert strict[-1] == (*expected[:1], "error", *expected[2:])


def test_severities_can_be_changed(project: Path) -> None:
    options = CheckOptions(severities={UNSOURCED.id: Severity.WARNING})
    assert found(project, HEAD + RESERVES + SHARE + IGNORE, options)[0][:2] == ("unsourced", "warning")


def fingerprints(project: Path, claims: str) -> list[str]:
    (project / "claims" / "a.yaml").write_text(claims, encoding="utf-8")
    corpus = load([Path("claims")])
    return [f.fingerprint for f in findings(corpus, CheckOptions(), read_texts(corpus.articles)[0])]


def test_identity_survives_reordering_and_reformatting_but_not_editing(project: Path) -> None:
    original = fingerprints(project, HEAD + RESERVES + SHARE + IGNORE)
    reordered = fingerprints(project, HEAD + SHARE + RESERVES + IGNORE)
    reformatted = fingerprints(project, "# a comment\n" + HEAD + RESERVES + SHARE.replace("value: 2%", "value: '2%'") + IGNORE)
    edited = fingerprints(project, HEAD + RESERVES + SHARE.replace("of the world’s", "of the world’s —") + IGNORE)
    assert len(original) == 1
    assert original == reordered == reformatted
    assert edited != original


def test_baseline_round_trip_keeps_reasons_and_reports_stale_and_todo(project: Path) -> None:
    (project / "claims" / "a.yaml").write_text(HEAD + RESERVES + SHARE + IGNORE, encoding="utf-8")
    corpus = load([Path("claims")])
    current = findings(corpus, CheckOptions(), read_texts(corpus.articles)[0])
    first = update_baseline(current, [])
    assert [f.subject for f in first.added] == ["share"] and first.removed == ()
    baseline_file = project / "claims" / ".reecheck-baseline.yaml"
    baseline_file.write_text(first.text.replace("reason: TODO", "reason: 'the figure: as printed'"), encoding="utf-8")
    entries, problems = read_baseline(baseline_file)
    assert problems == [] and entries[0].reason == "the figure: as printed"
    result = split_by_baseline(current, entries, CheckOptions())
    assert (result.new, [reason for _, reason in result.known], result.stale, result.failed) == (
        (), ["the figure: as printed"], (), False)
    assert update_baseline(current, entries).text == baseline_file.read_text(encoding="utf-8").replace(
        "'the figure: as printed'", '"the figure: as printed"')
    gone = split_by_baseline([], entries, CheckOptions(strict=True))
    assert ([e.subject for e in gone.stale], gone.failed) == (["share"], True)
    todo = split_by_baseline(current, read_baseline_text(project, first.text), CheckOptions(strict=True))
    assert ([e.subject for e in todo.unreviewed], todo.failed) == (["share"], True)


def read_baseline_text(project: Path, text: str) -> list:  # type: ignore[type-arg]
    path = project / "claims" / "todo-baseline.yml.txt"
    path.write_text(text, encoding="utf-8")
    return read_baseline(path)[0]


def test_a_bad_baseline_is_a_problem_with_a_line(project: Path) -> None:
    path = project / "claims" / ".reecheck-baseline.yaml"
    path.write_text("- rule: unsourced\n  article: a\n", encoding="utf-8")
    assert [str(p) for p in read_baseline(path)[1]] == [
        "claims/.reecheck-baseline.yaml:1:3: baseline entry: missing required field 'subject'",
        "claims/.reecheck-baseline.yaml:1:3: baseline entry: missing required field 'fingerprint'",
        "claims/.reecheck-baseline.yaml:1:3: baseline entry: missing required field 'reason'"]
