"""`check --format text`: new findings grouped by file, then the summary line."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console, Group, RenderableType
from rich.text import Text

from reecheck.baseline import CheckResult
from reecheck.choices import Severity
from reecheck.model import display_path
from reecheck.render.findings import check_summary, stale_detail, unreviewed_detail
from reecheck.render.safe import terminal_text

SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def render_check_text(result: CheckResult, console: Console | None = None) -> str:
    """New findings grouped by file, as `console` (the terminal's, by default) prints them."""
    parts: list[RenderableType] = []
    for path, group in groupby(result.new, key=lambda finding: display_path(finding.location.path)):
        parts.append(Text(terminal_text(path), style="bold underline"))
        for finding in group:
            place = f"{finding.location.line}:{finding.location.column}"
            parts.append(Text.assemble(
                f"  {place:<8} ", (f"{finding.severity.value:<8}", SEVERITY_STYLES[finding.severity]),
                (f"{finding.rule.id:<20} ", "cyan"), terminal_text(finding.message)))
    for entry in result.stale:
        said = f"{entry.location}: stale baseline entry: {stale_detail(entry)}"
        parts.append(Text(terminal_text(said), style="yellow"))
    for entry in result.unreviewed:
        said = f"{entry.location}: baseline reason is still TODO for {unreviewed_detail(entry)}"
        parts.append(Text(terminal_text(said), style="yellow"))
    style = "bold red" if result.failed else "green"
    parts.append(Text(check_summary(result), style=style))
    console = console or Console()
    with console.capture() as capture:
        console.print(Group(*parts))
    return capture.get()
