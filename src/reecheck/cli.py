"""The command line: options -> app -> renderer -> exit code. Nothing else lives here.

Annotations here are evaluated when the module loads, not postponed: typer reads every command's
annotations on every run, and evaluating postponed ones costs more than `--help` itself. Names
imported only for type checking are quoted. The core is imported inside each command, so that
`--help` imports typer alone.
"""

import errno
import gc
import math
import os
import signal
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from reecheck import __version__
from reecheck.choices import CheckFormat, ExitCode, FailOn, Format, ParseFormat, SchemaName, Severity

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from reecheck.app import Run, Settings
    from reecheck.model import Problem, Value

app = typer.Typer(
    help="Find where news sources disagree about the same figure.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(help="Show or empty the cache folder.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")

# Options shared by several commands, declared once.
PathsArgument = Annotated[list[str] | None, typer.Argument(
    metavar="[PATHS]...", help="Claim files or folders of them.  [default: claims/]", show_default=False)]
BaselineOption = Annotated[str | None, typer.Option(
    metavar="FILE", help="The baseline of accepted findings.  [default: .reecheck-baseline.yaml in the claims folder]",
    show_default=False)]


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM: a BaseException of its own, so that neither click nor a worker pool mistakes it."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def interrupt(signal_number: int, frame: object) -> NoReturn:
    raise Interrupted(128 + signal_number)


class OutputClosed(BaseException):
    """Whoever read standard output stopped reading (`reecheck compare | head`)."""


class OutputFailed(BaseException):
    """Standard output could not be written (a full disk, a descriptor not open for writing)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


class GuardedOutput:
    """Standard output whose failures end the run as OutputClosed or OutputFailed, which no handler
    between the write and `run` catches (typer would turn a BrokenPipeError into exit 1, which means
    findings, and any other into a lost output and exit 0)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self.stream.write(text))
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as error:
            raise OutputFailed(error) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as error:
            raise OutputFailed(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main() -> None:
    """The console script: every way a run ends maps to the exit-code contract, in one line at most."""
    # A run builds hundreds of thousands of small objects and frees few cycles: with the default
    # thresholds, the cycle collector would take a large share of a large corpus's reading time.
    gc.set_threshold(200_000, 50, 100)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    if sys.stdout is None:
        # Started with standard output closed: whatever the run printed would be lost, and the next
        # file it opened would take the descriptor that output goes to.
        sys.stderr.write("reecheck: error: standard output is closed\n")
        sys.exit(ExitCode.INPUT_ERROR)
    sys.stdout = GuardedOutput(sys.stdout)
    sys.exit(run(sys.argv[1:]))


def run(arguments: list[str]) -> int:
    try:
        code = app(arguments, prog_name="reecheck", standalone_mode=False)
        sys.stdout.flush()
    except typer.TyperException as error:  # wrong usage
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            sys.stderr.write(f"reecheck: {error}\n")
        return ExitCode.INPUT_ERROR
    except Interrupted as stop:
        sys.stderr.write("reecheck: interrupted\n")
        return stop.code
    except OutputClosed:
        # Nothing more can be written; the end a shell gives a process that SIGPIPE ends.
        discard_output()
        return 128 + signal.SIGPIPE
    except OutputFailed as failure:
        discard_output()
        sys.stderr.write(f"reecheck: error: cannot write standard output: {failure}\n")
        return ExitCode.INPUT_ERROR
    except (Exception, typer.Abort) as error:
        cause = error.__cause__ or error
        sys.stderr.write(f"reecheck: internal error: {type(cause).__name__}: {cause}\n")
        return ExitCode.INTERNAL_ERROR
    return code if isinstance(code, int) else ExitCode.OK


def discard_output() -> None:
    """Send what is still buffered for standard output nowhere, so that Python's own flush at exit
    cannot fail again and change the exit code."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno() if sys.__stdout__ else 1)


def show_version(requested: bool) -> None:
    if requested:
        typer.echo(f"reecheck {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache folder.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say why claim files were not taken from the cache.")
                       ] = False,
) -> None:
    """Find where news sources disagree about the same figure."""
    context.obj = {"no_cache": no_cache or bool(os.environ.get("REECHECK_NO_CACHE")), "verbose": verbose}


def settings(context: typer.Context) -> "Settings":
    from reecheck.app import Settings
    from reecheck.cache import default_folder

    return Settings(None if context.obj["no_cache"] else default_folder(), LoadProgress())


def finish(context: typer.Context, done: "Run[Any]") -> None:
    if context.obj["verbose"]:
        for note in done.notes:
            typer.echo(note, err=True)


class LoadProgress:
    """A progress bar on stderr while many claim files are read afresh, when stderr is a terminal.
    Refreshed by hand, never by a thread of its own: workers fork while it shows."""

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

            self.bar = Progress(console=Console(stderr=True), transient=True, auto_refresh=False)
            self.bar.start()
            self.task = self.bar.add_task("reading claim files", total=total)
        self.bar.update(self.task, completed=done, refresh=True)
        if done >= total:
            self.bar.stop()


def exit_with_problems(problems: "tuple[Problem, ...]", what: str = "nothing compared") -> NoReturn:
    from reecheck.render.safe import terminal_text

    for problem in problems:
        typer.echo(terminal_text(f"{problem.location}: error: {problem.message}"), err=True)
    count = len(problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} in the claim files; {what}", err=True)
    raise typer.Exit(ExitCode.INPUT_ERROR)


def claim_paths(given: list[str] | None) -> "list[Path]":
    """The PATHS argument, claims/ by default; pathlib is imported only once a command runs."""
    from pathlib import Path

    return [Path(path) for path in given or ["claims"]]


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


def finite_ratio(ratio: float) -> float:
    """--gross-ratio: a finite number of 1 or more. Checked here rather than by the option's range,
    which lets nan through with some typer versions and rejects it with another message with others."""
    if not math.isfinite(ratio):
        raise typer.BadParameter(f"{ratio} is not a finite number")
    if ratio < 1:
        raise typer.BadParameter(f"{ratio} is less than 1")
    return ratio


# The comparison's options, shared by compare and report.
TopicOption = Annotated[str | None, typer.Option(
    metavar="GLOB", help="Only topics matching this glob, e.g. 'russia.ree.*'.")]
AllOption = Annotated[bool, typer.Option("--all", help="Include consistent topics.")]
ToleranceOption = Annotated[str, typer.Option(
    metavar="FRACTION", help="How far an approximate value reaches either side: 5% or 0.05.")]
GrossRatioOption = Annotated[float, typer.Option(
    metavar="RATIO", callback=finite_ratio,
    help="Gap ratio from which a conflict is gross.")]
GrossDaysOption = Annotated[int, typer.Option(
    metavar="DAYS", min=1, help="For topics of dates: the gap in days from which a conflict is gross.")]
ArticleOption = Annotated[str | None, typer.Option(
    metavar="GLOB", help="Only topics where an article whose id matches this glob has a claim.")]
SourceOption = Annotated[str | None, typer.Option(
    metavar="GLOB", help="Only topics where a source matching this glob is quoted (case ignored).")]


@app.command()
def compare(
    context: typer.Context,
    paths: PathsArgument = None,
    output: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    topic: TopicOption = None,
    show_all: AllOption = False,
    tolerance: ToleranceOption = "5%",
    gross_ratio: GrossRatioOption = 2.0,
    gross_days: GrossDaysOption = 365,
    article: ArticleOption = None,
    source: SourceOption = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Exit 1 when a topic has this verdict or a worse one.")] = None,
    rows: Annotated[int, typer.Option(
        metavar="N", min=0, help="Table rows per topic: its lowest and highest figures; 0 shows all.")] = 12,
) -> None:
    """Group claims by topic and show where sources disagree."""
    from decimal import Decimal

    from reecheck.app import InputProblems, run_compare
    from reecheck.compare import CompareOptions
    from reecheck.model import Verdict

    options = CompareOptions(tolerance=fraction_option(tolerance), gross_ratio=Decimal(str(gross_ratio)),
                             gross_days=gross_days, topic_pattern=topic, include_consistent=show_all,
                             article_pattern=article, source_pattern=source)
    from reecheck.render import compare_renderer

    try:
        done = run_compare(claim_paths(paths), options, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems)
    finish(context, done)
    report = done.result
    sys.stdout.write(compare_renderer(output, rows)(report))
    worst = report.worst()
    failed = fail_on is not None and worst is not None and worst.rank >= Verdict(fail_on.value).rank
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


@app.command()
def report(
    context: typer.Context,
    paths: PathsArgument = None,
    output: Annotated[str, typer.Option(
        "--output", "-o", metavar="FILE", help="Where to write the page; - for standard output.")] = "report.html",
    topic: TopicOption = None,
    show_all: AllOption = False,
    tolerance: ToleranceOption = "5%",
    gross_ratio: GrossRatioOption = 2.0,
    gross_days: GrossDaysOption = 365,
    article: ArticleOption = None,
    source: SourceOption = None,
) -> None:
    """Write one self-contained HTML page: a picture of every topic that disagrees, records per article
    and source."""
    from datetime import UTC, datetime
    from decimal import Decimal
    from pathlib import Path

    from reecheck.app import InputProblems, run_report
    from reecheck.compare import CompareOptions
    from reecheck.render.html import HtmlOptions, render_html

    options = CompareOptions(tolerance=fraction_option(tolerance), gross_ratio=Decimal(str(gross_ratio)),
                             gross_days=gross_days, topic_pattern=topic, include_consistent=show_all,
                             article_pattern=article, source_pattern=source)
    try:
        done = run_report(claim_paths(paths), options, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing written")
    finish(context, done)
    target = None if output == "-" else Path(output)
    links_from = Path.cwd() if target is None else target.resolve().parent
    page = render_html(done.result, HtmlOptions(datetime.now(UTC), links_from))
    write_page(page, target)


def write_page(page: str, target: "Path | None") -> None:
    """The page on standard output, or in its file; a file that cannot be written exits 2."""
    from reecheck.model import display_path
    from reecheck.render.safe import terminal_text

    if target is None:
        sys.stdout.write(page)
        return
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as error:
        typer.echo(terminal_text(f"{display_path(target)}: error: cannot write the report: "
                                 f"{error.strerror or error}"), err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    typer.echo(terminal_text(f"wrote {display_path(target)}"), err=True)


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


def given_path(text: str | None) -> "Path | None":
    from pathlib import Path

    return None if text is None else Path(text)


@app.command()
def check(
    context: typer.Context,
    paths: PathsArgument = None,
    output: Annotated[CheckFormat | None, typer.Option(
        "--format", "-f", help="Output format.  [default: github under GitHub Actions, else text]",
        show_default=False)] = None,
    baseline: BaselineOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Uncurated figures are errors; stale and TODO baseline entries fail.")] = False,
    fail_on: Annotated[Severity, typer.Option(
        help="Exit 1 on new findings of this severity or worse.")] = Severity.ERROR,
) -> None:
    """Fail on new findings: unsourced figures, quotes not in the article, uncurated figures."""
    from reecheck.app import InputProblems, run_check
    from reecheck.render import check_renderer

    try:
        done = run_check(claim_paths(paths), given_path(baseline), strict, fail_on, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing checked")
    finish(context, done)
    result = done.result
    sys.stdout.write(check_renderer(output or default_check_format())(result))
    raise typer.Exit(ExitCode.FINDINGS if result.failed else ExitCode.OK)


@app.command("baseline")
def write_baseline(context: typer.Context, paths: PathsArgument = None, baseline: BaselineOption = None) -> None:
    """Accept the current findings: rewrite the baseline, showing what it adds and removes."""
    from reecheck.app import InputProblems, run_baseline
    from reecheck.model import display_path
    from reecheck.render.safe import terminal_text

    try:
        done = run_baseline(claim_paths(paths), given_path(baseline), settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing written")
    finish(context, done)
    update = done.result.update
    for finding in update.added:
        typer.echo(terminal_text(f"+ {finding.rule} {finding.article} {finding.subject} (reason: TODO)"), err=True)
    for entry in update.removed:
        typer.echo(terminal_text(f"- {entry.rule} {entry.article} {entry.subject}"), err=True)
    typer.echo(f"{display_path(done.result.path)}: {len(update.added)} added, {len(update.removed)} removed", err=True)


@app.command()
def scan(
    context: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="An article's text file, or - for standard input.")],
    claims: Annotated[str | None, typer.Option(
        metavar="FOLDER", help="Where the claim files are.  [default: claims/ when it exists]",
        show_default=False)] = None,
    output: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.TEXT,
    stub: Annotated[bool, typer.Option("--stub", help="Print YAML claim stubs for the uncovered figures.")] = False,
) -> None:
    """List the figures in an article's text and the claims that cover them."""
    from reecheck.app import InputProblems, scan_input
    from reecheck.scan import coverage, stub_claims
    from reecheck.scan import scan as find_figures

    text_path = given_path(None if text == "-" else text)
    try:
        given = scan_input(read_text(text_path), text_path, given_path(claims), settings(context))
    except InputProblems as unreadable:
        exit_with_problems(unreadable.problems, "nothing scanned")
    ignored = [item.figure for item in given.article.ignored] if given.article else []
    items = coverage(find_figures(given.text), given.claims, ignored)
    if stub:
        typer.echo("\n".join(stub_claims(given.text, [item.figure for item in items if item.covered_by is None])))
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


def read_text(path: "Path | None") -> str:
    """An article's text, or standard input's; one that cannot be read exits 2."""
    from reecheck.model import display_path

    try:
        return read_standard_input() if path is None else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror or str(error)
        typer.echo(f"{display_path(path) if path else '-'}: error: cannot read file: {reason}", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None


def read_standard_input() -> str:
    if sys.stdin is None:  # started with standard input closed
        raise OSError(errno.EBADF, "standard input is closed")
    return sys.stdin.read()


@cache_app.command("info")
def cache_info() -> None:
    """Show where the cache folder is and what it holds."""
    from reecheck.cache import cache_info as describe
    from reecheck.cache import default_folder

    info = describe(default_folder())
    typer.echo(f"folder: {info.folder}")
    typer.echo(f"packs:  {len(info.files)} ({megabytes(info.size)})")
    for file in info.files:
        typer.echo(f"  {file.path.name}  {megabytes(file.size)}")


@cache_app.command("clean")
def cache_clean() -> None:
    """Remove everything reecheck keeps in the cache folder."""
    from reecheck.cache import clean, default_folder

    removed = clean(default_folder())
    typer.echo(f"removed {len(removed.files)} pack{'' if len(removed.files) == 1 else 's'} "
               f"({megabytes(removed.size)}) from {removed.folder}")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
