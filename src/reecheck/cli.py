"""The command line: options -> app -> renderer -> exit code. Nothing else lives here.

Annotations here are evaluated when the module loads, not postponed: typer reads every command's
annotations on every run, and evaluating postponed ones costs more than `--help` itself. Names
imported only for type checking are quoted. The core is imported inside each command, so that
`--help` imports typer alone.
"""

import codecs
import errno
import gc
import io
import math
import os
import signal
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from reecheck import __version__
from reecheck.choices import CheckFormat, ExitCode, FailOn, Format, ParseFormat, SchemaName, Severity

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal
    from pathlib import Path

    from reecheck.app import DraftResult, ReportInput, Run, Settings
    from reecheck.baseline import Unreviewed
    from reecheck.compare import CompareOptions, Report
    from reecheck.model import Problem, Value

app = typer.Typer(
    help="Find where news sources disagree about the same figure.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(help="Show or empty the cache folder.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")

# Options shared by several commands, declared once.
PathsArgument = Annotated[list[str] | None, typer.Argument(
    metavar="PATHS", help="Claim files or folders of them.  [default: the claims folder, searched upward]",
    show_default=False)]
OutputFileOption = Annotated[str | None, typer.Option(
    "--output-file", "-o", metavar="FILE", help="Write the output to FILE instead of standard output.")]
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


ESCAPED = "reecheck-escaped"


def json_escapes(error: UnicodeError) -> tuple[str, int]:
    """What an output that cannot encode a character (LC_ALL=C, PYTHONIOENCODING=ascii) gets instead:
    JSON's escape, "\\u00d7" for "×", which keeps JSON output valid and text output readable."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for character in error.object[error.start : error.end]:
        code = ord(character)
        if code > 0xFFFF:  # JSON writes these as a surrogate pair
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


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
    codecs.register_error(ESCAPED, json_escapes)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=ESCAPED)
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
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Say why claim files and articles were not taken from the cache.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing but problems in the claim files; the exit code tells the rest.")] = False,
) -> None:
    """Find where news sources disagree about the same figure."""
    context.obj = {"no_cache": no_cache or bool(os.environ.get("REECHECK_NO_CACHE")), "verbose": verbose and not quiet,
                   "quiet": quiet}


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


def emit(context: typer.Context, text: str, output_file: str | None) -> None:
    """A command's output: to --output-file when given, else to standard output unless --quiet."""
    if output_file is not None:
        write_output_file(output_file, text)
    elif not context.obj["quiet"]:
        sys.stdout.write(text)


def write_output_file(name: str, text: str) -> None:
    from pathlib import Path

    try:
        Path(name).write_text(text, encoding="utf-8")
    except OSError as error:
        typer.echo(f"{name}: error: cannot write file: {error.strerror or error}", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None


def under_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def add_to_step_summary(markdown: "Callable[[], str]") -> None:
    """Append to the Markdown GitHub Actions shows on the run's page, when there is one."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(markdown() + "\n")


def exit_with_problems(problems: "tuple[Problem, ...]", what: str = "nothing compared",
                       summarised_as: str | None = None) -> NoReturn:
    """Every problem on stderr, as an error annotation under GitHub Actions, and exit 2; listed in the
    step summary too, as what the command `summarised_as` found."""
    from reecheck.render.github import problem_annotation
    from reecheck.render.safe import terminal_text
    from reecheck.render.step_summary import problems_step_summary

    annotated = under_github_actions()
    for problem in problems:
        shown = problem_annotation(problem) if annotated else f"{problem.location}: error: {problem.message}"
        typer.echo(terminal_text(shown), err=True)
    if summarised_as is not None:
        add_to_step_summary(lambda: problems_step_summary(summarised_as, problems))
    count = len(problems)
    typer.echo(f"{count} problem{'s' if count != 1 else ''} in the claim files; {what}", err=True)
    raise typer.Exit(ExitCode.INPUT_ERROR)


def claim_paths(given: list[str] | None) -> "list[Path]":
    """The PATHS argument; by default the claims folder found from here upward, as git finds its own."""
    from pathlib import Path

    from reecheck.app import find_claims_folder

    return [Path(path) for path in given] if given else [find_claims_folder(Path.cwd())]


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
GrossPlacesOption = Annotated[int, typer.Option(
    metavar="PLACES", min=1, help="For topics of ranks: the gap in places from which a conflict is gross.")]
ArticleOption = Annotated[str | None, typer.Option(
    metavar="GLOB", help="Only topics where an article whose id matches this glob has a claim.")]
SourceOption = Annotated[str | None, typer.Option(
    metavar="GLOB", help="Only topics where a source matching this glob is quoted (case ignored).")]


def compare_options(tolerance: str, gross_ratio: float, gross_days: int, gross_places: int, topic: str | None,
                    show_all: bool, article: str | None, source: str | None) -> "CompareOptions":
    """The comparison `compare` and `report` share, from their shared options."""
    from decimal import Decimal

    from reecheck.compare import CompareOptions

    return CompareOptions(tolerance=fraction_option(tolerance), gross_ratio=Decimal(str(gross_ratio)),
                          gross_days=gross_days, gross_places=gross_places, topic_pattern=topic,
                          include_consistent=show_all, article_pattern=article, source_pattern=source)


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
    gross_places: GrossPlacesOption = 3,
    article: ArticleOption = None,
    source: SourceOption = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        help="Exit 1 when a topic has this verdict or a worse one.")] = None,
    rows: Annotated[int, typer.Option(
        metavar="N", min=0, help="Table rows per topic: its lowest and highest figures; 0 shows all.")] = 12,
    output_file: OutputFileOption = None,
) -> None:
    """Group claims by topic and show where sources disagree."""

    from reecheck.model import Verdict
    from reecheck.render import compare_renderer

    options = compare_options(tolerance, gross_ratio, gross_days, gross_places, topic, show_all, article, source)
    report, text = compared(context, claim_paths(paths), options, output, rows, output_file)
    emit(context, text, output_file)
    add_to_step_summary(lambda: compare_renderer(Format.MARKDOWN)(report))
    worst = report.worst()
    failed = fail_on is not None and worst is not None and worst.rank >= Verdict(fail_on.value).rank
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def compared(context: typer.Context, paths: "list[Path]", options: "CompareOptions", output: Format, rows: int,
             output_file: str | None) -> "tuple[Report, str]":
    """The comparison and its text in `output`; html is the page `report` writes, from what it reads."""
    from reecheck.app import InputProblems, run_compare, run_report
    from reecheck.render import compare_renderer

    try:
        if output is Format.HTML:
            drawn = run_report(paths, options, settings(context))
            finish(context, drawn)
            return drawn.result.report, html_page(drawn.result, output_file)
        done = run_compare(paths, options, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, summarised_as="compare")
    finish(context, done)
    return done.result, compare_renderer(output, rows)(done.result)


def html_page(given: "ReportInput", output_file: str | None) -> str:
    """The report's page, made now; links to article texts are relative to the file it goes to, or
    from here on standard output."""
    from datetime import UTC, datetime
    from pathlib import Path

    from reecheck.render.html import HtmlOptions, render_html

    links_from = Path.cwd() if output_file is None else Path(output_file).resolve().parent
    return render_html(given, HtmlOptions(datetime.now(UTC), links_from))


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
    gross_places: GrossPlacesOption = 3,
    article: ArticleOption = None,
    source: SourceOption = None,
) -> None:
    """Write one self-contained HTML page: a picture of every topic that disagrees, records per article
    and source."""
    from pathlib import Path

    from reecheck.app import InputProblems, run_report

    options = compare_options(tolerance, gross_ratio, gross_days, gross_places, topic, show_all, article, source)
    try:
        done = run_report(claim_paths(paths), options, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing written")
    finish(context, done)
    target = None if output == "-" else output
    write_page(html_page(done.result, target), None if target is None else Path(target))


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
    value: Annotated[str, typer.Argument(
        metavar="VALUE", help='A figure as written, e.g. "about 3.8 million tonnes".')],
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
    which: Annotated[SchemaName, typer.Argument(metavar="claims|topics", help="Which file's schema.")
                     ] = SchemaName.CLAIMS,
    write: Annotated[str | None, typer.Option(
        "--write", metavar="DIR", help="Write every schema into DIR instead, for editors in your repository.")
                     ] = None,
) -> None:
    """Print the JSON Schema for claim files or for topics.yaml, or write them all."""
    from reecheck.app import InputProblems, schema_text, write_schemas

    if write is None:
        typer.echo(schema_text(which.value), nl=False)
        return
    from pathlib import Path

    from reecheck.model import display_path

    try:
        written = write_schemas(Path(write))
    except InputProblems as unwritten:
        for problem in unwritten.problems:
            typer.echo(f"{problem.location}: error: {problem.message}", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    for path in written:
        typer.echo(f"wrote {display_path(path)}", err=True)


def default_check_format() -> CheckFormat:
    return CheckFormat.GITHUB if under_github_actions() else CheckFormat.TEXT


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
    include_known: Annotated[bool, typer.Option(
        "--include-known", help="SARIF: also list accepted findings, each with its suppression.")] = False,
    output_file: OutputFileOption = None,
) -> None:
    """Fail on new findings: unsourced figures, quotes not in the article, uncurated figures, disagreements."""
    from reecheck.app import InputProblems, run_check
    from reecheck.render import check_renderer
    from reecheck.render.findings import check_summary
    from reecheck.render.step_summary import check_step_summary

    chosen = output or default_check_format()
    try:
        done = run_check(claim_paths(paths), given_path(baseline), strict, fail_on, settings(context))
    except InputProblems as unloaded:
        if chosen is CheckFormat.SARIF:
            emit(context, sarif_failure(unloaded.problems), output_file)
        exit_with_problems(unloaded.problems, "nothing checked",
                           "check" if chosen is CheckFormat.GITHUB else None)
    finish(context, done)
    result = done.result
    emit(context, check_renderer(chosen, include_known)(result), output_file)
    if chosen is CheckFormat.CONCISE and not context.obj["quiet"]:
        typer.echo(check_summary(result), err=True)
    if chosen is CheckFormat.GITHUB:
        add_to_step_summary(lambda: check_step_summary(result))
    raise typer.Exit(ExitCode.FINDINGS if result.failed else ExitCode.OK)


def sarif_failure(problems: "tuple[Problem, ...]") -> str:
    """The SARIF log of a run whose input could not be loaded, paths relative to the repository here."""
    from pathlib import Path

    from reecheck.app import repository_root
    from reecheck.render.sarif import render_sarif_failure

    return render_sarif_failure(problems, repository_root(Path.cwd()))


def given_reason(text: str | None) -> str | None:
    """--reason: something a person can read, not blank and not the placeholder."""
    from reecheck.baseline import refused_reason

    if text is None:
        return None
    if not text.strip():
        raise typer.BadParameter("a reason cannot be blank")
    refused = refused_reason(text)
    if refused is not None:
        raise typer.BadParameter(refused)
    return text


@app.command("baseline")
def write_baseline(
    context: typer.Context,
    paths: PathsArgument = None,
    baseline: BaselineOption = None,
    reason: Annotated[str | None, typer.Option(
        metavar="TEXT", callback=given_reason, show_default=False,
        help="The reason every new entry, and every entry of the findings read still at TODO, is written with.  "
             "[default: TODO]")
    ] = None,
    review: Annotated[bool, typer.Option(
        "--review", help="Then ask, on a terminal, for the reason of each entry still at TODO.")] = False,
) -> None:
    """Accept the current findings: rewrite the baseline, showing what it adds and removes."""
    from reecheck.app import InputProblems, run_baseline
    from reecheck.baseline import ReasonRefused
    from reecheck.model import display_path
    from reecheck.render.safe import terminal_text

    if review and not standard_input_is_a_terminal():
        typer.echo("reecheck: error: baseline --review asks for reasons on a terminal, and standard input is "
                   "not one; nothing written", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR)
    try:
        done = run_baseline(claim_paths(paths), given_path(baseline), settings(context), reason,
                            ask_reason if review else None)
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing written")
    except ReasonRefused as refused:
        typer.echo(terminal_text(f"reecheck: error: {refused}; nothing written"), err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None
    finish(context, done)
    update = done.result.update
    if context.obj["quiet"]:
        return
    for finding in update.added:
        renamed = update.renamed.get(finding.key)
        kept = f"; renamed from {renamed.subject}" if renamed else ""
        reason = done.result.reviewed.get(finding.key, update.reasons[finding.key])
        typer.echo(terminal_text(f"+ {finding.rule} {finding.article} {finding.subject} (reason: {reason}{kept})"),
                   err=True)
    for entry in update.removed:
        typer.echo(terminal_text(f"- {entry.rule} {entry.article} {entry.subject}"), err=True)
    for (article, rule, subject, _), reason in done.result.filled.items():
        typer.echo(terminal_text(f"~ {rule} {article} {subject} (reason: {reason})"), err=True)
    given, filled = len(done.result.reviewed), len(done.result.filled)
    reviewed = f", {given} reason{'' if given == 1 else 's'} given" if review else ""
    todo = f", {filled} TODO reason{'' if filled == 1 else 's'} replaced" if filled else ""
    typer.echo(f"{display_path(done.result.path)}: {len(update.added)} added, {len(update.removed)} removed"
               f"{todo}{reviewed}", err=True)


def standard_input_is_a_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_reason(pending: "Unreviewed") -> str:
    """One TODO entry shown on stderr, with the finding it accepts, and its reason read from the terminal."""
    from reecheck.render.findings import articles
    from reecheck.render.safe import terminal_text

    entry, finding = pending.entry, pending.finding
    typer.echo(terminal_text(f"[{pending.number}/{pending.total}] {entry.rule} '{entry.subject}' in "
                             f"{articles(entry)}"), err=True)
    typer.echo(terminal_text(f"  {finding.location}: {finding.message}" if finding else "  no longer occurs"),
               err=True)
    try:
        return str(typer.prompt("  reason (empty to skip)", default="", show_default=False, err=True))
    except typer.Abort:  # standard input ended mid-review: leave the file as it was
        typer.echo("\nreecheck: error: standard input ended before the review did; nothing written", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None


ClaimsFolderOption = Annotated[str | None, typer.Option(
    "--claims", metavar="FOLDER", help="Where the claim files are.  [default: the claims folder, searched upward]",
    show_default=False)]


@app.command()
def scan(
    context: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="An article's text file, or - for standard input.")],
    claims: ClaimsFolderOption = None,
    output: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.TEXT,
    stub: Annotated[bool, typer.Option(
        "--stub", help="Print the claim file draft would write (or add to), without writing it.")] = False,
) -> None:
    """List the figures in an article's text and the claims that cover them."""
    from reecheck.app import InputProblems, scan_input

    text_path = given_path(None if text == "-" else text)
    if stub:
        if text_path is None:
            typer.echo("-: error: a draft needs the article's file, which its claim file names", err=True)
            raise typer.Exit(ExitCode.INPUT_ERROR)
        typer.echo(drafted(context, text_path, None, None, claims, write=False).result.text, nl=False)
        return
    try:
        given = scan_input(read_text(text_path), text_path, given_path(claims), settings(context))
    except InputProblems as unreadable:
        exit_with_problems(unreadable.problems, "nothing scanned")
    items = given.items
    if output is ParseFormat.JSON:
        import json

        from reecheck.render.json import coverage_to_dict

        typer.echo(json.dumps([coverage_to_dict(item) for item in items], indent=2, ensure_ascii=False))
    else:
        for item in items:
            figure = item.figure
            typer.echo(f"{figure.line}:{figure.column}\t{figure.text}\t{item.covered_by or 'NOT COVERED'}")
        uncovered = sum(1 for item in items if item.covered_by is None)
        typer.echo(f"{len(items)} figures, {uncovered} not covered", err=True)


@app.command()
def draft(
    context: typer.Context,
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="The article's text file.")],
    output_file: Annotated[str | None, typer.Option(
        "--output-file", "-o", metavar="FILE",
        help="The claim file to write; its name is the article id.  [default: the article file's name, "
             "in the claims folder]", show_default=False)] = None,
    into: Annotated[str | None, typer.Option(
        metavar="FILE", help="Add claims for the uncovered figures to the article's existing claim file.")] = None,
    claims: ClaimsFolderOption = None,
) -> None:
    """Write a claim file for an article: one claim per figure, topics left TODO with suggestions."""
    from pathlib import Path

    from reecheck.model import display_path

    if into is not None and output_file is not None:
        raise typer.BadParameter("adds to an existing claim file; --output-file writes a new one", param_hint="--into")
    done = drafted(context, Path(article), given_path(output_file), given_path(into), claims, write=True)
    finish(context, done)
    count = len(done.result.drafted)
    if not context.obj["quiet"]:
        typer.echo(f"{display_path(done.result.path)}: {count} claim{'' if count == 1 else 's'} drafted", err=True)


def drafted(context: typer.Context, article: "Path", target: "Path | None", into: "Path | None",
            claims: str | None, write: bool) -> "Run[DraftResult]":
    """The draft of an article's claim file, written or not; bad input exits 2 with nothing written."""
    from reecheck.app import DraftRequest, InputProblems, run_draft

    request = DraftRequest(article, read_text(article), target, into, given_path(claims))
    try:
        return run_draft(request, settings(context), write)
    except InputProblems as refused:
        exit_with_problems(refused.problems, "nothing written")


def read_text(path: "Path | None") -> str:
    """An article's text, or standard input's; one that cannot be read exits 2."""
    from reecheck.claimfile import describe_os_error
    from reecheck.limits import ARTICLE_TEXT, TooLarge, read_bounded, text_of
    from reecheck.model import display_path

    try:
        return text_of(read_standard_input() if path is None else read_bounded(path, ARTICLE_TEXT))
    except (OSError, UnicodeDecodeError, TooLarge) as error:
        reason = describe_os_error(error)
        typer.echo(f"{display_path(path) if path else '-'}: error: cannot read file: {reason}", err=True)
        raise typer.Exit(ExitCode.INPUT_ERROR) from None


def read_standard_input() -> bytes:
    from reecheck.limits import ARTICLE_TEXT, read_stream_bounded

    if sys.stdin is None:  # started with standard input closed
        raise OSError(errno.EBADF, "standard input is closed")
    return read_stream_bounded(sys.stdin.buffer, ARTICLE_TEXT)


@app.command()
def find(
    context: typer.Context,
    figure: Annotated[str | None, typer.Argument(
        metavar="FIGURE", help='A figure in any unit and spelling, e.g. "3.8 Mt".', show_default=False)] = None,
    near: Annotated[str | None, typer.Option(
        metavar="FRACTION", help="Also numbers this far from the figure's: 10% or 0.1.")] = None,
    topic: TopicOption = None,
    source: Annotated[str | None, typer.Option(
        metavar="TEXT", help="Only claims whose source contains TEXT (case ignored).")] = None,
    article: Annotated[str | None, typer.Option(metavar="ID", help="Only the claims of this article.")] = None,
    output: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.TEXT,
    claims: Annotated[str | None, typer.Option(
        metavar="PATH", help="Claim files or folders of them.  [default: the claims folder, searched upward]",
        show_default=False)] = None,
) -> None:
    """List the claims whose value is FIGURE in any unit and spelling, one per line as grep does; exit 1
    when there are none."""
    from decimal import Decimal

    from reecheck.app import InputProblems, run_find
    from reecheck.find import FindOptions, figure_as_date
    from reecheck.render import find_renderer

    options = FindOptions(figure_option(figure), Decimal(0) if near is None else fraction_option(near),
                          topic, source, article, None if figure is None else figure_as_date(figure))
    try:
        done = run_find(claim_paths(None if claims is None else [claims]), options, settings(context))
    except InputProblems as unloaded:
        exit_with_problems(unloaded.problems, "nothing searched")
    finish(context, done)
    emit(context, find_renderer(output)(done.result), None)
    raise typer.Exit(ExitCode.OK if done.result else ExitCode.FINDINGS)


def figure_option(text: str | None) -> "Value | None":
    """find's FIGURE, read by the value grammar, else as in an article's text (with a note); one neither
    reads is a usage error."""
    from reecheck.find import read_figure
    from reecheck.grammar import GrammarError

    if text is None:
        return None
    try:
        value, loose = read_figure(text)
    except GrammarError as error:
        raise typer.BadParameter(f'cannot read "{text}": {error}', param_hint="FIGURE") from None
    if loose:
        typer.echo(f'reecheck: note: read "{text}" as the scanner reads an article\'s text ("tons" and "MT" as '
                   f'metric tonnes, "35m" as 35 million); a claim file must write it out: {loose}', err=True)
    return value


@cache_app.command("info")
def cache_info() -> None:
    """Show where the cache folder is and what it holds."""
    from reecheck.cache import cache_info as describe
    from reecheck.cache import default_folder

    info = describe(default_folder())
    typer.echo(f"folder: {info.folder}")
    typer.echo(f"packs:  {len(info.files)} ({megabytes(info.size)})")
    for file in info.files:
        typer.echo(f"  {file.path.relative_to(info.folder)}  {megabytes(file.size)}")


@cache_app.command("clean")
def cache_clean() -> None:
    """Remove everything reecheck keeps in the cache folder."""
    from reecheck.cache import clean, default_folder

    removed = clean(default_folder())
    typer.echo(f"removed {len(removed.files)} pack{'' if len(removed.files) == 1 else 's'} "
               f"({megabytes(removed.size)}) from {removed.folder}")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
