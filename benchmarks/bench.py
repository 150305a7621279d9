"""What every benchmark sets up the same way: its command-line arguments, reecheck's bytecode compiled,
generated corpora in a temporary folder removed afterwards, an environment without the caller's
REECHECK_ settings, and each command's time and memory. run.py and report.py import it from beside them."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REECHECK = str(Path(sys.executable).parent / "reecheck")


@dataclass
class Sample:
    """One command's runs: wall time, processor time (user and system) and peak resident memory."""

    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def shown(self) -> str:
        return f"{self.median():.3f} s ({min(self.seconds):.3f}-{max(self.seconds):.3f})"

    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)

    def cpu_shown(self) -> str:
        """Processor time varies less than wall time on a machine others share."""
        cpu = self.cpu_seconds
        return f"{statistics.median(cpu):.3f} s ({min(cpu):.3f}-{max(cpu):.3f})"


def measure(command: list[str], cwd: Path, env: dict[str, str], sample: Sample,
            codes: tuple[int, ...] = (0, 1)) -> None:
    """Wall time, processor time and peak RSS of one process (os.wait4 reports the child's own rusage); a run that
    ends otherwise than `codes` stops the benchmark, so that a crash is never recorded as fast."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    sample.seconds.append(time.perf_counter() - start)
    sample.cpu_seconds.append(usage.ru_utime + usage.ru_stime)
    sample.peak_kib.append(usage.ru_maxrss)
    if os.waitstatus_to_exitcode(status) not in codes:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} with {os.waitstatus_to_exitcode(status)}")


def parser(description: str) -> argparse.ArgumentParser:
    """--repeat, and the size of the corpus: --articles and --claims-per-article."""
    options = argparse.ArgumentParser(description=description)
    options.add_argument("--repeat", type=int, default=5)
    options.add_argument("--articles", type=int, default=2000)
    options.add_argument("--claims-per-article", type=int, default=50)
    return options


@contextmanager
def workspace(prefix: str) -> Iterator[Path]:
    """A temporary folder for corpora and caches, removed afterwards, with reecheck compiled first."""
    # Installing a package compiles its bytecode, and a first run writes it; an environment with
    # PYTHONDONTWRITEBYTECODE would otherwise compile reecheck on every run but not its dependencies.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "src" / "reecheck")], check=True)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def generate(out: Path, articles: int, per_article: int) -> None:
    """A deterministic synthetic corpus in `out`: claims/ and seeds/ (generate.py)."""
    subprocess.run([PYTHON, str(REPO / "benchmarks" / "generate.py"), str(out), "--articles", str(articles),
                    "--claims-per-article", str(per_article), "--seed", "1"], check=True)


def environment() -> dict[str, str]:
    """The caller's environment without REECHECK_ settings, which would change what is measured."""
    return {key: value for key, value in os.environ.items() if not key.startswith("REECHECK_")}
