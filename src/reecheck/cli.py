"""The command line: options -> core -> renderer -> exit code. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from reecheck import __version__
from reecheck.model import ExitCode, Problem, Qualifier, Value, Verdict
from reecheck.render import Format

if TYPE_CHECKING:
    from reecheck.compare import Report

app = typer.Typer(
    help="Find where news sources disagree about the same figure.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class FailOn(StrEnum):
    CONFLICT = "conflict"
    GROSS = "gross"


class ParseFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class SchemaName(StrEnum):
    CLAIMS = "claims"
    TOPICS = "topics"


def show_version(requested: bool) -> None:
    if requested:
        typer.echo(f"reecheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Find where news sources disagree about the same figure."""


def fraction_option(text: str) -> Decimal:
    """--tolerance as "5%" or "0.05", read by the value grammar itself."""
    from reecheck.units import GrammarError, parse_value

    try:
        value = parse_value(text)
    except GrammarError as error:
        raise typer.BadParameter(str(error)) from None
    if (value.qualifier is not Qualifier.EXACT or value.base_low != value.base_high
            or value.base_unit != "dimensionless" or value.base_low is None or not 0 <= value.base_low < 1):
        raise typer.BadParameter(f'"{text}" is not a fraction from 0 up to 1, such as 5% or 0.05')
    return value.base_low


@app.command()
def compare(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATHS", help="Claim files or folders of them.  [default: claims/]", show_default=False)] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    topic: Annotated[str | None, typer.Option(
        metavar="GLOB", help="Only topics matching this glob, e.g. 'russia.ree.*'.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include consistent topics.")] = False,
    tolerance: Annotated[str, typer.Option(
        metavar="FRACTION", help="How far an approximate value reaches either side: 5% or 0.05.")] = "5%",
    gross_ratio: Annotated[float, typer.Option(
        metavar="RATIO", min=1.0, help="Gap ratio from which a conflict is gross.")] = 2.0,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Exit 1 when a topic has this verdict or a worse one.")] = None,
) -> None:
    """Group claims by topic and show where sources disagree."""
    from reecheck.compare import CompareOptions
    from reecheck.compare import compare as compare_claims
    from reecheck.loader import load

    options = CompareOptions(fraction_option(tolerance), Decimal(str(gross_ratio)), topic, show_all)
    corpus = load(paths or [Path("claims")])
    if corpus.problems:
        exit_with_problems(corpus.problems)
    report = compare_claims(corpus, options)
    render(report, output)
    worst = report.worst()
    threshold = Verdict(fail_on.value) if fail_on else None
    failed = threshold is not None and worst is not None and worst.rank >= threshold.rank
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def render(report: Report, output: Format) -> None:
    from reecheck.render import TEXT_RENDERERS

    if output is Format.TABLE:
        from rich.console import Console

        from reecheck.render.table import render_table

        Console().print(render_table(report))
    else:
        sys.stdout.write(TEXT_RENDERERS[output](report))


def exit_with_problems(problems: tuple[Problem, ...]) -> NoReturn:
    for problem in problems:
        typer.echo(f"{problem.location}: error: {problem.message}", err=True)
    count = len(problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} in the claim files; nothing compared", err=True)
    raise typer.Exit(ExitCode.INPUT_ERROR)


@app.command()
def parse(
    value: Annotated[str, typer.Argument(help='A figure as written, e.g. "about 3.8 million tonnes".')],
    output: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.TEXT,
) -> None:
    """Show how reecheck reads a value."""
    from reecheck.render.json import value_to_dict
    from reecheck.units import GrammarError, parse_value

    try:
        parsed = parse_value(value)
    except GrammarError as error:
        typer.echo(f'error: cannot read value "{value}": {error}', err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    if output is ParseFormat.JSON:
        typer.echo(json.dumps(value_to_dict(parsed), ensure_ascii=False))
        return
    for name, shown in describe_value(parsed).items():
        typer.echo(f"{name:<10} {shown}")


def describe_value(value: Value) -> dict[str, str]:
    """`reecheck parse`'s text view: the JSON fields, numbers grouped for reading."""
    from reecheck.format import format_number, format_stated

    def shown(number: Decimal | None) -> str:
        return "open" if number is None else format_number(number)

    return {
        "text": value.text,
        "reads as": f"{format_stated(value.low, value.high, value.qualifier)} {value.unit}".strip(),
        "qualifier": value.qualifier.value,
        "low": shown(value.low),
        "high": shown(value.high),
        "unit": value.unit or "(none)",
        "base_low": shown(value.base_low),
        "base_high": shown(value.base_high),
        "base_unit": value.base_unit,
    }


@app.command()
def schema(
    which: Annotated[SchemaName, typer.Argument(help="Which file's schema.")] = SchemaName.CLAIMS,
) -> None:
    """Print the JSON Schema for claim files or for topics.yaml."""
    from importlib.resources import files

    typer.echo(files("reecheck").joinpath("schemas", f"{which.value}.schema.json").read_text(encoding="utf-8"),
               nl=False)
