"""`reecheck report`: the comparison as one self-contained HTML page.

A summary, then per topic a picture of its figures (svg.py), the reasons and its claims with their
quotes and articles, then a record per article and per source. Styles and the filters' script are
inlined from report.css and report.js beside this module: the page loads nothing. Every text from a
claim file goes through `html_text`, every link through `web_address` or is a relative path.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from reecheck.app import ReportInput
from reecheck.compare import PlacedClaim, Report, TopicComparison
from reecheck.comparison import KINDS
from reecheck.format import format_number, format_stated
from reecheck.model import Article, Qualifier, Verdict, display_path
from reecheck.records import Gap, Record, Records, Standing, records, topic_standings, widest_gap
from reecheck.render.safe import html_text as text
from reecheck.render.safe import web_address
from reecheck.render.summary import gap_label
from reecheck.render.svg import has_periods, interval_picture, time_picture

MOST_LISTED = 8


@dataclass(frozen=True)
class HtmlOptions:
    made: datetime
    links_from: Path
    """The folder the page is written to: links to article texts are relative to it."""


@dataclass(frozen=True)
class Page:
    """What every part of the page may look up."""

    given: ReportInput
    options: HtmlOptions

    @cached_property
    def drawn(self) -> tuple[TopicComparison, ...]:
        """The topics drawn: those that disagree, and the consistent ones when the report holds them (--all)."""
        return self.given.report.topics

    @cached_property
    def articles(self) -> dict[str, Article]:
        return {article.id: article for article in self.given.articles}

    @cached_property
    def anchors(self) -> dict[int, str]:
        """Each drawn claim's anchor, by the identity of its placed claim."""
        placed = (item for topic in self.drawn for item in topic.claims)
        return {id(item): f"claim-{number}" for number, item in enumerate(placed, 1)}

    @cached_property
    def records(self) -> Records:
        return records(self.given.report, self.given.hidden)

    def is_reference(self, article_id: str) -> bool:
        article = self.articles.get(article_id)
        return article is not None and article.is_reference

    def anchor(self, item: PlacedClaim) -> str:
        return self.anchors[id(item)]

    @cached_property
    def article_links(self) -> dict[str, str]:
        """Where each article can be read: its url when known, else its text (reference data: its claim file)."""
        return {article.id: web_address(article.url or "")
                or relative_link(article.text_path or article.location.path, self.options.links_from)
                for article in self.given.articles}


def relative_link(path: Path, links_from: Path) -> str:
    try:
        relative = os.path.relpath(path, links_from)
    except ValueError:  # another drive
        return path.resolve().as_uri()
    return quote(Path(relative).as_posix())


def render_html(given: ReportInput, options: HtmlOptions) -> str:
    page = Page(given, options)
    body = [part(page) for part in PAGE_PARTS]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>reecheck report: {summary_phrase(given)}</title><style>{asset("report.css")}</style></head>'
            f'<body>{"".join(body)}<script>{asset("report.js")}</script></body></html>\n')


def asset(name: str) -> str:
    return files("reecheck.render").joinpath(name).read_text(encoding="utf-8")


def summary_phrase(given: ReportInput) -> str:
    report = given.report
    gross, conflict = report.count(Verdict.GROSS), report.count(Verdict.CONFLICT)
    return f"{plural(gross + conflict, 'topic')} disagree{'s' if gross + conflict == 1 else ''} " \
           f"({gross} gross, {conflict} conflict)"


def plural(count: int, noun: str) -> str:
    return f"{with_thousands(count)} {noun}{'' if count == 1 else 's'}"


def with_thousands(count: int) -> str:
    return f"{count:,}"


def header(page: Page) -> str:
    report, given = page.given.report, page.given
    # Counted from the records, which already tally every claim by article.
    articles = page.records.articles
    references = sum(1 for record in articles if page.is_reference(record.name))
    claims = sum(record.claims for record in articles)
    consistent = report.count(Verdict.CONSISTENT) + report.hidden_consistent
    inputs = ", ".join(text(display_path(path)) for path in given.paths)
    files_read = plural(len(given.articles), "claim file")
    return (
        f'<header><h1>reecheck report</h1><p class="lede">{summary_phrase(given)}; '
        f'{plural(consistent, "topic")} consistent.</p><dl class="summary">'
        f'{term("Topics", verdict_counts(report.count(Verdict.GROSS), report.count(Verdict.CONFLICT), consistent))}'
        f'{term("Disagreements by kind", kind_counts(report), "kinds")}'
        f'{term("Articles", with_thousands(len(articles) - references) + reference_note(references))}'
        f'{term("Sources", with_thousands(len(page.records.sources)))}'
        f'{term("Claims", with_thousands(claims))}'
        f'{term("Made", made_at(page.options.made))}'
        f'{term("From", f"{inputs} ({files_read})")}'
        '</dl></header>')


def made_at(made: datetime) -> str:
    return f'<time datetime="{made.isoformat(timespec="seconds")}">{made.strftime("%Y-%m-%d %H:%M %Z")}</time>'


def term(name: str, value: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<div{attribute}><dt>{name}</dt><dd>{value}</dd></div>"


def verdict_counts(gross: int, conflict: int, consistent: int) -> str:
    return (f'<span class="verdict gross">{gross} gross</span> <span class="verdict conflict">{conflict} conflict'
            f'</span> <span class="verdict consistent">{consistent} consistent</span>')


def kind_counts(report: Report) -> str:
    """How many topics hold each kind of disagreement; a topic may hold several, so they need not add up."""
    counted = [f"{report.count_kind(kind)} {kind}" for kind in KINDS if report.count_kind(kind)]
    return ", ".join(counted) or "none"


def reference_note(count: int) -> str:
    return f" and {plural(count, 'reference')}" if count else ""


def filters(page: Page) -> str:
    """Filters by verdict, kind and topic name; hidden until the script shows them, since only it can apply them."""
    verdicts = dict.fromkeys(topic.verdict for topic in page.drawn)
    boxes = "".join(f'<label><input type="checkbox" name="verdict" value="{verdict.value}" checked> '
                    f'{verdict.value}</label>' for verdict in verdicts)
    report = page.given.report
    kinds = "".join(f'<option value="{kind}">{kind} ({report.count_kind(kind)})</option>' for kind in KINDS
                    if report.count_kind(kind))
    return (f'<form id="filters" class="filters" hidden><fieldset><legend>Show</legend>{boxes}</fieldset>'
            f'<label>Kind <select name="kind"><option value="">any</option>{kinds}</select></label>'
            '<label>Topic <input type="search" name="topic" placeholder="name or words"></label>'
            '<output id="shown" for="filters"></output></form>')


def overview(page: Page) -> str:
    rows = "".join(
        f'<tr {filtered_by(topic)}><td>{verdict_badge(topic)}</td>'
        f'<td class="number">{text(gap_label(topic))}</td><td><a href="#topic-{number}">{text(topic.topic.name)}</a>'
        f'</td><td>{text(topic.topic.description)}</td><td>{text(", ".join(topic.kinds))}</td>'
        f'<td class="number">{len(topic.claims)}</td></tr>'
        for number, topic in enumerate(page.drawn, 1))
    if not rows:
        return '<section id="topics"><h2>Topics</h2><p>No topic to show.</p></section>'
    return (f'<section id="topics"><h2>Topics</h2><div class="wide"><table class="overview"><thead><tr><th>Verdict</th>'
            f'<th>Gap</th><th>Topic</th><th>What it measures</th><th>Kinds</th><th>Claims</th></tr></thead>'
            f'<tbody>{rows}</tbody>'
            f'</table></div>{LEGEND}</section>')


LEGEND = ('<p class="legend">How to read the pictures:<span class="key point"></span> a figure '
          '<span class="key range"></span> a range <span class="key bound"></span> a bound (the figure goes on) '
          '<span class="key approximate"></span> approximate, within tolerance <span class="key rounding"></span> '
          'read as rounded <span class="key reference"></span> reference data <span class="key computed"></span> '
          'what a derived claim computes <span class="key gap"></span> the widest gap</p>')


def verdict_badge(topic: TopicComparison) -> str:
    return f'<span class="verdict {topic.verdict.value}">{topic.verdict.value}</span>'


def filtered_by(topic: TopicComparison) -> str:
    """What report.js filters a topic's section and overview row by."""
    search = text(f"{topic.topic.name} {topic.topic.description}".casefold())
    return f'data-verdict="{topic.verdict.value}" data-kinds="{text(" ".join(topic.kinds))}" data-search="{search}"'


@dataclass(frozen=True)
class TopicView:
    """One topic's section, as its parts see it."""

    page: Page
    comparison: TopicComparison
    number: int
    gap: Gap | None
    standings: Sequence[Standing]


def topics(page: Page) -> str:
    return "".join(topic_section(page, comparison, number) for number, comparison in enumerate(page.drawn, 1))


def topic_section(page: Page, comparison: TopicComparison, number: int) -> str:
    view = TopicView(page, comparison, number, widest_gap(comparison), list(topic_standings(comparison)))
    return (f'<section class="topic" id="topic-{number}" {filtered_by(comparison)}>'
            f'{"".join(part(view) for part in TOPIC_PARTS)}</section>')


def topic_heading(view: TopicView) -> str:
    topic, gap = view.comparison.topic, gap_label(view.comparison)
    unit = f", in {text(topic.unit)}" if topic.unit and not topic.granularity else ""
    size = f'<span class="gap">{text(gap)}</span> ' if gap else ""
    return (f'<h3>{verdict_badge(view.comparison)} {size}'
            f'<code>{text(topic.name)}</code></h3><p class="description">{text(topic.description)}{unit}.</p>')


def topic_picture(view: TopicView) -> str:
    return (f'<figure>{interval_picture(view.comparison, view.number, view.page.anchor, view.gap)}'
            '<figcaption>Each row is a claim; click one for its quote.</figcaption></figure>')


def topic_timeline(view: TopicView) -> str:
    if not has_periods(view.comparison):
        return ""
    return (f'<figure>{time_picture(view.comparison, view.number, view.page.anchor, view.gap)}'
            '<figcaption>The same figures by the period they describe (<code>as_of</code>).</figcaption></figure>')


def topic_reasons(view: TopicView) -> str:
    if not view.comparison.reasons:
        return ""
    items = "".join(f'<li><span class="kind">{text(reason.kind)}</span> {text(reason.text)}</li>'
                    for reason in view.comparison.reasons)
    return f'<h4>Why they may differ</h4><ul class="reasons">{items}</ul>'


def topic_claims(view: TopicView) -> str:
    topic = view.comparison.topic
    rows = "".join(claim_row(view, standing) for standing in view.standings)
    return (f'<div class="wide"><table class="claims"><thead><tr><th>Article · claim</th><th>As written</th>'
            f'<th>In {text(topic.unit) if topic.unit and not topic.granularity else "days"}</th><th>Source</th>'
            f'<th>As of</th><th>Quote</th><th>Disagrees with</th></tr></thead><tbody>{rows}</tbody></table></div>')


def claim_row(view: TopicView, standing: Standing) -> str:
    placed, page = standing.placed, view.page
    claim, topic = placed.claim, view.comparison.topic
    shown = text(format_stated(placed.stated.low, placed.stated.high, claim.value.qualifier, topic.granularity))
    if placed.computed:
        computed = placed.computed.interval
        figure = format_stated(computed.low, computed.high, Qualifier.EXACT, topic.granularity)
        shown += f'<br><span class="computed">computed {text(figure)}</span>'
    source = text(claim.source) + (' <span class="badge">reference</span>' if claim.reference else "")
    return (f'<tr id="{page.anchor(placed)}"><td>{article_anchor(page, claim.article_id)} · {text(claim.id)}</td>'
            f'<td>{text(claim.value.text)}</td><td class="number">{shown}</td><td>{source}</td>'
            f'<td>{text(claim.as_of or "")}</td><td><q>{text(claim.quote)}</q>{note(claim.note)}</td>'
            f'<td>{disagreement(standing)}</td></tr>')


def note(written: str | None) -> str:
    return f'<br><small>{text(written)}</small>' if written else ""


def article_anchor(page: Page, article_id: str) -> str:
    link = page.article_links.get(article_id)
    return f'<a href="{text(link)}">{text(article_id)}</a>' if link else text(article_id)


def disagreement(standing: Standing) -> str:
    whom = [name for name, flag in (("others", standing.with_others), ("the reference", standing.with_reference),
                                    ("its computation", standing.with_computed)) if flag]
    return ", ".join(whom)


TOPIC_PARTS: tuple[Callable[[TopicView], str], ...] = (
    topic_heading, topic_picture, topic_timeline, topic_reasons, topic_claims)


def article_records(page: Page) -> str:
    rows = "".join(record_row(page, record, article_cell(page, record.name)) for record in page.records.articles)
    return records_table("articles", "Articles", "Article", rows)


def article_cell(page: Page, article_id: str) -> str:
    article = page.articles.get(article_id)
    title = f'<br><small>{text(article.title)}</small>' if article else ""
    reference = ' <span class="badge">reference</span>' if page.is_reference(article_id) else ""
    return f"{article_anchor(page, article_id)}{reference}{title}"


def source_records(page: Page) -> str:
    rows = "".join(record_row(page, record, text(record.name)) for record in page.records.sources)
    return records_table("sources", "Sources", "Source", rows)


def records_table(section: str, heading: str, first: str, rows: str) -> str:
    return (f'<section id="{section}"><h2>{heading}</h2><div class="wide"><table class="records"><thead><tr>'
            f'<th>{first}</th><th>Claims</th><th>Differ from others</th><th>From the reference</th>'
            f'<th>From their computation</th><th>Claims that differ</th></tr></thead><tbody>{rows}</tbody></table>'
            '</div></section>')


def record_row(page: Page, record: Record, first: str) -> str:
    return (f'<tr><td>{first}</td><td class="number">{record.claims:,}</td><td class="number">{record.with_others:,}'
            f'</td><td class="number">{record.with_reference:,}</td><td class="number">{record.with_computed:,}</td>'
            f'<td>{differing_claims(page, record.disagreeing)}</td></tr>')


def differing_claims(page: Page, disagreeing: Sequence[Standing]) -> str:
    links = [claim_link(page, standing.placed) for standing in disagreeing[:MOST_LISTED]]
    more = f" and {len(disagreeing) - MOST_LISTED:,} more" if len(disagreeing) > MOST_LISTED else ""
    return ", ".join(links) + more


def claim_link(page: Page, placed: PlacedClaim) -> str:
    claim = placed.claim
    label = text(f"{claim.article_id} · {claim.id}")
    anchor = page.anchors.get(id(placed))
    return f'<a href="#{anchor}">{label}</a>' if anchor else label


def footer(page: Page) -> str:
    options = page.given.report.options
    narrowed = [f"{name} {text(pattern)}" for name, pattern in (
        ("topics", options.topic_pattern), ("articles", options.article_pattern),
        ("sources", options.source_pattern)) if pattern]
    return (f'<footer><p>Approximate figures reach {format_number(options.tolerance * 100)}% either side; a gap of '
            f'{format_number(options.gross_ratio)}× or more (for dates, {options.gross_days:,} days) is gross.'
            f'{" Only " + "; ".join(narrowed) + "." if narrowed else ""}</p></footer>')


PAGE_PARTS: tuple[Callable[[Page], str], ...] = (
    header, filters, overview, lambda page: f"<main>{topics(page)}</main>", article_records, source_records, footer)
