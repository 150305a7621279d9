"""Time `reecheck report` on a synthetic corpus (100,000 claims by default) and the page opening in
headless Chromium, against the targets: written in under 3 s, open in under 5 s.

    .venv/bin/python benchmarks/report.py --repeat 5

"Written" is `reecheck report -o page.html` with the cache filled (the claim files read before), from
start to exit; "open" is from asking Chromium to load the page to its load event and a full layout,
in a browser already started (its start is shown apart). `reecheck compare` on the same corpus is
shown beside, for scale; both also with their processor time, which varies less than wall time on a
machine others share. Needs Debian's chromium for the opening.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench import REECHECK, REPO, Sample, environment, generate, measure, parser, workspace

sys.path.insert(0, str(REPO))

from tests.browser import Browser, chromium  # the repository's own helper, on the path added above

LAID_OUT = "document.body.getBoundingClientRect().height"


def opening(page: Path) -> tuple[float, float]:
    """How long Chromium takes to start, and to load and lay out the page."""
    started = time.perf_counter()
    with Browser() as browser:
        ready = time.perf_counter()
        browser.open(page.as_uri())
        browser.evaluate(LAID_OUT)
        return ready - started, time.perf_counter() - ready


def row(name: str, sample: Sample, limit: float | None) -> str:
    target, met = (f"< {limit:g} s", "yes" if sample.median() < limit else "no") if limit else ("", "")
    cpu = sample.cpu_shown() if sample.cpu_seconds else ""
    return f"| {name} | {sample.shown()} | {cpu} | {target} | {met} |"


def main() -> None:
    given = parser(__doc__.splitlines()[0]).parse_args()
    with workspace("reecheck-report-bench-") as work:
        measure_report(work, given.repeat, given.articles, given.claims_per_article)


def measure_report(work: Path, repeat: int, articles: int, per_article: int) -> None:
    generate(work, articles, per_article)
    env = {**environment(), "REECHECK_CACHE_DIR": str(work / "cache")}
    page = work / "page.html"
    write = [REECHECK, "report", "-o", str(page)]
    cold, written, compared = Sample(), Sample(), Sample()
    measure(write, work, env, cold, codes=(0,))
    starts, opens = Sample(), Sample()
    for _ in range(repeat):
        measure(write, work, env, written, codes=(0,))
        measure([REECHECK, "compare"], work, env, compared, codes=(0,))
        if chromium() is not None:
            start, opened = opening(page)
            starts.seconds.append(start)
            opens.seconds.append(opened)
    claims = articles * per_article
    print(f"{claims:,} claims; the page is {page.stat().st_size / 2**20:.1f} MiB; the first run, filling the cache, "
          f"took {cold.seconds[0]:.2f} s")
    print("| figure | median (min-max) | processor time, median (min-max) | target | met |")
    print("|---|---|---|---|---|")
    print(row(f"report written, {claims:,} claims", written, 3))
    print(row(f"compare, {claims:,} claims (for scale)", compared, None))
    if opens.seconds:
        print(row("page opened and laid out in Chromium", opens, 5))
        print(row("Chromium started (apart)", starts, None))
    else:
        print("| page opened in Chromium | not measured: no chromium installed | | < 5 s | |")


if __name__ == "__main__":
    main()
