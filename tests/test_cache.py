"""The claim cache: every input that changes an answer is in its key, every rule a fresh load enforces
holds on a cached one, anything unreadable is a silent rebuild, and the folder stays bounded."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reecheck.cache
import reecheck.claimcache
import reecheck.loader
import reecheck.parallel
from reecheck.cache import CACHEDIR_TAG, MOST_FOLDERS, source_digest
from reecheck.claimcache import MAGIC, SHARDS, Pack, Shard, pack_key, shard_of
from reecheck.cli import app
from reecheck.loader import load
from reecheck.model import Corpus
from tests.conftest import REPO

runner = CliRunner()
CLAIM_FILES = ["discovery-alert-political-theater.yaml", "discovery-alert-road-map.yaml", "morace-2025-11-20.yaml",
               "putin-pushes-rare-earth-reserves.yaml", "russia-late-to-rare-earths.yaml",
               "usgs-mcs-2025-rare-earths.yaml"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped corpus, worked on from its root."""
    for folder in ("claims", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / "repo" / folder)
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def cached_load(cache_folder: Path, *paths: str) -> Corpus:
    return load([Path(path) for path in paths or ["claims"]], cache_folder)


def the_packs(cache_folder: Path) -> list[Path]:
    return sorted((cache_folder / "claims").glob("*/*.pack"))


def the_pack(cache_folder: Path, name: str = "morace-2025-11-20.yaml") -> Path:
    """The pack that holds the claim file `name`."""
    path = Path("claims", name).resolve()
    return Pack(cache_folder, path.parent).folder / f"{shard_of(path):02x}.pack"


def packed_files(cache_folder: Path) -> list[str]:
    return sorted(Path(path).name for pack in the_packs(cache_folder) for path in Shard(pack, pack_key()).entries)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The claim files read afresh from now on, by name."""
    seen: list[str] = []
    original = reecheck.loader.read_claim_file

    def counted(reader: reecheck.loader.FileReader, *arguments: object) -> object:
        seen.append(reader.path.name)
        return original(reader, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(reecheck.loader, "read_claim_file", counted)
    return seen


def compare_json(*options: str) -> tuple[int, object]:
    result = runner.invoke(app, [*options, "compare", "--format", "json", "--all"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code in (0, 1) else result.stderr


def test_results_are_identical_with_and_without_the_cache(project: Path, cache_folder: Path) -> None:
    uncached = compare_json("--no-cache")
    assert not (cache_folder / "claims").exists()
    first = compare_json()
    assert packed_files(cache_folder) == CLAIM_FILES
    assert compare_json() == first == uncached


def test_a_cached_load_equals_a_fresh_one_field_for_field(project: Path, cache_folder: Path) -> None:
    fresh = cached_load(cache_folder)
    assert cached_load(cache_folder) == fresh == load([Path("claims")])


def test_a_second_run_reads_no_claim_file_again(project: Path, cache_folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(cache_folder)
    seen = reads(monkeypatch)
    cached_load(cache_folder)
    assert seen == []


def test_a_changed_file_is_read_again_and_only_it(project: Path, cache_folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(cache_folder)
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("about 3.8 million tonnes", "about 3.9 million tonnes"),
                    encoding="utf-8")
    seen = reads(monkeypatch)
    values = [c.value.text for c in cached_load(cache_folder).claims if c.id == "reserves-usgs"]
    assert seen == ["morace-2025-11-20.yaml"]
    assert "about 3.9 million tonnes" in values


def test_a_changed_topic_rereads_only_the_files_that_use_it(project: Path, cache_folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(cache_folder)
    topics = Path("claims/topics.yaml")
    topics.write_text(topics.read_text(encoding="utf-8").replace("unit: calendar year", "unit: calendar month"),
                      encoding="utf-8")
    seen = reads(monkeypatch)
    corpus = cached_load(cache_folder)
    assert corpus.topics["russia.nk-bridge-commissioning"].granularity == "month"
    users = sorted({Path(str(c.location.path)).name for c in corpus.claims
                    if c.topic == "russia.nk-bridge-commissioning"})
    assert sorted(seen) == users == ["discovery-alert-road-map.yaml", "morace-2025-11-20.yaml",
                                     "putin-pushes-rare-earth-reserves.yaml"]
    assert len(list((cache_folder / "claims").iterdir())) == 1


def test_a_topic_that_is_no_longer_registered_is_an_error_on_a_cached_run(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    topics = Path("claims/topics.yaml")
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("russia.nk-bridge-commissioning:", "russia.nk-bridge-opening:"), encoding="utf-8")
    assert any("unknown topic 'russia.nk-bridge-commissioning'" in problem.message
               for problem in cached_load(cache_folder).problems)


def test_other_code_does_not_use_the_pack(project: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(cache_folder)
    monkeypatch.setattr(reecheck.claimcache, "pack_key", lambda: hashlib.sha256(b"other code").digest())
    seen = reads(monkeypatch)
    corpus = cached_load(cache_folder)
    assert sorted(seen) == CLAIM_FILES
    assert corpus.notes[0].endswith("it was written by other code (reecheck, pint or Python changed)")


@pytest.mark.parametrize("change", ["source", "pint", "python"])
def test_the_code_key_covers_reecheck_pint_and_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       change: str) -> None:
    before = reecheck.cache.code_key("x")
    reecheck.cache.code_key.cache_clear()
    if change == "source":
        package = tmp_path / "reecheck"
        shutil.copytree(Path(reecheck.cache.__file__).parent, package)
        original = source_digest(package)
        (package / "units.py").write_text((package / "units.py").read_text() + "\n# edited\n")
        source_digest.cache_clear()
        assert source_digest(package) != original
        monkeypatch.setattr(reecheck.cache, "source_digest", lambda _: b"edited")
    elif change == "pint":
        monkeypatch.setattr(reecheck.cache, "installed_version", lambda _: "0.0.1")
    else:
        monkeypatch.setattr(reecheck.cache.sys, "version", "3.99.0")
    try:
        assert reecheck.cache.code_key("x") != before
    finally:
        reecheck.cache.code_key.cache_clear()


def test_a_new_field_changes_the_pack_key() -> None:
    from reecheck.codec import schema

    @dataclass(frozen=True)
    class Before:
        a: str

    @dataclass(frozen=True)
    class After:
        a: str
        b: str = ""

    assert schema(Before).replace("Before", "X") != schema(After).replace("After", "X")


@dataclass(frozen=True)
class Chain:
    """A class with a field of its own class, as an expression holds expressions."""

    value: int
    next: Chain | None = None


def test_a_class_that_holds_itself_survives_the_codec() -> None:
    from reecheck.codec import decode, encode

    original = Chain(1, Chain(2, Chain(3)))
    assert decode(marshal.loads(marshal.dumps(encode(original, Chain))), Chain) == original
    with pytest.raises(ValueError, match=r"^Chain has 2 fields, not 3$"):
        decode((1, None, 3), Chain)


def test_equal_figures_decode_to_one_shared_value() -> None:
    from reecheck.codec import decode, encode
    from reecheck.grammar import parse_value
    from reecheck.model import Claim, Location

    claims = tuple(Claim("a", f"c{line}", "t.x", parse_value("about 3.8 million tonnes"), "S", "q",
                         Location(Path("/p/claims/a.yaml"), line, 5)) for line in (3, 3, 9))
    restored = decode(marshal.loads(marshal.dumps(encode(claims, tuple[Claim, ...]))), tuple[Claim, ...])
    assert restored == claims
    assert restored[0].value is restored[1].value is restored[2].value
    assert restored[0].location == restored[1].location and restored[0].location is not restored[1].location


def test_every_field_survives_the_codec() -> None:
    from decimal import Decimal

    from reecheck.claimfile import ClaimFile, WrittenPath
    from reecheck.codec import decode, encode
    from reecheck.derive import parse_expression
    from reecheck.grammar import parse_value
    from reecheck.model import Article, Claim, Derivation, IgnoredFigure, Location

    here = Location(Path("/p/claims/a.yaml"), 3, 5)
    article = Article("a", "T", None, here, "Outlet", "https://example.org/a", "Author", "2025-01", ("n1", "n2"),
                      (IgnoredFigure("30-day", "ad", here),), "article", None, None, None)
    claim = Claim("a", "c", "t.x", parse_value("about 28.5–28.7 million tonnes"), "USGS", "q", here, "2024",
                  "note", False, Derivation("t.a[source=X, as_of=2024] / (t.b - 2)",
                                            parse_expression("t.a[source=X, as_of=2024] / (t.b - 2)"), here), True)
    original = ClaimFile(article, WrittenPath("seeds/a.txt", here), (claim,))
    data = marshal.loads(marshal.dumps(encode(original, ClaimFile)))
    restored = decode(data, ClaimFile)
    assert restored == original
    assert restored.claims[0].value.precision == Decimal("50000")


def test_a_link_out_of_the_project_is_refused_on_a_cached_run(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    seed = Path("seeds/001_73ea199691359b25.txt")
    seed.unlink()
    seed.symlink_to("/etc/passwd")
    assert [str(problem) for problem in cached_load(cache_folder).problems] == [
        f"claims/morace-2025-11-20.yaml:7:9: article: text path 'seeds/001_73ea199691359b25.txt' points outside "
        f"{Path('.').resolve()}"]
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2 and "points outside" in result.stderr


def test_a_cached_article_whose_text_is_gone_is_an_error(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    Path("seeds/001_73ea199691359b25.txt").unlink()
    assert [str(p) for p in cached_load(cache_folder).problems] == [
        "claims/morace-2025-11-20.yaml:7:9: article: text file 'seeds/001_73ea199691359b25.txt' does not exist"]


@pytest.mark.parametrize("garbage", [b"", b"not a pack", MAGIC, marshal.dumps((1, 2))])
def test_an_unreadable_pack_is_rebuilt_silently(project: Path, cache_folder: Path, garbage: bytes) -> None:
    expected = cached_load(cache_folder)
    the_pack(cache_folder).write_bytes(garbage)
    assert cached_load(cache_folder) == expected
    assert packed_files(cache_folder) == CLAIM_FILES


def test_any_flipped_bit_is_a_silent_rebuild_with_the_same_answer(project: Path, cache_folder: Path) -> None:
    code, expected = compare_json()
    pack = the_pack(cache_folder)
    good = pack.read_bytes()
    chance = random.Random(7)
    for _ in range(40):
        damaged = bytearray(good)
        bit = chance.randrange(len(damaged) * 8)
        damaged[bit // 8] ^= 1 << (bit % 8)
        pack.write_bytes(bytes(damaged))
        assert compare_json() == (code, expected)
        assert packed_files(cache_folder) == CLAIM_FILES  # the files it held read again and kept


def test_a_damaged_body_is_never_used(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    pack = the_pack(cache_folder)
    data = pack.read_bytes()
    assert b"28.7 million tonnes" in data
    pack.write_bytes(data.replace(b"28.7 million tonnes", b"38.7 million tonnes"))
    corpus = cached_load(cache_folder)
    assert "it is corrupt (checksum mismatch)" in corpus.notes[0]
    assert "28.7 million tonnes" in {claim.value.text for claim in corpus.claims}


def test_loading_one_file_keeps_the_rest_of_the_pack(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    cached_load(cache_folder, "claims/morace-2025-11-20.yaml")
    assert packed_files(cache_folder) == CLAIM_FILES


def test_a_deleted_file_leaves_the_pack_when_it_is_next_written(project: Path, cache_folder: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reecheck.claimcache, "SHARDS", 1)
    cached_load(cache_folder)
    Path("claims/morace-2025-11-20.yaml").unlink()
    path = Path("claims/usgs-mcs-2025-rare-earths.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cached_load(cache_folder)
    assert packed_files(cache_folder) == [name for name in CLAIM_FILES if name != "morace-2025-11-20.yaml"]


def test_files_are_spread_over_a_bounded_number_of_packs(tmp_path: Path, cache_folder: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "topics.yaml").write_text("t.x:\n  description: x\n  unit: t\n", encoding="utf-8")
    for index in range(3 * SHARDS):
        (claims / f"a{index}.yaml").write_text(
            f"article:\n  id: a{index}\n  title: A\n  kind: reference\n  publication: P\n  table: T\n"
            f"  page: '1'\nclaims:\n  - id: c\n    topic: t.x\n    value: {index} t\n    source: S\n"
            "    quote: q\n", encoding="utf-8")
    expected = load([claims])
    assert load([claims], cache_folder) == expected
    packs = sorted((cache_folder / "claims").glob("*/*.pack"))
    assert 1 < len(packs) <= SHARDS
    for pack in packs:
        assert {f"{shard_of(Path(path)):02x}.pack" for path in Shard(pack, pack_key()).entries} == {pack.name}
    assert sum(len(Shard(pack, pack_key()).entries) for pack in packs) == 3 * SHARDS
    assert load([claims], cache_folder) == expected


def shard_mates(cache_folder: Path, name: str) -> list[str]:
    """The claim files kept in the same pack as `name`."""
    return sorted(Path(path).name for path in Shard(the_pack(cache_folder, name), pack_key()).entries)


def test_an_edit_rewrites_only_the_pack_of_the_edited_file(project: Path, cache_folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(cache_folder)
    before = {pack: pack.read_bytes() for pack in the_packs(cache_folder)}
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read = reads(monkeypatch)
    cached_load(cache_folder)
    assert read == ["morace-2025-11-20.yaml"]
    rewritten = [pack for pack in the_packs(cache_folder) if pack.read_bytes() != before[pack]]
    assert rewritten == [the_pack(cache_folder)]
    assert packed_files(cache_folder) == CLAIM_FILES


def test_a_run_given_one_file_reads_only_its_pack(project: Path, cache_folder: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    expected = cached_load(cache_folder, "claims/morace-2025-11-20.yaml")
    cached_load(cache_folder)
    for pack in the_packs(cache_folder):
        if pack != the_pack(cache_folder):
            pack.write_bytes(b"damaged")
    read = reads(monkeypatch)
    corpus = cached_load(cache_folder, "claims/morace-2025-11-20.yaml")
    assert (corpus, corpus.notes, read) == (expected, (), [])


def test_a_damaged_pack_rereads_only_the_files_it_held(project: Path, cache_folder: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    expected = cached_load(cache_folder)
    pack = the_pack(cache_folder)
    pack.write_bytes(pack.read_bytes()[:-1])
    read = reads(monkeypatch)
    corpus = cached_load(cache_folder)
    assert corpus == expected
    assert sorted(read) == shard_mates(cache_folder, "morace-2025-11-20.yaml")
    assert corpus.notes[0] == f"cache: not using {pack}: it is corrupt (checksum mismatch)"


def test_a_file_with_problems_is_not_kept(project: Path, cache_folder: Path) -> None:
    cached_load(cache_folder)
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("about 3.8 million tonnes", "about 3.8 zorks"),
                    encoding="utf-8")
    assert cached_load(cache_folder).problems
    assert "morace-2025-11-20.yaml" not in packed_files(cache_folder)


def test_ten_edits_leave_one_pack_no_larger_than_one_edit(project: Path, cache_folder: Path) -> None:
    topics = Path("claims/topics.yaml")
    original = topics.read_text(encoding="utf-8")
    sizes = []
    for edit in range(10):
        topics.write_text(original + f"# edit {edit}\n", encoding="utf-8")
        cached_load(cache_folder)
        sizes.append(sum(path.stat().st_size for path in cache_folder.rglob("*") if path.is_file()))
    assert len(list((cache_folder / "claims").iterdir())) == 1
    assert sizes[-1] == sizes[0]


def test_the_folder_is_tagged_and_bounded(tmp_path: Path, cache_folder: Path) -> None:
    for index in range(MOST_FOLDERS + 5):
        claims = tmp_path / f"project{index}" / "claims"
        claims.mkdir(parents=True)
        (claims / "topics.yaml").write_text("t.x:\n  description: x\n  unit: t\n", encoding="utf-8")
        (claims / "a.yaml").write_text("article:\n  id: a\n  title: A\n  kind: reference\n  publication: P\n"
                                       "  table: T\n  page: '1'\nclaims:\n  - id: c\n    topic: t.x\n"
                                       f"    value: {index} t\n    source: S\n    quote: q\n", encoding="utf-8")
        assert load([claims], cache_folder).problems == ()
    folders = list((cache_folder / "claims").iterdir())
    assert len(folders) == MOST_FOLDERS
    assert (cache_folder / CACHEDIR_TAG).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    old = time.time() - 31 * 86400
    for folder in folders:
        os.utime(folder, (old, old))
    load([claims.parent.parent / "project0" / "claims"], cache_folder)
    assert len(list((cache_folder / "claims").iterdir())) == 1


def test_a_pack_of_an_earlier_version_is_removed_when_a_pack_is_written(project: Path, cache_folder: Path) -> None:
    earlier = cache_folder / "claims" / f"{'0' * 32}.pack"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(MAGIC)
    cached_load(cache_folder)
    assert not earlier.exists()
    assert packed_files(cache_folder) == CLAIM_FILES


def test_cache_info_and_clean(project: Path, cache_folder: Path) -> None:
    runner.invoke(app, ["compare"])
    packs = the_packs(cache_folder)
    size = f"{sum(pack.stat().st_size for pack in packs) / 1e6:.1f} MB"
    (cache_folder / "other").mkdir()
    (cache_folder / "other" / "keep.pack").write_text("not reecheck's", encoding="utf-8")
    info = runner.invoke(app, ["cache", "info"])
    assert (info.exit_code, info.stdout.splitlines()) == (
        0, [f"folder: {cache_folder}", f"packs:  {len(packs)} ({size})",
            *(f"  {pack.relative_to(cache_folder)}  {pack.stat().st_size / 1e6:.1f} MB" for pack in packs)])
    (cache_folder / "unrelated.txt").write_text("kept", encoding="utf-8")
    cleaned = runner.invoke(app, ["cache", "clean"])
    assert (cleaned.exit_code, cleaned.stdout) == (0, f"removed {len(packs)} packs ({size}) from {cache_folder}\n")
    assert not (cache_folder / "claims").exists() and (cache_folder / "unrelated.txt").exists()
    assert (cache_folder / "other" / "keep.pack").exists()


def test_verbose_says_why_files_were_read_afresh(project: Path, cache_folder: Path) -> None:
    first = runner.invoke(app, ["--verbose", "compare"])
    assert [line for line in first.stderr.splitlines() if line.startswith("cache:")] == [
        f"cache: reading claims/{name}: not cached" for name in CLAIM_FILES]
    path = Path("claims/morace-2025-11-20.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = runner.invoke(app, ["-v", "compare"])
    assert second.stderr == "cache: reading claims/morace-2025-11-20.yaml: changed since it was cached\n"
    assert runner.invoke(app, ["-v", "compare"]).stderr == ""


def test_no_cache_neither_reads_nor_writes(project: Path, cache_folder: Path) -> None:
    runner.invoke(app, ["--no-cache", "compare"])
    assert list(cache_folder.iterdir()) == []


def test_files_read_on_several_cores_load_the_same(project: Path, cache_folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    serial = load([Path("claims")])
    monkeypatch.setattr(reecheck.loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    assert cached_load(cache_folder) == serial


def test_problems_found_on_several_cores_are_reported(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Path("claims/morace-2025-11-20.yaml").write_text("article: [", encoding="utf-8")
    monkeypatch.setattr(reecheck.loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    assert [str(p) for p in load([Path("claims")]).problems] == [
        "claims/morace-2025-11-20.yaml:2:1: invalid YAML: did not find expected node content "
        "(while parsing a flow node)"]


def test_an_unwritable_cache_folder_only_costs_time(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert load([Path("claims")], blocker).problems == ()


def test_concurrent_runs_share_one_cache_folder(project: Path, cache_folder: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "100"}
    command = [sys.executable, "-c", "from reecheck.cli import main; main()", "compare", "--all"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = {(*run.communicate(), run.returncode) for run in runs}
    assert len(outputs) == 1
    [(stdout, stderr, code)] = outputs
    assert (code, stderr) == (0, "") and "consistent" in stdout
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert (again.returncode, again.stdout, again.stderr) == (0, stdout, "")
    assert packed_files(cache_folder) == CLAIM_FILES
