"""One renderer per output format, each over the same Report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reecheck.choices import CheckFormat, Format
from reecheck.compare import Report
from reecheck.render.csv import render_csv
from reecheck.render.json import render_json
from reecheck.render.markdown import render_markdown

if TYPE_CHECKING:
    from reecheck.check import CheckResult

# The table is drawn by rich straight onto the terminal (see render.table);
# these formats are plain text, written to stdout as they are.
TEXT_RENDERERS: dict[Format, Callable[[Report], str]] = {
    Format.JSON: render_json,
    Format.CSV: render_csv,
    Format.MARKDOWN: render_markdown,
}


def check_text_renderers() -> dict[CheckFormat, Callable[[CheckResult], str]]:
    """The plain-text check formats; `text` is drawn by rich (see render.check_text)."""
    from reecheck.render.check_json import render_check_json
    from reecheck.render.github import render_github
    from reecheck.render.sarif import render_sarif

    return {CheckFormat.JSON: render_check_json, CheckFormat.GITHUB: render_github, CheckFormat.SARIF: render_sarif}
