"""An article's `url:` in every output format of `compare`: a link where the format has links, and
never a link to anything but a web address."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest
from rich.console import Console

from reecheck.compare import CompareOptions, Report, compare
from reecheck.render.csv import render_csv
from reecheck.render.json import render_json
from reecheck.render.markdown import render_markdown
from reecheck.render.table import render_table
from tests.helpers import claim, corpus, topic

WEB = "https://example.org/2025/russia-rare-earths?page=2"


def report(url: str | None) -> Report:
    claims = (dataclasses.replace(claim("roughly 0.6 percent", article="a", claim_id="share"), article_url=url),
              claim("a scant 1%", article="b", claim_id="share"))
    return compare(corpus(*claims, topics=(topic(description="Russia's share"),)), CompareOptions())


def test_json_gives_each_claim_its_articles_url() -> None:
    claims = json.loads(render_json(report(WEB)))["topics"][0]["claims"]
    assert [(c["article"], c["url"]) for c in claims] == [("a", WEB), ("b", None)]


def test_csv_has_a_url_column() -> None:
    rows = render_csv(report(WEB)).splitlines()
    assert rows[0].endswith(",reasons,url") and rows[1].endswith("," + WEB) and rows[2].endswith(",")


def test_markdown_links_the_article() -> None:
    assert f"| [a]({WEB}) | share | roughly 0.6 percent |" in render_markdown(report(WEB))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/a) [x](javascript:alert(1)"])
def test_an_address_that_is_not_a_plain_web_address_is_text_not_a_link(url: str) -> None:
    rendered = render_markdown(report(url))
    assert re.search(r"(?<!\\)\]\(", rendered) is None
    assert "| a (" in rendered


def test_the_table_links_the_article_on_a_terminal() -> None:
    terminal = Console(width=120, force_terminal=True, color_system="standard", file=io.StringIO())
    assert "\x1b]8;id=" in render_table(report(WEB), terminal) and WEB in render_table(report(WEB), terminal)
    piped = Console(width=120, color_system=None, file=io.StringIO())
    assert "\x1b" not in render_table(report(WEB), piped)


def test_the_table_links_nothing_but_web_addresses() -> None:
    terminal = Console(width=120, force_terminal=True, color_system="standard", file=io.StringIO())
    assert "\x1b]8" not in render_table(report("javascript:alert(1)"), terminal)
