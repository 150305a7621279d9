"""The command line: options -> core -> renderer -> exit code. Nothing else lives here.

Annotations here are evaluated when the module loads, not postponed: typer reads every command's
annotations on every run, and evaluating postponed ones costs more than `--help` itself. Names
imported only for type checking are quoted.
"""

import gc
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from reecheck import __version__
from reecheck.choices import CheckFormat, ExitCode, FailOn, Format, ParseFormat, SchemaName, Severity

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from rich.console import Console

    from reecheck.check import BaselineEntry, Rule
    from reecheck.compare import CompareOptions, Report
    from reecheck.model import Article, Claim, Corpus, Problem, Value
    from reecheck.outputs import Output

app = typer.Typer(
    help="Find where news sources disagree about the same figure.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def show_version(requested: bool) -> None:
    if requested:
        typer.echo(f"reecheck {__version__}")
        raise typer.Exit()


def main() -> None:
    """The console script: a crash is one line and exit 70, never 1, which means findings."""
    # A run builds hundreds of thousands of small objects and frees few cycles: with the default
    # thresholds, the cycle collector would take a large share of a large corpus's reading time.
    gc.set_threshold(200_000, 50, 100)
    try:
        app()
    except Exception as error:
        sys.stderr.write(f"reecheck: internal error: {type(error).__name__}: {error}\n")
        sys.exit(ExitCode.INTERNAL_ERROR)


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache folder.")] = False,
) -> None:
    """Find where news sources disagree about the same figure."""
    if no_cache:
        from reecheck.cache import disable

        disable()


class LoadProgress:
    """A progress bar on stderr while many claim files are read afresh, when stderr is a terminal."""

    shown_from = 200  # files to read; fewer take well under a second

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total - done < self.shown_from or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("reading claim files", total=total)
        self.bar.update(self.task, completed=done)
        if done >= total:
            self.bar.stop()


def fraction_option(text: str) -> "Decimal":
    """--tolerance as "5%" or "0.05", read by the value grammar itself."""
    from reecheck.grammar import GrammarError, parse_value
    from reecheck.model import Qualifier

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
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATHS", help="Claim files or folders of them.  [default: claims/]", show_default=False)] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    topic: Annotated[str | None, typer.Option(
        metavar="GLOB", help="Only topics matching this glob, e.g. 'russia.ree.*'.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include consistent topics.")] = False,
    tolerance: Annotated[str, typer.Option(
        metavar="FRACTION", help="How far an approximate value reaches either side: 5% or 0.05.")] = "5%",
    gross_ratio: Annotated[float, typer.Option(
        metavar="RATIO", min=1.0, help="Gap ratio from which a conflict is gross.")] = 2.0,
    gross_days: Annotated[int, typer.Option(
        metavar="DAYS", min=1, help="For topics of dates: the gap in days from which a conflict is gross.")] = 365,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Exit 1 when a topic has this verdict or a worse one.")] = None,
    rows: Annotated[int, typer.Option(
        metavar="N", min=0, help="Table rows per topic: its lowest and highest figures; 0 shows all.")] = 12,
) -> None:
    """Group claims by topic and show where sources disagree."""
    from decimal import Decimal

    from reecheck.compare import CompareOptions
    from reecheck.model import Verdict

    options = CompareOptions(tolerance=fraction_option(tolerance), gross_ratio=Decimal(str(gross_ratio)),
                             gross_days=gross_days, topic_pattern=topic, include_consistent=show_all)
    printed = compare_output(claim_paths(paths), options, output, rows)
    sys.stdout.write(printed.text)
    threshold = Verdict(fail_on.value) if fail_on else None
    failed = threshold is not None and printed.worst is not None and Verdict(printed.worst).rank >= threshold.rank
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def compare_output(paths: "list[Path]", options: "CompareOptions", output: Format, rows: int) -> "Output":
    """What `compare` prints, and its worst verdict: as an earlier run printed it when the question
    and every file it read are the same, else loaded, compared and rendered; problems exit 2."""
    from reecheck.compare import compare as compare_claims
    from reecheck.compare import needed_topics
    from reecheck.loader import load, survey
    from reecheck.model import Verdict
    from reecheck.outputs import Output, OutputMemo

    found = survey(paths)
    console = table_console() if output is Format.TABLE else None
    memo = OutputMemo(("compare", output.value, rows, repr(options), console_signature(console)), found.fingerprint())
    remembered = None if found.problems else memo.recall()
    if remembered is not None and remembered.worst in {None, *(verdict.value for verdict in Verdict)}:
        return remembered
    corpus = load(found, LoadProgress(), needed_topics(options))
    if corpus.problems:
        exit_with_problems(corpus.problems)
    report = compare_claims(corpus, options)
    if report.problems:
        exit_with_problems(report.problems)
    worst = report.worst()
    printed = Output(rendered(report, output, rows, console), None if worst is None else worst.value,
                     tuple(str(article.text_path) for article in corpus.articles if article.text_path))
    memo.keep(printed)
    return printed


def table_console() -> "Console":
    from rich.console import Console

    return Console()


def console_signature(console: "Console | None") -> tuple[object, ...]:
    """What rich's output depends on besides what it draws."""
    if console is None:
        return ()
    return (console.width, console.color_system, console.is_terminal, console.encoding, console.no_color,
            console.legacy_windows, console.is_dumb_terminal)


def rendered(report: "Report", output: Format, rows: int, console: "Console | None") -> str:
    from reecheck.render import TEXT_RENDERERS

    if console is None:
        return TEXT_RENDERERS[output](report)
    from reecheck.outputs import DrawnTopics
    from reecheck.render.table import render_table

    drawn = DrawnTopics(console_signature(console))
    text = render_table(report, console, rows, drawn.entries)
    drawn.keep()
    return text


def exit_with_problems(problems: "tuple[Problem, ...]") -> NoReturn:
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
    from reecheck.grammar import GrammarError, parse_value
    from reecheck.render.json import value_to_dict

    try:
        parsed = parse_value(value)
    except GrammarError as error:
        typer.echo(f'error: cannot read value "{value}": {error}', err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    if output is ParseFormat.JSON:
        import json

        typer.echo(json.dumps(value_to_dict(parsed), ensure_ascii=False))
        return
    for name, shown in describe_value(parsed).items():
        typer.echo(f"{name:<10} {shown}")


def describe_value(value: "Value") -> dict[str, str]:
    """`reecheck parse`'s text view: the JSON fields, numbers grouped for reading."""
    from reecheck.dates import DATE_UNIT, format_day
    from reecheck.format import format_in_unit, format_number

    granularity = "day" if value.unit == DATE_UNIT else None

    def shown(number: "Decimal | None") -> str:
        if number is None:
            return "open"
        return format_day(number, "day") if granularity else format_number(number)

    return {
        "text": value.text,
        "reads as": format_in_unit(value.low, value.high, value.qualifier, value.unit, granularity),
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


def default_check_format() -> CheckFormat:
    return CheckFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.TEXT


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATHS", help="Claim files or folders of them.  [default: claims/]", show_default=False)] = None,
    output: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f", help="Output format.  [default: github under GitHub Actions, else text]",
        show_default=False)] = None,
    baseline: Annotated[str | None, typer.Option(
        metavar="FILE", help="Accepted findings.  [default: .reecheck-baseline.yaml in the claims folder]",
        show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Uncurated figures are errors; stale and TODO baseline entries fail.")] = False,
    fail_on: Annotated[Severity, typer.Option(
        help="Exit 1 on new findings of this severity or worse.")] = Severity.ERROR,
) -> None:
    """Fail on new findings: unsourced figures, quotes not in the article, uncurated figures."""
    from reecheck.check import CheckOptions, findings, split_by_baseline

    corpus, texts, entries, severities = load_for_check(paths, baseline)
    options = CheckOptions(severities, strict, fail_on)
    result = split_by_baseline(findings(corpus, options, texts), entries, options)
    chosen = output or default_check_format()
    if chosen is CheckFormat.TEXT:
        from rich.console import Console

        from reecheck.render.check_text import render_check_text

        Console().print(render_check_text(result))
    else:
        from reecheck.render import check_text_renderers

        sys.stdout.write(check_text_renderers()[chosen](result))
    raise typer.Exit(ExitCode.FINDINGS if result.failed else ExitCode.OK)


@app.command("baseline")
def write_baseline(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATHS", help="Claim files or folders of them.  [default: claims/]", show_default=False)] = None,
    baseline: Annotated[str | None, typer.Option(
        metavar="FILE", help="Where to write.  [default: .reecheck-baseline.yaml in the claims folder]",
        show_default=False)] = None,
) -> None:
    """Accept the current findings: rewrite the baseline, showing what it adds and removes."""
    from reecheck.baseline import update_baseline
    from reecheck.check import CheckOptions, findings
    from reecheck.model import display_path

    corpus, texts, entries, severities = load_for_check(paths, baseline)
    update = update_baseline(findings(corpus, CheckOptions(severities), texts), entries)
    target = baseline_path(corpus, baseline)
    target.write_text(update.text, encoding="utf-8")
    for finding in update.added:
        typer.echo(f"+ {finding.rule} {finding.article} {finding.subject} (reason: TODO)", err=True)
    for entry in update.removed:
        typer.echo(f"- {entry.rule} {entry.article} {entry.subject}", err=True)
    typer.echo(f"{display_path(target)}: {len(update.added)} added, {len(update.removed)} removed", err=True)


def load_for_check(paths: list[str] | None, baseline: str | None) -> (
        "tuple[Corpus, dict[str, str], list[BaselineEntry], dict[Rule, Severity]]"):
    """The corpus, article texts, baseline and settings `check` and `baseline` work from; any problem exits 2."""
    from reecheck.baseline import read_baseline
    from reecheck.check import read_texts
    from reecheck.config import read_severities
    from reecheck.loader import load

    corpus = load(claim_paths(paths), LoadProgress())
    texts, text_problems = read_texts(corpus)
    problems = [*corpus.problems, *text_problems]
    entries: list[BaselineEntry] = []
    severities: dict[Rule, Severity] = {}
    if corpus.folders:
        entries, baseline_problems = read_baseline(baseline_path(corpus, baseline))
        severities, config_problems = read_severities(corpus.folders[0].parent)
        problems += baseline_problems + config_problems
    if problems:
        exit_with_problems(tuple(problems))
    return corpus, texts, entries, severities


def claim_paths(given: list[str] | None) -> "list[Path]":
    """The PATHS argument, claims/ by default; pathlib is imported only once a command runs."""
    from pathlib import Path

    return [Path(path) for path in given or ["claims"]]


def baseline_path(corpus: "Corpus", given: str | None) -> "Path":
    from pathlib import Path

    from reecheck.baseline import BASELINE_FILE

    return Path(given) if given is not None else corpus.folders[0] / BASELINE_FILE


@app.command()
def scan(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="An article's text file, or - for standard input.")],
    claims: Annotated[str, typer.Option(metavar="FOLDER", help="Where the claim files are.")] = "claims",
    output: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.TEXT,
    stub: Annotated[bool, typer.Option("--stub", help="Print YAML claim stubs for the uncovered figures.")] = False,
) -> None:
    """List the figures in an article's text and the claims that cover them."""
    from reecheck.scan import coverage, stub_claims
    from reecheck.scan import scan as find_figures

    article_text, article, article_claims = read_scan_input(text, claims)
    items = coverage(find_figures(article_text), article_claims,
                     [ignored.figure for ignored in article.ignored] if article else [])
    if stub:
        typer.echo("\n".join(stub_claims(article_text, [item.figure for item in items if item.covered_by is None])))
    elif output is ParseFormat.JSON:
        import json

        from reecheck.render.json import coverage_to_dict

        typer.echo(json.dumps([coverage_to_dict(item) for item in items], indent=2, ensure_ascii=False))
    else:
        for item in items:
            figure = item.figure
            typer.echo(f"{figure.line}:{figure.column}\t{figure.text}\t{item.covered_by or 'NOT COVERED'}")
        uncovered = sum(1 for item in items if item.covered_by is None)
        typer.echo(f"{len(items)} figures, {uncovered} not covered", err=True)


def read_scan_input(text_name: str, claims_name: str) -> "tuple[str, Article | None, list[Claim]]":
    """The text to scan, and the article and claims whose `text:` is that file, if any."""
    from pathlib import Path

    from reecheck.loader import load
    from reecheck.model import display_path

    if text_name == "-":
        return sys.stdin.read(), None, []
    text, claims = Path(text_name), Path(claims_name)
    try:
        article_text = text.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror or str(error)
        typer.echo(f"{display_path(text)}: error: cannot read file: {reason}", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    if not claims.exists():
        return article_text, None, []
    corpus = load([claims])
    if corpus.problems:
        exit_with_problems(corpus.problems)
    article = next((a for a in corpus.articles if a.text_path == text.resolve()), None)
    return article_text, article, [c for c in corpus.claims if article and c.article_id == article.id]
