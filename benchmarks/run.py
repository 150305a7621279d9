"""Measure reecheck against the floor each figure is held to, interleaved in one run.

    .venv/bin/python benchmarks/run.py [--repeat 5] [--articles 2000] [--claims-per-article 50] [--million]

Each figure runs its floor command and reecheck alternately, `--repeat` times, and reports medians
and min-max of wall time, medians of CPU time (user and system, of the process and the workers it
waited for), the ratio of medians, and whether the figure's target is met. Peak memory is measured
in runs of its own, sampled every few milliseconds: the largest process's resident set, and the
proportional set (PSS, which counts memory shared between processes once) summed over the whole
process tree. `--million` adds a claim-file edit on a corpus of a million claims (20,000 files),
which takes several minutes to build. Corpora and installs are made in a temporary folder ($TMPDIR)
and removed afterwards; the output is one Markdown table.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import PYTHON, REECHECK, REPO, Sample, environment, generate, measure, parser, workspace

FLOOR_LOAD = """\
import sys, glob, yaml
paths = sorted(glob.glob(sys.argv[1] + "/*.yaml"))
if not paths:
    sys.exit(f"no claim files in {sys.argv[1]}")
loaded = []  # kept, as reecheck keeps what it loads: the floor of memory too
for path in paths:
    with open(path, "rb") as stream:
        loaded.append(yaml.load(stream, Loader=yaml.CSafeLoader))
"""
IMPORTS = "import typer, rich.console, rich.table, yaml, pint"
ONE_CORE = ["taskset", "-c", "0"]
Environment = Callable[[], dict[str, str]]


@dataclass(frozen=True)
class Memory:
    largest_kib: int
    """The largest resident set of any one process of the tree."""
    tree_kib: int
    """The largest sum of the tree's proportional sets (resident sets where PSS is not available)."""


def descendants(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as stream:
                    waiting.extend(int(child) for child in stream.read().split())
            except OSError:
                continue
    return found


def memory_of(pid: int) -> tuple[int, int]:
    """A process's resident and proportional set in KiB, from smaps_rollup (status where it is missing)."""
    fields: dict[str, int] = {}
    for name in (f"/proc/{pid}/smaps_rollup", f"/proc/{pid}/status"):
        try:
            with open(name, encoding="ascii") as stream:
                for line in stream:
                    key, _, rest = line.partition(":")
                    if key in ("Rss", "Pss", "VmRSS"):
                        fields[key] = int(rest.split()[0])
        except OSError:
            continue
        if fields:
            break
    resident = fields.get("Rss", fields.get("VmRSS", 0))
    return resident, fields.get("Pss", resident)


def peak_memory(command: list[str], cwd: Path, env: dict[str, str], codes: tuple[int, ...] = (0, 1)) -> Memory:
    """Peak memory of one run: the tree's PSS sampled every 5 ms, and the largest process's peak
    resident set from the rusage the exit reports (exact, of the process and the workers it waited for)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, sum(memory_of(each)[1] for each in descendants(process.pid)))
        time.sleep(0.005)
    if os.waitstatus_to_exitcode(status) not in codes:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} with {os.waitstatus_to_exitcode(status)}")
    return Memory(usage.ru_maxrss, tree)


@dataclass
class Figure:
    name: str
    limit: float
    """The most the wall-time ratio may be; 0 for a figure that is only a base for another."""
    command: list[str]
    floor: list[str]
    cwd: Path
    prepare: Environment
    floor_env: Environment
    cpu_limit: float | None = None
    """The most the CPU-time ratio may be, when the figure has a target in CPU time too."""
    warm_up: bool = False
    """Run once before measuring, to fill the cache the figure is about."""
    ours: Sample = field(default_factory=Sample)
    theirs: Sample = field(default_factory=Sample)

    def ratio(self) -> float:
        return self.ours.median() / self.theirs.median()

    def cpu_ratio(self) -> float:
        return self.ours.cpu_median() / self.theirs.cpu_median()

    def target(self) -> str:
        cpu = f"; CPU <= {self.cpu_limit:g}x" if self.cpu_limit is not None else ""
        return f"<= {self.limit:g}x{cpu}"

    def met(self) -> bool:
        return self.ratio() <= self.limit and (self.cpu_limit is None or self.cpu_ratio() <= self.cpu_limit)

    def row(self) -> str:
        return (f"| {self.name} | {self.ours.shown()} | {self.theirs.shown()} | {self.ratio():.2f}x | "
                f"{self.ours.cpu_median():.3f} s / {self.theirs.cpu_median():.3f} s = {self.cpu_ratio():.2f}x | "
                f"{self.target()} | {yes(self.met())} |")

    def run(self, repeat: int) -> None:
        if self.warm_up:
            measure(self.command, self.cwd, self.prepare(), Sample())
        for _ in range(repeat):
            measure(self.floor, self.cwd, self.floor_env(), self.theirs, codes=(0,))
            measure(self.command, self.cwd, self.prepare(), self.ours)
        print(f"measured: {self.name}", file=sys.stderr)


def yes(met: bool) -> str:
    return "yes" if met else "no"


def main() -> None:
    options = parser(__doc__.splitlines()[0])
    options.add_argument("--million", action="store_true",
                         help="also measure a claim-file edit on 1,000,000 claims (20,000 files; several minutes)")
    given = options.parse_args()
    with workspace("reecheck-bench-") as work:
        Benchmark(work, given.articles, given.claims_per_article).run(given.repeat, given.million)


class Benchmark:
    def __init__(self, work: Path, articles: int, per_article: int) -> None:
        self.work = work
        self.articles, self.per_article = articles, per_article
        self.caches = work / "caches"
        self.base_env = environment()
        (work / "floor.py").write_text(FLOOR_LOAD, encoding="utf-8")

    def env(self, cache: str, **extra: str) -> dict[str, str]:
        return {**self.base_env, "REECHECK_CACHE_DIR": str(self.caches / cache), "COLUMNS": "120", **extra}

    def fresh(self, cache: str, **extra: str) -> Environment:
        """A run that starts with no cache folder at all, as CI's first run does."""
        def make() -> dict[str, str]:
            shutil.rmtree(self.caches / cache, ignore_errors=True)
            return self.env(cache, **extra)
        return make

    def kept(self, cache: str) -> Environment:
        return lambda: self.env(cache)

    def floor_env(self, **extra: str) -> Environment:
        return lambda: {**self.base_env, **extra}

    def floor_load(self, python: str = PYTHON) -> list[str]:
        return [python, str(self.work / "floor.py"), "claims"]

    def run(self, repeat: int, million: bool) -> None:
        big, small = self.work / "big", self.work / "small"
        generate(big, self.articles, self.per_article)
        generate(small, max(1, self.articles // 10), self.per_article)
        claims = f"{self.articles * self.per_article:,} claims"
        reecheck = REECHECK
        bare = self.no_compile_install()
        figures = [
            Figure("reecheck --help", 2.0, [reecheck, "--help"], [PYTHON, "-c", "import typer"], REPO,
                   self.kept("shipped"), self.floor_env(), warm_up=True),
            Figure("compare, shipped corpus", 1.3, [reecheck, "compare"], [PYTHON, "-c", IMPORTS], REPO,
                   self.kept("shipped"), self.floor_env(), warm_up=True),
            Figure("check, shipped corpus, warm", 1.5, [reecheck, "check"], [PYTHON, "-c", IMPORTS], REPO,
                   self.kept("shipped"), self.floor_env(), warm_up=True),
            Figure("compare, shipped corpus, no cache folder", 1.3, [reecheck, "compare"], [PYTHON, "-c", IMPORTS],
                   REPO, self.fresh("first"), self.floor_env()),
            Figure("check, shipped corpus, no cache folder", 1.3, [reecheck, "check"], [PYTHON, "-c", IMPORTS],
                   REPO, self.fresh("first"), self.floor_env()),
            Figure("compare, shipped corpus, no cache folder, no bytecode (--no-compile install, "
                   "PYTHONDONTWRITEBYTECODE=1)", 1.3, [str(bare / "bin" / "reecheck"), "compare"],
                   [str(bare / "bin" / "python"), "-c", IMPORTS], REPO,
                   self.fresh("first", PYTHONDONTWRITEBYTECODE="1"), self.floor_env(PYTHONDONTWRITEBYTECODE="1")),
            Figure("check, shipped corpus, no cache folder, no bytecode (--no-compile install, "
                   "PYTHONDONTWRITEBYTECODE=1)", 1.3, [str(bare / "bin" / "reecheck"), "check"],
                   [str(bare / "bin" / "python"), "-c", IMPORTS], REPO,
                   self.fresh("first", PYTHONDONTWRITEBYTECODE="1"), self.floor_env(PYTHONDONTWRITEBYTECODE="1")),
            Figure(f"compare, {claims}, cold", 0.7, [reecheck, "compare"], self.floor_load(), big,
                   self.fresh("cold"), self.floor_env(), cpu_limit=0.8),
            Figure(f"compare, {claims}, warm", 0.3, [reecheck, "compare"], self.floor_load(), big,
                   self.kept("warm"), self.floor_env(), warm_up=True),
            Figure("compare, one file changed", 0.35, [reecheck, "compare"], self.floor_load(), big,
                   self.changing(big / "claims" / f"outlet-{0:05d}.yaml", "warm"), self.floor_env(), warm_up=True),
            Figure(f"check, {claims}, cold", 2.0, [reecheck, "check", "--format", "json"], self.floor_load(), big,
                   self.fresh("check"), self.floor_env()),
            Figure(f"check, {claims}, warm", 0.3, [reecheck, "check", "--format", "json"], self.floor_load(), big,
                   self.kept("check-warm"), self.floor_env(), warm_up=True),
            Figure(f"compare, {claims}, cold, one core (taskset -c 0)", 0.7, [*ONE_CORE, reecheck, "compare"],
                   [*ONE_CORE, *self.floor_load()], big, self.fresh("cold"), self.floor_env()),
            Figure(f"check, {claims}, cold, one core (taskset -c 0)", 2.0,
                   [*ONE_CORE, reecheck, "check", "--format", "json"], [*ONE_CORE, *self.floor_load()], big,
                   self.fresh("check"), self.floor_env()),
        ]
        base_claims = f"{self.articles // 10 * self.per_article:,} claims"
        growth_base = Figure(f"compare, {base_claims}, cold", 0,
                             [reecheck, "compare"], self.floor_load(), small, self.fresh("small"), self.floor_env())
        changed = big / "claims" / f"outlet-{0:05d}.yaml"
        original = changed.read_text(encoding="utf-8")
        for figure in [*figures, growth_base]:
            figure.run(repeat)
        changed.write_text(original, encoding="utf-8")
        memory = self.memory_rows(big, claims)
        sizes = self.cache_size_rows(big)
        print("| figure | reecheck, median (min-max) | floor, median (min-max) | ratio | CPU time, reecheck / floor "
              "| target | met |")
        print("|---|---|---|---|---|---|---|")
        for figure in figures:
            print(figure.row())
        cold = next(figure for figure in figures if figure.name == f"compare, {claims}, cold")
        growth = cold.ours.median() / growth_base.ours.median()
        print(f"| growth, {base_claims} to {claims} (cold compare) | "
              f"{growth_base.ours.shown()} -> {cold.ours.shown()} | | {growth:.2f}x | | <= 11x | {yes(growth <= 11)} |")
        for row in [*memory, *sizes]:
            print(row)
        sys.stdout.flush()  # the rows so far stand even if the longest measurement, last, fails
        if million:
            print(self.million_edit(repeat))

    def no_compile_install(self) -> Path:
        """reecheck installed as a user installs it with `pip install --no-compile`: no bytecode anywhere."""
        venv = self.work / "no-compile"
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile", str(REPO)],
                       check=True, env={**self.base_env, "PYTHONDONTWRITEBYTECODE": "1"})
        return venv

    def changing(self, path: Path, cache: str) -> Environment:
        """A run after `path` alternates between two contents."""
        original = path.read_text(encoding="utf-8")

        def make() -> dict[str, str]:
            text = path.read_text(encoding="utf-8")
            path.write_text(text + "\n" if text == original else original, encoding="utf-8")
            return self.env(cache)
        return make

    def memory_rows(self, corpus: Path, claims: str) -> list[str]:
        """Peak memory of a cold compare against the floor's, median of three runs each."""
        ours = [peak_memory([REECHECK, "compare"], corpus, self.fresh("memory")()) for _ in range(3)]
        theirs = [peak_memory(self.floor_load(), corpus, self.floor_env()(), codes=(0,)) for _ in range(3)]
        rows = []
        for name, pick in (("peak RSS, largest process", lambda found: found.largest_kib),
                           ("peak PSS, whole process tree", lambda found: found.tree_kib)):
            mine = statistics.median(map(pick, ours)) / 1024
            floor = statistics.median(map(pick, theirs)) / 1024
            rows.append(f"| {name}, {claims} (cold compare) | {mine:.0f} MiB | {floor:.0f} MiB | {mine / floor:.2f}x "
                        f"| | <= 2x | {yes(mine <= 2 * floor)} |")
        print("measured: peak memory", file=sys.stderr)
        return rows

    def cache_size_rows(self, corpus: Path) -> list[str]:
        """The cache folder beside the claim files it holds, after one edit of topics.yaml and after ten."""
        topics = corpus / "claims" / "topics.yaml"
        original = topics.read_text(encoding="utf-8")
        sizes = []
        for edit in range(10):
            topics.write_text(original + f"# edit {edit}\n", encoding="utf-8")
            measure([REECHECK, "compare"], corpus, self.env("sizes"), Sample())
            sizes.append(folder_size(self.caches / "sizes"))
        topics.write_text(original, encoding="utf-8")
        claims = folder_size(corpus / "claims")
        ratio, grown = sizes[0] / claims, sizes[-1] / sizes[0]
        return [f"| cache folder beside the claim files | {sizes[0] / 2**20:.1f} MiB | {claims / 2**20:.1f} MiB | "
                f"{ratio:.2f}x | | <= 2x | {yes(ratio <= 2)} |",
                f"| cache folder after ten edits of topics.yaml, against after one | {sizes[-1] / 2**20:.1f} MiB | "
                f"{sizes[0] / 2**20:.1f} MiB | {grown:.2f}x | | <= 1x | {yes(grown <= 1)} |"]

    def million_edit(self, repeat: int) -> str:
        """What one edited claim file adds to a compare of a million claims: the median of runs after an
        edit less the median of warm runs, against the floor."""
        corpus = self.work / "million"
        generate(corpus, 20_000, 50)
        reecheck = [REECHECK, "compare"]
        measure(reecheck, corpus, self.env("million"), Sample())  # fill the cache
        warm, edited, floor = Sample(), Sample(), Sample()
        after_edit = self.changing(corpus / "claims" / f"outlet-{0:05d}.yaml", "million")
        for _ in range(repeat):
            measure(self.floor_load(), corpus, self.floor_env()(), floor, codes=(0,))
            measure(reecheck, corpus, self.env("million"), warm)
            measure(reecheck, corpus, after_edit(), edited)
        print("measured: a claim-file edit, 1,000,000 claims", file=sys.stderr)
        added = edited.median() - warm.median()
        ratio = added / floor.median()
        return (f"| a claim-file edit, 1,000,000 claims (20,000 files): compare after an edit less a warm compare "
                f"| {edited.median():.3f} s - {warm.median():.3f} s = {added:.3f} s | {floor.shown()} | "
                f"{ratio:.2f}x | {edited.cpu_median() - warm.cpu_median():.3f} s / {floor.cpu_median():.3f} s | "
                f"<= 0.15x | {yes(ratio <= 0.15)} |")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


if __name__ == "__main__":
    main()
