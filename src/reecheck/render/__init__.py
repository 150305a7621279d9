"""One renderer per output format, each over the same Report."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from reecheck.compare import Report
from reecheck.render.csv import render_csv
from reecheck.render.json import render_json
from reecheck.render.markdown import render_markdown


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


# The table is drawn by rich straight onto the terminal (see render.table);
# these formats are plain text, written to stdout as they are.
TEXT_RENDERERS: dict[Format, Callable[[Report], str]] = {
    Format.JSON: render_json,
    Format.CSV: render_csv,
    Format.MARKDOWN: render_markdown,
}
