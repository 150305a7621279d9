"""The report's page in headless Chromium: a picture per topic that disagrees, with one mark per claim
where the axis says it belongs; links that resolve; no request beyond the page itself; filters, a
phone's width and printing. Skipped where no chromium is installed (`.ci/run` installs Debian's).

A screenshot of the shipped corpus's page is kept in tests/artifacts/; REECHECK_UPDATE_GOLDEN=1
also copies it to docs/report.png, the picture the README shows.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from reecheck.app import ReportInput, Settings, run_report
from reecheck.compare import CompareOptions
from reecheck.render.html import HtmlOptions, render_html
from tests.browser import Browser, chromium
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(chromium() is None, reason="no chromium installed (.ci/run installs Debian's chromium)")

CORPORA = {"shipped": REPO / "claims", "lithium": REPO / "tests" / "corpora" / "lithium" / "claims"}
MADE = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
ARTIFACTS = REPO / "tests" / "artifacts"

# Where a mark of each figure must sit, read against the axis drawn under it:
# (corpus, topic, article, claim id, which edge of the mark, value).
KNOWN_POSITIONS = [
    ("shipped", "russia.ree.reserves", "usgs-mcs-2025-rare-earths", "russia-reserves", "centre", 3.8),
    ("shipped", "russia.ree.reserves", "putin-pushes-rare-earth-reserves", "reserves-ministry", "centre", 28.7),
    ("shipped", "russia.ree.reserves", "discovery-alert-political-theater", "reserves-dispute-range", "left", 3.8),
    ("shipped", "russia.ree.reserves", "discovery-alert-political-theater", "reserves-dispute-range", "right", 28.7),
    ("shipped", "china.ree.processing-share", "discovery-alert-political-theater", "china-separation-share", "left", 90),
    ("shipped", "russia.ree.production-share", "putin-pushes-rare-earth-reserves", "production-share", "centre", 1),
    ("lithium", "china.lithium.production", "min-met-lithium-2021", "china-production-2021", "centre", 14000),
    ("lithium", "china.lithium.production", "usgs-mcs-2023-lithium", "china-production-2022", "centre", 19000),
]

TOPICS_DRAWN = """
Array.from(document.querySelectorAll("section.topic"), (section) => ({
  name: section.querySelector("h3 code").textContent,
  verdict: section.dataset.verdict,
  marks: section.querySelectorAll("svg.intervals .mark").length,
  rows: section.querySelectorAll("svg.intervals a.claim").length,
  timelineMarks: section.querySelectorAll("svg.timeline .mark").length,
}))
"""

MARK_AND_TICKS = """
((topic, prefix) => {
  const section = Array.from(document.querySelectorAll("section.topic"))
    .find((candidate) => candidate.querySelector("h3 code").textContent === topic);
  const picture = section.querySelector("svg.intervals");
  const row = Array.from(picture.querySelectorAll("a.claim"))
    .find((link) => link.querySelector("title").textContent.startsWith(prefix));
  const box = row.querySelector(".mark").getBoundingClientRect();
  const ticks = Array.from(picture.querySelectorAll(".axis .tick"), (tick) => ({
    label: tick.querySelector("text").textContent, x: tick.querySelector("line").getBoundingClientRect().left }));
  return {left: box.left, right: box.right, centre: box.left + box.width / 2, ticks};
})(%s, %s)
"""

LINKS = """
Array.from(document.querySelectorAll("a[href]"), (link) => {
  const href = link.getAttribute("href");
  const url = new URL(href, document.baseURI);
  return {href, url: url.href, target: href.startsWith("#") ? document.getElementById(href.slice(1)) !== null : null};
})
"""

ALTERNATIVES = """
Array.from(document.querySelectorAll("svg.picture"), (picture) => ({
  role: picture.getAttribute("role"),
  text: picture.getAttribute("aria-labelledby").split(" ")
    .map((id) => (document.getElementById(id) || {textContent: ""}).textContent.trim()),
}))
"""


SHOWN_TOPICS = "Array.from(document.querySelectorAll('section.topic:not([hidden]) h3 code'), (code) => code.textContent)"
SHOWN_ROWS = "Array.from(document.querySelectorAll('.overview tbody tr:not([hidden]) a'), (link) => link.textContent)"
CHOOSE_KIND = """((kind) => { const choice = document.querySelector("select[name=kind]");
    choice.value = kind; choice.dispatchEvent(new Event("input", {bubbles: true})); })(%s)"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, ReportInput]]:
    """Each corpus's page, written as `reecheck report` writes it, with a fixed time."""
    folder = tmp_path_factory.mktemp("report")
    written = {}
    for name, claims in CORPORA.items():
        given = run_report([claims], CompareOptions(), Settings()).result
        page = folder / f"{name}.html"
        page.write_text(render_html(given, HtmlOptions(MADE, folder)), encoding="utf-8")
        written[name] = (page, given)
    return written


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as started:
        yield started


def opened(browser: Browser, page: Path, width: int = 1280, height: int = 900) -> Browser:
    browser.resize(width, height)
    browser.send("Emulation.setEmulatedMedia", media="screen")
    browser.open(page.as_uri())
    return browser


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_topic_that_disagrees_has_a_picture_with_a_mark_per_claim(
        corpus: str, pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    page, given = pages[corpus]
    drawn = opened(browser, page).evaluate(TOPICS_DRAWN)
    expected = [{"name": topic.topic.name, "verdict": topic.verdict.value, "marks": len(topic.claims),
                 "rows": len(topic.claims)} for topic in given.report.topics]
    assert [{key: shown[key] for key in ("name", "verdict", "marks", "rows")} for shown in drawn] == expected
    assert len(expected) == {"shipped": 6, "lithium": 11}[corpus]  # the lithium corpus's expected.json flags 11


def test_pictures_over_time_mark_every_claim(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    drawn = opened(browser, pages["lithium"][0]).evaluate(TOPICS_DRAWN)
    over_time = [shown for shown in drawn if shown["timelineMarks"]]
    assert len(over_time) >= 10
    assert all(shown["timelineMarks"] == shown["marks"] for shown in over_time)


@pytest.mark.parametrize(("corpus", "topic", "article", "claim", "edge", "value"), KNOWN_POSITIONS,
                         ids=[f"{topic}-{claim}-{edge}" for _, topic, _, claim, edge, _ in KNOWN_POSITIONS])
def test_marks_sit_where_the_axis_puts_their_figure(
        corpus: str, topic: str, article: str, claim: str, edge: str, value: float,
        pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    browser = opened(browser, pages[corpus][0])
    found = browser.evaluate(MARK_AND_TICKS % (js_string(topic), js_string(f"{article} · {claim}:")))
    assert found[edge] == pytest.approx(axis_position(found["ticks"], value), abs=1.0)


def js_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def axis_position(ticks: list[dict[str, Any]], value: float) -> float:
    """Where the axis puts `value`, from its first and last ticks as drawn (a linear axis)."""
    first, last = ticks[0], ticks[-1]
    low, high = (float(tick["label"].replace(",", "")) for tick in (first, last))
    return float(first["x"] + (value - low) / (high - low) * (last["x"] - first["x"]))


@pytest.mark.parametrize("corpus", CORPORA)
def test_the_page_asks_for_nothing_but_itself(corpus: str, pages: dict[str, tuple[Path, ReportInput]],
                                               browser: Browser) -> None:
    page = pages[corpus][0]
    assert opened(browser, page).requests() == [page.as_uri()]


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_link_resolves(corpus: str, pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    links = opened(browser, pages[corpus][0]).evaluate(LINKS)
    broken = [link["href"] for link in links if not resolves(link)]
    assert (broken, len(links) > 20) == ([], True)


def resolves(link: dict[str, Any]) -> bool:
    """An anchor names an element of the page, a file exists, a web address has a host."""
    if link["target"] is not None:
        return bool(link["target"])
    url = urlparse(link["url"])
    if url.scheme == "file":
        return Path(unquote(url.path)).is_file()
    return url.scheme in ("http", "https") and bool(url.hostname)


def test_every_picture_has_a_text_alternative(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    pictures = opened(browser, pages["shipped"][0]).evaluate(ALTERNATIVES)
    assert len(pictures) == 8, "six topics, two of them with dated claims"
    assert all(picture["role"] == "img" and all(picture["text"]) for picture in pictures)


def test_filters_by_verdict_and_words(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    browser = opened(browser, pages["shipped"][0])
    shown = "document.querySelectorAll('section.topic:not([hidden])').length"
    assert (browser.evaluate(shown), browser.evaluate("document.getElementById('shown').textContent")) == (
        6, "6 of 6 topics shown")
    browser.evaluate("""(() => { const gross = document.querySelector("input[value=gross]");
        gross.checked = false; gross.dispatchEvent(new Event("input", {bubbles: true})); })()""")
    assert browser.evaluate(shown) == 4
    browser.evaluate("""(() => { const words = document.querySelector("input[name=topic]");
        words.value = "China processing"; words.dispatchEvent(new Event("input", {bubbles: true})); })()""")
    assert browser.evaluate(SHOWN_TOPICS) == ["china.ree.processing-share"]


@pytest.mark.parametrize(("kind", "topics"), [
    ("", ["russia.ree.reserves", "russia.ree.reserves-world-share", "russia.ree.production-share",
          "russia.ree.reserves-estimate-ratio", "china.ree.processing-share", "russia.ree.directive-date"]),
    ("same-article", ["russia.ree.reserves"]),
    ("same-period", ["russia.ree.reserves", "china.ree.processing-share", "russia.ree.directive-date"]),
    ("undated", ["russia.ree.reserves", "russia.ree.production-share"]),
    ("reference", ["russia.ree.reserves"]),
    ("derived", ["russia.ree.reserves-world-share", "russia.ree.reserves-estimate-ratio"]),
])
def test_filter_by_kind(kind: str, topics: list[str], pages: dict[str, tuple[Path, ReportInput]],
                        browser: Browser) -> None:
    browser = opened(browser, pages["shipped"][0])
    offered = browser.evaluate("Array.from(document.querySelectorAll('select[name=kind] option'), (option) => "
                               "[option.value, option.textContent])")
    assert offered == [["", "any"], ["same-article", "same-article (1)"], ["same-period", "same-period (3)"],
                       ["undated", "undated (2)"], ["reference", "reference (1)"], ["derived", "derived (2)"]]
    browser.evaluate(CHOOSE_KIND % js_string(kind))
    assert (browser.evaluate(SHOWN_TOPICS), browser.evaluate(SHOWN_ROWS),
            browser.evaluate("document.getElementById('shown').textContent")) == (
        topics, topics, f"{len(topics)} of 6 topics shown")


def test_a_kind_and_a_verdict_filter_together(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    browser = opened(browser, pages["lithium"][0])
    browser.evaluate(CHOOSE_KIND % js_string("relabelled"))
    relabelled = browser.evaluate(SHOWN_TOPICS)
    browser.evaluate(CHOOSE_KIND % js_string("stale"))
    stale = browser.evaluate(SHOWN_TOPICS)
    browser.evaluate("""(() => { const gross = document.querySelector("input[value=gross]");
        gross.checked = false; gross.dispatchEvent(new Event("input", {bubbles: true})); })()""")
    assert (relabelled, stale, browser.evaluate(SHOWN_TOPICS)) == (
        ["china.lithium.production"], ["lithium.greases-use-share", "lithium.ceramics-glass-use-share"],
        ["lithium.ceramics-glass-use-share"])


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_is_wider_than_the_screen(width: int, pages: dict[str, tuple[Path, ReportInput]],
                                          browser: Browser) -> None:
    browser = opened(browser, pages["lithium"][0], width)
    assert browser.evaluate("document.documentElement.scrollWidth") <= width
    figure = browser.evaluate("(() => { const box = document.querySelector('figure').getBoundingClientRect(); "
                              "return box.left >= 0 && box.right <= innerWidth; })()")
    label = browser.evaluate("parseFloat(getComputedStyle(document.querySelector('svg .label')).fontSize) * "
                             "document.querySelector('svg.intervals').getBoundingClientRect().width / 800")
    assert (figure, label >= 8) == (True, True), "a picture fits the screen, or scrolls within it, and stays readable"


def test_it_prints_without_the_filters(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    browser = opened(browser, pages["shipped"][0])
    browser.send("Emulation.setEmulatedMedia", media="print")
    assert browser.evaluate("getComputedStyle(document.getElementById('filters')).display") == "none"
    assert browser.print_to_pdf().startswith(b"%PDF")


def test_a_screenshot_of_the_shipped_corpus(pages: dict[str, tuple[Path, ReportInput]], browser: Browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    opened(browser, pages["shipped"][0], 1280, 1500).screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("REECHECK_UPDATE_GOLDEN"):
        shutil.copyfile(shot, REPO / "docs" / "report.png")
