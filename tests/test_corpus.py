"""The shipped corpus: seeds unchanged, claims valid and verbatim, and the disagreements found."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from reecheck.compare import CompareOptions, compare
from reecheck.loader import load
from reecheck.model import Verdict
from reecheck.render.markdown import render_markdown
from tests.conftest import REPO, assert_golden

SEEDS = {
    "000_fa50efaba4429d83.txt": "e6f24a78d4486a4193a070b0ed3b3f5485d81b33e8066fc9c50cd7bb95e78b5f",
    "001_73ea199691359b25.txt": "6592174a33b9e2035fa870504095bdd60b549cad56395b23058c7960d7fb22e4",
    "002_f788a4cfc5632cbd.txt": "7e2f0531597d3676cfd4a2f9a05081d69fb4ed99623f23a8c0b448df19abac8e",
    "003_795658ce659391fb.txt": "3b8dad2c099271f45dc878b58a9c8690242f45e955ad714573da632217288649",
    "004_e6a87919d17192b7.txt": "a2e46307be5147d2c02647ccc4cda378171ebbe4d255107197e5469b6ad62071",
}
CLAIM_FILES = sorted(path for path in (REPO / "claims").glob("*.yaml")
                     if path.name != "topics.yaml" and not path.name.startswith("."))


def test_seeds_are_the_original_articles_byte_for_byte() -> None:
    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (REPO / "seeds").iterdir()}
    assert found == SEEDS


def test_the_shipped_corpus_loads_without_problems(in_repo: Path) -> None:
    corpus = load([Path("claims")])
    assert corpus.problems == ()
    assert sorted(article.text_path.name for article in corpus.articles if article.text_path) == sorted(SEEDS)
    assert [article.id for article in corpus.articles if article.is_reference] == ["usgs-mcs-2025-rare-earths"]


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda path: path.stem)
def test_claim_files_follow_the_published_schema(path: Path) -> None:
    schema = yaml.safe_load((REPO / "src" / "reecheck" / "schemas" / "claims.schema.json").read_text())
    # BaseLoader keeps every scalar a string, as reecheck reads them.
    jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader), schema)


def test_topics_follow_the_published_schema() -> None:
    schema = yaml.safe_load((REPO / "src" / "reecheck" / "schemas" / "topics.schema.json").read_text())
    jsonschema.validate(yaml.load((REPO / "claims" / "topics.yaml").read_text(), Loader=yaml.BaseLoader), schema)


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = yaml.safe_load((REPO / "src" / "reecheck" / "schemas" / "claims.schema.json").read_text())
    bad = {"article": {"id": "a", "title": "t", "text": "x"},
           "claims": [{"id": "c", "topic": "t", "value": "1", "soruce": "s", "quote": "q"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_every_quote_is_verbatim_in_its_article(in_repo: Path) -> None:
    corpus = load([Path("claims")])
    texts = {article.id: article.text_path.read_text(encoding="utf-8")
             for article in corpus.articles if article.text_path}
    assert [claim.id for claim in corpus.claims if not claim.reference and claim.quote not in texts[claim.article_id]] == []


def test_the_disagreements_a_careful_reader_finds(in_repo: Path) -> None:
    report = compare(load([Path("claims")]), CompareOptions())
    found = {(topic.topic.name, topic.verdict, topic.max_gap_ratio, topic.max_gap_days) for topic in report.topics}
    assert found == {
        ("russia.ree.reserves", Verdict.GROSS, Decimal("28.7") / Decimal("3.8"), None),
        ("russia.ree.reserves-world-share", Verdict.GROSS, Decimal("3.8") / 90 * 100 / 2, None),
        ("russia.ree.production-share", Verdict.CONFLICT, Decimal(1) / Decimal("0.6"), None),
        ("russia.ree.reserves-estimate-ratio", Verdict.CONFLICT, 10 / (Decimal("28.7") / Decimal("3.8")), None),
        ("china.ree.processing-share", Verdict.CONFLICT, Decimal(90) / Decimal(69), None),
        ("russia.ree.directive-date", Verdict.CONFLICT, None, 1),
    }


def computed(report_topic: str, claim_id: str) -> tuple[Decimal | None, Decimal | None]:
    report = compare(load([Path("claims")]), CompareOptions(include_consistent=True))
    [topic] = [t for t in report.topics if t.topic.name == report_topic]
    [placed] = [p for p in topic.claims if p.claim.id == claim_id]
    assert placed.computed is not None
    low, high = placed.computed.interval.low, placed.computed.interval.high
    # interval arithmetic divides by multiplying with a reciprocal: equal to 20 places
    return (None if low is None else round(low, 20), None if high is None else round(high, 20))


def test_ten_fold_is_recomputed_as_a_ratio_of_about_7_55(in_repo: Path) -> None:
    ratio = round(Decimal("28.7e9") / Decimal("3.8e9"), 20)
    assert computed("russia.ree.reserves-estimate-ratio", "reserves-estimate-ratio") == (ratio, ratio)


def test_share_of_world_reserves_is_recomputed_from_usgs(in_repo: Path) -> None:
    share = round(Decimal("3.8e9") / Decimal("90e9") * 100, 20)
    assert computed("russia.ree.reserves-world-share", "reserves-world-share") == (share, share)


def test_shares_of_world_output_are_tonnage_over_world_production(in_repo: Path) -> None:
    # "about 2,500 metric tons" reaches 5% either side
    assert computed("russia.ree.production-share", "production-share-2024") == (
        round(Decimal(2375) / 390000 * 100, 20), round(Decimal(2625) / 390000 * 100, 20))
    assert computed("russia.ree.production-share", "production-share") == (
        round(Decimal(2500) / 390000 * 100, 20), round(Decimal(2500) / 390000 * 100, 20))


def test_compare_all_matches_the_golden_report(in_repo: Path) -> None:
    report = compare(load([Path("claims")]), CompareOptions(include_consistent=True))
    assert_golden("compare-all.md", render_markdown(report))
