"""check's kept findings: a reused result is the fresh one byte for byte, every input of an article's
findings is in its key, every rule a fresh run enforces holds on a reused one, and anything
unreadable is a silent rebuild."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reecheck.app
import reecheck.cache
import reecheck.check
import reecheck.checkcache
from reecheck.check import ArticleWork, Finding
from reecheck.cli import app
from tests.conftest import REPO

runner = CliRunner()
ARTICLES = ["discovery-alert-political-theater", "discovery-alert-road-map", "morace-2025-11-20",
            "putin-pushes-rare-earth-reserves", "russia-late-to-rare-earths"]
FORMATS = ["text", "concise", "json", "github", "sarif"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped corpus, worked on from its root."""
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / "repo" / folder)
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path / "repo"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles checked afresh from now on, by id."""
    seen: list[str] = []
    original = reecheck.check.each_article

    def counted(work: list[ArticleWork]) -> Iterator[list[Finding]]:
        seen.extend(article.id for article, *_ in work)
        return original(work)

    monkeypatch.setattr(reecheck.check, "each_article", counted)
    monkeypatch.setattr(reecheck.checkcache, "each_article", counted)
    return seen


def check(*options: str) -> tuple[int, str]:
    result = runner.invoke(app, [*options, "check", "--format", "json"])
    return result.exit_code, result.stdout


def test_a_reused_result_is_the_fresh_one_byte_for_byte_in_every_format(project: Path, checked: list[str]) -> None:
    fresh = {name: runner.invoke(app, ["--no-cache", "check", "--format", name]) for name in FORMATS}
    assert checked == ARTICLES * len(FORMATS)
    runner.invoke(app, ["check"])
    checked.clear()
    for name in FORMATS:
        reused = runner.invoke(app, ["check", "--format", name])
        assert (reused.exit_code, reused.stdout) == (fresh[name].exit_code, fresh[name].stdout), name
    assert checked == []


def test_no_cache_neither_reads_nor_writes_kept_findings(project: Path, cache_folder: Path, checked: list[str]) -> None:
    check()
    checked.clear()
    check("--no-cache")
    assert checked == ARTICLES
    shutil.rmtree(cache_folder)
    check("--no-cache")
    assert not (cache_folder / "check").exists()


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_text_rechecks_that_article_alone(project: Path, checked: list[str]) -> None:
    check()
    checked.clear()
    seed = (project / "claims" / "morace-2025-11-20.yaml").read_text(encoding="utf-8").split("text: ")[1].split()[0]
    Path(seed).write_text(Path(seed).read_text(encoding="utf-8") + "\nIt employs 4,000 people.\n", encoding="utf-8")
    reused = check()
    assert checked == ["morace-2025-11-20"]
    assert reused == check("--no-cache")
    assert '\\"4,000\\" is stated in the article but no claim of morace-2025-11-20 covers it' in reused[1]


def test_a_changed_claim_file_rechecks_that_article_alone(project: Path, checked: list[str]) -> None:
    check()
    checked.clear()
    edit("claims/russia-late-to-rare-earths.yaml", "    source: ", "    source: unattributed\n    note: ")
    reused = check()
    assert checked == ["russia-late-to-rare-earths"]
    assert reused == check("--no-cache")
    assert '"unsourced"' in reused[1]


def test_a_changed_topic_rechecks_the_articles_that_use_it(project: Path, checked: list[str]) -> None:
    check()
    checked.clear()
    edit("claims/topics.yaml", "Russia's share of world rare-earth output", "Russia's share of world output")
    reused = check()
    assert checked == ["morace-2025-11-20", "putin-pushes-rare-earth-reserves"]
    assert reused == check("--no-cache")


def test_changed_settings_apply_to_reused_findings(project: Path, checked: list[str]) -> None:
    """Settings change severities after the findings are made, so a reused result follows them."""
    before = check()
    checked.clear()
    Path("reecheck.toml").write_text('[severity]\nunsourced = "warning"\n', encoding="utf-8")
    reused = check()
    assert checked == []
    assert reused == check("--no-cache") != before
    assert '"severity": "warning"' in reused[1]


def test_other_code_rechecks_every_article(project: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    check()
    checked.clear()
    reecheck.cache.code_key.cache_clear()
    monkeypatch.setattr(reecheck.cache, "source_digest", lambda _: b"edited")
    try:
        result = runner.invoke(app, ["--verbose", "check", "--format", "json"])
    finally:
        reecheck.cache.code_key.cache_clear()
    assert checked == ARTICLES
    assert "it was written by other code (reecheck, pint or Python changed)" in result.stderr


def the_pack(cache_folder: Path) -> Path:
    [pack] = (cache_folder / "check").glob("*.pack")
    return pack


@pytest.mark.parametrize("offset", [0, 30, 70, -1])
def test_a_changed_bit_is_a_silent_rebuild(project: Path, cache_folder: Path, checked: list[str], offset: int) -> None:
    fresh = check()
    pack = the_pack(cache_folder)
    data = bytearray(pack.read_bytes())
    data[offset] ^= 0x10
    pack.write_bytes(bytes(data))
    checked.clear()
    assert check() == fresh
    assert checked == ARTICLES


def test_verbose_says_why_articles_were_checked_afresh(project: Path, checked: list[str]) -> None:
    first = runner.invoke(app, ["--verbose", "check"])
    assert [line for line in first.stderr.splitlines() if line.startswith("cache: checking")] == [
        f"cache: checking claims/{name}.yaml: not checked before" for name in ARTICLES]
    edit("claims/morace-2025-11-20.yaml", "    source: ", "    source: unattributed\n    note: ")
    second = runner.invoke(app, ["-v", "check"])
    assert [line for line in second.stderr.splitlines() if line.startswith("cache: checking")] == [
        "cache: checking claims/morace-2025-11-20.yaml: its claim file, text or topics changed since it was checked"]


def test_a_text_that_became_a_link_out_of_the_project_is_refused_on_a_reused_run(project: Path, tmp_path: Path) -> None:
    check()
    seed = (project / "claims" / "morace-2025-11-20.yaml").read_text(encoding="utf-8").split("text: ")[1].split()[0]
    outside = tmp_path / "outside.txt"
    shutil.copy(seed, outside)
    os.unlink(seed)
    os.symlink(outside, seed)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert f"article: text path '{seed}' points outside" in result.stderr


def test_cache_info_counts_the_kept_findings(project: Path, cache_folder: Path) -> None:
    check()
    packs = sorted([*(cache_folder / "claims").glob("*/*.pack"), *(cache_folder / "check").glob("*.pack")])
    [kept] = [pack for pack in packs if pack.parent.name == "check"]
    info = runner.invoke(app, ["cache", "info"])
    assert info.stdout.splitlines()[1:] == [
        f"packs:  {len(packs)} ({sum(pack.stat().st_size for pack in packs) / 1e6:.1f} MB)",
        *(f"  {pack.relative_to(cache_folder)}  {pack.stat().st_size / 1e6:.1f} MB" for pack in packs)]
    cleaned = runner.invoke(app, ["cache", "clean"])
    assert cleaned.stdout.startswith(f"removed {len(packs)} packs")
    assert not kept.exists() and not (cache_folder / "check").exists()


def test_a_run_with_nothing_changed_neither_loads_nor_compares(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = {name: runner.invoke(app, ["--no-cache", "check", "--format", name]) for name in FORMATS}
    check()

    def refused(*arguments: object) -> None:
        raise AssertionError("not expected on a run whose inputs did not change")

    monkeypatch.setattr(reecheck.app, "load", refused)
    monkeypatch.setattr(reecheck.app, "compare", refused)
    for name in FORMATS:
        reused = runner.invoke(app, ["check", "--format", name])
        assert (reused.exit_code, reused.stdout) == (fresh[name].exit_code, fresh[name].stdout), name


def test_a_claim_file_removed_or_added_is_a_new_run(project: Path) -> None:
    check()
    removed = Path("claims/russia-late-to-rare-earths.yaml")
    content = removed.read_text(encoding="utf-8")
    removed.unlink()
    assert check() == check("--no-cache")
    removed.write_text(content, encoding="utf-8")
    assert check() == check("--no-cache")


def test_a_run_over_one_file_between_two_whole_runs_leaves_no_stale_finding(project: Path) -> None:
    """A run over one claim file keeps that article's findings afresh; the whole run kept before holds
    the old ones, and is not used again even when the file returns to what it was."""
    check()
    path = "claims/morace-2025-11-20.yaml"
    original = Path(path).read_text(encoding="utf-8")
    edit(path, "    source: ", "    source: unattributed\n    note: ")
    runner.invoke(app, ["check", path])
    Path(path).write_text(original, encoding="utf-8")
    assert check() == check("--no-cache")


def test_baseline_from_a_reused_run_is_the_fresh_one(project: Path) -> None:
    check()
    Path("claims/.reecheck-baseline.yaml").unlink()
    reused = runner.invoke(app, ["baseline"])
    written = Path("claims/.reecheck-baseline.yaml").read_text(encoding="utf-8")
    Path("claims/.reecheck-baseline.yaml").unlink()
    fresh = runner.invoke(app, ["--no-cache", "baseline"])
    assert (reused.exit_code, reused.stderr) == (fresh.exit_code, fresh.stderr)
    assert written == Path("claims/.reecheck-baseline.yaml").read_text(encoding="utf-8")


def test_an_unreadable_text_on_a_reused_run_is_a_problem(project: Path) -> None:
    check()
    seed = (project / "claims" / "morace-2025-11-20.yaml").read_text(encoding="utf-8").split("text: ")[1].split()[0]
    Path(seed).write_bytes(b"\xff\xfe not UTF-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "article 'morace-2025-11-20': cannot read its text" in result.stderr


def test_an_unfinished_claim_of_reference_data_is_found_fresh_and_reused(project: Path, checked: list[str]) -> None:
    usgs = project / "claims" / "usgs-mcs-2025-rare-earths.yaml"
    usgs.write_text(usgs.read_text(encoding="utf-8").replace("source: USGS Mineral Commodity Summaries 2025",
                                                             "source: todo", 1), encoding="utf-8")
    fresh = runner.invoke(app, ["check", "--format", "concise"])
    assert checked == [*ARTICLES, "usgs-mcs-2025-rare-earths"]
    assert (fresh.exit_code, fresh.stdout) == (1, "claims/usgs-mcs-2025-rare-earths.yaml:14:5: placeholder: "
                                                  "claim 'world-production-2024': source still TODO\n")
    checked.clear()
    reused = runner.invoke(app, ["check", "--format", "concise"])
    assert (reused.exit_code, reused.stdout, checked) == (1, fresh.stdout, [])


def test_check_packs_beyond_the_most_kept_or_unused_for_long_are_evicted(project: Path, cache_folder: Path) -> None:
    (cache_folder / "check").mkdir(parents=True)
    for index in range(reecheck.cache.MOST_FOLDERS + 5):
        other = cache_folder / "check" / f"{index:032x}.pack"
        other.write_bytes(b"")
        os.utime(other, (1_000_000_000 + index, 1_000_000_000 + index) if index == 0 else None)
    check()
    packs = list((cache_folder / "check").glob("*.pack"))
    assert len(packs) == reecheck.cache.MOST_FOLDERS
    assert not (cache_folder / "check" / f"{0:032x}.pack").exists()  # unused for years
    assert sorted((cache_folder / "claims").iterdir()) != []  # the claim packs are another kind's
