"""Measure reecheck against the floor each figure is held to, interleaved in one run.

    .venv/bin/python benchmarks/run.py [--repeat 5] [--articles 2000] [--claims-per-article 50]

Each figure runs its floor command and reecheck alternately, `--repeat` times, and reports medians,
min-max, the ratio of medians and the peak resident memory of each process. Corpora are generated
in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import PYTHON, REECHECK, REPO, Sample, arguments, environment, generate, measure, workspace

# A CI runner with one core: reecheck and its floor pinned to the same one.
ONE_CORE = ["taskset", "-c", "0"]
FLOOR_LOAD = """\
import sys, glob, yaml
loaded = [yaml.load(open(path, "rb"), Loader=yaml.CSafeLoader) for path in sorted(glob.glob(sys.argv[1] + "/*.yaml"))]
"""


@dataclass
class Figure:
    name: str
    target: str
    limit: float
    reecheck: Sample = field(default_factory=Sample)
    floor: Sample = field(default_factory=Sample)

    def ratio(self) -> float:
        return self.reecheck.median() / self.floor.median()


def main() -> None:
    given = arguments(__doc__.splitlines()[0])
    with workspace("reecheck-bench-") as work:
        run(work, given.repeat, given.articles, given.claims_per_article)


def run(work: Path, repeat: int, articles: int, per_article: int) -> None:
    big, small = work / "big", work / "small"
    generate(big, articles, per_article)
    generate(small, max(1, articles // 10), per_article)
    (work / "floor.py").write_text(FLOOR_LOAD, encoding="utf-8")
    floor_load = [PYTHON, str(work / "floor.py"), "claims"]
    caches = work / "caches"
    base_env = environment()

    def env(cache: str) -> dict[str, str]:
        return {**base_env, "REECHECK_CACHE_DIR": str(caches / cache), "COLUMNS": "120"}

    def fresh(cache: str) -> Callable[[], dict[str, str]]:
        def make() -> dict[str, str]:
            shutil.rmtree(caches / cache, ignore_errors=True)
            return env(cache)
        return make

    changed = big / "claims" / f"outlet-{0:05d}.yaml"
    original = changed.read_text(encoding="utf-8")

    def change_one_file() -> dict[str, str]:
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text + "\n" if text == original else original, encoding="utf-8")
        return env("warm")

    import_floor = [PYTHON, "-c", "import typer, rich.console, rich.table, yaml, pint"]
    figures = [
        (Figure("reecheck --help", "<= 2x", 2.0), [REECHECK, "--help"], [PYTHON, "-c", "import typer"], REPO,
         lambda: env("shipped")),
        (Figure("compare, shipped corpus", "<= 1.3x", 1.3), [REECHECK, "compare"], import_floor, REPO,
         lambda: env("shipped")),
        (Figure("check, shipped corpus, warm", "<= 1.5x", 1.5), [REECHECK, "check"], import_floor, REPO,
         lambda: env("shipped")),
        (Figure(f"compare, {articles * per_article:,} claims, cold", "<= 0.7x", 0.7), [REECHECK, "compare"],
         floor_load, big, fresh("cold")),
        (Figure(f"compare, {articles * per_article:,} claims, warm", "<= 0.3x", 0.3), [REECHECK, "compare"],
         floor_load, big, lambda: env("warm")),
        (Figure("compare, one file changed", "<= 0.35x", 0.35), [REECHECK, "compare"], floor_load, big,
         change_one_file),
        (Figure(f"check, {articles * per_article:,} claims, cold", "<= 2x", 2.0),
         [REECHECK, "check", "--format", "json"], floor_load, big, fresh("check")),
        (Figure(f"check, {articles * per_article:,} claims, cold, one core", "<= 2x", 2.0),
         [*ONE_CORE, REECHECK, "check", "--format", "json"], [*ONE_CORE, *floor_load], big, fresh("check")),
        (Figure(f"check, {articles * per_article:,} claims, warm", "<= 0.3x", 0.3),
         [REECHECK, "check", "--format", "json"], floor_load, big, lambda: env("check-warm")),
        (Figure(f"compare, {articles // 10 * per_article:,} claims, cold (growth base)", "", 0),
         [REECHECK, "compare"], floor_load, small, fresh("small")),
    ]
    for figure, command, floor, cwd, prepare in figures:
        if "warm" in figure.name or "changed" in figure.name or "shipped" in figure.name or "help" in figure.name:
            measure(command, cwd, prepare(), Sample())  # fill the cache the figure is about
        for _ in range(repeat):
            measure(floor, cwd, base_env, figure.floor, codes=(0,))
            measure(command, cwd, prepare(), figure.reecheck)
        print(f"measured: {figure.name}", file=sys.stderr)
    changed.write_text(original, encoding="utf-8")
    report([figure for figure, *_ in figures], articles * per_article, articles // 10 * per_article)
    report_cache_size(big, caches / "sizes", env)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def report_cache_size(corpus: Path, cache: Path, env: Callable[[str], dict[str, str]]) -> None:
    """The cache folder beside the claim files it holds, after one edit of topics.yaml and after ten."""
    topics = corpus / "claims" / "topics.yaml"
    original = topics.read_text(encoding="utf-8")
    sizes = []
    for edit in range(10):
        topics.write_text(original + f"# edit {edit}\n", encoding="utf-8")
        measure([REECHECK, "compare"], corpus, env(cache.name), Sample())
        sizes.append(folder_size(cache))
    topics.write_text(original, encoding="utf-8")
    claims = folder_size(corpus / "claims")
    ratio = sizes[0] / claims
    print(f"| cache folder beside the claim files | {sizes[0] / 2**20:.1f} MiB | {claims / 2**20:.1f} MiB | "
          f"{ratio:.2f}x | <= 2x | {'yes' if ratio <= 2 else 'no'} |")
    grown = sizes[-1] / sizes[0]
    print(f"| cache folder after ten edits of topics.yaml, against after one | {sizes[-1] / 2**20:.1f} MiB | "
          f"{sizes[0] / 2**20:.1f} MiB | {grown:.2f}x | <= 1x | {'yes' if grown <= 1 else 'no'} |")


def report(figures: list[Figure], big: int, small: int) -> None:
    print("| figure | reecheck, median (min-max) | floor, median (min-max) | ratio | target | met |")
    print("|---|---|---|---|---|---|")
    for figure in figures[:-1]:
        met = "yes" if figure.ratio() <= figure.limit else "no"
        print(f"| {figure.name} | {figure.reecheck.shown()} | {figure.floor.shown()} | {figure.ratio():.2f}x | "
              f"{figure.target} | {met} |")
    cold = next(figure for figure in figures if figure.name.endswith("claims, cold") and "compare" in figure.name)
    growth = cold.reecheck.median() / figures[-1].reecheck.median()
    print(f"| growth, {small:,} to {big:,} claims (cold compare) | {figures[-1].reecheck.shown()} -> "
          f"{cold.reecheck.shown()} | | {growth:.2f}x | <= 11x | {'yes' if growth <= 11 else 'no'} |")
    ours = statistics.median(cold.reecheck.peak_kib) / 1024
    floor = statistics.median(cold.floor.peak_kib) / 1024
    print(f"| peak RSS, {big:,} claims (cold compare) | {ours:.0f} MiB | {floor:.0f} MiB | {ours / floor:.2f}x | "
          f"<= 2x | {'yes' if ours <= 2 * floor else 'no'} |")


if __name__ == "__main__":
    main()
