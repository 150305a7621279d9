"""The CI gate: rules over a corpus and its article texts -> findings (the baseline splits them: baseline.py)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from reecheck.choices import Severity
from reecheck.claimfile import describe_os_error
from reecheck.compare import Report, TopicComparison
from reecheck.format import format_ratio
from reecheck.grammar import FRACTION_DENOMINATORS, MULTIPLE_WORDS, ORDINALS, UNITS_WORDS, tokenize
from reecheck.limits import ARTICLE_TEXT, TooLarge, read_bounded, text_of
from reecheck.model import UNATTRIBUTED, Article, Claim, Corpus, Location, Placeholder, Problem, is_placeholder
from reecheck.parallel import forked_map
from reecheck.rules import FIGURE_NOT_IN_QUOTE, PLACEHOLDER, QUOTE_NOT_FOUND, RULES, UNCURATED_FIGURE, UNSOURCED, Rule
from reecheck.scan import coverage, normal_text, scan


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
    width: int = 1
    """How many characters of its line, from its column, the finding is about."""

    @property
    def fingerprint(self) -> str:
        return self.fingerprint_as(self.subject)

    def fingerprint_as(self, subject: str) -> str:
        """The fingerprint the same finding would have under another subject, such as a claim's old id."""
        identity = "\x1f".join((self.rule.id, self.article, subject, self.content))
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.article, self.rule.id, self.subject, self.fingerprint)


@dataclass(frozen=True)
class CheckOptions:
    severities: Mapping[str, Severity] = field(default_factory=dict)
    """Severities by rule id, where a project changes a rule's default."""
    strict: bool = False
    fail_on: Severity = Severity.ERROR


def read_texts(articles: Iterable[Article]) -> tuple[dict[str, str], list[Problem]]:
    """Each article's text; one that cannot be read is a problem, like a malformed claim file.

    Reference data cites a table, not a text to quote from, and has none."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for article in articles:
        if article.text_path is None:
            continue
        try:
            texts[article.id] = text_of(read_bounded(article.text_path, ARTICLE_TEXT))
        except (OSError, UnicodeDecodeError, TooLarge) as error:
            problems.append(Problem(article.location, f"article '{article.id}': cannot read its text: "
                                                      f"{describe_os_error(error)}"))
    return texts, problems


def findings(corpus: Corpus, options: CheckOptions, texts: Mapping[str, str], report: Report | None = None
             ) -> list[Finding]:
    """Every finding of every rule, sorted by file and place: each article's, checked on every core when
    many, and each disagreement of `report` (compare's verdicts on the same corpus)."""
    found = [finding for per_article in article_results(corpus, texts) for finding in per_article]
    return ranked([*found, *(disagreement_findings(report) if report is not None else [])], options)


def article_results(corpus: Corpus, texts: Mapping[str, str]) -> Iterator[list[Finding]]:
    """Each article's findings, in the corpus's order, before the settings change their severity."""
    return each_article(article_work(corpus, texts))


def article_work(corpus: Corpus, texts: Mapping[str, str]) -> list[ArticleWork]:
    """Each article that has a text, with its claims and its text."""
    by_article: dict[str, list[Claim]] = {}
    for claim in corpus.claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    unfinished: dict[str, list[Placeholder]] = {}
    for placeholder in corpus.placeholders:
        unfinished.setdefault(placeholder.article_id, []).append(placeholder)
    # Reference data has no text to scan, but a claim of it can still be unfinished.
    return [(article, by_article.get(article.id, []), texts.get(article.id), unfinished.get(article.id, []))
            for article in corpus.articles
            if article.id in texts or article.id in unfinished
            or any(is_placeholder(claim.source) for claim in by_article.get(article.id, []))]


def ranked(found: Iterable[Finding], options: CheckOptions) -> list[Finding]:
    """Findings with the severity the settings give their rule, sorted by file and place."""
    severities = {**{rule.id: rule.severity for rule in RULES.values()}, **options.severities}
    if options.strict:
        severities[UNCURATED_FIGURE.id] = Severity.ERROR
    found = [with_severity(finding, severities[finding.rule.id]) for finding in found]
    return sorted(found, key=lambda f: (str(f.location.path), f.location.line, f.location.column, f.rule.id))


ArticleWork = tuple[Article, list[Claim], str | None, list[Placeholder]]
# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def each_article(work: list[ArticleWork]) -> Iterator[list[Finding]]:
    return forked_map(article_findings, work, PARALLEL_FROM, chunk=16)


def article_findings(work: ArticleWork) -> list[Finding]:
    article, claims, text, unfinished = work
    placeholders = [placeholder_finding(placeholder) for placeholder in unfinished]
    if text is None:
        return [*(finding for claim in claims if is_placeholder(claim.source) for finding in unsourced(claim)),
                *placeholders]
    assert article.text_path is not None
    return [*claim_findings(claims, text), *uncurated_figures(article, article.text_path, claims, text, unfinished),
            *placeholders]


def with_severity(finding: Finding, severity: Severity) -> Finding:
    return replace(finding, severity=severity)


def claim_findings(claims: Sequence[Claim], text: str) -> Iterator[Finding]:
    article_text = normal_text(text)
    for claim in claims:
        yield from unsourced(claim)
        yield from quote_not_found(claim, article_text)
        yield from figure_not_in_quote(claim)


def claim_finding(rule: Rule, claim: Claim, message: str, content: str) -> Finding:
    return Finding(rule, rule.severity, claim.location, f"claim '{claim.id}': {message}", claim.article_id,
                   claim.id, content)


def unsourced(claim: Claim) -> Iterator[Finding]:
    if is_placeholder(claim.source):
        yield claim_finding(PLACEHOLDER, claim, "source still TODO", f"source\x1f{claim.quote}")
    elif normal_text(claim.source) == UNATTRIBUTED:
        said = f"source: {claim.source}" if claim.source_given else "no source field"
        yield claim_finding(UNSOURCED, claim, f'"{claim.value.text}" has no source ({said})',
                            f"{claim.value.text}\x1f{claim.quote}")


def placeholder_finding(placeholder: Placeholder) -> Finding:
    """A claim whose topic or value is still TODO, and so was never loaded as a claim."""
    fields = ", ".join(placeholder.fields)
    return Finding(PLACEHOLDER, PLACEHOLDER.severity, placeholder.location,
                   f"claim '{placeholder.id}': {fields} still TODO", placeholder.article_id,
                   placeholder.id, f"{fields}\x1f{placeholder.quote}")


def quote_not_found(claim: Claim, article_text: str) -> Iterator[Finding]:
    if normal_text(claim.quote) not in article_text:
        yield claim_finding(QUOTE_NOT_FOUND, claim, f'the quote is not in the article: "{claim.quote}"', claim.quote)


def figure_not_in_quote(claim: Claim) -> Iterator[Finding]:
    quote = normal_text(claim.quote)
    missing = [number for number in figure_words(claim.value.text) if not word_pattern(number).search(quote)]
    if missing:
        yield claim_finding(FIGURE_NOT_IN_QUOTE, claim, f'"{", ".join(missing)}" of "{claim.value.text}" is not in '
                                                        "the quote", f"{claim.value.text}\x1f{claim.quote}")


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
    """A number or number word standing alone in normalised text: "28.5" is not in "128.5" or "28.55",
    "five" not in "fivefold", "7" not in "g7" nor "5" in "5g"; but digits may have a scale or unit
    written against them, as news writes them ("14.1kt", "$1.5bn", "35m")."""
    if word[:1].isdigit():
        return re.compile(rf"(?<![\w.,]){re.escape(normal_text(word))}(?:{UNIT_AGAINST_DIGITS})?(?![\w]|[.,]\d)")
    return re.compile(rf"(?<![\w.,]){re.escape(normal_text(word))}(?![\w]|[.,]\d)")


# Scale words and units news writes against a number's digits, in normalised (lower-case) text.
UNIT_AGAINST_DIGITS = "bn|mn|tn|kt|mt|km|kg|k|m|b|t|%"


def uncurated_figures(article: Article, text_path: Path, claims: Sequence[Claim], text: str,
                      unfinished: Sequence[Placeholder] = ()) -> Iterator[Finding]:
    occurrences: Counter[str] = Counter()
    for item in coverage(scan(text), claims, [ignored.figure for ignored in article.ignored], text, unfinished):
        figure = item.figure
        normal = normal_text(figure.text)
        occurrences[normal] += 1
        if item.covered_by is not None:
            continue
        yield Finding(
            UNCURATED_FIGURE, UNCURATED_FIGURE.severity,
            Location(text_path, figure.line, figure.column),
            f'"{figure.text}" is stated in the article but no claim of {article.id} covers it',
            article.id, f"{figure.text}#{occurrences[normal]}", normal, figure_width(figure.text),
        )


def figure_width(text: str) -> int:
    """A figure's characters on its first line (a figure may run over a line break)."""
    return len(text.split("\n", 1)[0]) or 1


ARTICLES_SEPARATOR = " + "
"""Between the article ids of a disagreement's finding, whose baseline entry names every article involved."""


def disagreement_findings(report: Report) -> list[Finding]:
    """One finding per topic that `compare` finds in conflict or gross disagreement."""
    return [disagreement(comparison) for comparison in report.topics if comparison.verdict.value in RULES]


def disagreement(comparison: TopicComparison) -> Finding:
    """The topic's finding, identified by the topic and every claim in it as written: a figure changed,
    added or removed makes it new."""
    rule = RULES[comparison.verdict.value]
    claims = sorted((placed.claim for placed in comparison.claims), key=lambda claim: (claim.article_id, claim.id))
    content = "\x1e".join("\x1f".join((claim.article_id, claim.id, claim.value.text,
                                        claim.derive.text if claim.derive else "")) for claim in claims)
    articles = ARTICLES_SEPARATOR.join(sorted({claim.article_id for claim in claims}))
    first = min(claims, key=lambda claim: (str(claim.location.path), claim.location.line))
    message = f"topic '{comparison.topic.name}': {rule.id}{gap_text(comparison)}: {extremes(comparison)}"
    return Finding(rule, rule.severity, first.location, message, articles, comparison.topic.name, content)


def extremes(comparison: TopicComparison) -> str:
    """The lowest and the highest figure (compare lists a topic's claims in that order)."""
    low, high = (placed.claim for placed in (comparison.claims[0], comparison.claims[-1]))
    if low == high:
        return f'"{low.value.text}" ({low.article_id}) against what its derive computes'
    others = len(comparison.claims) - 2
    more = f", among {others + 2} claims" if others else ""
    return f'"{low.value.text}" ({low.article_id}) to "{high.value.text}" ({high.article_id}){more}'


def gap_text(comparison: TopicComparison) -> str:
    if comparison.max_gap_ratio is not None:
        return f" ({format_ratio(comparison.max_gap_ratio)})"
    days = comparison.max_gap_days
    return "" if days is None else f" ({days} day{'' if days == 1 else 's'})"

