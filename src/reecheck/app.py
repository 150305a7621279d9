"""What each command does, between the command line and the core: paths and options in, result
objects out, input problems raised as one exception carrying all of them. Nothing here prints; the
command line renders what these return (and a test holds `--format json` equal to it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from reecheck.baseline import (
    BASELINE_FILE,
    TODO_REASON,
    BaselineEntry,
    BaselineUpdate,
    CheckResult,
    Key,
    NotWritten,
    Reviewer,
    accepted_reason,
    link_target,
    read_baseline,
    read_written,
    replace_atomically,
    review,
    split_by_baseline,
    todo_reasons,
    update_baseline,
    with_reasons,
    write_baseline,
)
from reecheck.check import (
    CheckOptions,
    Finding,
    article_results,
    article_work,
    disagreement_findings,
    ranked,
    read_texts,
)
from reecheck.checkcache import ArticleCache, kept_check
from reecheck.choices import Severity
from reecheck.claimfile import TOPICS_FILE
from reecheck.compare import CompareOptions, Report, compare
from reecheck.config import read_severities
from reecheck.discovery import is_claim_file_name
from reecheck.draft import (
    DraftClaim,
    DraftError,
    appended,
    claim_file_text,
    draft_article,
    draft_claims,
    slug,
)
from reecheck.find import FindOptions, find
from reecheck.loader import Progress, load
from reecheck.model import Article, Claim, Corpus, Location, Problem, display_path
from reecheck.records import hidden_claims
from reecheck.scan import Coverage, coverage, scan

DEFAULT_CLAIMS = Path("claims")


class InputProblems(Exception):
    """The input could not be loaded: every problem found, in order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Settings:
    """What every command shares."""

    cache: Path | None = None
    """The cache folder; None neither reads nor writes one."""
    progress: Progress | None = None


T = TypeVar("T")


@dataclass(frozen=True)
class Run(Generic[T]):
    result: T
    notes: tuple[str, ...] = ()
    """Why claim files were read afresh rather than from the cache."""


def loaded(paths: Sequence[Path], settings: Settings) -> Corpus:
    corpus = load(paths, settings.cache, settings.progress)
    if corpus.problems:
        raise InputProblems(corpus.problems)
    return corpus


def run_compare(paths: Sequence[Path], options: CompareOptions, settings: Settings) -> Run[Report]:
    corpus = loaded(paths, settings)
    report = compare(corpus, options)
    if report.problems:
        raise InputProblems(report.problems)
    return Run(report, corpus.notes)


def run_find(paths: Sequence[Path], options: FindOptions, settings: Settings) -> Run[tuple[Claim, ...]]:
    corpus = loaded(paths, settings)
    return Run(find(corpus, options), corpus.notes)


@dataclass(frozen=True)
class ReportInput:
    """What `report` draws: every topic compared, and the articles and paths they came from."""

    report: Report
    articles: tuple[Article, ...]
    paths: tuple[Path, ...]
    hidden: tuple[Claim, ...] = ()
    """The claims of the consistent topics the report hides: counted, not drawn."""


def run_report(paths: Sequence[Path], options: CompareOptions, settings: Settings) -> Run[ReportInput]:
    corpus = loaded(paths, settings)
    report = compare(corpus, options)
    if report.problems:
        raise InputProblems(report.problems)
    return Run(ReportInput(report, corpus.articles, tuple(paths), hidden_claims(corpus, report)), corpus.notes)


@dataclass(frozen=True)
class CheckInput:
    """What `check` and `baseline` work from."""

    folders: tuple[Path, ...]
    articles: tuple[Article, ...]
    baseline: Path
    entries: list[BaselineEntry]
    options: CheckOptions
    found: tuple[Finding, ...]
    """Every rule's findings before the settings change their severity: each article's, and compare's
    disagreements (with its default options) when a whole claims folder was given; not when only some
    claim files were, since a topic's claims, and what a derive refers to, may lie in others."""
    notes: tuple[str, ...] = ()
    """Why claim files were read, and articles checked, afresh rather than taken from the cache."""

    def findings(self) -> list[Finding]:
        return ranked(self.found, self.options)


def check_input(paths: Sequence[Path], baseline: Path | None, strict: bool, fail_on: Severity,
                settings: Settings) -> CheckInput:
    """What a check finds: taken whole from the cache when not one input changed since the last run over
    the same claims folder, else worked out with each unchanged article's findings taken from it."""
    problems: list[Problem] = []
    kept = kept_check(paths, settings.cache) if settings.cache is not None else None
    if kept is not None:
        target, entries, options = check_settings(kept.folders[0], baseline, strict, fail_on, problems)
        if problems:
            raise InputProblems(problems)
        return CheckInput(kept.folders, kept.articles, target, entries, options, kept.found)
    corpus = load(paths, settings.cache, settings.progress)
    texts, problems = read_texts(corpus.articles)
    problems = [*corpus.problems, *problems]
    if not corpus.folders:
        raise InputProblems(problems)
    target, entries, options = check_settings(corpus.folders[0], baseline, strict, fail_on, problems)
    # Compared only when all loaded: a derive refers to claims that a broken file would have held.
    whole = not problems and checked_articles(paths, corpus.folders, corpus.articles) is None
    report = compare(corpus, CompareOptions()) if whole else None
    problems += list(report.problems) if report else []
    if problems:
        raise InputProblems(problems)
    disagreements = disagreement_findings(report) if report else None
    notes = corpus.notes
    if settings.cache is None:
        results = list(article_results(corpus, texts))
    else:
        cached = ArticleCache(settings.cache, corpus)
        results = cached(article_work(corpus, texts))
        cached.save(texts, disagreements)
        notes += tuple(cached.notes)
    found = (*(finding for per_article in results for finding in per_article), *(disagreements or ()))
    return CheckInput(corpus.folders, corpus.articles, target, entries, options, found, notes)


def check_settings(folder: Path, baseline: Path | None, strict: bool, fail_on: Severity, problems: list[Problem]
                   ) -> tuple[Path, list[BaselineEntry], CheckOptions]:
    """The baseline (`baseline`, else the claims folder's) and the settings beside the claims folder;
    what cannot be read goes to `problems`."""
    target = baseline if baseline is not None else folder / BASELINE_FILE
    entries, baseline_problems = read_baseline(target)
    severities, config_problems = read_severities(folder.parent)
    problems += baseline_problems + config_problems
    return target, entries, CheckOptions(severities, strict, fail_on)


def run_check(paths: Sequence[Path], baseline: Path | None, strict: bool, fail_on: Severity,
              settings: Settings) -> Run[CheckResult]:
    given = check_input(paths, baseline, strict, fail_on, settings)
    found = given.findings()
    checked = checked_articles(paths, given.folders, given.articles)
    result = split_by_baseline(found, given.entries, given.options, checked)
    return Run(replace(result, root=repository_root(given.folders[0].parent)), given.notes)


def repository_root(start: Path) -> Path:
    """The nearest folder from `start` upward that holds a .git, as git finds it; else `start` itself."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if (folder / ".git").exists()), start)


@dataclass(frozen=True)
class BaselineWrite:
    path: Path
    update: BaselineUpdate
    reviewed: dict[Key, str] = field(default_factory=dict)
    """The reasons given in review, by entry."""
    filled: dict[Key, str] = field(default_factory=dict)
    """The `--reason` given to entries an earlier run had left at TODO, by entry."""


def run_baseline(paths: Sequence[Path], baseline: Path | None, settings: Settings, reason: str | None = None,
                 reviewer: Reviewer | None = None) -> Run[BaselineWrite]:
    """Bring the baseline's entries of the articles read up to date, keeping every reason written and
    every other article's entries, new entries with `reason` (None: TODO) and, given one, the entries of
    the findings read still at TODO too; then, given a `reviewer`, ask it for the reason of each entry
    still at TODO. Written once, at the end; a file with nothing to change is not touched. A refused
    reason, given or answered, raises ReasonRefused and writes nothing."""
    if reason is not None:
        accepted_reason(reason)
    given = check_input(paths, baseline, False, Severity.ERROR, settings)
    written = read_written(given.baseline)
    found = given.findings()
    update = update_baseline(found, given.entries, checked_articles(paths, given.folders, given.articles), written,
                             TODO_REASON if reason is None else reason)
    filled = todo_reasons(update.text, found, reason) if reason is not None else {}
    text = with_reasons(update.text, filled) if filled else update.text
    reviewed = review(text, found, reviewer) if reviewer else {}
    if update.changed or filled or reviewed or written is None:
        try:
            write_baseline(given.baseline, with_reasons(text, reviewed) if reviewed else text,
                           project=given.folders[0].parent)
        except NotWritten as refused:
            raise InputProblems([refused.problem]) from None
    return Run(BaselineWrite(given.baseline, update, reviewed, filled), given.notes)


def checked_articles(paths: Sequence[Path], folders: Sequence[Path], articles: Sequence[Article]
                     ) -> frozenset[str] | None:
    """The articles whose baseline entries a run may change: all (None) when a whole claims folder was
    given, since an article missing from it is gone; else only those read."""
    if any(path.resolve() in folders for path in paths):
        return None
    return frozenset(article.id for article in articles)


@dataclass(frozen=True)
class ScanInput:
    text: str
    article: Article | None
    """The article whose `text:` is the scanned file, when a claim file names it."""
    items: tuple[Coverage, ...]
    """Each figure of the text with what covers it, as check finds it."""


def find_claims_folder(start: Path) -> Path:
    """The claims folder for a run started in `start`: `start` itself when it holds topics.yaml, else
    the nearest claims/ holding one in `start` or a folder above it; claims/ when there is none."""
    for folder in (start, *start.parents):
        for candidate in (folder, folder / DEFAULT_CLAIMS):
            if (candidate / TOPICS_FILE).is_file():
                return candidate if candidate != start else Path(".")
    return DEFAULT_CLAIMS


def scan_input(text: str, text_path: Path | None, claims: Path | None, settings: Settings) -> ScanInput:
    """The text to scan, with the article and claims of the claim files in `claims` (default: claims/,
    when there is one) that name it."""
    if claims is None:
        found = find_claims_folder(Path.cwd())
        claims = found if found.is_dir() else None
    if text_path is None or claims is None:
        return ScanInput(text, None, tuple(coverage(scan(text), (), (), text)))
    corpus = loaded([claims], settings)
    article = next((a for a in corpus.articles if a.text_path == text_path.resolve()), None)
    if article is None:
        return ScanInput(text, None, tuple(coverage(scan(text), (), (), text)))
    return ScanInput(text, article, tuple(article_coverage(text, article, corpus)))


def article_coverage(text: str, article: Article, corpus: Corpus) -> list[Coverage]:
    """Each figure of an article's text with what covers it, as check finds it: a claim of the article
    (one still TODO too), an `ignore:` entry, or nothing."""
    own = [claim for claim in corpus.claims if claim.article_id == article.id]
    unfinished = [placeholder for placeholder in corpus.placeholders if placeholder.article_id == article.id]
    return coverage(scan(text), own, [item.figure for item in article.ignored], text, unfinished)


SCHEMA_NAMES = ("claims", "topics")


def schema_text(name: str) -> str:
    """The JSON Schema of claim files ("claims") or of topics.yaml ("topics"), as published."""
    from importlib.resources import files

    return files("reecheck").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")


def write_schemas(folder: Path) -> list[Path]:
    """Every schema into `folder` (made when missing), for a repository's own copy; a schema that
    cannot be written is an InputProblems."""
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in SCHEMA_NAMES:
            path = folder / f"{name}.schema.json"
            path.write_text(schema_text(name), encoding="utf-8")
            written.append(path)
    except OSError as error:
        where = Path(error.filename) if error.filename else folder
        raise InputProblems([Problem(Location(where), f"cannot write the schema: {error.strerror or error}")]) from None
    return written


@dataclass(frozen=True)
class DraftRequest:
    """What `draft` was asked: the article's text file, and where its claims go."""

    article: Path
    text: str
    target: Path | None = None
    """The claim file to write; None: `<claims folder>/<article file name>.yaml`."""
    into: Path | None = None
    """An existing claim file of the article, to add the claims of its uncovered figures to."""
    claims: Path | None = None


@dataclass(frozen=True)
class DraftResult:
    path: Path
    text: str
    """The whole claim file, as written or as it would be."""
    drafted: tuple[DraftClaim, ...]


def run_draft(request: DraftRequest, settings: Settings, write: bool = True) -> Run[DraftResult]:
    """A claim file for an article, one claim per figure no claim covers; never over an existing file.
    With `write` False, nothing is written (`scan --stub` prints it)."""
    folder = request.claims or find_claims_folder(Path.cwd())
    corpus = loaded([folder], settings)
    project = folder.resolve().parent
    where = Location(request.article)
    try:
        text_path = request.article.resolve().relative_to(project).as_posix()
    except ValueError:
        raise InputProblems([Problem(where, f"the article lies outside {project}, so no claim file "
                                            "there can name it")]) from None
    curated = next((a for a in corpus.articles if a.text_path == request.article.resolve()), None)
    if curated is not None and request.into is None and not write:
        request = replace(request, into=curated.location.path)  # shown as its claim file would become
    if request.into is None and curated is not None:
        into = display_path(curated.location.path)
        raise InputProblems([Problem(curated.location, f"article '{curated.id}' is already curated here; add "
                                                       f"its uncovered figures with --into {into}")])
    if request.into is not None:
        return Run(draft_into(request, request.into, corpus, curated, write, project), corpus.notes)
    target = request.target or folder / f"{slug(request.article.stem)}.yaml"
    if write:  # a draft only printed is no file, so no file it would be written over
        refuse_target(target, folder, corpus)
    drafted = draft_claims(request.text, scan(request.text), corpus.topics, [claim.source for claim in corpus.claims])
    content = claim_file_text(draft_article(request.text, target.stem, text_path), drafted)
    if write:
        written_new(target, content)
    return Run(DraftResult(target, content, drafted), corpus.notes)


def refuse_target(target: Path, folder: Path, corpus: Corpus) -> None:
    """A new claim file must be new, and one the claims folder is read with, of an article id nobody uses
    yet."""
    if not target.resolve().is_relative_to(folder.resolve()):
        raise InputProblems([Problem(Location(target), f"lies outside the claims folder {display_path(folder)}, "
                                                       "so it would not be read with it")])
    if target.exists():
        raise InputProblems([Problem(Location(target), "already exists, and a draft never overwrites a file; "
                                                       "add to it with --into")])
    inside = target.resolve().relative_to(folder.resolve()).parts
    if not is_claim_file_name(target.name) or any(part.startswith(".") for part in inside):
        raise InputProblems([Problem(Location(target), "would never be read as a claim file: its name must end in "
                                                       ".yaml or .yml, and neither it nor a folder it lies in may "
                                                       "start with '.'")])
    same = next((article for article in corpus.articles if article.id == target.stem), None)
    if same is not None:
        raise InputProblems([Problem(Location(target), f"article id '{same.id}' is already used in {same.location}; "
                                                       "a claim file's name is its article id")])


def draft_into(request: DraftRequest, into: Path, corpus: Corpus, curated: Article | None,
               write: bool, project: Path) -> DraftResult:
    """The claims of the article's uncovered figures, added to the end of its claim file's list; through
    a link only to a file inside `project`, as `baseline` writes."""
    if curated is None or curated.location.path.resolve() != into.resolve():
        raise InputProblems([Problem(Location(into), f"is not the claim file of {display_path(request.article)}")])
    items = article_coverage(request.text, curated, corpus)
    taken = {claim.id for claim in corpus.claims if claim.article_id == curated.id} | {
        placeholder.id for placeholder in corpus.placeholders if placeholder.article_id == curated.id}
    uncovered = [item.figure for item in items if item.covered_by is None]
    drafted = draft_claims(request.text, uncovered, corpus.topics, [claim.source for claim in corpus.claims], taken)
    written = into.read_bytes().decode("utf-8")
    try:
        content = appended(written, drafted) if drafted else written
    except DraftError as error:
        raise InputProblems([Problem(Location(into, error.line, error.column), str(error))]) from None
    if write and drafted:
        try:
            # Through a link to the file it names: the file is the claim file the corpus loaded.
            replace_atomically(link_target(into, project, "the claim file"), content.encode("utf-8"))
        except NotWritten as refused:
            raise InputProblems([refused.problem]) from None
        except OSError as error:
            raise InputProblems([Problem(Location(into), f"cannot write the claim file: {error.strerror or error}; "
                                                         "the file is as it was")]) from None
    return DraftResult(into, content, drafted)


def written_new(target: Path, content: str) -> None:
    """A new file, never one that appeared meanwhile; a file that cannot be written is an InputProblems."""
    try:
        with target.open("x", encoding="utf-8", newline="") as file:
            file.write(content)
    except OSError as error:
        raise InputProblems([Problem(Location(target), f"cannot write the claim file: "
                                                       f"{error.strerror or error}")]) from None
