"""Time `reecheck report` on a synthetic corpus (100,000 claims by default) and the page opening in
headless Chromium, against the targets: written in under 3 s, open in under 5 s.

    .venv/bin/python benchmarks/report.py --repeat 5

"Written" is `reecheck report -o page.html` with the cache filled (the claim files read before), from
start to exit; "open" is from asking Chromium to load the page to its load event and a full layout,
in a browser already started (its start is shown apart). `reecheck compare` on the same corpus is
shown beside, for scale. Needs Debian's chromium for the opening.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import Browser, chromium  # noqa: E402 - the repository's own helper, found from here

REECHECK = str(Path(sys.executable).parent / "reecheck")
LAID_OUT = "document.body.getBoundingClientRect().height"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def opening(page: Path) -> tuple[float, float]:
    """How long Chromium takes to start, and to load and lay out the page."""
    started = time.perf_counter()
    with Browser() as browser:
        ready = time.perf_counter()
        browser.open(page.as_uri())
        browser.evaluate(LAID_OUT)
        return ready - started, time.perf_counter() - ready


def shown(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s ({min(samples):.2f}-{max(samples):.2f})"


def row(name: str, samples: list[float], limit: float | None) -> str:
    target, met = (f"< {limit:g} s", "yes" if statistics.median(samples) < limit else "no") if limit else ("", "")
    return f"| {name} | {shown(samples)} | {target} | {met} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims-per-article", type=int, default=50)
    arguments = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "reecheck")], check=True)
    work = Path(tempfile.mkdtemp(prefix="reecheck-report-bench-"))
    try:
        measure(work, arguments.repeat, arguments.articles, arguments.claims_per_article)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(work: Path, repeat: int, articles: int, per_article: int) -> None:
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(work), "--articles", str(articles),
                    "--claims-per-article", str(per_article), "--seed", "1"], check=True)
    env = {**{key: value for key, value in os.environ.items() if not key.startswith("REECHECK_")},
           "REECHECK_CACHE_DIR": str(work / "cache")}
    page = work / "page.html"
    write = [REECHECK, "report", "-o", str(page)]
    cold = timed(write, work, env)
    written, compared, starts, opens = [], [], [], []
    for _ in range(repeat):
        written.append(timed(write, work, env))
        compared.append(timed([REECHECK, "compare"], work, env))
        if chromium() is not None:
            start, opened = opening(page)
            starts.append(start)
            opens.append(opened)
    claims = articles * per_article
    print(f"{claims:,} claims; the page is {page.stat().st_size / 2**20:.1f} MiB; the first run, filling the cache, "
          f"took {cold:.2f} s")
    print("| figure | median (min-max) | target | met |")
    print("|---|---|---|---|")
    print(row(f"report written, {claims:,} claims", written, 3))
    print(row(f"compare, {claims:,} claims (for scale)", compared, None))
    if opens:
        print(row("page opened and laid out in Chromium", opens, 5))
        print(row("Chromium started (apart)", starts, None))
    else:
        print("| page opened in Chromium | not measured: no chromium installed | < 5 s | |")


if __name__ == "__main__":
    main()
