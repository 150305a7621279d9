"""Claim files in, a Corpus out; every kind of bad input as one exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from reecheck.loader import load

TOPICS = """\
russia.ree.reserves:
  description: Russia's rare-earth reserves
  unit: million tonnes
russia.ree.production-share:
  description: Russia's share of world output
  unit: "%"
"""

GOOD = """\
article:
  id: a
  title: A headline
  published: 2025-11-20
  text: seeds/a.txt
claims:
  - id: reserves
    topic: russia.ree.reserves
    value: about 3.8 million tonnes
    source: USGS
    as_of: 2023-01
    quote: "reserves at about 3.8 million tonnes"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "claims").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("reserves at about 3.8 million tonnes", encoding="utf-8")
    (tmp_path / "claims" / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def problems_for(project: Path, text: str, name: str = "a") -> list[str]:
    (project / "claims" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return [str(problem) for problem in load([Path("claims")]).problems]


def test_loads_a_good_file_keeping_text_as_written(project: Path) -> None:
    (project / "claims" / "a.yaml").write_text(GOOD, encoding="utf-8")
    corpus = load([Path("claims")])
    assert corpus.problems == ()
    [article] = corpus.articles
    [claim] = corpus.claims
    assert (article.id, article.published, article.text_path) == ("a", "2025-11-20", project / "seeds" / "a.txt")
    assert (claim.id, claim.value.text, claim.as_of, claim.source) == (
        "reserves", "about 3.8 million tonnes", "2023-01", "USGS")
    assert (claim.location.line, claim.location.column) == (7, 5)


def test_a_value_yaml_would_call_false_is_read_as_text(project: Path) -> None:
    assert problems_for(project, GOOD.replace("about 3.8 million tonnes", "no")) == [
        "claims/a.yaml:9:12: claim 'reserves': cannot read value \"no\": expected a number, found \"no\""]


@pytest.mark.parametrize(("edit", "expected"), [
    ((": about 3.8 million tonnes", ": [unclosed"),
     ["claims/a.yaml:10:11: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"]),
    (("    source: USGS\n", "    source: \n"), ["claims/a.yaml:10:12: claim 'reserves': 'source' is empty"]),
    (("    source: USGS", "    soruce: USGS"),
     ["claims/a.yaml:10:5: claim 'reserves': unknown field 'soruce' (did you mean 'source'?)"]),
    (("    quote: ", "    qoute: "),
     ["claims/a.yaml:7:5: claim 'reserves': missing required field 'quote'",
      "claims/a.yaml:12:5: claim 'reserves': unknown field 'qoute' (did you mean 'quote'?)"]),
    (("topic: russia.ree.reserves", "topic: russia.ree.reserve"),
     ["claims/a.yaml:8:12: claim 'reserves': unknown topic 'russia.ree.reserve' "
      "(did you mean 'russia.ree.reserves'?); register it in topics.yaml"]),
    (("topic: russia.ree.reserves", "topic: ree.stockpile"),
     ["claims/a.yaml:8:12: claim 'reserves': unknown topic 'ree.stockpile'; register it in topics.yaml, or use "
      "one of the same dimension: russia.ree.reserves"]),
    (("about 3.8 million tonnes", "about 3.8 millon tonnes"),
     ["claims/a.yaml:9:12: claim 'reserves': cannot read value \"about 3.8 millon tonnes\": "
      "unknown unit \"millon\" (did you mean 'million' or 'billion'?)"]),
    (("text: seeds/a.txt", "text: seeds/missing.txt"),
     ["claims/a.yaml:5:9: article: text file 'seeds/missing.txt' does not exist"]),
    (("text: seeds/a.txt", "text: ../outside.txt"), ["claims/a.yaml:5:9: article: text path '../outside.txt' points outside {root}"]),
    (("text: seeds/a.txt", "text: /etc/passwd"), ["claims/a.yaml:5:9: article: text path '/etc/passwd' points outside {root}"]),
    (("id: a\n", "id: b\n"), ["claims/a.yaml:2:7: article id 'b' must match the file name 'a'"]),
    (("as_of: 2023-01", "as_of: by 2030"),
     ["claims/a.yaml:11:12: claim 'reserves': 'as_of' must be a period (2024, 2024-03, 2024-03-15, Q4 2020, "
      "2019-2020): \"by 2030\" is open-ended; a period has a first and a last day"]),
    (("as_of: 2023-01", "as_of: 2023-13"),
     ["claims/a.yaml:11:12: claim 'reserves': 'as_of' must be a period (2024, 2024-03, 2024-03-15, Q4 2020, "
      "2019-2020): \"2023-13\" is not a date: bad month number 13; must be 1-12"]),
    (('quote: "reserves at about 3.8 million tonnes"', "quote: >\n      reserves at about\n      3.8 million tonnes"),
     ["claims/a.yaml:12:12: claim 'reserves': 'quote' spans several lines; keep each field on one line"]),
    (("    source: USGS\n", "    source: USGS\n    source: IEA\n"),
     ["claims/a.yaml:11:5: claim 'reserves': field 'source' appears twice"]),
])
def test_bad_input_is_one_line_naming_file_and_line(project: Path, edit: tuple[str, str], expected: list[str]) -> None:
    old, new = edit
    assert old in GOOD
    messages = problems_for(project, GOOD.replace(old, new))
    assert messages == [message.replace("{root}", str(project)) for message in expected]


def test_claims_must_be_a_list(project: Path) -> None:
    assert problems_for(project, GOOD.split("claims:")[0] + "claims: nothing\n") == [
        "claims/a.yaml:6:9: 'claims' must be a list"]


def test_duplicate_claim_ids(project: Path) -> None:
    twice = GOOD + GOOD.split("claims:\n")[1]
    assert problems_for(project, twice) == [
        "claims/a.yaml:13:5: claim id 'reserves' is used twice in this file (first on line 7)"]


def test_duplicate_article_ids_across_files(project: Path) -> None:
    (project / "claims" / "sub").mkdir()
    problems = problems_for(project, GOOD)
    assert problems == []
    assert problems_for(project, GOOD, name="sub/a") == [
        "claims/sub/a.yaml:2:3: article id 'a' is also used in claims/a.yaml:2:3"]


def test_claims_of_another_dimension_name_both_claims(project: Path) -> None:
    second = GOOD.split("claims:\n")[1].replace("id: reserves", "id: reserves-pct").replace(
        "about 3.8 million tonnes", "2%")
    assert problems_for(project, GOOD + second) == [
        "claims/a.yaml:13:5: claim 'reserves-pct': \"2%\" is in dimensionless, but topic 'russia.ree.reserves' "
        "is in kilogram (million tonnes), like claim 'reserves' (claims/a.yaml:7:5)"]


def test_every_problem_in_a_run_is_reported(project: Path) -> None:
    bad = GOOD.replace("about 3.8 million tonnes", "lots").replace("source: USGS", "source: ")
    (project / "claims" / "b.yaml").write_text("article: [", encoding="utf-8")
    assert len(problems_for(project, bad)) == 3


def test_empty_and_unreadable_files(project: Path) -> None:
    (project / "claims" / "b.yaml").write_bytes(b"\xff\xfe")
    assert problems_for(project, "") == ["claims/a.yaml: the file is empty", "claims/b.yaml: cannot read file: not UTF-8 text"]


def test_missing_paths_and_missing_topics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loose.yaml").write_text(GOOD, encoding="utf-8")
    problems = [str(problem) for problem in load([Path("nowhere"), Path("loose.yaml")]).problems]
    assert problems == ["loose.yaml: no topics.yaml here or in any folder above", "nowhere: no such file or folder"]


@pytest.mark.parametrize(("topics", "expected"), [
    ("x:\n  description: X\n  unit: zorgs\n", "claims/topics.yaml:3:9: topic 'x': cannot read unit \"zorgs\": unknown unit \"zorgs\""),
    ("x:\n  description: X\n", "claims/topics.yaml:2:3: topic 'x': missing required field 'unit'"),
    ("x:\n  description: X\n  unit: t\nx:\n  description: Y\n  unit: t\n", "claims/topics.yaml:4:1: topic 'x' is registered twice"),
    ("Bad Name:\n  description: X\n  unit: t\n",
     "claims/topics.yaml:1:1: topic 'Bad Name': names are lower-case letters, digits, '.', '_' and '-'"),
    ("- x\n", "claims/topics.yaml:1:1: topics.yaml must map each topic to its fields"),
])
def test_bad_topic_registry(project: Path, topics: str, expected: str) -> None:
    (project / "claims" / "topics.yaml").write_text(topics, encoding="utf-8")
    assert [str(p) for p in load([Path("claims")]).problems] == [expected]


def test_hidden_files_and_topics_are_not_claim_files(project: Path) -> None:
    (project / "claims" / "a.yaml").write_text(GOOD, encoding="utf-8")
    (project / "claims" / ".reecheck-baseline.yaml").write_text("not: a claim file", encoding="utf-8")
    (project / "claims" / ".drafts").mkdir()
    (project / "claims" / ".drafts" / "b.yaml").write_text("not: a claim file", encoding="utf-8")
    (project / "claims" / "notes.txt").write_text("not: a claim file", encoding="utf-8")
    corpus = load([Path("claims")])
    assert (corpus.problems, [a.id for a in corpus.articles]) == ((), ["a"])


def test_a_text_path_through_a_symlink_out_of_the_project_is_refused(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (project / "seeds" / "link.txt").symlink_to(outside)
    assert problems_for(project, GOOD.replace("seeds/a.txt", "seeds/link.txt")) == [
        f"claims/a.yaml:5:9: article: text path 'seeds/link.txt' points outside {project}"]


def test_reference_data_cites_publication_table_and_page_instead_of_a_text(project: Path) -> None:
    reference = GOOD.replace("  text: seeds/a.txt\n", "  kind: reference\n  publication: P\n  table: T\n")
    assert problems_for(project, reference) == ["claims/a.yaml:2:3: article: reference data must cite its 'page'"]
    corpus_ok = reference.replace("  table: T\n", "  table: T\n  page: 2\n")
    assert problems_for(project, corpus_ok) == []
    [article] = load([Path("claims")]).articles
    assert (article.is_reference, article.text_path, article.publication, article.page) == (True, None, "P", "2")
    assert load([Path("claims")]).claims[0].reference is True


@pytest.mark.parametrize(("edit", "expected"), [
    (("  text: seeds/a.txt\n", ""), "claims/a.yaml:2:3: article: missing required field 'text'"),
    (("  text: seeds/a.txt\n", "  text: seeds/a.txt\n  kind: rumour\n"),
     "claims/a.yaml:6:9: article: kind must be article or reference, not \"rumour\""),
    (("    as_of: 2023-01\n", "    as_of: 2023-01\n    derive: russia.ree.reserves[colour=red]\n"),
     "claims/a.yaml:12:13: claim 'reserves': cannot read derive: selector \"colour=red\" in "
     "\"russia.ree.reserves[colour=red]\" must be one of source=…, as_of=…, article=…"),
])
def test_bad_reference_and_derive_fields(project: Path, edit: tuple[str, str], expected: str) -> None:
    assert problems_for(project, GOOD.replace(*edit)) == [expected]


def test_claims_of_a_date_topic_read_years_as_years(project: Path) -> None:
    (project / "claims" / "topics.yaml").write_text(
        TOPICS + "bridge:\n  description: Bridge opening\n  unit: calendar year\n", encoding="utf-8")
    dated = GOOD.replace("topic: russia.ree.reserves", "topic: bridge").replace("about 3.8 million tonnes", "2026")
    assert problems_for(project, dated) == []
    [claim] = load([Path("claims")]).claims
    assert (claim.value.unit, claim.value.base_high - claim.value.base_low) == ("date", 364)
    assert problems_for(project, dated.replace("value: 2026", "value: Decembr 2026")) == [
        "claims/a.yaml:9:12: claim 'reserves': cannot read value \"Decembr 2026\": unknown month \"Decembr\" in "
        "\"Decembr 2026\" (did you mean December?)"]
