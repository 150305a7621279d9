"""The cache folder: a changed file is read again, a corrupt entry is rebuilt, and results never differ."""

from __future__ import annotations

import json
import marshal
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import reecheck.cache
import reecheck.loader
import reecheck.parallel
from reecheck.cli import app
from reecheck.loader import load
from tests.conftest import REPO

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / "repo" / folder)
    monkeypatch.setenv("REECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(reecheck.cache.ENABLED, "value", True)  # --no-cache lasts for its process
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path


CLAIM_FILES = ["discovery-alert-political-theater.yaml", "discovery-alert-road-map.yaml", "morace-2025-11-20.yaml",
               "putin-pushes-rare-earth-reserves.yaml", "russia-late-to-rare-earths.yaml",
               "usgs-mcs-2025-rare-earths.yaml"]


def packs(project: Path) -> list[Path]:
    return sorted((project / "cache" / "claims").glob("*.marshal"))


def packed(project: Path) -> dict[str, tuple[bytes, bytes]]:
    """Every cached claim file, by path, over the packs of all claims folders."""
    found: dict[str, tuple[bytes, bytes]] = {}
    for pack in packs(project):
        found.update(marshal.loads(pack.read_bytes())[2])
    return found


def rewrite_packs(project: Path, change: Callable[[tuple[Any, ...]], tuple[Any, ...]]) -> None:
    for pack in packs(project):
        pack.write_bytes(marshal.dumps(change(marshal.loads(pack.read_bytes()))))


def compare_json(*options: str) -> object:
    result = runner.invoke(app, [*options, "compare", "--format", "json", "--all"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_results_are_identical_with_and_without_the_cache(project: Path) -> None:
    uncached = compare_json("--no-cache")
    assert packs(project) == []
    reecheck.cache.ENABLED["value"] = True
    first = compare_json()
    assert len(packs(project)) == 1
    assert sorted(Path(path).name for path in packed(project)) == CLAIM_FILES
    assert compare_json() == first == uncached


def test_a_second_run_reads_the_cache_not_the_yaml(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = load([Path("claims")])

    def no_reading(*arguments: object) -> None:
        raise AssertionError("a cached file was read again")

    monkeypatch.setattr(reecheck.loader, "read_claim_file", no_reading)
    assert load([Path("claims")]) == before


def test_a_changed_file_is_read_again(project: Path) -> None:
    load([Path("claims")])
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("about 3.8 million tonnes", "about 3.9 million tonnes"),
                    encoding="utf-8")
    values = [c.value.text for c in load([Path("claims")]).claims if c.id == "reserves-usgs"]
    assert "about 3.9 million tonnes" in values


def test_a_changed_topic_registry_invalidates_every_entry(project: Path) -> None:
    load([Path("claims")])
    topics = Path("claims/topics.yaml")
    topics.write_text(topics.read_text(encoding="utf-8").replace("unit: calendar year", "unit: calendar month"),
                      encoding="utf-8")
    [bridge] = [t for name, t in load([Path("claims")]).topics.items() if name == "russia.nk-bridge-commissioning"]
    assert bridge.granularity == "month"
    assert len(packs(project)) == 2


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\xfb\x00\x01", marshal.dumps((1, 2))])
def test_a_corrupt_pack_is_rebuilt_silently(project: Path, garbage: bytes) -> None:
    expected = load([Path("claims")])
    [pack] = packs(project)
    pack.write_bytes(garbage)
    assert load([Path("claims")]) == expected
    assert len(packed(project)) == 6


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\xfb\x00\x01", marshal.dumps((5, "0.1.0"))])
def test_a_corrupt_entry_in_a_pack_is_rebuilt_silently(project: Path, garbage: bytes) -> None:
    expected = load([Path("claims")])
    rewrite_packs(project, lambda pack: (*pack[:2], {path: (key, garbage) for path, (key, _) in pack[2].items()}))
    assert load([Path("claims")]) == expected
    assert all(data != garbage for _, data in packed(project).values())


def test_a_pack_from_another_version_is_not_trusted(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load([Path("claims")])
    rewrite_packs(project, lambda pack: (pack[0], "0.0.0", pack[2]))
    reads: list[Path] = []
    original = reecheck.loader.read_claim_file

    def counted(reader: reecheck.loader.FileReader, *arguments: Any) -> object:
        reads.append(reader.path)
        return original(reader, *arguments)

    monkeypatch.setattr(reecheck.loader, "read_claim_file", counted)
    assert load([Path("claims")]) == expected
    assert len(reads) == 6


def test_loading_one_file_keeps_the_rest_of_the_pack(project: Path) -> None:
    load([Path("claims")])
    load([Path("claims/morace-2025-11-20.yaml")])
    assert len(packed(project)) == 6


def test_a_deleted_file_leaves_the_pack_when_it_is_next_written(project: Path) -> None:
    load([Path("claims")])
    Path("claims/morace-2025-11-20.yaml").unlink()
    path = Path("claims/usgs-mcs-2025-rare-earths.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load([Path("claims")])
    assert sorted(Path(path).name for path in packed(project)) == [
        name for name in CLAIM_FILES if name != "morace-2025-11-20.yaml"]


def test_a_file_with_problems_is_not_kept(project: Path) -> None:
    load([Path("claims")])
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("about 3.8 million tonnes", "about 3.8 zorks"),
                    encoding="utf-8")
    assert load([Path("claims")]).problems
    assert "morace-2025-11-20.yaml" not in {Path(path).name for path in packed(project)}


def test_a_cached_article_whose_text_is_gone_is_read_again(project: Path) -> None:
    load([Path("claims")])
    Path("seeds/001_73ea199691359b25.txt").unlink()
    assert [str(p) for p in load([Path("claims")]).problems] == [
        "claims/morace-2025-11-20.yaml:7:9: article: text file 'seeds/001_73ea199691359b25.txt' does not exist"]


def test_files_read_on_several_cores_load_the_same(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = load([Path("claims")])
    shutil.rmtree(project / "cache" / "claims")
    monkeypatch.setattr(reecheck.loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    assert load([Path("claims")]) == serial


def test_problems_found_on_several_cores_are_reported(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("claims/morace-2025-11-20.yaml").write_text("article: [", encoding="utf-8")
    monkeypatch.setattr(reecheck.loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    assert [str(p) for p in load([Path("claims")]).problems] == [
        "claims/morace-2025-11-20.yaml:2:1: invalid YAML: did not find expected node content "
        "(while parsing a flow node)"]


def test_an_unwritable_cache_folder_only_costs_time(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = project / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("REECHECK_CACHE_DIR", str(blocker))
    assert load([Path("claims")]).problems == ()


@pytest.mark.parametrize("options", [
    {}, {"include_consistent": True}, {"topic_pattern": "china.*"}, {"tolerance": "0.3"}, {"gross_ratio": "1.2"},
])
def test_leaving_consistent_topics_unloaded_changes_no_report(project: Path, options: dict[str, object]) -> None:
    from decimal import Decimal

    from reecheck.compare import CompareOptions, compare, needed_topics

    chosen = CompareOptions(**{key: Decimal(value) if key in ("tolerance", "gross_ratio") else value
                               for key, value in options.items()})
    everything = load([Path("claims")])
    needed = load([Path("claims")], keep=needed_topics(chosen))
    assert len(needed.claims) < len(everything.claims) or chosen.include_consistent
    assert compare(needed, chosen) == compare(everything, chosen)


def test_a_synthetic_corpus_compares_the_same_from_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    from reecheck.compare import CompareOptions, compare, needed_topics

    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path / "corpus"),
                    "--articles", "40", "--claims-per-article", "20", "--seed", "7"], check=True)
    monkeypatch.setenv("REECHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path / "corpus")
    for _ in range(2):  # read afresh, then from the cache
        report = compare(load([Path("claims")], keep=needed_topics(CompareOptions())), CompareOptions())
        assert report == compare(load([Path("claims")]), CompareOptions())
        assert report.topics and report.hidden_consistent


def compare_table(*options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["compare", *options])
    return result.exit_code, result.stdout


def no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*arguments: object, **keywords: object) -> None:
        raise AssertionError("the corpus was loaded again")

    monkeypatch.setattr(reecheck.loader, "load", refuse)


def test_an_unchanged_corpus_prints_its_last_output_without_loading(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = compare_table("--fail-on", "gross")
    assert first[0] == 1 and "6 topics disagree (2 gross, 4 conflict)" in first[1]
    no_loading(monkeypatch)
    assert compare_table("--fail-on", "gross") == first
    assert compare_table() == (0, first[1])


@pytest.mark.parametrize("options", [["--all"], ["--rows", "2"], ["--format", "json"], ["--tolerance", "10%"]])
def test_other_options_are_answered_afresh(project: Path, options: list[str]) -> None:
    default = compare_table()
    fresh = compare_table(*options)
    assert fresh != default
    uncached = runner.invoke(app, ["--no-cache", "compare", *options])
    assert fresh == (uncached.exit_code, uncached.stdout)


def test_a_changed_claim_file_is_compared_afresh(project: Path) -> None:
    before = compare_table()[1]
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("about 3.8 million tonnes", "about 3.9 million tonnes"),
                    encoding="utf-8")
    after = compare_table()[1]
    assert after != before and "about 3.9 million tonnes" in after


def test_a_missing_article_text_is_an_error_even_when_nothing_else_changed(project: Path) -> None:
    compare_table()
    Path("seeds/001_73ea199691359b25.txt").unlink()
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "claims/morace-2025-11-20.yaml:7:9: error: article: text file 'seeds/001_73ea199691359b25.txt' does not exist")


@pytest.mark.parametrize("garbage", [b"", b"not marshal", marshal.dumps(("a", 1)), marshal.dumps((None, 1, 2, 3))])
def test_a_corrupt_output_entry_is_answered_afresh(project: Path, garbage: bytes) -> None:
    first = compare_table()
    [entry] = (project / "cache" / "outputs").glob("*.marshal")
    entry.write_bytes(garbage)
    assert compare_table() == first
    assert entry.read_bytes() != garbage


def test_an_entry_with_an_unknown_verdict_is_answered_afresh(project: Path) -> None:
    first = compare_table("--fail-on", "gross")
    [entry] = (project / "cache" / "outputs").glob("*.marshal")
    fingerprint, text, _, paths = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((fingerprint, text, "catastrophic", paths)))
    assert compare_table("--fail-on", "gross") == first


def test_edited_code_does_not_reuse_what_older_code_printed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = compare_table()
    loads: list[object] = []
    original = reecheck.loader.load

    def counted(*arguments: Any, **keywords: Any) -> object:
        loads.append(arguments)
        return original(*arguments, **keywords)

    monkeypatch.setattr(reecheck.loader, "load", counted)
    assert compare_table() == first
    assert loads == []
    monkeypatch.setattr(reecheck.cache, "code_fingerprint", lambda: "another version")
    assert compare_table() == first
    assert len(loads) == 1


def test_concurrent_runs_share_one_cache_folder(project: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "REECHECK_CACHE_DIR": str(project / "shared-cache"), "COLUMNS": "100"}
    command = [sys.executable, "-c", "from reecheck.cli import main; main()", "compare", "--all"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = {(*run.communicate(), run.returncode) for run in runs}
    assert len(outputs) == 1
    [(stdout, stderr, code)] = outputs
    assert (code, stderr) == (0, "") and "consistent" in stdout
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert (again.returncode, again.stdout, again.stderr) == (0, stdout, "")
    assert {path.parent.name for path in (project / "shared-cache").rglob("*.marshal")} == {"claims", "outputs", "drawn"}


@pytest.mark.parametrize("garbage", [b"", b"not marshal", marshal.dumps([1, 2]), marshal.dumps({1: "a", "b": 2})])
def test_drawn_topics_that_cannot_be_read_are_drawn_again(project: Path, garbage: bytes) -> None:
    from reecheck.outputs import DrawnTopics

    drawn = DrawnTopics(("a console",))
    drawn.path.parent.mkdir(parents=True)
    drawn.path.write_bytes(garbage)
    assert DrawnTopics(("a console",)).entries == {}


def test_drawn_topics_keep_the_latest_up_to_a_bound(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reecheck.outputs import DrawnTopics

    monkeypatch.setattr(DrawnTopics, "most", 3)
    drawn = DrawnTopics(("a console",))
    drawn.entries.update({f"topic {number}": f"drawn {number}" for number in range(5)})
    drawn.keep()
    assert DrawnTopics(("a console",)).entries == {"topic 2": "drawn 2", "topic 3": "drawn 3", "topic 4": "drawn 4"}
    assert DrawnTopics(("another console",)).entries == {}
