"""One renderer per output format, chosen by name: each turns a result object into the text written
to standard output. The core's result objects are all they read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reecheck.choices import CheckFormat, Format, ParseFormat

if TYPE_CHECKING:
    from rich.console import Console

    from reecheck.baseline import CheckResult
    from reecheck.compare import Report
    from reecheck.model import Claim


def compare_renderer(output: Format, rows: int = 12) -> Callable[[Report], str]:
    """`compare`'s formats drawn from the comparison alone; `rows` limits the table's rows per topic.
    html, the page `report` writes, draws the articles and the hidden topics' claims too: html.render_html."""
    if output is Format.TABLE:
        from reecheck.render.table import render_table

        return lambda report: render_table(report, terminal_console(), rows)
    from reecheck.render.csv import render_csv
    from reecheck.render.json import render_json
    from reecheck.render.markdown import render_markdown

    return {Format.JSON: render_json, Format.CSV: render_csv, Format.MARKDOWN: render_markdown}[output]


def check_renderer(output: CheckFormat, include_known: bool = False) -> Callable[[CheckResult], str]:
    """`check`'s formats; `include_known` adds accepted findings to SARIF, each with its suppression."""
    from reecheck.render.check_concise import render_concise
    from reecheck.render.check_json import render_check_json
    from reecheck.render.check_text import render_check_text
    from reecheck.render.github import render_github
    from reecheck.render.sarif import render_sarif

    if output is CheckFormat.TEXT:
        return lambda result: render_check_text(result, unwrapped_when_piped(terminal_console()))
    if output is CheckFormat.SARIF:
        return lambda result: render_sarif(result, include_known)
    return {CheckFormat.CONCISE: render_concise, CheckFormat.JSON: render_check_json,
            CheckFormat.GITHUB: render_github}[output]


def find_renderer(output: ParseFormat) -> Callable[[Sequence[Claim]], str]:
    """`find`'s formats: grep-like lines, or JSON."""
    from reecheck.render.found import render_found_json, render_found_text

    return {ParseFormat.TEXT: render_found_text, ParseFormat.JSON: render_found_json}[output]


def terminal_console() -> Console:
    """The terminal's console, at its width or COLUMNS, kept within widths a table can be drawn at."""
    from rich.console import Console

    from reecheck.render.safe import terminal_width

    console = Console()
    console.width = terminal_width(console.width)
    return console


def unwrapped_when_piped(console: Console) -> Console:
    """Piped, lines are not wrapped: a reader greps them, and a wrap would split a claim id."""
    console.soft_wrap = not console.is_terminal
    return console
