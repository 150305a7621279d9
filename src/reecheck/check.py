"""The CI gate: rules over a corpus -> findings, split into new and known by the baseline."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from reecheck.choices import Severity
from reecheck.grammar import FRACTION_DENOMINATORS, MULTIPLE_WORDS, ORDINALS, UNITS_WORDS, tokenize
from reecheck.model import UNATTRIBUTED, Article, Claim, Corpus, Location, Problem
from reecheck.parallel import forked_map
from reecheck.scan import coverage, normal_text, scan


class Rule(StrEnum):
    UNSOURCED = "unsourced"
    QUOTE_NOT_FOUND = "quote-not-found"
    FIGURE_NOT_IN_QUOTE = "figure-not-in-quote"
    UNCURATED_FIGURE = "uncurated-figure"


RULE_DESCRIPTIONS = {
    Rule.UNSOURCED: "A claim names nobody as the source of its figure.",
    Rule.QUOTE_NOT_FOUND: "A claim's quote does not occur in its article's text.",
    Rule.FIGURE_NOT_IN_QUOTE: "A claim's number does not appear in its own quote.",
    Rule.UNCURATED_FIGURE: "A figure in an article's text that no claim covers and no ignore entry lists.",
}
DEFAULT_SEVERITIES = {
    Rule.UNSOURCED: Severity.ERROR,
    Rule.QUOTE_NOT_FOUND: Severity.ERROR,
    Rule.FIGURE_NOT_IN_QUOTE: Severity.ERROR,
    Rule.UNCURATED_FIGURE: Severity.WARNING,
}
TODO_REASON = "TODO"


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: Severity
    location: Location
    message: str
    article: str
    subject: str
    """The claim id, or for an uncurated figure its text and occurrence ("30-day#1")."""
    content: str
    """What the finding is about; editing it makes the finding new."""

    @property
    def fingerprint(self) -> str:
        identity = "\x1f".join((self.rule, self.article, self.subject, self.content))
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.article, self.rule, self.subject, self.fingerprint)


@dataclass(frozen=True)
class BaselineEntry:
    rule: str
    article: str
    subject: str
    fingerprint: str
    reason: str
    location: Location

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.article, self.rule, self.subject, self.fingerprint)


@dataclass(frozen=True)
class CheckOptions:
    severities: Mapping[Rule, Severity] = field(default_factory=lambda: dict(DEFAULT_SEVERITIES))
    strict: bool = False
    fail_on: Severity = Severity.ERROR


@dataclass(frozen=True)
class CheckResult:
    new: tuple[Finding, ...]
    known: tuple[tuple[Finding, str], ...]
    stale: tuple[BaselineEntry, ...]
    unreviewed: tuple[BaselineEntry, ...]
    """Baseline entries whose reason is still TODO."""
    options: CheckOptions

    def failing(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.new if finding.severity.rank >= self.options.fail_on.rank)

    @property
    def failed(self) -> bool:
        return bool(self.failing()) or (self.options.strict and bool(self.stale or self.unreviewed))


def read_texts(corpus: Corpus) -> tuple[dict[str, str], list[Problem]]:
    """Each article's text; one that cannot be read is a problem, like a malformed claim file.

    Reference data cites a table, not a text to quote from, and has none."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for article in corpus.articles:
        if article.text_path is None:
            continue
        try:
            texts[article.id] = article.text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror or str(error)
            problems.append(Problem(article.location, f"article '{article.id}': cannot read its text: {reason}"))
    return texts, problems


def findings(corpus: Corpus, options: CheckOptions, texts: Mapping[str, str]) -> list[Finding]:
    """Every finding of every rule, sorted by file and place; articles are checked on every core when many."""
    by_article: dict[str, list[Claim]] = {}
    for claim in corpus.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    work = [(article, by_article.get(article.id, []), texts[article.id])
            for article in corpus.articles if article.id in texts]
    found = [finding for per_article in each_article(work) for finding in per_article]
    severities = {**DEFAULT_SEVERITIES, **options.severities}
    if options.strict:
        severities[Rule.UNCURATED_FIGURE] = Severity.ERROR
    found = [with_severity(finding, severities[finding.rule]) for finding in found]
    return sorted(found, key=lambda f: (str(f.location.path), f.location.line, f.location.column, f.rule))


ArticleWork = tuple[Article, list[Claim], str]
# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def each_article(work: list[ArticleWork]) -> Iterator[list[Finding]]:
    return forked_map(article_findings, work, PARALLEL_FROM, chunk=16)


def article_findings(work: ArticleWork) -> list[Finding]:
    article, claims, text = work
    assert article.text_path is not None
    return [*claim_findings(claims, text), *uncurated_figures(article, article.text_path, claims, text)]


def with_severity(finding: Finding, severity: Severity) -> Finding:
    return Finding(finding.rule, severity, finding.location, finding.message, finding.article,
                   finding.subject, finding.content)


def claim_findings(claims: Sequence[Claim], text: str) -> Iterator[Finding]:
    article_text = normal_text(text)
    for claim in claims:
        quote = normal_text(claim.quote)
        def finding(rule: Rule, message: str, content: str, claim: Claim = claim) -> Finding:
            return Finding(rule, DEFAULT_SEVERITIES[rule], claim.location, f"claim '{claim.id}': {message}",
                           claim.article_id, claim.id, content)

        if normal_text(claim.source) == UNATTRIBUTED:
            said = f"source: {claim.source}" if claim.source_given else "no source field"
            yield finding(Rule.UNSOURCED, f'"{claim.value.text}" has no source ({said})',
                          f"{claim.value.text}\x1f{claim.quote}")
        if quote not in article_text:
            yield finding(Rule.QUOTE_NOT_FOUND, f'the quote is not in the article: "{claim.quote}"', claim.quote)
        missing = [number for number in figure_words(claim.value.text) if not word_pattern(number).search(quote)]
        if missing:
            yield finding(Rule.FIGURE_NOT_IN_QUOTE,
                          f'"{", ".join(missing)}" of "{claim.value.text}" is not in the quote',
                          f"{claim.value.text}\x1f{claim.quote}")


@lru_cache(maxsize=1 << 16)
def figure_words(value_text: str) -> tuple[str, ...]:
    """The numbers of a value as written: digits and number words, not qualifiers or units."""
    from reecheck.grammar import GrammarError

    number_words = {*UNITS_WORDS, *ORDINALS, *FRACTION_DENOMINATORS, *MULTIPLE_WORDS}
    try:
        tokens = tokenize(value_text)
    except GrammarError:
        return ()
    return tuple(token.text for token in tokens
                 if token.kind == "number" or token.key in number_words or token.key.endswith("fold"))


@lru_cache(maxsize=4096)
def word_pattern(word: str) -> re.Pattern[str]:
    """A number or number word standing alone in normalised text: "28.5" is not in "128.5" or "28.55"."""
    return re.compile(rf"(?<![\w.,]){re.escape(normal_text(word))}(?![\w]|[.,]\d)")


def uncurated_figures(article: Article, text_path: Path, claims: Sequence[Claim], text: str) -> Iterator[Finding]:
    occurrences: Counter[str] = Counter()
    for item in coverage(scan(text), claims, [ignored.figure for ignored in article.ignored]):
        figure = item.figure
        normal = normal_text(figure.text)
        occurrences[normal] += 1
        if item.covered_by is not None:
            continue
        yield Finding(
            Rule.UNCURATED_FIGURE, DEFAULT_SEVERITIES[Rule.UNCURATED_FIGURE],
            Location(text_path, figure.line, figure.column),
            f'"{figure.text}" is stated in the article but no claim of {article.id} covers it',
            article.id, f"{figure.text}#{occurrences[normal]}", normal,
        )


def split_by_baseline(found: Sequence[Finding], baseline: Sequence[BaselineEntry],
                      options: CheckOptions) -> CheckResult:
    accepted = {entry.key: entry for entry in baseline}
    new = tuple(finding for finding in found if finding.key not in accepted)
    known = tuple((finding, accepted[finding.key].reason) for finding in found if finding.key in accepted)
    current = {finding.key for finding in found}
    stale = tuple(entry for entry in baseline if entry.key not in current)
    unreviewed = tuple(entry for entry in baseline if entry.key in current and entry.reason == TODO_REASON)
    return CheckResult(new, known, stale, unreviewed, options)
