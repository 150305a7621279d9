"""The second real corpus (lithium): it loads, its quotes are verbatim, and its expected verdicts are well formed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reecheck.compare import CompareOptions, compare
from reecheck.loader import load
from tests.conftest import REPO

CORPUS = REPO / "tests" / "corpora" / "lithium"
CLAIMS = CORPUS / "claims"
CLAIM_FILES = sorted(path for path in CLAIMS.glob("*.yaml") if path.name != "topics.yaml")
VERDICTS = {"consistent", "conflict", "gross"}
KINDS = {"same-article", "same-period", "undated", "stale", "reference", "derived", "relabelled"}


def expected() -> dict[str, dict[str, Any]]:
    topics: dict[str, dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["topics"]
    return topics


def test_the_lithium_corpus_loads_without_problems() -> None:
    corpus = load([CLAIMS])
    assert corpus.problems == ()
    assert [article.id for article in corpus.articles if article.is_reference] == ["usgs-mcs-2023-lithium"]
    assert sorted(article.text_path.name for article in corpus.articles if article.text_path) == sorted(
        path.name for path in (CORPUS / "texts").iterdir())


def test_every_article_gives_its_address() -> None:
    assert [article.id for article in load([CLAIMS]).articles if not article.url] == []


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda path: path.stem)
def test_claim_files_follow_the_published_schema(path: Path) -> None:
    schema = json.loads((REPO / "src" / "reecheck" / "schemas" / "claims.schema.json").read_text())
    # BaseLoader keeps every scalar a string, as reecheck reads them.
    jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader), schema)


def test_every_quote_is_verbatim_in_its_article() -> None:
    corpus = load([CLAIMS])
    texts = {article.id: article.text_path.read_text(encoding="utf-8")
             for article in corpus.articles if article.text_path}
    assert [claim.id for claim in corpus.claims if not claim.reference and claim.quote not in texts[claim.article_id]] == []


def test_expected_verdicts_cover_exactly_the_registered_topics() -> None:
    assert sorted(expected()) == sorted(load([CLAIMS]).topics)


def test_expected_verdicts_use_only_the_issue_s_verdicts_and_kinds() -> None:
    for name, topic in expected().items():
        assert set(topic) == {"verdict", "kinds", "why"}, name
        assert topic["verdict"] in VERDICTS, name
        kinds = topic["kinds"]
        assert isinstance(kinds, list) and set(kinds) <= KINDS and len(set(kinds)) == len(kinds), name
        assert (topic["verdict"] == "consistent") == (kinds == []), name
        assert isinstance(topic["why"], str) and topic["why"], name


def test_the_corpus_holds_what_issue_10_asks_for() -> None:
    corpus = load([CLAIMS])
    topics = expected()
    units = yaml.load((CLAIMS / "topics.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    ranks = [name for name, topic in units.items() if topic["unit"] == "rank"]
    assert ranks == ["chile.lithium.production-rank"]
    assert {kind for topic in topics.values() for kind in topic["kinds"]} == KINDS - {"same-article"}
    published = {article.id: article.published for article in corpus.articles}
    undated_in_dated = [claim.id for claim in corpus.claims if claim.as_of is None and published[claim.article_id]]
    assert "battery-use" in undated_in_dated
    assert sorted({claim.as_of for claim in corpus.claims if claim.reference and claim.as_of}) == [
        "2018", "2019", "2020", "2021", "2022", "2022-11"]


def test_compare_gives_exactly_the_expected_verdicts_and_kinds() -> None:
    report = compare(load([CLAIMS]), CompareOptions(include_consistent=True))
    assert report.problems == ()
    found = {topic.topic.name: {"verdict": topic.verdict.value, "kinds": list(topic.kinds)} for topic in report.topics}
    assert found == {name: {"verdict": topic["verdict"], "kinds": topic["kinds"]} for name, topic in expected().items()}
